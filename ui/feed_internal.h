/* feed_internal.h — what the files of the feed pane (ui/feed*.c) share.
 *
 * Private to ui/feed*.c. feed.c holds the pane's operations (open, draw,
 * keys, prompts, export, the calls ui/app.c makes); feed_rows.c the window
 * of rows loaded around the cursor, and opening the reader; feed_menu.c
 * the filter: its label, the filter menu and the tag picker. Everything not
 * declared here stays static in its file.
 */
#ifndef REFUGE_UI_FEED_INTERNAL_H
#define REFUGE_UI_FEED_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <curses.h>

#include "../src/kwic.h"
#include "../src/model.h"
#include "../src/workbench.h"
#include "feed.h"
#include "pane.h"
#include "reader.h"

/* The window keeps at most this many screens of rows; a fetch asks for one
 * screen, plus this margin, so a line scroll rarely needs a query. */
enum { WINDOW_SCREENS = 3, FETCH_MARGIN = 8 };

/* A short (1-2 character) search scans in bounded steps; give up filling a
 * page after this many steps and let the next scroll continue. */
enum { SCAN_STEPS = 8 };

struct feed_row {
    struct model_post post; /* list fields, owned */
    char *author;           /* sanitised */
    char *platform;         /* short name ("XHS"), sanitised */
    char *line_orig;        /* first line of the text, sanitised */
    char *line_trans;       /* first line of the translation, sanitised ("" if none) */
    int64_t comments;       /* comments the cache holds on the post (C opens them) */
    /* While a search is active: why the post matched, cut to the row's
     * text columns when the row is loaded and when the pane is resized
     * (feed_cut_snippet()), never while drawing (kwic_cols 0: none). */
    struct kwic kwic;
    int kwic_cols;
};

enum menu_item {
    MENU_LANG,
    MENU_PLATFORM,
    MENU_TAG,
    MENU_STARRED,
    MENU_PROVENANCE,
    MENU_WINDOW,
    MENU_SORT,
    MENU_CODE,
    MENU_MARKED,
    MENU_COMMENTS, /* the search reaches comments too (model_filter.with_comments) */
    MENU_COUNT
};

struct feed {
    struct pane_context *ctx;
    int width, height;

    /* The filter and its owned strings. */
    struct model_filter filter;
    char lang[16], platform[32], tag[128], provenance[16], search[512];
    char code[WB_CODE_MAX + 1];
    char author[256]; /* model_filter.author: "platform:key" */
    char window_label[200];
    char **langs; /* the languages the cache holds, read when the filter menu opens */
    enum model_sort sort;
    bool filter_changed;

    struct feed_row *rows;
    size_t count, cap;
    bool more_before, more_after;
    size_t cur;
    int top;
    int64_t total;    /* posts matching the filter; -1 while counting */
    bool total_at_least; /* total is a lower bound: the count stopped at [feed] count_cap */
    int64_t bundled;  /* of them, bundled (illustrative or quoted); -1: not told apart */
    /* The count of a new filter is taken in feed_work(), not at once: for a
     * common search on a large cache it can take half a second. announce
     * says which message reports it. */
    bool counting;
    enum { ANNOUNCE_NONE, ANNOUNCE_MATCHES, ANNOUNCE_CLEARED, ANNOUNCE_AUTHOR } announce;
    int64_t position; /* 0-based index of the cursor row among them */
    /* When a window alone leaves the list empty: the days the cache's
     * posts cover, to say so instead of blaming a filter. */
    bool has_span;
    char span[192];
    bool stale;       /* another process changed the cache: R reloads */

    /* The reader, over the list while open. */
    bool reader_open;
    struct reader reader;

    /* C: the post's comments, over the list or the reader while open. */
    struct thread_view *thread;
    /* a, A: authors, over the list or the reader while open. */
    struct authors_view *authors;

    /* Filter menu and tag picker. */
    bool menu_open;
    int menu_cur;
    bool picker_open;
    char **picker_tags;
    size_t npicker;
    int picker_cur, picker_top;
    int prompt_kind; /* what the open prompt is for */
    char export_path[4096]; /* the file PROMPT_REPLACE asks about */
    char coding[WB_CODE_MAX + 1]; /* the code PROMPT_MEMO asks the memo of */
    /* Marks: how many posts are marked (counted after each change, never
     * in a draw); `on_marked` after ';' until the next key; the open
     * prompts act on the marked posts when `for_marked`. */
    int64_t marked;
    bool on_marked, for_marked;
    /* The coding prompts act on this comment of the thread when
     * `for_comment` (x and X in the thread view). */
    bool for_comment;
    char comment_platform[64], comment_id[256];
};

enum {
    PROMPT_SEARCH = 1, PROMPT_WINDOW, PROMPT_EXPORT, PROMPT_REPLACE, PROMPT_THREAD_SEARCH,
    /* feed_work.c's */
    PROMPT_CODE, PROMPT_MEMO, PROMPT_UNCODE, PROMPT_FILTER_CODE, PROMPT_SAMPLE,
    PROMPT_SAVE_VIEW, PROMPT_VIEW
};
/* Times in the list are on the reader's clock (ctx->zone); the reader adds
 * the post's own. */
enum local_format { LOCAL_DATE, LOCAL_MONTH_DAY, LOCAL_MONTH_DAY_TIME };

/* ---- the window of rows (feed_rows.c) -------------------------------------------- */

/* Cuts a searched row's snippet to the columns its text has at the pane's
 * width (feed.c, beside the row's layout); nothing without a search. */
void feed_cut_snippet(const struct feed *f, struct feed_row *r);

/* C: the comments of the post read, or of the post under the cursor. */
unsigned feed_open_thread(struct feed *f);
void feed_close_thread(struct feed *f);
void feed_row_free(struct feed_row *r);
void feed_clear_rows(struct feed *f);
struct model_cursor feed_row_cursor(const struct feed *f, const struct feed_row *r);
size_t feed_screen_rows(const struct feed *f);
/* Reads up to `want` rows from `from` in `dir`, following a short search's
 * scan windows for a few steps. Rows arrive in display order. */
int feed_fetch(struct feed *f, const struct model_cursor *from, enum model_dir dir,
               size_t want, struct feed_row **out, size_t *nout, bool *more);
/* Counts the posts of the filter; MODEL_INTERRUPTED (only while the loop
 * runs deferred work) leaves the count to be taken again. */
int feed_count_total(struct feed *f, bool exact);
void feed_defer_count(struct feed *f, int announce);
/* Recomputes the cursor's position after new posts arrived: in time order,
 * the posts newer than it come first. (In likes order the old position is
 * kept: the count would need a scan.) */
void feed_locate(struct feed *f);
void feed_keep_cursor_visible(struct feed *f);
void feed_format_local(const struct feed *f, int64_t ts, char *buf, size_t size,
                       enum local_format which);
/* Loads the list from its start (or its end), dropping the window. */
void feed_load_edge(struct feed *f, bool at_end);
/* Re-opens the list at a row (inclusive) after a reload. */
void feed_load_at(struct feed *f, struct model_cursor at);
void feed_extend(struct feed *f, enum model_dir dir);
/* Lays the reader out for the pane's width and language, with the post's
 * time in its own zone and the event before it. */
void feed_layout_reader(struct feed *f);
void feed_open_reader(struct feed *f);
/* The display script changed (J): the rows, the reader and the thread,
 * converted when they were read, are read again where they were. */
void feed_script_changed(struct feed *f);

/* ---- the filter, its menu and the tag picker (feed_menu.c) ------------------------- */

void feed_set_text(char *dst, size_t size, const char **field, const char *value);
/* Moves the cursor by delta rows (feed.c). */
unsigned feed_move_by(struct feed *f, long delta);

/* ---- the researcher's keys (feed_work.c) ----------------------------------- */

/* Handles x, X, m, M, U, ;, S, w and : (and the key after ;); 0 when the
 * key is none of them. */
unsigned feed_work_key(struct feed *f, enum action act);
/* x and X in the thread view: code the comment under its cursor. */
unsigned feed_code_comment(struct feed *f, enum action act);
/* The answer of a feed_work.c prompt (PROMPT_CODE and after). */
unsigned feed_work_answer(struct feed *f, int kind, const char *answer);
/* Counts the marks again; " · 12 marked" for the status ("" when none). */
void feed_count_marks(struct feed *f);
const char *feed_marked_label(const struct feed *f);
/* The reader's post's codes and memos, read again. */
void feed_reader_codes(struct feed *f);
void feed_reload(struct feed *f, int announce);
void feed_draw_menu(const struct feed *f, WINDOW *win);
void feed_draw_picker(const struct feed *f, WINDOW *win);
unsigned feed_picker_handle(struct feed *f, enum action act);
unsigned feed_clear_filters(struct feed *f);
unsigned feed_menu_handle(struct feed *f, enum action act, keymap_key key);

/* ---- authors (feed_authors.c) ------------------------------------------------------- */

/* a (one): the author of the post read or under the cursor, alone; A: the
 * authors of the listed posts. Returns PANE_* flags. */
unsigned feed_open_authors(struct feed *f, bool one);
/* a in the thread: the author of the comment under the cursor, alone. */
unsigned feed_open_comment_author(struct feed *f);
void feed_close_authors(struct feed *f);
/* Keys while the authors list is open: Enter filters the feed to the
 * author picked (ANNOUNCE_AUTHOR), Esc closes. */
unsigned feed_authors_handle(struct feed *f, enum action act);

/* ---- the pane (feed.c) ------------------------------------------------------------- */

void feed_free_picker(struct feed *f);

#endif
