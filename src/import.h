/* import.h — read posts, events and figures from files into the cache.
 *
 * Encodings: JSON Lines (one object per line), a JSON array of objects,
 * one JSON object, CSV (RFC 4180 with a header row) and MediaCrawler's
 * SQLite file, detected from the first bytes of the input unless given.
 * What the records are (refuge's own, or a researcher's tool's: Zeeschuimer,
 * MediaCrawler, ...) is told by the first record's field names, as
 * tests/data/collections/DETECTION.md specifies; anything else is refused
 * as a whole, saying what it looks like. refuge(1) documents every field.
 *
 * Inside, src/import/ has three parts joined by a record sink (sink.h):
 * readers turn bytes into records (reader.h), mappers turn records into
 * validated rows (mapper.h), and the store writes them (store.h).
 *
 * Each call imports every input in one transaction. A bad record is
 * reported as "FILE:LINE: reason" (the line where the record starts); by
 * default the first one rolls the whole import back, leaving the cache
 * exactly as it was. With skip_bad the good records are kept and every bad
 * one is reported. A file refused as a whole (not a format refuge reads)
 * rolls it back with or without skip_bad. Posts are upserted on (platform, id): importing the same
 * file twice changes nothing.
 *
 * Ownership: the caller owns every argument; the result holds no pointers
 * into them except `report`, which is only called during import_run().
 */
#ifndef REFUGE_IMPORT_H
#define REFUGE_IMPORT_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "db.h"
#include "error.h"
#include "when.h"

enum import_format {
    IMPORT_AUTO,  /* '{' first: JSON Lines; '[': JSON array; else CSV */
    IMPORT_JSONL,
    IMPORT_JSON,
    IMPORT_CSV,
    IMPORT_SQLITE, /* MediaCrawler's database; told by its header, never forced */
};

/* Parses "jsonl", "json", "csv" (and "auto"); returns -1 for anything else. */
int import_format_from_name(const char *name);

/* True when name is a source format --format may force
 * ("zeeschuimer:xiaohongshu.com", "mediacrawler:xhs-comments:user_id", or a
 * tool's prefix such as "mediacrawler"). */
bool import_source_known(const char *name);

/* What one file gave, for the summary `refuge import` prints per file. */
#define IMPORT_MAX_REASONS 8
struct import_file_summary {
    const char *file;   /* the input's name */
    const char *format; /* the format recognised, or "refused" */
    int64_t records;    /* top-level records read (an API page's items for pages) */
    int64_t posts_new, posts_updated, comments_new, comments_updated, unchanged;
    int64_t skipped;    /* left out on purpose, by reason below */
    struct {
        char reason[120];
        int64_t n;
    } reasons[IMPORT_MAX_REASONS];
    int nreasons;
    char zone[96]; /* the zone zoneless local times were read in, "" when none were */
};

/* One input. `name` is what messages call it ("-" is shown as "stdin");
 * `fp` is read to its end and not closed. */
struct import_input {
    const char *name;
    FILE *fp;
};

struct import_options {
    enum import_format format;
    /* A source format to force (import_source_known()), NULL: detect. */
    const char *source;
    /* The zone of zoneless local times (--assume-zone: an offset or an
     * IANA zone with its daylight saving), when has_zone; otherwise each
     * format's documented default. */
    bool has_zone;
    struct when_zone zone;
    /* Called after each file with its summary (NULL: not reported). */
    void (*file_done)(void *data, const struct import_file_summary *sum);
    void *file_done_data;
    bool skip_bad;
    /* Every file is a translations file (import --translations: rows of
     * platform, id, translation); `replace` lets them write over a
     * person's translation. */
    bool translations, replace;
    /* Stamp imported records as the bundled dataset (bundle.c only): they
     * keep their provenance and are replaced by the next bundle. */
    bool bundled;
    /* Called with each "FILE:LINE: reason" (NULL: not reported). */
    void (*report)(void *data, const char *message);
    void *report_data;
    /* Called with each "FILE: note" on a file that is no error (an X
     * archive without its account.js, a Spider_XHS time its id
     * contradicts); NULL: not reported. */
    void (*warn)(void *data, const char *message);
    void *warn_data;
    /* Called now and then with bytes read so far of the current input, for
     * a progress bar (NULL: none). */
    void (*progress)(void *data, const char *name, uint64_t bytes);
    void *progress_data;
    /* When it points at a non-zero value (set by a signal handler), the
     * import stops at the next line or record and rolls back, with
     * import_run() failing as "interrupted" (NULL: never); once the rows
     * are committed, it stops the search index between two steps (the
     * rows stay, and the index resumes later). */
    const volatile sig_atomic_t *stop;
    /* Leave the new rows above the search index's watermark for a later
     * import_index_build() (refuge import --no-index; refuge index). */
    bool defer_index;
    /* Called after each step of the search index with the rows indexed
     * and the rows that were waiting when it began (NULL: not reported);
     * its data is progress_data. */
    void (*index_progress)(void *data, int64_t done, int64_t total);
};

struct import_result {
    int64_t posts, events, figures; /* records imported (inserted or updated) */
    int64_t comments;                /* comments imported (inserted or updated) */
    int64_t posts_new, comments_new; /* of them, new to the cache */
    int64_t skipped;                 /* records left out on purpose (empty tiles...) */
    int64_t unchanged;               /* records identical to what was cached (any kind) */
    int64_t bad;                     /* bad records (skipped, or the one that stopped it) */
    bool refused; /* a file refused as a whole stopped it: skip_bad cannot help */
    /* Rows (posts and comments) the search index has not taken yet: 0
     * unless defer_index, a stop or an error (see index_error) came
     * during the index's phase. */
    int64_t index_waiting;
    char index_error[256]; /* why the index's phase failed, "" when it did not */
};

/* Imports `n` inputs in two phases. The rows: every input in one
 * transaction, with the per-day tables and tag counts, committed without
 * the search index, so other processes browse and filter them at once.
 * Then the search index (import_index_build()) unless opts->defer_index.
 * Returns 0 when the rows were committed (with skip_bad, bad records may
 * have been skipped; result->index_waiting says what the index still
 * lacks), or -1 when nothing was changed: a bad record without skip_bad
 * (err holds its FILE:LINE message), a file refused as a whole
 * (result->refused), an unreadable input, a database error, or
 * opts->stop set before the rows were committed. */
int import_run(struct db *db, const struct import_input *inputs, size_t n,
               const struct import_options *opts, struct import_result *result,
               struct rf_error *err);

/* Deletes every post, event and figure of the bundled dataset (and the
 * authors only its posts named), inside a transaction the caller holds; the
 * triggers keep the search index and the counts right. counts (when not
 * NULL) receives the posts, events and figures deleted. Returns 0, or -1
 * with err set. */
int import_drop_bundled(struct db *db, int64_t counts[3], struct rf_error *err);

/* Imports in-memory JSON Lines text inside a transaction the caller holds
 * (the bundled dataset), search index included (import_index_catch_up()).
 * Same errors as import_run(), without rollback. */
int import_buffer(struct db *db, const char *name, const char *data, size_t len,
                  const struct import_options *opts, struct import_result *result,
                  struct rf_error *err);

/* ---- the second phase: the search index (src/import/index.c) ----
 *
 * Rows above the watermarks (db.h: DB_INDEXED_POSTS) are fed to the
 * indexes in id order, IMPORT_INDEX_STEP at a time, each step a short
 * transaction of its own that moves the watermark: a step is all or
 * nothing, so a killed build resumes at its next step (the next
 * `refuge import` or `refuge index`), and the explorer or another writer
 * waits at most one step. Until the indexes are complete, the model
 * searches the rows above them by a scan. */

/* Rows a step indexes: about a quarter of a second of FTS5's work. */
#define IMPORT_INDEX_STEP 10000

/* Posts and comments waiting for the index, into *out. Returns 0 or -1. */
int import_index_waiting(struct db *db, int64_t *out, struct rf_error *err);

/* One step: up to `rows` posts (or, when none wait, comments) indexed in a
 * transaction of its own. *added says how many. Returns 1 when a step was
 * made, 0 when nothing was waiting, -1 with err set (nothing changed). */
int import_index_step(struct db *db, int64_t rows, int64_t *added, struct rf_error *err);

/* Steps until nothing waits or opts->stop is set, calling
 * opts->index_progress after each. *waiting receives what is left.
 * Returns 0 (complete, or stopped: *waiting > 0) or -1 with err set. */
int import_index_build(struct db *db, const struct import_options *opts, int64_t *waiting,
                       struct rf_error *err);

/* Indexes everything waiting inside a transaction the caller holds (the
 * bundled dataset, which is small). Returns 0 or -1 with err set. */
int import_index_catch_up(struct db *db, struct rf_error *err);

/* The language heuristic used when a post has no `lang`: "zh" when Han
 * characters make up at least a quarter of the Han and Latin letters,
 * otherwise "en". */
const char *import_detect_lang(const char *text, size_t len);

/* The largest count imported: exact in a double, and a sum of many still
 * fits 64 bits. */
#define IMPORT_COUNT_MAX 9000000000000000LL

/* Parses a count as platforms print it: "123", "1,024", "1.2万" (x 10,000),
 * "3千" (x 1,000), "1.5亿", "1.2w", "3k", "赞" (Xiaohongshu's label for 0),
 * "10+" (at least 10: *out is 10 and *at_least true; at_least may be NULL).
 * Returns 0, -1 when it is not a count, or -2 when the count (after the
 * scaling) is above IMPORT_COUNT_MAX. */
int import_parse_count(const char *s, int64_t *out, bool *at_least);

#endif
