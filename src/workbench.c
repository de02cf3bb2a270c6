/* workbench.c — the codebook and codes applied to posts and comments
 * (contract in workbench.h). */
#include "autoconfig.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>
#include <unistr.h>

#include "db.h"
#include "i18n.h"
#include "ini.h"
#include "model.h"
#include "userstate.h"
#include "workbench.h"

/* What a memo kept on a conflict separates the two with. */
#define MERGED_MARK "\n--- merged:\n"

const char *wb_kind_name(enum wb_kind kind)
{
    return kind == WB_COMMENT ? "comment" : "post";
}

bool wb_code_name_check(const char *name, struct rf_error *err)
{
    size_t n = name ? strlen(name) : 0;

    if (n == 0 || n > WB_CODE_MAX) {
        rf_error_set(err, _("a code's name is 1 to %d bytes"), WB_CODE_MAX);
        return false;
    }
    if (u8_check((const uint8_t *)name, n)) {
        rf_error_set(err, _("a code's name must be valid UTF-8"));
        return false;
    }
    if (name[0] == ' ' || name[n - 1] == ' ') {
        rf_error_set(err, _("a code's name has no space at either end"));
        return false;
    }
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        if (*p < 0x20 || *p == 0x7f || strchr("[]=;#,\"", *p)) {
            rf_error_set(err, _("a code's name has no control characters and none of [ ] = ; # , \""));
            return false;
        }
    /* C1 controls (U+0080..U+009F) are two bytes: C2 80..C2 9F. */
    for (const unsigned char *p = (const unsigned char *)name; p[0] && p[1]; p++)
        if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
            rf_error_set(err, _("a code's name has no control characters and none of [ ] = ; # , \""));
            return false;
        }
    return true;
}

static sqlite3 *sql_of(struct model *m)
{
    return db_sql(model_cache(m));
}

/* Prepares `text`, whose user tables are written "@.codes": the schema
 * that holds them (userstate.h) replaces the "@". */
static sqlite3_stmt *prepare(struct db *db, const char *text, struct rf_error *err)
{
    const char *user = userstate_schema(db);
    sqlite3_stmt *st = NULL;
    char *full = malloc(strlen(text) * (strlen(user) + 1) + 1), *o = full;

    if (!full) {
        rf_error_set(err, _("out of memory"));
        return NULL;
    }
    for (const char *p = text; *p; p++)
        if (p[0] == '@' && p[1] == '.')
            o = stpcpy(o, user);
        else
            *o++ = *p;
    *o = '\0';
    if (sqlite3_prepare_v2(db_sql(db), full, -1, &st, NULL) != SQLITE_OK)
        rf_error_set(err, "cache: %s", sqlite3_errmsg(db_sql(db)));
    free(full);
    return st;
}

/* Steps a statement that returns no rows and finalizes it. */
static int run(struct db *db, sqlite3_stmt *st, struct rf_error *err)
{
    int rc = sqlite3_step(st);

    if (rc != SQLITE_DONE) {
        rf_error_set(err, "cache: %s%s", sqlite3_errmsg(db_sql(db)),
                     !userstate_writable(db) ? _(" (the cache is read-only)") : "");
        sqlite3_finalize(st);
        return -1;
    }
    sqlite3_finalize(st);
    return 0;
}

static char *dup_col(sqlite3_stmt *st, int i)
{
    const unsigned char *s = sqlite3_column_text(st, i);
    return s ? strdup((const char *)s) : NULL;
}

/* prepare() with the parameters ?1 to ?n bound to the n strings after n
 * (NULL binds NULL; the strings must outlive the statement). Most
 * statements here take only strings; a caller binds any number after
 * them itself. NULL with err set when it failed. */
static sqlite3_stmt *prepare_texts(struct db *db, const char *text, struct rf_error *err, int n,
                                   ...)
{
    sqlite3_stmt *st = prepare(db, text, err);
    va_list ap;

    if (!st)
        return NULL;
    va_start(ap, n);
    for (int i = 1; i <= n; i++) {
        const char *v = va_arg(ap, const char *);
        if (v)
            sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
    }
    va_end(ap);
    return st;
}

/* Steps st once: 1 and *first (may be NULL) a copy of its first column
 * (NULL for SQL NULL) when there is a row, 0 when there is none, -1 with
 * err set; finalizes st. */
static int first_row(struct db *db, sqlite3_stmt *st, char **first, struct rf_error *err)
{
    int rc = sqlite3_step(st);
    bool nomem = false;

    if (first)
        *first = NULL;
    if (rc == SQLITE_ROW && first && sqlite3_column_type(st, 0) != SQLITE_NULL)
        nomem = !(*first = dup_col(st, 0));
    if (nomem || (rc != SQLITE_ROW && rc != SQLITE_DONE))
        rf_error_set(err, "cache: %s", nomem ? _("out of memory") : sqlite3_errmsg(db_sql(db)));
    sqlite3_finalize(st);
    return nomem || (rc != SQLITE_ROW && rc != SQLITE_DONE) ? -1 : rc == SQLITE_ROW;
}

/* ---- the codebook ------------------------------------------------------------------ */

void wb_codebook_free(struct wb_codebook *book)
{
    if (!book)
        return;
    for (size_t i = 0; i < book->count; i++) {
        free(book->codes[i].name);
        free(book->codes[i].description);
        free(book->codes[i].key);
    }
    free(book->codes);
    memset(book, 0, sizeof *book);
}

int wb_codebook(struct model *m, struct wb_codebook *out, struct rf_error *err)
{
    sqlite3_stmt *st;
    size_t cap = 0;
    int rc;

    memset(out, 0, sizeof *out);
    if (!(st = prepare(model_cache(m),
                       "SELECT name, description, key,"
                       " (SELECT count(*) FROM @.code_apps a WHERE a.code = c.name"
                       "   AND a.kind = 'post'),"
                       " (SELECT count(*) FROM @.code_apps a WHERE a.code = c.name"
                       "   AND a.kind = 'comment')"
                       " FROM @.codes c ORDER BY name",
                       err)))
        return -1;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct wb_code *c;
        if (out->count == cap) {
            struct wb_code *p = realloc(out->codes, (cap = cap ? cap * 2 : 16) * sizeof *p);
            if (!p) {
                rc = SQLITE_NOMEM;
                break;
            }
            out->codes = p;
        }
        c = &out->codes[out->count++];
        c->name = dup_col(st, 0);
        c->description = dup_col(st, 1);
        c->key = dup_col(st, 2);
        c->posts = sqlite3_column_int64(st, 3);
        c->comments = sqlite3_column_int64(st, 4);
        if (!c->name || !c->description) {
            rc = SQLITE_NOMEM;
            break;
        }
    }
    if (rc != SQLITE_DONE) {
        rf_error_set(err, "cache: %s", rc == SQLITE_NOMEM ? _("out of memory")
                                                          : sqlite3_errmsg(sql_of(m)));
        sqlite3_finalize(st);
        wb_codebook_free(out);
        return -1;
    }
    sqlite3_finalize(st);
    return 0;
}

static bool key_check(const char *key, struct rf_error *err)
{
    if (key && key[0] && (key[1] || key[0] <= ' ' || key[0] > '~')) {
        rf_error_set(err, _("a code's key is one printable ASCII character, not '%.20s'"), key);
        return false;
    }
    return true;
}

int wb_code_resolve(struct model *m, const char *typed, char *buf, size_t size,
                    struct rf_error *err)
{
    struct db *db = model_cache(m);
    sqlite3_stmt *st;
    char *name;
    int found;

    if (typed[0] && !typed[1]) {
        if (!(st = prepare_texts(db, "SELECT name FROM @.codes WHERE key = ?1", err, 1, typed)) ||
            (found = first_row(db, st, &name, err)) < 0)
            return -1;
        if (found) {
            snprintf(buf, size, "%s", name ? name : "");
            free(name);
            return 0;
        }
    }
    if (!wb_code_name_check(typed, err))
        return -1;
    snprintf(buf, size, "%s", typed);
    return 0;
}

int wb_code_define(struct model *m, const char *name, const char *description, const char *key,
                   struct rf_error *err)
{
    struct db *db = model_cache(m);
    sqlite3_stmt *st;

    if (!wb_code_name_check(name, err) || !key_check(key, err))
        return -1;
    if (key && key[0]) {
        char *owner;
        int taken;
        if (!(st = prepare_texts(db, "SELECT name FROM @.codes WHERE key = ?1 AND name != ?2",
                                 err, 2, key, name)) ||
            (taken = first_row(db, st, &owner, err)) < 0)
            return -1;
        if (taken) {
            rf_error_set(err, _("the key %s is the code %.64s's already"), key,
                         owner ? owner : "");
            free(owner);
            return -1;
        }
    }
    if (!(st = prepare_texts(db,
                             "INSERT INTO @.codes(name, description, key, created)"
                             " VALUES(?1, coalesce(?2, ''), nullif(?3, ''), ?4)"
                             " ON CONFLICT(name) DO UPDATE SET"
                             " description = coalesce(?2, description),"
                             " key = CASE WHEN ?3 IS NULL THEN key ELSE nullif(?3, '') END",
                             err, 3, name, description, key)))
        return -1;
    sqlite3_bind_int64(st, 4, (sqlite3_int64)time(NULL));
    return run(db, st, err);
}

int wb_code_delete(struct model *m, const char *name, struct rf_error *err)
{
    struct db *db = model_cache(m);
    sqlite3_stmt *st;
    int changed;

    if (db_begin(db, err) != 0)
        return -1;
    if (!(st = prepare_texts(db, "DELETE FROM @.code_apps WHERE code = ?1", err, 1, name)) ||
        run(db, st, err) != 0 ||
        !(st = prepare_texts(db, "DELETE FROM @.codes WHERE name = ?1", err, 1, name)) ||
        run(db, st, err) != 0)
        goto fail;
    changed = sqlite3_changes(sql_of(m));
    if (db_commit(db, err) != 0)
        goto fail;
    return changed ? 0 : MODEL_NOT_FOUND;
fail:
    db_rollback(db);
    return -1;
}

/* ---- applications ------------------------------------------------------------------- */

/* Adds `code` to the codebook when it is not there. */
static int ensure_code(struct db *db, const char *code, struct rf_error *err)
{
    sqlite3_stmt *st;

    if (!wb_code_name_check(code, err))
        return -1;
    if (!(st = prepare_texts(db,
                             "INSERT INTO @.codes(name, created) VALUES(?1, ?2)"
                             " ON CONFLICT DO NOTHING",
                             err, 1, code)))
        return -1;
    sqlite3_bind_int64(st, 2, (sqlite3_int64)time(NULL));
    return run(db, st, err);
}

static int apply(struct db *db, const struct wb_item *item, const char *code, const char *memo,
                 struct rf_error *err)
{
    sqlite3_stmt *st;

    if (ensure_code(db, code, err) != 0)
        return -1;
    if (!(st = prepare_texts(db,
                             "INSERT INTO @.code_apps(code, kind, platform, ext_id, memo, at)"
                             " VALUES(?1, ?2, ?3, ?4, coalesce(?5, ''), ?6)"
                             " ON CONFLICT DO UPDATE SET memo = excluded.memo, at = excluded.at",
                             err, 5, code, wb_kind_name(item->kind), item->platform,
                             item->ext_id, memo)))
        return -1;
    sqlite3_bind_int64(st, 6, (sqlite3_int64)time(NULL));
    return run(db, st, err);
}

int wb_apply(struct model *m, const struct wb_item *item, const char *code, const char *memo,
             struct rf_error *err)
{
    return apply(model_cache(m), item, code, memo, err);
}

int wb_unapply(struct model *m, const struct wb_item *item, const char *code,
               struct rf_error *err)
{
    struct db *db = model_cache(m);
    sqlite3_stmt *st = prepare_texts(db,
                                     "DELETE FROM @.code_apps WHERE code = ?1 AND kind = ?2"
                                     " AND platform = ?3 AND ext_id = ?4",
                                     err, 4, code, wb_kind_name(item->kind), item->platform,
                                     item->ext_id);

    if (!st || run(db, st, err) != 0)
        return -1;
    return sqlite3_changes(sql_of(m)) ? 0 : MODEL_NOT_FOUND;
}

void wb_applications_free(struct wb_applications *apps)
{
    if (!apps)
        return;
    for (size_t i = 0; i < apps->count; i++) {
        free(apps->items[i].code);
        free(apps->items[i].memo);
    }
    free(apps->items);
    memset(apps, 0, sizeof *apps);
}

int wb_item_codes(struct model *m, const struct wb_item *item, struct wb_applications *out,
                  struct rf_error *err)
{
    sqlite3_stmt *st;
    size_t cap = 0;
    int rc;

    memset(out, 0, sizeof *out);
    if (!(st = prepare_texts(model_cache(m),
                             "SELECT code, memo FROM @.code_apps WHERE kind = ?1"
                             " AND platform = ?2 AND ext_id = ?3 ORDER BY code",
                             err, 3, wb_kind_name(item->kind), item->platform, item->ext_id)))
        return -1;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct wb_application *a;
        if (out->count == cap) {
            struct wb_application *p = realloc(out->items, (cap = cap ? cap * 2 : 8) * sizeof *p);
            if (!p) {
                rc = SQLITE_NOMEM;
                break;
            }
            out->items = p;
        }
        a = &out->items[out->count++];
        a->code = dup_col(st, 0);
        a->memo = dup_col(st, 1);
        if (!a->code || !a->memo) {
            rc = SQLITE_NOMEM;
            break;
        }
    }
    if (rc != SQLITE_DONE) {
        rf_error_set(err, "cache: %s", rc == SQLITE_NOMEM ? _("out of memory")
                                                          : sqlite3_errmsg(sql_of(m)));
        sqlite3_finalize(st);
        wb_applications_free(out);
        return -1;
    }
    sqlite3_finalize(st);
    return 0;
}

/* Whether a memo already holds `memo` as itself or as one of the parts a
 * conflict joined with MERGED_MARK. */
static bool memo_holds(const char *had, const char *memo)
{
    size_t n = strlen(memo), mark = strlen(MERGED_MARK);

    for (const char *p = had;;) {
        const char *end = strstr(p, MERGED_MARK);
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len == n && strncmp(p, memo, n) == 0)
            return true;
        if (!end)
            return false;
        p = end + mark;
    }
}

int wb_merge_into(struct db *db, const struct wb_item *item, const char *code, const char *memo,
                  enum wb_merge *out, struct rf_error *err)
{
    const char *kind = wb_kind_name(item->kind);
    sqlite3_stmt *st;
    char *had = NULL;
    int found;

    if (!memo)
        memo = "";
    if (ensure_code(db, code, err) != 0)
        return -1;
    if (!(st = prepare_texts(db,
                             "SELECT memo FROM @.code_apps WHERE code = ?1 AND kind = ?2"
                             " AND platform = ?3 AND ext_id = ?4",
                             err, 4, code, kind, item->platform, item->ext_id)) ||
        (found = first_row(db, st, &had, err)) < 0)
        return -1;
    if (!found) {
        *out = WB_MERGE_NEW;
        return apply(db, item, code, memo, err);
    }
    /* The same memo, none coming, or one already merged in: nothing new. */
    if (!memo[0] || memo_holds(had, memo)) {
        free(had);
        *out = WB_MERGE_SAME;
        return 0;
    }
    *out = had[0] ? WB_MERGE_CONFLICT : WB_MERGE_FILLED;
    free(had);
    if (!(st = prepare_texts(db,
                             "UPDATE @.code_apps SET memo = CASE WHEN memo = '' THEN ?5"
                             " ELSE memo || ?6 || ?5 END WHERE code = ?1 AND kind = ?2"
                             " AND platform = ?3 AND ext_id = ?4",
                             err, 6, code, kind, item->platform, item->ext_id, memo,
                             MERGED_MARK)))
        return -1;
    return run(db, st, err);
}

int wb_code_merge_into(struct db *db, const char *name, const char *description,
                       const char *key, unsigned *out, struct rf_error *err)
{
    sqlite3_stmt *st;
    char *had_desc = NULL, *had_key = NULL, *taken = NULL;
    bool found = false;
    int rc;

    *out = 0;
    if (!description)
        description = "";
    if (key && !key[0])
        key = NULL;
    if (!wb_code_name_check(name, err) || !key_check(key, err))
        return -1;
    if (!(st = prepare_texts(db,
                             "SELECT description, key, (SELECT name FROM @.codes o"
                             " WHERE o.key = ?2 AND o.name != ?1) FROM @.codes WHERE name = ?1"
                             " UNION ALL SELECT NULL, NULL, (SELECT name FROM @.codes o"
                             " WHERE o.key = ?2 AND o.name != ?1)"
                             " WHERE NOT EXISTS (SELECT 1 FROM @.codes WHERE name = ?1)",
                             err, 2, name, key)))
        return -1;
    if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        found = sqlite3_column_type(st, 0) != SQLITE_NULL;
        had_desc = dup_col(st, 0);
        had_key = dup_col(st, 1);
        taken = dup_col(st, 2);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW) {
        rf_error_set(err, "cache: %s", sqlite3_errmsg(db_sql(db)));
        return -1;
    }
    /* A key another code has, or another key than this code's: the cache's stays. */
    if (key && (taken || (had_key && strcmp(had_key, key) != 0))) {
        *out |= WB_CODE_KEY_KEPT;
        key = NULL;
    }
    if (!found)
        *out |= WB_CODE_NEW;
    else if (description[0] && !memo_holds(had_desc ? had_desc : "", description))
        *out |= had_desc && had_desc[0] ? WB_CODE_DESCRIPTION_MERGED : WB_CODE_FILLED;
    free(had_desc);
    free(had_key);
    free(taken);
    if (found && !(*out & (WB_CODE_DESCRIPTION_MERGED | WB_CODE_FILLED)) &&
        !(key && !(*out & WB_CODE_KEY_KEPT)))
        return 0;
    /* New, or a description to add (after the cache's, as memos are). */
    if (!(st = prepare_texts(db,
                             "INSERT INTO @.codes(name, description, key, created)"
                             " VALUES(?1, ?2, ?3, ?4) ON CONFLICT(name) DO UPDATE SET"
                             " description = CASE WHEN ?5 = 0 THEN description"
                             " WHEN description = '' THEN ?2 ELSE description || ?6 || ?2 END,"
                             " key = coalesce(key, ?3)",
                             err, 3, name, description, key)))
        return -1;
    sqlite3_bind_int64(st, 4, (sqlite3_int64)time(NULL));
    sqlite3_bind_int(st, 5, (*out & (WB_CODE_DESCRIPTION_MERGED | WB_CODE_FILLED)) != 0);
    sqlite3_bind_text(st, 6, MERGED_MARK, -1, SQLITE_STATIC);
    return run(db, st, err);
}

int wb_merge(struct model *m, const struct wb_item *item, const char *code, const char *memo,
             enum wb_merge *out, struct rf_error *err)
{
    return wb_merge_into(model_cache(m), item, code, memo, out, err);
}

/* One code's days, in ascending order: posts come in order of time, but a
 * zone whose clocks went back over midnight revisits a day, so a day seen
 * before is looked for (the last one first). */
struct code_days {
    struct {
        int64_t day, posts;
    } *v;
    size_t n, cap;
};

static int code_days_add(struct code_days *d, int64_t day, int64_t posts)
{
    size_t lo = 0, hi = d->n;

    if (d->n > 0 && d->v[d->n - 1].day == day) {
        d->v[d->n - 1].posts += posts;
        return 0;
    }
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (d->v[mid].day < day)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < d->n && d->v[lo].day == day) {
        d->v[lo].posts += posts;
        return 0;
    }
    if (d->n == d->cap) {
        void *p = realloc(d->v, (d->cap = d->cap ? d->cap * 2 : 64) * sizeof *d->v);
        if (!p)
            return -1;
        d->v = p;
    }
    memmove(&d->v[lo + 1], &d->v[lo], (d->n - lo) * sizeof *d->v);
    d->v[lo].day = day;
    d->v[lo].posts = posts;
    d->n++;
    return 0;
}

/* Hands a code's days to `each` and empties them; its return. */
static int code_days_flush(struct code_days *d, const char *code,
                           int (*each)(void *, const char *, int64_t, int64_t), void *data)
{
    int stop = 0;

    for (size_t i = 0; i < d->n && !stop; i++)
        stop = each(data, code, d->v[i].day * 86400, d->v[i].posts);
    d->n = 0;
    return stop;
}

int wb_code_days(struct model *m, struct when_zone zone,
                 int (*each)(void *data, const char *code, int64_t day, int64_t posts),
                 void *data, struct rf_error *err)
{
    /* Each coded post's time, placed on the zone's calendar here
     * (src/when.c): SQL's division rounds toward zero, which put a post of
     * 1970-01-01T00:30+01:00 (1969-12-31 in UTC) on 1 January. A code's
     * posts come in order of time, so the zone's offset is searched once
     * per change. */
    struct code_days days = {0};
    struct when_walk walk;
    char *code = NULL;
    sqlite3_stmt *st;
    int rc, stop = 0;

    if (!(st = prepare(model_cache(m),
                       "SELECT a.code, p.ts_utc FROM @.code_apps a JOIN posts p"
                       " ON p.platform = a.platform AND p.ext_id = a.ext_id"
                       " WHERE a.kind = 'post' ORDER BY 1, 2",
                       err)))
        return -1;
    when_walk_start(&walk, zone);
    while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *c = (const char *)sqlite3_column_text(st, 0);
        int second;
        int64_t day = when_walk_day(&walk, sqlite3_column_int64(st, 1), &second);

        if (!c)
            c = "";
        if (!code || strcmp(code, c) != 0) {
            if (code)
                stop = code_days_flush(&days, code, each, data);
            free(code);
            if (!(code = strdup(c)))
                break;
        }
        if (!stop && code_days_add(&days, day, 1) != 0)
            break;
    }
    if (stop)
        rc = SQLITE_DONE;
    else if (rc == SQLITE_DONE && code)
        code_days_flush(&days, code, each, data);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        rf_error_set(err, "cache: %s", sqlite3_errmsg(sql_of(m)));
    else if (rc == SQLITE_ROW)
        rf_error_set(err, _("out of memory"));
    free(code);
    free(days.v);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* ---- marks ---------------------------------------------------------------------------- */

int wb_mark(struct model *m, const char *platform, const char *ext_id, bool on,
            struct rf_error *err)
{
    sqlite3_stmt *st = prepare_texts(model_cache(m),
                                     on ? "INSERT INTO @.marks(platform, ext_id) VALUES(?1, ?2)"
                                          " ON CONFLICT DO NOTHING"
                                        : "DELETE FROM @.marks WHERE platform = ?1"
                                          " AND ext_id = ?2",
                                     err, 2, platform, ext_id);

    return st ? run(model_cache(m), st, err) : -1;
}

int wb_marked_flags(struct model *m, struct model_post *posts, size_t n, struct rf_error *err)
{
    sqlite3_stmt *st;
    int rc = SQLITE_ROW;

    if (n == 0)
        return 0;
    if (!(st = prepare(model_cache(m),
                       "SELECT EXISTS (SELECT 1 FROM @.marks WHERE platform = ?1 AND ext_id = ?2)",
                       err)))
        return -1;
    for (size_t i = 0; i < n && rc == SQLITE_ROW; i++) {
        sqlite3_reset(st);
        sqlite3_bind_text(st, 1, posts[i].platform, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, posts[i].ext_id, -1, SQLITE_STATIC);
        if ((rc = sqlite3_step(st)) == SQLITE_ROW)
            posts[i].marked = sqlite3_column_int(st, 0) != 0;
    }
    if (rc != SQLITE_ROW)
        rf_error_set(err, "cache: %s", sqlite3_errmsg(sql_of(m)));
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? 0 : -1;
}

int wb_marks_count(struct model *m, int64_t *out, struct rf_error *err)
{
    sqlite3_stmt *st = prepare(model_cache(m), "SELECT count(*) FROM @.marks", err);
    int rc;

    *out = 0;
    if (!st)
        return -1;
    if ((rc = sqlite3_step(st)) == SQLITE_ROW)
        *out = sqlite3_column_int64(st, 0);
    else
        rf_error_set(err, "cache: %s", sqlite3_errmsg(sql_of(m)));
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? 0 : -1;
}

/* Runs one statement over the marks; *n (may be NULL) gets the rows it
 * changed. */
static int over_marks(struct model *m, const char *text, int64_t *n, struct rf_error *err)
{
    sqlite3_stmt *st = prepare(model_cache(m), text, err);

    if (!st || run(model_cache(m), st, err) != 0)
        return -1;
    if (n)
        *n = sqlite3_changes64(sql_of(m));
    return 0;
}

int wb_marks_clear(struct model *m, int64_t *cleared, struct rf_error *err)
{
    return over_marks(m, "DELETE FROM @.marks", cleared, err);
}

int wb_marks_star(struct model *m, int64_t *n, struct rf_error *err)
{
    if (over_marks(m,
                   "INSERT INTO @.state(platform, ext_id, starred) SELECT platform, ext_id, 1"
                   " FROM @.marks WHERE true ON CONFLICT(platform, ext_id) DO UPDATE SET starred = 1",
                   NULL, err) != 0)
        return -1;
    return wb_marks_count(m, n, err);
}

int wb_marks_apply(struct model *m, const char *code, const char *memo, int64_t *n,
                   struct rf_error *err)
{
    struct db *db = model_cache(m);
    sqlite3_stmt *st;

    if (db_begin(db, err) != 0)
        return -1;
    if (ensure_code(db, code, err) != 0 ||
        !(st = prepare_texts(db,
                             "INSERT INTO @.code_apps(code, kind, platform, ext_id, memo, at)"
                             " SELECT ?1, 'post', platform, ext_id, coalesce(?2, ''), ?3"
                             " FROM @.marks WHERE true ON CONFLICT DO UPDATE SET"
                             " memo = CASE WHEN excluded.memo = '' THEN memo"
                             " ELSE excluded.memo END",
                             err, 2, code, memo)))
        goto fail;
    sqlite3_bind_int64(st, 3, (sqlite3_int64)time(NULL));
    if (run(db, st, err) != 0 || wb_marks_count(m, n, err) != 0 || db_commit(db, err) != 0)
        goto fail;
    return 0;
fail:
    db_rollback(db);
    return -1;
}

/* ---- saved views -------------------------------------------------------------------- */

/* The filter's text fields, in the order views store and read them. */
#define VIEW_TEXTS 6

int wb_view_save(struct model *m, const char *name, const struct model_filter *f,
                 enum model_sort sort, struct rf_error *err)
{
    const char *texts[VIEW_TEXTS] = {f->lang, f->platform, f->tag, f->provenance, f->code,
                                     f->search && f->search[0] ? f->search : NULL};
    sqlite3_stmt *st;

    if (!wb_code_name_check(name, err))
        return -1;
    if (!(st = prepare(model_cache(m),
                       "INSERT INTO @.views(name, spec) VALUES(?1, json_object("
                       "'lang', ?2, 'platform', ?3, 'tag', ?4, 'provenance', ?5, 'code', ?6,"
                       " 'search', ?7, 'from', ?8, 'to', ?9, 'starred', ?10, 'marked', ?11,"
                       " 'sample', ?12, 'seed', ?13, 'sort', ?14, 'author', ?15,"
                       " 'comments', ?16))"
                       " ON CONFLICT(name) DO UPDATE SET spec = excluded.spec",
                       err)))
        return -1;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    for (int i = 0; i < VIEW_TEXTS; i++)
        if (texts[i])
            sqlite3_bind_text(st, 2 + i, texts[i], -1, SQLITE_STATIC);
    if (f->has_from)
        sqlite3_bind_int64(st, 8, f->from);
    if (f->has_to)
        sqlite3_bind_int64(st, 9, f->to);
    sqlite3_bind_int(st, 10, f->starred_only);
    sqlite3_bind_int(st, 11, f->marked_only);
    if (f->sample) {
        sqlite3_bind_int64(st, 12, f->sample);
        /* As text: a seed may pass 2^63. */
        char seed[24];
        snprintf(seed, sizeof seed, "%llu", (unsigned long long)f->seed);
        sqlite3_bind_text(st, 13, seed, -1, SQLITE_TRANSIENT);
    }
    sqlite3_bind_text(st, 14, sort == MODEL_SORT_LIKES ? "likes" : "time", -1, SQLITE_STATIC);
    if (f->author)
        sqlite3_bind_text(st, 15, f->author, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 16, f->with_comments);
    return run(model_cache(m), st, err);
}

void wb_view_free(struct wb_view *v)
{
    if (!v)
        return;
    free(v->strings);
    memset(v, 0, sizeof *v);
}

int wb_view_load(struct model *m, const char *name, struct wb_view *out, struct rf_error *err)
{
    /* The text fields and the columns they are read from. */
    const char **fields[VIEW_TEXTS + 1] = {&out->filter.lang,       &out->filter.platform,
                                           &out->filter.tag,        &out->filter.provenance,
                                           &out->filter.code,       &out->filter.search,
                                           &out->filter.author};
    static const int cols[VIEW_TEXTS + 1] = {0, 1, 2, 3, 4, 5, 13};
    sqlite3_stmt *st;
    size_t len = 0, at = 0;
    int rc;

    memset(out, 0, sizeof *out);
    if (!(st = prepare_texts(model_cache(m),
                             "SELECT spec->>'lang', spec->>'platform', spec->>'tag',"
                             " spec->>'provenance', spec->>'code', spec->>'search',"
                             " spec->>'from', spec->>'to', spec->>'starred', spec->>'marked',"
                             " spec->>'sample', spec->>'seed', spec->>'sort', spec->>'author',"
                             " spec->>'comments' FROM @.views WHERE name = ?1",
                             err, 1, name)))
        return -1;
    if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
        if (rc != SQLITE_DONE)
            rf_error_set(err, "cache: %s", sqlite3_errmsg(sql_of(m)));
        sqlite3_finalize(st);
        return rc == SQLITE_DONE ? MODEL_NOT_FOUND : -1;
    }
    for (int i = 0; i <= VIEW_TEXTS; i++)
        len += (size_t)sqlite3_column_bytes(st, cols[i]) + 1;
    if (!(out->strings = malloc(len))) {
        sqlite3_finalize(st);
        rf_error_set(err, _("out of memory"));
        return -1;
    }
    for (int i = 0; i <= VIEW_TEXTS; i++) {
        const char *v = (const char *)sqlite3_column_text(st, cols[i]);
        if (!v)
            continue;
        *fields[i] = strcpy(out->strings + at, v);
        at += strlen(v) + 1;
    }
    out->filter.has_from = sqlite3_column_type(st, 6) != SQLITE_NULL;
    out->filter.from = sqlite3_column_int64(st, 6);
    out->filter.has_to = sqlite3_column_type(st, 7) != SQLITE_NULL;
    out->filter.to = sqlite3_column_int64(st, 7);
    out->filter.starred_only = sqlite3_column_int(st, 8) != 0;
    out->filter.marked_only = sqlite3_column_int(st, 9) != 0;
    out->filter.with_comments = sqlite3_column_int(st, 14) != 0;
    out->filter.sample = sqlite3_column_int64(st, 10);
    if (sqlite3_column_text(st, 11))
        out->filter.seed = strtoull((const char *)sqlite3_column_text(st, 11), NULL, 10);
    out->sort = sqlite3_column_text(st, 12) &&
                        strcmp((const char *)sqlite3_column_text(st, 12), "likes") == 0
                    ? MODEL_SORT_LIKES
                    : MODEL_SORT_TIME;
    sqlite3_finalize(st);
    return 0;
}

int wb_view_names(struct model *m, char *buf, size_t size, size_t *count, struct rf_error *err)
{
    sqlite3_stmt *st = prepare(model_cache(m), "SELECT name FROM @.views ORDER BY name", err);
    size_t used = 0;
    int rc;

    *count = 0;
    if (size)
        buf[0] = '\0';
    if (!st)
        return -1;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int n = snprintf(buf + used, used < size ? size - used : 0, "%s%s", *count ? ", " : "",
                         (const char *)sqlite3_column_text(st, 0));
        used += n > 0 ? (size_t)n : 0;
        (*count)++;
    }
    if (rc != SQLITE_DONE)
        rf_error_set(err, "cache: %s", sqlite3_errmsg(sql_of(m)));
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

int wb_view_delete(struct model *m, const char *name, struct rf_error *err)
{
    sqlite3_stmt *st =
        prepare_texts(model_cache(m), "DELETE FROM @.views WHERE name = ?1", err, 1, name);

    if (!st || run(model_cache(m), st, err) != 0)
        return -1;
    return sqlite3_changes(sql_of(m)) ? 0 : MODEL_NOT_FOUND;
}

/* ---- a codebook from an INI file ---------------------------------------------------- */

int wb_codes_import_ini(struct model *m, const char *path, size_t *count, struct rf_error *err)
{
    struct db *db = model_cache(m);
    struct ini_doc doc;
    size_t n = 0;

    *count = 0;
    if (ini_doc_load(path, &doc, err) != 0)
        return -1;
    if (doc.nbad > 0) {
        rf_error_set(err, _("%s:%d: not a [code] heading or a key = value line"), path,
                     doc.bad_lines[0]);
        ini_doc_free(&doc);
        return -1;
    }
    if (doc.ncuts > 0) { /* all or nothing: half a description is not taken */
        char why[256];
        rf_error_set(err, "%s:%d: %s", path, doc.cuts[0].line,
                     ini_cut_message(&doc.cuts[0], why, sizeof why));
        ini_doc_free(&doc);
        return -1;
    }
    for (size_t i = 0; i < doc.nlines; i++)
        if (doc.lines[i].orphan) {
            rf_error_set(err, _("%s:%d: %s is outside any [code] section"), path, doc.lines[i].line,
                         doc.lines[i].name);
            ini_doc_free(&doc);
            return -1;
        }
    if (db_begin(db, err) != 0) {
        ini_doc_free(&doc);
        return -1;
    }
    for (size_t s = 0; s < doc.nsections; s++) {
        const char *section = doc.sections[s];
        const char *name = section, *description = "", *key = NULL;
        size_t nkeys;
        const struct ini_entry *keys = ini_doc_keys(&doc, section, &nkeys);
        int line = ini_doc_line(&doc, section);
        struct rf_error why = {{0}};

        for (size_t k = 0; k < nkeys; k++) {
            const char *field = keys[k].name + keys[k].seclen + 1;
            if (strcmp(field, "name") == 0)
                name = keys[k].value;
            else if (strcmp(field, "description") == 0)
                description = keys[k].value;
            else if (strcmp(field, "key") == 0)
                key = keys[k].value;
            else {
                rf_error_set(err, _("%s:%d: [%s] %s: unknown key (name, description, key)"), path,
                             keys[k].line, section, field);
                goto fail;
            }
        }
        if (wb_code_define(m, name, description, key ? key : "", &why) != 0) {
            rf_error_set(err, "%s:%d: [%s]: %s", path, line, section, why.msg);
            goto fail;
        }
        n++;
    }
    if (db_commit(db, err) != 0)
        goto fail;
    ini_doc_free(&doc);
    *count = n;
    return 0;
fail:
    db_rollback(db);
    ini_doc_free(&doc);
    return -1;
}
