/* kwic.h — why a search row matched: a keyword-in-context snippet.
 *
 * A searched post's first hit (in its original text, else in its
 * translation, else in a tag or its author's name: what the model found)
 * is shown as one line of a given
 * width: a little context before it, the hit, as much as fits after it,
 * an ellipsis wherever the text was cut. Cuts fall between grapheme
 * clusters and widths are measured by the text layer, so a line of CJK,
 * emoji or combining text takes exactly the columns asked for. Only the
 * bytes around the hit are read, whatever the size of the text. No
 * curses here.
 *
 * Ownership: kwic_post() fills a struct that owns its line; kwic_free()
 * releases it (a zeroed struct is allowed).
 */
#ifndef REFUGE_KWIC_H
#define REFUGE_KWIC_H

#include <stdbool.h>
#include <stddef.h>

#include "model.h"

/* Where the first hit is. */
enum kwic_field {
    KWIC_NONE,        /* no hit: not searched, or by a #tag or an @name */
    KWIC_TEXT,        /* the original */
    KWIC_TRANSLATION, /* the translation */
    KWIC_TAG,         /* one of its tags ("#cattax"), the texts having none */
    KWIC_AUTHOR,      /* its author's name ("@name"), the texts having none */
    KWIC_COMMENT,     /* one of its comments (a search with comments), none of the above */
};

struct kwic {
    enum kwic_field field;
    char *line;       /* sanitised, one line, at most `width` columns; NULL for KWIC_NONE */
    size_t line_len;  /* bytes of line */
    size_t hit;       /* byte offset of the hit in line ... */
    size_t hit_len;   /* ... and its length (0 when the width left no room for it) */
    int width;        /* columns of line */
    bool machine;     /* KWIC_TRANSLATION: a machine's translation (translation_kind
                         "machine"), not a person's */
};

/* The snippet of a searched post (its spans, meta_hit or comment_hit filled) in
 * `width` columns. Returns 0, or -1 when memory ran out (out
 * is then zeroed). */
int kwic_post(const struct model_post *p, int width, struct kwic *out);

/* The snippet of the n bytes at s around the hit `at` (a byte range of s)
 * in `width` columns; for kwic_post() and its tests. */
int kwic_cut(const char *s, size_t n, struct model_span at, int width, struct kwic *out);

void kwic_free(struct kwic *k);

/* The mark that says which text the snippet is from: "原" (the original),
 * "译" (a person's translation, or one of no stated kind), "机" (a
 * machine's), "评" (a comment), or "o:" / "t:" / "m:" / "c:" in ASCII mode
 * (text_ascii(): the explorer and the batch commands set it in a locale
 * that is not UTF-8); blank for a tag or the author (the line starts with
 * its # or @); two columns each. "" for KWIC_NONE. */
const char *kwic_mark(const struct kwic *k);

/* The field's name in data ("text", "translation", "tag", "author",
 * "comment"), or NULL for KWIC_NONE. */
const char *kwic_field_name(enum kwic_field field);

#endif
