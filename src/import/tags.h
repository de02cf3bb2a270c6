/* tags.h — a post's tags: in order of first appearance, without repeats.
 *
 * A post may have any number of tags (the hostile data set has 10,000), so
 * a hash set keeps finding repeats linear. Tags are trimmed of spaces and
 * leading '#' or '＃', and Latin letters are lower-cased. One set is reused
 * from post to post: tags_clear() empties it, tags_free() releases it.
 */
#ifndef REFUGE_IMPORT_TAGS_H
#define REFUGE_IMPORT_TAGS_H

#include <stdbool.h>
#include <stddef.h>

struct tags {
    char *buf; /* "tag\0tag\0" */
    size_t used, cap;
    size_t *off; /* offsets into buf: it moves as it grows */
    size_t n, off_cap;
    size_t *set; /* open addressing over off[]: index + 1, 0 when empty */
    size_t set_cap;
    char *json; /* the tags as a JSON array, for posts.tags */
    bool failed; /* out of memory */
};

void tags_clear(struct tags *t);
void tags_free(struct tags *t);
/* Adds one tag (ignored when empty after trimming or already there). */
void tags_add(struct tags *t, const char *s, size_t len);
/* Adds the tags of "a, b", "#a #b" or "a，b" (full-width comma). */
void tags_split(struct tags *t, const char *s);
/* The i-th tag. */
const char *tags_at(const struct tags *t, size_t i);
/* Writes t->json; false when memory ran out (as t->failed says too). */
bool tags_to_json(struct tags *t);

#endif
