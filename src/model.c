#include "autoconfig.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "model.h"
#include "model_sql.h"
#include "plan.h"
#include "userstate.h"
#include "vocab.h"
#include "when.h"

/* Statements are cached by their SQL text: a list query's text depends on
 * which filters are set (so each shape gets its own plan, and the indexes
 * on lang, platform and tag can be used), and the number of shapes one
 * session uses is small. */
struct cached {
    char *sql;
    sqlite3_stmt *st;
};

struct model {
    struct db *db;
    sqlite3 *sql;
    const char *user; /* the schema of the user tables (userstate.h) */
    struct cached *cache;
    size_t ncache, capcache;
    int64_t data_version;
    /* Whether words are in some tag or author name (struct plan's meta),
     * kept for the last words asked about at one version of the cache:
     * finding out reads every tag and author, and a list asks per page. */
    char *meta_term;
    int64_t meta_version;
    bool meta_found;
    bool (*should_stop)(void *arg);
    void *stop_arg;
    bool stopped; /* the progress handler ended a statement */
};

/* VM steps between two calls of should_stop: a few hundred rows of a scan. */
#define PROGRESS_STEPS 4000

const char *model_kind_name(unsigned kind)
{
    for (unsigned i = 0; i < VOCAB_KIND_COUNT; i++)
        if (kind == 1u << i)
            return vocab_event_kinds[i];
    return "unknown";
}

unsigned model_kind_from_name(const char *name)
{
    int i = vocab_find(vocab_event_kinds, name);

    return i < 0 ? 0 : 1u << i;
}

struct model *model_new(struct db *db, struct rf_error *err)
{
    struct model *m = calloc(1, sizeof *m);

    if (!m) {
        rf_error_set(err, "out of memory");
        return NULL;
    }
    m->db = db;
    m->sql = db_sql(db);
    m->user = userstate_schema(db);
    if (db_data_version(db, &m->data_version, err) != 0) {
        free(m);
        return NULL;
    }
    return m;
}

/* Finalizes every cached statement. */
static void forget_statements(struct model *m)
{
    for (size_t i = 0; i < m->ncache; i++) {
        sqlite3_finalize(m->cache[i].st);
        free(m->cache[i].sql);
    }
    m->ncache = 0;
}

void model_free(struct model *m)
{
    if (!m)
        return;
    forget_statements(m);
    free(m->cache);
    free(m->meta_term);
    free(m);
}

bool model_changed(struct model *m)
{
    int64_t v;

    if (db_replaced(m->db)) {
        /* A failed reopen keeps the old file open: asked again later. */
        forget_statements(m);
        if (db_reopen(m->db, NULL) != 0)
            return false;
        m->sql = db_sql(m->db);
        model_set_interrupt(m, m->should_stop, m->stop_arg);
        db_data_version(m->db, &m->data_version, NULL);
        return true;
    }
    if (db_data_version(m->db, &v, NULL) != 0 || v == m->data_version)
        return false;
    m->data_version = v;
    return true;
}

bool model_shared(struct model *m)
{
    return db_readonly(m->db);
}

static int progress(void *opaque)
{
    struct model *m = opaque;

    if (!m->should_stop(m->stop_arg))
        return 0;
    m->stopped = true;
    return 1;
}

void model_set_interrupt(struct model *m, bool (*should_stop)(void *arg), void *arg)
{
    m->should_stop = should_stop;
    m->stop_arg = arg;
    m->stopped = false;
    sqlite3_progress_handler(m->sql, should_stop ? PROGRESS_STEPS : 0,
                             should_stop ? progress : NULL, m);
}

/* What a failed count or aggregate returns: MODEL_INTERRUPTED when the
 * interrupt check stopped it rather than an error. */
static int failed(struct model *m, struct rf_error *err)
{
    if (!m->stopped)
        return -1;
    m->stopped = false;
    rf_error_set(err, "interrupted");
    return MODEL_INTERRUPTED;
}

/* The prepared statement for `sql`, reset and unbound, or NULL with err. */
static sqlite3_stmt *stmt(struct model *m, const char *sql, struct rf_error *err)
{
    sqlite3_stmt *st;

    for (size_t i = 0; i < m->ncache; i++)
        if (strcmp(m->cache[i].sql, sql) == 0) {
            sqlite3_reset(m->cache[i].st);
            sqlite3_clear_bindings(m->cache[i].st);
            return m->cache[i].st;
        }
    if (m->ncache == m->capcache) {
        size_t cap = m->capcache ? m->capcache * 2 : 16;
        struct cached *c = realloc(m->cache, cap * sizeof *c);
        if (!c) {
            rf_error_set(err, "out of memory");
            return NULL;
        }
        m->cache = c;
        m->capcache = cap;
    }
    if (sqlite3_prepare_v3(m->sql, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
        rf_error_set(err, "cache: %s", sqlite3_errmsg(m->sql));
        return NULL;
    }
    if (!(m->cache[m->ncache].sql = strdup(sql))) {
        sqlite3_finalize(st);
        rf_error_set(err, "out of memory");
        return NULL;
    }
    m->cache[m->ncache++].st = st;
    return st;
}

sqlite3_stmt *model_stmt(struct model *m, const char *sql, struct rf_error *err)
{
    return stmt(m, sql, err);
}

sqlite3 *model_sqlite(struct model *m)
{
    return m->sql;
}

static int step_error(struct model *m, struct rf_error *err)
{
    rf_error_set(err, "cache: %s", sqlite3_errmsg(m->sql));
    return -1;
}

/* Binds a parameter by name when the statement has it. */
static void bind_text(sqlite3_stmt *st, const char *name, const char *v)
{
    int i = sqlite3_bind_parameter_index(st, name);
    if (i)
        sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
}

static void bind_int(sqlite3_stmt *st, const char *name, int64_t v)
{
    int i = sqlite3_bind_parameter_index(st, name);
    if (i)
        sqlite3_bind_int64(st, i, v);
}

/* A copy of a text column. A NUL inside it (only a damaged or hostile cache
 * holds one: the importer refuses them) becomes U+2400 "␀", so what follows
 * it is not cut off from every string function that reads the copy. */
static char *dup_col(sqlite3_stmt *st, int i)
{
    const unsigned char *s = sqlite3_column_text(st, i);
    size_t n, nuls = 0, k = 0;
    char *p;

    if (!s)
        return NULL;
    n = (size_t)sqlite3_column_bytes(st, i);
    for (const unsigned char *q = s; (q = memchr(q, '\0', n - (size_t)(q - s))); q++)
        nuls++;
    if (!(p = malloc(n + nuls * 2 + 1)))
        return NULL;
    for (size_t j = 0; j < n; j++) {
        if (s[j]) {
            p[k++] = (char)s[j];
        } else {
            memcpy(p + k, "\xe2\x90\x80", 3);
            k += 3;
        }
    }
    p[k] = '\0';
    return p;
}

char *model_dup_col(sqlite3_stmt *st, int i)
{
    return dup_col(st, i);
}


/* A UTC offset column: unknown when NULL or beyond the ±18 hours the
 * importer accepts, so no caller overflows turning it into seconds. */
static void read_offset(sqlite3_stmt *st, int i, bool *has, int *minutes)
{
    int64_t v = sqlite3_column_int64(st, i);

    *has = sqlite3_column_type(st, i) != SQLITE_NULL && v >= -WHEN_OFFSET_MAX && v <= WHEN_OFFSET_MAX;
    *minutes = *has ? (int)v : 0;
}

static int scalar(struct model *m, sqlite3_stmt *st, int64_t *out, struct rf_error *err)
{
    int rc = sqlite3_step(st);

    *out = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : step_error(m, err);
}

/* ---- SQL text ------------------------------------------------------------------- */

struct sqlbuf {
    char s[4096];
    size_t n;
};

static void add(struct sqlbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(struct sqlbuf *b, const char *fmt, ...)
{
    va_list ap;
    int k;

    va_start(ap, fmt);
    k = vsnprintf(b->s + b->n, sizeof b->s - b->n, fmt, ap);
    va_end(ap);
    if (k > 0)
        b->n += (size_t)k < sizeof b->s - b->n ? (size_t)k : sizeof b->s - b->n - 1;
}

static bool has_search(const struct model_filter *f)
{
    return f && f->search && f->search[0];
}

bool model_filter_is_empty(const struct model_filter *f)
{
    return !f->has_from && !f->has_to && !f->lang && !f->platform && !f->tag &&
           !f->provenance && !f->starred_only && !has_search(f);
}

bool model_search_text(const char *search, char *buf, size_t size)
{
    size_t start, len;

    if (size == 0)
        return false;
    buf[0] = '\0';
    if (plan_parse(search, &start, &len) != PLAN_WORDS || len == 0)
        return false;
    snprintf(buf, size, "%.*s", (int)len, search + start);
    return true;
}

bool model_filter_is_window_only(const struct model_filter *filter)
{
    struct model_filter rest = *filter;

    rest.has_from = rest.has_to = false;
    return (filter->has_from || filter->has_to) && model_filter_is_empty(&rest);
}

/* Appends one part of a filter label: its separator, its key when keyed
 * (model_filter_label()), its value; a part that does not fit is cut and
 * fills the buffer, so nothing follows it. */
static void label_part(char *buf, size_t size, size_t *used, bool keyed, const char *key,
                       const char *fmt, ...) __attribute__((format(printf, 6, 7)));

static void label_part(char *buf, size_t size, size_t *used, bool keyed, const char *key,
                       const char *fmt, ...)
{
    va_list ap;
    int n;

    if (*used + 1 >= size)
        return;
    n = snprintf(buf + *used, size - *used, "%s%s", keyed ? " " : *used ? " \xc2\xb7 " : "",
                 keyed ? key : "");
    *used = n < 0 ? *used : *used + (size_t)n < size ? *used + (size_t)n : size - 1;
    if (*used + 1 >= size)
        return;
    va_start(ap, fmt);
    n = vsnprintf(buf + *used, size - *used, fmt, ap);
    va_end(ap);
    *used = n < 0 ? *used : *used + (size_t)n < size ? *used + (size_t)n : size - 1;
}

bool model_filter_label(const struct model_filter *f, enum model_label_style style, char *buf,
                        size_t size)
{
    bool keyed = style == MODEL_LABEL_KEYED;
    size_t start = strlen(buf), used = start;

    if (f->lang)
        label_part(buf, size, &used, keyed, "lang ", "%s", f->lang);
    if (f->platform)
        label_part(buf, size, &used, keyed, "platform ", "%s", f->platform);
    if (f->tag)
        label_part(buf, size, &used, keyed, "tag ", "#%s", f->tag);
    if (f->starred_only)
        label_part(buf, size, &used, keyed, "", "starred");
    if (f->provenance)
        label_part(buf, size, &used, keyed, "provenance ", "%s", f->provenance);
    if (has_search(f))
        label_part(buf, size, &used, keyed, "", "search \"%s\"", f->search);
    return used > start;
}

/* The posts of a #tag: its spellings in any ASCII case (the tag counts
 * hold each once), then their posts through the tag index. */
#define NAMED_TAG_POSTS                                                                    \
    "SELECT post_id FROM post_tags WHERE tag IN"                                           \
    " (SELECT tag FROM tag_counts WHERE tag = :term COLLATE NOCASE)"
/* The posts of an @name: its author's display name or key, in any ASCII
 * case; a post of refuge's own records has a name and no author row. */
#define NAMED_AUTHOR_POSTS(plus)                                                           \
    "(" plus "p.author_id IN (SELECT id FROM authors"                                      \
    " WHERE name = :term COLLATE NOCASE OR key = :term COLLATE NOCASE)"                    \
    " OR (p.author_id IS NULL AND p.author = :term COLLATE NOCASE))"
/* Words in a tag or an author's name (struct plan's meta), as sets; the
 * authors are those of the collections (refuge's own records name theirs
 * on each post, unindexed). */
#define META_TAG_POSTS                                                                     \
    "SELECT post_id FROM post_tags WHERE tag IN"                                           \
    " (SELECT tag FROM tag_counts WHERE instr(lower(tag), lower(:term)) > 0)"
#define META_AUTHORS "SELECT id FROM authors WHERE instr(lower(name), lower(:term)) > 0"
#define META_OR                                                                            \
    " OR p.id IN (" META_TAG_POSTS ") OR p.author_id IN (" META_AUTHORS ")"

/* How a filter's selective conditions (tag, search) are written. ALL puts
 * every condition in SQL, the tag and a phrase as sets of matching ids
 * (fast when few posts match) and a short search as a test on the text;
 * CHEAP leaves the tag and the search out, for the caller to test on each
 * row as a list is walked in order (fast when many match). SETS writes the
 * tag and a phrase as sets that the walk along the order's index tests
 * each entry against before it reads the row (the unary + keeps SQLite
 * from reading the set's posts and sorting them, which needs memory for
 * every match), and leaves a short search to the caller. */
enum cond_style { COND_ALL, COND_CHEAP, COND_SETS };

/* The conditions of a plan's filter over posts p LEFT JOIN state s, after
 * a WHERE. */
static void where_filter(struct sqlbuf *b, const struct plan *plan, enum cond_style style)
{
    const struct model_filter *f = plan->filter;

    add(b, " WHERE 1");
    if (f->has_from)
        add(b, " AND p.ts_utc >= :from");
    if (f->has_to)
        add(b, " AND p.ts_utc < :to");
    if (f->lang)
        add(b, " AND p.lang = :lang");
    if (f->platform)
        add(b, " AND p.platform = :platform");
    if (f->provenance)
        add(b, " AND p.provenance = :prov");
    if (f->starred_only)
        add(b, " AND s.starred = 1");
    if (style == COND_CHEAP)
        return;
    if (f->tag)
        add(b, " AND %sp.id IN (SELECT post_id FROM post_tags WHERE tag = :tag)",
            style == COND_SETS ? "+" : "");
    if (plan->form == PLAN_TAG)
        add(b, " AND %sp.id IN (" NAMED_TAG_POSTS ")", style == COND_SETS ? "+" : "");
    if (plan->form == PLAN_AUTHOR)
        add(b, " AND %s", style == COND_SETS ? NAMED_AUTHOR_POSTS("+") : NAMED_AUTHOR_POSTS(""));
    if (plan->search == PLAN_PHRASE)
        add(b, " AND (%sp.id IN (SELECT rowid FROM posts_fts WHERE posts_fts MATCH :q)%s)",
            style == COND_SETS ? "+" : "", plan->meta ? META_OR : "");
    if (plan->search == PLAN_SHORT && style == COND_ALL) {
        /* The index's trigrams that start with the query hold every post
         * that contains it (see plan.h). */
        add(b, " AND ((1");
        if (plan->short_terms)
            add(b, " AND p.id IN (SELECT doc FROM posts_fts_terms"
                   " WHERE term >= :lo AND term < :hi)");
        add(b, " AND (instr(lower(p.text), lower(:q)) > 0"
               " OR instr(lower(coalesce(p.translation, '')), lower(:q)) > 0))%s)",
            plan->meta ? META_OR : "");
    }
}

/* Binds every parameter of the plan that the statement has: the phrase and
 * the folded forms were made once, by plan_init(). */
static void bind_plan(sqlite3_stmt *st, const struct plan *plan)
{
    const struct model_filter *f = plan->filter;

    bind_int(st, ":from", f->from);
    bind_int(st, ":to", f->to);
    if (f->lang)
        bind_text(st, ":lang", f->lang);
    if (f->platform)
        bind_text(st, ":platform", f->platform);
    if (f->tag)
        bind_text(st, ":tag", f->tag);
    if (f->provenance)
        bind_text(st, ":prov", f->provenance);
    if (plan->search == PLAN_PHRASE)
        bind_text(st, ":q", plan->phrase);
    if (plan->search == PLAN_SHORT)
        bind_text(st, ":q", plan->term);
    if (plan->term)
        bind_text(st, ":term", plan->term);
    if (plan->short_terms) {
        bind_text(st, ":lo", plan->folded);
        bind_text(st, ":hi", plan->upper);
    }
}

/* ---- posts ------------------------------------------------------------------------ */

#define POST_COLUMNS                                                                      \
    "p.id, p.ts_utc, p.utc_offset, p.platform, p.ext_id, p.author, p.region, p.lang,"   \
    " p.text, p.translation, p.translation_kind, p.likes, p.comments, p.collects,"      \
    " p.shares, p.url, p.provenance, coalesce(s.starred, 0), coalesce(s.read, 0), p.tags,"   \
    " p.author_id"
/* A format: the user tables' schema (m->user) fills its %s. */
#define POST_FROM                                                                          \
    " FROM posts p LEFT JOIN %s.state s ON s.platform = p.platform AND s.ext_id = p.ext_id"

/* The columns of POST_COLUMNS, in order, and the three that export and
 * detail queries add after them. */
enum post_column {
    COL_ID, COL_TS, COL_OFFSET, COL_PLATFORM, COL_EXT_ID, COL_AUTHOR, COL_REGION, COL_LANG,
    COL_TEXT, COL_TRANSLATION, COL_TRANSLATION_KIND, COL_LIKES, COL_COMMENTS, COL_COLLECTS,
    COL_SHARES, COL_URL, COL_PROVENANCE, COL_STARRED, COL_READ, COL_TAG_LIST, COL_AUTHOR_ID,
    COL_SOURCE, COL_NOTE, COL_TAGS
};

static int read_post(sqlite3_stmt *st, struct model_post *p)
{
    memset(p, 0, sizeof *p);
    p->id = sqlite3_column_int64(st, COL_ID);
    p->ts_utc = sqlite3_column_int64(st, COL_TS);
    read_offset(st, COL_OFFSET, &p->has_offset, &p->utc_offset);
    p->platform = dup_col(st, COL_PLATFORM);
    p->ext_id = dup_col(st, COL_EXT_ID);
    p->author = dup_col(st, COL_AUTHOR);
    p->region = dup_col(st, COL_REGION);
    p->lang = dup_col(st, COL_LANG);
    p->text = dup_col(st, COL_TEXT);
    p->translation = dup_col(st, COL_TRANSLATION);
    p->translation_kind = dup_col(st, COL_TRANSLATION_KIND);
    p->likes = sqlite3_column_int64(st, COL_LIKES);
    p->comments = sqlite3_column_int64(st, COL_COMMENTS);
    p->collects = sqlite3_column_int64(st, COL_COLLECTS);
    p->shares = sqlite3_column_int64(st, COL_SHARES);
    p->url = dup_col(st, COL_URL);
    p->provenance = dup_col(st, COL_PROVENANCE);
    p->time_approximate = p->counts_unknown =
        vocab_provenance_of(p->provenance) == VOCAB_PROVENANCE_QUOTED;
    p->starred = sqlite3_column_int(st, COL_STARRED) != 0;
    p->read = sqlite3_column_int(st, COL_READ) != 0;
    return p->platform && p->ext_id && p->lang && p->text && p->translation_kind &&
                   p->provenance
               ? 0
               : -1;
}

static void collected_free(struct model_collected *c);

void model_post_free(struct model_post *p)
{
    if (!p)
        return;
    free(p->platform);
    free(p->ext_id);
    free(p->author);
    free(p->region);
    free(p->lang);
    free(p->text);
    free(p->translation);
    free(p->translation_kind);
    free(p->url);
    free(p->provenance);
    free(p->source);
    free(p->note);
    for (size_t i = 0; i < p->ntags; i++)
        free(p->tags[i]);
    free(p->tags);
    free(p->text_spans);
    free(p->translation_spans);
    free(p->meta_hit);
    collected_free(&p->collected);
    memset(p, 0, sizeof *p);
}

void model_post_page_free(struct model_post_page *page)
{
    if (!page)
        return;
    for (size_t i = 0; i < page->count; i++)
        model_post_free(&page->rows[i]);
    free(page->rows);
    memset(page, 0, sizeof *page);
}

static int64_t sort_key(const struct model_post *p, enum model_sort sort)
{
    return sort == MODEL_SORT_LIKES ? p->likes : p->ts_utc;
}

/* Posts a probing list read examines before it gives up and lets the
 * index build the set of matches instead: a tag probe costs about a
 * microsecond, a search probe tens to hundreds (more while the index has
 * many unmerged segments). */
#define PROBE_WINDOW_SEARCH 500
#define PROBE_WINDOW_TAG 20000

/* A search with fewer matches than this goes straight to the set of
 * matches: collecting them costs less than probing. */
#define RARE_SEARCH 2000

/* Occurrences of trigrams a short search collects through the index at
 * most; more, and the list is scanned instead (matches are then common
 * enough to fill a page quickly). */
#define RARE_TERMS 5000

/* Plans `filter` for this cache: plan_init(), then whether the words are
 * also in a tag or an author's name (plan->meta). */
static int plan_open(struct model *m, struct plan *plan, const struct model_filter *filter,
                     struct rf_error *err)
{
    sqlite3_stmt *st;
    int64_t version, found;

    if (plan_init(plan, filter, err) != 0)
        return -1;
    if (plan->form != PLAN_WORDS || plan->search == PLAN_NO_SEARCH || plan->folded_len == 0)
        return 0;
    if (db_data_version(m->db, &version, err) != 0)
        goto fail;
    if (!m->meta_term || m->meta_version != version || strcmp(m->meta_term, plan->term) != 0) {
        if (!(st = stmt(m, "SELECT EXISTS(SELECT 1 FROM tag_counts"
                           " WHERE instr(lower(tag), lower(:term)) > 0)"
                           " OR EXISTS(" META_AUTHORS ")",
                        err)))
            goto fail;
        bind_text(st, ":term", plan->term);
        if (scalar(m, st, &found, err) != 0)
            goto fail;
        free(m->meta_term);
        m->meta_term = strdup(plan->term);
        m->meta_version = version;
        m->meta_found = found != 0;
    }
    plan->meta = m->meta_found;
    if (plan->meta)
        plan->search_only = false;
    return 0;
fail:
    plan_free(plan);
    return -1;
}

/* True when the count that `sql` makes (of at most :cap rows) stays under
 * `cap`: 1 yes, 0 no, -1 error. */
static int rare(struct model *m, const struct plan *plan, const char *sql, int64_t cap,
                struct rf_error *err)
{
    sqlite3_stmt *st = stmt(m, sql, err);
    int64_t n;

    if (!st)
        return -1;
    bind_plan(st, plan);
    bind_int(st, ":cap", cap);
    if (scalar(m, st, &n, err) != 0)
        return -1;
    return n < cap;
}

/* True when the phrase matches fewer than RARE_SEARCH posts. */
static int rare_search(struct model *m, const struct plan *plan, struct rf_error *err)
{
    return rare(m, plan,
                "SELECT count(*) FROM (SELECT rowid FROM posts_fts"
                " WHERE posts_fts MATCH :q LIMIT :cap)",
                RARE_SEARCH, err);
}

/* True when the tags and authors holding the words have fewer than
 * RARE_SEARCH posts. */
static int rare_meta(struct model *m, const struct plan *plan, struct rf_error *err)
{
    return rare(m, plan,
                "SELECT count(*) FROM (SELECT 1 FROM (" META_TAG_POSTS ")"
                " UNION ALL SELECT 1 FROM posts WHERE author_id IN (" META_AUTHORS ") LIMIT :cap)",
                RARE_SEARCH, err);
}

/* True when fewer than RARE_TERMS trigrams start with the short search. */
static int rare_terms(struct model *m, const struct plan *plan, struct rf_error *err)
{
    return rare(m, plan,
                "SELECT count(*) FROM (SELECT 1 FROM posts_fts_terms"
                " WHERE term >= :lo AND term < :hi LIMIT :cap)",
                RARE_TERMS, err);
}

/* The list query, in the given condition style; with `terms`, candidates
 * come from the index's trigrams that start with a short search. */
static void list_sql(const struct model *m, struct sqlbuf *b, const struct plan *plan,
                     enum model_sort sort, bool cursor, enum model_dir dir,
                     enum cond_style style, bool terms)
{
    const char *key = sort == MODEL_SORT_LIKES ? "p.likes" : "p.ts_utc";
    /* Display order is descending; reading backward walks it ascending. */
    const char *cmp = dir == MODEL_FORWARD ? "<" : ">";
    const char *order = dir == MODEL_FORWARD ? "DESC" : "ASC";

    add(b, "SELECT " POST_COLUMNS POST_FROM, m->user);
    where_filter(b, plan, style);
    if (terms)
        add(b, " AND p.id IN (SELECT doc FROM posts_fts_terms WHERE term >= :lo AND term < :hi)");
    if (cursor)
        add(b, " AND (%s, p.id) %s (:key, :id)", key, cmp);
    add(b, " ORDER BY %s %s, p.id %s LIMIT :limit", key, order, order);
}

/* How run_list() reads: every row the query returns (ALL), or testing
 * rows and stopping at `limit` matches (TEST). */
enum list_mode { LIST_ALL, LIST_TEST };

/* One read of a list: what run_list() needs besides the SQL. */
struct list_read {
    const struct plan *plan;
    enum model_sort sort;
    const struct model_cursor *from;
    size_t limit; /* rows wanted */
    size_t fetch; /* rows the statement may return (the LIMIT) */
    enum list_mode mode;
    /* TEST: the search is tested on each row's text in C (plan->folded);
     * else the phrase is asked of the index row by row. The tag, when
     * there is one, is always asked row by row. */
    bool search_in_c;
};

/* The statements that test one row for the conditions COND_CHEAP leaves
 * out, prepared and bound once per list read: only the row id changes. */
struct probes {
    sqlite3_stmt *tag, *phrase;
};

static int probes_prepare(struct model *m, const struct list_read *r, struct probes *pr,
                          struct rf_error *err)
{
    const struct plan *plan = r->plan;

    *pr = (struct probes){NULL, NULL};
    if (plan->filter->tag) {
        if (!(pr->tag = stmt(m, "SELECT 1 FROM post_tags WHERE tag = :tag AND post_id = :id",
                             err)))
            return -1;
        bind_text(pr->tag, ":tag", plan->filter->tag);
    }
    if (plan->search == PLAN_PHRASE && !r->search_in_c) {
        if (!(pr->phrase = stmt(m, "SELECT 1 FROM posts_fts WHERE posts_fts MATCH :q"
                                   " AND rowid = :id",
                                err)))
            return -1;
        bind_text(pr->phrase, ":q", plan->phrase);
    }
    return 0;
}

/* Asks one probe about post `id`: 1 yes (or no probe), 0 no, -1 error. */
static int probe(struct model *m, sqlite3_stmt *st, int64_t id, struct rf_error *err)
{
    int rc;

    if (!st)
        return 1;
    bind_int(st, ":id", id);
    rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : step_error(m, err);
}

/* True when words in a tag or an author's name (plan->meta) are in the
 * row's tags (their JSON list) or its author's name (a collection's
 * author, as META_AUTHORS has them). */
static bool row_meta_matches(sqlite3_stmt *st, const struct plan *plan)
{
    return plan->meta &&
           (plan_matches(plan, (const char *)sqlite3_column_text(st, COL_TAG_LIST),
                         (size_t)sqlite3_column_bytes(st, COL_TAG_LIST)) ||
            (sqlite3_column_type(st, COL_AUTHOR_ID) != SQLITE_NULL &&
             plan_matches(plan, (const char *)sqlite3_column_text(st, COL_AUTHOR),
                          (size_t)sqlite3_column_bytes(st, COL_AUTHOR))));
}

/* True when the search occurs in the row's text or translation (or its
 * tags and author, see above), tested before anything is copied out of
 * the row. */
static bool row_matches(sqlite3_stmt *st, const struct plan *plan)
{
    return plan_matches(plan, (const char *)sqlite3_column_text(st, COL_TEXT),
                        (size_t)sqlite3_column_bytes(st, COL_TEXT)) ||
           plan_matches(plan, (const char *)sqlite3_column_text(st, COL_TRANSLATION),
                        (size_t)sqlite3_column_bytes(st, COL_TRANSLATION)) ||
           row_meta_matches(st, plan);
}

/* Where the words hit a searched row: its text's and translation's spans;
 * for a row they reach through a tag or its author's name only, that
 * name as "#tag" or "@name" in meta_hit and the hit in it. */
static void find_spans(sqlite3_stmt *st, const struct plan *plan, struct model_post *p)
{
    struct model_span *at;
    const char *tags;

    p->ntext_spans = plan_spans(plan, p->text, &p->text_spans);
    p->ntranslation_spans = plan_spans(plan, p->translation, &p->translation_spans);
    if (p->ntext_spans || p->ntranslation_spans || !row_meta_matches(st, plan))
        return;
    tags = (const char *)sqlite3_column_text(st, COL_TAG_LIST);
    if (tags && plan_spans(plan, tags, &at)) {
        /* The tag around the hit: between the quotes of its JSON string. */
        size_t from = at->offset, to = at->offset + at->length, n = strlen(tags);
        while (from > 0 && !(tags[from - 1] == '"' && (from < 2 || tags[from - 2] != '\\')))
            from--;
        while (to < n && !(tags[to] == '"' && tags[to - 1] != '\\'))
            to++;
        if ((p->meta_hit = malloc(to - from + 2))) {
            p->meta_hit[0] = '#';
            memcpy(p->meta_hit + 1, tags + from, to - from);
            p->meta_hit[to - from + 1] = '\0';
            p->meta_span = (struct model_span){at->offset - from + 1, at->length};
        }
        free(at);
    } else if (p->author && plan_spans(plan, p->author, &at)) {
        if ((p->meta_hit = malloc(strlen(p->author) + 2))) {
            p->meta_hit[0] = '@';
            strcpy(p->meta_hit + 1, p->author);
            p->meta_span = (struct model_span){at->offset + 1, at->length};
        }
        free(at);
    }
}

/* Runs one list query into page (emptied first); *scanned counts the rows
 * the statement returned. */
static int run_list(struct model *m, const char *sql, const struct list_read *r,
                    struct model_post_page *page, size_t *scanned, struct rf_error *err)
{
    const struct plan *plan = r->plan;
    struct probes pr = {NULL, NULL};
    sqlite3_stmt *st;
    int rc;

    for (size_t i = 0; i < page->count; i++)
        model_post_free(&page->rows[i]);
    page->count = 0;
    page->more = false;
    *scanned = 0;
    if (r->mode == LIST_TEST && probes_prepare(m, r, &pr, err) != 0)
        return -1;
    if (!(st = stmt(m, sql, err)))
        return -1;
    bind_plan(st, plan);
    if (r->from && r->from->valid) {
        bind_int(st, ":key", r->from->key);
        bind_int(st, ":id", r->from->id);
    }
    bind_int(st, ":limit", (int64_t)r->fetch);
    /* The list statement stays open while probes run: they are other
     * statements on the same connection, which SQLite allows. */
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct model_post *p = &page->rows[page->count];
        int64_t id = sqlite3_column_int64(st, COL_ID);
        int match;
        if (r->mode == LIST_ALL && page->count == r->limit) {
            page->more = true; /* the extra row fetched to know that */
            break;
        }
        ++*scanned;
        page->resume = (struct model_cursor){
            .valid = true,
            .key = sqlite3_column_int64(st, r->sort == MODEL_SORT_LIKES ? COL_LIKES : COL_TS),
            .id = id};
        if (r->mode == LIST_TEST) {
            /* Most rows of a scan do not match: test them before copying. */
            if (r->search_in_c && !row_matches(st, plan))
                continue;
            if ((match = probe(m, pr.tag, id, err)) == 1 &&
                (match = probe(m, pr.phrase, id, err)) == 0 && row_meta_matches(st, plan))
                match = 1;
            if (match < 0) {
                sqlite3_reset(st);
                return -1;
            }
            if (!match)
                continue;
        }
        if (read_post(st, p) != 0) {
            model_post_free(p);
            sqlite3_reset(st);
            rf_error_set(err, "out of memory");
            return -1;
        }
        if (plan->search != PLAN_NO_SEARCH)
            find_spans(st, plan, p);
        page->count++;
        if (r->mode == LIST_TEST && page->count == r->limit) {
            page->more = true;
            break;
        }
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : step_error(m, err);
}

/* model_posts() for a plan. */
static int list_posts(struct model *m, const struct plan *plan, enum model_sort sort,
                      const struct model_cursor *from, enum model_dir dir, size_t limit,
                      struct model_post_page *page, struct rf_error *err)
{
    bool cursor = from && from->valid;
    size_t scanned = 0;
    struct sqlbuf b = {.n = 0};
    struct list_read r = {.plan = plan, .sort = sort, .from = from, .limit = limit,
                          .fetch = limit + 1, .mode = LIST_ALL};

    memset(page, 0, sizeof *page);
    if (limit == 0)
        return 0;
    if (!(page->rows = calloc(limit + 1, sizeof *page->rows))) {
        rf_error_set(err, "out of memory");
        return -1;
    }
    if (plan->search == PLAN_SHORT) {
        /* A query too short for phrase queries. When it is rare, the
         * trigrams that start with it give the posts that contain it;
         * when it is common, the list is scanned window by window. Either
         * way each row is matched in C, which also finds the spans. */
        int few = plan->short_terms && !plan->meta ? rare_terms(m, plan, err) : 0;
        if (few < 0)
            goto fail;
        list_sql(m, &b, plan, sort, cursor, dir, COND_CHEAP, few);
        r.fetch = few ? RARE_TERMS + 1 : MODEL_SCAN_WINDOW;
        r.mode = LIST_TEST;
        r.search_in_c = true;
        if (run_list(m, b.s, &r, page, &scanned, err) != 0)
            goto fail;
        if (!few && scanned == MODEL_SCAN_WINDOW)
            page->more = true; /* the window ran out, not the posts */
    } else if (plan->selective) {
        /* Test along the list first, quick when matches are common; a
         * search known to be rare skips it. A common search whose
         * characters have no case outside ASCII (Chinese, English) is
         * tested on each row's text in C, a microsecond or two a row; one
         * with other cased letters asks the index row by row, a hundred
         * times dearer. */
        bool phrase = plan->search == PLAN_PHRASE;
        /* A #tag or an @name is a set from its index, whatever its size. */
        int few = plan->form != PLAN_WORDS ? 1 : phrase ? rare_search(m, plan, err) : 0;
        if (few > 0 && plan->meta)
            few = rare_meta(m, plan, err);
        if (few < 0)
            goto fail;
        r.search_in_c = phrase && plan->match_in_c;
        r.fetch = r.search_in_c ? MODEL_SCAN_WINDOW : phrase ? PROBE_WINDOW_SEARCH : PROBE_WINDOW_TAG;
        if (!few) {
            list_sql(m, &b, plan, sort, cursor, dir, COND_CHEAP, false);
            r.mode = LIST_TEST;
            if (run_list(m, b.s, &r, page, &scanned, err) != 0)
                goto fail;
        }
        if (few || (page->count < limit && scanned == r.fetch)) {
            /* Rare: let the index build the set of matches instead. */
            b.n = 0;
            list_sql(m, &b, plan, sort, cursor, dir, COND_ALL, false);
            r.fetch = limit + 1;
            r.mode = LIST_ALL;
            if (run_list(m, b.s, &r, page, &scanned, err) != 0)
                goto fail;
        }
    } else {
        list_sql(m, &b, plan, sort, cursor, dir, COND_ALL, false);
        if (run_list(m, b.s, &r, page, &scanned, err) != 0)
            goto fail;
    }
    if (dir == MODEL_BACKWARD)
        for (size_t i = 0; i < page->count / 2; i++) {
            struct model_post t = page->rows[i];
            page->rows[i] = page->rows[page->count - 1 - i];
            page->rows[page->count - 1 - i] = t;
        }
    if (page->count) {
        const struct model_post *a = &page->rows[0], *z = &page->rows[page->count - 1];
        page->first = (struct model_cursor){.valid = true, .key = sort_key(a, sort), .id = a->id};
        page->last = (struct model_cursor){.valid = true, .key = sort_key(z, sort), .id = z->id};
    }
    return 0;
fail:
    model_post_page_free(page);
    return -1;
}

int model_posts(struct model *m, const struct model_filter *filter, enum model_sort sort,
                const struct model_cursor *from, enum model_dir dir, size_t limit,
                struct model_post_page *page, struct rf_error *err)
{
    struct plan plan;
    int rc;

    memset(page, 0, sizeof *page);
    if (plan_open(m, &plan, filter, err) != 0)
        return -1;
    rc = list_posts(m, &plan, sort, from, dir, limit, page, err);
    plan_free(&plan);
    return rc;
}

/* What collections told of a post, after the source, note and tags of a
 * detail query: its author's record, the counts as observed and when, and
 * its keywords, media and files as JSON arrays (one row of a list each). */
#define COLLECTED_COLUMNS                                                                    \
    ", p.author_id IS NOT NULL, (SELECT CASE keyed WHEN 1 THEN key END FROM authors"        \
    " WHERE id = p.author_id), (SELECT name FROM authors WHERE id = p.author_id), p.type,"  \
    " p.time_basis, p.reply_to, p.partial, p.views, p.known, p.at_least, p.counts_at,"      \
    " p.collected_at, p.likes_seen, p.comments_seen, p.collects_seen, p.shares_seen,"       \
    " p.views_seen, (SELECT json_group_array(keyword) FROM (SELECT keyword FROM"            \
    " post_keywords WHERE post_id = p.id ORDER BY keyword)),"                               \
    " (SELECT json_group_array(json_array(url, kind)) FROM (SELECT url, kind FROM"          \
    " post_media WHERE post_id = p.id ORDER BY rowid)),"                                    \
    " (SELECT json_group_array(json_array(tool, file, collected_at)) FROM (SELECT tool,"    \
    " file, collected_at FROM post_sources WHERE post_id = p.id ORDER BY tool, file))"

#define LIST_SQL                                                                           \
    "SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'),"                     \
    " json_extract(value, '$[2]') FROM json_each(:list)"

/* Grows *items (of size `size`, *n of them) by one zeroed element; NULL
 * when memory ran out. */
static void *grow(void *items, size_t *n, size_t size)
{
    char *p = realloc(*(void **)items, (*n + 1) * size);

    if (!p)
        return NULL;
    *(void **)items = p;
    memset(p + *n * size, 0, size);
    return p + (*n)++ * size;
}

/* The rows of the JSON array in column `col` of st, through the list
 * statement: each element's [0], [1] and [2] (or the element itself when
 * a string) handed to `take`. Returns 0, or -1 when memory ran out. */
static int read_list(struct model *m, sqlite3_stmt *st, int col,
                     int (*take)(struct model_collected *c, sqlite3_stmt *row),
                     struct model_collected *c, struct rf_error *err)
{
    const char *json = (const char *)sqlite3_column_text(st, col);
    sqlite3_stmt *row;
    int rc = SQLITE_DONE;

    if (!json || strcmp(json, "[]") == 0)
        return 0;
    if (!(row = stmt(m, LIST_SQL, err)))
        return -1;
    bind_text(row, ":list", json);
    while ((rc = sqlite3_step(row)) == SQLITE_ROW)
        if (take(c, row) != 0) {
            sqlite3_reset(row);
            rf_error_set(err, "out of memory");
            return -1;
        }
    sqlite3_reset(row);
    return rc == SQLITE_DONE ? 0 : step_error(m, err);
}

static int take_medium(struct model_collected *c, sqlite3_stmt *row)
{
    struct model_medium *md = grow(&c->media, &c->nmedia, sizeof *md);

    return md && (md->url = dup_col(row, 0)) && (md->kind = dup_col(row, 1)) ? 0 : -1;
}

static int take_file(struct model_collected *c, sqlite3_stmt *row)
{
    struct model_file *f = grow(&c->files, &c->nfiles, sizeof *f);

    if (!f || !(f->tool = dup_col(row, 0)) || !(f->file = dup_col(row, 1)))
        return -1;
    f->has_collected = sqlite3_column_type(row, 2) != SQLITE_NULL;
    f->collected = sqlite3_column_int64(row, 2);
    return 0;
}

/* A keyword list is an array of strings: json_extract(value, '$[0]') of a
 * string is NULL, so its rows are read from json_each's value instead. */
static int read_keywords(struct model *m, sqlite3_stmt *st, int col, struct model_collected *c,
                         struct rf_error *err)
{
    const char *json = (const char *)sqlite3_column_text(st, col);
    sqlite3_stmt *row;
    int rc;

    if (!json || strcmp(json, "[]") == 0)
        return 0;
    if (!(row = stmt(m, "SELECT value FROM json_each(:list)", err)))
        return -1;
    bind_text(row, ":list", json);
    while ((rc = sqlite3_step(row)) == SQLITE_ROW) {
        char **k = grow(&c->keywords, &c->nkeywords, sizeof *k);
        if (!k || !(*k = dup_col(row, 0))) {
            sqlite3_reset(row);
            rf_error_set(err, "out of memory");
            return -1;
        }
    }
    sqlite3_reset(row);
    return rc == SQLITE_DONE ? 0 : step_error(m, err);
}

/* COLLECTED_COLUMNS from column `col` of st into p->collected. Returns 0,
 * or -1 with err set. */
static int read_collected(struct model *m, sqlite3_stmt *st, int col, struct model_post *p,
                          struct rf_error *err)
{
    struct model_collected *c = &p->collected;

    c->linked = sqlite3_column_int(st, col) != 0;
    c->author_key = dup_col(st, col + 1);
    c->author_name = dup_col(st, col + 2);
    c->type = dup_col(st, col + 3);
    c->time_basis = dup_col(st, col + 4);
    c->reply_to = dup_col(st, col + 5);
    c->partial = sqlite3_column_int(st, col + 6) != 0;
    c->views = sqlite3_column_int64(st, col + 7);
    c->known = (unsigned)sqlite3_column_int(st, col + 8);
    c->at_least = (unsigned)sqlite3_column_int(st, col + 9);
    c->has_counts_at = sqlite3_column_type(st, col + 10) != SQLITE_NULL;
    c->counts_at = sqlite3_column_int64(st, col + 10);
    c->has_collected_at = sqlite3_column_type(st, col + 11) != SQLITE_NULL;
    c->collected_at = sqlite3_column_int64(st, col + 11);
    for (int k = 0; k < 5; k++) {
        c->seen[k] = sqlite3_column_int64(st, col + 12 + k);
        if (sqlite3_column_type(st, col + 12 + k) != SQLITE_NULL)
            c->timed |= 1u << k;
    }
    if (!c->time_basis) {
        rf_error_set(err, "out of memory");
        return -1;
    }
    if (read_keywords(m, st, col + 17, c, err) != 0 ||
        read_list(m, st, col + 18, take_medium, c, err) != 0 ||
        read_list(m, st, col + 19, take_file, c, err) != 0)
        return -1;
    return 0;
}

static void collected_free(struct model_collected *c)
{
    free(c->author_key);
    free(c->author_name);
    free(c->type);
    free(c->time_basis);
    free(c->reply_to);
    for (size_t i = 0; i < c->nkeywords; i++)
        free(c->keywords[i]);
    free(c->keywords);
    for (size_t i = 0; i < c->nmedia; i++) {
        free(c->media[i].url);
        free(c->media[i].kind);
    }
    free(c->media);
    for (size_t i = 0; i < c->nfiles; i++) {
        free(c->files[i].tool);
        free(c->files[i].file);
    }
    free(c->files);
}

/* Reads the extra columns (source, note, the tags' JSON array) of a row of
 * an export or detail query into p, the tags through `tags`, a prepared
 * json_each statement. Returns 0, or -1 when memory ran out. */
static int read_extras(struct model *m, sqlite3_stmt *st, sqlite3_stmt *tags,
                       struct model_post *p, struct rf_error *err)
{
    int rc;

    p->source = dup_col(st, COL_SOURCE);
    p->note = dup_col(st, COL_NOTE);
    sqlite3_reset(tags);
    sqlite3_bind_text(tags, 1, (const char *)sqlite3_column_text(st, COL_TAGS), -1,
                      SQLITE_TRANSIENT);
    while ((rc = sqlite3_step(tags)) == SQLITE_ROW) {
        char **t = realloc(p->tags, (p->ntags + 1) * sizeof *t);
        if (!t) {
            sqlite3_reset(tags);
            return -1;
        }
        p->tags = t;
        if ((t[p->ntags] = dup_col(tags, 0)))
            p->ntags++;
    }
    sqlite3_reset(tags);
    return read_collected(m, st, COL_TAGS + 1, p, err);
}

#define TAGS_SQL "SELECT value FROM json_each(:tags)"
#define DETAIL_COLUMNS POST_COLUMNS ", p.source, p.note, p.tags" COLLECTED_COLUMNS

int model_posts_each(struct model *m, const struct model_filter *filter, enum model_sort sort,
                     size_t limit, model_post_fn each, void *arg, struct rf_error *err)
{
    const char *key = sort == MODEL_SORT_LIKES ? "p.likes" : "p.ts_utc";
    struct sqlbuf b = {.n = 0};
    struct plan plan;
    sqlite3_stmt *st, *tags;
    size_t n = 0;
    int rc = SQLITE_DONE, status = 0;

    if (plan_open(m, &plan, filter, err) != 0)
        return -1;
    add(&b, "SELECT " DETAIL_COLUMNS POST_FROM, m->user);
    where_filter(&b, &plan, COND_SETS);
    add(&b, " ORDER BY %s DESC, p.id DESC", key);
    if (!(st = stmt(m, b.s, err)) || !(tags = stmt(m, TAGS_SQL, err))) {
        plan_free(&plan);
        return -1;
    }
    bind_plan(st, &plan);
    while (status == 0 && (limit == 0 || n < limit) && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct model_post p;
        /* A short search is tested on the row before anything is copied. */
        if (plan.search == PLAN_SHORT && !row_matches(st, &plan))
            continue;
        bool nomem = read_post(st, &p) != 0;
        if (nomem)
            rf_error_set(err, "out of memory");
        if (nomem || read_extras(m, st, tags, &p, err) != 0) {
            model_post_free(&p);
            status = -1;
            break;
        }
        if (plan.search != PLAN_NO_SEARCH)
            find_spans(st, &plan, &p);
        status = each(arg, &p);
        model_post_free(&p);
        n++;
    }
    if (status == 0 && (limit == 0 || n < limit) && rc != SQLITE_DONE)
        status = step_error(m, err);
    sqlite3_reset(st);
    plan_free(&plan);
    return status;
}

int model_export_posts(struct model *m, const struct model_cursor *after, size_t limit,
                       struct model_post_page *page, struct rf_error *err)
{
    struct sqlbuf b = {.n = 0};
    sqlite3_stmt *st, *tags;
    int rc;

    memset(page, 0, sizeof *page);
    if (!(page->rows = calloc(limit ? limit : 1, sizeof *page->rows))) {
        rf_error_set(err, "out of memory");
        return -1;
    }
    add(&b, "SELECT " DETAIL_COLUMNS POST_FROM, m->user);
    if (after && after->valid)
        add(&b, " WHERE (p.ts_utc, p.id) > (:key, :id)");
    add(&b, " ORDER BY p.ts_utc, p.id LIMIT :limit");
    if (!(st = stmt(m, b.s, err)) || !(tags = stmt(m, TAGS_SQL, err)))
        goto fail;
    if (after && after->valid) {
        bind_int(st, ":key", after->key);
        bind_int(st, ":id", after->id);
    }
    bind_int(st, ":limit", (int64_t)limit + 1);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct model_post *p = &page->rows[page->count];
        if (page->count == limit) {
            page->more = true;
            break;
        }
        page->count++;
        if (read_post(st, p) != 0)
            goto nomem;
        if (read_extras(m, st, tags, p, err) != 0) {
            sqlite3_reset(st);
            goto fail;
        }
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        step_error(m, err);
        goto fail;
    }
    if (page->count) {
        const struct model_post *z = &page->rows[page->count - 1];
        page->last = page->resume =
            (struct model_cursor){.valid = true, .key = z->ts_utc, .id = z->id};
        page->first = (struct model_cursor){.valid = true, .key = page->rows[0].ts_utc,
                                            .id = page->rows[0].id};
    }
    return 0;
nomem:
    rf_error_set(err, "out of memory");
    sqlite3_reset(st);
fail:
    model_post_page_free(page);
    return -1;
}

int model_post_page_details(struct model *m, struct model_post_page *page, struct rf_error *err)
{
    /* The page's ids as a JSON array; json_each's key is the row's index. */
    sqlite3_stmt *st, *tags;
    char *ids = NULL;
    size_t len = 0;
    FILE *mem;
    int rc;

    if (page->count == 0)
        return 0;
    if (!(mem = open_memstream(&ids, &len))) {
        rf_error_set(err, "out of memory");
        return -1;
    }
    for (size_t i = 0; i < page->count; i++)
        fprintf(mem, "%c%lld", i ? ',' : '[', (long long)page->rows[i].id);
    fputc(']', mem);
    if (fclose(mem) != 0 || !ids) {
        free(ids);
        rf_error_set(err, "out of memory");
        return -1;
    }
    if (!(st = stmt(m, "SELECT j.key, p.source, p.note, p.tags" COLLECTED_COLUMNS
                       " FROM json_each(:ids) j JOIN posts p ON p.id = j.value",
                    err)) ||
        !(tags = stmt(m, "SELECT value FROM json_each(:tags)", err))) {
        free(ids);
        return -1;
    }
    bind_text(st, ":ids", ids);
    free(ids);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t i = sqlite3_column_int64(st, 0);
        struct model_post *p;
        if (i < 0 || (size_t)i >= page->count)
            continue;
        p = &page->rows[i];
        if (p->source || p->note || p->ntags || p->collected.time_basis)
            continue; /* filled already */
        p->source = dup_col(st, 1);
        p->note = dup_col(st, 2);
        sqlite3_bind_text(tags, 1, (const char *)sqlite3_column_text(st, 3), -1,
                          SQLITE_TRANSIENT);
        while (sqlite3_step(tags) == SQLITE_ROW) {
            char **t = realloc(p->tags, (p->ntags + 1) * sizeof *t);
            if (!t)
                break;
            p->tags = t;
            if ((t[p->ntags] = dup_col(tags, 0)))
                p->ntags++;
        }
        sqlite3_reset(tags);
        if (read_collected(m, st, 4, p, err) != 0) {
            sqlite3_reset(st);
            return -1;
        }
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : step_error(m, err);
}

int model_post_cursor(struct model *m, int64_t id, enum model_sort sort,
                      struct model_cursor *out, struct rf_error *err)
{
    sqlite3_stmt *st = stmt(m, "SELECT ts_utc, likes FROM posts WHERE id = :id", err);
    int rc;

    if (!st)
        return -1;
    bind_int(st, ":id", id);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *out = (struct model_cursor){.valid = true,
                                     .key = sqlite3_column_int64(st, sort == MODEL_SORT_LIKES),
                                     .id = id};
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
        return MODEL_NOT_FOUND;
    return rc == SQLITE_ROW ? 0 : step_error(m, err);
}

int model_post_detail(struct model *m, int64_t id, struct model_post *out, struct rf_error *err)
{
    sqlite3_stmt *st, *tags;
    struct sqlbuf b = {.n = 0};
    int rc;

    memset(out, 0, sizeof *out);
    add(&b, "SELECT " DETAIL_COLUMNS POST_FROM " WHERE p.id = :id", m->user);
    if (!(st = stmt(m, b.s, err)))
        return -1;
    bind_int(st, ":id", id);
    rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(st);
        return rc == SQLITE_DONE ? MODEL_NOT_FOUND : step_error(m, err);
    }
    if (read_post(st, out) != 0) {
        sqlite3_reset(st);
        model_post_free(out);
        rf_error_set(err, "out of memory");
        return -1;
    }
    if (!(tags = stmt(m, TAGS_SQL, err)) || read_extras(m, st, tags, out, err) != 0) {
        sqlite3_reset(st);
        model_post_free(out);
        return -1;
    }
    sqlite3_reset(st);
    return 0;
}

/* The conditions of a filter over a summary table whose `key` counts
 * `seconds` from 1970 (daily: days; quarters: quarter hours). */
static void where_summary(struct sqlbuf *b, const struct model_filter *f, const char *key,
                          int seconds)
{
    add(b, " WHERE 1");
    if (f->has_from)
        add(b, " AND %s >= :from / %d", key, seconds);
    if (f->has_to)
        add(b, " AND %s < :to / %d", key, seconds);
    if (f->lang)
        add(b, " AND lang = :lang");
    if (f->platform)
        add(b, " AND platform = :platform");
}

static void where_daily(struct sqlbuf *b, const struct model_filter *f)
{
    where_summary(b, f, "day", 86400);
}

static void where_quarters(struct sqlbuf *b, const struct model_filter *f)
{
    where_summary(b, f, "q", 900);
}


/* The posts holding a trigram that starts with a short query are the posts
 * that contain it (see plan.h); they are counted with a bitmap of
 * post ids (an eighth of a byte a post) as the index lists them. DISTINCT
 * would sort up to every post id through a temporary B-tree: twice the
 * time, and 2 MiB more memory at a million posts. */
static int count_short_terms(struct model *m, const struct plan *plan, int64_t *out,
                             struct rf_error *err)
{
    sqlite3_stmt *st;
    int64_t max_id, n = 0;
    unsigned char *seen;
    int rc;

    if (!(st = stmt(m, "SELECT coalesce(max(id), 0) FROM posts", err)) ||
        scalar(m, st, &max_id, err) != 0)
        return -1;
    if (!(st = stmt(m, "SELECT doc FROM posts_fts_terms WHERE term >= :lo AND term < :hi", err)))
        return -1;
    bind_plan(st, plan);
    if (!(seen = calloc((size_t)(max_id / 8 + 1), 1))) {
        rf_error_set(err, "out of memory");
        return -1;
    }
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t doc = sqlite3_column_int64(st, 0);
        /* An index that names a post beyond the last is damaged: such
         * entries are not posts, so they are not counted. */
        if (doc < 0 || doc > max_id || (seen[doc / 8] & (1u << (doc % 8))))
            continue;
        seen[doc / 8] |= (unsigned char)(1u << (doc % 8));
        n++;
    }
    sqlite3_reset(st);
    free(seen);
    if (rc != SQLITE_DONE)
        return step_error(m, err);
    *out = n;
    return 0;
}

/* model_count() for a plan. */
static int count_posts(struct model *m, const struct plan *plan, int64_t *out,
                       struct rf_error *err)
{
    struct sqlbuf b = {.n = 0};
    sqlite3_stmt *st;

    if (plan->daily) {
        add(&b, "SELECT CAST(total(posts) AS INTEGER) FROM daily");
        where_daily(&b, plan->filter);
    } else if (plan->quarters) {
        /* A window of another zone's days: quarter hours, not posts. */
        add(&b, "SELECT CAST(total(posts) AS INTEGER) FROM quarters");
        where_quarters(&b, plan->filter);
    } else if (plan->tag_only && plan->form == PLAN_TAG) {
        add(&b, "SELECT coalesce((SELECT sum(posts) FROM tag_counts"
                " WHERE tag = :term COLLATE NOCASE), 0)");
    } else if (plan->tag_only) {
        add(&b, "SELECT coalesce((SELECT posts FROM tag_counts WHERE tag = :tag), 0)");
    } else if (plan->search_only && plan->search == PLAN_PHRASE) {
        /* Every row of the index is a post: no need to visit the posts
         * (a tenth of the time for a common search). */
        add(&b, "SELECT count(*) FROM posts_fts WHERE posts_fts MATCH :q");
    } else if (plan->search_only && plan->short_terms) {
        return count_short_terms(m, plan, out, err);
    } else {
        add(&b, "SELECT count(*)" POST_FROM, m->user);
        where_filter(&b, plan, COND_ALL);
    }
    if (!(st = stmt(m, b.s, err)))
        return -1;
    bind_plan(st, plan);
    return scalar(m, st, out, err);
}

int model_count(struct model *m, const struct model_filter *filter, int64_t *out,
                struct rf_error *err)
{
    struct plan plan;
    int rc;

    if (plan_open(m, &plan, filter, err) != 0)
        return -1;
    rc = count_posts(m, &plan, out, err);
    plan_free(&plan);
    return rc == 0 ? 0 : failed(m, err);
}

static int set_state(struct model *m, const char *sql, int64_t id, bool on,
                     struct rf_error *err)
{
    sqlite3_stmt *st;
    int rc;

    if (!userstate_writable(m->db)) {
        rf_error_set(err, "the cache is read-only (%s)", db_path(m->db));
        return -1;
    }
    if (!(st = stmt(m, sql, err)))
        return -1;
    bind_int(st, ":id", id);
    bind_int(st, ":on", on);
    rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return step_error(m, err);
    return sqlite3_changes(m->sql) ? 0 : MODEL_NOT_FOUND;
}

int model_post_span(struct model *m, int64_t *first, int64_t *last, struct rf_error *err)
{
    sqlite3_stmt *st = stmt(m, "SELECT min(ts_utc), max(ts_utc) FROM posts", err);
    int rc, found = MODEL_NOT_FOUND;

    if (!st)
        return -1;
    if ((rc = sqlite3_step(st)) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
        *first = sqlite3_column_int64(st, 0);
        *last = sqlite3_column_int64(st, 1);
        found = 0;
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? found : step_error(m, err);
}

/* Sets one flag column of the post's row in the user's state table. */
static int set_flag(struct model *m, const char *column, int64_t id, bool on,
                    struct rf_error *err)
{
    struct sqlbuf b = {.n = 0};

    add(&b,
        "INSERT INTO %s.state(platform, ext_id, %s)"
        " SELECT platform, ext_id, :on FROM main.posts WHERE id = :id"
        " ON CONFLICT(platform, ext_id) DO UPDATE SET %s = excluded.%s",
        m->user, column, column, column);
    return set_state(m, b.s, id, on, err);
}

int model_set_starred(struct model *m, int64_t id, bool on, struct rf_error *err)
{
    return set_flag(m, "starred", id, on, err);
}

int model_set_read(struct model *m, int64_t id, bool on, struct rf_error *err)
{
    return set_flag(m, "read", id, on, err);
}

/* ---- aggregates ---------------------------------------------------------------------- */

void model_stats_free(struct model_stats *s)
{
    if (!s)
        return;
    free(s->days);
    for (size_t i = 0; i < s->ntags; i++)
        free(s->tags[i].tag);
    free(s->tags);
    for (size_t i = 0; i < s->ntop; i++)
        model_post_free(&s->top[i]);
    free(s->top);
    memset(s, 0, sizeof *s);
}

/* Sums of counts from the cache, which is untrusted: sum() fails the whole
 * query on a 64-bit overflow, total() does not, and the cast saturates. */
#define SUM(x) "CAST(total(" x ") AS INTEGER)"

static int64_t add_sat(int64_t a, int64_t b)
{
    if (b > 0 && a > INT64_MAX - b)
        return INT64_MAX;
    if (b < 0 && a < INT64_MIN - b)
        return INT64_MIN;
    return a + b;
}

const char *model_unit_name(enum model_unit unit)
{
    static const char *const names[MODEL_UNIT_COUNT] = {"day", "week", "hour", "weekday"};

    return (int)unit >= 0 && unit < MODEL_UNIT_COUNT ? names[unit] : "day";
}

int model_unit_of(const char *name)
{
    for (int u = 0; u < MODEL_UNIT_COUNT; u++)
        if (name && strcmp(name, model_unit_name((enum model_unit)u)) == 0)
            return u;
    return -1;
}

static int64_t floor_mod(int64_t a, int64_t n)
{
    return (a % n + n) % n;
}

/* The slot of the clock's series that the instant ts falls in. */
static int64_t clock_slot(const struct model_clock *c, int64_t ts)
{
    int64_t day = when_zone_day_number(c->zone, ts);

    switch (c->by) {
    case MODEL_BY_WEEK:
        return day - floor_mod(day + 3, 7); /* 1970-01-01 was a Thursday */
    case MODEL_BY_HOUR:
        return floor_mod(ts + when_zone_offset_at(c->zone, ts), 86400) / 3600;
    case MODEL_BY_WEEKDAY:
        return floor_mod(day + 3, 7); /* 0 Monday */
    case MODEL_BY_DAY:
        break;
    }
    return day;
}

/* Adds a row's counts (posts, zh, en, likes) to the series' slot: hours and
 * weekdays are all there from the start; days and weeks come in ascending
 * order but for a zone whose clocks went back over midnight, so a slot
 * seen before is looked for, and a new one put in its place. */
static int add_to_slot(struct model_stats *out, size_t *cap, int64_t slot, const int64_t *n,
                       struct rf_error *err)
{
    size_t lo = 0, hi = out->ndays;
    struct model_day *d;

    if (out->ndays > 0 && out->days[out->ndays - 1].slot < slot) {
        lo = out->ndays;
    } else {
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (out->days[mid].slot < slot)
                lo = mid + 1;
            else
                hi = mid;
        }
    }
    if (lo == out->ndays || out->days[lo].slot != slot) {
        if (out->ndays == *cap) {
            struct model_day *p = realloc(out->days, (*cap = *cap ? *cap * 2 : 64) * sizeof *p);
            if (!p) {
                rf_error_set(err, "out of memory");
                return -1;
            }
            out->days = p;
        }
        memmove(&out->days[lo + 1], &out->days[lo], (out->ndays - lo) * sizeof *out->days);
        out->days[lo] = (struct model_day){.slot = slot};
        out->ndays++;
    }
    d = &out->days[lo];
    d->posts = add_sat(d->posts, n[0]);
    d->posts_zh = add_sat(d->posts_zh, n[1]);
    d->posts_en = add_sat(d->posts_en, n[2]);
    d->likes = add_sat(d->likes, n[3]);
    return 0;
}

/* The series and the totals. Days of UTC come from the per-day table; any
 * other zone or unit from the per-quarter-hour table, each quarter hour
 * folded into its slot here; without a summary that answers, the posts are
 * counted per UTC day or quarter hour and folded the same way. */
static int stats_days(struct model *m, const struct plan *plan, const struct model_clock *clock,
                      struct model_stats *out, struct rf_error *err)
{
    bool utc_days = clock->by == MODEL_BY_DAY && when_zone_is_utc(clock->zone);
    int seconds = utc_days ? 86400 : 900;
    struct sqlbuf b = {.n = 0};
    sqlite3_stmt *st;
    size_t cap = 0;
    int rc;

    out->from_summary = utc_days ? plan->daily : plan->quarters;
    if (out->from_summary) {
        add(&b, "SELECT %s, " SUM("posts") ", " SUM("CASE lang WHEN 'zh' THEN posts ELSE 0 END")
                ", " SUM("CASE lang WHEN 'en' THEN posts ELSE 0 END") ", " SUM("likes")
                " FROM %s", utc_days ? "day" : "q", utc_days ? "daily" : "quarters");
        if (utc_days)
            where_daily(&b, plan->filter);
        else
            where_quarters(&b, plan->filter);
    } else {
        add(&b, "SELECT p.ts_utc / %d, count(*), sum(p.lang = 'zh'), sum(p.lang = 'en'), "
                SUM("p.likes") ", sum(p.provenance = 'quoted'), "
                SUM("CASE p.provenance WHEN 'quoted' THEN p.likes ELSE 0 END")
                ", sum(p.provenance = 'illustrative'), "
                SUM("CASE p.provenance WHEN 'illustrative' THEN p.likes ELSE 0 END") POST_FROM,
            seconds, m->user);
        where_filter(&b, plan, COND_ALL);
    }
    add(&b, " GROUP BY 1 ORDER BY 1");
    if (!(st = stmt(m, b.s, err)))
        return -1;
    bind_plan(st, plan);
    if (clock->by == MODEL_BY_HOUR || clock->by == MODEL_BY_WEEKDAY) {
        cap = clock->by == MODEL_BY_HOUR ? 24 : 7;
        if (!(out->days = calloc(cap, sizeof *out->days))) {
            sqlite3_reset(st);
            rf_error_set(err, "out of memory");
            return -1;
        }
        for (out->ndays = 0; out->ndays < cap; out->ndays++)
            out->days[out->ndays].slot = (int64_t)out->ndays;
    }
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t key = sqlite3_column_int64(st, 0), n[4];
        /* A key beyond the calendar (a damaged cache) stays at its edge. */
        int64_t ts = key > INT64_MAX / seconds   ? INT64_MAX
                     : key < INT64_MIN / seconds ? INT64_MIN
                                                 : key * seconds;
        for (int i = 0; i < 4; i++)
            n[i] = sqlite3_column_int64(st, 1 + i);
        if (add_to_slot(out, &cap, utc_days ? key : clock_slot(clock, ts), n, err) != 0) {
            sqlite3_reset(st);
            return -1;
        }
        out->posts = add_sat(out->posts, n[0]);
        out->posts_zh = add_sat(out->posts_zh, n[1]);
        out->posts_en = add_sat(out->posts_en, n[2]);
        out->likes = add_sat(out->likes, n[3]);
        if (!out->from_summary)
            for (int i = 0; i < 2; i++) {
                struct model_total *t = &out->by_provenance[i == 0 ? VOCAB_PROVENANCE_QUOTED
                                                                   : VOCAB_PROVENANCE_ILLUSTRATIVE];
                t->posts = add_sat(t->posts, sqlite3_column_int64(st, 5 + 2 * i));
                t->likes = add_sat(t->likes, sqlite3_column_int64(st, 6 + 2 * i));
            }
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : step_error(m, err);
}

/* The totals by provenance. Without the per-day table they came with the
 * days; with it, the quoted and illustrative posts (a few hundred, bundled)
 * are read through their index, and the imported ones are the rest. */
static int stats_provenance(struct model *m, const struct plan *plan, struct model_stats *out,
                            struct rf_error *err)
{
    struct sqlbuf b = {.n = 0};
    struct model_total *imported = &out->by_provenance[VOCAB_PROVENANCE_IMPORTED];
    sqlite3_stmt *st;
    int rc = SQLITE_DONE;

    if (out->from_summary) {
        add(&b, "SELECT p.provenance, count(*), " SUM("p.likes") POST_FROM, m->user);
        where_filter(&b, plan, COND_ALL);
        add(&b, " AND p.provenance IN ('quoted', 'illustrative') GROUP BY 1");
        if (!(st = stmt(m, b.s, err)))
            return -1;
        bind_plan(st, plan);
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            const char *name = (const char *)sqlite3_column_text(st, 0);
            struct model_total *t = &out->by_provenance[vocab_provenance_of(name)];
            t->posts = sqlite3_column_int64(st, 1);
            t->likes = sqlite3_column_int64(st, 2);
        }
        sqlite3_reset(st);
    }
    imported->posts = out->posts;
    imported->likes = out->likes;
    for (int i = 0; i < VOCAB_PROVENANCE_COUNT; i++)
        if (i != VOCAB_PROVENANCE_IMPORTED) {
            imported->posts -= out->by_provenance[i].posts;
            imported->likes -= out->by_provenance[i].likes;
        }
    return rc == SQLITE_DONE ? 0 : step_error(m, err);
}

static int stats_tags(struct model *m, const struct plan *plan, size_t top,
                      struct model_stats *out, struct rf_error *err)
{
    struct sqlbuf b = {.n = 0};
    sqlite3_stmt *st;
    int rc;

    if (plan->empty) {
        add(&b, "SELECT tag, posts FROM tag_counts ORDER BY posts DESC, tag LIMIT :n");
    } else if (plan->search_only && (plan->search == PLAN_PHRASE || plan->short_terms)) {
        /* The index gives the posts; their tags come from post_tags alone,
         * without reading each post (a third of the time at 640,000
         * matches). */
        add(&b, "SELECT tag, count(*) FROM post_tags WHERE post_id IN (%s) GROUP BY tag"
                " ORDER BY 2 DESC, 1 LIMIT :n",
            plan->search == PLAN_SHORT ? "SELECT doc FROM posts_fts_terms WHERE term >= :lo AND term < :hi"
                            : "SELECT rowid FROM posts_fts WHERE posts_fts MATCH :q");
    } else {
        add(&b, "SELECT t.tag, count(*) FROM post_tags t JOIN posts p ON p.id = t.post_id"
                " LEFT JOIN %s.state s ON s.platform = p.platform AND s.ext_id = p.ext_id",
            m->user);
        where_filter(&b, plan, COND_ALL);
        add(&b, " GROUP BY t.tag ORDER BY 2 DESC, 1 LIMIT :n");
    }
    if (!(st = stmt(m, b.s, err)))
        return -1;
    bind_plan(st, plan);
    bind_int(st, ":n", (int64_t)top);
    if (!(out->tags = calloc(top ? top : 1, sizeof *out->tags))) {
        rf_error_set(err, "out of memory");
        return -1;
    }
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && out->ntags < top) {
        out->tags[out->ntags].tag = dup_col(st, 0);
        out->tags[out->ntags].posts = sqlite3_column_int64(st, 1);
        out->ntags++;
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : step_error(m, err);
}

int model_stats(struct model *m, const struct model_filter *filter, size_t top,
                const struct model_clock *clock, struct model_stats *out, struct rf_error *err)
{
    static const struct model_clock utc_days = {{WHEN_ZONE_UTC, 0, NULL}, MODEL_BY_DAY};
    struct model_post_page page;
    struct plan plan;

    memset(out, 0, sizeof *out);
    if (plan_open(m, &plan, filter, err) != 0)
        return -1;
    if (stats_days(m, &plan, clock ? clock : &utc_days, out, err) != 0 || stats_provenance(m, &plan, out, err) != 0 ||
        stats_tags(m, &plan, top, out, err) != 0 ||
        list_posts(m, &plan, MODEL_SORT_LIKES, NULL, MODEL_FORWARD, top, &page, err) != 0) {
        plan_free(&plan);
        model_stats_free(out);
        return failed(m, err);
    }
    plan_free(&plan);
    out->top = page.rows;
    out->ntop = page.count;
    return 0;
}

/* ---- events ---------------------------------------------------------------------------- */

#define EVENT_COLUMNS                                                                    \
    "rid, id, ts_utc, date, time, utc_offset, tz, kind, title_en, title_zh, confidence," \
    " importance"

static int read_event(sqlite3_stmt *st, struct model_event *e)
{
    char *kind;

    memset(e, 0, sizeof *e);
    e->row = sqlite3_column_int64(st, 0);
    e->id = dup_col(st, 1);
    e->ts_utc = sqlite3_column_int64(st, 2);
    e->date = dup_col(st, 3);
    e->time = dup_col(st, 4);
    read_offset(st, 5, &e->has_offset, &e->utc_offset);
    e->tz = dup_col(st, 6);
    kind = dup_col(st, 7);
    e->kind = kind ? model_kind_from_name(kind) : 0;
    free(kind);
    e->title_en = dup_col(st, 8);
    e->title_zh = dup_col(st, 9);
    e->confidence = dup_col(st, 10);
    /* Callers index by it: a damaged cache's value is brought into 1..3. */
    {
        int64_t imp = sqlite3_column_int64(st, 11);
        e->importance = imp < 1 ? 1 : imp > 3 ? 3 : (int)imp;
    }
    return e->id && e->date && e->title_en && e->title_zh && e->confidence ? 0 : -1;
}

static void free_sources(struct model_source *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(s[i].publisher);
        free(s[i].title);
        free(s[i].published);
        free(s[i].url);
    }
    free(s);
}

void model_event_free(struct model_event *e)
{
    if (!e)
        return;
    free(e->id);
    free(e->date);
    free(e->time);
    free(e->tz);
    free(e->title_en);
    free(e->title_zh);
    free(e->confidence);
    free(e->summary_en);
    free(e->summary_zh);
    free(e->notes);
    free_sources(e->sources, e->nsources);
    memset(e, 0, sizeof *e);
}

void model_event_page_free(struct model_event_page *page)
{
    if (!page)
        return;
    for (size_t i = 0; i < page->count; i++)
        model_event_free(&page->rows[i]);
    free(page->rows);
    memset(page, 0, sizeof *page);
}

/* ",ban,court-ruling," for a mask, so one bound string selects kinds. */
static void kind_list(unsigned kinds, char *buf, size_t size)
{
    size_t n = (size_t)snprintf(buf, size, ",");
    for (unsigned i = 0; i < VOCAB_KIND_COUNT; i++)
        if (kinds & (1u << i))
            n += (size_t)snprintf(buf + n, size - n, "%s,", vocab_event_kinds[i]);
}

static bool all_kinds(unsigned kinds)
{
    return kinds == 0 || (kinds & MODEL_KIND_ALL) == MODEL_KIND_ALL;
}

/* Reads rows into a page, up to `limit`, noting whether there were more. */
static int fill_events(struct model *m, sqlite3_stmt *st, size_t limit,
                       struct model_event_page *page, struct rf_error *err)
{
    int rc;

    if (!(page->rows = calloc(limit ? limit : 1, sizeof *page->rows))) {
        sqlite3_reset(st);
        rf_error_set(err, "out of memory");
        return -1;
    }
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (page->count == limit) {
            page->more = true;
            break;
        }
        if (read_event(st, &page->rows[page->count]) != 0) {
            model_event_free(&page->rows[page->count]);
            sqlite3_reset(st);
            model_event_page_free(page);
            rf_error_set(err, "out of memory");
            return -1;
        }
        page->count++;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        model_event_page_free(page);
        return step_error(m, err);
    }
    return 0;
}

static void event_page_cursors(struct model_event_page *page)
{
    if (page->count) {
        const struct model_event *a = &page->rows[0], *z = &page->rows[page->count - 1];
        page->first = (struct model_cursor){.valid = true, .key = a->ts_utc, .id = a->row};
        page->last = (struct model_cursor){.valid = true, .key = z->ts_utc, .id = z->row};
    }
}

int model_events(struct model *m, const struct model_event_filter *filter,
                 const struct model_cursor *from, enum model_dir dir, size_t limit,
                 struct model_event_page *page, struct rf_error *err)
{
    const char *order = dir == MODEL_FORWARD ? "ASC" : "DESC";
    struct sqlbuf b = {.n = 0};
    char kinds[256];
    sqlite3_stmt *st;

    memset(page, 0, sizeof *page);
    add(&b, "SELECT " EVENT_COLUMNS " FROM events WHERE 1");
    if (filter && !all_kinds(filter->kinds))
        add(&b, " AND instr(:kinds, ',' || kind || ',') > 0");
    if (filter && filter->has_from)
        add(&b, " AND ts_utc >= :from");
    if (filter && filter->has_to)
        add(&b, " AND ts_utc < :to");
    if (from && from->valid)
        add(&b, " AND (ts_utc, rid) %s (:key, :id)", dir == MODEL_FORWARD ? ">" : "<");
    add(&b, " ORDER BY ts_utc %s, rid %s LIMIT :limit", order, order);
    if (!(st = stmt(m, b.s, err)))
        return -1;
    if (filter) {
        kind_list(filter->kinds, kinds, sizeof kinds);
        bind_text(st, ":kinds", kinds);
        bind_int(st, ":from", filter->from);
        bind_int(st, ":to", filter->to);
    }
    if (from && from->valid) {
        bind_int(st, ":key", from->key);
        bind_int(st, ":id", from->id);
    }
    bind_int(st, ":limit", (int64_t)limit + 1);
    if (fill_events(m, st, limit, page, err) != 0)
        return -1;
    if (dir == MODEL_BACKWARD)
        for (size_t i = 0; i < page->count / 2; i++) {
            struct model_event t = page->rows[i];
            page->rows[i] = page->rows[page->count - 1 - i];
            page->rows[page->count - 1 - i] = t;
        }
    event_page_cursors(page);
    return 0;
}

/* The sources linked to an event or figure, in their order. */
static int read_sources(struct model *m, const char *sql, int64_t rid,
                        struct model_source **out, size_t *n, struct rf_error *err)
{
    sqlite3_stmt *st = stmt(m, sql, err);
    int rc;

    *out = NULL;
    *n = 0;
    if (!st)
        return -1;
    bind_int(st, ":rid", rid);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct model_source *s = realloc(*out, (*n + 1) * sizeof *s);
        const char *v;
        if (!s) {
            sqlite3_reset(st);
            rf_error_set(err, "out of memory");
            return -1;
        }
        *out = s;
        s = &s[(*n)++];
        s->publisher = dup_col(st, 0);
        /* '' in the table means unknown. */
        s->title = (v = (const char *)sqlite3_column_text(st, 1)) && *v ? strdup(v) : NULL;
        s->published = (v = (const char *)sqlite3_column_text(st, 2)) && *v ? strdup(v) : NULL;
        s->url = (v = (const char *)sqlite3_column_text(st, 3)) && *v ? strdup(v) : NULL;
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : step_error(m, err);
}

int model_event_detail(struct model *m, const char *id, struct model_event *out,
                       struct rf_error *err)
{
    sqlite3_stmt *st = stmt(m,
                            "SELECT " EVENT_COLUMNS ", summary_en, summary_zh, notes"
                            " FROM events WHERE id = :id",
                            err);
    int rc;

    memset(out, 0, sizeof *out);
    if (!st)
        return -1;
    bind_text(st, ":id", id);
    rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(st);
        return rc == SQLITE_DONE ? MODEL_NOT_FOUND : step_error(m, err);
    }
    if (read_event(st, out) != 0) {
        sqlite3_reset(st);
        model_event_free(out);
        rf_error_set(err, "out of memory");
        return -1;
    }
    out->summary_en = dup_col(st, 12);
    out->summary_zh = dup_col(st, 13);
    out->notes = dup_col(st, 14);
    sqlite3_reset(st);
    if (read_sources(m,
                     "SELECT s.publisher, s.title, s.published, s.url FROM event_sources e"
                     " JOIN sources s ON s.id = e.source_id WHERE e.event_rid = :rid"
                     " ORDER BY e.pos",
                     out->row, &out->sources, &out->nsources, err) != 0) {
        model_event_free(out);
        return -1;
    }
    return 0;
}

int model_event_at(struct model *m, int64_t ts, unsigned kinds, struct model_event *out,
                   struct rf_error *err)
{
    struct model_event_page page;
    struct sqlbuf b = {.n = 0};
    char list[256];
    sqlite3_stmt *st;

    memset(out, 0, sizeof *out);
    add(&b, "SELECT " EVENT_COLUMNS " FROM events WHERE ts_utc <= :ts");
    if (!all_kinds(kinds))
        add(&b, " AND instr(:kinds, ',' || kind || ',') > 0");
    add(&b, " ORDER BY ts_utc DESC, rid DESC LIMIT 1");
    if (!(st = stmt(m, b.s, err)))
        return -1;
    kind_list(kinds, list, sizeof list);
    bind_text(st, ":kinds", list);
    bind_int(st, ":ts", ts);
    memset(&page, 0, sizeof page);
    if (fill_events(m, st, 1, &page, err) != 0)
        return -1;
    if (page.count == 0) {
        model_event_page_free(&page);
        return MODEL_NOT_FOUND;
    }
    *out = page.rows[0];
    free(page.rows);
    return 0;
}

int model_events_on(struct model *m, const char *prefix, size_t limit,
                    struct model_event_page *page, struct rf_error *err)
{
    sqlite3_stmt *st = stmt(m,
                            "SELECT " EVENT_COLUMNS " FROM events"
                            " WHERE substr(date, 1, length(:prefix)) = :prefix"
                            " ORDER BY ts_utc, rid LIMIT :limit",
                            err);

    memset(page, 0, sizeof *page);
    if (!st)
        return -1;
    bind_text(st, ":prefix", prefix);
    bind_int(st, ":limit", (int64_t)limit + 1);
    if (fill_events(m, st, limit, page, err) != 0)
        return -1;
    event_page_cursors(page);
    return 0;
}

/* ---- figures ------------------------------------------------------------------------------ */

void model_figure_list_free(struct model_figure_list *list)
{
    if (!list)
        return;
    for (size_t i = 0; i < list->count; i++) {
        struct model_figure *f = &list->rows[i];
        free(f->id);
        free(f->series);
        free(f->label_en);
        free(f->label_zh);
        free(f->qualifier);
        free(f->unit);
        free(f->as_of);
        free(f->tz);
        free(f->confidence);
        free(f->event_id);
        free(f->notes);
        free_sources(f->sources, f->nsources);
    }
    free(list->rows);
    memset(list, 0, sizeof *list);
}

int model_figures(struct model *m, const char *series, struct model_figure_list *out,
                  struct rf_error *err)
{
    sqlite3_stmt *st = stmt(m,
                            "SELECT rid, id, series, label_en, label_zh, value, qualifier, unit,"
                            " as_of, ts_utc, utc_offset, tz, confidence, event_id, notes"
                            " FROM figures WHERE :series IS NULL OR series = :series"
                            " ORDER BY as_of, id",
                            err);
    int64_t *rids = NULL;
    size_t cap = 0;
    int rc;

    memset(out, 0, sizeof *out);
    if (!st)
        return -1;
    if (series)
        bind_text(st, ":series", series);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct model_figure *f;
        if (out->count == cap) {
            struct model_figure *p = realloc(out->rows, (cap = cap ? cap * 2 : 64) * sizeof *p);
            int64_t *r = realloc(rids, cap * sizeof *r);
            if (p)
                out->rows = p;
            if (r)
                rids = r;
            if (!p || !r) {
                rc = SQLITE_NOMEM;
                break;
            }
        }
        rids[out->count] = sqlite3_column_int64(st, 0);
        f = &out->rows[out->count++];
        memset(f, 0, sizeof *f);
        f->id = dup_col(st, 1);
        f->series = dup_col(st, 2);
        f->label_en = dup_col(st, 3);
        f->label_zh = dup_col(st, 4);
        f->value = sqlite3_column_double(st, 5);
        f->qualifier = dup_col(st, 6);
        f->unit = dup_col(st, 7);
        f->as_of = dup_col(st, 8);
        f->ts_utc = sqlite3_column_int64(st, 9);
        read_offset(st, 10, &f->has_offset, &f->utc_offset);
        f->tz = dup_col(st, 11);
        f->confidence = dup_col(st, 12);
        f->event_id = dup_col(st, 13);
        f->notes = dup_col(st, 14);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        free(rids);
        model_figure_list_free(out);
        return rc == SQLITE_NOMEM ? (rf_error_set(err, "out of memory"), -1)
                                  : step_error(m, err);
    }
    for (size_t i = 0; i < out->count; i++)
        if (read_sources(m,
                         "SELECT s.publisher, s.title, s.published, s.url FROM figure_sources f"
                         " JOIN sources s ON s.id = f.source_id WHERE f.figure_rid = :rid"
                         " ORDER BY f.pos",
                         rids[i], &out->rows[i].sources, &out->rows[i].nsources, err) != 0) {
            free(rids);
            model_figure_list_free(out);
            return -1;
        }
    free(rids);
    return 0;
}

/* ---- comments --------------------------------------------------------------------- */

/* Thread order: a path of (time, id) keys from the top comment down, so
 * one ORDER BY puts every reply under its parent. */
#define THREAD_SQL                                                                         \
    "WITH RECURSIVE t(id, path, depth) AS ("                                               \
    " SELECT c.id, printf('%020d%020d', c.ts_utc, c.id), 0 FROM comments c"                \
    " WHERE (:post IS NULL OR (c.platform = :platform AND c.post_ext_id = :post))"         \
    " AND (c.parent_ext_id IS NULL OR NOT EXISTS (SELECT 1 FROM comments q"                \
    "   WHERE q.platform = c.platform AND q.ext_id = c.parent_ext_id))"                    \
    " UNION ALL SELECT c.id, t.path || printf('%020d%020d', c.ts_utc, c.id), t.depth + 1"  \
    " FROM t JOIN comments p ON p.id = t.id"                                               \
    " JOIN comments c ON c.platform = p.platform AND c.parent_ext_id = p.ext_id"           \
    " WHERE t.depth < 64)"                                                                 \
    " SELECT c.id, c.platform, c.ext_id, c.post_ext_id, c.parent_ext_id, c.author,"        \
    " CASE a.keyed WHEN 1 THEN a.key END, c.region, c.lang, c.ts_utc, c.utc_offset,"       \
    " c.time_basis, c.text, c.likes, c.likes_at_least, c.replies, t.depth,"                \
    " (SELECT json_group_array(url) FROM (SELECT url FROM comment_media m"                 \
    "   WHERE m.comment_id = c.id ORDER BY rowid)), a.name, c.counts_at, c.collected_at,"   \
    " c.tool, c.file"                                                                      \
    " FROM t JOIN comments c ON c.id = t.id LEFT JOIN authors a ON a.id = c.author_id"     \
    " ORDER BY c.platform, c.post_ext_id, t.path"

/* The URLs of a JSON array of strings, into c->media (freed by the caller). */
static void comment_media(struct model_comment *c, const char *json)
{
    const char *p = json;

    c->media = NULL;
    c->nmedia = 0;
    while (p && (p = strchr(p, '"'))) {
        const char *end = ++p;
        char **grown;
        while (*end && *end != '"')
            end += *end == '\\' && end[1] ? 2 : 1;
        if (!(grown = realloc(c->media, (c->nmedia + 1) * sizeof *grown)))
            break;
        c->media = grown;
        if (!(c->media[c->nmedia] = strndup(p, (size_t)(end - p))))
            break;
        c->nmedia++;
        p = *end ? end + 1 : NULL;
    }
}

int model_comments(struct model *m, const char *platform, const char *post_ext_id,
                   model_comment_fn *fn, void *data, struct rf_error *err)
{
    sqlite3_stmt *st = stmt(m, THREAD_SQL, err);
    int rc;

    if (!st)
        return -1;
    if (post_ext_id) {
        bind_text(st, ":platform", platform);
        bind_text(st, ":post", post_ext_id);
    }
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct model_comment c = {0};
        bool go;
#define TXT(i) ((const char *)sqlite3_column_text(st, i))
        c.id = sqlite3_column_int64(st, 0);
        c.platform = TXT(1);
        c.ext_id = TXT(2);
        c.post_ext_id = TXT(3);
        c.parent_ext_id = TXT(4);
        c.author = TXT(5);
        c.author_key = TXT(6);
        c.author_keyed = c.author_key != NULL;
        c.region = TXT(7);
        c.lang = TXT(8);
        c.ts_utc = sqlite3_column_int64(st, 9);
        c.has_offset = sqlite3_column_type(st, 10) != SQLITE_NULL;
        c.utc_offset = sqlite3_column_int(st, 10);
        c.time_basis = TXT(11);
        c.text = TXT(12);
        c.has_likes = sqlite3_column_type(st, 13) != SQLITE_NULL;
        c.likes = sqlite3_column_int64(st, 13);
        c.likes_at_least = sqlite3_column_int(st, 14) != 0;
        c.has_replies = sqlite3_column_type(st, 15) != SQLITE_NULL;
        c.replies = sqlite3_column_int64(st, 15);
        c.depth = sqlite3_column_int(st, 16);
        comment_media(&c, TXT(17));
        c.author_name = TXT(18);
        c.has_counts_at = sqlite3_column_type(st, 19) != SQLITE_NULL;
        c.counts_at = sqlite3_column_int64(st, 19);
        c.has_collected_at = sqlite3_column_type(st, 20) != SQLITE_NULL;
        c.collected_at = sqlite3_column_int64(st, 20);
        c.tool = TXT(21);
        c.file = TXT(22);
#undef TXT
        go = fn(data, &c);
        for (size_t i = 0; i < c.nmedia; i++)
            free(c.media[i]);
        free(c.media);
        if (!go) {
            sqlite3_reset(st);
            return 0;
        }
    }
    if (rc != SQLITE_DONE) {
        rf_error_set(err, "%s", sqlite3_errmsg(m->sql));
        sqlite3_reset(st);
        return -1;
    }
    sqlite3_reset(st);
    return 0;
}

int model_comment_count(struct model *m, const char *platform, const char *post_ext_id,
                        int64_t *out, struct rf_error *err)
{
    sqlite3_stmt *st = stmt(m,
                            "SELECT count(*) FROM comments WHERE platform = :platform"
                            " AND post_ext_id = :post",
                            err);

    if (!st)
        return -1;
    bind_text(st, ":platform", platform);
    bind_text(st, ":post", post_ext_id);
    return scalar(m, st, out, err);
}

/* Appends a copy of each row's first column to *list. */
static int collect_strings(struct model *m, sqlite3_stmt *st, char ***list, size_t *n,
                           struct rf_error *err)
{
    int rc;

    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        char **grown = realloc(*list, (*n + 1) * sizeof **list);
        if (!grown || !(grown[*n] = dup_col(st, 0))) {
            if (grown)
                *list = grown;
            rf_error_set(err, "out of memory");
            sqlite3_reset(st);
            return -1;
        }
        *list = grown;
        ++*n;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        rf_error_set(err, "%s", sqlite3_errmsg(m->sql));
        return -1;
    }
    return 0;
}

int model_post_extras(struct model *m, const char *platform, const char *ext_id,
                      struct model_post_extras *out, struct rf_error *err)
{
    sqlite3_stmt *st;
    int64_t id = 0;
    int rc;

    memset(out, 0, sizeof *out);
    if (!(st = stmt(m,
                    "SELECT p.id, CASE a.keyed WHEN 1 THEN a.key END, p.type, p.time_basis,"
                    " p.views, p.known, p.at_least FROM posts p"
                    " LEFT JOIN authors a ON a.id = p.author_id"
                    " WHERE p.platform = :platform AND p.ext_id = :id",
                    err)))
        return -1;
    bind_text(st, ":platform", platform);
    bind_text(st, ":id", ext_id);
    if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        id = sqlite3_column_int64(st, 0);
        out->author_key = sqlite3_column_type(st, 1) == SQLITE_NULL ? NULL : dup_col(st, 1);
        out->type = sqlite3_column_type(st, 2) == SQLITE_NULL ? NULL : dup_col(st, 2);
        out->time_basis = dup_col(st, 3);
        out->views = sqlite3_column_int64(st, 4);
        out->known = (unsigned)sqlite3_column_int(st, 5);
        out->at_least = (unsigned)sqlite3_column_int(st, 6);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        rf_error_set(err, "%s", sqlite3_errmsg(m->sql));
        return -1;
    }
    if (!(st = stmt(m, "SELECT url FROM post_media WHERE post_id = :id ORDER BY rowid", err)))
        return -1;
    bind_int(st, ":id", id);
    if (collect_strings(m, st, &out->media, &out->nmedia, err) != 0)
        return -1;
    if (!(st = stmt(m, "SELECT keyword FROM post_keywords WHERE post_id = :id ORDER BY keyword",
                    err)))
        return -1;
    bind_int(st, ":id", id);
    if (collect_strings(m, st, &out->keywords, &out->nkeywords, err) != 0)
        return -1;
    if (!(st = stmt(m,
                    "SELECT tool, file, collected_at FROM post_sources WHERE post_id = :id"
                    " ORDER BY collected_at DESC, tool, file",
                    err)))
        return -1;
    bind_int(st, ":id", id);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        void *grown = realloc(out->sources, (out->nsources + 1) * sizeof *out->sources);
        if (!grown) {
            sqlite3_reset(st);
            rf_error_set(err, "out of memory");
            return -1;
        }
        out->sources = grown;
        out->sources[out->nsources].tool = dup_col(st, 0);
        out->sources[out->nsources].file = dup_col(st, 1);
        out->sources[out->nsources].has_collected = sqlite3_column_type(st, 2) != SQLITE_NULL;
        out->sources[out->nsources].collected = sqlite3_column_int64(st, 2);
        out->nsources++;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        rf_error_set(err, "%s", sqlite3_errmsg(m->sql));
        return -1;
    }
    return model_comment_count(m, platform, ext_id, &out->comments, err);
}

void model_post_extras_free(struct model_post_extras *x)
{
    free(x->author_key);
    free(x->type);
    free(x->time_basis);
    for (size_t i = 0; i < x->nmedia; i++)
        free(x->media[i]);
    free(x->media);
    for (size_t i = 0; i < x->nkeywords; i++)
        free(x->keywords[i]);
    free(x->keywords);
    for (size_t i = 0; i < x->nsources; i++) {
        free(x->sources[i].tool);
        free(x->sources[i].file);
    }
    free(x->sources);
    memset(x, 0, sizeof *x);
}

int model_languages(struct model *m, char ***out, struct rf_error *err)
{
    sqlite3_stmt *st = stmt(m,
                            "SELECT lang FROM daily GROUP BY lang ORDER BY lang = 'zh' DESC,"
                            " lang = 'en' DESC, sum(posts) DESC, lang",
                            err);
    char **langs = calloc(1, sizeof *langs);
    size_t n = 0;

    *out = NULL;
    if (!st || !langs) {
        free(langs);
        if (st)
            rf_error_set(err, "out of memory");
        return -1;
    }
    if (collect_strings(m, st, &langs, &n, err) == 0) {
        char **done = realloc(langs, (n + 1) * sizeof *done); /* room for the NULL */
        if (done) {
            done[n] = NULL;
            *out = done;
            return 0;
        }
        rf_error_set(err, "out of memory");
    }
    for (size_t i = 0; i < n; i++)
        free(langs[i]);
    free(langs);
    return -1;
}

void model_languages_free(char **langs)
{
    for (size_t i = 0; langs && langs[i]; i++)
        free(langs[i]);
    free(langs);
}
