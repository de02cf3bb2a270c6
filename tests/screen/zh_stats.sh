#!/bin/sh
# zh_stats.sh — the stats pane's counts of likes in the Chinese interface:
# whole phrases, as a Chinese reader writes them ("至少 1,456,926 个赞",
# "10万个赞", a top post's "10万+"), and the English ones unchanged.
. "${top_srcdir:-.}/tests/screen/lib.sh"
require_tmux

expect_not_re() {
    ! screen | grep -Eq -- "$1"
    tap $? "$2"
}

# Two authors: "busy" with a platform's lower bound (10万+) and an exact
# 1,256,926, so their sum and the total are floors that no 万 may round;
# "round" with twice 50,000, a sum exact in 万.
DB="$WORK/zs.db"
cat >"$WORK/zs.jsonl" <<'JSONL'
{"id":"b1","platform":"xiaohongshu","author":"busy","author_key":"u-busy","lang":"zh","time":"2025-01-14T12:00:00Z","likes":"10万+","text":"第一条"}
{"id":"b2","platform":"xiaohongshu","author":"busy","author_key":"u-busy","lang":"zh","time":"2025-01-15T12:00:00Z","likes":1256926,"text":"第二条"}
{"id":"r1","platform":"xiaohongshu","author":"round","author_key":"u-round","lang":"en","time":"2025-01-16T12:00:00Z","likes":50000,"text":"third"}
{"id":"r2","platform":"xiaohongshu","author":"round","author_key":"u-round","lang":"en","time":"2025-01-17T12:00:00Z","likes":50000,"text":"fourth"}
JSONL
REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$DB" import "$WORK/zs.jsonl" >/dev/null 2>&1
tap $? "four posts by two authors import"

start_refuge -x 100 -y 60 -e REFUGE_NO_BUNDLE=1 -e LANG=C.UTF-8 -e LC_ALL=C.UTF-8 --interface zh --db "$DB"
wait_for "信息流"
send 3
check "the stats speak Chinese" wait_for "发帖最多的作者"
expect "· 中 2 · EN 2 · 至少 1,456,926 个赞" \
    "the total is a floor, one phrase with a space after 至少 and no 万 that would round it"
expect_re "2 条帖子 +至少 1,356,926 个赞 +busy" "an author's floor reads the same way"
expect_re "2 条帖子 +10万个赞 +round" "an author's sum exact in 万 is in 万, no space before 个赞"
expect_re "│ +10万\+ 个赞 +中 +busy" "a top post's platform floor is 10万+"
expect_re "│ +5万 个赞 +EN +round" "and an exact 50,000 is 5万"
expect "最多 01-14（1）" "the busiest day's count is in full-width parentheses"
expect_not_re "至少[0-9]" "至少 is never glued to its number"
send q
end_session

# The English interface says what it said.
start_refuge -x 100 -y 60 -e REFUGE_NO_BUNDLE=1 -e LANG=C.UTF-8 -e LC_ALL=C.UTF-8 --interface en --db "$DB"
wait_for "Feed"
send 3
check "the English stats" wait_for "Top authors"
expect "at least 1,456,926 likes" "the English total is unchanged"
expect_re "2 posts +at least 1,356,926 likes +busy" "an English author's floor is unchanged"
expect_re "2 posts +100,000 likes +round" "an English author's sum is every digit"
expect_re "│ +100,000\+ likes +中 +busy" "an English top post's floor is 100,000+"
expect_re "│ +50,000 likes +EN +round" "and 50,000 is every digit"
send q
end_session

finish
