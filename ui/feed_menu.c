/* feed_menu.c — the feed's filter: its label, the filter menu and the
 * tag picker. */

#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/i18n.h"
#include "../src/text.h"
#include "../src/vocab.h"
#include "draw.h"
#include "feed.h"
#include "feed_internal.h"
#include "layout.h"
#include "thread.h"

/* ---- filter helpers ------------------------------------------------------------- */

void feed_set_text(char *dst, size_t size, const char **field, const char *value)
{
    if (value && value[0]) {
        snprintf(dst, size, "%s", value);
        *field = dst;
    } else {
        dst[0] = '\0';
        *field = NULL;
    }
}

void feed_reload(struct feed *f, int announce)
{
    feed_defer_count(f, announce);
    feed_load_edge(f, false);
    f->filter_changed = true;
}

void feed_filter_label(void *state, char *buf, size_t size)
{
    struct feed *f = state;
    size_t used = 0;
    char from[16], to[16];

#define ADD(...)                                                                     \
    do {                                                                             \
        int n_ = snprintf(buf + used, size - used, __VA_ARGS__);                     \
        if (n_ > 0 && (size_t)n_ < size - used)                                      \
            used += (size_t)n_;                                                      \
    } while (0)
    buf[0] = '\0';
    if (f->filter.has_from) {
        feed_format_local(f, f->filter.from, from, sizeof from, LOCAL_DATE);
        feed_format_local(f, f->filter.to - 1, to, sizeof to, LOCAL_DATE);
        if (strcmp(from, to) == 0)
            ADD(_("day: %s"), from);
        else
            /* TRANSLATORS: from, an arrow, to. */
            ADD(_("window: %s %s %s"), from, text_ascii() ? "->" : "\xe2\x86\x92", to);
        if (f->window_label[0])
            ADD(_(" (%s)"), f->window_label);
    }
#undef ADD
    if (!model_filter_label(&f->filter, MODEL_LABEL_TERSE, buf, size) && !used)
        snprintf(buf, size, "%s", _("all posts"));
}

static const char *menu_value(const struct feed *f, int item, char *buf, size_t size)
{
    switch (item) {
    case MENU_LANG:
        if (!f->filter.lang)
            return _("all");
        snprintf(buf, size, _("%s (%s)"), vocab_lang_label(f->lang) ? _(vocab_lang_label(f->lang))
                                                                     : _("other language"),
                 f->lang);
        return buf;
    case MENU_PLATFORM:
        return f->filter.platform ? f->platform : _("all");
    case MENU_TAG:
        if (!f->filter.tag)
            return _("all (Enter picks one)");
        snprintf(buf, size, "#%s", f->tag);
        return buf;
    case MENU_STARRED:
        return f->filter.starred_only ? _("yes") : _("no");
    case MENU_CODE:
        return f->filter.code ? f->code : _("all (Enter types one)");
    case MENU_MARKED:
        return f->filter.marked_only ? _("yes") : _("no");
    case MENU_COMMENTS:
        return f->filter.with_comments ? _("yes: a post matches when a comment does")
                                       : _("no: posts' texts, tags and authors");
    case MENU_PROVENANCE:
        return f->filter.provenance ? f->provenance : _("all");
    case MENU_WINDOW:
        if (!f->filter.has_from)
            return _("all (Enter types one)");
        feed_filter_label((void *)f, buf, size);
        return buf;
    case MENU_SORT:
        return f->sort == MODEL_SORT_LIKES ? _("most liked first") : _("newest first");
    default:
        return "";
    }
}

void feed_draw_menu(const struct feed *f, WINDOW *win)
{
    static const char *const names[MENU_COUNT] = {
        N_("Language"), N_("Platform"),    N_("Tag"),  N_("Starred only"), N_("Provenance"),
        N_("Date window"), N_("Sort"), N_("Code"), N_("Marked only"), N_("Search comments")};
    char buf[256];
    int name_w = 14, x;

    /* The values in one column, a space after the widest name (at least
     * 14 columns); measured, as a translated name may be wide. */
    for (int i = 0; i < MENU_COUNT; i++) {
        const char *name = _(names[i]);
        int w = text_width(name, strlen(name));
        if (w > name_w)
            name_w = w;
    }
    x = 2 + name_w + 1;
    draw_str(win, 0, 1, _("Filter posts (Enter or Space changes, c clears, Esc closes)"),
             f->width - 1, theme_attr(ROLE_HEADING));
    for (int i = 0; i < MENU_COUNT && i + 2 < f->height; i++) {
        attr_t attr = i == f->menu_cur ? theme_attr(ROLE_CURSOR) : theme_attr(ROLE_NORMAL);
        const char *name = _(names[i]);

        draw_fill(win, i + 2, 0, f->width, attr);
        draw_str(win, i + 2, 2, name, f->width - 2, attr);
        if (f->width > x)
            draw_str(win, i + 2, x, menu_value(f, i, buf, sizeof buf), f->width - x, attr);
    }
}

void feed_draw_picker(const struct feed *f, WINDOW *win)
{
    draw_str(win, 0, 1, _("Pick a tag (Enter chooses, Esc cancels)"), f->width - 1,
             theme_attr(ROLE_HEADING));
    for (int row = 0; row + 1 < f->height; row++) {
        size_t i = (size_t)(f->picker_top + row);
        attr_t attr;

        if (i >= f->npicker)
            break;
        attr = (int)i == f->picker_cur ? theme_attr(ROLE_CURSOR) : theme_attr(ROLE_NORMAL);
        draw_fill(win, row + 1, 0, f->width, attr);
        draw_str(win, row + 1, 2, f->picker_tags[i], f->width - 2, attr);
    }
}

static void cycle_choice(char *dst, size_t size, const char **field, const char *const *choices)
{
    size_t n = 0, i = 0;

    while (choices[n])
        n++;
    if (*field)
        for (i = 0; i < n && strcmp(choices[i], dst) != 0; i++)
            ;
    /* all -> first -> ... -> last -> all */
    i = *field ? i + 1 : 0;
    feed_set_text(dst, size, field, i < n ? choices[i] : NULL);
}

static void open_picker(struct feed *f)
{
    struct model_filter without_tag = f->filter;
    struct model_stats st = {0};
    struct rf_error err = {{0}};

    without_tag.tag = NULL;
    feed_free_picker(f);
    if (model_stats(f->ctx->model, &without_tag, 50, NULL, &st, &err) != 0) {
        f->ctx->message(f->ctx->app, true, _("feed: %s"), err.msg);
        return;
    }
    f->picker_tags = calloc(st.ntags + 1, sizeof *f->picker_tags);
    if (f->picker_tags) {
        f->picker_tags[f->npicker++] = strdup(_("(all tags)"));
        for (size_t i = 0; i < st.ntags; i++) {
            char line[300];
            snprintf(line, sizeof line, "#%s (%lld)", st.tags[i].tag, (long long)st.tags[i].posts);
            f->picker_tags[f->npicker++] = text_sanitize(line, strlen(line), 0);
        }
    }
    model_stats_free(&st);
    f->picker_open = true;
    f->picker_cur = f->picker_top = 0;
}

unsigned feed_picker_handle(struct feed *f, enum action act)
{
    int h = f->height > 2 ? f->height - 1 : 1;

    switch (act) {
    case ACT_DOWN:
        if (f->picker_cur + 1 < (int)f->npicker)
            f->picker_cur++;
        break;
    case ACT_UP:
        if (f->picker_cur > 0)
            f->picker_cur--;
        break;
    case ACT_OPEN:
        if (f->picker_cur == 0) {
            feed_set_text(f->tag, sizeof f->tag, &f->filter.tag, NULL);
        } else {
            /* "#tag (n)": the tag is between '#' and the last " (". */
            char *s = f->picker_tags[f->picker_cur] + 1;
            char *paren = strrchr(s, '(');
            size_t len = paren && paren > s ? (size_t)(paren - s - 1) : strlen(s);
            char tag[128];
            snprintf(tag, sizeof tag, "%.*s", (int)len, s);
            feed_set_text(f->tag, sizeof f->tag, &f->filter.tag, tag);
        }
        feed_free_picker(f);
        feed_reload(f, ANNOUNCE_NONE);
        return PANE_HANDLED | PANE_DIRTY | PANE_MOVED;
    case ACT_BACK:
        feed_free_picker(f);
        return PANE_HANDLED | PANE_DIRTY;
    default:
        return PANE_HANDLED;
    }
    if (f->picker_cur < f->picker_top)
        f->picker_top = f->picker_cur;
    if (f->picker_cur >= f->picker_top + h)
        f->picker_top = f->picker_cur - h + 1;
    return PANE_HANDLED | PANE_DIRTY;
}

unsigned feed_clear_filters(struct feed *f)
{
    memset(&f->filter, 0, sizeof f->filter);
    f->lang[0] = f->platform[0] = f->tag[0] = f->provenance[0] = f->search[0] = '\0';
    f->code[0] = '\0';
    f->author[0] = '\0';
    f->window_label[0] = '\0';
    feed_reload(f, ANNOUNCE_CLEARED);
    return PANE_HANDLED | PANE_DIRTY | PANE_MOVED;
}

unsigned feed_menu_handle(struct feed *f, enum action act, keymap_key key)
{
    if (act == ACT_DOWN && f->menu_cur + 1 < MENU_COUNT) {
        f->menu_cur++;
        return PANE_HANDLED | PANE_DIRTY;
    }
    if (act == ACT_UP && f->menu_cur > 0) {
        f->menu_cur--;
        return PANE_HANDLED | PANE_DIRTY;
    }
    if (act == ACT_BACK || act == ACT_FILTER) {
        f->menu_open = false;
        return PANE_HANDLED | PANE_DIRTY;
    }
    if (act == ACT_CLEAR) {
        feed_clear_filters(f);
        return PANE_HANDLED | PANE_DIRTY | PANE_MOVED;
    }
    if (act != ACT_OPEN && key != ' ')
        return PANE_HANDLED;
    switch (f->menu_cur) {
    case MENU_LANG:
        cycle_choice(f->lang, sizeof f->lang, &f->filter.lang,
                     f->langs ? (const char *const *)f->langs : vocab_langs);
        break;
    case MENU_PLATFORM:
        cycle_choice(f->platform, sizeof f->platform, &f->filter.platform, vocab_platforms);
        break;
    case MENU_TAG:
        open_picker(f);
        return PANE_HANDLED | PANE_DIRTY;
    case MENU_STARRED:
        f->filter.starred_only = !f->filter.starred_only;
        break;
    case MENU_MARKED:
        f->filter.marked_only = !f->filter.marked_only;
        break;
    case MENU_COMMENTS:
        f->filter.with_comments = !f->filter.with_comments;
        if (!f->filter.search)
            return PANE_HANDLED | PANE_DIRTY; /* nothing to search again */
        feed_reload(f, ANNOUNCE_MATCHES);
        return PANE_HANDLED | PANE_DIRTY | PANE_MOVED;
    case MENU_CODE:
        f->prompt_kind = PROMPT_FILTER_CODE;
        f->ctx->prompt(f->ctx->app, PANE_FEED, _("Code (a name or a code's key; empty clears): "),
                       f->code);
        return PANE_HANDLED;
    case MENU_PROVENANCE:
        cycle_choice(f->provenance, sizeof f->provenance, &f->filter.provenance, vocab_provenances);
        break;
    case MENU_WINDOW:
        f->prompt_kind = PROMPT_WINDOW;
        f->ctx->prompt(f->ctx->app, PANE_FEED, _("Date window (YYYY-MM-DD or FROM..TO, empty clears): "),
                       "");
        return PANE_HANDLED;
    case MENU_SORT:
        f->sort = f->sort == MODEL_SORT_TIME ? MODEL_SORT_LIKES : MODEL_SORT_TIME;
        break;
    default:
        break;
    }
    feed_reload(f, ANNOUNCE_NONE);
    return PANE_HANDLED | PANE_DIRTY | PANE_MOVED;
}
