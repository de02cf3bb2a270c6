/* pane.h — what every pane offers the application loop.
 *
 * A pane keeps its own state, asks src/model for data when its cursor or
 * filter changes (never while drawing), prepares the lines it will show, and
 * draws them on request. Panes never call each other: they report what
 * happened through the flags their handler returns, and ui/app.c links them.
 */
#ifndef REFUGE_PANE_H
#define REFUGE_PANE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <curses.h>

#include "../src/config.h"
#include "../src/model.h"
#include "keymap.h"

/* What the loop shares with every pane. */
struct pane_context {
    struct model *model;
    struct config *cfg;
    int language;  /* enum cfg_language: titles, summaries, labels */
    int feed_show; /* enum cfg_feed_show: post text */
    int row_step;  /* screen lines per list row: 2 in projector mode, else 1 */
    /* The reader's zone: every time shown, day counted and date typed is
     * in it ([ui] timezone, --tz; Z changes it). */
    struct when_zone zone;
    /* Shows a message in the status line (errors are highlighted). */
    void (*message)(void *app, bool error, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
    /* Opens the line prompt; the answer arrives through ops->prompt_done. */
    void (*prompt)(void *app, int pane, const char *label, const char *initial);
    /* Shows text alone across the terminal's whole width, whatever the
     * layout, under a one-line heading, until the next key (ui/copyview.h):
     * for the mouse to select with no pane border in it. */
    void (*copy_view)(void *app, const char *heading, const char *text);
    void *app;
    /* Bumped by a pane each time it defers new work (see ops->work), so the
     * loop can give fresh work a moment before painting. */
    unsigned work_requests;
};

/* Flags a handler returns. */
enum {
    PANE_HANDLED = 1u << 0,  /* the action meant something here */
    PANE_DIRTY = 1u << 1,    /* the pane must be drawn again */
    PANE_SELECTED = 1u << 2, /* the user selected something others follow (Enter
                                on an event, a day in the chart) */
    PANE_MOVED = 1u << 3,    /* the cursor moved (for [timeline] follow) */
};

/* Why a pane must prepare its lines again. */
enum pane_change {
    PANE_CHANGE_SIZE,     /* resize() gave it a new size */
    PANE_CHANGE_LANGUAGE, /* ctx->language or ctx->feed_show changed */
    PANE_CHANGE_DATA,     /* the cache changed: query again, keep the place */
    PANE_CHANGE_ZONE,     /* ctx->zone changed: count and show times again, keep the place */
    PANE_CHANGE_SCRIPT,   /* the display script (script_display()) changed: prepare again
                             what was converted from the data, keep the place */
};

struct pane_ops {
    const char *title;
    /* Creates the pane's state and loads its first data. NULL on failure,
     * with the reason shown through ctx->message. */
    void *(*open)(struct pane_context *ctx);
    /* Releases everything open() made. */
    void (*close)(void *state);
    /* Sets the content size (rows below the title row, columns). */
    void (*resize)(void *state, int width, int height);
    /* Draws the prepared lines into win (already erased, content area only);
     * no queries, no allocation. */
    void (*draw)(void *state, WINDOW *win, bool focused);
    /* Reacts to an action (key for actions that read the key itself, such as
     * a checklist); returns PANE_* flags. */
    unsigned (*handle)(void *state, enum action act, keymap_key key);
    /* Receives the text typed at a prompt the pane opened (NULL: cancelled). */
    unsigned (*prompt_done)(void *state, const char *answer);
    /* Something changed that the prepared lines depend on. */
    void (*changed)(void *state, enum pane_change change);
    /* Deferred work: questions that can take seconds on a large cache (the
     * count of a common search, the stats of every post it matches). A pane
     * defers them, shows that they are under way, and answers them here,
     * which the loop calls only while the pane is on screen and nobody is
     * typing; the model's interrupt check is set, so a question gives way
     * (MODEL_INTERRUPTED) to the next key and is asked again later.
     * has_work says whether anything is waiting; work returns PANE_* flags.
     * Both NULL for panes that never defer. */
    bool (*has_work)(void *state);
    unsigned (*work)(void *state);
    /* The keymap scope the pane is in now (the feed has a reader scope). */
    enum keymap_scope (*scope)(void *state);
    /* A click on content row `row` (0 = first row under the title): move
     * the cursor there. NULL when the pane has nothing to select. */
    unsigned (*click)(void *state, int row);
    /* Writes the pane's extra title text ("52 events · kinds: all") and its
     * position for the status line ("event 12 of 52"). */
    void (*describe)(void *state, char *title, size_t title_size, char *position,
                     size_t position_size);
};

#endif
