/* reader.c — one post read in full (contract in reader.h). */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "../src/i18n.h"
#include "../src/buf.h"
#include "../src/config.h"
#include "../src/i18n.h"
#include "../src/markup.h"
#include "../src/text.h"
#include "../src/when.h"
#include "../src/vocab.h"
#include "../src/writer.h"
#include "draw.h"
#include "reader.h"

/* Side by side reading needs this many columns. */
enum { SIDE_BY_SIDE_MIN = 100 };

/* Frees the laid-out texts and lines, keeping the post. */
static void clear_lines(struct reader *r)
{
    free(r->header_text);
    free(r->orig_text);
    free(r->trans_text);
    free(r->lines);
    r->header_text = r->orig_text = r->trans_text = NULL;
    r->lines = NULL;
    r->nlines = r->lines_cap = 0;
}

void reader_clear(struct reader *r)
{
    clear_lines(r);
    if (r->has_post)
        model_post_free(&r->post);
    if (r->has_extras)
        model_post_extras_free(&r->extras);
    wb_applications_free(&r->codes);
    memset(r, 0, sizeof *r);
}

static void push_line(struct reader *r, const char *left, size_t left_len, const char *right,
                      size_t right_len, enum theme_role role)
{
    if (!buf_grow((void **)&r->lines, &r->lines_cap, r->nlines + 1, sizeof *r->lines))
        return;
    r->lines[r->nlines++] = (struct reader_line){.left = left, .left_len = left_len, .right = right,
                                                 .right_len = right_len, .role = role};
}

/* Wraps s to width and appends its lines in the left column. */
static void push_wrapped(struct reader *r, const char *s, int width, enum theme_role role)
{
    size_t len = strlen(s), need = text_wrap(s, len, width, NULL, 0);
    struct text_span *spans = calloc(need ? need : 1, sizeof *spans);

    if (!spans)
        return;
    need = text_wrap(s, len, width, spans, need);
    for (size_t i = 0; i < need; i++)
        push_line(r, s + spans[i].offset, spans[i].length, NULL, 0, role);
    free(spans);
}

/* The end of the paragraph starting at p: a blank line or the end. */
static const char *paragraph_end(const char *p)
{
    const char *q = strstr(p, "\n\n");
    return q ? q : p + strlen(p);
}

static const char *next_paragraph(const char *end)
{
    while (*end == '\n')
        end++;
    return end;
}

/* Two texts side by side, wrapped to their columns and aligned by
 * paragraph, so each translation paragraph starts beside its original. */
static void push_side_by_side(struct reader *r, const char *a, const char *b, int colw)
{
    const char *pa = a, *pb = b;

    while (*pa || *pb) {
        const char *ea = paragraph_end(pa), *eb = paragraph_end(pb);
        size_t na = text_wrap(pa, (size_t)(ea - pa), colw, NULL, 0);
        size_t nb = text_wrap(pb, (size_t)(eb - pb), colw, NULL, 0);
        struct text_span *sa = calloc(na + 1, sizeof *sa), *sb = calloc(nb + 1, sizeof *sb);
        size_t rows;

        if (!sa || !sb) {
            free(sa);
            free(sb);
            return;
        }
        na = text_wrap(pa, (size_t)(ea - pa), colw, sa, na);
        nb = text_wrap(pb, (size_t)(eb - pb), colw, sb, nb);
        rows = na > nb ? na : nb;
        for (size_t i = 0; i < rows; i++)
            push_line(r, i < na ? pa + sa[i].offset : NULL, i < na ? sa[i].length : 0,
                      i < nb ? pb + sb[i].offset : NULL, i < nb ? sb[i].length : 0, ROLE_NORMAL);
        free(sa);
        free(sb);
        pa = next_paragraph(ea);
        pb = next_paragraph(eb);
        if (*pa || *pb)
            push_line(r, NULL, 0, NULL, 0, ROLE_NORMAL);
    }
}

/* Tags the reader's header lists. */
#define READER_TAGS 50
/* Media URLs and files it lists. */
#define READER_MEDIA 20

/* "likes 1200 · comments – · collects 10+ · shares 0 · views 3001": a
 * count a file did not give is "–" (never 0), a lower bound ends in "+". */
static void counts_line(struct buf_text *raw, const struct model_post *p,
                        const struct model_post_extras *x)
{
    static const char *const names[] = {N_("likes"), N_("comments"), N_("collects"), N_("shares"),
                                        N_("views")};
    int64_t v[] = {p->likes, p->comments, p->collects, p->shares, x ? x->views : 0};
    unsigned known = x ? x->known : 15, at_least = x ? x->at_least : 0;

    for (int k = 0; k < 5; k++) {
        const char *sep = k ? " \xc2\xb7 " : "";
        if (k == 4 && !(known & 16))
            break;
        char n[32];
        writer_count(n, sizeof n, v[k], known & (1u << k), at_least & (1u << k));
        /* TRANSLATORS: a count's name and its value ("likes 1200"). */
        buf_appendf(raw, _("%s%s %s"), sep, _(names[k]), n);
    }
    buf_appendf(raw, "\n");
}

/* How a translation was made ("human", "machine") in the interface's words. */
static const char *translation_word(const char *kind)
{
    if (kind && strcmp(kind, "human") == 0)
        return _("human");
    if (kind && strcmp(kind, "machine") == 0)
        return _("machine");
    return kind ? kind : "?";
}

/* Hashtags taken from the text, for a post whose file gave no tag list. */
struct text_tags {
    struct buf_text *raw;
    size_t n, left;
};

static bool add_text_tag(void *data, const char *name, size_t len)
{
    struct text_tags *t = data;

    buf_appendf(t->raw, " #%.*s", (int)len, name);
    t->n++;
    return --t->left > 0;
}

/* What the collections say of the post: type and media (each URL on its
 * own line, to copy), the files that held it and when, the keywords that
 * found it, its comments. */
static void extras_lines(struct buf_text *raw, const struct model_post *p,
                         const struct model_post_extras *x, struct when_zone zone)
{
    if (x->type || x->nmedia) {
        if (x->type)
            buf_appendf(raw, "%s \xc2\xb7 ", vocab_note_type_word(x->type));
        buf_appendf(raw, x->nmedia ? _("%zu media:\n") : _("%zu media\n"), x->nmedia);
        for (size_t i = 0; i < x->nmedia && i < READER_MEDIA; i++)
            buf_appendf(raw, "  %s\n", x->media[i]);
        if (x->nmedia > READER_MEDIA)
            buf_appendf(raw, _("  (and %zu more)\n"), x->nmedia - READER_MEDIA);
    }
    for (size_t i = 0; i < x->nsources && i < READER_MEDIA; i++) {
        char at[48], off[16] = "UTC";
        if (x->sources[i].has_collected) {
            /* On the reader's clock, its offset then said. */
            int64_t ts = x->sources[i].collected;
            int seconds = when_zone_offset_at(zone, ts);
            when_format(at, sizeof at, ts, zone, WHEN_DATE_TIME);
            if (seconds != 0)
                when_format_offset(off, sizeof off, seconds / 60);
            buf_appendf(raw, _("collected by %s, %s %s, file %s\n"), x->sources[i].tool, at, off,
                        x->sources[i].file);
        } else {
            buf_appendf(raw, _("collected by %s, time unknown, file %s\n"), x->sources[i].tool,
                        x->sources[i].file);
        }
    }
    if (x->nkeywords) {
        buf_appendf(raw, "%s", _("search keywords:"));
        for (size_t i = 0; i < x->nkeywords; i++)
            buf_appendf(raw, "%s %s", i ? _(",") : "", x->keywords[i]);
        buf_appendf(raw, "\n");
    }
    if (x->time_basis && strcmp(x->time_basis, "exact") != 0)
        buf_appendf(raw, "%s",
                    strcmp(x->time_basis, "derived-id") == 0
                        ? _("time: derived from the id (the file gave none)\n")
                        : _("time: a local time read in an assumed zone\n"));
    if (x->comments)
        buf_appendf(raw, _("comments: %lld in the cache (C reads them; refuge comments --post %s:%s)\n"),
                    (long long)x->comments, p->platform, p->ext_id);
}

void reader_layout(struct reader *r, int width, int show, const char *when, const char *after)
{
    const struct model_post *p = &r->post;
    const struct model_post_extras *x = r->has_extras ? &r->extras : NULL;
    struct buf_text raw = {0};
    const char *trans = p->translation && p->translation[0] ? p->translation : NULL;

    clear_lines(r);
    r->has_hit = false; /* lines moved: n / N start again from the screen */
    if (!r->has_post || width < 4)
        return;
    buf_appendf(&raw, "%s \xc2\xb7 %s%s%s\n%s\n", p->author ? p->author : "?", p->platform,
            p->region ? " \xc2\xb7 " : "", p->region ? p->region : "", when);
    if (x && x->author_key)
        buf_appendf(&raw, _("author key: %s\n"), x->author_key);
    if (p->counts_unknown)
    {
        const char *d = text_ascii() ? "-" : "\xe2\x80\x93";
        buf_appendf(&raw, _("likes %s \xc2\xb7 comments %s \xc2\xb7 collects %s \xc2\xb7 shares %s "
                            "(not reported)\n"),
                    d, d, d, d);
    }
    else
        counts_line(&raw, p, x);
    if (p->ntags) {
        /* A post may carry thousands: the header names the first few. */
        size_t shown = p->ntags > READER_TAGS ? READER_TAGS : p->ntags;
        buf_appendf(&raw, "%s", _("tags:"));
        for (size_t i = 0; i < shown; i++)
            buf_appendf(&raw, " #%s", p->tags[i]);
        if (shown < p->ntags)
            buf_appendf(&raw, _(" (and %zu more)"), p->ntags - shown);
        buf_appendf(&raw, "\n");
    } else {
        size_t before = raw.len;
        buf_appendf(&raw, "%s", _("tags (from the text):"));
        struct text_tags tt = {.raw = &raw, .left = READER_TAGS};
        markup_hashtags(p->platform, p->text, add_text_tag, &tt);
        if (tt.n)
            buf_appendf(&raw, "\n");
        else
            raw.s[raw.len = before] = '\0';
    }
    if (x)
        extras_lines(&raw, p, x, r->zone);
    if (p->url)
        buf_appendf(&raw, _("url: %s\n"), p->url);
    if (vocab_provenance_of(p->provenance) == VOCAB_PROVENANCE_ILLUSTRATIVE)
        buf_appendf(&raw, "%s", _("illustrative: written for this dataset, not a real post; its counts are invented\n"));
    else if (vocab_provenance_of(p->provenance) == VOCAB_PROVENANCE_QUOTED)
        buf_appendf(&raw, _("quoted from: %s\n"), p->source ? p->source : _("(source missing)"));
    else
        buf_appendf(&raw, _("provenance: %s\n"),
                    p->provenance && strcmp(p->provenance, "imported") == 0
                        ? vocab_provenance_names[VOCAB_PROVENANCE_IMPORTED][i18n_chinese()]
                        : p->provenance);
    if (trans && p->translation_by)
        buf_appendf(&raw, _("language: %s \xc2\xb7 translation: %s (by %s)\n"),
                    vocab_lang_label(p->lang) ? _(vocab_lang_label(p->lang)) : p->lang,
                    translation_word(p->translation_kind), p->translation_by);
    else
        buf_appendf(&raw, _("language: %s \xc2\xb7 translation: %s\n"),
                    vocab_lang_label(p->lang) ? _(vocab_lang_label(p->lang)) : p->lang,
                    trans ? translation_word(p->translation_kind) : _("none"));
    if (p->note && p->note[0])
        buf_appendf(&raw, _("note: %s\n"), p->note);
    for (size_t i = 0; i < r->codes.count; i++)
        if (r->codes.items[i].memo[0])
            buf_appendf(&raw, _("code %s: %s\n"), r->codes.items[i].code, r->codes.items[i].memo);
        else
            buf_appendf(&raw, _("code %s\n"), r->codes.items[i].code);
    if (after)
        buf_appendf(&raw, _("after: %s\n"), after);
    r->header_text = raw.s ? text_sanitize(raw.s, raw.len, TEXT_KEEP_NEWLINES) : NULL;
    free(raw.s);
    /* Markup made readable (the cache keeps the text as given), then safe. */
    {
        char *readable = markup_clean(p->platform, p->text);
        const char *t = readable ? readable : p->text;
        r->orig_text = text_sanitize(t, strlen(t), TEXT_KEEP_NEWLINES | TEXT_KEEP_TABS);
        free(readable);
    }
    r->trans_text = trans ? text_sanitize(trans, strlen(trans), TEXT_KEEP_NEWLINES | TEXT_KEEP_TABS)
                          : NULL;
    if (!r->header_text || !r->orig_text)
        return;

    push_wrapped(r, r->header_text, width - 1, ROLE_DIM);
    push_line(r, NULL, 0, NULL, 0, ROLE_NORMAL);
    /* Under ASCII output a Chinese original is all '?': lead with the
     * translation there, as the architecture asks. */
    if (text_ascii() && vocab_is_zh(p->lang) && r->trans_text && show == FEED_SHOW_ORIGINAL)
        show = FEED_SHOW_TRANSLATION;
    if (show == FEED_SHOW_ORIGINAL || !r->trans_text) {
        push_wrapped(r, r->orig_text, width - 1, ROLE_NORMAL);
        if (!r->trans_text && show != FEED_SHOW_ORIGINAL) {
            push_line(r, NULL, 0, NULL, 0, ROLE_NORMAL);
            push_wrapped(r, _("(no translation)"), width - 1, ROLE_DIM);
        }
    } else if (show == FEED_SHOW_TRANSLATION) {
        push_wrapped(r, r->trans_text, width - 1, ROLE_NORMAL);
    } else if (width >= SIDE_BY_SIDE_MIN) {
        push_side_by_side(r, r->orig_text, r->trans_text, (width - 3) / 2);
    } else {
        push_wrapped(r, r->orig_text, width - 1, ROLE_NORMAL);
        push_line(r, NULL, 0, NULL, 0, ROLE_NORMAL);
        const char *heading = _("translation");
        push_line(r, heading, strlen(heading), NULL, 0, ROLE_HEADING);
        push_wrapped(r, r->trans_text, width - 1, ROLE_NORMAL);
    }
}

static bool line_holds(const struct reader_line *l, const char *term)
{
    return (l->left && draw_find_match(l->left, l->left_len, 0, term) >= 0) ||
           (l->right && draw_find_match(l->right, l->right_len, 0, term) >= 0);
}

int reader_find(const struct reader *r, int from, int dir, const char *term, size_t *index,
                size_t *total)
{
    int found = -1;
    size_t n = 0, at = 0;

    for (int i = 0; i < (int)r->nlines; i++) {
        if (!line_holds(&r->lines[i], term))
            continue;
        n++;
        if (dir > 0 ? i >= from && found < 0 : i <= from) {
            found = i;
            at = n;
        }
    }
    if (index)
        *index = at;
    if (total)
        *total = n;
    return found;
}

void reader_draw(const struct reader *r, WINDOW *win, int width, int height, const char *search)
{
    int colw = (width - 3) / 2;

    for (int row = 0; row < height; row++) {
        size_t i = (size_t)(r->scroll + row);
        const struct reader_line *l;
        attr_t attr;

        if (i >= r->nlines)
            break;
        l = &r->lines[i];
        attr = theme_attr(l->role);
        if (l->right) {
            if (l->left)
                draw_highlighted(win, row, 1, l->left, l->left_len, colw, attr, search);
            draw_vline(win, row, colw + 1, 1, theme_attr(ROLE_BORDER));
            draw_highlighted(win, row, colw + 3, l->right, l->right_len, width - colw - 3,
                             theme_attr(ROLE_DIM), search);
        } else if (l->left) {
            draw_highlighted(win, row, 1, l->left, l->left_len, width - 1, attr, search);
        }
    }
}

/* ---- the post's two clocks ------------------------------------------------------ */

/* The place a post's clock is known by: the zone of its region that had
 * its offset at its time (a US post at -05:00 in January is New York's);
 * NULL when none does. */
static const char *post_place(const struct model_post *p)
{
    for (size_t i = 0; p->has_offset && p->region && vocab_places[i].region; i++) {
        struct when_zone z;
        if (strcmp(vocab_places[i].region, p->region) == 0 &&
            when_zone_open(vocab_places[i].zone, &z, &(struct rf_error){{0}}) == 0 &&
            when_zone_offset_at(z, p->ts_utc) == p->utc_offset * 60)
            return _(vocab_places[i].place);
    }
    return NULL;
}

void reader_format_time(const struct model_post *p, struct when_zone zone, char *buf,
                        size_t size)
{
    struct when_zone own = p->has_offset ? when_offset(p->utc_offset) : when_utc();
    char local[40], off[16], theirs[40], clock[96];
    const char *place = post_place(p);
    struct tm a, b;
    size_t n;

    if (!when_format(local, sizeof local, p->ts_utc, own, WHEN_DATE_TIME)) {
        snprintf(buf, size, _("time out of range (%lld)"), (long long)p->ts_utc);
        return;
    }
    if (p->time_approximate) {
        when_format(local, sizeof local, p->ts_utc, own, WHEN_DATE);
        snprintf(buf, size, _("~%s (approximate: the source gives no time)"), local);
        return;
    }
    when_format_offset(off, sizeof off, p->utc_offset);
    if (place)
        snprintf(buf, size, _("%s in %s (UTC%s)"), local, place, off);
    else
        snprintf(buf, size, "%s UTC%s", local, p->has_offset && p->utc_offset ? off : "");
    if (when_zone_offset_at(zone, p->ts_utc) == when_zone_offset_at(own, p->ts_utc))
        return;
    /* The reader's clock, with its date when that is another day. */
    when_calendar(p->ts_utc, own, &a);
    when_calendar(p->ts_utc, zone, &b);
    when_format(theirs, sizeof theirs, p->ts_utc, zone,
                a.tm_mday == b.tm_mday ? WHEN_TIME : WHEN_MONTH_DAY_TIME);
    vocab_zone_clock(zone, p->ts_utc, clock, sizeof clock);
    n = strlen(buf);
    /* TRANSLATORS: after the post's own time: the reader's time and clock. */
    snprintf(buf + n, size - n, _(", %s %s"), theirs, clock);
}
