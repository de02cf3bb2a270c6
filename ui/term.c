#include "autoconfig.h"

#include <errno.h>
#include <langinfo.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curses.h>

#include "term.h"

static volatile sig_atomic_t pending_signal;
static bool curses_active;
static SCREEN *screen;

static void on_signal(int signo)
{
    pending_signal = signo;
}

/* No SA_RESTART: a signal interrupts the blocking read, so the loop notices
 * it at once. */
static void install_handlers(void)
{
    static const int signals[] = {SIGINT, SIGTERM, SIGHUP};
    struct sigaction sa;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++)
        sigaction(signals[i], &sa, NULL);
}

bool term_utf8(void)
{
    const char *cs = nl_langinfo(CODESET);
    return cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
}

int term_open(struct rf_error *err)
{
    const char *term = getenv("TERM");

    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
        rf_error_set(err, "the explorer needs a terminal on standard input and output; "
                          "for pipes and scripts use a batch command (refuge --help)");
        return -1;
    }
    if (!term || !term[0] || strcmp(term, "dumb") == 0) {
        rf_error_set(err, "TERM is %s; the explorer needs a terminal that can move the "
                          "cursor (for example TERM=xterm or vt100); batch commands still work",
                     term && term[0] ? "'dumb'" : "not set");
        return -1;
    }
    install_handlers();
    /* Esc must answer quickly; 25 ms still joins escape sequences over SSH. */
    set_escdelay(25);
    screen = newterm(NULL, stdout, stdin);
    if (!screen) {
        rf_error_set(err, "cannot use terminal type '%s' (no terminfo entry?)", term);
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

/* After ERR from curses with no signal pending: is the terminal gone?
 * Readable-but-nothing-read twice in a row means end of file; once could be
 * a read interrupted just as a key arrived. */
static bool input_hung_up(int *readable_errors)
{
    struct pollfd pfd = {.fd = STDIN_FILENO, .events = POLLIN};

    if (poll(&pfd, 1, 0) < 0)
        return errno != EINTR;
    if (pfd.revents & (POLLHUP | POLLERR | POLLNVAL))
        return true;
    if (pfd.revents & POLLIN)
        return ++*readable_errors >= 2;
    *readable_errors = 0;
    return false;
}

struct term_event term_read(void)
{
    struct term_event ev = {0};
    int readable_errors = 0;

    for (;;) {
        wint_t wch;
        int rc;

        if (pending_signal) {
            ev.type = TERM_EV_SIGNAL;
            ev.signo = pending_signal;
            return ev;
        }
        rc = wget_wch(stdscr, &wch);
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
        if (pending_signal)
            continue;
        if (input_hung_up(&readable_errors)) {
            ev.type = TERM_EV_HANGUP;
            return ev;
        }
    }
}

void term_close(void)
{
    if (!curses_active)
        return;
    curses_active = false;
    curs_set(1);
    endwin();
    delscreen(screen);
    screen = NULL;
}
