#!/bin/sh
# Search through comments: with the filter menu's "Search comments" (f) or
# `refuge feed --search Q --with-comments`, a post matches when one of its
# comments does, and its row says so: the comment's snippet after the mark
# 评, in the explorer and in text; "comment" as match_field in
# CSV and JSON Lines, with the snippet; "Matched in a comment" in Markdown.
# More posts match through comments than a screen holds, and the last one
# still shows its comment; a phrase (3+ characters, the index) and a short
# Chinese search (scanned) both reach comments. Without the option nothing
# changes. The CSV and JSON Lines of a search import back (their match
# fields are read and not kept).
. "${top_srcdir:-.}/tests/screen/lib.sh"
require_tmux

DB="$WORK/cs.db"
{
    # Five posts with the word in their own text.
    i=1
    while [ "$i" -le 5 ]; do
        printf '{"id":"own-%d","platform":"x","author":"own%d","lang":"en","time":"2025-03-%02dT12:00:00Z","text":"my pineapple number %d"}\n' \
            "$i" "$i" "$i" "$i"
        i=$((i + 1))
    done
    # Forty posts without it, each with a comment that has it (and 鹅).
    i=1
    while [ "$i" -le 40 ]; do
        printf '{"id":"quiet-%d","platform":"xiaohongshu","author":"q%d","lang":"zh","time":"2025-02-%02dT%02d:00:00Z","text":"安静的帖子 %d"}\n' \
            "$i" "$i" $((1 + i / 24)) $((i % 24)) "$i"
        printf '{"id":"c-%d","platform":"xiaohongshu","post":"quiet-%d","author":"fan%d","lang":"en","time":"2025-02-20T00:00:00Z","text":"reply %d: a pineapple and a 鹅 here"}\n' \
            "$i" "$i" "$i" "$i"
        i=$((i + 1))
    done
    # A post with comments that do not match.
    printf '{"id":"other","platform":"xiaohongshu","author":"z","lang":"zh","time":"2024-12-01T00:00:00Z","text":"别的"}\n'
    printf '{"id":"c-other","platform":"xiaohongshu","post":"other","author":"y","lang":"en","time":"2024-12-02T00:00:00Z","text":"nothing to see"}\n'
} >"$WORK/cs.jsonl"
REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$DB" import "$WORK/cs.jsonl" >/dev/null 2>&1
tap $? "46 posts and 41 comments import"

feed() { LC_ALL=C.UTF-8 REFUGE_NO_BUNDLE=1 COLUMNS=100 "$REFUGE" --db "$DB" feed --limit 0 "$@"; }

# --- batch, every format ------------------------------------------------------------
[ "$(feed --search pineapple | grep -c .)" -eq 5 ]
tap $? "without --with-comments a search finds the 5 posts whose own text has it"
feed --search pineapple --with-comments >"$WORK/out.txt"
[ "$(grep -c ' 评 reply [0-9]*: a pineapple' "$WORK/out.txt")" -eq 40 ] &&
    [ "$(grep -c ' 原 my pineapple' "$WORK/out.txt")" -eq 5 ]
tap $? "with --with-comments 45 posts: 40 marked 评 with their comment's snippet, 5 marked 原"
grep -q "q40 .*评 reply 40: a pineapple" "$WORK/out.txt" && grep -q "q1 .*评 reply 1: a pineapple" "$WORK/out.txt"
tap $? "the first and the last post matched through a comment each show their own comment"
LC_ALL=C REFUGE_NO_BUNDLE=1 COLUMNS=100 "$REFUGE" --db "$DB" feed --limit 0 --search pineapple --with-comments >"$WORK/out-c.txt"
[ "$(grep -c ' c: reply [0-9]*: a pineapple' "$WORK/out-c.txt")" -eq 40 ] &&
    [ "$(grep -c ' o: my pineapple' "$WORK/out-c.txt")" -eq 5 ] &&
    ! grep -q '原\|评' "$WORK/out-c.txt"
tap $? "under LC_ALL=C (not UTF-8) the marks are ASCII: 40 c: and 5 o:, no 原 or 评"
[ "$(feed --search 鹅 --with-comments | grep -c ' 评 ')" -eq 40 ]
tap $? "a one-character Chinese search (scanned, not the index) reaches comments too"
[ "$(feed --search 鹅 | grep -c .)" -eq 0 ]
tap $? "... and finds nothing without comments"

feed --search pineapple --with-comments --format csv >"$WORK/out.csv"
head -1 "$WORK/out.csv" | grep -q ',codes,translation_by,match_field,snippet' &&
    [ "$(grep -c '"comment","reply [0-9]*: a pineapple and a 鹅 here"' "$WORK/out.csv")" -eq 40 ] &&
    [ "$(grep -c '"text","my pineapple number [0-9]"' "$WORK/out.csv")" -eq 5 ]
tap $? "CSV: match_field and snippet columns, comment for 40 rows and text for 5"
feed --search pineapple --with-comments --format jsonl >"$WORK/out.jsonl"
[ "$(grep -c '"match_field":"comment","snippet":"reply [0-9]*: a pineapple and a 鹅 here"}$' "$WORK/out.jsonl")" -eq 40 ]
tap $? "JSON Lines: match_field comment and the snippet on 40 records"
feed --format csv | head -1 | grep -q 'match_field'
[ $? -ne 0 ]
tap $? "a listing without a search has no match columns"
[ "$(feed --search pineapple --with-comments --format md | grep -c '\*Matched in a comment:\* reply [0-9]*: a \*\*pineapple\*\*')" -eq 40 ]
tap $? "Markdown: 'Matched in a comment', the hit in bold"
LC_ALL=C.UTF-8 REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$DB" stats --search pineapple --with-comments |
    grep -q 'search "pineapple" with comments' &&
    LC_ALL=C.UTF-8 REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$DB" stats --search pineapple --with-comments |
    grep -Eq '^posts 45 '
tap $? "stats count the 45 posts and say the search reached comments"
REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$WORK/back.db" import "$WORK/out.csv" >/dev/null 2>&1 &&
    REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$WORK/back2.db" import "$WORK/out.jsonl" >/dev/null 2>&1 &&
    [ "$(REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$WORK/back.db" feed --limit 0 | grep -c .)" -eq 45 ]
tap $? "a search's CSV and JSON Lines import back (the match fields are read, not kept)"
REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$DB" feed --with-comments >/dev/null 2>"$WORK/err"
[ $? -eq 2 ] && grep -q -- "--with-comments goes with --search" "$WORK/err"
tap $? "--with-comments without --search is a usage error"

# --- the explorer ----------------------------------------------------------------
search_for() {
    send /
    wait_for "$1"
    send C-u
    send_text "$2"
    send Enter
}
start_refuge -e REFUGE_NO_BUNDLE=1 --db "$DB"
wait_for "Feed"
send 2
send z
wait_for "post 1 of"
search_for "Search:" pineapple
check "a search without comments finds 5 posts" wait_for '5 posts match "pineapple"'
send f
wait_for "Search comments"
expect_re "Search comments +no" "the filter menu offers to search comments, off"
send Down Down Down Down Down Down Down Down Down
send Enter
check "Enter turns it on" wait_for_re "Search comments +yes"
# The count may arrive while the menu is still open, and the Escape that
# closes it would clear that message: search again with the menu closed.
send Escape
wait_gone "Search comments"
search_for "Search posts and comments:" pineapple
check "the count says the search reached comments" \
    wait_for '45 posts match "pineapple" in texts or comments'
check "a row matched through a comment is marked 评 with the comment's snippet" \
    wait_for_re "q24 .* 评 .*ly 24: a pineapple"
send G
check "past the first page the oldest such row shows its own comment" \
    wait_for_re "q1 .* 评 .*ply 1: a pineapple"
send /
check "the search prompt says it reaches comments" wait_for "Search posts and comments:"
send Escape
send e
wait_for "Export listed posts"
send C-u
send_text "$WORK/listed.csv"
send Enter
check "e writes the 45 listed posts" wait_for "wrote 45 posts to"
head -1 "$WORK/listed.csv" | grep -q ',match_field,snippet' &&
    [ "$(grep -c '"comment","[^"]*reply [0-9]*: a pineapple and a 鹅 here"' "$WORK/listed.csv")" -eq 40 ]
tap $? "with why each matched: match_field comment and its snippet for the 40"
end_session
finish
