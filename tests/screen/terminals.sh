#!/bin/sh
# Hostile terminals: the explorer refuses, clearly and without touching the
# terminal, what it cannot draw on (TERM dumb, unset, unknown, a terminal
# that cannot move the cursor, a TERM holding escape sequences, standard
# input or output not a terminal) while batch commands work in pipes; it
# draws a usable frame on 8-colour, monochrome and old terminal types, with
# and without NO_COLOR, and in the C locale; it survives resize storms
# through 1x1 with keys arriving, and sleeps afterwards; every signal in
# every state gives the terminal back; a hangup, with or without SIGHUP,
# during a search ends it at once; and an import killed by its terminal's
# hangup leaves nothing behind.
. "${top_srcdir:-.}/tests/screen/lib.sh"
require_tmux

row() { screen | sed -n "$1p"; }
# Nothing but the exit line is on the screen: the program wrote nothing to
# the terminal (no mode switches, no text) before it gave up.
only_exit_line() { [ "$(screen | grep -cv '^ *$')" -eq 1 ] && screen | grep -q '^\[refuge exited: '; }

# A wrapper that runs refuge with standard error to a file, so a message can
# be counted in lines while standard input and output stay the terminal.
cat >"$WORK/err-to-file" <<WRAP
#!/bin/sh
exec "$REFUGE" "\$@" 2>"$WORK/err"
WRAP
chmod +x "$WORK/err-to-file"

# ---- what the explorer refuses -------------------------------------------------
refuse() { # refuse NAME GREP-PATTERN [start_refuge options]
    name=$1 pattern=$2
    shift 2
    : >"$WORK/err"
    REFUGE="$WORK/err-to-file" start_refuge "$@"
    wait_exit 10
    [ "$EXIT_STATUS" = 1 ] && [ "$(wc -l <"$WORK/err")" -eq 1 ] && grep -q -- "$pattern" "$WORK/err"
    tap $? "$name: one line saying why, exit status 1"
    only_exit_line && terminal_restored
    tap $? "$name: the terminal is untouched"
    end_session
}
refuse "TERM=dumb" "TERM is 'dumb'; the explorer needs a terminal that can move the cursor" -e TERM=dumb
check "TERM=dumb: the message points to the batch commands" grep -q "batch commands still work" "$WORK/err"
refuse "TERM unset" "TERM is not set" -e TERM=
refuse "an unknown TERM" "cannot use terminal type 'no-such-terminal' (no terminfo entry?)" -e TERM=no-such-terminal
# A terminal type without cursor addressing (a glass teletype): curses would
# start on it and scatter the frame along one line.
if command -v tic >/dev/null 2>&1; then
    printf 'glass|a glass teletype,\n\tam, cols#80, lines#24, bel=^G, cr=\\r, cud1=\\n, ind=\\n,\n' >"$WORK/glass.src"
    tic -o "$WORK/terminfo" "$WORK/glass.src" 2>/dev/null
    refuse "a terminal that cannot move the cursor" "terminal type 'glass' cannot move the cursor" \
        -e TERMINFO="$WORK/terminfo" -e TERM=glass
else
    echo "# SKIP a terminal without cursor addressing: tic is not installed"
fi

# TERM comes from the environment (over SSH, from the client): one holding an
# escape sequence is named with the sequence defused, not sent to the terminal.
cat >"$WORK/evil-term" <<WRAP
#!/bin/sh
TERM=\$(printf 'evil\\033]2;pwned\\007') exec "$REFUGE" "\$@"
WRAP
chmod +x "$WORK/evil-term"
REFUGE="$WORK/evil-term" start_refuge
wait_exit 10
[ "$EXIT_STATUS" = 1 ] && wait_for "cannot use terminal type 'evil?]2;pwned?'" 1
tap $? "a TERM holding an escape sequence is shown defused"
case "$(pane_value pane_title)" in *pwned*) false ;; *) true ;; esac
tap $? "and the terminal's title is not changed by it"
end_session

# Standard input or output not a terminal: the explorer says so in one line.
cat >"$WORK/stdin-pipe" <<WRAP
#!/bin/sh
echo | exec "$REFUGE" "\$@" 2>"$WORK/err"
WRAP
cat >"$WORK/stdout-file" <<WRAP
#!/bin/sh
exec "$REFUGE" "\$@" >"$WORK/out" 2>"$WORK/err"
WRAP
chmod +x "$WORK/stdin-pipe" "$WORK/stdout-file"
for how in stdin-pipe stdout-file; do
    : >"$WORK/err"
    : >"$WORK/out"
    REFUGE="$WORK/$how" start_refuge
    wait_exit 10
    [ "$EXIT_STATUS" = 1 ] && [ "$(wc -l <"$WORK/err")" -eq 1 ] &&
        grep -q "the explorer needs a terminal on standard input and output" "$WORK/err" && [ ! -s "$WORK/out" ]
    case $how in stdin-pipe) what="standard input a pipe" ;; *) what="standard output a file" ;; esac
    tap $? "$what: one line saying why, exit status 1, nothing on standard output"
    only_exit_line && terminal_restored
    tap $? "$what: the terminal is untouched"
    end_session
done

# ... while batch commands work in pipes, with no terminal at all.
echo | "$REFUGE" >"$WORK/out" 2>"$WORK/err"
[ $? -eq 1 ] && [ "$(wc -l <"$WORK/err")" -eq 1 ] && [ ! -s "$WORK/out" ]
tap $? "echo | refuge: one line on standard error, status 1"
"$REFUGE" timeline --format text </dev/null 2>"$WORK/err" | cat >"$WORK/out"
grep -q "Trump signs EO 13942" "$WORK/out" && [ ! -s "$WORK/err" ]
tap $? "refuge timeline --format text | cat works without a terminal"
printf '{"platform":"xiaohongshu","id":"pipe-1","lang":"en","time":"2025-01-15T10:00:00Z","text":"came through a pipe"}\n' |
    REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$WORK/pipe.db" import - >"$WORK/out" 2>"$WORK/err" &&
    COLUMNS=120 REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$WORK/pipe.db" feed </dev/null | grep -q "came through a pipe"
tap $? "echo ... | refuge import - imports from a pipe"
"$REFUGE" feed </dev/null 2>"$WORK/err" | head -n 1 >"$WORK/out"
[ "$(wc -l <"$WORK/out")" -eq 1 ] && [ ! -s "$WORK/err" ]
tap $? "refuge feed | head -n 1: a reader that stops early is no error"

# ---- terminal types, colours and NO_COLOR ----------------------------------------
# The types tmux can stand in for faithfully (its own emulation is xterm-like):
# 8 colours (xterm, screen, linux, rxvt), 256 (screen-256color), none (vt100,
# vt220, xterm-mono). Each draws the frame with the cursor row in reverse
# video, uses no colour the terminal lacks, moves, quits and restores.
ESC=$(printf '\033')
sgr() { tmx capture-pane -e -p -t "$SESSION" | grep -o "$ESC\\[[0-9;]*m" | tr -d "$ESC[m" | tr ';' '\n'; }
for term in xterm screen linux rxvt screen-256color vt100 vt220 xterm-mono; do
    for nc in "" 1; do
        what="TERM=$term${nc:+ NO_COLOR=1}"
        start_refuge -e TERM=$term ${nc:+-e NO_COLOR=1}
        wait_for "Trump signs EO 13942" 10 && row 1 | grep -q "Timeline" && row 1 | grep -q "Feed" &&
            wait_row 24 "^ *Timeline \\| event 1 of"
        tap $? "$what: the frame, its panes and the status line"
        tmx capture-pane -e -p -t "$SESSION" | sed -n 4p | grep -Eq "^$ESC\\[([0-9]+;)*7m.* 06 .*Trump signs EO 13942"
        tap $? "$what: the cursor row stands out in reverse video"
        colours=$(sgr | grep -E '^(3[0-8]|4[0-8]|9[0-7]|10[0-7])$' | sort -u | tr '\n' ' ')
        case "$term:$nc" in
        *:1 | vt100:* | vt220:* | xterm-mono:*) want="no colour" ok=$([ -z "$colours" ] && echo 0 || echo 1) ;;
        screen-256color:) want="colour" ok=$([ -n "$colours" ] && echo 0 || echo 1) ;;
        *) want="only the 8 basic colours"
            ok=$([ -n "$colours" ] && ! echo "$colours" | grep -Eq '(38|48|9[0-7]|10[0-7])' && echo 0 || echo 1) ;;
        esac
        [ "$ok" = 0 ] || echo "# colour codes used: $colours"
        tap "$ok" "$what: $want"
        send j
        check "$what: j moves the cursor" wait_row 24 "event 2 of"
        send q
        wait_exit 5
        [ "$EXIT_STATUS" = 0 ] && terminal_restored
        tap $? "$what: q exits 0 and restores the terminal"
        end_session
    done
done

# ---- locales: C and an unknown one fall back to ASCII ------------------------------
# The first post of the bundled feed is Chinese, "TikTok难民来小红书...".
# Under a UTF-8 locale the reader shows it; under C (or a locale that is not
# installed, which leaves C in force) every character on screen is ASCII,
# each Chinese character a "?", the list rows the English translation, and
# UTF-8 typed into the search prompt is dropped rather than drawn as bytes,
# without taking the keys typed after it along.
ascii_only() { [ "$(screen | LC_ALL=C grep -c '[^ -~]')" -eq 0 ]; }
for loc in "LANG=C LC_ALL=C" "LANG=xx_YY.UTF-8 LC_ALL=xx_YY.UTF-8" "LANG=POSIX LC_ALL=POSIX"; do
    set -- $loc
    start_refuge -x 100 -y 24 -e "$1" -e "$2"
    check "$1: the frame opens" wait_for "Trump signs EO 13942"
    check "$1: every character of the frame is ASCII" ascii_only
    row 2 | grep -q "ZH i .* Two and a half months since the TikTok"
    tap $? "$1: a Chinese post's list row shows its English translation"
    send 2
    send z
    wait_for "post 1 of"
    send Enter
    check "$1: the reader shows Chinese characters as '?'" wait_for "TikTok??????"
    check "$1: and nothing but ASCII" ascii_only
    send Escape
    send /
    wait_for "Search:"
    # One burst: the bytes of the Chinese character and the keys after it
    # arrive together, as in a paste.
    send_text "cat猫s 猫猫猫猫猫猫 ok"
    check "$1: UTF-8 typed into the prompt is dropped, the ASCII after it kept" \
        wait_for "Search: cats  ok"
    check "$1: and the prompt stays ASCII" ascii_only
    send Escape
    wait_gone "Search:"
    send q
    wait_exit 5
    [ "$EXIT_STATUS" = 0 ] && terminal_restored
    tap $? "$1: q exits 0 and restores the terminal"
    end_session
done
# The same post under C.UTF-8, for contrast: the characters themselves.
start_refuge -x 100 -y 24 -e LC_ALL= -e LANG=C -e LC_CTYPE=C.UTF-8
wait_for "Feed"
send 2
send z
wait_for "post 1 of"
send Enter
check "LC_CTYPE=C.UTF-8 alone is enough for the reader to show Chinese" wait_for "TikTok难民来小红书"
end_session

# ---- resize storms ---------------------------------------------------------------
SIZES="1 1,2 2,300 100,80 24,20 6,19 5,1 50,50 1,40 10,200 60,3 3,120 40"
storm() { # storm ROUNDS KEYS...: every size in turn, a key after each
    rounds=$1
    shift
    r=0
    while [ $r -lt "$rounds" ]; do
        old_ifs=$IFS
        IFS=,
        for size in $SIZES; do
            IFS=$old_ifs
            resize $size
            send "$1"
            key=$1
            shift
            set -- "$@" "$key"
        done
        IFS=$old_ifs
        r=$((r + 1))
    done
    resize 80 24
}
start_refuge
wait_for "Trump signs EO 13942"
pid=$(refuge_pid)
screen >"$WORK/before.txt"
# Keys that leave no trace (redraw) arrive between the resizes: afterwards
# the screen must be exactly what it was.
storm 8 C-l C-l C-l
check "a storm of 96 resizes through 1x1 and 300x100 with keys arriving: still running" alive "$pid"
same() { screen | cmp -s - "$WORK/before.txt"; }
check "back at 80x24 the screen is exactly as before the storm" poll 10 same
check "and the program sleeps afterwards (no CPU while idle)" idle "$pid"
# Keys that change everything (focus, zoom, help, language, scrolling) arrive
# between the resizes: afterwards the frame fits 80x24 and what is on the
# screen is what the program thinks is there (a full repaint changes nothing).
storm 8 j Tab z '?' L PgDn 2 Enter k BTab 3 l Escape C-d h 1 G g
send Escape
send Escape
check "a second storm, with keys that change the view: still running" alive "$pid"
check "the help and the reader are closed again" wait_row 24 "^ *(Timeline|Feed|Stats) "
check "and the program sleeps afterwards" idle "$pid"
screen >"$WORK/after.txt"
[ "$(wc -l <"$WORK/after.txt")" -eq 24 ] && [ "$(LC_ALL=C.UTF-8 wc -L <"$WORK/after.txt")" -le 80 ] &&
    grep -q " Timeline\\| Feed\\| Stats" "$WORK/after.txt" && ! grep -q "too small" "$WORK/after.txt"
tap $? "the frame fits 80x24 with its panes"
# A full repaint (C-l, then the help drawn over everything and closed) must
# give back the same screen: nothing stale was left by the storm.
send C-l
send '?'
wait_for "refuge: keys"
send Escape
wait_gone "refuge: keys"
same_after() { screen | cmp -s - "$WORK/after.txt"; }
check "a full repaint changes nothing on the screen" poll 5 same_after
# Which view the random keys left open is not fixed (a window chosen by
# Enter, a zoom): q backs out of what is open and quits at the top, so each
# q must either end the program or change the screen, and a few end it.
quit_by_q() {
    for _ in 1 2 3 4 5 6; do
        shown=$(screen)
        send q
        screen_moved() { exited || [ "$(screen)" != "$shown" ]; }
        poll 10 screen_moved || return 1
        exited && return 0
    done
    return 1
}
check "q still quits after the storms (backing out of what is open first)" quit_by_q
[ "$EXIT_STATUS" = 0 ] && terminal_restored
tap $? "with status 0 and the terminal restored"
end_session

# ---- every signal in every state gives the terminal back ----------------------------
# The help over everything, the search prompt, the reader, the "too small"
# notice, the stats zoomed, mouse reporting on: SIGTERM, SIGINT, C-c typed at
# the terminal (the tty's own SIGINT) and SIGHUP each end the program with
# 128 + the signal and the terminal's modes restored.
mkdir -p "$XDG_CONFIG_HOME/refuge"
into_state() {
    case $1 in
    help) send '?' && wait_for "refuge: keys" ;;
    prompt) send 2 && send / && wait_for "Search:" ;;
    reader) send 2 && send z && wait_for "post 1 of" && send Enter && wait_for "reading post 1 of" ;;
    small) resize 15 4 && wait_for "too small" ;;
    stats) send 3 && send z && wait_row 24 "^ *Stats" ;;
    mouse) [ "$(pane_value mouse_any_flag)" = 1 ] ;;
    esac
}
n=0
for state in help prompt reader small stats mouse; do
    for sig in TERM INT C-c HUP; do
        # Rotate which signals meet which state, two each, so every pair of
        # neighbours is covered without 24 sessions.
        n=$((n + 1))
        [ $((n % 2)) -eq 0 ] || continue
        if [ "$state" = mouse ]; then
            printf '[ui]\nmouse = yes\n' >"$XDG_CONFIG_HOME/refuge/refuge.ini"
        fi
        start_refuge
        wait_for "Trump signs EO 13942"
        into_state $state
        tap $? "in state '$state' (before $sig)"
        case $sig in
        C-c) send C-c; code=130 ;;
        INT) kill -INT "$(refuge_pid)"; code=130 ;;
        TERM) kill -TERM "$(refuge_pid)"; code=143 ;;
        HUP) kill -HUP "$(refuge_pid)"; code=129 ;;
        esac
        [ "$state" = small ] && resize 80 24 # room for the exit line
        wait_exit 5
        [ "$EXIT_STATUS" = $code ] && terminal_restored
        tap $? "$sig in state '$state': exit status $code and the terminal restored"
        end_session
        rm -f "$XDG_CONFIG_HOME/refuge/refuge.ini"
    done
    n=$((n + 1))
done

# ---- hangups -----------------------------------------------------------------------
# A big cache, so that a search and the statistics of its posts take a while:
# 40,000 posts, Chinese and English, a cat in every seventh.
awk 'BEGIN { for (i = 0; i < 40000; i++) {
    if (i % 2) text = sprintf("第%d条：今天去了小红书上说的那家店%s，味道一般。", i, i % 7 ? "" : "，还看到一只猫");
    else text = sprintf("post %d: went to the place everyone on RedNote talks about%s", i, i % 7 ? "" : ", and a cat");
    printf "{\"id\": \"h-%d\", \"platform\": \"xiaohongshu\", \"lang\": \"%s\", \"time\": \"2025-01-%02dT%02d:00:00Z\", \"text\": \"%s\", \"likes\": %d, \"tags\": [\"t%d\"]}\n", i, i % 2 ? "zh" : "en", 1 + i % 28, i % 24, text, i % 997, i % 50 } }' \
    >"$WORK/many.jsonl"
REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$WORK/many.db" import "$WORK/many.jsonl" >/dev/null 2>&1
tap $? "a cache of 40,000 posts to search"

# gone PID SECONDS: the process has ended (polled).
gone() { ! alive "$1"; }

# SIGHUP while a search runs (a one-letter search scans every post; a
# three-character one goes through the index and matches half of them; each
# takes 50-100 ms here): the signal waits for the query in hand, then the
# program ends at once.
for q in a 小红书; do
    start_refuge -e REFUGE_NO_BUNDLE=1 --db "$WORK/many.db"
    wait_for "Feed"
    pid=$(refuge_pid)
    send 2
    send z
    wait_row 24 "^ *Feed"
    send /
    wait_for "Search:"
    send_text "$q"
    send Enter
    state=$(proc_stat "$pid" 3)
    kill -HUP "$pid"
    case $state in R*) echo "# the signal came while the search for '$q' ran" ;; esac
    check "SIGHUP during a search for '$q' in 40,000 posts ends the program within 2 s" poll 2 gone "$pid"
    wait_exit 5
    [ "$EXIT_STATUS" = 129 ] && terminal_restored
    tap $? "... with status 129 and the terminal restored"
    end_session
done

# The terminal itself goes away during a search: the program gets SIGHUP and
# ends. LeakSanitizer's exit-time check can stall on the kernel's SIGHUP and
# SIGCONT to the orphaned process group (see frame.sh), so it is off here.
NOLEAK="ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
start_refuge -e "$NOLEAK" -e REFUGE_NO_BUNDLE=1 --db "$WORK/many.db"
wait_for "Feed"
pid=$(refuge_pid)
send 2
send /
wait_for "Search:"
send_text "a"
send Enter
tmx kill-server
check "the terminal closing during a search ends the program within 2 s" poll 2 gone "$pid"
alive "$pid" && kill -KILL "$pid"

# A hangup without SIGHUP: a program in a session of its own (setsid, as a
# daemonising wrapper might leave it) gets no signal when the terminal goes;
# it must notice the dead terminal on its own and end, not spin on it.
if command -v setsid >/dev/null 2>&1; then
    cat >"$WORK/own-session" <<WRAP
#!/bin/sh
exec setsid "$REFUGE" "\$@"
WRAP
    chmod +x "$WORK/own-session"
    REFUGE="$WORK/own-session" start_refuge -e "$NOLEAK"
    wait_for "Trump signs EO 13942"
    pid=$(refuge_pid)
    [ "$(proc_stat "$pid" 6)" = "$pid" ]
    tap $? "a program in a session of its own (no controlling terminal)"
    tmx kill-server
    check "ends within 2 s of its terminal closing, without a signal" poll 2 gone "$pid"
    alive "$pid" && kill -KILL "$pid"
else
    echo "# SKIP a hangup without SIGHUP: setsid is not installed"
fi

# ---- an import whose terminal hangs up ---------------------------------------------
# `refuge import` of 200,000 posts runs in a terminal, showing its progress;
# the terminal closes (SIGHUP), and then it is interrupted with C-c and
# SIGTERM: each time the cache holds none of it, and check passes.
awk 'BEGIN { for (i = 0; i < 200000; i++)
    printf "{\"id\": \"i-%d\", \"platform\": \"xiaohongshu\", \"lang\": \"en\", \"time\": \"2025-01-%02dT10:00:00Z\", \"text\": \"post number %d of an interrupted import\", \"likes\": %d}\n", i, 1 + i % 28, i, i % 997 }' \
    >"$WORK/big.jsonl"
K="$WORK/import.db"
REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$K" import "$WORK/many.jsonl" >/dev/null 2>&1
posts() { REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$K" check 2>/dev/null | sed -n 's/^posts: //p'; }
for how in hangup C-c TERM; do
    start_refuge -e "$NOLEAK" -e REFUGE_NO_BUNDLE=1 --db "$K" import "$WORK/big.jsonl"
    check "an import in a terminal shows its progress" wait_for_re "importing .*\\[#+ *\\] +[0-9]+%"
    pid=$(refuge_pid)
    case $how in
    hangup) tmx kill-server ;;
    C-c) send C-c ;;
    TERM) kill -TERM "$pid" ;;
    esac
    check "the import ends within 5 s of the $how" poll 5 gone "$pid"
    alive "$pid" && kill -KILL "$pid"
    end_session
    [ "$(posts)" = 40000 ]
    tap $? "after the $how the cache holds none of the import (40,000 posts, as before)"
    check "and refuge check passes" env REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$K" check
done

finish
