# lib.sh — shared helpers for tests that drive the real refuge in tmux.
#
# Each test script sources this file, calls the helpers below, and prints TAP
# (one "ok N - ..." line per check; the plan at the end via `finish`). Every
# wait polls the captured screen with a timeout; nothing sleeps blindly.
#
#   start_refuge [-x COLS] [-y ROWS] [-e VAR=VALUE]... [-s NAME] [ARGS...]
#                                  (-s: one more session, NAME, on the same
#                                  server; SESSION=NAME picks which one the
#                                  helpers below act on; without -s, "t")
#   wait_for TEXT [SECONDS]        poll until TEXT is on screen
#   wait_for_re REGEX [SECONDS]    poll until an extended regex matches
#   wait_gone TEXT [SECONDS]       poll until TEXT is no longer on screen
#   wait_row N REGEX [SECONDS]     poll until row N matches REGEX
#   wait_exit [SECONDS]            poll until refuge has exited; sets EXIT_STATUS
#   send KEYS...                   tmux send-keys (key names: Enter, Escape, C-l)
#   send_text TEXT                 literal text
#   screen                         print the current screen
#   check NAME COMMAND...          one TAP line from a command's status
#   expect TEXT NAME               check that TEXT is on screen now
#   expect_re REGEX NAME           ... that an extended regex matches it
#   expect_not TEXT NAME           ... that TEXT is not on screen
#   resize COLS ROWS               resize the terminal
#
# TMUX_CONF_EXTRA, when set, adds lines to the test server's tmux.conf.
# REFUGE_WRAPPER, when set, is put before the program in the pane's command
# (valgrind.sh runs the explorer under valgrind this way).

: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
: "${REFUGE:=$top_builddir/src/refuge}"
: "${TMUX_BIN:=$(command -v tmux || true)}"

TAP_N=0
TAP_FAILED=0
WORK=$(mktemp -d "${TMPDIR:-/tmp}/refuge-screen-XXXXXX")
SOCKET_BASE="refuge-test-$$"
SOCKET="$SOCKET_BASE-0"
SESSIONS=0
SESSION="t"
EXIT_STATUS=""

cleanup() {
    if [ -n "$TMUX_BIN" ]; then
        end_session
        # A session a test did not end (it failed, or it started the next
        # one) still has its server: none may outlive the test.
        i=1
        while [ "$i" -le "$SESSIONS" ]; do
            "$TMUX_BIN" -L "$SOCKET_BASE-$i" kill-server >/dev/null 2>&1
            i=$((i + 1))
        done
    fi
    rm -rf "$WORK"
}

# Ends the session. A refuge still running is asked to stop with SIGTERM
# first, so it exits through its normal path (and a sanitizer build's leak
# check runs on a live terminal) rather than through a hangup.
end_session() {
    for SESSION in $(tmx list-sessions -F '#{session_name}' 2>/dev/null); do
        pid=$(refuge_pid 2>/dev/null)
        if [ -n "$pid" ]; then
            kill -TERM "$pid" 2>/dev/null
            tries=100
            while [ "$tries" -gt 0 ] && alive "$pid"; do
                tries=$((tries - 1))
                sleep 0.05
            done
        fi
    done
    SESSION="t"
    "$TMUX_BIN" -L "$SOCKET" kill-server >/dev/null 2>&1
}
trap cleanup EXIT

tap() { # tap STATUS DESCRIPTION
    TAP_N=$((TAP_N + 1))
    if [ "$1" -eq 0 ]; then
        echo "ok $TAP_N - $2"
    else
        echo "not ok $TAP_N - $2"
        TAP_FAILED=$((TAP_FAILED + 1))
        if [ -n "$TMUX_BIN" ] && tmx has-session -t "=$SESSION:" 2>/dev/null; then
            echo "# screen at failure:"
            screen | sed 's/^/#   |/'
        fi
    fi
}

finish() {
    echo "1..$TAP_N"
    [ "$TAP_FAILED" -eq 0 ]
    exit $?
}

skip_all() {
    echo "1..0 # SKIP $1"
    exit 0
}

require_tmux() {
    [ -n "$TMUX_BIN" ] || skip_all "tmux is not installed"
}

tmx() { "$TMUX_BIN" -L "$SOCKET" -f "$WORK/tmux.conf" "$@"; }

# A private HOME, so each test has its own config and cache.
export HOME="$WORK/home"
export XDG_CONFIG_HOME="$HOME/.config" XDG_DATA_HOME="$HOME/.local/share"
# No system-wide settings either: not /etc/refuge/refuge.ini (an empty
# REFUGE_SYSTEM_CONFIG names none) nor /etc/xdg/refuge/refuge.ini.
export REFUGE_SYSTEM_CONFIG="" XDG_CONFIG_DIRS="$WORK/xdg"
mkdir -p "$HOME"
unset NO_COLOR
# The interface in English whatever the caller's language, as the tests
# expect; a test of the Chinese interface sets LC_ALL or --interface zh.
unset LANGUAGE
export LC_MESSAGES=C

start_refuge() {
    cols=80 rows=24 envs="LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color TZ=UTC" another=""
    while [ $# -gt 0 ]; do
        case "$1" in
        -x) cols=$2; shift 2 ;;
        -y) rows=$2; shift 2 ;;
        -e) envs="$envs $2"; shift 2 ;;
        -s) another=$2; shift 2 ;;
        *) break ;;
        esac
    done
    if [ -n "$another" ]; then
        # Another session on the running server, beside the first: the
        # helpers act on it while SESSION names it. (They name it exactly,
        # "=NAME:", so "t" never means a window whose name starts with t.)
        SESSION=$another
    else
        # A fresh server per session: one being killed may still hold the
        # old socket name for a moment.
        SESSION="t"
        SESSIONS=$((SESSIONS + 1))
        SOCKET="$SOCKET_BASE-$SESSIONS"
    fi
    # status off: the program owns every row. A shell waits after refuge
    # exits and prints its status, so the terminal's modes can be inspected
    # on a live pane afterwards. Like an interactive shell, it outlives a
    # C-c typed at the program (its trap is reset for refuge itself).
    cat >"$WORK/tmux.conf" <<CONF
set -g status off
set -g history-limit 0
${TMUX_CONF_EXTRA:-}
CONF
    cmd="env HOME='$HOME' XDG_CONFIG_HOME='$XDG_CONFIG_HOME' XDG_DATA_HOME='$XDG_DATA_HOME' $envs $REFUGE_WRAPPER '$REFUGE'"
    for a in "$@"; do
        cmd="$cmd '$a'"
    done
    tmx new-session -d -s "$SESSION" -x "$cols" -y "$rows" \
        "trap : INT; $cmd; echo \"[refuge exited: \$?]\"; exec sleep 3600"
}

# Processes are looked up in /proc (Linux), not with ps or pgrep: those come
# from procps, which a minimal Debian does not have.

# proc_stat PID N: field N of /proc/PID/stat as proc(5) numbers them (3 the
# state, 4 the parent, 6 the session). The command name, field 2, is in
# parentheses and may hold spaces, so fields are counted after its last ')'.
proc_stat() {
    _pstat=$(cat "/proc/$1/stat" 2>/dev/null) && [ -n "$_pstat" ] || return 1
    echo "${_pstat##*) }" | awk -v n="$(($2 - 2))" '{ print $n }'
}

# True while pid runs (an exited process waiting to be reaped does not count).
alive() {
    _pstate=$(proc_stat "$1" 3)
    [ -n "$_pstate" ] && [ "$_pstate" != Z ] && [ "$_pstate" != X ]
}

# children PID: the pids whose parent is PID, lowest first.
children() {
    if [ -r "/proc/$1/task/$1/children" ]; then
        cat /proc/"$1"/task/*/children 2>/dev/null | tr ' ' '\n'
    else # a kernel without CONFIG_PROC_CHILDREN: every process's parent
        for dir in /proc/[0-9]*; do
            [ "$(proc_stat "${dir#/proc/}" 4)" = "$1" ] && echo "${dir#/proc/}"
        done
    fi | grep -v '^$' | sort -n
}

# The pid of refuge itself (the pane runs a shell whose child execs refuge).
refuge_pid() {
    shell=$(pane_value pane_pid)
    [ -n "$shell" ] && children "$shell" | head -n 1
}

screen() { tmx capture-pane -p -t "=$SESSION:" 2>/dev/null; }

# Runs COMMAND every 50 ms until it succeeds or SECONDS pass. The limits are
# generous so a loaded CI machine passes; nothing sleeps blindly.
poll() {
    limit=$1
    shift
    tries=$((limit * 20))
    while [ "$tries" -gt 0 ]; do
        "$@" && return 0
        tries=$((tries - 1))
        sleep 0.05
    done
    return 1
}

on_screen() { screen | grep -qF -- "$1"; }
on_screen_re() { screen | grep -Eq -- "$1"; }
off_screen() { ! screen | grep -qF -- "$1"; }
row_matches() { screen | sed -n "${1}p" | grep -Eq -- "$2"; }

wait_for() { poll "${2:-10}" on_screen "$1"; }
wait_for_re() { poll "${2:-10}" on_screen_re "$1"; }
wait_gone() { poll "${2:-10}" off_screen "$1"; }
wait_row() { poll "${3:-10}" row_matches "$1" "$2"; }




pane_value() { tmx display-message -p -t "=$SESSION:" "#{$1}" 2>/dev/null; }

exited() {
    line=$(screen | grep -o '\[refuge exited: [0-9]*\]')
    [ -n "$line" ] && EXIT_STATUS=$(echo "$line" | tr -dc 0-9)
}

wait_exit() { poll "${1:-10}" exited; }

# CPU time (user + system, in clock ticks) a process has used so far.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null; }

# True once pid uses no CPU while nothing happens: after its CPU time has
# stopped moving (polled, up to 10 s), a further second costs at most one
# tick. A program spinning on a dead terminal or a lost event never passes.
idle() {
    pid=$1 tries=40 last="" now=""
    while [ "$tries" -gt 0 ]; do
        now=$(cpu_ticks "$pid")
        [ -n "$now" ] || return 1
        [ "$now" = "$last" ] && break
        last=$now
        tries=$((tries - 1))
        sleep 0.25
    done
    sleep 1 # the measured window: not a wait for anything
    now=$(cpu_ticks "$pid")
    [ -n "$now" ] && [ $((now - last)) -le 1 ]
}

send() { tmx send-keys -t "=$SESSION:" "$@"; }
send_text() { tmx send-keys -t "=$SESSION:" -l -- "$1"; }
resize() { tmx resize-window -t "=$SESSION:" -x "$1" -y "$2"; }

check() {
    name=$1
    shift
    "$@" >/dev/null 2>&1
    tap $? "$name"
}

# expect and expect_re usually follow a wait_for on another part of the same
# frame; under load a capture can land before the rest of that frame is
# drawn, so they poll (5 s at most) rather than look once.
expect() {
    poll 5 on_screen "$1"
    tap $? "$2"
}

expect_re() {
    poll 5 on_screen_re "$1"
    tap $? "$2"
}

expect_not() {
    ! screen | grep -qF -- "$1"
    tap $? "$2"
}

# The terminal modes a program must give back: normal screen, cursor shown,
# keypad (application cursor keys) off, mouse reporting off.
terminal_restored() {
    [ "$(pane_value alternate_on)" = 0 ] &&
        [ "$(pane_value cursor_flag)" = 1 ] &&
        [ "$(pane_value keypad_cursor_flag)" = 0 ] &&
        [ "$(pane_value mouse_any_flag)" = 0 ]
}
