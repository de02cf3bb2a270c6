#include "autoconfig.h"

#include <errno.h>
#include <stdio.h>
#include <poll.h>
#include <signal.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <curses.h>
#include <term.h>

#include "../src/i18n.h"
#include "term.h"
#include "../src/text.h"

static volatile sig_atomic_t pending_signal;
static bool curses_active;
static SCREEN *screen;
/* The signal mask to wait with: ours are blocked everywhere else, so one
 * cannot slip in between checking the flag and starting to wait. */
static sigset_t wait_mask;
/* The window size term_input_pending() first saw after the last read; it
 * is taken then, not on every key. */
static struct winsize read_size;
static bool read_size_known;

/* Keys are read as bytes, not multibyte characters (the locale is not UTF-8). */
static bool byte_input;

static void on_signal(int signo)
{
    pending_signal = signo;
}

/* The signals stay blocked except inside ppoll() in term_read(), which
 * unblocks them atomically while it waits; so a signal is either seen before
 * the wait or ends it, never lost in between. */
static void install_handlers(void)
{
    static const int signals[] = {SIGINT, SIGTERM, SIGHUP};
    struct sigaction sa;
    sigset_t ours;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigemptyset(&ours);
    for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++) {
        sigaction(signals[i], &sa, NULL);
        sigaddset(&ours, signals[i]);
    }
    sigprocmask(SIG_BLOCK, &ours, &wait_mask);
    for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++)
        sigdelset(&wait_mask, signals[i]);
}

/* TERM as it may be shown in a message: it comes from the environment (over
 * SSH, from the client), so anything but printable ASCII becomes '?' and a
 * long value is cut short; nothing in it reaches the terminal as a control. */
static void shown_name(const char *term, char *out, size_t size)
{
    size_t n = 0;

    for (; term[n] && n + 4 < size; n++)
        out[n] = term[n] >= 0x20 && term[n] < 0x7f ? term[n] : '?';
    if (term[n])
        out[n++] = '.', out[n++] = '.', out[n++] = '.';
    out[n] = '\0';
}

/* Whether the terminfo entry for term describes a screen the explorer can
 * draw on: it must exist, not be a hard-copy or generic type, and address
 * the cursor. Looked up before curses starts, so a refusal leaves the
 * terminal as it was. */
static int check_terminfo(const char *term, struct rf_error *err)
{
    char shown[48];
    int found = 0;
    bool usable;
    const char *cup;

    shown_name(term, shown, sizeof shown);
    if (setupterm(term, STDOUT_FILENO, &found) != OK) {
        rf_error_set(err, _("cannot use terminal type '%s' (no terminfo entry?)"), shown);
        return -1;
    }
    cup = tigetstr("cup");
    usable = cup && cup != (char *)-1 && tigetflag("hc") <= 0 && tigetflag("gn") <= 0;
    del_curterm(cur_term);
    cur_term = NULL;
    if (!usable) {
        rf_error_set(err, _("terminal type '%s' cannot move the cursor; the explorer needs one "
                            "that can (for example TERM=xterm or vt100); batch commands still work"),
                     shown);
        return -1;
    }
    return 0;
}

int term_open(struct rf_error *err)
{
    const char *term = getenv("TERM");
    char shown[48];

    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
        rf_error_set(err, _("the explorer needs a terminal on standard input and output; "
                            "for pipes and scripts use a batch command (refuge --help)"));
        return -1;
    }
    if (!term || !term[0] || strcmp(term, "dumb") == 0) {
        if (term && term[0])
            rf_error_set(err, _("TERM is 'dumb'; the explorer needs a terminal that can move the "
                                "cursor (for example TERM=xterm or vt100); batch commands still work"));
        else
            rf_error_set(err, _("TERM is not set; the explorer needs a terminal that can move the "
                                "cursor (for example TERM=xterm or vt100); batch commands still work"));
        return -1;
    }
    if (check_terminfo(term, err) != 0)
        return -1;
    byte_input = !text_locale_utf8();
    install_handlers();
    /* Esc must answer quickly; 25 ms still joins escape sequences over SSH. */
    set_escdelay(25);
    screen = newterm(NULL, stdout, stdin);
    if (!screen) {
        shown_name(term, shown, sizeof shown);
        rf_error_set(err, _("cannot use terminal type '%s' (no terminfo entry?)"), shown);
        return -1;
    }
    curses_active = true;
    atexit(term_close);
    cbreak();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    curs_set(0);
    if (has_colors()) {
        start_color();
        use_default_colors();
    }
    return 0;
}

/* The next key curses holds: OK with a character, KEY_CODE_YES with a key
 * code, ERR when there is none. In a locale that is not UTF-8 each byte is
 * read alone and made a character by btowc(); a byte that is no character
 * there (anything non-ASCII under C) is dropped alone. wget_wch() would
 * gather it with the bytes queued after it, up to 16, looking for a
 * character, and drop them all: keys typed just after a pasted Chinese
 * character were lost. */
static int next_key(wint_t *wch)
{
    if (!byte_input)
        return wget_wch(stdscr, wch);
    for (;;) {
        int c = wgetch(stdscr);
        wint_t w;

        if (c == ERR)
            return ERR;
        if (c >= KEY_MIN) {
            *wch = (wint_t)c;
            return KEY_CODE_YES;
        }
        w = btowc(c);
        if (w != WEOF) {
            *wch = w;
            return OK;
        }
    }
}

struct term_event term_read(void)
{
    return term_read_timeout(-1);
}

struct term_event term_read_timeout(int ms)
{
    struct term_event ev = {0};
    struct timespec limit = {.tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L};
    int empty_reads = 0;

    /* Reads never block in curses: waiting happens in ppoll() below. */
    wtimeout(stdscr, 0);
    read_size_known = false;
    for (;;) {
        struct pollfd pfd = {.fd = STDIN_FILENO, .events = POLLIN};
        wint_t wch;
        int rc;

        if (pending_signal) {
            ev.type = TERM_EV_SIGNAL;
            ev.signo = pending_signal;
            return ev;
        }
        /* Curses may hold typed-ahead keys the descriptor no longer shows. */
        rc = next_key(&wch);
        if (rc == OK) {
            ev.type = TERM_EV_CHAR;
            ev.ch = wch;
            return ev;
        }
        if (rc == KEY_CODE_YES) {
            ev.type = wch == KEY_RESIZE ? TERM_EV_RESIZE : TERM_EV_KEY;
            ev.key = (int)wch;
            return ev;
        }
        rc = ppoll(&pfd, 1, ms < 0 ? NULL : &limit, &wait_mask);
        if (rc == 0 && ms >= 0) {
            ev.type = TERM_EV_TIMEOUT;
            return ev;
        }
        if (rc < 0) {
            if (errno == EINTR)
                continue; /* a signal, or a resize for curses to report */
            ev.type = TERM_EV_HANGUP;
            return ev;
        }
        if (pfd.revents & (POLLHUP | POLLERR | POLLNVAL)) {
            ev.type = TERM_EV_HANGUP;
            return ev;
        }
        /* Readable yet nothing read, twice over: end of file. */
        if (++empty_reads > 2) {
            ev.type = TERM_EV_HANGUP;
            return ev;
        }
    }
}

bool term_input_pending(void)
{
    struct pollfd pfd = {.fd = STDIN_FILENO, .events = POLLIN};
    struct winsize ws;
    sigset_t held;

    if (pending_signal)
        return true;
    /* Our signals are blocked outside ppoll(): they wait here, unhandled. */
    if (sigpending(&held) == 0 &&
        (sigismember(&held, SIGINT) == 1 || sigismember(&held, SIGTERM) == 1 ||
         sigismember(&held, SIGHUP) == 1))
        return true;
    /* A resize: curses hears of it only when it next reads. */
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0) {
        if (!read_size_known) {
            read_size = ws;
            read_size_known = true;
        } else if (ws.ws_row != read_size.ws_row || ws.ws_col != read_size.ws_col) {
            return true;
        }
    }
    return poll(&pfd, 1, 0) != 0;
}

void term_close(void)
{
    if (!curses_active)
        return;
    /* Leave the signals as we found them for whatever runs after us. */
    sigprocmask(SIG_SETMASK, &wait_mask, NULL);
    curses_active = false;
    curs_set(1);
    endwin();
    delscreen(screen);
    screen = NULL;
}

bool term_clipboard(const char *text)
{
    char *b64 = text_base64(text, strlen(text));
    bool sent;

    if (!b64)
        return false;
    /* Written after curses has flushed its output, straight to the
     * terminal: an OSC string curses never sees, so the screen it keeps
     * stays true. */
    sent = printf("\033]52;c;%s\a", b64) > 0 && fflush(stdout) == 0;
    free(b64);
    return sent;
}

static int out_char(int c)
{
    return putchar(c);
}

bool term_write_wrapped(int y, const char *s, size_t len)
{
    int cy, cx;

    if (!curses_active || !auto_right_margin || !cursor_address)
        return false;
    getyx(curscr, cy, cx);
    /* After doupdate() the terminal is in normal attributes (ncurses
     * leaves it so for other writers), as the cells were drawn. */
    tputs(tiparm(cursor_address, y, 0), 1, out_char);
    fwrite(s, 1, len, stdout);
    tputs(tiparm(cursor_address, cy, cx), 1, out_char);
    return fflush(stdout) == 0;
}
