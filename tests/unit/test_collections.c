/* The collection fixtures against their oracle: every row of
 * tests/data/collections/expected.tsv is checked.
 *
 * A `file` row: that file alone, imported into an empty cache, is read as
 * the format named, with the records, posts, comments, authors and skipped
 * records (by reason) the row says, or is refused with the message the row
 * gives (its text before the first "; ").
 *
 * A `post` or `comment` row: the record's stored state after every fixture
 * file was imported in one run (in the order of the file rows) and again
 * in the reverse order: its type, author key and name, time and how it was
 * found, each count (a lower bound as >=N, unknown as ?), keywords, media,
 * language, region, thread links, the number of files that hold it and the
 * start of its text.
 *
 * Each post or comment row also says how many files hold the record.
 */
#include "autoconfig.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db.h"
#include "import.h"
#include "model.h"
#include "tap.h"

static char tmpdir[] = "/tmp/refuge-test-collections-XXXXXX";
static char dir[2048];

#define MAX_ROWS 256
#define MAX_COLS 24

struct row {
    char *col[MAX_COLS];
    int n;
};

static struct row files[MAX_ROWS], records[MAX_ROWS];
static int nfiles, nrecords;

/* The .sql of a MediaCrawler database fixture (or other-app.sql) stands for
 * the database sqlite3 makes from it. */
static bool is_sql(const char *path)
{
    size_t n = strlen(path);
    return n > 4 && strcmp(path + n - 4, ".sql") == 0;
}

static char *slurp(const char *path)
{
    FILE *fp = fopen(path, "rb");
    char *text = NULL;
    long n;

    if (!fp)
        return NULL;
    if (fseek(fp, 0, SEEK_END) == 0 && (n = ftell(fp)) >= 0 && fseek(fp, 0, SEEK_SET) == 0 &&
        (text = malloc((size_t)n + 1))) {
        text[fread(text, 1, (size_t)n, fp)] = '\0';
    }
    fclose(fp);
    return text;
}

/* The file a fixture path names: itself, or the database made from it. */
static const char *input_path(const char *rel, int i)
{
    static char path[MAX_ROWS][4096];
    sqlite3 *raw;
    char *sql, src[4096];

    snprintf(src, sizeof src, "%s/%s", dir, rel);
    if (!is_sql(rel)) {
        snprintf(path[i], sizeof path[i], "%s", src);
        return path[i];
    }
    snprintf(path[i], sizeof path[i], "%s/db%d.sqlite", tmpdir, i);
    if (access(path[i], F_OK) == 0)
        return path[i];
    if (!(sql = slurp(src)))
        return NULL;
    if (sqlite3_open(path[i], &raw) == SQLITE_OK)
        sqlite3_exec(raw, sql, NULL, NULL, NULL);
    sqlite3_close(raw);
    free(sql);
    return path[i];
}

static void load_oracle(void)
{
    char path[4096], *text, *line, *save = NULL;

    snprintf(path, sizeof path, "%s/expected.tsv", dir);
    if (!(text = slurp(path)))
        return;
    for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        struct row r = {{0}, 0};
        char *p = line;
        if (line[0] == '#')
            continue;
        while (p && r.n < MAX_COLS) {
            char *tab = strchr(p, '\t');
            if (tab)
                *tab = '\0';
            r.col[r.n++] = strdup(p);
            p = tab ? tab + 1 : NULL;
        }
        if (strcmp(r.col[0], "file") == 0 && nfiles < MAX_ROWS)
            files[nfiles++] = r;
        else if (nrecords < MAX_ROWS)
            records[nrecords++] = r;
    }
    free(text);
}

/* ---- one file alone -------------------------------------------------------------- */

static struct import_file_summary last;
static char message[1024];

static void keep_summary(void *data, const struct import_file_summary *sum)
{
    (void)data;
    last = *sum;
}

static void keep_report(void *data, const char *msg)
{
    (void)data;
    if (!message[0])
        snprintf(message, sizeof message, "%s", msg);
}

static int import_paths(struct db *db, const char *const *paths, int n, bool skip_bad)
{
    struct import_input in[MAX_ROWS] = {{0}};
    struct import_options opts = {.skip_bad = skip_bad, .report = keep_report,
                                  .file_done = keep_summary};
    struct import_result res;
    struct rf_error err = {{0}};
    int rc;

    message[0] = '\0';
    memset(&last, 0, sizeof last);
    for (int i = 0; i < n; i++) {
        in[i].name = paths[i];
        if (!(in[i].fp = fopen(paths[i], "rb"))) {
            for (int k = 0; k < i; k++)
                fclose(in[k].fp);
            return -2;
        }
    }
    rc = import_run(db, in, (size_t)n, &opts, &res, &err);
    for (int i = 0; i < n; i++)
        fclose(in[i].fp);
    if (rc != 0 && !message[0])
        snprintf(message, sizeof message, "%s", err.msg);
    return rc;
}

static long long count(struct db *db, const char *sql)
{
    sqlite3_stmt *st;
    long long n = -1;

    if (sqlite3_prepare_v2(db_sql(db), sql, -1, &st, NULL) != SQLITE_OK)
        return -1;
    if (sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

/* The ids of the posts and comments of each file alone, to count the files
 * that hold a record. */
static char *held[MAX_ROWS];

static char *ids_of(struct db *db)
{
    sqlite3_stmt *st;
    size_t cap = 4096, used = 1;
    char *s = calloc(1, cap);

    if (!s || sqlite3_prepare_v2(db_sql(db),
                                 "SELECT '|' || platform || ':' || ext_id FROM posts UNION ALL"
                                 " SELECT '|c' || platform || ':' || ext_id FROM comments",
                                 -1, &st, NULL) != SQLITE_OK)
        return s;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *id = (const char *)sqlite3_column_text(st, 0);
        size_t n = strlen(id);
        if (used + n + 2 > cap) {
            char *p = realloc(s, cap *= 2);
            if (!p)
                break;
            s = p;
        }
        strcat(s, id);
        used += n;
    }
    strcat(s, "|");
    sqlite3_finalize(st);
    return s;
}

static void test_file(int i)
{
    const struct row *r = &files[i];
    const char *rel = r->col[1], *format = r->col[2], *path;
    struct db *db = NULL;
    struct rf_error err = {{0}};
    char reasons[512] = "", want_msg[1024], got_msg[1024], *semi;
    int rc;

    if (!(path = input_path(rel, i)) || db_open_memory(&db, &err) != 0) {
        ok(0, "%s: set up", rel);
        return;
    }
    rc = import_paths(db, &path, 1, false);
    if (strcmp(format, "refused") == 0) {
        ok(rc == -1, "%s is refused as a whole", rel);
        /* The message: "FILE: what it is; what refuge reads". */
        snprintf(want_msg, sizeof want_msg, "%s", r->col[9]);
        if ((semi = strstr(want_msg, "; ")))
            *semi = '\0';
        snprintf(got_msg, sizeof got_msg, "%s",
                 strncmp(message, path, strlen(path)) == 0 ? message + strlen(path) + 2
                                                           : message);
        if ((semi = strstr(got_msg, "; ")))
            *semi = '\0';
        is_str(got_msg, want_msg, "%s: the refusal says what it is", rel);
        ok(!strstr(message, "malformed JSON"), "%s: never 'malformed JSON'", rel);
        is_int(count(db, "SELECT count(*) FROM posts") + count(db, "SELECT count(*) FROM comments"),
               0, "%s: nothing is imported", rel);
        db_close(db);
        return;
    }
    ok(rc == 0, "%s imports", rel);
    if (rc != 0)
        tap_diag("%s", message);
    is_str(last.format, format, "%s: read as %s", rel, format);
    is_int(last.records, atoll(r->col[3]), "%s: records read", rel);
    is_int(count(db, "SELECT count(*) FROM posts"), atoll(r->col[4]), "%s: posts", rel);
    is_int(count(db, "SELECT count(*) FROM comments"), atoll(r->col[5]), "%s: comments", rel);
    is_int(count(db, "SELECT count(*) FROM authors"), atoll(r->col[6]), "%s: authors", rel);
    is_int(last.skipped, atoll(r->col[7]), "%s: skipped", rel);
    for (int k = 0; k < last.nreasons; k++)
        snprintf(reasons + strlen(reasons), sizeof reasons - strlen(reasons), "%s%s: %lld",
                 k ? ", " : "", last.reasons[k].reason, (long long)last.reasons[k].n);
    is_str(reasons[0] ? reasons : "-", r->col[8], "%s: skipped, by reason", rel);
    held[i] = ids_of(db);
    db_close(db);
}

/* ---- every file at once -------------------------------------------------------------- */

/* The stored state of one record as the oracle writes it, columns 3 to 20. */
static char *state_of(struct db *db, bool comment, const char *platform, const char *id)
{
    static const char post_sql[] =
        "SELECT coalesce(p.type, '?'),"
        " coalesce(CASE a.keyed WHEN 1 THEN a.key ELSE 'name:' || a.name END, '-'),"
        " coalesce(p.author, '-'), strftime('%Y-%m-%dT%H:%M:%SZ', p.ts_utc, 'unixepoch'),"
        " p.time_basis || CASE p.time_basis WHEN 'local' THEN"
        "   printf('%+03d:%02d', p.utc_offset / 60, abs(p.utc_offset) % 60) ELSE '' END,"
        " p.likes, p.comments, p.collects, p.shares, p.views, p.known, p.at_least,"
        " coalesce((SELECT group_concat(keyword, '|') FROM (SELECT keyword FROM post_keywords"
        "   WHERE post_id = p.id ORDER BY keyword)), '-'),"
        " (SELECT count(*) FROM post_media WHERE post_id = p.id),"
        " p.lang, coalesce(p.region, '-'), '-', coalesce(p.reply_to, '-'), p.text"
        " FROM posts p LEFT JOIN authors a ON a.id = p.author_id"
        " WHERE p.platform = ?1 AND p.ext_id = ?2";
    static const char comment_sql[] =
        "SELECT '-',"
        " coalesce(CASE a.keyed WHEN 1 THEN a.key ELSE 'name:' || a.name END, '-'),"
        " coalesce(c.author, '-'), strftime('%Y-%m-%dT%H:%M:%SZ', c.ts_utc, 'unixepoch'),"
        " c.time_basis, coalesce(c.likes, 0), 0, 0, 0, 0, c.likes IS NOT NULL,"
        " c.likes_at_least, '-', (SELECT count(*) FROM comment_media WHERE comment_id = c.id),"
        " c.lang, coalesce(c.region, '-'), c.post_ext_id, coalesce(c.parent_ext_id, '-'),"
        " c.text"
        " FROM comments c LEFT JOIN authors a ON a.id = c.author_id"
        " WHERE c.platform = ?1 AND c.ext_id = ?2";
    sqlite3_stmt *st;
    char out[2048] = "";
    const char *sep = "";

    if (sqlite3_prepare_v2(db_sql(db), comment ? comment_sql : post_sql, -1, &st, NULL) !=
        SQLITE_OK)
        return strdup(sqlite3_errmsg(db_sql(db)));
    sqlite3_bind_text(st, 1, platform, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, id, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_finalize(st);
        return strdup("(not stored)");
    }
    for (int c = 0; c < 5; c++) {
        snprintf(out + strlen(out), sizeof out - strlen(out), "%s%s", sep,
                 (const char *)sqlite3_column_text(st, c));
        sep = "\t";
    }
    for (int k = 0; k < 5; k++) {
        unsigned known = (unsigned)sqlite3_column_int(st, 10);
        unsigned at_least = (unsigned)sqlite3_column_int(st, 11);
        long long v = sqlite3_column_int64(st, 5 + k);
        if (comment && k > 0)
            snprintf(out + strlen(out), sizeof out - strlen(out), "\t-");
        else if (!(known & (1u << k)))
            snprintf(out + strlen(out), sizeof out - strlen(out), "\t?");
        else
            snprintf(out + strlen(out), sizeof out - strlen(out), "\t%s%lld",
                     at_least & (1u << k) ? ">=" : "", v);
    }
    for (int c = 12; c < 18; c++)
        snprintf(out + strlen(out), sizeof out - strlen(out), "\t%s",
                 (const char *)sqlite3_column_text(st, c));
    {
        /* The first 32 code points, a newline as \n. */
        const unsigned char *t = sqlite3_column_text(st, 18);
        int cps = 0;
        strcat(out, "\t");
        for (; *t; t++) {
            size_t used = strlen(out);
            if ((*t & 0xc0) != 0x80 && cps++ == 32)
                break;
            if (used + 3 >= sizeof out)
                break;
            if (*t == '\n') {
                out[used++] = '\\';
                out[used++] = 'n';
            } else {
                out[used++] = (char)*t;
            }
            out[used] = '\0';
        }
    }
    sqlite3_finalize(st);
    return strdup(out);
}

/* The oracle's columns 3..18 and 20 (the files column apart). */
static void expected_state(const struct row *r, char *out, size_t size)
{
    out[0] = '\0';
    for (int c = 3; c <= 20; c++) {
        if (c == 19)
            continue;
        snprintf(out + strlen(out), size - strlen(out), "%s%s", c > 3 ? "\t" : "",
                 c < r->n ? r->col[c] : "");
    }
}

static int files_holding(bool comment, const char *platform, const char *id)
{
    char key[512];
    int n = 0;

    snprintf(key, sizeof key, "|%s%s:%s|", comment ? "c" : "", platform, id);
    for (int i = 0; i < nfiles; i++)
        if (held[i] && strstr(held[i], key))
            n++;
    return n;
}

/* What the reader and `refuge comments` get from the model. */
static bool thread_ids(void *data, const struct model_comment *c)
{
    char *out = data;
    snprintf(out + strlen(out), 512 - strlen(out), "%s%d:%.4s", out[0] ? " " : "", c->depth,
             c->ext_id + strlen(c->ext_id) - 4);
    return true;
}

static void test_model(struct db *db)
{
    struct rf_error err = {{0}};
    struct model *m = model_new(db, &err);
    struct model_post_extras x;
    char thread[512] = "";

    if (!m) {
        ok(0, "a model: %s", err.msg);
        return;
    }
    ok(model_post_extras(m, "xiaohongshu", "67851ebd000000001e03a101", &x, &err) == 0,
       "a post's extras are read");
    is_str(x.author_key, "5f1a0c00000000000000a001", "its author's key");
    is_str(x.type, "image", "its note type");
    is_int((long long)x.nmedia, 3, "its media");
    ok(x.nkeywords == 3 && strcmp(x.keywords[0], "TikTok难民") == 0 &&
           strcmp(x.keywords[2], "猫税") == 0,
       "every keyword that found it");
    ok(x.nsources == 3 && x.sources[0].has_collected, "the files that held it, newest first");
    is_int(x.comments, 3, "and how many comments it has");
    model_post_extras_free(&x);
    ok(model_comments(m, "xiaohongshu", "6785d62d000000001e03a102", thread_ids, thread, &err) ==
           0,
       "a post's comments are walked");
    is_str(thread, "0:c001 1:c002 2:c003 0:c004 1:c005 0:c014 0:c00e",
           "in thread order: replies under their parent, depth first, by time");
    model_free(m);
}

static void test_all(bool reverse)
{
    const char *paths[MAX_ROWS];
    struct db *db = NULL;
    struct rf_error err = {{0}};
    int n = 0;

    for (int k = 0; k < nfiles; k++) {
        int i = reverse ? nfiles - 1 - k : k;
        if (strcmp(files[i].col[2], "refused") != 0)
            paths[n++] = input_path(files[i].col[1], i);
    }
    if (db_open_memory(&db, &err) != 0) {
        ok(0, "an in-memory cache");
        return;
    }
    ok(import_paths(db, paths, n, false) == 0, "every file imports in one run%s",
       reverse ? " (in reverse order)" : "");
    if (message[0])
        tap_diag("%s", message);
    for (int i = 0; i < nrecords; i++) {
        const struct row *r = &records[i];
        bool comment = strcmp(r->col[0], "comment") == 0;
        int want_files = atoi(r->col[19]), have = files_holding(comment, r->col[1], r->col[2]);
        char want[2048], *got;

        if (have != want_files) {
            ok(0, "%s %s:%s: %d files hold it, not %d", r->col[0], r->col[1], r->col[2], have,
               want_files);
            continue;
        }
        expected_state(r, want, sizeof want);
        got = state_of(db, comment, r->col[1], r->col[2]);
        is_str(got, want, "%s %s:%s as the oracle says%s", r->col[0], r->col[1], r->col[2],
               reverse ? " (reverse order)" : "");
        free(got);
    }
    if (!reverse)
        test_model(db);
    db_close(db);
}

/* ---- edges the oracle does not reach ---------------------------------------------------- */

static const char *write_tmp(const char *name, const char *text)
{
    static char path[4][4096];
    static int next;
    char *p = path[next++ % 4];
    FILE *fp;

    snprintf(p, sizeof path[0], "%s/%s", tmpdir, name);
    if ((fp = fopen(p, "w"))) {
        fputs(text, fp);
        fclose(fp);
    }
    return p;
}

static int import_with(struct db *db, const char *path, const struct import_options *base)
{
    struct import_options opts = *base;
    struct import_input in = {.name = path, .fp = fopen(path, "rb")};
    struct import_result res;
    struct rf_error err = {{0}};
    int rc;

    message[0] = '\0';
    memset(&last, 0, sizeof last);
    opts.report = keep_report;
    opts.warn = keep_report;
    opts.file_done = keep_summary;
    if (!in.fp)
        return -2;
    rc = import_run(db, &in, 1, &opts, &res, &err);
    fclose(in.fp);
    if (rc != 0 && !message[0])
        snprintf(message, sizeof message, "%s", err.msg);
    return rc;
}

/* A Weibo record without create_time is dated by create_date_time: with
 * its own offset when it has one, else in UTC+08:00 or --assume-zone, and
 * the summary says which. */
static void test_local_times(void)
{
    static const char weibo[] =
        "{\"note_id\":\"1\",\"content\":\"a\",\"create_date_time\":\"2025-01-14 19:12:45\","
        "\"liked_count\":\"1\",\"nickname\":\"n\",\"user_id\":\"7\"}\n"
        "{\"note_id\":\"2\",\"content\":\"b\",\"create_date_time\":\"2025-01-14 19:12:45+08:00\","
        "\"liked_count\":\"1\",\"nickname\":\"n\",\"user_id\":\"7\"}\n"
        "{\"note_id\":\"3\",\"content\":\"c\",\"create_date_time\":\"2025-07-14 19:12:45\","
        "\"liked_count\":\"1\",\"nickname\":\"n\",\"user_id\":\"7\"}\n";
    const char *path = write_tmp("weibo.jsonl", weibo);
    struct import_options opts = {0};
    struct db *db = NULL;
    struct rf_error err = {{0}};

    if (db_open_memory(&db, &err) != 0)
        return;
    ok(import_with(db, path, &opts) == 0, "Weibo contents without create_time import");
    is_int(count(db, "SELECT ts_utc FROM posts WHERE ext_id = '1'"), 1736853165,
           "a zoneless create_date_time is China time by default");
    is_int(count(db, "SELECT count(*) FROM posts WHERE ext_id = '1' AND time_basis = 'local'"
                     " AND utc_offset = 480"),
           1, "and is marked as read in an assumed zone");
    is_int(count(db, "SELECT count(*) FROM posts WHERE ext_id = '2' AND time_basis = 'exact'"
                     " AND ts_utc = 1736853165"),
           1, "one with its offset is exact");
    is_str(last.zone, "UTC+08:00 (the format's default)", "the summary names the zone");
    opts.has_zone = true;
    opts.zone = when_offset(-300);
    ok(import_with(db, path, &opts) == 0, "again with --assume-zone -05:00");
    is_int(count(db, "SELECT ts_utc FROM posts WHERE ext_id = '1'"), 1736899965,
           "the local time is read in the zone given");
    is_str(last.zone, "UTC-05:00 (--assume-zone)", "and the summary says so");
    if (when_zone_open("America/New_York", &opts.zone, &err) != 0) {
        ok(0, "America/New_York opens: %s", err.msg);
        db_close(db);
        return;
    }
    ok(import_with(db, path, &opts) == 0, "again with --assume-zone America/New_York");
    is_int(count(db, "SELECT ts_utc FROM posts WHERE ext_id = '1' AND utc_offset = -300"),
           1736899965, "January's local time is read at -05:00 (EST)");
    is_int(count(db, "SELECT ts_utc FROM posts WHERE ext_id = '3' AND utc_offset = -240"),
           1752534765, "July's at -04:00 (EDT)");
    is_str(last.zone, "America/New_York (--assume-zone)", "and the summary names the zone");
    db_close(db);
}

/* Imports `path` again: every one of its n records is counted unchanged,
 * and the post or comment is as `before` says. */
static void imports_unchanged(struct db *db, const char *path, int64_t n, bool comment,
                              const char *platform, const char *id, const char *before)
{
    struct import_options opts = {0};
    char *again;

    ok(import_with(db, path, &opts) == 0, "the same file imports again");
    is_int(last.unchanged, n, "every record of it is counted unchanged");
    is_int(last.posts_updated + last.posts_new + last.comments_updated + last.comments_new, 0,
           "none new or updated");
    again = state_of(db, comment, platform, id);
    is_str(again, before, "and the %s is as it was", comment ? "comment" : "post");
    free(again);
}

/* One post or comment twice in one file, differently and equally new (a
 * TikTok item has no collection time; two Zeeschuimer captures can share
 * theirs): the file's first record wins, a later file's wins over both,
 * and importing the file again changes nothing and counts every record
 * unchanged (each record meets what it gave the first time). */
static void test_repeats_in_a_file(void)
{
#define TT_ITEM(author, likes)                                                                   \
    "{\"id\": \"7460600000000000006\", \"desc\": \"noodles #rednote\", \"createTime\": "       \
    "1737018549, \"stats\": {\"diggCount\": " likes ", \"shareCount\": 20, \"commentCount\": " \
    "45, \"playCount\": 9100, \"collectCount\": 30}, \"author\": {\"id\": \"69" author         \
    "\", \"uniqueId\": \"" author "\", \"nickname\": \"" author "\"}}\n"
#define ZS_COMMENT(collected, likes, text)                                                       \
    "{\"id\": 1, \"item_id\": \"c1\", \"timestamp_collected\": " collected                     \
    ", \"last_updated\": " collected ", \"source_platform\": \"xiaohongshu-comments\", "       \
    "\"source_platform_url\": \"https://www.xiaohongshu.com/explore/n1\", \"data\": {\"id\": " \
    "\"c1\", \"note_id\": \"n1\", \"content\": \"" text "\", \"create_time\": 1736824800000, "  \
    "\"like_count\": \"" likes "\", \"user_info\": {\"user_id\": \"u1\", \"nickname\": "        \
    "\"n\"}}}\n"
    const char *twice = write_tmp("twice.jsonl", TT_ITEM("bayou", "640") TT_ITEM("noodles", "700")
                                                     TT_ITEM("bayou", "650"));
    const char *comments =
        write_tmp("twice-comments.ndjson", ZS_COMMENT("1737253000000", "5", "first")
                                               ZS_COMMENT("1737253000000", "9", "second")
                                               ZS_COMMENT("1737252000000", "1", "older"));
    const char *later = write_tmp("later.jsonl", TT_ITEM("noodles", "700"));
    struct import_options opts = {0};
    struct db *db = NULL;
    struct rf_error err = {{0}};
    char *before;

    if (db_open_memory(&db, &err) != 0) {
        ok(0, "an empty cache opens: %s", err.msg);
        return;
    }
    ok(import_with(db, twice, &opts) == 0, "a TikTok file holding one video three times imports");
    is_int(last.posts_new, 1, "as one new post");
    before = state_of(db, false, "tiktok", "7460600000000000006");
    is_int(count(db, "SELECT likes FROM posts WHERE ext_id = '7460600000000000006'"), 640,
           "untimed sightings in one file: the first record's counts stay");
    is_int(count(db, "SELECT count(*) FROM posts p JOIN authors a ON a.id = p.author_id"
                     " WHERE p.ext_id = '7460600000000000006' AND a.name = 'bayou'"),
           1, "and its author");
    is_int(count(db, "SELECT count(*) FROM authors WHERE name = 'noodles'"), 0,
           "the author only a lost sighting named is not kept");
    imports_unchanged(db, twice, 3, false, "tiktok", "7460600000000000006", before);
    ok(import_with(db, later, &opts) == 0, "a later file with the second sighting alone");
    is_int(count(db, "SELECT likes FROM posts WHERE ext_id = '7460600000000000006'"), 700,
           "a later import's equally new sighting wins");
    is_int(last.posts_updated, 1, "and is counted an update");
    ok(import_with(db, twice, &opts) == 0, "the first file once more");
    is_int(count(db, "SELECT likes FROM posts WHERE ext_id = '7460600000000000006'"), 640,
           "it wins again, as the latest import");
    is_int(last.posts_updated, 1, "counted as one update (its repeats change nothing)");
    is_int(last.unchanged, 2, "its other two records unchanged");
    free(before);

    ok(import_with(db, comments, &opts) == 0, "a capture holding one comment three times imports");
    is_int(last.comments_new, 1, "as one new comment");
    is_int(count(db, "SELECT likes FROM comments WHERE ext_id = 'c1'"), 5,
           "of two captures at the same time, the file's first stays");
    is_int(count(db, "SELECT count(*) FROM comments WHERE ext_id = 'c1' AND text = 'first'"), 1,
           "with its text; an older capture changes nothing");
    before = state_of(db, true, "xiaohongshu", "c1");
    imports_unchanged(db, comments, 3, true, "xiaohongshu", "c1", before);
    free(before);

    /* The author's row keeps the name of the sighting that won, as the post
     * does; a comment stays under the post its first record named. */
    {
#define TT_NAMED(nick, likes)                                                                  \
    "{\"id\": \"7460600000000000007\", \"desc\": \"d\", \"createTime\": 1737018549, "         \
    "\"stats\": {\"diggCount\": " likes "}, \"author\": {\"id\": \"6901\", \"uniqueId\": "         \
    "\"same.handle\", \"nickname\": \"" nick "\"}}\n"
#define ZS_MOVED(note)                                                                           \
    "{\"id\": 2, \"item_id\": \"c2\", \"timestamp_collected\": 1737253000000, "               \
    "\"last_updated\": 1737253000000, \"source_platform\": \"xiaohongshu-comments\", "         \
    "\"source_platform_url\": \"https://www.xiaohongshu.com/explore/" note "\", \"data\": "   \
    "{\"id\": \"c2\", \"note_id\": \"" note "\", \"content\": \"x\", \"create_time\": "      \
    "1736824800000, \"like_count\": \"1\", \"user_info\": {\"user_id\": \"u2\", "             \
    "\"nickname\": \"" note "-name\"}}}\n"
        const char *renamed =
            write_tmp("renamed.jsonl", TT_NAMED("first.handle", "1") TT_NAMED("second.handle", "2"));
        const char *moved = write_tmp("moved.ndjson", ZS_MOVED("n1") ZS_MOVED("n2"));
        static const char *const named =
            "SELECT count(*) FROM posts p JOIN authors a ON a.id = p.author_id"
            " WHERE p.ext_id = '7460600000000000007' AND p.author = 'first.handle'"
            " AND a.name = 'first.handle'";
        static const char *const under =
            "SELECT count(*) FROM comments c JOIN authors a ON a.id = c.author_id"
            " WHERE c.ext_id = 'c2' AND c.post_ext_id = 'n1' AND a.name = 'n1-name'";

        ok(import_with(db, renamed, &opts) == 0 && last.posts_new == 1,
           "one video twice, its author (one handle) under two names");
        is_int(count(db, named), 1, "the post and the author's row keep the first name");
        ok(import_with(db, renamed, &opts) == 0 && last.unchanged == 2,
           "imported again: both records unchanged");
        is_int(count(db, named), 1, "and the author's row is not renamed");
        ok(import_with(db, moved, &opts) == 0 && last.comments_new == 1,
           "one comment twice, under two notes, collected at the same time");
        is_int(count(db, under), 1, "it stays under the first note, by the first name");
        ok(import_with(db, moved, &opts) == 0 && last.unchanged == 2,
           "imported again: both records unchanged");
        is_int(count(db, under), 1, "and still there");
#undef TT_NAMED
#undef ZS_MOVED
    }
    db_close(db);
#undef TT_ITEM
#undef ZS_COMMENT
}

/* A collection's tag list (JSON objects picked by path) whose element a
 * JSON escape makes invalid UTF-8 (a lone surrogate) is a bad record: the
 * cache would hold bytes export writes and import refuses. */
static void test_tag_list_surrogate(void)
{
    static const char good[] = "\"title\": \"rednote\"", bad[] = "\"title\": \"red\\ud800\"";
    char path[4096], *text, *at, *line;
    struct import_options opts = {0};
    struct rf_error err = {{0}};
    struct db *db = NULL;

    snprintf(path, sizeof path, "%s/zeeschuimer/tiktok.ndjson", dir);
    if (!(text = slurp(path)) || !(at = strstr(text, good)) || at > strchr(text, '\n') ||
        !(line = malloc(strlen(text) + sizeof bad))) {
        ok(0, "the TikTok capture fixture holds a challenge named rednote");
        free(text);
        return;
    }
    *strchr(text, '\n') = '\0';
    snprintf(line, strlen(text) + sizeof bad, "%.*s%s%s\n", (int)(at - text), text, bad,
             at + strlen(good));
    if (db_open_memory(&db, &err) == 0) {
        ok(import_with(db, write_tmp("surrogate.ndjson", line), &opts) != 0,
           "a capture whose challenge title is \"red\\ud800\" is refused");
        ok(strstr(message, ":1: challenges: an element is not valid UTF-8 text") != NULL,
           "saying which list: %s", message);
        db_close(db);
    }
    free(line);
    free(text);
}

/* Douyin's pages write "$undefined" for any value they lack, an author's
 * ids too: that is no author key (two such authors are not one person, nor
 * one named "$undefined"), and the nickname still names the author. */
static void test_douyin_undefined(void)
{
    static const char page[] =
        "{\"id\":1,\"item_id\":\"7460000000000000091\",\"timestamp_collected\":1737255120000,"
        "\"source_platform\":\"douyin.com\",\"source_platform_url\":\"https://www.douyin.com/\","
        "\"data\":{\"awemeId\":\"7460000000000000091\",\"desc\":\"one\",\"createTime\":1736990100,"
        "\"authorUserId\":\"$undefined\",\"authorInfo\":{\"uid\":\"$undefined\","
        "\"nickname\":\"first\"},\"stats\":{\"diggCount\":1}}}\n"
        "{\"id\":2,\"item_id\":\"7460000000000000092\",\"timestamp_collected\":1737255120000,"
        "\"source_platform\":\"douyin.com\",\"source_platform_url\":\"https://www.douyin.com/\","
        "\"data\":{\"awemeId\":\"7460000000000000092\",\"desc\":\"two\",\"createTime\":1736990200,"
        "\"authorInfo\":{\"uid\":\"$undefined\",\"nickname\":\"second\"},"
        "\"stats\":{\"diggCount\":2}}}\n";
    const char *path = write_tmp("douyin-undefined.ndjson", page);
    struct import_options opts = {0};
    struct db *db = NULL;
    struct rf_error err = {{0}};

    if (db_open_memory(&db, &err) != 0)
        return;
    ok(import_with(db, path, &opts) == 0, "Douyin page items with $undefined author ids import");
    is_int(count(db, "SELECT count(*) FROM authors WHERE key = '$undefined'"), 0,
           "$undefined is no author key");
    is_int(count(db, "SELECT count(DISTINCT author_id) FROM posts WHERE platform = 'douyin'"),
           2, "the two authors stay two");
    is_int(count(db, "SELECT count(*) FROM posts WHERE platform = 'douyin'"
                     " AND author IN ('first', 'second')"),
           2, "each named by its nickname");
    db_close(db);
}

/* Spider_XHS's upload_time is the scraping machine's local time: China
 * time unless --assume-zone says otherwise, and the summary says which. */
static void test_spider_zone(void)
{
    struct import_options opts = {.has_zone = true, .zone = when_offset(-300)};
    struct db *db = NULL;
    struct rf_error err = {{0}};
    char path[4096];

    if (db_open_memory(&db, &err) != 0)
        return;
    snprintf(path, sizeof path, "%s/spider_xhs/%s", dir,
             "纽约饺子研究所_5f1a0c00000000000000c001/无标题_6788b059000000001e03c301/info.json");
    ok(import_with(db, path, &opts) == 0, "a Spider_XHS info.json imports with --assume-zone");
    is_int(count(db, "SELECT ts_utc FROM posts WHERE ext_id = '6788b059000000001e03c301'"
                     " AND time_basis = 'local' AND utc_offset = -300"),
           1737058089, "its upload_time is read in the zone given");
    is_str(last.zone, "UTC-05:00 (--assume-zone)", "and the summary says so");
    ok(strstr(message, "upload_time is 780 minutes off the note id's time") != NULL,
       "and a warning says the note's id contradicts the zone");
    db_close(db);
}

/* A 4CAT row without unix_timestamp is dated by its timestamp column, the
 * server's local time: read in UTC (or --assume-zone), and the summary
 * says so. */
static void test_fourcat_timestamp(void)
{
    static const char csv[] =
        "collected_from_url,id,thread_id,author,author_full,body,timestamp,unix_timestamp,"
        "likes\n"
        "https://www.tiktok.com/tag/rednote,1,1,a,A,hi,2025-01-14 02:02:02,,5\n";
    const char *path = write_tmp("tiktok.csv", csv);
    struct import_options opts = {0};
    struct db *db = NULL;
    struct rf_error err = {{0}};

    if (db_open_memory(&db, &err) != 0)
        return;
    ok(import_with(db, path, &opts) == 0, "a 4CAT row without unix_timestamp imports");
    is_int(count(db, "SELECT ts_utc FROM posts WHERE ext_id = '1' AND time_basis = 'local'"),
           1736820122, "its timestamp is read as UTC");
    is_str(last.zone, "UTC+00:00 (the format's default)", "and the summary says so");
    db_close(db);
}

/* An X archive's tweets.js without the account.js beside it: its tweets
 * come in without an author, and the import says so. */
static void test_x_without_account(void)
{
    static const char tweets[] =
        "window.YTD.tweets.part0 = [\n  {\"tweet\": {\"id_str\": \"1\", \"full_text\": \"hi\","
        " \"created_at\": \"Tue Jan 14 03:12:45 +0000 2025\", \"favorite_count\": \"2\"}}\n]\n";
    const char *path = write_tmp("tweets.js", tweets);
    struct import_options opts = {0};
    struct db *db = NULL;
    struct rf_error err = {{0}};

    if (db_open_memory(&db, &err) != 0)
        return;
    ok(import_with(db, path, &opts) == 0, "a tweets.js alone imports");
    is_int(count(db, "SELECT count(*) FROM posts WHERE ext_id = '1' AND author_id IS NULL"
                     " AND ts_utc = 1736824365"),
           1, "its tweet has its time and no author");
    ok(strstr(message, "no account.js beside it") != NULL, "and the import says why");
    path = write_tmp("deleted-tweets.js", "window.YTD.deleted_tweets.part0 = [\n"
                                          "  {\"tweet\": {\"id_str\": \"2\"}}\n]\n");
    ok(import_with(db, path, &opts) == -1 &&
           strstr(message, "an X archive part (deleted_tweets); refuge reads its tweets.js"),
       "another part of the archive is refused, named");
    db_close(db);
}

/* A TikTok Research API id is a JSON number: its digits are kept as
 * written, even past what a double (or 64 bits) holds. */
static void test_exact_ids(void)
{
    static const char page[] =
        "{\"data\": {\"videos\": [\n"
        "  {\"id\": 7459700000000000011, \"create_time\": 1736830800, \"username\": \"a\"},\n"
        "  {\"id\": 93000000000000000011, \"create_time\": 1736830800, \"username\": \"a\"}\n"
        "]}, \"error\": {\"code\": \"ok\"}}\n";
    const char *path = write_tmp("page.json", page);
    struct import_options opts = {0};
    struct db *db = NULL;
    struct rf_error err = {{0}};

    if (db_open_memory(&db, &err) != 0)
        return;
    ok(import_with(db, path, &opts) == 0, "a Research API page with long ids imports");
    is_int(count(db, "SELECT count(*) FROM posts WHERE ext_id IN ('7459700000000000011',"
                     " '93000000000000000011')"),
           2, "its ids are kept digit for digit");
    db_close(db);
}

/* Refusals as a whole, never a search inside: --format json on an object,
 * a forced source that does not fit, a SQLite file from stdin or without
 * MediaCrawler's tables (a view of that name does not count). */
static void test_refusals(void)
{
    struct import_options opts = {.format = IMPORT_JSON};
    struct db *db = NULL;
    struct rf_error err = {{0}};
    char settings[4096], db_path[4096];
    sqlite3 *raw;

    if (db_open_memory(&db, &err) != 0)
        return;
    snprintf(settings, sizeof settings, "%s/refusals/settings.json", dir);
    ok(import_with(db, settings, &opts) == -1 && strstr(message, "a JSON object, not a JSON array"),
       "--format json refuses an object instead of reading its nested array");
    ok(!strstr(message, "malformed"), "and never calls it malformed");
    opts.format = IMPORT_AUTO;
    opts.source = "mediacrawler";
    snprintf(settings, sizeof settings, "%s/zeeschuimer/tiktok.ndjson", dir);
    ok(import_with(db, settings, &opts) == -1 &&
           strstr(message, "not a mediacrawler file: it looks like zeeschuimer:tiktok.com"),
       "a forced source that does not fit refuses the file, naming what it is");
    opts.source = "zeeschuimer";
    ok(import_with(db, settings, &opts) == 0, "a forced source that fits reads it");
    opts.source = NULL;
    snprintf(db_path, sizeof db_path, "%s/view.sqlite", tmpdir);
    if (sqlite3_open(db_path, &raw) == SQLITE_OK)
        sqlite3_exec(raw, "CREATE TABLE t(note_id); CREATE VIEW xhs_note AS SELECT * FROM t;",
                     NULL, NULL, NULL);
    sqlite3_close(raw);
    ok(import_with(db, db_path, &opts) == -1 &&
           strstr(message, "a SQLite database without MediaCrawler's"),
       "a SQLite file whose xhs_note is a view is refused");
    db_close(db);
}

/* A MediaCrawler database with several platforms' tables (column lists of
 * the tool's store/<platform>): Douyin contents and comments and Weibo
 * contents are read; every other table's rows are named in the summary,
 * one reason per table, so nothing is lost silently. */
static void test_sqlite_platforms(void)
{
    static const char *const sql =
        "CREATE TABLE douyin_aweme(id INTEGER PRIMARY KEY, aweme_id TEXT, aweme_type TEXT,"
        " title TEXT, desc TEXT, create_time INTEGER, user_id TEXT, sec_uid TEXT, nickname TEXT,"
        " avatar TEXT, liked_count TEXT, collected_count TEXT, comment_count TEXT,"
        " share_count TEXT, ip_location TEXT, last_modify_ts INTEGER, aweme_url TEXT,"
        " cover_url TEXT, video_download_url TEXT, source_keyword TEXT, add_ts INTEGER);"
        "INSERT INTO douyin_aweme VALUES(1, '7461234567890123456', '0', 't', 'refugees #tiktok',"
        " 1736899200, 'u1', 's1', 'dy one', '', '12', '1', '3', '0', '', 1736900000000,"
        " 'https://www.douyin.com/video/7461234567890123456', '', '', 'tiktok', 0);"
        "INSERT INTO douyin_aweme VALUES(2, '7461234567890123457', '0', 't', 'second',"
        " 1736899300, 'u2', 's2', 'dy two', '', '5', '1', '1', '0', '', 1736900000000,"
        " 'https://www.douyin.com/video/7461234567890123457', '', '', 'tiktok', 0);"
        "CREATE TABLE douyin_aweme_comment(id INTEGER PRIMARY KEY, comment_id TEXT,"
        " create_time INTEGER, ip_location TEXT, aweme_id TEXT, content TEXT, user_id TEXT,"
        " sec_uid TEXT, nickname TEXT, avatar TEXT, sub_comment_count TEXT,"
        " parent_comment_id TEXT, last_modify_ts INTEGER, like_count TEXT, add_ts INTEGER);"
        "INSERT INTO douyin_aweme_comment VALUES(1, '7461234567890200001', 1736899400, '',"
        " '7461234567890123456', 'hello', 'u3', 's3', 'dy three', '', '0', '0', 1736900000000,"
        " '2', 0);"
        "CREATE TABLE weibo_note(id INTEGER PRIMARY KEY, note_id TEXT, content TEXT,"
        " create_time INTEGER, create_date_time TEXT, liked_count TEXT, comments_count TEXT,"
        " shared_count TEXT, last_modify_ts INTEGER, note_url TEXT, ip_location TEXT,"
        " user_id TEXT, nickname TEXT, gender TEXT, profile_url TEXT, avatar TEXT,"
        " source_keyword TEXT, add_ts INTEGER);"
        "INSERT INTO weibo_note VALUES(1, '5120000000000001', 'weibo text', 1736899500,"
        " '2025-01-15 08:05:00', '1', '0', '0', 1736900000000, 'https://m.weibo.cn/detail/1',"
        " '', 'w1', 'wb one', '', '', '', 'tiktok', 0);"
        "CREATE TABLE weibo_note_comment(id INTEGER PRIMARY KEY, comment_id TEXT, note_id TEXT,"
        " content TEXT, create_time INTEGER);"
        "INSERT INTO weibo_note_comment VALUES(1, 'c1', '5120000000000001', 'x', 1736899600);"
        "CREATE TABLE bilibili_video(id INTEGER PRIMARY KEY, video_id TEXT, video_type TEXT,"
        " title TEXT, desc TEXT, create_time INTEGER, user_id TEXT, nickname TEXT,"
        " liked_count TEXT, video_play_count TEXT, video_comment TEXT, video_url TEXT,"
        " source_keyword TEXT);"
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 12)"
        " INSERT INTO bilibili_video SELECT i, 'BV' || i, 'video', 't', 'd', 1736899200, 'b',"
        " 'bn', '1', '1', '0', '', 'tiktok' FROM n;"
        "CREATE TABLE kuaishou_video_comment(id INTEGER PRIMARY KEY, comment_id TEXT);"
        "INSERT INTO kuaishou_video_comment VALUES(1, 'k1'), (2, 'k2');"
        "CREATE TABLE zhihu_content(id INTEGER PRIMARY KEY);"
        "CREATE TABLE somebody_else(id INTEGER PRIMARY KEY);"
        "INSERT INTO somebody_else VALUES(1);";
    struct db *db = NULL;
    struct rf_error err = {{0}};
    char path[4096], reasons[1024] = "";
    const char *paths[1] = {path};
    sqlite3 *raw;

    snprintf(path, sizeof path, "%s/platforms.sqlite", tmpdir);
    if (sqlite3_open(path, &raw) == SQLITE_OK && sqlite3_exec(raw, sql, NULL, NULL, NULL) != SQLITE_OK)
        tap_diag("fixture: %s", sqlite3_errmsg(raw));
    sqlite3_close(raw);
    if (db_open_memory(&db, &err) != 0) {
        ok(0, "set up");
        return;
    }
    ok(import_paths(db, paths, 1, false) == 0, "a database of several platforms imports");
    if (message[0])
        tap_diag("%s", message);
    is_str(last.format, "mediacrawler:sqlite:user_id", "named without Xiaohongshu's tables");
    is_int(last.records, 4, "Douyin contents and comments and Weibo contents are read");
    is_int(count(db, "SELECT count(*) FROM posts WHERE platform = 'douyin'"), 2,
           "the Douyin contents are posts");
    is_int(count(db, "SELECT count(*) FROM posts WHERE platform = 'weibo'"), 1,
           "the Weibo content is a post");
    is_int(count(db, "SELECT count(*) FROM comments"), 1, "the Douyin comment is a comment");
    is_int(last.skipped, 15, "every row not read is counted as skipped");
    for (int k = 0; k < last.nreasons; k++)
        snprintf(reasons + strlen(reasons), sizeof reasons - strlen(reasons), "%s%s: %lld\n",
                 "", last.reasons[k].reason, (long long)last.reasons[k].n);
    is_str(reasons,
           "bilibili_video rows not read (refuge does not read MediaCrawler's Bilibili "
           "contents): 12\n"
           "kuaishou_video_comment rows not read (refuge does not read MediaCrawler's Kuaishou "
           "comments): 2\n"
           "weibo_note_comment rows not read (refuge does not read MediaCrawler's Weibo "
           "comments): 1\n",
           "each table not read is named with its rows; an empty one and another program's "
           "table are not");
    db_close(db);
}

int main(void)
{
    const char *srcdir = getenv("top_srcdir");
    char cmd[4200];

    snprintf(dir, sizeof dir, "%s/tests/data/collections", srcdir ? srcdir : ".");
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 1;
    }
    load_oracle();
    ok(nfiles > 40 && nrecords > 70, "the oracle is read (%d files, %d records)", nfiles,
       nrecords);
    for (int i = 0; i < nfiles; i++)
        test_file(i);
    test_all(false);
    test_all(true);
    test_local_times();
    test_repeats_in_a_file();
    test_tag_list_surrogate();
    test_spider_zone();
    test_douyin_undefined();
    test_exact_ids();
    test_fourcat_timestamp();
    test_x_without_account();
    test_refusals();
    test_sqlite_platforms();
    for (int i = 0; i < nfiles; i++)
        free(held[i]);
    for (int i = 0; i < nfiles; i++)
        for (int c = 0; c < files[i].n; c++)
            free(files[i].col[c]);
    for (int i = 0; i < nrecords; i++)
        for (int c = 0; c < records[i].n; c++)
            free(records[i].col[c]);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        tap_diag("could not remove %s", tmpdir);
    return tap_done();
}
