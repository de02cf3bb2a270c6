/* model_thread.h — one post's comments as a tree, read a window at a time.
 *
 * Opening a thread reads its skeleton only: for each comment its id, time,
 * likes and the comment it answers (one indexed query, a few dozen bytes a
 * comment, no text), and lays the tree out in display order: comments on
 * the post, each followed by its replies, depth first, siblings by time
 * (oldest first, as `refuge comments` prints them: model_comments()) or by
 * likes (most first, then by time). Re-sorting is done in memory. The
 * comments themselves (author, text, translation...) are read for the
 * positions on screen only (model_thread_comments()), so a thread of
 * 10,000 comments costs its skeleton and a screen of text, whatever the
 * cache holds.
 *
 * A reply whose parent is not among the post's comments is read as a
 * comment on the post. Replies that answer each other in a circle (a
 * damaged or hostile file) are all shown: the oldest of the circle is read
 * as a comment on the post, so every comment appears once.
 *
 * Ownership: a struct model_thread owns its arrays and strings; release it
 * with model_thread_free() (a zeroed one is fine). Comments filled by
 * model_thread_comments() own their strings; model_thread_comments_free().
 * Returns: 0, or -1 with err set.
 */
#ifndef REFUGE_MODEL_THREAD_H
#define REFUGE_MODEL_THREAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "model.h"

enum model_thread_sort { MODEL_THREAD_TIME, MODEL_THREAD_LIKES };

struct model_thread_node {
    int64_t id, ts_utc;
    int64_t likes; /* -1 when no file gave it: sorts after every known count */
    long parent;   /* index in nodes of the comment it answers; -1: on the post */
    int depth;     /* 0 for a comment on the post, 1 for a reply to one, ... */
    bool hit;      /* matched the last model_thread_search() */
};

struct model_thread {
    char *platform, *post_ext_id;
    struct model_thread_node *nodes; /* oldest first (time, then id) */
    size_t count;
    size_t *order;  /* display order: order[pos] is an index into nodes */
    size_t *by_id;  /* indexes into nodes, by id (to find a comment) */
    enum model_thread_sort sort;
    int max_depth;  /* the deepest reply's depth */
    size_t nhits;
};

/* Reads the skeleton of the comments on post platform:post_ext_id and lays
 * it out in `sort` order. A post without comments gives count 0. */
int model_thread_open(struct model *m, const char *platform, const char *post_ext_id,
                      enum model_thread_sort sort, struct model_thread *out,
                      struct rf_error *err);

/* Lays the thread out again in `sort` order (no query). */
void model_thread_sort(struct model_thread *t, enum model_thread_sort sort);

/* The display position of comment `id`, or t->count when it is not there. */
size_t model_thread_position(const struct model_thread *t, int64_t id);

void model_thread_free(struct model_thread *t);

/* A comment with what the thread view shows. Strings are owned; absent
 * ones are NULL. */
struct model_thread_comment {
    int64_t id, ts_utc, likes, replies;
    bool has_likes, likes_at_least, has_replies, has_offset;
    int utc_offset, depth;
    char *author, *author_key; /* author_key: only when the file gave one */
    char *region, *lang, *time_basis;
    char *text, *translation;  /* as imported: sanitise before drawing */
    bool text_cut, translation_cut; /* cut at max_bytes (see below) */
    char *translation_kind;    /* "human", "machine" or "none" */
    char *translation_by;      /* who made it (refuge translate: the command), or NULL */
    char *platform, *ext_id;   /* the comment's platform and id (codes are keyed by them) */
};

/* Fills out[0..n) with the comments at display positions first..first+n-1
 * (n is cut at the end of the thread; *got says how many), reading each
 * text and translation up to `max_bytes` bytes (0: whole; a cut may end in
 * the middle of a character). One query for the lot. */
int model_thread_comments(struct model *m, const struct model_thread *t, size_t first, size_t n,
                          size_t max_bytes, struct model_thread_comment *out, size_t *got,
                          struct rf_error *err);

void model_thread_comments_free(struct model_thread_comment *c, size_t n);

/* How many comments the cache holds on each of n posts (out[i] for
 * posts[i]), in one query: for a page of a list. */
int model_thread_counts(struct model *m, const struct model_post *posts, size_t n, int64_t *out,
                        struct rf_error *err);

/* Marks the comments whose text or translation contains `query` (ASCII
 * letters in either case); an empty query clears the marks. Sets t->nhits. */
int model_thread_search(struct model *m, struct model_thread *t, const char *query,
                        struct rf_error *err);

/* The display position of the next (forward) or previous hit after
 * position `from`, wrapping around the thread; false when none. */
bool model_thread_next_hit(const struct model_thread *t, size_t from, bool forward, size_t *out);

#endif
