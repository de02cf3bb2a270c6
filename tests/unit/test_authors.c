/* Unit tests for src/model_authors.c and the feed's author filter: the
 * authors list against direct SQL on a cache larger than a screen (400
 * posts by 150 authors, keyed and name-only, and 300 comments), masked
 * nicknames kept apart by their keys, likes that are lower bounds or
 * invented, the sorts, --top, filters, and model_filter.author by
 * PLATFORM:KEY or the key alone through the list, the count and stats. */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "cache_sql.h"
#include "db.h"
#include "import.h"
#include "import/author_totals.h"
#include "model.h"
#include "model_authors.h"
#include "tap.h"

#define NPOSTS 400
#define NKEYED 120

static void exec_sql(struct db *db, const char *sql)
{
    char *msg = NULL;

    if (sqlite3_exec(db_sql(db), sql, NULL, NULL, &msg) != SQLITE_OK)
        tap_diag("%s: %s", sql, msg);
    sqlite3_free(msg);
}

/* Posts in refuge's own records (names only), then keyed authors given to
 * most of them as a collection would: NKEYED keys, every two of them under
 * one masked nickname ("小红薯N"), and comments by keyed authors. */
static void make_cache(struct db *db)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);

    for (int i = 0; i < NPOSTS; i++)
        fprintf(out,
                "{\"id\":\"p%d\",\"platform\":\"%s\",\"author\":\"writer%d\",\"lang\":\"%s\","
                "\"time\":%d,\"likes\":%d,\"region\":\"%s\",\"text\":\"post %d\"%s}\n",
                i, i % 4 == 0 ? "tiktok" : "xiaohongshu", i % 150, i % 3 ? "zh" : "en",
                1736000000 + i * 3600, (i * 37) % 211, i % 2 ? "CN" : "US", i,
                i % 50 == 3 ? ",\"provenance\":\"illustrative\"" : "");
    fclose(out);
    cache_import_text(db, "authors.jsonl", buf, len);
    free(buf);
    /* Keyed authors for the posts of writers 0..NKEYED-1 (platform by platform). */
    for (int k = 0; k < NKEYED; k++) {
        char sql[600];
        snprintf(sql, sizeof sql,
                 "INSERT INTO authors(platform, key, keyed, name) VALUES"
                 " ('xiaohongshu', 'key%03d', 1, '小红薯%d'), ('tiktok', 'key%03d', 1, '小红薯%d');"
                 "UPDATE posts SET author_id = (SELECT id FROM authors WHERE platform = posts.platform"
                 " AND key = 'key%03d'), author = '小红薯%d' WHERE author = 'writer%d';",
                 k, k / 2, k, k / 2, k, k / 2, k);
        exec_sql(db, sql);
    }
    /* Some likes are lower bounds ("10+"), some not collected. */
    exec_sql(db, "UPDATE posts SET at_least = 1 WHERE ext_id IN ('p7', 'p157');"
                 "UPDATE posts SET known = 14, likes = 0 WHERE ext_id = 'p11'");
    /* Comments by keyed authors, on the posts, some in the window only. */
    for (int i = 0; i < 300; i++) {
        char sql[400];
        snprintf(sql, sizeof sql,
                 "INSERT INTO comments(platform, ext_id, post_ext_id, author_id, author, region,"
                 " lang, ts_utc, text) VALUES('xiaohongshu', 'c%d', 'p%d', (SELECT id FROM authors"
                 " WHERE platform = 'xiaohongshu' AND key = 'key%03d'), 'x', '北京', 'zh', %d, 'hi')",
                 i, (i * 7) % NPOSTS, (i * 13) % (NKEYED + 20) < NKEYED ? (i * 13) % (NKEYED + 20) : 0,
                 1736000000 + i * 5000);
        exec_sql(db, sql);
    }
    /* The fixture wrote author rows with SQL, as no import does: the
     * per-author totals the importer keeps are counted again. */
    {
        struct rf_error err = {{0}};
        if (author_totals_rebuild(db_sql(db), &err) != 0)
            tap_diag("author totals: %s", err.msg);
    }
}

/* The list from direct SQL: posts and comments per identity. */
static int64_t expected(struct db *db, const char *platform, const char *key, const char *what)
{
    char sql[600];

    if (strcmp(what, "posts") == 0)
        snprintf(sql, sizeof sql,
                 "SELECT count(*) FROM posts p LEFT JOIN authors a ON a.id = p.author_id"
                 " WHERE p.platform = '%s' AND coalesce(a.key, p.author) = '%s'",
                 platform, key);
    else if (strcmp(what, "likes") == 0)
        snprintf(sql, sizeof sql,
                 "SELECT coalesce(sum(p.likes), 0) FROM posts p LEFT JOIN authors a"
                 " ON a.id = p.author_id WHERE p.platform = '%s' AND coalesce(a.key, p.author) = '%s'",
                 platform, key);
    else
        snprintf(sql, sizeof sql,
                 "SELECT count(*) FROM comments c JOIN authors a ON a.id = c.author_id"
                 " WHERE a.platform = '%s' AND a.key = '%s'",
                 platform, key);
    return sql_int(db, sql);
}

static void test_list(struct db *db, struct model *m)
{
    struct model_author_list l;
    struct rf_error err = {{0}};
    bool right = true, sorted = true, masked_apart = false;
    int64_t want_rows = sql_int(db, "SELECT count(*) FROM (SELECT DISTINCT p.platform,"
                                    " coalesce(a.key, p.author) FROM posts p LEFT JOIN authors a"
                                    " ON a.id = p.author_id)");

    ok(model_authors(m, NULL, MODEL_AUTHORS_POSTS, 0, &l, &err) == 0, "the authors are listed");
    is_int(l.count, want_rows, "one row per platform and key (%lld)", (long long)want_rows);
    for (size_t i = 0; i < l.count; i++) {
        const struct model_author *a = &l.rows[i];
        right &= a->posts == expected(db, a->platform, a->key, "posts") &&
                 a->likes == expected(db, a->platform, a->key, "likes") &&
                 a->comments == expected(db, a->platform, a->key, "comments");
        if (i > 0)
            sorted &= l.rows[i - 1].posts >= a->posts;
        if (a->keyed && i + 1 < l.count)
            for (size_t j = 0; j < l.count; j++)
                masked_apart |= j != i && l.rows[j].keyed && a->name && l.rows[j].name &&
                                strcmp(a->name, l.rows[j].name) == 0 &&
                                strcmp(a->platform, l.rows[j].platform) == 0;
    }
    ok(right, "every author's posts, likes and comments are those SQL counts");
    ok(sorted, "most posts first");
    ok(masked_apart, "two people under one masked nickname stay two rows (keys, not names)");
    {
        bool bound = false, free_of = true, invented = false;
        for (size_t i = 0; i < l.count; i++) {
            const struct model_author *a = &l.rows[i];
            int64_t floors = 0;
            char sql[400];
            snprintf(sql, sizeof sql,
                     "SELECT count(*) FROM posts p LEFT JOIN authors a ON a.id = p.author_id"
                     " WHERE p.platform = '%s' AND coalesce(a.key, p.author) = '%s'"
                     " AND (ext_id IN ('p7', 'p157', 'p11'))",
                     a->platform, a->key);
            floors = sql_int(db, sql);
            if (floors)
                bound |= a->likes_at_least;
            else
                free_of &= !a->likes_at_least;
            invented |= a->illustrative;
        }
        ok(bound && free_of, "likes are 'at least' exactly for authors with a bound or unknown");
        ok(invented, "and an author of illustrative posts is marked");
    }
    model_author_list_free(&l);

    ok(model_authors(m, NULL, MODEL_AUTHORS_COMMENTS, 10, &l, &err) == 0 && l.count == 10,
       "--top: the ten with the most comments");
    sorted = true;
    for (size_t i = 1; i < l.count; i++)
        sorted &= l.rows[i - 1].comments >= l.rows[i].comments;
    is_int(l.rows[0].comments,
           sql_int(db, "SELECT max(n) FROM (SELECT count(*) AS n FROM comments GROUP BY author_id)"),
           "the first has the most comments");
    ok(sorted, "in order");
    model_author_list_free(&l);
    ok(model_authors(m, NULL, MODEL_AUTHORS_LIKES, 5, &l, &err) == 0 && l.count == 5 &&
           l.rows[0].likes >= l.rows[1].likes && l.rows[3].likes >= l.rows[4].likes,
       "by likes");
    model_author_list_free(&l);
    ok(model_authors(m, NULL, MODEL_AUTHORS_RECENT, 3, &l, &err) == 0 && l.count == 3 &&
           l.rows[0].last_seen >= l.rows[1].last_seen,
       "by the last time seen");
    model_author_list_free(&l);

    {
        struct model_filter tiktok = {.platform = "tiktok"};
        bool only = true;
        ok(model_authors(m, &tiktok, MODEL_AUTHORS_POSTS, 0, &l, &err) == 0 && l.count > 20,
           "a platform filter lists its authors");
        for (size_t i = 0; i < l.count; i++)
            only &= strcmp(l.rows[i].platform, "tiktok") == 0 && l.rows[i].comments == 0;
        ok(only, "only them, and their comments on that platform (none)");
        model_author_list_free(&l);
    }
    {
        struct model_filter window = {.has_from = true, .from = 1736000000, .has_to = true,
                                      .to = 1736000000 + 100 * 3600};
        int64_t posts = 0;
        ok(model_authors(m, &window, MODEL_AUTHORS_POSTS, 0, &l, &err) == 0, "a window");
        for (size_t i = 0; i < l.count; i++)
            posts += l.rows[i].posts;
        is_int(posts, 100, "counts the window's posts only");
        model_author_list_free(&l);
    }
}

static void test_feed_filter(struct db *db, struct model *m)
{
    struct model_filter by_key = {.author = "xiaohongshu:key005"};
    struct model_filter bare = {.author = "key005"};
    struct model_filter named = {.author = "writer130"};
    struct model_filter nick = {.author = "小红薯2"};
    struct model_post_page page;
    struct rf_error err = {{0}};
    int64_t n = -1, want_key = expected(db, "xiaohongshu", "key005", "posts");
    bool all = true;

    ok(model_count(m, &by_key, &n, &err) == 0 && n == want_key && n > 1,
       "PLATFORM:KEY selects that author's posts (%lld)", (long long)n);
    ok(model_count(m, &bare, &n, &err) == 0 &&
           n == want_key + expected(db, "tiktok", "key005", "posts"),
       "the key alone selects it on every platform");
    ok(model_count(m, &named, &n, &err) == 0 && n == expected(db, "xiaohongshu", "writer130", "posts") +
                                                        expected(db, "tiktok", "writer130", "posts") &&
           n > 0,
       "a name-only author is its name");
    ok(model_count(m, &nick, &n, &err) == 0 && n == 0,
       "a masked nickname selects nobody: never a display name");
    ok(model_posts(m, &by_key, MODEL_SORT_TIME, NULL, MODEL_FORWARD, 50, &page, &err) == 0 &&
           (int64_t)page.count == want_key,
       "the list shows them");
    for (size_t i = 0; i < page.count; i++)
        all &= strcmp(page.rows[i].author, "小红薯2") == 0 && strcmp(page.rows[i].platform, "xiaohongshu") == 0;
    ok(all, "each by that author, under their nickname");
    model_post_page_free(&page);
    {
        char label[200] = "";
        model_filter_label(&by_key, MODEL_LABEL_TERSE, label, sizeof label);
        is_str(label, "by xiaohongshu:key005", "the filter's label names the author");
        label[0] = '\0';
        model_filter_label(&by_key, MODEL_LABEL_KEYED, label, sizeof label);
        is_str(label, " author xiaohongshu:key005", "in reports too");
        ok(!model_filter_is_empty(&by_key), "and the filter is not empty");
    }
    {
        struct model_stats st;
        ok(model_stats(m, &by_key, 5, NULL, &st, &err) == 0 && st.posts == want_key,
           "the stats follow the author filter");
        model_stats_free(&st);
    }
}

/* ---- every author, row by row (refuge authors --top 0) ---------------------------- */

#define MANY_AUTHORS 3000 /* more than --top's 1,000 and any page or buffer */

struct streamed {
    long rows, out_of_order, bad_total, posts;
    size_t total;
    struct model_author prev;
    char prev_key[64], prev_platform[32];
};

static int stream_row(void *arg, const struct model_author *a, size_t total)
{
    struct streamed *s = arg;

    if (s->rows == 0)
        s->total = total;
    else if (total != s->total)
        s->bad_total++;
    /* Most posts first, then comments, then platform and key. */
    if (s->rows > 0 &&
        (a->posts > s->prev.posts ||
         (a->posts == s->prev.posts && a->comments > s->prev.comments) ||
         (a->posts == s->prev.posts && a->comments == s->prev.comments &&
          (strcmp(a->platform, s->prev_platform) < 0 ||
           (strcmp(a->platform, s->prev_platform) == 0 && strcmp(a->key, s->prev_key) <= 0)))))
        s->out_of_order++;
    s->prev = *a;
    snprintf(s->prev_key, sizeof s->prev_key, "%s", a->key);
    snprintf(s->prev_platform, sizeof s->prev_platform, "%s", a->platform);
    s->posts += a->posts;
    s->rows++;
    return 0;
}

/* A cache of MANY_AUTHORS authors (author N wrote N % 7 + 1 posts): every
 * one of them streamed in order, unfiltered (from the totals' index) and
 * under a filter (SQLite's sort), each row told how many the listing
 * holds; and the same rows as the collected list. */
static void test_every_author(void)
{
    struct db *db;
    struct model *m;
    struct rf_error err = {{0}};
    struct model_filter zh = {.lang = "zh"};
    struct model_author_list list;
    struct streamed all = {0}, some = {0}, top = {0};
    char *buf = NULL;
    size_t len = 0;
    FILE *out;
    long posts = 0, zh_authors;

    if (db_open_memory(&db, &err) != 0 || !(m = model_new(db, &err))) {
        ok(0, "a cache for many authors: %s", err.msg);
        return;
    }
    out = open_memstream(&buf, &len);
    for (int a = 0; a < MANY_AUTHORS; a++)
        for (int k = 0; k <= a % 7; k++, posts++)
            fprintf(out,
                    "{\"id\":\"m%d-%d\",\"platform\":\"xiaohongshu\",\"author\":\"many%04d\","
                    "\"lang\":\"%s\",\"time\":%d,\"likes\":%d,\"text\":\"post %d of %d\"}\n",
                    a, k, a, a % 3 ? "zh" : "en", 1736000000 + a * 60 + k, a % 13, k, a);
    fclose(out);
    cache_import_text(db, "many.jsonl", buf, len);
    free(buf);
    is_int(sql_int(db, "SELECT count(*) FROM posts"), posts, "%ld posts by %d authors import",
           posts, MANY_AUTHORS);

    is_int(model_authors_each(m, NULL, MODEL_AUTHORS_POSTS, 0, stream_row, &all, &err), 0,
           "every author streams");
    ok(all.rows == MANY_AUTHORS && all.total == MANY_AUTHORS && all.bad_total == 0,
       "each of the %d authors once, each row saying %d (%ld rows, total %zu)", MANY_AUTHORS,
       MANY_AUTHORS, all.rows, all.total);
    ok(all.out_of_order == 0 && all.posts == posts,
       "in the list's order, most posts first (%ld out of order), every post counted",
       all.out_of_order);

    zh_authors = sql_int(db, "SELECT count(DISTINCT author) FROM posts WHERE lang = 'zh'");
    is_int(model_authors_each(m, &zh, MODEL_AUTHORS_POSTS, 0, stream_row, &some, &err), 0,
           "a filtered list streams");
    ok(some.rows == zh_authors && some.total == (size_t)zh_authors && some.bad_total == 0 &&
           some.out_of_order == 0,
       "under a filter: the %ld authors of Chinese posts, in order, each row saying how many",
       zh_authors);

    is_int(model_authors_each(m, NULL, MODEL_AUTHORS_POSTS, 1000, stream_row, &top, &err), 0,
           "--top 1000 streams");
    ok(top.rows == 1000 && top.total == 1000, "--top 1000 of %d: 1,000 rows, each saying 1,000",
       MANY_AUTHORS);

    if (model_authors(m, NULL, MODEL_AUTHORS_POSTS, 0, &list, &err) == 0) {
        ok(list.count == MANY_AUTHORS && strcmp(list.rows[list.count - 1].key, all.prev_key) == 0,
           "the collected list holds the same %d authors, the same last one", MANY_AUTHORS);
        model_author_list_free(&list);
    } else {
        ok(0, "the collected list: %s", err.msg);
    }
    model_free(m);
    db_close(db);
}

int main(void)
{
    struct db *db;
    struct model *m;
    struct rf_error err = {{0}};

    if (db_open_memory(&db, &err) != 0 || !(m = model_new(db, &err))) {
        printf("Bail out! %s\n", err.msg);
        return 1;
    }
    make_cache(db);
    is_int(sql_int(db, "SELECT count(*) FROM posts"), NPOSTS, "the posts import");
    test_list(db, m);
    test_feed_filter(db, m);
    test_every_author();
    model_free(m);
    db_close(db);
    return tap_done();
}
