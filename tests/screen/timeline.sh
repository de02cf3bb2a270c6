#!/bin/sh
# The timeline pane over the bundled dataset: headings, navigation, the
# detail, jump to a date, next/previous of a kind, the kind filter, the
# proportional view and the language toggle.
. "${top_srcdir:-.}/tests/screen/lib.sh"
require_tmux

start_refuge -x 110 -y 40
check "the timeline opens on the first event" wait_for "Trump signs EO 13942"
send z
check "zoomed, the timeline has the whole width" wait_for "Trump signs EO 13942 against TikTok's owner ByteDance"
expect "2020" "a year heading"
expect "August" "a month heading"
expect "executive-order" "the detail names the kind"
expect "Sources:" "the detail lists sources"
expect "Federal Register" "with the publisher"
expect_re "event 1 of [0-9]+" "the status line gives the position"

send j
check "j moves to the next event" wait_for "event 2 of"
send Down
check "Down moves too" wait_for "event 3 of"
send k
check "k moves back" wait_for "event 2 of"
send G
check "G goes to the last event" wait_for "2026"
expect "joint-venture deal closes" "the last event is the joint venture closing"
send g
check "g goes back to the first" wait_for "event 1 of"

send :
check ": opens the date prompt" wait_for "Jump to date"
send_text "2025-01-17"
send Enter
check "jumping to 2025-01-17 lands on the ruling" wait_for "Supreme Court upholds the TikTok law, 9"
expect "2025-01-17" "the detail shows the date"
send N
check "N goes to the previous court ruling" wait_for "Supreme Court agrees to hear the TikTok case"
send n
check "n comes back to the next court ruling" wait_for "2025-01-17 ·"

send d
wait_for "Jump to date"
send_text "2025-02-30"
send Enter
check "an impossible date is refused with a message" wait_for "is not a date"

send :
wait_for "Jump to date"
send_text "2025-01-18"
send Enter
check "jumping to 2025-01-18 lands on that day's first event" wait_for "2025-01-18 ·"
send j
check "the outage event shows its time and zone" wait_for "22:30 ET (UTC-05:00)"
expect "22:15" "its summary gives the other reported time"

send f
check "f opens the kind checklist" wait_for "Show kinds"
send a
send j
send j
send Space
send Enter
check "the filter is shown in the pane title" wait_for "kinds: court-ruling"
check "only court rulings remain" wait_gone "Trump signs EO"
expect_not "TikTok goes dark" "the outage is filtered out"
send f
send a
send Enter
check "choosing all kinds again brings everything back" wait_for "all kinds"

send t
check "t switches to the proportional view" wait_for "all kinds · proportional"
send g
check "the proportional view labels the gaps" wait_for " weeks"
send t
check "t again returns to the compact view" wait_for "compact view"

send L
check "L switches titles to Chinese" wait_for "特朗普"
send L
check "L again shows both languages" wait_for "Trump"
send L

send Enter
check "Enter opens the full detail in place of the list" wait_gone "Trump signs EO 13943"
send Escape
check "Esc returns to the list" wait_for "event "

send q
check "q quits" wait_exit 5
finish
