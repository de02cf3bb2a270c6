/* authors.c — the authors of the listed posts (contract in authors.h). */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/i18n.h"
#include "../src/model_authors.h"
#include "../src/text.h"
#include "../src/when.h"
#include "draw.h"
#include "authors.h"
#include "list.h"

/* A row prepared for drawing: the numbers and the identity, sanitised. */
struct av_row {
    char *counts; /* "  12     3    1,204  2025-01-20" */
    char *who;    /* "name · platform:key · region" */
};

struct authors_view {
    struct pane_context *ctx;
    int width, height;
    /* The filter the list is of, with its own copies of the strings. */
    struct model_filter filter;
    char lang[16], platform[64], tag[128], provenance[16], search[512], author[256];
    char *about;
    enum model_author_sort sort;
    struct model_author_list list;
    struct av_row *rows;
    size_t cur;
    int top;
    char *chosen;
    bool picked;
    bool loading; /* the list is yet to be read: authors_view_work() reads it */
    bool rest;    /* a first screen is read, the rest is yet to be */
};

static int visible(const struct authors_view *av)
{
    /* The view's head and the column names take two lines. */
    return av->height - 2 > 1 ? av->height - 2 : 1;
}

static void free_rows(struct authors_view *av)
{
    for (size_t i = 0; av->rows && i < av->list.count; i++) {
        free(av->rows[i].counts);
        free(av->rows[i].who);
    }
    free(av->rows);
    av->rows = NULL;
    model_author_list_free(&av->list);
}

static void prepare(struct authors_view *av)
{
    av->rows = calloc(av->list.count ? av->list.count : 1, sizeof *av->rows);
    if (!av->rows)
        return;
    for (size_t i = 0; i < av->list.count; i++) {
        const struct model_author *a = &av->list.rows[i];
        char counts[128], likes[48], last[24], *who = NULL;
        size_t len;

        snprintf(likes, sizeof likes, "%s%lld%s", a->likes_at_least ? ">=" : "",
                 (long long)a->likes, a->illustrative ? " i" : "");
        when_format(last, sizeof last, a->last_seen, av->ctx->zone, WHEN_DATE);
        snprintf(counts, sizeof counts, "%6lld %8lld %12s  %s", (long long)a->posts,
                 (long long)a->comments, likes, last);
        av->rows[i].counts = text_sanitize(counts, strlen(counts), 0);
        len = strlen(a->platform) + strlen(a->key) + (a->name ? strlen(a->name) : 0) +
              (a->region ? strlen(a->region) : 0) + 16;
        if ((who = malloc(len))) {
            snprintf(who, len, "%s%s%s:%s%s%s", a->name && strcmp(a->name, a->key) ? a->name : "",
                     a->name && strcmp(a->name, a->key) ? " \xc2\xb7 " : "", a->platform, a->key,
                     a->region ? " \xc2\xb7 " : "", a->region ? a->region : "");
            av->rows[i].who = text_sanitize(who, strlen(who), 0);
            free(who);
        }
    }
}

/* Leaves the list to be read in the current order by the loop's deferred
 * work: a filtered list reads every post the filter selects. */
static void defer_load(struct authors_view *av)
{
    free_rows(av);
    av->loading = true;
    av->rest = false;
    av->ctx->work_requests++;
}

bool authors_view_pending(const struct authors_view *av)
{
    return av->loading || av->rest;
}

int authors_view_work(struct authors_view *av)
{
    struct rf_error err = {{0}};
    struct model_author_list got;
    size_t limit = AUTHORS_MAX;
    int rc;

    if (!av->loading && !av->rest)
        return 0;
    /* A screen first when the model finds it sooner than the whole list
     * (model_authors_bounded()); the rest after it is on screen. */
    if (av->loading && (size_t)visible(av) < AUTHORS_MAX) {
        rc = model_authors_bounded(av->ctx->model, &av->filter, av->sort, &err);
        if (rc == MODEL_INTERRUPTED)
            return rc;
        if (rc == 1)
            limit = (size_t)visible(av);
    }
    rc = model_authors(av->ctx->model, &av->filter, av->sort, limit, &got, &err);
    if (rc == MODEL_INTERRUPTED)
        return rc;
    free_rows(av);
    av->rest = av->loading && rc == 0 && limit < AUTHORS_MAX && got.count == limit;
    av->loading = false;
    if (rc != 0)
        av->ctx->message(av->ctx->app, true, _("authors: %s"), err.msg);
    else
        av->list = got;
    prepare(av);
    if (av->cur >= av->list.count)
        av->cur = av->list.count ? av->list.count - 1 : 0;
    list_keep_visible(&av->top, (int)av->cur, visible(av), (int)av->list.count, 0);
    return 0;
}

static const char *copy(char *dst, size_t size, const char *s)
{
    if (!s)
        return NULL;
    snprintf(dst, size, "%s", s);
    return dst;
}

struct authors_view *authors_view_open(struct pane_context *ctx, const struct model_filter *filter,
                                       const char *about, int width, int height)
{
    struct authors_view *av = calloc(1, sizeof *av);

    if (!av)
        return NULL;
    av->ctx = ctx;
    av->width = width;
    av->height = height;
    av->filter = *filter;
    av->filter.lang = copy(av->lang, sizeof av->lang, filter->lang);
    av->filter.platform = copy(av->platform, sizeof av->platform, filter->platform);
    av->filter.tag = copy(av->tag, sizeof av->tag, filter->tag);
    av->filter.provenance = copy(av->provenance, sizeof av->provenance, filter->provenance);
    av->filter.search = copy(av->search, sizeof av->search, filter->search);
    av->filter.author = copy(av->author, sizeof av->author, filter->author);
    av->about = text_sanitize(about ? about : "", about ? strlen(about) : 0, 0);
    defer_load(av);
    return av;
}

void authors_view_close(struct authors_view *av)
{
    if (!av)
        return;
    free_rows(av);
    free(av->about);
    free(av->chosen);
    free(av);
}

void authors_view_resize(struct authors_view *av, int width, int height)
{
    av->width = width;
    av->height = height;
    list_keep_visible(&av->top, (int)av->cur, visible(av), (int)av->list.count, 0);
}

/* The order's words for people (model_author_sort_name is for options). */
static const char *const order[MODEL_AUTHORS_SORT_COUNT] = {
    [MODEL_AUTHORS_POSTS] = N_("most posts first"),
    [MODEL_AUTHORS_COMMENTS] = N_("most comments first"),
    [MODEL_AUTHORS_LIKES] = N_("most likes first"),
    [MODEL_AUTHORS_RECENT] = N_("seen last first")};

/* Appends `word` to the header at `*col`, right-aligned (or left-aligned)
 * in `width` columns as the rows' numbers are, measured, not counted. */
static void head_cell(WINDOW *win, int *col, const char *word, int width, bool right, int max)
{
    int w = text_width(word, strlen(word));
    int x = *col + (right && w < width ? width - w : 0);

    if (x < max)
        draw_str(win, 1, x, word, max - x, theme_attr(ROLE_DIM));
    *col += (w > width ? w : width) + 1;
}

void authors_view_draw(struct authors_view *av, WINDOW *win, bool focused)
{
    char head[600];
    int col = 1;

    if (av->loading)
        snprintf(head, sizeof head,
                 _("Authors of %s: counting\xe2\x80\xa6 (a key pauses the count, Esc closes)"),
                 av->about);
    else if (av->list.count == AUTHORS_MAX || av->rest)
        snprintf(head, sizeof head, _("Authors of %s: %zu shown, %s (o sorts, Enter shows their posts)"),
                 av->about, av->list.count, _(order[av->sort]));
    else
        snprintf(head, sizeof head, _("Authors of %s: %zu, %s (o sorts, Enter shows their posts)"),
                 av->about, av->list.count, _(order[av->sort]));
    draw_str(win, 0, 1, head, av->width - 1, theme_attr(ROLE_HEADING));
    /* The columns of prepare_rows: "%6lld %8lld %12s  %s", then the who. */
    head_cell(win, &col, _("posts"), 6, true, av->width);
    head_cell(win, &col, _("comments"), 8, true, av->width);
    head_cell(win, &col, _("likes"), 12, true, av->width);
    col++;
    head_cell(win, &col, _("last seen"), 10, false, av->width);
    col++;
    head_cell(win, &col, _("who"), 3, false, av->width);
    if (av->loading)
        return;
    if (av->list.count == 0) {
        draw_str(win, 2, 1, _("No authors: the posts name none."), av->width - 1, theme_attr(ROLE_DIM));
        return;
    }
    for (int row = 0; row < visible(av); row++) {
        size_t i = (size_t)av->top + (size_t)row;
        attr_t attr;
        int x;

        if (i >= av->list.count || !av->rows || !av->rows[i].counts)
            break;
        attr = i == av->cur ? theme_attr(focused ? ROLE_CURSOR : ROLE_CURSOR_DIM)
                            : theme_attr(ROLE_NORMAL);
        draw_fill(win, 2 + row, 0, av->width, attr);
        x = 1 + draw_str(win, 2 + row, 1, av->rows[i].counts, av->width - 1, attr);
        if (av->rows[i].who && x + 2 < av->width)
            draw_str(win, 2 + row, x + 2, av->rows[i].who, av->width - x - 2, attr);
    }
}

unsigned authors_view_handle(struct authors_view *av, enum action act)
{
    long delta;

    if (list_step(act, visible(av), &delta)) {
        av->cur = list_move(av->cur, delta, av->list.count);
        list_keep_visible(&av->top, (int)av->cur, visible(av), (int)av->list.count,
                          av->ctx->cfg->ui.scroll_jump);
        return PANE_HANDLED | PANE_DIRTY;
    }
    switch (act) {
    case ACT_TOP:
    case ACT_BOTTOM:
        av->cur = act == ACT_TOP || av->list.count == 0 ? 0 : av->list.count - 1;
        list_keep_visible(&av->top, (int)av->cur, visible(av), (int)av->list.count, 0);
        return PANE_HANDLED | PANE_DIRTY;
    case ACT_AUTHORS_SORT:
        av->sort = (av->sort + 1) % MODEL_AUTHORS_SORT_COUNT;
        av->cur = 0;
        av->top = 0;
        defer_load(av);
        av->ctx->message(av->ctx->app, false, _("authors: %s"), _(order[av->sort]));
        return PANE_HANDLED | PANE_DIRTY;
    case ACT_OPEN: {
        const struct model_author *a;
        size_t len;
        if (av->list.count == 0)
            return PANE_HANDLED;
        a = &av->list.rows[av->cur];
        len = strlen(a->platform) + strlen(a->key) + 2;
        free(av->chosen);
        if ((av->chosen = malloc(len)))
            snprintf(av->chosen, len, "%s:%s", a->platform, a->key);
        av->picked = av->chosen != NULL;
        return PANE_HANDLED | PANE_DIRTY;
    }
    default:
        return 0;
    }
}

const char *authors_view_chosen(struct authors_view *av)
{
    if (!av->picked)
        return NULL;
    av->picked = false;
    return av->chosen;
}

void authors_view_describe(const struct authors_view *av, char *buf, size_t size)
{
    if (av->loading)
        snprintf(buf, size, "%s", _("counting authors\xe2\x80\xa6"));
    else if (av->list.count == 0)
        snprintf(buf, size, "%s", _("no authors"));
    else
        snprintf(buf, size, _("author %zu of %zu \xc2\xb7 %s"), av->cur + 1, av->list.count,
                 _(order[av->sort]));
}
