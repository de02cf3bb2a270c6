#!/bin/sh
# refuge tags --with TAG: the tags that travel with a tag, counted on its
# posts only, most shared first (ties by name), past the default 20 rows,
# in every format; the tag in any ASCII case; and the stats pane's key.
. "${top_srcdir:-.}/tests/screen/lib.sh"

DB="$WORK/tags.db"
# Tag ck travels with cattax on k posts (k = 1..30, 465 posts in all);
# alpha and zeta ride along on c30's 30 posts; c5 also has 10 posts of its
# own without cattax, which must not count.
{
    n=0
    k=1
    while [ "$k" -le 30 ]; do
        j=1
        while [ "$j" -le "$k" ]; do
            n=$((n + 1))
            extra=""
            [ "$k" -eq 30 ] && extra=',"zeta","alpha"'
            printf '{"id":"t%d","platform":"x","author":"a","lang":"en","time":"2025-01-%02dT10:00:00Z","text":"post %d","tags":["cattax","c%d"%s]}\n' \
                "$n" $((1 + n % 28)) "$n" "$k" "$extra"
            j=$((j + 1))
        done
        k=$((k + 1))
    done
    j=1
    while [ "$j" -le 10 ]; do
        printf '{"id":"c5-%d","platform":"x","author":"b","lang":"en","time":"2025-02-01T10:00:00Z","text":"own %d","tags":["c5"]}\n' "$j" "$j"
        j=$((j + 1))
    done
} >"$WORK/tags.jsonl"
REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$DB" import "$WORK/tags.jsonl" >/dev/null 2>&1
tap $? "475 tagged posts import"

tags() { REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$DB" tags "$@"; }

out=$(tags --with cattax 2>&1)
printf '%s\n' "$out" | head -n 1 | grep -q "^#cattax: 465 posts carry it"
tap $? "text: the tag and how many posts carry it"
[ "$(printf '%s\n' "$out" | sed -n '3,5p' | awk '{print $1, $2, $3}' | tr '\n' ' ')" = "30 6.5% #alpha 30 6.5% #c30 30 6.5% #zeta " ]
tap $? "most shared first, ties by name, each with its share of the tag's posts"
[ "$(printf '%s\n' "$out" | sed -n '3,$p' | wc -l)" -eq 20 ]
tap $? "20 rows by default"
out=$(tags --with cattax --top 100)
[ "$(printf '%s\n' "$out" | sed -n '3,$p' | wc -l)" -eq 32 ] &&
    printf '%s\n' "$out" | tail -n 1 | grep -q "^ *1 .*#c1$"
tap $? "--top 100: all 32 co-tags, past the first 20, c1 last"
printf '%s\n' "$out" | grep -q "^ *5 .*#c5$"
tap $? "c5 counts only its posts with cattax (5, not 15)"
[ "$(tags --with cattax --top 5 | sed -n '3,$p' | awk '{print $3}' | tr '\n' ' ')" = "#alpha #c30 #zeta #c29 #c28 " ]
tap $? "--top 5"
[ "$(tags --with '#CATTAX' --top 100)" = "$(tags --with cattax --top 100 | sed 's/^#cattax/#CATTAX/')" ]
tap $? "the tag in any case, with or without #"

out=$(tags --with cattax --top 3 --format csv)
[ "$(printf '%s\n' "$out" | tr -d '\r')" = 'tag,with,posts,tag_posts
"cattax","alpha",30,465
"cattax","c30",30,465
"cattax","zeta",30,465' ]
tap $? "CSV: a header and a row per co-tag"
out=$(tags --with cattax --top 40 --format jsonl)
[ "$(printf '%s\n' "$out" | wc -l)" -eq 32 ] &&
    printf '%s\n' "$out" | grep -qx '{"tag":"cattax","with":"c7","posts":7,"tag_posts":465}'
tap $? "JSON Lines: one object per co-tag"
out=$(tags --with cattax --top 2 --format md)
printf '%s\n' "$out" | grep -q '^| 30 | 6.5% | #alpha |$' && printf '%s\n' "$out" | grep -q "465 posts carry it"
tap $? "Markdown: a table"

out=$(tags --with nosuchtag 2>&1)
status=$?
[ $status -eq 0 ] && printf '%s\n' "$out" | grep -q "no post carries #nosuchtag"
tap $? "a tag nobody carries: said so, not an error"
tags >/dev/null 2>"$WORK/err"
[ $? -eq 2 ] && grep -q "tags: say which tag: --with TAG" "$WORK/err"
tap $? "without --with: a usage error"

# --- the stats pane: t selects a top tag, w lists what travels with it ----------
# (without tmux the batch checks above still count)
[ -n "$TMUX_BIN" ] || finish
start_refuge -e REFUGE_NO_BUNDLE=1 --db "$DB"
wait_for "Timeline"
send 3
send z
check "the stats pane lists the top tags" wait_for "#cattax"
send t
send w
check "w: the selected tag's co-tags, counted" wait_for "#cattax: 465 posts carry it"
check "each with on how many of its posts" wait_for_re "with #alpha +30 posts, 6.5%"
expect_re "with #c30 +30 posts" "the next by name"
send t
check "t: the next tag, its co-tags follow" wait_for_re "#alpha: 30 posts carry it"
check "alpha travels with cattax on all 30" wait_for_re "with #cattax +30 posts, 100.0%"
send w
check "w again hides them" wait_gone "with #cattax"
end_session

finish
