/* thread.c — a post's comments as a tree (contract in thread.h). */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/i18n.h"
#include "../src/plural.h"
#include "../src/buf.h"
#include "../src/i18n.h"
#include "../src/model_thread.h"
#include "../src/script.h"
#include "../src/text.h"
#include "../src/vocab.h"
#include "../src/when.h"
#include "../src/workbench.h"
#include "draw.h"
#include "list.h"
#include "scroll.h"
#include "thread.h"

/* Lines a comment takes in the list: its head and its first line. */
enum { ROW_LINES = 2 };
/* Bytes of a comment read for its row: more than the widest row shows. */
enum { ROW_BYTES = 4096 };
/* Screens of comments read around the cursor at a time. */
enum { WINDOW_SCREENS = 3 };
/* Columns of indent per level. */
enum { INDENT = 2 };

/* A comment on screen, prepared for drawing. */
struct tv_row {
    struct model_thread_comment c;
    char *head;       /* "author · 01-14 21:05 · 12 likes · 广东 · 3 replies", sanitised */
    char *line_orig;  /* the text on one line, sanitised */
    char *line_trans; /* the translation on one line, sanitised ("" when none) */
    bool hit;
};

/* A line of the comment read in full. */
struct tv_line {
    const char *s;
    size_t len;
    enum theme_role role;
};

struct thread_view {
    struct pane_context *ctx;
    int width, height;
    struct model_thread t;
    char *about; /* sanitised */
    size_t cur;  /* display position of the cursor */
    int top;     /* display position of the first comment on screen */
    /* The comments read: display positions first..first+n-1. */
    struct tv_row *rows;
    size_t first, n;
    char query[256];
    /* Enter: one comment in full. */
    bool full_open;
    struct model_thread_comment full;
    char *full_head, *full_text, *full_trans;
    struct tv_line *lines;
    size_t nlines, lines_cap;
    int full_scroll;
};

/* ---- the list ------------------------------------------------------------------- */

static int visible(const struct thread_view *tv)
{
    /* The first line is the view's own head. */
    int n = (tv->height - 1) / ROW_LINES;
    return n > 1 ? n : 1;
}

/* A text on one line: newlines and tabs as spaces, sanitised; "…" when it
 * was cut. */
static char *one_line(const char *s, bool cut)
{
    size_t len;
    char *flat, *line, *more;

    if (!s)
        return text_sanitize("", 0, 0);
    len = strlen(s);
    if (!(flat = malloc(len + 1)))
        return NULL;
    for (size_t i = 0; i <= len; i++)
        flat[i] = s[i] == '\n' || s[i] == '\r' || s[i] == '\t' ? ' ' : s[i];
    line = text_sanitize(flat, len, 0);
    free(flat);
    if (cut && line && (more = realloc(line, strlen(line) + strlen(text_ellipsis()) + 1)))
        return strcat(more, text_ellipsis());
    return line;
}

/* "12 likes", "10+ likes" or "likes –" (no file gave them). */
static void likes_text(const struct model_thread_comment *c, char *buf, size_t size)
{
    if (!c->has_likes)
        snprintf(buf, size, _("likes %s"), text_ascii() ? "-" : "\xe2\x80\x93");
    else if (c->likes_at_least)
        /* TRANSLATORS: a lower bound ("10+ likes"). */
        snprintf(buf, size, _("%lld+ likes"), (long long)c->likes);
    else
        snprintf(buf, size, plural(c->likes, "%lld like", "%lld likes"),
                 (long long)c->likes);
}

/* The codes applied to comment c (workbench.h), into *apps; false (and
 * none) when they cannot be read. */
static bool comment_codes(const struct thread_view *tv, const struct model_thread_comment *c,
                          struct wb_applications *apps)
{
    struct rf_error err = {{0}};

    memset(apps, 0, sizeof *apps);
    if (!c->platform || !c->ext_id)
        return false;
    return wb_item_codes(tv->ctx->model,
                         &(struct wb_item){.kind = WB_COMMENT, .platform = c->platform,
                                           .ext_id = c->ext_id},
                         apps, &err) == 0;
}

static void prepare_row(const struct thread_view *tv, struct tv_row *r)
{
    struct buf_text raw = {0};
    struct wb_applications codes;
    char when[24], likes[40];
    const char *author = r->c.author ? r->c.author : r->c.author_key ? r->c.author_key : "?";

    /* On the reader's clock, as the feed's rows. */
    when_format(when, sizeof when, r->c.ts_utc, tv->ctx->zone, WHEN_MONTH_DAY_TIME);
    likes_text(&r->c, likes, sizeof likes);
    buf_appendf(&raw, "%s \xc2\xb7 %s \xc2\xb7 %s", author, when, likes);
    if (r->c.region && r->c.region[0])
        buf_appendf(&raw, " \xc2\xb7 %s", r->c.region);
    if (r->c.has_replies && r->c.replies > 0)
        buf_appendf(&raw, plural(r->c.replies, " \xc2\xb7 %lld reply", " \xc2\xb7 %lld replies"),
                    (long long)r->c.replies);
    /* Codes are read with the window, never while drawing. */
    if (comment_codes(tv, &r->c, &codes) && codes.count) {
        buf_appendf(&raw, " \xc2\xb7 ");
        buf_appendf(&raw, plural((long long)codes.count, "%lld code:", "%lld codes:"),
                    (long long)codes.count);
        for (size_t i = 0; i < codes.count; i++)
            buf_appendf(&raw, "%s%s", i ? ", " : " ", codes.items[i].code);
    }
    wb_applications_free(&codes);
    r->head = text_sanitize(raw.s ? raw.s : "", raw.len, 0);
    free(raw.s);
    r->line_orig = one_line(r->c.text, r->c.text_cut);
    r->line_trans = one_line(r->c.translation, r->c.translation_cut);
    script_convert_owned(&r->line_orig, NULL, 0);
    script_convert_owned(&r->line_trans, NULL, 0);
}

static void free_rows(struct thread_view *tv)
{
    for (size_t i = 0; i < tv->n; i++) {
        free(tv->rows[i].head);
        free(tv->rows[i].line_orig);
        free(tv->rows[i].line_trans);
        model_thread_comments_free(&tv->rows[i].c, 1);
    }
    free(tv->rows);
    tv->rows = NULL;
    tv->first = tv->n = 0;
}

/* Reads the comments around the screen when the screen is not among
 * those read (force: always). */
static void load_window(struct thread_view *tv, bool force)
{
    size_t vis = (size_t)visible(tv), top = (size_t)tv->top, want, got = 0, first;
    size_t end = top + vis < tv->t.count ? top + vis : tv->t.count;
    struct model_thread_comment *got_rows;
    struct rf_error err = {{0}};

    if (!force && tv->n && top >= tv->first && end <= tv->first + tv->n)
        return;
    free_rows(tv);
    if (tv->t.count == 0)
        return;
    first = top > vis ? top - vis : 0;
    want = WINDOW_SCREENS * vis;
    if (!(got_rows = calloc(want, sizeof *got_rows)) ||
        !(tv->rows = calloc(want, sizeof *tv->rows))) {
        free(got_rows);
        return;
    }
    if (model_thread_comments(tv->ctx->model, &tv->t, first, want, ROW_BYTES, got_rows, &got,
                              &err) != 0) {
        tv->ctx->message(tv->ctx->app, true, _("comments: %s"), err.msg);
        free(got_rows);
        free(tv->rows);
        tv->rows = NULL;
        return;
    }
    for (size_t i = 0; i < got; i++) {
        tv->rows[i].c = got_rows[i];
        tv->rows[i].hit = tv->t.nodes[tv->t.order[first + i]].hit;
        prepare_row(tv, &tv->rows[i]);
    }
    free(got_rows);
    tv->first = first;
    tv->n = got;
}

static void keep_visible(struct thread_view *tv)
{
    list_keep_visible(&tv->top, (int)tv->cur, visible(tv), (int)tv->t.count,
                      tv->ctx->cfg->ui.scroll_jump);
    load_window(tv, false);
}

static void move_to(struct thread_view *tv, size_t pos)
{
    tv->cur = pos < tv->t.count ? pos : tv->t.count ? tv->t.count - 1 : 0;
    keep_visible(tv);
}

/* ---- one comment in full ------------------------------------------------------ */

static void clear_full(struct thread_view *tv)
{
    model_thread_comments_free(&tv->full, 1);
    free(tv->full_head);
    free(tv->full_text);
    free(tv->full_trans);
    free(tv->lines);
    tv->full_head = tv->full_text = tv->full_trans = NULL;
    tv->lines = NULL;
    tv->nlines = tv->lines_cap = 0;
}

static void push_line(struct thread_view *tv, const char *s, size_t len, enum theme_role role)
{
    if (buf_grow((void **)&tv->lines, &tv->lines_cap, tv->nlines + 1, sizeof *tv->lines))
        tv->lines[tv->nlines++] = (struct tv_line){s, len, role};
}

static void push_wrapped(struct thread_view *tv, const char *s, enum theme_role role)
{
    size_t len = strlen(s), need = text_wrap(s, len, tv->width - 1, NULL, 0);
    struct text_span *spans = calloc(need ? need : 1, sizeof *spans);

    if (!spans)
        return;
    need = text_wrap(s, len, tv->width - 1, spans, need);
    for (size_t i = 0; i < need; i++)
        push_line(tv, s + spans[i].offset, spans[i].length, role);
    free(spans);
}

/* Lays the comment read in full out for the width and the feed's mode. */
static void layout_full(struct thread_view *tv)
{
    const struct model_thread_comment *c = &tv->full;
    struct buf_text raw = {0};
    char local[40], utc[24], off[16], likes[40];
    int show = tv->ctx->feed_show;
    bool trans = c->translation && c->translation[0];
    struct wb_applications codes;

    free(tv->lines);
    tv->lines = NULL;
    tv->nlines = tv->lines_cap = 0;
    free(tv->full_head);
    tv->full_head = NULL;
    buf_appendf(&raw, "%s", c->author ? c->author : "?");
    if (c->author_key)
        buf_appendf(&raw, _(" (key %s)"), c->author_key);
    if (c->region && c->region[0])
        buf_appendf(&raw, " \xc2\xb7 %s", c->region);
    when_format(local, sizeof local, c->ts_utc,
                c->has_offset ? when_offset(c->utc_offset) : when_utc(), WHEN_DATE_TIME);
    when_format_offset(off, sizeof off, c->utc_offset);
    if (c->has_offset)
        buf_appendf(&raw, "\n%s %s", local, off);
    else
        buf_appendf(&raw, "\n%s UTC", local);
    /* And on the reader's clock ([ui] timezone, --tz, Z) when it differs. */
    {
        int here = when_zone_offset_at(tv->ctx->zone, c->ts_utc);
        if (here != (c->has_offset ? c->utc_offset * 60 : 0)) {
            char here_off[16] = "UTC";
            when_format(utc, sizeof utc, c->ts_utc, tv->ctx->zone, WHEN_MONTH_DAY_TIME);
            if (here != 0)
                when_format_offset(here_off, sizeof here_off, here / 60);
            buf_appendf(&raw, " (%s %s here)", utc, here_off);
        }
    }
    if (c->time_basis && strcmp(c->time_basis, "exact") != 0)
        buf_appendf(&raw, _(" (time: %s)"), c->time_basis);
    likes_text(c, likes, sizeof likes);
    buf_appendf(&raw, "\n%s", likes);
    if (c->has_replies)
        buf_appendf(&raw,
                    plural(c->replies, " \xc2\xb7 %lld reply reported",
                           " \xc2\xb7 %lld replies reported"),
                    (long long)c->replies);
    if (!trans)
        buf_appendf(&raw, _(" \xc2\xb7 depth %d \xc2\xb7 language %s \xc2\xb7 translation none"),
                    c->depth, c->lang ? c->lang : "?");
    else
        /* TRANSLATORS: the last %s is how it was translated ("human", "machine"). */
        buf_appendf(&raw, _(" \xc2\xb7 depth %d \xc2\xb7 language %s \xc2\xb7 translation %s"),
                    c->depth, c->lang ? c->lang : "?",
                    c->translation_kind ? _(c->translation_kind) : _("yes"));
    if (trans && c->translation_by)
        buf_appendf(&raw, _(" (by %s)"), c->translation_by);
    if (comment_codes(tv, c, &codes))
        for (size_t i = 0; i < codes.count; i++) {
            buf_appendf(&raw, "\n");
            if (codes.items[i].memo[0])
                buf_appendf(&raw, _("code %s: %s"), codes.items[i].code, codes.items[i].memo);
            else
                buf_appendf(&raw, _("code %s"), codes.items[i].code);
        }
    wb_applications_free(&codes);
    tv->full_head = text_sanitize(raw.s ? raw.s : "", raw.len, TEXT_KEEP_NEWLINES);
    free(raw.s);
    if (!tv->full_head || !tv->full_text)
        return;
    push_wrapped(tv, tv->full_head, ROLE_DIM);
    push_line(tv, NULL, 0, ROLE_NORMAL);
    if (text_ascii() && vocab_is_zh(c->lang) && trans && show == FEED_SHOW_ORIGINAL)
        show = FEED_SHOW_TRANSLATION;
    if (show != FEED_SHOW_TRANSLATION || !trans)
        push_wrapped(tv, tv->full_text, ROLE_NORMAL);
    if (show != FEED_SHOW_ORIGINAL) {
        if (show == FEED_SHOW_BOTH || !trans) {
            push_line(tv, NULL, 0, ROLE_NORMAL);
            const char *heading = _("translation");
            push_line(tv, heading, strlen(heading), ROLE_HEADING);
        }
        if (trans && tv->full_trans)
            push_wrapped(tv, tv->full_trans, show == FEED_SHOW_BOTH ? ROLE_DIM : ROLE_NORMAL);
        else
        {
            const char *none = _("(no translation)");
            push_line(tv, none, strlen(none), ROLE_DIM);
        }
    }
}

static void open_full(struct thread_view *tv)
{
    struct rf_error err = {{0}};
    size_t got = 0;

    if (tv->t.count == 0)
        return;
    clear_full(tv);
    if (model_thread_comments(tv->ctx->model, &tv->t, tv->cur, 1, 0, &tv->full, &got, &err) != 0 ||
        got != 1) {
        if (got == 0 && err.msg[0])
            tv->ctx->message(tv->ctx->app, true, _("comments: %s"), err.msg);
        return;
    }
    tv->full_text = text_sanitize(tv->full.text, strlen(tv->full.text),
                                  TEXT_KEEP_NEWLINES | TEXT_KEEP_TABS);
    if (tv->full.translation)
        tv->full_trans = text_sanitize(tv->full.translation, strlen(tv->full.translation),
                                       TEXT_KEEP_NEWLINES | TEXT_KEEP_TABS);
    script_convert_owned(&tv->full_text, NULL, 0);
    script_convert_owned(&tv->full_trans, NULL, 0);
    tv->full_open = true;
    tv->full_scroll = 0;
    layout_full(tv);
}

/* ---- the view --------------------------------------------------------------------- */

struct thread_view *thread_view_open(struct pane_context *ctx, const char *platform,
                                     const char *post_ext_id, const char *about, int width,
                                     int height)
{
    struct thread_view *tv = calloc(1, sizeof *tv);
    struct rf_error err = {{0}};

    if (!tv)
        return NULL;
    tv->ctx = ctx;
    tv->width = width;
    tv->height = height;
    if (model_thread_open(ctx->model, platform, post_ext_id, MODEL_THREAD_TIME, &tv->t, &err) !=
        0) {
        ctx->message(ctx->app, true, _("comments: %s"), err.msg);
        free(tv);
        return NULL;
    }
    tv->about = text_sanitize(about ? about : "", about ? strlen(about) : 0, 0);
    load_window(tv, true);
    return tv;
}

void thread_view_close(struct thread_view *tv)
{
    if (!tv)
        return;
    free_rows(tv);
    clear_full(tv);
    model_thread_free(&tv->t);
    free(tv->about);
    free(tv);
}

void thread_view_resize(struct thread_view *tv, int width, int height)
{
    tv->width = width;
    tv->height = height;
    keep_visible(tv);
    if (tv->full_open)
        layout_full(tv);
}

void thread_view_relayout(struct thread_view *tv)
{
    if (tv->full_open)
        layout_full(tv);
}

void thread_view_reload(struct thread_view *tv)
{
    load_window(tv, true);
    if (tv->full_open) {
        int scroll = tv->full_scroll;
        open_full(tv);
        tv->full_scroll = scroll < (int)tv->nlines ? scroll : 0;
    }
}

/* Draws one comment's two lines at row y. */
static void draw_comment(const struct thread_view *tv, WINDOW *win, int y,
                         const struct tv_row *r, bool is_cursor, bool focused)
{
    /* Column 0 is a gutter: the search's mark. */
    int depth = r->c.depth,
        indent = 1 + (depth < THREAD_INDENT_MAX ? depth : THREAD_INDENT_MAX) * INDENT;
    int x = indent, w = tv->width;
    attr_t head = is_cursor ? theme_attr(focused ? ROLE_CURSOR : ROLE_CURSOR_DIM)
                            : theme_attr(ROLE_DIM);
    int show = tv->ctx->feed_show;
    bool zh = vocab_is_zh(r->c.lang);
    const char *line;

    if (indent >= w - 4)
        x = indent = 1;
    if (r->hit)
        draw_str(win, y, 0, text_ascii() ? ">" : "\xe2\x96\xb8", 1, theme_attr(ROLE_MATCH));
    if (depth > THREAD_INDENT_MAX) {
        char deep[24];
        snprintf(deep, sizeof deep, "%s%d ", text_ascii() ? ">" : "\xe2\x86\xb3", depth);
        x += draw_str(win, y, x, deep, w - x, theme_attr(ROLE_HEADING));
    }
    if (x < w)
        draw_str(win, y, x, r->head, w - x, head);
    /* The text in the feed's mode; a Chinese original under ASCII output
     * shows its translation instead of question marks. */
    x = indent;
    if (show == FEED_SHOW_TRANSLATION || (text_ascii() && zh && r->line_trans[0]))
        line = r->line_trans[0] ? r->line_trans : r->line_orig;
    else
        line = r->line_orig;
    draw_highlighted(win, y + 1, x, line, strlen(line), w - x, theme_attr(ROLE_NORMAL),
                     tv->query);
    if (show == FEED_SHOW_BOTH && !(text_ascii() && zh) && r->line_trans[0]) {
        int used = text_width(line, strlen(line));
        if (x + used + 4 < w) {
            x += used;
            x += draw_str(win, y + 1, x, " | ", w - x, theme_attr(ROLE_DIM));
            draw_highlighted(win, y + 1, x, r->line_trans, strlen(r->line_trans), w - x,
                             theme_attr(ROLE_DIM), tv->query);
        }
    }
}

void thread_view_draw(struct thread_view *tv, WINDOW *win, bool focused)
{
    char head[600];

    if (tv->full_open) {
        for (int row = 0; row < tv->height; row++) {
            size_t i = (size_t)(tv->full_scroll + row);
            if (i >= tv->nlines)
                break;
            if (tv->lines[i].s)
                draw_highlighted(win, row, 1, tv->lines[i].s, tv->lines[i].len, tv->width - 1,
                                 theme_attr(tv->lines[i].role), tv->query);
        }
        return;
    }
    if (tv->t.count == 0)
        snprintf(head, sizeof head, _("Comments on %s: %zu"), tv->about, tv->t.count);
    else if (tv->t.sort == MODEL_THREAD_LIKES)
        snprintf(head, sizeof head,
                 _("Comments on %s: %zu, most liked first (o sorts, Enter reads one, Esc returns)"),
                 tv->about, tv->t.count);
    else
        snprintf(head, sizeof head,
                 _("Comments on %s: %zu, oldest first (o sorts, Enter reads one, Esc returns)"),
                 tv->about, tv->t.count);
    draw_str(win, 0, 1, head, tv->width - 1, theme_attr(ROLE_HEADING));
    if (tv->t.count == 0) {
        draw_str(win, 2, 1, _("The cache holds no comments on this post."), tv->width - 1,
                 theme_attr(ROLE_DIM));
        return;
    }
    for (int row = 0; row < visible(tv); row++) {
        size_t pos = (size_t)tv->top + (size_t)row;
        if (pos >= tv->t.count || pos < tv->first || pos >= tv->first + tv->n)
            break;
        draw_comment(tv, win, 1 + row * ROW_LINES, &tv->rows[pos - tv->first], pos == tv->cur,
                     focused);
    }
}

static unsigned resort(struct thread_view *tv)
{
    int64_t at = tv->t.count ? tv->t.nodes[tv->t.order[tv->cur]].id : 0;

    model_thread_sort(&tv->t, tv->t.sort == MODEL_THREAD_TIME ? MODEL_THREAD_LIKES
                                                              : MODEL_THREAD_TIME);
    /* The same comment stays under the cursor. */
    tv->cur = model_thread_position(&tv->t, at);
    if (tv->cur >= tv->t.count)
        tv->cur = 0;
    list_keep_visible(&tv->top, (int)tv->cur, visible(tv), (int)tv->t.count, 0);
    load_window(tv, true);
    tv->ctx->message(tv->ctx->app, false, "%s",
                     tv->t.sort == MODEL_THREAD_LIKES
                         ? _("comments: most liked first (replies stay under the comment they answer)")
                         : _("comments: oldest first (replies stay under the comment they answer)"));
    return PANE_HANDLED | PANE_DIRTY;
}

static unsigned step_hit(struct thread_view *tv, bool forward)
{
    size_t pos;

    if (!tv->query[0]) {
        tv->ctx->message(tv->ctx->app, false, _("no search: / searches the thread"));
        return PANE_HANDLED;
    }
    if (!model_thread_next_hit(&tv->t, tv->cur, forward, &pos)) {
        tv->ctx->message(tv->ctx->app, false, _("no comment holds \"%s\""), tv->query);
        return PANE_HANDLED;
    }
    if (tv->full_open) {
        tv->full_open = false;
        clear_full(tv);
    }
    move_to(tv, pos);
    return PANE_HANDLED | PANE_DIRTY;
}

unsigned thread_view_handle(struct thread_view *tv, enum action act)
{
    long delta;

    if (tv->full_open) {
        if (scroll_by_action(&tv->full_scroll, act, tv->height, (int)tv->nlines))
            return PANE_HANDLED | PANE_DIRTY;
        if (act == ACT_BACK || act == ACT_OPEN) {
            tv->full_open = false;
            clear_full(tv);
            return PANE_HANDLED | PANE_DIRTY;
        }
    }
    if (list_step(act, visible(tv), &delta)) {
        move_to(tv, list_move(tv->cur, delta, tv->t.count));
        return PANE_HANDLED | PANE_DIRTY;
    }
    switch (act) {
    case ACT_TOP:
        move_to(tv, 0);
        return PANE_HANDLED | PANE_DIRTY;
    case ACT_BOTTOM:
        move_to(tv, tv->t.count ? tv->t.count - 1 : 0);
        return PANE_HANDLED | PANE_DIRTY;
    case ACT_OPEN:
        open_full(tv);
        return PANE_HANDLED | PANE_DIRTY;
    case ACT_THREAD_SORT:
        return resort(tv);
    case ACT_THREAD_NEXT_HIT:
    case ACT_THREAD_PREV_HIT:
        return step_hit(tv, act == ACT_THREAD_NEXT_HIT);
    case ACT_BACK:
        if (tv->query[0])
            return thread_view_search(tv, NULL);
        return 0;
    default:
        return 0;
    }
}

unsigned thread_view_search(struct thread_view *tv, const char *query)
{
    struct rf_error err = {{0}};
    size_t pos;

    snprintf(tv->query, sizeof tv->query, "%s", query ? query : "");
    if (model_thread_search(tv->ctx->model, &tv->t, tv->query, &err) != 0) {
        tv->ctx->message(tv->ctx->app, true, _("comments: %s"), err.msg);
        tv->query[0] = '\0';
    }
    load_window(tv, true);
    if (!tv->query[0]) {
        tv->ctx->message(tv->ctx->app, false, _("thread search cleared"));
        return PANE_HANDLED | PANE_DIRTY;
    }
    if (tv->t.nhits == 0) {
        tv->ctx->message(tv->ctx->app, false, _("no comment holds \"%s\""), tv->query);
        return PANE_HANDLED | PANE_DIRTY;
    }
    tv->ctx->message(tv->ctx->app, false,
                     plural((long long)tv->t.nhits, "%zu comment holds \"%s\" (n and N step, Esc clears)",
                            "%zu comments hold \"%s\" (n and N step, Esc clears)"),
                     tv->t.nhits, tv->query);
    /* The first hit at or after the cursor. */
    if (tv->t.nodes[tv->t.order[tv->cur]].hit)
        pos = tv->cur;
    else if (!model_thread_next_hit(&tv->t, tv->cur, true, &pos))
        pos = tv->cur;
    move_to(tv, pos);
    return PANE_HANDLED | PANE_DIRTY;
}

bool thread_view_comment(const struct thread_view *tv, char *platform, size_t psize,
                         char *ext_id, size_t esize)
{
    const struct model_thread_comment *c;

    if (tv->full_open)
        c = &tv->full;
    else if (tv->t.count == 0 || tv->cur < tv->first || tv->cur >= tv->first + tv->n)
        return false;
    else
        c = &tv->rows[tv->cur - tv->first].c;
    if (!c->platform || !c->ext_id || strlen(c->platform) >= psize ||
        strlen(c->ext_id) >= esize)
        return false;
    strcpy(platform, c->platform);
    strcpy(ext_id, c->ext_id);
    return true;
}

void thread_view_codes_changed(struct thread_view *tv)
{
    load_window(tv, true);
    if (tv->full_open)
        layout_full(tv);
}

bool thread_view_author(const struct thread_view *tv, char *buf, size_t size)
{
    const struct model_thread_comment *c;

    if (tv->t.count == 0 || tv->cur < tv->first || tv->cur >= tv->first + tv->n)
        return false;
    c = &tv->rows[tv->cur - tv->first].c;
    if (!c->author_key && !c->author)
        return false;
    snprintf(buf, size, "%s:%s", tv->t.platform, c->author_key ? c->author_key : c->author);
    return true;
}

const char *thread_view_query(const struct thread_view *tv)
{
    return tv->query;
}

void thread_view_describe(const struct thread_view *tv, char *buf, size_t size)
{
    size_t hit = 0;

    if (tv->t.count == 0) {
        snprintf(buf, size, "%s", _("no comments"));
        return;
    }
    for (size_t pos = 0; tv->query[0] && pos <= tv->cur; pos++)
        hit += tv->t.nodes[tv->t.order[pos]].hit;
    if (tv->full_open) {
        int last = tv->full_scroll + tv->height;
        snprintf(buf, size, _("reading comment %zu of %zu, lines %d-%d of %zu"), tv->cur + 1,
                 tv->t.count, tv->full_scroll + 1, last < (int)tv->nlines ? last : (int)tv->nlines,
                 tv->nlines);
        return;
    }
    if (tv->query[0])
        snprintf(buf, size, _("comment %zu of %zu \xc2\xb7 depth %d \xc2\xb7 hit %zu of %zu"),
                 tv->cur + 1, tv->t.count, tv->t.nodes[tv->t.order[tv->cur]].depth, hit,
                 tv->t.nhits);
    else
        snprintf(buf, size, _("comment %zu of %zu \xc2\xb7 depth %d (deepest %d)"), tv->cur + 1,
                 tv->t.count, tv->t.nodes[tv->t.order[tv->cur]].depth, tv->t.max_depth);
}
