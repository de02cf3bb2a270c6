/* sink.h — the record sink: where readers hand records and mappers hand rows.
 *
 *   reader ──record──▶ sink_record() ──▶ mapper (the detection table picks
 *                                           │    one per file, on its first record)
 *                                           │ validated post / comment / event / figure
 *                                           ▼
 *                          sink_post() / sink_comment() / sink_event() / sink_figure()
 *                                           │
 *                                           ▼
 *                                       the store
 *
 * One sink serves one import: it knows the input and line being read (for
 * FILE:LINE messages), the options, the counts so far and whether the import
 * must stop. A reader fills sink->rec, sets sink->line to where the record
 * starts and calls sink_record(); a mapper reads the record with the typed
 * getters of fields.h and passes what it made on. Neither touches the cache.
 *
 * The first record of a file (a CSV file's header) decides its format: the
 * detection table's first mapper whose detect() knows it maps every record
 * of the file; a file that none knows, or that one refuses, is refused as a
 * whole ("FILE: what it looks like; refuge reads ..."). Each file's summary
 * (format, records, new and updated posts and comments, skipped records by
 * reason) goes to the options' file_done callback.
 */
#ifndef REFUGE_IMPORT_SINK_H
#define REFUGE_IMPORT_SINK_H

#include <stdbool.h>
#include <stdint.h>

#include "../import.h"
#include "json.h"
#include "media.h"
#include "record.h"
#include "store.h"
#include "tags.h"

struct translation_store;

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
    const char *text;     /* its JSON text (NULL for CSV and SQLite rows) */
    size_t text_len;
    struct tags tags;     /* the mapper's tags of the current post */
    struct media media;   /* the mapper's media of the current post or comment */
    /* The codes of the current post or comment as refuge exports them (get_codes():
     * a checked JSON array, NULL when none), merged after it is stored,
     * and what merging them did in this file. */
    const char *codes;
    size_t codes_len;
    long codes_new, codes_conflicts;
    long book_new, book_merged; /* codes of an export's codebook new, descriptions merged */
    const struct mapper *mapper; /* this file's, once its first record is read */
    /* The name of the X archive part being read ("tweets" for
     * "window.YTD.tweets.part0 = ["), "" for any other file. */
    char ytd_part[32];
    /* An X archive's owner, from the account.js beside its tweets.js: read
     * with the file's first tweet (map_x_archive.c). */
    struct {
        char key[64], name[128];
        bool read;
    } owner;
    const char *format;   /* this file's format name, as the summary prints it */
    struct import_file_summary sum; /* this file's counts so far */
    struct {
        const char *const *paths;
        struct json_paths *set;
    } paths[32]; /* prepared path sets (sink_paths) */
    struct json *json;    /* SQLite's JSON parser, for readers and getters */
    struct store *store;
    struct translation_store *translations; /* comments' translations, opened at the first */
    struct db *db;
};

/* A bad record: reported as "FILE:LINE: reason"; fatal unless skip_bad. */
void sink_bad(struct import_sink *sink, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* A note on the file that is no error (a sidecar missing, an assumed zone
 * that its ids contradict): reported as "FILE: note", nothing counted. */
void sink_warn(struct import_sink *sink, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* A file refused as a whole: "FILE: why"; fatal even with skip_bad. */
void sink_refuse(struct import_sink *sink, const char *why);
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

/* The values of a set of JSON paths (json.h) in text[0..len), into
 * out[]: the set is prepared on first use and kept for the import (paths
 * must be a static list). False after reporting a bad record. */
bool sink_paths(struct import_sink *sink, const char *const *paths, const char *text,
                size_t len, struct field *out);

/* The current record holds records of its own, the elements of the JSON
 * array text[0..len) (an API page's tweets or videos): the file's summary
 * counts those instead of it. Call it before walking them (it walks at
 * depth 1). */
void sink_items(struct import_sink *sink, const char *text, size_t len);

/* A record left out on purpose (an empty tile, a line of a platform refuge
 * does not read): counted under its reason in the file's summary, not an
 * error. */
void sink_skip(struct import_sink *sink, const char *reason);
/* n records left out for one reason at once (a table not read). */
void sink_skip_n(struct import_sink *sink, const char *reason, int64_t n);

/* A zoneless local time of this file, read in the zone --assume-zone gives,
 * else at default_offset (minutes east of UTC: the format's documented
 * zone); the summary says which. Returns false after reporting a bad
 * record; *basis says whether the zone was assumed. */
bool sink_local_time(struct import_sink *sink, const char *text, const char *name,
                     int default_offset, int64_t *ts, bool *has_offset, int *offset,
                     enum time_basis *basis);

/* Mappers: a validated row to the store, counted in the result. A post or
 * comment of a collection has its provenance (format, file) filled in. */
void sink_post(struct import_sink *sink, const struct post *p);
void sink_comment(struct import_sink *sink, const struct comment *c);
/* A translation of a cached post or comment (import --translations): one
 * for an id not in the cache is a bad record; one a person's translation
 * stands in the way of (without --replace) is skipped, and said. */
struct translation;
void sink_translation(struct import_sink *sink, const struct translation *t);
/* A code of an export's codebook, merged into the cache's
 * (wb_code_merge_into()): a new code is counted, another description kept
 * beside the cache's and a key that clashes left out, each said with
 * FILE:LINE. */
void sink_code(struct import_sink *sink, const char *name, const char *description,
               const char *key);
void sink_event(struct import_sink *sink, const struct event *e);
void sink_figure(struct import_sink *sink, const struct figure *g);

#endif
