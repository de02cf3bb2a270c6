/* threadbench — times opening a comment thread (issue 16: a thread of
 * 10,000 comments opens in 50 ms or less in a cache of a million comments).
 *
 *   threadbench [--runs N] [--comments N] [--thread N] CACHE
 *
 * Makes CACHE when it does not hold the comments asked for: `comments`
 * synthetic comments (clearly marked: meta 'synthetic-comments'), `thread`
 * of them on one post ("xiaohongshu:big", replies up to eight deep, likes
 * that tie) and the rest ten to a post. Then prints, tab-separated,
 *
 *   query rows ms_median ms_first note
 *
 * for: the floor (the post's comments counted through their index, the
 * least any thread view reads), opening the thread as the explorer does
 * (the skeleton and the first three screens of comments), re-sorting it by
 * likes, a window in its middle, and a search of it. ms_first is the first
 * call (statements not yet prepared); ms_median the median of N after it. */
#include "autoconfig.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db.h"
#include "model.h"
#include "model_thread.h"

/* What the explorer reads on opening: three screens of 11 comments (80x24). */
#define WINDOW 33

static int runs = 7;

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

static void report(const char *name, long rows, double *ms, double first, const char *note)
{
    qsort(ms, (size_t)runs, sizeof *ms, cmp_double);
    printf("%s\t%ld\t%.3f\t%.3f\t%s\n", name, rows, ms[runs / 2], first, note);
    fflush(stdout);
}

static unsigned long rng = 1;

static unsigned long next_random(void)
{
    rng = rng * 6364136223846793005ul + 1442695040888963407ul;
    return rng >> 33;
}

static int exec(sqlite3 *sql, const char *q)
{
    char *msg = NULL;

    if (sqlite3_exec(sql, q, NULL, NULL, &msg) != SQLITE_OK) {
        fprintf(stderr, "threadbench: %s\n", msg ? msg : sqlite3_errmsg(sql));
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

/* Writes the synthetic comments (in one transaction; the search index of
 * comments is left empty: no thread query reads it). */
static int make(struct db *db, long comments, long thread, const char *marker)
{
    sqlite3 *sql = db_sql(db);
    sqlite3_stmt *st;
    long big_parent[16]; /* the last comment of the big thread at each level */
    char q[256];

    for (int l = 0; l < 16; l++)
        big_parent[l] = -1;

    fprintf(stderr, "threadbench: writing %ld synthetic comments (%ld on one post)\n", comments,
            thread);
    if (exec(sql, "BEGIN; DELETE FROM comments;") != 0)
        return -1;
    if (sqlite3_prepare_v2(sql,
                           "INSERT INTO comments(platform, ext_id, post_ext_id, parent_ext_id,"
                           " author, region, lang, ts_utc, text, translation, likes)"
                           " VALUES('xiaohongshu', ?1, ?2, ?3, ?4, '广东', ?5, ?6, ?7, ?8, ?9)",
                           -1, &st, NULL) != SQLITE_OK) {
        fprintf(stderr, "threadbench: %s\n", sqlite3_errmsg(sql));
        return -1;
    }
    for (long i = 0; i < comments; i++) {
        char id[32], post[32], parent[32], author[32], text[128];
        bool big = i < thread, reply = false, zh = i % 2 == 0;
        int level = 0;

        snprintf(id, sizeof id, "c%ld", i);
        if (big) {
            snprintf(post, sizeof post, "big");
            /* A reply to the latest comment one level up, at a random level. */
            level = (int)(next_random() % 9);
            while (level > 0 && big_parent[level - 1] < 0)
                level--;
            if (level > 0) {
                snprintf(parent, sizeof parent, "c%ld", big_parent[level - 1]);
                reply = true;
            }
            big_parent[level] = i;
            for (int l = level + 1; l < 16; l++)
                big_parent[l] = -1;
        } else {
            long p = (i - thread) / 10;
            snprintf(post, sizeof post, "p%ld", p);
            if ((i - thread) % 10 > 5) {
                snprintf(parent, sizeof parent, "c%ld", thread + p * 10);
                reply = true;
            }
        }
        snprintf(author, sizeof author, "user%lu", next_random() % 50000);
        snprintf(text, sizeof text, zh ? "第%ld条评论：猫税交了吗 %lu" : "comment %ld on the cat tax %lu",
                 i, next_random() % 1000);
        sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, post, -1, SQLITE_TRANSIENT);
        if (reply)
            sqlite3_bind_text(st, 3, parent, -1, SQLITE_TRANSIENT);
        else
            sqlite3_bind_null(st, 3);
        sqlite3_bind_text(st, 4, author, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 5, zh ? "zh" : "en", -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 6, 1736900000 + i * 7 + (long)(next_random() % 5));
        sqlite3_bind_text(st, 7, text, -1, SQLITE_TRANSIENT);
        if (zh)
            sqlite3_bind_text(st, 8, "a translated comment about the cat tax", -1, SQLITE_STATIC);
        else
            sqlite3_bind_null(st, 8);
        sqlite3_bind_int64(st, 9, (long)(next_random() % 200));
        if (sqlite3_step(st) != SQLITE_DONE) {
            fprintf(stderr, "threadbench: %s\n", sqlite3_errmsg(sql));
            sqlite3_finalize(st);
            exec(sql, "ROLLBACK");
            return -1;
        }
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
    }
    sqlite3_finalize(st);
    snprintf(q, sizeof q,
             "INSERT OR REPLACE INTO meta(key, value) VALUES('synthetic-comments', '%s'); COMMIT;",
             marker);
    return exec(sql, q);
}

int main(int argc, char **argv)
{
    struct db *db;
    struct model *m;
    struct rf_error err = {{0}};
    const char *path = NULL;
    long comments = 1000000, thread = 10000;
    char marker[128], have[128] = "";
    double ms[64], first = 0;
    struct model_thread t = {0};
    struct model_thread_comment window[WINDOW];
    size_t got = 0;
    long rows = 0;

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--runs") == 0 && i + 1 < argc)
            runs = atoi(argv[++i]);
        else if (strcmp(argv[i], "--comments") == 0 && i + 1 < argc)
            comments = atol(argv[++i]);
        else if (strcmp(argv[i], "--thread") == 0 && i + 1 < argc)
            thread = atol(argv[++i]);
        else if (!path && argv[i][0] != '-')
            path = argv[i];
        else
            path = NULL, i = argc;
    }
    if (!path || runs < 1 || runs > 63 || thread < 1 || comments < thread) {
        fprintf(stderr, "usage: threadbench [--runs N] [--comments N] [--thread N] CACHE\n");
        return 2;
    }
    if (db_open(path, &db, &err) != 0 || !(m = model_new(db, &err))) {
        fprintf(stderr, "threadbench: %s\n", err.msg);
        return 1;
    }
    snprintf(marker, sizeof marker, "synthetic: %ld comments, %ld on xiaohongshu:big (seed 1)",
             comments, thread);
    if (db_meta_get(db, "synthetic-comments", have, sizeof have, &err) < 0 ||
        (strcmp(have, marker) != 0 && make(db, comments, thread, marker) != 0)) {
        model_free(m);
        db_close(db);
        return 1;
    }
    printf("query\trows\tms_median\tms_first\tnote\n");

#define TIME(name, note, body)                                                                 \
    do {                                                                                       \
        for (int i_ = 0; i_ <= runs; i_++) {                                                   \
            double t0_ = now_ms(), t_;                                                         \
            body;                                                                              \
            t_ = now_ms() - t0_;                                                               \
            if (i_ == 0)                                                                       \
                first = t_;                                                                    \
            else                                                                               \
                ms[i_ - 1] = t_;                                                               \
        }                                                                                      \
        report(name, rows, ms, first, note);                                                   \
    } while (0)

    {
        sqlite3_stmt *st;
        sqlite3_prepare_v2(db_sql(db),
                           "SELECT count(*) FROM comments WHERE platform = 'xiaohongshu'"
                           " AND post_ext_id = 'big'",
                           -1, &st, NULL);
        TIME("floor_count_thread", "the thread's index range, counted (sqlite alone)", {
            sqlite3_step(st);
            rows = sqlite3_column_int64(st, 0);
            sqlite3_reset(st);
        });
        sqlite3_finalize(st);
    }
    TIME("thread_open", "skeleton + first 3 screens of comments (target <= 50 ms)", {
        model_thread_free(&t);
        if (model_thread_open(m, "xiaohongshu", "big", MODEL_THREAD_TIME, &t, &err) != 0 ||
            model_thread_comments(m, &t, 0, WINDOW, 4096, window, &got, &err) != 0) {
            fprintf(stderr, "threadbench: %s\n", err.msg);
            return 1;
        }
        rows = (long)t.count;
        model_thread_comments_free(window, got);
    });
    TIME("thread_sort_likes", "re-sort in memory", {
        model_thread_sort(&t, i_ % 2 ? MODEL_THREAD_TIME : MODEL_THREAD_LIKES);
    });
    TIME("thread_window_middle", "3 screens of comments in the middle", {
        model_thread_comments(m, &t, t.count / 2, WINDOW, 4096, window, &got, &err);
        rows = (long)got;
        model_thread_comments_free(window, got);
    });
    TIME("thread_search", "/ in the thread: marks every hit", {
        model_thread_search(m, &t, "cat tax 12", &err);
        rows = (long)t.nhits;
    });
    fprintf(stderr, "threadbench: the thread is %d deep at most\n", t.max_depth);
    model_thread_free(&t);
    model_free(m);
    db_close(db);
    return 0;
}
