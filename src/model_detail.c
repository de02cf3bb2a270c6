/* model_detail.c — one post in full (with what collections told of it), page
 * details, and the walks that export posts with every field. */

#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "model.h"
#include "model_internal.h"
#include "model_sql.h"
#include "plan.h"

/* What collections told of a post, after the source, note and tags of a
 * detail query: its author's record, the counts as observed and when, and
 * its keywords, media and files as JSON arrays (one row of a list each).
 * A list's table is asked first whether it holds anything at all (once a
 * statement: the subquery names no column of the row): most caches hold
 * no collection's lists, and a probe of each table for every post was a
 * fifth of SQLite's work in a listing of every post. NULL reads as []. */
#define COLLECTED_COLUMNS                                                                    \
    ", p.author_id IS NOT NULL, (SELECT CASE keyed WHEN 1 THEN key END FROM authors"        \
    " WHERE id = p.author_id), (SELECT name FROM authors WHERE id = p.author_id), p.type,"  \
    " p.time_basis, p.reply_to, p.partial, p.views, p.known, p.at_least, p.counts_at,"      \
    " p.collected_at, p.likes_seen, p.comments_seen, p.collects_seen, p.shares_seen,"       \
    " p.views_seen, CASE WHEN (SELECT 1 FROM post_keywords LIMIT 1) THEN"                   \
    " (SELECT json_group_array(keyword) FROM (SELECT keyword FROM"                          \
    " post_keywords WHERE post_id = p.id ORDER BY keyword)) END,"                           \
    " CASE WHEN (SELECT 1 FROM post_media LIMIT 1) THEN"                                    \
    " (SELECT json_group_array(json_array(url, kind)) FROM (SELECT url, kind FROM"          \
    " post_media WHERE post_id = p.id ORDER BY rowid)) END,"                                \
    " CASE WHEN (SELECT 1 FROM post_sources LIMIT 1) THEN"                                  \
    " (SELECT json_group_array(json_array(tool, file, collected_at)) FROM (SELECT tool,"    \
    " file, collected_at FROM post_sources WHERE post_id = p.id ORDER BY tool, file)) END"

#define LIST_SQL                                                                           \
    "SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'),"                     \
    " json_extract(value, '$[2]') FROM json_each(:list)"

/* Grows *items (of size `size`, *n of them) by one zeroed element; NULL
 * when memory ran out. */
static void *grow(void *items, size_t *n, size_t size)
{
    char *p = realloc(*(void **)items, (*n + 1) * size);

    if (!p)
        return NULL;
    *(void **)items = p;
    memset(p + *n * size, 0, size);
    return p + (*n)++ * size;
}

/* The rows of the JSON array in column `col` of st, through the list
 * statement: each element's [0], [1] and [2] (or the element itself when
 * a string) handed to `take`. Returns 0, or -1 when memory ran out. */
static int read_list(struct model *m, sqlite3_stmt *st, int col,
                     int (*take)(struct model_collected *c, sqlite3_stmt *row),
                     struct model_collected *c, struct rf_error *err)
{
    const char *json = (const char *)sqlite3_column_text(st, col);
    sqlite3_stmt *row;
    int rc = SQLITE_DONE;

    if (!json || strcmp(json, "[]") == 0)
        return 0;
    if (!(row = model_stmt(m, LIST_SQL, err)))
        return -1;
    model_bind_text(row, ":list", json);
    while ((rc = sqlite3_step(row)) == SQLITE_ROW)
        if (take(c, row) != 0) {
            sqlite3_reset(row);
            rf_error_set(err, _("out of memory"));
            return -1;
        }
    sqlite3_reset(row);
    return rc == SQLITE_DONE ? 0 : model_step_error(m, err);
}

static int take_medium(struct model_collected *c, sqlite3_stmt *row)
{
    struct model_medium *md = grow(&c->media, &c->nmedia, sizeof *md);

    return md && (md->url = model_dup_col(row, 0)) && (md->kind = model_dup_col(row, 1)) ? 0 : -1;
}

static int take_file(struct model_collected *c, sqlite3_stmt *row)
{
    struct model_file *f = grow(&c->files, &c->nfiles, sizeof *f);

    if (!f || !(f->tool = model_dup_col(row, 0)) || !(f->file = model_dup_col(row, 1)))
        return -1;
    f->has_collected = sqlite3_column_type(row, 2) != SQLITE_NULL;
    f->collected = sqlite3_column_int64(row, 2);
    return 0;
}

/* A keyword list is an array of strings: json_extract(value, '$[0]') of a
 * string is NULL, so its rows are read from json_each's value instead. */
static int read_keywords(struct model *m, sqlite3_stmt *st, int col, struct model_collected *c,
                         struct rf_error *err)
{
    const char *json = (const char *)sqlite3_column_text(st, col);
    sqlite3_stmt *row;
    int rc;

    if (!json || strcmp(json, "[]") == 0)
        return 0;
    if (!(row = model_stmt(m, "SELECT value FROM json_each(:list)", err)))
        return -1;
    model_bind_text(row, ":list", json);
    while ((rc = sqlite3_step(row)) == SQLITE_ROW) {
        char **k = grow(&c->keywords, &c->nkeywords, sizeof *k);
        if (!k || !(*k = model_dup_col(row, 0))) {
            sqlite3_reset(row);
            rf_error_set(err, _("out of memory"));
            return -1;
        }
    }
    sqlite3_reset(row);
    return rc == SQLITE_DONE ? 0 : model_step_error(m, err);
}

/* COLLECTED_COLUMNS from column `col` of st into p->collected. Returns 0,
 * or -1 with err set. */
static int read_collected(struct model *m, sqlite3_stmt *st, int col, struct model_post *p,
                          struct rf_error *err)
{
    struct model_collected *c = &p->collected;

    c->linked = sqlite3_column_int(st, col) != 0;
    c->author_key = model_dup_col(st, col + 1);
    c->author_name = model_dup_col(st, col + 2);
    c->type = model_dup_col(st, col + 3);
    c->time_basis = model_dup_col(st, col + 4);
    c->reply_to = model_dup_col(st, col + 5);
    c->partial = sqlite3_column_int(st, col + 6) != 0;
    c->views = sqlite3_column_int64(st, col + 7);
    c->known = (unsigned)sqlite3_column_int(st, col + 8);
    c->at_least = (unsigned)sqlite3_column_int(st, col + 9);
    c->has_counts_at = sqlite3_column_type(st, col + 10) != SQLITE_NULL;
    c->counts_at = sqlite3_column_int64(st, col + 10);
    c->has_collected_at = sqlite3_column_type(st, col + 11) != SQLITE_NULL;
    c->collected_at = sqlite3_column_int64(st, col + 11);
    for (int k = 0; k < 5; k++) {
        c->seen[k] = sqlite3_column_int64(st, col + 12 + k);
        if (sqlite3_column_type(st, col + 12 + k) != SQLITE_NULL)
            c->timed |= 1u << k;
    }
    if (!c->time_basis) {
        rf_error_set(err, _("out of memory"));
        return -1;
    }
    if (read_keywords(m, st, col + 17, c, err) != 0 ||
        read_list(m, st, col + 18, take_medium, c, err) != 0 ||
        read_list(m, st, col + 19, take_file, c, err) != 0)
        return -1;
    return 0;
}

void model_collected_free(struct model_collected *c)
{
    free(c->author_key);
    free(c->author_name);
    free(c->type);
    free(c->time_basis);
    free(c->reply_to);
    for (size_t i = 0; i < c->nkeywords; i++)
        free(c->keywords[i]);
    free(c->keywords);
    for (size_t i = 0; i < c->nmedia; i++) {
        free(c->media[i].url);
        free(c->media[i].kind);
    }
    free(c->media);
    for (size_t i = 0; i < c->nfiles; i++) {
        free(c->files[i].tool);
        free(c->files[i].file);
    }
    free(c->files);
}

int model_read_codes(struct model *m, const char *kind, const char *platform, const char *ext_id,
                     struct model_code **codes, size_t *n, struct rf_error *err)
{
    struct sqlbuf b = {.n = 0};
    sqlite3_stmt *st;
    int rc;

    if (!m->codes)
        return 0;
    model_sql_add(&b, "SELECT code, memo FROM %s.code_apps WHERE kind = :kind"
                      " AND platform = :platform AND ext_id = :ext ORDER BY code",
                  m->user);
    if (!(st = model_stmt(m, b.s, err)))
        return -1;
    model_bind_text(st, ":kind", kind);
    model_bind_text(st, ":platform", platform);
    model_bind_text(st, ":ext", ext_id);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct model_code *c = realloc(*codes, (*n + 1) * sizeof *c);
        if (!c) {
            sqlite3_reset(st);
            rf_error_set(err, _("out of memory"));
            return -1;
        }
        *codes = c;
        c[*n].code = model_dup_col(st, 0);
        c[*n].memo = model_dup_col(st, 1);
        if (c[*n].code && c[*n].memo)
            ++*n;
        else {
            free(c[*n].code);
            free(c[*n].memo);
        }
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : model_step_error(m, err);
}

int model_any_codes(struct model *m, const char *kind, bool *any, struct rf_error *err)
{
    struct sqlbuf b = {.n = 0};
    sqlite3_stmt *st;
    int64_t found;

    *any = false;
    if (!m->codes)
        return 0;
    model_sql_add(&b, "SELECT EXISTS(SELECT 1 FROM %s.code_apps WHERE kind = :kind)", m->user);
    if (!(st = model_stmt(m, b.s, err)))
        return -1;
    model_bind_text(st, ":kind", kind);
    if (model_scalar(m, st, &found, err) != 0)
        return -1;
    *any = found != 0;
    return 0;
}

void model_codes_free(struct model_code *codes, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(codes[i].code);
        free(codes[i].memo);
    }
    free(codes);
}

/* The codes applied to p (workbench.h), for an export or the reader: one
 * lookup by the applications' item index. Returns 0, or -1 with err set. */
static int read_codes(struct model *m, struct model_post *p, struct rf_error *err)
{
    if (p->ncodes)
        return 0;
    return model_read_codes(m, "post", p->platform, p->ext_id, &p->codes, &p->ncodes, err);
}

/* Appends a copy of json[0..n) to p's tags. Returns 0, or -1 when memory
 * ran out. */
static int add_tag(struct model_post *p, const char *json, size_t n)
{
    char **t = realloc(p->tags, (p->ntags + 1) * sizeof *t);

    if (!t)
        return -1;
    p->tags = t;
    if (!(t[p->ntags] = strndup(json, n)))
        return -1;
    p->ntags++;
    return 0;
}

/* The tags' JSON array as the store writes it (["a","b"], strings with no
 * escape or control byte) split in place of a json_each statement a row:
 * 1 done, 0 another shape (read through json_each, which knows them all),
 * -1 when memory ran out. */
static int split_tags(struct model_post *p, const char *json, size_t len)
{
    const char *s = json, *end = json + len;

    if (!json)
        return 1; /* json_each(NULL) has no rows */
    if (len < 2 || s[0] != '[' || end[-1] != ']' || memchr(json, '\\', len))
        return 0;
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)json[i] < 0x20)
            return 0;
    if (len == 2)
        return 1;
    for (s++;;) {
        const char *close;
        if (*s != '"' || !(close = memchr(s + 1, '"', (size_t)(end - s - 1))))
            goto other;
        if (close + 1 < end - 1 ? close[1] != ',' : close + 1 != end - 1)
            goto other;
        if (add_tag(p, s + 1, (size_t)(close - s - 1)) != 0)
            return -1;
        if (close + 1 == end - 1)
            return 1;
        s = close + 2;
    }
other:
    /* Undo what was split: json_each reads it all again. */
    for (size_t i = 0; i < p->ntags; i++)
        free(p->tags[i]);
    free(p->tags);
    p->tags = NULL;
    p->ntags = 0;
    return 0;
}

/* Reads the extra columns (source, note, the tags' JSON array) of a row of
 * an export or detail query into p, the tags split in C or else through
 * `tags`, a prepared json_each statement, and its codes when `codes` (a
 * walk that knows no post is coded skips a lookup a row). Returns 0, or
 * -1 with err set. */
static int read_extras(struct model *m, sqlite3_stmt *st, sqlite3_stmt *tags, bool codes,
                       struct model_post *p, struct rf_error *err)
{
    int rc;

    p->source = model_dup_col(st, COL_SOURCE);
    p->note = model_dup_col(st, COL_NOTE);
    rc = split_tags(p, (const char *)sqlite3_column_text(st, COL_TAGS),
                    (size_t)sqlite3_column_bytes(st, COL_TAGS));
    if (rc < 0) {
        rf_error_set(err, _("out of memory"));
        return -1;
    }
    if (rc == 0) {
        sqlite3_reset(tags);
        sqlite3_bind_text(tags, 1, (const char *)sqlite3_column_text(st, COL_TAGS), -1,
                          SQLITE_TRANSIENT);
        while ((rc = sqlite3_step(tags)) == SQLITE_ROW) {
            char **t = realloc(p->tags, (p->ntags + 1) * sizeof *t);
            if (!t) {
                sqlite3_reset(tags);
                rf_error_set(err, _("out of memory"));
                return -1;
            }
            p->tags = t;
            if ((t[p->ntags] = model_dup_col(tags, 0)))
                p->ntags++;
        }
        sqlite3_reset(tags);
    }
    if (read_collected(m, st, COL_TAGS + 1, p, err) != 0)
        return -1;
    return codes ? read_codes(m, p, err) : 0;
}

#define TAGS_SQL "SELECT value FROM json_each(:tags)"
#define DETAIL_COLUMNS POST_COLUMNS ", p.source, p.note, p.tags" COLLECTED_COLUMNS

/* model_posts_each(), and with `extras` false model_posts_each_listed(). */
static int posts_walk(struct model *m, const struct model_filter *filter, enum model_sort sort,
                      size_t limit, bool extras, model_post_fn each, void *arg,
                      struct rf_error *err)
{
    const char *key = sort == MODEL_SORT_LIKES ? "p.likes" : "p.ts_utc";
    struct sqlbuf b = {.n = 0};
    struct plan plan;
    sqlite3_stmt *st, *tags;
    size_t n = 0;
    int rc = SQLITE_DONE, status = 0;
    bool coded = false, asked = false;

    if (model_plan_open(m, &plan, filter, err) != 0)
        return -1;
    /* A phrase common in comments: not the set of their posts (a million
     * ids to collect before the first row), but the walk along the order,
     * each row's texts tested in C and then its comments, as a short
     * search is (the plan's phrase fits `folded`: match_in_c). */
    if (plan.comments && plan.search == PLAN_PHRASE && plan.match_in_c) {
        int rare = model_comments_rare(m, &plan, err);
        if (rare < 0) {
            plan_free(&plan);
            return -1;
        }
        if (!rare)
            plan.search = PLAN_SHORT;
    }
    model_sql_add(&b, extras ? "SELECT " DETAIL_COLUMNS POST_FROM : "SELECT " POST_COLUMNS POST_FROM,
                  m->user);
    model_where_filter(&b, &plan, COND_SETS);
    model_sql_add(&b, " ORDER BY %s DESC, p.id DESC", key);
    if (!(st = model_stmt(m, b.s, err)) || !(tags = model_stmt(m, TAGS_SQL, err))) {
        plan_free(&plan);
        return -1;
    }
    model_bind_plan(st, &plan);
    while (status == 0 && (limit == 0 || n < limit) && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct model_post p;
        /* A short search is tested on the row before anything is copied;
         * with comments, a row whose texts miss asks its comments. */
        if (plan.search == PLAN_SHORT && !model_row_matches(st, &plan)) {
            int in_comments = plan.comments ? model_comment_matches(m, &plan, st, NULL, err) : 0;
            if (in_comments < 0) {
                status = -1;
                break;
            }
            if (!in_comments)
                continue;
        }
        /* Whether any post is coded, asked once inside the walk's read
         * (its snapshot): most caches code none, and a lookup a row was
         * 5% of a listing. */
        if (extras && !asked && model_any_codes(m, "post", &coded, err) != 0) {
            status = -1;
            break;
        }
        asked = true;
        bool nomem = model_read_post(st, &p) != 0;
        if (nomem)
            rf_error_set(err, _("out of memory"));
        if (nomem || (extras && read_extras(m, st, tags, coded, &p, err) != 0)) {
            model_post_free(&p);
            status = -1;
            break;
        }
        if (plan.search != PLAN_NO_SEARCH && model_find_spans(m, st, &plan, &p, err) != 0) {
            model_post_free(&p);
            status = -1;
            break;
        }
        status = each(arg, &p);
        model_post_free(&p);
        n++;
    }
    if (status == 0 && (limit == 0 || n < limit) && rc != SQLITE_DONE)
        status = model_step_error(m, err);
    sqlite3_reset(st);
    plan_free(&plan);
    return status;
}

int model_posts_each(struct model *m, const struct model_filter *filter, enum model_sort sort,
                     size_t limit, model_post_fn each, void *arg, struct rf_error *err)
{
    return posts_walk(m, filter, sort, limit, true, each, arg, err);
}

int model_posts_each_listed(struct model *m, const struct model_filter *filter,
                            enum model_sort sort, size_t limit, model_post_fn each, void *arg,
                            struct rf_error *err)
{
    return posts_walk(m, filter, sort, limit, false, each, arg, err);
}

int model_export_posts(struct model *m, const struct model_cursor *after, size_t limit,
                       struct model_post_page *page, struct rf_error *err)
{
    struct sqlbuf b = {.n = 0};
    sqlite3_stmt *st, *tags;
    bool coded = false;
    int rc;

    memset(page, 0, sizeof *page);
    if (!(page->rows = calloc(limit ? limit : 1, sizeof *page->rows))) {
        rf_error_set(err, _("out of memory"));
        return -1;
    }
    model_sql_add(&b, "SELECT " DETAIL_COLUMNS POST_FROM, m->user);
    if (after && after->valid)
        model_sql_add(&b, " WHERE (p.ts_utc, p.id) > (:key, :id)");
    model_sql_add(&b, " ORDER BY p.ts_utc, p.id LIMIT :limit");
    if (!(st = model_stmt(m, b.s, err)) || !(tags = model_stmt(m, TAGS_SQL, err)))
        goto fail;
    if (after && after->valid) {
        model_bind_int(st, ":key", after->key);
        model_bind_int(st, ":id", after->id);
    }
    model_bind_int(st, ":limit", (int64_t)limit + 1);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct model_post *p = &page->rows[page->count];
        if (page->count == limit) {
            page->more = true;
            break;
        }
        /* Whether any post is coded, once a page inside its read. */
        if (page->count == 0 && model_any_codes(m, "post", &coded, err) != 0) {
            sqlite3_reset(st);
            goto fail;
        }
        page->count++;
        if (model_read_post(st, p) != 0)
            goto nomem;
        if (read_extras(m, st, tags, coded, p, err) != 0) {
            sqlite3_reset(st);
            goto fail;
        }
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        model_step_error(m, err);
        goto fail;
    }
    if (page->count) {
        const struct model_post *z = &page->rows[page->count - 1];
        page->last = page->resume =
            (struct model_cursor){.valid = true, .key = z->ts_utc, .id = z->id};
        page->first = (struct model_cursor){.valid = true, .key = page->rows[0].ts_utc,
                                            .id = page->rows[0].id};
    }
    return 0;
nomem:
    rf_error_set(err, _("out of memory"));
    sqlite3_reset(st);
fail:
    model_post_page_free(page);
    return -1;
}

int model_post_page_details(struct model *m, struct model_post_page *page, struct rf_error *err)
{
    /* The page's ids as a JSON array; json_each's key is the row's index. */
    sqlite3_stmt *st, *tags;
    char *ids = NULL;
    size_t len = 0;
    FILE *mem;
    int rc;

    if (page->count == 0)
        return 0;
    if (!(mem = open_memstream(&ids, &len))) {
        rf_error_set(err, _("out of memory"));
        return -1;
    }
    for (size_t i = 0; i < page->count; i++)
        fprintf(mem, "%c%lld", i ? ',' : '[', (long long)page->rows[i].id);
    fputc(']', mem);
    if (fclose(mem) != 0 || !ids) {
        free(ids);
        rf_error_set(err, _("out of memory"));
        return -1;
    }
    if (!(st = model_stmt(m, "SELECT j.key, p.source, p.note, p.tags" COLLECTED_COLUMNS
                             " FROM json_each(:ids) j JOIN posts p ON p.id = j.value",
                          err)) ||
        !(tags = model_stmt(m, "SELECT value FROM json_each(:tags)", err))) {
        free(ids);
        return -1;
    }
    model_bind_text(st, ":ids", ids);
    free(ids);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t i = sqlite3_column_int64(st, 0);
        struct model_post *p;
        if (i < 0 || (size_t)i >= page->count)
            continue;
        p = &page->rows[i];
        if (p->source || p->note || p->ntags || p->collected.time_basis)
            continue; /* filled already */
        p->source = model_dup_col(st, 1);
        p->note = model_dup_col(st, 2);
        sqlite3_bind_text(tags, 1, (const char *)sqlite3_column_text(st, 3), -1,
                          SQLITE_TRANSIENT);
        while (sqlite3_step(tags) == SQLITE_ROW) {
            char **t = realloc(p->tags, (p->ntags + 1) * sizeof *t);
            if (!t)
                break;
            p->tags = t;
            if ((t[p->ntags] = model_dup_col(tags, 0)))
                p->ntags++;
        }
        sqlite3_reset(tags);
        if (read_collected(m, st, 4, p, err) != 0) {
            sqlite3_reset(st);
            return -1;
        }
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return model_step_error(m, err);
    for (size_t i = 0; i < page->count; i++)
        if (read_codes(m, &page->rows[i], err) != 0)
            return -1;
    return 0;
}

int model_post_cursor(struct model *m, int64_t id, enum model_sort sort,
                      struct model_cursor *out, struct rf_error *err)
{
    sqlite3_stmt *st = model_stmt(m, "SELECT ts_utc, likes FROM posts WHERE id = :id", err);
    int rc;

    if (!st)
        return -1;
    model_bind_int(st, ":id", id);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *out = (struct model_cursor){.valid = true,
                                     .key = sqlite3_column_int64(st, sort == MODEL_SORT_LIKES),
                                     .id = id};
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
        return MODEL_NOT_FOUND;
    return rc == SQLITE_ROW ? 0 : model_step_error(m, err);
}

int model_post_detail(struct model *m, int64_t id, struct model_post *out, struct rf_error *err)
{
    sqlite3_stmt *st, *tags;
    struct sqlbuf b = {.n = 0};
    int rc;

    memset(out, 0, sizeof *out);
    model_sql_add(&b, "SELECT " DETAIL_COLUMNS POST_FROM " WHERE p.id = :id", m->user);
    if (!(st = model_stmt(m, b.s, err)))
        return -1;
    model_bind_int(st, ":id", id);
    rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(st);
        return rc == SQLITE_DONE ? MODEL_NOT_FOUND : model_step_error(m, err);
    }
    if (model_read_post(st, out) != 0) {
        sqlite3_reset(st);
        model_post_free(out);
        rf_error_set(err, _("out of memory"));
        return -1;
    }
    if (!(tags = model_stmt(m, TAGS_SQL, err)) || read_extras(m, st, tags, true, out, err) != 0) {
        sqlite3_reset(st);
        model_post_free(out);
        return -1;
    }
    sqlite3_reset(st);
    return 0;
}
