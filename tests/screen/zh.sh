#!/bin/sh
# zh.sh — the explorer's interface in Chinese. Under LANG=zh_CN.UTF-8, at
# 80x24 and 120x40: every pane (timeline, feed, reader, comment thread,
# authors, stats), the help overlay, a prompt, an error and the tour speak Chinese;
# the chrome (title row, status line, column heads, the help's texts) holds
# no English word but names a user types (keys, zones, refuge's commands);
# nothing is cut in the middle of a character and the pane separator stays
# in one column on every row, wide characters counted as two. Under LANG=C
# with [ui] interface = zh the interface falls back to clean English.
#
# The data is bilingual, so English words are looked for only where the
# program writes its own words: the title row, the status line, the
# reader's and the thread's labels, the authors' column heads, the help.
. "${top_srcdir:-.}/tests/screen/lib.sh"
require_tmux
command -v sqlite3 >/dev/null || skip_all "sqlite3 is not installed"
locale -a 2>/dev/null | grep -qix 'zh_CN\.utf-\{0,1\}8' ||
    skip_all "the zh_CN.UTF-8 locale does not exist here (bootstrap makes it as root)"
# lib.sh pins the messages to English; these runs choose their own locale.
unset LC_MESSAGES

# The bundled dataset plus one post (the newest) with two comments, so the
# feed's first row opens a thread.
DB="$WORK/zh.db"
cat >"$WORK/post.jsonl" <<'EOF'
{"id":"Z1","platform":"xiaohongshu","author":"橘猫外交部","lang":"zh","time":"2025-04-20T10:00:00Z","text":"猫税帖子：欢迎来小红书","translation":"Cat tax post: welcome to RedNote"}
EOF
"$REFUGE" --db "$DB" import "$WORK/post.jsonl" >/dev/null 2>&1
sqlite3 "$DB" <<'EOF'
INSERT INTO comments(platform, ext_id, post_ext_id, parent_ext_id, author, region, lang, ts_utc,
                     text, translation, likes)
VALUES ('xiaohongshu', 'zc1', 'Z1', NULL, '小李', '广东', 'zh', 1745143300, '第一条评论', NULL, 5),
       ('xiaohongshu', 'zc2', 'Z1', 'zc1', '小王', '北京', 'zh', 1745143400, '回复第一条', NULL, 1);
EOF
tap $? "a post with two comments joins the bundled dataset"

# Words a user types or reads as names, which stay in Latin letters: keys,
# zones, refuge's commands and settings, formats, the EN badge.
ALLOWED='^(refuge|Esc|Enter|Space|Tab|BackTab|PgUp|PgDn|Home|End|Backspace|Up|Down|Left|Right|local|UTC|Asia|Shanghai|ui|clipboard|osc|CSV|URL|ZH|EN|ASCII|timeline)$'

# english_words: the words of standard input that are neither allowed names
# nor data, one a line (none: the chrome is Chinese). A word cut short by
# the ellipsis ("Asia/Sha…") cannot be judged and is left out.
english_words() { sed 's/[A-Za-z]*…//g' | grep -oE '[A-Za-z]{2,}' | grep -vE "$ALLOWED"; }

screen_differs() { [ "$(screen)" != "$1" ]; }

# chrome_clean NAME: the title row and the status line hold no English word.
chrome_clean() {
    words=$( (screen | head -n 1; screen | tail -n 1) | english_words)
    [ -z "$words" ] || echo "# English in the chrome: $words"
    tap "$([ -z "$words" ] && echo 0 || echo 1)" "$1"
}

# whole_characters NAME: the screen is valid UTF-8 without U+FFFD, so no
# wide character was cut in half.
whole_characters() {
    screen >"$WORK/cap"
    iconv -f UTF-8 -t UTF-8 "$WORK/cap" >/dev/null 2>&1 && ! grep -q "$(printf '\357\277\275')" "$WORK/cap"
    tap $? "$1"
}

# separator_aligned NAME: on every row that has the pane separator, it
# stands in the same column (CJK and full-width characters count two, as
# the terminal draws them).
separator_aligned() {
    screen | perl -CSD -ne '
        next unless /\x{2502}/;
        my ($left) = /^([^\x{2502}]*)\x{2502}/;
        my $w = length($left);
        $w += () = $left =~ /[\x{1100}-\x{115F}\x{2E80}-\x{303E}\x{3041}-\x{33FF}\x{3400}-\x{4DBF}\x{4E00}-\x{9FFF}\x{A000}-\x{A4CF}\x{AC00}-\x{D7A3}\x{F900}-\x{FAFF}\x{FE30}-\x{FE4F}\x{FF00}-\x{FF60}\x{FFE0}-\x{FFE6}\x{1F300}-\x{1F64F}\x{1F900}-\x{1F9FF}\x{20000}-\x{3FFFD}]/g;
        $seen{$w}++;
        END { exit(keys(%seen) == 1 ? 0 : 1) }'
    tap $? "$1"
}

for size in 80x24 120x40; do
    cols=${size%x*} rows=${size#*x}
    start_refuge -x "$cols" -y "$rows" -e LANG=zh_CN.UTF-8 -e LC_ALL=zh_CN.UTF-8 --db "$DB"

    # The timeline.
    check "$size: the timeline's title is Chinese" wait_for " 时间线 · 全部类型"
    # (The search index may still be building: "| 搜索索引：已建成 99% |".)
    expect_re "时间线 \| 第 [0-9]+/[0-9]+ 个事件 \| (.* \| )?全部类型 .*\? 帮助 *$" \
        "$size: the status line names the pane, the event and the help key in Chinese"
    expect_re "^ (1[0-2]|[1-9])月 *│" "$size: months head the timeline in Chinese"
    expect_re " · (行政令|立法|法院裁决|禁令|停止服务|恢复服务|听证会|报告|平台动态|用户迁移|交易) · 可信" \
        "$size: the event's kind and confidence are Chinese"
    chrome_clean "$size: no English in the timeline's chrome"
    separator_aligned "$size: the pane separator stands in one column"
    whole_characters "$size: no character is cut"
    if [ "$size" = 120x40 ]; then
        # The zoomed detail quotes a source's title in 《》 after full-width
        # commas.
        send z
        check "$size: a source's title is quoted in 《》" \
            wait_for "Federal Register (via Justia)，《Executive Order 13942》，2020-08-11，"
        expect_not '"Executive Order 13942"' "$size: no ASCII quotes around it"
        send z
        wait_for "│"
    fi

    # A prompt and an error.
    send :
    check "$size: the date prompt is Chinese" wait_for "跳转到日期（YYYY[-MM[-DD]]）："
    send_text "2025-13-45"
    send Enter
    check "$size: a bad date is refused in Chinese" \
        wait_for "“2025-13-45”不是日期：请用 2025-01-17、2025-01 或 2025"
    chrome_clean "$size: the error's status line has no English"

    # The feed.
    send 2
    check "$size: the feed's status counts posts in Chinese" \
        wait_for_re "信息流 \| 第 1 条帖子，共 [0-9,]+（内置 [0-9,]+ \+ 导入 1）"
    chrome_clean "$size: no English in the feed's chrome"
    if [ "$cols" -ge 120 ]; then
        # Wide enough for the likes column: counts as a Chinese reader reads them.
        expect_re "│ [0-9]{2}-[0-9]{2} (中|EN) i +[0-9]\.[0-9]万 " "$size: the feed counts likes in 万"
        expect_not "k Two months" "$size: no 24k beside it"
    fi
    separator_aligned "$size: the separator stays in one column beside the feed"
    send /
    check "$size: the search prompt is Chinese" wait_for "搜索："
    send Escape

    # The reader.
    send Enter
    check "$size: the reader labels the post in Chinese" wait_for "语言：中文 · 翻译："
    expect_re "点赞 [0-9]+ · 评论 [0-9]+ · 收藏 [0-9]+ · 分享 [0-9]+" \
        "$size: the post's counts are named in Chinese"
    for label in "language:" "translation:" "likes " "comments:" "provenance:" "tags:"; do
        expect_not "$label" "$size: the reader has no English label '$label'"
    done
    expect_re "正在阅读第 1 条帖子，共 [0-9,]+（内置 [0-9,]+ \+ 导入" \
        "$size: the reader's position is Chinese"
    chrome_clean "$size: no English in the reader's chrome"
    whole_characters "$size: no character is cut in the reader"

    # The comment thread.
    send C
    check "$size: the thread's heading is Chinese" \
        wait_for "橘猫外交部的帖子的评论：2 条，最早的在前"
    expect "小李 · 04-20 10:01 · 5 个赞 · 广东" "$size: a comment's line is Chinese"
    expect "  小王 · 04-20 10:03 · 1 个赞 · 北京" "$size: and its reply's, indented under it"
    expect_re "第 1/2 条评论 · 层级 0（最深 1）" "$size: the thread's position is Chinese"
    # The feed's pane alone: the timeline beside it shows English titles.
    # (In the pane-cutting sed, [^│] must mean one character, not three bytes:
    # a UTF-8 locale for it, as the shell running the tests may have none.)
    words=$(screen | LC_ALL=zh_CN.UTF-8 sed -e 's/^[^│]*│//' -e 's/│.*//' | english_words)
    tap "$([ -z "$words" ] && echo 0 || echo 1)" "$size: no English in the thread's own words"
    chrome_clean "$size: no English in the thread's chrome"
    send Escape

    # The authors of the listed posts.
    send A
    check "$size: the authors' heading is Chinese" wait_for "全部帖子的作者："
    check "$size: the column heads are Chinese, aligned as the numbers are" \
        wait_for_re "^(.*│)?   帖子     评论         点赞  最后出现    作者"
    chrome_clean "$size: no English in the authors' chrome"
    send Escape
    send Escape

    # The stats.
    send 3
    check "$size: the stats speak Chinese" wait_for "根据本地缓存计算"
    expect_re "[0-9,]+ 条帖子 · " "$size: the totals count posts in Chinese"
    expect_re "(每日帖子数|每 [0-9]+ 天帖子数)（UTC）" "$size: the chart's heading is Chinese"
    chrome_clean "$size: no English in the stats' chrome"
    whole_characters "$size: no character is cut in the stats"

    # The help overlay: every page, every action's text in Chinese.
    send '?'
    check "$size: the help overlay is Chinese" wait_for "refuge：按键（Esc 或 q 关闭，方向键滚动）"
    : >"$WORK/help"
    pages=0
    until grep -q "交易" "$WORK/help" || [ "$pages" -ge 20 ]; do
        before=$(screen)
        screen >>"$WORK/help"
        send PgDn
        poll 5 screen_differs "$before"
        pages=$((pages + 1))
    done
    screen >>"$WORK/help"
    grep -q "所有窗格" "$WORK/help" && grep -q "屏幕上的标记" "$WORK/help" &&
        grep -q "时间线中的事件类型" "$WORK/help"
    tap $? "$size: the help's headings are Chinese, to its last line"
    # A description longer than its column wraps onto the next rows: none
    # is cut short with an ellipsis (L's is three rows at 80 columns).
    ! grep -q '…│\{0,1\} *$' "$WORK/help" && grep -q '中文或两者\|或两者' "$WORK/help"
    tap $? "$size: long descriptions wrap, none is cut"
    # The help's texts, right of the keys column (the keys keep their names).
    words=$(sed -e 's/^ *[^ ]\{1,\}\( [^ ]\{1,\}\)\{0,2\}  \{1,\}//' "$WORK/help" | grep -v '帮助 *$' | english_words | sort -u)
    [ -z "$words" ] || echo "# English in the help: $(echo $words)"
    tap "$([ -z "$words" ] && echo 0 || echo 1)" "$size: no English in the help's texts"
    send q
    end_session
done

# The local zone ([ui] timezone = local, here TZ=UTC) in Chinese on the
# status line (on the bundled cache, whose search index is complete: while
# one is built its progress takes the zone's place).
start_refuge -x 120 -y 40 -e LANG=zh_CN.UTF-8 -e LC_ALL=zh_CN.UTF-8
check "the status line names the local zone in Chinese: 本地（UTC）" wait_for "本地（UTC） · ? 帮助"
expect_not "local (UTC)" "and not in English"
end_session
LC_ALL=zh_CN.UTF-8 "$REFUGE" --db "$DB" stats | grep -q "^每日帖子数（本地）$"
tap $? "refuge stats heads its chart with the local zone in Chinese: 每日帖子数（本地）"

# The tour's chrome: its step counter and hints (its captions are the tour
# file's own text).
start_refuge -e LANG=zh_CN.UTF-8 -e LC_ALL=zh_CN.UTF-8 --db "$DB" --tour
check "the tour's status line is Chinese" wait_for_re "导览：第 1/[0-9]+ 步 · Space 下一步 · Esc 自由浏览"
expect_re "^ 第 1/[0-9]+ 步 · " "the caption's step counter is Chinese"
chrome_clean "no English in the tour's status line"
send Escape
check "leaving the tour says so in Chinese" wait_for_re "已在第 1/[0-9]+ 步离开导览：自由浏览，T 继续"
send q
end_session

# Under LANG=C the interface is English even when the settings ask for
# Chinese: no question marks in place of characters the locale cannot show.
printf '[ui]\ninterface = zh\n' >"$WORK/zh.ini"
start_refuge -e LANG=C -e LC_ALL=C --config "$WORK/zh.ini" --db "$DB"
check "LANG=C, interface = zh: the titles are English" wait_for " Timeline - all kinds"
expect_re "^ Timeline \| event [0-9]+ of [0-9]+ \| (.* \| )?all kinds .*\? help *$" \
    "LANG=C, interface = zh: the status line is English"
chrome=$( (screen | head -n 1; screen | tail -n 1) | tr -d '\n')
printf '%s' "$chrome" | LC_ALL=C grep -q '[^ -~]'
tap $((!$?)) "LANG=C, interface = zh: the chrome is plain ASCII"
printf '%s' "$chrome" | sed 's/? help//' | grep -q '?'
tap $((!$?)) "LANG=C, interface = zh: no question mark stands for a character"
send '?'
check "LANG=C, interface = zh: the help is English" wait_for "refuge: keys (Esc or q closes, arrows scroll)"
send q
end_session

finish
