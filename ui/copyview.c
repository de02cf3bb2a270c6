#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/i18n.h"
#include "../src/text.h"
#include "copyview.h"
#include "draw.h"
#include "scroll.h"
#include "theme.h"

/* Rows above the text: the heading and a blank row. */
enum { HEAD_ROWS = 2 };

struct copyview {
    char *heading, *text;
    size_t len;
    int top; /* the first text line shown */
};

struct copyview *copyview_open(const char *heading, const char *text)
{
    struct copyview *v = calloc(1, sizeof *v);

    if (!v)
        return NULL;
    v->heading = text_sanitize(heading, strlen(heading), 0);
    v->text = text_sanitize(text, strlen(text), 0);
    if (!v->heading || !v->text) {
        copyview_close(v);
        return NULL;
    }
    v->len = strlen(v->text);
    return v;
}

void copyview_close(struct copyview *v)
{
    if (!v)
        return;
    free(v->heading);
    free(v->text);
    free(v);
}

/* The bytes from pos that fill one line of `cols` columns; a cluster wider
 * than the whole line still gets a line of its own. */
static size_t line_end(const struct copyview *v, size_t pos, int cols)
{
    int used = 0;

    while (pos < v->len) {
        size_t next = text_next_grapheme(v->text, v->len, pos);
        int w = text_width(v->text + pos, next - pos);

        if (used > 0 && used + w > cols)
            break;
        used += w;
        pos = next;
    }
    return pos;
}

int copyview_lines(const struct copyview *v, int cols)
{
    int n = 0;

    if (cols < 1)
        return 0;
    for (size_t pos = 0; pos < v->len; n++)
        pos = line_end(v, pos, cols);
    return n ? n : 1;
}

void copyview_draw(const struct copyview *v, WINDOW *win, int rows, int cols)
{
    size_t pos = 0;
    int total = copyview_lines(v, cols), shown = rows - HEAD_ROWS;

    werase(win);
    if (rows < 1 || cols < 1)
        return;
    draw_str(win, 0, cols > 1 ? 1 : 0, v->heading, cols > 1 ? cols - 1 : cols,
             theme_attr(ROLE_DIM));
    for (int line = 0; pos < v->len && line - v->top < shown; line++) {
        size_t end = line_end(v, pos, cols);

        if (line >= v->top)
            draw_text(win, HEAD_ROWS + line - v->top, 0, v->text + pos, end - pos, cols, false,
                      A_NORMAL);
        pos = end;
    }
    /* A text taller than the screen says how to see the rest. */
    if (shown > 0 && total > shown) {
        char note[160];
        int note_w;

        snprintf(note, sizeof note, _(" lines %d-%d of %d: arrows scroll "), v->top + 1,
                 v->top + shown, total);
        note_w = text_width(note, strlen(note));
        if (rows > 1)
            draw_str(win, 1, cols - note_w > 1 ? cols - note_w : 1, note, cols,
                     theme_attr(ROLE_HEADING));
    }
}

bool copyview_wrapped(const struct copyview *v, int rows, int cols, int *row, const char **s,
                      size_t *len)
{
    size_t pos = 0, start = 0;
    int line = 0, shown = rows - HEAD_ROWS;

    if (shown < 1 || cols < 1)
        return false;
    for (; pos < v->len && line < v->top + shown; line++) {
        size_t end = line_end(v, pos, cols);

        if (line == v->top)
            start = pos;
        /* Printable ASCII is one column a byte: a full line is cols bytes. */
        for (size_t i = pos; i < end; i++)
            if ((unsigned char)v->text[i] < 0x20 || (unsigned char)v->text[i] > 0x7e)
                return false;
        if (line >= v->top && end < v->len && end - pos != (size_t)cols)
            return false;
        pos = end;
    }
    if (line <= v->top)
        return false;
    *row = HEAD_ROWS;
    *s = v->text + start;
    *len = pos - start;
    return true;
}

bool copyview_handle(struct copyview *v, enum action act, int rows, int cols)
{
    int total = copyview_lines(v, cols), shown = rows - HEAD_ROWS;

    if (shown < 1 || total <= shown)
        return true;
    return !scroll_by_action(&v->top, act, shown, total);
}
