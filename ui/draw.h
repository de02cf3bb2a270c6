/* draw.h — putting prepared, sanitised text on a curses window.
 *
 * Every string given here must already have passed the text layer
 * (text_sanitize); these functions only place it, clipped to a width with
 * text_fit, so a row never spills into the next pane.
 */
#ifndef REFUGE_DRAW_H
#define REFUGE_DRAW_H

#include <stddef.h>

#include <curses.h>

#include "theme.h"

/* Draws s (len bytes) at (y, x), using at most `width` columns: truncated
 * with an ellipsis when longer, padded with spaces to exactly `width` when
 * pad is true. Returns the columns used. */
int draw_text(WINDOW *win, int y, int x, const char *s, size_t len, int width, bool pad,
              attr_t attr);

/* draw_text() for a NUL-terminated string. */
int draw_str(WINDOW *win, int y, int x, const char *s, int width, attr_t attr);

/* Fills `width` columns of row y from x with spaces in attr. */
void draw_fill(WINDOW *win, int y, int x, int width, attr_t attr);

/* A vertical line of height h at column x (Unicode or ASCII per the text
 * layer's mode). */
void draw_vline(WINDOW *win, int y, int x, int h, attr_t attr);

/* A horizontal rule of `width` columns. */
void draw_hline(WINDOW *win, int y, int x, int width, attr_t attr);

/* The next occurrence of q in s[0..len) at or after `from`, ASCII letters
 * in either case and Chinese in either script, as the search matches
 * (script_find()), or -1. */
long draw_find_match(const char *s, size_t len, size_t from, const char *q);

/* draw_text() without padding, then the occurrences of q (NULL or "":
 * none) within what fits painted as matches; ASCII letters match
 * case-insensitively, as the search does. */
void draw_highlighted(WINDOW *win, int y, int x, const char *s, size_t len, int width,
                      attr_t attr, const char *q);

#endif
