#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/i18n.h"
#include "../src/model.h"
#include "../src/vocab.h"
#include "draw.h"
#include "help.h"
#include "scroll.h"
#include "timeline.h"

struct help_line {
    char keys[64];
    char text[512]; /* a translated line is up to three bytes a column */
    bool heading;
};

struct help {
    struct help_line *lines;
    int count, cap, scroll;
};

static void add(struct help *h, bool heading, const char *keys, const char *text)
{
    if (h->count == h->cap) {
        int cap = h->cap ? h->cap * 2 : 64;
        struct help_line *grown = realloc(h->lines, (size_t)cap * sizeof *grown);
        if (!grown)
            return;
        h->lines = grown;
        h->cap = cap;
    }
    h->lines[h->count].heading = heading;
    snprintf(h->lines[h->count].keys, sizeof h->lines[0].keys, "%s", keys);
    snprintf(h->lines[h->count].text, sizeof h->lines[0].text, "%s", text);
    h->count++;
}

static void add_scope(struct help *h, enum keymap_scope scope)
{
    add(h, true, "", keymap_scope_title(scope));
    for (int a = ACT_NONE + 1; a < ACT_COUNT; a++) {
        char keys[64];

        if (keymap_action_scope((enum action)a) != scope)
            continue;
        keymap_describe((enum action)a, keys, sizeof keys);
        add(h, false, keys[0] ? keys : _("(unbound)"), keymap_action_help((enum action)a));
    }
    add(h, false, "", "");
}

struct help *help_open(enum keymap_scope focused)
{
    struct help *h = calloc(1, sizeof *h);

    if (!h)
        return NULL;
    add(h, true, "", _("refuge: keys (Esc or q closes, arrows scroll)"));
    add(h, false, "", "");
    add_scope(h, focused);
    for (int s = 0; s < SCOPE_COUNT; s++)
        if (s != (int)focused)
            add_scope(h, (enum keymap_scope)s);
    add(h, true, "", _("Marks on screen"));
    for (size_t i = 0; i < keymap_nmarks; i++)
        add(h, false, _(keymap_marks[i].mark), _(keymap_marks[i].meaning));
    add(h, false, "", "");
    add(h, true, "", _("Event kinds in the timeline"));
    for (unsigned k = 0; k < VOCAB_KIND_COUNT; k++) {
        char glyph[2] = {timeline_kind_glyph(1u << k), '\0'};
        add(h, false, glyph, timeline_kind_word(1u << k));
    }
    return h;
}

void help_close(struct help *h)
{
    if (!h)
        return;
    free(h->lines);
    free(h);
}

void help_draw(const struct help *h, WINDOW *win, int rows, int cols)
{
    int w = cols - 2 < 76 ? cols - 2 : 76;
    int ht = rows;
    int x0 = (cols - w) / 2, y0 = 0;
    int keys_w = 18;

    werase(win);
    if (w < 10 || ht < 1)
        return;
    if (keys_w > w / 3)
        keys_w = w / 3;
    for (int row = 0; row < ht; row++) {
        int i = h->scroll + row;

        draw_fill(win, y0 + row, x0, w, theme_attr(ROLE_NORMAL));
        if (i >= h->count)
            continue;
        if (h->lines[i].heading) {
            draw_str(win, y0 + row, x0 + 1, h->lines[i].text, w - 2, theme_attr(ROLE_HEADING));
            continue;
        }
        draw_str(win, y0 + row, x0 + 2, h->lines[i].keys, keys_w, theme_attr(ROLE_HELP_KEY));
        draw_str(win, y0 + row, x0 + 3 + keys_w, h->lines[i].text, w - keys_w - 4,
                 theme_attr(ROLE_NORMAL));
    }
}

bool help_handle(struct help *h, enum action act, int rows)
{
    /* Any key that does not scroll closes the help. */
    return !scroll_by_action(&h->scroll, act, rows, h->count);
}
