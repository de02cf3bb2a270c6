#include "autoconfig.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../ui/app.h"
#include "../ui/keymap.h"
#include "../ui/theme.h"
#include "../ui/tour.h"
#include "batch.h"
#include "cli.h"
#include "i18n.h"
#include "research.h"
#include "paths.h"
#include "publish_cmd.h"
#include "session.h"
#include "text.h"
#include "translate.h"

static int cmd_config(struct cli_context *ctx, int argc, char **argv);
static int cmd_keys(struct cli_context *ctx, int argc, char **argv);
static int cmd_tour(struct cli_context *ctx, int argc, char **argv);

/* Every sub-command, in the order --help lists them. Summaries are
 * translated where they are printed; synopses only where they hold words. */
static const struct cli_command commands[] = {
    {.name = "config",
     .synopsis = "[--defaults]",
     .summary = N_("check the settings files, print the settings in effect or the defaults"),
     .run = cmd_config},
    {.name = "keys",
     .synopsis = "[--format text|md|man]",
     .summary = N_("list the explorer's keys, with [keys] overrides applied"),
     .run = cmd_keys},
    {.name = "import",
     .synopsis = "[--format jsonl|json|csv|SOURCE] [--assume-zone ZONE] [--skip-bad]\n"
                 "         [--no-index] FILE...\n"
                 "         | --translations [--replace] [--skip-bad] FILE.csv...",
     .summary = N_("import posts, comments, events, figures or researchers' collections"),
     .run = batch_import},
    {.name = "export",
     .synopsis = "[--what all|posts|comments|events|figures|codes] [--format jsonl|csv]\n"
                 "         [--pseudonymise]",
     .summary = N_("write the cache's data in the format import reads"),
     .run = batch_export},
    {.name = "timeline",
     .synopsis = "[--kind K[,K...]] [--from D] [--to D] [--lang en|zh] [--format F]",
     .summary = N_("list the events of the saga in time order"),
     .run = batch_timeline},
    {.name = "feed",
     .synopsis = "[--search Q [--with-comments]] [--lang L] [--tag T] [--platform P]\n"
                 "         [--from D] [--to D] [--starred] [--marked] [--code NAME]\n"
                 "         [--provenance P] [--author KEY] [--sample N [--seed S]]\n"
                 "         [--code-as NAME] [--view NAME]\n"
                 "         [--save-view NAME] [--sort time|likes] [--limit N] [--format F]\n"
                 "         [--pseudonymise]",
     .summary = N_("list posts, newest (or most liked) first"),
     .run = batch_feed},
    {.name = "stats",
     /* TRANSLATORS: a command's arguments in --help: keep the option names
        (--top) and the upper-case placeholders as they are. */
     .synopsis = N_("[same filters as feed] [--top N] [--format F]"),
     .summary = N_("posts per day, language split, top tags and posts for a filter"),
     .run = batch_stats},
    {.name = "figures",
     .synopsis = "[--format text|csv|jsonl|md]",
     .summary = N_("the reported figures with every source: a handout (md), or data to import"),
     .run = batch_figures},
    {.name = "tags",
     .synopsis = "--with TAG [--top N] [--format text|csv|jsonl|md]",
     .summary = N_("the tags that travel with a tag: on how many of its posts each appears"),
     .run = batch_tags},
    {.name = "comments",
     .synopsis = "[--post PLATFORM:ID] [--format text|csv|jsonl|md] [--pseudonymise]",
     .summary = N_("list comments in thread order (all, or one post's)"),
     .run = batch_comments},
    {.name = "authors",
     .synopsis = N_("[same filters as feed] [--top N] [--format text|csv|jsonl|md]\n"
                    "         [--pseudonymise]"),
     .summary = N_("the authors of the posts, most posts first: posts, comments, likes, first and "
                "last seen"),
     .run = batch_authors},
    {.name = "tour",
     .synopsis = "--print [FILE]",
     .summary = N_("print a tour's steps and captions as Markdown (default: the bundled tour)"),
     .run = cmd_tour},
    {.name = "codes",
     .synopsis = "[--format text|csv|jsonl|md] [--by-day] | --import FILE.ini\n"
                 "         | --define NAME [--description D] [--key K] | --delete NAME\n"
                 "         | --apply NAME (--post|--comment) PLATFORM:ID [--memo M]\n"
                 "         | --remove NAME (--post|--comment) PLATFORM:ID",
     .summary = N_("the codebook with posts per code; define, import and apply codes"),
     .run = research_codes},
    {.name = "translate",
     .synopsis = "--command 'CMD' [--jobs N] [--timeout SECONDS] [--dry-run]\n"
                 "         [same filters as feed]",
     .summary = N_("translate the posts and comments that have none with a command of your own"),
     .run = cli_translate},
    {.name = "views",
     .synopsis = "[--delete NAME]",
     .summary = N_("the saved views (feed --save-view, w in the explorer), each with its filter"),
     .run = research_views},
    {.name = "drop",
     .synopsis = "--bundled",
     .summary = N_("remove the bundled dataset from the cache, keeping everything imported"),
     .run = research_drop},
    {.name = "index",
     .synopsis = "",
     .summary = N_("build what the search index lacks after an interrupted or --no-index import"),
     .run = batch_index},
    {.name = "check",
     .synopsis = "",
     .summary = N_("verify the cache: integrity, schema version, row counts"),
     .run = batch_check},
    {.name = "publish",
     .synopsis = "SRC DEST",
     .summary = N_("write a read-only snapshot of the cache SRC as DEST, for many readers"),
     .run = cli_publish},
};

#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void vreport(const struct cli_context *ctx, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
static void vreport(const struct cli_context *ctx, const char *fmt, va_list ap)
{
    char *msg = NULL, *clean;

    if (vasprintf(&msg, fmt, ap) < 0)
        msg = NULL;
    clean = msg ? text_sanitize(msg, strlen(msg), 0) : NULL;
    fprintf(stderr, "%s: %s\n", ctx->program, clean ? clean : _("(out of memory)"));
    free(clean);
    free(msg);
}

void cli_warn(const struct cli_context *ctx, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vreport(ctx, fmt, ap);
    va_end(ap);
}

int cli_usage_error(const struct cli_context *ctx, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vreport(ctx, fmt, ap);
    va_end(ap);
    fprintf(stderr, _("Try '%s --help' for more information.\n"), ctx->program);
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
        return cli_usage_error(ctx, _("%s%soption '%s' needs a value"), prefix, sep, arg);
    if (optopt && optopt != '?' && (arg[0] != '-' || arg[1] != '-'))
        return cli_usage_error(ctx, _("%s%sunknown option '-%c'"), prefix, sep, optopt);
    return cli_usage_error(ctx, _("%s%sunknown option '%s'"), prefix, sep, arg);
}

static void print_usage(FILE *out)
{
    /* TRANSLATORS: refuge --help. Keep the option names, the placeholders
       (PATH, NAME, ZONE, FILE) and the layout: the descriptions start in
       column 20 and lines stay within 80 columns. */
    fputs(_("Usage: refuge [OPTIONS]              open the explorer\n"
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
            "  --tz ZONE        show times and count days in ZONE: local, UTC, an IANA\n"
            "                   name (Asia/Shanghai) or an offset (+08:00)\n"
            "  --interface LANG language of menus, messages and headings: auto (the\n"
            "                   locale), en or zh\n"
            "  --script SCRIPT  Chinese text in the explorer: as-is, simplified or\n"
            "                   traditional (J cycles it)\n"
            "  --tour[=FILE]    start a guided tour (default: the bundled one)\n"
            "  --rebuild        move the cache aside (kept as cache.db.damaged-DATE)\n"
            "                   and start a new one with the bundled dataset\n"
            "  --no-bundle      make and keep the cache without the bundled dataset\n"
            "  -h, --help       show this help and exit\n"
            "  -V, --version    show the version and exit\n"
            "\n"
            "Commands:\n"),
          out);
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, _(commands[i].summary));
    fputs(_("\nSee refuge(1) and refuge.ini(5) for details.\n"), out);
}

/* --help speaks the interface language of the settings files too, unless
 * --interface chose one; the files are read quietly (cli_load_config
 * reports their problems when a command runs). */
static void help_language(const struct cli_context *ctx)
{
    struct config settings;
    struct rf_error ignored = {{0}};

    if (ctx->interface)
        return;
    config_init(&settings);
    if (config_load(&settings, ctx->config_path, &ignored) == 0)
        i18n_set_interface((enum i18n_interface)settings.ui.interface);
    config_free(&settings);
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
    case 'Z':
        ctx->tz = arg;
        return 1;
    case 'I': {
        struct rf_error ignored = {{0}};
        /* at once, so that a --help after it speaks the language chosen; a
         * bad name is reported by cli_load_config */
        ctx->interface = arg;
        if (config_set_interface(&ctx->config, arg, &ignored) == 0)
            i18n_set_interface((enum i18n_interface)ctx->config.ui.interface);
        return 1;
    }
    case 'S':
        ctx->script = arg;
        return 1;
    case 'R':
        ctx->rebuild = true;
        return 1;
    case 'N':
        ctx->no_bundle = true;
        return 1;
    case 'h':
        help_language(ctx);
        for (size_t i = 0; i < NCOMMANDS; i++) {
            if (command && strcmp(commands[i].name, command) == 0) {
                /* TRANSLATORS: refuge COMMAND --help: the command and its
                   arguments, then its summary. Keep the option names. */
                printf(_("Usage: refuge %s%s%s\n%s.\n\nCommon options: --db PATH, "
                         "--config PATH, --theme NAME, --tz ZONE, --interface LANG,\n"
                         "--script SCRIPT, --rebuild, --no-bundle, --help.\nSee refuge(1).\n"),
                       commands[i].name, commands[i].synopsis[0] ? " " : "",
                       commands[i].synopsis[0] ? _(commands[i].synopsis) : "",
                       _(commands[i].summary));
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
    if (ctx->tz && config_set_timezone(&ctx->config, ctx->tz, &err) != 0)
        return cli_usage_error(ctx, "--tz: %s", err.msg);
    if (ctx->interface && config_set_interface(&ctx->config, ctx->interface, &err) != 0)
        return cli_usage_error(ctx, "--interface: %s", err.msg);
    if (ctx->script && config_set_script(&ctx->config, ctx->script, &err) != 0)
        return cli_usage_error(ctx, "--script: %s", err.msg);
    i18n_set_interface((enum i18n_interface)ctx->config.ui.interface);
    config_apply_environment(&ctx->config);
    /* What is written for people follows the locale as the explorer does. */
    config_apply_text(&ctx->config);
    if (!report)
        return RF_EXIT_OK;
    /* [keys] and [colors] are checked by the explorer's own rules. */
    keymap_init(&ctx->config);
    theme_check(&ctx->config);
    for (size_t i = 0; i < ctx->config.ndiagnostics; i++)
        cli_warn(ctx, "%s", ctx->config.diagnostics[i]);
    return RF_EXIT_OK;
}

/* ---- refuge config -------------------------------------------------------- */

/* Prints "label = value  ; from FILE:LINE" (or "; built-in" when from is
 * NULL, "; --theme"),
 * through the text layer: a value or file name from a settings file could
 * hold escape sequences. */
static void print_setting(const char *label, const char *value, const char *from, int line)
{
    char *raw = NULL, *clean;
    int n;

    if (!from)
        n = asprintf(&raw, _("%s = %s  ; built-in"), label, value);
    else if (line > 0)
        n = asprintf(&raw, _("%s = %s  ; from %s:%d"), label, value, from, line);
    else if (strchr(from, '/'))
        n = asprintf(&raw, _("%s = %s  ; from %s"), label, value, from);
    else
        n = asprintf(&raw, "%s = %s  ; %s", label, value, from);
    if (n < 0)
        return;
    clean = text_sanitize(raw, (size_t)n, 0);
    puts(clean ? clean : raw);
    free(clean);
    free(raw);
}

static int cmd_config(struct cli_context *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {
        CLI_COMMON_LONGOPTS, {"defaults", no_argument, NULL, 'd'}, {NULL, 0, NULL, 0}};
    const char *section, *key;
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
        return cli_usage_error(ctx, _("config: unexpected argument '%s'"), argv[optind]);
    if (defaults) {
        config_write_defaults(stdout);
        return RF_EXIT_OK;
    }
    status = cli_load_config(ctx, true);
    if (status != RF_EXIT_OK)
        return status;
    for (size_t i = 0; config_key_at(i, &section, &key); i++) {
        char label[64], value[64];
        int line;
        const char *from = config_origin(&ctx->config, section, key, &line);

        /* [ui] keys print bare, others as section.key */
        snprintf(label, sizeof label, "%s%s%s", strcmp(section, "ui") ? section : "",
                 strcmp(section, "ui") ? "." : "", key);
        config_value_text(&ctx->config, section, key, value, sizeof value);
        print_setting(label, value, from, line);
    }
    for (size_t i = 0; i < ctx->config.keys.count; i++) {
        const struct cfg_entry *e = &ctx->config.keys.items[i];
        char label[300];
        snprintf(label, sizeof label, "keys.%s", e->key);
        print_setting(label, e->value, e->file, e->line);
    }
    for (size_t i = 0; i < ctx->config.colors.count; i++) {
        const struct cfg_entry *e = &ctx->config.colors.items[i];
        char label[300];
        snprintf(label, sizeof label, "colors.%s", e->key);
        print_setting(label, e->value, e->file, e->line);
    }
    return RF_EXIT_OK;
}

/* ---- refuge tour ---------------------------------------------------------- */

static int cmd_tour(struct cli_context *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {
        CLI_COMMON_LONGOPTS, {"print", no_argument, NULL, 'p'}, {NULL, 0, NULL, 0}};
    char found[4096];
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
        return cli_usage_error(ctx, _("tour: --print is needed (refuge --tour presents it)"));
    if (optind + 1 < argc)
        return cli_usage_error(ctx, _("tour: unexpected argument '%s'"), argv[optind + 1]);
    if (optind < argc)
        paths_find_tour(argv[optind], found, sizeof found);
    tour = tour_load(optind < argc ? found : NULL, &err);
    if (!tour)
        return cli_runtime_error(ctx, "%s", err.msg);
    for (size_t i = 0; i < tour->ndiagnostics; i++)
        cli_warn(ctx, "%s", tour->diagnostics[i]);
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
        return cli_usage_error(ctx, _("keys: unexpected argument '%s'"), argv[optind]);
    if (strcmp(format, "text") != 0 && strcmp(format, "md") != 0 && strcmp(format, "man") != 0)
        return cli_usage_error(ctx, _("keys: unknown format '%s' (text, md or man)"), format);
    status = cli_load_config(ctx, true);
    if (status != RF_EXIT_OK)
        return status;
    keymap_print(stdout, format);
    return RF_EXIT_OK;
}

/* ---- the explorer ------------------------------------------------------------ */

/* Loads the tour and opens the session, then hands them to the explorer.
 * A tour that cannot be read is reported before the screen changes. */
static int explore(struct cli_context *ctx)
{
    struct rf_error err = {{0}}, warning = {{0}};
    struct tour *tour = NULL;
    struct session s;
    int status;

    if (ctx->tour_path && !(tour = tour_load(ctx->tour_path, &err)))
        return cli_runtime_error(ctx, "%s", err.msg);
    if (session_start(ctx, &s, &warning, &err) != 0) {
        tour_free(tour);
        return cli_runtime_error(ctx, "%s", err.msg);
    }
    status = app_run(&(struct app_session){.model = s.model, .config = &ctx->config,
                                           .tour = tour,
                                           .notice = warning.msg[0] ? warning.msg : NULL},
                     &err);
    if (status == RF_EXIT_RUNTIME)
        cli_runtime_error(ctx, "%s", err.msg);
    session_close(&s);
    tour_free(tour);
    return status;
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
    static char tour_found[4096];

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

    if (ctx.tour_path && ctx.tour_path[0]) {
        /* a name without a '/' may be one of the installed tours */
        paths_find_tour(ctx.tour_path, tour_found, sizeof tour_found);
        ctx.tour_path = tour_found;
    }
    if (optind >= argc) {
        status = cli_load_config(&ctx, false);
        if (status == RF_EXIT_OK)
            status = explore(&ctx);
        config_free(&ctx.config);
        return status;
    }

    for (size_t i = 0; i < NCOMMANDS; i++) {
        if (strcmp(argv[optind], commands[i].name) == 0) {
            int sub_argc = argc - optind;
            char **sub_argv = argv + optind;
            optind = 1; /* restart getopt for the command's own options */
            /* A listing into a file or a pipe: fewer, larger writes (a
             * terminal keeps its line buffering). */
            if (!isatty(STDOUT_FILENO))
                setvbuf(stdout, NULL, _IOFBF, 1 << 16);
            status = commands[i].run(&ctx, sub_argc, sub_argv);
            config_free(&ctx.config);
            return status;
        }
    }
    config_free(&ctx.config);
    return cli_usage_error(&ctx, _("unknown command '%s'"), argv[optind]);
}
