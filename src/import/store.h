/* store.h — the only code that writes imported rows to the cache.
 *
 * The store takes validated rows (a mapper has checked every field) and
 * writes them with prepared statements inside the transaction the caller
 * holds: a new post is a plain INSERT, a known one an UPDATE that writes
 * only when something differs (an observation is merged first: see struct
 * post); comments, authors, keywords, media and files likewise; events and
 * figures are upserts with their sources linked in order. A post of
 * refuge's own records is inserted without looking it up first; only an
 * insert the UNIQUE key refuses is looked up, so a first import writes each
 * post once and keeps no list of the ids it saw. Nothing per row touches
 * the search index, the per-day table or the tag counts: store_finish()
 * brings the counts up to date with a few set-based statements over what
 * the import changed (saved in temporary tables of the connection), and
 * index.c the search index, in steps after the rows are committed.
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

/* Counts as a file gave them: each known or not (unknown is never 0), and
 * a "10+" kept as its bound with a flag ("at least"). */
enum count_kind { COUNT_LIKES, COUNT_COMMENTS, COUNT_COLLECTS, COUNT_SHARES, COUNT_VIEWS,
                  COUNT_KINDS };

struct counts {
    int64_t v[COUNT_KINDS]; /* the count, or its lower bound; 0 when unknown */
    unsigned known;         /* bit (1u << kind): the file gave that count */
    unsigned at_least;      /* bit (1u << kind): v is a lower bound */
    int64_t observed;       /* when the counts were seen (Unix seconds) */
    bool has_observed;      /* false: an untimed sighting, older than any timed one */
};

/* How a time was found: given (an epoch, a zoned time), derived from a
 * Xiaohongshu id (its first 8 hex digits are Unix seconds), or a zoneless
 * local time read in an assumed zone (the offset says which). */
enum time_basis { TIME_EXACT, TIME_DERIVED_ID, TIME_LOCAL };

/* "exact", "derived-id" or "local". */
const char *store_time_basis_name(enum time_basis b);

/* Who wrote a post or comment: a stable key per platform (user_id,
 * creator_hash, uniqueId, did...) beside the display name. A file that
 * gives only a name leaves key NULL: such authors are told apart by name
 * and never merge with keyed ones; a masked name ("K***o") is never a key. */
struct author_ref {
    const char *key, *name; /* either may be NULL; both NULL: no author */
};

/* Where a record came from, filled by the sink: the format (tool and field
 * set, "mediacrawler:xhs-notes:user_id"), the file and when the tool
 * collected it. */
struct provenance {
    const char *tool, *file;
    int64_t collected;
    bool has_collected;
};

struct media;

/* A post, validated: every string valid UTF-8 without NUL, lang a language
 * code ("zh", "en", "ja", "und"...), tkind decided, platform a lower-case
 * name, region an upper-case ISO code.
 *
 * refuge's own records replace what is cached (a repeat in one file is a
 * duplicate). A collection's record is an observation (`observed` set): it
 * merges with what is cached, as refuge(1) describes: each count from the
 * newest sighting that knows it, the union of keywords, media and files,
 * the full text over a title, an exact time over a derived one, a keyed
 * author over a name; a file may list it more than once. */
struct post {
    const char *id, *platform, *author, *region, *lang, *text, *translation, *tkind;
    const char *translation_by; /* who made the translation (a command, a person); NULL: not said */
    size_t id_len, text_len, translation_len;
    const char *url, *provenance, *source, *note;
    int64_t ts;
    bool has_offset;
    int offset;
    struct counts counts;
    const struct tags *tags; /* tags_to_json() done */
    /* Collections only (NULL, 0 or false for refuge's own records). */
    bool observed;
    enum time_basis basis;
    const char *author_key; /* beside `author`, the display name */
    const char *type;       /* "image", "video", "text"; NULL unknown */
    const char *keyword;    /* the search keyword that found it */
    const char *reply_to;   /* the post it replies to (X, Bluesky) */
    bool partial;           /* the text is only a title (search results, tiles) */
    const struct media *media;
    struct provenance from;
    /* refuge's own records that carry what collections told (as export
     * writes them): the author is linked (by author_key, else by name) and
     * its record named author_name (else author); counts.observed is when
     * the counts were seen, seen[k] (bit k of seen_timed) when each was;
     * from.collected the collection time; keywords, media and files are
     * added to those cached. */
    bool link_author;
    const char *author_name;
    int64_t seen[COUNT_KINDS];
    unsigned seen_timed;
    const char *const *keywords;
    size_t nkeywords;
    const struct provenance *files;
    size_t nfiles;
};

/* A comment, validated as a post is. It belongs to a post (by the
 * platform's id: the post need not be in the cache) and may reply to
 * another comment. Comments are always observations. */
struct comment {
    const char *id, *platform, *post_id, *parent_id, *author, *author_key, *region, *lang,
        *text;
    const char *author_name; /* refuge's own records: the name the author's record goes by */
    size_t id_len, text_len;
    int64_t ts;
    bool has_offset;
    int offset;
    enum time_basis basis;
    struct counts counts; /* COUNT_LIKES only */
    int64_t replies;      /* how many replies the platform counted */
    bool has_replies;
    const struct media *media;
    struct provenance from;
    /* refuge's own records: a translation (NULL: none given), its kind and
     * maker; stored after the comment (store_translation.h), never over a
     * person's translation. */
    const char *translation, *tkind, *translation_by;
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
    STORE_NEW,       /* inserted */
    STORE_WRITTEN,   /* updated with something new */
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

/* Before a large import into a small cache: `input_bytes` is the size of
 * the inputs (0 when unknown, as for a pipe). When they hold more records
 * than a table has rows (at STORE_BYTES_PER_RECORD, and at least
 * STORE_DEFER_MIN records), that table's secondary indexes are dropped and
 * store_finish() builds them again from the sorted rows, in the same
 * transaction, so a failed import restores them with the rest. Every
 * statement of the rows phase finds its rows by the tables' ids or UNIQUE
 * keys, which stay. Call it before the first record. Returns 0 or -1. */
#define STORE_BYTES_PER_RECORD 1024
#define STORE_DEFER_MIN 10000
int store_defer_indexes(struct store *st, uint64_t input_bytes, struct rf_error *err);

enum store_result store_post(struct store *st, const struct post *p);
enum store_result store_comment(struct store *st, const struct comment *c);
enum store_result store_event(struct store *st, const struct event *e);
enum store_result store_figure(struct store *st, const struct figure *g);

/* Builds the indexes store_defer_indexes() dropped, then brings the
 * per-day tables and tag counts up to date with everything
 * stored since store_open(), and the search indexes with the changed rows
 * they hold; new rows are left above the indexes' watermarks (db.h) for
 * the second phase (import_index_step()). Returns 0, or -1 with err set. */
int store_finish(struct store *st, struct rf_error *err);

/* What the last STORE_FAILED was. */
const char *store_errmsg(const struct store *st);

/* True when the cache holds no posts or comments but the bundled
 * dataset's: a first import, whose rows are nearly all new pages (the
 * bundle is 2 MB), and which has nothing of its own to browse while they
 * are written. False on an error. */
bool store_first_import(sqlite3 *sql);

/* Deletes every post, event and figure of the bundled dataset, and the
 * authors only its posts named, inside a transaction the caller holds.
 * counts (when not NULL) receives the posts, events and figures deleted.
 * Returns 0, or -1 with err set. */
int store_drop_bundled(sqlite3 *sql, int64_t counts[3], struct rf_error *err);

#endif
