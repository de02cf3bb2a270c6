/* stats_lines.c — the stats pane's words in the UI language, and putting
 * prepared (sanitised) text on the page's lines. */

#include "autoconfig.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/i18n.h"
#include "../src/text.h"
#include "../src/when.h"
#include "chart.h"
#include "sheet.h"
#include "stats.h"
#include "stats_internal.h"
#include "theme.h"

const char *const stats_phrases[P_COUNT][2] = {
    [P_COMPUTED] = {N_("Computed from the cache"), "根据本地缓存计算"},
    [P_REPORTED] = {N_("Reported (with sources)"), "报道数据（附来源）"},
    [P_ALL_POSTS] = {N_("all posts"), "全部帖子"},
    [P_PER_DAY] = {N_("Posts per day"), "每日帖子数"},
    [P_PER_WEEK] = {N_("Posts per week"), "每周帖子数"},
    [P_PER_HOUR] = {N_("Posts per hour of the day"), "各小时帖子数"},
    [P_PER_WEEKDAY] = {N_("Posts per day of the week"), "星期各天帖子数"},
    [P_BUSIEST] = {N_("busiest"), "最多"},
    [P_LANGUAGE] = {N_("Language"), "语言"},
    [P_TOP_TAGS] = {N_("Top tags"), "热门标签"},
    [P_CODES] = {N_("Posts per code"), "各编码的帖子数"},
    [P_MOST_LIKED] = {N_("Most liked posts"), "点赞最多的帖子"},
    [P_TOP_AUTHORS] = {N_("Top authors"), "发帖最多的作者"},
    [P_NO_POSTS] = {N_("No posts in the cache."), "缓存中没有帖子。"},
    [P_NO_MATCH] = {N_("No posts match this filter."), "没有符合筛选条件的帖子。"},
    [P_NO_POSTS_IN_WINDOW] = {N_("No posts in this window; the posts cover"), "此时段没有帖子；帖子的时间范围是"},
    [P_NO_FIGURES] = {N_("No reported figures in the cache."), "缓存中没有报道数据。"},
    [P_UNCONFIRMED] = {N_("unconfirmed"), "未证实"},
    [P_MEDIUM] = {N_("medium confidence"), "中等可信度"},
    [P_SOURCE] = {N_("Source: "), "来源："},
    [P_SOURCES] = {N_("Sources: "), "来源："},
    [P_NO_SOURCE] = {N_("no source given"), "未注明来源"},
    [P_POST] = {N_("post"), "条帖子"},
    [P_POSTS] = {N_("posts"), "条帖子"},
    [P_IMPORTED_POST] = {N_("imported post"), "条导入的帖子"},
    [P_IMPORTED_POSTS] = {N_("imported posts"), "条导入的帖子"},
    [P_LIKES] = {N_("likes"), "个赞"},
    [P_AT_LEAST] = {N_("at least "), "至少"},
    [P_OTHER_LANGS] = {N_("in other languages"), "条其他语言"},
    [P_ENTER_ZOOM] = {N_("Enter: zoom in"), "回车：放大"},
    [P_ENTER_SELECT] = {N_("Enter: select the day"), "回车：选择该日"},
    [P_ESC_ZOOM_OUT] = {N_("Esc: zoom out"), "Esc：缩小"},
    [P_COUNTING] = {N_("Counting\xe2\x80\xa6"), "正在统计\xe2\x80\xa6"},
    [P_FIGURES_IN_WINDOW] = {N_("of the window"), "本时段"},
    [P_NO_FIGURES_IN_WINDOW] = {N_("No reported figures in this window."), "此时段没有报道数据。"},
    [P_FIGURE_KEYS] = {N_("n/N: select a figure · v: its sources in full"),
                       "n/N：选择数据 · v：查看完整来源"},
    [P_FIGURE] = {N_("Reported figure"), "报道数据"},
    [P_VALUE] = {N_("Value: "), "数值："},
    [P_AS_OF] = {N_("As of: "), "时间："},
    [P_DATE_ONLY] = {N_("(date only)"), "（仅日期）"},
    [P_CONFIDENCE] = {N_("Confidence: "), "可信度："},
    [P_NOTES] = {N_("Notes: "), "说明："},
    [P_EVENT] = {N_("Event: "), "相关事件："},
    [P_DETAIL_BACK] = {N_("Esc: back to the stats"), "Esc：返回统计"},
};

int stats_language(const struct stats *s)
{
    return text_ascii() ? LANGUAGE_EN : s->ctx->language;
}

bool stats_words_zh(const struct stats *s)
{
    return stats_language(s) == LANGUAGE_ZH || i18n_chinese();
}

/* A phrase in the UI language (both: English, for running text, unless
 * the interface speaks Chinese). The table's own Chinese, so a count's
 * unit ("条帖子") never meets a column head's word ("帖子") in the catalog. */
const char *stats_say(const struct stats *s, enum phrase p)
{
    return stats_words_zh(s) ? stats_phrases[p][1] : _(stats_phrases[p][0]);
}

void stats_format_day(int64_t day, char *buf, size_t size)
{
    /* A day beyond the calendar (a damaged cache) is dashes as wide as a
     * date, which callers cut at the year. */
    if (day > -INT64_MAX / DAY_SECONDS && day < INT64_MAX / DAY_SECONDS)
        when_format(buf, size, day * DAY_SECONDS, when_utc(), WHEN_DATE);
    else
        snprintf(buf, size, "----------");
}

const char *const stats_hour_names[24] = {
    "00", "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11",
    "12", "13", "14", "15", "16", "17", "18", "19", "20", "21", "22", "23"};
const char *const stats_weekday_names[7] = {N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"),
                                            N_("Fri"), N_("Sat"), N_("Sun")};

bool stats_by_cycle(const struct stats *s)
{
    return s->by == MODEL_BY_HOUR || s->by == MODEL_BY_WEEKDAY;
}

void stats_format_slot(const struct stats *s, int64_t slot, char *buf, size_t size)
{
    if (s->by == MODEL_BY_HOUR && slot >= 0 && slot < 24)
        snprintf(buf, size, "%s:00", stats_hour_names[slot]);
    else if (s->by == MODEL_BY_WEEKDAY && slot >= 0 && slot < 7)
        snprintf(buf, size, "%s", _(stats_weekday_names[slot]));
    else
        stats_format_day(slot, buf, size);
}

/* Every prepared string is drawable: when memory runs out it is this empty
 * one, which stats_release() leaves alone. */
char stats_no_text[1];

char *stats_sanitize_n(const char *s, size_t len)
{
    char *safe = text_sanitize(s ? s : "", s ? len : 0, 0);

    return safe ? safe : stats_no_text;
}

char *stats_sanitize(const char *s)
{
    return stats_sanitize_n(s, s ? strlen(s) : 0);
}

void stats_release(char *s)
{
    if (s != stats_no_text)
        free(s);
}

char *stats_sanitize_f(const char *fmt, ...)
{
    va_list ap;
    char buf[1024];

    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return stats_sanitize(buf);
}

/* ---- prepared lines ---------------------------------------------------------- */

int stats_width_of(const char *text)
{
    return text_width(text, strlen(text));
}

const char *stats_separator(void)
{
    return text_ascii() ? " - " : " \xc2\xb7 ";
}

const char *stats_arrow(void)
{
    return text_ascii() ? "->" : "\xe2\x86\x92";
}

const char *stats_badge(bool zh)
{
    return zh ? (text_ascii() ? "ZH" : "\xe4\xb8\xad") : "EN";
}

int stats_put_text(struct stats *s, int x, const char *text, enum theme_role role, attr_t attrs)
{
    return sheet_put(&s->sheet, x, s->width - x, text, role, attrs);
}

int stats_put_f(struct stats *s, int x, enum theme_role role, attr_t attrs, const char *fmt, ...)
{
    va_list ap;
    char buf[512];
    char *safe;
    int used;

    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    safe = stats_sanitize(buf);
    used = stats_put_text(s, x, safe, role, attrs);
    stats_release(safe);
    return used;
}

/* Puts made-up text at *x, or at `indent` on a new line when it does not
 * fit on this one. */
void stats_flow(struct stats *s, int *x, int indent, enum theme_role role, attr_t attrs,
                const char *text)
{
    char *safe = stats_sanitize(text);

    if (*x > indent && *x + stats_width_of(safe) > s->width) {
        sheet_new_line(&s->sheet);
        *x = indent;
    }
    *x += stats_put_text(s, *x, safe, role, attrs);
    stats_release(safe);
}

/* Puts " · lead text" after what is on the line, or "lead text" at `indent`
 * on a new line when it does not fit: a separator never ends a line. The
 * lead (a language badge, or NULL) has its own role. */
void stats_flow_item(struct stats *s, int *x, int indent, const char *lead,
                     enum theme_role lead_role, const char *text, enum theme_role role,
                     attr_t attrs)
{
    char *safe = stats_sanitize(text);
    int w = stats_width_of(safe) + (lead ? stats_width_of(lead) + 1 : 0);

    if (*x > indent) {
        if (*x + stats_width_of(stats_separator()) + w > s->width) {
            sheet_new_line(&s->sheet);
            *x = indent;
        } else {
            *x += stats_put_text(s, *x, stats_separator(), ROLE_DIM, A_NORMAL);
        }
    }
    if (lead)
        *x += stats_put_text(s, *x, lead, lead_role, A_BOLD) + 1;
    *x += stats_put_text(s, *x, safe, role, attrs);
    stats_release(safe);
}

/* Puts made-up text at *x only when it fits on this line (details that
 * are worth a line of their own are flowed instead). */
void stats_put_if_fits(struct stats *s, int *x, enum theme_role role, attr_t attrs,
                       const char *text)
{
    char *safe = stats_sanitize(text);

    if (*x + stats_width_of(safe) <= s->width)
        *x += stats_put_text(s, *x, safe, role, attrs);
    stats_release(safe);
}

unsigned stats_chart_flags(void)
{
    if (text_ascii())
        return CHART_ASCII;
    /* Block elements are East Asian ambiguous: the text layer knows how
     * wide the terminal shows them. */
    return stats_width_of("\xe2\x96\x88") > 1 ? CHART_WIDE : 0;
}

/* A section heading; in both languages when the UI shows both. */
int stats_put_heading(struct stats *s, int x, enum phrase p)
{
    if (stats_language(s) == LANGUAGE_BOTH)
        return stats_put_f(s, x, ROLE_HEADING, A_BOLD, "%s%s%s", stats_phrases[p][0], stats_separator(),
                           stats_phrases[p][1]);
    return stats_put_f(s, x, ROLE_HEADING, A_BOLD, "%s", stats_say(s, p));
}

void stats_put_subheading(struct stats *s, enum phrase p)
{
    sheet_new_line(&s->sheet);
    sheet_new_line(&s->sheet);
    stats_put_f(s, 1, ROLE_NORMAL, A_BOLD, "%s", stats_say(s, p));
}
