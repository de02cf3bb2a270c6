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

# ---- the explorer's e: the same writer, every page ---------------------------------
# Starts refuge with ARGS, zooms into the feed and exports it to FILE with e.
e_export() { # e_export FILE ARGS...
    file=$1
    shift
    start_refuge "$@"
    wait_for "Feed"
    send 2
    send z
    wait_for "post 1 of"
    send e
    wait_for "Export listed posts"
    send C-u
    send_text "$file"
    send Enter
}
if [ -n "$TMUX_BIN" ]; then
    e_export "$WORK/e-big.csv" -e REFUGE_NO_BUNDLE=1 --db "$DB"
    check "e writes all $N posts" wait_for "wrote $N posts to" 20
    end_session
    r feed --limit 0 --format csv >"$WORK/feed-big.csv"
    cmp -s "$WORK/e-big.csv" "$WORK/feed-big.csv"
    tap $? "e writes the bytes feed --format csv writes"
    [ "$(head -n1 "$WORK/e-big.csv")" = "$(head -n1 "$WORK/big.out.csv")" ] &&
        [ "$(sed 1d "$WORK/e-big.csv" | sort | md5sum)" = "$(sed 1d "$WORK/big.out.csv" | sort | md5sum)" ]
    tap $? "and the rows refuge export writes, in the feed's order"

    # The bundled dataset: offsets, provenance, tags, source and note kept.
    e_export "$WORK/e-bundle.csv" --db "$WORK/bundle.db"
    check "e writes the bundled posts" wait_for "wrote 436 posts to" 20
    end_session
    grep -q '"2025-01-1[0-9]T[0-9:]*+08:00"' "$WORK/e-bundle.csv"
    tap $? "e keeps each post's UTC offset"
    REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$WORK/e-back.db" import "$WORK/e-bundle.csv" >/dev/null &&
        [ "$(REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$WORK/e-back.db" feed --limit 0 --provenance illustrative --format jsonl | wc -l)" -eq \
            "$("$REFUGE" --db "$WORK/bundle.db" feed --limit 0 --provenance illustrative --format jsonl | wc -l)" ]
    tap $? "re-importing e's file keeps illustrative posts illustrative"
    REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$WORK/e-back.db" feed --limit 0 --format csv >"$WORK/e-back.csv"
    # (Posts at the same second may trade places: the order of import breaks ties.)
    [ "$(sort "$WORK/e-bundle.csv" | md5sum)" = "$(sort "$WORK/e-back.csv" | md5sum)" ]
    tap $? "and gives back the same rows, byte for byte"
fi

finish
