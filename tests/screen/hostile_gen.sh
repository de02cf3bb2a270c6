#!/bin/sh
# hostile_gen.sh DIR — writes the hostile data suite into DIR:
#
#   good.jsonl    posts, an event and figures that import, full of escape
#                 sequences of every family, bidi controls, zero-width and
#                 combining floods, a 1 MB post and a post with 10,000 tags
#   good.csv      posts whose text holds the raw bytes JSON must escape
#   bad.jsonl     one bad record per line: invalid UTF-8, NUL, numbers that
#                 overflow, dates out of range (each is FILE:LINE)
#   bad.csv       the same for CSV: raw C1 bytes, a NUL, an overflow
#   inject.sql    what a hostile cache can hold that the importer refuses:
#                 raw escapes, C1 bytes, invalid UTF-8, NUL, blobs, numbers
#                 at the limits of 64 bits, times far outside 1970-2100
#
# Every post carries a marker word (CSI-POST, OSC-POST, ...) to find it by.
# Byte-exact: octal escapes through printf, repetition through awk in the
# C locale.
set -e
D=$1
mkdir -p "$D"
export LC_ALL=C

# rep N STRING: STRING N times.
rep() { awk -v n="$1" -v s="$2" 'BEGIN { for (i = 0; i < n; i++) printf "%s", s }'; }

# Each line: a post with its text and translation the same hostile string.
post() { # post ID MARKER AUTHOR TEXT [EXTRA-FIELDS]
    printf '{"id":"%s","platform":"x","author":"%s","lang":"en","time":"2025-01-%s","text":"%s %s END","translation":"%s %s","translation_kind":"machine"%s}\n' \
        "$1" "$3" "$6" "$2" "$4" "$2-TR" "$4" "$5"
}

E='\u001b'
{
    # Screen clear, home, cursor moves, save/restore, hide the cursor, leave
    # the alternate screen, mouse on, full reset, colours.
    post h-csi CSI-POST "${E}[2J${E}[Hmallory" \
        "${E}[2J${E}[H${E}[10;20Hmoved ${E}[5A${E}[3Cup ${E}7${E}8 ${E}[?25l hidden ${E}[?1049l ${E}[?1000h ${E}c ${E}[31mred${E}[0m" \
        ",\"tags\":[\"${E}[2Jtagclear\",\"plain\"],\"url\":\"https://e.test/${E}[2J\"" 20T10:00:00Z
    # Window title (OSC 0, OSC 2 ended by ST), clipboard (OSC 52), hyperlink.
    post h-osc OSC-POST "${E}]0;PWNED-AUTHOR\\u0007eve" \
        "${E}]0;PWNED\\u0007 ${E}]2;PWNED2${E}\\\\ ${E}]52;c;cHduZWQ=\\u0007 ${E}]8;;http://evil.test${E}\\\\link${E}]8;;${E}\\\\" \
        ",\"tags\":[\"${E}]0;PWNED-TAG\\u0007\"],\"url\":\"${E}]52;c;cHduZWQ=\\u0007https://e.test/osc\"" 20T11:00:00Z
    # DCS (including tmux's passthrough, which would retitle the pane), APC,
    # PM, SOS, and an OSC 52 with a long payload.
    post h-dcs DCS-POST "dcs${E}P1\$r${E}\\\\" \
        "${E}Ptmux;${E}${E}]2;PWNED-DCS\\u0007${E}\\\\ ${E}P\$q\\\"p${E}\\\\ ${E}_apc${E}\\\\ ${E}^pm${E}\\\\ ${E}Xsos${E}\\\\ ${E}]52;c;$(rep 200 QUFB)\\u0007" \
        "" 20T12:00:00Z
    # 8-bit C1 controls written as UTF-8: CSI, OSC ... ST, DCS, NEL.
    post h-c1 C1-POST "\\u009d0;PWNED-C1A\\u009cc1" \
        "\\u009b2J \\u009d0;PWNED-C1\\u009c \\u0090dcs\\u009c \\u0085nel \\u009b?25l" \
        ",\"tags\":[\"\\u009b2Jc1tag\"]" 20T13:00:00Z
    # Bidi overrides and isolates.
    post h-bidi BIDI-POST "\\u202eecilA" \
        "\\u202eevil\\u202c \\u2066iso\\u2069 \\u2067r\\u2069 \\u2068f\\u2069 \\u202a\\u202b\\u202d" \
        ",\"tags\":[\"\\u202egat\"],\"url\":\"https://e.test/\\u202etxt.exe\"" 20T14:00:00Z
    # 10,000 combining marks on one letter.
    post h-comb COMB-POST "comb$(rep 10000 '\\u0301')" "a$(rep 10000 '\\u0301') tail" "" 20T15:00:00Z
    # 10,000 zero-width joiners, then 10,000 zero-width spaces.
    post h-zw ZW-POST "zw$(rep 10000 '\\u200d')" \
        "x$(rep 10000 '\\u200d') y$(rep 10000 '\\u200b') z" "" 20T16:00:00Z
    # A post of 1 MB (one paragraph), and one with 10,000 tags.
    awk 'BEGIN {
        printf "{\"id\":\"h-big\",\"platform\":\"x\",\"author\":\"big\",\"lang\":\"en\","
        printf "\"time\":\"2025-01-20T17:00:00Z\",\"text\":\"BIG-POST "
        for (i = 0; i < 131072; i++) printf "w%06d ", i
        printf "BIG-END\",\"translation\":\"BIG-POST-TR\"}\n"
        printf "{\"id\":\"h-tags\",\"platform\":\"x\",\"author\":\"tagger\",\"lang\":\"en\","
        printf "\"time\":\"2025-01-20T18:00:00Z\",\"text\":\"TAGS-POST many tags\",\"tags\":["
        for (i = 1; i <= 10000; i++) printf "%s\"t%05d\"", (i > 1 ? "," : ""), i
        printf "]}\n"
    }'
    # Dates at the edges the importer accepts: a leap second, both ends.
    printf '{"id":"h-leap","platform":"x","lang":"en","time":"2016-12-31T23:59:60Z","text":"LEAP-POST"}\n'
    printf '{"id":"h-min","platform":"x","lang":"en","time":"1970-01-01T00:00:00Z","text":"MIN-POST"}\n'
    printf '{"id":"h-max","platform":"x","lang":"en","time":"2100-12-31T23:59:59Z","text":"MAX-POST","likes":9000000000000000,"comments":"9亿","shares":"10+"}\n'
    # An event and figures with hostile text; figures at the ends of double.
    printf '{"id":"ev-hostile","date":"2025-01-20","kind":"report","title_en":"EVT-HOSTILE %s]0;PWNED-EV\\u0007 %s[2J \\u202eevil","title_zh":"事件%s[H","summary_en":"EVT-SUMMARY %s]52;c;cHduZWQ=\\u0007 \\u009b2J","summary_zh":"摘要","confidence":"low","importance":3,"sources":[{"publisher":"%s]0;PWNED-SRC\\u0007Pub","url":"https://e.test/%s[2J"}]}\n' \
        "$E" "$E" "$E" "$E" "$E" "$E"
    printf '{"id":"fig-huge","series":"hostile:huge","label_en":"FIG-HUGE %s]0;PWNED-FIG\\u0007","label_zh":"巨大","value":1e308,"unit":"notes","as_of":"2025-01-20","confidence":"low","sources":[{"publisher":"P"}]}\n' "$E"
    printf '{"id":"fig-neg","series":"hostile:huge","label_en":"FIG-NEG","label_zh":"负","value":-1e308,"unit":"notes","as_of":"2025-01-21","confidence":"low","sources":[{"publisher":"P"}]}\n'
} >"$D/good.jsonl"

# CSV carries raw control bytes: ESC sequences, BEL, CR, tab, C1 as UTF-8.
{
    printf 'id,platform,author,lang,time,text,translation,likes,tags,url\n'
    printf 'c-esc,x,"\033]0;PWNED-CSV\007csv",en,2025-01-19T10:00:00Z,"CSV-POST \033[2J\033[H raw \033]52;c;cHduZWQ=\007 bel\007 cr\rlf\r\nnext \302\233?25l \342\200\256rlo",tr,12,"\033[2Jt1,t2",https://e.test/\033[H\n'
} >"$D/good.csv"

# One bad record a line, in a known order (the test names the lines).
{
    printf '{"id":"b1","platform":"x","lang":"en","time":"2025-01-20T10:00:00Z","text":"raw C1 \233 byte"}\n'
    printf '{"id":"b2","platform":"x","lang":"en","time":"2025-01-20T10:00:00Z","text":"bad \377\376 bytes"}\n'
    printf '{"id":"b3","platform":"x","lang":"en","time":"2025-01-20T10:00:00Z","text":"nul \\u0000 here"}\n'
    printf '{"id":"b4","platform":"x","lang":"en","time":"2025-01-20T10:00:00Z","text":"raw esc \033[2J in json"}\n'
    printf '{"id":"b5","platform":"x","lang":"en","time":"2025-01-20T10:00:00Z","text":"t","likes":1e400}\n'
    printf '{"id":"b6","platform":"x","lang":"en","time":"2025-01-20T10:00:00Z","text":"t","likes":99999999999999999999}\n'
    printf '{"id":"b7","platform":"x","lang":"en","time":"2025-01-20T10:00:00Z","text":"t","likes":-1}\n'
    printf '{"id":"b8","platform":"x","lang":"en","time":"9999-99-99","text":"t"}\n'
    printf '{"id":"b9","platform":"x","lang":"en","time":"10000-01-01T00:00:00Z","text":"t"}\n'
    printf '{"id":"b10","platform":"x","lang":"en","time":"1800-01-01T00:00:00Z","text":"t"}\n'
    printf '{"id":"b11","platform":"x","lang":"en","time":"2025-02-29T00:00:00Z","text":"t"}\n'
    printf '{"id":"b12","platform":"x","lang":"en","time":"2025-01-01T24:00:00Z","text":"t"}\n'
    printf '{"id":"b13","platform":"x","lang":"en","time":"99999999999999999999","text":"t"}\n'
    printf '{"id":"b14","platform":"x","author":"over\300\257long","lang":"en","time":"2025-01-20T10:00:00Z","text":"t"}\n'
    printf '{"id":"b15","platform":"x","lang":"en","time":"2025-01-20T10:00:00Z","text":"t","tags":["nul\\u0000tag"]}\n'
    printf '{"id":"b16","platform":"x","lang":"en","time":"2025-01-20T10:00:00Z","text":"lone \\ud800 surrogate"}\n'
    printf '{"id":"b17","platform":"x","lang":"en","time":"2025-01-20T10:00:00Z","text":"t","comments":"1e400"}\n'
    printf '{"id":"b18","platform":"x","lang":"en","time":-1,"text":"t"}\n'
    printf '{"id":"ev-b","date":"9999-99-99","kind":"report","title_en":"t","title_zh":"t","summary_en":"s","summary_zh":"s","confidence":"low","importance":1}\n'
    printf '{"id":"ev-c","date":"2025-01-20","kind":"report","title_en":"t","title_zh":"t","summary_en":"s","summary_zh":"s","confidence":"low","importance":99999999999999999999}\n'
    printf '{"id":"fig-b","series":"s","label_en":"l","label_zh":"l","value":1e400,"unit":"u","as_of":"2025-01-20","confidence":"low","sources":[{"publisher":"P"}]}\n'
    printf '{"id":"fig-c","series":"s","label_en":"l","label_zh":"l","value":"nan","unit":"u","as_of":"2025-01-20","confidence":"low","sources":[{"publisher":"P"}]}\n'
    printf '{"id":"fig-d","series":"s","label_en":"l","label_zh":"l","value":"-inf","unit":"u","as_of":"2025-01-20","confidence":"low","sources":[{"publisher":"P"}]}\n'
} >"$D/bad.jsonl"

{
    printf 'id,platform,lang,time,text,likes\n'
    printf 'bc1,x,en,2025-01-20T10:00:00Z,raw C1 \233[2J,1\n'
    printf 'bc2,x,en,2025-01-20T10:00:00Z,"nul \000 byte",1\n'
    printf 'bc3,x,en,2025-01-20T10:00:00Z,t,99999999999999999999\n'
    printf 'bc4,x,en,2025-01-20T10:00:00Z,t,1e400\n'
} >"$D/bad.csv"

# Rewrites imported posts the way a damaged or hostile cache might hold them.
X="1b5b324a1b5b481b5d303b50574e45442d524157071b5d35323b633b634864755a57513d07"
cat >"$D/inject.sql" <<SQL
INSERT INTO posts(platform, ext_id, author, lang, ts_utc, text, translation, translation_kind,
    likes, comments, collects, shares, tags, url, provenance)
VALUES
('x', 'r-bytes', CAST(X'${X}6175' AS TEXT), 'en', 1737460800,
    CAST(X'5241572d504f5354209b324a9d303b50574e45442d43310720fffec0af07087f0d${X}004146544552' AS TEXT),
    CAST(X'${X}9b3f32356c' AS TEXT), 'machine', 1, 2, 3, 4, CAST(X'5b22${X}225d' AS TEXT),
    CAST(X'${X}' AS TEXT), 'imported'),
('x', 'r-blob', X'${X}', 'en', 1737464400, X'424c4f422d504f5354${X}', X'${X}', 'machine',
    0, 0, 0, 0, '[1, null, {"a":"b"}, "ok"]', X'${X}', 'imported'),
('y', 'r-nums', 'nums', 'en', 1737468000, 'NUMS-POST', NULL, 'none',
    9223372036854775807, -9223372036854775808, 9223372036854775807, -1, 'not json', NULL, 'imported'),
('z', 'r-nums2', 'nums', 'zh', 1737468001, 'NUMS2-POST', NULL, 'none',
    9223372036854775807, 9223372036854775807, 1e300, 'many', '[', NULL, 'imported'),
('x', 'r-future', 'time', 'en', 9223372036854775807, 'FUTURE-POST', NULL, 'none', 0, 0, 0, 0, '[]', NULL, 'imported'),
('x', 'r-past', 'time', 'en', -9223372036854775808, 'PAST-POST', NULL, 'none', 0, 0, 0, 0, '[]', NULL, 'imported'),
('x', 'r-1800', 'time', 'en', -5364662400, 'Y1800-POST', NULL, 'none', 0, 0, 0, 0, '[]', NULL, 'imported'),
('x', 'r-10000', 'time', 'en', 253402300800, 'Y10000-POST', NULL, 'none', 0, 0, 0, 0, '[]', NULL, 'imported'),
('x', 'r-odd', 'odd', 'xx', 1737471600, 'ODD-POST', '', 'weird', 0, 0, 0, 0, '[]', '', 'weird');
UPDATE posts SET utc_offset = 2147483647 WHERE ext_id = 'r-nums';
UPDATE posts SET utc_offset = -9223372036854775808 WHERE ext_id = 'r-nums2';
INSERT INTO post_tags SELECT CAST(X'${X}' AS TEXT), id FROM posts WHERE ext_id = 'r-bytes';
INSERT INTO events(id, ts_utc, date, kind, title_en, title_zh, summary_en, summary_zh,
    confidence, importance)
VALUES
('ev-raw', 1737460800, CAST(X'${X}' AS TEXT), 'report', CAST(X'4556542d524157${X}9b324a' AS TEXT),
    CAST(X'${X}' AS TEXT), CAST(X'${X}' AS TEXT), 'zh', 'low', 9223372036854775807),
('ev-far', 9223372036854775807, '9999-99-99', 'no-such-kind', 'EVT-FAR', 'far', 's', 's', 'odd', -5),
('ev-past', -9223372036854775808, '0000-00-00', 'report', 'EVT-PAST', 'past', 's', 's', 'low', 0);
INSERT INTO figures(id, series, label_en, label_zh, value, unit, as_of, ts_utc, confidence)
VALUES
('fig-inf', 'hostile:inf', CAST(X'4649472d494e46${X}' AS TEXT), 'inf', 9e999, 'u', '2025-01-20', 1737460800, 'low'),
('fig-ninf', 'hostile:inf', 'FIG-NINF', 'ninf', -9e999, 'u', '9999-99-99', 9223372036854775807, 'low');
-- A crafted cache is consistent: its index and counts match its rows.
INSERT INTO posts_fts(posts_fts) VALUES('rebuild');
UPDATE meta SET value = (SELECT max(id) FROM posts) WHERE key = 'index_posts';
DELETE FROM daily;
INSERT INTO daily SELECT ts_utc / 86400, platform, lang, count(*), sum(likes) FROM posts GROUP BY 1, 2, 3;
-- day_quarters is packed by refuge's own SQL functions: a shell counts the
-- posts as deletions taken back (negative), which readers add.
DELETE FROM day_quarters;
DELETE FROM quarters_gone;
INSERT INTO quarters_gone SELECT ts_utc / 900, platform, lang, -count(*), -sum(likes) FROM posts GROUP BY 1, 2, 3;
DELETE FROM tag_counts;
INSERT INTO tag_counts SELECT tag, count(*) FROM post_tags GROUP BY tag;
SQL
