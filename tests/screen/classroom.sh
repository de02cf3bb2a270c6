#!/bin/sh
# What a room sees on a projector (issue 18): numbers that include posts
# written for the dataset say so, quoted posts show an approximate time and
# unknown counts, empty windows say why they are empty, and Enter on an
# event lands on its first post.
. "${top_srcdir:-.}/tests/screen/lib.sh"
require_tmux

# ---- figures and the timeline, for handouts -------------------------------------------
f() { "$REFUGE" --db "$WORK/fig.db" "$@"; }
out=$(f figures --format md)
check "refuge figures --format md is a handout of the figures" \
    eval 'echo "$out" | grep -q "^## Reported figures, with their sources$"'
check "each figure with its value, time, confidence and every source with its URL" \
    eval 'echo "$out" | grep -q "^- \*\*EO 13942: days before the ByteDance ban\*\*: 45 days — as of 2020-08-06 · confidence: high$" &&
          echo "$out" | grep -q "^  - Source: Federal Register (via Justia), “Executive Order 13942”, 2020-08-11 <https://regulations.justia.com/regulations/fedreg/2020/08/11/2020-17699.html>$"'
check "values read as in the explorer: digits grouped, short only when exact" \
    eval 'echo "$out" | grep -q "^- \*\*TikTok downloads in the US (per EO 13942)\*\*: over 175M downloads — " &&
          echo "$out" | grep -q "^- \*\*TikTok Global: claimed payment/education fund\*\*: \$5B — " &&
          echo "$out" | grep -q "\*\*: over 114,000 posts — "'
check "refuge stats --format md carries the figures too" \
    eval 'f stats --format md | grep -q "^## Reported figures, with their sources$"'
check "refuge figures --format csv is what import reads" \
    eval 'f figures --format csv | head -n 1 | grep -q "^id,series,label_en"'
check "refuge timeline shows each event's confidence" \
    eval 'COLUMNS=100 f timeline --from 2025-01-18 --to 2025-01-18 | grep -Eq "^2025-01-18 +ban +high +Apple and Google"'
check "timeline --lang zh names kinds and turning points in Chinese" \
    eval 'f timeline --lang zh --format md | grep -q "| 停止服务 | 中 | .*（转折点）"'

# ---- help: the stats' keys, a legend, what L does ------------------------------------
out=$("$REFUGE" keys)
check "refuge keys lists the stats' keys" \
    eval 'echo "$out" | sed -n "/^Stats$/,/^$/p" | grep -q "v  *show the selected figure in full"'
check "and a legend of the marks" \
    eval 'echo "$out" | sed -n "/^Marks on screen$/,\$p" | grep -q "^  i  *illustrative: a post written for the bundled dataset"'
check "L is described in each pane" \
    eval 'echo "$out" | grep -q "^  L  *in the feed and the reader: show each post.s original, its translation or both; elsewhere: titles"'

# ---- the illustrative notice ---------------------------------------------------
r() { "$REFUGE" --db "$WORK/cli.db" "$@"; }
out=$(r stats --top 1)
check "refuge stats says how many posts are illustrative" \
    eval 'echo "$out" | grep -Eq "^  illustrative +429 posts, likes [0-9]+ \(written for this dataset; likes invented\)$"'
check "and how many are quoted, with their likes unknown" \
    eval 'echo "$out" | grep -Eq "^  quoted +7 posts, likes – \(from a source"'
check "refuge stats marks each most liked post i, with the legend: their likes are invented" \
    eval 'echo "$out" | sed -n "/^most liked posts$/,\$p" | sed -n 2p | grep -Eq "^  2025-01-19 +en i TT +143k " &&
          echo "$out" | tail -n 1 | grep -qx "marks: i illustrative: written for this dataset; likes invented"'
check "so does refuge stats --format md" \
    eval 'r stats --format md | grep -q "^| illustrative | 429 | [0-9]* | written for this dataset; likes invented |$"'
# A UTF-8 locale: without one the hit is marked o: rather than 原 (kwic.h).
out=$(COLUMNS=200 LC_ALL=C.UTF-8 r feed --search birder)
check "the text feed marks a quoted post q, with an approximate day and unknown likes" \
    eval 'echo "$out" | grep -Eq "^~2025-01-14 +en   q  xiaohongshu +–  Life House +原 I’m a birder"'
check "and a last line says what q means" \
    eval 'echo "$out" | tail -n 1 | grep -qx "marks: q quoted: from a source; time approximate, likes unknown"'
check "the text feed marks illustrative posts i, and says what i means" \
    eval 'out=$(COLUMNS=120 r feed --limit 1) &&
          echo "$out" | head -n 1 | grep -Eq "^2025-[0-9: -]+ zh i XHS " &&
          echo "$out" | tail -n 1 | grep -qx "marks: i illustrative: written for this dataset; likes invented"'
# The post's text gets most of each line: the head is shorter on a narrower
# line (the time without its offset below 144 columns, the day alone below
# 100). Each row is cut to the last column (or the one before, where a wide
# character does not fit), CJK authors and texts included, so the columns
# align; on the lines of English posts the text starts where the head says.
widths() { while IFS= read -r line; do printf '%s\n' "$line" | LC_ALL=C.UTF-8 wc -L; done; }
long=$(printf 'and longer %.0s' $(seq 30))
{
    printf '{"platform":"xiaohongshu","id":"r1","lang":"en","author":"ab","time":"2025-01-16T10:00:00Z","text":"Text of an English post, long enough %s"}\n' "$long"
    printf '{"platform":"xiaohongshu","id":"r2","lang":"zh","author":"小许","time":"2025-01-15T10:00:00Z","text":"一篇很长的中文帖子%s"}\n' "$(printf '很长%.0s' $(seq 60))"
} | REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$WORK/rows.db" import - >/dev/null
for size in "80 37 ^[0-9]{4}-[0-9]{2}-[0-9]{2}__(zh|en)_[iq]_" \
    "100 46 ^[0-9-]{10}_[0-9:]{5}_(zh|en)_[iq]_" \
    "200 73 ^[0-9-]{10}_[0-9:]{5}_([+-][0-9:]{5}|UTC___)__(zh|en)___[iq]__"; do
    set -- $size
    cols=$1 head_w=$2
    out=$(COLUMNS=$cols r feed --limit 40 | sed "\$d")
    head=$(echo "$3" | tr _ " ")
    check "$cols columns: 40 posts a line each, with their time, language and provenance mark" \
        eval '[ "$(echo "$out" | grep -Ec "$head")" = 40 ]'
    check "$cols columns: every row ends at the last column" \
        eval '[ -z "$(echo "$out" | widths | grep -vx "$cols\|$((cols - 1))")" ]'
    # In a cache of posts by "ab" and "小许" (an ASCII row is a byte a
    # column, so cut finds its columns): the text starts after the head, and
    # a Chinese author takes the same columns.
    out=$(COLUMNS=$cols REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$WORK/rows.db" feed)
    check "$cols columns: the text has the last $((cols - head_w)) of them, more than half" \
        eval '[ $((cols - head_w)) -gt $((cols / 2)) ] &&
              echo "$out" | grep "^2025-01-16" | cut -c$((head_w + 1))- | grep -q "^Text of an English post, long enough" &&
              [ -z "$(echo "$out" | widths | grep -vx "$cols\|$((cols - 1))")" ] &&
              echo "$out" | grep -q "小许.* 一篇很长的中文帖子"'
done
start_refuge -x 80 -y 24
wait_for "Timeline"
send 3 z
check "the zoomed stats show the totals" wait_for "436 posts"
check "the same view says how many posts are illustrative" \
    wait_for_re "429 illustrative \\(written for this dataset; likes"
expect_re "7 quoted \\(from a source; time" "and how many are quoted"
# A page at a time down to the most liked posts.
for page in 1 2 3 4; do
    wait_for_re "143,000 +EN i fourteen" 2 && break
    send Space
done
check "the most liked posts in the pane carry the mark too" wait_for_re "143,000 +EN i fourteen"
send g
send z 2 /
wait_for "Search"
send_text "birder"
send Enter z
check "a quoted post's likes are unknown in the list" wait_for_re "q +– "
send Enter
check "its time is approximate in the reader" wait_for "~2025-01-14 (approximate"
expect "likes – · comments – · collects – · shares – (not reported)" "and its counts are unknown"
end_session

# ---- an empty window says why ----------------------------------------------------
start_refuge -x 80 -y 24
wait_for "Trump signs EO 13942"
send Enter
check "Enter on an event before the posts says the window has none" \
    wait_for "No posts in this window;"
expect "the posts cover 2025-01-10 → 2025-03-30." "and which days the posts cover"
expect_not "c clears the filters" "without blaming a filter"
send 3
check "so do the stats" wait_for "No posts in this window; the posts cover"
expect "2025-01-10 → 2025-03-30." "with the same days"
end_session

# ---- landing on the event's first post -------------------------------------------
start_refuge -x 80 -y 24
wait_for "Trump signs EO 13942"
send :
wait_for "Jump to date"
send_text "2025-01-18"
send Enter
wait_for "2025-01-18 ·"
send j
wait_for "22:30 ET"
send Enter
wait_for "around: TikTok goes dark"
send 2 Enter
check "Enter on the shutdown lands on the first post after 22:30 ET" \
    wait_for "2025-01-18 22:41 in New York (UTC-05:00),"
end_session

# ---- a figure in full --------------------------------------------------------------
start_refuge -x 80 -y 24
wait_for "Trump signs EO 13942"
send 3 z
wait_for "436 posts"
send n
check "n selects the first reported figure and scrolls to it" \
    wait_for "EO 13942: days before the ByteDance ban"
send v
check "v opens the figure in full" wait_for "Reported figure"
expect "Value: 45 days" "with its value"
expect "As of: 2020-08-06 (date only)" "its time, or that it has only a date"
expect "Confidence: high" "its confidence"
check "and every source with its whole URL on a line of its own" \
    wait_for_re "^ https://regulations\.justia\.com/regulations/fedreg/2020/08/11/2020-17699\.html *$"
send Escape
check "Esc returns to the stats" wait_for "n/N: select a figure"
send z 1 :
wait_for "Jump to date"
send_text "2025-01-18"
send Enter
wait_for "2025-01-18 ·"
send j Enter
wait_for "around: TikTok goes dark"
send 3 z G
check "the reported figures follow the selected window: the last is of 20 January" \
    wait_for "EO 14166: days of non-enforcement"
check "none after it" eval '! screen | grep -Eq "^ (2025-0[2-9]|2025-1|2026)"'
send PgUp PgUp
check "the heading says so" wait_for "Reported (with sources) · of the window"
end_session

# ---- the tour zooms the timeline where there are no posts -----------------------
start_refuge -x 80 -y 24 --tour
check "the tour's first step shows the timeline alone" wait_row 1 "^ ?Timeline[^│]*$"
expect_not "No posts" "no empty pane beside it"
end_session

# ---- y: the whole URL across the terminal, and OSC 52 ---------------------------------
# 204 characters: more than two lines at 80 columns, in the usual layout
# (timeline beside the feed), not zoomed.
url="https://www.xiaohongshu.com/explore/6785f0a1000000001a03b2c4?xsec_token=ABcdEFghIJklMNopQRstUVwxYZ0123456789abcdefGHIJ0123456789abcdefGHIJklMNopQRstUVwxYZ0123456789&xsec_source=pc_search&end=1&m=zz"
check "the test's URL is longer than two lines of 80 columns" [ "${#url}" -gt 160 ]
printf '{"platform":"xiaohongshu","id":"long-url","lang":"en","time":"2025-01-15T10:00:00Z","text":"a post with a long link","url":"%s"}\n' "$url" |
    REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$WORK/url.db" import - >/dev/null
mkdir -p "$XDG_CONFIG_HOME/refuge"
printf '[ui]\nclipboard = osc52\n' >"$XDG_CONFIG_HOME/refuge/refuge.ini"
TMUX_CONF_EXTRA="set -s set-clipboard on"
start_refuge -x 80 -y 24 -e REFUGE_NO_BUNDLE=1 --db "$WORK/url.db"
wait_for "a post with a long link"
expect_re "^ Timeline.*│ Feed" "the feed is beside the timeline"
send 2 y
check "y shows the URL from the first column, over every pane" \
    wait_row 3 "^https://www\.xiaohongshu\.com/explore/6785f0a1000000001a03b2c4\?xsec_token=ABcdEFgh\$"
check "each line the whole width of the terminal, with no pane border in it" \
    eval '[ "$(screen | sed -n "3,5p" | tr -d "\n")" = "$url" ] && ! screen | sed -n "1,5p" | grep -q "│"'
check "the terminal wrapped its lines itself, so a mouse selection gives the URL unbroken" \
    eval 'tmx capture-pane -p -J -t "=$SESSION:" | grep -qxF "$url"'
check "with [ui] clipboard = osc52 it reaches the terminal's clipboard" \
    eval 'poll 10 sh -c "[ \"\$(\"$TMUX_BIN\" -L \"$SOCKET\" show-buffer 2>/dev/null)\" = \"$url\" ]"'
expect "URL sent to the terminal's clipboard (OSC 52)" "and the status line says so"
send Escape
check "Esc closes it and the panes come back" wait_for "a post with a long link"
expect_re "^ Timeline.*│ Feed" "as they were"
resize 60 20
send y
check "at 60 columns the URL is cut at 60" \
    wait_row 3 "^https://www\.xiaohongshu\.com/explore/6785f0a1000000001a03b2c4\$"
check "and still comes back whole" \
    eval 'tmx capture-pane -p -J -t "=$SESSION:" | grep -qxF "$url"'
send j
check "any key closes it (and does nothing else)" wait_for "a post with a long link"
end_session

# With [ui] mouse = yes the terminal gets the mouse back to select the URL.
mouse() { [ "$(pane_value mouse_standard_flag)$(pane_value mouse_any_flag)" != 00 ]; }
printf '[ui]\nmouse = yes\n' >"$XDG_CONFIG_HOME/refuge/refuge.ini"
start_refuge -x 80 -y 24 -e REFUGE_NO_BUNDLE=1 --db "$WORK/url.db"
wait_for "a post with a long link"
check "with [ui] mouse = yes refuge takes the mouse" poll 5 mouse
send 2 y
wait_row 3 "^https://"
check "and gives it back to the terminal while the URL is shown" poll 5 eval '! mouse'
send Escape
wait_for "a post with a long link"
check "and takes it again when the URL closes" poll 5 mouse
end_session
rm -f "$XDG_CONFIG_HOME/refuge/refuge.ini"
TMUX_CONF_EXTRA=""

# ---- the help overlay -------------------------------------------------------------------
start_refuge -x 100 -y 40
wait_for "Trump signs EO 13942"
send 3 "?"
check "the help's Stats section comes first in the stats, with its keys" \
    wait_for "select the next reported figure"
send G
check "the help ends with the legend" wait_for "illustrative: a post written for the bundled dataset"
expect "a count nobody reported (not 0)" "unknown counts included"
end_session

# ---- --theme projector is projector mode --------------------------------------------
start_refuge -x 60 -y 18 --theme projector
check "--theme projector opens" wait_for "Trump signs EO 13942"
check "it is projector mode: a blank line follows each list row" \
    eval 'screen | grep -A1 "Trump signs EO 13942 against" | tail -n 1 | grep -Eq "^ *$"'
expect_not "? help" "with minimal chrome"
end_session

finish
