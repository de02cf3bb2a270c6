#!/bin/sh
# A cache of an older schema opened by this refuge (migration 19): its
# search indexes are made anew without positions and built again, in
# steps, by the run that upgrades it; searches then find exactly the
# posts that hold the words, not those that merely hold their trigrams.
# No terminal needed.
. "${top_srcdir:-.}/tests/screen/lib.sh"

DB="$WORK/old.db"
r() { REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$DB" "$@"; }

if ! command -v sqlite3 >/dev/null 2>&1; then
    echo "ok $((TAP_N = TAP_N + 1)) # SKIP sqlite3 not installed"
    finish
fi

# A version 7 cache with 25,000 more posts (past two index steps of
# 10,000): every hundredth holds "abcd", the one after it "abcxbcd" (every
# trigram of abcd, not the word).
{
    cat "$top_srcdir/tests/data/schema-v7.sql"
    cat <<'SQL'
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 25000)
INSERT INTO posts(platform, ext_id, lang, ts_utc, text)
SELECT 'xiaohongshu', 'grown' || i, 'en', 1737000000 + i * 60, 'grown post ' || i ||
  CASE i % 100 WHEN 0 THEN ' abcd' WHEN 1 THEN ' abcxbcd' ELSE '' END FROM n;
SQL
} | sqlite3 "$DB"
[ "$(sqlite3 "$DB" 'PRAGMA user_version')" = 7 ]
tap $? "a version 7 cache of 25,002 posts is made"

out=$(r feed --search abcd --format jsonl --limit 0 2>"$WORK/err")
tap $? "the first run upgrades it and searches"
[ "$(sqlite3 "$DB" "SELECT value FROM meta WHERE key = 'index_posts'")" = \
    "$(sqlite3 "$DB" 'SELECT max(id) FROM posts')" ]
tap $? "its search index was built to the last post"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM sqlite_schema WHERE name = 'posts_fts'
     AND sql LIKE '%detail=none%'")" = 1 ]
tap $? "without positions"
grep -q "search index: 100%" "$WORK/err" && ! grep -q "not indexed" "$WORK/err"
tap $? "its progress is on stderr, to the end"
[ "$(printf '%s\n' "$out" | grep -c '"id":"grown')" -eq 250 ] &&
    ! printf '%s\n' "$out" | grep -q 'abcxbcd'
tap $? "the search lists the 250 posts with abcd and none with only its trigrams"
[ "$(r feed --search abcd --format jsonl --limit 0 --sort likes 2>/dev/null | grep -c .)" -eq 250 ]
tap $? "in any order"

r stats --search abcd >"$WORK/stats" 2>"$WORK/err2"
grep -q "^posts 250 " "$WORK/stats" && [ ! -s "$WORK/err2" ]
tap $? "the next run counts them, and builds nothing"
r check >"$WORK/check" 2>&1
grep -q "^integrity: ok$" "$WORK/check"
tap $? "the upgraded cache checks out"

finish
