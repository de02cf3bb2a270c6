/* session.h — the cache and the model a run of refuge works on, opened once.
 *
 * The entry layer opens the session for every command that reads or writes
 * the cache and for the explorer, which receives the open model and never
 * sees the database or the importer. Opening: the cache the options name
 * (--db, else the default path; with --rebuild the old one is moved aside),
 * migrated to the current schema, the bundled dataset imported again when
 * it changed (unless --no-bundle or [data] bundle = no, so the settings must
 * be loaded first), the user's own tables found or attached (userstate.h),
 * then the model over it.
 */
#ifndef REFUGE_SESSION_H
#define REFUGE_SESSION_H

#include "cli.h"
#include "error.h"

struct session {
    struct db *db;
    struct model *model;
};

/* Opens the session. Returns 0, or -1 with err set and nothing left open.
 * A bundled dataset that could not be imported does not stop the session:
 * `warning` says why (its msg stays empty otherwise). */
int session_start(const struct cli_context *ctx, struct session *s, struct rf_error *warning,
                  struct rf_error *err);

/* For a batch command: loads the settings, opens the session and prints a
 * warning when there is one. Returns RF_EXIT_OK, or an exit status after
 * printing why. */
int session_open(struct cli_context *ctx, struct session *s);

/* Closes the model, then the cache. */
void session_close(struct session *s);

#endif
