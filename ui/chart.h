/* chart.h — terminal charts rendered into a grid of cells, not onto curses.
 *
 * A pure renderer: the caller owns an array of cells (one per terminal
 * column, row after row), the functions here fill every cell with one glyph
 * and a role, and the caller draws them however it likes (ui/stats.c maps
 * roles to theme roles; the unit tests read the cells). No curses, no
 * allocation, no locale: the same input always gives the same cells.
 *
 * Glyphs are Unicode block elements: bars grow in eighths of a row
 * (▁▂▃▄▅▆▇█) or of a column (▏▎▍▌▋▊▉█), axes are box drawing. With
 * CHART_ASCII every glyph is one byte below 0x80: '#' for bars, '=' and '-'
 * for the two parts of a proportion, '|' '+' '-' for axes, '^' for the
 * cursor mark. CHART_WIDE is for terminals that show East Asian ambiguous
 * characters (block elements and box drawing among them) two columns wide:
 * each block glyph then takes two cells (the second one's glyph is "") and
 * axes use the ASCII glyphs, so nothing runs past the grid.
 *
 * Rounding: a bar's height is value / max of the rows (or columns), rounded
 * to the nearest eighth (ASCII: the nearest whole cell); a value above zero
 * never rounds to nothing, so a quiet day stays visible next to a spike.
 */
#ifndef REFUGE_CHART_H
#define REFUGE_CHART_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../src/text.h"

enum chart_role {
    CHART_EMPTY,   /* nothing: a space */
    CHART_BAR,     /* a bar, or the first part of a proportion */
    CHART_BAR_ALT, /* the second part of a proportion */
    CHART_CURSOR,  /* the bar under the cursor: its cells, the empty cells
                      above it (so attributes alone can show the column) and
                      its mark under the axis */
    CHART_AXIS,    /* axis lines and ticks */
    CHART_LABEL,   /* the value and date labels */
};

struct chart_cell {
    char glyph[5];      /* one UTF-8 character, NUL-terminated; "" when the
                           wide glyph on the left covers this cell */
    unsigned char role; /* enum chart_role */
};

/* Flags for every function below. */
enum {
    CHART_ASCII = 1u << 0, /* ASCII glyphs only */
    CHART_WIDE = 1u << 1,  /* block glyphs are two columns wide (ignored with ASCII) */
};

/* ---- posts per day: vertical bars over a date axis ----------------------------- */

/* One day's value. Days are numbered from 1970-01-01 (UTC seconds / 86400). */
struct chart_point {
    int64_t day;
    int64_t value; /* >= 0 */
};

struct chart_days {
    const struct chart_point *points; /* ascending by day; a day not listed is 0 */
    size_t npoints;
    int64_t first, ndays; /* the days on the axis: [first, first + ndays) */
    int64_t cursor;       /* a day: its bar is highlighted (none when outside) */
    /* Days a bar holds at the least: 0 or 1, a day; 7 for weeks (first is
     * then the Monday of the first week, and a bar holds whole weeks). */
    int64_t unit;
    /* Not NULL: the "days" are slots of a cycle (hours of the day, days of
     * the week), numbered from first, and names[day - first] labels each
     * (short ASCII: "00", "Mon"). */
    const char *const *names;
};

/* What chart_days_render() chose. Bar b covers the days
 * [first + b * per_bar, first + (b + 1) * per_bar) and starts at column
 * plot_x + b * slot. */
struct chart_layout {
    int64_t per_bar; /* days per bar: 1, or more when the days outnumber the
                        columns (the bar shows their sum) */
    int nbars;
    int slot;        /* columns from one bar to the next */
    int bar_width;   /* columns a bar fills (the rest of its slot is a gap) */
    int plot_x;      /* column of the first bar (after the value axis) */
    int plot_rows;   /* rows the bars grow in */
    int64_t max;     /* the tallest bar's value, shown as the axis label */
    int peak_bar;    /* the first bar holding max; -1 when every bar is 0 */
    int cursor_bar;  /* the bar holding the cursor day; -1 when none */
};

/* Widest slot a bar gets when there are few days: wider bars stop reading
 * as a time series. */
enum { CHART_MAX_SLOT = 8 };

/* Draws the days as a bar chart in width x height cells (row-major in
 * cells, width * height of them):
 *   - the top row starts with the max label ("48┤") and the value axis
 *     runs down the left of the bars;
 *   - under the bars, when height >= 5, the time axis ("0└───┴──") with a
 *     tick under each labelled bar and a mark (▲) under the cursor bar;
 *     then a row of date
 *     labels ("01-18" when the axis stays within one year, "2025-01-18"
 *     otherwise), each the first day of its bar. The first, last and peak
 *     bars are labelled first, then others at even spacing, each only where
 *     it keeps a blank column from its neighbours: labels never overlap;
 *   - with height 2 to 4 there is no axis line; with height 1, bars only.
 * When the days outnumber the bars that fit, each bar covers per_bar
 * consecutive days (the fewest that fit) and shows their sum. The value
 * axis is left out when the chart is too narrow for it. Fills *out when not
 * NULL. */
void chart_days_render(struct chart_cell *cells, int width, int height,
                       const struct chart_days *days, unsigned flags, struct chart_layout *out);

/* How many one-day bars fit across `width` columns when the tallest bar is
 * `max` (the value label's width depends on it). */
int chart_days_capacity(int width, int64_t max, unsigned flags);

/* ---- horizontal bars ------------------------------------------------------- */

/* A bar of value / max across up to `width` cells from the left, in
 * horizontal eighths (ASCII: '#'); the rest of the row is empty. */
void chart_hbar(struct chart_cell *row, int width, int64_t value, int64_t max, unsigned flags);

/* A proportion of two parts across `width` cells: a's share from the left
 * (CHART_BAR, █ ending in an eighth; ASCII '='), then b's (CHART_BAR_ALT,
 * ░; ASCII '-'). All empty when both are 0. */
void chart_split(struct chart_cell *row, int width, int64_t a, int64_t b, unsigned flags);

/* Whole percentages of n values that add up to exactly 100 (largest
 * remainder); all 0 when the values sum to 0. */
void chart_percentages(const int64_t *values, size_t n, int *out);

/* ---- numbers ---------------------------------------------------------------- */

/* The charts' numbers are the text layer's (text_format_number), so a
 * chart and a handout write a number alike. */
enum chart_number {
    CHART_NUMBER_FULL = TEXT_NUMBER_FULL,
    CHART_NUMBER_SHORT = TEXT_NUMBER_SHORT,
    CHART_NUMBER_EXACT = TEXT_NUMBER_EXACT,
};

size_t chart_format_number(int64_t value, enum chart_number style, char *buf, size_t size);

#endif
