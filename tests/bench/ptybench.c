/* ptybench — runs a terminal program in a pseudo-terminal and measures what
 * a person at the other end of an SSH connection would feel.
 *
 *   ptybench [--size COLSxROWS] [--term TERM] [--quiet MS] [--runs N]
 *            [--scenario FILE] [--idle MS] -- PROGRAM [ARGS...]
 *
 * Each run starts PROGRAM on a new pty of the given size with TERM set
 * (the rest of the environment is passed on), and measures:
 *
 *   first paint   from just before the fork to the last byte of the first
 *                 burst of output (the burst ends when nothing more comes
 *                 for 4 quiet periods);
 *   each step     of the scenario: the keys are written, and the latency is
 *                 the time from the write to the LAST byte of the answer
 *                 (the answer has ended when nothing more comes for a quiet
 *                 period during which the program used no CPU either and
 *                 at whose end it sleeps, waiting for input; the quiet
 *                 period is therefore not part of the figure); also
 *                 the bytes written and the CPU time the program used
 *                 (/proc/PID/schedstat, nanoseconds) for the step; and,
 *                 as LABEL:shown, the time to the last byte of the first
 *                 frame (output that pauses for FRAME_GAP_MS ends it): a
 *                 program that paints its answer and then works on (a
 *                 count, stats) has shown the answer by then;
 *   idle          CPU time used and bytes written while nothing is typed;
 *   hangup        the time from closing the pty's master side (a dropped
 *                 connection) until the program has exited, and its peak
 *                 resident memory (wait4's ru_maxrss).
 *
 * and prints, over all runs, the median and 90th percentile of each as a
 * table with a header line, tab-separated:
 *   metric n ms_median ms_p90 bytes_median cpu_ms_median note bytes_mean
 * (the mean tells what a slow link carries over many steps of which a few
 * cost more, as with [ui] scroll_jump)
 *
 * A scenario file has one step a line ('#' starts a comment):
 *
 *   NEEDS LABEL TIMES KEYS...
 *
 * NEEDS is '-' (always) or the name of a probe (below): the step runs
 * only when that probe succeeded, and is otherwise reported as "n/a".
 * LABEL names the measurement ('-': the keys are sent and the output
 * awaited, but nothing is reported). TIMES repeats the keys. KEYS are
 * separated by spaces: a word is typed as it is, "quoted text" may hold
 * spaces, and <Down> <Up> <PgDn> <PgUp> <Home> <End> <Enter> <Esc> <Tab>
 * <Space> <BS> <C-x> are keys (the cursor and page keys as the terminfo
 * entry of TERM says the terminal sends them). Every key is sent on its
 * own and awaited; the one marked with a leading '*' is measured (the
 * last, when none is marked).
 *
 *   probe NAME "TEXT" KEYS...
 *
 * sends KEYS (awaiting each) and names the probe NAME as succeeded when
 * TEXT is NOT in what the program wrote in answer: so "probe feed
 * "(not built yet)" 2 z <C-l>" tells whether the feed pane exists.
 *
 * With PTYBENCH_TRACE=FILE in the environment, everything the program
 * writes goes to FILE too, each key marked where it was sent.
 */
#include "autoconfig.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <curses.h>
#include <term.h>

#define MAX_STEPS 64
#define MAX_KEYS 32
#define MAX_PROBES 8

/* ---- time and the program's CPU ------------------------------------------------ */

static double now_ms(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* CPU time the process has run, in ms (schedstat is in nanoseconds). */
static double cpu_ms(pid_t pid)
{
    char path[64];
    unsigned long long ns = 0;
    FILE *fp;

    snprintf(path, sizeof path, "/proc/%d/schedstat", (int)pid);
    if (!(fp = fopen(path, "r")))
        return -1;
    if (fscanf(fp, "%llu", &ns) != 1)
        ns = 0;
    fclose(fp);
    return (double)ns / 1e6;
}

/* The process's state letter from /proc/PID/stat: 'S' when it sleeps
 * (waiting for input), 'R' when it runs or waits for a CPU. */
static char proc_state(pid_t pid)
{
    char path[64], buf[512], *p;
    size_t n;
    FILE *fp;

    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    if (!(fp = fopen(path, "r")))
        return '?';
    n = fread(buf, 1, sizeof buf - 1, fp);
    fclose(fp);
    buf[n] = '\0';
    /* After "pid (comm) ": the comm may hold spaces and parentheses. */
    p = strrchr(buf, ')');
    return p && p[1] == ' ' ? p[2] : '?';
}

/* ---- samples ------------------------------------------------------------------------ */

struct samples {
    double *v;
    size_t n, cap;
};

static void sample_add(struct samples *s, double v)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 16;
        double *p = realloc(s->v, cap * sizeof *p);
        if (!p) {
            perror("ptybench");
            exit(1);
        }
        s->v = p;
        s->cap = cap;
    }
    s->v[s->n++] = v;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* The q-quantile (nearest rank); NaN when there are no samples. */
static double quantile(struct samples *s, double q)
{
    size_t i;

    if (s->n == 0)
        return 0.0 / 0.0;
    qsort(s->v, s->n, sizeof *s->v, cmp_double);
    i = (size_t)(q * (double)(s->n - 1) + 0.5);
    return s->v[i];
}

/* ---- the scenario -------------------------------------------------------------------- */

struct key {
    char bytes[64];
    size_t len;
    bool measured;
};

struct step {
    char needs[32];  /* "" always */
    char label[48];  /* "" not reported */
    int times;
    struct key keys[MAX_KEYS];
    int nkeys;
    bool is_probe;
    char absent[128]; /* probe: the text whose absence means success */
    /* results */
    struct samples ms, bytes, cpu, shown;
    int no_output; /* measured keys that produced no output */
    bool skipped;
};

static struct step steps[MAX_STEPS];
static int nsteps;

static const char *terminfo_key(const char *cap)
{
    char *s = tigetstr(cap);
    return s && s != (char *)-1 ? s : NULL;
}

/* Parses one key token into k; returns false when it is not known. */
static bool parse_key(const char *tok, struct key *k)
{
    static const struct {
        const char *name, *cap, *fallback;
    } names[] = {
        {"<Down>", "kcud1", "\033[B"}, {"<Up>", "kcuu1", "\033[A"},
        {"<Left>", "kcub1", "\033[D"}, {"<Right>", "kcuf1", "\033[C"},
        {"<PgDn>", "knp", "\033[6~"},  {"<PgUp>", "kpp", "\033[5~"},
        {"<Home>", "khome", "\033[H"}, {"<End>", "kend", "\033[F"},
        {"<Enter>", NULL, "\r"},       {"<Esc>", NULL, "\033"},
        {"<Tab>", NULL, "\t"},         {"<Space>", NULL, " "},
        {"<BS>", NULL, "\177"},
    };
    const char *s;

    memset(k, 0, sizeof *k);
    if (*tok == '*') {
        k->measured = true;
        tok++;
    }
    if (tok[0] == '<') {
        for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
            if (strcmp(tok, names[i].name) == 0) {
                s = names[i].cap ? terminfo_key(names[i].cap) : NULL;
                snprintf(k->bytes, sizeof k->bytes, "%s", s ? s : names[i].fallback);
                k->len = strlen(k->bytes);
                return true;
            }
        if (strncmp(tok, "<C-", 3) == 0 && tok[3] && tok[4] == '>') {
            k->bytes[0] = (char)(tok[3] & 0x1f);
            k->len = 1;
            return true;
        }
        return false;
    }
    snprintf(k->bytes, sizeof k->bytes, "%s", tok);
    k->len = strlen(k->bytes);
    return k->len > 0;
}

/* Splits a line into words in place; "quoted text" is one word (without
 * its quotes), and a '*' before the quote stays. */
static int split(char *line, char **words, int max)
{
    int n = 0;
    char *p = line;

    while (n < max) {
        char *q;
        bool more;

        while (*p == ' ' || *p == '\t')
            p++;
        if (!*p || *p == '#')
            break;
        words[n++] = q = p;
        if (*p == '*')
            *q++ = *p++;
        if (*p == '"') {
            p++;
            while (*p && *p != '"')
                *q++ = *p++;
            if (*p)
                p++;
        } else {
            while (*p && *p != ' ' && *p != '\t')
                *q++ = *p++;
        }
        more = *p != '\0';
        *q = '\0';
        if (more)
            p++;
    }
    return n;
}

static void load_scenario(const char *path)
{
    FILE *fp = fopen(path, "r");
    char line[1024];
    int lineno = 0;

    if (!fp) {
        perror(path);
        exit(2);
    }
    while (fgets(line, sizeof line, fp)) {
        char *w[MAX_KEYS + 4];
        int n, first;
        struct step *s;

        lineno++;
        line[strcspn(line, "\n")] = '\0';
        n = split(line, w, MAX_KEYS + 4);
        if (n == 0)
            continue;
        if (nsteps == MAX_STEPS) {
            fprintf(stderr, "%s:%d: too many steps\n", path, lineno);
            exit(2);
        }
        s = &steps[nsteps];
        memset(s, 0, sizeof *s);
        if (strcmp(w[0], "probe") == 0) {
            if (n < 4) {
                fprintf(stderr, "%s:%d: probe NAME \"TEXT\" KEYS...\n", path, lineno);
                exit(2);
            }
            s->is_probe = true;
            snprintf(s->label, sizeof s->label, "%s", w[1]);
            snprintf(s->absent, sizeof s->absent, "%s", w[2]);
            s->times = 1;
            first = 3;
        } else {
            if (n < 4) {
                fprintf(stderr, "%s:%d: NEEDS LABEL TIMES KEYS...\n", path, lineno);
                exit(2);
            }
            if (strcmp(w[0], "-") != 0)
                snprintf(s->needs, sizeof s->needs, "%s", w[0]);
            if (strcmp(w[1], "-") != 0)
                snprintf(s->label, sizeof s->label, "%s", w[1]);
            s->times = atoi(w[2]);
            if (s->times < 1)
                s->times = 1;
            first = 3;
        }
        for (int i = first; i < n; i++) {
            if (!parse_key(w[i], &s->keys[s->nkeys])) {
                fprintf(stderr, "%s:%d: unknown key %s\n", path, lineno, w[i]);
                exit(2);
            }
            s->nkeys++;
        }
        {
            bool any = false;
            for (int i = 0; i < s->nkeys; i++)
                any |= s->keys[i].measured;
            if (!any && s->nkeys)
                s->keys[s->nkeys - 1].measured = true;
        }
        nsteps++;
    }
    fclose(fp);
}

/* ---- the program in its pty ------------------------------------------------------------ */

struct child {
    pid_t pid;
    int fd;
    char *out; /* output captured while `capture` is set */
    size_t out_len, out_cap;
    bool capture;
    bool eof;
};

static double quiet_ms = 50;
static FILE *trace_fp; /* PTYBENCH_TRACE=FILE: everything written, with the keys */

/* A pause this long ends a frame: curses writes one in a burst. */
#define FRAME_GAP_MS 10

/* The longest a step may take before it is given up on. */
#define SETTLE_LIMIT_MS 20000

/* Reads until the program has settled: nothing has come for `quiet` ms and
 * it used no CPU meanwhile (a program that draws "searching..." and then
 * works on shows its answer later), or it has gone. Returns the bytes read
 * and sets *last to the time of the last one and *frame (may be NULL) to
 * the time of the last byte of the first frame. */
static size_t drain(struct child *c, double quiet, double *last, double *frame)
{
    char buf[65536];
    size_t total = 0;
    double start = now_ms(), deadline = start + quiet, cpu = cpu_ms(c->pid);
    double frame_end = -1;
    bool frame_done = false;

    for (;;) {
        struct pollfd pfd = {.fd = c->fd, .events = POLLIN};
        double left = deadline - now_ms();
        ssize_t n;
        int rc;

        if (left <= 0) {
            /* Quiet, but still working (or waiting for a CPU on a busy
             * machine)? Then wait another period. */
            double used = cpu_ms(c->pid);
            if ((used - cpu > 0.2 || proc_state(c->pid) != 'S') &&
                now_ms() - start < SETTLE_LIMIT_MS) {
                cpu = used;
                deadline = now_ms() + quiet;
                continue;
            }
            break;
        }
        if (c->eof)
            break;
        rc = poll(&pfd, 1, (int)(left + 0.999));
        if (rc == 0 || (rc < 0 && errno == EINTR))
            continue; /* the quiet period is over: see above */
        if (rc < 0)
            break;
        n = read(c->fd, buf, sizeof buf);
        if (n <= 0) {
            c->eof = true;
            break;
        }
        *last = now_ms();
        if (!frame_done && frame_end >= 0 && *last - frame_end > FRAME_GAP_MS)
            frame_done = true;
        if (!frame_done)
            frame_end = *last;
        if (frame)
            *frame = frame_end;
        deadline = *last + quiet;
        cpu = cpu_ms(c->pid);
        total += (size_t)n;
        if (trace_fp)
            fwrite(buf, 1, (size_t)n, trace_fp);
        if (c->capture) {
            if (c->out_len + (size_t)n + 1 > c->out_cap) {
                size_t cap = (c->out_len + (size_t)n + 1) * 2;
                char *p = realloc(c->out, cap);
                if (!p) {
                    perror("ptybench");
                    exit(1);
                }
                c->out = p;
                c->out_cap = cap;
            }
            memcpy(c->out + c->out_len, buf, (size_t)n);
            c->out_len += (size_t)n;
            c->out[c->out_len] = '\0';
        }
    }
    return total;
}

/* Sends one key and waits for the answer: *ms is the latency to the last
 * byte (negative when nothing came), *shown to the end of the first frame,
 * *cpu the program's CPU time. */
static size_t send_key(struct child *c, const struct key *k, double *ms, double *shown,
                       double *cpu)
{
    double cpu0 = cpu_ms(c->pid), t0, last = -1, frame = -1;
    size_t n;

    if (trace_fp) {
        fputs("\n<<< key: ", trace_fp);
        for (size_t i = 0; i < k->len; i++)
            fprintf(trace_fp, (unsigned char)k->bytes[i] < 0x20 ? "^%c" : "%c",
                    (unsigned char)k->bytes[i] < 0x20 ? k->bytes[i] + 64 : k->bytes[i]);
        fputs(" >>>\n", trace_fp);
    }
    t0 = now_ms();
    if (write(c->fd, k->bytes, k->len) != (ssize_t)k->len) {
        perror("ptybench: write");
        exit(1);
    }
    n = drain(c, quiet_ms, &last, &frame);
    *ms = n ? last - t0 : -1;
    *shown = n ? frame - t0 : -1;
    *cpu = cpu_ms(c->pid) - cpu0;
    return n;
}

struct run_result {
    double first_paint_ms, first_paint_bytes, idle_cpu_ms, idle_bytes, hangup_ms, rss_kib;
    bool hung;
};

static void run_once(char **argv, const struct winsize *ws, double idle_ms,
                     struct run_result *r)
{
    struct child c = {0};
    bool probe_ok[MAX_PROBES] = {false};
    char probe_name[MAX_PROBES][48];
    int nprobes = 0;
    double t0, last = -1, cpu0, t_close;
    struct rusage ru;
    int status;

    memset(r, 0, sizeof *r);
    t0 = now_ms();
    c.pid = forkpty(&c.fd, NULL, NULL, ws);
    if (c.pid < 0) {
        perror("ptybench: forkpty");
        exit(1);
    }
    if (c.pid == 0) {
        execvp(argv[0], argv);
        perror(argv[0]);
        _exit(127);
    }
    /* First paint: the first burst; a longer quiet period, since the
     * program may pause between setting up the terminal and drawing. */
    r->first_paint_bytes = (double)drain(&c, quiet_ms * 4, &last, NULL);
    r->first_paint_ms = last - t0;

    for (int i = 0; i < nsteps && !c.eof; i++) {
        struct step *s = &steps[i];
        bool runnable = true;

        if (s->needs[0]) {
            runnable = false;
            for (int p = 0; p < nprobes; p++)
                if (strcmp(probe_name[p], s->needs) == 0)
                    runnable = probe_ok[p];
        }
        if (!runnable) {
            s->skipped = true;
            continue;
        }
        if (s->is_probe) {
            c.capture = true;
            c.out_len = 0;
        }
        for (int t = 0; t < s->times; t++)
            for (int k = 0; k < s->nkeys; k++) {
                double ms, shown, cpu;
                size_t n = send_key(&c, &s->keys[k], &ms, &shown, &cpu);
                if (!s->keys[k].measured || !s->label[0] || s->is_probe)
                    continue;
                if (ms < 0) {
                    s->no_output++;
                    continue;
                }
                sample_add(&s->ms, ms);
                sample_add(&s->shown, shown);
                sample_add(&s->bytes, (double)n);
                sample_add(&s->cpu, cpu);
            }
        if (s->is_probe) {
            c.capture = false;
            if (nprobes < MAX_PROBES) {
                snprintf(probe_name[nprobes], sizeof probe_name[nprobes], "%s", s->label);
                probe_ok[nprobes++] = !(c.out && strstr(c.out, s->absent));
            }
        }
    }

    /* Idle: nothing typed, nothing should happen. */
    cpu0 = cpu_ms(c.pid);
    r->idle_bytes = (double)drain(&c, idle_ms, &last, NULL);
    r->idle_cpu_ms = cpu_ms(c.pid) - cpu0;

    /* Hangup: the connection drops. */
    t_close = now_ms();
    close(c.fd);
    for (;;) {
        pid_t w = wait4(c.pid, &status, WNOHANG, &ru);
        if (w == c.pid)
            break;
        if (now_ms() - t_close > 5000) {
            r->hung = true;
            kill(c.pid, SIGKILL);
            wait4(c.pid, &status, 0, &ru);
            break;
        }
        usleep(100);
    }
    r->hangup_ms = now_ms() - t_close;
    r->rss_kib = (double)ru.ru_maxrss;
    free(c.out);
}

/* A number, or "-" when there is none. */
static const char *num(char *buf, size_t size, struct samples *s, double q, int decimals)
{
    if (!s || s->n == 0)
        return "-";
    snprintf(buf, size, "%.*f", decimals, quantile(s, q));
    return buf;
}

static void row(const char *metric, struct samples *ms, struct samples *bytes,
                struct samples *cpu, const char *note)
{
    char a[32], b[32], c[32], d[32], mean[32] = "-";
    double sum = 0;

    if (bytes && bytes->n) {
        for (size_t i = 0; i < bytes->n; i++)
            sum += bytes->v[i];
        snprintf(mean, sizeof mean, "%.0f", sum / (double)bytes->n);
    }
    printf("%s\t%zu\t%s\t%s\t%s\t%s\t%s\t%s\n", metric, ms->n, num(a, sizeof a, ms, 0.5, 3),
           num(b, sizeof b, ms, 0.9, 3), num(c, sizeof c, bytes, 0.5, 0),
           num(d, sizeof d, cpu, 0.5, 3), note, mean);
}

static void usage(void)
{
    fprintf(stderr, "usage: ptybench [--size COLSxROWS] [--term TERM] [--quiet MS] [--runs N]\n"
                    "                [--scenario FILE] [--idle MS] -- PROGRAM [ARGS...]\n");
    exit(2);
}

int main(int argc, char **argv)
{
    struct winsize ws = {.ws_col = 80, .ws_row = 24};
    const char *term = getenv("TERM"), *scenario = NULL;
    double idle_ms = 2000;
    int runs = 5, i, err;
    struct samples fp_ms = {0}, fp_bytes = {0}, idle_cpu = {0}, idle_bytes = {0}, hup = {0},
                   rss = {0};
    int hung = 0;

    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        }
        if (i + 1 >= argc)
            usage();
        if (strcmp(argv[i], "--size") == 0) {
            unsigned cols, rows;
            if (sscanf(argv[++i], "%ux%u", &cols, &rows) != 2)
                usage();
            ws.ws_col = (unsigned short)cols;
            ws.ws_row = (unsigned short)rows;
        } else if (strcmp(argv[i], "--term") == 0) {
            term = argv[++i];
        } else if (strcmp(argv[i], "--quiet") == 0) {
            quiet_ms = atof(argv[++i]);
        } else if (strcmp(argv[i], "--runs") == 0) {
            runs = atoi(argv[++i]);
        } else if (strcmp(argv[i], "--scenario") == 0) {
            scenario = argv[++i];
        } else if (strcmp(argv[i], "--idle") == 0) {
            idle_ms = atof(argv[++i]);
        } else {
            usage();
        }
    }
    if (i >= argc || runs < 1)
        usage();
    if (!term)
        term = "xterm-256color";
    setenv("TERM", term, 1);
    unsetenv("COLUMNS");
    unsetenv("LINES");
    if (setupterm(term, -1, &err) != OK) {
        fprintf(stderr, "ptybench: no terminfo entry for %s\n", term);
        return 2;
    }
    if (scenario)
        load_scenario(scenario);
    if (getenv("PTYBENCH_TRACE") && !(trace_fp = fopen(getenv("PTYBENCH_TRACE"), "w")))
        perror(getenv("PTYBENCH_TRACE"));

    for (int r = 0; r < runs; r++) {
        struct run_result res;
        run_once(argv + i, &ws, idle_ms, &res);
        sample_add(&fp_ms, res.first_paint_ms);
        sample_add(&fp_bytes, res.first_paint_bytes);
        sample_add(&idle_cpu, res.idle_cpu_ms);
        sample_add(&idle_bytes, res.idle_bytes);
        sample_add(&hup, res.hangup_ms);
        sample_add(&rss, res.rss_kib);
        hung += res.hung;
    }

    printf("# %d runs at %ux%u TERM=%s, quiet period %.0f ms (first paint %.0f ms)\n", runs,
           ws.ws_col, ws.ws_row, term, quiet_ms, quiet_ms * 4);
    printf("metric\tn\tms_median\tms_p90\tbytes_median\tcpu_ms_median\tnote\tbytes_mean\n");
    row("first_paint", &fp_ms, &fp_bytes, NULL, "");
    for (int s = 0; s < nsteps; s++) {
        struct step *st = &steps[s];
        char note[96] = "";
        if (!st->label[0] || st->is_probe)
            continue;
        if (st->skipped && st->ms.n == 0)
            snprintf(note, sizeof note, "n/a (%s not built)", st->needs);
        else if (st->no_output)
            snprintf(note, sizeof note, "%d key(s) gave no output", st->no_output);
        row(st->label, &st->ms, &st->bytes, &st->cpu, note);
        {
            char shown[64];
            snprintf(shown, sizeof shown, "%s:shown", st->label);
            row(shown, &st->shown, NULL, NULL, note);
        }
    }
    {
        double med = quantile(&idle_cpu, 0.5);
        char note[64];
        snprintf(note, sizeof note, "over %.0f ms; %.0f bytes written", idle_ms,
                 quantile(&idle_bytes, 0.5));
        /* Idle CPU is reported in the ms columns, peak RSS (KiB) too. */
        printf("idle_cpu\t%zu\t%.3f\t%.3f\t-\t-\t%s\n", idle_cpu.n, med,
               quantile(&idle_cpu, 0.9), note);
        row("hangup_exit", &hup, NULL, NULL, hung ? "did not exit in 5 s (killed)" : "");
        printf("peak_rss_kib\t%zu\t%.0f\t%.0f\t-\t-\tKiB, not ms\n", rss.n,
               quantile(&rss, 0.5), quantile(&rss, 0.9));
    }
    free(fp_ms.v);
    free(fp_bytes.v);
    free(idle_cpu.v);
    free(idle_bytes.v);
    free(hup.v);
    free(rss.v);
    for (int s = 0; s < nsteps; s++) {
        free(steps[s].ms.v);
        free(steps[s].bytes.v);
        free(steps[s].cpu.v);
        free(steps[s].shown.v);
    }
    if (trace_fp)
        fclose(trace_fp);
    return 0;
}
