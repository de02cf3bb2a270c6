/* cli.h — the command line: global options, the sub-command table, and the
 * helpers every sub-command uses to parse its own options.
 *
 * `refuge [OPTIONS]` opens the TUI; `refuge [OPTIONS] COMMAND [ARGS]` runs a
 * batch command. Options common to all (--db, --config, --theme, --tz,
 * --interface, --script, --rebuild, --no-bundle, --help) are
 * accepted both before and after the command name.
 */
#ifndef REFUGE_CLI_H
#define REFUGE_CLI_H

#include <getopt.h>
#include <stdbool.h>

#include "config.h"

struct cli_context {
    const char *program;     /* argv[0] as shown in messages: "refuge" */
    const char *db_path;     /* --db PATH, or NULL for the default cache */
    const char *config_path; /* --config PATH, or NULL */
    const char *theme;       /* --theme NAME, or NULL */
    const char *tz;          /* --tz ZONE, or NULL */
    const char *interface;   /* --interface auto|en|zh, or NULL */
    const char *script;      /* --script as-is|simplified|traditional, or NULL */
    const char *tour_path;   /* --tour[=FILE]: "" for the bundled tour, NULL for none */
    bool rebuild;            /* --rebuild: move the cache aside and start a new one */
    bool no_bundle;          /* --no-bundle: a cache without the bundled dataset */
    struct config config;    /* loaded once the options are known */
};

/* A sub-command: run() gets argv with argv[0] == the command's name and
 * returns an enum rf_exit status. */
struct cli_command {
    const char *name;
    const char *synopsis; /* the arguments, for --help */
    const char *summary;  /* one line, for --help */
    int (*run)(struct cli_context *ctx, int argc, char **argv);
};

/* Long options every command accepts; put this macro first in a command's
 * `struct option` array and pass each option to cli_common_option(). */
#define CLI_COMMON_LONGOPTS                                                   \
    {"db", required_argument, NULL, 'D'}, {"config", required_argument, NULL, 'C'}, \
        {"theme", required_argument, NULL, 'T'}, {"help", no_argument, NULL, 'h'}, \
        {"rebuild", no_argument, NULL, 'R'}, {"no-bundle", no_argument, NULL, 'N'}, \
        {"tz", required_argument, NULL, 'Z'}, {"interface", required_argument, NULL, 'I'}, \
        {"script", required_argument, NULL, 'S'}

/* Handles one option parsed by getopt_long. Returns 1 when it was a common
 * option (and stored it), 0 when the caller must handle it, and -1 when it
 * was --help for `command` (usage already printed to stdout). */
int cli_common_option(struct cli_context *ctx, int opt, const char *arg, const char *command);

/* Every message below goes to stderr as one line, "refuge: message", and
 * passes the text layer first: a name or value it quotes from a file, the
 * command line or the environment shows its control characters, escape
 * sequences and bidi controls as visible placeholders, never raw. */

/* Prints "refuge: message" and returns RF_EXIT_USAGE, with a hint to
 * --help; for usage errors. */
int cli_usage_error(const struct cli_context *ctx, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Reports the option getopt_long rejected (it returned '?' or, with a
 * leading ':' in the optstring, ':' for a missing value) as a usage error. */
int cli_option_error(const struct cli_context *ctx, const char *command, int opt, char **argv);

/* Prints "refuge: message" and returns RF_EXIT_RUNTIME. */
int cli_runtime_error(const struct cli_context *ctx, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Prints "refuge: message" (a warning or a diagnostic). */
void cli_warn(const struct cli_context *ctx, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Loads the configuration layers into ctx->config, applies --theme, --tz,
 * --interface, --script and NO_COLOR, and sets the interface language from the result
 * (i18n_set_interface). When `report` is true, also checks [keys] and [colors] (with
 * the keymap's and theme's own rules; the keymap is set up) and prints every
 * diagnostic once to stderr.
 * Returns 0, or an enum rf_exit status after printing the error. */
int cli_load_config(struct cli_context *ctx, bool report);

/* The program's entry point after setlocale() and i18n_init(): parses argv and runs the TUI
 * or a command. Returns the process exit status. */
int cli_main(int argc, char **argv);

#endif
