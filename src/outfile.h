/* outfile.h — writing a file the user named, safely on a shared machine.
 *
 * The explorer's `e` writes where the user says, often in a directory
 * others can write to. A file is never written through a symbolic link
 * (another user's file would be replaced), never replaces anything without
 * the caller saying so, and a replacement appears whole: it is written to a
 * temporary file beside the target and renamed over it, which replaces the
 * name itself and follows no link planted there meanwhile. A new file is
 * created with O_CREAT | O_EXCL | O_NOFOLLOW, so nothing that appears at
 * the name first is written into.
 *
 * Functions return 0, or -1 with err naming the file and the reason.
 */
#ifndef REFUGE_OUTFILE_H
#define REFUGE_OUTFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "error.h"

/* Writes path into buf with a leading "~" or "~/" replaced by $HOME (as a
 * shell would; "~user" is left alone). */
int outfile_expand(const char *path, char *buf, size_t size, struct rf_error *err);

/* What is at path now. */
enum outfile_target {
    OUTFILE_NEW,     /* nothing: write it */
    OUTFILE_EXISTS,  /* a regular file: ask before replacing it */
    OUTFILE_REFUSED, /* a symbolic link, a directory, a device, a fifo...,
                        or it cannot be examined: err says which */
};
enum outfile_target outfile_check(const char *path, struct rf_error *err);

struct outfile {
    FILE *fp;        /* write the contents here */
    bool replace;
    char path[4096]; /* the target */
    char tmp[4096];  /* the temporary file when replacing, else "" */
};

/* Opens the file to write: a new file at path, or (replace) a temporary
 * one in the same directory, with the mode the umask gives a new file. */
int outfile_open(struct outfile *o, const char *path, bool replace, struct rf_error *err);

/* Finishes the file: flushes and closes it and, when replacing, renames the
 * temporary file over the target. On any failure nothing is left behind
 * (a new file or the temporary one is removed; a replaced target is as it
 * was). */
int outfile_commit(struct outfile *o, struct rf_error *err);

/* Gives up: closes and removes what outfile_open() created. */
void outfile_abort(struct outfile *o);

#endif
