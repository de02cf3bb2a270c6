/* MediaCrawler's SQLite file (database/sqlite_tables.db): the rows of its
 * tables xhs_note and xhs_note_comment as records. The file is untrusted:
 * it is opened read-only and immutable (no journal, no locks, nothing
 * written beside it), with its schema distrusted (no functions, views or
 * triggers of its own run), and nothing but SELECTs on those two tables
 * and PRAGMA table_info is run on it. */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../db.h"
#include "input.h"
#include "mapper.h"
#include "reader.h"

/* True when the database has a table of that name (not a view); *hash is
 * set when it has a creator_hash column. */
static bool has_table(sqlite3 *db, const char *table, bool *hash)
{
    sqlite3_stmt *st;
    bool found = false;

    if (sqlite3_prepare_v2(db, "SELECT name FROM pragma_table_info(?1)"
                               " WHERE (SELECT type FROM sqlite_master WHERE name = ?1)"
                               " = 'table'",
                           -1, &st, NULL) != SQLITE_OK)
        return false;
    sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
    while (sqlite3_step(st) == SQLITE_ROW) {
        found = true;
        if (strcmp((const char *)sqlite3_column_text(st, 0), "creator_hash") == 0)
            *hash = true;
    }
    sqlite3_finalize(st);
    return found;
}

/* Every row of one table to a record. */
static void read_table(struct import_sink *sink, sqlite3 *db, const char *select)
{
    sqlite3_stmt *st;
    int rc;

    if (sqlite3_prepare_v2(db, select, -1, &st, NULL) != SQLITE_OK) {
        sink_refuse(sink, "a damaged MediaCrawler database (its tables cannot be read)");
        return;
    }
    while (!sink->fatal && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        int n = sqlite3_column_count(st);
        rec_reset(&sink->rec, false);
        sink->line++;
        for (int i = 0; i < n; i++) {
            static const enum ftype types[] = {[SQLITE_INTEGER] = F_INT, [SQLITE_FLOAT] = F_REAL,
                                               [SQLITE_TEXT] = F_TEXT, [SQLITE_BLOB] = F_TEXT,
                                               [SQLITE_NULL] = F_NULL};
            const char *name = sqlite3_column_name(st, i);
            const char *v = (const char *)sqlite3_column_text(st, i);
            int type = sqlite3_column_type(st, i);
            size_t len = v ? (size_t)sqlite3_column_bytes(st, i) : 0;
            if (rec_add(&sink->rec, name, strlen(name), v, len, types[type]) != 0) {
                sink_bad(sink, "too many fields");
                break;
            }
        }
        sink_progress(sink, 1);
        sink_record(sink);
    }
    if (!sink->fatal && rc != SQLITE_DONE)
        sink_bad(sink, "cannot read the database: %s", sqlite3_errmsg(db));
    sqlite3_finalize(st);
}

/* True when path names the regular file in is reading. */
static bool same_file(struct input *in, const char *path)
{
    struct stat a, b;
    int fd = fileno(in->fp);

    return fd >= 0 && fstat(fd, &a) == 0 && S_ISREG(a.st_mode) && stat(path, &b) == 0 &&
           a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

void read_sqlite(struct import_sink *sink, struct input *in, long lines_before)
{
    sqlite3 *db = NULL;
    char *uri;
    bool notes, comments, hash = false;

    (void)lines_before;
    sink->line = 0;
    /* SQLite reads a file by its name: the name must be the file being
     * read (not standard input, a pipe or a buffer). */
    if (!same_file(in, sink->file)) {
        sink_refuse(sink, "a SQLite database can only be read from a file named on the "
                          "command line");
        return;
    }
    if (!(uri = db_file_uri(sink->file, "mode=ro&immutable=1"))) {
        sink_fatal(sink, "out of memory");
        return;
    }
    if (sqlite3_open_v2(uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX,
                        NULL) != SQLITE_OK) {
        sink_refuse(sink, "a SQLite database refuge cannot open");
        sqlite3_close_v2(db);
        free(uri);
        return;
    }
    free(uri);
    sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
    sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
    sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, NULL);
    sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_VIEW, 0, NULL);
    sqlite3_limit(db, SQLITE_LIMIT_LENGTH, (int)INPUT_MAX_RECORD);
    notes = has_table(db, "xhs_note", &hash);
    comments = has_table(db, "xhs_note_comment", &hash);
    if (!notes && !comments) {
        sink->sum.format = "refused";
        sink_refuse(sink, "a SQLite database without MediaCrawler's xhs_note / "
                          "xhs_note_comment tables");
    } else {
        sink->mapper = &map_mediacrawler;
        sink->format = sink->sum.format = hash ? "mediacrawler:xhs-sqlite:creator_hash"
                                               : "mediacrawler:xhs-sqlite:user_id";
        if (notes)
            read_table(sink, db, "SELECT * FROM xhs_note ORDER BY rowid");
        if (comments && !sink->fatal)
            read_table(sink, db, "SELECT * FROM xhs_note_comment ORDER BY rowid");
    }
    sqlite3_close_v2(db);
}
