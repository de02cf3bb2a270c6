/* copyview.h — a text alone across the terminal's whole width, to select
 * with the mouse and copy (y in the feed: a post's whole URL).
 *
 * The app shows it over every pane, whatever the layout, so no pane border
 * or indent is inside a selection. The text starts in column 0 and is cut
 * into lines of exactly the view's width, between grapheme clusters (a URL
 * has no word to keep whole), so its lines put end to end are the text. */
#ifndef REFUGE_COPYVIEW_H
#define REFUGE_COPYVIEW_H

#include <stdbool.h>

#include <curses.h>

#include "keymap.h"

struct copyview;

/* Makes the view of text under a one-line heading; both are sanitised
 * here. NULL when memory runs out. */
struct copyview *copyview_open(const char *heading, const char *text);

/* Frees the view; NULL is allowed. */
void copyview_close(struct copyview *v);

/* Lines the text takes at `cols` columns (at least 1 for any text). */
int copyview_lines(const struct copyview *v, int cols);

/* Draws the view into win (rows x cols), which it fills: the heading on
 * the first row, the text from the third, in normal attributes (as
 * term_write_wrapped() writes it again). No allocation. */
void copyview_draw(const struct copyview *v, WINDOW *win, int rows, int cols);

/* The text lines on screen as one byte range (*s, *len) starting on row
 * *row, for term_write_wrapped(): true only when that range is printable
 * ASCII (a URL) and every line but the last fills the width, so the
 * terminal wraps it exactly where the view did. */
bool copyview_wrapped(const struct copyview *v, int rows, int cols, int *row, const char **s,
                      size_t *len);

/* A key while the view is open: movement scrolls a text taller than the
 * view; anything else closes it (returns true). */
bool copyview_handle(struct copyview *v, enum action act, int rows, int cols);

#endif
