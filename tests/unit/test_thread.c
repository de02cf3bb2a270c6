/* Unit tests for src/model_thread.c: a thread's display order against
 * `refuge comments`' order (model_comments()) and against the tree itself
 * (every reply right under its parent's subtree, siblings by time or by
 * likes), windows of comments past the first screen, search marks against
 * direct SQL, replies to missing parents and circles of replies.
 *
 * The comments are written with SQL into a fresh cache (the importer has
 * its own tests): a post with 700 comments in a random tree, up to twelve
 * deep, with likes that tie, unknown likes and translations. */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "cache_sql.h"
#include "db.h"
#include "model.h"
#include "model_thread.h"
#include "tap.h"

#define NCOMMENTS 700

static unsigned rng = 12345;

static unsigned next_random(void)
{
    rng = rng * 1103515245u + 12345u;
    return (rng >> 16) & 0x7fff;
}

static void exec_sql(struct db *db, const char *sql)
{
    char *msg = NULL;

    if (sqlite3_exec(db_sql(db), sql, NULL, NULL, &msg) != SQLITE_OK)
        tap_diag("%s: %s", sql, msg);
    sqlite3_free(msg);
}

/* Comment i of post P1: its parent is an earlier comment (or none), so the
 * tree has no circle; depth is kept under 12. */
static void make_thread(struct db *db)
{
    sqlite3_stmt *st;
    int depth[NCOMMENTS];

    sqlite3_prepare_v2(db_sql(db),
                       "INSERT INTO comments(platform, ext_id, post_ext_id, parent_ext_id, author,"
                       " lang, ts_utc, text, translation, likes) VALUES('xiaohongshu', ?1, ?2, ?3,"
                       " ?4, 'zh', ?5, ?6, ?7, ?8)",
                       -1, &st, NULL);
    for (int i = 0; i < NCOMMENTS; i++) {
        char id[32], parent[32], author[32], text[128], trans[128];
        int p = -1;

        if (i > 0 && next_random() % 3 != 0) {
            p = (int)(next_random() % (unsigned)i);
            if (depth[p] >= 11)
                p = -1;
        }
        depth[i] = p < 0 ? 0 : depth[p] + 1;
        snprintf(id, sizeof id, "c%04d", i);
        snprintf(parent, sizeof parent, "c%04d", p);
        snprintf(author, sizeof author, "user%d", i % 17);
        snprintf(text, sizeof text, "%s comment %d", i % 9 == 0 ? "猫税 paid" : "hello", i);
        snprintf(trans, sizeof trans, "translated %d%s", i, i % 10 == 3 ? " CAT tax" : "");
        sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, "P1", -1, SQLITE_STATIC);
        if (p >= 0)
            sqlite3_bind_text(st, 3, parent, -1, SQLITE_TRANSIENT);
        else if (i % 50 == 7)
            sqlite3_bind_text(st, 3, "gone", -1, SQLITE_STATIC); /* parent not in the cache */
        else
            sqlite3_bind_null(st, 3);
        sqlite3_bind_text(st, 4, author, -1, SQLITE_TRANSIENT);
        /* Times out of id order, with ties. */
        sqlite3_bind_int64(st, 5, 1737000000 + (int64_t)(next_random() % 500) * 60);
        sqlite3_bind_text(st, 6, text, -1, SQLITE_TRANSIENT);
        if (i % 4 != 1)
            sqlite3_bind_text(st, 7, trans, -1, SQLITE_TRANSIENT);
        else
            sqlite3_bind_null(st, 7);
        if (i % 13 == 5)
            sqlite3_bind_null(st, 8);
        else
            sqlite3_bind_int64(st, 8, next_random() % 40);
        if (sqlite3_step(st) != SQLITE_DONE)
            tap_diag("insert: %s", sqlite3_errmsg(db_sql(db)));
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
    }
    sqlite3_finalize(st);
}

struct ids {
    int64_t v[NCOMMENTS + 256];
    int depth[NCOMMENTS + 256];
    size_t n;
};

static bool collect(void *data, const struct model_comment *c)
{
    struct ids *ids = data;

    if (ids->n < NCOMMENTS + 256) {
        ids->depth[ids->n] = c->depth;
        ids->v[ids->n++] = c->id;
    }
    return true;
}

/* Each comment's parent is the nearest comment before it one level up, and
 * siblings follow each other in the sort's order. */
static bool is_tree_in_order(const struct model_thread *t)
{
    for (size_t pos = 0; pos < t->count; pos++) {
        const struct model_thread_node *n = &t->nodes[t->order[pos]];
        long want = -1;
        size_t prev_sibling = t->count;

        for (size_t q = pos; q-- > 0;) {
            const struct model_thread_node *o = &t->nodes[t->order[q]];
            if (o->depth == n->depth && prev_sibling == t->count)
                prev_sibling = q;
            if (o->depth < n->depth) {
                want = (long)t->order[q];
                break;
            }
        }
        if (n->depth == 0 ? n->parent != -1 : n->parent != want) {
            tap_diag("position %zu (id %lld) is not under its parent", pos, (long long)n->id);
            return false;
        }
        if (pos > 0 && n->depth > t->nodes[t->order[pos - 1]].depth + 1) {
            tap_diag("position %zu skips a level", pos);
            return false;
        }
        if (prev_sibling < t->count) {
            const struct model_thread_node *s = &t->nodes[t->order[prev_sibling]];
            /* Only a sibling under the same parent counts. */
            if (s->parent == n->parent) {
                bool in_order = t->sort == MODEL_THREAD_LIKES
                                    ? s->likes > n->likes ||
                                          (s->likes == n->likes && t->order[prev_sibling] < t->order[pos])
                                    : t->order[prev_sibling] < t->order[pos];
                if (!in_order) {
                    tap_diag("siblings out of order at %zu", pos);
                    return false;
                }
            }
        }
    }
    return true;
}

static void test_order(struct model *m)
{
    struct model_thread t;
    struct rf_error err = {{0}};
    struct ids walked = {0};
    bool same = true;

    ok(model_thread_open(m, "xiaohongshu", "P1", MODEL_THREAD_TIME, &t, &err) == 0,
       "a thread of %d comments opens", NCOMMENTS);
    is_int(t.count, NCOMMENTS, "with every comment");
    ok(model_comments(m, "xiaohongshu", "P1", collect, &walked, &err) == 0,
       "refuge comments' order is read");
    is_int(walked.n, NCOMMENTS, "which lists them all too");
    for (size_t i = 0; i < walked.n && i < t.count && same; i++)
        if (walked.v[i] != t.nodes[t.order[i]].id || walked.depth[i] != t.nodes[t.order[i]].depth) {
            tap_diag("position %zu: %lld (depth %d) vs %lld (depth %d)", i,
                     (long long)walked.v[i], walked.depth[i],
                     (long long)t.nodes[t.order[i]].id, t.nodes[t.order[i]].depth);
            same = false;
        }
    ok(same, "by time, the thread is in refuge comments' order, depths included");
    ok(is_tree_in_order(&t), "by time, every reply is under its parent, siblings oldest first");
    ok(t.max_depth >= 5 && t.max_depth <= 11, "the tree is deep (%d levels)", t.max_depth);

    int64_t at = t.nodes[t.order[NCOMMENTS / 2]].id;
    model_thread_sort(&t, MODEL_THREAD_LIKES);
    ok(is_tree_in_order(&t), "by likes, every reply is under its parent, siblings most liked first");
    {
        /* The first comments on the post: the most liked first. */
        int64_t best = -2;
        for (size_t i = 0; i < t.count; i++)
            if (t.nodes[i].parent == -1 && t.nodes[i].likes > best)
                best = t.nodes[i].likes;
        is_int(t.nodes[t.order[0]].likes, best, "the thread opens on the most liked comment");
    }
    {
        size_t pos = model_thread_position(&t, at);
        ok(pos < t.count && t.nodes[t.order[pos]].id == at, "a comment is found after re-sorting");
    }
    model_thread_sort(&t, MODEL_THREAD_TIME);
    same = true;
    for (size_t i = 0; i < walked.n && i < t.count; i++)
        same &= walked.v[i] == t.nodes[t.order[i]].id;
    ok(same, "sorting back by time gives the same order again");
    model_thread_free(&t);
}

static void test_window(struct db *db, struct model *m)
{
    struct model_thread t;
    struct model_thread_comment c[40];
    struct rf_error err = {{0}};
    size_t got = 0;
    bool right = true;

    model_thread_open(m, "xiaohongshu", "P1", MODEL_THREAD_LIKES, &t, &err);
    ok(model_thread_comments(m, &t, 600, 40, 0, c, &got, &err) == 0,
       "a window past the first screens is read");
    is_int(got, 40, "40 comments");
    for (size_t i = 0; i < got; i++) {
        char sql[200];
        sqlite3_stmt *st;
        const struct model_thread_node *n = &t.nodes[t.order[600 + i]];

        right &= c[i].id == n->id && c[i].depth == n->depth;
        snprintf(sql, sizeof sql,
                 "SELECT text, translation, likes IS NULL FROM comments WHERE id = %lld",
                 (long long)c[i].id);
        sqlite3_prepare_v2(db_sql(db), sql, -1, &st, NULL);
        if (sqlite3_step(st) == SQLITE_ROW) {
            const char *tr = (const char *)sqlite3_column_text(st, 1);
            right &= strcmp(c[i].text, (const char *)sqlite3_column_text(st, 0)) == 0;
            right &= tr ? c[i].translation && strcmp(tr, c[i].translation) == 0 : !c[i].translation;
            right &= c[i].has_likes == !sqlite3_column_int(st, 2);
        } else {
            right = false;
        }
        sqlite3_finalize(st);
    }
    ok(right, "each in its display place, with its text, translation and likes (or none)");
    model_thread_comments_free(c, got);
    ok(model_thread_comments(m, &t, NCOMMENTS - 5, 40, 0, c, &got, &err) == 0 && got == 5,
       "a window at the end is cut to the comments left");
    model_thread_comments_free(c, got);
    ok(model_thread_comments(m, &t, 0, 10, 6, c, &got, &err) == 0 && got == 10 &&
           strlen(c[0].text) == 6 && c[0].text_cut,
       "texts are cut at the bytes asked for, and say so");
    model_thread_comments_free(c, got);
    model_thread_free(&t);
}

static void test_search(struct db *db, struct model *m)
{
    struct model_thread t;
    struct rf_error err = {{0}};
    size_t pos, first;
    int64_t want = sql_int(db, "SELECT count(*) FROM comments WHERE post_ext_id = 'P1' AND"
                               " (text LIKE '%cat tax%' OR translation LIKE '%cat tax%')");
    int64_t zh = sql_int(db, "SELECT count(*) FROM comments WHERE post_ext_id = 'P1' AND"
                             " instr(text, '猫税') > 0");

    model_thread_open(m, "xiaohongshu", "P1", MODEL_THREAD_TIME, &t, &err);
    ok(model_thread_search(m, &t, "Cat Tax", &err) == 0, "a thread is searched");
    ok(want > 10, "(the fixture has %lld comments with 'cat tax' in a translation)", (long long)want);
    is_int(t.nhits, want, "every comment whose translation has it, in any case, is a hit");
    model_thread_search(m, &t, "猫税", &err);
    is_int(t.nhits, zh, "a Chinese search marks the texts that have it");
    ok(model_thread_next_hit(&t, 0, true, &first) && t.nodes[t.order[first]].hit,
       "the next hit is a hit");
    pos = first;
    size_t steps = 0;
    do {
        model_thread_next_hit(&t, pos, true, &pos);
        steps++;
    } while (pos != first && steps <= t.count);
    is_int(steps, zh, "stepping forward visits every hit once and wraps around");
    ok(model_thread_next_hit(&t, first, false, &pos) && pos != first && t.nodes[t.order[pos]].hit,
       "stepping back from the first hit wraps to the last");
    model_thread_search(m, &t, "", &err);
    ok(t.nhits == 0 && !model_thread_next_hit(&t, 0, true, &pos), "an empty search clears the hits");
    model_thread_free(&t);
}

static void test_damaged(struct db *db, struct model *m)
{
    struct model_thread t;
    struct rf_error err = {{0}};
    bool once = true;

    /* A answers B, B answers A; C answers itself; D answers A; E answers
     * a comment on another post; F is on the post. */
    exec_sql(db, "INSERT INTO comments(platform, ext_id, post_ext_id, parent_ext_id, lang, ts_utc,"
                 " text) VALUES"
                 " ('x', 'A', 'P2', 'B', 'en', 100, 'a'), ('x', 'B', 'P2', 'A', 'en', 200, 'b'),"
                 " ('x', 'C', 'P2', 'C', 'en', 300, 'c'), ('x', 'D', 'P2', 'A', 'en', 50, 'd'),"
                 " ('x', 'E', 'P2', 'O', 'en', 400, 'e'), ('x', 'O', 'P3', NULL, 'en', 10, 'o'),"
                 " ('x', 'F', 'P2', NULL, 'en', 500, 'f')");
    ok(model_thread_open(m, "x", "P2", MODEL_THREAD_TIME, &t, &err) == 0, "a damaged thread opens");
    is_int(t.count, 6, "with its six comments");
    for (size_t i = 0; i < t.count; i++)
        for (size_t j = i + 1; j < t.count; j++)
            once &= t.order[i] != t.order[j];
    ok(once, "each shown once, circles included");
    /* On the post, by time: C (it answers itself), E (its parent is on
     * another post), F; then the circle A-B from its oldest, A, with D
     * and B under it by time. */
    {
        int64_t a = sql_int(db, "SELECT id FROM comments WHERE ext_id = 'A'");
        char got[16] = "", depths[16] = "";
        for (size_t i = 0; i < t.count && i < 15; i++) {
            const struct model_thread_node *n = &t.nodes[t.order[i]];
            got[i] = (char)(n->id == a       ? 'A'
                                                            : n->id == a + 1 ? 'B'
                                                            : n->id == a + 2 ? 'C'
                                                            : n->id == a + 3 ? 'D'
                                                            : n->id == a + 4 ? 'E'
                                                            : n->id == a + 6 ? 'F'
                                                                             : '?');
            depths[i] = (char)('0' + n->depth);
        }
        is_str(got, "CEFADB", "comments on the post first, then the circle from its oldest");
        is_str(depths, "000011", "with the circle's replies under it");
    }
    {
        /* refuge comments lists the damaged thread as the explorer does
         * (its recursive query dropped the circle: A, B and D). */
        struct ids walked = {0};
        bool same = model_comments(m, "x", "P2", collect, &walked, &err) == 0 &&
                    walked.n == t.count;
        for (size_t i = 0; same && i < walked.n; i++)
            same = walked.v[i] == t.nodes[t.order[i]].id &&
                   walked.depth[i] == t.nodes[t.order[i]].depth;
        ok(same, "refuge comments lists the damaged thread in its order, the circle included");
    }
    model_thread_free(&t);
    ok(model_thread_open(m, "x", "P3", MODEL_THREAD_TIME, &t, &err) == 0 && t.count == 1,
       "the other post keeps its own comment");
    model_thread_free(&t);
    ok(model_thread_open(m, "x", "none", MODEL_THREAD_TIME, &t, &err) == 0 && t.count == 0 &&
           !model_thread_next_hit(&t, 0, true, &(size_t){0}),
       "a post without comments is an empty thread");
    model_thread_free(&t);
}

/* Every comment of every post, post by post: each once, deep chains whole
 * (the recursive query stopped at 64 levels). */
static void test_everything(struct db *db, struct model *m)
{
    struct ids *walked = calloc(1, sizeof *walked);
    struct rf_error err = {{0}};
    int64_t total;
    int deepest = 0;
    bool once = true;

    /* P4: a chain of 100 replies, each answering the one before. */
    exec_sql(db, "WITH RECURSIVE k(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM k WHERE i < 99)"
                 " INSERT INTO comments(platform, ext_id, post_ext_id, parent_ext_id, lang,"
                 " ts_utc, text) SELECT 'x', 'chain' || i, 'P4',"
                 " CASE WHEN i > 0 THEN 'chain' || (i - 1) END, 'en', 1000 + i, 'link' FROM k");
    total = sql_int(db, "SELECT count(*) FROM comments");
    ok(walked && model_comments(m, NULL, NULL, collect, walked, &err) == 0,
       "every comment is listed");
    if (!walked)
        return;
    is_int(walked->n, total, "each of the %lld", (long long)total);
    for (size_t i = 0; i < walked->n; i++) {
        if (walked->depth[i] > deepest)
            deepest = walked->depth[i];
        for (size_t j = i + 1; j < walked->n && once; j++)
            once = walked->v[i] != walked->v[j];
    }
    ok(once, "once");
    is_int(deepest, 99, "a chain of 100 replies to the end");
    free(walked);
}

/* What a large thread's listing gave: ids and depths, and the texts'
 * lengths against the cache's. */
struct long_texts {
    struct ids ids;
    size_t wrong_text;
    sqlite3_stmt *len;
};

static bool collect_long(void *data, const struct model_comment *c)
{
    struct long_texts *l = data;

    sqlite3_bind_int64(l->len, 1, c->id);
    if (sqlite3_step(l->len) != SQLITE_ROW || !c->text ||
        (int64_t)strlen(c->text) != sqlite3_column_int64(l->len, 0) || strncmp(c->text, "long", 4))
        l->wrong_text++;
    sqlite3_reset(l->len);
    return collect(&l->ids, c);
}

/* A thread too large to keep in memory while it is laid out (700 comments
 * of 8 KB: more than the 4 MiB a listing keeps) is listed the same way,
 * each comment read again by its id: the same order and depths as the
 * thread's, every text whole. The 700 short ones above were kept. */
static void test_large_thread(struct db *db, struct model *m)
{
    struct model_thread t;
    struct rf_error err = {{0}};
    struct long_texts *l = calloc(1, sizeof *l);
    bool same = true;

    exec_sql(db, "UPDATE comments SET text = 'long ' || text || ' ' || printf('%.8000c', 'x')"
                 " WHERE post_ext_id = 'P1'");
    if (!l || model_thread_open(m, "xiaohongshu", "P1", MODEL_THREAD_TIME, &t, &err) != 0) {
        ok(0, "the thread of long comments opens: %s", err.msg);
        free(l);
        return;
    }
    sqlite3_prepare_v2(db_sql(db), "SELECT length(CAST(text AS BLOB)) FROM comments WHERE id = ?1",
                       -1, &l->len, NULL);
    ok(model_comments(m, "xiaohongshu", "P1", collect_long, l, &err) == 0 &&
           l->ids.n == NCOMMENTS,
       "a thread of %d comments of 8 KB is listed whole", NCOMMENTS);
    for (size_t i = 0; i < l->ids.n && i < t.count && same; i++)
        same = l->ids.v[i] == t.nodes[t.order[i]].id &&
               l->ids.depth[i] == t.nodes[t.order[i]].depth;
    ok(same && l->wrong_text == 0,
       "in the thread's order and depths, every text whole (%zu not)", l->wrong_text);
    sqlite3_finalize(l->len);
    model_thread_free(&t);
    free(l);
}

int main(void)
{
    struct db *db;
    struct model *m;
    struct rf_error err = {{0}};

    if (db_open_memory(&db, &err) != 0 || !(m = model_new(db, &err))) {
        printf("Bail out! %s\n", err.msg);
        return 1;
    }
    make_thread(db);
    test_order(m);
    test_window(db, m);
    test_search(db, m);
    test_damaged(db, m);
    test_everything(db, m);
    test_large_thread(db, m);
    model_free(m);
    db_close(db);
    return tap_done();
}
