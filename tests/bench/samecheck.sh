#!/bin/sh
# samecheck.sh OLD NEW CACHE [COMMENTS-CACHE] — the batch listings of two
# builds of refuge, byte for byte, before an optimisation lands (issue 19:
# output must not change).
#
# Lists, with each build, from copies of CACHE: a search's posts, every
# post, every author and every comment (from COMMENTS-CACHE when given: the
# old comments listing was quadratic, give it a small one), each in text,
# CSV, JSON Lines and Markdown, into files; then the same for the posts a
# search for POST finds (the hostile suite's markers) and one thread's
# comments with stdout a terminal (script(1)), where escaping is stricter.
# Also: authors under a filter and its first 50, pseudonymised listings,
# and text and Markdown in the C locale (ASCII). Prints one line per
# listing (same / DIFFERENT, bytes) and exits 1 when any differs. Meant
# for a cache of 200,000 posts with the hostile suite imported
# (tests/screen/hostile_gen.sh, its inject.sql) and some posts and comments
# coded; BENCHMARKS.md says how the one of issue 19 was made.
set -u
[ $# -ge 3 ] || { echo "usage: $0 OLD NEW CACHE [COMMENTS-CACHE]" >&2; exit 2; }
OLD=$1 NEW=$2 DB=$3 CDB=${4:-$3}
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
export LC_ALL=C.UTF-8 TZ=UTC REFUGE_NO_BUNDLE=1 HOME="$W/home" COLUMNS=100
unset NO_COLOR
mkdir -p "$HOME"
# Each build reads its own copy: opening may migrate a cache. The copies
# share the pseudonyms' salt (made by the first --pseudonymise, at random).
cp "$DB" "$W/old.db"
cp "$CDB" "$W/old-c.db"
"$OLD" --db "$W/old.db" feed --limit 1 --pseudonymise >/dev/null 2>&1
"$OLD" --db "$W/old-c.db" feed --limit 1 --pseudonymise >/dev/null 2>&1
cp "$W/old.db" "$W/new.db"
cp "$W/old-c.db" "$W/new-c.db"
status=0

# same NAME ARGS...: runs both builds into NAME.old and NAME.new, compares.
same() {
    name=$1
    shift
    "$OLD" --db "$W/old$DBSUFFIX.db" "$@" >"$W/$name.old" 2>"$W/$name.olderr"
    "$NEW" --db "$W/new$DBSUFFIX.db" "$@" >"$W/$name.new" 2>"$W/$name.newerr"
    report "$name"
}

# The same in the C locale: text and Markdown in ASCII.
same_c() {
    name=$1
    shift
    LC_ALL=C "$OLD" --db "$W/old$DBSUFFIX.db" "$@" >"$W/$name.old" 2>"$W/$name.olderr"
    LC_ALL=C "$NEW" --db "$W/new$DBSUFFIX.db" "$@" >"$W/$name.new" 2>"$W/$name.newerr"
    report "$name"
}

# The same through a terminal (script(1) gives the listing a pty).
same_tty() {
    name=$1
    shift
    script -qec "\"$OLD\" --db \"$W/old$DBSUFFIX.db\" $*" /dev/null >"$W/$name.old" 2>&1
    script -qec "\"$NEW\" --db \"$W/new$DBSUFFIX.db\" $*" /dev/null >"$W/$name.new" 2>&1
    report "$name"
}

report() {
    # stdout, and stderr when it was kept apart
    if cmp -s "$W/$1.old" "$W/$1.new" &&
        { [ ! -f "$W/$1.olderr" ] || cmp -s "$W/$1.olderr" "$W/$1.newerr"; }; then
        printf 'same       %-28s %12s bytes\n' "$1" "$(wc -c <"$W/$1.new")"
    else
        printf 'DIFFERENT  %-28s %12s / %s bytes\n' "$1" "$(wc -c <"$W/$1.old")" "$(wc -c <"$W/$1.new")"
        cmp "$W/$1.old" "$W/$1.new" | head -n 1
        status=1
    fi
}

DBSUFFIX=""
for f in text csv jsonl md; do
    same "search-$f" feed --search 'cat tax' --format "$f" --limit 0
    same "all-$f" feed --format "$f" --limit 0
    same "hostile-$f" feed --search POST --format "$f" --limit 0
    same "authors-$f" authors --format "$f" --top 0
    same "authors-zh-$f" authors --format "$f" --top 0 --lang zh
    same "authors-top-$f" authors --format "$f" --top 50 --lang zh
    same "pseudo-$f" feed --search 'cat tax' --format "$f" --limit 0 --pseudonymise
done
for f in text md; do
    same_c "ascii-search-$f" feed --search 'cat tax' --format "$f" --limit 0
    same_c "ascii-all-$f" feed --format "$f" --limit 0
done
same authors-pseudo authors --format csv --top 0 --pseudonymise
same export-posts export --what posts --format jsonl
same export-csv export --what posts --format csv
DBSUFFIX="-c"
for f in text csv jsonl md; do
    same "comments-$f" comments --format "$f"
done
command -v script >/dev/null || { echo "# no script(1): the terminal listings are skipped"; exit $status; }
DBSUFFIX=""
for f in text csv jsonl md; do
    same_tty "tty-hostile-$f" feed --search POST --format "$f" --limit 0
done
DBSUFFIX="-c"
for f in text csv jsonl md; do
    same_tty "tty-thread-$f" comments --post x:h-csi --format "$f"
done
exit $status
