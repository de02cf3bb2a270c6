/* app.h — the interactive explorer: owns the event loop (input → action →
 * pane state → draw → one doupdate()).
 *
 * The entry layer opens the session and hands the explorer what it needs:
 * an open model, the settings and the tour. The explorer reads and writes
 * the cache only through the model; it never opens or closes the cache,
 * never imports, and reports its own failures by status and message. */
#ifndef REFUGE_APP_H
#define REFUGE_APP_H

#include "../src/config.h"
#include "../src/error.h"
#include "../src/model.h"
#include "tour.h"

struct app_session {
    struct model *model;   /* open; the explorer neither opens nor frees it */
    struct config *config; /* loaded settings (key bindings, colours, panes) */
    struct tour *tour;     /* a loaded tour to present, or NULL; the caller frees it */
    const char *notice;    /* for the status line at the start (a bundle that
                              could not be loaded), or NULL */
};

/* Runs the explorer until the user quits, a signal arrives or the terminal
 * hangs up; the terminal is restored on every path. Returns the exit status:
 * 0 on quit, 128 + signal number when a signal ended it, RF_EXIT_RUNTIME with
 * err set when the terminal cannot be used or a pane cannot open. */
int app_run(const struct app_session *session, struct rf_error *err);

#endif
