/* stats.h — the stats pane: what the cache says, and what was reported.
 *
 * Two sections, never mixed:
 *   "Computed from the cache" over the current filter (its label is shown):
 *     totals, posts per day as a bar chart with a day cursor, the Chinese /
 *     English split, top tags and the most liked posts;
 *   "Reported (with sources)": every figure in the cache by date, with its
 *     qualifier, unit, time and zone, confidence ("unconfirmed" when low)
 *     and sources.
 * Data is read when the filter or the cache changes (model_stats() over
 * the filter, answered from the per-day table when the filter allows, and
 * model_figures()), never while drawing.
 *
 * Keys: j/k, PgUp/PgDn, C-u/C-d, g/G scroll the pane; h/l move the day
 * cursor one bar. When the chart holds more days than it has columns, a
 * bar sums several days, and Enter on it zooms in to one day per bar (Esc
 * zooms out again); Enter on a one-day bar selects that day: the handler
 * returns PANE_SELECTED and stats_selected_day() tells which. Under
 * "Top authors" (the filter's five most active), a selects an author and
 * Enter chooses it: stats_selected_author().
 */
#ifndef REFUGE_STATS_H
#define REFUGE_STATS_H

#include <stdbool.h>
#include <stdint.h>

#include "pane.h"

extern const struct pane_ops stats_pane_ops;

/* Computes the stats over `filter` from now on (a zeroed filter, the
 * default, is every post), showing `label` as its description ("all
 * posts", "window: 2025-01-15 → 2025-01-21"). Both are copied; the day
 * cursor stays where it is when that day is still on the chart. The pane
 * must be drawn again afterwards. */
void stats_set_filter(void *state, const struct model_filter *filter, const char *label);

/* The day Enter selected, a day of the reader's zone: [*from, *to) (23 or
 * 25 hours on a daylight-saving change), after the handler returned
 * PANE_SELECTED. False when no day has been selected. */
bool stats_selected_day(void *state, int64_t *from, int64_t *to);

/* The author Enter chose under "Top authors" (a selects one), as
 * "PLATFORM:KEY" in buf, after the handler returned PANE_SELECTED; once,
 * false otherwise (then a day was chosen: stats_selected_day()). */
bool stats_selected_author(void *state, char *buf, size_t size);

/* Moves the day cursor to the day (of the reader's zone) holding `day_utc`
 * (any time in it; kept within the chart's days), zooming in to one day
 * per bar when the chart has more days than columns, so that day is a bar
 * of its own; nothing when the chart counts weeks, hours or weekdays. The
 * pane must be drawn again afterwards. */
void stats_focus_day(void *state, int64_t day_utc);

#endif
