/* translate.h — `refuge translate --command CMD [filters]`: each post and
 * comment without a translation, among those the feed's filters select,
 * given to a translation command of the user's choosing (src/translate_cmd.h),
 * `--jobs N` at once, each with a time limit; every result is committed as
 * it arrives (src/import/store_translation.h: a `machine` translation
 * naming the command, never over an existing one), so a run stopped with
 * Ctrl-C continues where it stopped when run again. `--dry-run` counts what
 * would be sent. Registered in cli.c's table; returns an enum rf_exit
 * status (failures of the command: RF_EXIT_RUNTIME; stopped by a signal:
 * 128 + the signal) and reports through cli_warn().
 */
#ifndef REFUGE_CLI_TRANSLATE_H
#define REFUGE_CLI_TRANSLATE_H

#include "cli.h"

int cli_translate(struct cli_context *ctx, int argc, char **argv);

#endif
