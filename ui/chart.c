#include "autoconfig.h"

#include <stdio.h>
#include <string.h>

#include "../src/text.h"
#include "chart.h"

/* Index n is n eighths: bottom-up for vertical bars, left-to-right for
 * horizontal ones. */
static const char *const vertical_eighths[9] = {
    " ", "\xe2\x96\x81", "\xe2\x96\x82", "\xe2\x96\x83", "\xe2\x96\x84",
    "\xe2\x96\x85", "\xe2\x96\x86", "\xe2\x96\x87", "\xe2\x96\x88",
};
static const char *const horizontal_eighths[9] = {
    " ", "\xe2\x96\x8f", "\xe2\x96\x8e", "\xe2\x96\x8d", "\xe2\x96\x8c",
    "\xe2\x96\x8b", "\xe2\x96\x8a", "\xe2\x96\x89", "\xe2\x96\x88",
};
#define LIGHT_SHADE "\xe2\x96\x91"

struct glyphs {
    int unit; /* cells per block glyph */
    bool ascii;
    const char *vline, *tee, *corner, *hline, *tick, *mark;
};

static struct glyphs glyphs_for(unsigned flags)
{
    struct glyphs g = {.unit = 1, .ascii = true, "|", "+", "+", "-", "+", "^"};

    if (flags & CHART_ASCII)
        return g;
    g.ascii = false;
    /* Box drawing is as ambiguous as the blocks: a wide terminal gets the
     * ASCII axes and two-cell blocks. */
    if (flags & CHART_WIDE) {
        g.unit = 2;
        return g;
    }
    g.vline = "\xe2\x94\x82";
    g.tee = "\xe2\x94\xa4";
    g.corner = "\xe2\x94\x94";
    g.hline = "\xe2\x94\x80";
    g.tick = "\xe2\x94\xb4";
    g.mark = "\xe2\x96\xb2";
    return g;
}

static void put(struct chart_cell *c, const char *glyph, enum chart_role role)
{
    size_t n = strlen(glyph);

    if (n >= sizeof c->glyph)
        n = sizeof c->glyph - 1;
    memcpy(c->glyph, glyph, n);
    c->glyph[n] = '\0';
    c->role = (unsigned char)role;
}

/* A block glyph at x, covering the next cell too when blocks are wide. */
static void put_block(struct chart_cell *row, const struct glyphs *g, int x, const char *glyph,
                      enum chart_role role)
{
    put(&row[x], glyph, role);
    if (g->unit == 2) {
        /* An empty block is two plain spaces, not a wide glyph. */
        put(&row[x + 1], strcmp(glyph, " ") == 0 ? " " : "", role);
    }
}

static void clear(struct chart_cell *cells, size_t n)
{
    for (size_t i = 0; i < n; i++)
        put(&cells[i], " ", CHART_EMPTY);
}

/* round(value * n / max), at least 1 for a positive value, at most n. */
static int scale(int64_t value, int64_t max, int n)
{
    double x;
    int r;

    if (value <= 0 || max <= 0 || n <= 0)
        return 0;
    if (value >= max)
        return n;
    x = (double)value * n / (double)max + 0.5;
    r = (int)x;
    if (r < 1)
        r = 1;
    return r > n ? n : r;
}

static int64_t add_saturating(int64_t a, int64_t b)
{
    if (b <= 0)
        return a;
    return a > INT64_MAX - b ? INT64_MAX : a + b;
}

/* ---- numbers ----------------------------------------------------------------- */

size_t chart_format_number(int64_t value, enum chart_number style, char *buf, size_t size)
{
    return text_format_number(value, (enum text_number)style, buf, size);
}

/* ---- posts per day ------------------------------------------------------------- */

/* Days since 1970-01-01 to a civil date (proleptic Gregorian), without
 * time_t, so any day number works. */
static void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
    int64_t era, yoe, doy, mp;

    z += 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    yoe = z - era * 146097;
    yoe = (yoe - yoe / 1460 + yoe / 36524 - yoe / 146096) / 365;
    doy = z - era * 146097 - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

static int64_t ceil_div(int64_t a, int64_t b)
{
    return a / b + (a % b != 0);
}

/* The sum of the points in [from, to), reading on from *i (points ascend). */
static int64_t sum_days(const struct chart_days *d, size_t *i, int64_t from, int64_t to)
{
    int64_t sum = 0;

    while (*i < d->npoints && d->points[*i].day < from)
        (*i)++;
    for (; *i < d->npoints && d->points[*i].day < to; (*i)++)
        sum = add_saturating(sum, d->points[*i].value);
    return sum;
}

static int label_width(int64_t max)
{
    char buf[32];

    return (int)chart_format_number(max, CHART_NUMBER_SHORT, buf, sizeof buf) + 1;
}

/* Bars per day count and the tallest bar, for a plot `cols` units wide. */
static void fit_bars(const struct chart_days *d, int cols, struct chart_layout *l)
{
    size_t i = 0;

    int64_t unit = d->unit > 1 ? d->unit : 1;

    l->per_bar = unit * ceil_div(ceil_div(d->ndays, unit), cols);
    l->nbars = (int)ceil_div(d->ndays, l->per_bar);
    l->max = 0;
    l->peak_bar = -1;
    for (int b = 0; b < l->nbars; b++) {
        int64_t from = d->first + b * l->per_bar;
        int64_t sum = sum_days(d, &i, from, from + l->per_bar);

        if (sum > l->max) {
            l->max = sum;
            l->peak_bar = b;
        }
    }
}

/* Chooses days per bar and the value axis's width together: the label's
 * width depends on the tallest bar, which depends on how many days a bar
 * holds. Returns the axis width (0: no value axis), or -1 when no bar fits. */
static int fit(int width, const struct chart_days *d, const struct glyphs *g,
               struct chart_layout *l)
{
    int axis = 0;

    for (int pass = 0; pass < 8; pass++) {
        int cols = (width - axis) / g->unit, need;

        if (cols < 1) {
            if (axis == 0)
                return -1;
            axis = 0;
            continue;
        }
        fit_bars(d, cols, l);
        need = label_width(l->max);
        if ((width - need) / g->unit < 1)
            need = 0;
        /* Settle on the wider axis once it stops changing quickly, so the
         * loop ends even when bucket sums move around. */
        if (need == axis || (pass >= 2 && need < axis))
            return axis;
        axis = need;
    }
    /* Not settled (labels are too short for this to happen): no value axis. */
    fit_bars(d, width / g->unit, l);
    return 0;
}

int chart_days_capacity(int width, int64_t max, unsigned flags)
{
    struct glyphs g = glyphs_for(flags);
    int axis = label_width(max);

    if ((width - axis) / g.unit < 1)
        axis = 0;
    return width > axis ? (width - axis) / g.unit : 0;
}

static void draw_bar(struct chart_cell *cells, int width, const struct glyphs *g,
                     const struct chart_layout *l, int b, int64_t sum)
{
    bool is_cursor = b == l->cursor_bar;
    enum chart_role role = is_cursor ? CHART_CURSOR : CHART_BAR;
    int steps = g->ascii ? 1 : 8;
    int level = scale(sum, l->max, l->plot_rows * steps);
    int x0 = l->plot_x + b * l->slot;

    for (int x = x0; x < x0 + l->bar_width; x += g->unit) {
        for (int r = 0; r < l->plot_rows; r++) {
            struct chart_cell *row = &cells[(size_t)(l->plot_rows - 1 - r) * (size_t)width];
            int here = level - r * steps;

            if (here <= 0) {
                /* The cursor's column is marked above the bar too. */
                if (is_cursor)
                    put_block(row, g, x, " ", CHART_CURSOR);
                continue;
            }
            if (g->ascii)
                put(&row[x], "#", role);
            else
                put_block(row, g, x, vertical_eighths[here > 8 ? 8 : here], role);
        }
    }
}

/* One cell per column: a wide character (a translated weekday, 周一)
 * takes two, the second left empty as the grid's contract says. */
static void write_text(struct chart_cell *row, int x, const char *text, enum chart_role role)
{
    size_t len = strlen(text);

    for (size_t i = 0; i < len;) {
        size_t next = text_next_grapheme(text, len, i);
        char glyph[sizeof row->glyph] = "";
        int w = text_width(text + i, next - i);

        if (next - i < sizeof glyph)
            memcpy(glyph, text + i, next - i);
        put(&row[x], glyph, role);
        if (w == 2)
            put(&row[x + 1], "", role);
        x += w > 0 ? w : 1;
        i = next;
    }
}

static int format_day(const struct chart_days *days, int64_t day, bool with_year, char *buf,
                      size_t size)
{
    int64_t y;
    int m, d;

    if (days->names) {
        snprintf(buf, size, "%s", days->names[day - days->first]);
        return text_width(buf, strlen(buf));
    }
    civil_from_days(day, &y, &m, &d);
    if (with_year)
        return snprintf(buf, size, "%04lld-%02d-%02d", (long long)y, m, d);
    return snprintf(buf, size, "%02d-%02d", m, d);
}

/* Labels bar b with its first day, left-aligned under the bar, or
 * right-aligned to the bar's end when it would run off the grid; only where
 * a blank column stays on each side. */
static void try_label(struct chart_cell *cells, int width, const struct chart_days *d,
                      const struct chart_layout *l, const struct glyphs *g, int axis_row,
                      int label_row, bool with_year, int b)
{
    struct chart_cell *row = &cells[(size_t)label_row * (size_t)width];
    char text[32];
    int len, anchor, x, tick;

    if (b < 0 || b >= l->nbars)
        return;
    len = format_day(d, d->first + b * l->per_bar, with_year, text, sizeof text);
    anchor = l->plot_x + b * l->slot;
    x = anchor;
    tick = anchor;
    if (x + len > width) {
        x = anchor + l->bar_width - len;
        tick = anchor + l->bar_width - 1;
    }
    if (x < 0 || len > width)
        return;
    for (int i = x - 1; i <= x + len; i++)
        if (i >= 0 && i < width && row[i].role != CHART_EMPTY)
            return;
    write_text(row, x, text, CHART_LABEL);
    if (axis_row >= 0)
        put(&cells[(size_t)axis_row * (size_t)width + (size_t)tick], g->tick, CHART_AXIS);
}

void chart_days_render(struct chart_cell *cells, int width, int height,
                       const struct chart_days *d, unsigned flags, struct chart_layout *out)
{
    struct glyphs g = glyphs_for(flags);
    struct chart_layout l = {.per_bar = 1, .peak_bar = -1, .cursor_bar = -1};
    int axis, axis_row = -1, label_row = -1, slot_units, bar_units;
    size_t i = 0;
    int64_t last_y, first_y;
    int m, dd;
    char label[32];

    if (width < 1 || height < 1)
        goto done;
    clear(cells, (size_t)width * (size_t)height);
    if (d->ndays < 1)
        goto done;
    l.plot_rows = height >= 5 ? height - 2 : height >= 2 ? height - 1 : 1;
    if (height >= 5)
        axis_row = height - 2;
    if (height >= 2)
        label_row = height - 1;
    axis = fit(width, d, &g, &l);
    if (axis < 0) {
        l.nbars = 0;
        goto done;
    }
    l.plot_x = axis;
    slot_units = (width - axis) / g.unit / l.nbars;
    if (slot_units > CHART_MAX_SLOT / g.unit)
        slot_units = CHART_MAX_SLOT / g.unit;
    if (slot_units < 1)
        slot_units = 1;
    bar_units = slot_units >= 3 ? slot_units - 1 : slot_units;
    l.slot = slot_units * g.unit;
    l.bar_width = bar_units * g.unit;
    if (d->cursor >= d->first && d->cursor < d->first + d->ndays)
        l.cursor_bar = (int)((d->cursor - d->first) / l.per_bar);

    for (int b = 0; b < l.nbars; b++) {
        int64_t from = d->first + b * l.per_bar;
        draw_bar(cells, width, &g, &l, b, sum_days(d, &i, from, from + l.per_bar));
    }

    if (axis > 0) {
        chart_format_number(l.max, CHART_NUMBER_SHORT, label, sizeof label);
        write_text(cells, axis - 1 - (int)strlen(label), label, CHART_LABEL);
        put(&cells[axis - 1], g.tee, CHART_AXIS);
        for (int r = 1; r < l.plot_rows; r++)
            put(&cells[(size_t)r * (size_t)width + (size_t)axis - 1], g.vline, CHART_AXIS);
    }
    if (axis_row >= 0) {
        struct chart_cell *row = &cells[(size_t)axis_row * (size_t)width];
        for (int x = axis; x < width; x++)
            put(&row[x], g.hline, CHART_AXIS);
        if (axis > 0) {
            put(&row[axis - 1], g.corner, CHART_AXIS);
            if (axis >= 2)
                put(&row[axis - 2], "0", CHART_LABEL);
        }
    }
    if (label_row >= 0) {
        int len, step;

        civil_from_days(d->first, &first_y, &m, &dd);
        civil_from_days(d->first + d->ndays - 1, &last_y, &m, &dd);
        len = format_day(d, d->first, first_y != last_y, label, sizeof label);
        try_label(cells, width, d, &l, &g, axis_row, label_row, first_y != last_y, 0);
        try_label(cells, width, d, &l, &g, axis_row, label_row, first_y != last_y, l.nbars - 1);
        try_label(cells, width, d, &l, &g, axis_row, label_row, first_y != last_y, l.peak_bar);
        step = (len + 1 + l.slot - 1) / l.slot;
        for (int b = step; b < l.nbars - 1; b += step)
            try_label(cells, width, d, &l, &g, axis_row, label_row, first_y != last_y, b);
    }
    if (axis_row >= 0 && l.cursor_bar >= 0) {
        int x = l.plot_x + l.cursor_bar * l.slot + (l.bar_width - 1) / 2;
        put(&cells[(size_t)axis_row * (size_t)width + (size_t)x], g.mark, CHART_CURSOR);
    }
done:
    if (out)
        *out = l;
}

/* ---- horizontal bars ----------------------------------------------------------- */

void chart_hbar(struct chart_cell *row, int width, int64_t value, int64_t max, unsigned flags)
{
    struct glyphs g = glyphs_for(flags);
    int units, level, x = 0;

    if (width < 1)
        return;
    clear(row, (size_t)width);
    units = width / g.unit;
    if (g.ascii) {
        for (level = scale(value, max, units); x < level; x++)
            put(&row[x], "#", CHART_BAR);
        return;
    }
    level = scale(value, max, units * 8);
    for (; level >= 8; level -= 8, x += g.unit)
        put_block(row, &g, x, horizontal_eighths[8], CHART_BAR);
    if (level > 0)
        put_block(row, &g, x, horizontal_eighths[level], CHART_BAR);
}

void chart_split(struct chart_cell *row, int width, int64_t a, int64_t b, unsigned flags)
{
    struct glyphs g = glyphs_for(flags);
    int64_t total;
    int units, level, x = 0;

    if (width < 1)
        return;
    clear(row, (size_t)width);
    a = a > 0 ? a : 0;
    b = b > 0 ? b : 0;
    total = add_saturating(a, b);
    if (total == 0)
        return;
    if (g.ascii) {
        for (level = scale(a, total, width); x < width; x++)
            put(&row[x], x < level ? "=" : "-", x < level ? CHART_BAR : CHART_BAR_ALT);
        return;
    }
    units = width / g.unit;
    level = scale(a, total, units * 8);
    /* Each part that is there stays visible. */
    if (b > 0 && level == units * 8 && level > 1)
        level--;
    for (; level >= 8; level -= 8, x += g.unit)
        put_block(row, &g, x, horizontal_eighths[8], CHART_BAR);
    if (level > 0) {
        put_block(row, &g, x, horizontal_eighths[level], CHART_BAR);
        x += g.unit;
    }
    for (; x < width && b > 0; x++)
        put(&row[x], LIGHT_SHADE, CHART_BAR_ALT);
}

void chart_percentages(const int64_t *values, size_t n, int *out)
{
    int64_t total = 0, divisor = 1;
    int given = 0;

    for (size_t i = 0; i < n; i++)
        total = add_saturating(total, values[i]);
    /* Keep value * 100 within range; the precision lost is far below 1%. */
    if (total > INT64_MAX / 100) {
        divisor = total / (INT64_MAX / 1000) + 1;
        total = 0;
        for (size_t i = 0; i < n; i++)
            total += values[i] > 0 ? values[i] / divisor : 0;
    }
    for (size_t i = 0; i < n; i++) {
        int64_t v = values[i] > 0 ? values[i] / divisor : 0;
        out[i] = total > 0 ? (int)(v * 100 / total) : 0;
        given += out[i];
    }
    if (total == 0)
        return;
    /* Hand out what flooring lost to the largest remainders, earlier
     * entries first on ties. An entry already raised has out * total above
     * its value * 100. */
    for (; given < 100; given++) {
        size_t best = n;
        int64_t best_rem = -1;

        for (size_t i = 0; i < n; i++) {
            int64_t v = values[i] > 0 ? values[i] / divisor : 0;
            int64_t rem = v * 100 % total;

            if ((int64_t)out[i] * total > v * 100)
                continue;
            if (rem > best_rem) {
                best_rem = rem;
                best = i;
            }
        }
        if (best == n)
            break;
        out[best]++;
    }
}
