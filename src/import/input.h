/* input.h — one input's bytes as every reader takes them: buffered,
 * bounded and checked before any format is read.
 *
 * Memory is bounded whatever the input (a device, a binary file, a line
 * that never ends): a line or record may be at most INPUT_MAX_RECORD bytes,
 * and a longer one is an error, never a reason to grow. Lines are read with
 * their bytes as they are, NUL included, so a reader can refuse a NUL
 * instead of being cut short by it.
 */
#ifndef REFUGE_IMPORT_INPUT_H
#define REFUGE_IMPORT_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include "../import.h"

/* The most bytes of one line, or of one record (a CSV record over several
 * lines, a JSON array's element); refuge(1) documents it. */
#define INPUT_MAX_RECORD (16u << 20)

struct input {
    FILE *fp;
    size_t pos, len; /* unread bytes: buf[pos..len) */
    bool eof;
    char *line; /* the last line input_line() read (owned) */
    size_t line_cap;
    char buf[65536];
};

void input_init(struct input *in, FILE *fp);
void input_free(struct input *in);
/* True once reading failed (not at a plain end). */
bool input_error(const struct input *in);

/* Why the input is not UTF-8 text, judged by its first bytes (a UTF-16 or
 * UTF-32 byte order mark, NUL bytes); NULL when it may be. */
const char *input_not_utf8(struct input *in);

/* Skips a UTF-8 byte order mark and white space, and tells the format by
 * the first bytes left (not consumed): SQLite's header, '{' JSON Lines,
 * '[' or "window.YTD." a JSON array, else CSV. *lines counts the line ends
 * skipped. */
enum import_format input_sniff(struct input *in, long *lines);

/* The next byte, or EOF. */
int input_getc(struct input *in);

/* Reads the next line, with its '\n' if it has one, into *line (owned by
 * the input, valid until the next call). Returns its length, 0 at the end,
 * -1 when it is longer than INPUT_MAX_RECORD, or -2 when memory ran out. */
ssize_t input_line(struct input *in, const char **line);

/* True when the bytes are only spaces, tabs and line ends. */
bool input_blank(const char *s, size_t len);

#endif
