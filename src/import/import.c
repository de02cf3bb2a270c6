/* The importer's orchestration: the record sink, the detection table of
 * mappers, and the run over the inputs in one transaction. */
#include "autoconfig.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input.h"
#include "mapper.h"
#include "reader.h"
#include "sink.h"

/* ---- the detection table ------------------------------------------------------- */

/* The first mapper whose marker field a record has maps it; the last,
 * without a marker, takes the rest. */
static const struct mapper *const mappers[] = {
    &map_mediacrawler_note,
    &map_refuge_figure,
    &map_refuge_event,
    &map_refuge_post,
};

static const struct mapper *mapper_for(const struct record *r)
{
    size_t i;

    for (i = 0; i + 1 < sizeof mappers / sizeof mappers[0]; i++)
        if (rec_has(r, mappers[i]->marker))
            break;
    return mappers[i];
}

static const struct {
    enum import_format format;
    const char *name;
    void (*read)(struct import_sink *sink, struct input *in, long lines_before);
} readers[] = {
    {IMPORT_JSONL, "jsonl", read_jsonl},
    {IMPORT_JSON, "json", read_json_array},
    {IMPORT_CSV, "csv", read_csv},
};

int import_format_from_name(const char *name)
{
    if (strcmp(name, "auto") == 0)
        return IMPORT_AUTO;
    for (size_t i = 0; i < sizeof readers / sizeof readers[0]; i++)
        if (strcmp(name, readers[i].name) == 0)
            return (int)readers[i].format;
    return -1;
}

/* ---- the sink ---------------------------------------------------------------------- */

void sink_bad(struct import_sink *sink, const char *fmt, ...)
{
    char reason[768], msg[1024];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(reason, sizeof reason, fmt, ap);
    va_end(ap);
    snprintf(msg, sizeof msg, "%s:%ld: %s", sink->file, sink->line, reason);
    sink->res->bad++;
    if (sink->opts->report)
        sink->opts->report(sink->opts->report_data, msg);
    if (!sink->opts->skip_bad && !sink->fatal) {
        rf_error_set(sink->err, "%s", msg);
        sink->fatal = true;
    }
}

void sink_fatal(struct import_sink *sink, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (!sink->fatal)
        rf_error_set(sink->err, "%s", msg);
    sink->fatal = true;
}

/* A database error while storing the current record. */
static void sink_store_failed(struct import_sink *sink)
{
    sink_fatal(sink, "%s:%ld: cache: %s", sink->file, sink->line, store_errmsg(sink->store));
}

/* Stops the import once opts->stop is set; true when stopped. */
static bool sink_stopped(struct import_sink *sink)
{
    if (sink->opts->stop && *sink->opts->stop)
        sink_fatal(sink, "%s:%ld: interrupted", sink->file ? sink->file : "import", sink->line);
    return sink->fatal;
}

void sink_progress(struct import_sink *sink, size_t more)
{
    if (sink_stopped(sink))
        return;
    sink->bytes += more;
    if (sink->opts->progress && sink->bytes >= sink->next_progress) {
        sink->opts->progress(sink->opts->progress_data, sink->file, sink->bytes);
        sink->next_progress = sink->bytes + (1u << 20);
    }
}

void sink_record(struct import_sink *sink)
{
    rec_finish(&sink->rec);
    mapper_for(&sink->rec)->map(sink);
}

bool sink_header(struct import_sink *sink)
{
    const struct record *r = &sink->rec;
    const struct mapper *m = mapper_for(r);

    for (int i = 0; i < r->n; i++) {
        bool known = m->lenient;
        for (int k = 0; !known && m->fields[k]; k++)
            known = strcmp(m->fields[k], r->f[i].name) == 0;
        if (!known) {
            sink_bad(sink, "header: unknown field '%s'", r->f[i].name);
            return false;
        }
        for (int j = 0; j < i; j++)
            if (strcmp(r->f[i].name, r->f[j].name) == 0) {
                sink_bad(sink, "header: column '%s' appears twice", r->f[i].name);
                return false;
            }
    }
    return true;
}

/* Counts what the store did with a row of `kind` (a count in the result). */
static void stored(struct import_sink *sink, enum store_result rc, int64_t *kind,
                   const char *id, size_t id_len)
{
    switch (rc) {
    case STORE_WRITTEN:
        ++*kind;
        break;
    case STORE_UNCHANGED:
        sink->res->unchanged++;
        break;
    case STORE_DUPLICATE:
        sink_bad(sink, "duplicate id '%.*s' in this file", (int)(id_len > 60 ? 60 : id_len), id);
        break;
    case STORE_FAILED:
        sink_store_failed(sink);
        break;
    }
}

void sink_post(struct import_sink *sink, const struct post *p)
{
    stored(sink, store_post(sink->store, p), &sink->res->posts, p->id, p->id_len);
}

void sink_event(struct import_sink *sink, const struct event *e)
{
    stored(sink, store_event(sink->store, e), &sink->res->events, e->id, e->id_len);
}

void sink_figure(struct import_sink *sink, const struct figure *g)
{
    stored(sink, store_figure(sink->store, g), &sink->res->figures, g->id, g->id_len);
}

/* ---- the run -------------------------------------------------------------------------- */

static void sink_close(struct import_sink *sink)
{
    store_close(sink->store);
    json_close(sink->json);
    rec_free(&sink->rec);
    tags_free(&sink->tags);
}

static int sink_open(struct import_sink *sink, struct db *db, const struct import_options *opts,
                     struct import_result *res, struct rf_error *err)
{
    memset(sink, 0, sizeof *sink);
    sink->opts = opts;
    sink->res = res;
    sink->err = err;
    if (!(sink->json = json_open(db_sql(db), err)) ||
        !(sink->store = store_open(db_sql(db), opts->bundled, err))) {
        sink_close(sink);
        return -1;
    }
    return 0;
}

static void import_one(struct import_sink *sink, const char *name, FILE *fp)
{
    enum import_format format = sink->opts->format;
    long lines_before = 0;
    struct input *in = malloc(sizeof *in);
    const char *why;

    sink->file = name;
    sink->line = 0;
    sink->file_done = false;
    if (!in) {
        sink_fatal(sink, "out of memory");
        return;
    }
    input_init(in, fp);
    if (store_begin_file(sink->store) != 0) {
        sink_store_failed(sink);
    } else if ((why = input_not_utf8(in))) {
        /* Read as UTF-8, it would fail on its first line for another reason. */
        sink->line = 1;
        sink_bad(sink, "%s", why);
    } else {
        if (format == IMPORT_AUTO)
            format = input_sniff(in, &lines_before);
        for (size_t i = 0; i < sizeof readers / sizeof readers[0]; i++)
            if (readers[i].format == format)
                readers[i].read(sink, in, lines_before);
        if (!sink_stopped(sink) && input_error(in))
            sink_fatal(sink, "%s: read error: %s", name, strerror(errno));
    }
    input_free(in);
    free(in);
}

/* Brings the derived tables up to date and closes the sink; false when the
 * import must be rolled back. */
static bool sink_finish(struct import_sink *sink)
{
    if (!sink->fatal && store_finish(sink->store, sink->err) != 0)
        sink->fatal = true;
    sink_close(sink);
    return !sink->fatal;
}

int import_run(struct db *db, const struct import_input *inputs, size_t n,
               const struct import_options *opts, struct import_result *result,
               struct rf_error *err)
{
    struct import_sink sink;

    memset(result, 0, sizeof *result);
    if (db_begin(db, err) != 0)
        return -1;
    db_bulk_mode(db, true);
    if (sink_open(&sink, db, opts, result, err) != 0) {
        db_rollback(db);
        db_bulk_mode(db, false);
        return -1;
    }
    for (size_t i = 0; i < n && !sink.fatal; i++)
        import_one(&sink, inputs[i].name, inputs[i].fp);
    /* A signal during the finish still stops it before the commit. */
    if (!sink_finish(&sink) || sink_stopped(&sink) || db_commit(db, err) != 0) {
        db_rollback(db);
        db_bulk_mode(db, false);
        return -1;
    }
    db_bulk_mode(db, false);
    return 0;
}

int import_buffer(struct db *db, const char *name, const char *data, size_t len,
                  const struct import_options *opts, struct import_result *result,
                  struct rf_error *err)
{
    struct import_sink sink;
    FILE *fp;
    bool ok;

    memset(result, 0, sizeof *result);
    if (len == 0)
        return 0;
    if (!(fp = fmemopen((void *)data, len, "r"))) {
        rf_error_set(err, "%s: %s", name, strerror(errno));
        return -1;
    }
    if (sink_open(&sink, db, opts, result, err) != 0) {
        fclose(fp);
        return -1;
    }
    import_one(&sink, name, fp);
    ok = sink_finish(&sink);
    fclose(fp);
    return ok ? 0 : -1;
}

int import_drop_bundled(struct db *db, struct rf_error *err)
{
    return store_drop_bundled(db_sql(db), err);
}
