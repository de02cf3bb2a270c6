#include "autoconfig.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

#include "../db.h"
#include "../markup.h"
#include "author_totals.h"
#include "i18n.h"
#include "store.h"
#include "store_internal.h"

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
     " collects_seen, shares_seen, views_seen, translation_by)"
     " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,"
     " ?18, ?19, ?20, ?21, ?22, ?23, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33, ?34,"
     " ?35, ?36, ?37)"},
    /* A user import never takes a bundled post away from the bundle. */
    {offsetof(struct store, update_post),
     "UPDATE posts SET author = ?3, region = ?4, lang = ?5, ts_utc = ?6, utc_offset = ?7,"
     " text = ?8, translation = ?9, translation_kind = ?10, likes = ?11, comments = ?12,"
     " collects = ?13, shares = ?14, tags = ?15, url = ?16, provenance = ?17, source = ?18,"
     " note = ?19, bundled = max(bundled, ?20), views = ?21, known = ?22, at_least = ?23,"
     " author_id = ?25, type = ?26, time_basis = ?27, counts_at = ?28, collected_at = ?29,"
     " partial = ?30, reply_to = ?31, likes_seen = ?32, comments_seen = ?33,"
     " collects_seen = ?34, shares_seen = ?35, views_seen = ?36, translation_by = ?37"
     " WHERE id = ?24 AND NOT (author IS ?3 AND region IS ?4 AND lang = ?5"
     " AND ts_utc = ?6 AND utc_offset IS ?7 AND text = ?8 AND translation IS ?9"
     " AND translation_kind = ?10 AND likes = ?11 AND comments = ?12 AND collects = ?13"
     " AND shares = ?14 AND tags = ?15 AND url IS ?16 AND provenance = ?17"
     " AND source IS ?18 AND note IS ?19 AND bundled >= ?20 AND views = ?21"
     " AND known = ?22 AND at_least = ?23 AND author_id IS ?25 AND type IS ?26"
     " AND time_basis = ?27 AND counts_at IS ?28 AND collected_at IS ?29 AND partial = ?30"
     " AND reply_to IS ?31 AND likes_seen IS ?32 AND comments_seen IS ?33"
     " AND collects_seen IS ?34 AND shares_seen IS ?35 AND views_seen IS ?36"
     " AND translation_by IS ?37)"},
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
     " (SELECT keyed FROM authors a WHERE a.id = author_id), post_ext_id"
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
    {offsetof(struct store, max_post),
     "SELECT (SELECT coalesce(max(id), 0) FROM main.posts),"
     " (SELECT coalesce(max(id), 0) FROM main.comments)"},
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

/* The tables whose secondary indexes a large import may build after its
 * rows. Inserting a row into eight indexes in random order (times and
 * likes are not the file's order) cost about a third of the rows phase;
 * CREATE INDEX sorts the rows once. post_tags keeps its index: the tags of
 * a post updated by a later file of the same import are found by it. */
static const char *const deferrable[] = {"posts", "comments"};

/* Drops the secondary indexes of `table` when it has fewer rows than
 * `records`, adding their CREATE statements to st->deferred. */
static int defer_table(struct store *st, const char *table, uint64_t records)
{
    char *count = sqlite3_mprintf("SELECT coalesce(max(id), 0) FROM main.\"%w\"", table);
    char *drops = NULL;
    sqlite3_stmt *q = NULL;
    int rc = SQLITE_NOMEM;

    /* Ids only grow: the largest is at least the rows there are. */
    if (!count || sqlite3_prepare_v2(st->sql, count, -1, &q, NULL) != SQLITE_OK ||
        sqlite3_step(q) != SQLITE_ROW) {
        sqlite3_finalize(q);
        sqlite3_free(count);
        return -1;
    }
    rc = (uint64_t)sqlite3_column_int64(q, 0) >= records;
    sqlite3_finalize(q);
    sqlite3_free(count);
    if (rc)
        return 0;
    /* The indexes as the migrations made them (sql is NULL for the UNIQUE
     * constraints' own, which stay). */
    if (sqlite3_prepare_v2(st->sql,
                           "SELECT name, sql FROM main.sqlite_master WHERE type = 'index'"
                           " AND tbl_name = ?1 AND sql IS NOT NULL ORDER BY name",
                           -1, &q, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_text(q, 1, table, -1, SQLITE_STATIC);
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        st->deferred = sqlite3_mprintf("%z%s;", st->deferred, sqlite3_column_text(q, 1));
        drops = sqlite3_mprintf("%zDROP INDEX main.\"%w\";", drops,
                                (const char *)sqlite3_column_text(q, 0));
        if (!st->deferred || !drops) {
            rc = SQLITE_NOMEM;
            break;
        }
    }
    sqlite3_finalize(q);
    if (rc == SQLITE_DONE && drops)
        rc = sqlite3_exec(st->sql, drops, NULL, NULL, NULL);
    sqlite3_free(drops);
    return rc == SQLITE_DONE || rc == SQLITE_OK ? 0 : -1;
}

int store_defer_indexes(struct store *st, uint64_t input_bytes, struct rf_error *err)
{
    uint64_t records = input_bytes / STORE_BYTES_PER_RECORD;

    if (records < STORE_DEFER_MIN)
        return 0;
    for (size_t t = 0; t < sizeof deferrable / sizeof deferrable[0]; t++)
        if (defer_table(st, deferrable[t], records) != 0) {
            rf_error_set(err, "cache: %s", sqlite3_errmsg(st->sql));
            return -1;
        }
    return 0;
}

/* The per-day rows (of days and of quarter hours) of the days in
 * temp.import_days, and of the days posts were deleted from since the last
 * import (quarters_gone, whose quarter hours are then counted in full).
 * [0] finds each day's posts through posts_by_time and reads their rows;
 * [1] reads every post once from the covering index posts_for_authors and
 * keeps those of the days: faster when most posts are the import's (a first
 * import: 0.36 s against 0.13 s for the days of 100,000 new posts). Both
 * count the same posts: a day of `daily` and of day_quarters is
 * ts_utc / 86400 as SQL and C divide, toward zero (DAY_ROWS: day 0 runs
 * from -86399 to 86399), as the tables were first filled, their delete
 * triggers and every reader count. total(): likes of many posts may pass
 * 64 bits; the cast saturates. */
#define DAY_ROWS(t)                                                                        \
    " " t ".ts_utc BETWEEN d.day * 86400 - CASE WHEN d.day > 0 THEN 0 ELSE 86399 END"      \
    " AND d.day * 86400 + CASE WHEN d.day < 0 THEN 0 ELSE 86399 END"
static const char *const count_days[2] = {
    "INSERT INTO daily SELECT d.day, p.platform, p.lang, count(*),"
    " CAST(total(p.likes) AS INTEGER)"
    " FROM temp.import_days d JOIN posts p ON" DAY_ROWS("p") " GROUP BY 1, 2, 3;"
    "INSERT OR IGNORE INTO temp.import_days SELECT q / 96 FROM quarters_gone;"
    "DELETE FROM day_quarters WHERE day IN (SELECT day FROM temp.import_days);"
    "INSERT INTO day_quarters " DB_DAY_QUARTERS_OF(
        "FROM temp.import_days d JOIN posts p ON" DAY_ROWS("p")) ";"
    "DELETE FROM quarters_gone;",
    "INSERT INTO daily SELECT day, platform, lang, count(*), CAST(total(likes) AS INTEGER)"
    " FROM (SELECT ts_utc / 86400 AS day, platform, lang, likes FROM posts)"
    " WHERE day IN (SELECT day FROM temp.import_days) GROUP BY 1, 2, 3;"
    "INSERT OR IGNORE INTO temp.import_days SELECT q / 96 FROM quarters_gone;"
    "DELETE FROM day_quarters WHERE day IN (SELECT day FROM temp.import_days);"
    "INSERT INTO day_quarters " DB_DAY_QUARTERS_OF(
        "FROM posts p WHERE p.ts_utc / 86400 IN (SELECT day FROM temp.import_days)") ";"
    "DELETE FROM quarters_gone;",
};

/* True when most rows of posts (or of comments) are the import's new ones
 * (ids above temp.import_base; ids only grow), or there are none; false
 * on an error, which the next statement meets again. */
static bool mostly_new(struct store *st, bool comments)
{
    sqlite3_stmt *q;
    bool most = false;

    if (sqlite3_prepare_v2(st->sql,
                           comments ? "SELECT 2 * (coalesce(max(id), 0) - (SELECT max_comment"
                                      " FROM temp.import_base)) >= coalesce(max(id), 0)"
                                      " FROM main.comments"
                                    : "SELECT 2 * (coalesce(max(id), 0) - (SELECT max_id"
                                      " FROM temp.import_base)) >= coalesce(max(id), 0)"
                                      " FROM main.posts",
                           -1, &q, NULL) == SQLITE_OK &&
        sqlite3_step(q) == SQLITE_ROW)
        most = sqlite3_column_int(q, 0) != 0;
    sqlite3_finalize(q);
    return most;
}

/* Brings the per-day tables (of days and of quarter hours) and the tag counts up to
 * date with what this import wrote, a few set-based statements instead of
 * work per post: the days and tags touched are counted again from the
 * posts. The search index takes only changes to rows it holds; new rows
 * wait above its watermark (db.h) for index.c. */
int store_finish(struct store *st, struct rf_error *err)
{
    static const char head[] =
        /* The search index: the old texts of changed posts it holds out,
         * their new ones in, as its view of posts (posts_fts_src) shows
         * them; and new posts whose ids fell under the watermark (an id
         * reused after the newest posts were deleted). Every other new
         * post waits above the watermark for index.c. */
        "INSERT INTO posts_fts(posts_fts, rowid, text, translation)"
        " SELECT 'delete', id, text || char(65535, 65535), translation || char(65535, 65535)"
        " FROM temp.import_old WHERE id <= " DB_INDEXED_POSTS ";"
        "INSERT INTO posts_fts(rowid, text, translation)"
        " SELECT s.id, s.text, s.translation FROM temp.import_old o"
        " JOIN posts_fts_src s ON s.id = o.id WHERE o.id <= " DB_INDEXED_POSTS
        " UNION ALL SELECT id, text, translation FROM posts_fts_src"
        " WHERE id > (SELECT max_id FROM temp.import_base) AND id <= " DB_INDEXED_POSTS ";"
        /* The days a post left or joined. */
        "INSERT OR IGNORE INTO temp.import_days SELECT day FROM temp.import_old;"
        "INSERT OR IGNORE INTO temp.import_days SELECT p.ts_utc / 86400"
        " FROM temp.import_old o JOIN posts p ON p.id = o.id;"
        "INSERT OR IGNORE INTO temp.import_days SELECT ts_utc / 86400 FROM posts"
        " WHERE id > (SELECT max_id FROM temp.import_base);"
        "DELETE FROM daily WHERE day IN (SELECT day FROM temp.import_days);";
    /* Then the days are counted again (count_days[]), and the rest: */
    static const char tail[] =
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
        " SELECT 'delete', id, text || char(65535, 65535) FROM temp.import_cold"
        " WHERE id <= " DB_INDEXED_COMMENTS ";"
        "INSERT INTO comments_fts(rowid, text)"
        " SELECT s.id, s.text FROM temp.import_cold o JOIN comments_fts_src s ON s.id = o.id"
        " WHERE o.id <= " DB_INDEXED_COMMENTS
        " UNION ALL SELECT id, text FROM comments_fts_src"
        " WHERE id > (SELECT max_comment FROM temp.import_base)"
        " AND id <= " DB_INDEXED_COMMENTS ";"
        "INSERT OR IGNORE INTO temp.import_cdays SELECT day FROM temp.import_cold;"
        "INSERT OR IGNORE INTO temp.import_cdays SELECT c.ts_utc / 86400"
        " FROM temp.import_cold o JOIN comments c ON c.id = o.id;"
        "INSERT OR IGNORE INTO temp.import_cdays SELECT ts_utc / 86400 FROM comments"
        " WHERE id > (SELECT max_comment FROM temp.import_base);"
        "DELETE FROM comments_daily WHERE day IN (SELECT day FROM temp.import_cdays);"
        "INSERT INTO comments_daily SELECT d.day, c.platform, c.lang, count(*),"
        " CAST(total(c.likes) AS INTEGER)"
        " FROM temp.import_cdays d JOIN comments c ON" DAY_ROWS("c") " GROUP BY 1, 2, 3;"
        /* Authors no post or comment names any more (a name-only author
         * whose posts turned out to have a key). */
        "DELETE FROM authors WHERE id IN (SELECT id FROM temp.import_dropped)"
        " AND NOT EXISTS (SELECT 1 FROM posts WHERE author_id = authors.id)"
        " AND NOT EXISTS (SELECT 1 FROM comments WHERE author_id = authors.id);"
        "DELETE FROM temp.import_old; DELETE FROM temp.import_days;"
        "DELETE FROM temp.import_tags; DELETE FROM temp.import_cold;"
        "DELETE FROM temp.import_cdays; DELETE FROM temp.import_dropped;";

    bool new_posts;

    /* The deferred indexes first: every statement below finds posts by
     * them. */
    if (st->deferred) {
        int rc = sqlite3_exec(st->sql, st->deferred, NULL, NULL, NULL);
        sqlite3_free(st->deferred);
        st->deferred = NULL;
        if (rc != SQLITE_OK) {
            rf_error_set(err, _("cache: indexing the import: %s"), sqlite3_errmsg(st->sql));
            return -1;
        }
    }
    new_posts = mostly_new(st, false);
    /* The authors' totals first: they read the author rows the finish may
     * drop, to know whom those rows counted. An import that wrote most of
     * the cache counts every author again in one pass. */
    if ((new_posts && mostly_new(st, true) ? author_totals_rebuild(st->sql, err)
                                           : author_totals_after_import(st->sql, err)) != 0)
        return -1;
    if (sqlite3_exec(st->sql, head, NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_exec(st->sql, count_days[new_posts], NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_exec(st->sql, tail, NULL, NULL, NULL) != SQLITE_OK) {
        rf_error_set(err, _("cache: counting the import: %s"), sqlite3_errmsg(st->sql));
        return -1;
    }
    return 0;
}

void store_close(struct store *st)
{
    if (!st)
        return;
    for (size_t i = 0; i < AUTHOR_CACHE; i++)
        store_slot_free(&st->authors[i]);
    tags_free(&st->text_tags);
    sqlite3_free(st->deferred); /* not built: the import is rolled back */
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
        rf_error_set(err, _("out of memory"));
        return NULL;
    }
    st->sql = sql;
    st->bundled = bundled;
    /* Temporary, on this connection only: the ids seen in this file (of
     * events, figures, and posts and comments cached before it: one the
     * file stored is known by its id, store_post()); the largest post id
     * before the import (rowids grow, so every post above it is new); and
     * the old values of the posts this import changed, saved by a TEMP
     * trigger before the first change, so store_finish() can bring the
     * search index, per-day and tag counts up to date. */
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
                     " day INTEGER, text TEXT, translation TEXT, tags TEXT, author TEXT,"
                     " author_id INTEGER);"
                     "CREATE TEMP TABLE IF NOT EXISTS import_days(day INTEGER PRIMARY KEY);"
                     "CREATE TEMP TABLE IF NOT EXISTS import_tags(tag TEXT PRIMARY KEY)"
                     " WITHOUT ROWID;"
                     "CREATE TEMP TRIGGER IF NOT EXISTS import_old_bu BEFORE UPDATE ON main.posts"
                     " WHEN old.id <= (SELECT max_id FROM import_base)"
                     " AND old.id NOT IN (SELECT id FROM import_old) BEGIN"
                     " INSERT INTO import_old VALUES(old.id, old.ts_utc / 86400, old.text,"
                     " old.translation, old.tags, old.author, old.author_id); END;"
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
    int rc = sqlite3_step(st->max_post);

    st->file_base = sqlite3_column_int64(st->max_post, 0);
    st->file_comment_base = sqlite3_column_int64(st->max_post, 1);
    sqlite3_reset(st->max_post);
    if (rc != SQLITE_ROW)
        return -1;
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

    if (author_totals_touch_posts(sql, "p.bundled", err) != 0)
        return -1;
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
    return author_totals_recount(sql, err);
fail:
    rf_error_set(err, "cache: %s", msg ? msg : _("cannot remove the bundled rows"));
    sqlite3_free(msg);
    return -1;
}

bool store_first_import(sqlite3 *sql)
{
    sqlite3_stmt *st;
    bool first;

    if (sqlite3_prepare_v2(sql,
                           "SELECT NOT EXISTS (SELECT 1 FROM main.posts WHERE NOT bundled)"
                           " AND NOT EXISTS (SELECT 1 FROM main.comments)",
                           -1, &st, NULL) != SQLITE_OK)
        return false;
    first = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return first;
}
