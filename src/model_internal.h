/* model_internal.h — what the files of the model (src/model*.c) share.
 *
 * Private to src/model*.c: nothing else includes it. The model is one module
 * in several files, one per family of questions (model.c: the handle, the
 * statement cache, the filter's SQL; model_posts.c: list pages and the search
 * probes; model_detail.c: one post, exports and page details;
 * model_count.c: counts and per-post state; model_stats.c: aggregates;
 * model_quarters.c: the posts per quarter hour, for any zone's days;
 * model_events.c: events and figures; model_comments.c: comments and a
 * post's extras; model_tags.c: tags that travel together). Everything not declared here stays static in its file;
 * model_stmt() and model_dup_col() are declared in model_sql.h, which the
 * model's other modules (model_thread.c) use too.
 *
 * The helpers follow model.h's conventions: 0 or -1 with err set, and
 * strings they return are malloc'd and owned by the caller.
 */
#ifndef REFUGE_MODEL_INTERNAL_H
#define REFUGE_MODEL_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

#include "error.h"
#include "model.h"
#include "model_sql.h"
#include "plan.h"

/* Statements are cached by their SQL text: a list query's text depends on
 * which filters are set (so each shape gets its own plan, and the indexes
 * on lang, platform and tag can be used), and the number of shapes one
 * session uses is small. */
struct cached {
    char *sql;
    sqlite3_stmt *st;
};

/* When a memo of the cache's contents was read: in which file (a count of
 * the reopens after a new file was published over the path: the new
 * file's connection counts its data versions anew, from where the old one
 * may have stood), at which of other connections' commits (PRAGMA
 * data_version) and after how many of this connection's own writes (its
 * total of changes: an import in the same process). A memo holds while
 * its stamp equals the present one (model_stamp_now()); a zeroed stamp
 * never does. */
struct model_stamp {
    int64_t file, data, own;
};

struct model {
    struct db *db;
    sqlite3 *sql;
    const char *user; /* the schema of the user tables (userstate.h) */
    bool codes;       /* the workbench's code tables are there (userstate_open() ran) */
    struct cached *cache;
    size_t ncache, capcache;
    int64_t data_version;
    int64_t file; /* the file's number in struct model_stamp, from 1 */
    /* Whether words are in some tag or author name (struct plan's meta),
     * kept for the last words asked about at one version of the cache:
     * finding out reads every tag and author, and a list asks per page. */
    char *meta_term;
    struct model_stamp meta_stamp;
    bool meta_found;
    /* The search index's watermark and the largest post id, read once per
     * version of the cache (model_index_building()). */
    struct model_stamp index_stamp;
    int64_t indexed, max_id, posts;
    int64_t cindexed, max_comment, comments; /* the same of the comments' index */
    /* Han characters with variants the search index holds or not, probed
     * once per version of the cache (model_narrow_spellings()). */
    struct {
        uint32_t c;
        bool present;
    } seen[64];
    size_t nseen;
    struct model_stamp seen_stamp;
    /* The last sample drawn in C (model_sample.c): what for, at which
     * stamp of the cache, and its ids as a JSON array. */
    char sample_key[512];
    struct model_stamp sample_stamp;
    char *sample_ids;
    bool (*should_stop)(void *arg);
    void *stop_arg;
    bool stopped; /* the progress handler ended a statement */
};

/* ---- the handle and its statements (model.c) ---------------------------------- */

/* What a failed count or aggregate returns: MODEL_INTERRUPTED when the
 * interrupt check stopped it rather than an error. */
int model_failed(struct model *m, struct rf_error *err);
/* The present stamp of the cache (struct model_stamp) into *out: a pragma,
 * no read of a table. Returns 0, or -1 with err set. */
int model_stamp_now(struct model *m, struct model_stamp *out, struct rf_error *err);
static inline bool model_stamp_same(const struct model_stamp *a, const struct model_stamp *b)
{
    return a->file == b->file && a->data == b->data && a->own == b->own;
}
/* Sets err to the connection's last error and returns -1. */
int model_step_error(struct model *m, struct rf_error *err);
/* Bind a parameter by name when the statement has it. */
void model_bind_text(sqlite3_stmt *st, const char *name, const char *v);
void model_bind_int(sqlite3_stmt *st, const char *name, int64_t v);
/* A UTC offset column: unknown when NULL or out of range. */
void model_read_offset(sqlite3_stmt *st, int i, bool *has, int *minutes);
/* Steps a one-value statement into *out (0 when there is no row). */
int model_scalar(struct model *m, sqlite3_stmt *st, int64_t *out, struct rf_error *err);

/* ---- SQL text (model.c) -------------------------------------------------------- */

struct sqlbuf {
    char s[4096];
    size_t n;
};

void model_sql_add(struct sqlbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The posts of a #tag: its spellings in any ASCII case, found once per
 * plan in the tag counts (plan->spellings), through the tag index. */
#define NAMED_TAG_POSTS                                                                    \
    "SELECT post_id FROM post_tags WHERE tag IN (SELECT value FROM json_each(:spellings))"
/* The posts of an @name: the name on them or their author's name or key,
 * in any ASCII case (a post of refuge's own records has a name and no
 * author row), each through its index. */
#define NAMED_AUTHOR_POSTS                                                                 \
    "(p.author = :term COLLATE NOCASE OR p.author_id IN (SELECT id FROM"                   \
    " authors WHERE name = :term COLLATE NOCASE OR key = :term COLLATE NOCASE))"
/* The posts of one author (model_filter.author): by the key, never the
 * display name; a post of refuge's own records has a name and no author row. */
#define AUTHOR_POSTS                                                                       \
    "(p.author_id IN (SELECT id FROM authors WHERE key = :author"                          \
    " OR platform || ':' || key = :author)"                                                \
    " OR (p.author_id IS NULL AND (p.author = :author"                                     \
    " OR p.platform || ':' || p.author = :author)))"
/* Words in a tag or an author's name (struct plan's meta), as sets; the
 * authors are those of the collections (refuge's own records name theirs
 * on each post, unindexed). */
#define META_TAG_POSTS                                                                     \
    "SELECT post_id FROM post_tags WHERE tag IN"                                           \
    " (SELECT tag FROM tag_counts WHERE refuge_contains(tag, :term))"
#define META_AUTHORS "SELECT id FROM authors WHERE refuge_contains(name, :term)"
#define META_IDS                                                                           \
    " UNION ALL " META_TAG_POSTS " UNION ALL SELECT id FROM posts WHERE author_id IN"     \
    " (" META_AUTHORS ")"
/* The posts holding a search of MODEL_FTS_MIN_CHARS or more characters:
 * the index's candidates (every trigram of the search, plan->phrase) whose
 * text or translation holds the search itself, tested in C (the index keeps
 * no positions, migration 19), unless the search is one trigram
 * (plan->index_exact, bound as :exact: the test is then skipped, row and
 * all). The comments' the same, to follow. */
#define FTS_CANDIDATES "SELECT rowid FROM posts_fts WHERE posts_fts MATCH :q"
#define TEXT_HOLDS(t) "(refuge_contains(" t "text, :term) OR refuge_contains(" t "translation, :term))"
#define PHRASE_IDS                                                                         \
    FTS_CANDIDATES " AND (:exact OR EXISTS(SELECT 1 FROM posts fp"                         \
    " WHERE fp.id = posts_fts.rowid AND " TEXT_HOLDS("fp.") "))"
#define COMMENT_FTS_IDS                                                                    \
    "SELECT rowid FROM comments_fts WHERE comments_fts MATCH :q AND (:exact OR EXISTS("    \
    "SELECT 1 FROM comments fc WHERE fc.id = comments_fts.rowid"                           \
    " AND refuge_contains(fc.text, :term)))"
/* The posts of the comments whose text holds a phrase (struct plan's
 * comments), to follow PHRASE_IDS (ids may repeat). */
#define COMMENT_IDS                                                                        \
    " UNION ALL SELECT cp.id FROM comments_fts cf JOIN comments c ON c.id = cf.rowid"      \
    " JOIN posts cp ON cp.platform = c.platform AND cp.ext_id = c.post_ext_id"              \
    " WHERE comments_fts MATCH :q AND (:exact OR refuge_contains(c.text, :term))"
/* A comment of post p holds a short search (struct plan's comments). */
#define COMMENT_HAS_SHORT                                                                  \
    "EXISTS (SELECT 1 FROM comments c WHERE c.platform = p.platform"                       \
    " AND c.post_ext_id = p.ext_id AND refuge_contains(c.text, :q))"
#define TERMS_IDS "SELECT doc FROM posts_fts_terms WHERE term >= :lo AND term < :hi"
/* TERMS_IDS for a search with script variants: every spelling's range
 * (plan->ranges). The ranges are taken out of their JSON once, and CROSS
 * JOIN keeps them outside, so the vocabulary is read through each range
 * (not whole) and its rows are compared with plain values (not JSON). */
#define TERMS_IDS_SCRIPTS                                                                  \
    "WITH r(lo, hi) AS MATERIALIZED (SELECT value ->> 0, value ->> 1"                      \
    " FROM json_each(:ranges))"                                                            \
    " SELECT t.doc FROM r CROSS JOIN posts_fts_terms t WHERE t.term >= r.lo AND t.term < r.hi"
/* The posts above the index's watermark that contain the term, by a scan
 * of that tail only (plan->index_partial), and the phrase's set with them;
 * the same of the comments above theirs, to follow COMMENT_IDS. */
#define TAIL_IDS                                                                           \
    "SELECT id FROM posts WHERE id > :indexed AND (refuge_contains(text, :term)"         \
    " OR refuge_contains(coalesce(translation, ''), :term))"
#define PARTIAL_IDS PHRASE_IDS " UNION ALL " TAIL_IDS
#define COMMENT_TAIL_IDS                                                                   \
    " UNION ALL SELECT cp.id FROM comments c"                                              \
    " JOIN posts cp ON cp.platform = c.platform AND cp.ext_id = c.post_ext_id"              \
    " WHERE c.id > :cindexed AND refuge_contains(c.text, :term)"

/* A set of post ids, a bit each up to the largest id of the cache. */
struct model_bits {
    unsigned char *bits;
    int64_t max_id;
};

static inline bool model_bits_has(const struct model_bits *b, int64_t id)
{
    return id >= 0 && id <= b->max_id && (b->bits[id / 8] >> (id % 8) & 1u);
}

/* The posts a search reaches (model_search_ids(), and with plan->comments
 * those of the comments holding it), as bits (the caller frees
 * out->bits); *n counts them. With cap > 0 the reading stops at cap posts
 * and *at_least is set. Returns 0, or -1 with err set (MODEL_INTERRUPTED
 * through model_failed() when the interrupt check stopped it). */
int model_search_bits(struct model *m, const struct plan *plan, int64_t cap,
                      struct model_bits *out, int64_t *n, bool *at_least, struct rf_error *err);

/* The ids of the posts a phrase or a short search with its term range
 * (plan->short_terms) reaches, as a SELECT: the index's, and with
 * plan->meta those of the tags and authors (ids may repeat). NULL for a
 * search the index alone cannot answer. */
const char *model_search_ids(const struct plan *plan);

/* How a filter's selective conditions (tag, search) are written. ALL puts
 * every condition in SQL, the tag and a phrase as sets of matching ids
 * (fast when few posts match) and a short search as a test on the text;
 * CHEAP leaves the tag and the search out, for the caller to test on each
 * row as a list is walked in order (fast when many match). SETS writes the
 * tag and a phrase as sets that the walk along the order's index tests
 * each entry against before it reads the row (the unary + keeps SQLite
 * from reading the set's posts and sorting them, which needs memory for
 * every match), and leaves a short search to the caller. TESTS is ALL
 * with every set behind a unary +, for a statement that reaches its posts
 * from a small table (code applications): SQLite would otherwise seek the
 * posts' (platform, ext_id) index once per id of the set for every row of
 * that table (2,000 codes × 30,000 matches: 33 s at 200k). Stars, marks
 * and a code are sets too: read by id under ALL, tested behind a + under
 * TESTS, and under CHEAP and SETS when they hold many posts
 * (plan->user_common). A sample's subquery holds every other condition,
 * so with one nothing else is written. */
enum cond_style { COND_ALL, COND_CHEAP, COND_SETS, COND_TESTS };

/* A sample whose rest is conditions on columns: its ids drawn in C once
 * per filter and version of the cache (plan->sample_ids). Returns 0, or
 * -1 with err set (model_sample.c). */
int model_sample_plan(struct model *m, struct plan *plan, struct rf_error *err);

/* The conditions of a plan's filter over posts p LEFT JOIN state s, after
 * a WHERE, and the binding of every parameter they name. */
void model_where_filter(struct sqlbuf *b, const struct plan *plan, enum cond_style style);
void model_bind_plan(sqlite3_stmt *st, const struct plan *plan);

/* ---- posts ------------------------------------------------------------------------ */

#define POST_COLUMNS                                                                      \
    "p.id, p.ts_utc, p.utc_offset, p.platform, p.ext_id, p.author, p.region, p.lang,"   \
    " p.text, p.translation, p.translation_kind, p.likes, p.comments, p.collects,"      \
    " p.shares, p.url, p.provenance, coalesce(s.starred, 0), coalesce(s.read, 0), p.tags,"   \
    " p.author_id, p.known, p.at_least, p.translation_by"
/* A format: the user tables' schema (m->user) fills its %s. */
#define STATE_JOIN " LEFT JOIN %s.state s ON s.platform = p.platform AND s.ext_id = p.ext_id"
#define POST_FROM " FROM posts p" STATE_JOIN

/* The columns of POST_COLUMNS, in order, and the three that export and
 * detail queries add after them. */
enum post_column {
    COL_ID, COL_TS, COL_OFFSET, COL_PLATFORM, COL_EXT_ID, COL_AUTHOR, COL_REGION, COL_LANG,
    COL_TEXT, COL_TRANSLATION, COL_TRANSLATION_KIND, COL_LIKES, COL_COMMENTS, COL_COLLECTS,
    COL_SHARES, COL_URL, COL_PROVENANCE, COL_STARRED, COL_READ, COL_TAG_LIST, COL_AUTHOR_ID,
    COL_KNOWN, COL_AT_LEAST, COL_TRANSLATION_BY,
    COL_SOURCE, COL_NOTE, COL_TAGS
};

/* Reads a row of POST_COLUMNS into p (zeroed first); -1 when memory ran out. */
int model_read_post(sqlite3_stmt *st, struct model_post *p);
/* True when a short search occurs in the row's text or translation. */
bool model_row_matches(sqlite3_stmt *st, const struct plan *plan);
/* Reads the indexes' watermarks when the cache changed (see struct
 * model). Returns 0 or -1. */
int model_index_read(struct model *m, struct rf_error *err);
/* True when, at the last model_index_read(), rows waited for an index. */
bool model_index_partial(const struct model *m);
/* Plans `filter` for this cache: plan_init(), then whether the words are
 * also in a tag or an author's name (plan->meta) and whether the index
 * holds every post (plan->index_partial). */
int model_plan_open(struct model *m, struct plan *plan, const struct model_filter *filter,
                    struct rf_error *err);
/* Narrows a search's spellings (plan->scripts) to those whose variant
 * characters the cache holds (plan_narrow_spellings()), when every match
 * comes through the search index: a cache written in one script then asks
 * the index for one spelling. Returns 0, or -1 with err set. */
int model_narrow_spellings(struct model *m, struct plan *plan, struct rf_error *err);
/* Where the words hit a searched row (see model_posts.c): its texts, a tag
 * or its author's name, else (plan->comments) its first comment that holds
 * them. Returns 0, or -1 with err set. */
int model_find_spans(struct model *m, sqlite3_stmt *st, const struct plan *plan,
                     struct model_post *p, struct rf_error *err);
/* 1 when the phrase (plan->comments) is in few comments, so the set of
 * their posts is quick to collect; 0 when common; -1 with err set. */
int model_comments_rare(struct model *m, const struct plan *plan, struct rf_error *err);
/* With plan->comments: 1 when a comment of the row's post (a row of
 * POST_COLUMNS) holds the words, 0 when none does, -1 with err set; with
 * `hit`, the first such comment goes to its comment_hit and comment_span. */
int model_comment_matches(struct model *m, const struct plan *plan, sqlite3_stmt *row,
                          struct model_post *hit, struct rf_error *err);
/* model_posts() for a plan (model_posts.c). */
int model_list_posts(struct model *m, const struct plan *plan, enum model_sort sort,
                     const struct model_cursor *from, enum model_dir dir, size_t limit,
                     struct model_post_page *page, struct rf_error *err);

/* The codes applied to the post or comment (kind "post" or "comment")
 * platform:ext_id, by name, appended to *codes (model_detail.c). Returns 0,
 * or -1 with err set. */
int model_read_codes(struct model *m, const char *kind, const char *platform, const char *ext_id,
                     struct model_code **codes, size_t *n, struct rf_error *err);
void model_codes_free(struct model_code *codes, size_t n);
/* Whether any post or comment (kind) has a code: *any. A walk asks once,
 * inside its read, and skips model_read_codes() for every row when none
 * has. Returns 0, or -1 with err set. */
int model_any_codes(struct model *m, const char *kind, bool *any, struct rf_error *err);

/* Frees what collections told of a post (model_detail.c). */
void model_collected_free(struct model_collected *c);

/* ---- the summary tables (model_count.c, model_quarters.c) ---------------------- */

/* Sums of counts from the cache, which is untrusted, stay in 64 bits. */
static inline int64_t model_add_sat(int64_t a, int64_t b)
{
    int64_t sum;

    if (__builtin_add_overflow(a, b, &sum))
        return b > 0 ? INT64_MAX : INT64_MIN;
    return sum;
}

/* The conditions of a filter over the per-day table (daily) or the posts
 * deleted per quarter hour (quarters_gone), after a WHERE. */
void model_where_daily(struct sqlbuf *b, const struct model_filter *f);
void model_where_quarters(struct sqlbuf *b, const struct model_filter *f);

/* Quarter hours of one language, of one UTC day or less (ts_utc / 900 is
 * q[i]: posts[i] posts with likes[i] likes), first and last the least and
 * the greatest q. */
#define MODEL_QUARTERS_MAX 96
enum model_quarters_lang { MODEL_QUARTERS_OTHER, MODEL_QUARTERS_ZH, MODEL_QUARTERS_EN };
struct model_quarters {
    enum model_quarters_lang lang;
    size_t n;
    int64_t first, last;
    int64_t q[MODEL_QUARTERS_MAX], posts[MODEL_QUARTERS_MAX], likes[MODEL_QUARTERS_MAX];
};

/* Hands `each` the quarter hours of the per-day table of quarter hours
 * (db.h: DB_DAY_QUARTERS_OF) that the plan's filter selects
 * (plan->quarters: a language, a platform, a window on whole quarter
 * hours), a day's row at a time in ascending order of days; then the
 * posts deleted since the last import, a quarter hour at a time, as
 * negative counts. A non-zero return of `each` (with err set) stops it.
 * Returns 0, or -1 with err set. */
int model_quarters_each(struct model *m, const struct plan *plan,
                        int (*each)(void *data, const struct model_quarters *run,
                                    struct rf_error *err),
                        void *data, struct rf_error *err);

#endif
