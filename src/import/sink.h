/* sink.h — the record sink: where readers hand records and mappers hand rows.
 *
 *   reader ──record──▶ sink_record() ──▶ mapper (by the detection table)
 *                                           │ validated post / event / figure
 *                                           ▼
 *                                   sink_post() / sink_event() / sink_figure()
 *                                           │
 *                                           ▼
 *                                       the store
 *
 * One sink serves one import: it knows the input and line being read (for
 * FILE:LINE messages), the options, the counts so far and whether the import
 * must stop. A reader fills sink->rec, sets sink->line to where the record
 * starts and calls sink_record(); a mapper reads the record with the typed
 * getters of fields.h and passes what it made on. Neither touches the cache.
 */
#ifndef REFUGE_IMPORT_SINK_H
#define REFUGE_IMPORT_SINK_H

#include <stdbool.h>
#include <stdint.h>

#include "../import.h"
#include "json.h"
#include "record.h"
#include "store.h"
#include "tags.h"

struct import_sink {
    const struct import_options *opts;
    struct import_result *res;
    struct rf_error *err; /* the first fatal error */
    const char *file;     /* the input's name in messages */
    long line;            /* where the current record starts */
    bool fatal;           /* stop now: a database error, or a bad record without skip_bad */
    bool file_done;       /* stop reading this input (a bad CSV header with skip_bad) */
    uint64_t bytes, next_progress;
    struct record rec;    /* the reader's current record */
    struct tags tags;     /* the mapper's tags of the current post */
    struct json *json;    /* SQLite's JSON parser, for readers and getters */
    struct store *store;
};

/* A bad record: reported as "FILE:LINE: reason"; fatal unless skip_bad. */
void sink_bad(struct import_sink *sink, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* An error that stops the whole import (memory, a read error): "reason". */
void sink_fatal(struct import_sink *sink, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Counts bytes read of the current input, for the progress callback. */
void sink_progress(struct import_sink *sink, size_t more);

/* The reader's record is complete: the mapper its fields call for maps it. */
void sink_record(struct import_sink *sink);
/* A CSV header (in sink->rec, names only): false, after reporting, when a
 * column is repeated or unknown to the mapper its names call for. */
bool sink_header(struct import_sink *sink);

/* Mappers: a validated row to the store, counted in the result. */
void sink_post(struct import_sink *sink, const struct post *p);
void sink_event(struct import_sink *sink, const struct event *e);
void sink_figure(struct import_sink *sink, const struct figure *g);

#endif
