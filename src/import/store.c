#include "autoconfig.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"

struct store {
    sqlite3 *sql;
    bool bundled;
    sqlite3_stmt *seen, *insert_post, *update_post, *find_post, *del_tags, *ins_tag,
        *upsert_event, *find_event, *del_event_sources, *ins_event_source, *upsert_figure,
        *find_figure, *del_figure_sources, *ins_figure_source, *ins_source, *find_source;
};

static const struct {
    size_t offset;
    const char *sql;
} statements[] = {
    {offsetof(struct store, seen), "INSERT INTO temp.import_seen VALUES(?1, ?2)"},
    /* A new post is a plain INSERT, a known one an UPDATE that writes only
     * when something differs: no upsert, no triggers on either path, so
     * SQLite needs no statement journal (a copy of every page a statement
     * touches) for each post. */
    {offsetof(struct store, insert_post),
     "INSERT INTO posts(platform, ext_id, author, region, lang, ts_utc, utc_offset, text,"
     " translation, translation_kind, likes, comments, collects, shares, tags, url,"
     " provenance, source, note, bundled)"
     " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,"
     " ?18, ?19, ?20)"},
    /* A user import never takes a bundled post away from the bundle. */
    {offsetof(struct store, update_post),
     "UPDATE posts SET author = ?3, region = ?4, lang = ?5, ts_utc = ?6, utc_offset = ?7,"
     " text = ?8, translation = ?9, translation_kind = ?10, likes = ?11, comments = ?12,"
     " collects = ?13, shares = ?14, tags = ?15, url = ?16, provenance = ?17, source = ?18,"
     " note = ?19, bundled = max(bundled, ?20)"
     " WHERE id = ?21 AND NOT (author IS ?3 AND region IS ?4 AND lang = ?5"
     " AND ts_utc = ?6 AND utc_offset IS ?7 AND text = ?8 AND translation IS ?9"
     " AND translation_kind = ?10 AND likes = ?11 AND comments = ?12 AND collects = ?13"
     " AND shares = ?14 AND tags = ?15 AND url IS ?16 AND provenance = ?17"
     " AND source IS ?18 AND note IS ?19 AND bundled >= ?20)"},
    {offsetof(struct store, find_post),
     "SELECT id FROM posts WHERE platform = ?1 AND ext_id = ?2"},
    {offsetof(struct store, del_tags), "DELETE FROM post_tags WHERE post_id = ?1"},
    {offsetof(struct store, ins_tag), "INSERT OR IGNORE INTO post_tags VALUES(?1, ?2)"},
    {offsetof(struct store, upsert_event),
     "INSERT INTO events(id, ts_utc, date, time, utc_offset, tz, kind, title_en, title_zh,"
     " summary_en, summary_zh, confidence, importance, notes, bundled)"
     " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)"
     " ON CONFLICT(id) DO UPDATE SET ts_utc = excluded.ts_utc, date = excluded.date,"
     " time = excluded.time, utc_offset = excluded.utc_offset, tz = excluded.tz,"
     " kind = excluded.kind, title_en = excluded.title_en, title_zh = excluded.title_zh,"
     " summary_en = excluded.summary_en, summary_zh = excluded.summary_zh,"
     " confidence = excluded.confidence, importance = excluded.importance,"
     " notes = excluded.notes, bundled = max(bundled, excluded.bundled)"
     " WHERE NOT (ts_utc = excluded.ts_utc AND date = excluded.date"
     " AND time IS excluded.time AND utc_offset IS excluded.utc_offset"
     " AND tz IS excluded.tz AND kind = excluded.kind AND title_en = excluded.title_en"
     " AND title_zh = excluded.title_zh AND summary_en = excluded.summary_en"
     " AND summary_zh = excluded.summary_zh AND confidence = excluded.confidence"
     " AND importance = excluded.importance AND notes IS excluded.notes"
     " AND bundled >= excluded.bundled)"
     " RETURNING rid"},
    {offsetof(struct store, find_event),
     "SELECT rid, (SELECT group_concat(source_id) FROM (SELECT source_id FROM event_sources"
     " WHERE event_rid = events.rid ORDER BY pos)) FROM events WHERE id = ?1"},
    {offsetof(struct store, del_event_sources),
     "DELETE FROM event_sources WHERE event_rid = ?1"},
    {offsetof(struct store, ins_event_source), "INSERT INTO event_sources VALUES(?1, ?2, ?3)"},
    {offsetof(struct store, upsert_figure),
     "INSERT INTO figures(id, series, label_en, label_zh, value, qualifier, unit, as_of,"
     " ts_utc, utc_offset, tz, confidence, event_id, notes, bundled)"
     " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)"
     " ON CONFLICT(id) DO UPDATE SET series = excluded.series,"
     " label_en = excluded.label_en, label_zh = excluded.label_zh, value = excluded.value,"
     " qualifier = excluded.qualifier, unit = excluded.unit, as_of = excluded.as_of,"
     " ts_utc = excluded.ts_utc, utc_offset = excluded.utc_offset, tz = excluded.tz,"
     " confidence = excluded.confidence, event_id = excluded.event_id,"
     " notes = excluded.notes, bundled = max(bundled, excluded.bundled)"
     " WHERE NOT (series = excluded.series AND label_en = excluded.label_en"
     " AND label_zh = excluded.label_zh AND value = excluded.value"
     " AND qualifier IS excluded.qualifier AND unit = excluded.unit"
     " AND as_of = excluded.as_of AND ts_utc = excluded.ts_utc"
     " AND utc_offset IS excluded.utc_offset AND tz IS excluded.tz"
     " AND confidence = excluded.confidence AND event_id IS excluded.event_id"
     " AND notes IS excluded.notes AND bundled >= excluded.bundled)"
     " RETURNING rid"},
    {offsetof(struct store, find_figure),
     "SELECT rid, (SELECT group_concat(source_id) FROM (SELECT source_id FROM figure_sources"
     " WHERE figure_rid = figures.rid ORDER BY pos)) FROM figures WHERE id = ?1"},
    {offsetof(struct store, del_figure_sources),
     "DELETE FROM figure_sources WHERE figure_rid = ?1"},
    {offsetof(struct store, ins_figure_source),
     "INSERT INTO figure_sources VALUES(?1, ?2, ?3)"},
    {offsetof(struct store, ins_source),
     "INSERT INTO sources(publisher, title, published, url) VALUES(?1, ?2, ?3, ?4)"},
    {offsetof(struct store, find_source),
     "SELECT id FROM sources WHERE publisher = ?1 AND title = ?2 AND published = ?3"
     " AND url = ?4"},
};

#define NSTATEMENTS (sizeof statements / sizeof statements[0])

/* Brings the search index, the per-day table and the tag counts up to date
 * with what this import wrote, a few set-based statements instead of work
 * per post: FTS5 then builds large segments, and the days and tags touched
 * are counted again from the posts. */
int store_finish(struct store *st, struct rf_error *err)
{
    static const char sql[] =
        /* Old texts out of the index, new ones in, as the index's view
         * of posts (posts_fts_src) shows them. */
        "INSERT INTO posts_fts(posts_fts, rowid, text, translation)"
        " SELECT 'delete', id, text || char(65535, 65535), translation || char(65535, 65535)"
        " FROM temp.import_old;"
        "INSERT INTO posts_fts(rowid, text, translation)"
        " SELECT s.id, s.text, s.translation FROM temp.import_old o"
        " JOIN posts_fts_src s ON s.id = o.id"
        " UNION ALL SELECT id, text, translation FROM posts_fts_src"
        " WHERE id > (SELECT max_id FROM temp.import_base);"
        /* The days a post left or joined. */
        "INSERT OR IGNORE INTO temp.import_days SELECT day FROM temp.import_old;"
        "INSERT OR IGNORE INTO temp.import_days SELECT p.ts_utc / 86400"
        " FROM temp.import_old o JOIN posts p ON p.id = o.id;"
        "INSERT OR IGNORE INTO temp.import_days SELECT ts_utc / 86400 FROM posts"
        " WHERE id > (SELECT max_id FROM temp.import_base);"
        "DELETE FROM daily WHERE day IN (SELECT day FROM temp.import_days);"
        /* total(): likes of many posts may pass 64 bits; the cast saturates. */
        "INSERT INTO daily SELECT d.day, p.platform, p.lang, count(*),"
        " CAST(total(p.likes) AS INTEGER)"
        " FROM temp.import_days d JOIN posts p"
        " ON p.ts_utc >= d.day * 86400 AND p.ts_utc < d.day * 86400 + 86400"
        " GROUP BY 1, 2, 3;"
        /* The tags a post lost or gained. */
        "INSERT OR IGNORE INTO temp.import_tags SELECT j.value"
        " FROM temp.import_old o, json_each(o.tags) j;"
        "INSERT OR IGNORE INTO temp.import_tags SELECT t.tag"
        " FROM temp.import_old o JOIN post_tags t ON t.post_id = o.id;"
        "INSERT OR IGNORE INTO temp.import_tags SELECT tag FROM post_tags"
        " WHERE post_id > (SELECT max_id FROM temp.import_base);"
        "DELETE FROM tag_counts WHERE tag IN (SELECT tag FROM temp.import_tags);"
        "INSERT INTO tag_counts SELECT tag, n FROM (SELECT i.tag,"
        " (SELECT count(*) FROM post_tags t WHERE t.tag = i.tag) AS n"
        " FROM temp.import_tags i) WHERE n > 0;"
        "DELETE FROM temp.import_old; DELETE FROM temp.import_days;"
        "DELETE FROM temp.import_tags;";

    if (sqlite3_exec(st->sql, sql, NULL, NULL, NULL) != SQLITE_OK) {
        rf_error_set(err, "cache: counting the import: %s", sqlite3_errmsg(st->sql));
        return -1;
    }
    return 0;
}

void store_close(struct store *st)
{
    if (!st)
        return;
    for (size_t i = 0; i < NSTATEMENTS; i++)
        sqlite3_finalize(*(sqlite3_stmt **)((char *)st + statements[i].offset));
    /* Another import on this connection makes them again; the rows were
     * applied or rolled back with the transaction. */
    sqlite3_exec(st->sql,
                 "DROP TRIGGER IF EXISTS temp.import_old_bu;"
                 "DELETE FROM temp.import_old; DELETE FROM temp.import_days;"
                 "DELETE FROM temp.import_tags;",
                 NULL, NULL, NULL);
    free(st);
}

struct store *store_open(sqlite3 *sql, bool bundled, struct rf_error *err)
{
    struct store *st = calloc(1, sizeof *st);

    if (!st) {
        rf_error_set(err, "out of memory");
        return NULL;
    }
    st->sql = sql;
    st->bundled = bundled;
    /* Temporary, on this connection only: ids seen in this file; the
     * largest post id before the import (rowids grow, so every post above
     * it is new); and the old values of the posts this import changed,
     * saved by a TEMP trigger before the first change, so store_finish()
     * can bring the search index, per-day and tag counts up to date. */
    if (sqlite3_exec(sql,
                     "CREATE TEMP TABLE IF NOT EXISTS import_seen(k1 TEXT, k2 TEXT,"
                     " PRIMARY KEY(k1, k2)) WITHOUT ROWID;"
                     "CREATE TEMP TABLE IF NOT EXISTS import_base(max_id INTEGER);"
                     "DELETE FROM import_base;"
                     "INSERT INTO import_base SELECT coalesce(max(id), 0) FROM main.posts;"
                     "CREATE TEMP TABLE IF NOT EXISTS import_old(id INTEGER PRIMARY KEY,"
                     " day INTEGER, text TEXT, translation TEXT, tags TEXT);"
                     "CREATE TEMP TABLE IF NOT EXISTS import_days(day INTEGER PRIMARY KEY);"
                     "CREATE TEMP TABLE IF NOT EXISTS import_tags(tag TEXT PRIMARY KEY)"
                     " WITHOUT ROWID;"
                     "CREATE TEMP TRIGGER IF NOT EXISTS import_old_bu BEFORE UPDATE ON main.posts"
                     " WHEN old.id <= (SELECT max_id FROM import_base)"
                     " AND old.id NOT IN (SELECT id FROM import_old) BEGIN"
                     " INSERT INTO import_old VALUES(old.id, old.ts_utc / 86400, old.text,"
                     " old.translation, old.tags); END;",
                     NULL, NULL, NULL) != SQLITE_OK) {
        rf_error_set(err, "cache: %s", sqlite3_errmsg(sql));
        free(st);
        return NULL;
    }
    for (size_t i = 0; i < NSTATEMENTS; i++) {
        sqlite3_stmt **stmt = (sqlite3_stmt **)((char *)st + statements[i].offset);
        if (sqlite3_prepare_v3(sql, statements[i].sql, -1, SQLITE_PREPARE_PERSISTENT, stmt,
                               NULL) != SQLITE_OK) {
            rf_error_set(err, "cache: %s", sqlite3_errmsg(sql));
            store_close(st);
            return NULL;
        }
    }
    return st;
}

int store_begin_file(struct store *st)
{
    return sqlite3_exec(st->sql, "DELETE FROM temp.import_seen", NULL, NULL, NULL) == SQLITE_OK
               ? 0
               : -1;
}

const char *store_errmsg(const struct store *st)
{
    return sqlite3_errmsg(st->sql);
}

int store_drop_bundled(sqlite3 *sql, struct rf_error *err)
{
    char *msg = NULL;

    if (sqlite3_exec(sql,
                     "DELETE FROM posts WHERE bundled; DELETE FROM events WHERE bundled;"
                     "DELETE FROM figures WHERE bundled;",
                     NULL, NULL, &msg) != SQLITE_OK) {
        rf_error_set(err, "cache: %s", msg ? msg : "cannot remove the old bundle");
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

/* ---- rows ------------------------------------------------------------------------ */

/* Records a key as seen in this file; STORE_DUPLICATE when it was. */
static enum store_result first_sighting(struct store *st, const char *k1, const char *k2,
                                        size_t k2len)
{
    int rc;

    sqlite3_reset(st->seen);
    sqlite3_bind_text(st->seen, 1, k1, -1, SQLITE_STATIC);
    sqlite3_bind_text(st->seen, 2, k2, (int)k2len, SQLITE_STATIC);
    rc = sqlite3_step(st->seen);
    if (rc == SQLITE_DONE)
        return STORE_WRITTEN;
    return rc == SQLITE_CONSTRAINT_PRIMARYKEY ? STORE_DUPLICATE : STORE_FAILED;
}

static void bind_opt(sqlite3_stmt *s, int i, const char *v)
{
    if (v)
        sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(s, i);
}

static void bind_offset(sqlite3_stmt *s, int i, bool has, int offset)
{
    if (has)
        sqlite3_bind_int(s, i, offset);
    else
        sqlite3_bind_null(s, i);
}

static bool step_done(sqlite3_stmt *s)
{
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    return rc == SQLITE_DONE;
}

/* Binds a post's values to ?1..?20 of the insert or update. */
static void bind_post(sqlite3_stmt *s, const struct post *p, bool bundled)
{
    sqlite3_bind_text(s, 1, p->platform, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, p->id, (int)p->id_len, SQLITE_STATIC);
    bind_opt(s, 3, p->author);
    bind_opt(s, 4, p->region);
    sqlite3_bind_text(s, 5, p->lang, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 6, p->ts);
    bind_offset(s, 7, p->has_offset, p->offset);
    sqlite3_bind_text(s, 8, p->text, (int)p->text_len, SQLITE_STATIC);
    if (p->translation)
        sqlite3_bind_text(s, 9, p->translation, (int)p->translation_len, SQLITE_STATIC);
    else
        sqlite3_bind_null(s, 9);
    sqlite3_bind_text(s, 10, p->tkind, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 11, p->likes);
    sqlite3_bind_int64(s, 12, p->comments);
    sqlite3_bind_int64(s, 13, p->collects);
    sqlite3_bind_int64(s, 14, p->shares);
    sqlite3_bind_text(s, 15, p->tags->json, -1, SQLITE_STATIC);
    bind_opt(s, 16, p->url);
    sqlite3_bind_text(s, 17, p->provenance, -1, SQLITE_STATIC);
    bind_opt(s, 18, p->source);
    bind_opt(s, 19, p->note);
    sqlite3_bind_int(s, 20, bundled);
}

enum store_result store_post(struct store *st, const struct post *p)
{
    enum store_result seen = first_sighting(st, p->platform, p->id, p->id_len);
    int64_t id = 0;
    int rc;

    if (seen != STORE_WRITTEN)
        return seen;
    sqlite3_reset(st->find_post);
    sqlite3_bind_text(st->find_post, 1, p->platform, -1, SQLITE_STATIC);
    sqlite3_bind_text(st->find_post, 2, p->id, (int)p->id_len, SQLITE_STATIC);
    rc = sqlite3_step(st->find_post);
    if (rc == SQLITE_ROW)
        id = sqlite3_column_int64(st->find_post, 0);
    sqlite3_reset(st->find_post);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return STORE_FAILED;
    if (rc == SQLITE_DONE) {
        bind_post(st->insert_post, p, st->bundled);
        if (!step_done(st->insert_post))
            return STORE_FAILED;
        id = sqlite3_last_insert_rowid(st->sql);
    } else {
        bind_post(st->update_post, p, st->bundled);
        sqlite3_bind_int64(st->update_post, 21, id);
        if (!step_done(st->update_post))
            return STORE_FAILED;
        if (sqlite3_changes(st->sql) == 0) /* identical to the cached row */
            return STORE_UNCHANGED;
        /* Its tags are replaced. */
        sqlite3_bind_int64(st->del_tags, 1, id);
        if (!step_done(st->del_tags))
            return STORE_FAILED;
    }
    for (size_t i = 0; i < p->tags->n; i++) {
        sqlite3_bind_text(st->ins_tag, 1, tags_at(p->tags, i), -1, SQLITE_STATIC);
        sqlite3_bind_int64(st->ins_tag, 2, id);
        if (!step_done(st->ins_tag))
            return STORE_FAILED;
    }
    return STORE_WRITTEN;
}

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
    enum store_result seen = first_sighting(st, "#event", e->id, e->id_len);
    sqlite3_stmt *s = st->upsert_event;
    int64_t ids[MAX_SOURCES];

    if (seen != STORE_WRITTEN)
        return seen;
    if (!source_ids(st, e->sources, e->nsources, ids))
        return STORE_FAILED;
    sqlite3_reset(s);
    sqlite3_bind_text(s, 1, e->id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, e->ts);
    sqlite3_bind_text(s, 3, e->date, -1, SQLITE_STATIC);
    bind_opt(s, 4, e->time);
    bind_offset(s, 5, e->has_offset, e->offset);
    bind_opt(s, 6, e->tz);
    sqlite3_bind_text(s, 7, e->kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 8, e->title_en, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 9, e->title_zh, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 10, e->summary_en, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 11, e->summary_zh, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 12, e->confidence, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 13, e->importance);
    bind_opt(s, 14, e->notes);
    sqlite3_bind_int(s, 15, st->bundled);
    return finish_linked(s, sqlite3_step(s), st->find_event, st->del_event_sources,
                         st->ins_event_source, e->id, ids, e->nsources);
}

enum store_result store_figure(struct store *st, const struct figure *g)
{
    enum store_result seen = first_sighting(st, "#figure", g->id, g->id_len);
    sqlite3_stmt *s = st->upsert_figure;
    int64_t ids[MAX_SOURCES];

    if (seen != STORE_WRITTEN)
        return seen;
    if (!source_ids(st, g->sources, g->nsources, ids))
        return STORE_FAILED;
    sqlite3_reset(s);
    sqlite3_bind_text(s, 1, g->id, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, g->series, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, g->label_en, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 4, g->label_zh, -1, SQLITE_STATIC);
    sqlite3_bind_double(s, 5, g->value);
    bind_opt(s, 6, g->qualifier);
    sqlite3_bind_text(s, 7, g->unit, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 8, g->as_of, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 9, g->ts);
    bind_offset(s, 10, g->has_offset, g->offset);
    bind_opt(s, 11, g->tz);
    sqlite3_bind_text(s, 12, g->confidence, -1, SQLITE_STATIC);
    bind_opt(s, 13, g->event_id);
    bind_opt(s, 14, g->notes);
    sqlite3_bind_int(s, 15, st->bundled);
    return finish_linked(s, sqlite3_step(s), st->find_figure, st->del_figure_sources,
                         st->ins_figure_source, g->id, ids, g->nsources);
}
