/* script.c — Chinese in both scripts (contract in script.h). */
#include "autoconfig.h"

#include "i18n.h"
#include "script.h"

#include <opencc.h>
#include <stdlib.h>
#include <string.h>
#include <unicase.h>
#include <unistr.h>

/* The first Han code point (CJK radicals): below it nothing folds. */
#define HAN_FIRST 0x2E80

/* A byte that is not UTF-8 stands for itself, apart from every character. */
#define RAW_BYTE 0x80000000u

uint32_t script_fold(uint32_t c)
{
    size_t lo = 0, hi = script_folds_count;

    if (c < HAN_FIRST || c >= RAW_BYTE)
        return c;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (script_folds[mid].from < c)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < script_folds_count && script_folds[lo].from == c ? script_folds[lo].to : c;
}

/* The run of script_members folding to f: [*first, return). */
static size_t members_of(uint32_t f, size_t *first)
{
    size_t lo = 0, hi = script_members_count, end;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (script_members[mid].to < f)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (end = lo; end < script_members_count && script_members[end].to == f; end++)
        ;
    *first = lo;
    return end;
}

/* The character at s (n > 0 bytes) and its length; a byte that starts no
 * valid character is RAW_BYTE | byte, one byte long. */
static size_t next_char(const char *s, size_t n, uint32_t *c)
{
    ucs4_t u;
    int len = u8_mbtoucr(&u, (const uint8_t *)s, n);

    if (len <= 0) {
        *c = RAW_BYTE | (unsigned char)s[0];
        return 1;
    }
    *c = u;
    return (size_t)len;
}

/* What two characters are compared by: letters in lower case (beyond
 * ASCII too, as the search index folds them), Han characters folded. */
static uint32_t key(uint32_t c)
{
    if (c >= 'A' && c <= 'Z')
        return c + 32;
    if (c >= 0x80 && c < RAW_BYTE)
        c = uc_tolower(c);
    return script_fold(c);
}

/* True when some character of the n bytes at s beyond ASCII has a case. */
static bool cased_beyond_ascii(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        uint32_t c;
        i += next_char(s + i, n - i, &c);
        if (c >= 0x80 && c < RAW_BYTE && (uc_tolower(c) != c || uc_toupper(c) != c))
            return true;
    }
    return false;
}

bool script_has_variants(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        uint32_t c, f;
        size_t first;
        i += next_char(s + i, n - i, &c);
        if (c < HAN_FIRST || c >= RAW_BYTE)
            continue;
        f = script_fold(c);
        if (f != c || members_of(f, &first) > first)
            return true;
    }
    return false;
}

long script_find(const char *s, size_t n, size_t from, const char *q, size_t qn, size_t *len)
{
    uint32_t first;

    if (!s || !q || qn == 0)
        return -1;
    next_char(q, qn, &first);
    first = key(first);
    for (size_t i = from; i < n;) {
        uint32_t c;
        size_t step = next_char(s + i, n - i, &c);
        if (key(c) == first) {
            size_t a = i + step, b = 0;
            uint32_t d, e;
            b += next_char(q, qn, &e);
            while (b < qn && a < n) {
                size_t sa = next_char(s + a, n - a, &d), sb = next_char(q + b, qn - b, &e);
                if (key(d) != key(e))
                    break;
                a += sa;
                b += sb;
            }
            if (b == qn) {
                *len = a - i;
                return (long)i;
            }
        }
        i += step;
    }
    return -1;
}

/* ---- spellings --------------------------------------------------------------------- */

/* One character of a query: its variants (the one typed first), and its
 * simplified and OpenCC's default traditional forms. */
struct choice {
    uint32_t forms[8];
    size_t count;
    uint32_t simplified, traditional;
};

static void add_form(struct choice *ch, uint32_t c)
{
    for (size_t i = 0; i < ch->count; i++)
        if (ch->forms[i] == c)
            return;
    if (ch->count < sizeof ch->forms / sizeof ch->forms[0])
        ch->forms[ch->count++] = c;
}

/* The variants of the character at s into ch; returns its length. */
static size_t choices(const char *s, size_t n, struct choice *ch)
{
    uint32_t c;
    size_t len = next_char(s, n, &c), first, end;

    ch->count = 0;
    add_form(ch, c);
    ch->simplified = ch->traditional = c;
    if (c < HAN_FIRST || c >= RAW_BYTE)
        return len;
    ch->simplified = script_fold(c);
    add_form(ch, ch->simplified);
    end = members_of(ch->simplified, &first);
    if (end > first)
        ch->traditional = script_members[first].from;
    for (size_t i = first; i < end; i++)
        add_form(ch, script_members[i].from);
    return len;
}

/* Appends c as UTF-8 (a raw byte as itself); returns the bytes written. */
static size_t put_char(char *out, uint32_t c)
{
    int n;

    if (c >= RAW_BYTE) {
        out[0] = (char)(c & 0xFF);
        return 1;
    }
    n = u8_uctomb((uint8_t *)out, c, 4);
    return n > 0 ? (size_t)n : 0;
}

/* The spelling with chars[i].forms[pick[i]], or with every character's
 * simplified (form -1) or traditional (form -2) form when pick is NULL. */
static char *spelling(const struct choice *chars, size_t nchars, const size_t *pick, int form)
{
    char *out = malloc(4 * nchars + 1);
    size_t len = 0;

    if (!out)
        return NULL;
    for (size_t i = 0; i < nchars; i++) {
        const struct choice *ch = &chars[i];
        len += put_char(out + len, pick ? ch->forms[pick[i]]
                                   : form == -1 ? ch->simplified
                                                : ch->traditional);
    }
    out[len] = '\0';
    return out;
}

void script_spellings_free(char **v, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        free(v[i]);
    free(v);
}

/* Adds s to v unless it is there; false when memory ran out. */
static bool add_unique(char **v, size_t *n, char *s)
{
    if (!s)
        return false;
    for (size_t i = 0; i < *n; i++)
        if (strcmp(v[i], s) == 0) {
            free(s);
            return true;
        }
    v[(*n)++] = s;
    return true;
}

size_t script_spellings(const char *s, size_t n, char ***out, bool *all)
{
    struct choice *chars = calloc(n ? n : 1, sizeof *chars);
    size_t *pick = calloc(n ? n : 1, sizeof *pick);
    size_t nchars = 0, total = 1, count = 0;
    char **v = NULL;

    *out = NULL;
    *all = true;
    if (!chars || !pick)
        goto done;
    for (size_t i = 0; i < n; nchars++) {
        i += choices(s + i, n - i, &chars[nchars]);
        if (total <= SCRIPT_SPELLINGS_MAX)
            total *= chars[nchars].count;
    }
    if (total > SCRIPT_SPELLINGS_MAX) {
        *all = false;
        if (!(v = calloc(3, sizeof *v)) || !add_unique(v, &count, spelling(chars, nchars, pick, 0)) ||
            !add_unique(v, &count, spelling(chars, nchars, NULL, -1)) ||
            !add_unique(v, &count, spelling(chars, nchars, NULL, -2)))
            goto fail;
        goto done;
    }
    if (!(v = calloc(total, sizeof *v)))
        goto done;
    for (;;) {
        size_t i = nchars;
        if (!(v[count] = spelling(chars, nchars, pick, 0)))
            goto fail;
        count++;
        /* The next combination, the last character changing fastest. */
        while (i > 0 && ++pick[i - 1] == chars[i - 1].count)
            pick[--i] = 0;
        if (i == 0)
            break;
    }
    goto done;
fail:
    script_spellings_free(v, count);
    v = NULL;
    count = 0;
done:
    free(chars);
    free(pick);
    *out = v;
    return count;
}

/* ---- a compiled query ---------------------------------------------------------------- */

/* Spellings tried whole, at most: more, and the characters are compared one
 * by one instead. */
#define WHOLE_SPELLINGS 8

struct script_matcher {
    char *q; /* ASCII letters in lower case */
    size_t qn;
    bool letters, variants;
    bool cased; /* letters beyond ASCII: compared by script_find() */
    char **forms; /* the spellings, when they are tried whole */
    size_t nforms;
};

static char ascii_lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
}

struct script_matcher *script_matcher_new(const char *q, size_t qn)
{
    struct script_matcher *m = calloc(1, sizeof *m);
    bool all;

    if (!m || !(m->q = malloc(qn + 1))) {
        free(m);
        return NULL;
    }
    for (size_t i = 0; i < qn; i++) {
        m->q[i] = ascii_lower(q[i]);
        m->letters |= m->q[i] >= 'a' && m->q[i] <= 'z';
    }
    m->q[qn] = '\0';
    m->qn = qn;
    m->variants = script_has_variants(q, qn);
    m->cased = cased_beyond_ascii(q, qn);
    if (m->variants && !m->letters && !m->cased) {
        m->nforms = script_spellings(q, qn, &m->forms, &all);
        if (!all || m->nforms > WHOLE_SPELLINGS) {
            script_spellings_free(m->forms, m->nforms);
            m->forms = NULL;
            m->nforms = 0;
        }
    }
    return m;
}

bool script_matcher_in(const struct script_matcher *m, const char *s, size_t n)
{
    size_t len;

    if (!s || m->qn == 0)
        return false;
    /* Without variants, bytes are compared as they always were. */
    if (m->cased)
        return script_find(s, n, 0, m->q, m->qn, &len) >= 0;
    if (!m->variants && !m->letters)
        return memmem(s, n, m->q, m->qn) != NULL;
    if (!m->variants) {
        for (size_t i = 0; i + m->qn <= n; i++) {
            size_t j = 0;
            while (j < m->qn && ascii_lower(s[i + j]) == m->q[j])
                j++;
            if (j == m->qn)
                return true;
        }
        return false;
    }
    if (!m->nforms)
        return script_find(s, n, 0, m->q, m->qn, &len) >= 0;
    for (size_t i = 0; i < m->nforms; i++)
        if (memmem(s, n, m->forms[i], strlen(m->forms[i])))
            return true;
    return false;
}

void script_matcher_free(struct script_matcher *m)
{
    if (!m)
        return;
    script_spellings_free(m->forms, m->nforms);
    free(m->q);
    free(m);
}

/* ---- display ----------------------------------------------------------------------- */

static enum script_display display = SCRIPT_AS_IS;
static opencc_t converter = (opencc_t)-1;
/* Each direction's converter, opened the first time it is asked for and
 * kept: s2t loads OpenCC's phrase dictionary (STPhrases.ocd2, about 0.1 s
 * and 9 MiB; t2s takes 1 ms), which a J that cycles back to traditional
 * should not pay again. */
static opencc_t opened[] = {[SCRIPT_SIMPLIFIED] = (opencc_t)-1, [SCRIPT_TRADITIONAL] = (opencc_t)-1};

int script_set_display(enum script_display d, struct rf_error *err)
{
    const char *config = d == SCRIPT_SIMPLIFIED ? "t2s.json" : "s2t.json";

    converter = (opencc_t)-1;
    display = SCRIPT_AS_IS;
    if (d == SCRIPT_AS_IS)
        return 0;
    if (opened[d] == (opencc_t)-1 && (opened[d] = opencc_open(config)) == (opencc_t)-1) {
        rf_error_set(err, _("script: cannot open OpenCC's %s (%s); text is shown as it is"),
                     config, opencc_error());
        return -1;
    }
    converter = opened[d];
    display = d;
    return 0;
}

enum script_display script_display(void)
{
    return display;
}

/* The byte offset of character number `index` in s. */
static size_t char_offset(const char *s, size_t n, size_t index)
{
    size_t at = 0;

    for (uint32_t c; index > 0 && at < n; index--)
        at += next_char(s + at, n - at, &c);
    return at;
}

/* script_convert() of a valid UTF-8 text with Han characters. */
static char *convert_text(const char *s, size_t n, struct model_span *spans, size_t nspans)
{
    char *out = opencc_convert_utf8(converter, s, n), *copy;

    if (!out)
        return NULL;
    copy = strdup(out);
    opencc_convert_utf8_free(out);
    if (!copy)
        return NULL;
    /* OpenCC's s2t and t2s map character for character (their phrases
     * too), so a span keeps its characters' places. Should a dictionary
     * ever change a length, the text is shown as it was written. */
    if (u8_mbsnlen((const uint8_t *)s, n) != u8_mbsnlen((const uint8_t *)copy, strlen(copy))) {
        free(copy);
        return NULL;
    }
    for (size_t k = 0; k < nspans; k++) {
        size_t from = u8_mbsnlen((const uint8_t *)s, spans[k].offset);
        size_t count = u8_mbsnlen((const uint8_t *)s + spans[k].offset, spans[k].length);
        size_t len = strlen(copy), at = char_offset(copy, len, from);
        spans[k].offset = at;
        spans[k].length = char_offset(copy + at, len - at, count);
    }
    return copy;
}

char *script_convert(const char *s, size_t n, struct model_span *spans, size_t nspans)
{
    bool han = false;

    if (display == SCRIPT_AS_IS || !s || n == 0)
        return NULL;
    /* Han characters take three or four bytes, the first E2 or above. */
    for (size_t i = 0; i < n && !han; i++)
        han = (unsigned char)s[i] >= 0xE2;
    if (!han || u8_check((const uint8_t *)s, n) || memchr(s, '\0', n))
        return NULL;
    return convert_text(s, n, spans, nspans);
}

void script_convert_owned(char **s, struct model_span *spans, size_t nspans)
{
    char *converted = *s ? script_convert(*s, strlen(*s), spans, nspans) : NULL;

    if (converted) {
        free(*s);
        *s = converted;
    }
}
