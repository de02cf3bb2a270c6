#!/bin/sh
# zh_words.sh — the Chinese interface's last English values and ASCII
# punctuation: a comment's Markdown item (zone, parentheses, comma,
# colon), the reader's post type and provenance, a progress line's colons;
# the English interface says what it said.
. "${top_srcdir:-.}/tests/screen/lib.sh"
require_tmux
command -v sqlite3 >/dev/null || skip_all "sqlite3 is not installed"

# One imported video post with a comment.
DB="$WORK/zw.db"
cat >"$WORK/zw.jsonl" <<'JSONL'
{"id":"V1","platform":"xiaohongshu","author":"橘猫外交部","lang":"zh","time":"2025-04-20T10:00:00Z","type":"video","media":["https://example.invalid/v.mp4"],"text":"猫税视频"}
JSONL
REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$DB" import "$WORK/zw.jsonl" >/dev/null 2>&1 &&
    sqlite3 "$DB" "INSERT INTO comments(platform, ext_id, post_ext_id, parent_ext_id, author,
                   region, lang, ts_utc, text, translation, likes)
                   VALUES ('xiaohongshu', 'c1', 'V1', NULL, '小李', '广东', 'zh', 1745143300,
                           '第一条评论', NULL, 5);"
tap $? "a video post with a comment imports"

# A comment in Markdown: the zone named in Chinese, full-width punctuation.
md=$(LC_ALL=C.UTF-8 TZ=UTC REFUGE_NO_BUNDLE=1 "$REFUGE" --interface zh --db "$DB" comments --format md)
[ "$md" = "- **小李**（2025-04-20 10:01 本地，5 个赞）：第一条评论" ]
tap $? "comments --format md in Chinese: 本地, （，）： (got: $md)"
md=$(LC_ALL=C.UTF-8 TZ=UTC REFUGE_NO_BUNDLE=1 "$REFUGE" --interface en --db "$DB" comments --format md)
[ "$md" = "- **小李** (2025-04-20 10:01 local, 5 likes): 第一条评论" ]
tap $? "comments --format md in English is unchanged (got: $md)"

# A progress line where stderr is no terminal (an import from a pipe,
# whose size is unknown, shows one): full-width colons in Chinese, ASCII
# ones in English.
cat "$WORK/zw.jsonl" | LC_ALL=C.UTF-8 REFUGE_NO_BUNDLE=1 "$REFUGE" --interface zh \
    --db "$WORK/p-zh.db" import - >/dev/null 2>"$WORK/p-zh.err"
grep -qx "refuge：搜索索引：100%" "$WORK/p-zh.err"
tap $? "the Chinese progress line: refuge：搜索索引：100%"
! grep -q "[a-z]: " "$WORK/p-zh.err"
tap $? "and no ASCII colon after a name in it"
cat "$WORK/zw.jsonl" | LC_ALL=C.UTF-8 REFUGE_NO_BUNDLE=1 "$REFUGE" --interface en \
    --db "$WORK/p-en.db" import - >/dev/null 2>"$WORK/p-en.err"
grep -qx "refuge: search index: 100%" "$WORK/p-en.err"
tap $? "the English progress line is unchanged: refuge: search index: 100%"

# The reader: the post's type and provenance in Chinese.
start_refuge -x 100 -y 40 -e REFUGE_NO_BUNDLE=1 --interface zh --db "$DB"
wait_for "信息流"
send 2
send Enter
check "the reader names the post's type in Chinese" wait_for "视频 · 1 个媒体："
expect "来源类型：导入" "and its provenance"
expect_not "video" "no English type"
expect_not "imported" "no English provenance"
send q
end_session

start_refuge -x 100 -y 40 -e REFUGE_NO_BUNDLE=1 --interface en --db "$DB"
wait_for "Feed"
send 2
send Enter
check "the English reader's type is unchanged" wait_for "video · 1 media:"
expect "provenance: imported" "and its provenance"
send q
end_session

finish
