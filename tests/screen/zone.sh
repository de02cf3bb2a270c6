#!/bin/sh
# The reader's clock: posts around New York's 2025 daylight-saving changes
# (tests/data/zones.jsonl, ten posts whose answers are worked out by hand
# below) counted per day, week, hour and weekday in UTC, New York and
# Shanghai, by `refuge stats --by` and in the explorer, where Z switches
# the zone across the change; dates given in a zone; bad zones refused.
. "${top_srcdir:-.}/tests/screen/lib.sh"

DB="$WORK/zones.db"
r() { REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$DB" "$@"; }
r import "$top_srcdir/tests/data/zones.jsonl" >/dev/null
tap $? "the fixture imports"

# The posts (UTC), their likes, and their clocks in New York and Shanghai:
#   z-01 03-09 04:30  1   NY 03-08 23:30 EST Sat   SH 03-09 12:30 Sun
#   z-02 03-09 05:30  2   NY 03-09 00:30 EST Sun   SH 03-09 13:30 Sun
#   z-03 03-09 06:59  3   NY 03-09 01:59 EST Sun   SH 03-09 14:59 Sun
#   z-04 03-09 07:00  4   NY 03-09 03:00 EDT Sun   SH 03-09 15:00 Sun
#   z-05 03-10 03:30  5   NY 03-09 23:30 EDT Sun   SH 03-10 11:30 Mon
#   z-06 03-10 04:30  6   NY 03-10 00:30 EDT Mon   SH 03-10 12:30 Mon
#   z-07 11-02 05:30  7   NY 11-02 01:30 EDT Sun   SH 11-02 13:30 Sun
#   z-08 11-02 06:30  8   NY 11-02 01:30 EST Sun   SH 11-02 14:30 Sun
#   z-09 11-03 04:30  9   NY 11-02 23:30 EST Sun   SH 11-03 12:30 Mon
#   z-10 11-03 05:30 10   NY 11-03 00:30 EST Mon   SH 11-03 13:30 Mon
# Rows with posts, as "slot,posts,likes".
stats_rows() { # stats_rows ZONE UNIT
    r --tz "$1" stats --by "$2" --format csv | tr -d '\r' | tail -n +2 |
        awk -F, '$2 != 0 { gsub(/"/, "", $1); printf "%s,%s,%s ", $1, $2, $5 }'
}
same() { # same NAME GOT WANT
    [ "$2" = "$3" ]
    tap $? "$1"
    [ "$2" = "$3" ] || printf '#   got:  %s\n#   want: %s\n' "$2" "$3"
}

same "days of UTC" "$(stats_rows UTC day)" \
    "2025-03-09,4,10 2025-03-10,2,11 2025-11-02,2,15 2025-11-03,2,19 "
same "days of New York: 8 March has the post of 23:30 EST, 9 March (23 hours) four" \
    "$(stats_rows America/New_York day)" \
    "2025-03-08,1,1 2025-03-09,4,14 2025-03-10,1,6 2025-11-02,3,24 2025-11-03,1,10 "
same "days of Shanghai" "$(stats_rows Asia/Shanghai day)" \
    "2025-03-09,4,10 2025-03-10,2,11 2025-11-02,2,15 2025-11-03,2,19 "
same "hours of New York: both 01:30s of 2 November count at 1, nothing at 2" \
    "$(stats_rows America/New_York hour)" "0,3,18 1,3,18 3,1,4 23,3,15 "
same "hours of Shanghai" "$(stats_rows Asia/Shanghai hour)" "11,1,5 12,3,16 13,3,19 14,2,11 15,1,4 "
same "hours of UTC" "$(stats_rows UTC hour)" "3,1,5 4,3,16 5,3,19 6,2,11 7,1,4 "
same "weekdays of New York" "$(stats_rows America/New_York weekday)" "Mon,2,16 Sat,1,1 Sun,7,38 "
same "weekdays of Shanghai" "$(stats_rows Asia/Shanghai weekday)" "Mon,4,30 Sun,6,25 "
same "weeks of New York, from Monday" "$(stats_rows America/New_York week)" \
    "2025-03-03,5,15 2025-03-10,1,6 2025-10-27,3,24 2025-11-03,1,10 "
same "weeks of Shanghai" "$(stats_rows Asia/Shanghai week)" \
    "2025-03-03,4,10 2025-03-10,2,11 2025-10-27,2,15 2025-11-03,2,19 "
[ "$(r --tz America/New_York stats --by hour --format csv | tr -d '\r' | tail -n +2 | wc -l)" -eq 24 ] &&
    [ "$(r stats --tz UTC --by weekday --format jsonl | wc -l)" -eq 7 ]
tap $? "every hour and every weekday has its record, empty ones too"
r --tz Asia/Shanghai stats --by hour | grep -q "^posts per hour of the day (Asia/Shanghai)$"
tap $? "the text names the unit and the zone"
r --tz America/New_York stats --format md | grep -q "^### Posts per day (America/New_York)$"
tap $? "so does Markdown"

# Codes per day in the reader's zone: four posts around midnight UTC, the
# first three on 13 January in UTC, the last three on 14 January in Shanghai.
CODED="$WORK/coded.db"
for t in 15:30 16:30 23:30 00:30; do
    day=13
    [ "$t" = 00:30 ] && day=14
    printf '{"id": "m-%s", "platform": "x", "author": "night", "lang": "en", "time": "2025-01-%sT%s:00Z", "text": "a post at %s UTC"}\n' \
        "${t%%:*}" "$day" "$t" "$t"
done >"$WORK/midnight.jsonl"
c() { REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$CODED" "$@"; }
c import "$WORK/midnight.jsonl" >/dev/null &&
    for id in m-15 m-16 m-23 m-00; do c codes --apply night --post "x:$id" >/dev/null || exit 1; done
tap $? "four posts around midnight UTC are coded"
same "codes --by-day counts UTC days by default" \
    "$(c codes --by-day --format csv | tr -d '\r' | tail -n +2 | tr '\n' ' ')" \
    '"night","2025-01-13",3 "night","2025-01-14",1 '
same "and Shanghai's days under --tz Asia/Shanghai (15:30 UTC is 23:30 there, 16:30 the next day)" \
    "$(c --tz Asia/Shanghai codes --by-day --format csv | tr -d '\r' | tail -n +2 | tr '\n' ' ')" \
    '"night","2025-01-13",1 "night","2025-01-14",3 '
c codes --tz Asia/Shanghai --by-day --format md | grep -q "^## Posts per code and day (Asia/Shanghai)$" &&
    c --tz Asia/Shanghai codes --by-day | grep -q "^  night  *2025-01-14      3$"
tap $? "Markdown names the zone; the text lists the zone's days"

# Dates given in a zone.
ids_feed() { r feed "$@" --format csv --limit 0 | tr -d '\r' | tail -n +2 | cut -d, -f1 | sort | tr '\n' ' '; }
same "--from/--to 2025-03-09 in New York: its 23 hours" \
    "$(ids_feed --tz America/New_York --from 2025-03-09 --to 2025-03-09)" '"z-02" "z-03" "z-04" "z-05" '
same "the same day in UTC" "$(ids_feed --tz UTC --from 2025-03-09 --to 2025-03-09)" \
    '"z-01" "z-02" "z-03" "z-04" '
same "2 November in New York: 25 hours" \
    "$(ids_feed --tz America/New_York --from 2025-11-02 --to 2025-11-02)" '"z-07" "z-08" "z-09" '
COLUMNS=200 r --tz America/New_York feed --limit 1 | grep -q "^2025-11-03 00:30 -05:00 "
tap $? "the feed's text shows times on the reader's clock, with its offset then"
r --tz UTC feed --format csv --limit 1 | grep -q '"2025-11-03T05:30:00+00:00"'
tap $? "CSV keeps the post's own time, whatever the zone"

# Refusals: nothing done, a clear message.
r --tz Mars/Olympus stats >"$WORK/out" 2>"$WORK/err"
[ $? -eq 2 ] && [ ! -s "$WORK/out" ] && grep -q "unknown time zone 'Mars/Olympus'" "$WORK/err"
tap $? "an unknown zone is a usage error that names it"
TZDIR="$WORK/nowhere" r --tz Europe/Berlin stats >/dev/null 2>"$WORK/err"
[ $? -eq 2 ] && grep -q "install the tzdata package" "$WORK/err"
tap $? "without zoneinfo refuge says so, never UTC in silence"
mkdir -p "$XDG_CONFIG_HOME/refuge"
printf '[ui]\ntimezone = Asia/Shanghai\n' >"$XDG_CONFIG_HOME/refuge/refuge.ini"
same "[ui] timezone applies to the batch commands" "$(stats_rows Asia/Shanghai hour)" \
    "$(r stats --by hour --format csv | tr -d '\r' | tail -n +2 |
        awk -F, '$2 != 0 { gsub(/"/, "", $1); printf "%s,%s,%s ", $1, $2, $5 }')"
printf '[ui]\ntimezone = Atlantis/Capital\n' >"$XDG_CONFIG_HOME/refuge/refuge.ini"
r config 2>"$WORK/err" | grep -q "^timezone = local  ; built-in$" &&
    grep -q "refuge.ini:2: \[ui\] timezone: unknown time zone 'Atlantis/Capital'" "$WORK/err"
tap $? "a bad [ui] timezone is reported with file and line, the default kept"
rm -f "$XDG_CONFIG_HOME/refuge/refuge.ini"

# --assume-zone with an IANA name: Spider_XHS's zoneless upload_time.
SPIDER=$(find "$top_srcdir/tests/data/collections" -name info.json | head -n 1)
REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$WORK/spider.db" import --assume-zone America/New_York \
    "$SPIDER" >"$WORK/out" 2>&1
grep -q "America/New_York (--assume-zone)" "$WORK/out"
tap $? "import --assume-zone takes an IANA zone, and the summary names it"

# ---- the explorer: the zone switched across the change --------------------------
require_tmux
start_refuge -x 120 -y 40 -e REFUGE_NO_BUNDLE=1 --db "$DB" --tz UTC
wait_for "Feed"
check "the status line names the zone" wait_for "UTC · ? help"
send 3 z
send u
send u
check "u: posts per hour of the day, in UTC" wait_for "Posts per hour of the day (UTC)"
check "the busiest hours of UTC" wait_for "busiest 04:00 (3)"
send Z
wait_for "time zone"
send C-u
send_text "Mars/Olympus"
send Enter
check "Z with a name that is no zone says so" wait_for "unknown time zone 'Mars/Olympus'"
expect "Posts per hour of the day (UTC)" "and nothing changed"
send Z
wait_for "time zone"
send C-u
send_text "America/New_York"
send Enter
check "Z America/New_York says so" wait_for "times and days in America/New_York"
check "the hours are New York's" wait_for "Posts per hour of the day (America/New_York)"
check "its busiest hour is midnight" wait_for "busiest 00:00 (3)"
send l
check "and the status line names the zone" wait_for "America/New_York · ? help"
send u
send u
check "u back to days" wait_for_re "Posts per (day|[0-9]+ days) \(America/New_York\)"
# The stats follow the feed's window, typed in the zone: 8-10 March.
send z 2 z
send f
wait_for "Filter posts"
send j j j j j
send Enter
wait_for "Date window"
send_text "2025-03-08..2025-03-10"
send Enter
check "the feed's window is New York's days" wait_for "window: 2025-03-08 → 2025-03-10"
check "and holds z-01 to z-06" wait_for "post 1 of 6"
send Escape
wait_gone "Filter posts"
send z 3 z
check "the chart has New York's days, 9 March the busiest" wait_for "busiest 03-09 (4)"
send h
check "8 March has one post in New York (23:30 EST)" wait_for_re "2025-03-08: 1 post( |$)"
send Z
wait_for "time zone"
send C-u
send_text "UTC"
send Enter
check "switched to UTC" wait_for "Posts per day (UTC)"
send h
check "the same window in UTC: 8 March has none" wait_for "2025-03-08: 0 posts"
send l l
check "and 10 March two" wait_for "2025-03-10: 2 posts"
send z 2 z
send Enter
check "the reader shows the post's time (UTC, as the file gave it)" \
    wait_for_re "2025-03-10 04:30 UTC *$"
send Z
wait_for "time zone"
send C-u
send_text "America/New_York"
send Enter
check "and in New York's zone, the reader's clock after it" \
    wait_for "2025-03-10 04:30 UTC, 00:30 in New York"
# The prompt opens on the current zone as a default: typing replaces it,
# an editing key keeps it to edit.
send Z
wait_for "time zone"
send_text "Asia/Shanghai"
send Enter
check "Z: the first typed character replaces the current zone" \
    wait_for "times and days in Asia/Shanghai"
send Z
wait_for "time zone"
send Left Right BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace
send_text "Hong_Kong"
send Enter
check "and an arrow with Backspace edits it instead" wait_for "times and days in Asia/Hong_Kong"
send q q q
wait_exit
finish
