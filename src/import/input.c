#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "../buf.h"
#include "input.h"

void input_init(struct input *in, FILE *fp)
{
    in->fp = fp;
    in->pos = in->len = 0;
    in->eof = false;
    in->line = NULL;
    in->line_cap = 0;
}

void input_free(struct input *in)
{
    free(in->line);
    in->line = NULL;
    in->line_cap = 0;
}

bool input_error(const struct input *in)
{
    return ferror(in->fp) != 0;
}

/* Reads more, keeping the unread bytes; false at the end. */
static bool fill(struct input *in)
{
    size_t n;

    if (in->eof)
        return false;
    if (in->pos > 0) {
        memmove(in->buf, in->buf + in->pos, in->len - in->pos);
        in->len -= in->pos;
        in->pos = 0;
    }
    n = fread(in->buf + in->len, 1, sizeof in->buf - in->len, in->fp);
    in->len += n;
    if (n == 0)
        in->eof = true;
    return n > 0;
}

/* Makes at least n bytes unread when the input has them; returns how many
 * there are (up to the buffer's size). */
static size_t peek(struct input *in, size_t n)
{
    while (in->len - in->pos < n && fill(in))
        ;
    return in->len - in->pos;
}

const char *input_not_utf8(struct input *in)
{
    size_t n = peek(in, 4);
    const unsigned char *b = (const unsigned char *)in->buf + in->pos;

    if (n >= 4 && ((b[0] == 0xff && b[1] == 0xfe && !b[2] && !b[3]) ||
                   (!b[0] && !b[1] && b[2] == 0xfe && b[3] == 0xff)))
        return "not UTF-8 (UTF-32?): refuge reads UTF-8 text; save the file as UTF-8";
    if (n >= 2 && ((b[0] == 0xff && b[1] == 0xfe) || (b[0] == 0xfe && b[1] == 0xff)))
        return "not UTF-8 (UTF-16?): refuge reads UTF-8 text; save the file as UTF-8";
    /* UTF-16 without a mark: every other byte of ASCII text is NUL. */
    if (n >= 4 && ((b[0] && !b[1] && b[2] && !b[3]) || (!b[0] && b[1] && !b[2] && b[3])))
        return "not UTF-8 (UTF-16?): refuge reads UTF-8 text; save the file as UTF-8";
    if (memchr(b, '\0', n < 4 ? n : 4))
        return "not UTF-8 text: it starts with NUL bytes (a binary file?)";
    return NULL;
}

int input_getc(struct input *in)
{
    if (in->pos == in->len && !fill(in))
        return EOF;
    return (unsigned char)in->buf[in->pos++];
}

enum import_format input_sniff(struct input *in, long *lines)
{
    int c;

    *lines = 0;
    if (peek(in, 16) >= 16 && memcmp(in->buf + in->pos, "SQLite format 3", 16) == 0)
        return IMPORT_SQLITE;
    if (peek(in, 3) >= 3 && memcmp(in->buf + in->pos, "\xef\xbb\xbf", 3) == 0)
        in->pos += 3;
    while ((c = input_getc(in)) == ' ' || c == '\t' || c == '\r' || c == '\n')
        if (c == '\n')
            ++*lines;
    if (c != EOF)
        in->pos--; /* input_getc() left it in the buffer */
    if (c == 'w' && peek(in, 11) >= 11 && memcmp(in->buf + in->pos, "window.YTD.", 11) == 0)
        return IMPORT_JSON;
    return c == '{' ? IMPORT_JSONL : c == '[' ? IMPORT_JSON : IMPORT_CSV;
}

/* Appends n bytes to the line; -1 when it would pass the limit, -2 when
 * memory ran out. */
static int append(struct input *in, size_t *used, const char *s, size_t n)
{
    void *line = in->line;
    bool grown;

    if (*used + n > INPUT_MAX_RECORD)
        return -1;
    grown = buf_grow(&line, &in->line_cap, *used + n + 1, 1);
    in->line = line;
    if (!grown)
        return -2;
    memcpy(in->line + *used, s, n);
    *used += n;
    in->line[*used] = '\0';
    return 0;
}

ssize_t input_line(struct input *in, const char **line)
{
    size_t used = 0;

    *line = in->line;
    for (;;) {
        const char *start, *nl;
        size_t n;
        int rc;
        if (in->pos == in->len && !fill(in))
            break;
        start = in->buf + in->pos;
        nl = memchr(start, '\n', in->len - in->pos);
        n = nl ? (size_t)(nl - start) + 1 : in->len - in->pos;
        if ((rc = append(in, &used, start, n)) != 0)
            return rc;
        in->pos += n;
        *line = in->line;
        if (nl)
            break;
    }
    return (ssize_t)used;
}

bool input_blank(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
            return false;
    return true;
}
