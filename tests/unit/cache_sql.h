/* cache_sql.h — what the cache tests ask a cache directly, and their
 * scratch directories, in one place (header-only, like tap.h).
 *
 *   sql_int(db, "SELECT count(*) FROM posts")   the first column of the
 *                                               first row, or -1
 *   remove_tree(dir)                            rm -rf, reported on failure
 *   cache_import_text(db, "a.jsonl", text, len) imports a file held in
 *                                               memory as refuge import
 *                                               would (format found by
 *                                               content); 0, or -1 with
 *                                               the error as a diagnostic
 */
#ifndef REFUGE_CACHE_SQL_H
#define REFUGE_CACHE_SQL_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <sqlite3.h>

#include "db.h"
#include "import.h"
#include "tap.h"

static inline int64_t sql_int(struct db *db, const char *sql)
{
    sqlite3_stmt *st;
    int64_t n = -1;

    if (sqlite3_prepare_v2(db_sql(db), sql, -1, &st, NULL) != SQLITE_OK) {
        tap_diag("%s: %s", sql, sqlite3_errmsg(db_sql(db)));
        return -1;
    }
    if (sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

static inline void remove_tree(const char *dir)
{
    char cmd[1100];

    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        tap_diag("could not remove %s", dir);
}

/* `name` is what errors call the file (FILE:LINE). */
static inline int cache_import_text(struct db *db, const char *name, const char *text, size_t len)
{
    FILE *fp = fmemopen((void *)text, len, "r");
    struct import_input in = {.name = name, .fp = fp};
    struct import_options opts = {.format = IMPORT_AUTO};
    struct import_result res;
    struct rf_error err = {{0}};
    int rc;

    if (!fp) {
        tap_diag("fmemopen: %s", name);
        return -1;
    }
    if ((rc = import_run(db, &in, 1, &opts, &res, &err)) != 0)
        tap_diag("import: %s", err.msg);
    fclose(fp);
    return rc;
}

#endif
