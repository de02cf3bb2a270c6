#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/i18n.h"
#include "../src/model.h"
#include "../src/text.h"
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

/* One screen row: a line's text from `offset`, `length` bytes; the keys are
 * drawn on a line's first row only. */
struct help_row {
    int line;
    size_t offset, length;
    bool first;
};

struct help {
    struct help_line *lines;
    int count, cap, scroll;
    /* The rows for the width last drawn at: long descriptions wrap (a
     * Chinese one is as long in columns as its English), laid out again
     * only when the width changes. */
    struct help_row *rows;
    int nrows, laid_width;
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
        add(h, false, keymap_mark_shown(&keymap_marks[i]), _(keymap_marks[i].meaning));
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
    free(h->rows);
    free(h);
}

/* The overlay's box: at most 76 columns, centred; the keys' column a third
 * of it at most. */
static int box_width(int cols) { return cols - 2 < 76 ? cols - 2 : 76; }
static int keys_width(int w) { return 18 > w / 3 ? w / 3 : 18; }

/* Wraps every description to the text column of width w. Returns false when
 * out of memory (the old rows stay). */
static bool lay_out(struct help *h, int w)
{
    int text_w = w - keys_width(w) - 4;
    size_t n = 0, cap = (size_t)h->count + 16;
    struct help_row *rows = malloc(cap * sizeof *rows);

    if (!rows)
        return false;
    for (int i = 0; i < h->count; i++) {
        const struct help_line *l = &h->lines[i];
        size_t len = strlen(l->text), need;
        struct text_span spans[16];

        need = l->heading || len == 0 ? 0 : text_wrap(l->text, len, text_w, spans, 16);
        if (need > 16)
            need = 16; /* 16 rows of a description: more would be a wall, not help */
        for (size_t k = 0; k < (need ? need : 1); k++) {
            if (n == cap) {
                struct help_row *grown = realloc(rows, 2 * cap * sizeof *rows);
                if (!grown) {
                    free(rows);
                    return false;
                }
                rows = grown;
                cap *= 2;
            }
            rows[n++] = (struct help_row){.line = i,
                                          .offset = need ? spans[k].offset : 0,
                                          .length = need ? spans[k].length : len,
                                          .first = k == 0};
        }
    }
    free(h->rows);
    h->rows = rows;
    h->nrows = (int)n;
    h->laid_width = w;
    if (h->scroll > h->nrows - 1)
        h->scroll = h->nrows > 0 ? h->nrows - 1 : 0;
    return true;
}

void help_draw(struct help *h, WINDOW *win, int rows, int cols)
{
    int w = box_width(cols);
    int x0 = (cols - w) / 2;
    int keys_w = keys_width(w);

    werase(win);
    if (w < 10 || rows < 1)
        return;
    if (h->laid_width != w && !lay_out(h, w))
        return;
    for (int row = 0; row < rows; row++) {
        int i = h->scroll + row;
        const struct help_row *r;
        const struct help_line *l;
        char text[sizeof h->lines[0].text];

        draw_fill(win, row, x0, w, theme_attr(ROLE_NORMAL));
        if (i >= h->nrows)
            continue;
        r = &h->rows[i];
        l = &h->lines[r->line];
        if (l->heading) {
            draw_str(win, row, x0 + 1, l->text, w - 2, theme_attr(ROLE_HEADING));
            continue;
        }
        if (r->first)
            draw_str(win, row, x0 + 2, l->keys, keys_w, theme_attr(ROLE_HELP_KEY));
        snprintf(text, sizeof text, "%.*s", (int)r->length, l->text + r->offset);
        draw_str(win, row, x0 + 3 + keys_w, text, w - keys_w - 4, theme_attr(ROLE_NORMAL));
    }
}

bool help_handle(struct help *h, enum action act, int rows)
{
    /* Any key that does not scroll closes the help. */
    /* Before the first draw there are no rows yet: scroll over the lines. */
    return !scroll_by_action(&h->scroll, act, rows, h->laid_width ? h->nrows : h->count);
}
