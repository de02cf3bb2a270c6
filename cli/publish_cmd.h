/* publish_cmd.h — `refuge publish SRC DEST`: the command over src/publish.h. */
#ifndef REFUGE_PUBLISH_CMD_H
#define REFUGE_PUBLISH_CMD_H

#include "cli.h"

/* Publishes the cache SRC as the read-only snapshot DEST; prints what it
 * published. Returns an RF_EXIT_* status. */
int cli_publish(struct cli_context *ctx, int argc, char **argv);

#endif
