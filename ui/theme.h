/* theme.h — semantic colour roles and the schemes that render them.
 *
 * Panes ask for a role (ROLE_CURSOR, ROLE_KIND_BAN, ...), never a colour
 * number. Three schemes: default (8 colours, terminal background),
 * projector (high contrast, bold, no faint colours) and mono (attributes
 * only, for NO_COLOR and terminals without colour). [colors] in the config
 * overrides single roles: `role = fg[, bg][, attributes]`.
 */
#ifndef REFUGE_THEME_H
#define REFUGE_THEME_H

#include <curses.h>

#include "../src/config.h"

enum theme_role {
    ROLE_NORMAL,
    ROLE_DIM,          /* secondary text: dates, counts, sources */
    ROLE_BORDER,       /* separators between panes */
    ROLE_TITLE,        /* pane title, unfocused */
    ROLE_TITLE_FOCUS,  /* pane title, focused */
    ROLE_TAB,          /* tab bar, inactive tab */
    ROLE_TAB_ACTIVE,   /* tab bar, active tab */
    ROLE_STATUS,       /* the status line */
    ROLE_MESSAGE,      /* a confirmation in the status line */
    ROLE_ERROR,        /* an error in the status line */
    ROLE_CURSOR,       /* the selected row of the focused pane */
    ROLE_CURSOR_DIM,   /* the selected row of an unfocused pane */
    ROLE_HEADING,      /* year / month headings, section headings */
    ROLE_MATCH,        /* search matches */
    ROLE_LOW_CONFIDENCE, /* a figure or event the sources do not settle */
    ROLE_ILLUSTRATIVE, /* marker of posts written for the dataset */
    ROLE_BADGE_ZH,     /* language badge 中 */
    ROLE_BADGE_EN,     /* language badge EN */
    ROLE_STAR,         /* starred post */
    ROLE_UNREAD,       /* unread post */
    ROLE_CHART,        /* chart bars */
    ROLE_CHART_CURSOR, /* the selected bar */
    ROLE_CAPTION,      /* tour caption bar */
    ROLE_HELP_KEY,     /* key names in the help overlay */
    ROLE_KIND_EXECUTIVE_ORDER,
    ROLE_KIND_LEGISLATION,
    ROLE_KIND_COURT_RULING,
    ROLE_KIND_BAN,
    ROLE_KIND_OUTAGE,
    ROLE_KIND_RESTORATION,
    ROLE_KIND_HEARING,
    ROLE_KIND_REPORT,
    ROLE_KIND_PLATFORM,
    ROLE_KIND_MIGRATION,
    ROLE_KIND_DEAL,
    ROLE_COUNT
};

/* Sets up colours for cfg's theme and applies cfg->colors overrides,
 * reporting bad ones through config_warn(). Call after curses starts.
 * Falls back to mono when the terminal has no colours. */
void theme_init(struct config *cfg);

/* Checks cfg->colors as theme_init() would, reporting the same problems
 * through config_warn(), without curses (for `refuge config`); colour
 * numbers are checked against 256. */
void theme_check(struct config *cfg);

/* The curses attributes (colour pair included) for a role. */
attr_t theme_attr(enum theme_role role);

/* The colour pair number for a role (0 in mono), for wattr_set and cchar_t. */
short theme_pair(enum theme_role role);

/* Role names as used in [colors], e.g. "cursor", "kind_ban"; NULL when out
 * of range. */
const char *theme_role_name(enum theme_role role);

/* True when the active scheme is the projector one. */
bool theme_is_projector(void);

#endif
