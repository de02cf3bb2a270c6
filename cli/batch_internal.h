/* batch_internal.h — what the batch commands (cli/batch*.c) share.
 *
 * Private to cli/batch*.c. cli/batch.c holds the shared helpers (opening the
 * session, option values, the output format and width, the filter options
 * of feed and stats); each family of commands has its own file:
 * batch_cache.c (import, export, check), batch_index.c (index, progress),
 * batch_timeline.c, batch_feed.c,
 * batch_stats.c (stats, figures), batch_comments.c, batch_authors.c.
 */
#ifndef REFUGE_BATCH_INTERNAL_H
#define REFUGE_BATCH_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cli.h"
#include "model.h"
#include "pseudo.h"
#include "session.h"
#include "writer.h"

enum out_format { OUT_TEXT, OUT_CSV, OUT_JSONL, OUT_MD };

/* Options shared by the listing commands. */
enum {
    OPT_FORMAT = 256, OPT_FROM, OPT_TO, OPT_LANG, OPT_TAG, OPT_PLATFORM, OPT_SEARCH, OPT_LIMIT,
    OPT_SORT, OPT_KIND, OPT_WHAT, OPT_SKIP_BAD, OPT_TOP, OPT_STARRED, OPT_PROVENANCE,
    OPT_ASSUME_ZONE, OPT_POST, OPT_WITH, OPT_AUTHOR, OPT_WITH_COMMENTS, OPT_PSEUDONYMISE, OPT_BY,
    OPT_CODE, OPT_MARKED, OPT_SAMPLE, OPT_SEED, OPT_CODE_AS, OPT_VIEW, OPT_SAVE_VIEW, OPT_COMMAND,
    OPT_JOBS, OPT_TIMEOUT, OPT_DRY_RUN, OPT_TRANSLATIONS, OPT_REPLACE,
    OPT_NO_INDEX
};

/* Option values: RF_EXIT_OK, or a usage status after printing why. */
int batch_parse_format(struct cli_context *ctx, const char *cmd, const char *arg,
                       enum out_format *out);
/* The reader's zone: --tz, else [ui] timezone of the settings files, into
 * ctx->config.ui.timezone. */
int batch_reader_zone(struct cli_context *ctx);
/* --from / --to: a period or an instant, by when_parse_bound()'s rules, days
 * beginning in the reader's zone (batch_reader_zone() first); nothing when
 * arg is NULL (not given), else *has set. */
int batch_parse_bound(struct cli_context *ctx, const char *cmd, const char *opt,
                      const char *arg, bool is_to, bool *has, int64_t *out);
/* A whole number from 0 to max. */
int batch_parse_number(struct cli_context *ctx, const char *cmd, const char *opt,
                       const char *arg, long max, long *out);

/* The most rows --top lists: each is gathered in memory at once. */
#define TOP_MAX 1000

/* The day ts falls on in zone, as YYYY-MM-DD. */
void batch_format_day(char *buf, size_t size, int64_t ts, struct when_zone zone);
/* --pseudonymise: the cache's salt into ps (made the first time), and for
 * text and Markdown the line saying the listing is pseudonymised. Returns
 * RF_EXIT_OK or an exit status after reporting. */
int batch_pseudonymise(struct cli_context *ctx, struct session *s, const char *cmd,
                       enum out_format format, struct pseudo *ps);
/* A writer of a data format to standard output, defused on a terminal. */
void batch_data_writer(struct writer *w, enum out_format format);
/* The width plain text is laid out for: $COLUMNS, the terminal's, or 100. */
int batch_out_width(void);

/* ---- progress of refuge import and refuge index (batch_index.c) ----------------- */

/* What a long import shows on stderr: on a terminal a bar redrawn in
 * place; otherwise a plain line at each quarter (never an escape code). */
struct progress {
    bool on;        /* worth showing: a large input, or one of unknown size */
    bool tty;       /* stderr is a terminal */
    bool drawn;     /* a bar is on the terminal's line */
    uint64_t total; /* bytes of the inputs, 0 when unknown (a pipe) */
    int quarter;    /* the last quarter a plain line told (phase and percent) */
};

/* Shows "importing FILE [####  ] 63%" for the rows phase. */
void batch_progress_rows(void *data, const char *name, uint64_t bytes);
/* Shows "search index [####  ] 63%" for the index's phase
 * (import_options.index_progress). */
void batch_progress_index(void *data, int64_t done, int64_t total);
/* Clears a bar from the terminal's line before other output. */
void batch_progress_clear(struct progress *p);
/* After an import or refuge index: what the search index still lacks, and
 * how to finish it, on stderr (nothing when it is complete). */
void batch_index_report(struct cli_context *ctx, int64_t waiting, const char *why);
/* A search answered while the index is incomplete: say so on stderr. */
void batch_index_note(struct cli_context *ctx, struct model *m, const struct model_filter *f);

/* ---- the filter options of refuge feed and refuge stats (batch.c) ---------------- */

struct post_opts {
    struct model_filter filter;
    enum out_format format;
    enum model_sort sort;
    long limit, top;
    bool has_seed, has_sort;
    const char *code_as;   /* feed --code-as NAME */
    const char *view;      /* --view NAME: a saved view under the options given */
    const char *save_view; /* feed --save-view NAME */
    bool pseudonymise; /* --pseudonymise (feed and authors) */
    enum model_unit by; /* stats: the series' unit (--by) */
    /* translate only: */
    const char *command; /* --command CMD */
    long jobs;           /* --jobs N (0: not given) */
    double timeout;      /* --timeout SECONDS (0: not given) */
    bool dry_run;        /* --dry-run */
};

/* Parses the filter options; `stats` accepts --top and --by instead of
 * --limit and --sort; translate takes the filter and its own options
 * (--command, --jobs, --timeout, --dry-run), none of the listing's. Loads the reader's zone (batch_reader_zone()) for
 * --from and --to. Returns RF_EXIT_OK, -1 after --help, or a usage status. */
int batch_parse_post_opts(struct cli_context *ctx, const char *cmd, bool stats, int argc,
                          char **argv, struct post_opts *o);

/* --view NAME: the saved view's filter, search and sort under what the
 * command line gave (an option given wins); --save-view NAME then keeps
 * the result. `view` (released with wb_view_free(), also on failure) holds
 * the view's strings until the command ends. Returns RF_EXIT_OK or a status
 * after saying why. */
struct wb_view;
int batch_use_views(struct cli_context *ctx, const char *cmd, struct model *m,
                    struct post_opts *o, struct wb_view *view);
/* " from 2025-01-14 lang zh ...", or " all posts": what a filter selects,
 * for a report's title (batch_stats.c). */
void batch_describe_filter(char *buf, size_t size, const struct model_filter *f,
                           struct when_zone zone);

#endif
