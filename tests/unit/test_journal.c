/* Unit tests for the journal of a first import's rows (db.h:
 * db_journal_alone(), db_journal_shared(); import.h: import_run()).
 *
 * The rows of an import into a cache that holds nothing imported are
 * written with a rollback journal when no other connection has the file
 * open, and the file is back in WAL mode before the search index is built;
 * a refuge opening it meanwhile is told DB_OPEN_BUSY. An explorer already
 * open, or a cache that holds imported posts, keeps WAL, and a reader opens
 * during the rows. A process killed halfway through writing the file's
 * pages at the commit (a file shorter than its header says, with the
 * journal beside it) leaves the old cache: the next open rolls the journal
 * back rather than calling the file damaged. */
#include "autoconfig.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cache_sql.h"
#include "db.h"
#include "import.h"
#include "tap.h"

static char tmpdir[] = "/tmp/refuge-test-journal-XXXXXX";

/* Posts enough for several progress calls (one a MiB) and for a commit of
 * hundreds of pages: 600 bytes of text each. */
#define NPOSTS 6000

static char *posts_text(const char *prefix, size_t *len)
{
    size_t size = (size_t)NPOSTS * 800, n = 0;
    char *text = malloc(size), filler[601];

    memset(filler, 'x', 600);
    filler[600] = '\0';
    for (int i = 0; text && i < NPOSTS; i++)
        n += (size_t)snprintf(text + n, size - n,
                              "{\"id\":\"%s%05d\",\"time\":%d,\"author\":\"a%d\",\"lang\":\"en\","
                              "\"text\":\"post %d %s\"}\n",
                              prefix, i, 1736000000 + i * 60, i % 50, i, filler);
    *len = n;
    return text;
}

/* The file's journal mode as its header records it: 1 rollback, 2 WAL. */
static int header_mode(const char *path)
{
    unsigned char h[20];
    FILE *f = fopen(path, "rb");
    int mode = -1;

    if (f && fread(h, 1, sizeof h, f) == sizeof h && h[18] == h[19])
        mode = h[18];
    if (f)
        fclose(f);
    return mode;
}

static bool has_journal(const char *path)
{
    char journal[1100];

    snprintf(journal, sizeof journal, "%s-journal", path);
    return access(journal, F_OK) == 0;
}

/* What the import's progress callback saw while the rows were written. */
struct seen {
    const char *path;
    int calls;
    int mode;        /* header_mode() at the second call */
    bool journal;    /* a rollback journal beside the file then */
    int open_rc;     /* db_open() of another connection then */
    char open_msg[512];
    int64_t old_posts; /* posts that connection read (when it opened) */
};

static void progress(void *data, const char *name, uint64_t bytes)
{
    struct seen *s = data;
    struct rf_error err = {{0}};
    struct db *other = NULL;

    (void)name;
    (void)bytes;
    if (++s->calls != 2) /* past the first MiB of the rows */
        return;
    s->mode = header_mode(s->path);
    s->journal = has_journal(s->path);
    s->open_rc = db_open(s->path, &other, &err);
    snprintf(s->open_msg, sizeof s->open_msg, "%.400s", err.msg);
    if (other)
        s->old_posts = sql_int(other, "SELECT count(*) FROM posts");
    db_close(other);
}

/* Imports the posts as `refuge import` would, watching the rows phase. */
static int import_watched(struct db *db, const char *prefix, struct seen *s)
{
    size_t len;
    char *text = posts_text(prefix, &len);
    FILE *fp = text ? fmemopen(text, len, "r") : NULL;
    struct import_input in = {.name = "posts.jsonl", .fp = fp};
    struct import_options opts = {.format = IMPORT_AUTO, .progress = progress,
                                  .progress_data = s};
    struct import_result res;
    struct rf_error err = {{0}};
    int rc = -1;

    if (fp && (rc = import_run(db, &in, 1, &opts, &res, &err)) != 0)
        tap_diag("import: %s", err.msg);
    if (fp)
        fclose(fp);
    free(text);
    return rc;
}

static int pragma_mode_is_wal(struct db *db)
{
    sqlite3_stmt *st;
    int wal = 0;

    if (sqlite3_prepare_v2(db_sql(db), "PRAGMA main.journal_mode", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        wal = strcmp((const char *)sqlite3_column_text(st, 0), "wal") == 0;
    sqlite3_finalize(st);
    return wal;
}

static void test_switch(void)
{
    char path[1024];
    struct db *db = NULL, *other = NULL;
    struct rf_error err = {{0}};

    snprintf(path, sizeof path, "%s/switch.db", tmpdir);
    if (db_open(path, &db, &err) != 0 || db_open(path, &other, &err) != 0) {
        ok(0, "two connections open a new cache: %s", err.msg);
        db_close(db);
        db_close(other);
        return;
    }
    is_int(header_mode(path), 2, "a new cache is in WAL mode");
    ok(!db_journal_alone(db), "it keeps WAL while another connection has it open");
    is_int(header_mode(path), 2, "its header still says WAL");
    db_close(other);
    ok(db_begin(db, &err) == 0 && !db_journal_alone(db), "alone, never inside a transaction");
    db_rollback(db);
    is_int(header_mode(path), 2, "its header still says WAL");
    ok(db_journal_alone(db), "alone, outside one, it switches to the rollback journal");
    is_int(header_mode(path), 1, "which its header records");
    ok(db_journal_shared(db, &err) == 0, "and back to WAL");
    is_int(header_mode(path), 2, "which its header records again");
    ok(pragma_mode_is_wal(db), "and the connection uses it");
    db_close(db);
}

static void test_first_import(void)
{
    char path[1024];
    struct db *db = NULL, *other = NULL;
    struct rf_error err = {{0}};
    struct seen s = {.mode = -1, .open_rc = 1};

    snprintf(path, sizeof path, "%s/first.db", tmpdir);
    s.path = path;
    if (db_open(path, &db, &err) != 0) {
        ok(0, "a new cache opens: %s", err.msg);
        return;
    }
    ok(import_watched(db, "f", &s) == 0, "a first import of %d posts", NPOSTS);
    ok(s.calls >= 3, "reports its progress past the first MiB (%d calls)", s.calls);
    is_int(s.mode, 1, "writes its rows with the rollback journal");
    ok(s.journal, "whose file lies beside the cache meanwhile");
    is_int(s.open_rc, DB_OPEN_BUSY, "a refuge opening the cache then is told to wait");
    ok(strstr(s.open_msg, "an import is writing the first rows of") &&
           strstr(s.open_msg, path),
       "and why, naming the cache (%s)", s.open_msg);
    is_int(header_mode(path), 2, "the cache is in WAL mode again");
    ok(!has_journal(path), "its journal is gone");
    ok(pragma_mode_is_wal(db), "the importer's connection uses WAL again");
    is_int(sql_int(db, "SELECT count(*) FROM posts"), NPOSTS, "every post is in");
    is_int(sql_int(db, "SELECT count(*) FROM posts WHERE id > " DB_INDEXED_POSTS), 0,
           "and in the search index, built after the switch");
    ok(db_open(path, &other, &err) == 0, "another refuge opens it now");
    if (other)
        is_int(sql_int(other, "SELECT count(*) FROM posts"), NPOSTS, "and reads every post");
    db_close(other);
    db_close(db);
}

/* A reader already open: the import keeps WAL and the reader reads on. */
static void test_reader_open(void)
{
    char path[1024];
    struct db *db = NULL, *reader = NULL;
    struct rf_error err = {{0}};
    struct seen s = {.mode = -1, .open_rc = 1};

    snprintf(path, sizeof path, "%s/reader.db", tmpdir);
    s.path = path;
    if (db_open(path, &db, &err) != 0 || db_open(path, &reader, &err) != 0) {
        ok(0, "a new cache opens twice: %s", err.msg);
        db_close(db);
        return;
    }
    ok(import_watched(db, "r", &s) == 0, "a first import while the explorer is open");
    is_int(s.mode, 2, "keeps WAL");
    ok(!s.journal, "without a rollback journal");
    is_int(s.open_rc, 0, "another refuge opens the cache during the rows");
    is_int(s.old_posts, 0, "and reads the cache as it was");
    is_int(sql_int(reader, "SELECT count(*) FROM posts"), NPOSTS,
           "the open explorer reads every new post after the import");
    db_close(reader);
    db_close(db);
}

/* A cache that holds imported posts keeps WAL, even alone: a reader may
 * browse them while the next import writes. */
static void test_later_import(void)
{
    char path[1024];
    struct db *db = NULL;
    struct rf_error err = {{0}};
    struct seen first = {.mode = -1, .open_rc = 1}, later = {.mode = -1, .open_rc = 1};

    snprintf(path, sizeof path, "%s/later.db", tmpdir);
    first.path = later.path = path;
    if (db_open(path, &db, &err) != 0) {
        ok(0, "a new cache opens: %s", err.msg);
        return;
    }
    ok(import_watched(db, "a", &first) == 0 && first.mode == 1, "a first import, journaled");
    ok(import_watched(db, "b", &later) == 0, "a second import into the same cache");
    is_int(later.mode, 2, "keeps WAL: the cache holds imported posts");
    is_int(later.open_rc, 0, "another refuge opens it during the rows");
    is_int(later.old_posts, NPOSTS, "and browses the posts of the first import");
    is_int(sql_int(db, "SELECT count(*) FROM posts"), 2 * NPOSTS, "both imports are in");
    db_close(db);
}

/* ---- killed halfway through the commit -------------------------------------- */

/* A VFS over the default one whose process ends (as if killed: no
 * cleanup, no rollback) at the KILL_AFTER-th write to a main database file
 * once armed. */
#define KILL_AFTER 100

static sqlite3_vfs *real_vfs;
static sqlite3_vfs killer_vfs;
static struct sqlite3_io_methods killer_methods;
static volatile bool armed;
static int writes;

struct killer_file {
    sqlite3_file base;
    const struct sqlite3_io_methods *real; /* the real file's (a journal's differ) */
    bool main_db;
    /* the real file follows, real_vfs->szOsFile bytes */
};

static sqlite3_file *real_file(sqlite3_file *f)
{
    return (sqlite3_file *)((struct killer_file *)f + 1);
}

static const struct sqlite3_io_methods *real_of(sqlite3_file *f)
{
    return ((struct killer_file *)f)->real;
}

static int killer_write(sqlite3_file *f, const void *buf, int amt, sqlite3_int64 off)
{
    if (armed && ((struct killer_file *)f)->main_db && ++writes == KILL_AFTER)
        _exit(9);
    return real_of(f)->xWrite(real_file(f), buf, amt, off);
}

/* Every other method passes the real file on. */
#define PASS(name, params, args)                                                           \
    static int killer_##name params { return real_of(f)->name args; }
PASS(xClose, (sqlite3_file * f), (real_file(f)))
PASS(xRead, (sqlite3_file * f, void *b, int n, sqlite3_int64 o), (real_file(f), b, n, o))
PASS(xTruncate, (sqlite3_file * f, sqlite3_int64 s), (real_file(f), s))
PASS(xSync, (sqlite3_file * f, int flags), (real_file(f), flags))
PASS(xFileSize, (sqlite3_file * f, sqlite3_int64 * s), (real_file(f), s))
PASS(xLock, (sqlite3_file * f, int l), (real_file(f), l))
PASS(xUnlock, (sqlite3_file * f, int l), (real_file(f), l))
PASS(xCheckReservedLock, (sqlite3_file * f, int *r), (real_file(f), r))
PASS(xFileControl, (sqlite3_file * f, int op, void *a), (real_file(f), op, a))
PASS(xSectorSize, (sqlite3_file * f), (real_file(f)))
PASS(xDeviceCharacteristics, (sqlite3_file * f), (real_file(f)))
PASS(xShmMap, (sqlite3_file * f, int p, int s, int e, void volatile **m),
     (real_file(f), p, s, e, m))
PASS(xShmLock, (sqlite3_file * f, int o, int n, int fl), (real_file(f), o, n, fl))
PASS(xShmUnmap, (sqlite3_file * f, int d), (real_file(f), d))
static void killer_xShmBarrier(sqlite3_file *f)
{
    real_of(f)->xShmBarrier(real_file(f));
}

static int killer_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags,
                       int *out_flags)
{
    struct killer_file *k = (struct killer_file *)f;
    int rc = real_vfs->xOpen(real_vfs, name, real_file(f), flags, out_flags);

    (void)vfs;
    k->base.pMethods = NULL;
    if (rc != SQLITE_OK)
        return rc;
    k->real = real_file(f)->pMethods;
    killer_methods = (struct sqlite3_io_methods){
        .iVersion = 2, .xClose = killer_xClose, .xRead = killer_xRead,
        .xWrite = killer_write, .xTruncate = killer_xTruncate, .xSync = killer_xSync,
        .xFileSize = killer_xFileSize, .xLock = killer_xLock, .xUnlock = killer_xUnlock,
        .xCheckReservedLock = killer_xCheckReservedLock,
        .xFileControl = killer_xFileControl, .xSectorSize = killer_xSectorSize,
        .xDeviceCharacteristics = killer_xDeviceCharacteristics, .xShmMap = killer_xShmMap,
        .xShmLock = killer_xShmLock, .xShmBarrier = killer_xShmBarrier,
        .xShmUnmap = killer_xShmUnmap};
    k->main_db = (flags & SQLITE_OPEN_MAIN_DB) != 0;
    k->base.pMethods = &killer_methods;
    return SQLITE_OK;
}

/* The rows are being read: the switch to the rollback journal is made, and
 * the next writes to the file are the commit's. */
static void arm(void *data, const char *name, uint64_t bytes)
{
    (void)data;
    (void)name;
    (void)bytes;
    armed = true;
}

/* In a child process: a first import of the posts into path, ended at the
 * KILL_AFTER-th page its commit writes. */
static void import_killed(const char *path)
{
    size_t len;
    char *text = posts_text("k", &len);
    FILE *fp = fmemopen(text, len, "r");
    struct import_input in = {.name = "posts.jsonl", .fp = fp};
    struct import_options opts = {.format = IMPORT_AUTO, .progress = arm};
    struct import_result res;
    struct rf_error err = {{0}};
    struct db *db;

    real_vfs = sqlite3_vfs_find(NULL);
    killer_vfs = *real_vfs;
    killer_vfs.zName = "killer";
    killer_vfs.szOsFile = (int)sizeof(struct killer_file) + real_vfs->szOsFile;
    killer_vfs.xOpen = killer_open;
    if (sqlite3_vfs_register(&killer_vfs, 1) != SQLITE_OK || db_open(path, &db, &err) != 0)
        _exit(2);
    import_run(db, &in, 1, &opts, &res, &err);
    _exit(3); /* the commit ended before the KILL_AFTER-th write */
}

static void test_killed_in_commit(void)
{
    char path[1024];
    struct db *db = NULL;
    struct rf_error err = {{0}};
    struct db_report rep;
    struct stat st = {0};
    unsigned char h[32];
    int64_t said = 0;
    FILE *f;
    int status = 0;
    pid_t pid;

    snprintf(path, sizeof path, "%s/killed.db", tmpdir);
    if (db_open(path, &db, &err) != 0 || db_meta_set(db, "before", "kept", &err) != 0) {
        ok(0, "a new cache opens: %s", err.msg);
        db_close(db);
        return;
    }
    db_close(db);
    db = NULL;
    fflush(stdout);
    if ((pid = fork()) == 0)
        import_killed(path);
    waitpid(pid, &status, 0);
    ok(WIFEXITED(status) && WEXITSTATUS(status) == 9,
       "a first import ends halfway through writing its commit (status %d)",
       WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status));
    ok(has_journal(path), "its rollback journal is left beside the cache");
    if ((f = fopen(path, "rb")) && fread(h, 1, sizeof h, f) == sizeof h && stat(path, &st) == 0)
        said = (int64_t)((uint32_t)h[28] << 24 | (uint32_t)h[29] << 16 | (uint32_t)h[30] << 8 |
                         h[31]) *
               ((unsigned)h[16] << 8 | h[17]);
    if (f)
        fclose(f);
    ok(said > (int64_t)st.st_size, "and the file is shorter than its header says (%lld of %lld bytes)",
       (long long)st.st_size, (long long)said);
    ok(db_open(path, &db, &err) == 0, "the next open is not refused as damaged (%s)", err.msg);
    if (!db)
        return;
    ok(!has_journal(path), "it rolled the journal back");
    is_int(header_mode(path), 2, "the cache is in WAL mode again");
    is_int(sql_int(db, "SELECT count(*) FROM posts"), 0, "it holds none of the posts");
    is_int(sql_int(db, "SELECT count(*) FROM meta WHERE key = 'before' AND value = 'kept'"), 1,
           "and what it held before");
    ok(db_check(db, &rep, &err) == 0 && strcmp(rep.integrity, "ok") == 0,
       "it checks out (%s)", rep.integrity);
    db_close(db);
}

int main(void)
{
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 1;
    }
    test_switch();
    test_first_import();
    test_reader_open();
    test_later_import();
    test_killed_in_commit();
    remove_tree(tmpdir);
    return tap_done();
}
