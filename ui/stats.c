#include "autoconfig.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../src/i18n.h"
#include "../src/script.h"
#include "../src/text.h"
#include "../src/plural.h"
#include "../src/vocab.h"
#include "../src/when.h"
#include "chart.h"
#include "draw.h"
#include "layout.h"
#include "sheet.h"
#include "stats.h"
#include "stats_internal.h"
#include "theme.h"

/* The selected figure in full, wrapped: no source or URL is ever cut. */
static void put_detail(struct stats *s)
{
    const char *text = s->fig[s->fig_sel].detail;
    size_t len = strlen(text), n = text_wrap(text, len, s->width - 2, NULL, 0);
    struct text_span *lines = calloc(n ? n : 1, sizeof *lines);

    sheet_new_line(&s->sheet);
    stats_put_heading(s, 1, P_FIGURE);
    sheet_new_line(&s->sheet);
    stats_put_f(s, 2, ROLE_DIM, A_NORMAL, "%s", stats_say(s, P_DETAIL_BACK));
    sheet_new_line(&s->sheet);
    if (!lines)
        return;
    n = text_wrap(text, len, s->width - 2, lines, n);
    for (size_t i = 0; i < n; i++) {
        char *line = stats_sanitize_n(text + lines[i].offset, lines[i].length);
        sheet_new_line(&s->sheet);
        sheet_put(&s->sheet, 1, s->width - 1, line, i == 0 ? ROLE_HEADING : ROLE_NORMAL,
                  i == 0 ? A_BOLD : A_NORMAL);
        stats_release(line);
    }
    free(lines);
}

static int max_top(const struct stats *s)
{
    int max = (int)s->sheet.nlines - s->height;

    return max > 0 ? max : 0;
}

/* Co-tags listed under a selected tag at most. */
enum { COTAGS_SHOWN = 10 };

static void close_cotags(struct stats *s);

/* Prepares every line for the width, language and cursor. */
static void build(struct stats *s)
{
    sheet_clear(&s->sheet, s->width);
    s->layout = (struct chart_layout){.per_bar = 1, .peak_bar = -1, .cursor_bar = -1};
    s->chart_line = 0;
    if (s->width < 1 || s->height < 1)
        return;
    stats_clamp_view(s);
    if (s->detail && s->has_fig_sel) {
        put_detail(s);
    } else {
        stats_put_computed(s);
        stats_put_reported(s);
    }
    if (s->top > max_top(s))
        s->top = max_top(s);
}

/* ---- loading ---------------------------------------------------------------------- */

static void free_post_texts(struct stats *s)
{
    for (size_t i = 0; i < s->nliked; i++) {
        stats_release(s->liked[i].author);
        stats_release(s->liked[i].line);
    }
    free(s->liked);
    s->liked = NULL;
    s->nliked = 0;
}

static void free_texts(struct stats *s)
{
    for (size_t i = 0; i < s->ntags; i++)
        stats_release(s->tags[i]);
    free(s->tags);
    s->tags = NULL;
    s->ntags = 0;
    for (size_t i = 0; i < s->ncodes; i++)
        stats_release(s->codes[i]);
    free(s->codes);
    s->codes = NULL;
    s->ncodes = 0;
    free_post_texts(s);
}

void stats_free_figures(struct stats *s)
{
    for (size_t i = 0; i < s->nfig; i++) {
        struct figure_text *f = &s->fig[i];
        stats_release(f->label[0]);
        stats_release(f->label[1]);
        stats_release(f->value[0]);
        stats_release(f->value[1]);
        stats_release(f->day);
        stats_release(f->when);
        stats_release(f->sources_short);
        stats_release(f->sources_long);
        stats_release(f->detail);
    }
    free(s->fig);
    free(s->fig_line);
    s->fig_line = NULL;
    s->fig = NULL;
    s->nfig = 0;
    model_figure_list_free(&s->figures);
    memset(&s->figures, 0, sizeof s->figures);
}

/* The first line of a post as the feed would show it: the translation when
 * asked for, or when Chinese cannot be drawn. */
static void prepare_post_texts(struct stats *s)
{
    free_post_texts(s);
    s->liked = calloc(s->st.ntop ? s->st.ntop : 1, sizeof *s->liked);
    if (!s->liked)
        return;
    for (size_t i = 0; i < s->st.ntop; i++) {
        const struct model_post *p = &s->st.top[i];
        bool zh = vocab_is_zh(p->lang);
        bool translated = p->translation && p->translation[0] &&
                          (s->ctx->feed_show == FEED_SHOW_TRANSLATION || (text_ascii() && zh));
        const char *text = translated ? p->translation : p->text ? p->text : "";
        size_t len;

        while (*text == ' ' || *text == '\n' || *text == '\r' || *text == '\t')
            text++;
        len = strcspn(text, "\r\n");
        s->liked[i].zh = zh;
        s->liked[i].author = stats_sanitize(p->author);
        s->liked[i].line = stats_sanitize_n(text, len);
        script_convert_owned(&s->liked[i].line, NULL, 0);
    }
    s->nliked = s->st.ntop;
}

/* The chart's days: the filter's window when it has both ends, else from
 * the first to the last day with posts. */
static void prepare_days(struct stats *s)
{
    int64_t first, last;
    int64_t peak = 0;

    free(s->points);
    s->points = calloc(s->st.ndays ? s->st.ndays : 1, sizeof *s->points);
    s->npoints = 0;
    s->max_day = 0;
    for (size_t i = 0; s->points && i < s->st.ndays; i++) {
        s->points[s->npoints++] = (struct chart_point){.day = s->st.days[i].slot,
                                                       .value = s->st.days[i].posts};
        if (s->st.days[i].posts > s->max_day) {
            s->max_day = s->st.days[i].posts;
            peak = s->points[s->npoints - 1].day;
        }
    }
    s->ndays = 0;
    if (stats_by_cycle(s)) {
        first = 0;
        last = s->by == MODEL_BY_HOUR ? 23 : 6;
    } else if (s->filter.has_from && s->filter.has_to) {
        first = when_zone_day_number(s->ctx->zone, s->filter.from);
        last = when_zone_day_number(s->ctx->zone, s->filter.to - 1);
    } else if (s->npoints > 0) {
        first = s->filter.has_from ? when_zone_day_number(s->ctx->zone, s->filter.from)
                                   : s->points[0].day;
        last = s->filter.has_to ? when_zone_day_number(s->ctx->zone, s->filter.to - 1)
                                : s->points[s->npoints - 1].day;
    } else {
        return;
    }
    if (last < first)
        return;
    if (s->by == MODEL_BY_WEEK) { /* whole weeks, from a Monday */
        first = when_week_start(first);
        last = when_week_start(last) + 6;
    }
    s->first = first;
    s->ndays = last - first + 1;
    s->zoomed = false;
    if (s->cursor < first || s->cursor > last)
        s->cursor = s->npoints ? peak : first;
}

/* Asks the model for the stats of the filter; MODEL_INTERRUPTED leaves
 * everything as it was. */
/* No posts under a window alone: notes the days the posts cover. */
static void note_span(struct stats *s)
{
    struct rf_error err = {{0}};
    int64_t first, last;
    char a[16], b[16];

    s->has_span = s->st.posts == 0 && model_filter_is_window_only(&s->filter) &&
                  model_post_span(s->ctx->model, &first, &last, &err) == 0;
    if (!s->has_span)
        return;
    stats_format_day(when_zone_day_number(s->ctx->zone, first), a, sizeof a);
    stats_format_day(when_zone_day_number(s->ctx->zone, last), b, sizeof b);
    snprintf(s->span, sizeof s->span, "%s %s %s.", a, stats_arrow(), b);
}

static int load_stats(struct stats *s)
{
    struct rf_error err = {{0}};
    int top = s->ctx->cfg->stats.top;
    struct model_stats st;
    struct model_clock clock = {s->ctx->zone, s->by};
    int rc = model_stats(s->ctx->model, &s->filter, top > 0 ? (size_t)top : 0, &clock, &st, &err);

    if (rc == MODEL_INTERRUPTED || (rc == 0 && stats_load_authors(s) == MODEL_INTERRUPTED)) {
        if (rc == 0)
            model_stats_free(&st);
        return MODEL_INTERRUPTED;
    }
    /* Other posts, other top tags: the selection goes. */
    close_cotags(s);
    s->has_tag_sel = false;
    free_texts(s);
    model_stats_free(&s->st);
    s->st = st;
    if (rc != 0) {
        memset(&s->st, 0, sizeof s->st);
        s->ctx->message(s->ctx->app, true, _("stats: %s"), err.msg);
    }
    s->tags = calloc(s->st.ntags ? s->st.ntags : 1, sizeof *s->tags);
    for (size_t i = 0; s->tags && i < s->st.ntags; i++) {
        char *tag = stats_sanitize(s->st.tags[i].tag);
        s->tags[i] = stats_sanitize_f("#%s", tag);
        stats_release(tag);
        s->ntags = i + 1;
    }
    s->codes = calloc(s->st.ncodes ? s->st.ncodes : 1, sizeof *s->codes);
    for (size_t i = 0; s->codes && i < s->st.ncodes; i++) {
        s->codes[i] = stats_sanitize(s->st.codes[i].code);
        s->ncodes = i + 1;
    }
    prepare_post_texts(s);
    prepare_days(s);
    note_span(s);
    return 0;
}

static void defer_stats(struct stats *s)
{
    s->pending = true;
    s->ctx->work_requests++;
}

/* ---- pane operations -------------------------------------------------------------- */

static void *stats_open(struct pane_context *ctx)
{
    struct stats *s = calloc(1, sizeof *s);

    if (!s)
        return NULL;
    s->ctx = ctx;
    s->cursor = INT64_MIN;
    stats_load_figures(s);
    load_stats(s);
    return s;
}

static void stats_close(void *state)
{
    struct stats *s = state;

    if (!s)
        return;
    free_texts(s);
    close_cotags(s);
    stats_free_figures(s);
    stats_free_authors(s);
    model_stats_free(&s->st);
    free(s->points);
    free(s->lang);
    free(s->platform);
    free(s->tag);
    free(s->provenance);
    free(s->search);
    free(s->author);
    free(s->code);
    stats_release(s->label);
    sheet_free(&s->sheet);
    free(s);
}

static void stats_resize(void *state, int width, int height)
{
    struct stats *s = state;

    s->width = width;
    s->height = height;
    build(s);
}

static enum theme_role cell_role(int kind, unsigned char role)
{
    switch (role) {
    case CHART_BAR:
        return kind == CELLS_SPLIT ? ROLE_BADGE_ZH : ROLE_CHART;
    case CHART_BAR_ALT:
        return kind == CELLS_SPLIT ? ROLE_BADGE_EN : ROLE_DIM;
    case CHART_CURSOR:
        return ROLE_CHART_CURSOR;
    case CHART_AXIS:
        return ROLE_BORDER;
    case CHART_LABEL:
        return ROLE_DIM;
    default:
        return ROLE_NORMAL;
    }
}

static void stats_draw(void *state, WINDOW *win, bool focused)
{
    struct stats *s = state;

    (void)focused;
    sheet_draw(&s->sheet, win, s->top, s->height, cell_role);
}

static unsigned scroll_to(struct stats *s, int top)
{
    if (top > max_top(s))
        top = max_top(s);
    if (top < 0)
        top = 0;
    if (top == s->top)
        return PANE_HANDLED;
    s->top = top;
    return PANE_HANDLED | PANE_DIRTY;
}

/* Brings the chart into view when the cursor moves while it is scrolled away. */
static void show_chart(struct stats *s)
{
    size_t end = s->chart_line + (size_t)stats_chart_rows(s) + 2;

    if ((size_t)s->top > s->chart_line || (size_t)(s->top + s->height) < end)
        scroll_to(s, (int)s->chart_line - 1);
}

static void set_cursor(struct stats *s, int64_t day)
{
    if (day > s->first + s->ndays - 1)
        day = s->first + s->ndays - 1;
    if (day < s->first)
        day = s->first;
    s->cursor = day;
}

static unsigned move_day(struct stats *s, int bars)
{
    int64_t before = s->cursor;

    if (s->ndays < 1)
        return PANE_HANDLED;
    set_cursor(s, s->cursor + bars * s->layout.per_bar);
    if (s->cursor == before)
        return PANE_HANDLED;
    build(s);
    show_chart(s);
    return PANE_HANDLED | PANE_DIRTY | PANE_MOVED;
}

/* u: the chart counts the next unit (day, week, hour, weekday), asked of
 * the model anew as a filter would be. */
static unsigned next_unit(struct stats *s)
{
    char zone[80];

    s->by = (enum model_unit)((s->by + 1) % MODEL_UNIT_COUNT);
    s->zoomed = false;
    s->cursor = INT64_MIN;
    vocab_zone_label(s->ctx->zone, zone, sizeof zone);
    switch (s->by) {
    case MODEL_BY_WEEK:
        s->ctx->message(s->ctx->app, false, _("chart: posts per week (%s)"), zone);
        break;
    case MODEL_BY_HOUR:
        s->ctx->message(s->ctx->app, false, _("chart: posts per hour of the day (%s)"), zone);
        break;
    case MODEL_BY_WEEKDAY:
        s->ctx->message(s->ctx->app, false, _("chart: posts per day of the week (%s)"), zone);
        break;
    default:
        s->ctx->message(s->ctx->app, false, _("chart: posts per day (%s)"), zone);
        break;
    }
    defer_stats(s);
    build(s);
    return PANE_HANDLED | PANE_DIRTY;
}

static unsigned enter(struct stats *s)
{
    char day[16];
    const struct model_day *d;

    if (s->ndays < 1 || s->layout.cursor_bar < 0)
        return PANE_HANDLED;
    if (s->by != MODEL_BY_DAY) {
        s->ctx->message(s->ctx->app, false, _("a day is chosen in the chart of days (u)"));
        return PANE_HANDLED;
    }
    if (s->layout.per_bar > 1) {
        stats_zoom_in(s, s->cursor);
        build(s);
        show_chart(s);
        return PANE_HANDLED | PANE_DIRTY;
    }
    s->has_selected = true;
    s->selected = s->cursor;
    d = stats_find_day(s, s->cursor);
    stats_format_day(s->cursor, day, sizeof day);
    s->ctx->message(s->ctx->app, false,
                    plural(d ? d->posts : 0, "day %s selected (%lld post)",
                           "day %s selected (%lld posts)"),
                    day, (long long)(d ? d->posts : 0));
    return PANE_HANDLED | PANE_DIRTY | PANE_SELECTED;
}

/* Scrolls the page so the selected figure's first line is in view. */
static unsigned show_figure(struct stats *s)
{
    int line;

    if (!s->has_fig_sel || s->fig_line[s->fig_sel] == SIZE_MAX)
        return PANE_HANDLED | PANE_DIRTY;
    line = (int)s->fig_line[s->fig_sel];
    if (line < s->top || line >= s->top + s->height - 1)
        scroll_to(s, line - s->height / 3);
    return PANE_HANDLED | PANE_DIRTY;
}

/* Selects the next (dir 1) or previous (-1) figure shown; the first one
 * when none is selected. */
static unsigned select_figure(struct stats *s, int dir)
{
    size_t i = s->has_fig_sel ? s->fig_sel : (dir > 0 ? SIZE_MAX : s->nfig);

    if (s->detail)
        return PANE_HANDLED;
    for (i += (size_t)(ptrdiff_t)dir; i < s->nfig; i += (size_t)(ptrdiff_t)dir)
        if (s->fig_line[i] != SIZE_MAX)
            break;
    if (i >= s->nfig)
        return PANE_HANDLED;
    s->fig_sel = i;
    s->has_fig_sel = true;
    build(s);
    return show_figure(s);
}

/* Drops the co-tags shown under the selected tag. */
static void close_cotags(struct stats *s)
{
    for (size_t i = 0; s->cotag_text && i < s->cotags.ntags; i++)
        stats_release(s->cotag_text[i]);
    free(s->cotag_text);
    s->cotag_text = NULL;
    model_cotags_free(&s->cotags);
    s->cotags_open = s->cotags_pending = false;
}

/* Shows the co-tags of the selected tag as on their way: stats_work()
 * asks for them when no key is waiting. */
static void open_cotags(struct stats *s)
{
    close_cotags(s);
    s->cotags_open = s->cotags_pending = true;
    s->ctx->work_requests++;
}

/* Asks the model for the tags that travel with the selected tag;
 * MODEL_INTERRUPTED leaves them to be asked again. */
static int load_cotags(struct stats *s)
{
    struct rf_error err = {{0}};
    const char *tag = s->st.tags[s->tag_sel].tag;
    int rc = model_cotags(s->ctx->model, tag, COTAGS_SHOWN, &s->cotags, &err);

    if (rc == MODEL_INTERRUPTED)
        return rc;
    s->cotags_pending = false;
    if (rc != 0) {
        s->cotags_open = false;
        s->ctx->message(s->ctx->app, true, _("stats: %s"), err.msg);
        return 0;
    }
    s->cotag_text = calloc(s->cotags.ntags ? s->cotags.ntags : 1, sizeof *s->cotag_text);
    for (size_t i = 0; s->cotag_text && i < s->cotags.ntags; i++) {
        char *t = stats_sanitize(s->cotags.tags[i].tag);
        s->cotag_text[i] = stats_sanitize_f(_("with #%s"), t);
        stats_release(t);
    }
    s->ctx->message(s->ctx->app, false,
                    plural(s->cotags.posts, "#%s: %lld post carries it; the tags on the same posts (w hides them)",
                           "#%s: %lld posts carry it; the tags on the same posts (w hides them)"),
                    tag, (long long)s->cotags.posts);
    return 0;
}

static unsigned show_tag(struct stats *s)
{
    int line = (int)s->tag_line;

    build(s);
    if (line < s->top || line >= s->top + s->height - 1 ||
        (s->cotags_open && line + (int)s->cotags.ntags + 1 >= s->top + s->height - 1))
        scroll_to(s, line - s->height / 4);
    return PANE_HANDLED | PANE_DIRTY;
}

/* After a: the page again, scrolled to the selected author. */
static unsigned show_author(struct stats *s, unsigned flags)
{
    int line;

    if (!s->has_author_sel)
        return flags;
    build(s);
    line = (int)s->author_line;
    if (line < s->top || line >= s->top + s->height - 1)
        scroll_to(s, line - s->height / 4);
    return flags | PANE_DIRTY;
}

/* t: the next of the top tags (after the last, the first). */
static unsigned select_tag(struct stats *s)
{
    if (s->ntags == 0) {
        s->ctx->message(s->ctx->app, false, "%s", _("no tags to select"));
        return PANE_HANDLED;
    }
    s->tag_sel = s->has_tag_sel ? (s->tag_sel + 1) % s->ntags : 0;
    s->has_tag_sel = true;
    if (s->cotags_open)
        open_cotags(s);
    return show_tag(s);
}

/* w: the selected tag's co-tags shown, or hidden. */
static unsigned toggle_cotags(struct stats *s)
{
    if (s->cotags_open) {
        close_cotags(s);
        build(s);
        return PANE_HANDLED | PANE_DIRTY;
    }
    if (!s->has_tag_sel) {
        if (s->ntags == 0) {
            s->ctx->message(s->ctx->app, false, "%s", _("no tags to select"));
            return PANE_HANDLED;
        }
        s->tag_sel = 0;
        s->has_tag_sel = true;
    }
    open_cotags(s);
    return show_tag(s);
}

/* True when the figure's label or a source of it holds the search. */
static bool figure_matches(const struct model_figure *f, const char *q)
{
    const char *fields[] = {f->label_en, f->label_zh, f->id};

    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        if (fields[i] && draw_find_match(fields[i], strlen(fields[i]), 0, q) >= 0)
            return true;
    for (size_t i = 0; i < f->nsources; i++) {
        const struct model_source *src = &f->sources[i];
        if ((src->publisher && draw_find_match(src->publisher, strlen(src->publisher), 0, q) >= 0) ||
            (src->title && draw_find_match(src->title, strlen(src->title), 0, q) >= 0))
            return true;
    }
    return false;
}

/* The next (dir 1) or previous (-1) figure shown that matches the search,
 * from the selected one (or the first, `from_start`), selected and counted
 * in the status line. */
static unsigned select_match(struct stats *s, int dir, bool from_start)
{
    size_t total = 0, index = 0, pick = SIZE_MAX;

    if (s->detail)
        return PANE_HANDLED;
    for (size_t i = 0; i < s->nfig; i++) {
        bool after, before;
        if (s->fig_line[i] == SIZE_MAX || !figure_matches(&s->figures.rows[i], s->fig_search))
            continue;
        total++;
        after = from_start || !s->has_fig_sel || i > s->fig_sel;
        before = s->has_fig_sel && i < s->fig_sel;
        if ((dir > 0 && after && pick == SIZE_MAX) || (dir < 0 && before)) {
            pick = i;
            index = total;
        }
    }
    if (pick == SIZE_MAX) {
        if (total)
            s->ctx->message(s->ctx->app, false,
                            dir > 0 ? _("no later figure matches \"%s\" (%zu in all)")
                                    : _("no earlier figure matches \"%s\" (%zu in all)"),
                            s->fig_search, total);
        else
            s->ctx->message(s->ctx->app, false, _("no figure shown matches \"%s\" (Esc clears)"),
                            s->fig_search);
        return PANE_HANDLED | PANE_DIRTY;
    }
    s->fig_sel = pick;
    s->has_fig_sel = true;
    build(s);
    s->ctx->message(s->ctx->app, false, _("figures matching \"%s\": %zu of %zu (n, N; Esc clears)"),
                    s->fig_search, index, total);
    return show_figure(s);
}

static unsigned stats_handle(void *state, enum action act, keymap_key key)
{
    struct stats *s = state;
    int page = s->height > 2 ? s->height - 2 : 1;

    (void)key;
    /* The chart being counted is not on screen: nothing to move or pick. */
    if (s->pending && (act == ACT_LEFT || act == ACT_RIGHT || act == ACT_OPEN))
        return PANE_HANDLED;
    switch (act) {
    case ACT_DOWN:
        return scroll_to(s, s->top + 1);
    case ACT_UP:
        return scroll_to(s, s->top - 1);
    case ACT_PAGE_DOWN:
        return scroll_to(s, s->top + page);
    case ACT_PAGE_UP:
        return scroll_to(s, s->top - page);
    case ACT_HALF_DOWN:
        return scroll_to(s, s->top + (page + 1) / 2);
    case ACT_HALF_UP:
        return scroll_to(s, s->top - (page + 1) / 2);
    case ACT_TOP:
        return scroll_to(s, 0);
    case ACT_BOTTOM:
        return scroll_to(s, max_top(s));
    case ACT_CHART_UNIT:
        return next_unit(s);
    case ACT_LEFT:
    case ACT_RIGHT:
        s->has_author_sel = false; /* Enter is for the day again */
        return move_day(s, act == ACT_LEFT ? -1 : 1);
    case ACT_OPEN:
        return s->detail ? PANE_HANDLED : s->has_author_sel ? stats_choose_author(s) : enter(s);
    case ACT_NEXT_AUTHOR:
        return show_author(s, stats_select_author(s));
    case ACT_NEXT_TAG:
        return select_tag(s);
    case ACT_COTAGS:
        return toggle_cotags(s);
    case ACT_NEXT_FIGURE:
        return s->fig_search[0] ? select_match(s, 1, false) : select_figure(s, 1);
    case ACT_PREV_FIGURE:
        return s->fig_search[0] ? select_match(s, -1, false) : select_figure(s, -1);
    case ACT_SEARCH_FIGURES:
        s->ctx->prompt(s->ctx->app, PANE_STATS, _("Search figures: "), s->fig_search);
        return PANE_HANDLED;
    case ACT_FIGURE_DETAIL:
        if (!s->has_fig_sel && !(select_figure(s, 1) & PANE_DIRTY))
            return PANE_HANDLED;
        s->detail = true;
        s->top = 0;
        build(s);
        return PANE_HANDLED | PANE_DIRTY;
    case ACT_BACK:
        if (s->detail) {
            s->detail = false;
            build(s);
            return show_figure(s);
        }
        if (!s->zoomed && s->fig_search[0]) {
            s->fig_search[0] = '\0';
            s->ctx->message(s->ctx->app, false, "%s", _("figure search cleared"));
            return PANE_HANDLED | PANE_DIRTY;
        }
        if (!s->zoomed)
            return 0;
        s->zoomed = false;
        build(s);
        return PANE_HANDLED | PANE_DIRTY;
    default:
        return 0;
    }
}

static unsigned stats_prompt_done(void *state, const char *answer)
{
    struct stats *s = state;

    if (!answer)
        return PANE_DIRTY;
    snprintf(s->fig_search, sizeof s->fig_search, "%s", answer);
    if (!answer[0]) {
        s->ctx->message(s->ctx->app, false, "%s", _("figure search cleared"));
        return PANE_DIRTY;
    }
    return select_match(s, 1, true);
}

static void stats_changed(void *state, enum pane_change change)
{
    struct stats *s = state;

    if (change == PANE_CHANGE_DATA) {
        stats_load_figures(s);
        defer_stats(s);
    } else if (change == PANE_CHANGE_ZONE) {
        /* The days are other days: counted again, the cursor put back. */
        s->zoomed = false;
        s->cursor = INT64_MIN;
        defer_stats(s);
    } else if (change == PANE_CHANGE_SCRIPT) {
        prepare_post_texts(s); /* converted from the data each time */
    } else if (change == PANE_CHANGE_LANGUAGE) {
        prepare_post_texts(s);
        stats_load_figures(s); /* the detail is written in the UI language */
    }
    build(s);
}

static bool stats_has_work(void *state)
{
    const struct stats *s = state;
    return s->pending || s->cotags_pending;
}

static unsigned stats_work(void *state)
{
    struct stats *s = state;

    if (s->pending) {
        if (load_stats(s) == MODEL_INTERRUPTED)
            return 0;
        s->pending = false;
        if (s->has_want) {
            s->has_want = false;
            stats_focus_day(s, s->want_day_utc);
        }
    } else if (!s->cotags_pending || load_cotags(s) == MODEL_INTERRUPTED) {
        return 0;
    } else if (s->cotags_open) {
        return show_tag(s); /* scrolled so that they show under it */
    }
    build(s);
    return PANE_DIRTY;
}

static enum keymap_scope stats_scope(void *state)
{
    (void)state;
    return SCOPE_STATS;
}

static void stats_describe(void *state, char *title, size_t title_size, char *position,
                           size_t position_size)
{
    struct stats *s = state;

    if (s->fig_search[0])
        snprintf(title, title_size, _("%s \xc2\xb7 figures matching \"%s\""),
                 s->label ? s->label : stats_say(s, P_ALL_POSTS), s->fig_search);
    else
        snprintf(title, title_size, "%s", s->label ? s->label : stats_say(s, P_ALL_POSTS));
    position[0] = '\0';
    if (!s->pending && s->ndays > 0 && s->layout.cursor_bar >= 0)
        stats_describe_bar(s, position, position_size);
}

const struct pane_ops stats_pane_ops = {
    .title = N_("Stats"),
    .open = stats_open,
    .close = stats_close,
    .resize = stats_resize,
    .draw = stats_draw,
    .handle = stats_handle,
    .prompt_done = stats_prompt_done,
    .changed = stats_changed,
    .has_work = stats_has_work,
    .work = stats_work,
    .scope = stats_scope,
    .describe = stats_describe,
};

/* ---- what ui/app.c asks -------------------------------------------------------------- */

static bool copy_string(char **dst, const char *src)
{
    free(*dst);
    *dst = src ? strdup(src) : NULL;
    return !src || *dst;
}

void stats_set_filter(void *state, const struct model_filter *filter, const char *label)
{
    struct stats *s = state;

    s->filter = *filter;
    /* The caller's strings are only borrowed: keep copies. */
    if (!copy_string(&s->lang, filter->lang) || !copy_string(&s->platform, filter->platform) ||
        !copy_string(&s->tag, filter->tag) || !copy_string(&s->provenance, filter->provenance) ||
        !copy_string(&s->code, filter->code) || !copy_string(&s->search, filter->search) ||
        !copy_string(&s->author, filter->author))
        s->ctx->message(s->ctx->app, true, "%s", _("stats: out of memory"));
    s->filter.lang = s->lang;
    s->filter.platform = s->platform;
    s->filter.tag = s->tag;
    s->filter.provenance = s->provenance;
    s->filter.code = s->code;
    s->filter.search = s->search;
    s->filter.author = s->author;
    stats_release(s->label);
    s->label = label ? stats_sanitize(label) : NULL;
    defer_stats(s);
    build(s);
}

bool stats_selected_day(void *state, int64_t *from, int64_t *to)
{
    struct stats *s = state;
    struct tm tm;

    /* A day beyond the calendar (a damaged cache) links nowhere: the
     * window around it would overflow. */
    if (!s->has_selected || s->selected <= -INT64_MAX / DAY_SECONDS ||
        s->selected >= INT64_MAX / DAY_SECONDS - 1 ||
        !when_calendar(s->selected * DAY_SECONDS, when_utc(), &tm))
        return false;
    *from = when_zone_day_first(s->ctx->zone, s->selected);
    *to = when_zone_day_first(s->ctx->zone, s->selected + 1);
    return true;
}

void stats_focus_day(void *state, int64_t day_utc)
{
    struct stats *s = state;

    if (s->pending) {
        s->has_want = true;
        s->want_day_utc = day_utc;
        return;
    }
    if (s->ndays < 1 || s->by != MODEL_BY_DAY)
        return;
    set_cursor(s, when_zone_day_number(s->ctx->zone, day_utc));
    if (s->layout.per_bar > 1 || s->zoomed)
        stats_zoom_in(s, s->cursor);
    build(s);
}
