#include "autoconfig.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../ui/app.h"
#include "../ui/keymap.h"
#include "../ui/tour.h"
#include "batch.h"
#include "cli.h"

static int cmd_config(struct cli_context *ctx, int argc, char **argv);
static int cmd_keys(struct cli_context *ctx, int argc, char **argv);
static int cmd_tour(struct cli_context *ctx, int argc, char **argv);

/* Every sub-command, in the order --help lists them. */
static const struct cli_command commands[] = {
    {.name = "config",
     .synopsis = "[--defaults]",
     .summary = "check the settings files, print the settings in effect or the defaults",
     .run = cmd_config},
    {.name = "keys",
     .synopsis = "[--format text|md|man]",
     .summary = "list the explorer's keys, with [keys] overrides applied",
     .run = cmd_keys},
    {.name = "import",
     .synopsis = "[--format jsonl|json|csv|SOURCE] [--assume-zone ZONE] [--skip-bad] FILE...",
     .summary = "import posts, comments, events, figures or researchers' collections",
     .run = batch_import},
    {.name = "export",
     .synopsis = "[--what all|posts|comments|events|figures] [--format jsonl|csv]",
     .summary = "write the cache's data in the format import reads",
     .run = batch_export},
    {.name = "timeline",
     .synopsis = "[--kind K[,K...]] [--from D] [--to D] [--lang en|zh] [--format F]",
     .summary = "list the events of the saga in time order",
     .run = batch_timeline},
    {.name = "feed",
     .synopsis = "[--search Q] [--lang L] [--tag T] [--platform P] [--from D] [--to D]\n"
                 "         [--starred] [--provenance P] [--sort time|likes] [--limit N] "
                 "[--format F]",
     .summary = "list posts, newest (or most liked) first",
     .run = batch_feed},
    {.name = "stats",
     .synopsis = "[same filters as feed] [--top N] [--format F]",
     .summary = "posts per day, language split, top tags and posts for a filter",
     .run = batch_stats},
    {.name = "comments",
     .synopsis = "[--post PLATFORM:ID] [--format text|csv|jsonl|md]",
     .summary = "list comments in thread order (all, or one post's)",
     .run = batch_comments},
    {.name = "tour",
     .synopsis = "--print [FILE]",
     .summary = "print a tour's steps and captions as Markdown (default: the bundled tour)",
     .run = cmd_tour},
    {.name = "check",
     .synopsis = "",
     .summary = "verify the cache: integrity, schema version, row counts",
     .run = batch_check},
};

#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void vreport(const struct cli_context *ctx, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
static void vreport(const struct cli_context *ctx, const char *fmt, va_list ap)
{
    fprintf(stderr, "%s: ", ctx->program);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

int cli_usage_error(const struct cli_context *ctx, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vreport(ctx, fmt, ap);
    va_end(ap);
    fprintf(stderr, "Try '%s --help' for more information.\n", ctx->program);
    return RF_EXIT_USAGE;
}

int cli_runtime_error(const struct cli_context *ctx, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vreport(ctx, fmt, ap);
    va_end(ap);
    return RF_EXIT_RUNTIME;
}

int cli_option_error(const struct cli_context *ctx, const char *command, int opt, char **argv)
{
    const char *arg = optind > 0 ? argv[optind - 1] : "?";
    const char *prefix = command ? command : "";
    const char *sep = command ? ": " : "";

    if (opt == ':')
        return cli_usage_error(ctx, "%s%soption '%s' needs a value", prefix, sep, arg);
    if (optopt && optopt != '?' && (arg[0] != '-' || arg[1] != '-'))
        return cli_usage_error(ctx, "%s%sunknown option '-%c'", prefix, sep, optopt);
    return cli_usage_error(ctx, "%s%sunknown option '%s'", prefix, sep, arg);
}

static void print_usage(FILE *out)
{
    fputs("Usage: refuge [OPTIONS]              open the explorer\n"
          "       refuge [OPTIONS] COMMAND [ARGS]  run a batch command\n"
          "\n"
          "A terminal explorer of the 2020-2026 US TikTok ban saga and the January\n"
          "2025 move of \"TikTok refugees\" to Xiaohongshu (RedNote).\n"
          "\n"
          "Options:\n"
          "  --db PATH        use the cache at PATH (default:\n"
          "                   $XDG_DATA_HOME/refuge/cache.db)\n"
          "  --config PATH    read settings from PATH after the user's refuge.ini\n"
          "  --theme NAME     colour theme: default, projector or mono\n"
          "  --tour[=FILE]    start a guided tour (default: the bundled one)\n"
          "  --rebuild        move the cache aside (kept as cache.db.damaged-DATE)\n"
          "                   and start a new one with the bundled dataset\n"
          "  -h, --help       show this help and exit\n"
          "  -V, --version    show the version and exit\n"
          "\n"
          "Commands:\n",
          out);
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fputs("\nSee refuge(1) and refuge.ini(5) for details.\n", out);
}

int cli_common_option(struct cli_context *ctx, int opt, const char *arg, const char *command)
{
    switch (opt) {
    case 'D':
        ctx->db_path = arg;
        return 1;
    case 'C':
        ctx->config_path = arg;
        return 1;
    case 'T':
        ctx->theme = arg;
        return 1;
    case 'R':
        ctx->rebuild = true;
        return 1;
    case 'h':
        for (size_t i = 0; i < NCOMMANDS; i++) {
            if (command && strcmp(commands[i].name, command) == 0) {
                printf("Usage: refuge %s%s%s\n%s.\n\nCommon options: --db PATH, "
                       "--config PATH, --theme NAME, --rebuild, --help.\nSee refuge(1).\n",
                       commands[i].name, commands[i].synopsis[0] ? " " : "",
                       commands[i].synopsis, commands[i].summary);
                return -1;
            }
        }
        print_usage(stdout);
        return -1;
    default:
        return 0;
    }
}

int cli_load_config(struct cli_context *ctx, bool report)
{
    struct rf_error err = {{0}};

    if (config_load(&ctx->config, ctx->config_path, &err) != 0)
        return cli_runtime_error(ctx, "%s", err.msg);
    if (ctx->theme && config_set_theme(&ctx->config, ctx->theme, &err) != 0)
        return cli_usage_error(ctx, "%s", err.msg);
    config_apply_environment(&ctx->config);
    if (report)
        for (size_t i = 0; i < ctx->config.ndiagnostics; i++)
            fprintf(stderr, "%s: %s\n", ctx->program, ctx->config.diagnostics[i]);
    return RF_EXIT_OK;
}

/* ---- refuge config -------------------------------------------------------- */

static int cmd_config(struct cli_context *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {
        CLI_COMMON_LONGOPTS, {"defaults", no_argument, NULL, 'd'}, {NULL, 0, NULL, 0}};
    bool defaults = false;
    int opt, status;

    while ((opt = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        int common = cli_common_option(ctx, opt, optarg, "config");
        if (common < 0)
            return RF_EXIT_OK;
        if (common > 0)
            continue;
        if (opt == 'd')
            defaults = true;
        else
            return cli_option_error(ctx, "config", opt, argv);
    }
    if (optind < argc)
        return cli_usage_error(ctx, "config: unexpected argument '%s'", argv[optind]);
    if (defaults) {
        config_write_defaults(stdout);
        return RF_EXIT_OK;
    }
    status = cli_load_config(ctx, true);
    if (status != RF_EXIT_OK)
        return status;
    printf("theme = %s\n", config_choice_name("ui", "theme", ctx->config.ui.theme));
    printf("layout = %s\n", config_choice_name("ui", "layout", ctx->config.ui.layout));
    printf("language = %s\n", config_choice_name("ui", "language", ctx->config.ui.language));
    printf("ambiguous_width = %s\n",
           config_choice_name("ui", "ambiguous_width", ctx->config.ui.ambiguous_width));
    printf("ascii = %s\nmouse = %s\nprojector = %s\n", ctx->config.ui.ascii ? "yes" : "no",
           ctx->config.ui.mouse ? "yes" : "no", ctx->config.ui.projector ? "yes" : "no");
    printf("feed.show = %s\n", config_choice_name("feed", "show", ctx->config.feed.show));
    printf("feed.sort = %s\n", config_choice_name("feed", "sort", ctx->config.feed.sort));
    printf("timeline.follow = %s\ntimeline.window = %dd\ntimeline.proportional = %s\n",
           ctx->config.timeline.follow ? "yes" : "no", ctx->config.timeline.window_days,
           ctx->config.timeline.proportional ? "yes" : "no");
    printf("stats.top = %d\n", ctx->config.stats.top);
    printf("tour.seconds = %d\ntour.captions = %s\n", ctx->config.tour.seconds,
           config_choice_name("tour", "captions", ctx->config.tour.captions));
    for (size_t i = 0; i < ctx->config.keys.count; i++)
        printf("keys.%s = %s\n", ctx->config.keys.items[i].key, ctx->config.keys.items[i].value);
    for (size_t i = 0; i < ctx->config.colors.count; i++)
        printf("colors.%s = %s\n", ctx->config.colors.items[i].key,
               ctx->config.colors.items[i].value);
    return RF_EXIT_OK;
}

/* ---- refuge tour ---------------------------------------------------------- */

static int cmd_tour(struct cli_context *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {
        CLI_COMMON_LONGOPTS, {"print", no_argument, NULL, 'p'}, {NULL, 0, NULL, 0}};
    bool print = false;
    struct rf_error err = {{0}};
    struct tour *tour;
    int opt;

    while ((opt = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        int common = cli_common_option(ctx, opt, optarg, "tour");
        if (common < 0)
            return RF_EXIT_OK;
        if (common > 0)
            continue;
        if (opt == 'p')
            print = true;
        else
            return cli_option_error(ctx, "tour", opt, argv);
    }
    if (!print)
        return cli_usage_error(ctx, "tour: --print is needed (refuge --tour presents it)");
    if (optind + 1 < argc)
        return cli_usage_error(ctx, "tour: unexpected argument '%s'", argv[optind + 1]);
    tour = tour_load(optind < argc ? argv[optind] : NULL, &err);
    if (!tour)
        return cli_runtime_error(ctx, "%s", err.msg);
    for (size_t i = 0; i < tour->ndiagnostics; i++)
        fprintf(stderr, "%s: %s\n", ctx->program, tour->diagnostics[i]);
    tour_print_md(tour, stdout);
    tour_free(tour);
    return RF_EXIT_OK;
}

/* ---- refuge keys ---------------------------------------------------------- */

static int cmd_keys(struct cli_context *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {
        CLI_COMMON_LONGOPTS, {"format", required_argument, NULL, 'f'}, {NULL, 0, NULL, 0}};
    const char *format = "text";
    int opt, status;

    while ((opt = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        int common = cli_common_option(ctx, opt, optarg, "keys");
        if (common < 0)
            return RF_EXIT_OK;
        if (common > 0)
            continue;
        if (opt == 'f')
            format = optarg;
        else
            return cli_option_error(ctx, "keys", opt, argv);
    }
    if (optind < argc)
        return cli_usage_error(ctx, "keys: unexpected argument '%s'", argv[optind]);
    if (strcmp(format, "text") != 0 && strcmp(format, "md") != 0 && strcmp(format, "man") != 0)
        return cli_usage_error(ctx, "keys: unknown format '%s' (text, md or man)", format);
    status = cli_load_config(ctx, true);
    if (status != RF_EXIT_OK)
        return status;
    keymap_init(&ctx->config);
    for (size_t i = 0; i < ctx->config.ndiagnostics; i++)
        fprintf(stderr, "%s: %s\n", ctx->program, ctx->config.diagnostics[i]);
    keymap_print(stdout, format);
    return RF_EXIT_OK;
}

/* ---- entry point ------------------------------------------------------------ */

int cli_main(int argc, char **argv)
{
    static const struct option longopts[] = {CLI_COMMON_LONGOPTS,
                                             {"version", no_argument, NULL, 'V'},
                                             {"tour", optional_argument, NULL, 'U'},
                                             {NULL, 0, NULL, 0}};
    struct cli_context ctx = {.program = "refuge"};
    int opt, status;

    config_init(&ctx.config);
    /* "+" stops at the first non-option: the command name. */
    opterr = 0;
    while ((opt = getopt_long(argc, argv, "+:hV", longopts, NULL)) != -1) {
        int common = cli_common_option(&ctx, opt, optarg, NULL);
        if (common < 0) {
            config_free(&ctx.config);
            return RF_EXIT_OK;
        }
        if (common > 0)
            continue;
        if (opt == 'U') {
            /* --tour=FILE, or --tour FILE when FILE is not a command. */
            ctx.tour_path = optarg ? optarg : "";
            if (!optarg && optind < argc && argv[optind][0] != '-') {
                bool is_command = false;
                for (size_t i = 0; i < NCOMMANDS; i++)
                    is_command |= strcmp(argv[optind], commands[i].name) == 0;
                if (!is_command)
                    ctx.tour_path = argv[optind++];
            }
            continue;
        }
        if (opt == 'V') {
            printf("refuge %s\n", PACKAGE_VERSION);
            config_free(&ctx.config);
            return RF_EXIT_OK;
        }
        config_free(&ctx.config);
        return cli_option_error(&ctx, NULL, opt, argv);
    }

    if (optind >= argc) {
        status = cli_load_config(&ctx, false);
        if (status == RF_EXIT_OK)
            status = app_run(&ctx);
        config_free(&ctx.config);
        return status;
    }

    for (size_t i = 0; i < NCOMMANDS; i++) {
        if (strcmp(argv[optind], commands[i].name) == 0) {
            int sub_argc = argc - optind;
            char **sub_argv = argv + optind;
            optind = 1; /* restart getopt for the command's own options */
            status = commands[i].run(&ctx, sub_argc, sub_argv);
            config_free(&ctx.config);
            return status;
        }
    }
    config_free(&ctx.config);
    return cli_usage_error(&ctx, "unknown command '%s'", argv[optind]);
}
