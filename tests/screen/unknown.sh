#!/bin/sh
# Unknown is not zero: a count nobody reported shows "–", a lower bound
# "10+", and a sum built on them says "at least" - in the feed's rows, the
# reader, the stats pane and every batch format.
. "${top_srcdir:-.}/tests/screen/lib.sh"

DB="$WORK/unknown.db"
{
    printf '{"id":"u1","platform":"xiaohongshu","author":"nobody counted","lang":"en","time":"2025-01-20T10:00:00Z","text":"likes unknown","likes":"?","comments":"?"}\n'
    printf '{"id":"u2","platform":"xiaohongshu","author":"a floor","lang":"en","time":"2025-01-20T09:00:00Z","text":"ten or more likes","likes":"10+","comments":3}\n'
    printf '{"id":"u3","platform":"xiaohongshu","author":"exact","lang":"en","time":"2025-01-20T08:00:00Z","text":"exactly seven likes","likes":7}\n'
} >"$WORK/unknown.jsonl"
REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$DB" import "$WORK/unknown.jsonl" >/dev/null 2>&1
tap $? "posts with an unknown count, a lower bound and an exact one import"

run() { REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$DB" "$@"; }

out=$(COLUMNS=160 run feed)
printf '%s\n' "$out" | grep -q "xiaohongshu  *–  nobody counted" &&
    printf '%s\n' "$out" | grep -q "xiaohongshu  *10+  a floor" &&
    printf '%s\n' "$out" | grep -q "xiaohongshu  *7  exact"
tap $? "feed text: –, 10+ and 7, never 0 for the unknown"
out=$(run feed --format md)
printf '%s\n' "$out" | grep -q "nobody counted · likes not reported" &&
    printf '%s\n' "$out" | grep -q "a floor · at least 10 likes" &&
    printf '%s\n' "$out" | grep -q "exact · 7 likes"
tap $? "feed Markdown says it in words"
out=$(run feed --format csv | tr -d '\r')
printf '%s\n' "$out" | grep -q '^"u1",.*,"?",' && printf '%s\n' "$out" | grep -q '^"u2",.*,"10+",3,'
tap $? "CSV: ? for unknown, 10+ for a lower bound (as import reads them back)"
out=$(run feed --format jsonl)
printf '%s\n' "$out" | grep -q '"id":"u1".*"likes":"?"' && printf '%s\n' "$out" | grep -q '"id":"u2".*"likes":"10+"'
tap $? "JSON Lines likewise"
run stats | grep -q "likes at least 17"
tap $? "stats text: the sum of likes is at least 17"
run stats --format md | grep -q "| 3 | 0 | 3 | at least 17 |" &&
    run stats --format md | grep -q "The likes of 2 of these posts were not reported, or only as a lower bound"
tap $? "stats Markdown: at least, and why"

# One like is "1 like", in Markdown and in the comments' text and Markdown,
# whose counts read as the posts' do (a lower bound, nothing reported), in
# the interface's language.
ONE="$WORK/one.db"
{
    printf '{"id":"o1","platform":"xiaohongshu","author":"single","lang":"en","time":"2025-01-20T10:00:00Z","text":"one like","likes":1}\n'
    printf '{"id":"c1","platform":"xiaohongshu","post":"o1","author":"c-one","lang":"en","time":"2025-01-20T10:01:00Z","text":"a comment liked once","likes":1}\n'
    printf '{"id":"c2","platform":"xiaohongshu","post":"o1","author":"c-floor","lang":"en","time":"2025-01-20T10:02:00Z","text":"a comment liked ten times or more","likes":"10+"}\n'
    printf '{"id":"c3","platform":"xiaohongshu","post":"o1","author":"c-none","lang":"en","time":"2025-01-20T10:03:00Z","text":"a comment nobody counted"}\n'
} >"$WORK/one.jsonl"
REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$ONE" import "$WORK/one.jsonl" >/dev/null 2>&1
one() { REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$ONE" "$@"; }
one feed --format md | grep -q "single · 1 like · "
tap $? "feed Markdown: 1 like, not 1 likes"
out=$(one comments)
printf '%s\n' "$out" | grep -q "  1 like  " &&
    printf '%s\n' "$out" | grep -q "  at least 10 likes  " &&
    printf '%s\n' "$out" | grep -q "  likes not reported  "
tap $? "comments text: 1 like, at least 10 likes, likes not reported"
out=$(one comments --format md)
printf '%s\n' "$out" | grep -q "c-one\*\* (.*, 1 like)" &&
    printf '%s\n' "$out" | grep -q "c-floor\*\* (.*, at least 10 likes)"
tap $? "comments Markdown likewise"
out=$(LC_ALL=C.UTF-8 one --interface zh comments)
printf '%s\n' "$out" | grep -q "1 个赞" && printf '%s\n' "$out" | grep -q "至少 10 个赞" &&
    printf '%s\n' "$out" | grep -q "点赞数未报告" &&
    ! printf '%s\n' "$out" | grep -Eq "[0-9] likes? |likes not reported|at least"
tap $? "comments text in Chinese: no English word left"

[ -n "$TMUX_BIN" ] || finish
start_refuge -e REFUGE_NO_BUNDLE=1 --db "$DB"
wait_for "Feed"
send 2
send z
check "feed rows: – for the unknown" wait_for_re "nobody coun.* EN +– +likes unknown"
expect_re "a floor +EN +10\\+ +ten or more" "10+ for the lower bound"
expect_re "exact +EN +7 +exactly" "the exact count as it is"
send Enter
check "the reader: likes – and comments –, never 0" wait_for "likes – · comments – · collects 0 · shares 0"
send Escape
send j
send Enter
check "the reader: likes 10+" wait_for "likes 10+ · comments 3"
send Escape
send 3
check "the stats pane: at least 17 likes" wait_for "at least 17 likes"
check "its most liked posts: 10+, not 10" wait_for_re "10\\+ +(likes +)?EN +a floor"
send G
check "and –, not 0, for the unknown" wait_for_re "– +(likes +)?EN +nobody"
end_session

finish
