/* batch.h — the batch commands: import, export, timeline, feed, stats,
 * figures, comments, tags, check.
 *
 * Each runs with the same model the explorer uses and prints plain text
 * (aligned with the text layer), CSV, JSON Lines or Markdown on stdout;
 * problems go to stderr as one "refuge: ..." line. Each returns an enum
 * rf_exit status. They are registered in the command table in cli.c.
 */
#ifndef REFUGE_BATCH_H
#define REFUGE_BATCH_H

#include "cli.h"

int batch_import(struct cli_context *ctx, int argc, char **argv);
int batch_export(struct cli_context *ctx, int argc, char **argv);
int batch_timeline(struct cli_context *ctx, int argc, char **argv);
int batch_feed(struct cli_context *ctx, int argc, char **argv);
int batch_stats(struct cli_context *ctx, int argc, char **argv);
int batch_figures(struct cli_context *ctx, int argc, char **argv);
int batch_check(struct cli_context *ctx, int argc, char **argv);
/* refuge index: builds what the search index lacks (an interrupted or
 * --no-index import), in steps. */
int batch_index(struct cli_context *ctx, int argc, char **argv);
struct db;
/* When opening `db` migrated it past DB_VERSION_INDEX_REMADE (its search
 * indexes made anew, empty), builds them now as refuge index would, with
 * its progress on stderr; a signal stops it between two steps, the rest
 * waiting for refuge index or the next import (searches scan it
 * meanwhile). Returns 0, or -1 with err set to what is left and why. */
int batch_index_upgraded(struct db *db, struct rf_error *err);
int batch_comments(struct cli_context *ctx, int argc, char **argv);
int batch_tags(struct cli_context *ctx, int argc, char **argv);
/* refuge authors [filters] [--top N] [--format F] */
int batch_authors(struct cli_context *ctx, int argc, char **argv);

#endif
