/* reader.h — one post read in full, part of the feed pane.
 *
 * The reader lays a post out once per width and language choice: a header
 * (author and their key, time, counts as observed, tags (from the text when
 * the file gave none), media with their URLs, the collections that held it
 * and when, their search keywords, its comments, provenance, language,
 * note, the event before it), then the original (its platform's markup made
 * readable), the translation or both, side by side when the
 * pane is wide enough, aligned by paragraph. Drawing reads those lines and
 * scrolls them; it never queries. The feed fetches the post, says when it
 * is and which event it follows, and hands the reader its keys.
 *
 * Ownership: the reader owns the post and every line's text; reader_clear()
 * releases them and leaves a zeroed reader.
 */
#ifndef REFUGE_READER_H
#define REFUGE_READER_H

#include <stdbool.h>
#include <stddef.h>

#include <curses.h>

#include "../src/model.h"
#include "../src/workbench.h"
#include "theme.h"

/* One line of the reader: up to two columns of wrapped text. */
struct reader_line {
    const char *left, *right;
    size_t left_len, right_len;
    enum theme_role role;
};

struct reader {
    struct model_post post; /* with everything (model_post_detail()) */
    bool has_post;
    struct model_post_extras extras; /* model_post_extras(), when has_extras */
    bool has_extras;
    struct wb_applications codes; /* the codes applied to it, with their memos */
    char *header_text, *orig_text, *trans_text; /* sanitised */
    struct reader_line *lines;
    size_t nlines, lines_cap;
    int scroll; /* first line on screen */
    int hit;    /* the line of the search hit n/N stepped to, when has_hit */
    bool has_hit;
    /* The reader's clock ([ui] timezone, --tz, Z), set before
     * reader_layout(): the times it writes beside the post's own (when
     * the collections collected it) are in it. */
    struct when_zone zone;
};

/* The post's time as the reader shows it, into buf: on its own clock, by
 * the place its region and offset name or by the offset, and on the
 * reader's (`zone`) when that reads otherwise: "2025-01-14 14:30 in Beijing
 * (UTC+08:00), 01:30 in New York", "2025-01-14 14:30 UTC+08:00, 06:30 UTC";
 * only the day, marked approximate, when nobody knows the time. */
void reader_format_time(const struct model_post *p, struct when_zone zone, char *buf,
                        size_t size);

/* Lays the post out for `width` columns, showing `show` (enum
 * cfg_feed_show); `when` is the post's time as shown, `after` the event
 * before it (NULL: none). Without a post, or below 4 columns, no lines. */
void reader_layout(struct reader *r, int width, int show, const char *when, const char *after);

/* Draws the lines from r->scroll on a window `width` by `height`, painting
 * the matches of `search` (NULL or "": none). */
void reader_draw(const struct reader *r, WINDOW *win, int width, int height, const char *search);

/* The first line from `from` on (dir 1) or back (dir -1) holding `term`
 * in either column, ASCII case ignored as the search does; -1 when none.
 * *index and *total, when not NULL, say which of the lines holding it
 * that is (1-based) and how many there are. */
int reader_find(const struct reader *r, int from, int dir, const char *term, size_t *index,
                size_t *total);

/* Releases the post and the lines. */
void reader_clear(struct reader *r);

#endif
