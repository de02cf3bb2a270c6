#!/bin/sh
# thread.sh — the comment thread: C opens a post's comments from the list
# and the reader; replies nest under the comment they answer (the indent
# stops at six levels, deeper ones say their depth); o sorts by time or
# likes with replies kept under their parents; more comments than a
# screen scroll like a list; a resize mid-thread keeps the comment under
# the cursor; L shows originals, translations or both; Enter reads one in
# full; / searches the thread and n / N step through the hits; hostile
# comment text (escapes, bidi, invalid UTF-8, a 120,000-byte line) is
# shown inert.
#
# The comments are written into the cache with sqlite3 (the importer's own
# tests cover reading them from files), so the thread's shape is exact.
. "${top_srcdir:-.}/tests/screen/lib.sh"
require_tmux
command -v sqlite3 >/dev/null || skip_all "sqlite3 is not installed"

DB="$WORK/thread.db"
cat >"$WORK/posts.jsonl" <<'EOF'
{"id":"T1","platform":"xiaohongshu","author":"橘猫外交部","lang":"zh","time":"2025-01-20T10:00:00Z","text":"猫税帖子：欢迎来小红书","translation":"Cat tax post: welcome to RedNote"}
{"id":"T2","platform":"xiaohongshu","author":"quiet","lang":"en","time":"2025-01-19T10:00:00Z","text":"a post without comments"}
EOF
REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$DB" import "$WORK/posts.jsonl" >/dev/null
tap $? "two posts import"

# ins EXT PARENT AUTHOR TIME LIKES TEXT TRANSLATION (SQL expressions)
ins() {
    echo "INSERT INTO comments(platform, ext_id, post_ext_id, parent_ext_id, author, region," \
        "lang, ts_utc, text, translation, likes) VALUES('xiaohongshu', '$1', 'T1', $2, '$3'," \
        "'广东', 'zh', $4, $6, $7, $5);"
}
{
    echo "BEGIN;"
    ins c000 NULL alice 1737367300 5 "'first comment 第一'" "'first translated'"
    # A chain of replies ten deep; its first comment is the most liked.
    p=NULL
    for i in 0 1 2 3 4 5 6 7 8 9; do
        ins "ch$i" "$p" "deep$i" $((1737367400 + i)) $((i == 0 ? 999 : 1)) "'level $i reply'" NULL
        p="'ch$i'"
    done
    i=0
    while [ $i -lt 50 ]; do
        n=$(printf %02d $i)
        ins "f$n" NULL "user$i" $((1737368000 + i * 60)) $i "'filler $n 填充'" "'filler translated $i'"
        i=$((i + 1))
    done
    ins h1 NULL mallory 1737371000 0 \
        "'ESC' || char(27) || '[2J' || char(27) || ']0;PWNED' || char(7) || ' bidi ' || char(8238) || 'evil bad ' || CAST(X'FFFE41' AS TEXT) || ' HOSTILE-END'" NULL
    ins h2 NULL huge 1737371060 0 "'HUGE ' || replace(hex(zeroblob(60000)), '00', 'xy')" NULL
    echo "COMMIT;"
} >"$WORK/comments.sql"
sqlite3 "$DB" <"$WORK/comments.sql"
tap $? "63 comments are written on the first post: a chain ten deep, fillers, hostile text"
# Rows written outside an import wait for the search index as an import's
# do: refuge index takes them.
REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$DB" index >/dev/null
tap $? "refuge index takes them into the comments' search index"

start_refuge -e REFUGE_NO_BUNDLE=1 --db "$DB"
wait_for "Feed"
send 2
send z
wait_for "post 1 of 2"
expect_re "^ 01-20 10:00 XHS 橘猫外交部   中 +0 63c 猫税帖子" "a post's row says how many comments the cache holds on it"
expect_re "^ 01-19 10:00 XHS quiet +EN +0 a post without comments" "and a post without says nothing"
send C
check "C opens the post's comments" wait_for "Comments on 橘猫外交部's post: 63, oldest first"
cat >"$WORK/want" <<'EOF'
 Feed · all posts
 Comments on 橘猫外交部's post: 63, oldest first (o sorts, Enter reads one, Esc…
 alice · 01-20 10:01 · 5 likes · 广东
 first comment 第一 | first translated
 deep0 · 01-20 10:03 · 999 likes · 广东
 level 0 reply
   deep1 · 01-20 10:03 · 1 like · 广东
   level 1 reply
     deep2 · 01-20 10:03 · 1 like · 广东
     level 2 reply
       deep3 · 01-20 10:03 · 1 like · 广东
       level 3 reply
         deep4 · 01-20 10:03 · 1 like · 广东
         level 4 reply
           deep5 · 01-20 10:03 · 1 like · 广东
           level 5 reply
             deep6 · 01-20 10:03 · 1 like · 广东
             level 6 reply
             ↳7 deep7 · 01-20 10:03 · 1 like · 广东
             level 7 reply
             ↳8 deep8 · 01-20 10:03 · 1 like · 广东
             level 8 reply

 Feed | comment 1 of 63 · depth 0 (deepest 9) | all posts  local (UTC) · ? help
EOF
screen | sed 's/ *$//' >"$WORK/got"
sed 's/ *$//' "$WORK/want" | cmp -s - "$WORK/got"
tap $? "replies are indented under the comment they answer; past six levels they say their depth"
[ $? -eq 0 ] || diff "$WORK/want" "$WORK/got" | sed 's/^/# /'

# More comments than a screen: the list scrolls and the window follows.
send G
check "G goes to the last comment, past the first screens" wait_for "comment 63 of 63"
expect "huge · 01-20 11:04" "the last comment is on screen"
expect_re "^ HUGE (xy)+x?…" "a 120,000-byte line is cut to the row, with an ellipsis"
send g
wait_for "comment 1 of 63"
send PgDn
check "a page down moves by a screen of comments" wait_for_re "comment (9|10|11) of 63"

# Sorting: by likes, the most liked comment on the post comes first and
# its replies stay under it.
send g
send o
check "o sorts by likes" wait_for "63, most liked first"
expect_re "^ alice · 01-20 10:01 · 5 likes" "the comment under the cursor stays on screen"
send g
wait_row 3 "^ deep0 · 01-20 10:03 · 999 likes"
tap $? "the most liked comment on the post comes first"
row_matches 5 "^   deep1 · " && row_matches 7 "^     deep2 · "
tap $? "and its replies stay under it, indented"
send o
check "o sorts by time again" wait_for "63, oldest first"
send g
wait_row 3 "^ alice · "
tap $? "with the oldest comment first"

# Resizing mid-thread keeps the comment under the cursor.
send G
wait_for "comment 63 of 63"
send k
wait_for "comment 62 of 63"
resize 60 16
check "after a resize the cursor stays on the same comment" wait_for "comment 62 of 63"
expect "mallory · 01-20 11:03" "and it is still on screen"
resize 100 30
check "and after growing again" wait_for "comment 62 of 63"
expect "user49 · 01-20 11:02" "with its neighbours"
resize 80 24
wait_for "comment 62 of 63"

# Hostile text: placeholders on screen, nothing reaches the terminal.
title=$(pane_value pane_title)
expect "ESC␛[2J␛]0;PWNED␇ bidi ⟨RLO⟩evil bad ��A HOSTILE-END" \
    "escapes, bidi and invalid UTF-8 show as placeholders"
[ "$(pane_value pane_title)" = "$title" ] && [ "$(pane_value pane_title)" != PWNED ]
tap $? "and the window title is unchanged"
send Enter
check "Enter reads a comment in full" wait_for "depth 0 · language zh · translation none"
expect "mallory · 广东" "with its author and region"
send Escape
wait_for "comment 62 of 63"

# L: from both (the default), the original alone, the translation alone,
# both again.
send g
wait_for "comment 1 of 63"
wait_row 4 "^ first comment 第一 \| first translated"
tap $? "both: the original, then the translation"
send L
check "L shows the originals" wait_for "posts: original text"
wait_row 4 "^ first comment 第一 *$"
tap $? "original: the text alone"
send L
check "L shows the translations" wait_for "posts: translation"
wait_row 4 "^ first translated *$"
tap $? "a comment with a translation shows it"
wait_row 6 "^ level 0 reply"
tap $? "one without shows its original"
send L
wait_for "posts: original and translation"

# Search within the thread.
send /
wait_for "Search the thread:"
send_text "Filler 1"
send Enter
check "a search says how many comments hold it, in any case" wait_for '10 comments hold "Filler 1"'
expect_re "^▸user10 · " "hits are marked in the left column"
expect_re "^ user9 · " "and others are not"
send n
check "n steps to the next hit" wait_for "hit 2 of 10"
send N
check "N steps back" wait_for "hit 1 of 10"
send N
check "and wraps around to the last" wait_for "hit 10 of 10"
expect_re "^▸user19 · " "(filler 19)"
send /
wait_for "Search the thread:"
send C-u
send_text "translated 4"
send Enter
check "a search finds translations too" wait_for '11 comments hold "translated 4"'
send Escape
check "Esc clears the search" wait_for "thread search cleared"
send Escape
check "Esc returns to the list" wait_for "post 1 of 2"

# From the reader, and a post without comments.
send j
send Enter
wait_for "reading post 2 of 2"
send C
check "C opens the comments from the reader" wait_for "Comments on quiet's post: 0"
expect "The cache holds no comments on this post." "a post without comments says so"
send Escape
check "Esc returns to the reader" wait_for "reading post 2 of 2"
send q
send q
wait_exit
check "the explorer quits" exited
end_session
finish
