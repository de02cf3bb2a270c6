/* bundle.h — the dataset compiled into the program, and opening the cache.
 *
 * The JSON Lines files in assets/data are embedded at build time:
 * src/gen/embed.c writes bundle_data.c with their bytes and a 64-bit FNV-1a
 * hash of them all (a change detector, not a security measure). When a
 * cache's meta records another hash, the bundle is imported again in one
 * transaction: earlier bundled events, figures and posts are replaced, and
 * the user's read/starred state survives because it is keyed by platform
 * and post id.
 */
#ifndef REFUGE_BUNDLE_H
#define REFUGE_BUNDLE_H

#include <stdbool.h>

#include "db.h"
#include "error.h"

/* The embedded files, from the generated bundle_data.c. */
struct bundle_file {
    const char *name; /* "events.jsonl" */
    const unsigned char *data;
    unsigned long size;
};
extern const struct bundle_file bundle_files[];
extern const unsigned long bundle_nfiles;
extern const char bundle_hash[]; /* 16 hex digits over names and contents */

/* Imports the bundle when the cache's recorded hash differs. Returns 0
 * (nothing to do, or done), or -1 with err set and the cache unchanged. */
int bundle_sync(struct db *db, struct rf_error *err);

/* What bundle_drop() removed. */
struct bundle_dropped {
    long long posts, events, figures;
};

/* Removes the bundled posts, events and figures in one transaction and marks
 * the cache as kept without the bundle. Imported rows, stars and read marks
 * (kept by platform and id), codes and marks stay; the per-day counts, tag
 * counts and search index follow the deletes. Returns 0 or -1 with err set
 * and the cache unchanged. */
int bundle_drop(struct db *db, struct bundle_dropped *out, struct rf_error *err);

/* Opens the cache the user asked for: `path`, or the default
 * ($XDG_DATA_HOME/refuge/cache.db) when NULL, creating its directory; then
 * brings the bundle in, unless `bundle` is false, the cache is kept without
 * it (DB_META_BUNDLE), or the environment sets REFUGE_NO_BUNDLE (for tests:
 * nothing is recorded). With `bundle` false, a cache that has no bundled
 * dataset yet is marked as kept without it; one that has it keeps it, and
 * `warning` names `refuge drop --bundled`.
 * A failure to load the bundle is not fatal: the cache opens and `warning`
 * says why. A read-only cache opens (see db_open()) without a bundle
 * import; a warning says so when its bundled dataset is older than this
 * program's, unless it is a published snapshot (meta 'published_at').
 * Returns 0 or -1 with err set (an unwritable directory names
 * --db as the way out; a damaged file names --rebuild), or DB_OPEN_BUSY
 * (db.h) while another process writes a first import's rows into it. With `rebuild`,
 * an existing cache is first renamed to PATH.damaged-YYYYMMDD-HHMMSS (its
 * -wal and -shm files with it; nothing is deleted) and a new one is made;
 * `warning` then names the kept file. */
int bundle_open_cache(const char *path, bool rebuild, bool bundle, struct db **out,
                      struct rf_error *warning, struct rf_error *err);

#endif
