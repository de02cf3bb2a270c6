/* test_dataset.c — checks the bundled JSON Lines data against the format
 * contract (events.jsonl, figures.jsonl and any posts-*.jsonl).
 *
 * JSON is read with SQLite's JSON functions so the test parses exactly as the
 * importer does; display widths come from libunistring so "fits in 60
 * columns" means the same thing here as on the terminal.
 *
 * Each check is aggregated over a whole file (or all posts files), so the TAP
 * output stays at a few dozen lines; failing records are listed by id with
 * tap_diag.
 *
 * The data directory is $REFUGE_ASSETS_DIR, or "assets/data" relative to the
 * current directory.
 */
#include "autoconfig.h"

#include <dirent.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>
#include <uniwidth.h>

#include "tap.h"

#define MAX_COLUMNS 60
#define MIN_EVENTS 45
#define MIN_FIGURES 25
#define MIN_POSTS 400
#define MAX_NOTES 8 /* diagnostics printed per failing check */

/* ---- failure collection: one TAP line per check, ids listed below it ---- */

struct check {
    int fails;
    char notes[MAX_NOTES][240];
};

static void check_fail(struct check *c, const char *id, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void check_fail(struct check *c, const char *id, const char *fmt, ...)
{
    if (c->fails < MAX_NOTES) {
        char msg[200];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(msg, sizeof msg, fmt, ap);
        va_end(ap);
        snprintf(c->notes[c->fails], sizeof c->notes[0], "%s: %s", id, msg);
    }
    c->fails++;
}

/* Prints the TAP line, then the first few failures and how many more.
 * The macro passes the caller's line, so "failed at" points at the check. */
#define check_report(c, what) check_report_at((c), (what), __FILE__, __LINE__)
static void check_report_at(const struct check *c, const char *what, const char *file, int line)
{
    int i;
    tap_ok(c->fails == 0, file, line, "%s", what);
    for (i = 0; i < c->fails && i < MAX_NOTES; i++)
        tap_diag("  %s", c->notes[i]);
    if (c->fails > MAX_NOTES)
        tap_diag("  ... and %d more", c->fails - MAX_NOTES);
}

/* ---- SQLite: one in-memory database and a few prepared statements ---- */

static sqlite3 *db;
static sqlite3_stmt *st_object;  /* line is valid JSON and an object */
static sqlite3_stmt *st_keys;    /* top-level keys of a line */
static sqlite3_stmt *st_field;   /* json_type and json_extract of one path */
static sqlite3_stmt *st_sources; /* one row per element of $.sources */
static sqlite3_stmt *st_badtags; /* elements of $.tags that are not strings */
static sqlite3_stmt *st_utcdate; /* UTC date of an ISO time with offset */
static sqlite3_stmt *st_seen;    /* remembers ids to find duplicates */
static sqlite3_stmt *st_day;     /* records one post's UTC day */

static sqlite3_stmt *prepare(const char *sql)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        fprintf(stderr, "sqlite: %s\n  in: %s\n", sqlite3_errmsg(db), sql);
        exit(2);
    }
    return st;
}

static void db_open(void)
{
    if (sqlite3_open(":memory:", &db) != SQLITE_OK) {
        fprintf(stderr, "sqlite: cannot open an in-memory database\n");
        exit(2);
    }
    sqlite3_exec(db,
                 "CREATE TABLE seen(scope TEXT, id TEXT, PRIMARY KEY(scope, id));"
                 "CREATE TABLE post_day(day TEXT);",
                 NULL, NULL, NULL);
    /* CASE keeps json_type from raising an error on malformed input. */
    st_object = prepare("SELECT CASE WHEN json_valid(?1) THEN json_type(?1) = 'object' ELSE 0 END");
    st_keys = prepare("SELECT key FROM json_each(?1)");
    st_field = prepare("SELECT json_type(?1, ?2), json_extract(?1, ?2)");
    /* s.type guards the per-element lookups: a non-object element has no keys. */
    st_sources = prepare(
        "SELECT s.type,"
        " CASE WHEN s.type = 'object' THEN json_type(s.value, '$.publisher') END,"
        " CASE WHEN s.type = 'object' THEN json_extract(s.value, '$.publisher') END,"
        " CASE WHEN s.type = 'object' THEN json_type(s.value, '$.date') END,"
        " CASE WHEN s.type = 'object' THEN json_extract(s.value, '$.date') END,"
        " CASE WHEN s.type = 'object' THEN json_type(s.value, '$.url') END,"
        " CASE WHEN s.type = 'object' THEN json_extract(s.value, '$.url') END,"
        " CASE WHEN s.type = 'object' THEN json_type(s.value, '$.title') END,"
        " CASE WHEN s.type = 'object' THEN (SELECT count(*) FROM json_each(s.value) k"
        "   WHERE k.key NOT IN ('publisher', 'title', 'date', 'url')) END"
        " FROM json_each(?1, '$.sources') AS s");
    st_badtags = prepare("SELECT count(*) FROM json_each(?1, '$.tags') WHERE type <> 'text'");
    st_utcdate = prepare("SELECT date(?1)");
    st_seen = prepare("INSERT OR IGNORE INTO seen(scope, id) VALUES (?1, ?2)");
    st_day = prepare("INSERT INTO post_day(day) VALUES (?1)");
}

static void db_close(void)
{
    sqlite3_finalize(st_object);
    sqlite3_finalize(st_keys);
    sqlite3_finalize(st_field);
    sqlite3_finalize(st_sources);
    sqlite3_finalize(st_badtags);
    sqlite3_finalize(st_utcdate);
    sqlite3_finalize(st_seen);
    sqlite3_finalize(st_day);
    sqlite3_close(db);
}

static void bind_line(sqlite3_stmt *st, const char *line)
{
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    sqlite3_bind_text(st, 1, line, -1, SQLITE_STATIC);
}

static int is_object(const char *line)
{
    int r;
    bind_line(st_object, line);
    r = sqlite3_step(st_object) == SQLITE_ROW && sqlite3_column_int(st_object, 0);
    sqlite3_reset(st_object);
    return r;
}

/* A field's JSON type ("text", "integer", "real", "array", ... or "" when
 * missing) and, for text, a copy of its value (caller frees). */
struct field {
    char type[16];
    char *text;
    long long ival;
    double rval;
};

static struct field get_field(const char *line, const char *key)
{
    struct field f;
    char path[64];
    memset(&f, 0, sizeof f);
    snprintf(path, sizeof path, "$.%s", key);
    bind_line(st_field, line);
    sqlite3_bind_text(st_field, 2, path, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(st_field) == SQLITE_ROW &&
        sqlite3_column_type(st_field, 0) != SQLITE_NULL) {
        snprintf(f.type, sizeof f.type, "%s", (const char *)sqlite3_column_text(st_field, 0));
        if (strcmp(f.type, "text") == 0)
            f.text = strdup((const char *)sqlite3_column_text(st_field, 1));
        else if (strcmp(f.type, "integer") == 0)
            f.ival = sqlite3_column_int64(st_field, 1);
        else if (strcmp(f.type, "real") == 0)
            f.rval = sqlite3_column_double(st_field, 1);
    }
    sqlite3_reset(st_field);
    return f;
}

/* Text of a string field, or NULL when missing or not a string. */
static char *get_text(const char *line, const char *key)
{
    struct field f = get_field(line, key);
    return f.text;
}

/* ---- reading a file into lines ---- */

struct lines {
    char **v;
    size_t n;
    int readable;
};

static struct lines read_lines(const char *path)
{
    struct lines L = {NULL, 0, 0};
    FILE *fp = fopen(path, "r");
    char *buf = NULL;
    size_t cap = 0, alloc = 0;
    ssize_t len;
    if (!fp)
        return L;
    L.readable = 1;
    while ((len = getline(&buf, &cap, fp)) >= 0) {
        if (len > 0 && buf[len - 1] == '\n')
            buf[--len] = '\0';
        if (L.n == alloc) {
            alloc = alloc ? alloc * 2 : 64;
            L.v = realloc(L.v, alloc * sizeof *L.v);
            if (!L.v) {
                perror("realloc");
                exit(2);
            }
        }
        L.v[L.n++] = strdup(buf);
    }
    free(buf);
    fclose(fp);
    return L;
}

static void free_lines(struct lines *L)
{
    size_t i;
    for (i = 0; i < L->n; i++)
        free(L->v[i]);
    free(L->v);
    L->v = NULL;
    L->n = 0;
}

/* The record's id for diagnostics, or "line N" when it has none. */
static void record_name(const char *line, size_t lineno, char *out, size_t n)
{
    char *id = is_object(line) ? get_text(line, "id") : NULL;
    if (id && *id)
        snprintf(out, n, "%s", id);
    else
        snprintf(out, n, "line %zu", lineno + 1);
    free(id);
}

/* ---- dates and times ---- */

static int digits(const char *s, int n, int *out)
{
    int i, v = 0;
    for (i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 1;
}

static int real_day(int y, int m, int d)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1)
        return 0;
    return d <= mdays[m - 1] + (m == 2 && leap);
}

/* "YYYY-MM-DD" at s (exactly 10 characters are read). */
static int ymd_at(const char *s)
{
    int y, m, d;
    return strlen(s) >= 10 && digits(s, 4, &y) && s[4] == '-' && digits(s + 5, 2, &m) &&
           s[7] == '-' && digits(s + 8, 2, &d) && real_day(y, m, d);
}

static int valid_ymd(const char *s)
{
    return s && strlen(s) == 10 && ymd_at(s);
}

/* "YYYY-MM": events may give only a month when the day is unknown. */
static int valid_ym(const char *s)
{
    int y, m;
    return s && strlen(s) == 7 && digits(s, 4, &y) && s[4] == '-' && digits(s + 5, 2, &m) &&
           y >= 1900 && y <= 2100 && m >= 1 && m <= 12;
}

static int hhmm_at(const char *s)
{
    int h, m;
    return digits(s, 2, &h) && s[2] == ':' && digits(s + 3, 2, &m) && h <= 23 && m <= 59;
}

static int valid_hhmm(const char *s)
{
    return s && strlen(s) == 5 && hhmm_at(s);
}

/* "+HH:MM" / "-HH:MM", within the range real zones use. */
static int valid_offset(const char *s)
{
    int h, m;
    return s && strlen(s) == 6 && (s[0] == '+' || s[0] == '-') && digits(s + 1, 2, &h) &&
           s[3] == ':' && digits(s + 4, 2, &m) && h <= 14 && m <= 59;
}

/* Post times: "YYYY-MM-DDTHH:MM[:SS]" followed by "Z" or "+HH:MM"/"-HH:MM". */
static int valid_post_time(const char *s)
{
    const char *p;
    int sec;
    if (!s || strlen(s) < 17 || !ymd_at(s) || s[10] != 'T' || !hhmm_at(s + 11))
        return 0;
    p = s + 16;
    if (*p == ':') {
        if (!digits(p + 1, 2, &sec) || sec > 59)
            return 0;
        p += 3;
    }
    return strcmp(p, "Z") == 0 || valid_offset(p);
}

/* ---- small helpers ---- */

static int in_set(const char *s, const char *const *set)
{
    for (; s && *set; set++)
        if (strcmp(s, *set) == 0)
            return 1;
    return 0;
}

static int columns(const char *s)
{
    return u8_strwidth((const uint8_t *)s, "UTF-8");
}

/* Paragraphs are separated by blank lines ("\n\n"). */
static int paragraphs(const char *s)
{
    int n = 1;
    const char *p = s;
    while ((p = strstr(p, "\n\n")) != NULL) {
        n++;
        p += 2;
    }
    return n;
}

/* Records id under scope; returns 0 if it was already there. */
static int first_sighting(const char *scope, const char *id)
{
    sqlite3_reset(st_seen);
    sqlite3_bind_text(st_seen, 1, scope, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st_seen, 2, id, -1, SQLITE_TRANSIENT);
    sqlite3_step(st_seen);
    sqlite3_reset(st_seen);
    return sqlite3_changes(db) > 0;
}

/* ---- checks shared by every kind of file ---- */

struct spec {
    const char *label;             /* "events", "figures", "posts" */
    const char *const *allowed;    /* every key the format lists */
    const char *const *required;   /* keys that must be present */
};

/* Structural checks: valid UTF-8 JSON objects, known keys, required keys. */
static void check_structure(const struct spec *sp, struct lines *files, size_t nfiles,
                            const char *const *names)
{
    struct check c_json = {0}, c_keys = {0}, c_req = {0};
    char name[200], msg[120];
    size_t f, i;
    for (f = 0; f < nfiles; f++) {
        for (i = 0; i < files[f].n; i++) {
            const char *line = files[f].v[i];
            const char *const *k;
            if (u8_check((const uint8_t *)line, strlen(line)) != NULL || strchr(line, '\r') ||
                !is_object(line)) {
                snprintf(name, sizeof name, "%s line %zu", names[f], i + 1);
                check_fail(&c_json, name, "not a single-line UTF-8 JSON object");
                continue;
            }
            record_name(line, i, name, sizeof name);
            bind_line(st_keys, line);
            while (sqlite3_step(st_keys) == SQLITE_ROW) {
                const char *key = (const char *)sqlite3_column_text(st_keys, 0);
                if (!in_set(key, sp->allowed)) {
                    snprintf(msg, sizeof msg, "unknown key \"%s\"", key);
                    check_fail(&c_keys, name, "%s", msg);
                }
            }
            sqlite3_reset(st_keys);
            for (k = sp->required; *k; k++) {
                struct field fl = get_field(line, *k);
                if (!fl.type[0] || strcmp(fl.type, "null") == 0)
                    check_fail(&c_req, name, "missing \"%s\"", *k);
                free(fl.text);
            }
        }
    }
    snprintf(msg, sizeof msg, "%s: every line is a valid JSON object", sp->label);
    check_report(&c_json, msg);
    snprintf(msg, sizeof msg, "%s: only keys the format allows", sp->label);
    check_report(&c_keys, msg);
    snprintf(msg, sizeof msg, "%s: required keys present", sp->label);
    check_report(&c_req, msg);
}

/* Ids unique within the file. */
static void check_unique_ids(const char *label, const struct lines *L)
{
    struct check c = {0};
    char name[200], msg[120];
    size_t i;
    for (i = 0; i < L->n; i++) {
        char *id;
        if (!is_object(L->v[i]))
            continue;
        id = get_text(L->v[i], "id");
        record_name(L->v[i], i, name, sizeof name);
        if (!id || !*id)
            check_fail(&c, name, "no string id");
        else if (!first_sighting(label, id))
            check_fail(&c, name, "duplicate id");
        free(id);
    }
    snprintf(msg, sizeof msg, "%s: ids are unique", label);
    check_report(&c, msg);
}

/* Every record has >= 1 source; each source is an object with a publisher,
 * only the four source keys, a real date and an http(s) url when given. */
static void check_sources(const char *label, const struct lines *L)
{
    struct check c = {0};
    char name[200], msg[120];
    size_t i;
    for (i = 0; i < L->n; i++) {
        const char *line = L->v[i];
        struct field arr;
        int n = 0;
        if (!is_object(line))
            continue;
        record_name(line, i, name, sizeof name);
        arr = get_field(line, "sources");
        if (strcmp(arr.type, "array") != 0) {
            check_fail(&c, name, "sources is not an array");
            free(arr.text);
            continue;
        }
        bind_line(st_sources, line);
        while (sqlite3_step(st_sources) == SQLITE_ROW) {
            const char *type = (const char *)sqlite3_column_text(st_sources, 0);
            const char *ptype = (const char *)sqlite3_column_text(st_sources, 1);
            const char *pub = (const char *)sqlite3_column_text(st_sources, 2);
            const char *dtype = (const char *)sqlite3_column_text(st_sources, 3);
            const char *date = (const char *)sqlite3_column_text(st_sources, 4);
            const char *utype = (const char *)sqlite3_column_text(st_sources, 5);
            const char *url = (const char *)sqlite3_column_text(st_sources, 6);
            const char *ttype = (const char *)sqlite3_column_text(st_sources, 7);
            int extra = sqlite3_column_int(st_sources, 8);
            n++;
            if (!type || strcmp(type, "object") != 0) {
                check_fail(&c, name, "source %d is not an object", n);
                continue;
            }
            if (!ptype || strcmp(ptype, "text") != 0 || !pub || !*pub)
                check_fail(&c, name, "source %d has no publisher", n);
            if (extra)
                check_fail(&c, name, "source %d has keys other than publisher/title/date/url", n);
            if (dtype && (strcmp(dtype, "text") != 0 || !valid_ymd(date)))
                check_fail(&c, name, "source %d date is not YYYY-MM-DD", n);
            if (ttype && strcmp(ttype, "text") != 0)
                check_fail(&c, name, "source %d title is not a string", n);
            if (utype && (strcmp(utype, "text") != 0 || !url ||
                          (strncmp(url, "https://", 8) != 0 && strncmp(url, "http://", 7) != 0)))
                check_fail(&c, name, "source %d url is not http(s)", n);
        }
        sqlite3_reset(st_sources);
        if (n == 0)
            check_fail(&c, name, "no sources");
    }
    snprintf(msg, sizeof msg, "%s: every record has >= 1 source with a publisher", label);
    check_report(&c, msg);
}

static const char *const confidences[] = {"high", "medium", "low", NULL};

static void check_confidence(const char *label, const struct lines *L)
{
    struct check c = {0};
    char name[200], msg[120];
    size_t i;
    for (i = 0; i < L->n; i++) {
        char *v;
        if (!is_object(L->v[i]))
            continue;
        record_name(L->v[i], i, name, sizeof name);
        v = get_text(L->v[i], "confidence");
        if (!in_set(v, confidences))
            check_fail(&c, name, "confidence \"%s\"", v ? v : "(none)");
        free(v);
    }
    snprintf(msg, sizeof msg, "%s: confidence is high, medium or low", label);
    check_report(&c, msg);
}

/* Both keys are strings of at most MAX_COLUMNS terminal columns. */
static void check_widths(const char *label, const struct lines *L, const char *k1, const char *k2)
{
    struct check c = {0};
    char name[200], msg[120];
    const char *keys[2];
    size_t i;
    int j;
    keys[0] = k1;
    keys[1] = k2;
    for (i = 0; i < L->n; i++) {
        if (!is_object(L->v[i]))
            continue;
        record_name(L->v[i], i, name, sizeof name);
        for (j = 0; j < 2; j++) {
            char *s = get_text(L->v[i], keys[j]);
            if (!s || !*s)
                check_fail(&c, name, "%s missing or empty", keys[j]);
            else if (columns(s) > MAX_COLUMNS)
                check_fail(&c, name, "%s is %d columns", keys[j], columns(s));
            free(s);
        }
    }
    snprintf(msg, sizeof msg, "%s: %s and %s fit in %d columns", label, k1, k2, MAX_COLUMNS);
    check_report(&c, msg);
}

/* ---- events.jsonl ---- */

static const char *const event_keys[] = {
    "id", "date", "time", "utc_offset", "tz", "kind", "title_en", "title_zh", "summary_en",
    "summary_zh", "confidence", "importance", "notes", "sources", NULL};
static const char *const event_required[] = {
    "id", "date", "kind", "title_en", "title_zh", "summary_en", "summary_zh",
    "confidence", "importance", "sources", NULL};
static const char *const event_kinds[] = {
    "executive-order", "legislation", "court-ruling", "ban", "outage", "restoration",
    "hearing", "report", "platform", "migration", "deal", NULL};

/* Event ids stay in the "events" scope of the seen table, so the figures'
 * event_id check can look them up. */
static void check_events(const char *dir)
{
    static const struct spec sp = {"events", event_keys, event_required};
    char path[4096], name[200];
    const char *fname = "events.jsonl";
    struct lines L;
    struct check c_date = {0}, c_order = {0}, c_kind = {0}, c_imp = {0}, c_sum = {0};
    char prev[64] = "";
    size_t i;

    snprintf(path, sizeof path, "%s/events.jsonl", dir);
    L = read_lines(path);
    if (!ok(L.readable && L.n > 0, "events: %s is readable and not empty", path))
        tap_diag("  set REFUGE_ASSETS_DIR to the assets/data directory");

    check_structure(&sp, &L, 1, &fname);
    check_unique_ids("events", &L);
    check_sources("events", &L);

    for (i = 0; i < L.n; i++) {
        const char *line = L.v[i];
        char *date, *time, *off, *tz, *kind, *s_en, *s_zh;
        struct field imp;
        char key[64];
        if (!is_object(line))
            continue;
        record_name(line, i, name, sizeof name);
        date = get_text(line, "date");
        time = get_text(line, "time");
        off = get_text(line, "utc_offset");
        tz = get_text(line, "tz");
        kind = get_text(line, "kind");
        s_en = get_text(line, "summary_en");
        s_zh = get_text(line, "summary_zh");
        imp = get_field(line, "importance");

        if (!valid_ymd(date) && !valid_ym(date))
            check_fail(&c_date, name, "date \"%s\" is not a real YYYY-MM-DD or YYYY-MM", date ? date : "(none)");
        if (time && !valid_hhmm(time))
            check_fail(&c_date, name, "time \"%s\" is not HH:MM", time);
        if (time && !valid_offset(off))
            check_fail(&c_date, name, "time without a valid utc_offset");
        if (time && (!tz || !*tz))
            check_fail(&c_date, name, "time without tz");
        if (time && date && !valid_ymd(date))
            check_fail(&c_date, name, "time given with a month-only date");

        /* Sorted by date, then time; a record without a time sorts first. */
        snprintf(key, sizeof key, "%s %s", date ? date : "", time ? time : "");
        if (strcmp(key, prev) < 0)
            check_fail(&c_order, name, "\"%s\" comes after \"%s\"", key, prev);
        snprintf(prev, sizeof prev, "%s", key);

        if (!in_set(kind, event_kinds))
            check_fail(&c_kind, name, "kind \"%s\"", kind ? kind : "(none)");
        if (strcmp(imp.type, "integer") != 0 || imp.ival < 1 || imp.ival > 3)
            check_fail(&c_imp, name, "importance is not 1, 2 or 3");
        if (!s_en || !*s_en)
            check_fail(&c_sum, name, "summary_en empty");
        if (!s_zh || !*s_zh)
            check_fail(&c_sum, name, "summary_zh empty");

        free(date);
        free(time);
        free(off);
        free(tz);
        free(kind);
        free(s_en);
        free(s_zh);
        free(imp.text);
    }
    check_report(&c_date, "events: dates are real dates; times are HH:MM with utc_offset and tz");
    check_report(&c_order, "events: sorted by date then time");
    check_report(&c_kind, "events: kind is in the allowed set");
    check_confidence("events", &L);
    check_report(&c_imp, "events: importance is 1, 2 or 3");
    check_widths("events", &L, "title_en", "title_zh");
    check_report(&c_sum, "events: summaries non-empty in both languages");
    ok(L.n >= MIN_EVENTS, "events: at least %d events (found %zu)", MIN_EVENTS, L.n);

    free_lines(&L);
}

/* ---- figures.jsonl ---- */

static const char *const figure_keys[] = {
    "id", "series", "label_en", "label_zh", "value", "qualifier", "unit", "as_of",
    "utc_offset", "tz", "confidence", "event_id", "notes", "sources", NULL};
static const char *const figure_required[] = {
    "id", "series", "label_en", "label_zh", "value", "unit", "as_of", "confidence",
    "sources", NULL};
static const char *const figure_units[] = {
    "notes", "posts", "views", "discussions", "comments", "users", "daily-active-users",
    "downloads", "rank", "votes", "percent", "days", "usd", "businesses", NULL};
static const char *const qualifiers[] = {"over", "about", "under", NULL};

/* Returns 1 when id names an event already recorded by check_events. */
static int known_event(const char *id)
{
    sqlite3_stmt *st = prepare("SELECT 1 FROM seen WHERE scope = 'events' AND id = ?1");
    int r;
    sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
    r = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
    return r;
}

static void check_figures(const char *dir)
{
    static const struct spec sp = {"figures", figure_keys, figure_required};
    char path[4096], name[200];
    const char *fname = "figures.jsonl";
    struct lines L;
    struct check c_date = {0}, c_order = {0}, c_val = {0}, c_event = {0};
    char prev[64] = "";
    size_t i;

    snprintf(path, sizeof path, "%s/figures.jsonl", dir);
    L = read_lines(path);
    ok(L.readable && L.n > 0, "figures: %s is readable and not empty", path);

    check_structure(&sp, &L, 1, &fname);
    check_unique_ids("figures", &L);
    check_sources("figures", &L);

    for (i = 0; i < L.n; i++) {
        const char *line = L.v[i];
        char *as_of, *off, *tz, *unit, *qual, *ev, *series;
        struct field val;
        if (!is_object(line))
            continue;
        record_name(line, i, name, sizeof name);
        as_of = get_text(line, "as_of");
        off = get_text(line, "utc_offset");
        tz = get_text(line, "tz");
        unit = get_text(line, "unit");
        qual = get_text(line, "qualifier");
        ev = get_text(line, "event_id");
        series = get_text(line, "series");
        val = get_field(line, "value");

        /* as_of is "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM" with utc_offset and tz. */
        if (!as_of || !ymd_at(as_of) ||
            !(strlen(as_of) == 10 || (strlen(as_of) == 16 && as_of[10] == 'T' && hhmm_at(as_of + 11))))
            check_fail(&c_date, name, "as_of \"%s\" is not a real date (and time)", as_of ? as_of : "(none)");
        else if (strlen(as_of) == 16 && (!valid_offset(off) || !tz || !*tz))
            check_fail(&c_date, name, "as_of has a time but no valid utc_offset/tz");

        if (as_of && strcmp(as_of, prev) < 0)
            check_fail(&c_order, name, "\"%s\" comes after \"%s\"", as_of, prev);
        snprintf(prev, sizeof prev, "%s", as_of ? as_of : "");

        if (strcmp(val.type, "integer") != 0 && strcmp(val.type, "real") != 0)
            check_fail(&c_val, name, "value is not a number");
        if (!in_set(unit, figure_units))
            check_fail(&c_val, name, "unit \"%s\"", unit ? unit : "(none)");
        if (qual && !in_set(qual, qualifiers))
            check_fail(&c_val, name, "qualifier \"%s\"", qual);
        if (!series || !*series)
            check_fail(&c_val, name, "series empty");

        if (ev && !known_event(ev))
            check_fail(&c_event, name, "event_id \"%s\" is not an event", ev);

        free(as_of);
        free(off);
        free(tz);
        free(unit);
        free(qual);
        free(ev);
        free(series);
        free(val.text);
    }
    check_report(&c_date, "figures: as_of is a real date; a time has utc_offset and tz");
    check_report(&c_order, "figures: sorted by as_of");
    check_report(&c_val, "figures: numeric value, known unit and qualifier, non-empty series");
    check_confidence("figures", &L);
    check_widths("figures", &L, "label_en", "label_zh");
    check_report(&c_event, "figures: every event_id names an event");
    ok(L.n >= MIN_FIGURES, "figures: at least %d figures (found %zu)", MIN_FIGURES, L.n);
    free_lines(&L);
}

/* ---- posts-*.jsonl (written by others; any number of files) ---- */

static const char *const post_keys[] = {
    "id", "platform", "author", "region", "lang", "time", "text", "translation",
    "translation_kind", "likes", "comments", "collects", "shares", "tags", "url",
    "provenance", "source", "note", NULL};
static const char *const post_required[] = {
    "id", "platform", "author", "lang", "time", "text", "translation", "translation_kind",
    "likes", "comments", "collects", "shares", "tags", "provenance", NULL};
static const char *const platforms[] = {"xiaohongshu", "tiktok", "lemon8", "x", NULL};
static const char *const langs[] = {"zh", "en", NULL};
static const char *const provenances[] = {"quoted", "illustrative", NULL};
static const char *const counts[] = {"likes", "comments", "collects", "shares", NULL};

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* File names matching posts-*.jsonl in dir, sorted; returns how many. */
static size_t find_posts_files(const char *dir, char ***out)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char **names = NULL;
    size_t n = 0;
    if (!d) {
        *out = NULL;
        return 0;
    }
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len > 12 && strncmp(e->d_name, "posts-", 6) == 0 &&
            strcmp(e->d_name + len - 6, ".jsonl") == 0) {
            names = realloc(names, (n + 1) * sizeof *names);
            if (!names) {
                perror("realloc");
                exit(2);
            }
            names[n++] = strdup(e->d_name);
        }
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, compare_names);
    *out = names;
    return n;
}

static void check_posts(const char *dir)
{
    static const struct spec sp = {"posts", post_keys, post_required};
    char **names;
    size_t nfiles = find_posts_files(dir, &names), f, i, total = 0, n_zh = 0, n_en = 0;
    struct lines *files = calloc(nfiles ? nfiles : 1, sizeof *files);
    struct check c_ids = {0}, c_plat = {0}, c_text = {0}, c_para = {0}, c_lang = {0},
                 c_prov = {0}, c_kind = {0}, c_time = {0}, c_eng = {0};
    char path[4096], name[300];
    sqlite3_stmt *busiest;

    if (!ok(nfiles > 0, "posts: posts-*.jsonl files found in %s", dir))
        tap_diag("  the posts checks below run over no posts");
    for (f = 0; f < nfiles; f++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[f]);
        files[f] = read_lines(path);
        tap_diag("%s: %zu lines", names[f], files[f].n);
    }
    check_structure(&sp, files, nfiles, (const char *const *)names);

    for (f = 0; f < nfiles; f++) {
        for (i = 0; i < files[f].n; i++) {
            const char *line = files[f].v[i];
            char *id, *plat, *lang, *prov, *src, *url, *kind, *time, *text, *tr;
            const char *const *k;
            char scope[64];
            if (!is_object(line))
                continue;
            total++;
            id = get_text(line, "id");
            plat = get_text(line, "platform");
            lang = get_text(line, "lang");
            prov = get_text(line, "provenance");
            src = get_text(line, "source");
            url = get_text(line, "url");
            kind = get_text(line, "translation_kind");
            time = get_text(line, "time");
            text = get_text(line, "text");
            tr = get_text(line, "translation");
            snprintf(name, sizeof name, "%s %s/%s", names[f], plat ? plat : "?", id ? id : "?");

            /* Ids are unique per platform, across all posts files. */
            snprintf(scope, sizeof scope, "post:%s", plat ? plat : "");
            if (!id || !*id)
                check_fail(&c_ids, name, "no id");
            else if (!first_sighting(scope, id))
                check_fail(&c_ids, name, "duplicate platform+id");
            if (!in_set(plat, platforms))
                check_fail(&c_plat, name, "platform \"%s\"", plat ? plat : "(none)");
            if (!text || !*text || !tr || !*tr)
                check_fail(&c_text, name, "text or translation empty");
            else if (paragraphs(text) != paragraphs(tr))
                check_fail(&c_para, name, "%d paragraphs in text, %d in translation",
                           paragraphs(text), paragraphs(tr));
            if (!in_set(lang, langs))
                check_fail(&c_lang, name, "lang \"%s\"", lang ? lang : "(none)");
            else if (strcmp(lang, "zh") == 0)
                n_zh++;
            else
                n_en++;
            if (!in_set(prov, provenances))
                check_fail(&c_prov, name, "provenance \"%s\"", prov ? prov : "(none)");
            else if (strcmp(prov, "quoted") == 0 && (!src || !*src))
                check_fail(&c_prov, name, "quoted post without a source");
            else if (strcmp(prov, "illustrative") == 0 && url)
                check_fail(&c_prov, name, "illustrative post with a url");
            if (!kind || strcmp(kind, "human") != 0)
                check_fail(&c_kind, name, "translation_kind \"%s\"", kind ? kind : "(none)");

            /* The window is checked on the local date as written. */
            if (!valid_post_time(time)) {
                check_fail(&c_time, name, "time \"%s\" is not ISO 8601 with an offset", time ? time : "(none)");
            } else if (strncmp(time, "2025-01-10", 10) < 0 || strncmp(time, "2025-03-31", 10) > 0) {
                check_fail(&c_time, name, "time %s is outside 2025-01-10..2025-03-31", time);
            } else {
                /* SQLite's date() applies the offset, giving the UTC day. */
                bind_line(st_utcdate, time);
                if (sqlite3_step(st_utcdate) == SQLITE_ROW &&
                    sqlite3_column_type(st_utcdate, 0) == SQLITE_TEXT) {
                    sqlite3_reset(st_day);
                    sqlite3_bind_text(st_day, 1, (const char *)sqlite3_column_text(st_utcdate, 0), -1,
                                      SQLITE_TRANSIENT);
                    sqlite3_step(st_day);
                    sqlite3_reset(st_day);
                }
                sqlite3_reset(st_utcdate);
            }

            for (k = counts; *k; k++) {
                struct field fl = get_field(line, *k);
                if (strcmp(fl.type, "integer") != 0 || fl.ival < 0)
                    check_fail(&c_eng, name, "%s is not a non-negative integer", *k);
                free(fl.text);
            }
            {
                struct field tags = get_field(line, "tags");
                int bad = 1;
                if (strcmp(tags.type, "array") == 0) {
                    bind_line(st_badtags, line);
                    bad = sqlite3_step(st_badtags) != SQLITE_ROW || sqlite3_column_int(st_badtags, 0);
                    sqlite3_reset(st_badtags);
                }
                if (bad)
                    check_fail(&c_eng, name, "tags is not an array of strings");
                free(tags.text);
            }

            free(id);
            free(plat);
            free(lang);
            free(prov);
            free(src);
            free(url);
            free(kind);
            free(time);
            free(text);
            free(tr);
        }
    }
    check_report(&c_ids, "posts: ids unique per platform");
    check_report(&c_plat, "posts: platform is xiaohongshu, tiktok, lemon8 or x");
    check_report(&c_text, "posts: text and translation non-empty");
    check_report(&c_para, "posts: translation has as many paragraphs as text");
    check_report(&c_lang, "posts: lang is zh or en");
    check_report(&c_prov, "posts: provenance quoted|illustrative; quoted posts have a source");
    check_report(&c_kind, "posts: translation_kind is human");
    check_report(&c_time, "posts: time valid and within 2025-01-10..2025-03-31");
    check_report(&c_eng, "posts: engagement counts are integers >= 0; tags are strings");

    ok(total >= MIN_POSTS, "posts: at least %d posts (found %zu)", MIN_POSTS, total);
    /* Each language between 40% and 60% of all posts, in integer arithmetic. */
    ok(total > 0 && n_zh * 100 >= total * 40 && n_zh * 100 <= total * 60,
       "posts: zh share between 40%% and 60%% (%zu of %zu)", n_zh, total);
    ok(total > 0 && n_en * 100 >= total * 40 && n_en * 100 <= total * 60,
       "posts: en share between 40%% and 60%% (%zu of %zu)", n_en, total);

    busiest = prepare("SELECT day, count(*) AS n FROM post_day GROUP BY day ORDER BY n DESC, day LIMIT 1");
    if (sqlite3_step(busiest) == SQLITE_ROW) {
        const char *day = (const char *)sqlite3_column_text(busiest, 0);
        ok(strcmp(day, "2025-01-13") >= 0 && strcmp(day, "2025-01-20") <= 0,
           "posts: busiest UTC day %s (%d posts) is within 2025-01-13..2025-01-20", day,
           sqlite3_column_int(busiest, 1));
    } else {
        ok(0, "posts: busiest UTC day is within 2025-01-13..2025-01-20 (no dated posts)");
    }
    sqlite3_finalize(busiest);

    for (f = 0; f < nfiles; f++) {
        free_lines(&files[f]);
        free(names[f]);
    }
    free(files);
    free(names);
}

/* ---- corrections that must not come back (events, figures, posts) ----
 *
 * An audit of the bundled data against public reporting found wrong dates,
 * a vote count left out, an unsourced figure, mistranslations and author
 * names that read as real people or shops. These checks pin the corrected
 * facts so an edit cannot quietly undo them. */

/* The line whose "id" is id, or NULL. */
static const char *find_record(const struct lines *L, const char *id)
{
    size_t i;
    for (i = 0; i < L->n; i++) {
        char *v = is_object(L->v[i]) ? get_text(L->v[i], "id") : NULL;
        int hit = v && strcmp(v, id) == 0;
        free(v);
        if (hit)
            return L->v[i];
    }
    return NULL;
}

/* 1 when the record's field is a string containing needle. */
static int field_has(const char *line, const char *key, const char *needle)
{
    char *v = line ? get_text(line, key) : NULL;
    int r = v && strstr(v, needle) != NULL;
    free(v);
    return r;
}

static int field_is(const char *line, const char *key, const char *want)
{
    char *v = line ? get_text(line, key) : NULL;
    int r = v && strcmp(v, want) == 0;
    free(v);
    return r;
}

/* Sources with a publisher and an http(s) url. */
static int sources_with_url(const char *line)
{
    sqlite3_stmt *st = prepare(
        "SELECT count(*) FROM json_each(?1, '$.sources') AS s WHERE s.type = 'object'"
        " AND coalesce(json_extract(s.value, '$.publisher'), '') <> ''"
        " AND (json_extract(s.value, '$.url') LIKE 'https://%'"
        "      OR json_extract(s.value, '$.url') LIKE 'http://%')");
    int n = 0;
    sqlite3_bind_text(st, 1, line, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return n;
}

/* An illustrative author reads as a real person or shop when it has an
 * @handle, a shop word, an honorific with a surname, a "First X." initial,
 * or (on X, where display names are names) exactly two capitalised words. */
static const char *realistic_author(const char *author, const char *platform)
{
    static const char *const shop_words[] = {
        " Co.", "LLC", "Inc.", "Bakery", "bakery", "Candle", "candles", "Jewelry", "jewelry",
        "Shop", "Boutique", "Salon", "Studio", NULL};
    static const char *const honorifics[] = {"Mr. ", "Mrs. ", "Ms. ", "Dr. ", NULL};
    const char *const *w;
    const char *p;
    if (strchr(author, '@'))
        return "has an @handle";
    for (w = shop_words; *w; w++)
        if (strstr(author, *w))
            return "reads as a shop";
    for (w = honorifics; *w; w++) {
        p = strstr(author, *w);
        if (p && p[strlen(*w)] >= 'A' && p[strlen(*w)] <= 'Z')
            return "honorific with a surname";
    }
    /* "First X." anywhere: a capitalised word, a space, a capital, a dot. */
    for (p = author; *p; p++) {
        if (p[0] >= 'a' && p[0] <= 'z' && p[1] == ' ' && p[2] >= 'A' && p[2] <= 'Z' &&
            p[3] == '.')
            return "first name and initial";
    }
    if (platform && strcmp(platform, "x") == 0) {
        int words = 0, caps = 0, in_word = 0;
        for (p = author; *p; p++) {
            if (*p == ' ') {
                in_word = 0;
            } else if (!in_word) {
                in_word = 1;
                words++;
                caps += *p >= 'A' && *p <= 'Z';
            }
        }
        if (words == 2 && caps == 2)
            return "a first and last name on X";
    }
    return NULL;
}

static void check_corrections(const char *dir)
{
    static const char *const added[] = {
        "2024-12-27-trump-amicus-brief",   "2025-01-20-china-fm-companies-decide",
        "2025-12-25-mofcom-tiktok-comment", "2026-01-23-lawmakers-demand-scrutiny",
        "2026-01-25-us-data-centre-outage", "2026-01-26-newsom-tiktok-review",
        "2026-02-tiktok-us-usage-holds",   "2026-02-01-tiktok-us-service-restored",
        "2026-04-rednote-splits-international-users", NULL};
    /* Chinese wording that misleads: a deputy attorney general is not the
     * Solicitor General (首席政府律师); a preliminary injunction is not
     * winning the suit; a bare 难民话题 reads as a topic about real
     * refugees (write “TikTok难民”话题). */
    static const char *const bad_zh[] = {"副总检察长", "起诉获胜", "难民话题", NULL};
    static const char *const zh_keys[] = {"title_zh", "summary_zh", "label_zh", "translation",
                                          "text", NULL};
    /* Chinese phrase in a post, and what its English translation must say. */
    static const struct {
        const char *zh, *en_must, *en_must_not;
    } phrases[] = {
        {"大唐不夜城", "Tang-style", "Mall"},
        {"新年快了", "almost New Year", "gone fast"},
        {"半天不到", "less than half a day", NULL},
        {"十几美元", "ten-odd dollars", NULL},
    };
    struct lines ev, fig, *posts;
    struct check c_zh = {0}, c_auth = {0}, c_tr = {0}, c_new = {0};
    char path[4096], name[300], **names;
    const char *r;
    const char *const *k;
    size_t nfiles, f, i, j;

    snprintf(path, sizeof path, "%s/events.jsonl", dir);
    ev = read_lines(path);
    snprintf(path, sizeof path, "%s/figures.jsonl", dir);
    fig = read_lines(path);

    r = find_record(&ev, "2020-08-14-divestment-order");
    ok(field_has(r, "summary_en", "90 days") && field_has(r, "summary_en", "12 November 2020") &&
           !field_has(r, "summary_en", "14 November") && field_has(r, "notes", "Variety"),
       "corrections: the August 2020 divestment order gave 90 days, to 12 November 2020");
    r = find_record(&ev, "2024-03-07-committee-advances-hr7521");
    ok(field_has(r, "title_en", "50-0") && field_has(r, "summary_en", "50-0") &&
           field_is(r, "confidence", "high"),
       "corrections: Energy and Commerce advanced H.R. 7521 by 50-0 (high)");
    r = find_record(&ev, "2024-12-13-dc-circuit-denies-pause");
    ok(field_is(r, "confidence", "high") && field_has(r, "notes", "Volokh") && sources_with_url(r) >= 2,
       "corrections: the D.C. Circuit's 13 December denial is rated high, with AP and Volokh");
    r = find_record(&ev, "2025-01-13-tiktok-refugees-surge");
    ok(r && !field_has(r, "title_en", "No. 1") && !field_has(r, "title_zh", "登顶") &&
           field_has(r, "summary_en", "Tuesday 14 January") && field_has(r, "summary_en", "Lemon8"),
       "corrections: the 13 January event does not claim No. 1; Xiaohongshu led on Tuesday 14 January");
    r = find_record(&ev, "2026-01-22-jv-deal-closes");
    ok(field_has(r, "summary_en", "25 December 2025") && field_has(r, "summary_zh", "商务部"),
       "corrections: the deal's closing cites the commerce ministry's 25 December 2025 comment");
    for (k = added; *k; k++) {
        r = find_record(&ev, *k);
        if (!r)
            check_fail(&c_new, *k, "missing");
        else if (sources_with_url(r) < 2)
            check_fail(&c_new, *k, "fewer than two sources with a publisher and a url");
        else {
            char *date = get_text(r, "date");
            /* The id begins with the date, "YYYY-MM-DD" or "YYYY-MM". */
            if (!date || strncmp(date, *k, strlen(date)) != 0 || (*k)[strlen(date)] != '-')
                check_fail(&c_new, *k, "date does not match the id");
            free(date);
        }
    }
    check_report(&c_new, "corrections: the added events exist, dated as their ids, each with two or more sourced urls");

    r = find_record(&fig, "lemon8-downloads-2024-12");
    {
        struct field v = r ? get_field(r, "value") : (struct field){{0}, NULL, 0, 0};
        ok(r && !field_is(r, "confidence", "high") && field_is(r, "unit", "percent") &&
               strcmp(v.type, "integer") == 0 && v.ival == 150 && field_has(r, "notes", "Sensor Tower"),
           "corrections: Lemon8's December figure is Sensor Tower's +150%%, not an unsourced +190%% rated high");
        free(v.text);
    }
    r = find_record(&fig, "cat-tax-views-seed");
    ok(r && !field_is(r, "qualifier", "about") && field_has(r, "notes", "nearly 94 million"),
       "corrections: the seed's \"nearly 94 million\" cat-tax views are not \"about\"");
    r = find_record(&fig, "tiktokrefugee-views-2025-01-14-cnbc");
    ok(field_has(r, "label_en", "Bloomberg") && sources_with_url(r) >= 1,
       "corrections: the >25 million #tiktokrefugee views are credited to Bloomberg");

    nfiles = find_posts_files(dir, &names);
    posts = calloc(nfiles ? nfiles : 1, sizeof *posts);
    for (f = 0; f < nfiles; f++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[f]);
        posts[f] = read_lines(path);
    }
    {
        const struct lines *all[64];
        size_t nall = 0;
        all[nall++] = &ev;
        all[nall++] = &fig;
        for (f = 0; f < nfiles && nall < 64; f++)
            all[nall++] = &posts[f];
        for (j = 0; j < nall; j++) {
            for (i = 0; i < all[j]->n; i++) {
                const char *line = all[j]->v[i];
                const char *const *b;
                if (!is_object(line))
                    continue;
                record_name(line, i, name, sizeof name);
                for (k = zh_keys; *k; k++)
                    for (b = bad_zh; *b; b++)
                        if (field_has(line, *k, *b))
                            check_fail(&c_zh, name, "%s has %s", *k, *b);
            }
        }
    }
    check_report(&c_zh, "corrections: no 副总检察长, no 起诉获胜, no bare 难民话题");

    for (f = 0; f < nfiles; f++) {
        for (i = 0; i < posts[f].n; i++) {
            const char *line = posts[f].v[i];
            char *author, *plat, *text, *tr;
            const char *why;
            if (!is_object(line) || !field_is(line, "provenance", "illustrative"))
                continue;
            record_name(line, i, name, sizeof name);
            author = get_text(line, "author");
            plat = get_text(line, "platform");
            text = get_text(line, "text");
            tr = get_text(line, "translation");
            why = author ? realistic_author(author, plat) : NULL;
            if (why)
                check_fail(&c_auth, name, "author \"%s\" %s", author, why);
            for (j = 0; j < sizeof phrases / sizeof phrases[0]; j++) {
                if (!text || !tr || !strstr(text, phrases[j].zh))
                    continue;
                if (!strstr(tr, phrases[j].en_must))
                    check_fail(&c_tr, name, "%s not rendered as \"%s\"", phrases[j].zh, phrases[j].en_must);
                if (phrases[j].en_must_not && strstr(tr, phrases[j].en_must_not))
                    check_fail(&c_tr, name, "%s rendered with \"%s\"", phrases[j].zh, phrases[j].en_must_not);
            }
            free(author);
            free(plat);
            free(text);
            free(tr);
        }
    }
    check_report(&c_auth, "corrections: illustrative authors are plainly invented (no handles, shops or real-looking names)");
    check_report(&c_tr, "corrections: 大唐不夜城, 新年快了, 半天不到 and 十几美元 are translated right");

    for (f = 0; f < nfiles; f++) {
        free_lines(&posts[f]);
        free(names[f]);
    }
    free(posts);
    free(names);
    free_lines(&ev);
    free_lines(&fig);
}

int main(void)
{
    const char *dir = getenv("REFUGE_ASSETS_DIR");
    if (!dir || !*dir)
        dir = "assets/data";
    tap_diag("data directory: %s", dir);
    db_open();
    check_events(dir);
    check_figures(dir);
    check_posts(dir);
    check_corrections(dir);
    db_close();
    return tap_done();
}
