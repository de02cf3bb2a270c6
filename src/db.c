#include "autoconfig.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db.h"
#include "i18n.h"
#include "quarters.h"

/* A database attached to the connection, remembered so that a reopen
 * (db_reopen()) attaches it again. */
struct attached {
    char schema[16];
    char *uri;
};

struct db {
    sqlite3 *sql;
    char *path;
    int found_version;
    bool readonly;
    bool immutable;     /* opened with immutable=1: nobody may change the file in place */
    dev_t dev;          /* the file opened, to notice another one renamed over its path */
    ino_t ino;
    struct timespec mtime;
    struct attached attached[2];
    size_t nattached;
};

/* The schema, one migration per element: migrations[i] takes a cache from
 * user_version i to i + 1. Append, never edit: caches in the field have run
 * the old steps. tests/data/schema-v1.sql is what step 1 produced. */
static const char *const migrations[] = {
    /* 1: events, sources, figures, posts with tags and the trigram index,
     * user state, meta. */
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;"
    /* '' rather than NULL for unknown parts, so UNIQUE deduplicates. */
    "CREATE TABLE sources("
    "  id INTEGER PRIMARY KEY,"
    "  publisher TEXT NOT NULL, title TEXT NOT NULL DEFAULT '',"
    "  published TEXT NOT NULL DEFAULT '', url TEXT NOT NULL DEFAULT '',"
    "  UNIQUE(publisher, title, published, url));"
    "CREATE TABLE events("
    "  rid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, ts_utc INTEGER NOT NULL,"
    "  date TEXT NOT NULL, time TEXT, utc_offset INTEGER, tz TEXT, kind TEXT NOT NULL,"
    "  title_en TEXT NOT NULL, title_zh TEXT NOT NULL,"
    "  summary_en TEXT NOT NULL, summary_zh TEXT NOT NULL,"
    "  confidence TEXT NOT NULL, importance INTEGER NOT NULL, notes TEXT,"
    "  bundled INTEGER NOT NULL DEFAULT 0);"
    "CREATE INDEX events_by_time ON events(ts_utc, rid);"
    "CREATE TABLE event_sources("
    "  event_rid INTEGER NOT NULL REFERENCES events(rid) ON DELETE CASCADE,"
    "  pos INTEGER NOT NULL, source_id INTEGER NOT NULL REFERENCES sources(id),"
    "  PRIMARY KEY(event_rid, pos)) WITHOUT ROWID;"
    "CREATE TABLE figures("
    "  rid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, series TEXT NOT NULL,"
    "  label_en TEXT NOT NULL, label_zh TEXT NOT NULL, value REAL NOT NULL, qualifier TEXT,"
    "  unit TEXT NOT NULL, as_of TEXT NOT NULL, ts_utc INTEGER NOT NULL, utc_offset INTEGER,"
    "  tz TEXT, confidence TEXT NOT NULL, event_id TEXT, notes TEXT,"
    "  bundled INTEGER NOT NULL DEFAULT 0);"
    "CREATE INDEX figures_by_time ON figures(as_of, id);"
    "CREATE TABLE figure_sources("
    "  figure_rid INTEGER NOT NULL REFERENCES figures(rid) ON DELETE CASCADE,"
    "  pos INTEGER NOT NULL, source_id INTEGER NOT NULL REFERENCES sources(id),"
    "  PRIMARY KEY(figure_rid, pos)) WITHOUT ROWID;"
    "CREATE TABLE posts("
    "  id INTEGER PRIMARY KEY, platform TEXT NOT NULL, ext_id TEXT NOT NULL,"
    "  author TEXT, region TEXT, lang TEXT NOT NULL,"
    "  ts_utc INTEGER NOT NULL, utc_offset INTEGER,"
    "  text TEXT NOT NULL, translation TEXT, translation_kind TEXT NOT NULL DEFAULT 'none',"
    "  likes INTEGER NOT NULL DEFAULT 0, comments INTEGER NOT NULL DEFAULT 0,"
    "  collects INTEGER NOT NULL DEFAULT 0, shares INTEGER NOT NULL DEFAULT 0,"
    "  tags TEXT NOT NULL DEFAULT '[]', url TEXT,"
    "  provenance TEXT NOT NULL DEFAULT 'imported', source TEXT,"
    "  bundled INTEGER NOT NULL DEFAULT 0,"
    "  UNIQUE(platform, ext_id));"
    "CREATE INDEX posts_by_time ON posts(ts_utc, id);"
    "CREATE INDEX posts_by_likes ON posts(likes, id);"
    "CREATE INDEX posts_by_lang ON posts(lang, ts_utc, id);"
    "CREATE INDEX posts_by_platform ON posts(platform, ts_utc, id);"
    "CREATE TABLE post_tags(tag TEXT NOT NULL, post_id INTEGER NOT NULL,"
    "  PRIMARY KEY(tag, post_id)) WITHOUT ROWID;"
    "CREATE INDEX post_tags_by_post ON post_tags(post_id);"
    "CREATE VIRTUAL TABLE posts_fts USING fts5(text, translation,"
    "  content='posts', content_rowid='id', tokenize='trigram');"
    "CREATE TRIGGER posts_ai AFTER INSERT ON posts BEGIN"
    "  INSERT INTO posts_fts(rowid, text, translation) VALUES(new.id, new.text, new.translation);"
    "END;"
    "CREATE TRIGGER posts_ad AFTER DELETE ON posts BEGIN"
    "  INSERT INTO posts_fts(posts_fts, rowid, text, translation)"
    "    VALUES('delete', old.id, old.text, old.translation);"
    "  DELETE FROM post_tags WHERE post_id = old.id;"
    "END;"
    "CREATE TRIGGER posts_au_text AFTER UPDATE OF text, translation ON posts BEGIN"
    "  INSERT INTO posts_fts(posts_fts, rowid, text, translation)"
    "    VALUES('delete', old.id, old.text, old.translation);"
    "  INSERT INTO posts_fts(rowid, text, translation) VALUES(new.id, new.text, new.translation);"
    "END;"
    /* Keyed by platform and the platform's id, not posts.id, so reading
     * state outlives re-imports and new bundles. */
    "CREATE TABLE state(platform TEXT NOT NULL, ext_id TEXT NOT NULL,"
    "  read INTEGER NOT NULL DEFAULT 0, starred INTEGER NOT NULL DEFAULT 0,"
    "  PRIMARY KEY(platform, ext_id)) WITHOUT ROWID;",

    /* 2: curator notes on posts; per-day and per-tag counts kept by
     * triggers, so stats never scan posts. A day is the UTC day number. */
    "ALTER TABLE posts ADD COLUMN note TEXT;"
    "CREATE TABLE daily(day INTEGER NOT NULL, platform TEXT NOT NULL, lang TEXT NOT NULL,"
    "  posts INTEGER NOT NULL, likes INTEGER NOT NULL,"
    "  PRIMARY KEY(day, platform, lang)) WITHOUT ROWID;"
    "INSERT INTO daily SELECT ts_utc / 86400, platform, lang, count(*), sum(likes)"
    "  FROM posts GROUP BY 1, 2, 3;"
    "CREATE TABLE tag_counts(tag TEXT PRIMARY KEY, posts INTEGER NOT NULL) WITHOUT ROWID;"
    "INSERT INTO tag_counts SELECT tag, count(*) FROM post_tags GROUP BY tag;"
    "CREATE TRIGGER daily_ai AFTER INSERT ON posts BEGIN"
    "  INSERT INTO daily VALUES(new.ts_utc / 86400, new.platform, new.lang, 1, new.likes)"
    "    ON CONFLICT(day, platform, lang) DO UPDATE"
    "    SET posts = posts + 1, likes = likes + excluded.likes;"
    "END;"
    "CREATE TRIGGER daily_ad AFTER DELETE ON posts BEGIN"
    "  UPDATE daily SET posts = posts - 1, likes = likes - old.likes"
    "    WHERE day = old.ts_utc / 86400 AND platform = old.platform AND lang = old.lang;"
    "  DELETE FROM daily WHERE posts = 0"
    "    AND day = old.ts_utc / 86400 AND platform = old.platform AND lang = old.lang;"
    "END;"
    "CREATE TRIGGER daily_au AFTER UPDATE OF ts_utc, platform, lang, likes ON posts BEGIN"
    "  UPDATE daily SET posts = posts - 1, likes = likes - old.likes"
    "    WHERE day = old.ts_utc / 86400 AND platform = old.platform AND lang = old.lang;"
    "  DELETE FROM daily WHERE posts = 0"
    "    AND day = old.ts_utc / 86400 AND platform = old.platform AND lang = old.lang;"
    "  INSERT INTO daily VALUES(new.ts_utc / 86400, new.platform, new.lang, 1, new.likes)"
    "    ON CONFLICT(day, platform, lang) DO UPDATE"
    "    SET posts = posts + 1, likes = likes + excluded.likes;"
    "END;"
    "CREATE TRIGGER tag_counts_ai AFTER INSERT ON post_tags BEGIN"
    "  INSERT INTO tag_counts VALUES(new.tag, 1)"
    "    ON CONFLICT(tag) DO UPDATE SET posts = posts + 1;"
    "END;"
    "CREATE TRIGGER tag_counts_ad AFTER DELETE ON post_tags BEGIN"
    "  UPDATE tag_counts SET posts = posts - 1 WHERE tag = old.tag;"
    "  DELETE FROM tag_counts WHERE tag = old.tag AND posts = 0;"
    "END;",

    /* 3: the importer indexes new and changed posts in one statement at the
     * end of an import. Per-row index triggers made FTS5 flush its pending
     * data at every statement's savepoint (a segment per post), six times
     * slower. Deletes keep their trigger: they are rare and set-based. */
    "DROP TRIGGER posts_ai;"
    "DROP TRIGGER posts_au_text;",

    /* 4: let FTS5 gather 32 MiB of postings in memory before it writes a
     * segment (default 1 MiB): half the indexing time of a large import,
     * and fewer segments for searches to visit. */
    "INSERT INTO posts_fts(posts_fts, rank) VALUES('hashsize', 33554432);",

    /* 5: the importer recounts the days and tags an import touched in one
     * pass at the end; per-row triggers on insert and update made every
     * post's statement keep a journal of each page it changed. Deletes
     * (rare, set-based) keep their triggers. */
    "DROP TRIGGER daily_ai;"
    "DROP TRIGGER daily_au;"
    "DROP TRIGGER tag_counts_ai;",

    /* 6: one- and two-character searches through the index. The index
     * reads each text with two U+FFFF (a noncharacter nobody types) after
     * it, through the view posts_fts_src, so every character of a text
     * starts a trigram, the last ones and those of one-character texts
     * included; the trigrams that start with a query are then a range of
     * the index's vocabulary (posts_fts_terms, one row per occurrence),
     * and the posts holding them are exactly the posts containing it.
     * At a million posts a rare one-character search took 5 s scanning
     * the posts and takes 2 ms. Re-indexing costs what an import of the
     * cache would (a minute at a million posts), once. */
    "DROP TRIGGER posts_ad;"
    "DROP TABLE posts_fts;"
    "CREATE VIEW posts_fts_src(id, text, translation) AS SELECT id,"
    "  text || char(65535, 65535), translation || char(65535, 65535) FROM posts;"
    "CREATE VIRTUAL TABLE posts_fts USING fts5(text, translation,"
    "  content='posts_fts_src', content_rowid='id', tokenize='trigram');"
    "INSERT INTO posts_fts(posts_fts, rank) VALUES('hashsize', 33554432);"
    "INSERT INTO posts_fts(posts_fts) VALUES('rebuild');"
    "CREATE VIRTUAL TABLE posts_fts_terms USING fts5vocab(posts_fts, instance);"
    "CREATE TRIGGER posts_ad AFTER DELETE ON posts BEGIN"
    "  INSERT INTO posts_fts(posts_fts, rowid, text, translation)"
    "    VALUES('delete', old.id, old.text || char(65535, 65535),"
    "      old.translation || char(65535, 65535));"
    "  DELETE FROM post_tags WHERE post_id = old.id;"
    "END;",

    /* 7: where the posts come from, for the totals that keep illustrative
     * and quoted posts apart from imported ones: the few bundled posts of
     * a window are a range of this index, however many were imported. */
    "CREATE INDEX posts_by_provenance ON posts(provenance, ts_utc, likes);",

    /* 8: real collections (issue 24). Comments are records of their own,
     * with their own search index (read through comments_fts_src, as posts
     * are) and per-day counts; authors have a stable key per platform
     * beside their name (a name-only author is keyed by the name, apart
     * from the keyed ones: keyed = 0); posts gain their media, the search
     * keywords and the files that found them, and counts as observed.
     * posts.likes..shares stay the ordering and summing value (the least
     * the post has: a bound for "10+", 0 when unknown, so sorting by likes
     * keeps its keyset); media are in the order first seen (rowid);
     * `known` has a bit for each count that a file gave
     * (1 likes, 2 comments, 4 collects, 8 shares, 16 views) and `at_least`
     * one for each that is a lower bound; *_seen is when each was observed
     * (NULL: by a file that does not say), counts_at the newest sighting.
     * Rows from before were all known. */
    "CREATE TABLE authors(id INTEGER PRIMARY KEY, platform TEXT NOT NULL,"
    "  key TEXT NOT NULL, keyed INTEGER NOT NULL, name TEXT,"
    "  UNIQUE(platform, keyed, key));"
    "ALTER TABLE posts ADD COLUMN author_id INTEGER REFERENCES authors(id);"
    "ALTER TABLE posts ADD COLUMN type TEXT;"
    "ALTER TABLE posts ADD COLUMN time_basis TEXT NOT NULL DEFAULT 'exact';"
    "ALTER TABLE posts ADD COLUMN views INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE posts ADD COLUMN known INTEGER NOT NULL DEFAULT 15;"
    "ALTER TABLE posts ADD COLUMN at_least INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE posts ADD COLUMN counts_at INTEGER;"
    "ALTER TABLE posts ADD COLUMN likes_seen INTEGER;"
    "ALTER TABLE posts ADD COLUMN comments_seen INTEGER;"
    "ALTER TABLE posts ADD COLUMN collects_seen INTEGER;"
    "ALTER TABLE posts ADD COLUMN shares_seen INTEGER;"
    "ALTER TABLE posts ADD COLUMN views_seen INTEGER;"
    "ALTER TABLE posts ADD COLUMN collected_at INTEGER;"
    "ALTER TABLE posts ADD COLUMN partial INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE posts ADD COLUMN reply_to TEXT;"
    "CREATE INDEX posts_by_author ON posts(author_id) WHERE author_id IS NOT NULL;"
    "CREATE TABLE post_keywords(post_id INTEGER NOT NULL, keyword TEXT NOT NULL,"
    "  PRIMARY KEY(post_id, keyword)) WITHOUT ROWID;"
    "CREATE TABLE post_media(post_id INTEGER NOT NULL, url TEXT NOT NULL,"
    "  kind TEXT NOT NULL, UNIQUE(post_id, url));"
    "CREATE TABLE post_sources(post_id INTEGER NOT NULL, tool TEXT NOT NULL,"
    "  file TEXT NOT NULL, collected_at INTEGER,"
    "  PRIMARY KEY(post_id, tool, file)) WITHOUT ROWID;"
    "CREATE TABLE comments("
    "  id INTEGER PRIMARY KEY, platform TEXT NOT NULL, ext_id TEXT NOT NULL,"
    "  post_ext_id TEXT NOT NULL, parent_ext_id TEXT,"
    "  author_id INTEGER REFERENCES authors(id), author TEXT, region TEXT,"
    "  lang TEXT NOT NULL, ts_utc INTEGER NOT NULL, utc_offset INTEGER,"
    "  time_basis TEXT NOT NULL DEFAULT 'exact', text TEXT NOT NULL, translation TEXT,"
    "  likes INTEGER, likes_at_least INTEGER NOT NULL DEFAULT 0, replies INTEGER,"
    "  counts_at INTEGER, collected_at INTEGER, tool TEXT, file TEXT,"
    "  UNIQUE(platform, ext_id));"
    "CREATE TABLE comment_media(comment_id INTEGER NOT NULL, url TEXT NOT NULL,"
    "  kind TEXT NOT NULL, UNIQUE(comment_id, url));"
    "CREATE INDEX comments_by_post ON comments(platform, post_ext_id, ts_utc, id);"
    "CREATE INDEX comments_by_time ON comments(ts_utc, id);"
    "CREATE VIEW comments_fts_src(id, text) AS SELECT id, text || char(65535, 65535)"
    "  FROM comments;"
    "CREATE VIRTUAL TABLE comments_fts USING fts5(text,"
    "  content='comments_fts_src', content_rowid='id', tokenize='trigram');"
    "CREATE TRIGGER comments_ad AFTER DELETE ON comments BEGIN"
    "  INSERT INTO comments_fts(comments_fts, rowid, text)"
    "    VALUES('delete', old.id, old.text || char(65535, 65535));"
    "  DELETE FROM comment_media WHERE comment_id = old.id;"
    "END;"
    "CREATE TABLE comments_daily(day INTEGER NOT NULL, platform TEXT NOT NULL,"
    "  lang TEXT NOT NULL, comments INTEGER NOT NULL, likes INTEGER NOT NULL,"
    "  PRIMARY KEY(day, platform, lang)) WITHOUT ROWID;"
    "CREATE TRIGGER posts_ad_collections AFTER DELETE ON posts BEGIN"
    "  DELETE FROM post_keywords WHERE post_id = old.id;"
    "  DELETE FROM post_media WHERE post_id = old.id;"
    "  DELETE FROM post_sources WHERE post_id = old.id;"
    "END;",

    /* 9: posts per quarter hour (q = ts_utc / 900), as daily keeps them per
     * UTC day: the days, weeks, hours and weekdays of any zone are sums of
     * quarter hours (every zone's offset since 1972 is a multiple of 15
     * minutes), folded in C (model_clock.c), so charts in the reader's zone
     * never scan the posts. The importer recounts the days it touched;
     * deletes keep a trigger, as daily's. */
    "CREATE TABLE quarters(q INTEGER NOT NULL, platform TEXT NOT NULL, lang TEXT NOT NULL,"
    "  posts INTEGER NOT NULL, likes INTEGER NOT NULL,"
    "  PRIMARY KEY(q, platform, lang)) WITHOUT ROWID;"
    "INSERT INTO quarters SELECT ts_utc / 900, platform, lang, count(*),"
    "  CAST(total(likes) AS INTEGER) FROM posts GROUP BY 1, 2, 3;"
    "CREATE TRIGGER quarters_ad AFTER DELETE ON posts BEGIN"
    "  UPDATE quarters SET posts = posts - 1, likes = likes - old.likes"
    "    WHERE q = old.ts_utc / 900 AND platform = old.platform AND lang = old.lang;"
    "  DELETE FROM quarters WHERE posts = 0"
    "    AND q = old.ts_utc / 900 AND platform = old.platform AND lang = old.lang;"
    "END;",

    /* 10: a search's @name finds an author's posts by the name on them in
     * any ASCII case (refuge's own records have a name and no author row):
     * at a million posts a walk of the posts took 2 to 11 s. */
    "CREATE INDEX posts_by_author_name ON posts(author COLLATE NOCASE);",

    /* 11: the posts whose likes nobody reported or only as a lower bound
     * ("10+"), so a sum of likes can say "at least" without reading every
     * post: few posts, a small index. */
    "CREATE INDEX posts_partial_likes ON posts(ts_utc)"
    "  WHERE (known & 1) = 0 OR (at_least & 1) != 0;",

    /* 12: who made a translation (`refuge translate` names its command,
     * `import --translations` the file's `by` column); comments gain the
     * translation kind posts have. NULL by: it came with the post, as
     * imported. Comments had no way to get a translation before. */
    "ALTER TABLE posts ADD COLUMN translation_by TEXT;"
    "ALTER TABLE comments ADD COLUMN translation_kind TEXT NOT NULL DEFAULT 'none';"
    "ALTER TABLE comments ADD COLUMN translation_by TEXT;",

    /* 13: each author's totals (src/import/author_totals.h), what an
     * unfiltered authors list shows, kept by the importer for the
     * identities each import touches (comments found by their author's
     * index), so the list never reads every post; filled here once from
     * the rows already cached, as model_authors() sums them. */
    "CREATE INDEX comments_by_author ON comments(author_id) WHERE author_id IS NOT NULL;"
    "CREATE TABLE author_totals(platform TEXT NOT NULL, keyed INTEGER NOT NULL,"
    "  key TEXT NOT NULL, name TEXT, posts INTEGER NOT NULL, comments INTEGER NOT NULL,"
    "  likes INTEGER NOT NULL, floor INTEGER NOT NULL, first INTEGER, last INTEGER,"
    "  region TEXT, invented INTEGER NOT NULL,"
    "  PRIMARY KEY(platform, keyed, key)) WITHOUT ROWID;"
    "INSERT INTO author_totals SELECT platform, keyed, key, max(name), sum(posts),"
    "  sum(comments), sum(likes), max(floor), min(first), max(last), max(region),"
    "  max(invented) FROM ("
    "  SELECT p.platform AS platform, coalesce(a.keyed, 0) AS keyed,"
    "  coalesce(a.key, p.author) AS key, coalesce(a.name, p.author) AS name,"
    "  count(*) AS posts, 0 AS comments, sum(p.likes) AS likes,"
    "  max((p.at_least & 1) != 0 OR (p.known & 1) = 0 OR p.provenance = 'quoted') AS floor,"
    "  min(p.ts_utc) AS first, max(p.ts_utc) AS last, max(p.region) AS region,"
    "  max(p.provenance = 'illustrative') AS invented"
    "  FROM posts p LEFT JOIN authors a ON a.id = p.author_id"
    "  WHERE p.author_id IS NOT NULL OR p.author IS NOT NULL"
    "  GROUP BY p.platform, p.author_id, CASE WHEN p.author_id IS NULL THEN p.author END"
    "  UNION ALL SELECT a.platform, a.keyed, a.key, a.name, 0, count(*), 0, 0,"
    "  min(c.ts_utc), max(c.ts_utc), max(c.region), 0"
    "  FROM comments c JOIN authors a ON a.id = c.author_id GROUP BY c.author_id)"
    "  GROUP BY platform, keyed, key;"
    /* An author row's new name is its totals' name at once, whoever
     * renames it. */
    "CREATE TRIGGER author_totals_name AFTER UPDATE OF name ON authors BEGIN"
    "  UPDATE author_totals SET name = new.name WHERE platform = new.platform"
    "    AND keyed = new.keyed AND key = new.key;"
    "END;",

    /* 14: imports in two phases (issue 19). The rows are committed first;
     * the search indexes then take the new rows in steps of their own
     * short transactions (src/import/index.c). meta 'index_posts' and
     * 'index_comments' are the watermarks: every row with an id up to
     * them is in its index, none above. A delete takes a row out of the
     * index only when it is in it (deleting what an external-content
     * index never held would damage it). Every cache before this one was
     * fully indexed. */
    "INSERT OR REPLACE INTO meta VALUES('index_posts',"
    "  (SELECT coalesce(max(id), 0) FROM posts));"
    "INSERT OR REPLACE INTO meta VALUES('index_comments',"
    "  (SELECT coalesce(max(id), 0) FROM comments));"
    "DROP TRIGGER posts_ad;"
    "CREATE TRIGGER posts_ad AFTER DELETE ON posts BEGIN"
    "  INSERT INTO posts_fts(posts_fts, rowid, text, translation)"
    "    SELECT 'delete', old.id, old.text || char(65535, 65535),"
    "      old.translation || char(65535, 65535)"
    "    WHERE old.id <= " DB_INDEXED_POSTS ";"
    "  DELETE FROM post_tags WHERE post_id = old.id;"
    "END;"
    "DROP TRIGGER comments_ad;"
    "CREATE TRIGGER comments_ad AFTER DELETE ON comments BEGIN"
    "  INSERT INTO comments_fts(comments_fts, rowid, text)"
    "    SELECT 'delete', old.id, old.text || char(65535, 65535)"
    "    WHERE old.id <= " DB_INDEXED_COMMENTS ";"
    "  DELETE FROM comment_media WHERE comment_id = old.id;"
    "END;",

    /* 15: the authors' totals in each order the lists sort them by
     * (model_authors.c), so the first rows of any order are read from an
     * index: sorting 157,000 authors (a million posts) took 0.1 s. */
    "CREATE INDEX author_totals_by_posts ON author_totals(posts DESC, comments DESC,"
    "  platform, key);"
    "CREATE INDEX author_totals_by_comments ON author_totals(comments DESC, posts DESC,"
    "  platform, key);"
    "CREATE INDEX author_totals_by_likes ON author_totals(likes DESC, posts DESC,"
    "  platform, key);"
    "CREATE INDEX author_totals_by_last ON author_totals(last DESC, posts DESC,"
    "  platform, key);",

    /* 16: what a filtered authors list sums of each post, in the order of
     * its groups (model_authors.c): a list under a language, a platform or
     * a wide window reads this index from end to end and sums each
     * author's entries as they pass, never a post's row nor a sort (33 s
     * at a million posts, mostly reading rows). */
    "CREATE INDEX posts_for_authors ON posts(platform, author_id, author, ts_utc, lang,"
    "  likes, known, at_least, provenance, region);",

    /* 17: the search indexes merge their segments 16 at a time rather than
     * 4 (FTS5's automerge). An import's index is built in steps of
     * IMPORT_INDEX_STEP rows, a segment each; merging every 4 wrote the
     * index about three times over (364 MB written for 72 MB of index at
     * 100,000 posts, 148 MB now), and searches visit at most a few more
     * segments. */
    "INSERT INTO posts_fts(posts_fts, rank) VALUES('automerge', 16);"
    "INSERT INTO comments_fts(comments_fts, rank) VALUES('automerge', 16);",

    /* 18: the quarter hours of a UTC day in one row (db.h: DB_DAY_QUARTERS_OF).
     * A chart in any zone but UTC's read quarters, a row per quarter hour,
     * platform and language (43,034 at a million posts: 14 to 22 ms, where
     * the UTC days' 565 rows of daily took 0.44 ms); it now reads as many
     * rows as daily and folds their quarter hours in C (model_quarters.c).
     * A trigger cannot rewrite a packed day in plain SQL, so a delete
     * counts the posts it takes in quarters_gone, which readers subtract
     * and the next import folds in. */
    "DROP TRIGGER quarters_ad;"
    "DROP TABLE quarters;"
    "CREATE TABLE day_quarters(day INTEGER NOT NULL, platform TEXT NOT NULL,"
    "  lang TEXT NOT NULL, counts BLOB NOT NULL,"
    "  PRIMARY KEY(day, platform, lang)) WITHOUT ROWID;"
    "INSERT INTO day_quarters " DB_DAY_QUARTERS_OF("FROM posts p") ";"
    "CREATE TABLE quarters_gone(q INTEGER NOT NULL, platform TEXT NOT NULL,"
    "  lang TEXT NOT NULL, posts INTEGER NOT NULL, likes INTEGER NOT NULL,"
    "  PRIMARY KEY(q, platform, lang)) WITHOUT ROWID;"
    "CREATE TRIGGER quarters_gone_ad AFTER DELETE ON posts BEGIN"
    "  INSERT INTO quarters_gone VALUES(old.ts_utc / 900, old.platform, old.lang, 1, old.likes)"
    "    ON CONFLICT(q, platform, lang) DO UPDATE"
    "    SET posts = posts + 1, likes = likes + excluded.likes;"
    "END;",

    /* 19: the search indexes keep no positions (detail=none): the posts'
     * index was 732 B of a post's 1,659, now about 200 (BENCHMARKS.md,
     * issue 19). FTS5 then answers no phrase, so a search asks for the
     * AND of its trigrams and the model keeps the candidates whose text
     * holds it (plan.h: phrase). The new indexes start empty with their
     * watermarks at 0: the rows are searched by a scan until they are
     * built again in steps like an import's second phase (the session
     * that migrates does it at once, src/import/index.c; a stopped build
     * resumes at `refuge index` or the next import). */
    "DROP TABLE posts_fts_terms;"
    "DROP TABLE posts_fts;"
    "CREATE VIRTUAL TABLE posts_fts USING fts5(text, translation,"
    "  content='posts_fts_src', content_rowid='id', tokenize='trigram',"
    "  detail=none);"
    "INSERT INTO posts_fts(posts_fts, rank) VALUES('hashsize', 33554432);"
    "INSERT INTO posts_fts(posts_fts, rank) VALUES('automerge', 16);"
    "CREATE VIRTUAL TABLE posts_fts_terms USING fts5vocab(posts_fts, instance);"
    "DROP TABLE comments_fts;"
    "CREATE VIRTUAL TABLE comments_fts USING fts5(text,"
    "  content='comments_fts_src', content_rowid='id', tokenize='trigram',"
    "  detail=none);"
    "INSERT INTO comments_fts(comments_fts, rank) VALUES('automerge', 16);"
    "INSERT OR REPLACE INTO meta VALUES('index_posts', 0);"
    "INSERT OR REPLACE INTO meta VALUES('index_comments', 0);",

    /* 20: the per-day counts of the days around 1970-01-01 made again. An
     * import counted a day of `daily` and comments_daily rounding down
     * while it listed the days it touched toward zero, so a post or
     * comment of 1970-01-01 east of UTC (between -86399 and -1) was on no
     * day; both are toward zero now (src/import/store.c). */
    "DELETE FROM daily WHERE day BETWEEN -1 AND 0;"
    "INSERT INTO daily SELECT ts_utc / 86400, platform, lang, count(*),"
    "  CAST(total(likes) AS INTEGER) FROM posts"
    "  WHERE ts_utc BETWEEN -172799 AND 86399 GROUP BY 1, 2, 3;"
    "DELETE FROM comments_daily WHERE day BETWEEN -1 AND 0;"
    "INSERT INTO comments_daily SELECT ts_utc / 86400, platform, lang, count(*),"
    "  CAST(total(likes) AS INTEGER) FROM comments"
    "  WHERE ts_utc BETWEEN -172799 AND 86399 GROUP BY 1, 2, 3;",
};

#define NMIGRATIONS ((int)(sizeof migrations / sizeof migrations[0]))

_Static_assert(sizeof migrations / sizeof migrations[0] == DB_SCHEMA_VERSION,
               "DB_SCHEMA_VERSION must equal the number of migrations");

static int exec(struct db *db, const char *sql, struct rf_error *err)
{
    char *msg = NULL;

    if (sqlite3_exec(db->sql, sql, NULL, NULL, &msg) != SQLITE_OK) {
        rf_error_set(err, "%s: %s", db->path[0] ? db->path : _("cache"),
                     msg ? msg : sqlite3_errmsg(db->sql));
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

static int query_int(struct db *db, const char *sql, int64_t *out, struct rf_error *err)
{
    sqlite3_stmt *st;
    int rc;

    if (sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL) != SQLITE_OK) {
        rf_error_set(err, "%s", sqlite3_errmsg(db->sql));
        return -1;
    }
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *out = sqlite3_column_int64(st, 0);
    else if (rc == SQLITE_DONE)
        *out = 0;
    else
        rf_error_set(err, "%s", sqlite3_errmsg(db->sql));
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

static int too_new(struct db *db, int64_t version, struct rf_error *err)
{
    rf_error_set(err,
                 _("%s has cache schema version %lld, newer than this refuge understands "
                   "(%d); use a newer refuge, or another cache with --db"),
                 db->path, (long long)version, NMIGRATIONS);
    return -1;
}

/* Runs the missing migrations, each with its user_version bump in one
 * transaction. The version is read again under the write lock, so two
 * programs opening a new cache at once do not both run a step. */
static int migrate(struct db *db, struct rf_error *err)
{
    int64_t version;
    char bump[64];

    if (query_int(db, "PRAGMA user_version", &version, err) != 0)
        return -1;
    db->found_version = (int)version;
    if (version > NMIGRATIONS)
        return too_new(db, version, err);
    while (version < NMIGRATIONS) {
        if (exec(db, "BEGIN IMMEDIATE", err) != 0)
            return -1;
        if (query_int(db, "PRAGMA user_version", &version, err) != 0) {
            exec(db, "ROLLBACK", NULL);
            return -1;
        }
        if (version >= NMIGRATIONS) {
            exec(db, "ROLLBACK", NULL);
            return version > NMIGRATIONS ? too_new(db, version, err) : 0;
        }
        snprintf(bump, sizeof bump, "PRAGMA user_version = %d", (int)version + 1);
        if (exec(db, migrations[version], err) != 0 || exec(db, bump, err) != 0) {
            char reason[sizeof err->msg];
            snprintf(reason, sizeof reason, "%s", err ? err->msg : "");
            exec(db, "ROLLBACK", NULL);
            rf_error_set(err, _("cannot upgrade the cache to version %d: %s"), (int)version + 1,
                         reason);
            return -1;
        }
        if (exec(db, "COMMIT", err) != 0) {
            exec(db, "ROLLBACK", NULL);
            return -1;
        }
        version++;
    }
    return 0;
}

/* The file's directory, into buf. */
static void dir_of(const char *path, char *buf, size_t size)
{
    char *slash;

    snprintf(buf, size, "%s", path);
    slash = strrchr(buf, '/');
    if (slash == buf)
        buf[1] = '\0';
    else if (slash)
        *slash = '\0';
    else
        snprintf(buf, size, ".");
}

/* An existing cache this user cannot change: the file is read-only, or its
 * directory is (WAL needs to create the -wal and -shm files beside it). */
static bool cannot_write(const char *path)
{
    char dir[4096];

    if (access(path, F_OK) != 0)
        return false;
    dir_of(path, dir, sizeof dir);
    return access(path, W_OK) != 0 || access(dir, W_OK | X_OK) != 0;
}

char *db_file_uri(const char *path, const char *query)
{
    static const char hex[] = "0123456789ABCDEF";
    char *uri = malloc(strlen(path) * 3 + strlen(query) + 8), *o = uri;

    if (!uri)
        return NULL;
    o += sprintf(o, "file:");
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if (*p == '%' || *p == '?' || *p == '#' || *p < 0x20 || *p >= 0x7f) {
            *o++ = '%';
            *o++ = hex[*p >> 4];
            *o++ = hex[*p & 15];
        } else {
            *o++ = (char)*p;
        }
    }
    sprintf(o, "?%s", query);
    return uri;
}

/* Reads the schema: the first statement that touches the file's pages. */
static int probe(struct db *db, struct rf_error *err)
{
    int64_t n;

    return query_int(db, "SELECT count(*) FROM sqlite_master", &n, err);
}

/* True when a rollback journal lies beside the file: a transaction is
 * writing it (db_journal_alone()), or one was killed and SQLite rolls it
 * back at the next read. */
static bool has_journal(const char *path)
{
    char journal[4200];

    snprintf(journal, sizeof journal, "%s-journal", path);
    return access(journal, F_OK) == 0;
}

/* Cheap signs of a damaged file, before SQLite reads it: a header that is
 * not SQLite's, or a file shorter than the page count its header records
 * (a truncated copy). Only meaningful with no write-ahead log or rollback
 * journal beside it (a transaction killed halfway through writing the
 * file leaves it short until its journal is rolled back). Returns 0 or -1
 * with err set. */
static int header_check_once(const char *path, struct rf_error *err)
{
    unsigned char h[100];
    char wal[4200];
    struct stat st, wst;
    FILE *f;
    size_t got;

    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size == 0)
        return 0;
    if (!(f = fopen(path, "rb")))
        return 0; /* sqlite3_open_v2 says why */
    got = fread(h, 1, sizeof h, f);
    fclose(f);
    if (got < sizeof h || memcmp(h, "SQLite format 3", 16) != 0) {
        rf_error_set(err, _("%s is not a database (damaged, or not a refuge cache)"), path);
        return -1;
    }
    snprintf(wal, sizeof wal, "%s-wal", path);
    if ((stat(wal, &wst) != 0 || wst.st_size == 0) && !has_journal(path)) {
        unsigned page = (unsigned)h[16] << 8 | h[17];
        uint32_t pages = (uint32_t)h[28] << 24 | (uint32_t)h[29] << 16 | (uint32_t)h[30] << 8 |
                         h[31];
        bool valid = pages != 0 && memcmp(h + 24, h + 92, 4) == 0;
        if (page == 1)
            page = 65536;
        if (valid && (int64_t)pages * page > (int64_t)st.st_size) {
            rf_error_set(err, _("%s is damaged: it is shorter than its header says (truncated?)"),
                         path);
            return -1;
        }
    }
    return 0;
}

/* Another refuge may be creating the file this very moment, its header or
 * its pages half written: only a file that still looks damaged after a
 * short while (a quarter of a second) is called damaged. */
static int header_check(const char *path, struct rf_error *err)
{
    for (int attempt = 0;; attempt++) {
        struct timespec pause = {.tv_sec = 0, .tv_nsec = 50 * 1000 * 1000};

        if (header_check_once(path, err) == 0)
            return 0;
        if (attempt == 4)
            return -1;
        nanosleep(&pause, NULL);
    }
}

/* The last error says the file is not a database or is malformed. */
static bool damaged(struct db *db)
{
    int code = sqlite3_errcode(db->sql) & 0xff;

    return code == SQLITE_NOTADB || code == SQLITE_CORRUPT;
}

/* A snapshot made by `refuge publish` (see publish.h): a file nobody may
 * write, in rollback-journal mode (header bytes 18 and 19 are 1; WAL
 * writes 2), with no journal beside it. Such a file is only ever replaced
 * by renaming another over its path, never changed in place, so it is read
 * as immutable: no locks, no -shm, nothing to write anywhere. */
static bool published_snapshot(const char *path)
{
    unsigned char h[20];
    struct stat st;
    FILE *f;
    bool ok;

    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) || (st.st_mode & 0222) != 0 ||
        has_journal(path))
        return false;
    if (!(f = fopen(path, "rb")))
        return false;
    ok = fread(h, 1, sizeof h, f) == sizeof h && h[18] == 1 && h[19] == 1;
    fclose(f);
    return ok;
}

/* Remembers which file the path names now (see db_replaced()). */
static void note_file(struct db *db)
{
    struct stat st;

    if (db->path[0] && stat(db->path, &st) == 0) {
        db->dev = st.st_dev;
        db->ino = st.st_ino;
        db->mtime = st.st_mtim;
    }
}

/* Opens db->path read-only through a URI (immutable when db->immutable). */
static int open_readonly(struct db *db, int flags, struct rf_error *err)
{
    char *uri = db_file_uri(db->path, db->immutable ? "mode=ro&immutable=1" : "mode=ro");

    if (!uri || sqlite3_open_v2(uri, &db->sql, flags, NULL) != SQLITE_OK) {
        rf_error_set(err, _("cannot open %s: %s"), db->path,
                     db->sql ? sqlite3_errmsg(db->sql) : _("out of memory"));
        free(uri);
        return -1;
    }
    free(uri);
    return 0;
}

static int open_common(const char *path, int flags, struct db **out, struct rf_error *err)
{
    struct db *db = calloc(1, sizeof *db);
    bool memory = (flags & SQLITE_OPEN_MEMORY) != 0;

    /* No memory statistics: they take a global mutex on every allocation.
     * This only works before SQLite initialises, i.e. on the first open;
     * later calls fail harmlessly. */
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);

    *out = NULL;
    if (!db || !(db->path = strdup(path))) {
        free(db);
        rf_error_set(err, _("out of memory"));
        return -1;
    }
    if (!memory && header_check(path, err) != 0) {
        db_close(db);
        return -2;
    }
    /* A published snapshot is never written, even by a user (root) whom
     * its permissions do not stop. */
    if (!memory && (cannot_write(path) || published_snapshot(path))) {
        /* The connection itself stays read-write (the URI makes the cache
         * read-only) so that the user's private state file can be
         * attached to it read-write (see userstate.h). */
        db->readonly = true;
        db->immutable = published_snapshot(path);
        flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_URI |
                SQLITE_OPEN_NOMUTEX;
    }
    if (db->readonly) {
        if (open_readonly(db, flags, err) != 0) {
            db_close(db);
            return -1;
        }
    } else if (sqlite3_open_v2(path, &db->sql, flags, NULL) != SQLITE_OK) {
        rf_error_set(err, _("cannot open %s: %s"), path[0] ? path : _("in-memory cache"),
                     db->sql ? sqlite3_errmsg(db->sql) : _("out of memory"));
        db_close(db);
        return -1;
    }
    sqlite3_extended_result_codes(db->sql, 1);
    sqlite3_busy_timeout(db->sql, DB_BUSY_TIMEOUT_MS);
    quarters_register(db->sql); /* a failure shows as "no such function" where used */
    if (db->readonly) {
        struct rf_error why = {{0}};
        /* A WAL cache in a directory where the -shm file cannot be made:
         * read it as immutable (no locks; another process's later writes
         * are not seen). */
        if (!db->immutable && probe(db, &why) != 0 &&
            ((sqlite3_errcode(db->sql) & 0xff) == SQLITE_CANTOPEN ||
             (sqlite3_errcode(db->sql) & 0xff) == SQLITE_READONLY)) {
            sqlite3_close_v2(db->sql);
            db->sql = NULL;
            db->immutable = true;
            if (open_readonly(db, flags, err) != 0) {
                db_close(db);
                return -1;
            }
            sqlite3_extended_result_codes(db->sql, 1);
            quarters_register(db->sql);
        }
        if (probe(db, err) != 0 || exec(db, "PRAGMA temp_store = MEMORY", err) != 0) {
            int rc = damaged(db) ? -2 : -1;
            db_close(db);
            return rc;
        }
        int64_t version;
        if (query_int(db, "PRAGMA user_version", &version, err) != 0) {
            db_close(db);
            return -1;
        }
        db->found_version = (int)version;
        if (version != NMIGRATIONS) {
            if (version > NMIGRATIONS)
                too_new(db, version, err);
            else
                rf_error_set(err,
                             _("%s is read-only and needs upgrading to schema version %d; "
                               "make it writable, or choose another cache with --db PATH"),
                             path, NMIGRATIONS);
            db_close(db);
            return -1;
        }
        note_file(db);
        *out = db;
        return 0;
    }
    /* journal_mode is the first statement to read the file, so a file that
     * is not a database fails here with SQLite's own words. Temporary
     * B-trees (sorting, grouping, IN lists) stay in SQLite's default, a
     * file that holds only what spills from the page cache: in memory they
     * grew to 68 MiB for the stats of a search matching 600,000 posts, and
     * took twice as long. */
    if (exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
                 "PRAGMA foreign_keys = ON;",
             err) != 0 ||
        probe(db, err) != 0 || migrate(db, err) != 0) {
        int rc = damaged(db) ? DB_OPEN_DAMAGED : -1;
        /* Locked, in rollback mode, with its journal: another process
         * writes it without the log (db_journal_alone()) until its
         * transaction commits. Its pages are not readable meanwhile. */
        if ((sqlite3_errcode(db->sql) & 0xff) == SQLITE_BUSY && has_journal(path)) {
            rf_error_set(err, _("an import is writing the first rows of %s; it opens once they "
                                "are in"),
                         path);
            rc = DB_OPEN_BUSY;
        }
        db_close(db);
        return rc;
    }
    note_file(db);
    *out = db;
    return 0;
}

/* A connection is used by one thread at a time, so it needs no mutex. */
int db_open(const char *path, struct db **out, struct rf_error *err)
{
    /* Several refuges creating or migrating one cache at once can meet a
     * lock SQLite will not wait for (switching to WAL, a reader turning
     * writer); the whole open is safe to repeat, so repeat it for up to
     * two seconds before giving up. */
    for (int attempt = 0;; attempt++) {
        struct timespec pause = {.tv_sec = 0, .tv_nsec = 50 * 1000 * 1000};
        int rc = open_common(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                                       SQLITE_OPEN_NOMUTEX,
                             out, err);

        if (rc == 0 || rc == DB_OPEN_BUSY || attempt == 40 ||
            !strstr(err ? err->msg : "", "database is locked"))
            return rc;
        nanosleep(&pause, NULL);
    }
}

int db_open_memory(struct db **out, struct rf_error *err)
{
    return open_common("",
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_MEMORY |
                           SQLITE_OPEN_NOMUTEX,
                       out, err);
}

void db_close(struct db *db)
{
    if (!db)
        return;
    sqlite3_close_v2(db->sql);
    for (size_t i = 0; i < db->nattached; i++)
        free(db->attached[i].uri);
    free(db->path);
    free(db);
}

/* ATTACH uri AS schema on the connection. */
static int attach_sql(struct db *db, const char *schema, const char *uri, struct rf_error *err)
{
    char *sql = sqlite3_mprintf("ATTACH %Q AS \"%w\"", uri, schema);
    int rc;

    if (!sql) {
        rf_error_set(err, _("out of memory"));
        return -1;
    }
    rc = exec(db, sql, err);
    sqlite3_free(sql);
    return rc;
}

int db_attach(struct db *db, const char *schema, const char *uri, struct rf_error *err)
{
    struct attached *a;

    if (db->nattached == sizeof db->attached / sizeof db->attached[0] ||
        strlen(schema) >= sizeof a->schema) {
        rf_error_set(err, _("cannot attach %s: too many attached databases"), schema);
        return -1;
    }
    a = &db->attached[db->nattached];
    if (!(a->uri = strdup(uri))) {
        rf_error_set(err, _("out of memory"));
        return -1;
    }
    if (attach_sql(db, schema, uri, err) != 0) {
        free(a->uri);
        a->uri = NULL;
        return -1;
    }
    snprintf(a->schema, sizeof a->schema, "%s", schema);
    db->nattached++;
    return 0;
}

void db_detach(struct db *db, const char *schema)
{
    for (size_t i = 0; i < db->nattached; i++)
        if (strcmp(db->attached[i].schema, schema) == 0) {
            char *sql = sqlite3_mprintf("DETACH \"%w\"", schema);
            if (sql)
                exec(db, sql, NULL);
            sqlite3_free(sql);
            free(db->attached[i].uri);
            db->attached[i] = db->attached[--db->nattached];
            return;
        }
}

bool db_attached(const struct db *db, const char *schema)
{
    for (size_t i = 0; i < db->nattached; i++)
        if (strcmp(db->attached[i].schema, schema) == 0)
            return true;
    return false;
}

bool db_replaced(const struct db *db)
{
    struct stat st;

    if (!db->path[0] || stat(db->path, &st) != 0)
        return false; /* gone for a moment mid-rename, or in memory: nothing new yet */
    /* A writable cache's time changes with every write of its own. */
    return st.st_dev != db->dev || st.st_ino != db->ino ||
           (db->readonly && (st.st_mtim.tv_sec != db->mtime.tv_sec ||
                             st.st_mtim.tv_nsec != db->mtime.tv_nsec));
}

int db_reopen(struct db *db, struct rf_error *err)
{
    struct db *fresh;

    if (open_common(db->path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                    &fresh, err) != 0)
        return -1;
    for (size_t i = 0; i < db->nattached; i++)
        if (attach_sql(fresh, db->attached[i].schema, db->attached[i].uri, err) != 0) {
            db_close(fresh);
            return -1;
        }
    sqlite3_close_v2(db->sql);
    db->sql = fresh->sql;
    db->found_version = fresh->found_version;
    db->readonly = fresh->readonly;
    db->immutable = fresh->immutable;
    db->dev = fresh->dev;
    db->ino = fresh->ino;
    db->mtime = fresh->mtime;
    fresh->sql = NULL;
    db_close(fresh);
    return 0;
}

int db_identity(struct db *db, char *buf, size_t size, struct rf_error *err)
{
    unsigned char bytes[16];
    char fresh[2 * sizeof bytes + 1];
    sqlite3_stmt *st;
    int found;

    if ((found = db_meta_get(db, "cache_id", buf, size, err)) != 0)
        return found < 0 ? -1 : 0;
    if (db->readonly || !db->path[0]) {
        /* No identity stored and none can be: the file's own path stands
         * for it (a copy elsewhere gets other marks). FNV-1a, 64 bits. */
        char real[4096];
        uint64_t h = 1469598103934665603u;
        const char *p = db->path[0] && realpath(db->path, real) ? real : db->path;
        for (; *p; p++)
            h = (h ^ (unsigned char)*p) * 1099511628211u;
        snprintf(buf, size, "path-%016llx", (unsigned long long)h);
        return 0;
    }
    if (getrandom(bytes, sizeof bytes, 0) != (ssize_t)sizeof bytes) {
        rf_error_set(err, _("cannot make the cache's identity: %s"), strerror(errno));
        return -1;
    }
    for (size_t i = 0; i < sizeof bytes; i++)
        snprintf(fresh + 2 * i, 3, "%02x", bytes[i]);
    /* Another refuge may be making one this moment: the first one stays. */
    if (sqlite3_prepare_v2(db->sql, "INSERT OR IGNORE INTO meta(key, value) VALUES('cache_id', ?1)",
                           -1, &st, NULL) != SQLITE_OK) {
        rf_error_set(err, "%s", sqlite3_errmsg(db->sql));
        return -1;
    }
    sqlite3_bind_text(st, 1, fresh, -1, SQLITE_STATIC);
    found = sqlite3_step(st);
    sqlite3_finalize(st);
    if (found != SQLITE_DONE) {
        rf_error_set(err, "%s", sqlite3_errmsg(db->sql));
        return -1;
    }
    return db_meta_get(db, "cache_id", buf, size, err) == 1 ? 0 : -1;
}

sqlite3 *db_sql(struct db *db)
{
    return db->sql;
}

const char *db_path(const struct db *db)
{
    return db->path;
}

int db_found_version(const struct db *db)
{
    return db->found_version;
}

bool db_readonly(const struct db *db)
{
    return db->readonly;
}

int db_begin(struct db *db, struct rf_error *err)
{
    if (db->readonly) {
        rf_error_set(err, _("the cache %s is read-only: nothing can be saved to it"), db->path);
        return -1;
    }
    return exec(db, "BEGIN IMMEDIATE", err);
}

int db_commit(struct db *db, struct rf_error *err)
{
    return exec(db, "COMMIT", err);
}

void db_rollback(struct db *db)
{
    if (!sqlite3_get_autocommit(db->sql))
        exec(db, "ROLLBACK", NULL);
}

int db_meta_get(struct db *db, const char *key, char *buf, size_t size, struct rf_error *err)
{
    sqlite3_stmt *st;
    int rc, found = 0;

    buf[0] = '\0';
    if (sqlite3_prepare_v2(db->sql, "SELECT value FROM meta WHERE key = ?1", -1, &st, NULL) !=
        SQLITE_OK) {
        rf_error_set(err, "%s", sqlite3_errmsg(db->sql));
        return -1;
    }
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        snprintf(buf, size, "%s", (const char *)sqlite3_column_text(st, 0));
        found = 1;
    } else if (rc != SQLITE_DONE) {
        rf_error_set(err, "%s", sqlite3_errmsg(db->sql));
        found = -1;
    }
    sqlite3_finalize(st);
    return found;
}

int db_meta_set(struct db *db, const char *key, const char *value, struct rf_error *err)
{
    sqlite3_stmt *st;
    int rc;

    if (sqlite3_prepare_v2(db->sql,
                           "INSERT INTO meta(key, value) VALUES(?1, ?2)"
                           " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                           -1, &st, NULL) != SQLITE_OK) {
        rf_error_set(err, "%s", sqlite3_errmsg(db->sql));
        return -1;
    }
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    if (rc != SQLITE_DONE)
        rf_error_set(err, "%s", sqlite3_errmsg(db->sql));
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* PRAGMA main.journal_mode = MODE (the attached user state keeps its own);
 * true when the main file now uses MODE. SQLite answers with the mode it
 * kept, or fails (busy), when it cannot switch. */
static bool journal_mode_set(struct db *db, const char *mode)
{
    char sql[64];
    sqlite3_stmt *st;
    bool done = false;

    snprintf(sql, sizeof sql, "PRAGMA main.journal_mode = %s", mode);
    if (sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL) != SQLITE_OK)
        return false;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        done = sqlite3_stricmp((const char *)sqlite3_column_text(st, 0), mode) == 0;
    sqlite3_finalize(st);
    return done;
}

bool db_journal_alone(struct db *db)
{
    if (db->readonly || !db->path[0] || !sqlite3_get_autocommit(db->sql) ||
        !journal_mode_set(db, "delete"))
        return false;
    /* NORMAL syncs a rollback journal once: a power cut could leave a
     * journal that does not undo the transaction. */
    exec(db, "PRAGMA main.synchronous = FULL", NULL);
    return true;
}

int db_journal_shared(struct db *db, struct rf_error *err)
{
    for (int attempt = 0;; attempt++) {
        struct timespec pause = {.tv_sec = 0, .tv_nsec = 50 * 1000 * 1000};

        if (journal_mode_set(db, "wal"))
            break;
        if (attempt == 40) {
            rf_error_set(err, "%s: %s", db->path, sqlite3_errmsg(db->sql));
            return -1;
        }
        nanosleep(&pause, NULL);
    }
    return exec(db, "PRAGMA main.synchronous = NORMAL", err);
}

void db_bulk_mode(struct db *db, bool on)
{
    /* 256 MiB of page cache keeps the index b-trees of a million-post
     * import in memory; the default (2 MiB) thrashes. */
    exec(db, on ? "PRAGMA cache_size = -262144" : "PRAGMA cache_size = -2000", NULL);
}

int db_data_version(struct db *db, int64_t *out, struct rf_error *err)
{
    return query_int(db, "PRAGMA data_version", out, err);
}

int db_check(struct db *db, struct db_report *out, struct rf_error *err)
{
    static const struct {
        const char *sql;
        size_t offset;
    } counts[] = {
        {"SELECT count(*) FROM posts", offsetof(struct db_report, posts)},
        {"SELECT count(*) FROM post_tags", offsetof(struct db_report, tags)},
        {"SELECT count(*) FROM events", offsetof(struct db_report, events)},
        {"SELECT count(*) FROM figures", offsetof(struct db_report, figures)},
        {"SELECT count(*) FROM sources", offsetof(struct db_report, sources)},
        {"SELECT count(*) FROM posts_fts_docsize", offsetof(struct db_report, fts_rows)},
        {"SELECT coalesce(sum(posts), 0) FROM daily", offsetof(struct db_report, daily_posts)},
        {"SELECT coalesce((SELECT sum(j.value) FROM day_quarters d,"
         " json_each(refuge_quarters_json(d.counts)) j WHERE j.key % 3 = 1), 0)"
         " - coalesce((SELECT sum(posts) FROM quarters_gone), 0)",
         offsetof(struct db_report, quarter_posts)},
        {"SELECT count(*) FROM (SELECT 1 FROM ("
         "SELECT d.day AS day, d.platform AS platform, d.lang AS lang, j.value AS n"
         " FROM day_quarters d, json_each(refuge_quarters_json(d.counts)) j"
         " WHERE j.key % 3 = 1"
         " UNION ALL SELECT q / 96, platform, lang, -posts FROM quarters_gone"
         " UNION ALL SELECT day, platform, lang, -posts FROM daily)"
         " GROUP BY day, platform, lang HAVING sum(n) != 0)",
         offsetof(struct db_report, quarter_days_off)},
        {"SELECT count(*) FROM comments", offsetof(struct db_report, comments)},
        {"SELECT count(*) FROM authors", offsetof(struct db_report, authors)},
        {"SELECT count(*) FROM comments_fts_docsize", offsetof(struct db_report, comment_fts_rows)},
        {"SELECT coalesce(sum(comments), 0) FROM comments_daily",
         offsetof(struct db_report, daily_comments)},
        {"SELECT count(*) FROM posts WHERE id > " DB_INDEXED_POSTS,
         offsetof(struct db_report, posts_waiting)},
        {"SELECT count(*) FROM comments WHERE id > " DB_INDEXED_COMMENTS,
         offsetof(struct db_report, comments_waiting)},
    };
    sqlite3_stmt *st;
    int64_t version;
    struct rf_error fts_err = {{0}};

    memset(out, 0, sizeof *out);
    if (sqlite3_prepare_v2(db->sql, "PRAGMA integrity_check(1)", -1, &st, NULL) != SQLITE_OK) {
        rf_error_set(err, "%s", sqlite3_errmsg(db->sql));
        return -1;
    }
    if (sqlite3_step(st) == SQLITE_ROW)
        snprintf(out->integrity, sizeof out->integrity, "%s",
                 (const char *)sqlite3_column_text(st, 0));
    else
        snprintf(out->integrity, sizeof out->integrity, "%s", sqlite3_errmsg(db->sql));
    sqlite3_finalize(st);
    if (query_int(db, "PRAGMA user_version", &version, err) != 0)
        return -1;
    out->schema_version = (int)version;
    for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++)
        if (query_int(db, counts[i].sql, (int64_t *)((char *)out + counts[i].offset), err) != 0)
            return -1;
    /* The search index must agree with the posts it indexes. Its check is
     * a write statement, so a read-only cache only has its rows counted;
     * and it compares the index with every row, so an index still being
     * built (rows above its watermark) has only its rows counted too. */
    if (strcmp(out->integrity, "ok") == 0 && !db->readonly &&
        ((out->posts_waiting == 0 &&
          exec(db, "INSERT INTO posts_fts(posts_fts, rank) VALUES('integrity-check', 1)",
               &fts_err) != 0) ||
         (out->comments_waiting == 0 &&
          exec(db, "INSERT INTO comments_fts(comments_fts, rank) VALUES('integrity-check', 1)",
               &fts_err) != 0)))
        snprintf(out->integrity, sizeof out->integrity, "search index: %.200s", fts_err.msg);
    char kept[16];
    if (db_meta_get(db, "bundle_hash", out->bundle_hash, sizeof out->bundle_hash, err) < 0 ||
        db_meta_get(db, DB_META_BUNDLE, kept, sizeof kept, err) < 0)
        return -1;
    out->bundle_left_out = strcmp(kept, "no") == 0;
    return 0;
}
