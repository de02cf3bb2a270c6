/* store_translation.c — a translation into a cached post or comment
 * (contract in store_translation.h). */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "../db.h"
#include "i18n.h"
#include "store_translation.h"

struct translation_store {
    sqlite3 *sql;
    sqlite3_stmt *find[2], *update[2], *unindex, *index;
};


static const char *const find_sql[2] = {
    "SELECT id, text, translation, translation_kind, translation_by FROM posts"
    " WHERE platform = ?1 AND ext_id = ?2",
    "SELECT id, text, translation, translation_kind, translation_by FROM comments"
    " WHERE platform = ?1 AND ext_id = ?2"};
static const char *const update_sql[2] = {
    "UPDATE posts SET translation = ?2, translation_kind = ?3, translation_by = ?4"
    " WHERE id = ?1",
    "UPDATE comments SET translation = ?2, translation_kind = ?3, translation_by = ?4"
    " WHERE id = ?1"};
/* The index reads posts through posts_fts_src, which ends each text with
 * two U+FFFF (src/db.c, migration 6): the old row leaves the index as it
 * was read, the new one enters as the view shows it; a post above the
 * index's watermark (db.h), not indexed yet, is left to the index's
 * phase of the import, which reads its new translation then. */
static const char unindex_sql[] =
    "INSERT INTO posts_fts(posts_fts, rowid, text, translation)"
    " SELECT 'delete', ?1, ?2 || char(65535, 65535), ?3 || char(65535, 65535)"
    " WHERE ?1 <= " DB_INDEXED_POSTS;
static const char index_sql[] =
    "INSERT INTO posts_fts(rowid, text, translation)"
    " SELECT id, text, translation FROM posts_fts_src WHERE id = ?1"
    " AND id <= " DB_INDEXED_POSTS;

static int prepare(sqlite3 *sql, const char *text, sqlite3_stmt **out, struct rf_error *err)
{
    if (sqlite3_prepare_v3(sql, text, -1, SQLITE_PREPARE_PERSISTENT, out, NULL) == SQLITE_OK)
        return 0;
    rf_error_set(err, "cache: %s", sqlite3_errmsg(sql));
    return -1;
}

struct translation_store *translation_store_open(sqlite3 *sql, struct rf_error *err)
{
    struct translation_store *ts = calloc(1, sizeof *ts);

    if (!ts) {
        rf_error_set(err, _("out of memory"));
        return NULL;
    }
    ts->sql = sql;
    for (int i = 0; i < 2; i++)
        if (prepare(sql, find_sql[i], &ts->find[i], err) != 0 ||
            prepare(sql, update_sql[i], &ts->update[i], err) != 0)
            goto fail;
    if (prepare(sql, unindex_sql, &ts->unindex, err) != 0 ||
        prepare(sql, index_sql, &ts->index, err) != 0)
        goto fail;
    return ts;
fail:
    translation_store_close(ts);
    return NULL;
}

void translation_store_close(struct translation_store *ts)
{
    if (!ts)
        return;
    for (int i = 0; i < 2; i++) {
        sqlite3_finalize(ts->find[i]);
        sqlite3_finalize(ts->update[i]);
    }
    sqlite3_finalize(ts->unindex);
    sqlite3_finalize(ts->index);
    free(ts);
}

static bool same_text(const unsigned char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp((const char *)a, b) == 0);
}

static enum translation_result failed(struct translation_store *ts, struct rf_error *err)
{
    rf_error_set(err, "cache: %s", sqlite3_errmsg(ts->sql));
    return TRANSLATION_FAILED;
}

/* Runs a statement that returns no row, then resets it. */
static int run(sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);

    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

enum translation_result translation_store(struct translation_store *ts,
                                          const struct translation *t,
                                          enum translation_policy policy, struct rf_error *err)
{
    sqlite3_stmt *find = ts->find[t->comment], *update = ts->update[t->comment];
    enum translation_result result = TRANSLATION_WRITTEN;
    const unsigned char *old, *kind;
    int64_t id;
    int rc;

    sqlite3_bind_text(find, 1, t->platform, -1, SQLITE_STATIC);
    sqlite3_bind_text(find, 2, t->id, -1, SQLITE_STATIC);
    if ((rc = sqlite3_step(find)) != SQLITE_ROW) {
        sqlite3_reset(find);
        return rc == SQLITE_DONE ? TRANSLATION_UNKNOWN : failed(ts, err);
    }
    id = sqlite3_column_int64(find, 0);
    old = sqlite3_column_text(find, 2);
    kind = sqlite3_column_text(find, 3);
    if (old && !old[0])
        old = NULL; /* an empty translation is none */
    if (old && same_text(old, t->text) && same_text(kind, t->kind) &&
        same_text(sqlite3_column_text(find, 4), t->by))
        result = TRANSLATION_SAME;
    else if (old && (policy == TRANSLATION_FILL ||
                     (policy == TRANSLATION_OVER_MACHINE && !same_text(kind, "machine"))))
        result = TRANSLATION_KEPT;
    if (result != TRANSLATION_WRITTEN) {
        sqlite3_reset(find);
        return result;
    }
    /* The row as the index holds it leaves it before the update (posts
     * only: a comment's index is of its text). */
    if (!t->comment) {
        sqlite3_bind_int64(ts->unindex, 1, id);
        sqlite3_bind_value(ts->unindex, 2, sqlite3_column_value(find, 1));
        sqlite3_bind_value(ts->unindex, 3, sqlite3_column_value(find, 2));
        if (run(ts->unindex) != 0) {
            sqlite3_reset(find);
            return failed(ts, err);
        }
    }
    sqlite3_reset(find);
    sqlite3_bind_int64(update, 1, id);
    sqlite3_bind_text(update, 2, t->text, -1, SQLITE_STATIC);
    sqlite3_bind_text(update, 3, t->kind, -1, SQLITE_STATIC);
    if (t->by)
        sqlite3_bind_text(update, 4, t->by, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(update, 4);
    if (run(update) != 0)
        return failed(ts, err);
    if (!t->comment) {
        sqlite3_bind_int64(ts->index, 1, id);
        if (run(ts->index) != 0)
            return failed(ts, err);
    }
    return TRANSLATION_WRITTEN;
}
