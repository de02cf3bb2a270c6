#!/bin/sh
# The application shell: layouts at several sizes, focus and zoom, the help
# overlay generated from the live keymap, themes and NO_COLOR, LANG=C, and
# the terminal types an SSH user may bring.
. "${top_srcdir:-.}/tests/screen/lib.sh"
require_tmux

row() { screen | sed -n "$1p"; }

# --- 200x50: three panes side by side -------------------------------------
start_refuge -x 200 -y 50
check "200x50 opens" wait_for "Timeline"
title=$(row 1)
echo "$title" | grep -q "Timeline" && echo "$title" | grep -q "Feed" && echo "$title" | grep -q "Stats"
tap $? "200x50 shows timeline, feed and stats side by side"
send z
check "z zooms the focused pane" wait_gone "Stats"
expect "Trump signs EO 13942" "the zoomed timeline still shows its events"
send z
check "z again restores the three panes" wait_for "Stats"
end_session

# --- 80x24: two panes, the third a keystroke away -------------------------
start_refuge
check "80x24 opens" wait_for "Timeline"
title=$(row 1)
echo "$title" | grep -q "Feed" && ! echo "$title" | grep -q "Stats"
tap $? "80x24 shows the timeline and the feed"
send 3
check "3 brings the stats pane in" wait_for "Stats"
check "... in place of the feed" wait_gone " Feed"
check "the status line names the focused pane" wait_row 24 "^ *Stats"
send Tab
check "Tab moves focus on (back to the timeline)" wait_row 24 "^ *Timeline"
send BTab
check "Shift-Tab moves focus back (to the stats)" wait_row 24 "^ *Stats"
end_session

# --- 60x20: one pane under a tab bar ----------------------------------------
start_refuge -x 60 -y 20
check "60x20 opens" wait_for "1 Timeline"
expect "2 Feed" "the tab bar lists the feed"
expect "3 Stats" "the tab bar lists the stats"
send 2
check "2 switches the tab to the feed" wait_row 20 "^ *Feed"
end_session

# --- resize storm through 1x1 ------------------------------------------------
start_refuge
wait_for "Timeline"
for size in "120 40" "40 10" "19 5" "1 1" "300 100" "2 2" "80 24" "1 50" "50 1" "80 24"; do
    resize $size
done
check "after a resize storm the frame is back at 80x24" wait_for "Trump signs EO 13942"
check "and the program still runs" [ -n "$(refuge_pid)" ]
send q
check "it still quits cleanly" wait_exit 5
check "with the terminal restored" terminal_restored
end_session

# --- help reflects [keys] overrides -----------------------------------------
mkdir -p "$XDG_CONFIG_HOME/refuge"
printf '[keys]\ndown = x, Down\nquit = Q\n' >"$XDG_CONFIG_HOME/refuge/refuge.ini"
start_refuge -x 100 -y 60
wait_for "Timeline"
send '?'
check "? opens the help" wait_for "refuge: keys"
screen | grep -E "x, Down +move down" >/dev/null
tap $? "the help shows the overridden keys for 'down'"
screen | grep -E "^ *Q +quit refuge" >/dev/null
tap $? "the help shows Q for quit"
send Escape
check "Esc closes the help" wait_gone "refuge: keys"
send q
send x
check "q no longer quits once rebound, and x moves down" wait_for "event 2 of"
send Q
check "Q quits" wait_exit 5
rm -f "$XDG_CONFIG_HOME/refuge/refuge.ini"
end_session

# --- themes -------------------------------------------------------------------
colours() { tmx capture-pane -e -p -t "$SESSION" | grep -c $(printf '\033')'\[[0-9;]*3[0-7]m'; }
start_refuge
wait_for "Timeline"
check "the default theme uses colour" [ "$(colours)" -gt 0 ]
end_session
start_refuge -e NO_COLOR=1
wait_for "Timeline"
check "NO_COLOR draws without colour" [ "$(colours)" -eq 0 ]
end_session
start_refuge -e NO_COLOR=1 --theme projector
wait_for "Timeline"
check "an explicit --theme wins over NO_COLOR" [ "$(colours)" -gt 0 ]
end_session
start_refuge -e TERM=linux
wait_for "Timeline"
check "8-colour TERM=linux gets colour" [ "$(colours)" -gt 0 ]
end_session

# --- mouse, when [ui] mouse = yes ----------------------------------------------
# tmux passes mouse reports to the pane as bytes, as a terminal would; with
# TERM=xterm-256color curses expects the SGR form: ESC [ < button ; column ;
# row, then M for a press and m for the release (1-based positions).
click() { # click COL ROW (0-based)
    send_text "$(printf '\033[<0;%d;%dM' $(($1 + 1)) $(($2 + 1)))"
    send_text "$(printf '\033[<0;%d;%dm' $(($1 + 1)) $(($2 + 1)))"
}
mkdir -p "$XDG_CONFIG_HOME/refuge"
printf '[ui]\nmouse = yes\n' >"$XDG_CONFIG_HOME/refuge/refuge.ini"
start_refuge
wait_for "Trump signs EO 13942"
click 50 5
check "a click focuses the feed" wait_row 24 "^ *Feed"
click 50 6
check "and selects the row clicked" wait_row 24 "^ *Feed \\| post 6 of"
click 5 4
check "a click in the timeline selects that event" wait_row 24 "^ *Timeline \\| event 2 of"
end_session
rm -f "$XDG_CONFIG_HOME/refuge/refuge.ini"

# --- [colors] overrides -----------------------------------------------------------
printf '[colors]\nheading = magenta, default, bold\nbogus = red\ncursor = purple\n' >"$XDG_CONFIG_HOME/refuge/refuge.ini"
start_refuge -x 200 -y 30
wait_for "Trump signs EO 13942"
check "an unknown colour role is reported with file and line" \
    wait_for "refuge.ini:3: [colors] unknown role 'bogus'"
tmx capture-pane -e -p -t "$SESSION" | grep -q "$(printf '\033')\[35m2020"
tap $? "a [colors] override repaints its role (the year heading in magenta, not yellow)"
end_session
rm -f "$XDG_CONFIG_HOME/refuge/refuge.ini"

# --- projector mode: high contrast, bold, air between list rows -----------------
mkdir -p "$XDG_CONFIG_HOME/refuge"
printf '[ui]\nprojector = yes\n' >"$XDG_CONFIG_HOME/refuge/refuge.ini"
start_refuge -x 60 -y 18 --theme projector
check "projector mode opens at 60x18" wait_for "Trump signs EO 13942"
screen | grep -A1 "Trump signs EO 13942 against" | tail -n 1 | grep -Eq '^ *$'
tap $? "a blank line follows each list row"
tmx capture-pane -e -p -t "$SESSION" | grep -q "$(printf '\033')\[1m"
tap $? "text is bold"
tmx capture-pane -e -p -t "$SESSION" | grep -q "$(printf '\033')\[[0-9;]*40m"
tap $? "on a black background"
expect_not "? help" "minimal chrome: no help hint"
send j
check "the cursor still moves row by row" wait_for "event 2 of"
end_session
rm -f "$XDG_CONFIG_HOME/refuge/refuge.ini"

# --- LANG=C: ASCII only --------------------------------------------------------
start_refuge -e LANG=C -e LC_ALL=C
check "LANG=C opens" wait_for "Timeline"
[ "$(screen | LC_ALL=C grep -c '[^ -~]')" -eq 0 ]
tap $? "under LANG=C every character on screen is ASCII"
expect "Trump signs EO 13942" "English titles read normally under LANG=C"
end_session

# --- terminal types -------------------------------------------------------------
for term in xterm-256color screen tmux-256color linux vt100; do
    start_refuge -e TERM=$term
    check "TERM=$term opens" wait_for "Trump signs EO 13942"
    send q
    wait_exit 5
    tap $([ "$EXIT_STATUS" = 0 ] && terminal_restored && echo 0 || echo 1) "TERM=$term exits 0 and restores the terminal"
    end_session
done

finish
