#include "autoconfig.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../markup.h"
#include "../vocab.h"
#include "media.h"
#include "store.h"

/* Authors seen lately: most records of a file are by a few people. */
#define AUTHOR_CACHE 256

struct author_slot {
    char *platform, *key, *name; /* NULL: empty */
    bool keyed;
    int64_t id;
};

static void slot_free(struct author_slot *s);

struct store {
    sqlite3 *sql;
    bool bundled;
    struct tags text_tags; /* a post's hashtags, when its file gave no tag list */
    struct author_slot authors[AUTHOR_CACHE];
    sqlite3_stmt *find_obs, *insert_obs, *update_obs, *ins_keyword, *ins_media, *ins_file,
        *newer_file,
        *find_author, *ins_author, *name_author, *find_comment, *insert_comment,
        *update_comment, *ins_comment_media;
    sqlite3_stmt *seen, *dropped, *insert_post, *update_post, *find_post, *del_tags, *old_tags,
        *ins_tag,
        *upsert_event, *find_event, *del_event_sources, *ins_event_source, *upsert_figure,
        *find_figure, *del_figure_sources, *ins_figure_source, *ins_source, *find_source;
};

static const struct {
    size_t offset;
    const char *sql;
} statements[] = {
    {offsetof(struct store, seen), "INSERT INTO temp.import_seen VALUES(?1, ?2)"},
    {offsetof(struct store, dropped), "INSERT OR IGNORE INTO temp.import_dropped VALUES(?1)"},
    /* A new post is a plain INSERT, a known one an UPDATE that writes only
     * when something differs: no upsert, no triggers on either path, so
     * SQLite needs no statement journal (a copy of every page a statement
     * touches) for each post. */
    {offsetof(struct store, insert_post),
     "INSERT INTO posts(platform, ext_id, author, region, lang, ts_utc, utc_offset, text,"
     " translation, translation_kind, likes, comments, collects, shares, tags, url,"
     " provenance, source, note, bundled, views, known, at_least, author_id, type,"
     " time_basis, counts_at, collected_at, partial, reply_to, likes_seen, comments_seen,"
     " collects_seen, shares_seen, views_seen)"
     " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,"
     " ?18, ?19, ?20, ?21, ?22, ?23, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33, ?34,"
     " ?35, ?36)"},
    /* A user import never takes a bundled post away from the bundle. */
    {offsetof(struct store, update_post),
     "UPDATE posts SET author = ?3, region = ?4, lang = ?5, ts_utc = ?6, utc_offset = ?7,"
     " text = ?8, translation = ?9, translation_kind = ?10, likes = ?11, comments = ?12,"
     " collects = ?13, shares = ?14, tags = ?15, url = ?16, provenance = ?17, source = ?18,"
     " note = ?19, bundled = max(bundled, ?20), views = ?21, known = ?22, at_least = ?23,"
     " author_id = ?25, type = ?26, time_basis = ?27, counts_at = ?28, collected_at = ?29,"
     " partial = ?30, reply_to = ?31, likes_seen = ?32, comments_seen = ?33,"
     " collects_seen = ?34, shares_seen = ?35, views_seen = ?36"
     " WHERE id = ?24 AND NOT (author IS ?3 AND region IS ?4 AND lang = ?5"
     " AND ts_utc = ?6 AND utc_offset IS ?7 AND text = ?8 AND translation IS ?9"
     " AND translation_kind = ?10 AND likes = ?11 AND comments = ?12 AND collects = ?13"
     " AND shares = ?14 AND tags = ?15 AND url IS ?16 AND provenance = ?17"
     " AND source IS ?18 AND note IS ?19 AND bundled >= ?20 AND views = ?21"
     " AND known = ?22 AND at_least = ?23 AND author_id IS ?25 AND type IS ?26"
     " AND time_basis = ?27 AND counts_at IS ?28 AND collected_at IS ?29 AND partial = ?30"
     " AND reply_to IS ?31 AND likes_seen IS ?32 AND comments_seen IS ?33"
     " AND collects_seen IS ?34 AND shares_seen IS ?35 AND views_seen IS ?36)"},
    /* Observations: what the merge needs of the cached post. */
    {offsetof(struct store, find_obs),
     "SELECT id, ts_utc, utc_offset, time_basis, partial, text, lang, likes, comments,"
     " collects, shares, views, known, at_least, counts_at, author_id, author, type, region,"
     " url, tags, collected_at, reply_to, (SELECT keyed FROM authors a WHERE a.id = author_id),"
     " likes_seen, comments_seen, collects_seen, shares_seen, views_seen"
     " FROM posts WHERE platform = ?1 AND ext_id = ?2"},
    {offsetof(struct store, insert_obs),
     "INSERT INTO posts(platform, ext_id, author, region, lang, ts_utc, utc_offset, text,"
     " likes, comments, collects, shares, tags, url, views, known, at_least, author_id,"
     " type, time_basis, counts_at, collected_at, partial, reply_to, provenance, note,"
     " bundled, likes_seen, comments_seen, collects_seen, shares_seen, views_seen)"
     " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,"
     " ?18, ?19, ?20, ?21, ?22, ?23, ?24, 'imported', ?25, ?26, ?28, ?29, ?30, ?31, ?32)"
     " ON CONFLICT(platform, ext_id) DO NOTHING"},
    {offsetof(struct store, update_obs),
     "UPDATE posts SET author = ?3, region = ?4, lang = ?5, ts_utc = ?6, utc_offset = ?7,"
     " text = ?8, likes = ?9, comments = ?10, collects = ?11, shares = ?12, tags = ?13,"
     " url = ?14, views = ?15, known = ?16, at_least = ?17, author_id = ?18, type = ?19,"
     " time_basis = ?20, counts_at = ?21, collected_at = ?22, partial = ?23, reply_to = ?24,"
     " likes_seen = ?28, comments_seen = ?29, collects_seen = ?30, shares_seen = ?31,"
     " views_seen = ?32"
     " WHERE id = ?27 AND NOT (likes_seen IS ?28 AND comments_seen IS ?29"
     " AND collects_seen IS ?30 AND shares_seen IS ?31 AND views_seen IS ?32"
     " AND author IS ?3 AND region IS ?4 AND lang IS ?5"
     " AND ts_utc IS ?6 AND utc_offset IS ?7 AND text IS ?8 AND likes IS ?9"
     " AND comments IS ?10 AND collects IS ?11 AND shares IS ?12 AND tags IS ?13"
     " AND url IS ?14 AND views IS ?15 AND known IS ?16 AND at_least IS ?17"
     " AND author_id IS ?18 AND type IS ?19 AND time_basis IS ?20 AND counts_at IS ?21"
     " AND collected_at IS ?22 AND partial IS ?23 AND reply_to IS ?24)"},
    {offsetof(struct store, ins_keyword), "INSERT OR IGNORE INTO post_keywords VALUES(?1, ?2)"},
    /* Single-row statements without upserts: none needs a statement
     * journal (see insert_post). */
    {offsetof(struct store, ins_media), "INSERT OR IGNORE INTO post_media VALUES(?1, ?2, ?3)"},
    {offsetof(struct store, ins_file),
     "INSERT OR IGNORE INTO post_sources VALUES(?1, ?2, ?3, ?4)"},
    {offsetof(struct store, newer_file),
     "UPDATE post_sources SET collected_at = ?4 WHERE post_id = ?1 AND tool = ?2"
     " AND file = ?3 AND coalesce(collected_at, -9e18) < ?4"},
    {offsetof(struct store, find_author),
     "SELECT id, name FROM authors WHERE platform = ?1 AND keyed = ?2 AND key = ?3"},
    {offsetof(struct store, ins_author),
     "INSERT INTO authors(platform, keyed, key, name) VALUES(?1, ?2, ?3, ?4)"},
    {offsetof(struct store, name_author), "UPDATE authors SET name = ?2 WHERE id = ?1"},
    {offsetof(struct store, find_comment),
     "SELECT id, ts_utc, utc_offset, time_basis, text, lang, likes, likes_at_least,"
     " counts_at, author_id, author, region, parent_ext_id, replies, collected_at, tool, file,"
     " (SELECT keyed FROM authors a WHERE a.id = author_id)"
     " FROM comments WHERE platform = ?1 AND ext_id = ?2"},
    {offsetof(struct store, insert_comment),
     "INSERT INTO comments(platform, ext_id, post_ext_id, parent_ext_id, author_id, author,"
     " region, lang, ts_utc, utc_offset, time_basis, text, likes, likes_at_least, replies,"
     " counts_at, collected_at, tool, file)"
     " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,"
     " ?18, ?19)"},
    {offsetof(struct store, update_comment),
     "UPDATE comments SET post_ext_id = ?3, parent_ext_id = ?4, author_id = ?5, author = ?6,"
     " region = ?7, lang = ?8, ts_utc = ?9, utc_offset = ?10, time_basis = ?11, text = ?12,"
     " likes = ?13, likes_at_least = ?14, replies = ?15, counts_at = ?16,"
     " collected_at = ?17, tool = ?18, file = ?19"
     " WHERE id = ?20 AND NOT (post_ext_id IS ?3 AND parent_ext_id IS ?4"
     " AND author_id IS ?5 AND author IS ?6 AND region IS ?7 AND lang IS ?8"
     " AND ts_utc IS ?9 AND utc_offset IS ?10 AND time_basis IS ?11 AND text IS ?12"
     " AND likes IS ?13 AND likes_at_least IS ?14 AND replies IS ?15 AND counts_at IS ?16"
     " AND collected_at IS ?17 AND tool IS ?18 AND file IS ?19)"},
    {offsetof(struct store, ins_comment_media),
     "INSERT OR IGNORE INTO comment_media VALUES(?1, ?2, ?3)"},
    {offsetof(struct store, find_post),
     "SELECT id FROM posts WHERE platform = ?1 AND ext_id = ?2"},
    {offsetof(struct store, del_tags), "DELETE FROM post_tags WHERE post_id = ?1"},
    {offsetof(struct store, old_tags),
     "INSERT OR IGNORE INTO temp.import_tags SELECT tag FROM post_tags WHERE post_id = ?1"},
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

/* Brings the search index, the per-day and per-quarter-hour tables and the
 * tag counts up to date with what this import wrote, a few set-based
 * statements instead of work per post: FTS5 then builds large segments, and
 * the days and tags touched are counted again from the posts. */
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
        /* And their quarter hours (96 a day). */
        "DELETE FROM quarters WHERE q / 96 IN (SELECT day FROM temp.import_days);"
        "INSERT INTO quarters SELECT p.ts_utc / 900, p.platform, p.lang, count(*),"
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
        /* Comments: their index and per-day counts, the same way. */
        "INSERT INTO comments_fts(comments_fts, rowid, text)"
        " SELECT 'delete', id, text || char(65535, 65535) FROM temp.import_cold;"
        "INSERT INTO comments_fts(rowid, text)"
        " SELECT s.id, s.text FROM temp.import_cold o JOIN comments_fts_src s ON s.id = o.id"
        " UNION ALL SELECT id, text FROM comments_fts_src"
        " WHERE id > (SELECT max_comment FROM temp.import_base);"
        "INSERT OR IGNORE INTO temp.import_cdays SELECT day FROM temp.import_cold;"
        "INSERT OR IGNORE INTO temp.import_cdays SELECT c.ts_utc / 86400"
        " FROM temp.import_cold o JOIN comments c ON c.id = o.id;"
        "INSERT OR IGNORE INTO temp.import_cdays SELECT ts_utc / 86400 FROM comments"
        " WHERE id > (SELECT max_comment FROM temp.import_base);"
        "DELETE FROM comments_daily WHERE day IN (SELECT day FROM temp.import_cdays);"
        "INSERT INTO comments_daily SELECT d.day, c.platform, c.lang, count(*),"
        " CAST(total(c.likes) AS INTEGER)"
        " FROM temp.import_cdays d JOIN comments c"
        " ON c.ts_utc >= d.day * 86400 AND c.ts_utc < d.day * 86400 + 86400"
        " GROUP BY 1, 2, 3;"
        /* Authors no post or comment names any more (a name-only author
         * whose posts turned out to have a key). */
        "DELETE FROM authors WHERE id IN (SELECT id FROM temp.import_dropped)"
        " AND NOT EXISTS (SELECT 1 FROM posts WHERE author_id = authors.id)"
        " AND NOT EXISTS (SELECT 1 FROM comments WHERE author_id = authors.id);"
        "DELETE FROM temp.import_old; DELETE FROM temp.import_days;"
        "DELETE FROM temp.import_tags; DELETE FROM temp.import_cold;"
        "DELETE FROM temp.import_cdays; DELETE FROM temp.import_dropped;";

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
    for (size_t i = 0; i < AUTHOR_CACHE; i++)
        slot_free(&st->authors[i]);
    tags_free(&st->text_tags);
    for (size_t i = 0; i < NSTATEMENTS; i++)
        sqlite3_finalize(*(sqlite3_stmt **)((char *)st + statements[i].offset));
    /* Another import on this connection makes them again; the rows were
     * applied or rolled back with the transaction. */
    sqlite3_exec(st->sql,
                 "DROP TRIGGER IF EXISTS temp.import_old_bu;"
                 "DROP TRIGGER IF EXISTS temp.import_cold_bu;"
                 "DROP TRIGGER IF EXISTS temp.import_author_bu;"
                 "DROP TRIGGER IF EXISTS temp.import_cauthor_bu;"
                 "DELETE FROM temp.import_old; DELETE FROM temp.import_days;"
                 "DELETE FROM temp.import_tags; DELETE FROM temp.import_cold;"
                 "DELETE FROM temp.import_cdays; DELETE FROM temp.import_dropped;",
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
                     "CREATE TEMP TABLE IF NOT EXISTS import_base(max_id INTEGER,"
                     " max_comment INTEGER);"
                     "DELETE FROM import_base;"
                     "INSERT INTO import_base SELECT (SELECT coalesce(max(id), 0) FROM"
                     " main.posts), (SELECT coalesce(max(id), 0) FROM main.comments);"
                     "CREATE TEMP TABLE IF NOT EXISTS import_cold(id INTEGER PRIMARY KEY,"
                     " day INTEGER, text TEXT);"
                     "CREATE TEMP TABLE IF NOT EXISTS import_cdays(day INTEGER PRIMARY KEY);"
                     "CREATE TEMP TRIGGER IF NOT EXISTS import_cold_bu BEFORE UPDATE ON"
                     " main.comments WHEN old.id <= (SELECT max_comment FROM import_base)"
                     " AND old.id NOT IN (SELECT id FROM import_cold) BEGIN"
                     " INSERT INTO import_cold VALUES(old.id, old.ts_utc / 86400, old.text);"
                     " END;"
                     "CREATE TEMP TABLE IF NOT EXISTS import_old(id INTEGER PRIMARY KEY,"
                     " day INTEGER, text TEXT, translation TEXT, tags TEXT);"
                     "CREATE TEMP TABLE IF NOT EXISTS import_days(day INTEGER PRIMARY KEY);"
                     "CREATE TEMP TABLE IF NOT EXISTS import_tags(tag TEXT PRIMARY KEY)"
                     " WITHOUT ROWID;"
                     "CREATE TEMP TRIGGER IF NOT EXISTS import_old_bu BEFORE UPDATE ON main.posts"
                     " WHEN old.id <= (SELECT max_id FROM import_base)"
                     " AND old.id NOT IN (SELECT id FROM import_old) BEGIN"
                     " INSERT INTO import_old VALUES(old.id, old.ts_utc / 86400, old.text,"
                     " old.translation, old.tags); END;"
                     "CREATE TEMP TABLE IF NOT EXISTS import_dropped(id INTEGER PRIMARY KEY);"
                     "CREATE TEMP TRIGGER IF NOT EXISTS import_author_bu BEFORE UPDATE OF"
                     " author_id ON main.posts WHEN old.author_id IS NOT new.author_id"
                     " AND old.author_id IS NOT NULL BEGIN"
                     " INSERT OR IGNORE INTO import_dropped VALUES(old.author_id); END;"
                     "CREATE TEMP TRIGGER IF NOT EXISTS import_cauthor_bu BEFORE UPDATE OF"
                     " author_id ON main.comments WHEN old.author_id IS NOT new.author_id"
                     " AND old.author_id IS NOT NULL BEGIN"
                     " INSERT OR IGNORE INTO import_dropped VALUES(old.author_id); END;",
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

int store_drop_bundled(sqlite3 *sql, int64_t counts[3], struct rf_error *err)
{
    /* Posts, events and figures, counted one by one; the authors only the
     * bundled posts named go with them (one pass over the comments). */
    static const char *const deletes[] = {
        "DELETE FROM posts WHERE bundled", "DELETE FROM events WHERE bundled",
        "DELETE FROM figures WHERE bundled"};
    char *msg = NULL;

    if (sqlite3_exec(sql,
                     "DROP TABLE IF EXISTS temp.dropped_authors;"
                     "CREATE TEMP TABLE dropped_authors AS SELECT DISTINCT author_id AS id"
                     "  FROM posts WHERE bundled AND author_id IS NOT NULL",
                     NULL, NULL, &msg) != SQLITE_OK)
        goto fail;
    for (int i = 0; i < 3; i++) {
        if (sqlite3_exec(sql, deletes[i], NULL, NULL, &msg) != SQLITE_OK)
            goto fail;
        if (counts)
            counts[i] = sqlite3_changes64(sql);
    }
    if (sqlite3_exec(sql,
                     "DELETE FROM authors WHERE id IN (SELECT id FROM temp.dropped_authors)"
                     "  AND NOT EXISTS (SELECT 1 FROM posts p WHERE p.author_id = authors.id)"
                     "  AND id NOT IN (SELECT author_id FROM comments WHERE author_id IN"
                     "    (SELECT id FROM temp.dropped_authors));"
                     "DROP TABLE temp.dropped_authors;"
                     /* the sources only the bundled events and figures cited */
                     "DELETE FROM sources WHERE id NOT IN (SELECT source_id FROM event_sources)"
                     "  AND id NOT IN (SELECT source_id FROM figure_sources)",
                     NULL, NULL, &msg) != SQLITE_OK)
        goto fail;
    return 0;
fail:
    rf_error_set(err, "cache: %s", msg ? msg : "cannot remove the bundled rows");
    sqlite3_free(msg);
    return -1;
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
        return STORE_NEW;
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

static void bind_opt_int(sqlite3_stmt *s, int i, bool has, int64_t v);

/* Binds a post's values to ?1..?23 and ?25..?36 of the insert or update
 * (author: its author record, 0 for none). */
static void bind_post(sqlite3_stmt *s, const struct post *p, bool bundled, int64_t author)
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
    for (int k = 0; k < 4; k++)
        sqlite3_bind_int64(s, 11 + k, p->counts.v[k]);
    sqlite3_bind_text(s, 15, p->tags->json, -1, SQLITE_STATIC);
    bind_opt(s, 16, p->url);
    sqlite3_bind_text(s, 17, p->provenance, -1, SQLITE_STATIC);
    bind_opt(s, 18, p->source);
    bind_opt(s, 19, p->note);
    sqlite3_bind_int(s, 20, bundled);
    sqlite3_bind_int64(s, 21, p->counts.v[COUNT_VIEWS]);
    sqlite3_bind_int(s, 22, (int)p->counts.known);
    sqlite3_bind_int(s, 23, (int)p->counts.at_least);
    bind_opt_int(s, 25, author != 0, author);
    bind_opt(s, 26, p->type);
    sqlite3_bind_text(s, 27, store_time_basis_name(p->basis), -1, SQLITE_STATIC);
    bind_opt_int(s, 28, p->counts.has_observed, p->counts.observed);
    bind_opt_int(s, 29, p->from.has_collected, p->from.collected);
    sqlite3_bind_int(s, 30, p->partial);
    bind_opt(s, 31, p->reply_to);
    for (int k = 0; k < COUNT_KINDS; k++)
        bind_opt_int(s, 32 + k, (p->seen_timed >> k) & 1u, p->seen[k]);
}


/* enum time_basis follows the vocabulary's order. */
_Static_assert((int)TIME_EXACT == VOCAB_TIME_EXACT &&
                   (int)TIME_DERIVED_ID == VOCAB_TIME_DERIVED_ID &&
                   (int)TIME_LOCAL == VOCAB_TIME_LOCAL,
               "time bases in the vocabulary's order");

const char *store_time_basis_name(enum time_basis b)
{
    return vocab_time_bases[b];
}

static enum time_basis basis_from_name(const char *s)
{
    int i = vocab_find(vocab_time_bases, s);
    return i < 0 ? TIME_EXACT : (enum time_basis)i;
}

/* How good a time is: exact beats a local time in an assumed zone, which
 * beats one derived from an id. */
static int basis_rank(enum time_basis b)
{
    return b == TIME_EXACT ? 2 : b == TIME_LOCAL ? 1 : 0;
}

/* Between the stored sighting (its time in columns 1 and 2 of f) and the new
 * one: an exact time over a derived one; between two of a kind, the newer. */
static void keep_old_time(sqlite3_stmt *f, enum time_basis old_basis, bool newer, int64_t *ts,
                          bool *has_offset, int *offset, enum time_basis *basis)
{
    if (basis_rank(old_basis) > basis_rank(*basis) ||
        (basis_rank(old_basis) == basis_rank(*basis) && !newer)) {
        *ts = sqlite3_column_int64(f, 1);
        *has_offset = sqlite3_column_type(f, 2) != SQLITE_NULL;
        *offset = sqlite3_column_int(f, 2);
        *basis = old_basis;
    }
}

static bool same(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

static void slot_free(struct author_slot *s)
{
    free(s->platform);
    free(s->key);
    free(s->name);
    memset(s, 0, sizeof *s);
}

/* Remembers an author's row (nothing when memory runs out). */
static void slot_set(struct author_slot *s, const char *platform, const char *key, bool keyed,
                     const char *name, int64_t id)
{
    slot_free(s);
    s->platform = strdup(platform);
    s->key = strdup(key);
    s->name = name ? strdup(name) : NULL;
    if (!s->platform || !s->key || (name && !s->name)) {
        slot_free(s);
        return;
    }
    s->keyed = keyed;
    s->id = id;
}

static int64_t author_row(struct store *st, const char *platform, const char *key, bool keyed,
                          const char *name);

/* The author's row, found or added (the name follows the newest sighting);
 * 0 when the record names no author, -1 on a database error. */
static int64_t author_id(struct store *st, const char *platform, const struct author_ref *a)
{
    const char *key = a->key ? a->key : a->name;
    struct author_slot *slot;
    uint64_t h = 0xcbf29ce484222325u;
    int64_t id;

    if (!key)
        return 0;
    for (const char *p = key; *p; p++)
        h = (h ^ (unsigned char)*p) * 0x100000001b3u;
    slot = &st->authors[(h ^ (a->key != NULL)) % AUTHOR_CACHE];
    if (slot->key && slot->keyed == (a->key != NULL) && strcmp(slot->key, key) == 0 &&
        strcmp(slot->platform, platform) == 0 && (!a->name || same(slot->name, a->name)))
        return slot->id;
    if ((id = author_row(st, platform, key, a->key != NULL, a->name)) > 0)
        slot_set(slot, platform, key, a->key != NULL, a->name, id);
    return id;
}

static int64_t author_row(struct store *st, const char *platform, const char *key, bool keyed,
                          const char *name)
{
    const struct author_ref ref = {keyed ? key : NULL, name};
    const struct author_ref *a = &ref;
    int64_t id = 0;
    int rc;

    sqlite3_reset(st->find_author);
    sqlite3_bind_text(st->find_author, 1, platform, -1, SQLITE_STATIC);
    sqlite3_bind_int(st->find_author, 2, a->key != NULL);
    sqlite3_bind_text(st->find_author, 3, key, -1, SQLITE_STATIC);
    rc = sqlite3_step(st->find_author);
    if (rc == SQLITE_ROW) {
        const char *have = (const char *)sqlite3_column_text(st->find_author, 1);
        bool rename = a->name && (!have || strcmp(have, a->name) != 0);
        id = sqlite3_column_int64(st->find_author, 0);
        sqlite3_reset(st->find_author);
        if (rename) {
            sqlite3_bind_int64(st->name_author, 1, id);
            sqlite3_bind_text(st->name_author, 2, a->name, -1, SQLITE_STATIC);
            if (!step_done(st->name_author))
                return -1;
        }
        return id;
    }
    sqlite3_reset(st->find_author);
    if (rc != SQLITE_DONE)
        return -1;
    sqlite3_bind_text(st->ins_author, 1, platform, -1, SQLITE_STATIC);
    sqlite3_bind_int(st->ins_author, 2, a->key != NULL);
    sqlite3_bind_text(st->ins_author, 3, key, -1, SQLITE_STATIC);
    bind_opt(st->ins_author, 4, a->name);
    if (!step_done(st->ins_author))
        return -1;
    return sqlite3_last_insert_rowid(st->sql);
}

/* Links media to a post or comment (ins: ins_media or ins_comment_media);
 * adds to *changes how many were new. False on a database error. */
static bool link_media(sqlite3_stmt *ins, int64_t owner, const struct media *m, int *changes,
                       sqlite3 *sql)
{
    for (size_t i = 0; m && i < m->n; i++) {
        sqlite3_bind_int64(ins, 1, owner);
        sqlite3_bind_text(ins, 2, m->items[i].url, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 3, media_kind_name(m->items[i].kind), -1, SQLITE_STATIC);
        if (!step_done(ins))
            return false;
        *changes += sqlite3_changes(sql);
    }
    return true;
}

static void bind_opt_int(sqlite3_stmt *s, int i, bool has, int64_t v)
{
    if (has)
        sqlite3_bind_int64(s, i, v);
    else
        sqlite3_bind_null(s, i);
}

/* The text of column i of s, copied into *out (freed by the caller);
 * false when memory ran out. */
static bool column_dup(sqlite3_stmt *s, int i, char **out)
{
    const unsigned char *v = sqlite3_column_text(s, i);
    *out = NULL;
    if (!v)
        return true;
    return (*out = strdup((const char *)v)) != NULL;
}

/* The newer of two sightings' counts: true when b (has, at) is at least as
 * new as a; an untimed sighting is older than any timed one. */
static bool newer_or_same(bool a_has, int64_t a_at, bool b_has, int64_t b_at)
{
    return !a_has || (b_has && b_at >= a_at);
}

/* When each count was seen: at[k] when bit k of timed is set. */
struct seen {
    int64_t at[COUNT_KINDS];
    unsigned timed;
};

/* Merges count kinds [0, n) of `in` into `have` (the cached ones, seen as
 * `seen` says): each from the newest sighting that knows it, whatever the
 * order the sightings come in. */
static void merge_counts(struct counts *have, struct seen *seen, const struct counts *in, int n)
{
    for (int k = 0; k < n; k++) {
        unsigned bit = 1u << k;
        if (!(in->known & bit) ||
            ((have->known & bit) && !newer_or_same((seen->timed & bit) != 0, seen->at[k],
                                                   in->has_observed, in->observed)))
            continue;
        have->v[k] = in->v[k];
        have->known |= bit;
        have->at_least = (have->at_least & ~bit) | (in->at_least & bit);
        seen->at[k] = in->observed;
        seen->timed = (seen->timed & ~bit) | (in->has_observed ? bit : 0);
    }
    if (newer_or_same(have->has_observed, have->observed, in->has_observed, in->observed) &&
        in->has_observed) {
        have->observed = in->observed;
        have->has_observed = true;
    }
}

/* The author record a sighting named, when the cached one stays instead:
 * if no record points to it at the end of the import, it goes
 * (store_finish; an author a record no longer points to is noted by a
 * trigger). */
static bool drop_author(struct store *st, int64_t author, int64_t kept)
{
    if (!author || author == kept)
        return true;
    sqlite3_bind_int64(st->dropped, 1, author);
    return step_done(st->dropped);
}

/* True when the cached author stays: a keyed author over a name, else the
 * newer sighting's. */
static bool keep_old_author(int64_t old_id, bool old_keyed, int64_t new_id, bool new_keyed,
                            bool newer)
{
    return old_id && (!new_id || old_keyed > new_keyed || (old_keyed == new_keyed && !newer));
}

static bool add_text_tag(void *data, const char *name, size_t len)
{
    tags_add(data, name, len);
    return true;
}

/* Replaces a post's rows in post_tags (cached: `drop`) with `list`, or,
 * when the list is empty, with the hashtags of its text, so a post whose
 * file gave no tag list counts and is found under the tags it wrote
 * (posts.tags keeps the file's list: the reader says where they came
 * from). A dropped tag is noted for store_finish() to count again. */
static bool retag(struct store *st, int64_t id, const char *platform, const struct tags *list,
                  const char *text, size_t text_len, bool drop)
{
    if (drop) {
        sqlite3_bind_int64(st->old_tags, 1, id);
        sqlite3_bind_int64(st->del_tags, 1, id);
        if (!step_done(st->old_tags) || !step_done(st->del_tags))
            return false;
    }
    if (list->n == 0 && text && memchr(text, '#', text_len)) {
        char *copy = strndup(text, text_len); /* a text need not end at text_len */
        tags_clear(&st->text_tags);
        if (copy)
            markup_hashtags(platform, copy, add_text_tag, &st->text_tags);
        free(copy);
        if (!copy || st->text_tags.failed)
            return false;
        list = &st->text_tags;
    }
    for (size_t i = 0; i < list->n; i++) {
        sqlite3_bind_text(st->ins_tag, 1, tags_at(list, i), -1, SQLITE_STATIC);
        sqlite3_bind_int64(st->ins_tag, 2, id);
        if (!step_done(st->ins_tag))
            return false;
    }
    return true;
}

/* Links a search keyword to a post; adds to *changes when it is new. */
static bool link_keyword(struct store *st, int64_t id, const char *keyword, int *changes)
{
    sqlite3_bind_int64(st->ins_keyword, 1, id);
    sqlite3_bind_text(st->ins_keyword, 2, keyword, -1, SQLITE_STATIC);
    if (!step_done(st->ins_keyword))
        return false;
    *changes += sqlite3_changes(st->sql);
    return true;
}

/* Links the file (tool, file, collection time) that found a post; a file
 * already linked keeps the later collection time. */
static bool link_file(struct store *st, int64_t id, const struct provenance *f, int *changes)
{
    sqlite3_bind_int64(st->ins_file, 1, id);
    sqlite3_bind_text(st->ins_file, 2, f->tool, -1, SQLITE_STATIC);
    sqlite3_bind_text(st->ins_file, 3, f->file, -1, SQLITE_STATIC);
    bind_opt_int(st->ins_file, 4, f->has_collected, f->collected);
    if (!step_done(st->ins_file))
        return false;
    if (sqlite3_changes(st->sql)) {
        ++*changes;
        return true;
    }
    if (!f->has_collected)
        return true;
    sqlite3_bind_int64(st->newer_file, 1, id);
    sqlite3_bind_text(st->newer_file, 2, f->tool, -1, SQLITE_STATIC);
    sqlite3_bind_text(st->newer_file, 3, f->file, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st->newer_file, 4, f->collected);
    if (!step_done(st->newer_file))
        return false;
    *changes += sqlite3_changes(st->sql);
    return true;
}

/* A collection's sighting of a post, merged with the cached one (see
 * struct post). */
static enum store_result store_observation(struct store *st, const struct post *p)
{
    sqlite3_stmt *f = st->find_obs, *w;
    int64_t id = 0, author = 0, ts = p->ts, collected = p->from.collected;
    bool has_collected = p->from.has_collected, has_offset = p->has_offset, partial = p->partial;
    int offset = p->offset, rc, changes = 0;
    enum time_basis basis = p->basis;
    struct counts counts = p->counts;
    struct seen seen = {{0}, 0};
    const char *text = p->text, *lang = p->lang, *name = p->author, *type = p->type,
               *region = p->region, *url = p->url, *tags = p->tags->json, *reply = p->reply_to;
    size_t text_len = p->text_len;
    char *old[8] = {NULL};
    enum store_result result = STORE_WRITTEN;
    struct author_ref a = {p->author_key, p->author};

    if ((author = author_id(st, p->platform, &a)) < 0)
        return STORE_FAILED;
    /* Most sightings are of posts not cached yet: the insert is tried
     * first (it does nothing on a known post), then a known post is read,
     * merged and updated. */
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 1) {
            sqlite3_reset(f);
            sqlite3_bind_text(f, 1, p->platform, -1, SQLITE_STATIC);
            sqlite3_bind_text(f, 2, p->id, (int)p->id_len, SQLITE_STATIC);
            rc = sqlite3_step(f);
            if (rc != SQLITE_ROW) {
                sqlite3_reset(f);
                result = STORE_FAILED;
                goto done;
            }
            {
                /* Columns: 0 id, 1 ts_utc, 2 utc_offset, 3 time_basis, 4 partial,
                 * 5 text, 6 lang, 7-11 counts, 12 known, 13 at_least, 14 counts_at,
                 * 15 author_id, 16 author, 17 type, 18 region, 19 url, 20 tags,
                 * 21 collected_at, 22 reply_to, 23 the author is keyed, 24-28 when each
                 * count was seen. */
                struct counts have = {.known = (unsigned)sqlite3_column_int(f, 12),
                                      .at_least = (unsigned)sqlite3_column_int(f, 13),
                                      .observed = sqlite3_column_int64(f, 14),
                                      .has_observed = sqlite3_column_type(f, 14) != SQLITE_NULL};
                enum time_basis old_basis =
                    basis_from_name((const char *)sqlite3_column_text(f, 3));
                bool old_partial = sqlite3_column_int(f, 4) != 0;
                bool newer = newer_or_same(have.has_observed, have.observed, counts.has_observed,
                                           counts.observed);
                int64_t old_author = sqlite3_column_int64(f, 15);

                id = sqlite3_column_int64(f, 0);
                for (int k = 0; k < COUNT_KINDS; k++) {
                    have.v[k] = sqlite3_column_int64(f, 7 + k);
                    seen.at[k] = sqlite3_column_int64(f, 24 + k);
                    if (sqlite3_column_type(f, 24 + k) != SQLITE_NULL)
                        seen.timed |= 1u << k;
                }
                merge_counts(&have, &seen, &counts, COUNT_KINDS);
                counts = have;
                if (!(column_dup(f, 5, &old[0]) && column_dup(f, 6, &old[1]) &&
                      column_dup(f, 16, &old[2]) && column_dup(f, 17, &old[3]) &&
                      column_dup(f, 18, &old[4]) && column_dup(f, 19, &old[5]) &&
                      column_dup(f, 20, &old[6]) && column_dup(f, 22, &old[7]))) {
                    result = STORE_FAILED;
                    goto done;
                }
                /* The full text over a title; between two of a kind, the newer. */
                if (old_partial < partial || (old_partial == partial && !newer)) {
                    text = old[0], text_len = strlen(old[0]), lang = old[1], partial = old_partial;
                }
                /* An exact time over a derived one. */
                keep_old_time(f, old_basis, newer, &ts, &has_offset, &offset, &basis);
                /* A keyed author over a name; else the newer. */
                if (keep_old_author(old_author, sqlite3_column_int(f, 23) != 0, author,
                                    p->author_key != NULL, newer)) {
                    if (!drop_author(st, author, old_author)) {
                        result = STORE_FAILED;
                        goto done;
                    }
                    author = old_author;
                    name = old[2];
                }
                if (!type || (!newer && old[3]))
                    type = old[3];
                if (!region || (!newer && old[4]))
                    region = old[4];
                if (!url || (!newer && old[5]))
                    url = old[5];
                if (strcmp(tags, "[]") == 0 || (!newer && strcmp(old[6], "[]") != 0))
                    tags = old[6];
                if (!reply)
                    reply = old[7];
                if (sqlite3_column_type(f, 21) != SQLITE_NULL &&
                    (!has_collected || sqlite3_column_int64(f, 21) > collected)) {
                    collected = sqlite3_column_int64(f, 21);
                    has_collected = true;
                }
            }
            sqlite3_reset(f);
        }
        w = id ? st->update_obs : st->insert_obs;
        sqlite3_reset(w);
        sqlite3_bind_text(w, 1, p->platform, -1, SQLITE_STATIC);
        sqlite3_bind_text(w, 2, p->id, (int)p->id_len, SQLITE_STATIC);
        bind_opt(w, 3, name);
        bind_opt(w, 4, region);
        sqlite3_bind_text(w, 5, lang, -1, SQLITE_STATIC);
        sqlite3_bind_int64(w, 6, ts);
        bind_offset(w, 7, has_offset, offset);
        sqlite3_bind_text(w, 8, text, (int)text_len, SQLITE_STATIC);
        for (int k = 0; k < 4; k++)
            sqlite3_bind_int64(w, 9 + k, counts.v[k]);
        sqlite3_bind_text(w, 13, tags, -1, SQLITE_STATIC);
        bind_opt(w, 14, url);
        sqlite3_bind_int64(w, 15, counts.v[COUNT_VIEWS]);
        sqlite3_bind_int(w, 16, (int)counts.known);
        sqlite3_bind_int(w, 17, (int)counts.at_least);
        bind_opt_int(w, 18, author != 0, author);
        bind_opt(w, 19, type);
        sqlite3_bind_text(w, 20, store_time_basis_name(basis), -1, SQLITE_STATIC);
        bind_opt_int(w, 21, counts.has_observed, counts.observed);
        bind_opt_int(w, 22, has_collected, collected);
        sqlite3_bind_int(w, 23, partial);
        bind_opt(w, 24, reply);
        if (!id) /* a first sighting: each count it knows was seen now */
            for (int k = 0; k < COUNT_KINDS; k++)
                if ((counts.known & (1u << k)) && counts.has_observed) {
                    seen.at[k] = counts.observed;
                    seen.timed |= 1u << k;
                }
        for (int k = 0; k < COUNT_KINDS; k++)
            bind_opt_int(w, 28 + k, (seen.timed & (1u << k)) != 0, seen.at[k]);
        if (id) {
            sqlite3_bind_int64(w, 27, id);
        } else {
            bind_opt(w, 25, p->note);
            sqlite3_bind_int(w, 26, st->bundled);
        }
        if (!step_done(w)) {
            result = STORE_FAILED;
            goto done;
        }
        changes = sqlite3_changes(st->sql);
        if (id || changes)
            break;
    }
    if (!id) {
        id = sqlite3_last_insert_rowid(st->sql);
        result = STORE_NEW;
    }
    /* Its tags are replaced when they changed, or when the text that
     * gives a post without a tag list its tags did. */
    if (changes && (tags != old[6] || (strcmp(tags, "[]") == 0 && text != old[0]))) {
        static const struct tags none = {.n = 0};
        if (!retag(st, id, p->platform, tags == old[6] ? &none : p->tags, text, text_len,
                   old[6] != NULL)) {
            result = STORE_FAILED;
            goto done;
        }
    }
    if ((p->keyword && !link_keyword(st, id, p->keyword, &changes)) ||
        !link_media(st->ins_media, id, p->media, &changes, st->sql) ||
        (p->from.tool && p->from.file && !link_file(st, id, &p->from, &changes))) {
        result = STORE_FAILED;
        goto done;
    }
    if (result == STORE_WRITTEN && changes == 0)
        result = STORE_UNCHANGED;
done:
    for (size_t i = 0; i < sizeof old / sizeof old[0]; i++)
        free(old[i]);
    return result;
}

enum store_result store_comment(struct store *st, const struct comment *c)
{
    sqlite3_stmt *f = st->find_comment, *w;
    int64_t id = 0, author = 0, ts = c->ts, replies = c->replies, collected = c->from.collected;
    bool has_offset = c->has_offset, has_replies = c->has_replies,
         has_collected = c->from.has_collected;
    int offset = c->offset, changes = 0, rc;
    enum time_basis basis = c->basis;
    struct counts counts = c->counts;
    struct seen seen = {{0}, 0};
    const char *name = c->author, *region = c->region, *parent = c->parent_id,
               *text = c->text, *lang = c->lang, *tool = c->from.tool, *file = c->from.file;
    size_t text_len = c->text_len;
    char *old[7] = {NULL};
    enum store_result result = STORE_WRITTEN;
    struct author_ref a = {c->author_key, c->author_key && c->author_name ? c->author_name
                                                                          : c->author};

    if ((author = author_id(st, c->platform, &a)) < 0)
        return STORE_FAILED;
    sqlite3_reset(f);
    sqlite3_bind_text(f, 1, c->platform, -1, SQLITE_STATIC);
    sqlite3_bind_text(f, 2, c->id, (int)c->id_len, SQLITE_STATIC);
    rc = sqlite3_step(f);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        sqlite3_reset(f);
        return STORE_FAILED;
    }
    if (rc == SQLITE_ROW) {
        /* Columns: 0 id, 1 ts_utc, 2 utc_offset, 3 time_basis, 4 text, 5 lang,
         * 6 likes, 7 likes_at_least, 8 counts_at, 9 author_id, 10 author,
         * 11 region, 12 parent_ext_id, 13 replies, 14 collected_at, 15 tool,
         * 16 file, 17 the author is keyed. */
        struct counts have = {.known = sqlite3_column_type(f, 6) != SQLITE_NULL,
                              .at_least = (unsigned)sqlite3_column_int(f, 7),
                              .observed = sqlite3_column_int64(f, 8),
                              .has_observed = sqlite3_column_type(f, 8) != SQLITE_NULL};
        enum time_basis old_basis = basis_from_name((const char *)sqlite3_column_text(f, 3));
        bool newer = newer_or_same(have.has_observed, have.observed, counts.has_observed,
                                   counts.observed);
        int64_t old_author = sqlite3_column_int64(f, 9);

        id = sqlite3_column_int64(f, 0);
        have.v[COUNT_LIKES] = sqlite3_column_int64(f, 6);
        seen.at[COUNT_LIKES] = have.observed;
        seen.timed = have.has_observed;
        merge_counts(&have, &seen, &counts, 1);
        counts = have;
        if (!(column_dup(f, 4, &old[0]) && column_dup(f, 5, &old[1]) &&
              column_dup(f, 10, &old[2]) && column_dup(f, 11, &old[3]) &&
              column_dup(f, 12, &old[4]) && column_dup(f, 15, &old[5]) &&
              column_dup(f, 16, &old[6]))) {
            result = STORE_FAILED;
            goto done;
        }
        if (!newer) {
            text = old[0], text_len = strlen(old[0]), lang = old[1];
            tool = old[5], file = old[6];
        }
        keep_old_time(f, old_basis, newer, &ts, &has_offset, &offset, &basis);
        if (keep_old_author(old_author, sqlite3_column_int(f, 17) != 0, author,
                            c->author_key != NULL, newer)) {
            if (!drop_author(st, author, old_author)) {
                sqlite3_reset(f);
                result = STORE_FAILED;
                goto done;
            }
            author = old_author;
            name = old[2];
        }
        if (!region || (!newer && old[3]))
            region = old[3];
        if (!parent)
            parent = old[4];
        if (sqlite3_column_type(f, 13) != SQLITE_NULL && (!has_replies || !newer)) {
            replies = sqlite3_column_int64(f, 13);
            has_replies = true;
        }
        if (sqlite3_column_type(f, 14) != SQLITE_NULL &&
            (!has_collected || sqlite3_column_int64(f, 14) > collected)) {
            collected = sqlite3_column_int64(f, 14);
            has_collected = true;
        }
    }
    sqlite3_reset(f);
    w = id ? st->update_comment : st->insert_comment;
    sqlite3_reset(w);
    sqlite3_bind_text(w, 1, c->platform, -1, SQLITE_STATIC);
    sqlite3_bind_text(w, 2, c->id, (int)c->id_len, SQLITE_STATIC);
    sqlite3_bind_text(w, 3, c->post_id, -1, SQLITE_STATIC);
    bind_opt(w, 4, parent);
    bind_opt_int(w, 5, author != 0, author);
    bind_opt(w, 6, name);
    bind_opt(w, 7, region);
    sqlite3_bind_text(w, 8, lang, -1, SQLITE_STATIC);
    sqlite3_bind_int64(w, 9, ts);
    bind_offset(w, 10, has_offset, offset);
    sqlite3_bind_text(w, 11, store_time_basis_name(basis), -1, SQLITE_STATIC);
    sqlite3_bind_text(w, 12, text, (int)text_len, SQLITE_STATIC);
    bind_opt_int(w, 13, counts.known & 1u, counts.v[COUNT_LIKES]);
    sqlite3_bind_int(w, 14, (counts.at_least & 1u) != 0);
    bind_opt_int(w, 15, has_replies, replies);
    bind_opt_int(w, 16, counts.has_observed, counts.observed);
    bind_opt_int(w, 17, has_collected, collected);
    bind_opt(w, 18, tool);
    bind_opt(w, 19, file);
    if (id)
        sqlite3_bind_int64(w, 20, id);
    if (!step_done(w)) {
        result = STORE_FAILED;
        goto done;
    }
    changes = sqlite3_changes(st->sql);
    if (!id) {
        id = sqlite3_last_insert_rowid(st->sql);
        result = STORE_NEW;
    }
    if (!link_media(st->ins_comment_media, id, c->media, &changes, st->sql)) {
        result = STORE_FAILED;
        goto done;
    }
    if (result == STORE_WRITTEN && changes == 0)
        result = STORE_UNCHANGED;
done:
    for (size_t i = 0; i < sizeof old / sizeof old[0]; i++)
        free(old[i]);
    return result;
}

enum store_result store_post(struct store *st, const struct post *p)
{
    enum store_result seen = p->observed ? STORE_NEW
                                         : first_sighting(st, p->platform, p->id, p->id_len);
    enum store_result result = STORE_WRITTEN;
    int64_t id = 0, author = 0;
    int rc, changes = 0;

    if (p->observed)
        return store_observation(st, p);
    if (seen != STORE_NEW)
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
    if (p->link_author) {
        struct author_ref a = {p->author_key, p->author_key && p->author_name ? p->author_name
                                                                              : p->author};
        if ((author = author_id(st, p->platform, &a)) < 0)
            return STORE_FAILED;
    }
    if (rc == SQLITE_DONE) {
        bind_post(st->insert_post, p, st->bundled, author);
        if (!step_done(st->insert_post))
            return STORE_FAILED;
        id = sqlite3_last_insert_rowid(st->sql);
        result = STORE_NEW;
    } else {
        bind_post(st->update_post, p, st->bundled, author);
        sqlite3_bind_int64(st->update_post, 24, id);
        if (!step_done(st->update_post))
            return STORE_FAILED;
        if (sqlite3_changes(st->sql) == 0) /* identical to the cached row */
            result = STORE_UNCHANGED;
    }
    /* Its tags are replaced. */
    if (result != STORE_UNCHANGED &&
        !retag(st, id, p->platform, p->tags, p->text, p->text_len, result != STORE_NEW))
        return STORE_FAILED;
    /* Keywords, media and files add to what is cached. */
    for (size_t i = 0; i < p->nkeywords; i++)
        if (!link_keyword(st, id, p->keywords[i], &changes))
            return STORE_FAILED;
    if (!link_media(st->ins_media, id, p->media, &changes, st->sql))
        return STORE_FAILED;
    for (size_t i = 0; i < p->nfiles; i++)
        if (!link_file(st, id, &p->files[i], &changes))
            return STORE_FAILED;
    return result == STORE_UNCHANGED && changes ? STORE_WRITTEN : result;
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

    if (seen != STORE_NEW)
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
