/* db.h — the SQLite cache: open or create it, migrate its schema, keep meta.
 *
 * The schema is an ordered list of migrations in db.c; the cache's
 * `PRAGMA user_version` says how many have run. Opening a cache runs the
 * missing ones, each in its own transaction, so an older cache is upgraded
 * in place and a failed step leaves it at the last good version. A cache
 * whose version is newer than this program knows is refused, never touched.
 *
 * Every connection uses WAL and a busy timeout, so the explorer can read
 * while another process imports into the same file.
 *
 * SQL lives only in db.c (schema, pragmas, meta), import.c (inserts),
 * model.c (everything the UI and the batch commands ask), userstate.c (the
 * user tables: where they live and their schema) and publish.c (the
 * snapshot). Posts are
 * written only by import.c, which brings the per-day table and the tag
 * counts up to date at the end of each import's rows (migrations 3 and 5)
 * and the search index after them, in steps (migration 14: see
 * DB_INDEXED_POSTS); deleting posts keeps them right by triggers. The
 * index reads the texts through the view posts_fts_src, which ends each
 * with two U+FFFF (migration 6): whatever writes to posts_fts gives it the
 * view's values.
 *
 * Threads: a handle is used by one thread at a time (connections are
 * opened without SQLite's mutexes).
 *
 * Ownership: db_open() and db_open_memory() return a handle the caller
 * releases with db_close(). Strings returned through caller buffers are
 * copies; nothing else is handed out.
 */
#ifndef REFUGE_DB_H
#define REFUGE_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

#include "error.h"

/* The schema version this program writes (the number of migrations). */
#define DB_SCHEMA_VERSION 20

/* The migration that made the search indexes anew without positions
 * (detail=none), empty, their watermarks at 0: a cache found older than
 * this has every row waiting for them after its open. */
#define DB_VERSION_INDEX_REMADE 19

/* The search indexes' watermarks (migration 14), as SQL expressions: every
 * post (comment) whose id is at most this is in posts_fts (comments_fts),
 * none above it. An import commits its rows first and leaves new ones
 * above the watermark; src/import/index.c then indexes them in bounded
 * steps, each its own transaction that moves the watermark, so a killed
 * step loses nothing and the next one resumes. Whatever changes the text
 * of an indexed row ('delete' with the old values, then the new) must
 * leave the rows above the watermark alone: the index never held them.
 * Rows above it are searched by a scan (model.c). */
#define DB_INDEXED_POSTS                                                                   \
    "(SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'index_posts')"
#define DB_INDEXED_COMMENTS                                                                \
    "(SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'index_comments')"

/* The quarter hours of each UTC day (migration 18): day_quarters has a row
 * per UTC day (ts_utc / 86400), platform and language whose `counts` packs
 * the posts and likes of each of the day's quarter hours that has posts
 * (src/quarters.h). Posts deleted since the last import are counted apart
 * per quarter hour (ts_utc / 900), by a trigger, in quarters_gone(q,
 * platform, lang, posts, likes): a quarter hour has its posts in
 * day_quarters less those in quarters_gone. An import counts the days it
 * touched and those of quarters_gone again from the posts, and empties
 * quarters_gone.
 *
 * DB_DAY_QUARTERS_OF(from) is the SELECT of day_quarters' rows for the
 * posts `p` that a FROM clause (with joins and a WHERE) gives. */
#define DB_DAY_QUARTERS_OF(from)                                                           \
    "SELECT q / 96, platform, lang, refuge_quarters(q % 96, n, l)"                         \
    " FROM (SELECT p.ts_utc / 900 AS q, p.platform AS platform, p.lang AS lang,"          \
    " count(*) AS n, CAST(total(p.likes) AS INTEGER) AS l " from " GROUP BY 1, 2, 3)"      \
    " GROUP BY 1, 2, 3"

/* Milliseconds a statement waits for another process's lock before it gives
 * up with SQLITE_BUSY. */
#define DB_BUSY_TIMEOUT_MS 5000

struct db;

/* What db_open() returns besides 0 and -1 (err set either way): the file
 * is damaged (not a database, or truncated), or another process is
 * writing the first rows of an import into it without the write-ahead log
 * (db_journal_alone()), so it cannot be opened until they are committed:
 * the caller may try again (every few tenths of a second) or give up. */
#define DB_OPEN_DAMAGED (-2)
#define DB_OPEN_BUSY (-3)

/* Opens the cache at `path`, creating the file when it does not exist
 * (its directory must exist: see paths_make_parent_dirs()), switching it to
 * WAL and migrating it to DB_SCHEMA_VERSION. Returns 0, or -1 with err set
 * (unreadable file, not a SQLite database, a newer schema, a failed
 * migration), DB_OPEN_DAMAGED or DB_OPEN_BUSY. */
int db_open(const char *path, struct db **out, struct rf_error *err);

/* An existing cache this user cannot write (the file, or its directory,
 * is read-only) opens read-only: browsing and the batch reports work,
 * transactions and state changes fail with a message that says so. It must
 * already have the current schema. A WAL cache in a read-only directory is
 * read as immutable (no locks; changes made later by others are not seen).
 *
 * A file nobody may write, in rollback-journal mode, is a published
 * snapshot (see publish.h) and is read as immutable from the start: it is
 * only ever replaced by a rename, never changed in place. The connection
 * of a read-only cache stays read-write, so the user's state file can be
 * attached to it (userstate.h).
 *
 * A file that is not a SQLite database, or is shorter than its header
 * says (truncated), fails here; see bundle_open_cache() for --rebuild. */

/* A private in-memory cache with the current schema, for tests. */
int db_open_memory(struct db **out, struct rf_error *err);

/* A "file:" URI for path with QUERY after the "?" (e.g. "immutable=1"),
 * the path's '%', '?', '#', controls and non-ASCII bytes escaped. Returns a
 * malloc'd string the caller frees, or NULL when memory runs out. */
char *db_file_uri(const char *path, const char *query);

/* Attaches the database at `uri` (a "file:" URI: see db_file_uri()) as
 * `schema`, and again after every db_reopen(). At most two. Returns 0 or -1. */
int db_attach(struct db *db, const char *schema, const char *uri, struct rf_error *err);

/* Detaches what db_attach() attached as `schema` (not attached again by
 * db_reopen()). */
void db_detach(struct db *db, const char *schema);

/* True when db_attach() attached a database as `schema`. */
bool db_attached(const struct db *db, const char *schema);

/* True when the cache's path now names another file than the one opened
 * (another inode, or, for a read-only cache, another modification time): a new snapshot was
 * published over it. One stat(), cheap enough for an idle tick. */
bool db_replaced(const struct db *db);

/* Closes the connection and opens the cache's path again, with the same
 * databases attached: the newly published file is read from then on. The
 * caller finalizes its statements first. On failure the old connection
 * stays. Returns 0 or -1. */
int db_reopen(struct db *db, struct rf_error *err);

/* The cache's identity into buf: meta 'cache_id', made (128 random bits in
 * hex) the first time a writable cache is asked, and copied with the rest
 * of meta by `refuge publish`, so a snapshot and its updates keep one
 * identity. A read-only cache without one is known by a hash of its real
 * path ("path-" and 16 hex digits). Returns 0 or -1. */
int db_identity(struct db *db, char *buf, size_t size, struct rf_error *err);

/* Closes the handle; NULL is allowed. */
void db_close(struct db *db);

/* The connection, for import.c and model.c only (they own their SQL). */
sqlite3 *db_sql(struct db *db);

/* True when the cache was opened read-only (see db_open()). */
bool db_readonly(const struct db *db);

/* The file the cache lives in ("" for an in-memory cache). */
const char *db_path(const struct db *db);

/* The schema version found in the file before db_open() migrated it
 * (0 for a new file). */
int db_found_version(const struct db *db);

/* Transactions. db_begin() takes the write lock at once (BEGIN IMMEDIATE),
 * so an import waits for, rather than fails on, a concurrent writer. */
int db_begin(struct db *db, struct rf_error *err);
int db_commit(struct db *db, struct rf_error *err);
void db_rollback(struct db *db);

/* The meta key that marks a cache kept without the bundled dataset (value
 * "no"): --no-bundle on a new cache, or `refuge drop --bundled`. Such a
 * cache never takes the bundle again (see bundle_open_cache()). */
#define DB_META_BUNDLE "bundle"

/* Reads meta(key) into buf. Returns 1 when found, 0 when absent (buf
 * becomes ""), -1 on error. */
int db_meta_get(struct db *db, const char *key, char *buf, size_t size, struct rf_error *err);

/* Writes meta(key) = value. Returns 0 or -1. */
int db_meta_set(struct db *db, const char *key, const char *value, struct rf_error *err);

/* The journal of a first import's rows (issue 19). In WAL mode every
 * page a transaction writes reaches the disk twice, in the log and again
 * at the checkpoint; a rollback journal keeps a copy of only the pages
 * that existed before the transaction, so the pages an import adds to a
 * new cache are written once. But no reader can use the file while such a
 * transaction writes it: a refuge opening it meanwhile gets DB_OPEN_BUSY.
 * So db_journal_alone() leaves WAL only when no other connection has the
 * file open (SQLite refuses to leave WAL then: an explorer browsing the
 * cache keeps it in WAL), and only outside a transaction; it returns true
 * when the main file now uses the rollback journal (synced in full, so a
 * power cut leaves the old cache). db_journal_shared() goes back to WAL,
 * retrying for two seconds while a refuge that is opening the file holds
 * it for a moment; returns 0 or -1 with err set. A process killed in
 * between leaves the file in rollback mode, with the journal that undoes
 * its transaction: the next db_open() rolls it back and goes back to WAL. */
bool db_journal_alone(struct db *db);
int db_journal_shared(struct db *db, struct rf_error *err);

/* Switches the connection to bulk mode for a large import (a bigger page
 * cache, temporary tables in memory) or back. */
void db_bulk_mode(struct db *db, bool on);

/* PRAGMA data_version: it changes when another connection commits to the
 * file, so the UI can notice an import running in another process.
 * Returns 0 or -1. */
int db_data_version(struct db *db, int64_t *out, struct rf_error *err);

/* What `refuge check` reports. */
struct db_report {
    char integrity[256]; /* "ok" or the first problem integrity_check found */
    int schema_version;
    int64_t posts, tags, events, figures, sources;
    int64_t fts_rows;   /* rows in the search index: posts less posts_waiting */
    int64_t posts_waiting, comments_waiting; /* above the watermarks: not indexed yet */
    int64_t daily_posts; /* posts counted by the per-day table: must equal posts */
    int64_t quarter_posts; /* posts counted per quarter hour: must equal posts */
    /* Days (with a platform and language) whose quarter hours do not add
     * up to the per-day table's count: must be 0. */
    int64_t quarter_days_off;
    int64_t comments, authors;
    int64_t comment_fts_rows; /* rows in the comments' index: comments less comments_waiting */
    int64_t daily_comments;   /* comments counted per day: must equal comments */
    char bundle_hash[65]; /* the bundled dataset's hash in meta, "" if none */
    bool bundle_left_out; /* kept without the bundled dataset (DB_META_BUNDLE) */
};

/* Runs PRAGMA integrity_check and the FTS5 integrity check, and counts the
 * rows of each table. Returns 0 (even when problems were found: they are in
 * the report) or -1 when the queries themselves failed. */
int db_check(struct db *db, struct db_report *out, struct rf_error *err);

#endif
