/* scroll.h — moving a view of text lines by the movement actions, the same
 * way in every pager-like view (the event detail, the reader, the help). */
#ifndef REFUGE_SCROLL_H
#define REFUGE_SCROLL_H

#include <stdbool.h>

#include "keymap.h"

/* Applies a movement action (up, down, pages, half pages, top, bottom) to
 * *top, the first visible line of `total` lines in a view `height` lines
 * tall, and clamps it. Returns false, leaving *top alone, for any other
 * action. */
bool scroll_by_action(int *top, enum action act, int height, int total);

#endif
