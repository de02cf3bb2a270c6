/* timeit — runs a command several times and prints the median wall time
 * and peak memory of its runs.
 *
 *   timeit [--runs N] [--before CMD] -- PROGRAM [ARGS...]
 *
 * Standard output of PROGRAM goes to /dev/null, standard error is kept.
 * --before runs CMD with /bin/sh ahead of each run, untimed (to remove the
 * cache an import writes, for instance). Prints one line, tab-separated:
 *   runs ms_median ms_min ms_max rss_kib_median written_kib_median cpu_ms_median
 * (cpu: user and system time of the run, which a loaded machine stretches
 * less than the wall time; written: what the kernel's I/O accounting counts as written to storage
 * by the run, /proc/PID/io write_bytes, which wait4() reports in 512-byte
 * blocks; 0 on a file system in memory) and exits 1 when a run failed. */
#include "autoconfig.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void usage(void)
{
    fprintf(stderr, "usage: timeit [--runs N] [--before CMD] -- PROGRAM [ARGS...]\n");
    exit(2);
}

int main(int argc, char **argv)
{
    int runs = 5, i;
    const char *before = NULL;
    double *ms, *rss, *written, *cpu;

    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        }
        if (i + 1 >= argc)
            usage();
        if (strcmp(argv[i], "--runs") == 0)
            runs = atoi(argv[++i]);
        else if (strcmp(argv[i], "--before") == 0)
            before = argv[++i];
        else
            usage();
    }
    if (i >= argc || runs < 1)
        usage();
    ms = calloc((size_t)runs, sizeof *ms);
    rss = calloc((size_t)runs, sizeof *rss);
    written = calloc((size_t)runs, sizeof *written);
    cpu = calloc((size_t)runs, sizeof *cpu);
    if (!ms || !rss || !written || !cpu)
        return 1;
    for (int r = 0; r < runs; r++) {
        struct rusage ru;
        int status;
        double t0;
        pid_t pid;

        if (before && system(before) != 0) {
            fprintf(stderr, "timeit: %s failed\n", before);
            return 1;
        }
        t0 = now_ms();
        pid = fork();
        if (pid < 0) {
            perror("timeit: fork");
            return 1;
        }
        if (pid == 0) {
            int null = open("/dev/null", O_WRONLY);
            if (null >= 0)
                dup2(null, STDOUT_FILENO);
            execvp(argv[i], argv + i);
            perror(argv[i]);
            _exit(127);
        }
        if (wait4(pid, &status, 0, &ru) != pid || !WIFEXITED(status) ||
            WEXITSTATUS(status) != 0) {
            fprintf(stderr, "timeit: %s failed\n", argv[i]);
            return 1;
        }
        ms[r] = now_ms() - t0;
        rss[r] = (double)ru.ru_maxrss;
        written[r] = (double)ru.ru_oublock / 2.0;
        cpu[r] = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
                 (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
    }
    qsort(ms, (size_t)runs, sizeof *ms, cmp_double);
    qsort(rss, (size_t)runs, sizeof *rss, cmp_double);
    qsort(written, (size_t)runs, sizeof *written, cmp_double);
    qsort(cpu, (size_t)runs, sizeof *cpu, cmp_double);
    printf("%d\t%.3f\t%.3f\t%.3f\t%.0f\t%.0f\t%.3f\n", runs, ms[runs / 2], ms[0], ms[runs - 1],
           rss[runs / 2], written[runs / 2], cpu[runs / 2]);
    free(ms);
    free(rss);
    free(written);
    free(cpu);
    return 0;
}
