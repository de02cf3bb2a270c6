#!/bin/sh
# Valgrind memcheck over the main paths: the batch commands (a new cache
# filled from the bundled dataset, imports of every format, from a file and
# from a pipe, a rejected import, export, timeline, feed, stats, check,
# config) and the explorer in tmux (a few tour steps, then every pane
# scrolled, a post opened, a search, the help, a language switch, zoom, a
# resize, and out by q, by SIGTERM and by its terminal closing). Each run
# must report no error and nothing definitely lost. Memory still reachable
# at exit (curses' and terminfo's tables) is not an error.
#
# Skipped when valgrind is missing and in sanitizer builds, which cannot run
# under it. `make check-valgrind` runs it and the unit tests under memcheck.
. "${top_srcdir:-.}/tests/screen/lib.sh"

: "${VALGRIND:=$(command -v valgrind || true)}"
[ -n "$VALGRIND" ] || skip_all "valgrind is not installed"
if [ "${REFUGE_SANITIZERS:-no}" = yes ] || grep -aq "__asan_init" "$REFUGE"; then
    skip_all "a sanitizer build cannot run under valgrind"
fi

# Each run writes its own log; --error-exitcode makes an error (a definite
# leak counts as one) change the exit status too.
VG_OPTS="--error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite --track-fds=no"
LOGS=0
vg_log() { LOGS=$((LOGS + 1)); echo "$WORK/vg-$LOGS.log"; }
clean_log() { # clean_log LOG: ran, no error, nothing definitely lost
    [ -s "$1" ] && grep -q "ERROR SUMMARY: 0 errors" "$1" &&
        ! grep -Eq "definitely lost: [1-9]" "$1"
}
show_log() { [ -s "$1" ] && grep -E "^==[0-9]+== " "$1" | sed -n '1,60p' | sed 's/^/#   /'; }

# vg STATUS NAME COMMAND...: COMMAND under valgrind exits with STATUS and
# its log is clean; standard input is empty unless redirected.
vg() {
    want=$1 name=$2
    shift 2
    log=$(vg_log)
    "$VALGRIND" $VG_OPTS --log-file="$log" "$REFUGE" "$@" >"$WORK/out" 2>"$WORK/err"
    status=$?
    if [ "$status" = "$want" ] && clean_log "$log"; then
        tap 0 "valgrind: $name"
    else
        echo "# exit status $status (wanted $want)"
        show_log "$log"
        tap 1 "valgrind: $name"
    fi
}

DB="$WORK/vg.db"
D="$top_srcdir/tests/data"
export TZ=UTC LANG=C.UTF-8 LC_ALL=C.UTF-8

# ---- batch commands ------------------------------------------------------------
vg 0 "check on a new cache (the bundled dataset imported)" --db "$DB" check
vg 0 "import JSON Lines posts, events and figures" --db "$DB" import "$D/posts.jsonl" "$D/events.jsonl" "$D/figures.jsonl"
vg 0 "import CSV posts" --db "$DB" import "$D/posts.csv"
vg 0 "import MediaCrawler JSON and CSV" --db "$DB" import "$D/mediacrawler.json" "$D/mediacrawler.csv"
printf '{"platform":"xiaohongshu","id":"vg-1","lang":"zh","time":"2025-01-15T10:00:00Z","text":"一只猫 through a pipe","tags":["猫"]}\n' >"$WORK/one.jsonl"
vg 0 "import from standard input" --db "$DB" import - <"$WORK/one.jsonl"
printf '{"platform":"xiaohongshu","id":"vg-2","lang":"en","time":"not a date","text":"x"}\n' >"$WORK/bad.jsonl"
vg 1 "a rejected import (rolled back)" --db "$DB" import "$WORK/one.jsonl" "$WORK/bad.jsonl"
vg 0 "export everything as JSON Lines" --db "$DB" export --what all --format jsonl
grep -q '"vg-1"' "$WORK/out"
tap $? "the export under valgrind holds the piped post"
vg 0 "export posts as CSV" --db "$DB" export --what posts --format csv
vg 0 "timeline as text" --db "$DB" timeline
vg 0 "timeline as Markdown, one kind" --db "$DB" timeline --format md --kind executive-order
vg 0 "feed search (three characters, through the index)" --db "$DB" feed --search "cat tax" --limit 20
vg 0 "feed search (one Chinese character)" --db "$DB" feed --search 猫 --format csv
vg 0 "feed by likes with filters" --db "$DB" feed --sort likes --lang en --from 2025-01 --limit 50 --format jsonl
vg 0 "stats" --db "$DB" stats --top 5
vg 0 "stats of a search" --db "$DB" stats --search 小红书 --format md
vg 0 "check" --db "$DB" check
vg 0 "config" config
vg 1 "the explorer refusing standard input that is not a terminal" --db "$DB" </dev/null

# ---- the explorer ------------------------------------------------------------------
if [ -z "$TMUX_BIN" ]; then
    echo "# SKIP the explorer under valgrind: tmux is not installed"
    finish
fi
# Under valgrind every step is slower: generous limits.
start_vg() { # start_vg LOG [start_refuge arguments]
    log=$1
    shift
    REFUGE_WRAPPER="$VALGRIND $VG_OPTS --log-file=$log" start_refuge -x 100 -y 30 "$@"
}

log=$(vg_log)
start_vg "$log" --db "$DB" --tour
ok=0
step() { [ $ok -eq 0 ] || return; "$@" || { echo "# step failed: $*"; screen | tail -3 | sed "s|^|#  > |"; ok=1; }; }
step wait_for "tour: step 1 of 15" 60
step send Space
step wait_for "tour: step 2 of 15" 30
step send Space
step wait_for "tour: step 3 of 15" 30
step send q
step wait_for "left the tour" 30
step send 1
step send c
for k in j j PgDn k; do step send $k; done
step wait_row 30 "^ *Timeline \\| event" 30
step send Enter
step wait_for "window:" 30
step send 2
step send c
step wait_for "filters cleared" 30
for k in j PgDn G g; do step send $k; done
step wait_row 30 "^ *Feed \\| post 1 of" 30
step send Enter
step wait_for "reading post" 30
step send ']'
step send Escape
step send /
step wait_for "Search:" 30
step send_text "cat"
step send Enter
step wait_for "posts match" 30
step send n
step send 3
step wait_row 30 "^ *Stats" 30
for k in j l h PgDn; do step send $k; done
step send '?'
step wait_for "refuge: keys" 30
step send Escape
step wait_gone "refuge: keys" 30
step send L
step send z
step resize 60 20
step wait_for "Stats" 30
step resize 100 30
step send z
step send q
tap $ok "the explorer's main paths run under valgrind"
wait_exit 60
[ "$EXIT_STATUS" = 0 ] && clean_log "$log"
status=$?
[ $status -eq 0 ] || { echo "# exit status $EXIT_STATUS"; show_log "$log"; }
tap $status "valgrind: the explorer's main paths, out by q: no error, nothing lost"
end_session

log=$(vg_log)
start_vg "$log" --db "$DB"
wait_for "Trump signs EO 13942" 60
send 2
wait_row 30 "^ *Feed" 30
kill -TERM "$(refuge_pid)"
wait_exit 60
[ "$EXIT_STATUS" = 143 ] && clean_log "$log"
status=$?
[ $status -eq 0 ] || { echo "# exit status $EXIT_STATUS"; show_log "$log"; }
tap $status "valgrind: the explorer out by SIGTERM: no error, nothing lost"
end_session

log=$(vg_log)
start_vg "$log" --db "$DB"
wait_for "Trump signs EO 13942" 60
pid=$(refuge_pid)
tmx kill-server
gone() { ! alive "$pid"; }
poll 60 gone
clean_log "$log"
status=$?
[ $status -eq 0 ] || show_log "$log"
tap $status "valgrind: the explorer out by its terminal closing: no error, nothing lost"
alive "$pid" && kill -KILL "$pid"

finish
