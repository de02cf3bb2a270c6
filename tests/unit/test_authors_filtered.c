/* Unit tests for the filtered authors list (src/model_authors.c): whether
 * it sums the posts from the covering index posts_for_authors (a filter
 * keeping more than an eighth of the posts: a language, a wide window, a
 * platform) or from their rows (a narrow window, a search, a tag), every
 * row equals what the list's former query gives, row by row in order: on
 * 4,000 posts by 700 authors, keyed and name-only, keyed ones posting
 * under two names and on two platforms under one key, likes that are a
 * lower bound, and commenters who never post; past the explorer's 500
 * rows, at a first screen's 20 and at 1; in the orders by posts, comments
 * and last seen. A first screen under a filter keeping many posts is found
 * by walking the authors' totals as bounds: 40 authors tie at 6 posts, all
 * Chinese (their totals equal the bound), half of them a keyed and a
 * name-only author under one key, and 600 Korean authors of one post each
 * are a filter keeping almost nothing of the first authors. */
#include "autoconfig.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "cache_sql.h"
#include "db.h"
#include "import.h"
#include "model.h"
#include "model_authors.h"
#include "tap.h"

#define NPOSTS 4000
#define NAUTHORS 700

/* Post i by author a: one of 16 for every fourth post (prolific), else
 * i·389 mod NAUTHORS (a few posts each): keyed when a is even, under the name "name<a>" or, every fifth
 * post, "alias<a>"; on tiktok when i is a multiple of 3, else xiaohongshu
 * (so one key is two people); Chinese two posts in three; one hour apart;
 * "10+" likes on every 40th; "kelp" in every 9th. A comment on every
 * fourth post by one of 90 commenters, keyed, who never post. */
static int import_collection(struct db *db)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    int rc;

    for (int i = 0; i < NPOSTS; i++) {
        int a = i % 4 ? i * 389 % NAUTHORS : i % 16;
        const char *platform = i % 3 ? "xiaohongshu" : "tiktok";
        char key[40] = "";
        if (a % 2 == 0)
            snprintf(key, sizeof key, "\"author_key\":\"key%d\",", a);
        fprintf(out,
                "{\"id\":\"a%d\",\"platform\":\"%s\",\"author\":\"%s%d\",%s\"lang\":\"%s\","
                "\"time\":%d,\"likes\":\"%d%s\",\"region\":\"%s\",\"tags\":[\"t%d\"],"
                "\"text\":\"post %d%s\"}\n",
                i, platform, i % 5 ? "name" : "alias", a, key, i % 3 == 2 ? "en" : "zh",
                1737000000 + i * 3600, (i * 7) % 1000, i % 40 ? "" : "+", a % 4 ? "CN" : "US",
                i % 6, i, i % 9 ? "" : " kelp");
        if (i % 4 == 0)
            fprintf(out,
                    "{\"id\":\"c%d\",\"platform\":\"%s\",\"post\":\"a%d\",\"author\":\"fan%d\","
                    "\"author_key\":\"fan%d\",\"lang\":\"%s\",\"time\":%d,\"region\":\"JP\","
                    "\"text\":\"comment %d\"}\n",
                    i, platform, i, i / 4 % 90, i / 4 % 90, i % 8 ? "en" : "zh", 1737000600 + i * 3600,
                    i);
    }
    for (int j = 0; j < 40 * 6; j++) {
        char key[40] = "";
        if (j / 6 >= 20)
            snprintf(key, sizeof key, "\"author_key\":\"tie%d\",", j / 6 % 20);
        fprintf(out,
                "{\"id\":\"t%d\",\"platform\":\"tiktok\",\"author\":\"tie%d\",%s"
                "\"lang\":\"zh\",\"time\":%d,\"likes\":\"3\",\"text\":\"tie %d\"}\n",
                j, j / 6 % 20, key, 1737000000 + j * 60, j);
    }
    for (int j = 0; j < 700; j++)
        fprintf(out,
                "{\"id\":\"k%d\",\"platform\":\"xiaohongshu\",\"author\":\"ko%d\","
                "\"lang\":\"ko\",\"time\":%d,\"likes\":\"1\",\"text\":\"ko %d\"}\n",
                j, j % 600, 1737000000 + j * 7200 + 30, j);
    fclose(out);
    rc = cache_import_text(db, "authors.jsonl", buf, strlen(buf));
    free(buf);
    return rc;
}

/* The list's former query (before the covering index), its filter given
 * as SQL over posts p and comments c. */
static struct model_author_list reference(struct db *db, const char *posts, const char *comments,
                                          bool posts_only, enum model_author_sort sort, int limit)
{
    static const char *const order[] = {
        [MODEL_AUTHORS_POSTS] = "posts DESC, comments DESC",
        [MODEL_AUTHORS_COMMENTS] = "comments DESC, posts DESC",
        [MODEL_AUTHORS_LIKES] = "likes DESC, posts DESC",
        [MODEL_AUTHORS_RECENT] = "last DESC, posts DESC"};
    struct model_author_list l = {0};
    char *sql = sqlite3_mprintf(
        "SELECT platform, key, keyed, max(name), sum(posts) AS posts,"
        " sum(comments) AS comments, sum(likes) AS likes, max(floor), min(first),"
        " max(last) AS last, max(region), max(invented) FROM ("
        " SELECT p.platform AS platform, coalesce(a.key, p.author) AS key,"
        " coalesce(a.keyed, 0) AS keyed, coalesce(a.name, p.author) AS name,"
        " count(*) AS posts, 0 AS comments, sum(p.likes) AS likes,"
        " max((p.at_least & 1) != 0 OR (p.known & 1) = 0 OR p.provenance = 'quoted')"
        " AS floor, min(p.ts_utc) AS first, max(p.ts_utc) AS last,"
        " max(p.region) AS region, max(p.provenance = 'illustrative') AS invented"
        " FROM posts p LEFT JOIN authors a ON a.id = p.author_id WHERE %s"
        " AND (p.author_id IS NOT NULL OR p.author IS NOT NULL)"
        " GROUP BY p.platform, p.author_id, CASE WHEN p.author_id IS NULL THEN p.author END"
        " UNION ALL SELECT a.platform, a.key, a.keyed, a.name, 0, count(*), 0, 0,"
        " min(c.ts_utc), max(c.ts_utc), max(c.region), 0"
        " FROM comments c JOIN authors a ON a.id = c.author_id WHERE %s"
        " GROUP BY c.author_id) GROUP BY platform, keyed, key%s"
        " ORDER BY %s, platform, key, keyed LIMIT %d",
        posts, comments, posts_only ? " HAVING sum(posts) > 0" : "", order[sort],
        limit ? limit : -1);
    sqlite3_stmt *st;

    if (!sql || sqlite3_prepare_v2(db_sql(db), sql, -1, &st, NULL) != SQLITE_OK) {
        tap_diag("reference: %s", sqlite3_errmsg(db_sql(db)));
        sqlite3_free(sql);
        return l;
    }
    sqlite3_free(sql);
    l.rows = calloc(NPOSTS + 2000, sizeof *l.rows);
    while (l.rows && l.count < NPOSTS + 2000 && sqlite3_step(st) == SQLITE_ROW) {
        struct model_author *a = &l.rows[l.count++];
        a->platform = strdup((const char *)sqlite3_column_text(st, 0));
        a->key = strdup((const char *)sqlite3_column_text(st, 1));
        a->keyed = sqlite3_column_int(st, 2);
        a->name = sqlite3_column_text(st, 3) ? strdup((const char *)sqlite3_column_text(st, 3))
                                             : NULL;
        a->posts = sqlite3_column_int64(st, 4);
        a->comments = sqlite3_column_int64(st, 5);
        a->likes = sqlite3_column_int64(st, 6);
        a->likes_at_least = sqlite3_column_int(st, 7);
        a->first_seen = sqlite3_column_int64(st, 8);
        a->last_seen = sqlite3_column_int64(st, 9);
        a->region = sqlite3_column_text(st, 10) ? strdup((const char *)sqlite3_column_text(st, 10))
                                                : NULL;
        a->illustrative = sqlite3_column_int(st, 11);
    }
    sqlite3_finalize(st);
    return l;
}

static bool same(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static void compare(struct model *m, struct db *db, const char *what, struct model_filter f,
                    const char *posts, const char *comments, bool posts_only, size_t least)
{
    static const int limits[] = {0, 500, 20, 1};
    static const enum model_author_sort sorts[] = {MODEL_AUTHORS_POSTS, MODEL_AUTHORS_COMMENTS,
                                                   MODEL_AUTHORS_RECENT};

    for (size_t s = 0; s < sizeof sorts / sizeof sorts[0]; s++)
        for (size_t k = 0; k < sizeof limits / sizeof limits[0]; k++) {
            struct model_author_list got,
                want = reference(db, posts, comments, posts_only, sorts[s], limits[k]);
            struct rf_error err = {{0}};
            const char *by = model_author_sort_name(sorts[s]);
            size_t diffs = 0;

            if (model_authors(m, &f, sorts[s], (size_t)limits[k], &got, &err) != 0) {
                ok(0, "%s by %s, %d: listed (%s)", what, by, limits[k], err.msg);
                model_author_list_free(&want);
                continue;
            }
            /* Past any page: more authors than a first screen. */
            if (limits[k] != 500)
                ok(want.count >= (limits[k] ? (size_t)limits[k] : least),
                   "%s by %s, first %d (0: all): %zu authors", what, by, limits[k], want.count);
            is_int((long long)got.count, (long long)want.count,
                   "%s by %s, first %d (0: all): as many as before", what, by, limits[k]);
            for (size_t i = 0; i < got.count && i < want.count; i++) {
                const struct model_author *a = &got.rows[i], *b = &want.rows[i];
                if (strcmp(a->platform, b->platform) || strcmp(a->key, b->key) ||
                    a->keyed != b->keyed || !same(a->name, b->name) ||
                    !same(a->region, b->region) || a->posts != b->posts ||
                    a->comments != b->comments || a->likes != b->likes ||
                    a->likes_at_least != b->likes_at_least ||
                    a->illustrative != b->illustrative || a->first_seen != b->first_seen ||
                    a->last_seen != b->last_seen) {
                    if (diffs++ < 3)
                        tap_diag("row %zu: %s:%s/%d %lld/%lld/%lld, before %s:%s/%d %lld/%lld/%lld",
                                 i, a->platform, a->key, a->keyed, (long long)a->posts,
                                 (long long)a->comments, (long long)a->likes, b->platform, b->key,
                                 b->keyed, (long long)b->posts, (long long)b->comments,
                                 (long long)b->likes);
                }
            }
            is_int((long long)diffs, 0, "%s by %s, first %d (0: all): every row as before, in order",
                   what, by, limits[k]);
            model_author_list_free(&got);
            model_author_list_free(&want);
        }
}

int main(void)
{
    struct db *db;
    struct model *m;
    struct rf_error err = {{0}};
    const int64_t t0 = 1737000000;

    if (db_open_memory(&db, &err) != 0 || !(m = model_new(db, &err))) {
        printf("Bail out! %s\n", err.msg);
        return 1;
    }
    ok(import_collection(db) == 0, "4,940 posts by 1,340 authors and 1,000 comments import");
    is_int(sql_int(db, "SELECT count(*) FROM author_totals WHERE platform = 'tiktok'"
                       " AND key LIKE 'tie%' AND posts = 6"),
           40, "40 authors tie at 6 posts, 20 keys each a keyed and a name-only author");
    is_int(sql_int(db, "SELECT count(DISTINCT author_id) FROM comments"), 90,
           "90 commenters");
    /* From the covering index: more than an eighth of the posts. */
    compare(m, db, "Chinese", (struct model_filter){.lang = "zh"}, "p.lang = 'zh'",
            "c.lang = 'zh'", false, 500);
    compare(m, db, "tiktok", (struct model_filter){.platform = "tiktok"},
            "p.platform = 'tiktok'", "c.platform = 'tiktok'", false, 300);
    compare(m, db, "a window of 3,000 hours",
            (struct model_filter){.has_from = true, .from = t0 + 500 * 3600, .has_to = true,
                                  .to = t0 + 3500 * 3600},
            "p.ts_utc >= 1738800000 AND p.ts_utc < 1749600000",
            "c.ts_utc >= 1738800000 AND c.ts_utc < 1749600000", false, 500);
    compare(m, db, "English in a window",
            (struct model_filter){.lang = "en", .has_from = true, .from = t0 + 1000 * 3600},
            "p.lang = 'en' AND p.ts_utc >= 1740600000",
            "c.lang = 'en' AND c.ts_utc >= 1740600000", false, 300);
    compare(m, db, "Korean (nothing of the first authors)", (struct model_filter){.lang = "ko"},
            "p.lang = 'ko'", "c.lang = 'ko'", false, 500);
    /* From the rows: a narrow window, a search, a tag. */
    compare(m, db, "a window of 300 hours",
            (struct model_filter){.has_from = true, .from = t0 + 100 * 3600, .has_to = true,
                                  .to = t0 + 400 * 3600},
            "p.ts_utc >= 1737360000 AND p.ts_utc < 1738440000",
            "c.ts_utc >= 1737360000 AND c.ts_utc < 1738440000", false, 100);
    compare(m, db, "a search", (struct model_filter){.search = "kelp"},
            "instr(p.text, 'kelp')", "1", true, 200);
    compare(m, db, "a tag", (struct model_filter){.tag = "t2"},
            "p.id IN (SELECT post_id FROM post_tags WHERE tag = 't2')", "1", true, 150);
    compare(m, db, "a #tag", (struct model_filter){.search = "#T2"},
            "p.id IN (SELECT post_id FROM post_tags WHERE tag = 't2')", "1", true, 150);
    is_int(model_authors_bounded(m, &(struct model_filter){.lang = "zh"}, MODEL_AUTHORS_POSTS,
                                 &err),
           1, "the Chinese posts' first authors are found by the walk (a screen first)");
    is_int(model_authors_bounded(m, &(struct model_filter){.lang = "zh"}, MODEL_AUTHORS_LIKES,
                                 &err),
           0, "not by likes");
    is_int(model_authors_bounded(m, &(struct model_filter){.search = "kelp"},
                                 MODEL_AUTHORS_POSTS, &err),
           0, "nor a search's (its rows)");
    model_free(m);
    db_close(db);
    return tap_done();
}
