#include "autoconfig.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicase.h>
#include <unistr.h>

#include "model.h"
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
    struct cached *cache;
    size_t ncache, capcache;
    int64_t data_version;
    bool (*should_stop)(void *arg);
    void *stop_arg;
    bool stopped; /* the progress handler ended a statement */
};

/* VM steps between two calls of should_stop: a few hundred rows of a scan. */
#define PROGRESS_STEPS 4000

static const char *const kind_names[] = {
    "executive-order", "legislation", "court-ruling", "ban", "outage", "restoration",
    "hearing", "report", "platform", "migration", "deal"};
#define NKINDS (sizeof kind_names / sizeof kind_names[0])

const char *model_kind_name(unsigned kind)
{
    for (size_t i = 0; i < NKINDS; i++)
        if (kind == 1u << i)
            return kind_names[i];
    return "unknown";
}

unsigned model_kind_from_name(const char *name)
{
    for (size_t i = 0; i < NKINDS; i++)
        if (strcmp(name, kind_names[i]) == 0)
            return 1u << i;
    return 0;
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
    if (db_data_version(db, &m->data_version, err) != 0) {
        free(m);
        return NULL;
    }
    return m;
}

void model_free(struct model *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->ncache; i++) {
        sqlite3_finalize(m->cache[i].st);
        free(m->cache[i].sql);
    }
    free(m->cache);
    free(m);
}

bool model_changed(struct model *m)
{
    int64_t v;

    if (db_data_version(m->db, &v, NULL) != 0 || v == m->data_version)
        return false;
    m->data_version = v;
    return true;
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

/* ASCII letters in lower case, everything else as it is. */
static unsigned char fold(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
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

/* Length of a query in characters (code points). */
static size_t query_chars(const char *q)
{
    return u8_mbsnlen((const uint8_t *)q, strlen(q));
}

static bool has_search(const struct model_filter *f)
{
    return f && f->search && f->search[0];
}

static bool short_search(const struct model_filter *f)
{
    return has_search(f) && query_chars(f->search) < MODEL_FTS_MIN_CHARS;
}

/* The FTS5 query: the whole string as one phrase, quotes doubled, so no
 * character the user types is FTS syntax. */
static char *fts_phrase(const char *q)
{
    size_t n = strlen(q), k = 0;
    char *out = malloc(2 * n + 3);

    if (!out)
        return NULL;
    out[k++] = '"';
    for (size_t i = 0; i < n; i++) {
        if (q[i] == '"')
            out[k++] = '"';
        out[k++] = q[i];
    }
    out[k++] = '"';
    out[k] = '\0';
    return out;
}

/* How a filter's selective conditions (tag, indexed search) are written:
 * IN builds the set of matching ids first, which is fast when few posts
 * match; PROBE tests each post as the list is walked in order, which is
 * fast when many do. Lists try PROBE over a bounded window first. */
enum cond_style { COND_IN, COND_PROBE };

/* The conditions of a filter over posts p LEFT JOIN state s, after a
 * WHERE. A short search is matched in SQL only when `short_in_sql` (counts
 * and stats); lists match it in C over a bounded window. */
static bool short_terms_ok(const struct model_filter *f);

static void where_filter(struct sqlbuf *b, const struct model_filter *f, bool short_in_sql,
                         enum cond_style style)
{
    add(b, " WHERE 1");
    if (!f)
        return;
    if (f->has_from)
        add(b, " AND p.ts_utc >= :from");
    if (f->has_to)
        add(b, " AND p.ts_utc < :to");
    if (f->lang)
        add(b, " AND p.lang = :lang");
    if (f->platform)
        add(b, " AND p.platform = :platform");
    if (f->tag)
        add(b, style == COND_IN
                   ? " AND p.id IN (SELECT post_id FROM post_tags WHERE tag = :tag)"
                   : " AND EXISTS (SELECT 1 FROM post_tags t WHERE t.tag = :tag"
                     " AND t.post_id = p.id)");
    if (f->provenance)
        add(b, " AND p.provenance = :prov");
    if (f->starred_only)
        add(b, " AND s.starred = 1");
    if (has_search(f)) {
        if (!short_search(f))
            add(b, style == COND_IN
                       ? " AND p.id IN (SELECT rowid FROM posts_fts WHERE posts_fts MATCH :q)"
                       : " AND EXISTS (SELECT 1 FROM posts_fts f WHERE f.posts_fts MATCH :q"
                         " AND f.rowid = p.id)");
        else if (short_in_sql) {
            /* The index's trigrams that start with the query hold every
             * post that contains it (see short_terms_ok()). */
            if (short_terms_ok(f))
                add(b, " AND p.id IN (SELECT doc FROM posts_fts_terms"
                       " WHERE term >= :lo AND term < :hi)");
            add(b, " AND (instr(lower(p.text), lower(:q)) > 0"
                   " OR instr(lower(coalesce(p.translation, '')), lower(:q)) > 0)");
        }
    }
}

/* True when the filter has a condition worth probing (see cond_style). */
static bool selective(const struct model_filter *f)
{
    return f && (f->tag || (has_search(f) && !short_search(f)));
}

static int bind_filter(sqlite3_stmt *st, const struct model_filter *f, struct rf_error *err)
{
    if (!f)
        return 0;
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
    if (has_search(f)) {
        if (short_search(f)) {
            char lo[256], hi[260];
            size_t n = strlen(f->search);
            bind_text(st, ":q", f->search);
            /* The range of trigrams that start with the query, folded as
             * the index folds ASCII; U+10FFFF is above any next character. */
            if (n < sizeof lo) {
                for (size_t i = 0; i <= n; i++)
                    lo[i] = (char)fold((unsigned char)f->search[i]);
                snprintf(hi, sizeof hi, "%s\xf4\x8f\xbf\xbf", lo);
                bind_text(st, ":lo", lo);
                bind_text(st, ":hi", hi);
            }
        } else {
            char *phrase = fts_phrase(f->search);
            int i = sqlite3_bind_parameter_index(st, ":q");
            if (!phrase) {
                rf_error_set(err, "out of memory");
                return -1;
            }
            if (i)
                sqlite3_bind_text(st, i, phrase, -1, SQLITE_TRANSIENT);
            free(phrase);
        }
    }
    return 0;
}

/* ---- posts ------------------------------------------------------------------------ */

#define POST_COLUMNS                                                                      \
    "p.id, p.ts_utc, p.utc_offset, p.platform, p.ext_id, p.author, p.region, p.lang,"   \
    " p.text, p.translation, p.translation_kind, p.likes, p.comments, p.collects,"      \
    " p.shares, p.url, p.provenance, coalesce(s.starred, 0), coalesce(s.read, 0)"
#define POST_FROM                                                                          \
    " FROM posts p LEFT JOIN state s ON s.platform = p.platform AND s.ext_id = p.ext_id"

static int read_post(sqlite3_stmt *st, struct model_post *p)
{
    memset(p, 0, sizeof *p);
    p->id = sqlite3_column_int64(st, 0);
    p->ts_utc = sqlite3_column_int64(st, 1);
    read_offset(st, 2, &p->has_offset, &p->utc_offset);
    p->platform = dup_col(st, 3);
    p->ext_id = dup_col(st, 4);
    p->author = dup_col(st, 5);
    p->region = dup_col(st, 6);
    p->lang = dup_col(st, 7);
    p->text = dup_col(st, 8);
    p->translation = dup_col(st, 9);
    p->translation_kind = dup_col(st, 10);
    p->likes = sqlite3_column_int64(st, 11);
    p->comments = sqlite3_column_int64(st, 12);
    p->collects = sqlite3_column_int64(st, 13);
    p->shares = sqlite3_column_int64(st, 14);
    p->url = dup_col(st, 15);
    p->provenance = dup_col(st, 16);
    p->starred = sqlite3_column_int(st, 17) != 0;
    p->read = sqlite3_column_int(st, 18) != 0;
    return p->platform && p->ext_id && p->lang && p->text && p->translation_kind &&
                   p->provenance
               ? 0
               : -1;
}

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

/* Every non-overlapping occurrence of q in s (ASCII letters folded).
 * Returns the count; *out is malloc'd (NULL when none). */
static size_t find_spans(const char *s, const char *q, struct model_span **out)
{
    size_t n = s ? strlen(s) : 0, k = strlen(q), count = 0, cap = 0;
    struct model_span *spans = NULL;

    *out = NULL;
    if (!k || n < k)
        return 0;
    for (size_t i = 0; i + k <= n;) {
        size_t j = 0;
        while (j < k && fold((unsigned char)s[i + j]) == fold((unsigned char)q[j]))
            j++;
        if (j < k) {
            i++;
            continue;
        }
        if (count == cap) {
            struct model_span *p = realloc(spans, (cap = cap ? cap * 2 : 4) * sizeof *p);
            if (!p)
                break;
            spans = p;
        }
        spans[count].offset = i;
        spans[count].length = k;
        count++;
        i += k;
    }
    *out = spans;
    return count;
}

/* Match spans for a searched row; returns false when the query occurs in
 * neither text (a short-query scan then drops the row). */
static bool add_spans(struct model_post *p, const char *q)
{
    p->ntext_spans = find_spans(p->text, q, &p->text_spans);
    p->ntranslation_spans = find_spans(p->translation, q, &p->translation_spans);
    return p->ntext_spans || p->ntranslation_spans;
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

/* True when the indexed search of f matches fewer than RARE_SEARCH posts
 * (counting stops there). */
static int rare_search(struct model *m, const struct model_filter *f, struct rf_error *err)
{
    sqlite3_stmt *st = stmt(m,
                            "SELECT count(*) FROM (SELECT rowid FROM posts_fts"
                            " WHERE posts_fts MATCH :q LIMIT :cap)",
                            err);
    int64_t n;

    if (!st || bind_filter(st, f, err) != 0)
        return -1;
    bind_int(st, ":cap", RARE_SEARCH);
    if (scalar(m, st, &n, err) != 0)
        return -1;
    return n < RARE_SEARCH;
}

/* The list query. COND_IN puts every condition in SQL; COND_PROBE leaves
 * the tag and an indexed search out, for probe() to test row by row. */
static void list_sql(struct sqlbuf *b, const struct model_filter *f, enum model_sort sort,
                     bool cursor, enum model_dir dir, enum cond_style style, bool terms)
{
    const char *key = sort == MODEL_SORT_LIKES ? "p.likes" : "p.ts_utc";
    /* Display order is descending; reading backward walks it ascending. */
    const char *cmp = dir == MODEL_FORWARD ? "<" : ">";
    const char *order = dir == MODEL_FORWARD ? "DESC" : "ASC";
    struct model_filter cheap = *f;

    if (style == COND_PROBE) {
        cheap.tag = NULL;
        if (!short_search(f))
            cheap.search = NULL;
    }
    add(b, "SELECT " POST_COLUMNS POST_FROM);
    where_filter(b, &cheap, false, COND_IN);
    if (terms)
        add(b, " AND p.id IN (SELECT doc FROM posts_fts_terms WHERE term >= :lo AND term < :hi)");
    if (cursor)
        add(b, " AND (%s, p.id) %s (:key, :id)", key, cmp);
    add(b, " ORDER BY %s %s, p.id %s LIMIT :limit", key, order, order);
}

/* Tests the tag of `f`, and its indexed search when `fts`, on one post:
 * 1 yes, 0 no, -1 error. */
static int probe(struct model *m, const struct model_filter *f, bool fts, int64_t id,
                 struct rf_error *err)
{
    sqlite3_stmt *st;
    int rc;

    if (f->tag) {
        if (!(st = stmt(m, "SELECT 1 FROM post_tags WHERE tag = :tag AND post_id = :id", err)))
            return -1;
        bind_text(st, ":tag", f->tag);
        bind_int(st, ":id", id);
        rc = sqlite3_step(st);
        sqlite3_reset(st);
        if (rc != SQLITE_ROW)
            return rc == SQLITE_DONE ? 0 : step_error(m, err);
    }
    if (fts && has_search(f) && !short_search(f)) {
        if (!(st = stmt(m, "SELECT 1 FROM posts_fts WHERE posts_fts MATCH :q AND rowid = :id",
                        err)) ||
            bind_filter(st, f, err) != 0)
            return -1;
        bind_int(st, ":id", id);
        rc = sqlite3_step(st);
        sqlite3_reset(st);
        if (rc != SQLITE_ROW)
            return rc == SQLITE_DONE ? 0 : step_error(m, err);
    }
    return 1;
}

/* True when q occurs in the n bytes at s, ASCII letters folded (the
 * caller passes q with its ASCII letters in lower case). */
static bool contains_folded(const char *s, size_t n, const char *q, size_t k, bool letters)
{
    if (!s || k == 0 || n < k)
        return false;
    if (!letters)
        return memmem(s, n, q, k) != NULL;
    for (size_t i = 0; i + k <= n; i++) {
        size_t j = 0;
        while (j < k && fold((unsigned char)s[i + j]) == (unsigned char)q[j])
            j++;
        if (j == k)
            return true;
    }
    return false;
}

/* A search checked in C on the row itself (text and translation, columns 8
 * and 9 of POST_COLUMNS), before anything is copied out of it. */
struct scan_query {
    char q[256];
    size_t k;
    bool letters; /* q has ASCII letters, so folding matters */
};

static bool scan_query_init(struct scan_query *sq, const char *q)
{
    sq->k = strlen(q);
    sq->letters = false;
    if (sq->k >= sizeof sq->q)
        return false;
    for (size_t i = 0; i <= sq->k; i++) {
        sq->q[i] = (char)fold((unsigned char)q[i]);
        sq->letters |= sq->q[i] >= 'a' && sq->q[i] <= 'z';
    }
    return true;
}

static bool row_matches(sqlite3_stmt *st, const struct scan_query *sq)
{
    return contains_folded((const char *)sqlite3_column_text(st, 8),
                           (size_t)sqlite3_column_bytes(st, 8), sq->q, sq->k, sq->letters) ||
           contains_folded((const char *)sqlite3_column_text(st, 9),
                           (size_t)sqlite3_column_bytes(st, 9), sq->q, sq->k, sq->letters);
}

/* True when matching q in C gives what the trigram index gives: no
 * character of q outside ASCII has a case (the index folds those too;
 * Chinese has none). */
static bool c_matchable(const char *q)
{
    const uint8_t *p = (const uint8_t *)q, *end = p + strlen(q);

    while (p < end) {
        ucs4_t c;
        int n = u8_mbtouc(&c, p, (size_t)(end - p));
        if (c >= 0x80 && (uc_tolower(c) != c || uc_toupper(c) != c))
            return false;
        p += n > 0 ? n : 1;
    }
    return strlen(q) < sizeof ((struct scan_query *)0)->q;
}

/* True when a short search can take its candidates from the index's
 * vocabulary: the index folds cased letters outside ASCII, which the
 * range of terms would not. */
static bool short_terms_ok(const struct model_filter *f)
{
    return short_search(f) && c_matchable(f->search);
}

/* Occurrences of trigrams a short search collects through the index at
 * most; more, and the list is scanned instead (matches are then common
 * enough to fill a page quickly). */
#define RARE_TERMS 5000

/* True when fewer than RARE_TERMS trigrams start with the short search. */
static int rare_terms(struct model *m, const struct model_filter *f, struct rf_error *err)
{
    sqlite3_stmt *st = stmt(m,
                            "SELECT count(*) FROM (SELECT 1 FROM posts_fts_terms"
                            " WHERE term >= :lo AND term < :hi LIMIT :cap)",
                            err);
    int64_t n;

    if (!st || bind_filter(st, f, err) != 0)
        return -1;
    bind_int(st, ":cap", RARE_TERMS);
    if (scalar(m, st, &n, err) != 0)
        return -1;
    return n < RARE_TERMS;
}

/* How run_list() reads: every row the query returns (ALL), or testing
 * rows and stopping at `limit` matches (SCAN: the search is tested in C;
 * PROBE: the tag, and the indexed search unless it is tested in C, are
 * looked up for each row). */
enum list_mode { LIST_ALL, LIST_SCAN, LIST_PROBE };

/* Runs one list query into page (emptied first); *scanned counts the rows
 * the statement returned. With `sq`, rows whose text and translation do
 * not contain the search are skipped before they are read. */
static int run_list(struct model *m, const char *sql, const struct model_filter *f,
                    enum model_sort sort, const struct model_cursor *from, size_t limit,
                    size_t fetch, enum list_mode mode, const struct scan_query *sq,
                    struct model_post_page *page, size_t *scanned, struct rf_error *err)
{
    sqlite3_stmt *st;
    int rc;

    for (size_t i = 0; i < page->count; i++)
        model_post_free(&page->rows[i]);
    page->count = 0;
    page->more = false;
    *scanned = 0;
    if (!(st = stmt(m, sql, err)) || bind_filter(st, f, err) != 0)
        return -1;
    if (from && from->valid) {
        bind_int(st, ":key", from->key);
        bind_int(st, ":id", from->id);
    }
    bind_int(st, ":limit", (int64_t)fetch);
    /* The list statement stays open while probes run: they are other
     * statements on the same connection, which SQLite allows. */
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct model_post *p = &page->rows[page->count];
        int64_t id = sqlite3_column_int64(st, 0);
        int match = 1;
        if (mode == LIST_ALL && page->count == limit) {
            page->more = true; /* the extra row fetched to know that */
            break;
        }
        ++*scanned;
        /* Columns 1 and 11 are ts_utc and likes. */
        page->resume = (struct model_cursor){
            .valid = true, .key = sqlite3_column_int64(st, sort == MODEL_SORT_LIKES ? 11 : 1),
            .id = id};
        /* Most rows of a scan do not match: test them before copying. */
        if (sq && !row_matches(st, sq))
            continue;
        if (mode == LIST_PROBE && (match = probe(m, f, !sq, id, err)) <= 0) {
            if (match < 0) {
                sqlite3_reset(st);
                return -1;
            }
            continue;
        }
        if (read_post(st, p) != 0) {
            model_post_free(p);
            sqlite3_reset(st);
            rf_error_set(err, "out of memory");
            return -1;
        }
        if (has_search(f))
            add_spans(p, f->search);
        page->count++;
        if (mode != LIST_ALL && page->count == limit) {
            page->more = true;
            break;
        }
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : step_error(m, err);
}

int model_posts(struct model *m, const struct model_filter *filter, enum model_sort sort,
                const struct model_cursor *from, enum model_dir dir, size_t limit,
                struct model_post_page *page, struct rf_error *err)
{
    static const struct model_filter none;
    const struct model_filter *f = filter ? filter : &none;
    bool cursor = from && from->valid;
    size_t scanned = 0;
    struct sqlbuf b = {.n = 0};

    memset(page, 0, sizeof *page);
    if (limit == 0)
        return 0;
    if (!(page->rows = calloc(limit + 1, sizeof *page->rows))) {
        rf_error_set(err, "out of memory");
        return -1;
    }
    if (short_search(f)) {
        /* A query too short for phrase queries. When it is rare, the
         * trigrams that start with it give the posts that contain it;
         * when it is common, the list is scanned window by window. Either
         * way each row is matched in C, which also finds the spans. */
        struct scan_query sq;
        int rare = short_terms_ok(f) ? rare_terms(m, f, err) : 0;
        if (rare < 0)
            goto fail;
        if (!scan_query_init(&sq, f->search)) {
            rf_error_set(err, "search: the query is too long");
            goto fail;
        }
        list_sql(&b, f, sort, cursor, dir, COND_PROBE, rare);
        if (run_list(m, b.s, f, sort, from, limit, rare ? RARE_TERMS + 1 : MODEL_SCAN_WINDOW,
                     f->tag ? LIST_PROBE : LIST_SCAN, &sq, page, &scanned, err) != 0)
            goto fail;
        if (!rare && scanned == MODEL_SCAN_WINDOW)
            page->more = true; /* the window ran out, not the posts */
    } else if (selective(f)) {
        /* Test along the list first, quick when matches are common; a
         * search known to be rare skips it. A common search whose
         * characters have no case outside ASCII (Chinese, English) is
         * tested on each row's text in C, a microsecond or two a row; one
         * with other cased letters asks the index row by row, a hundred
         * times dearer. */
        struct scan_query sq;
        bool fts = has_search(f);
        bool in_c = fts && c_matchable(f->search) && scan_query_init(&sq, f->search);
        size_t window = in_c ? MODEL_SCAN_WINDOW : fts ? PROBE_WINDOW_SEARCH : PROBE_WINDOW_TAG;
        int rare = fts ? rare_search(m, f, err) : 0;
        if (rare < 0)
            goto fail;
        if (!rare) {
            list_sql(&b, f, sort, cursor, dir, COND_PROBE, false);
            if (run_list(m, b.s, f, sort, from, limit, window,
                         in_c && !f->tag ? LIST_SCAN : LIST_PROBE, in_c ? &sq : NULL, page,
                         &scanned, err) != 0)
                goto fail;
        }
        if (rare || (page->count < limit && scanned == window)) {
            /* Rare: let the index build the set of matches instead. */
            b.n = 0;
            list_sql(&b, f, sort, cursor, dir, COND_IN, false);
            if (run_list(m, b.s, f, sort, from, limit, limit + 1, LIST_ALL, NULL, page,
                         &scanned, err) != 0)
                goto fail;
        }
    } else {
        list_sql(&b, f, sort, cursor, dir, COND_IN, false);
        if (run_list(m, b.s, f, sort, from, limit, limit + 1, LIST_ALL, NULL, page, &scanned,
                     err) != 0)
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
    add(&b, "SELECT " POST_COLUMNS ", p.source, p.note, p.tags" POST_FROM);
    if (after && after->valid)
        add(&b, " WHERE (p.ts_utc, p.id) > (:key, :id)");
    add(&b, " ORDER BY p.ts_utc, p.id LIMIT :limit");
    if (!(st = stmt(m, b.s, err)) || !(tags = stmt(m, "SELECT value FROM json_each(:tags)", err)))
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
        p->source = dup_col(st, 19);
        p->note = dup_col(st, 20);
        sqlite3_reset(tags);
        sqlite3_bind_text(tags, 1, (const char *)sqlite3_column_text(st, 21), -1,
                          SQLITE_TRANSIENT);
        while (sqlite3_step(tags) == SQLITE_ROW) {
            char **t = realloc(p->tags, (p->ntags + 1) * sizeof *t);
            if (!t)
                goto nomem;
            p->tags = t;
            if ((t[p->ntags] = dup_col(tags, 0)))
                p->ntags++;
        }
        sqlite3_reset(tags);
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
    int rc;
    char *tags_json;

    memset(out, 0, sizeof *out);
    if (!(st = stmt(m, "SELECT " POST_COLUMNS ", p.source, p.note, p.tags" POST_FROM
                       " WHERE p.id = :id",
                    err)))
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
    out->source = dup_col(st, 19);
    out->note = dup_col(st, 20);
    tags_json = dup_col(st, 21);
    sqlite3_reset(st);
    if (!tags_json || !(tags = stmt(m, "SELECT value FROM json_each(:tags)", err))) {
        free(tags_json);
        model_post_free(out);
        return -1;
    }
    bind_text(tags, ":tags", tags_json);
    free(tags_json);
    while ((rc = sqlite3_step(tags)) == SQLITE_ROW) {
        char **t = realloc(out->tags, (out->ntags + 1) * sizeof *t);
        if (!t)
            break;
        out->tags = t;
        if ((t[out->ntags] = dup_col(tags, 0)))
            out->ntags++;
    }
    sqlite3_reset(tags);
    return 0;
}

/* True when the per-day table can answer for this filter: no tag, state,
 * provenance or search condition, and a window on whole UTC days. */
static bool daily_ok(const struct model_filter *f)
{
    if (!f)
        return true;
    return !f->tag && !f->provenance && !f->starred_only && !has_search(f) &&
           (!f->has_from || f->from % 86400 == 0) && (!f->has_to || f->to % 86400 == 0);
}

static void where_daily(struct sqlbuf *b, const struct model_filter *f)
{
    add(b, " WHERE 1");
    if (!f)
        return;
    if (f->has_from)
        add(b, " AND day >= :from / 86400");
    if (f->has_to)
        add(b, " AND day < :to / 86400");
    if (f->lang)
        add(b, " AND lang = :lang");
    if (f->platform)
        add(b, " AND platform = :platform");
}


/* True when the filter is one tag and nothing else: the tag-count table
 * answers. */
static bool only_tag(const struct model_filter *f)
{
    return f && f->tag && !f->has_from && !f->has_to && !f->lang && !f->platform &&
           !f->provenance && !f->starred_only && !has_search(f);
}

/* True when the filter is a search and nothing else. */
static bool search_only(const struct model_filter *f)
{
    return has_search(f) && !f->has_from && !f->has_to && !f->lang && !f->platform &&
           !f->tag && !f->provenance && !f->starred_only;
}

/* The posts holding a trigram that starts with a short query are the posts
 * that contain it (see short_terms_ok()); they are counted with a bitmap of
 * post ids (an eighth of a byte a post) as the index lists them. DISTINCT
 * would sort up to every post id through a temporary B-tree: twice the
 * time, and 2 MiB more memory at a million posts. */
static int count_short_terms(struct model *m, const struct model_filter *f, int64_t *out,
                             struct rf_error *err)
{
    sqlite3_stmt *st;
    int64_t max_id, n = 0;
    unsigned char *seen;
    int rc;

    if (!(st = stmt(m, "SELECT coalesce(max(id), 0) FROM posts", err)) ||
        scalar(m, st, &max_id, err) != 0)
        return -1;
    if (!(st = stmt(m, "SELECT doc FROM posts_fts_terms WHERE term >= :lo AND term < :hi", err)) ||
        bind_filter(st, f, err) != 0)
        return -1;
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

int model_count(struct model *m, const struct model_filter *filter, int64_t *out,
                struct rf_error *err)
{
    struct sqlbuf b = {.n = 0};
    sqlite3_stmt *st;

    if (daily_ok(filter)) {
        add(&b, "SELECT CAST(total(posts) AS INTEGER) FROM daily");
        where_daily(&b, filter);
    } else if (only_tag(filter)) {
        add(&b, "SELECT coalesce((SELECT posts FROM tag_counts WHERE tag = :tag), 0)");
    } else if (search_only(filter) && !short_search(filter)) {
        /* Every row of the index is a post: no need to visit the posts
         * (a tenth of the time for a common search). */
        add(&b, "SELECT count(*) FROM posts_fts WHERE posts_fts MATCH :q");
    } else if (search_only(filter) && short_terms_ok(filter)) {
        int rc = count_short_terms(m, filter, out, err);
        return rc == 0 ? 0 : failed(m, err);
    } else {
        add(&b, "SELECT count(*)" POST_FROM);
        where_filter(&b, filter, true, COND_IN);
    }
    if (!(st = stmt(m, b.s, err)) || bind_filter(st, filter, err) != 0)
        return -1;
    return scalar(m, st, out, err) == 0 ? 0 : failed(m, err);
}

static int set_state(struct model *m, const char *sql, int64_t id, bool on,
                     struct rf_error *err)
{
    sqlite3_stmt *st;
    int rc;

    if (db_readonly(m->db)) {
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

int model_set_starred(struct model *m, int64_t id, bool on, struct rf_error *err)
{
    return set_state(m,
                     "INSERT INTO state(platform, ext_id, starred)"
                     " SELECT platform, ext_id, :on FROM posts WHERE id = :id"
                     " ON CONFLICT(platform, ext_id) DO UPDATE SET starred = excluded.starred",
                     id, on, err);
}

int model_set_read(struct model *m, int64_t id, bool on, struct rf_error *err)
{
    return set_state(m,
                     "INSERT INTO state(platform, ext_id, read)"
                     " SELECT platform, ext_id, :on FROM posts WHERE id = :id"
                     " ON CONFLICT(platform, ext_id) DO UPDATE SET read = excluded.read",
                     id, on, err);
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

static int64_t day_start(int64_t day)
{
    if (day > INT64_MAX / 86400)
        return INT64_MAX;
    if (day < INT64_MIN / 86400)
        return INT64_MIN;
    return day * 86400;
}

static int stats_days(struct model *m, const struct model_filter *f, struct model_stats *out,
                      struct rf_error *err)
{
    struct sqlbuf b = {.n = 0};
    sqlite3_stmt *st;
    size_t cap = 0;
    int rc;

    if (out->from_summary) {
        add(&b, "SELECT day, " SUM("posts") ", " SUM("CASE lang WHEN 'zh' THEN posts ELSE 0 END")
                ", " SUM("CASE lang WHEN 'en' THEN posts ELSE 0 END") ", " SUM("likes")
                " FROM daily");
        where_daily(&b, f);
    } else {
        add(&b, "SELECT p.ts_utc / 86400, count(*), sum(p.lang = 'zh'), sum(p.lang = 'en'), "
                SUM("p.likes") POST_FROM);
        where_filter(&b, f, true, COND_IN);
    }
    add(&b, " GROUP BY 1 ORDER BY 1");
    if (!(st = stmt(m, b.s, err)) || bind_filter(st, f, err) != 0)
        return -1;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct model_day *d;
        if (out->ndays == cap) {
            struct model_day *p = realloc(out->days, (cap = cap ? cap * 2 : 64) * sizeof *p);
            if (!p) {
                sqlite3_reset(st);
                rf_error_set(err, "out of memory");
                return -1;
            }
            out->days = p;
        }
        d = &out->days[out->ndays++];
        d->day = day_start(sqlite3_column_int64(st, 0));
        d->posts = sqlite3_column_int64(st, 1);
        d->posts_zh = sqlite3_column_int64(st, 2);
        d->posts_en = sqlite3_column_int64(st, 3);
        d->likes = sqlite3_column_int64(st, 4);
        out->posts = add_sat(out->posts, d->posts);
        out->posts_zh = add_sat(out->posts_zh, d->posts_zh);
        out->posts_en = add_sat(out->posts_en, d->posts_en);
        out->likes = add_sat(out->likes, d->likes);
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : step_error(m, err);
}

static bool filter_empty(const struct model_filter *f)
{
    return !f || (!f->has_from && !f->has_to && !f->lang && !f->platform && !f->tag &&
                  !f->provenance && !f->starred_only && !has_search(f));
}

static int stats_tags(struct model *m, const struct model_filter *f, size_t top,
                      struct model_stats *out, struct rf_error *err)
{
    struct sqlbuf b = {.n = 0};
    sqlite3_stmt *st;
    int rc;

    if (filter_empty(f)) {
        add(&b, "SELECT tag, posts FROM tag_counts ORDER BY posts DESC, tag LIMIT :n");
    } else if (search_only(f) && (!short_search(f) || short_terms_ok(f))) {
        /* The index gives the posts; their tags come from post_tags alone,
         * without reading each post (a third of the time at 640,000
         * matches). */
        add(&b, "SELECT tag, count(*) FROM post_tags WHERE post_id IN (%s) GROUP BY tag"
                " ORDER BY 2 DESC, 1 LIMIT :n",
            short_search(f) ? "SELECT doc FROM posts_fts_terms WHERE term >= :lo AND term < :hi"
                            : "SELECT rowid FROM posts_fts WHERE posts_fts MATCH :q");
    } else {
        add(&b, "SELECT t.tag, count(*) FROM post_tags t JOIN posts p ON p.id = t.post_id"
                " LEFT JOIN state s ON s.platform = p.platform AND s.ext_id = p.ext_id");
        where_filter(&b, f, true, COND_IN);
        add(&b, " GROUP BY t.tag ORDER BY 2 DESC, 1 LIMIT :n");
    }
    if (!(st = stmt(m, b.s, err)) || bind_filter(st, f, err) != 0)
        return -1;
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
                struct model_stats *out, struct rf_error *err)
{
    struct model_post_page page;

    memset(out, 0, sizeof *out);
    out->from_summary = daily_ok(filter);
    if (stats_days(m, filter, out, err) != 0 || stats_tags(m, filter, top, out, err) != 0 ||
        model_posts(m, filter, MODEL_SORT_LIKES, NULL, MODEL_FORWARD, top, &page, err) != 0) {
        model_stats_free(out);
        return failed(m, err);
    }
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
    for (size_t i = 0; i < NKINDS; i++)
        if (kinds & (1u << i))
            n += (size_t)snprintf(buf + n, size - n, "%s,", kind_names[i]);
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
    "   WHERE m.comment_id = c.id ORDER BY rowid))"                                          \
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
