/* research.h — the batch commands of a researcher's own cache: `refuge drop`
 * (the bundled dataset out of a cache). Registered in cli.c's table; each
 * returns an enum rf_exit status and reports through cli_warn().
 */
#ifndef REFUGE_RESEARCH_H
#define REFUGE_RESEARCH_H

#include "cli.h"

/* refuge drop --bundled */
int research_drop(struct cli_context *ctx, int argc, char **argv);

#endif
