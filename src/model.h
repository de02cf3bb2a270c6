/* model.h — every question the UI and the batch commands ask the cache.
 *
 * The only place with SQL for reading (import.c has its inserts, db.c the
 * schema). Each query is a prepared statement with bound parameters,
 * prepared on first use and reused; list queries are windowed with keyset
 * pagination (never OFFSET, never the whole table), so memory is bounded by
 * what the caller asks for, not by the size of the cache. No curses here:
 * plain structs in, plain structs out.
 *
 * Times are Unix seconds, UTC. A "day" is a UTC calendar day.
 *
 * Ownership: every struct a function fills (page, detail, stats, list) owns
 * its strings and arrays; release it with the matching *_free() function,
 * which also accepts a zeroed struct. Input strings (filters, ids) are only
 * read during the call.
 *
 * Return values: 0 success, -1 error with err set; functions that look one
 * thing up return MODEL_NOT_FOUND (1) when it is not there.
 */
#ifndef REFUGE_MODEL_H
#define REFUGE_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "error.h"
#include "vocab.h"
#include "when.h"

#define MODEL_NOT_FOUND 1
/* model_count() and model_stats() gave way: the interrupt check said stop. */
#define MODEL_INTERRUPTED 2

/* Search queries shorter than this many characters (code points) cannot be
 * phrase queries of the trigram index: a rare one is found through the
 * index's vocabulary, a common one by a bounded scan (see model_posts()). */
#define MODEL_FTS_MIN_CHARS 3

/* Rows a scan for a common search examines per call before it returns what
 * it has found, with `more` set and a cursor to continue from. */
#define MODEL_SCAN_WINDOW 20000

struct model;
/* The cache (db.h): only whoever opens the model sees it. */
struct db;

/* Creates a model over an open cache; the cache must outlive it. Call
 * userstate_open() on the cache first when the user's own tables should
 * live apart from a read-only cache (userstate.h). */
struct model *model_new(struct db *db, struct rf_error *err);

/* Finalises the prepared statements; NULL is allowed. */
void model_free(struct model *m);

/* The cache the model reads, for the modules that own tables of their own
 * beside it (workbench.c: codes, marks, views); not for the UI. */
struct db *model_cache(struct model *m);

/* True when another connection has committed to the cache since the last
 * call (PRAGMA data_version), or when a new snapshot was published over the
 * cache's path (db_replaced()): then the model has already reopened it, and
 * it is time to re-query what is on screen. Costs a stat() and a pragma. */
bool model_changed(struct model *m);

/* True when the cache can change only by being replaced (it is read-only):
 * the explorer then asks model_changed() on an idle tick too, as no key
 * of the user's own will change it. */
bool model_shared(struct model *m);

/* True while an import's second phase is still building the search index
 * (db.h: DB_INDEXED_POSTS), with *percent the share of posts it holds
 * (0-99, from ids: about right). Searches then still answer: the posts
 * not yet indexed are scanned. Read once per version of the cache. */
bool model_index_building(struct model *m, int *percent);

/* Lets long questions give way to the person at the keyboard: while a
 * statement runs, `should_stop(arg)` is asked every few thousand SQLite
 * virtual-machine steps (well under a millisecond apart); when it says
 * true, the statement is abandoned and model_count() or model_stats()
 * returns MODEL_INTERRUPTED with nothing filled in. Other functions fail
 * as on any error, so callers set this only around questions they are
 * ready to ask again. NULL removes the check. */
void model_set_interrupt(struct model *m, bool (*should_stop)(void *arg), void *arg);

/* ---- posts ----------------------------------------------------------------- */

/* Which posts a list, count or stats call covers. Zero-initialised = all. */
struct model_filter {
    bool has_from, has_to;
    int64_t from, to;       /* time window [from, to) in UTC seconds */
    const char *lang;       /* a language code ("zh", "en", "ja"...), or NULL for all */
    const char *platform;   /* "xiaohongshu", ... or NULL */
    const char *tag;        /* one tag, without '#', or NULL */
    const char *provenance; /* one of vocab_provenances, or NULL */
    bool starred_only;
    bool marked_only;       /* posts marked in the feed (workbench.h) */
    const char *code;       /* posts this code is applied to (workbench.h), or NULL */
    /* A reproducible random sample (sample.h) of `sample` posts among
     * those the rest of the filter selects, drawn with `seed`; 0: all. */
    int64_t sample;
    uint64_t seed;
    const char *search;     /* substring in text or translation, or NULL/"" */
    /* One author's posts: "PLATFORM:KEY" or a key alone (on any platform),
     * the key the collection gave (a name for a name-only author), never
     * the display name, so masked nicknames never merge people; or NULL. */
    const char *author;
    /* The search also reaches the posts' comments: a post matches when
     * the text of one of its comments does (a plain search only, not a
     * #tag or an @name). */
    bool with_comments;
};

/* True when `filter` selects every post: no time window (either end), language,
 * platform, tag, provenance, starred-only, marked-only, code, sample, author or
 * non-empty search. */
bool model_filter_is_empty(const struct model_filter *filter);

/* The text a search looks for in posts' texts, NUL-terminated in buf (cut
 * to size): the words, or what is between its quotes. False for no search
 * and for a #tag or an @name, which match no text. For highlighting. */
bool model_search_text(const char *search, char *buf, size_t size);

/* True when `filter` has a time window and no other condition: an empty
 * list under it is explained by the window, not by a filter to clear. */
bool model_filter_is_window_only(const struct model_filter *filter);

/* How model_filter_label() spells the conditions. */
enum model_label_style {
    MODEL_LABEL_TERSE, /* for titles: zh · tiktok · #cattax · starred · quoted · by x:KEY · search "猫" */
    MODEL_LABEL_KEYED, /* for reports: " lang zh platform tiktok tag #cattax starred ..." */
};

/* Appends the filter's conditions other than its time window to the
 * NUL-terminated string in buf (of `size` bytes), cut to fit: TERSE puts
 * " · " before each part when buf is not empty, KEYED a space before every
 * part. The time window is the caller's to spell, in the zone its reader
 * sees. Returns true when it appended anything. */
bool model_filter_label(const struct model_filter *filter, enum model_label_style style, char *buf,
                        size_t size);

/* Display order of a post list: both are descending (newest, most liked
 * first), ties broken by the internal id, descending. */
enum model_sort { MODEL_SORT_TIME, MODEL_SORT_LIKES };

/* Which way to read from a cursor, in display order: FORWARD is down the
 * list (older posts; later events), BACKWARD is up. */
enum model_dir { MODEL_FORWARD, MODEL_BACKWARD };

/* A position in a list: the sort key (ts_utc or likes) and the row id.
 * A cursor is exclusive: the row it names is not returned again. An invalid
 * cursor (valid == false, or a NULL pointer) means "from the start" for
 * FORWARD and "from the end" for BACKWARD. Any key works, not only a row's:
 * {true, T, INT64_MAX} read FORWARD opens a time-ordered list at the posts
 * at or before time T (the timeline -> feed link), and read BACKWARD gives
 * the ones after it. */
struct model_cursor {
    bool valid;
    int64_t key;
    int64_t id;
};

/* Where a search query matched: byte offsets into the text it refers to.
 * ASCII letters match case-insensitively. */
struct model_span {
    size_t offset;
    size_t length;
};

/* A code applied to a post, with its memo ("" when none): workbench.h. */
struct model_code {
    char *code, *memo;
};

/* What the collections that found a post told of it, beside refuge's own
 * fields (filled with the details; empty for refuge's own posts). */
struct model_collected {
    bool linked;       /* the post has an author record ... */
    char *author_key;  /* ... keyed so (NULL: known by name only) */
    char *author_name; /* the name that record goes by now (the newest seen) */
    char *type;        /* "image", "video", "text"; NULL unknown */
    char *time_basis;  /* "exact", "derived-id", "local" */
    char *reply_to;    /* the post it replies to (X, Bluesky) */
    bool partial;      /* the text is only a title */
    int64_t views;
    unsigned known, at_least; /* bits: 1 likes, 2 comments, 4 collects, 8 shares, 16 views */
    /* When the newest sighting's counts were observed, and each count
     * (1u << kind in `timed`; by a file that gives no time otherwise). */
    bool has_counts_at, has_collected_at;
    int64_t counts_at, collected_at, seen[5];
    unsigned timed;
    char **keywords; /* by code point */
    size_t nkeywords;
    struct model_medium {
        char *url, *kind; /* kind: "image" or "video" */
    } *media;            /* in the order first seen */
    size_t nmedia;
    struct model_file {
        char *tool, *file;
        bool has_collected;
        int64_t collected;
    } *files;
    size_t nfiles;
};

struct model_post {
    int64_t id;       /* internal row id: cursor tie-break, detail, star/read */
    int64_t ts_utc;
    bool has_offset;  /* the source gave a UTC offset ... */
    int utc_offset;   /* ... of this many minutes (+480 for +08:00) */
    char *platform, *ext_id, *author, *region; /* region may be NULL */
    char *lang;       /* "zh" or "en" */
    char *text;       /* as imported: sanitise before drawing (text.h) */
    char *translation;      /* may be NULL */
    char *translation_kind; /* "human", "machine" or "none" */
    char *translation_by;   /* who made it: a command (refuge translate), a person; NULL: not said */
    int64_t likes, comments, collects, shares;
    char *url;        /* may be NULL */
    char *provenance; /* "quoted", "illustrative" or "imported" */
    /* A quoted post is known from a document that quotes it, which gives
     * neither its counts nor its time of day: its time is the curator's
     * placement (show it as approximate) and its counts are unknown, not 0. */
    bool time_approximate, counts_unknown;
    bool starred, read;
    bool marked; /* marked in the feed (workbench.h) */
    /* Filled by model_post_detail(), model_posts_each() and
     * model_export_posts() only (NULL / 0 in list pages): */
    char *source, *note;
    char **tags;
    size_t ntags;
    struct model_collected collected; /* what collections told of it */
    struct model_code *codes; /* the codes applied to it, by name */
    size_t ncodes;
    /* Counts no file gave, and counts given only as a lower bound ("10+"),
     * as bits like collected.known (1 likes, 2 comments, ...); filled for
     * every row, a list's too. 0: every count exact. */
    unsigned counts_missing, counts_floor;
    /* Filled when the list was searched (NULL / 0 otherwise): */
    struct model_span *text_spans, *translation_spans;
    size_t ntext_spans, ntranslation_spans;
    /* A search's words that hit neither text, but a tag or the author's
     * name: "#tag" or "@name" and the hit in it (NULL otherwise). */
    char *meta_hit;
    struct model_span meta_span;
    /* A search with_comments that hit none of the above, but a comment:
     * that comment's text and the hit in it (NULL otherwise). */
    char *comment_hit;
    struct model_span comment_span;
};

struct model_post_page {
    struct model_post *rows; /* in display order, whatever the direction */
    size_t count;
    struct model_cursor first, last; /* cursors of rows[0] and rows[count-1] */
    /* True when more rows may lie beyond this page in the direction read
     * (after a short-query scan, a page can be full or even empty with
     * more set, and the next call may find nothing): ask again from
     * `resume`, never from `last`, to continue. */
    bool more;
    struct model_cursor resume; /* where to continue in the direction read */
};

/* Reads up to `limit` posts matching `filter` from cursor `from` in
 * direction `dir`. A tag or a search is tested post by post along the list
 * when matches are common (a search on the post's text, in C; a common
 * short search examines at most MODEL_SCAN_WINDOW posts per call), and
 * collected through its index when they are rare (a search of
 * MODEL_FTS_MIN_CHARS or more characters as a phrase of the trigram index,
 * a shorter one as the trigrams that start with it), so the first page is
 * quick either way. */
int model_posts(struct model *m, const struct model_filter *filter, enum model_sort sort,
                const struct model_cursor *from, enum model_dir dir, size_t limit,
                struct model_post_page *page, struct rf_error *err);

void model_post_page_free(struct model_post_page *page);

/* Called by model_posts_each() with each post; non-zero stops the walk. */
typedef int (*model_post_fn)(void *arg, const struct model_post *post);

/* Every post matching `filter` in the order of `sort`, newest (or most
 * liked) first, each with everything (tags, source, note; the spans of a
 * search),
 * handed to `each` as it is read: at most `limit` (0: all). One statement
 * walks the order's index, with the tag and a phrase search collected
 * once as sets of ids it tests each entry against and a short search
 * tested on the text, so the whole listing is one read of one snapshot
 * and needs the memory of a row, however many there are. For batch
 * listings; the explorer reads windows with model_posts(). Returns 0, the
 * non-zero value `each` returned, or -1 with err set. */
int model_posts_each(struct model *m, const struct model_filter *filter, enum model_sort sort,
                     size_t limit, model_post_fn each, void *arg, struct rf_error *err);
/* model_posts_each() with what a list row holds only (no tags, source,
 * note, codes or what collections told): for the listings people read
 * (aligned text, Markdown), which print none of it, so each row copies
 * half the columns and none of the extras' lookups. */
int model_posts_each_listed(struct model *m, const struct model_filter *filter,
                            enum model_sort sort, size_t limit, model_post_fn each, void *arg,
                            struct rf_error *err);

/* Every post with everything (tags, source, note), oldest first, `limit`
 * at a time after cursor `after` (key = ts_utc); for `refuge export`. */
int model_export_posts(struct model *m, const struct model_cursor *after, size_t limit,
                       struct model_post_page *page, struct rf_error *err);

/* Fills the detail fields (tags, source, note) of every row of a page
 * from model_posts(), in one query for the whole page, so a writer can page
 * through a list with everything. On failure the page is left as it was
 * but for details already filled. */
int model_post_page_details(struct model *m, struct model_post_page *page, struct rf_error *err);

/* The cursor of post `id` for `sort` (to re-open a list at a post). */
int model_post_cursor(struct model *m, int64_t id, enum model_sort sort,
                      struct model_cursor *out, struct rf_error *err);

/* One post with everything: tags, source, note, state. */
int model_post_detail(struct model *m, int64_t id, struct model_post *out, struct rf_error *err);

void model_post_free(struct model_post *post);

/* Number of posts matching `filter`, exact. Answered from the per-day
 * table when the filter has only a day-aligned time window, lang and
 * platform, and from the tag counts for a tag alone; otherwise it visits
 * every match, and for a search shorter than MODEL_FTS_MIN_CHARS every
 * post that passes the other conditions (about 0.2 s per 100,000). */
int model_count(struct model *m, const struct model_filter *filter, int64_t *out,
                struct rf_error *err);

/* model_count(), exact while it is cheap: a search whose matches are read
 * one by one (the short searches, and the words that also reach tags and
 * authors) stops once `cap` posts are counted, and a search whose text
 * alone matches at least `cap` posts is counted by its index alone; then
 * *at_least is true and *out a lower bound ("at least N"). cap 0: always
 * exact. A count of a million matches costs about a second on a busy
 * machine; one of `cap` a fraction. */
int model_count_capped(struct model *m, const struct model_filter *filter, int64_t cap,
                       int64_t *out, bool *at_least, struct rf_error *err);

/* The times of the oldest and the newest post in the cache, whatever the
 * filter (an empty window says what the posts cover); MODEL_NOT_FOUND when
 * there are no posts. */
int model_post_span(struct model *m, int64_t *first, int64_t *last, struct rf_error *err);

/* Applies `code` (workbench.h; it joins the codebook when new) with an
 * empty memo to every post of `filter` that lacks it, in one statement:
 * a sample saved as a code. *added gets how many posts it was applied to. */
int model_code_all(struct model *m, const struct model_filter *filter, const char *code,
                   int64_t *added, struct rf_error *err);

/* Marks every post of `filter` (workbench.h's marks) in one statement,
 * however many: nothing is loaded. *added gets how many were not marked
 * before. */
int model_mark_all(struct model *m, const struct model_filter *filter, int64_t *added,
                   struct rf_error *err);

/* Sets (on) or clears the starred / read flag of post `id`. The state is
 * kept by platform and external id, so it survives re-imports. */
int model_set_starred(struct model *m, int64_t id, bool on, struct rf_error *err);
int model_set_read(struct model *m, int64_t id, bool on, struct rf_error *err);

/* ---- aggregates ------------------------------------------------------------ */

/* What model_stats() counts posts over: days, weeks (from Monday), hours of
 * the day or days of the week, all in a zone. */
enum model_unit { MODEL_BY_DAY, MODEL_BY_WEEK, MODEL_BY_HOUR, MODEL_BY_WEEKDAY };

#define MODEL_UNIT_COUNT 4

/* "day", "week", "hour", "weekday"; model_unit_of() reads them back (-1
 * when none is meant). */
const char *model_unit_name(enum model_unit unit);
int model_unit_of(const char *name);

struct model_clock {
    struct when_zone zone;
    enum model_unit by;
};

/* One slot of the series: a day as its day number in the zone (days since
 * 1970-01-01, so formatting slot * 86400 in UTC writes its date), a week as
 * its Monday's day number, an hour of the day 0-23, a day of the week 0
 * (Monday) to 6 (Sunday). */
struct model_day {
    int64_t slot;
    int64_t posts, posts_zh, posts_en, likes;
};

struct model_tag_count {
    char *tag;
    int64_t posts;
};

/* Posts a code is applied to (workbench.h). */
struct model_code_count {
    char *code;
    int64_t posts;
};

/* Posts and the sum of their likes, of one provenance. */
struct model_total {
    int64_t posts, likes;
};

struct model_stats {
    int64_t posts, posts_zh, posts_en, likes; /* totals over the filter */
    /* The same totals by provenance (index enum vocab_provenance): the
     * illustrative posts' counts are invented, the quoted posts' unknown,
     * so a reader of the totals must be told how many posts are which. */
    struct model_total by_provenance[VOCAB_PROVENANCE_COUNT];
    /* The series by the clock's unit, ascending: the days and weeks that
     * have posts; every hour (24) or weekday (7), empty ones too. */
    struct model_day *days;
    size_t ndays;
    struct model_tag_count *tags; /* most used first, then by name */
    size_t ntags;
    struct model_post *top; /* most liked first (list fields only) */
    size_t ntop;
    struct model_code_count *codes; /* every code applied to a post of the filter, */
    size_t ncodes;                  /* most applied first, then by name */
    bool from_summary; /* totals and days came from the per-day or per-quarter-hour table */
    /* Posts among them whose likes no file gave, or only as a lower bound:
     * the likes above are then "at least" that many. */
    int64_t likes_partial;
};

/* Aggregates over `filter`: totals, posts per day (or per the clock's unit,
 * in its zone; NULL: days of UTC), language split, the `top` most used tags
 * the `top` most liked posts and the posts per code. Totals and the series come from the
 * per-day table (UTC days) or the per-quarter-hour table (folded into the
 * zone's days, weeks, hours or weekdays here) when the filter allows it (see
 * model_count()), without a scan of the posts; top tags over an unfiltered
 * cache come from the tag-count table. */
int model_stats(struct model *m, const struct model_filter *filter, size_t top,
                const struct model_clock *clock, struct model_stats *out,
                struct rf_error *err);

void model_stats_free(struct model_stats *stats);

/* The languages of the cache's posts ("zh", "en", "ja", "und"...), from
 * the per-day table: Chinese and English first, then the others by how
 * many posts they have. A NULL-terminated list the caller frees with
 * model_languages_free(). Returns 0, or -1 with err set. */
int model_languages(struct model *m, char ***out, struct rf_error *err);
void model_languages_free(char **langs);

/* ---- tags that travel together (model_tags.c) ---------------------------------- */

struct model_cotags {
    int64_t posts;                /* posts carrying the tag (by the tag counts) */
    struct model_tag_count *tags; /* the other tags on those posts: on how many, most first,
                                     then by name */
    size_t ntags;
};

/* The `top` tags that co-occur with `tag` (a leading '#' allowed; any ASCII
 * case, as a #tag search finds it) and on how many of its posts; posts 0
 * and no tags when no post carries it. One pass over the tag's posts, each
 * post's tags read through post_tags' index by post. Returns 0,
 * MODEL_INTERRUPTED (see model_set_interrupt()), or -1 with err set. */
int model_cotags(struct model *m, const char *tag, size_t top, struct model_cotags *out,
                 struct rf_error *err);

void model_cotags_free(struct model_cotags *c);

/* ---- events ---------------------------------------------------------------- */

/* Event kinds, as a bit mask for filtering: bit i is vocab_event_kinds[i]. */
enum model_kind {
    MODEL_KIND_EXECUTIVE_ORDER = 1u << VOCAB_KIND_EXECUTIVE_ORDER,
    MODEL_KIND_LEGISLATION = 1u << VOCAB_KIND_LEGISLATION,
    MODEL_KIND_COURT_RULING = 1u << VOCAB_KIND_COURT_RULING,
    MODEL_KIND_BAN = 1u << VOCAB_KIND_BAN,
    MODEL_KIND_OUTAGE = 1u << VOCAB_KIND_OUTAGE,
    MODEL_KIND_RESTORATION = 1u << VOCAB_KIND_RESTORATION,
    MODEL_KIND_HEARING = 1u << VOCAB_KIND_HEARING,
    MODEL_KIND_REPORT = 1u << VOCAB_KIND_REPORT,
    MODEL_KIND_PLATFORM = 1u << VOCAB_KIND_PLATFORM,
    MODEL_KIND_MIGRATION = 1u << VOCAB_KIND_MIGRATION,
    MODEL_KIND_DEAL = 1u << VOCAB_KIND_DEAL,
};
#define MODEL_KIND_ALL ((1u << VOCAB_KIND_COUNT) - 1)

/* The kind's name ("court-ruling") for one bit, or "unknown" for anything
 * else (an event from a damaged cache has no kind bit). */
const char *model_kind_name(unsigned kind);

/* The bit for a name, or 0 when the name is unknown. */
unsigned model_kind_from_name(const char *name);

struct model_source {
    char *publisher;              /* never NULL */
    char *title, *published, *url; /* NULL when unknown */
};

struct model_event {
    int64_t row;        /* internal id: the cursor's tie-break */
    char *id;           /* the slug: "2025-01-18-tiktok-goes-dark" */
    int64_t ts_utc;     /* for ordering; see refuge(1) for date-only events */
    char *date;         /* as given: "2025-01-18" or "2025-01" */
    char *time;         /* "HH:MM" local, or NULL */
    bool has_offset;
    int utc_offset;     /* minutes, with time */
    char *tz;           /* "ET", or NULL */
    unsigned kind;      /* one enum model_kind bit */
    char *title_en, *title_zh;
    char *confidence;   /* "high", "medium", "low" */
    int importance;     /* 1..3 */
    /* Filled by model_event_detail() only: */
    char *summary_en, *summary_zh, *notes;
    struct model_source *sources;
    size_t nsources;
};

struct model_event_filter {
    unsigned kinds; /* mask of enum model_kind; 0 means all */
    bool has_from, has_to;
    int64_t from, to; /* [from, to) on ts_utc */
    /* Text in the title or summary, English or Chinese, ASCII case
     * ignored; NULL or "" for any (the events are hundreds: scanned). */
    const char *search;
};

struct model_event_page {
    struct model_event *rows; /* ascending time (display order) */
    size_t count;
    struct model_cursor first, last; /* key = ts_utc, id = row */
    bool more;
};

/* Reads up to `limit` events from cursor `from` in direction `dir`
 * (FORWARD = later). */
int model_events(struct model *m, const struct model_event_filter *filter,
                 const struct model_cursor *from, enum model_dir dir, size_t limit,
                 struct model_event_page *page, struct rf_error *err);

void model_event_page_free(struct model_event_page *page);

/* How many events `filter` selects (*total) and how many of them come
 * before the cursor `at` in time order (*before): where a match stands
 * among all, without reading them. */
int model_event_rank(struct model *m, const struct model_event_filter *filter,
                     const struct model_cursor *at, int64_t *before, int64_t *total,
                     struct rf_error *err);

/* One event with summaries, notes and sources, by slug. */
int model_event_detail(struct model *m, const char *id, struct model_event *out,
                       struct rf_error *err);

void model_event_free(struct model_event *event);

/* The latest event of a kind in `kinds` (0 = all) at or before `ts`
 * (list fields only). MODEL_NOT_FOUND when there is none. */
int model_event_at(struct model *m, int64_t ts, unsigned kinds, struct model_event *out,
                   struct rf_error *err);

/* Events whose date starts with `prefix` ("2025", "2025-01",
 * "2025-01-17"), ascending, at most `limit`; for "jump to date". */
int model_events_on(struct model *m, const char *prefix, size_t limit,
                    struct model_event_page *page, struct rf_error *err);

/* ---- figures --------------------------------------------------------------- */

struct model_figure {
    char *id, *series, *label_en, *label_zh;
    double value;
    char *qualifier; /* "over", "about", "under" or NULL (exact) */
    char *unit;
    char *as_of;     /* as given: "2025-01-14" or "2025-01-14T13:30" */
    int64_t ts_utc;  /* as_of in UTC, same convention as events */
    bool has_offset;
    int utc_offset;
    char *tz;
    char *confidence;
    char *event_id;  /* may be NULL */
    char *notes;     /* may be NULL */
    struct model_source *sources;
    size_t nsources;
};

struct model_figure_list {
    struct model_figure *rows; /* by as_of, then id */
    size_t count;
};

/* Every reported figure (the table is small: hundreds), or only those of
 * `series` when it is not NULL, with their sources. */
int model_figures(struct model *m, const char *series, struct model_figure_list *out,
                  struct rf_error *err);

void model_figure_list_free(struct model_figure_list *list);

/* ---- comments (issue 24) ---------------------------------------------------- */

/* A comment as the cache keeps it. Strings are the model's until the
 * callback returns; absent ones are NULL. */
struct model_comment {
    int64_t id, ts_utc, likes, replies;
    const char *platform, *ext_id, *post_ext_id, *parent_ext_id, *author, *author_key,
        *region, *lang, *text, *time_basis;
    bool has_offset, has_likes, likes_at_least, has_replies, author_keyed;
    /* The name its author's record goes by now (the newest seen), when its
     * likes were observed, when and by which tool and file it was collected
     * (NULL / false when not known). */
    const char *author_name, *tool, *file;
    bool has_counts_at, has_collected_at;
    int64_t counts_at, collected_at;
    int utc_offset;
    int depth; /* 0 for a comment on the post, 1 for a reply to it, ... */
    char **media;
    size_t nmedia;
    const char *translation;      /* NULL when none */
    const char *translation_kind; /* "human", "machine" or "none" */
    const char *translation_by;   /* who made it (refuge translate: the command), or NULL */
    struct model_code *codes;     /* the codes applied to it, by name (workbench.h) */
    size_t ncodes;
};

/* Called for each comment; false stops the walk. */
typedef bool model_comment_fn(void *data, const struct model_comment *c);

/* Every comment (or only those on the post platform:post_ext_id, when
 * post_ext_id is not NULL), post by post, in thread order: comments on a
 * post by time, each followed by its replies (by time, depth first). A
 * reply whose parent is not in the cache is read as a comment on the post.
 * Memory stays bounded whatever the count. Returns 0, or -1 with err set. */
int model_comments(struct model *m, const char *platform, const char *post_ext_id,
                   model_comment_fn *fn, void *data, struct rf_error *err);

/* How many comments the cache holds on a post. Returns 0, or -1. */
int model_comment_count(struct model *m, const char *platform, const char *post_ext_id,
                        int64_t *out, struct rf_error *err);

/* What the cache knows of a post from the collections it came in: its
 * author's key, note type, counts as observed, media, search keywords, the
 * files (tool, file, collection time) and its comments. Owned strings;
 * model_post_extras_free() releases them. */
struct model_post_extras {
    char *author_key; /* NULL: the file gave only a name */
    char *type;       /* "image", "video", "text"; NULL unknown */
    char *time_basis; /* "exact", "derived-id", "local" */
    int64_t views;
    unsigned known, at_least; /* bits: 1 likes, 2 comments, 4 collects, 8 shares, 16 views */
    char **media;
    size_t nmedia;
    char **keywords;
    size_t nkeywords;
    struct {
        char *tool, *file;
        bool has_collected;
        int64_t collected;
    } *sources;
    size_t nsources;
    int64_t comments; /* comments in the cache */
};

int model_post_extras(struct model *m, const char *platform, const char *ext_id,
                      struct model_post_extras *out, struct rf_error *err);
void model_post_extras_free(struct model_post_extras *x);

#endif
