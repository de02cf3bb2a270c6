/* Unit tests for src/userstate.c and src/publish.c: a writable cache keeps
 * the user's marks inside and gets an identity; `publish` writes a
 * read-only snapshot with the identity and without the instructor's marks,
 * replaced atomically (no temporary file left); each user's marks on the
 * snapshot go to their own state file (0600), survive a republish under an
 * open model (which notices the new file) and a reopen, and are theirs
 * only; without a place for the file, or with a damaged one (left as it
 * is), marks live in memory with a warning. More
 * posts than a page (300, then 350), half of them starred. */
#include "autoconfig.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cache_sql.h"
#include "db.h"
#include "model.h"
#include "publish.h"
#include "pseudo.h"
#include "tap.h"
#include "userstate.h"

static char tmpdir[] = "/tmp/refuge-test-userstate-XXXXXX";

static void path_in_tmp(char *buf, size_t size, const char *name)
{
    snprintf(buf, size, "%s/%s", tmpdir, name);
}

/* Posts ext_id p1..pN (N = to), from p`from` on, one a minute. */
static void add_posts(struct db *db, int from, int to)
{
    char sql[512];

    snprintf(sql, sizeof sql,
             "WITH RECURSIVE n(i) AS (SELECT %d UNION ALL SELECT i + 1 FROM n WHERE i < %d)"
             " INSERT INTO posts(platform, ext_id, lang, ts_utc, text)"
             " SELECT 'xiaohongshu', 'p' || i, 'en', 1736800000 + 60 * i, 'post ' || i FROM n",
             from, to);
    if (sqlite3_exec(db_sql(db), sql, NULL, NULL, NULL) != SQLITE_OK)
        tap_diag("add_posts: %s", sqlite3_errmsg(db_sql(db)));
}

static int64_t post_id(struct db *db, int n)
{
    char sql[128];

    snprintf(sql, sizeof sql, "SELECT id FROM main.posts WHERE ext_id = 'p%d'", n);
    return sql_int(db, sql);
}

static int64_t count_starred(struct model *m)
{
    struct model_filter f = {.starred_only = true};
    struct rf_error err = {{0}};
    int64_t n = -1;

    if (model_count(m, &f, &n, &err) != 0)
        tap_diag("count: %s", err.msg);
    return n;
}

static int count_each(void *arg, const struct model_post *p)
{
    (*(int *)arg) += p->starred;
    return 0;
}

/* The starred posts seen by walking every post (past any page). */
static int starred_walked(struct model *m)
{
    struct rf_error err = {{0}};
    int n = 0;

    if (model_posts_each(m, NULL, MODEL_SORT_TIME, 0, count_each, &n, &err) != 0)
        tap_diag("walk: %s", err.msg);
    return n;
}

/* Opens the class's snapshot as the user whose data home is tmp/NAME. */
static int open_as(const char *name, const char *class_db, struct db **db, struct model **m,
                   struct rf_error *warning)
{
    char home[1024];
    struct rf_error err = {{0}};

    path_in_tmp(home, sizeof home, name);
    setenv("XDG_DATA_HOME", home, 1);
    *m = NULL;
    if (db_open(class_db, db, &err) != 0 || userstate_open(*db, warning, &err) != 0 ||
        !(*m = model_new(*db, &err))) {
        tap_diag("open as %s: %s", name, err.msg);
        return -1;
    }
    return 0;
}

static int entries(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;

    while (d && (e = readdir(d)))
        n += e->d_name[0] != '.';
    if (d)
        closedir(d);
    return n;
}

int main(void)
{
    struct rf_error err = {{0}}, warning = {{0}};
    struct db *src, *alice_db, *bob_db;
    struct model *src_m, *alice, *bob;
    char src_path[1024], class_dir[1024], class_db[1100], id[128], seen[128], file[1100],
        want[1100];
    struct stat st, st2;
    bool all_ok = true;

    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 1;
    }
    path_in_tmp(src_path, sizeof src_path, "instructor.db");
    path_in_tmp(class_dir, sizeof class_dir, "class");
    snprintf(class_db, sizeof class_db, "%s/cache.db", class_dir);
    mkdir(class_dir, 0755);

    /* The instructor's writable cache. */
    if (db_open(src_path, &src, &err) != 0 || userstate_open(src, &warning, &err) != 0 ||
        !(src_m = model_new(src, &err))) {
        tap_diag("%s", err.msg);
        return 1;
    }
    add_posts(src, 1, 300);
    is_str(userstate_schema(src), "main", "a writable cache keeps the user tables inside");
    ok(db_identity(src, id, sizeof id, &err) == 0 && strlen(id) == 32, "it has an identity");
    userstate_file(src, file, sizeof file);
    is_str(file, "", "and no state file");
    ok(model_set_starred(src_m, post_id(src, 1), true, &err) == 0 &&
           sql_int(src, "SELECT count(*) FROM main.state WHERE starred") == 1,
       "the instructor's star is kept inside their cache");

    /* Publish, after a pseudonymised export made the instructor's salt. */
    {
        struct pseudo ps;
        ok(pseudo_open(src, &ps, &err) == 0, "the source cache has a pseudonym salt");
    }
    ok(publish_cache(src, class_db, &err) == 0, "publish writes the snapshot");
    ok(stat(class_db, &st) == 0 && (st.st_mode & 0777) == 0444, "read-only for everyone");
    is_int(entries(class_dir), 1, "no temporary file is left beside it");

    /* Alice reads it and stars every other post. */
    if (open_as("alice", class_db, &alice_db, &alice, &warning) != 0)
        return 1;
    ok(db_readonly(alice_db), "the snapshot opens read-only (whoever runs the test)");
    is_str(warning.msg, "", "with no warning");
    is_str(userstate_schema(alice_db), USERSTATE_SCHEMA, "the user tables are in the private file");
    ok(db_identity(alice_db, seen, sizeof seen, &err) == 0 && strcmp(seen, id) == 0,
       "the snapshot has the source's identity");
    is_int(sql_int(alice_db, "SELECT count(*) FROM main.meta WHERE key = '" DB_META_PSEUDONYM_SALT
                             "'"),
           0, "but not its pseudonym salt");
    userstate_file(alice_db, file, sizeof file);
    snprintf(want, sizeof want, "%s/alice/refuge/state-%s.db", tmpdir, id);
    is_str(file, want, "the state file is under XDG_DATA_HOME, named by the identity");
    ok(stat(want, &st2) == 0 && (st2.st_mode & 0777) == 0600, "readable by its user alone");
    is_int(count_starred(alice), 0, "the instructor's stars are not handed out");
    for (int i = 2; i <= 300; i += 2)
        all_ok &= model_set_starred(alice, post_id(alice_db, i), true, &err) == 0;
    all_ok &= model_set_read(alice, post_id(alice_db, 3), true, &err) == 0;
    ok(all_ok, "alice stars 150 posts and reads one on the read-only snapshot");
    is_int(count_starred(alice), 150, "her stars count as if in the cache");
    is_int(starred_walked(alice), 150, "and show on every post, past the first page");
    ok(stat(class_db, &st2) == 0 && st2.st_mtime == st.st_mtime && st2.st_size == st.st_size &&
           st2.st_ino == st.st_ino,
       "the snapshot is untouched");

    /* Bob's marks are his. */
    if (open_as("bob", class_db, &bob_db, &bob, &warning) != 0)
        return 1;
    is_int(count_starred(bob), 0, "bob does not see alice's stars");
    ok(model_set_starred(bob, post_id(bob_db, 7), true, &err) == 0 && count_starred(bob) == 1,
       "his own star is saved");

    /* The instructor imports 50 more and publishes again, both open. */
    add_posts(src, 301, 350);
    ok(!model_changed(alice), "nothing new before the update");
    ok(publish_cache(src, class_db, &err) == 0, "a second publish replaces the snapshot");
    is_int(entries(class_dir), 1, "still one file");
    ok(model_changed(alice), "an open model notices the new file");
    ok(!model_changed(alice), "once");
    is_int(sql_int(alice_db, "SELECT count(*) FROM main.posts"), 350, "and reads it: 350 posts");
    is_int(count_starred(alice), 150, "alice's stars survive the update");
    ok(db_readonly(alice_db) && userstate_writable(alice_db), "still read-only, marks writable");
    ok(model_set_starred(alice, post_id(alice_db, 350), true, &err) == 0 &&
           count_starred(alice) == 151,
       "she stars a new post");
    model_free(alice);
    db_close(alice_db);
    if (open_as("alice", class_db, &alice_db, &alice, &warning) != 0)
        return 1;
    is_int(count_starred(alice), 151, "her stars are there when she comes back");
    {
        struct model_post p;
        ok(model_post_detail(alice, post_id(alice_db, 3), &p, &err) == 0 && p.read && !p.starred,
           "and her read mark");
        model_post_free(&p);
    }
    ok(model_changed(bob) && count_starred(bob) == 1, "bob keeps his one star");
    model_free(bob);
    db_close(bob_db);

    /* No place for the state file: marks last for the session. */
    {
        char blocker[1100];
        struct db *db;
        struct model *m;
        FILE *f;

        path_in_tmp(blocker, sizeof blocker, "a-file");
        if ((f = fopen(blocker, "w")))
            fclose(f);
        setenv("XDG_DATA_HOME", blocker, 1); /* a file: nothing can be made under it */
        memset(&warning, 0, sizeof warning);
        if (db_open(class_db, &db, &err) == 0 && userstate_open(db, &warning, &err) == 0 &&
            (m = model_new(db, &err))) {
            ok(strstr(warning.msg, "will last until you quit") != NULL,
               "without a state file, a warning says marks last until quitting");
            ok(model_set_starred(m, post_id(db, 9), true, &err) == 0 && count_starred(m) == 1,
               "and starring works for the session");
            model_free(m);
            db_close(db);
        } else {
            ok(0, "the snapshot opens without a place for the state file: %s", err.msg);
        }
    }
    /* A damaged state file is left as it is; marks last for the session. */
    {
        char home[1100], damaged[1300];
        const char junk[] = "not a database, not at all; long enough to have a header....";
        struct db *db;
        struct model *m;
        FILE *f;

        path_in_tmp(home, sizeof home, "carol/refuge");
        snprintf(damaged, sizeof damaged, "%s/state-%s.db", home, id);
        path_in_tmp(home, sizeof home, "carol");
        mkdir(home, 0700);
        path_in_tmp(home, sizeof home, "carol/refuge");
        mkdir(home, 0700);
        if ((f = fopen(damaged, "w"))) {
            fputs(junk, f);
            fclose(f);
        }
        memset(&warning, 0, sizeof warning);
        if (open_as("carol", class_db, &db, &m, &warning) == 0) {
            ok(strstr(warning.msg, "cannot be used") != NULL &&
                   strstr(warning.msg, "last until you quit") != NULL,
               "a damaged state file: a warning says marks last until quitting");
            ok(model_set_starred(m, post_id(db, 9), true, &err) == 0 && count_starred(m) == 1,
               "starring works for the session");
            model_free(m);
            db_close(db);
            if ((f = fopen(damaged, "r"))) {
                char back[sizeof junk] = "";
                ok(fread(back, 1, sizeof back - 1, f) == sizeof junk - 1 &&
                       strcmp(back, junk) == 0,
                   "and the damaged file is left as it was");
                fclose(f);
            }
        } else {
            ok(0, "the snapshot opens with a damaged state file");
        }
    }
    model_free(alice);
    db_close(alice_db);
    model_free(src_m);
    db_close(src);
    remove_tree(tmpdir);
    return tap_done();
}
