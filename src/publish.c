/* publish.c — a published snapshot of a cache (contract in publish.h). */
#include "autoconfig.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "i18n.h"
#include "publish.h"
#include "pseudo.h"
#include "userstate.h"

/* The schema the snapshot is attached as while it is finished. */
#define SNAPSHOT "snapshot"

static int exec(sqlite3 *sql, const char *text, const char *what, struct rf_error *err)
{
    char *msg = NULL;

    if (sqlite3_exec(sql, text, NULL, NULL, &msg) != SQLITE_OK) {
        rf_error_set(err, "publish: %s: %s", what, msg ? msg : sqlite3_errmsg(sql));
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

/* fsync() of a file or directory by name. */
static int sync_path(const char *path, int flags, struct rf_error *err)
{
    int fd = open(path, flags | O_CLOEXEC);

    if (fd < 0 || fsync(fd) != 0) {
        rf_error_set(err, _("publish: cannot flush %s to disk: %s"), path, strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    close(fd);
    return 0;
}

/* The copy at `tmp`, attached to src's connection, made into a snapshot:
 * no user rows, the rollback journal, the stamps. */
static int finish(struct db *src, const char *tmp, const char *id, struct rf_error *err)
{
    sqlite3 *sql = db_sql(src);
    char *uri = db_file_uri(tmp, "mode=rw"), *text;
    int rc;

    if (!uri) {
        rf_error_set(err, _("out of memory"));
        return -1;
    }
    text = sqlite3_mprintf("ATTACH %Q AS " SNAPSHOT, uri);
    free(uri);
    rc = text ? exec(sql, text, "the copy", err) : -1;
    sqlite3_free(text);
    if (rc != 0)
        return -1;
    text = sqlite3_mprintf(
        "PRAGMA " SNAPSHOT ".journal_mode = DELETE;"
        "BEGIN;"
        "INSERT INTO " SNAPSHOT ".meta(key, value) VALUES('cache_id', %Q)"
        "  ON CONFLICT(key) DO UPDATE SET value = excluded.value;"
        "INSERT INTO " SNAPSHOT ".meta(key, value) VALUES('published_at', '%lld')"
        "  ON CONFLICT(key) DO UPDATE SET value = excluded.value;"
        /* Whoever holds the salt can tell who a pseudonym is: it stays. */
        "DELETE FROM " SNAPSHOT ".meta WHERE key = %Q;",
        id, (long long)time(NULL), DB_META_PSEUDONYM_SALT);
    rc = text ? exec(sql, text, "the copy", err) : -1;
    sqlite3_free(text);
    if (rc == 0 && (rc = userstate_clear(src, SNAPSHOT, err)) == 0)
        rc = exec(sql, "COMMIT", "the copy", err);
    if (rc != 0)
        exec(sql, "ROLLBACK", "the copy", NULL);
    if (exec(sql, "DETACH " SNAPSHOT, "the copy", rc == 0 ? err : NULL) != 0)
        rc = -1;
    return rc;
}

/* What may be at `dest`: nothing, or a SQLite database other than src's
 * file. Returns 0, or -1 with err set. */
static int replaceable(struct db *src, const char *dest, struct rf_error *err)
{
    struct stat d, s;
    char head[16];
    FILE *f;
    bool sqlite;

    if (stat(dest, &d) != 0)
        return 0;
    if (stat(db_path(src), &s) == 0 && s.st_dev == d.st_dev && s.st_ino == d.st_ino) {
        rf_error_set(err, _("publish: %s is the cache to publish; write the snapshot elsewhere"),
                     dest);
        return -1;
    }
    f = S_ISREG(d.st_mode) ? fopen(dest, "rb") : NULL;
    sqlite = f && (d.st_size == 0 || (fread(head, 1, sizeof head, f) == sizeof head &&
                                      memcmp(head, "SQLite format 3", 16) == 0));
    if (f)
        fclose(f);
    if (!sqlite) {
        rf_error_set(err, _("publish: %s exists and is not a cache; not replacing it"), dest);
        return -1;
    }
    return 0;
}

int publish_cache(struct db *src, const char *dest, struct rf_error *err)
{
    char id[128], dir[4096], *tmp, *slash, *text;
    int fd, rc;

    if (replaceable(src, dest, err) != 0)
        return -1;
    if (db_identity(src, id, sizeof id, err) != 0)
        return -1;
    snprintf(dir, sizeof dir, "%s", dest);
    slash = strrchr(dir, '/');
    if (!slash)
        snprintf(dir, sizeof dir, ".");
    else
        slash[slash == dir ? 1 : 0] = '\0';
    /* In DEST's directory, so the rename is atomic; a name readers never
     * open. */
    if (asprintf(&tmp, "%s.publishing-XXXXXX", dest) < 0) {
        rf_error_set(err, _("out of memory"));
        return -1;
    }
    if ((fd = mkstemp(tmp)) < 0) {
        rf_error_set(err, _("publish: cannot create a file beside %s: %s"), dest, strerror(errno));
        free(tmp);
        return -1;
    }
    close(fd);
    /* VACUUM INTO accepts an empty file: the one mkstemp() made (0600). */
    text = sqlite3_mprintf("VACUUM INTO %Q", tmp);
    rc = text ? exec(db_sql(src), text, "copying the cache", err) : -1;
    sqlite3_free(text);
    if (rc == 0)
        rc = finish(src, tmp, id, err);
    if (rc == 0 && chmod(tmp, 0444) != 0) {
        rf_error_set(err, _("publish: cannot make %s read-only: %s"), tmp, strerror(errno));
        rc = -1;
    }
    if (rc == 0)
        rc = sync_path(tmp, O_RDONLY, err);
    if (rc == 0 && rename(tmp, dest) != 0) {
        rf_error_set(err, _("publish: cannot replace %s: %s"), dest, strerror(errno));
        rc = -1;
    }
    if (rc != 0) {
        char journal[4200];
        snprintf(journal, sizeof journal, "%s-journal", tmp);
        unlink(journal);
        unlink(tmp);
    } else {
        rc = sync_path(dir, O_RDONLY | O_DIRECTORY, err);
    }
    free(tmp);
    return rc;
}
