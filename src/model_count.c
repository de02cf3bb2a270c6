/* model_count.c — counting posts, the span of the cache, and the per-post
 * state (starred, read). */

#include "autoconfig.h"

#include <stdlib.h>

#include "db.h"
#include "i18n.h"
#include "model.h"
#include "model_internal.h"
#include "model_sql.h"
#include "plan.h"
#include "userstate.h"

/* The conditions of a filter over a summary table whose `key` counts
 * `seconds` from 1970 (daily: days; quarters_gone: quarter hours). */
static void where_summary(struct sqlbuf *b, const struct model_filter *f, const char *key,
                          int seconds)
{
    model_sql_add(b, " WHERE 1");
    if (f->has_from)
        model_sql_add(b, " AND %s >= :from / %d", key, seconds);
    if (f->has_to)
        model_sql_add(b, " AND %s < :to / %d", key, seconds);
    if (f->lang)
        model_sql_add(b, " AND lang = :lang");
    if (f->platform)
        model_sql_add(b, " AND platform = :platform");
}

void model_where_daily(struct sqlbuf *b, const struct model_filter *f)
{
    where_summary(b, f, "day", 86400);
}

void model_where_quarters(struct sqlbuf *b, const struct model_filter *f)
{
    where_summary(b, f, "q", 900);
}

/* The posts holding a trigram that starts with a short query are the posts
 * that contain it (see plan.h); they, and those of a search that also
 * reaches tags and authors, are counted with a bitmap of post ids (an
 * eighth of a byte a post) as `ids` lists them (model_search_ids()). DISTINCT
 * would sort up to every post id through a temporary B-tree: twice the
 * time, and 2 MiB more memory at a million posts. */
int model_ids_bits(struct model *m, const struct plan *plan, const char *ids, int64_t cap,
                   struct model_bits *out, int64_t *n, bool *at_least, struct rf_error *err)
{
    sqlite3_stmt *st;
    int rc;

    *out = (struct model_bits){NULL, 0};
    *n = 0;
    *at_least = false;
    if (!(st = model_stmt(m, "SELECT coalesce(max(id), 0) FROM posts", err)) ||
        model_scalar(m, st, &out->max_id, err) != 0)
        return -1;
    if (!(st = model_stmt(m, ids, err)))
        return -1;
    model_bind_plan(st, plan);
    if (!(out->bits = calloc((size_t)(out->max_id / 8 + 1), 1))) {
        rf_error_set(err, _("out of memory"));
        return -1;
    }
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t doc = sqlite3_column_int64(st, 0);
        /* An index that names a post beyond the last is damaged: such
         * entries are not posts, so they are not counted. */
        if (doc < 0 || doc > out->max_id || model_bits_has(out, doc))
            continue;
        out->bits[doc / 8] |= (unsigned char)(1u << (doc % 8));
        if (++*n == cap) {
            *at_least = true;
            break;
        }
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE && !*at_least) {
        free(out->bits);
        out->bits = NULL;
        return model_step_error(m, err);
    }
    return 0;
}

static int count_ids(struct model *m, const struct plan *plan, const char *ids, int64_t cap,
                     int64_t *out, bool *at_least, struct rf_error *err)
{
    struct model_bits bits;

    if (model_ids_bits(m, plan, ids, cap, &bits, out, at_least, err) != 0)
        return -1;
    free(bits.bits);
    return 0;
}

/* Posts a provenance may have for a search among them to be tested row by
 * row (see count_tested()). */
#define FEW_ROWS 20000

/* A search among the posts of a provenance that has few (the bundled
 * dataset's illustrative or quoted posts: a few hundred rows of its index),
 * tested on each row in C. The filter's SQL would first collect the
 * search's ids over the whole cache: 1.3 s for the 73 illustrative posts
 * with 猫 among a million, asked by the feed after every search. 1 when
 * counted, 0 when this way does not apply, -1 on error. */
static int count_tested(struct model *m, const struct plan *plan, int64_t *out,
                        struct rf_error *err)
{
    struct sqlbuf b = {.n = 0};
    sqlite3_stmt *st;
    int64_t rows, n = 0;
    int rc;

    if (!plan->filter->provenance || plan->filter->tag || plan->form != PLAN_WORDS || plan->comments ||
        plan->search == PLAN_NO_SEARCH || !(plan->match_in_c || plan->search == PLAN_SHORT))
        return 0;
    if (!(st = model_stmt(m, "SELECT count(*) FROM (SELECT 1 FROM posts"
                             " WHERE provenance = :prov LIMIT :cap)",
                          err)))
        return -1;
    model_bind_plan(st, plan);
    model_bind_int(st, ":cap", FEW_ROWS);
    if (model_scalar(m, st, &rows, err) != 0)
        return -1;
    if (rows >= FEW_ROWS)
        return 0;
    model_sql_add(&b, "SELECT " POST_COLUMNS POST_FROM, m->user);
    model_where_filter(&b, plan, COND_CHEAP);
    if (!(st = model_stmt(m, b.s, err)))
        return -1;
    model_bind_plan(st, plan);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        n += model_row_matches(st, plan);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return model_step_error(m, err);
    *out = n;
    return 1;
}

/* Adds quarter hours' posts to the count at data. */
static int add_posts(void *data, const struct model_quarters *run, struct rf_error *err)
{
    int64_t *n = data;

    (void)err;
    for (size_t i = 0; i < run->n; i++)
        *n = model_add_sat(*n, run->posts[i]);
    return 0;
}

/* model_count_capped() for a plan. */
static int count_posts(struct model *m, const struct plan *plan, int64_t cap, int64_t *out,
                       bool *at_least, struct rf_error *err)
{
    struct sqlbuf b = {.n = 0};
    sqlite3_stmt *st;
    int rc;

    *at_least = false;
    if (cap > 0 && plan->search_only && plan->search == PLAN_PHRASE && plan->meta) {
        /* The text's matches alone, counted in the index (a tenth of the
         * union's cost): when they reach the cap, they are the bound. */
        int64_t text;
        if (!(st = model_stmt(m, "SELECT count(*) FROM posts_fts WHERE posts_fts MATCH :q",
                              err)))
            return -1;
        model_bind_plan(st, plan);
        if (model_scalar(m, st, &text, err) != 0)
            return -1;
        if (text >= cap) {
            *out = text;
            *at_least = true;
            return 0;
        }
    }

    if (plan->daily) {
        model_sql_add(&b, "SELECT CAST(total(posts) AS INTEGER) FROM daily");
        model_where_daily(&b, plan->filter);
    } else if (plan->quarters) {
        /* A window of another zone's days: quarter hours, not posts. */
        *out = 0;
        return model_quarters_each(m, plan, add_posts, out, err);
    } else if (plan->tag_only && plan->form == PLAN_TAG) {
        model_sql_add(&b, "SELECT coalesce((SELECT sum(posts) FROM tag_counts"
                          " WHERE tag IN (SELECT value FROM json_each(:spellings))), 0)");
    } else if (plan->tag_only) {
        model_sql_add(&b, "SELECT coalesce((SELECT posts FROM tag_counts WHERE tag = :tag), 0)");
    } else if (plan->search_only && plan->search == PLAN_PHRASE && !plan->meta &&
               !plan->comments && !plan->index_partial) {
        /* Every row of the index is a post: no need to visit the posts
         * (a tenth of the time for a common search). */
        model_sql_add(&b, "SELECT count(*) FROM posts_fts WHERE posts_fts MATCH :q");
    } else if (plan->search_only && model_search_ids(plan)) {
        return count_ids(m, plan, model_search_ids(plan), cap, out, at_least, err);
    } else if ((rc = count_tested(m, plan, out, err)) != 0) {
        return rc < 0 ? -1 : 0;
    } else {
        model_sql_add(&b, "SELECT count(*)" POST_FROM, m->user);
        model_where_filter(&b, plan, COND_ALL);
    }
    if (!(st = model_stmt(m, b.s, err)))
        return -1;
    model_bind_plan(st, plan);
    return model_scalar(m, st, out, err);
}

int model_count_capped(struct model *m, const struct model_filter *filter, int64_t cap,
                       int64_t *out, bool *at_least, struct rf_error *err)
{
    struct plan plan;
    int rc;

    if (model_plan_open(m, &plan, filter, err) != 0)
        return -1;
    rc = count_posts(m, &plan, cap, out, at_least, err);
    plan_free(&plan);
    return rc == 0 ? 0 : model_failed(m, err);
}

int model_count(struct model *m, const struct model_filter *filter, int64_t *out,
                struct rf_error *err)
{
    bool at_least;

    return model_count_capped(m, filter, 0, out, &at_least, err);
}

static int set_state(struct model *m, const char *sql, int64_t id, bool on,
                     struct rf_error *err)
{
    sqlite3_stmt *st;
    int rc;

    if (!userstate_writable(m->db)) {
        rf_error_set(err, _("the cache is read-only (%s)"), db_path(m->db));
        return -1;
    }
    if (!(st = model_stmt(m, sql, err)))
        return -1;
    model_bind_int(st, ":id", id);
    model_bind_int(st, ":on", on);
    rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return model_step_error(m, err);
    return sqlite3_changes(m->sql) ? 0 : MODEL_NOT_FOUND;
}

int model_post_span(struct model *m, int64_t *first, int64_t *last, struct rf_error *err)
{
    /* Two subqueries, not min() and max() in one: SQLite reads a lone
     * min() or max() from one end of posts_by_time, but both together
     * scan the whole index (0.3 s, not 5 ms, at a million posts). */
    sqlite3_stmt *st = model_stmt(m,
                                  "SELECT (SELECT min(ts_utc) FROM posts),"
                                  " (SELECT max(ts_utc) FROM posts)",
                                  err);
    int rc, found = MODEL_NOT_FOUND;

    if (!st)
        return -1;
    if ((rc = sqlite3_step(st)) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
        *first = sqlite3_column_int64(st, 0);
        *last = sqlite3_column_int64(st, 1);
        found = 0;
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? found : model_step_error(m, err);
}

/* Sets one flag column of the post's row in the user's state table. */
static int set_flag(struct model *m, const char *column, int64_t id, bool on,
                    struct rf_error *err)
{
    struct sqlbuf b = {.n = 0};

    model_sql_add(&b,
                  "INSERT INTO %s.state(platform, ext_id, %s)"
                  " SELECT platform, ext_id, :on FROM main.posts WHERE id = :id"
                  " ON CONFLICT(platform, ext_id) DO UPDATE SET %s = excluded.%s",
                  m->user, column, column, column);
    return set_state(m, b.s, id, on, err);
}

int model_set_starred(struct model *m, int64_t id, bool on, struct rf_error *err)
{
    return set_flag(m, "starred", id, on, err);
}

/* INSERT INTO the user table `into` ("marks(platform, ext_id)") SELECT
 * `columns` over every post of a filter, ON CONFLICT DO NOTHING; `code`
 * bound to :name when not NULL. *added gets the rows inserted. */
static int insert_all(struct model *m, const struct model_filter *filter, const char *into,
                      const char *columns, const char *code, int64_t *added,
                      struct rf_error *err)
{
    struct sqlbuf b = {.n = 0};
    struct plan plan;
    sqlite3_stmt *st;
    int rc;

    *added = 0;
    if (model_plan_open(m, &plan, filter, err) != 0)
        return -1;
    model_sql_add(&b, "INSERT INTO %s.%s SELECT %s", m->user, into, columns);
    model_sql_add(&b, POST_FROM, m->user);
    model_where_filter(&b, &plan, COND_ALL);
    model_sql_add(&b, " ON CONFLICT DO NOTHING");
    if (!(st = model_stmt(m, b.s, err))) {
        plan_free(&plan);
        return -1;
    }
    model_bind_plan(st, &plan);
    if (code)
        model_bind_text(st, ":name", code);
    rc = sqlite3_step(st);
    sqlite3_reset(st);
    plan_free(&plan);
    if (rc != SQLITE_DONE)
        return model_step_error(m, err);
    *added = sqlite3_changes64(m->sql);
    return 0;
}

int model_mark_all(struct model *m, const struct model_filter *filter, int64_t *added,
                   struct rf_error *err)
{
    return insert_all(m, filter, "marks(platform, ext_id)", "p.platform, p.ext_id", NULL, added,
                      err);
}

int model_code_all(struct model *m, const struct model_filter *filter, const char *code,
                   int64_t *added, struct rf_error *err)
{
    int64_t ignored;

    if (db_begin(m->db, err) != 0)
        return -1;
    if (insert_all(m, filter, "codes(name, created)", "DISTINCT :name, unixepoch()", code,
                   &ignored, err) != 0 ||
        insert_all(m, filter, "code_apps(code, kind, platform, ext_id, memo, at)",
                   ":name, 'post', p.platform, p.ext_id, '', unixepoch()", code, added,
                   err) != 0 ||
        db_commit(m->db, err) != 0) {
        db_rollback(m->db);
        return -1;
    }
    return 0;
}

int model_set_read(struct model *m, int64_t id, bool on, struct rf_error *err)
{
    return set_flag(m, "read", id, on, err);
}
