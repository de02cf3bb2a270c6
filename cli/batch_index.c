/* batch_index.c — refuge index, and the progress an import shows of its two
 * phases (the rows, then the search index). */

#include "autoconfig.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "batch.h"
#include "batch_internal.h"
#include "i18n.h"
#include "import.h"
#include "plural.h"
#include "session.h"
#include "text.h"

/* ---- progress ------------------------------------------------------------------------ */

#define BAR_WIDTH 30

void batch_progress_clear(struct progress *p)
{
    if (p->drawn)
        fputs("\r\033[K", stderr);
    p->drawn = false;
}

/* "LABEL [#####     ]  63%" in place on a terminal, or "refuge: LABEL: 50%"
 * once a quarter (phase is 0 for the rows, 1 for the index). */
static void show(struct progress *p, int phase, const char *label, int pct)
{
    char bar[BAR_WIDTH + 1];
    int fill;

    if (pct < 0)
        pct = 0;
    if (pct > 100)
        pct = 100;
    if (!p->tty) {
        int quarter = phase * 5 + pct / 25;
        if (quarter == p->quarter)
            return;
        p->quarter = quarter;
        /* TRANSLATORS: a progress line where stderr is no terminal:
           "refuge: search index: 75%". */
        fprintf(stderr, _("%s: %s: %d%%\n"), PACKAGE, label, pct / 25 * 25);
        return;
    }
    fill = pct * BAR_WIDTH / 100;
    memset(bar, '#', (size_t)fill);
    memset(bar + fill, ' ', (size_t)(BAR_WIDTH - fill));
    bar[BAR_WIDTH] = '\0';
    fprintf(stderr, "\r%s [%s] %3d%%", label, bar, pct);
    p->drawn = true;
}

void batch_progress_rows(void *data, const char *name, uint64_t bytes)
{
    struct progress *p = data;
    char *clean, *shown, label[4200];

    if (!p->on)
        return;
    /* A file name is shown through the text layer, on a terminal in 30
     * columns. */
    clean = text_sanitize(name, strlen(name), 0);
    shown = clean ? text_truncate(clean, strlen(clean), 30) : NULL;
    if (!shown) {
        free(clean);
        return;
    }
    if (!p->tty && p->total) {
        /* A plain line has room for the whole name (defused). */
        snprintf(label, sizeof label, _("importing %s"), clean);
        show(p, 0, label, (int)(bytes * 100 / p->total));
    } else if (!p->total) { /* a pipe: its size is not known, so count */
        if (p->tty) {
            fputc('\r', stderr);
            fprintf(stderr, _("importing %s %6llu MiB"), shown, (unsigned long long)(bytes >> 20));
            p->drawn = true;
        }
    } else {
        snprintf(label, sizeof label, _("importing %s"), shown);
        show(p, 0, label, (int)(bytes * 100 / p->total));
    }
    free(shown);
    free(clean);
}

void batch_progress_index(void *data, int64_t done, int64_t total)
{
    struct progress *p = data;

    /* Worth a bar from two steps on. */
    if (p->on || total > 2 * IMPORT_INDEX_STEP)
        show(p, 1, _("search index"), total ? (int)(done * 100 / total) : 100);
}

void batch_index_report(struct cli_context *ctx, int64_t waiting, const char *why)
{
    if (waiting <= 0 && !why[0])
        return;
    if (why[0])
        cli_warn(ctx, _("search index: %s"), why);
    cli_warn(ctx,
             plural(waiting,
                    "search index: %lld row not indexed yet; searches scan it meanwhile, and "
                    "'refuge index' (or the next import) finishes it",
                    "search index: %lld rows not indexed yet; searches scan them meanwhile, and "
                    "'refuge index' (or the next import) finishes it"),
             (long long)waiting);
}

void batch_index_note(struct cli_context *ctx, struct model *m, const struct model_filter *f)
{
    int pct;

    if (f->search && f->search[0] && model_index_building(m, &pct))
        cli_warn(ctx,
                 _("search index: %d%% built; the posts not in it yet were searched by a scan"),
                 pct);
}

/* ---- refuge index ---------------------------------------------------------------------- */

static volatile sig_atomic_t index_signal;

static void on_index_signal(int signo)
{
    index_signal = signo;
}

/* import_index_build() with its progress on stderr, stopped between two
 * steps by SIGINT, SIGTERM or SIGHUP (what was built stays). */
static int build(struct db *db, struct progress *prog, int64_t *waiting, struct rf_error *err)
{
    static const int signals[] = {SIGINT, SIGTERM, SIGHUP};
    struct sigaction sa, saved[3];
    struct import_options opts = {.index_progress = batch_progress_index,
                                  .progress_data = prog,
                                  .stop = &index_signal};
    int rc;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_index_signal;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < 3; i++)
        sigaction(signals[i], &sa, &saved[i]);
    rc = import_index_build(db, &opts, waiting, err);
    for (size_t i = 0; i < 3; i++)
        sigaction(signals[i], &saved[i], NULL);
    batch_progress_clear(prog);
    return rc;
}

int batch_index_upgraded(struct db *db, struct rf_error *err)
{
    struct progress prog = {.tty = isatty(STDERR_FILENO), .quarter = -1};
    int64_t waiting = 0;
    int found = db_found_version(db);

    if (found == 0 || found >= DB_VERSION_INDEX_REMADE || db_readonly(db))
        return 0;
    if (build(db, &prog, &waiting, err) != 0)
        return -1;
    if (waiting > 0)
        rf_error_set(err,
                     plural(waiting,
                            "search index: %lld row not indexed yet; searches scan it meanwhile, "
                            "and 'refuge index' (or the next import) finishes it",
                            "search index: %lld rows not indexed yet; searches scan them "
                            "meanwhile, and 'refuge index' (or the next import) finishes it"),
                     (long long)waiting);
    return waiting > 0 ? -1 : 0;
}

int batch_index(struct cli_context *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {CLI_COMMON_LONGOPTS, {NULL, 0, NULL, 0}};
    struct progress prog = {.tty = isatty(STDERR_FILENO), .quarter = -1};
    struct rf_error err = {{0}};
    struct session s;
    int64_t waiting = 0;
    int opt, status, rc;

    while ((opt = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        int common = cli_common_option(ctx, opt, optarg, "index");
        if (common < 0)
            return RF_EXIT_OK;
        if (common == 0)
            return cli_option_error(ctx, "index", opt, argv);
    }
    if (optind < argc)
        return cli_usage_error(ctx, _("index: unexpected argument '%s'"), argv[optind]);
    if ((status = session_open(ctx, &s)) != RF_EXIT_OK)
        return status;
    rc = build(s.db, &prog, &waiting, &err);
    session_close(&s);
    if (rc != 0)
        return cli_runtime_error(ctx, _("index: %s"), err.msg);
    if (waiting > 0) {
        batch_index_report(ctx, waiting, index_signal ? _("interrupted by a signal") : "");
        return index_signal ? 128 + index_signal : RF_EXIT_RUNTIME;
    }
    printf(_("search index: complete\n"));
    return RF_EXIT_OK;
}
