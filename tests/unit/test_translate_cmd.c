/* Unit tests for src/translate_cmd.c with stub commands: one that
 * translates (upper-cases its input, larger than a pipe's buffer), one
 * that fails (exit 1), one that hangs (killed at the time limit, its
 * children with it), one that prints invalid UTF-8, one that prints
 * nothing, one killed by a signal, and one that never reads its input. */
#include "autoconfig.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tap.h"
#include "translate_cmd.h"

static double now(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(void)
{
    struct translate_result r;
    char *big = malloc(300001), *want = malloc(300001);
    double t0;

    signal(SIGPIPE, SIG_IGN);
    for (int i = 0; i < 300000; i++) {
        big[i] = (char)('a' + i % 26);
        want[i] = (char)('A' + i % 26);
    }
    big[300000] = want[300000] = '\0';

    ok(translate_cmd_run("tr a-z A-Z", big, 10, &r) == 0 && r.status == TRANSLATE_OK,
       "a command translates 300 kB (past any pipe buffer)");
    ok(r.text && strcmp(r.text, want) == 0, "every byte of it, in order");
    free(r.text);

    ok(translate_cmd_run("printf 'hello\\n\\n'", "x", 10, &r) == 0 && r.text &&
           strcmp(r.text, "hello") == 0,
       "trailing line breaks are dropped");
    free(r.text);

    ok(translate_cmd_run("cat >/dev/null; exit 1", "x", 10, &r) == -1 &&
           r.status == TRANSLATE_FAILED && !r.text,
       "a failing command is refused");
    is_str(r.why, "exited with status 1", "saying how it failed");

    t0 = now();
    ok(translate_cmd_run("sleep 30; echo late", "x", 0.5, &r) == -1 &&
           r.status == TRANSLATE_TIMEOUT,
       "a hanging command is stopped at its time limit");
    ok(now() - t0 < 5, "in about that time, not the 30 s it asked for (%.1f s)", now() - t0);
    is_str(r.why, "no answer within 0.5 s: stopped", "saying so");

    ok(translate_cmd_run("printf 'ok \\377\\376'", "x", 10, &r) == -1 &&
           r.status == TRANSLATE_BAD_TEXT && !r.text,
       "invalid UTF-8 is refused, nothing returned");
    ok(translate_cmd_run("printf 'a\\000b'", "x", 10, &r) == -1 && r.status == TRANSLATE_BAD_TEXT,
       "so is a NUL");
    ok(translate_cmd_run("cat >/dev/null", "x", 10, &r) == -1 && r.status == TRANSLATE_EMPTY,
       "printing nothing is no translation");
    ok(translate_cmd_run("kill -9 $$", "x", 10, &r) == -1 && r.status == TRANSLATE_FAILED &&
           strstr(r.why, "killed"),
       "a command killed by a signal is refused (%s)", r.why);
    ok(translate_cmd_run("echo fixed", big, 10, &r) == 0 && r.text &&
           strcmp(r.text, "fixed") == 0,
       "a command that never reads its input still answers");
    free(r.text);
    ok(translate_cmd_run("/nonexistent/translator", "x", 10, &r) == -1 &&
           r.status == TRANSLATE_FAILED && strcmp(r.why, "exited with status 127") == 0,
       "a command that is not there is reported (%s)", r.why);
    free(big);
    free(want);
    return tap_done();
}
