/* authors.h — the authors of the listed posts, part of the feed pane.
 *
 * One row an author: posts, comments, likes (">=" when the sum is a lower
 * bound, "i" when some of it is invented), the last day seen, the name,
 * the platform and key, a region. Opened with A on the feed's filter (its
 * AUTHORS_MAX most active authors) or with a on a post (that post's author
 * alone); o cycles the order (posts, comments, likes, last seen), Enter
 * picks an author for the feed to filter on (authors_view_chosen()). The
 * list is read once per opening and per order (src/model_authors.h), as
 * the loop's deferred work (authors_view_work()), never while drawing:
 * until then the view says it is counting, and a key interrupts the count,
 * which starts again after it. It moves like any list (ui/list.c).
 *
 * Ownership: authors_view_open() returns a view authors_view_close() frees.
 */
#ifndef REFUGE_AUTHORS_H
#define REFUGE_AUTHORS_H

#include <stdbool.h>
#include <stddef.h>

#include "pane.h"

/* The most authors the list reads. */
#define AUTHORS_MAX 500

struct authors_view;

/* Opens the authors of the posts `filter` selects (copied); `about` says
 * what the list is of ("all posts", "the post's author"). NULL, with the
 * reason shown through ctx->message, when they cannot be read. */
struct authors_view *authors_view_open(struct pane_context *ctx, const struct model_filter *filter,
                                       const char *about, int width, int height);

void authors_view_close(struct authors_view *av);

/* True while the list is yet to be read. */
bool authors_view_pending(const struct authors_view *av);

/* Reads the list (run by the owning pane's work hook, with the model's
 * interrupt check set): 0 when read (or failed, said through
 * ctx->message), MODEL_INTERRUPTED when to be asked again. */
int authors_view_work(struct authors_view *av);

void authors_view_resize(struct authors_view *av, int width, int height);

void authors_view_draw(struct authors_view *av, WINDOW *win, bool focused);

/* Reacts to an action; returns PANE_* flags, or 0 when it means nothing
 * here (Esc: the feed closes the view). After Enter, authors_view_chosen()
 * names the author picked. */
unsigned authors_view_handle(struct authors_view *av, enum action act);

/* "PLATFORM:KEY" of the author Enter picked, once (NULL otherwise); the
 * view owns the string until it is closed. */
const char *authors_view_chosen(struct authors_view *av);

/* "author 3 of 120 · most posts first", for the status line. */
void authors_view_describe(const struct authors_view *av, char *buf, size_t size);

#endif
