/* model_count.c — counting posts, the span of the cache, and the per-post
 * state (starred, read). */

#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

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

/* Sets a post's bit; true when it was not set before. */
static bool bits_add(struct model_bits *b, int64_t id)
{
    /* An index that names a post beyond the last is damaged: such
     * entries are not posts, so they are not counted. */
    if (id < 0 || id > b->max_id || model_bits_has(b, id))
        return false;
    b->bits[id / 8] |= (unsigned char)(1u << (id % 8));
    return true;
}

/* Adds the ids `st` (bound, stepped here) lists to `out`, counting the new
 * ones in *n up to cap (0: no cap). Returns the last step's code:
 * SQLITE_DONE, SQLITE_ROW when the cap stopped it, or an error. */
static int bits_fill(sqlite3_stmt *st, struct model_bits *out, int64_t cap, int64_t *n)
{
    int rc;

    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        if (bits_add(out, sqlite3_column_int64(st, 0)) && ++*n == cap)
            break;
    sqlite3_reset(st);
    return rc;
}

/* SQLite's order of the text columns 0 and 1 of two rows (BINARY: bytes,
 * then length; a blob after any text), as both indexes below sort them. */
static int key_cmp(sqlite3_stmt *a, sqlite3_stmt *b)
{
    for (int i = 0; i < 2; i++) {
        int ta = sqlite3_column_type(a, i) == SQLITE_BLOB, tb = sqlite3_column_type(b, i) == SQLITE_BLOB;
        const void *pa = ta ? sqlite3_column_blob(a, i) : (const void *)sqlite3_column_text(a, i);
        const void *pb = tb ? sqlite3_column_blob(b, i) : (const void *)sqlite3_column_text(b, i);
        int na = sqlite3_column_bytes(a, i), nb = sqlite3_column_bytes(b, i), c;
        if (ta != tb)
            return ta - tb;
        if ((c = memcmp(pa ? pa : "", pb ? pb : "", (size_t)(na < nb ? na : nb))) != 0)
            return c;
        if (na != nb)
            return na < nb ? -1 : 1;
    }
    return 0;
}

/* A post's comments (with their ids) and the posts' own ids, both in the
 * order of (platform, the post's id on it): the comments' index by post
 * and the posts' unique key, each read whole without a row. */
#define COMMENTS_BY_POST                                                                   \
    "SELECT platform, post_ext_id, id FROM comments INDEXED BY comments_by_post"             \
    " ORDER BY platform, post_ext_id"
#define POSTS_BY_KEY "SELECT platform, ext_id, id FROM posts ORDER BY platform, ext_id"
/* One matching comment's post, for the few. */
#define COMMENT_POST                                                                       \
    "SELECT p.id FROM comments c JOIN posts p ON p.platform = c.platform"                   \
    " AND p.ext_id = c.post_ext_id WHERE c.id = :id"

/* The posts of the comments holding the phrase (plan->comments), added to
 * `out`. The comments come from their index as bits; each one's post was
 * found by reading the comment's row and seeking the post's key, 7 to 20
 * µs a comment: 22 s for a word in a million comments. When they are
 * more than a tenth of the comments, the two indexes above are walked
 * side by side instead (a merge, never a row read): with the comments
 * in another order than their posts, 1.1 s of CPU for a million, not
 * 4.9 s, and 0.5 s at a cap of 250,000 (1.1 s joined). The few are still
 * sought one by one. *n counts the posts, up to cap (0: no cap; reaching
 * it sets *at_least). Returns 0, or -1 with err set. */
static int add_comment_posts(struct model *m, const struct plan *plan, int64_t cap,
                             struct model_bits *out, int64_t *n, bool *at_least,
                             struct rf_error *err)
{
    struct model_bits hit = {NULL, m->max_comment};
    sqlite3_stmt *st, *posts;
    int64_t found = 0;
    int rc, rp;

    if (!(hit.bits = calloc((size_t)(hit.max_id / 8 + 1), 1))) {
        rf_error_set(err, _("out of memory"));
        return -1;
    }
    if (!(st = model_stmt(m, plan->index_partial
                                 ? COMMENT_FTS_IDS
                                   " UNION ALL SELECT id FROM comments WHERE id > :cindexed"
                                   " AND refuge_contains(text, :term)"
                                 : COMMENT_FTS_IDS,
                          err)))
        goto fail;
    model_bind_plan(st, plan);
    if ((rc = bits_fill(st, &hit, 0, &found)) != SQLITE_DONE)
        goto failed;
    if (found * 10 < m->max_comment) {
        if (!(st = model_stmt(m, COMMENT_POST, err)))
            goto fail;
        for (int64_t c = 0; c <= hit.max_id && !*at_least; c++) {
            if (!model_bits_has(&hit, c))
                continue;
            model_bind_int(st, ":id", c);
            if ((rc = sqlite3_step(st)) == SQLITE_ROW && bits_add(out, sqlite3_column_int64(st, 0)))
                *at_least = ++*n == cap;
            sqlite3_reset(st);
            if (rc != SQLITE_ROW && rc != SQLITE_DONE)
                goto failed;
        }
        free(hit.bits);
        return 0;
    }
    if (!(st = model_stmt(m, COMMENTS_BY_POST, err)) || !(posts = model_stmt(m, POSTS_BY_KEY, err)))
        goto fail;
    rp = sqlite3_step(posts);
    while (!*at_least && rp == SQLITE_ROW && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        int c = 1;
        if (!model_bits_has(&hit, sqlite3_column_int64(st, 2)))
            continue;
        while (rp == SQLITE_ROW && (c = key_cmp(posts, st)) < 0)
            rp = sqlite3_step(posts);
        if (c == 0 && bits_add(out, sqlite3_column_int64(posts, 2)))
            *at_least = ++*n == cap;
    }
    sqlite3_reset(st);
    sqlite3_reset(posts);
    if (rp != SQLITE_ROW && rp != SQLITE_DONE)
        rc = rp;
    else if (*at_least || rp == SQLITE_DONE)
        rc = SQLITE_DONE;
    if (rc != SQLITE_DONE)
        goto failed;
    free(hit.bits);
    return 0;
failed:
    model_step_error(m, err);
fail:
    free(hit.bits);
    return -1;
}

/* The posts holding a trigram that starts with a short query are the posts
 * that contain it (see plan.h); they, and those of a search that also
 * reaches tags and authors, are counted with a bitmap of post ids (an
 * eighth of a byte a post) as model_search_ids() lists them. DISTINCT
 * would sort up to every post id through a temporary B-tree: twice the
 * time, and 2 MiB more memory at a million posts. The posts reached
 * through comments are added apart (add_comment_posts()). */
int model_search_bits(struct model *m, const struct plan *plan, int64_t cap,
                      struct model_bits *out, int64_t *n, bool *at_least, struct rf_error *err)
{
    struct plan own = *plan;
    sqlite3_stmt *st;
    int rc;

    *out = (struct model_bits){NULL, 0};
    *n = 0;
    *at_least = false;
    /* The texts', tags' and names' posts first, in SQL. */
    own.comments = false;
    if (model_index_read(m, err) != 0)
        return -1;
    out->max_id = m->max_id;
    if (!(st = model_stmt(m, model_search_ids(plan->search == PLAN_PHRASE ? &own : plan), err)))
        return -1;
    model_bind_plan(st, plan);
    if (!(out->bits = calloc((size_t)(out->max_id / 8 + 1), 1))) {
        sqlite3_reset(st);
        rf_error_set(err, _("out of memory"));
        return -1;
    }
    rc = bits_fill(st, out, cap, n);
    *at_least = rc == SQLITE_ROW;
    if ((rc != SQLITE_DONE && !*at_least) ||
        (rc == SQLITE_DONE && plan->comments && plan->search == PLAN_PHRASE &&
         add_comment_posts(m, plan, cap, out, n, at_least, err) != 0)) {
        if (rc != SQLITE_DONE && !*at_least)
            model_step_error(m, err);
        free(out->bits);
        out->bits = NULL;
        return -1;
    }
    return 0;
}

static int count_ids(struct model *m, const struct plan *plan, int64_t cap, int64_t *out,
                     bool *at_least, struct rf_error *err)
{
    struct model_bits bits;

    if (model_search_bits(m, plan, cap, &bits, out, at_least, err) != 0)
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
        if (!(st = model_stmt(m, "SELECT count(*) FROM (" PHRASE_IDS ")",
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
        model_sql_add(&b, "SELECT count(*) FROM (" PHRASE_IDS ")");
    } else if (plan->search_only && model_search_ids(plan)) {
        return count_ids(m, plan, cap, out, at_least, err);
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
