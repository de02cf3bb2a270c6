/* stats_reported.c — the reported section of the stats pane: figures with
 * their sources and confidence, prepared once per load and laid out wide or
 * narrow, and a figure's detail. */

#include "autoconfig.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../src/i18n.h"
#include "../src/buf.h"
#include "../src/figure.h"
#include "../src/text.h"
#include "../src/vocab.h"
#include "chart.h"
#include "sheet.h"
#include "stats.h"
#include "stats_internal.h"
#include "theme.h"

/* ---- the reported section -------------------------------------------------------- */

/* "unconfirmed" for low confidence (the ~ before the label says it too, in
 * any theme), "medium confidence" for medium, nothing for high. */
static void put_confidence(struct stats *s, int *x, int indent, const struct figure_text *f)
{
    bool low = f->confidence == VOCAB_CONFIDENCE_LOW;

    if (f->confidence == VOCAB_CONFIDENCE_HIGH)
        return;
    stats_flow_item(s, x, indent, NULL, ROLE_NORMAL, stats_say(s, low ? P_UNCONFIRMED : P_MEDIUM),
                    low ? ROLE_LOW_CONFIDENCE : ROLE_DIM, low ? A_BOLD : A_NORMAL);
}

/* "Sources: Reuters; TheWrap" (with titles and dates when wide), or a
 * warning for a figure imported without any. */
static void put_sources(struct stats *s, int x, const struct figure_text *f)
{
    if (f->nsources == 0) {
        stats_put_f(s, x, ROLE_LOW_CONFIDENCE, A_BOLD, "%s", stats_say(s, P_NO_SOURCE));
        return;
    }
    x += stats_put_f(s, x, ROLE_DIM, A_NORMAL, "%s", stats_say(s, f->nsources > 1 ? P_SOURCES : P_SOURCE));
    stats_put_text(s, x, s->width >= WIDE_FIGURES ? f->sources_long : f->sources_short, ROLE_DIM,
                   A_NORMAL);
}

/* The label(s) of a figure in the UI language: both gives two. */
static void figure_labels(const struct stats *s, const struct figure_text *f,
                          const char **first, const char **second)
{
    int lang = stats_language(s);

    *first = f->label[lang == LANGUAGE_ZH];
    *second = lang == LANGUAGE_BOTH ? f->label[1] : NULL;
}

/* The selected figure's label is drawn as the cursor. */
static enum theme_role label_role(const struct stats *s, const struct figure_text *f)
{
    return s->has_fig_sel && f == &s->fig[s->fig_sel] ? ROLE_CURSOR : ROLE_NORMAL;
}

/* True when figure i is reported within the window the stats cover (any
 * figure when they cover no window). */
static bool figure_shown(const struct stats *s, size_t i)
{
    int64_t ts = s->figures.rows[i].ts_utc;

    return (!s->filter.has_from || ts >= s->filter.from) && (!s->filter.has_to || ts < s->filter.to);
}

/* One row: label | value | time · confidence · sources. */
static void put_figure_wide(struct stats *s, const struct figure_text *f, int label_w, int value_w)
{
    const char *label, *label2;
    const char *value = f->value[stats_words_zh(s)];
    int x = 3 + label_w + 2;

    figure_labels(s, f, &label, &label2);
    sheet_new_line(&s->sheet);
    if (f->confidence == VOCAB_CONFIDENCE_LOW)
        stats_put_text(s, 1, "~", ROLE_LOW_CONFIDENCE, A_BOLD);
    sheet_put(&s->sheet, 3, label_w, label, label_role(s, f), A_NORMAL);
    sheet_put(&s->sheet, x + value_w - stats_width_of(value), value_w, value, ROLE_NORMAL, A_BOLD);
    x += value_w + 2;
    if (f->confidence != VOCAB_CONFIDENCE_HIGH) {
        bool low = f->confidence == VOCAB_CONFIDENCE_LOW;
        x += stats_put_f(s, x, low ? ROLE_LOW_CONFIDENCE : ROLE_DIM, low ? A_BOLD : A_NORMAL, "%s",
                         stats_say(s, low ? P_UNCONFIRMED : P_MEDIUM)) + 2;
    }
    if (f->when[0])
        x += stats_put_text(s, x, f->when, ROLE_DIM, A_NORMAL) + 2;
    put_sources(s, x, f);
    if (label2) {
        sheet_new_line(&s->sheet);
        sheet_put(&s->sheet, 3, label_w, label2, ROLE_DIM, A_NORMAL);
    }
}

/* Label (and the value when both fit), value with time and confidence,
 * then the sources. */
static void put_figure_narrow(struct stats *s, const struct figure_text *f)
{
    const char *label, *label2;
    const char *value = f->value[stats_words_zh(s)];
    int x = 3, room = s->width - 3;
    bool value_first;

    figure_labels(s, f, &label, &label2);
    value_first = !label2 && stats_width_of(label) + 2 + stats_width_of(value) <= room;
    sheet_new_line(&s->sheet);
    if (f->confidence == VOCAB_CONFIDENCE_LOW)
        stats_put_text(s, 1, "~", ROLE_LOW_CONFIDENCE, A_BOLD);
    stats_put_text(s, 3, label, label_role(s, f), A_NORMAL);
    if (label2) {
        sheet_new_line(&s->sheet);
        stats_put_text(s, 3, label2, ROLE_DIM, A_NORMAL);
    }
    if (value_first) {
        stats_put_text(s, s->width - stats_width_of(value), value, ROLE_NORMAL, A_BOLD);
        x = 5;
        if (f->when[0] || f->confidence != VOCAB_CONFIDENCE_HIGH)
            sheet_new_line(&s->sheet);
    } else {
        sheet_new_line(&s->sheet);
        x = 5 + stats_put_text(s, 5, value, ROLE_NORMAL, A_BOLD);
    }
    put_confidence(s, &x, 5, f);
    if (f->when[0])
        stats_flow_item(s, &x, 5, NULL, ROLE_NORMAL, f->when, ROLE_DIM, A_NORMAL);
    sheet_new_line(&s->sheet);
    put_sources(s, 5, f);
}

void stats_put_reported(struct stats *s)
{
    int label_w = 0, value_w = 0;
    const char *day = NULL;
    bool wide = s->width >= WIDE_FIGURES;

    size_t shown = 0;
    int x;

    sheet_new_line(&s->sheet);
    sheet_new_line(&s->sheet);
    x = 1 + stats_put_heading(s, 1, P_REPORTED);
    for (size_t i = 0; i < s->nfig; i++) {
        bool in = figure_shown(s, i);
        s->fig_line[i] = SIZE_MAX;
        shown += in;
    }
    if (s->filter.has_from || s->filter.has_to)
        stats_flow_item(s, &x, 1, NULL, ROLE_NORMAL, stats_say(s, P_FIGURES_IN_WINDOW), ROLE_NORMAL, A_BOLD);
    if (shown == 0) {
        sheet_new_line(&s->sheet);
        stats_put_f(s, 2, ROLE_DIM, A_NORMAL, "%s",
                    stats_say(s, s->nfig == 0 ? P_NO_FIGURES : P_NO_FIGURES_IN_WINDOW));
        return;
    }
    sheet_new_line(&s->sheet);
    stats_put_f(s, 2, ROLE_DIM, A_NORMAL, "%s", stats_say(s, P_FIGURE_KEYS));
    for (size_t i = 0; wide && i < s->nfig; i++) {
        const char *label, *label2;
        int w;

        if (!figure_shown(s, i))
            continue;
        figure_labels(s, &s->fig[i], &label, &label2);
        if ((w = stats_width_of(label)) > label_w)
            label_w = w;
        if ((w = stats_width_of(s->fig[i].value[stats_words_zh(s)])) > value_w)
            value_w = w;
    }
    if (label_w > (s->width - 3) * 2 / 5)
        label_w = (s->width - 3) * 2 / 5;
    for (size_t i = 0; i < s->nfig; i++) {
        const struct figure_text *f = &s->fig[i];

        if (!figure_shown(s, i))
            continue;
        if (!day || strcmp(day, f->day) != 0) {
            if (day)
                sheet_new_line(&s->sheet);
            sheet_new_line(&s->sheet);
            stats_put_text(s, 1, f->day, ROLE_NORMAL, A_BOLD | A_UNDERLINE);
            day = f->day;
        }
        s->fig_line[i] = s->sheet.nlines; /* the figure's first line, next */
        if (wide)
            put_figure_wide(s, f, label_w, value_w);
        else
            put_figure_narrow(s, f);
    }
}

/* "over 114,000 posts", "$95.3B", "#1", "超过 200%". */
static char *figure_value(const struct model_figure *f, int zh)
{
    char num[48], text[256];

    figure_number_text(num, sizeof num, f->value);
    figure_value_text(text, sizeof text, num, f->qualifier, f->unit, zh);
    return stats_sanitize(text);
}

/* "13:30 BJT (UTC+08:00)" from "2025-01-14T13:30", or "" for a date. */
static char *figure_when(const struct model_figure *f)
{
    const char *t = f->as_of ? strchr(f->as_of, 'T') : NULL;
    char offset[32] = "";

    if (!t || !t[1])
        return stats_sanitize("");
    if (f->has_offset) {
        int off = f->utc_offset < 0 ? -f->utc_offset : f->utc_offset;
        snprintf(offset, sizeof offset, "%sUTC%c%02d:%02d%s", f->tz && f->tz[0] ? "(" : "",
                 f->utc_offset < 0 ? '-' : '+', off / 60, off % 60, f->tz && f->tz[0] ? ")" : "");
    }
    return stats_sanitize_f("%s%s%s%s%s", t + 1, f->tz && f->tz[0] ? " " : "", f->tz ? f->tz : "",
                            offset[0] ? " " : "", offset);
}

/* Publishers ("Reuters; TheWrap"), or with titles and dates. */
static char *figure_sources(const struct model_figure *f, bool full)
{
    size_t cap = 256, len = 0;
    char *buf = malloc(cap), *safe;

    if (!buf)
        return stats_no_text;
    buf[0] = '\0';
    for (size_t i = 0; i < f->nsources; i++) {
        const struct model_source *src = &f->sources[i];
        const char *title = full && src->title ? src->title : NULL;
        const char *date = full && src->published ? src->published : NULL;
        int n = snprintf(NULL, 0, "%s%s%s%s%s%s%s", i ? "; " : "", src->publisher,
                         title ? ", \xe2\x80\x9c" : "", title ? title : "",
                         title ? "\xe2\x80\x9d" : "", date ? ", " : "", date ? date : "");

        if (n < 0)
            break;
        if (len + (size_t)n + 1 > cap) {
            char *grown = realloc(buf, (len + (size_t)n + 1) * 2);
            if (!grown)
                break;
            buf = grown;
            cap = (len + (size_t)n + 1) * 2;
        }
        snprintf(buf + len, cap - len, "%s%s%s%s%s%s%s", i ? "; " : "", src->publisher,
                 title ? ", \xe2\x80\x9c" : "", title ? title : "", title ? "\xe2\x80\x9d" : "",
                 date ? ", " : "", date ? date : "");
        len += (size_t)n;
    }
    safe = stats_sanitize_n(buf, len);
    free(buf);
    return safe;
}

/* Everything about one figure, one item a line, for the detail view:
 * labels, the value as reported, the time with its zone, the confidence,
 * the event, every source with its URL, the notes. In the UI language
 * (Chinese headings for zh); sanitised, line breaks kept. */
static char *figure_detail(const struct stats *s, const struct model_figure *m,
                           const struct figure_text *f)
{
    static const char *const confidence_words[VOCAB_CONFIDENCE_COUNT][2] = {
        [VOCAB_CONFIDENCE_HIGH] = {N_("high"), "高"},
        [VOCAB_CONFIDENCE_MEDIUM] = {N_("medium"), "中等"},
        [VOCAB_CONFIDENCE_LOW] = {N_("low: unconfirmed, do not present as settled"),
                                  "低：未证实，勿作定论"},
    };
    int zh = stats_words_zh(s);
    struct buf_text b = {0};
    char *safe;

    buf_appendf(&b, "%s\n", m->label_en ? m->label_en : "");
    if (m->label_zh && m->label_zh[0])
        buf_appendf(&b, "%s\n", m->label_zh);
    buf_appendf(&b, "\n%s%s\n", stats_say(s, P_VALUE), f->value[zh]);
    buf_appendf(&b, "%s%s %s\n", stats_say(s, P_AS_OF), f->day, f->when[0] ? f->when : stats_say(s, P_DATE_ONLY));
    buf_appendf(&b, "%s%s\n", stats_say(s, P_CONFIDENCE),
                zh ? confidence_words[f->confidence][1] : _(confidence_words[f->confidence][0]));
    if (m->event_id && m->event_id[0])
        buf_appendf(&b, "%s%s\n", stats_say(s, P_EVENT), m->event_id);
    buf_appendf(&b, "\n%s\n", m->nsources ? stats_say(s, m->nsources > 1 ? P_SOURCES : P_SOURCE)
                                           : stats_say(s, P_NO_SOURCE));
    for (size_t i = 0; i < m->nsources; i++) {
        const struct model_source *src = &m->sources[i];
        buf_appendf(&b, "%zu. %s", i + 1, src->publisher);
        if (src->title && src->title[0])
            buf_appendf(&b, ", \xe2\x80\x9c%s\xe2\x80\x9d", src->title);
        if (src->published && src->published[0])
            buf_appendf(&b, ", %s", src->published);
        buf_appendf(&b, "\n");
        if (src->url && src->url[0])
            buf_appendf(&b, "%s\n", src->url);
    }
    if (m->notes && m->notes[0])
        buf_appendf(&b, "\n%s%s\n", stats_say(s, P_NOTES), m->notes);
    safe = b.s ? text_sanitize(b.s, b.len, TEXT_KEEP_NEWLINES) : NULL;
    free(b.s);
    return safe ? safe : stats_no_text;
}

void stats_load_figures(struct stats *s)
{
    struct rf_error err = {{0}};

    stats_free_figures(s);
    if (model_figures(s->ctx->model, NULL, &s->figures, &err) != 0) {
        memset(&s->figures, 0, sizeof s->figures);
        s->ctx->message(s->ctx->app, true, _("stats: %s"), err.msg);
        return;
    }
    s->fig = calloc(s->figures.count ? s->figures.count : 1, sizeof *s->fig);
    if (!s->fig) {
        model_figure_list_free(&s->figures);
        memset(&s->figures, 0, sizeof s->figures);
        return;
    }
    for (size_t i = 0; i < s->figures.count; i++) {
        const struct model_figure *m = &s->figures.rows[i];
        struct figure_text *f = &s->fig[i];
        const char *as_of = m->as_of ? m->as_of : "";

        f->label[0] = stats_sanitize(m->label_en);
        f->label[1] = stats_sanitize(m->label_zh && m->label_zh[0] ? m->label_zh : m->label_en);
        f->value[0] = figure_value(m, 0);
        f->value[1] = figure_value(m, 1);
        f->day = stats_sanitize_n(as_of, strcspn(as_of, "T"));
        f->when = figure_when(m);
        f->sources_short = figure_sources(m, false);
        f->sources_long = figure_sources(m, true);
        f->nsources = m->nsources;
        f->confidence = vocab_confidence_of(m->confidence);
        f->detail = figure_detail(s, m, f);
        s->nfig = i + 1;
    }
    s->fig_line = calloc(s->nfig ? s->nfig : 1, sizeof *s->fig_line);
    if (s->has_fig_sel && s->fig_sel >= s->nfig)
        s->has_fig_sel = s->detail = false;
}
