#!/bin/sh
# The stats pane over the bundled dataset: the computed and reported
# sections kept apart, totals, the chart (max label, date axis, day cursor,
# zoom, selecting a day), the language split, top tags, reported figures
# with sources and an "unconfirmed" marker, ASCII under LANG=C, and resizing.
. "${top_srcdir:-.}/tests/screen/lib.sh"
require_tmux

# Polls until the screen differs from $1 (after a key that scrolls), then
# until two captures 50 ms apart agree: under load a capture can land in the
# middle of a frame, and a half-drawn page would lose lines from $WORK/all.
wait_change() {
    tries=200
    while [ "$tries" -gt 0 ]; do
        [ "$(screen)" != "$1" ] && break
        tries=$((tries - 1))
        sleep 0.05
    done
    [ "$tries" -gt 0 ] || return 1
    prev=$(screen)
    while [ "$tries" -gt 0 ]; do
        sleep 0.05
        now=$(screen)
        [ "$now" = "$prev" ] && return 0
        prev=$now
        tries=$((tries - 1))
    done
    return 1
}

# Writes every line of the focused pane, top to bottom, to $WORK/all: G
# shows the last page, then g and PgDn page through until it comes round.
collect() {
    send G
    wait_change "$(screen)"
    last=$(screen)
    send g
    wait_change "$last"
    screen >"$WORK/all"
    pages=0
    while [ "$(screen)" != "$last" ] && [ "$pages" -lt 100 ]; do
        before=$(screen)
        send PgDn
        wait_change "$before" || break
        screen >>"$WORK/all"
        pages=$((pages + 1))
    done
}

# The line number of the first line matching a fixed string in $WORK/all.
line_of() { grep -nF -- "$1" "$WORK/all" | head -n 1 | cut -d: -f1; }

# The percentages on the language split row add up to 100.
split_sums_to_100() {
    screen | grep -E '[0-9]+% .*[0-9]+% EN' | head -n 1 |
        grep -oE '[0-9]+%' | tr -d % | awk '{ s += $1 } END { exit !(NR == 2 && s == 100) }'
}

# The chart's date labels (the row under its time axis, right of the last
# pane separator) are each one whole date: two that touched would not be.
labels_apart() {
    screen | awk '/ 0(└|\+\+)/ { getline; print; exit }' | sed 's/.*[│|]//' |
        tr -s ' ' '\n' | grep -v '^$' >"$WORK/labels"
    [ -s "$WORK/labels" ] && ! grep -qvE '^([0-9]{4}-)?[0-9]{2}-[0-9]{2}$' "$WORK/labels"
}

# ---- wide: the three panes side by side ---------------------------------------
start_refuge -x 200 -y 50
check "the stats pane opens beside the feed" wait_for "Computed from the cache"
expect "Stats · all posts" "the title names the filter"
expect_re "Computed from the cache · all posts" "the computed heading says over which posts"
expect_re "[0-9,]+ posts · 中 [0-9,]+ · EN [0-9,]+ · [0-9,]+ likes" "totals with Chinese and English counts"
expect_re "Posts per (day|[0-9]+ days) \\(UTC\\) · 2025-01-10 → 03-30" "the chart is headed with its days"
expect_re "[0-9]+┤" "the chart has a max-value label"
expect_re " 0└" "and a zero on its time axis"
expect_re "01-10 +01-[0-9]{2} " "a labelled date axis"
check "date labels never run together" labels_apart
expect_re "中 [0-9]+% .*[0-9]+% EN" "the language split shows percentages"
check "the split's percentages add up to 100" split_sums_to_100
expect "#tiktokrefugee" "top tags include #tiktokrefugee"
expect "Most liked posts" "the most liked posts are listed"

send 3
check "3 focuses the stats; the status line shows the cursor's bar" \
    wait_for "Stats | 2025-01-14 → 01-15: 92 posts"
send l
check "l moves the day cursor one bar right" wait_for "Stats | 2025-01-16 → 01-17"
send h
check "h moves it back" wait_for "Stats | 2025-01-14 → 01-15"
send Enter
check "Enter on a bar of two days zooms in to one day per bar" wait_for "Posts per day (UTC)"
check "the cursor is on the busiest day" wait_for "Stats | 2025-01-14: 48 posts"
send l l l l
check "four days on is the 18th" wait_for "▶ 2025-01-18: 40 posts · 中 20 · EN 20"
send Escape
check "Esc zooms out again" wait_for "Posts per 2 days (UTC)"
check "keeping the cursor's day" wait_for "Stats | 2025-01-18 → 01-19"
send Enter
wait_for "Posts per day (UTC)"
send Enter
check "Enter on a day selects it for the feed" wait_for "day: 2025-01-18 (chosen in the chart)"
check "and the stats follow the feed to that day" wait_row 1 "Stats · day: 2025-01-18"
send BSpace
check "Backspace returns to all posts" wait_for "back to: all posts"

send z
check "zoomed, the stats take the whole width" wait_row 1 "^ ?Stats · all posts"
collect
computed=$(line_of "Computed from the cache")
reported=$(line_of "Reported (with sources)")
first_source=$(grep -nE "Sources?: " "$WORK/all" | head -n 1 | cut -d: -f1)
first_unconfirmed=$(line_of "unconfirmed")
check "the computed section comes first" test "${computed:-0}" -ge 1 -a "${reported:-0}" -gt "${computed:-0}"
check "no source or confidence marker above the reported heading" \
    test "${first_source:-0}" -gt "${reported:-0}" -a "${first_unconfirmed:-0}" -gt "${reported:-0}"
grep -F "84,000 notes" "$WORK/all" >"$WORK/seed"
check "the seed paper's 84,000 notes are marked unconfirmed" grep -q "^ ~ .*84,000 notes  unconfirmed" "$WORK/seed"
check "with their time and zone" grep -qF "13:30 BJT (UTC+08:00)" "$WORK/seed"
check "and their source" grep -qF "Source: Yinjie Cheng, seed paper" "$WORK/seed"
check "qualifiers are shown" grep -qE "over 114,000 posts" "$WORK/all"
check "large numbers read as 175M" grep -qE "over 175M downloads" "$WORK/all"
check "a settled figure carries no marker" \
    sh -c "grep -F '352 votes' '$WORK/all' | grep -qv unconfirmed"
check "dates head the reported figures" grep -qE "^ 2025-01-14$" "$WORK/all"

send g
send L
check "L shows the headings in Chinese" wait_for "根据本地缓存计算 · 全部帖子"
expect "每日帖子数（UTC）" "the chart's heading too"
send L
check "and in both languages" wait_for "Computed from the cache · 根据本地缓存计算"
send L
wait_for "language: English"

send z
wait_for "Timeline"
resize 80 24
check "after a resize to 80x24 the chart is drawn again" wait_for " 0└"
expect_re "[0-9]+┤" "with its max label"
check "its date labels still stand apart" labels_apart
expect "Stats | 2025-01-18" "the day cursor survives the resize"
resize 60 20
check "at 60x20 the chart still has its axis" wait_for " 0└"
check "its labels stand apart" labels_apart
resize 200 50
check "back at 200x50 the chart is whole" wait_for "#tiktokrefugee"
expect_re " 0└.*┴" "with ticks under labelled bars"

send q
check "q quits" wait_exit 5
check "with status 0 (a sanitizer build would report leaks here)" test "$EXIT_STATUS" = 0

# ---- 80x24: the stats beside the timeline ----------------------------------------
start_refuge -x 80 -y 24
check "80x24 opens on the timeline" wait_for "Timeline"
send 3
check "3 shows the stats beside it" wait_for "Computed from the cache"
expect_re "[0-9]+┤" "the chart's max label at 80x24"
expect_re "01-10 +01-[0-9]{2} " "the date axis at 80x24"
check "the language split at 80x24" split_sums_to_100
collect
check "the reported heading comes after the computed one" \
    test "$(line_of 'Reported (with sources)')" -gt "$(line_of 'Computed from the cache')"
check "the seed paper's figure is there, unconfirmed" \
    grep -A1 -F "#TikTokRefugee notes in one day (seed" "$WORK/all" | grep -q "84,000 notes · unconfirmed"
check "its source is named" grep -qF "Source: Yinjie Cheng, seed paper" "$WORK/all"
send q
wait_exit 5
check "80x24: exit status 0" test "$EXIT_STATUS" = 0

# ---- one post: "1 post", never "1 posts" ------------------------------------------
printf '{"id":"one","platform":"xiaohongshu","author":"solo","lang":"en","time":"2025-01-20T10:00:00Z","text":"the only post","likes":3}\n' >"$WORK/one.jsonl"
REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$WORK/one.db" import "$WORK/one.jsonl" >/dev/null 2>&1
start_refuge -x 80 -y 24 -e REFUGE_NO_BUNDLE=1 --db "$WORK/one.db"
send 3
check "one post: the totals say 1 imported post" wait_for_re "1 imported post( |$)"
check "the day under the cursor has 1 post" wait_for_re "2025-01-20: 1 post( |$)"
expect_not "1 posts" "nowhere 1 posts"
expect_not "1 imported posts" "nor 1 imported posts"
send q
wait_exit 5

# ---- LANG=C: ASCII only -----------------------------------------------------------
start_refuge -x 80 -y 24 -e LANG=C -e LC_ALL=C
check "under LANG=C the stats open" wait_for "Timeline"
send 3
check "with ASCII headings" wait_for "Computed from the cache - all posts"
check "ASCII date labels stand apart" labels_apart
expect_re "[0-9]+\\+  " "the max label and an ASCII axis"
expect_re " 0\\+\\+-" "an ASCII time axis"
expect_re "ZH [0-9]+% =+-+ [0-9]+% EN" "the split drawn with = and -"
send z
wait_for "Stats - all posts"
collect
check "every byte of every page is ASCII" sh -c "! LC_ALL=C grep -q '[^ -~]' '$WORK/all'"
check "the unconfirmed marker survives in ASCII" grep -q "unconfirmed" "$WORK/all"
send q
wait_exit 5
check "LANG=C: exit status 0" test "$EXIT_STATUS" = 0

finish
