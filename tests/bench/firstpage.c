/* firstpage — times what the model answers the explorer on an existing
 * cache: first pages of posts (plain, sorted, filtered, searched), the
 * next page, a post's detail and the stats; made for caches from
 * tests/bench/gen, whose planted phrases give searches with known rates.
 *
 *   firstpage [--runs N] CACHE        the timings, tab-separated:
 *                                     query rows ms_median ms_first note
 *   firstpage --workbench CACHE       only the researcher's filters (code,
 *                                     marked, sample) and their floor
 *   firstpage --authors CACHE         only the authors lists and their floor,
 *                                     and a search through most comments
 *   firstpage --plans CACHE           EXPLAIN QUERY PLAN of every statement
 *                                     the model prepared for those queries
 *   firstpage --first-page-sql CACHE  the SQL of the first page, newest
 *                                     first, with its values in place (for
 *                                     the sqlite3 shell: the floor)
 *
 * The counts of some searches are timed too (model_count(), which a list
 * pane asks for "N posts match").
 *
 * ms_first is the first call in the process (statements not yet prepared,
 * SQLite's page cache cold); ms_median the median of the N calls after it.
 * A search shorter than three characters scans a bounded window per call;
 * it is timed "to results": calls continue from the cursor each returns
 * until a page of rows is full or the posts run out, as a list pane would. */
#include "autoconfig.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db.h"
#include "model.h"
#include "model_authors.h"
#include "userstate.h"
#include "workbench.h"

#define PAGE 50

static int runs = 7;
static bool silent; /* --plans: run the queries, print only the plans */

static double now_ms(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* A page of up to PAGE posts "to results" (see above); returns the rows
 * found or -1. Also counts the calls made. */
static long page_to_results(struct model *m, const struct model_filter *f,
                            enum model_sort sort, const struct model_cursor *from,
                            int *calls, struct model_cursor *last)
{
    struct model_cursor at = from ? *from : (struct model_cursor){0};
    struct rf_error err = {{0}};
    long rows = 0;

    *calls = 0;
    for (;;) {
        struct model_post_page page;
        if (model_posts(m, f, sort, &at, MODEL_FORWARD, (size_t)(PAGE - rows), &page, &err) !=
            0) {
            fprintf(stderr, "firstpage: %s\n", err.msg);
            return -1;
        }
        ++*calls;
        rows += (long)page.count;
        if (page.count && last)
            *last = page.last;
        at = page.resume;
        if (rows >= PAGE || !page.more) {
            model_post_page_free(&page);
            return rows;
        }
        model_post_page_free(&page);
    }
}

static void report(const char *name, long rows, double *ms, double first, const char *note)
{
    if (silent)
        return;
    qsort(ms, (size_t)runs, sizeof *ms, cmp_double);
    printf("%s\t%ld\t%.3f\t%.3f\t%s\n", name, rows, ms[runs / 2], first, note);
    fflush(stdout);
}

static void time_page(struct model *m, const char *name, struct model_filter f,
                      enum model_sort sort, bool next_page)
{
    double ms[64], first = 0;
    struct model_cursor from = {0}, *start = NULL;
    long rows = 0;
    int calls = 0;
    char note[64] = "";

    if (next_page) {
        /* The second page: continue after the first. */
        if (page_to_results(m, &f, sort, NULL, &calls, &from) < 0)
            return;
        start = &from;
    }
    for (int i = 0; i <= runs; i++) {
        double t0 = now_ms(), t;
        rows = page_to_results(m, &f, sort, start, &calls, NULL);
        t = now_ms() - t0;
        if (rows < 0)
            return;
        if (i == 0)
            first = t;
        else
            ms[i - 1] = t;
    }
    if (calls > 1)
        snprintf(note, sizeof note, "%d calls", calls);
    report(name, rows, ms, first, note);
}

static void time_detail(struct model *m)
{
    struct model_post_page page;
    struct model_post post;
    struct rf_error err = {{0}};
    double ms[64], first = 0;

    if (model_posts(m, NULL, MODEL_SORT_TIME, NULL, MODEL_FORWARD, PAGE, &page, &err) != 0 ||
        page.count == 0)
        return;
    for (int i = 0; i <= runs; i++) {
        double t0 = now_ms(), t;
        if (model_post_detail(m, page.rows[(size_t)i % page.count].id, &post, &err) != 0)
            break;
        t = now_ms() - t0;
        model_post_free(&post);
        if (i == 0)
            first = t;
        else
            ms[i - 1] = t;
    }
    model_post_page_free(&page);
    report("post_detail", 1, ms, first, "");
}

/* The first and last post's times, which the feed and the stats say when a
 * window holds no posts (an event's window before the posts begin). */
static void time_span(struct model *m)
{
    struct rf_error err = {{0}};
    double ms[64], first = 0;
    int64_t from, to;

    for (int i = 0; i <= runs; i++) {
        double t0 = now_ms(), t;
        if (model_post_span(m, &from, &to, &err) < 0) {
            fprintf(stderr, "firstpage: %s\n", err.msg);
            return;
        }
        t = now_ms() - t0;
        if (i == 0)
            first = t;
        else
            ms[i - 1] = t;
    }
    report("post_span", 1, ms, first, "first and last post's times");
}

static void time_stats(struct model *m, const char *name, struct model_filter f,
                       const struct model_clock *clock)
{
    struct model_stats st;
    struct rf_error err = {{0}};
    double ms[64], first = 0;
    int64_t n = 0;

    for (int i = 0; i <= runs; i++) {
        double t0 = now_ms(), t;
        if (model_stats(m, &f, 10, clock, &st, &err) != 0) {
            fprintf(stderr, "firstpage: %s\n", err.msg);
            return;
        }
        t = now_ms() - t0;
        n = st.posts;
        model_stats_free(&st);
        if (i == 0)
            first = t;
        else
            ms[i - 1] = t;
    }
    report(name, (long)n, ms, first, "totals, days, top tags and posts");
}

/* model_count() of a filter, as a list pane asks it for "N posts match". */
static void time_count(struct model *m, const char *name, struct model_filter f)
{
    struct rf_error err = {{0}};
    double ms[64], first = 0;
    int64_t n = 0;

    for (int i = 0; i <= runs; i++) {
        double t0 = now_ms(), t;
        if (model_count(m, &f, &n, &err) != 0) {
            fprintf(stderr, "firstpage: %s\n", err.msg);
            return;
        }
        t = now_ms() - t0;
        if (i == 0)
            first = t;
        else
            ms[i - 1] = t;
    }
    report(name, (long)n, ms, first, "rows = the count");
}

/* model_count_capped() at the feed's default [feed] count_cap: what the
 * status line waits for after a search. */
static void time_count_capped(struct model *m, const char *name, struct model_filter f)
{
    struct rf_error err = {{0}};
    double ms[64], first = 0;
    int64_t n = 0;
    bool at_least = false;

    for (int i = 0; i <= runs; i++) {
        double t0 = now_ms(), t;
        if (model_count_capped(m, &f, 250000, &n, &at_least, &err) != 0) {
            fprintf(stderr, "firstpage: %s\n", err.msg);
            return;
        }
        t = now_ms() - t0;
        if (i == 0)
            first = t;
        else
            ms[i - 1] = t;
    }
    report(name, (long)n, ms, first, at_least ? "rows = at least" : "rows = the count");
}

/* The researcher's filters (workbench.h): a code applied to a sample of
 * 1% of the posts and marks on 0.1% (planted once, by the same seeds: the
 * same posts every run), and the sample itself. The first page of newest
 * first is their floor: each must stay a small multiple of it. */
static void workbench_queries(struct model *m)
{
    struct rf_error err = {{0}};
    int64_t total = 0, added;

    if (model_count(m, &(struct model_filter){0}, &total, &err) != 0 || total < 1000)
        return;
    if (model_code_all(m, &(struct model_filter){.sample = total / 100, .seed = 17},
                       "bench-sample", &added, &err) != 0 ||
        model_mark_all(m, &(struct model_filter){.sample = total / 1000, .seed = 18}, &added,
                       &err) != 0) {
        fprintf(stderr, "firstpage: planting codes and marks: %s\n", err.msg);
        return;
    }
    time_page(m, "code_1pct", (struct model_filter){.code = "bench-sample"}, MODEL_SORT_TIME,
              false);
    time_page(m, "code_1pct_liked", (struct model_filter){.code = "bench-sample"},
              MODEL_SORT_LIKES, false);
    time_count(m, "count_code_1pct", (struct model_filter){.code = "bench-sample"});
    time_page(m, "marked_0.1pct", (struct model_filter){.marked_only = true}, MODEL_SORT_TIME,
              false);
    time_count(m, "count_marked_0.1pct", (struct model_filter){.marked_only = true});
    time_page(m, "sample_200", (struct model_filter){.sample = 200, .seed = 7}, MODEL_SORT_TIME,
              false);
    time_count(m, "count_sample_200", (struct model_filter){.sample = 200, .seed = 7});
    time_page(m, "sample_200_zh", (struct model_filter){.sample = 200, .seed = 7, .lang = "zh"},
              MODEL_SORT_TIME, false);
    time_page(m, "sample_200_coded", (struct model_filter){.sample = 200, .seed = 7,
                                                            .code = "bench-sample"},
              MODEL_SORT_TIME, false);
    /* The cache is left as it was found: the next run's stats of
     * everything (the zone charts' floor) would otherwise count the
     * planted code's 10,000 applications at a million posts (0.4 ms
     * became 90 ms). */
    if (wb_code_delete(m, "bench-sample", &err) != 0 || wb_marks_clear(m, NULL, &err) != 0)
        fprintf(stderr, "firstpage: removing the planted codes and marks: %s\n", err.msg);
}

/* The authors list of a filter (src/model_authors.h), at the explorer's
 * length (500 rows) and at a first screen's (20). */
static void time_authors(struct model *m, const char *name, struct model_filter f, size_t limit)
{
    struct model_author_list list;
    struct rf_error err = {{0}};
    double ms[64], first = 0;
    long n = 0;

    for (int i = 0; i <= runs; i++) {
        double t0 = now_ms(), t;
        if (model_authors(m, &f, MODEL_AUTHORS_POSTS, limit, &list, &err) != 0) {
            fprintf(stderr, "firstpage: %s\n", err.msg);
            return;
        }
        t = now_ms() - t0;
        n = (long)list.count;
        model_author_list_free(&list);
        if (i == 0)
            first = t;
        else
            ms[i - 1] = t;
    }
    report(name, n, ms, first, "rows = authors listed");
}

/* A statement in SQLite alone: the floor a model call is judged by. */
static void time_sql(sqlite3 *db, const char *name, const char *sql, const char *note)
{
    double ms[64], first = 0;
    sqlite3_stmt *st;
    long n = 0;

    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        fprintf(stderr, "firstpage: %s\n", sqlite3_errmsg(db));
        return;
    }
    for (int i = 0; i <= runs; i++) {
        double t0 = now_ms(), t;
        if (sqlite3_step(st) == SQLITE_ROW)
            n = (long)sqlite3_column_int64(st, 0);
        sqlite3_reset(st);
        t = now_ms() - t0;
        if (i == 0)
            first = t;
        else
            ms[i - 1] = t;
    }
    sqlite3_finalize(st);
    report(name, n, ms, first, note);
}

/* The authors lists of common filters at the explorer's length (500) and
 * at a first screen's (20), the unfiltered one (the per-author totals),
 * and their floor: counting the posts of the language through the index
 * the lists read. */
static void author_queries(struct model *m, sqlite3 *db)
{
    struct model_filter week = {.has_from = true, .from = 1736726400, .has_to = true,
                                .to = 1737331200};

    time_authors(m, "authors_all", (struct model_filter){0}, 20);
    time_sql(db, "floor_authors_index_zh",
             "SELECT count(*) FROM posts INDEXED BY posts_for_authors WHERE lang = 'zh'",
             "rows = posts counted");
    time_authors(m, "authors_lang_zh_20", (struct model_filter){.lang = "zh"}, 20);
    time_authors(m, "authors_lang_zh", (struct model_filter){.lang = "zh"}, 500);
    time_authors(m, "authors_week", week, 500);
    time_authors(m, "authors_search_en_common", (struct model_filter){.search = "cat tax"}, 500);
    time_authors(m, "authors_search_zh_rare", (struct model_filter){.search = "螺蛳粉"}, 500);
}

/* A search through comments that matches most posts (the cache's
 * comments: `gen --comments`, or added by SQL, holding "comment"): its
 * count at the feed's cap, exactly, and its stats. */
static void comment_queries(struct model *m)
{
    time_count_capped(m, "capped_count_comments_common",
                      (struct model_filter){.search = "comment", .with_comments = true});
    time_count(m, "count_comments_common",
               (struct model_filter){.search = "comment", .with_comments = true});
    time_stats(m, "stats_comments_common",
               (struct model_filter){.search = "comment", .with_comments = true}, NULL);
}

static void all_queries(struct model *m, sqlite3 *db)
{
    /* A day in the busy week, 2025-01-15. */
    struct model_filter day = {.has_from = true, .from = 1736899200, .has_to = true,
                               .to = 1736985600};

    time_page(m, "newest_first", (struct model_filter){0}, MODEL_SORT_TIME, false);
    time_page(m, "newest_next_page", (struct model_filter){0}, MODEL_SORT_TIME, true);
    time_page(m, "most_liked", (struct model_filter){0}, MODEL_SORT_LIKES, false);
    time_page(m, "lang_zh", (struct model_filter){.lang = "zh"}, MODEL_SORT_TIME, false);
    time_page(m, "one_day", day, MODEL_SORT_TIME, false);
    time_page(m, "tag_common", (struct model_filter){.tag = "cattax"}, MODEL_SORT_TIME, false);
    time_page(m, "tag_rare", (struct model_filter){.tag = "art"}, MODEL_SORT_TIME, false);
    time_page(m, "search_en_common", (struct model_filter){.search = "cat tax"},
              MODEL_SORT_TIME, false);
    time_page(m, "search_zh_common", (struct model_filter){.search = "小红书"},
              MODEL_SORT_TIME, false);
    time_page(m, "search_en_rare", (struct model_filter){.search = "humpback"},
              MODEL_SORT_TIME, false);
    time_page(m, "search_zh_rare", (struct model_filter){.search = "螺蛳粉"},
              MODEL_SORT_TIME, false);
    time_page(m, "search_absent", (struct model_filter){.search = "xylophone"},
              MODEL_SORT_TIME, false);
    time_page(m, "search_zh_common_liked", (struct model_filter){.search = "小红书"},
              MODEL_SORT_LIKES, false);
    time_page(m, "search_1char_common", (struct model_filter){.search = "猫"},
              MODEL_SORT_TIME, false);
    time_page(m, "search_2char_common", (struct model_filter){.search = "美国"},
              MODEL_SORT_TIME, false);
    time_page(m, "search_2char_rare", (struct model_filter){.search = "熊猫"},
              MODEL_SORT_TIME, false);
    time_page(m, "search_1char_rare", (struct model_filter){.search = "鲸"},
              MODEL_SORT_TIME, false);
    time_page(m, "search_1char_absent", (struct model_filter){.search = "鳄"},
              MODEL_SORT_TIME, false);
    /* The same searches typed in traditional characters, which the
     * synthetic posts never use: folded (script.h), they ask the index for
     * the simplified spelling the cache holds, and find what the
     * simplified ones, planned as plain searches, find. */
    time_page(m, "search_zh_common_trad", (struct model_filter){.search = "小紅書"},
              MODEL_SORT_TIME, false);
    time_page(m, "search_1char_common_trad", (struct model_filter){.search = "貓"},
              MODEL_SORT_TIME, false);
    time_page(m, "search_2char_common_trad", (struct model_filter){.search = "美國"},
              MODEL_SORT_TIME, false);
    time_page(m, "search_1char_rare_trad", (struct model_filter){.search = "鯨"},
              MODEL_SORT_TIME, false);
    /* The search's forms (plan.h): a #tag in another case, an author by
     * the name on the posts, and words that are also a tag. */
    time_page(m, "search_hashtag", (struct model_filter){.search = "#CatTax"}, MODEL_SORT_TIME,
              false);
    time_page(m, "search_hashtag_rare", (struct model_filter){.search = "#art"}, MODEL_SORT_TIME,
              false);
    time_page(m, "search_at_name", (struct model_filter){.search = "@雪星306"},
              MODEL_SORT_TIME, false);
    time_page(m, "search_words_tag", (struct model_filter){.search = "cattax"},
              MODEL_SORT_TIME, false);
    time_count(m, "count_all", (struct model_filter){0});
    time_count(m, "count_hashtag", (struct model_filter){.search = "#CatTax"});
    time_count(m, "count_at_name", (struct model_filter){.search = "@雪星306"});
    time_count(m, "count_words_tag", (struct model_filter){.search = "cattax"});
    time_count(m, "count_search_en_common", (struct model_filter){.search = "cat tax"});
    time_count(m, "count_search_zh_common", (struct model_filter){.search = "小红书"});
    time_count(m, "count_search_zh_rare", (struct model_filter){.search = "螺蛳粉"});
    time_count(m, "count_search_1char_common", (struct model_filter){.search = "猫"});
    time_count(m, "count_search_1char_rare", (struct model_filter){.search = "鲸"});
    time_count(m, "count_search_zh_common_trad", (struct model_filter){.search = "小紅書"});
    time_count(m, "count_search_1char_common_trad", (struct model_filter){.search = "貓"});
    time_count_capped(m, "capped_count_search_en_common", (struct model_filter){.search = "cat tax"});
    time_count_capped(m, "capped_count_search_zh_common", (struct model_filter){.search = "小红书"});
    time_count_capped(m, "capped_count_search_1char_common", (struct model_filter){.search = "猫"});
    time_count_capped(m, "capped_count_search_2char_common", (struct model_filter){.search = "美国"});
    time_count(m, "count_search_2char_common", (struct model_filter){.search = "美国"});
    /* The feed's status counts the bundled posts among a search's apart
     * ("N posts match, M of them illustrative"): a few hundred rows of the
     * provenance index, whatever the search. */
    time_count(m, "count_search_1char_illustrative",
               (struct model_filter){.search = "猫", .provenance = "illustrative"});
    time_count(m, "count_search_zh_common_quoted",
               (struct model_filter){.search = "小红书", .provenance = "quoted"});
    time_detail(m);
    time_span(m);
    time_stats(m, "stats_all", (struct model_filter){0}, NULL);
    /* What the stats pane computes when the feed is searched. */
    time_stats(m, "stats_search_en_common", (struct model_filter){.search = "cat tax"}, NULL);
    time_stats(m, "stats_search_zh_common", (struct model_filter){.search = "小红书"}, NULL);
    /* The charts in a reader's zone, folded from the quarter hours, against
     * stats_all (the per-UTC-day table) as their floor. */
    {
        struct model_clock c;
        struct rf_error err = {{0}};
        struct when_zone shanghai, new_york;
        if (when_zone_open("Asia/Shanghai", &shanghai, &err) != 0 ||
            when_zone_open("America/New_York", &new_york, &err) != 0) {
            fprintf(stderr, "firstpage: %s\n", err.msg);
            return;
        }
        c = (struct model_clock){shanghai, MODEL_BY_DAY};
        time_stats(m, "stats_day_shanghai", (struct model_filter){0}, &c);
        c = (struct model_clock){new_york, MODEL_BY_WEEK};
        time_stats(m, "stats_week_new_york", (struct model_filter){0}, &c);
        c = (struct model_clock){new_york, MODEL_BY_HOUR};
        time_stats(m, "stats_hour_new_york", (struct model_filter){0}, &c);
        c = (struct model_clock){shanghai, MODEL_BY_WEEKDAY};
        time_stats(m, "stats_weekday_shanghai", (struct model_filter){0}, &c);
        /* 2025-01-15 in Beijing: a window off UTC's days. */
        time_count(m, "count_day_shanghai",
                   (struct model_filter){.has_from = true, .from = 1736870400,
                                         .has_to = true, .to = 1736956800});
    }
    author_queries(m, db);
    workbench_queries(m);
}

/* EXPLAIN QUERY PLAN of every statement prepared on the connection. */
static void plans(sqlite3 *db)
{
    for (sqlite3_stmt *st = sqlite3_next_stmt(db, NULL); st; st = sqlite3_next_stmt(db, st)) {
        const char *sql = sqlite3_sql(st);
        char *q;
        sqlite3_stmt *eqp;

        if (!sql || strncmp(sql, "EXPLAIN", 7) == 0)
            continue;
        q = sqlite3_mprintf("EXPLAIN QUERY PLAN %s", sql);
        printf("\n%s\n", sql);
        if (q && sqlite3_prepare_v2(db, q, -1, &eqp, NULL) == SQLITE_OK) {
            while (sqlite3_step(eqp) == SQLITE_ROW)
                printf("  %*s%s\n", 2 * (sqlite3_column_int(eqp, 1) ? 1 : 0), "",
                       (const char *)sqlite3_column_text(eqp, 3));
            sqlite3_finalize(eqp);
        }
        sqlite3_free(q);
    }
}

/* The newest-first list statement, with its values in place. */
static int first_page_sql(struct model *m, sqlite3 *db)
{
    struct model_post_page page;
    struct rf_error err = {{0}};

    if (model_posts(m, NULL, MODEL_SORT_TIME, NULL, MODEL_FORWARD, PAGE, &page, &err) != 0) {
        fprintf(stderr, "firstpage: %s\n", err.msg);
        return 1;
    }
    model_post_page_free(&page);
    for (sqlite3_stmt *st = sqlite3_next_stmt(db, NULL); st; st = sqlite3_next_stmt(db, st)) {
        const char *sql = sqlite3_sql(st);
        if (sql && strstr(sql, "ORDER BY p.ts_utc DESC")) {
            char *x = sqlite3_expanded_sql(st);
            printf("%s;\n", x ? x : sql);
            sqlite3_free(x);
            return 0;
        }
    }
    fprintf(stderr, "firstpage: the first page statement was not found\n");
    return 1;
}

int main(int argc, char **argv)
{
    struct db *db;
    struct model *m;
    struct rf_error err = {{0}};
    const char *mode = "times", *path = NULL;
    int rc = 0;

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--plans") == 0)
            mode = "plans";
        else if (strcmp(argv[i], "--first-page-sql") == 0)
            mode = "sql";
        else if (strcmp(argv[i], "--workbench") == 0)
            mode = "workbench";
        else if (strcmp(argv[i], "--authors") == 0)
            mode = "authors";
        else if (strcmp(argv[i], "--runs") == 0 && i + 1 < argc)
            runs = atoi(argv[++i]);
        else if (!path && argv[i][0] != '-')
            path = argv[i];
        else
            path = NULL, i = argc;
    }
    if (!path || runs < 1 || runs > 64) {
        fprintf(stderr, "usage: firstpage [--runs N] [--plans | --first-page-sql | --workbench | --authors] "
                        "CACHE\n");
        return 2;
    }
    struct rf_error warning = {{0}};

    if (db_open(path, &db, &err) != 0 || userstate_open(db, &warning, &err) != 0 ||
        !(m = model_new(db, &err))) {
        fprintf(stderr, "firstpage: %s\n", err.msg);
        return 1;
    }
    if (strcmp(mode, "sql") == 0) {
        rc = first_page_sql(m, db_sql(db));
    } else if (strcmp(mode, "plans") == 0) {
        runs = 1;
        silent = true;
        all_queries(m, db_sql(db));
        plans(db_sql(db));
    } else if (strcmp(mode, "authors") == 0) {
        printf("query\trows\tms_median\tms_first\tnote\n");
        author_queries(m, db_sql(db));
        comment_queries(m);
    } else if (strcmp(mode, "workbench") == 0) {
        printf("query\trows\tms_median\tms_first\tnote\n");
        time_page(m, "newest_first", (struct model_filter){0}, MODEL_SORT_TIME, false);
        workbench_queries(m);
    } else {
        printf("query\trows\tms_median\tms_first\tnote\n");
        all_queries(m, db_sql(db));
    }
    model_free(m);
    db_close(db);
    return rc;
}
