#include "autoconfig.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bundle.h"
#include "i18n.h"
#include "import.h"
#include "paths.h"

int bundle_sync(struct db *db, struct rf_error *err)
{
    struct import_options opts = {.format = IMPORT_JSONL, .bundled = true};
    struct import_result res;
    char have[64];

    if (db_meta_get(db, "bundle_hash", have, sizeof have, err) < 0)
        return -1;
    if (strcmp(have, bundle_hash) == 0)
        return 0;
    if (db_begin(db, err) != 0)
        return -1;
    /* Another refuge may have loaded it while this one waited for the lock. */
    if (db_meta_get(db, "bundle_hash", have, sizeof have, err) < 0)
        goto fail;
    if (strcmp(have, bundle_hash) == 0) {
        db_rollback(db);
        return 0;
    }
    /* Earlier bundled rows go first, so rows the new bundle dropped do not
     * linger. */
    if (import_drop_bundled(db, NULL, err) != 0)
        goto fail;
    for (unsigned long i = 0; i < bundle_nfiles; i++) {
        char name[128];
        snprintf(name, sizeof name, "(bundled) %s", bundle_files[i].name);
        if (import_buffer(db, name, (const char *)bundle_files[i].data, bundle_files[i].size,
                          &opts, &res, err) != 0)
            goto fail;
    }
    if (db_meta_set(db, "bundle_hash", bundle_hash, err) != 0 || db_commit(db, err) != 0)
        goto fail;
    return 0;
fail:
    db_rollback(db);
    return -1;
}

int bundle_drop(struct db *db, struct bundle_dropped *out, struct rf_error *err)
{
    int64_t counts[3];

    memset(out, 0, sizeof *out);
    if (db_begin(db, err) != 0)
        return -1;
    if (import_drop_bundled(db, counts, err) != 0 ||
        db_meta_set(db, DB_META_BUNDLE, "no", err) != 0 ||
        db_meta_set(db, "bundle_hash", "", err) != 0 || db_commit(db, err) != 0) {
        db_rollback(db);
        return -1;
    }
    out->posts = counts[0];
    out->events = counts[1];
    out->figures = counts[2];
    return 0;
}

/* Whether to bring the bundle in: not when the caller or the cache's meta
 * says the cache is kept without it. A new cache opened without the bundle
 * is marked so; one that has the bundle keeps it, with a warning naming the
 * way to drop it. Returns 1 to sync, 0 not to, -1 with err set. */
static int want_bundle(struct db *db, bool bundle, struct rf_error *warning, struct rf_error *err)
{
    char kept[16], have[64];

    if (db_meta_get(db, DB_META_BUNDLE, kept, sizeof kept, err) < 0)
        return -1;
    if (strcmp(kept, "no") == 0)
        return 0;
    if (bundle)
        return 1;
    if (db_meta_get(db, "bundle_hash", have, sizeof have, err) < 0)
        return -1;
    if (have[0]) {
        rf_error_set(warning, _("the cache %s holds the bundled dataset: it was not updated; "
                                "'refuge drop --bundled' removes it"),
                     db_path(db));
        return 0;
    }
    return db_meta_set(db, DB_META_BUNDLE, "no", err) == 0 ? 0 : -1;
}

/* Renames `from` to `to` when `from` exists. Returns 0 or -1 with err set. */
static int move_if_there(const char *from, const char *to, struct rf_error *err)
{
    if (access(from, F_OK) != 0)
        return 0;
    if (rename(from, to) != 0) {
        rf_error_set(err, _("cannot move %s aside to %s: %s"), from, to, strerror(errno));
        return -1;
    }
    return 0;
}

/* --rebuild: path becomes path.damaged-YYYYMMDD-HHMMSS (with -N when that
 * exists), its -wal and -shm files beside it, so nothing is deleted and
 * the new cache does not replay the old log. The name is put in `moved`
 * ("" when there was no cache). Returns 0 or -1 with err set. */
static int move_aside(const char *path, char *moved, size_t size, struct rf_error *err)
{
    static const char *const sides[] = {"-wal", "-shm"};
    char stamp[32], from[4200], to[4200];
    time_t now = time(NULL);
    struct tm tm;

    moved[0] = '\0';
    if (access(path, F_OK) != 0)
        return 0;
    localtime_r(&now, &tm);
    strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
    snprintf(moved, size, "%s.damaged-%s", path, stamp);
    for (int n = 2; access(moved, F_OK) == 0; n++)
        snprintf(moved, size, "%s.damaged-%s-%d", path, stamp, n);
    if (move_if_there(path, moved, err) != 0) {
        moved[0] = '\0';
        return -1;
    }
    for (int i = 0; i < 2; i++) {
        snprintf(from, sizeof from, "%s%s", path, sides[i]);
        snprintf(to, sizeof to, "%s%s", moved, sides[i]);
        if (move_if_there(from, to, err) != 0)
            return -1;
    }
    return 0;
}

/* A device, directory or fifo is never opened as a cache nor moved aside
 * by --rebuild (as root, renaming /dev/null would break the system).
 * Returns true, with err set, for anything there but a regular file. */
static bool not_a_file(const char *path, struct rf_error *err)
{
    struct stat st;

    if (stat(path, &st) != 0 || S_ISREG(st.st_mode))
        return false;
    rf_error_set(err, _("%s is %s, not a cache file; choose another cache with --db PATH"), path,
                 S_ISDIR(st.st_mode)                          ? _("a directory")
                 : S_ISFIFO(st.st_mode)                       ? _("a fifo")
                 : S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) ? _("a device")
                                                              : _("not a regular file"));
    return true;
}

int bundle_open_cache(const char *path, bool rebuild, bool bundle, struct db **out,
                      struct rf_error *warning, struct rf_error *err)
{
    char buf[4096], moved[4200] = "";
    const char *env = getenv("REFUGE_NO_BUNDLE");
    int rc;

    *out = NULL;
    rf_error_clear(warning);
    if (!path) {
        if (paths_default_cache(buf, sizeof buf, err) != 0)
            return -1;
        path = buf;
        if (paths_make_parent_dirs(path, err) != 0) {
            size_t n = strlen(err->msg);
            snprintf(err->msg + n, sizeof err->msg - n, _("; choose another cache with --db PATH"));
            return -1;
        }
    }
    /* Say plainly when a new cache cannot be created where asked. */
    if (access(path, F_OK) != 0) {
        char dir[4096];
        const char *why = NULL;
        char *slash;
        struct stat st;

        snprintf(dir, sizeof dir, "%s", path);
        slash = strrchr(dir, '/');
        if (slash == dir)
            dir[1] = '\0';
        else if (slash)
            *slash = '\0';
        else
            snprintf(dir, sizeof dir, ".");
        if (stat(dir, &st) != 0)
            why = errno == ENOENT ? "does not exist" : strerror(errno);
        else if (!S_ISDIR(st.st_mode))
            why = "is not a directory";
        else if (access(dir, W_OK | X_OK) != 0)
            why = "is not writable";
        if (why) {
            rf_error_set(err, _("cannot create the cache %s: %s %s; choose another cache with "
                                "--db PATH"),
                         path, dir, why);
            return -1;
        }
    }
    if (not_a_file(path, err))
        return -1;
    if (rebuild && move_aside(path, moved, sizeof moved, err) != 0)
        return -1;
    if ((rc = db_open(path, out, err)) != 0) {
        if (rc == DB_OPEN_DAMAGED) {
            size_t n = strlen(err->msg);
            snprintf(err->msg + n, sizeof err->msg - n,
                     _("; 'refuge --rebuild' moves it aside (keeping it) and starts a new cache"));
        }
        return rc == DB_OPEN_BUSY ? DB_OPEN_BUSY : -1;
    }
    if (db_readonly(*out)) {
        /* Stars and read marks go to the user's own file (userstate.h). A
         * published snapshot carries the instructor's bundle as they chose
         * it: nothing to say about it. */
        char have[64] = "", published[64] = "";
        struct rf_error ignored = {{0}};
        if (!(env && *env) && db_meta_get(*out, "published_at", published, sizeof published,
                                          &ignored) == 0 &&
            db_meta_get(*out, "bundle_hash", have, sizeof have, &ignored) >= 0 &&
            strcmp(have, bundle_hash) != 0)
            rf_error_set(warning, _("the cache %s is read-only: the bundled dataset was not "
                                    "updated"),
                         path);
        return 0;
    }
    if (!(env && *env) && (rc = want_bundle(*out, bundle, warning, err)) != 0) {
        if (rc < 0) {
            db_close(*out);
            *out = NULL;
            return -1;
        }
        if (bundle_sync(*out, warning) != 0) {
            char why[sizeof warning->msg];
            snprintf(why, sizeof why, "%s", warning->msg);
            rf_error_set(warning, _("the bundled dataset was not loaded: %s"), why);
        }
    }
    if (moved[0]) {
        char why[sizeof warning->msg];
        snprintf(why, sizeof why, "%s", warning->msg);
        rf_error_set(warning, _("rebuilt the cache; the old one is kept as %s%s%s"), moved,
                     why[0] ? "; " : "", why);
    }
    return 0;
}
