#!/bin/sh
# authors.sh — who wrote what: `refuge authors` in every format with its
# --top and filters, `refuge feed --author` by PLATFORM:KEY or the key
# alone in every format (never by a display name, so two people under one
# masked nickname stay two), and the explorer's authors list: A lists the
# authors of the listed posts (more than a screen of them), o orders them,
# a shows a post's author, Enter filters the feed to them and c clears it.
. "${top_srcdir:-.}/tests/screen/lib.sh"

C=$top_srcdir/tests/data/collections
DB=$WORK/authors.db
r() { REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$DB" "$@"; }

# A Xiaohongshu collection with comments (seven keyed authors), and forty
# name-only authors of refuge's own records, one post each but the first.
i=0
while [ $i -lt 40 ]; do
    n=1
    [ $i -eq 0 ] && n=3
    while [ $n -gt 0 ]; do
        printf '{"id":"w%d-%d","platform":"x","author":"writer%02d","lang":"en","time":"2025-02-%02dT10:00:00Z","likes":%d,"text":"post %d of writer%02d"}\n' \
            "$i" "$n" "$i" $((i % 27 + 1)) $((i * 10)) "$n" "$i"
        n=$((n - 1))
    done
    i=$((i + 1))
done >"$WORK/writers.jsonl"
r import "$C/mediacrawler/xhs-2025-01/1_search_contents_2025-01-16.csv" \
    "$C/mediacrawler/xhs-2025-01/1_search_comments_2025-01-16.csv" \
    "$C/zeeschuimer/xiaohongshu-comments.ndjson" "$WORK/writers.jsonl" >/dev/null
tap $? "a collection with comments and forty name-only authors import"

# ---- refuge authors -------------------------------------------------------------------

out=$(COLUMNS=120 r authors)
echo "$out" | head -n1 | grep -qx "authors of all posts, most posts first (20)" &&
    echo "$out" | sed -n 2p | grep -q "^  posts comments        likes first seen last seen   platform:key  name  region$"
tap $? "text: a title that says what the list is of, and the columns"
echo "$out" | sed -n 3p | grep -Eq "^ +3 +0 +0 2025-02-01 2025-02-01  x:writer00$"
tap $? "the author with the most posts comes first (a name-only author is its name)"
echo "$out" | sed -n 4p | grep -Eq "^ +1 +3 +29000 2025-01-13 2025-01-14  xiaohongshu:5f1a0c00000000000000a002  Moonlit Bagel +US$"
tap $? "a keyed author: posts, comments, likes, first and last seen, key, name, region"
[ "$(echo "$out" | grep -c ' x:writer')" -eq 18 ]
tap $? "20 rows by default"
[ "$(COLUMNS=120 r authors --top 0 | grep -c ' x:writer')" -eq 40 ] &&
    [ "$(r authors --top 0 --format jsonl | wc -l)" -eq 46 ]
tap $? "--top 0 lists every author (46: 40 writers, 3 who posted and commented, 3 who commented)"
[ "$(r authors --top 3 --format jsonl | wc -l)" -eq 3 ]
tap $? "--top 3 lists three"

r authors --platform xiaohongshu --format csv >"$WORK/a.csv"
cat >"$WORK/want.csv" <<'EOF'
platform,key,keyed,name,posts,comments,likes,likes_at_least,illustrative,first_seen,last_seen,region
"xiaohongshu","5f1a0c00000000000000a002",1,"Moonlit Bagel",1,3,29000,0,0,"2025-01-13","2025-01-14","US"
"xiaohongshu","5f1a0c00000000000000a001",1,"橘猫外交部",1,2,11000,0,0,"2025-01-13","2025-01-14","CN"
"xiaohongshu","5f1a0c00000000000000a003",1,"小笼包侦探",1,0,18000,0,0,"2025-01-15","2025-01-15","CN"
"xiaohongshu","5f1a0c00000000000000a006",1,"豆浆油条配咖啡",0,2,0,0,0,"2025-01-14","2025-01-14","CN"
"xiaohongshu","5f1a0c00000000000000a007",1,"grandma_knits_alot",0,1,0,0,0,"2025-01-14","2025-01-14",
"xiaohongshu","5f1a0c00000000000000a008",1,"翻译猫Translator",0,1,0,0,0,"2025-01-15","2025-01-15","CN"
EOF
tr -d '\r' <"$WORK/a.csv" | cmp -s - "$WORK/want.csv"
tap $? "csv: a header and a row an author, commenters included, for a platform"
[ $? -eq 0 ] || diff "$WORK/want.csv" "$WORK/a.csv" | sed 's/^/# /'
r authors --platform xiaohongshu --top 1 --format jsonl >"$WORK/a.jsonl"
echo '{"platform":"xiaohongshu","key":"5f1a0c00000000000000a002","keyed":1,"name":"Moonlit Bagel","posts":1,"comments":3,"likes":29000,"likes_at_least":0,"illustrative":0,"first_seen":"2025-01-13","last_seen":"2025-01-14","region":"US"}' |
    cmp -s - "$WORK/a.jsonl"
tap $? "jsonl: one object an author"
r authors --platform xiaohongshu --top 2 --format md >"$WORK/a.md"
grep -qx "Authors of platform xiaohongshu, most posts first (2, --top)" "$WORK/a.md" &&
    grep -qx "| xiaohongshu:5f1a0c00000000000000a001 | 橘猫外交部 | 1 | 2 | 11000 | 2025-01-13 | 2025-01-14 | CN |" "$WORK/a.md"
tap $? "md: a titled table"
r authors --from 2025-01-15 --to 2025-01-15 --format csv | tr -d '\r' | sed 1d | cut -d, -f2,5,6 >"$WORK/day"
printf '%s\n' '"5f1a0c00000000000000a003",1,0' '"5f1a0c00000000000000a008",0,1' | cmp -s - "$WORK/day"
tap $? "a window counts the posts and comments in it"
r authors --search 'Ohio' --format csv | tr -d '\r' | sed 1d | cut -d, -f2,5,6 >"$WORK/search"
echo '"5f1a0c00000000000000a002",1,3' | cmp -s - "$WORK/search"
tap $? "a search lists only authors with matching posts"

# ---- feed --author -------------------------------------------------------------------

for fmt in text csv jsonl md; do
    r feed --author xiaohongshu:5f1a0c00000000000000a002 --format "$fmt" >"$WORK/f.$fmt"
done
grep -q "Hello from Ohio" "$WORK/f.text" && [ "$(wc -l <"$WORK/f.text")" -eq 1 ]
tap $? "feed --author PLATFORM:KEY lists that author's post (text)"
grep -q '^"6785d62d000000001e03a102","xiaohongshu","Moonlit Bagel"' "$WORK/f.csv" &&
    [ "$(grep -c '^"[0-9a-z-]*","[a-z]*",' "$WORK/f.csv")" -eq 1 ]
tap $? "in CSV"
[ "$(wc -l <"$WORK/f.jsonl")" -eq 1 ] && grep -q '"author":"Moonlit Bagel"' "$WORK/f.jsonl"
tap $? "in JSON Lines"
grep -q "Hello from Ohio" "$WORK/f.md" && grep -q "Moonlit Bagel" "$WORK/f.md"
tap $? "in Markdown"
r feed --author 5f1a0c00000000000000a002 --format jsonl | cmp -s - "$WORK/f.jsonl"
tap $? "the key alone selects the same"
[ -z "$(r feed --author 'Moonlit Bagel' 2>/dev/null)" ]
tap $? "a display name selects nobody"
[ "$(r feed --author x:writer00 --format jsonl | wc -l)" -eq 3 ]
tap $? "a name-only author by its name"
r stats --author x:writer00 | grep -q "^posts 3 "
tap $? "stats take --author too"
r feed --author "" 2>"$WORK/err"
[ $? -eq 2 ] && grep -q "feed: --author: expected PLATFORM:KEY or a key" "$WORK/err"
tap $? "an empty --author is a usage error"

if command -v sqlite3 >/dev/null; then
    # Two people under one masked nickname, as RedNote shows them.
    sqlite3 "$DB" "UPDATE authors SET name = '小红薯5F1A' WHERE key IN ('5f1a0c00000000000000a001',
        '5f1a0c00000000000000a003'); UPDATE posts SET author = '小红薯5F1A' WHERE author_id IN
        (SELECT id FROM authors WHERE name = '小红薯5F1A');"
    [ "$(r authors --top 0 --format csv | grep -c '小红薯5F1A')" -eq 2 ]
    tap $? "two people under one masked nickname are two authors"
    [ "$(r feed --author xiaohongshu:5f1a0c00000000000000a001 --format jsonl | wc -l)" -eq 1 ]
    tap $? "and --author by key lists one person's posts"
else
    echo "ok $((TAP_N = TAP_N + 1)) # SKIP sqlite3 not installed"
    echo "ok $((TAP_N = TAP_N + 1)) # SKIP sqlite3 not installed"
fi

# ---- the explorer ------------------------------------------------------------------------

[ -n "$TMUX_BIN" ] || {
    echo "# SKIP the explorer: tmux is not installed"
    finish
}
start_refuge -x 100 -e REFUGE_NO_BUNDLE=1 --db "$DB"
wait_for "Feed"
send 2
send z
wait_for_re "post 1 of"
send A
check "A lists the authors of the listed posts" wait_for "Authors of all posts: 46, most posts first"
wait_row 4 "^ +3 +0 +0 +2025-02-01  writer00|x:writer00"
tap $? "the most active first"
send G
check "more authors than a screen: G goes to the last" wait_for "author 46 of 46"
resize 60 16
check "a resize keeps the cursor on the same author" wait_for "author 46 of 46"
resize 100 24
wait_for "author 46 of 46"
send g
send o
check "o orders them by comments" wait_for "46, most comments first"
wait_row 4 "Moonlit Bagel · xiaohongshu:5f1a0c00000000000000a002"
tap $? "the author with the most comments first"
send o
check "then by likes" wait_for "46, most likes first"
send o
check "then by the last time seen" wait_for "46, seen last first"
send o
wait_for "46, most posts first"
send o
wait_for "46, most comments first"
send Enter
check "Enter filters the feed to that author" wait_for "by xiaohongshu:5f1a0c00000000000000a002"
check "and says how many posts" wait_for "1 post by xiaohongshu:5f1a0c00000000000000a002 (c clears)"
expect "Hello from Ohio" "their post is listed"
send C
check "the post's comments open" wait_for "Comments on Moonlit Bagel's post: 5"
send a
check "a in a thread shows the comment's author" wait_for "Authors of the comment's author: 1"
expect_re "0 +2 +0 +2025-01-14  豆浆油条配咖啡 · xiaohongshu:5f1a0c00000000000000a006" \
    "(the first comment's: two comments, no posts)"
send Escape
wait_for "1 of 1"
send a
check "a shows the post's author" wait_for "Authors of the post's author: 1"
expect "Moonlit Bagel · xiaohongshu:5f1a0c00000000000000a002 · US" "with name, key and region"
send Escape
wait_gone "Authors of the post's author"
send c
check "c clears the author filter" wait_for_re "filters cleared: [0-9]+ posts"
expect_not "by xiaohongshu:" "the title no longer names the author"
send q
send q
wait_exit
check "the explorer quits" exited
end_session

# ---- a filtered list, read as deferred work ------------------------------------------
# 20,000 posts by 3,000 authors, found by a search: a filtered list reads
# every post the filter selects, so it is read after the list opens, and a
# key interrupts it. REFUGE_TEST_SLOW_WORK makes each of the model's
# interrupt checks wait a millisecond, so on this small cache the count
# lasts long enough to be seen under way.
BULK=$WORK/bulk.db
awk 'BEGIN { for (i = 0; i < 20000; i++)
    printf "{\"id\":\"b%d\",\"platform\":\"x\",\"author\":\"bulk%04d\",\"lang\":\"en\",\"time\":\"2025-03-%02dT10:00:00Z\",\"likes\":%d,\"text\":\"bulk post %d\"}\n",
        i, i % 3000, i % 28 + 1, i % 100, i }' >"$WORK/bulk.jsonl"
REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$BULK" import "$WORK/bulk.jsonl" >/dev/null
tap $? "20,000 posts by 3,000 authors import"
start_refuge -x 100 -e REFUGE_NO_BUNDLE=1 -e REFUGE_TEST_SLOW_WORK=1 --db "$BULK"
wait_for "Feed"
send 2
send /
send_text "bulk"
send Enter
wait_for 'match "bulk"'
send A
check "A on a search opens the list at once, saying it is counting" \
    wait_for "Authors of search \"bulk\": counting"
check "the status says so too" wait_for "counting authors"
send o
check "a key is answered at once (o orders the list), and the count starts again" \
    wait_for "authors: most comments first"
check "the count ends with the list: 500 of the 3,000 shown" \
    wait_for "Authors of search \"bulk\": 500 shown, most comments first" 30
send o
wait_for "most likes first"
check "most likes first: the authors whose posts have 99 likes" \
    wait_row 4 "│ +7 +0 +693 +2025-03-[0-9]+  x:bulk0099 *$" 30
send o
check "another order counts again" wait_for "counting"
send Escape
check "Esc closes the list while it counts" wait_gone "Authors of"
expect_re 'bulk post [0-9]+' "the feed is back"
send q
send q
wait_exit
check "the explorer quits" exited
end_session
finish
