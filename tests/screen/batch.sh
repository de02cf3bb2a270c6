#!/bin/sh
# The batch commands end to end: the cache's location, import of every
# format (and its failures: FILE:LINE messages, exit status, rollback),
# export | import round trips, check, and timeline/feed/stats in each
# output format. No terminal needed.
. "${top_srcdir:-.}/tests/screen/lib.sh"

DATA="$top_srcdir/tests/data"
DB="$WORK/t.db"
r() { REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$DB" "$@"; }

# ---- where the cache lives --------------------------------------------------

out=$("$REFUGE" check 2>"$WORK/err")
tap $? "check on first start succeeds"
[ -f "$XDG_DATA_HOME/refuge/cache.db" ]
tap $? "the default cache is created under XDG_DATA_HOME, with its directory"
echo "$out" | grep -q "^integrity: ok$"
tap $? "a new cache is intact"
echo "$out" | grep -Eq "^bundled dataset: [0-9a-f]{16}$"
tap $? "the bundled dataset is loaded on first start"

: >"$WORK/plainfile"
XDG_DATA_HOME="$WORK/plainfile/data" "$REFUGE" check >/dev/null 2>"$WORK/err"
[ $? -eq 1 ] && grep -q "choose another cache with --db PATH" "$WORK/err" &&
    [ "$(wc -l <"$WORK/err")" -eq 1 ]
tap $? "an unusable data directory is one line on stderr that offers --db"
"$REFUGE" --db "$WORK/plainfile/cache.db" check >/dev/null 2>"$WORK/err"
[ $? -eq 1 ] && grep -q "^refuge: cannot create the cache .*--db PATH$" "$WORK/err"
tap $? "so is a --db path whose directory cannot hold it"

for i in 1 2 3 4; do
    "$REFUGE" --db "$WORK/race.db" check >/dev/null 2>"$WORK/race$i.err" &
done
wait
[ ! -s "$WORK/race1.err" ] && [ ! -s "$WORK/race2.err" ] && [ ! -s "$WORK/race3.err" ] &&
    [ ! -s "$WORK/race4.err" ] && "$REFUGE" --db "$WORK/race.db" check >/dev/null
tap $? "four refuges creating one cache at once all succeed"

# ---- import -------------------------------------------------------------------

out=$(r import "$DATA/posts.jsonl")
[ $? -eq 0 ] && echo "$out" | grep -Eq "^imported 5 posts, 0 skipped, [0-9.]+ s$"
tap $? "import of JSON Lines prints a summary"
out=$(r import --format csv - <"$DATA/posts.csv")
[ $? -eq 0 ] && echo "$out" | grep -q "^imported 3 posts"
tap $? "import of CSV from standard input with --format"
out=$(r import "$DATA/events.jsonl" "$DATA/figures.jsonl")
echo "$out" | grep -q "^imported 0 posts, 3 events, 3 figures"
tap $? "import of events and figures"
for f in mediacrawler.json mediacrawler.jsonl mediacrawler.csv; do
    out=$(r import "$DATA/$f")
    [ $? -eq 0 ] && echo "$out" | grep -Eq "^imported [02] posts"
    tap $? "import of MediaCrawler's $f"
done
out=$(r import "$DATA/posts.jsonl" "$DATA/posts.csv" "$DATA/events.jsonl")
echo "$out" | grep -q "^imported 0 posts, 11 unchanged, 0 skipped"
tap $? "importing the same files again changes nothing"

before=$(r check)
printf '{"id":"ok","time":"2025-01-20","text":"fine"}\n{"id":"bad","time":"2025-01-20","text":"x","lang":"fr_FR"}\n' >"$WORK/bad.jsonl"
r import "$WORK/bad.jsonl" >/dev/null 2>"$WORK/err"
[ $? -eq 1 ]
tap $? "a bad record fails the import with status 1"
grep -q "^refuge: $WORK/bad.jsonl:2: lang: expected a language code like zh, en or ja, got 'fr_FR'; nothing was imported" "$WORK/err" &&
    [ "$(wc -l <"$WORK/err")" -eq 1 ]
tap $? "in one line naming FILE:LINE and the reason"
[ "$(r check)" = "$before" ]
tap $? "and the cache is as it was"
r import /dev/zero >/dev/null 2>"$WORK/err"
[ $? -eq 1 ] && grep -q "^refuge: /dev/zero:1: not UTF-8 text: it starts with NUL bytes" "$WORK/err"
tap $? "import /dev/zero is refused at once as not text"
r import --format jsonl /dev/zero >/dev/null 2>"$WORK/err"
[ $? -eq 1 ] && grep -q "not UTF-8 text" "$WORK/err"
tap $? "and so with a format given"
out=$(r import --skip-bad "$WORK/bad.jsonl" 2>"$WORK/err")
[ $? -eq 0 ] && echo "$out" | grep -q "^imported 1 post, 1 skipped" &&
    echo "$out" | grep -q "bad.jsonl: refuge, 2 records: 1 post new, 0 updated; 0 comments new" &&
    grep -q "bad.jsonl:2: lang" "$WORK/err"
tap $? "--skip-bad imports the good records and reports the bad, one post as \"1 post\""
# A file refused as a whole: --skip-bad cannot help, so it is neither
# suggested nor taken as leave to go on.
printf 'hello\nworld\n' >"$WORK/wrong.txt"
before=$(r check)
r import "$WORK/wrong.txt" >/dev/null 2>"$WORK/err"
[ $? -eq 1 ] && grep -q "wrong.txt: plain text, not JSON, JSON Lines or CSV; nothing was imported" "$WORK/err" &&
    ! grep -q -- "--skip-bad" "$WORK/err"
tap $? "a refused file fails the import without suggesting --skip-bad"
r import --skip-bad "$WORK/bad.jsonl" "$WORK/wrong.txt" >"$WORK/out" 2>"$WORK/err"
[ $? -eq 1 ] && grep -q "wrong.txt: plain text, not JSON, JSON Lines or CSV; nothing was imported" "$WORK/err" &&
    ! grep -q "^imported" "$WORK/out" && [ "$(r check)" = "$before" ]
tap $? "and with --skip-bad too: status 1, nothing imported, not even the other file's good records"
printf '{"id":"e","time":"2025-01-20","text":"x","lang":"\\u001b]0;owned\\u0007"}\n' >"$WORK/evil.jsonl"
r import "$WORK/evil.jsonl" >/dev/null 2>"$WORK/err"
[ $? -eq 1 ] && grep -q "evil.jsonl:1: lang: expected a language code" "$WORK/err" &&
    ! grep -q "$(printf '\033')" "$WORK/err" && ! grep -q "$(printf '\007')" "$WORK/err"
tap $? "a message quoting a bad value never sends its control characters raw"
r import "$WORK/missing.jsonl" >/dev/null 2>"$WORK/err"
[ $? -eq 1 ] && grep -q "cannot open .*missing.jsonl" "$WORK/err"
tap $? "a missing file is a runtime error"

# ---- check and export round trips ---------------------------------------------

# The schema version this refuge writes, as the program says it: its
# refusal of a cache from a newer refuge names the version it understands.
# Without sqlite3 to make such a cache, any version number is accepted.
schema='[0-9][0-9]*'
if command -v sqlite3 >/dev/null; then
    sqlite3 "$WORK/future.db" "CREATE TABLE t(x); PRAGMA user_version = 99;"
    schema=$("$REFUGE" --db "$WORK/future.db" check 2>&1 >/dev/null |
        sed -n 's/.*newer than this refuge understands (\([0-9][0-9]*\)).*/\1/p')
fi
out=$(r check)
[ $? -eq 0 ] && [ -n "$schema" ] && echo "$out" | grep -q "^posts: 11$" &&
    echo "$out" | grep -q "^events: 3$" &&
    echo "$out" | grep -q "^schema version: $schema (this refuge writes $schema)$"
tap $? "check reports integrity, version (${schema}, the one this refuge writes) and counts"

# Comments of two collections (replies two levels deep, a lower bound, a
# like count of 赞) join the round trips below.
out=$(r import "$DATA/collections/zeeschuimer/xiaohongshu-comments.ndjson" \
    "$DATA/collections/mediacrawler/xhs-2025-01/1_search_comments_2025-01-16.csv")
[ $? -eq 0 ] && echo "$out" | grep -q "xiaohongshu-comments.ndjson: zeeschuimer:xiaohongshu-comments, 3 records: 0 posts new, 0 updated; 6 comments new" &&
    echo "$out" | grep -q "^imported 0 posts, 9 comments, 1 unchanged"
tap $? "import prints what each file was read as and gave"
out=$(r comments --post xiaohongshu:6785d62d000000001e03a102 --format jsonl)
[ "$(echo "$out" | wc -l)" -eq 5 ] &&
    [ "$(echo "$out" | head -n 3 | sed 's/^{"id":"\([0-9a-f]*\)".*/\1/' | tr '\n' ' ')" = \
      "6785d7e0000000000c01c001 6785d916000000000c01c002 6785da9c000000000c01c003 " ]
tap $? "comments --post lists a post's comments in thread order"
r check | grep -q "^comments: 9$"
tap $? "check counts the comments"
r export >"$WORK/a.jsonl"
REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$WORK/b.db" import - <"$WORK/a.jsonl" >/dev/null
REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$WORK/b.db" export >"$WORK/b.jsonl"
cmp -s "$WORK/a.jsonl" "$WORK/b.jsonl" && [ -s "$WORK/a.jsonl" ]
tap $? "export | import --db other.db - reproduces the data, comments included"
for what in events figures posts comments; do
    r export --what $what --format csv >"$WORK/$what.csv"
done
REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$WORK/c.db" import "$WORK/events.csv" "$WORK/figures.csv" \
    "$WORK/posts.csv" "$WORK/comments.csv" >/dev/null
REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$WORK/c.db" export >"$WORK/c.jsonl"
cmp -s "$WORK/a.jsonl" "$WORK/c.jsonl"
tap $? "so does the CSV export of each kind"
"$REFUGE" --db "$WORK/d.db" export | "$REFUGE" --db "$WORK/e.db" import - >/dev/null &&
    [ "$("$REFUGE" --db "$WORK/d.db" export | wc -l)" = "$("$REFUGE" --db "$WORK/e.db" export | wc -l)" ]
tap $? "the bundled dataset round-trips too"

# ---- timeline ------------------------------------------------------------------

out=$(COLUMNS=80 r timeline)
[ $? -eq 0 ] && echo "$out" | grep -q "^2025-01-18  22:30 ET   outage .*The app goes dark"
tap $? "timeline prints aligned plain text"
[ "$(echo "$out" | wc -l)" -eq 3 ]
tap $? "one line per event"
[ "$(COLUMNS=60 r timeline | LC_ALL=C.UTF-8 wc -L)" -le 60 ]
tap $? "and fits the width"
out=$(r timeline --kind outage,report --from 2025-01 --lang zh)
echo "$out" | grep -q "应用停止服务" && [ "$(echo "$out" | wc -l)" -eq 2 ]
tap $? "timeline --kind, --from a month and --lang zh"
r timeline --format md | head -n 2 | grep -q "^|---|---|---|---|---|$"
tap $? "timeline --format md is a Markdown table"
r timeline --format csv | head -n 1 | grep -q "^id,date,time,utc_offset,tz,kind"
tap $? "timeline --format csv has the import header"
r timeline --format jsonl --to 2024 | REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$WORK/f.db" import - |
    grep -q "^imported 0 posts, 1 event, "
tap $? "timeline --format jsonl is importable"

# ---- feed ------------------------------------------------------------------------

out=$(COLUMNS=100 r feed)
[ $? -eq 0 ] && [ "$(echo "$out" | wc -l)" -eq 11 ]
tap $? "feed lists the posts"
echo "$out" | head -n 1 | grep -Eq "^2025-01-20 00:00 en   unk… " &&
    COLUMNS=200 r feed | head -n 1 | grep -Eq "^2025-01-20 00:00 UTC +en +unknown "
tap $? "newest first, with the time, language and platform (its zone and whole name at 200 columns)"
out=$(r feed --search 猫)
[ "$(echo "$out" | wc -l)" -eq 2 ]
tap $? "feed --search with one Chinese character"
out=$(r feed --search 猫税 --lang zh)
[ "$(echo "$out" | wc -l)" -eq 2 ]
tap $? "feed --search with two Chinese characters and --lang"
out=$(r feed --search "CAT TAX")
[ "$(echo "$out" | wc -l)" -eq 2 ]
tap $? "feed --search in English ignores case"
out=$(r feed --tag '#tiktokban' --sort likes --limit 1)
echo "$out" | grep -q "sam.bakes" && [ "$(echo "$out" | wc -l)" -eq 1 ]
tap $? "feed --tag, --sort likes and --limit"
COLUMNS=120 r feed --from 2025-01-16 --to 2025-01-16 | grep -q "plain English text"
tap $? "feed --from and --to take whole days"
r feed --format md --platform lemon8 | grep -q "^  > Lemon8 went dark too\.$"
tap $? "feed --format md quotes the text"
[ "$(r feed --format csv --search 猫 | grep -c '^"')" -eq 2 ]
tap $? "feed --format csv writes one row per post"
r feed --format jsonl --platform tiktok | REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$WORK/g.db" import - |
    grep -q "^imported 2 posts"
tap $? "feed --format jsonl is importable"
r feed --search nothing-like-this >/dev/null 2>"$WORK/err"
[ $? -eq 0 ] && grep -q "no posts match" "$WORK/err"
tap $? "an empty result says so on stderr"

printf '{"id":"esc","time":"2025-01-21","text":"red \\u001b[31malert\\u001b[0m \\u202eevil"}\n' >"$WORK/esc.jsonl"
r import "$WORK/esc.jsonl" >/dev/null
r feed --limit 1 >"$WORK/feed.txt"
! grep -q "$(printf '\033')" "$WORK/feed.txt" && grep -q "alert" "$WORK/feed.txt"
tap $? "escape sequences in posts never reach the terminal raw"

# ---- stats -----------------------------------------------------------------------

out=$(r stats --top 3)
[ $? -eq 0 ] && echo "$out" | grep -q "^posts 12 (zh 4, en 8), likes "
tap $? "stats prints totals and the language split"
echo "$out" | grep -q "^  2025-01-14 "
tap $? "and posts per day"
echo "$out" | grep -q "^  #猫税 "
tap $? "and the top tags"
r stats --lang zh --format csv | head -n 1 | grep -q "^day,posts,posts_zh,posts_en,likes"
tap $? "stats --format csv"
r stats --format jsonl | head -n 1 | grep -q '^{"day":"2025-01-14","posts":3,'
tap $? "stats --format jsonl"
r stats --format md --tag cattax | grep -q "^## Posts in the cache"
tap $? "stats --format md"

# ---- usage errors and the schema guard --------------------------------------------

usage() { # usage DESCRIPTION ARGS...
    name=$1
    shift
    r "$@" >/dev/null 2>"$WORK/err"
    [ $? -eq 2 ] && [ "$(wc -l <"$WORK/err")" -eq 2 ] && grep -q "^refuge: " "$WORK/err"
    tap $? "$name is a usage error"
}
usage "import without a file" import
usage "an unknown import format" import --format xml x
usage "a --lang that is no language code" feed --lang "fr FR"
usage "an unknown event kind" timeline --kind party
usage "a bad date" feed --from 2025-13-01
usage "CSV export of everything at once" export --format csv
usage "an unknown option" stats --colour

if command -v sqlite3 >/dev/null; then
    "$REFUGE" --db "$WORK/future.db" check >/dev/null 2>"$WORK/err"
    [ $? -eq 1 ] && grep -q "newer than this refuge understands" "$WORK/err"
    tap $? "a cache from a newer refuge is refused"
else
    echo "ok $((TAP_N = TAP_N + 1)) # SKIP sqlite3 not installed"
fi

finish
