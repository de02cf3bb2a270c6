/* model_thread.c — one post's comments as a tree (contract in model_thread.h). */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "i18n.h"
#include "model_sql.h"
#include "model_thread.h"
#include "when.h"

/* A comment's place among its siblings: grouped by parent, then by key. */
struct slot {
    long parent;
    int64_t key; /* likes for MODEL_THREAD_LIKES, 0 for time (the index is) */
    size_t idx;
};

static int by_slot(const void *a, const void *b)
{
    const struct slot *x = a, *y = b;

    if (x->parent != y->parent)
        return x->parent < y->parent ? -1 : 1;
    if (x->key != y->key)
        return x->key > y->key ? -1 : 1;
    return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* A comment's id and index, to sort t->by_id. */
struct id_index {
    int64_t id;
    size_t idx;
};

static int by_id(const void *a, const void *b)
{
    const struct id_index *x = a, *y = b;
    return x->id < y->id ? -1 : x->id > y->id;
}

/* The index in t->nodes of comment `id`, or -1. */
static long find(const struct model_thread *t, int64_t id)
{
    size_t lo = 0, hi = t->count;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int64_t v = t->nodes[t->by_id[mid]].id;
        if (v == id)
            return (long)t->by_id[mid];
        if (v < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

/* What a walk of the tree needs: the children of node p are
 * slots[start[p + 2] - 1] down to slots[start[p + 1]] (p = -1: the comments
 * on the post), seen marks the nodes placed. */
struct walk {
    struct model_thread *t;
    const struct slot *slots;
    const size_t *start;
    size_t *stack;
    bool *seen;
    size_t out;
};

/* Places node `root` and everything under it, depth first. */
static void walk_from(struct walk *w, size_t root)
{
    size_t nstack = 0;

    w->t->nodes[root].depth = 0;
    w->stack[nstack++] = root;
    while (nstack > 0) {
        size_t n = w->stack[--nstack];
        if (w->seen[n])
            continue;
        w->seen[n] = true;
        w->t->order[w->out++] = n;
        if (w->t->nodes[n].depth > w->t->max_depth)
            w->t->max_depth = w->t->nodes[n].depth;
        /* Pushed last first, so the first child comes out first. */
        for (size_t k = w->start[n + 2]; k > w->start[n + 1]; k--) {
            size_t c = w->slots[k - 1].idx;
            if (!w->seen[c]) {
                w->t->nodes[c].depth = w->t->nodes[n].depth + 1;
                w->stack[nstack++] = c;
            }
        }
    }
}

/* Depth first from each comment on the post, in order; then from the
 * oldest comment of each circle of replies, which no walk reaches. */
void model_thread_sort(struct model_thread *t, enum model_thread_sort sort)
{
    struct slot *slots;
    size_t *start, *stack;
    bool *seen;

    t->sort = sort;
    t->max_depth = 0;
    if (t->count == 0)
        return;
    slots = malloc(t->count * sizeof *slots);
    start = calloc(t->count + 2, sizeof *start);
    /* A node is pushed once per parent walk that meets it unseen: at most
     * once per edge, plus the root. */
    stack = malloc((t->count + 1) * sizeof *stack);
    seen = calloc(t->count, sizeof *seen);
    if (!slots || !start || !stack || !seen) {
        /* Out of memory: oldest first, flat. */
        for (size_t i = 0; i < t->count; i++)
            t->order[i] = i;
        free(slots), free(start), free(stack), free(seen);
        return;
    }
    for (size_t i = 0; i < t->count; i++)
        slots[i] = (struct slot){.parent = t->nodes[i].parent,
                                 .key = sort == MODEL_THREAD_LIKES ? t->nodes[i].likes : 0,
                                 .idx = i};
    qsort(slots, t->count, sizeof *slots, by_slot);
    for (size_t i = 0; i < t->count; i++)
        start[(size_t)(slots[i].parent + 2)]++;
    for (size_t i = 1; i < t->count + 2; i++)
        start[i] += start[i - 1];
    struct walk w = {.t = t, .slots = slots, .start = start, .stack = stack, .seen = seen};
    for (size_t k = start[0]; k < start[1]; k++)
        walk_from(&w, slots[k].idx);
    for (size_t i = 0; i < t->count && w.out < t->count; i++) {
        size_t on = i, oldest;
        if (seen[i])
            continue;
        /* Up its parents as many steps as there are comments: that is
         * inside the circle it hangs from; start at the circle's oldest. */
        for (size_t k = 0; k < t->count && t->nodes[on].parent >= 0; k++)
            on = (size_t)t->nodes[on].parent;
        oldest = on;
        for (size_t k = (size_t)t->nodes[on].parent; k != on && t->nodes[k].parent >= 0;
             k = (size_t)t->nodes[k].parent)
            if (k < oldest)
                oldest = k;
        walk_from(&w, oldest);
    }
    free(slots);
    free(start);
    free(stack);
    free(seen);
}

/* The platform's ids of a thread's comments while it is read: each node's
 * ext_id and parent_ext_id as offsets into one string arena. */
struct ext_ids {
    struct buf_text arena;
    struct ext_ref {
        size_t ext, parent; /* offsets in arena; parent SIZE_MAX: none */
    } *refs;
    size_t cap;
};

/* An ext_id and its node, to sort and search by ext_id. */
struct ext_index {
    const char *ext;
    size_t idx;
};

static int by_ext(const void *a, const void *b)
{
    return strcmp(((const struct ext_index *)a)->ext, ((const struct ext_index *)b)->ext);
}

/* Appends a column to the arena; returns its offset, or SIZE_MAX for NULL
 * (or when memory ran out). */
static size_t arena_add(struct buf_text *arena, sqlite3_stmt *st, int col)
{
    const char *s = (const char *)sqlite3_column_text(st, col);
    size_t at = arena->len, n;

    if (!s)
        return SIZE_MAX;
    /* With its NUL: the next string starts after. Copied, not formatted:
     * printf was a twentieth of listing every comment. */
    n = strlen(s) + 1;
    if (!buf_grow((void **)&arena->s, &arena->cap, at + n, 1))
        return SIZE_MAX;
    memcpy(arena->s + at, s, n);
    arena->len += n;
    return at;
}

/* Sets each node's parent: the comment of this thread whose ext_id is its
 * parent_ext_id (looked up here, not joined in SQL: a B-tree probe per
 * comment was most of the time to open a large thread). A parent on
 * another post, or the comment itself, is no parent here. */
static int link_parents(struct model_thread *t, const struct ext_ids *x)
{
    struct ext_index *by = malloc((t->count ? t->count : 1) * sizeof *by);

    if (!by)
        return -1;
    for (size_t i = 0; i < t->count; i++)
        by[i] = (struct ext_index){x->arena.s + x->refs[i].ext, i};
    qsort(by, t->count, sizeof *by, by_ext);
    for (size_t i = 0; i < t->count; i++) {
        struct ext_index key, *hit;
        t->nodes[i].parent = -1;
        if (x->refs[i].parent == SIZE_MAX)
            continue;
        key.ext = x->arena.s + x->refs[i].parent;
        hit = bsearch(&key, by, t->count, sizeof *by, by_ext);
        if (hit && hit->idx != i)
            t->nodes[i].parent = (long)hit->idx;
    }
    free(by);
    return 0;
}

static int index_ids(struct model_thread *t)
{
    struct id_index *ids = malloc((t->count ? t->count : 1) * sizeof *ids);

    if (!ids)
        return -1;
    for (size_t i = 0; i < t->count; i++)
        ids[i] = (struct id_index){t->nodes[i].id, i};
    qsort(ids, t->count, sizeof *ids, by_id);
    for (size_t i = 0; i < t->count; i++)
        t->by_id[i] = ids[i].idx;
    free(ids);
    return 0;
}

int model_thread_open(struct model *m, const char *platform, const char *post_ext_id,
                      enum model_thread_sort sort, struct model_thread *out,
                      struct rf_error *err)
{
    /* The comments_by_post index gives the order. */
    return model_thread_read(m, platform, post_ext_id, sort,
                             "SELECT c.id, c.ts_utc, coalesce(c.likes, -1), c.ext_id,"
                             " c.parent_ext_id FROM comments c"
                             " WHERE c.platform = :platform AND c.post_ext_id = :post"
                             " ORDER BY c.ts_utc, c.id",
                             NULL, NULL, out, err);
}

int model_thread_read(struct model *m, const char *platform, const char *post_ext_id,
                      enum model_thread_sort sort, const char *sql,
                      bool (*keep)(void *arg, sqlite3_stmt *st, size_t i), void *arg,
                      struct model_thread *out, struct rf_error *err)
{
    struct ext_ids x = {{0}};
    sqlite3_stmt *st;
    size_t cap = 0;
    int rc = SQLITE_NOMEM;

    memset(out, 0, sizeof *out);
    if (!(out->platform = strdup(platform)) || !(out->post_ext_id = strdup(post_ext_id)))
        goto fail;
    if (!(st = model_stmt(m, sql, err))) {
        model_thread_free(out);
        return -1;
    }
    sqlite3_bind_text(st, sqlite3_bind_parameter_index(st, ":platform"), platform, -1,
                      SQLITE_TRANSIENT);
    sqlite3_bind_text(st, sqlite3_bind_parameter_index(st, ":post"), post_ext_id, -1,
                      SQLITE_TRANSIENT);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        size_t n = out->count;
        if (!buf_grow((void **)&out->nodes, &cap, n + 1, sizeof *out->nodes) ||
            !buf_grow((void **)&x.refs, &x.cap, n + 1, sizeof *x.refs) ||
            (x.refs[n].ext = arena_add(&x.arena, st, 3)) == SIZE_MAX ||
            (keep && !keep(arg, st, n))) {
            rc = SQLITE_NOMEM;
            break;
        }
        x.refs[n].parent = arena_add(&x.arena, st, 4);
        out->nodes[n] = (struct model_thread_node){
            .id = sqlite3_column_int64(st, 0),
            .ts_utc = sqlite3_column_int64(st, 1),
            .likes = sqlite3_column_int64(st, 2) < 0 ? -1 : sqlite3_column_int64(st, 2),
            .parent = -1};
        out->count++;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        if (rc != SQLITE_NOMEM) {
            rf_error_set(err, "%s", sqlite3_errmsg(model_sqlite(m)));
            free(x.arena.s);
            free(x.refs);
            model_thread_free(out);
            return -1;
        }
        goto fail;
    }
    out->order = malloc((out->count ? out->count : 1) * sizeof *out->order);
    out->by_id = malloc((out->count ? out->count : 1) * sizeof *out->by_id);
    if (!out->order || !out->by_id || index_ids(out) != 0 || link_parents(out, &x) != 0)
        goto fail;
    free(x.arena.s);
    free(x.refs);
    model_thread_sort(out, sort);
    return 0;
fail:
    free(x.arena.s);
    free(x.refs);
    model_thread_free(out);
    rf_error_set(err, _("out of memory"));
    return -1;
}

size_t model_thread_position(const struct model_thread *t, int64_t id)
{
    for (size_t pos = 0; pos < t->count; pos++)
        if (t->nodes[t->order[pos]].id == id)
            return pos;
    return t->count;
}

void model_thread_free(struct model_thread *t)
{
    free(t->platform);
    free(t->post_ext_id);
    free(t->nodes);
    free(t->order);
    free(t->by_id);
    memset(t, 0, sizeof *t);
}

/* ---- the comments on screen ---------------------------------------------------- */

enum {
    COL_ID, COL_AUTHOR, COL_KEY, COL_REGION, COL_LANG, COL_TS, COL_OFFSET, COL_BASIS,
    COL_TEXT, COL_TEXT_CUT, COL_TRANS, COL_TRANS_CUT, COL_LIKES, COL_AT_LEAST, COL_REPLIES,
    COL_TRANS_KIND, COL_TRANS_BY, COL_PLATFORM, COL_EXT_ID
};

static char *opt_col(sqlite3_stmt *st, int i)
{
    return sqlite3_column_type(st, i) == SQLITE_NULL ? NULL : model_dup_col(st, i);
}

int model_thread_comments(struct model *m, const struct model_thread *t, size_t first, size_t n,
                          size_t max_bytes, struct model_thread_comment *out, size_t *got,
                          struct rf_error *err)
{
    struct buf_text ids = {0};
    sqlite3_stmt *st;
    int rc;

    *got = 0;
    if (first >= t->count)
        return 0;
    if (n > t->count - first)
        n = t->count - first;
    memset(out, 0, n * sizeof *out);
    buf_appendf(&ids, "[");
    for (size_t i = 0; i < n; i++)
        buf_appendf(&ids, "%s%lld", i ? "," : "", (long long)t->nodes[t->order[first + i]].id);
    if (!buf_appendf(&ids, "]")) {
        free(ids.s);
        rf_error_set(err, _("out of memory"));
        return -1;
    }
    /* A text is cut as bytes, so a huge one is never copied whole. */
#define CUT(col)                                                                            \
    " CASE WHEN :max > 0 AND length(CAST(" col " AS BLOB)) > :max"                          \
    " THEN substr(CAST(" col " AS BLOB), 1, :max) ELSE " col " END,"                        \
    " :max > 0 AND length(CAST(" col " AS BLOB)) > :max,"
    if (!(st = model_stmt(m,
                          "SELECT c.id, c.author, CASE a.keyed WHEN 1 THEN a.key END, c.region,"
                          " c.lang, c.ts_utc, c.utc_offset, c.time_basis," CUT("c.text")
                              CUT("c.translation") " c.likes, c.likes_at_least, c.replies,"
                          " c.translation_kind, c.translation_by, c.platform, c.ext_id"
                          " FROM comments c LEFT JOIN authors a ON a.id = c.author_id"
                          " WHERE c.id IN (SELECT value FROM json_each(:ids))",
                          err))) {
        free(ids.s);
        return -1;
    }
#undef CUT
    sqlite3_bind_text(st, sqlite3_bind_parameter_index(st, ":ids"), ids.s, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":max"), (sqlite3_int64)max_bytes);
    free(ids.s);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, COL_ID);
        struct model_thread_comment *c = NULL;
        size_t i;

        for (i = 0; i < n && !c; i++)
            if (t->nodes[t->order[first + i]].id == id)
                c = &out[i];
        if (!c || c->text)
            continue;
        c->id = id;
        c->depth = t->nodes[t->order[first + i - 1]].depth;
        c->author = opt_col(st, COL_AUTHOR);
        c->author_key = opt_col(st, COL_KEY);
        c->region = opt_col(st, COL_REGION);
        c->lang = opt_col(st, COL_LANG);
        c->ts_utc = sqlite3_column_int64(st, COL_TS);
        c->has_offset = sqlite3_column_type(st, COL_OFFSET) != SQLITE_NULL &&
                        sqlite3_column_int64(st, COL_OFFSET) >= -WHEN_OFFSET_MAX &&
                        sqlite3_column_int64(st, COL_OFFSET) <= WHEN_OFFSET_MAX;
        c->utc_offset = c->has_offset ? sqlite3_column_int(st, COL_OFFSET) : 0;
        c->time_basis = opt_col(st, COL_BASIS);
        c->text = model_dup_col(st, COL_TEXT);
        c->text_cut = sqlite3_column_int(st, COL_TEXT_CUT) != 0;
        c->translation = opt_col(st, COL_TRANS);
        c->translation_cut = sqlite3_column_int(st, COL_TRANS_CUT) != 0;
        c->has_likes = sqlite3_column_type(st, COL_LIKES) != SQLITE_NULL;
        c->likes = sqlite3_column_int64(st, COL_LIKES);
        c->likes_at_least = sqlite3_column_int(st, COL_AT_LEAST) != 0;
        c->has_replies = sqlite3_column_type(st, COL_REPLIES) != SQLITE_NULL;
        c->replies = sqlite3_column_int64(st, COL_REPLIES);
        c->translation_kind = opt_col(st, COL_TRANS_KIND);
        c->translation_by = opt_col(st, COL_TRANS_BY);
        c->platform = opt_col(st, COL_PLATFORM);
        c->ext_id = opt_col(st, COL_EXT_ID);
        if (!c->text)
            c->text = strdup("");
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        rf_error_set(err, "%s", sqlite3_errmsg(model_sqlite(m)));
        model_thread_comments_free(out, n);
        return -1;
    }
    /* A comment deleted since the thread opened: an empty row in its place. */
    for (size_t i = 0; i < n; i++)
        if (!out[i].text) {
            out[i].id = t->nodes[t->order[first + i]].id;
            out[i].depth = t->nodes[t->order[first + i]].depth;
            out[i].text = strdup("");
        }
    *got = n;
    return 0;
}

void model_thread_comments_free(struct model_thread_comment *c, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(c[i].author);
        free(c[i].author_key);
        free(c[i].region);
        free(c[i].lang);
        free(c[i].time_basis);
        free(c[i].text);
        free(c[i].translation);
        free(c[i].translation_kind);
        free(c[i].translation_by);
        free(c[i].platform);
        free(c[i].ext_id);
        memset(&c[i], 0, sizeof c[i]);
    }
}

/* ---- counts ---------------------------------------------------------------------- */

/* Appends s to a JSON string literal (quotes and backslashes escaped; the
 * ids are the platforms' and hold no controls, but a cache may). */
static void json_string(struct buf_text *b, const char *s)
{
    buf_appendf(b, "\"");
    for (; s && *s; s++) {
        if (*s == '"' || *s == '\\')
            buf_appendf(b, "\\%c", *s);
        else if ((unsigned char)*s < 0x20)
            buf_appendf(b, "\\u%04x", (unsigned char)*s);
        else
            buf_appendf(b, "%c", *s);
    }
    buf_appendf(b, "\"");
}

int model_thread_counts(struct model *m, const struct model_post *posts, size_t n, int64_t *out,
                        struct rf_error *err)
{
    struct buf_text pairs = {0};
    sqlite3_stmt *st;
    int rc;

    for (size_t i = 0; i < n; i++)
        out[i] = 0;
    if (n == 0)
        return 0;
    buf_appendf(&pairs, "[");
    for (size_t i = 0; i < n; i++) {
        buf_appendf(&pairs, "%s[", i ? "," : "");
        json_string(&pairs, posts[i].platform);
        buf_appendf(&pairs, ",");
        json_string(&pairs, posts[i].ext_id);
        buf_appendf(&pairs, "]");
    }
    if (!buf_appendf(&pairs, "]")) {
        free(pairs.s);
        rf_error_set(err, _("out of memory"));
        return -1;
    }
    /* Each post's count is a range of the comments_by_post index. */
    if (!(st = model_stmt(m,
                          "SELECT j.key, (SELECT count(*) FROM comments c"
                          " WHERE c.platform = j.value ->> 0 AND c.post_ext_id = j.value ->> 1)"
                          " FROM json_each(:pairs) j",
                          err))) {
        free(pairs.s);
        return -1;
    }
    sqlite3_bind_text(st, sqlite3_bind_parameter_index(st, ":pairs"), pairs.s, -1,
                      SQLITE_TRANSIENT);
    free(pairs.s);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t i = sqlite3_column_int64(st, 0);
        if (i >= 0 && (size_t)i < n)
            out[i] = sqlite3_column_int64(st, 1);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        rf_error_set(err, "%s", sqlite3_errmsg(model_sqlite(m)));
        return -1;
    }
    return 0;
}

/* ---- search ---------------------------------------------------------------------- */

int model_thread_search(struct model *m, struct model_thread *t, const char *query,
                        struct rf_error *err)
{
    sqlite3_stmt *st;
    int rc;

    for (size_t i = 0; i < t->count; i++)
        t->nodes[i].hit = false;
    t->nhits = 0;
    if (!query || !query[0] || t->count == 0)
        return 0;
    /* The post's comments through their index, tested in SQL: a thread is
     * thousands of rows, not the cache's million. */
    if (!(st = model_stmt(m,
                          "SELECT id FROM comments WHERE platform = :platform"
                          " AND post_ext_id = :post AND (refuge_contains(text, :q)"
                          " OR refuge_contains(translation, :q))",
                          err)))
        return -1;
    sqlite3_bind_text(st, sqlite3_bind_parameter_index(st, ":platform"), t->platform, -1,
                      SQLITE_TRANSIENT);
    sqlite3_bind_text(st, sqlite3_bind_parameter_index(st, ":post"), t->post_ext_id, -1,
                      SQLITE_TRANSIENT);
    sqlite3_bind_text(st, sqlite3_bind_parameter_index(st, ":q"), query, -1, SQLITE_TRANSIENT);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        long i = find(t, sqlite3_column_int64(st, 0));
        if (i >= 0 && !t->nodes[i].hit) {
            t->nodes[i].hit = true;
            t->nhits++;
        }
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        rf_error_set(err, "%s", sqlite3_errmsg(model_sqlite(m)));
        return -1;
    }
    return 0;
}

bool model_thread_next_hit(const struct model_thread *t, size_t from, bool forward, size_t *out)
{
    for (size_t k = 1; k <= t->count; k++) {
        size_t pos = forward ? (from + k) % t->count : (from + t->count - k % t->count) % t->count;
        if (t->nodes[t->order[pos]].hit) {
            *out = pos;
            return true;
        }
    }
    return false;
}
