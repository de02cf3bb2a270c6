#include "autoconfig.h"

#include <string.h>

#include "../src/config.h"
#include "layout.h"

enum { WIDE_MIN_COLS = 120, MEDIUM_MIN_COLS = 80 };

static enum layout_mode choose_mode(const struct layout_request *req)
{
    enum layout_mode fits = req->cols >= WIDE_MIN_COLS     ? LAYOUT_MODE_WIDE
                            : req->cols >= MEDIUM_MIN_COLS ? LAYOUT_MODE_MEDIUM
                                                           : LAYOUT_MODE_NARROW;

    if (req->preference == LAYOUT_NARROW)
        return LAYOUT_MODE_NARROW;
    /* "wide" asks for side by side even below 120 columns, while 60 still
     * leave each pane a usable width. */
    if (req->preference == LAYOUT_WIDE && req->cols >= 60)
        return LAYOUT_MODE_WIDE;
    return fits;
}

static void place(struct layout_rect *r, int x, int y, int w, int h)
{
    r->x = x;
    r->y = y;
    r->w = w;
    r->h = h;
    r->visible = w > 0 && h > 0;
}

/* Two panes side by side, in their usual order; the timeline takes 40% of
 * the width beside another pane, the stats 40% beside the feed. */
static void place_two(struct layout *out, unsigned shown, int cols, int h)
{
    enum pane_id left = shown & (1u << PANE_TIMELINE) ? PANE_TIMELINE : PANE_FEED;
    enum pane_id right = shown & (1u << PANE_STATS) ? PANE_STATS : PANE_FEED;
    int w = cols * (left == PANE_TIMELINE ? 40 : 60) / 100;

    place(&out->panes[left], 0, 0, w, h);
    place(&out->panes[right], w + 1, 0, cols - w - 1, h);
    out->separators[0] = w;
    out->nseparators = 1;
}

void layout_compute(const struct layout_request *req, struct layout *out)
{
    int top = 0, body_h;
    unsigned all = (1u << PANE_COUNT) - 1;
    unsigned shown = req->shown & all ? (req->shown & all) | 1u << req->focus : all;
    int nshown = 0;

    memset(out, 0, sizeof *out);
    for (int p = 0; p < PANE_COUNT; p++)
        nshown += (shown >> p) & 1;
    if (req->cols < LAYOUT_MIN_COLS || req->lines < LAYOUT_MIN_LINES) {
        out->too_small = true;
        return;
    }
    out->status_y = req->lines - 1;
    body_h = req->lines - 1 - req->caption_lines;
    if (req->caption_lines > 0)
        out->caption_y = body_h;
    out->mode = choose_mode(req);

    if (req->zoom || nshown == 1) {
        place(&out->panes[req->focus], 0, 0, req->cols, body_h);
        return;
    }
    if (out->mode == LAYOUT_MODE_NARROW) {
        out->has_tabs = true;
        out->tabs_y = 0;
        top = 1;
        place(&out->panes[req->focus], 0, top, req->cols, body_h - top);
        return;
    }
    out->separator_y = 0;
    out->separator_h = body_h;
    if (nshown == 2) {
        place_two(out, shown, req->cols, body_h);
        return;
    }
    if (out->mode == LAYOUT_MODE_WIDE) {
        /* Timeline and stats get fixed shares; the feed, the text-heavy
         * pane, takes the rest. */
        int tl = req->cols * 30 / 100, st = req->cols * 26 / 100;
        int feed = req->cols - tl - st - 2;

        place(&out->panes[PANE_TIMELINE], 0, 0, tl, body_h);
        place(&out->panes[PANE_FEED], tl + 1, 0, feed, body_h);
        place(&out->panes[PANE_STATS], tl + 1 + feed + 1, 0, st, body_h);
        out->separators[0] = tl;
        out->separators[1] = tl + 1 + feed;
        out->nseparators = 2;
        return;
    }
    /* Medium: timeline on the left, the partner on the right. */
    {
        enum pane_id partner = req->focus != PANE_TIMELINE ? req->focus : req->partner;

        if (partner == PANE_TIMELINE)
            partner = PANE_FEED;
        place_two(out, 1u << PANE_TIMELINE | 1u << partner, req->cols, body_h);
    }
}
