/* firstpage — times the model's first page of posts, searches and stats on
 * an existing cache (best of five runs each).
 *
 *   make tests/bench/firstpage && tests/bench/firstpage CACHE.db
 *
 * Meant for caches made with tests/bench/gen-posts.awk (synthetic posts
 * tagged "cattax" whose texts contain "cat tax" and 猫); other caches work,
 * with other numbers of rows. */
#include "autoconfig.h"

#include <stdio.h>
#include <time.h>

#include "model.h"

static double now_ms(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static void time_page(struct model *m, const char *name, struct model_filter f,
                      enum model_sort sort)
{
    struct model_post_page page;
    struct rf_error err = {{0}};
    double best = 1e9;
    size_t rows = 0;

    for (int i = 0; i < 5; i++) {
        double t0 = now_ms();
        if (model_posts(m, &f, sort, NULL, MODEL_FORWARD, 50, &page, &err) != 0) {
            printf("%s: %s\n", name, err.msg);
            return;
        }
        if (now_ms() - t0 < best)
            best = now_ms() - t0;
        rows = page.count;
        model_post_page_free(&page);
    }
    printf("%-36s %8.2f ms  (%zu rows)\n", name, best, rows);
}

int main(int argc, char **argv)
{
    struct db *db;
    struct model *m;
    struct model_stats st;
    struct rf_error err = {{0}};
    int64_t n;
    double t0;

    if (argc != 2) {
        fprintf(stderr, "usage: firstpage CACHE.db\n");
        return 2;
    }
    if (db_open(argv[1], &db, &err) != 0 || !(m = model_new(db, &err))) {
        fprintf(stderr, "firstpage: %s\n", err.msg);
        return 1;
    }
    if (model_count(m, NULL, &n, &err) == 0)
        printf("%lld posts\n", (long long)n);
    time_page(m, "newest first", (struct model_filter){0}, MODEL_SORT_TIME);
    time_page(m, "most liked first", (struct model_filter){0}, MODEL_SORT_LIKES);
    time_page(m, "lang zh", (struct model_filter){.lang = "zh"}, MODEL_SORT_TIME);
    time_page(m, "tag cattax", (struct model_filter){.tag = "cattax"}, MODEL_SORT_TIME);
    time_page(m, "search \"#4242\" (rare)", (struct model_filter){.search = "#4242"},
              MODEL_SORT_TIME);
    time_page(m, "search \"cat tax\" (common)", (struct model_filter){.search = "cat tax"},
              MODEL_SORT_TIME);
    time_page(m, "search 猫 (one character)", (struct model_filter){.search = "猫"},
              MODEL_SORT_TIME);
    t0 = now_ms();
    if (model_stats(m, NULL, 10, &st, &err) == 0) {
        printf("%-36s %8.2f ms\n", "stats of everything", now_ms() - t0);
        model_stats_free(&st);
    }
    model_free(m);
    db_close(db);
    return 0;
}
