#include "autoconfig.h"

#include <stdio.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "../src/i18n.h"
#include "../src/plural.h"
#include "../src/kwic.h"
#include "../src/outfile.h"
#include "../src/text.h"
#include "../src/vocab.h"
#include "../src/when.h"
#include "../src/writer.h"
#include "draw.h"
#include "feed.h"
#include "../src/workbench.h"
#include "feed_internal.h"
#include "layout.h"
#include "list.h"
#include "reader.h"
#include "scroll.h"
#include "term.h"
#include "thread.h"
#include "authors.h"

/* ---- pane operations ------------------------------------------------------------- */

static void *feed_open(struct pane_context *ctx)
{
    struct feed *f = calloc(1, sizeof *f);

    if (!f)
        return NULL;
    f->ctx = ctx;
    f->sort = ctx->cfg->feed.sort == FEED_SORT_LIKES ? MODEL_SORT_LIKES : MODEL_SORT_TIME;
    f->height = 20;
    /* Marks are kept in the cache: say how many there are from the start. */
    wb_marks_count(ctx->model, &f->marked, &(struct rf_error){{0}});
    feed_reload(f, ANNOUNCE_NONE);
    f->filter_changed = false;
    return f;
}

void feed_free_picker(struct feed *f)
{
    for (size_t i = 0; i < f->npicker; i++)
        free(f->picker_tags[i]);
    free(f->picker_tags);
    f->picker_tags = NULL;
    f->npicker = 0;
    f->picker_open = false;
}

/* y: the whole URL alone across the terminal's width, wrapped, so it can
 * be selected with the mouse over SSH; with [ui] clipboard = osc52 also
 * sent to the terminal's clipboard. A post without a URL shows its
 * platform and id. */
static unsigned show_link(struct feed *f, const struct model_post *p)
{
    bool has_url = p->url && p->url[0];
    char *id = NULL;

    if (!has_url && !(id = malloc(strlen(p->platform) + strlen(p->ext_id) + 2)))
        return PANE_HANDLED;
    if (id)
        sprintf(id, "%s/%s", p->platform, p->ext_id);
    f->ctx->copy_view(f->ctx->app,
                      has_url ? _("The post's whole URL: select it to copy (any key closes)")
                              : _("The post has no URL; its platform and id (any key closes):"),
                      has_url ? p->url : id);
    free(id);
    if (has_url && f->ctx->cfg->ui.clipboard == CLIPBOARD_OSC52)
        f->ctx->message(f->ctx->app, false, "%s",
                        term_clipboard(p->url) ? _("URL sent to the terminal's clipboard (OSC 52)")
                                               : _("the URL could not be sent to the clipboard"));
    return PANE_HANDLED;
}

static void feed_close(void *state)
{
    struct feed *f = state;

    if (!f)
        return;
    feed_clear_rows(f);
    free(f->rows);
    reader_clear(&f->reader);
    feed_close_thread(f);
    feed_close_authors(f);
    feed_free_picker(f);
    model_languages_free(f->langs);
    free(f);
}

static void feed_resize(void *state, int width, int height)
{
    struct feed *f = state;
    bool grew = height > f->height;

    f->width = width;
    f->height = height;
    /* Snippets are cut to the row's new width here, never while drawing. */
    for (size_t i = 0; f->filter.search && i < f->count; i++)
        feed_cut_snippet(f, &f->rows[i]);
    if (grew && f->count < feed_screen_rows(f) + FETCH_MARGIN && f->more_after)
        feed_extend(f, MODEL_FORWARD);
    feed_keep_cursor_visible(f);
    if (f->reader_open)
        feed_layout_reader(f);
    if (f->thread)
        thread_view_resize(f->thread, width, height);
    if (f->authors)
        authors_view_resize(f->authors, width, height);
}

/* A row's count, short: 3.4k, 24k, 1.2M; for a Chinese reader in 万 and
 * 亿 (9,999, 1.2万, 396万) as the text layer writes them. */
static void format_count(int64_t n, char *buf, size_t size)
{
    if (i18n_chinese())
        text_format_number(n, TEXT_NUMBER_SHORT_ZH, buf, size);
    else if (n >= 1000000)
        snprintf(buf, size, "%.1fM", (double)n / 1e6);
    else if (n >= 10000)
        snprintf(buf, size, "%.0fk", (double)n / 1e3);
    else if (n >= 1000)
        snprintf(buf, size, "%.1fk", (double)n / 1e3);
    else
        snprintf(buf, size, "%lld", (long long)n);
}

/* Draws the len bytes at s in at most `width` columns (padded to exactly
 * `width` when `pad`) and the space after them, both in attr; returns the
 * columns taken, the space included. */
static int head_field(WINDOW *win, int y, int x, int w, const char *s, size_t len, int width,
                      bool pad, attr_t attr)
{
    int used = draw_text(win, y, x, s, len, width, pad, attr);

    if (x + used < w)
        draw_str(win, y, x + used, " ", 1, attr);
    return used + 1;
}

/* The column draw_row() starts a row's text at: its head's fields, each
 * in the width draw_row() gives it at the pane's width, and the comment
 * count. Kept beside draw_row(), whose layout it follows. */
static int row_text_x(const struct feed *f, const struct feed_row *r)
{
    int w = f->width, x = 1, when = w >= 70 ? 11 : 5;

    x += (when < w - x ? when : w - x) + 1;
    if (w >= 70 && x < w)
        x += (3 < w - x ? 3 : w - x) + 1;
    if (w >= 60 && x < w) {
        int aw = w >= 120 ? 18 : 12;
        x += (aw < w - x ? aw : w - x) + 1;
    }
    if (x + 2 < w)
        x += 3;
    if (x + 1 < w)
        x += 2;
    if (w >= 50 && x + 6 < w)
        x += 6;
    if (x < w && r->comments > 0 && x + 8 < w) {
        char count[32];
        format_count(r->comments, count, sizeof count);
        x += (int)strlen(count) + 2;
    }
    return x;
}

void feed_cut_snippet(const struct feed *f, struct feed_row *r)
{
    int cols = f->width - row_text_x(f, r) - 3;

    kwic_free(&r->kwic);
    r->kwic_cols = 0;
    if (!f->filter.search || cols < 1 || kwic_post(&r->post, cols, &r->kwic) != 0)
        return;
    r->kwic_cols = cols;
}

/* The snippet of a searched row from column x, as feed_cut_snippet()
 * prepared it when the row was loaded or the pane resized: the mark of the
 * text it is from, then the context with the hit in the match role. False
 * when the post matched by something else than its texts (a #tag, an
 * @name). */
static bool draw_snippet(WINDOW *win, int y, int x, int w, const struct feed_row *r, attr_t base,
                         attr_t mark_attr)
{
    int cols = w - x - 3;
    const struct kwic *k = &r->kwic;

    if (cols < 1 || !k->line)
        return false;
    x += draw_str(win, y, x, kwic_mark(k), 2, mark_attr);
    x += draw_str(win, y, x, " ", 1, base);
    x += draw_text(win, y, x, k->line, k->hit, cols, false, base);
    x += draw_text(win, y, x, k->line + k->hit, k->hit_len, w - x, false,
                   theme_attr(ROLE_MATCH));
    draw_text(win, y, x, k->line + k->hit + k->hit_len, k->line_len - k->hit - k->hit_len,
              w - x, false, base);
    return true;
}

static void draw_row(const struct feed *f, WINDOW *win, int y, const struct feed_row *r,
                     bool is_cursor, bool focused)
{
    const struct model_post *p = &r->post;
    attr_t plain = theme_attr(p->read ? ROLE_NORMAL : ROLE_UNREAD);
    attr_t base = is_cursor ? theme_attr(focused ? ROLE_CURSOR : ROLE_CURSOR_DIM) : plain;
    /* The cursor covers the row's date, its head (date, author, marks) or
     * all of it: a step redraws the old and the new cursor's cells, so the
     * date alone sends a third of the head's bytes over a slow link. */
    int style = f->ctx->cfg->ui.cursor != CURSOR_AUTO ? f->ctx->cfg->ui.cursor
                : config_projector(f->ctx->cfg)         ? CURSOR_ROW
                                                        : CURSOR_DATE;
    bool whole_row = style == CURSOR_ROW;
    bool head = is_cursor && style != CURSOR_DATE; /* the fields after the date too */
    attr_t text_base = is_cursor && whole_row ? base : plain;
    char when[24], likes[32], padded[40], term[sizeof f->search];
    int x = 0, w = f->width;
    bool zh = vocab_is_zh(p->lang);
    int show = f->ctx->feed_show;
    const char *line;

    /* Each field is drawn with the space after it in its own attribute, so
     * the head is a few runs of one attribute: every change costs the
     * terminal about ten bytes, and a line step draws two heads. */
    draw_fill(win, y, 0, w, base);
    /* A marked post shows '+' where a star would be. */
    x = draw_str(win, y, 0, p->marked ? "+" : p->starred ? "*" : " ", 1,
                 is_cursor ? base : theme_attr(p->marked || p->starred ? ROLE_STAR : ROLE_DIM));
    feed_format_local(f, p->ts_utc, when, sizeof when,
                      w >= 70 ? LOCAL_MONTH_DAY_TIME : LOCAL_MONTH_DAY);
    if (p->time_approximate && strlen(when) > 5)
        snprintf(when + 5, sizeof when - 5, " ~    "); /* the day only, the width kept */
    x += head_field(win, y, x, w, when, strlen(when), w - x, false,
                    is_cursor ? base : theme_attr(ROLE_DIM));
    if (w >= 70 && x < w)
        x += head_field(win, y, x, w, r->platform, strlen(r->platform), 3, true,
                        head ? base : theme_attr(ROLE_DIM));
    if (w >= 60 && x < w)
        x += head_field(win, y, x, w, r->author, strlen(r->author), w >= 120 ? 18 : 12, true,
                        head ? base : plain);
    if (x + 2 < w) {
        /* 中 or EN; another language shows its code ("JA", "KO", "UN"). */
        char code[3] = "EN";
        const char *badge = zh ? (text_ascii() ? "ZH" : "\xe4\xb8\xad") : code;
        if (!zh && p->lang && strcmp(p->lang, "en") != 0 && p->lang[0] && p->lang[1]) {
            code[0] = (char)toupper((unsigned char)p->lang[0]);
            code[1] = (char)toupper((unsigned char)p->lang[1]);
        }
        x += head_field(win, y, x, w, badge, strlen(badge), 2, false,
                        head ? base : theme_attr(zh ? ROLE_BADGE_ZH : ROLE_BADGE_EN));
    }
    if (x + 1 < w) {
        const char *mark = vocab_provenance_marks[vocab_provenance_of(p->provenance)];
        /* An imported post's mark is blank, and a blank's colour cannot be
         * seen: it takes the likes' attribute, one change fewer a row. */
        x += head_field(win, y, x, w, mark, 1, 1, false,
                        head ? base : theme_attr(mark[0] == ' ' ? ROLE_DIM : ROLE_ILLUSTRATIVE));
    }
    if (w >= 50 && x + 6 < w) {
        int lw;
        /* A count nobody reported is "–", never 0; a lower bound "10+". */
        if (p->counts_unknown || (p->counts_missing & 1u))
            snprintf(likes, sizeof likes, "%s", text_ascii() ? "-" : "\xe2\x80\x93");
        else
            format_count(p->likes, likes, sizeof likes);
        if (!p->counts_unknown && !(p->counts_missing & 1u) && (p->counts_floor & 1u))
            strcat(likes, "+");
        /* Right-aligned in five columns. */
        lw = text_width(likes, strlen(likes));
        snprintf(padded, sizeof padded, "%*s%s", lw < 5 ? 5 - lw : 0, "", likes);
        x += head_field(win, y, x, w, padded, strlen(padded), 5, false,
                        head ? base : theme_attr(ROLE_DIM));
    }
    if (x >= w)
        return;
    if (is_cursor && !whole_row)
        draw_fill(win, y, x, w - x, plain);
    /* Comments in the cache, before the text: "12c" (C opens them). */
    if (r->comments > 0 && x + 8 < w) {
        char count[32];
        format_count(r->comments, count, sizeof count);
        strcat(count, "c ");
        x += draw_str(win, y, x, count, w - x, is_cursor && whole_row ? base : theme_attr(ROLE_DIM));
    }
    if (f->filter.search &&
        draw_snippet(win, y, x, w, r, text_base,
                     is_cursor && whole_row ? base : theme_attr(ROLE_DIM)))
        return;
    /* The text in the current mode; a Chinese original under ASCII output
     * shows its translation instead of question marks. */
    if (show == FEED_SHOW_TRANSLATION || (text_ascii() && zh && r->line_trans[0]))
        line = r->line_trans[0] ? r->line_trans : r->line_orig;
    else
        line = r->line_orig;
    model_search_text(f->filter.search, term, sizeof term);
    draw_highlighted(win, y, x, line, strlen(line), w - x, text_base, term);
    if (show == FEED_SHOW_BOTH && !(text_ascii() && zh) && r->line_trans[0]) {
        int used = text_width(line, strlen(line));
        attr_t trans = is_cursor && whole_row ? base : theme_attr(ROLE_DIM);
        if (x + used + 4 < w) {
            x += used;
            x += draw_str(win, y, x, " | ", w - x, trans);
            draw_highlighted(win, y, x, r->line_trans, strlen(r->line_trans), w - x, trans,
                             term);
        }
    }
}

static void feed_draw(void *state, WINDOW *win, bool focused)
{
    struct feed *f = state;

    if (f->picker_open) {
        feed_draw_picker(f, win);
        return;
    }
    if (f->menu_open) {
        feed_draw_menu(f, win);
        return;
    }
    if (f->thread) {
        thread_view_draw(f->thread, win, focused);
        return;
    }
    if (f->authors) {
        authors_view_draw(f->authors, win, focused);
        return;
    }
    if (f->reader_open) {
        char term[sizeof f->search];
        model_search_text(f->filter.search, term, sizeof term);
        reader_draw(&f->reader, win, f->width, f->height, term);
        return;
    }
    if (f->count == 0) {
        const char *why = model_filter_is_empty(&f->filter)
                              ? _("No posts in the cache. Import some: refuge import FILE")
                          : f->has_span ? f->span
                                        : _("No posts match (c clears the filters).");
        /* The reason ends at its semicolon, "; " or a full-width "；". */
        const char *wide = strstr(why, "\xef\xbc\x9b"), *cut = wide ? wide : strchr(why, ';');
        size_t cut_len = wide ? 3 : 1;
        /* Too narrow for one line: the reason, then what the posts cover. */
        if (cut && text_width(why, strlen(why)) > f->width - 1) {
            draw_text(win, 0, 1, why, (size_t)(cut + cut_len - why), f->width - 1, false,
                      theme_attr(ROLE_DIM));
            cut += cut_len;
            draw_str(win, 1, 1, cut + (*cut == ' '), f->width - 1, theme_attr(ROLE_DIM));
        } else {
            draw_str(win, 0, 1, why, f->width - 1, theme_attr(ROLE_DIM));
        }
        return;
    }
    for (int row = 0; row < (int)feed_screen_rows(f); row++) {
        size_t i = (size_t)(f->top + row);
        if (i >= f->count)
            break;
        draw_row(f, win, row * f->ctx->row_step, &f->rows[i], i == f->cur, focused);
    }
}

/* ---- actions ----------------------------------------------------------------------- */

unsigned feed_move_by(struct feed *f, long delta)
{
    size_t target;

    if (f->count == 0)
        return PANE_HANDLED;
    /* Fetch ahead when the move would run near the end of the window. */
    while (delta > 0 && f->cur + (size_t)delta + FETCH_MARGIN / 2 >= f->count && f->more_after) {
        size_t before = f->count;
        feed_extend(f, MODEL_FORWARD);
        if (f->count == before)
            break;
    }
    while (delta < 0 && (long)f->cur + delta - FETCH_MARGIN / 2 < 0 && f->more_before) {
        size_t before = f->cur;
        feed_extend(f, MODEL_BACKWARD);
        if (f->cur == before)
            break;
    }
    target = list_move(f->cur, delta, f->count);
    f->position += (long)target - (long)f->cur;
    if (f->position < 0)
        f->position = 0;
    f->cur = target;
    feed_keep_cursor_visible(f);
    return PANE_HANDLED | PANE_DIRTY | PANE_MOVED;
}

/* n / N in the reader: the next or previous line holding the search's
 * text, scrolled to (a third of the way down); past the post's last (or
 * before its first), the next (previous) post's first (last). Returns
 * false when there is no text to look for. */
static bool step_hit(struct feed *f, int dir)
{
    char term[sizeof f->search];
    struct reader *r = &f->reader;
    size_t index, total;
    int line, from;

    if (!model_search_text(f->filter.search, term, sizeof term))
        return false;
    from = r->has_hit ? r->hit + dir : dir > 0 ? r->scroll : r->scroll + f->height - 1;
    line = reader_find(r, from, dir, term, &index, &total);
    if (line < 0) {
        size_t was = f->cur;
        feed_move_by(f, dir);
        if (f->cur == was) {
            f->ctx->message(f->ctx->app, false, "%s",
                            dir > 0 ? _("no more matches: last post") : _("no more matches: first post"));
            return true;
        }
        feed_open_reader(f);
        line = reader_find(r, dir > 0 ? 0 : (int)r->nlines - 1, dir, term, &index, &total);
        if (line < 0) {
            /* The post matched by its tags or author, not its text. */
            f->ctx->message(f->ctx->app, false, _("no match in this post's text"));
            return true;
        }
    }
    r->hit = line;
    r->has_hit = true;
    if (line < r->scroll || line >= r->scroll + f->height) {
        int max = (int)r->nlines - f->height;
        r->scroll = line - f->height / 3;
        if (r->scroll > max)
            r->scroll = max;
        if (r->scroll < 0)
            r->scroll = 0;
    }
    f->ctx->message(f->ctx->app, false, _("match %zu of %zu in this post"), index, total);
    return true;
}

static unsigned reader_handle(struct feed *f, enum action act)
{
    if (scroll_by_action(&f->reader.scroll, act, f->height, (int)f->reader.nlines))
        return PANE_HANDLED | PANE_DIRTY;
    switch (act) {
    case ACT_BACK:
    case ACT_OPEN:
        f->reader_open = false;
        reader_clear(&f->reader);
        return PANE_HANDLED | PANE_DIRTY;
    case ACT_NEXT_HIT:
    case ACT_PREV_HIT:
        if (step_hit(f, act == ACT_NEXT_HIT ? 1 : -1))
            return PANE_HANDLED | PANE_DIRTY | PANE_MOVED;
        /* Without a search, n and N read the next and previous post. */
        return reader_handle(f, act == ACT_NEXT_HIT ? ACT_NEXT_POST : ACT_PREV_POST);
    case ACT_NEXT_POST:
    case ACT_PREV_POST: {
        size_t was = f->cur;
        feed_move_by(f, act == ACT_NEXT_POST ? 1 : -1);
        if (f->cur == was) {
            f->ctx->message(f->ctx->app, false, "%s", act == ACT_NEXT_POST ? _("last post") : _("first post"));
            return PANE_HANDLED | PANE_DIRTY;
        }
        feed_open_reader(f);
        return PANE_HANDLED | PANE_DIRTY | PANE_MOVED;
    }
    default:
        return 0;
    }
}

static unsigned feed_handle(void *state, enum action act, keymap_key key)
{
    struct feed *f = state;
    struct rf_error err = {{0}};
    unsigned flags;
    long delta;

    if (f->picker_open)
        return feed_picker_handle(f, act);
    if (f->menu_open)
        return feed_menu_handle(f, act, key);
    if (f->thread) {
        if (act == ACT_THREAD_AUTHOR)
            return feed_open_comment_author(f);
        if (act == ACT_THREAD_CODE || act == ACT_THREAD_UNCODE)
            return feed_code_comment(f, act);
        if (act == ACT_THREAD_SEARCH) {
            f->prompt_kind = PROMPT_THREAD_SEARCH;
            f->ctx->prompt(f->ctx->app, PANE_FEED, _("Search the thread: "),
                           thread_view_query(f->thread));
            return PANE_HANDLED;
        }
        if ((flags = thread_view_handle(f->thread, act)))
            return flags;
        if (act == ACT_BACK) {
            feed_close_thread(f);
            return PANE_HANDLED | PANE_DIRTY;
        }
        /* The list's keys wait under the thread; q still backs out. */
        return act == ACT_QUIT ? 0 : PANE_HANDLED;
    }
    if (f->authors)
        return feed_authors_handle(f, act);
    if (act == ACT_COMMENTS)
        return feed_open_thread(f);
    if (act == ACT_AUTHOR || act == ACT_AUTHORS)
        return feed_open_authors(f, act == ACT_AUTHOR);
    if ((flags = feed_work_key(f, act)))
        return flags;
    if (act == ACT_STAR && f->count) {
        struct feed_row *r = &f->rows[f->cur];
        if (model_set_starred(f->ctx->model, r->post.id, !r->post.starred, &err) != 0) {
            f->ctx->message(f->ctx->app, true, _("star not saved: %s"), err.msg);
            return PANE_HANDLED | PANE_DIRTY;
        }
        r->post.starred = !r->post.starred;
        f->ctx->message(f->ctx->app, false, "%s", r->post.starred ? _("starred") : _("unstarred"));
        return PANE_HANDLED | PANE_DIRTY;
    }
    if (act == ACT_COPY && f->count)
        return show_link(f, &f->rows[f->cur].post);
    if (f->reader_open && (flags = reader_handle(f, act)))
        return flags;
    if (list_step(act, (int)feed_screen_rows(f), &delta))
        return feed_move_by(f, delta);
    switch (act) {
    case ACT_TOP:
        feed_load_edge(f, false);
        return PANE_HANDLED | PANE_DIRTY | PANE_MOVED;
    case ACT_BOTTOM:
        feed_load_edge(f, true);
        return PANE_HANDLED | PANE_DIRTY | PANE_MOVED;
    case ACT_OPEN:
        feed_open_reader(f);
        return PANE_HANDLED | PANE_DIRTY;
    case ACT_NEXT_MATCH:
    case ACT_PREV_MATCH:
        if (!f->filter.search) {
            f->ctx->message(f->ctx->app, false, _("no search: / starts one"));
            return PANE_HANDLED;
        }
        /* Every listed post matches; the next match is the next post. */
        return feed_move_by(f, act == ACT_NEXT_MATCH ? 1 : -1);
    case ACT_SEARCH:
        f->prompt_kind = PROMPT_SEARCH;
        f->ctx->prompt(f->ctx->app, PANE_FEED,
                       f->filter.with_comments ? _("Search posts and comments: ") : _("Search: "),
                       f->search);
        return PANE_HANDLED;
    case ACT_FILTER:
        /* The languages to choose from are those the cache holds now. */
        model_languages_free(f->langs);
        if (model_languages(f->ctx->model, &f->langs, &err) != 0)
            f->ctx->message(f->ctx->app, true, _("feed: %s"), err.msg);
        f->menu_open = true;
        f->menu_cur = 0;
        return PANE_HANDLED | PANE_DIRTY;
    case ACT_SORT:
        f->sort = f->sort == MODEL_SORT_TIME ? MODEL_SORT_LIKES : MODEL_SORT_TIME;
        feed_reload(f, ANNOUNCE_NONE);
        f->ctx->message(f->ctx->app, false, "%s",
                        f->sort == MODEL_SORT_TIME ? _("sorted by time") : _("sorted by likes"));
        return PANE_HANDLED | PANE_DIRTY | PANE_MOVED;
    case ACT_CLEAR:
        return feed_clear_filters(f);
    case ACT_BACK:
        if (f->filter.search) {
            feed_set_text(f->search, sizeof f->search, &f->filter.search, NULL);
            feed_reload(f, ANNOUNCE_NONE);
            f->ctx->message(f->ctx->app, false, _("search cleared"));
            return PANE_HANDLED | PANE_DIRTY | PANE_MOVED;
        }
        return 0;
    case ACT_RELOAD: {
        /* A lower bound before or after tells no difference. */
        int64_t before = f->total_at_least ? -1 : f->total;
        if (f->count) {
            struct model_cursor at = feed_row_cursor(f, &f->rows[f->cur]);
            feed_count_total(f, false);
            feed_load_at(f, at);
            feed_locate(f);
        } else {
            feed_reload(f, ANNOUNCE_NONE);
            feed_count_total(f, false);
        }
        f->stale = false;
        if (f->total_at_least)
            f->ctx->message(f->ctx->app, false,
                            _("reloaded: at least %lld posts, still on post %lld"),
                            (long long)f->total, (long long)(f->position + 1));
        else if (before < 0)
            f->ctx->message(f->ctx->app, false,
                            plural(f->total, "reloaded: %lld post, still on post %lld",
                                   "reloaded: %lld posts, still on post %lld"),
                            (long long)f->total, (long long)(f->position + 1));
        else
            f->ctx->message(f->ctx->app, false,
                            plural(f->total, "reloaded: %lld post (%+lld), still on post %lld",
                                   "reloaded: %lld posts (%+lld), still on post %lld"),
                            (long long)f->total, (long long)(f->total - before),
                            (long long)(f->position + 1));
        return PANE_HANDLED | PANE_DIRTY | PANE_MOVED;
    }
    case ACT_EXPORT:
        f->for_marked = false;
        f->prompt_kind = PROMPT_EXPORT;
        f->ctx->prompt(f->ctx->app, PANE_FEED, _("Export listed posts to CSV file: "),
                       "refuge-posts.csv");
        return PANE_HANDLED;
    default:
        return 0;
    }
}

static unsigned export_csv(struct feed *f, const char *path, bool replace);

/* The file name typed for `e`: "~" expanded; a new name is written, an
 * existing regular file only after asking, anything else never. */
static unsigned export_to(struct feed *f, const char *answer)
{
    struct rf_error err = {{0}};
    char path[sizeof f->export_path], label[sizeof f->export_path + 64];

    if (!answer[0])
        return PANE_DIRTY;
    if (outfile_expand(answer, path, sizeof path, &err) != 0) {
        f->ctx->message(f->ctx->app, true, "%s", err.msg);
        return PANE_DIRTY;
    }
    switch (outfile_check(path, &err)) {
    case OUTFILE_NEW:
        return export_csv(f, path, false);
    case OUTFILE_EXISTS:
        snprintf(f->export_path, sizeof f->export_path, "%s", path);
        /* The name alone: a long path would push the question off the line. */
        snprintf(label, sizeof label, _("%s exists. Replace it? (y/N) "),
                 strrchr(path, '/') ? strrchr(path, '/') + 1 : path);
        f->prompt_kind = PROMPT_REPLACE;
        f->ctx->prompt(f->ctx->app, PANE_FEED, label, "");
        return PANE_HANDLED;
    default:
        f->ctx->message(f->ctx->app, true, "%s", err.msg);
        return PANE_DIRTY;
    }
}

static unsigned feed_prompt_done(void *state, const char *answer)
{
    struct feed *f = state;
    int kind = f->prompt_kind;

    f->prompt_kind = 0;
    if (!answer)
        return PANE_DIRTY;
    if (kind == PROMPT_THREAD_SEARCH)
        return f->thread ? thread_view_search(f->thread, answer) : PANE_DIRTY;
    if (kind == PROMPT_SEARCH) {
        feed_set_text(f->search, sizeof f->search, &f->filter.search, answer);
        feed_reload(f, f->filter.search ? ANNOUNCE_MATCHES : ANNOUNCE_NONE);
        return PANE_HANDLED | PANE_DIRTY | PANE_MOVED;
    }
    if (kind == PROMPT_WINDOW) {
        int64_t from, to;
        struct rf_error why = {{0}};
        /* Days of the reader's zone, as the feed shows its times. */
        if (!answer[0]) {
            feed_set_window(f, false, 0, 0, NULL);
        } else if (when_parse_range(answer, f->ctx->zone, &from, &to, &why) == 0) {
            feed_set_window(f, true, from, to, NULL);
        } else {
            f->ctx->message(f->ctx->app, true,
                            _("'%s' is not a window: use 2025-01-18 or 2025-01-15..2025-01-21"), answer);
            return PANE_DIRTY;
        }
        return PANE_HANDLED | PANE_DIRTY | PANE_MOVED;
    }
    if (kind == PROMPT_EXPORT) {
        char typed[sizeof f->export_path];
        /* A second prompt reuses the buffer the answer lives in. */
        snprintf(typed, sizeof typed, "%s", answer);
        return export_to(f, typed);
    }
    if (kind >= PROMPT_CODE)
        return feed_work_answer(f, kind, answer);
    if (kind == PROMPT_REPLACE) {
        if (strcasecmp(answer, "y") == 0 || strcasecmp(answer, "yes") == 0)
            return export_csv(f, f->export_path, true);
        f->ctx->message(f->ctx->app, false, _("not written: %s is unchanged"), f->export_path);
        return PANE_DIRTY;
    }
    return PANE_DIRTY;
}

static void feed_changed(void *state, enum pane_change change)
{
    struct feed *f = state;

    if (change == PANE_CHANGE_DATA) {
        int64_t before = f->total;
        bool before_at_least = f->total_at_least;
        f->stale = true;
        /* A count under way will count the new posts too. */
        if (f->counting) {
            f->ctx->message(f->ctx->app, false, "%s", _("cache updated \xe2\x80\x94 R to reload"));
            return;
        }
        feed_count_total(f, false);
        if (f->total != before && !f->total_at_least && !before_at_least)
            f->ctx->message(f->ctx->app, false,
                            plural(f->total - before,
                                   "cache updated: %lld new post \xe2\x80\x94 R to reload",
                                   "cache updated: %lld new posts \xe2\x80\x94 R to reload"),
                            (long long)(f->total - before));
        else
            f->ctx->message(f->ctx->app, false, "%s", _("cache updated \xe2\x80\x94 R to reload"));
        f->total = before;
        f->total_at_least = before_at_least;
        return;
    }
    if (change == PANE_CHANGE_SCRIPT) {
        feed_script_changed(f);
        return;
    }
    /* Rows keep both languages prepared; only the reader is laid out anew. */
    if (f->reader_open)
        feed_layout_reader(f);
    if (f->thread)
        thread_view_relayout(f->thread);
}

static bool feed_has_work(void *state)
{
    const struct feed *f = state;
    return f->counting || (f->authors && authors_view_pending(f->authors));
}

static unsigned feed_work(void *state)
{
    struct feed *f = state;
    unsigned flags = 0;

    /* The authors list first: it is what is on screen. */
    if (f->authors && authors_view_pending(f->authors)) {
        if (authors_view_work(f->authors) == MODEL_INTERRUPTED)
            return 0;
        flags = PANE_DIRTY;
    }
    if (!f->counting || feed_count_total(f, false) == MODEL_INTERRUPTED)
        return flags;
    if (f->announce == ANNOUNCE_MATCHES && f->total_at_least)
        f->ctx->message(f->ctx->app, false,
                        f->filter.with_comments
                            ? _("at least %lld posts match \"%s\" in texts or comments (Esc clears)")
                            : _("at least %lld posts match \"%s\" (Esc clears)"),
                        (long long)f->total, f->search);
    else if (f->announce == ANNOUNCE_MATCHES && f->filter.with_comments)
        f->ctx->message(f->ctx->app, false,
                        plural(f->total, "%lld post matches \"%s\" in texts or comments (Esc clears)",
                               "%lld posts match \"%s\" in texts or comments (Esc clears)"),
                        (long long)f->total, f->search);
    else if (f->announce == ANNOUNCE_MATCHES)
        f->ctx->message(f->ctx->app, false,
                        plural(f->total, "%lld post matches \"%s\" (Esc clears)",
                               "%lld posts match \"%s\" (Esc clears)"),
                        (long long)f->total, f->search);
    else if (f->announce == ANNOUNCE_AUTHOR)
        f->ctx->message(f->ctx->app, false,
                        plural(f->total, "%lld post by %s (c clears)",
                               "%lld posts by %s (c clears)"),
                        (long long)f->total, f->author);
    else if (f->announce == ANNOUNCE_CLEARED)
        f->ctx->message(f->ctx->app, false,
                        plural(f->total, "filters cleared: %lld post",
                               "filters cleared: %lld posts"),
                        (long long)f->total);
    f->announce = ANNOUNCE_NONE;
    return PANE_DIRTY;
}

static enum keymap_scope feed_scope(void *state)
{
    struct feed *f = state;
    return f->thread        ? SCOPE_THREAD
           : f->authors     ? SCOPE_AUTHORS
           : f->reader_open ? SCOPE_READER
                            : SCOPE_FEED;
}

/* 1204 -> "1,204": six-figure counts are read at a glance. */
static void format_thousands(int64_t n, char *buf, size_t size)
{
    char digits[32];
    int len, out = 0;

    len = snprintf(digits, sizeof digits, "%lld", (long long)(n < 0 ? 0 : n));
    for (int i = 0; i < len && (size_t)out + 2 < size; i++) {
        if (i > 0 && (len - i) % 3 == 0)
            buf[out++] = ',';
        buf[out++] = digits[i];
    }
    buf[out] = '\0';
}

/* The total and what it counts: "2,000 imported", "436 bundled" or
 * "2,436 (436 bundled + 2,000 imported)"; the number alone under a
 * provenance filter, which the title names. */
static void counted(const struct feed *f, char *buf, size_t size)
{
    char total[32], part[32], rest[32];

    format_thousands(f->total, total, sizeof total);
    if (f->total_at_least)
        snprintf(buf, size, _("at least %s"), total);
    else if (f->bundled < 0 || f->total <= 0)
        snprintf(buf, size, "%s", total);
    else if (f->bundled == 0)
        snprintf(buf, size, _("%s imported"), total);
    else if (f->bundled == f->total)
        snprintf(buf, size, _("%s bundled"), total);
    else {
        format_thousands(f->bundled, part, sizeof part);
        format_thousands(f->total - f->bundled, rest, sizeof rest);
        snprintf(buf, size, _("%s (%s bundled + %s imported)"), total, part, rest);
    }
}

static void feed_describe(void *state, char *title, size_t title_size, char *position,
                          size_t position_size)
{
    struct feed *f = state;
    char pos[32], total[128];

    feed_filter_label(f, title, title_size);
    if (f->thread) {
        thread_view_describe(f->thread, position, position_size);
        return;
    }
    if (f->authors) {
        authors_view_describe(f->authors, position, position_size);
        return;
    }
    if (f->count == 0) {
        snprintf(position, position_size, "%s", _("no posts"));
        return;
    }
    format_thousands(f->position + 1, pos, sizeof pos);
    if (f->counting)
        snprintf(total, sizeof total, "\xe2\x80\xa6");
    else
        counted(f, total, sizeof total);
    if (f->reader_open) {
        int last = f->reader.scroll + f->height;
        snprintf(position, position_size,
                 f->stale ? _("reading post %s of %s, lines %d-%d of %zu (R reloads)")
                          : _("reading post %s of %s, lines %d-%d of %zu"),
                 pos, total, f->reader.scroll + 1,
                 last < (int)f->reader.nlines ? last : (int)f->reader.nlines, f->reader.nlines);
        return;
    }
    /* TRANSLATORS: %3$s is empty or " · 12 marked". */
    snprintf(position, position_size,
             f->stale ? _("post %1$s of %2$s%3$s (R reloads)") : _("post %1$s of %2$s%3$s"), pos,
             total, feed_marked_label(f));
}

unsigned feed_set_window(void *state, bool has, int64_t from, int64_t to, const char *label)
{
    struct feed *f = state;

    f->filter.has_from = f->filter.has_to = has;
    f->filter.from = has ? from : 0;
    f->filter.to = has ? to : 0;
    snprintf(f->window_label, sizeof f->window_label, "%s", has && label ? label : "");
    f->reader_open = false;
    reader_clear(&f->reader);
    feed_close_thread(f);
    feed_close_authors(f);
    feed_reload(f, ANNOUNCE_NONE);
    return PANE_HANDLED | PANE_DIRTY | PANE_MOVED;
}

unsigned feed_land(void *state, int64_t ts)
{
    struct feed *f = state;
    /* Read up the list from just before ts: the nearest row is the oldest
     * post at or after it. */
    struct model_cursor after = {.valid = true, .key = ts == INT64_MIN ? ts : ts - 1,
                                 .id = INT64_MAX};
    struct feed_row *got = NULL;
    size_t n = 0;
    bool more = false;

    if (f->sort != MODEL_SORT_TIME || f->count == 0)
        return PANE_HANDLED;
    if (feed_fetch(f, &after, MODEL_BACKWARD, 1, &got, &n, &more) == 0 && n > 0) {
        feed_load_at(f, feed_row_cursor(f, &got[n - 1]));
        feed_locate(f);
    }
    for (size_t i = 0; i < n; i++)
        feed_row_free(&got[i]);
    free(got);
    return PANE_HANDLED | PANE_DIRTY | PANE_MOVED;
}

unsigned feed_set_search(void *state, const char *q)
{
    struct feed *f = state;

    feed_set_text(f->search, sizeof f->search, &f->filter.search, q);
    f->reader_open = false;
    reader_clear(&f->reader);
    feed_close_thread(f);
    feed_close_authors(f);
    feed_reload(f, ANNOUNCE_NONE);
    return PANE_HANDLED | PANE_DIRTY | PANE_MOVED;
}

const struct model_filter *feed_filter(void *state)
{
    struct feed *f = state;
    return &f->filter;
}

bool feed_filter_changed(void *state)
{
    struct feed *f = state;
    bool changed = f->filter_changed;

    f->filter_changed = false;
    return changed;
}

/* ---- export ------------------------------------------------------------------------ */

/* Writes the listed posts, page by page with their details, in the dialect
 * of `refuge export --what posts --format csv` (src/writer.h), to a new
 * file or (replace) over a regular one (src/outfile.h). */
static unsigned export_csv(struct feed *f, const char *path, bool replace)
{
    /* ;e writes the marked posts, whatever the feed lists. */
    static const struct model_filter marked_only = {.marked_only = true};
    struct rf_error ferr = {{0}};
    struct model_cursor at = {0};
    struct outfile out;
    struct writer w;
    size_t written = 0;
    bool more = true, failed = false;

    if (outfile_open(&out, path, replace, &ferr) != 0) {
        f->ctx->message(f->ctx->app, true, "%s", ferr.msg);
        return PANE_DIRTY;
    }
    writer_init(&w, out.fp, WRITER_CSV, false);
    /* A searched list says why each post matched, as `refuge feed` does. */
    w.search = !f->for_marked && f->filter.search && f->filter.search[0];
    writer_header(&w, WRITER_POSTS);
    while (more) {
        struct model_post_page page = {0};
        struct rf_error err = {{0}};

        if (model_posts(f->ctx->model, f->for_marked ? &marked_only : &f->filter, f->sort, &at,
                        MODEL_FORWARD, 500, &page,
                        &err) != 0 ||
            model_post_page_details(f->ctx->model, &page, &err) != 0) {
            model_post_page_free(&page);
            ferr = err;
            failed = true;
            break;
        }
        for (size_t i = 0; i < page.count; i++, written++)
            writer_post(&w, &page.rows[i]);
        more = page.more;
        at = page.resume;
        model_post_page_free(&page);
    }
    /* A failed export leaves nothing behind (and a replaced file as it was). */
    if (failed)
        outfile_abort(&out);
    if (failed || outfile_commit(&out, &ferr) != 0) {
        f->ctx->message(f->ctx->app, true, "%s", ferr.msg);
        return PANE_DIRTY;
    }
    f->ctx->message(f->ctx->app, false,
                    plural((long long)written, "wrote %zu post to %s", "wrote %zu posts to %s"),
                    written, path);
    return PANE_HANDLED | PANE_DIRTY;
}

static unsigned feed_click(void *state, int row)
{
    struct feed *f = state;
    size_t r = (size_t)(f->top + row / f->ctx->row_step);

    if (f->reader_open || f->thread || f->authors || f->menu_open || f->picker_open || r >= f->count)
        return 0;
    return feed_move_by(f, (long)r - (long)f->cur);
}

const struct pane_ops feed_pane_ops = {
    .click = feed_click,
    .title = N_("Feed"),
    .open = feed_open,
    .close = feed_close,
    .resize = feed_resize,
    .draw = feed_draw,
    .handle = feed_handle,
    .prompt_done = feed_prompt_done,
    .changed = feed_changed,
    .has_work = feed_has_work,
    .work = feed_work,
    .scope = feed_scope,
    .describe = feed_describe,
};
