#!/bin/sh
# Everything refuge writes for other programs, end to end: exports page
# through caches larger than any page, the round trip is exact, CSV is safe
# in a spreadsheet, and nothing raw reaches a terminal. No terminal needed
# except where a test says so.
. "${top_srcdir:-.}/tests/screen/lib.sh"

DB="$WORK/big.db"
r() { REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$DB" "$@"; }

# ---- every page: 5,000 posts, more than any page or buffer ------------------------
N=5000
awk -v n=$N 'BEGIN {
    for (i = 1; i <= n; i++)
        printf "{\"id\":\"p%d\",\"platform\":\"xiaohongshu\",\"author\":\"a%d\",\"time\":%d,\"text\":\"post %d\",\"lang\":\"en\",\"tags\":[\"t%d\"]}\n", i, i % 97, 1736900000 + i * 60, i, i % 13
}' >"$WORK/big.jsonl"
r import "$WORK/big.jsonl" >/dev/null
tap $? "a cache of $N posts is imported"
r export --what posts >"$WORK/big.out.jsonl"
[ $? -eq 0 ] && [ "$(wc -l <"$WORK/big.out.jsonl")" -eq $N ]
tap $? "export --what posts writes all $N posts in JSON Lines"
r export --what posts --format csv >"$WORK/big.out.csv"
[ $? -eq 0 ] && [ "$(wc -l <"$WORK/big.out.csv")" -eq $((N + 1)) ]
tap $? "export --what posts writes all $N posts in CSV (and a header)"
r export >"$WORK/big.all.jsonl"
[ $? -eq 0 ] && [ "$(wc -l <"$WORK/big.all.jsonl")" -eq $N ]
tap $? "export of everything writes all $N posts"
for f in jsonl csv md text; do
    r feed --limit 0 --format $f >"$WORK/big.feed.$f"
    case $f in
    jsonl) want=$N; got=$(wc -l <"$WORK/big.feed.$f") ;;
    csv) want=$((N + 1)); got=$(wc -l <"$WORK/big.feed.$f") ;;
    md) want=$N; got=$(grep -c '^- \*\*' "$WORK/big.feed.$f") ;;
    text) want=$N; got=$(wc -l <"$WORK/big.feed.$f") ;;
    esac
    [ "$got" -eq "$want" ]
    tap $? "feed --limit 0 --format $f writes all $N posts ($got)"
done

finish
