#!/bin/sh
# Search that explains itself: each row of a searched feed shows the hit in
# context, marked 原 (the original) or 机 (here a machine's translation; a
# person's is 译, tests/screen/translate.sh), the hit
# highlighted, cut to the width at 80 columns with CJK text, past the first
# page too; and `refuge feed --search` shows the same snippet.
. "${top_srcdir:-.}/tests/screen/lib.sh"
require_tmux

DB="$WORK/search.db"
CJK_BEFORE=$(printf '中%.0s' $(seq 1 50))
CJK_AFTER=$(printf '文%.0s' $(seq 1 50))
{
    # The newest: its only cat is in its translation.
    printf '{"id":"tr-only","platform":"xiaohongshu","author":"ginger","lang":"en","time":"2025-02-01T12:00:00Z","text":"My orange friend sleeps all day long","translation":"我的橘猫整天睡觉","translation_kind":"machine","tags":["CatTax"]}\n'
    # Then one whose cat sits in the middle of long Chinese text.
    printf '{"id":"orig-cjk","platform":"xiaohongshu","author":"阿May","lang":"zh","time":"2025-02-01T11:00:00Z","text":"%s猫%s","translation":"a long text","translation_kind":"human"}\n' "$CJK_BEFORE" "$CJK_AFTER"
    # Sixty more, older, each with its cat further along, so the list
    # runs past the first screen and the window the feed loads.
    i=1
    while [ "$i" -le 60 ]; do
        printf '{"id":"filler-%d","platform":"x","author":"f%d","lang":"en","time":"2025-01-%02dT%02d:00:00Z","text":"post %d says hello then the 猫 number %d waves"}\n' \
            "$i" "$i" $((1 + i / 24)) $((i % 24)) "$i" "$i"
        i=$((i + 1))
    done
    printf '{"id":"oldest","platform":"x","author":"last","lang":"en","time":"2024-12-01T00:00:00Z","text":"the very last 猫 of all"}\n'
    # A long post with three hits far apart, for n and N in the reader.
    text=""
    k=1
    while [ "$k" -le 80 ]; do
        case $k in
        10) text="${text}zebra one\\n\\n" ;;
        45) text="${text}zebra two\\n\\n" ;;
        78) text="${text}zebra three\\n\\n" ;;
        *) text="${text}filler paragraph $k\\n\\n" ;;
        esac
        k=$((k + 1))
    done
    printf '{"id":"zebras","platform":"x","author":"stripes","lang":"en","time":"2024-11-01T00:00:00Z","text":"%s"}\n' "$text"
    printf '{"id":"zebra-2","platform":"x","author":"more stripes","lang":"en","time":"2024-10-01T00:00:00Z","text":"another zebra here"}\n'
} >"$WORK/search.jsonl"
REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$DB" import "$WORK/search.jsonl" >/dev/null 2>&1
tap $? "a cache of 65 posts with cats in texts and translations, and zebras"

# The screen row that holds TEXT.
row_with() { screen | grep -m1 -F -- "$1"; }
# The display width of the widest row on screen.
widest() { screen | LC_ALL=C.UTF-8 wc -L; }

search_for() {
    send /
    wait_for "Search:"
    send C-u
    send_text "$1"
    send Enter
}

start_refuge -e REFUGE_NO_BUNDLE=1 --db "$DB"
wait_for "Feed"
send 2
send z
wait_for "post 1 of"
search_for "猫"
check "a one-character search lists the 63 posts" wait_for '63 posts match "猫"'
check "a hit only in the (machine) translation is marked 机 and shown" wait_for_re "ginger .* 机 我的橘猫整天睡觉"
expect_not "My orange friend" "that row shows the translation's snippet, not the original"
check "a hit in the original is marked 原, cut before it with …" \
    wait_for_re "阿May .* 原 …(中)+猫(文)+"
row=$(row_with "阿May")
[ "$(printf '%s' "$row" | LC_ALL=C.UTF-8 wc -L)" -le 80 ] && [ "$(printf '%s' "$row" | LC_ALL=C.UTF-8 wc -L)" -ge 79 ]
tap $? "the CJK snippet ends at 80 columns, never past (a wide character that does not fit leaves one)"
check "no row is wider than the terminal" [ "$(widest)" -le 80 ]
# The hit in the match role: an attribute change just before 猫 in the row.
tmx capture-pane -e -p -t "=$SESSION:" | grep -F "阿May" | grep -q "$(printf '中\033\\[')[^猫]*猫"
tap $? "the hit is highlighted"
send G
check "past the first page: the last post's row has its snippet too" wait_for_re "原 the very last 猫 of all"
end_session

# --- query forms: #tag, @name, and words that reach a tag -------------------------
start_refuge -e REFUGE_NO_BUNDLE=1 --db "$DB"
wait_for "Feed"
send 2
send z
wait_for "post 1 of"
search_for "#cattax"
check "#cattax finds the post tagged CatTax (any case)" wait_for '1 post matches "#cattax"'
expect_re "ginger .* My orange friend" "its row shows its text (the tag was asked for)"
search_for "@GINGER"
check "@GINGER finds the author ginger's post" wait_for '1 post matches "@GINGER"'
expect "ginger" "the row is ginger's"
search_for "@gin"
check "an @name is the whole name" wait_for "No posts match"
search_for "cattax"
check "plain words reach a tag: cattax finds the post tagged CatTax (kept as cattax)" wait_for '1 post matches "cattax"'
check "its row says the hit is in a tag" wait_for_re "ginger .* #cattax"
tmx capture-pane -e -p -t "=$SESSION:" | grep -F "ginger" | grep -q "#$(printf '\033\\[')[0-9;m\\[$(printf '\033')]*cattax"
tap $? "the tag's hit is highlighted"
search_for '"#cattax"'
check "quoted, #cattax is text: no post writes it" wait_for "No posts match"
end_session

# --- n and N in the reader: hits inside the post, scrolled to ---------------------
start_refuge -e REFUGE_NO_BUNDLE=1 --db "$DB"
wait_for "Feed"
send 2
send z
wait_for "post 1 of"
search_for "zebra"
check "two posts have zebras" wait_for '2 posts match "zebra"'
send Enter
check "Enter opens the reader" wait_for "filler paragraph 1"
send n
check "n: the first hit" wait_for "match 1 of 3 in this post"
expect "zebra one" "on screen"
send n
check "n again: the second hit" wait_for "match 2 of 3 in this post"
check "scrolled to it" wait_for "zebra two"
expect_not "zebra one" "the first is scrolled away"
send n
check "the third, near the end" wait_for "match 3 of 3 in this post"
expect "zebra three" "on screen"
send N
check "N steps back" wait_for "match 2 of 3 in this post"
expect "zebra two" "the second is on screen again"
send n
send n
check "after the last hit, n reads the next post's first" wait_for "match 1 of 1 in this post"
expect "another zebra here" "the next post is open"
send N
check "and N goes back to the previous post's last" wait_for "match 3 of 3 in this post"
expect "zebra three" "at its last hit"
end_session

# --- / in the timeline: events by title and summary, both languages -------------
start_refuge
wait_for "Timeline"
send 1
send z
send /
check "/ in the timeline asks for events" wait_for "Search events:"
send_text "outage"
send Enter
check "Enter goes to the first event that matches, counted" wait_for_re 'events matching "outage": 1 of [0-9]+'
expect 'search "outage"' "the pane's title says what is searched"
total=$(screen | sed -n 's/.*events matching "outage": 1 of \([0-9]*\).*/\1/p' | head -n 1)
[ "${total:-0}" -ge 2 ]
tap $? "more than one event mentions an outage ($total)"
send n
check "n: the next match" wait_for "events matching \"outage\": 2 of $total"
send N
check "N: back to the first" wait_for "events matching \"outage\": 1 of $total"
send N
check "nothing before the first" wait_for "no earlier event matches"
send /
wait_for "Search events:"
send C-u
send_text "字节跳动"
send Enter
check "a Chinese search finds events by their Chinese text" wait_for_re 'events matching "字节跳动": 1 of [0-9]+'
send Escape
check "Esc clears the event search" wait_for "event search cleared"
end_session

# --- / in the stats pane: reported figures by label and source ---------------------
start_refuge
wait_for "Timeline"
send 3
send z
send /
check "/ in the stats pane asks for figures" wait_for "Search figures:"
send_text "sensor tower"
send Enter
check "Enter selects the first figure a source of which matches, counted" \
    wait_for_re 'figures matching "sensor tower": 1 of [0-9]+'
expect 'figures matching "sensor tower"' "the pane's title says what is searched"
total=$(screen | sed -n 's/.*figures matching "sensor tower": 1 of \([0-9]*\).*/\1/p' | head -n 1)
[ "${total:-0}" -ge 2 ]
tap $? "several figures cite Sensor Tower ($total)"
send n
check "n: the next match" wait_for "figures matching \"sensor tower\": 2 of $total"
send N
check "N: back" wait_for "figures matching \"sensor tower\": 1 of $total"
send /
wait_for "Search figures:"
send C-u
send_text "行政令"
send Enter
check "a Chinese search finds figures by their Chinese label" wait_for_re 'figures matching "行政令": 1 of [0-9]+'
send Escape
check "Esc clears the figure search" wait_for "figure search cleared"
end_session

# NO_COLOR and 8 colours: the hit still stands out (bold / a colour pair).
for envs in "NO_COLOR=1" "TERM=screen"; do
    start_refuge -e REFUGE_NO_BUNDLE=1 -e "$envs" --db "$DB"
    wait_for "Feed"
    send 2
    send z
    wait_for "post 1 of"
    search_for "猫"
    wait_for '63 posts match "猫"'
    tmx capture-pane -e -p -t "=$SESSION:" | grep -F "ginger" | grep -q "$(printf '橘\033\\[')[0-9;m\\[$(printf '\033')]*猫"
    tap $? "$envs: the hit is drawn in its own attributes"
    end_session
done

# An English search whose hit is in the translation only, at 80 columns.
start_refuge -e REFUGE_NO_BUNDLE=1 --db "$DB"
wait_for "Feed"
send 2
send z
wait_for "post 1 of"
search_for "long text"
check "an English hit in a Chinese post's translation is marked 译" wait_for_re "阿May .* 译 a long text"
end_session

# Past [feed] count_cap the count stops and says "at least"; G (the last
# post's position) counts exactly, and a search under the cap is exact.
printf '[feed]\ncount_cap = 20\n' >"$WORK/cap.ini"
start_refuge -e REFUGE_NO_BUNDLE=1 --db "$DB" --config "$WORK/cap.ini"
wait_for "Feed"
send 2
send z
wait_for "post 1 of"
search_for "猫"
check "past count_cap a search's count is a lower bound" wait_for 'at least 20 posts match "猫"'
send j
check "the position says of at least 20" wait_for "post 2 of at least 20"
send G
check "G counts exactly for the last post's position" wait_for "post 63 of 63"
search_for "zebra"
check "under the cap the count is exact" wait_for '2 posts match "zebra"'
end_session

# --- batch: the same snippet in text and Markdown ------------------------------
out=$(LC_ALL=C.UTF-8 COLUMNS=120 REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$DB" feed --search 猫 --limit 2 2>&1)
printf '%s\n' "$out" | grep -q "ginger.* 机 我的橘猫整天睡觉" &&
    printf '%s\n' "$out" | grep -q "阿May.* 原 …\(中\)*猫\(文\)*"
tap $? "feed --search prints the snippet and its mark"
out=$(LC_ALL=C.UTF-8 COLUMNS=120 REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$DB" feed --search '#CATTAX' 2>&1)
[ "$(printf '%s\n' "$out" | wc -l)" -eq 1 ] && printf '%s\n' "$out" | grep -q "ginger.*My orange friend"
tap $? "feed --search '#CATTAX' lists the tagged post"
out=$(LC_ALL=C.UTF-8 COLUMNS=120 REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$DB" feed --search 'CatTax' 2>&1)
printf '%s\n' "$out" | grep -q "ginger.* #cattax"
tap $? "feed --search with words shows the tag they hit"
out=$(LC_ALL=C.UTF-8 REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$DB" feed --search 猫 --limit 1 --format md 2>&1)
printf '%s\n' "$out" | grep -qF '*Matched in the machine translation:* 我的橘**猫**整天睡觉'
tap $? "feed --search --format md says where it matched, the hit in bold"

finish
