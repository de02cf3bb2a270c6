/* store.h — the only code that writes imported rows to the cache.
 *
 * The store takes validated rows (a mapper has checked every field) and
 * writes them with prepared statements inside the transaction the caller
 * holds: a new post is a plain INSERT, a known one an UPDATE that writes
 * only when something differs; events and figures are upserts with their
 * sources linked in order. Nothing per row touches the search index, the
 * per-day table or the tag counts: store_finish() brings them up to date
 * with a few set-based statements over what the import changed (saved in
 * temporary tables of the connection).
 *
 * Every function returns STORE_FAILED (or -1) on a database error, with
 * store_errmsg() saying what; the caller then rolls the transaction back.
 */
#ifndef REFUGE_IMPORT_STORE_H
#define REFUGE_IMPORT_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

#include "../error.h"
#include "tags.h"

/* A post, validated: every string valid UTF-8 without NUL, lang and tkind
 * decided, platform a lower-case name, region an upper-case ISO code. */
struct post {
    const char *id, *platform, *author, *region, *lang, *text, *translation, *tkind;
    size_t id_len, text_len, translation_len;
    const char *url, *provenance, *source, *note;
    int64_t ts, likes, comments, collects, shares;
    bool has_offset;
    int offset;
    const struct tags *tags; /* tags_to_json() done */
};

/* A cited source of an event or figure; title, published and url may be NULL. */
struct source_ref {
    char *publisher, *title, *published, *url;
};

#define MAX_SOURCES 16

struct event {
    const char *id, *date, *time, *tz, *kind, *title_en, *title_zh, *summary_en, *summary_zh,
        *confidence, *notes;
    size_t id_len;
    int64_t ts, importance;
    bool has_offset;
    int offset;
    const struct source_ref *sources;
    size_t nsources; /* 1 to MAX_SOURCES */
};

struct figure {
    const char *id, *series, *label_en, *label_zh, *qualifier, *unit, *as_of, *tz,
        *confidence, *event_id, *notes;
    size_t id_len;
    double value;
    int64_t ts;
    bool has_offset;
    int offset;
    const struct source_ref *sources;
    size_t nsources;
};

enum store_result {
    STORE_WRITTEN,   /* inserted, or updated with something new */
    STORE_UNCHANGED, /* identical to the cached row */
    STORE_DUPLICATE, /* its id came earlier in the same file: nothing written */
    STORE_FAILED,    /* a database error */
};

struct store;

/* Prepares the statements and temporary tables on `sql`, whose
 * transaction the caller holds. `bundled` stamps every row as the bundled
 * dataset's. Returns NULL with err set. */
struct store *store_open(sqlite3 *sql, bool bundled, struct rf_error *err);
void store_close(struct store *st);

/* A new input begins: the same id may come again (once). Returns 0 or -1. */
int store_begin_file(struct store *st);

enum store_result store_post(struct store *st, const struct post *p);
enum store_result store_event(struct store *st, const struct event *e);
enum store_result store_figure(struct store *st, const struct figure *g);

/* Brings the search index, per-day table and tag counts up to date with
 * everything stored since store_open(). Returns 0, or -1 with err set. */
int store_finish(struct store *st, struct rf_error *err);

/* What the last STORE_FAILED was. */
const char *store_errmsg(const struct store *st);

/* Deletes every post, event and figure of the bundled dataset, inside a
 * transaction the caller holds. Returns 0, or -1 with err set. */
int store_drop_bundled(sqlite3 *sql, struct rf_error *err);

#endif
