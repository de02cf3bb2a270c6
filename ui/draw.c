#include "autoconfig.h"

#include <string.h>
#include <strings.h>

#include "../src/script.h"
#include "../src/text.h"
#include "draw.h"

void draw_fill(WINDOW *win, int y, int x, int width, attr_t attr)
{
    if (width <= 0)
        return;
    wattrset(win, attr);
    mvwhline(win, y, x, ' ', width);
    wattrset(win, A_NORMAL);
}

int draw_text(WINDOW *win, int y, int x, const char *s, size_t len, int width, bool pad,
              attr_t attr)
{
    struct text_fit fit;
    int used;

    if (width <= 0)
        return 0;
    fit = text_fit(s, len, width);
    wattrset(win, attr);
    wmove(win, y, x);
    if (fit.bytes)
        waddnstr(win, s, (int)fit.bytes);
    used = fit.width;
    if (fit.ellipsis) {
        waddstr(win, text_ellipsis());
        used += fit.ellipsis;
    }
    if (pad) {
        for (int i = 0; i < fit.pad && used < width; i++, used++)
            waddch(win, ' ');
        if (used < width)
            whline(win, ' ', width - used);
        used = width;
    }
    wattrset(win, A_NORMAL);
    return used;
}

int draw_str(WINDOW *win, int y, int x, const char *s, int width, attr_t attr)
{
    return draw_text(win, y, x, s, strlen(s), width, false, attr);
}

void draw_vline(WINDOW *win, int y, int x, int h, attr_t attr)
{
    wattrset(win, attr);
    for (int i = 0; i < h; i++)
        mvwaddstr(win, y + i, x, text_ascii() ? "|" : "\xe2\x94\x82");
    wattrset(win, A_NORMAL);
}

void draw_hline(WINDOW *win, int y, int x, int width, attr_t attr)
{
    wattrset(win, attr);
    wmove(win, y, x);
    for (int i = 0; i < width; i++)
        waddstr(win, text_ascii() ? "-" : "\xe2\x94\x80");
    wattrset(win, A_NORMAL);
}

long draw_find_match(const char *s, size_t len, size_t from, const char *q)
{
    size_t hit;

    return q ? script_find(s, len, from, q, strlen(q), &hit) : -1;
}

void draw_highlighted(WINDOW *win, int y, int x, const char *s, size_t len, int width,
                      attr_t attr, const char *q)
{
    struct text_fit fit;
    size_t qlen = q ? strlen(q) : 0, hit;

    draw_text(win, y, x, s, len, width, false, attr);
    if (qlen == 0)
        return;
    fit = text_fit(s, len, width);
    for (long at = script_find(s, fit.bytes, 0, q, qlen, &hit); at >= 0;
         at = script_find(s, fit.bytes, (size_t)at + hit, q, qlen, &hit)) {
        int col = text_width(s, (size_t)at);
        draw_text(win, y, x + col, s + at, hit, width - col, false, theme_attr(ROLE_MATCH));
    }
}
