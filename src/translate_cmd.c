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

#include "translate_cmd.h"

/* What one command may print: a translation longer than this is no translation. */
#define OUTPUT_MAX (4u << 20)

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

int translate_cmd_run(const char *command, const char *text, double timeout,
                      struct translate_result *r)
{
    int in[2], out[2], wstatus;
    pid_t pid;
    size_t len = strlen(text), sent = 0, got = 0, cap = 0;
    double deadline = now() + timeout;
    bool timed_out = false, too_long = false;
    char *buf = NULL;

    *r = (struct translate_result){.status = TRANSLATE_OK};
    if (pipe2(in, O_CLOEXEC) != 0)
        return fail(r, TRANSLATE_ERROR, "cannot make a pipe: %s", strerror(errno));
    if (pipe2(out, O_CLOEXEC) != 0) {
        close(in[0]), close(in[1]);
        return fail(r, TRANSLATE_ERROR, "cannot make a pipe: %s", strerror(errno));
    }
    if ((pid = fork()) < 0) {
        close(in[0]), close(in[1]), close(out[0]), close(out[1]);
        return fail(r, TRANSLATE_ERROR, "cannot start the command: %s", strerror(errno));
    }
    if (pid == 0) {
        setpgid(0, 0); /* its own group: a timeout ends its children too */
        signal(SIGPIPE, SIG_DFL);
        if (dup2(in[0], 0) < 0 || dup2(out[1], 1) < 0)
            _exit(127);
        execl("/bin/sh", "sh", "-c", command, (char *)NULL);
        _exit(127);
    }
    setpgid(pid, pid); /* also here, so the kill below never misses it */
    close(in[0]);
    close(out[1]);
    fcntl(in[1], F_SETFL, O_NONBLOCK);
    if (len == 0)
        close(in[1]), in[1] = -1;
    for (;;) {
        struct pollfd fds[2] = {{.fd = out[0], .events = POLLIN}, {.fd = in[1], .events = POLLOUT}};
        double left = deadline - now();
        int n;
        if (left <= 0) {
            timed_out = true;
            break;
        }
        n = poll(fds, in[1] >= 0 ? 2 : 1, (int)(left * 1000) + 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            break;
        if (in[1] >= 0 && (fds[1].revents & (POLLOUT | POLLERR | POLLHUP))) {
            ssize_t w = write(in[1], text + sent, len - sent);
            if (w > 0)
                sent += (size_t)w;
            if ((w < 0 && errno != EAGAIN) || sent == len)
                close(in[1]), in[1] = -1; /* all given (or it stopped reading) */
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
    while (!timed_out && !too_long && waitpid(pid, &wstatus, WNOHANG) == 0) {
        if (now() >= deadline)
            timed_out = true;
        else
            nanosleep(&(struct timespec){.tv_nsec = 5000000}, NULL);
    }
    if (timed_out || too_long) {
        kill(-pid, SIGKILL);
        while (waitpid(pid, &wstatus, 0) < 0 && errno == EINTR)
            ;
    }
    r->text = buf;
    if (timed_out)
        return fail(r, TRANSLATE_TIMEOUT, "no answer within %g s: stopped", timeout);
    if (too_long)
        return fail(r, TRANSLATE_BAD_TEXT, "printed more than 4 MiB: refused");
    if (WIFSIGNALED(wstatus))
        return fail(r, TRANSLATE_FAILED, "killed (%s)", strsignal(WTERMSIG(wstatus)));
    if (WEXITSTATUS(wstatus) != 0)
        return fail(r, TRANSLATE_FAILED, "exited with status %d", WEXITSTATUS(wstatus));
    while (got > 0 && (buf[got - 1] == '\n' || buf[got - 1] == '\r'))
        got--;
    if (got == 0)
        return fail(r, TRANSLATE_EMPTY, "printed no translation");
    buf[got] = '\0';
    if (memchr(buf, '\0', got) || u8_check((const uint8_t *)buf, got))
        return fail(r, TRANSLATE_BAD_TEXT, "printed text that is not UTF-8: refused");
    return 0;
}
