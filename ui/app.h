/* app.h — the interactive explorer: owns the event loop (input → action →
 * pane state → draw → one doupdate()). */
#ifndef REFUGE_APP_H
#define REFUGE_APP_H

struct cli_context;

/* Runs the explorer until the user quits, a signal arrives or the terminal
 * hangs up; the terminal is restored on every path. Returns the exit status
 * (0 on quit, 1 when the terminal cannot be used, 128 + signal number when a
 * signal ended it). */
int app_run(struct cli_context *ctx);

#endif
