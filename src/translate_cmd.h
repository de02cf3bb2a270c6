/* translate_cmd.h — one call of a translation command (refuge translate).
 *
 * The command runs as `/bin/sh -c COMMAND` in a process group of its own,
 * the text on its standard input, its standard output the translation
 * (trailing line breaks dropped), with REFUGE_LANG in its environment set
 * to the text's language code ("zh", "en", "und"...), so one command can
 * choose its direction. It is given `timeout` seconds: past them the whole
 * group is killed. A translation is refused (and nothing is returned) when
 * the command fails (exits non-zero or dies of a signal), times out, prints
 * nothing, or prints what is not UTF-8 or holds a NUL. What it writes on
 * standard error is kept (its last ERR_KEPT bytes, raw: defuse it before
 * showing it) for the caller to report with a failure.
 *
 * Several calls may run at once from different threads: the child only
 * calls async-signal-safe functions between fork and exec, and every pipe
 * is close-on-exec so no command holds another's open. The caller ignores
 * SIGPIPE (a command that does not read its input).
 */
#ifndef REFUGE_TRANSLATE_CMD_H
#define REFUGE_TRANSLATE_CMD_H

#include <signal.h>
#include <stddef.h>

enum translate_status {
    TRANSLATE_OK,
    TRANSLATE_FAILED,   /* exit status not 0, or killed by a signal */
    TRANSLATE_TIMEOUT,  /* still running after the time limit: killed */
    TRANSLATE_EMPTY,    /* printed nothing (or only line breaks) */
    TRANSLATE_BAD_TEXT, /* printed bytes that are not UTF-8, or a NUL */
    TRANSLATE_STOPPED,  /* *stop became non-zero while it ran: killed */
    TRANSLATE_ERROR,    /* could not run it (fork, pipe: why says) */
};

struct translate_call {
    const char *command;
    const char *text;
    const char *lang;             /* REFUGE_LANG for the command; NULL: "und" */
    double timeout;               /* seconds */
    volatile sig_atomic_t *stop;  /* NULL, or a flag that ends the call when set */
};

/* The last bytes of standard error kept. */
#define ERR_KEPT 600

struct translate_result {
    enum translate_status status;
    char *text;           /* the translation when TRANSLATE_OK (free it), else NULL */
    char why[160];        /* what went wrong, for "PLATFORM:ID: why" */
    char err[ERR_KEPT + 1]; /* the end of its standard error, NUL-terminated (raw bytes) */
};

/* Runs call->command on call->text. Returns 0 when r->status is
 * TRANSLATE_OK, else -1. */
int translate_cmd_run(const struct translate_call *call, struct translate_result *r);

#endif
