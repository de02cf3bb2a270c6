/* Unit tests for searches through a search index that keeps no positions
 * (migration 19, plan.h: phrase): the index gives every post holding all
 * of a search's trigrams, and only those whose text or translation holds
 * the search itself are listed, counted, summed or reached through
 * comments. 3,000 posts (past any page and past the rare-search
 * threshold of 2,000 candidates) hold the words and decoys that have
 * every trigram of them but not the words: "abcxbcd" for "abcd" (in the
 * text, or split between text and translation), "mnoxnop" for "mnop",
 * "ärgxrger" for "ärger" (searched as "ÄRGER": the index folds the case
 * of every letter, and so must the test of the text); comments hold
 * "abcd" under some posts and the decoy under others. */
#include "autoconfig.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cache_sql.h"
#include "db.h"
#include "import.h"
#include "model.h"
#include "tap.h"

#define NPOSTS 3000

/* Post i: "abcd" when i % 10 is 0 or 1 (upper case when i % 20 is 0, in
 * the translation when it is 11), the decoy "abcxbcd" when 2 to 4, "abcx"
 * in the text and "xbcd" in the translation when 5; "mnop" when i % 7 is
 * 0, "mnoxnop" otherwise; "ärger" when i % 13 is 0, "ärgxrger" when 1. A
 * comment "abcd" on each post with i % 30 == 8, "abcxbcd" on those with
 * i % 10 == 9. */
static int import_posts(struct db *db)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    int rc;

    for (int i = 0; i < NPOSTS; i++) {
        const char *abcd = "", *trans = "";
        switch (i % 10) {
        case 0:
        case 1:
            abcd = i % 20 == 0 ? " ABCD" : i % 20 == 11 ? "" : " abcd";
            trans = i % 20 == 11 ? "the abcd" : "";
            break;
        case 2:
        case 3:
        case 4:
            abcd = " abcxbcd";
            break;
        case 5:
            abcd = " abcx";
            trans = "xbcd";
            break;
        }
        fprintf(out,
                "{\"id\":\"t%d\",\"platform\":\"xiaohongshu\",\"author\":\"writer%d\","
                "\"lang\":\"en\",\"time\":%d,\"likes\":%d,\"text\":\"post %d%s%s%s\"%s%s%s}\n",
                i, i % 17, 1737000000 + i * 600, i % 89, i, abcd,
                i % 7 ? " mnoxnop" : " mnop",
                i % 13 == 0 ? " ärger" : i % 13 == 1 ? " ärgxrger" : "",
                trans[0] ? ",\"translation\":\"" : "", trans, trans[0] ? "\"" : "");
        if (i % 30 == 8 || i % 10 == 9)
            fprintf(out,
                    "{\"id\":\"c%d\",\"platform\":\"xiaohongshu\",\"post\":\"t%d\","
                    "\"author\":\"fan\",\"author_key\":\"fan\",\"lang\":\"en\",\"time\":%d,"
                    "\"text\":\"reply %s\"}\n",
                    i, i, 1737000100 + i * 600, i % 10 == 9 ? "abcxbcd" : "abcd");
    }
    fclose(out);
    rc = cache_import_text(db, "trigrams.jsonl", buf, strlen(buf));
    free(buf);
    return rc;
}

/* The posts that hold `word` (ASCII case ignored), by a plain scan. */
static int64_t holding(struct db *db, const char *word)
{
    char sql[400];

    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM posts WHERE instr(lower(text), '%s')"
             " OR instr(lower(coalesce(translation, '')), '%s')",
             word, word);
    return sql_int(db, sql);
}

/* True when the post's text or translation holds `word`, ASCII case
 * ignored. */
static bool post_holds(const struct model_post *p, const char *word)
{
    size_t n = strlen(word);

    for (const char *s = p->text; s && *s; s++)
        if (strncasecmp(s, word, n) == 0)
            return true;
    for (const char *s = p->translation; s && *s; s++)
        if (strncasecmp(s, word, n) == 0)
            return true;
    return false;
}

/* Every page of the list, 50 posts at a time: the posts listed, and how
 * many of them do not hold `word` in their own texts. */
static int64_t list_all(struct model *m, const struct model_filter *f, const char *word,
                        int64_t *strays)
{
    struct model_cursor at = {0};
    struct rf_error err = {{0}};
    int64_t listed = 0;

    *strays = 0;
    for (int calls = 0; calls < 1000; calls++) {
        struct model_post_page page;
        if (model_posts(m, f, MODEL_SORT_TIME, &at, MODEL_FORWARD, 50, &page, &err) != 0) {
            tap_diag("%s", err.msg);
            return -1;
        }
        for (size_t i = 0; i < page.count; i++)
            *strays += !post_holds(&page.rows[i], word);
        listed += (int64_t)page.count;
        at = page.resume;
        if (!page.more) {
            model_post_page_free(&page);
            break;
        }
        model_post_page_free(&page);
    }
    return listed;
}

static int count_each(void *arg, const struct model_post *post)
{
    (void)post;
    ++*(int64_t *)arg;
    return 0;
}

/* A search listed page by page, listed whole (batch), counted (exactly
 * and under a cap) and summed by the stats: `want` posts each time. */
static void check_search(struct model *m, const struct model_filter *f, const char *word,
                         int64_t want, int64_t want_strays, const char *what)
{
    struct rf_error err = {{0}};
    struct model_stats s;
    int64_t n = -1, each = 0, strays = -1;
    bool at_least = true;

    int64_t listed = list_all(m, f, word, &strays);
    int rc;

    is_int(listed, want, "%s: every page lists the %lld posts", what, (long long)want);
    is_int(strays, want_strays, "%s: no post is listed for its trigrams alone", what);
    rc = model_posts_each(m, f, MODEL_SORT_TIME, 0, count_each, &each, &err);
    ok(rc == 0 && each == want, "%s: the whole listing has them (%lld)", what, (long long)each);
    rc = model_count(m, f, &n, &err);
    ok(rc == 0 && n == want, "%s: counted (%lld)", what, (long long)n);
    rc = model_count_capped(m, f, 250000, &n, &at_least, &err);
    ok(rc == 0 && n == want && !at_least, "%s: counted under the feed's cap (%lld)", what,
       (long long)n);
    rc = model_count_capped(m, f, want / 2, &n, &at_least, &err);
    ok(rc == 0 && n >= want / 2 && n <= want,
       "%s: a cap of half says at least the cap, never more than match (%lld)", what,
       (long long)n);
    rc = model_stats(m, f, 10, NULL, &s, &err);
    ok(rc == 0 && s.posts == want, "%s: the stats count them (%lld)", what, (long long)s.posts);
    model_stats_free(&s);
}

int main(void)
{
    struct db *db;
    struct model *m;
    struct rf_error err = {{0}};
    int64_t abcd;

    if (db_open_memory(&db, &err) != 0 || !(m = model_new(db, &err))) {
        printf("Bail out! %s\n", err.msg);
        return 1;
    }
    ok(import_posts(db) == 0, "3,000 posts and their comments import");
    abcd = holding(db, "abcd");
    is_int(abcd, NPOSTS / 5, "a fifth of the posts hold abcd (a scan says)");
    is_int(sql_int(db, "SELECT count(*) FROM posts_fts WHERE posts_fts MATCH"
                       " '\"abc\" AND \"bcd\"'"),
           NPOSTS / 5 + 3 * NPOSTS / 10 + NPOSTS / 10,
           "the index has its trigrams in the decoys too: twice as many candidates");

    /* Fewer candidates than RARE_SEARCH: the list reads the index's set. */
    check_search(m, &(struct model_filter){.search = "abcd"}, "abcd", abcd, 0, "abcd (rare)");
    check_search(m, &(struct model_filter){.search = "\"ABCD\""}, "abcd", abcd, 0,
                 "\"ABCD\", quoted, in capitals");
    check_search(m, &(struct model_filter){.search = "abcd", .lang = "en"}, "abcd", abcd, 0,
                 "abcd with another condition");
    /* More: the list is tested along its order, the count is the index's
     * set tested. */
    check_search(m, &(struct model_filter){.search = "mnop"}, "mnop", holding(db, "mnop"), 0,
                 "mnop (common)");
    is_int(holding(db, "mnop"), (NPOSTS + 6) / 7, "mnop is in every seventh post");
    /* A letter with a case beyond ASCII: the index folds it, so does the
     * test of the candidates' texts. */
    check_search(m, &(struct model_filter){.search = "ÄRGER"}, "ärger", (NPOSTS + 12) / 13, 0,
                 "ÄRGER (a case beyond ASCII)");
    /* Through comments: the decoys in comments reach no post. The posts
     * listed for a comment hold the word in it, not in their texts. */
    check_search(m, &(struct model_filter){.search = "abcd", .with_comments = true}, "abcd",
                 abcd + NPOSTS / 30, NPOSTS / 30, "abcd with comments");
    model_free(m);
    db_close(db);
    return tap_done();
}
