#!/bin/sh
# The reader's clock in a tour and in the reader: a tour step's window
# FROM..TO is days of the reader's zone (--tz), read when the step is
# shown, as a window typed in the feed is; the reader says when a
# collection collected the post on that clock, with its offset.
. "${top_srcdir:-.}/tests/screen/lib.sh"
require_tmux

DB="$WORK/tz.db"
# 2025-01-17 20:00 UTC is the 18th in Shanghai; 2025-01-19 17:00 UTC is
# the 20th there, still the 19th in UTC.
cat >"$WORK/tz.jsonl" <<'EOF2'
{"id":"early","platform":"xiaohongshu","author":"a","lang":"en","time":"2025-01-17T20:00:00Z","text":"EARLY post","files":[{"tool":"mediacrawler","file":"notes.json","collected":"2025-01-20T00:30:00Z"}]}
{"id":"late","platform":"xiaohongshu","author":"b","lang":"en","time":"2025-01-19T17:00:00Z","text":"LATE post"}
EOF2
REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$DB" import "$WORK/tz.jsonl" >/dev/null 2>&1
tap $? "two posts import, either side of a day boundary that depends on the zone"
cat >"$WORK/tour.ini" <<'EOF2'
[step1]
panes = feed
window = 2025-01-18..2025-01-19
caption_en = Two days
EOF2

start_refuge -x 100 -y 24 -e REFUGE_NO_BUNDLE=1 --db "$DB" --tz Asia/Shanghai --tour "$WORK/tour.ini"
wait_for "Step 1/1"
check "in Asia/Shanghai the tour's window holds the post of the 18th there" wait_for "EARLY post"
expect_not "LATE post" "and not the one of the 20th there"
expect_re "window: 2025-01-18 .* 2025-01-19" "the window's days are named as written"
end_session

start_refuge -x 100 -y 24 -e REFUGE_NO_BUNDLE=1 --db "$DB" --tz UTC --tour "$WORK/tour.ini"
wait_for "Step 1/1"
check "in UTC the same window holds the other post" wait_for "LATE post"
expect_not "EARLY post" "and not the one of the 17th in UTC"
end_session

# The reader: when the collection collected it, on the reader's clock.
start_refuge -x 160 -y 30 -e REFUGE_NO_BUNDLE=1 --db "$DB" --tz Asia/Shanghai
wait_for "Feed"
send 2
send G
wait_for "EARLY post"
send Enter
check "the reader says when it was collected, in the reader's zone" \
    wait_for "collected by mediacrawler, 2025-01-20 08:30 +08:00, file notes.json"
end_session
start_refuge -x 160 -y 30 -e REFUGE_NO_BUNDLE=1 --db "$DB" --tz America/New_York
wait_for "Feed"
send 2
send G
wait_for "EARLY post"
send Enter
check "and in another zone, on its clock" \
    wait_for "collected by mediacrawler, 2025-01-19 19:30 -05:00, file notes.json"
end_session
finish
