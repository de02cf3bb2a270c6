#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../src/i18n.h"
#include "theme.h"

/* COLOR_DEFAULT keeps the terminal's own colour (use_default_colors). */
enum { COLOR_DEFAULT = -1 };

struct style {
    short fg, bg;
    attr_t attrs;
};

#define S(f, b, a) {.fg = (f), .bg = (b), .attrs = (a)}
#define D COLOR_DEFAULT

static const struct style default_scheme[ROLE_COUNT] = {
    [ROLE_NORMAL] = S(D, D, A_NORMAL),
    [ROLE_DIM] = S(COLOR_CYAN, D, A_NORMAL),
    [ROLE_BORDER] = S(COLOR_BLUE, D, A_NORMAL),
    [ROLE_TITLE] = S(D, D, A_BOLD),
    [ROLE_TITLE_FOCUS] = S(COLOR_BLACK, COLOR_CYAN, A_BOLD),
    [ROLE_TAB] = S(D, D, A_NORMAL),
    [ROLE_TAB_ACTIVE] = S(COLOR_BLACK, COLOR_CYAN, A_BOLD),
    [ROLE_STATUS] = S(D, D, A_REVERSE),
    [ROLE_MESSAGE] = S(COLOR_GREEN, D, A_BOLD),
    [ROLE_ERROR] = S(COLOR_RED, D, A_BOLD),
    [ROLE_CURSOR] = S(D, D, A_REVERSE | A_BOLD),
    [ROLE_CURSOR_DIM] = S(D, D, A_UNDERLINE),
    [ROLE_HEADING] = S(COLOR_YELLOW, D, A_BOLD),
    [ROLE_MATCH] = S(COLOR_BLACK, COLOR_YELLOW, A_NORMAL),
    [ROLE_LOW_CONFIDENCE] = S(COLOR_RED, D, A_NORMAL),
    [ROLE_ILLUSTRATIVE] = S(COLOR_MAGENTA, D, A_NORMAL),
    [ROLE_BADGE_ZH] = S(COLOR_RED, D, A_BOLD),
    [ROLE_BADGE_EN] = S(COLOR_BLUE, D, A_BOLD),
    [ROLE_STAR] = S(COLOR_YELLOW, D, A_BOLD),
    [ROLE_UNREAD] = S(D, D, A_BOLD),
    [ROLE_CHART] = S(COLOR_CYAN, D, A_NORMAL),
    [ROLE_CHART_CURSOR] = S(COLOR_YELLOW, D, A_BOLD),
    [ROLE_CAPTION] = S(COLOR_BLACK, COLOR_YELLOW, A_BOLD),
    [ROLE_HELP_KEY] = S(COLOR_GREEN, D, A_BOLD),
    [ROLE_KIND_EXECUTIVE_ORDER] = S(COLOR_YELLOW, D, A_NORMAL),
    [ROLE_KIND_LEGISLATION] = S(COLOR_BLUE, D, A_BOLD),
    [ROLE_KIND_COURT_RULING] = S(COLOR_MAGENTA, D, A_BOLD),
    [ROLE_KIND_BAN] = S(COLOR_RED, D, A_NORMAL),
    [ROLE_KIND_OUTAGE] = S(COLOR_RED, D, A_BOLD),
    [ROLE_KIND_RESTORATION] = S(COLOR_GREEN, D, A_BOLD),
    [ROLE_KIND_HEARING] = S(COLOR_CYAN, D, A_NORMAL),
    [ROLE_KIND_REPORT] = S(D, D, A_NORMAL),
    [ROLE_KIND_PLATFORM] = S(COLOR_CYAN, D, A_BOLD),
    [ROLE_KIND_MIGRATION] = S(COLOR_GREEN, D, A_NORMAL),
    [ROLE_KIND_DEAL] = S(COLOR_YELLOW, D, A_BOLD),
};

/* Projector: bright text on black, bold throughout, nothing faint, so a
 * washed-out beamer still shows every role. */
#define K COLOR_BLACK
static const struct style projector_scheme[ROLE_COUNT] = {
    [ROLE_NORMAL] = S(COLOR_WHITE, K, A_BOLD),
    [ROLE_DIM] = S(COLOR_CYAN, K, A_BOLD),
    [ROLE_BORDER] = S(COLOR_WHITE, K, A_BOLD),
    [ROLE_TITLE] = S(COLOR_WHITE, K, A_BOLD),
    [ROLE_TITLE_FOCUS] = S(K, COLOR_YELLOW, A_BOLD),
    [ROLE_TAB] = S(COLOR_WHITE, K, A_BOLD),
    [ROLE_TAB_ACTIVE] = S(K, COLOR_YELLOW, A_BOLD),
    [ROLE_STATUS] = S(K, COLOR_WHITE, A_BOLD),
    [ROLE_MESSAGE] = S(COLOR_GREEN, K, A_BOLD),
    [ROLE_ERROR] = S(COLOR_RED, K, A_BOLD),
    [ROLE_CURSOR] = S(K, COLOR_YELLOW, A_BOLD),
    [ROLE_CURSOR_DIM] = S(COLOR_YELLOW, K, A_BOLD | A_UNDERLINE),
    [ROLE_HEADING] = S(COLOR_YELLOW, K, A_BOLD),
    [ROLE_MATCH] = S(K, COLOR_GREEN, A_BOLD),
    [ROLE_LOW_CONFIDENCE] = S(COLOR_RED, K, A_BOLD),
    [ROLE_ILLUSTRATIVE] = S(COLOR_MAGENTA, K, A_BOLD),
    [ROLE_BADGE_ZH] = S(COLOR_RED, K, A_BOLD),
    [ROLE_BADGE_EN] = S(COLOR_CYAN, K, A_BOLD),
    [ROLE_STAR] = S(COLOR_YELLOW, K, A_BOLD),
    [ROLE_UNREAD] = S(COLOR_WHITE, K, A_BOLD),
    [ROLE_CHART] = S(COLOR_CYAN, K, A_BOLD),
    [ROLE_CHART_CURSOR] = S(COLOR_YELLOW, K, A_BOLD),
    [ROLE_CAPTION] = S(COLOR_WHITE, K, A_BOLD | A_REVERSE),
    [ROLE_HELP_KEY] = S(COLOR_GREEN, K, A_BOLD),
    [ROLE_KIND_EXECUTIVE_ORDER] = S(COLOR_YELLOW, K, A_BOLD),
    [ROLE_KIND_LEGISLATION] = S(COLOR_CYAN, K, A_BOLD),
    [ROLE_KIND_COURT_RULING] = S(COLOR_MAGENTA, K, A_BOLD),
    [ROLE_KIND_BAN] = S(COLOR_RED, K, A_BOLD),
    [ROLE_KIND_OUTAGE] = S(COLOR_RED, K, A_BOLD),
    [ROLE_KIND_RESTORATION] = S(COLOR_GREEN, K, A_BOLD),
    [ROLE_KIND_HEARING] = S(COLOR_CYAN, K, A_BOLD),
    [ROLE_KIND_REPORT] = S(COLOR_WHITE, K, A_BOLD),
    [ROLE_KIND_PLATFORM] = S(COLOR_CYAN, K, A_BOLD),
    [ROLE_KIND_MIGRATION] = S(COLOR_GREEN, K, A_BOLD),
    [ROLE_KIND_DEAL] = S(COLOR_YELLOW, K, A_BOLD),
};
#undef K

/* Mono: meaning through attributes alone. */
static const struct style mono_scheme[ROLE_COUNT] = {
    [ROLE_NORMAL] = S(D, D, A_NORMAL),
    [ROLE_DIM] = S(D, D, A_NORMAL),
    [ROLE_BORDER] = S(D, D, A_NORMAL),
    [ROLE_TITLE] = S(D, D, A_BOLD),
    [ROLE_TITLE_FOCUS] = S(D, D, A_REVERSE | A_BOLD),
    [ROLE_TAB] = S(D, D, A_NORMAL),
    [ROLE_TAB_ACTIVE] = S(D, D, A_REVERSE | A_BOLD),
    [ROLE_STATUS] = S(D, D, A_REVERSE),
    [ROLE_MESSAGE] = S(D, D, A_BOLD),
    [ROLE_ERROR] = S(D, D, A_BOLD | A_UNDERLINE),
    [ROLE_CURSOR] = S(D, D, A_REVERSE),
    [ROLE_CURSOR_DIM] = S(D, D, A_UNDERLINE),
    [ROLE_HEADING] = S(D, D, A_BOLD | A_UNDERLINE),
    [ROLE_MATCH] = S(D, D, A_BOLD | A_UNDERLINE),
    [ROLE_LOW_CONFIDENCE] = S(D, D, A_UNDERLINE),
    [ROLE_ILLUSTRATIVE] = S(D, D, A_NORMAL),
    [ROLE_BADGE_ZH] = S(D, D, A_BOLD),
    [ROLE_BADGE_EN] = S(D, D, A_BOLD),
    [ROLE_STAR] = S(D, D, A_BOLD),
    [ROLE_UNREAD] = S(D, D, A_BOLD),
    [ROLE_CHART] = S(D, D, A_NORMAL),
    [ROLE_CHART_CURSOR] = S(D, D, A_REVERSE),
    [ROLE_CAPTION] = S(D, D, A_REVERSE | A_BOLD),
    [ROLE_HELP_KEY] = S(D, D, A_BOLD),
};

#undef S
#undef D

static const char *const role_names[ROLE_COUNT] = {
    [ROLE_NORMAL] = "normal",
    [ROLE_DIM] = "dim",
    [ROLE_BORDER] = "border",
    [ROLE_TITLE] = "title",
    [ROLE_TITLE_FOCUS] = "title_focus",
    [ROLE_TAB] = "tab",
    [ROLE_TAB_ACTIVE] = "tab_active",
    [ROLE_STATUS] = "status",
    [ROLE_MESSAGE] = "message",
    [ROLE_ERROR] = "error",
    [ROLE_CURSOR] = "cursor",
    [ROLE_CURSOR_DIM] = "cursor_unfocused",
    [ROLE_HEADING] = "heading",
    [ROLE_MATCH] = "match",
    [ROLE_LOW_CONFIDENCE] = "low_confidence",
    [ROLE_ILLUSTRATIVE] = "illustrative",
    [ROLE_BADGE_ZH] = "badge_zh",
    [ROLE_BADGE_EN] = "badge_en",
    [ROLE_STAR] = "star",
    [ROLE_UNREAD] = "unread",
    [ROLE_CHART] = "chart",
    [ROLE_CHART_CURSOR] = "chart_cursor",
    [ROLE_CAPTION] = "caption",
    [ROLE_HELP_KEY] = "help_key",
    [ROLE_KIND_EXECUTIVE_ORDER] = "kind_executive_order",
    [ROLE_KIND_LEGISLATION] = "kind_legislation",
    [ROLE_KIND_COURT_RULING] = "kind_court_ruling",
    [ROLE_KIND_BAN] = "kind_ban",
    [ROLE_KIND_OUTAGE] = "kind_outage",
    [ROLE_KIND_RESTORATION] = "kind_restoration",
    [ROLE_KIND_HEARING] = "kind_hearing",
    [ROLE_KIND_REPORT] = "kind_report",
    [ROLE_KIND_PLATFORM] = "kind_platform",
    [ROLE_KIND_MIGRATION] = "kind_migration",
    [ROLE_KIND_DEAL] = "kind_deal",
};

static struct style active[ROLE_COUNT];
static bool use_color;
static bool projector;

const char *theme_role_name(enum theme_role role)
{
    return (role >= 0 && role < ROLE_COUNT) ? role_names[role] : NULL;
}

/* ncolors: how many colours the terminal has (COLORS once curses runs). */
static int parse_color(const char *word, int ncolors, short *out)
{
    static const char *const names[] = {"black", "red",     "green", "yellow",
                                        "blue",  "magenta", "cyan",  "white"};
    char *end;
    long n;

    if (strcasecmp(word, "default") == 0) {
        *out = COLOR_DEFAULT;
        return 0;
    }
    for (short i = 0; i < 8; i++) {
        if (strcasecmp(word, names[i]) == 0) {
            *out = i;
            return 0;
        }
    }
    n = strtol(word, &end, 10);
    if (end != word && *end == '\0' && n >= 0 && n <= 255) {
        /* A colour the terminal lacks would silently show as another. */
        if (n >= ncolors)
            return -2;
        *out = (short)n;
        return 0;
    }
    return -1;
}

static int parse_attr(const char *word, attr_t *out)
{
    static const struct {
        const char *name;
        attr_t attr;
    } attrs[] = {{"bold", A_BOLD},       {"underline", A_UNDERLINE}, {"reverse", A_REVERSE},
                 {"dim", A_DIM},         {"standout", A_STANDOUT},   {"italic", A_ITALIC},
                 {"normal", A_NORMAL}};

    for (size_t i = 0; i < sizeof attrs / sizeof attrs[0]; i++) {
        if (strcasecmp(word, attrs[i].name) == 0) {
            *out |= attrs[i].attr;
            return 0;
        }
    }
    return -1;
}

static void trim(char *s)
{
    size_t len;
    char *start = s;

    while (*start == ' ' || *start == '\t')
        start++;
    memmove(s, start, strlen(start) + 1);
    len = strlen(s);
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        s[--len] = '\0';
}

/* "fg[, bg][, attr ...]": colours first, then attributes. Returns 0 or -1
 * with a reason in why. */
static int parse_style(const char *value, int ncolors_have, struct style *out, char *why,
                       size_t why_size)
{
    char buf[256];
    char *save = NULL, *word;
    int ncolors = 0;
    struct style st = {.fg = COLOR_DEFAULT, .bg = COLOR_DEFAULT, .attrs = A_NORMAL};

    snprintf(buf, sizeof buf, "%s", value);
    for (word = strtok_r(buf, ",", &save); word; word = strtok_r(NULL, ",", &save)) {
        short color;
        int rc;

        trim(word);
        rc = ncolors < 2 ? parse_color(word, ncolors_have, &color) : -1;
        if (rc == 0) {
            if (ncolors++ == 0)
                st.fg = color;
            else
                st.bg = color;
            continue;
        }
        if (rc == -2) {
            snprintf(why, why_size, _("colour %s is beyond this terminal's %d colours"), word,
                     ncolors_have);
            return -1;
        }
        if (parse_attr(word, &st.attrs) != 0) {
            snprintf(why, why_size,
                     _("'%s' is not a colour (default, black, red, green, yellow, blue, "
                       "magenta, cyan, white, 0-255) or an attribute (bold, underline, "
                       "reverse, dim, standout, italic)"),
                     word);
            return -1;
        }
    }
    *out = st;
    return 0;
}

/* Checks one [colors] entry for a terminal of ncolors colours, reporting
 * a bad one through config_warn(). Returns its role, or -1. */
static int check_entry(struct config *cfg, const struct cfg_entry *e, int ncolors,
                       struct style *st)
{
    char why[300];
    int role = -1;

    for (int r = 0; r < ROLE_COUNT; r++)
        if (strcmp(role_names[r], e->key) == 0)
            role = r;
    if (role < 0) {
        config_warn(cfg, e->file, e->line, _("[colors] unknown role '%s'"), e->key);
        return -1;
    }
    if (parse_style(e->value, ncolors, st, why, sizeof why) != 0) {
        config_warn(cfg, e->file, e->line, _("[colors] %s: %s"), e->key, why);
        return -1;
    }
    return role;
}

void theme_check(struct config *cfg)
{
    struct style st;

    for (size_t i = 0; i < cfg->colors.count; i++)
        check_entry(cfg, &cfg->colors.items[i], 256, &st);
}

static void apply_overrides(struct config *cfg)
{
    for (size_t i = 0; i < cfg->colors.count; i++) {
        struct style st;
        int role = check_entry(cfg, &cfg->colors.items[i], COLORS, &st);

        if (role < 0)
            continue;
        if (!use_color)
            st.fg = st.bg = COLOR_DEFAULT;
        active[role] = st;
    }
}

void theme_init(struct config *cfg)
{
    const struct style *scheme = default_scheme;

    use_color = has_colors() && COLORS >= 8 && COLOR_PAIRS > ROLE_COUNT;
    projector = config_projector(cfg);
    if (cfg->ui.theme == THEME_MONO || !use_color) {
        /* Projector without colour still gets its boldness, below. */
        scheme = mono_scheme;
        use_color = false;
    } else if (projector) {
        scheme = projector_scheme;
    }
    for (int r = 0; r < ROLE_COUNT; r++) {
        active[r].fg = scheme[r].fg;
        active[r].bg = scheme[r].bg;
        active[r].attrs = scheme[r].attrs | (projector ? A_BOLD : A_NORMAL);
    }
    /* Kinds without a mono entry keep plain text: their glyph carries them. */
    apply_overrides(cfg);
    if (use_color)
        for (int r = 0; r < ROLE_COUNT; r++)
            init_pair((short)(r + 1), active[r].fg, active[r].bg);
}

short theme_pair(enum theme_role role)
{
    return use_color ? (short)(role + 1) : 0;
}

attr_t theme_attr(enum theme_role role)
{
    return active[role].attrs | (use_color ? COLOR_PAIR(role + 1) : 0);
}

bool theme_is_projector(void)
{
    return projector;
}
