#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "json.h"

struct json {
    sqlite3 *sql;
    sqlite3_stmt *each[JSON_DEPTH];
    sqlite3_stmt *pluck, *pluck_key;
};

struct json *json_open(sqlite3 *sql, struct rf_error *err)
{
    struct json *j = calloc(1, sizeof *j);

    if (!j) {
        rf_error_set(err, _("out of memory"));
        return NULL;
    }
    j->sql = sql;
    if (sqlite3_prepare_v3(sql,
                           "SELECT value ->> ?2 FROM json_each(?1)"
                           " WHERE type = 'object' AND json_type(value, ?2) = 'text'",
                           -1, SQLITE_PREPARE_PERSISTENT, &j->pluck, NULL) != SQLITE_OK) {
        rf_error_set(err, "cache: %s", sqlite3_errmsg(sql));
        json_close(j);
        return NULL;
    }
    /* A member of the elements themselves ("$.name"): one walk of the
     * array's tree, where the statement above writes each element out as
     * text and parses it again (a third of a RedNote note's reading). */
    if (sqlite3_prepare_v3(sql,
                           "SELECT atom FROM json_tree(?1) WHERE key = ?2 AND type = 'text'"
                           " AND path GLOB '$[[]*]'",
                           -1, SQLITE_PREPARE_PERSISTENT, &j->pluck_key, NULL) != SQLITE_OK) {
        rf_error_set(err, "cache: %s", sqlite3_errmsg(sql));
        json_close(j);
        return NULL;
    }
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
    sqlite3_finalize(j->pluck);
    sqlite3_finalize(j->pluck_key);
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

int json_pluck(struct json *j, const char *text, size_t len, const char *path,
               json_member_fn *fn, void *data)
{
    bool member = strncmp(path, "$.", 2) == 0 && !path[2 + strcspn(path + 2, ".[\"")];
    sqlite3_stmt *st = member ? j->pluck_key : j->pluck;
    int rc;

    sqlite3_reset(st);
    sqlite3_bind_text(st, 1, text, (int)len, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, member ? path + 2 : path, -1, SQLITE_STATIC);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        if (!fn(data, NULL, 0, F_TEXT, (const char *)sqlite3_column_text(st, 0),
                (size_t)sqlite3_column_bytes(st, 0))) {
            sqlite3_reset(st);
            return 0;
        }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 1 : -1;
}

const char *json_errmsg(const struct json *j)
{
    return sqlite3_errmsg(j->sql);
}


struct json_paths {
    sqlite3_stmt *st;
    const char *const *paths;
    int n;
};

struct json_paths *json_paths_open(sqlite3 *sql, const char *const *paths,
                                   struct rf_error *err)
{
    struct json_paths *jp = calloc(1, sizeof *jp);
    char q[JSON_MAX_PATHS * 160] = "SELECT ";
    size_t used = strlen(q);

    if (!jp) {
        rf_error_set(err, _("out of memory"));
        return NULL;
    }
    jp->paths = paths;
    for (jp->n = 0; paths[jp->n] && jp->n < JSON_MAX_PATHS; jp->n++) {
        /* A path is a constant of this program, never data: quoting it
         * into the statement is safe. Only a path marked '*' (one that
         * may hold an array or object) costs a second function, for its
         * type; the others' types are their SQL types. */
        char mark = paths[jp->n][0];
        const char *path = paths[jp->n] + (mark == '*' || mark == '#' || mark == '?');
        const char *sep = jp->n ? ", " : "";
        int w = mark == '*' ? snprintf(q + used, sizeof q - used,
                                       "%s?1 ->> '%s', json_type(?1, '%s')", sep, path, path)
                : mark == '?' ? snprintf(q + used, sizeof q - used,
                                         "%sNULL, json_type(?1, '%s')", sep, path)
                : mark == '#'
                    ? snprintf(q + used, sizeof q - used,
                               "%sCASE json_type(?1, '%s') WHEN 'integer' THEN ?1 -> '%s'"
                               " ELSE ?1 ->> '%s' END, json_type(?1, '%s')",
                               sep, path, path, path, path)
                    : snprintf(q + used, sizeof q - used, "%s?1 ->> '%s', NULL", sep, path);
        if (w < 0 || (size_t)w >= sizeof q - used) {
            rf_error_set(err, _("internal error: JSON paths too long"));
            free(jp);
            return NULL;
        }
        used += (size_t)w;
    }
    if (sqlite3_prepare_v3(sql, q, -1, SQLITE_PREPARE_PERSISTENT, &jp->st, NULL) != SQLITE_OK) {
        rf_error_set(err, "cache: %s", sqlite3_errmsg(sql));
        free(jp);
        return NULL;
    }
    return jp;
}

void json_paths_close(struct json_paths *jp)
{
    if (!jp)
        return;
    sqlite3_finalize(jp->st);
    free(jp);
}

int json_paths_read(struct json_paths *jp, const char *text, size_t len, struct field *out)
{
    sqlite3_reset(jp->st);
    sqlite3_bind_text(jp->st, 1, text, (int)len, SQLITE_STATIC);
    if (sqlite3_step(jp->st) != SQLITE_ROW) {
        sqlite3_reset(jp->st);
        return -1;
    }
    for (int i = 0; i < jp->n; i++) {
        const char *t = (const char *)sqlite3_column_text(jp->st, 2 * i + 1);
        int type = sqlite3_column_type(jp->st, 2 * i);
        char mark = jp->paths[i][0];
        out[i].name = jp->paths[i] + (mark == '*' || mark == '#' || mark == '?');
        out[i].type = t                         ? ftype_of(t)
                      : type == SQLITE_INTEGER ? F_INT
                      : type == SQLITE_FLOAT   ? F_REAL
                      : type == SQLITE_TEXT    ? F_TEXT
                                               : F_NULL;
        out[i].value = (const char *)sqlite3_column_text(jp->st, 2 * i);
        out[i].len = (size_t)sqlite3_column_bytes(jp->st, 2 * i);
        if (!out[i].value && mark != '?')
            out[i].type = F_NULL;
        if (mark == '?' && out[i].type == F_NULL)
            out[i].value = NULL;
        else if (mark == '?')
            out[i].value = "", out[i].len = 0;
    }
    return 0;
}
