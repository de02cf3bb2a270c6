#include "autoconfig.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "batch.h"
#include "batch_internal.h"
#include "i18n.h"
#include "model.h"
#include "sample.h"
#include "vocab.h"
#include "when.h"
#include "workbench.h"
#include "writer.h"

/* ---- option values ------------------------------------------------------------- */

int batch_parse_format(struct cli_context *ctx, const char *cmd, const char *arg,
                       enum out_format *out)
{
    static const char *const names[] = {"text", "csv", "jsonl", "md"};

    for (int i = 0; i < 4; i++)
        if (strcmp(arg, names[i]) == 0) {
            *out = (enum out_format)i;
            return RF_EXIT_OK;
        }
    return cli_usage_error(ctx, _("%s: --format: expected text, csv, jsonl or md, got '%s'"), cmd,
                           arg);
}

int batch_reader_zone(struct cli_context *ctx)
{
    return cli_load_config(ctx, false);
}

/* --from / --to: a period or an instant, by when_parse_bound()'s rules (a
 * day, month or year given to --to is included), days beginning in the
 * reader's zone. Called once the options are read, when the zone is known
 * whatever their order. */
int batch_parse_bound(struct cli_context *ctx, const char *cmd, const char *opt,
                      const char *arg, bool is_to, bool *has, int64_t *out)
{
    struct rf_error why = {{0}};

    if (!arg)
        return RF_EXIT_OK;
    *has = true;
    if (when_parse_bound(arg, is_to, ctx->config.ui.timezone, out, &why) != 0)
        return cli_usage_error(ctx, _("%s: %s: %s (got '%s')"), cmd, opt, why.msg, arg);
    return RF_EXIT_OK;
}

/* A whole number from 0 to max. */
int batch_parse_number(struct cli_context *ctx, const char *cmd, const char *opt,
                       const char *arg, long max, long *out)
{
    char *end;

    errno = 0;
    *out = strtol(arg, &end, 10);
    if (end == arg || *end || errno || *out < 0 || *out > max)
        return cli_usage_error(ctx, _("%s: %s: expected a number from 0 to %ld, got '%s'"), cmd,
                               opt, max, arg);
    return RF_EXIT_OK;
}

void batch_format_day(char *buf, size_t size, int64_t ts, struct when_zone zone)
{
    when_format(buf, size, ts, zone, WHEN_DATE);
}

/* A writer of a data format to standard output, which it defuses when
 * standard output is a terminal. */
void batch_data_writer(struct writer *w, enum out_format format)
{
    writer_init(w, stdout, format == OUT_CSV ? WRITER_CSV : WRITER_JSONL, isatty(STDOUT_FILENO));
}

/* ---- plain text through the text layer ------------------------------------------ */

int batch_out_width(void)
{
    struct winsize ws;
    const char *cols = getenv("COLUMNS");

    if (cols && atoi(cols) >= 20)
        return atoi(cols);
    if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
        return ws.ws_col;
    return 100;
}

/* ---- refuge feed and refuge stats: shared filter options ----------------------------- */

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
    {"with-comments", no_argument, NULL, OPT_WITH_COMMENTS},
    {"provenance", required_argument, NULL, OPT_PROVENANCE},
    {"starred", no_argument, NULL, OPT_STARRED},
    {"code", required_argument, NULL, OPT_CODE},
    {"marked", no_argument, NULL, OPT_MARKED},
    {"sample", required_argument, NULL, OPT_SAMPLE},
    {"seed", required_argument, NULL, OPT_SEED},
    {"code-as", required_argument, NULL, OPT_CODE_AS},
    {"view", required_argument, NULL, OPT_VIEW},
    {"save-view", required_argument, NULL, OPT_SAVE_VIEW},
    {"author", required_argument, NULL, OPT_AUTHOR},
    {"limit", required_argument, NULL, OPT_LIMIT},
    {"sort", required_argument, NULL, OPT_SORT},
    {"top", required_argument, NULL, OPT_TOP},
    {"pseudonymise", no_argument, NULL, OPT_PSEUDONYMISE},
    {"by", required_argument, NULL, OPT_BY},
    {"command", required_argument, NULL, OPT_COMMAND},
    {"jobs", required_argument, NULL, OPT_JOBS},
    {"timeout", required_argument, NULL, OPT_TIMEOUT},
    {"dry-run", no_argument, NULL, OPT_DRY_RUN},
    {NULL, 0, NULL, 0}};

/* The options of translate's own, and the listing options it does not take. */
static bool translate_only(int opt)
{
    return opt == OPT_COMMAND || opt == OPT_JOBS || opt == OPT_TIMEOUT || opt == OPT_DRY_RUN;
}

static bool listing_only(int opt)
{
    return opt == OPT_FORMAT || opt == OPT_LIMIT || opt == OPT_SORT || opt == OPT_TOP ||
           opt == OPT_BY || opt == OPT_CODE_AS || opt == OPT_SAVE_VIEW || opt == OPT_PSEUDONYMISE;
}

int batch_parse_post_opts(struct cli_context *ctx, const char *cmd, bool stats, int argc,
                          char **argv, struct post_opts *o)
{
    const char *from = NULL, *to = NULL;
    bool translate = strcmp(cmd, "translate") == 0;
    int opt, status, unit;

    while ((opt = getopt_long(argc, argv, ":h", post_longopts, NULL)) != -1) {
        int common = cli_common_option(ctx, opt, optarg, cmd);
        if (common < 0)
            return -1;
        if (common > 0)
            continue;
        status = RF_EXIT_OK;
        if ((stats && (opt == OPT_LIMIT || opt == OPT_SORT)) || (!stats && opt == OPT_TOP) ||
            (opt == OPT_PSEUDONYMISE && strcmp(cmd, "stats") == 0) || /* names nobody */
            (opt == OPT_BY && strcmp(cmd, "stats") != 0) ||
            (translate ? listing_only(opt) : translate_only(opt)))
            opt = '?';
        switch (opt) {
        case OPT_FORMAT:
            status = batch_parse_format(ctx, cmd, optarg, &o->format);
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
                status = cli_usage_error(ctx, _("%s: --by: expected day, week, hour or weekday, "
                                                "got '%s'"),
                                         cmd, optarg);
            break;
        case OPT_LANG:
            /* zh, en, or any other code the collections carry (ja, ko, und). */
            o->filter.lang = optarg;
            if (!lang_code(optarg))
                status = cli_usage_error(ctx, _("%s: --lang: expected a language code such as zh, "
                                                "en or ja, got '%s'"),
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
        case OPT_WITH_COMMENTS:
            o->filter.with_comments = true;
            break;
        case OPT_PROVENANCE:
            o->filter.provenance = optarg;
            if (vocab_find(vocab_provenances, optarg) < 0)
                status = cli_usage_error(ctx, _("%s: --provenance: expected quoted, "
                                                "illustrative or imported"),
                                         cmd);
            break;
        case OPT_STARRED:
            o->filter.starred_only = true;
            break;
        case OPT_CODE:
            o->filter.code = optarg;
            break;
        case OPT_MARKED:
            o->filter.marked_only = true;
            break;
        case OPT_SAMPLE: {
            long n;
            status = batch_parse_number(ctx, cmd, "--sample", optarg, LONG_MAX, &n);
            o->filter.sample = n;
            if (status == RF_EXIT_OK && n == 0)
                status = cli_usage_error(ctx, _("%s: --sample: expected a number of posts, 1 or more"),
                                         cmd);
            break;
        }
        case OPT_SEED:
            o->has_seed = true;
            if (sample_parse_seed(optarg, &o->filter.seed) != 0)
                status = cli_usage_error(ctx, _("%s: --seed: expected a whole number from 0 to "
                                                "18446744073709551615, got '%s'"),
                                         cmd, optarg);
            break;
        case OPT_CODE_AS:
            if (stats)
                return cli_option_error(ctx, cmd, '?', argv);
            o->code_as = optarg;
            break;
        case OPT_VIEW:
            o->view = optarg;
            break;
        case OPT_SAVE_VIEW:
            if (stats)
                return cli_option_error(ctx, cmd, '?', argv);
            o->save_view = optarg;
            break;
        case OPT_PSEUDONYMISE:
            o->pseudonymise = true;
            break;
        case OPT_AUTHOR:
            /* PLATFORM:KEY or the key alone; never a display name. */
            o->filter.author = optarg;
            if (!optarg[0])
                status = cli_usage_error(ctx, _("%s: --author: expected PLATFORM:KEY or a key"), cmd);
            break;
        case OPT_LIMIT:
            status = batch_parse_number(ctx, cmd, "--limit", optarg, LONG_MAX, &o->limit);
            break;
        case OPT_COMMAND:
            o->command = optarg;
            if (!optarg[0])
                status = cli_usage_error(ctx, _("%s: --command: expected a command"), cmd);
            break;
        case OPT_JOBS:
            status = batch_parse_number(ctx, cmd, "--jobs", optarg, 64, &o->jobs);
            if (status == RF_EXIT_OK && o->jobs == 0)
                status = cli_usage_error(ctx, _("%s: --jobs: expected 1 to 64"), cmd);
            break;
        case OPT_TIMEOUT: {
            char *end;
            o->timeout = strtod(optarg, &end);
            if (end == optarg || *end || !(o->timeout >= 0.1 && o->timeout <= 86400))
                status = cli_usage_error(ctx, _("%s: --timeout: expected seconds from 0.1 to "
                                                "86400, got '%s'"),
                                         cmd, optarg);
            break;
        }
        case OPT_DRY_RUN:
            o->dry_run = true;
            break;
        case OPT_TOP:
            status = batch_parse_number(ctx, cmd, "--top", optarg, TOP_MAX, &o->top);
            break;
        case OPT_SORT:
            o->has_sort = true;
            if (strcmp(optarg, "time") == 0)
                o->sort = MODEL_SORT_TIME;
            else if (strcmp(optarg, "likes") == 0)
                o->sort = MODEL_SORT_LIKES;
            else
                status = cli_usage_error(ctx, _("%s: --sort: expected time or likes"), cmd);
            break;
        default:
            return cli_option_error(ctx, cmd, opt, argv);
        }
        if (status != RF_EXIT_OK)
            return status;
    }
    if (optind < argc)
        return cli_usage_error(ctx, _("%s: unexpected argument '%s'"), cmd, argv[optind]);
    if ((status = batch_reader_zone(ctx)) != RF_EXIT_OK ||
        (status = batch_parse_bound(ctx, cmd, "--from", from, false, &o->filter.has_from,
                                    &o->filter.from)) != RF_EXIT_OK ||
        (status = batch_parse_bound(ctx, cmd, "--to", to, true, &o->filter.has_to,
                                    &o->filter.to)) != RF_EXIT_OK)
        return status;
    if (o->filter.has_from && o->filter.has_to && o->filter.from >= o->filter.to)
        return cli_usage_error(ctx, _("%s: --from must come before --to"), cmd);
    /* A saved view may bring the search (batch_use_views() checks then). */
    if (o->filter.with_comments && !o->filter.search && !o->view)
        return cli_usage_error(ctx, _("%s: --with-comments goes with --search Q"), cmd);
    if (o->has_seed && !o->filter.sample)
        return cli_usage_error(ctx, _("%s: --seed goes with --sample N"), cmd);
    /* Without a seed, one is drawn and said, so the sample can be drawn again. */
    if (o->filter.sample && !o->has_seed) {
        o->filter.seed = sample_new_seed();
        cli_warn(ctx, _("%s: sample seed %llu (--seed %llu draws the same sample again)"), cmd,
                 (unsigned long long)o->filter.seed, (unsigned long long)o->filter.seed);
    }
    return RF_EXIT_OK;
}

int batch_use_views(struct cli_context *ctx, const char *cmd, struct model *m,
                    struct post_opts *o, struct wb_view *view)
{
    struct rf_error err = {{0}};
    int rc;

    memset(view, 0, sizeof *view);
    if (o->view) {
        struct model_filter *f = &o->filter;
        const struct model_filter *v = &view->filter;
        if ((rc = wb_view_load(m, o->view, view, &err)) != 0)
            return rc == MODEL_NOT_FOUND
                       ? cli_runtime_error(ctx, _("%s: --view: no view named '%s' (refuge views "
                                                  "lists them)"),
                                           cmd, o->view)
                       : cli_runtime_error(ctx, "%s: --view: %s", cmd, err.msg);
#define TAKE(field) \
    if (!f->field)  \
    f->field = v->field
        TAKE(lang);
        TAKE(platform);
        TAKE(tag);
        TAKE(provenance);
        TAKE(code);
        TAKE(search);
        TAKE(author);
        TAKE(starred_only);
        TAKE(marked_only);
        TAKE(with_comments);
#undef TAKE
        if (!f->has_from && v->has_from)
            f->has_from = true, f->from = v->from;
        if (!f->has_to && v->has_to)
            f->has_to = true, f->to = v->to;
        if (!f->sample && v->sample)
            f->sample = v->sample, f->seed = v->seed;
        if (!o->has_sort)
            o->sort = view->sort;
        if (f->with_comments && !f->search)
            return cli_usage_error(ctx, _("%s: --with-comments goes with --search Q"), cmd);
    }
    if (o->save_view) {
        if (wb_view_save(m, o->save_view, &o->filter, o->sort, &err) != 0)
            return cli_runtime_error(ctx, "%s: --save-view: %s", cmd, err.msg);
        cli_warn(ctx, _("%s: saved the view %s"), cmd, o->save_view);
    }
    return RF_EXIT_OK;
}

/* ---- --pseudonymise --------------------------------------------------------------------- */

int batch_pseudonymise(struct cli_context *ctx, struct session *s, const char *cmd,
                       enum out_format format, struct pseudo *ps)
{
    struct rf_error err = {{0}};

    if (pseudo_open(s->db, ps, &err) != 0)
        return cli_runtime_error(ctx, "%s: %s", cmd, err.msg);
    if (format == OUT_TEXT)
        puts("(" PSEUDO_NOTE ")");
    else if (format == OUT_MD)
        puts("*" PSEUDO_NOTE "*\n");
    return RF_EXIT_OK;
}
