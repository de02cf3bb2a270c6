/* Unit tests for what `refuge translate` and `import --translations` rest
 * on: the untranslated posts and comments read a page at a time past the
 * first pages (src/model_translate.c), and the one rule of writing a
 * translation (src/import/store_translation.c): a command fills only what
 * has none, a file writes over machine translations but never a person's
 * unless told to, an unknown id fails a file as a whole, and the search
 * index follows every new translation. */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cache_sql.h"
#include "db.h"
#include "import.h"
#include "import/store_translation.h"
#include "model.h"
#include "model_translate.h"
#include "tap.h"
#include "userstate.h"

#define NPOSTS 300   /* past several pages of 64 */
#define NCOMMENTS 200

/* Posts p-0..p-299: every third has a machine translation, every fifth
 * (not a third) a person's; comments c-0..c-199 on p-0..p-9, every fourth
 * translated; zh posts are the even ones. */
static int fill(struct db *db, struct rf_error *err)
{
    struct import_options opts = {.format = IMPORT_JSONL};
    struct import_result res;
    size_t cap = (size_t)(NPOSTS + NCOMMENTS) * 300, len = 0;
    char *buf = malloc(cap);
    int rc;

    if (!buf)
        return -1;
    for (int i = 0; i < NPOSTS; i++) {
        const char *tr = i % 3 == 0   ? ", \"translation\": \"old words\", \"translation_kind\": \"machine\""
                         : i % 5 == 0 ? ", \"translation\": \"a person's words\", \"translation_kind\": \"human\""
                                      : "";
        len += (size_t)snprintf(buf + len, cap - len,
                                "{\"id\": \"p-%d\", \"platform\": \"xiaohongshu\", \"lang\": \"%s\","
                                " \"time\": %lld, \"text\": \"post %d\"%s}\n",
                                i, i % 2 ? "en" : "zh", 1736800000LL + i * 3600LL, i, tr);
    }
    for (int i = 0; i < NCOMMENTS; i++)
        len += (size_t)snprintf(buf + len, cap - len,
                                "{\"id\": \"c-%d\", \"platform\": \"xiaohongshu\", \"post\": \"p-%d\","
                                " \"time\": %lld, \"text\": \"comment %d\"%s}\n",
                                i, i % 10, 1736900000LL + i * 60LL, i,
                                i % 4 == 0 ? ", \"translation\": \"said before\"" : "");
    rc = db_begin(db, err) == 0 && import_buffer(db, "t.jsonl", buf, len, &opts, &res, err) == 0 &&
                 db_commit(db, err) == 0
             ? 0
             : -1;
    free(buf);
    return rc;
}

/* Untranslated posts: neither a third nor a fifth. */
static int64_t expected_posts(bool zh_only)
{
    int64_t n = 0;
    for (int i = 0; i < NPOSTS; i++)
        n += i % 3 != 0 && i % 5 != 0 && (!zh_only || i % 2 == 0);
    return n;
}

static void test_pages(struct model *m)
{
    struct rf_error err = {{0}};
    struct model_filter all = {0}, zh = {.lang = "zh"};
    struct model_untranslated rows[64];
    int64_t count, chars, seen = 0, last = 0, bad = 0;
    size_t n;

    ok(model_untranslated_count(m, &all, false, &count, &chars, &err) == 0, "counting: %s",
       err.msg);
    is_int(count, expected_posts(false), "the posts without a translation are counted");
    ok(chars > count * 5, "with their characters (%lld)", (long long)chars);
    model_untranslated_count(m, &zh, false, &count, &chars, &err);
    is_int(count, expected_posts(true), "under a filter, only its posts");
    model_untranslated_count(m, &all, true, &count, &chars, &err);
    is_int(count, NCOMMENTS - NCOMMENTS / 4, "the comments without one");
    model_untranslated_count(m, &zh, true, &count, &chars, &err);
    is_int(count, NCOMMENTS / 2 - NCOMMENTS / 4, "under a filter, the comments on its posts");

    /* Page by page, 7 at a time, so the pages end everywhere. */
    do {
        if (model_untranslated(m, &all, false, last, 7, rows, &n, &err) != 0) {
            bad++;
            break;
        }
        for (size_t i = 0; i < n; i++) {
            int k = atoi(rows[i].ext_id + 2);
            bad += rows[i].id <= last || k % 3 == 0 || k % 5 == 0 || rows[i].comment ||
                   strcmp(rows[i].lang, k % 2 ? "en" : "zh") != 0;
            last = rows[i].id;
            seen++;
        }
        model_untranslated_free(rows, n);
    } while (n == 7);
    is_int(seen, expected_posts(false), "read in pages, every untranslated post comes once");
    is_int(bad, 0, "in id order, none translated, each with its language");
}

static enum translation_result put(struct translation_store *ts, struct db *db, const char *id,
                                   const char *text, const char *kind,
                                   enum translation_policy policy)
{
    struct rf_error err = {{0}};
    struct translation t = {.comment = id[0] == 'c', .platform = "xiaohongshu", .id = id,
                            .text = text, .kind = kind, .by = "stub --to en"};
    enum translation_result r;

    db_begin(db, &err);
    r = translation_store(ts, &t, policy, &err);
    db_commit(db, &err);
    return r;
}

static void test_rule(struct db *db, struct model *m)
{
    struct rf_error err = {{0}};
    struct translation_store *ts = translation_store_open(db_sql(db), &err);
    struct model_filter find = {.search = "zebracorn"}, old = {.search = "old words"};
    int64_t n = -1, before = -1;

    ok(ts != NULL, "the store opens: %s", err.msg);
    is_int(put(ts, db, "p-1", "a zebracorn", "machine", TRANSLATION_FILL), TRANSLATION_WRITTEN,
           "a command fills a post without a translation");
    is_int(sql_int(db, "SELECT count(*) FROM posts WHERE ext_id = 'p-1' AND translation_kind ="
                       " 'machine' AND translation_by = 'stub --to en'"),
           1, "as a machine translation naming the command");
    model_count(m, &find, &n, &err);
    is_int(n, 1, "the search finds the new translation at once");
    is_int(put(ts, db, "p-1", "a zebracorn", "machine", TRANSLATION_FILL), TRANSLATION_SAME,
           "the same again is no change");
    is_int(put(ts, db, "p-5", "x", "machine", TRANSLATION_FILL), TRANSLATION_KEPT,
           "a command never writes over a person's translation");
    is_int(put(ts, db, "p-3", "x", "machine", TRANSLATION_FILL), TRANSLATION_KEPT,
           "nor over one that came with the import");
    model_count(m, &old, &before, &err);
    is_int(put(ts, db, "p-3", "zebracorn again", "machine", TRANSLATION_OVER_MACHINE),
           TRANSLATION_WRITTEN, "a file writes over a machine translation");
    model_count(m, &old, &n, &err);
    is_int(n, before - 1, "and the old words leave the search index");
    model_count(m, &find, &n, &err);
    is_int(n, 2, "as the new ones enter it");
    is_int(put(ts, db, "p-5", "x", "machine", TRANSLATION_OVER_MACHINE), TRANSLATION_KEPT,
           "but keeps a person's");
    is_int(put(ts, db, "p-5", "a better person's", "human", TRANSLATION_REPLACE),
           TRANSLATION_WRITTEN, "unless told to replace it");
    is_int(put(ts, db, "p-999", "x", "machine", TRANSLATION_REPLACE), TRANSLATION_UNKNOWN,
           "an id not in the cache is said so");
    is_int(put(ts, db, "c-1", "a comment's zebracorn", "machine", TRANSLATION_FILL),
           TRANSLATION_WRITTEN, "a comment takes a translation");
    is_int(put(ts, db, "c-0", "x", "machine", TRANSLATION_FILL), TRANSLATION_KEPT,
           "and keeps the one it had");
    is_int(sql_int(db, "SELECT count(*) FROM comments WHERE ext_id = 'c-1' AND translation_kind"
                       " = 'machine' AND translation_by = 'stub --to en'"),
           1, "kind and maker stored with it");
    {
        sqlite3_stmt *st;
        int rc = sqlite3_prepare_v2(db_sql(db),
                                    "INSERT INTO posts_fts(posts_fts) VALUES('integrity-check')",
                                    -1, &st, NULL);
        ok(rc == SQLITE_OK && sqlite3_step(st) == SQLITE_DONE,
           "the search index passes its integrity check after the updates");
        sqlite3_finalize(st);
    }
    translation_store_close(ts);
}

static int import_text(struct db *db, const char *csv, bool skip_bad, bool replace,
                       struct import_result *res, struct rf_error *err)
{
    FILE *fp = fmemopen((void *)csv, strlen(csv), "r");

    memset(err, 0, sizeof *err);
    struct import_input in = {.name = "tr.csv", .fp = fp};
    struct import_options opts = {.format = IMPORT_AUTO, .translations = true,
                                  .skip_bad = skip_bad, .replace = replace};
    int rc = import_run(db, &in, 1, &opts, res, err);

    fclose(fp);
    return rc;
}

static void test_file(struct db *db)
{
    struct rf_error err = {{0}};
    struct import_result res;
    int64_t before = sql_int(db, "SELECT total(length(translation)) FROM posts") +
                     sql_int(db, "SELECT total(length(translation)) FROM comments");
    const char *bad = "platform,id,translation\n"
                      "xiaohongshu,p-2,two\n"
                      "xiaohongshu,p-nothere,lost\n";

    ok(import_text(db, bad, false, false, &res, &err) == -1, "a file with an unknown id fails");
    is_str(err.msg, "tr.csv:3: no post xiaohongshu:p-nothere in the cache",
           "saying FILE:LINE and the id");
    is_int(sql_int(db, "SELECT total(length(translation)) FROM posts") +
               sql_int(db, "SELECT total(length(translation)) FROM comments"),
           before, "and the cache is as it was (its good rows too)");
    ok(import_text(db, bad, true, false, &res, &err) == 0 && res.posts == 1 && res.bad == 1,
       "with --skip-bad the good rows go in");
    ok(import_text(db,
                   "platform,id,translation,kind,translation_kind,by\n"
                   "XiaoHongShu,c-3,\"a comment, translated\",comment,human,Li Wei\n"
                   "xiaohongshu,p-10,\"no, not this\",post,machine,\n",
                   false, false, &res, &err) == 0,
       "kind, translation_kind and by are read: %s", err.msg);
    is_int(sql_int(db, "SELECT count(*) FROM comments WHERE ext_id = 'c-3' AND translation ="
                       " 'a comment, translated' AND translation_kind = 'human'"
                       " AND translation_by = 'Li Wei'"),
           1, "a comment's translation by a person");
    is_int(sql_int(db, "SELECT count(*) FROM posts WHERE ext_id = 'p-10' AND translation ="
                       " 'a person''s words'"),
           1, "a person's translation stays without --replace");
    ok(res.skipped == 1, "and is counted as kept (%lld)", (long long)res.skipped);
    ok(import_text(db, "platform,id,translation,translation_kind\nxiaohongshu,p-10,redone,human\n",
                   false, true, &res, &err) == 0 &&
           sql_int(db, "SELECT count(*) FROM posts WHERE ext_id = 'p-10' AND translation = "
                       "'redone'") == 1,
       "--replace writes over it");
    ok(import_text(db, "platform,id\nxiaohongshu,p-1\n", false, false, &res, &err) == -1 &&
           strstr(err.msg, "platform, id and translation"),
       "a file without a translation column is refused, saying what one needs");
}

int main(void)
{
    struct rf_error err = {{0}}, warning = {{0}};
    struct db *db;
    struct model *m;

    if (db_open_memory(&db, &err) != 0 || userstate_open(db, &warning, &err) != 0 ||
        fill(db, &err) != 0 || !(m = model_new(db, &err))) {
        printf("Bail out! %s\n", err.msg);
        return 1;
    }
    test_pages(m);
    test_rule(db, m);
    test_file(db);
    model_free(m);
    db_close(db);
    return tap_done();
}
