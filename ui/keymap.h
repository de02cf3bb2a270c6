/* keymap.h — actions, not keys.
 *
 * One table lists every action with its name (as used in [keys]), its help
 * text, the scope it works in and its default keys. From it come the key
 * lookup, the help overlay and `refuge keys` (the README and man page
 * tables). Each pane has its own scope; a key not bound there falls back to
 * the global scope, so n can mean "next match" in the feed and "next event
 * of this kind" in the timeline.
 */
#ifndef REFUGE_KEYMAP_H
#define REFUGE_KEYMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "../src/config.h"

enum keymap_scope {
    SCOPE_GLOBAL,
    SCOPE_TIMELINE,
    SCOPE_FEED,
    SCOPE_READER,
    SCOPE_THREAD,
    SCOPE_AUTHORS,
    SCOPE_STATS,
    SCOPE_TOUR,
    SCOPE_COUNT
};

enum action {
    ACT_NONE,
    /* global */
    ACT_QUIT,
    ACT_HELP,
    ACT_REDRAW,
    ACT_FOCUS_NEXT,
    ACT_FOCUS_PREV,
    ACT_FOCUS_TIMELINE,
    ACT_FOCUS_FEED,
    ACT_FOCUS_STATS,
    ACT_ZOOM,
    ACT_LANGUAGE,
    ACT_TIME_ZONE,
    ACT_SCRIPT,
    ACT_BACK,
    ACT_UP,
    ACT_DOWN,
    ACT_LEFT,
    ACT_RIGHT,
    ACT_PAGE_UP,
    ACT_PAGE_DOWN,
    ACT_HALF_UP,
    ACT_HALF_DOWN,
    ACT_TOP,
    ACT_BOTTOM,
    ACT_OPEN,
    ACT_CLEAR,
    ACT_HISTORY_BACK,
    /* timeline */
    ACT_FILTER_KIND,
    ACT_JUMP_DATE,
    ACT_NEXT_SAME_KIND,
    ACT_PREV_SAME_KIND,
    ACT_PROPORTIONAL,
    ACT_SEARCH_EVENTS,
    /* feed */
    ACT_SEARCH,
    ACT_NEXT_MATCH,
    ACT_PREV_MATCH,
    ACT_STAR,
    ACT_FILTER,
    ACT_SORT,
    ACT_RELOAD,
    ACT_COPY,
    ACT_EXPORT,
    ACT_CODE,
    ACT_UNCODE,
    ACT_MARK,
    ACT_MARK_ALL,
    ACT_UNMARK_ALL,
    ACT_ON_MARKED,
    ACT_SAMPLE,
    ACT_SAVE_VIEW,
    ACT_VIEW,
    ACT_COMMENTS,
    ACT_AUTHOR,
    ACT_AUTHORS,
    /* reader */
    ACT_NEXT_POST,
    ACT_PREV_POST,
    ACT_NEXT_HIT,
    ACT_PREV_HIT,
    /* comment thread */
    ACT_THREAD_SORT,
    ACT_THREAD_SEARCH,
    ACT_THREAD_NEXT_HIT,
    ACT_THREAD_PREV_HIT,
    ACT_THREAD_AUTHOR,
    ACT_THREAD_CODE,
    ACT_THREAD_UNCODE,
    /* authors */
    ACT_AUTHORS_SORT,
    /* stats */
    ACT_CHART_UNIT,
    ACT_SEARCH_FIGURES,
    ACT_NEXT_TAG,
    ACT_NEXT_AUTHOR,
    ACT_COTAGS,
    ACT_NEXT_FIGURE,
    ACT_PREV_FIGURE,
    ACT_FIGURE_DETAIL,
    /* tour */
    ACT_TOUR_NEXT,
    ACT_TOUR_PREV,
    ACT_TOUR_GOTO,
    ACT_TOUR_PAUSE,
    ACT_TOUR_RESUME,
    ACT_COUNT
};

/* A key as read from curses: a character (its code point) or a function
 * key (KEYMAP_FKEY + the curses KEY_ code), so the two never collide. */
#define KEYMAP_FKEY 0x200000
typedef int keymap_key;

/* Loads the defaults and applies cfg->keys, reporting unknown actions and
 * bad key names through config_warn(). A key given to an action is taken
 * away from any other action of the same scope. */
void keymap_init(struct config *cfg);

/* The action bound to `key` in `scope`, falling back to the global scope. */
enum action keymap_lookup(enum keymap_scope scope, keymap_key key);

/* The action's name as used in [keys] ("down"), its help text, its scope. */
const char *keymap_action_name(enum action act);
const char *keymap_action_help(enum action act);
enum keymap_scope keymap_action_scope(enum action act);

/* The scope's title for the help screen ("Timeline"). */
const char *keymap_scope_title(enum keymap_scope scope);

/* Writes the action's keys as text ("j, Down") into buf; "" when unbound. */
void keymap_describe(enum action act, char *buf, size_t size);

/* Parses a key name ("j", "Down", "C-d", "PgDn", "Enter", "F1") into up to
 * `max` codes (Enter and Backspace have more than one). Returns the count,
 * or 0 when the name is not a key. */
size_t keymap_parse_key(const char *name, keymap_key *out, size_t max);

/* The marks the panes draw and what each means ("i": illustrative), for
 * the help screen and `refuge keys`. */
struct keymap_mark {
    const char *mark, *meaning;
    const char *roff;  /* the mark for a man page, when it is not ASCII */
    const char *ascii; /* the mark as drawn under ASCII output, when it is not ASCII */
};
extern const struct keymap_mark keymap_marks[];
extern const size_t keymap_nmarks;

/* A mark as the screen shows it: translated, or its ASCII form under ASCII
 * output (text_ascii()), for the help overlay and `refuge keys`. */
const char *keymap_mark_shown(const struct keymap_mark *m);

/* Prints every action of every scope with its keys: format "text", "md" or
 * "man" (mdoc list items), for `refuge keys`. */
void keymap_print(FILE *out, const char *format);

#endif
