#include "autoconfig.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "i18n.h"
#include "model.h"
#include "model_internal.h"
#include "model_sql.h"
#include "plan.h"
#include "sample.h"
#include "script.h"
#include "userstate.h"
#include "vocab.h"
#include "when.h"

/* VM steps between two calls of should_stop: a few hundred rows of a scan. */
#define PROGRESS_STEPS 4000

struct db *model_cache(struct model *m)
{
    return m->db;
}

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

/* refuge_contains(text, query): 1 when the query occurs in the text, ASCII
 * letters and Chinese scripts folded (script_find()); 0 for a NULL text. */
static void free_matcher(void *q)
{
    script_matcher_free(q);
}

static void contains_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    const char *s = (const char *)sqlite3_value_text(argv[0]);
    const char *query = (const char *)sqlite3_value_text(argv[1]);
    size_t n = (size_t)sqlite3_value_bytes(argv[0]), qn = (size_t)sqlite3_value_bytes(argv[1]);
    struct script_matcher *q = sqlite3_get_auxdata(ctx, 1);
    size_t len;

    (void)argc;
    if (!s || !query) {
        sqlite3_result_int(ctx, 0);
        return;
    }
    /* A bound query is compiled once per statement; SQLite keeps it while
     * the value stays the same. */
    if (!q && (q = script_matcher_new(query, qn))) {
        sqlite3_set_auxdata(ctx, 1, q, free_matcher);
        q = sqlite3_get_auxdata(ctx, 1);
    }
    sqlite3_result_int(ctx, q ? script_matcher_in(q, s, n) : script_find(s, n, 0, query, qn, &len) >= 0);
}

/* The model's own SQL functions on its connection, at every open: refuge_rank()
 * for samples (model_filter.sample), refuge_contains() for searches in
 * either Chinese script. Returns 0, or -1 with err set. */
static int register_functions(sqlite3 *sql, struct rf_error *err)
{
    if (sample_register(sql) != SQLITE_OK ||
        sqlite3_create_function(sql, "refuge_contains", 2,
                                SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
                                contains_fn, NULL, NULL) != SQLITE_OK) {
        rf_error_set(err, "cache: %s", sqlite3_errmsg(sql));
        return -1;
    }
    return 0;
}

struct model *model_new(struct db *db, struct rf_error *err)
{
    struct model *m = calloc(1, sizeof *m);

    if (!m) {
        rf_error_set(err, _("out of memory"));
        return NULL;
    }
    m->db = db;
    m->sql = db_sql(db);
    m->file = 1;
    m->user = userstate_schema(db);
    if (register_functions(m->sql, err) != 0 || db_data_version(db, &m->data_version, err) != 0) {
        free(m);
        return NULL;
    }
    {
        /* A cache opened without its user tables (a test's) has no codes. */
        char *q = sqlite3_mprintf("SELECT 1 FROM %s.sqlite_master WHERE name = 'code_apps'",
                                  m->user);
        sqlite3_stmt *st;
        if (q && sqlite3_prepare_v2(m->sql, q, -1, &st, NULL) == SQLITE_OK) {
            m->codes = sqlite3_step(st) == SQLITE_ROW;
            sqlite3_finalize(st);
        }
        sqlite3_free(q);
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
    free(m->sample_ids);
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
        /* A new connection: without its functions every search would fail. */
        register_functions(m->sql, NULL);
        /* Another file: its versions count anew, so every memo of the old
         * one (stamped with its number) is stale from here. */
        m->file++;
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

int model_stamp_now(struct model *m, struct model_stamp *out, struct rf_error *err)
{
    out->file = m->file;
    out->own = sqlite3_total_changes64(m->sql);
    return db_data_version(m->db, &out->data, err);
}

int model_index_read(struct model *m, struct rf_error *err)
{
    sqlite3_stmt *st;
    struct model_stamp now;

    if (model_stamp_now(m, &now, err) != 0)
        return -1;
    if (model_stamp_same(&now, &m->index_stamp))
        return 0;
    /* Three lookups: a meta row, the rowid B-tree's last entry and the
     * per-day table; never a count of posts. */
    if (!(st = model_stmt(m, "SELECT " DB_INDEXED_POSTS ", (SELECT coalesce(max(id), 0)"
                             " FROM posts), (SELECT CAST(total(posts) AS INTEGER) FROM daily), "
                             DB_INDEXED_COMMENTS ", (SELECT coalesce(max(id), 0) FROM comments),"
                             " (SELECT CAST(total(comments) AS INTEGER) FROM comments_daily)",
                          err)))
        return -1;
    if (sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_reset(st);
        return model_step_error(m, err);
    }
    m->indexed = sqlite3_column_int64(st, 0);
    m->max_id = sqlite3_column_int64(st, 1);
    m->posts = sqlite3_column_int64(st, 2);
    m->cindexed = sqlite3_column_int64(st, 3);
    m->max_comment = sqlite3_column_int64(st, 4);
    m->comments = sqlite3_column_int64(st, 5);
    sqlite3_reset(st);
    m->index_stamp = now;
    return 0;
}

bool model_index_partial(const struct model *m)
{
    return m->indexed < m->max_id || m->cindexed < m->max_comment;
}

bool model_index_building(struct model *m, int *percent)
{
    int64_t waiting, total;

    if (model_index_read(m, NULL) != 0 || !model_index_partial(m))
        return false;
    total = m->posts + m->comments;
    /* Ids are given in order, so the rows above the watermarks are about
     * as many as the ids (exactly, unless some of them were deleted). */
    waiting = (m->max_id - m->indexed) + (m->max_comment - m->cindexed);
    if (waiting > total)
        waiting = total;
    *percent = total ? (int)((total - waiting) * 100 / total) : 0;
    if (*percent > 99)
        *percent = 99;
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
int model_failed(struct model *m, struct rf_error *err)
{
    if (!m->stopped)
        return -1;
    m->stopped = false;
    rf_error_set(err, _("interrupted"));
    return MODEL_INTERRUPTED;
}

/* The prepared statement for `sql`, reset and unbound, or NULL with err. */
sqlite3_stmt *model_stmt(struct model *m, const char *sql, struct rf_error *err)
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
            rf_error_set(err, _("out of memory"));
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
        rf_error_set(err, _("out of memory"));
        return NULL;
    }
    m->cache[m->ncache++].st = st;
    return st;
}

sqlite3 *model_sqlite(struct model *m)
{
    return m->sql;
}

int model_step_error(struct model *m, struct rf_error *err)
{
    rf_error_set(err, "cache: %s", sqlite3_errmsg(m->sql));
    return -1;
}

/* Binds a parameter by name when the statement has it. */
void model_bind_text(sqlite3_stmt *st, const char *name, const char *v)
{
    int i = sqlite3_bind_parameter_index(st, name);
    if (i)
        sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
}

void model_bind_int(sqlite3_stmt *st, const char *name, int64_t v)
{
    int i = sqlite3_bind_parameter_index(st, name);
    if (i)
        sqlite3_bind_int64(st, i, v);
}

/* A copy of a text column. A NUL inside it (only a damaged or hostile cache
 * holds one: the importer refuses them) becomes U+2400 "␀", so what follows
 * it is not cut off from every string function that reads the copy. */
char *model_dup_col(sqlite3_stmt *st, int i)
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
void model_read_offset(sqlite3_stmt *st, int i, bool *has, int *minutes)
{
    int64_t v = sqlite3_column_int64(st, i);

    *has = sqlite3_column_type(st, i) != SQLITE_NULL && v >= -WHEN_OFFSET_MAX && v <= WHEN_OFFSET_MAX;
    *minutes = *has ? (int)v : 0;
}

int model_scalar(struct model *m, sqlite3_stmt *st, int64_t *out, struct rf_error *err)
{
    int rc = sqlite3_step(st);

    *out = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : model_step_error(m, err);
}

/* ---- SQL text ------------------------------------------------------------------- */

void model_sql_add(struct sqlbuf *b, const char *fmt, ...)
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
           !f->provenance && !f->starred_only && !f->marked_only && !f->code && !f->sample &&
           !has_search(f) && !f->author;
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
        label_part(buf, size, &used, keyed, _("lang "), "%s", f->lang);
    if (f->platform)
        label_part(buf, size, &used, keyed, _("platform "), "%s", f->platform);
    if (f->tag)
        label_part(buf, size, &used, keyed, _("tag "), "#%s", f->tag);
    if (f->starred_only)
        label_part(buf, size, &used, keyed, "", _("starred"));
    if (f->marked_only)
        label_part(buf, size, &used, keyed, "", _("marked"));
    if (f->provenance)
        label_part(buf, size, &used, keyed, _("provenance "), "%s", f->provenance);
    if (f->code)
        label_part(buf, size, &used, keyed, _("code "), keyed ? "%s" : _("code %s"), f->code);
    if (f->author)
        label_part(buf, size, &used, keyed, _("author "), "%s%s", keyed ? "" : _("by "), f->author);
    if (has_search(f))
        label_part(buf, size, &used, keyed, "", _("search \"%s\"%s"), f->search,
                   f->with_comments ? _(" with comments") : "");
    if (f->sample)
        label_part(buf, size, &used, keyed, _("sample "),
                   keyed ? _("%lld seed %llu") : _("sample %lld (seed %llu)"), (long long)f->sample,
                   (unsigned long long)f->seed);
    return used > start;
}

/* The conditions of a plan's filter over posts p LEFT JOIN state s, after
 * a WHERE. */
const char *model_search_ids(const struct plan *plan)
{
    if (plan->search == PLAN_PHRASE && plan->index_partial && plan->comments)
        return plan->meta ? PARTIAL_IDS META_IDS COMMENT_IDS COMMENT_TAIL_IDS
                          : PARTIAL_IDS COMMENT_IDS COMMENT_TAIL_IDS;
    if (plan->search == PLAN_PHRASE && plan->index_partial)
        return plan->meta ? PARTIAL_IDS META_IDS : PARTIAL_IDS;
    if (plan->search == PLAN_PHRASE && plan->comments)
        return plan->meta ? PHRASE_IDS META_IDS COMMENT_IDS : PHRASE_IDS COMMENT_IDS;
    if (plan->search == PLAN_PHRASE)
        return plan->meta ? PHRASE_IDS META_IDS : PHRASE_IDS;
    if (plan->search == PLAN_SHORT && plan->short_terms && plan->scripts)
        return plan->meta ? TERMS_IDS_SCRIPTS META_IDS : TERMS_IDS_SCRIPTS;
    if (plan->search == PLAN_SHORT && plan->short_terms)
        return plan->meta ? TERMS_IDS META_IDS : TERMS_IDS;
    return NULL;
}

/* True when the filter (the sample aside) has a condition answered by a
 * set of posts: a tag, a search, an author, stars, marks or a code. */
static bool has_sets(const struct plan *plan)
{
    const struct model_filter *f = plan->filter;

    return f->tag || f->author || f->starred_only || f->marked_only || f->code ||
           plan->form != PLAN_WORDS || plan->search != PLAN_NO_SEARCH;
}

/* A sample: the posts of the rest of the filter with the lowest ranks
 * (sample.h), chosen once per statement by an uncorrelated subquery that
 * holds every other condition of the filter. Ranking reads each
 * candidate's platform and ext_id: when the rest is conditions on columns
 * (language, platform, time, provenance) they come from a scan of the
 * posts' (platform, ext_id) index that tests each entry against the
 * rest's ids, not from the rows (reading the rows of half a million posts
 * of one language took 3.6 s at 1M); the rest's sets (a tag's, a
 * code's...) are few posts, read by id. The inner p and s shadow the
 * outer ones. */
static void where_sample(struct sqlbuf *b, const struct plan *plan)
{
    struct model_filter rest = *plan->filter;
    struct plan inner = *plan;
    const char *user = plan->user ? plan->user : "main";
    const char *ranked = "k";

    rest.sample = 0;
    inner.filter = &rest;
    if (plan->sample_ids) {
        model_sql_add(b, " AND p.id IN (SELECT value FROM json_each(:sample_ids))");
        return;
    }
    if (model_filter_is_empty(&rest)) {
        model_sql_add(b, " AND p.id IN (SELECT k.id FROM posts k");
    } else if (has_sets(&inner)) {
        ranked = "p";
        model_sql_add(b, " AND p.id IN (SELECT p.id" POST_FROM, user);
        model_where_filter(b, &inner, COND_ALL);
    } else {
        model_sql_add(b, " AND p.id IN (SELECT k.id FROM posts k WHERE +k.id IN (SELECT p.id"
                         POST_FROM, user);
        model_where_filter(b, &inner, COND_ALL);
        model_sql_add(b, ")");
    }
    model_sql_add(b, " ORDER BY refuge_rank(:seed, %s.platform, %s.ext_id) LIMIT :sample)",
                  ranked, ranked);
}

void model_where_filter(struct sqlbuf *b, const struct plan *plan, enum cond_style style)
{
    const struct model_filter *f = plan->filter;
    /* Sets behind a unary + are tested per row, never walked. */
    const char *set = style == COND_SETS || style == COND_TESTS ? "+" : "";
    /* Stars, marks and codes are the user's (userstate.h): sets of posts
     * reached from the user table through the posts' (platform, ext_id)
     * index. Common ones are tested along a walk of the order's index;
     * rare ones, and in counts (COND_ALL), their posts are read by id. */
    const char *mine = style == COND_TESTS || (style != COND_ALL && plan->user_common) ? "+" : "";
    const char *user = plan->user ? plan->user : "main";
    bool all = style == COND_ALL || style == COND_TESTS;

    model_sql_add(b, " WHERE 1");
    /* The sample's subquery holds every other condition. */
    if (f->sample) {
        where_sample(b, plan);
        return;
    }
    if (f->has_from)
        model_sql_add(b, " AND p.ts_utc >= :from");
    if (f->has_to)
        model_sql_add(b, " AND p.ts_utc < :to");
    if (f->lang)
        model_sql_add(b, " AND p.lang = :lang");
    if (f->platform)
        model_sql_add(b, " AND p.platform = :platform");
    if (f->provenance)
        model_sql_add(b, " AND p.provenance = :prov");
    if (f->starred_only)
        model_sql_add(b, " AND %sp.id IN (SELECT sp.id FROM %s.state st JOIN posts sp"
                         " ON sp.platform = st.platform AND sp.ext_id = st.ext_id"
                         " WHERE st.starred = 1)",
                      mine, user);
    if (f->marked_only)
        model_sql_add(b, " AND %sp.id IN (SELECT kp.id FROM %s.marks k JOIN posts kp"
                         " ON kp.platform = k.platform AND kp.ext_id = k.ext_id)",
                      mine, user);
    if (f->code)
        model_sql_add(b, " AND %sp.id IN (SELECT cp.id FROM %s.code_apps c JOIN posts cp"
                         " ON cp.platform = c.platform AND cp.ext_id = c.ext_id"
                         " WHERE c.code = :code AND c.kind = 'post')",
                      mine, user);
    if (f->author)
        model_sql_add(b, " AND " AUTHOR_POSTS);
    if (style == COND_CHEAP)
        return;
    if (f->tag)
        model_sql_add(b, " AND %sp.id IN (SELECT post_id FROM post_tags WHERE tag = :tag)", set);
    if (plan->form == PLAN_TAG)
        model_sql_add(b, " AND %sp.id IN (" NAMED_TAG_POSTS ")", set);
    /* An author's posts are few: read through the name's index and sorted,
     * even where the walk along the order's index would test a set. */
    if (plan->form == PLAN_AUTHOR)
        model_sql_add(b, " AND " NAMED_AUTHOR_POSTS);
    if (plan->search == PLAN_PHRASE)
        model_sql_add(b, " AND %sp.id IN (%s)", set, model_search_ids(plan));
    if (plan->search == PLAN_SHORT && all) {
        /* The index's trigrams that start with the query hold every post
         * that contains it (see plan.h). */
        if (plan->short_terms)
            model_sql_add(b, " AND %sp.id IN (%s)", set, model_search_ids(plan));
        /* A search with script variants compares folded characters. */
        if (!(plan->short_terms && plan->meta))
            model_sql_add(b,
                          plan->scripts
                              ? " AND (refuge_contains(p.text, :q)"
                                " OR refuge_contains(p.translation, :q)%s%s)"
                              : " AND (instr(lower(p.text), lower(:q)) > 0"
                                " OR instr(lower(coalesce(p.translation, '')), lower(:q)) > 0%s%s)",
                          plan->meta ? " OR p.id IN (" META_TAG_POSTS ") OR p.author_id IN ("
                                       META_AUTHORS ")"
                                     : "",
                          plan->comments ? " OR " COMMENT_HAS_SHORT : "");
    }
}

void model_where(const struct plan *plan, char *buf, size_t size)
{
    struct sqlbuf b = {.n = 0};

    model_where_filter(&b, plan, COND_ALL);
    snprintf(buf, size, "%s", b.s);
}

const char *model_user_schema(const struct model *m)
{
    return m->user;
}

/* Binds every parameter of the plan that the statement has: the phrase and
 * the folded forms were made once, by plan_init(). */
void model_bind_plan(sqlite3_stmt *st, const struct plan *plan)
{
    const struct model_filter *f = plan->filter;

    model_bind_int(st, ":from", f->from);
    model_bind_int(st, ":to", f->to);
    if (f->lang)
        model_bind_text(st, ":lang", f->lang);
    if (f->platform)
        model_bind_text(st, ":platform", f->platform);
    if (f->tag)
        model_bind_text(st, ":tag", f->tag);
    if (f->provenance)
        model_bind_text(st, ":prov", f->provenance);
    if (f->code)
        model_bind_text(st, ":code", f->code);
    if (f->sample) {
        model_bind_int(st, ":seed", (int64_t)f->seed);
        model_bind_int(st, ":sample", f->sample);
    }
    if (f->author)
        model_bind_text(st, ":author", f->author);
    if (plan->search == PLAN_PHRASE) {
        model_bind_text(st, ":q", plan->phrase);
        model_bind_int(st, ":exact", plan->index_exact);
    }
    if (plan->search == PLAN_SHORT)
        model_bind_text(st, ":q", plan->term);
    if (plan->term)
        model_bind_text(st, ":term", plan->term);
    if (plan->spellings)
        model_bind_text(st, ":spellings", plan->spellings);
    if (plan->short_terms) {
        model_bind_text(st, ":lo", plan->folded);
        model_bind_text(st, ":hi", plan->upper);
    }
    if (plan->index_partial) {
        model_bind_int(st, ":indexed", plan->indexed);
        model_bind_int(st, ":cindexed", plan->comments_indexed);
    }
    if (plan->ranges)
        model_bind_text(st, ":ranges", plan->ranges);
    if (plan->sample_ids)
        model_bind_text(st, ":sample_ids", plan->sample_ids);
}
