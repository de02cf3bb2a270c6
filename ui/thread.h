/* thread.h — a post's comments as a tree, part of the feed pane.
 *
 * Opened from the feed's list or its reader on one post: each comment is
 * two lines, its head (author, time, likes, region, replies, codes) indented by
 * its depth under the comment it answers (the indent stops at
 * THREAD_INDENT_MAX levels; deeper ones say their depth), then its first
 * line in the feed's mode (original, translation, or both). The list
 * moves like any other (ui/list.c); Enter reads a comment in full. The
 * view keeps only the thread's skeleton (src/model_thread.h) and the
 * comments of a few screens around the cursor, read again when the cursor
 * leaves them, never while drawing.
 *
 * The feed owns the view: it passes on its size, its keys (scope
 * SCOPE_THREAD), the answer of the search prompt and language changes.
 * Ownership: thread_view_open() returns a view thread_view_close() frees.
 */
#ifndef REFUGE_THREAD_H
#define REFUGE_THREAD_H

#include <stdbool.h>
#include <stddef.h>

#include "pane.h"

/* Levels of indent drawn; a deeper reply is drawn at this one, with its depth. */
#define THREAD_INDENT_MAX 6

struct thread_view;

/* Opens the comments of platform:post_ext_id; `about` names the post in
 * the view's head (sanitised here). NULL, with the reason shown through
 * ctx->message, when the thread cannot be read. */
struct thread_view *thread_view_open(struct pane_context *ctx, const char *platform,
                                     const char *post_ext_id, const char *about, int width,
                                     int height);

void thread_view_close(struct thread_view *tv);

void thread_view_resize(struct thread_view *tv, int width, int height);

/* The feed's mode (original, translation, both) changed: lay out again. */
void thread_view_relayout(struct thread_view *tv);

/* The display script changed: the comments on screen (and the one read in
 * full) are read again and converted, the place kept. */
void thread_view_reload(struct thread_view *tv);

void thread_view_draw(struct thread_view *tv, WINDOW *win, bool focused);

/* Reacts to an action; returns PANE_* flags, or 0 when it means nothing
 * here (Esc with nothing open inside: the feed closes the view). The
 * search prompt's answer arrives through thread_view_search(). */
unsigned thread_view_handle(struct thread_view *tv, enum action act);

/* Marks the comments that hold `query` (NULL or "": clears) and moves to
 * the first at or after the cursor. Returns PANE_* flags. */
unsigned thread_view_search(struct thread_view *tv, const char *query);

/* "PLATFORM:KEY" of the author of the comment under the cursor (its key,
 * or its name when the file gave none) into buf; false when it has none. */
bool thread_view_author(const struct thread_view *tv, char *buf, size_t size);

/* The platform and id of the comment under the cursor (or read in full),
 * into the buffers; false when there is none (or it does not fit). */
bool thread_view_comment(const struct thread_view *tv, char *platform, size_t psize,
                         char *ext_id, size_t esize);

/* The codes of a comment changed (x, X): the comments on screen are read
 * again, with their codes. */
void thread_view_codes_changed(struct thread_view *tv);

/* The search the comments are marked for ("" when none). */
const char *thread_view_query(const struct thread_view *tv);

/* "comment 12 of 1,204 · by likes · 3 hits", for the status line. */
void thread_view_describe(const struct thread_view *tv, char *buf, size_t size);

#endif
