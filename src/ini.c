#include "autoconfig.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"
#include "ini.h"

static void lower_trim(char *s)
{
    size_t len;
    char *start = s;

    while (isspace((unsigned char)*start))
        start++;
    memmove(s, start, strlen(start) + 1);
    len = strlen(s);
    while (len && isspace((unsigned char)s[len - 1]))
        s[--len] = '\0';
    for (; *s; s++)
        *s = (char)tolower((unsigned char)*s);
}

/* What iniparser keeps of a value: an unquoted one up to the first ';' or
 * '#', a quoted one up to its closing quote. Returns the mark after which
 * text is lost, or 0; a comment after a closing quote loses nothing, nor
 * does a value that is only a comment. */
static char lost_after(const char *value)
{
    const char *close, *rest;

    while (isspace((unsigned char)*value))
        value++;
    if ((*value == '"' || *value == '\'') && (close = strchr(value + 1, *value))) {
        for (rest = close + 1; isspace((unsigned char)*rest); rest++)
            ;
        return *rest && *rest != ';' && *rest != '#' ? *value : 0;
    }
    rest = value + strcspn(value, ";#");
    return *rest && rest > value ? *rest : 0;
}

static int add_cut(struct ini_doc *doc, int line, char mark)
{
    struct ini_cut *grown = realloc(doc->cuts, (doc->ncuts + 1) * sizeof *grown);

    if (!grown)
        return -1;
    doc->cuts = grown;
    doc->cuts[doc->ncuts++] = (struct ini_cut){.line = line, .mark = mark};
    return 0;
}

static int add_line(struct ini_doc *doc, const char *name, int line, bool orphan, bool heading)
{
    struct ini_line *grown;

    if (doc->nlines == doc->lines_cap) { /* doubling: a copy per line was quadratic */
        size_t cap = doc->lines_cap ? doc->lines_cap * 2 : 64;
        if (!(grown = realloc(doc->lines, cap * sizeof *grown)))
            return -1;
        doc->lines = grown;
        doc->lines_cap = cap;
    }
    grown = doc->lines;
    if (!(grown[doc->nlines].name = strdup(name)))
        return -1;
    grown[doc->nlines].line = line;
    grown[doc->nlines].orphan = orphan;
    grown[doc->nlines].heading = heading;
    doc->nlines++;
    return 0;
}

/* A light scan for positions only: the values still come from iniparser,
 * which rejects lines longer than 1022 bytes, so a name never exceeds buf. */
static int index_text(const char *text, struct ini_doc *doc)
{
    char buf[2048], section[2048] = "", name[4096];
    int line = 0;

    while (*text) {
        size_t len = strcspn(text, "\n");
        char *eq, mark;

        line++;
        snprintf(buf, sizeof buf, "%.*s", (int)(len < sizeof buf ? len : sizeof buf - 1), text);
        text += len + (text[len] == '\n');
        lower_trim(buf);
        if (buf[0] == '\0' || buf[0] == ';' || buf[0] == '#')
            continue;
        if (buf[0] == '[') {
            char *close = strchr(buf, ']');
            if (close) {
                *close = '\0';
                snprintf(section, sizeof section, "%s", buf + 1);
                lower_trim(section);
                if (add_line(doc, section, line, false, true) != 0)
                    return -1;
            }
            continue;
        }
        if (!(eq = strchr(buf, '=')))
            continue;
        *eq = '\0';
        if ((mark = lost_after(eq + 1)) && add_cut(doc, line, mark) != 0)
            return -1;
        lower_trim(buf);
        if (section[0])
            snprintf(name, sizeof name, "%s:%s", section, buf);
        else
            snprintf(name, sizeof name, "%s", buf);
        if (add_line(doc, name, line, section[0] == '\0', false) != 0)
            return -1;
    }
    return 0;
}

static bool is_bad(const struct ini_doc *doc, int line)
{
    for (size_t i = 0; i < doc->nbad; i++)
        if (doc->bad_lines[i] == line)
            return true;
    return false;
}

/* iniparser reports malformed lines through a printf-style callback as
 * "... in FILE (LINE)...", followed for a syntax error by the line itself,
 * which may hold parentheses too: read the number right after the name of
 * the file being parsed. Collect each line once during a parse. */
static struct ini_doc *collecting;
static const char *collecting_path;

static int collect_bad_line(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int collect_bad_line(const char *fmt, ...)
{
    char msg[1200];
    const char *at;
    va_list ap;
    int *grown, line;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (!collecting || !collecting_path || !(at = strstr(msg, collecting_path)))
        return 0;
    at += strlen(collecting_path);
    if (strncmp(at, " (", 2) != 0 || (line = atoi(at + 2)) <= 0 || is_bad(collecting, line))
        return 0;
    grown = realloc(collecting->bad_lines, (collecting->nbad + 1) * sizeof *grown);
    if (grown) {
        collecting->bad_lines = grown;
        grown[collecting->nbad++] = line;
    }
    return 0;
}

/* iniparser joins a line ending in a backslash (before trailing spaces)
 * with the next one. Our files do not have continued lines, and a joined
 * line would be reported under the wrong number or hide a good one. */
static bool continues(const char *line, size_t len)
{
    while (len > 0 && isspace((unsigned char)line[len - 1]))
        len--;
    return len > 0 && line[len - 1] == '\\';
}

/* iniparser 4.1 reads only named files: write the text (with the bad lines
 * blanked, keeping the numbering) to a private temporary file. */
static dictionary *parse_via_file(const char *text, const struct ini_doc *skip,
                                  struct rf_error *err)
{
    const char *tmpdir = getenv("TMPDIR");
    char path[4096];
    dictionary *dict = NULL;
    FILE *fp;
    int fd, line = 1;

    snprintf(path, sizeof path, "%s/refuge-ini-XXXXXX",
             (tmpdir && tmpdir[0] == '/') ? tmpdir : "/tmp");
    if ((fd = mkstemp(path)) < 0 || !(fp = fdopen(fd, "w"))) {
        rf_error_set(err, _("cannot make a temporary file: %s"), strerror(errno));
        if (fd >= 0) {
            close(fd);
            unlink(path);
        }
        return NULL;
    }
    for (const char *p = text; *p; line++) {
        size_t len = strcspn(p, "\n");
        if (!is_bad(skip, line)) {
            fwrite(p, 1, len, fp);
            /* An empty comment after it keeps the backslash a character. */
            if (continues(p, len))
                fputs(" ;", fp);
        }
        fputc('\n', fp);
        p += len + (p[len] == '\n');
    }
    collecting_path = path;
    if (fclose(fp) == 0)
        dict = iniparser_load(path);
    collecting_path = NULL;
    unlink(path);
    return dict;
}

static int by_name(const void *a, const void *b)
{
    const struct ini_line *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    return c ? c : (x->line > y->line) - (x->line < y->line);
}

/* Entries by section (the part of the name before ':'), then in
 * iniparser's order, which qsort cannot keep alone: `order` breaks ties. */
struct sortable {
    struct ini_entry e;
    size_t order;
};

static int section_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
    int c = memcmp(a, b, alen < blen ? alen : blen);
    return c ? c : (alen > blen) - (alen < blen);
}

static int by_section(const void *a, const void *b)
{
    const struct sortable *x = a, *y = b;
    int c = section_cmp(x->e.name, x->e.seclen, y->e.name, y->e.seclen);
    return c ? c : (x->order > y->order) - (x->order < y->order);
}

/* One pass over iniparser's dictionary (its entries are public), so no
 * question afterwards asks iniparser, whose lookups scan every entry. */
static int build_indexes(struct ini_doc *doc)
{
    const dictionary *d = doc->dict;
    struct sortable *tmp = NULL;
    size_t n = 0;

    if (doc->nlines) {
        if (!(doc->by_name = malloc(doc->nlines * sizeof *doc->by_name)))
            return -1;
        memcpy(doc->by_name, doc->lines, doc->nlines * sizeof *doc->by_name);
        qsort(doc->by_name, doc->nlines, sizeof *doc->by_name, by_name);
    }
    if (!d || d->size <= 0)
        return 0;
    if (!(doc->sections = calloc((size_t)d->size, sizeof *doc->sections)) ||
        !(tmp = calloc((size_t)d->size, sizeof *tmp)))
        goto nomem;
    for (ssize_t i = 0; i < d->size; i++) {
        const char *colon;
        if (!d->key[i])
            continue;
        if (!(colon = strchr(d->key[i], ':'))) {
            doc->sections[doc->nsections++] = d->key[i];
            continue;
        }
        if (!d->val[i]) /* a [section:x] heading iniparser filed as a key */
            continue;
        tmp[n].e = (struct ini_entry){.name = d->key[i], .value = d->val[i],
                                      .seclen = (size_t)(colon - d->key[i])};
        tmp[n].order = n;
        n++;
    }
    if (n > 1)
        qsort(tmp, n, sizeof *tmp, by_section);
    if (n && !(doc->entries = malloc(n * sizeof *doc->entries)))
        goto nomem;
    for (size_t i = 0; i < n; i++) {
        doc->entries[i] = tmp[i].e;
        doc->entries[i].line = ini_doc_line(doc, tmp[i].e.name);
    }
    doc->nentries = n;
    free(tmp);
    return 0;
nomem:
    free(tmp);
    return -1;
}

static bool too_many_lines(const char *text)
{
    int lines = 0;

    for (const char *p = text; (p = strchr(p, '\n')) != NULL; p++)
        if (++lines >= INI_MAX_LINES)
            return p[1] != '\0';
    return false;
}

int ini_doc_parse(const char *text, struct ini_doc *doc, struct rf_error *err)
{
    size_t nbad;

    memset(doc, 0, sizeof *doc);
    /* Editors on some systems save settings with a byte order mark, which
     * would make the first heading a malformed line. */
    if (strncmp(text, "\xef\xbb\xbf", 3) == 0)
        text += 3;
    if (too_many_lines(text)) {
        rf_error_set(err, _("more than %d lines, which no settings or tour file needs"),
                     INI_MAX_LINES);
        return -1;
    }
    if (index_text(text, doc) != 0) {
        ini_doc_free(doc);
        rf_error_set(err, _("out of memory"));
        return -1;
    }
    collecting = doc;
    iniparser_set_error_callback(collect_bad_line);
    /* One malformed line makes iniparser give up on the whole file, and it
     * stops at the first line too long for it: parse again without the lines
     * rejected so far until the rest is accepted. Each pass rejects a new
     * line or is the last. */
    do {
        nbad = doc->nbad;
        iniparser_freedict(doc->dict);
        doc->dict = parse_via_file(text, doc, err);
    } while (!doc->dict && doc->nbad > nbad);
    iniparser_set_error_callback(NULL);
    collecting = NULL;
    if (build_indexes(doc) != 0) {
        ini_doc_free(doc);
        rf_error_set(err, _("out of memory"));
        return -1;
    }
    return 0;
}

char *ini_read_file(const char *path, struct rf_error *err)
{
    FILE *fp = fopen(path, "r");
    char *text;
    size_t len;

    if (!fp) {
        rf_error_set(err, _("cannot read %s: %s"), path, strerror(errno));
        return NULL;
    }
    if (!(text = malloc(INI_MAX_BYTES + 2))) {
        fclose(fp);
        rf_error_set(err, _("out of memory"));
        return NULL;
    }
    /* One byte more than the bound tells a file that is too large. */
    len = fread(text, 1, INI_MAX_BYTES + 1, fp);
    if (ferror(fp))
        rf_error_set(err, _("cannot read %s: %s"), path, strerror(errno));
    else if (len > INI_MAX_BYTES)
        rf_error_set(err, _("%s: larger than %u KiB, which no settings or tour file needs"), path,
                     INI_MAX_BYTES >> 10);
    if (ferror(fp) || len > INI_MAX_BYTES) {
        fclose(fp);
        free(text);
        return NULL;
    }
    fclose(fp);
    text[len] = '\0';
    for (size_t i = 0; i < len; i++) /* a NUL must not end the text early */
        if (!text[i])
            text[i] = ' ';
    return text;
}

int ini_doc_load(const char *path, struct ini_doc *doc, struct rf_error *err)
{
    char *text;
    int rc;

    memset(doc, 0, sizeof *doc);
    if (!(text = ini_read_file(path, err)))
        return -1;
    if ((rc = ini_doc_parse(text, doc, err)) != 0) {
        char why[sizeof err->msg];
        snprintf(why, sizeof why, "%s", err->msg);
        rf_error_set(err, "%s: %s", path, why);
    }
    free(text);
    return rc;
}

int ini_doc_line(const struct ini_doc *doc, const char *name)
{
    size_t lo = 0, hi = doc->nlines;

    /* The first entry whose name sorts after `name`: the one before it is
     * the last line with that name, if any. */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(doc->by_name[mid].name, name) <= 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo > 0 && strcmp(doc->by_name[lo - 1].name, name) == 0 ? doc->by_name[lo - 1].line : 0;
}

bool ini_doc_bad_heading(const struct ini_line *line)
{
    return line->heading && strchr(line->name, ':');
}

const struct ini_entry *ini_doc_keys(const struct ini_doc *doc, const char *section, size_t *n)
{
    size_t lo = 0, hi = doc->nentries, len = strlen(section), end;

    while (lo < hi) { /* the first entry of the section or after it */
        size_t mid = lo + (hi - lo) / 2;
        const struct ini_entry *e = &doc->entries[mid];
        if (section_cmp(e->name, e->seclen, section, len) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (end = lo; end < doc->nentries &&
                   section_cmp(doc->entries[end].name, doc->entries[end].seclen, section, len) == 0;
         end++)
        ;
    *n = end - lo;
    return *n ? &doc->entries[lo] : NULL;
}

const char *ini_cut_message(const struct ini_cut *cut, char *buf, size_t size)
{
    if (cut->mark == ';' || cut->mark == '#')
        snprintf(buf, size, _("the rest of the line after '%c' is a comment: quote the value to keep it"),
                 cut->mark);
    else
        snprintf(buf, size, "%s", _("the text after the closing quote is ignored"));
    return buf;
}

void ini_doc_free(struct ini_doc *doc)
{
    if (doc->dict)
        iniparser_freedict(doc->dict);
    for (size_t i = 0; i < doc->nlines; i++)
        free(doc->lines[i].name);
    free(doc->lines);
    free(doc->bad_lines);
    free(doc->cuts);
    free(doc->by_name);
    free(doc->sections);
    free(doc->entries);
    memset(doc, 0, sizeof *doc);
}
