#include "autoconfig.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../src/i18n.h"
#include "../src/plural.h"
#include "../src/buf.h"
#include "../src/script.h"
#include "../src/text.h"
#include "../src/vocab.h"
#include "../src/when.h"
#include "draw.h"
#include "layout.h"
#include "list.h"
#include "scroll.h"
#include "theme.h"
#include "timeline.h"

/* Events held on each side of the cursor; the window is re-centred when the
 * cursor comes within EDGE of an end that has more beyond it. */
enum { HALF_WINDOW = 128, EDGE = 16, MAX_GAP_ROWS = 8 };

/* A detail preview is shown under the list when the pane is this tall. */
enum { PREVIEW_MIN_HEIGHT = 14 };

static const char kind_glyphs[] = "ELCBXRHNPMD";

char timeline_kind_glyph(unsigned kind)
{
    for (unsigned i = 0; i < 11; i++)
        if (kind == 1u << i)
            return kind_glyphs[i];
    return '?';
}

const char *timeline_kind_word(unsigned kind)
{
    for (unsigned i = 0; i < VOCAB_KIND_COUNT; i++) {
        if (kind == 1u << i) {
            /* In English the name as typed on the command line. */
            return i18n_chinese() ? _(vocab_event_kind_labels[i][0]) : vocab_event_kinds[i];
        }
    }
    return "?";
}

/* An event's confidence ("high") in the interface's language. */
static const char *confidence_word(const char *confidence)
{
    int i = vocab_find(vocab_confidences, confidence);

    return i < 0 ? "?" : _(vocab_confidence_labels[i][0]);
}

static enum theme_role kind_role(unsigned kind)
{
    for (unsigned i = 0; i < 11; i++)
        if (kind == 1u << i)
            return (enum theme_role)(ROLE_KIND_EXECUTIVE_ORDER + (int)i);
    return ROLE_NORMAL;
}

enum row_type { ROW_YEAR, ROW_MONTH, ROW_EVENT, ROW_GAP };

struct display_row {
    enum row_type type;
    size_t event;  /* ROW_EVENT: index into the window */
    int year, month;
    char gap[32];  /* ROW_GAP: the label on the first row of a gap */
};

struct timeline {
    struct pane_context *ctx;
    int width, height;
    unsigned kinds; /* filter mask, never 0 */
    bool proportional;

    /* The window: `before` holds events before the anchor, `after` the
     * anchor and what follows; both ascending. */
    struct model_event_page before, after;
    size_t cur;

    /* Titles sanitised once per window, both languages. */
    char **title_en, **title_zh;

    struct display_row *rows;
    size_t nrows, rows_cap;
    int top;

    /* The cursor event's detail, sanitised and wrapped for the width. */
    struct model_event detail;
    bool has_detail;
    char *detail_text;
    struct text_span *detail_lines;
    size_t ndetail_lines;
    bool detail_open; /* full-pane detail after Enter */
    int detail_scroll;

    bool checklist_open;
    int checklist_cur;
    unsigned checklist_kinds;

    /* `/`: events whose title or summary holds this ("" none); n and N
     * then step through them. */
    char search[256];
    bool prompt_search; /* the open prompt is the search's, not the date's */
};

/* ---- the window ------------------------------------------------------------ */

static size_t window_count(const struct timeline *t)
{
    return t->before.count + t->after.count;
}

static const struct model_event *window_event(const struct timeline *t, size_t i)
{
    return i < t->before.count ? &t->before.rows[i] : &t->after.rows[i - t->before.count];
}

static void free_titles(struct timeline *t, size_t n)
{
    for (size_t i = 0; t->title_en && i < n; i++) {
        free(t->title_en[i]);
        free(t->title_zh[i]);
    }
    free(t->title_en);
    free(t->title_zh);
    t->title_en = t->title_zh = NULL;
}

static void free_window(struct timeline *t)
{
    free_titles(t, window_count(t));
    model_event_page_free(&t->before);
    model_event_page_free(&t->after);
    memset(&t->before, 0, sizeof t->before);
    memset(&t->after, 0, sizeof t->after);
}

static char *sanitize_title(const char *s)
{
    return text_sanitize(s ? s : "", s ? strlen(s) : 0, 0);
}

static void prepare_titles(struct timeline *t)
{
    size_t n = window_count(t);

    t->title_en = calloc(n ? n : 1, sizeof *t->title_en);
    t->title_zh = calloc(n ? n : 1, sizeof *t->title_zh);
    for (size_t i = 0; t->title_en && t->title_zh && i < n; i++) {
        t->title_en[i] = sanitize_title(window_event(t, i)->title_en);
        t->title_zh[i] = sanitize_title(window_event(t, i)->title_zh);
        script_convert_owned(&t->title_zh[i], NULL, 0);
    }
}

static void build_rows(struct timeline *t);
static void load_detail(struct timeline *t);

static struct model_event_filter event_filter(const struct timeline *t)
{
    struct model_event_filter f = {.kinds = t->kinds};
    return f;
}

enum anchor_kind { ANCHOR_START, ANCHOR_END, ANCHOR_AT };

/* Loads the window around an event (ANCHOR_AT: the cursor lands on the
 * first event at or after `at`), at the start or at the end. */
static int load_window(struct timeline *t, enum anchor_kind kind, const struct model_cursor *at)
{
    struct model_event_filter f = event_filter(t);
    struct model_event_page before = {0}, after = {0};
    struct rf_error err = {{0}};
    int rc = 0;

    if (kind == ANCHOR_START) {
        rc = model_events(t->ctx->model, &f, NULL, MODEL_FORWARD, HALF_WINDOW * 2, &after, &err);
    } else if (kind == ANCHOR_END) {
        rc = model_events(t->ctx->model, &f, NULL, MODEL_BACKWARD, HALF_WINDOW * 2, &before,
                          &err);
    } else {
        /* Cursors are exclusive: start just below the anchor to include it. */
        struct model_cursor just_before = {.valid = true, .key = at->key, .id = at->id - 1};
        rc = model_events(t->ctx->model, &f, at, MODEL_BACKWARD, HALF_WINDOW, &before, &err);
        if (rc == 0)
            rc = model_events(t->ctx->model, &f, &just_before, MODEL_FORWARD, HALF_WINDOW,
                              &after, &err);
    }
    if (rc != 0) {
        model_event_page_free(&before);
        model_event_page_free(&after);
        t->ctx->message(t->ctx->app, true, _("timeline: %s"), err.msg);
        return -1;
    }
    free_window(t);
    t->before = before;
    t->after = after;
    if (kind == ANCHOR_START)
        t->cur = 0;
    else if (kind == ANCHOR_END)
        t->cur = window_count(t) ? window_count(t) - 1 : 0;
    else
        t->cur = after.count ? before.count : (before.count ? before.count - 1 : 0);
    prepare_titles(t);
    build_rows(t);
    load_detail(t);
    return 0;
}

static struct model_cursor cursor_of(const struct model_event *e)
{
    struct model_cursor c = {.valid = true, .key = e->ts_utc, .id = e->row};
    return c;
}

/* Keeps EDGE events of slack on each side of the cursor when more exist.
 * `before` was read backwards, so its `more` means earlier events exist;
 * `after` was read forwards, so its `more` means later ones do. */
static void recentre_if_needed(struct timeline *t)
{
    size_t n = window_count(t);
    struct model_cursor at;

    if (n == 0)
        return;
    if ((t->cur < EDGE && t->before.more) || (n - 1 - t->cur < EDGE && t->after.more)) {
        at = cursor_of(window_event(t, t->cur));
        load_window(t, ANCHOR_AT, &at);
    }
}

/* ---- display rows ---------------------------------------------------------- */

static void push_row(struct timeline *t, struct display_row row)
{
    if (t->nrows == t->rows_cap) {
        size_t cap = t->rows_cap ? t->rows_cap * 2 : 128;
        struct display_row *grown = realloc(t->rows, cap * sizeof *grown);
        if (!grown)
            return;
        t->rows = grown;
        t->rows_cap = cap;
    }
    t->rows[t->nrows++] = row;
}

/* The year and month of an event's date ("2025-01-14" or "2025-01"), read
 * by src/when.c's rules; 0 and 0 for a date no calendar holds (a damaged
 * cache), which then heads a "year 0" group of its own. */
static void ymd(const char *date, int *y, int *m)
{
    struct rf_error err;
    int64_t from, to;
    struct tm tm;

    *y = 0;
    *m = 0;
    if (date && when_parse_period(date, when_utc(), &from, &to, &err) == 0 &&
        when_calendar(from, when_utc(), &tm)) {
        *y = tm.tm_year + 1900;
        *m = tm.tm_mon + 1;
    }
}

/* Rows of empty space for a gap: logarithmic, so a day or two vanishes, a
 * week is one row and a nine-month gap stands out (7 rows) without pushing
 * everything off screen. */
static int gap_rows(double days, char *label, size_t size)
{
    int rows = days < 2 ? 0 : (int)floor(log2(days / 2 + 1));

    if (rows > MAX_GAP_ROWS)
        rows = MAX_GAP_ROWS;
    if (days >= 60)
        snprintf(label, size, plural(lround(days / 30.44), "%.0f month", "%.0f months"),
                 days / 30.44);
    else if (days >= 14)
        snprintf(label, size, plural(lround(days / 7), "%.0f week", "%.0f weeks"), days / 7);
    else
        snprintf(label, size, plural(lround(days), "%.0f day", "%.0f days"), days);
    return rows;
}

static void build_rows(struct timeline *t)
{
    int year = -1, month = -1;
    size_t n = window_count(t);

    t->nrows = 0;
    for (size_t i = 0; i < n; i++) {
        const struct model_event *e = window_event(t, i);
        struct display_row row = {.type = ROW_EVENT, .event = i};
        int y, m;

        if (t->proportional && i > 0) {
            /* In doubles: a damaged cache's times may be 64 bits apart. */
            double days = ((double)e->ts_utc - (double)window_event(t, i - 1)->ts_utc) / 86400.0;
            char label[32];
            int k = gap_rows(days, label, sizeof label);
            for (int g = 0; g < k; g++) {
                struct display_row gap = {.type = ROW_GAP};
                if (g == k / 2 && k >= 2)
                    snprintf(gap.gap, sizeof gap.gap, "%s", label);
                push_row(t, gap);
            }
        }
        ymd(e->date, &y, &m);
        if (y != year) {
            struct display_row head = {.type = ROW_YEAR, .year = y};
            push_row(t, head);
            year = y;
            month = -1;
        }
        if (m != month) {
            struct display_row head = {.type = ROW_MONTH, .year = y, .month = m};
            push_row(t, head);
            month = m;
        }
        row.year = y;
        row.month = m;
        push_row(t, row);
    }
}

static int cursor_row(const struct timeline *t)
{
    for (size_t r = 0; r < t->nrows; r++)
        if (t->rows[r].type == ROW_EVENT && t->rows[r].event == t->cur)
            return (int)r;
    return 0;
}

static int list_height(const struct timeline *t)
{
    if (t->height >= PREVIEW_MIN_HEIGHT)
        return t->height - t->height * 2 / 5 - 1;
    return t->height;
}

/* List rows that fit: fewer when projector mode spaces them out. */
static int visible_rows(const struct timeline *t)
{
    int rows = list_height(t) / (t->ctx->row_step > 1 ? t->ctx->row_step : 1);
    return rows > 0 ? rows : 1;
}

static void keep_cursor_visible(struct timeline *t)
{
    list_keep_visible(&t->top, cursor_row(t), visible_rows(t), (int)t->nrows,
                      t->ctx->cfg->ui.scroll_jump);
    /* Show the headings above the first event rather than leaving them
     * just off screen. */
    if (t->cur == 0 && !t->before.more)
        t->top = 0;
}

/* ---- the detail ------------------------------------------------------------ */

static void free_detail(struct timeline *t)
{
    if (t->has_detail)
        model_event_free(&t->detail);
    t->has_detail = false;
    free(t->detail_text);
    free(t->detail_lines);
    t->detail_text = NULL;
    t->detail_lines = NULL;
    t->ndetail_lines = 0;
}

/* "2025-01-18 22:30 ET (UTC-05:00)", with the reader's clock after it when
 * that reads otherwise ("; 01-19 11:30 in Beijing"), or the date alone. */
static void format_when(const struct model_event *e, struct when_zone zone, char *buf,
                        size_t size)
{
    if (e->time && e->has_offset) {
        int off = e->utc_offset < 0 ? -e->utc_offset : e->utc_offset;
        char there[32] = "", clock[96] = "";
        if (when_zone_offset_at(zone, e->ts_utc) != e->utc_offset * 60 &&
            when_format(there, sizeof there, e->ts_utc, zone, WHEN_MONTH_DAY_TIME))
            vocab_zone_clock(zone, e->ts_utc, clock, sizeof clock);
        if (clock[0])
            /* TRANSLATORS: date, time, zone, sign, hours, minutes, then the
             * reader's date and time and where that clock is ("in Beijing"). */
            snprintf(buf, size, _("%s %s %s (UTC%c%02d:%02d); %s %s"), e->date, e->time,
                     e->tz ? e->tz : "", e->utc_offset < 0 ? '-' : '+', off / 60, off % 60,
                     there, clock);
        else
            snprintf(buf, size, "%s %s %s (UTC%c%02d:%02d)", e->date, e->time,
                     e->tz ? e->tz : "", e->utc_offset < 0 ? '-' : '+', off / 60, off % 60);
    } else if (e->time) {
        snprintf(buf, size, "%s %s", e->date, e->time);
    } else {
        snprintf(buf, size, "%s", e->date);
    }
}

static void prepare_detail(struct timeline *t)
{
    const struct model_event *e = &t->detail;
    struct buf_text raw = {0};
    char when[200];
    size_t len, need;
    int lang = t->ctx->language;

    free(t->detail_text);
    free(t->detail_lines);
    t->detail_text = NULL;
    t->detail_lines = NULL;
    t->ndetail_lines = 0;
    if (!t->has_detail || t->width < 1)
        return;
    format_when(e, t->ctx->zone, when, sizeof when);
    buf_appendf(&raw, _("%s \xc2\xb7 %s \xc2\xb7 confidence: %s\n"), when,
                timeline_kind_word(e->kind), confidence_word(e->confidence));
    if (lang != LANGUAGE_ZH)
        buf_appendf(&raw, "%s\n", e->title_en ? e->title_en : "");
    if (lang != LANGUAGE_EN)
        buf_appendf(&raw, "%s\n", e->title_zh ? e->title_zh : "");
    if (lang != LANGUAGE_ZH && e->summary_en)
        buf_appendf(&raw, "\n%s\n", e->summary_en);
    if (lang != LANGUAGE_EN && e->summary_zh)
        buf_appendf(&raw, "\n%s\n", e->summary_zh);
    if (e->notes && e->notes[0])
        buf_appendf(&raw, _("\nNotes: %s\n"), e->notes);
    buf_appendf(&raw, "%s", _("\nSources:\n"));
    for (size_t i = 0; i < e->nsources; i++) {
        const struct model_source *s = &e->sources[i];
        /* A source: its publisher, then what is known of it, each after a
         * comma; the title in the quotation marks of the interface's
         * language (《》 in Chinese, po/README.md). */
        buf_appendf(&raw, "- %s", s->publisher);
        if (s->title)
            /* TRANSLATORS: a source's title after its publisher: Chinese
               names a work (an article, a report) in 《》. */
            buf_appendf(&raw, _(", \xe2\x80\x9c%s\xe2\x80\x9d"), s->title);
        if (s->published)
            /* TRANSLATORS: a source's next part (its date, its URL) after
               a comma. */
            buf_appendf(&raw, _(", %s"), s->published);
        if (s->url)
            buf_appendf(&raw, _(", %s"), s->url);
        buf_appendf(&raw, "\n");
    }
    if (!raw.s)
        return;
    t->detail_text = text_sanitize(raw.s, raw.len, TEXT_KEEP_NEWLINES | TEXT_KEEP_TABS);
    free(raw.s);
    if (!t->detail_text)
        return;
    script_convert_owned(&t->detail_text, NULL, 0);
    len = strlen(t->detail_text);
    need = text_wrap(t->detail_text, len, t->width - 1, NULL, 0);
    t->detail_lines = calloc(need ? need : 1, sizeof *t->detail_lines);
    if (t->detail_lines)
        t->ndetail_lines = text_wrap(t->detail_text, len, t->width - 1, t->detail_lines, need);
}

static void load_detail(struct timeline *t)
{
    struct rf_error err = {{0}};
    const struct model_event *e;

    free_detail(t);
    t->detail_scroll = 0;
    if (window_count(t) == 0)
        return;
    e = window_event(t, t->cur);
    if (model_event_detail(t->ctx->model, e->id, &t->detail, &err) != 0) {
        t->ctx->message(t->ctx->app, true, _("timeline: %s"), err.msg);
        return;
    }
    t->has_detail = true;
    prepare_detail(t);
}

/* ---- pane operations -------------------------------------------------------- */

static void *timeline_open(struct pane_context *ctx)
{
    struct timeline *t = calloc(1, sizeof *t);

    if (!t)
        return NULL;
    t->ctx = ctx;
    t->kinds = MODEL_KIND_ALL;
    t->proportional = ctx->cfg->timeline.proportional;
    if (load_window(t, ANCHOR_START, NULL) != 0) {
        free(t);
        return NULL;
    }
    return t;
}

static void timeline_close(void *state)
{
    struct timeline *t = state;

    if (!t)
        return;
    free_window(t);
    free_detail(t);
    free(t->rows);
    free(t);
}

static void timeline_resize(void *state, int width, int height)
{
    struct timeline *t = state;

    t->width = width;
    t->height = height;
    prepare_detail(t);
    keep_cursor_visible(t);
}

static const char *month_name(int month, int lang)
{
    static const char *const en[] = {N_("January"), N_("February"), N_("March"),
                                     N_("April"),   N_("May"),      N_("June"),
                                     N_("July"),    N_("August"),   N_("September"),
                                     N_("October"), N_("November"), N_("December")};
    static const char *const zh[] = {"1\xe6\x9c\x88",     "2\xe6\x9c\x88",     "3\xe6\x9c\x88",
                                     "4\xe6\x9c\x88",     "5\xe6\x9c\x88",     "6\xe6\x9c\x88",
                                     "7\xe6\x9c\x88",     "8\xe6\x9c\x88",     "9\xe6\x9c\x88",
                                     "10\xe6\x9c\x88",    "11\xe6\x9c\x88",    "12\xe6\x9c\x88"};

    if (month < 1 || month > 12)
        return "?";
    /* Under ASCII output Chinese headings would be placeholders. */
    return lang == LANGUAGE_ZH && !text_ascii() ? zh[month - 1] : _(en[month - 1]);
}

static void draw_event_row(const struct timeline *t, WINDOW *win, int y, size_t i, bool focused)
{
    const struct model_event *e = window_event(t, i);
    bool is_cursor = i == t->cur;
    attr_t base = is_cursor ? theme_attr(focused ? ROLE_CURSOR : ROLE_CURSOR_DIM)
                            : theme_attr(ROLE_NORMAL);
    char day[8] = "--", glyph[2] = {timeline_kind_glyph(e->kind), '\0'};
    int x = 0, w = t->width;
    const char *title_en = t->title_en ? t->title_en[i] : "";
    const char *title_zh = t->title_zh ? t->title_zh[i] : "";

    if (e->date && strlen(e->date) >= 10)
        snprintf(day, sizeof day, "%.2s", e->date + 8);
    draw_fill(win, y, 0, w, base);
    x += draw_str(win, y, 1, day, w - 1, is_cursor ? base : theme_attr(ROLE_DIM)) + 2;
    if (x < w)
        x += draw_str(win, y, x, glyph, w - x,
                      (is_cursor ? base : theme_attr(kind_role(e->kind))) | A_BOLD) + 1;
    if (x >= w)
        return;
    if (t->ctx->language == LANGUAGE_ZH && !text_ascii()) {
        draw_highlighted(win, y, x, title_zh, strlen(title_zh), w - x, base, t->search);
    } else if (t->ctx->language == LANGUAGE_BOTH && !text_ascii()) {
        draw_highlighted(win, y, x, title_en, strlen(title_en), w - x, base, t->search);
        x += text_width(title_en, strlen(title_en)) < w - x ? text_width(title_en, strlen(title_en))
                                                             : w - x;
        if (x + 3 < w) {
            x += draw_str(win, y, x, " \xc2\xb7 ", w - x, base);
            draw_highlighted(win, y, x, title_zh, strlen(title_zh), w - x, base, t->search);
        }
    } else {
        draw_highlighted(win, y, x, title_en, strlen(title_en), w - x, base, t->search);
    }
    if (vocab_confidence_of(e->confidence) == VOCAB_CONFIDENCE_LOW && w > 4)
        mvwaddch(win, y, 0, '~' | (is_cursor ? base : theme_attr(ROLE_LOW_CONFIDENCE)));
}

static void draw_detail_lines(const struct timeline *t, WINDOW *win, int y0, int h, int from)
{
    for (int row = 0; row < h; row++) {
        size_t i = (size_t)(from + row);
        const struct text_span *s;

        if (i >= t->ndetail_lines)
            break;
        s = &t->detail_lines[i];
        /* The first line (date, kind) and the title lines stand out. */
        draw_text(win, y0 + row, 1, t->detail_text + s->offset, s->length, t->width - 1, false,
                  theme_attr(i == 0 ? ROLE_DIM : i <= (t->ctx->language == LANGUAGE_BOTH ? 2u : 1u)
                                                     ? ROLE_HEADING
                                                     : ROLE_NORMAL));
    }
}

static void draw_checklist(const struct timeline *t, WINDOW *win)
{
    int y = 0;

    draw_str(win, y++, 1, _("Show kinds (Space toggles, a all, Enter/Esc done):"), t->width - 1,
             theme_attr(ROLE_HEADING));
    for (int i = 0; i < 11 && y < t->height; i++, y++) {
        unsigned bit = 1u << i;
        char line[128];
        attr_t attr = i == t->checklist_cur ? theme_attr(ROLE_CURSOR) : theme_attr(ROLE_NORMAL);

        snprintf(line, sizeof line, " [%c] %c %s", (t->checklist_kinds & bit) ? 'x' : ' ',
                 timeline_kind_glyph(bit), timeline_kind_word(bit));
        draw_fill(win, y, 0, t->width, attr);
        draw_str(win, y, 0, line, t->width, attr);
    }
}

static void timeline_draw(void *state, WINDOW *win, bool focused)
{
    struct timeline *t = state;
    int list_h = list_height(t);

    if (t->checklist_open) {
        draw_checklist(t, win);
        return;
    }
    if (t->detail_open) {
        draw_detail_lines(t, win, 0, t->height, t->detail_scroll);
        return;
    }
    if (window_count(t) == 0) {
        draw_str(win, 0, 1,
                 t->kinds == MODEL_KIND_ALL ? _("No events in the cache.")
                                            : _("No events of the chosen kinds (f to change)."),
                 t->width - 1, theme_attr(ROLE_DIM));
        return;
    }
    for (int i = 0; i < visible_rows(t); i++) {
        size_t r = (size_t)(t->top + i);
        int row = i * t->ctx->row_step;
        const struct display_row *d;
        char head[32];

        if (r >= t->nrows)
            break;
        d = &t->rows[r];
        switch (d->type) {
        case ROW_YEAR:
            snprintf(head, sizeof head, "%d", d->year);
            draw_str(win, row, 0, head, t->width, theme_attr(ROLE_HEADING));
            break;
        case ROW_MONTH:
            draw_str(win, row, 1, month_name(d->month, t->ctx->language), t->width - 1,
                     theme_attr(ROLE_HEADING));
            break;
        case ROW_GAP:
            draw_str(win, row, 2, text_ascii() ? ":" : "\xe2\x8b\xae", 2, theme_attr(ROLE_DIM));
            if (d->gap[0])
                draw_str(win, row, 4, d->gap, t->width - 4, theme_attr(ROLE_DIM));
            break;
        case ROW_EVENT:
            draw_event_row(t, win, row, d->event, focused);
            break;
        }
    }
    if (list_h < t->height) {
        draw_hline(win, list_h, 0, t->width, theme_attr(ROLE_BORDER));
        draw_detail_lines(t, win, list_h + 1, t->height - list_h - 1, 0);
    }
}

/* ---- actions ---------------------------------------------------------------- */

static unsigned move_cursor(struct timeline *t, long delta)
{
    size_t target = list_move(t->cur, delta, window_count(t));

    if (target == t->cur)
        return PANE_HANDLED;
    t->cur = target;
    recentre_if_needed(t);
    load_detail(t);
    keep_cursor_visible(t);
    return PANE_HANDLED | PANE_DIRTY | PANE_MOVED;
}

static unsigned goto_same_kind(struct timeline *t, enum model_dir dir)
{
    struct model_event_filter f = {.kinds = 0};
    struct model_event_page page = {0};
    struct rf_error err = {{0}};
    struct model_cursor at;
    const struct model_event *e;

    if (window_count(t) == 0)
        return PANE_HANDLED;
    e = window_event(t, t->cur);
    f.kinds = e->kind;
    at = cursor_of(e);
    if (model_events(t->ctx->model, &f, &at, dir, 1, &page, &err) != 0) {
        t->ctx->message(t->ctx->app, true, _("timeline: %s"), err.msg);
        return PANE_HANDLED;
    }
    if (page.count == 0) {
        t->ctx->message(t->ctx->app, false,
                        dir == MODEL_FORWARD ? _("no later event of kind %s")
                                             : _("no earlier event of kind %s"),
                        timeline_kind_word(e->kind));
        model_event_page_free(&page);
        return PANE_HANDLED | PANE_DIRTY;
    }
    at = cursor_of(&page.rows[0]);
    model_event_page_free(&page);
    load_window(t, ANCHOR_AT, &at);
    keep_cursor_visible(t);
    return PANE_HANDLED | PANE_DIRTY | PANE_MOVED;
}

/* The next (dir FORWARD) or previous match of the search from the cursor,
 * or the first from the start (`from_start`), selected and counted in the
 * status line: one event read, and where it stands counted by the model. */
static unsigned goto_match(struct timeline *t, enum model_dir dir, bool from_start)
{
    struct model_event_filter f = event_filter(t);
    struct model_event_page page = {0};
    struct rf_error err = {{0}};
    struct model_cursor here = {0}, at;
    int64_t before = 0, total = 0;

    f.search = t->search;
    if (window_count(t) > 0 && !from_start)
        here = cursor_of(window_event(t, t->cur));
    if (!here.valid)
        dir = MODEL_FORWARD;
    if (model_events(t->ctx->model, &f, here.valid ? &here : NULL, dir, 1, &page, &err) != 0 ||
        model_event_rank(t->ctx->model, &f, page.count ? &page.first : &here, &before, &total,
                         &err) != 0) {
        model_event_page_free(&page);
        t->ctx->message(t->ctx->app, true, _("timeline: %s"), err.msg);
        return PANE_HANDLED;
    }
    if (page.count == 0) {
        if (total == 0)
            t->ctx->message(t->ctx->app, false, _("no events match \"%s\" (Esc clears)"), t->search);
        else
            t->ctx->message(t->ctx->app, false,
                            dir == MODEL_FORWARD ? _("no later event matches \"%s\" (%lld in all)")
                                                 : _("no earlier event matches \"%s\" (%lld in all)"),
                            t->search, (long long)total);
        model_event_page_free(&page);
        return PANE_HANDLED | PANE_DIRTY;
    }
    at = page.first;
    t->ctx->message(t->ctx->app, false, _("events matching \"%s\": %lld of %lld (n, N; Esc clears)"),
                    t->search, (long long)before + 1, (long long)total);
    model_event_page_free(&page);
    load_window(t, ANCHOR_AT, &at);
    keep_cursor_visible(t);
    return PANE_HANDLED | PANE_DIRTY | PANE_MOVED;
}

static unsigned jump_to(struct timeline *t, const char *answer)
{
    struct model_event_filter f = event_filter(t);
    struct model_event_page page = {0};
    struct rf_error err = {{0}};
    int64_t from, to;
    struct model_cursor at;

    if (when_parse_period(answer, t->ctx->zone, &from, &to, &err) != 0) {
        t->ctx->message(t->ctx->app, true, _("'%s' is not a date: use 2025-01-17, 2025-01 or 2025"),
                        answer);
        return PANE_HANDLED | PANE_DIRTY;
    }
    f.has_from = true;
    f.from = from;
    if (model_events(t->ctx->model, &f, NULL, MODEL_FORWARD, 1, &page, &err) != 0) {
        t->ctx->message(t->ctx->app, true, _("timeline: %s"), err.msg);
        return PANE_HANDLED;
    }
    if (page.count == 0) {
        /* Nothing that late: go to the last event instead. */
        model_event_page_free(&page);
        load_window(t, ANCHOR_END, NULL);
        t->ctx->message(t->ctx->app, false, _("no events from %s on; showing the last"), answer);
    } else {
        bool inside = page.rows[0].ts_utc < to;
        at = cursor_of(&page.rows[0]);
        model_event_page_free(&page);
        load_window(t, ANCHOR_AT, &at);
        if (!inside)
            t->ctx->message(t->ctx->app, false, _("no events in %s; showing the next one"), answer);
    }
    keep_cursor_visible(t);
    return PANE_HANDLED | PANE_DIRTY | PANE_MOVED;
}

static unsigned handle_checklist(struct timeline *t, enum action act, keymap_key key)
{
    unsigned bit = 1u << t->checklist_cur;

    if (key == ' ') {
        t->checklist_kinds ^= bit;
    } else if (key == 'a') {
        t->checklist_kinds = t->checklist_kinds == MODEL_KIND_ALL ? 0 : MODEL_KIND_ALL;
    } else if (act == ACT_UP && t->checklist_cur > 0) {
        t->checklist_cur--;
    } else if (act == ACT_DOWN && t->checklist_cur < 10) {
        t->checklist_cur++;
    } else if (act == ACT_OPEN || act == ACT_BACK || act == ACT_FILTER_KIND) {
        struct model_cursor at = {0};
        bool had = window_count(t) > 0;

        t->checklist_open = false;
        if (t->checklist_kinds == 0) {
            t->ctx->message(t->ctx->app, true, _("no kind chosen; the filter is unchanged"));
            return PANE_HANDLED | PANE_DIRTY;
        }
        if (had)
            at = cursor_of(window_event(t, t->cur));
        t->kinds = t->checklist_kinds;
        /* Stay near the same moment in time. */
        if (had)
            load_window(t, ANCHOR_AT, &at);
        else
            load_window(t, ANCHOR_START, NULL);
        if (window_count(t) > 0 && t->after.count == 0)
            load_window(t, ANCHOR_END, NULL);
        keep_cursor_visible(t);
        return PANE_HANDLED | PANE_DIRTY | PANE_MOVED;
    }
    return PANE_HANDLED | PANE_DIRTY;
}

static unsigned timeline_handle(void *state, enum action act, keymap_key key)
{
    struct timeline *t = state;
    long delta;

    if (t->checklist_open)
        return handle_checklist(t, act, key);
    if (t->detail_open) {
        if (scroll_by_action(&t->detail_scroll, act, t->height, (int)t->ndetail_lines))
            return PANE_HANDLED | PANE_DIRTY;
        if (act == ACT_BACK || act == ACT_OPEN) {
            t->detail_open = false;
            keep_cursor_visible(t);
            return PANE_HANDLED | PANE_DIRTY;
        }
        return 0;
    }

    if (list_step(act, visible_rows(t), &delta))
        return move_cursor(t, delta);
    switch (act) {
    case ACT_TOP:
        load_window(t, ANCHOR_START, NULL);
        keep_cursor_visible(t);
        return PANE_HANDLED | PANE_DIRTY | PANE_MOVED;
    case ACT_BOTTOM:
        load_window(t, ANCHOR_END, NULL);
        keep_cursor_visible(t);
        return PANE_HANDLED | PANE_DIRTY | PANE_MOVED;
    case ACT_OPEN:
        if (window_count(t) == 0)
            return PANE_HANDLED;
        t->detail_open = true;
        t->detail_scroll = 0;
        return PANE_HANDLED | PANE_DIRTY | PANE_SELECTED;
    case ACT_NEXT_SAME_KIND:
        return t->search[0] ? goto_match(t, MODEL_FORWARD, false)
                            : goto_same_kind(t, MODEL_FORWARD);
    case ACT_PREV_SAME_KIND:
        return t->search[0] ? goto_match(t, MODEL_BACKWARD, false)
                            : goto_same_kind(t, MODEL_BACKWARD);
    case ACT_SEARCH_EVENTS:
        t->prompt_search = true;
        t->ctx->prompt(t->ctx->app, PANE_TIMELINE, _("Search events: "), t->search);
        return PANE_HANDLED;
    case ACT_BACK:
        if (!t->search[0])
            return 0;
        t->search[0] = '\0';
        t->ctx->message(t->ctx->app, false, _("event search cleared"));
        return PANE_HANDLED | PANE_DIRTY;
    case ACT_PROPORTIONAL:
        t->proportional = !t->proportional;
        build_rows(t);
        keep_cursor_visible(t);
        t->ctx->message(t->ctx->app, false, "%s",
                        t->proportional ? _("proportional view") : _("compact view"));
        return PANE_HANDLED | PANE_DIRTY;
    case ACT_JUMP_DATE:
        t->prompt_search = false;
        t->ctx->prompt(t->ctx->app, PANE_TIMELINE, _("Jump to date (YYYY[-MM[-DD]]): "), "");
        return PANE_HANDLED;
    case ACT_FILTER_KIND:
        t->checklist_open = true;
        t->checklist_kinds = t->kinds;
        return PANE_HANDLED | PANE_DIRTY;
    default:
        return 0;
    }
}

static unsigned timeline_prompt_done(void *state, const char *answer)
{
    struct timeline *t = state;

    if (t->prompt_search) {
        t->prompt_search = false;
        if (!answer)
            return PANE_DIRTY;
        snprintf(t->search, sizeof t->search, "%s", answer);
        if (!answer[0]) {
            t->ctx->message(t->ctx->app, false, _("event search cleared"));
            return PANE_DIRTY;
        }
        return goto_match(t, MODEL_FORWARD, true);
    }
    if (!answer || !answer[0])
        return PANE_DIRTY;
    return jump_to(t, answer);
}

static void timeline_changed(void *state, enum pane_change change)
{
    struct timeline *t = state;

    /* A script change reads the titles again: they were converted in place. */
    if ((change == PANE_CHANGE_DATA || change == PANE_CHANGE_SCRIPT) && window_count(t) > 0) {
        struct model_cursor at = cursor_of(window_event(t, t->cur));
        load_window(t, ANCHOR_AT, &at);
    } else if (change == PANE_CHANGE_DATA || change == PANE_CHANGE_SCRIPT) {
        load_window(t, ANCHOR_START, NULL);
    } else {
        prepare_detail(t);
    }
    keep_cursor_visible(t);
}

static enum keymap_scope timeline_scope(void *state)
{
    (void)state;
    return SCOPE_TIMELINE;
}

static void kinds_label(unsigned kinds, char *buf, size_t size)
{
    char list[160];
    size_t used = 0;
    int n = 0;

    if (kinds == MODEL_KIND_ALL) {
        snprintf(buf, size, "%s", _("all kinds"));
        return;
    }
    list[0] = '\0';
    for (unsigned bit = 1; bit <= MODEL_KIND_DEAL; bit <<= 1) {
        if (!(kinds & bit))
            continue;
        /* TRANSLATORS: between the kinds a filter lists ("ban,outage"). */
        n = snprintf(list + used, sizeof list - used, "%s%s", used ? _(",") : "",
                     timeline_kind_word(bit));
        if (n < 0 || (size_t)n >= sizeof list - used)
            break;
        used += (size_t)n;
    }
    snprintf(buf, size, _("kinds: %s"), list);
}

static void timeline_describe(void *state, char *title, size_t title_size, char *position,
                              size_t position_size)
{
    struct timeline *t = state;
    char kinds[200];

    kinds_label(t->kinds, kinds, sizeof kinds);
    {
        char search[sizeof t->search + 64] = "";
        if (t->search[0])
            /* TRANSLATORS: a part of the timeline's title, after the kinds. */
            snprintf(search, sizeof search, _(" \xc2\xb7 search \"%s\""), t->search);
        snprintf(title, title_size, "%s%s%s", kinds,
                 t->proportional ? _(" \xc2\xb7 proportional") : "", search);
    }
    if (window_count(t) == 0) {
        snprintf(position, position_size, "%s", _("no events"));
        return;
    }
    if (!t->before.more && !t->after.more)
        snprintf(position, position_size, _("event %zu of %zu"), t->cur + 1, window_count(t));
    else
        snprintf(position, position_size, _("event of %s"), window_event(t, t->cur)->date);
}

const struct model_event *timeline_current(void *state)
{
    struct timeline *t = state;

    return window_count(t) ? window_event(t, t->cur) : NULL;
}

/* Re-opens the window at event e (NULL: at the start), which it frees,
 * with the cursor on it and the detail closed. */
static unsigned show_event(struct timeline *t, struct model_event *e)
{
    struct model_cursor at;

    if (e) {
        at = cursor_of(e);
        model_event_free(e);
        load_window(t, ANCHOR_AT, &at);
    } else {
        load_window(t, ANCHOR_START, NULL);
    }
    t->detail_open = false;
    keep_cursor_visible(t);
    return PANE_HANDLED | PANE_DIRTY;
}

unsigned timeline_move_to_time(void *state, int64_t ts)
{
    struct timeline *t = state;
    struct model_event e = {0};
    struct rf_error err = {{0}};
    int rc = model_event_at(t->ctx->model, ts, t->kinds, &e, &err);

    if (rc != 0 && rc != MODEL_NOT_FOUND) {
        t->ctx->message(t->ctx->app, true, _("timeline: %s"), err.msg);
        return 0;
    }
    return show_event(t, rc == MODEL_NOT_FOUND ? NULL : &e);
}

unsigned timeline_select_event(void *state, const char *id)
{
    struct timeline *t = state;
    struct model_event e = {0};
    struct rf_error err = {{0}};

    if (model_event_detail(t->ctx->model, id, &e, &err) != 0)
        return 0;
    /* A kind filter could hide the event: the tour wants it shown. */
    t->kinds = MODEL_KIND_ALL;
    return show_event(t, &e);
}

static unsigned timeline_click(void *state, int row)
{
    struct timeline *t = state;
    size_t r = (size_t)(t->top + row / t->ctx->row_step);

    if (t->detail_open || t->checklist_open || row >= list_height(t) || r >= t->nrows ||
        t->rows[r].type != ROW_EVENT)
        return 0;
    return move_cursor(t, (long)t->rows[r].event - (long)t->cur) | PANE_DIRTY;
}

const struct pane_ops timeline_pane_ops = {
    .click = timeline_click,
    .title = N_("Timeline"),
    .open = timeline_open,
    .close = timeline_close,
    .resize = timeline_resize,
    .draw = timeline_draw,
    .handle = timeline_handle,
    .prompt_done = timeline_prompt_done,
    .changed = timeline_changed,
    .scope = timeline_scope,
    .describe = timeline_describe,
};
