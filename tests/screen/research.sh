#!/bin/sh
# A researcher's workbench: a cache of one's own (--no-bundle, [data] bundle
# = no, drop --bundled) and numbers that say what they count, in the batch
# reports and the explorer, over more posts than any page.
. "${top_srcdir:-.}/tests/screen/lib.sh"
require_tmux

# 2936 -> 2,936, as the explorer writes counts (whatever the test's locale)
thousands() { echo "$1" | sed -e :a -e 's/\([0-9]\)\([0-9]\{3\}\)\($\|,\)/\1,\2\3/' -e ta; }

N=2500
i=0
while [ $i -lt $N ]; do
    printf '{"id": "own-%d", "platform": "xiaohongshu", "lang": "%s", "time": "2025-01-%02dT%02d:00:00Z", "text": "own post %d", "likes": %d, "tags": ["tiktokrefugee"]}\n' \
        $i "$([ $((i % 2)) -eq 0 ] && echo zh || echo en)" $((10 + i % 20)) $((i % 24)) $i $i
    i=$((i + 1))
done >"$WORK/own.jsonl"

# ---- a cache of one's own ------------------------------------------------------

OWN="$WORK/own.db"
"$REFUGE" --db "$OWN" --no-bundle import "$WORK/own.jsonl" >/dev/null
tap $? "--no-bundle: a new cache takes an import"
"$REFUGE" --db "$OWN" stats | grep -q "^posts $N (zh 1250, en 1250), likes [0-9]*; all imported$"
tap $? "stats say every post counted was imported"
"$REFUGE" --db "$OWN" check | grep -q "^bundled dataset: left out"
tap $? "check says the bundle is left out"
[ "$("$REFUGE" --db "$OWN" feed --limit 0 --format jsonl | wc -l)" -eq $N ]
tap $? "opened again without --no-bundle, the cache still takes no bundle"

mkdir -p "$XDG_CONFIG_HOME/refuge"
printf '[data]\nbundle = no\n' >"$XDG_CONFIG_HOME/refuge/refuge.ini"
"$REFUGE" --db "$WORK/cfg.db" check | grep -q "^bundled dataset: left out" &&
    [ "$("$REFUGE" --db "$WORK/cfg.db" feed --limit 0 | wc -l)" -eq 0 ]
tap $? "[data] bundle = no makes a cache without the bundle too"
rm "$XDG_CONFIG_HOME/refuge/refuge.ini"

# ---- a cache with the bundle, then without it -----------------------------------

MIX="$WORK/mixed.db"
"$REFUGE" --db "$MIX" import "$WORK/own.jsonl" >/dev/null
B=$(($("$REFUGE" --db "$MIX" feed --limit 0 --format jsonl | wc -l) - N))
[ "$B" -gt 0 ]
tap $? "a cache with the bundle holds $B bundled posts beside the imported ones"
"$REFUGE" --db "$MIX" stats | grep -q "^posts $((N + B)) .*; $B bundled (illustrative or quoted) + $N imported$"
tap $? "stats tell the bundled posts from the imported ones on the totals' line"
"$REFUGE" --db "$MIX" --no-bundle check 2>"$WORK/err" >/dev/null &&
    grep -q "holds the bundled dataset.*'refuge drop --bundled' removes it" "$WORK/err"
tap $? "--no-bundle on a cache with the bundle keeps it and names drop --bundled"
"$REFUGE" --db "$MIX" drop 2>"$WORK/err"
[ $? -eq 2 ] && grep -q "say what to drop: --bundled" "$WORK/err"
tap $? "drop alone is a usage error"

start_refuge -x 100 -y 30 --db "$MIX"
wait_for "Feed"
send 2
check "the feed's status counts bundled and imported posts apart" \
    wait_for "post 1 of $(thousands $((N + B))) ($B bundled + $(thousands $N) imported)"
end_session

out=$("$REFUGE" --db "$MIX" drop --bundled)
tap $? "drop --bundled runs"
echo "$out" | grep -q "^removed the bundled dataset: $B posts, [0-9]* events, [0-9]* figures$" &&
    echo "$out" | grep -q "^kept $N imported posts"
tap $? "and says what it removed and what it kept"
"$REFUGE" --db "$MIX" check >"$WORK/check"
tap $? "the cache checks out after the drop"
grep -q "^posts: $N$" "$WORK/check" && grep -q "^  in the per-day table: $N$" "$WORK/check" &&
    grep -q "^  in the search index: $N$" "$WORK/check" && grep -q "^events: 0$" "$WORK/check"
tap $? "its per-day table and search index count the imported posts only"
[ "$("$REFUGE" --db "$MIX" stats --format csv | awk -F, 'NR > 1 { n += $2 } END { print n }')" -eq $N ]
tap $? "the posts per day add up to the imported posts"
"$REFUGE" --db "$MIX" stats | grep -q "^posts $N .*; all imported$"
tap $? "and the stats count them as imported"

start_refuge -x 100 -y 30 --db "$MIX"
wait_for "Feed"
send 2
check "the feed's status says the posts are imported" wait_for "post 1 of $(thousands $N) imported"
send 3
check "the stats pane says so too" wait_for "$(thousands $N) imported posts"
end_session

finish
