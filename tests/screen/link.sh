#!/bin/sh
# The panes answer each other: an event selected in the timeline moves the
# feed to the days around it, the reader names the event before a post, and
# Backspace steps back through the selections.
. "${top_srcdir:-.}/tests/screen/lib.sh"
require_tmux

start_refuge -x 200 -y 50
wait_for "Trump signs EO 13942"
send :
wait_for "Jump to date"
send_text "2025-01-18"
send Enter
wait_for "2025-01-18 ·"
send j
check "the cursor is on the outage" wait_for "22:30 ET"
send Enter
check "Enter on the outage sets the feed's window around it" \
    wait_for "window: 2025-01-15 → 2025-01-21 (around: TikTok goes dark in the US)"
check "the feed's title shows the window" wait_row 1 "Feed · window: 2025-01-15"
screen | sed -n '2,49p' | grep -o '│ 0[1-3]-[0-9][0-9] ' | tr -dc '0-9\n' >"$WORK/days"
bad=$(grep -cv '^01\(1[5-9]\|2[01]\)$' "$WORK/days")
[ -s "$WORK/days" ] && [ "$bad" -eq 0 ]
tap $? "every listed post falls between 15 and 21 January"
check "the stats follow the feed's window" wait_row 1 "Stats · window: 2025-01-15"
check "the chart's cursor is on the outage's day" wait_for "2025-01-18:"
send Escape
send 2
wait_row 50 "^ *Feed"
send Enter
check "the reader names the event before the post" wait_for "after: "

send Escape
send 1
send :
wait_for "Jump to date"
send_text "2025-01-17"
send Enter
wait_for "Supreme Court upholds"
send Enter
check "a second selection moves the window" wait_for "window: 2025-01-14 → 2025-01-20"
send Escape
send BSpace
check "Backspace goes back to the previous selection" wait_for "back to: window: 2025-01-15 → 2025-01-21"
send BSpace
check "and back again to all posts" wait_for "back to: all posts"
send BSpace
check "with nothing earlier it says so" wait_for "no earlier selection"

# Backspace moved the timeline back to the outage too.
send Enter
check "Enter selects the event the history moved to" wait_for "window: 2025-01-15 → 2025-01-21 (around"
send Escape
send 2
send c
check "c in the feed clears the window" wait_for "filters cleared"
send BSpace
check "and Backspace brings it back" wait_for "back to: window: 2025-01-15"

# A day chosen in the chart moves the feed to it and the timeline near it.
end_session
start_refuge -x 200 -y 50
wait_for "Trump signs EO 13942"
send :
wait_for "Jump to date"
send_text "2025-01-18"
send Enter
wait_for "2025-01-18 ·"
send j
wait_for "22:30 ET"
send Enter
wait_for "Stats · window: 2025-01-15"
send 3
wait_row 50 "^ *Stats"
send Enter
check "Enter on a day in the chart shows that day in the feed" wait_for "day: 2025-01-18 (chosen in the chart)"
send 1
check "the timeline moves to that day's latest event (the app stores pull TikTok)" wait_for "2025-01-18 · ban"
send 2
send f
send Enter
send Escape
check "a feed filter is passed on to the stats" wait_row 1 "Stats · day: 2025-01-18 .*· zh"
finish
