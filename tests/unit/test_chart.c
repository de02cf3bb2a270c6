/* test_chart.c — the chart renderer at every size: bars, axes, date labels,
 * eighths, proportions, percentages, numbers, and the ASCII and wide modes. */
#include "autoconfig.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../ui/chart.h"
#include "tap.h"

enum { MAX_W = 200, MAX_H = 20 };

static struct chart_cell grid[MAX_W * MAX_H];

/* Row y of the grid as one string (a covered cell adds nothing). */
static const char *row_text(int width, int y)
{
    static char buf[MAX_W * 5 + 1];
    size_t len = 0;

    for (int x = 0; x < width; x++) {
        const char *g = grid[y * width + x].glyph;
        size_t n = strlen(g);
        memcpy(buf + len, g, n);
        len += n;
    }
    buf[len] = '\0';
    return buf;
}

/* The bundled data's shape: quiet, a surge, a spike, a long tail (80 days,
 * some with no posts). */
static struct chart_point saga[80];
static size_t nsaga;

static void make_saga(void)
{
    static const int64_t per_day[80] = {
        2, 2, 6, 28, 48, 44, 32, 32, 40, 48, 24, 16, 12, 10, 8, 6, 6, 6, 6, 6, 6, 6,
        2, 0, 2, 0, 2, 0, 2, 0, 2, 0, 2, 0, 2, 0, 2, 0, 2, 0, 2, 0, 2, 0, 0, 0, 0, 2,
        0, 0, 0, 2, 0, 0, 0, 1, 0, 1, 0, 0, 2, 0, 0, 0, 1, 1, 0, 0, 0, 0, 1, 1, 0, 0,
        0, 1, 1, 0, 0, 0,
    };
    for (int i = 0; i < 80; i++)
        if (per_day[i])
            saga[nsaga++] = (struct chart_point){.day = 20098 + i, .value = per_day[i]};
}

static bool is_date_label(const char *s, size_t n)
{
    static const char five[] = "dd-dd", ten[] = "dddd-dd-dd";
    const char *pattern = n == 5 ? five : n == 10 ? ten : NULL;

    if (!pattern)
        return false;
    for (size_t i = 0; i < n; i++)
        if (pattern[i] == 'd' ? !(s[i] >= '0' && s[i] <= '9') : s[i] != '-')
            return false;
    return true;
}

/* Every maximal run of non-blanks on the label row is exactly one date:
 * two labels that touched would make a longer run. */
static bool labels_apart(int width, int y)
{
    const char *row = row_text(width, y);
    size_t i = 0, n = strlen(row);

    while (i < n) {
        size_t start;
        if (row[i] == ' ') {
            i++;
            continue;
        }
        start = i;
        while (i < n && row[i] != ' ')
            i++;
        if (!is_date_label(row + start, i - start))
            return false;
    }
    return true;
}

static bool all_ascii(int width, int height)
{
    for (int i = 0; i < width * height; i++)
        for (const char *p = grid[i].glyph; *p; p++)
            if ((unsigned char)*p >= 0x80)
                return false;
    return true;
}

static bool every_cell_drawn(int width, int height)
{
    for (int i = 0; i < width * height; i++)
        if (!grid[i].glyph[0])
            return false;
    return true;
}

static int count_labels(int width, int y)
{
    const char *row = row_text(width, y);
    int n = 0;

    for (size_t i = 0; row[i]; i++)
        if (row[i] != ' ' && (i == 0 || row[i - 1] == ' '))
            n++;
    return n;
}

static void test_every_size(unsigned flags, const char *mode)
{
    struct chart_days d = {.points = saga, .npoints = nsaga, .first = 20098, .ndays = 80,
                           .cursor = 20106};
    int bad_cells = 0, bad_labels = 0, bad_fit = 0, bad_ascii = 0, bad_first_last = 0;

    for (int h = 1; h <= MAX_H; h++) {
        for (int w = 1; w <= MAX_W; w++) {
            struct chart_layout l;

            chart_days_render(grid, w, h, &d, flags, &l);
            if (!(flags & CHART_WIDE) && !every_cell_drawn(w, h))
                bad_cells++;
            if (h >= 2 && !labels_apart(w, h - 1))
                bad_labels++;
            if (l.nbars > 0 && (l.plot_x + (l.nbars - 1) * l.slot + l.bar_width > w ||
                                l.per_bar * l.nbars < 80 || l.per_bar * (l.nbars - 1) >= 80))
                bad_fit++;
            if ((flags & CHART_ASCII) && !all_ascii(w, h))
                bad_ascii++;
            /* Where 20 columns fit three labels, first and last are there. */
            if (h >= 2 && w >= 40 && count_labels(w, h - 1) < 2)
                bad_first_last++;
        }
    }
    if (!(flags & CHART_WIDE))
        is_int(bad_cells, 0, "%s: every cell of every size holds a one-column glyph", mode);
    is_int(bad_labels, 0, "%s: date labels never overlap or touch, widths 1-200, heights 1-20",
           mode);
    is_int(bad_fit, 0, "%s: the bars fit the width and cover all 80 days", mode);
    if (flags & CHART_ASCII)
        is_int(bad_ascii, 0, "%s: only bytes below 0x80 at every size", mode);
    is_int(bad_first_last, 0, "%s: at 40 columns or more, at least first and last are labelled",
           mode);
}

static void test_layout(void)
{
    struct chart_days d = {.points = saga, .npoints = nsaga, .first = 20098, .ndays = 80,
                           .cursor = 20106};
    struct chart_layout l;

    chart_days_render(grid, 52, 10, &d, 0, &l);
    is_int(l.per_bar, 2, "80 days in 52 columns: two days per bar");
    is_int(l.max, 92, "a bar shows the sum of its days (the busiest pair, 48 + 44)");
    is_int(l.cursor_bar, 4, "the cursor day 2025-01-18 is in bar 4");
    ok(strncmp(row_text(52, 0), "92\xe2\x94\xa4", 5) == 0, "the top row starts with the max label: %s",
       row_text(52, 0));
    ok(strncmp(row_text(52, 8), " 0\xe2\x94\x94", 5) == 0, "the axis row starts with 0 and a corner");
    ok(strstr(row_text(52, 9), "01-10") != NULL, "the first day is labelled: %s", row_text(52, 9));
    ok(strstr(row_text(52, 9), "03-29") != NULL, "so is the last bar's first day");
    ok(strstr(row_text(52, 8), "\xe2\x96\xb2") != NULL, "the cursor bar is marked under the axis");
    is_int(grid[9 * 52 + l.plot_x].role, CHART_LABEL, "labels have the label role");

    chart_days_render(grid, 200, 12, &d, 0, &l);
    is_int(l.per_bar, 1, "80 days in 200 columns: one day per bar");
    is_int(l.slot, 2, "bars two columns apart");
    is_int(l.max, 48, "the max label is the busiest day");
    is_int(l.peak_bar, 4, "the peak is the first busiest day");
    ok(strstr(row_text(200, 11), "01-14") != NULL, "the peak day is labelled");

    d.cursor = 20098 + 200;
    chart_days_render(grid, 200, 12, &d, 0, &l);
    is_int(l.cursor_bar, -1, "a cursor outside the days marks no bar");
    ok(strstr(row_text(200, 10), "\xe2\x96\xb2") == NULL, "and no mark");

    /* Years apart: labels carry the year. */
    {
        struct chart_point two[] = {{20000, 3}, {20500, 5}};
        struct chart_days y = {.points = two, .npoints = 2, .first = 20000, .ndays = 501,
                               .cursor = -1};
        chart_days_render(grid, 80, 8, &y, 0, &l);
        ok(strstr(row_text(80, 7), "2024-10-04") != NULL,
           "an axis across years labels full dates: %s", row_text(80, 7));
        is_int(l.per_bar, 7, "501 days in 77 columns: seven days per bar");
    }
}

static void test_small_data(void)
{
    struct chart_point one = {.day = 20106, .value = 40};
    struct chart_days d = {.points = &one, .npoints = 1, .first = 20106, .ndays = 1,
                           .cursor = 20106};
    struct chart_days zero = {.points = NULL, .npoints = 0, .first = 20098, .ndays = 7,
                              .cursor = 20100};
    struct chart_days none = {.points = NULL, .npoints = 0, .first = 0, .ndays = 0};
    struct chart_layout l;
    bool bars = false;

    chart_days_render(grid, 30, 6, &d, 0, &l);
    is_int(l.nbars, 1, "one day: one bar");
    is_int(l.bar_width, CHART_MAX_SLOT - 1, "a lone bar is at most CHART_MAX_SLOT wide");
    is_int(l.cursor_bar, 0, "and it is the cursor bar");
    ok(strstr(row_text(30, 0), "\xe2\x96\x88") != NULL, "it reaches the top row");
    is_int(grid[l.plot_x].role, CHART_CURSOR, "in the cursor's role");
    ok(strstr(row_text(30, 5), "01-18") != NULL, "and its day is labelled");

    chart_days_render(grid, 30, 6, &zero, 0, &l);
    is_int(l.max, 0, "all zero: the max is 0");
    is_int(l.peak_bar, -1, "all zero: no peak");
    for (int y = 0; y < 4; y++)
        for (int x = l.plot_x; x < 30; x++)
            if (grid[y * 30 + x].role == CHART_BAR)
                bars = true;
    ok(!bars, "all zero: no bars drawn");
    ok(strncmp(row_text(30, 0), "0\xe2\x94\xa4", 4) == 0, "all zero: the max label reads 0");
    ok(labels_apart(30, 5) && strstr(row_text(30, 5), "01-10"), "all zero: dates still labelled");

    chart_days_render(grid, 30, 6, &none, 0, &l);
    is_int(l.nbars, 0, "no days: no bars");
    ok(every_cell_drawn(30, 6) && strspn(row_text(30, 0), " ") == 30, "no days: a blank grid");
}

static void test_eighths(void)
{
    /* Height 1: one row of bars, no axis text below; value v of 8 is v eighths. */
    struct chart_point pts[9];
    struct chart_days d = {.points = pts, .npoints = 9, .first = 100, .ndays = 9, .cursor = -1};
    static const char *const expect[9] = {
        " ", "\xe2\x96\x81", "\xe2\x96\x82", "\xe2\x96\x83", "\xe2\x96\x84",
        "\xe2\x96\x85", "\xe2\x96\x86", "\xe2\x96\x87", "\xe2\x96\x88",
    };
    struct chart_layout l;
    int wrong = 0;

    for (int i = 0; i < 9; i++)
        pts[i] = (struct chart_point){.day = 100 + i, .value = i};
    chart_days_render(grid, 11, 1, &d, 0, &l);
    is_int(l.plot_x, 2, "a one-digit max takes two columns of axis");
    for (int i = 0; i < 9; i++)
        if (strcmp(grid[l.plot_x + i * l.slot].glyph, expect[i]) != 0)
            wrong++;
    is_int(wrong, 0, "value v of max 8 in one row is v eighths: %s", row_text(11, 0));

    /* Max 16: halves round to nearest, and 1 still shows. */
    for (int i = 0; i < 9; i++)
        pts[i].value = i == 8 ? 16 : i;
    chart_days_render(grid, 12, 1, &d, 0, &l);
    is_str(grid[l.plot_x + 1 * l.slot].glyph, expect[1], "1 of 16 (half an eighth) shows one eighth");
    is_str(grid[l.plot_x + 3 * l.slot].glyph, expect[2], "3 of 16 rounds to two eighths");
    is_str(grid[l.plot_x + 5 * l.slot].glyph, expect[3], "5 of 16 rounds to three eighths");
    is_str(grid[l.plot_x + 0 * l.slot].glyph, " ", "0 shows nothing");

    /* ASCII rounds to whole cells, and a small value still shows. */
    for (int i = 0; i < 9; i++)
        pts[i].value = i;
    chart_days_render(grid, 11, 1, &d, CHART_ASCII, &l);
    is_str(row_text(11, 0), "8+ ########", "ASCII: whole cells, never nothing for a positive value");
    chart_days_render(grid, 11, 5, &d, CHART_ASCII, &l);
    is_str(row_text(11, 0), "8+       ##", "ASCII, three rows: 7 and 8 of 8 reach the top");
    is_str(row_text(11, 1), " |    #####", "4 of 8 is 1.5 rows, rounded to 2");
    is_str(row_text(11, 2), " | ########", "1 of 8 (0.4 rows) still shows");
}

static void test_wide(void)
{
    struct chart_days d = {.points = saga, .npoints = nsaga, .first = 20098, .ndays = 80,
                           .cursor = 20106};
    int orphans = 0, bad_width = 0;

    for (int w = 1; w <= MAX_W; w++) {
        for (int h = 1; h <= 12; h++) {
            chart_days_render(grid, w, h, &d, CHART_WIDE, NULL);
            for (int y = 0; y < h; y++) {
                int cols = 0;
                for (int x = 0; x < w; x++) {
                    const struct chart_cell *c = &grid[y * w + x];
                    bool block = (unsigned char)c->glyph[0] >= 0x80;
                    if (!c->glyph[0] && (x == 0 || (unsigned char)grid[y * w + x - 1].glyph[0] < 0x80))
                        orphans++;
                    if (block && (x + 1 >= w || grid[y * w + x + 1].glyph[0]))
                        orphans++;
                    cols += block ? 2 : c->glyph[0] ? 1 : 0;
                }
                if (cols != w)
                    bad_width++;
            }
        }
    }
    is_int(orphans, 0, "wide: every block glyph is followed by its covered cell, and only then");
    is_int(bad_width, 0, "wide: every row is exactly the grid's width in terminal columns");
}

static void test_hbar(void)
{
    int bad = 0;

    chart_hbar(grid, 1, 5, 8, 0);
    is_str(row_text(1, 0), "\xe2\x96\x8b", "5/8 of one cell is a five-eighths block");
    chart_hbar(grid, 4, 10, 10, 0);
    is_str(row_text(4, 0), "\xe2\x96\x88\xe2\x96\x88\xe2\x96\x88\xe2\x96\x88", "the max fills the width");
    chart_hbar(grid, 4, 1, 1000, 0);
    is_str(row_text(4, 0), "\xe2\x96\x8f   ", "a tiny value shows one eighth");
    chart_hbar(grid, 4, 0, 10, 0);
    is_str(row_text(4, 0), "    ", "zero is empty");
    chart_hbar(grid, 10, 5, 10, CHART_ASCII);
    is_str(row_text(10, 0), "#####     ", "ASCII bars are #");
    chart_hbar(grid, 5, 10, 10, CHART_WIDE);
    is_str(row_text(5, 0), "\xe2\x96\x88\xe2\x96\x88 ", "wide blocks take two cells each");
    for (int w = 1; w <= 60; w++)
        for (int v = 0; v <= 50; v++) {
            int eighths = 0;
            chart_hbar(grid, w, v, 50, 0);
            for (int x = 0; x < w; x++)
                for (int k = 1; k <= 8; k++)
                    if (strcmp(grid[x].glyph, (const char *[]){"", "\xe2\x96\x8f", "\xe2\x96\x8e",
                                                              "\xe2\x96\x8d", "\xe2\x96\x8c", "\xe2\x96\x8b",
                                                              "\xe2\x96\x8a", "\xe2\x96\x89",
                                                              "\xe2\x96\x88"}[k]) == 0)
                        eighths += k;
            /* Nearest eighth, at least one for a positive value. */
            {
                int want = (int)((double)v * w * 8 / 50 + 0.5);
                if (v > 0 && want < 1)
                    want = 1;
                if (eighths != want)
                    bad++;
            }
        }
    is_int(bad, 0, "horizontal eighths round to nearest at widths 1-60");
}

static void test_split(void)
{
    int pct[3];
    int64_t vals[3];
    int bad = 0;

    chart_split(grid, 10, 218, 218, 0);
    is_str(row_text(10, 0),
           "\xe2\x96\x88\xe2\x96\x88\xe2\x96\x88\xe2\x96\x88\xe2\x96\x88"
           "\xe2\x96\x91\xe2\x96\x91\xe2\x96\x91\xe2\x96\x91\xe2\x96\x91",
           "half and half: five full cells, five shaded");
    is_int(grid[0].role, CHART_BAR, "the first part has the bar role");
    is_int(grid[9].role, CHART_BAR_ALT, "the second part the alternate role");
    chart_split(grid, 4, 3, 13, 0);
    is_str(row_text(4, 0), "\xe2\x96\x8a\xe2\x96\x91\xe2\x96\x91\xe2\x96\x91",
           "3 of 16 over four cells: six eighths, then shade");
    chart_split(grid, 10, 1, 2, CHART_ASCII);
    is_str(row_text(10, 0), "===-------", "ASCII proportions are = and -");
    chart_split(grid, 3, 0, 0, 0);
    is_str(row_text(3, 0), "   ", "nothing to split: empty");
    chart_split(grid, 4, 1000, 1, 0);
    ok(strstr(row_text(4, 0), "\xe2\x96\x89") != NULL, "a small second part still leaves a gap");

    vals[0] = 218, vals[1] = 218;
    chart_percentages(vals, 2, pct);
    ok(pct[0] == 50 && pct[1] == 50, "218/218 is 50%% / 50%%");
    vals[0] = 1, vals[1] = 1, vals[2] = 1;
    chart_percentages(vals, 3, pct);
    ok(pct[0] == 34 && pct[1] == 33 && pct[2] == 33, "thirds are 34/33/33 (largest remainder)");
    vals[0] = 0, vals[1] = 0;
    chart_percentages(vals, 2, pct);
    ok(pct[0] == 0 && pct[1] == 0, "no posts: 0%% and 0%%");
    vals[0] = INT64_MAX, vals[1] = INT64_MAX / 3;
    chart_percentages(vals, 2, pct);
    ok(pct[0] == 75 && pct[1] == 25, "huge values do not overflow (75/25)");
    srand(7);
    for (int i = 0; i < 2000; i++) {
        vals[0] = rand() % 1000, vals[1] = rand() % 1000, vals[2] = rand() % 3;
        chart_percentages(vals, 3, pct);
        if (vals[0] + vals[1] + vals[2] > 0 && pct[0] + pct[1] + pct[2] != 100)
            bad++;
    }
    is_int(bad, 0, "percentages always sum to 100 (2000 random splits)");
}

static void test_numbers(void)
{
    static const struct {
        int64_t v;
        enum chart_number style;
        const char *want;
    } cases[] = {
        {0, CHART_NUMBER_FULL, "0"},
        {999, CHART_NUMBER_FULL, "999"},
        {3955519, CHART_NUMBER_FULL, "3,955,519"},
        {-1234, CHART_NUMBER_FULL, "-1,234"},
        {INT64_MIN, CHART_NUMBER_FULL, "-9,223,372,036,854,775,808"},
        {48, CHART_NUMBER_SHORT, "48"},
        {1234, CHART_NUMBER_SHORT, "1.2k"},
        {114000, CHART_NUMBER_SHORT, "114k"},
        {999960, CHART_NUMBER_SHORT, "1.0M"},
        {1300000, CHART_NUMBER_SHORT, "1.3M"},
        {73000000, CHART_NUMBER_SHORT, "73M"},
        {INT64_MAX, CHART_NUMBER_SHORT, "9.2E"},
        {114000, CHART_NUMBER_EXACT, "114,000"},
        {82200000, CHART_NUMBER_EXACT, "82.2M"},
        {175000000, CHART_NUMBER_EXACT, "175M"},
        {95300000000, CHART_NUMBER_EXACT, "95.3B"},
        {5000000000, CHART_NUMBER_EXACT, "5B"},
        {1234567, CHART_NUMBER_EXACT, "1,234,567"},
    };
    char buf[40];

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t n = chart_format_number(cases[i].v, cases[i].style, buf, sizeof buf);
        is_str(buf, cases[i].want, "number %lld in style %d", (long long)cases[i].v,
               (int)cases[i].style);
        if (n != strlen(buf))
            ok(0, "the length returned matches");
    }
}

static void test_capacity(void)
{
    struct chart_point p = {.day = 0, .value = 48};
    int bad = 0;

    for (int w = 1; w <= MAX_W; w++) {
        int cap = chart_days_capacity(w, 48, 0);
        struct chart_days d = {.points = &p, .npoints = 1, .first = 0, .ndays = cap,
                               .cursor = -1};
        struct chart_layout l;

        if (cap < 1)
            continue;
        chart_days_render(grid, w, 6, &d, 0, &l);
        if (l.per_bar != 1 || l.nbars != cap)
            bad++;
    }
    is_int(bad, 0, "chart_days_capacity days fit one per bar at every width");
}

/* Weeks: bars of whole weeks from the Monday given; cycles: slots labelled
 * by name. */
static void test_units(void)
{
    /* 20101 is Monday 2025-01-13; two posts a day for four weeks. */
    static struct chart_point days[28];
    static const char *const weekdays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    struct chart_point slots[7];
    struct chart_days weeks = {.points = days, .npoints = 28, .first = 20101, .ndays = 28,
                               .cursor = 20109, .unit = 7};
    struct chart_days cycle = {.points = slots, .npoints = 7, .first = 0, .ndays = 7,
                               .cursor = 6, .names = weekdays};
    struct chart_layout l;

    for (int i = 0; i < 28; i++)
        days[i] = (struct chart_point){.day = 20101 + i, .value = 2};
    for (int i = 0; i < 7; i++)
        slots[i] = (struct chart_point){.day = i, .value = i == 6 ? 70 : 10};
    chart_days_render(grid, 60, 8, &weeks, 0, &l);
    is_int(l.per_bar, 7, "weeks: a bar holds a week though one a day would fit");
    is_int(l.nbars, 4, "four weeks, four bars");
    is_int(l.max, 14, "each the week's sum");
    is_int(l.cursor_bar, 1, "the cursor's day is in the second week");
    ok(strstr(row_text(60, 7), "01-13") && strstr(row_text(60, 7), "02-03"),
       "labelled by their Mondays: %s", row_text(60, 7));
    chart_days_render(grid, 12, 8, &weeks, CHART_ASCII, &l);
    is_int(l.per_bar % 7, 0, "narrow: still whole weeks a bar (%lld days)", (long long)l.per_bar);

    chart_days_render(grid, 60, 8, &cycle, 0, &l);
    is_int(l.nbars, 7, "weekdays: seven bars");
    is_int(l.peak_bar, 6, "Sunday is the peak");
    ok(strstr(row_text(60, 7), "Mon") && strstr(row_text(60, 7), "Sun") &&
           !strstr(row_text(60, 7), "01-"),
       "labelled by name, not date: %s", row_text(60, 7));
}

int main(void)
{
    make_saga();
    test_every_size(0, "UTF-8");
    test_every_size(CHART_ASCII, "ASCII");
    test_every_size(CHART_WIDE, "wide");
    test_layout();
    test_small_data();
    test_eighths();
    test_wide();
    test_hbar();
    test_split();
    test_numbers();
    test_capacity();
    test_units();
    return tap_done();
}
