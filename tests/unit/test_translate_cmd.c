/* Unit tests for src/translate_cmd.c with stub commands: one that
 * translates (upper-cases its input, larger than a pipe's buffer), one
 * that fails (exit 1), one that hangs (killed at the time limit, its
 * children with it), one that prints invalid UTF-8, one that prints
 * nothing, one killed by a signal, and one that never reads its input. */
#include "autoconfig.h"

#include <pthread.h>
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

static int run(const char *command, const char *text, double timeout, struct translate_result *r)
{
    struct translate_call call = {.command = command, .text = text, .timeout = timeout};

    return translate_cmd_run(&call, r);
}

static volatile sig_atomic_t stop_flag;

static void *raise_stop(void *arg)
{
    (void)arg;
    nanosleep(&(struct timespec){.tv_nsec = 300000000}, NULL);
    stop_flag = 1;
    return NULL;
}

int main(void)
{
    struct translate_result r;
    char *big = malloc(300001), *want = malloc(300001);
    double t0;
    int rc;

    signal(SIGPIPE, SIG_IGN);
    for (int i = 0; i < 300000; i++) {
        big[i] = (char)('a' + i % 26);
        want[i] = (char)('A' + i % 26);
    }
    big[300000] = want[300000] = '\0';

    ok(run("tr a-z A-Z", big, 10, &r) == 0 && r.status == TRANSLATE_OK,
       "a command translates 300 kB (past any pipe buffer)");
    ok(r.text && strcmp(r.text, want) == 0, "every byte of it, in order");
    free(r.text);

    ok(run("printf 'hello\\n\\n'", "x", 10, &r) == 0 && r.text &&
           strcmp(r.text, "hello") == 0,
       "trailing line breaks are dropped");
    free(r.text);

    ok(run("cat >/dev/null; exit 1", "x", 10, &r) == -1 &&
           r.status == TRANSLATE_FAILED && !r.text,
       "a failing command is refused");
    is_str(r.why, "exited with status 1", "saying how it failed");

    t0 = now();
    ok(run("sleep 30; echo late", "x", 0.5, &r) == -1 &&
           r.status == TRANSLATE_TIMEOUT,
       "a hanging command is stopped at its time limit");
    ok(now() - t0 < 5, "in about that time, not the 30 s it asked for (%.1f s)", now() - t0);
    is_str(r.why, "no answer within 0.5 s: stopped", "saying so");

    ok(run("printf 'ok \\377\\376'", "x", 10, &r) == -1 &&
           r.status == TRANSLATE_BAD_TEXT && !r.text,
       "invalid UTF-8 is refused, nothing returned");
    ok(run("printf 'a\\000b'", "x", 10, &r) == -1 && r.status == TRANSLATE_BAD_TEXT,
       "so is a NUL");
    ok(run("cat >/dev/null", "x", 10, &r) == -1 && r.status == TRANSLATE_EMPTY,
       "printing nothing is no translation");
    ok(run("kill -9 $$", "x", 10, &r) == -1 && r.status == TRANSLATE_FAILED &&
           strstr(r.why, "killed"),
       "a command killed by a signal is refused (%s)", r.why);
    ok(run("echo fixed", big, 10, &r) == 0 && r.text &&
           strcmp(r.text, "fixed") == 0,
       "a command that never reads its input still answers");
    free(r.text);
    ok(run("/nonexistent/translator", "x", 10, &r) == -1 &&
           r.status == TRANSLATE_FAILED && strcmp(r.why, "exited with status 127") == 0,
       "a command that is not there is reported (%s)", r.why);
    ok(strstr(r.err, "translator") != NULL, "with what the shell said on standard error");

    ok(run("echo 'model not loaded' >&2; exit 3", "x", 10, &r) == -1 &&
           strcmp(r.err, "model not loaded\n") == 0,
       "a failing command's standard error is kept for the report");
    rc = run("i=0; while [ $i -lt 400 ]; do echo 'line of noise' >&2; i=$((i+1)); done; "
             "echo the end >&2; echo done",
             "x", 10, &r);
    ok(rc == 0 && strlen(r.err) == ERR_KEPT && strstr(r.err, "the end\n") != NULL,
       "of a long standard error (5,600 bytes), the end is kept (%zu bytes)", strlen(r.err));
    free(r.text);

    {
        struct translate_call call = {.command = "printf %s \"$REFUGE_LANG\"", .text = "猫",
                                      .lang = "zh", .timeout = 10};
        ok(translate_cmd_run(&call, &r) == 0 && strcmp(r.text, "zh") == 0,
           "the command sees the text's language in REFUGE_LANG");
        free(r.text);
    }

    {
        pthread_t t;
        struct translate_call call = {.command = "sleep 30", .text = "x", .timeout = 60,
                                      .stop = &stop_flag};
        t0 = now();
        pthread_create(&t, NULL, raise_stop, NULL);
        ok(translate_cmd_run(&call, &r) == -1 && r.status == TRANSLATE_STOPPED && !r.text,
           "a call is stopped when its stop flag is raised (Ctrl-C), nothing returned");
        ok(now() - t0 < 5, "at once, not when the command would end (%.1f s)", now() - t0);
        pthread_join(t, NULL);
    }
    free(big);
    free(want);
    return tap_done();
}
