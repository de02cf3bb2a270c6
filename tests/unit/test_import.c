/* Unit tests for src/import.c: every format, good and bad (one bad record
 * of each kind, with its FILE:LINE message), idempotent re-import, rollback
 * leaving the cache byte-for-byte as it was, --skip-bad, MediaCrawler
 * exports, events and figures, and the small parsers. */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "db.h"
#include "import.h"
#include "model.h"
#include "cache_sql.h"
#include "tap.h"

static char tmpdir[] = "/tmp/refuge-test-import-XXXXXX";
static char data_dir[2048];

static const char *write_file(const char *name, const char *text)
{
    static char path[8][512];
    static int next;
    char *p = path[next++ % 8];
    FILE *fp;

    snprintf(p, sizeof path[0], "%s/%s", tmpdir, name);
    if ((fp = fopen(p, "w"))) {
        fputs(text, fp);
        fclose(fp);
    }
    return p;
}

static const char *fixture(const char *name)
{
    static char path[4][4096];
    static int next;
    char *p = path[next++ % 4];

    snprintf(p, sizeof path[0], "%s/%s", data_dir, name);
    return p;
}

/* The bad-record reports of the last import, one per line. */
static char reports[8192];

static void collect(void *data, const char *message)
{
    (void)data;
    snprintf(reports + strlen(reports), sizeof reports - strlen(reports), "%s\n", message);
}

/* Imports files (NULL-terminated) and returns import_run's status. */
static int import_files(struct db *db, bool skip_bad, struct import_result *res,
                        struct rf_error *err, ...)
{
    struct import_input in[8];
    struct import_options opts = {.skip_bad = skip_bad, .report = collect};
    size_t n = 0;
    va_list ap;
    const char *path;
    int rc;

    reports[0] = '\0';
    rf_error_clear(err);
    va_start(ap, err);
    while ((path = va_arg(ap, const char *)) && n < 8) {
        in[n].name = path;
        in[n].fp = fopen(path, "rb");
        if (!in[n].fp) {
            va_end(ap);
            return -2;
        }
        n++;
    }
    va_end(ap);
    rc = import_run(db, in, n, &opts, res, err);
    for (size_t i = 0; i < n; i++)
        fclose(in[i].fp);
    return rc;
}

static char *text_of(struct db *db, const char *sql)
{
    sqlite3_stmt *st;
    char *s = NULL;

    if (sqlite3_prepare_v2(db_sql(db), sql, -1, &st, NULL) != SQLITE_OK)
        return NULL;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        s = strdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return s;
}

/* A digest of every table import writes, to prove a failed import changed
 * nothing. */
static char *checksum(struct db *db)
{
    return text_of(
        db,
        "SELECT coalesce((SELECT group_concat(x, '|') FROM (SELECT id || platform || ext_id"
        " || ts_utc || text || coalesce(translation, '') || likes || tags"
        " || coalesce(note, '') AS x FROM posts ORDER BY id)), '')"
        " || '#' || coalesce((SELECT group_concat(tag || post_id) FROM post_tags), '')"
        " || '#' || coalesce((SELECT group_concat(day || platform || lang || posts || likes)"
        " FROM daily), '')"
        " || '#' || coalesce((SELECT group_concat(tag || posts) FROM tag_counts), '')"
        " || '#' || (SELECT count(*) FROM posts_fts_docsize)"
        " || '#' || coalesce((SELECT group_concat(id || ts_utc || title_en) FROM events), '')"
        " || '#' || coalesce((SELECT group_concat(id || value) FROM figures), '')"
        " || '#' || (SELECT count(*) FROM sources)"
        " || '#' || (SELECT count(*) FROM event_sources)");
}

static struct db *fresh(void)
{
    struct db *db = NULL;
    struct rf_error err = {{0}};

    if (db_open_memory(&db, &err) != 0)
        tap_diag("db_open_memory: %s", err.msg);
    return db;
}

static void test_parsers(void)
{
    int64_t n;

    ok(import_parse_count("1.2万", &n, NULL) == 0 && n == 12000, "1.2万 is 12000");
    ok(import_parse_count("10+", &n, NULL) == 0 && n == 10, "10+ counts as 10");
    ok(import_parse_count("1千", &n, NULL) == 0 && n == 1000, "1千 is 1000");
    ok(import_parse_count("3.5w", &n, NULL) == 0 && n == 35000, "3.5w is 35000");
    ok(import_parse_count("1.5亿", &n, NULL) == 0 && n == 150000000, "1.5亿 is 150000000");
    ok(import_parse_count("12,345", &n, NULL) == 0 && n == 12345, "thousands separators");
    ok(import_parse_count("many", &n, NULL) == -1, "a word is not a count");
    ok(import_parse_count("-3", &n, NULL) == -1, "a negative number is not a count");
    ok(import_parse_count("900000000000万", &n, NULL) == 0 && n == 9000000000000000LL,
       "a scaled count at the limit is taken");
    is_int(import_parse_count("100000000000亿", &n, NULL), -2, "100000000000亿 is out of range");
    is_int(import_parse_count("99999999999999万", &n, NULL), -2,
           "99999999999999万 is out of range (the limit applies after scaling)");
    is_int(import_parse_count("9000000000000001", &n, NULL), -2, "one above the limit is out of range");

    is_str(import_detect_lang("猫税", strlen("猫税")), "zh", "Han text is zh");
    is_str(import_detect_lang("cat tax", 7), "en", "Latin text is en");
    is_str(import_detect_lang("第一次来小红书！Hello from Ohio.",
                              strlen("第一次来小红书！Hello from Ohio.")),
           "zh", "mostly Han with some English is zh");
    is_str(import_detect_lang("Just learned 你好 today, so proud",
                              strlen("Just learned 你好 today, so proud")),
           "en", "English with two Han characters is en");
    is_int(import_format_from_name("csv"), IMPORT_CSV, "format names");
    is_int(import_format_from_name("xml"), -1, "unknown format name");
}

static void test_good_files(void)
{
    struct db *db = fresh();
    struct import_result res;
    struct rf_error err = {{0}};
    char *s;

    ok(import_files(db, false, &res, &err, fixture("posts.jsonl"), NULL) == 0,
       "a good JSON Lines file imports");
    is_int(res.posts, 5, "five posts from JSON Lines (a blank line is skipped)");
    is_int(res.bad, 0, "no bad records");
    s = text_of(db, "SELECT lang || ' ' || ts_utc || ' ' || utc_offset || ' ' || tags"
                    " FROM posts WHERE ext_id = 't-001'");
    is_str(s, "zh 1736859900 480 [\"猫税\",\"tiktokrefugee\"]",
           "time, offset and tags (Latin tags lower-cased) are stored");
    free(s);
    s = text_of(db, "SELECT lang || ' ' || tags FROM posts WHERE ext_id = 't-002'");
    is_str(s, "en [\"tiktokban\",\"xiaohongshu\"]",
           "lang is detected; a comma-separated tag string is split");
    free(s);
    s = text_of(db, "SELECT platform || ' ' || region || ' ' || tags || ' ' ||"
                    " translation_kind FROM posts WHERE ext_id = '3'");
    is_str(s, "x US [\"scotus\",\"tiktokban\"] machine",
           "numeric id, platform and region case, '#' tags, machine by default");
    free(s);
    s = text_of(db, "SELECT likes || ' ' || ts_utc || ' ' || (utc_offset IS NULL)"
                    " FROM posts WHERE ext_id = 't-004'");
    is_str(s, "12000 1736899200 1", "a count like 1.2万, Unix milliseconds without an offset");
    free(s);

    ok(import_files(db, false, &res, &err, fixture("posts.csv"), NULL) == 0,
       "a good CSV file (BOM, CRLF, quotes, a field over two lines) imports");
    is_int(res.posts, 3, "three posts from CSV");
    s = text_of(db, "SELECT author || '|' || text FROM posts WHERE ext_id = 'c-002'");
    is_str(s, "Doe, Jane|A post with \"quotes\",\r\na comma and two lines",
           "quoted commas, doubled quotes and line breaks are kept as given");
    free(s);
    s = text_of(db, "SELECT lang || ' ' || (translation IS NULL) || ' ' || tags"
                    " FROM posts WHERE ext_id = 'c-003'");
    is_str(s, "en 1 []", "empty CSV cells are absent");
    free(s);

    ok(import_files(db, false, &res, &err, fixture("events.jsonl"), fixture("figures.jsonl"),
                    NULL) == 0,
       "events and figures import");
    is_int(res.events, 3, "three events");
    is_int(res.figures, 3, "three figures");
    is_int(sql_int(db, "SELECT ts_utc FROM events WHERE id = 'ev-dark'"), 1737257400,
           "an event's local time and offset give its UTC time");
    is_int(sql_int(db, "SELECT ts_utc FROM events WHERE id = 'ev-law'"), 1713960000,
           "a date-only event sits at 12:00 UTC");
    is_int(sql_int(db, "SELECT ts_utc FROM events WHERE id = 'ev-month'"), 1738411200,
           "a month-only event sits on the first at 12:00 UTC");
    is_int(sql_int(db, "SELECT count(*) FROM event_sources WHERE event_rid ="
                     " (SELECT rid FROM events WHERE id = 'ev-dark')"),
           2, "an event keeps its sources");
    is_int(sql_int(db, "SELECT count(*) FROM sources"), 6, "identical sources are stored once");
    is_int(sql_int(db, "SELECT ts_utc FROM figures WHERE id = 'fig-notes'"), 1736832600,
           "a figure's as_of with an offset");
    db_close(db);
}

static void test_idempotent(void)
{
    struct db *db = fresh();
    struct import_result res;
    struct rf_error err = {{0}};
    char *before, *after;

    import_files(db, false, &res, &err, fixture("posts.jsonl"), fixture("posts.csv"),
                 fixture("events.jsonl"), fixture("figures.jsonl"), NULL);
    before = checksum(db);
    ok(import_files(db, false, &res, &err, fixture("posts.jsonl"), fixture("posts.csv"),
                    fixture("events.jsonl"), fixture("figures.jsonl"), NULL) == 0,
       "importing the same files again succeeds");
    is_int(res.posts, 0, "no post is written again");
    is_int(res.unchanged, 14, "every post, event and figure is reported unchanged");
    is_int(res.events + res.figures, 0, "no event or figure is written again");
    after = checksum(db);
    ok(before && after && strcmp(before, after) == 0, "the cache is exactly as before");
    free(before);
    free(after);

    /* An upsert that moves a post to another day and language keeps the
     * per-day table and the index right. */
    ok(import_files(db, false, &res, &err,
                    write_file("move.jsonl",
                               "{\"id\":\"t-002\",\"platform\":\"tiktok\",\"lang\":\"zh\","
                               "\"time\":\"2025-02-01T00:00:00Z\",\"text\":\"换成中文了\","
                               "\"tags\":[\"moved\"]}\n"),
                    NULL) == 0 &&
           res.posts == 1,
       "a changed post is updated in place");
    is_int(sql_int(db, "SELECT count(*) FROM posts WHERE ext_id = 't-002'"), 1, "still one row");
    is_int(sql_int(db, "SELECT sum(posts) FROM daily WHERE day = 20120"), 1,
           "the per-day table counts it on its new day");
    is_int(sql_int(db, "SELECT coalesce(sum(posts), 0) FROM daily WHERE day = 20102 AND"
                     " platform = 'tiktok'"),
           0, "and no longer on its old day");
    is_int(sql_int(db, "SELECT (SELECT count(*) FROM posts) - (SELECT sum(posts) FROM daily)"), 0,
           "the per-day table matches the posts");
    is_int(sql_int(db, "SELECT count(*) FROM tag_counts WHERE tag = 'tiktokban'"), 1,
           "tag counts follow the changed tags");
    /* The index keeps no positions: it is asked for a word's trigrams. */
    is_int(sql_int(db, "SELECT count(*) FROM posts_fts WHERE posts_fts MATCH"
                       " '\"换成中\" AND \"成中文\"'"),
           1, "the new text is searchable");
    is_int(sql_int(db, "SELECT count(*) FROM posts_fts WHERE posts_fts MATCH"
                       " '\"sou\" AND \"our\" AND \"urd\" AND \"rdo\" AND \"dou\" AND \"oug\""
                       " AND \"ugh\"'"),
           0, "the old text is not");
    ok(sqlite3_exec(db_sql(db),
                    "INSERT INTO posts_fts(posts_fts, rank) VALUES('integrity-check', 1)",
                    NULL, NULL, NULL) == SQLITE_OK,
       "the search index agrees with the posts");
    db_close(db);
}

/* One bad record of each kind: its message, and a rollback that leaves the
 * cache exactly as it was. */
static void test_bad_records(void)
{
    static const struct {
        const char *name, *text, *message;
    } cases[] = {
        {"missing-id.jsonl", "{\"platform\":\"x\",\"time\":\"2025-01-14\",\"text\":\"t\"}\n",
         "missing-id.jsonl:1: missing required field 'id'"},
        {"missing-text.jsonl",
         "{\"id\":\"a\",\"time\":\"2025-01-14\",\"text\":\"ok\"}\n"
         "{\"id\":\"b\",\"time\":\"2025-01-14\"}\n",
         "missing-text.jsonl:2: missing required field 'text'"},
        {"empty-text.jsonl", "{\"id\":\"a\",\"time\":\"2025-01-14\",\"text\":\"\"}\n",
         "empty-text.jsonl:1: text: must not be empty"},
        {"bad-time.jsonl", "{\"id\":\"a\",\"time\":\"2025-01-32\",\"text\":\"t\"}\n",
         "bad-time.jsonl:1: time: no such date 2025-01-32"},
        {"old-time.jsonl", "{\"id\":\"a\",\"time\":\"1969-12-31\",\"text\":\"t\"}\n",
         "old-time.jsonl:1: time: year 1969 is out of range (1970-2100)"},
        {"bad-lang.jsonl",
         "{\"id\":\"a\",\"time\":\"2025-01-14\",\"text\":\"t\",\"lang\":\"中文\"}\n",
         "bad-lang.jsonl:1: lang: expected a language code like zh, en or ja, got '中文'"},
        {"bad-json.jsonl", "\n{\"id\":\"a\",\"time\":\"2025-01-14\",\"text\":\"t\",\n",
         "bad-json.jsonl:2: bad JSON: malformed JSON"},
        {"not-object.jsonl", "[1, 2]\n", "not-object.jsonl:1: expected a JSON object"},
        {"wrong-type.jsonl", "{\"id\":\"a\",\"time\":\"2025-01-14\",\"text\":[\"t\"]}\n",
         "wrong-type.jsonl:1: text: expected a string"},
        {"wrong-count.jsonl",
         "{\"id\":\"a\",\"time\":\"2025-01-14\",\"text\":\"t\",\"likes\":1.5}\n",
         "wrong-count.jsonl:1: likes: expected a whole number"},
        {"big-yi.jsonl",
         "{\"id\":\"a\",\"time\":\"2025-01-14\",\"text\":\"t\",\"likes\":\"100000000000亿\"}\n",
         "big-yi.jsonl:1: likes: expected a count, got '100000000000亿', above the limit of "
         "9000000000000000"},
        {"big-wan.csv", "id,time,text,comments\na,2025-01-14,t,99999999999999万\n",
         "big-wan.csv:2: comments: expected a count, got '99999999999999万', above the limit "
         "of 9000000000000000"},
        {"unknown.jsonl", "{\"id\":\"a\",\"time\":\"2025-01-14\",\"text\":\"t\",\"mood\":1}\n",
         "unknown.jsonl:1: unknown field 'mood'"},
        {"dup.jsonl",
         "{\"id\":\"a\",\"platform\":\"x\",\"time\":\"2025-01-14\",\"text\":\"t\"}\n"
         "{\"id\":\"b\",\"platform\":\"x\",\"time\":\"2025-01-14\",\"text\":\"t\"}\n"
         "{\"id\":\"a\",\"platform\":\"x\",\"time\":\"2025-01-15\",\"text\":\"u\"}\n",
         "dup.jsonl:3: duplicate id 'a' in this file"},
        {"bad-utf8.jsonl", "{\"id\":\"a\",\"time\":\"2025-01-14\",\"text\":\"\xff\xfe\"}\n",
         "bad-utf8.jsonl:1: invalid UTF-8"},
        {"nul.jsonl", "{\"id\":\"a\",\"time\":\"2025-01-14\",\"text\":\"a\\u0000b\"}\n",
         "nul.jsonl:1: a string contains a NUL character (\\u0000)"},
        /* The bytes of a CSV cell read as a JSON array, and what a JSON
         * escape decodes to (a lone surrogate), are checked too: export
         * would write them and import refuse its own file. */
        {"tags-utf8.csv", "id,time,text,tags\na,2025-01-14,t,\"[\"\"\xe4\xb8/\xaa\"\"]\"\n",
         "tags-utf8.csv:2: tags: invalid UTF-8 at byte 2"},
        {"tags-surrogate.jsonl",
         "{\"id\":\"a\",\"time\":\"2025-01-14\",\"text\":\"t\",\"tags\":[\"\\ud800\"]}\n",
         "tags-surrogate.jsonl:1: tags: expected an array of strings"},
        {"media-surrogate.jsonl",
         "{\"id\":\"a\",\"time\":\"2025-01-14\",\"text\":\"t\",\"media\":[\"x\\ud800\"]}\n",
         "media-surrogate.jsonl:1: media: expected an array of URLs (or {\"url\", \"kind\"} "
         "objects)"},
        {"twice.jsonl",
         "{\"id\":\"a\",\"time\":\"2025-01-14\",\"text\":\"t\",\"id\":\"b\"}\n",
         "twice.jsonl:1: field 'id' appears twice"},
        {"bad-region.jsonl",
         "{\"id\":\"a\",\"time\":\"2025-01-14\",\"text\":\"t\",\"region\":\"USA\"}\n",
         "bad-region.jsonl:1: region: expected a two-letter country code like US, got 'USA'"},
        {"bad-quote.csv", "id,time,text\na,2025-01-14,ok\nb,2025-01-14,say \"hi\"\n",
         "bad-quote.csv:3: bad CSV quoting: a quote inside an unquoted field, or text after "
         "a closing quote"},
        {"open-quote.csv", "id,time,text\na,2025-01-14,\"never\nclosed\n",
         "open-quote.csv:2: bad CSV quoting: a quoted field is not closed"},
        {"fields.csv", "id,time,text\na,2025-01-14,\"two\nlines\"\nb,2025-01-14,t,extra\n",
         "fields.csv:4: expected 3 fields as in the header, found 4"},
        {"header.csv", "id,time,text,colour\na,2025-01-14,t,red\n",
         "header.csv:1: header: unknown field 'colour'"},
        {"bad-kind.jsonl",
         "{\"id\":\"e\",\"date\":\"2025-01-18\",\"kind\":\"party\",\"title_en\":\"t\","
         "\"title_zh\":\"t\",\"summary_en\":\"s\",\"summary_zh\":\"s\",\"confidence\":\"high\","
         "\"importance\":1,\"sources\":[{\"publisher\":\"p\"}]}\n",
         "bad-kind.jsonl:1: kind: 'party' is not an event kind (see refuge(1))"},
        {"no-sources.jsonl",
         "{\"id\":\"e\",\"date\":\"2025-01-18\",\"kind\":\"ban\",\"title_en\":\"t\","
         "\"title_zh\":\"t\",\"summary_en\":\"s\",\"summary_zh\":\"s\",\"confidence\":\"high\","
         "\"importance\":1,\"sources\":[]}\n",
         "no-sources.jsonl:1: sources: at least one source is required"},
        {"no-publisher.jsonl",
         "{\"id\":\"f\",\"series\":\"s\",\"label_en\":\"l\",\"label_zh\":\"l\",\"value\":1,"
         "\"unit\":\"notes\",\"as_of\":\"2025-01-14\",\"confidence\":\"low\","
         "\"sources\":[{\"title\":\"no publisher\"}]}\n",
         "no-publisher.jsonl:1: sources: every source needs a publisher"},
        {"source-twice.jsonl",
         "{\"id\":\"e\",\"date\":\"2025-01-18\",\"kind\":\"ban\",\"title_en\":\"t\","
         "\"title_zh\":\"t\",\"summary_en\":\"s\",\"summary_zh\":\"s\",\"confidence\":\"high\","
         "\"importance\":1,\"sources\":[{\"publisher\":\"p\",\"publisher\":\"q\"}]}\n",
         "source-twice.jsonl:1: sources: field 'publisher' appears twice"},
        {"nan-value.jsonl",
         "{\"id\":\"f\",\"series\":\"s\",\"label_en\":\"l\",\"label_zh\":\"l\",\"value\":\"nan\","
         "\"unit\":\"notes\",\"as_of\":\"2025-01-14\",\"confidence\":\"low\","
         "\"sources\":[{\"publisher\":\"p\"}]}\n",
         "nan-value.jsonl:1: value: expected a number, got 'nan'"},
        {"inf-value.jsonl",
         "{\"id\":\"f\",\"series\":\"s\",\"label_en\":\"l\",\"label_zh\":\"l\",\"value\":\"-inf\","
         "\"unit\":\"notes\",\"as_of\":\"2025-01-14\",\"confidence\":\"low\","
         "\"sources\":[{\"publisher\":\"p\"}]}\n",
         "inf-value.jsonl:1: value: expected a number, got '-inf'"},
        {"event-time.jsonl",
         "{\"id\":\"e\",\"date\":\"2025-01-18\",\"time\":\"22:30\",\"kind\":\"ban\","
         "\"title_en\":\"t\",\"title_zh\":\"t\",\"summary_en\":\"s\",\"summary_zh\":\"s\","
         "\"confidence\":\"high\",\"importance\":1,\"sources\":[{\"publisher\":\"p\"}]}\n",
         "event-time.jsonl:1: utc_offset: required with a time of day"},
    };
    struct db *db;
    struct import_result res;
    struct rf_error err = {{0}};
    char path[1024], *before, *after;

    snprintf(path, sizeof path, "%s/rollback.db", tmpdir);
    if (db_open(path, &db, &err) != 0) {
        tap_diag("%s", err.msg);
        return;
    }
    import_files(db, false, &res, &err, fixture("posts.jsonl"), fixture("events.jsonl"), NULL);
    before = checksum(db);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *file = write_file(cases[i].name, cases[i].text);
        char want[1024];
        int rc = import_files(db, false, &res, &err, file, NULL);
        snprintf(want, sizeof want, "%s/%s", tmpdir, cases[i].message);
        ok(rc == -1, "%s is refused", cases[i].name);
        is_str(err.msg, want, "%s: the message names file, line and reason", cases[i].name);
        after = checksum(db);
        ok(before && after && strcmp(before, after) == 0, "%s: the cache is unchanged",
           cases[i].name);
        free(after);
    }
    /* The same bad file after a good one: nothing of the good one stays. */
    ok(import_files(db, false, &res, &err, fixture("posts.csv"), write_file("x.jsonl", "{}\n"),
                    NULL) == -1,
       "a bad second file fails the whole import");
    after = checksum(db);
    ok(before && after && strcmp(before, after) == 0,
       "and the good first file is rolled back with it");
    free(after);
    free(before);
    db_close(db);
}

/* Every tag of a post is kept, however many, in order and without
 * repeats (case folded), in posts.tags and post_tags alike. */
static void test_many_tags(void)
{
    struct db *db = fresh();
    struct import_result res;
    struct rf_error err = {{0}};
    size_t cap = 200000, len;
    char *text = malloc(cap), *first;
    const char *file;

    if (!text || !db) {
        free(text);
        db_close(db);
        return;
    }
    len = (size_t)snprintf(text, cap,
                           "{\"id\":\"t\",\"time\":\"2025-01-14\",\"text\":\"t\",\"tags\":[");
    for (int i = 0; i < 10000; i++)
        len += (size_t)snprintf(text + len, cap - len, "\"T%05d\",", i);
    snprintf(text + len, cap - len, "\"t00000\",\"\\u001b[2J\\\"x\"]}\n");
    file = write_file("tags.jsonl", text);
    ok(import_files(db, false, &res, &err, file, NULL) == 0 && res.posts == 1,
       "a post with 10,000 tags imports");
    is_int(sql_int(db, "SELECT count(*) FROM post_tags"), 10001, "every tag is in post_tags once");
    is_int(sql_int(db, "SELECT json_array_length(tags) FROM posts"), 10001,
           "and in posts.tags, which is valid JSON");
    first = text_of(db, "SELECT json_extract(tags, '$[0]') || ' ' || json_extract(tags, '$[9999]')"
                        " || ' ' || json_extract(tags, '$[10000]') FROM posts");
    is_str(first, "t00000 t09999 \x1b[2j\"x", "in order, lower case, escapes kept as text");
    free(first);
    free(text);
    db_close(db);
}

static void test_skip_bad(void)
{
    struct db *db = fresh();
    struct import_result res;
    struct rf_error err = {{0}};
    const char *file = write_file(
        "mixed.jsonl", "{\"id\":\"a\",\"time\":\"2025-01-14\",\"text\":\"one\"}\n"
                       "{\"id\":\"b\",\"time\":\"later\",\"text\":\"two\"}\n"
                       "{\"id\":\"c\",\"time\":\"2025-01-15\",\"text\":\"three\"}\n"
                       "not json\n");
    char want[2048];

    ok(import_files(db, true, &res, &err, file, NULL) == 0, "--skip-bad commits");
    is_int(res.posts, 2, "the good records are imported");
    is_int(res.bad, 2, "the bad ones are counted");
    snprintf(want, sizeof want,
             "%s/mixed.jsonl:2: time: expected a date YYYY-MM-DD\n"
             "%s/mixed.jsonl:4: bad JSON: malformed JSON\n",
             tmpdir, tmpdir);
    is_str(reports, want, "and each is reported");
    file = write_file("mixed.csv", "id,time,text\nd,2025-01-14,\"ok\"\ne,2025-01-14,a\"b\n"
                                   "f,2025-01-16,\"fine\"\n");
    ok(import_files(db, true, &res, &err, file, NULL) == 0 && res.posts == 2 && res.bad == 1,
       "--skip-bad goes on after bad CSV quoting");
    db_close(db);
}

static void test_mediacrawler(void)
{
    static const char *const files[] = {"mediacrawler.json", "mediacrawler.jsonl",
                                        "mediacrawler.csv"};
    for (size_t i = 0; i < 3; i++) {
        struct db *db = fresh();
        struct import_result res;
        struct rf_error err = {{0}};
        char *s;

        ok(import_files(db, false, &res, &err, fixture(files[i]), NULL) == 0,
           "MediaCrawler %s imports", files[i]);
        if (err.msg[0])
            tap_diag("%s", err.msg);
        is_int(res.posts, 2, "%s: two notes", files[i]);
        s = text_of(db, "SELECT platform || '|' || author || '|' || lang || '|' || region || '|'"
                        " || ts_utc || '|' || likes || '|' || collects || '|' || comments"
                        " || '|' || shares || '|' || tags || '|' || provenance"
                        " FROM posts WHERE ext_id = '65a1b2c3000000001e00a001'");
        is_str(s,
               "xiaohongshu|暖暖的小橘|zh|CN|1736856000|12000|10|1000|36|"
               "[\"猫税\",\"tiktok难民\"]|imported",
               "%s: counts like 1.2万 and 10+, milliseconds, tags and ip_location", files[i]);
        free(s);
        s = text_of(db, "SELECT text FROM posts WHERE ext_id = '65a1b2c3000000001e00a001'");
        is_str(s, "美国网友来交猫税了\n\n评论区全是猫猫照片，太治愈了 #猫税[话题]#",
               "%s: the title is the first paragraph", files[i]);
        free(s);
        s = text_of(db, "SELECT text || '|' || lang || '|' || region || '|' || comments || '|'"
                        " || collects || '|' || type || '|' || known || '|' || at_least"
                        " FROM posts WHERE ext_id = '65a1b2c3000000001e00a002'");
        is_str(s,
               "Hello from Texas, I'm new here and I don't read Chinese yet|en|US|100000|0|"
               "video|11|2",
               "%s: a title repeated at the start of desc is not doubled", files[i]);
        free(s);
        ok(import_files(db, false, &res, &err, fixture(files[i]), NULL) == 0 &&
               res.unchanged == 2 && res.posts == 0,
           "%s: importing it again changes nothing", files[i]);
        db_close(db);
    }
}

/* A raw NUL byte is not JSON: the line (or element) it is in is a bad
 * record, never cut short at it. */
static void test_raw_nul(void)
{
    static const char line[] = "{\"id\":\"a\",\"time\":\"2025-01-14\",\"text\":\"t\"}\0"
                               "{\"id\":\"b\",\"time\":\"2025-01-14\",\"text\":\"u\"}\n";
    static const char array[] = "[\n{\"id\":\"a\",\"time\":\"2025-01-14\",\"text\":\"t\0x\"}\n]\n";
    struct db *db = fresh();
    struct import_result res;
    struct rf_error err = {{0}};
    char path[1024], want[1100];
    FILE *fp;

    if (!db)
        return;
    snprintf(path, sizeof path, "%s/raw-nul.jsonl", tmpdir);
    if ((fp = fopen(path, "wb"))) {
        fwrite(line, 1, sizeof line - 1, fp);
        fclose(fp);
    }
    snprintf(want, sizeof want, "%s:1: a raw NUL byte, which JSON text never has", path);
    ok(import_files(db, false, &res, &err, path, NULL) == -1, "a raw NUL after a JSON value is refused");
    is_str(err.msg, want, "with its FILE:LINE");
    is_int(sql_int(db, "SELECT count(*) FROM posts"), 0, "nothing is imported");
    snprintf(path, sizeof path, "%s/raw-nul.json", tmpdir);
    if ((fp = fopen(path, "wb"))) {
        fwrite(array, 1, sizeof array - 1, fp);
        fclose(fp);
    }
    snprintf(want, sizeof want, "%s:2: a raw NUL byte, which JSON text never has", path);
    ok(import_files(db, false, &res, &err, path, NULL) == -1, "a raw NUL in an array element is refused");
    is_str(err.msg, want, "with its FILE:LINE");
    db_close(db);
}

/* An input that never ends: a prefix, then one byte forever (as
 * /dev/zero is NUL forever), or lines of 64 KiB of it when `lines`. */
struct endless {
    const char *prefix;
    size_t at;
    char fill;
    bool lines;
};

static ssize_t endless_read(void *cookie, char *buf, size_t size)
{
    struct endless *e = cookie;
    size_t plen = strlen(e->prefix);

    for (size_t n = 0; n < size; n++, e->at++)
        buf[n] = e->at < plen                                  ? e->prefix[e->at]
                 : e->lines && (e->at - plen) % 65536 == 65535 ? '\n'
                                                               : e->fill;
    return (ssize_t)size;
}

/* Imports an endless input; returns import_run's status. */
static int import_endless(struct db *db, enum import_format format, const char *prefix,
                          char fill, bool lines, struct rf_error *err)
{
    struct endless e = {.prefix = prefix, .fill = fill, .lines = lines};
    cookie_io_functions_t io = {.read = endless_read};
    struct import_options opts = {.format = format};
    struct import_result res;
    struct import_input in = {.name = "endless", .fp = fopencookie(&e, "r", io)};
    int rc;

    if (!in.fp)
        return -2;
    rc = import_run(db, &in, 1, &opts, &res, err);
    fclose(in.fp);
    return rc;
}

/* A line or record has a bounded size: an endless input is an error, not
 * a process growing until memory runs out. */
static void test_endless(void)
{
    struct db *db = fresh();
    struct rf_error err = {{0}};

    if (!db)
        return;
    ok(import_endless(db, IMPORT_AUTO, "{\"id\":\"", 'a', false, &err) == -1 &&
           strcmp(err.msg, "endless:1: a line longer than 16 MiB, the most refuge reads (is "
                           "this a data file?)") == 0,
       "an endless JSON line stops at 16 MiB (%s)", err.msg);
    ok(import_endless(db, IMPORT_JSON, "[\n{\"id\":\"", 'a', false, &err) == -1 &&
           strcmp(err.msg, "endless:2: an element longer than 16 MiB, the most refuge reads "
                           "(is this a data file?)") == 0,
       "an endless array element too (%s)", err.msg);
    ok(import_endless(db, IMPORT_CSV, "id,time,text\nx,2025-01-14,\"", 'a', true, &err) == -1 &&
           strcmp(err.msg, "endless:2: a record longer than 16 MiB, the most refuge reads (is "
                           "this a data file?)") == 0,
       "an endless quoted CSV field over many lines too (%s)", err.msg);
    ok(import_endless(db, IMPORT_CSV, "", 'a', false, &err) == -1 &&
           strstr(err.msg, "longer than 16 MiB") != NULL,
       "and a header that never ends (%s)", err.msg);
    is_int(sql_int(db, "SELECT count(*) FROM posts"), 0, "nothing is imported");
    db_close(db);
}

/* A file in another encoding is named as such, not as bad quoting. */
static void test_encodings(void)
{
    static const struct {
        const char *name, *bytes;
        size_t len;
        const char *reason;
    } cases[] = {
        {"utf16le-bom.csv", "\xff\xfei\0d\0,\0t\0\n\0", 12,
         "not UTF-8 (UTF-16?): refuge reads UTF-8 text; save the file as UTF-8"},
        {"utf16be-bom.jsonl", "\xfe\xff\0{\0\"\0i", 8,
         "not UTF-8 (UTF-16?): refuge reads UTF-8 text; save the file as UTF-8"},
        {"utf16le.csv", "i\0d\0,\0t\0", 8,
         "not UTF-8 (UTF-16?): refuge reads UTF-8 text; save the file as UTF-8"},
        {"utf32le.jsonl", "\xff\xfe\0\0{\0\0\0", 8,
         "not UTF-8 (UTF-32?): refuge reads UTF-8 text; save the file as UTF-8"},
        {"zeros.bin", "\0\0\0\0\0\0", 6,
         "not UTF-8 text: it starts with NUL bytes (a binary file?)"},
    };
    struct db *db = fresh();
    struct import_result res;
    struct rf_error err = {{0}};

    if (!db)
        return;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char path[1024], want[1200];
        FILE *fp;
        snprintf(path, sizeof path, "%s/%s", tmpdir, cases[i].name);
        if ((fp = fopen(path, "wb"))) {
            fwrite(cases[i].bytes, 1, cases[i].len, fp);
            fclose(fp);
        }
        snprintf(want, sizeof want, "%s:1: %s", path, cases[i].reason);
        ok(import_files(db, false, &res, &err, path, NULL) == -1, "%s is refused", cases[i].name);
        is_str(err.msg, want, "%s: as not UTF-8", cases[i].name);
    }
    ok(import_endless(db, IMPORT_AUTO, "", '\0', false, &err) == -1 &&
           strcmp(err.msg, "endless:1: not UTF-8 text: it starts with NUL bytes (a binary "
                           "file?)") == 0,
       "an endless run of NUL bytes (/dev/zero) is refused at once (%s)", err.msg);
    ok(import_endless(db, IMPORT_JSONL, "", '\0', false, &err) == -1 &&
           strstr(err.msg, "not UTF-8 text") != NULL,
       "even with a format given");
    db_close(db);
}

/* A stop asked for (by a signal handler) rolls the import back. */
static void test_stop(void)
{
    static volatile sig_atomic_t stop = 1;
    struct db *db = fresh();
    struct import_options opts = {.stop = &stop};
    struct import_result res;
    struct rf_error err = {{0}};
    struct import_input in = {.name = "posts.jsonl"};
    char want[64];

    if (!db || !(in.fp = fopen(fixture("posts.jsonl"), "rb"))) {
        db_close(db);
        return;
    }
    snprintf(want, sizeof want, "posts.jsonl:1: interrupted");
    ok(import_run(db, &in, 1, &opts, &res, &err) == -1, "a stop fails the import");
    is_str(err.msg, want, "as interrupted, where it was");
    is_int(sql_int(db, "SELECT count(*) FROM posts"), 0, "and nothing is imported");
    fclose(in.fp);
    db_close(db);
}

/* Unix time 0 is 1970-01-01T00:00:00Z, the first second import takes. */
static void test_epoch(void)
{
    struct db *db = fresh();
    struct import_result res;
    struct rf_error err = {{0}};
    const char *file = write_file("epoch.jsonl",
                                  "{\"id\":\"e0\",\"time\":0,\"text\":\"the epoch\"}\n"
                                  "{\"id\":\"e1\",\"time\":\"0\",\"text\":\"as text\"}\n");

    if (!db)
        return;
    ok(import_files(db, false, &res, &err, file, NULL) == 0 && res.posts == 2,
       "\"time\": 0 and \"0\" import (%s)", err.msg);
    is_int(sql_int(db, "SELECT count(*) FROM posts WHERE ts_utc = 0"), 2, "at the epoch");
    db_close(db);
}

/* Writes `n` posts (ids from `first`) of about 1.2 kB each as JSON
 * Lines; the last is bad (no text) when `bad_last`. Times, likes, languages
 * and tags vary so that every index of the posts has work to do. */
static const char *write_large(const char *name, int first, int n, bool bad_last)
{
    static char path[512];
    FILE *fp;

    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    if (!(fp = fopen(path, "w")))
        return path;
    for (int i = first; i < first + n; i++) {
        bool zh = i % 3 == 0;
        fprintf(fp,
                "{\"id\":\"big-%d\",\"platform\":\"%s\",\"lang\":\"%s\",\"author\":\"user%d\","
                "\"time\":\"2025-01-%02dT%02d:%02d:00Z\",\"likes\":%d,\"tags\":[\"t%d\"]",
                i, i % 7 ? "xiaohongshu" : "tiktok", zh ? "zh" : "en", i % 97,
                1 + (i * 7919) % 28, (i * 31) % 24, i % 60,
                (int)((unsigned)i * 104729u % 5000u), i % 11);
        if (!(bad_last && i == first + n - 1)) {
            fprintf(fp, ",\"text\":\"post %d", i);
            for (int k = 0; k < 30; k++)
                fputs(zh ? " 小红书上的猫税和大熊猫" : " refugees paying the cat tax here", fp);
            fputc('"', fp);
        }
        fputs("}\n", fp);
    }
    fclose(fp);
    return path;
}

/* PRAGMA integrity_check says ok (every index agrees with its table). */
static bool sound(struct db *db)
{
    char *verdict = text_of(db, "PRAGMA integrity_check");
    bool good = verdict && strcmp(verdict, "ok") == 0;

    free(verdict);
    return good;
}

/* The indexes of posts and comments, with their definitions. */
static char *indexes_of(struct db *db)
{
    return text_of(db, "SELECT group_concat(name || ':' || coalesce(sql, ''), '|') FROM"
                       " (SELECT name, sql FROM sqlite_master WHERE type = 'index'"
                       " AND tbl_name IN ('posts', 'comments') ORDER BY name)");
}

/* An import larger than the cache builds the posts' secondary indexes
 * after its rows (store_defer_indexes()): the same indexes, the same
 * answers as an import that keeps them row by row (a pipe, whose size is
 * not known), and a failed one leaves them as they were. */
static void test_large_import(void)
{
    struct db *db = fresh(), *ref = fresh();
    struct import_result res;
    struct rf_error err = {{0}};
    const char *big;
    char *want = indexes_of(db), *have, *a, *b;
    static const char *const orders[] = {
        "SELECT group_concat(id) FROM (SELECT id FROM posts ORDER BY ts_utc DESC, id DESC"
        " LIMIT 300 OFFSET 6000)",
        "SELECT group_concat(id) FROM (SELECT id FROM posts ORDER BY likes DESC, id DESC"
        " LIMIT 300 OFFSET 6000)",
        "SELECT group_concat(id) FROM (SELECT id FROM posts WHERE lang = 'zh'"
        " ORDER BY ts_utc, id LIMIT 300 OFFSET 3000)",
        "SELECT group_concat(id) FROM (SELECT id FROM posts WHERE platform = 'tiktok'"
        " ORDER BY ts_utc DESC, id DESC LIMIT 300 OFFSET 1000)",
        "SELECT group_concat(id) FROM posts WHERE author = 'USER5' COLLATE NOCASE",
    };

    int64_t schema = sql_int(db, "PRAGMA schema_version");

    big = write_large("large.jsonl", 0, 12000, false);
    ok(import_files(db, false, &res, &err, big, NULL) == 0 && res.posts_new == 12000,
       "12,000 posts of a kilobyte import into an empty cache");
    /* Dropping and creating indexes is what moves the schema's cookie. */
    ok(sql_int(db, "PRAGMA schema_version") > schema, "its indexes were built after the rows");
    have = indexes_of(db);
    ok(want && have && strcmp(want, have) == 0, "the posts' indexes are all there afterwards");
    free(have);
    ok(sound(db), "and they agree with the rows (integrity_check)");

    /* The same posts from memory, whose size the importer does not ask:
     * indexed row by row. */
    {
        FILE *fp = fopen(big, "rb"), *mem = NULL;
        char *bytes = NULL;
        long size = fp && fseek(fp, 0, SEEK_END) == 0 ? ftell(fp) : -1;
        struct import_input in = {"memory", NULL};
        struct import_options opts = {.format = IMPORT_JSONL};

        if (size > 0 && (bytes = malloc((size_t)size)) && fseek(fp, 0, SEEK_SET) == 0 &&
            fread(bytes, 1, (size_t)size, fp) == (size_t)size)
            mem = fmemopen(bytes, (size_t)size, "r");
        in.fp = mem;
        schema = sql_int(ref, "PRAGMA schema_version");
        ok(mem && import_run(ref, &in, 1, &opts, &res, &err) == 0 && res.posts_new == 12000,
           "the same posts imported from memory as a reference");
        is_int(sql_int(ref, "PRAGMA schema_version"), schema, "with its indexes kept throughout");
        if (mem)
            fclose(mem);
        if (fp)
            fclose(fp);
        free(bytes);
    }
    a = checksum(db);
    b = checksum(ref);
    ok(a && b && strcmp(a, b) == 0, "both caches hold the same rows, counts and index");
    free(a);
    free(b);
    for (size_t i = 0; i < sizeof orders / sizeof orders[0]; i++) {
        a = text_of(db, orders[i]);
        b = text_of(ref, orders[i]);
        ok(a && b && strlen(a) > 0 && strcmp(a, b) == 0, "the same answer past the first page: %s",
           orders[i]);
        free(a);
        free(b);
    }
    is_int(sql_int(db, "SELECT (SELECT count(*) FROM posts) - (SELECT sum(posts) FROM daily)"), 0,
           "the per-day table counts every post");

    /* A larger file whose last record is bad: rolled back, indexes kept. */
    a = checksum(db);
    ok(import_files(db, false, &res, &err, write_large("large-bad.jsonl", 20000, 14000, true),
                    NULL) == -1 &&
           strstr(err.msg, "large-bad.jsonl:14000:"),
       "a large import failing on its last record fails with its line");
    b = checksum(db);
    have = indexes_of(db);
    ok(a && b && strcmp(a, b) == 0 && have && strcmp(want, have) == 0,
       "and leaves the rows and the indexes as they were");
    free(a);
    free(b);
    free(have);

    /* Two files in one import, the second updating posts of the first:
     * their tags are found through the index kept for that. */
    ok(import_files(db, false, &res, &err, write_large("large-2.jsonl", 30000, 13000, false),
                    write_file("retag.jsonl",
                               "{\"id\":\"big-30001\",\"platform\":\"xiaohongshu\","
                               "\"time\":\"2025-01-02T00:00:00Z\",\"text\":\"retagged\","
                               "\"tags\":[\"newtag\"]}\n"),
                    NULL) == 0 &&
           res.posts_new == 13000,
       "a second large import with a file that updates its posts");
    is_int(sql_int(db, "SELECT count(*) FROM post_tags WHERE post_id = (SELECT id FROM posts"
                       " WHERE ext_id = 'big-30001')"),
           1, "the updated post has its new tag only");
    ok(sound(db), "the cache is sound");
    free(want);
    db_close(db);
    db_close(ref);
}

/* Copies the lines of `from` to `name`, with `extra` (a line, or NULL)
 * written after line `after` (0: none) and `last` (or NULL) at the end. */
static const char *copy_with(const char *name, const char *from, int after, const char *extra,
                             const char *last)
{
    static char path[512];
    char line[4096];
    FILE *in = fopen(from, "r"), *out;
    int n = 0;

    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    if (!in || !(out = fopen(path, "w"))) {
        if (in)
            fclose(in);
        return path;
    }
    while (fgets(line, sizeof line, in)) {
        fputs(line, out);
        if (++n == after && extra)
            fputs(extra, out);
    }
    if (last)
        fputs(last, out);
    fclose(in);
    fclose(out);
    return path;
}

/* A post of refuge's own records is inserted without a lookup (store_post):
 * a repeat in a file must still be the duplicate the lookup found, the
 * first record winning, past any batch or page; the same id in a later
 * file of the import, or one cached before, is an update. The reference is
 * the same file without its repeats. */
static void test_repeats(void)
{
    struct db *db = fresh(), *ref = fresh();
    struct import_result res;
    struct rf_error err = {{0}};
    char plain[512], *a, *b, *empty = checksum(db);
    const char *file;
    static const char *const orders[] = {
        "SELECT group_concat(id) FROM (SELECT id FROM posts ORDER BY ts_utc DESC, id DESC"
        " LIMIT 300 OFFSET 6000)",
        "SELECT group_concat(id) FROM (SELECT id FROM posts ORDER BY likes DESC, id DESC"
        " LIMIT 300 OFFSET 6000)",
        "SELECT group_concat(k) FROM (SELECT id || ext_id AS k FROM posts INDEXED BY"
        " sqlite_autoindex_posts_1 WHERE platform = 'xiaohongshu' AND ext_id > 'big-1'"
        " ORDER BY platform, ext_id LIMIT 300 OFFSET 5000)",
    };

    snprintf(plain, sizeof plain, "%s", write_large("norepeat.jsonl", 0, 12000, false));
    /* big-3 again after 11,000 records, and big-11999 again at the end,
     * each with another text and likes. */
    file = copy_with("repeats.jsonl", plain, 11000,
                     "{\"id\":\"big-3\",\"platform\":\"xiaohongshu\",\"time\":\"2025-02-01\","
                     "\"text\":\"second big-3\",\"likes\":99999}\n",
                     "{\"id\":\"big-11999\",\"platform\":\"xiaohongshu\","
                     "\"time\":\"2025-02-01\",\"text\":\"second big-11999\"}\n");
    ok(import_files(db, false, &res, &err, file, NULL) == -1 &&
           strstr(err.msg, "repeats.jsonl:11001: duplicate id 'big-3' in this file"),
       "a repeated id 11,000 records on fails the import at its line");
    a = checksum(db);
    ok(a && empty && strcmp(a, empty) == 0, "and leaves the cache as it was");
    free(a);
    ok(import_files(db, true, &res, &err, file, NULL) == 0 && res.posts_new == 12000 &&
           res.bad == 2,
       "with --skip-bad: 12,000 posts, the two repeats refused");
    ok(strstr(reports, "repeats.jsonl:11001: duplicate id 'big-3'") &&
           strstr(reports, "repeats.jsonl:12002: duplicate id 'big-11999'"),
       "each repeat reported at its line");
    ok(import_files(ref, false, &res, &err, plain, NULL) == 0 && res.posts_new == 12000,
       "the same posts without the repeats, as a reference");
    a = checksum(db);
    b = checksum(ref);
    ok(a && b && strcmp(a, b) == 0, "the same rows, ids, tags and counts: the first record won");
    free(a);
    free(b);
    for (size_t i = 0; i < sizeof orders / sizeof orders[0]; i++) {
        a = text_of(db, orders[i]);
        b = text_of(ref, orders[i]);
        ok(a && b && strlen(a) > 0 && strcmp(a, b) == 0, "the same answer past the first page: %s",
           orders[i]);
        free(a);
        free(b);
    }
    ok(sound(db), "the cache is sound");

    /* The file again: every post is cached, so each is looked up and the
     * repeats are found through the ids seen in the file. */
    a = checksum(db);
    ok(import_files(db, true, &res, &err, file, NULL) == 0 && res.posts_new == 0 &&
           res.unchanged == 12000 && res.bad == 2,
       "imported again: 12,000 unchanged, the repeats still refused");
    b = checksum(db);
    ok(a && b && strcmp(a, b) == 0, "and nothing changed");
    free(a);
    free(b);

    /* Two files in one import: the second's record of a post the first
     * stored is an update, its repeat there a duplicate; a new post twice
     * in the second file is stored once. */
    ok(import_files(db, true, &res, &err,
                    write_file("first.jsonl",
                               "{\"id\":\"two-1\",\"time\":\"2025-01-20\",\"text\":\"one\"}\n"),
                    copy_with("second.jsonl",
                              write_file("second-base.jsonl",
                                         "{\"id\":\"two-1\",\"time\":\"2025-01-20\","
                                         "\"text\":\"one, later\"}\n"
                                         "{\"id\":\"two-2\",\"time\":\"2025-01-21\","
                                         "\"text\":\"two\"}\n"),
                              1,
                              "{\"id\":\"two-1\",\"time\":\"2025-01-20\","
                              "\"text\":\"one, repeated\"}\n",
                              "{\"id\":\"two-2\",\"time\":\"2025-01-21\","
                              "\"text\":\"two, repeated\"}\n"),
                    NULL) == 0 &&
           res.posts_new == 2 && res.bad == 2,
       "two files: two new posts, two repeats refused");
    a = text_of(db, "SELECT group_concat(text, '/') FROM (SELECT text FROM posts"
                    " WHERE ext_id LIKE 'two-%' ORDER BY id)");
    is_str(a ? a : "", "one, later/two", "the later file's record updated the post; the repeats changed nothing");
    free(a);
    is_int(sql_int(db, "SELECT count(*) FROM posts"), 12002, "every post once");
    free(empty);
    db_close(db);
    db_close(ref);
}

/* The days and the authors an import touched are counted again one of two
 * ways (store_finish): through indexes, a lookup per day and identity,
 * when the cache holds more than the import; by reading every post once
 * when most are new. Both must give the same rows, at day boundaries and
 * before 1970 (UTC), where a day is ts_utc / 86400 toward zero (as every
 * reader divides), and for authors with posts before the import. */
static void test_day_counts(void)
{
    struct db *alone = fresh(), *among = fresh(), *both = fresh();
    struct import_result res;
    struct rf_error err = {{0}};
    char edges[4096] = "", base[512];
    /* Written at UTC+14, the only way to reach before 1970 (a year before
     * 1970 is refused). */
    static const long times[] = {-50400, -50399, -901, -900, -899, -1, 0, 1, 899, 900,
                                 86399, 86400, 86401, 172799, 172800, 1893456000,
                                 1893542399, 1893542400};
    static const char *const days =
        "SELECT group_concat(x, '|') FROM (SELECT 'd' || day || platform || lang || posts"
        " || '/' || likes AS x FROM daily WHERE day < 19000 OR day > 21000 UNION ALL"
        " SELECT 'q' || day || platform || lang || hex(counts) FROM day_quarters"
        " WHERE day < 19000 OR day > 21000 ORDER BY 1)";
    static const char *const authors =
        "SELECT group_concat(x, '|') FROM (SELECT platform || keyed || key || name || posts"
        " || comments || likes || floor || first || last || coalesce(region, '')"
        " || invented AS x FROM author_totals ORDER BY 1)";
    const char *file;
    char *a, *b;

    for (size_t i = 0; i < sizeof times / sizeof times[0]; i++) {
        time_t t = (time_t)times[i] + 14 * 3600;
        struct tm tm;
        char iso[32];

        strftime(iso, sizeof iso, "%Y-%m-%dT%H:%M:%S+14:00", gmtime_r(&t, &tm));
        snprintf(edges + strlen(edges), sizeof edges - strlen(edges),
                 "{\"id\":\"edge-%zu\",\"platform\":\"%s\",\"time\":\"%s\","
                 "\"likes\":%zu,\"author\":\"%s%zu\",\"text\":\"at %ld\"}\n",
                 i, i % 2 ? "tiktok" : "xiaohongshu", iso, i * 10, i % 4 ? "user" : "newcomer",
                 i % 3, times[i]);
    }
    file = write_file("edges.jsonl", edges);
    snprintf(base, sizeof base, "%s", write_large("among.jsonl", 0, 3000, false));
    ok(import_files(alone, false, &res, &err, file, NULL) == 0 && res.posts_new == 18,
       "18 posts at day edges into an empty cache (every post new)");
    ok(import_files(among, false, &res, &err, base, NULL) == 0 &&
           import_files(among, false, &res, &err, file, NULL) == 0 && res.posts_new == 18,
       "and into a cache of 3,000 posts of other days, by some of the same authors");
    ok(import_files(both, false, &res, &err, base, file, NULL) == 0 && res.posts_new == 3018,
       "and both files in one import");
    a = text_of(alone, days);
    b = text_of(among, days);
    ok(a && b && strstr(a, "d1xiaohongshu") && strstr(a, "q0xiaohongshu") &&
           strstr(a, "d21915tiktok") && strcmp(a, b) == 0,
       "the same days and quarter hours counted either way");
    free(a);
    free(b);
    is_int(sql_int(alone, "SELECT sum(posts) FROM daily"),
           sql_int(among, "SELECT sum(posts) - 3000 FROM daily"), "and as many posts");
    is_int(sql_int(alone, "SELECT sum(posts) FROM daily") - sql_int(alone, "SELECT count(*)"
                                                                           " FROM posts"),
           0, "every post is counted on a day, those before 1970 (UTC) too");
    is_int(sql_int(alone, "SELECT count(*) FROM (SELECT ts_utc / 86400 AS day, platform, lang,"
                          " count(*) AS n FROM posts GROUP BY 1, 2, 3) c LEFT JOIN daily d"
                          " USING (day, platform, lang) WHERE d.posts IS NOT c.n"),
           0, "on the day the readers and day_quarters give it");
    a = checksum(among);
    b = checksum(both);
    ok(a && b && strcmp(a, b) == 0, "one import or two: the same rows, days and tags");
    free(a);
    free(b);
    a = text_of(among, authors);
    b = text_of(both, authors);
    ok(a && b && strstr(a, "xiaohongshu0user1") && strstr(a, "newcomer") && strcmp(a, b) == 0,
       "and the same authors' totals");
    free(a);
    free(b);
    db_close(alone);
    db_close(among);
    db_close(both);
}

static void test_stdin_like(void)
{
    struct db *db = fresh();
    struct import_result res;
    struct rf_error err = {{0}};
    const char *text = "{\"id\":\"m1\",\"time\":\"2025-01-14\",\"text\":\"from memory\"}\n";
    struct import_options opts = {.format = IMPORT_JSONL};

    ok(db_begin(db, &err) == 0 &&
           import_buffer(db, "buffer", text, strlen(text), &opts, &res, &err) == 0 &&
           db_commit(db, &err) == 0 && res.posts == 1,
       "import_buffer imports JSON Lines from memory");
    is_int(sql_int(db, "SELECT count(*) FROM posts_fts WHERE posts_fts MATCH"
                       " '\"mem\" AND \"emo\" AND \"mor\" AND \"ory\"'"),
           1, "and indexes it");
    db_close(db);
}

int main(void)
{
    const char *srcdir = getenv("top_srcdir");

    snprintf(data_dir, sizeof data_dir, "%s/tests/data", srcdir ? srcdir : ".");
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 1;
    }
    test_parsers();
    test_good_files();
    test_idempotent();
    test_bad_records();
    test_skip_bad();
    test_many_tags();
    test_mediacrawler();
    test_stdin_like();
    test_large_import();
    test_repeats();
    test_day_counts();
    test_epoch();
    test_raw_nul();
    test_endless();
    test_encodings();
    test_stop();
    remove_tree(tmpdir);
    return tap_done();
}
