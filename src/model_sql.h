/* model_sql.h — for the model's own modules only (model_thread.c,
 * model_authors.c): the statement cache and the connection of a model.
 * Nothing outside src/model*.c includes it; everyone else asks model.h.
 */
#ifndef REFUGE_MODEL_SQL_H
#define REFUGE_MODEL_SQL_H

#include <sqlite3.h>

#include "error.h"
#include "model.h"
#include "model_thread.h"

/* The prepared statement for `sql`, reset and unbound, from the model's
 * cache (prepared on first use), or NULL with err set. The model owns it. */
sqlite3_stmt *model_stmt(struct model *m, const char *sql, struct rf_error *err);

/* The model's connection, for its error messages. */
sqlite3 *model_sqlite(struct model *m);

struct plan;

/* The conditions of the plan's filter, every one in SQL, as " WHERE ..."
 * over `posts p LEFT JOIN <model_user_schema()>.state s`, into buf (cut
 * at size); model_bind_plan() binds their parameters. */
void model_where(const struct plan *plan, char *buf, size_t size);
void model_bind_plan(sqlite3_stmt *st, const struct plan *plan);

/* The schema holding the user's state table ("main" or the attached one). */
const char *model_user_schema(const struct model *m);

/* A copy of text column i (NULL for NULL); a NUL inside becomes U+2400. */
char *model_dup_col(sqlite3_stmt *st, int i);

/* model_thread_open() (model_thread.h) through `sql`, which selects the
 * skeleton's columns (c.id, c.ts_utc, coalesce(c.likes, -1), c.ext_id,
 * c.parent_ext_id) first, then any the caller wants, of the comments on
 * :platform :post in (ts_utc, id) order; keep(arg, st, i), when not NULL,
 * sees each row (i: its index in out->nodes) before the next is read, and
 * returns false when memory ran out. So a listing reads each comment once. */
int model_thread_read(struct model *m, const char *platform, const char *post_ext_id,
                      enum model_thread_sort sort, const char *sql,
                      bool (*keep)(void *arg, sqlite3_stmt *st, size_t i), void *arg,
                      struct model_thread *out, struct rf_error *err);

#endif
