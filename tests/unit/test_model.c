/* Unit tests for src/model.c: keyset pagination forwards and backwards
 * matching a full ordered scan, filters and counts matching direct SQL,
 * search in both languages (trigram index for 3+ characters, the bounded
 * scan for 1 and 2) with match spans, aggregates, state that survives
 * re-imports, events, figures and change detection. */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db.h"
#include "import.h"
#include "model.h"
#include "model_internal.h"
#include "when.h"
#include "cache_sql.h"
#include "tap.h"

#define NPOSTS 600

static char tmpdir[] = "/tmp/refuge-test-model-XXXXXX";
static const char *srcdir;

/* Synthetic posts: three per hour (equal times test the id tie-break),
 * likes with many ties, three platforms, both languages, some tags. */
static char *make_posts(size_t *len)
{
    char *buf = NULL;
    FILE *out = open_memstream(&buf, len);

    for (int i = 0; i < NPOSTS; i++) {
        const char *platform = i % 3 == 0 ? "xiaohongshu" : i % 3 == 1 ? "tiktok" : "x";
        const char *tags = i % 5 == 0 ? "[\"猫税\",\"tiktokrefugee\"]"
                                      : i % 4 == 0 ? "[\"cattax\"]" : "[]";
        fprintf(out, "{\"id\":\"p%d\",\"platform\":\"%s\",\"time\":%d,\"likes\":%d,\"tags\":%s,",
                i, platform, 1736000000 + (i / 3) * 3600, (i * 37) % 101, tags);
        if (i % 2 == 0)
            fprintf(out, "\"text\":\"%s第%d条\",\"translation\":\"Post %d\"}\n",
                    i % 6 == 0 ? "今天在小红书交了猫税，" : "小红书上的猫好可爱，", i, i);
        else
            fprintf(out, "\"text\":\"Post %d: paying the %s on RedNote\"}\n", i,
                    i % 7 == 0 ? "CAT TAX" : "fee");
    }
    fclose(out);
    return buf;
}

/* Ids of a query, in order. */
static size_t sql_ids(struct db *db, const char *sql, int64_t *ids, size_t max)
{
    sqlite3_stmt *st;
    size_t n = 0;

    if (sqlite3_prepare_v2(db_sql(db), sql, -1, &st, NULL) != SQLITE_OK)
        return 0;
    while (n < max && sqlite3_step(st) == SQLITE_ROW)
        ids[n++] = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

static int import_fixture(struct db *db, const char *name)
{
    char path[4096];
    FILE *fp;
    struct import_input in;
    struct import_options opts = {.format = IMPORT_AUTO};
    struct import_result res;
    struct rf_error err = {{0}};
    int rc;

    snprintf(path, sizeof path, "%s/tests/data/%s", srcdir, name);
    if (!(fp = fopen(path, "r")))
        return -1;
    in = (struct import_input){.name = name, .fp = fp};
    rc = import_run(db, &in, 1, &opts, &res, &err);
    fclose(fp);
    return rc;
}

/* Reads a whole list page by page in one direction; returns the ids in
 * display order. */
static size_t walk(struct model *m, const struct model_filter *f, enum model_sort sort,
                   enum model_dir dir, size_t page_size, int64_t *ids, size_t max)
{
    struct model_cursor at = {0};
    struct model_post_page page;
    struct rf_error err = {{0}};
    int64_t *tmp = calloc(max, sizeof *tmp);
    size_t n = 0;
    bool more;

    do {
        if (model_posts(m, f, sort, &at, dir, page_size, &page, &err) != 0) {
            tap_diag("model_posts: %s", err.msg);
            break;
        }
        if (dir == MODEL_FORWARD) {
            for (size_t i = 0; i < page.count && n < max; i++)
                ids[n++] = page.rows[i].id;
        } else {
            /* Pages come in display order; walking up, each goes before. */
            for (size_t i = page.count; i-- > 0 && n < max;)
                tmp[n++] = page.rows[i].id;
        }
        more = page.more;
        at = page.resume;
        model_post_page_free(&page);
    } while (more);
    if (dir == MODEL_BACKWARD)
        for (size_t i = 0; i < n; i++)
            ids[i] = tmp[n - 1 - i];
    free(tmp);
    return n;
}

static bool same(const int64_t *a, size_t na, const int64_t *b, size_t nb)
{
    if (na != nb) {
        tap_diag("lengths differ: %zu vs %zu", na, nb);
        return false;
    }
    for (size_t i = 0; i < na; i++)
        if (a[i] != b[i]) {
            tap_diag("differ at %zu: %lld vs %lld", i, (long long)a[i], (long long)b[i]);
            return false;
        }
    return true;
}

static void test_pagination(struct db *db, struct model *m)
{
    static int64_t want[NPOSTS], got[NPOSTS];
    size_t nw, ng;
    struct model_post_page page;
    struct model_cursor at;
    struct rf_error err = {{0}};

    nw = sql_ids(db, "SELECT id FROM posts ORDER BY ts_utc DESC, id DESC", want, NPOSTS);
    is_int(nw, NPOSTS, "the synthetic posts are in");
    ng = walk(m, NULL, MODEL_SORT_TIME, MODEL_FORWARD, 7, got, NPOSTS);
    ok(same(want, nw, got, ng), "time order, read forward 7 at a time, matches a full scan");
    ng = walk(m, NULL, MODEL_SORT_TIME, MODEL_BACKWARD, 11, got, NPOSTS);
    ok(same(want, nw, got, ng), "read backward from the end, it matches too");
    nw = sql_ids(db, "SELECT id FROM posts ORDER BY likes DESC, id DESC", want, NPOSTS);
    ng = walk(m, NULL, MODEL_SORT_LIKES, MODEL_FORWARD, 13, got, NPOSTS);
    ok(same(want, nw, got, ng), "likes order (many ties), forward, matches");
    ng = walk(m, NULL, MODEL_SORT_LIKES, MODEL_BACKWARD, 5, got, NPOSTS);
    ok(same(want, nw, got, ng), "likes order, backward, matches");

    /* From a cursor in the middle, both ways. */
    nw = sql_ids(db, "SELECT id FROM posts ORDER BY ts_utc DESC, id DESC", want, NPOSTS);
    ok(model_post_cursor(m, want[100], MODEL_SORT_TIME, &at, &err) == 0, "a post's cursor");
    model_posts(m, NULL, MODEL_SORT_TIME, &at, MODEL_FORWARD, 3, &page, &err);
    ok(page.count == 3 && page.rows[0].id == want[101] && page.rows[2].id == want[103] &&
           page.more,
       "forward from it gives the next rows");
    model_post_page_free(&page);
    model_posts(m, NULL, MODEL_SORT_TIME, &at, MODEL_BACKWARD, 3, &page, &err);
    ok(page.count == 3 && page.rows[0].id == want[97] && page.rows[2].id == want[99],
       "backward from it gives the rows above, in display order");
    model_post_page_free(&page);
    is_int(model_post_cursor(m, 999999, MODEL_SORT_TIME, &at, &err), MODEL_NOT_FOUND,
           "no cursor for a missing post");
    at = (struct model_cursor){.valid = true, .key = 1736000000 + 10 * 3600, .id = INT64_MAX};
    model_posts(m, NULL, MODEL_SORT_TIME, &at, MODEL_FORWARD, 1, &page, &err);
    ok(page.count == 1 && page.rows[0].ts_utc == 1736000000 + 10 * 3600 &&
           page.rows[0].id == sql_int(db, "SELECT max(id) FROM posts WHERE ts_utc = 1736036000"),
       "a cursor at a time opens the list at the last post of that time");
    model_post_page_free(&page);

    /* With a filter. */
    {
        struct model_filter f = {.lang = "zh", .platform = "xiaohongshu", .has_from = true,
                                 .from = 1736000000 + 10 * 3600, .has_to = true,
                                 .to = 1736000000 + 150 * 3600};
        nw = sql_ids(db,
                     "SELECT id FROM posts WHERE lang = 'zh' AND platform = 'xiaohongshu' AND"
                     " ts_utc >= 1736036000 AND ts_utc < 1736540000"
                     " ORDER BY ts_utc DESC, id DESC",
                     want, NPOSTS);
        ng = walk(m, &f, MODEL_SORT_TIME, MODEL_FORWARD, 4, got, NPOSTS);
        ok(nw > 0 && same(want, nw, got, ng), "lang, platform and time window filter");
        f = (struct model_filter){.tag = "cattax"};
        nw = sql_ids(db,
                     "SELECT id FROM posts WHERE id IN (SELECT post_id FROM post_tags"
                     " WHERE tag = 'cattax') ORDER BY likes DESC, id DESC",
                     want, NPOSTS);
        ng = walk(m, &f, MODEL_SORT_LIKES, MODEL_FORWARD, 9, got, NPOSTS);
        ok(nw > 0 && same(want, nw, got, ng), "tag filter, by likes");
    }
}

static void test_counts(struct db *db, struct model *m)
{
    struct rf_error err = {{0}};
    int64_t n;
    struct model_filter f = {.lang = "en", .has_from = true, .from = 1735948800 + 86400,
                             .has_to = true, .to = 1735948800 + 4 * 86400};

    ok(model_count(m, NULL, &n, &err) == 0 && n == NPOSTS, "count of everything");
    ok(model_count(m, &f, &n, &err) == 0 &&
           n == sql_int(db, "SELECT count(*) FROM posts WHERE lang = 'en' AND ts_utc >="
                            " 1736035200 AND ts_utc < 1736294400"),
       "count for whole days and a language (per-day table) matches");
    f.from += 7200; /* not a day boundary: counted over posts */
    ok(model_count(m, &f, &n, &err) == 0 &&
           n == sql_int(db, "SELECT count(*) FROM posts WHERE lang = 'en' AND ts_utc >="
                            " 1736042400 AND ts_utc < 1736294400"),
       "count for a window within days matches");
    f = (struct model_filter){.tag = "猫税"};
    ok(model_count(m, &f, &n, &err) == 0 &&
           n == sql_int(db, "SELECT count(*) FROM post_tags WHERE tag = '猫税'"),
       "count for a tag alone (tag-count table) matches");
    f = (struct model_filter){.tag = "猫税", .platform = "tiktok"};
    ok(model_count(m, &f, &n, &err) == 0 &&
           n == sql_int(db, "SELECT count(*) FROM posts p JOIN post_tags t ON t.post_id = p.id"
                            " WHERE t.tag = '猫税' AND p.platform = 'tiktok'"),
       "count for a tag and platform matches");
}

/* Searches and checks the count against instr() over both texts, and that
 * every span really points at the query (ASCII case folded). */
static void check_search(struct db *db, struct model *m, const char *q, const char *what)
{
    struct model_filter f = {.search = q};
    struct model_post_page page;
    struct model_cursor at = {0};
    struct rf_error err = {{0}};
    char sql[512];
    size_t n = 0, qlen = strlen(q);
    bool spans_ok = true, more;
    int64_t counted;

    /* Words also match a tag that contains them and the name of a
     * collection's author (refuge's own records have none). */
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM posts WHERE instr(lower(text), lower('%s'))"
             " OR instr(lower(coalesce(translation, '')), lower('%s'))"
             " OR id IN (SELECT post_id FROM post_tags WHERE instr(lower(tag), lower('%s')))"
             " OR (author_id IS NOT NULL AND instr(lower(author), lower('%s')))",
             q, q, q, q);
    do {
        if (model_posts(m, &f, MODEL_SORT_TIME, &at, MODEL_FORWARD, 50, &page, &err) != 0)
            break;
        for (size_t i = 0; i < page.count; i++) {
            const struct model_post *p = &page.rows[i];
            n++;
            /* No span in either text: the hit is in a tag or the author. */
            if (p->ntext_spans + p->ntranslation_spans == 0 &&
                (!p->meta_hit || strncasecmp(p->meta_hit + p->meta_span.offset, q, qlen) != 0))
                spans_ok = false;
            for (size_t k = 0; k < p->ntext_spans; k++)
                if (strncasecmp(p->text + p->text_spans[k].offset, q, qlen) != 0 ||
                    p->text_spans[k].length != qlen)
                    spans_ok = false;
            for (size_t k = 0; k < p->ntranslation_spans; k++)
                if (strncasecmp(p->translation + p->translation_spans[k].offset, q, qlen))
                    spans_ok = false;
        }
        more = page.more;
        at = page.resume;
        model_post_page_free(&page);
    } while (more);
    is_int(n, sql_int(db, sql), "search %s finds every post that contains it", what);
    ok(n > 0 && spans_ok, "search %s: each result has spans at the matches", what);
    ok(model_count(m, &f, &counted, &err) == 0 && counted == (int64_t)n,
       "search %s: the count agrees", what);
}

static void test_search(struct db *db, struct model *m)
{
    struct model_filter f = {.search = "cat tax"};
    struct model_post_page page;
    struct rf_error err = {{0}};

    check_search(db, m, "cat tax", "for English (3+ characters, any case)");
    check_search(db, m, "小红书", "for Chinese (3 characters, trigram index)");
    check_search(db, m, "猫税", "for a 2-character Chinese word (bounded scan)");
    check_search(db, m, "猫", "for 1 Chinese character (bounded scan)");
    check_search(db, m, "第1", "for a Chinese character and a digit");
    {
        /* A short search's count stops at a cap and says so. */
        struct model_filter cat = {.search = "猫"};
        int64_t exact, capped;
        bool at_least = true;
        ok(model_count(m, &cat, &exact, &err) == 0 && exact > 60 &&
               model_count_capped(m, &cat, 0, &capped, &at_least, &err) == 0 && !at_least &&
               capped == exact,
           "猫 uncapped: exact");
        ok(model_count_capped(m, &cat, 60, &capped, &at_least, &err) == 0 && at_least &&
               capped == 60,
           "猫 capped at 60: at least 60");
        ok(model_count_capped(m, &cat, exact + 1, &capped, &at_least, &err) == 0 && !at_least &&
               capped == exact,
           "猫 capped above its count: exact");
    }
    check_search(db, m, "1: paying", "with FTS5 syntax characters, taken literally");
    model_posts(m, &f, MODEL_SORT_TIME, NULL, MODEL_FORWARD, 1, &page, &err);
    ok(page.count == 1 && page.rows[0].ntext_spans == 1 &&
           strncmp(page.rows[0].text + page.rows[0].text_spans[0].offset, "CAT TAX", 7) == 0,
       "a span covers the original case");
    model_post_page_free(&page);
    f = (struct model_filter){.search = "好可", .lang = "en"};
    model_posts(m, &f, MODEL_SORT_TIME, NULL, MODEL_FORWARD, 10, &page, &err);
    ok(page.count == 0 && !page.more, "a short search combines with other filters");
    model_post_page_free(&page);
    /* 猫 is in no English text, but in the tag 猫税 of some English posts. */
    f = (struct model_filter){.search = "猫", .lang = "en"};
    {
        int64_t ids[NPOSTS], want[NPOSTS];
        size_t n = walk(m, &f, MODEL_SORT_TIME, MODEL_FORWARD, 7, ids, NPOSTS);
        size_t nw = sql_ids(db,
                            "SELECT p.id FROM posts p WHERE p.lang = 'en' AND p.id IN"
                            " (SELECT post_id FROM post_tags WHERE tag = '猫税')"
                            " ORDER BY p.ts_utc DESC, p.id DESC",
                            want, NPOSTS);
        ok(nw > 7 && same(ids, n, want, nw),
           "a short search with a language finds the posts it reaches through a tag (%zu)", nw);
    }
}


/* model_posts_each(): the posts the window-by-window list gives, in the
 * same order, each with its tags; `limit` of them when asked. */
struct each_ids {
    int64_t *ids;
    size_t n, max;
    bool tagged; /* some post came with its tags (a third of them have one) */
};

static int collect_id(void *arg, const struct model_post *p)
{
    struct each_ids *e = arg;

    if (e->n < e->max)
        e->ids[e->n++] = p->id;
    e->tagged |= p->ntags > 0;
    return 0;
}

static void check_each(struct model *m, const struct model_filter *f, enum model_sort sort,
                       const char *what)
{
    enum { MAX = 4000 };
    int64_t *want = calloc(MAX, sizeof *want);
    struct each_ids got = {.ids = calloc(MAX, sizeof *got.ids), .max = MAX};
    struct rf_error err = {{0}};
    size_t n = walk(m, f, sort, MODEL_FORWARD, 50, want, MAX);
    int rc = model_posts_each(m, f, sort, 0, collect_id, &got, &err);

    ok(rc == 0 && n > 0 && same(want, n, got.ids, got.n) && got.tagged,
       "posts_each %s: the list's posts in its order, with their tags", what);
    got.n = 0;
    rc = model_posts_each(m, f, sort, 7, collect_id, &got, &err);
    ok(rc == 0 && same(want, n < 7 ? n : 7, got.ids, got.n), "posts_each %s: a limit", what);
    free(want);
    free(got.ids);
}

/* A search too common for the index's set of matches (more than 2,000
 * posts) is tested on each post's text as the list is walked; a short one
 * is scanned for when common (5,000+ trigrams start with it) and taken
 * from the index's vocabulary when rare, wherever it stands in the text;
 * with a tag the tag is probed and the text matched in C. All must find
 * what instr() finds. */
static void test_common_search(void)
{
    struct db *db;
    struct model *m;
    struct rf_error err = {{0}};
    struct model_filter f = {.search = "猫", .tag = "cattax"};
    struct model_post_page page;
    struct model_cursor at = {0};
    char *buf = NULL;
    size_t len = 0, n = 0;
    bool more, all_match = true;
    FILE *out;

    if (db_open_memory(&db, &err) != 0 || !(m = model_new(db, &err))) {
        ok(0, "in-memory cache: %s", err.msg);
        return;
    }
    out = open_memstream(&buf, &len);
    for (int i = 0; i < 2600; i++) {
        char text[200];
        if (i % 100 == 0) /* one character: a text the index sees only padded */
            snprintf(text, sizeof text, "鲸");
        else if (i % 100 == 50) /* the query as the last character */
            snprintf(text, sizeof text, "%d 看到了鲸", i);
        else
            snprintf(text, sizeof text, "%s %d",
                     i % 13 == 0 ? "no tax here"
                     : i % 2     ? "Paying the Cat Tax"
                                 : "交了猫税，猫猫猫猫猫猫猫猫猫猫猫猫猫猫猫猫猫猫猫猫",
                     i);
        fprintf(out, "{\"id\":\"c%d\",\"time\":%d,\"text\":\"%s\",\"tags\":%s}\n", i,
                1736000000 + i * 60, text, i % 3 == 0 ? "[\"cattax\"]" : "[]");
    }
    fclose(out);
    ok(cache_import_text(db, "common.jsonl", buf, len) == 0, "2,600 posts import");
    free(buf);
    check_search(db, m, "cat tax", "common in English (tested in C along the list)");
    check_search(db, m, "交了猫", "common in Chinese (tested in C along the list)");
    check_search(db, m, "猫", "for 1 common character (scanned window by window)");
    check_search(db, m, "鲸", "for 1 rare character, also alone and last (index vocabulary)");
    check_search(db, m, "了鲸", "for 2 rare characters at the end (index vocabulary)");
    {
        struct model_filter each[] = {
            {.search = NULL}, {.search = "cat tax"}, {.search = "交了猫"},
            {.search = "猫"}, {.search = "鲸"}, {.tag = "cattax"},
            {.search = "猫", .tag = "cattax"}, {.search = "cat tax", .tag = "cattax"}};
        static const char *const names[] = {"of every post", "of a common phrase",
                                            "of a common Chinese phrase", "of a short search",
                                            "of a rare short search", "of a tag",
                                            "of a tag and a short search",
                                            "of a tag and a phrase"};
        for (size_t i = 0; i < sizeof each / sizeof each[0]; i++)
            check_each(m, &each[i], i % 2 ? MODEL_SORT_LIKES : MODEL_SORT_TIME, names[i]);
    }
    do {
        if (model_posts(m, &f, MODEL_SORT_TIME, &at, MODEL_FORWARD, 50, &page, &err) != 0)
            break;
        n += page.count;
        for (size_t i = 0; i < page.count; i++)
            all_match &= strstr(page.rows[i].text, "猫") != NULL;
        more = page.more;
        at = page.resume;
        model_post_page_free(&page);
    } while (more);
    ok(all_match && n == (size_t)sql_int(db, "SELECT count(*) FROM posts p JOIN post_tags t"
                                             " ON t.post_id = p.id WHERE t.tag = 'cattax'"
                                             " AND instr(p.text, '猫')"),
       "a short search with a tag finds exactly the tagged posts that contain it");
    /* The stats of a search alone take the tags of the index's posts. */
    {
        static const char *const queries[] = {"cat tax", "鲸"};
        for (size_t q = 0; q < 2; q++) {
            struct model_filter sf = {.search = queries[q]};
            struct model_stats st;
            char sql[400];
            snprintf(sql, sizeof sql,
                     "SELECT count(*) FROM post_tags t JOIN posts p ON p.id = t.post_id"
                     " WHERE t.tag = 'cattax' AND instr(lower(p.text), lower('%s'))",
                     queries[q]);
            ok(model_stats(m, &sf, 5, NULL, &st, &err) == 0 &&
                   ((st.ntags == 1 && strcmp(st.tags[0].tag, "cattax") == 0 &&
                     st.tags[0].posts == sql_int(db, sql)) ||
                    (st.ntags == 0 && sql_int(db, sql) == 0)),
               "stats of a search alone: its posts' tags, counted (%s)", queries[q]);
            model_stats_free(&st);
        }
    }
    model_free(m);
    db_close(db);
}

/* The forms of a search (plan.h): #tag, @name, "quoted", and words that
 * reach tags and authors' names; lists walked page by page past the first
 * and counts, each against SQL. */
static void test_query_forms(void)
{
    enum { N = 300 };
    struct db *db;
    struct model *m;
    struct rf_error err = {{0}};
    char *buf = NULL, path[4096];
    size_t len = 0;
    FILE *out, *fp;
    int64_t ids[N + 50], want[N + 50], counted;

    if (db_open_memory(&db, &err) != 0 || !(m = model_new(db, &err))) {
        ok(0, "in-memory cache: %s", err.msg);
        return;
    }
    out = open_memstream(&buf, &len);
    for (int i = 0; i < N; i++)
        fprintf(out,
                "{\"id\":\"q%d\",\"platform\":\"xiaohongshu\",\"time\":%d,\"author\":\"Writer %s\","
                "\"text\":\"%s %d\",\"tags\":%s}\n",
                i, 1736000000 + i * 600, i % 10 == 0 ? "Seven" : "Other",
                i % 9 == 0 ? "about #cattax here" : "a plain note", i,
                i % 3 == 0   ? "[\"CatTax\"]"
                : i % 3 == 1 ? "[\"cattax\",\"猫税\"]"
                             : "[\"dogs\"]");
    fclose(out);
    ok(cache_import_text(db, "forms.jsonl", buf, len) == 0, "300 posts with tags in two cases import");
    free(buf);
    snprintf(path, sizeof path, "%s/tests/data/collections/bluesky/searchPosts-rednote.jsonl", srcdir);
    if ((fp = fopen(path, "r"))) {
        struct import_input in = {.name = "searchPosts.jsonl", .fp = fp};
        struct import_options opts = {.format = IMPORT_AUTO};
        struct import_result res;
        ok(import_run(db, &in, 1, &opts, &res, &err) == 0, "and Bluesky posts with handles");
        fclose(fp);
    } else {
        ok(0, "the Bluesky fixture opens: %s", path);
    }

    {
        static const char *const tags[] = {"#cattax", "#CATTAX", "#CatTax"};
        size_t nw = sql_ids(db,
                            "SELECT id FROM posts WHERE id IN (SELECT post_id FROM post_tags"
                            " WHERE tag = 'cattax' COLLATE NOCASE) ORDER BY ts_utc DESC, id DESC",
                            want, N + 50);
        for (size_t t = 0; t < 3; t++) {
            struct model_filter f = {.search = tags[t]};
            size_t n = walk(m, &f, MODEL_SORT_TIME, MODEL_FORWARD, 30, ids, N + 50);
            ok(nw == 200 && same(ids, n, want, nw),
               "%s: every post carrying the tag in either case, past the first page", tags[t]);
            ok(model_count(m, &f, &counted, &err) == 0 && counted == 200,
               "%s: counted from the tag counts", tags[t]);
        }
        check_each(m, &(struct model_filter){.search = "#cattax"}, MODEL_SORT_LIKES,
                   "of a #tag");
    }
    {
        struct model_filter f = {.search = "#猫税"};
        ok(model_count(m, &f, &counted, &err) == 0 && counted == 100, "#猫税: a Chinese tag");
        /* A short search that is also a tag: the trigrams' posts and the
         * tag's together (not a scan), past the first page. */
        size_t nw = sql_ids(db,
                            "SELECT id FROM posts WHERE id IN (SELECT post_id FROM post_tags"
                            " WHERE tag = '猫税') ORDER BY ts_utc DESC, id DESC",
                            want, N + 50);
        size_t n;
        f = (struct model_filter){.search = "猫税"};
        n = walk(m, &f, MODEL_SORT_TIME, MODEL_FORWARD, 7, ids, N + 50);
        ok(nw == 100 && same(ids, n, want, nw), "猫税 as words: the posts carrying the tag");
        ok(model_count(m, &f, &counted, &err) == 0 && counted == 100, "猫税 as words: counted");
        f = (struct model_filter){.search = "#cattax", .tag = "dogs"};
        ok(model_count(m, &f, &counted, &err) == 0 && counted == 0,
           "a #tag and the filter's tag must both hold");
        f = (struct model_filter){.search = "#catta"};
        ok(model_count(m, &f, &counted, &err) == 0 && counted == 0, "a #tag is the whole tag");
    }
    {
        static const char *const names[] = {"@Writer Seven", "@writer seven"};
        size_t nw = sql_ids(db,
                            "SELECT id FROM posts WHERE author = 'Writer Seven'"
                            " ORDER BY ts_utc DESC, id DESC",
                            want, N + 50);
        for (size_t t = 0; t < 2; t++) {
            struct model_filter f = {.search = names[t]};
            size_t n = walk(m, &f, MODEL_SORT_TIME, MODEL_FORWARD, 7, ids, N + 50);
            ok(nw == 30 && same(ids, n, want, nw), "%s: that author's posts, any case", names[t]);
            ok(model_count(m, &f, &counted, &err) == 0 && counted == 30, "%s: counted",
               names[t]);
        }
    }
    {
        int64_t by_name, by_key, keyed = sql_int(db, "SELECT count(*) FROM posts p JOIN authors a"
                                                     " ON a.id = p.author_id"
                                                     " WHERE a.key = 'did:plc:synthaaaaaaaaaaaaaaaaaa1'");
        struct model_filter f = {.search = "@lantern-moth.bsky.social"};
        model_count(m, &f, &by_name, &err);
        f.search = "@DID:PLC:SYNTHAAAAAAAAAAAAAAAAAA1";
        model_count(m, &f, &by_key, &err);
        ok(keyed > 0 && by_name == keyed && by_key == keyed,
           "@handle and @key find a collection author's posts (%lld)", (long long)keyed);
        f.search = "lantern-moth";
        ok(model_count(m, &f, &by_name, &err) == 0 && by_name >= keyed,
           "words find a collection author by part of the name");
    }
    {
        struct model_filter f = {.search = "cattax"};
        struct model_post_page page;
        bool tag_hits = true;
        size_t n = walk(m, &f, MODEL_SORT_TIME, MODEL_FORWARD, 25, ids, N + 50);
        ok(n == 200 && model_count(m, &f, &counted, &err) == 0 && counted == 200,
           "words: cattax reaches the 200 tagged posts, 34 of them also by text");
        model_posts(m, &f, MODEL_SORT_TIME, NULL, MODEL_FORWARD, 20, &page, &err);
        for (size_t i = 0; i < page.count; i++) {
            const struct model_post *p = &page.rows[i];
            if (p->ntext_spans == 0)
                tag_hits &= p->meta_hit && (strcmp(p->meta_hit, "#cattax") == 0 ||
                                            strcmp(p->meta_hit, "#CatTax") == 0) &&
                            p->meta_span.offset == 1 && p->meta_span.length == 6;
        }
        ok(page.count == 20 && tag_hits, "a post reached by its tag says which: #cattax");
        model_post_page_free(&page);
        {
            /* Capped: the text's own count when it reaches the cap (34 by
             * text), else the union stops at the cap; exact below it. */
            bool at_least;
            ok(model_count_capped(m, &f, 30, &counted, &at_least, &err) == 0 && at_least &&
                   counted == 34,
               "cattax capped at 30: at least the 34 posts of its text");
            ok(model_count_capped(m, &f, 100, &counted, &at_least, &err) == 0 && at_least &&
                   counted == 100,
               "cattax capped at 100: at least 100");
            ok(model_count_capped(m, &f, 200, &counted, &at_least, &err) == 0 && at_least &&
                   counted == 200,
               "cattax capped at its count: at least 200");
            ok(model_count_capped(m, &f, 201, &counted, &at_least, &err) == 0 && !at_least &&
                   counted == 200,
               "cattax capped above its count: exactly 200");
        }
        f.search = "\"#cattax\"";
        ok(model_count(m, &f, &counted, &err) == 0 && counted == 34,
           "\"#cattax\" quoted: the text #cattax");
        check_each(m, &(struct model_filter){.search = "cattax"}, MODEL_SORT_TIME,
                   "of words reaching tags");
    }
    model_free(m);
    db_close(db);
}

static void test_stats(struct db *db, struct model *m)
{
    struct model_stats st;
    struct rf_error err = {{0}};
    struct model_filter f = {.tag = "cattax"};

    ok(model_stats(m, NULL, 3, NULL, &st, &err) == 0, "stats over everything");
    ok(st.from_summary, "come from the per-day table");
    is_int(st.posts, NPOSTS, "total posts");
    is_int(st.posts_zh, sql_int(db, "SELECT count(*) FROM posts WHERE lang = 'zh'"),
           "Chinese posts");
    is_int(st.likes, sql_int(db, "SELECT sum(likes) FROM posts"), "total likes");
    is_int(st.ndays, sql_int(db, "SELECT count(DISTINCT ts_utc / 86400) FROM posts"),
           "one entry per day with posts");
    ok(st.ntags == 3 && strcmp(st.tags[0].tag, "cattax") == 0 &&
           st.tags[0].posts == sql_int(db, "SELECT count(*) FROM post_tags WHERE tag = 'cattax'"),
       "top tags, most used first");
    ok(st.ntop == 3 && st.top[0].likes == sql_int(db, "SELECT max(likes) FROM posts"),
       "top posts by likes");
    model_stats_free(&st);
    ok(model_stats(m, &f, 5, NULL, &st, &err) == 0 && !st.from_summary &&
           st.posts == sql_int(db, "SELECT count(*) FROM post_tags WHERE tag = 'cattax'") &&
           st.ntags == 1,
       "stats for a tag count the posts themselves");
    model_stats_free(&st);
}

/* What an empty window is told by. */
static void test_span(struct db *db, struct model *m)
{
    struct rf_error err = {{0}};
    struct model_filter window = {.has_from = true, .from = 0, .has_to = true, .to = 1};
    struct model_filter more = window, none = {0};
    int64_t first = 0, last = 0;

    more.lang = "zh";
    ok(model_post_span(m, &first, &last, &err) == 0 &&
           first == sql_int(db, "SELECT min(ts_utc) FROM posts") &&
           last == sql_int(db, "SELECT max(ts_utc) FROM posts"),
       "the span is the oldest and newest post");
    ok(model_filter_is_window_only(&window) && !model_filter_is_window_only(&more) &&
           !model_filter_is_window_only(&none),
       "a window alone is told from a window with conditions and from no filter");
}

/* True when two stats agree in every total, slot and top tag. */
static bool same_stats(const struct model_stats *a, const struct model_stats *b)
{
    bool same = a->posts == b->posts && a->posts_zh == b->posts_zh &&
                a->posts_en == b->posts_en && a->likes == b->likes &&
                a->likes_partial == b->likes_partial && a->ndays == b->ndays &&
                a->ntags == b->ntags;
    for (int i = 0; same && i < VOCAB_PROVENANCE_COUNT; i++)
        same = a->by_provenance[i].posts == b->by_provenance[i].posts &&
               a->by_provenance[i].likes == b->by_provenance[i].likes;
    for (size_t i = 0; same && i < a->ndays; i++)
        same = memcmp(&a->days[i], &b->days[i], sizeof a->days[i]) == 0;
    for (size_t i = 0; same && i < a->ntags; i++)
        same = strcmp(a->tags[i].tag, b->tags[i].tag) == 0 && a->tags[i].posts == b->tags[i].posts;
    return same;
}

/* The stats of a search alone come from its set of posts and covering
 * indexes; with a window from 1970 (not a search alone) from the matching
 * rows: both must agree, in every zone and unit, and with posts of each
 * provenance among the matches. */
static void check_search_stats(struct model *m)
{
    static const char *const searches[] = {"cat tax", "小红书", "猫", "猫税", "cattax", "xylophone"};
    struct when_zone shanghai, new_york;
    struct rf_error err = {{0}};
    bool same = true;

    if (when_zone_open("Asia/Shanghai", &shanghai, &err) != 0 ||
        when_zone_open("America/New_York", &new_york, &err) != 0) {
        ok(0, "zones: %s", err.msg);
        return;
    }
    const struct model_clock clocks[] = {
        {shanghai, MODEL_BY_DAY}, {new_york, MODEL_BY_WEEK}, {new_york, MODEL_BY_HOUR},
        {shanghai, MODEL_BY_WEEKDAY}};
    for (size_t q = 0; q < sizeof searches / sizeof *searches; q++)
        for (size_t c = 0; c <= sizeof clocks / sizeof *clocks; c++) {
            struct model_filter alone = {.search = searches[q]}, rows = alone;
            struct model_stats a, b;
            const struct model_clock *clock = c ? &clocks[c - 1] : NULL;
            rows.has_from = true;
            rows.from = 0;
            if (model_stats(m, &alone, 5, clock, &a, &err) != 0 ||
                model_stats(m, &rows, 5, clock, &b, &err) != 0) {
                ok(0, "stats of %s: %s", searches[q], err.msg);
                return;
            }
            if (!same_stats(&a, &b) || (q < 5 && a.posts == 0)) {
                tap_diag("%s, clock %zu: %lld posts against %lld", searches[q], c,
                         (long long)a.posts, (long long)b.posts);
                same = false;
            }
            model_stats_free(&a);
            model_stats_free(&b);
        }
    ok(same, "stats of a search alone, from its set of posts, agree with those from its rows");
}

/* Totals by provenance, from the per-day table and from the posts. */
static void test_stats_provenance(struct db *db, struct model *m)
{
    struct model_stats st;
    struct rf_error err = {{0}};
    struct model_filter f = {.tag = "cattax"};
    sqlite3_exec(db_sql(db),
                 "UPDATE posts SET provenance = 'illustrative' WHERE id % 3 = 0;"
                 "UPDATE posts SET provenance = 'quoted' WHERE id % 3 = 1 AND id < 10",
                 NULL, NULL, NULL);
    ok(model_stats(m, NULL, 3, NULL, &st, &err) == 0 && st.from_summary &&
           st.by_provenance[VOCAB_PROVENANCE_ILLUSTRATIVE].posts ==
               sql_int(db, "SELECT count(*) FROM posts WHERE provenance = 'illustrative'") &&
           st.by_provenance[VOCAB_PROVENANCE_ILLUSTRATIVE].likes ==
               sql_int(db, "SELECT sum(likes) FROM posts WHERE provenance = 'illustrative'") &&
           st.by_provenance[VOCAB_PROVENANCE_QUOTED].posts ==
               sql_int(db, "SELECT count(*) FROM posts WHERE provenance = 'quoted'") &&
           st.by_provenance[VOCAB_PROVENANCE_IMPORTED].posts ==
               sql_int(db, "SELECT count(*) FROM posts WHERE provenance = 'imported'") &&
           st.by_provenance[VOCAB_PROVENANCE_IMPORTED].likes ==
               sql_int(db, "SELECT sum(likes) FROM posts WHERE provenance = 'imported'"),
       "totals by provenance from the per-day table and the provenance index");
    model_stats_free(&st);
    ok(model_stats(m, &f, 3, NULL, &st, &err) == 0 && !st.from_summary &&
           st.by_provenance[VOCAB_PROVENANCE_ILLUSTRATIVE].posts ==
               sql_int(db, "SELECT count(*) FROM posts p JOIN post_tags t ON t.post_id = p.id"
                           " WHERE t.tag = 'cattax' AND provenance = 'illustrative'") &&
           st.by_provenance[VOCAB_PROVENANCE_ILLUSTRATIVE].posts +
                   st.by_provenance[VOCAB_PROVENANCE_QUOTED].posts +
                   st.by_provenance[VOCAB_PROVENANCE_IMPORTED].posts ==
               st.posts,
       "and counted with the days when the posts are visited");
    model_stats_free(&st);
    check_search_stats(m);
    {
        /* A search among a provenance's few posts is tested row by row: the
         * same count as the list gives, and as SQL finds in the texts and
         * tags. */
        static const char *const words[] = {"cat tax", "小红书", "猫税", "猫", "cattax"};
        int64_t ids[NPOSTS], n;
        bool same_counts = true;
        for (size_t w = 0; w < sizeof words / sizeof *words; w++) {
            struct model_filter s = {.search = words[w], .provenance = "illustrative"};
            size_t listed = walk(m, &s, MODEL_SORT_TIME, MODEL_FORWARD, 9, ids, NPOSTS);
            same_counts &= model_count(m, &s, &n, &err) == 0 && n == (int64_t)listed;
            if (w == 3)
                same_counts &= n > 9 && n == sql_int(db, "SELECT count(*) FROM posts"
                                                         " WHERE provenance = 'illustrative'"
                                                         " AND (instr(text, '猫') > 0"
                                                         " OR instr(coalesce(translation, ''),"
                                                         " '猫') > 0 OR instr(tags, '猫') > 0)");
        }
        ok(same_counts, "a search among the illustrative posts: counted as listed");
    }
    {
        struct model_filter q = {.provenance = "quoted"}, i = {.provenance = "illustrative"};
        struct model_post_page page;
        ok(model_posts(m, &q, MODEL_SORT_TIME, NULL, MODEL_FORWARD, 1, &page, &err) == 0 &&
               page.count == 1 && page.rows[0].counts_unknown && page.rows[0].time_approximate,
           "a quoted post's counts are unknown and its time approximate");
        model_post_page_free(&page);
        ok(model_posts(m, &i, MODEL_SORT_TIME, NULL, MODEL_FORWARD, 1, &page, &err) == 0 &&
               page.count == 1 && !page.rows[0].counts_unknown && !page.rows[0].time_approximate,
           "an illustrative post's are as given");
        model_post_page_free(&page);
    }
    sqlite3_exec(db_sql(db), "UPDATE posts SET provenance = 'imported'", NULL, NULL, NULL);
}

static void test_state(struct db *db, struct model *m)
{
    struct rf_error err = {{0}};
    struct model_post p;
    struct model_filter f = {.starred_only = true};
    struct model_post_page page;
    int64_t id = sql_int(db, "SELECT id FROM posts WHERE ext_id = 'p10'");
    size_t len;
    char *posts;

    ok(model_set_starred(m, id, true, &err) == 0 && model_set_read(m, id, true, &err) == 0,
       "a post is starred and read");
    ok(model_post_detail(m, id, &p, &err) == 0 && p.starred && p.read && p.ntags == 2 &&
           strcmp(p.tags[0], "猫税") == 0,
       "the detail shows the state and the tags in order");
    model_post_free(&p);
    posts = make_posts(&len);
    cache_import_text(db, "again.jsonl", posts, len);
    free(posts);
    model_posts(m, &f, MODEL_SORT_TIME, NULL, MODEL_FORWARD, 10, &page, &err);
    ok(page.count == 1 && page.rows[0].id == id && page.rows[0].starred,
       "the star survives a re-import and filters the list");
    model_post_page_free(&page);
    ok(model_set_starred(m, id, false, &err) == 0, "unstarred");
    model_posts(m, &f, MODEL_SORT_TIME, NULL, MODEL_FORWARD, 10, &page, &err);
    is_int(page.count, 0, "no starred posts left");
    model_post_page_free(&page);
    is_int(model_post_detail(m, 999999, &p, &err), MODEL_NOT_FOUND, "a missing post");
}

static void test_events(struct model *m)
{
    struct model_event_page page;
    struct model_event e;
    struct model_event_filter f = {.kinds = MODEL_KIND_OUTAGE | MODEL_KIND_REPORT};
    struct model_cursor at;
    struct rf_error err = {{0}};
    struct model_figure_list figs;

    ok(model_events(m, NULL, NULL, MODEL_FORWARD, 10, &page, &err) == 0 && page.count == 3 &&
           strcmp(page.rows[0].id, "ev-law") == 0 && strcmp(page.rows[2].id, "ev-month") == 0,
       "events in time order");
    at = page.first;
    model_event_page_free(&page);
    ok(model_events(m, NULL, &at, MODEL_FORWARD, 1, &page, &err) == 0 && page.count == 1 &&
           strcmp(page.rows[0].id, "ev-dark") == 0 && page.more,
       "keyset from a cursor, one at a time");
    at = page.first;
    model_event_page_free(&page);
    ok(model_events(m, NULL, &at, MODEL_BACKWARD, 5, &page, &err) == 0 && page.count == 1 &&
           strcmp(page.rows[0].id, "ev-law") == 0 && !page.more,
       "and backward");
    model_event_page_free(&page);
    ok(model_events(m, &f, NULL, MODEL_FORWARD, 10, &page, &err) == 0 && page.count == 2 &&
           page.rows[0].kind == MODEL_KIND_OUTAGE,
       "a kind mask");
    model_event_page_free(&page);
    ok(model_event_detail(m, "ev-dark", &e, &err) == 0 && e.nsources == 2 &&
           strcmp(e.sources[1].publisher, "Test Wire") == 0 && !e.sources[1].title &&
           strcmp(e.sources[1].published, "2025-01-19") == 0 && e.has_offset &&
           e.utc_offset == -300 && strcmp(e.tz, "ET") == 0 &&
           strcmp(e.notes, "times differ by source") == 0,
       "an event's detail, with its sources in order");
    model_event_free(&e);
    ok(model_event_at(m, 1737300000, 0, &e, &err) == 0 && strcmp(e.id, "ev-dark") == 0,
       "the event at or before a time");
    model_event_free(&e);
    is_int(model_event_at(m, 1700000000, 0, &e, &err), MODEL_NOT_FOUND, "none before the first");
    ok(model_events_on(m, "2025", 10, &page, &err) == 0 && page.count == 2,
       "events in a year");
    model_event_page_free(&page);
    ok(model_events_on(m, "2025-01-18", 10, &page, &err) == 0 && page.count == 1,
       "events on a day");
    model_event_page_free(&page);
    is_str(model_kind_name(MODEL_KIND_COURT_RULING), "court-ruling", "kind names");
    is_int(model_kind_from_name("deal"), MODEL_KIND_DEAL, "kind bits");

    ok(model_figures(m, NULL, &figs, &err) == 0 && figs.count == 3 &&
           strcmp(figs.rows[0].id, "fig-notes") == 0 && figs.rows[0].value == 84000 &&
           strcmp(figs.rows[0].qualifier, "over") == 0 && figs.rows[0].nsources == 1 &&
           figs.rows[2].value == 32.5,
       "figures by as_of with their sources");
    model_figure_list_free(&figs);
    ok(model_figures(m, "dau:test", &figs, &err) == 0 && figs.count == 1, "figures of a series");
    model_figure_list_free(&figs);
}

static void test_changed(struct db *db, struct model *m)
{
    struct db *other;
    struct rf_error err = {{0}};

    ok(!model_changed(m), "nothing changed yet");
    if (db_open(db_path(db), &other, &err) != 0)
        return;
    sqlite3_exec(db_sql(other), "INSERT INTO meta VALUES('poke', '1')", NULL, NULL, NULL);
    ok(model_changed(m), "another connection's commit is noticed");
    ok(!model_changed(m), "once");
    /* WAL: the explorer reads while an importer holds the write lock. */
    if (db_begin(other, &err) == 0) {
        struct model_post_page page;
        int64_t n;
        sqlite3_exec(db_sql(other), "DELETE FROM posts", NULL, NULL, NULL);
        ok(model_posts(m, NULL, MODEL_SORT_TIME, NULL, MODEL_FORWARD, 5, &page, &err) == 0 &&
               page.count == 5,
           "a list reads while another connection writes");
        model_post_page_free(&page);
        ok(model_count(m, NULL, &n, &err) == 0 && n == NPOSTS,
           "and sees the posts as last committed");
        db_rollback(other);
    }
    db_close(other);
}

static int stop_calls;

/* Says stop the first time it is asked: a few thousand steps in. */
static bool stop_soon(void *arg)
{
    (void)arg;
    return ++stop_calls >= 1;
}

static bool never_stop(void *arg)
{
    (void)arg;
    stop_calls++;
    return false;
}

/* Long questions give way when the interrupt check says so, and are
 * answered in full when asked again. */
static void test_interrupt(struct db *db, struct model *m)
{
    struct model_filter f = {.search = "fee", .lang = "en"};
    struct model_stats st;
    struct rf_error err = {{0}};
    int64_t n = -1, want = sql_int(db, "SELECT count(*) FROM posts WHERE text LIKE '%fee%'");

    stop_calls = 0;
    model_set_interrupt(m, stop_soon, NULL);
    is_int(model_count(m, &f, &n, &err), MODEL_INTERRUPTED, "a count gives way");
    ok(stop_calls == 1, "at the first check");
    stop_calls = 0;
    is_int(model_stats(m, &f, 3, NULL, &st, &err), MODEL_INTERRUPTED, "stats give way");
    ok(stop_calls == 1, "at the first check too");
    ok(st.ndays == 0 && st.ntags == 0 && st.ntop == 0 && !st.days, "with nothing filled in");
    {
        /* The stats pane asks co-tags as deferred work too. */
        struct model_cotags c;
        stop_calls = 0;
        is_int(model_cotags(m, "猫税", 5, &c, &err), MODEL_INTERRUPTED, "co-tags give way");
        ok(stop_calls == 1 && c.ntags == 0 && !c.tags, "with nothing filled in");
        model_set_interrupt(m, never_stop, NULL);
        ok(model_cotags(m, "猫税", 5, &c, &err) == 0 && c.ntags == 1 &&
               strcmp(c.tags[0].tag, "tiktokrefugee") == 0 &&
               c.tags[0].posts == sql_int(db, "SELECT count(*) FROM post_tags WHERE tag = '猫税'"),
           "asked again, they are whole");
        model_cotags_free(&c);
    }
    model_set_interrupt(m, never_stop, NULL);
    stop_calls = 0;
    ok(model_count(m, &f, &n, &err) == 0 && n == want, "asked again, the count is whole");
    ok(stop_calls > 0, "the check was asked meanwhile");
    ok(model_stats(m, &f, 3, NULL, &st, &err) == 0 && st.posts == want, "and so are the stats");
    model_stats_free(&st);
    model_set_interrupt(m, NULL, NULL);
    stop_calls = 0;
    ok(model_count(m, &f, &n, &err) == 0 && n == want && stop_calls == 0,
       "without a check nothing is asked");
}

/* The cache is untrusted too: what only a damaged or hostile one holds
 * (embedded NULs, offsets and times no zone or calendar has, counts at the
 * ends of 64 bits, unknown kinds) comes out safe to format and sum. */
static void test_hostile_cache(void)
{
    static const char sql[] =
        "INSERT INTO posts(platform, ext_id, lang, ts_utc, utc_offset, text, likes)"
        " VALUES('x', 'nul', 'en', 1737460800, 2147483647, CAST(X'410042' AS TEXT),"
        "   9223372036854775807),"
        "  ('y', 'big', 'zh', 1737460800, -9223372036854775808, 'b', 9223372036854775807),"
        "  ('x', 'far', 'en', 9223372036854775807, NULL, 'c', 0);"
        "INSERT INTO daily SELECT ts_utc / 86400, platform, lang, count(*), sum(likes)"
        "  FROM posts GROUP BY 1, 2, 3;"
        "INSERT INTO events(id, ts_utc, date, kind, title_en, title_zh, summary_en, summary_zh,"
        "  confidence, importance)"
        " VALUES('e', 1737460800, '2025-01-21', 'no-such-kind', 't', 't', 's', 's', 'low',"
        "   9223372036854775807);";
    struct db *db = NULL;
    struct model *m = NULL;
    struct rf_error err = {{0}};
    struct model_post_page page = {0};
    struct model_event_page events = {0};
    struct model_stats st = {0};
    struct tm tm;
    char path[1024];

    snprintf(path, sizeof path, "%s/hostile.db", tmpdir);
    if (db_open(path, &db, &err) != 0 || !(m = model_new(db, &err)) ||
        sqlite3_exec(db_sql(db), sql, NULL, NULL, NULL) != SQLITE_OK) {
        tap_diag("hostile cache: %s", err.msg);
        model_free(m);
        db_close(db);
        return;
    }
    ok(model_posts(m, NULL, MODEL_SORT_TIME, NULL, MODEL_FORWARD, 10, &page, &err) == 0 &&
           page.count == 3,
       "a hostile cache lists");
    if (page.count == 3) {
        is_str(page.rows[2].text, "A\xe2\x90\x80" "B", "a NUL in a text shows as U+2400, not an end");
        ok(!page.rows[1].has_offset && !page.rows[2].has_offset,
           "offsets beyond 18 hours, or beyond int, are unknown");
        ok(!when_calendar(page.rows[0].ts_utc, when_utc(), &tm) && tm.tm_year == 0,
           "a time beyond the year 9999 has no calendar fields");
    }
    model_post_page_free(&page);
    ok(model_stats(m, NULL, 3, NULL, &st, &err) == 0, "stats do not fail on likes past 64 bits");
    is_int(st.likes, INT64_MAX, "they saturate");
    model_stats_free(&st);
    ok(model_events(m, NULL, NULL, MODEL_FORWARD, 10, &events, &err) == 0 && events.count == 1 &&
           events.rows[0].importance == 3 && strcmp(model_kind_name(events.rows[0].kind), "unknown") == 0,
       "an event's importance is brought into 1..3, an unknown kind is named 'unknown'");
    model_event_page_free(&events);
    ok(when_calendar(0, when_utc(), &tm) && tm.tm_year == 70 && tm.tm_mday == 1, "1970-01-01");
    ok(when_calendar(253402300799LL, when_utc(), &tm) && tm.tm_year == 9999 - 1900 &&
           tm.tm_hour == 23,
       "the last second of 9999 has a calendar");
    ok(!when_calendar(253402300799LL, when_offset(60), &tm), "but not an hour after it");
    ok(when_calendar(-62135596800LL, when_utc(), &tm) && tm.tm_year == 1 - 1900,
       "nor before the year 1");
    ok(!when_calendar(0, when_offset(18 * 60 + 1), &tm), "an offset beyond 18 hours has none");
    model_free(m);
    db_close(db);
}

/* A short search with script variants reads the vocabulary through each
 * spelling's range: the plan gives the vocabulary both bounds (the whole
 * vocabulary is a million posts' trigrams). */
static void test_terms_plan(struct db *db)
{
    sqlite3_stmt *st;
    bool ranged = false, whole = false;

    if (sqlite3_prepare_v2(db_sql(db), "EXPLAIN QUERY PLAN " TERMS_IDS_SCRIPTS, -1, &st, NULL) ==
        SQLITE_OK) {
        while (sqlite3_step(st) == SQLITE_ROW) {
            const char *d = (const char *)sqlite3_column_text(st, 3);
            if (d && strstr(d, "SCAN t VIRTUAL TABLE") && strstr(d, "INDEX 0:"))
                whole = true;
            else if (d && strstr(d, "SCAN t VIRTUAL TABLE"))
                ranged = true;
        }
        sqlite3_finalize(st);
    }
    ok(ranged && !whole, "the spellings' term ranges are looked up, not the vocabulary read whole");
}

int main(void)
{
    struct db *db;
    struct model *m;
    struct rf_error err = {{0}};
    char path[1024];
    size_t len;
    char *posts;

    srcdir = getenv("top_srcdir") ? getenv("top_srcdir") : ".";
    if (!mkdtemp(tmpdir))
        return 1;
    snprintf(path, sizeof path, "%s/model.db", tmpdir);
    if (db_open(path, &db, &err) != 0) {
        printf("Bail out! %s\n", err.msg);
        return 1;
    }
    posts = make_posts(&len);
    ok(cache_import_text(db, "synthetic.jsonl", posts, len) == 0, "synthetic posts import");
    free(posts);
    ok(import_fixture(db, "events.jsonl") == 0 && import_fixture(db, "figures.jsonl") == 0,
       "events and figures import");
    /* The model over the cache as imported, as the explorer opens it: a
     * first import switches the file's journal and back (db.h:
     * db_journal_alone()), which PRAGMA data_version counts as a change
     * for a model open on the importer's own connection. */
    if (!(m = model_new(db, &err))) {
        printf("Bail out! %s\n", err.msg);
        return 1;
    }
    test_pagination(db, m);
    test_counts(db, m);
    test_search(db, m);
    test_terms_plan(db);
    test_common_search();
    test_query_forms();
    test_stats(db, m);
    test_stats_provenance(db, m);
    test_span(db, m);
    test_interrupt(db, m);
    test_state(db, m);
    test_events(m);
    test_changed(db, m);
    test_hostile_cache();
    model_free(m);
    db_close(db);
    remove_tree(tmpdir);
    return tap_done();
}
