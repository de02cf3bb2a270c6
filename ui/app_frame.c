#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curses.h>

#include "../src/i18n.h"
#include "../src/text.h"
#include "../src/vocab.h"
#include "../src/when.h"
#include "app_internal.h"
#include "draw.h"
#include "theme.h"

/* ---- layout ------------------------------------------------------------------- */

void app_mark_all_dirty(struct app *app)
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

void app_apply_layout(struct app *app)
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
            app_pane_ops[p]->resize(app->pane[p], r->w, r->h - 1);
    }
    app_mark_all_dirty(app);
}

/* ---- drawing ------------------------------------------------------------------ */

static void draw_title(struct app *app, int p)
{
    const struct layout_rect *r = &app->layout.panes[p];
    char extra[256] = "", position[128] = "", line[400];
    bool focused = p == (int)app->focus;
    attr_t attr = theme_attr(focused ? ROLE_TITLE_FOCUS : ROLE_TITLE);

    app_pane_ops[p]->describe(app->pane[p], extra, sizeof extra, position, sizeof position);
    snprintf(line, sizeof line, " %s%s%s ", _(app_pane_ops[p]->title),
             extra[0] ? (text_ascii() ? " - " : " \xc2\xb7 ") : "", extra);
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
        char label[64];

        snprintf(label, sizeof label, " %d %s ", p + 1, _(app_pane_ops[p]->title));
        x += draw_str(stdscr, app->layout.tabs_y, x, label, COLS - x,
                      theme_attr(p == (int)app->focus ? ROLE_TAB_ACTIVE : ROLE_TAB));
        x++;
    }
}

/* The zone times are shown in, as the status line names it: "UTC",
 * "Asia/Shanghai", "local (CET)". */
void app_zone_label(const struct app *app, char *buf, size_t size)
{
    char abbrev[16];

    if (app->pctx.zone.kind == WHEN_ZONE_LOCAL) {
        when_zone_abbrev(app->pctx.zone, (int64_t)time(NULL), abbrev, sizeof abbrev);
        /* TRANSLATORS: the status line's zone when it is the computer's
           own ([ui] timezone = local); %s is its abbreviation (CET, UTC). */
        snprintf(buf, size, _("local (%s)"), abbrev);
    } else {
        vocab_zone_label(app->pctx.zone, buf, size);
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
     * (which may quote a long file name) or the index's progress is up. */
    app_zone_label(app, left, sizeof left);
    /* TRANSLATORS: the status line's hint at its right end; keep it short. */
    const char *help_hint = _("? help");

    if (app->message[0] || app->index_percent >= 0)
        snprintf(hint, sizeof hint, "%s", theme_is_projector() ? "" : help_hint);
    /* Projector mode keeps the chrome minimal: the zone, no hint. */
    else if (theme_is_projector())
        snprintf(hint, sizeof hint, "%s", left);
    else
        snprintf(hint, sizeof hint, "%s%s%s", left, text_ascii() ? " | " : " \xc2\xb7 ", help_hint);
    if (text_width(hint, strlen(hint)) + 1 > COLS / 3)
        snprintf(hint, sizeof hint, "%s", theme_is_projector() ? "" : help_hint);
    hint_w = text_width(hint, strlen(hint)) + 1;
    draw_fill(stdscr, y, 0, COLS, theme_attr(ROLE_STATUS));
    if (app->message[0]) {
        /* Messages may quote data (a search, a file name): sanitise. */
        char *msg = text_sanitize(app->message, strlen(app->message), 0);
        draw_str(stdscr, y, 1, msg ? msg : "", COLS - hint_w - 2,
                 theme_attr(ROLE_STATUS) | (app->message_is_error ? A_BOLD : A_NORMAL));
        free(msg);
    } else if (app->touring && app->goto_typing) {
        snprintf(left, sizeof left, _("tour: go to step %s_ (1-%zu, Enter)"), app->goto_buf,
                 app->tour->nsteps);
        draw_str(stdscr, y, 1, left, COLS - hint_w - 2, theme_attr(ROLE_STATUS));
    } else if (app->touring) {
        const char *dot = text_ascii() ? " - " : " \xc2\xb7 ";
        /* TRANSLATORS: %1$zu is the step, %2$zu how many, %3$s a separator (" · "). */
        if (app->deadline_ms)
            snprintf(left, sizeof left,
                     _("tour: step %1$zu of %2$zu%3$sauto (p pauses)%3$sSpace next%3$sEsc explore"),
                     app->step + 1, app->tour->nsteps, dot);
        else if (app->paused)
            snprintf(left, sizeof left,
                     _("tour: step %1$zu of %2$zu%3$spaused (p resumes)%3$sSpace next%3$sEsc explore"),
                     app->step + 1, app->tour->nsteps, dot);
        else
            snprintf(left, sizeof left, _("tour: step %1$zu of %2$zu%3$sSpace next%3$sEsc explore"),
                     app->step + 1, app->tour->nsteps, dot);
        draw_str(stdscr, y, 1, left, COLS - 2, theme_attr(ROLE_STATUS));
        return;
    } else {
        app_pane_ops[app->focus]->describe(app->pane[app->focus], extra, sizeof extra, position,
                                       sizeof position);
        char building[64] = "";
        /* Before the filter, which a narrow line cuts first; searches
         * still answer meanwhile (the rest is scanned). */
        if (app->index_percent >= 0)
            snprintf(building, sizeof building, _(" | search index: %d%% built"),
                     app->index_percent);
        snprintf(left, sizeof left, "%s%s%s%s%s%s", _(app_pane_ops[app->focus]->title),
                 position[0] ? " | " : "", position, building, extra[0] ? " | " : "", extra);
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
    const char *msg = COLS >= 18 ? _("terminal too small") : _("too small");
    size_t len = strlen(msg), fits = 0;
    int width = text_width(msg, len), used = 0;

    erase();
    if (LINES < 1 || COLS < 1)
        return;
    /* As much as fits, cut between characters and without an ellipsis: a
     * 1x1 terminal still gets the notice's first letter. */
    while (fits < len) {
        size_t next = text_next_grapheme(msg, len, fits);
        int w = text_width(msg + fits, next - fits);
        if (used + w > COLS)
            break;
        used += w;
        fits = next;
    }
    mvaddnstr(LINES / 2, width < COLS ? (COLS - width) / 2 : 0, msg, (int)fits);
}

void app_draw(struct app *app)
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
            app_pane_ops[p]->draw(app->pane[p], app->win[p], p == (int)app->focus);
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
