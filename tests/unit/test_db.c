/* Unit tests for src/db.c: a new cache, WAL, meta, migration of a version 1
 * cache (tests/data/schema-v1.sql) with its data kept, refusal of a newer
 * schema, the integrity report, and the bundled dataset's sync. */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bundle.h"
#include "db.h"
#include "import.h"
#include "cache_sql.h"
#include "tap.h"

static char tmpdir[] = "/tmp/refuge-test-db-XXXXXX";

static void path_in_tmp(char *buf, size_t size, const char *name)
{
    snprintf(buf, size, "%s/%s", tmpdir, name);
}

/* Runs SQL on a file with a plain connection, outside db.c. */
static int raw_exec(const char *path, const char *sql)
{
    sqlite3 *raw;
    int rc;

    if (sqlite3_open(path, &raw) != SQLITE_OK)
        return -1;
    rc = sqlite3_exec(raw, sql, NULL, NULL, NULL);
    sqlite3_close(raw);
    return rc == SQLITE_OK ? 0 : -1;
}

static void test_new(void)
{
    struct db *db;
    struct rf_error err = {{0}};
    char path[1024], value[64];
    struct db_report rep;

    path_in_tmp(path, sizeof path, "new.db");
    ok(db_open(path, &db, &err) == 0, "a new cache is created");
    if (!db)
        return;
    is_int(db_found_version(db), 0, "it had no schema");
    is_int(sql_int(db, "PRAGMA user_version"), DB_SCHEMA_VERSION, "it is at the current version");
    {
        sqlite3_stmt *st;
        sqlite3_prepare_v2(db_sql(db), "PRAGMA journal_mode", -1, &st, NULL);
        sqlite3_step(st);
        is_str((const char *)sqlite3_column_text(st, 0), "wal", "it uses WAL");
        sqlite3_finalize(st);
    }
    is_int(db_meta_get(db, "nothing", value, sizeof value, &err), 0, "a missing meta key");
    ok(db_meta_set(db, "k", "v1", &err) == 0 && db_meta_set(db, "k", "v2", &err) == 0,
       "meta is written and overwritten");
    ok(db_meta_get(db, "k", value, sizeof value, &err) == 1 && strcmp(value, "v2") == 0,
       "meta reads back");
    ok(db_check(db, &rep, &err) == 0, "check runs");
    is_str(rep.integrity, "ok", "a new cache is intact");
    is_int(rep.schema_version, DB_SCHEMA_VERSION, "check reports the schema version");
    is_int(rep.posts, 0, "and counts no posts");
    db_close(db);
    ok(db_open(path, &db, &err) == 0 && db_found_version(db) == DB_SCHEMA_VERSION,
       "opening it again migrates nothing");
    db_close(db);
}

static void test_migrate_v1(void)
{
    struct db *db = NULL;
    struct rf_error err = {{0}};
    char path[1024], fixture[4096], *sql = NULL;
    const char *srcdir = getenv("top_srcdir");
    FILE *fp;
    size_t len = 0;
    struct db_report rep;
    int64_t waiting = 0;

    snprintf(fixture, sizeof fixture, "%s/tests/data/schema-v1.sql", srcdir ? srcdir : ".");
    if (!(fp = fopen(fixture, "r"))) {
        tap_skip("tests/data/schema-v1.sql not found");
        return;
    }
    sql = calloc(1, 65536);
    len = fread(sql, 1, 65535, fp);
    fclose(fp);
    sql[len] = '\0';
    path_in_tmp(path, sizeof path, "v1.db");
    ok(raw_exec(path, sql) == 0, "a version 1 cache is built from the fixture");
    free(sql);
    ok(db_open(path, &db, &err) == 0, "the current code opens it");
    if (!db) {
        tap_diag("%s", err.msg);
        return;
    }
    is_int(db_found_version(db), 1, "it was version 1");
    is_int(sql_int(db, "PRAGMA user_version"), DB_SCHEMA_VERSION, "it is now current");
    is_int(sql_int(db, "SELECT count(*) FROM posts"), 2, "its posts are kept");
    is_int(sql_int(db, "SELECT count(*) FROM events"), 1, "its events are kept");
    is_int(sql_int(db, "SELECT starred FROM state WHERE ext_id = 'v1-b'"), 1,
           "the user's state is kept");
    is_int(sql_int(db, "SELECT count(*) FROM pragma_table_info('posts') WHERE name = 'note'"), 1,
           "posts gained the note column");
    is_int(sql_int(db, "SELECT sum(posts) FROM daily"), 2, "the per-day table was filled");
    is_int(sql_int(db, "SELECT posts FROM daily WHERE lang = 'zh'"), 1,
           "by day, platform and language");
    is_int(sql_int(db, "SELECT posts FROM tag_counts WHERE tag = 'tiktokban'"), 1,
           "tag counts were filled");
    is_int(sql_int(db, "SELECT value FROM meta WHERE key = 'index_posts'"), 0,
           "its search index was made anew, every post waiting for it (migration 19)");
    ok(import_index_build(db, &(struct import_options){0}, &waiting, &err) == 0 && waiting == 0,
       "and it is built again in steps");
    is_int(sql_int(db, "SELECT count(*) FROM posts_fts WHERE posts_fts MATCH"
                       " '\"Red\" AND \"edN\" AND \"dNo\" AND \"Not\" AND \"ote\"'"),
           1, "the search index answers");
    is_int(sql_int(db, "SELECT count(*) FROM sqlite_schema WHERE name IN ('posts_fts',"
                       " 'comments_fts') AND sql LIKE '%detail=none%'"),
           2, "both search indexes keep no positions");
    is_int(sql_int(db, "SELECT count(*) FROM sqlite_schema WHERE name IN ('posts_ai',"
                     " 'daily_ai', 'tag_counts_ai')"),
           0, "later versions dropped the per-row insert triggers");
    is_int(sql_int(db, "SELECT count(*) FROM sqlite_schema WHERE name IN ('posts_ad',"
                     " 'daily_ad', 'tag_counts_ad')"),
           3, "and kept the delete triggers");
    ok(db_check(db, &rep, &err) == 0 && strcmp(rep.integrity, "ok") == 0 &&
           rep.fts_rows == 2 && rep.daily_posts == 2,
       "the migrated cache checks out");
    db_close(db);
}

/* A cache of the version before (7) upgrades in place to the current one:
 * its rows are kept, and the collections' tables are there and empty. */
static void test_migrate_previous(void)
{
    struct db *db = NULL;
    struct rf_error err = {{0}};
    char path[1024], fixture[4096], *sql = NULL;
    const char *srcdir = getenv("top_srcdir");
    FILE *fp;
    size_t len = 0;
    struct db_report rep;
    int64_t waiting = 0;

    snprintf(fixture, sizeof fixture, "%s/tests/data/schema-v7.sql", srcdir ? srcdir : ".");
    if (!(fp = fopen(fixture, "r"))) {
        tap_skip("tests/data/schema-v7.sql not found");
        return;
    }
    sql = calloc(1, 65536);
    len = fread(sql, 1, 65535, fp);
    fclose(fp);
    sql[len] = '\0';
    path_in_tmp(path, sizeof path, "v7.db");
    ok(raw_exec(path, sql) == 0, "a version 7 cache is built from the fixture");
    free(sql);
    ok(db_open(path, &db, &err) == 0, "the current code opens it");
    if (!db) {
        tap_diag("%s", err.msg);
        return;
    }
    is_int(db_found_version(db), 7, "it was version 7");
    is_int(sql_int(db, "PRAGMA user_version"), DB_SCHEMA_VERSION, "it is now current");
    is_int(sql_int(db, "SELECT count(*) FROM posts"), 2, "its posts are kept");
    is_int(sql_int(db, "SELECT starred FROM state WHERE ext_id = 'v1-b'"), 1,
           "the user's state is kept");
    is_int(sql_int(db, "SELECT count(*) FROM posts WHERE known = 15 AND at_least = 0"
                     " AND time_basis = 'exact' AND author_id IS NULL"),
           2, "its counts are known and exact, its times exact");
    is_int(sql_int(db, "SELECT count(*) FROM comments") + sql_int(db, "SELECT count(*) FROM"
                                                                  " authors"),
           0, "it has no comments or authors yet");
    ok(import_index_build(db, &(struct import_options){0}, &waiting, &err) == 0 && waiting == 0,
       "its search index, made anew (migration 19), is built again");
    is_int(sql_int(db, "SELECT count(*) FROM posts_fts WHERE posts_fts MATCH"
                       " '\"Red\" AND \"edN\" AND \"dNo\" AND \"Not\" AND \"ote\"'"),
           1, "the search index answers");
    is_int(sql_int(db, "SELECT (SELECT v FROM posts_fts_config WHERE k = 'automerge')"
                     " + (SELECT v FROM comments_fts_config WHERE k = 'automerge')"),
           32, "both search indexes merge 16 segments at a time (migration 17)");
    ok(db_check(db, &rep, &err) == 0 && strcmp(rep.integrity, "ok") == 0 &&
           rep.fts_rows == 2 && rep.daily_posts == 2 && rep.comments == 0 &&
           rep.comment_fts_rows == 0 && rep.daily_comments == 0 && rep.authors == 0 &&
           rep.quarter_posts == 2 && rep.quarter_days_off == 0,
       "the upgraded cache checks out");
    is_int(sql_int(db, "SELECT count(*) FROM day_quarters d JOIN posts p"
                     " ON d.day = p.ts_utc / 86400 AND d.platform = p.platform"
                     " AND d.lang = p.lang"
                     " WHERE refuge_quarters_json(d.counts)"
                     " = json_array(p.ts_utc / 900 % 96, 1, p.likes)"),
           2, "each post is counted in its day's quarter hour, with its likes");
    ok(sql_int(db, "DELETE FROM posts WHERE ext_id = 'v1-b' RETURNING 1") == 1 &&
           sql_int(db, "SELECT count(*) FROM quarters_gone q JOIN day_quarters d"
                       " ON d.day = q.q / 96 AND d.platform = q.platform AND d.lang = q.lang"
                       " WHERE q.posts = 1") == 1 &&
           db_check(db, &rep, &err) == 0 && rep.quarter_posts == 1 &&
           rep.quarter_days_off == 0,
       "a deleted post is counted off its quarter hour");
    db_close(db);
}

/* Migration 20: a cache whose import left posts of 1970-01-01 east of UTC
 * (UTC times -86399 to -1) on no day gets the days around 0 counted again. */
static void test_migrate_days_before_1970(void)
{
    static const char text[] =
        "{\"id\": \"e1\", \"platform\": \"x\", \"lang\": \"en\", \"text\": \"a\","
        " \"time\": \"1970-01-01T05:00:00+14:00\", \"likes\": 3}\n"
        "{\"id\": \"e2\", \"platform\": \"x\", \"lang\": \"en\", \"text\": \"b\","
        " \"time\": \"1970-01-01T00:00:00+14:00\", \"likes\": 4}\n"
        "{\"id\": \"e3\", \"platform\": \"x\", \"lang\": \"en\", \"text\": \"c\","
        " \"time\": \"1970-01-01T23:00:00+14:00\", \"likes\": 5}\n";
    struct import_options opts = {.format = IMPORT_JSONL};
    struct import_result res;
    struct rf_error err = {{0}};
    struct db *db = NULL;
    char path[4096];

    path_in_tmp(path, sizeof path, "days1970.db");
    ok(db_open(path, &db, &err) == 0 && db_begin(db, &err) == 0 &&
           import_buffer(db, "e.jsonl", text, sizeof text - 1, &opts, &res, &err) == 0 &&
           db_commit(db, &err) == 0,
       "three posts of 1970-01-01 at UTC+14 import");
    if (!db)
        return;
    is_int(sql_int(db, "SELECT posts FROM daily WHERE day = 0 AND platform = 'x'"), 3,
           "all on day 0");
    db_close(db);
    db = NULL;
    /* As an import before the fix left it: day 0 held only the post at or after 0. */
    ok(raw_exec(path, "UPDATE daily SET posts = 1, likes = 5 WHERE day = 0 AND platform = 'x';"
                      "PRAGMA user_version = 19;") == 0,
       "made a version 19 cache missing two of them");
    ok(db_open(path, &db, &err) == 0, "the current code opens it");
    if (!db)
        return;
    is_int(sql_int(db, "SELECT posts FROM daily WHERE day = 0 AND platform = 'x'"), 3,
           "the day counts them again");
    is_int(sql_int(db, "SELECT likes FROM daily WHERE day = 0 AND platform = 'x'"), 12,
           "with their likes");
    is_int(sql_int(db, "SELECT sum(posts) FROM daily") - sql_int(db, "SELECT count(*) FROM posts"),
           0, "every post is on a day");
    db_close(db);
}

static void test_newer_refused(void)
{
    struct db *db = NULL;
    struct rf_error err = {{0}};
    char path[1024], want[1200];

    path_in_tmp(path, sizeof path, "future.db");
    raw_exec(path, "CREATE TABLE t(x); PRAGMA user_version = 99;");
    ok(db_open(path, &db, &err) == -1 && !db, "a cache from a newer refuge is refused");
    snprintf(want, sizeof want,
             "%s has cache schema version 99, newer than this refuge understands (%d); use a "
             "newer refuge, or another cache with --db",
             path, DB_SCHEMA_VERSION);
    is_str(err.msg, want, "with a message that says why and what to do");
    {
        sqlite3 *raw;
        sqlite3_stmt *st;
        sqlite3_open(path, &raw);
        sqlite3_prepare_v2(raw, "PRAGMA user_version", -1, &st, NULL);
        sqlite3_step(st);
        is_int(sqlite3_column_int(st, 0), 99, "and is left untouched");
        sqlite3_finalize(st);
        sqlite3_close(raw);
    }
    path_in_tmp(path, sizeof path, "junk.db");
    {
        FILE *fp = fopen(path, "w");
        fputs("this is not a database, just some text long enough to have a header........"
              "..........................................................................",
              fp);
        fclose(fp);
    }
    ok(db_open(path, &db, &err) == -2 && strstr(err.msg, "not a database"),
       "a file that is not a database is refused as damaged (-2)");
}

static void test_bundle(void)
{
    struct db *db = NULL;
    struct rf_error err = {{0}};
    char hash[64];
    int64_t posts;

    if (db_open_memory(&db, &err) != 0)
        return;
    ok(bundle_sync(db, &err) == 0, "the bundled dataset loads");
    if (err.msg[0])
        tap_diag("%s", err.msg);
    posts = sql_int(db, "SELECT count(*) FROM posts WHERE bundled");
    ok(bundle_nfiles == 0 || posts + sql_int(db, "SELECT count(*) FROM events") > 0,
       "it brings events and posts");
    ok(db_meta_get(db, "bundle_hash", hash, sizeof hash, &err) == 1 &&
           strcmp(hash, bundle_hash) == 0,
       "meta records its hash");
    /* State survives a new bundle: it is keyed by platform and post id. */
    sqlite3_exec(db_sql(db),
                 "INSERT INTO state SELECT platform, ext_id, 1, 1 FROM posts WHERE bundled"
                 " LIMIT 1; UPDATE meta SET value = 'old' WHERE key = 'bundle_hash';",
                 NULL, NULL, NULL);
    ok(bundle_sync(db, &err) == 0, "a changed bundle is imported again");
    is_int(sql_int(db, "SELECT count(*) FROM posts WHERE bundled"), posts,
           "replacing the bundled posts, not adding to them");
    ok(posts == 0 || sql_int(db, "SELECT count(*) FROM state s JOIN posts p USING(platform,"
                               " ext_id) WHERE s.starred") == 1,
       "the user's star survives the new bundle");
    is_int(sql_int(db, "SELECT (SELECT count(*) FROM posts) - (SELECT sum(posts) FROM daily)"),
           0, "the per-day table matches");
    db_close(db);
}

/* Imports `n` generated posts (two per day from 2025-01-10, tags shared
 * with the bundle's) in one transaction. */
static int import_own(struct db *db, int n, struct rf_error *err)
{
    struct import_options opts = {.format = IMPORT_JSONL};
    struct import_result res;
    size_t cap = (size_t)n * 200 + 1, len = 0;
    char *buf = malloc(cap);
    int rc;

    if (!buf)
        return -1;
    for (int i = 0; i < n; i++)
        len += (size_t)snprintf(buf + len, cap - len,
                                "{\"id\": \"own-%d\", \"platform\": \"xiaohongshu\", "
                                "\"lang\": \"%s\", \"time\": \"2025-01-%02dT12:00:00Z\", "
                                "\"text\": \"own post %d\", \"likes\": %d, "
                                "\"tags\": [\"tiktokrefugee\", \"own\"]}\n",
                                i, i % 2 ? "en" : "zh", 10 + i / 2 % 20, i, i);
    rc = db_begin(db, err) == 0 &&
                 import_buffer(db, "own.jsonl", buf, len, &opts, &res, err) == 0 &&
                 db_commit(db, err) == 0
             ? 0
             : -1;
    free(buf);
    return rc;
}

/* refuge drop --bundled: the bundle's rows go, the researcher's stay with
 * their stars, and every table kept by triggers agrees with the posts. */
static void test_drop_bundled(void)
{
    struct db *db = NULL;
    struct rf_error err = {{0}};
    struct bundle_dropped dropped;
    int64_t bundled, events;
    char kept[16];

    if (db_open_memory(&db, &err) != 0)
        return;
    ok(bundle_sync(db, &err) == 0 && import_own(db, 600, &err) == 0,
       "the bundle and 600 posts of one's own load");
    bundled = sql_int(db, "SELECT count(*) FROM posts WHERE bundled");
    events = sql_int(db, "SELECT count(*) FROM events");
    sqlite3_exec(db_sql(db),
                 "INSERT INTO state VALUES('xiaohongshu', 'own-7', 0, 1), "
                 "('xiaohongshu', 'own-599', 1, 0);",
                 NULL, NULL, NULL);
    ok(bundle_drop(db, &dropped, &err) == 0, "drop --bundled runs");
    if (err.msg[0])
        tap_diag("%s", err.msg);
    is_int(dropped.posts, bundled, "it counts the bundled posts it removed");
    is_int(dropped.events, events, "and the events");
    is_int(sql_int(db, "SELECT count(*) FROM posts WHERE bundled"), 0, "no bundled post is left");
    is_int(sql_int(db, "SELECT count(*) FROM posts"), 600, "every imported post is kept");
    is_int(sql_int(db, "SELECT count(*) FROM events") + sql_int(db, "SELECT count(*) FROM figures"),
           0, "the bundled events and figures are gone");
    is_int(sql_int(db, "SELECT count(*) FROM state s JOIN posts p USING(platform, ext_id)"
                       " WHERE s.starred OR s.read"),
           2, "the star and read mark on imported posts are kept");
    is_int(sql_int(db, "SELECT sum(posts) FROM daily"), 600, "the per-day table counts 600 posts");
    is_int(sql_int(db, "SELECT count(*) FROM (SELECT ts_utc / 86400 AS d, platform, lang,"
                       " count(*) AS n, sum(likes) AS l FROM posts GROUP BY 1, 2, 3) p"
                       " LEFT JOIN daily USING(platform, lang) WHERE daily.day = p.d"
                       " AND (daily.posts != p.n OR daily.likes != p.l)"),
           0, "and each day's posts and likes agree with the posts");
    is_int(sql_int(db, "SELECT posts FROM tag_counts WHERE tag = 'tiktokrefugee'"), 600,
           "a tag the bundle shared counts only the imported posts now");
    is_int(sql_int(db, "SELECT count(*) FROM tag_counts t WHERE posts !="
                       " (SELECT count(*) FROM post_tags p WHERE p.tag = t.tag)"),
           0, "every tag count agrees with the tags");
    is_int(sql_int(db, "SELECT count(*) FROM posts_fts_docsize"), 600,
           "the search index holds the imported posts only");
    is_int(sql_int(db, "SELECT count(*) FROM posts WHERE instr(text, 'own post 59') AND id IN"
                       " (SELECT rowid FROM posts_fts WHERE posts_fts MATCH '\"own\" AND \"wn \""
                       " AND \"n p\" AND \" po\" AND \"pos\" AND \"ost\" AND \"st \" AND \"t 5\""
                       " AND \" 59\"')"),
           11, "and finds them");
    is_int(sql_int(db, "SELECT count(*) FROM sources"), 0,
           "the sources only the bundle cited are gone");
    ok(db_meta_get(db, DB_META_BUNDLE, kept, sizeof kept, &err) == 1 && strcmp(kept, "no") == 0,
       "the cache is marked as kept without the bundle");
    db_close(db);
}

/* --no-bundle makes a cache without the bundle and keeps it so; a cache
 * that has the bundle keeps it, with a warning. */
static void test_no_bundle(void)
{
    struct db *db = NULL;
    struct rf_error err = {{0}}, warning = {{0}};
    char path[1024];

    path_in_tmp(path, sizeof path, "own.db");
    ok(bundle_open_cache(path, false, false, &db, &warning, &err) == 0,
       "a new cache opens without the bundle");
    if (!db)
        return;
    is_int(sql_int(db, "SELECT count(*) FROM posts") + sql_int(db, "SELECT count(*) FROM events"),
           0, "it holds nothing");
    is_str(warning.msg, "", "without a warning");
    db_close(db);
    ok(bundle_open_cache(path, false, true, &db, &warning, &err) == 0, "it opens again");
    if (!db)
        return;
    is_int(sql_int(db, "SELECT count(*) FROM posts"), 0,
           "without --no-bundle it still takes no bundle");
    db_close(db);

    path_in_tmp(path, sizeof path, "bundled.db");
    ok(bundle_open_cache(path, false, true, &db, &warning, &err) == 0, "a cache with the bundle");
    if (!db)
        return;
    db_close(db);
    ok(bundle_open_cache(path, false, false, &db, &warning, &err) == 0,
       "opens with --no-bundle");
    if (!db)
        return;
    ok(bundle_nfiles == 0 || sql_int(db, "SELECT count(*) FROM posts WHERE bundled") > 0,
       "keeping its bundle");
    ok(bundle_nfiles == 0 || strstr(warning.msg, "drop --bundled"),
       "and a warning names refuge drop --bundled");
    db_close(db);
}

int main(void)
{
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 1;
    }
    test_new();
    test_migrate_v1();
    test_migrate_previous();
    test_migrate_days_before_1970();
    test_newer_refused();
    test_bundle();
    test_drop_bundled();
    test_no_bundle();
    remove_tree(tmpdir);
    return tap_done();
}
