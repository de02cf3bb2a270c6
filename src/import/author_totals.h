/* author_totals.h — the per-author summary table, kept by the importer.
 *
 * author_totals (db.c, migration 13) holds one row per author identity
 * (platform, keyed, key: model_authors.h's identity) with its posts,
 * comments, the sum of its posts' likes and whether that sum is a lower
 * bound, first and last seen, a region and whether any of its posts is
 * illustrative: what an unfiltered `refuge authors` lists, answered without
 * reading the posts (which at a million posts took 33 to 64 s).
 *
 * Only the identities a change touched are counted again, each through the
 * indexes of its author row or its name, so an import's cost grows with
 * what it wrote, not with the cache (an import that wrote most of it
 * counts them all in one pass instead). The functions run inside the
 * transaction that made the change; they use the connection's temporary
 * table temp.author_touched. Return 0, or -1 with err set.
 */
#ifndef REFUGE_IMPORT_AUTHOR_TOTALS_H
#define REFUGE_IMPORT_AUTHOR_TOTALS_H

#include <sqlite3.h>

#include "../error.h"

/* At the end of an import, before the store's finish drops orphaned
 * author rows: counts again every identity the import wrote a post or
 * comment of, or took one from (read from the store's temporary tables:
 * temp.import_base, import_old, import_cold, import_dropped). Self-contained:
 * the store calls it (or author_totals_rebuild()) once whatever way the
 * rows were written. */
int author_totals_after_import(sqlite3 *sql, struct rf_error *err);

/* Before posts are deleted: notes the identities of the posts `where`
 * selects (an SQL condition over posts p, such as "p.bundled"); after the
 * deletion, author_totals_recount() counts them again. */
int author_totals_touch_posts(sqlite3 *sql, const char *where, struct rf_error *err);
int author_totals_recount(sqlite3 *sql, struct rf_error *err);

/* Counts every author again, as migration 13 first filled the table: for
 * rows written to the cache by other means than the importer (a test's
 * fixture, a repair), and in place of author_totals_after_import() after
 * an import that wrote most of the posts and comments (store_finish()).
 * Reads every post and comment once. */
int author_totals_rebuild(sqlite3 *sql, struct rf_error *err);

#endif
