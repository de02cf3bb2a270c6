#include "autoconfig.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../src/i18n.h"
#include "../src/ini.h"
#include "../src/text.h"
#include "../src/when.h"
#include "../src/writer.h"
#include "tour.h"

/* ---- where each key sits ---------------------------------------------------
 * iniparser keeps values, not positions: a light scan of the same text maps
 * "section:key" to its line for the messages (as src/config.c does). */

/* ---- diagnostics -------------------------------------------------------------- */

static void diag(struct tour *t, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void diag(struct tour *t, int line, const char *fmt, ...)
{
    char msg[512], full[1024];
    char **grown;
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (line > 0)
        snprintf(full, sizeof full, "%s:%d: %s", t->file, line, msg);
    else
        snprintf(full, sizeof full, "%s: %s", t->file, msg);
    grown = realloc(t->diagnostics, (t->ndiagnostics + 1) * sizeof *grown);
    if (!grown)
        return;
    t->diagnostics = grown;
    t->diagnostics[t->ndiagnostics] = strdup(full);
    if (t->diagnostics[t->ndiagnostics])
        t->ndiagnostics++;
}

/* ---- values ------------------------------------------------------------------- */

static int choice(const char *value, const char *const *names)
{
    for (int i = 0; names[i]; i++)
        if (strcasecmp(value, names[i]) == 0)
            return i;
    return TOUR_UNSET;
}

static bool parse_int(const char *s, int lo, int hi, int *out)
{
    char *end;
    long v = strtol(s, &end, 10);

    if (end == s || *end || v < lo || v > hi)
        return false;
    *out = (int)v;
    return true;
}

static const char *const step_keys[] = {"pane",    "event",      "window",     "search",
                                        "show",    "language",   "zoom",       "seconds",
                                        "caption_en", "caption_zh", "panes",   NULL};

const char *const tour_pane_names[] = {"timeline", "feed", "stats", NULL};

/* "feed" or "timeline, stats" (commas or spaces between): the set of
 * panes, or 0 when a word is not a pane's name (named in *bad). */
static unsigned parse_panes(const char *v, char *bad, size_t bad_size)
{
    unsigned set = 0;

    while (*v) {
        size_t n = strcspn(v, ", \t");
        char word[16];
        int p;

        if (n == 0) {
            v++;
            continue;
        }
        snprintf(word, sizeof word, "%.*s", (int)(n < sizeof word ? n : sizeof word - 1), v);
        if (n >= sizeof word || (p = choice(word, tour_pane_names)) == TOUR_UNSET) {
            snprintf(bad, bad_size, "%.*s", (int)n, v);
            return 0;
        }
        set |= 1u << p;
        v += n;
    }
    if (!set)
        snprintf(bad, bad_size, "%s", "");
    return set;
}

static void read_step(struct tour *t, const char *sec, const struct ini_doc *idx,
                      struct tour_step *s)
{
    static const char *const shows[] = {"original", "translation", "both", NULL};
    static const char *const languages[] = {"en", "zh", "both", NULL};
    static const char *const bools[] = {"no", "yes", NULL};
    size_t n;
    const struct ini_entry *keys = ini_doc_keys(idx, sec, &n);

    for (size_t i = 0; i < n; i++) {
        const char *key = keys[i].name + keys[i].seclen + 1;
        const char *v = keys[i].value;
        int line = keys[i].line;
        int k = choice(key, step_keys);

        switch (k) {
        case 0:
            if ((s->pane = choice(v, tour_pane_names)) == TOUR_UNSET)
                diag(t, line, _("pane: '%s' is not timeline, feed or stats"), v);
            break;
        case 1:
            free(s->event);
            s->event = v[0] ? strdup(v) : NULL;
            break;
        case 2: {
            const char *dots = strstr(v, "..");
            struct rf_error why = {{0}};
            int64_t from, to;
            /* Days of the reader's zone, as the feed's own window prompt
             * reads them: checked here, read in that zone when shown. */
            if (dots && when_parse_range(v, when_utc(), &from, &to, &why) == 0) {
                free(s->range);
                s->range = strdup(v);
                s->has_range = s->range != NULL;
            } else if (!dots && parse_int(v, 0, 366, &s->window_days)) {
                s->has_range = false;
            } else {
                diag(t, line, _("window: '%s' is neither a number of days nor FROM..TO"), v);
            }
            break;
        }
        case 3:
            free(s->search);
            s->search = strdup(v);
            break;
        case 4:
            if ((s->show = choice(v, shows)) == TOUR_UNSET)
                diag(t, line, _("show: '%s' is not original, translation or both"), v);
            break;
        case 5:
            if ((s->language = choice(v, languages)) == TOUR_UNSET)
                diag(t, line, _("language: '%s' is not en, zh or both"), v);
            break;
        case 6: {
            /* zoom = stats is panes = stats: that pane alone. */
            int p = choice(v, tour_pane_names);

            s->zoom = TOUR_UNSET;
            if (p != TOUR_UNSET)
                s->panes = 1u << p;
            else if ((s->zoom = choice(v, bools)) == TOUR_UNSET)
                diag(t, line, _("zoom: '%s' is not yes, no, timeline, feed or stats"), v);
            break;
        }
        case 7:
            if (!parse_int(v, 0, 3600, &s->seconds)) {
                s->seconds = TOUR_UNSET;
                diag(t, line, _("seconds: '%s' is not a number from 0 to 3600"), v);
            }
            break;
        case 8:
            free(s->caption_en);
            s->caption_en = strdup(v);
            break;
        case 9:
            free(s->caption_zh);
            s->caption_zh = strdup(v);
            break;
        case 10: {
            char bad[64];

            if (!(s->panes = parse_panes(v, bad, sizeof bad)))
                diag(t, line,
                     _("panes: '%s' is not timeline, feed or stats (one pane, or several with "
                       "commas between)"),
                     bad);
            break;
        }
        default:
            diag(t, line, _("unknown key '%s' in [%s]"), key, sec);
            break;
        }
    }
}

static int by_number(const void *a, const void *b)
{
    const struct tour_step *x = a, *y = b;
    return (x->number > y->number) - (x->number < y->number);
}

static void read_tour(struct tour *t, const struct ini_doc *idx)
{
    /* Which step numbers (1..9999) were seen, so a repeat costs no search. */
    unsigned char seen[10000] = {0};

    for (size_t i = 0; i < idx->nsections; i++) {
        const char *sec = idx->sections[i];
        int number = 0, line = ini_doc_line(idx, sec);
        struct tour_step *grown;

        if (strcmp(sec, "tour") == 0) {
            size_t n;
            const struct ini_entry *keys = ini_doc_keys(idx, sec, &n);
            for (size_t k = 0; k < n; k++) {
                const char *v = keys[k].value;
                int kline = keys[k].line;
                if (strcmp(keys[k].name, "tour:title_en") == 0)
                    t->title_en = strdup(v);
                else if (strcmp(keys[k].name, "tour:title_zh") == 0)
                    t->title_zh = strdup(v);
                else if (strcmp(keys[k].name, "tour:seconds") == 0) {
                    if (!parse_int(v, 0, 3600, &t->seconds))
                        diag(t, kline, _("seconds: '%s' is not a number from 0 to 3600"), v);
                } else
                    diag(t, kline, _("unknown key '%s' in [tour]"), keys[k].name + 5);
            }
            continue;
        }
        /* strtol would also take "step 1" and "step+1". */
        if (strncmp(sec, "step", 4) != 0 || !isdigit((unsigned char)sec[4]) ||
            !parse_int(sec + 4, 1, 9999, &number)) {
            diag(t, line, _("unknown section [%s] (expected [tour] or [stepN])"), sec);
            continue;
        }
        /* [step1] and [step01] are different sections to iniparser. */
        if (seen[number]) {
            diag(t, line, _("[%s] repeats step %d; ignored"), sec, number);
            continue;
        }
        seen[number] = 1;
        grown = realloc(t->steps, (t->nsteps + 1) * sizeof *grown);
        if (!grown)
            continue;
        t->steps = grown;
        t->steps[t->nsteps] = (struct tour_step){
            .number = number, .line = line, .pane = TOUR_UNSET, .window_days = TOUR_UNSET,
            .show = TOUR_UNSET, .language = TOUR_UNSET, .zoom = TOUR_UNSET,
            .seconds = TOUR_UNSET};
        read_step(t, sec, idx, &t->steps[t->nsteps]);
        if (!t->steps[t->nsteps].caption_en && !t->steps[t->nsteps].caption_zh)
            diag(t, line, _("[%s] has no caption_en or caption_zh"), sec);
        t->nsteps++;
    }
    /* qsort's base must not be NULL, even for no elements. */
    if (t->nsteps > 1)
        qsort(t->steps, t->nsteps, sizeof *t->steps, by_number);
}

/* ---- loading ------------------------------------------------------------------ */

/* iniparser reads files only: the bundled text goes through a temporary one. */
struct tour *tour_load(const char *path, struct rf_error *err)
{
    bool bundled = !path || !path[0];
    char *text = bundled ? strdup(tour_bundled) : ini_read_file(path, err);
    struct tour *t;
    struct ini_doc doc;

    if (!text) {
        if (bundled)
            rf_error_set(err, "%s", _("out of memory"));
        return NULL;
    }
    t = calloc(1, sizeof *t);
    if (!t || !(t->file = strdup(bundled ? "(bundled) tour.ini" : path))) {
        free(t);
        free(text);
        rf_error_set(err, "%s", _("out of memory"));
        return NULL;
    }
    t->seconds = TOUR_UNSET;
    if (ini_doc_parse(text, &doc, err) != 0) {
        char why[sizeof err->msg];
        snprintf(why, sizeof why, "%s", err->msg);
        rf_error_set(err, "%s: %s", t->file, why);
        free(text);
        tour_free(t);
        return NULL;
    }
    for (size_t i = 0; i < doc.nbad; i++)
        diag(t, doc.bad_lines[i], "%s", _("syntax error (not a [section] or key = value)"));
    for (size_t i = 0; i < doc.ncuts; i++) {
        char why[256];
        diag(t, doc.cuts[i].line, "%s", ini_cut_message(&doc.cuts[i], why, sizeof why));
    }
    for (size_t i = 0; i < doc.nlines; i++)
        if (ini_doc_bad_heading(&doc.lines[i]))
            diag(t, doc.lines[i].line, _("unknown section [%s] (expected [tour] or [stepN])"),
                 doc.lines[i].name);
    read_tour(t, &doc);
    ini_doc_free(&doc);
    free(text);
    if (t->nsteps == 0) {
        if (t->ndiagnostics)
            rf_error_set(err, _("%s: no steps (a tour needs [step1], [step2], ...); first problem: %s"),
                         t->file, t->diagnostics[0]);
        else
            rf_error_set(err, _("%s: no steps (a tour needs [step1], [step2], ...)"), t->file);
        tour_free(t);
        return NULL;
    }
    return t;
}

void tour_free(struct tour *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->nsteps; i++) {
        free(t->steps[i].event);
        free(t->steps[i].range);
        free(t->steps[i].search);
        free(t->steps[i].caption_en);
        free(t->steps[i].caption_zh);
    }
    for (size_t i = 0; i < t->ndiagnostics; i++)
        free(t->diagnostics[i]);
    free(t->diagnostics);
    free(t->steps);
    free(t->title_en);
    free(t->title_zh);
    free(t->file);
    free(t);
}

/* A tour file's text is untrusted: it reaches the page through the text
 * layer, on one line. */
static void put(FILE *out, const char *before, const char *text, const char *after)
{
    fputs(before, out);
    writer_text_cell(out, text, -1);
    fputs(after, out);
}

/* What a step shows, by its set of panes (bit 0 the timeline, 1 the feed,
 * 2 the stats), each a whole phrase; 0 is every pane. */
static const char *const shown_panes[8] = {
    N_("every pane"),
    N_("the timeline alone"),
    N_("the feed alone"),
    N_("the timeline and the feed"),
    N_("the stats alone"),
    N_("the timeline and the stats"),
    N_("the feed and the stats"),
    N_("the timeline, the feed and the stats"),
};

void tour_print_md(const struct tour *t, FILE *out)
{
    /* Under ASCII output Chinese would be question marks: English alone. */
    bool zh = !text_ascii();

    put(out, "# ", t->title_en ? t->title_en : _("Tour"), "\n\n");
    if (t->title_zh && zh)
        put(out, "*", t->title_zh, "*\n\n");
    for (size_t i = 0; i < t->nsteps; i++) {
        const struct tour_step *s = &t->steps[i];

        fprintf(out, _("## Step %zu of %zu\n\n"), i + 1, t->nsteps);
        if (s->caption_en)
            put(out, "", s->caption_en, "\n\n");
        if (s->caption_zh && zh)
            put(out, "", s->caption_zh, "\n\n");
        {
            /* The panes first: a step that names none shows every pane. */
            static const char *const focused[] = {N_(", the timeline focused"),
                                                  N_(", the feed focused"),
                                                  N_(", the stats focused")};

            fprintf(out, _("*Shows: %s"), _(shown_panes[s->panes & 7]));
            if (s->pane != TOUR_UNSET && (s->panes == 0 || (s->panes & (s->panes - 1)) != 0))
                fputs(_(focused[s->pane]), out);
            if (s->event)
                put(out, _(", event `"), s->event, "`");
            if (s->search && s->search[0])
                /* TRANSLATORS: the search follows, then a closing quote. */
                put(out, _(", posts matching \""), s->search, _("\""));
            fputs("*\n\n", out);
        }
    }
}
