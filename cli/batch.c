#include "autoconfig.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "batch.h"
#include "db.h"
#include "import.h"
#include "kwic.h"
#include "model.h"
#include "session.h"
#include "text.h"
#include "userstate.h"
#include "vocab.h"
#include "when.h"
#include "writer.h"

enum out_format { OUT_TEXT, OUT_CSV, OUT_JSONL, OUT_MD };

/* Options shared by the listing commands. */
enum {
    OPT_FORMAT = 256, OPT_FROM, OPT_TO, OPT_LANG, OPT_TAG, OPT_PLATFORM, OPT_SEARCH, OPT_LIMIT,
    OPT_SORT, OPT_KIND, OPT_WHAT, OPT_SKIP_BAD, OPT_TOP, OPT_STARRED, OPT_PROVENANCE,
    OPT_ASSUME_ZONE, OPT_POST, OPT_BY
};

/* ---- option values ------------------------------------------------------------- */

static int parse_format(struct cli_context *ctx, const char *cmd, const char *arg,
                        enum out_format *out)
{
    static const char *const names[] = {"text", "csv", "jsonl", "md"};

    for (int i = 0; i < 4; i++)
        if (strcmp(arg, names[i]) == 0) {
            *out = (enum out_format)i;
            return RF_EXIT_OK;
        }
    return cli_usage_error(ctx, "%s: --format: expected text, csv, jsonl or md, got '%s'", cmd,
                           arg);
}

/* The reader's zone: --tz, else [ui] timezone of the settings files, into
 * ctx->config.ui.timezone. Returns RF_EXIT_OK or an exit status after
 * printing why. */
static int reader_zone(struct cli_context *ctx)
{
    return cli_load_config(ctx, false);
}

/* --from / --to: a period or an instant, by when_parse_bound()'s rules (a
 * day, month or year given to --to is included), days beginning in the
 * reader's zone; NULL when the option was not given. Called once the
 * options are read, when the zone is known whatever their order. */
static int parse_bound(struct cli_context *ctx, const char *cmd, const char *opt,
                       const char *arg, bool is_to, bool *has, int64_t *out)
{
    struct rf_error why = {{0}};

    if (!arg)
        return RF_EXIT_OK;
    *has = true;
    if (when_parse_bound(arg, is_to, ctx->config.ui.timezone, out, &why) != 0)
        return cli_usage_error(ctx, "%s: %s: %s (got '%s')", cmd, opt, why.msg, arg);
    return RF_EXIT_OK;
}

/* A whole number from 0 to max. */
static int parse_number(struct cli_context *ctx, const char *cmd, const char *opt,
                        const char *arg, long max, long *out)
{
    char *end;

    errno = 0;
    *out = strtol(arg, &end, 10);
    if (end == arg || *end || errno || *out < 0 || *out > max)
        return cli_usage_error(ctx, "%s: %s: expected a number from 0 to %ld, got '%s'", cmd,
                               opt, max, arg);
    return RF_EXIT_OK;
}

/* The most rows --top lists: each is gathered in memory at once. */
#define TOP_MAX 1000

/* The date ts falls on in zone. */
static void format_day(char *buf, size_t size, int64_t ts, struct when_zone zone)
{
    when_format(buf, size, ts, zone, WHEN_DATE);
}

/* A writer of a data format to standard output, which it defuses when
 * standard output is a terminal. */
static void data_writer(struct writer *w, enum out_format format)
{
    writer_init(w, stdout, format == OUT_CSV ? WRITER_CSV : WRITER_JSONL, isatty(STDOUT_FILENO));
}

/* ---- plain text through the text layer ------------------------------------------ */

static int out_width(void)
{
    struct winsize ws;
    const char *cols = getenv("COLUMNS");

    if (cols && atoi(cols) >= 20)
        return atoi(cols);
    if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
        return ws.ws_col;
    return 100;
}

/* ---- refuge import ------------------------------------------------------------------ */

/* A progress bar is worth it on a terminal for inputs from 4 MiB (for a
 * pipe, once that much has been read). */
#define PROGRESS_MIN_BYTES (4u << 20)

struct progress {
    bool on;
    uint64_t total;
};

static void report_bad(void *data, const char *message)
{
    cli_warn(data, "%s", message);
}

/* A note on a file that is no error. */
static void report_note(void *data, const char *message)
{
    cli_warn(data, "%s", message);
}

/* One file's summary: what it was read as and what it gave. */
static void file_done(void *data, const struct import_file_summary *sum)
{
    char *name = text_sanitize(sum->file, strlen(sum->file), 0);
    struct progress *p = data;

    if (p->on)
        fputs("\r\033[K", stderr);
    printf("%s: %s, %lld records: %lld posts new, %lld updated; %lld comments new, %lld "
           "updated; %lld unchanged; %lld skipped",
           name ? name : "?", sum->format, (long long)sum->records, (long long)sum->posts_new,
           (long long)sum->posts_updated, (long long)sum->comments_new,
           (long long)sum->comments_updated, (long long)sum->unchanged,
           (long long)sum->skipped);
    for (int i = 0; i < sum->nreasons; i++)
        printf("%s%s: %lld", i ? ", " : " (", sum->reasons[i].reason,
               (long long)sum->reasons[i].n);
    printf("%s", sum->nreasons ? ")" : "");
    if (sum->zone[0])
        printf("; zoneless local times read in %s", sum->zone);
    putchar('\n');
    free(name);
}

static void show_progress(void *data, const char *name, uint64_t bytes)
{
    struct progress *p = data;
    int pct = p->total ? (int)(bytes * 100 / p->total) : 0;
    char bar[31], *clean, *shown;

    if (!p->on || (!p->total && bytes < PROGRESS_MIN_BYTES))
        return;
    /* A file name is shown through the text layer, in 30 columns. */
    clean = text_sanitize(name, strlen(name), 0);
    shown = clean ? text_truncate(clean, strlen(clean), 30) : NULL;
    free(clean);
    if (!shown)
        return;
    if (!p->total) { /* a pipe: its size is not known, so count */
        fprintf(stderr, "\rimporting %s %6llu MiB", shown, (unsigned long long)(bytes >> 20));
    } else {
        if (pct > 100)
            pct = 100;
        memset(bar, '#', (size_t)(pct * 30 / 100));
        memset(bar + pct * 30 / 100, ' ', (size_t)(30 - pct * 30 / 100));
        bar[30] = '\0';
        fprintf(stderr, "\rimporting %s [%s] %3d%%", shown, bar, pct);
    }
    free(shown);
}

/* The signal that ends an import: it stops at the next record and rolls
 * back, so the user is told nothing was imported. */
static volatile sig_atomic_t import_signal;

static void on_import_signal(int signo)
{
    import_signal = signo;
}

/* Catches (catch) or restores the signals that end an import. */
static void import_signals(bool catch, struct sigaction *saved)
{
    static const int signals[] = {SIGINT, SIGTERM, SIGHUP};
    struct sigaction sa;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_import_signal; /* no SA_RESTART: a blocked read returns */
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++)
        sigaction(signals[i], catch ? &sa : &saved[i], catch ? &saved[i] : NULL);
}

int batch_import(struct cli_context *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {CLI_COMMON_LONGOPTS,
                                              {"format", required_argument, NULL, OPT_FORMAT},
                                              {"skip-bad", no_argument, NULL, OPT_SKIP_BAD},
                                              {"assume-zone", required_argument, NULL,
                                               OPT_ASSUME_ZONE},
                                              {NULL, 0, NULL, 0}};
    struct import_options opts = {.format = IMPORT_AUTO};
    struct import_input *inputs;
    struct import_result res;
    struct progress prog = {0};
    struct session s;
    struct rf_error err = {{0}};
    struct timespec t0, t1;
    struct sigaction saved[3];
    bool unsized = false;
    int opt, status, n;

    while ((opt = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        int common = cli_common_option(ctx, opt, optarg, "import");
        if (common < 0)
            return RF_EXIT_OK;
        if (common > 0)
            continue;
        if (opt == OPT_FORMAT) {
            int f = import_format_from_name(optarg);
            if (f >= 0)
                opts.format = (enum import_format)f;
            else if (import_source_known(optarg))
                opts.source = optarg;
            else
                return cli_usage_error(ctx, "import: --format: expected jsonl, json, csv or a "
                                            "source format of refuge(1), got '%s'",
                                       optarg);
        } else if (opt == OPT_ASSUME_ZONE) {
            struct rf_error why = {{0}};
            opts.has_zone = true;
            if (when_zone_open(optarg, &opts.zone, &why) != 0)
                return cli_usage_error(ctx, "import: --assume-zone: %s", why.msg);
        } else if (opt == OPT_SKIP_BAD)
            opts.skip_bad = true;
        else
            return cli_option_error(ctx, "import", opt, argv);
    }
    n = argc - optind;
    if (n < 1)
        return cli_usage_error(ctx, "import: name a file to import ('-' for standard input)");
    if (!(inputs = calloc((size_t)n, sizeof *inputs)))
        return cli_runtime_error(ctx, "out of memory");
    /* Open every input first: a missing file changes nothing. */
    for (int i = 0; i < n; i++) {
        const char *path = argv[optind + i];
        struct stat st;
        inputs[i].name = strcmp(path, "-") == 0 ? "stdin" : path;
        inputs[i].fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
        if (!inputs[i].fp) {
            status = cli_runtime_error(ctx, "import: cannot open %s: %s", path, strerror(errno));
            for (int k = 0; k < i; k++)
                if (inputs[k].fp != stdin)
                    fclose(inputs[k].fp);
            free(inputs);
            return status;
        }
        if (fstat(fileno(inputs[i].fp), &st) == 0 && S_ISREG(st.st_mode))
            prog.total += (uint64_t)st.st_size;
        else
            unsized = true;
    }
    prog.on = isatty(STDERR_FILENO) && (prog.total >= PROGRESS_MIN_BYTES || unsized);
    if (unsized)
        prog.total = 0;
    opts.report = opts.skip_bad ? report_bad : NULL;
    opts.report_data = ctx;
    opts.warn = report_note;
    opts.warn_data = ctx;
    opts.progress = show_progress;
    opts.progress_data = &prog;
    opts.file_done = file_done;
    opts.file_done_data = &prog;
    opts.stop = &import_signal;
    status = session_open(ctx, &s);
    if (status == RF_EXIT_OK) {
        int rc;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        import_signals(true, saved);
        rc = import_run(s.db, inputs, (size_t)n, &opts, &res, &err);
        import_signals(false, saved);
        if (rc != 0 && import_signal) {
            if (prog.on)
                fputs("\r\033[K", stderr);
            cli_runtime_error(ctx, "%s by a signal; nothing was imported", err.msg);
            status = 128 + import_signal;
        } else if (rc != 0) {
            if (prog.on)
                fputs("\r\033[K", stderr);
            status = cli_runtime_error(
                ctx, "%s; nothing was imported%s", err.msg,
                res.bad && !opts.skip_bad ? " (--skip-bad imports the good records)" : "");
        } else {
            double secs;
            clock_gettime(CLOCK_MONOTONIC, &t1);
            secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
            if (prog.on)
                fputs("\r\033[K", stderr);
            printf("imported %lld posts", (long long)res.posts);
            if (res.comments)
                printf(", %lld comments", (long long)res.comments);
            if (res.events)
                printf(", %lld events", (long long)res.events);
            if (res.figures)
                printf(", %lld figures", (long long)res.figures);
            if (res.unchanged)
                printf(", %lld unchanged", (long long)res.unchanged);
            printf(", %lld skipped, %.1f s\n", (long long)(res.bad + res.skipped), secs);
        }
        session_close(&s);
    }
    for (int i = 0; i < n; i++)
        if (inputs[i].fp != stdin)
            fclose(inputs[i].fp);
    free(inputs);
    return status;
}

int batch_export(struct cli_context *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {CLI_COMMON_LONGOPTS,
                                              {"format", required_argument, NULL, OPT_FORMAT},
                                              {"what", required_argument, NULL, OPT_WHAT},
                                              {NULL, 0, NULL, 0}};
    enum out_format format = OUT_JSONL;
    const char *what = "all";
    struct writer w;
    struct rf_error err = {{0}};
    struct session s;
    int opt, status, rc = 0;

    while ((opt = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        int common = cli_common_option(ctx, opt, optarg, "export");
        if (common < 0)
            return RF_EXIT_OK;
        if (common > 0)
            continue;
        if (opt == OPT_FORMAT) {
            if ((status = parse_format(ctx, "export", optarg, &format)) != RF_EXIT_OK)
                return status;
            if (format != OUT_JSONL && format != OUT_CSV)
                return cli_usage_error(ctx, "export: --format: expected jsonl or csv");
        } else if (opt == OPT_WHAT) {
            what = optarg;
            if (strcmp(what, "all") && strcmp(what, "posts") && strcmp(what, "events") &&
                strcmp(what, "figures") && strcmp(what, "comments"))
                return cli_usage_error(ctx, "export: --what: expected posts, comments, events, "
                                            "figures or all, got '%s'",
                                       what);
        } else
            return cli_option_error(ctx, "export", opt, argv);
    }
    if (optind < argc)
        return cli_usage_error(ctx, "export: unexpected argument '%s'", argv[optind]);
    if (format == OUT_CSV && strcmp(what, "all") == 0)
        return cli_usage_error(ctx, "export: a CSV file holds one kind of record; "
                                    "add --what posts, comments, events or figures");
    if ((status = session_open(ctx, &s)) != RF_EXIT_OK)
        return status;
    data_writer(&w, format);
    if (strcmp(what, "all") == 0 || strcmp(what, "events") == 0)
        rc = writer_export(&w, s.model, WRITER_EVENTS, NULL, &err);
    if (rc == 0 && (strcmp(what, "all") == 0 || strcmp(what, "figures") == 0))
        rc = writer_export(&w, s.model, WRITER_FIGURES, NULL, &err);
    if (rc == 0 && (strcmp(what, "all") == 0 || strcmp(what, "posts") == 0))
        rc = writer_export(&w, s.model, WRITER_POSTS, NULL, &err);
    if (rc == 0 && (strcmp(what, "all") == 0 || strcmp(what, "comments") == 0))
        rc = writer_export(&w, s.model, WRITER_COMMENTS, NULL, &err);
    session_close(&s);
    if (rc != 0)
        return cli_runtime_error(ctx, "export: %s", err.msg);
    if (fflush(stdout) != 0 || ferror(stdout))
        return cli_runtime_error(ctx, "export: cannot write: %s", strerror(errno));
    return RF_EXIT_OK;
}

/* ---- refuge timeline ------------------------------------------------------------------ */

/* An event kind in words ("court ruling", "法院裁决"); the name the cache
 * holds when the kind is unknown. */
static const char *kind_label(unsigned kind, int zh)
{
    int i = vocab_find(vocab_event_kinds, model_kind_name(kind));

    return i < 0 ? model_kind_name(kind) : vocab_event_kind_labels[i][zh];
}

static const char *title_of(const struct model_event *e, const char *lang)
{
    return vocab_is_zh(lang) ? e->title_zh : e->title_en;
}

int batch_timeline(struct cli_context *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {CLI_COMMON_LONGOPTS,
                                              {"format", required_argument, NULL, OPT_FORMAT},
                                              {"kind", required_argument, NULL, OPT_KIND},
                                              {"from", required_argument, NULL, OPT_FROM},
                                              {"to", required_argument, NULL, OPT_TO},
                                              {"lang", required_argument, NULL, OPT_LANG},
                                              {NULL, 0, NULL, 0}};
    struct model_event_filter filter = {0};
    enum out_format format = OUT_TEXT;
    const char *lang = "en", *from = NULL, *to = NULL;
    struct model_cursor at = {0};
    struct model_event_page page;
    struct rf_error err = {{0}};
    struct writer w;
    struct session s;
    int opt, status, width, zh;
    bool more;

    while ((opt = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        int common = cli_common_option(ctx, opt, optarg, "timeline");
        if (common < 0)
            return RF_EXIT_OK;
        if (common > 0)
            continue;
        status = RF_EXIT_OK;
        switch (opt) {
        case OPT_FORMAT:
            status = parse_format(ctx, "timeline", optarg, &format);
            break;
        case OPT_KIND: {
            /* A comma-separated list of kinds. */
            char *list = strdup(optarg), *save = NULL;
            for (char *k = list ? strtok_r(list, ",", &save) : NULL; k;
                 k = strtok_r(NULL, ",", &save)) {
                unsigned bit = model_kind_from_name(k);
                if (!bit) {
                    status = cli_usage_error(ctx, "timeline: --kind: unknown kind '%s'", k);
                    break;
                }
                filter.kinds |= bit;
            }
            free(list);
            break;
        }
        case OPT_FROM:
            from = optarg;
            break;
        case OPT_TO:
            to = optarg;
            break;
        case OPT_LANG:
            lang = optarg;
            if (vocab_find(vocab_langs, lang) < 0)
                status = cli_usage_error(ctx, "timeline: --lang: expected en or zh");
            break;
        default:
            return cli_option_error(ctx, "timeline", opt, argv);
        }
        if (status != RF_EXIT_OK)
            return status;
    }
    if (optind < argc)
        return cli_usage_error(ctx, "timeline: unexpected argument '%s'", argv[optind]);
    if ((status = reader_zone(ctx)) != RF_EXIT_OK ||
        (status = parse_bound(ctx, "timeline", "--from", from, false, &filter.has_from,
                              &filter.from)) != RF_EXIT_OK ||
        (status = parse_bound(ctx, "timeline", "--to", to, true, &filter.has_to, &filter.to)) !=
            RF_EXIT_OK)
        return status;
    if ((status = session_open(ctx, &s)) != RF_EXIT_OK)
        return status;
    if (format == OUT_CSV || format == OUT_JSONL) {
        data_writer(&w, format);
        status = writer_export(&w, s.model, WRITER_EVENTS, &filter, &err) == 0
                     ? RF_EXIT_OK
                     : cli_runtime_error(ctx, "timeline: %s", err.msg);
        session_close(&s);
        return status;
    }
    width = out_width();
    zh = vocab_is_zh(lang);
    if (format == OUT_MD)
        printf(zh ? "| 日期 | 时间 | 类型 | 可信度 | 事件 |\n|---|---|---|---|---|\n"
                  : "| Date | Time | Kind | Confidence | Event |\n|---|---|---|---|---|\n");
    do {
        if (model_events(s.model, &filter, &at, MODEL_FORWARD, 256, &page, &err) != 0) {
            session_close(&s);
            return cli_runtime_error(ctx, "timeline: %s", err.msg);
        }
        for (size_t i = 0; i < page.count; i++) {
            const struct model_event *e = &page.rows[i];
            char when[32] = "";
            if (e->time)
                snprintf(when, sizeof when, "%s %s", e->time, e->tz ? e->tz : "");
            const char *kind = kind_label(e->kind, zh);
            const char *sure = vocab_confidence_labels[vocab_confidence_of(e->confidence)][zh];
            if (format == OUT_MD) {
                fputs("| ", stdout);
                writer_md_text(stdout, e->date, "");
                fputs(" | ", stdout);
                writer_md_text(stdout, when, "");
                printf(" | %s | %s | ", kind, sure);
                writer_md_text(stdout, title_of(e, lang), " ");
                if (e->importance >= 3)
                    printf(zh ? " **（%s）**" : " **(%s)**", vocab_turning_point[zh]);
                fputs(" |\n", stdout);
            } else {
                /* date, time, kind, confidence, then the title fitted to
                 * the rest */
                writer_text_cell(stdout, e->date, 10);
                fputs("  ", stdout);
                writer_text_cell(stdout, when, 9);
                fputs("  ", stdout);
                writer_text_cell(stdout, kind, 15);
                fputs("  ", stdout);
                writer_text_cell(stdout, sure, 6);
                fputs(e->importance >= 3 ? " * " : "   ", stdout);
                writer_text_cell(stdout, title_of(e, lang), width - 50 > 10 ? width - 50 : 10);
                fputc('\n', stdout);
            }
        }
        more = page.more;
        at = page.last;
        model_event_page_free(&page);
    } while (more);
    session_close(&s);
    return RF_EXIT_OK;
}

/* ---- refuge feed and refuge stats: shared filter options ----------------------------- */

struct post_opts {
    struct model_filter filter;
    enum out_format format;
    enum model_sort sort;
    long limit, top;
    enum model_unit by; /* stats: the series' unit */
};

/* A language code as posts carry it: 2 to 15 letters, digits and '-'. */
static bool lang_code(const char *s)
{
    size_t n = strlen(s);

    if (n < 2 || n > 15 || !isalpha((unsigned char)s[0]))
        return false;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '-')
            return false;
    return true;
}

static const struct option post_longopts[] = {
    CLI_COMMON_LONGOPTS,
    {"format", required_argument, NULL, OPT_FORMAT},
    {"from", required_argument, NULL, OPT_FROM},
    {"to", required_argument, NULL, OPT_TO},
    {"lang", required_argument, NULL, OPT_LANG},
    {"tag", required_argument, NULL, OPT_TAG},
    {"platform", required_argument, NULL, OPT_PLATFORM},
    {"search", required_argument, NULL, OPT_SEARCH},
    {"provenance", required_argument, NULL, OPT_PROVENANCE},
    {"starred", no_argument, NULL, OPT_STARRED},
    {"limit", required_argument, NULL, OPT_LIMIT},
    {"sort", required_argument, NULL, OPT_SORT},
    {"top", required_argument, NULL, OPT_TOP},
    {"by", required_argument, NULL, OPT_BY},
    {NULL, 0, NULL, 0}};

/* Parses the filter options; `stats` accepts --top and --by instead of
 * --limit and --sort. Returns RF_EXIT_OK, -1 after --help, or a usage
 * status. */
static int parse_post_opts(struct cli_context *ctx, const char *cmd, bool stats, int argc,
                           char **argv, struct post_opts *o)
{
    const char *from = NULL, *to = NULL;
    int opt, status, unit;

    while ((opt = getopt_long(argc, argv, ":h", post_longopts, NULL)) != -1) {
        int common = cli_common_option(ctx, opt, optarg, cmd);
        if (common < 0)
            return -1;
        if (common > 0)
            continue;
        status = RF_EXIT_OK;
        if ((stats && (opt == OPT_LIMIT || opt == OPT_SORT)) ||
            (!stats && (opt == OPT_TOP || opt == OPT_BY)))
            opt = '?';
        switch (opt) {
        case OPT_FORMAT:
            status = parse_format(ctx, cmd, optarg, &o->format);
            break;
        case OPT_FROM:
            from = optarg;
            break;
        case OPT_TO:
            to = optarg;
            break;
        case OPT_BY:
            if ((unit = model_unit_of(optarg)) >= 0)
                o->by = (enum model_unit)unit;
            else
                status = cli_usage_error(ctx, "%s: --by: expected day, week, hour or weekday, "
                                              "got '%s'",
                                         cmd, optarg);
            break;
        case OPT_LANG:
            /* zh, en, or any other code the collections carry (ja, ko, und). */
            o->filter.lang = optarg;
            if (!lang_code(optarg))
                status = cli_usage_error(ctx, "%s: --lang: expected a language code such as zh, "
                                              "en or ja, got '%s'",
                                         cmd, optarg);
            break;
        case OPT_TAG:
            o->filter.tag = optarg[0] == '#' ? optarg + 1 : optarg;
            break;
        case OPT_PLATFORM:
            o->filter.platform = optarg;
            break;
        case OPT_SEARCH:
            o->filter.search = optarg;
            break;
        case OPT_PROVENANCE:
            o->filter.provenance = optarg;
            if (vocab_find(vocab_provenances, optarg) < 0)
                status = cli_usage_error(ctx, "%s: --provenance: expected quoted, "
                                              "illustrative or imported",
                                         cmd);
            break;
        case OPT_STARRED:
            o->filter.starred_only = true;
            break;
        case OPT_LIMIT:
            status = parse_number(ctx, cmd, "--limit", optarg, LONG_MAX, &o->limit);
            break;
        case OPT_TOP:
            status = parse_number(ctx, cmd, "--top", optarg, TOP_MAX, &o->top);
            break;
        case OPT_SORT:
            if (strcmp(optarg, "time") == 0)
                o->sort = MODEL_SORT_TIME;
            else if (strcmp(optarg, "likes") == 0)
                o->sort = MODEL_SORT_LIKES;
            else
                status = cli_usage_error(ctx, "%s: --sort: expected time or likes", cmd);
            break;
        default:
            return cli_option_error(ctx, cmd, opt, argv);
        }
        if (status != RF_EXIT_OK)
            return status;
    }
    if (optind < argc)
        return cli_usage_error(ctx, "%s: unexpected argument '%s'", cmd, argv[optind]);
    if ((status = reader_zone(ctx)) != RF_EXIT_OK ||
        (status = parse_bound(ctx, cmd, "--from", from, false, &o->filter.has_from,
                              &o->filter.from)) != RF_EXIT_OK ||
        (status = parse_bound(ctx, cmd, "--to", to, true, &o->filter.has_to, &o->filter.to)) !=
            RF_EXIT_OK)
        return status;
    if (o->filter.has_from && o->filter.has_to && o->filter.from >= o->filter.to)
        return cli_usage_error(ctx, "%s: --from must come before --to", cmd);
    return RF_EXIT_OK;
}

/* ---- refuge feed ---------------------------------------------------------------------- */

static void feed_text_row(const struct model_post *p, int width, struct when_zone zone)
{
    char when[48], likes[24];
    struct kwic k;
    int rest;

    writer_post_time(when, sizeof when, p, zone);
    writer_post_likes(likes, sizeof likes, p);
    writer_text_cell(stdout, when, 23);
    fputs("  ", stdout);
    writer_text_cell(stdout, p->lang, 2);
    fputs("  ", stdout);
    writer_text_cell(stdout, p->platform, 11);
    printf("  %*s%s  ", 7 - text_width(likes, strlen(likes)), "", likes);
    writer_text_cell(stdout, p->provenance, 12);
    fputs("  ", stdout);
    writer_text_cell(stdout, p->author, 16);
    fputs("  ", stdout);
    rest = width - (23 + 2 + 2 + 2 + 11 + 2 + 7 + 2 + 12 + 2 + 16 + 2);
    if (rest < 10)
        rest = 10;
    /* A searched post shows why it matched: the text it hit, in context. */
    if (kwic_post(p, rest - 3, &k) == 0 && k.line) {
        printf("%s ", kwic_mark(k.field));
        writer_text_cell(stdout, k.line, rest - 3);
    } else {
        writer_text_cell(stdout, p->text, rest);
    }
    kwic_free(&k);
    fputc('\n', stdout);
}

/* Where a searched post matched, under its Markdown item: which text, and
 * the hit in context, in bold. */
static void feed_md_snippet(const struct model_post *p)
{
    struct kwic k;
    char *before = NULL, *hit = NULL;

    if (kwic_post(p, 72, &k) == 0 && k.line && (before = strndup(k.line, k.hit)) &&
        (hit = strndup(k.line + k.hit, k.hit_len))) {
        static const char *const where[] = {[KWIC_TEXT] = "the original",
                                            [KWIC_TRANSLATION] = "the translation",
                                            [KWIC_TAG] = "a tag", [KWIC_AUTHOR] = "the author"};
        printf("  *Matched in %s:* ", where[k.field]);
        writer_md_text(stdout, before, "");
        if (hit[0]) {
            fputs("**", stdout);
            writer_md_text(stdout, hit, "");
            fputs("**", stdout);
        }
        writer_md_text(stdout, k.line + k.hit + k.hit_len, "");
        fputs("\n\n", stdout);
    }
    free(before);
    free(hit);
    kwic_free(&k);
}

/* One listed post, in the format asked for. */
struct feed_out {
    enum out_format format;
    struct writer *w;
    int width;
    struct when_zone zone; /* the reader's, for text and Markdown */
    long printed;
};

static int feed_row(void *arg, const struct model_post *p)
{
    struct feed_out *o = arg;

    if (o->format == OUT_TEXT)
        feed_text_row(p, o->width, o->zone);
    else if (o->format == OUT_MD) {
        writer_post_md(stdout, p, o->zone);
        feed_md_snippet(p);
    }
    else
        writer_post(o->w, p);
    o->printed++;
    /* A closed pipe (refuge feed | head) ends the listing. */
    return ferror(stdout) ? 1 : 0;
}

int batch_feed(struct cli_context *ctx, int argc, char **argv)
{
    struct post_opts o = {.limit = 20};
    struct writer w;
    struct rf_error err = {{0}};
    struct session s;
    struct feed_out out = {.w = &w, .width = out_width()};
    int status;

    status = parse_post_opts(ctx, "feed", false, argc, argv, &o);
    if (status != RF_EXIT_OK)
        return status < 0 ? RF_EXIT_OK : status;
    if ((status = session_open(ctx, &s)) != RF_EXIT_OK)
        return status;
    data_writer(&w, o.format);
    out.format = o.format;
    out.zone = ctx->config.ui.timezone;
    if (o.format == OUT_CSV)
        writer_header(&w, WRITER_POSTS);
    /* One read, row by row: --limit 0 (everything) needs the memory of a
     * row, and each comes with its tags, source and note. */
    if (model_posts_each(s.model, &o.filter, o.sort, (size_t)o.limit, feed_row, &out, &err) < 0) {
        session_close(&s);
        return cli_runtime_error(ctx, "feed: %s", err.msg);
    }
    session_close(&s);
    if (out.printed == 0 && o.format == OUT_TEXT)
        fprintf(stderr, "%s: feed: no posts match\n", ctx->program);
    return RF_EXIT_OK;
}

static void figures_handout(const struct model_figure_list *list, bool md);

/* ---- refuge stats ------------------------------------------------------------------------ */

static void describe_filter(char *buf, size_t size, const struct model_filter *f,
                            struct when_zone zone)
{
    size_t n = 0;
    char day[40];

    buf[0] = '\0';
#define PART(...) n += (size_t)snprintf(buf + n, n < size ? size - n : 0, __VA_ARGS__)
    if (f->has_from)
        format_day(day, sizeof day, f->from, zone), PART(" from %s", day);
    if (f->has_to)
        format_day(day, sizeof day, f->to - 1, zone), PART(" to %s", day);
#undef PART
    if (!model_filter_label(f, MODEL_LABEL_KEYED, buf, size) && !buf[0])
        snprintf(buf, size, " all posts");
}

/* The totals by provenance, each with what its numbers are, unless every
 * post was imported. */
static void stats_provenance(const struct model_stats *st, bool md)
{
    const struct model_total *t = st->by_provenance;

    if (t[VOCAB_PROVENANCE_IMPORTED].posts == st->posts)
        return;
    if (md)
        printf("\nOf these posts:\n\n| provenance | posts | likes | what the numbers are |\n"
               "|---|---:|---:|---|\n");
    else
        printf("of these posts:\n");
    for (int i = 0; i < VOCAB_PROVENANCE_COUNT; i++) {
        char likes[24];
        if (t[i].posts == 0)
            continue;
        if (i == VOCAB_PROVENANCE_QUOTED)
            snprintf(likes, sizeof likes, "%s", text_ascii() ? "-" : "\xe2\x80\x93");
        else
            snprintf(likes, sizeof likes, "%lld", (long long)t[i].likes);
        printf(md ? "| %s | %lld | %s | %s |\n" : "  %-12s %6lld posts, likes %s (%s)\n",
               vocab_provenance_names[i][0], (long long)t[i].posts, likes,
               vocab_provenance_counts[i][0]);
    }
}

/* What the totals count, after them on their line: "; all imported", or
 * the bundled posts (illustrative or quoted) apart from the imported ones,
 * so the bundle never blends into a researcher's numbers unannounced. */
static void stats_counted(const struct model_stats *st)
{
    int64_t imported = st->by_provenance[VOCAB_PROVENANCE_IMPORTED].posts;

    if (st->posts == 0)
        fputc('\n', stdout);
    else if (imported == st->posts)
        printf("; all imported\n");
    else if (imported == 0)
        printf("; all bundled (illustrative or quoted)\n");
    else
        printf("; %lld bundled (illustrative or quoted) + %lld imported\n",
               (long long)(st->posts - imported), (long long)imported);
}

static const char *const weekday_names[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

/* A slot of the series as its record and row show it: a date (a day, a
 * week's Monday), an hour "00".."23" or a weekday "Mon". */
static void format_slot(char *buf, size_t size, enum model_unit by, int64_t slot)
{
    if (by == MODEL_BY_HOUR)
        snprintf(buf, size, "%02d", (int)slot);
    else if (by == MODEL_BY_WEEKDAY)
        snprintf(buf, size, "%s", weekday_names[slot % 7]);
    else if (slot > -INT64_MAX / WHEN_DAY && slot < INT64_MAX / WHEN_DAY)
        format_day(buf, size, slot * WHEN_DAY, when_utc()); /* a day number of the zone */
    else
        snprintf(buf, size, "----------");
}

/* "posts per hour of the day (Asia/Shanghai)". */
static void series_title(char *buf, size_t size, enum model_unit by, struct when_zone zone)
{
    static const char *const per[MODEL_UNIT_COUNT] = {
        [MODEL_BY_DAY] = "day", [MODEL_BY_WEEK] = "week (from Monday)",
        [MODEL_BY_HOUR] = "hour of the day", [MODEL_BY_WEEKDAY] = "day of the week"};
    char name[80];

    when_zone_name(zone, name, sizeof name);
    snprintf(buf, size, "posts per %s (%s)", per[by], name);
}

static void stats_text(const struct model_stats *st, const char *filter, bool md, int width,
                       enum model_unit by, struct when_zone zone)
{
    char title[160];
    int64_t max = 1;
    int barw = width - 30 > 50 ? 50 : width - 30;

    for (size_t i = 0; i < st->ndays; i++)
        if (st->days[i].posts > max)
            max = st->days[i].posts;
    if (md) {
        printf("## Posts in the cache\n\nComputed from the cache over:");
        writer_md_text(stdout, filter, "");
        printf(".\n\n| posts | Chinese | English | likes |\n|---:|---:|---:|---:|\n"
               "| %lld | %lld | %lld | %lld |\n",
               (long long)st->posts, (long long)st->posts_zh, (long long)st->posts_en,
               (long long)st->likes);
        if (st->posts > 0 && st->by_provenance[VOCAB_PROVENANCE_IMPORTED].posts == st->posts)
            printf("\nAll of these posts were imported.\n");
    } else {
        fputs("computed from the cache over:", stdout);
        writer_text_cell(stdout, filter, -1);
        printf("\nposts %lld (zh %lld, en %lld", (long long)st->posts, (long long)st->posts_zh,
               (long long)st->posts_en);
        /* Languages beyond zh and en (ja, ko, und...) keep their codes. */
        if (st->posts > st->posts_zh + st->posts_en)
            printf(", other languages %lld",
                   (long long)(st->posts - st->posts_zh - st->posts_en));
        printf("), likes %lld", (long long)st->likes);
        stats_counted(st);
    }
    stats_provenance(st, md);
    series_title(title, sizeof title, by, zone);
    if (md)
        printf("\n### P%s\n\n| %s | posts | zh | en |\n|---|---:|---:|---:|\n", title + 1,
               model_unit_name(by));
    else
        printf("\n%s\n", title);
    for (size_t i = 0; i < st->ndays; i++) {
        char day[40];
        const struct model_day *d = &st->days[i];
        format_slot(day, sizeof day, by, d->slot);
        if (md) {
            printf("| %s | %lld | %lld | %lld |\n", day, (long long)d->posts,
                   (long long)d->posts_zh, (long long)d->posts_en);
        } else {
            int n = (int)((d->posts * barw + max - 1) / max);
            printf("  %-10s %6lld ", day, (long long)d->posts);
            for (int k = 0; k < n; k++)
                fputs(text_ascii() ? "#" : "\xe2\x96\x87", stdout);
            fputc('\n', stdout);
        }
    }
    printf(md ? "\n### Top tags\n\n| tag | posts |\n|---|---:|\n" : "\ntop tags\n");
    for (size_t i = 0; i < st->ntags; i++) {
        if (md) {
            fputs("| #", stdout);
            writer_md_text(stdout, st->tags[i].tag, "");
            printf(" | %lld |\n", (long long)st->tags[i].posts);
        } else {
            fputs("  #", stdout);
            writer_text_cell(stdout, st->tags[i].tag, 24);
            printf(" %6lld\n", (long long)st->tags[i].posts);
        }
    }
    printf(md ? "\n### Most liked posts\n\n" : "\nmost liked posts\n");
    for (size_t i = 0; i < st->ntop; i++) {
        const struct model_post *p = &st->top[i];
        if (md) {
            writer_post_md(stdout, p, zone);
        } else {
            printf("  %7lld  ", (long long)p->likes);
            writer_text_cell(stdout, p->author, 16);
            fputs("  ", stdout);
            writer_text_cell(stdout, p->text, width - 29 > 10 ? width - 29 : 10);
            fputc('\n', stdout);
        }
    }
}

int batch_stats(struct cli_context *ctx, int argc, char **argv)
{
    struct post_opts o = {.top = 10};
    struct model_clock clock;
    struct model_stats st;
    struct rf_error err = {{0}};
    struct writer w;
    struct session s;
    char filter[512];
    int status;

    status = parse_post_opts(ctx, "stats", true, argc, argv, &o);
    if (status != RF_EXIT_OK)
        return status < 0 ? RF_EXIT_OK : status;
    if ((status = session_open(ctx, &s)) != RF_EXIT_OK)
        return status;
    clock = (struct model_clock){ctx->config.ui.timezone, o.by};
    if (model_stats(s.model, &o.filter, (size_t)o.top, &clock, &st, &err) != 0) {
        session_close(&s);
        return cli_runtime_error(ctx, "stats: %s", err.msg);
    }
    describe_filter(filter, sizeof filter, &o.filter, clock.zone);
    if (o.format == OUT_TEXT || o.format == OUT_MD) {
        struct model_figure_list figures;
        stats_text(&st, filter, o.format == OUT_MD, out_width(), o.by, clock.zone);
        /* A handout of the computed numbers carries the reported ones too,
         * each with its sources. */
        if (o.format == OUT_MD && model_figures(s.model, NULL, &figures, &err) == 0) {
            fputc('\n', stdout);
            figures_handout(&figures, true);
            model_figure_list_free(&figures);
        }
    } else {
        /* Data formats: one record per slot (day, week, hour, weekday) of
         * the reader's zone. */
        data_writer(&w, o.format);
        if (o.format == OUT_CSV)
            printf("%s,posts,posts_zh,posts_en,likes\r\n", model_unit_name(o.by));
        for (size_t i = 0; i < st.ndays; i++) {
            char day[40];
            format_slot(day, sizeof day, o.by, st.days[i].slot);
            writer_begin(&w);
            if (o.by == MODEL_BY_HOUR)
                writer_int(&w, "hour", st.days[i].slot);
            else
                writer_str(&w, model_unit_name(o.by), day);
            writer_int(&w, "posts", st.days[i].posts);
            writer_int(&w, "posts_zh", st.days[i].posts_zh);
            writer_int(&w, "posts_en", st.days[i].posts_en);
            writer_int(&w, "likes", st.days[i].likes);
            writer_end(&w);
        }
    }
    model_stats_free(&st);
    session_close(&s);
    return RF_EXIT_OK;
}

/* ---- refuge comments ---------------------------------------------------------------- */

struct comment_out {
    struct writer w;
    enum out_format format;
    int width;
    struct when_zone zone; /* the reader's, for text and Markdown */
};

static bool print_comment(void *data, const struct model_comment *c)
{
    struct comment_out *o = data;
    char when[48], likes[32], zone[80];
    int indent = c->depth > 8 ? 16 : c->depth * 2;

    if (o->format == OUT_CSV || o->format == OUT_JSONL) {
        writer_comment(&o->w, c);
        return true;
    }
    when_format(when, sizeof when, c->ts_utc, o->zone, WHEN_DATE_TIME);
    if (!c->has_likes)
        snprintf(likes, sizeof likes, "likes ?");
    else
        snprintf(likes, sizeof likes, "likes %s%lld", c->likes_at_least ? ">=" : "",
                 (long long)c->likes);
    if (o->format == OUT_MD) {
        printf("%*s- **", indent, "");
        writer_md_text(stdout, c->author ? c->author : "?", "");
        when_zone_name(o->zone, zone, sizeof zone);
        printf("** (%s %s, %s): ", when, zone, likes);
        writer_md_text(stdout, c->text, " ");
        putchar('\n');
        return true;
    }
    printf("%*s", indent, "");
    writer_text_cell(stdout, c->author ? c->author : "?", 24);
    printf("  %s  %s  ", when, likes);
    writer_text_cell(stdout, c->platform, -1);
    putchar(':');
    writer_text_cell(stdout, c->ext_id, -1);
    printf("\n%*s  ", indent, "");
    writer_text_cell(stdout, c->text, o->width - indent - 2 > 20 ? o->width - indent - 2 : 20);
    putchar('\n');
    return true;
}

int batch_comments(struct cli_context *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {CLI_COMMON_LONGOPTS,
                                              {"format", required_argument, NULL, OPT_FORMAT},
                                              {"post", required_argument, NULL, OPT_POST},
                                              {NULL, 0, NULL, 0}};
    struct comment_out o = {.format = OUT_TEXT};
    char platform[64] = "";
    const char *post = NULL;
    struct rf_error err = {{0}};
    struct session s;
    int opt, status, rc;

    while ((opt = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        int common = cli_common_option(ctx, opt, optarg, "comments");
        if (common < 0)
            return RF_EXIT_OK;
        if (common > 0)
            continue;
        if (opt == OPT_FORMAT) {
            if ((status = parse_format(ctx, "comments", optarg, &o.format)) != RF_EXIT_OK)
                return status;
        } else if (opt == OPT_POST) {
            const char *colon = strchr(optarg, ':');
            if (!colon || colon == optarg || !colon[1] ||
                (size_t)(colon - optarg) >= sizeof platform)
                return cli_usage_error(ctx, "comments: --post: expected PLATFORM:ID, got '%s'",
                                       optarg);
            snprintf(platform, sizeof platform, "%.*s", (int)(colon - optarg), optarg);
            post = colon + 1;
        } else
            return cli_option_error(ctx, "comments", opt, argv);
    }
    if (optind < argc)
        return cli_usage_error(ctx, "comments: unexpected argument '%s'", argv[optind]);
    if ((status = reader_zone(ctx)) != RF_EXIT_OK || (status = session_open(ctx, &s)) != RF_EXIT_OK)
        return status;
    o.width = out_width();
    o.zone = ctx->config.ui.timezone;
    if (o.format == OUT_CSV || o.format == OUT_JSONL) {
        data_writer(&o.w, o.format);
        writer_header(&o.w, WRITER_COMMENTS);
    }
    rc = model_comments(s.model, post ? platform : NULL, post, print_comment, &o, &err);
    session_close(&s);
    if (rc != 0)
        return cli_runtime_error(ctx, "comments: %s", err.msg);
    return RF_EXIT_OK;
}

/* ---- refuge figures ------------------------------------------------------------------- */

/* "over 114000 posts": the value as reported, with its qualifier and unit. */
static void figure_value_text(char *buf, size_t size, const struct model_figure *f)
{
    char num[40], unit[64];

    snprintf(num, sizeof num, "%.15g", f->value);
    snprintf(unit, sizeof unit, "%s", f->unit ? f->unit : "");
    for (char *c = unit; *c; c++)
        if (*c == '-')
            *c = ' ';
    if (f->unit && strcmp(f->unit, "usd") == 0)
        snprintf(buf, size, "%s%s$%s", f->qualifier ? f->qualifier : "", f->qualifier ? " " : "",
                 num);
    else if (f->unit && strcmp(f->unit, "percent") == 0)
        snprintf(buf, size, "%s%s%s%%", f->qualifier ? f->qualifier : "", f->qualifier ? " " : "",
                 num);
    else
        snprintf(buf, size, "%s%s%s%s%s", f->qualifier ? f->qualifier : "",
                 f->qualifier ? " " : "", num, unit[0] ? " " : "", unit);
}

/* "2025-01-14T18:00 BJT (UTC+08:00)", or the date alone. */
static void figure_as_of(char *buf, size_t size, const struct model_figure *f)
{
    char off[16] = "";

    if (f->has_offset)
        when_format_offset(off, sizeof off, f->utc_offset);
    snprintf(buf, size, "%s%s%s%s%s%s", f->as_of ? f->as_of : "", f->tz ? " " : "",
             f->tz ? f->tz : "", off[0] ? " (UTC" : "", off, off[0] ? ")" : "");
}

/* The reported figures with every source, for a handout: Markdown (md) or
 * plain text, by date. Every string from the data passes the text layer. */
static void figures_handout(const struct model_figure_list *list, bool md)
{
    char day[16] = "";

    if (md)
        printf("## Reported figures, with their sources\n\n"
               "Reported by the sources named under each figure, not computed by refuge. "
               "Confidence *low* marks a figure the sources do not settle: do not present it "
               "as settled.\n");
    else
        printf("reported figures, with their sources (reported, not computed; confidence low: "
               "the sources do not settle it)\n");
    for (size_t i = 0; i < list->count; i++) {
        const struct model_figure *f = &list->rows[i];
        char value[160], when[96];
        size_t dlen = f->as_of ? strcspn(f->as_of, "T") : 0;

        if (dlen > sizeof day - 1)
            dlen = sizeof day - 1;
        if (strlen(day) != dlen || strncmp(day, f->as_of, dlen) != 0) {
            snprintf(day, sizeof day, "%.*s", (int)dlen, f->as_of);
            printf(md ? "\n### %s\n\n" : "\n%s\n", day);
        }
        figure_value_text(value, sizeof value, f);
        figure_as_of(when, sizeof when, f);
        if (md) {
            fputs("- **", stdout);
            writer_md_text(stdout, f->label_en, "");
            fputs("**: ", stdout);
            writer_md_text(stdout, value, "");
            fputs(" — as of ", stdout);
            writer_md_text(stdout, when, "");
            printf(" · confidence: %s\n", f->confidence ? f->confidence : "medium");
        } else {
            fputs("  ", stdout);
            writer_text_cell(stdout, f->label_en, -1);
            fputs(": ", stdout);
            writer_text_cell(stdout, value, -1);
            fputs("\n    as of ", stdout);
            writer_text_cell(stdout, when, -1);
            printf(" · confidence: %s\n", f->confidence ? f->confidence : "medium");
        }
        if (f->nsources == 0)
            printf(md ? "  - no source given\n" : "    no source given\n");
        for (size_t k = 0; k < f->nsources; k++) {
            const struct model_source *src = &f->sources[k];
            char line[1024];
            snprintf(line, sizeof line, "%s%s%s%s%s%s%s", src->publisher,
                     src->title ? ", \xe2\x80\x9c" : "", src->title ? src->title : "",
                     src->title ? "\xe2\x80\x9d" : "", src->published ? ", " : "",
                     src->published ? src->published : "", "");
            fputs(md ? "  - Source: " : "    source: ", stdout);
            if (md)
                writer_md_text(stdout, line, "");
            else
                writer_text_cell(stdout, line, -1);
            if (src->url) {
                fputs(md ? " <" : "\n      ", stdout);
                writer_text_cell(stdout, src->url, -1);
                fputs(md ? ">" : "", stdout);
            }
            fputc('\n', stdout);
        }
        if (f->notes && f->notes[0]) {
            fputs(md ? "  - Notes: " : "    notes: ", stdout);
            if (md)
                writer_md_text(stdout, f->notes, "    ");
            else
                writer_text_cell(stdout, f->notes, -1);
            fputc('\n', stdout);
        }
    }
}

int batch_figures(struct cli_context *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {CLI_COMMON_LONGOPTS,
                                              {"format", required_argument, NULL, OPT_FORMAT},
                                              {NULL, 0, NULL, 0}};
    enum out_format format = OUT_TEXT;
    struct model_figure_list list;
    struct rf_error err = {{0}};
    struct writer w;
    struct session s;
    int opt, status;

    while ((opt = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        int common = cli_common_option(ctx, opt, optarg, "figures");
        if (common < 0)
            return RF_EXIT_OK;
        if (common > 0)
            continue;
        if (opt != OPT_FORMAT)
            return cli_option_error(ctx, "figures", opt, argv);
        if ((status = parse_format(ctx, "figures", optarg, &format)) != RF_EXIT_OK)
            return status;
    }
    if (optind < argc)
        return cli_usage_error(ctx, "figures: unexpected argument '%s'", argv[optind]);
    if ((status = session_open(ctx, &s)) != RF_EXIT_OK)
        return status;
    if (model_figures(s.model, NULL, &list, &err) != 0) {
        session_close(&s);
        return cli_runtime_error(ctx, "figures: %s", err.msg);
    }
    if (format == OUT_CSV || format == OUT_JSONL) {
        data_writer(&w, format);
        writer_header(&w, WRITER_FIGURES);
        for (size_t i = 0; i < list.count; i++)
            writer_figure(&w, &list.rows[i]);
    } else
        figures_handout(&list, format == OUT_MD);
    model_figure_list_free(&list);
    session_close(&s);
    return RF_EXIT_OK;
}

/* ---- refuge check ------------------------------------------------------------------------ */

int batch_check(struct cli_context *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {CLI_COMMON_LONGOPTS, {NULL, 0, NULL, 0}};
    struct db_report rep;
    struct rf_error err = {{0}};
    struct session s;
    int64_t starred = 0, read = 0;
    char state_file[4096];
    int opt, status;
    bool good;

    while ((opt = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        int common = cli_common_option(ctx, opt, optarg, "check");
        if (common < 0)
            return RF_EXIT_OK;
        if (common == 0)
            return cli_option_error(ctx, "check", opt, argv);
    }
    if (optind < argc)
        return cli_usage_error(ctx, "check: unexpected argument '%s'", argv[optind]);
    if ((status = session_open(ctx, &s)) != RF_EXIT_OK)
        return status;
    if (db_check(s.db, &rep, &err) != 0 || userstate_count(s.db, &starred, &read, &err) != 0) {
        char path[4096];
        snprintf(path, sizeof path, "%s", db_path(s.db));
        session_close(&s);
        return cli_runtime_error(ctx,
                                 "check: %s: %s; 'refuge --rebuild' moves it aside (keeping "
                                 "it) and starts a new cache",
                                 path, err.msg);
    }
    fputs("cache: ", stdout);
    writer_text_cell(stdout, db_path(s.db), -1);
    printf("\nschema version: %d (this refuge writes %d)\nintegrity: %s\n", rep.schema_version,
           DB_SCHEMA_VERSION, rep.integrity);
    printf("posts: %lld\n  in the search index: %lld\n  in the per-day table: %lld\n"
           "  in the per-quarter-hour table: %lld\n"
           "comments: %lld\n  in the search index: %lld\n  in the per-day table: %lld\n"
           "authors: %lld\n"
           "tags: %lld\nevents: %lld\nfigures: %lld\nsources: %lld\nstarred: %lld\nread: %lld\n"
           "bundled dataset: %s\n",
           (long long)rep.posts, (long long)rep.fts_rows, (long long)rep.daily_posts,
           (long long)rep.quarter_posts, (long long)rep.comments, (long long)rep.comment_fts_rows,
           (long long)rep.daily_comments, (long long)rep.authors, (long long)rep.tags,
           (long long)rep.events, (long long)rep.figures,
           (long long)rep.sources, (long long)starred, (long long)read,
           rep.bundle_left_out ? "left out (kept without it)"
           : rep.bundle_hash[0] ? rep.bundle_hash
                                : "not loaded");
    userstate_file(s.db, state_file, sizeof state_file);
    if (state_file[0]) {
        fputs("your stars and read marks: ", stdout);
        writer_text_cell(stdout, state_file, -1);
        putchar('\n');
    }
    session_close(&s);
    good = strcmp(rep.integrity, "ok") == 0 && rep.fts_rows == rep.posts &&
           rep.daily_posts == rep.posts && rep.quarter_posts == rep.posts &&
           rep.comment_fts_rows == rep.comments &&
           rep.daily_comments == rep.comments && rep.schema_version == DB_SCHEMA_VERSION;
    if (!good)
        return cli_runtime_error(ctx, "check: the cache has problems (see above); "
                                      "'refuge --rebuild' moves it aside (keeping it) and "
                                      "starts a new cache");
    return RF_EXIT_OK;
}
