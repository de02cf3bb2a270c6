/* model_comments.c — comment threads and a post's extras (media, tags). */

#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "i18n.h"
#include "model.h"
#include "model_internal.h"
#include "model_sql.h"
#include "model_thread.h"

/* ---- comments --------------------------------------------------------------------- */

/* What a listing prints of a comment, after its id. Its media are looked
 * up only when some comment has any (asked once a statement: most caches
 * have none, and the lookup sorted each comment's). */
#define COMMENT_COLUMNS                                                                    \
    " c.platform, c.ext_id, c.post_ext_id, c.parent_ext_id, c.author,"                    \
    " CASE a.keyed WHEN 1 THEN a.key END, c.region, c.lang, c.ts_utc, c.utc_offset,"       \
    " c.time_basis, c.text, c.likes, c.likes_at_least, c.replies,"                         \
    " CASE WHEN (SELECT 1 FROM comment_media LIMIT 1) THEN"                                \
    " (SELECT json_group_array(url) FROM (SELECT url FROM comment_media m"                 \
    "   WHERE m.comment_id = c.id ORDER BY rowid)) END, a.name, c.counts_at, c.collected_at,"   \
    " c.tool, c.file, c.translation, c.translation_kind, c.translation_by"                 \
    " FROM comments c LEFT JOIN authors a ON a.id = c.author_id"
/* The number of them. */
#define NCOMMENT_COLUMNS 24

/* One comment by its id. */
#define COMMENT_SQL "SELECT c.id," COMMENT_COLUMNS " WHERE c.id = :id"

/* A post's comments, oldest first (comments_by_post), with the thread's
 * skeleton first (model_thread_read()): a listing reads each once. */
#define THREAD_SQL                                                                         \
    "SELECT c.id, c.ts_utc, coalesce(c.likes, -1), c.ext_id, c.parent_ext_id,"             \
    COMMENT_COLUMNS " WHERE c.platform = :platform AND c.post_ext_id = :post"              \
    " ORDER BY c.ts_utc, c.id"
/* Where THREAD_SQL's COMMENT_COLUMNS begin. */
#define THREAD_BASE 5

/* The bytes a thread's comments may hold in memory while it is laid out
 * (a 10,000-comment thread of short comments about 4 MiB); a larger
 * thread is read again comment by comment by id. */
#define THREAD_KEPT_BYTES (4u << 20)
/* What malloc adds to each string it holds, about. */
#define MALLOC_OVERHEAD 16

/* The posts that have comments, in the listing's order (comments_by_post
 * holds it: no sort). */
#define COMMENTED_POSTS_SQL                                                                \
    "SELECT DISTINCT platform, post_ext_id FROM comments ORDER BY platform, post_ext_id"

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

/* The comment `id` from COMMENT_COLUMNS at column `b` of st on; its
 * strings are the statement's, its media a list to free. */
static void read_comment(sqlite3_stmt *st, int b, int64_t id, struct model_comment *c)
{
#define TXT(i) ((const char *)sqlite3_column_text(st, b + (i)))
    memset(c, 0, sizeof *c);
    c->id = id;
    c->platform = TXT(0);
    c->ext_id = TXT(1);
    c->post_ext_id = TXT(2);
    c->parent_ext_id = TXT(3);
    c->author = TXT(4);
    c->author_key = TXT(5);
    c->author_keyed = c->author_key != NULL;
    c->region = TXT(6);
    c->lang = TXT(7);
    c->ts_utc = sqlite3_column_int64(st, b + 8);
    c->has_offset = sqlite3_column_type(st, b + 9) != SQLITE_NULL;
    c->utc_offset = sqlite3_column_int(st, b + 9);
    c->time_basis = TXT(10);
    c->text = TXT(11);
    c->has_likes = sqlite3_column_type(st, b + 12) != SQLITE_NULL;
    c->likes = sqlite3_column_int64(st, b + 12);
    c->likes_at_least = sqlite3_column_int(st, b + 13) != 0;
    c->has_replies = sqlite3_column_type(st, b + 14) != SQLITE_NULL;
    c->replies = sqlite3_column_int64(st, b + 14);
    comment_media(c, TXT(15));
    c->author_name = TXT(16);
    c->has_counts_at = sqlite3_column_type(st, b + 17) != SQLITE_NULL;
    c->counts_at = sqlite3_column_int64(st, b + 17);
    c->has_collected_at = sqlite3_column_type(st, b + 18) != SQLITE_NULL;
    c->collected_at = sqlite3_column_int64(st, b + 18);
    c->tool = TXT(19);
    c->file = TXT(20);
    c->translation = TXT(21);
    c->translation_kind = TXT(22);
    c->translation_by = TXT(23);
#undef TXT
}

/* Hands comment c at `depth` to fn, with its codes when `coded` (some
 * comment has one). Returns fn's answer, or false with *failed set when
 * its codes could not be read. */
static bool hand_comment(struct model *m, struct model_comment *c, int depth, bool coded,
                         model_comment_fn *fn, void *data, bool *failed, struct rf_error *err)
{
    bool go;

    c->depth = depth;
    if (coded &&
        model_read_codes(m, "comment", c->platform, c->ext_id, &c->codes, &c->ncodes, err) != 0)
        go = false, *failed = true;
    else
        go = fn(data, c);
    model_codes_free(c->codes, c->ncodes);
    c->codes = NULL;
    c->ncodes = 0;
    return go;
}

/* A thread's comments kept as THREAD_SQL reads them: each row's strings
 * copied, up to THREAD_KEPT_BYTES (then none: `dropped`). */
struct kept {
    struct model_comment *rows; /* by index in the thread's nodes */
    size_t count, cap, bytes;
    bool dropped;
};

/* The text fields of a comment, to copy and free them alike. */
#define NTEXTS 16
static void text_fields(struct model_comment *c, const char **f[NTEXTS])
{
    const char **all[NTEXTS] = {&c->platform,    &c->ext_id,      &c->post_ext_id,
                                &c->parent_ext_id, &c->author,    &c->author_key,
                                &c->region,      &c->lang,        &c->time_basis,
                                &c->text,        &c->author_name, &c->tool,
                                &c->file,        &c->translation, &c->translation_kind,
                                &c->translation_by};
    memcpy(f, all, sizeof all);
}

static void kept_free_row(struct model_comment *c)
{
    const char **f[NTEXTS];

    text_fields(c, f);
    for (size_t i = 0; i < NTEXTS; i++)
        free((char *)*f[i]);
    for (size_t i = 0; i < c->nmedia; i++)
        free(c->media[i]);
    free(c->media);
}

static void kept_free(struct kept *k)
{
    for (size_t i = 0; i < k->count; i++)
        kept_free_row(&k->rows[i]);
    free(k->rows);
    k->rows = NULL;
    k->count = k->cap = k->bytes = 0;
}

/* model_thread_read()'s hook: row i of THREAD_SQL copied into k. */
static bool keep_comment(void *arg, sqlite3_stmt *st, size_t i)
{
    struct kept *k = arg;
    struct model_comment c, *row;
    const char **from[NTEXTS], **to[NTEXTS];

    if (k->dropped)
        return true;
    if (i != k->count || !buf_grow((void **)&k->rows, &k->cap, i + 1, sizeof *k->rows))
        return false;
    read_comment(st, THREAD_BASE, sqlite3_column_int64(st, 0), &c);
    row = &k->rows[k->count++];
    k->bytes += sizeof *row;
    *row = c; /* its media list moves with it; its texts are copied below */
    text_fields(&c, from);
    text_fields(row, to);
    for (size_t f = 0; f < NTEXTS; f++)
        *to[f] = NULL;
    for (size_t f = 0; f < NTEXTS; f++) {
        /* As the statement gives them: a NUL inside ends the text, as it
         * does for the comment read by its id. */
        char *copy;
        if (!*from[f])
            continue;
        if (!(copy = strdup(*from[f])))
            return false;
        k->bytes += strlen(copy) + 1 + MALLOC_OVERHEAD;
        *to[f] = copy;
    }
    if (k->bytes > THREAD_KEPT_BYTES) {
        kept_free(k);
        k->dropped = true;
    }
    return true;
}

/* One post's comments in thread order: the thread laid out by
 * model_thread_read() (the explorer's order, the one rule for it) as its
 * comments are read and kept; a thread too large to keep has each
 * comment read again by its id. Returns 1 to go on, 0 when fn stopped,
 * -1 with err set. */
static int list_thread(struct model *m, const char *platform, const char *post_ext_id,
                       bool coded, model_comment_fn *fn, void *data, struct rf_error *err)
{
    struct model_thread t;
    struct kept k = {0};
    sqlite3_stmt *st = NULL;
    bool failed = false, go = true;
    int rc = SQLITE_ROW;

    if (model_thread_read(m, platform, post_ext_id, MODEL_THREAD_TIME, THREAD_SQL, keep_comment,
                          &k, &t, err) != 0) {
        kept_free(&k);
        return -1;
    }
    if (k.dropped && !(st = model_stmt(m, COMMENT_SQL, err))) {
        model_thread_free(&t);
        return -1;
    }
    for (size_t pos = 0; pos < t.count && go && !failed; pos++) {
        const struct model_thread_node *n = &t.nodes[t.order[pos]];
        struct model_comment c;
        if (!k.dropped) {
            c = k.rows[t.order[pos]]; /* its strings and media are the kept row's */
            go = hand_comment(m, &c, n->depth, coded, fn, data, &failed, err);
            continue;
        }
        model_bind_int(st, ":id", n->id);
        if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            read_comment(st, 1, n->id, &c);
            go = hand_comment(m, &c, n->depth, coded, fn, data, &failed, err);
            for (size_t i = 0; i < c.nmedia; i++)
                free(c.media[i]);
            free(c.media);
        }
        sqlite3_reset(st);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE)
            break;
    }
    model_thread_free(&t);
    kept_free(&k);
    if (failed)
        return -1;
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        rf_error_set(err, "%s", sqlite3_errmsg(m->sql));
        return -1;
    }
    return go ? 1 : 0;
}

int model_comments(struct model *m, const char *platform, const char *post_ext_id,
                   model_comment_fn *fn, void *data, struct rf_error *err)
{
    sqlite3_stmt *posts;
    bool coded;
    int rc, go = 1;

    /* Most caches code no comment: then no lookup a comment. */
    if (model_any_codes(m, "comment", &coded, err) != 0)
        return -1;
    if (post_ext_id)
        return list_thread(m, platform, post_ext_id, coded, fn, data, err) < 0 ? -1 : 0;
    /* Post by post: memory holds one thread's skeleton, whatever the cache
     * holds (one recursive query over every comment sorted them all, and
     * found each reply's parent by a scan: minutes at 200,000). */
    if (!(posts = model_stmt(m, COMMENTED_POSTS_SQL, err)))
        return -1;
    while (go > 0 && (rc = sqlite3_step(posts)) == SQLITE_ROW)
        go = list_thread(m, (const char *)sqlite3_column_text(posts, 0),
                         (const char *)sqlite3_column_text(posts, 1), coded, fn, data, err);
    if (go > 0 && rc != SQLITE_DONE)
        rf_error_set(err, "%s", sqlite3_errmsg(m->sql)), go = -1;
    sqlite3_reset(posts);
    return go < 0 ? -1 : 0;
}

int model_comment_count(struct model *m, const char *platform, const char *post_ext_id,
                        int64_t *out, struct rf_error *err)
{
    sqlite3_stmt *st = model_stmt(m,
                                  "SELECT count(*) FROM comments WHERE platform = :platform"
                                  " AND post_ext_id = :post",
                                  err);

    if (!st)
        return -1;
    model_bind_text(st, ":platform", platform);
    model_bind_text(st, ":post", post_ext_id);
    return model_scalar(m, st, out, err);
}

/* Appends a copy of each row's first column to *list. */
static int collect_strings(struct model *m, sqlite3_stmt *st, char ***list, size_t *n,
                           struct rf_error *err)
{
    int rc;

    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        char **grown = realloc(*list, (*n + 1) * sizeof **list);
        if (!grown || !(grown[*n] = model_dup_col(st, 0))) {
            if (grown)
                *list = grown;
            rf_error_set(err, _("out of memory"));
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
    if (!(st = model_stmt(m,
                          "SELECT p.id, CASE a.keyed WHEN 1 THEN a.key END, p.type, p.time_basis,"
                          " p.views, p.known, p.at_least FROM posts p"
                          " LEFT JOIN authors a ON a.id = p.author_id"
                          " WHERE p.platform = :platform AND p.ext_id = :id",
                          err)))
        return -1;
    model_bind_text(st, ":platform", platform);
    model_bind_text(st, ":id", ext_id);
    if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        id = sqlite3_column_int64(st, 0);
        out->author_key = sqlite3_column_type(st, 1) == SQLITE_NULL ? NULL : model_dup_col(st, 1);
        out->type = sqlite3_column_type(st, 2) == SQLITE_NULL ? NULL : model_dup_col(st, 2);
        out->time_basis = model_dup_col(st, 3);
        out->views = sqlite3_column_int64(st, 4);
        out->known = (unsigned)sqlite3_column_int(st, 5);
        out->at_least = (unsigned)sqlite3_column_int(st, 6);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        rf_error_set(err, "%s", sqlite3_errmsg(m->sql));
        return -1;
    }
    if (!(st = model_stmt(m, "SELECT url FROM post_media WHERE post_id = :id ORDER BY rowid", err)))
        return -1;
    model_bind_int(st, ":id", id);
    if (collect_strings(m, st, &out->media, &out->nmedia, err) != 0)
        return -1;
    if (!(st = model_stmt(m, "SELECT keyword FROM post_keywords WHERE post_id = :id ORDER BY keyword",
                          err)))
        return -1;
    model_bind_int(st, ":id", id);
    if (collect_strings(m, st, &out->keywords, &out->nkeywords, err) != 0)
        return -1;
    if (!(st = model_stmt(m,
                          "SELECT tool, file, collected_at FROM post_sources WHERE post_id = :id"
                          " ORDER BY collected_at DESC, tool, file",
                          err)))
        return -1;
    model_bind_int(st, ":id", id);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        void *grown = realloc(out->sources, (out->nsources + 1) * sizeof *out->sources);
        if (!grown) {
            sqlite3_reset(st);
            rf_error_set(err, _("out of memory"));
            return -1;
        }
        out->sources = grown;
        out->sources[out->nsources].tool = model_dup_col(st, 0);
        out->sources[out->nsources].file = model_dup_col(st, 1);
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
    sqlite3_stmt *st = model_stmt(m,
                                  "SELECT lang FROM daily GROUP BY lang ORDER BY lang = 'zh' DESC,"
                                  " lang = 'en' DESC, sum(posts) DESC, lang",
                                  err);
    char **langs = calloc(1, sizeof *langs);
    size_t n = 0;

    *out = NULL;
    if (!st || !langs) {
        free(langs);
        if (st)
            rf_error_set(err, _("out of memory"));
        return -1;
    }
    if (collect_strings(m, st, &langs, &n, err) == 0) {
        char **done = realloc(langs, (n + 1) * sizeof *done); /* room for the NULL */
        if (done) {
            done[n] = NULL;
            *out = done;
            return 0;
        }
        rf_error_set(err, _("out of memory"));
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
