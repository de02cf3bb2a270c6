#include "autoconfig.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz_file.h"

static char dir[4096];
static char input[4200];

static void remove_dir(void)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char path[4400];

    if (d) {
        while ((e = readdir(d)))
            if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
                snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
                unlink(path);
            }
        closedir(d);
    }
    rmdir(dir);
}

static void make_dir(void)
{
    const char *tmp = getenv("TMPDIR");

    snprintf(dir, sizeof dir, "%s/refuge-fuzz-XXXXXX", tmp && tmp[0] == '/' ? tmp : "/tmp");
    if (!mkdtemp(dir)) {
        perror("fuzz_file: mkdtemp");
        abort();
    }
    atexit(remove_dir);
    setenv("TMPDIR", dir, 1);
    snprintf(input, sizeof input, "%s/input.ini", dir);
}

const char *fuzz_file_write(const uint8_t *data, size_t size)
{
    FILE *fp;

    if (!dir[0])
        make_dir();
    fp = fopen(input, "wb");
    if (!fp || fwrite(data, 1, size, fp) != size || fclose(fp) != 0) {
        perror("fuzz_file: writing the input");
        abort();
    }
    return input;
}

bool fuzz_file_alone(void)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int others = 0;

    if (!d)
        return false;
    while ((e = readdir(d)))
        others += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0 &&
                  strcmp(e->d_name, "input.ini") != 0;
    closedir(d);
    return others == 0;
}

bool fuzz_file_diagnostic_ok(const char *msg, const char *file, const uint8_t *data,
                             size_t size)
{
    size_t flen = strlen(file), lines = 1;
    const char *p;
    long line = 0;

    if (strncmp(msg, file, flen) != 0 || msg[flen] != ':')
        return false;
    p = msg + flen + 1;
    if (*p == ' ')
        return p[1] != '\0';
    while (*p >= '0' && *p <= '9' && line < 1000000000)
        line = line * 10 + (*p++ - '0');
    for (size_t i = 0; i < size; i++)
        lines += data[i] == '\n';
    return line >= 1 && (size_t)line <= lines && p[0] == ':' && p[1] == ' ' && p[2] != '\0';
}
