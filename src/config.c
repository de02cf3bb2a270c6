#include "autoconfig.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "i18n.h"
#include "ini.h"
#include "paths.h"
#include "text.h"

/* ---- the key table -------------------------------------------------------- */

enum key_type { KT_ENUM, KT_BOOL, KT_INT, KT_DAYS, KT_ZONE };

struct key_def {
    const char *section;
    const char *name;
    enum key_type type;
    size_t offset; /* of the int, bool or (KT_ZONE) struct when_zone field in struct config */
    const char *def;
    const char *const *choices; /* KT_ENUM: NULL-terminated, in enum order */
    int min, max;               /* KT_INT, KT_DAYS */
    const char *help;           /* one or more comment lines for the default file */
};

static const char *const theme_choices[] = {"default", "projector", "mono", NULL};
static const char *const layout_choices[] = {"auto", "wide", "narrow", NULL};
static const char *const language_choices[] = {"en", "zh", "both", NULL};
static const char *const interface_choices[] = {"auto", "en", "zh", NULL}; /* enum i18n_interface */
static const char *const script_choices[] = {"as-is", "simplified", "traditional", NULL};
static const char *const ambiguous_choices[] = {"auto", "narrow", "wide", NULL};
static const char *const cursor_choices[] = {"auto", "head", "row", "date", NULL};
static const char *const clipboard_choices[] = {"off", "osc52", NULL};
static const char *const show_choices[] = {"original", "translation", "both", NULL};
static const char *const sort_choices[] = {"time", "likes", NULL};
static const char *const caption_choices[] = {"ui", "both", NULL};

#define FIELD(f) offsetof(struct config, f)

static const struct key_def key_defs[] = {
    {.section = "ui", .name = "theme", .type = KT_ENUM, .offset = FIELD(ui.theme),
     .def = "default", .choices = theme_choices,
     .help = N_("Colour scheme: default (8 colours, terminal background), projector\n"
                "(high contrast, bold: projector mode, as projector = yes) or mono\n"
                "(attributes only; also chosen by NO_COLOR).")},
    {.section = "ui", .name = "layout", .type = KT_ENUM, .offset = FIELD(ui.layout),
     .def = "auto", .choices = layout_choices,
     .help = N_("Pane layout: auto follows the terminal width; wide always shows panes\n"
                "side by side; narrow always shows one pane with a tab bar.")},
    {.section = "ui", .name = "language", .type = KT_ENUM, .offset = FIELD(ui.language),
     .def = "en", .choices = language_choices,
     .help = N_("Language of event titles and captions: en, zh or both (L cycles it).")},
    {.section = "ui", .name = "interface", .type = KT_ENUM, .offset = FIELD(ui.interface),
     .def = "auto", .choices = interface_choices,
     .help = N_("Language of menus, messages and headings: auto follows the locale\n"
                "(LC_MESSAGES), or en, zh. Chinese needs a UTF-8 locale (else English).\n"
                "--interface overrides it.")},
    {.section = "ui", .name = "script", .type = KT_ENUM, .offset = FIELD(ui.script),
     .def = "as-is", .choices = script_choices,
     .help = N_("Chinese text in the explorer: as-is (as written), simplified or traditional\n"
                "(converted with OpenCC for display: posts, translations, comments, event\n"
                "titles and summaries; never the cache or an export). Search finds both\n"
                "scripts whatever this is. J cycles it; --script overrides it.")},
    {.section = "ui", .name = "ambiguous_width", .type = KT_ENUM,
     .offset = FIELD(ui.ambiguous_width), .def = "auto", .choices = ambiguous_choices,
     .help = N_("Columns for East Asian ambiguous-width characters (such as \xe2\x80\x9c \xc2\xb1 \xe2\x97\x8b):\n"
                "auto follows the locale (wide in zh/ja/ko locales), or narrow, wide.")},
    {.section = "ui", .name = "cursor", .type = KT_ENUM, .offset = FIELD(ui.cursor),
     .def = "auto", .choices = cursor_choices,
     .help = N_("How the feed's cursor row stands out: date (its mark and date in\n"
                "reverse: the fewest bytes a step over slow links), head (its date, author\n"
                "and marks), row (the whole row), or auto (date, and row in projector mode).")},
    {.section = "ui", .name = "scroll_jump", .type = KT_INT, .offset = FIELD(ui.scroll_jump),
     .def = "1", .min = 1, .max = 1000,
     .help = N_("Lines the feed and timeline lists move when the cursor meets the top or\n"
                "bottom of the screen (at most what keeps it on screen). 1 scrolls line by\n"
                "line; more repaints less often over a slow link where the terminal cannot\n"
                "scroll the pane's lines itself (beside other panes).")},
    {.section = "ui", .name = "timezone", .type = KT_ZONE, .offset = FIELD(ui.timezone),
     .def = "local",
     .help = N_("The zone times are shown in and days are counted in (feed, reader,\n"
                "timeline, charts, date filters, batch text): local (TZ), UTC, an IANA\n"
                "name such as Asia/Shanghai or America/New_York, or an offset like\n"
                "+08:00. --tz ZONE overrides it.")},
    {.section = "ui", .name = "ascii", .type = KT_BOOL, .offset = FIELD(ui.ascii),
     .def = "no", .help = N_("Draw borders and charts with ASCII only (automatic in a non-UTF-8 locale).")},
    {.section = "ui", .name = "mouse", .type = KT_BOOL, .offset = FIELD(ui.mouse),
     .def = "no", .help = N_("Click to focus and select, wheel to scroll.")},
    {.section = "ui", .name = "projector", .type = KT_BOOL, .offset = FIELD(ui.projector),
     .def = "no",
     .help = N_("Projector mode for a classroom: bold high-contrast colours, two lines a\n"
                "row, the whole cursor row in reverse, minimal chrome. theme = projector\n"
                "and --theme projector turn on the same mode.")},
    {.section = "ui", .name = "clipboard", .type = KT_ENUM, .offset = FIELD(ui.clipboard),
     .def = "off", .choices = clipboard_choices,
     .help = N_("What y does besides showing a post's whole URL on a line of its own: off,\n"
                "or osc52 (also copy it to the clipboard of the terminal you sit at, over\n"
                "SSH too, where the terminal allows OSC 52; the URL is sent base64-encoded).")},
    {.section = "feed", .name = "show", .type = KT_ENUM, .offset = FIELD(feed.show),
     .def = "both", .choices = show_choices,
     .help = N_("Post text shown: original, translation or both (L cycles it).")},
    {.section = "feed", .name = "sort", .type = KT_ENUM, .offset = FIELD(feed.sort),
     .def = "time", .choices = sort_choices, .help = N_("Order of the feed list: time or likes.")},
    {.section = "feed", .name = "count_cap", .type = KT_INT, .offset = FIELD(feed.count_cap),
     .def = "250000", .min = 0, .max = 1000000000,
     .help = N_("Matches of a search the feed counts exactly; past them it says \"at least\n"
                "N posts match\" rather than spend seconds on the exact number in a large\n"
                "cache. 0 always counts exactly.")},
    {.section = "timeline", .name = "follow", .type = KT_BOOL, .offset = FIELD(timeline.follow),
     .def = "no",
     .help = N_("Move the feed and stats to each event as the cursor moves, not only on Enter.")},
    {.section = "timeline", .name = "window", .type = KT_DAYS,
     .offset = FIELD(timeline.window_days), .def = "3d", .min = 0, .max = 366,
     .help = N_("Days either side of a selected event that the feed shows (e.g. 3d, 1w).")},
    {.section = "timeline", .name = "proportional", .type = KT_BOOL,
     .offset = FIELD(timeline.proportional), .def = "no",
     .help = N_("Start in the proportional view, rows spaced by time (t toggles it).")},
    {.section = "stats", .name = "top", .type = KT_INT, .offset = FIELD(stats.top),
     .def = "10", .min = 1, .max = 100, .help = N_("Rows in the top-tags and most-liked lists.")},
    {.section = "data", .name = "bundle", .type = KT_BOOL, .offset = FIELD(data.bundle),
     .def = "yes",
     .help = N_("Load the bundled dataset (illustrative and quoted posts, the events and\n"
                "figures) into the cache. no makes a new cache without it and keeps it so,\n"
                "as --no-bundle does; a cache that has it keeps it (refuge drop --bundled).")},
    {.section = "tour", .name = "seconds", .type = KT_INT, .offset = FIELD(tour.seconds),
     .def = "0", .min = 0, .max = 3600,
     .help = N_("Default auto-advance per tour step in seconds; 0 waits for the space bar.")},
    {.section = "tour", .name = "captions", .type = KT_ENUM, .offset = FIELD(tour.captions),
     .def = "ui", .choices = caption_choices,
     .help = N_("Tour captions in the UI language (ui) or in English and Chinese (both).")},
};

#define NKEYS (sizeof key_defs / sizeof key_defs[0])

static const char *const section_order[] = {"ui", "colors", "keys", "feed", "timeline",
                                            "stats", "data", "tour"};

static int *int_field(struct config *cfg, const struct key_def *k)
{
    return (int *)(void *)((char *)cfg + k->offset);
}

static struct when_zone *zone_field(struct config *cfg, const struct key_def *k)
{
    return (struct when_zone *)(void *)((char *)cfg + k->offset);
}

static bool *bool_field(struct config *cfg, const struct key_def *k)
{
    return (bool *)(void *)((char *)cfg + k->offset);
}

/* ---- value parsers: return 0 and store, or -1 with a reason ---------------- */

static void join_choices(const char *const *choices, char *buf, size_t size)
{
    size_t used = 0;

    buf[0] = '\0';
    for (size_t i = 0; choices[i]; i++) {
        int n = snprintf(buf + used, size - used, "%s%s", i ? ", " : "", choices[i]);
        if (n < 0 || (size_t)n >= size - used)
            break;
        used += (size_t)n;
    }
}

static int parse_bool(const char *v, bool *out)
{
    static const char *const yes[] = {"yes", "true", "on", "1"};
    static const char *const no[] = {"no", "false", "off", "0"};

    for (size_t i = 0; i < 4; i++) {
        if (strcasecmp(v, yes[i]) == 0) {
            *out = true;
            return 0;
        }
        if (strcasecmp(v, no[i]) == 0) {
            *out = false;
            return 0;
        }
    }
    return -1;
}

static int parse_int(const char *v, int min, int max, int *out)
{
    char *end;
    long n;

    errno = 0;
    n = strtol(v, &end, 10);
    if (end == v || *end != '\0' || errno == ERANGE || n < min || n > max)
        return -1;
    *out = (int)n;
    return 0;
}

/* "3", "3d" or "1w": a number of days. */
static int parse_days(const char *v, int min, int max, int *out)
{
    char num[32];
    size_t len = strlen(v);
    int mult = 1, n;

    if (len == 0 || len >= sizeof num)
        return -1;
    memcpy(num, v, len + 1);
    if (num[len - 1] == 'd' || num[len - 1] == 'D')
        num[--len] = '\0';
    else if (num[len - 1] == 'w' || num[len - 1] == 'W') {
        num[--len] = '\0';
        mult = 7;
    }
    if (parse_int(num, 0, INT_MAX / 7, &n) != 0 || n * mult < min || n * mult > max)
        return -1;
    *out = n * mult;
    return 0;
}

/* Parses value for key k into cfg. On failure writes the reason to why. */
static int apply_value(struct config *cfg, const struct key_def *k, const char *value,
                       char *why, size_t why_size)
{
    char list[256];

    switch (k->type) {
    case KT_ENUM:
        for (int i = 0; k->choices[i]; i++) {
            if (strcasecmp(value, k->choices[i]) == 0) {
                *int_field(cfg, k) = i;
                return 0;
            }
        }
        join_choices(k->choices, list, sizeof list);
        snprintf(why, why_size, _("expected one of %s"), list);
        return -1;
    case KT_BOOL:
        if (parse_bool(value, bool_field(cfg, k)) == 0)
            return 0;
        snprintf(why, why_size, _("expected yes or no"));
        return -1;
    case KT_INT:
        if (parse_int(value, k->min, k->max, int_field(cfg, k)) == 0)
            return 0;
        snprintf(why, why_size, _("expected a whole number from %d to %d"), k->min, k->max);
        return -1;
    case KT_DAYS:
        if (parse_days(value, k->min, k->max, int_field(cfg, k)) == 0)
            return 0;
        snprintf(why, why_size, _("expected days like 3d or 1w, at most %dd"), k->max);
        return -1;
    case KT_ZONE: {
        struct rf_error err = {{0}};
        if (when_zone_open(value, zone_field(cfg, k), &err) == 0)
            return 0;
        snprintf(why, why_size, "%.280s", err.msg);
        return -1;
    }
    }
    return -1;
}

static const struct key_def *find_key(const char *section, const char *name)
{
    for (size_t i = 0; i < NKEYS; i++)
        if (strcmp(key_defs[i].section, section) == 0 && strcmp(key_defs[i].name, name) == 0)
            return &key_defs[i];
    return NULL;
}

static bool known_section(const char *section)
{
    for (size_t i = 0; i < sizeof section_order / sizeof section_order[0]; i++)
        if (strcmp(section_order[i], section) == 0)
            return true;
    return false;
}

/* Records that key k was last set by `from` (a file or a flag) at line. */
static void set_origin(struct config *cfg, const struct key_def *k, const char *from, int line)
{
    struct cfg_origin *o;
    char *copy;

    if (!cfg->origins || !(copy = strdup(from)))
        return; /* the value still applies; only its origin is lost */
    o = &cfg->origins[k - key_defs];
    free(o->from);
    o->from = copy;
    o->line = line;
}

/* ---- diagnostics ------------------------------------------------------------ */

static void add_diagnostic(struct config *cfg, const char *file, int line, const char *fmt,
                           va_list ap) __attribute__((format(printf, 4, 0)));
static void add_diagnostic(struct config *cfg, const char *file, int line, const char *fmt,
                           va_list ap)
{
    char msg[768], full[1024];
    char **grown;

    vsnprintf(msg, sizeof msg, fmt, ap);
    if (line > 0)
        snprintf(full, sizeof full, "%s:%d: %s", file, line, msg);
    else
        snprintf(full, sizeof full, "%s: %s", file, msg);
    grown = realloc(cfg->diagnostics, (cfg->ndiagnostics + 1) * sizeof *grown);
    if (!grown)
        return; /* losing a warning beats failing the load */
    cfg->diagnostics = grown;
    cfg->diagnostics[cfg->ndiagnostics] = strdup(full);
    if (cfg->diagnostics[cfg->ndiagnostics])
        cfg->ndiagnostics++;
}

void config_warn(struct config *cfg, const char *file, int line, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    add_diagnostic(cfg, file, line, fmt, ap);
    va_end(ap);
}

static void keep_raw(struct cfg_entries *list, const char *key, const char *value,
                     const char *file, int line)
{
    struct cfg_entry *grown;

    /* A later file overrides an earlier one for the same key. */
    for (size_t i = 0; i < list->count; i++) {
        if (strcmp(list->items[i].key, key) == 0) {
            char *v = strdup(value), *f = strdup(file);
            if (!v || !f) {
                free(v);
                free(f);
                return;
            }
            free(list->items[i].value);
            free(list->items[i].file);
            list->items[i].value = v;
            list->items[i].file = f;
            list->items[i].line = line;
            return;
        }
    }
    grown = realloc(list->items, (list->count + 1) * sizeof *grown);
    if (!grown)
        return;
    list->items = grown;
    grown[list->count].key = strdup(key);
    grown[list->count].value = strdup(value);
    grown[list->count].file = strdup(file);
    grown[list->count].line = line;
    if (grown[list->count].key && grown[list->count].value && grown[list->count].file)
        list->count++;
    else {
        free(grown[list->count].key);
        free(grown[list->count].value);
        free(grown[list->count].file);
    }
}

static void apply_section(struct config *cfg, const char *section, const char *path,
                          const struct ini_doc *doc)
{
    size_t nkeys;
    const struct ini_entry *keys = ini_doc_keys(doc, section, &nkeys);
    struct cfg_entries *raw = NULL;

    if (strcmp(section, "keys") == 0)
        raw = &cfg->keys;
    else if (strcmp(section, "colors") == 0)
        raw = &cfg->colors;

    for (size_t i = 0; i < nkeys; i++) {
        const char *full = keys[i].name; /* "section:key" */
        const char *name = strchr(full, ':');
        const char *value = keys[i].value;
        int line = keys[i].line;
        const struct key_def *k;
        char why[300];

        name = name ? name + 1 : full;
        if (raw) {
            keep_raw(raw, name, value, path, line);
            continue;
        }
        k = find_key(section, name);
        if (!k) {
            config_warn(cfg, path, line, _("unknown key [%s] %s"), section, name);
            continue;
        }
        if (apply_value(cfg, k, value, why, sizeof why) != 0) {
            config_warn(cfg, path, line, "[%s] %s: %s", section, name, why);
            continue;
        }
        if (k->offset == FIELD(ui.theme))
            cfg->ui.theme_explicit = true;
        set_origin(cfg, k, path, line);
    }
}

int config_load_file(struct config *cfg, const char *path, struct rf_error *err)
{
    struct ini_doc doc;

    if (ini_doc_load(path, &doc, err) != 0)
        return -1;
    for (size_t i = 0; i < doc.nbad; i++)
        config_warn(cfg, path, doc.bad_lines[i],
                    _("not a [section] heading or a key = value line; ignored"));
    for (size_t i = 0; i < doc.ncuts; i++) {
        char why[256];
        config_warn(cfg, path, doc.cuts[i].line, "%s",
                    ini_cut_message(&doc.cuts[i], why, sizeof why));
    }
    if (!doc.dict) {
        config_warn(cfg, path, 0, _("could not be parsed; using the other settings"));
        ini_doc_free(&doc);
        return 0;
    }
    /* iniparser files a key before any [section] under an empty section,
     * and a [section:x] heading as a key: report them here. */
    for (size_t i = 0; i < doc.nlines; i++) {
        if (doc.lines[i].orphan)
            config_warn(cfg, path, doc.lines[i].line, _("key %s is outside any [section]; ignored"),
                        doc.lines[i].name);
        else if (ini_doc_bad_heading(&doc.lines[i]))
            config_warn(cfg, path, doc.lines[i].line, _("unknown section [%s]; ignored"),
                        doc.lines[i].name);
    }
    for (size_t s = 0; s < doc.nsections; s++) {
        const char *section = doc.sections[s];

        if (!known_section(section)) {
            config_warn(cfg, path, ini_doc_line(&doc, section), _("unknown section [%s]; ignored"),
                        section);
            continue;
        }
        apply_section(cfg, section, path, &doc);
    }
    ini_doc_free(&doc);
    return 0;
}

int config_load(struct config *cfg, const char *explicit_path, struct rf_error *err)
{
    char user[4096];
    char **system = paths_system_configs();

    /* A system file that cannot be read is a diagnostic, not an error: it
     * is not the user's to fix. */
    for (size_t i = 0; system && system[i]; i++) {
        struct rf_error sys_err = {{0}};

        if (access(system[i], R_OK) != 0) {
            if (errno != ENOENT)
                config_warn(cfg, system[i], 0, _("cannot be read (%s); ignored"), strerror(errno));
        } else if (config_load_file(cfg, system[i], &sys_err) != 0)
            config_warn(cfg, system[i], 0, _("%s; ignored"), sys_err.msg);
    }
    paths_free_list(system);
    if (paths_user_config(user, sizeof user, NULL) == 0 && access(user, F_OK) == 0) {
        if (config_load_file(cfg, user, err) != 0)
            return -1;
    }
    if (explicit_path)
        return config_load_file(cfg, explicit_path, err);
    return 0;
}

void config_init(struct config *cfg)
{
    char why[300];

    memset(cfg, 0, sizeof *cfg);
    for (size_t i = 0; i < NKEYS; i++)
        apply_value(cfg, &key_defs[i], key_defs[i].def, why, sizeof why);
    cfg->origins = calloc(NKEYS, sizeof *cfg->origins);
}

int config_set_theme(struct config *cfg, const char *name, struct rf_error *err)
{
    const struct key_def *k = find_key("ui", "theme");
    char why[300];

    if (apply_value(cfg, k, name, why, sizeof why) != 0) {
        rf_error_set(err, _("unknown theme '%s': %s"), name, why);
        return -1;
    }
    cfg->ui.theme_explicit = true;
    set_origin(cfg, k, "--theme", 0);
    return 0;
}

int config_set_timezone(struct config *cfg, const char *name, struct rf_error *err)
{
    if (when_zone_open(name, &cfg->ui.timezone, err) != 0)
        return -1;
    set_origin(cfg, find_key("ui", "timezone"), "--tz", 0);
    return 0;
}

int config_set_interface(struct config *cfg, const char *name, struct rf_error *err)
{
    const struct key_def *k = find_key("ui", "interface");
    char why[300];

    if (apply_value(cfg, k, name, why, sizeof why) != 0) {
        rf_error_set(err, _("unknown interface language '%s': %s"), name, why);
        return -1;
    }
    set_origin(cfg, k, "--interface", 0);
    return 0;
}

int config_set_script(struct config *cfg, const char *name, struct rf_error *err)
{
    const struct key_def *k = find_key("ui", "script");
    char why[300];

    if (apply_value(cfg, k, name, why, sizeof why) != 0) {
        rf_error_set(err, _("unknown script '%s': %s"), name, why);
        return -1;
    }
    set_origin(cfg, k, "--script", 0);
    return 0;
}

void config_apply_text(const struct config *cfg)
{
    enum text_ambiguous amb = cfg->ui.ambiguous_width == AMBIGUOUS_WIDE     ? TEXT_AMBIGUOUS_WIDE
                              : cfg->ui.ambiguous_width == AMBIGUOUS_NARROW ? TEXT_AMBIGUOUS_NARROW
                                                                            : TEXT_AMBIGUOUS_AUTO;

    text_configure(amb, cfg->ui.ascii || !text_locale_utf8());
}

void config_apply_environment(struct config *cfg)
{
    const char *no_color = getenv("NO_COLOR");

    /* The convention: present and not empty means no colour. */
    if (no_color && no_color[0] && !cfg->ui.theme_explicit) {
        cfg->ui.theme = THEME_MONO;
        set_origin(cfg, find_key("ui", "theme"), "NO_COLOR", 0);
    }
}

const char *config_origin(const struct config *cfg, const char *section, const char *key,
                          int *line)
{
    const struct key_def *k = find_key(section, key);
    const struct cfg_origin *o = (k && cfg->origins) ? &cfg->origins[k - key_defs] : NULL;

    if (line)
        *line = o ? o->line : 0;
    return o ? o->from : NULL;
}

const char *config_choice_name(const char *section, const char *key, int value)
{
    const struct key_def *k = find_key(section, key);

    if (!k || k->type != KT_ENUM || value < 0)
        return NULL;
    for (int i = 0; k->choices[i]; i++)
        if (i == value)
            return k->choices[i];
    return NULL;
}

bool config_key_at(size_t i, const char **section, const char **key)
{
    if (i >= NKEYS)
        return false;
    *section = key_defs[i].section;
    *key = key_defs[i].name;
    return true;
}

void config_value_text(const struct config *cfg, const char *section, const char *key,
                       char *buf, size_t size)
{
    const struct key_def *k = find_key(section, key);
    const void *field = k ? (const char *)cfg + k->offset : NULL;
    const char *name;

    if (!k) {
        snprintf(buf, size, "%s", "");
        return;
    }
    switch (k->type) {
    case KT_ENUM:
        name = config_choice_name(section, key, *(const int *)field);
        snprintf(buf, size, "%s", name ? name : "?");
        break;
    case KT_BOOL:
        snprintf(buf, size, "%s", *(const bool *)field ? "yes" : "no");
        break;
    case KT_INT:
        snprintf(buf, size, "%d", *(const int *)field);
        break;
    case KT_DAYS:
        snprintf(buf, size, "%dd", *(const int *)field);
        break;
    case KT_ZONE:
        when_zone_name(*(const struct when_zone *)field, buf, size);
        break;
    }
}

/* ---- the documented default file -------------------------------------------- */

static void write_comment(FILE *out, const char *text)
{
    const char *p = text;

    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        fprintf(out, "; %.*s\n", (int)len, p);
        p += len;
        if (*p == '\n')
            p++;
    }
}

static const char *section_help(const char *section)
{
    if (strcmp(section, "colors") == 0)
        return "Override a theme's colours: role = foreground[, background][, attributes].\n"
               "Colours: default black red green yellow blue magenta cyan white, or 0-255.\n"
               "Attributes: bold underline reverse dim. refuge.ini(5) lists the roles.\n"
               "Example:  title = yellow, default, bold";
    if (strcmp(section, "keys") == 0)
        return "Rebind an action to one or more keys, separated by commas.\n"
               "Keys: a character, Enter Esc Tab BackTab Space Backspace Up Down Left\n"
               "Right PgUp PgDn Home End F1-F12, C-x for Control-x. The help screen (?)\n"
               "lists every action with its keys.\n"
               "Example:  next = j, Down";
    return NULL;
}

void config_write_defaults(FILE *out)
{
    fputs(_("; refuge.ini: refuge's settings, with every key at its built-in default.\n"
            "; Copy it to ~/.config/refuge/refuge.ini (or $XDG_CONFIG_HOME/refuge/) and\n"
            "; edit; a key you leave out keeps its default. See refuge.ini(5).\n"),
          out);
    for (size_t s = 0; s < sizeof section_order / sizeof section_order[0]; s++) {
        const char *section = section_order[s];
        const char *help = section_help(section);

        fprintf(out, "\n[%s]\n", section);
        if (help)
            write_comment(out, help);
        for (size_t i = 0; i < NKEYS; i++) {
            if (strcmp(key_defs[i].section, section) != 0)
                continue;
            write_comment(out, key_defs[i].help);
            fprintf(out, "%s = %s\n", key_defs[i].name, key_defs[i].def);
        }
    }
}

static void free_entries(struct cfg_entries *list)
{
    for (size_t i = 0; i < list->count; i++) {
        free(list->items[i].key);
        free(list->items[i].value);
        free(list->items[i].file);
    }
    free(list->items);
    list->items = NULL;
    list->count = 0;
}

void config_free(struct config *cfg)
{
    free_entries(&cfg->keys);
    free_entries(&cfg->colors);
    for (size_t i = 0; i < cfg->ndiagnostics; i++)
        free(cfg->diagnostics[i]);
    free(cfg->diagnostics);
    cfg->diagnostics = NULL;
    cfg->ndiagnostics = 0;
    for (size_t i = 0; cfg->origins && i < NKEYS; i++)
        free(cfg->origins[i].from);
    free(cfg->origins);
    cfg->origins = NULL;
}

bool config_projector(const struct config *cfg)
{
    return cfg->ui.projector || cfg->ui.theme == THEME_PROJECTOR;
}
