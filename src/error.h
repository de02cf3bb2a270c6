/* error.h — how src/ reports failure without exiting.
 *
 * Functions in src/ return a status and record a one-line, human-readable
 * message in a caller-owned `struct rf_error`, so the caller decides what to
 * do (print it, show it in the status line, roll back an import). Code in
 * src/ never calls exit().
 */
#ifndef REFUGE_ERROR_H
#define REFUGE_ERROR_H

#include <stddef.h>

/* Exit statuses of the program, shared by the CLI and the TUI. */
enum rf_exit {
    RF_EXIT_OK = 0,      /* success */
    RF_EXIT_RUNTIME = 1, /* a runtime error: file missing, cache unusable, ... */
    RF_EXIT_USAGE = 2,   /* the command line was wrong */
};

struct rf_error {
    char msg[1024]; /* empty when no error was recorded */
};

/* Records a printf-style message, replacing any earlier one. err may be NULL. */
void rf_error_set(struct rf_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Clears the recorded message. */
void rf_error_clear(struct rf_error *err);

#endif
