/* kwic.c — a keyword-in-context snippet of a searched post (contract in kwic.h). */
#include "autoconfig.h"

#include "kwic.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

/* Bytes read on either side of the hit: more than the widest terminal
 * shows of context, so a megabyte post costs what a tweet does. */
#define CONTEXT_BYTES 1024

/* True when s[0..n) is all ASCII: sanitised, that is printable ASCII,
 * one column a byte. */
static bool all_ascii(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] >= 0x80)
            return false;
    return true;
}

/* The n bytes at s as one sanitised line: line ends and tabs become spaces
 * first, so a snippet never shows a paragraph break as a placeholder.
 * Printable ASCII is its own sanitised form (most posts' context). */
static char *one_line(const char *s, size_t n)
{
    char *flat = malloc(n + 1), *clean;
    bool printable = true;

    if (!flat)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        flat[i] = s[i] == '\n' || s[i] == '\r' || s[i] == '\t' ? ' ' : s[i];
        printable = printable && flat[i] >= 0x20 && flat[i] < 0x7F;
    }
    if (printable) {
        flat[n] = '\0';
        return flat;
    }
    clean = text_sanitize(flat, n, 0);
    free(flat);
    return clean;
}

/* The start of the longest tail of s[0..n) that fits in `width` columns,
 * at a grapheme cluster boundary (n when nothing fits). Widths add up
 * cluster by cluster, so the text is measured once and walked forward:
 * the first boundary whose tail is narrow enough. */
static size_t fitting_tail(const char *s, size_t n, int width)
{
    long long tail;
    size_t pos = 0;

    if (all_ascii(s, n))
        return width < 0 ? n : n - (n < (size_t)width ? n : (size_t)width);
    tail = text_width(s, n);
    while (pos < n && tail > width) {
        size_t next = text_next_grapheme(s, n, pos);
        tail -= text_width(s + pos, next - pos);
        pos = next;
    }
    return tail > width ? n : pos;
}

/* True when s[0..n) holds an ESC or a C1 control: the start of a string
 * sequence, whose cleaning looks ahead to the end of what is cleaned. */
static bool has_escape(const char *s, size_t n)
{
    const char *c1 = s, *end = s + n;

    if (memchr(s, 0x1B, n))
        return true;
    while ((c1 = memchr(c1, 0xC2, (size_t)(end - c1))) && c1 + 1 < end) {
        if ((unsigned char)c1[1] >= 0x80 && (unsigned char)c1[1] <= 0x9F)
            return true;
        c1++;
    }
    return false;
}

/* Bytes cleaned first on either side of the hit, per column of the line:
 * enough for most text (ASCII takes a byte a column, CJK one and a half);
 * when it is not, the whole context is cleaned. */
#define WINDOW_PER_COLUMN 2
/* How far to look for a place to cut the window (text_cut_point()). */
#define WINDOW_SLACK 64

/* The snippet made from s[from..to) (whole characters around the hit
 * s[at..hit_end), from..to no wider than kwic_cut()'s context). A window
 * cut short on a side (short_before, short_after) must prove it held all
 * the line shows: returns 1 when it did not, 0 when out is filled, -1 when
 * memory ran out. */
static int cut_between(const char *s, size_t n, size_t at, size_t hit_end, size_t from, size_t to,
                       bool short_before, bool short_after, int width, struct kwic *out)
{
    const char *dots = text_ellipsis();
    size_t ndots = strlen(dots), pos, nbefore, nhit, nafter, len = 0;
    char *before = NULL, *hit = NULL, *after = NULL, *buf = NULL;
    int ew = text_width(dots, ndots), hw, aw, lead;
    bool cut_start, cut_end;
    struct text_fit fit;

    memset(out, 0, sizeof *out);
    if (!(before = one_line(s + from, at - from)) || !(hit = one_line(s + at, hit_end - at)) ||
        !(after = one_line(s + hit_end, to - hit_end)))
        goto nomem;
    nbefore = strlen(before);
    nhit = strlen(hit);
    nafter = strlen(after);
    hw = text_width(hit, nhit);
    aw = text_width(after, nafter);
    /* What follows the hit overflows the line within the window: the line
     * and the lead below are what the whole context gives. */
    if (short_after && aw <= width)
        goto too_short;
    /* A third of the room before the hit, more when what follows is short. */
    lead = width > hw ? (width - hw) / 3 : 0;
    if (width - hw - aw > lead)
        lead = width - hw - aw;
    pos = fitting_tail(before, nbefore, lead);
    /* The lead starts inside the window, so it is the whole context's. */
    if (short_before && pos == 0)
        goto too_short;
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
too_short:
    free(before);
    free(hit);
    free(after);
    return 1;
nomem:
    free(before);
    free(hit);
    free(after);
    free(buf);
    memset(out, 0, sizeof *out);
    return -1;
}

int kwic_cut(const char *s, size_t n, struct model_span at, int width, struct kwic *out)
{
    size_t hit_end, from, to, near_from, near_to, window;
    int rc;

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
    /* Most lines show far less than the context: clean first a window the
     * width of the line, cut between two characters that stand alone
     * (text_cut_point(): ASCII, CJK, line ends), and the whole context
     * only when the window proves too short. */
    window = (size_t)width * WINDOW_PER_COLUMN;
    near_from = from;
    if (at.offset - from > window + WINDOW_SLACK) {
        size_t stop = at.offset - window - WINDOW_SLACK;
        for (near_from = at.offset - window; near_from > stop; near_from--)
            if (text_cut_point(s, n, near_from, true))
                break;
        if (near_from == stop || has_escape(s + from, near_from - from))
            near_from = from;
    }
    near_to = to;
    if (to - hit_end > window + WINDOW_SLACK) {
        size_t stop = hit_end + window + WINDOW_SLACK;
        for (near_to = hit_end + window; near_to < stop; near_to++)
            if (text_cut_point(s, n, near_to, true))
                break;
        if (near_to == stop || has_escape(s + hit_end, near_to - hit_end))
            near_to = to;
    }
    if (near_from != from || near_to != to) {
        rc = cut_between(s, n, at.offset, hit_end, near_from, near_to, near_from != from,
                         near_to != to, width, out);
        if (rc != 1)
            return rc;
    }
    rc = cut_between(s, n, at.offset, hit_end, from, to, false, false, width, out);
    return rc == 1 ? -1 : rc;
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
        out->machine = p->translation_kind && strcmp(p->translation_kind, "machine") == 0;
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

const char *kwic_mark(const struct kwic *k)
{
    bool ascii = text_ascii();

    switch (k->field) {
    case KWIC_TEXT:
        return ascii ? "o:" : "\xe5\x8e\x9f"; /* 原 */
    case KWIC_TRANSLATION:
        if (k->machine)
            return ascii ? "m:" : "\xe6\x9c\xba"; /* 机 */
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
