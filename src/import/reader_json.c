#include "autoconfig.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>

#include "../buf.h"
#include "i18n.h"
#include "input.h"
#include "mapper.h"
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

/* A line or element longer than input.h's bound stops the import: no
 * reader can find where the next record starts in such an input. */
static void too_long(struct import_sink *sink, const char *what)
{
    sink_fatal(sink, "%s:%ld: %s longer than %u MiB, the most refuge reads (is this a data "
               "file?)", sink->file, sink->line, what, INPUT_MAX_RECORD >> 20);
}

/* The bytes of one element of an array, or of one JSON document. */
struct record_text {
    char *text;
    size_t len, cap;
};

/* One member of the object: a field of the record. */
static bool add_field(void *data, const char *key, size_t klen, enum ftype type,
                      const char *value, size_t vlen)
{
    struct import_sink *sink = data;

    if (!key) {
        sink_bad(sink, _("expected a JSON object"));
        return false;
    }
    if (rec_add(&sink->rec, key, klen, value, vlen, type) != 0) {
        sink_bad(sink, _("too many fields"));
        return false;
    }
    return true;
}

/* One JSON object (a line, or an element of an array) to a record. */
static void read_object(struct import_sink *sink, const char *text, size_t len)
{
    int rc;

    if (u8_check((const uint8_t *)text, len)) {
        sink_bad(sink, _("invalid UTF-8"));
        return;
    }
    /* SQLite would read the text only up to it, and drop the rest. */
    if (memchr(text, '\0', len)) {
        sink_bad(sink, _("a raw NUL byte, which JSON text never has"));
        return;
    }
    if (has_nul_escape(text, len)) {
        sink_bad(sink, _("a string contains a NUL character (\\u0000)"));
        return;
    }
    rec_reset(&sink->rec, false);
    if (sink->mapper && sink->mapper->raw) {
        sink->text = text;
        sink->text_len = len;
        sink_record(sink);
        sink->text = NULL;
        return;
    }
    rc = json_members(sink->json, 0, text, len, add_field, sink);
    if (rc == 0)
        return;
    if (rc < 0) {
        sink_bad(sink, _("bad JSON: %s"), json_errmsg(sink->json));
        return;
    }
    if (sink->rec.n == 0) {
        sink_bad(sink, _("expected a JSON object with fields"));
        return;
    }
    sink->text = text;
    sink->text_len = len;
    sink_record(sink);
    sink->text = NULL;
}

/* True when the line leaves an object or array open (outside strings):
 * the first line of one JSON value written over many lines. */
static bool opens_document(const char *s, size_t n)
{
    int depth = 0;
    bool in_str = false;

    for (size_t i = 0; i < n; i++) {
        if (in_str) {
            if (s[i] == '\\')
                i++;
            else if (s[i] == '"')
                in_str = false;
        } else if (s[i] == '"') {
            in_str = true;
        } else if (s[i] == '{' || s[i] == '[') {
            depth++;
        } else if (s[i] == '}' || s[i] == ']') {
            depth--;
        }
    }
    return depth > 0;
}

/* Appends n bytes to doc, bounded by INPUT_MAX_RECORD; false after
 * reporting. */
static bool doc_append(struct import_sink *sink, struct record_text *doc, const char *s,
                       size_t n)
{
    if (doc->len + n > INPUT_MAX_RECORD) {
        too_long(sink, "a JSON object");
        return false;
    }
    if (doc->len + n + 1 > doc->cap) {
        size_t cap = doc->cap ? doc->cap : 65536;
        char *p;
        while (cap < doc->len + n + 1)
            cap *= 2;
        if (!(p = realloc(doc->text, cap))) {
            sink_fatal(sink, "out of memory");
            return false;
        }
        doc->text = p;
        doc->cap = cap;
    }
    memcpy(doc->text + doc->len, s, n);
    doc->len += n;
    return true;
}

/* One JSON object written over many lines, from its first line (already
 * read) to the end of the input: one record starting at that line. */
static void read_document(struct import_sink *sink, struct input *in, const char *first,
                          size_t len)
{
    struct record_text doc = {0};
    const char *line;
    ssize_t n = 0;
    long start = sink->line;
    bool ok = doc_append(sink, &doc, first, len) && doc_append(sink, &doc, "\n", 1);

    while (ok && !sink->fatal && (n = input_line(in, &line)) > 0) {
        sink->line++;
        sink_progress(sink, (size_t)n);
        ok = doc_append(sink, &doc, line, (size_t)n);
    }
    if (ok && n == -1) {
        too_long(sink, "a line");
    } else if (ok && n == -2) {
        sink_fatal(sink, "out of memory");
    } else if (ok && !sink->fatal) {
        sink->line = start;
        read_object(sink, doc.text, doc.len);
    }
    free(doc.text);
}

void read_jsonl(struct import_sink *sink, struct input *in, long lines_before)
{
    const char *line;
    ssize_t n = 0;
    bool first = true;

    sink->line = lines_before;
    while (!sink->fatal && !sink->file_done && (n = input_line(in, &line)) > 0) {
        const char *s = line;
        sink->line++;
        sink_progress(sink, (size_t)n);
        if (sink->line == 1 && n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
            s += 3, n -= 3;
        while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r'))
            n--;
        if (input_blank(s, (size_t)n))
            continue;
        /* A first line that is not a whole value opens one object over
         * many lines (an indented JSON file). */
        if (first && opens_document(s, (size_t)n)) {
            read_document(sink, in, s, (size_t)n);
            return;
        }
        first = false;
        read_object(sink, s, (size_t)n);
    }
    if (n == -1 && !sink->fatal) {
        sink->line++;
        too_long(sink, "a line");
    } else if (n == -2) {
        sink_fatal(sink, "out of memory");
    }
}


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

    /* Before the '[': a byte order mark and spaces (skipped by
     * input_sniff), or an X archive part's "window.YTD.NAME.partN = ".
     * Anything else is not an array: never look for one inside it. */
    if ((c = input_getc(in)) == 'w') {
        size_t n = 0, skip = strlen("window.YTD.") - 1;
        while ((c = input_getc(in)) != EOF && c != '[' && c != '\n' && c != '{') {
            /* The part's name: "window.YTD.NAME.partN", letters, digits,
             * '-' and '_' only. */
            if (skip)
                skip--;
            else if ((isalnum(c) || c == '-' || c == '_') && n + 1 < sizeof sink->ytd_part &&
                     n != (size_t)-1)
                sink->ytd_part[n++] = (char)c;
            else
                n = (size_t)-1;
        }
    }
    if (c != '[') {
        sink->line = line;
        sink_refuse(sink, c == '{' ? "a JSON object, not a JSON array (--format json reads "
                                     "an array of records)"
                                   : "not a JSON array (--format json reads an array of "
                                     "records)");
        return;
    }
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
        sink_bad(sink, _("bad JSON: the array is not closed with ']'"));
    }
    free(el.text);
}
