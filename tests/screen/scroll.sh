#!/bin/sh
# Line scrolling past the first screen. A pane as wide as the terminal has
# the terminal scroll its lines and draws only the new row; a mistake in
# that shows as stale or repeated rows, or as the tail of a longer row left
# beside a shorter one. 300 posts, one numbered row each, of eight lengths,
# are scrolled through in the zoomed feed key by key and compared with the
# order `refuge feed` prints, under TERM xterm-256color, xterm and screen,
# at 80x24 and 200x50 (past several screens both ways, to the last post),
# beside the timeline, with [ui] scroll_jump, and across resizes.
. "${top_srcdir:-.}/tests/screen/lib.sh"
require_tmux

DB=$WORK/scroll.db
N=300
i=0
while [ $i -lt $N ]; do
    # "row N of the scroll test", then (N mod 8) x 15 + 1 '=' and "end N".
    pad=$(printf "%$((i % 8 * 15 + 1))s" "" | tr ' ' '=')
    printf '{"id":"s%03d","time":%d,"author":"a%03d","lang":"en","text":"row %03d of the scroll test %s end %03d"}\n' \
        $i $((1736000000 + i * 60)) $i $i "$pad" $i
    i=$((i + 1))
done >"$WORK/posts.jsonl"
REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$DB" import "$WORK/posts.jsonl" >/dev/null
REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$DB" feed --limit 0 | grep -o 'row [0-9]*' >"$WORK/order.txt"
check "the batch listing has every post" [ "$(wc -l <"$WORK/order.txt")" -eq $N ]

# The numbered rows on screen, top to bottom.
shown() { screen | grep -o 'row [0-9]*'; }

# exact LAST H: the screen shows the H rows of the batch order that end
# with row LAST (1-based), and nothing else.
exact() {
    sed -n "$(($1 - $2 + 1)),$1p" "$WORK/order.txt" >"$WORK/want.txt"
    shown >"$WORK/got.txt"
    cmp -s "$WORK/want.txt" "$WORK/got.txt"
}

# slice CUR H: the screen shows H rows (fewer at the end) that follow each
# other in the batch order, with row CUR (1-based) among them.
slice() {
    shown >"$WORK/got.txt"
    first=$(grep -nxF "$(head -n 1 "$WORK/got.txt")" "$WORK/order.txt" | cut -d: -f1)
    [ -n "$first" ] || return 1
    n=$(wc -l <"$WORK/got.txt")
    sed -n "$first,$((first + n - 1))p" "$WORK/order.txt" | cmp -s - "$WORK/got.txt" &&
        { [ "$n" -eq "$2" ] || [ $((first + n - 1)) -eq $N ]; } &&
        [ "$1" -ge "$first" ] && [ "$1" -lt $((first + n)) ]
}

# whole H: the H numbered rows on screen each show their post's whole
# text and nothing after it (a wide screen has room for the longest).
whole() {
    screen | grep -o 'row [0-9]* of the scroll test.*' >"$WORK/lines.txt"
    [ "$(wc -l <"$WORK/lines.txt")" -eq "$1" ] &&
        awk 'function pad(n,    s, k) { s = ""; for (k = 0; k < n % 8 * 15 + 1; k++) s = s "="; return s }
            { n = $2 + 0; sub(/ +$/, "")
              if ($0 != sprintf("row %03d of the scroll test %s end %03d", n, pad(n), n)) bad++ }
            END { exit bad > 0 }' "$WORK/lines.txt"
}

# Each check polls: after a resize the status line may already read right
# while the rows are still being drawn; rows left stale stay wrong until
# the poll gives up.

# step KEY TIMES: sends KEY, one at a time, each awaited through the
# status line's position (CUR, 1-based, follows).
CUR=1
step() {
    k=0
    while [ $k -lt "$2" ]; do
        send "$1"
        if [ "$1" = j ]; then CUR=$((CUR + 1)); else CUR=$((CUR - 1)); fi
        wait_for "post $CUR of $N" || return 1
        k=$((k + 1))
    done
}

# Zoomed at 80x24 the list has 22 rows and the cursor stays two above the
# last: after 121 steps down the screen ends with row 124.
for term in xterm-256color xterm screen; do
    start_refuge -e REFUGE_NO_BUNDLE=1 -e TERM=$term --db "$DB"
    wait_for "Feed"
    send 2
    send z
    wait_for "post 1 of $N"
    step j 121
    check "$term, zoomed: 121 lines down, key by key, the screen holds the right rows" poll 10 exact 124 22
    step k 30
    check "$term, zoomed: 30 lines back up, the right rows" poll 10 slice $CUR 22
    resize 100 30
    wait_for "post $CUR of $N"
    check "$term: resized mid-scroll to 100x30, the right rows" poll 10 slice $CUR 28
    step j 40
    check "$term, 100x30: scrolling on after the resize, the right rows" poll 10 slice $CUR 28
    resize 80 24
    wait_for "post $CUR of $N"
    step j 15
    check "$term, back at 80x24 and 15 lines on, the right rows" poll 10 slice $CUR 22
    end_session
    CUR=1
done

# Zoomed at 200x50 the list has 48 rows, and a row's text all fits: down
# past four screens and on to the last post, back up past two.
start_refuge -x 200 -y 50 -e REFUGE_NO_BUNDLE=1 --db "$DB"
wait_for "Feed"
send 2
send z
wait_for "post 1 of $N"
step j 200
check "200x50, zoomed: 200 lines down, the right rows" poll 10 exact 203 48
check "200x50: each row its own whole text, no stale tail" poll 10 whole 48
step j 99
check "200x50: on to the last post, the last 48 rows" poll 10 exact $N 48
step k 130
check "200x50: 130 lines back up, the right rows" poll 10 slice $CUR 48
check "200x50: each row its own whole text" poll 10 whole 48
end_session
CUR=1

# Beside the timeline (no events in this cache) the feed is drawn row by
# row; and with a jump of ten lines the window moves ten at a time.
mkdir -p "$XDG_CONFIG_HOME/refuge"
for jump in 1 10; do
    printf '[ui]\nscroll_jump = %d\n' $jump >"$XDG_CONFIG_HOME/refuge/refuge.ini"
    start_refuge -e REFUGE_NO_BUNDLE=1 --db "$DB"
    wait_for "Feed"
    send 2
    wait_for "post 1 of $N"
    step j 121
    check "beside the timeline, scroll_jump = $jump: 121 lines down, the right rows" poll 10 slice $CUR 22
    step k 60
    check "beside the timeline, scroll_jump = $jump: 60 back up, the right rows" poll 10 slice $CUR 22
    end_session
    CUR=1
done
rm -f "$XDG_CONFIG_HOME/refuge/refuge.ini"

finish
