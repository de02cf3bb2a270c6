/* fuzz_config.c — libFuzzer target for the config loader.
 *
 * Input: the whole input is a settings file. The target loads it over the
 * built-in defaults, as refuge loads ~/.config/refuge/refuge.ini, and checks
 * the promises of config.h: loading never fails on content, every setting
 * is in its range afterwards, every diagnostic reads "FILE:LINE: message"
 * with a line of the file, the raw [keys] and [colors] entries say where
 * they came from, loading the same file again changes nothing, and no
 * temporary file is left behind. A broken invariant aborts with a message.
 * Built with libFuzzer by ./configure CC=clang --enable-fuzzing, and
 * replayed over the committed corpus by tests/fuzz/replay.c in `make check`.
 */
#include "autoconfig.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "fuzz_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond, what)                                                                  \
    do {                                                                                   \
        if (!(cond)) {                                                                     \
            fprintf(stderr, "fuzz_config: %s:%d: invariant broken: %s\n", __FILE__,       \
                    __LINE__, what);                                                       \
            abort();                                                                       \
        }                                                                                  \
    } while (0)

/* Every scalar setting, in a fixed order, for comparing two loads. */
enum { NSETTINGS = 16 };

static void settings(const struct config *cfg, int out[NSETTINGS])
{
    const int v[NSETTINGS] = {
        cfg->ui.theme,          cfg->ui.theme_explicit, cfg->ui.layout,
        cfg->ui.language,       cfg->ui.ambiguous_width, cfg->ui.ascii,
        cfg->ui.mouse,          cfg->ui.projector,      cfg->feed.show,
        cfg->feed.sort,         cfg->timeline.follow,   cfg->timeline.window_days,
        cfg->timeline.proportional, cfg->stats.top,     cfg->tour.seconds,
        cfg->tour.captions};

    memcpy(out, v, sizeof v);
}

static void check_ranges(const struct config *cfg)
{
    CHECK(config_choice_name("ui", "theme", cfg->ui.theme), "ui.theme in range");
    CHECK(config_choice_name("ui", "layout", cfg->ui.layout), "ui.layout in range");
    CHECK(config_choice_name("ui", "language", cfg->ui.language), "ui.language in range");
    CHECK(config_choice_name("ui", "ambiguous_width", cfg->ui.ambiguous_width),
          "ui.ambiguous_width in range");
    CHECK(config_choice_name("feed", "show", cfg->feed.show), "feed.show in range");
    CHECK(config_choice_name("feed", "sort", cfg->feed.sort), "feed.sort in range");
    CHECK(config_choice_name("tour", "captions", cfg->tour.captions), "tour.captions in range");
    CHECK(cfg->timeline.window_days >= 0 && cfg->timeline.window_days <= 366,
          "timeline.window in range");
    CHECK(cfg->stats.top >= 1 && cfg->stats.top <= 100, "stats.top in range");
    CHECK(cfg->tour.seconds >= 0 && cfg->tour.seconds <= 3600, "tour.seconds in range");
}

static void check_entries(const struct cfg_entries *list, const char *path,
                          const uint8_t *data, size_t size)
{
    size_t lines = 1;

    for (size_t i = 0; i < size; i++)
        lines += data[i] == '\n';
    for (size_t i = 0; i < list->count; i++) {
        const struct cfg_entry *e = &list->items[i];
        CHECK(e->key && e->key[0] && e->value && e->file, "a raw entry is complete");
        for (const char *k = e->key; *k; k++)
            CHECK(!(*k >= 'A' && *k <= 'Z'), "a raw entry's key is lower case");
        CHECK(strcmp(e->file, path) == 0, "a raw entry names its file");
        CHECK(e->line >= 0 && (size_t)e->line <= lines, "a raw entry's line is in the file");
        for (size_t j = 0; j < i; j++)
            CHECK(strcmp(list->items[j].key, e->key) != 0, "a raw key is kept once");
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_file_write(data, size);
    struct rf_error err = {{0}};
    struct config cfg;
    int first[NSETTINGS], again[NSETTINGS];
    size_t nkeys, ncolors;

    config_init(&cfg);
    CHECK(config_load_file(&cfg, path, &err) == 0, "a readable file always loads");
    check_ranges(&cfg);
    for (size_t i = 0; i < cfg.ndiagnostics; i++) {
        if (!fuzz_file_diagnostic_ok(cfg.diagnostics[i], path, data, size))
            fprintf(stderr, "fuzz_config: diagnostic: %s\n", cfg.diagnostics[i]);
        CHECK(fuzz_file_diagnostic_ok(cfg.diagnostics[i], path, data, size),
              "a diagnostic reads FILE:LINE: message");
        CHECK(strcmp(cfg.diagnostics[i] + strlen(path),
                     ": could not be parsed; using the other settings") != 0,
              "a malformed line costs that line, never the whole file");
    }
    check_entries(&cfg.keys, path, data, size);
    check_entries(&cfg.colors, path, data, size);
    CHECK(fuzz_file_alone(), "no temporary file is left behind");

    settings(&cfg, first);
    nkeys = cfg.keys.count;
    ncolors = cfg.colors.count;
    CHECK(config_load_file(&cfg, path, &err) == 0, "a readable file loads again");
    settings(&cfg, again);
    CHECK(memcmp(first, again, sizeof first) == 0, "loading a file twice changes nothing");
    CHECK(cfg.keys.count == nkeys && cfg.colors.count == ncolors,
          "loading a file twice adds no raw entries");
    config_free(&cfg);
    return 0;
}
