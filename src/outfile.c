#include "autoconfig.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"
#include "outfile.h"

int outfile_expand(const char *path, char *buf, size_t size, struct rf_error *err)
{
    const char *home = getenv("HOME");
    int n;

    if (path[0] == '~' && (path[1] == '/' || path[1] == '\0')) {
        if (!home || !home[0]) {
            rf_error_set(err, _("%s: HOME is not set"), path);
            return -1;
        }
        n = snprintf(buf, size, "%s%s", home, path + 1);
    } else {
        n = snprintf(buf, size, "%s", path);
    }
    if (n < 0 || (size_t)n >= size) {
        rf_error_set(err, _("%s: the name is too long"), path);
        return -1;
    }
    return 0;
}

enum outfile_target outfile_check(const char *path, struct rf_error *err)
{
    struct stat st;

    if (lstat(path, &st) != 0) {
        if (errno == ENOENT)
            return OUTFILE_NEW;
        rf_error_set(err, _("cannot write %s: %s"), path, strerror(errno));
        return OUTFILE_REFUSED;
    }
    if (S_ISREG(st.st_mode))
        return OUTFILE_EXISTS;
    rf_error_set(err, _("%s is %s; refuge writes only to a new or a regular file"), path,
                 S_ISLNK(st.st_mode)   ? _("a symbolic link")
                 : S_ISDIR(st.st_mode) ? _("a directory")
                 : S_ISFIFO(st.st_mode) ? _("a fifo")
                                        : _("not a regular file"));
    return OUTFILE_REFUSED;
}

int outfile_open(struct outfile *o, const char *path, bool replace, struct rf_error *err)
{
    mode_t mask = umask(0);
    int fd;

    umask(mask);
    memset(o, 0, sizeof *o);
    o->replace = replace;
    if (snprintf(o->path, sizeof o->path, "%s", path) >= (int)sizeof o->path) {
        rf_error_set(err, _("%s: the name is too long"), path);
        return -1;
    }
    if (replace) {
        /* Beside the target, so the rename stays on one file system. */
        const char *slash = strrchr(path, '/');
        int dirlen = slash ? (int)(slash - path + 1) : 0;
        if (snprintf(o->tmp, sizeof o->tmp, "%.*s.refuge-XXXXXX", dirlen, path) >=
            (int)sizeof o->tmp) {
            rf_error_set(err, _("%s: the name is too long"), path);
            return -1;
        }
        fd = mkstemp(o->tmp); /* O_EXCL: never opens what is there */
        if (fd >= 0 && fchmod(fd, 0666 & ~mask) != 0) {
            close(fd);
            unlink(o->tmp);
            fd = -1;
        }
    } else {
        fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
    }
    if (fd < 0 || !(o->fp = fdopen(fd, "w"))) {
        rf_error_set(err, _("cannot write %s: %s"), path, strerror(errno));
        if (fd >= 0) {
            close(fd);
            unlink(replace ? o->tmp : path);
        }
        return -1;
    }
    return 0;
}

int outfile_commit(struct outfile *o, struct rf_error *err)
{
    const char *written = o->replace ? o->tmp : o->path;
    bool failed = ferror(o->fp) != 0;

    failed |= fclose(o->fp) != 0;
    o->fp = NULL;
    if (failed) {
        rf_error_set(err, _("cannot write %s: %s"), o->path, strerror(errno ? errno : EIO));
        unlink(written);
        return -1;
    }
    /* rename() replaces the name itself: a link planted there is not followed. */
    if (o->replace && rename(o->tmp, o->path) != 0) {
        rf_error_set(err, _("cannot replace %s: %s"), o->path, strerror(errno));
        unlink(o->tmp);
        return -1;
    }
    return 0;
}

void outfile_abort(struct outfile *o)
{
    fclose(o->fp);
    o->fp = NULL;
    unlink(o->replace ? o->tmp : o->path);
}
