/* import.h — read posts, events and figures from files into the cache.
 *
 * Encodings: JSON Lines (one object per line), a JSON array of objects
 * (MediaCrawler's "json" output) and CSV (RFC 4180 with a header row),
 * detected from the first bytes of the input unless given. What the records
 * are (posts, events, figures or MediaCrawler Xiaohongshu notes) is told by
 * their field names. refuge(1) documents every field.
 *
 * Inside, src/import/ has three parts joined by a record sink (sink.h):
 * readers turn bytes into records (reader.h), mappers turn records into
 * validated rows (mapper.h), and the store writes them (store.h).
 *
 * Each call imports every input in one transaction. A bad record is
 * reported as "FILE:LINE: reason" (the line where the record starts); by
 * default the first one rolls the whole import back, leaving the cache
 * exactly as it was. With skip_bad the good records are kept and every bad
 * one is reported. Posts are upserted on (platform, id): importing the same
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

enum import_format {
    IMPORT_AUTO,  /* '{' first: JSON Lines; '[': JSON array; else CSV */
    IMPORT_JSONL,
    IMPORT_JSON,
    IMPORT_CSV,
};

/* Parses "jsonl", "json", "csv" (and "auto"); returns -1 for anything else. */
int import_format_from_name(const char *name);

/* One input. `name` is what messages call it ("-" is shown as "stdin");
 * `fp` is read to its end and not closed. */
struct import_input {
    const char *name;
    FILE *fp;
};

struct import_options {
    enum import_format format;
    bool skip_bad;
    /* Stamp imported records as the bundled dataset (bundle.c only): they
     * keep their provenance and are replaced by the next bundle. */
    bool bundled;
    /* Called with each "FILE:LINE: reason" (NULL: not reported). */
    void (*report)(void *data, const char *message);
    void *report_data;
    /* Called now and then with bytes read so far of the current input, for
     * a progress bar (NULL: none). */
    void (*progress)(void *data, const char *name, uint64_t bytes);
    void *progress_data;
    /* When it points at a non-zero value (set by a signal handler), the
     * import stops at the next line or record and rolls back, with
     * import_run() failing as "interrupted" (NULL: never). */
    const volatile sig_atomic_t *stop;
};

struct import_result {
    int64_t posts, events, figures; /* records imported (inserted or updated) */
    int64_t unchanged;               /* records identical to what was cached (any kind) */
    int64_t bad;                     /* bad records (skipped, or the one that stopped it) */
};

/* Imports `n` inputs in one transaction. Returns 0 when committed (with
 * skip_bad, bad records may have been skipped), or -1 when nothing was
 * changed: a bad record without skip_bad (err holds its FILE:LINE message),
 * an unreadable input, a database error, or opts->stop set. */
int import_run(struct db *db, const struct import_input *inputs, size_t n,
               const struct import_options *opts, struct import_result *result,
               struct rf_error *err);

/* Deletes every post, event and figure of the bundled dataset, inside a
 * transaction the caller holds; the triggers keep the search index and the
 * counts right. Returns 0, or -1 with err set. */
int import_drop_bundled(struct db *db, struct rf_error *err);

/* Imports in-memory JSON Lines text inside a transaction the caller holds
 * (the bundled dataset). Same errors as import_run(), without rollback. */
int import_buffer(struct db *db, const char *name, const char *data, size_t len,
                  const struct import_options *opts, struct import_result *result,
                  struct rf_error *err);

/* The language heuristic used when a post has no `lang`: "zh" when Han
 * characters make up at least a quarter of the Han and Latin letters,
 * otherwise "en". */
const char *import_detect_lang(const char *text, size_t len);

/* The largest count imported: exact in a double, and a sum of many still
 * fits 64 bits. */
#define IMPORT_COUNT_MAX 9000000000000000LL

/* Parses a count as platforms print it: "123", "1.2万" (x 10,000),
 * "3千" (x 1,000), "1.5亿", "1.2w", "3k", "10+" (at least 10: counts as 10).
 * Returns 0, -1 when it is not a count, or -2 when the count (after the
 * scaling) is above IMPORT_COUNT_MAX. */
int import_parse_count(const char *s, int64_t *out);

#endif
