#include "autoconfig.h"

#include <ctype.h>
#include <limits.h>
#include <string.h>
#include <strings.h>
#include <wchar.h>

#include <curses.h>

#include "../src/i18n.h"
#include "../src/text.h"
#include "keymap.h"

/* Enough for "Enter" (three codes) plus a few user additions. */
enum { MAX_KEYS = 8 };

struct action_def {
    const char *name;
    const char *help;
    enum keymap_scope scope;
    const char *keys; /* default key names, comma-separated */
};

static const struct action_def actions[ACT_COUNT] = {
    [ACT_QUIT] = {"quit", N_("quit refuge"), SCOPE_GLOBAL, "q"},
    [ACT_HELP] = {"help", N_("show this help"), SCOPE_GLOBAL, "?, F1"},
    [ACT_REDRAW] = {"redraw", N_("redraw the screen"), SCOPE_GLOBAL, "C-l"},
    [ACT_FOCUS_NEXT] = {"focus_next", N_("focus the next pane"), SCOPE_GLOBAL, "Tab"},
    [ACT_FOCUS_PREV] = {"focus_prev", N_("focus the previous pane"), SCOPE_GLOBAL, "BackTab"},
    [ACT_FOCUS_TIMELINE] = {"focus_timeline", N_("focus the timeline"), SCOPE_GLOBAL, "1"},
    [ACT_FOCUS_FEED] = {"focus_feed", N_("focus the feed"), SCOPE_GLOBAL, "2"},
    [ACT_FOCUS_STATS] = {"focus_stats", N_("focus the stats"), SCOPE_GLOBAL, "3"},
    [ACT_ZOOM] = {"zoom", N_("zoom the focused pane to full screen and back"), SCOPE_GLOBAL, "z"},
    [ACT_LANGUAGE] = {"language",
                      N_("in the feed and the reader: show each post's original, its translation "
                      "or both; elsewhere: titles, labels and captions in English, Chinese or both"),
                      SCOPE_GLOBAL, "L"},
    [ACT_TIME_ZONE] = {"time_zone",
                       N_("show times and count days in another zone (local, UTC, Asia/Shanghai)"),
                       SCOPE_GLOBAL, "Z"},
    [ACT_SCRIPT] = {"script",
                    N_("show Chinese text as written, in simplified or in traditional "
                       "characters (a search finds both either way)"),
                    SCOPE_GLOBAL, "J"},
    [ACT_BACK] = {"back", N_("close, cancel or go back"), SCOPE_GLOBAL, "Esc"},
    [ACT_UP] = {"up", N_("move up"), SCOPE_GLOBAL, "k, Up"},
    [ACT_DOWN] = {"down", N_("move down"), SCOPE_GLOBAL, "j, Down"},
    [ACT_LEFT] = {"left", N_("move left"), SCOPE_GLOBAL, "h, Left"},
    [ACT_RIGHT] = {"right", N_("move right"), SCOPE_GLOBAL, "l, Right"},
    [ACT_PAGE_UP] = {"page_up", N_("one page up"), SCOPE_GLOBAL, "PgUp, b"},
    [ACT_PAGE_DOWN] = {"page_down", N_("one page down"), SCOPE_GLOBAL, "PgDn, Space"},
    [ACT_HALF_UP] = {"half_page_up", N_("half a page up"), SCOPE_GLOBAL, "C-u"},
    [ACT_HALF_DOWN] = {"half_page_down", N_("half a page down"), SCOPE_GLOBAL, "C-d"},
    [ACT_TOP] = {"top", N_("go to the first row"), SCOPE_GLOBAL, "g, Home"},
    [ACT_BOTTOM] = {"bottom", N_("go to the last row"), SCOPE_GLOBAL, "G, End"},
    [ACT_OPEN] = {"open", N_("open or select"), SCOPE_GLOBAL, "Enter"},
    [ACT_CLEAR] = {"clear", N_("clear filters and the time window"), SCOPE_GLOBAL, "c"},
    [ACT_HISTORY_BACK] = {"history_back", N_("step back to the previous selection"), SCOPE_GLOBAL,
                          "Backspace"},
    [ACT_FILTER_KIND] = {"filter_kind", N_("choose which kinds of event to show"), SCOPE_TIMELINE,
                         "f"},
    [ACT_JUMP_DATE] = {"jump_date", N_("jump to a date (2025-01-17, 2025-01 or 2025)"),
                       SCOPE_TIMELINE, ":, d"},
    [ACT_NEXT_SAME_KIND] = {"next_same_kind",
                            N_("next event of the same kind (after /: the next that matches)"),
                            SCOPE_TIMELINE, "n"},
    [ACT_PREV_SAME_KIND] = {"prev_same_kind",
                            N_("previous event of the same kind (after /: the previous that "
                            "matches)"),
                            SCOPE_TIMELINE, "N"},
    [ACT_SEARCH_EVENTS] = {"search_events",
                           N_("search events by title and summary, English and Chinese (Esc "
                           "clears)"),
                           SCOPE_TIMELINE, "/"},
    [ACT_PROPORTIONAL] = {"proportional", N_("space rows by the time between events"),
                          SCOPE_TIMELINE, "t"},
    [ACT_SEARCH] = {"search",
                    N_("search posts: words (Chinese or English; texts, translations, tags, "
                    "authors' names), #tag, @name, \"quoted text\""),
                    SCOPE_FEED, "/"},
    [ACT_NEXT_MATCH] = {"next_match", N_("next search match"), SCOPE_FEED, "n"},
    [ACT_PREV_MATCH] = {"prev_match", N_("previous search match"), SCOPE_FEED, "N"},
    [ACT_STAR] = {"star", N_("star or unstar the post"), SCOPE_FEED, "s"},
    [ACT_FILTER] = {"filter", N_("filter by language, platform, tag, starred, code, date; search comments"), SCOPE_FEED,
                    "f"},
    [ACT_SORT] = {"sort", N_("sort by time or by likes"), SCOPE_FEED, "o"},
    [ACT_RELOAD] = {"reload", N_("reload after the cache was updated (an import) or republished"),
                    SCOPE_FEED, "R"},
    [ACT_COPY] = {"copy",
                  N_("show the post's whole URL (or its id) alone, to select and copy; with [ui] "
                  "clipboard = osc52 also copy it to the terminal's clipboard"),
                  SCOPE_FEED, "y"},
    [ACT_EXPORT] = {"export", N_("write the listed posts to a CSV file"), SCOPE_FEED, "e"},
    [ACT_CODE] = {"code",
                  N_("code the post: a code by name or by its key (a new name joins the codebook), "
                  "then its memo"),
                  SCOPE_FEED, "x"},
    [ACT_UNCODE] = {"uncode", N_("remove a code from the post"), SCOPE_FEED, "X"},
    [ACT_MARK] = {"mark", N_("mark or unmark the post"), SCOPE_FEED, "m"},
    [ACT_MARK_ALL] = {"mark_all",
                      N_("mark every listed post: all that match the filter and search, not only "
                      "those loaded"),
                      SCOPE_FEED, "M"},
    [ACT_UNMARK_ALL] = {"unmark_all", N_("unmark every post"), SCOPE_FEED, "U"},
    [ACT_ON_MARKED] = {"on_marked",
                       N_("act on the marked posts: then s stars them, x codes them, e exports them"),
                       SCOPE_FEED, ";"},
    [ACT_SAMPLE] = {"sample",
                    N_("list a reproducible random sample of the listed posts: N and a seed (the "
                    "same seed draws the same posts; empty clears)"),
                    SCOPE_FEED, "S"},
    [ACT_SAVE_VIEW] = {"save_view", N_("save the filter, search and sort as a view, by name"),
                       SCOPE_FEED, "w"},
    [ACT_VIEW] = {"view", N_("recall a saved view by name (empty: list them)"), SCOPE_FEED, ":"},
    [ACT_COMMENTS] = {"comments",
                      N_("open the post's comments as a thread (from the list or the reader)"),
                      SCOPE_FEED, "C"},
    [ACT_AUTHOR] = {"author",
                    N_("show the post's author: posts, comments, likes, first and last seen, "
                    "region (Enter lists their posts)"),
                    SCOPE_FEED, "a"},
    [ACT_AUTHORS] = {"authors",
                     N_("list the authors of the listed posts, most posts first (Enter lists one's "
                     "posts)"),
                     SCOPE_FEED, "A"},
    [ACT_NEXT_POST] = {"next_post", N_("next post"), SCOPE_READER, "]"},
    [ACT_PREV_POST] = {"prev_post", N_("previous post"), SCOPE_READER, "[, p"},
    [ACT_NEXT_HIT] = {"next_hit",
                      N_("next search hit in the post, scrolled to; after its last, the next "
                      "post's first (without a search: the next post)"),
                      SCOPE_READER, "n"},
    [ACT_PREV_HIT] = {"prev_hit",
                      N_("previous search hit in the post; before its first, the previous post's "
                      "last (without a search: the previous post)"),
                      SCOPE_READER, "N"},
    [ACT_CHART_UNIT] = {"chart_unit",
                        N_("chart posts per day, week, hour of the day or day of the week"),
                        SCOPE_STATS, "u"},
    [ACT_THREAD_SORT] = {"thread_sort",
                         N_("sort the comments by time or by likes (replies stay under the "
                         "comment they answer)"),
                         SCOPE_THREAD, "o"},
    [ACT_THREAD_SEARCH] = {"thread_search", N_("search the thread's comments and translations"),
                           SCOPE_THREAD, "/"},
    [ACT_THREAD_NEXT_HIT] = {"thread_next_hit", N_("next comment the search found"), SCOPE_THREAD,
                             "n"},
    [ACT_THREAD_PREV_HIT] = {"thread_prev_hit", N_("previous comment the search found"),
                             SCOPE_THREAD, "N"},
    [ACT_SEARCH_FIGURES] = {"search_figures",
                            N_("search the reported figures by label (English or Chinese) and "
                            "source; n and N then step through the matches (Esc clears)"),
                            SCOPE_STATS, "/"},
    [ACT_NEXT_TAG] = {"next_tag", N_("select the next of the top tags"), SCOPE_STATS, "t"},
    [ACT_NEXT_AUTHOR] = {"next_author",
                         N_("select the next of the top authors (Enter lists their posts in the "
                         "feed)"),
                         SCOPE_STATS, "a"},
    [ACT_COTAGS] = {"cotags",
                    N_("show the tags that travel with the selected tag, on how many of its posts "
                    "each (w again hides them)"),
                    SCOPE_STATS, "w"},
    [ACT_THREAD_AUTHOR] = {"thread_author",
                           N_("show the author of the comment under the cursor (Enter lists their "
                           "posts)"),
                           SCOPE_THREAD, "a"},
    [ACT_THREAD_CODE] = {"thread_code",
                         N_("code the comment under the cursor (or read in full): a code by "
                            "name or by its key, then its memo"),
                         SCOPE_THREAD, "x"},
    [ACT_THREAD_UNCODE] = {"thread_uncode", N_("remove a code from the comment"), SCOPE_THREAD,
                           "X"},
    [ACT_AUTHORS_SORT] = {"authors_sort",
                          N_("order the authors by posts, comments, likes or the last time seen"),
                          SCOPE_AUTHORS, "o"},
    [ACT_NEXT_FIGURE] = {"next_figure", N_("select the next reported figure"), SCOPE_STATS, "n"},
    [ACT_PREV_FIGURE] = {"prev_figure", N_("select the previous reported figure"), SCOPE_STATS, "N"},
    [ACT_FIGURE_DETAIL] = {"figure_detail",
                           N_("show the selected figure in full: value, time and zone, confidence, "
                           "every source with its URL, notes (Esc returns)"),
                           SCOPE_STATS, "v"},
    [ACT_TOUR_NEXT] = {"tour_next", N_("next step"), SCOPE_TOUR, "Space, Right"},
    [ACT_TOUR_PREV] = {"tour_prev", N_("previous step"), SCOPE_TOUR, "Left, Backspace"},
    [ACT_TOUR_GOTO] = {"tour_goto", N_("go to step (g, then its number, Enter)"), SCOPE_TOUR, "g"},
    [ACT_TOUR_PAUSE] = {"tour_pause", N_("pause or resume auto-advance"), SCOPE_TOUR, "p"},
    [ACT_TOUR_RESUME] = {"tour_resume", N_("resume the tour after Esc"), SCOPE_GLOBAL, "T"},
};

static const char *const scope_titles[SCOPE_COUNT] = {
    [SCOPE_GLOBAL] = N_("Everywhere"), [SCOPE_TIMELINE] = N_("Timeline"), [SCOPE_FEED] = N_("Feed"),
    [SCOPE_READER] = N_("Reading a post"), [SCOPE_THREAD] = N_("Comment thread"),
    [SCOPE_AUTHORS] = N_("Authors"),
    [SCOPE_STATS] = N_("Stats"), [SCOPE_TOUR] = N_("Tour"),
};

static keymap_key bindings[ACT_COUNT][MAX_KEYS];
static size_t nbindings[ACT_COUNT];

/* Named keys, in the order keymap_describe prefers for output. */
static const struct {
    const char *name;
    keymap_key key;
} named_keys[] = {
    {"Enter", '\r'},
    {"Enter", '\n'},
    {"Enter", KEYMAP_FKEY + KEY_ENTER},
    {"Esc", 27},
    {"Tab", '\t'},
    {"BackTab", KEYMAP_FKEY + KEY_BTAB},
    {"Space", ' '},
    {"Backspace", KEYMAP_FKEY + KEY_BACKSPACE},
    {"Backspace", 127},
    {"Backspace", 8},
    {"Up", KEYMAP_FKEY + KEY_UP},
    {"Down", KEYMAP_FKEY + KEY_DOWN},
    {"Left", KEYMAP_FKEY + KEY_LEFT},
    {"Right", KEYMAP_FKEY + KEY_RIGHT},
    {"PgUp", KEYMAP_FKEY + KEY_PPAGE},
    {"PgDn", KEYMAP_FKEY + KEY_NPAGE},
    {"Home", KEYMAP_FKEY + KEY_HOME},
    {"End", KEYMAP_FKEY + KEY_END},
    {"Delete", KEYMAP_FKEY + KEY_DC},
    {"Insert", KEYMAP_FKEY + KEY_IC},
};

#define NNAMED (sizeof named_keys / sizeof named_keys[0])

size_t keymap_parse_key(const char *name, keymap_key *out, size_t max)
{
    size_t n = 0, len = strlen(name);
    mbstate_t st;
    wchar_t wc;

    if (max == 0 || len == 0)
        return 0;
    for (size_t i = 0; i < NNAMED; i++)
        if (strcasecmp(name, named_keys[i].name) == 0 && n < max)
            out[n++] = named_keys[i].key;
    if (n)
        return n;
    if ((name[0] == 'C' || name[0] == 'c') && name[1] == '-' && len == 3) {
        char c = name[2];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
            out[0] = (c | 0x20) - 'a' + 1;
            return 1;
        }
        return 0;
    }
    if ((name[0] == 'F' || name[0] == 'f') && len >= 2 && len <= 3 && name[1] >= '1' &&
        name[1] <= '9') {
        int f = name[1] - '0';
        if (len == 3) {
            if (name[2] < '0' || name[2] > '9')
                return 0;
            f = f * 10 + (name[2] - '0');
        }
        if (f < 1 || f > 12)
            return 0;
        out[0] = KEYMAP_FKEY + KEY_F(f);
        return 1;
    }
    /* One character, in the locale's encoding. */
    memset(&st, 0, sizeof st);
    if (mbrtowc(&wc, name, len, &st) == len && wc > ' ' && wc != 127) {
        out[0] = (keymap_key)wc;
        return 1;
    }
    return 0;
}

static void describe_key(keymap_key key, char *buf, size_t size)
{
    for (size_t i = 0; i < NNAMED; i++) {
        if (named_keys[i].key == key) {
            snprintf(buf, size, "%s", named_keys[i].name);
            return;
        }
    }
    if (key >= 1 && key <= 26) {
        snprintf(buf, size, "C-%c", 'a' + key - 1);
    } else if (key >= KEYMAP_FKEY + KEY_F(1) && key <= KEYMAP_FKEY + KEY_F(12)) {
        snprintf(buf, size, "F%d", key - KEYMAP_FKEY - KEY_F(0));
    } else {
        char mb[MB_LEN_MAX + 1] = {0};
        mbstate_t st;
        size_t n;

        memset(&st, 0, sizeof st);
        n = wcrtomb(mb, (wchar_t)key, &st);
        snprintf(buf, size, "%s", n == (size_t)-1 ? "?" : mb);
    }
}

/* Sets the keys of `act` from a comma-separated list; returns the first
 * name that is not a key, or NULL when all were. */
static const char *set_keys(enum action act, const char *list, char *bad, size_t bad_size)
{
    char buf[256];
    char *save = NULL;
    keymap_key parsed[MAX_KEYS];
    size_t n = 0;

    snprintf(buf, sizeof buf, "%s", list);
    for (char *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        while (*tok == ' ' || *tok == '\t')
            tok++;
        for (size_t len = strlen(tok); len && (tok[len - 1] == ' ' || tok[len - 1] == '\t');)
            tok[--len] = '\0';
        size_t got = keymap_parse_key(tok, parsed + n, MAX_KEYS - n);
        if (got == 0) {
            snprintf(bad, bad_size, "%s", tok);
            return bad;
        }
        n += got;
    }
    memcpy(bindings[act], parsed, n * sizeof parsed[0]);
    nbindings[act] = n;
    return NULL;
}

/* A rebound key leaves the actions it used to trigger in the same scope. */
static void take_keys(enum action owner)
{
    for (int a = 1; a < ACT_COUNT; a++) {
        if (a == (int)owner || actions[a].scope != actions[owner].scope)
            continue;
        for (size_t i = 0; i < nbindings[a];) {
            bool clash = false;
            for (size_t j = 0; j < nbindings[owner]; j++)
                clash |= bindings[a][i] == bindings[owner][j];
            if (clash) {
                memmove(&bindings[a][i], &bindings[a][i + 1],
                        (nbindings[a] - i - 1) * sizeof bindings[a][0]);
                nbindings[a]--;
            } else {
                i++;
            }
        }
    }
}

void keymap_init(struct config *cfg)
{
    char bad[64];

    for (int a = 1; a < ACT_COUNT; a++)
        set_keys((enum action)a, actions[a].keys, bad, sizeof bad);
    if (!cfg)
        return;
    for (size_t i = 0; i < cfg->keys.count; i++) {
        const struct cfg_entry *e = &cfg->keys.items[i];
        int act = 0;

        for (int a = 1; a < ACT_COUNT; a++)
            if (strcmp(actions[a].name, e->key) == 0)
                act = a;
        if (!act) {
            config_warn(cfg, e->file, e->line,
                        _("[keys] unknown action '%s' (the help screen lists them)"), e->key);
            continue;
        }
        if (set_keys((enum action)act, e->value, bad, sizeof bad)) {
            config_warn(cfg, e->file, e->line, _("[keys] %s: '%s' is not a key name"), e->key, bad);
            set_keys((enum action)act, actions[act].keys, bad, sizeof bad);
            continue;
        }
        take_keys((enum action)act);
    }
}

static enum action lookup_in(enum keymap_scope scope, keymap_key key)
{
    for (int a = 1; a < ACT_COUNT; a++) {
        if (actions[a].scope != scope)
            continue;
        for (size_t i = 0; i < nbindings[a]; i++)
            if (bindings[a][i] == key)
                return (enum action)a;
    }
    return ACT_NONE;
}

enum action keymap_lookup(enum keymap_scope scope, keymap_key key)
{
    enum action act = lookup_in(scope, key);

    if (act == ACT_NONE && scope == SCOPE_READER)
        act = lookup_in(SCOPE_FEED, key);
    if (act == ACT_NONE && scope != SCOPE_GLOBAL)
        act = lookup_in(SCOPE_GLOBAL, key);
    return act;
}

const char *keymap_action_name(enum action act)
{
    return act > ACT_NONE && act < ACT_COUNT ? actions[act].name : NULL;
}

const char *keymap_action_help(enum action act)
{
    return act > ACT_NONE && act < ACT_COUNT ? _(actions[act].help) : NULL;
}

enum keymap_scope keymap_action_scope(enum action act)
{
    return act > ACT_NONE && act < ACT_COUNT ? actions[act].scope : SCOPE_GLOBAL;
}

const char *keymap_scope_title(enum keymap_scope scope)
{
    return scope < SCOPE_COUNT ? _(scope_titles[scope]) : NULL;
}

void keymap_describe(enum action act, char *buf, size_t size)
{
    size_t used = 0;
    char last[32] = "";

    buf[0] = '\0';
    if (act <= ACT_NONE || act >= ACT_COUNT)
        return;
    for (size_t i = 0; i < nbindings[act]; i++) {
        char name[32];
        int n;

        describe_key(bindings[act][i], name, sizeof name);
        /* Enter and Backspace are several codes but one name. */
        if (strcmp(name, last) == 0)
            continue;
        snprintf(last, sizeof last, "%s", name);
        n = snprintf(buf + used, size - used, "%s%s", used ? ", " : "", name);
        if (n < 0 || (size_t)n >= size - used)
            break;
        used += (size_t)n;
    }
}

const struct keymap_mark keymap_marks[] = {
    {"\xe4\xb8\xad / EN", N_("a post written in Chinese / in English (ZH under ASCII)"),
     "zhong (the character for Chinese) / EN", "ZH / EN"},
    {"i", N_("illustrative: a post written for the bundled dataset; its counts are invented")},
    {"q", N_("quoted: a statement a source attributes to a named person or account")},
    {"12c", N_("in a feed row, before the text: the cache holds 12 comments on the post (C opens "
            "them)")},
    {"*", N_("a starred post (s stars it); in refuge timeline, a turning point")},
    {"+", N_("in the feed, a marked post (m marks it; ; then s, x or e acts on the marked)")},
    {N_("bold"), N_("in the feed, an unread post")},
    {"~", N_("before a day: the time is approximate; before a figure: unconfirmed")},
    {"\xe2\x80\x93", N_("a count nobody reported (not 0)"), "\\(en", "-"},
    {"10+", N_("a count reported only as a lower bound; a sum built on one says \"at least\"")},
    {"\xe5\x8e\x9f / \xe8\xaf\x91 / \xe6\x9c\xba",
     N_("in a searched feed, the hit in context: in the original / in a person's translation "
     "/ in a machine's (o: / t: / m: under ASCII)"),
     "yuan (original) / yi (translation) / ji (machine translation)", "o: / t: / m:"},
};
const size_t keymap_nmarks = sizeof keymap_marks / sizeof keymap_marks[0];

const char *keymap_mark_shown(const struct keymap_mark *m)
{
    return text_ascii() && m->ascii ? m->ascii : _(m->mark);
}

/* One entry of a man page's key table (refuge(1), and zh_CN/refuge.1 from
 * the Chinese interface): the key or mark in bold, then its help as a
 * sentence. \& keeps a key such as "." or "'" from reading as a request.
 * An English sentence starts with a capital and ends with a period, a
 * Chinese one ends with a full-width 。 */
static void print_man_entry(FILE *out, const char *key, const char *help)
{
    if (i18n_chinese())
        fprintf(out, ".It Sy \"\\&%s\"\n%s\xe3\x80\x82\n", key, help);
    else
        fprintf(out, ".It Sy \"\\&%s\"\n%c%s.\n", key, toupper((unsigned char)help[0]),
                help + 1);
}

void keymap_print(FILE *out, const char *format)
{
    bool md = strcmp(format, "md") == 0, man = strcmp(format, "man") == 0;
    const char *marks_title = _("Marks on screen");

    for (int s = 0; s < SCOPE_COUNT; s++) {
        if (md)
            /* TRANSLATORS: a Markdown table's head; keep the | and the second line. */
            fprintf(out, "%s| %s | |\n", s ? "" : _("| keys | action |\n|---|---|\n"),
                    keymap_scope_title((enum keymap_scope)s));
        else if (man)
            fprintf(out, ".It Em %s\n", keymap_scope_title((enum keymap_scope)s));
        else
            fprintf(out, "%s%s\n", s ? "\n" : "", keymap_scope_title((enum keymap_scope)s));
        for (int a = 1; a < ACT_COUNT; a++) {
            char keys[128];
            const char *help = _(actions[a].help);

            if (actions[a].scope != (enum keymap_scope)s)
                continue;
            keymap_describe((enum action)a, keys, sizeof keys);
            if (md)
                fprintf(out, "| `%s` | %s |\n", keys, help);
            else if (man)
                print_man_entry(out, keys, help);
            else
                fprintf(out, "  %-18s %s (%s)\n", keys, help, actions[a].name);
        }
    }
    if (md)
        fprintf(out, "| %s | |\n", marks_title);
    else if (man)
        fprintf(out, ".It Em %s\n", marks_title);
    else
        fprintf(out, "\n%s\n", marks_title);
    for (size_t i = 0; i < keymap_nmarks; i++) {
        const char *mark = _(keymap_marks[i].mark), *meaning = _(keymap_marks[i].meaning);

        if (md)
            fprintf(out, "| %s | %s |\n", mark, meaning);
        else if (man) {
            /* The English page is ASCII, so a mark outside it has a stand-in
             * there; the Chinese page is UTF-8 and shows the mark itself. */
            bool stand_in = keymap_marks[i].roff && !i18n_chinese();

            print_man_entry(out, stand_in ? keymap_marks[i].roff : mark, meaning);
        } else
            fprintf(out, "  %-18s %s\n", keymap_mark_shown(&keymap_marks[i]), meaning);
    }
}
