/* list.h — a cursor in a list of rows and the rows on screen around it.
 *
 * The movement and visibility every list pane shares (the feed and the
 * timeline, and the comments and authors lists to come). A pane keeps its
 * rows, its cursor and its first visible row; this module says how far a
 * movement action goes, where the cursor lands and which row the screen
 * starts at. Top and bottom are the pane's: they may load another window
 * of rows. No curses: it is tested alone.
 */
#ifndef REFUGE_LIST_H
#define REFUGE_LIST_H

#include <stdbool.h>
#include <stddef.h>

#include "keymap.h"

/* Rows of context kept above and below the cursor when the screen is
 * taller than twice this. */
#define LIST_MARGIN 2

/* How far a movement action moves the cursor on a screen `height` rows
 * tall: a row, a page (height - 2, at least 1) or half a page, down
 * positive. Returns false, leaving *delta alone, for any other action. */
bool list_step(enum action act, int height, long *delta);

/* The cursor `cur` moved by `delta` and kept inside a list of `count` rows
 * (0 when the list is empty). */
size_t list_move(size_t cur, long delta, size_t count);

/* Moves *top, the first visible of `total` rows on a screen `height` rows
 * tall, as little as it can so that row `row` is visible with LIST_MARGIN
 * rows around it (when the screen has room), and never past either end. */
void list_keep_visible(int *top, int row, int height, int total);

#endif
