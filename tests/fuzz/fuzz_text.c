/* fuzz_text.c — libFuzzer target for the text layer.
 *
 * Input: byte 0 picks the options (bit 0 TEXT_KEEP_NEWLINES, bit 1
 * TEXT_KEEP_TABS, bit 2 wide ambiguous characters, bit 3 ASCII mode),
 * byte 1 the width (-2 to 45), the rest is the untrusted text. The target
 * sanitises it and runs every other function on the result, checking the
 * invariants the UI relies on; a broken one aborts with a message.
 * Built with libFuzzer by ./configure CC=clang --enable-fuzzing, and
 * replayed over the committed corpus by tests/fuzz/replay.c in `make check`.
 */
#include "autoconfig.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unigbrk.h>
#include <unistr.h>

#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                                        \
    do {                                                                                   \
        if (!(cond)) {                                                                     \
            fprintf(stderr, "fuzz_text: %s:%d: invariant broken: %s\n", __FILE__, __LINE__, \
                    #cond);                                                                \
            abort();                                                                       \
        }                                                                                  \
    } while (0)

/* Valid UTF-8 with nothing a terminal would obey. */
static void check_safe(const char *s, size_t len, unsigned flags, int ascii)
{
    const uint8_t *u = (const uint8_t *)s, *end = u + len;

    CHECK(u8_check(u, len) == NULL);
    while (u < end) {
        ucs4_t c;
        u += u8_mbtouc(&c, u, (size_t)(end - u));
        CHECK(c >= 0x20 || (c == '\n' && (flags & TEXT_KEEP_NEWLINES)));
        CHECK(c != 0x7F && !(c >= 0x80 && c < 0xA0));
        CHECK(!(c >= 0x202A && c <= 0x202E) && !(c >= 0x2066 && c <= 0x2069));
        CHECK(c != 0xFEFF && c != 0x00AD);
        CHECK(!ascii || c < 0x80);
    }
}

/* Clusters from text_next_grapheme and text_prev_grapheme both equal
 * libunistring's u8_grapheme_breaks; marks boundaries in at[0..len]. */
static void check_graphemes(const char *s, size_t len, char *at)
{
    char *lib = malloc(len + 1), *back = calloc(len + 1, 1);
    size_t pos, cps = 0;

    CHECK(lib && back);
    memset(at, 0, len + 1);
    u8_grapheme_breaks((const uint8_t *)s, len, lib);
    for (pos = 0; pos < len;) {
        size_t next = text_next_grapheme(s, len, pos);
        CHECK(next > pos && next <= len);
        at[next] = 1;
        pos = next;
    }
    for (pos = len; pos > 0;) {
        size_t prev = text_prev_grapheme(s, len, pos);
        CHECK(prev < pos);
        back[prev] = 1;
        pos = prev;
    }
    at[0] = back[len] = 1;
    for (size_t i = 0; i < len; i++) {
        int starts_cp = (((const uint8_t *)s)[i] & 0xC0) != 0x80;
        CHECK(at[i] == back[i]);
        if (i > 0 && starts_cp)
            CHECK(at[i] == !!lib[i]);
        /* The sanitiser keeps at most 16 code points per cluster. */
        if (at[i])
            cps = 0;
        if (starts_cp)
            CHECK(++cps <= 16);
    }
    free(lib);
    free(back);
}

static int only_spaces_and_newlines(const char *s, size_t len, size_t *newlines)
{
    *newlines = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '\n')
            ++*newlines;
        else if (s[i] != ' ')
            return 0;
    }
    return 1;
}

static void check_wrap(const char *s, size_t len, int width, const char *at)
{
    size_t n = text_wrap(s, len, width, NULL, 0), prev_end = 0, newlines, paragraphs;
    struct text_span *spans = malloc((n ? n : 1) * sizeof *spans);
    int line_width = width < 1 ? 1 : width;

    CHECK(spans);
    CHECK(text_wrap(s, len, width, spans, n) == n);
    for (size_t i = 0; i < n; i++) {
        const struct text_span *sp = &spans[i];
        CHECK(sp->offset >= prev_end && sp->offset + sp->length <= len);
        CHECK(at[sp->offset] && at[sp->offset + sp->length]);
        CHECK(sp->width == text_width(s + sp->offset, sp->length));
        CHECK(sp->width <= line_width ||
              text_next_grapheme(s, len, sp->offset) == sp->offset + sp->length);
        CHECK(only_spaces_and_newlines(s + prev_end, sp->offset - prev_end, &newlines));
        CHECK(newlines <= 1 && (i > 0 || newlines == 0));
        /* Trailing spaces are not in the span. */
        if (sp->length > 0) {
            size_t last = text_prev_grapheme(s, len, sp->offset + sp->length);
            CHECK(!(last + 1 == sp->offset + sp->length && s[last] == ' '));
        }
        prev_end = sp->offset + sp->length;
    }
    CHECK(only_spaces_and_newlines(s + prev_end, len - prev_end, &newlines));
    CHECK(newlines <= 1);

    /* When everything fits, there is one line per paragraph. */
    paragraphs = len == 0 ? 0 : (size_t)(s[len - 1] != '\n');
    for (size_t i = 0; i < len; i++)
        paragraphs += s[i] == '\n';
    if (text_width(s, len) <= line_width)
        CHECK(n == paragraphs);
    free(spans);
}

static void check_fit(const char *s, size_t len, int width, const char *at)
{
    struct text_fit fit = text_fit(s, len, width);
    char *t = text_truncate(s, len, width);
    int want = width < 0 ? 0 : width;

    CHECK(t != NULL);
    CHECK(fit.bytes <= len && at[fit.bytes]);
    CHECK(fit.width == text_width(s, fit.bytes));
    CHECK(fit.width >= 0 && fit.ellipsis >= 0 && fit.pad >= 0);
    CHECK(fit.width + fit.ellipsis + fit.pad == want);
    CHECK(fit.truncated ? fit.bytes < len : fit.bytes == len && fit.ellipsis == 0);
    CHECK(u8_check((const uint8_t *)t, strlen(t)) == NULL);
    CHECK(text_width(t, strlen(t)) == want);
    free(t);
}

static void check_ascii(const char *s, size_t len)
{
    char *a = text_to_ascii(s, len), *again;
    size_t alen;

    CHECK(a != NULL);
    alen = strlen(a);
    for (size_t i = 0; i < alen; i++)
        CHECK((a[i] >= 0x20 && a[i] < 0x7F) || a[i] == '\n');
    again = text_to_ascii(a, alen);
    CHECK(again && strcmp(a, again) == 0);
    free(again);
    free(a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    unsigned flags;
    int width, ascii;
    const char *raw;
    size_t raw_len, len;
    char *clean, *again, *at;

    if (size < 2)
        return 0;
    flags = data[0] & (TEXT_KEEP_NEWLINES | TEXT_KEEP_TABS);
    ascii = (data[0] >> 3) & 1;
    width = data[1] % 48 - 2;
    raw = (const char *)data + 2;
    raw_len = size - 2;
    text_configure(data[0] & 4 ? TEXT_AMBIGUOUS_WIDE : TEXT_AMBIGUOUS_NARROW, ascii);

    clean = text_sanitize(raw, raw_len, flags);
    CHECK(clean != NULL);
    len = strlen(clean);
    check_safe(clean, len, flags, ascii);
    again = text_sanitize(clean, len, flags);
    CHECK(again && strcmp(clean, again) == 0); /* sanitising is idempotent */
    free(again);

    at = malloc(len + 1);
    CHECK(at != NULL);
    check_graphemes(clean, len, at);
    CHECK(text_width(clean, len) >= 0);
    check_wrap(clean, len, width, at);
    check_fit(clean, len, width, at);
    check_ascii(clean, len);
    free(at);
    free(clean);

    /* Unsanitised input must not crash navigation either. */
    for (size_t pos = 0; pos <= raw_len; pos += 1 + raw_len / 8) {
        CHECK(text_next_grapheme(raw, raw_len, pos) <= raw_len);
        CHECK(text_prev_grapheme(raw, raw_len, pos) <= (pos ? pos - 1 : 0));
    }
    return 0;
}
