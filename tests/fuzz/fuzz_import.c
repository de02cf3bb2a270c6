/* fuzz_import.c — libFuzzer target for the importers.
 *
 * Input: byte 0 is a selector, the rest is the file.
 *   bits 0-1  the encoding: auto, JSON Lines, JSON array, CSV
 *   bit 2     --skip-bad
 *   bit 3     stamp the records as the bundled dataset (as bundle.c does)
 *   bit 4     import the file a second time, which must change nothing
 * What the records are (posts, comments, events, figures, and the
 * collections of researchers' tools: Zeeschuimer envelopes, MediaCrawler
 * notes and comments, TikTok items) is told by the first record's field
 * names, as in real files: the seed corpus has each kind in each encoding
 * (seed-* are the collection fixtures; a SQLite file is refused, since a
 * buffer is not a file SQLite could open), and import.dict lists the names
 * for the mutator.
 *
 * Each input is imported into one in-memory cache (kept between inputs, so
 * upserts over earlier rows are exercised too), and the target checks what
 * refuge relies on: a failed import leaves the cache exactly as it was;
 * after a committed one, the search indexes, the per-day tables and the tag
 * counts agree with the posts and comments. A broken invariant aborts with
 * a message.
 * Built with libFuzzer by ./configure CC=clang --enable-fuzzing, and
 * replayed over the committed corpus by tests/fuzz/replay.c in `make check`.
 */
#include "autoconfig.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond, what)                                                                  \
    do {                                                                                   \
        if (!(cond)) {                                                                     \
            fprintf(stderr, "fuzz_import: %s:%d: invariant broken: %s\n", __FILE__,       \
                    __LINE__, what);                                                       \
            abort();                                                                       \
        }                                                                                  \
    } while (0)

static struct db *db;

static int64_t count(const char *sql)
{
    sqlite3_stmt *st;
    int64_t n = -1;

    CHECK(sqlite3_prepare_v2(db_sql(db), sql, -1, &st, NULL) == SQLITE_OK, sql);
    if (sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

/* A digest of the tables an import writes. */
static int64_t digest(void)
{
    return count("SELECT (SELECT count(*) * 7 + coalesce(sum(ts_utc + likes + length(text)"
                 " + length(tags) + bundled), 0) FROM posts)"
                 " + (SELECT count(*) FROM post_tags) * 11"
                 " + (SELECT count(*) + coalesce(sum(ts_utc + bundled), 0) FROM events) * 13"
                 " + (SELECT count(*) + coalesce(sum(value + bundled), 0) FROM figures) * 17"
                 " + (SELECT count(*) FROM sources) * 19"
                 " + (SELECT coalesce(sum(posts * day), 0) FROM daily)"
                 " + (SELECT count(*) * 23 + coalesce(sum(ts_utc + coalesce(likes, 0)"
                 " + length(text)), 0) FROM comments)"
                 " + (SELECT count(*) FROM authors) * 29"
                 " + (SELECT count(*) FROM post_keywords) * 31"
                 " + (SELECT count(*) FROM post_media) * 37");
}

static void check_tables(void)
{
    CHECK(count("SELECT count(*) FROM posts") == count("SELECT count(*) FROM posts_fts_docsize"),
          "every post is in the search index once");
    CHECK(count("SELECT count(*) FROM posts") ==
              count("SELECT coalesce(sum(posts), 0) FROM daily"),
          "the per-day table counts every post");
    CHECK(count("SELECT count(*) FROM (SELECT day, platform, lang, count(*) AS n FROM"
                " (SELECT ts_utc / 86400 AS day, platform, lang FROM posts) GROUP BY 1, 2, 3)"
                " c LEFT JOIN daily d USING (day, platform, lang) WHERE d.posts IS NOT c.n") ==
              0,
          "the per-day table matches the posts day by day");
    CHECK(count("SELECT count(*) FROM (SELECT tag, count(*) AS n FROM post_tags GROUP BY tag)"
                " c LEFT JOIN tag_counts t USING (tag) WHERE t.posts IS NOT c.n") == 0,
          "the tag counts match the tags");
    CHECK(count("SELECT count(*) FROM tag_counts") ==
              count("SELECT count(DISTINCT tag) FROM post_tags"),
          "no tag is counted that no post has");
    CHECK(sqlite3_exec(db_sql(db),
                       "INSERT INTO posts_fts(posts_fts, rank) VALUES('integrity-check', 1)",
                       NULL, NULL, NULL) == SQLITE_OK,
          "the search index agrees with the posts");
    CHECK(count("SELECT count(*) FROM comments") ==
              count("SELECT count(*) FROM comments_fts_docsize"),
          "every comment is in the comments' search index once");
    CHECK(count("SELECT count(*) FROM comments") ==
              count("SELECT coalesce(sum(comments), 0) FROM comments_daily"),
          "the comments' per-day table counts every comment");
    CHECK(sqlite3_exec(db_sql(db),
                       "INSERT INTO comments_fts(comments_fts, rank)"
                       " VALUES('integrity-check', 1)",
                       NULL, NULL, NULL) == SQLITE_OK,
          "the comments' search index agrees with the comments");
    CHECK(count("SELECT count(*) FROM posts WHERE known & ~31 OR at_least & ~known") == 0,
          "a count is a lower bound only when it is known");
}

/* Imports the file in one transaction; returns the import's status. */
static int import_once(const char *text, size_t len, const struct import_options *opts,
                       struct import_result *res)
{
    struct rf_error err = {{0}};
    int64_t before = digest();
    int rc;

    CHECK(db_begin(db, &err) == 0, err.msg);
    rc = import_buffer(db, "fuzz", text, len, opts, res, &err);
    if (rc != 0) {
        CHECK(err.msg[0] != '\0', "a failed import says why");
        db_rollback(db);
        CHECK(digest() == before, "a failed import leaves the cache as it was");
        return rc;
    }
    CHECK(db_commit(db, &err) == 0, err.msg);
    check_tables();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const enum import_format formats[] = {IMPORT_AUTO, IMPORT_JSONL, IMPORT_JSON,
                                                 IMPORT_CSV};
    struct import_options opts = {0};
    struct import_result first, again;
    struct rf_error err = {{0}};
    const char *text = (const char *)data + 1;
    int64_t after;

    if (size < 1)
        return 0;
    if (!db)
        CHECK(db_open_memory(&db, &err) == 0, err.msg);
    opts.format = formats[data[0] & 3];
    opts.skip_bad = (data[0] & 4) != 0;
    opts.bundled = (data[0] & 8) != 0;
    if (import_once(text, size - 1, &opts, &first) != 0 || !(data[0] & 16))
        return 0;
    after = digest();
    CHECK(import_once(text, size - 1, &opts, &again) == 0, "a file that imported imports again");
    CHECK(digest() == after, "importing a file twice changes nothing");
    CHECK(again.posts == 0 && again.events == 0 && again.figures == 0 && again.comments == 0,
          "the second import counts every record as unchanged");
    CHECK(again.bad == first.bad, "the second import finds the same bad records");
    return 0;
}
