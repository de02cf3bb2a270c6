/* paths.h — where refuge keeps its files (XDG Base Directory conventions). */
#ifndef REFUGE_PATHS_H
#define REFUGE_PATHS_H

#include <stddef.h>

#include "error.h"

/* Writes $XDG_CONFIG_HOME/refuge/refuge.ini (or ~/.config/refuge/refuge.ini)
 * into buf. Returns 0, or -1 when neither XDG_CONFIG_HOME nor HOME is set
 * (or the path does not fit), with err set. */
int paths_user_config(char *buf, size_t size, struct rf_error *err);

/* The system-wide settings files, least important first: the file named by
 * $REFUGE_SYSTEM_CONFIG when that is set (none when it is empty), else
 * SYSCONFDIR/refuge/refuge.ini (/etc/refuge/refuge.ini in the Debian
 * package); then DIR/refuge/refuge.ini for each absolute DIR in
 * $XDG_CONFIG_DIRS (default /etc/xdg), the first listed last, as it is the
 * most important. A path already listed is not listed again. Whether the
 * files exist is not checked. Returns a NULL-terminated array to release
 * with paths_free_list(), or NULL when memory ran out. */
char **paths_system_configs(void);

void paths_free_list(char **list);

/* Finds a tour file by name for --tour=NAME: NAME itself when it names an
 * existing file or holds a '/', else NAME or NAME.ini in the tour directory,
 * $REFUGE_TOUR_DIR when set, else PKGDATADIR/tours (/usr/share/refuge/tours
 * in the Debian package). Writes the path to use into buf (NAME itself when
 * nothing matches, so the error names what was asked for). */
void paths_find_tour(const char *name, char *buf, size_t size);

/* Writes $XDG_DATA_HOME/refuge/cache.db (or ~/.local/share/refuge/cache.db)
 * into buf. Returns 0, or -1 with err set. Creates nothing. */
int paths_default_cache(char *buf, size_t size, struct rf_error *err);

/* Writes $XDG_DATA_HOME/refuge/state-ID.db (or under ~/.local/share) into
 * buf: the private state file for the cache whose identity is `id` (see
 * userstate.h). Returns 0, or -1 with err set. Creates nothing. */
int paths_user_state(const char *id, char *buf, size_t size, struct rf_error *err);

/* Creates every missing directory leading to the file `path` (mode 0700 for
 * new ones, as the cache holds the user's reading state). Returns 0, or -1
 * with err naming the directory and the reason. */
int paths_make_parent_dirs(const char *path, struct rf_error *err);

#endif
