/* feed.h — the bilingual feed browser: a list of posts (time, platform,
 * author, language badge, provenance, likes, first line), a reader showing
 * the original, the translation or both (side by side when wide), search,
 * filters, stars and read marks, a live-cache notice and copy-out.
 *
 * The list holds only a window of rows around the cursor, fetched by keyset
 * as the cursor moves (src/model.h), so a million posts cost what a screen
 * does.
 */
#ifndef REFUGE_FEED_H
#define REFUGE_FEED_H

#include <stdbool.h>
#include <stdint.h>

#include "pane.h"

extern const struct pane_ops feed_pane_ops;

/* Sets (has = true) or clears the time window [from, to) that a timeline
 * event or a chart day selected, with a label for the status line
 * ("around: Supreme Court upholds the law"); reloads the list from its
 * start. Returns PANE_* flags. */
unsigned feed_set_window(void *state, bool has, int64_t from, int64_t to, const char *label);

/* In time order, puts the cursor on the first post at or after `ts` (the
 * moment of a selected event); when every post listed is older, it stays
 * on the newest. Returns PANE_* flags. */
unsigned feed_land(void *state, int64_t ts);

/* Sets the search (NULL or "" clears it) as the / prompt would, for the
 * tour; reloads the list from its start. Returns PANE_* flags. */
unsigned feed_set_search(void *state, const char *q);

/* The filter the list shows now (owned by the feed; valid until the next
 * call into the feed), and a one-line description of it ("all posts",
 * "window: 2025-01-15 → 2025-01-21 · 中"). */
/* Lists the posts of one author ("PLATFORM:KEY", copied; model_filter's
 * author), the rest of the filter kept, and says how many there are. */
unsigned feed_set_author(void *state, const char *author);

const struct model_filter *feed_filter(void *state);
void feed_filter_label(void *state, char *buf, size_t size);

/* True once after the user changed a filter, the search or the window, so
 * the app can pass the new filter on to the stats. */
bool feed_filter_changed(void *state);

#endif
