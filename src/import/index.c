/* index.c — the second phase of an import: the search indexes, in steps.
 *
 * The rows phase (store.c) leaves new posts and comments above the
 * indexes' watermarks (db.h: DB_INDEXED_POSTS). Here they are fed to FTS5
 * in id order, a bounded number per transaction, each of which also moves
 * the watermark: a step is all or nothing, so a killed import resumes at
 * the next step, and a reader or the explorer never waits on more than
 * one step's write lock. */
#include "autoconfig.h"

#include <stdbool.h>
#include <stdio.h>

#include "../db.h"
#include "../i18n.h"
#include "../import.h"

/* One index: its watermark's meta key, the rows it holds and the statement
 * that feeds it a range of ids through its view (posts_fts_src, which ends
 * each text with two U+FFFF: see db.c's migration 6). */
static const struct {
    const char *key, *next, *feed, *waiting;
} indexes[] = {
    {"index_posts",
     "SELECT max(id), count(*) FROM (SELECT id FROM posts WHERE id > ?1 ORDER BY id LIMIT ?2)",
     "INSERT INTO posts_fts(rowid, text, translation)"
     " SELECT id, text, translation FROM posts_fts_src WHERE id > ?1 AND id <= ?2",
     "SELECT count(*) FROM posts WHERE id > " DB_INDEXED_POSTS},
    {"index_comments",
     "SELECT max(id), count(*) FROM (SELECT id FROM comments WHERE id > ?1 ORDER BY id"
     " LIMIT ?2)",
     "INSERT INTO comments_fts(rowid, text)"
     " SELECT id, text FROM comments_fts_src WHERE id > ?1 AND id <= ?2",
     "SELECT count(*) FROM comments WHERE id > " DB_INDEXED_COMMENTS},
};

#define NINDEXES (sizeof indexes / sizeof indexes[0])

static int fail(sqlite3 *sql, sqlite3_stmt *st, struct rf_error *err)
{
    rf_error_set(err, _("cache: building the search index: %s"), sqlite3_errmsg(sql));
    sqlite3_finalize(st);
    return -1;
}

/* One statement of two integers and up to two results. */
static int run(sqlite3 *sql, const char *text, int64_t a, int64_t b, int64_t out[2],
               struct rf_error *err)
{
    sqlite3_stmt *st;
    int rc;

    if (sqlite3_prepare_v2(sql, text, -1, &st, NULL) != SQLITE_OK)
        return fail(sql, NULL, err);
    if (sqlite3_bind_parameter_count(st) >= 1)
        sqlite3_bind_int64(st, 1, a);
    if (sqlite3_bind_parameter_count(st) >= 2)
        sqlite3_bind_int64(st, 2, b);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW && out)
        for (int i = 0; i < 2 && i < sqlite3_column_count(st); i++)
            out[i] = sqlite3_column_int64(st, i);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return fail(sql, st, err);
    sqlite3_finalize(st);
    return 0;
}

/* Indexes up to `rows` rows of index i above its watermark and moves it,
 * inside the caller's transaction; *added says how many. */
static int feed(sqlite3 *sql, size_t i, int64_t rows, int64_t *added, struct rf_error *err)
{
    int64_t mark[2] = {0, 0}, next[2] = {0, 0};
    char upto[24];
    sqlite3_stmt *st;

    int rc;

    *added = 0;
    if (sqlite3_prepare_v2(sql, "SELECT CAST(value AS INTEGER) FROM meta WHERE key = ?1", -1,
                           &st, NULL) != SQLITE_OK)
        return fail(sql, NULL, err);
    sqlite3_bind_text(st, 1, indexes[i].key, -1, SQLITE_STATIC);
    if ((rc = sqlite3_step(st)) == SQLITE_ROW)
        mark[0] = sqlite3_column_int64(st, 0);
    else if (rc != SQLITE_DONE)
        return fail(sql, st, err);
    sqlite3_finalize(st);
    if (run(sql, indexes[i].next, mark[0], rows, next, err) != 0)
        return -1;
    if (next[1] == 0)
        return 0;
    if (run(sql, indexes[i].feed, mark[0], next[0], NULL, err) != 0)
        return -1;
    snprintf(upto, sizeof upto, "%lld", (long long)next[0]);
    if (sqlite3_prepare_v2(sql, "UPDATE meta SET value = ?2 WHERE key = ?1", -1, &st, NULL) !=
        SQLITE_OK)
        return fail(sql, NULL, err);
    sqlite3_bind_text(st, 1, indexes[i].key, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, upto, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE)
        return fail(sql, st, err);
    sqlite3_finalize(st);
    *added = next[1];
    return 0;
}

int import_index_waiting(struct db *db, int64_t *out, struct rf_error *err)
{
    *out = 0;
    for (size_t i = 0; i < NINDEXES; i++) {
        int64_t n[2] = {0, 0};
        if (run(db_sql(db), indexes[i].waiting, 0, 0, n, err) != 0)
            return -1;
        *out += n[0];
    }
    return 0;
}

int import_index_catch_up(struct db *db, struct rf_error *err)
{
    for (size_t i = 0; i < NINDEXES; i++) {
        int64_t added;
        if (feed(db_sql(db), i, -1, &added, err) != 0)
            return -1;
    }
    return 0;
}

int import_index_step(struct db *db, int64_t rows, int64_t *added, struct rf_error *err)
{
    *added = 0;
    if (db_begin(db, err) != 0)
        return -1;
    /* Posts first: they are what searches ask for. */
    for (size_t i = 0; i < NINDEXES && *added == 0; i++)
        if (feed(db_sql(db), i, rows, added, err) != 0) {
            db_rollback(db);
            return -1;
        }
    if (db_commit(db, err) != 0) {
        db_rollback(db);
        return -1;
    }
    return *added > 0;
}

int import_index_build(struct db *db, const struct import_options *opts, int64_t *waiting,
                       struct rf_error *err)
{
    int64_t total, done = 0, added;
    int rc = 0;

    if (import_index_waiting(db, &total, err) != 0)
        return -1;
    *waiting = total;
    if (total == 0)
        return 0;
    db_bulk_mode(db, true);
    while (!(opts->stop && *opts->stop)) {
        if ((rc = import_index_step(db, IMPORT_INDEX_STEP, &added, err)) <= 0)
            break;
        done += added;
        *waiting = total > done ? total - done : 0;
        if (opts->index_progress)
            opts->index_progress(opts->progress_data, done, total);
    }
    db_bulk_mode(db, false);
    if (rc < 0)
        return -1;
    /* Rows stored by another import meanwhile are counted anew. */
    return import_index_waiting(db, waiting, err);
}
