#!/bin/sh
# SIGKILL at any moment of an import leaves the old cache or the new rows,
# never a broken one. An import of 24,000 posts (5 MB: large enough for the
# progress lines that say which phase it is in) is killed while it reads
# its rows, while the search index is being built, and at fixed times; after
# each kill `refuge check` runs PRAGMA integrity_check (and the index's own
# check when it is complete) and compares every count, the posts are the old
# ones or all the new ones, and a search finds what it should. A half-built
# index resumes at the next import. A first import (into a new cache) writes
# its rows with a rollback journal instead of the write-ahead log: killed
# then, it leaves the journal, which the next open rolls back.
. "${top_srcdir:-.}/tests/screen/lib.sh"

export REFUGE_NO_BUNDLE=1 LC_ALL=C.UTF-8 TZ=UTC
DB=$WORK/crash.db
OLD=100
NEW=24000

posts() { # posts PREFIX N: N posts, "zeppelin" in every 1000th
    awk -v p="$1" -v n="$2" 'BEGIN {
        filler = "a long enough text for the import to take a while, with words and more words to index"
        for (i = 0; i < n; i++)
            printf "{\"id\":\"%s%05d\",\"time\":%d,\"author\":\"a%d\",\"lang\":\"en\",\"tags\":[\"t%d\"],\"text\":\"post %s%05d %s%s\"}\n",
                p, i, 1736000000 + i * 7, i % 500, i % 20, p, i, filler, i % 1000 == 0 ? " zeppelin" : ""
    }'
}
posts old $OLD >"$WORK/old.jsonl"
posts new $NEW >"$WORK/new.jsonl"

fresh() { # a cache holding the old posts only
    rm -f "$DB" "$DB-wal" "$DB-shm"
    "$REFUGE" --db "$DB" import "$WORK/old.jsonl" >/dev/null 2>&1
}

new_cache() { rm -f "$DB" "$DB-wal" "$DB-shm" "$DB-journal"; }

# The journal mode the cache's header records: 1 rollback, 2 WAL.
header_mode() { od -A n -t u1 -j 18 -N 1 "$DB" | tr -d ' '; }

# The number of posts as refuge check counts them.
posts_in() { sed -n 's/^posts: //p' "$WORK/check"; }
checked() { "$REFUGE" --db "$DB" check >"$WORK/check" 2>&1; }

# kill_when PATTERN: runs the import of the new posts and kills it (SIGKILL)
# once its stderr has a line matching PATTERN (polled, 60 s at most).
kill_when() {
    "$REFUGE" --db "$DB" import "$WORK/new.jsonl" >/dev/null 2>"$WORK/import.err" &
    pid=$!
    n=0
    until grep -Eq -- "$1" "$WORK/import.err" 2>/dev/null; do
        n=$((n + 1))
        if [ $n -gt 1200 ] || ! kill -0 $pid 2>/dev/null; then
            kill -9 $pid 2>/dev/null
            wait $pid 2>/dev/null
            return 1
        fi
        sleep 0.05
    done
    kill -9 $pid
    wait $pid 2>/dev/null
    return 0
}

# While the rows are read: nothing of them is in the cache.
for at in 25 75; do
    fresh
    kill_when "importing .*: $at%"
    tap $? "an import killed while reading its rows ($at%)"
    checked
    tap $? "leaves a cache that checks out"
    [ "$(posts_in)" = $OLD ]
    tap $? "with the old posts only ($(posts_in))"
done

# While the index is built: the rows are in, and searches find them.
fresh
kill_when "refuge: search index: 25%"
tap $? "an import killed while it builds the search index"
checked
tap $? "leaves a cache that checks out"
[ "$(posts_in)" = $((OLD + NEW)) ]
tap $? "with every new post ($(posts_in))"
grep -q "^waiting for the search index: posts [1-9][0-9]*," "$WORK/check"
tap $? "and part of them waiting for the index"
n=$("$REFUGE" --db "$DB" feed --search zeppelin --limit 0 --format jsonl 2>"$WORK/err" | wc -l)
[ "$n" -eq $((NEW / 1000 + 1)) ]
tap $? "a search finds every post, indexed or not ($n)"
grep -q "searched by a scan" "$WORK/err"
tap $? "and says part of it was a scan"
"$REFUGE" --db "$DB" import "$WORK/new.jsonl" >"$WORK/out" 2>&1
grep -q "^imported 0 posts, .*24000 unchanged" "$WORK/out"
tap $? "importing the file again changes no post"
checked && ! grep -q "^waiting" "$WORK/check"
tap $? "and resumes the index to the end: the cache checks out, index included"
n=$("$REFUGE" --db "$DB" feed --search zeppelin --limit 0 --format jsonl 2>"$WORK/err" | wc -l)
[ "$n" -eq $((NEW / 1000 + 1)) ] && [ ! -s "$WORK/err" ]
tap $? "the search finds the same posts through the index ($n)"

# A first import, into a new cache: its rows are written with a rollback
# journal. Killed while it reads them, the journal is left beside the
# cache; the next refuge rolls it back, and the cache is in WAL mode again.
for at in 25 75; do
    new_cache
    kill_when "importing .*: $at%"
    tap $? "a first import killed while reading its rows ($at%)"
    [ -f "$DB-journal" ] && [ "$(header_mode)" = 1 ]
    tap $? "leaves its rollback journal beside the cache ($(header_mode))"
    checked
    tap $? "the next open rolls it back: the cache checks out"
    [ ! -f "$DB-journal" ] && [ "$(posts_in)" = 0 ] && [ "$(header_mode)" = 2 ]
    tap $? "the journal is gone, no post is in ($(posts_in)), the cache is in WAL mode"
done

# Killed while its commit writes the file: the file is then shorter than
# its header says until the journal is rolled back, which is no damage.
# (Should the kill come after the commit, every post is in.)
new_cache
"$REFUGE" --db "$DB" import --no-index "$WORK/new.jsonl" >/dev/null 2>&1 &
pid=$!
n=0
until [ "$({ wc -c <"$DB"; } 2>/dev/null || echo 0)" -gt 1000000 ] || [ $n -gt 200000 ]; do
    n=$((n + 1))
done
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
checked
tap $? "a first import killed as its commit writes the file: the cache checks out"
p=$(posts_in)
[ "$p" = 0 ] || [ "$p" = $NEW ]
tap $? "with no post or every new one ($p)"

# At fixed times, wherever the import is then.
for t in 0.3 1 2 4 new0.5 new1.5; do
    case $t in
    new*) t=${t#new} && new_cache && OLD_NOW=0 && into="into a new cache " ;;
    *) fresh && OLD_NOW=$OLD && into="" ;;
    esac
    "$REFUGE" --db "$DB" import "$WORK/new.jsonl" >/dev/null 2>&1 &
    pid=$!
    sleep $t
    kill -9 $pid 2>/dev/null
    wait $pid 2>/dev/null
    checked
    tap $? "an import ${into}killed after $t s: the cache checks out"
    p=$(posts_in)
    [ "$p" = $OLD_NOW ] || [ "$p" = $((OLD_NOW + NEW)) ]
    tap $? "an import ${into}killed after $t s: the old posts or all the new ones ($p)"
done

finish
