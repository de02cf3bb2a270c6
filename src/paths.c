#include "autoconfig.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"
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
        rf_error_set(err, _("neither %s nor HOME is set; give a path explicitly"), var);
        return -1;
    }
    if (n < 0 || (size_t)n >= size) {
        rf_error_set(err, _("path under %s is too long"), base ? var : "HOME");
        return -1;
    }
    return 0;
}

int paths_user_config(char *buf, size_t size, struct rf_error *err)
{
    return xdg_path(buf, size, "XDG_CONFIG_HOME", ".config", "refuge.ini", err);
}

/* Set by Makefile.am from configure's --sysconfdir and --datadir. */
#ifndef REFUGE_SYSCONFDIR
#define REFUGE_SYSCONFDIR "/etc"
#endif
#ifndef REFUGE_PKGDATADIR
#define REFUGE_PKGDATADIR "/usr/share/refuge"
#endif

/* Appends a copy of path to the NULL-terminated *list unless it is there. */
static int list_add(char ***list, size_t *n, const char *path)
{
    char **grown;

    for (size_t i = 0; i < *n; i++)
        if (strcmp((*list)[i], path) == 0)
            return 0;
    if (!(grown = realloc(*list, (*n + 2) * sizeof *grown)))
        return -1;
    *list = grown;
    if (!(grown[*n] = strdup(path)))
        return -1;
    grown[++*n] = NULL;
    return 0;
}

char **paths_system_configs(void)
{
    const char *over = getenv("REFUGE_SYSTEM_CONFIG");
    const char *dirs = getenv("XDG_CONFIG_DIRS");
    char **list = calloc(1, sizeof *list);
    char path[4096];
    size_t n = 0;

    if (!list)
        return NULL;
    if (!over)
        over = REFUGE_SYSCONFDIR "/refuge/refuge.ini";
    if (over[0] && list_add(&list, &n, over) != 0)
        goto fail;
    if (!dirs || !dirs[0])
        dirs = "/etc/xdg";
    /* The first directory listed is the most important, so it is read
     * last: walk the list from its end. */
    for (const char *end = dirs + strlen(dirs); end > dirs;) {
        const char *start = end;
        int len;

        while (start > dirs && start[-1] != ':')
            start--;
        len = (int)(end - start);
        if (len > 0 && start[0] == '/' &&
            snprintf(path, sizeof path, "%.*s/refuge/refuge.ini", len, start) < (int)sizeof path &&
            list_add(&list, &n, path) != 0)
            goto fail;
        end = start > dirs ? start - 1 : dirs;
    }
    return list;
fail:
    paths_free_list(list);
    return NULL;
}

void paths_free_list(char **list)
{
    if (!list)
        return;
    for (size_t i = 0; list[i]; i++)
        free(list[i]);
    free(list);
}

void paths_find_tour(const char *name, char *buf, size_t size)
{
    const char *dir = getenv("REFUGE_TOUR_DIR");
    static const char *const suffixes[] = {"", ".ini"};

    if (!dir || !dir[0])
        dir = REFUGE_PKGDATADIR "/tours";
    if (!strchr(name, '/') && access(name, F_OK) != 0 && name[0] != '.') {
        for (size_t i = 0; i < 2; i++) {
            int n = snprintf(buf, size, "%s/%s%s", dir, name, suffixes[i]);
            if (n > 0 && (size_t)n < size && access(buf, R_OK) == 0)
                return;
        }
    }
    snprintf(buf, size, "%s", name);
}

int paths_default_cache(char *buf, size_t size, struct rf_error *err)
{
    return xdg_path(buf, size, "XDG_DATA_HOME", ".local/share", "cache.db", err);
}

int paths_user_state(const char *id, char *buf, size_t size, struct rf_error *err)
{
    char leaf[128];

    snprintf(leaf, sizeof leaf, "state-%s.db", id);
    return xdg_path(buf, size, "XDG_DATA_HOME", ".local/share", leaf, err);
}

int paths_make_parent_dirs(const char *path, struct rf_error *err)
{
    char dir[4096];
    char *slash;
    size_t len = strlen(path);

    if (len >= sizeof dir) {
        rf_error_set(err, _("path is too long: %s"), path);
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
                rf_error_set(err, _("cannot create directory %s: %s"), dir, strerror(errno));
                return -1;
            }
            *p = saved;
            if (saved == '\0')
                break;
        }
    }
    return 0;
}
