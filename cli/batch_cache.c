/* batch_cache.c — the commands on the cache as a whole: refuge import,
 * refuge export and refuge check. */

#include "autoconfig.h"

#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "batch.h"
#include "batch_internal.h"
#include "db.h"
#include "i18n.h"
#include "import.h"
#include "model.h"
#include "session.h"
#include "text.h"
#include "plural.h"
#include "userstate.h"
#include "when.h"
#include "writer.h"

/* ---- refuge import ------------------------------------------------------------------ */

/* Progress is worth showing for inputs from 4 MiB (for a pipe, once that
 * much has been read). */
#define PROGRESS_MIN_BYTES (4u << 20)

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

    batch_progress_clear(p);
    printf(_("%s: %s, %lld %s: %lld %s, %lld updated; %lld %s, %lld updated; %lld unchanged; "
             "%lld skipped"),
           name ? name : "?", sum->format, (long long)sum->records,
           plural(sum->records, "record", "records"), (long long)sum->posts_new,
           plural(sum->posts_new, "post new", "posts new"), (long long)sum->posts_updated,
           (long long)sum->comments_new, plural(sum->comments_new, "comment new", "comments new"),
           (long long)sum->comments_updated, (long long)sum->unchanged,
           (long long)sum->skipped);
    for (int i = 0; i < sum->nreasons; i++)
        printf("%s%s: %lld", i ? ", " : " (", sum->reasons[i].reason,
               (long long)sum->reasons[i].n);
    printf("%s", sum->nreasons ? ")" : "");
    if (sum->zone[0])
        printf(_("; zoneless local times read in %s"), sum->zone);
    putchar('\n');
    free(name);
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
                                              {"no-index", no_argument, NULL, OPT_NO_INDEX},
                                              {"translations", no_argument, NULL,
                                               OPT_TRANSLATIONS},
                                              {"replace", no_argument, NULL, OPT_REPLACE},
                                              {NULL, 0, NULL, 0}};
    struct import_options opts = {.format = IMPORT_AUTO};
    struct import_input *inputs;
    struct import_result res;
    struct progress prog = {.tty = isatty(STDERR_FILENO), .quarter = -1};
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
                return cli_usage_error(ctx, _("import: --format: expected jsonl, json, csv or a "
                                              "source format of refuge(1), got '%s'"),
                                       optarg);
        } else if (opt == OPT_ASSUME_ZONE) {
            struct rf_error why = {{0}};
            opts.has_zone = true;
            if (when_zone_open(optarg, &opts.zone, &why) != 0)
                return cli_usage_error(ctx, "import: --assume-zone: %s", why.msg);
        } else if (opt == OPT_SKIP_BAD)
            opts.skip_bad = true;
        else if (opt == OPT_NO_INDEX)
            opts.defer_index = true;
        else if (opt == OPT_TRANSLATIONS)
            opts.translations = true;
        else if (opt == OPT_REPLACE)
            opts.replace = true;
        else
            return cli_option_error(ctx, "import", opt, argv);
    }
    if (opts.replace && !opts.translations)
        return cli_usage_error(ctx, _("import: --replace goes with --translations"));
    if (opts.translations && (opts.source || opts.format == IMPORT_SQLITE))
        return cli_usage_error(ctx, _("import: --translations reads CSV (or JSON Lines) files "
                                      "of platform, id, translation"));
    n = argc - optind;
    if (n < 1)
        return cli_usage_error(ctx, _("import: name a file to import ('-' for standard input)"));
    if (!(inputs = calloc((size_t)n, sizeof *inputs)))
        return cli_runtime_error(ctx, _("out of memory"));
    /* Open every input first: a missing file changes nothing. */
    for (int i = 0; i < n; i++) {
        const char *path = argv[optind + i];
        struct stat st;
        inputs[i].name = strcmp(path, "-") == 0 ? "stdin" : path;
        inputs[i].fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
        if (!inputs[i].fp) {
            status = cli_runtime_error(ctx, _("import: cannot open %s: %s"), path, strerror(errno));
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
    prog.on = prog.total >= PROGRESS_MIN_BYTES || unsized;
    if (unsized)
        prog.total = 0;
    opts.report = opts.skip_bad ? report_bad : NULL;
    opts.report_data = ctx;
    opts.warn = report_note;
    opts.warn_data = ctx;
    opts.progress = batch_progress_rows;
    opts.index_progress = batch_progress_index;
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
        batch_progress_clear(&prog);
        if (rc != 0 && import_signal) {
            cli_runtime_error(ctx, _("%s by a signal; nothing was imported"), err.msg);
            status = 128 + import_signal;
        } else if (rc != 0) {
            status = cli_runtime_error(
                ctx, _("%s; nothing was imported%s"), err.msg,
                res.bad && !res.refused && !opts.skip_bad ? _(" (--skip-bad imports the good records)") : "");
        } else {
            double secs;
            clock_gettime(CLOCK_MONOTONIC, &t1);
            secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
            /* A post seen in several files is imported (new, then updated)
             * more than once: say how many are new to the cache. */
            /* TRANSLATORS: the import's summary is a list: "imported 3
               posts (2 new), 5 comments, 1 event, 2 unchanged, 0 skipped,
               0.1 s"; each item below starts with its separator. */
            printf(plural(res.posts, "imported %lld post", "imported %lld posts"),
                   (long long)res.posts);
            if (res.posts_new != res.posts)
                printf(_(" (%lld new)"), (long long)res.posts_new);
            if (res.comments)
                printf(plural(res.comments, ", %lld comment", ", %lld comments"),
                       (long long)res.comments);
            if (res.comments && res.comments_new != res.comments)
                printf(_(" (%lld new)"), (long long)res.comments_new);
            if (res.events)
                printf(plural(res.events, ", %lld event", ", %lld events"), (long long)res.events);
            if (res.figures)
                printf(plural(res.figures, ", %lld figure", ", %lld figures"),
                       (long long)res.figures);
            if (res.unchanged)
                printf(_(", %lld unchanged"), (long long)res.unchanged);
            printf(_(", %lld skipped, %.1f s\n"), (long long)(res.bad + res.skipped), secs);
            /* The rows are in either way; a stop during the index's phase
             * still ends with the signal's status. */
            if (!opts.defer_index || res.index_error[0])
                batch_index_report(ctx, res.index_waiting,
                                   res.index_error[0] ? res.index_error
                                   : import_signal    ? _("interrupted by a signal")
                                                      : "");
            else if (res.index_waiting)
                printf(plural(res.index_waiting,
                              "search index: %lld row to index ('refuge index' builds it)\n",
                              "search index: %lld rows to index ('refuge index' builds it)\n"),
                       (long long)res.index_waiting);
            if (import_signal)
                status = 128 + import_signal;
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
                                              {"pseudonymise", no_argument, NULL,
                                               OPT_PSEUDONYMISE},
                                              {NULL, 0, NULL, 0}};
    enum out_format format = OUT_JSONL;
    const char *what = "all";
    bool pseudonymise = false;
    struct pseudo ps;
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
            if ((status = batch_parse_format(ctx, "export", optarg, &format)) != RF_EXIT_OK)
                return status;
            if (format != OUT_JSONL && format != OUT_CSV)
                return cli_usage_error(ctx, _("export: --format: expected jsonl or csv"));
        } else if (opt == OPT_WHAT) {
            what = optarg;
            if (strcmp(what, "all") && strcmp(what, "posts") && strcmp(what, "events") &&
                strcmp(what, "figures") && strcmp(what, "comments") && strcmp(what, "codes"))
                return cli_usage_error(ctx, _("export: --what: expected posts, comments, events, "
                                              "figures, codes or all, got '%s'"),
                                       what);
        } else if (opt == OPT_PSEUDONYMISE) {
            pseudonymise = true;
        } else
            return cli_option_error(ctx, "export", opt, argv);
    }
    if (optind < argc)
        return cli_usage_error(ctx, _("export: unexpected argument '%s'"), argv[optind]);
    if (format == OUT_CSV && strcmp(what, "all") == 0)
        return cli_usage_error(ctx, _("export: a CSV file holds one kind of record; "
                                      "add --what posts, comments, events or figures"));
    if ((status = session_open(ctx, &s)) != RF_EXIT_OK)
        return status;
    batch_data_writer(&w, format);
    if (pseudonymise) {
        if ((status = batch_pseudonymise(ctx, &s, "export", format, &ps)) != RF_EXIT_OK) {
            session_close(&s);
            return status;
        }
        w.pseudo = &ps;
    }
    if (strcmp(what, "all") == 0 || strcmp(what, "events") == 0)
        rc = writer_export(&w, s.model, WRITER_EVENTS, NULL, &err);
    if (rc == 0 && (strcmp(what, "all") == 0 || strcmp(what, "figures") == 0))
        rc = writer_export(&w, s.model, WRITER_FIGURES, NULL, &err);
    if (rc == 0 && (strcmp(what, "all") == 0 || strcmp(what, "posts") == 0))
        rc = writer_export(&w, s.model, WRITER_POSTS, NULL, &err);
    if (rc == 0 && (strcmp(what, "all") == 0 || strcmp(what, "comments") == 0))
        rc = writer_export(&w, s.model, WRITER_COMMENTS, NULL, &err);
    /* The codebook travels with the codes (JSON Lines; a CSV file holds one
     * kind: --what codes writes it alone). */
    if (rc == 0 && (strcmp(what, "codes") == 0 ||
                    (format == OUT_JSONL && (strcmp(what, "all") == 0 ||
                                             strcmp(what, "posts") == 0 ||
                                             strcmp(what, "comments") == 0))))
        rc = writer_export(&w, s.model, WRITER_CODES, NULL, &err);
    session_close(&s);
    if (rc != 0)
        return cli_runtime_error(ctx, "export: %s", err.msg);
    if (fflush(stdout) != 0 || ferror(stdout))
        return cli_runtime_error(ctx, _("export: cannot write: %s"), strerror(errno));
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
        return cli_usage_error(ctx, _("check: unexpected argument '%s'"), argv[optind]);
    if ((status = session_open(ctx, &s)) != RF_EXIT_OK)
        return status;
    if (db_check(s.db, &rep, &err) != 0 || userstate_count(s.db, &starred, &read, &err) != 0) {
        char path[4096];
        snprintf(path, sizeof path, "%s", db_path(s.db));
        session_close(&s);
        return cli_runtime_error(ctx,
                                 _("check: %s: %s; 'refuge --rebuild' moves it aside (keeping "
                                   "it) and starts a new cache"),
                                 path, err.msg);
    }
    fputs(_("cache: "), stdout);
    writer_text_cell(stdout, db_path(s.db), -1);
    printf(_("\nschema version: %d (this refuge writes %d)\nintegrity: %s\n"), rep.schema_version,
           DB_SCHEMA_VERSION, rep.integrity);
    printf(_("posts: %lld\n  in the search index: %lld\n  in the per-day table: %lld\n"
             "  in the per-quarter-hour table: %lld\n"
             "comments: %lld\n  in the search index: %lld\n  in the per-day table: %lld\n"
             "authors: %lld\n"
             "tags: %lld\nevents: %lld\nfigures: %lld\nsources: %lld\nstarred: %lld\nread: %lld\n"
             "bundled dataset: %s\n"),
           (long long)rep.posts, (long long)rep.fts_rows, (long long)rep.daily_posts,
           (long long)rep.quarter_posts, (long long)rep.comments, (long long)rep.comment_fts_rows,
           (long long)rep.daily_comments, (long long)rep.authors, (long long)rep.tags,
           (long long)rep.events, (long long)rep.figures,
           (long long)rep.sources, (long long)starred, (long long)read,
           rep.bundle_left_out ? _("left out (kept without it)")
           : rep.bundle_hash[0] ? rep.bundle_hash
                                : _("not loaded"));
    if (rep.quarter_days_off)
        printf(_("days whose quarter hours disagree with the per-day table: %lld\n"),
               (long long)rep.quarter_days_off);
    if (rep.posts_waiting || rep.comments_waiting)
        printf(_("waiting for the search index: posts %lld, comments %lld ('refuge index' "
                 "builds it)\n"),
               (long long)rep.posts_waiting, (long long)rep.comments_waiting);
    userstate_file(s.db, state_file, sizeof state_file);
    if (state_file[0]) {
        char *file = writer_text_string(state_file);
        printf(_("your stars and read marks: %s\n"), file ? file : "");
        free(file);
    }
    session_close(&s);
    good = strcmp(rep.integrity, "ok") == 0 && rep.fts_rows + rep.posts_waiting == rep.posts &&
           rep.daily_posts == rep.posts && rep.quarter_posts == rep.posts &&
           rep.quarter_days_off == 0 &&
           rep.comment_fts_rows + rep.comments_waiting == rep.comments &&
           rep.daily_comments == rep.comments && rep.schema_version == DB_SCHEMA_VERSION;
    if (!good)
        return cli_runtime_error(ctx, _("check: the cache has problems (see above); "
                                        "'refuge --rebuild' moves it aside (keeping it) and "
                                        "starts a new cache"));
    return RF_EXIT_OK;
}
