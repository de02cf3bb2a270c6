#!/bin/sh
# The feed browser over the bundled dataset and over small caches made here:
# aligned rows of mixed Chinese and English, the reader in its three modes at
# two widths, search in both languages (one Chinese character too), filters,
# stars kept across a restart, a 5,000-character post read to its end,
# another process importing while the feed is open, and copy-out.
. "${top_srcdir:-.}/tests/screen/lib.sh"
require_tmux

# Display column where TEXT starts on a line (wide characters count two).
col_of() { printf '%s' "${1%%"$2"*}" | LC_ALL=C.UTF-8 wc -L; }

# Starts refuge (with start_refuge's arguments) and zooms into the feed.
open_feed() {
    start_refuge "$@"
    wait_for "Feed"
    send 2
    send z
    wait_for "post 1 of"
}

# Every row holding a badge has it at the same column, and no row is wider
# than the terminal.
aligned() {
    want_width=$1
    screen >"$WORK/screen.txt"
    [ "$(LC_ALL=C.UTF-8 wc -L <"$WORK/screen.txt")" -le "$want_width" ] || return 1
    first=""
    while IFS= read -r line; do
        case "$line" in
        *" EN i "* | *" 中 i "*)
            badge=" EN i "
            case "$line" in *" 中 i "*) badge=" 中 i " ;; esac
            c=$(col_of "$line" "$badge")
            [ -z "$first" ] && first=$c
            [ "$c" = "$first" ] || return 1
            ;;
        esac
    done <"$WORK/screen.txt"
    [ -n "$first" ]
}

# --- list at 160 and 80 columns ----------------------------------------------
start_refuge -x 160 -y 40
wait_for "Feed"
send 2
send z
check "the zoomed feed lists posts" wait_for "post 1 of"
check "160 columns: Chinese and English rows line up, none too wide" poll 5 aligned 160
expect " 中 " "Chinese posts carry the 中 badge"
expect " EN " "English posts carry the EN badge"
expect_re "XHS +" "the platform column"
end_session

start_refuge
wait_for "Feed"
send 2
check "80 columns: the feed is focused" wait_row 24 "^ *Feed"
send z
check "80 columns: rows line up and fit" poll 5 aligned 80
end_session

# --- the cursor: the row's head in reverse video, or the whole row -----------
# The cursor row (reverse video, a date) with every change of attributes
# after its start shown as a control-A.
cursor_row() {
    tmx capture-pane -e -p -t "$SESSION" | grep '[[;]7m' |
        sed 's/\x1b\[[0-9;]*m/\x01/g; s/^\x01*//; s/\x01*$//' | grep -m1 '^.\?[0-9][0-9]-[0-9][0-9] '
}
attrs_change() { cursor_row | grep -q "$(printf '\001')"; }
row_attrs_same() { [ -n "$(cursor_row)" ] && ! attrs_change; }
# The attributes change right after the date (and the mark before it).
date_only() { cursor_row | grep -q "^.\?[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9] *$(printf '\001')"; }
head_only() { attrs_change && ! date_only; }

open_feed
check "by default the cursor covers the row's date, not the rest of its head nor its text" \
    poll 5 date_only
end_session
printf '[ui]\ncursor = head\n' >"$WORK/head.ini"
open_feed --config "$WORK/head.ini"
check "cursor = head covers the row's head (date, platform, author...), not its text" \
    poll 5 head_only
end_session
printf '[ui]\ncursor = row\n' >"$WORK/row.ini"
open_feed --config "$WORK/row.ini"
check "cursor = row reverses the whole row" poll 5 row_attrs_same
end_session

# --- the reader in three modes, stacked and side by side ---------------------
open_feed -x 160 -y 40
send Enter
check "Enter opens the reader" wait_for "reading post 1 of"
expect "illustrative: written for this dataset, not a real post" "the reader says a post is illustrative"
expect_re "likes [0-9]+ · comments" "the reader shows the counts"
expect_re "[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2} in [A-Z][a-z]+ \(UTC[+-][0-9]{2}:[0-9]{2}\), [0-9]{2}:[0-9]{2} UTC" \
    "the reader shows the time on the post's clock, by its place, and on the reader's"
expect "after: " "the reader names the event before the post"
check "160 columns, both: side by side" wait_for " │ "
send L
check "L: original only" wait_for "posts: original text"
expect_not " │ " "original only has one column"
send L
check "L: translation only" wait_for "posts: translation"
send L
send ]
check "] moves to the next post inside the reader" wait_for "reading post 2 of"
send p
check "p moves back" wait_for "reading post 1 of"
send Escape
check "Esc closes the reader" wait_for "post 1 of"
end_session

open_feed
send Enter
check "80 columns, both: stacked with a translation heading" wait_for "translation"
expect_not " │ " "no side by side below 100 columns"
end_session

# --- search ----------------------------------------------------------------
start_refuge -x 160 -y 40
wait_for "Feed"
send 2
send z
send /
check "/ opens the search prompt" wait_for "Search:"
send_text "猫"
send Enter
check "a one-character Chinese search finds posts" wait_for_re "[1-9][0-9]* posts match \"猫\""
expect "search \"猫\"" "the pane title shows the search"
[ "$(tmx capture-pane -e -p -t "$SESSION" | grep -c '猫')" -gt 0 ]
tap $? "the rows show the match"
send Escape
check "Esc clears the search" wait_for "search cleared"
send /
wait_for "Search:"
send C-u
send_text "lovelier"
send Enter
check "a search with one match says \"1 post matches\"" wait_for "1 post matches \"lovelier\""
send Escape
wait_for "search cleared"
send /
wait_for "Search:"
send C-u
send_text "cat tax"
send Enter
check "an English search finds posts" wait_for_re "[1-9][0-9]* posts match \"cat tax\""
send n
check "n moves to the next match" wait_for "post 2 of"
send N
check "N moves back" wait_for "post 1 of"
send /
wait_for "Search:"
send C-u
send_text "小红书"
send Enter
check "a three-character Chinese search uses the index" wait_for_re "[1-9][0-9]* posts match \"小红书\""
send c
check "c clears everything" wait_for "filters cleared"
end_session

# --- filters ---------------------------------------------------------------
start_refuge -x 160 -y 40
wait_for "Feed"
send 2
send z
send f
check "f opens the filter menu" wait_for "Filter posts"
# The values stand in one column, whatever the length of each name.
wait_for "Search comments"
lang_col=$(screen | grep -m1 "  Language " | sed 's/\(  Language *\).*/\1/' | wc -c)
comments_col=$(screen | grep -m1 "  Search comments " | sed 's/\(  Search comments *\).*/\1/' | wc -c)
check "the menu's values in one column ($lang_col, $comments_col)" test "$lang_col" -eq "$comments_col"
send Enter
check "Language: Chinese" wait_for "Chinese (zh)"
send Escape
check "the filter shows in the title" wait_for "Feed · zh"
expect_not " EN i " "only Chinese posts are listed"
send f
send j
send j
send Enter
check "the tag picker lists tags with counts" wait_for_re "#[a-z]+ \([0-9]+\)"
send Escape
send Escape
send o
check "o sorts by likes" wait_for "sorted by likes"
send c
wait_for "filters cleared"
# The date window reads days by the same rules as --from and --to.
send f
wait_for "Filter posts"
send j j j j j
send Enter
wait_for "Date window"
send_text "2025-13-45"
send Enter
check "the date window refuses a month 13 and a day 45" wait_for "'2025-13-45' is not a window"
end_session

# --- stars survive a restart -----------------------------------------------------
open_feed -x 160 -y 40
send s
check "s stars the post" wait_for "starred"
end_session
open_feed -x 160 -y 40
check "the star is still there after a restart" wait_row 2 "^\*"
send f
send j
send j
send j
send Enter
send Escape
check "starred only lists the one post" wait_for "post 1 of 1"
end_session

# --- a 5,000-character post, read to its end ------------------------------------
words=""
i=1
while [ $i -le 800 ]; do words="$words$(printf 'w%04d ' $i)"; i=$((i + 1)); done
printf '{"id":"long-1","platform":"x","author":"long writer","lang":"en","time":"2025-01-20T10:00:00Z","text":"%s THE-END","translation":"长文","translation_kind":"human"}\n' "$words" >"$WORK/long.jsonl"
REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$WORK/long.db" import "$WORK/long.jsonl" >/dev/null 2>&1
start_refuge -x 80 -y 24 -e REFUGE_NO_BUNDLE=1 --db "$WORK/long.db"
wait_for "Feed"
send 2
send z
wait_for "post 1 of 1"
send Enter
wait_for "reading post 1 of 1, lines 1-"
: >"$WORK/seen.txt"
# Page down one screen at a time, waiting for each page before reading it.
for _ in $(seq 1 60); do
    screen >>"$WORK/seen.txt"
    first=$(screen | grep -o 'lines [0-9]*-' | tr -dc 0-9)
    last=$(screen | grep -o 'lines [0-9]*-[0-9]* of [0-9]*' | sed 's/.*-\([0-9]*\) of \([0-9]*\)/\1 \2/')
    set -- $last
    [ "$1" = "$2" ] && break
    send PgDn
    wait_gone "lines $first-" 5
done
missing=0
i=1
while [ $i -le 800 ]; do
    grep -q "$(printf 'w%04d' $i)" "$WORK/seen.txt" || missing=$((missing + 1))
    i=$((i + 1))
done
tap $missing "paging through a 5,000-character post shows every word ($missing missing)"
expect "THE-END" "the end of the post is reached"

# --- another process imports while the feed is open ---------------------------
printf '{"id":"live-1","platform":"x","author":"a","lang":"en","time":"2025-01-21T10:00:00Z","text":"live one"}\n{"id":"live-2","platform":"x","author":"b","lang":"en","time":"2025-01-21T11:00:00Z","text":"live two"}\n' >"$WORK/live.jsonl"
send Escape
wait_row 24 "^ *Feed \| post 1 of 1"
REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$WORK/long.db" import "$WORK/live.jsonl" >/dev/null 2>&1
send j
check "the feed notices the other process's import" wait_for "cache updated: 2 new posts"
send R
check "R reloads" wait_for "reloaded: 3 posts"
expect "still on post 3" "and keeps its place on the same post, now third"
send y
check "y shows the post's id for copying" wait_for "The post has no URL; its platform"
expect_re "^ *(│)?x/" "the id alone on its line"
send Escape
send e
wait_for "Export listed posts"
send C-u
send_text "$WORK/out.csv"
send Enter
check "e writes the listed posts to CSV" wait_for "wrote 3 posts to"
REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$WORK/again.db" import "$WORK/out.csv" >/dev/null 2>&1
tap $? "the exported CSV imports back"
end_session

finish
