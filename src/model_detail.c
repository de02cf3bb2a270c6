/* model_detail.c — one post in full, page details, and the walks that
 * export posts with every field. */

#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "model_internal.h"
#include "plan.h"

/* Reads the extra columns (source, note, the tags' JSON array) of a row of
 * an export or detail query into p, the tags through `tags`, a prepared
 * json_each statement. Returns 0, or -1 when memory ran out. */
static int read_extras(sqlite3_stmt *st, sqlite3_stmt *tags, struct model_post *p)
{
    int rc;

    p->source = model_dup_col(st, COL_SOURCE);
    p->note = model_dup_col(st, COL_NOTE);
    sqlite3_reset(tags);
    sqlite3_bind_text(tags, 1, (const char *)sqlite3_column_text(st, COL_TAGS), -1,
                      SQLITE_TRANSIENT);
    while ((rc = sqlite3_step(tags)) == SQLITE_ROW) {
        char **t = realloc(p->tags, (p->ntags + 1) * sizeof *t);
        if (!t) {
            sqlite3_reset(tags);
            return -1;
        }
        p->tags = t;
        if ((t[p->ntags] = model_dup_col(tags, 0)))
            p->ntags++;
    }
    sqlite3_reset(tags);
    return 0;
}

#define TAGS_SQL "SELECT value FROM json_each(:tags)"

int model_posts_each(struct model *m, const struct model_filter *filter, enum model_sort sort,
                     size_t limit, model_post_fn each, void *arg, struct rf_error *err)
{
    const char *key = sort == MODEL_SORT_LIKES ? "p.likes" : "p.ts_utc";
    struct sqlbuf b = {.n = 0};
    struct plan plan;
    sqlite3_stmt *st, *tags;
    size_t n = 0;
    int rc = SQLITE_DONE, status = 0;

    if (plan_init(&plan, filter, err) != 0)
        return -1;
    model_sql_add(&b, "SELECT " POST_COLUMNS ", p.source, p.note, p.tags" POST_FROM);
    model_where_filter(&b, &plan, COND_SETS);
    model_sql_add(&b, " ORDER BY %s DESC, p.id DESC", key);
    if (!(st = model_stmt(m, b.s, err)) || !(tags = model_stmt(m, TAGS_SQL, err))) {
        plan_free(&plan);
        return -1;
    }
    model_bind_plan(st, &plan);
    while (status == 0 && (limit == 0 || n < limit) && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct model_post p;
        /* A short search is tested on the row before anything is copied. */
        if (plan.search == PLAN_SHORT && !model_row_matches(st, &plan))
            continue;
        if (model_read_post(st, &p) != 0 || read_extras(st, tags, &p) != 0) {
            model_post_free(&p);
            rf_error_set(err, "out of memory");
            status = -1;
            break;
        }
        if (plan.search != PLAN_NO_SEARCH) {
            p.ntext_spans = plan_spans(&plan, p.text, &p.text_spans);
            p.ntranslation_spans = plan_spans(&plan, p.translation, &p.translation_spans);
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

int model_export_posts(struct model *m, const struct model_cursor *after, size_t limit,
                       struct model_post_page *page, struct rf_error *err)
{
    struct sqlbuf b = {.n = 0};
    sqlite3_stmt *st, *tags;
    int rc;

    memset(page, 0, sizeof *page);
    if (!(page->rows = calloc(limit ? limit : 1, sizeof *page->rows))) {
        rf_error_set(err, "out of memory");
        return -1;
    }
    model_sql_add(&b, "SELECT " POST_COLUMNS ", p.source, p.note, p.tags" POST_FROM);
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
        page->count++;
        if (model_read_post(st, p) != 0 || read_extras(st, tags, p) != 0)
            goto nomem;
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
    rf_error_set(err, "out of memory");
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
        rf_error_set(err, "out of memory");
        return -1;
    }
    for (size_t i = 0; i < page->count; i++)
        fprintf(mem, "%c%lld", i ? ',' : '[', (long long)page->rows[i].id);
    fputc(']', mem);
    if (fclose(mem) != 0 || !ids) {
        free(ids);
        rf_error_set(err, "out of memory");
        return -1;
    }
    if (!(st = model_stmt(m,
                          "SELECT j.key, p.source, p.note, p.tags FROM json_each(:ids) j"
                          " JOIN posts p ON p.id = j.value",
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
        if (p->source || p->note || p->ntags)
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
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : model_step_error(m, err);
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
    int rc;

    memset(out, 0, sizeof *out);
    if (!(st = model_stmt(
              m, "SELECT " POST_COLUMNS ", p.source, p.note, p.tags" POST_FROM " WHERE p.id = :id",
              err)))
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
        rf_error_set(err, "out of memory");
        return -1;
    }
    if (!(tags = model_stmt(m, TAGS_SQL, err)) || read_extras(st, tags, out) != 0) {
        sqlite3_reset(st);
        model_post_free(out);
        if (tags)
            rf_error_set(err, "out of memory");
        return -1;
    }
    sqlite3_reset(st);
    return 0;
}
