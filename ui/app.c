#include "autoconfig.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "../src/model.h"
#include "../src/text.h"
#include "../src/when.h"
#include "app.h"
#include "copyview.h"
#include "draw.h"
#include "feed.h"
#include "help.h"
#include "keymap.h"
#include "layout.h"
#include "pane.h"
#include "prompt.h"
#include "stats.h"
#include "term.h"
#include "theme.h"
#include "timeline.h"
#include "tour.h"

#include <time.h>

static const struct pane_ops *const pane_ops[PANE_COUNT] = {
    [PANE_TIMELINE] = &timeline_pane_ops,
    [PANE_FEED] = &feed_pane_ops,
    [PANE_STATS] = &stats_pane_ops,
};

/* A selection the user can step back to with Backspace: the feed's window
 * and the moment the timeline showed. */
struct selection {
    bool has_window;
    int64_t from, to;
    char label[300];
    bool has_event;
    int64_t event_ts;
};

enum { HISTORY_MAX = 16 };

struct app {
    struct config *cfg;
    struct model *model;
    struct pane_context pctx;

    void *pane[PANE_COUNT];
    WINDOW *win[PANE_COUNT];
    bool pane_dirty[PANE_COUNT];
    bool chrome_dirty; /* titles, separators, tabs, status line */

    struct layout layout;
    enum pane_id focus, partner;
    bool zoom;

    struct help *help;
    struct copyview *copy; /* a text alone for the mouse to select (y) */
    WINDOW *overlay; /* the help or the copy view, over everything but the status line */
    bool copy_painted; /* the copy view was drawn for the next doupdate() */
    struct prompt prompt;

    char message[256];
    bool message_is_error;

    struct selection history[HISTORY_MAX];
    int nhistory;
    struct selection current; /* what the last link set */

    /* The guided tour: touring while its keys and captions are on; Esc
     * leaves it (touring = false) and T comes back to the same step. */
    struct tour *tour;
    size_t step;
    bool touring, paused;
    unsigned tour_panes; /* the panes the step shows (layout_request.shown) */
    bool goto_typing;  /* g pressed: digits of a step number follow */
    char goto_buf[8];
    char *caption;     /* the step's caption, sanitised, built when it changes */
    int64_t deadline_ms; /* auto-advance, on the monotonic clock */

    unsigned work_seen; /* pctx.work_requests when work last ran */
    bool cursor_on;     /* the terminal's cursor is shown (for the prompt) */
};

/* ---- services for panes ------------------------------------------------------ */

static void app_message(void *opaque, bool error, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void app_message(void *opaque, bool error, const char *fmt, ...)
{
    struct app *app = opaque;
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(app->message, sizeof app->message, fmt, ap);
    va_end(ap);
    app->message_is_error = error;
    app->chrome_dirty = true;
}

static void app_prompt(void *opaque, int pane, const char *label, const char *initial)
{
    struct app *app = opaque;

    prompt_start(&app->prompt, pane, label, initial);
    app->chrome_dirty = true;
}

/* The copy view goes over every pane, so a selection holds the text and no
 * border; the mouse, when refuge takes it, goes back to the terminal to
 * select with until a key closes the view. */
static void app_copy_view(void *opaque, const char *heading, const char *text)
{
    struct app *app = opaque;
    struct copyview *v = copyview_open(heading, text);

    if (!v) {
        app_message(app, true, "out of memory");
        return;
    }
    copyview_close(app->copy);
    app->copy = v;
    if (app->cfg->ui.mouse)
        mousemask(0, NULL);
    app->chrome_dirty = true;
}

static void mouse_on(const struct app *app)
{
    if (app->cfg->ui.mouse)
        mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
}

static void close_overlay(struct app *app)
{
    help_close(app->help);
    copyview_close(app->copy);
    app->help = NULL;
    app->copy = NULL;
    if (app->overlay)
        delwin(app->overlay);
    app->overlay = NULL;
}

/* ---- layout ------------------------------------------------------------------- */

static void mark_all_dirty(struct app *app)
{
    for (int p = 0; p < PANE_COUNT; p++)
        app->pane_dirty[p] = true;
    app->chrome_dirty = true;
}

static int caption_rows(const struct app *app)
{
    size_t need;

    if (!app->touring || !app->caption)
        return 0;
    /* Two to four rows, fewer on a tiny terminal. */
    need = text_wrap(app->caption, strlen(app->caption), COLS > 2 ? COLS - 2 : 1, NULL, 0);
    if (need < 2)
        need = 2;
    if (need > 4)
        need = 4;
    if (LINES < 14 && need > 2)
        need = 2;
    return (int)need;
}

static void apply_layout(struct app *app)
{
    struct layout_request req = {
        .caption_lines = caption_rows(app),
        .cols = COLS,
        .lines = LINES,
        .preference = app->cfg->ui.layout,
        .focus = app->focus,
        .partner = app->partner,
        .zoom = app->zoom,
        /* A step's choice of panes holds while the tour is on. */
        .shown = app->touring ? app->tour_panes : 0,
    };

    layout_compute(&req, &app->layout);
    for (int p = 0; p < PANE_COUNT; p++) {
        const struct layout_rect *r = &app->layout.panes[p];
        /* The rectangle's first row is the pane's title. */
        bool show = !app->layout.too_small && r->visible && r->h > 1 && r->w > 0;

        if (!show) {
            if (app->win[p]) {
                delwin(app->win[p]);
                app->win[p] = NULL;
            }
            continue;
        }
        if (!app->win[p]) {
            /* The terminal's cursor is hidden outside the prompt: a frame
             * need not send it back to where a pane last drew. */
            if ((app->win[p] = newwin(r->h - 1, r->w, r->y + 1, r->x)))
                leaveok(app->win[p], TRUE);
        } else {
            /* Shrink before moving so the window always fits the screen. */
            wresize(app->win[p], 1, 1);
            mvwin(app->win[p], r->y + 1, r->x);
            wresize(app->win[p], r->h - 1, r->w);
        }
        if (app->win[p])
            pane_ops[p]->resize(app->pane[p], r->w, r->h - 1);
    }
    mark_all_dirty(app);
}

/* ---- drawing ------------------------------------------------------------------ */

static void draw_title(struct app *app, int p)
{
    const struct layout_rect *r = &app->layout.panes[p];
    char extra[256] = "", position[128] = "", line[400];
    bool focused = p == (int)app->focus;
    attr_t attr = theme_attr(focused ? ROLE_TITLE_FOCUS : ROLE_TITLE);

    pane_ops[p]->describe(app->pane[p], extra, sizeof extra, position, sizeof position);
    snprintf(line, sizeof line, " %s%s%s ", pane_ops[p]->title, extra[0] ? " \xc2\xb7 " : "",
             extra);
    if (text_ascii())
        snprintf(line, sizeof line, " %s%s%s ", pane_ops[p]->title, extra[0] ? " - " : "", extra);
    draw_fill(stdscr, r->y, r->x, r->w, theme_attr(focused ? ROLE_TITLE_FOCUS : ROLE_NORMAL));
    /* Titles quote data (a tag, a search, an event's title): sanitise. */
    {
        char *safe = text_sanitize(line, strlen(line), 0);
        draw_str(stdscr, r->y, r->x, safe ? safe : "", r->w, attr);
        free(safe);
    }
}

static void draw_tabs(struct app *app)
{
    int x = 0;

    draw_fill(stdscr, app->layout.tabs_y, 0, COLS, theme_attr(ROLE_TAB));
    for (int p = 0; p < PANE_COUNT && x < COLS; p++) {
        char label[32];

        snprintf(label, sizeof label, " %d %s ", p + 1, pane_ops[p]->title);
        x += draw_str(stdscr, app->layout.tabs_y, x, label, COLS - x,
                      theme_attr(p == (int)app->focus ? ROLE_TAB_ACTIVE : ROLE_TAB));
        x++;
    }
}

/* The zone times are shown in, as the status line names it: "UTC",
 * "Asia/Shanghai", "local (CET)". */
static void zone_label(const struct app *app, char *buf, size_t size)
{
    char name[80], abbrev[16];

    when_zone_name(app->pctx.zone, name, sizeof name);
    if (app->pctx.zone.kind == WHEN_ZONE_LOCAL) {
        when_zone_abbrev(app->pctx.zone, (int64_t)time(NULL), abbrev, sizeof abbrev);
        snprintf(buf, size, "%s (%s)", name, abbrev);
    } else {
        snprintf(buf, size, "%s", name);
    }
}

static void draw_status(struct app *app)
{
    int y = app->layout.status_y;
    char left[512], extra[256] = "", position[128] = "", hint[sizeof left + 16];
    int hint_w;

    if (app->prompt.active) {
        prompt_draw(&app->prompt, stdscr, y, COLS);
        return;
    }
    /* The zone the times are in, then the way to help; the zone is left
     * out where it would crowd the pane's own words, and while a message
     * (which may quote a long file name) is up. */
    zone_label(app, left, sizeof left);
    if (app->message[0])
        snprintf(hint, sizeof hint, "%s", theme_is_projector() ? "" : "? help");
    /* Projector mode keeps the chrome minimal: the zone, no hint. */
    else if (theme_is_projector())
        snprintf(hint, sizeof hint, "%s", left);
    else
        snprintf(hint, sizeof hint, "%s%s? help", left, text_ascii() ? " | " : " \xc2\xb7 ");
    if (text_width(hint, strlen(hint)) + 1 > COLS / 3)
        snprintf(hint, sizeof hint, "%s", theme_is_projector() ? "" : "? help");
    hint_w = text_width(hint, strlen(hint)) + 1;
    draw_fill(stdscr, y, 0, COLS, theme_attr(ROLE_STATUS));
    if (app->message[0]) {
        /* Messages may quote data (a search, a file name): sanitise. */
        char *msg = text_sanitize(app->message, strlen(app->message), 0);
        draw_str(stdscr, y, 1, msg ? msg : "", COLS - hint_w - 2,
                 theme_attr(ROLE_STATUS) | (app->message_is_error ? A_BOLD : A_NORMAL));
        free(msg);
    } else if (app->touring && app->goto_typing) {
        snprintf(left, sizeof left, "tour: go to step %s_ (1-%zu, Enter)", app->goto_buf,
                 app->tour->nsteps);
        draw_str(stdscr, y, 1, left, COLS - hint_w - 2, theme_attr(ROLE_STATUS));
    } else if (app->touring) {
        const char *dot = text_ascii() ? " - " : " \xc2\xb7 ";
        snprintf(left, sizeof left, "tour: step %zu of %zu%s%s%sSpace next%sEsc explore",
                 app->step + 1, app->tour->nsteps, dot,
                 app->deadline_ms ? "auto (p pauses)" : app->paused ? "paused (p resumes)" : "",
                 app->deadline_ms || app->paused ? dot : "", dot);
        draw_str(stdscr, y, 1, left, COLS - 2, theme_attr(ROLE_STATUS));
        return;
    } else {
        pane_ops[app->focus]->describe(app->pane[app->focus], extra, sizeof extra, position,
                                       sizeof position);
        snprintf(left, sizeof left, "%s%s%s%s%s", pane_ops[app->focus]->title,
                 position[0] ? " | " : "", position, extra[0] ? " | " : "", extra);
        char *safe = text_sanitize(left, strlen(left), 0);
        draw_str(stdscr, y, 1, safe ? safe : "", COLS - hint_w - 2, theme_attr(ROLE_STATUS));
        free(safe);
    }
    if (COLS > hint_w + 10 && hint[0])
        draw_str(stdscr, y, COLS - hint_w, hint, hint_w, theme_attr(ROLE_STATUS));
}

/* The caption bar: "Step 3/14 · caption", wrapped (no allocation: the
 * spans live on the stack). */
static void draw_caption(struct app *app)
{
    struct text_span spans[8];
    int rows = app->layout.status_y - app->layout.caption_y;
    attr_t attr = theme_attr(ROLE_CAPTION) | (theme_is_projector() ? A_REVERSE | A_BOLD : A_NORMAL);
    size_t n;

    if (rows <= 0 || !app->caption)
        return;
    n = text_wrap(app->caption, strlen(app->caption), COLS > 2 ? COLS - 2 : 1, spans, 8);
    for (int r = 0; r < rows; r++) {
        draw_fill(stdscr, app->layout.caption_y + r, 0, COLS, attr);
        if ((size_t)r < n && r < 8)
            draw_text(stdscr, app->layout.caption_y + r, 1, app->caption + spans[r].offset,
                      spans[r].length, COLS - 2, false, attr);
    }
}

static void draw_too_small(void)
{
    const char *msg = COLS >= 18 ? "terminal too small" : "too small";
    int len = (int)strlen(msg);

    erase();
    if (LINES < 1 || COLS < 1)
        return;
    mvaddnstr(LINES / 2, len < COLS ? (COLS - len) / 2 : 0, msg, COLS);
}

static void draw(struct app *app)
{
    bool chrome = app->chrome_dirty;

    if (app->layout.too_small) {
        if (chrome) {
            draw_too_small();
            wnoutrefresh(stdscr);
        }
        app->chrome_dirty = false;
        return;
    }
    if (chrome) {
        werase(stdscr);
        for (int p = 0; p < PANE_COUNT; p++)
            if (app->win[p])
                draw_title(app, p);
        for (int s = 0; s < app->layout.nseparators; s++)
            draw_vline(stdscr, app->layout.separator_y, app->layout.separators[s],
                       app->layout.separator_h, theme_attr(ROLE_BORDER));
        if (app->layout.has_tabs)
            draw_tabs(app);
        if (app->touring && app->layout.status_y > app->layout.caption_y)
            draw_caption(app);
        draw_status(app);
        wnoutrefresh(stdscr);
    }
    for (int p = 0; p < PANE_COUNT; p++) {
        if (!app->win[p])
            continue;
        if (app->pane_dirty[p]) {
            werase(app->win[p]);
            pane_ops[p]->draw(app->pane[p], app->win[p], p == (int)app->focus);
        } else if (chrome) {
            /* stdscr was copied over this area: copy the pane back on top. */
            touchwin(app->win[p]);
        } else {
            continue;
        }
        wnoutrefresh(app->win[p]);
        app->pane_dirty[p] = false;
    }
    if ((app->help || app->copy) && (chrome || !app->overlay)) {
        if (app->overlay)
            delwin(app->overlay);
        app->overlay = newwin(LINES - 1, COLS, 0, 0);
        if (app->overlay) {
            leaveok(app->overlay, TRUE);
            if (app->help)
                help_draw(app->help, app->overlay, LINES - 1, COLS);
            else
                copyview_draw(app->copy, app->overlay, LINES - 1, COLS);
            app->copy_painted = app->copy != NULL;
            wnoutrefresh(app->overlay);
        }
    }
    if (app->prompt.active) {
        /* The prompt places the terminal cursor; redo it after the panes. */
        prompt_draw(&app->prompt, stdscr, app->layout.status_y, COLS);
        wnoutrefresh(stdscr);
    }
    app->chrome_dirty = false;
}

/* ---- actions ------------------------------------------------------------------- */

static void set_focus(struct app *app, enum pane_id p)
{
    if (p != PANE_TIMELINE)
        app->partner = p;
    if (p == app->focus)
        return;
    app->focus = p;
    /* Medium and narrow layouts show a different set of panes per focus. */
    apply_layout(app);
}

static void cycle_language(struct app *app)
{
    static const char *const language_names[] = {"English", "Chinese", "English and Chinese"};
    static const char *const show_names[] = {"original text", "translation",
                                             "original and translation"};

    if (app->focus == PANE_FEED) {
        app->pctx.feed_show = (app->pctx.feed_show + 1) % 3;
        app_message(app, false, "posts: %s", show_names[app->pctx.feed_show]);
    } else {
        app->pctx.language = (app->pctx.language + 1) % 3;
        app_message(app, false, "language: %s", language_names[app->pctx.language]);
    }
    for (int p = 0; p < PANE_COUNT; p++)
        pane_ops[p]->changed(app->pane[p], PANE_CHANGE_LANGUAGE);
    mark_all_dirty(app);
}

/* Z's prompt, answered: every pane counts and shows its times again in the
 * zone typed; a name that is no zone changes nothing. */
static void set_zone(struct app *app, const char *name)
{
    struct rf_error why = {{0}};
    struct when_zone zone;
    char label[128];

    if (!name || !name[0])
        return;
    if (when_zone_open(name, &zone, &why) != 0) {
        app_message(app, true, "%s; times stay as they were", why.msg);
        return;
    }
    app->pctx.zone = zone;
    for (int p = 0; p < PANE_COUNT; p++)
        pane_ops[p]->changed(app->pane[p], PANE_CHANGE_ZONE);
    mark_all_dirty(app);
    zone_label(app, label, sizeof label);
    app_message(app, false, "times and days in %s", label);
}

/* The stats pane shows what the feed lists. */
static void sync_stats(struct app *app)
{
    char label[300];
    const struct model_filter *f;

    feed_filter_changed(app->pane[PANE_FEED]);
    f = feed_filter(app->pane[PANE_FEED]);
    feed_filter_label(app->pane[PANE_FEED], label, sizeof label);
    /* Unfiltered, the stats say "all posts" in their own language. */
    stats_set_filter(app->pane[PANE_STATS], f, model_filter_is_empty(f) ? NULL : label);
    app->pane_dirty[PANE_STATS] = true;
}

/* Remembers the current selection before a new one replaces it. */
static void push_history(struct app *app)
{
    if (app->nhistory == HISTORY_MAX) {
        memmove(app->history, app->history + 1, (HISTORY_MAX - 1) * sizeof app->history[0]);
        app->nhistory--;
    }
    app->history[app->nhistory++] = app->current;
}

static void apply_selection(struct app *app, const struct selection *sel)
{
    char label[300];

    feed_set_window(app->pane[PANE_FEED], sel->has_window, sel->from, sel->to,
                    sel->label[0] ? sel->label : NULL);
    if (sel->has_event) {
        feed_land(app->pane[PANE_FEED], sel->event_ts);
        timeline_move_to_time(app->pane[PANE_TIMELINE], sel->event_ts);
    }
    sync_stats(app);
    app->current = *sel;
    feed_filter_label(app->pane[PANE_FEED], label, sizeof label);
    app_message(app, false, "back to: %s", label);
    mark_all_dirty(app);
}

/* Backspace: the selection before the last one. */
static void history_back(struct app *app)
{
    if (app->nhistory == 0) {
        app_message(app, false, "no earlier selection");
        return;
    }
    apply_selection(app, &app->history[--app->nhistory]);
}

/* Selecting an event moves the feed (and, through it, the stats) to the
 * days around it. Panes never call each other: the link lives here. */
static void link_event_window(struct app *app, int64_t days)
{
    const struct model_event *e = timeline_current(app->pane[PANE_TIMELINE]);
    int64_t day, from, to;
    char label[300];
    const char *title;
    struct tm tm;

    if (!e)
        return;
    if (!when_calendar(e->ts_utc, when_utc(), &tm)) {
        app_message(app, true, "this event's time is out of range");
        return;
    }
    /* The event's own date (local to where it happened), then whole days
     * either side, days of the reader's zone. */
    day = when_day_of(e->ts_utc + (e->has_offset ? e->utc_offset * 60 : 0));
    from = when_zone_day_first(app->pctx.zone, day - days);
    to = when_zone_day_first(app->pctx.zone, day + days + 1);
    day = when_zone_day_first(app->pctx.zone, day); /* an instant of that date, here */
    title = app->pctx.language == LANGUAGE_ZH && e->title_zh ? e->title_zh : e->title_en;
    snprintf(label, sizeof label, "around: %s", title ? title : e->id);
    push_history(app);
    app->current = (struct selection){.has_window = true, .from = from, .to = to,
                                      .has_event = true, .event_ts = e->ts_utc};
    snprintf(app->current.label, sizeof app->current.label, "%s", label);
    feed_set_window(app->pane[PANE_FEED], true, from, to, label);
    feed_land(app->pane[PANE_FEED], e->ts_utc);
    app->pane_dirty[PANE_FEED] = true;
    sync_stats(app);
    /* The chart's cursor goes to the event's own (local) day. */
    stats_focus_day(app->pane[PANE_STATS], day);
    feed_filter_label(app->pane[PANE_FEED], label, sizeof label);
    app_message(app, false, "%s", label);
}

static void link_from_timeline(struct app *app)
{
    link_event_window(app, app->cfg->timeline.window_days);
}

/* A day chosen in the chart: the feed shows that day and the timeline goes
 * to the latest event up to its end. */
static void link_from_stats(struct app *app)
{
    int64_t from, to;
    char label[300];

    if (!stats_selected_day(app->pane[PANE_STATS], &from, &to))
        return;
    push_history(app);
    app->current = (struct selection){.has_window = true, .from = from, .to = to,
                                      .has_event = true, .event_ts = to - 1};
    snprintf(app->current.label, sizeof app->current.label, "chosen in the chart");
    feed_set_window(app->pane[PANE_FEED], true, from, to, app->current.label);
    timeline_move_to_time(app->pane[PANE_TIMELINE], to - 1);
    sync_stats(app);
    stats_focus_day(app->pane[PANE_STATS], from);
    mark_all_dirty(app);
    feed_filter_label(app->pane[PANE_FEED], label, sizeof label);
    app_message(app, false, "%s", label);
}

static void after_pane(struct app *app, int p, unsigned flags)
{
    if (flags & PANE_DIRTY)
        app->pane_dirty[p] = true;
    /* Titles and the status line describe the pane's state. */
    if (flags & (PANE_DIRTY | PANE_MOVED | PANE_HANDLED))
        app->chrome_dirty = true;
    /* The user cleared the window in the feed: that too can be undone. */
    if (p == PANE_FEED && app->current.has_window &&
        !feed_filter(app->pane[PANE_FEED])->has_from) {
        push_history(app);
        app->current = (struct selection){0};
    }
    /* A filter, search or window changed in the feed: the stats follow. */
    if (p == PANE_FEED && feed_filter_changed(app->pane[PANE_FEED]))
        sync_stats(app);
    if (p == PANE_STATS && (flags & PANE_SELECTED))
        link_from_stats(app);
    if (p == PANE_TIMELINE && ((flags & PANE_SELECTED) ||
                               ((flags & PANE_MOVED) && app->cfg->timeline.follow)))
        link_from_timeline(app);
}

static int64_t now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- deferred work --------------------------------------------------------------- */

/* Fresh work gets this long before the screen is painted, so a quick count
 * shows with the list it belongs to instead of a moment after it. */
#define WORK_BEFORE_PAINT_MS 15

static bool work_waiting(const struct app *app)
{
    for (int p = 0; p < PANE_COUNT; p++)
        if (app->win[p] && pane_ops[p]->has_work &&
            pane_ops[p]->has_work(app->pane[p]))
            return true;
    return false;
}

/* The model's interrupt check: a key (or a signal, or a resize) is
 * waiting, or the time given is up. */
static bool work_should_stop(void *arg)
{
    const int64_t *deadline = arg;

    return term_input_pending() || (*deadline && now_ms() >= *deadline);
}

/* Does the deferred work of the panes on screen until it is done, the
 * user does something, or budget_ms (when > 0) is spent. Panes that are
 * not on screen keep theirs until they are. */
static void run_work(struct app *app, int budget_ms)
{
    int64_t deadline = budget_ms > 0 ? now_ms() + budget_ms : 0;

    model_set_interrupt(app->model, work_should_stop, &deadline);
    for (int p = 0; p < PANE_COUNT && !work_should_stop(&deadline); p++)
        if (app->win[p] && pane_ops[p]->work)
            after_pane(app, p, pane_ops[p]->work(app->pane[p]));
    model_set_interrupt(app->model, NULL, NULL);
    app->work_seen = app->pctx.work_requests;
}

/* ---- the guided tour ----------------------------------------------------------- */

static void tour_arm_timer(struct app *app)
{
    const struct tour_step *s = &app->tour->steps[app->step];
    int secs = s->seconds != TOUR_UNSET       ? s->seconds
               : app->tour->seconds != TOUR_UNSET ? app->tour->seconds
                                                  : app->cfg->tour.seconds;

    app->deadline_ms = 0;
    if (app->touring && !app->paused && secs > 0 && app->step + 1 < app->tour->nsteps)
        app->deadline_ms = now_ms() + (int64_t)secs * 1000;
}

/* Milliseconds until the next auto-advance, or -1: no timer when idle. */
static int tour_timeout(const struct app *app)
{
    int64_t left;

    if (!app->touring || !app->deadline_ms)
        return -1;
    left = app->deadline_ms - now_ms();
    return left < 0 ? 0 : left > 3600000 ? 3600000 : (int)left;
}

/* How often an idle explorer on a shared cache looks whether a new snapshot
 * was published over it (one stat()): an instructor's update reaches every
 * student within this, with no key pressed. */
#define SHARED_CHECK_MS 2000

/* Milliseconds to wait for input when idle: the tour's next page, the
 * shared cache's next look, or -1 (no timer). */
static int idle_timeout(const struct app *app)
{
    int t = tour_timeout(app);

    if (model_shared(app->model) && (t < 0 || t > SHARED_CHECK_MS))
        t = SHARED_CHECK_MS;
    return t;
}

/* Another process may have written to the cache (an importer), or a new
 * snapshot replaced it (publish): every pane re-reads what it shows, and
 * the feed says so with the key that reloads it. */
static void notice_changes(struct app *app)
{
    if (!model_changed(app->model))
        return;
    for (int p = 0; p < PANE_COUNT; p++)
        pane_ops[p]->changed(app->pane[p], PANE_CHANGE_DATA);
    mark_all_dirty(app);
}

static void tour_build_caption(struct app *app)
{
    const struct tour_step *s = &app->tour->steps[app->step];
    const char *en = s->caption_en, *zh = s->caption_zh;
    bool both = app->cfg->tour.captions == CAPTIONS_BOTH ||
                app->pctx.language == LANGUAGE_BOTH;
    char head[64];
    size_t size;
    char *raw;

    if (app->pctx.language == LANGUAGE_ZH && zh && !both)
        en = NULL;
    else if (en && !both)
        zh = NULL;
    snprintf(head, sizeof head, "Step %zu/%zu%s", app->step + 1, app->tour->nsteps,
             text_ascii() ? " - " : " \xc2\xb7 ");
    size = strlen(head) + (en ? strlen(en) : 0) + (zh ? strlen(zh) : 0) + 4;
    raw = malloc(size);
    free(app->caption);
    app->caption = NULL;
    if (!raw)
        return;
    snprintf(raw, size, "%s%s%s%s", head, en ? en : "", en && zh ? "\n" : "", zh ? zh : "");
    /* Captions come from a file: no control characters reach the screen,
     * but the line break between the languages stays. */
    for (char *c = raw; *c; c++)
        if ((unsigned char)*c < 0x20 && *c != '\n')
            *c = ' ';
    app->caption = text_sanitize(raw, strlen(raw), TEXT_KEEP_NEWLINES);
    free(raw);
}

/* Applies step i; false (with a message) when it names something missing. */
static bool tour_apply(struct app *app, size_t i)
{
    const struct tour_step *s = &app->tour->steps[i];
    bool changed_language = false;
    enum pane_id focus = PANE_COUNT;

    if (s->event) {
        int64_t from, to;
        struct rf_error why = {{0}};
        unsigned ok;
        /* A day names the last event of that day in US Eastern standard
         * time, where the ban played out, or the last before it. */
        if (strlen(s->event) == 10 &&
            when_parse_period(s->event, when_offset(-5 * 60), &from, &to, &why) == 0) {
            ok = timeline_move_to_time(app->pane[PANE_TIMELINE], to - 1);
        } else {
            ok = timeline_select_event(app->pane[PANE_TIMELINE], s->event);
        }
        if (!ok) {
            app_message(app, true, "%s:%d: step %d: no event '%s' in the cache; skipped",
                        app->tour->file, s->line, s->number, s->event);
            return false;
        }
        link_event_window(app, s->window_days != TOUR_UNSET
                                   ? s->window_days
                                   : app->cfg->timeline.window_days);
    }
    if (s->has_range)
        feed_set_window(app->pane[PANE_FEED], true, s->from, s->to, "tour");
    if (s->search)
        feed_set_search(app->pane[PANE_FEED], s->search);
    if (s->language != TOUR_UNSET && s->language != app->pctx.language) {
        app->pctx.language = s->language;
        changed_language = true;
    }
    if (s->show != TOUR_UNSET && s->show != app->pctx.feed_show) {
        app->pctx.feed_show = s->show;
        changed_language = true;
    }
    if (changed_language)
        for (int p = 0; p < PANE_COUNT; p++)
            pane_ops[p]->changed(app->pane[p], PANE_CHANGE_LANGUAGE);
    sync_stats(app);
    /* What a step shows is its own, whichever step came before (g jumps):
     * the panes it names, else every pane, zoomed only when it says so. */
    app->tour_panes = s->panes;
    app->zoom = s->panes ? (s->panes & (s->panes - 1)) == 0 : s->zoom == 1;
    if (s->pane != TOUR_UNSET && (!s->panes || s->panes & 1u << s->pane))
        focus = (enum pane_id)s->pane;
    else if (s->panes)
        /* The first of the panes named, in screen order. */
        for (focus = PANE_TIMELINE; !(s->panes & 1u << focus); focus++)
            ;
    if (focus != PANE_COUNT) {
        if (focus != PANE_TIMELINE)
            app->partner = focus;
        app->focus = focus;
    }
    return true;
}

/* Goes to step `target`, or past it in direction dir when a step cannot be
 * shown; stays where it was when none can. */
static void tour_go(struct app *app, long target, int dir)
{
    long n = (long)app->tour->nsteps;
    char skipped[sizeof app->message] = "";

    app->goto_typing = false;
    for (long i = target; i >= 0 && i < n; i += dir) {
        if (tour_apply(app, (size_t)i)) {
            app->step = (size_t)i;
            break;
        }
        snprintf(skipped, sizeof skipped, "%s", app->message);
    }
    /* The step's own messages must not hide why one was skipped. */
    if (skipped[0])
        app_message(app, true, "%s", skipped);
    else
        app->message[0] = '\0'; /* the status line shows the step instead */
    tour_build_caption(app);
    tour_arm_timer(app);
    apply_layout(app);
}

static void tour_leave(struct app *app)
{
    app->touring = false;
    app->goto_typing = false;
    app->deadline_ms = 0;
    app_message(app, false, "left the tour at step %zu of %zu: explore freely, T resumes",
                app->step + 1, app->tour->nsteps);
    apply_layout(app);
}

/* Keys while touring; returns true when the key was the tour's. */
static bool tour_key(struct app *app, enum action act, keymap_key key)
{
    size_t n = app->tour->nsteps;

    if (app->goto_typing) {
        size_t len = strlen(app->goto_buf);
        app->chrome_dirty = true;
        if (key >= '0' && key <= '9' && len + 1 < sizeof app->goto_buf) {
            app->goto_buf[len] = (char)key;
            app->goto_buf[len + 1] = '\0';
        } else if ((key == 127 || key == 8 || key == KEYMAP_FKEY + KEY_BACKSPACE) && len > 0) {
            app->goto_buf[len - 1] = '\0';
        } else if (key == '\r' || key == '\n' || key == KEYMAP_FKEY + KEY_ENTER) {
            long want = atol(app->goto_buf);
            app->goto_typing = false;
            if (want >= 1 && (size_t)want <= n)
                tour_go(app, want - 1, want - 1 >= (long)app->step ? 1 : -1);
            else
                app_message(app, true, "no step %s: the tour has steps 1 to %zu", app->goto_buf, n);
        } else {
            app->goto_typing = false; /* Esc or anything else cancels */
        }
        return true;
    }
    switch (act) {
    case ACT_TOUR_NEXT:
        if (app->step + 1 < n)
            tour_go(app, (long)app->step + 1, 1);
        else
            app_message(app, false, "last step: Left goes back, Esc explores, q twice quits");
        return true;
    case ACT_TOUR_PREV:
        if (app->step > 0)
            tour_go(app, (long)app->step - 1, -1);
        else
            app_message(app, false, "first step: Space goes on");
        return true;
    case ACT_TOUR_GOTO:
        app->goto_typing = true;
        app->goto_buf[0] = '\0';
        app->chrome_dirty = true;
        return true;
    case ACT_TOUR_PAUSE:
        app->paused = !app->paused;
        tour_arm_timer(app);
        app_message(app, false, app->paused ? "auto-advance paused" : "auto-advance on");
        return true;
    case ACT_BACK:
    case ACT_QUIT:
        /* Never lose the audience's place: q leaves the tour first. */
        tour_leave(app);
        return true;
    default:
        return false;
    }
}

/* Returns true when the program should end. */
static bool dispatch(struct app *app, enum action act, keymap_key key)
{
    void *pane = app->pane[app->focus];
    unsigned flags;

    switch (act) {
    case ACT_HELP:
        app->help = help_open(pane_ops[app->focus]->scope(pane));
        app->chrome_dirty = true;
        return false;
    case ACT_REDRAW:
        clearok(curscr, TRUE);
        mark_all_dirty(app);
        return false;
    case ACT_FOCUS_NEXT:
        set_focus(app, (app->focus + 1) % PANE_COUNT);
        return false;
    case ACT_FOCUS_PREV:
        set_focus(app, (app->focus + PANE_COUNT - 1) % PANE_COUNT);
        return false;
    case ACT_FOCUS_TIMELINE:
        set_focus(app, PANE_TIMELINE);
        return false;
    case ACT_FOCUS_FEED:
        set_focus(app, PANE_FEED);
        return false;
    case ACT_FOCUS_STATS:
        set_focus(app, PANE_STATS);
        return false;
    case ACT_ZOOM:
        app->zoom = !app->zoom;
        apply_layout(app);
        return false;
    case ACT_LANGUAGE:
        cycle_language(app);
        return false;
    case ACT_TIME_ZONE: {
        char name[80];
        when_zone_name(app->pctx.zone, name, sizeof name);
        app_prompt(app, PANE_COUNT, "time zone (local, UTC, Asia/Shanghai, +08:00): ", name);
        return false;
    }
    case ACT_HISTORY_BACK:
        history_back(app);
        return false;
    case ACT_TOUR_RESUME:
        if (!app->tour) {
            app_message(app, false, "no tour: start one with refuge --tour");
        } else {
            app->touring = true;
            tour_go(app, (long)app->step, 1);
        }
        return false;
    default:
        break;
    }
    /* Unbound keys go to the pane too: a checklist reads letters itself. */
    flags = pane_ops[app->focus]->handle(pane, act, key);
    after_pane(app, app->focus, flags);
    if (flags & PANE_HANDLED)
        return false;
    /* q backs out of whatever the pane has open, and quits at the top. */
    if (act == ACT_QUIT) {
        flags = pane_ops[app->focus]->handle(pane, ACT_BACK, key);
        after_pane(app, app->focus, flags);
        return !(flags & PANE_HANDLED);
    }
    if (act == ACT_BACK && app->zoom) {
        app->zoom = false;
        apply_layout(app);
    }
    return false;
}

static keymap_key key_of(const struct term_event *ev)
{
    return ev->type == TERM_EV_CHAR ? (keymap_key)ev->ch : KEYMAP_FKEY + ev->key;
}

static bool handle_prompt(struct app *app, const struct term_event *ev)
{
    enum prompt_result r = prompt_feed(&app->prompt, ev->type == TERM_EV_CHAR ? ev->ch : (wint_t)ev->key,
                                       ev->type == TERM_EV_KEY);
    int owner = app->prompt.owner;
    unsigned flags = 0;

    app->chrome_dirty = true;
    if (r == PROMPT_EDITING)
        return false;
    app->prompt.active = false;
    if (owner == PANE_COUNT) { /* the app's own: Z */
        if (r == PROMPT_DONE)
            set_zone(app, app->prompt.text);
        return false;
    }
    flags = pane_ops[owner]->prompt_done(app->pane[owner], r == PROMPT_DONE ? app->prompt.text : NULL);
    after_pane(app, owner, flags | PANE_DIRTY);
    return false;
}

static void handle_mouse(struct app *app)
{
    MEVENT me;

    if (getmouse(&me) != OK)
        return;
    for (int p = 0; p < PANE_COUNT; p++) {
        const struct layout_rect *r = &app->layout.panes[p];
        if (!app->win[p] || me.x < r->x || me.x >= r->x + r->w || me.y < r->y ||
            me.y >= r->y + r->h)
            continue;
        if (me.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED)) {
            set_focus(app, (enum pane_id)p);
            /* The pane's first row is its title; content starts below. */
            if (me.y > r->y && pane_ops[p]->click)
                after_pane(app, p, pane_ops[p]->click(app->pane[p], me.y - r->y - 1));
        }
        if (me.bstate & (BUTTON4_PRESSED | BUTTON5_PRESSED)) {
            enum action act = (me.bstate & BUTTON4_PRESSED) ? ACT_UP : ACT_DOWN;
            for (int i = 0; i < 3; i++)
                after_pane(app, p, pane_ops[p]->handle(app->pane[p], act, 0));
        }
        return;
    }
}

/* ---- start and loop ------------------------------------------------------------- */

static void close_all(struct app *app)
{
    for (int p = 0; p < PANE_COUNT; p++) {
        if (app->pane[p])
            pane_ops[p]->close(app->pane[p]);
        if (app->win[p])
            delwin(app->win[p]);
    }
    close_overlay(app);
    free(app->caption);
}

int app_run(const struct app_session *session, struct rf_error *err)
{
    struct config *cfg = session->config;
    struct app app = {.cfg = cfg, .model = session->model, .tour = session->tour,
                      .focus = PANE_TIMELINE, .partner = PANE_FEED};
    int status = RF_EXIT_OK;
    enum text_ambiguous amb = cfg->ui.ambiguous_width == AMBIGUOUS_WIDE     ? TEXT_AMBIGUOUS_WIDE
                              : cfg->ui.ambiguous_width == AMBIGUOUS_NARROW ? TEXT_AMBIGUOUS_NARROW
                                                                            : TEXT_AMBIGUOUS_AUTO;

    text_configure(amb, cfg->ui.ascii || !term_utf8());
    if (session->notice)
        app_message(&app, true, "%s", session->notice);
    if (term_open(err) != 0)
        return RF_EXIT_RUNTIME;
    keymap_init(cfg);
    theme_init(cfg);
    if (theme_is_projector() && has_colors())
        bkgd(' ' | theme_attr(ROLE_NORMAL));
    mouse_on(&app);

    app.pctx = (struct pane_context){
        .model = app.model,
        .cfg = cfg,
        .language = cfg->ui.language,
        .feed_show = cfg->feed.show,
        /* A projected list is read from the back of the room: air between rows. */
        .row_step = config_projector(cfg) ? 2 : 1,
        .zone = cfg->ui.timezone,
        .message = app_message,
        .prompt = app_prompt,
        .copy_view = app_copy_view,
        .app = &app,
    };
    /* Every other path counts on every pane being open: one that cannot
     * open (it has said why) ends the explorer here. */
    for (int p = 0; p < PANE_COUNT; p++)
        if (!(app.pane[p] = pane_ops[p]->open(&app.pctx))) {
            rf_error_set(err, "the %s pane could not open: %s", pane_ops[p]->title,
                         app.message[0] ? app.message : "out of memory");
            close_all(&app);
            term_close();
            return RF_EXIT_RUNTIME;
        }
    /* Problems in the settings files are worth a look but never block. */
    if (cfg->ndiagnostics > 0 && !app.message[0])
        app_message(&app, true, "%s%s", cfg->diagnostics[0],
                    cfg->ndiagnostics > 1 ? " (and more: refuge config)" : "");
    apply_layout(&app);
    if (app.tour) {
        app.touring = true;
        tour_go(&app, 0, 1);
        /* Problems in the tour file: the first one, the rest on request. */
        if (app.tour->ndiagnostics > 0)
            app_message(&app, true, "%s%s", app.tour->diagnostics[0],
                        app.tour->ndiagnostics > 1 ? " (and more: refuge tour --print FILE)" : "");
    }

    for (;;) {
        struct term_event ev;
        enum action act;
        bool working;

        if (app.pctx.work_requests != app.work_seen && work_waiting(&app))
            run_work(&app, WORK_BEFORE_PAINT_MS);
        draw(&app);
        /* curs_set() writes at once: here, it goes out with the frame
         * rather than ahead of the work that precedes it. */
        if (app.cursor_on != app.prompt.active) {
            app.cursor_on = app.prompt.active;
            curs_set(app.cursor_on ? 1 : 0);
        }
        doupdate();
        if (app.copy_painted) {
            /* Again, through the terminal's own wrapping, for the mouse. */
            int row;
            const char *text;
            size_t len;

            if (copyview_wrapped(app.copy, LINES - 1, COLS, &row, &text, &len))
                term_write_wrapped(row, text, len);
            app.copy_painted = false;
        }
        /* Work left over is done while nobody types (no timer: when it is
         * done, the loop blocks again). */
        working = work_waiting(&app);
        ev = term_read_timeout(working ? 0 : idle_timeout(&app));
        if (ev.type == TERM_EV_TIMEOUT) {
            if (app.touring && app.deadline_ms && now_ms() >= app.deadline_ms)
                tour_go(&app, (long)app.step + 1, 1);
            else if (working)
                /* An auto-advancing tour still turns its page on time. */
                run_work(&app, tour_timeout(&app) < 0 ? 0 : tour_timeout(&app) + 1);
            else
                notice_changes(&app);
            continue;
        }
        if (ev.type == TERM_EV_SIGNAL) {
            status = 128 + ev.signo;
            break;
        }
        if (ev.type == TERM_EV_HANGUP) {
            status = 128 + 1;
            break;
        }
        if (ev.type == TERM_EV_RESIZE) {
            /* What a terminal keeps of its screen through a resize is its
             * own affair (and several may arrive before we draw): paint
             * every cell again rather than trust curses' copy of it. */
            clearok(curscr, TRUE);
            apply_layout(&app);
            continue;
        }
        if (app.prompt.active) {
            handle_prompt(&app, &ev);
            continue;
        }
        if (ev.type == TERM_EV_KEY && ev.key == KEY_MOUSE) {
            handle_mouse(&app);
            continue;
        }
        if (app.message[0]) {
            app.message[0] = '\0';
            app.chrome_dirty = true;
        }
        /* PRAGMA data_version and a stat() tell, cheaply, on every key. */
        notice_changes(&app);
        if (app.layout.too_small) {
            act = keymap_lookup(SCOPE_GLOBAL, key_of(&ev));
            if (act == ACT_QUIT)
                break;
            continue;
        }
        if (app.touring && !app.help && !app.copy) {
            act = keymap_lookup(SCOPE_TOUR, key_of(&ev));
            if (tour_key(&app, act, key_of(&ev)))
                continue;
        }
        act = keymap_lookup(pane_ops[app.focus]->scope(app.pane[app.focus]), key_of(&ev));
        if (app.copy) {
            /* Any key closes it and does nothing else: the screen under it
             * was hidden. */
            if (copyview_handle(app.copy, act, LINES - 1, COLS)) {
                close_overlay(&app);
                mouse_on(&app);
                mark_all_dirty(&app);
            } else {
                app.chrome_dirty = true;
            }
            continue;
        }
        if (app.help) {
            if (act == ACT_HELP || help_handle(app.help, act, LINES - 1)) {
                close_overlay(&app);
                mark_all_dirty(&app);
            } else {
                app.chrome_dirty = true;
            }
            continue;
        }
        if (dispatch(&app, act, key_of(&ev)))
            break;
    }
    /* The windows go first: delscreen() in term_close() frees every window
     * of the screen, and a delwin() after it would read freed memory. */
    close_all(&app);
    term_close();
    return status;
}
