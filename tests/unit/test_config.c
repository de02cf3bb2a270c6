/* Unit tests for src/config.c: defaults, layering, and one bad line of every
 * kind, each reported with its file and line while the rest still applies. */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <locale.h>

#include "config.h"
#include "tap.h"
#include "text.h"

static char tmpdir[] = "/tmp/refuge-test-config-XXXXXX";

static const char *write_file(const char *name, const char *text)
{
    static char path[4][512];
    static int next;
    char *p = path[next++ % 4];
    FILE *fp;

    snprintf(p, sizeof path[0], "%s/%s", tmpdir, name);
    fp = fopen(p, "w");
    if (!fp)
        return p;
    fputs(text, fp);
    fclose(fp);
    return p;
}

/* True when some diagnostic equals "<path>:<line>: <message>". */
static int has_diag(const struct config *cfg, const char *path, int line, const char *message)
{
    char want[1024];

    if (line > 0)
        snprintf(want, sizeof want, "%s:%d: %s", path, line, message);
    else
        snprintf(want, sizeof want, "%s: %s", path, message);
    for (size_t i = 0; i < cfg->ndiagnostics; i++)
        if (strcmp(cfg->diagnostics[i], want) == 0)
            return 1;
    tap_diag("wanted: %s", want);
    for (size_t i = 0; i < cfg->ndiagnostics; i++)
        tap_diag("   got: %s", cfg->diagnostics[i]);
    return 0;
}

static void test_defaults(void)
{
    struct config cfg;

    config_init(&cfg);
    is_int(cfg.ui.theme, THEME_DEFAULT, "default theme is 'default'");
    ok(!cfg.ui.theme_explicit, "the default theme is not an explicit choice");
    is_int(cfg.ui.layout, LAYOUT_AUTO, "default layout is auto");
    is_int(cfg.ui.language, LANGUAGE_EN, "default language is en");
    is_int(cfg.feed.show, FEED_SHOW_BOTH, "feed shows both texts by default");
    is_int(cfg.timeline.window_days, 3, "timeline window defaults to 3 days");
    ok(!cfg.ui.mouse, "mouse is off by default");
    is_int(cfg.stats.top, 10, "stats lists 10 rows by default");
    is_int((long long)cfg.ndiagnostics, 0, "defaults produce no diagnostics");
    config_free(&cfg);
}

static void test_good_file(void)
{
    struct config cfg;
    struct rf_error err = {{0}};
    const char *path = write_file("good.ini", "; a comment\n"
                                              "[ui]\n"
                                              "theme = projector\n"
                                              "layout = Narrow\n"
                                              "mouse = yes\n"
                                              "[timeline]\n"
                                              "window = 1w\n"
                                              "follow = true\n"
                                              "[keys]\n"
                                              "next = j, Down\n"
                                              "[colors]\n"
                                              "title = yellow, default, bold\n");

    config_init(&cfg);
    is_int(config_load_file(&cfg, path, &err), 0, "a good file loads");
    is_int(cfg.ui.theme, THEME_PROJECTOR, "theme read from the file");
    ok(cfg.ui.theme_explicit, "a theme from a file counts as explicit");
    is_int(cfg.ui.layout, LAYOUT_NARROW, "enum values are case-insensitive");
    ok(cfg.ui.mouse, "booleans accept yes");
    is_int(cfg.timeline.window_days, 7, "1w is seven days");
    ok(cfg.timeline.follow, "booleans accept true");
    is_int((long long)cfg.keys.count, 1, "[keys] entries are kept for the UI");
    if (cfg.keys.count == 1) {
        is_str(cfg.keys.items[0].key, "next", "[keys] key name");
        is_str(cfg.keys.items[0].value, "j, Down", "[keys] value kept as written");
        is_int(cfg.keys.items[0].line, 10, "[keys] entry remembers its line");
    }
    is_int((long long)cfg.colors.count, 1, "[colors] entries are kept for the UI");
    is_int((long long)cfg.ndiagnostics, 0, "a good file produces no diagnostics");
    config_free(&cfg);
}

static void test_bad_lines(void)
{
    struct config cfg;
    struct rf_error err = {{0}};
    const char *path = write_file("bad.ini", "stray = 1\n"                /* 1 */
                                             "[ui]\n"                     /* 2 */
                                             "colour = red\n"             /* 3 */
                                             "layout = sideways\n"        /* 4 */
                                             "mouse = maybe\n"            /* 5 */
                                             "this line has no equals\n"  /* 6 */
                                             "theme = mono\n"             /* 7 */
                                             "[stats]\n"                  /* 8 */
                                             "top = 1000\n"               /* 9 */
                                             "[timeline]\n"               /* 10 */
                                             "window = soon\n"            /* 11 */
                                             "[bogus]\n"                  /* 12 */
                                             "x = 1\n"                    /* 13 */
                                             "[feed]\n"                   /* 14 */
                                             "sort = likes\n");           /* 15 */

    config_init(&cfg);
    is_int(config_load_file(&cfg, path, &err), 0, "a file with bad lines still loads");
    ok(has_diag(&cfg, path, 3, "unknown key [ui] colour"), "unknown key reported with its line");
    ok(has_diag(&cfg, path, 4, "[ui] layout: expected one of auto, wide, narrow"),
       "bad enum value names the choices");
    ok(has_diag(&cfg, path, 5, "[ui] mouse: expected yes or no"), "bad boolean reported");
    ok(has_diag(&cfg, path, 6, "not a [section] heading or a key = value line; ignored"),
       "syntax error reported with its line");
    ok(has_diag(&cfg, path, 9, "[stats] top: expected a whole number from 1 to 100"),
       "out-of-range number reported");
    ok(has_diag(&cfg, path, 11, "[timeline] window: expected days like 3d or 1w, at most 366d"),
       "bad duration reported");
    ok(has_diag(&cfg, path, 12, "unknown section [bogus]; ignored"), "unknown section reported");
    ok(has_diag(&cfg, path, 1, "key stray is outside any [section]; ignored"),
       "key outside a section reported");
    is_int(cfg.ui.theme, THEME_MONO, "good lines after a syntax error still apply");
    is_int(cfg.feed.sort, FEED_SORT_LIKES, "good lines at the end still apply");
    is_int(cfg.ui.layout, LAYOUT_AUTO, "a rejected value keeps the earlier setting");
    is_int(cfg.stats.top, 10, "a rejected number keeps the default");
    config_free(&cfg);
}

/* Lines iniparser rejects in ways of its own: each still costs one line. */
static void test_hard_lines(void)
{
    struct config cfg;
    struct rf_error err = {{0}};
    char text[4096], *p = text;
    const char *path;

    p += sprintf(p, "[ui]\ntheme = %01200d\n", 0);     /* 1-2: too long */
    p += sprintf(p, "layout = %01200d\n", 0);           /* 3: too long again */
    p += sprintf(p, "this is (99) broken\n");           /* 4 */
    p += sprintf(p, "mouse = \\\n");                    /* 5: a backslash, not a join */
    p += sprintf(p, "ascii = yes\n");                   /* 6 */
    p += sprintf(p, "[ui:language]\n");                 /* 7 */
    p += sprintf(p, "[feed]\nsort = likes\n");         /* 8-9 */
    sprintf(p, "[%0100d]\n", 0);                        /* 10: a long name */
    path = write_file("hard.ini", text);

    config_init(&cfg);
    is_int(config_load_file(&cfg, path, &err), 0, "a file with hard lines still loads");
    ok(has_diag(&cfg, path, 2, "not a [section] heading or a key = value line; ignored"),
       "a line too long for iniparser is reported");
    ok(has_diag(&cfg, path, 3, "not a [section] heading or a key = value line; ignored"),
       "so is a second one");
    ok(has_diag(&cfg, path, 4, "not a [section] heading or a key = value line; ignored"),
       "a bad line with a number in parentheses is reported with its own line");
    ok(has_diag(&cfg, path, 5, "[ui] mouse: expected yes or no"),
       "a trailing backslash is a character, not a continued line");
    ok(cfg.ui.ascii, "the line after a trailing backslash applies");
    ok(has_diag(&cfg, path, 7, "unknown section [ui:language]; ignored"),
       "a [section:key] heading is an unknown section");
    is_int(cfg.feed.sort, FEED_SORT_LIKES, "good lines after them all still apply");
    snprintf(text, sizeof text, "unknown section [%0100d]; ignored", 0);
    ok(has_diag(&cfg, path, 10, text), "a section with a long name is reported with its line");
    is_int((long long)cfg.ndiagnostics, 6, "nothing else is reported");
    config_free(&cfg);
}

static void test_layers(void)
{
    struct config cfg;
    struct rf_error err = {{0}};
    const char *first = write_file("first.ini", "[ui]\ntheme = mono\nlayout = wide\n");
    const char *second = write_file("second.ini", "[ui]\nlayout = narrow\n");

    config_init(&cfg);
    config_load_file(&cfg, first, &err);
    config_load_file(&cfg, second, &err);
    is_int(cfg.ui.layout, LAYOUT_NARROW, "a later file overrides an earlier one");
    is_int(cfg.ui.theme, THEME_MONO, "keys a later file leaves out keep earlier values");
    is_int(config_set_theme(&cfg, "projector", &err), 0, "--theme accepts a known name");
    is_int(cfg.ui.theme, THEME_PROJECTOR, "--theme overrides the files");
    is_int(config_set_theme(&cfg, "neon", &err), -1, "--theme rejects an unknown name");
    ok(strstr(err.msg, "neon") != NULL, "the error names the bad theme");
    config_free(&cfg);
}

/* The standard layers: built-in < system file < XDG_CONFIG_DIRS < user file <
 * --config < flags, each value remembering the file and line that set it.
 * The system file comes from REFUGE_SYSTEM_CONFIG, so /etc plays no part. */
static void test_standard_layers(void)
{
    struct config cfg;
    struct rf_error err = {{0}};
    char dir[600], xdg[1300], user[600], sys_copy[600];
    const char *sys, *from, *over;
    int line;

    sys = write_file("system.ini", "[ui]\ntheme = mono\nlayout = wide\nlanguage = zh\n"
                                   "mouse = yes\n[stats]\ntop = 5\n[keys]\nquit = x\n");
    snprintf(sys_copy, sizeof sys_copy, "%s", sys);
    snprintf(dir, sizeof dir, "%s/xdg1/refuge", tmpdir);
    snprintf(xdg, sizeof xdg, "mkdir -p '%s' '%s/xdg2/refuge' '%s/home/refuge'", dir, tmpdir,
             tmpdir);
    if (system(xdg) != 0)
        tap_diag("mkdir failed");
    write_file("xdg1/refuge/refuge.ini", "[ui]\n\nlanguage = both\n");
    write_file("xdg2/refuge/refuge.ini", "[ui]\nlayout = narrow\nlanguage = en\n");
    write_file("home/refuge/refuge.ini", "[ui]\nmouse = no\n[keys]\nquit = y\n");
    over = write_file("over.ini", "[stats]\ntop = 7\n");
    snprintf(xdg, sizeof xdg, "%s/xdg1:relative/dir:%s/xdg2", tmpdir, tmpdir);
    snprintf(user, sizeof user, "%s/home", tmpdir);
    setenv("REFUGE_SYSTEM_CONFIG", sys_copy, 1);
    setenv("XDG_CONFIG_DIRS", xdg, 1);
    setenv("XDG_CONFIG_HOME", user, 1);

    config_init(&cfg);
    is_int(config_load(&cfg, over, &err), 0, "the standard layers load");
    is_int((long long)cfg.ndiagnostics, 0, "without diagnostics");
    is_int(cfg.ui.theme, THEME_MONO, "the system file sets what nothing else does");
    is_str(config_origin(&cfg, "ui", "theme", &line), sys_copy, "theme: from the system file");
    is_int(line, 2, "theme: at its line");
    is_int(cfg.ui.layout, LAYOUT_NARROW, "XDG_CONFIG_DIRS overrides the system file");
    from = config_origin(&cfg, "ui", "layout", &line);
    ok(from && strstr(from, "/xdg2/refuge/refuge.ini") && line == 2,
       "layout: from the XDG_CONFIG_DIRS file, line 2");
    is_int(cfg.ui.language, LANGUAGE_BOTH,
           "the first XDG_CONFIG_DIRS entry is the most important");
    from = config_origin(&cfg, "ui", "language", &line);
    ok(from && strstr(from, "/xdg1/refuge/refuge.ini") && line == 3,
       "language: from the first XDG_CONFIG_DIRS file, line 3");
    ok(!cfg.ui.mouse, "the user's file overrides the system files");
    from = config_origin(&cfg, "ui", "mouse", &line);
    ok(from && strstr(from, "/home/refuge/refuge.ini") && line == 2, "mouse: from the user's file");
    is_int(cfg.stats.top, 7, "--config overrides the user's file");
    is_str(config_origin(&cfg, "stats", "top", &line), over, "stats.top: from --config");
    is_str(config_origin(&cfg, "feed", "sort", &line), NULL, "an unset key is built-in");
    is_int(line, 0, "a built-in value has no line");
    is_int((long long)cfg.keys.count, 1, "[keys] entries are merged across layers");
    ok(cfg.keys.count == 1 && strcmp(cfg.keys.items[0].value, "y") == 0 &&
           strstr(cfg.keys.items[0].file, "/home/refuge/refuge.ini"),
       "a [keys] entry keeps the file of the layer that set it last");
    config_set_theme(&cfg, "projector", &err);
    is_str(config_origin(&cfg, "ui", "theme", &line), "--theme", "--theme overrides every file");
    config_free(&cfg);

    /* NO_COLOR yields to the system file's theme, and names itself when it
     * decides. */
    setenv("NO_COLOR", "1", 1);
    config_init(&cfg);
    config_load(&cfg, NULL, &err);
    config_apply_environment(&cfg);
    is_int(cfg.ui.theme, THEME_MONO, "the system file's theme stands under NO_COLOR");
    is_str(config_origin(&cfg, "ui", "theme", NULL), sys_copy, "and is named as its origin");
    config_free(&cfg);
    setenv("REFUGE_SYSTEM_CONFIG", "", 1);
    setenv("XDG_CONFIG_DIRS", "/nonexistent-refuge-dir", 1);
    config_init(&cfg);
    config_load(&cfg, NULL, &err);
    config_apply_environment(&cfg);
    is_str(config_origin(&cfg, "ui", "theme", NULL), "NO_COLOR",
           "an empty REFUGE_SYSTEM_CONFIG names no system file; NO_COLOR decides");
    config_free(&cfg);
    unsetenv("NO_COLOR");

    /* Problems in a system file are FILE:LINE diagnostics, never fatal. */
    sys = write_file("system.ini", "[ui]\ntheme = mono\nlayout = sideways\n[bogus]\n");
    setenv("REFUGE_SYSTEM_CONFIG", sys, 1);
    config_init(&cfg);
    is_int(config_load(&cfg, NULL, &err), 0, "a bad system file does not fail the load");
    ok(has_diag(&cfg, sys, 3, "[ui] layout: expected one of auto, wide, narrow"),
       "its bad value is reported with file and line");
    ok(has_diag(&cfg, sys, 4, "unknown section [bogus]; ignored"),
       "its unknown section is reported with file and line");
    is_int(cfg.ui.theme, THEME_MONO, "its good lines still apply");
    config_free(&cfg);

    /* A missing system file is silent; an unreadable one is a diagnostic. */
    snprintf(dir, sizeof dir, "%s/no-such.ini", tmpdir);
    setenv("REFUGE_SYSTEM_CONFIG", dir, 1);
    config_init(&cfg);
    is_int(config_load(&cfg, NULL, &err), 0, "a missing system file is no error");
    is_int((long long)cfg.ndiagnostics, 0, "nor a diagnostic");
    config_free(&cfg);
    if (geteuid() != 0) {
        sys = write_file("locked.ini", "[ui]\ntheme = mono\n");
        chmod(sys, 0);
        setenv("REFUGE_SYSTEM_CONFIG", sys, 1);
        config_init(&cfg);
        is_int(config_load(&cfg, NULL, &err), 0, "an unreadable system file is no error");
        ok(has_diag(&cfg, sys, 0, "cannot be read (Permission denied); ignored"),
           "but a diagnostic naming it");
        config_free(&cfg);
    } else {
        tap_skip("root reads every file");
        tap_skip("root reads every file");
    }
    unsetenv("REFUGE_SYSTEM_CONFIG");
    unsetenv("XDG_CONFIG_DIRS");
    unsetenv("XDG_CONFIG_HOME");
}

/* Values as a settings file spells them, for `refuge config`. */
static void test_value_text(void)
{
    struct config cfg;
    const char *section, *key;
    char buf[64];
    size_t n = 0;

    config_init(&cfg);
    for (; config_key_at(n, &section, &key); n++) {
        config_value_text(&cfg, section, key, buf, sizeof buf);
        if (buf[0] == '\0')
            break;
    }
    ok(n >= 16 && !config_key_at(n, &section, &key), "every key of the table has a value text");
    config_value_text(&cfg, "timeline", "window", buf, sizeof buf);
    is_str(buf, "3d", "days are spelled with their unit");
    config_value_text(&cfg, "ui", "mouse", buf, sizeof buf);
    is_str(buf, "no", "booleans are yes or no");
    config_value_text(&cfg, "ui", "nope", buf, sizeof buf);
    is_str(buf, "", "an unknown key has no value");
    config_free(&cfg);
}

static void test_missing_file(void)
{
    struct config cfg;
    struct rf_error err = {{0}};
    char path[600];

    snprintf(path, sizeof path, "%s/does-not-exist.ini", tmpdir);
    config_init(&cfg);
    is_int(config_load_file(&cfg, path, &err), -1, "a missing file is an error");
    ok(strstr(err.msg, "does-not-exist.ini") != NULL, "the error names the file");
    config_free(&cfg);
}

static void test_no_color(void)
{
    struct config cfg;
    struct rf_error err = {{0}};

    setenv("NO_COLOR", "1", 1);
    config_init(&cfg);
    config_apply_environment(&cfg);
    is_int(cfg.ui.theme, THEME_MONO, "NO_COLOR selects mono");
    config_free(&cfg);

    config_init(&cfg);
    config_set_theme(&cfg, "default", &err);
    config_apply_environment(&cfg);
    is_int(cfg.ui.theme, THEME_DEFAULT, "an explicit theme wins over NO_COLOR");
    config_free(&cfg);

    setenv("NO_COLOR", "", 1);
    config_init(&cfg);
    config_apply_environment(&cfg);
    is_int(cfg.ui.theme, THEME_DEFAULT, "an empty NO_COLOR is ignored");
    config_free(&cfg);
    unsetenv("NO_COLOR");
}

/* The text layer follows the settings and the locale: ASCII in a locale
 * that is not UTF-8 or with [ui] ascii = yes, UTF-8 otherwise. */
static void test_apply_text(void)
{
    struct config cfg;
    const char *ellipsis;

    config_init(&cfg);
    setlocale(LC_CTYPE, "C");
    ok(!text_locale_utf8(), "the C locale is not UTF-8");
    config_apply_text(&cfg);
    ok(text_ascii(), "under the C locale the text layer writes ASCII");
    ellipsis = text_ellipsis();
    is_str(ellipsis, ".", "and its ellipsis is a full stop");
    if (setlocale(LC_CTYPE, "C.UTF-8")) {
        ok(text_locale_utf8(), "C.UTF-8 is UTF-8");
        config_apply_text(&cfg);
        ok(!text_ascii(), "under C.UTF-8 the text layer writes UTF-8");
        cfg.ui.ascii = true;
        config_apply_text(&cfg);
        ok(text_ascii(), "[ui] ascii = yes asks for ASCII under C.UTF-8 too");
        cfg.ui.ascii = false;
        config_apply_text(&cfg);
        ok(!text_set_ascii(true) && text_ascii() && text_set_ascii(false) && !text_ascii(),
           "text_set_ascii() says what it was and sets it");
        setlocale(LC_CTYPE, "C");
    } else {
        for (int i = 0; i < 4; i++)
            tap_skip("no C.UTF-8 locale here");
    }
    text_configure(TEXT_AMBIGUOUS_NARROW, false);
    config_free(&cfg);
}

/* The shipped assets/refuge.ini is generated from the key table; they must
 * agree byte for byte, and the shipped file must load without diagnostics. */
static void test_shipped_defaults(void)
{
    const char *srcdir = getenv("top_srcdir");
    char path[1024], *shipped = NULL, *generated = NULL;
    size_t shipped_len = 0, generated_len = 0;
    FILE *fp, *mem;
    struct config cfg;
    struct rf_error err = {{0}};

    snprintf(path, sizeof path, "%s/assets/refuge.ini", srcdir ? srcdir : ".");
    fp = fopen(path, "r");
    if (!ok(fp != NULL, "assets/refuge.ini exists"))
        return;
    mem = open_memstream(&shipped, &shipped_len);
    for (int c; (c = fgetc(fp)) != EOF;)
        fputc(c, mem);
    fclose(mem);
    fclose(fp);

    mem = open_memstream(&generated, &generated_len);
    config_write_defaults(mem);
    fclose(mem);
    ok(shipped_len == generated_len && memcmp(shipped, generated, shipped_len) == 0,
       "assets/refuge.ini matches `refuge config --defaults`");

    config_init(&cfg);
    is_int(config_load_file(&cfg, path, &err), 0, "the shipped file loads");
    is_int((long long)cfg.ndiagnostics, 0, "the shipped file has no diagnostics");
    config_free(&cfg);
    free(shipped);
    free(generated);
}

/* iniparser reads an unquoted ';' or '#' as a comment and drops text after
 * a closing quote: the lost rest of the line is reported, once per line. */
static void test_cut_values(void)
{
    struct config cfg;
    struct rf_error err = {{0}};
    const char *path = write_file("cut.ini", "[ui]\n"                                  /* 1 */
                                             "timezone = Asia/Shanghai ; my zone\n"    /* 2 */
                                             "theme = mono # for the projector\n"      /* 3 */
                                             "; a comment line\n"                      /* 4 */
                                             "layout = \"wide\" narrow\n"             /* 5 */
                                             "mouse = \"no\" ; quoted, then a note\n" /* 6 */
                                             "language = both;;#\n");                  /* 7 */
    size_t cut = 0;

    config_init(&cfg);
    is_int(config_load_file(&cfg, path, &err), 0, "a file with cut values loads");
    ok(has_diag(&cfg, path, 2,
                "the rest of the line after ';' is a comment: quote the value to keep it"),
       "an inline ';' after a value is reported with its line");
    ok(has_diag(&cfg, path, 3,
                "the rest of the line after '#' is a comment: quote the value to keep it"),
       "so is an inline '#'");
    ok(has_diag(&cfg, path, 5, "the text after the closing quote is ignored"),
       "text after a closing quote is reported");
    ok(has_diag(&cfg, path, 7,
                "the rest of the line after ';' is a comment: quote the value to keep it"),
       "several marks on a line: reported at the first");
    for (size_t i = 0; i < cfg.ndiagnostics; i++) {
        const char *at = cfg.diagnostics[i] + strlen(path);
        if (strncmp(at, ":4:", 3) == 0 || strncmp(at, ":6:", 3) == 0)
            cut += 10;
        else if (strncmp(at, ":7:", 3) == 0 && strstr(at, "comment"))
            cut++;
    }
    is_int((int)cut, 1, "a comment line, a comment after a quoted value: nothing; line 7 once");
    is_int(cfg.ui.theme, THEME_MONO, "the value before the comment still applies");
    config_free(&cfg);
}

int main(void)
{
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 1;
    }
    test_defaults();
    test_good_file();
    test_bad_lines();
    test_cut_values();
    test_hard_lines();
    test_layers();
    test_standard_layers();
    test_value_text();
    test_missing_file();
    test_no_color();
    test_apply_text();
    test_shipped_defaults();
    {
        char cmd[600];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
        if (system(cmd) != 0)
            tap_diag("could not remove %s", tmpdir);
    }
    return tap_done();
}
