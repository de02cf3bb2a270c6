#include "autoconfig.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <iniparser.h>

#include "../src/ini.h"
#include "../src/when.h"
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

static const char *const step_keys[] = {"pane", "event", "window", "search", "show", "language",
                                        "zoom", "seconds", "caption_en", "caption_zh", NULL};

static void read_step(struct tour *t, dictionary *d, const char *sec, const struct ini_doc *idx,
                      struct tour_step *s)
{
    static const char *const panes[] = {"timeline", "feed", "stats", NULL};
    static const char *const shows[] = {"original", "translation", "both", NULL};
    static const char *const languages[] = {"en", "zh", "both", NULL};
    static const char *const bools[] = {"no", "yes", NULL};
    int n;
    const char **keys = ini_doc_keys(idx, sec, &n);

    for (int i = 0; i < n; i++) {
        const char *key = strchr(keys[i], ':') ? strchr(keys[i], ':') + 1 : keys[i];
        const char *v = iniparser_getstring(d, keys[i], "");
        int line = ini_doc_line(idx, keys[i]);
        int k = choice(key, step_keys);

        switch (k) {
        case 0:
            if ((s->pane = choice(v, panes)) == TOUR_UNSET)
                diag(t, line, "pane: '%s' is not timeline, feed or stats", v);
            break;
        case 1:
            free(s->event);
            s->event = v[0] ? strdup(v) : NULL;
            break;
        case 2: {
            const char *dots = strstr(v, "..");
            struct rf_error why = {{0}};
            /* Local days, as the feed's own window prompt reads them. */
            if (dots && when_parse_range(v, when_local(), &s->from, &s->to, &why) == 0) {
                s->has_range = true;
            } else if (!dots && parse_int(v, 0, 366, &s->window_days)) {
                s->has_range = false;
            } else {
                diag(t, line, "window: '%s' is neither a number of days nor FROM..TO", v);
            }
            break;
        }
        case 3:
            free(s->search);
            s->search = strdup(v);
            break;
        case 4:
            if ((s->show = choice(v, shows)) == TOUR_UNSET)
                diag(t, line, "show: '%s' is not original, translation or both", v);
            break;
        case 5:
            if ((s->language = choice(v, languages)) == TOUR_UNSET)
                diag(t, line, "language: '%s' is not en, zh or both", v);
            break;
        case 6:
            if ((s->zoom = choice(v, bools)) == TOUR_UNSET)
                diag(t, line, "zoom: '%s' is not yes or no", v);
            break;
        case 7:
            if (!parse_int(v, 0, 3600, &s->seconds)) {
                s->seconds = TOUR_UNSET;
                diag(t, line, "seconds: '%s' is not a number from 0 to 3600", v);
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
        default:
            diag(t, line, "unknown key '%s' in [%s]", key, sec);
            break;
        }
    }
    free(keys);
}

static int by_number(const void *a, const void *b)
{
    const struct tour_step *x = a, *y = b;
    return (x->number > y->number) - (x->number < y->number);
}

static bool has_step(const struct tour *t, int number)
{
    for (size_t i = 0; i < t->nsteps; i++)
        if (t->steps[i].number == number)
            return true;
    return false;
}

static void read_tour(struct tour *t, dictionary *d, const struct ini_doc *idx)
{
    int nsec = iniparser_getnsec(d);

    for (int i = 0; i < nsec; i++) {
        const char *sec = iniparser_getsecname(d, i);
        int number = 0, line = ini_doc_line(idx, sec);
        struct tour_step *grown;

        if (!sec)
            continue;
        if (strcmp(sec, "tour") == 0) {
            int n;
            const char **keys = ini_doc_keys(idx, sec, &n);
            for (int k = 0; k < n; k++) {
                const char *v = iniparser_getstring(d, keys[k], "");
                int kline = ini_doc_line(idx, keys[k]);
                if (strcmp(keys[k], "tour:title_en") == 0)
                    t->title_en = strdup(v);
                else if (strcmp(keys[k], "tour:title_zh") == 0)
                    t->title_zh = strdup(v);
                else if (strcmp(keys[k], "tour:seconds") == 0) {
                    if (!parse_int(v, 0, 3600, &t->seconds))
                        diag(t, kline, "seconds: '%s' is not a number from 0 to 3600", v);
                } else
                    diag(t, kline, "unknown key '%s' in [tour]", keys[k] + 5);
            }
            free(keys);
            continue;
        }
        /* strtol would also take "step 1" and "step+1". */
        if (strncmp(sec, "step", 4) != 0 || !isdigit((unsigned char)sec[4]) ||
            !parse_int(sec + 4, 1, 9999, &number)) {
            diag(t, line, "unknown section [%s] (expected [tour] or [stepN])", sec);
            continue;
        }
        /* [step1] and [step01] are different sections to iniparser. */
        if (has_step(t, number)) {
            diag(t, line, "[%s] repeats step %d; ignored", sec, number);
            continue;
        }
        grown = realloc(t->steps, (t->nsteps + 1) * sizeof *grown);
        if (!grown)
            continue;
        t->steps = grown;
        t->steps[t->nsteps] = (struct tour_step){
            .number = number, .line = line, .pane = TOUR_UNSET, .window_days = TOUR_UNSET,
            .show = TOUR_UNSET, .language = TOUR_UNSET, .zoom = TOUR_UNSET,
            .seconds = TOUR_UNSET};
        read_step(t, d, sec, idx, &t->steps[t->nsteps]);
        if (!t->steps[t->nsteps].caption_en && !t->steps[t->nsteps].caption_zh)
            diag(t, line, "[%s] has no caption_en or caption_zh", sec);
        t->nsteps++;
    }
    /* qsort's base must not be NULL, even for no elements. */
    if (t->nsteps > 1)
        qsort(t->steps, t->nsteps, sizeof *t->steps, by_number);
}

/* ---- loading ------------------------------------------------------------------ */

static char *read_all(const char *path)
{
    FILE *fp = fopen(path, "r");
    char *buf = NULL;
    size_t len = 0, cap = 0, n;

    if (!fp)
        return NULL;
    do {
        if (len + 4096 + 1 > cap) {
            char *grown = realloc(buf, cap = cap ? cap * 2 : 8192);
            if (!grown) {
                free(buf);
                fclose(fp);
                return NULL;
            }
            buf = grown;
        }
        n = fread(buf + len, 1, cap - len - 1, fp);
        len += n;
    } while (n > 0);
    fclose(fp);
    buf[len] = '\0';
    return buf;
}

/* iniparser reads files only: the bundled text goes through a temporary one. */
struct tour *tour_load(const char *path, struct rf_error *err)
{
    bool bundled = !path || !path[0];
    char *text = bundled ? strdup(tour_bundled) : read_all(path);
    struct tour *t;
    struct ini_doc doc;

    if (!text) {
        rf_error_set(err, "%s: cannot read the tour file", bundled ? "tour.ini" : path);
        return NULL;
    }
    t = calloc(1, sizeof *t);
    if (!t || !(t->file = strdup(bundled ? "(bundled) tour.ini" : path))) {
        free(t);
        free(text);
        rf_error_set(err, "out of memory");
        return NULL;
    }
    t->seconds = TOUR_UNSET;
    if (ini_doc_parse(text, &doc, err) != 0) {
        free(text);
        tour_free(t);
        return NULL;
    }
    for (size_t i = 0; i < doc.nbad; i++)
        diag(t, doc.bad_lines[i], "syntax error (not a [section] or key = value)");
    for (size_t i = 0; i < doc.nlines; i++)
        if (ini_doc_bad_heading(&doc.lines[i]))
            diag(t, doc.lines[i].line, "unknown section [%s] (expected [tour] or [stepN])",
                 doc.lines[i].name);
    if (doc.dict)
        read_tour(t, doc.dict, &doc);
    ini_doc_free(&doc);
    free(text);
    if (t->nsteps == 0) {
        rf_error_set(err, "%s: no steps (a tour needs [step1], [step2], ...)%s%s", t->file,
                     t->ndiagnostics ? "; first problem: " : "",
                     t->ndiagnostics ? t->diagnostics[0] : "");
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

void tour_print_md(const struct tour *t, FILE *out)
{
    static const char *const panes[] = {"timeline", "feed", "stats"};

    fprintf(out, "# %s\n\n", t->title_en ? t->title_en : "Tour");
    if (t->title_zh)
        fprintf(out, "*%s*\n\n", t->title_zh);
    for (size_t i = 0; i < t->nsteps; i++) {
        const struct tour_step *s = &t->steps[i];

        fprintf(out, "## Step %zu of %zu\n\n", i + 1, t->nsteps);
        if (s->caption_en)
            fprintf(out, "%s\n\n", s->caption_en);
        if (s->caption_zh)
            fprintf(out, "%s\n\n", s->caption_zh);
        if (s->pane != TOUR_UNSET || s->event || s->search) {
            fputs("*Shows:", out);
            if (s->pane != TOUR_UNSET)
                fprintf(out, " the %s", panes[s->pane]);
            if (s->event)
                fprintf(out, "%s event `%s`", s->pane != TOUR_UNSET ? "," : "", s->event);
            if (s->search && s->search[0])
                fprintf(out, ", posts matching \"%s\"", s->search);
            fputs("*\n\n", out);
        }
    }
}
