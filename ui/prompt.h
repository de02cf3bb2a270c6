/* prompt.h — a one-line editor for the status line (search, dates, file
 * names). UTF-8 throughout: the cursor moves and Backspace deletes by whole
 * grapheme clusters, so a Chinese character or an emoji goes in one step. */
#ifndef REFUGE_PROMPT_H
#define REFUGE_PROMPT_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

#include <curses.h>

enum prompt_result {
    PROMPT_EDITING, /* keep going */
    PROMPT_DONE,    /* Enter: the text is the answer */
    PROMPT_CANCEL,  /* Esc or C-g */
};

struct prompt {
    bool active;
    int owner;        /* who asked (a pane id), for the answer */
    char label[64];
    char text[512];   /* UTF-8, NUL-terminated */
    size_t len, pos;  /* bytes; pos is always on a grapheme boundary */
    bool fresh;       /* text is still the untouched default */
};

/* Starts editing with `initial` text, cursor at the end. The initial text
 * is a default, as in readline-style prompts: shown highlighted, replaced
 * by the first typed character, kept for editing by any editing key
 * (arrows, Home, End, Backspace, Delete, C-a, C-e, C-u). */
void prompt_start(struct prompt *p, int owner, const char *label, const char *initial);

/* Feeds a character (is_key false) or a curses function key (is_key true). */
enum prompt_result prompt_feed(struct prompt *p, wint_t ch, bool is_key);

/* Draws label and text on row y of win, `width` columns, with the terminal
 * cursor placed at the editing position. */
void prompt_draw(const struct prompt *p, WINDOW *win, int y, int width);

#endif
