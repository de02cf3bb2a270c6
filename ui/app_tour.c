#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "../src/i18n.h"
#include "../src/text.h"
#include "../src/when.h"
#include "app_internal.h"
#include "feed.h"
#include "timeline.h"

/* ---- the guided tour ----------------------------------------------------------- */

static void tour_arm_timer(struct app *app)
{
    const struct tour_step *s = &app->tour->steps[app->step];
    int secs = s->seconds != TOUR_UNSET       ? s->seconds
               : app->tour->seconds != TOUR_UNSET ? app->tour->seconds
                                                  : app->cfg->tour.seconds;

    app->deadline_ms = 0;
    if (app->touring && !app->paused && secs > 0 && app->step + 1 < app->tour->nsteps)
        app->deadline_ms = app_now_ms() + (int64_t)secs * 1000;
}

/* Milliseconds until the next auto-advance, or -1: no timer when idle. */
int app_tour_timeout(const struct app *app)
{
    int64_t left;

    if (!app->touring || !app->deadline_ms)
        return -1;
    left = app->deadline_ms - app_now_ms();
    return left < 0 ? 0 : left > 3600000 ? 3600000 : (int)left;
}

void app_tour_caption(struct app *app)
{
    const struct tour_step *s = &app->tour->steps[app->step];
    const char *en = s->caption_en, *zh = s->caption_zh;
    bool both = app->cfg->tour.captions == CAPTIONS_BOTH ||
                app->pctx.language == LANGUAGE_BOTH;
    char head[96];
    size_t size;
    char *raw;

    if (app->pctx.language == LANGUAGE_ZH && zh && !both)
        en = NULL;
    else if (en && !both)
        zh = NULL;
    /* TRANSLATORS: the caption's head; %s is a separator (" · "). */
    snprintf(head, sizeof head, _("Step %zu/%zu%s"), app->step + 1, app->tour->nsteps,
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
            app_message(app, true, _("%s:%d: step %d: no event '%s' in the cache; skipped"),
                        app->tour->file, s->line, s->number, s->event);
            return false;
        }
        app_link_event_window(app, s->window_days != TOUR_UNSET
                                   ? s->window_days
                                   : app->cfg->timeline.window_days);
    }
    if (s->has_range) {
        /* The window's days are the reader's (--tz, Z), as typed ones are. */
        int64_t from, to;
        struct rf_error why = {{0}};
        if (when_parse_range(s->range, app->pctx.zone, &from, &to, &why) == 0)
            feed_set_window(app->pane[PANE_FEED], true, from, to, _("tour"));
    }
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
            app_pane_ops[p]->changed(app->pane[p], PANE_CHANGE_LANGUAGE);
    app_sync_stats(app);
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
void app_tour_go(struct app *app, long target, int dir)
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
    app_tour_caption(app);
    tour_arm_timer(app);
    app_apply_layout(app);
}

static void tour_leave(struct app *app)
{
    app->touring = false;
    app->goto_typing = false;
    app->deadline_ms = 0;
    app_message(app, false, _("left the tour at step %zu of %zu: explore freely, T resumes"),
                app->step + 1, app->tour->nsteps);
    app_apply_layout(app);
}

/* Keys while touring; returns true when the key was the tour's. */
bool app_tour_key(struct app *app, enum action act, keymap_key key)
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
                app_tour_go(app, want - 1, want - 1 >= (long)app->step ? 1 : -1);
            else
                app_message(app, true, _("no step %s: the tour has steps 1 to %zu"), app->goto_buf, n);
        } else {
            app->goto_typing = false; /* Esc or anything else cancels */
        }
        return true;
    }
    switch (act) {
    case ACT_TOUR_NEXT:
        if (app->step + 1 < n)
            app_tour_go(app, (long)app->step + 1, 1);
        else
            app_message(app, false, _("last step: Left goes back, Esc explores, q twice quits"));
        return true;
    case ACT_TOUR_PREV:
        if (app->step > 0)
            app_tour_go(app, (long)app->step - 1, -1);
        else
            app_message(app, false, _("first step: Space goes on"));
        return true;
    case ACT_TOUR_GOTO:
        app->goto_typing = true;
        app->goto_buf[0] = '\0';
        app->chrome_dirty = true;
        return true;
    case ACT_TOUR_PAUSE:
        app->paused = !app->paused;
        tour_arm_timer(app);
        app_message(app, false, app->paused ? _("auto-advance paused") : _("auto-advance on"));
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
