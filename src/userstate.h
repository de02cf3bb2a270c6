/* userstate.h — where the user's own tables live: the one seam for user state.
 *
 * User tables hold what one person makes of the data: stars and read marks
 * (table `state`) today; codes, marked rows and saved views join them. They
 * are keyed by what outlives re-imports and republished snapshots
 * (platform and ext_id, never posts.id).
 *
 * Where they live, decided once by userstate_open() after db_open():
 * - a cache this user can write keeps them inside, in schema "main", as it
 *   always did;
 * - a cache this user cannot write (a class's snapshot made by
 *   `refuge publish`, or any read-only cache) gets a private state file,
 *   $XDG_DATA_HOME/refuge/state-ID.db (~/.local/share/refuge/ without it),
 *   attached to the cache's connection as schema "user". ID is the cache's
 *   identity (db_identity()), which publish copies, so a student's marks
 *   follow the shared cache through every update the instructor publishes.
 *   The file is made mode 0600. When it cannot be made (no HOME, a
 *   read-only home) or used (damaged: it is left as it is), an in-memory
 *   database stands in, and userstate_open() says in `warning` that marks
 *   will not be kept.
 *
 * Contract for code that reads or writes user tables (the model and its
 * parts): name every user table with the schema userstate_schema() gives
 * ("... LEFT JOIN %s.state s ON ..."), never bare; posts and everything
 * else are in main. Whether marks can be saved is userstate_writable(),
 * not db_readonly(): a read-only shared cache still takes them.
 *
 * Adding a user table: append a step to `steps` in userstate.c (its SQL
 * names the schema as %s) and the table to `tables`; never edit a step that
 * shipped. The steps run in whichever schema holds the user tables: the
 * cache counts those it ran in meta 'user_version', a private file in its
 * PRAGMA user_version. So user tables are made here, not by db.c's
 * migrations (`state` is the one exception: db.c's first migration made it
 * before this seam existed, and its step here is CREATE ... IF NOT EXISTS).
 * `refuge publish` empties every user table of the snapshot it writes
 * (userstate_clear()): the instructor's own marks are not handed out.
 *
 * Threads: as for the db handle it is given.
 */
#ifndef REFUGE_USERSTATE_H
#define REFUGE_USERSTATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "error.h"

/* The schema name of the attached private state file. */
#define USERSTATE_SCHEMA "user"

/* Decides where the user tables live for this cache (above), attaches the
 * private file when they live there, and brings the tables up to date.
 * Returns 0 (with `warning` set when marks will not be kept), or -1 with
 * err set. Call once, before model_new(). */
int userstate_open(struct db *db, struct rf_error *warning, struct rf_error *err);

/* "main" or USERSTATE_SCHEMA: where the user tables are. */
const char *userstate_schema(const struct db *db);

/* True when marks can be saved: a writable cache, or a private file. */
bool userstate_writable(const struct db *db);

/* The private state file this user has for the cache, into buf ("" when
 * the user tables are inside the cache, or in memory). */
void userstate_file(struct db *db, char *buf, size_t size);

/* Counts the user's starred and read posts (for `refuge check`).
 * Returns 0 or -1. */
int userstate_count(struct db *db, int64_t *starred, int64_t *read, struct rf_error *err);

/* Empties every user table in `schema` of the cache's connection (for
 * `refuge publish`, which attaches its snapshot; inside the caller's
 * transaction). Returns 0 or -1. */
int userstate_clear(struct db *db, const char *schema, struct rf_error *err);

#endif
