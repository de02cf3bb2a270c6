/* test_kwic.c — keyword-in-context snippets (src/kwic.h): where they cut,
 * how wide they are, and that they never split a character or a cluster. */
#include "autoconfig.h"

#include <locale.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "kwic.h"
#include "tap.h"
#include "text.h"

#define ELLIPSIS "\xe2\x80\xa6"
#define CAT "\xe7\x8c\xab" /* 猫 */

/* The snippet of s around the first occurrence of q. */
static struct kwic cut(const char *s, const char *q, int width)
{
    struct kwic k;
    const char *at = strstr(s, q);
    struct model_span span = {.offset = at ? (size_t)(at - s) : 0, .length = strlen(q)};

    if (!ok(kwic_cut(s, strlen(s), span, width, &k) == 0, "kwic_cut succeeds"))
        memset(&k, 0, sizeof k);
    return k;
}

/* The hit as the line holds it. */
static int hit_is(const struct kwic *k, const char *q)
{
    return k->line && k->hit_len == strlen(q) && memcmp(k->line + k->hit, q, k->hit_len) == 0;
}

/* The line begins (after an ellipsis) with no mark that belongs to the
 * character before it: the cut fell between grapheme clusters. */
static int starts_whole(const struct kwic *k)
{
    const char *s = k->line;
    size_t n = k->line_len;

    if (n >= 3 && memcmp(s, ELLIPSIS, 3) == 0) {
        s += 3;
        n -= 3;
    }
    return n == 0 || text_prev_grapheme(s, n, text_next_grapheme(s, n, 0)) == 0;
}

static void test_short(void)
{
    struct kwic k = cut("the cat sat", "cat", 80);

    is_str(k.line, "the cat sat", "a short text is shown whole");
    ok(hit_is(&k, "cat") && k.hit == 4, "the hit is marked where it is");
    is_int(k.width, 11, "as wide as the text");
    kwic_free(&k);

    k = cut("one\ntwo\tcat\r\nend", "cat", 80);
    is_str(k.line, "one two cat  end", "line ends and tabs become spaces");
    kwic_free(&k);

    k = cut("\x1b]0;owned\x07 cat \x1b[2J", "cat", 80);
    ok(k.line && !strchr(k.line, '\x1b') && !strchr(k.line, '\x07') && hit_is(&k, "cat"),
       "escape sequences around the hit are defused");
    kwic_free(&k);
}

static void test_long_english(void)
{
    char s[2000];
    struct kwic k;

    memset(s, 0, sizeof s);
    for (int i = 0; i < 60; i++)
        strcat(s, "word ");
    strcat(s, "cattax ");
    for (int i = 0; i < 60; i++)
        strcat(s, "more ");
    k = cut(s, "cattax", 40);
    ok(k.line && strncmp(k.line, ELLIPSIS, 3) == 0, "context cut before the hit starts with …");
    ok(k.line_len >= 3 && memcmp(k.line + k.line_len - 3, ELLIPSIS, 3) == 0,
       "and the text cut after it ends with …");
    is_int(k.width, 40, "exactly the width asked for");
    ok(hit_is(&k, "cattax"), "the hit is inside");
    {
        int before = text_width(k.line, k.hit);
        ok(before >= 5 && before <= 14, "about a third of the room before the hit (%d columns)",
           before);
    }
    kwic_free(&k);

    /* Near the end: the room after is short, so more comes before. */
    k = cut("aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj cat", "cat", 30);
    /* (less the space a cut leaves after the ellipsis) */
    ok(k.width >= 29 && k.width <= 30, "a hit at the end fills the width with what precedes it");
    ok(hit_is(&k, "cat") && k.hit + 3 == k.line_len, "the hit ends the line");
    kwic_free(&k);

    k = cut("supercalifragilistic", "califragilistic", 8);
    ok(k.width <= 8 && k.hit == 0 && k.hit_len > 0,
       "a hit wider than the line starts it (%d columns)", k.width);
    kwic_free(&k);
}

static void test_cjk(void)
{
    char s[1024] = "";
    struct kwic k;

    for (int i = 0; i < 60; i++)
        strcat(s, "\xe4\xb8\xad"); /* 中 */
    strcat(s, CAT);
    for (int i = 0; i < 60; i++)
        strcat(s, "\xe6\x96\x87"); /* 文 */
    for (int w = 20; w <= 23; w++) {
        k = cut(s, CAT, w);
        ok(hit_is(&k, CAT), "CJK at %d columns: the hit is inside", w);
        ok(k.width == w || k.width == w - 1, "CJK at %d columns: %d columns, never more", w,
           k.width);
        ok(starts_whole(&k), "CJK at %d columns: cut between characters", w);
        kwic_free(&k);
    }
    /* A feed row's text at 80 columns: after the head, 45 columns remain. */
    k = cut(s, CAT, 45);
    ok(k.width <= 45 && k.width >= 44 && hit_is(&k, CAT), "45 columns of CJK: %d", k.width);
    kwic_free(&k);
}

static void test_clusters(void)
{
    char s[4096] = "";
    struct kwic k;

    /* e + combining acute, many times, then the hit. */
    for (int i = 0; i < 50; i++)
        strcat(s, "e\xcc\x81");
    strcat(s, "cat");
    for (int i = 0; i < 50; i++)
        strcat(s, "e\xcc\x81");
    for (int w = 10; w <= 13; w++) {
        k = cut(s, "cat", w);
        ok(starts_whole(&k) && hit_is(&k, "cat") && k.width <= w,
           "combining marks at %d columns: no mark cut from its letter", w);
        kwic_free(&k);
    }

    /* A family emoji (ZWJ sequence) and a flag, repeated. */
    s[0] = '\0';
    for (int i = 0; i < 30; i++)
        strcat(s, "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7"
                  "\xf0\x9f\x87\xa8\xf0\x9f\x87\xb3");
    strcat(s, CAT "\xf0\x9f\x90\xb1");
    for (int w = 10; w <= 13; w++) {
        k = cut(s, CAT, w);
        ok(starts_whole(&k) && hit_is(&k, CAT) && k.width <= w,
           "emoji sequences at %d columns: cut between clusters (%d columns)", w, k.width);
        kwic_free(&k);
    }

    /* Invalid UTF-8 around the hit is shown, not crashed on. */
    k = cut("\xff\xfe cat \xc3", "cat", 20);
    ok(k.line && hit_is(&k, "cat"), "invalid bytes around the hit become U+FFFD");
    kwic_free(&k);
}

static void test_huge(void)
{
    size_t n = 1 << 20;
    char *s = malloc(n + 4);
    struct kwic k;

    if (!s)
        return;
    memset(s, 'x', n);
    memcpy(s + n - 1000, "cat", 3);
    s[n] = '\0';
    k = cut(s, "cat", 60);
    ok(hit_is(&k, "cat") && k.width == 60, "a megabyte text: 60 columns around the hit");
    ok(k.line_len < 400, "read only around the hit (%zu bytes)", k.line_len);
    kwic_free(&k);
    free(s);
}

static void test_post(void)
{
    struct model_span tspan = {.offset = 4, .length = 3};
    struct model_post p = {.text = "\xe4\xbb\x8a\xe5\xa4\xa9 ok", /* 今天 ok */
                           .translation = "the cat today",
                           .translation_spans = &tspan,
                           .ntranslation_spans = 1};
    struct kwic k;

    ok(kwic_post(&p, 40, &k) == 0 && k.field == KWIC_TRANSLATION && hit_is(&k, "cat"),
       "a hit in the translation only: the snippet is the translation's");
    is_str(kwic_field_name(k.field), "translation", "named translation in data");
    ok(!k.machine, "a translation of no stated kind is not a machine's");
    kwic_free(&k);
    p.translation_kind = "human";
    text_configure(TEXT_AMBIGUOUS_NARROW, true);
    ok(kwic_post(&p, 40, &k) == 0 && !k.machine && strcmp(kwic_mark(&k), "t:") == 0,
       "a person's translation: t: in ASCII mode");
    text_configure(TEXT_AMBIGUOUS_NARROW, false);
    is_str(kwic_mark(&k), "\xe8\xaf\x91", "and 译 out of it");
    kwic_free(&k);
    p.translation_kind = "machine";
    text_configure(TEXT_AMBIGUOUS_NARROW, true);
    ok(kwic_post(&p, 40, &k) == 0 && k.machine && strcmp(kwic_mark(&k), "m:") == 0 &&
           strcmp(kwic_field_name(k.field), "translation") == 0,
       "a machine's: m: in ASCII mode, still the translation in data");
    text_configure(TEXT_AMBIGUOUS_NARROW, false);
    is_str(kwic_mark(&k), "\xe6\x9c\xba", "and 机 out of it");
    ok(text_width(kwic_mark(&k), strlen(kwic_mark(&k))) == 2, "in two columns");
    kwic_free(&k);
    p.translation_kind = NULL;

    p.text_spans = &tspan;
    p.ntext_spans = 1;
    p.text = "the cat's text";
    ok(kwic_post(&p, 40, &k) == 0 && k.field == KWIC_TEXT && hit_is(&k, "cat"),
       "a hit in the original comes first");
    kwic_free(&k);

    p.ntext_spans = p.ntranslation_spans = 0;
    ok(kwic_post(&p, 40, &k) == 0 && k.field == KWIC_NONE && !k.line,
       "no hit in either text (a tag or an author matched): no snippet");
    /* The marks follow the text layer's ASCII mode, which the explorer and
     * the batch commands set in a locale that is not UTF-8
     * (config_apply_text(), tested in test_config). */
    text_configure(TEXT_AMBIGUOUS_NARROW, false);
    is_str(kwic_mark(&(struct kwic){.field = KWIC_TEXT}), "\xe5\x8e\x9f",
           "out of ASCII mode the original's mark is 原");
    text_configure(TEXT_AMBIGUOUS_NARROW, true);
    is_str(kwic_mark(&(struct kwic){.field = KWIC_COMMENT}), "c:",
           "in ASCII mode the comment's mark is c:");
    text_configure(TEXT_AMBIGUOUS_NARROW, false);
    k = (struct kwic){.field = KWIC_TRANSLATION};
    ok(text_width(kwic_mark(&k), strlen(kwic_mark(&k))) == 2, "marks take two columns");
    text_configure(TEXT_AMBIGUOUS_NARROW, true);
    is_str(kwic_mark(&k), "t:", "in ASCII the translation's mark is t:");
    text_configure(TEXT_AMBIGUOUS_NARROW, false);
}

/* ---- the oracle: kwic_cut() as it was before it measured once and cleaned
 * a window (quadratic in the context, 2 KB cleaned a row), kept to prove the
 * snippets have not changed by a byte. */
#define OLD_CONTEXT_BYTES 1024

/* The n bytes at s as one sanitised line: line ends and tabs become spaces
 * first, so a snippet never shows a paragraph break as a placeholder. */
static char *old_one_line(const char *s, size_t n)
{
    char *flat = malloc(n + 1), *clean;

    if (!flat)
        return NULL;
    for (size_t i = 0; i < n; i++)
        flat[i] = s[i] == '\n' || s[i] == '\r' || s[i] == '\t' ? ' ' : s[i];
    clean = text_sanitize(flat, n, 0);
    free(flat);
    return clean;
}

/* The start of the longest tail of s[0..n) that fits in `width` columns,
 * at a grapheme cluster boundary (n when nothing fits). */
static size_t old_fitting_tail(const char *s, size_t n, int width)
{
    size_t pos = n;

    while (pos > 0) {
        size_t prev = text_prev_grapheme(s, n, pos);
        if (text_width(s + prev, n - prev) > width)
            break;
        pos = prev;
    }
    return pos;
}

static int old_kwic_cut(const char *s, size_t n, struct model_span at, int width, struct kwic *out)
{
    const char *dots = text_ellipsis();
    size_t ndots = strlen(dots), hit_end, from, to, pos, nbefore, nhit, nafter, len = 0;
    char *before = NULL, *hit = NULL, *after = NULL, *buf = NULL;
    int ew = text_width(dots, ndots), hw, aw, lead;
    bool cut_start, cut_end;
    struct text_fit fit;

    memset(out, 0, sizeof *out);
    if (width < 1)
        width = 1;
    if (at.offset > n)
        at.offset = n;
    hit_end = at.length > n - at.offset ? n : at.offset + at.length;
    /* The bytes read: whole characters around the hit. */
    from = at.offset > OLD_CONTEXT_BYTES ? at.offset - OLD_CONTEXT_BYTES : 0;
    while (from < at.offset && (s[from] & 0xC0) == 0x80)
        from++;
    to = n - hit_end > OLD_CONTEXT_BYTES ? hit_end + OLD_CONTEXT_BYTES : n;
    while (to > hit_end && to < n && (s[to] & 0xC0) == 0x80)
        to--;
    if (!(before = old_one_line(s + from, at.offset - from)) ||
        !(hit = old_one_line(s + at.offset, hit_end - at.offset)) ||
        !(after = old_one_line(s + hit_end, to - hit_end)))
        goto nomem;
    nbefore = strlen(before);
    nhit = strlen(hit);
    nafter = strlen(after);
    hw = text_width(hit, nhit);
    aw = text_width(after, nafter);
    /* A third of the room before the hit, more when what follows is short. */
    lead = width > hw ? (width - hw) / 3 : 0;
    if (width - hw - aw > lead)
        lead = width - hw - aw;
    pos = old_fitting_tail(before, nbefore, lead);
    cut_start = pos > 0 || from > 0;
    if (cut_start)
        pos = lead > ew ? old_fitting_tail(before, nbefore, lead - ew) : nbefore;
    while (pos < nbefore && before[pos] == ' ')
        pos++;
    cut_start = cut_start && lead > ew;
    if (!(buf = malloc(ndots + (nbefore - pos) + nhit + nafter + ndots + 1)))
        goto nomem;
    if (cut_start) {
        memcpy(buf, dots, ndots);
        len = ndots;
    }
    memcpy(buf + len, before + pos, nbefore - pos);
    len += nbefore - pos;
    out->hit = len;
    memcpy(buf + len, hit, nhit);
    len += nhit;
    memcpy(buf + len, after, nafter);
    len += nafter;
    fit = text_fit(buf, len, width);
    /* The text goes on past the bytes read: say so when there is room. */
    cut_end = fit.truncated ? fit.ellipsis > 0 : to < n && fit.width + ew <= width;
    len = fit.bytes;
    if (cut_end) {
        memcpy(buf + len, dots, ndots);
        len += ndots;
    }
    buf[len] = '\0';
    out->field = KWIC_TEXT;
    out->line = buf;
    out->line_len = len;
    out->hit_len = out->hit >= fit.bytes ? 0 : nhit < fit.bytes - out->hit ? nhit
                                                                         : fit.bytes - out->hit;
    out->width = text_width(buf, len);
    free(before);
    free(hit);
    free(after);
    return 0;
nomem:
    free(before);
    free(hit);
    free(after);
    free(buf);
    memset(out, 0, sizeof *out);
    return -1;
}


/* Pieces that meet every rule of the cut: clusters, widths, placeholders,
 * invalid bytes, escapes whose cleaning looks ahead, plain runs. */
static const char *const pieces[] = {
    "cat tax", "cat", " ", "  ", "word ", "longer words here ", "\n", "\r\n", "\t",
    CAT, "\xe7\xa8\x8e" /* 税 */, "\xe5\xb0\x8f\xe7\xba\xa2\xe4\xb9\xa6", /* 小红书 */
    "e\xcc\x81" /* e + combining acute */, "\xcc\x81" /* an orphaned mark */,
    "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7", /* family ZWJ */
    "\xf0\x9f\x87\xba\xf0\x9f\x87\xb8" /* US flag */, "\xf0\x9f\x87\xba" /* a lone RI */,
    "\xe2\x9d\xa4\xef\xb8\x8f" /* heart + VS16 */, "\xe2\x80\x8b" /* ZWSP */, "\xc2\xad",
    "\xc2\xa0" /* NBSP */, "\xe2\x80\xae" /* RLO */, "\xff", "\xc3", "\xe7\x8c", "\x01", "\x7f",
    "\x1b[31m", "\x1b]0;title\x07", "\x1b]8;;http://x/", "\xc2\x9b", "\xc2\x9d", "\x1b\\",
    "\xe0\xb8\x81\xe0\xb8\xb3" /* Thai sara am */, "\xe1\x84\x80\xe1\x85\xa1" /* Hangul L V */,
};

/* Runs of bytes that take no column: a line holds more of them than any
 * window cleaned for its width. */
static const char *const invisible[] = {"ab ", "\xe2\x80\x8b" /* ZWSP */,
                                        "\xe2\x80\x8b\xe2\x80\x8b", "\xc2\xad" /* SHY */};

/* A pseudo-random text of about `len` bytes from the pieces; `plain_bias`
 * of 16 draws mostly plain words, the way real posts read; a negative one
 * mostly invisible runs. */
static size_t random_text(char *buf, size_t cap, size_t len, unsigned *seed, int plain_bias)
{
    size_t n = 0, npieces = sizeof pieces / sizeof *pieces;

    while (n < len) {
        const char *piece;
        size_t plen;

        *seed = *seed * 1103515245u + 12345u;
        if (plain_bias < 0)
            piece = invisible[(*seed >> 12) % 4];
        else
            piece = (*seed >> 16) % 16 < (unsigned)plain_bias ? pieces[(*seed >> 8) % 6]
                                                             : pieces[(*seed >> 12) % npieces];
        plen = strlen(piece);
        if (n + plen >= cap)
            break;
        memcpy(buf + n, piece, plen);
        n += plen;
    }
    buf[n] = '\0';
    return n;
}

static int same_kwic(const struct kwic *a, const struct kwic *b)
{
    return a->line_len == b->line_len && a->hit == b->hit && a->hit_len == b->hit_len &&
           a->width == b->width && a->field == b->field &&
           (a->line == b->line ||
            (a->line && b->line && memcmp(a->line, b->line, a->line_len) == 0));
}

/* Every snippet is the old one, byte for byte: texts from a few bytes to
 * 6 KB (past the 1 KB of context on each side), hits at the start, the end
 * and anywhere, widths from 1 to 250, Unicode and ASCII output. */
static void test_same_as_before(void)
{
    static char buf[6200];
    static const int widths[] = {1, 2, 3, 5, 8, 13, 20, 40, 60, 80, 120, 200, 250};
    unsigned seed = 19;
    int cases = 0, differ = 0;

    for (int ascii = 0; ascii < 2; ascii++) {
        text_configure(TEXT_AMBIGUOUS_NARROW, ascii);
        for (int round = 0; round < 300; round++) {
            size_t want = round % 3 == 0 ? (size_t)round : 40u * (size_t)round % 6000u;
            int bias = round % 5 == 1 ? -1 : round % 4 == 0 ? 4 : 14;
            size_t len = random_text(buf, sizeof buf, want, &seed, bias);
            size_t at[4] = {0, len, len / 2, len ? seed % len : 0};

            for (int h = 0; h < 4; h++)
                for (size_t w = 0; w < sizeof widths / sizeof *widths; w++) {
                    struct model_span span = {.offset = at[h], .length = h == 1 ? 0 : 7};
                    struct kwic now, before;

                    if (kwic_cut(buf, len, span, widths[w], &now) != 0 ||
                        old_kwic_cut(buf, len, span, widths[w], &before) != 0) {
                        differ++;
                        continue;
                    }
                    cases++;
                    if (!same_kwic(&now, &before) && differ++ == 0)
                        tap_diag("differs: ascii %d round %d hit %zu width %d: \"%s\" was \"%s\"",
                                 ascii, round, at[h], widths[w], now.line, before.line);
                    kwic_free(&now);
                    kwic_free(&before);
                }
        }
    }
    text_configure(TEXT_AMBIGUOUS_NARROW, false);
    ok(cases > 30000 && differ == 0,
       "%d snippets of tricky text are byte for byte the old ones (%d differ)", cases, differ);
}

int main(void)
{
    text_configure(TEXT_AMBIGUOUS_NARROW, false);
    test_short();
    test_long_english();
    test_cjk();
    test_clusters();
    test_huge();
    test_post();
    test_same_as_before();
    return tap_done();
}
