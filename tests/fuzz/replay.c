/* replay.c — runs a libFuzzer target over files without libFuzzer, so
 * `make check` replays the committed corpus as a regression test with any
 * compiler. Each file is one TAP case; a broken invariant aborts the target
 * and the test harness reports the crash with its message.
 *
 * Usage: replay_NAME [FILE|DIR]...; with no arguments it reads
 * $top_srcdir/tests/fuzz/corpus/FUZZ_CORPUS (set when compiling). */
#include "autoconfig.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int replay_file(const char *path)
{
    FILE *fp = fopen(path, "rb");
    uint8_t *data = NULL;
    size_t len = 0, cap = 0, n;

    if (!fp)
        return ok(0, "%s: cannot open", path);
    do {
        if (len == cap) {
            uint8_t *p = realloc(data, cap = cap ? cap * 2 : 4096);
            if (!p) {
                free(data);
                fclose(fp);
                return ok(0, "%s: out of memory", path);
            }
            data = p;
        }
        n = fread(data + len, 1, cap - len, fp);
        len += n;
    } while (n > 0);
    fclose(fp);
    tap_diag("replaying %s", path); /* names the input if the target aborts */
    LLVMFuzzerTestOneInput(data, len);
    free(data);
    return ok(1, "%s (%zu bytes)", path, len);
}

/* Replays every regular file in dir, in name order. */
static void replay_dir(const char *dir)
{
    struct dirent **names;
    int n = scandir(dir, &names, NULL, alphasort);

    if (n < 0) {
        ok(0, "%s: cannot read the corpus", dir);
        return;
    }
    if (n <= 2)
        ok(0, "%s: the corpus is empty", dir);
    for (int i = 0; i < n; i++) {
        char path[4096];
        struct stat st;
        snprintf(path, sizeof path, "%s/%s", dir, names[i]->d_name);
        if (names[i]->d_name[0] != '.' && stat(path, &st) == 0 && S_ISREG(st.st_mode))
            replay_file(path);
        free(names[i]);
    }
    free(names);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        const char *top = getenv("top_srcdir");
        char dir[4096];
        snprintf(dir, sizeof dir, "%s/tests/fuzz/corpus/%s", top ? top : ".", FUZZ_CORPUS);
        replay_dir(dir);
    }
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode))
            replay_dir(argv[i]);
        else
            replay_file(argv[i]);
    }
    return tap_done();
}
