/* stats_authors.c — the stats pane's "Top authors": the authors with the
 * most posts under the filter, read with the other aggregates (never while
 * drawing), a selects one and Enter lists their posts in the feed. */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/figure.h"
#include "../src/i18n.h"
#include "../src/model_authors.h"
#include "../src/text.h"
#include "chart.h"
#include "stats_internal.h"

void stats_free_authors(struct stats *s)
{
    for (size_t i = 0; s->author_text && i < s->authors.count; i++)
        stats_release(s->author_text[i]);
    free(s->author_text);
    s->author_text = NULL;
    model_author_list_free(&s->authors);
    s->has_author_sel = s->author_chosen = false;
}

int stats_load_authors(struct stats *s)
{
    struct rf_error err = {{0}};
    struct model_author_list list;
    int rc = model_authors(s->ctx->model, &s->filter, MODEL_AUTHORS_POSTS, STATS_TOP_AUTHORS,
                           &list, &err);

    if (rc == MODEL_INTERRUPTED)
        return rc;
    stats_free_authors(s);
    if (rc != 0) {
        s->ctx->message(s->ctx->app, true, _("stats: authors: %s"), err.msg);
        return 0;
    }
    s->authors = list;
    s->author_text = calloc(list.count ? list.count : 1, sizeof *s->author_text);
    for (size_t i = 0; s->author_text && i < list.count; i++) {
        const struct model_author *a = &list.rows[i];
        bool named = a->name && strcmp(a->name, a->key) != 0;
        /* "name · platform:key": the key is what the feed filters on. */
        s->author_text[i] = stats_sanitize_f("%s%s%s:%s", named ? a->name : "",
                                             named ? " \xc2\xb7 " : "", a->platform, a->key);
    }
    return 0;
}

/* "at least 3,400 likes i": "i" when some were invented. */
static void author_likes(const struct stats *s, const struct model_author *a, char *buf,
                         size_t size)
{
    char words[80];

    figure_likes_text(words, sizeof words, a->likes, a->likes_at_least, stats_words_zh(s));
    snprintf(buf, size, "%s%s", words, a->illustrative ? " i" : "");
}

/* "  12 posts  at least 3,400 likes  name · xiaohongshu:key": posts and
 * the sum of their likes, "at least" when some of them were lower bounds
 * or not reported, "i" when some were invented for the bundled dataset. */
void stats_put_authors(struct stats *s)
{
    int posts_w = 0, likes_w = 0;
    char n[64], likes[96];

    if (s->authors.count == 0 || !s->author_text)
        return;
    stats_put_subheading(s, P_TOP_AUTHORS);
    for (size_t i = 0; i < s->authors.count; i++) {
        const struct model_author *a = &s->authors.rows[i];
        if ((int)chart_format_number(a->posts, CHART_NUMBER_FULL, n, sizeof n) > posts_w)
            posts_w = (int)strlen(n);
        author_likes(s, a, likes, sizeof likes);
        if (stats_width_of(likes) > likes_w)
            likes_w = stats_width_of(likes);
    }
    for (size_t i = 0; i < s->authors.count; i++) {
        const struct model_author *a = &s->authors.rows[i];
        bool selected = s->has_author_sel && i == s->author_sel;
        int x = 3;

        if (selected)
            s->author_line = s->sheet.nlines;
        sheet_new_line(&s->sheet);
        chart_format_number(a->posts, CHART_NUMBER_FULL, n, sizeof n);
        x += stats_put_text(s, x + posts_w - (int)strlen(n), n, ROLE_NORMAL, A_BOLD) +
             posts_w - (int)strlen(n);
        /* "1 post", "2 posts": the widest word keeps the columns. */
        x += 1 + stats_put_f(s, x + 1, ROLE_DIM, A_NORMAL, "%-5s",
                             stats_say(s, a->posts == 1 ? P_POST : P_POSTS)) + 2;
        author_likes(s, a, likes, sizeof likes);
        stats_put_f(s, x, ROLE_DIM, A_NORMAL, "%s", likes);
        x += likes_w + 2;
        if (x < s->width)
            sheet_put(&s->sheet, x, s->width - x, s->author_text[i],
                      selected ? ROLE_CURSOR : ROLE_NORMAL, A_NORMAL);
    }
}

unsigned stats_select_author(struct stats *s)
{
    if (s->pending)
        return PANE_HANDLED;
    if (s->authors.count == 0) {
        s->ctx->message(s->ctx->app, false, "%s", _("no authors to select"));
        return PANE_HANDLED;
    }
    s->author_sel = s->has_author_sel ? (s->author_sel + 1) % s->authors.count : 0;
    s->has_author_sel = true;
    s->ctx->message(s->ctx->app, false, _("author %s (Enter lists their posts, a the next)"),
                    s->author_text[s->author_sel]);
    return PANE_HANDLED | PANE_DIRTY;
}

unsigned stats_choose_author(struct stats *s)
{
    s->author_chosen = true;
    return PANE_HANDLED | PANE_DIRTY | PANE_SELECTED;
}

bool stats_selected_author(void *state, char *buf, size_t size)
{
    struct stats *s = state;
    const struct model_author *a;

    if (!s->author_chosen || !s->has_author_sel || s->author_sel >= s->authors.count)
        return false;
    s->author_chosen = false;
    a = &s->authors.rows[s->author_sel];
    snprintf(buf, size, "%s:%s", a->platform, a->key);
    return true;
}
