/* layout.h — where each pane goes for a terminal size. Pure arithmetic, no
 * curses, so every size can be unit-tested.
 *
 *   wide   (>= 120 columns): timeline | feed | stats side by side
 *   medium (80-119 columns): the timeline and one other pane; the other is
 *                            whichever of feed and stats was focused last
 *   narrow (< 80 columns):   one pane under a tab bar
 * [ui] layout = wide or narrow forces a mode (wide falls back to medium and
 * narrow when there is no room). Zoom shows the focused pane alone. A tour
 * step may name the panes it shows (`shown`): one is shown alone, two side
 * by side in the wide and medium modes. Below
 * LAYOUT_MIN_COLS x LAYOUT_MIN_LINES only a notice fits.
 */
#ifndef REFUGE_LAYOUT_H
#define REFUGE_LAYOUT_H

#include <stdbool.h>

enum pane_id { PANE_TIMELINE, PANE_FEED, PANE_STATS, PANE_COUNT };

enum layout_mode { LAYOUT_MODE_WIDE, LAYOUT_MODE_MEDIUM, LAYOUT_MODE_NARROW };

enum { LAYOUT_MIN_COLS = 20, LAYOUT_MIN_LINES = 6 };

struct layout_rect {
    int x, y, w, h;
    bool visible;
};

struct layout_request {
    int cols, lines;
    int preference;       /* enum cfg_layout */
    enum pane_id focus;
    enum pane_id partner; /* medium: shown beside the timeline (feed or stats) */
    bool zoom;
    unsigned shown;       /* the panes to show, bit 1 << pane_id each (the
                             focused one always); 0: every pane the mode has */
    int caption_lines;    /* rows reserved above the status line (tour captions) */
};

struct layout {
    bool too_small;
    enum layout_mode mode;
    struct layout_rect panes[PANE_COUNT]; /* each pane's area, its title row included */
    bool has_tabs;
    int tabs_y;               /* the tab bar's row when has_tabs */
    int separators[2];        /* columns of the vertical lines between panes */
    int nseparators;
    int separator_y, separator_h;
    int caption_y;            /* first caption row, when caption_lines > 0 */
    int status_y;             /* the status line */
};

/* Computes the layout; never fails (a too-small terminal sets too_small). */
void layout_compute(const struct layout_request *req, struct layout *out);

#endif
