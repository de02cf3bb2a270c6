/* model_sample.c — the posts of a sample drawn once in C, and kept.
 *
 * A sample (sample.h) is the N posts of the rest of the filter with the
 * lowest ranks. When the rest is conditions on columns (language,
 * platform, time, provenance, or nothing), its posts are many: SQL would
 * read each one's platform and ext_id from its row, or put every id of
 * the rest in a temporary index (5 s for the Chinese half of a million
 * posts). Here the rest's ids go into a bitmap, one scan of the posts'
 * (platform, ext_id) index ranks those it holds, and a heap keeps the N
 * lowest; the ids are kept for the model's session, so the next page, the
 * count and the stats of the same sample read them by id. A rest with sets
 * (a tag, a search, stars, marks, a code, an author) holds few posts: the
 * SQL shape reads them by id (model.c, where_sample()).
 */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "i18n.h"
#include "model_internal.h"
#include "sample.h"

/* A post and its rank, as SQL orders refuge_rank(): a signed 64-bit
 * integer. */
struct ranked {
    int64_t rank, id;
};

/* The heap keeps the n lowest ranks with the highest on top. */
static void sift_down(struct ranked *h, size_t n, size_t i)
{
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, top = i;
        if (l < n && h[l].rank > h[top].rank)
            top = l;
        if (r < n && h[r].rank > h[top].rank)
            top = r;
        if (top == i)
            return;
        struct ranked t = h[i];
        h[i] = h[top];
        h[top] = t;
        i = top;
    }
}

static void sift_up(struct ranked *h, size_t i)
{
    while (i > 0 && h[(i - 1) / 2].rank < h[i].rank) {
        struct ranked t = h[i];
        h[i] = h[(i - 1) / 2];
        h[(i - 1) / 2] = t;
        i = (i - 1) / 2;
    }
}

/* True when the rest of the filter (all but the sample) is conditions on
 * columns only: the ids are drawn here. */
static bool drawn_here(const struct plan *plan)
{
    const struct model_filter *f = plan->filter;

    return f->sample > 0 && !f->tag && !f->author && !f->starred_only && !f->marked_only &&
           !f->code && plan->form == PLAN_WORDS && plan->search == PLAN_NO_SEARCH;
}

/* What the kept ids were drawn for: the filter's parts that reach here. */
static void sample_key(const struct model_filter *f, char *buf, size_t size)
{
    snprintf(buf, size, "%lld|%llu|%s|%s|%s|%d:%lld|%d:%lld", (long long)f->sample,
             (unsigned long long)f->seed, f->lang ? f->lang : "", f->platform ? f->platform : "",
             f->provenance ? f->provenance : "", f->has_from, (long long)f->from, f->has_to,
             (long long)f->to);
}

/* The ids the rest of the filter selects (`inner`), as bits. Returns 0,
 * or -1 with err set. */
static int rest_bits(struct model *m, const struct plan *inner, struct model_bits *out,
                     struct rf_error *err)
{
    struct sqlbuf b = {.n = 0};
    sqlite3_stmt *st;
    int rc;

    *out = (struct model_bits){NULL, 0};
    if (model_index_read(m, err) != 0)
        return -1;
    model_sql_add(&b, "SELECT p.id" POST_FROM, m->user);
    model_where_filter(&b, inner, COND_ALL);
    if (!(st = model_stmt(m, b.s, err)))
        return -1;
    model_bind_plan(st, inner);
    out->max_id = m->max_id;
    if (!(out->bits = calloc((size_t)(out->max_id / 8 + 1), 1))) {
        sqlite3_reset(st);
        rf_error_set(err, _("out of memory"));
        return -1;
    }
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);
        if (id >= 0 && id <= out->max_id)
            out->bits[id / 8] |= (unsigned char)(1u << (id % 8));
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        free(out->bits);
        out->bits = NULL;
        return model_step_error(m, err);
    }
    return 0;
}

/* Draws the sample into a JSON array of ids (malloc'd into *out). */
static int draw(struct model *m, const struct plan *plan, char **out, struct rf_error *err)
{
    const struct model_filter *f = plan->filter;
    struct model_filter rest = *f;
    struct plan inner = *plan;
    struct model_bits bits = {NULL, 0};
    struct ranked *heap = NULL;
    struct buf_text json = {0};
    size_t n = 0, want;
    sqlite3_stmt *st;
    int rc;
    bool ok = true;

    rest.sample = 0;
    inner.filter = &rest;
    if (!model_filter_is_empty(&rest) && rest_bits(m, &inner, &bits, err) != 0)
        return -1;
    want = (size_t)f->sample;
    if (!(st = model_stmt(m, "SELECT id, platform, ext_id FROM posts", err))) {
        free(bits.bits);
        return -1;
    }
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);
        const char *platform, *ext_id;
        struct ranked r;
        if (bits.bits && !model_bits_has(&bits, id))
            continue;
        platform = (const char *)sqlite3_column_text(st, 1);
        ext_id = (const char *)sqlite3_column_text(st, 2);
        r.id = id;
        r.rank = (int64_t)sample_rank(f->seed, platform ? platform : "",
                                      (size_t)sqlite3_column_bytes(st, 1), ext_id ? ext_id : "",
                                      (size_t)sqlite3_column_bytes(st, 2));
        if (n < want) {
            if (n % 1024 == 0) {
                struct ranked *h = realloc(heap, (n + 1024) * sizeof *h);
                if (!h) {
                    ok = false;
                    break;
                }
                heap = h;
            }
            heap[n] = r;
            sift_up(heap, n++);
        } else if (r.rank < heap[0].rank) {
            heap[0] = r;
            sift_down(heap, n, 0);
        }
    }
    sqlite3_reset(st);
    free(bits.bits);
    if (ok && rc != SQLITE_DONE) {
        free(heap);
        return model_step_error(m, err);
    }
    ok = ok && buf_appendf(&json, "[");
    for (size_t i = 0; i < n && ok; i++)
        ok = buf_appendf(&json, "%s%lld", i ? "," : "", (long long)heap[i].id);
    ok = ok && buf_appendf(&json, "]");
    free(heap);
    if (!ok) {
        free(json.s);
        rf_error_set(err, _("out of memory"));
        return -1;
    }
    *out = json.s;
    return 0;
}

int model_sample_plan(struct model *m, struct plan *plan, struct rf_error *err)
{
    char key[512];
    struct model_stamp now;

    if (!drawn_here(plan))
        return 0;
    if (model_stamp_now(m, &now, err) != 0)
        return -1;
    sample_key(plan->filter, key, sizeof key);
    if (!m->sample_ids || strcmp(m->sample_key, key) != 0 ||
        !model_stamp_same(&m->sample_stamp, &now)) {
        char *ids = NULL;
        if (draw(m, plan, &ids, err) != 0)
            return -1;
        free(m->sample_ids);
        m->sample_ids = ids;
        snprintf(m->sample_key, sizeof m->sample_key, "%s", key);
        m->sample_stamp = now;
    }
    if (!(plan->sample_ids = strdup(m->sample_ids))) {
        rf_error_set(err, _("out of memory"));
        return -1;
    }
    return 0;
}
