#!/bin/sh
# A researcher's folder of mixed collections (MediaCrawler notes and
# comments, a Zeeschuimer TikTok capture, MediaCrawler Weibo contents, an
# X archive's tweets.js with its account.js, Bluesky PostViews)
# imported with one `refuge import DIR/*`, then browsed in the explorer.
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
echo "$out" | grep -q "^imported 18 posts, 10 comments"
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
check "the language filter offers Chinese" wait_for "Language       Chinese (zh)"
send Enter
check "then English" wait_for "Language       English (en)"
send Enter
check "then Japanese, the most common of the others" wait_for "Language       Japanese (ja)"
send Enter
check "then Korean" wait_for "Language       Korean (ko)"
send Escape
check "which lists the Korean video alone" wait_for "post 1 of 1"
expect_re " KO +904 " "with its code"
send f
wait_for "Filter posts"
send Enter
check "then undetermined" wait_for "Language       undetermined (und)"
send Enter
check "and back to all" wait_for "Language       all"
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
finish
