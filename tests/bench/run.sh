#!/bin/sh
# run.sh — `make bench`: makes (or reuses) synthetic caches of 10k, 100k and
# 1M posts, drives the real explorer through a pty on each, times the
# model's queries, the sqlite3 shell's first page (the floor) and imports,
# and prints one table against the targets of issue 10. BENCHMARKS.md
# explains every row.
#
# Environment (make sets the first two):
#   top_srcdir, top_builddir   where the sources and the programs are
#   BENCH_SIZES                posts per cache (default "10000 100000 1000000")
#   BENCH_RUNS                 runs per measurement, medians reported (default 5)
#   BENCH_IMPORT_N             posts in the import timing (default 100000)
#   BENCH_DIR                  caches and results (default
#                              $top_builddir/tests/bench/cache; gitignored)
#   BENCH_SIZE, BENCH_TERM     the pty (default 80x24, xterm-256color)
#   BENCH_QUIET                ms of silence that ends an answer (default 50)
set -eu

: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
: "${BENCH_SIZES:=10000 100000 1000000}"
: "${BENCH_RUNS:=5}"
: "${BENCH_IMPORT_N:=100000}"
: "${BENCH_DIR:=$top_builddir/tests/bench/cache}"
: "${BENCH_SIZE:=80x24}"
: "${BENCH_TERM:=xterm-256color}"
: "${BENCH_QUIET:=50}"

B=$top_builddir/tests/bench
REFUGE=$top_builddir/src/refuge
SEED=1
OUT=$BENCH_DIR/results
mkdir -p "$BENCH_DIR" "$OUT"
rm -f "$OUT"/*.tsv "$OUT"/*.txt

# The explorer sees a private home, no bundled dataset, a UTF-8 locale.
HOME=$BENCH_DIR/home
XDG_DATA_HOME=$HOME/data
XDG_CONFIG_HOME=$HOME/config
REFUGE_NO_BUNDLE=1
LANG=C.UTF-8
LC_ALL=C.UTF-8
TZ=UTC
export HOME XDG_DATA_HOME XDG_CONFIG_HOME REFUGE_NO_BUNDLE LANG LC_ALL TZ
unset NO_COLOR
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME"

SQLITE3=$(command -v sqlite3 || true)
start=$(date +%s)
log() { printf 'bench: %s\n' "$*" >&2; }

# ---- caches ----------------------------------------------------------------------
# A cache is made again only when the generator would now make something
# else (its meta line differs) or it is missing.
for n in $BENCH_SIZES; do
    dir=$BENCH_DIR/$n
    want=$("$B/gen" --describe --seed $SEED --posts "$n")
    have=""
    if [ -f "$dir/cache.db" ] && [ -n "$SQLITE3" ]; then
        have=$("$SQLITE3" "$dir/cache.db" "SELECT value FROM meta WHERE key = 'synthetic'" 2>/dev/null || true)
    fi
    csv=""
    [ "$n" = "$BENCH_IMPORT_N" ] && csv="--csv --zeeschuimer"
    if [ "$have" != "$want" ] || { [ -n "$csv" ] && [ ! -f "$dir/posts.ndjson" ]; }; then
        log "generating $n posts in $dir"
        rm -rf "$dir"
        mkdir -p "$dir"
        "$B/gen" --seed $SEED --posts "$n" --dir "$dir" $csv --db "$dir/cache.db" >"$dir/gen.log"
        cat "$dir/gen.log" >&2
        # posts.jsonl stays: grep over it is the floor of the batch listings.
    else
        log "reusing $dir/cache.db"
    fi
    # Bring the cache to this refuge's schema before anything is timed.
    "$REFUGE" --db "$dir/cache.db" stats --top 1 >/dev/null
done

# ---- the explorer in a pty, the model, the floor -----------------------------------
for n in $BENCH_SIZES; do
    db=$BENCH_DIR/$n/cache.db
    log "$n posts: explorer in a ${BENCH_SIZE} pty, $BENCH_RUNS runs"
    "$B/ptybench" --runs "$BENCH_RUNS" --size "$BENCH_SIZE" --term "$BENCH_TERM" \
        --quiet "$BENCH_QUIET" --scenario "$top_srcdir/tests/bench/scenario.txt" \
        -- "$REFUGE" --db "$db" >"$OUT/pty-$n.tsv"
    log "$n posts: searches in a 160x48 pty, stats on screen"
    "$B/ptybench" --runs "$BENCH_RUNS" --size 160x48 --term "$BENCH_TERM" \
        --quiet "$BENCH_QUIET" --scenario "$top_srcdir/tests/bench/scenario-wide.txt" \
        -- "$REFUGE" --db "$db" >"$OUT/wide-$n.tsv"
    log "$n posts: model queries"
    "$B/firstpage" --runs "$BENCH_RUNS" "$db" >"$OUT/model-$n.tsv"
    if [ -n "$SQLITE3" ]; then
        sql=$("$B/firstpage" --first-page-sql "$db")
        "$B/timeit" --runs $((BENCH_RUNS + 2)) -- "$SQLITE3" "$db" "$sql" >"$OUT/floor-$n.tsv"
    fi
done
last=""
for n in $BENCH_SIZES; do last=$n; done
"$B/firstpage" --plans "$BENCH_DIR/$last/cache.db" >"$OUT/plans-$last.txt"

# ---- comment threads: a 10,000-comment thread in a cache of a million comments -----
# threadbench makes its cache once (synthetic comments, marked in meta).
log "comment threads: 10,000 comments on a post, 1,000,000 in the cache, $BENCH_RUNS runs"
mkdir -p "$BENCH_DIR/comments"
"$B/threadbench" --runs "$BENCH_RUNS" "$BENCH_DIR/comments/cache.db" >"$OUT/thread.tsv"

# ---- imports ------------------------------------------------------------------------
idir=$BENCH_DIR/$BENCH_IMPORT_N
# The import's posts are made with the caches when BENCH_IMPORT_N is one of
# BENCH_SIZES; otherwise here, as files only, so every import row and
# budget is printed whatever the sizes.
if [ ! -f "$idir/posts.csv" ] || [ ! -f "$idir/posts.ndjson" ]; then
    log "generating the $BENCH_IMPORT_N posts to import in $idir"
    mkdir -p "$idir"
    "$B/gen" --seed $SEED --posts "$BENCH_IMPORT_N" --dir "$idir" --csv --zeeschuimer >&2
fi
if [ -f "$idir/posts.jsonl" ]; then
    for fmt in jsonl csv; do
        log "importing $BENCH_IMPORT_N posts from $fmt, $BENCH_RUNS runs"
        "$B/timeit" --runs "$BENCH_RUNS" --before "rm -f '$OUT/import.db' '$OUT/import.db-wal' '$OUT/import.db-shm'" \
            -- "$REFUGE" --db "$OUT/import.db" import --format "$fmt" "$idir/posts.$fmt" >"$OUT/import-$fmt.tsv"
    done
    # The same posts as a Zeeschuimer export (issue 24: at least 0.8 times
    # the rate of refuge's own JSON Lines).
    log "importing $BENCH_IMPORT_N posts from a Zeeschuimer export, $BENCH_RUNS runs"
    "$B/timeit" --runs "$BENCH_RUNS" --before "rm -f '$OUT/import.db' '$OUT/import.db-wal' '$OUT/import.db-shm'" \
        -- "$REFUGE" --db "$OUT/import.db" import "$idir/posts.ndjson" >"$OUT/import-ndjson.tsv"
    rm -f "$OUT/import.db" "$OUT/import.db-wal" "$OUT/import.db-shm"
fi

# ---- import budgets (issue 19): two phases against sqlite3's floors ----------------
# On the BENCH_IMPORT_N posts as CSV, medians of BENCH_RUNS, each into a new
# file: the floor of loading the CSV into a plain table with the sqlite3
# shell (.import), and of that plus an FTS5 trigram index rebuilt over it;
# refuge's rows phase alone (import --no-index: the rows are browsable when
# it exits) and its whole import; the bytes the whole import wrote
# (timeit's written column: /proc/PID/io write_bytes) and the cache's size.
# Then BENCH_COMMENTS comments (gen --comments) imported into a new cache:
# their rate against the posts'.
: "${BENCH_COMMENTS:=1000000}"
if [ -f "$idir/posts.csv" ] && [ -n "$SQLITE3" ]; then
    F=$OUT/floor.db
    I=$OUT/import.db
    fresh_floor="rm -f '$F' '$F-journal'"
    fresh_cache="rm -f '$I' '$I-wal' '$I-shm' '$I-journal'"
    log "import budgets: $BENCH_IMPORT_N posts, the sqlite3 floors and refuge's two phases, $BENCH_RUNS runs"
    {
        printf 'floor_import\t'
        "$B/timeit" --runs "$BENCH_RUNS" --before "$fresh_floor" -- \
            "$SQLITE3" "$F" ".import --csv '$idir/posts.csv' t"
        printf 'floor_import_fts\t'
        "$B/timeit" --runs "$BENCH_RUNS" --before "$fresh_floor" -- \
            "$SQLITE3" "$F" ".import --csv '$idir/posts.csv' t" \
            "CREATE VIRTUAL TABLE f USING fts5(text, translation, content='t', tokenize='trigram');
             INSERT INTO f(f) VALUES('rebuild');"
        printf 'rows\t'
        "$B/timeit" --runs "$BENCH_RUNS" --before "$fresh_cache" -- \
            "$REFUGE" --db "$I" import --no-index --format csv "$idir/posts.csv"
        printf 'rows_cache_bytes\t%s\n' "$(cat "$I" "$I-wal" 2>/dev/null | wc -c)"
        printf 'whole\t'
        "$B/timeit" --runs "$BENCH_RUNS" --before "$fresh_cache" -- \
            "$REFUGE" --db "$I" import --format csv "$idir/posts.csv"
        printf 'cache_bytes\t%s\n' "$(cat "$I" "$I-wal" 2>/dev/null | wc -c)"
        printf 'posts\t%s\n' "$BENCH_IMPORT_N"
    } >"$OUT/budget.tsv"
    rm -f "$F" "$F-journal" "$I" "$I-wal" "$I-shm"
    cdir=$BENCH_DIR/comments-$BENCH_COMMENTS
    if [ ! -f "$cdir/comments.jsonl" ]; then
        log "generating $BENCH_COMMENTS comments in $cdir"
        mkdir -p "$cdir"
        "$B/gen" --seed $SEED --posts 100000 --comments "$BENCH_COMMENTS" --dir "$cdir" >&2
    fi
    log "importing $BENCH_COMMENTS comments, 1 run"
    printf 'comments\t' >>"$OUT/budget.tsv"
    "$B/timeit" --runs 1 --before "$fresh_cache" -- \
        "$REFUGE" --db "$I" import "$cdir/comments.jsonl" >>"$OUT/budget.tsv"
    printf 'ncomments\t%s\n' "$BENCH_COMMENTS" >>"$OUT/budget.tsv"
    printf 'comments_cache_bytes\t%s\n' "$(cat "$I" "$I-wal" 2>/dev/null | wc -c)" >>"$OUT/budget.tsv"
    rm -f "$I" "$I-wal" "$I-shm"
fi

# ---- batch listings against grep over the same posts -----------------------------
# Each listing of every match, and grep -c of the source file, its floor,
# timed in turns in the same run (ratios hold under load); peak RSS too.
SEARCH='cat tax'
t() { label=$1; shift; printf '%s\t' "$label"; "$B/timeit" --runs "$BENCH_RUNS" -- "$@"; }
for n in $BENCH_SIZES; do
    src=$BENCH_DIR/$n/posts.jsonl
    db=$BENCH_DIR/$n/cache.db
    if [ ! -f "$src" ]; then
        log "$n posts: no $src (made by gen since issue 19; remove the cache), batch skipped"
        continue
    fi
    log "$n posts: batch listings and their grep floor, $BENCH_RUNS runs"
    {
        # GNU grep stops at the first match when its output is /dev/null
        # (where timeit sends it): count into a file.
        t grep_search sh -c 'grep -c -- "$1" "$2" >"$3"' sh "$SEARCH" "$src" "$OUT/grep.out"
        t feed_jsonl "$REFUGE" --db "$db" feed --search "$SEARCH" --format jsonl --limit 0
        t feed_csv "$REFUGE" --db "$db" feed --search "$SEARCH" --format csv --limit 0
        t feed_text "$REFUGE" --db "$db" feed --search "$SEARCH" --limit 0
        t feed_md "$REFUGE" --db "$db" feed --search "$SEARCH" --format md --limit 0
        t grep_all sh -c 'grep -c -- "$1" "$2" >"$3"' sh '"id"' "$src" "$OUT/grep.out"
        t feed_all "$REFUGE" --db "$db" feed --format jsonl --limit 0
        t export_posts "$REFUGE" --db "$db" export --what posts --format jsonl
        t feed_all_csv "$REFUGE" --db "$db" feed --format csv --limit 0
        t feed_all_text "$REFUGE" --db "$db" feed --limit 0
        # Every author, row by row as the sort's index gives them: its
        # peak RSS says whether the listing streams.
        t authors_every "$REFUGE" --db "$db" authors --top 0 --format jsonl
        # Every author, unfiltered: the importer's per-author totals (issue
        # 16; a read of every post took 33-64 s at a million), against the
        # feed's first page of the same run.
        t feed_page "$REFUGE" --db "$db" feed --limit 20
        t authors_all "$REFUGE" --db "$db" authors --top 20
    } >"$OUT/batch-$n.tsv"
done

# ---- line scrolling past the first screen: bytes a step ---------------------------
# Bytes do not depend on the load: one run, the median of 100 steps. Then
# again with [ui] scroll_jump at half the screen's height, and in the narrow
# layout.
big=$BENCH_DIR/${BENCH_SIZES##* }/cache.db
for size in 80x24 200x50; do
    rows=${size#*x}
    printf '[ui]\nscroll_jump = %d\n' $((rows / 2 - 1)) >"$OUT/jump.ini"
    for jump in "" jump; do
        log "line scrolling at $size on the ${BENCH_SIZES##* } cache${jump:+, scroll_jump = $((rows / 2 - 1))}"
        "$B/ptybench" --runs 1 --size "$size" --term "$BENCH_TERM" --quiet "$BENCH_QUIET" \
            --scenario "$top_srcdir/tests/bench/scenario-scroll.txt" \
            -- "$REFUGE" --db "$big" ${jump:+--config "$OUT/jump.ini"} >"$OUT/scroll$jump-$size.tsv"
    done
    # The narrow layout (one pane under a tab bar) at the same size.
    printf '[ui]\nlayout = narrow\n' >"$OUT/narrow.ini"
    log "line scrolling at $size on the ${BENCH_SIZES##* } cache, narrow layout"
    "$B/ptybench" --runs 1 --size "$size" --term "$BENCH_TERM" --quiet "$BENCH_QUIET" \
        --scenario "$top_srcdir/tests/bench/scenario-narrow.txt" \
        -- "$REFUGE" --db "$big" --config "$OUT/narrow.ini" >"$OUT/scrollnarrow-$size.tsv"
done

# ---- exports: every post of every cache, the line count checked --------------------
for n in $BENCH_SIZES; do
    log "exporting the $n posts"
    sh "$top_srcdir/tests/bench/exportcheck.sh" "$BENCH_DIR/$n/cache.db" >"$OUT/export-$n.tsv"
    sed "s/^/$n\t/" "$OUT/export-$n.tsv" >>"$OUT/export.tsv"
done

# ---- the table ------------------------------------------------------------------------
{
    echo "machine	$(nproc) cores, $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n1), $(awk '/^MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)"
    echo "load	$(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) at the end"
    echo "software	$(uname -sr); SQLite $("$SQLITE3" -version 2>/dev/null | cut -d' ' -f1); $(ncursesw6-config --version 2>/dev/null | sed 's/^/ncurses /')"
    echo "pty	$BENCH_SIZE TERM=$BENCH_TERM, quiet $BENCH_QUIET ms, $BENCH_RUNS runs (medians)"
    echo "refuge	$("$REFUGE" --version | head -n1), commit $(git -C "$top_srcdir" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$top_srcdir" diff --quiet HEAD 2>/dev/null || echo ' (modified)')"
} >"$OUT/machine.txt"

awk -v sizes="$BENCH_SIZES" -v out="$OUT" -v import_n="$BENCH_IMPORT_N" \
    -f "$top_srcdir/tests/bench/table.awk" >"$OUT/table.md"
cat "$OUT/machine.txt" | sed 's/\t/: /'
echo
cat "$OUT/table.md"
echo
echo "comment threads (10,000 comments on one post, 1,000,000 in the cache; ms, medians):"
awk -F'\t' 'NR == 1 { next }
    $1 == "floor_count_thread" { floor = $3 }
    {
        ratio = (floor > 0 && $1 != "floor_count_thread") ? sprintf("%.0fx the floor", $3 / floor) : ""
        verdict = ""
        if ($1 == "thread_open")
            verdict = ($3 + 0 <= 50) ? "met (target <= 50 ms)" : "**MISSED** (target <= 50 ms)"
        printf "  %-22s rows %-6s median %8.3f  first %8.3f  %-16s %s\n", $1, $2, $3, $4, ratio, verdict
    }' \
    "$OUT/thread.tsv"
echo
if [ -f "$OUT/budget.tsv" ]; then
    echo "import budgets (issue 19; $BENCH_IMPORT_N posts as CSV, medians of $BENCH_RUNS; floors in the same run):"
    awk -F'\t' '
        { ms[$1] = $3; w[$1] = $7; cpu[$1] = $8; v[$1] = $2 }
        END {
            n = v["posts"]; size = v["cache_bytes"]

            # Wall time is the target; the CPU ratio beside it says what a
            # loaded machine did to the wall figures.
            printf "  %-40s %10.0f ms  (CPU %.0f ms)\n", "floor: sqlite3 .import into a plain table", ms["floor_import"], cpu["floor_import"]
            printf "  %-40s %10.0f ms  (CPU %.0f ms)\n", "floor: .import and an FTS5 trigram rebuild", ms["floor_import_fts"], cpu["floor_import_fts"]
            r = ms["rows"] / ms["floor_import"]
            printf "  %-40s %10.0f ms  %5.2fx .import  %s  (CPU %.2fx)\n", "rows browsable (import --no-index)", ms["rows"], r, (r <= 2 ? "met (<= 2x)" : "**MISSED** (<= 2x)"), cpu["rows"] / cpu["floor_import"]
            r = ms["whole"] / ms["floor_import_fts"]
            printf "  %-40s %10.0f ms  %5.2fx the floor  %s  (CPU %.2fx)\n", "whole import, index included", ms["whole"], r, (r <= 0.5 ? "met (<= 0.5x)" : "**MISSED** (<= 0.5x)"), cpu["whole"] / cpu["floor_import_fts"]
            r = w["whole"] * 1024 / size
            printf "  %-40s %10.1f MiB %5.2fx the cache  %s\n", "bytes written by the whole import", w["whole"] / 1024, r, (r <= 1.5 ? "met (<= 1.5x)" : "**MISSED** (<= 1.5x)")
            # Where they go: the rows phase against the cache it leaves,
            # the index phase (the rest) against what the index adds.
            rs = v["rows_cache_bytes"]
            if (rs > 0 && size > rs) {
                printf "  %-40s %10.1f MiB %5.2fx its cache (%.1f MiB)\n", "  of which the rows phase", w["rows"] / 1024, w["rows"] * 1024 / rs, rs / 1048576
                printf "  %-40s %10.1f MiB %5.2fx what it adds (%.1f MiB)\n", "  and the index phase (the rest)", (w["whole"] - w["rows"]) / 1024, (w["whole"] - w["rows"]) * 1024 / (size - rs), (size - rs) / 1048576
            }
            r = size / n
            printf "  %-40s %10.0f B   %s\n", "cache per post", r, (r <= 1200 ? "met (<= 1.2 KB)" : "**MISSED** (<= 1.2 KB)")
            if (v["ncomments"] > 0 && ms["comments"] > 0) {
                pr = n / (ms["whole"] / 1000); cr = v["ncomments"] / (ms["comments"] / 1000)
                printf "  %-40s %10.0f ms  %.0f comments/s against %.0f posts/s: %.2fx  %s\n", "comments import (" v["ncomments"] ")", ms["comments"], cr, pr, cr / pr, (cr >= pr ? "met (at the posts'"'"' rate)" : "**MISSED** (at the posts'"'"' rate)")
                cs = v["comments_cache_bytes"]
                if (cs > 0)
                    printf "  %-40s %10.1f MiB %5.2fx the cache  %s\n", "bytes written by the comments import", w["comments"] / 1024, w["comments"] * 1024 / cs, (w["comments"] * 1024 / cs <= 1.5 ? "met (<= 1.5x)" : "**MISSED** (<= 1.5x)")
            }
        }' "$OUT/budget.tsv"
    echo
fi
echo "exports (posts, format, lines, seconds; every line count checked):"
cat "$OUT/export.tsv"
echo
echo "(results in $OUT; query plans in $OUT/plans-$last.txt; $(($(date +%s) - start)) s)"
