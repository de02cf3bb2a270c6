/* Unit tests for src/workbench.c and the code filter: the codebook (names,
 * keys, an INI file), codes applied to posts and removed, filtering and
 * counting by code past the first page, and merging another researcher's
 * export: new codes added, conflicts reported with both memos kept,
 * nothing doubled when the same file comes twice. */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cache_sql.h"
#include "db.h"
#include "import.h"
#include "model.h"
#include "tap.h"
#include "userstate.h"
#include "workbench.h"
#include "writer.h"

#define NPOSTS 1000
#define T0_VIEW 1736812800LL

static char tmpdir[] = "/tmp/refuge-test-wb-XXXXXX";

/* NPOSTS posts "p-0".."p-999" on xiaohongshu, one an hour. */
static int import_posts(struct db *db, const char *extra_field, struct rf_error *err)
{
    struct import_options opts = {.format = IMPORT_JSONL};
    struct import_result res;
    size_t cap = (size_t)NPOSTS * 256 + 1, len = 0;
    char *buf = malloc(cap);
    int rc;

    if (!buf)
        return -1;
    for (int i = 0; i < NPOSTS; i++)
        len += (size_t)snprintf(buf + len, cap - len,
                                "{\"id\": \"p-%d\", \"platform\": \"xiaohongshu\", \"lang\": "
                                "\"en\", \"time\": %lld, \"text\": \"post %d\"%s}\n",
                                i, 1736800000LL + i * 3600LL, i, extra_field ? extra_field : "");
    rc = db_begin(db, err) == 0 && import_buffer(db, "posts.jsonl", buf, len, &opts, &res, err) == 0 &&
                 db_commit(db, err) == 0
             ? 0
             : -1;
    free(buf);
    return rc;
}

/* An in-memory cache with the user's tables (userstate.h). */
static int open_cache(struct db **db, struct rf_error *err)
{
    struct rf_error warning = {{0}};

    if (db_open_memory(db, err) != 0)
        return -1;
    return userstate_open(*db, &warning, err);
}

static struct wb_item post(const char *id)
{
    return (struct wb_item){.kind = WB_POST, .platform = "xiaohongshu", .ext_id = id};
}

static void test_names(void)
{
    struct rf_error err = {{0}};
    static const char *const bad[] = {"", " lead", "trail ", "a=b", "[x]", "a;b", "a#b", "a,b",
                                      "quo\"te", "tab\there", "esc\x1b[31m", "c1\xc2\x9b",
                                      "bad\xff utf8",
                                      "0123456789012345678901234567890123456789012345678901234567890123456789"};
    int rejected = 0;

    ok(wb_code_name_check("Humour", &err) && wb_code_name_check("猫税 / cat tax", &err) &&
           wb_code_name_check("in-group: solidarity", &err),
       "plain names, Chinese and punctuation are code names");
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        rejected += !wb_code_name_check(bad[i], &err);
    is_int(rejected, (int)(sizeof bad / sizeof bad[0]),
           "empty, padded, INI or CSV syntax, controls, bad UTF-8 and long names are refused");
}

static int64_t count_code(struct model *m, const char *code)
{
    struct model_filter f = {.code = code};
    struct rf_error err = {{0}};
    int64_t n = -1;

    model_count(m, &f, &n, &err);
    return n;
}

static void test_apply(struct db *db, struct model *m)
{
    struct rf_error err = {{0}};
    struct wb_applications apps;
    struct wb_codebook book;
    struct wb_item it = post("p-7");
    char name[WB_CODE_MAX + 1];

    ok(wb_code_define(m, "humour", "jokes and memes", "h", &err) == 0, "a code is defined");
    ok(wb_code_define(m, "solidarity", NULL, "h", &err) == -1 && strstr(err.msg, "humour"),
       "a key another code has is refused, naming that code");
    ok(wb_code_resolve(m, "h", name, sizeof name, &err) == 0 && strcmp(name, "humour") == 0,
       "a code's key resolves to it");
    ok(wb_code_resolve(m, "x", name, sizeof name, &err) == 0 && strcmp(name, "x") == 0,
       "another single character is a new code's name");
    ok(wb_apply(m, &it, "humour", "the cat tax", &err) == 0 &&
           wb_apply(m, &it, "new-code", NULL, &err) == 0,
       "two codes are applied to a post");
    ok(wb_item_codes(m, &it, &apps, &err) == 0 && apps.count == 2 &&
           strcmp(apps.items[0].code, "humour") == 0 &&
           strcmp(apps.items[0].memo, "the cat tax") == 0 &&
           strcmp(apps.items[1].code, "new-code") == 0 && apps.items[1].memo[0] == '\0',
       "the post has both, with its memo, by name");
    wb_applications_free(&apps);
    ok(wb_apply(m, &it, "humour", "a gift, really", &err) == 0 &&
           wb_item_codes(m, &it, &apps, &err) == 0 && apps.count == 2 &&
           strcmp(apps.items[0].memo, "a gift, really") == 0,
       "applying it again replaces the memo, not the code");
    wb_applications_free(&apps);
    ok(wb_codebook(m, &book, &err) == 0 && book.count == 2 &&
           strcmp(book.codes[1].name, "new-code") == 0 && book.codes[0].posts == 1 &&
           strcmp(book.codes[0].description, "jokes and memes") == 0,
       "a code applied but never defined joined the codebook");
    wb_codebook_free(&book);
    is_int(wb_unapply(m, &it, "new-code", &err), 0, "a code is removed from the post");
    is_int(wb_unapply(m, &it, "new-code", &err), MODEL_NOT_FOUND, "removing it again says so");
    is_int(count_code(m, "new-code"), 0, "no post has it any more");

    /* 300 posts of 1000, every third one counted from the end: past any page. */
    sqlite3_exec(db_sql(db), "BEGIN", NULL, NULL, NULL);
    for (int i = 0; i < NPOSTS; i += 3) {
        char id[16];
        struct wb_item p;
        if (i / 3 >= 300)
            break;
        snprintf(id, sizeof id, "p-%d", NPOSTS - 1 - i);
        p = post(id);
        wb_apply(m, &p, "solidarity", NULL, &err);
    }
    sqlite3_exec(db_sql(db), "COMMIT", NULL, NULL, NULL);
    is_int(count_code(m, "solidarity"), 300, "--code counts the 300 posts coded");
    {
        struct model_filter f = {.code = "solidarity"};
        struct model_cursor at = {0};
        struct model_post_page page;
        int64_t listed = 0, wrong = 0;
        int pages = 0;
        bool more;
        do {
            if (model_posts(m, &f, MODEL_SORT_TIME, &at, MODEL_FORWARD, 50, &page, &err) != 0)
                break;
            for (size_t i = 0; i < page.count; i++)
                wrong += (atoi(page.rows[i].ext_id + 2) - (NPOSTS - 1)) % 3 != 0;
            listed += (int64_t)page.count;
            at = page.resume.valid ? page.resume : page.last;
            pages++;
            more = page.more;
            model_post_page_free(&page);
        } while (more && pages < 100);
        is_int(listed, 300, "and lists them, page by page");
        is_int(wrong, 0, "and only them");
    }
    {
        struct model_stats st;
        struct model_filter f = {.has_from = true, .from = 1736800000LL + 500 * 3600LL};
        if (!ok(model_stats(m, &f, 5, NULL, &st, &err) == 0 && st.ncodes == 1 &&
                    strcmp(st.codes[0].code, "solidarity") == 0 && st.codes[0].posts == 167,
                "stats count posts per code under the filter (p-7's humour is outside it)"))
            tap_diag("ncodes %zu, first %s %lld", st.ncodes, st.ncodes ? st.codes[0].code : "-",
                     st.ncodes ? (long long)st.codes[0].posts : -1LL);
        model_stats_free(&st);
    }
}

static int64_t code_days_total, dawn_first, dawn_days, dawn_posts;
static int add_day(void *data, const char *code, int64_t day, int64_t posts)
{
    (void)data;
    code_days_total += posts;
    if (strcmp(code, "dawn") == 0) {
        if (dawn_days++ == 0)
            dawn_first = day;
        dawn_posts += posts;
    }
    return 0;
}

/* The day a code's posts of 1970-01-01T00:30+01:00 (UTC's 1969-12-31) and
 * 1970-01-01T04:59:59Z fall on in a zone, as the start of that day in UTC
 * seconds, when both fall on one day. */
static int64_t dawn(struct model *m, struct when_zone zone)
{
    struct rf_error err = {{0}};

    dawn_posts = dawn_days = 0;
    if (wb_code_days(m, zone, add_day, NULL, &err) != 0)
        return INT64_MIN;
    return dawn_posts == 2 && dawn_days == 1 ? dawn_first : INT64_MAX;
}

static void test_days(struct db *db, struct model *m)
{
    static const char early[] =
        "{\"id\": \"e-1\", \"platform\": \"xiaohongshu\", \"lang\": \"en\","
        " \"time\": \"1970-01-01T00:30:00+01:00\", \"text\": \"early\"}\n"
        "{\"id\": \"e-2\", \"platform\": \"xiaohongshu\", \"lang\": \"en\","
        " \"time\": \"1970-01-01T04:59:59Z\", \"text\": \"early too\"}\n";
    struct import_options opts = {.format = IMPORT_JSONL};
    struct import_result res;
    struct rf_error err = {{0}};
    struct when_zone shanghai, new_york;
    struct wb_item e1 = {.kind = WB_POST, .platform = "xiaohongshu", .ext_id = "e-1"};
    struct wb_item e2 = {.kind = WB_POST, .platform = "xiaohongshu", .ext_id = "e-2"};

    code_days_total = 0;
    ok(wb_code_days(m, when_utc(), add_day, NULL, &err) == 0 && code_days_total == 301,
       "posts per code and day add up to every application");
    if (db_begin(db, &err) != 0 ||
        import_buffer(db, "early.jsonl", early, strlen(early), &opts, &res, &err) != 0 ||
        db_commit(db, &err) != 0 || wb_code_define(m, "dawn", NULL, NULL, &err) != 0 ||
        wb_apply(m, &e1, "dawn", NULL, &err) != 0 || wb_apply(m, &e2, "dawn", NULL, &err) != 0 ||
        when_zone_open("Asia/Shanghai", &shanghai, &err) != 0 ||
        when_zone_open("America/New_York", &new_york, &err) != 0) {
        ok(0, "posts of the first hours of 1970 coded: %s", err.msg);
        return;
    }
    is_int(dawn(m, shanghai), 0, "posts of 1970's first hours: 1970-01-01 in Beijing");
    is_int(dawn(m, new_york), -86400, "1969-12-31 in New York");
    dawn(m, when_utc());
    ok(dawn_days == 2 && dawn_first == -86400 && dawn_posts == 2,
       "and in UTC one on each day, 1969-12-31 first (%lld)", (long long)dawn_first);
    wb_code_delete(m, "dawn", &err);
}

static void test_merge(struct model *m)
{
    struct rf_error err = {{0}};
    struct wb_applications apps;
    struct wb_item it = post("p-1");
    enum wb_merge did;

    ok(wb_merge(m, &it, "irony", "said with a wink", &did, &err) == 0 && did == WB_MERGE_NEW,
       "merging a code the post lacks adds it");
    ok(wb_merge(m, &it, "irony", "said with a wink", &did, &err) == 0 && did == WB_MERGE_SAME,
       "the same memo again changes nothing");
    ok(wb_merge(m, &it, "irony", "", &did, &err) == 0 && did == WB_MERGE_SAME,
       "no memo changes nothing");
    ok(wb_merge(m, &it, "irony", "sincere, in context", &did, &err) == 0 &&
           did == WB_MERGE_CONFLICT,
       "another memo for the same code is a conflict");
    ok(wb_item_codes(m, &it, &apps, &err) == 0 && apps.count == 1 &&
           strstr(apps.items[0].memo, "said with a wink") &&
           strstr(apps.items[0].memo, "sincere, in context"),
       "and both memos are kept");
    wb_applications_free(&apps);
    ok(wb_merge(m, &it, "irony", "sincere, in context", &did, &err) == 0 && did == WB_MERGE_SAME,
       "merging the conflict again adds nothing");
    ok(wb_apply(m, &it, "bare", NULL, &err) == 0 &&
           wb_merge(m, &it, "bare", "filled in", &did, &err) == 0 && did == WB_MERGE_FILLED,
       "a memo for a code applied without one fills it");
}

/* One researcher exports; another, with codes of their own, imports it. */
static void test_roundtrip(struct db *db, struct model *m)
{
    struct rf_error err = {{0}};
    struct db *other = NULL;
    struct model *om = NULL;
    struct wb_applications apps;
    struct wb_item it7 = post("p-7");
    char path[1100], *data = NULL;
    size_t len = 0;
    FILE *out;
    struct writer w;

    snprintf(path, sizeof path, "%s/export.jsonl", tmpdir);
    if (!(out = fopen(path, "w")))
        return;
    writer_init(&w, out, WRITER_JSONL, false);
    ok(writer_export(&w, m, WRITER_POSTS, NULL, &err) == 0, "the coded posts are exported");
    fclose(out);
    {
        FILE *in = fopen(path, "r");
        if (!in)
            return;
        data = malloc(1 << 20);
        len = data ? fread(data, 1, (1 << 20) - 1, in) : 0;
        fclose(in);
        if (data)
            data[len] = '\0';
    }
    ok(data && strstr(data, "\"codes\":[{\"code\":\"humour\",\"memo\":\"a gift, really\"}]"),
       "a post's line carries its codes and memo");
    if (open_cache(&other, &err) != 0 || import_posts(other, NULL, &err) != 0 ||
        !(om = model_new(other, &err))) {
        free(data);
        return;
    }
    /* The colleague coded p-7 too, with another reading. */
    wb_apply(om, &it7, "humour", "mockery", &err);
    {
        struct import_options opts = {.format = IMPORT_JSONL};
        struct import_result res;
        for (int round = 0; round < 2; round++) {
            ok(db_begin(other, &err) == 0 &&
                   import_buffer(other, "export.jsonl", data, len, &opts, &res, &err) == 0 &&
                   db_commit(other, &err) == 0,
               round ? "importing the same file again works" : "the export imports elsewhere");
        }
    }
    is_int(count_code(om, "solidarity"), 300, "every application arrives, once");
    ok(wb_item_codes(om, &it7, &apps, &err) == 0 && apps.count == 1 &&
           strstr(apps.items[0].memo, "mockery") && strstr(apps.items[0].memo, "a gift, really"),
       "a conflict keeps the colleague's memo and the incoming one");
    {
        int seen = 0;
        for (const char *p = apps.count ? apps.items[0].memo : ""; (p = strstr(p, "a gift")); p++)
            seen++;
        is_int(seen, 1, "and keeps the incoming memo once after two imports");
    }
    wb_applications_free(&apps);
    {
        /* A bad codes field is a bad record with its line; nothing changes. */
        static const char bad[] =
            "{\"id\": \"p-2\", \"platform\": \"xiaohongshu\", \"lang\": \"en\", \"time\": "
            "1736800000, \"text\": \"x\", \"codes\": [{\"code\": \"a=b\"}]}\n";
        struct import_options opts = {.format = IMPORT_JSONL};
        struct import_result res;
        int64_t before = sql_int(other, "SELECT count(*) FROM code_apps");
        if (!ok(db_begin(other, &err) == 0 &&
                    import_buffer(other, "bad.jsonl", bad, sizeof bad - 1, &opts, &res, &err) != 0 &&
                    strstr(err.msg, "bad.jsonl:1: codes:"),
                "a bad code name is reported with FILE:LINE"))
            tap_diag("%s", err.msg);
        db_rollback(other);
        is_int(sql_int(other, "SELECT count(*) FROM code_apps"), before, "and nothing changed");
    }
    (void)db;
    model_free(om);
    db_close(other);
    free(data);
}

/* Marks: all posts of a filter at once, past any page; coding and starring
 * the marked ones; clearing them. */
static void test_marks(struct db *db, struct model *m)
{
    struct rf_error err = {{0}};
    struct model_filter late = {.has_from = true, .from = 1736800000LL + 400 * 3600LL};
    struct model_filter marked = {.marked_only = true};
    struct wb_applications apps;
    struct wb_item it = post("p-999");
    int64_t n = 0, count = 0;

    ok(model_mark_all(m, &late, &n, &err) == 0 && n == 600, "M marks the 600 posts of a filter");
    ok(model_mark_all(m, &late, &n, &err) == 0 && n == 0, "marking them again adds none");
    ok(wb_mark(m, "xiaohongshu", "p-0", true, &err) == 0 && wb_marks_count(m, &count, &err) == 0 &&
           count == 601,
       "one more marked by hand: 601");
    ok(model_count(m, &marked, &n, &err) == 0 && n == 601, "the marked filter counts them");
    wb_apply(m, &it, "marked-code", "kept memo", &err);
    ok(wb_marks_apply(m, "marked-code", NULL, &n, &err) == 0 && n == 601,
       "a code is applied to every marked post");
    ok(wb_item_codes(m, &it, &apps, &err) == 0 && apps.count >= 1 &&
           strcmp(apps.items[0].memo, "kept memo") == 0,
       "a memo it had is kept when none is given");
    wb_applications_free(&apps);
    is_int(sql_int(db, "SELECT count(*) FROM code_apps WHERE code = 'marked-code'"), 601,
           "601 applications");
    ok(wb_marks_star(m, &n, &err) == 0 && n == 601, "the marked posts are starred");
    is_int(sql_int(db, "SELECT count(*) FROM state WHERE starred"), 601, "601 stars");
    ok(wb_mark(m, "xiaohongshu", "p-0", false, &err) == 0 && wb_marks_count(m, &count, &err) == 0 &&
           count == 600,
       "a post is unmarked");
    ok(wb_marks_clear(m, &n, &err) == 0 && n == 600 && wb_marks_count(m, &count, &err) == 0 &&
           count == 0,
       "U clears every mark");
}

/* Saved views: every part of a filter and the sort come back as saved. */
static void test_views(struct model *m)
{
    struct rf_error err = {{0}};
    struct model_filter f = {.lang = "zh", .platform = "xiaohongshu", .tag = "猫税",
                             .provenance = "imported", .code = "humour", .search = "cat tax",
                             .has_from = true, .from = T0_VIEW, .has_to = true,
                             .to = T0_VIEW + 86400, .starred_only = true, .marked_only = true,
                             .sample = 50, .seed = UINT64_MAX,
                             .author = "xiaohongshu:5f00c0ffee", .with_comments = true};
    struct wb_view v;
    char names[64];
    size_t n;

    ok(wb_view_save(m, "cats", &f, MODEL_SORT_LIKES, &err) == 0, "a view is saved");
    ok(wb_view_load(m, "cats", &v, &err) == 0, "and read back");
    ok(strcmp(v.filter.lang, "zh") == 0 && strcmp(v.filter.platform, "xiaohongshu") == 0 &&
           strcmp(v.filter.tag, "猫税") == 0 && strcmp(v.filter.provenance, "imported") == 0 &&
           strcmp(v.filter.code, "humour") == 0 && strcmp(v.filter.search, "cat tax") == 0,
       "with its language, platform, tag, provenance, code and search");
    ok(v.filter.has_from && v.filter.from == T0_VIEW && v.filter.has_to &&
           v.filter.to == T0_VIEW + 86400 && v.filter.starred_only && v.filter.marked_only &&
           v.filter.sample == 50 && v.filter.seed == UINT64_MAX && v.sort == MODEL_SORT_LIKES,
       "its window, starred and marked, sample and a seed past 2^63, and its sort");
    ok(v.filter.author && strcmp(v.filter.author, "xiaohongshu:5f00c0ffee") == 0 &&
           v.filter.with_comments,
       "its author and whether the search reaches comments");
    wb_view_free(&v);
    f = (struct model_filter){.search = "whale"};
    ok(wb_view_save(m, "cats", &f, MODEL_SORT_TIME, &err) == 0 &&
           wb_view_load(m, "cats", &v, &err) == 0 && !v.filter.lang && !v.filter.has_from &&
           !v.filter.author && !v.filter.with_comments &&
           strcmp(v.filter.search, "whale") == 0 && v.sort == MODEL_SORT_TIME,
       "saving under the same name replaces it whole");
    wb_view_free(&v);
    ok(wb_view_save(m, "all", &(struct model_filter){0}, MODEL_SORT_TIME, &err) == 0 &&
           wb_view_names(m, names, sizeof names, &n, &err) == 0 && n == 2 &&
           strcmp(names, "all, cats") == 0,
       "the views are listed by name");
    is_int(wb_view_load(m, "dogs", &v, &err), MODEL_NOT_FOUND, "an unknown view is not found");
    ok(wb_view_delete(m, "all", &err) == 0 && wb_view_delete(m, "all", &err) == MODEL_NOT_FOUND,
       "a view is deleted");
    ok(wb_view_save(m, "bad=name", &f, MODEL_SORT_TIME, &err) == -1, "view names follow code names");
}

/* A codebook from someone else's export: new codes join, a description
 * already there keeps the incoming one beside it, keys never move. */
static void test_codebook_merge(struct db *db, struct model *m)
{
    struct rf_error err = {{0}};
    struct wb_codebook book;
    unsigned did = 0;
    const struct wb_code *c = NULL;

    ok(wb_code_define(m, "sarcasm", "says the opposite", "s", &err) == 0 &&
           wb_code_define(m, "plain", NULL, NULL, &err) == 0,
       "two codes of our own: %s", err.msg);
    db_begin(db, &err);
    ok(wb_code_merge_into(db, "newcomer", "from a colleague", "n", &did, &err) == 0 &&
           did == WB_CODE_NEW,
       "a code the cache lacks is added");
    ok(wb_code_merge_into(db, "sarcasm", "says the opposite", "s", &did, &err) == 0 && did == 0,
       "the same code again is no change");
    ok(wb_code_merge_into(db, "plain", "now described", NULL, &did, &err) == 0 &&
           did == WB_CODE_FILLED,
       "a description fills an empty one");
    ok(wb_code_merge_into(db, "sarcasm", "irony with an edge", "n", &did, &err) == 0 &&
           did == (WB_CODE_DESCRIPTION_MERGED | WB_CODE_KEY_KEPT),
       "another description merges, and a key another code has is not taken");
    ok(wb_code_merge_into(db, "sarcasm", "irony with an edge", NULL, &did, &err) == 0 && did == 0,
       "merging it twice adds nothing");
    ok(wb_code_merge_into(db, "bad=name", "x", NULL, &did, &err) == -1,
       "a bad code name is refused");
    db_commit(db, &err);
    wb_codebook(m, &book, &err);
    for (size_t i = 0; i < book.count; i++)
        if (strcmp(book.codes[i].name, "sarcasm") == 0)
            c = &book.codes[i];
    ok(c && strcmp(c->description, "says the opposite\n--- merged:\nirony with an edge") == 0 &&
           c->key && strcmp(c->key, "s") == 0,
       "both descriptions are kept, the cache's first, and its key stays");
    wb_codebook_free(&book);
}

static void test_ini(struct model *m)
{
    struct rf_error err = {{0}};
    struct wb_codebook book;
    char path[1100];
    size_t n;
    FILE *f;

    snprintf(path, sizeof path, "%s/codebook.ini", tmpdir);
    if (!(f = fopen(path, "w")))
        return;
    fputs("; a codebook\n[othering]\nname = Othering\ndescription = '\"us\" and \"them\"'\nkey = o\n\n"
          "[gratitude]\ndescription = thanks, welcome\n",
          f);
    fclose(f);
    if (!ok(wb_codes_import_ini(m, path, &n, &err) == 0 && n == 2, "an INI codebook is read"))
        tap_diag("%s", err.msg);
    ok(wb_codebook(m, &book, &err) == 0, "the codebook lists");
    {
        bool found = false;
        for (size_t i = 0; i < book.count; i++)
            found |= strcmp(book.codes[i].name, "Othering") == 0 && book.codes[i].key &&
                     strcmp(book.codes[i].key, "o") == 0 && book.codes[i].description &&
                     strcmp(book.codes[i].description, "\"us\" and \"them\"") == 0;
        ok(found, "name = keeps the code's capitals; its key is set; a quoted description is whole");
    }
    wb_codebook_free(&book);
    /* iniparser drops the rest of a line after an unquoted ';' or after a
     * closing quote: a codebook losing half a description is refused. */
    if (!(f = fopen(path, "w")))
        return;
    fputs("[qa]\ndescription = Q&A; part two\n", f);
    fclose(f);
    if (!ok(wb_codes_import_ini(m, path, &n, &err) == -1 && strstr(err.msg, "codebook.ini:2:") &&
                strstr(err.msg, "after ';' is a comment"),
            "a description cut by an inline ';' is refused with its line"))
        tap_diag("%s", err.msg);
    if (!(f = fopen(path, "w")))
        return;
    fputs("[qa]\ndescription = \"us\" and \"them\"\n", f);
    fclose(f);
    if (!ok(wb_codes_import_ini(m, path, &n, &err) == -1 && strstr(err.msg, "codebook.ini:2:") &&
                strstr(err.msg, "closing quote"),
            "so is one with text after its closing quote"))
        tap_diag("%s", err.msg);
    if (!(f = fopen(path, "w")))
        return;
    fputs("[fine]\ndescription = ok\n\n[clash]\nkey = o\n", f);
    fclose(f);
    if (!ok(wb_codes_import_ini(m, path, &n, &err) == -1 && strstr(err.msg, "codebook.ini:4:") &&
                strstr(err.msg, "Othering"),
            "a key taken by another code is reported with its line"))
        tap_diag("%s", err.msg);
    ok(wb_codebook(m, &book, &err) == 0, "the codebook lists again");
    {
        bool fine = false;
        for (size_t i = 0; i < book.count; i++)
            fine |= strcmp(book.codes[i].name, "fine") == 0;
        ok(!fine, "and nothing of the bad file was kept");
    }
    wb_codebook_free(&book);
}

int main(void)
{
    struct db *db = NULL;
    struct model *m = NULL;
    struct rf_error err = {{0}};

    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 1;
    }
    test_names();
    if (open_cache(&db, &err) != 0 || import_posts(db, NULL, &err) != 0 ||
        !(m = model_new(db, &err))) {
        tap_diag("%s", err.msg);
        ok(0, "a cache of %d posts", NPOSTS);
        return tap_done();
    }
    test_apply(db, m);
    test_days(db, m);
    test_merge(m);
    test_roundtrip(db, m);
    test_ini(m);
    test_marks(db, m);
    test_views(m);
    test_codebook_merge(db, m);
    model_free(m);
    db_close(db);
    remove_tree(tmpdir);
    return tap_done();
}
