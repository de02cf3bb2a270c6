#include "autoconfig.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>

#include "../buf.h"
#include "input.h"
#include "reader.h"

/* True when JSON text escapes a NUL (\u0000), which SQLite's JSON
 * functions silently cut the string at. */
static bool has_nul_escape(const char *text, size_t len)
{
    for (const char *p = text; (p = memchr(p, 'u', (size_t)(text + len - p))); p++) {
        size_t slashes = 0;
        while (p - slashes > text && p[-1 - (ptrdiff_t)slashes] == '\\')
            slashes++;
        if (slashes % 2 == 1 && (size_t)(text + len - p) >= 5 && memcmp(p + 1, "0000", 4) == 0)
            return true;
    }
    return false;
}

/* One member of the object: a field of the record. */
static bool add_field(void *data, const char *key, size_t klen, enum ftype type,
                      const char *value, size_t vlen)
{
    struct import_sink *sink = data;

    if (!key) {
        sink_bad(sink, "expected a JSON object");
        return false;
    }
    if (rec_add(&sink->rec, key, klen, value, vlen, type) != 0) {
        sink_bad(sink, "too many fields");
        return false;
    }
    return true;
}

/* One JSON object (a line, or an element of an array) to a record. */
static void read_object(struct import_sink *sink, const char *text, size_t len)
{
    int rc;

    if (u8_check((const uint8_t *)text, len)) {
        sink_bad(sink, "invalid UTF-8");
        return;
    }
    /* SQLite would read the text only up to it, and drop the rest. */
    if (memchr(text, '\0', len)) {
        sink_bad(sink, "a raw NUL byte, which JSON text never has");
        return;
    }
    if (has_nul_escape(text, len)) {
        sink_bad(sink, "a string contains a NUL character (\\u0000)");
        return;
    }
    rec_reset(&sink->rec, false);
    rc = json_members(sink->json, 0, text, len, add_field, sink);
    if (rc == 0)
        return;
    if (rc < 0) {
        sink_bad(sink, "bad JSON: %s", json_errmsg(sink->json));
        return;
    }
    if (sink->rec.n == 0) {
        sink_bad(sink, "expected a JSON object with fields");
        return;
    }
    sink_record(sink);
}

/* A line or element longer than input.h's bound stops the import: no
 * reader can find where the next record starts in such an input. */
static void too_long(struct import_sink *sink, const char *what)
{
    sink_fatal(sink, "%s:%ld: %s longer than %u MiB, the most refuge reads (is this a data "
               "file?)", sink->file, sink->line, what, INPUT_MAX_RECORD >> 20);
}

void read_jsonl(struct import_sink *sink, struct input *in, long lines_before)
{
    const char *line;
    ssize_t n = 0;

    sink->line = lines_before;
    while (!sink->fatal && (n = input_line(in, &line)) > 0) {
        const char *s = line;
        sink->line++;
        sink_progress(sink, (size_t)n);
        if (sink->line == 1 && n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
            s += 3, n -= 3;
        while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r'))
            n--;
        if (input_blank(s, (size_t)n))
            continue;
        read_object(sink, s, (size_t)n);
    }
    if (n == -1 && !sink->fatal) {
        sink->line++;
        too_long(sink, "a line");
    } else if (n == -2) {
        sink_fatal(sink, "out of memory");
    }
}

/* The bytes of one element of an array. */
struct record_text {
    char *text;
    size_t len, cap;
};

/* One element of the array, to its end: its bytes (at most
 * INPUT_MAX_RECORD) in *el; the byte after it is left unread. Strings,
 * escapes and nesting are followed so a ',' or ']' inside does not end it,
 * and *line counts the line ends passed. Returns 0, -1 when it is too long,
 * or -2 when memory ran out. */
static int element(struct input *in, struct record_text *el, long *line)
{
    int depth = 0, c;
    bool in_str = false;

    el->len = 0;
    while ((c = input_getc(in)) != EOF) {
        if (!in_str && depth == 0 && c == ',') {
            in->pos--; /* input_getc() left it in the buffer */
            break;
        }
        if (el->len >= INPUT_MAX_RECORD)
            return -1;
        if (el->len + 2 > el->cap) {
            void *text = el->text;
            bool grown = buf_grow(&text, &el->cap, el->len + 2, 1);
            el->text = text;
            if (!grown)
                return -2;
        }
        el->text[el->len++] = (char)c;
        if (c == '\n')
            ++*line;
        if (in_str) {
            if (c == '\\' && (c = input_getc(in)) != EOF)
                el->text[el->len++] = (char)c; /* escaped: not a quote, not counted */
            else if (c == '"')
                in_str = false;
        } else if (c == '"') {
            in_str = true;
        } else if (c == '{' || c == '[') {
            depth++;
        } else if ((c == '}' || c == ']') && --depth <= 0) {
            break;
        }
    }
    return 0;
}

/* A JSON array of objects, read an element at a time so errors can name
 * the line where the element starts and memory stays bounded. */
void read_json_array(struct import_sink *sink, struct input *in, long lines_before)
{
    struct record_text el = {0};
    long line = 1 + lines_before;
    bool closed = false;
    int c, rc = 0;

    /* Whatever comes before the '[' (a byte order mark) is skipped. */
    while ((c = input_getc(in)) != EOF && c != '[')
        if (c == '\n')
            line++;
    while (c != EOF && !sink->fatal && (c = input_getc(in)) != EOF) {
        if (c == '\n')
            line++;
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ',')
            continue;
        if (c == ']') {
            closed = true;
            break;
        }
        in->pos--; /* the element's first byte */
        sink->line = line;
        if ((rc = element(in, &el, &line)) != 0)
            break;
        sink_progress(sink, el.len);
        read_object(sink, el.text, el.len);
    }
    if (rc == -1)
        too_long(sink, "an element");
    else if (rc == -2)
        sink_fatal(sink, "out of memory");
    else if (!sink->fatal && !closed) {
        sink->line = line;
        sink_bad(sink, "bad JSON: the array is not closed with ']'");
    }
    free(el.text);
}
