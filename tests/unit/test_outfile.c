/* outfile: "~" expanded, what is at the name examined, a new file never
 * opened through a link, a replacement renamed over the name (not written
 * through a link planted there meanwhile), nothing left behind. */
#include "autoconfig.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "outfile.h"
#include "tap.h"

static char dir[] = "/tmp/refuge-outfile-XXXXXX";

static const char *at(const char *name)
{
    static char buf[4][256];
    static int n;
    char *b = buf[n++ % 4];
    snprintf(b, sizeof buf[0], "%s/%s", dir, name);
    return b;
}

static void put(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");
    fputs(text, fp);
    fclose(fp);
}

static int holds(const char *path, const char *text)
{
    char buf[256] = "";
    FILE *fp = fopen(path, "r");
    if (!fp)
        return 0;
    if (!fgets(buf, sizeof buf, fp))
        buf[0] = '\0';
    fclose(fp);
    return strcmp(buf, text) == 0;
}

int main(void)
{
    struct rf_error err = {{0}};
    struct outfile o;
    struct stat st;
    char buf[256];

    if (!mkdtemp(dir))
        return 1;
    setenv("HOME", "/home/me", 1);
    ok(outfile_expand("~/out.csv", buf, sizeof buf, &err) == 0 && !strcmp(buf, "/home/me/out.csv"),
       "~/ is the home directory");
    ok(outfile_expand("~", buf, sizeof buf, &err) == 0 && !strcmp(buf, "/home/me"), "so is ~");
    ok(outfile_expand("~bob/x", buf, sizeof buf, &err) == 0 && !strcmp(buf, "~bob/x"),
       "~user is left alone");
    ok(outfile_expand("a/~", buf, sizeof buf, &err) == 0 && !strcmp(buf, "a/~"),
       "a ~ elsewhere is a character");

    put(at("file"), "old\n");
    put(at("victim"), "theirs\n");
    symlink(at("victim"), at("link"));
    symlink(at("nowhere"), at("dangling"));
    mkfifo(at("fifo"), 0600);
    ok(outfile_check(at("new"), &err) == OUTFILE_NEW, "nothing at the name: new");
    ok(outfile_check(at("file"), &err) == OUTFILE_EXISTS, "a regular file: ask first");
    ok(outfile_check(at("link"), &err) == OUTFILE_REFUSED && strstr(err.msg, "symbolic link"),
       "a symbolic link is refused");
    ok(outfile_check(at("dangling"), &err) == OUTFILE_REFUSED, "a link to nowhere too");
    ok(outfile_check(dir, &err) == OUTFILE_REFUSED && strstr(err.msg, "directory"),
       "a directory too");
    ok(outfile_check(at("fifo"), &err) == OUTFILE_REFUSED && strstr(err.msg, "fifo"),
       "a fifo too");

    /* A link that appears after the check is not opened as the new file. */
    ok(outfile_open(&o, at("dangling"), false, &err) != 0 && access(at("nowhere"), F_OK) != 0,
       "a new file is never created through a link");
    umask(022);
    ok(outfile_open(&o, at("new"), false, &err) == 0, "a new file opens");
    fputs("new\n", o.fp);
    ok(outfile_commit(&o, &err) == 0 && holds(at("new"), "new\n"), "and is written");

    ok(outfile_open(&o, at("file"), true, &err) == 0, "a replacement opens");
    fputs("replaced\n", o.fp);
    ok(holds(at("file"), "old\n"), "the old file stays until the end");
    ok(outfile_commit(&o, &err) == 0 && holds(at("file"), "replaced\n"), "then is replaced");
    ok(stat(at("file"), &st) == 0 && (st.st_mode & 0777) == 0644,
       "with the mode the umask gives a new file");

    /* The target swapped for a link between the question and the rename. */
    ok(outfile_open(&o, at("swapped"), true, &err) == 0, "a replacement opens again");
    symlink(at("victim"), at("swapped"));
    fputs("mine\n", o.fp);
    ok(outfile_commit(&o, &err) == 0 && holds(at("victim"), "theirs\n") &&
           lstat(at("swapped"), &st) == 0 && S_ISREG(st.st_mode),
       "a link planted meanwhile is replaced, not followed");

    ok(outfile_open(&o, at("gone"), false, &err) == 0, "a file to give up on opens");
    outfile_abort(&o);
    ok(access(at("gone"), F_OK) != 0, "giving up leaves nothing");
    ok(outfile_open(&o, at("file"), true, &err) == 0, "a replacement to give up on opens");
    fputs("half\n", o.fp);
    outfile_abort(&o);
    ok(holds(at("file"), "replaced\n"), "giving up leaves the old file as it was");

    {
        static const char *const names[] = {"file",   "victim", "link",    "dangling",
                                             "fifo",   "new",    "swapped", NULL};
        for (int i = 0; names[i]; i++)
            unlink(at(names[i]));
        rmdir(dir);
    }
    return tap_done();
}
