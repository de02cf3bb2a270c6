/* translate_cmd.h — one call of a translation command (refuge translate).
 *
 * The command runs as `/bin/sh -c COMMAND` in a process group of its own,
 * the text on its standard input, its standard output the translation
 * (trailing line breaks dropped). It is given `timeout` seconds: past them
 * the whole group is killed. A translation is refused (and nothing is
 * returned) when the command fails (exits non-zero or dies of a signal),
 * times out, prints nothing, or prints what is not UTF-8 or holds a NUL.
 * Standard error is left to the caller's (the command's own messages).
 *
 * The caller ignores SIGPIPE (a command that does not read its input).
 */
#ifndef REFUGE_TRANSLATE_CMD_H
#define REFUGE_TRANSLATE_CMD_H

#include <stddef.h>

enum translate_status {
    TRANSLATE_OK,
    TRANSLATE_FAILED,   /* exit status not 0, or killed by a signal */
    TRANSLATE_TIMEOUT,  /* still running after the time limit: killed */
    TRANSLATE_EMPTY,    /* printed nothing (or only line breaks) */
    TRANSLATE_BAD_TEXT, /* printed bytes that are not UTF-8, or a NUL */
    TRANSLATE_ERROR,    /* could not run it (fork, pipe: why says) */
};

struct translate_result {
    enum translate_status status;
    char *text;     /* the translation when TRANSLATE_OK (free it), else NULL */
    char why[160];  /* what went wrong, for "PLATFORM:ID: why" */
};

/* Runs command on text. Returns 0 when r->status is TRANSLATE_OK, else -1. */
int translate_cmd_run(const char *command, const char *text, double timeout,
                      struct translate_result *r);

#endif
