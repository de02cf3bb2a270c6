/* stats_internal.h — what the files of the stats pane (ui/stats*.c) share.
 *
 * Private to ui/stats*.c. stats.c holds the pane's operations, loading the
 * aggregates and laying the page out (build); stats_lines.c the words in the
 * UI language and the helpers that put prepared text on the page's lines;
 * stats_computed.c the computed section (totals, the chart, the language
 * split, tags, most liked posts); stats_reported.c the reported figures,
 * prepared once per load and laid out wide or narrow. Everything not
 * declared here stays static in its file. Draw only reads s->sheet.
 */
#ifndef REFUGE_UI_STATS_INTERNAL_H
#define REFUGE_UI_STATS_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <curses.h>

#include "../src/model.h"
#include "../src/model_authors.h"
#include "sheet.h"
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

/* Authors under "Top authors". */
enum { STATS_TOP_AUTHORS = 5 };

/* ---- words in the UI language ------------------------------------------------ */

enum phrase {
    P_COMPUTED,
    P_REPORTED,
    P_ALL_POSTS,
    P_PER_DAY,
    P_PER_WEEK,
    P_PER_HOUR,
    P_PER_WEEKDAY,
    P_BUSIEST,
    P_LANGUAGE,
    P_TOP_TAGS,
    P_CODES,
    P_MOST_LIKED,
    P_TOP_AUTHORS,
    P_NO_POSTS,
    P_NO_MATCH,
    P_NO_POSTS_IN_WINDOW,
    P_NO_FIGURES,
    P_UNCONFIRMED,
    P_MEDIUM,
    P_SOURCE,
    P_SOURCES,
    P_NO_SOURCE,
    P_POST,
    P_POSTS,
    P_IMPORTED_POST,
    P_IMPORTED_POSTS,
    P_LIKES,
    P_AT_LEAST,
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

/* By enum phrase: English, Chinese. */
extern const char *const stats_phrases[P_COUNT][2];

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
    char *lang, *platform, *tag, *provenance, *code, *search, *author, *label;

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
    char **codes;             /* code names, sanitised: ncodes of st.codes */
    size_t ncodes;
    /* t selects one of the top tags; w lists the tags that travel with it
     * under it, w again hides them. They are asked in stats_work() like
     * the stats (a common tag's posts at a million take seconds), and
     * cotags_pending says they are on their way. */
    bool has_tag_sel, cotags_open, cotags_pending;
    size_t tag_sel, tag_line; /* the selected tag and its line on the page */
    struct model_cotags cotags;
    char **cotag_text;        /* "#tag", sanitised: cotags.ntags of them */
    /* `/`: figures whose label (either language) or a source's publisher
     * or title holds this ("" none); n and N then step through them. */
    char fig_search[256];
    /* The filter's most active authors, read with the stats; a selects
     * one (author_sel, on the page at author_line), Enter chooses it for
     * the feed (author_chosen, until stats_selected_author() reads it). */
    struct model_author_list authors;
    char **author_text; /* "name · platform:key", sanitised: authors.count */
    bool has_author_sel, author_chosen;
    size_t author_sel, author_line;
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

/* ---- words and prepared lines (stats_lines.c) ----------------------------------- */

/* Every prepared string is drawable: when memory runs out it is this empty
 * one, which stats_release() leaves alone. */
extern char stats_no_text[1];
/* True when the pane's own words (figures' values, confidences) are
 * Chinese: the content language is, or the interface speaks Chinese. */
bool stats_words_zh(const struct stats *s);
int stats_language(const struct stats *s);
/* A phrase in the UI language (both: English, for running text). */
const char *stats_say(const struct stats *s, enum phrase p);
void stats_format_day(int64_t day, char *buf, size_t size);
/* The chart's slots are days (dates) unless it counts hours or weekdays;
 * those are named "00".."23" and "Mon".."Sun" on its axis. */
bool stats_by_cycle(const struct stats *s);
extern const char *const stats_hour_names[24];
extern const char *const stats_weekday_names[7];
/* A slot as its bar is captioned: a date, "13:00" or "Sun". */
void stats_format_slot(const struct stats *s, int64_t slot, char *buf, size_t size);
char *stats_sanitize_n(const char *s, size_t len);
char *stats_sanitize(const char *s);
void stats_release(char *s);
char *stats_sanitize_f(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int stats_width_of(const char *text);
const char *stats_separator(void);
const char *stats_arrow(void);
const char *stats_badge(bool zh);
int stats_put_text(struct stats *s, int x, const char *text, enum theme_role role, attr_t attrs);
/* stats_put_text() for text made here (words, numbers, data already sanitised):
 * sanitised as a whole, which in ASCII mode also makes it ASCII. */
int stats_put_f(struct stats *s, int x, enum theme_role role, attr_t attrs, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* Puts made-up text at *x, or at `indent` on a new line when it does not
 * fit on this one. */
void stats_flow(struct stats *s, int *x, int indent, enum theme_role role, attr_t attrs,
                const char *text);
/* Puts " · lead text" after what is on the line, or "lead text" at `indent`
 * on a new line when it does not fit: a separator never ends a line. The
 * lead (a language badge, or NULL) has its own role. */
void stats_flow_item(struct stats *s, int *x, int indent, const char *lead,
                     enum theme_role lead_role, const char *text, enum theme_role role,
                     attr_t attrs);
/* Puts made-up text at *x only when it fits on this line (details that
 * are worth a line of their own are flowed instead). */
void stats_put_if_fits(struct stats *s, int *x, enum theme_role role, attr_t attrs,
                       const char *text);
unsigned stats_chart_flags(void);
/* A section heading; in both languages when the UI shows both. */
int stats_put_heading(struct stats *s, int x, enum phrase p);
void stats_put_subheading(struct stats *s, enum phrase p);

/* ---- the computed section (stats_computed.c) ------------------------------------ */

const struct model_day *stats_find_day(const struct stats *s, int64_t day);
int stats_chart_rows(const struct stats *s);
/* Keeps the zoomed view inside the days and around the cursor; a view
 * that would hold every day is no zoom at all. */
void stats_clamp_view(struct stats *s);
void stats_zoom_in(struct stats *s, int64_t around);
/* What the cursor bar holds, written into buf: "2025-01-18: 40 posts" or
 * "2025-01-14 → 01-15: 92 posts". Returns the bar's day count. */
int64_t stats_describe_bar(const struct stats *s, char *buf, size_t size);
void stats_put_computed(struct stats *s);

/* ---- top authors (stats_authors.c) ---------------------------------------------- */

/* Reads the top authors of s->filter; MODEL_INTERRUPTED when the loop's
 * interrupt check stopped it (the old list is kept), else 0 (an error is
 * shown and the list left empty). */
int stats_load_authors(struct stats *s);
void stats_free_authors(struct stats *s);
void stats_put_authors(struct stats *s);
/* a: the next of the top authors; Enter: that one, for the feed. */
unsigned stats_select_author(struct stats *s);
unsigned stats_choose_author(struct stats *s);

/* ---- the reported section (stats_reported.c) ------------------------------------ */

void stats_put_reported(struct stats *s);
void stats_load_figures(struct stats *s);

/* ---- loading (stats.c) ---------------------------------------------------------- */

void stats_free_figures(struct stats *s);

#endif
