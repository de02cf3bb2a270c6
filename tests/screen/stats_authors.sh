#!/bin/sh
# "Top authors" in the stats pane: the five authors with the most posts
# under the filter, each with posts and likes ("at least" when a post's
# likes were a lower bound), over a search too; a selects one and Enter
# lists their posts in the feed (which the stats then follow). Unfiltered,
# `refuge authors` reads the importer's per-author totals: the same rows
# as the filtered query over everything.
. "${top_srcdir:-.}/tests/screen/lib.sh"
require_tmux

DB="$WORK/sa.db"
{
    # Six authors: busy (9 posts, one "10+"), then 7, 6, 5, 4, 3 posts; and
    # 40 one-post writers so the list is longer than any section.
    n=0
    for spec in busy:9 second:7 third:6 fourth:5 fifth:4 sixth:3; do
        who=${spec%:*}
        k=${spec#*:}
        i=1
        while [ "$i" -le "$k" ]; do
            n=$((n + 1))
            likes=$((i * 10))
            [ "$who" = busy ] && [ "$i" -eq 1 ] && likes='"10+"'
            printf '{"id":"p%d","platform":"xiaohongshu","author":"%s","author_key":"u-%s","lang":"en","time":"2025-01-%02dT12:00:00Z","likes":%s,"text":"post %d by %s"}\n' \
                "$n" "$who" "$who" $((1 + n % 28)) "$likes" "$n" "$who"
            i=$((i + 1))
        done
    done
    i=1
    while [ "$i" -le 40 ]; do
        printf '{"id":"w%d","platform":"x","author":"writer%d","lang":"en","time":"2025-02-%02dT08:00:00Z","likes":1,"text":"one post %d"}\n' \
            "$i" "$i" $((1 + i % 28)) "$i"
        i=$((i + 1))
    done
} >"$WORK/sa.jsonl"
REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$DB" import "$WORK/sa.jsonl" >/dev/null 2>&1
tap $? "74 posts by 46 authors import"

# Unfiltered (the kept totals) and under a window holding everything (the
# query over every post) the lists agree.
REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$DB" authors --top 0 --format csv >"$WORK/kept.csv"
REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$DB" authors --top 0 --from 2000-01-01 --format csv >"$WORK/counted.csv"
[ "$(grep -c . "$WORK/kept.csv")" -eq 47 ] && cmp -s "$WORK/kept.csv" "$WORK/counted.csv"
tap $? "refuge authors unfiltered (46 rows from the kept totals) equals the counted list"

start_refuge -x 100 -y 60 -e REFUGE_NO_BUNDLE=1 --db "$DB"
wait_for "Feed"
send 3
check "the stats pane has a Top authors section" wait_for "Top authors"
expect_re "9 posts +at least 450 likes +busy · xiaohongshu:u-busy" \
    "its first row: the busiest author, 'at least' their likes (one was 10+)"
expect_re "4 posts .*fifth · xiaohongshu:u-fifth" "the fifth row: the fifth busiest"
expect_not "u-sixth" "only five authors are listed"
send a
check "a selects the first author" wait_for "author busy · xiaohongshu:u-busy (Enter lists"
send a
check "a again the next" wait_for "author second · xiaohongshu:u-second"
send Enter
check "Enter lists that author's posts in the focused feed" wait_for "7 posts by xiaohongshu:u-second"
check "the feed's title says whose" wait_for_re "Feed · .*by xiaohongshu:u-second"
send 3
check "the stats follow: the author alone under Top authors" \
    wait_for_re "7 posts +280 likes +second · xiaohongshu:u-second"
expect_not "u-busy" "the others are gone from the section"
send c
end_session

# Over a search: the authors of the matching posts.
start_refuge -x 100 -y 60 -e REFUGE_NO_BUNDLE=1 --db "$DB"
wait_for "Feed"
send 2
send /
wait_for "Search:"
send_text "by third"
send Enter
wait_for '6 posts match "by third"'
send 3
check "under a search, Top authors lists the matching posts' author" \
    wait_for_re "6 posts +[0-9]+ likes +third · xiaohongshu:u-third"
expect_not "u-busy" "and no other"
end_session
finish
