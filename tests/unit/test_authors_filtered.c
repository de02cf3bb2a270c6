/* Unit tests for the filtered authors list (src/model_authors.c): whether
 * it sums the posts from the covering index posts_for_authors (a filter
 * keeping more than an eighth of the posts: a language, a wide window, a
 * platform) or from their rows (a narrow window, a search, a tag), every
 * row equals what the list's former query gives, row by row in order: on
 * 4,000 posts by 700 authors, keyed and name-only, keyed ones posting
 * under two names and on two platforms under one key, likes that are a
 * lower bound, and commenters who never post; past the explorer's 500
 * rows and at a first screen's 20. */
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

static int import_text(struct db *db, const char *text, size_t len)
{
    FILE *fp = fmemopen((void *)text, len, "r");
    struct import_input in = {.name = "authors.jsonl", .fp = fp};
    struct import_options opts = {.format = IMPORT_AUTO};
    struct import_result res;
    struct rf_error err = {{0}};
    int rc = import_run(db, &in, 1, &opts, &res, &err);

    if (rc != 0)
        tap_diag("import: %s", err.msg);
    fclose(fp);
    return rc;
}

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
    fclose(out);
    rc = import_text(db, buf, strlen(buf));
    free(buf);
    return rc;
}

/* The list's former query (before the covering index), its filter given
 * as SQL over posts p and comments c. */
static struct model_author_list reference(struct db *db, const char *posts, const char *comments,
                                          bool posts_only, int limit)
{
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
        " ORDER BY posts DESC, comments DESC, platform, key LIMIT %d",
        posts, comments, posts_only ? " HAVING sum(posts) > 0" : "", limit ? limit : -1);
    sqlite3_stmt *st;

    if (!sql || sqlite3_prepare_v2(db_sql(db), sql, -1, &st, NULL) != SQLITE_OK) {
        tap_diag("reference: %s", sqlite3_errmsg(db_sql(db)));
        sqlite3_free(sql);
        return l;
    }
    sqlite3_free(sql);
    l.rows = calloc(NPOSTS + 100, sizeof *l.rows);
    while (l.rows && l.count < NPOSTS + 100 && sqlite3_step(st) == SQLITE_ROW) {
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
    static const int limits[] = {0, 20};

    for (size_t k = 0; k < sizeof limits / sizeof limits[0]; k++) {
        struct model_author_list got, want = reference(db, posts, comments, posts_only, limits[k]);
        struct rf_error err = {{0}};
        size_t diffs = 0;

        if (model_authors(m, &f, MODEL_AUTHORS_POSTS, (size_t)limits[k], &got, &err) != 0) {
            ok(0, "%s: listed (%s)", what, err.msg);
            model_author_list_free(&want);
            continue;
        }
        ok(want.count >= (limits[k] ? (size_t)limits[k] : least),
           "%s, %s: %zu authors, past any page", what, limits[k] ? "first 20" : "all",
           want.count);
        is_int((long long)got.count, (long long)want.count, "%s, %s: as many as before", what,
               limits[k] ? "first 20" : "all");
        for (size_t i = 0; i < got.count && i < want.count; i++) {
            const struct model_author *a = &got.rows[i], *b = &want.rows[i];
            if (strcmp(a->platform, b->platform) || strcmp(a->key, b->key) ||
                a->keyed != b->keyed || !same(a->name, b->name) || !same(a->region, b->region) ||
                a->posts != b->posts || a->comments != b->comments || a->likes != b->likes ||
                a->likes_at_least != b->likes_at_least || a->illustrative != b->illustrative ||
                a->first_seen != b->first_seen || a->last_seen != b->last_seen) {
                if (diffs++ < 3)
                    tap_diag("row %zu: %s:%s %lld/%lld/%lld, before %s:%s %lld/%lld/%lld", i,
                             a->platform, a->key, (long long)a->posts, (long long)a->comments,
                             (long long)a->likes, b->platform, b->key, (long long)b->posts,
                             (long long)b->comments, (long long)b->likes);
            }
        }
        is_int((long long)diffs, 0, "%s, %s: every row as before, in order", what,
               limits[k] ? "first 20" : "all");
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
    ok(import_collection(db) == 0, "4,000 posts by 700 authors and 1,000 comments import");
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
    model_free(m);
    db_close(db);
    return tap_done();
}
