/* script.h — Chinese in both scripts: folding for search, conversion for display.
 *
 * A Taiwanese or Hong Kong user writes 貓稅 where a mainland user writes
 * 猫税. Search treats the two as one: every Han character folds to its
 * simplified form (猫 and 貓 to 猫; 發 and 髮 to 发; 裡, 裏 to 里), and two
 * characters with the same fold are variants of each other. The table of
 * folds is generated at build time from OpenCC's own dictionaries
 * (src/gen/scriptfold.c), so nobody keeps one by hand and the program
 * needs no OpenCC data to search.
 *
 * Why the query is expanded rather than the index folded: the search index
 * holds the texts as they were written (a trigram index of a million posts
 * takes minutes to rebuild, and a cache must stay readable by a plain
 * sqlite3). So a query becomes the OR of its spellings: 猫税 is "猫税" OR
 * "猫稅" OR "貓税" OR "貓稅", every mix included. Classes are small (most
 * characters have one variant, the largest five), so a short query has a
 * handful of spellings; a long one with more than SCRIPT_SPELLINGS_MAX is
 * searched in its three uniform forms only (as typed, all simplified, all in
 * OpenCC's default traditional), which finds every text written in one
 * script but not a text mixing both within the query's span. Matching in C
 * (scans, highlights, snippets, n/N) compares folded characters directly.
 *
 * Display: `[ui] script` converts Chinese text to one script for reading,
 * through OpenCC at run time (s2t.json or t2s.json, whole texts, so phrases
 * choose the right character: 头发 is 頭髮, 发展 is 發展). Only what is shown
 * is converted, never the cache or an export. Spans found on the original
 * text are carried onto the converted one.
 *
 * Ownership: strings returned are malloc'd and the caller frees them.
 */
#ifndef REFUGE_SCRIPT_H
#define REFUGE_SCRIPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "model.h"

/* One generated fold: `from` folds to `to` (script_fold.c). */
struct script_pair {
    uint32_t from, to;
};

/* Sorted by `from`. */
extern const struct script_pair script_folds[];
extern const size_t script_folds_count;
/* The same pairs sorted by `to`, OpenCC's default traditional form of each
 * `to` first in its run. */
extern const struct script_pair script_members[];
extern const size_t script_members_count;

/* Most spellings a query is expanded to (see above). */
#define SCRIPT_SPELLINGS_MAX 64

/* The simplified form of c (c itself for anything not a traditional or
 * variant Han character). */
uint32_t script_fold(uint32_t c);

/* True when some character of the n bytes at s has variants in the other
 * script, so matching them needs folding. */
bool script_has_variants(const char *s, size_t n);

/* The spellings of the n bytes at s: every combination of its characters'
 * variants, the spelling as typed first, when there are at most
 * SCRIPT_SPELLINGS_MAX; else its uniform forms (as typed, simplified,
 * traditional, without repeats) and *all is set false. Returns the count of
 * malloc'd strings in *out (an array the caller frees with them), 0 when
 * memory ran out. */
size_t script_spellings(const char *s, size_t n, char ***out, bool *all);

/* Frees what script_spellings() returned. */
void script_spellings_free(char **v, size_t n);

/* The first place at or after byte `from` (a character boundary) where the
 * qn bytes at q occur in the n bytes at s, letters in either case (ASCII
 * and beyond, one character's lower case for another's, as the search
 * index folds them) and Han characters in either script being the same;
 * *len is the length of
 * the occurrence in s, which may differ from qn. Returns -1 when there is
 * none. Invalid UTF-8 matches only itself, byte for byte. */
long script_find(const char *s, size_t n, size_t from, const char *q, size_t qn, size_t *len);

/* A query compiled for testing many texts: script_find()'s answer, found
 * quicker (its few spellings whole, by memmem, when it has no ASCII
 * letters). */
struct script_matcher;

/* NULL when memory ran out. */
struct script_matcher *script_matcher_new(const char *q, size_t qn);

/* True when the query occurs in the n bytes at s (NULL: false). */
bool script_matcher_in(const struct script_matcher *m, const char *s, size_t n);

void script_matcher_free(struct script_matcher *m);

/* The script Chinese text is shown in ([ui] script). */
enum script_display {
    SCRIPT_AS_IS,
    SCRIPT_SIMPLIFIED,
    SCRIPT_TRADITIONAL,
};

/* Sets the display script for script_convert(); opens OpenCC's converter
 * for it the first time (then keeps it for the process: traditional's
 * phrase dictionary takes about 0.1 s to load). Returns 0, or -1 with err
 * set when OpenCC's data cannot be opened (text is then shown as it is). */
int script_set_display(enum script_display d, struct rf_error *err);

enum script_display script_display(void);

/* The n bytes at s in the display script, or NULL when they are shown as
 * they are (as-is, no Chinese, invalid UTF-8, no converter, memory).
 * `spans` (nspans byte ranges of s, in order, on character boundaries, not
 * overlapping; NULL when none) are moved onto the converted text in place. */
char *script_convert(const char *s, size_t n, struct model_span *spans, size_t nspans);

/* script_convert() of the malloc'd string *s, replacing it when it
 * changes (*s may be NULL). */
void script_convert_owned(char **s, struct model_span *spans, size_t nspans);

#endif
