/* translate.c — refuge translate (contract in translate.h). */
#include "autoconfig.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "batch_internal.h"
#include "db.h"
#include "i18n.h"
#include "import/store_translation.h"
#include "model_translate.h"
#include "plural.h"
#include "session.h"
#include "translate.h"
#include "translate_cmd.h"
#include "workbench.h"

#define DEFAULT_JOBS 2
#define DEFAULT_TIMEOUT 60.0
/* Rows read from the cache at a time. */
#define PAGE 64
#define BAR_WIDTH 30

static volatile sig_atomic_t stop_signal;

static void on_stop(int sig)
{
    stop_signal = sig;
}

struct runner;

/* One call of the command: its item, its thread and its result. */
struct job {
    struct runner *runner;
    bool busy, done;
    struct model_untranslated item;
    struct translate_call call;
    struct translate_result result;
    pthread_t thread;
};

struct runner {
    struct cli_context *ctx;
    struct session *s;
    const struct model_filter *filter;
    struct translation_store *store;
    const char *command;
    double timeout;
    struct job *jobs;
    long njobs;
    pthread_mutex_t lock;
    pthread_cond_t finished;
    /* The page being handed out, and where the next one starts. */
    struct model_untranslated page[PAGE];
    size_t npage, next;
    bool comments, exhausted;
    int64_t after;
    /* What happened. */
    int64_t total, done, translated, failed, skipped;
    bool bar;      /* a progress bar on standard error (a terminal) */
    int64_t shown; /* plain lines: the last tenth reported */
};

static void *job_main(void *arg)
{
    struct job *j = arg;

    translate_cmd_run(&j->call, &j->result);
    pthread_mutex_lock(&j->runner->lock);
    j->done = true;
    pthread_cond_signal(&j->runner->finished);
    pthread_mutex_unlock(&j->runner->lock);
    return NULL;
}

/* The next untranslated item into *out (ownership moves): posts first,
 * then comments. Returns 1, 0 when there are no more, -1 on error. */
static int next_item(struct runner *r, struct model_untranslated *out, struct rf_error *err)
{
    while (r->next == r->npage) {
        if (r->exhausted)
            return 0;
        r->npage = r->next = 0;
        if (model_untranslated(r->s->model, r->filter, r->comments, r->after, PAGE, r->page,
                               &r->npage, err) != 0)
            return -1;
        if (r->npage)
            r->after = r->page[r->npage - 1].id;
        else if (!r->comments)
            r->comments = true, r->after = 0;
        else
            r->exhausted = true;
    }
    *out = r->page[r->next];
    memset(&r->page[r->next++], 0, sizeof *out);
    return 1;
}

static void progress(struct runner *r)
{
    if (r->bar) {
        int filled = r->total ? (int)(r->done * BAR_WIDTH / r->total) : BAR_WIDTH;
        char bar[BAR_WIDTH + 1];
        memset(bar, '#', (size_t)filled);
        memset(bar + filled, '-', (size_t)(BAR_WIDTH - filled));
        bar[BAR_WIDTH] = '\0';
        fputc('\r', stderr); /* over the last progress line */
        fprintf(stderr, _("[%s] %lld/%lld translated %lld, failed %lld "), bar,
                (long long)r->done, (long long)r->total, (long long)r->translated,
                (long long)r->failed);
        fflush(stderr);
    } else if (r->total && r->done * 10 / r->total > r->shown) {
        r->shown = r->done * 10 / r->total;
        cli_warn(r->ctx, _("translate: %lld of %lld done (%lld translated, %lld failed)"),
                 (long long)r->done, (long long)r->total, (long long)r->translated,
                 (long long)r->failed);
    }
}

/* A line of report under the bar: the bar's line is cleared first. */
static void clear_bar(const struct runner *r)
{
    if (r->bar)
        fputs("\r\033[K", stderr);
}

/* The end of what the command said on standard error, as one line. */
static const char *last_words(char *err)
{
    size_t n = strlen(err);
    char *nl;

    while (n && (err[n - 1] == '\n' || err[n - 1] == '\r' || err[n - 1] == ' '))
        err[--n] = '\0';
    nl = strrchr(err, '\n');
    return nl ? nl + 1 : err;
}

/* Stores a finished job's translation, or reports its failure. Returns 0,
 * or -1 when the cache failed (err set). */
static int finish(struct runner *r, struct job *j, struct rf_error *err)
{
    const struct model_untranslated *it = &j->item;
    const char *what = it->comment ? "comment" : "post";

    pthread_join(j->thread, NULL);
    j->busy = j->done = false;
    if (j->result.status == TRANSLATE_STOPPED) {
        /* Stopped by Ctrl-C: not done, left for the next run. */
    } else if (j->result.status != TRANSLATE_OK) {
        const char *said = last_words(j->result.err);
        r->done++, r->failed++;
        clear_bar(r);
        if (said[0])
            cli_warn(r->ctx, "translate: %s %s:%s: %s: %s", what, it->platform, it->ext_id,
                     j->result.why, said);
        else
            cli_warn(r->ctx, "translate: %s %s:%s: %s", what, it->platform, it->ext_id,
                     j->result.why);
    } else {
        struct translation t = {.comment = it->comment, .platform = it->platform,
                                .id = it->ext_id, .text = j->result.text, .kind = "machine",
                                .by = r->command};
        enum translation_result got;
        if (db_begin(r->s->db, err) != 0)
            return -1;
        got = translation_store(r->store, &t, TRANSLATION_FILL, err);
        if (got == TRANSLATION_FAILED || db_commit(r->s->db, err) != 0) {
            db_rollback(r->s->db);
            return -1;
        }
        r->done++;
        if (got == TRANSLATION_WRITTEN)
            r->translated++;
        else
            r->skipped++; /* translated (or removed) by someone else meanwhile */
    }
    free(j->result.text);
    j->result.text = NULL;
    model_untranslated_free(&j->item, 1);
    memset(&j->item, 0, sizeof j->item);
    progress(r);
    return 0;
}

/* Starts a job on the next item, its thread deaf to the signals the main
 * thread handles. Returns 1 started, 0 nothing left, -1 error. */
static int start(struct runner *r, struct job *j, struct rf_error *err)
{
    sigset_t block, old;
    int got = next_item(r, &j->item, err);

    if (got <= 0)
        return got;
    j->call = (struct translate_call){.command = r->command, .text = j->item.text,
                                      .lang = j->item.lang, .timeout = r->timeout,
                                      .stop = &stop_signal};
    j->busy = true;
    j->done = false;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &block, &old);
    got = pthread_create(&j->thread, NULL, job_main, j);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (got != 0) {
        j->busy = false;
        rf_error_set(err, _("cannot start a job: %s"), strerror(got));
        return -1;
    }
    return 1;
}

/* Runs every job to the end, or until a signal: then the running calls
 * are stopped (their commands killed) and nothing of them is stored. */
static int run_all(struct runner *r, struct rf_error *err)
{
    bool more = true;
    int rc = 0;

    for (;;) {
        long busy = 0;
        for (long i = 0; i < r->njobs && rc == 0; i++) {
            if (!r->jobs[i].busy && more && !stop_signal) {
                int got = start(r, &r->jobs[i], err);
                if (got < 0)
                    rc = -1;
                more = got > 0;
            }
            busy += r->jobs[i].busy;
        }
        if (!busy)
            break;
        pthread_mutex_lock(&r->lock);
        for (;;) {
            bool any = false;
            for (long i = 0; i < r->njobs; i++)
                any = any || (r->jobs[i].busy && r->jobs[i].done);
            if (any)
                break;
            struct timespec until;
            clock_gettime(CLOCK_REALTIME, &until);
            until.tv_nsec += 100000000;
            if (until.tv_nsec >= 1000000000)
                until.tv_sec++, until.tv_nsec -= 1000000000;
            pthread_cond_timedwait(&r->finished, &r->lock, &until);
        }
        pthread_mutex_unlock(&r->lock);
        for (long i = 0; i < r->njobs; i++) {
            bool done;
            pthread_mutex_lock(&r->lock);
            done = r->jobs[i].busy && r->jobs[i].done;
            pthread_mutex_unlock(&r->lock);
            if (done && finish(r, &r->jobs[i], err) != 0 && rc == 0) {
                rc = -1;
                stop_signal = SIGTERM; /* the cache failed: stop the others */
            }
        }
        if (rc != 0)
            more = false;
    }
    return rc;
}

static int dry_run(struct cli_context *ctx, struct session *s, const struct model_filter *f)
{
    struct rf_error err = {{0}};
    int64_t posts, comments, pchars, cchars;

    if (model_untranslated_count(s->model, f, false, &posts, &pchars, &err) != 0 ||
        model_untranslated_count(s->model, f, true, &comments, &cchars, &err) != 0)
        return cli_runtime_error(ctx, "translate: %s", err.msg);
    printf(_("would send %lld %s and %lld %s without a translation to the command "
             "(%lld characters)\n"),
           (long long)posts, plural(posts, "post", "posts"), (long long)comments,
           plural(comments, "comment", "comments"), (long long)(pchars + cchars));
    return RF_EXIT_OK;
}

int cli_translate(struct cli_context *ctx, int argc, char **argv)
{
    struct post_opts o = {.sort = MODEL_SORT_TIME};
    struct rf_error err = {{0}};
    struct session s;
    struct wb_view view;
    struct runner r;
    int64_t posts, comments, chars;
    struct sigaction sa = {.sa_handler = on_stop}, old_int, old_term, old_hup, old_pipe;
    int status, rc;

    if ((status = batch_parse_post_opts(ctx, "translate", false, argc, argv, &o)) != RF_EXIT_OK)
        return status < 0 ? RF_EXIT_OK : status;
    if (!o.command && !o.dry_run)
        return cli_usage_error(ctx, _("translate: say which command translates: --command 'CMD' "
                                      "(or --dry-run to count what it would be given)"));
    if ((status = session_open(ctx, &s)) != RF_EXIT_OK)
        return status;
    if ((status = batch_use_views(ctx, "translate", s.model, &o, &view)) != RF_EXIT_OK)
        goto out;
    if (o.dry_run) {
        status = dry_run(ctx, &s, &o.filter);
        goto out;
    }
    if (db_readonly(s.db)) {
        status = cli_runtime_error(ctx, _("translate: the cache %s is read-only (a shared "
                                          "snapshot?): translations cannot be stored in it; "
                                          "translate in a cache of your own (--db PATH)"),
                                   db_path(s.db));
        goto out;
    }
    if (model_untranslated_count(s.model, &o.filter, false, &posts, &chars, &err) != 0 ||
        model_untranslated_count(s.model, &o.filter, true, &comments, &chars, &err) != 0) {
        status = cli_runtime_error(ctx, "translate: %s", err.msg);
        goto out;
    }
    memset(&r, 0, sizeof r);
    r.ctx = ctx;
    r.s = &s;
    r.filter = &o.filter;
    r.command = o.command;
    r.timeout = o.timeout > 0 ? o.timeout : DEFAULT_TIMEOUT;
    r.njobs = o.jobs > 0 ? o.jobs : DEFAULT_JOBS;
    r.total = posts + comments;
    r.bar = isatty(STDERR_FILENO) && r.total > 0;
    if (!(r.store = translation_store_open(db_sql(s.db), &err)) ||
        !(r.jobs = calloc((size_t)r.njobs, sizeof *r.jobs))) {
        translation_store_close(r.store);
        status = cli_runtime_error(ctx, "translate: %s", r.store ? _("out of memory") : err.msg);
        goto out;
    }
    for (long i = 0; i < r.njobs; i++)
        r.jobs[i].runner = &r;
    pthread_mutex_init(&r.lock, NULL);
    pthread_cond_init(&r.finished, NULL);
    stop_signal = 0;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
    sigaction(SIGHUP, &sa, &old_hup);
    sa.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &sa, &old_pipe); /* a command that does not read its input */
    progress(&r);
    rc = run_all(&r, &err);
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    sigaction(SIGHUP, &old_hup, NULL);
    sigaction(SIGPIPE, &old_pipe, NULL);
    clear_bar(&r);
    model_untranslated_free(r.page, r.npage);
    translation_store_close(r.store);
    free(r.jobs);
    pthread_mutex_destroy(&r.lock);
    pthread_cond_destroy(&r.finished);
    if (rc != 0) {
        status = cli_runtime_error(ctx, _("translate: %s (%lld translated before it)"), err.msg,
                                   (long long)r.translated);
    } else if (stop_signal) {
        int64_t left = r.total - r.translated - r.skipped;
        cli_warn(ctx, _("translate: stopped: %lld translated, %lld left; run again to continue"),
                 (long long)r.translated, (long long)(left > 0 ? left : 0));
        status = 128 + stop_signal;
    } else {
        printf(_("translated %lld of %lld (%lld %s, %lld %s without a translation)%s\n"),
               (long long)r.translated, (long long)r.total, (long long)posts,
               plural(posts, "post", "posts"), (long long)comments,
               plural(comments, "comment", "comments"),
               r.failed ? _("; the failed ones are left for another run") : "");
        if (r.failed)
            status = cli_runtime_error(ctx, _("translate: %lld %s failed"), (long long)r.failed,
                                       plural(r.failed, "call", "calls"));
    }
out:
    wb_view_free(&view);
    session_close(&s);
    return status;
}
