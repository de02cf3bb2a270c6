/* model_events.c — timeline events and their sources, and reported figures. */

#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "model.h"
#include "model_internal.h"
#include "model_sql.h"
#include "vocab.h"

/* ---- events ---------------------------------------------------------------------------- */

#define EVENT_COLUMNS                                                                    \
    "rid, id, ts_utc, date, time, utc_offset, tz, kind, title_en, title_zh, confidence," \
    " importance"

static int read_event(sqlite3_stmt *st, struct model_event *e)
{
    char *kind;

    memset(e, 0, sizeof *e);
    e->row = sqlite3_column_int64(st, 0);
    e->id = model_dup_col(st, 1);
    e->ts_utc = sqlite3_column_int64(st, 2);
    e->date = model_dup_col(st, 3);
    e->time = model_dup_col(st, 4);
    model_read_offset(st, 5, &e->has_offset, &e->utc_offset);
    e->tz = model_dup_col(st, 6);
    kind = model_dup_col(st, 7);
    e->kind = kind ? model_kind_from_name(kind) : 0;
    free(kind);
    e->title_en = model_dup_col(st, 8);
    e->title_zh = model_dup_col(st, 9);
    e->confidence = model_dup_col(st, 10);
    /* Callers index by it: a damaged cache's value is brought into 1..3. */
    {
        int64_t imp = sqlite3_column_int64(st, 11);
        e->importance = imp < 1 ? 1 : imp > 3 ? 3 : (int)imp;
    }
    return e->id && e->date && e->title_en && e->title_zh && e->confidence ? 0 : -1;
}

static void free_sources(struct model_source *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(s[i].publisher);
        free(s[i].title);
        free(s[i].published);
        free(s[i].url);
    }
    free(s);
}

void model_event_free(struct model_event *e)
{
    if (!e)
        return;
    free(e->id);
    free(e->date);
    free(e->time);
    free(e->tz);
    free(e->title_en);
    free(e->title_zh);
    free(e->confidence);
    free(e->summary_en);
    free(e->summary_zh);
    free(e->notes);
    free_sources(e->sources, e->nsources);
    memset(e, 0, sizeof *e);
}

void model_event_page_free(struct model_event_page *page)
{
    if (!page)
        return;
    for (size_t i = 0; i < page->count; i++)
        model_event_free(&page->rows[i]);
    free(page->rows);
    memset(page, 0, sizeof *page);
}

/* ",ban,court-ruling," for a mask, so one bound string selects kinds. */
static void kind_list(unsigned kinds, char *buf, size_t size)
{
    size_t n = (size_t)snprintf(buf, size, ",");
    for (unsigned i = 0; i < VOCAB_KIND_COUNT; i++)
        if (kinds & (1u << i))
            n += (size_t)snprintf(buf + n, size - n, "%s,", vocab_event_kinds[i]);
}

static bool all_kinds(unsigned kinds)
{
    return kinds == 0 || (kinds & MODEL_KIND_ALL) == MODEL_KIND_ALL;
}

/* Reads rows into a page, up to `limit`, noting whether there were more. */
static int fill_events(struct model *m, sqlite3_stmt *st, size_t limit,
                       struct model_event_page *page, struct rf_error *err)
{
    int rc;

    if (!(page->rows = calloc(limit ? limit : 1, sizeof *page->rows))) {
        sqlite3_reset(st);
        rf_error_set(err, _("out of memory"));
        return -1;
    }
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (page->count == limit) {
            page->more = true;
            break;
        }
        if (read_event(st, &page->rows[page->count]) != 0) {
            model_event_free(&page->rows[page->count]);
            sqlite3_reset(st);
            model_event_page_free(page);
            rf_error_set(err, _("out of memory"));
            return -1;
        }
        page->count++;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        model_event_page_free(page);
        return model_step_error(m, err);
    }
    return 0;
}

static void event_page_cursors(struct model_event_page *page)
{
    if (page->count) {
        const struct model_event *a = &page->rows[0], *z = &page->rows[page->count - 1];
        page->first = (struct model_cursor){.valid = true, .key = a->ts_utc, .id = a->row};
        page->last = (struct model_cursor){.valid = true, .key = z->ts_utc, .id = z->row};
    }
}

/* The conditions of an event filter, after a WHERE, and their binding. */
static void event_where(struct sqlbuf *b, const struct model_event_filter *filter)
{
    if (filter && !all_kinds(filter->kinds))
        model_sql_add(b, " AND instr(:kinds, ',' || kind || ',') > 0");
    if (filter && filter->has_from)
        model_sql_add(b, " AND ts_utc >= :from");
    if (filter && filter->has_to)
        model_sql_add(b, " AND ts_utc < :to");
    if (filter && filter->search && filter->search[0])
        model_sql_add(b, " AND (instr(lower(title_en), lower(:q)) > 0 OR refuge_contains(title_zh, :q)"
                         " OR instr(lower(summary_en), lower(:q)) > 0 OR refuge_contains(summary_zh, :q))");
}

static void bind_event_filter(sqlite3_stmt *st, const struct model_event_filter *filter)
{
    char kinds[256];

    if (!filter)
        return;
    kind_list(filter->kinds, kinds, sizeof kinds);
    model_bind_text(st, ":kinds", kinds);
    model_bind_int(st, ":from", filter->from);
    model_bind_int(st, ":to", filter->to);
    if (filter->search)
        model_bind_text(st, ":q", filter->search);
}

int model_event_rank(struct model *m, const struct model_event_filter *filter,
                     const struct model_cursor *at, int64_t *before, int64_t *total,
                     struct rf_error *err)
{
    struct sqlbuf b = {.n = 0};
    sqlite3_stmt *st;
    int rc;

    model_sql_add(&b, "SELECT count(*), coalesce(sum((ts_utc, rid) < (:key, :id)), 0)"
                      " FROM events WHERE 1");
    event_where(&b, filter);
    if (!(st = model_stmt(m, b.s, err)))
        return -1;
    bind_event_filter(st, filter);
    model_bind_int(st, ":key", at->key);
    model_bind_int(st, ":id", at->id);
    if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        *total = sqlite3_column_int64(st, 0);
        *before = sqlite3_column_int64(st, 1);
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 0 : model_step_error(m, err);
}

int model_events(struct model *m, const struct model_event_filter *filter,
                 const struct model_cursor *from, enum model_dir dir, size_t limit,
                 struct model_event_page *page, struct rf_error *err)
{
    const char *order = dir == MODEL_FORWARD ? "ASC" : "DESC";
    struct sqlbuf b = {.n = 0};
    sqlite3_stmt *st;

    memset(page, 0, sizeof *page);
    model_sql_add(&b, "SELECT " EVENT_COLUMNS " FROM events WHERE 1");
    event_where(&b, filter);
    if (from && from->valid)
        model_sql_add(&b, " AND (ts_utc, rid) %s (:key, :id)", dir == MODEL_FORWARD ? ">" : "<");
    model_sql_add(&b, " ORDER BY ts_utc %s, rid %s LIMIT :limit", order, order);
    if (!(st = model_stmt(m, b.s, err)))
        return -1;
    bind_event_filter(st, filter);
    if (from && from->valid) {
        model_bind_int(st, ":key", from->key);
        model_bind_int(st, ":id", from->id);
    }
    model_bind_int(st, ":limit", (int64_t)limit + 1);
    if (fill_events(m, st, limit, page, err) != 0)
        return -1;
    if (dir == MODEL_BACKWARD)
        for (size_t i = 0; i < page->count / 2; i++) {
            struct model_event t = page->rows[i];
            page->rows[i] = page->rows[page->count - 1 - i];
            page->rows[page->count - 1 - i] = t;
        }
    event_page_cursors(page);
    return 0;
}

/* The sources linked to an event or figure, in their order. */
static int read_sources(struct model *m, const char *sql, int64_t rid,
                        struct model_source **out, size_t *n, struct rf_error *err)
{
    sqlite3_stmt *st = model_stmt(m, sql, err);
    int rc;

    *out = NULL;
    *n = 0;
    if (!st)
        return -1;
    model_bind_int(st, ":rid", rid);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct model_source *s = realloc(*out, (*n + 1) * sizeof *s);
        const char *v;
        if (!s) {
            sqlite3_reset(st);
            rf_error_set(err, _("out of memory"));
            return -1;
        }
        *out = s;
        s = &s[(*n)++];
        s->publisher = model_dup_col(st, 0);
        /* '' in the table means unknown. */
        s->title = (v = (const char *)sqlite3_column_text(st, 1)) && *v ? strdup(v) : NULL;
        s->published = (v = (const char *)sqlite3_column_text(st, 2)) && *v ? strdup(v) : NULL;
        s->url = (v = (const char *)sqlite3_column_text(st, 3)) && *v ? strdup(v) : NULL;
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : model_step_error(m, err);
}

int model_event_detail(struct model *m, const char *id, struct model_event *out,
                       struct rf_error *err)
{
    sqlite3_stmt *st = model_stmt(m,
                                  "SELECT " EVENT_COLUMNS ", summary_en, summary_zh, notes"
                                  " FROM events WHERE id = :id",
                                  err);
    int rc;

    memset(out, 0, sizeof *out);
    if (!st)
        return -1;
    model_bind_text(st, ":id", id);
    rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(st);
        return rc == SQLITE_DONE ? MODEL_NOT_FOUND : model_step_error(m, err);
    }
    if (read_event(st, out) != 0) {
        sqlite3_reset(st);
        model_event_free(out);
        rf_error_set(err, _("out of memory"));
        return -1;
    }
    out->summary_en = model_dup_col(st, 12);
    out->summary_zh = model_dup_col(st, 13);
    out->notes = model_dup_col(st, 14);
    sqlite3_reset(st);
    if (read_sources(m,
                     "SELECT s.publisher, s.title, s.published, s.url FROM event_sources e"
                     " JOIN sources s ON s.id = e.source_id WHERE e.event_rid = :rid"
                     " ORDER BY e.pos",
                     out->row, &out->sources, &out->nsources, err) != 0) {
        model_event_free(out);
        return -1;
    }
    return 0;
}

int model_event_at(struct model *m, int64_t ts, unsigned kinds, struct model_event *out,
                   struct rf_error *err)
{
    struct model_event_page page;
    struct sqlbuf b = {.n = 0};
    char list[256];
    sqlite3_stmt *st;

    memset(out, 0, sizeof *out);
    model_sql_add(&b, "SELECT " EVENT_COLUMNS " FROM events WHERE ts_utc <= :ts");
    if (!all_kinds(kinds))
        model_sql_add(&b, " AND instr(:kinds, ',' || kind || ',') > 0");
    model_sql_add(&b, " ORDER BY ts_utc DESC, rid DESC LIMIT 1");
    if (!(st = model_stmt(m, b.s, err)))
        return -1;
    kind_list(kinds, list, sizeof list);
    model_bind_text(st, ":kinds", list);
    model_bind_int(st, ":ts", ts);
    memset(&page, 0, sizeof page);
    if (fill_events(m, st, 1, &page, err) != 0)
        return -1;
    if (page.count == 0) {
        model_event_page_free(&page);
        return MODEL_NOT_FOUND;
    }
    *out = page.rows[0];
    free(page.rows);
    return 0;
}

int model_events_on(struct model *m, const char *prefix, size_t limit,
                    struct model_event_page *page, struct rf_error *err)
{
    sqlite3_stmt *st = model_stmt(m,
                                  "SELECT " EVENT_COLUMNS " FROM events"
                                  " WHERE substr(date, 1, length(:prefix)) = :prefix"
                                  " ORDER BY ts_utc, rid LIMIT :limit",
                                  err);

    memset(page, 0, sizeof *page);
    if (!st)
        return -1;
    model_bind_text(st, ":prefix", prefix);
    model_bind_int(st, ":limit", (int64_t)limit + 1);
    if (fill_events(m, st, limit, page, err) != 0)
        return -1;
    event_page_cursors(page);
    return 0;
}

/* ---- figures ------------------------------------------------------------------------------ */

void model_figure_list_free(struct model_figure_list *list)
{
    if (!list)
        return;
    for (size_t i = 0; i < list->count; i++) {
        struct model_figure *f = &list->rows[i];
        free(f->id);
        free(f->series);
        free(f->label_en);
        free(f->label_zh);
        free(f->qualifier);
        free(f->unit);
        free(f->as_of);
        free(f->tz);
        free(f->confidence);
        free(f->event_id);
        free(f->notes);
        free_sources(f->sources, f->nsources);
    }
    free(list->rows);
    memset(list, 0, sizeof *list);
}

int model_figures(struct model *m, const char *series, struct model_figure_list *out,
                  struct rf_error *err)
{
    sqlite3_stmt *st = model_stmt(m,
                                  "SELECT rid, id, series, label_en, label_zh, value, qualifier, unit,"
                                  " as_of, ts_utc, utc_offset, tz, confidence, event_id, notes"
                                  " FROM figures WHERE :series IS NULL OR series = :series"
                                  " ORDER BY as_of, id",
                                  err);
    int64_t *rids = NULL;
    size_t cap = 0;
    int rc;

    memset(out, 0, sizeof *out);
    if (!st)
        return -1;
    if (series)
        model_bind_text(st, ":series", series);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct model_figure *f;
        if (out->count == cap) {
            struct model_figure *p = realloc(out->rows, (cap = cap ? cap * 2 : 64) * sizeof *p);
            int64_t *r = realloc(rids, cap * sizeof *r);
            if (p)
                out->rows = p;
            if (r)
                rids = r;
            if (!p || !r) {
                rc = SQLITE_NOMEM;
                break;
            }
        }
        rids[out->count] = sqlite3_column_int64(st, 0);
        f = &out->rows[out->count++];
        memset(f, 0, sizeof *f);
        f->id = model_dup_col(st, 1);
        f->series = model_dup_col(st, 2);
        f->label_en = model_dup_col(st, 3);
        f->label_zh = model_dup_col(st, 4);
        f->value = sqlite3_column_double(st, 5);
        f->qualifier = model_dup_col(st, 6);
        f->unit = model_dup_col(st, 7);
        f->as_of = model_dup_col(st, 8);
        f->ts_utc = sqlite3_column_int64(st, 9);
        model_read_offset(st, 10, &f->has_offset, &f->utc_offset);
        f->tz = model_dup_col(st, 11);
        f->confidence = model_dup_col(st, 12);
        f->event_id = model_dup_col(st, 13);
        f->notes = model_dup_col(st, 14);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        free(rids);
        model_figure_list_free(out);
        return rc == SQLITE_NOMEM ? (rf_error_set(err, _("out of memory")), -1)
                                  : model_step_error(m, err);
    }
    for (size_t i = 0; i < out->count; i++)
        if (read_sources(m,
                         "SELECT s.publisher, s.title, s.published, s.url FROM figure_sources f"
                         " JOIN sources s ON s.id = f.source_id WHERE f.figure_rid = :rid"
                         " ORDER BY f.pos",
                         rids[i], &out->rows[i].sources, &out->rows[i].nsources, err) != 0) {
            free(rids);
            model_figure_list_free(out);
            return -1;
        }
    free(rids);
    return 0;
}
