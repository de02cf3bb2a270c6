/* feed_work.c — the researcher's keys of the feed pane: coding a post
 * (x, X, the Code filter), marks (m, M, U and ; with s, a or e), samples
 * (S) and saved views (w, :). Part of the feed pane (feed_internal.h); the
 * rows they act on are the feed's, the tables the workbench's
 * (src/workbench.h). */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/i18n.h"
#include "../src/plural.h"
#include "../src/sample.h"
#include "../src/workbench.h"
#include "feed_internal.h"
#include "keymap.h"
#include "layout.h"
#include "thread.h"

/* " · 12 marked" when posts are marked, for the status. */
const char *feed_marked_label(const struct feed *f)
{
    static char buf[96];

    if (f->marked <= 0)
        return "";
    /* TRANSLATORS: appended to the status's position; starts with " · ". */
    snprintf(buf, sizeof buf, _(" \xc2\xb7 %lld marked"), (long long)f->marked);
    return buf;
}


/* Counts the marks again (after they changed); a failure says why. */
void feed_count_marks(struct feed *f)
{
    struct rf_error err = {{0}};

    if (wb_marks_count(f->ctx->model, &f->marked, &err) != 0)
        f->ctx->message(f->ctx->app, true, _("marks: %s"), err.msg);
}

/* m, M and U. The rows on screen follow: their mark is re-read. */
static unsigned mark_handle(struct feed *f, enum action act)
{
    struct rf_error err = {{0}};
    int64_t n = 0;

    if (act == ACT_MARK) {
        struct feed_row *r = &f->rows[f->cur];
        if (wb_mark(f->ctx->model, r->post.platform, r->post.ext_id, !r->post.marked, &err) != 0) {
            f->ctx->message(f->ctx->app, true, _("mark not saved: %s"), err.msg);
            return PANE_HANDLED | PANE_DIRTY;
        }
        r->post.marked = !r->post.marked;
        feed_count_marks(f);
        /* The next row, as mutt's tag does, to mark a run quickly. */
        if (f->cur + 1 < f->count && !f->reader_open)
            return feed_move_by(f, 1);
        return PANE_HANDLED | PANE_DIRTY;
    }
    if (act == ACT_MARK_ALL ? model_mark_all(f->ctx->model, &f->filter, &n, &err)
                            : wb_marks_clear(f->ctx->model, &n, &err)) {
        f->ctx->message(f->ctx->app, true, _("marks: %s"), err.msg);
        return PANE_HANDLED | PANE_DIRTY;
    }
    for (size_t i = 0; i < f->count; i++)
        f->rows[i].post.marked = act == ACT_MARK_ALL;
    feed_count_marks(f);
    if (act == ACT_MARK_ALL)
        f->ctx->message(f->ctx->app, false,
                        plural(n, "marked %lld more post: %lld marked",
                               "marked %lld more posts: %lld marked"),
                        (long long)n, (long long)f->marked);
    else
        f->ctx->message(f->ctx->app, false,
                        plural(n, "unmarked %lld post", "unmarked %lld posts"),
                        (long long)n);
    return PANE_HANDLED | PANE_DIRTY;
}

/* The key after ';': s, x or e on the marked posts. */
static unsigned marked_handle(struct feed *f, enum action act)
{
    struct rf_error err = {{0}};
    int64_t n;

    switch (act) {
    case ACT_STAR:
        if (wb_marks_star(f->ctx->model, &n, &err) != 0) {
            f->ctx->message(f->ctx->app, true, _("stars not saved: %s"), err.msg);
            return PANE_HANDLED | PANE_DIRTY;
        }
        for (size_t i = 0; i < f->count; i++)
            f->rows[i].post.starred |= f->rows[i].post.marked;
        f->ctx->message(f->ctx->app, false,
                        plural(n, "starred the %lld marked post", "starred the %lld marked posts"),
                        (long long)n);
        return PANE_HANDLED | PANE_DIRTY;
    case ACT_CODE:
        f->for_marked = true;
        f->for_comment = false;
        f->prompt_kind = PROMPT_CODE;
        f->ctx->prompt(f->ctx->app, PANE_FEED, _("Code the marked posts (a name or a code's key): "),
                       "");
        return PANE_HANDLED;
    case ACT_EXPORT:
        f->for_marked = true;
        f->prompt_kind = PROMPT_EXPORT;
        f->ctx->prompt(f->ctx->app, PANE_FEED, _("Export the marked posts to CSV file: "),
                       "refuge-marked.csv");
        return PANE_HANDLED;
    default:
        f->ctx->message(f->ctx->app, false, _("; then s, x or e acts on the marked posts"));
        return PANE_HANDLED | PANE_DIRTY;
    }
}


/* What the coding prompts act on: the thread's comment chosen with x or
 * X, else the post under the cursor, as the workbench names them. */
static struct wb_item cursor_item(const struct feed *f)
{
    const struct model_post *p = &f->rows[f->cur].post;

    if (f->for_comment)
        return (struct wb_item){.kind = WB_COMMENT, .platform = f->comment_platform,
                                .ext_id = f->comment_id};
    return (struct wb_item){.kind = WB_POST, .platform = p->platform, .ext_id = p->ext_id};
}

unsigned feed_code_comment(struct feed *f, enum action act)
{
    if (!f->thread || !thread_view_comment(f->thread, f->comment_platform,
                                           sizeof f->comment_platform, f->comment_id,
                                           sizeof f->comment_id))
        return PANE_HANDLED;
    f->for_marked = false;
    f->for_comment = true;
    f->prompt_kind = act == ACT_THREAD_CODE ? PROMPT_CODE : PROMPT_UNCODE;
    f->ctx->prompt(f->ctx->app, PANE_FEED,
                   act == ACT_THREAD_CODE ? _("Code the comment (a name or a code's key): ")
                                          : _("Remove code from the comment: "),
                   "");
    return PANE_HANDLED;
}

/* The reader's codes again, after the post's changed (the thread's, after
 * a comment's). */
static void refresh_reader_codes(struct feed *f)
{
    struct rf_error err = {{0}};

    if (f->for_comment && f->thread)
        thread_view_codes_changed(f->thread);
    if (!f->reader_open || f->for_comment)
        return;
    wb_applications_free(&f->reader.codes);
    if (wb_item_codes(f->ctx->model, &(struct wb_item){.kind = WB_POST,
                                                        .platform = f->reader.post.platform,
                                                        .ext_id = f->reader.post.ext_id},
                      &f->reader.codes, &err) != 0)
        f->ctx->message(f->ctx->app, true, _("codes: %s"), err.msg);
    feed_layout_reader(f);
}

/* The answers of the coding prompts: a code (name or key) for the post,
 * then its memo; a code to remove; a code to filter by. */
static unsigned coding_answer(struct feed *f, int kind, const char *answer)
{
    struct rf_error err = {{0}};
    struct wb_item item;
    char name[WB_CODE_MAX + 1];
    int rc;

    if (kind == PROMPT_MEMO && f->for_marked) {
        int64_t n;
        if (wb_marks_apply(f->ctx->model, f->coding, answer, &n, &err) != 0) {
            f->ctx->message(f->ctx->app, true, _("not coded: %s"), err.msg);
            return PANE_DIRTY;
        }
        f->ctx->message(f->ctx->app, false,
                        plural(n, "coded the %lld marked post %s",
                               "coded the %lld marked posts %s"),
                        (long long)n, f->coding);
        refresh_reader_codes(f);
        return PANE_HANDLED | PANE_DIRTY;
    }
    if (kind == PROMPT_MEMO) {
        if (f->count == 0 && !f->for_comment)
            return PANE_DIRTY;
        item = cursor_item(f);
        if (wb_apply(f->ctx->model, &item, f->coding, answer, &err) != 0) {
            f->ctx->message(f->ctx->app, true, _("not coded: %s"), err.msg);
            return PANE_DIRTY;
        }
        if (f->for_comment)
            f->ctx->message(f->ctx->app, false,
                            answer[0] ? _("coded the comment %s with a memo")
                                      : _("coded the comment %s"),
                            f->coding);
        else
            f->ctx->message(f->ctx->app, false,
                            answer[0] ? _("coded %s with a memo") : _("coded %s"), f->coding);
        refresh_reader_codes(f);
        return PANE_HANDLED | PANE_DIRTY;
    }
    if (kind == PROMPT_FILTER_CODE && !answer[0]) {
        feed_set_text(f->code, sizeof f->code, &f->filter.code, NULL);
        feed_reload(f, ANNOUNCE_NONE);
        return PANE_HANDLED | PANE_DIRTY | PANE_MOVED;
    }
    if (!answer[0])
        return PANE_DIRTY;
    if (wb_code_resolve(f->ctx->model, answer, name, sizeof name, &err) != 0) {
        f->ctx->message(f->ctx->app, true, "%s", err.msg);
        return PANE_DIRTY;
    }
    if (kind == PROMPT_FILTER_CODE) {
        feed_set_text(f->code, sizeof f->code, &f->filter.code, name);
        f->menu_open = false;
        feed_reload(f, ANNOUNCE_NONE);
        return PANE_HANDLED | PANE_DIRTY | PANE_MOVED;
    }
    if (kind == PROMPT_CODE && f->for_marked) {
        char label[WB_CODE_MAX + 128];
        snprintf(f->coding, sizeof f->coding, "%s", name);
        snprintf(label, sizeof label, _("Memo for %s on every marked post (Enter: none): "), name);
        f->prompt_kind = PROMPT_MEMO;
        f->ctx->prompt(f->ctx->app, PANE_FEED, label, "");
        return PANE_HANDLED;
    }
    if (f->count == 0 && !f->for_comment)
        return PANE_DIRTY;
    item = cursor_item(f);
    if (kind == PROMPT_UNCODE) {
        if ((rc = wb_unapply(f->ctx->model, &item, name, &err)) < 0)
            f->ctx->message(f->ctx->app, true, _("not removed: %s"), err.msg);
        else
            f->ctx->message(f->ctx->app, rc == MODEL_NOT_FOUND, rc == MODEL_NOT_FOUND
                                                                    ? f->for_comment
                                                                          ? _("the comment has no code %s")
                                                                          : _("the post has no code %s")
                                                                    : _("removed the code %s"),
                            name);
        refresh_reader_codes(f);
        return PANE_HANDLED | PANE_DIRTY;
    }
    /* PROMPT_CODE: the memo next, starting from the one it has. */
    {
        struct wb_applications had;
        const char *memo = "";
        char label[WB_CODE_MAX + 96];

        if (wb_item_codes(f->ctx->model, &item, &had, &err) != 0) {
            f->ctx->message(f->ctx->app, true, _("codes: %s"), err.msg);
            return PANE_DIRTY;
        }
        for (size_t i = 0; i < had.count; i++)
            if (strcmp(had.items[i].code, name) == 0)
                memo = had.items[i].memo;
        snprintf(f->coding, sizeof f->coding, "%s", name);
        snprintf(label, sizeof label, _("Memo for %s (Enter: none): "), name);
        f->prompt_kind = PROMPT_MEMO;
        f->ctx->prompt(f->ctx->app, PANE_FEED, label, memo);
        wb_applications_free(&had);
    }
    return PANE_HANDLED;
}

/* w saves the feed's filter, search and sort under a name; : recalls one
 * (or, with no name, lists them). */
static unsigned view_answer(struct feed *f, int kind, const char *answer)
{
    struct rf_error err = {{0}};
    struct wb_view v;
    char names[160];
    size_t n;
    int rc;

    if (kind == PROMPT_SAVE_VIEW) {
        if (!answer[0])
            return PANE_DIRTY;
        if (wb_view_save(f->ctx->model, answer, &f->filter, f->sort, &err) != 0)
            f->ctx->message(f->ctx->app, true, _("view not saved: %s"), err.msg);
        else
            f->ctx->message(f->ctx->app, false, _("saved the view %s (: recalls it)"), answer);
        return PANE_HANDLED | PANE_DIRTY;
    }
    if (!answer[0]) {
        if (wb_view_names(f->ctx->model, names, sizeof names, &n, &err) != 0)
            f->ctx->message(f->ctx->app, true, _("views: %s"), err.msg);
        else
            f->ctx->message(f->ctx->app, false, n ? _("views: %s") : _("no saved views: w saves one%s"),
                            names);
        return PANE_HANDLED | PANE_DIRTY;
    }
    if ((rc = wb_view_load(f->ctx->model, answer, &v, &err)) != 0) {
        f->ctx->message(f->ctx->app, true, rc == MODEL_NOT_FOUND ? _("no view named %s") : "%s",
                        rc == MODEL_NOT_FOUND ? answer : err.msg);
        return PANE_DIRTY;
    }
    feed_set_text(f->lang, sizeof f->lang, &f->filter.lang, v.filter.lang);
    feed_set_text(f->platform, sizeof f->platform, &f->filter.platform, v.filter.platform);
    feed_set_text(f->tag, sizeof f->tag, &f->filter.tag, v.filter.tag);
    feed_set_text(f->provenance, sizeof f->provenance, &f->filter.provenance, v.filter.provenance);
    feed_set_text(f->code, sizeof f->code, &f->filter.code, v.filter.code);
    feed_set_text(f->search, sizeof f->search, &f->filter.search, v.filter.search);
    feed_set_text(f->author, sizeof f->author, &f->filter.author, v.filter.author);
    f->filter.with_comments = v.filter.with_comments;
    f->filter.starred_only = v.filter.starred_only;
    f->filter.marked_only = v.filter.marked_only;
    f->filter.sample = v.filter.sample;
    f->filter.seed = v.filter.seed;
    f->sort = v.sort;
    f->filter.has_from = v.filter.has_from;
    f->filter.from = v.filter.from;
    f->filter.has_to = v.filter.has_to;
    f->filter.to = v.filter.to;
    f->window_label[0] = '\0';
    wb_view_free(&v);
    f->reader_open = false;
    reader_clear(&f->reader);
    feed_close_thread(f);
    f->menu_open = false;
    feed_reload(f, ANNOUNCE_NONE);
    f->ctx->message(f->ctx->app, false, _("the view %s"), answer);
    return PANE_HANDLED | PANE_DIRTY | PANE_MOVED;
}

/* "200 7": a sample of 200 with seed 7; "200": a seed is drawn (and shown
 * in the title, to draw the same posts again); "": the whole list. */
static unsigned sample_answer(struct feed *f, const char *answer)
{
    char count[32] = "", seed[32] = "", extra[2] = "";
    int n = sscanf(answer, "%31s %31s %1s", count, seed, extra);
    long long size;
    char *end;

    if (n <= 0) {
        f->filter.sample = 0;
        feed_reload(f, ANNOUNCE_NONE);
        return PANE_HANDLED | PANE_DIRTY | PANE_MOVED;
    }
    size = strtoll(count, &end, 10);
    if (n > 2 || *end || size <= 0 ||
        (n == 2 && sample_parse_seed(seed, &f->filter.seed) != 0)) {
        f->ctx->message(f->ctx->app, true,
                        _("'%s' is not a sample: type a number of posts and a seed, as 200 7"),
                        answer);
        return PANE_DIRTY;
    }
    if (n == 1)
        f->filter.seed = sample_new_seed();
    f->filter.sample = size;
    feed_reload(f, ANNOUNCE_NONE);
    f->ctx->message(f->ctx->app, false, plural(size, "a sample of %lld post, seed %llu: M then ;x saves it as a code",
                                               "a sample of %lld posts, seed %llu: M then ;x saves it as a code"),
                    size, (unsigned long long)f->filter.seed);
    return PANE_HANDLED | PANE_DIRTY | PANE_MOVED;
}


unsigned feed_work_key(struct feed *f, enum action act)
{
    if (f->on_marked) {
        f->on_marked = false;
        return marked_handle(f, act);
    }
    switch (act) {
    case ACT_ON_MARKED:
        if (f->marked <= 0) {
            f->ctx->message(f->ctx->app, false, _("no posts are marked: m marks one, M all listed"));
            return PANE_HANDLED;
        }
        f->on_marked = true;
        f->ctx->message(f->ctx->app, false, _("%lld marked: s stars, x codes, e exports them"),
                        (long long)f->marked);
        return PANE_HANDLED | PANE_DIRTY;
    case ACT_MARK:
    case ACT_MARK_ALL:
        return f->count ? mark_handle(f, act) : 0;
    case ACT_UNMARK_ALL:
        return mark_handle(f, act);
    case ACT_CODE:
    case ACT_UNCODE:
        if (!f->count)
            return 0;
        f->for_marked = f->for_comment = false;
        f->prompt_kind = act == ACT_CODE ? PROMPT_CODE : PROMPT_UNCODE;
        f->ctx->prompt(f->ctx->app, PANE_FEED,
                       act == ACT_CODE ? _("Code (a name or a code's key): ") : _("Remove code: "), "");
        return PANE_HANDLED;
    case ACT_SAVE_VIEW:
        f->prompt_kind = PROMPT_SAVE_VIEW;
        f->ctx->prompt(f->ctx->app, PANE_FEED, _("Save the filter, search and sort as view: "), "");
        return PANE_HANDLED;
    case ACT_VIEW:
        f->prompt_kind = PROMPT_VIEW;
        f->ctx->prompt(f->ctx->app, PANE_FEED, _("View (empty lists them): "), "");
        return PANE_HANDLED;
    case ACT_SAMPLE: {
        char now[64] = "";
        if (f->filter.sample)
            snprintf(now, sizeof now, "%lld %llu", (long long)f->filter.sample,
                     (unsigned long long)f->filter.seed);
        f->prompt_kind = PROMPT_SAMPLE;
        f->ctx->prompt(f->ctx->app, PANE_FEED, _("Sample: N posts and a seed (empty clears): "), now);
        return PANE_HANDLED;
    }
    default:
        return 0;
    }
}

unsigned feed_work_answer(struct feed *f, int kind, const char *answer)
{
    if (kind == PROMPT_SAMPLE)
        return sample_answer(f, answer);
    if (kind == PROMPT_SAVE_VIEW || kind == PROMPT_VIEW)
        return view_answer(f, kind, answer);
    return coding_answer(f, kind, answer);
}

void feed_reader_codes(struct feed *f)
{
    struct rf_error err = {{0}};

    wb_applications_free(&f->reader.codes);
    if (wb_item_codes(f->ctx->model, &(struct wb_item){.kind = WB_POST,
                                                        .platform = f->reader.post.platform,
                                                        .ext_id = f->reader.post.ext_id},
                      &f->reader.codes, &err) != 0)
        f->ctx->message(f->ctx->app, true, _("codes: %s"), err.msg);
}
