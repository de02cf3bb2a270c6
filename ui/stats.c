#include "autoconfig.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../src/buf.h"
#include "../src/text.h"
#include "../src/vocab.h"
#include "../src/when.h"
#include "chart.h"
#include "sheet.h"
#include "draw.h"
#include "stats.h"
#include "theme.h"

enum { DAY_SECONDS = 86400 };

/* Chart rows (bars, axis and dates): two fifths of the pane, within these. */
enum { CHART_MIN_ROWS = 5, CHART_MAX_ROWS = 14 };

/* From this width a reported figure fits one row, a liked post one row. */
enum { WIDE_FIGURES = 110, WIDE_POSTS = 70 };

/* Longest bars for tags and the language split: a count far from its
 * label is hard to read across. */
enum { TAG_BAR_MAX = 40, SPLIT_BAR_MAX = 60, AUTHOR_MAX = 20 };

/* ---- words in the UI language ------------------------------------------------ */

enum phrase {
    P_COMPUTED,
    P_REPORTED,
    P_ALL_POSTS,
    P_PER_DAY,
    P_PER_WEEK,
    P_PER_HOUR,
    P_PER_WEEKDAY,
    P_PER_PREFIX,
    P_PER_SUFFIX,
    P_BUSIEST,
    P_LANGUAGE,
    P_TOP_TAGS,
    P_MOST_LIKED,
    P_NO_POSTS,
    P_NO_MATCH,
    P_NO_POSTS_IN_WINDOW,
    P_NO_FIGURES,
    P_UNCONFIRMED,
    P_MEDIUM,
    P_SOURCE,
    P_SOURCES,
    P_NO_SOURCE,
    P_POSTS,
    P_IMPORTED_POSTS,
    P_LIKES,
    P_OTHER_LANGS,
    P_ENTER_ZOOM,
    P_ENTER_SELECT,
    P_ESC_ZOOM_OUT,
    P_COUNTING,
    P_FIGURES_IN_WINDOW,
    P_NO_FIGURES_IN_WINDOW,
    P_FIGURE_KEYS,
    P_FIGURE,
    P_VALUE,
    P_AS_OF,
    P_DATE_ONLY,
    P_CONFIDENCE,
    P_NOTES,
    P_EVENT,
    P_DETAIL_BACK,
    P_COUNT
};

static const char *const phrases[P_COUNT][2] = {
    [P_COMPUTED] = {"Computed from the cache", "根据本地缓存计算"},
    [P_REPORTED] = {"Reported (with sources)", "报道数据（附来源）"},
    [P_ALL_POSTS] = {"all posts", "全部帖子"},
    [P_PER_DAY] = {"Posts per day", "每日帖子数"},
    [P_PER_WEEK] = {"Posts per week", "每周帖子数"},
    [P_PER_HOUR] = {"Posts per hour of the day", "各小时帖子数"},
    [P_PER_WEEKDAY] = {"Posts per day of the week", "星期各天帖子数"},
    [P_PER_PREFIX] = {"Posts per", "每"},
    [P_PER_SUFFIX] = {"days", "天帖子数"},
    [P_BUSIEST] = {"busiest", "最多"},
    [P_LANGUAGE] = {"Language", "语言"},
    [P_TOP_TAGS] = {"Top tags", "热门标签"},
    [P_MOST_LIKED] = {"Most liked posts", "点赞最多的帖子"},
    [P_NO_POSTS] = {"No posts in the cache.", "缓存中没有帖子。"},
    [P_NO_MATCH] = {"No posts match this filter.", "没有符合筛选条件的帖子。"},
    [P_NO_POSTS_IN_WINDOW] = {"No posts in this window; the posts cover", "此时段没有帖子；帖子的时间范围是"},
    [P_NO_FIGURES] = {"No reported figures in the cache.", "缓存中没有报道数据。"},
    [P_UNCONFIRMED] = {"unconfirmed", "未证实"},
    [P_MEDIUM] = {"medium confidence", "中等可信度"},
    [P_SOURCE] = {"Source: ", "来源："},
    [P_SOURCES] = {"Sources: ", "来源："},
    [P_NO_SOURCE] = {"no source given", "未注明来源"},
    [P_POSTS] = {"posts", "条帖子"},
    [P_IMPORTED_POSTS] = {"imported posts", "条导入的帖子"},
    [P_LIKES] = {"likes", "个赞"},
    [P_OTHER_LANGS] = {"in other languages", "条其他语言"},
    [P_ENTER_ZOOM] = {"Enter: zoom in", "回车：放大"},
    [P_ENTER_SELECT] = {"Enter: select the day", "回车：选择该日"},
    [P_ESC_ZOOM_OUT] = {"Esc: zoom out", "Esc：缩小"},
    [P_COUNTING] = {"Counting\xe2\x80\xa6", "正在统计\xe2\x80\xa6"},
    [P_FIGURES_IN_WINDOW] = {"of the window", "本时段"},
    [P_NO_FIGURES_IN_WINDOW] = {"No reported figures in this window.", "此时段没有报道数据。"},
    [P_FIGURE_KEYS] = {"n/N: select a figure · v: its sources in full",
                       "n/N：选择数据 · v：查看完整来源"},
    [P_FIGURE] = {"Reported figure", "报道数据"},
    [P_VALUE] = {"Value: ", "数值："},
    [P_AS_OF] = {"As of: ", "时间："},
    [P_DATE_ONLY] = {"(date only)", "（仅日期）"},
    [P_CONFIDENCE] = {"Confidence: ", "可信度："},
    [P_NOTES] = {"Notes: ", "说明："},
    [P_EVENT] = {"Event: ", "相关事件："},
    [P_DETAIL_BACK] = {"Esc: back to the stats", "Esc：返回统计"},
};

/* Units and qualifiers of reported figures, as the UI says them. */
static const struct {
    const char *name, *en, *zh;
} unit_words[] = {
    {"days", "days", "天"},
    {"downloads", "downloads", "次下载"},
    {"users", "users", "用户"},
    {"daily-active-users", "daily active users", "日活用户"},
    {"votes", "votes", "票"},
    {"posts", "posts", "条帖子"},
    {"notes", "notes", "篇笔记"},
    {"views", "views", "次浏览"},
    {"comments", "comments", "条评论"},
    {"discussions", "discussions", "次讨论"},
    {"businesses", "businesses", "家商户"},
};

/* By enum vocab_qualifier: English, Chinese. */
static const char *const qualifier_words[VOCAB_QUALIFIER_COUNT][2] = {
    [VOCAB_QUALIFIER_OVER] = {"over", "超过"},
    [VOCAB_QUALIFIER_ABOUT] = {"about", "约"},
    [VOCAB_QUALIFIER_UNDER] = {"under", "不到"},
};

/* ---- state ------------------------------------------------------------------- */

/* A reported figure, sanitised and formatted once per load. Index 0 is
 * English, 1 Chinese. */
struct figure_text {
    char *label[2];
    char *value[2];      /* "over 114,000 posts" */
    char *day;           /* "2025-01-14": the heading it goes under */
    char *when;          /* "13:30 BJT (UTC+08:00)", or "" for a date alone */
    char *sources_short; /* publishers */
    char *sources_long;  /* publishers with titles and dates */
    size_t nsources;
    enum vocab_confidence confidence;
    char *detail; /* everything, for the detail view: see figure_detail() */
};

struct post_text {
    char *author, *line; /* sanitised; line is the first line of the text */
    bool zh;
};

/* What the cells on a line are, for their roles (see cell_role()). */
enum cells_kind { CELLS_CHART, CELLS_SPLIT, CELLS_TAG };

struct stats {
    struct pane_context *ctx;
    int width, height;

    /* The filter, with copies of its strings, and its label (sanitised;
     * NULL: all posts). */
    struct model_filter filter;
    char *lang, *platform, *tag, *provenance, *search, *label;

    /* The stats of a new filter are asked in stats_work(), not at once:
     * over every match of a common search they can take seconds. Until
     * then the computed section says so; want_day_utc is where the chart
     * cursor goes when they arrive. */
    bool pending, has_want;
    int64_t want_day_utc;
    enum model_unit by; /* what the chart counts over: days, weeks, hours, weekdays (u) */

    struct model_stats st;
    /* When a window alone leaves no posts: the UTC days the cache's posts
     * cover ("2025-01-10 → 03-30"), to say so instead of blaming a filter. */
    bool has_span;
    char span[48];
    char **tags;              /* "#tag", sanitised: ntags of st.tags */
    size_t ntags;
    struct post_text *liked;  /* nliked of st.top */
    size_t nliked;
    struct model_figure_list figures;
    struct figure_text *fig;  /* nfig of figures.rows */
    size_t nfig;
    /* The selected figure (n/N), where each figure starts on the page
     * (SIZE_MAX: outside the window, not shown), and whether v opened the
     * selected one in full. */
    bool has_fig_sel, detail;
    size_t fig_sel;
    size_t *fig_line;

    /* The chart: posts per day over [first, first + ndays) (day numbers),
     * the cursor day, and the zoomed view when a bar would hold more days
     * than one. */
    struct chart_point *points;
    size_t npoints;
    int64_t first, ndays, max_day, cursor;
    bool zoomed;
    int64_t view_first;
    struct chart_layout layout;
    bool has_selected;
    int64_t selected;

    struct sheet sheet; /* the prepared page */
    int top;
    size_t chart_line; /* the chart's heading, shown when the cursor moves */
};

static int language(const struct stats *s)
{
    return text_ascii() ? LANGUAGE_EN : s->ctx->language;
}

/* A phrase in the UI language (both: English, for running text). */
static const char *say(const struct stats *s, enum phrase p)
{
    return phrases[p][language(s) == LANGUAGE_ZH];
}

static void format_day(int64_t day, char *buf, size_t size)
{
    /* A day beyond the calendar (a damaged cache) is dashes as wide as a
     * date, which callers cut at the year. */
    if (day > -INT64_MAX / DAY_SECONDS && day < INT64_MAX / DAY_SECONDS)
        when_format(buf, size, day * DAY_SECONDS, when_utc(), WHEN_DATE);
    else
        snprintf(buf, size, "----------");
}

static const char *const hour_names[24] = {
    "00", "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11",
    "12", "13", "14", "15", "16", "17", "18", "19", "20", "21", "22", "23"};
static const char *const weekday_names[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

/* The chart's slots are days (dates) unless it counts hours or weekdays. */
static bool by_cycle(const struct stats *s)
{
    return s->by == MODEL_BY_HOUR || s->by == MODEL_BY_WEEKDAY;
}

/* A slot as its bar is captioned: a date, "13:00" or "Sun". */
static void format_slot(const struct stats *s, int64_t slot, char *buf, size_t size)
{
    if (s->by == MODEL_BY_HOUR && slot >= 0 && slot < 24)
        snprintf(buf, size, "%s:00", hour_names[slot]);
    else if (s->by == MODEL_BY_WEEKDAY && slot >= 0 && slot < 7)
        snprintf(buf, size, "%s", weekday_names[slot]);
    else
        format_day(slot, buf, size);
}

/* Every prepared string is drawable: when memory runs out it is this empty
 * one, which release() leaves alone. */
static char no_text[1];

static char *sanitize_n(const char *s, size_t len)
{
    char *safe = text_sanitize(s ? s : "", s ? len : 0, 0);

    return safe ? safe : no_text;
}

static char *sanitize(const char *s)
{
    return sanitize_n(s, s ? strlen(s) : 0);
}

static void release(char *s)
{
    if (s != no_text)
        free(s);
}

static char *sanitize_f(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static char *sanitize_f(const char *fmt, ...)
{
    va_list ap;
    char buf[1024];

    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return sanitize(buf);
}

/* ---- prepared lines ---------------------------------------------------------- */

static int width_of(const char *text)
{
    return text_width(text, strlen(text));
}

static const char *separator(void)
{
    return text_ascii() ? " - " : " \xc2\xb7 ";
}

static const char *arrow(void)
{
    return text_ascii() ? "->" : "\xe2\x86\x92";
}

static const char *badge(bool zh)
{
    return zh ? (text_ascii() ? "ZH" : "\xe4\xb8\xad") : "EN";
}

static int put_text(struct stats *s, int x, const char *text, enum theme_role role, attr_t attrs)
{
    return sheet_put(&s->sheet, x, s->width - x, text, role, attrs);
}

/* put_text() for text made here (words, numbers, data already sanitised):
 * sanitised as a whole, which in ASCII mode also makes it ASCII. */
static int put_f(struct stats *s, int x, enum theme_role role, attr_t attrs, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static int put_f(struct stats *s, int x, enum theme_role role, attr_t attrs, const char *fmt, ...)
{
    va_list ap;
    char buf[512];
    char *safe;
    int used;

    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    safe = sanitize(buf);
    used = put_text(s, x, safe, role, attrs);
    release(safe);
    return used;
}

/* Puts made-up text at *x, or at `indent` on a new line when it does not
 * fit on this one. */
static void flow(struct stats *s, int *x, int indent, enum theme_role role, attr_t attrs,
                 const char *text)
{
    char *safe = sanitize(text);

    if (*x > indent && *x + width_of(safe) > s->width) {
        sheet_new_line(&s->sheet);
        *x = indent;
    }
    *x += put_text(s, *x, safe, role, attrs);
    release(safe);
}

/* Puts " · lead text" after what is on the line, or "lead text" at `indent`
 * on a new line when it does not fit: a separator never ends a line. The
 * lead (a language badge, or NULL) has its own role. */
static void flow_item(struct stats *s, int *x, int indent, const char *lead,
                      enum theme_role lead_role, const char *text, enum theme_role role,
                      attr_t attrs)
{
    char *safe = sanitize(text);
    int w = width_of(safe) + (lead ? width_of(lead) + 1 : 0);

    if (*x > indent) {
        if (*x + width_of(separator()) + w > s->width) {
            sheet_new_line(&s->sheet);
            *x = indent;
        } else {
            *x += put_text(s, *x, separator(), ROLE_DIM, A_NORMAL);
        }
    }
    if (lead)
        *x += put_text(s, *x, lead, lead_role, A_BOLD) + 1;
    *x += put_text(s, *x, safe, role, attrs);
    release(safe);
}

/* Puts made-up text at *x only when it fits on this line (details that
 * are worth a line of their own are flowed instead). */
static void put_if_fits(struct stats *s, int *x, enum theme_role role, attr_t attrs,
                        const char *text)
{
    char *safe = sanitize(text);

    if (*x + width_of(safe) <= s->width)
        *x += put_text(s, *x, safe, role, attrs);
    release(safe);
}

static unsigned chart_flags(void)
{
    if (text_ascii())
        return CHART_ASCII;
    /* Block elements are East Asian ambiguous: the text layer knows how
     * wide the terminal shows them. */
    return width_of("\xe2\x96\x88") > 1 ? CHART_WIDE : 0;
}

/* A section heading; in both languages when the UI shows both. */
static int put_heading(struct stats *s, int x, enum phrase p)
{
    if (language(s) == LANGUAGE_BOTH)
        return put_f(s, x, ROLE_HEADING, A_BOLD, "%s%s%s", phrases[p][0], separator(),
                     phrases[p][1]);
    return put_f(s, x, ROLE_HEADING, A_BOLD, "%s", say(s, p));
}

static void put_subheading(struct stats *s, enum phrase p)
{
    sheet_new_line(&s->sheet);
    sheet_new_line(&s->sheet);
    put_f(s, 1, ROLE_NORMAL, A_BOLD, "%s", say(s, p));
}

/* ---- the computed section ------------------------------------------------------ */

static int64_t sum_points(const struct stats *s, int64_t from, int64_t to)
{
    int64_t sum = 0;

    for (size_t i = 0; i < s->npoints; i++)
        if (s->points[i].day >= from && s->points[i].day < to)
            sum += s->points[i].value;
    return sum;
}

static const struct model_day *find_day(const struct stats *s, int64_t day)
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

static int chart_rows(const struct stats *s)
{
    int rows = s->height * 2 / 5;

    return rows < CHART_MIN_ROWS ? CHART_MIN_ROWS : rows > CHART_MAX_ROWS ? CHART_MAX_ROWS : rows;
}

/* One-day bars that fit across the chart. */
static int64_t capacity(const struct stats *s)
{
    return chart_days_capacity(chart_width(s), s->max_day, chart_flags());
}

/* Keeps the zoomed view inside the days and around the cursor; a view
 * that would hold every day is no zoom at all. */
static void clamp_view(struct stats *s)
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

static void zoom_in(struct stats *s, int64_t around)
{
    s->zoomed = true;
    s->view_first = around - capacity(s) / 2;
    clamp_view(s);
}

static void put_filter_heading(struct stats *s)
{
    char all[64];
    const char *label = s->label;
    int x;

    if (!label) {
        snprintf(all, sizeof all, "%s", say(s, P_ALL_POSTS));
        label = all;
    }
    sheet_new_line(&s->sheet);
    x = 1 + put_heading(s, 1, P_COMPUTED);
    if (x + width_of(separator()) + width_of(label) <= s->width) {
        x += put_text(s, x, separator(), ROLE_DIM, A_NORMAL);
    } else {
        sheet_new_line(&s->sheet);
        x = 3;
    }
    put_text(s, x, label, ROLE_NORMAL, A_BOLD);
}

/* Under the totals, unless every post was imported: "429 illustrative
 * (written for this dataset; likes invented) · 7 quoted (...)". */
static void put_provenance(struct stats *s)
{
    const struct model_total *t = s->st.by_provenance;
    int zh = language(s) == LANGUAGE_ZH, x = 2;
    char n[32], buf[192];

    if (t[VOCAB_PROVENANCE_IMPORTED].posts == s->st.posts)
        return;
    sheet_new_line(&s->sheet);
    for (int i = 0; i < VOCAB_PROVENANCE_COUNT; i++) {
        if (t[i].posts == 0)
            continue;
        chart_format_number(t[i].posts, CHART_NUMBER_FULL, n, sizeof n);
        snprintf(buf, sizeof buf, "%s %s (%s)", n, vocab_provenance_names[i][zh],
                 vocab_provenance_counts[i][zh]);
        flow_item(s, &x, 2, NULL, ROLE_NORMAL, buf,
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
    snprintf(buf, sizeof buf, "%s %s", n, say(s, all_imported ? P_IMPORTED_POSTS : P_POSTS));
    flow_item(s, &x, 2, NULL, ROLE_NORMAL, buf, ROLE_NORMAL, A_BOLD);
    chart_format_number(s->st.posts_zh, CHART_NUMBER_FULL, n, sizeof n);
    flow_item(s, &x, 2, badge(true), ROLE_BADGE_ZH, n, ROLE_NORMAL, A_BOLD);
    chart_format_number(s->st.posts_en, CHART_NUMBER_FULL, n, sizeof n);
    flow_item(s, &x, 2, badge(false), ROLE_BADGE_EN, n, ROLE_NORMAL, A_BOLD);
    /* Posts in languages beyond zh and en (ja, ko, und...). */
    if (s->st.posts > s->st.posts_zh + s->st.posts_en) {
        chart_format_number(s->st.posts - s->st.posts_zh - s->st.posts_en, CHART_NUMBER_FULL, n,
                            sizeof n);
        snprintf(buf, sizeof buf, "%s %s", n, say(s, P_OTHER_LANGS));
        flow_item(s, &x, 2, NULL, ROLE_NORMAL, buf, ROLE_NORMAL, A_BOLD);
    }
    chart_format_number(s->st.likes, CHART_NUMBER_FULL, n, sizeof n);
    snprintf(buf, sizeof buf, "%s %s", n, say(s, P_LIKES));
    flow_item(s, &x, 2, NULL, ROLE_NORMAL, buf, ROLE_NORMAL, A_BOLD);
    put_provenance(s);
}

/* The chart's heading, its rows and the cursor's caption. */
static void put_chart(struct stats *s)
{
    struct chart_days days = {.points = s->points, .npoints = s->npoints, .first = s->first,
                              .ndays = s->ndays, .cursor = s->cursor,
                              .unit = s->by == MODEL_BY_WEEK ? 7 : 1,
                              .names = s->by == MODEL_BY_HOUR      ? hour_names
                                       : s->by == MODEL_BY_WEEKDAY ? weekday_names
                                                                   : NULL};
    static const enum phrase per[MODEL_UNIT_COUNT] = {
        [MODEL_BY_DAY] = P_PER_DAY, [MODEL_BY_WEEK] = P_PER_WEEK, [MODEL_BY_HOUR] = P_PER_HOUR,
        [MODEL_BY_WEEKDAY] = P_PER_WEEKDAY};
    int rows = chart_rows(s), w = chart_width(s), x = 1;
    char from[16], to[16], buf[160], n[32], zone[80];
    struct chart_cell *grid;
    size_t first_cell;
    bool zh = language(s) == LANGUAGE_ZH;
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
    chart_days_render(grid, w, rows, &days, chart_flags(), &s->layout);

    sheet_new_line(&s->sheet);
    sheet_new_line(&s->sheet);
    s->chart_line = s->sheet.nlines - 1;
    /* Its unit and the zone its days and hours are in: "Posts per day
     * (Asia/Shanghai)"; the local zone by its abbreviation ("UTC", "CET"). */
    if (s->ctx->zone.kind == WHEN_ZONE_LOCAL)
        when_zone_abbrev(s->ctx->zone, (int64_t)time(NULL), zone, sizeof zone);
    else
        when_zone_name(s->ctx->zone, zone, sizeof zone);
    if (s->layout.per_bar > 1 && s->layout.per_bar != days.unit)
        snprintf(buf, sizeof buf, "%s %lld %s%s%s%s", phrases[P_PER_PREFIX][zh],
                 (long long)s->layout.per_bar, phrases[P_PER_SUFFIX][zh], zh ? "\xef\xbc\x88" : " (",
                 zone, zh ? "\xef\xbc\x89" : ")");
    else
        snprintf(buf, sizeof buf, "%s%s%s%s", phrases[per[s->by]][zh], zh ? "\xef\xbc\x88" : " (",
                 zone, zh ? "\xef\xbc\x89" : ")");
    flow(s, &x, 1, ROLE_NORMAL, A_BOLD, buf);
    if (!by_cycle(s)) {
        format_day(days.first, from, sizeof from);
        format_day(days.first + days.ndays - 1, to, sizeof to);
        /* The year once, when both ends share it. */
        snprintf(buf, sizeof buf, "%s%s %s %s", separator(), from, arrow(),
                 strncmp(from, to, 5) == 0 ? to + 5 : to);
        flow(s, &x, 3, ROLE_DIM, A_NORMAL, buf);
    }
    if (busiest_day(s, days.first, days.ndays, &peak, &peak_posts)) {
        format_slot(s, peak, from, sizeof from);
        chart_format_number(peak_posts, CHART_NUMBER_FULL, n, sizeof n);
        snprintf(buf, sizeof buf, "%s%s %s (%s)", separator(), say(s, P_BUSIEST),
                 by_cycle(s) ? from : from + 5, n);
        put_if_fits(s, &x, ROLE_DIM, A_NORMAL, buf);
    }
    for (int r = 0; r < rows; r++) {
        if (!sheet_new_line(&s->sheet))
            return;
        sheet_line_cells(&s->sheet, first_cell + (size_t)r * (size_t)w, 1, w, CELLS_CHART);
    }
}

/* What the cursor bar holds, written into buf: "2025-01-18: 40 posts" or
 * "2025-01-14 → 01-15: 92 posts". Returns the bar's day count. */
static int64_t describe_bar(const struct stats *s, char *buf, size_t size)
{
    const struct chart_layout *l = &s->layout;
    char day[16], end[16], n[32];
    int64_t first = (s->zoomed ? s->view_first : s->first) + l->cursor_bar * l->per_bar;
    int64_t last = first + l->per_bar - 1;

    if (last > s->first + s->ndays - 1)
        last = s->first + s->ndays - 1;
    format_slot(s, first, day, sizeof day);
    format_slot(s, last, end, sizeof end);
    chart_format_number(sum_points(s, first, last + 1), CHART_NUMBER_FULL, n, sizeof n);
    if (last > first)
        snprintf(buf, size, "%s %s %s: %s %s", day, arrow(), by_cycle(s) ? end : end + 5, n,
                 say(s, P_POSTS));
    else
        snprintf(buf, size, "%s: %s %s", day, n, say(s, P_POSTS));
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
    x += put_f(s, x, ROLE_CHART_CURSOR, A_BOLD, "%s ", text_ascii() ? ">" : "\xe2\x96\xb6");
    if (describe_bar(s, buf, sizeof buf) > 1) {
        flow(s, &x, 4, ROLE_NORMAL, A_BOLD, buf);
        snprintf(buf, sizeof buf, "   %s", say(s, P_ENTER_ZOOM));
        put_if_fits(s, &x, ROLE_DIM, A_NORMAL, buf);
        return;
    }
    flow(s, &x, 4, ROLE_NORMAL, A_BOLD, buf);
    d = find_day(s, s->cursor);
    if (d && d->posts) {
        snprintf(buf, sizeof buf, "%lld", (long long)d->posts_zh);
        flow_item(s, &x, 4, badge(true), ROLE_BADGE_ZH, buf, ROLE_NORMAL, A_NORMAL);
        snprintf(buf, sizeof buf, "%lld", (long long)d->posts_en);
        flow_item(s, &x, 4, badge(false), ROLE_BADGE_EN, buf, ROLE_NORMAL, A_NORMAL);
    }
    if (s->by != MODEL_BY_DAY)
        return;
    snprintf(buf, sizeof buf, "   %s%s%s", say(s, P_ENTER_SELECT), s->zoomed ? separator() : "",
             s->zoomed ? say(s, P_ESC_ZOOM_OUT) : "");
    put_if_fits(s, &x, ROLE_DIM, A_NORMAL, buf);
}

/* 中 50% ███████▌░░░░░░░ 50% EN */
static void put_split(struct stats *s)
{
    int64_t parts[2] = {s->st.posts_zh, s->st.posts_en};
    int pct[2], x = 2, bar;
    char left[16], right[16];
    struct chart_cell *cells;

    put_subheading(s, P_LANGUAGE);
    chart_percentages(parts, 2, pct);
    snprintf(left, sizeof left, " %d%% ", pct[0]);
    snprintf(right, sizeof right, " %d%% ", pct[1]);
    sheet_new_line(&s->sheet);
    bar = s->width - x - width_of(badge(true)) - width_of(left) - width_of(right) -
          width_of(badge(false)) - 1;
    if (bar > SPLIT_BAR_MAX)
        bar = SPLIT_BAR_MAX;
    x += put_text(s, x, badge(true), ROLE_BADGE_ZH, A_BOLD);
    x += put_text(s, x, left, ROLE_NORMAL, A_BOLD);
    if (bar >= 4 && (cells = sheet_put_cells(&s->sheet, x, bar, CELLS_SPLIT))) {
        chart_split(cells, bar, parts[0], parts[1], chart_flags());
        x += bar;
    }
    x += put_text(s, x, right, ROLE_NORMAL, A_BOLD);
    put_text(s, x, badge(false), ROLE_BADGE_EN, A_BOLD);
}

/* "#tiktokrefugee  ████████████  103", bars against the top tag. */
static void put_tags(struct stats *s)
{
    int tag_w = 0, count_w = 0, bar;
    char n[32];

    if (s->ntags == 0)
        return;
    put_subheading(s, P_TOP_TAGS);
    for (size_t i = 0; i < s->ntags; i++) {
        int w = width_of(s->tags[i]);

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

        sheet_new_line(&s->sheet);
        sheet_put(&s->sheet, x, tag_w, s->tags[i], ROLE_NORMAL, A_NORMAL);
        x += tag_w + 1;
        if (bar >= 3 && (cells = sheet_put_cells(&s->sheet, x, bar, CELLS_TAG))) {
            chart_hbar(cells, bar, s->st.tags[i].posts, s->st.tags[0].posts, chart_flags());
            x += bar + 1;
        }
        chart_format_number(s->st.tags[i].posts, CHART_NUMBER_FULL, n, sizeof n);
        put_text(s, x + count_w - (int)strlen(n), n, ROLE_NORMAL, A_BOLD);
    }
}

/* Likes, language, author and the first line of the text: one row when
 * wide, two otherwise. */
static void put_top_posts(struct stats *s)
{
    int likes_w = 0, author_w = 0;
    char n[32];

    if (s->nliked == 0)
        return;
    put_subheading(s, P_MOST_LIKED);
    for (size_t i = 0; i < s->nliked; i++) {
        if ((int)chart_format_number(s->st.top[i].likes, CHART_NUMBER_FULL, n, sizeof n) > likes_w)
            likes_w = (int)strlen(n);
        if (width_of(s->liked[i].author) > author_w)
            author_w = width_of(s->liked[i].author);
    }
    if (author_w > AUTHOR_MAX)
        author_w = AUTHOR_MAX;
    for (size_t i = 0; i < s->nliked; i++) {
        const struct post_text *p = &s->liked[i];
        int x = 3;

        sheet_new_line(&s->sheet);
        chart_format_number(s->st.top[i].likes, CHART_NUMBER_FULL, n, sizeof n);
        put_text(s, x + likes_w - (int)strlen(n), n, ROLE_NORMAL, A_BOLD);
        x += likes_w + 1;
        if (s->width < WIDE_POSTS)
            x += put_f(s, x, ROLE_DIM, A_NORMAL, "%s ", say(s, P_LIKES));
        x += 1;
        x += put_text(s, x, badge(p->zh), p->zh ? ROLE_BADGE_ZH : ROLE_BADGE_EN, A_BOLD) + 1;
        if (s->width >= WIDE_POSTS) {
            sheet_put(&s->sheet, x, author_w, p->author, ROLE_DIM, A_NORMAL);
            x += author_w + 2;
        } else {
            put_text(s, x, p->author, ROLE_DIM, A_NORMAL);
            sheet_new_line(&s->sheet);
            x = 5;
        }
        put_text(s, x, p->line, ROLE_NORMAL, A_NORMAL);
    }
}

static void put_computed(struct stats *s)
{
    put_filter_heading(s);
    if (s->pending) {
        sheet_new_line(&s->sheet);
        put_f(s, 2, ROLE_DIM, A_NORMAL, "%s", say(s, P_COUNTING));
        return;
    }
    if (s->st.posts == 0) {
        sheet_new_line(&s->sheet);
        if (s->has_span) {
            int x = 2;
            flow(s, &x, 2, ROLE_DIM, A_NORMAL, say(s, P_NO_POSTS_IN_WINDOW));
            x++;
            flow(s, &x, 2, ROLE_DIM, A_NORMAL, s->span);
            return;
        }
        put_f(s, 2, ROLE_DIM, A_NORMAL, "%s",
              say(s, model_filter_is_empty(&s->filter) ? P_NO_POSTS : P_NO_MATCH));
        return;
    }
    put_totals(s);
    if (s->ndays > 0) {
        put_chart(s);
        put_cursor_caption(s);
    }
    put_split(s);
    put_tags(s);
    put_top_posts(s);
}

/* ---- the reported section -------------------------------------------------------- */

/* "unconfirmed" for low confidence (the ~ before the label says it too, in
 * any theme), "medium confidence" for medium, nothing for high. */
static void put_confidence(struct stats *s, int *x, int indent, const struct figure_text *f)
{
    bool low = f->confidence == VOCAB_CONFIDENCE_LOW;

    if (f->confidence == VOCAB_CONFIDENCE_HIGH)
        return;
    flow_item(s, x, indent, NULL, ROLE_NORMAL, say(s, low ? P_UNCONFIRMED : P_MEDIUM),
              low ? ROLE_LOW_CONFIDENCE : ROLE_DIM, low ? A_BOLD : A_NORMAL);
}

/* "Sources: Reuters; TheWrap" (with titles and dates when wide), or a
 * warning for a figure imported without any. */
static void put_sources(struct stats *s, int x, const struct figure_text *f)
{
    if (f->nsources == 0) {
        put_f(s, x, ROLE_LOW_CONFIDENCE, A_BOLD, "%s", say(s, P_NO_SOURCE));
        return;
    }
    x += put_f(s, x, ROLE_DIM, A_NORMAL, "%s", say(s, f->nsources > 1 ? P_SOURCES : P_SOURCE));
    put_text(s, x, s->width >= WIDE_FIGURES ? f->sources_long : f->sources_short, ROLE_DIM,
             A_NORMAL);
}

/* The label(s) of a figure in the UI language: both gives two. */
static void figure_labels(const struct stats *s, const struct figure_text *f,
                          const char **first, const char **second)
{
    int lang = language(s);

    *first = f->label[lang == LANGUAGE_ZH];
    *second = lang == LANGUAGE_BOTH ? f->label[1] : NULL;
}

/* The selected figure's label is drawn as the cursor. */
static enum theme_role label_role(const struct stats *s, const struct figure_text *f)
{
    return s->has_fig_sel && f == &s->fig[s->fig_sel] ? ROLE_CURSOR : ROLE_NORMAL;
}

/* True when figure i is reported within the window the stats cover (any
 * figure when they cover no window). */
static bool figure_shown(const struct stats *s, size_t i)
{
    int64_t ts = s->figures.rows[i].ts_utc;

    return (!s->filter.has_from || ts >= s->filter.from) && (!s->filter.has_to || ts < s->filter.to);
}

/* One row: label | value | time · confidence · sources. */
static void put_figure_wide(struct stats *s, const struct figure_text *f, int label_w, int value_w)
{
    const char *label, *label2;
    const char *value = f->value[language(s) == LANGUAGE_ZH];
    int x = 3 + label_w + 2;

    figure_labels(s, f, &label, &label2);
    sheet_new_line(&s->sheet);
    if (f->confidence == VOCAB_CONFIDENCE_LOW)
        put_text(s, 1, "~", ROLE_LOW_CONFIDENCE, A_BOLD);
    sheet_put(&s->sheet, 3, label_w, label, label_role(s, f), A_NORMAL);
    sheet_put(&s->sheet, x + value_w - width_of(value), value_w, value, ROLE_NORMAL, A_BOLD);
    x += value_w + 2;
    if (f->confidence != VOCAB_CONFIDENCE_HIGH) {
        bool low = f->confidence == VOCAB_CONFIDENCE_LOW;
        x += put_f(s, x, low ? ROLE_LOW_CONFIDENCE : ROLE_DIM, low ? A_BOLD : A_NORMAL, "%s",
                   say(s, low ? P_UNCONFIRMED : P_MEDIUM)) + 2;
    }
    if (f->when[0])
        x += put_text(s, x, f->when, ROLE_DIM, A_NORMAL) + 2;
    put_sources(s, x, f);
    if (label2) {
        sheet_new_line(&s->sheet);
        sheet_put(&s->sheet, 3, label_w, label2, ROLE_DIM, A_NORMAL);
    }
}

/* Label (and the value when both fit), value with time and confidence,
 * then the sources. */
static void put_figure_narrow(struct stats *s, const struct figure_text *f)
{
    const char *label, *label2;
    const char *value = f->value[language(s) == LANGUAGE_ZH];
    int x = 3, room = s->width - 3;
    bool value_first;

    figure_labels(s, f, &label, &label2);
    value_first = !label2 && width_of(label) + 2 + width_of(value) <= room;
    sheet_new_line(&s->sheet);
    if (f->confidence == VOCAB_CONFIDENCE_LOW)
        put_text(s, 1, "~", ROLE_LOW_CONFIDENCE, A_BOLD);
    put_text(s, 3, label, label_role(s, f), A_NORMAL);
    if (label2) {
        sheet_new_line(&s->sheet);
        put_text(s, 3, label2, ROLE_DIM, A_NORMAL);
    }
    if (value_first) {
        put_text(s, s->width - width_of(value), value, ROLE_NORMAL, A_BOLD);
        x = 5;
        if (f->when[0] || f->confidence != VOCAB_CONFIDENCE_HIGH)
            sheet_new_line(&s->sheet);
    } else {
        sheet_new_line(&s->sheet);
        x = 5 + put_text(s, 5, value, ROLE_NORMAL, A_BOLD);
    }
    put_confidence(s, &x, 5, f);
    if (f->when[0])
        flow_item(s, &x, 5, NULL, ROLE_NORMAL, f->when, ROLE_DIM, A_NORMAL);
    sheet_new_line(&s->sheet);
    put_sources(s, 5, f);
}

static void put_reported(struct stats *s)
{
    int label_w = 0, value_w = 0;
    const char *day = NULL;
    bool wide = s->width >= WIDE_FIGURES;

    size_t shown = 0;
    int x;

    sheet_new_line(&s->sheet);
    sheet_new_line(&s->sheet);
    x = 1 + put_heading(s, 1, P_REPORTED);
    for (size_t i = 0; i < s->nfig; i++) {
        bool in = figure_shown(s, i);
        s->fig_line[i] = SIZE_MAX;
        shown += in;
    }
    if (s->filter.has_from || s->filter.has_to)
        flow_item(s, &x, 1, NULL, ROLE_NORMAL, say(s, P_FIGURES_IN_WINDOW), ROLE_NORMAL, A_BOLD);
    if (shown == 0) {
        sheet_new_line(&s->sheet);
        put_f(s, 2, ROLE_DIM, A_NORMAL, "%s",
              say(s, s->nfig == 0 ? P_NO_FIGURES : P_NO_FIGURES_IN_WINDOW));
        return;
    }
    sheet_new_line(&s->sheet);
    put_f(s, 2, ROLE_DIM, A_NORMAL, "%s", say(s, P_FIGURE_KEYS));
    for (size_t i = 0; wide && i < s->nfig; i++) {
        const char *label, *label2;
        int w;

        if (!figure_shown(s, i))
            continue;
        figure_labels(s, &s->fig[i], &label, &label2);
        if ((w = width_of(label)) > label_w)
            label_w = w;
        if ((w = width_of(s->fig[i].value[language(s) == LANGUAGE_ZH])) > value_w)
            value_w = w;
    }
    if (label_w > (s->width - 3) * 2 / 5)
        label_w = (s->width - 3) * 2 / 5;
    for (size_t i = 0; i < s->nfig; i++) {
        const struct figure_text *f = &s->fig[i];

        if (!figure_shown(s, i))
            continue;
        if (!day || strcmp(day, f->day) != 0) {
            if (day)
                sheet_new_line(&s->sheet);
            sheet_new_line(&s->sheet);
            put_text(s, 1, f->day, ROLE_NORMAL, A_BOLD | A_UNDERLINE);
            day = f->day;
        }
        s->fig_line[i] = s->sheet.nlines; /* the figure's first line, next */
        if (wide)
            put_figure_wide(s, f, label_w, value_w);
        else
            put_figure_narrow(s, f);
    }
}

/* The selected figure in full, wrapped: no source or URL is ever cut. */
static void put_detail(struct stats *s)
{
    const char *text = s->fig[s->fig_sel].detail;
    size_t len = strlen(text), n = text_wrap(text, len, s->width - 2, NULL, 0);
    struct text_span *lines = calloc(n ? n : 1, sizeof *lines);

    sheet_new_line(&s->sheet);
    put_heading(s, 1, P_FIGURE);
    sheet_new_line(&s->sheet);
    put_f(s, 2, ROLE_DIM, A_NORMAL, "%s", say(s, P_DETAIL_BACK));
    sheet_new_line(&s->sheet);
    if (!lines)
        return;
    n = text_wrap(text, len, s->width - 2, lines, n);
    for (size_t i = 0; i < n; i++) {
        char *line = sanitize_n(text + lines[i].offset, lines[i].length);
        sheet_new_line(&s->sheet);
        sheet_put(&s->sheet, 1, s->width - 1, line, i == 0 ? ROLE_HEADING : ROLE_NORMAL,
                  i == 0 ? A_BOLD : A_NORMAL);
        release(line);
    }
    free(lines);
}

static int max_top(const struct stats *s)
{
    int max = (int)s->sheet.nlines - s->height;

    return max > 0 ? max : 0;
}

/* Prepares every line for the width, language and cursor. */
static void build(struct stats *s)
{
    sheet_clear(&s->sheet, s->width);
    s->layout = (struct chart_layout){.per_bar = 1, .peak_bar = -1, .cursor_bar = -1};
    s->chart_line = 0;
    if (s->width < 1 || s->height < 1)
        return;
    clamp_view(s);
    if (s->detail && s->has_fig_sel) {
        put_detail(s);
    } else {
        put_computed(s);
        put_reported(s);
    }
    if (s->top > max_top(s))
        s->top = max_top(s);
}

/* ---- loading ---------------------------------------------------------------------- */

static void free_post_texts(struct stats *s)
{
    for (size_t i = 0; i < s->nliked; i++) {
        release(s->liked[i].author);
        release(s->liked[i].line);
    }
    free(s->liked);
    s->liked = NULL;
    s->nliked = 0;
}

static void free_texts(struct stats *s)
{
    for (size_t i = 0; i < s->ntags; i++)
        release(s->tags[i]);
    free(s->tags);
    s->tags = NULL;
    s->ntags = 0;
    free_post_texts(s);
}

static void free_figures(struct stats *s)
{
    for (size_t i = 0; i < s->nfig; i++) {
        struct figure_text *f = &s->fig[i];
        release(f->label[0]);
        release(f->label[1]);
        release(f->value[0]);
        release(f->value[1]);
        release(f->day);
        release(f->when);
        release(f->sources_short);
        release(f->sources_long);
        release(f->detail);
    }
    free(s->fig);
    free(s->fig_line);
    s->fig_line = NULL;
    s->fig = NULL;
    s->nfig = 0;
    model_figure_list_free(&s->figures);
    memset(&s->figures, 0, sizeof s->figures);
}

/* The first line of a post as the feed would show it: the translation when
 * asked for, or when Chinese cannot be drawn. */
static void prepare_post_texts(struct stats *s)
{
    free_post_texts(s);
    s->liked = calloc(s->st.ntop ? s->st.ntop : 1, sizeof *s->liked);
    if (!s->liked)
        return;
    for (size_t i = 0; i < s->st.ntop; i++) {
        const struct model_post *p = &s->st.top[i];
        bool zh = vocab_is_zh(p->lang);
        bool translated = p->translation && p->translation[0] &&
                          (s->ctx->feed_show == FEED_SHOW_TRANSLATION || (text_ascii() && zh));
        const char *text = translated ? p->translation : p->text ? p->text : "";
        size_t len;

        while (*text == ' ' || *text == '\n' || *text == '\r' || *text == '\t')
            text++;
        len = strcspn(text, "\r\n");
        s->liked[i].zh = zh;
        s->liked[i].author = sanitize(p->author);
        s->liked[i].line = sanitize_n(text, len);
    }
    s->nliked = s->st.ntop;
}

/* The chart's days: the filter's window when it has both ends, else from
 * the first to the last day with posts. */
static void prepare_days(struct stats *s)
{
    int64_t first, last;
    int64_t peak = 0;

    free(s->points);
    s->points = calloc(s->st.ndays ? s->st.ndays : 1, sizeof *s->points);
    s->npoints = 0;
    s->max_day = 0;
    for (size_t i = 0; s->points && i < s->st.ndays; i++) {
        s->points[s->npoints++] = (struct chart_point){.day = s->st.days[i].slot,
                                                       .value = s->st.days[i].posts};
        if (s->st.days[i].posts > s->max_day) {
            s->max_day = s->st.days[i].posts;
            peak = s->points[s->npoints - 1].day;
        }
    }
    s->ndays = 0;
    if (by_cycle(s)) {
        first = 0;
        last = s->by == MODEL_BY_HOUR ? 23 : 6;
    } else if (s->filter.has_from && s->filter.has_to) {
        first = when_zone_day_number(s->ctx->zone, s->filter.from);
        last = when_zone_day_number(s->ctx->zone, s->filter.to - 1);
    } else if (s->npoints > 0) {
        first = s->filter.has_from ? when_zone_day_number(s->ctx->zone, s->filter.from)
                                   : s->points[0].day;
        last = s->filter.has_to ? when_zone_day_number(s->ctx->zone, s->filter.to - 1)
                                : s->points[s->npoints - 1].day;
    } else {
        return;
    }
    if (last < first)
        return;
    if (s->by == MODEL_BY_WEEK) { /* whole weeks, from a Monday */
        first -= ((first + 3) % 7 + 7) % 7;
        last += 6 - ((last + 3) % 7 + 7) % 7;
    }
    s->first = first;
    s->ndays = last - first + 1;
    s->zoomed = false;
    if (s->cursor < first || s->cursor > last)
        s->cursor = s->npoints ? peak : first;
}

/* Asks the model for the stats of the filter; MODEL_INTERRUPTED leaves
 * everything as it was. */
/* No posts under a window alone: notes the days the posts cover. */
static void note_span(struct stats *s)
{
    struct rf_error err = {{0}};
    int64_t first, last;
    char a[16], b[16];

    s->has_span = s->st.posts == 0 && model_filter_is_window_only(&s->filter) &&
                  model_post_span(s->ctx->model, &first, &last, &err) == 0;
    if (!s->has_span)
        return;
    format_day(when_zone_day_number(s->ctx->zone, first), a, sizeof a);
    format_day(when_zone_day_number(s->ctx->zone, last), b, sizeof b);
    snprintf(s->span, sizeof s->span, "%s %s %s.", a, arrow(), b);
}

static int load_stats(struct stats *s)
{
    struct rf_error err = {{0}};
    int top = s->ctx->cfg->stats.top;
    struct model_clock clock = {s->ctx->zone, s->by};
    struct model_stats st;
    int rc = model_stats(s->ctx->model, &s->filter, top > 0 ? (size_t)top : 0, &clock, &st, &err);

    if (rc == MODEL_INTERRUPTED)
        return rc;
    free_texts(s);
    model_stats_free(&s->st);
    s->st = st;
    if (rc != 0) {
        memset(&s->st, 0, sizeof s->st);
        s->ctx->message(s->ctx->app, true, "stats: %s", err.msg);
    }
    s->tags = calloc(s->st.ntags ? s->st.ntags : 1, sizeof *s->tags);
    for (size_t i = 0; s->tags && i < s->st.ntags; i++) {
        char *tag = sanitize(s->st.tags[i].tag);
        s->tags[i] = sanitize_f("#%s", tag);
        release(tag);
        s->ntags = i + 1;
    }
    prepare_post_texts(s);
    prepare_days(s);
    note_span(s);
    return 0;
}

static void defer_stats(struct stats *s)
{
    s->pending = true;
    s->ctx->work_requests++;
}

/* "over 114,000 posts", "$95.3B", "#1", "超过 200%". */
static char *figure_value(const struct model_figure *f, int zh)
{
    char num[48], body[160];
    int known = vocab_find(vocab_qualifiers, f->qualifier);
    const char *qualifier = known >= 0 ? qualifier_words[known][zh] : f->qualifier;

    if (f->value == (double)(int64_t)f->value)
        chart_format_number((int64_t)f->value, CHART_NUMBER_EXACT, num, sizeof num);
    else
        snprintf(num, sizeof num, "%g", f->value);
    snprintf(body, sizeof body, "%s%s%s", num, f->unit && f->unit[0] ? " " : "",
             f->unit ? f->unit : "");
    if (f->unit && strcmp(f->unit, "usd") == 0) {
        snprintf(body, sizeof body, zh ? "%s 美元" : "$%s", num);
    } else if (f->unit && strcmp(f->unit, "percent") == 0) {
        snprintf(body, sizeof body, "%s%%", num);
    } else if (f->unit && strcmp(f->unit, "rank") == 0) {
        snprintf(body, sizeof body, zh ? "第 %s 名" : "#%s", num);
    } else {
        for (size_t i = 0; f->unit && i < sizeof unit_words / sizeof unit_words[0]; i++)
            if (strcmp(f->unit, unit_words[i].name) == 0)
                snprintf(body, sizeof body, "%s %s", num, zh ? unit_words[i].zh : unit_words[i].en);
    }
    if (qualifier && qualifier[0])
        return sanitize_f("%s %s", qualifier, body);
    return sanitize(body);
}

/* "13:30 BJT (UTC+08:00)" from "2025-01-14T13:30", or "" for a date. */
static char *figure_when(const struct model_figure *f)
{
    const char *t = f->as_of ? strchr(f->as_of, 'T') : NULL;
    char offset[32] = "";

    if (!t || !t[1])
        return sanitize("");
    if (f->has_offset) {
        int off = f->utc_offset < 0 ? -f->utc_offset : f->utc_offset;
        snprintf(offset, sizeof offset, "%sUTC%c%02d:%02d%s", f->tz && f->tz[0] ? "(" : "",
                 f->utc_offset < 0 ? '-' : '+', off / 60, off % 60, f->tz && f->tz[0] ? ")" : "");
    }
    return sanitize_f("%s%s%s%s%s", t + 1, f->tz && f->tz[0] ? " " : "", f->tz ? f->tz : "",
                      offset[0] ? " " : "", offset);
}

/* Publishers ("Reuters; TheWrap"), or with titles and dates. */
static char *figure_sources(const struct model_figure *f, bool full)
{
    size_t cap = 256, len = 0;
    char *buf = malloc(cap), *safe;

    if (!buf)
        return no_text;
    buf[0] = '\0';
    for (size_t i = 0; i < f->nsources; i++) {
        const struct model_source *src = &f->sources[i];
        const char *title = full && src->title ? src->title : NULL;
        const char *date = full && src->published ? src->published : NULL;
        int n = snprintf(NULL, 0, "%s%s%s%s%s%s%s", i ? "; " : "", src->publisher,
                         title ? ", \xe2\x80\x9c" : "", title ? title : "",
                         title ? "\xe2\x80\x9d" : "", date ? ", " : "", date ? date : "");

        if (n < 0)
            break;
        if (len + (size_t)n + 1 > cap) {
            char *grown = realloc(buf, (len + (size_t)n + 1) * 2);
            if (!grown)
                break;
            buf = grown;
            cap = (len + (size_t)n + 1) * 2;
        }
        snprintf(buf + len, cap - len, "%s%s%s%s%s%s%s", i ? "; " : "", src->publisher,
                 title ? ", \xe2\x80\x9c" : "", title ? title : "", title ? "\xe2\x80\x9d" : "",
                 date ? ", " : "", date ? date : "");
        len += (size_t)n;
    }
    safe = sanitize_n(buf, len);
    free(buf);
    return safe;
}

/* Everything about one figure, one item a line, for the detail view:
 * labels, the value as reported, the time with its zone, the confidence,
 * the event, every source with its URL, the notes. In the UI language
 * (Chinese headings for zh); sanitised, line breaks kept. */
static char *figure_detail(const struct stats *s, const struct model_figure *m,
                           const struct figure_text *f)
{
    static const char *const confidence_words[VOCAB_CONFIDENCE_COUNT][2] = {
        [VOCAB_CONFIDENCE_HIGH] = {"high", "高"},
        [VOCAB_CONFIDENCE_MEDIUM] = {"medium", "中等"},
        [VOCAB_CONFIDENCE_LOW] = {"low: unconfirmed, do not present as settled", "低：未证实，勿作定论"},
    };
    int zh = language(s) == LANGUAGE_ZH;
    struct buf_text b = {0};
    char *safe;

    buf_appendf(&b, "%s\n", m->label_en ? m->label_en : "");
    if (m->label_zh && m->label_zh[0])
        buf_appendf(&b, "%s\n", m->label_zh);
    buf_appendf(&b, "\n%s%s\n", say(s, P_VALUE), f->value[zh]);
    buf_appendf(&b, "%s%s %s\n", say(s, P_AS_OF), f->day, f->when[0] ? f->when : say(s, P_DATE_ONLY));
    buf_appendf(&b, "%s%s\n", say(s, P_CONFIDENCE), confidence_words[f->confidence][zh]);
    if (m->event_id && m->event_id[0])
        buf_appendf(&b, "%s%s\n", say(s, P_EVENT), m->event_id);
    buf_appendf(&b, "\n%s\n", m->nsources ? say(s, m->nsources > 1 ? P_SOURCES : P_SOURCE)
                                           : say(s, P_NO_SOURCE));
    for (size_t i = 0; i < m->nsources; i++) {
        const struct model_source *src = &m->sources[i];
        buf_appendf(&b, "%zu. %s", i + 1, src->publisher);
        if (src->title && src->title[0])
            buf_appendf(&b, ", \xe2\x80\x9c%s\xe2\x80\x9d", src->title);
        if (src->published && src->published[0])
            buf_appendf(&b, ", %s", src->published);
        buf_appendf(&b, "\n");
        if (src->url && src->url[0])
            buf_appendf(&b, "%s\n", src->url);
    }
    if (m->notes && m->notes[0])
        buf_appendf(&b, "\n%s%s\n", say(s, P_NOTES), m->notes);
    safe = b.s ? text_sanitize(b.s, b.len, TEXT_KEEP_NEWLINES) : NULL;
    free(b.s);
    return safe ? safe : no_text;
}

static void load_figures(struct stats *s)
{
    struct rf_error err = {{0}};

    free_figures(s);
    if (model_figures(s->ctx->model, NULL, &s->figures, &err) != 0) {
        memset(&s->figures, 0, sizeof s->figures);
        s->ctx->message(s->ctx->app, true, "stats: %s", err.msg);
        return;
    }
    s->fig = calloc(s->figures.count ? s->figures.count : 1, sizeof *s->fig);
    if (!s->fig) {
        model_figure_list_free(&s->figures);
        memset(&s->figures, 0, sizeof s->figures);
        return;
    }
    for (size_t i = 0; i < s->figures.count; i++) {
        const struct model_figure *m = &s->figures.rows[i];
        struct figure_text *f = &s->fig[i];
        const char *as_of = m->as_of ? m->as_of : "";

        f->label[0] = sanitize(m->label_en);
        f->label[1] = sanitize(m->label_zh && m->label_zh[0] ? m->label_zh : m->label_en);
        f->value[0] = figure_value(m, 0);
        f->value[1] = figure_value(m, 1);
        f->day = sanitize_n(as_of, strcspn(as_of, "T"));
        f->when = figure_when(m);
        f->sources_short = figure_sources(m, false);
        f->sources_long = figure_sources(m, true);
        f->nsources = m->nsources;
        f->confidence = vocab_confidence_of(m->confidence);
        f->detail = figure_detail(s, m, f);
        s->nfig = i + 1;
    }
    s->fig_line = calloc(s->nfig ? s->nfig : 1, sizeof *s->fig_line);
    if (s->has_fig_sel && s->fig_sel >= s->nfig)
        s->has_fig_sel = s->detail = false;
}

/* ---- pane operations -------------------------------------------------------------- */

static void *stats_open(struct pane_context *ctx)
{
    struct stats *s = calloc(1, sizeof *s);

    if (!s)
        return NULL;
    s->ctx = ctx;
    s->cursor = INT64_MIN;
    load_figures(s);
    load_stats(s);
    return s;
}

static void stats_close(void *state)
{
    struct stats *s = state;

    if (!s)
        return;
    free_texts(s);
    free_figures(s);
    model_stats_free(&s->st);
    free(s->points);
    free(s->lang);
    free(s->platform);
    free(s->tag);
    free(s->provenance);
    free(s->search);
    release(s->label);
    sheet_free(&s->sheet);
    free(s);
}

static void stats_resize(void *state, int width, int height)
{
    struct stats *s = state;

    s->width = width;
    s->height = height;
    build(s);
}

static enum theme_role cell_role(int kind, unsigned char role)
{
    switch (role) {
    case CHART_BAR:
        return kind == CELLS_SPLIT ? ROLE_BADGE_ZH : ROLE_CHART;
    case CHART_BAR_ALT:
        return kind == CELLS_SPLIT ? ROLE_BADGE_EN : ROLE_DIM;
    case CHART_CURSOR:
        return ROLE_CHART_CURSOR;
    case CHART_AXIS:
        return ROLE_BORDER;
    case CHART_LABEL:
        return ROLE_DIM;
    default:
        return ROLE_NORMAL;
    }
}

static void stats_draw(void *state, WINDOW *win, bool focused)
{
    struct stats *s = state;

    (void)focused;
    sheet_draw(&s->sheet, win, s->top, s->height, cell_role);
}

static unsigned scroll_to(struct stats *s, int top)
{
    if (top > max_top(s))
        top = max_top(s);
    if (top < 0)
        top = 0;
    if (top == s->top)
        return PANE_HANDLED;
    s->top = top;
    return PANE_HANDLED | PANE_DIRTY;
}

/* Brings the chart into view when the cursor moves while it is scrolled away. */
static void show_chart(struct stats *s)
{
    size_t end = s->chart_line + (size_t)chart_rows(s) + 2;

    if ((size_t)s->top > s->chart_line || (size_t)(s->top + s->height) < end)
        scroll_to(s, (int)s->chart_line - 1);
}

static void set_cursor(struct stats *s, int64_t day)
{
    if (day > s->first + s->ndays - 1)
        day = s->first + s->ndays - 1;
    if (day < s->first)
        day = s->first;
    s->cursor = day;
}

static unsigned move_day(struct stats *s, int bars)
{
    int64_t before = s->cursor;

    if (s->ndays < 1)
        return PANE_HANDLED;
    set_cursor(s, s->cursor + bars * s->layout.per_bar);
    if (s->cursor == before)
        return PANE_HANDLED;
    build(s);
    show_chart(s);
    return PANE_HANDLED | PANE_DIRTY | PANE_MOVED;
}

/* u: the chart counts the next unit (day, week, hour, weekday), asked of
 * the model anew as a filter would be. */
static unsigned next_unit(struct stats *s)
{
    static const char *const names[MODEL_UNIT_COUNT] = {"day", "week", "hour of the day",
                                                        "day of the week"};
    char zone[80];

    s->by = (enum model_unit)((s->by + 1) % MODEL_UNIT_COUNT);
    s->zoomed = false;
    s->cursor = INT64_MIN;
    when_zone_name(s->ctx->zone, zone, sizeof zone);
    s->ctx->message(s->ctx->app, false, "chart: posts per %s (%s)", names[s->by], zone);
    defer_stats(s);
    build(s);
    return PANE_HANDLED | PANE_DIRTY;
}

static unsigned enter(struct stats *s)
{
    char day[16];
    const struct model_day *d;

    if (s->ndays < 1 || s->layout.cursor_bar < 0)
        return PANE_HANDLED;
    if (s->by != MODEL_BY_DAY) {
        s->ctx->message(s->ctx->app, false, "a day is chosen in the chart of days (u)");
        return PANE_HANDLED;
    }
    if (s->layout.per_bar > 1) {
        zoom_in(s, s->cursor);
        build(s);
        show_chart(s);
        return PANE_HANDLED | PANE_DIRTY;
    }
    s->has_selected = true;
    s->selected = s->cursor;
    d = find_day(s, s->cursor);
    format_day(s->cursor, day, sizeof day);
    s->ctx->message(s->ctx->app, false, "day %s selected (%lld posts)", day,
                    (long long)(d ? d->posts : 0));
    return PANE_HANDLED | PANE_DIRTY | PANE_SELECTED;
}

/* Scrolls the page so the selected figure's first line is in view. */
static unsigned show_figure(struct stats *s)
{
    int line;

    if (!s->has_fig_sel || s->fig_line[s->fig_sel] == SIZE_MAX)
        return PANE_HANDLED | PANE_DIRTY;
    line = (int)s->fig_line[s->fig_sel];
    if (line < s->top || line >= s->top + s->height - 1)
        scroll_to(s, line - s->height / 3);
    return PANE_HANDLED | PANE_DIRTY;
}

/* Selects the next (dir 1) or previous (-1) figure shown; the first one
 * when none is selected. */
static unsigned select_figure(struct stats *s, int dir)
{
    size_t i = s->has_fig_sel ? s->fig_sel : (dir > 0 ? SIZE_MAX : s->nfig);

    if (s->detail)
        return PANE_HANDLED;
    for (i += (size_t)(ptrdiff_t)dir; i < s->nfig; i += (size_t)(ptrdiff_t)dir)
        if (s->fig_line[i] != SIZE_MAX)
            break;
    if (i >= s->nfig)
        return PANE_HANDLED;
    s->fig_sel = i;
    s->has_fig_sel = true;
    build(s);
    return show_figure(s);
}

static unsigned stats_handle(void *state, enum action act, keymap_key key)
{
    struct stats *s = state;
    int page = s->height > 2 ? s->height - 2 : 1;

    (void)key;
    /* The chart being counted is not on screen: nothing to move or pick. */
    if (s->pending && (act == ACT_LEFT || act == ACT_RIGHT || act == ACT_OPEN))
        return PANE_HANDLED;
    switch (act) {
    case ACT_DOWN:
        return scroll_to(s, s->top + 1);
    case ACT_UP:
        return scroll_to(s, s->top - 1);
    case ACT_PAGE_DOWN:
        return scroll_to(s, s->top + page);
    case ACT_PAGE_UP:
        return scroll_to(s, s->top - page);
    case ACT_HALF_DOWN:
        return scroll_to(s, s->top + (page + 1) / 2);
    case ACT_HALF_UP:
        return scroll_to(s, s->top - (page + 1) / 2);
    case ACT_TOP:
        return scroll_to(s, 0);
    case ACT_BOTTOM:
        return scroll_to(s, max_top(s));
    case ACT_CHART_UNIT:
        return next_unit(s);
    case ACT_LEFT:
        return move_day(s, -1);
    case ACT_RIGHT:
        return move_day(s, 1);
    case ACT_OPEN:
        return s->detail ? PANE_HANDLED : enter(s);
    case ACT_NEXT_FIGURE:
        return select_figure(s, 1);
    case ACT_PREV_FIGURE:
        return select_figure(s, -1);
    case ACT_FIGURE_DETAIL:
        if (!s->has_fig_sel && !(select_figure(s, 1) & PANE_DIRTY))
            return PANE_HANDLED;
        s->detail = true;
        s->top = 0;
        build(s);
        return PANE_HANDLED | PANE_DIRTY;
    case ACT_BACK:
        if (s->detail) {
            s->detail = false;
            build(s);
            return show_figure(s);
        }
        if (!s->zoomed)
            return 0;
        s->zoomed = false;
        build(s);
        return PANE_HANDLED | PANE_DIRTY;
    default:
        return 0;
    }
}

static unsigned stats_prompt_done(void *state, const char *answer)
{
    (void)state;
    (void)answer;
    return 0;
}

static void stats_changed(void *state, enum pane_change change)
{
    struct stats *s = state;

    if (change == PANE_CHANGE_DATA) {
        load_figures(s);
        defer_stats(s);
    } else if (change == PANE_CHANGE_ZONE) {
        /* The days are other days: counted again, the cursor put back. */
        s->zoomed = false;
        s->cursor = INT64_MIN;
        defer_stats(s);
    } else if (change == PANE_CHANGE_LANGUAGE) {
        prepare_post_texts(s);
        load_figures(s); /* the detail is written in the UI language */
    }
    build(s);
}

static bool stats_has_work(void *state)
{
    const struct stats *s = state;
    return s->pending;
}

static unsigned stats_work(void *state)
{
    struct stats *s = state;

    if (!s->pending || load_stats(s) == MODEL_INTERRUPTED)
        return 0;
    s->pending = false;
    if (s->has_want) {
        s->has_want = false;
        stats_focus_day(s, s->want_day_utc);
    }
    build(s);
    return PANE_DIRTY;
}

static enum keymap_scope stats_scope(void *state)
{
    (void)state;
    return SCOPE_STATS;
}

static void stats_describe(void *state, char *title, size_t title_size, char *position,
                           size_t position_size)
{
    struct stats *s = state;

    snprintf(title, title_size, "%s", s->label ? s->label : say(s, P_ALL_POSTS));
    position[0] = '\0';
    if (!s->pending && s->ndays > 0 && s->layout.cursor_bar >= 0)
        describe_bar(s, position, position_size);
}

const struct pane_ops stats_pane_ops = {
    .title = "Stats",
    .open = stats_open,
    .close = stats_close,
    .resize = stats_resize,
    .draw = stats_draw,
    .handle = stats_handle,
    .prompt_done = stats_prompt_done,
    .changed = stats_changed,
    .has_work = stats_has_work,
    .work = stats_work,
    .scope = stats_scope,
    .describe = stats_describe,
};

/* ---- what ui/app.c asks -------------------------------------------------------------- */

static bool copy_string(char **dst, const char *src)
{
    free(*dst);
    *dst = src ? strdup(src) : NULL;
    return !src || *dst;
}

void stats_set_filter(void *state, const struct model_filter *filter, const char *label)
{
    struct stats *s = state;

    s->filter = *filter;
    /* The caller's strings are only borrowed: keep copies. */
    if (!copy_string(&s->lang, filter->lang) || !copy_string(&s->platform, filter->platform) ||
        !copy_string(&s->tag, filter->tag) || !copy_string(&s->provenance, filter->provenance) ||
        !copy_string(&s->search, filter->search))
        s->ctx->message(s->ctx->app, true, "stats: out of memory");
    s->filter.lang = s->lang;
    s->filter.platform = s->platform;
    s->filter.tag = s->tag;
    s->filter.provenance = s->provenance;
    s->filter.search = s->search;
    release(s->label);
    s->label = label ? sanitize(label) : NULL;
    defer_stats(s);
    build(s);
}

bool stats_selected_day(void *state, int64_t *from, int64_t *to)
{
    struct stats *s = state;
    struct tm tm;

    /* A day beyond the calendar (a damaged cache) links nowhere: the
     * window around it would overflow. */
    if (!s->has_selected || s->selected <= -INT64_MAX / DAY_SECONDS ||
        s->selected >= INT64_MAX / DAY_SECONDS - 1 ||
        !when_calendar(s->selected * DAY_SECONDS, when_utc(), &tm))
        return false;
    *from = when_zone_day_first(s->ctx->zone, s->selected);
    *to = when_zone_day_first(s->ctx->zone, s->selected + 1);
    return true;
}

void stats_focus_day(void *state, int64_t day_utc)
{
    struct stats *s = state;

    if (s->pending) {
        s->has_want = true;
        s->want_day_utc = day_utc;
        return;
    }
    if (s->ndays < 1 || s->by != MODEL_BY_DAY)
        return;
    set_cursor(s, when_zone_day_number(s->ctx->zone, day_utc));
    if (s->layout.per_bar > 1 || s->zoomed)
        zoom_in(s, s->cursor);
    build(s);
}
