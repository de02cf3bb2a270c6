/* research.h — the batch commands of a researcher's own cache: `refuge drop`
 * (the bundled dataset out of a cache) and `refuge codes` (the codebook and
 * codes applied). Registered in cli.c's table; each
 * returns an enum rf_exit status and reports through cli_warn().
 */
#ifndef REFUGE_RESEARCH_H
#define REFUGE_RESEARCH_H

#include "cli.h"

/* refuge drop --bundled */
int research_drop(struct cli_context *ctx, int argc, char **argv);

/* refuge codes: the codebook (list, --define, --delete, --import FILE.ini),
 * codes applied from the command line (--apply/--remove NAME --post or
 * --comment PLATFORM:ID [--memo M]), and posts per code and day. */
int research_codes(struct cli_context *ctx, int argc, char **argv);

/* refuge views: the saved views with what each selects; --delete NAME. */
int research_views(struct cli_context *ctx, int argc, char **argv);

#endif
