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

int model_authors(struct model *m, const struct model_filter *filter,
                  enum model_author_sort sort, size_t limit, struct model_author_list *out,
                  struct rf_error *err)
{
    static const struct model_filter none;
    const struct model_filter *f = filter ? filter : &none;
    struct plan plan;
    struct buf_text sql = {0};
    char where[4096];
    /* Conditions comments do not have: list only authors with such posts. */
    bool posts_only = f->tag || f->provenance || f->starred_only || (f->search && f->search[0]);
    sqlite3_stmt *st;
    size_t cap = 0;
    int rc, covering = 0;

    memset(out, 0, sizeof *out);
    if (sort >= MODEL_AUTHORS_SORT_COUNT)
        sort = MODEL_AUTHORS_POSTS;
    if (model_plan_open(m, &plan, f, err) != 0)
        return -1;
    model_where(&plan, where, sizeof where);
    if (model_filter_is_empty(f)) {
        /* Every author: the importer's per-author totals (author_totals.h),
         * never a read of every post. */
        buf_appendf(&sql,
                    "SELECT platform, key, keyed, name, posts, comments, likes, floor, first,"
                    " last, region, invented FROM author_totals"
                    " ORDER BY %s, platform, key LIMIT :limit",
                    sort_sql[sort]);
        goto prepared;
    }
    if ((covering = read_covering(m, f, err)) < 0) {
        plan_free(&plan);
        return model_failed(m, err);
    }
    /* The posts summed by platform, author row and name on the post (the
     * order of posts_for_authors, so the sums are made as the index
     * passes), each group then joined to its author row once; then the
     * comments by author; both summed per identity. A keyed author whose
     * posts carry several names has a group per name, added up with the
     * rest. */
    buf_appendf(&sql,
                "SELECT platform, key, keyed, max(name), sum(posts) AS posts,"
                " sum(comments) AS comments, sum(likes) AS likes, max(floor), min(first),"
                " max(last) AS last, max(region), max(invented) FROM ("
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
                      " ORDER BY %s, platform, key LIMIT :limit",
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
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct model_author *a;
        if (!buf_grow((void **)&out->rows, &cap, out->count + 1, sizeof *out->rows)) {
            rc = SQLITE_NOMEM;
            break;
        }
        a = &out->rows[out->count++];
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
        if (!a->platform || !a->key) {
            rc = SQLITE_NOMEM;
            break;
        }
    }
    sqlite3_reset(st);
    plan_free(&plan);
    if (rc != SQLITE_DONE) {
        rf_error_set(err, "%s",
                     rc == SQLITE_NOMEM ? _("out of memory") : sqlite3_errmsg(model_sqlite(m)));
        model_author_list_free(out);
        /* MODEL_INTERRUPTED when the interrupt check ended it. */
        return rc == SQLITE_NOMEM ? -1 : model_failed(m, err);
    }
    return 0;
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
