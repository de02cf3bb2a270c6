/* store_events.c — writing events and figures (upserts) with their sources
 * linked in order. */

#include "autoconfig.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "../markup.h"
#include "store.h"
#include "store_internal.h"

/* Finds or adds one source; returns its id or -1. */
static int64_t source_id(struct store *st, const struct source_ref *r)
{
    const char *v[4] = {r->publisher, r->title ? r->title : "",
                        r->published ? r->published : "", r->url ? r->url : ""};

    int rc;

    sqlite3_reset(st->find_source);
    for (int i = 0; i < 4; i++)
        sqlite3_bind_text(st->find_source, i + 1, v[i], -1, SQLITE_STATIC);
    rc = sqlite3_step(st->find_source);
    if (rc == SQLITE_ROW)
        return sqlite3_column_int64(st->find_source, 0);
    if (rc != SQLITE_DONE)
        return -1;
    sqlite3_reset(st->ins_source);
    for (int i = 0; i < 4; i++)
        sqlite3_bind_text(st->ins_source, i + 1, v[i], -1, SQLITE_STATIC);
    if (sqlite3_step(st->ins_source) != SQLITE_DONE)
        return -1;
    return sqlite3_last_insert_rowid(st->sql);
}

static bool source_ids(struct store *st, const struct source_ref *refs, size_t n,
                       int64_t *ids)
{
    for (size_t i = 0; i < n; i++)
        if ((ids[i] = source_id(st, &refs[i])) < 0)
            return false;
    return true;
}

static bool link_sources(sqlite3_stmt *del, sqlite3_stmt *ins, int64_t rid, const int64_t *ids,
                         size_t n)
{
    sqlite3_reset(del);
    sqlite3_bind_int64(del, 1, rid);
    if (sqlite3_step(del) != SQLITE_DONE)
        return false;
    for (size_t i = 0; i < n; i++) {
        sqlite3_reset(ins);
        sqlite3_bind_int64(ins, 1, rid);
        sqlite3_bind_int64(ins, 2, (int64_t)i);
        sqlite3_bind_int64(ins, 3, ids[i]);
        if (sqlite3_step(ins) != SQLITE_DONE)
            return false;
    }
    return true;
}

/* After an event or figure upsert (stepped once, giving rc): links its
 * sources; unchanged when neither the row (the upsert wrote nothing) nor
 * its sources differ. */
static enum store_result finish_linked(sqlite3_stmt *upsert, int rc, sqlite3_stmt *find,
                                       sqlite3_stmt *del, sqlite3_stmt *ins, const char *id,
                                       const int64_t *ids, size_t n)
{
    int64_t rid;

    if (rc == SQLITE_ROW) {
        rid = sqlite3_column_int64(upsert, 0);
        sqlite3_reset(upsert);
    } else if (rc == SQLITE_DONE) {
        char want[MAX_SOURCES * 24] = "";
        const char *have;
        sqlite3_reset(upsert);
        for (size_t i = 0; i < n; i++)
            snprintf(want + strlen(want), sizeof want - strlen(want), "%s%lld", i ? "," : "",
                     (long long)ids[i]);
        sqlite3_reset(find);
        sqlite3_bind_text(find, 1, id, -1, SQLITE_STATIC);
        if (sqlite3_step(find) != SQLITE_ROW)
            return STORE_FAILED;
        rid = sqlite3_column_int64(find, 0);
        have = (const char *)sqlite3_column_text(find, 1);
        if (have && strcmp(have, want) == 0) {
            sqlite3_reset(find);
            return STORE_UNCHANGED;
        }
        sqlite3_reset(find);
    } else {
        return STORE_FAILED;
    }
    return link_sources(del, ins, rid, ids, n) ? STORE_WRITTEN : STORE_FAILED;
}

enum store_result store_event(struct store *st, const struct event *e)
{
    enum store_result seen = store_first_sighting(st, "#event", e->id, e->id_len);
    sqlite3_stmt *s = st->upsert_event;
    int64_t ids[MAX_SOURCES];

    if (seen != STORE_NEW)
        return seen;
    if (!source_ids(st, e->sources, e->nsources, ids))
        return STORE_FAILED;
    sqlite3_reset(s);
    sqlite3_bind_text(s, 1, e->id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, e->ts);
    sqlite3_bind_text(s, 3, e->date, -1, SQLITE_STATIC);
    store_bind_opt(s, 4, e->time);
    store_bind_offset(s, 5, e->has_offset, e->offset);
    store_bind_opt(s, 6, e->tz);
    sqlite3_bind_text(s, 7, e->kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 8, e->title_en, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 9, e->title_zh, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 10, e->summary_en, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 11, e->summary_zh, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 12, e->confidence, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 13, e->importance);
    store_bind_opt(s, 14, e->notes);
    sqlite3_bind_int(s, 15, st->bundled);
    return finish_linked(s, sqlite3_step(s), st->find_event, st->del_event_sources,
                         st->ins_event_source, e->id, ids, e->nsources);
}

enum store_result store_figure(struct store *st, const struct figure *g)
{
    enum store_result seen = store_first_sighting(st, "#figure", g->id, g->id_len);
    sqlite3_stmt *s = st->upsert_figure;
    int64_t ids[MAX_SOURCES];

    if (seen != STORE_NEW)
        return seen;
    if (!source_ids(st, g->sources, g->nsources, ids))
        return STORE_FAILED;
    sqlite3_reset(s);
    sqlite3_bind_text(s, 1, g->id, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, g->series, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, g->label_en, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 4, g->label_zh, -1, SQLITE_STATIC);
    sqlite3_bind_double(s, 5, g->value);
    store_bind_opt(s, 6, g->qualifier);
    sqlite3_bind_text(s, 7, g->unit, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 8, g->as_of, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 9, g->ts);
    store_bind_offset(s, 10, g->has_offset, g->offset);
    store_bind_opt(s, 11, g->tz);
    sqlite3_bind_text(s, 12, g->confidence, -1, SQLITE_STATIC);
    store_bind_opt(s, 13, g->event_id);
    store_bind_opt(s, 14, g->notes);
    sqlite3_bind_int(s, 15, st->bundled);
    return finish_linked(s, sqlite3_step(s), st->find_figure, st->del_figure_sources,
                         st->ins_figure_source, g->id, ids, g->nsources);
}
