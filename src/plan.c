/* plan.c — how the model answers a post filter (contract in plan.h). */
#include "autoconfig.h"

#include "i18n.h"
#include "plan.h"

#include <stdlib.h>
#include <string.h>
#include <unicase.h>
#include <unistr.h>

#include "buf.h"
#include "script.h"

/* ASCII letters in lower case, everything else as it is: the index folds
 * ASCII the same way. */
static char fold(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
}

/* The length of the character at s (n > 0 bytes) as FTS5's tokenizers
 * read it: a byte from 0xC0 up with the continuation bytes after it, any
 * other byte alone (so invalid UTF-8 splits as the index split it). */
static size_t fts_char(const char *s, size_t n)
{
    size_t k = 1;

    if ((unsigned char)s[0] >= 0xc0)
        while (k < n && ((unsigned char)s[k] & 0xc0) == 0x80)
            k++;
    return k;
}

/* Appends the n bytes at s as one FTS5 string, quotes doubled, so no
 * character the user types is FTS syntax. */
static bool fts_string(struct buf_text *b, const char *s, size_t n)
{
    bool ok = buf_appendf(b, "\"");

    for (size_t i = 0; i < n && ok; i++)
        ok = s[i] == '"' ? buf_appendf(b, "\"\"") : buf_appendf(b, "%c", s[i]);
    return ok && buf_appendf(b, "\"");
}

/* Appends the FTS5 query of one spelling: every trigram of it, ANDed (the
 * index keeps no positions, detail=none, so it cannot be asked for the
 * phrase: see plan.h). A spelling FTS5 reads as fewer than three
 * characters (invalid UTF-8) is asked as it is. *one is cleared unless the
 * spelling is one trigram. */
static bool fts_trigrams(struct buf_text *b, const char *q, bool *one)
{
    size_t n = strlen(q), at[3] = {0}, seen = 0;
    bool ok = buf_appendf(b, "(");

    for (size_t i = 0; i < n && ok;) {
        size_t k = fts_char(q + i, n - i);
        at[0] = at[1];
        at[1] = at[2];
        at[2] = i;
        i += k;
        if (++seen >= 3)
            ok = (seen == 3 || buf_appendf(b, " AND ")) && fts_string(b, q + at[0], i - at[0]);
    }
    if (ok && seen < 3)
        ok = fts_string(b, q, n);
    *one &= seen == 3;
    return ok && buf_appendf(b, ")");
}

/* The FTS5 query of a search (plan.h: phrase): the trigrams of each
 * spelling ANDed, the spellings ORed; *exact says whether each spelling is
 * one trigram. NULL when memory ran out. */
static char *fts_query(char *const *forms, size_t n, bool *exact)
{
    struct buf_text b = {0};
    bool ok = true;

    *exact = true;
    for (size_t i = 0; i < n && ok; i++)
        ok = (i == 0 || buf_appendf(&b, " OR ")) && fts_trigrams(&b, forms[i], exact);
    if (!ok) {
        free(b.s);
        return NULL;
    }
    return b.s;
}

/* Appends s as a JSON string. */
static bool json_string(struct buf_text *b, const char *s)
{
    bool ok = buf_appendf(b, "\"");

    for (; *s && ok; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            ok = buf_appendf(b, "\\%c", c);
        else if (c < 0x20)
            ok = buf_appendf(b, "\\u%04x", c);
        else
            ok = buf_appendf(b, "%c", c);
    }
    return ok && buf_appendf(b, "\"");
}

/* The term ranges of a short search's spellings (see plan.h), ASCII
 * letters in lower case as the index has them. NULL when memory ran out. */
static char *term_ranges(char *const *forms, size_t n)
{
    struct buf_text b = {0};
    bool ok = buf_appendf(&b, "[");

    for (size_t i = 0; i < n && ok; i++) {
        size_t len = strlen(forms[i]);
        char *lo = malloc(len + 5);
        if (!lo) {
            ok = false;
            break;
        }
        for (size_t k = 0; k < len; k++)
            lo[k] = fold(forms[i][k]);
        lo[len] = '\0';
        ok = buf_appendf(&b, "%s[", i ? "," : "") && json_string(&b, lo) && buf_appendf(&b, ",");
        /* U+10FFFF sorts after any character that can follow the query. */
        memcpy(lo + len, "\xf4\x8f\xbf\xbf", 5);
        ok = ok && json_string(&b, lo) && buf_appendf(&b, "]");
        free(lo);
    }
    if (!ok || !buf_appendf(&b, "]")) {
        free(b.s);
        return NULL;
    }
    return b.s;
}

/* True when no character of q outside ASCII has a case: matching it in C
 * with ASCII folding then gives what the index gives, which folds those
 * too (Chinese has none). */
static bool caseless_beyond_ascii(const char *q)
{
    const uint8_t *p = (const uint8_t *)q, *end = p + strlen(q);

    while (p < end) {
        ucs4_t c;
        int n = u8_mbtouc(&c, p, (size_t)(end - p));
        if (c >= 0x80 && (uc_tolower(c) != c || uc_toupper(c) != c))
            return false;
        p += n > 0 ? n : 1;
    }
    return true;
}

enum plan_form plan_parse(const char *search, size_t *start, size_t *len)
{
    size_t n = search ? strlen(search) : 0;

    *start = 0;
    *len = n;
    if (n >= 2 && (search[0] == '#' || search[0] == '@')) {
        *start = 1;
        *len = n - 1;
        return search[0] == '#' ? PLAN_TAG : PLAN_AUTHOR;
    }
    if (n >= 2 && search[0] == '"' && search[n - 1] == '"') {
        *start = 1;
        *len = n - 2;
    }
    return PLAN_WORDS;
}

int plan_init(struct plan *plan, const struct model_filter *filter, struct rf_error *err)
{
    static const struct model_filter none;
    const struct model_filter *f = filter ? filter : &none;
    const char *q;
    bool others = f->has_from || f->has_to || f->lang || f->platform || f->tag ||
                  f->provenance || f->starred_only || f->marked_only || f->code || f->sample ||
                  f->author;
    bool fits;
    size_t start, len;

    memset(plan, 0, sizeof *plan);
    plan->filter = f;
    plan->empty = model_filter_is_empty(f);
    plan->form = plan_parse(f->search, &start, &len);
    if (f->search && f->search[0] && !(plan->term = strndup(f->search + start, len))) {
        rf_error_set(err, _("out of memory"));
        return -1;
    }
    q = plan->form == PLAN_WORDS ? plan->term : NULL;
    if (q && q[0]) {
        size_t n = strlen(q);
        plan->search = u8_mbsnlen((const uint8_t *)q, n) < MODEL_FTS_MIN_CHARS ? PLAN_SHORT
                                                                               : PLAN_PHRASE;
        fits = n < sizeof plan->folded;
        if (fits) {
            for (size_t i = 0; i <= n; i++) {
                plan->folded[i] = fold(q[i]);
                plan->letters |= plan->folded[i] >= 'a' && plan->folded[i] <= 'z';
            }
            plan->folded_len = n;
        }
        plan->match_in_c = fits && caseless_beyond_ascii(q);
        plan->comments = f->with_comments;
        if ((plan->variants = plan->scripts = script_has_variants(q, n))) {
            if (!(plan->nforms = script_spellings(q, n, &plan->forms, &plan->forms_all))) {
                rf_error_set(err, _("out of memory"));
                return -1;
            }
            /* Past the cap the index's few spellings are the search, and
             * rows are asked of the index rather than tested in C, so a
             * list and its count agree. */
            if (!plan->forms_all)
                plan->match_in_c = false;
            if (!(plan->matcher = script_matcher_new(q, n))) {
                rf_error_set(err, _("out of memory"));
                return -1;
            }
        }
        plan->short_terms = plan->search == PLAN_SHORT && plan->match_in_c && !plan->comments;
        if (plan->short_terms && plan->scripts &&
            !(plan->ranges = term_ranges(plan->forms, plan->nforms))) {
            rf_error_set(err, _("out of memory"));
            return -1;
        }
        /* U+10FFFF sorts after any character that can follow the query. */
        if (plan->short_terms) {
            memcpy(plan->upper, plan->folded, n);
            memcpy(plan->upper + n, "\xf4\x8f\xbf\xbf", 5);
        }
        if (plan->search == PLAN_PHRASE &&
            !(plan->phrase = plan->scripts ? fts_query(plan->forms, plan->nforms, &plan->index_exact)
                                           : fts_query(&plan->term, 1, &plan->index_exact))) {
            rf_error_set(err, _("out of memory"));
            return -1;
        }
    }
    {
        /* A #tag or @name search: a set of posts the model resolves. */
        bool named = plan->form != PLAN_WORDS;
        bool tag = plan->form == PLAN_TAG;
        plan->selective = f->tag || named || plan->search == PLAN_PHRASE;
        /* The summaries' days and quarter hours are ts_utc divided toward
         * zero, so the first of each holds the seconds on both sides of 0
         * (a post of 1970-01-01 east of UTC): a bound there needs the posts. */
        plan->quarters = !f->tag && !named && !f->provenance && !f->starred_only && !f->author &&
                         !f->marked_only && !f->code && !f->sample &&
                         plan->search == PLAN_NO_SEARCH &&
                         (!f->has_from || (f->from % 900 == 0 && f->from > 0)) &&
                         (!f->has_to || (f->to % 900 == 0 && f->to > 0));
        plan->daily = plan->quarters && (!f->has_from || f->from % 86400 == 0) &&
                      (!f->has_to || f->to % 86400 == 0);
        plan->tag_only = (f->tag != NULL) + tag == 1 && !f->has_from && !f->has_to && !f->lang &&
                         !f->platform && !f->provenance && !f->starred_only && !f->author &&
                         !f->marked_only && !f->code && !f->sample &&
                         plan->search == PLAN_NO_SEARCH && plan->form != PLAN_AUTHOR;
        plan->search_only = plan->search != PLAN_NO_SEARCH && !others;
    }
    return 0;
}

/* True when every character of s that has variants is present. */
static bool spelling_present(const char *s, bool (*present)(uint32_t c, void *arg), void *arg)
{
    const uint8_t *p = (const uint8_t *)s, *end = p + strlen(s);

    while (p < end) {
        ucs4_t c;
        int n = u8_mbtouc(&c, p, (size_t)(end - p));
        n = n > 0 ? n : 1;
        if (script_has_variants((const char *)p, (size_t)n) && !present(c, arg))
            return false;
        p += n;
    }
    return true;
}

int plan_narrow_spellings(struct plan *plan, bool (*present)(uint32_t c, void *arg), void *arg,
                          struct rf_error *err)
{
    size_t kept = 0;
    bool typed = false;

    if (!plan->scripts || !plan->forms_all)
        return 0;
    for (size_t i = 0; i < plan->nforms; i++) {
        if (spelling_present(plan->forms[i], present, arg)) {
            typed |= i == 0; /* forms[0] is the search as typed */
            plan->forms[kept++] = plan->forms[i];
        } else {
            free(plan->forms[i]);
        }
    }
    plan->nforms = kept;
    free(plan->ranges);
    plan->ranges = NULL;
    if (kept == 0 || (kept == 1 && typed)) {
        script_spellings_free(plan->forms, plan->nforms);
        plan->forms = NULL;
        plan->nforms = 0;
        script_matcher_free(plan->matcher);
        plan->matcher = NULL;
        plan->scripts = false;
    } else if (plan->short_terms && !(plan->ranges = term_ranges(plan->forms, plan->nforms))) {
        rf_error_set(err, _("out of memory"));
        return -1;
    }
    if (plan->phrase) {
        free(plan->phrase);
        if (!(plan->phrase = plan->scripts ? fts_query(plan->forms, plan->nforms, &plan->index_exact)
                                           : fts_query(&plan->term, 1, &plan->index_exact))) {
            rf_error_set(err, _("out of memory"));
            return -1;
        }
    }
    return 0;
}

void plan_free(struct plan *plan)
{
    free(plan->phrase);
    plan->phrase = NULL;
    free(plan->term);
    plan->term = NULL;
    free(plan->spellings);
    plan->spellings = NULL;
    free(plan->sample_ids);
    plan->sample_ids = NULL;
    script_spellings_free(plan->forms, plan->nforms);
    plan->forms = NULL;
    plan->nforms = 0;
    free(plan->ranges);
    plan->ranges = NULL;
    script_matcher_free(plan->matcher);
    plan->matcher = NULL;
}

bool plan_matches(const struct plan *plan, const char *s, size_t n)
{
    const char *q = plan->folded;
    size_t k = plan->folded_len;

    if (!s || k == 0)
        return false;
    if (plan->scripts)
        return script_matcher_in(plan->matcher, s, n);
    if (n < k)
        return false;
    if (!plan->letters)
        return memmem(s, n, q, k) != NULL;
    for (size_t i = 0; i + k <= n; i++) {
        size_t j = 0;
        while (j < k && fold(s[i + j]) == q[j])
            j++;
        if (j == k)
            return true;
    }
    return false;
}

size_t plan_spans(const struct plan *plan, const char *s, struct model_span **out)
{
    const char *q = plan->form == PLAN_WORDS ? plan->term : NULL;
    size_t n = s ? strlen(s) : 0, k = q ? strlen(q) : 0, count = 0, cap = 0;
    struct model_span *spans = NULL;

    *out = NULL;
    if (!k)
        return 0;
    if (plan->variants) {
        size_t len;
        for (long at = script_find(s, n, 0, q, k, &len); at >= 0;
             at = script_find(s, n, (size_t)at + len, q, k, &len)) {
            if (count == cap) {
                struct model_span *p = realloc(spans, (cap = cap ? cap * 2 : 4) * sizeof *p);
                if (!p)
                    break;
                spans = p;
            }
            spans[count++] = (struct model_span){(size_t)at, len};
        }
        *out = spans;
        return count;
    }
    if (n < k)
        return 0;
    for (size_t i = 0; i + k <= n;) {
        size_t j = 0;
        while (j < k && fold(s[i + j]) == fold(q[j]))
            j++;
        if (j < k) {
            i++;
            continue;
        }
        if (count == cap) {
            struct model_span *p = realloc(spans, (cap = cap ? cap * 2 : 4) * sizeof *p);
            if (!p)
                break;
            spans = p;
        }
        spans[count].offset = i;
        spans[count].length = k;
        count++;
        i += k;
    }
    *out = spans;
    return count;
}
