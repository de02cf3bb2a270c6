/* plan.h — how the model answers a post filter, decided once.
 *
 * A filter can be answered in several ways: from the per-day table, from
 * the tag counts, through the trigram index as a phrase, through the
 * index's vocabulary for a short query, or by testing rows in C. The model
 * builds one plan from the filter at the start of each list, count or stats
 * call and hands it to every query the call runs, so the filter is
 * classified, and the search turned into its phrase and folded forms, in
 * one place. A plan is pure: no database; it reads the filter while it
 * lives (the filter must outlive it) and owns the phrase.
 */
#ifndef REFUGE_PLAN_H
#define REFUGE_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "model.h"

/* How the search was written (plan_init() reads it once):
 *   #tag     the posts carrying that tag, ASCII case ignored (Chinese tags too)
 *   @name    the posts of the author with that display name or key, ASCII case ignored
 *   "text"   the text between the quotes, literally (so "#1" searches for #1)
 *   text     the text of posts and translations, and the tags and author names
 *            that contain it
 * A lone "#" or "@" is text. */
enum plan_form {
    PLAN_WORDS,
    PLAN_TAG,
    PLAN_AUTHOR,
};

/* How the search of a filter reaches the posts. */
enum plan_search {
    PLAN_NO_SEARCH, /* no search, or an empty one */
    PLAN_PHRASE,    /* MODEL_FTS_MIN_CHARS or more characters: one phrase of the index */
    PLAN_SHORT,     /* fewer: matched on the text (in C or SQL), candidates maybe from the
                       index's trigrams that start with it */
};

struct plan {
    const struct model_filter *filter; /* never NULL: an empty filter for none */
    enum plan_form form;
    /* The search without its # or @ or quotes (owned; NULL without a
     * search). The text searches below are of PLAN_WORDS only: a tag or an
     * author is PLAN_NO_SEARCH, selective, and for the model to resolve. */
    char *term;
    enum plan_search search;
    /* The search can be tested on a row's text in C with ASCII folding and
     * give what the index gives: no character outside ASCII has a case,
     * and the query fits `folded`. */
    bool match_in_c;
    /* PLAN_SHORT and match_in_c: the index's trigrams in [folded, upper)
     * hold every post that contains the query. */
    bool short_terms;
    /* A tag or a phrase: a condition that can be probed row by row along
     * a list or collected as a set of ids, whichever is quicker. */
    bool selective;
    bool empty;       /* selects every post (model_filter_is_empty()) */
    bool daily;       /* the per-day table answers: at most lang, platform and a window on
                         whole UTC days */
    bool quarters;    /* the per-quarter-hour table answers: as daily, with a window on
                         whole quarter hours (whole days of any zone) */
    bool tag_only;    /* one tag (the filter's or a #tag) and nothing else: the tag-count
                         table answers */
    bool search_only; /* a search and nothing else */
    /* PLAN_PHRASE: the FTS5 query, every trigram of the search (each
     * quoted) ANDed; when the search has script variants, the OR of its
     * spellings' queries. The index keeps no positions (migration 19), so
     * it gives candidates, and the model keeps those whose text holds the
     * search (refuge_contains()). */
    char *phrase;
    /* PLAN_PHRASE: every spelling is one trigram (three characters), so
     * the candidates are exactly the matches and no text is tested. */
    bool index_exact;
    /* The search has Han characters with variants in the other script
     * (script.h): matching compares folded characters, and the index is
     * asked for every spelling. False for ASCII and for Chinese without
     * variants, which take the paths they always took. */
    bool scripts;
    /* The search has such variants, whatever plan_narrow_spellings() left
     * of them: highlighting folds scripts all the same (comments and
     * texts shown may hold spellings the index was not asked for). */
    bool variants;
    /* scripts: every spelling (script_spellings(), owned), and whether
     * they are all of them (false past SCRIPT_SPELLINGS_MAX: the index
     * then answers alone, see match_in_c). */
    char **forms;
    size_t nforms;
    bool forms_all;
    /* scripts: the search compiled for plan_matches() (owned). */
    struct script_matcher *matcher;
    /* scripts and short_terms: the index's term ranges of every spelling,
     * folded, as a JSON array of [lo, hi] pairs (owned). */
    char *ranges;
    /* The search with ASCII letters in lower case, when it fits (a short
     * search always does: a short one is tested on rows in C even when
     * match_in_c is false, folding ASCII only, as the scan always has). */
    char folded[256];
    size_t folded_len;
    bool letters;     /* folded holds ASCII letters, so case matters when matching */
    char upper[260];  /* short_terms: folded followed by U+10FFFF, the end of its range */
    /* Set by the model, which sees the cache (plan_init() leaves it
     * false): the words are also in a tag or an author's name, so those
     * match too (the index's set of posts then has the tags' and the
     * authors' beside it). Only for words that fit `folded`, tested in C
     * on rows. */
    bool meta;
    /* The words also reach comments (model_filter.with_comments, a
     * PLAN_PHRASE or PLAN_SHORT search): a post matches through one of
     * its comments' texts too. The index's trigrams do not hold comments,
     * so short_terms is then false. */
    bool comments;
    /* Set by the model: the schema of the user tables (userstate.h) the
     * filter's stars, marks and codes are in; NULL reads as "main". */
    const char *user;
    /* Set by the model: the filter's stars, marks and code each hold many
     * posts (RARE_USER or more), so a list walks the order's index and
     * tests each entry against their sets (model.c); false, their sets
     * are read and their posts sorted. */
    bool user_common;
    /* Set by the model for a sample whose rest is conditions on columns:
     * its posts' ids, drawn in C (model_sample.c), as a JSON array
     * (owned); NULL, the SQL draws the sample. */
    char *sample_ids;
    /* PLAN_TAG, set by the model: the tag's spellings in the cache, a JSON
     * array (owned). */
    char *spellings;
    /* Set by the model for a text search while an import's second phase
     * builds the search index (db.h: DB_INDEXED_POSTS): the index holds
     * the posts up to `indexed` only, so short_terms is off (the short
     * search scans) and a phrase's set adds the posts above `indexed`
     * that contain the term (model_search_ids()). */
    bool index_partial;
    int64_t indexed, comments_indexed; /* the comments' index: the same, for comments */
};

/* Plans `filter` (NULL means every post). Returns 0, or -1 with err set when
 * memory ran out. */
int plan_init(struct plan *plan, const struct model_filter *filter, struct rf_error *err);

/* Drops the spellings of a search with script variants (scripts, all of
 * them: forms_all) that hold a variant character the cache lacks
 * (`present` false for it): they cannot match, and each one costs the
 * index a phrase or a vocabulary range. When the search as typed is all
 * that is left, or nothing, it is planned as a search without variants,
 * exactly as before folding. For the model, which sees the cache: only for
 * a search whose every match comes through the search index (no comments,
 * index complete). Returns 0, or -1 with err set when memory ran out. */
int plan_narrow_spellings(struct plan *plan, bool (*present)(uint32_t c, void *arg), void *arg,
                          struct rf_error *err);

/* Frees what the plan owns; a zeroed plan is allowed. */
void plan_free(struct plan *plan);

/* The form of a search and its term: the bytes of `search` the term
 * starts at and their count (the term is not NUL-terminated when quoted).
 * NULL or "" is PLAN_WORDS with an empty term. */
enum plan_form plan_parse(const char *search, size_t *start, size_t *len);

/* True when the search occurs in the n bytes at s (which may be NULL),
 * ASCII letters and Chinese scripts folded; uses `folded`, so only for a
 * search that fits it (match_in_c, or any PLAN_SHORT). */
bool plan_matches(const struct plan *plan, const char *s, size_t n);

/* Every non-overlapping occurrence of the search in s (NULL allowed),
 * ASCII letters and Chinese scripts folded, for highlighting; spans fall
 * on character boundaries. Returns the count; *out is
 * malloc'd, NULL when there are none (or memory ran out at the first). */
size_t plan_spans(const struct plan *plan, const char *s, struct model_span **out);

#endif
