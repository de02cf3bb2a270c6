/* Unit tests for src/import/author_totals.c: the per-author totals the
 * importer keeps (what an unfiltered authors list reads) always equal what
 * the aggregate over every post and comment gives (the filtered list's
 * query, under a window holding everything), on a cache larger than the
 * explorer's list of 500: after the bundled dataset, after a collection
 * of 700 posts by 600 authors (keyed and name-only) with comments, after a
 * re-import that moves posts and comments to other authors and changes
 * likes, after `drop --bundled` and after the bundle comes back. */
#include "autoconfig.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bundle.h"
#include "cache_sql.h"
#include "db.h"
#include "import.h"
#include "model.h"
#include "model_authors.h"
#include "tap.h"

#define NPOSTS 700
#define NAUTHORS 600

/* A collection: post i by author (i + shift) % NAUTHORS (the first
 * `fresh` by new ones), keyed for even
 * authors and by name for odd ones; likes scaled by `likes`, a "10+" for
 * every 30th; a comment on every third post by a keyed author. */
static int import_collection(struct db *db, int shift, int likes, int fresh)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    int rc;

    for (int i = 0; i < NPOSTS; i++) {
        /* The first `fresh` posts go to authors never seen before. */
        int a = (i + shift) % NAUTHORS + (i < fresh ? 10000 : 0);
        char key[32] = "";
        if (a % 2 == 0)
            snprintf(key, sizeof key, "\"author_key\":\"key%d\",", a);
        fprintf(out,
                "{\"id\":\"t%d\",\"platform\":\"xiaohongshu\",\"author\":\"name%d\",%s"
                "\"lang\":\"zh\",\"time\":%d,\"likes\":\"%d%s\",\"region\":\"%s\","
                "\"text\":\"帖子 %d\"}\n",
                i, a, key, 1737000000 + i * 600, (i * likes) % 997, i % 30 ? "" : "+",
                a % 3 ? "CN" : "US", i);
        if (i % 3 == 0)
            fprintf(out,
                    "{\"id\":\"k%d\",\"platform\":\"xiaohongshu\",\"post\":\"t%d\","
                    "\"author\":\"fan%d\",\"author_key\":\"fan%d\",\"lang\":\"en\",\"time\":%d,"
                    "\"text\":\"comment %d\"}\n",
                    i, i, (i / 3 + shift) % 90, (i / 3 + shift) % 90, 1737000100 + i * 600, i);
    }
    fclose(out);
    rc = cache_import_text(db, "totals.jsonl", buf, strlen(buf));
    free(buf);
    return rc;
}

static int by_identity(const void *a, const void *b)
{
    const struct model_author *x = a, *y = b;
    int c = strcmp(x->platform, y->platform);

    if (c == 0)
        c = (int)x->keyed - (int)y->keyed;
    return c ? c : strcmp(x->key, y->key);
}

static bool same(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* The table's list (no filter) against the aggregate's (a window holding
 * every post and comment), row by row in identity order. */
static void compare(struct model *m, const char *when)
{
    struct model_filter all = {.has_from = true, .from = INT64_MIN / 2};
    struct model_author_list kept, counted;
    struct rf_error err = {{0}};
    size_t diffs = 0;

    if (model_authors(m, NULL, MODEL_AUTHORS_POSTS, 0, &kept, &err) != 0 ||
        model_authors(m, &all, MODEL_AUTHORS_POSTS, 0, &counted, &err) != 0) {
        ok(0, "%s: the lists are read (%s)", when, err.msg);
        return;
    }
    is_int((long long)kept.count, (long long)counted.count, "%s: as many authors kept as counted",
           when);
    qsort(kept.rows, kept.count, sizeof *kept.rows, by_identity);
    qsort(counted.rows, counted.count, sizeof *counted.rows, by_identity);
    for (size_t i = 0; i < kept.count && i < counted.count; i++) {
        const struct model_author *a = &kept.rows[i], *b = &counted.rows[i];
        if (by_identity(a, b) || !same(a->name, b->name) || !same(a->region, b->region) ||
            a->posts != b->posts || a->comments != b->comments || a->likes != b->likes ||
            a->likes_at_least != b->likes_at_least || a->illustrative != b->illustrative ||
            a->first_seen != b->first_seen || a->last_seen != b->last_seen) {
            if (diffs++ < 3)
                tap_diag("%s:%s kept %lld posts %lld comments %lld likes; counted %s:%s %lld "
                         "%lld %lld",
                         a->platform, a->key, (long long)a->posts, (long long)a->comments,
                         (long long)a->likes, b->platform, b->key, (long long)b->posts,
                         (long long)b->comments, (long long)b->likes);
        }
    }
    is_int((long long)diffs, 0, "%s: every author's totals are those counted", when);
    model_author_list_free(&kept);
    model_author_list_free(&counted);
}

int main(void)
{
    struct db *db;
    struct model *m;
    struct rf_error err = {{0}};
    struct bundle_dropped dropped;

    if (db_open_memory(&db, &err) != 0 || !(m = model_new(db, &err))) {
        printf("Bail out! %s\n", err.msg);
        return 1;
    }
    ok(bundle_sync(db, &err) == 0, "the bundled dataset imports");
    ok(sql_int(db, "SELECT count(*) FROM author_totals") > 20, "its authors are kept");
    compare(m, "bundled");

    ok(import_collection(db, 0, 7, 0) == 0, "a collection of 700 posts by 600 authors imports");
    ok(sql_int(db, "SELECT count(*) FROM author_totals WHERE platform = 'xiaohongshu'"
                   " AND key LIKE 'key%'") == NAUTHORS / 2,
       "its 300 keyed authors have totals");
    compare(m, "a collection");

    ok(import_collection(db, 1, 13, 40) == 0,
       "it imports again: other authors (40 posts by new ones), other likes");
    compare(m, "re-imported");
    is_int(sql_int(db, "SELECT posts FROM author_totals WHERE key = 'key0'"),
           sql_int(db, "SELECT count(*) FROM posts p JOIN authors a ON a.id = p.author_id"
                       " WHERE a.key = 'key0'"),
           "an author who lost posts has them no more");

    ok(bundle_drop(db, &dropped, &err) == 0 && dropped.posts > 0, "drop --bundled");
    is_int(sql_int(db, "SELECT count(*) FROM author_totals WHERE invented"), 0,
           "no author keeps a bundled (illustrative) post");
    compare(m, "after drop --bundled");

    ok(bundle_sync(db, &err) == 0, "the bundle imports again (%s)", err.msg);
    compare(m, "bundled again");

    model_free(m);
    db_close(db);
    return tap_done();
}
