#include "autoconfig.h"

#include <csv.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "input.h"
#include "../writer.h"
#include "reader.h"

/* libcsv (RFC 4180, streaming) is fed a line at a time, so the line each
 * record starts on is known: a record can only end at the end of a line. */
struct csv_reader {
    struct import_sink *sink;
    struct csv_parser parser;
    char **header;
    int nheader;
    bool in_header, row_bad, row_ended;
    int fields; /* fields of the current row so far */
};

static void field_cb(void *s, size_t len, void *data)
{
    struct csv_reader *r = data;
    struct import_sink *sink = r->sink;
    int col = r->fields++;

    if (r->in_header) {
        char **h = realloc(r->header, (size_t)(col + 1) * sizeof *h);
        if (!h || !(h[col] = strndup(s ? s : "", len))) {
            r->header = h ? h : r->header;
            r->row_bad = true;
            return;
        }
        r->header = h;
        r->nheader = col + 1;
        return;
    }
    if (col >= r->nheader || r->row_bad)
        return;
    if (s) { /* the spreadsheet guard refuge's CSV writer adds */
        size_t guard = writer_csv_unguard(s, len);
        s = (char *)s + guard;
        len -= guard;
    }
    if (s && memchr(s, '\0', len)) {
        sink_bad(sink, _("%s: contains a NUL byte"), r->header[col]);
        r->row_bad = true;
        return;
    }
    if (rec_add(&sink->rec, r->header[col], strlen(r->header[col]), s ? s : "", len, F_TEXT) !=
        0) {
        sink_bad(sink, _("too many fields"));
        r->row_bad = true;
    }
}

/* The header, once: its names as a record of empty fields, for the sink to
 * check against the mapper they call for. */
static void header_done(struct csv_reader *r)
{
    struct import_sink *sink = r->sink;

    /* A header cell is a field name: strip a UTF-8 BOM. */
    if (r->nheader > 0 && strncmp(r->header[0], "\xef\xbb\xbf", 3) == 0)
        memmove(r->header[0], r->header[0] + 3, strlen(r->header[0]) - 2);
    rec_reset(&sink->rec, true);
    for (int i = 0; i < r->nheader; i++)
        rec_add(&sink->rec, r->header[i], strlen(r->header[i]), "", 0, F_TEXT);
    rec_finish(&sink->rec);
    if (!sink_header(sink))
        sink->file_done = true;
}

static void row_cb(int c, void *data)
{
    struct csv_reader *r = data;
    struct import_sink *sink = r->sink;

    (void)c;
    r->row_ended = true;
    if (r->in_header) {
        r->in_header = false;
        header_done(r);
    } else if (!r->row_bad && !sink->fatal && !sink->file_done) {
        if (r->fields != r->nheader)
            sink_bad(sink, _("expected %d fields as in the header, found %d"), r->nheader,
                     r->fields);
        else
            sink_record(sink);
    }
    r->fields = 0;
    r->row_bad = false;
    rec_reset(&sink->rec, true);
}

#define CSV_OPTIONS (CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL)

/* libcsv grows a field by this much at a time (128 bytes by default): a
 * long field would be copied over and over where realloc cannot grow in
 * place. */
#define CSV_BLOCK (1u << 20)

static void parser_init(struct csv_reader *r)
{
    csv_init(&r->parser, CSV_OPTIONS);
    csv_set_blk_size(&r->parser, CSV_BLOCK);
}

void read_csv(struct import_sink *sink, struct input *in, long lines_before)
{
    struct csv_reader r = {.sink = sink, .in_header = true};
    const char *line;
    ssize_t n = 0;
    long physical = lines_before;
    size_t record_bytes = 0;
    bool in_record = false;

    parser_init(&r);
    rec_reset(&sink->rec, true);
    while (!sink->fatal && !sink->file_done && (n = input_line(in, &line)) > 0) {
        physical++;
        sink_progress(sink, (size_t)n);
        if (!in_record) {
            if (input_blank(line, (size_t)n))
                continue;
            sink->line = physical;
            in_record = true;
            record_bytes = 0;
        }
        /* A quoted field may span lines: the record, not only the line,
         * is bounded. */
        if ((record_bytes += (size_t)n) > INPUT_MAX_RECORD) {
            n = -1;
            break;
        }
        r.row_ended = false;
        if (csv_parse(&r.parser, line, (size_t)n, field_cb, row_cb, &r) != (size_t)n) {
            sink_bad(sink, _("bad CSV quoting: a quote inside an unquoted field, or text after "
                             "a closing quote"));
            if (r.in_header)
                sink->file_done = true;
            /* Start afresh on the next line. */
            csv_free(&r.parser);
            parser_init(&r);
            r.fields = 0;
            r.row_bad = false;
            rec_reset(&sink->rec, true);
            in_record = false;
            continue;
        }
        if (r.row_ended)
            in_record = false;
    }
    if (n == -1 && !sink->fatal) {
        if (!in_record)
            sink->line = physical + 1;
        sink_fatal(sink, "%s:%ld: a record longer than %u MiB, the most refuge reads (is this "
                   "a data file?)", sink->file, sink->line, INPUT_MAX_RECORD >> 20);
    } else if (n == -2) {
        sink_fatal(sink, "out of memory");
    } else if (!sink->fatal && !sink->file_done &&
               csv_fini(&r.parser, field_cb, row_cb, &r) != 0) {
        sink_bad(sink, _("bad CSV quoting: a quoted field is not closed"));
    }
    csv_free(&r.parser);
    for (int i = 0; i < r.nheader; i++)
        free(r.header[i]);
    free(r.header);
}
