#include "autoconfig.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>

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

void read_jsonl(struct import_sink *sink, FILE *fp, long lines_before)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;

    sink->line = lines_before;
    while (!sink->fatal && (n = getline(&line, &cap, fp)) > 0) {
        char *s = line;
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
    free(line);
}

static int read_all(FILE *fp, char **out, size_t *len)
{
    size_t cap = 65536, used = 0, n;
    char *buf = malloc(cap), *p;

    if (!buf)
        return -1;
    while ((n = fread(buf + used, 1, cap - used - 1, fp)) > 0) {
        used += n;
        if (cap - used < 4096) {
            if (!(p = realloc(buf, cap * 2))) {
                free(buf);
                return -1;
            }
            buf = p;
            cap *= 2;
        }
    }
    buf[used] = '\0';
    *out = buf;
    *len = used;
    return ferror(fp) ? -1 : 0;
}

/* Each element is cut out with a small scanner (strings, escapes, nesting)
 * so errors can name the line where the element starts. */
void read_json_array(struct import_sink *sink, FILE *fp, long lines_before)
{
    char *buf;
    size_t len, i = 0;
    long line = 1 + lines_before;

    if (read_all(fp, &buf, &len) != 0) {
        sink_fatal(sink, "%s: cannot read: %s", sink->file, strerror(errno));
        return;
    }
    sink_progress(sink, len);
    if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
        i = 3;
    for (; i < len && buf[i] != '['; i++)
        if (buf[i] == '\n')
            line++;
    for (i++; i < len && !sink->fatal;) {
        size_t start;
        int depth = 0;
        bool in_str = false;
        char c = buf[i];
        if (c == '\n')
            line++;
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ',') {
            i++;
            continue;
        }
        if (c == ']')
            break;
        start = i;
        sink->line = line;
        for (; i < len; i++) {
            c = buf[i];
            if (c == '\n')
                line++;
            if (in_str) {
                if (c == '\\')
                    i++;
                else if (c == '"')
                    in_str = false;
            } else if (c == '"')
                in_str = true;
            else if (c == '{' || c == '[')
                depth++;
            else if (c == '}' || c == ']') {
                if (--depth <= 0) {
                    i++;
                    break;
                }
            } else if (depth == 0 && c == ',')
                break;
        }
        read_object(sink, buf + start, i - start);
    }
    if (!sink->fatal && i >= len) {
        sink->line = line;
        sink_bad(sink, "bad JSON: the array is not closed with ']'");
    }
    free(buf);
}
