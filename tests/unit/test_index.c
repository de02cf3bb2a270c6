/* Unit tests for the second phase of an import (src/import/index.c): the
 * rows committed without the search index, the watermark a step moves, a
 * step's bound, resuming, and searches that answer the same at every point
 * (the posts above the watermark by a scan). More posts than a step, and
 * deletes, re-imports and reused ids around the watermark. */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db.h"
#include "import.h"
#include "model.h"
#include "publish.h"
#include "userstate.h"
#include "cache_sql.h"
#include "tap.h"

/* More than two steps' worth. */
#define NPOSTS (2 * IMPORT_INDEX_STEP + 5000)

/* Imports JSON Lines text (with defer: rows only). */
static int import_text(struct db *db, const char *text, size_t len, bool defer,
                       struct import_result *res)
{
    struct import_options opts = {.format = IMPORT_JSONL, .defer_index = defer};
    struct rf_error err = {{0}};
    struct import_input in = {"posts.jsonl", fmemopen((void *)text, len, "r")};
    int rc;

    if (!in.fp)
        return -1;
    rc = import_run(db, &in, 1, &opts, res, &err);
    if (rc != 0)
        tap_diag("%s", err.msg);
    fclose(in.fp);
    return rc;
}

/* NPOSTS posts, one a minute; "zeppelin" in every 1000th and 飞艇 (two
 * characters: the short search) in every 1000th from the 500th. */
static char *many_posts(size_t *len)
{
    size_t cap = (size_t)NPOSTS * 200;
    char *buf = malloc(cap);

    *len = 0;
    for (int i = 0; buf && i < NPOSTS; i++)
        *len += (size_t)snprintf(buf + *len, cap - *len,
                                 "{\"id\": \"p-%d\", \"lang\": \"en\", \"time\": %lld,"
                                 " \"text\": \"post %d%s%s\"}\n",
                                 i, 1736000000LL + i * 60LL, i,
                                 i % 1000 == 0 ? " with a zeppelin" : "",
                                 i % 1000 == 500 ? " 看飞艇" : "");
    return buf;
}

static int counted;

static int count_row(void *arg, const struct model_post *p)
{
    (void)arg;
    (void)p;
    counted++;
    return 0;
}

/* The posts a search finds, three ways: the count, the batch listing and
 * the explorer's pages (followed to the end). They must agree. */
static int64_t found(struct model *m, const char *search)
{
    struct model_filter f = {.search = search};
    struct model_post_page page;
    struct model_cursor at = {0};
    struct rf_error err = {{0}};
    int64_t n = -1, paged = 0;

    if (model_count(m, &f, &n, &err) != 0)
        tap_diag("count: %s", err.msg);
    counted = 0;
    if (model_posts_each(m, &f, MODEL_SORT_TIME, 0, count_row, NULL, &err) < 0)
        tap_diag("each: %s", err.msg);
    for (;;) {
        if (model_posts(m, &f, MODEL_SORT_TIME, &at, MODEL_FORWARD, 7, &page, &err) != 0) {
            tap_diag("posts: %s", err.msg);
            return -1;
        }
        /* A scan's window may end before a page is full: go on from
         * where it stopped (model.h). */
        bool more = page.more && page.resume.valid;
        paged += (int64_t)page.count;
        at = page.resume;
        model_post_page_free(&page);
        if (!more)
            break;
    }
    if (n != counted || n != paged) {
        tap_diag("\"%s\": count %lld, listing %d, pages %lld", search, (long long)n, counted,
                 (long long)paged);
        return -1;
    }
    return n;
}

static bool index_sound(struct db *db)
{
    struct db_report rep;
    struct rf_error err = {{0}};

    if (db_check(db, &rep, &err) != 0 || strcmp(rep.integrity, "ok") != 0) {
        tap_diag("check: %s %s", err.msg, rep.integrity);
        return false;
    }
    return rep.fts_rows + rep.posts_waiting == rep.posts && rep.daily_posts == rep.posts;
}

static void progress(void *data, int64_t done, int64_t total)
{
    int *calls = data;
    (void)done;
    (void)total;
    ++*calls;
}

static void test_phases(void)
{
    struct db *db = NULL;
    struct model *m = NULL;
    struct import_result res;
    struct rf_error err = {{0}};
    size_t len;
    char *text = many_posts(&len);
    int64_t added = 0, waiting = -1;
    int pct = -1, calls = 0;

    if (!text || db_open_memory(&db, &err) != 0 || !(m = model_new(db, &err))) {
        tap_diag("setup: %s", err.msg);
        ok(0, "a cache to import into");
        free(text);
        db_close(db);
        return;
    }
    ok(import_text(db, text, len, true, &res) == 0, "the rows of %d posts import", NPOSTS);
    is_int(res.index_waiting, NPOSTS, "and all of them wait for the index");
    is_int(sql_int(db, "SELECT count(*) FROM posts"), NPOSTS, "the rows are committed");
    is_int(sql_int(db, "SELECT count(*) FROM posts_fts_docsize"), 0, "the index holds none");
    is_int(sql_int(db, "SELECT sum(posts) FROM daily"), NPOSTS, "the per-day counts are there");
    ok(index_sound(db), "the cache checks out with its index unbuilt");
    ok(model_index_building(m, &pct) && pct == 0, "the model says the index is 0%% built (%d)",
       pct);
    is_int(found(m, "zeppelin"), NPOSTS / 1000, "a phrase search finds every post by a scan");
    is_int(found(m, "飞艇"), NPOSTS / 1000, "a short search too");
    is_int(found(m, "xylophone"), 0, "and an absent word none");

    ok(import_index_step(db, IMPORT_INDEX_STEP, &added, &err) == 1, "one step");
    is_int(added, IMPORT_INDEX_STEP, "indexes one step's rows, no more");
    is_int(sql_int(db, "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'index_posts'"),
           sql_int(db, "SELECT id FROM posts ORDER BY id LIMIT 1 OFFSET 9999"),
           "and moves the watermark to the last of them");
    is_int(sql_int(db, "SELECT count(*) FROM posts_fts_docsize"), IMPORT_INDEX_STEP,
           "the index holds them");
    ok(index_sound(db), "the cache checks out half-built");
    ok(model_index_building(m, &pct) && pct == 100 * IMPORT_INDEX_STEP / NPOSTS,
       "the model says how far (%d%%)", pct);
    is_int(found(m, "zeppelin"), NPOSTS / 1000,
           "a phrase search finds the same posts, through the index and the scan");
    is_int(found(m, "飞艇"), NPOSTS / 1000, "a short search too");

    struct import_options opts = {.index_progress = progress, .progress_data = &calls};
    ok(import_index_build(db, &opts, &waiting, &err) == 0 && waiting == 0,
       "building resumes from the watermark to the end");
    is_int(calls, 2, "in two more steps, each reported");
    is_int(sql_int(db, "SELECT count(*) FROM posts_fts_docsize"), NPOSTS,
           "the index holds every post");
    ok(index_sound(db), "and FTS5's own check agrees with the posts");
    ok(!model_index_building(m, &pct), "the model says the index is complete");
    is_int(found(m, "zeppelin"), NPOSTS / 1000, "the phrase search finds the same posts");
    is_int(found(m, "飞艇"), NPOSTS / 1000, "and the short one");
    ok(import_index_step(db, IMPORT_INDEX_STEP, &added, &err) == 0 && added == 0,
       "a step with nothing waiting does nothing");

    /* Around the watermark: a post above it deleted (the index never held
     * it), a re-imported one whose text changed before it was indexed, an
     * indexed one deleted, and an id reused below the watermark. */
    static const char more[] =
        "{\"id\": \"q-1\", \"lang\": \"en\", \"time\": 1737000000, \"text\": \"first draft\"}\n"
        "{\"id\": \"q-2\", \"lang\": \"en\", \"time\": 1737000060, \"text\": \"to be deleted zeppelin\"}\n";
    static const char changed[] =
        "{\"id\": \"q-1\", \"lang\": \"en\", \"time\": 1737000000, \"text\": \"a zeppelin at last\"}\n";
    ok(import_text(db, more, sizeof more - 1, true, &res) == 0 && res.index_waiting == 2,
       "two more posts wait above the watermark");
    is_int(found(m, "zeppelin"), NPOSTS / 1000 + 1, "the waiting one is found by the scan");
    ok(import_text(db, changed, sizeof changed - 1, true, &res) == 0,
       "one is re-imported with a new text before it is indexed");
    is_int(found(m, "zeppelin"), NPOSTS / 1000 + 2, "its new text is searched");
    ok(sql_int(db, "SELECT count(*) FROM posts WHERE ext_id = 'q-2'") == 1 &&
           sqlite3_exec(db_sql(db), "DELETE FROM posts WHERE ext_id = 'q-2'", NULL, NULL,
                        NULL) == SQLITE_OK,
       "the other is deleted before it is indexed");
    ok(index_sound(db), "the cache still checks out");
    ok(import_index_build(db, &opts, &waiting, &err) == 0 && waiting == 0,
       "the rest is indexed");
    ok(index_sound(db), "and the index agrees with the posts");
    is_int(found(m, "zeppelin"), NPOSTS / 1000 + 1, "the re-imported post is found by its new text");
    is_int(found(m, "first draft"), 0, "and not by its old one");
    ok(sqlite3_exec(db_sql(db), "DELETE FROM posts WHERE ext_id = 'q-1'", NULL, NULL, NULL) ==
           SQLITE_OK && index_sound(db),
       "deleting an indexed post (the newest) takes it out of the index");
    static const char reused[] =
        "{\"id\": \"q-3\", \"lang\": \"en\", \"time\": 1737000120, \"text\": \"zeppelin again\"}\n";
    ok(import_text(db, reused, sizeof reused - 1, true, &res) == 0,
       "a new post takes the deleted post's id, under the watermark");
    is_int(res.index_waiting, 0, "so it is indexed with its rows");
    ok(index_sound(db), "and the index agrees with the posts");
    is_int(found(m, "zeppelin"), NPOSTS / 1000 + 1, "a search finds it");

    /* Comments have their index and watermark too: a search that reaches
     * comments finds one above it by a scan, and through the index after. */
    static const char thread[] =
        "{\"id\": \"r-1\", \"platform\": \"xiaohongshu\", \"lang\": \"en\","
        " \"time\": 1737000300, \"text\": \"a post\"}\n"
        "{\"id\": \"rc-1\", \"platform\": \"xiaohongshu\", \"post\": \"r-1\","
        " \"lang\": \"en\", \"time\": 1737000360, \"text\": \"a dirigible below\"}\n";
    struct model_filter in_comments = {.search = "dirigible", .with_comments = true};
    int64_t n = -1;
    int rc;
    ok(import_text(db, thread, sizeof thread - 1, true, &res) == 0 && res.index_waiting == 2,
       "a post and its comment wait for their indexes");
    rc = model_count(m, &in_comments, &n, &err);
    ok(rc == 0 && n == 1, "a search through comments finds the post by its unindexed comment (%lld)",
       (long long)n);
    ok(import_index_build(db, &opts, &waiting, &err) == 0 && waiting == 0 &&
           sql_int(db, "SELECT count(*) FROM comments_fts_docsize") == 1 && index_sound(db),
       "the comments' index takes it");
    rc = model_count(m, &in_comments, &n, &err);
    ok(rc == 0 && n == 1, "and finds it the same (%lld)", (long long)n);

    model_free(m);
    db_close(db);
    free(text);
}

/* A new snapshot published over the cache an explorer reads (refuge
 * publish: written beside it and renamed over it): what the model
 * remembered per version of the old file (how far its index is, whether a
 * word is in some tag) is forgotten with it, though the new file's
 * connection may count its versions from where the old one stood. */
static void test_replaced(void)
{
    char dir[] = "/tmp/refuge-test-index-XXXXXX", work[64], path[64], extra[80];
    struct db *src = NULL, *db = NULL;
    struct model *m = NULL;
    struct import_result res;
    struct rf_error err = {{0}}, warning = {{0}};
    int pct = -1;
    static const char old_posts[] =
        "{\"id\": \"a-1\", \"lang\": \"en\", \"time\": 1737000000, \"text\": \"a ship\"}\n";
    static const char new_posts[] =
        "{\"id\": \"b-1\", \"lang\": \"en\", \"time\": 1737000000, \"text\": \"a ship\"}\n"
        "{\"id\": \"b-2\", \"lang\": \"en\", \"time\": 1737000060, \"text\": \"aloft\","
        " \"tags\": [\"blimp\"]}\n";

    if (!mkdtemp(dir)) {
        ok(0, "a directory for the cache files");
        return;
    }
    snprintf(work, sizeof work, "%s/work.db", dir);
    snprintf(path, sizeof path, "%s/cache.db", dir);
    if (db_open(work, &src, &err) != 0 || userstate_open(src, &warning, &err) != 0 ||
        import_text(src, old_posts, sizeof old_posts - 1, false, &res) != 0 ||
        publish_cache(src, path, &err) != 0 || db_open(path, &db, &err) != 0 ||
        !(m = model_new(db, &err))) {
        tap_diag("setup: %s", err.msg);
        ok(0, "a published cache");
        goto done;
    }
    ok(!model_index_building(m, &pct), "the published file's index is complete");
    is_int(found(m, "blimp"), 0, "no post of it has the tag blimp");

    /* The working cache's own model sees its own import (no other
     * connection's commit moves its data version). */
    struct model *own = model_new(src, &err);
    is_int(own ? found(own, "blimp") : -1, 0, "the working cache has no post tagged blimp");
    ok(import_text(src, new_posts, sizeof new_posts - 1, true, &res) == 0 &&
           res.index_waiting == 2,
       "two posts are imported into the working cache, their index not yet built");
    is_int(own ? found(own, "blimp") : -1, 1, "its model, asked again, finds the tagged one");
    model_free(own);
    ok(publish_cache(src, path, &err) == 0, "and published over the file the model reads");
    ok(model_changed(m), "the model notices the new file");
    ok(model_index_building(m, &pct) && pct > 0 && pct < 100,
       "and says the new file's index is being built (%d%%)", pct);
    is_int(found(m, "blimp"), 1, "a search finds the new file's post by its tag");

done:
    model_free(m);
    db_close(db);
    db_close(src);
    unlink(path);
    unlink(work);
    snprintf(extra, sizeof extra, "%s-wal", work);
    unlink(extra);
    snprintf(extra, sizeof extra, "%s-shm", work);
    unlink(extra);
    rmdir(dir);
}

int main(void)
{
    test_phases();
    test_replaced();
    return tap_done();
}
