/* tour.h — guided tours: an INI file of numbered steps that the app applies
 * one by one (which panes it shows and which has the focus, which event,
 * the feed's window and search, the language) with a caption in English
 * and Chinese.
 *
 *   [tour]   title_en, title_zh, seconds (auto-advance per step; 0 = manual)
 *   [stepN]  panes, pane, event, window, search, show, language, zoom,
 *            seconds, caption_en, caption_zh
 *
 * Loading never fails on content: unknown keys, bad values and syntax
 * errors become "FILE:LINE: message" diagnostics and the rest is kept. Only
 * an unreadable file or one without steps is an error. No curses here, so
 * `refuge tour --print` shares it.
 */
#ifndef REFUGE_TOUR_H
#define REFUGE_TOUR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "../src/error.h"

enum { TOUR_UNSET = -1 };

struct tour_step {
    int number;        /* N of [stepN] */
    int line;          /* where [stepN] starts */
    unsigned panes;    /* the panes the step shows, bit 1 << enum pane_id each
                          (panes = feed, or zoom = stats); 0: every pane */
    int pane;          /* enum pane_id to focus, or TOUR_UNSET */
    char *event;       /* an event id or a date YYYY-MM-DD, or NULL */
    int window_days;   /* days either side of the event, or TOUR_UNSET */
    bool has_range;    /* window = FROM..TO ... */
    char *range;       /* ... as written: days of the reader's zone (--tz, Z), read
                          when the step is shown (when_parse_range()) */
    char *search;      /* NULL: leave alone; "": clear */
    int show;          /* enum cfg_feed_show, or TOUR_UNSET */
    int language;      /* enum cfg_language, or TOUR_UNSET */
    int zoom;          /* zoom = yes / no: 1, 0, or TOUR_UNSET */
    int seconds;       /* auto-advance, or TOUR_UNSET for the tour's */
    char *caption_en, *caption_zh;
};

struct tour {
    char *file; /* as named in messages: the path, or "(bundled) tour.ini" */
    char *title_en, *title_zh;
    int seconds; /* TOUR_UNSET when the file does not say */
    struct tour_step *steps;
    size_t nsteps;
    char **diagnostics; /* "FILE:LINE: message" */
    size_t ndiagnostics;
};

/* The bundled tour, assets/tour.ini compiled in (src/tour_data.c). */
extern const char tour_bundled[];

/* Loads path, or the bundled tour when path is NULL or "". Returns NULL with
 * err set when the file cannot be read or has no steps. */
struct tour *tour_load(const char *path, struct rf_error *err);

void tour_free(struct tour *tour);

/* The pane names of the tour format, by enum pane_id. */
extern const char *const tour_pane_names[];

/* Writes the tour's steps and captions as Markdown, for handouts. */
void tour_print_md(const struct tour *tour, FILE *out);

#endif
