/* paths.h — where refuge keeps its files (XDG Base Directory conventions). */
#ifndef REFUGE_PATHS_H
#define REFUGE_PATHS_H

#include <stddef.h>

#include "error.h"

/* Writes $XDG_CONFIG_HOME/refuge/refuge.ini (or ~/.config/refuge/refuge.ini)
 * into buf. Returns 0, or -1 when neither XDG_CONFIG_HOME nor HOME is set
 * (or the path does not fit), with err set. */
int paths_user_config(char *buf, size_t size, struct rf_error *err);

/* Writes $XDG_DATA_HOME/refuge/cache.db (or ~/.local/share/refuge/cache.db)
 * into buf. Returns 0, or -1 with err set. Creates nothing. */
int paths_default_cache(char *buf, size_t size, struct rf_error *err);

/* Creates every missing directory leading to the file `path` (mode 0700 for
 * new ones, as the cache holds the user's reading state). Returns 0, or -1
 * with err naming the directory and the reason. */
int paths_make_parent_dirs(const char *path, struct rf_error *err);

#endif
