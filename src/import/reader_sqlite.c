/* MediaCrawler's SQLite file (database/sqlite_tables.db): the rows of the
 * tables refuge has a mapper for (Xiaohongshu notes and comments, Douyin
 * contents and comments, Weibo contents) as records; every other table of
 * the tool (bilibili_*, kuaishou_*, tieba_*, zhihu_*, Weibo comments, ...)
 * is counted, not read, and the file's summary says so per table, so no
 * row is lost silently. The file is untrusted: it is opened read-only and
 * immutable (no journal, no locks, nothing written beside it), with its
 * schema distrusted (no functions, views or triggers of its own run), and
 * nothing but SELECTs on its tables and PRAGMA table_info is run on it. */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../db.h"
#include "i18n.h"
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
                sink_bad(sink, _("too many fields"));
                break;
            }
        }
        sink_progress(sink, 1);
        sink_record(sink);
    }
    if (!sink->fatal && rc != SQLITE_DONE)
        sink_bad(sink, _("cannot read the database: %s"), sqlite3_errmsg(db));
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

/* The tables read, in this order; map_mediacrawler.c tells each row's
 * kind by its own fields. */
static const char *const read_tables[] = {"xhs_note", "xhs_note_comment", "douyin_aweme",
                                          "douyin_aweme_comment", "weibo_note", NULL};

/* MediaCrawler's other tables, by prefix: the platform the summary names. */
static const struct {
    const char *prefix, *platform;
} other_tables[] = {
    {"xhs_", "Xiaohongshu"}, {"douyin_", "Douyin"},     {"weibo_", "Weibo"},
    {"bilibili_", "Bilibili"}, {"kuaishou_", "Kuaishou"}, {"tieba_", "Tieba"},
    {"zhihu_", "Zhihu"},
};

static bool is_read_table(const char *name)
{
    for (int i = 0; read_tables[i]; i++)
        if (strcmp(name, read_tables[i]) == 0)
            return true;
    return false;
}

/* The platform of one of MediaCrawler's tables refuge does not read, NULL
 * for any other name (another program's table, or a name that is not a
 * plain identifier: it would be printed). */
static const char *other_platform(const char *name)
{
    if (strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789_") != strlen(name) ||
        strlen(name) > 40)
        return NULL;
    for (size_t i = 0; i < sizeof other_tables / sizeof other_tables[0]; i++)
        if (strncmp(name, other_tables[i].prefix, strlen(other_tables[i].prefix)) == 0)
            return other_tables[i].platform;
    return NULL;
}

/* Each table of MediaCrawler's that is not read and has rows: its rows
 * counted in the summary under "TABLE rows not read (...)". Returns how
 * many such tables there are, empty or not. */
static int count_unread(struct import_sink *sink, sqlite3 *db)
{
    sqlite3_stmt *st;
    int tables = 0;

    if (sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type = 'table'"
                               " ORDER BY name",
                           -1, &st, NULL) != SQLITE_OK)
        return 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(st, 0), *platform;
        char *sql, reason[120];
        sqlite3_stmt *rows;

        if (!name || is_read_table(name) || !(platform = other_platform(name)))
            continue;
        tables++;
        snprintf(reason, sizeof reason, _("%s rows not read (refuge does not read MediaCrawler's %s %s)"),
                 name, platform,
                 strstr(name, "comment") ? "comments"
                 : strstr(name, "creator") || strstr(name, "up_info") ? "creators"
                                                                     : "contents");
        if (!(sql = sqlite3_mprintf("SELECT count(*) FROM \"%w\"", name)))
            continue;
        /* The tool creates every platform's tables: only rows are news. */
        if (sqlite3_prepare_v2(db, sql, -1, &rows, NULL) == SQLITE_OK &&
            sqlite3_step(rows) == SQLITE_ROW && sqlite3_column_int64(rows, 0) > 0)
            sink_skip_n(sink, reason, sqlite3_column_int64(rows, 0));
        sqlite3_finalize(rows);
        sqlite3_free(sql);
    }
    sqlite3_finalize(st);
    return tables;
}

void read_sqlite(struct import_sink *sink, struct input *in, long lines_before)
{
    sqlite3 *db = NULL;
    char *uri;
    bool present[sizeof read_tables / sizeof read_tables[0]] = {false}, hash = false, any = false;

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
    for (int i = 0; read_tables[i]; i++)
        any |= present[i] = has_table(db, read_tables[i], &hash);
    if (count_unread(sink, db) == 0 && !any) {
        sink->sum.format = "refused";
        sink_refuse(sink, "a SQLite database without MediaCrawler's tables (xhs_note, "
                          "douyin_aweme, weibo_note, bilibili_video, ...)");
    } else {
        sink->mapper = &map_mediacrawler;
        /* The name it has always had when it holds Xiaohongshu's tables. */
        if (present[0] || present[1])
            sink->format = hash ? "mediacrawler:xhs-sqlite:creator_hash"
                                : "mediacrawler:xhs-sqlite:user_id";
        else
            sink->format = hash ? "mediacrawler:sqlite:creator_hash"
                                : "mediacrawler:sqlite:user_id";
        sink->sum.format = sink->format;
        for (int i = 0; read_tables[i] && !sink->fatal; i++) {
            char select[80];
            if (!present[i])
                continue;
            snprintf(select, sizeof select, "SELECT * FROM %s ORDER BY rowid", read_tables[i]);
            read_table(sink, db, select);
        }
    }
    sqlite3_close_v2(db);
}
