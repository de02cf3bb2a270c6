/* fuzz_tour.c — libFuzzer target for the tour loader.
 *
 * Input: the whole input is a tour file. The target loads it as
 * `refuge --tour FILE` does and checks the promises of ui/tour.h: a tour is
 * refused only for having no steps, and then says so with its file name;
 * otherwise its steps come once each in the order of their numbers, every
 * field holds TOUR_UNSET or a value in its range, a date range is not
 * empty, every diagnostic reads "FILE:LINE: message" with a line of the
 * file, the handout prints, and no temporary file is left behind. A broken
 * invariant aborts with a message.
 * Built with libFuzzer by ./configure CC=clang --enable-fuzzing, and
 * replayed over the committed corpus by tests/fuzz/replay.c in `make check`.
 */
#include "autoconfig.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/when.h"
#include "../../ui/tour.h"
#include "fuzz_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A step's FROM..TO reads as a non-empty window (in UTC here; the app
 * reads it in the reader's zone). */
static bool range_is_window(const char *range)
{
    int64_t from, to;
    struct rf_error err = {{0}};

    return range && when_parse_range(range, when_utc(), &from, &to, &err) == 0 && from < to;
}

#define CHECK(cond, what)                                                                  \
    do {                                                                                   \
        if (!(cond)) {                                                                     \
            fprintf(stderr, "fuzz_tour: %s:%d: invariant broken: %s\n", __FILE__,         \
                    __LINE__, what);                                                       \
            abort();                                                                       \
        }                                                                                  \
    } while (0)

/* TOUR_UNSET or lo..hi. */
static int unset_or(int v, int lo, int hi)
{
    return v == TOUR_UNSET || (v >= lo && v <= hi);
}

static void check_step(const struct tour_step *s, size_t lines)
{
    CHECK(s->number >= 1 && s->number <= 9999, "a step number is 1 to 9999");
    CHECK(s->line >= 1 && (size_t)s->line <= lines, "a step's line is in the file");
    CHECK(unset_or(s->pane, 0, 2), "pane in range");
    CHECK(unset_or(s->show, 0, 2), "show in range");
    CHECK(unset_or(s->language, 0, 2), "language in range");
    CHECK(unset_or(s->zoom, 0, 1), "zoom in range");
    CHECK(s->panes < 1u << 3, "panes names only the three panes");
    CHECK(unset_or(s->seconds, 0, 3600), "seconds in range");
    CHECK(unset_or(s->window_days, 0, 366), "window in range");
    CHECK(!s->has_range || range_is_window(s->range), "a date range is a non-empty window");
    CHECK(!s->event || s->event[0], "an event is unset or named");
}

static void check_print(const struct tour *t)
{
    char *md = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&md, &len);

    CHECK(out != NULL, "memory for the handout");
    tour_print_md(t, out);
    CHECK(fclose(out) == 0 && len > 0, "the handout prints");
    free(md);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_file_write(data, size);
    struct rf_error err = {{0}};
    struct tour *t = tour_load(path, &err);
    size_t lines = 1;

    CHECK(fuzz_file_alone(), "no temporary file is left behind");
    if (!t) {
        CHECK(strncmp(err.msg, path, strlen(path)) == 0 && strstr(err.msg, ": no steps"),
              "a tour is refused only for having no steps, naming its file");
        return 0;
    }
    for (size_t i = 0; i < size; i++)
        lines += data[i] == '\n';
    CHECK(strcmp(t->file, path) == 0, "the tour names its file");
    CHECK(t->nsteps >= 1, "a loaded tour has steps");
    CHECK(unset_or(t->seconds, 0, 3600), "the tour's seconds in range");
    for (size_t i = 0; i < t->nsteps; i++) {
        check_step(&t->steps[i], lines);
        CHECK(i == 0 || t->steps[i - 1].number < t->steps[i].number,
              "steps come once each, in number order");
    }
    for (size_t i = 0; i < t->ndiagnostics; i++) {
        if (!fuzz_file_diagnostic_ok(t->diagnostics[i], path, data, size))
            fprintf(stderr, "fuzz_tour: diagnostic: %s\n", t->diagnostics[i]);
        CHECK(fuzz_file_diagnostic_ok(t->diagnostics[i], path, data, size),
              "a diagnostic reads FILE:LINE: message");
    }
    check_print(t);
    tour_free(t);
    return 0;
}
