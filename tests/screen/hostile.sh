#!/bin/sh
# Hostile data (issue 11): escape sequences of every family (CSI, OSC title
# and clipboard writes, DCS, APC/PM/SOS, 8-bit C1), bidi overrides,
# zero-width and combining floods, a 1 MB post, 10,000 tags on one post,
# NUL bytes, invalid UTF-8, numbers that overflow and dates out of range,
# in posts' text, translation, author, tags and URL, and in events and
# figures (tests/screen/hostile_gen.sh writes them). The importer refuses
# each bad record by FILE:LINE and takes the rest; a cache crafted with
# what the importer refuses is read too. Then every pane shows it all in
# tmux, and the terminal is untouched: the pane's title, no clipboard
# write (set-clipboard is on, so one would make a paste buffer), the
# cursor and mouse modes, and the frame around the text. Last, every
# writer (feed, timeline, stats in each format, export of each kind, tour
# --print of a hostile tour) writes to the terminal and leaves it as it was.
. "${top_srcdir:-.}/tests/screen/lib.sh"

H="$WORK/hostile"
DB="$WORK/hostile.db"
r() { REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$DB" "$@"; }
sh "$top_srcdir/tests/screen/hostile_gen.sh" "$H"
tap $? "the hostile data set is generated"

# True when a file holds nothing that drives a terminal: no C0 control but
# newline and tab, no C1 control (as UTF-8), no bidi override or isolate,
# and only valid UTF-8 (which has no raw C1 bytes).
inert() {
    ! LC_ALL=C tr -d '\n\t' <"$1" | LC_ALL=C grep -q '[[:cntrl:]]' &&
        ! LC_ALL=C grep -q "$(printf '\302[\200-\237]')" "$1" &&
        ! LC_ALL=C grep -q -e "$(printf '\342\200[\252-\256]')" \
            -e "$(printf '\342\201[\246-\251]')" "$1" &&
        { [ -z "$ICONV" ] || "$ICONV" -f UTF-8 -t UTF-8 "$1" >/dev/null 2>&1; }
}
ICONV=$(command -v iconv || true)
[ -n "$ICONV" ] || echo "# iconv is not installed: UTF-8 validity of output is not checked"

# ---- import: the well-formed hostile records are taken ------------------------

out=$(r import "$H/good.jsonl" "$H/good.csv" 2>"$WORK/err")
[ $? -eq 0 ] && echo "$out" | grep -q "^imported 13 posts, 1 event, 2 figures, 0 skipped"
tap $? "escapes, bidi, floods, a 1 MB post and 10,000 tags import when well-formed"
r feed --tag t10000 --format csv | grep -q "TAGS-POST" &&
    [ "$(r feed --search TAGS-POST --format jsonl | grep -o '"t[0-9]\{5\}"' | wc -l)" -eq 10000 ]
tap $? "every one of the 10,000 tags is kept, the last one searchable"
r feed --search BIG-END --format jsonl >"$WORK/big.jsonl" &&
    [ "$(wc -c <"$WORK/big.jsonl")" -gt 1048576 ] && grep -q "w131071 BIG-END" "$WORK/big.jsonl"
tap $? "the 1 MB post is kept whole"

# ---- import: each bad record is refused by FILE:LINE ----------------------------

before=$(r check | grep -v "^cache:")
r import "$H/bad.jsonl" >/dev/null 2>"$WORK/err"
[ $? -eq 1 ] && grep -q "bad.jsonl:1: invalid UTF-8; nothing was imported" "$WORK/err" &&
    [ "$(r check | grep -v "^cache:")" = "$before" ]
tap $? "without --skip-bad the first bad record stops the import and the cache is unchanged"

r import --skip-bad "$H/bad.jsonl" "$H/bad.csv" >"$WORK/out" 2>"$WORK/err"
[ $? -eq 0 ] && grep -q "^imported 0 posts, 27 skipped" "$WORK/out"
tap $? "with --skip-bad all 27 bad records are skipped, none taken"
while IFS='|' read -r where reason; do
    grep -qF "$where: $reason" "$WORK/err"
    tap $? "refused: $where: $reason"
done <<'EOF'
bad.jsonl:1|invalid UTF-8
bad.jsonl:2|invalid UTF-8
bad.jsonl:3|a string contains a NUL character (\u0000)
bad.jsonl:4|bad JSON: malformed JSON
bad.jsonl:5|likes: expected a whole number
bad.jsonl:6|likes: expected a count
bad.jsonl:7|likes: expected a count, got '-1'
bad.jsonl:8|time: year 9999 is out of range (1970-2100)
bad.jsonl:9|time: expected a date YYYY-MM-DD
bad.jsonl:10|time: year 1800 is out of range (1970-2100)
bad.jsonl:11|time: no such date 2025-02-29
bad.jsonl:12|time: no such time of day
bad.jsonl:13|time: Unix time 99999999999999999999 is out of range
bad.jsonl:14|invalid UTF-8
bad.jsonl:15|a string contains a NUL character
bad.jsonl:16|text: invalid UTF-8 at byte 5
bad.jsonl:17|comments: expected a count, got '1e400'
bad.jsonl:18|time: expected a date YYYY-MM-DD
bad.jsonl:19|date: year 9999 is out of range
bad.jsonl:20|importance: expected a count
bad.jsonl:21|value: expected a number
bad.jsonl:22|value: expected a number, got 'nan'
bad.jsonl:23|value: expected a number, got '-inf'
bad.csv:2|text: invalid UTF-8 at byte 7
bad.csv:3|text: contains a NUL byte
bad.csv:4|likes: expected a count, got '99999999999999999999'
bad.csv:5|likes: expected a count, got '1e400'
EOF
inert "$WORK/err"
tap $? "the importer's messages quote the bad values inert"

# ---- a crafted cache: what the importer refuses -----------------------------------

if command -v sqlite3 >/dev/null; then
    sqlite3 "$DB" <"$H/inject.sql"
    tap $? "a cache is crafted with raw escapes, C1 bytes, invalid UTF-8, NULs and 64-bit limits"
    injected=yes
else
    echo "# SKIP a crafted cache: sqlite3 is not installed"
    injected=""
fi

# ---- batch output: text and Markdown are inert, CSV and JSON Lines are data -------

for cmd in feed timeline stats figures; do
    for fmt in text md; do
        COLUMNS=160 r "$cmd" --format "$fmt" >"$WORK/out.$cmd.$fmt" 2>"$WORK/err"
        [ $? -eq 0 ] && [ ! -s "$WORK/err" ] && inert "$WORK/out.$cmd.$fmt"
        tap $? "refuge $cmd --format $fmt succeeds and writes nothing that drives a terminal"
    done
done
grep -qF "␛]0;PWNED␇" "$WORK/out.feed.text" && grep -qF "⟨RLO⟩evil" "$WORK/out.feed.md" &&
    grep -qF "EVT-HOSTILE ␛]0;PWNED-EV␇" "$WORK/out.timeline.text"
tap $? "and shows the sequences as placeholders"
if [ -n "$injected" ]; then
    grep -q "RAW-POST �2J�0;PWNED-C1␇" "$WORK/out.feed.md" && grep -qF "␀AFTER" "$WORK/out.feed.md"
    tap $? "raw C1 bytes from the cache show as U+FFFD, a NUL as ␀ with the text after it"
    grep -q "^(time out of range) " "$WORK/out.feed.text" &&
        grep -q "^posts 22 .*likes 9223372036854775807" "$WORK/out.stats.text"
    tap $? "times beyond the calendar say so; likes past 64 bits saturate"
fi
REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$WORK/round.db" import "$H/good.jsonl" "$H/good.csv" >/dev/null &&
    REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$WORK/round.db" export --what posts --format jsonl >"$WORK/a.jsonl" &&
    REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$WORK/round2.db" import "$WORK/a.jsonl" >/dev/null &&
    REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$WORK/round2.db" export --what posts --format jsonl >"$WORK/b.jsonl" &&
    cmp -s "$WORK/a.jsonl" "$WORK/b.jsonl" && grep -q 'OSC-POST \\u001b]0;PWNED\\u0007' "$WORK/a.jsonl"
tap $? "export to JSON Lines keeps the escapes as data and round-trips"
REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$WORK/round.db" export --what posts --format csv >"$WORK/a.csv" &&
    REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$WORK/round3.db" import "$WORK/a.csv" >/dev/null &&
    REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$WORK/round3.db" export --what posts --format csv >"$WORK/b.csv" &&
    cmp -s "$WORK/a.csv" "$WORK/b.csv"
tap $? "and to CSV"

# ---- the explorer ------------------------------------------------------------------

[ -n "$TMUX_BIN" ] || {
    echo "# SKIP the explorer: tmux is not installed"
    finish
}
TMUX_CONF_EXTRA="set -s set-clipboard on"

# The terminal state a program could change: pane title, paste buffers and
# the modes a sequence would set (cursor shown, alternate screen, mouse,
# keypad, insert, origin).
term_state() {
    echo "$(pane_value pane_title)|$(tmx list-buffers 2>/dev/null | wc -l)|$(pane_value cursor_flag)" \
        "$(pane_value alternate_on)$(pane_value mouse_any_flag)$(pane_value mouse_standard_flag)" \
        "$(pane_value keypad_cursor_flag)$(pane_value insert_flag)$(pane_value origin_flag)"
}

# First, that these checks see a title and a clipboard write when a program
# makes them: printf in refuge's place.
real=$REFUGE
REFUGE=printf
start_refuge "$(printf '\033]2;PWNED\007\033]52;c;cHduZWQ=\007')"
REFUGE=$real
wait_for "[refuge exited: 0]"
[ "$(pane_value pane_title)" = PWNED ] && [ "$(tmx list-buffers | wc -l)" -eq 1 ]
tap $? "the checks see a title write and a clipboard write when a program makes them"
end_session

# Checks the state against the one at start, and the frame: the status
# line on the last row (its "? help" at the right) and, in split layouts, the pane border at its column
# on every other row.
BORDER=""
untouched() {
    [ "$(term_state)" = "$BASE" ] || return 1
    rows=$(pane_value pane_height)
    screen >"$WORK/frame.txt"
    sed -n "${rows}p" "$WORK/frame.txt" | grep -Eq '\? help *$' || return 1
    [ "$(LC_ALL=C.UTF-8 wc -L <"$WORK/frame.txt")" -le "$(pane_value pane_width)" ] || return 1
    [ -z "$BORDER" ] && return 0
    n=1
    while [ "$n" -lt "$rows" ]; do
        line=$(sed -n "${n}p" "$WORK/frame.txt")
        [ "$(printf '%s' "${line%%│*}" | LC_ALL=C.UTF-8 wc -L)" = "$BORDER" ] || return 1
        n=$((n + 1))
    done
}
check_untouched() { poll 5 untouched; tap $? "$1: the terminal is untouched and the frame intact"; }

# refuge starts with the pane titled KNOWN: curses saves the title on the
# terminal's stack at start and restores it at exit, so it is set first.
cat >"$WORK/titled" <<WRAP
#!/bin/sh
printf '\033]2;KNOWN\007'
exec "$REFUGE" "\$@"
WRAP
chmod 755 "$WORK/titled"

open_session() { # COLS ROWS
    real=$REFUGE
    REFUGE=$WORK/titled
    start_refuge -x "$1" -y "$2" -e REFUGE_NO_BUNDLE=1 --db "$DB"
    REFUGE=$real
    wait_for "Feed"
    wait_row "$2" '^ (Feed|Timeline|Stats) \| '
    BASE=$(term_state)
    line=$(screen | sed -n 3p)
    BORDER=$(printf '%s' "${line%%│*}" | LC_ALL=C.UTF-8 wc -L)
}

# search MARKER: lists the one post holding MARKER, and opens it.
search() {
    send /
    wait_for "Search:"
    send C-u
    send_text "$1"
    send Enter
    wait_for "1 post matches \"$1\"" && send Enter && wait_for "reading post 1 of 1"
}

# ---- 80x24: every post in the reader's three modes ---------------------------------

open_session 80 24
case "$BASE" in "KNOWN|0|0 1"*) true ;; *) false ;; esac
tap $? "the explorer opens the hostile cache: alternate screen, cursor hidden, title set"
send 2
wait_for "Feed · all posts"
check_untouched "the feed list"
expect_re "CSI-POST ␛\[2J␛\[H" "a list row shows a screen clear as text"
if [ -n "$injected" ]; then
    expect "FUTURE-POST" "a post from beyond the year 9999 is listed"
    expect_not "538976289" "with no date drawn from garbage"
fi

while IFS='|' read -r marker shown; do
    search "$marker"
    check "$marker: found and opened" wait_for "reading post 1 of 1"
    check "$marker: shown neutralised" wait_for "$shown"
    check_untouched "$marker, both texts"
    send L
    wait_for "posts: original text"
    check_untouched "$marker, original"
    send L
    wait_for "posts: translation"
    check_untouched "$marker, translation"
    send L
    wait_for "posts: original and translation"
    send Escape
    wait_for "Feed | post 1 of 1"
    send c
    wait_for "filters cleared"
done <<'EOF'
CSI-POST|CSI-POST ␛[2J␛[H␛[10;20Hmoved
OSC-POST|␛]52;c;cHduZWQ=␇
DCS-POST|␛Ptmux;␛␛]2;PWNED-DCS␇␛\
C1-POST|C1-POST ␛[2J ␛]0;PWNED-C1␛\
BIDI-POST|BIDI-POST ⟨RLO⟩evil⟨PDF⟩ ⟨LRI⟩iso⟨PDI⟩
COMB-POST|tail END
ZW-POST|z END
CSV-POST|CSV-POST ␛[2J␛[H raw
EOF

if [ -n "$injected" ]; then
    search "RAW-POST"
    check "raw bytes from the cache: invalid UTF-8 as U+FFFD" wait_for "RAW-POST �2J�0;PWNED-C1␇"
    expect "␀AFTER" "a NUL as ␀, with the text after it"
    check_untouched "raw bytes from the cache"
    send Escape
    send c
    wait_for "filters cleared"
    search "NUMS-POST"
    check "likes of 2^63-1 are shown" wait_for "likes 9223372036854775807"
    check_untouched "64-bit counts and a 2^31 minute offset"
    send Escape
    send c
    wait_for "filters cleared"
    search "FUTURE-POST"
    check "a time beyond the calendar says so" wait_for "time out of range"
    check_untouched "a time beyond the calendar"
    send Escape
    send c
    wait_for "filters cleared"
fi

# The 10,000 tags and the 1 MB post open at once and page to their ends.
search "TAGS-POST"
check "the reader names 50 of 10,000 tags and counts the rest" wait_for "9950 more)"
check_untouched "10,000 tags"
send Escape
send c
wait_for "filters cleared"
search "BIG-END"
check "the 1 MB post opens" wait_for "BIG-POST w000000"
send G
check "and G reaches its last line" wait_for "w131071 BIG-END" 5
check_untouched "the 1 MB post"
send Escape
send c
wait_for "filters cleared"

# A search for hostile text: the prompt shows it inert and it matches.
send /
wait_for "Search:"
send C-u
send_text "$(printf '\342\200\256evil')"
check "a search prompt shows a typed bidi override as a placeholder" wait_for "Search: ⟨RLO⟩evil"
send Enter
check "and finds the post holding it" wait_for '1 post matches "⟨RLO⟩evil"'
check_untouched "a search for a bidi override"
send c
wait_for "filters cleared"

# The tag picker lists hostile tags.
send f
wait_for "Filter posts"
send j
send j
send Enter
check "the tag picker opens" wait_for "(all tags)"
check_untouched "the tag picker"
send Escape
send Escape

# Timeline and stats.
send 1
wait_for "Timeline | "
for _ in 1 2 3 4 5 6; do send j; done
check "the timeline shows an event's title neutralised" wait_for "EVT-HOSTILE ␛]0;PWNED-EV␇"
check_untouched "the timeline"
send 3
wait_for "Stats · all posts"
if [ -n "$injected" ]; then
    check "the stats pane sums likes past 64 bits, saturated" wait_for "9,223,372,036,854,775,807 likes"
    expect_re "· -{10} → -{5}( |$)" "and dates its chart in the years 1-9999 only"
    # The chart's first and last days lie beyond the calendar: zoom into
    # each end down to single days and select it.
    for dir in h l; do
        keys=""
        for _ in $(seq 1 60); do keys="$keys $dir"; done
        for _ in $(seq 1 20); do keys="$keys Enter"; done
        send $keys
        check "a day beyond the calendar at the chart's end ($dir) is selected, not linked" \
            wait_for "day ---------- selected (1 post)"
        send Escape Escape Escape Escape Escape Escape Escape Escape Escape Escape
        send 2 3
        wait_for "Stats · all posts"
    done
    check_untouched "the chart's ends"
fi
found=1
for _ in 1 2 3 4 5 6 7 8; do # page down to the reported figures
    wait_for "FIG-HUGE ␛]0;PWNED-FIG␇" 1 && found=0 && break
    send PgDn
done
tap $found "the stats pane shows a figure's label neutralised"
check_untouched "the stats pane"
send q
EXIT_STATUS=""
wait_exit
check "refuge exits with status 0" [ "$EXIT_STATUS" = 0 ]
check "and gives the terminal back" terminal_restored
check "the pane title is still the one set before" [ "$(pane_value pane_title)" = KNOWN ]
check "no clipboard write reached the terminal" [ "$(tmx list-buffers | wc -l)" -eq 0 ]
end_session

# ---- 160x48 side by side, and resized ------------------------------------------------

open_session 160 48
send 2
wait_for "Feed · all posts"
check_untouched "160x48: the feed list"
for marker in OSC-POST C1-POST COMB-POST ZW-POST BIDI-POST; do
    search "$marker"
    send z
    check "160x48: $marker side by side" wait_for " │ "
    border=$BORDER
    BORDER=""
    check_untouched "160x48: $marker, zoomed"
    BORDER=$border
    send z
    send Escape
    send c
    wait_for "filters cleared"
done
search "DCS-POST"
resize 100 30
check "resized to 100x30: the reader redraws" wait_row 30 '^ Feed \| reading post 1 of 1'
BORDER=""
check_untouched "resized to 100x30"
resize 60 20
check "resized to 60x20" wait_row 20 '^ Feed \| reading post 1 of 1'
check_untouched "resized to 60x20"
send Escape
wait_row 20 '^ Feed \| post 1 of 1'
send c
wait_for "filters cleared"
send q
EXIT_STATUS=""
wait_exit
check "160x48: refuge exits with status 0" [ "$EXIT_STATUS" = 0 ]
check "160x48: the terminal is given back" terminal_restored
check "160x48: title and clipboard untouched" \
    [ "$(pane_value pane_title)" = KNOWN ] && [ "$(tmx list-buffers | wc -l)" -eq 0 ]
end_session

# ---- every writer to a terminal ----------------------------------------------------
# The data formats for programs (CSV, JSON Lines) defuse what they write
# when standard output is a terminal, and the formats for people always do:
# after each, the pane's title, clipboard and modes are as before.
tty_untouched() {
    [ "$(pane_value pane_title)" = KNOWN ] && [ "$(tmx list-buffers | wc -l)" -eq 0 ] &&
        [ "$(pane_value alternate_on)$(pane_value cursor_flag)" = 01 ] &&
        [ "$(pane_value mouse_any_flag)$(pane_value insert_flag)$(pane_value origin_flag)" = 000 ]
}
tty_writer() { # tty_writer ARGS...: runs refuge ARGS on the terminal
    real=$REFUGE
    REFUGE=$WORK/titled
    start_refuge -x 100 -y 30 -e REFUGE_NO_BUNDLE=1 --db "$DB" "$@"
    REFUGE=$real
    EXIT_STATUS=""
    wait_exit 60
    [ "$EXIT_STATUS" = 0 ] && tty_untouched
    tap $? "refuge $* on a terminal leaves it untouched"
    end_session
}
for f in csv jsonl md text; do
    tty_writer feed --limit 0 --format $f
    tty_writer timeline --format $f
    tty_writer stats --format $f
done
tty_writer export
for what in posts events figures; do
    tty_writer export --what $what --format csv
done
printf '[tour]\ntitle_en = %s]2;PWNED%s\n[step1]\ncaption_en = %s]52;c;cHduZWQ=%s %s[2J %s6n\n' \
    "$(printf '\033')" "$(printf '\007')" "$(printf '\033')" "$(printf '\007')" "$(printf '\033')" \
    "$(printf '\302\233')" >"$WORK/hostile-tour.ini"
tty_writer tour --print "$WORK/hostile-tour.ini"

# ---- a cache a pane cannot read: the explorer says so and ends ---------------------

if command -v sqlite3 >/dev/null; then
    BROKEN=$WORK/broken.db
    "$REFUGE" --db "$BROKEN" stats --top 1 >/dev/null 2>&1
    sqlite3 "$BROKEN" "DROP TABLE event_sources; DROP TABLE events;"
    start_refuge -x 100 -y 30 --db "$BROKEN"
    check "a timeline that cannot open is named with its reason" \
        wait_for "the Timeline pane could not open: timeline: cache: no such table: events"
    EXIT_STATUS=""
    wait_exit
    check "and the explorer ends with status 1" [ "$EXIT_STATUS" = 1 ]
    check "with the terminal given back" terminal_restored
    end_session
else
    echo "# SKIP a cache a pane cannot read: sqlite3 is not installed"
fi

finish
