#!/bin/sh
# exportcheck.sh CACHE — exports every post of CACHE in JSON Lines and CSV,
# times each and checks that the records written are as many as the posts
# `refuge check` counts: an export that stops at a page boundary fails here.
# Prints one tab-separated line per format (format, records, seconds) and
# exits 1 on a wrong count.
set -eu
: "${top_builddir:=$(cd "$(dirname "$0")/../.." && pwd)}"
REFUGE=$top_builddir/src/refuge
cache=$1 status=0
n=$("$REFUGE" --db "$cache" check | sed -n 's/^posts: //p')
# A CSV record ends on the line that closes its quotes (texts span lines).
csv_records() { awk '{ q += gsub(/"/, "") } q % 2 == 0 { n++ } END { print n - 1 }'; }
for fmt in jsonl csv; do
    t0=$(date +%s.%N)
    if [ "$fmt" = csv ]; then
        got=$("$REFUGE" --db "$cache" export --what posts --format csv | csv_records)
    else
        got=$("$REFUGE" --db "$cache" export --what posts | wc -l)
    fi
    t1=$(date +%s.%N)
    awk -v f="$fmt" -v l="$got" -v a="$t0" -v b="$t1" 'BEGIN { printf "%s\t%s\t%.1f\n", f, l, b - a }'
    if [ "$got" -ne "$n" ]; then
        echo "exportcheck: the $fmt export wrote $got posts of $n" >&2
        status=1
    fi
done
exit $status
