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
    REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$WORK/pipe.db" feed </dev/null | grep -q "came through a pipe"
tap $? "echo ... | refuge import - imports from a pipe"
"$REFUGE" feed </dev/null 2>"$WORK/err" | head -n 1 >"$WORK/out"
[ "$(wc -l <"$WORK/out")" -eq 1 ] && [ ! -s "$WORK/err" ]
tap $? "refuge feed | head -n 1: a reader that stops early is no error"

finish
