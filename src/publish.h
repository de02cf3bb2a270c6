/* publish.h — a cache published for many readers: a consistent, read-only
 * snapshot swapped in atomically.
 *
 * SQLite's WAL needs every reader to write a -shm file beside the cache, so
 * a class's shared cache is not the instructor's working cache but a
 * snapshot of it: written whole to a temporary file in DEST's directory
 * (VACUUM INTO, a consistent copy even while an import writes the source),
 * emptied of the instructor's own user tables (userstate.h), switched to
 * the rollback journal, stamped (meta 'published_at', and 'cache_id': the
 * source's identity, so students' private marks follow every update), made
 * read-only (0444), flushed to disk (fsync) and renamed over DEST, then the
 * directory flushed. A reader therefore sees the old file or the new one,
 * never half of either; readers that have the old one open keep reading it
 * (the rename unlinks only its name) until they reload. Readers open such a
 * file as immutable (db.h): no locks, no -shm, nothing written.
 *
 * Publishing again during term is the same command: the instructor imports
 * into their private cache, then publishes over DEST.
 */
#ifndef REFUGE_PUBLISH_H
#define REFUGE_PUBLISH_H

#include "db.h"
#include "error.h"

/* Publishes the open cache `src` as the file `dest` (above). `dest`'s
 * directory must exist and be writable. A file at `dest` is replaced only
 * when it is a SQLite database (a typo must not clobber anything else) and
 * not src's own file.
 * On failure nothing at `dest` changed and no temporary file is left.
 * Returns 0, or -1 with err set. */
int publish_cache(struct db *src, const char *dest, struct rf_error *err);

#endif
