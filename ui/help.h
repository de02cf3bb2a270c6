/* help.h — the help overlay, generated from the live keymap (so a [keys]
 * override shows up here), with the legend of event kinds. */
#ifndef REFUGE_HELP_H
#define REFUGE_HELP_H

#include <stdbool.h>

#include <curses.h>

#include "keymap.h"

struct help;

/* Builds the overlay's lines for the focused scope (listed first). */
struct help *help_open(enum keymap_scope focused);

void help_close(struct help *h);

/* Draws the overlay into win (rows x cols), which it fills; descriptions
 * longer than their column wrap (laid out again when the width changes). */
void help_draw(struct help *h, WINDOW *win, int rows, int cols);

/* Scrolls on up/down/page actions; returns true when the key closes it. */
bool help_handle(struct help *h, enum action act, int rows);

#endif
