/* feed_authors.c — the feed's authors list: a (the post's author), A (the
 * listed posts' authors), Enter filtering the feed to one of them. */
#include "autoconfig.h"

#include <stdio.h>
#include <string.h>

#include "../src/i18n.h"
#include "authors.h"
#include "feed_internal.h"
#include "thread.h"

void feed_close_authors(struct feed *f)
{
    authors_view_close(f->authors);
    f->authors = NULL;
}

unsigned feed_open_authors(struct feed *f, bool one)
{
    const struct model_post *p = f->reader_open && f->reader.has_post ? &f->reader.post
                                 : f->count                           ? &f->rows[f->cur].post
                                                                      : NULL;
    struct model_filter of = f->filter;
    struct model_post_extras x = {0};
    struct rf_error err = {{0}};
    char who[300], about[300];

    if (one) {
        if (!p)
            return PANE_HANDLED;
        /* The key, never the display name: a masked nickname is many people. */
        if (model_post_extras(f->ctx->model, p->platform, p->ext_id, &x, &err) != 0)
            model_post_extras_free(&x);
        if (!x.author_key && !p->author) {
            model_post_extras_free(&x);
            f->ctx->message(f->ctx->app, false, _("the post names no author"));
            return PANE_HANDLED;
        }
        snprintf(who, sizeof who, "%s:%s", p->platform, x.author_key ? x.author_key : p->author);
        model_post_extras_free(&x);
        of = (struct model_filter){.author = who};
        snprintf(about, sizeof about, "%s", _("the post's author"));
    } else {
        feed_filter_label(f, about, sizeof about);
    }
    feed_close_authors(f);
    feed_close_thread(f);
    f->authors = authors_view_open(f->ctx, &of, about, f->width, f->height);
    return PANE_HANDLED | PANE_DIRTY;
}

unsigned feed_open_comment_author(struct feed *f)
{
    char who[300];
    struct model_filter of = {.author = who};

    if (!f->thread || !thread_view_author(f->thread, who, sizeof who)) {
        f->ctx->message(f->ctx->app, false, _("the comment names no author"));
        return PANE_HANDLED;
    }
    feed_close_thread(f);
    f->authors = authors_view_open(f->ctx, &of, _("the comment's author"), f->width, f->height);
    return PANE_HANDLED | PANE_DIRTY;
}

unsigned feed_authors_handle(struct feed *f, enum action act)
{
    unsigned flags = authors_view_handle(f->authors, act);
    const char *chosen = authors_view_chosen(f->authors);

    if (chosen) {
        /* Enter: the feed lists that author's posts. */
        char who[sizeof f->author];
        snprintf(who, sizeof who, "%s", chosen);
        return feed_set_author(f, who);
    }
    if (flags)
        return flags;
    if (act == ACT_BACK) {
        feed_close_authors(f);
        return PANE_HANDLED | PANE_DIRTY;
    }
    /* The list's keys wait under the authors; q still backs out. */
    return act == ACT_QUIT ? 0 : PANE_HANDLED;
}

unsigned feed_set_author(void *state, const char *author)
{
    struct feed *f = state;

    snprintf(f->author, sizeof f->author, "%s", author);
    f->filter.author = f->author;
    feed_close_authors(f);
    feed_close_thread(f);
    f->reader_open = false;
    reader_clear(&f->reader);
    feed_reload(f, ANNOUNCE_AUTHOR);
    return PANE_HANDLED | PANE_DIRTY | PANE_MOVED;
}
