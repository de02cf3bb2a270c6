#!/bin/sh
# An import in two phases, seen from the explorer: the rows are committed
# first (here `import --no-index`, which stops after them, so the test does
# not race the index), and the explorer opened meanwhile browses them past
# the first page and filters them while the status line says how far the
# search index is; a search then still finds every post (the unindexed ones
# by a scan). `refuge index` builds the rest while the explorer is open: its
# status line says so without a key, and the same search gives the same
# posts through the index. An explorer started during a first import's rows
# waits for them (see the end).
. "${top_srcdir:-.}/tests/screen/lib.sh"
require_tmux

DB=$WORK/import.db
N=300
# 300 numbered posts a minute apart; "zeppelin" in the newest, one in the
# middle and the oldest (past the first page of any window).
i=0
while [ $i -lt $N ]; do
    word=""
    case $i in 0 | 150 | 299) word=" with a zeppelin" ;; esac
    printf '{"id":"p%03d","time":%d,"author":"a%03d","lang":"%s","text":"row %03d of the import test%s"}\n' \
        $i $((1736000000 + i * 60)) $i "$([ $((i % 3)) -eq 0 ] && echo zh || echo en)" $i "$word"
    i=$((i + 1))
done >"$WORK/posts.jsonl"

REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$DB" import --no-index "$WORK/posts.jsonl" >"$WORK/out" 2>"$WORK/err"
check "import --no-index commits the rows" grep -q "^imported 300 posts" "$WORK/out"
check "and says the index waits for refuge index" grep -q "search index: 300 rows to index ('refuge index' builds it)" "$WORK/out"
REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$DB" check >"$WORK/check" 2>&1
check "the cache checks out while its index waits" grep -qx "integrity: ok" "$WORK/check"
check "check counts the rows waiting" grep -q "waiting for the search index: posts 300, comments 0" "$WORK/check"

LC_ALL=C.UTF-8 REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$DB" feed --search zeppelin --limit 0 \
    --format csv >"$WORK/scan.csv" 2>"$WORK/scan.err"
check "a batch search finds the three posts by a scan" [ "$(grep -c zeppelin "$WORK/scan.csv")" -eq 3 ]
check "and says so on stderr" grep -q "search index: 0% built; the posts not in it yet were searched by a scan" "$WORK/scan.err"

start_refuge --db "$DB" --no-bundle
wait_for "Feed"
send 2
send z
check "the explorer lists the committed rows" wait_for "post 1 of 300"
expect "search index: 0% built" "its status line says the index is being built"
expect "row 299 of the import test" "the newest post is on the first row"
send G
check "and browses past the first page to the last post" wait_for "post 300 of 300"
expect "row 000 of the import test" "the oldest post is shown"

search() {
    send /
    wait_for "Search:"
    send C-u
    send_text "$1"
    send Enter
}
search zeppelin
check "a search finds the three posts, the unindexed ones by a scan" wait_for '3 posts match "zeppelin"'
expect_re "a299 .*zeppelin" "the newest of them"
send G
check "the oldest of them past the others" wait_for_re "a000 .*zeppelin"
search ""
wait_for "post 1 of 300"

# The second phase, while the explorer is open.
REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$DB" index >"$WORK/index.out" 2>"$WORK/index.err"
check "refuge index builds the rest" grep -qx "search index: complete" "$WORK/index.out"
check "the status line notices on its own that the index is complete" wait_gone "search index:"
search zeppelin
check "the same search through the index finds the same three posts" wait_for '3 posts match "zeppelin"'
REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$DB" check >"$WORK/check" 2>&1
check "the cache checks out, its index complete" grep -q "^  in the search index: 300$" "$WORK/check"
LC_ALL=C.UTF-8 REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$DB" feed --search zeppelin --limit 0 \
    --format csv >"$WORK/index.csv" 2>"$WORK/index.err"
check "the batch search gives the same rows as the scan" cmp -s "$WORK/scan.csv" "$WORK/index.csv"
check "and no note on stderr" [ ! -s "$WORK/index.err" ]
send q
wait_exit

# A first import into a new cache writes its rows with a rollback journal
# (nothing else has the file open), which no reader can use meanwhile: an
# explorer started then says it waits for the rows, and opens on them once
# they are committed. The import is paused (SIGSTOP) in its rows phase
# while the explorer starts, so the wait is certain.
FIRST=$WORK/first.db
awk 'BEGIN {
    filler = "a text long enough for the progress lines of the import to show, with words and more words"
    for (i = 0; i < 30000; i++)
        printf "{\"id\":\"f%05d\",\"time\":%d,\"author\":\"b%d\",\"lang\":\"en\",\"text\":\"first %05d %s\"}\n",
            i, 1736000000 + i * 7, i % 300, i, filler
}' >"$WORK/first.jsonl"
REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$FIRST" import "$WORK/first.jsonl" >"$WORK/first.out" \
    2>"$WORK/first.err" &
importer=$!
n=0
until grep -q "importing .*: 25%" "$WORK/first.err" 2>/dev/null || [ $n -gt 600 ]; do
    n=$((n + 1))
    sleep 0.05
done
kill -STOP $importer
check "a first import is paused while it writes its rows with a rollback journal" \
    [ -f "$FIRST-journal" ]
start_refuge --db "$FIRST" --no-bundle
check "an explorer started then says it waits for the rows" \
    wait_for "an import is writing the first rows of"
expect "waiting (Ctrl-C stops)" "and how to stop waiting"
kill -CONT $importer
check "it opens on the committed rows, the newest first" wait_for "first 29999 a text" 60
send 2
send z
send G
check "and browses them to the oldest" wait_for "first 00000 a text"
wait $importer
check "the import ends well" [ $? -eq 0 ]
check "and says so" grep -q "^imported 30000 posts" "$WORK/first.out"
send q
wait_exit

finish
