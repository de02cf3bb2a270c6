/* timeline.h — the policy timeline pane: events in time order under year
 * and month headings, a kind glyph and colour per row, the selected event's
 * detail (date and zone, kind, summaries, sources), a kind filter, jump to a
 * date, next/previous of the same kind, and a proportional view that spaces
 * rows by the time between events.
 *
 * The pane holds a window of events around its cursor (keyset queries), not
 * the whole table.
 */
#ifndef REFUGE_TIMELINE_H
#define REFUGE_TIMELINE_H

#include <stdint.h>

#include "pane.h"

extern const struct pane_ops timeline_pane_ops;

/* The one-character glyph of an event kind (one enum model_kind bit), the
 * same in every locale: E L C B X R H N P M D. */
char timeline_kind_glyph(unsigned kind);

/* The kind's word for the screen: in a Chinese interface its label
 * ("法院裁决"), else its name as options spell it ("court-ruling"). */
const char *timeline_kind_word(unsigned kind);

/* The event under the cursor (list fields), or NULL when there is none. */
const struct model_event *timeline_current(void *state);

/* Moves the cursor to the latest event at or before ts (or the first event
 * when none is that early). Returns PANE_* flags. */
unsigned timeline_move_to_time(void *state, int64_t ts);

/* Moves the cursor to the event with this id, clearing the kind filter so
 * it shows. Returns PANE_* flags, 0 when there is no such event. */
unsigned timeline_select_event(void *state, const char *id);

#endif
