#include "autoconfig.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/text.h"
#include "draw.h"
#include "prompt.h"

void prompt_start(struct prompt *p, int owner, const char *label, const char *initial)
{
    memset(p, 0, sizeof *p);
    p->active = true;
    p->owner = owner;
    snprintf(p->label, sizeof p->label, "%s", label);
    snprintf(p->text, sizeof p->text, "%s", initial ? initial : "");
    p->len = p->pos = strlen(p->text);
    p->fresh = p->len > 0;
}

static void insert(struct prompt *p, wint_t ch)
{
    char mb[MB_LEN_MAX];
    mbstate_t st;
    size_t n;

    memset(&st, 0, sizeof st);
    n = wcrtomb(mb, (wchar_t)ch, &st);
    if (n == (size_t)-1 || p->len + n >= sizeof p->text)
        return;
    memmove(p->text + p->pos + n, p->text + p->pos, p->len - p->pos + 1);
    memcpy(p->text + p->pos, mb, n);
    p->len += n;
    /* A combining mark joins the cluster before it: move to the end of the
     * cluster the new character belongs to, so pos stays on a boundary. */
    p->pos = text_next_grapheme(p->text, p->len,
                                text_prev_grapheme(p->text, p->len, p->pos + n));
}

static void delete_range(struct prompt *p, size_t from, size_t to)
{
    memmove(p->text + from, p->text + to, p->len - to + 1);
    p->len -= to - from;
    p->pos = from;
}

enum prompt_result prompt_feed(struct prompt *p, wint_t ch, bool is_key)
{
    bool was_fresh = p->fresh;

    p->fresh = false;
    if (is_key) {
        switch (ch) {
        case KEY_ENTER:
            return PROMPT_DONE;
        case KEY_LEFT:
            p->pos = text_prev_grapheme(p->text, p->len, p->pos);
            break;
        case KEY_RIGHT:
            p->pos = text_next_grapheme(p->text, p->len, p->pos);
            break;
        case KEY_HOME:
            p->pos = 0;
            break;
        case KEY_END:
            p->pos = p->len;
            break;
        case KEY_BACKSPACE:
            if (p->pos > 0)
                delete_range(p, text_prev_grapheme(p->text, p->len, p->pos), p->pos);
            break;
        case KEY_DC:
            if (p->pos < p->len)
                delete_range(p, p->pos, text_next_grapheme(p->text, p->len, p->pos));
            break;
        default:
            p->fresh = was_fresh; /* a key that edits nothing (a resize) keeps the default */
            break;
        }
        return PROMPT_EDITING;
    }
    switch (ch) {
    case '\r':
    case '\n':
        return PROMPT_DONE;
    case 27:  /* Esc */
    case 7:   /* C-g */
        return PROMPT_CANCEL;
    case 127: /* Backspace as DEL */
    case 8:   /* Backspace as C-h */
        if (p->pos > 0)
            delete_range(p, text_prev_grapheme(p->text, p->len, p->pos), p->pos);
        return PROMPT_EDITING;
    case 1: /* C-a */
        p->pos = 0;
        return PROMPT_EDITING;
    case 5: /* C-e */
        p->pos = p->len;
        return PROMPT_EDITING;
    case 21: /* C-u */
        delete_range(p, 0, p->pos);
        return PROMPT_EDITING;
    default:
        if (ch >= ' ' && ch != 127 && !(ch >= 0x80 && ch < 0xa0)) {
            if (was_fresh)
                delete_range(p, 0, p->len);
            insert(p, ch);
        } else {
            p->fresh = was_fresh; /* an ignored control character changes nothing */
        }
        return PROMPT_EDITING;
    }
}

void prompt_draw(const struct prompt *p, WINDOW *win, int y, int width)
{
    char *shown = text_sanitize(p->text, p->len, 0);
    char *before = text_sanitize(p->text, p->pos, 0);
    int label_w = text_width(p->label, strlen(p->label));
    int room, cursor_col, start = 0;
    size_t skip = 0;

    draw_fill(win, y, 0, width, theme_attr(ROLE_NORMAL));
    draw_str(win, y, 0, p->label, width, theme_attr(ROLE_HEADING));
    room = width - label_w - 1;
    if (!shown || !before || room < 2) {
        free(shown);
        free(before);
        return;
    }
    cursor_col = text_width(before, strlen(before));
    /* Scroll horizontally so the cursor stays visible. */
    while (cursor_col - start >= room && skip < strlen(shown)) {
        size_t next = text_next_grapheme(shown, strlen(shown), skip);
        start += text_width(shown + skip, next - skip);
        skip = next;
    }
    draw_text(win, y, label_w, shown + skip, strlen(shown) - skip, room, false,
              theme_attr(p->fresh ? ROLE_CURSOR : ROLE_NORMAL));
    wmove(win, y, label_w + cursor_col - start);
    free(shown);
    free(before);
}
