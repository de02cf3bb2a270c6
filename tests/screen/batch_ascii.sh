#!/bin/sh
# The batch commands in a locale that is not UTF-8 (LC_ALL=C, POSIX, and a
# Latin-1 locale where one is installed) write what is for people as the
# explorer draws it there: aligned text and Markdown are ASCII, every byte
# below 0x80 (the ellipsis ".", the dash "-", the chart's "#"), Chinese
# titles give way to English ones and a Chinese post shows its translation;
# CSV and JSON Lines are UTF-8 by their definition, byte for byte what a
# UTF-8 locale writes. Every listing is past its first page (the whole
# bundled dataset: 436 posts, 70 events). A UTF-8 run of the same commands
# proves the check can fail: it has bytes above 0x7F.
. "${top_srcdir:-.}/tests/screen/lib.sh"

DB="$WORK/t.db"
r() { "$REFUGE" --db "$DB" "$@"; }
# high_bytes: how many bytes of standard input are 0x80 or above.
high_bytes() { LC_ALL=C tr -d '\000-\177' | wc -c | tr -d ' '; }

r check >/dev/null 2>&1
tap $? "a cache with the bundled dataset"

# The listings, each whole: --limit 0 lists every post.
LISTINGS="timeline|feed --limit 0|feed --limit 0 --search cat|feed --limit 0 --search 猫|stats|stats --by week|authors --top 1000|timeline --lang zh"

locales="C POSIX"
latin1=$(locale -a 2>/dev/null | grep -iE '^[a-z_]+\.(iso-?8859-?1|iso88591)$' | head -n 1)
[ -n "$latin1" ] && locales="$locales $latin1"

IFS_SAVED=$IFS
for loc in $locales; do
    IFS='|'
    for cmd in $LISTINGS; do
        IFS=$IFS_SAVED
        for fmt in text md; do
            # shellcheck disable=SC2086 # the command's words
            LC_ALL=$loc LANG=$loc r $cmd --format "$fmt" >"$WORK/out" 2>"$WORK/err"
            st=$?
            n=$(high_bytes <"$WORK/out")
            e=$(high_bytes <"$WORK/err")
            lines=$(wc -l <"$WORK/out" | tr -d ' ')
            [ "$st" -eq 0 ] && [ "$n" -eq 0 ] && [ "$e" -eq 0 ] && [ "$lines" -gt 10 ]
            tap $? "LC_ALL=$loc refuge $cmd --format $fmt: $lines lines, all ASCII ($n bytes above 0x7F, $e on stderr)"
        done
        IFS='|'
    done
    IFS=$IFS_SAVED
done

# The keys (their marks as the screen draws them: ZH / EN, -, o: / t:) and
# the tour's captions (English alone) are ASCII too.
LC_ALL=C r keys >"$WORK/out" 2>&1
[ "$(high_bytes <"$WORK/out")" -eq 0 ] && grep -q '^  ZH / EN ' "$WORK/out" &&
    grep -q '^  o: / t: ' "$WORK/out"
tap $? "LC_ALL=C refuge keys is ASCII, the marks in their ASCII forms"
LC_ALL=C r tour --print >"$WORK/out" 2>&1
[ "$(high_bytes <"$WORK/out")" -eq 0 ] && [ "$(grep -c '^## Step ' "$WORK/out")" -gt 5 ]
tap $? "LC_ALL=C refuge tour --print is ASCII: every step, its English caption"
LC_ALL=C.UTF-8 r tour --print >"$WORK/out" 2>&1
[ "$(high_bytes <"$WORK/out")" -gt 0 ]
tap $? "in C.UTF-8 the tour has its Chinese captions too"

# The same listings in a UTF-8 locale have bytes beyond ASCII (…, –, ▇,
# Chinese), so the checks above can fail.
LC_ALL=C.UTF-8 r feed --limit 0 >"$WORK/utf8" 2>/dev/null
[ "$(high_bytes <"$WORK/utf8")" -gt 0 ]
tap $? "in C.UTF-8 the same feed has bytes above 0x7F (the check can fail)"
LC_ALL=C.UTF-8 r stats >"$WORK/utf8" 2>/dev/null
[ "$(high_bytes <"$WORK/utf8")" -gt 0 ]
tap $? "in C.UTF-8 the stats have bytes above 0x7F (the chart's bars)"

# What the ASCII shows: a Chinese post by its translation, English titles
# for --lang zh, the chart in #, a search's mark o:.
LC_ALL=C r feed --limit 0 >"$WORK/c"
zh_trans=$(LC_ALL=C.UTF-8 r feed --limit 0 --lang zh --format jsonl |
    sed -n 's/.*"translation":"\([A-Za-z][A-Za-z ]\{12\}\).*/\1/p' | tail -n 1)
[ -n "$zh_trans" ] && grep -q " zh .*$zh_trans" "$WORK/c"
tap $? "a Chinese post past the first page shows its translation (\"$zh_trans\")"
LC_ALL=C r timeline --lang zh >"$WORK/c"
LC_ALL=C r timeline --lang en >"$WORK/e"
cmp -s "$WORK/c" "$WORK/e"
tap $? "timeline --lang zh under LC_ALL=C lists the English titles, as the explorer shows them"
LC_ALL=C r stats | grep -q '^  2025-01-14 *[0-9]* #'
tap $? "the stats chart's bars are # under LC_ALL=C"
LC_ALL=C r feed --search cat --limit 0 | grep -q ' o: '
tap $? "a search's mark is o: under LC_ALL=C"

# CSV and JSON Lines are UTF-8 whatever the locale: the same bytes as in
# C.UTF-8, Chinese included (the snippets of a search too).
# (The stats' rows are days and numbers: nothing but ASCII to compare.)
for cmd in "feed --limit 0" "feed --limit 0 --search 猫" "timeline" "authors --top 1000" "stats"; do
    for fmt in csv jsonl; do
        # shellcheck disable=SC2086
        LC_ALL=C r $cmd --format "$fmt" >"$WORK/c" 2>/dev/null
        # shellcheck disable=SC2086
        LC_ALL=C.UTF-8 r $cmd --format "$fmt" >"$WORK/u" 2>/dev/null
        cmp -s "$WORK/c" "$WORK/u" && [ -s "$WORK/c" ] &&
            { [ "$cmd" = stats ] || [ "$(high_bytes <"$WORK/c")" -gt 0 ]; }
        tap $? "refuge $cmd --format $fmt: the same UTF-8 under LC_ALL=C as under C.UTF-8"
    done
done

finish
