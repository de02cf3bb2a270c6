/* model_authors.c — who wrote what (contract in model_authors.h). */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "i18n.h"
#include "model_authors.h"
#include "model_internal.h"
#include "model_sql.h"
#include "plan.h"

static const char *const sort_names[MODEL_AUTHORS_SORT_COUNT] = {
    [MODEL_AUTHORS_POSTS] = "posts", [MODEL_AUTHORS_COMMENTS] = "comments",
    [MODEL_AUTHORS_LIKES] = "likes", [MODEL_AUTHORS_RECENT] = "recent"};

/* The ORDER BY of each sort over the grouped columns; ties by identity. */
static const char *const sort_sql[MODEL_AUTHORS_SORT_COUNT] = {
    [MODEL_AUTHORS_POSTS] = "posts DESC, comments DESC",
    [MODEL_AUTHORS_COMMENTS] = "comments DESC, posts DESC",
    [MODEL_AUTHORS_LIKES] = "likes DESC, posts DESC",
    [MODEL_AUTHORS_RECENT] = "last DESC, posts DESC"};

/* The index of author_totals in each sort's order (migration 15). */
static const char *const sort_index[MODEL_AUTHORS_SORT_COUNT] = {
    [MODEL_AUTHORS_POSTS] = "author_totals_by_posts",
    [MODEL_AUTHORS_COMMENTS] = "author_totals_by_comments",
    [MODEL_AUTHORS_LIKES] = "author_totals_by_likes",
    [MODEL_AUTHORS_RECENT] = "author_totals_by_last"};

const char *model_author_sort_name(enum model_author_sort sort)
{
    return sort < MODEL_AUTHORS_SORT_COUNT ? sort_names[sort] : "posts";
}

int model_author_sort_from_name(const char *name)
{
    for (int i = 0; i < MODEL_AUTHORS_SORT_COUNT; i++)
        if (strcmp(name, sort_names[i]) == 0)
            return i;
    return -1;
}

/* Conditions of the filter that comments have too: the window, the
 * platform, the language and the author. */
static void comment_where(const struct model_filter *f, struct buf_text *sql)
{
    buf_appendf(sql, " WHERE 1");
    if (f->has_from)
        buf_appendf(sql, " AND c.ts_utc >= :from");
    if (f->has_to)
        buf_appendf(sql, " AND c.ts_utc < :to");
    if (f->platform)
        buf_appendf(sql, " AND c.platform = :platform");
    if (f->lang)
        buf_appendf(sql, " AND c.lang = :lang");
    if (f->author)
        buf_appendf(sql, " AND (a.key = :author OR a.platform || ':' || a.key = :author)");
}

/* Whether the filter's posts are read from the covering index
 * posts_for_authors (migration 16) rather than their rows: an entry there
 * costs about an eighth of a row, so it wins once the filter keeps more
 * than an eighth of the posts. A filter with a set of its own (a search,
 * a tag, an author, starred, marked, coded or sampled posts) is reached
 * through that set; the others are counted first, from the per-day
 * tables mostly. 1 covering, 0 rows, -1 error. */
static int read_covering(struct model *m, const struct model_filter *f, struct rf_error *err)
{
    int64_t all, n;
    bool at_least;

    if (f->tag || f->starred_only || f->marked_only || f->code || f->sample || f->author ||
        (f->search && f->search[0]))
        return 0;
    if (model_count(m, NULL, &all, err) != 0 ||
        model_count_capped(m, f, all / 8 + 1, &n, &at_least, err) != 0)
        return -1;
    return n > all / 8;
}

/* The two numbers a sort orders by, the first deciding. */
static void sort_numbers(const struct model_author *a, enum model_author_sort sort, int64_t n[2])
{
    n[0] = sort == MODEL_AUTHORS_COMMENTS ? a->comments
           : sort == MODEL_AUTHORS_LIKES  ? a->likes
           : sort == MODEL_AUTHORS_RECENT ? a->last_seen
                                          : a->posts;
    n[1] = sort == MODEL_AUTHORS_POSTS ? a->comments : a->posts;
}

/* Below 0 when a comes first in the list's order: the sort's numbers
 * descending, then platform, key and keyed ascending (SQLite's BINARY
 * order of the texts). Two identities are never equal. */
static int author_cmp(const struct model_author *a, const struct model_author *b,
                      enum model_author_sort sort)
{
    int64_t x[2], y[2];
    int c;

    sort_numbers(a, sort, x);
    sort_numbers(b, sort, y);
    for (int i = 0; i < 2; i++)
        if (x[i] != y[i])
            return x[i] > y[i] ? -1 : 1;
    if ((c = strcmp(a->platform, b->platform)) != 0 || (c = strcmp(a->key, b->key)) != 0)
        return c;
    return (int)a->keyed - (int)b->keyed;
}

/* Keeps *best the largest of itself and text column i (max() in SQL). */
static bool keep_max(char **best, sqlite3_stmt *st, int i)
{
    char *s;

    if (sqlite3_column_type(st, i) == SQLITE_NULL)
        return true;
    if (!(s = model_dup_col(st, i)))
        return false;
    if (*best && strcmp(s, *best) <= 0) {
        free(s);
        return true;
    }
    free(*best);
    *best = s;
    return true;
}

/* Adds what a statement summed of one identity's posts (count, likes,
 * floor, first, last, region, illustrative, a name) to a; `name` is the
 * name those posts give it when its row has none. SQLITE_ROW, or the
 * error. */
static int add_posts(sqlite3_stmt *st, struct model_author *a, const char *name)
{
    int rc = sqlite3_step(st);

    bool seen;

    if (rc != SQLITE_ROW || sqlite3_column_int64(st, 0) == 0)
        return rc;
    seen = a->posts + a->comments > 0;
    if (!seen || sqlite3_column_int64(st, 3) < a->first_seen)
        a->first_seen = sqlite3_column_int64(st, 3);
    if (!seen || sqlite3_column_int64(st, 4) > a->last_seen)
        a->last_seen = sqlite3_column_int64(st, 4);
    a->posts += sqlite3_column_int64(st, 0);
    a->likes += sqlite3_column_int64(st, 1);
    a->likes_at_least |= sqlite3_column_int(st, 2) != 0;
    a->illustrative |= sqlite3_column_int(st, 6) != 0;
    if (!keep_max(&a->region, st, 5))
        return SQLITE_NOMEM;
    if (name) {
        char *copy = strdup(name);
        if (!copy)
            return SQLITE_NOMEM;
        if (a->name && strcmp(copy, a->name) <= 0)
            free(copy);
        else {
            free(a->name);
            a->name = copy;
        }
    } else if (!keep_max(&a->name, st, 7))
        return SQLITE_NOMEM;
    return SQLITE_ROW;
}

/* The statements of the walk below: author_totals in the sort's order, an
 * identity's author row, its posts through that row and under its name,
 * its comments. */
struct bound_walk {
    sqlite3_stmt *totals, *row, *row_posts, *named_posts, *comments;
};

static int walk_prepare(struct model *m, const struct plan *plan, const char *where,
                        enum model_author_sort sort, struct bound_walk *w, struct rf_error *err)
{
    const struct model_filter *f = plan->filter;
    /* What one identity's posts add, read from posts_for_authors alone. */
    static const char post_sums[] =
        "SELECT count(*), sum(p.likes),"
        " max((p.at_least & 1) != 0 OR (p.known & 1) = 0 OR p.provenance = 'quoted'),"
        " min(p.ts_utc), max(p.ts_utc), max(p.region), max(p.provenance = 'illustrative'),"
        " max(p.author) FROM posts p INDEXED BY posts_for_authors";
    struct buf_text sql[4] = {{0}};
    sqlite3_stmt **st[4] = {&w->totals, &w->row_posts, &w->named_posts, &w->comments};
    int rc = 0;

    /* An author with nothing in the filter's window or platform is passed
     * over in the index, never looked up. */
    buf_appendf(&sql[0],
                "SELECT platform, keyed, key, posts, comments, likes, last FROM author_totals"
                " INDEXED BY %s WHERE 1%s%s%s ORDER BY %s, platform, key, keyed",
                sort_index[sort], f->platform ? " AND platform = :platform" : "",
                f->has_from ? " AND last >= :from" : "", f->has_to ? " AND first < :to" : "",
                sort_sql[sort]);
    buf_appendf(&sql[1], "%s%s AND p.platform = :ip AND p.author_id = :aid", post_sums, where);
    buf_appendf(&sql[2], "%s%s AND p.platform = :ip AND p.author_id IS NULL AND p.author = :ik",
                post_sums, where);
    buf_appendf(&sql[3], "SELECT count(*), min(c.ts_utc), max(c.ts_utc), max(c.region)"
                         " FROM comments c JOIN authors a ON a.id = c.author_id");
    comment_where(f, &sql[3]);
    buf_appendf(&sql[3], " AND c.author_id = :aid");
    w->row = model_stmt(m, "SELECT id, name FROM authors WHERE platform = ?1 AND keyed = ?2"
                           " AND key = ?3", err);
    for (int i = 0; i < 4; i++) {
        if (!sql[i].s) {
            rf_error_set(err, _("out of memory"));
            rc = -1;
        } else if (rc == 0 && w->row && !(*st[i] = model_stmt(m, sql[i].s, err)))
            rc = -1;
        else if (rc == 0 && w->row)
            model_bind_plan(*st[i], plan);
        free(sql[i].s);
    }
    return w->row ? rc : -1;
}

/* One identity's row under the filter (its posts, comments, ...) into a,
 * which holds its platform, key and keyed. SQLITE_DONE, or the error. */
static int walk_author(struct bound_walk *w, struct model_author *a)
{
    int rc;
    char *row_name = NULL;
    sqlite3_int64 id = 0;

    sqlite3_reset(w->row);
    sqlite3_bind_text(w->row, 1, a->platform, -1, SQLITE_STATIC);
    sqlite3_bind_int(w->row, 2, a->keyed);
    sqlite3_bind_text(w->row, 3, a->key, -1, SQLITE_STATIC);
    if ((rc = sqlite3_step(w->row)) == SQLITE_ROW) {
        id = sqlite3_column_int64(w->row, 0);
        if (sqlite3_column_type(w->row, 1) != SQLITE_NULL && !(row_name = model_dup_col(w->row, 1)))
            rc = SQLITE_NOMEM;
    }
    sqlite3_reset(w->row);
    if (rc == SQLITE_ROW) {
        sqlite3_reset(w->row_posts);
        sqlite3_bind_text(w->row_posts, sqlite3_bind_parameter_index(w->row_posts, ":ip"),
                          a->platform, -1, SQLITE_STATIC);
        sqlite3_bind_int64(w->row_posts, sqlite3_bind_parameter_index(w->row_posts, ":aid"), id);
        rc = add_posts(w->row_posts, a, row_name);
        sqlite3_reset(w->row_posts);
        if (rc == SQLITE_ROW) {
            sqlite3_reset(w->comments);
            sqlite3_bind_int64(w->comments, sqlite3_bind_parameter_index(w->comments, ":aid"), id);
            if ((rc = sqlite3_step(w->comments)) == SQLITE_ROW &&
                (a->comments = sqlite3_column_int64(w->comments, 0)) > 0) {
                int64_t first = sqlite3_column_int64(w->comments, 1);
                int64_t last = sqlite3_column_int64(w->comments, 2);
                if (a->posts == 0 || first < a->first_seen)
                    a->first_seen = first;
                if (a->posts == 0 || last > a->last_seen)
                    a->last_seen = last;
                if (!keep_max(&a->region, w->comments, 3))
                    rc = SQLITE_NOMEM;
                else if (row_name && (!a->name || strcmp(row_name, a->name) > 0)) {
                    free(a->name);
                    a->name = row_name;
                    row_name = NULL;
                }
            }
            sqlite3_reset(w->comments);
        }
    }
    free(row_name);
    if ((rc == SQLITE_ROW || rc == SQLITE_DONE) && !a->keyed) {
        /* A name is also the posts under it that have no author row. */
        sqlite3_reset(w->named_posts);
        sqlite3_bind_text(w->named_posts, sqlite3_bind_parameter_index(w->named_posts, ":ip"),
                          a->platform, -1, SQLITE_STATIC);
        sqlite3_bind_text(w->named_posts, sqlite3_bind_parameter_index(w->named_posts, ":ik"),
                          a->key, -1, SQLITE_STATIC);
        rc = add_posts(w->named_posts, a, a->key);
        sqlite3_reset(w->named_posts);
    }
    return rc == SQLITE_ROW ? SQLITE_DONE : rc;
}

/* Puts a in its place among the first `limit` of out (out->rows has room
 * for limit + 1), dropping the one pushed past the limit. */
static void keep_top(struct model_author_list *out, struct model_author *a, size_t limit,
                     enum model_author_sort sort)
{
    size_t at = out->count;

    while (at > 0 && author_cmp(a, &out->rows[at - 1], sort) < 0)
        at--;
    memmove(&out->rows[at + 1], &out->rows[at], (out->count - at) * sizeof *out->rows);
    out->rows[at] = *a;
    if (++out->count > limit) {
        struct model_author *dropped = &out->rows[limit];
        free(dropped->platform);
        free(dropped->key);
        free(dropped->name);
        free(dropped->region);
        out->count = limit;
    }
}

/* How many authors the walk below reads before the aggregate is cheaper. */
#define BOUND_BUDGET(limit) (2000 + 4 * (limit))

/* The first `limit` authors of a filter that keeps many posts, exactly as
 * the aggregate query below lists them, without summing every author. The
 * authors are walked in the order of their totals (author_totals), each
 * total a bound of what the filter leaves of it: its posts and comments
 * under a filter are at most all of them, its last seen at most its last
 * (not its likes: any sum of likes could be the largest). Each one's posts
 * are read through posts_for_authors, its comments through
 * comments_by_author, until the limit-th found comes before the next
 * one's total: nobody after can overtake it. More than `budget` authors
 * walked means the filter keeps little of the first ones: the aggregate is
 * then cheaper. 0 listed, 1 gave up (nothing filled), -1 or
 * MODEL_INTERRUPTED. */
static int first_by_bounds(struct model *m, const struct plan *plan, const char *where,
                           enum model_author_sort sort, size_t limit, bool posts_only,
                           size_t budget, struct model_author_list *out, struct rf_error *err)
{
    struct bound_walk w = {0};
    size_t walked = 0;
    bool gave_up = false;
    int rc;

    if (walk_prepare(m, plan, where, sort, &w, err) != 0)
        return -1;
    if (!(out->rows = calloc(limit + 1, sizeof *out->rows))) {
        rf_error_set(err, _("out of memory"));
        return -1;
    }
    while ((rc = sqlite3_step(w.totals)) == SQLITE_ROW) {
        struct model_author a = {.keyed = sqlite3_column_int(w.totals, 1) != 0,
                                 .posts = sqlite3_column_int64(w.totals, 3),
                                 .comments = sqlite3_column_int64(w.totals, 4),
                                 .likes = sqlite3_column_int64(w.totals, 5),
                                 .last_seen = sqlite3_column_int64(w.totals, 6)};
        bool passed;

        if (!(a.platform = model_dup_col(w.totals, 0)) || !(a.key = model_dup_col(w.totals, 2))) {
            free(a.platform);
            rc = SQLITE_NOMEM;
            break;
        }
        passed = out->count == limit && author_cmp(&out->rows[limit - 1], &a, sort) < 0;
        gave_up = !passed && ++walked > budget;
        if (passed || gave_up) {
            free(a.platform);
            free(a.key);
            rc = SQLITE_DONE;
            break;
        }
        a.posts = a.comments = a.likes = a.last_seen = 0;
        if ((rc = walk_author(&w, &a)) != SQLITE_DONE ||
            (posts_only ? !a.posts : !a.posts && !a.comments)) {
            free(a.platform);
            free(a.key);
            free(a.name);
            free(a.region);
            if (rc != SQLITE_DONE)
                break;
            continue;
        }
        keep_top(out, &a, limit, sort);
    }
    sqlite3_reset(w.totals);
    if (rc == SQLITE_DONE && !gave_up)
        return 0;
    if (rc != SQLITE_DONE)
        rf_error_set(err, "%s",
                     rc == SQLITE_NOMEM ? _("out of memory") : sqlite3_errmsg(model_sqlite(m)));
    model_author_list_free(out);
    if (rc == SQLITE_DONE)
        return 1;
    return rc == SQLITE_NOMEM ? -1 : model_failed(m, err);
}

/* Reads a row of the lists' queries (platform, key, keyed, name, posts,
 * comments, likes, floor, first, last, region, invented) into a, its
 * strings copied. Returns false when memory ran out. */
static bool read_author(sqlite3_stmt *st, struct model_author *a)
{
    memset(a, 0, sizeof *a);
    a->platform = model_dup_col(st, 0);
    a->key = model_dup_col(st, 1);
    a->keyed = sqlite3_column_int(st, 2) != 0;
    a->name = model_dup_col(st, 3);
    a->posts = sqlite3_column_int64(st, 4);
    a->comments = sqlite3_column_int64(st, 5);
    a->likes = sqlite3_column_int64(st, 6);
    a->likes_at_least = sqlite3_column_int(st, 7) != 0;
    a->first_seen = sqlite3_column_int64(st, 8);
    a->last_seen = sqlite3_column_int64(st, 9);
    a->region = model_dup_col(st, 10);
    a->illustrative = sqlite3_column_int(st, 11) != 0;
    return a->platform && a->key;
}

static void author_free(struct model_author *a)
{
    free(a->platform);
    free(a->key);
    free(a->name);
    free(a->region);
}

int model_authors_each(struct model *m, const struct model_filter *filter,
                       enum model_author_sort sort, size_t limit, model_author_fn each,
                       void *arg, struct rf_error *err)
{
    static const struct model_filter none;
    const struct model_filter *f = filter ? filter : &none;
    struct plan plan;
    struct buf_text sql = {0};
    char where[4096];
    /* Conditions comments do not have: list only authors with such posts. */
    bool posts_only = f->tag || f->provenance || f->starred_only || (f->search && f->search[0]);
    sqlite3_stmt *st;
    int rc, covering = 0, status = 0;

    if (sort >= MODEL_AUTHORS_SORT_COUNT)
        sort = MODEL_AUTHORS_POSTS;
    if (model_plan_open(m, &plan, f, err) != 0)
        return -1;
    model_where(&plan, where, sizeof where);
    if (model_filter_is_empty(f)) {
        /* Every author: the importer's per-author totals (author_totals.h),
         * never a read of every post, in the order of the sort's index, so
         * the rows stream out of it; their number, asked once in the same
         * statement (its snapshot), comes with each. */
        buf_appendf(&sql,
                    "SELECT platform, key, keyed, name, posts, comments, likes, floor, first,"
                    " last, region, invented, (SELECT count(*) FROM author_totals)"
                    " FROM author_totals ORDER BY %s, platform, key, keyed LIMIT :limit",
                    sort_sql[sort]);
        goto prepared;
    }
    if ((covering = read_covering(m, f, err)) < 0) {
        plan_free(&plan);
        return model_failed(m, err);
    }
    if (covering && limit && sort != MODEL_AUTHORS_LIKES) {
        struct model_author_list list = {0};
        rc = first_by_bounds(m, &plan, where, sort, limit, posts_only, BOUND_BUDGET(limit),
                             &list, err);
        if (rc != 1) {
            plan_free(&plan);
            for (size_t i = 0; rc == 0 && status == 0 && i < list.count; i++)
                status = each(arg, &list.rows[i], list.count);
            if (rc == 0)
                model_author_list_free(&list);
            return rc != 0 ? rc : status;
        }
    }
    /* The posts summed by platform, author row and name on the post (the
     * order of posts_for_authors, so the sums are made as the index
     * passes), each group then joined to its author row once; then the
     * comments by author; both summed per identity. A keyed author whose
     * posts carry several names has a group per name, added up with the
     * rest. The number of identities comes with each row. */
    buf_appendf(&sql,
                "SELECT platform, key, keyed, max(name), sum(posts) AS posts,"
                " sum(comments) AS comments, sum(likes) AS likes, max(floor), min(first),"
                " max(last) AS last, max(region), max(invented), count(*) OVER () FROM ("
                " SELECT g.platform AS platform, coalesce(a.key, g.author) AS key,"
                " coalesce(a.keyed, 0) AS keyed, coalesce(a.name, g.author) AS name,"
                " g.posts AS posts, 0 AS comments, g.likes AS likes, g.floor AS floor,"
                " g.first AS first, g.last AS last, g.region AS region, g.invented AS invented"
                " FROM (SELECT p.platform AS platform, p.author_id AS author_id,"
                " p.author AS author, count(*) AS posts, sum(p.likes) AS likes,"
                " max((p.at_least & 1) != 0 OR (p.known & 1) = 0 OR p.provenance = 'quoted')"
                " AS floor, min(p.ts_utc) AS first, max(p.ts_utc) AS last,"
                " max(p.region) AS region, max(p.provenance = 'illustrative') AS invented"
                " FROM posts p%s"
                /* The user's state only for starred posts: a probe per post. */
                "%s%s%s%s AND (p.author_id IS NOT NULL OR p.author IS NOT NULL)"
                " GROUP BY p.platform, p.author_id, p.author) g"
                " LEFT JOIN authors a ON a.id = g.author_id"
                " UNION ALL SELECT a.platform, a.key, a.keyed, a.name, 0, count(*), 0, 0,"
                " min(c.ts_utc), max(c.ts_utc), max(c.region), 0"
                " FROM comments c JOIN authors a ON a.id = c.author_id",
                covering ? " INDEXED BY posts_for_authors" : "",
                f->starred_only ? " LEFT JOIN " : "", f->starred_only ? model_user_schema(m) : "",
                f->starred_only ? ".state s ON s.platform = p.platform AND s.ext_id = p.ext_id" : "",
                where);
    comment_where(f, &sql);
    buf_appendf(&sql, " GROUP BY c.author_id) GROUP BY platform, keyed, key%s"
                      " ORDER BY %s, platform, key, keyed LIMIT :limit",
                posts_only ? " HAVING sum(posts) > 0" : "", sort_sql[sort]);
prepared:
    if (!sql.s) {
        plan_free(&plan);
        rf_error_set(err, _("out of memory"));
        return -1;
    }
    st = model_stmt(m, sql.s, err);
    free(sql.s);
    if (!st) {
        plan_free(&plan);
        return -1;
    }
    model_bind_plan(st, &plan);
    sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":limit"),
                       limit ? (sqlite3_int64)limit : -1);
    /* Row by row: the memory of one author, however many there are. */
    while (status == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct model_author a;
        int64_t total = sqlite3_column_int64(st, 12);
        if (!read_author(st, &a)) {
            author_free(&a);
            rc = SQLITE_NOMEM;
            break;
        }
        status = each(arg, &a, (size_t)(limit && (size_t)total > limit ? (int64_t)limit : total));
        author_free(&a);
    }
    sqlite3_reset(st);
    plan_free(&plan);
    if (status != 0)
        return status;
    if (rc != SQLITE_DONE) {
        rf_error_set(err, "%s",
                     rc == SQLITE_NOMEM ? _("out of memory") : sqlite3_errmsg(model_sqlite(m)));
        /* MODEL_INTERRUPTED when the interrupt check ended it. */
        return rc == SQLITE_NOMEM ? -1 : model_failed(m, err);
    }
    return 0;
}

/* model_authors(): each row kept, with room made as they come. */
struct author_collect {
    struct model_author_list *out;
    size_t cap;
};

static int collect_author(void *arg, const struct model_author *a, size_t total)
{
    struct author_collect *c = arg;
    struct model_author *row;

    (void)total;
    if (!buf_grow((void **)&c->out->rows, &c->cap, c->out->count + 1, sizeof *c->out->rows))
        return -1;
    row = &c->out->rows[c->out->count];
    *row = *a;
    row->platform = strdup(a->platform);
    row->key = strdup(a->key);
    row->name = a->name ? strdup(a->name) : NULL;
    row->region = a->region ? strdup(a->region) : NULL;
    c->out->count++;
    return row->platform && row->key && (row->name || !a->name) && (row->region || !a->region)
               ? 0
               : -1;
}

int model_authors(struct model *m, const struct model_filter *filter,
                  enum model_author_sort sort, size_t limit, struct model_author_list *out,
                  struct rf_error *err)
{
    struct author_collect c = {.out = out};
    int rc;

    memset(out, 0, sizeof *out);
    rc = model_authors_each(m, filter, sort, limit, collect_author, &c, err);
    if (rc == -1 && !err->msg[0])
        rf_error_set(err, _("out of memory"));
    if (rc != 0)
        model_author_list_free(out);
    return rc;
}

int model_authors_bounded(struct model *m, const struct model_filter *filter,
                          enum model_author_sort sort, struct rf_error *err)
{
    int covering;

    if (!filter || model_filter_is_empty(filter) || sort >= MODEL_AUTHORS_SORT_COUNT ||
        sort == MODEL_AUTHORS_LIKES)
        return 0;
    if ((covering = read_covering(m, filter, err)) < 0)
        return model_failed(m, err);
    return covering;
}

void model_author_list_free(struct model_author_list *list)
{
    for (size_t i = 0; i < list->count; i++) {
        free(list->rows[i].platform);
        free(list->rows[i].key);
        free(list->rows[i].name);
        free(list->rows[i].region);
    }
    free(list->rows);
    memset(list, 0, sizeof *list);
}
