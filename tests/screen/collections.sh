#!/bin/sh
# A researcher's folder of mixed collections (MediaCrawler notes and
# comments, a Zeeschuimer TikTok capture, MediaCrawler Weibo contents, an
# X archive's tweets.js with its account.js, Bluesky PostViews)
# imported with one `refuge import DIR/*`, then browsed in the explorer; then
# a folder of every fixture of every tool, checked against the oracle.
. "${top_srcdir:-.}/tests/screen/lib.sh"
require_tmux

C="$top_srcdir/tests/data/collections"
mkdir -p "$WORK/crawl"
cp "$C/mediacrawler/xhs-2025-01/1_search_contents_2025-01-16.csv" \
    "$C/mediacrawler/xhs-2025-01/1_search_comments_2025-01-16.csv" \
    "$C/zeeschuimer/xiaohongshu-comments.ndjson" "$C/zeeschuimer/tiktok.ndjson" "$WORK/crawl/"
cp "$C/mediacrawler/weibo-2026-03/csv/search_contents_2026-03-05.csv" "$WORK/crawl/weibo.csv"
cp "$C/x/archive/data/tweets.js" "$C/x/archive/data/account.js" \
    "$C/bluesky/searchPosts-rednote.jsonl" "$WORK/crawl/"
DB="$WORK/crawl.db"

out=$(REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$DB" import "$WORK/crawl"/* 2>"$WORK/err")
tap $? "one import DIR/* takes the whole folder"
echo "$out" | grep -q "1_search_contents_2025-01-16.csv: mediacrawler:xhs-notes:user_id, 3 records: 3 posts new" &&
    echo "$out" | grep -q "1_search_comments_2025-01-16.csv: mediacrawler:xhs-comments:user_id, 4 records" &&
    echo "$out" | grep -q "tiktok.ndjson: zeeschuimer:tiktok.com, 5 records: 4 posts new, 1 updated" &&
    echo "$out" | grep -q "weibo.csv: mediacrawler:weibo-contents:user_id, 3 records: 3 posts new" &&
    echo "$out" | grep -q "tweets.js: x-archive:tweets, 4 records: 3 posts new.* 1 skipped (retweet (another account's words and counts): 1)" &&
    echo "$out" | grep -q "account.js: x-archive:account, 0 records" &&
    echo "$out" | grep -q "searchPosts-rednote.jsonl: bluesky:postview, 4 records: 4 posts new"
tap $? "each file's line names the format it was read as and what it gave"
echo "$out" | grep -q "^imported 18 posts (17 new), 10 comments (9 new)"
tap $? "and the summary counts posts and comments"
REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$DB" stats | grep -q "^posts 17 (zh 6, en 6, other languages 5)"
tap $? "stats count the posts in other languages (Japanese, Korean, undetermined) apart"
out=$(REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$DB" feed --lang ko --format jsonl)
[ "$(echo "$out" | wc -l)" -eq 1 ] && echo "$out" | grep -q '"lang":"ko"'
tap $? "feed --lang takes other languages' codes too"
# Weibo contents carry no tag list: their posts are tagged by the hashtags
# of their text (#TikTok难民#), counted and found like any tag, while the
# post's own tag list stays what the file gave (none).
out=$(REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$DB" feed --tag tiktok难民 --platform weibo --format jsonl)
[ "$(echo "$out" | wc -l)" -eq 1 ] && echo "$out" | grep -q '"id":"5126000000000001".*"tags":\[\]'
tap $? "a post without a tag list is found under the hashtags of its text"
REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$DB" stats --platform weibo | grep -q "^  #tiktok难民  *1$"
tap $? "and they count in the top tags"
out=$(REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$DB" check)
echo "$out" | grep -q "^posts: 17$" && echo "$out" | grep -q "^comments: 9$" &&
    echo "$out" | grep -q "^authors: "
tap $? "check counts posts, comments and authors"

# A refused file's name is shown through the text layer: no escape
# sequence in it reaches the terminal.
evil="$WORK/$(printf 'evil\033]0;owned\007')-settings.json"
cp "$C/refusals/settings.json" "$evil"
REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$DB" import "$evil" >"$WORK/out" 2>"$WORK/err"
[ $? -eq 1 ] && grep -q "a JSON object that is none of the known formats (keys: version, theme, profiles)" "$WORK/err" &&
    ! grep -q "$(printf '\033')" "$WORK/err" && ! grep -q "$(printf '\007')" "$WORK/err" &&
    ! grep -q "malformed" "$WORK/err"
tap $? "a refused file is named safely, with what it looks like"

start_refuge -x 120 -y 40 -e REFUGE_NO_BUNDLE=1 --db "$DB"
wait_for "Feed"
send 2
send z
check "the feed lists the imported posts" wait_for "post 1 of 17"
expect "早安新闻速递" "Weibo posts are among them"
expect "Sourdough Refugee" "and TikTok videos"
expect "橘猫外交部" "and Xiaohongshu notes"
expect_re " KO +904 " "a Korean video carries its language's code, not EN"
expect_re " JA +2.2k " "and so does a Japanese one"
send /
wait_for "Search:"
send_text "猫税"
send Enter
check "a search finds the collections' posts" wait_for_re "[1-9] posts? match"
send Escape
wait_for "search cleared"
send /
wait_for "Search:"
send_text "exodus"
send Enter
check "a search finds the Bluesky post, with its handle" wait_for "lantern-moth.bsky"
send Escape
wait_for "search cleared"
# The filter menu offers every language the cache holds, by name and code:
# Chinese and English first, then the others by how many posts have them.
send f
wait_for "Filter posts"
send Enter
check "the language filter offers Chinese" wait_for "Language        Chinese (zh)"
send Enter
check "then English" wait_for "Language        English (en)"
send Enter
check "then Japanese, the most common of the others" wait_for "Language        Japanese (ja)"
send Enter
check "then Korean" wait_for "Language        Korean (ko)"
send Escape
check "which lists the Korean video alone" wait_for "post 1 of 1"
expect_re " KO +904 " "with its code"
send f
wait_for "Filter posts"
send Enter
check "then undetermined" wait_for "Language        undetermined (und)"
send Enter
check "and back to all" wait_for "Language        all"
send Escape
wait_for "post 1 of 17"
send G
send Enter
check "the reader opens a post" wait_for "language:"
expect "author key: 5f1a0c00000000000000a001" "the reader shows the author's key beside the name"
expect "image · 3 media:" "the note type and how many media"
expect "https://img.example.invalid/xhs/a101_1.jpg" "each medium's URL, to copy"
expect "collected by mediacrawler:xhs-notes:user_id" "the tool that collected it, and when"
expect "search keywords: TikTok难民" "the keywords that found it"
expect "comments: 3 in the cache" "and how many comments it has"
expect "#猫税 #TikTok难民 (笑哭)(笑哭)" "Xiaohongshu's topics and stickers read as words"
expect_not "[话题]" "without their markup"
send q
send q
wait_exit
check "and the explorer quits" exited
end_session

# ---- the issue's "done when": every tool's files in one folder -----------------------
# One copy of each fixture that is not a refusal (MediaCrawler's SQLite files
# made from their SQL), imported with one `refuge import DIR/*`: each file's
# line must name the format and the records expected.tsv gives for it, with
# its skip reasons, and the cache must then hold every post and comment the
# oracle lists, no more (nothing silently lost, nothing twice).
ALL="$WORK/all"
mkdir -p "$ALL"
E="$C/expected.tsv"
awk -F '\t' '$1 == "file" && $3 != "refused" { print $2 }' "$E" >"$WORK/files"
while read -r path; do
    case $path in
    *.sql) name=$(echo "$path" | tr / -).db; sqlite3 "$ALL/$name" <"$C/$path" 2>/dev/null ;;
    x/archive/data/*) name=$(basename "$path"); cp "$C/$path" "$ALL/$name" ;;
    *) name=$(echo "$path" | tr / -); cp "$C/$path" "$ALL/$name" ;;
    esac
    echo "$path	$name" >>"$WORK/names"
done <"$WORK/files"
if command -v sqlite3 >/dev/null; then
    out=$(REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$WORK/all.db" import "$ALL"/* 2>"$WORK/all.err")
    tap $? "one import takes a folder of every tool's files ($(wc -l <"$WORK/names") files)"
    bad=0
    while IFS='	' read -r path name; do
        row=$(awk -F '\t' -v p="$path" '$1 == "file" && $2 == p' "$E")
        format=$(echo "$row" | cut -f3) records=$(echo "$row" | cut -f4)
        skipped=$(echo "$row" | cut -f8) reason=$(echo "$row" | cut -f9)
        line=$(echo "$out" | grep -F "$ALL/$name: ")
        noun=records
        [ "$records" = 1 ] && noun=record
        echo "$line" | grep -qF "$ALL/$name: $format, $records $noun: " || bad=1
        if [ "$skipped" -gt 0 ]; then
            echo "$line" | grep -qF "$skipped skipped ($reason)" || bad=1
        else
            echo "$line" | grep -qF "; 0 skipped" || bad=1
        fi
        [ $bad -eq 0 ] || { echo "# $name: $line" >&2; break; }
    done <"$WORK/names"
    tap $bad "each file's line names the format, the records and the skip reasons the oracle gives"
    posts=$(awk -F '\t' '$1 == "post"' "$E" | wc -l) comments=$(awk -F '\t' '$1 == "comment"' "$E" | wc -l)
    out=$(REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$WORK/all.db" check)
    echo "$out" | grep -q "^posts: $posts$" && echo "$out" | grep -q "^comments: $comments$" &&
        echo "$out" | grep -q "^integrity: ok$"
    tap $? "the cache holds the oracle's $posts posts and $comments comments, no more, no fewer"
    out=$(REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$WORK/all.db" import "$ALL"/* 2>/dev/null)
    echo "$out" | grep -q "^imported 0 posts, .*unchanged"
    tap $? "importing the folder again changes nothing"

    start_refuge -x 120 -y 40 -e REFUGE_NO_BUNDLE=1 --db "$WORK/all.db"
    wait_for "Feed"
    send 2
    send z
    check "the explorer lists every post" wait_for "post 1 of $posts"
    send /
    wait_for "Search:"
    send_text "jiaozi"
    send Enter
    check "a twarc2 tweet is found" wait_for "1 post matches"
    send Enter
    check "its reader opens" wait_for "language:"
    expect "video · 2 media:" "its photo and video came from includes.media"
    expect "https://video.example.invalid/ext_tw_video/102/1280x720.mp4" "the video's best MP4"
    end_session
    out=$(REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$WORK/all.db" comments --post douyin:7459800000000000101 --format jsonl)
    [ "$(echo "$out" | sed 's/^{"id":"\([0-9]*\)".*/\1/' | tr '\n' ' ')" = \
      "7459815000000000201 7459830000000000202 7459845000000000203 " ] &&
        echo "$out" | sed -n 2p | grep -q '"parent":"7459815000000000201"'
    tap $? "a Douyin video's comments are listed in thread order, the reply under its parent"
else
    for i in 1 2 3 4 5 6 7 8 9 10; do echo "ok $((TAP_N = TAP_N + 1)) # SKIP sqlite3 not installed"; done
fi
finish
