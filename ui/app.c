#include "autoconfig.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curses.h>

#include "../src/i18n.h"
#include "../src/model.h"
#include "../src/script.h"
#include "../src/text.h"
#include "../src/when.h"
#include "app.h"
#include "app_internal.h"
#include "copyview.h"
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

const struct pane_ops *const app_pane_ops[PANE_COUNT] = {
    [PANE_TIMELINE] = &timeline_pane_ops,
    [PANE_FEED] = &feed_pane_ops,
    [PANE_STATS] = &stats_pane_ops,
};

/* ---- services for panes ------------------------------------------------------ */

void app_message(void *opaque, bool error, const char *fmt, ...)
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
        app_message(app, true, _("out of memory"));
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

/* ---- actions ------------------------------------------------------------------- */

static void set_focus(struct app *app, enum pane_id p)
{
    if (p != PANE_TIMELINE)
        app->partner = p;
    if (p == app->focus)
        return;
    app->focus = p;
    /* Medium and narrow layouts show a different set of panes per focus. */
    app_apply_layout(app);
}

static void cycle_language(struct app *app)
{
    static const char *const language_names[] = {N_("English"), N_("Chinese"), N_("English and Chinese")};
    static const char *const show_names[] = {N_("original text"), N_("translation"),
                                             N_("original and translation")};

    if (app->focus == PANE_FEED) {
        app->pctx.feed_show = (app->pctx.feed_show + 1) % 3;
        app_message(app, false, _("posts: %s"), _(show_names[app->pctx.feed_show]));
    } else {
        app->pctx.language = (app->pctx.language + 1) % 3;
        app_message(app, false, _("language: %s"), _(language_names[app->pctx.language]));
        /* The caption on screen is in the languages of the titles. */
        if (app->touring)
            app_tour_caption(app);
    }
    for (int p = 0; p < PANE_COUNT; p++)
        app_pane_ops[p]->changed(app->pane[p], PANE_CHANGE_LANGUAGE);
    app_mark_all_dirty(app);
}

/* J: Chinese text as written, then in simplified, then in traditional
 * characters; every pane prepares what it shows again from the data. */
static void cycle_script(struct app *app)
{
    static const char *const script_names[] = {N_("as written"), N_("simplified characters"),
                                               N_("traditional characters")};
    struct rf_error err = {{0}};
    enum script_display next = (enum script_display)((script_display() + 1) % 3);

    /* Under ASCII output Chinese is not drawn at all: nothing to convert. */
    if (text_ascii()) {
        app_message(app, true, "%s", _("script: Chinese is not shown under ASCII output"));
        return;
    }
    if (script_set_display(next, &err) != 0)
        app_message(app, true, "%s", err.msg);
    else
        app_message(app, false, _("Chinese text: %s"), _(script_names[next]));
    for (int p = 0; p < PANE_COUNT; p++)
        app_pane_ops[p]->changed(app->pane[p], PANE_CHANGE_SCRIPT);
    app_mark_all_dirty(app);
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
        app_message(app, true, _("%s; times stay as they were"), why.msg);
        return;
    }
    app->pctx.zone = zone;
    for (int p = 0; p < PANE_COUNT; p++)
        app_pane_ops[p]->changed(app->pane[p], PANE_CHANGE_ZONE);
    app_mark_all_dirty(app);
    app_zone_label(app, label, sizeof label);
    app_message(app, false, _("times and days in %s"), label);
}

/* The stats pane shows what the feed lists. */
void app_sync_stats(struct app *app)
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
    app_sync_stats(app);
    app->current = *sel;
    feed_filter_label(app->pane[PANE_FEED], label, sizeof label);
    app_message(app, false, _("back to: %s"), label);
    app_mark_all_dirty(app);
}

/* Backspace: the selection before the last one. */
static void history_back(struct app *app)
{
    if (app->nhistory == 0) {
        app_message(app, false, _("no earlier selection"));
        return;
    }
    apply_selection(app, &app->history[--app->nhistory]);
}

/* Selecting an event moves the feed (and, through it, the stats) to the
 * days around it. Panes never call each other: the link lives here. */
void app_link_event_window(struct app *app, int64_t days)
{
    const struct model_event *e = timeline_current(app->pane[PANE_TIMELINE]);
    int64_t day, from, to;
    char label[300];
    const char *title;
    struct tm tm;

    if (!e)
        return;
    if (!when_calendar(e->ts_utc, when_utc(), &tm)) {
        app_message(app, true, _("this event's time is out of range"));
        return;
    }
    /* The event's own date (local to where it happened), then whole days
     * either side, days of the reader's zone. */
    day = when_day_of(e->ts_utc + (e->has_offset ? e->utc_offset * 60 : 0));
    from = when_zone_day_first(app->pctx.zone, day - days);
    to = when_zone_day_first(app->pctx.zone, day + days + 1);
    day = when_zone_day_first(app->pctx.zone, day); /* an instant of that date, here */
    title = app->pctx.language == LANGUAGE_ZH && e->title_zh ? e->title_zh : e->title_en;
    snprintf(label, sizeof label, _("around: %s"), title ? title : e->id);
    push_history(app);
    app->current = (struct selection){.has_window = true, .from = from, .to = to,
                                      .has_event = true, .event_ts = e->ts_utc};
    snprintf(app->current.label, sizeof app->current.label, "%s", label);
    feed_set_window(app->pane[PANE_FEED], true, from, to, label);
    feed_land(app->pane[PANE_FEED], e->ts_utc);
    app->pane_dirty[PANE_FEED] = true;
    app_sync_stats(app);
    /* The chart's cursor goes to the event's own (local) day. */
    stats_focus_day(app->pane[PANE_STATS], day);
    feed_filter_label(app->pane[PANE_FEED], label, sizeof label);
    app_message(app, false, "%s", label);
}

static void link_from_timeline(struct app *app)
{
    app_link_event_window(app, app->cfg->timeline.window_days);
}

/* A day chosen in the chart: the feed shows that day and the timeline goes
 * to the latest event up to its end. */
static void link_from_stats(struct app *app)
{
    int64_t from, to;
    char label[300], author[256];

    /* An author chosen under "Top authors": the feed lists their posts. */
    if (stats_selected_author(app->pane[PANE_STATS], author, sizeof author)) {
        feed_set_author(app->pane[PANE_FEED], author);
        app_sync_stats(app);
        set_focus(app, PANE_FEED);
        app_mark_all_dirty(app);
        return;
    }
    if (!stats_selected_day(app->pane[PANE_STATS], &from, &to))
        return;
    push_history(app);
    app->current = (struct selection){.has_window = true, .from = from, .to = to,
                                      .has_event = true, .event_ts = to - 1};
    snprintf(app->current.label, sizeof app->current.label, _("chosen in the chart"));
    feed_set_window(app->pane[PANE_FEED], true, from, to, app->current.label);
    timeline_move_to_time(app->pane[PANE_TIMELINE], to - 1);
    app_sync_stats(app);
    stats_focus_day(app->pane[PANE_STATS], from);
    app_mark_all_dirty(app);
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
        app_sync_stats(app);
    if (p == PANE_STATS && (flags & PANE_SELECTED))
        link_from_stats(app);
    if (p == PANE_TIMELINE && ((flags & PANE_SELECTED) ||
                               ((flags & PANE_MOVED) && app->cfg->timeline.follow)))
        link_from_timeline(app);
}

int64_t app_now_ms(void)
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
        if (app->win[p] && app_pane_ops[p]->has_work &&
            app_pane_ops[p]->has_work(app->pane[p]))
            return true;
    return false;
}

/* The model's interrupt check: a key (or a signal, or a resize) is
 * waiting, or the time given is up. */
static bool work_should_stop(void *arg)
{
    /* REFUGE_TEST_SLOW_WORK (for the tests only): each check waits a
     * millisecond, so deferred work on a small cache lasts long enough to
     * be seen under way and interrupted. */
    static int slow = -1;
    const int64_t *deadline = arg;

    if (slow < 0)
        slow = getenv("REFUGE_TEST_SLOW_WORK") != NULL;
    if (slow)
        nanosleep(&(struct timespec){.tv_nsec = 1000000}, NULL);
    return term_input_pending() || (*deadline && app_now_ms() >= *deadline);
}

/* Does the deferred work of the panes on screen until it is done, the
 * user does something, or budget_ms (when > 0) is spent. Panes that are
 * not on screen keep theirs until they are. */
static void run_work(struct app *app, int budget_ms)
{
    int64_t deadline = budget_ms > 0 ? app_now_ms() + budget_ms : 0;

    model_set_interrupt(app->model, work_should_stop, &deadline);
    for (int p = 0; p < PANE_COUNT && !work_should_stop(&deadline); p++)
        if (app->win[p] && app_pane_ops[p]->work)
            after_pane(app, p, app_pane_ops[p]->work(app->pane[p]));
    model_set_interrupt(app->model, NULL, NULL);
    app->work_seen = app->pctx.work_requests;
}

/* ---- waiting ---------------------------------------------------------------------- */


/* How often an idle explorer on a shared cache looks whether a new snapshot
 * was published over it (one stat()): an instructor's update reaches every
 * student within this, with no key pressed. */
#define SHARED_CHECK_MS 2000

/* Milliseconds to wait for input when idle: the tour's next page, the
 * shared cache's next look, or -1 (no timer). */
static int idle_timeout(const struct app *app)
{
    int t = app_tour_timeout(app);

    /* A shared cache, or an index another process is building: look now
     * and then (the status line tells how far the index is). */
    if ((model_shared(app->model) || app->index_percent >= 0) &&
        (t < 0 || t > SHARED_CHECK_MS))
        t = SHARED_CHECK_MS;
    return t;
}

/* How far the search index is (see struct app). */
static void read_index_percent(struct app *app)
{
    int pct, was = app->index_percent;

    app->index_percent = model_index_building(app->model, &pct) ? pct : -1;
    if (app->index_percent != was)
        app->chrome_dirty = true;
}

/* Another process may have written to the cache (an importer), or a new
 * snapshot replaced it (publish): every pane re-reads what it shows, and
 * the feed says so with the key that reloads it. */
static void notice_changes(struct app *app)
{
    if (!model_changed(app->model))
        return;
    read_index_percent(app);
    for (int p = 0; p < PANE_COUNT; p++)
        app_pane_ops[p]->changed(app->pane[p], PANE_CHANGE_DATA);
    app_mark_all_dirty(app);
}

/* Returns true when the program should end. */
static bool dispatch(struct app *app, enum action act, keymap_key key)
{
    void *pane = app->pane[app->focus];
    unsigned flags;

    switch (act) {
    case ACT_HELP:
        app->help = help_open(app_pane_ops[app->focus]->scope(pane));
        app->chrome_dirty = true;
        return false;
    case ACT_REDRAW:
        clearok(curscr, TRUE);
        app_mark_all_dirty(app);
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
        app_apply_layout(app);
        return false;
    case ACT_LANGUAGE:
        cycle_language(app);
        return false;
    case ACT_SCRIPT:
        cycle_script(app);
        return false;
    case ACT_TIME_ZONE: {
        char name[80];
        when_zone_name(app->pctx.zone, name, sizeof name);
        app_prompt(app, PANE_COUNT, _("time zone (local, UTC, Asia/Shanghai, +08:00): "), name);
        return false;
    }
    case ACT_HISTORY_BACK:
        history_back(app);
        return false;
    case ACT_TOUR_RESUME:
        if (!app->tour) {
            app_message(app, false, _("no tour: start one with refuge --tour"));
        } else {
            app->touring = true;
            app_tour_go(app, (long)app->step, 1);
        }
        return false;
    default:
        break;
    }
    /* Unbound keys go to the pane too: a checklist reads letters itself. */
    flags = app_pane_ops[app->focus]->handle(pane, act, key);
    after_pane(app, app->focus, flags);
    if (flags & PANE_HANDLED)
        return false;
    /* q backs out of whatever the pane has open, and quits at the top. */
    if (act == ACT_QUIT) {
        flags = app_pane_ops[app->focus]->handle(pane, ACT_BACK, key);
        after_pane(app, app->focus, flags);
        return !(flags & PANE_HANDLED);
    }
    if (act == ACT_BACK && app->zoom) {
        app->zoom = false;
        app_apply_layout(app);
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
    flags = app_pane_ops[owner]->prompt_done(app->pane[owner], r == PROMPT_DONE ? app->prompt.text : NULL);
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
            if (me.y > r->y && app_pane_ops[p]->click)
                after_pane(app, p, app_pane_ops[p]->click(app->pane[p], me.y - r->y - 1));
        }
        if (me.bstate & (BUTTON4_PRESSED | BUTTON5_PRESSED)) {
            enum action act = (me.bstate & BUTTON4_PRESSED) ? ACT_UP : ACT_DOWN;
            for (int i = 0; i < 3; i++)
                after_pane(app, p, app_pane_ops[p]->handle(app->pane[p], act, 0));
        }
        return;
    }
}

/* ---- start and loop ------------------------------------------------------------- */

static void close_all(struct app *app)
{
    for (int p = 0; p < PANE_COUNT; p++) {
        if (app->pane[p])
            app_pane_ops[p]->close(app->pane[p]);
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
                      .focus = PANE_TIMELINE, .partner = PANE_FEED, .index_percent = -1};
    int status = RF_EXIT_OK;

    config_apply_text(cfg);
    /* [ui] script: nothing to convert where Chinese cannot be shown. */
    if (!text_ascii()) {
        struct rf_error serr = {{0}};
        if (script_set_display((enum script_display)cfg->ui.script, &serr) != 0)
            app_message(&app, true, "%s", serr.msg);
    }
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
        if (!(app.pane[p] = app_pane_ops[p]->open(&app.pctx))) {
            rf_error_set(err, _("the %s pane could not open: %s"), _(app_pane_ops[p]->title),
                         app.message[0] ? app.message : _("out of memory"));
            close_all(&app);
            term_close();
            return RF_EXIT_RUNTIME;
        }
    read_index_percent(&app);
    /* Problems in the settings files are worth a look but never block. */
    if (cfg->ndiagnostics > 0 && !app.message[0])
        app_message(&app, true, cfg->ndiagnostics > 1 ? _("%s (and more: refuge config)") : "%s",
                    cfg->diagnostics[0]);
    app_apply_layout(&app);
    if (app.tour) {
        app.touring = true;
        app_tour_go(&app, 0, 1);
        /* Problems in the tour file: the first one, the rest on request. */
        if (app.tour->ndiagnostics > 0)
            app_message(&app, true,
                        app.tour->ndiagnostics > 1 ? _("%s (and more: refuge tour --print FILE)") : "%s",
                        app.tour->diagnostics[0]);
    }

    for (;;) {
        struct term_event ev;
        enum action act;
        bool working;

        if (app.pctx.work_requests != app.work_seen && work_waiting(&app))
            run_work(&app, WORK_BEFORE_PAINT_MS);
        app_draw(&app);
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
            if (app.touring && app.deadline_ms && app_now_ms() >= app.deadline_ms)
                app_tour_go(&app, (long)app.step + 1, 1);
            else if (working)
                /* An auto-advancing tour still turns its page on time. */
                run_work(&app, app_tour_timeout(&app) < 0 ? 0 : app_tour_timeout(&app) + 1);
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
            app_apply_layout(&app);
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
            if (app_tour_key(&app, act, key_of(&ev)))
                continue;
        }
        act = keymap_lookup(app_pane_ops[app.focus]->scope(app.pane[app.focus]), key_of(&ev));
        if (app.copy) {
            /* Any key closes it and does nothing else: the screen under it
             * was hidden. */
            if (copyview_handle(app.copy, act, LINES - 1, COLS)) {
                close_overlay(&app);
                mouse_on(&app);
                app_mark_all_dirty(&app);
            } else {
                app.chrome_dirty = true;
            }
            continue;
        }
        if (app.help) {
            if (act == ACT_HELP || help_handle(app.help, act, LINES - 1)) {
                close_overlay(&app);
                app_mark_all_dirty(&app);
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
