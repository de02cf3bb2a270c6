/* Unit tests for ui/layout.c: every size from 1x1 to 300x100 gives a layout
 * whose panes stay on screen and never overlap. */
#include "autoconfig.h"

#include "../../src/config.h"
#include "../../ui/layout.h"
#include "tap.h"

static struct layout compute(int cols, int lines, int pref, enum pane_id focus, bool zoom)
{
    struct layout_request req = {.cols = cols, .lines = lines, .preference = pref,
                                 .focus = focus, .partner = PANE_FEED, .zoom = zoom};
    struct layout out;

    layout_compute(&req, &out);
    return out;
}

/* A tour step's choice of panes. */
static struct layout shown(int cols, int lines, enum pane_id focus, unsigned set)
{
    struct layout_request req = {.cols = cols, .lines = lines, .focus = focus,
                                 .partner = PANE_FEED, .shown = set};
    struct layout out;

    layout_compute(&req, &out);
    return out;
}

static int visible_count(const struct layout *l)
{
    int n = 0;
    for (int p = 0; p < PANE_COUNT; p++)
        n += l->panes[p].visible;
    return n;
}

/* Panes inside the screen, above the status line, not overlapping. */
static bool sane(const struct layout *l, int cols, int lines)
{
    if (l->too_small)
        return true;
    for (int p = 0; p < PANE_COUNT; p++) {
        const struct layout_rect *a = &l->panes[p];
        if (!a->visible)
            continue;
        if (a->x < 0 || a->y < 0 || a->w < 1 || a->h < 1 || a->x + a->w > cols ||
            a->y + a->h > l->status_y || l->status_y != lines - 1)
            return false;
        for (int q = p + 1; q < PANE_COUNT; q++) {
            const struct layout_rect *b = &l->panes[q];
            if (b->visible && a->x < b->x + b->w && b->x < a->x + a->w && a->y < b->y + b->h &&
                b->y < a->y + a->h)
                return false;
        }
    }
    return true;
}

int main(void)
{
    struct layout l;
    bool all_sane = true;

    l = compute(200, 50, LAYOUT_AUTO, PANE_TIMELINE, false);
    is_int(l.mode, LAYOUT_MODE_WIDE, "200 columns: side by side");
    is_int(visible_count(&l), 3, "200 columns: three panes");
    is_int(l.panes[PANE_TIMELINE].w + l.panes[PANE_FEED].w + l.panes[PANE_STATS].w + 2, 200,
           "pane widths and two separators fill the width");
    ok(l.panes[PANE_FEED].w > l.panes[PANE_TIMELINE].w, "the feed is the widest pane");

    l = compute(80, 24, LAYOUT_AUTO, PANE_TIMELINE, false);
    is_int(l.mode, LAYOUT_MODE_MEDIUM, "80 columns: two panes");
    is_int(visible_count(&l), 2, "80x24 shows two panes");
    ok(l.panes[PANE_TIMELINE].visible && l.panes[PANE_FEED].visible,
       "timeline and its partner (feed) are shown");
    l = compute(80, 24, LAYOUT_AUTO, PANE_STATS, false);
    ok(l.panes[PANE_STATS].visible && !l.panes[PANE_FEED].visible,
       "focusing stats brings it beside the timeline");

    l = compute(60, 20, LAYOUT_AUTO, PANE_FEED, false);
    is_int(l.mode, LAYOUT_MODE_NARROW, "60 columns: one pane");
    ok(l.has_tabs && l.tabs_y == 0, "narrow layout has a tab bar on top");
    ok(visible_count(&l) == 1 && l.panes[PANE_FEED].visible, "narrow shows the focused pane");
    is_int(l.panes[PANE_FEED].y, 1, "the pane starts under the tab bar");

    l = compute(200, 50, LAYOUT_AUTO, PANE_STATS, true);
    ok(visible_count(&l) == 1 && l.panes[PANE_STATS].w == 200 && l.panes[PANE_STATS].h == 49,
       "zoom gives the focused pane the whole screen but the status line");

    l = compute(200, 50, LAYOUT_NARROW, PANE_TIMELINE, false);
    is_int(l.mode, LAYOUT_MODE_NARROW, "[ui] layout = narrow is honoured when wide");
    l = compute(70, 30, LAYOUT_WIDE, PANE_TIMELINE, false);
    is_int(l.mode, LAYOUT_MODE_WIDE, "[ui] layout = wide is honoured at 70 columns");
    l = compute(40, 30, LAYOUT_WIDE, PANE_TIMELINE, false);
    is_int(l.mode, LAYOUT_MODE_NARROW, "[ui] layout = wide falls back when there is no room");

    ok(compute(19, 24, LAYOUT_AUTO, PANE_FEED, false).too_small, "19 columns is too small");
    ok(compute(80, 5, LAYOUT_AUTO, PANE_FEED, false).too_small, "5 lines is too small");
    ok(!compute(20, 6, LAYOUT_AUTO, PANE_FEED, false).too_small, "20x6 is the minimum");

    {
        struct layout_request req = {.cols = 100, .lines = 30, .focus = PANE_FEED,
                                     .partner = PANE_FEED, .caption_lines = 3};
        layout_compute(&req, &l);
        ok(l.caption_y == 26 && l.panes[PANE_FEED].y + l.panes[PANE_FEED].h == 26,
           "caption rows sit between the panes and the status line");
    }

    /* A tour step names the panes it shows. */
    l = shown(200, 50, PANE_FEED, 1u << PANE_FEED);
    ok(visible_count(&l) == 1 && l.panes[PANE_FEED].w == 200 && !l.nseparators,
       "panes = feed: the feed alone on the whole width at 200 columns");
    l = shown(200, 50, PANE_TIMELINE, 1u << PANE_TIMELINE | 1u << PANE_STATS);
    ok(visible_count(&l) == 2 && l.panes[PANE_TIMELINE].visible && l.panes[PANE_STATS].visible &&
           l.panes[PANE_TIMELINE].w + l.panes[PANE_STATS].w + 1 == 200 && l.nseparators == 1,
       "panes = timeline, stats: those two fill 200 columns, without the feed");
    l = shown(80, 24, PANE_FEED, 1u << PANE_FEED | 1u << PANE_STATS);
    ok(visible_count(&l) == 2 && l.panes[PANE_FEED].x == 0 && l.panes[PANE_STATS].visible &&
           l.panes[PANE_FEED].w > l.panes[PANE_STATS].w,
       "panes = feed, stats at 80 columns: the feed on the left, wider, and the stats");
    l = shown(80, 24, PANE_STATS, 1u << PANE_FEED);
    ok(visible_count(&l) == 2 && l.panes[PANE_STATS].visible,
       "the focused pane is always among those shown");
    l = shown(60, 20, PANE_FEED, 1u << PANE_FEED | 1u << PANE_STATS);
    ok(l.has_tabs && visible_count(&l) == 1, "a narrow terminal still shows one pane with tabs");
    l = shown(200, 50, PANE_FEED, 7);
    is_int(visible_count(&l), 3, "all three named: the usual layout");

    for (int cols = 1; cols <= 300 && all_sane; cols += 7)
        for (int lines = 1; lines <= 100 && all_sane; lines += 3)
            for (int f = 0; f < PANE_COUNT; f++)
                for (int pref = 0; pref < 3; pref++) {
                    l = compute(cols, lines, pref, (enum pane_id)f, false);
                    all_sane &= sane(&l, cols, lines);
                    l = compute(cols, lines, pref, (enum pane_id)f, true);
                    all_sane &= sane(&l, cols, lines);
                    for (unsigned set = 1; set < 8; set++) {
                        l = shown(cols, lines, (enum pane_id)f, set);
                        all_sane &= sane(&l, cols, lines);
                    }
                }
    ok(all_sane, "every size from 1x1 to 300x100, every choice of panes, gives panes on screen, "
                 "not overlapping");
    return tap_done();
}
