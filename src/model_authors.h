/* model_authors.h — who wrote what: authors with their posts, comments,
 * likes, first and last time seen, platform and a region.
 *
 * An author is a platform's key (model_filter.author spells one as
 * "PLATFORM:KEY"): the key a collection gave (a user id, a creator hash),
 * or for a name-only author the name, never merged with a keyed one, so two
 * people under one masked nickname stay two. refuge's own records name
 * their author on each post: such a name is an author of its platform.
 *
 * Without a filter the list is read from the per-author totals the
 * importer keeps (src/import/author_totals.h): a sort of one row per
 * author, however many posts. With one, it is one aggregate query per
 * call: the posts matching the filter grouped by author, and the comments
 * in the filter's time window, platform and language grouped by author.
 * With a tag, a search, a provenance or starred posts in the filter, only
 * authors with a matching post are listed (their comments are still those
 * of the window). A filtered list reads every post the filter selects:
 * from the covering index posts_for_authors, in its groups' order, when
 * they are more than an eighth of the posts (a language, a platform, a
 * wide window), else their rows (a search, a tag, a narrow window); see
 * BENCHMARKS.md for its time. The first `limit` authors of such a wide
 * filter, in any order but likes, are found without summing every author:
 * the authors are walked in the order of their totals, each total a bound
 * of what the filter leaves of it, until the limit-th found comes before
 * the next one's total (the same rows as the sum of every author).
 *
 * Likes are the sum of the posts' likes; `likes_at_least` says the sum is
 * a lower bound (some post's likes were a bound such as "10+", not
 * collected, or not reported).
 *
 * Ownership: a list owns its rows and strings; model_author_list_free().
 * Returns: 0, or -1 with err set.
 */
#ifndef REFUGE_MODEL_AUTHORS_H
#define REFUGE_MODEL_AUTHORS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "model.h"

enum model_author_sort {
    MODEL_AUTHORS_POSTS,    /* most posts first */
    MODEL_AUTHORS_COMMENTS, /* most comments first */
    MODEL_AUTHORS_LIKES,    /* most likes first */
    MODEL_AUTHORS_RECENT,   /* seen last most recently first */
    MODEL_AUTHORS_SORT_COUNT
};

/* "posts", "comments", "likes", "recent"; and back (-1: unknown). */
const char *model_author_sort_name(enum model_author_sort sort);
int model_author_sort_from_name(const char *name);

struct model_author {
    char *platform, *key; /* the identity: model_filter.author = "platform:key" */
    bool keyed;           /* the key is the platform's id, not a name */
    char *name;           /* a display name it was seen under (may be NULL) */
    char *region;         /* a region it posted or commented from, or NULL */
    int64_t posts, comments, likes;
    bool likes_at_least;
    bool illustrative; /* some of its posts were written for the bundled dataset:
                          their likes are invented */
    int64_t first_seen, last_seen; /* Unix seconds, UTC */
};

struct model_author_list {
    struct model_author *rows; /* in the sort's order, ties by platform, key, keyed */
    size_t count;
};

/* The authors of the posts (and comments) `filter` selects, in `sort`
 * order, at most `limit` (0: every one). MODEL_INTERRUPTED (nothing
 * filled) when model_set_interrupt()'s check stopped it. */
int model_authors(struct model *m, const struct model_filter *filter,
                  enum model_author_sort sort, size_t limit, struct model_author_list *out,
                  struct rf_error *err);

/* Called by model_authors_each() with each author (its strings are the
 * walk's, valid during the call) and `total`, how many the whole listing
 * holds (the same with every row); non-zero stops the walk. */
typedef int (*model_author_fn)(void *arg, const struct model_author *a, size_t total);

/* model_authors() row by row, each handed to `each` as it is read: the
 * memory of one author, however many (every author comes from the index
 * of the sort's order; a filtered list from SQLite's own sort). Returns 0,
 * the non-zero value `each` returned, MODEL_INTERRUPTED, or -1 with err
 * set. */
int model_authors_each(struct model *m, const struct model_filter *filter,
                       enum model_author_sort sort, size_t limit, model_author_fn each,
                       void *arg, struct rf_error *err);

/* Whether model_authors() finds the first rows of this filter in this
 * order without summing every author (the walk above), so a first screen
 * asked for alone comes sooner than the whole list: 1 yes, 0 no, -1 or
 * MODEL_INTERRUPTED. Counts the filter's posts (the per-day tables). */
int model_authors_bounded(struct model *m, const struct model_filter *filter,
                          enum model_author_sort sort, struct rf_error *err);

void model_author_list_free(struct model_author_list *list);

#endif
