/* feed_rows.c — the feed's window of rows: a few screens of posts loaded
 * around the cursor with keyset paging, trimmed as it moves; opening the
 * reader on the cursor's post. */

#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../src/i18n.h"
#include "../src/kwic.h"
#include "../src/model_thread.h"
#include "../src/script.h"
#include "../src/text.h"
#include "../src/vocab.h"
#include "../src/when.h"
#include "feed.h"
#include "feed_internal.h"
#include "layout.h"
#include "list.h"
#include "reader.h"
#include "scroll.h"
#include "thread.h"

/* ---- rows ------------------------------------------------------------------- */

/* Bytes of a text read for its list row: more than the widest terminal's
 * row shows, so a 1 MB post is not sanitised and measured whole at every
 * redraw. */
#define ROW_BYTES 4096

/* The first paragraph line of s, sanitised to one line; "…" marks a line
 * cut at ROW_BYTES (at a character boundary). */
static char *first_line(const char *s)
{
    size_t len;
    const char *nl;
    char *line, *more;

    if (!s)
        return text_sanitize("", 0, 0);
    len = strnlen(s, ROW_BYTES + 1);
    if ((nl = memchr(s, '\n', len))) {
        len = (size_t)(nl - s);
    } else if (len > ROW_BYTES) {
        len = ROW_BYTES;
        while (len > 0 && (s[len] & 0xC0) == 0x80)
            len--;
        line = text_sanitize(s, len, TEXT_KEEP_TABS);
        if (line && (more = realloc(line, strlen(line) + strlen(text_ellipsis()) + 1)))
            return strcat(more, text_ellipsis());
        return line;
    }
    return text_sanitize(s, len, TEXT_KEEP_TABS);
}

void feed_row_free(struct feed_row *r)
{
    model_post_free(&r->post);
    free(r->author);
    free(r->platform);
    free(r->line_orig);
    free(r->line_trans);
    kwic_free(&r->kwic);
}

static void row_prepare(const struct feed *f, struct feed_row *r)
{
    const char *a = r->post.author ? r->post.author : "";
    const char *p = vocab_platform_short(r->post.platform ? r->post.platform : "");
    r->author = text_sanitize(a, strlen(a), 0);
    r->platform = text_sanitize(p, strlen(p), 0);
    /* [ui] script: the texts in the script chosen, the hits moved with them. */
    script_convert_owned(&r->post.text, r->post.text_spans, r->post.ntext_spans);
    script_convert_owned(&r->post.translation, r->post.translation_spans,
                         r->post.ntranslation_spans);
    r->line_orig = first_line(r->post.text);
    r->line_trans = first_line(r->post.translation);
    feed_cut_snippet(f, r);
}

void feed_clear_rows(struct feed *f)
{
    for (size_t i = 0; i < f->count; i++)
        feed_row_free(&f->rows[i]);
    f->count = 0;
    f->cur = 0;
    f->top = 0;
}

static bool reserve_rows(struct feed *f, size_t need)
{
    struct feed_row *grown;
    size_t cap = f->cap ? f->cap : 64;

    if (need <= f->cap)
        return true;
    while (cap < need)
        cap *= 2;
    grown = realloc(f->rows, cap * sizeof *grown);
    if (!grown)
        return false;
    f->rows = grown;
    f->cap = cap;
    return true;
}

struct model_cursor feed_row_cursor(const struct feed *f, const struct feed_row *r)
{
    struct model_cursor c = {.valid = true,
                             .key = f->sort == MODEL_SORT_LIKES ? r->post.likes : r->post.ts_utc,
                             .id = r->post.id};
    return c;
}

size_t feed_screen_rows(const struct feed *f)
{
    int rows = f->height / (f->ctx->row_step > 1 ? f->ctx->row_step : 1);
    return rows > 1 ? (size_t)rows : 1;
}

/* Reads up to `want` rows from `from` in `dir`, following a short search's
 * scan windows for a few steps. Rows arrive in display order. */
int feed_fetch(struct feed *f, const struct model_cursor *from, enum model_dir dir,
               size_t want, struct feed_row **out, size_t *nout, bool *more)
{
    struct model_cursor at = from ? *from : (struct model_cursor){0};
    struct feed_row *got = NULL;
    size_t n = 0;
    int steps = 0;

    *more = false;
    while (n < want && steps++ < SCAN_STEPS) {
        struct model_post_page page = {0};
        struct rf_error err = {{0}};
        struct feed_row *grown;

        if (model_posts(f->ctx->model, &f->filter, f->sort, at.valid ? &at : NULL, dir,
                        want - n, &page, &err) != 0) {
            f->ctx->message(f->ctx->app, true, _("feed: %s"), err.msg);
            free(got);
            return -1;
        }
        /* Which are marked: only when some are (the count says). */
        if (f->marked > 0 && wb_marked_flags(f->ctx->model, page.rows, page.count, &err) != 0)
            f->ctx->message(f->ctx->app, true, _("marks: %s"), err.msg);
        grown = realloc(got, (n + page.count + 1) * sizeof *grown);
        if (!grown) {
            model_post_page_free(&page);
            free(got);
            return -1;
        }
        got = grown;
        /* The comments the cache holds on each, for the row's count. */
        int64_t *comments = calloc(page.count ? page.count : 1, sizeof *comments);
        if (comments && model_thread_counts(f->ctx->model, page.rows, page.count, comments, &err) != 0)
            f->ctx->message(f->ctx->app, true, _("feed: %s"), err.msg);
        /* Backward pages are in display order too: prepend them. */
        if (dir == MODEL_BACKWARD) {
            memmove(got + page.count, got, n * sizeof *got);
            for (size_t i = 0; i < page.count; i++) {
                memset(&got[i], 0, sizeof got[i]);
                got[i].post = page.rows[i];
                got[i].comments = comments ? comments[i] : 0;
                row_prepare(f, &got[i]);
            }
        } else {
            for (size_t i = 0; i < page.count; i++) {
                memset(&got[n + i], 0, sizeof got[n + i]);
                got[n + i].post = page.rows[i];
                got[n + i].comments = comments ? comments[i] : 0;
                row_prepare(f, &got[n + i]);
            }
        }
        n += page.count;
        *more = page.more;
        at = page.resume.valid ? page.resume : (dir == MODEL_FORWARD ? page.last : page.first);
        /* The rows now belong to us; free only the array. */
        free(page.rows);
        free(comments);
        if (!page.more)
            break;
    }
    *out = got;
    *nout = n;
    return 0;
}

/* Counts the posts of the filter, exactly or up to [feed] count_cap;
 * MODEL_INTERRUPTED (only while the loop runs deferred work) leaves the
 * count to be taken again. */
int feed_count_total(struct feed *f, bool exact)
{
    static const char *const bundled[] = {"illustrative", "quoted"};
    struct rf_error err = {{0}};
    int64_t n, part;
    bool at_least = false;
    int rc = model_count_capped(f->ctx->model, &f->filter, exact ? 0 : f->ctx->cfg->feed.count_cap,
                                &n, &at_least, &err);

    if (rc == MODEL_INTERRUPTED)
        return rc;
    /* The bundled posts apart, so the status says what it counts: a few
     * hundred rows of the provenance index, whatever the cache holds. A
     * lower bound is not split. */
    f->bundled = f->filter.provenance || at_least ? -1 : 0;
    for (int i = 0; rc == 0 && f->bundled >= 0 && i < 2; i++) {
        struct model_filter only = f->filter;
        only.provenance = bundled[i];
        if ((rc = model_count(f->ctx->model, &only, &part, &err)) == MODEL_INTERRUPTED)
            return rc;
        f->bundled += part;
    }
    f->counting = false;
    f->total = n;
    f->total_at_least = at_least;
    if (rc != 0) {
        f->ctx->message(f->ctx->app, true, _("feed: %s"), err.msg);
        f->total = 0;
        f->bundled = -1;
    }
    return 0;
}

void feed_defer_count(struct feed *f, int announce)
{
    f->counting = true;
    f->total = -1;
    f->total_at_least = false;
    f->announce = announce;
    f->ctx->work_requests++;
}

/* Recomputes the cursor's position after new posts arrived: in time order,
 * the posts newer than it come first. (In likes order the old position is
 * kept: the count would need a scan.) */
void feed_locate(struct feed *f)
{
    struct model_filter newer = f->filter;
    struct rf_error err = {{0}};
    int64_t n;

    if (f->sort != MODEL_SORT_TIME || f->count == 0)
        return;
    if (f->rows[f->cur].post.ts_utc == INT64_MAX) /* a damaged cache's: nothing is newer */
        return;
    newer.has_from = true;
    newer.from = f->rows[f->cur].post.ts_utc + 1;
    if (!f->filter.has_to)
        newer.has_to = false;
    if (f->filter.has_from && f->filter.from > newer.from)
        newer.from = f->filter.from;
    if (model_count(f->ctx->model, &newer, &n, &err) == 0)
        f->position = n;
}

void feed_keep_cursor_visible(struct feed *f)
{
    list_keep_visible(&f->top, (int)f->cur, (int)feed_screen_rows(f), (int)f->count,
                      f->ctx->cfg->ui.scroll_jump);
}

void feed_format_local(const struct feed *f, int64_t ts, char *buf, size_t size,
                       enum local_format which)
{
    /* A time no calendar holds (a damaged cache): dashes of the same width. */
    when_format(buf, size, ts, f->ctx->zone,
                which == LOCAL_DATE        ? WHEN_DATE
                : which == LOCAL_MONTH_DAY ? WHEN_MONTH_DAY
                                           : WHEN_MONTH_DAY_TIME);
}

/* An empty list under a window alone: notes the days the posts cover. */
static void note_span(struct feed *f)
{
    struct rf_error err = {{0}};
    int64_t first, last;
    char a[16], b[16];

    f->has_span = false;
    if (f->count > 0 || !model_filter_is_window_only(&f->filter) ||
        model_post_span(f->ctx->model, &first, &last, &err) != 0)
        return;
    feed_format_local(f, first, a, sizeof a, LOCAL_DATE);
    feed_format_local(f, last, b, sizeof b, LOCAL_DATE);
    /* TRANSLATORS: the first date, an arrow, the last; the reason ends at the semicolon. */
    snprintf(f->span, sizeof f->span, _("No posts in this window; the posts cover %s %s %s."), a,
             text_ascii() ? "->" : "\xe2\x86\x92", b);
    f->has_span = true;
}

/* Loads the list from its start (or its end), dropping the window. */
void feed_load_edge(struct feed *f, bool at_end)
{
    struct feed_row *got = NULL;
    size_t n = 0;
    bool more = false;

    feed_clear_rows(f);
    if (feed_fetch(f, NULL, at_end ? MODEL_BACKWARD : MODEL_FORWARD, feed_screen_rows(f) + FETCH_MARGIN,
                   &got, &n, &more) != 0)
        return;
    if (reserve_rows(f, n)) {
        memcpy(f->rows, got, n * sizeof *got);
        f->count = n;
    } else {
        for (size_t i = 0; i < n; i++)
            feed_row_free(&got[i]);
    }
    free(got);
    f->more_before = at_end ? more : false;
    f->more_after = at_end ? false : more;
    f->cur = at_end && f->count ? f->count - 1 : 0;
    note_span(f);
    /* The last post's position needs the count now. */
    if (at_end && (f->counting || f->total_at_least))
        feed_count_total(f, true);
    f->position = at_end ? (f->total > 0 ? f->total - 1 : 0) : 0;
    feed_keep_cursor_visible(f);
}

/* Re-opens the list at a row (inclusive) after a reload. */
void feed_load_at(struct feed *f, struct model_cursor at)
{
    struct model_cursor just_before = at;
    struct feed_row *before = NULL, *after = NULL;
    size_t nb = 0, na = 0;
    bool mb = false, ma = false;

    /* Cursors are exclusive; the row "just before" in display order has a
     * higher id at the same key, since ties go by id descending. */
    just_before.id = at.id + 1;
    if (feed_fetch(f, &at, MODEL_BACKWARD, feed_screen_rows(f), &before, &nb, &mb) != 0 ||
        feed_fetch(f, &just_before, MODEL_FORWARD, feed_screen_rows(f) + FETCH_MARGIN, &after, &na, &ma) !=
            0) {
        for (size_t i = 0; i < nb; i++)
            feed_row_free(&before[i]);
        free(before);
        feed_load_edge(f, false);
        return;
    }
    feed_clear_rows(f);
    if (reserve_rows(f, nb + na)) {
        memcpy(f->rows, before, nb * sizeof *before);
        memcpy(f->rows + nb, after, na * sizeof *after);
        f->count = nb + na;
    }
    free(before);
    free(after);
    f->more_before = mb;
    f->more_after = ma;
    f->cur = na ? nb : (nb ? nb - 1 : 0);
    feed_keep_cursor_visible(f);
}

/* Drops rows from the far end so the window stays a few screens long. */
static void trim_window(struct feed *f, bool keep_end)
{
    size_t limit = feed_screen_rows(f) * WINDOW_SCREENS + FETCH_MARGIN;
    size_t drop;

    if (f->count <= limit)
        return;
    drop = f->count - limit;
    if (keep_end) {
        for (size_t i = 0; i < drop; i++)
            feed_row_free(&f->rows[i]);
        memmove(f->rows, f->rows + drop, (f->count - drop) * sizeof *f->rows);
        f->cur -= drop;
        f->top -= (int)drop;
        f->more_before = true;
    } else {
        for (size_t i = f->count - drop; i < f->count; i++)
            feed_row_free(&f->rows[i]);
        f->more_after = true;
    }
    f->count -= drop;
}

void feed_extend(struct feed *f, enum model_dir dir)
{
    struct feed_row *got = NULL;
    size_t n = 0;
    bool more = false;
    struct model_cursor from;

    if (f->count == 0)
        return;
    from = feed_row_cursor(f, dir == MODEL_FORWARD ? &f->rows[f->count - 1] : &f->rows[0]);
    if (feed_fetch(f, &from, dir, feed_screen_rows(f) + FETCH_MARGIN, &got, &n, &more) != 0)
        return;
    if (!reserve_rows(f, f->count + n)) {
        for (size_t i = 0; i < n; i++)
            feed_row_free(&got[i]);
        free(got);
        return;
    }
    if (dir == MODEL_FORWARD) {
        memcpy(f->rows + f->count, got, n * sizeof *got);
        f->more_after = more;
    } else {
        memmove(f->rows + n, f->rows, f->count * sizeof *f->rows);
        memcpy(f->rows, got, n * sizeof *got);
        f->cur += n;
        f->top += (int)n;
        f->more_before = more;
    }
    f->count += n;
    free(got);
    trim_window(f, dir == MODEL_FORWARD);
}

/* ---- the reader ---------------------------------------------------------------- */

/* Lays the reader out for the pane's width and language, with the post's
 * time in its own zone and the event before it. */
void feed_layout_reader(struct feed *f)
{
    const struct model_post *p = &f->reader.post;
    struct model_event ev = {0};
    struct rf_error err = {{0}};
    char when[96] = "", after[400];
    bool has_after = false;

    if (f->reader.has_post) {
        reader_format_time(p, f->ctx->zone, when, sizeof when);
        if (model_event_at(f->ctx->model, p->ts_utc, 0, &ev, &err) == 0) {
            const char *title =
                f->ctx->language == LANGUAGE_ZH && ev.title_zh ? ev.title_zh : ev.title_en;
            /* [ui] script: the title in the script the timeline shows it in. */
            char *shown = title ? script_convert(title, strlen(title), NULL, 0) : NULL;
            snprintf(after, sizeof after, "%s (%s)", shown ? shown : title, ev.date);
            free(shown);
            has_after = true;
            model_event_free(&ev);
        }
    }
    f->reader.zone = f->ctx->zone;
    reader_layout(&f->reader, f->width, f->ctx->feed_show, when, has_after ? after : NULL);
}

void feed_script_changed(struct feed *f)
{
    if (f->count) {
        struct model_cursor at = feed_row_cursor(f, &f->rows[f->cur]);
        feed_load_at(f, at);
    }
    if (f->reader_open) {
        int scroll = f->reader.scroll;
        feed_open_reader(f);
        /* The same post, its lines converted: the same place in it. */
        f->reader.scroll = scroll < (int)f->reader.nlines ? scroll : 0;
    }
    if (f->thread)
        thread_view_reload(f->thread);
}

void feed_open_reader(struct feed *f)
{
    struct rf_error err = {{0}};
    struct feed_row *r;

    if (f->count == 0)
        return;
    r = &f->rows[f->cur];
    reader_clear(&f->reader);
    if (model_post_detail(f->ctx->model, r->post.id, &f->reader.post, &err) != 0) {
        f->ctx->message(f->ctx->app, true, _("feed: %s"), err.msg);
        return;
    }
    f->reader.has_post = true;
    script_convert_owned(&f->reader.post.text, NULL, 0);
    script_convert_owned(&f->reader.post.translation, NULL, 0);
    feed_reader_codes(f);
    if (model_post_extras(f->ctx->model, f->reader.post.platform, f->reader.post.ext_id,
                          &f->reader.extras, &err) == 0)
        f->reader.has_extras = true;
    else
        model_post_extras_free(&f->reader.extras);
    f->reader_open = true;
    if (!r->post.read) {
        /* The post opens even when the mark cannot be saved (a cache
         * that takes no marks): the message says why. */
        if (model_set_read(f->ctx->model, r->post.id, true, &err) == 0)
            r->post.read = true;
        else
            f->ctx->message(f->ctx->app, true, _("reading state not saved: %s"), err.msg);
    }
    feed_layout_reader(f);
}

/* C: the comments of the post read, or of the post under the cursor. */
unsigned feed_open_thread(struct feed *f)
{
    const struct model_post *p = f->reader_open && f->reader.has_post ? &f->reader.post
                                 : f->count                           ? &f->rows[f->cur].post
                                                                      : NULL;
    char about[200];

    if (!p)
        return PANE_HANDLED;
    snprintf(about, sizeof about, _("%s's post"), p->author ? p->author : "?");
    feed_close_authors(f);
    thread_view_close(f->thread);
    f->thread = thread_view_open(f->ctx, p->platform, p->ext_id, about, f->width, f->height);
    return PANE_HANDLED | PANE_DIRTY;
}

void feed_close_thread(struct feed *f)
{
    thread_view_close(f->thread);
    f->thread = NULL;
}
