/* term.h — owning the terminal: start curses, restore it on every exit path,
 * and turn keys, resizes, signals and hangups into one event stream.
 *
 * Signals (SIGINT, SIGTERM, SIGHUP) only set a flag; the event loop sees
 * them as TERM_EV_SIGNAL on its next read, so curses is never called from a
 * signal handler. A closed terminal (EOF or EIO on input) is TERM_EV_HANGUP,
 * so the program ends instead of spinning on errors.
 */
#ifndef REFUGE_TERM_H
#define REFUGE_TERM_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

#include "../src/error.h"

enum term_event_type {
    TERM_EV_CHAR,   /* a character: ev.ch */
    TERM_EV_KEY,    /* a function key (KEY_UP, ...): ev.key */
    TERM_EV_RESIZE, /* the terminal changed size; LINES and COLS are updated */
    TERM_EV_SIGNAL, /* SIGINT, SIGTERM or SIGHUP arrived: ev.signo */
    TERM_EV_HANGUP, /* the terminal is gone */
    TERM_EV_TIMEOUT, /* term_read_timeout(): nothing happened in time */
};

struct term_event {
    enum term_event_type type;
    wint_t ch;
    int key;
    int signo;
};

/* Checks that stdin and stdout are a usable terminal, starts curses and
 * installs the signal handlers and the exit hook. Returns 0, or -1 with err
 * set (not a terminal, TERM unset or dumb, unknown terminal type). */
int term_open(struct rf_error *err);


/* Blocks until the next event. Never returns a spurious error. */
struct term_event term_read(void);

/* Like term_read(), but returns TERM_EV_TIMEOUT after ms milliseconds
 * without an event (ms < 0 waits for ever: no timer when idle). A signal
 * that interrupts the wait restarts the full interval. */
struct term_event term_read_timeout(int ms);

/* True when something is waiting to be handled: bytes on the terminal,
 * one of our signals, a hangup, or a window size other than the one the
 * first call after the last read saw. Cheap (a few system
 * calls, no curses), so long work can ask it often and give way. Keys
 * curses already holds are not seen: ask term_read_timeout(0) first. */
bool term_input_pending(void);

/* Asks the terminal to put `text` on its clipboard (OSC 52), the text
 * base64-encoded so no byte of it reaches the terminal raw. Returns false
 * when it could not be sent; whether the terminal allows it, nobody can
 * tell. Call between screen updates. */
bool term_clipboard(const char *text);

/* Writes len bytes of printable ASCII straight to the terminal from row y,
 * column 0, and lets the terminal wrap them at its right margin, so a mouse
 * selection across the lines gives them back without line breaks (a
 * terminal joins the lines it wrapped itself; curses never wraps, it
 * addresses each line). Call right after doupdate() has put the same
 * characters, in normal attributes, at the same places: curses' picture of
 * the screen stays true, and the cursor goes back where curses left it.
 * Returns false, writing nothing, on a terminal without automatic margins. */
bool term_write_wrapped(int y, const char *s, size_t len);

/* Ends curses and restores the terminal; safe to call more than once and
 * from atexit. */
void term_close(void);

#endif
