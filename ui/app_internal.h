/* app_internal.h — what the files of the explorer (ui/app*.c) share.
 *
 * Private to ui/app*.c. app.c holds the loop, the dispatch of actions, the
 * services panes call and the links between panes; app_frame.c the layout
 * and drawing of a frame (titles, tabs, caption, status line, overlay);
 * app_tour.c applying the guided tour's steps to the panes and its keys.
 * Everything not declared here stays static in its file.
 */
#ifndef REFUGE_UI_APP_INTERNAL_H
#define REFUGE_UI_APP_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <curses.h>

#include "../src/config.h"
#include "../src/model.h"
#include "copyview.h"
#include "help.h"
#include "keymap.h"
#include "layout.h"
#include "pane.h"
#include "prompt.h"
#include "tour.h"

/* The operations of each pane, by pane_id (defined in app.c). */
extern const struct pane_ops *const app_pane_ops[PANE_COUNT];

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
    /* The share of posts the search index holds while an import builds
     * it (model_index_building()), -1 when complete: read when the cache
     * changes, shown on the status line. */
    int index_percent;

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

/* ---- app.c: services and links ---- */

void app_message(void *opaque, bool error, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The stats pane shows what the feed lists. */
void app_sync_stats(struct app *app);
/* Moves the feed to `days` either side of the timeline's event. */
void app_link_event_window(struct app *app, int64_t days);
/* Milliseconds on the monotonic clock. */
int64_t app_now_ms(void);

/* ---- app_frame.c: layout and drawing ---- */

void app_mark_all_dirty(struct app *app);
/* Places the panes' windows for the terminal's size, focus and tour step. */
void app_apply_layout(struct app *app);
/* The zone times are shown in, as the status line names it. */
void app_zone_label(const struct app *app, char *buf, size_t size);
/* Draws what is dirty, for the next doupdate(). */
void app_draw(struct app *app);

/* ---- app_tour.c: the guided tour ---- */

/* Milliseconds until the next auto-advance, or -1. */
int app_tour_timeout(const struct app *app);
/* Goes to step `target`, or past it in direction dir when it cannot be shown. */
void app_tour_go(struct app *app, long target, int dir);
/* The step's caption again, in the languages now chosen (L while touring). */
void app_tour_caption(struct app *app);
/* Keys while touring; returns true when the key was the tour's. */
bool app_tour_key(struct app *app, enum action act, keymap_key key);

#endif
