/* translate_cmd.c — one call of a translation command (contract in translate_cmd.h). */
#include "autoconfig.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <unistr.h>

#include "i18n.h"
#include "translate_cmd.h"

extern char **environ;

/* What one command may print: a translation longer than this is no translation. */
#define OUTPUT_MAX (4u << 20)
/* How often a running call looks at its stop flag, in milliseconds. */
#define STOP_POLL_MS 100

static double now(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int fail(struct translate_result *r, enum translate_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail(struct translate_result *r, enum translate_status status, const char *fmt, ...)
{
    va_list ap;

    r->status = status;
    va_start(ap, fmt);
    vsnprintf(r->why, sizeof r->why, fmt, ap);
    va_end(ap);
    free(r->text);
    r->text = NULL;
    return -1;
}

/* The environment of the command: ours with REFUGE_LANG set (made before
 * fork: the child of a threaded process may not allocate). */
static char **command_env(const char *lang, char *var, size_t size)
{
    size_t n = 0, k = 0;
    char **env;

    snprintf(var, size, "REFUGE_LANG=%s", lang && lang[0] ? lang : "und");
    while (environ[n])
        n++;
    if (!(env = malloc((n + 2) * sizeof *env)))
        return NULL;
    for (size_t i = 0; i < n; i++)
        if (strncmp(environ[i], "REFUGE_LANG=", 12) != 0)
            env[k++] = environ[i];
    env[k++] = var;
    env[k] = NULL;
    return env;
}

/* Keeps the last ERR_KEPT bytes of standard error. */
static void keep_err(struct translate_result *r, size_t *len, const char *b, size_t n)
{
    if (n >= ERR_KEPT) {
        memcpy(r->err, b + n - ERR_KEPT, ERR_KEPT);
        *len = ERR_KEPT;
    } else {
        if (*len + n > ERR_KEPT) {
            size_t drop = *len + n - ERR_KEPT;
            memmove(r->err, r->err + drop, *len - drop);
            *len -= drop;
        }
        memcpy(r->err + *len, b, n);
        *len += n;
    }
}

static void drain_err(int fd, struct translate_result *r, size_t *len)
{
    char b[4096];
    ssize_t n;

    while ((n = read(fd, b, sizeof b)) > 0)
        keep_err(r, len, b, (size_t)n);
}

int translate_cmd_run(const struct translate_call *call, struct translate_result *r)
{
    int in[2], out[2], errp[2], wstatus = 0;
    pid_t pid;
    const char *text = call->text;
    size_t len = strlen(text), sent = 0, got = 0, cap = 0, errlen = 0;
    double deadline = now() + call->timeout;
    bool timed_out = false, too_long = false, stopped = false;
    char *buf = NULL, var[64], **env;

    *r = (struct translate_result){.status = TRANSLATE_OK};
    if (!(env = command_env(call->lang, var, sizeof var)))
        return fail(r, TRANSLATE_ERROR, _("out of memory"));
    if (pipe2(in, O_CLOEXEC) != 0) {
        free(env);
        return fail(r, TRANSLATE_ERROR, _("cannot make a pipe: %s"), strerror(errno));
    }
    if (pipe2(out, O_CLOEXEC) != 0) {
        close(in[0]), close(in[1]), free(env);
        return fail(r, TRANSLATE_ERROR, _("cannot make a pipe: %s"), strerror(errno));
    }
    if (pipe2(errp, O_CLOEXEC) != 0) {
        close(in[0]), close(in[1]), close(out[0]), close(out[1]), free(env);
        return fail(r, TRANSLATE_ERROR, _("cannot make a pipe: %s"), strerror(errno));
    }
    if ((pid = fork()) < 0) {
        close(in[0]), close(in[1]), close(out[0]), close(out[1]), close(errp[0]),
            close(errp[1]), free(env);
        return fail(r, TRANSLATE_ERROR, _("cannot start the command: %s"), strerror(errno));
    }
    if (pid == 0) {
        sigset_t none;
        char *argv[] = {"sh", "-c", (char *)call->command, NULL};
        setpgid(0, 0); /* its own group: a timeout ends its children too */
        signal(SIGPIPE, SIG_DFL);
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL); /* the runner's threads block some */
        if (dup2(in[0], 0) < 0 || dup2(out[1], 1) < 0 || dup2(errp[1], 2) < 0)
            _exit(127);
        execve("/bin/sh", argv, env);
        _exit(127);
    }
    free(env);
    setpgid(pid, pid); /* also here, so the kill below never misses it */
    close(in[0]);
    close(out[1]);
    close(errp[1]);
    fcntl(in[1], F_SETFL, O_NONBLOCK);
    fcntl(errp[0], F_SETFL, O_NONBLOCK);
    if (len == 0)
        close(in[1]), in[1] = -1;
    for (;;) {
        struct pollfd fds[3] = {{.fd = out[0], .events = POLLIN},
                                {.fd = errp[0], .events = POLLIN}, /* -1: closed */
                                {.fd = in[1], .events = POLLOUT}};
        double left = deadline - now();
        int n, wait_ms;
        if (call->stop && *call->stop) {
            stopped = true;
            break;
        }
        if (left <= 0) {
            timed_out = true;
            break;
        }
        wait_ms = (int)(left * 1000) + 1;
        if (call->stop && wait_ms > STOP_POLL_MS)
            wait_ms = STOP_POLL_MS;
        n = poll(fds, in[1] >= 0 ? 3 : 2, wait_ms);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            break;
        if (in[1] >= 0 && (fds[2].revents & (POLLOUT | POLLERR | POLLHUP))) {
            ssize_t w = write(in[1], text + sent, len - sent);
            if (w > 0)
                sent += (size_t)w;
            if ((w < 0 && errno != EAGAIN) || sent == len)
                close(in[1]), in[1] = -1; /* all given (or it stopped reading) */
        }
        if (fds[1].revents & (POLLIN | POLLHUP | POLLERR)) {
            drain_err(errp[0], r, &errlen);
            if (!(fds[1].revents & POLLIN))
                close(errp[0]), errp[0] = -1; /* closed: poll ignores -1 */
        }
        if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
            ssize_t rd;
            if (got + 4096 + 1 > cap) {
                char *grown = realloc(buf, cap = cap ? 2 * cap : 8192);
                if (!grown)
                    break;
                buf = grown;
            }
            rd = read(out[0], buf + got, cap - got - 1);
            if (rd == 0)
                break; /* its output closed: it is done (or soon) */
            if (rd > 0 && (got += (size_t)rd) > OUTPUT_MAX) {
                too_long = true;
                break;
            }
        }
    }
    if (in[1] >= 0)
        close(in[1]);
    close(out[0]);
    /* Output closed: its exit, within what is left of the time. */
    while (!timed_out && !too_long && !stopped && waitpid(pid, &wstatus, WNOHANG) == 0) {
        if (now() >= deadline)
            timed_out = true;
        else if (call->stop && *call->stop)
            stopped = true;
        else
            nanosleep(&(struct timespec){.tv_nsec = 5000000}, NULL);
    }
    if (timed_out || too_long || stopped) {
        kill(-pid, SIGKILL);
        while (waitpid(pid, &wstatus, 0) < 0 && errno == EINTR)
            ;
    }
    if (errp[0] >= 0) {
        drain_err(errp[0], r, &errlen);
        close(errp[0]);
    }
    for (size_t i = 0; i < errlen; i++)
        if (!r->err[i])
            r->err[i] = '?';
    r->err[errlen] = '\0';
    r->text = buf;
    if (stopped)
        return fail(r, TRANSLATE_STOPPED, _("stopped before it answered"));
    if (timed_out)
        return fail(r, TRANSLATE_TIMEOUT, _("no answer within %g s: stopped"), call->timeout);
    if (too_long)
        return fail(r, TRANSLATE_BAD_TEXT, _("printed more than 4 MiB: refused"));
    if (WIFSIGNALED(wstatus))
        return fail(r, TRANSLATE_FAILED, _("killed by signal %d"), WTERMSIG(wstatus));
    if (WEXITSTATUS(wstatus) != 0)
        return fail(r, TRANSLATE_FAILED, _("exited with status %d"), WEXITSTATUS(wstatus));
    while (got > 0 && (buf[got - 1] == '\n' || buf[got - 1] == '\r'))
        got--;
    if (got == 0)
        return fail(r, TRANSLATE_EMPTY, _("printed no translation"));
    buf[got] = '\0';
    if (memchr(buf, '\0', got) || u8_check((const uint8_t *)buf, got))
        return fail(r, TRANSLATE_BAD_TEXT, _("printed text that is not UTF-8: refused"));
    return 0;
}
