#include "autoconfig.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <curses.h>

#include "../src/cli.h"
#include "app.h"
#include "term.h"

enum { PANE_TIMELINE, PANE_FEED, PANE_STATS, PANE_COUNT };

static const char *const pane_titles[PANE_COUNT] = {"Timeline", "Feed", "Stats"};

/* Below this the frame cannot say anything useful. */
enum { MIN_COLS = 20, MIN_LINES = 6 };

struct app {
    struct cli_context *ctx;
    int focus;
    bool help_open;
};

static void draw_centered(int y, const char *text)
{
    int len = (int)strlen(text);
    int x = len < COLS ? (COLS - len) / 2 : 0;

    mvaddnstr(y, x, text, COLS);
}

static void draw_too_small(void)
{
    erase();
    if (LINES > 0 && COLS > 0)
        draw_centered(LINES / 2, COLS >= 18 ? "terminal too small" : "too small");
}

/* Box-drawing characters as text, so they read the same on every terminal
 * (and in captured screens): Unicode lines under UTF-8, ASCII otherwise. */
static void draw_box(WINDOW *win)
{
    if (term_utf8()) {
        static const wchar_t glyphs[] = L"\u2502\u2502\u2500\u2500\u250c\u2510\u2514\u2518";
        cchar_t c[8];
        for (int i = 0; i < 8; i++) {
            wchar_t wc[2] = {glyphs[i], L'\0'};
            setcchar(&c[i], wc, A_NORMAL, 0, NULL);
        }
        wborder_set(win, &c[0], &c[1], &c[2], &c[3], &c[4], &c[5], &c[6], &c[7]);
    } else {
        wborder(win, '|', '|', '-', '-', '+', '+', '+', '+');
    }
}

static void draw_pane(const struct app *app, int pane, int x, int w, int h)
{
    WINDOW *win;

    if (w < 4 || h < 3)
        return;
    win = derwin(stdscr, h, w, 0, x);
    if (!win)
        return;
    draw_box(win);
    if (pane == app->focus)
        wattron(win, A_REVERSE | A_BOLD);
    mvwprintw(win, 0, 1, " %.*s ", w - 4, pane_titles[pane]);
    wattroff(win, A_REVERSE | A_BOLD);
    mvwaddnstr(win, 1, 2, "(coming soon)", w - 4);
    delwin(win);
}

static void draw_help(void)
{
    static const char *const lines[] = {
        "refuge: keys", "", "Tab       next pane", "1 2 3     timeline, feed, stats",
        "?         this help", "Ctrl-L    redraw", "q         quit", "",
        "Press any key to close",
    };
    int n = (int)(sizeof lines / sizeof lines[0]);
    int w = 40 < COLS - 2 ? 40 : COLS - 2, h = n + 2 < LINES - 1 ? n + 2 : LINES - 1;
    WINDOW *win = derwin(stdscr, h, w, (LINES - 1 - h) / 2, (COLS - w) / 2);

    if (!win)
        return;
    werase(win);
    draw_box(win);
    for (int i = 0; i < n && i < h - 2; i++)
        mvwaddnstr(win, i + 1, 2, lines[i], w - 4);
    delwin(win);
}

static void draw(const struct app *app)
{
    int w, x = 0;

    if (COLS < MIN_COLS || LINES < MIN_LINES) {
        draw_too_small();
        wnoutrefresh(stdscr);
        return;
    }
    erase();
    w = COLS / PANE_COUNT;
    for (int p = 0; p < PANE_COUNT; p++) {
        int pw = p == PANE_COUNT - 1 ? COLS - x : w;
        draw_pane(app, p, x, pw, LINES - 1);
        x += pw;
    }
    attron(A_REVERSE);
    mvhline(LINES - 1, 0, ' ', COLS);
    mvprintw(LINES - 1, 0, " %s | ? help | q quit", pane_titles[app->focus]);
    attroff(A_REVERSE);
    if (app->help_open)
        draw_help();
    wnoutrefresh(stdscr);
}

/* Returns true when the key asks to quit. */
static bool handle_char(struct app *app, wint_t ch)
{
    if (app->help_open) {
        app->help_open = false;
        return false;
    }
    switch (ch) {
    case 'q':
        return true;
    case '?':
        app->help_open = true;
        break;
    case '\t':
        app->focus = (app->focus + 1) % PANE_COUNT;
        break;
    case '1':
    case '2':
    case '3':
        app->focus = (int)(ch - '1');
        break;
    case 12: /* Ctrl-L */
        clearok(curscr, TRUE);
        break;
    default:
        break;
    }
    return false;
}

int app_run(struct cli_context *ctx)
{
    struct app app = {.ctx = ctx, .focus = PANE_TIMELINE};
    struct rf_error err = {{0}};
    int status = RF_EXIT_OK;

    if (term_open(&err) != 0)
        return cli_runtime_error(ctx, "%s", err.msg);
    for (;;) {
        struct term_event ev;

        draw(&app);
        doupdate();
        ev = term_read();
        if (ev.type == TERM_EV_SIGNAL) {
            status = 128 + ev.signo;
            break;
        }
        if (ev.type == TERM_EV_HANGUP) {
            status = 128 + 1;
            break;
        }
        if (ev.type == TERM_EV_CHAR && handle_char(&app, ev.ch))
            break;
        if (ev.type == TERM_EV_KEY && ev.key == KEY_BTAB)
            app.focus = (app.focus + PANE_COUNT - 1) % PANE_COUNT;
    }
    term_close();
    return status;
}
