#!/bin/sh
# The guided tour: the bundled tour from first to last step and back at two
# sizes, captions in both languages, a broken tour file, auto-advance, a
# resize mid-tour, and Esc / T / q never losing the audience's place.
. "${top_srcdir:-.}/tests/screen/lib.sh"
require_tmux

for size in "80 24" "200 50"; do
    set -- $size
    start_refuge -x "$1" -y "$2" --tour
    check "$1x$2: the tour opens on step 1" wait_for "tour: step 1 of 15"
    check "$1x$2: with its caption" wait_for "Step 1/15"
    i=1 empty=""
    while [ $i -lt 15 ]; do
        send Space
        i=$((i + 1))
        wait_for "tour: step $i of 15" || break
        # No step leaves a pane on screen empty, or blames a filter.
        if screen | grep -Eq "No posts|c clears the filters"; then empty="$empty $i"; fi
    done
    check "$1x$2: Space reaches the last step" wait_for "tour: step 15 of 15"
    check "$1x$2: no step shows an empty pane (steps:${empty:- none})" [ -z "$empty" ]
    check "$1x$2: the last caption names the joint venture" wait_for "joint venture"
    send Space
    check "$1x$2: Space on the last step says so" wait_for "last step"
    while [ $i -gt 1 ]; do
        send Left
        i=$((i - 1))
        wait_for "tour: step $i of 15" || break
    done
    check "$1x$2: Left goes back to step 1" wait_for "Step 1/15"
    send q
    check "$1x$2: q leaves the tour instead of quitting" wait_for "left the tour at step 1"
    send q
    check "$1x$2: a second q quits" wait_exit 5
    tap $([ "$EXIT_STATUS" = 0 ]; echo $?) "$1x$2: exit status 0"
    end_session
done

# Captions in Chinese and in both languages.
mkdir -p "$XDG_CONFIG_HOME/refuge"
printf '[ui]\nlanguage = zh\n' >"$WORK/zh.ini"
start_refuge -x 100 -y 30 --config "$WORK/zh.ini" --tour
check "the caption follows the UI language" wait_for "特朗普以国家安全为由"
# L switches the captions with the titles, on the step shown (the
# audience should not have to step on to read it in the other language).
send L
check "L on a step shows its caption in both languages at once" wait_for "citing national security"
expect "矛头指向" "the Chinese one still there"
send L
check "L again: English only" wait_gone "矛头指向"
expect "citing national security" "the English caption of the same step"
send q
send q
wait_exit 5
end_session
printf '[tour]\ncaptions = both\n' >"$WORK/both.ini"
start_refuge -x 120 -y 30 --config "$WORK/both.ini" --tour
check "captions = both shows English" wait_for "Executive Order 13942"
check "and Chinese" wait_for "矛头指向"
# g and a number jump; Esc leaves the tour and T comes back to the step.
send g
send_text "9"
send Enter
check "g 9 Enter jumps to step 9" wait_for "tour: step 9 of 15"
send Escape
check "Esc leaves the tour and keeps the step" wait_for "left the tour at step 9 of 15"
check "the caption bar goes" wait_gone "Step 9/15"
send T
check "T resumes at the same step" wait_for "tour: step 9 of 15"
resize 60 18
check "a resize keeps the step" wait_for "Step 9/15"
send C-l
check "Ctrl-L redraws, still on the step" wait_for "tour: step 9"
send q
send q
wait_exit 5
end_session

# Each step chooses the panes it shows (panes = ...), whatever step came
# before: the bundled tour shows the timeline alone before the posts begin,
# the timeline and the feed for the move, the feed alone for the cat tax,
# the stats alone for the outage's chart, and every pane after it.
# A pane shown alone has the title row to itself: side by side, the
# separators run through it.
alone() { row_matches 1 "^ $1" && ! row_matches 1 "│"; }
start_refuge -x 200 -y 50 --tour
wait_for "tour: step 1 of 15"
check "200x50: step 1 (panes = timeline) shows the timeline alone" \
    eval 'alone Timeline'
send g
send_text "8"
send Enter
wait_for "tour: step 8 of 15"
check "step 8 (panes = timeline, feed) shows those two, without the stats" \
    eval 'row_matches 1 "^ Timeline.*│ Feed" && ! row_matches 1 "Stats"'
send Space
wait_for "tour: step 9 of 15"
check "step 9 (panes = feed) shows the feed alone" eval 'alone Feed'
send g
send_text "11"
send Enter
wait_for "tour: step 11 of 15"
check "step 11 (panes = stats) shows the stats alone" \
    eval 'alone Stats'
expect_not 'search "cat"' "reached from step 9, it counts the window's posts, not step 9's search"
expect "illustrative (written for this dataset; likes invented)" \
    "the stats it shows say how many of the posts are illustrative"
expect "illustrative ones, written for teaching, with" "and so does its caption"
send g
send_text "13"
send Enter
wait_for "tour: step 13 of 15"
check "a step that names no panes shows all three, zoomed by no step before it" \
    eval 'row_matches 1 "^ Timeline.*│ Feed.*│ Stats"'
send g
send_text "8"
send Enter
wait_for "tour: step 8 of 15"
send Escape
wait_for "left the tour at step 8"
check "Esc after a step of two panes shows every pane again" \
    wait_row 1 "^ Timeline.*│ Feed.*│ Stats"
send T
wait_for "tour: step 8 of 15"
check "T shows the step's panes again" eval 'row_matches 1 "^ Timeline.*│ Feed" && ! row_matches 1 "Stats"'
send Space
wait_for "tour: step 9 of 15"
send Escape
wait_for "left the tour at step 9"
check "Esc after a step of one pane keeps it on the full screen (z returns)" \
    eval 'alone Feed'
end_session

# A tour file of one's own: panes = two panes, zoom = a pane's name, and a
# name that is no pane reported with its line.
cat >"$WORK/panes.ini" <<'INI'
[step1]
panes = feed, stats
event = 2025-01-18-tiktok-goes-dark
caption_en = The feed and the stats

[step2]
zoom = stats
caption_en = The stats alone

[step3]
panes = timeline, chart
caption_en = A bad pane
INI
start_refuge -x 120 -y 30 --tour "$WORK/panes.ini"
wait_for "Step 1/3"
check "panes = feed, stats shows the feed and the stats, without the timeline" \
    wait_row 1 "^ Feed.*│ Stats"
check "a pane name that is not one is reported with its line" \
    wait_for "panes.ini:11: panes: 'chart' is not timeline, feed or stats"
send Space
wait_for "Step 2/3"
check "zoom = stats shows the stats alone" eval 'alone Stats'
end_session
"$REFUGE" tour --print "$WORK/panes.ini" >"$WORK/panes.md" 2>/dev/null
grep -q "^\*Shows: the feed and the stats, event \`2025-01-18-tiktok-goes-dark\`\*$" "$WORK/panes.md" &&
    grep -q "^\*Shows: the stats alone\*$" "$WORK/panes.md"
tap $? "tour --print says which panes each step shows"
"$REFUGE" tour --print | grep -qx "\*Shows: every pane, the timeline focused, event \`2025-01-17-scotus-upholds-law\`\*"
tap $? "and that a step naming none shows every pane"

# A broken tour file: reported with file and line; a missing event is skipped.
cat >"$WORK/broken.ini" <<'INI'
[tour]
seconds = 1

[step1]
caption_en = First step
colour = red

[step2]
event = no-such-event
caption_en = Never shown

[step3]
event = 2025-01-18-tiktok-goes-dark
caption_en = The outage
zoom = maybe
INI
start_refuge -x 120 -y 30 --tour "$WORK/broken.ini"
check "an unknown key is reported with file and line" wait_for "broken.ini:6: unknown key 'colour'"
check "auto-advance with seconds = 1 skips the missing event and reaches step 3" \
    wait_for "Step 3/3" 8
check "the skipped step is named with its line" wait_for "broken.ini:8: step 2: no event"
send q
send q
wait_exit 5
end_session

"$REFUGE" tour --print "$WORK/broken.ini" >"$WORK/out.md" 2>"$WORK/err"
tap $? "tour --print reads a broken file"
grep -q "broken.ini:15: zoom: 'maybe'" "$WORK/err"
tap $? "tour --print reports bad values with their line"
grep -q "^## Step 3 of 3" "$WORK/out.md"
tap $? "tour --print writes Markdown steps"
printf 'not ini at all\n' >"$WORK/empty.ini"
"$REFUGE" tour --print "$WORK/empty.ini" >/dev/null 2>"$WORK/err"
tap $([ $? -ne 0 ] && grep -q "no steps" "$WORK/err"; echo $?) "a file without steps is an error"
"$REFUGE" tour --print | grep -q "Xiaohongshu"
tap $? "the bundled tour prints"
# Every caption of the bundled tour whole: a ';' or '#' left unquoted in a
# value starts a comment, and the rest of the caption was lost in silence.
"$REFUGE" tour --print >"$WORK/saga.md"
cut_short=""
while IFS= read -r line; do
    case $line in
    caption_*)
        value=${line#*= }
        value=${value#\"}
        value=${value%\"}
        grep -qF -- "$value" "$WORK/saga.md" || cut_short="$cut_short [${line%% *}: ${value%%:*}]"
        ;;
    esac
done <"$top_srcdir/assets/tour.ini"
tap $([ -z "$cut_short" ]; echo $?) "every caption of the bundled tour is printed whole (cut short:${cut_short:- none})"

# A name without a '/' is looked for among the installed tours, with or
# without .ini; a file of that name in the current directory comes first.
mkdir -p "$WORK/tours" "$WORK/here"
cp "$top_srcdir/assets/tour.ini" "$WORK/tours/saga.ini"
(cd "$WORK/here" && REFUGE_TOUR_DIR="$WORK/tours" "$REFUGE" tour --print saga) >"$WORK/installed.md" &&
    "$REFUGE" tour --print | cmp -s - "$WORK/installed.md"
tap $? "tour --print NAME finds NAME.ini among the installed tours"
cp "$WORK/empty.ini" "$WORK/here/saga"
(cd "$WORK/here" && REFUGE_TOUR_DIR="$WORK/tours" "$REFUGE" tour --print saga) >/dev/null 2>"$WORK/err"
[ $? -ne 0 ] && grep -q "no steps" "$WORK/err"
tap $? "a file of that name here comes before the installed tours"
(cd "$WORK/here" && REFUGE_TOUR_DIR="$WORK/tours" "$REFUGE" tour --print nosuch) >/dev/null 2>"$WORK/err"
[ $? -eq 1 ] && grep -q "nosuch" "$WORK/err"
tap $? "an unknown tour name is an error naming it"
finish
