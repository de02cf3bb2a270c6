/* stats_computed.c — the computed section of the stats pane: totals,
 * provenance, the per-day chart and its cursor, the language split, top tags
 * and the most liked posts. */

#include "autoconfig.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "../src/i18n.h"
#include "../src/plural.h"
#include "../src/text.h"
#include "../src/vocab.h"
#include "../src/when.h"
#include "chart.h"
#include "sheet.h"
#include "stats.h"
#include "stats_internal.h"
#include "theme.h"

/* ---- the computed section ------------------------------------------------------ */

static int64_t sum_points(const struct stats *s, int64_t from, int64_t to)
{
    int64_t sum = 0;

    for (size_t i = 0; i < s->npoints; i++)
        if (s->points[i].day >= from && s->points[i].day < to)
            sum += s->points[i].value;
    return sum;
}

const struct model_day *stats_find_day(const struct stats *s, int64_t day)
{
    size_t lo = 0, hi = s->st.ndays;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int64_t d = s->st.days[mid].slot;

        if (d == day)
            return &s->st.days[mid];
        if (d < day)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* The busiest single day in [first, first + ndays), the first of equals. */
static bool busiest_day(const struct stats *s, int64_t first, int64_t ndays, int64_t *day,
                        int64_t *posts)
{
    *posts = 0;
    for (size_t i = 0; i < s->npoints; i++) {
        const struct chart_point *p = &s->points[i];
        if (p->day >= first && p->day < first + ndays && p->value > *posts) {
            *posts = p->value;
            *day = p->day;
        }
    }
    return *posts > 0;
}

static int chart_width(const struct stats *s)
{
    return s->width - 1;
}

int stats_chart_rows(const struct stats *s)
{
    int rows = s->height * 2 / 5;

    return rows < CHART_MIN_ROWS ? CHART_MIN_ROWS : rows > CHART_MAX_ROWS ? CHART_MAX_ROWS : rows;
}

/* One-day bars that fit across the chart. */
static int64_t capacity(const struct stats *s)
{
    return chart_days_capacity(chart_width(s), s->max_day, stats_chart_flags());
}

/* Keeps the zoomed view inside the days and around the cursor; a view
 * that would hold every day is no zoom at all. */
void stats_clamp_view(struct stats *s)
{
    int64_t cap = capacity(s);

    if (!s->zoomed)
        return;
    if (cap < 1 || cap >= s->ndays) {
        s->zoomed = false;
        return;
    }
    if (s->cursor < s->view_first)
        s->view_first = s->cursor;
    if (s->cursor >= s->view_first + cap)
        s->view_first = s->cursor - cap + 1;
    if (s->view_first > s->first + s->ndays - cap)
        s->view_first = s->first + s->ndays - cap;
    if (s->view_first < s->first)
        s->view_first = s->first;
}

void stats_zoom_in(struct stats *s, int64_t around)
{
    s->zoomed = true;
    s->view_first = around - capacity(s) / 2;
    stats_clamp_view(s);
}

static void put_filter_heading(struct stats *s)
{
    char all[64];
    const char *label = s->label;
    int x;

    if (!label) {
        snprintf(all, sizeof all, "%s", stats_say(s, P_ALL_POSTS));
        label = all;
    }
    sheet_new_line(&s->sheet);
    x = 1 + stats_put_heading(s, 1, P_COMPUTED);
    if (x + stats_width_of(stats_separator()) + stats_width_of(label) <= s->width) {
        x += stats_put_text(s, x, stats_separator(), ROLE_DIM, A_NORMAL);
    } else {
        sheet_new_line(&s->sheet);
        x = 3;
    }
    stats_put_text(s, x, label, ROLE_NORMAL, A_BOLD);
}

/* Under the totals, unless every post was imported: "429 illustrative
 * (written for this dataset; likes invented) · 7 quoted (...)". */
static void put_provenance(struct stats *s)
{
    const struct model_total *t = s->st.by_provenance;
    int zh = stats_words_zh(s), x = 2;
    char n[32], buf[192];

    if (t[VOCAB_PROVENANCE_IMPORTED].posts == s->st.posts)
        return;
    sheet_new_line(&s->sheet);
    for (int i = 0; i < VOCAB_PROVENANCE_COUNT; i++) {
        if (t[i].posts == 0)
            continue;
        chart_format_number(t[i].posts, CHART_NUMBER_FULL, n, sizeof n);
        snprintf(buf, sizeof buf, zh ? "%s %s\xef\xbc\x88%s\xef\xbc\x89" : "%s %s (%s)", n,
                 vocab_provenance_names[i][zh],
                 vocab_provenance_counts[i][zh]);
        stats_flow_item(s, &x, 2, NULL, ROLE_NORMAL, buf,
                        i == VOCAB_PROVENANCE_IMPORTED ? ROLE_NORMAL : ROLE_ILLUSTRATIVE, A_NORMAL);
    }
}

/* "436 posts · 中 218 · EN 218 · 3,955,519 likes" (and how many in other
 * languages, when there are), wrapped as needed; "imported posts" when
 * every post was imported (put_provenance() says what else is counted). */
static void put_totals(struct stats *s)
{
    bool all_imported = s->st.posts > 0 &&
                        s->st.by_provenance[VOCAB_PROVENANCE_IMPORTED].posts == s->st.posts;
    char n[32], buf[96];
    int x = 2;

    sheet_new_line(&s->sheet);
    chart_format_number(s->st.posts, CHART_NUMBER_FULL, n, sizeof n);
    snprintf(buf, sizeof buf, "%s %s", n,
             stats_say(s, all_imported ? s->st.posts == 1 ? P_IMPORTED_POST : P_IMPORTED_POSTS
                                       : s->st.posts == 1 ? P_POST : P_POSTS));
    stats_flow_item(s, &x, 2, NULL, ROLE_NORMAL, buf, ROLE_NORMAL, A_BOLD);
    chart_format_number(s->st.posts_zh, CHART_NUMBER_FULL, n, sizeof n);
    stats_flow_item(s, &x, 2, stats_badge(true), ROLE_BADGE_ZH, n, ROLE_NORMAL, A_BOLD);
    chart_format_number(s->st.posts_en, CHART_NUMBER_FULL, n, sizeof n);
    stats_flow_item(s, &x, 2, stats_badge(false), ROLE_BADGE_EN, n, ROLE_NORMAL, A_BOLD);
    /* Posts in languages beyond zh and en (ja, ko, und...). */
    if (s->st.posts > s->st.posts_zh + s->st.posts_en) {
        chart_format_number(s->st.posts - s->st.posts_zh - s->st.posts_en, CHART_NUMBER_FULL, n,
                            sizeof n);
        snprintf(buf, sizeof buf, "%s %s", n, stats_say(s, P_OTHER_LANGS));
        stats_flow_item(s, &x, 2, NULL, ROLE_NORMAL, buf, ROLE_NORMAL, A_BOLD);
    }
    chart_format_number(s->st.likes, CHART_NUMBER_FULL, n, sizeof n);
    /* Some likes were never reported or only as "10+": the sum is a floor. */
    snprintf(buf, sizeof buf, "%s%s %s", s->st.likes_partial ? stats_say(s, P_AT_LEAST) : "", n,
             stats_say(s, P_LIKES));
    stats_flow_item(s, &x, 2, NULL, ROLE_NORMAL, buf, ROLE_NORMAL, A_BOLD);
    put_provenance(s);
}

/* The chart's heading, its rows and the cursor's caption. */
static void put_chart(struct stats *s)
{
    const char *weekdays[7];
    for (int i = 0; i < 7; i++)
        weekdays[i] = _(stats_weekday_names[i]);
    struct chart_days days = {.points = s->points, .npoints = s->npoints, .first = s->first,
                              .ndays = s->ndays, .cursor = s->cursor,
                              .unit = s->by == MODEL_BY_WEEK ? 7 : 1,
                              .names = s->by == MODEL_BY_HOUR      ? stats_hour_names
                                       : s->by == MODEL_BY_WEEKDAY ? weekdays
                                                                   : NULL};
    static const enum phrase per[MODEL_UNIT_COUNT] = {
        [MODEL_BY_DAY] = P_PER_DAY, [MODEL_BY_WEEK] = P_PER_WEEK, [MODEL_BY_HOUR] = P_PER_HOUR,
        [MODEL_BY_WEEKDAY] = P_PER_WEEKDAY};
    int rows = stats_chart_rows(s), w = chart_width(s), x = 1;
    char from[16], to[16], buf[160], n[32], zone[80], head[96];
    struct chart_cell *grid;
    size_t first_cell;
    bool zh = stats_words_zh(s);
    int64_t peak, peak_posts;

    if (w < 1)
        return;
    if (s->zoomed) {
        days.first = s->view_first;
        days.ndays = capacity(s);
    }
    /* Rendered first: the heading says how many days a bar holds. */
    grid = sheet_reserve_cells(&s->sheet, (size_t)w * (size_t)rows);
    if (!grid)
        return;
    first_cell = (size_t)(grid - s->sheet.cells);
    chart_days_render(grid, w, rows, &days, stats_chart_flags(), &s->layout);

    sheet_new_line(&s->sheet);
    sheet_new_line(&s->sheet);
    s->chart_line = s->sheet.nlines - 1;
    /* Its unit and the zone its days and hours are in: "Posts per day
     * (Asia/Shanghai)"; the local zone by its abbreviation ("UTC", "CET"). */
    if (s->ctx->zone.kind == WHEN_ZONE_LOCAL)
        when_zone_abbrev(s->ctx->zone, (int64_t)time(NULL), zone, sizeof zone);
    else
        when_zone_name(s->ctx->zone, zone, sizeof zone);
    if (s->layout.per_bar > 1 && s->layout.per_bar != days.unit) {
        long long bar_days = (long long)s->layout.per_bar;
        if (zh)
            snprintf(head, sizeof head, "\xe6\xaf\x8f %lld \xe5\xa4\xa9\xe5\xb8\x96\xe5\xad\x90\xe6\x95\xb0", bar_days);
        else
            snprintf(head, sizeof head, plural(bar_days, "Posts per %lld day",
                                               "Posts per %lld days"),
                     bar_days);
    } else {
        snprintf(head, sizeof head, "%s", stats_say(s, per[s->by]));
    }
    /* TRANSLATORS: the chart's heading and its zone ("Posts per day (UTC)"). */
    snprintf(buf, sizeof buf, zh ? "%s\xef\xbc\x88%s\xef\xbc\x89" : _("%s (%s)"), head, zone);
    stats_flow(s, &x, 1, ROLE_NORMAL, A_BOLD, buf);
    if (!stats_by_cycle(s)) {
        stats_format_day(days.first, from, sizeof from);
        stats_format_day(days.first + days.ndays - 1, to, sizeof to);
        /* The year once, when both ends share it. */
        snprintf(buf, sizeof buf, "%s%s %s %s", stats_separator(), from, stats_arrow(),
                 strncmp(from, to, 5) == 0 ? to + 5 : to);
        stats_flow(s, &x, 3, ROLE_DIM, A_NORMAL, buf);
    }
    if (busiest_day(s, days.first, days.ndays, &peak, &peak_posts)) {
        stats_format_slot(s, peak, from, sizeof from);
        chart_format_number(peak_posts, CHART_NUMBER_FULL, n, sizeof n);
        snprintf(buf, sizeof buf, "%s%s %s (%s)", stats_separator(), stats_say(s, P_BUSIEST),
                 stats_by_cycle(s) ? from : from + 5, n);
        stats_put_if_fits(s, &x, ROLE_DIM, A_NORMAL, buf);
    }
    for (int r = 0; r < rows; r++) {
        if (!sheet_new_line(&s->sheet))
            return;
        sheet_line_cells(&s->sheet, first_cell + (size_t)r * (size_t)w, 1, w, CELLS_CHART);
    }
}

/* What the cursor bar holds, written into buf: "2025-01-18: 40 posts" or
 * "2025-01-14 → 01-15: 92 posts". Returns the bar's day count. */
int64_t stats_describe_bar(const struct stats *s, char *buf, size_t size)
{
    const struct chart_layout *l = &s->layout;
    char day[16], end[16], n[32];
    int64_t first = (s->zoomed ? s->view_first : s->first) + l->cursor_bar * l->per_bar;
    int64_t last = first + l->per_bar - 1, posts;
    const char *unit;

    if (last > s->first + s->ndays - 1)
        last = s->first + s->ndays - 1;
    stats_format_slot(s, first, day, sizeof day);
    stats_format_slot(s, last, end, sizeof end);
    posts = sum_points(s, first, last + 1);
    chart_format_number(posts, CHART_NUMBER_FULL, n, sizeof n);
    unit = stats_say(s, posts == 1 ? P_POST : P_POSTS);
    if (last > first)
        snprintf(buf, size, "%s %s %s: %s %s", day, stats_arrow(),
                 stats_by_cycle(s) ? end : end + 5, n, unit);
    else
        snprintf(buf, size, "%s: %s %s", day, n, unit);
    return last - first + 1;
}

/* "▶ 2025-01-18: 40 posts · 中 20 · EN 20   Enter: select the day" */
static void put_cursor_caption(struct stats *s)
{
    const struct model_day *d;
    char buf[160];
    int x = 2;

    if (s->layout.cursor_bar < 0)
        return;
    sheet_new_line(&s->sheet);
    x += stats_put_f(s, x, ROLE_CHART_CURSOR, A_BOLD, "%s ", text_ascii() ? ">" : "\xe2\x96\xb6");
    if (stats_describe_bar(s, buf, sizeof buf) > 1) {
        stats_flow(s, &x, 4, ROLE_NORMAL, A_BOLD, buf);
        snprintf(buf, sizeof buf, "   %s", stats_say(s, P_ENTER_ZOOM));
        stats_put_if_fits(s, &x, ROLE_DIM, A_NORMAL, buf);
        return;
    }
    stats_flow(s, &x, 4, ROLE_NORMAL, A_BOLD, buf);
    d = stats_find_day(s, s->cursor);
    if (d && d->posts) {
        snprintf(buf, sizeof buf, "%lld", (long long)d->posts_zh);
        stats_flow_item(s, &x, 4, stats_badge(true), ROLE_BADGE_ZH, buf, ROLE_NORMAL, A_NORMAL);
        snprintf(buf, sizeof buf, "%lld", (long long)d->posts_en);
        stats_flow_item(s, &x, 4, stats_badge(false), ROLE_BADGE_EN, buf, ROLE_NORMAL, A_NORMAL);
    }
    if (s->by != MODEL_BY_DAY)
        return;
    snprintf(buf, sizeof buf, "   %s%s%s", stats_say(s, P_ENTER_SELECT), s->zoomed ? stats_separator() : "",
             s->zoomed ? stats_say(s, P_ESC_ZOOM_OUT) : "");
    stats_put_if_fits(s, &x, ROLE_DIM, A_NORMAL, buf);
}

/* 中 50% ███████▌░░░░░░░ 50% EN */
static void put_split(struct stats *s)
{
    int64_t parts[2] = {s->st.posts_zh, s->st.posts_en};
    int pct[2], x = 2, bar;
    char left[16], right[16];
    struct chart_cell *cells;

    stats_put_subheading(s, P_LANGUAGE);
    chart_percentages(parts, 2, pct);
    snprintf(left, sizeof left, " %d%% ", pct[0]);
    snprintf(right, sizeof right, " %d%% ", pct[1]);
    sheet_new_line(&s->sheet);
    bar = s->width - x - stats_width_of(stats_badge(true)) - stats_width_of(left) - stats_width_of(right) -
          stats_width_of(stats_badge(false)) - 1;
    if (bar > SPLIT_BAR_MAX)
        bar = SPLIT_BAR_MAX;
    x += stats_put_text(s, x, stats_badge(true), ROLE_BADGE_ZH, A_BOLD);
    x += stats_put_text(s, x, left, ROLE_NORMAL, A_BOLD);
    if (bar >= 4 && (cells = sheet_put_cells(&s->sheet, x, bar, CELLS_SPLIT))) {
        chart_split(cells, bar, parts[0], parts[1], stats_chart_flags());
        x += bar;
    }
    x += stats_put_text(s, x, right, ROLE_NORMAL, A_BOLD);
    stats_put_text(s, x, stats_badge(false), ROLE_BADGE_EN, A_BOLD);
}

/* Under the selected tag: the tags on the same posts, each with on how
 * many of its posts ("with #tiktokban  812 posts, 6.0%"). */
static void put_cotags(struct stats *s)
{
    const struct model_cotags *c = &s->cotags;
    int x;

    sheet_new_line(&s->sheet);
    x = 5;
    stats_flow(s, &x, 5, ROLE_DIM, A_NORMAL,
               s->cotags_pending ? _("travel with it: counting\xe2\x80\xa6")
               : c->ntags        ? _("travel with it (computed: on how many of its posts):")
                                 : _("no other tag shares a post with it"));
    for (size_t i = 0; i < c->ntags && s->cotag_text; i++) {
        char n[96];
        sheet_new_line(&s->sheet);
        x = 5 + stats_put_text(s, 5, s->cotag_text[i], ROLE_NORMAL, A_NORMAL) + 2;
        snprintf(n, sizeof n, plural(c->tags[i].posts, "%lld post, %.1f%%", "%lld posts, %.1f%%"),
                 (long long)c->tags[i].posts,
                 c->posts ? 100.0 * (double)c->tags[i].posts / (double)c->posts : 0.0);
        stats_put_if_fits(s, &x, ROLE_DIM, A_NORMAL, n);
    }
}

/* "#tiktokrefugee  ████████████  103", bars against the top tag. */
static void put_tags(struct stats *s)
{
    int tag_w = 0, count_w = 0, bar;
    char n[32];

    if (s->ntags == 0)
        return;
    stats_put_subheading(s, P_TOP_TAGS);
    for (size_t i = 0; i < s->ntags; i++) {
        int w = stats_width_of(s->tags[i]);

        if (w > tag_w)
            tag_w = w;
        if ((int)chart_format_number(s->st.tags[i].posts, CHART_NUMBER_FULL, n, sizeof n) > count_w)
            count_w = (int)strlen(n);
    }
    if (tag_w > (s->width - 3) / 2)
        tag_w = (s->width - 3) / 2;
    bar = s->width - 3 - tag_w - 2 - count_w - 1;
    if (bar > TAG_BAR_MAX)
        bar = TAG_BAR_MAX;
    for (size_t i = 0; i < s->ntags; i++) {
        int x = 3;
        struct chart_cell *cells;
        bool selected = s->has_tag_sel && i == s->tag_sel;

        if (selected)
            s->tag_line = s->sheet.nlines;
        sheet_new_line(&s->sheet);
        sheet_put(&s->sheet, x, tag_w, s->tags[i], selected ? ROLE_CURSOR : ROLE_NORMAL,
                  A_NORMAL);
        x += tag_w + 1;
        if (bar >= 3 && (cells = sheet_put_cells(&s->sheet, x, bar, CELLS_TAG))) {
            chart_hbar(cells, bar, s->st.tags[i].posts, s->st.tags[0].posts, stats_chart_flags());
            x += bar + 1;
        }
        chart_format_number(s->st.tags[i].posts, CHART_NUMBER_FULL, n, sizeof n);
        stats_put_text(s, x + count_w - (int)strlen(n), n, ROLE_NORMAL, A_BOLD);
        if (selected && s->cotags_open)
            put_cotags(s);
    }
}

/* "humour  ████████  12": posts per code under the filter, bars against
 * the most applied. */
static void put_codes(struct stats *s)
{
    int name_w = 0, count_w = 0, bar;
    char n[32];

    if (s->ncodes == 0)
        return;
    stats_put_subheading(s, P_CODES);
    for (size_t i = 0; i < s->ncodes; i++) {
        if (stats_width_of(s->codes[i]) > name_w)
            name_w = stats_width_of(s->codes[i]);
        if ((int)chart_format_number(s->st.codes[i].posts, CHART_NUMBER_FULL, n, sizeof n) >
            count_w)
            count_w = (int)strlen(n);
    }
    if (name_w > (s->width - 3) / 2)
        name_w = (s->width - 3) / 2;
    bar = s->width - 3 - name_w - 2 - count_w - 1;
    if (bar > TAG_BAR_MAX)
        bar = TAG_BAR_MAX;
    for (size_t i = 0; i < s->ncodes; i++) {
        int x = 3;
        struct chart_cell *cells;

        sheet_new_line(&s->sheet);
        sheet_put(&s->sheet, x, name_w, s->codes[i], ROLE_NORMAL, A_NORMAL);
        x += name_w + 1;
        if (bar >= 3 && (cells = sheet_put_cells(&s->sheet, x, bar, CELLS_TAG))) {
            chart_hbar(cells, bar, s->st.codes[i].posts, s->st.codes[0].posts,
                       stats_chart_flags());
            x += bar + 1;
        }
        chart_format_number(s->st.codes[i].posts, CHART_NUMBER_FULL, n, sizeof n);
        stats_put_text(s, x + count_w - (int)strlen(n), n, ROLE_NORMAL, A_BOLD);
    }
}

/* Likes, language, author and the first line of the text: one row when
 * wide, two otherwise. */
/* Likes, language, provenance mark (i: likes invented), author and the
 * first line of the text: one row when wide, two otherwise. */
/* A top post's likes: "–" when nobody reported them (never 0), "10+" for
 * a lower bound. */
static void top_likes(const struct model_post *p, char *n, size_t size)
{
    if (p->counts_unknown || (p->counts_missing & 1u)) {
        snprintf(n, size, "%s", text_ascii() ? "-" : "\xe2\x80\x93");
        return;
    }
    chart_format_number(p->likes, CHART_NUMBER_FULL, n, size);
    if (p->counts_floor & 1u)
        strncat(n, "+", size - strlen(n) - 1);
}

static void put_top_posts(struct stats *s)
{
    int likes_w = 0, author_w = 0;
    char n[32];

    if (s->nliked == 0)
        return;
    stats_put_subheading(s, P_MOST_LIKED);
    for (size_t i = 0; i < s->nliked; i++) {
        top_likes(&s->st.top[i], n, sizeof n);
        if (stats_width_of(n) > likes_w)
            likes_w = stats_width_of(n);
        if (stats_width_of(s->liked[i].author) > author_w)
            author_w = stats_width_of(s->liked[i].author);
    }
    if (author_w > AUTHOR_MAX)
        author_w = AUTHOR_MAX;
    for (size_t i = 0; i < s->nliked; i++) {
        const struct post_text *p = &s->liked[i];
        int x = 3;

        sheet_new_line(&s->sheet);
        top_likes(&s->st.top[i], n, sizeof n);
        stats_put_text(s, x + likes_w - stats_width_of(n), n, ROLE_NORMAL, A_BOLD);
        x += likes_w + 1;
        if (s->width < WIDE_POSTS)
            x += stats_put_f(s, x, ROLE_DIM, A_NORMAL, "%s ", stats_say(s, P_LIKES));
        x += 1;
        x += stats_put_text(s, x, stats_badge(p->zh), p->zh ? ROLE_BADGE_ZH : ROLE_BADGE_EN, A_BOLD) + 1;
        x += stats_put_text(s, x,
                            vocab_provenance_marks[vocab_provenance_of(s->st.top[i].provenance)],
                            ROLE_ILLUSTRATIVE, A_NORMAL) + 1;
        if (s->width >= WIDE_POSTS) {
            sheet_put(&s->sheet, x, author_w, p->author, ROLE_DIM, A_NORMAL);
            x += author_w + 2;
        } else {
            stats_put_text(s, x, p->author, ROLE_DIM, A_NORMAL);
            sheet_new_line(&s->sheet);
            x = 5;
        }
        stats_put_text(s, x, p->line, ROLE_NORMAL, A_NORMAL);
    }
}

void stats_put_computed(struct stats *s)
{
    put_filter_heading(s);
    if (s->pending) {
        sheet_new_line(&s->sheet);
        stats_put_f(s, 2, ROLE_DIM, A_NORMAL, "%s", stats_say(s, P_COUNTING));
        return;
    }
    if (s->st.posts == 0) {
        sheet_new_line(&s->sheet);
        if (s->has_span) {
            int x = 2;
            stats_flow(s, &x, 2, ROLE_DIM, A_NORMAL, stats_say(s, P_NO_POSTS_IN_WINDOW));
            x++;
            stats_flow(s, &x, 2, ROLE_DIM, A_NORMAL, s->span);
            return;
        }
        stats_put_f(s, 2, ROLE_DIM, A_NORMAL, "%s",
                    stats_say(s, model_filter_is_empty(&s->filter) ? P_NO_POSTS : P_NO_MATCH));
        return;
    }
    put_totals(s);
    if (s->ndays > 0) {
        put_chart(s);
        put_cursor_caption(s);
    }
    put_split(s);
    put_tags(s);
    put_codes(s);
    put_top_posts(s);
    stats_put_authors(s);
}
