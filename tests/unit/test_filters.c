/* test_filters.c — the researcher's filters (stars, marks, codes, samples)
 * read the way their size calls for, and give the same posts either way:
 * lists paged to the end in both orders, counts, and the plans SQLite
 * makes of them (model_internal.h: cond_style), so a slow shape cannot
 * come back unnoticed. Sets above the model's threshold for common ones
 * (2,000 posts) are walked along the order's index; rarer ones are read
 * by id; every one is compared with the posts a plain loop selects. */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cache_sql.h"
#include "db.h"
#include "import.h"
#include "model.h"
#include "tap.h"
#include "userstate.h"
#include "workbench.h"

/* More than twice the threshold, so a set of every other post is common. */
#define NPOSTS 5000
#define T0 1736800000LL

/* Post i: zh when even, its likes a permutation of 0..NPOSTS-1 (so the
 * order by likes is not the order by time). */
static int64_t likes_of(int i)
{
    return (int64_t)i * 2003 % NPOSTS;
}

static bool coded_common(int i) { return i % 2 == 0; }  /* 2,500 */
static bool coded_rare(int i) { return i % 500 == 7; }  /* 10 */
static bool marked(int i) { return i % 5 != 0; }        /* 4,000 */
static bool starred(int i) { return i % 4 == 1; }       /* 1,250: rare */

/* NPOSTS posts PREFIX-0.. as above. */
static int import_posts(struct db *db, const char *prefix, struct rf_error *err)
{
    struct import_options opts = {.format = IMPORT_JSONL};
    struct import_result res;
    size_t cap = (size_t)NPOSTS * 160 + 1, len = 0;
    char *buf = malloc(cap);
    int rc;

    if (!buf)
        return -1;
    for (int i = 0; i < NPOSTS; i++)
        len += (size_t)snprintf(buf + len, cap - len,
                                "{\"id\": \"%s-%d\", \"platform\": \"xiaohongshu\", \"lang\": "
                                "\"%s\", \"time\": %lld, \"likes\": %lld, \"text\": \"post %d\"}\n",
                                prefix, i, i % 2 ? "en" : "zh", T0 + i * 600LL,
                                (long long)likes_of(i), i);
    rc = db_begin(db, err) == 0 &&
                 import_buffer(db, "posts.jsonl", buf, len, &opts, &res, err) == 0 &&
                 db_commit(db, err) == 0
             ? 0
             : -1;
    free(buf);
    return rc;
}

/* Applies, marks and stars what the predicates above say, in one
 * transaction. */
static int plant(struct db *db, struct model *m, struct rf_error *err)
{
    if (db_begin(db, err) != 0)
        return -1;
    for (int i = 0; i < NPOSTS; i++) {
        char id[16];
        struct wb_item it;
        snprintf(id, sizeof id, "p-%d", i);
        it = (struct wb_item){.kind = WB_POST, .platform = "xiaohongshu", .ext_id = id};
        if ((coded_common(i) && wb_apply(m, &it, "common", NULL, err) != 0) ||
            (coded_rare(i) && wb_apply(m, &it, "rare", NULL, err) != 0) ||
            (marked(i) && wb_mark(m, "xiaohongshu", id, true, err) != 0)) {
            db_rollback(db);
            return -1;
        }
        /* Post i has id i + 1: the cache was empty. */
        if (starred(i) && model_set_starred(m, i + 1, true, err) != 0) {
            db_rollback(db);
            return -1;
        }
    }
    return db_commit(db, err);
}

struct want {
    const char *name;
    struct model_filter filter;
    bool (*a)(int), (*b)(int); /* both must hold (b may be NULL) */
    bool zh;                   /* and the post is in Chinese */
};

static bool wanted(const struct want *w, int i)
{
    return w->a(i) && (!w->b || w->b(i)) && (!w->zh || i % 2 == 0);
}

/* Lists every page of the filter in one order and checks each row: wanted,
 * in strictly descending order (so none twice); returns the rows listed. */
static int64_t list_all(struct model *m, const struct want *w, enum model_sort sort,
                        int64_t *wrong)
{
    struct rf_error err = {{0}};
    struct model_cursor at = {0};
    int64_t listed = 0, last_key = INT64_MAX, last_id = INT64_MAX;
    int pages = 0;
    bool more = true;

    *wrong = 0;
    while (more && pages++ < NPOSTS) {
        struct model_post_page page;
        if (model_posts(m, &w->filter, sort, &at, MODEL_FORWARD, 50, &page, &err) != 0) {
            tap_diag("%s: %s", w->name, err.msg);
            *wrong += 1;
            return listed;
        }
        for (size_t k = 0; k < page.count; k++) {
            const struct model_post *p = &page.rows[k];
            int64_t key = sort == MODEL_SORT_LIKES ? p->likes : p->ts_utc;
            int i = atoi(p->ext_id + 2);
            *wrong += !wanted(w, i) || key > last_key || (key == last_key && p->id >= last_id);
            last_key = key;
            last_id = p->id;
        }
        listed += (int64_t)page.count;
        at = page.resume.valid ? page.resume : page.last;
        more = page.more;
        model_post_page_free(&page);
    }
    return listed;
}

static void test_lists(struct model *m)
{
    const struct want wants[] = {
        {"a common code", {.code = "common"}, coded_common, NULL, false},
        {"a rare code", {.code = "rare"}, coded_rare, NULL, false},
        {"common marks", {.marked_only = true}, marked, NULL, false},
        {"rare stars", {.starred_only = true}, starred, NULL, false},
        {"a common code in Chinese", {.code = "common", .lang = "zh"}, coded_common, NULL, true},
        {"a common code and common marks", {.code = "common", .marked_only = true}, coded_common,
         marked, false},
        {"a rare code and common marks", {.code = "rare", .marked_only = true}, coded_rare, marked,
         false},
        {"stars in Chinese", {.starred_only = true, .lang = "zh"}, starred, NULL, true},
    };

    for (size_t k = 0; k < sizeof wants / sizeof *wants; k++) {
        const struct want *w = &wants[k];
        struct rf_error err = {{0}};
        int64_t expected = 0, n = -1, wrong;
        for (int i = 0; i < NPOSTS; i++)
            expected += wanted(w, i);
        ok(model_count(m, &w->filter, &n, &err) == 0 && n == expected,
           "%s: counts its %lld posts", w->name, (long long)expected);
        is_int(list_all(m, w, MODEL_SORT_TIME, &wrong), expected,
               "%s: newest first, every one of them, page by page", w->name);
        is_int(wrong, 0, "%s: only them, in order", w->name);
        is_int(list_all(m, w, MODEL_SORT_LIKES, &wrong), expected,
               "%s: most liked first, every one of them", w->name);
        is_int(wrong, 0, "%s: only them, in order", w->name);
    }
}

/* A sample draws the same posts whichever shape its subquery takes:
 * ranked from the posts' (platform, ext_id) index for a language, from
 * its set's rows for a code. */
static void test_samples(struct db *db, struct model *m)
{
    struct rf_error err = {{0}};
    struct model_filter zh = {.lang = "zh", .sample = 300, .seed = 11};
    struct model_filter coded = {.code = "common", .sample = 300, .seed = 11};
    int64_t n = -1, listed, wrong;
    struct want w = {"a sample of the Chinese posts", zh, coded_common, NULL, true};

    ok(model_count(m, &zh, &n, &err) == 0 && n == 300, "a sample of the Chinese posts: 300");
    listed = list_all(m, &w, MODEL_SORT_TIME, &wrong);
    ok(listed == 300 && wrong == 0, "listed to the end, all Chinese, in order");
    /* Chinese posts are the even ones, and so are the commonly coded:
     * the same population, the same seed, so the same sample. */
    is_int(sql_int(db, "SELECT count(*) FROM posts"), NPOSTS, "the cache holds every post");
    {
        struct model_post_page a, b;
        bool same = model_posts(m, &zh, MODEL_SORT_TIME, NULL, MODEL_FORWARD, 300, &a, &err) == 0 &&
                    model_posts(m, &coded, MODEL_SORT_TIME, NULL, MODEL_FORWARD, 300, &b, &err) ==
                        0 &&
                    a.count == 300 && b.count == 300;
        for (size_t k = 0; same && k < a.count; k++)
            same = a.rows[k].id == b.rows[k].id;
        ok(same, "a sample of a language (ranked from the index) and of a code (ranked from "
                 "its set) agree on the same population");
        model_post_page_free(&a);
        model_post_page_free(&b);
    }
}

/* The ids of a sample's first page of n (newest first), into ids. */
static size_t sample_page(struct model *m, const struct model_filter *f, int64_t *ids, size_t n)
{
    struct rf_error err = {{0}};
    struct model_post_page page;
    size_t got = 0;

    if (model_posts(m, f, MODEL_SORT_TIME, NULL, MODEL_FORWARD, n, &page, &err) != 0)
        return 0;
    for (; got < page.count; got++)
        ids[got] = page.rows[got].id;
    model_post_page_free(&page);
    return got;
}

/* A drawn sample is kept while the cache stays as it was, and drawn again
 * when posts come: the model that kept one gives what a new model gives. */
static void test_sample_kept(struct db *db, struct model *m)
{
    struct rf_error err = {{0}};
    struct model_filter zh = {.lang = "zh", .sample = 100, .seed = 5};
    int64_t before[100], after[100], fresh[100];
    size_t nb = sample_page(m, &zh, before, 100), na, nf, same = 0;
    struct model *other;

    ok(nb == 100 && sample_page(m, &zh, after, 100) == 100 && memcmp(before, after, sizeof after) == 0,
       "the same sample twice gives the same posts");
    ok(import_posts(db, "q", &err) == 0, "as many posts again come in");
    na = sample_page(m, &zh, after, 100);
    if (!(other = model_new(db, &err))) {
        ok(0, "a second model");
        return;
    }
    nf = sample_page(other, &zh, fresh, 100);
    model_free(other);
    for (size_t i = 0; i < 100 && i < nb && i < na; i++)
        same += before[i] == after[i];
    ok(na == 100 && nf == 100 && memcmp(after, fresh, sizeof fresh) == 0,
       "after the import the sample is drawn again: what a new model draws");
    ok(same < 100, "and it holds some of the new posts (%zu of 100 unchanged)", same);
}

/* The EXPLAIN QUERY PLAN of the statement the model prepared whose SQL
 * starts with `head` and ends with `tail`, each line of it between "| "
 * and " |" in buf; false when there is none. */
static bool plan_of(struct db *db, const char *head, const char *tail, char *buf, size_t size)
{
    sqlite3 *sql = db_sql(db);
    bool found = false;

    snprintf(buf, size, "|");
    for (sqlite3_stmt *st = sqlite3_next_stmt(sql, NULL); st && !found;
         st = sqlite3_next_stmt(sql, st)) {
        const char *text = sqlite3_sql(st);
        char *q;
        sqlite3_stmt *eqp;
        size_t used = 1, n = text ? strlen(text) : 0;
        if (!text || strncmp(text, head, strlen(head)) != 0 || n < strlen(tail) ||
            strcmp(text + n - strlen(tail), tail) != 0)
            continue;
        if (!(q = sqlite3_mprintf("EXPLAIN QUERY PLAN %s", text)))
            return false;
        if (sqlite3_prepare_v2(sql, q, -1, &eqp, NULL) == SQLITE_OK) {
            while (sqlite3_step(eqp) == SQLITE_ROW) {
                int k = snprintf(buf + used, size - used, " %s |",
                                 (const char *)sqlite3_column_text(eqp, 3));
                used += k > 0 && (size_t)k < size - used ? (size_t)k : 0;
            }
            sqlite3_finalize(eqp);
            found = true;
        }
        sqlite3_free(q);
    }
    return found;
}

/* True when the plan reads every row of posts p (a line "SCAN p" or
 * "SCAN p USING ..."). */
static bool scans_posts(const char *plan)
{
    return strstr(plan, "| SCAN p |") || strstr(plan, "| SCAN p USING");
}

#define CODE_SET "p.id IN (SELECT cp.id FROM main.code_apps c JOIN posts cp" \
                 " ON cp.platform = c.platform AND cp.ext_id = c.ext_id" \
                 " WHERE c.code = :code AND c.kind = 'post')"

static void test_plans(struct db *db, struct model *m)
{
    struct rf_error err = {{0}};
    struct model_post_page page;
    struct model_stats st;
    char plan[4096];
    int64_t n;

    /* A count of a code: its posts read by id from its applications. */
    model_count(m, &(struct model_filter){.code = "common"}, &n, &err);
    if (!ok(plan_of(db, "SELECT count(*) FROM posts p", " WHERE 1 AND " CODE_SET, plan,
                    sizeof plan) &&
               strstr(plan, "SEARCH p USING INTEGER PRIMARY KEY") &&
               strstr(plan, "SEARCH c USING PRIMARY KEY (code=? AND kind=?)") && !scans_posts(plan),
            "a code's count reads its applications and their posts by id, never every post"))
        tap_diag("%s", plan);
    /* A common code's list: a walk along the time index testing the set. */
    model_posts(m, &(struct model_filter){.code = "common"}, MODEL_SORT_TIME, NULL, MODEL_FORWARD,
                50, &page, &err);
    model_post_page_free(&page);
    if (!ok(plan_of(db, "SELECT p.id", " WHERE 1 AND +" CODE_SET " ORDER BY p.ts_utc DESC, p.id DESC"
                                      " LIMIT :limit",
                   plan, sizeof plan) &&
               strstr(plan, "SCAN p USING INDEX posts_by_time") && !strstr(plan, "TEMP B-TREE"),
            "a common code's first page walks the time index, nothing sorted"))
        tap_diag("%s", plan);
    /* A sample of a language: its posts ranked from the (platform, ext_id)
     * index (model_sample.c), then read by id. */
    model_count(m, &(struct model_filter){.lang = "zh", .sample = 10, .seed = 3}, &n, &err);
    if (!ok(plan_of(db, "SELECT id, platform, ext_id FROM posts", "", plan, sizeof plan) &&
               strstr(plan, "| SCAN posts USING COVERING INDEX sqlite_autoindex_posts_1 |"),
            "a sample of a language ranks its posts from the index, not their rows"))
        tap_diag("%s", plan);
    if (!ok(plan_of(db, "SELECT count(*) FROM posts p",
                    " WHERE 1 AND p.id IN (SELECT value FROM json_each(:sample_ids))", plan,
                    sizeof plan) &&
               strstr(plan, "SEARCH p USING INTEGER PRIMARY KEY") && !scans_posts(plan),
            "and counts the sample's posts by id"))
        tap_diag("%s", plan);
    /* The stats' posts per code under a search (33 s at 200k once): from
     * the applications, each post found by its (platform, ext_id), the
     * search's set tested, never walked per application. */
    model_stats(m, &(struct model_filter){.search = "post 1"}, 5, NULL, &st, &err);
    model_stats_free(&st);
    if (!ok(plan_of(db, "SELECT a.code, count(*)", "GROUP BY a.code ORDER BY 2 DESC, 1", plan,
                   sizeof plan) &&
               strstr(plan, "| SEARCH a USING COVERING INDEX code_apps_by_item") &&
               strstr(plan, "| SEARCH p USING COVERING INDEX sqlite_autoindex_posts_1"
                            " (platform=? AND ext_id=?)") &&
               !scans_posts(plan),
            "the stats of codes under a search start from the applications and seek each post"))
        tap_diag("%s", plan);
}

int main(void)
{
    struct db *db = NULL;
    struct model *m = NULL;
    struct rf_error err = {{0}}, warning = {{0}};

    if (db_open_memory(&db, &err) != 0 || userstate_open(db, &warning, &err) != 0 ||
        import_posts(db, "p", &err) != 0 || !(m = model_new(db, &err)) || plant(db, m, &err) != 0) {
        tap_diag("%s", err.msg);
        ok(0, "a cache of %d posts with codes, marks and stars", NPOSTS);
        return tap_done();
    }
    test_lists(m);
    test_samples(db, m);
    test_plans(db, m);
    test_sample_kept(db, m);
    model_free(m);
    db_close(db);
    return tap_done();
}
