#include "autoconfig.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

static int add_line(struct ini_doc *doc, const char *name, int line, bool orphan, bool heading)
{
    struct ini_line *grown = realloc(doc->lines, (doc->nlines + 1) * sizeof *grown);

    if (!grown)
        return -1;
    doc->lines = grown;
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
        char *eq;

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
        rf_error_set(err, "cannot make a temporary file: %s", strerror(errno));
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

int ini_doc_parse(const char *text, struct ini_doc *doc, struct rf_error *err)
{
    size_t nbad;

    memset(doc, 0, sizeof *doc);
    if (index_text(text, doc) != 0) {
        ini_doc_free(doc);
        rf_error_set(err, "out of memory");
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
    return 0;
}

int ini_doc_load(const char *path, struct ini_doc *doc, struct rf_error *err)
{
    FILE *fp = fopen(path, "r");
    char *text = NULL;
    size_t len = 0;
    FILE *mem;
    int rc;

    memset(doc, 0, sizeof *doc);
    if (!fp) {
        rf_error_set(err, "cannot read %s: %s", path, strerror(errno));
        return -1;
    }
    mem = open_memstream(&text, &len);
    if (!mem) {
        fclose(fp);
        rf_error_set(err, "out of memory");
        return -1;
    }
    for (int c; (c = fgetc(fp)) != EOF;)
        fputc(c ? c : ' ', mem); /* a NUL must not end the text early */
    fclose(fp);
    fclose(mem);
    rc = ini_doc_parse(text, doc, err);
    free(text);
    return rc;
}

int ini_doc_line(const struct ini_doc *doc, const char *name)
{
    for (size_t i = doc->nlines; i-- > 0;)
        if (strcmp(doc->lines[i].name, name) == 0)
            return doc->lines[i].line;
    return 0;
}

bool ini_doc_bad_heading(const struct ini_line *line)
{
    return line->heading && strchr(line->name, ':');
}

const char **ini_doc_keys(const struct ini_doc *doc, const char *section, int *n)
{
    int all = doc->dict ? iniparser_getsecnkeys(doc->dict, section) : 0;
    const char **keys = all > 0 ? calloc((size_t)all, sizeof *keys) : NULL;

    *n = 0;
    if (!keys || !iniparser_getseckeys(doc->dict, section, keys)) {
        free(keys);
        return NULL;
    }
    for (int i = 0; i < all; i++)
        if (iniparser_getstring(doc->dict, keys[i], NULL))
            keys[(*n)++] = keys[i];
    return keys;
}

void ini_doc_free(struct ini_doc *doc)
{
    if (doc->dict)
        iniparser_freedict(doc->dict);
    for (size_t i = 0; i < doc->nlines; i++)
        free(doc->lines[i].name);
    free(doc->lines);
    free(doc->bad_lines);
    memset(doc, 0, sizeof *doc);
}
