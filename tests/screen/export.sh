#!/bin/sh
# Everything refuge writes for other programs, end to end: exports page
# through caches larger than any page, the round trip is exact, CSV is safe
# in a spreadsheet, and nothing raw reaches a terminal. No terminal needed
# except where a test says so.
. "${top_srcdir:-.}/tests/screen/lib.sh"

DB="$WORK/big.db"
r() { REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$DB" "$@"; }

# ---- every page: 5,000 posts, more than any page or buffer ------------------------
N=5000
awk -v n=$N 'BEGIN {
    for (i = 1; i <= n; i++)
        printf "{\"id\":\"p%d\",\"platform\":\"xiaohongshu\",\"author\":\"a%d\",\"time\":%d,\"text\":\"post %d\",\"lang\":\"en\",\"tags\":[\"t%d\"]}\n", i, i % 97, 1736900000 + i * 60, i, i % 13
}' >"$WORK/big.jsonl"
r import "$WORK/big.jsonl" >/dev/null
tap $? "a cache of $N posts is imported"
r export --what posts >"$WORK/big.out.jsonl"
[ $? -eq 0 ] && [ "$(wc -l <"$WORK/big.out.jsonl")" -eq $N ]
tap $? "export --what posts writes all $N posts in JSON Lines"
r export --what posts --format csv >"$WORK/big.out.csv"
[ $? -eq 0 ] && [ "$(wc -l <"$WORK/big.out.csv")" -eq $((N + 1)) ]
tap $? "export --what posts writes all $N posts in CSV (and a header)"
r export >"$WORK/big.all.jsonl"
[ $? -eq 0 ] && [ "$(wc -l <"$WORK/big.all.jsonl")" -eq $N ]
tap $? "export of everything writes all $N posts"
for f in jsonl csv md text; do
    r feed --limit 0 --format $f >"$WORK/big.feed.$f"
    case $f in
    jsonl) want=$N; got=$(wc -l <"$WORK/big.feed.$f") ;;
    csv) want=$((N + 1)); got=$(wc -l <"$WORK/big.feed.$f") ;;
    md) want=$N; got=$(grep -c '^- \*\*' "$WORK/big.feed.$f") ;;
    text) want=$N; got=$(wc -l <"$WORK/big.feed.$f") ;;
    esac
    [ "$got" -eq "$want" ]
    tap $? "feed --limit 0 --format $f writes all $N posts ($got)"
done

# ---- the exact round trip: export, import into an empty cache, export ------------
# Every kind of record, hostile text (escapes of every family, C1, bidi, CR,
# tabs, quotes, what looks like escapes, NUL placeholders, formulas and
# apostrophes), UTC offsets from -12:00 to +14:00 and none, every
# provenance, counts at their limit, negative and tiny figure values.
RT="$top_srcdir/tests/data/roundtrip.jsonl"
rr() { db=$1; shift; REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$WORK/$db" "$@"; }
# roundtrip NAME DB: DB's export, imported into empty caches as JSON Lines
# and as one CSV file per kind, exports the same bytes in both formats.
roundtrip() {
    name=$1 db=$2 ok=0
    rr "$db" export >"$WORK/$name.a.jsonl" || ok=1
    for what in events figures posts; do
        rr "$db" export --what $what --format csv >"$WORK/$name.a.$what.csv" || ok=1
    done
    rr "$name.j.db" import "$WORK/$name.a.jsonl" >/dev/null || ok=1
    rr "$name.c.db" import "$WORK/$name.a.events.csv" "$WORK/$name.a.figures.csv" \
        "$WORK/$name.a.posts.csv" >/dev/null || ok=1
    for via in j c; do
        rr "$name.$via.db" export >"$WORK/$name.$via.jsonl"
        cmp -s "$WORK/$name.a.jsonl" "$WORK/$name.$via.jsonl" || ok=1
        for what in events figures posts; do
            rr "$name.$via.db" export --what $what --format csv >"$WORK/$name.$via.$what.csv"
            cmp -s "$WORK/$name.a.$what.csv" "$WORK/$name.$via.$what.csv" || ok=1
        done
    done
    [ -s "$WORK/$name.a.jsonl" ] && return $ok
}
rr rt.db import "$RT" >/dev/null
tap $? "the hostile round-trip fixture imports"
roundtrip rt rt.db
tap $? "its export, imported into an empty cache, exports the same bytes (JSON Lines and CSV)"
[ "$(grep -c . "$WORK/rt.a.jsonl")" -eq "$(grep -c . "$RT")" ]
tap $? "every record of the fixture is in the export"
"$REFUGE" --db "$WORK/bundle.db" check >/dev/null
roundtrip bundle bundle.db
tap $? "so does the bundled dataset's"
grep -q '"time":"2025-01-16T23:59:59+14:00"' "$WORK/rt.c.jsonl" &&
    grep -q '"time":"2025-01-14T00:00:00-12:00"' "$WORK/rt.c.jsonl" &&
    grep -q '"likes":9000000000000000' "$WORK/rt.c.jsonl" &&
    grep -q '"value":-1.5' "$WORK/rt.c.jsonl" &&
    grep -q '"provenance":"illustrative"' "$WORK/rt.c.jsonl"
tap $? "offsets, counts at their limit, a negative figure and provenance survive the CSV trip"

# ---- collections: every field the cache keeps survives the trip, table by table ---
# Every collection fixture, and three MediaCrawler crawls of 1,500 notes (more
# than an export page) that find the same notes with other keywords at other
# moments, by 400 people who all show as the masked "K***o", with counts that
# are lower bounds, unknown or 赞, images and videos; and 1,200 comments whose
# replies answer replies. Exported in JSON Lines and in CSV, each imported into
# an empty cache: every table holds the same rows.
C="$top_srcdir/tests/data/collections"
awk -v n=1500 -v work="$WORK" 'BEGIN {
    split("10+,,1.2万,赞", likes, ",")
    for (run = 1; run <= 3; run++) {
        kw = run == 1 ? "猫税" : run == 2 ? "TikTok难民" : "rednote"
        seen = run == 1 ? 1737000000000 : run == 2 ? 1737600000000 : 1736900000000
        f = work "/crawl" run ".jsonl"
        for (i = 1; i <= n; i++) {
            if ((run == 2 && i % 2) || (run == 3 && i % 3))
                continue
            t = 1736856000 + i * 60
            id = sprintf("%08x000000001e%06x", t, i)
            video = i % 3 == 0
            l = i % 5 < 4 ? likes[i % 5 + 1] : i
            if (run == 2 && i % 4 == 0) l = ""
            printf "{\"note_id\": \"%s\", \"type\": \"%s\", \"title\": \"note %d\", \"desc\": \"note %d of the crawl #猫税[话题]#\", \"video_url\": \"%s\", \"time\": %d000, \"last_update_time\": %d000, \"creator_hash\": \"%016x\", \"nickname\": \"K***o\", \"liked_count\": \"%s\", \"collected_count\": \"%s\", \"comment_count\": \"%s\", \"share_count\": \"%s\", \"image_list\": \"https://img.example.invalid/%d_1.jpg,https://img.example.invalid/%d_%d.jpg\", \"tag_list\": \"猫税,tiktok\", \"last_modify_ts\": %.0f, \"note_url\": \"https://www.xiaohongshu.com/explore/%s\", \"source_keyword\": \"%s\", \"xsec_token\": \"XSEC_SYNTH\"}\n",
                id, video ? "video" : "normal", i, i, video ? "https://video.example.invalid/" i ".mp4" : "",
                t, t, (i * 7919) % 400 + 1, l, i % 7 ? i + run : "", i % 11 ? i % 50 : "10万+",
                i % 13 ? run : "", i, i, run, seen + i, id, kw >f
        }
        close(f)
    }
    f = work "/comments.jsonl"
    for (i = 1; i <= 1200; i++) {
        note = int((i - 1) / 12) + 1
        t = 1736856000 + note * 60 + i
        parent = i % 3 ? "" : sprintf("%08x000000000c%06x", t - 1, i - 1)
        printf "{\"comment_id\": \"%08x000000000c%06x\", \"create_time\": %d000, \"note_id\": \"%08x000000001e%06x\", \"content\": \"comment %d\", \"creator_hash\": \"%016x\", \"nickname\": \"K***o\", \"sub_comment_count\": \"%d\", \"pictures\": \"%s\", \"parent_comment_id\": \"%s\", \"last_modify_ts\": %.0f, \"like_count\": \"%s\"}\n",
            t, i, t, 1736856000 + note * 60, note, i, (i * 31) % 400 + 1, i % 3 == 2, i % 10 ? "" : "https://img.example.invalid/c" i ".jpg",
            parent, 1737000000000 + i, i % 4 == 0 ? "10+" : i % 4 == 1 ? "" : i >f
    }
}' </dev/null
for f in $(find "$C" -name '*.sql' ! -path '*/refusals/*'); do
    sqlite3 "$WORK/mc-$(basename "$(dirname "$(dirname "$f")")").db" <"$f" 2>/dev/null
done
rr coll.a.db import $(find "$C" -type f \( -name '*.jsonl' -o -name '*.json' -o -name '*.csv' -o -name '*.ndjson' -o -name tweets.js \) \
    ! -path '*/refusals/*' ! -name instagram.ndjson) \
    "$WORK"/mc-*.db "$WORK"/crawl*.jsonl "$WORK/comments.jsonl" >/dev/null
tap $? "every collection fixture and 1,500 crawled notes with 1,200 comments import"
rr coll.a.db export >"$WORK/coll.a.jsonl"
rr coll.a.db export --what posts --format csv >"$WORK/coll.a.posts.csv"
rr coll.a.db export --what comments --format csv >"$WORK/coll.a.comments.csv"
rr coll.j.db import "$WORK/coll.a.jsonl" >/dev/null &&
    rr coll.c.db import "$WORK/coll.a.posts.csv" "$WORK/coll.a.comments.csv" >/dev/null
tap $? "their JSON Lines and CSV exports import into empty caches"
# Each table as rows of values, internal ids replaced by what they stand for.
tables() {
    sqlite3 "$WORK/$1" <<'SQL'
SELECT 'post', p.platform, p.ext_id, p.author, p.region, p.lang, p.ts_utc, p.utc_offset,
  p.text, p.translation, p.translation_kind, p.likes, p.comments, p.collects, p.shares,
  p.views, p.known, p.at_least, p.tags, p.url, p.provenance, p.source, p.note, p.type,
  p.time_basis, p.counts_at, p.likes_seen, p.comments_seen, p.collects_seen,
  p.shares_seen, p.views_seen, p.collected_at, p.partial, p.reply_to,
  a.platform, a.key, a.keyed, a.name
  FROM posts p LEFT JOIN authors a ON a.id = p.author_id ORDER BY 2, 3;
SELECT 'keyword', p.platform, p.ext_id, k.keyword FROM post_keywords k
  JOIN posts p ON p.id = k.post_id ORDER BY 2, 3, 4;
SELECT 'medium', p.platform, p.ext_id, m.url, m.kind FROM post_media m
  JOIN posts p ON p.id = m.post_id ORDER BY 2, 3, m.rowid;
SELECT 'file', p.platform, p.ext_id, s.tool, s.file, s.collected_at FROM post_sources s
  JOIN posts p ON p.id = s.post_id ORDER BY 2, 3, 4, 5;
SELECT 'tag', p.platform, p.ext_id, t.tag FROM post_tags t
  JOIN posts p ON p.id = t.post_id ORDER BY 2, 3, 4;
SELECT 'author', platform, key, keyed, name FROM authors ORDER BY 2, 3, 4;
SELECT 'comment', c.platform, c.ext_id, c.post_ext_id, c.parent_ext_id, c.author,
  c.region, c.lang, c.ts_utc, c.utc_offset, c.time_basis, c.text, c.translation, c.likes,
  c.likes_at_least, c.replies, c.counts_at, c.collected_at, c.tool, c.file,
  a.platform, a.key, a.keyed, a.name
  FROM comments c LEFT JOIN authors a ON a.id = c.author_id ORDER BY 2, 3;
SELECT 'comment medium', c.platform, c.ext_id, m.url, m.kind FROM comment_media m
  JOIN comments c ON c.id = m.comment_id ORDER BY 2, 3, m.rowid;
SELECT 'daily', * FROM daily ORDER BY 2, 3, 4;
SELECT 'comments daily', * FROM comments_daily ORDER BY 2, 3, 4;
SELECT 'tag count', * FROM tag_counts ORDER BY 2;
SQL
}
if command -v sqlite3 >/dev/null; then
    tables coll.a.db >"$WORK/coll.a.rows"
    for via in j c; do
        tables coll.$via.db >"$WORK/coll.$via.rows"
        cmp -s "$WORK/coll.a.rows" "$WORK/coll.$via.rows" && [ "$(wc -l <"$WORK/coll.a.rows")" -gt 5000 ]
        tap $? "every table holds the same rows after the trip through $([ $via = j ] && echo JSON Lines || echo CSV)"
    done
    masked="^author|xiaohongshu|0000000000000[0-9a-f]\{3\}|1|K\*\*\*o$"
    a=$(grep -c "$masked" "$WORK/coll.a.rows")
    [ "$a" -eq 400 ] && [ "$(grep -c "$masked" "$WORK/coll.j.rows")" -eq 400 ]
    tap $? "400 people shown as the masked K***o stay 400 authors ($a)"
else
    for i in 1 2 3; do echo "ok $((TAP_N = TAP_N + 1)) # SKIP sqlite3 not installed"; done
fi
grep -q '"likes":"10+"' "$WORK/coll.a.jsonl" && grep -q '"likes":"?"' "$WORK/coll.a.jsonl" &&
    grep -q '"keywords":\["TikTok难民","rednote","猫税"\]' "$WORK/coll.a.jsonl" &&
    grep -q '{"url":"https://video.example.invalid/3.mp4","kind":"video"}' "$WORK/coll.a.jsonl" &&
    grep -q '"counts_seen":{"likes":' "$WORK/coll.a.jsonl" &&
    grep -q '"partial":true' "$WORK/coll.a.jsonl" && grep -q '"time_basis":"derived-id"' "$WORK/coll.a.jsonl" &&
    grep -q '"parent":"' "$WORK/coll.a.jsonl" && grep -q '"views":' "$WORK/coll.a.jsonl"
tap $? "the export holds lower bounds, unknown counts, keywords, videos, when counts were seen, titles, derived times, replies and views"
[ "$(grep -c '"post":' "$WORK/coll.a.jsonl")" -gt 1024 ] && [ "$(grep -vc '"post":' "$WORK/coll.a.jsonl")" -gt 1024 ]
tap $? "posts and comments both fill more than one page of the export"
out=$(rr coll.j.db import "$WORK/coll.a.jsonl")
echo "$out" | grep -q "^imported 0 posts, $(grep -c . "$WORK/coll.a.jsonl") unchanged"
tap $? "importing the export again changes nothing"

# ---- CSV is safe in a spreadsheet --------------------------------------------------
# No cell of any CSV refuge writes starts with = + - @, a tab or a CR; the
# apostrophe that prevents it is gone after import (the round trip above).
# A quoted cell opens at a line start or after a comma; a quote inside a
# cell is doubled, so the pattern cannot match inside one.
unsafe_cells() { # prints the lines with a cell a spreadsheet would run
    LC_ALL=C grep -E "(^|,)\"[-=+@$(printf '\t\r')]" "$@"
}
[ -z "$(unsafe_cells "$WORK"/rt.a.*.csv)" ]
tap $? "no cell of an exported CSV starts a formula"
rr rt.db feed --limit 0 --format csv >"$WORK/rt.feed.csv"
rr rt.db timeline --format csv >"$WORK/rt.timeline.csv"
[ -z "$(unsafe_cells "$WORK/rt.feed.csv" "$WORK/rt.timeline.csv")" ]
tap $? "nor of feed --format csv or timeline --format csv"
grep -q "\"'=HYPERLINK" "$WORK/rt.a.posts.csv" && grep -q "\"'-1+1\"" "$WORK/rt.a.posts.csv" &&
    grep -q "\"'hello, a genuine" "$WORK/rt.a.posts.csv" && grep -q "\"'''=x\"" "$WORK/rt.a.posts.csv"
tap $? "a formula gets an apostrophe; a genuine apostrophe is kept, and doubled only before a formula"
grep -q ',-1.5,' "$WORK/rt.a.figures.csv" && grep -q ',9000000000000000,' "$WORK/rt.a.posts.csv"
tap $? "numbers are written as numbers, a negative one too"

# ---- diagnostics quote names and values defused ------------------------------------
# Each message that quotes something from a file, the command line or the
# environment shows its escapes as placeholders: no ESC, BEL, C1 or bidi
# control reaches stderr.
ESC=$(printf '\033') BEL=$(printf '\007')
EVIL="${ESC}]0;PWNED${BEL}${ESC}[2J$(printf '\302\233')6n$(printf '\342\200\256')"
raw_in() { LC_ALL=C grep -q "$ESC\|$BEL\|$(printf '\302\233')\|$(printf '\342\200\256')" "$1"; }
defused() { # defused NAME COMMAND...: stderr holds a placeholder and nothing raw
    name=$1
    shift
    "$@" >/dev/null 2>"$WORK/diag.err"
    ! raw_in "$WORK/diag.err" && grep -q "␛" "$WORK/diag.err"
    tap $? "$name is quoted defused"
}
defused "an unknown command" "$REFUGE" "$EVIL"
defused "an unknown option" "$REFUGE" feed "--x$EVIL"
defused "an option's bad value" "$REFUGE" feed --lang "$EVIL"
defused "the --db path" "$REFUGE" --db "$WORK/none/$EVIL/c.db" check
defused "a missing --config path" "$REFUGE" --config "$WORK/$EVIL.ini" config
defused "a missing tour file" "$REFUGE" tour --print "$WORK/$EVIL.ini"
defused "a missing import file" r import "$WORK/$EVIL.jsonl"
printf '{"id":"x"}\n' >"$WORK/$EVIL.jsonl"
defused "a file name in FILE:LINE" r import "$WORK/$EVIL.jsonl"
: >"$WORK/plain"
defused "the data directory from the environment" env XDG_DATA_HOME="$WORK/plain/$EVIL" "$REFUGE" check
printf '[ui]\n%s = 1\n[%s]\nx = 1\n[keys]\ndown = %s\n%s = j\n[colors]\nstatus = %s\n%s = red\n' \
    "$EVIL" "$EVIL" "$EVIL" "$EVIL" "$EVIL" "$EVIL" >"$WORK/evil.ini"
for cmd in config keys; do
    "$REFUGE" --config "$WORK/evil.ini" $cmd >/dev/null 2>"$WORK/diag.err"
    ! raw_in "$WORK/diag.err" && [ "$(grep -c "␛" "$WORK/diag.err")" -ge 4 ]
    tap $? "refuge $cmd quotes config keys, sections, [keys] and [colors] defused"
done
"$REFUGE" --db "$WORK/$EVIL.db" check >"$WORK/diag.out" 2>&1
! raw_in "$WORK/diag.out"
tap $? "check shows the cache's path defused"

# ---- the explorer's e: the same writer, every page ---------------------------------
# Starts refuge with ARGS, zooms into the feed and exports it to FILE with e.
e_export() { # e_export FILE ARGS...
    file=$1
    shift
    start_refuge "$@"
    wait_for "Feed"
    send 2
    send z
    wait_for "post 1 of"
    send e
    wait_for "Export listed posts"
    send C-u
    send_text "$file"
    send Enter
}
if [ -n "$TMUX_BIN" ]; then
    e_export "$WORK/e-big.csv" -e REFUGE_NO_BUNDLE=1 --db "$DB"
    check "e writes all $N posts" wait_for "wrote $N posts to" 20
    end_session
    r feed --limit 0 --format csv >"$WORK/feed-big.csv"
    cmp -s "$WORK/e-big.csv" "$WORK/feed-big.csv"
    tap $? "e writes the bytes feed --format csv writes"
    [ "$(head -n1 "$WORK/e-big.csv")" = "$(head -n1 "$WORK/big.out.csv")" ] &&
        [ "$(sed 1d "$WORK/e-big.csv" | sort | md5sum)" = "$(sed 1d "$WORK/big.out.csv" | sort | md5sum)" ]
    tap $? "and the rows refuge export writes, in the feed's order"

    # The bundled dataset: offsets, provenance, tags, source and note kept.
    e_export "$WORK/e-bundle.csv" --db "$WORK/bundle.db"
    check "e writes the bundled posts" wait_for "wrote 436 posts to" 20
    end_session
    grep -q '"2025-01-1[0-9]T[0-9:]*+08:00"' "$WORK/e-bundle.csv"
    tap $? "e keeps each post's UTC offset"
    REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$WORK/e-back.db" import "$WORK/e-bundle.csv" >/dev/null &&
        [ "$(REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$WORK/e-back.db" feed --limit 0 --provenance illustrative --format jsonl | wc -l)" -eq \
            "$("$REFUGE" --db "$WORK/bundle.db" feed --limit 0 --provenance illustrative --format jsonl | wc -l)" ]
    tap $? "re-importing e's file keeps illustrative posts illustrative"
    REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$WORK/e-back.db" feed --limit 0 --format csv >"$WORK/e-back.csv"
    # (Posts at the same second may trade places: the order of import breaks ties.)
    [ "$(sort "$WORK/e-bundle.csv" | md5sum)" = "$(sort "$WORK/e-back.csv" | md5sum)" ]
    tap $? "and gives back the same rows, byte for byte"

    # e asks before replacing a file, never writes through a symbolic link,
    # and expands ~.
    e_prompt() { # e_prompt FILE: types FILE at e's prompt
        send e
        wait_for "Export listed posts"
        send C-u
        send_text "$1"
        send Enter
    }
    echo "keep me" >"$WORK/existing.csv"
    echo "another user's file" >"$WORK/victim"
    ln -s "$WORK/victim" "$WORK/planted.csv"
    ln -s "$WORK/nowhere" "$WORK/dangling.csv"
    start_refuge -e REFUGE_NO_BUNDLE=1 --db "$WORK/rt.db"
    wait_for "Feed"
    send 2
    send z
    wait_for "post 1 of"
    e_prompt "$WORK/existing.csv"
    check "e asks before replacing an existing file" wait_for "existing.csv exists. Replace it? (y/N)"
    send n Enter
    check "and no keeps it" wait_for "not written"
    [ "$(cat "$WORK/existing.csv")" = "keep me" ]
    tap $? "unchanged"
    e_prompt "$WORK/existing.csv"
    wait_for "Replace it?"
    send y Enter
    check "yes replaces it" wait_for "wrote 8 posts to"
    head -n1 "$WORK/existing.csv" | grep -q "^id,platform,author" && [ "$(ls "$WORK" | grep -c refuge-)" -eq 0 ]
    tap $? "with the export, and no temporary file is left"
    e_prompt "$WORK/planted.csv"
    check "a symbolic link at the name is refused" wait_for "planted.csv is a symbolic link"
    [ "$(cat "$WORK/victim")" = "another user's file" ] && [ -L "$WORK/planted.csv" ]
    tap $? "and the file it points to is untouched"
    e_prompt "$WORK/dangling.csv"
    check "so is a link to nowhere" wait_for "dangling.csv is a symbolic link"
    [ ! -e "$WORK/nowhere" ]
    tap $? "which creates nothing"
    e_prompt "$WORK"
    check "a directory is refused" wait_for "is a directory"
    e_prompt "~/from-e.csv"
    check "~ is the home directory" wait_for "wrote 8 posts to $HOME/from-e.csv"
    [ -f "$HOME/from-e.csv" ]
    tap $? "where the file is"
    end_session
fi

finish
