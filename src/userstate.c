/* userstate.c — where the user's own tables live (contract in userstate.h). */
#include "autoconfig.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"
#include "paths.h"
#include "userstate.h"

/* The user tables, made step by step in the schema that holds them (%s).
 * Append, never edit. */
static const char *const steps[] = {
    /* 1: stars and read marks (db.c's first migration made it in caches
     * from before). */
    "CREATE TABLE IF NOT EXISTS %s.state(platform TEXT NOT NULL, ext_id TEXT NOT NULL,"
    "  read INTEGER NOT NULL DEFAULT 0, starred INTEGER NOT NULL DEFAULT 0,"
    "  PRIMARY KEY(platform, ext_id)) WITHOUT ROWID;",
    /* 2-6: the researcher's workbench (workbench.h): a codebook; codes
     * applied to posts and comments, each with a memo; marked posts; saved
     * views (a filter, search and sort as JSON). */
    "CREATE TABLE %s.codes(name TEXT PRIMARY KEY, description TEXT NOT NULL DEFAULT '',"
    "  key TEXT, created INTEGER NOT NULL) WITHOUT ROWID;",
    "CREATE TABLE %s.code_apps(code TEXT NOT NULL, kind TEXT NOT NULL, platform TEXT NOT NULL,"
    "  ext_id TEXT NOT NULL, memo TEXT NOT NULL DEFAULT '', at INTEGER NOT NULL,"
    "  PRIMARY KEY(code, kind, platform, ext_id)) WITHOUT ROWID;",
    "CREATE INDEX %s.code_apps_by_item ON code_apps(kind, platform, ext_id);",
    "CREATE TABLE %s.marks(platform TEXT NOT NULL, ext_id TEXT NOT NULL,"
    "  PRIMARY KEY(platform, ext_id)) WITHOUT ROWID;",
    "CREATE TABLE %s.views(name TEXT PRIMARY KEY, spec TEXT NOT NULL) WITHOUT ROWID;",
};

/* Every user table, for userstate_clear(). */
static const char *const tables[] = {"state", "codes", "code_apps", "marks", "views"};

#define NSTEPS ((int)(sizeof steps / sizeof steps[0]))

static int exec(struct db *db, const char *sql, struct rf_error *err)
{
    char *msg = NULL;

    if (sqlite3_exec(db_sql(db), sql, NULL, NULL, &msg) != SQLITE_OK) {
        rf_error_set(err, _("user state: %s"), msg ? msg : sqlite3_errmsg(db_sql(db)));
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

static int query_int(struct db *db, const char *sql, int *out, struct rf_error *err)
{
    sqlite3_stmt *st;
    int rc;

    if (sqlite3_prepare_v2(db_sql(db), sql, -1, &st, NULL) != SQLITE_OK) {
        rf_error_set(err, _("user state: %s"), sqlite3_errmsg(db_sql(db)));
        return -1;
    }
    rc = sqlite3_step(st);
    *out = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        rf_error_set(err, _("user state: %s"), sqlite3_errmsg(db_sql(db)));
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

/* The number of steps run in `schema`. */
static int version_of(struct db *db, const char *schema, int *out, struct rf_error *err)
{
    char buf[32];

    if (strcmp(schema, "main") != 0)
        return query_int(db, "PRAGMA " USERSTATE_SCHEMA ".user_version", out, err);
    if (db_meta_get(db, "user_version", buf, sizeof buf, err) < 0)
        return -1;
    *out = atoi(buf);
    return 0;
}

static int set_version(struct db *db, const char *schema, int v, struct rf_error *err)
{
    char buf[64];

    if (strcmp(schema, "main") == 0) {
        snprintf(buf, sizeof buf, "%d", v);
        return db_meta_set(db, "user_version", buf, err);
    }
    snprintf(buf, sizeof buf, "PRAGMA " USERSTATE_SCHEMA ".user_version = %d", v);
    return exec(db, buf, err);
}

/* Runs the steps `schema` has not run, in one transaction that holds its
 * write lock from the start (two refuges opening at once run each step
 * once). */
static int bring_up_to_date(struct db *db, const char *schema, struct rf_error *err)
{
    int v;

    if (version_of(db, schema, &v, err) != 0)
        return -1;
    if (v >= NSTEPS)
        return 0;
    if (exec(db, "BEGIN", err) != 0)
        return -1;
    /* Writing the version takes the write lock (waiting for another
     * refuge's); read it again under the lock. */
    if (set_version(db, schema, v, err) != 0 || version_of(db, schema, &v, err) != 0)
        goto fail;
    for (; v < NSTEPS; v++) {
        char *sql = sqlite3_mprintf(steps[v], schema);
        int rc = sql ? exec(db, sql, err) : -1;
        sqlite3_free(sql);
        if (rc != 0 || set_version(db, schema, v + 1, err) != 0)
            goto fail;
    }
    return exec(db, "COMMIT", err);
fail:
    exec(db, "ROLLBACK", NULL);
    return -1;
}

/* Attaches the private state file (or, failing that, memory). */
static int attach_private(struct db *db, struct rf_error *warning, struct rf_error *err)
{
    char id[128], path[4096];
    struct rf_error why = {{0}};
    char *uri = NULL;
    int fd;

    if (db_identity(db, id, sizeof id, err) != 0)
        return -1;
    if (paths_user_state(id, path, sizeof path, &why) == 0 &&
        paths_make_parent_dirs(path, &why) == 0) {
        /* Made here, so it is the user's alone (SQLite would make it 0644). */
        if ((fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600)) >= 0)
            close(fd);
        else
            rf_error_set(&why, "%s: %s", path, strerror(errno));
        if (fd >= 0 && !(uri = db_file_uri(path, "mode=rw")))
            rf_error_set(&why, _("out of memory"));
        if (uri && db_attach(db, USERSTATE_SCHEMA, uri, &why) == 0) {
            if (exec(db, "PRAGMA " USERSTATE_SCHEMA ".journal_mode = WAL;"
                         "PRAGMA " USERSTATE_SCHEMA ".synchronous = NORMAL", &why) == 0 &&
                bring_up_to_date(db, USERSTATE_SCHEMA, &why) == 0) {
                free(uri);
                return 0;
            }
            /* Not a database (damaged, or another program's): left as it
             * is, for the user to move aside. */
            db_detach(db, USERSTATE_SCHEMA);
        }
        free(uri);
    }
    rf_error_set(warning, _("your own state file for the read-only cache %s cannot be used (%s): "
                            "stars and read marks will last until you quit"),
                 db_path(db), why.msg[0] ? why.msg : _("out of memory"));
    if (db_attach(db, USERSTATE_SCHEMA, ":memory:", err) != 0)
        return -1;
    return bring_up_to_date(db, USERSTATE_SCHEMA, err);
}

int userstate_open(struct db *db, struct rf_error *warning, struct rf_error *err)
{
    char id[128];

    if (db_readonly(db))
        return attach_private(db, warning, err);
    /* The identity is made now, while the cache can take it, so that every
     * snapshot published from it carries it. */
    if (db_identity(db, id, sizeof id, err) != 0)
        return -1;
    return bring_up_to_date(db, "main", err);
}

const char *userstate_schema(const struct db *db)
{
    return db_attached(db, USERSTATE_SCHEMA) ? USERSTATE_SCHEMA : "main";
}

bool userstate_writable(const struct db *db)
{
    return db_attached(db, USERSTATE_SCHEMA) || !db_readonly(db);
}

void userstate_file(struct db *db, char *buf, size_t size)
{
    const char *f = db_attached(db, USERSTATE_SCHEMA)
                        ? sqlite3_db_filename(db_sql(db), USERSTATE_SCHEMA)
                        : NULL;

    snprintf(buf, size, "%s", f ? f : "");
}

int userstate_count(struct db *db, int64_t *starred, int64_t *read, struct rf_error *err)
{
    char *sql = sqlite3_mprintf("SELECT coalesce(sum(starred != 0), 0), coalesce(sum(read != 0), 0)"
                                " FROM %s.state",
                                userstate_schema(db));
    sqlite3_stmt *st;
    int rc;

    if (!sql || sqlite3_prepare_v2(db_sql(db), sql, -1, &st, NULL) != SQLITE_OK) {
        rf_error_set(err, _("user state: %s"), sql ? sqlite3_errmsg(db_sql(db)) : _("out of memory"));
        sqlite3_free(sql);
        return -1;
    }
    sqlite3_free(sql);
    if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        *starred = sqlite3_column_int64(st, 0);
        *read = sqlite3_column_int64(st, 1);
    } else {
        rf_error_set(err, _("user state: %s"), sqlite3_errmsg(db_sql(db)));
    }
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? 0 : -1;
}

int userstate_clear(struct db *db, const char *schema, struct rf_error *err)
{
    for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
        char *sql = sqlite3_mprintf("DELETE FROM \"%w\".\"%w\"", schema, tables[i]);
        int rc = sql ? exec(db, sql, err) : -1;
        sqlite3_free(sql);
        if (rc != 0)
            return -1;
    }
    return 0;
}
