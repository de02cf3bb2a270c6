/* config.h — refuge's settings: built-in defaults < system files < user file
 * < --config < flags.
 *
 * Every key lives in one table (config.c) with its type, default and help
 * text. The same table parses files, fills the built-in defaults (by parsing
 * the default text, so defaults and parser cannot disagree) and prints the
 * documented default file (`refuge config --defaults`), which is shipped as
 * assets/refuge.ini; a test checks that the two agree.
 *
 * Files are read with iniparser. A bad value, an unknown key or section, or a
 * syntax error is reported as "FILE:LINE: message" in the diagnostics list
 * and ignored: a broken config never stops the program.
 *
 * [keys] and [colors] name things the UI owns (actions, colour roles), so the
 * config keeps their entries raw, with file and line, and the UI validates
 * them and reports through config_warn().
 */
#ifndef REFUGE_CONFIG_H
#define REFUGE_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "error.h"
#include "when.h"

enum cfg_theme { THEME_DEFAULT, THEME_PROJECTOR, THEME_MONO };
enum cfg_layout { LAYOUT_AUTO, LAYOUT_WIDE, LAYOUT_NARROW };
enum cfg_language { LANGUAGE_EN, LANGUAGE_ZH, LANGUAGE_BOTH };
enum cfg_ambiguous { AMBIGUOUS_AUTO, AMBIGUOUS_NARROW, AMBIGUOUS_WIDE };
enum cfg_cursor { CURSOR_AUTO, CURSOR_HEAD, CURSOR_ROW, CURSOR_DATE };
enum cfg_feed_show { FEED_SHOW_ORIGINAL, FEED_SHOW_TRANSLATION, FEED_SHOW_BOTH };
enum cfg_feed_sort { FEED_SORT_TIME, FEED_SORT_LIKES };
enum cfg_captions { CAPTIONS_UI, CAPTIONS_BOTH };
enum cfg_clipboard { CLIPBOARD_OFF, CLIPBOARD_OSC52 };

/* One raw entry of a section whose keys the UI validates. */
struct cfg_entry {
    char *key;   /* lower case, as iniparser stores it */
    char *value; /* as written, quotes removed */
    char *file;  /* the file it came from */
    int line;    /* 1-based line in that file; 0 when unknown */
};

struct cfg_entries {
    struct cfg_entry *items;
    size_t count;
};

struct config {
    struct {
        int theme;           /* enum cfg_theme */
        bool theme_explicit; /* set by a file or --theme, so NO_COLOR yields */
        int layout;          /* enum cfg_layout */
        int language;        /* enum cfg_language: of the content (titles, captions) */
        int interface;       /* enum i18n_interface: of menus, messages, headings */
        int script;          /* enum script_display (script.h): as-is, simplified, traditional */
        int ambiguous_width; /* enum cfg_ambiguous */
        int cursor;          /* enum cfg_cursor */
        int scroll_jump;     /* lines a list's window moves when its cursor meets an edge */
        struct when_zone timezone; /* times shown and days counted in it (--tz) */
        bool ascii;
        bool mouse;
        bool projector;
        int clipboard;       /* enum cfg_clipboard */
    } ui;
    struct {
        int show; /* enum cfg_feed_show */
        int sort; /* enum cfg_feed_sort */
        int count_cap; /* matches counted exactly; above, "at least N" (0: always exact) */
    } feed;
    struct {
        bool follow;
        int window_days; /* days either side of a selected event */
        bool proportional;
    } timeline;
    struct {
        int top; /* rows in the top-tags and most-liked lists */
    } stats;
    struct {
        bool bundle; /* load the bundled dataset into a cache that has not left it out */
    } data;
    struct {
        int seconds;  /* auto-advance per step; 0 = manual */
        int captions; /* enum cfg_captions */
    } tour;

    struct cfg_entries keys;   /* [keys] action = key, key ... */
    struct cfg_entries colors; /* [colors] role = fg[, bg][, attrs] */

    char **diagnostics; /* "FILE:LINE: message" lines, in the order found */
    size_t ndiagnostics;

    /* Where each key of the table got its value (see config_origin()); one
     * per key, NULL when memory ran out. */
    struct cfg_origin {
        char *from; /* a file, "--theme" or "NO_COLOR"; NULL for built-in */
        int line;   /* in that file; 0 when not a file or unknown */
    } *origins;
};

/* Fills cfg with the built-in defaults. cfg must be released with
 * config_free(). */
void config_init(struct config *cfg);

/* Reads one INI file on top of what cfg holds. Problems inside the file are
 * diagnostics (see above) and do not fail the call. Returns 0, or -1 with err
 * set when the file cannot be read at all (missing, unreadable). */
int config_load_file(struct config *cfg, const char *path, struct rf_error *err);

/* Loads the standard layers, each over the last: the system files
 * (paths_system_configs(): /etc/refuge/refuge.ini, then $XDG_CONFIG_DIRS),
 * the user file, each if it exists, and then explicit_path (if not NULL; it
 * must exist). Returns 0 or -1 with err set. */
int config_load(struct config *cfg, const char *explicit_path, struct rf_error *err);

/* Projector mode: [ui] projector = yes, or the projector theme ([ui] theme
 * or --theme). The two are one mode: bold high-contrast colours, two lines
 * a row, the whole cursor row in reverse, the tour's caption in reverse. */
bool config_projector(const struct config *cfg);

/* Sets the theme from a command-line flag. Returns 0, or -1 with err set when
 * the name is unknown. */
int config_set_theme(struct config *cfg, const char *name, struct rf_error *err);

/* Sets the display zone from --tz ("local", "UTC", an IANA name, an
 * offset). Returns 0, or -1 with err set (nothing changed) when it is not a
 * zone. */
int config_set_timezone(struct config *cfg, const char *name, struct rf_error *err);

/* Sets the interface language from --interface (auto, en, zh). Returns 0,
 * or -1 with err set (nothing changed) when the name is not one of them. */
int config_set_interface(struct config *cfg, const char *name, struct rf_error *err);

/* Applies NO_COLOR (https://no-color.org): mono unless a theme was chosen. */
void config_apply_environment(struct config *cfg);

/* Sets the display script from --script (as-is, simplified, traditional).
 * Returns 0, or -1 with err set. */
int config_set_script(struct config *cfg, const char *name, struct rf_error *err);

/* Sets up the text layer (text_configure(), text.h) as the settings and the
 * locale say: East Asian ambiguous width from [ui] ambiguous_width, and
 * ASCII output under [ui] ascii = yes or a locale whose character set is not
 * UTF-8 (text_locale_utf8()). The one rule for the explorer and for what the
 * batch commands write for people (aligned text, Markdown, messages); CSV
 * and JSON Lines are UTF-8 whatever it says (writer.h). */
void config_apply_text(const struct config *cfg);

/* Appends a diagnostic "FILE:LINE: message" (or "FILE: message" when line is
 * 0). Used by the UI for [keys] and [colors] entries it rejects. */
void config_warn(struct config *cfg, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Writes the documented default file, as shipped in assets/refuge.ini. */
void config_write_defaults(FILE *out);

/* Name of an enum value of a key, e.g. config_choice_name("ui", "theme", 1)
 * == "projector"; NULL when out of range or the key is not an enum. */
const char *config_choice_name(const char *section, const char *key, int value);

/* Where the value of a key of the table came from: the file that set it
 * last (with *line its line, or 0 when unknown), "--theme", "NO_COLOR", or
 * NULL for the built-in default (also for an unknown key). line may be
 * NULL. */
const char *config_origin(const struct config *cfg, const char *section, const char *key,
                          int *line);

/* The section and name of the i-th key of the table, in the order of the
 * default file; false past the last one. */
bool config_key_at(size_t i, const char **section, const char **key);

/* Writes the value in effect of a key of the table as a settings file
 * spells it ("mono", "yes", "3d", "10"); "" for an unknown key. */
void config_value_text(const struct config *cfg, const char *section, const char *key,
                       char *buf, size_t size);

/* Releases everything cfg owns. */
void config_free(struct config *cfg);

#endif
