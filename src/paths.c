#include "autoconfig.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "paths.h"

/* An XDG variable counts only when it is an absolute path (the spec says
 * relative values are invalid and must be ignored). */
static const char *xdg_dir(const char *var)
{
    const char *v = getenv(var);
    return (v && v[0] == '/') ? v : NULL;
}

static int xdg_path(char *buf, size_t size, const char *var, const char *home_rel,
                    const char *leaf, struct rf_error *err)
{
    const char *base = xdg_dir(var);
    const char *home = getenv("HOME");
    int n;

    if (base)
        n = snprintf(buf, size, "%s/refuge/%s", base, leaf);
    else if (home && home[0])
        n = snprintf(buf, size, "%s/%s/refuge/%s", home, home_rel, leaf);
    else {
        rf_error_set(err, "neither %s nor HOME is set; give a path explicitly", var);
        return -1;
    }
    if (n < 0 || (size_t)n >= size) {
        rf_error_set(err, "path under %s is too long", base ? var : "HOME");
        return -1;
    }
    return 0;
}

int paths_user_config(char *buf, size_t size, struct rf_error *err)
{
    return xdg_path(buf, size, "XDG_CONFIG_HOME", ".config", "refuge.ini", err);
}

int paths_default_cache(char *buf, size_t size, struct rf_error *err)
{
    return xdg_path(buf, size, "XDG_DATA_HOME", ".local/share", "cache.db", err);
}

int paths_make_parent_dirs(const char *path, struct rf_error *err)
{
    char dir[4096];
    char *slash;
    size_t len = strlen(path);

    if (len >= sizeof dir) {
        rf_error_set(err, "path is too long: %s", path);
        return -1;
    }
    memcpy(dir, path, len + 1);
    slash = strrchr(dir, '/');
    if (!slash || slash == dir)
        return 0;
    *slash = '\0';
    /* Walk the components left to right, creating what is missing. */
    for (char *p = dir + 1;; p++) {
        if (*p == '/' || *p == '\0') {
            char saved = *p;
            *p = '\0';
            if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
                rf_error_set(err, "cannot create directory %s: %s", dir, strerror(errno));
                return -1;
            }
            *p = saved;
            if (saved == '\0')
                break;
        }
    }
    return 0;
}
