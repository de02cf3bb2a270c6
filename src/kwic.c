/* kwic.c — a keyword-in-context snippet of a searched post (contract in kwic.h). */
#include "autoconfig.h"

#include "kwic.h"

#include <langinfo.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

/* Bytes read on either side of the hit: more than the widest terminal
 * shows of context, so a megabyte post costs what a tweet does. */
#define CONTEXT_BYTES 1024

/* The n bytes at s as one sanitised line: line ends and tabs become spaces
 * first, so a snippet never shows a paragraph break as a placeholder. */
static char *one_line(const char *s, size_t n)
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
static size_t fitting_tail(const char *s, size_t n, int width)
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

int kwic_cut(const char *s, size_t n, struct model_span at, int width, struct kwic *out)
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
    from = at.offset > CONTEXT_BYTES ? at.offset - CONTEXT_BYTES : 0;
    while (from < at.offset && (s[from] & 0xC0) == 0x80)
        from++;
    to = n - hit_end > CONTEXT_BYTES ? hit_end + CONTEXT_BYTES : n;
    while (to > hit_end && to < n && (s[to] & 0xC0) == 0x80)
        to--;
    if (!(before = one_line(s + from, at.offset - from)) ||
        !(hit = one_line(s + at.offset, hit_end - at.offset)) ||
        !(after = one_line(s + hit_end, to - hit_end)))
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
    pos = fitting_tail(before, nbefore, lead);
    cut_start = pos > 0 || from > 0;
    if (cut_start)
        pos = lead > ew ? fitting_tail(before, nbefore, lead - ew) : nbefore;
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

int kwic_post(const struct model_post *p, int width, struct kwic *out)
{
    memset(out, 0, sizeof *out);
    if (p->ntext_spans && p->text) {
        if (kwic_cut(p->text, strlen(p->text), p->text_spans[0], width, out) != 0)
            return -1;
        out->field = KWIC_TEXT;
    } else if (p->ntranslation_spans && p->translation) {
        if (kwic_cut(p->translation, strlen(p->translation), p->translation_spans[0], width,
                     out) != 0)
            return -1;
        out->field = KWIC_TRANSLATION;
    } else if (p->meta_hit) {
        if (kwic_cut(p->meta_hit, strlen(p->meta_hit), p->meta_span, width, out) != 0)
            return -1;
        out->field = p->meta_hit[0] == '#' ? KWIC_TAG : KWIC_AUTHOR;
    } else if (p->comment_hit) {
        if (kwic_cut(p->comment_hit, strlen(p->comment_hit), p->comment_span, width, out) != 0)
            return -1;
        out->field = KWIC_COMMENT;
    }
    return 0;
}

void kwic_free(struct kwic *k)
{
    free(k->line);
    memset(k, 0, sizeof *k);
}

/* ASCII marks when the explorer draws in ASCII, and in any locale that is
 * not UTF-8: batch commands never call text_configure(), and under LC_ALL=C
 * a UTF-8 mark is three bytes of mojibake. */
static bool ascii_marks(void)
{
    const char *codeset = nl_langinfo(CODESET);

    return text_ascii() || !codeset || strcmp(codeset, "UTF-8") != 0;
}

const char *kwic_mark(enum kwic_field field)
{
    bool ascii = ascii_marks();

    switch (field) {
    case KWIC_TEXT:
        return ascii ? "o:" : "\xe5\x8e\x9f"; /* 原 */
    case KWIC_TRANSLATION:
        return ascii ? "t:" : "\xe8\xaf\x91"; /* 译 */
    case KWIC_COMMENT:
        return ascii ? "c:" : "\xe8\xaf\x84"; /* 评 */
    case KWIC_TAG:
    case KWIC_AUTHOR:
        return "  "; /* the line itself starts with # or @ */
    default:
        return "";
    }
}

const char *kwic_field_name(enum kwic_field field)
{
    static const char *const names[] = {[KWIC_TEXT] = "text", [KWIC_TRANSLATION] = "translation",
                                        [KWIC_TAG] = "tag", [KWIC_AUTHOR] = "author",
                                        [KWIC_COMMENT] = "comment"};
    return field > KWIC_NONE && field <= KWIC_COMMENT ? names[field] : NULL;
}
