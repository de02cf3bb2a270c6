#!/bin/sh
# A researcher's workbench: a cache of one's own (--no-bundle, [data] bundle
# = no, drop --bundled) and numbers that say what they count, in the batch
# reports and the explorer, over more posts than any page.
. "${top_srcdir:-.}/tests/screen/lib.sh"
require_tmux

# 2936 -> 2,936, as the explorer writes counts (whatever the test's locale)
thousands() { echo "$1" | sed -e :a -e 's/\([0-9]\)\([0-9]\{3\}\)\($\|,\)/\1,\2\3/' -e ta; }

N=2500
i=0
while [ $i -lt $N ]; do
    printf '{"id": "own-%d", "platform": "xiaohongshu", "lang": "%s", "time": "2025-01-%02dT%02d:00:00Z", "text": "own post %d", "likes": %d, "tags": ["tiktokrefugee"]}\n' \
        $i "$([ $((i % 2)) -eq 0 ] && echo zh || echo en)" $((10 + i % 20)) $((i % 24)) $i $i
    i=$((i + 1))
done >"$WORK/own.jsonl"

# ---- a cache of one's own ------------------------------------------------------

OWN="$WORK/own.db"
"$REFUGE" --db "$OWN" --no-bundle import "$WORK/own.jsonl" >/dev/null
tap $? "--no-bundle: a new cache takes an import"
"$REFUGE" --db "$OWN" stats | grep -q "^posts $N (zh 1250, en 1250), likes [0-9]*; all imported$"
tap $? "stats say every post counted was imported"
"$REFUGE" --db "$OWN" check | grep -q "^bundled dataset: left out"
tap $? "check says the bundle is left out"
[ "$("$REFUGE" --db "$OWN" feed --limit 0 --format jsonl | wc -l)" -eq $N ]
tap $? "opened again without --no-bundle, the cache still takes no bundle"

mkdir -p "$XDG_CONFIG_HOME/refuge"
printf '[data]\nbundle = no\n' >"$XDG_CONFIG_HOME/refuge/refuge.ini"
"$REFUGE" --db "$WORK/cfg.db" check | grep -q "^bundled dataset: left out" &&
    [ "$("$REFUGE" --db "$WORK/cfg.db" feed --limit 0 | wc -l)" -eq 0 ]
tap $? "[data] bundle = no makes a cache without the bundle too"
rm "$XDG_CONFIG_HOME/refuge/refuge.ini"

# ---- a cache with the bundle, then without it -----------------------------------

MIX="$WORK/mixed.db"
"$REFUGE" --db "$MIX" import "$WORK/own.jsonl" >/dev/null
B=$(($("$REFUGE" --db "$MIX" feed --limit 0 --format jsonl | wc -l) - N))
[ "$B" -gt 0 ]
tap $? "a cache with the bundle holds $B bundled posts beside the imported ones"
"$REFUGE" --db "$MIX" stats | grep -q "^posts $((N + B)) .*; $B bundled (illustrative or quoted) + $N imported$"
tap $? "stats tell the bundled posts from the imported ones on the totals' line"
"$REFUGE" --db "$MIX" --no-bundle check 2>"$WORK/err" >/dev/null &&
    grep -q "holds the bundled dataset.*'refuge drop --bundled' removes it" "$WORK/err"
tap $? "--no-bundle on a cache with the bundle keeps it and names drop --bundled"
"$REFUGE" --db "$MIX" drop 2>"$WORK/err"
[ $? -eq 2 ] && grep -q "say what to drop: --bundled" "$WORK/err"
tap $? "drop alone is a usage error"

start_refuge -x 100 -y 30 --db "$MIX"
wait_for "Feed"
send 2
check "the feed's status counts bundled and imported posts apart" \
    wait_for "post 1 of $(thousands $((N + B))) ($B bundled + $(thousands $N) imported)"
end_session

out=$("$REFUGE" --db "$MIX" drop --bundled)
tap $? "drop --bundled runs"
echo "$out" | grep -q "^removed the bundled dataset: $B posts, [0-9]* events, [0-9]* figures$" &&
    echo "$out" | grep -q "^kept $N imported posts"
tap $? "and says what it removed and what it kept"
"$REFUGE" --db "$MIX" check >"$WORK/check"
tap $? "the cache checks out after the drop"
grep -q "^posts: $N$" "$WORK/check" && grep -q "^  in the per-day table: $N$" "$WORK/check" &&
    grep -q "^  in the search index: $N$" "$WORK/check" && grep -q "^events: 0$" "$WORK/check"
tap $? "its per-day table and search index count the imported posts only"
[ "$("$REFUGE" --db "$MIX" stats --format csv | awk -F, 'NR > 1 { n += $2 } END { print n }')" -eq $N ]
tap $? "the posts per day add up to the imported posts"
"$REFUGE" --db "$MIX" stats | grep -q "^posts $N .*; all imported$"
tap $? "and the stats count them as imported"

# ---- coding from the keyboard ---------------------------------------------------

cat >"$WORK/codebook.ini" <<'EOF2'
; a codebook of two codes
[humour]
description = jokes, memes, the cat tax
key = h

[othering]
name = Othering
description = talk of "us" and "them"
key = o
EOF2
"$REFUGE" --db "$OWN" codes --import "$WORK/codebook.ini" | grep -q "^read 2 codes from"
tap $? "codes --import reads an INI codebook"
"$REFUGE" --db "$OWN" codes | grep -q 'Othering .*  talk of "us" and "them"$'
tap $? "the description whole, quotes and all (as refuge(1) shows it)"
start_refuge -x 100 -y 30 --db "$OWN"
wait_for "Feed"
send 2
wait_for "post 1 of"
send x
wait_for "Code (a name or a code's key)"
send h Enter
check "a code's key picks the code, then its memo is asked" wait_for "Memo for humour"
send_text "a cat tax joke"
send Enter
check "the post is coded" wait_for "coded humour with a memo"
send Enter
check "the reader shows the code and its memo" wait_for "code humour: a cat tax joke"
send Escape
send j x
wait_for "Code (a name"
send_text "first contact"
send Enter Enter
check "a new name codes the post and joins the codebook" wait_for "coded first contact"
send f
wait_for "Filter posts"
send j j j j j j j Enter
wait_for "Code (a name or a code's key; empty clears)"
send h Enter
check "the filter menu filters by code" wait_for "post 1 of 1 imported"
expect "code humour" "and the title says so"
send 3
check "the stats pane counts posts per code" wait_for "Posts per code"
send 2 e
wait_for "Export listed posts"
send C-u
send_text "$WORK/coded.csv"
send Enter
check "e writes the coded post" wait_for "wrote 1 post to"
send c
wait_for "post 1 of $(thousands $N) imported"
send X
wait_for "Remove code:"
send_text "humour"
send Enter
check "X removes a code" wait_for "removed the code humour"
end_session
head -n 1 "$WORK/coded.csv" | grep -q ',codes' &&
    grep -q '"\[{""code"":""humour"",""memo"":""a cat tax joke""}\]"' "$WORK/coded.csv"
tap $? "the exported CSV carries the code and its memo"
"$REFUGE" --db "$OWN" codes --format csv >"$WORK/codes.csv"
grep -q '^"first contact","",,1,0' "$WORK/codes.csv" && grep -q '^"humour","jokes, memes, the cat tax","h",0,0' "$WORK/codes.csv"
tap $? "refuge codes lists the codebook with posts per code"

# ---- marking ------------------------------------------------------------------

start_refuge -x 100 -y 30 --db "$OWN"
wait_for "Feed"
send 2
wait_for "post 1 of"
send m m
check "m marks a post and moves on; the status counts the marks" wait_for "post 3 of $(thousands $N) imported · 2 marked"
expect_re "^[^│]*│\+" "a marked row shows +"
send U
check "U unmarks every post" wait_for "unmarked 2 posts"
send /
wait_for "Search:"
send_text "post 1"
send Enter
wait_for "posts match"
send M
check "M marks every post the search lists, not only those loaded" wait_for "marked 1111 more posts: 1111 marked"
send Escape
wait_for "post 1 of $(thousands $N) imported · 1,111 marked"
send '\;' e
wait_for "Export the marked posts"
send C-u
send_text "$WORK/marked.csv"
send Enter
check ";e exports the marked posts, whatever the feed lists" wait_for "wrote 1111 posts to"
send '\;' s
check ";s stars them" wait_for "starred the 1111 marked posts"
send '\;' x
wait_for "Code the marked posts"
send_text "sample-a"
send Enter
wait_for "Memo for sample-a on every marked post"
send Enter
check ";x codes them" wait_for "coded the 1111 marked posts sample-a"
end_session
[ "$("$REFUGE" --db "$OWN" feed --code sample-a --limit 0 | wc -l)" -eq 1111 ] &&
    [ "$("$REFUGE" --db "$OWN" feed --starred --limit 0 | wc -l)" -eq 1111 ] &&
    [ "$("$REFUGE" --db "$OWN" feed --marked --limit 0 --format jsonl | wc -l)" -eq 1111 ]
tap $? "the marked posts are coded and starred, and feed --marked lists them"
[ "$(grep -c '^"own-' "$WORK/marked.csv")" -eq 1111 ] &&
    ! grep -v '^"own-' "$WORK/marked.csv" | sed 1d | grep -q .  &&
    [ "$(sed 1d "$WORK/marked.csv" | grep -vc 'own post 1')" -eq 0 ]
tap $? "the CSV holds exactly the 1111 posts the search matched"

# ---- a reproducible sample --------------------------------------------------------

ids() { "$REFUGE" --db "$OWN" feed --limit 0 --format jsonl "$@" | sed 's/^{"id":"\([^"]*\)".*/\1/' | sort; }
ids --sample 100 --seed 7 >"$WORK/s7"
ids --sample 100 --seed 7 >"$WORK/s7again"
ids --sample 100 --seed 8 >"$WORK/s8"
[ "$(wc -l <"$WORK/s7")" -eq 100 ] && cmp -s "$WORK/s7" "$WORK/s7again" && ! cmp -s "$WORK/s7" "$WORK/s8"
tap $? "feed --sample 100 --seed 7 draws 100 posts, the same each time; seed 8 others"
"$REFUGE" --db "$OWN" feed --sample 5 2>"$WORK/err" >/dev/null &&
    seed=$(sed -n 's/.*sample seed \([0-9]*\) .*/\1/p' "$WORK/err") && [ -n "$seed" ] &&
    [ "$("$REFUGE" --db "$OWN" feed --sample 5 --seed "$seed" | md5sum)" = "$("$REFUGE" --db "$OWN" feed --sample 5 --seed "$seed" | md5sum)" ]
tap $? "without --seed, the seed drawn is said so the sample can be drawn again"
start_refuge -x 100 -y 30 --db "$OWN"
wait_for "Feed"
send 2 U
wait_for "unmarked"
send S
wait_for "Sample: N posts and a seed"
send_text "100 7"
send Enter
wait_for "a sample of 100 posts, seed 7"
send j
check "S lists a sample in the explorer" wait_for "post 2 of 100 imported"
expect "sample 100 (seed 7)" "the title names the sample and its seed"
send M
wait_for "marked 100 more posts"
send '\;' x
wait_for "Code the marked posts"
send_text "sample-7"
send Enter Enter
check "and the sample is saved as a code" wait_for "coded the 100 marked posts sample-7"
end_session
ids --code sample-7 >"$WORK/c7"
cmp -s "$WORK/s7" "$WORK/c7"
tap $? "the explorer's sample is the batch one: the same seed, the same posts"

# ---- saved views ----------------------------------------------------------------

"$REFUGE" --db "$OWN" feed --lang zh --search "post 1" --sort likes --save-view zh-ones --limit 3 2>"$WORK/err" >/dev/null &&
    grep -q "saved the view zh-ones" "$WORK/err"
tap $? "feed --save-view saves a filter, search and sort"
[ "$("$REFUGE" --db "$OWN" feed --view zh-ones --limit 0 | md5sum)" = \
    "$("$REFUGE" --db "$OWN" feed --lang zh --search "post 1" --sort likes --limit 0 | md5sum)" ]
tap $? "feed --view recalls them"
[ "$("$REFUGE" --db "$OWN" stats --view zh-ones --platform tiktok 2>/dev/null | sed -n 2p)" = \
    "$("$REFUGE" --db "$OWN" stats --lang zh --search "post 1" --platform tiktok | sed -n 2p)" ]
tap $? "stats --view takes the view under the options given"
"$REFUGE" --db "$OWN" views | grep -q "^  zh-ones .*lang zh.*search \"post 1\" sort likes"
tap $? "refuge views lists each view with what it selects"
start_refuge -x 100 -y 30 --db "$OWN"
wait_for "Feed"
send 2 f
wait_for "Filter posts"
send j j j j j j j Enter
wait_for "Code (a name"
send_text "sample-7"
send Enter
wait_for "code sample-7"
send o
wait_for "sorted by likes"
send w
wait_for "Save the filter, search and sort as view"
send_text "my sample"
send Enter
check "w saves the feed's view" wait_for "saved the view my sample"
send c
wait_for "post 1 of $(thousands $N) imported"
send :
wait_for "View (empty lists them)"
send Enter
check ": with no name lists the views" wait_for "views: my sample, zh-ones"
send :
wait_for "View (empty lists them)"
send_text "my sample"
send Enter
check ": recalls a view" wait_for "the view my sample"
send j
check "with its filter" wait_for "post 2 of 100 imported"
expect "code sample-7" "the title names it"
end_session
[ "$("$REFUGE" --db "$OWN" feed --view "my sample" --limit 0 | md5sum)" = \
    "$("$REFUGE" --db "$OWN" feed --code sample-7 --sort likes --limit 0 | md5sum)" ]
tap $? "a view saved in the explorer works in batch"

start_refuge -x 100 -y 30 --db "$MIX"
wait_for "Feed"
send 2
check "the feed's status says the posts are imported" wait_for "post 1 of $(thousands $N) imported"
send 3
check "the stats pane says so too" wait_for "$(thousands $N) imported posts"
end_session

# ---- a view keeps the author and a search through comments ------------------------

AUTH="$WORK/authors.db"
for i in 1 2 3 4 5; do
    printf '{"id": "a-%d", "platform": "xiaohongshu", "author": "%s", "time": "2025-01-1%dT10:00:00Z", "text": "post %d"}\n' \
        $i "$([ $i -le 3 ] && echo alice || echo bob)" $i $i
done >"$WORK/authors.jsonl"
printf '{"id": "k-1", "platform": "xiaohongshu", "post": "a-4", "time": "2025-01-15T11:00:00Z", "text": "a walrus"}\n' \
    >>"$WORK/authors.jsonl"
"$REFUGE" --db "$AUTH" --no-bundle import "$WORK/authors.jsonl" >/dev/null
"$REFUGE" --db "$AUTH" feed --author xiaohongshu:alice --save-view alices --limit 0 >/dev/null 2>&1 &&
    [ "$("$REFUGE" --db "$AUTH" feed --view alices --limit 0 | grep -c "post [0-9]")" -eq 3 ]
tap $? "a view saved with --author recalls that author's posts only"
"$REFUGE" --db "$AUTH" feed --search walrus --with-comments --save-view walrus >/dev/null 2>&1 &&
    [ "$("$REFUGE" --db "$AUTH" feed --search walrus --limit 0 | grep -c walrus)" -eq 0 ] &&
    "$REFUGE" --db "$AUTH" feed --view walrus --limit 0 | grep -q "a walrus"
tap $? "a view saved with --with-comments searches the comments again"
start_refuge -x 100 -y 30 --db "$AUTH"
wait_for "Feed"
send 2
send :
wait_for "View"
send_text alices
send Enter
wait_for "the view alices"
screen >"$WORK/screen"
grep -q "Feed · by xiaohongshu:alice" "$WORK/screen" && [ "$(grep -c " post [123]$" "$WORK/screen")" -eq 3 ] &&
    ! grep -q " post [45]$" "$WORK/screen"
tap $? "the explorer's : recalls the view with its author"
end_session

# ---- coding a comment from the keyboard ------------------------------------------

start_refuge -x 100 -y 30 --db "$AUTH"
wait_for "Feed"
send 2
wait_for " post 5"
send j C
wait_for "a walrus"
send x
wait_for "Code the comment"
send_text irony
send Enter
wait_for "Memo for irony"
send_text "dry, or not"
send Enter
check "x in the thread codes the comment, with its memo" wait_for "coded the comment irony with a memo"
check "the comment's head shows its code" wait_for "1 code: irony"
send Enter
check "read in full, the comment shows the code and memo" wait_for "code irony: dry, or not"
send Escape
end_session
"$REFUGE" --db "$AUTH" codes | grep -q "^  irony .* 0 posts .* 1 comment"
tap $? "the codebook counts the coded comment"
"$REFUGE" --db "$AUTH" export --what comments --format jsonl |
    grep -q '"id":"k-1".*"codes":\[{"code":"irony","memo":"dry, or not"}\]'
tap $? "the comments' export carries the code and memo"
"$REFUGE" --db "$AUTH" export --format jsonl >"$WORK/coded-comments.jsonl"
"$REFUGE" --db "$WORK/colleague.db" --no-bundle import "$WORK/coded-comments.jsonl" >/dev/null 2>&1 &&
    "$REFUGE" --db "$WORK/colleague.db" codes | grep -q "^  irony .* 1 comment"
tap $? "a colleague's import of the export takes the comment's code back"
start_refuge -x 100 -y 30 --db "$AUTH"
wait_for "Feed"
send 2
wait_for " post 5"
send j C
wait_for "1 code: irony"
send X
wait_for "Remove code from the comment"
send_text irony
send Enter
check "X in the thread removes the comment's code" wait_for "removed the code irony"
check "and the head no longer shows it" wait_gone "1 code: irony"
end_session

# ---- the codebook travels with an export ------------------------------------------

"$REFUGE" --db "$AUTH" codes --define irony --description "says the opposite" --key i >/dev/null &&
    "$REFUGE" --db "$WORK/colleague.db" codes --define irony --description "dry humour" >/dev/null
"$REFUGE" --db "$AUTH" export --format jsonl >"$WORK/with-book.jsonl"
tail -1 "$WORK/with-book.jsonl" | grep -q '^{"code":"irony","description":"says the opposite","key":"i"}$'
tap $? "a JSON Lines export ends with the codebook: each code with its description and key"
"$REFUGE" --db "$WORK/colleague.db" import "$WORK/with-book.jsonl" >/dev/null 2>"$WORK/err"
grep -q "with-book.jsonl: line [0-9]*: code irony: its description differs from the cache's; both are kept" "$WORK/err"
tap $? "re-imported where the code means something else, the conflict is reported with its line"
"$REFUGE" --db "$WORK/colleague.db" codes --format jsonl |
    grep -q '^{"name":"irony","description":"dry humour\\n--- merged:\\nsays the opposite","key":"i",'
tap $? "both descriptions are kept, the cache's first, and the free key is taken"
"$REFUGE" --db "$AUTH" export --what codes --format csv >"$WORK/book.csv" &&
    head -1 "$WORK/book.csv" | grep -q '^code,description,key' &&
    "$REFUGE" --db "$WORK/book.db" --no-bundle import "$WORK/book.csv" >/dev/null 2>&1 &&
    "$REFUGE" --db "$WORK/book.db" codes | grep -q "^  irony  *i .*says the opposite$"
tap $? "export --what codes writes the codebook as CSV, and import reads it into another cache"

finish
