#include "autoconfig.h"

#include <stdlib.h>

#include "json.h"

struct json {
    sqlite3 *sql;
    sqlite3_stmt *each[JSON_DEPTH];
};

struct json *json_open(sqlite3 *sql, struct rf_error *err)
{
    struct json *j = calloc(1, sizeof *j);

    if (!j) {
        rf_error_set(err, "out of memory");
        return NULL;
    }
    j->sql = sql;
    for (int i = 0; i < JSON_DEPTH; i++)
        if (sqlite3_prepare_v3(sql, "SELECT key, type, value FROM json_each(?1)", -1,
                               SQLITE_PREPARE_PERSISTENT, &j->each[i], NULL) != SQLITE_OK) {
            rf_error_set(err, "cache: %s", sqlite3_errmsg(sql));
            json_close(j);
            return NULL;
        }
    return j;
}

void json_close(struct json *j)
{
    if (!j)
        return;
    for (int i = 0; i < JSON_DEPTH; i++)
        sqlite3_finalize(j->each[i]);
    free(j);
}

/* json_each's type names: null, true, false, integer, real, text, array, object. */
static enum ftype ftype_of(const char *t)
{
    switch (t[0]) {
    case 'n':
        return F_NULL;
    case 't':
        return t[1] == 'r' ? F_BOOL : F_TEXT; /* "true" / "text" */
    case 'f':
        return F_BOOL;
    case 'i':
        return F_INT;
    case 'r':
        return F_REAL;
    case 'a':
        return F_ARRAY;
    default:
        return F_OBJECT;
    }
}

int json_members(struct json *j, int depth, const char *text, size_t len, json_member_fn *fn,
                 void *data)
{
    sqlite3_stmt *st = j->each[depth];
    int rc;

    sqlite3_reset(st);
    sqlite3_bind_text(st, 1, text, (int)len, SQLITE_STATIC);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        bool keyed = sqlite3_column_type(st, 0) == SQLITE_TEXT;
        if (!fn(data, keyed ? (const char *)sqlite3_column_text(st, 0) : NULL,
                keyed ? (size_t)sqlite3_column_bytes(st, 0) : 0,
                ftype_of((const char *)sqlite3_column_text(st, 1)),
                (const char *)sqlite3_column_text(st, 2), (size_t)sqlite3_column_bytes(st, 2))) {
            sqlite3_reset(st);
            return 0;
        }
    }
    if (rc != SQLITE_DONE)
        return -1;
    sqlite3_reset(st);
    return 1;
}

const char *json_errmsg(const struct json *j)
{
    return sqlite3_errmsg(j->sql);
}

