#include "autoconfig.h"

#include <csv.h>
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistr.h>

#include "import.h"
#include "model.h"
#include "when.h"

/* ---- records: a kind-independent view of one object or CSV row ------------ */

enum ftype { F_NULL, F_BOOL, F_INT, F_REAL, F_TEXT, F_ARRAY, F_OBJECT };

#define MAX_FIELDS 64

struct field {
    const char *name;
    const char *value; /* NUL-terminated; JSON text for arrays and objects */
    size_t len;
    enum ftype type;
};

struct record {
    struct field f[MAX_FIELDS];
    int n;
    bool csv; /* every value is text, "" means absent */
    /* Owned storage for names and values (offsets until the record is
     * complete, then pointers). */
    char *buf;
    size_t used, cap;
    size_t name_off[MAX_FIELDS], value_off[MAX_FIELDS];
};

/* A record's tags in order of first appearance, without repeats. A post
 * may have any number: a hash set keeps finding repeats linear. */
struct tags {
    char *buf; /* "tag\0tag\0" */
    size_t used, cap;
    size_t *off; /* offsets into buf: it moves as it grows */
    size_t n, off_cap;
    size_t *set; /* open addressing over off[]: index + 1, 0 when empty */
    size_t set_cap;
    char *json; /* the tags as a JSON array, for posts.tags */
    bool failed; /* out of memory */
};

enum kind { KIND_POST, KIND_EVENT, KIND_FIGURE, KIND_NOTE };

struct importer {
    sqlite3 *sql;
    const struct import_options *opts;
    struct import_result *res;
    struct rf_error *err; /* the first fatal error */
    const char *file;
    long line;        /* where the current record starts */
    bool fatal;       /* stop now: database error, or a bad record without skip_bad */
    uint64_t bytes, next_progress;
    struct record rec;
    struct tags tags;
    bool file_done; /* stop reading this input (a bad CSV header with skip_bad) */
    long skipped_lines; /* blank lines sniff() read before the first record */
    /* Reused statements. */
    sqlite3_stmt *each, *each_inner, *seen, *insert_post, *update_post, *find_post, *del_tags,
        *ins_tag,
        *upsert_event,
        *find_event, *del_event_sources, *ins_event_source, *upsert_figure, *find_figure,
        *del_figure_sources, *ins_figure_source, *ins_source, *find_source;
    /* CSV state. */
    struct csv_parser csv;
    char **header;
    int nheader;
    bool in_header, csv_row_bad, row_ended;
    int csv_fields;
};

/* A bad record: reported as FILE:LINE: reason; fatal unless skip_bad. */
static void bad(struct importer *imp, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void bad(struct importer *imp, const char *fmt, ...)
{
    char reason[768], msg[1024];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(reason, sizeof reason, fmt, ap);
    va_end(ap);
    snprintf(msg, sizeof msg, "%s:%ld: %s", imp->file, imp->line, reason);
    imp->res->bad++;
    if (imp->opts->report)
        imp->opts->report(imp->opts->report_data, msg);
    if (!imp->opts->skip_bad && !imp->fatal) {
        rf_error_set(imp->err, "%s", msg);
        imp->fatal = true;
    }
}

static void db_fail(struct importer *imp)
{
    if (!imp->fatal)
        rf_error_set(imp->err, "%s:%ld: cache: %s", imp->file, imp->line,
                     sqlite3_errmsg(imp->sql));
    imp->fatal = true;
}

static int rec_append(struct record *r, const char *s, size_t len, size_t *off)
{
    if (r->used + len + 1 > r->cap) {
        size_t cap = r->cap ? r->cap : 4096;
        char *p;
        while (cap < r->used + len + 1)
            cap *= 2;
        if (!(p = realloc(r->buf, cap)))
            return -1;
        r->buf = p;
        r->cap = cap;
    }
    *off = r->used;
    if (len)
        memcpy(r->buf + r->used, s, len);
    r->buf[r->used + len] = '\0';
    r->used += len + 1;
    return 0;
}

static void rec_reset(struct record *r, bool csv)
{
    r->n = 0;
    r->used = 0;
    r->csv = csv;
}

/* Adds a field; returns -1 when there are too many or memory ran out. */
static int rec_add(struct record *r, const char *name, size_t nlen, const char *value,
                   size_t vlen, enum ftype type)
{
    if (r->n >= MAX_FIELDS)
        return -1;
    if (rec_append(r, name, nlen, &r->name_off[r->n]) != 0 ||
        rec_append(r, value ? value : "", value ? vlen : 0, &r->value_off[r->n]) != 0)
        return -1;
    r->f[r->n].len = value ? vlen : 0;
    r->f[r->n].type = type;
    r->n++;
    return 0;
}

static void rec_finish(struct record *r)
{
    for (int i = 0; i < r->n; i++) {
        r->f[i].name = r->buf + r->name_off[i];
        r->f[i].value = r->buf + r->value_off[i];
    }
}

/* ---- small parsers ----------------------------------------------------------- */

const char *import_detect_lang(const char *text, size_t len)
{
    const uint8_t *s = (const uint8_t *)text, *end = s + len;
    size_t han = 0, latin = 0;
    ucs4_t c;
    int n;

    while (s < end && (n = u8_mbtouc(&c, s, (size_t)(end - s))) > 0) {
        s += n;
        if ((c >= 0x3400 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff) ||
            (c >= 0x20000 && c <= 0x3134f))
            han++;
        else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
            latin++;
        else if (c >= 0xc0 && c <= 0x24f && c != 0xd7 && c != 0xf7)
            latin++;
    }
    return han > 0 && han * 3 >= latin ? "zh" : "en";
}

int import_parse_count(const char *s, int64_t *out)
{
    double v = 0, scale = 1, frac = 0.1;
    bool seen = false, dot = false;
    const char *p = s;

    while (*p == ' ')
        p++;
    for (; *p; p++) {
        if (isdigit((unsigned char)*p)) {
            if (dot) {
                v += (*p - '0') * frac;
                frac /= 10;
            } else
                v = v * 10 + (*p - '0');
            seen = true;
        } else if (*p == '.' && !dot)
            dot = true;
        else if (*p == ',' && !dot) /* "12,345" */
            continue;
        else
            break;
    }
    if (!seen || v > 9e15)
        return -1;
    if (strncmp(p, "万", 3) == 0 || *p == 'w' || *p == 'W')
        scale = 1e4, p += *p == 'w' || *p == 'W' ? 1 : 3;
    else if (strncmp(p, "千", 3) == 0 || *p == 'k' || *p == 'K')
        scale = 1e3, p += *p == 'k' || *p == 'K' ? 1 : 3;
    else if (strncmp(p, "亿", 3) == 0)
        scale = 1e8, p += 3;
    if (*p == '+')
        p++;
    while (*p == ' ')
        p++;
    if (*p || (dot && scale == 1 && frac < 0.1 && v != (double)(int64_t)v))
        return -1;
    *out = (int64_t)(v * scale + 0.5);
    return 0;
}

int import_format_from_name(const char *name)
{
    if (strcmp(name, "auto") == 0)
        return IMPORT_AUTO;
    if (strcmp(name, "jsonl") == 0)
        return IMPORT_JSONL;
    if (strcmp(name, "json") == 0)
        return IMPORT_JSON;
    if (strcmp(name, "csv") == 0)
        return IMPORT_CSV;
    return -1;
}

/* ---- field access with type checks --------------------------------------------- */

/* Field definitions per kind; a field's index in the table is its slot. */
static const char *const post_fields[] = {
    "id", "platform", "author", "region", "lang", "time", "text", "translation",
    "translation_kind", "likes", "comments", "collects", "shares", "tags", "url",
    "provenance", "source", "note", NULL};
enum {
    P_ID, P_PLATFORM, P_AUTHOR, P_REGION, P_LANG, P_TIME, P_TEXT, P_TRANSLATION, P_TKIND,
    P_LIKES, P_COMMENTS, P_COLLECTS, P_SHARES, P_TAGS, P_URL, P_PROVENANCE, P_SOURCE, P_NOTE,
    P_COUNT
};
static const char *const event_fields[] = {
    "id", "date", "time", "utc_offset", "tz", "kind", "title_en", "title_zh", "summary_en",
    "summary_zh", "confidence", "importance", "notes", "sources", NULL};
enum {
    E_ID, E_DATE, E_TIME, E_OFFSET, E_TZ, E_KIND, E_TITLE_EN, E_TITLE_ZH, E_SUMMARY_EN,
    E_SUMMARY_ZH, E_CONFIDENCE, E_IMPORTANCE, E_NOTES, E_SOURCES, E_COUNT
};
static const char *const figure_fields[] = {
    "id", "series", "label_en", "label_zh", "value", "qualifier", "unit", "as_of", "utc_offset",
    "tz", "confidence", "event_id", "notes", "sources", NULL};
enum {
    G_ID, G_SERIES, G_LABEL_EN, G_LABEL_ZH, G_VALUE, G_QUALIFIER, G_UNIT, G_AS_OF, G_OFFSET,
    G_TZ, G_CONFIDENCE, G_EVENT_ID, G_NOTES, G_SOURCES, G_COUNT
};
/* MediaCrawler's Xiaohongshu note (store/xhs): fields refuge reads; the
 * others it writes (avatar, image_list, xsec_token, ...) are ignored. */
static const char *const note_fields[] = {
    "note_id", "title", "desc", "time", "nickname", "liked_count", "collected_count",
    "comment_count", "share_count", "tag_list", "ip_location", "note_url", "type", NULL};
enum {
    N_ID, N_TITLE, N_DESC, N_TIME, N_NICKNAME, N_LIKED, N_COLLECTED, N_COMMENT, N_SHARE,
    N_TAGS, N_IP, N_URL, N_TYPE, N_COUNT
};

#define MAX_SLOTS 20

/* Maps the record's fields to slots of `names`; a NULL slot is absent (JSON
 * null and empty CSV cells count as absent). Returns -1 after reporting an
 * unknown field when `strict`. */
static int map_fields(struct importer *imp, const char *const *names, bool strict,
                      const struct field **slots)
{
    bool seen[MAX_SLOTS] = {false};

    for (int i = 0; i < MAX_SLOTS; i++)
        slots[i] = NULL;
    for (int i = 0; i < imp->rec.n; i++) {
        const struct field *f = &imp->rec.f[i];
        int k;
        for (k = 0; names[k]; k++)
            if (strcmp(names[k], f->name) == 0)
                break;
        if (!names[k]) {
            if (strict) {
                bad(imp, "unknown field '%s'", f->name);
                return -1;
            }
            continue;
        }
        if (seen[k]) {
            bad(imp, "field '%s' appears twice", f->name);
            return -1;
        }
        seen[k] = true;
        if (f->type == F_NULL || (f->type == F_TEXT && imp->rec.csv && f->len == 0))
            continue;
        slots[k] = f;
    }
    return 0;
}

/* Valid UTF-8 without NUL (which no export could write back), or a bad
 * record naming the field. */
static bool check_utf8(struct importer *imp, const struct field *f)
{
    const uint8_t *badpos = u8_check((const uint8_t *)f->value, f->len);
    if (memchr(f->value, '\0', f->len)) {
        bad(imp, "%s: contains a NUL character", f->name);
        return false;
    }
    if (badpos) {
        bad(imp, "%s: invalid UTF-8 at byte %zu", f->name,
            (size_t)(badpos - (const uint8_t *)f->value));
        return false;
    }
    return true;
}

/* A string field (required or not). Sets *out to NULL when absent. */
static bool get_text(struct importer *imp, const struct field *f, const char *name,
                     bool required, const char **out, size_t *len)
{
    *out = NULL;
    if (len)
        *len = 0;
    if (!f) {
        if (required)
            bad(imp, "missing required field '%s'", name);
        return !required;
    }
    if (f->type != F_TEXT) {
        bad(imp, "%s: expected a string", name);
        return false;
    }
    if (!check_utf8(imp, f))
        return false;
    if (required && f->len == 0) {
        bad(imp, "%s: must not be empty", name);
        return false;
    }
    *out = f->len ? f->value : NULL;
    if (len)
        *len = f->len;
    return true;
}

/* An identifier: a string, or a JSON integer written as text. */
static bool get_id(struct importer *imp, const struct field *f, const char *name,
                   const char **out, size_t *len)
{
    if (f && f->type == F_INT) {
        *out = f->value;
        *len = f->len;
        return true;
    }
    return get_text(imp, f, name, true, out, len);
}

/* A count: a non-negative JSON integer, or text as import_parse_count()
 * reads it. Absent is 0. */
static bool get_count(struct importer *imp, const struct field *f, const char *name,
                      int64_t *out)
{
    *out = 0;
    if (!f || (f->type == F_TEXT && f->len == 0)) /* MediaCrawler writes "" for none */
        return true;
    if (f->type == F_INT || f->type == F_TEXT) {
        if (import_parse_count(f->value, out) == 0 && f->value[0] != '-')
            return true;
        bad(imp, "%s: expected a count, got '%.40s'", name, f->value);
        return false;
    }
    bad(imp, "%s: expected a whole number", name);
    return false;
}

/* One of a fixed set of words. */
static bool get_choice(struct importer *imp, const struct field *f, const char *name,
                       const char *const *choices, const char *fallback, const char **out)
{
    if (!get_text(imp, f, name, fallback == NULL, out, NULL))
        return false;
    if (!*out) {
        *out = fallback;
        return true;
    }
    for (int i = 0; choices[i]; i++)
        if (strcmp(*out, choices[i]) == 0)
            return true;
    {
        char list[256] = "";
        for (int i = 0; choices[i]; i++)
            snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s",
                     i ? (choices[i + 1] ? ", " : " or ") : "", choices[i]);
        bad(imp, "%s: expected %s, got '%.40s'", name, list, *out);
    }
    return false;
}

/* "+08:00" style offset field. */
static bool get_offset(struct importer *imp, const struct field *f, const char *name,
                       bool *has, int *minutes)
{
    const char *s;

    *has = false;
    if (!get_text(imp, f, name, false, &s, NULL))
        return false;
    if (!s)
        return true;
    if (when_parse_offset(s, minutes) != 0) {
        bad(imp, "%s: expected an offset like +08:00 or -05:00, got '%.40s'", name, s);
        return false;
    }
    *has = true;
    return true;
}

/* ---- tags ---------------------------------------------------------------------- */


static uint32_t tag_hash(const char *s)
{
    uint32_t h = 2166136261u; /* FNV-1a */

    while (*s)
        h = (h ^ (unsigned char)*s++) * 16777619u;
    return h;
}

/* Grows the hash set to twice the tags it holds, at least 64 slots. */
static bool tags_rehash(struct tags *t)
{
    size_t cap = t->set_cap ? t->set_cap * 2 : 64;
    size_t *set = calloc(cap, sizeof *set);

    if (!set)
        return false;
    for (size_t i = 0; i < t->n; i++) {
        size_t k = tag_hash(t->buf + t->off[i]) & (cap - 1);
        while (set[k])
            k = (k + 1) & (cap - 1);
        set[k] = i + 1;
    }
    free(t->set);
    t->set = set;
    t->set_cap = cap;
    return true;
}

/* Makes room for `need` elements of `size` bytes at p (of *cap); returns
 * the array, or NULL when memory ran out (p is then unchanged). */
static void *grow(void *p, size_t *cap, size_t need, size_t size)
{
    size_t c = *cap ? *cap : 64;

    if (need <= *cap)
        return p;
    while (c < need)
        c *= 2;
    if ((p = realloc(p, c * size)))
        *cap = c;
    return p;
}

static void tags_add(struct tags *t, const char *s, size_t len)
{
    size_t start, k, *off;
    char *buf;

    while (len && (*s == ' ' || *s == '#' || *s == '\t'))
        s++, len--;
    /* Full-width '＃' (EF BC 83) too. */
    while (len >= 3 && memcmp(s, "\xef\xbc\x83", 3) == 0)
        s += 3, len -= 3;
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    if (!len || t->failed)
        return;
    if ((buf = grow(t->buf, &t->cap, t->used + len + 1, 1)))
        t->buf = buf;
    if ((off = grow(t->off, &t->off_cap, t->n + 1, sizeof *off)))
        t->off = off;
    if (!buf || !off || ((t->n + 1) * 2 > t->set_cap && !tags_rehash(t))) {
        t->failed = true;
        return;
    }
    start = t->used;
    for (size_t i = 0; i < len; i++) /* Latin tags are lower case */
        t->buf[start + i] = (char)tolower((unsigned char)s[i]);
    t->buf[start + len] = '\0';
    for (k = tag_hash(t->buf + start) & (t->set_cap - 1); t->set[k];
         k = (k + 1) & (t->set_cap - 1))
        if (strcmp(t->buf + t->off[t->set[k] - 1], t->buf + start) == 0)
            return;
    t->set[k] = t->n + 1;
    t->used += len + 1;
    t->off[t->n++] = start;
}

/* Splits "a, b", "#a #b" or "a，b" (full-width comma). */
static void tags_split(struct tags *t, const char *s)
{
    const char *p = s, *start = s;

    for (;;) {
        size_t sep = 0;
        if (*p == ',' || *p == '#' || *p == '\0')
            sep = 1;
        else if (memcmp(p, "\xef\xbc\x8c", 3) == 0 || memcmp(p, "\xef\xbc\x83", 3) == 0)
            sep = 3; /* '，' or '＃' */
        if (sep) {
            tags_add(t, start, (size_t)(p - start));
            if (*p == '\0')
                break;
            p += sep;
            start = p;
        } else
            p++;
    }
}

/* posts.tags: every byte escapes to at most six ("\u001b"), each tag adds
 * two quotes and a comma. */
static bool tags_to_json(struct tags *t)
{
    char *p;

    free(t->json);
    if (!(t->json = p = malloc(t->used * 6 + t->n * 3 + 3)))
        return false;
    *p++ = '[';
    for (size_t i = 0; i < t->n; i++) {
        if (i)
            *p++ = ',';
        *p++ = '"';
        for (const char *c = t->buf + t->off[i]; *c; c++) {
            unsigned char b = (unsigned char)*c;
            if (b == '"' || b == '\\') {
                *p++ = '\\';
                *p++ = (char)b;
            } else if (b < 0x20) {
                p += sprintf(p, "\\u%04x", b);
            } else {
                *p++ = (char)b;
            }
        }
        *p++ = '"';
    }
    *p++ = ']';
    *p = '\0';
    return true;
}

/* Tags from a JSON array of strings, a JSON array written as text, or a
 * comma/#-separated string. */
static bool get_tags(struct importer *imp, const struct field *f, const char *name,
                     struct tags *t)
{
    t->n = 0;
    t->used = 0;
    t->failed = false;
    if (t->set)
        memset(t->set, 0, t->set_cap * sizeof *t->set);
    if (f && (f->type == F_ARRAY || (f->type == F_TEXT && f->value[0] == '['))) {
        int rc;
        sqlite3_reset(imp->each_inner);
        sqlite3_bind_text(imp->each_inner, 1, f->value, (int)f->len, SQLITE_STATIC);
        while ((rc = sqlite3_step(imp->each_inner)) == SQLITE_ROW) {
            const char *type = (const char *)sqlite3_column_text(imp->each_inner, 1);
            if (strcmp(type, "text") != 0) {
                bad(imp, "%s: expected an array of strings", name);
                return false;
            }
            tags_add(t, (const char *)sqlite3_column_text(imp->each_inner, 2),
                     (size_t)sqlite3_column_bytes(imp->each_inner, 2));
        }
        if (rc != SQLITE_DONE) {
            bad(imp, "%s: bad JSON array", name);
            return false;
        }
    } else if (f && f->type == F_TEXT) {
        if (!check_utf8(imp, f))
            return false;
        tags_split(t, f->value);
    } else if (f) {
        bad(imp, "%s: expected an array of strings or a comma-separated string", name);
        return false;
    }
    if (t->failed || !tags_to_json(t)) {
        rf_error_set(imp->err, "out of memory");
        imp->fatal = true;
        return false;
    }
    return true;
}

/* ---- posts ----------------------------------------------------------------------- */

static const char *const langs[] = {"zh", "en", NULL};
static const char *const trans_kinds[] = {"human", "machine", "none", NULL};
static const char *const provenances[] = {"quoted", "illustrative", "imported", NULL};
static const char *const confidences[] = {"high", "medium", "low", NULL};
static const char *const qualifiers[] = {"over", "about", "under", NULL};

/* Everything a post row needs, validated. */
struct post {
    const char *id, *platform, *author, *region, *lang, *text, *translation, *tkind;
    size_t id_len, text_len, translation_len;
    const char *url, *provenance, *source, *note;
    int64_t ts, likes, comments, collects, shares;
    bool has_offset;
    int offset;
    struct tags *tags;
    char platform_buf[33], region_buf[3];
};

/* Rejects a second record with the same key in one file. */
static bool first_sighting(struct importer *imp, const char *k1, const char *k2, size_t k2len)
{
    int rc;

    sqlite3_reset(imp->seen);
    sqlite3_bind_text(imp->seen, 1, k1, -1, SQLITE_STATIC);
    sqlite3_bind_text(imp->seen, 2, k2, (int)k2len, SQLITE_STATIC);
    rc = sqlite3_step(imp->seen);
    if (rc == SQLITE_DONE)
        return true;
    if (rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
        bad(imp, "duplicate id '%.*s' in this file", (int)(k2len > 60 ? 60 : k2len), k2);
        return false;
    }
    db_fail(imp);
    return false;
}

static void bind_opt(sqlite3_stmt *st, int i, const char *s)
{
    if (s)
        sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, i);
}

/* Binds a post's values to ?1..?20 of the insert or update. */
static void bind_post(sqlite3_stmt *st, const struct post *p, bool bundled)
{
    sqlite3_bind_text(st, 1, p->platform, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, p->id, (int)p->id_len, SQLITE_STATIC);
    bind_opt(st, 3, p->author);
    bind_opt(st, 4, p->region);
    sqlite3_bind_text(st, 5, p->lang, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 6, p->ts);
    if (p->has_offset)
        sqlite3_bind_int(st, 7, p->offset);
    else
        sqlite3_bind_null(st, 7);
    sqlite3_bind_text(st, 8, p->text, (int)p->text_len, SQLITE_STATIC);
    if (p->translation)
        sqlite3_bind_text(st, 9, p->translation, (int)p->translation_len, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, 9);
    sqlite3_bind_text(st, 10, p->tkind, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 11, p->likes);
    sqlite3_bind_int64(st, 12, p->comments);
    sqlite3_bind_int64(st, 13, p->collects);
    sqlite3_bind_int64(st, 14, p->shares);
    sqlite3_bind_text(st, 15, p->tags->json, -1, SQLITE_STATIC);
    bind_opt(st, 16, p->url);
    sqlite3_bind_text(st, 17, p->provenance, -1, SQLITE_STATIC);
    bind_opt(st, 18, p->source);
    bind_opt(st, 19, p->note);
    sqlite3_bind_int(st, 20, bundled);
}

static bool step_done(sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE;
}

/* Inserts a new post or updates a known one; the search index, per-day
 * and tag counts follow in importer_finish(). */
static void store_post(struct importer *imp, struct post *p)
{
    int64_t id = 0;
    int rc;

    if (!first_sighting(imp, p->platform, p->id, p->id_len))
        return;
    sqlite3_reset(imp->find_post);
    sqlite3_bind_text(imp->find_post, 1, p->platform, -1, SQLITE_STATIC);
    sqlite3_bind_text(imp->find_post, 2, p->id, (int)p->id_len, SQLITE_STATIC);
    rc = sqlite3_step(imp->find_post);
    if (rc == SQLITE_ROW)
        id = sqlite3_column_int64(imp->find_post, 0);
    sqlite3_reset(imp->find_post);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        db_fail(imp);
        return;
    }
    if (rc == SQLITE_DONE) {
        bind_post(imp->insert_post, p, imp->opts->bundled);
        if (!step_done(imp->insert_post)) {
            db_fail(imp);
            return;
        }
        id = sqlite3_last_insert_rowid(imp->sql);
    } else {
        bind_post(imp->update_post, p, imp->opts->bundled);
        sqlite3_bind_int64(imp->update_post, 21, id);
        if (!step_done(imp->update_post)) {
            db_fail(imp);
            return;
        }
        if (sqlite3_changes(imp->sql) == 0) { /* identical to the cached row */
            imp->res->unchanged++;
            return;
        }
        /* Its tags are replaced. */
        sqlite3_bind_int64(imp->del_tags, 1, id);
        if (!step_done(imp->del_tags)) {
            db_fail(imp);
            return;
        }
    }
    for (size_t i = 0; i < p->tags->n; i++) {
        sqlite3_bind_text(imp->ins_tag, 1, p->tags->buf + p->tags->off[i], -1, SQLITE_STATIC);
        sqlite3_bind_int64(imp->ins_tag, 2, id);
        if (!step_done(imp->ins_tag)) {
            db_fail(imp);
            return;
        }
    }
    imp->res->posts++;
}

static bool valid_platform(struct importer *imp, const char *s, char *buf, size_t size)
{
    size_t n = strlen(s);

    if (n == 0 || n >= size) {
        bad(imp, "platform: expected a short name like xiaohongshu or tiktok");
        return false;
    }
    for (size_t i = 0; i <= n; i++) {
        unsigned char c = (unsigned char)tolower((unsigned char)s[i]);
        if (c && !isalnum(c) && c != '.' && c != '_' && c != '-') {
            bad(imp, "platform: '%.40s' is not a name (letters, digits, '.', '_', '-')", s);
            return false;
        }
        buf[i] = (char)c;
    }
    return true;
}

static bool get_time(struct importer *imp, const struct field *f, const char *name,
                     struct post *p)
{
    struct rf_error why = {{0}};
    struct when_instant at;

    if (!f) {
        bad(imp, "missing required field '%s'", name);
        return false;
    }
    if (f->type != F_TEXT && f->type != F_INT) {
        bad(imp, "%s: expected an ISO 8601 string or Unix time", name);
        return false;
    }
    if (when_parse_instant(f->value, &at, &why) != 0) {
        bad(imp, "%s: %s", name, why.msg);
        return false;
    }
    p->ts = at.ts;
    p->has_offset = at.has_offset;
    p->offset = at.offset_min;
    return true;
}

static void import_post(struct importer *imp, struct tags *tags)
{
    const struct field *s[MAX_SLOTS];
    struct post p = {.tags = tags};
    const char *region;

    if (map_fields(imp, post_fields, true, s) != 0)
        return;
    if (!get_id(imp, s[P_ID], "id", &p.id, &p.id_len) ||
        !get_text(imp, s[P_PLATFORM], "platform", false, &p.platform, NULL) ||
        !get_text(imp, s[P_AUTHOR], "author", false, &p.author, NULL) ||
        !get_text(imp, s[P_REGION], "region", false, &region, NULL) ||
        !get_choice(imp, s[P_LANG], "lang", langs, "", &p.lang) ||
        !get_time(imp, s[P_TIME], "time", &p) ||
        !get_text(imp, s[P_TEXT], "text", true, &p.text, &p.text_len) ||
        !get_text(imp, s[P_TRANSLATION], "translation", false, &p.translation,
                  &p.translation_len) ||
        !get_choice(imp, s[P_TKIND], "translation_kind", trans_kinds, "", &p.tkind) ||
        !get_count(imp, s[P_LIKES], "likes", &p.likes) ||
        !get_count(imp, s[P_COMMENTS], "comments", &p.comments) ||
        !get_count(imp, s[P_COLLECTS], "collects", &p.collects) ||
        !get_count(imp, s[P_SHARES], "shares", &p.shares) ||
        !get_tags(imp, s[P_TAGS], "tags", tags) ||
        !get_text(imp, s[P_URL], "url", false, &p.url, NULL) ||
        !get_choice(imp, s[P_PROVENANCE], "provenance", provenances, "imported",
                    &p.provenance) ||
        !get_text(imp, s[P_SOURCE], "source", false, &p.source, NULL) ||
        !get_text(imp, s[P_NOTE], "note", false, &p.note, NULL))
        return;
    if (!valid_platform(imp, p.platform ? p.platform : "unknown", p.platform_buf,
                        sizeof p.platform_buf))
        return;
    p.platform = p.platform_buf;
    if (region) {
        if (strlen(region) != 2 || !isalpha((unsigned char)region[0]) ||
            !isalpha((unsigned char)region[1])) {
            bad(imp, "region: expected a two-letter country code like US, got '%.40s'", region);
            return;
        }
        p.region_buf[0] = (char)toupper((unsigned char)region[0]);
        p.region_buf[1] = (char)toupper((unsigned char)region[1]);
        p.region = p.region_buf;
    }
    if (!*p.lang)
        p.lang = import_detect_lang(p.text, p.text_len);
    if (!*p.tkind)
        p.tkind = p.translation ? "machine" : "none";
    store_post(imp, &p);
}

/* ---- MediaCrawler Xiaohongshu notes ------------------------------------------------ */

/* ip_location as Xiaohongshu shows it (a province or a country, in
 * Chinese) to an ISO code; unknown places keep no region. */
static const char *region_from_place(const char *place)
{
    static const char *const cn[] = {
        "北京", "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏",
        "浙江", "安徽", "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "海南",
        "四川", "贵州", "云南", "陕西", "甘肃", "青海", "内蒙古", "广西", "西藏", "宁夏",
        "新疆", "中国", NULL};
    static const struct {
        const char *name, *code;
    } other[] = {
        {"香港", "HK"}, {"澳门", "MO"}, {"台湾", "TW"}, {"美国", "US"}, {"加拿大", "CA"},
        {"英国", "GB"}, {"澳大利亚", "AU"}, {"新西兰", "NZ"}, {"日本", "JP"}, {"韩国", "KR"},
        {"新加坡", "SG"}, {"马来西亚", "MY"}, {"泰国", "TH"}, {"越南", "VN"},
        {"菲律宾", "PH"}, {"印度尼西亚", "ID"}, {"印度", "IN"}, {"德国", "DE"},
        {"法国", "FR"}, {"意大利", "IT"}, {"西班牙", "ES"}, {"荷兰", "NL"}, {"爱尔兰", "IE"},
        {"俄罗斯", "RU"}, {"巴西", "BR"}, {"墨西哥", "MX"}, {"阿联酋", "AE"}};

    for (int i = 0; cn[i]; i++)
        if (strcmp(place, cn[i]) == 0)
            return "CN";
    for (size_t i = 0; i < sizeof other / sizeof other[0]; i++)
        if (strcmp(place, other[i].name) == 0)
            return other[i].code;
    return NULL;
}

static void import_note(struct importer *imp, struct tags *tags)
{
    const struct field *s[MAX_SLOTS];
    struct post p = {.tags = tags, .platform = "xiaohongshu", .provenance = "imported",
                     .tkind = "none"};
    const char *title, *desc, *place, *type;
    size_t title_len, desc_len;
    char *text = NULL, note[512] = "";

    /* MediaCrawler's fields change between versions: unknown ones are
     * ignored rather than rejected. */
    if (map_fields(imp, note_fields, false, s) != 0)
        return;
    if (!get_id(imp, s[N_ID], "note_id", &p.id, &p.id_len) ||
        !get_text(imp, s[N_TITLE], "title", false, &title, &title_len) ||
        !get_text(imp, s[N_DESC], "desc", false, &desc, &desc_len) ||
        !get_time(imp, s[N_TIME], "time", &p) ||
        !get_text(imp, s[N_NICKNAME], "nickname", false, &p.author, NULL) ||
        !get_count(imp, s[N_LIKED], "liked_count", &p.likes) ||
        !get_count(imp, s[N_COLLECTED], "collected_count", &p.collects) ||
        !get_count(imp, s[N_COMMENT], "comment_count", &p.comments) ||
        !get_count(imp, s[N_SHARE], "share_count", &p.shares) ||
        !get_tags(imp, s[N_TAGS], "tag_list", tags) ||
        !get_text(imp, s[N_IP], "ip_location", false, &place, NULL) ||
        !get_text(imp, s[N_URL], "note_url", false, &p.url, NULL) ||
        !get_text(imp, s[N_TYPE], "type", false, &type, NULL))
        return;
    /* The title is the first paragraph, unless MediaCrawler made it from
     * the start of desc (it does when a note has no title). */
    if (title && desc && strncmp(desc, title, title_len) != 0) {
        if (!(text = malloc(title_len + desc_len + 3))) {
            rf_error_set(imp->err, "out of memory");
            imp->fatal = true;
            return;
        }
        memcpy(text, title, title_len);
        memcpy(text + title_len, "\n\n", 2);
        memcpy(text + title_len + 2, desc, desc_len + 1);
        p.text = text;
        p.text_len = title_len + desc_len + 2;
    } else if (desc) {
        p.text = desc;
        p.text_len = desc_len;
    } else if (title) {
        p.text = title;
        p.text_len = title_len;
    } else {
        bad(imp, "missing required field 'desc' (or 'title')");
        return;
    }
    if (place && strncmp(place, "IP属地：", strlen("IP属地：")) == 0)
        place += strlen("IP属地：");
    p.region = place ? region_from_place(place) : NULL;
    if (place && type)
        snprintf(note, sizeof note, "MediaCrawler export; %s note; IP location: %s", type, place);
    else if (place || type)
        snprintf(note, sizeof note, "MediaCrawler export; %s%s%s", type ? type : "",
                 type ? " note" : "IP location: ", place ? place : "");
    else
        snprintf(note, sizeof note, "MediaCrawler export");
    p.note = note;
    p.lang = import_detect_lang(p.text, p.text_len);
    store_post(imp, &p);
    free(text);
}

/* ---- events and figures ------------------------------------------------------------ */

#define MAX_SOURCES 16

struct sources {
    int64_t ids[MAX_SOURCES];
    size_t n;
};

/* Finds or adds one source; returns its id or -1. */
static int64_t source_id(struct importer *imp, const char *publisher, const char *title,
                         const char *published, const char *url)
{
    const char *v[4] = {publisher, title ? title : "", published ? published : "",
                        url ? url : ""};
    int rc;

    sqlite3_reset(imp->find_source);
    for (int i = 0; i < 4; i++)
        sqlite3_bind_text(imp->find_source, i + 1, v[i], -1, SQLITE_TRANSIENT);
    rc = sqlite3_step(imp->find_source);
    if (rc == SQLITE_ROW)
        return sqlite3_column_int64(imp->find_source, 0);
    if (rc != SQLITE_DONE)
        return -1;
    sqlite3_reset(imp->ins_source);
    for (int i = 0; i < 4; i++)
        sqlite3_bind_text(imp->ins_source, i + 1, v[i], -1, SQLITE_TRANSIENT);
    if (sqlite3_step(imp->ins_source) != SQLITE_DONE)
        return -1;
    return sqlite3_last_insert_rowid(imp->sql);
}

/* Sources: a JSON array (or JSON text in CSV) of objects with publisher
 * and optional title, date, url. Validates all before adding any. */
static bool get_sources(struct importer *imp, const struct field *f, struct sources *out)
{
    static const char *const keys[] = {"publisher", "title", "date", "url"};
    char *vals[MAX_SOURCES][4];
    size_t n = 0;
    bool ok = true;
    int rc = SQLITE_DONE;

    out->n = 0;
    memset(vals, 0, sizeof vals);
    if (!f) {
        bad(imp, "missing required field 'sources'");
        return false;
    }
    if (f->type != F_ARRAY && !(f->type == F_TEXT && f->value[0] == '[')) {
        bad(imp, "sources: expected an array of {publisher, title, date, url} objects");
        return false;
    }
    /* json_tree walks every element and member of the array in one pass. */
    sqlite3_stmt *st = imp->each_inner;
    sqlite3_reset(st);
    sqlite3_bind_text(st, 1, f->value, (int)f->len, SQLITE_STATIC);
    while (ok && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *type = (const char *)sqlite3_column_text(st, 1);
        const char *obj = (const char *)sqlite3_column_text(st, 2);
        if (strcmp(type, "object") != 0) {
            bad(imp, "sources: expected objects, found %s", type);
            ok = false;
            break;
        }
        if (n >= MAX_SOURCES) {
            bad(imp, "sources: more than %d", MAX_SOURCES);
            ok = false;
            break;
        }
        /* Members of this source, with a second json_each over its text. */
        {
            sqlite3_stmt *inner;
            if (sqlite3_prepare_v2(imp->sql, "SELECT key, type, value FROM json_each(?1)", -1,
                                   &inner, NULL) != SQLITE_OK) {
                db_fail(imp);
                ok = false;
                break;
            }
            sqlite3_bind_text(inner, 1, obj, -1, SQLITE_TRANSIENT);
            while (ok && sqlite3_step(inner) == SQLITE_ROW) {
                const char *k = (const char *)sqlite3_column_text(inner, 0);
                const char *t = (const char *)sqlite3_column_text(inner, 1);
                const char *v = (const char *)sqlite3_column_text(inner, 2);
                int slot = -1;
                for (int i = 0; i < 4; i++)
                    if (strcmp(k, keys[i]) == 0)
                        slot = i;
                if (slot < 0) {
                    bad(imp, "sources: unknown field '%.40s'", k);
                    ok = false;
                } else if (vals[n][slot]) {
                    bad(imp, "sources: field '%s' appears twice", k);
                    ok = false;
                } else if (strcmp(t, "null") == 0) {
                    continue;
                } else if (strcmp(t, "text") != 0) {
                    bad(imp, "sources: %s: expected a string", k);
                    ok = false;
                } else if (u8_check((const uint8_t *)v, strlen(v))) {
                    bad(imp, "sources: %s: invalid UTF-8", k);
                    ok = false;
                } else if (!(vals[n][slot] = strdup(v))) {
                    ok = false;
                }
            }
            sqlite3_finalize(inner);
        }
        if (ok && (!vals[n][0] || !vals[n][0][0])) {
            bad(imp, "sources: every source needs a publisher");
            ok = false;
        }
        n++;
    }
    if (ok && rc != SQLITE_DONE) {
        bad(imp, "sources: bad JSON");
        ok = false;
    }
    if (ok && n == 0) {
        bad(imp, "sources: at least one source is required");
        ok = false;
    }
    if (ok && !imp->fatal) {
        for (size_t i = 0; i < n && ok; i++) {
            int64_t id = source_id(imp, vals[i][0], vals[i][1], vals[i][2], vals[i][3]);
            if (id < 0) {
                db_fail(imp);
                ok = false;
            } else
                out->ids[out->n++] = id;
        }
    }
    for (size_t i = 0; i < n; i++)
        for (int k = 0; k < 4; k++)
            free(vals[i][k]);
    return ok;
}

static bool link_sources(sqlite3_stmt *del, sqlite3_stmt *ins,
                         int64_t rid, const struct sources *src);

/* After an event or figure upsert (stepped once): links its sources and
 * counts it as imported, or as unchanged when neither the row (the upsert
 * wrote nothing) nor its sources differ. */
static void finish_linked(struct importer *imp, sqlite3_stmt *upsert, int rc,
                          sqlite3_stmt *find, sqlite3_stmt *del, sqlite3_stmt *ins,
                          const char *id, const struct sources *src, int64_t *imported)
{
    int64_t rid;

    if (rc == SQLITE_ROW) {
        rid = sqlite3_column_int64(upsert, 0);
        sqlite3_reset(upsert);
    } else if (rc == SQLITE_DONE) {
        char want[MAX_SOURCES * 24] = "";
        const char *have;
        sqlite3_reset(upsert);
        for (size_t i = 0; i < src->n; i++)
            snprintf(want + strlen(want), sizeof want - strlen(want), "%s%lld", i ? "," : "",
                     (long long)src->ids[i]);
        sqlite3_reset(find);
        sqlite3_bind_text(find, 1, id, -1, SQLITE_STATIC);
        if (sqlite3_step(find) != SQLITE_ROW) {
            db_fail(imp);
            return;
        }
        rid = sqlite3_column_int64(find, 0);
        have = (const char *)sqlite3_column_text(find, 1);
        if (have && strcmp(have, want) == 0) {
            sqlite3_reset(find);
            imp->res->unchanged++;
            return;
        }
        sqlite3_reset(find);
    } else {
        db_fail(imp);
        return;
    }
    if (!link_sources(del, ins, rid, src)) {
        db_fail(imp);
        return;
    }
    ++*imported;
}

static bool link_sources(sqlite3_stmt *del, sqlite3_stmt *ins,
                         int64_t rid, const struct sources *src)
{
    sqlite3_reset(del);
    sqlite3_bind_int64(del, 1, rid);
    if (sqlite3_step(del) != SQLITE_DONE)
        return false;
    for (size_t i = 0; i < src->n; i++) {
        sqlite3_reset(ins);
        sqlite3_bind_int64(ins, 1, rid);
        sqlite3_bind_int64(ins, 2, (int64_t)i);
        sqlite3_bind_int64(ins, 3, src->ids[i]);
        if (sqlite3_step(ins) != SQLITE_DONE)
            return false;
    }
    return true;
}

/* An event's date (and time) or a figure's as_of, by when_parse_dated()'s
 * rules; a fault is reported on the field it lies in. */
static bool event_time(struct importer *imp, const char *name, const char *date,
                       const char *time, bool has_offset, int offset, bool month_ok,
                       int64_t *ts)
{
    struct rf_error why = {{0}};
    int rc = when_parse_dated(date, time, has_offset, offset, month_ok, ts, &why);

    if (rc != 0)
        bad(imp, "%s: %s", rc == -1 ? name : rc == -2 ? "time" : "utc_offset", why.msg);
    return rc == 0;
}

static void import_event(struct importer *imp)
{
    const struct field *s[MAX_SLOTS];
    const char *id, *date, *time, *tz, *kind, *t_en, *t_zh, *s_en, *s_zh, *conf, *notes;
    size_t id_len;
    int64_t importance, ts;
    bool has_offset;
    int offset, rc;
    struct sources src;
    sqlite3_stmt *st = imp->upsert_event;

    if (map_fields(imp, event_fields, true, s) != 0)
        return;
    if (!get_text(imp, s[E_ID], "id", true, &id, &id_len) ||
        !get_text(imp, s[E_DATE], "date", true, &date, NULL) ||
        !get_text(imp, s[E_TIME], "time", false, &time, NULL) ||
        !get_offset(imp, s[E_OFFSET], "utc_offset", &has_offset, &offset) ||
        !get_text(imp, s[E_TZ], "tz", false, &tz, NULL) ||
        !get_text(imp, s[E_KIND], "kind", true, &kind, NULL) ||
        !get_text(imp, s[E_TITLE_EN], "title_en", true, &t_en, NULL) ||
        !get_text(imp, s[E_TITLE_ZH], "title_zh", true, &t_zh, NULL) ||
        !get_text(imp, s[E_SUMMARY_EN], "summary_en", true, &s_en, NULL) ||
        !get_text(imp, s[E_SUMMARY_ZH], "summary_zh", true, &s_zh, NULL) ||
        !get_choice(imp, s[E_CONFIDENCE], "confidence", confidences, NULL, &conf) ||
        !get_count(imp, s[E_IMPORTANCE], "importance", &importance) ||
        !get_text(imp, s[E_NOTES], "notes", false, &notes, NULL))
        return;
    if (!model_kind_from_name(kind)) {
        bad(imp, "kind: '%.40s' is not an event kind (see refuge(1))", kind);
        return;
    }
    if (importance < 1 || importance > 3) {
        bad(imp, "importance: expected 1, 2 or 3");
        return;
    }
    if (!event_time(imp, "date", date, time, has_offset, offset, true, &ts) ||
        !first_sighting(imp, "#event", id, id_len) || !get_sources(imp, s[E_SOURCES], &src))
        return;
    sqlite3_reset(st);
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, ts);
    sqlite3_bind_text(st, 3, date, -1, SQLITE_STATIC);
    bind_opt(st, 4, time);
    if (has_offset)
        sqlite3_bind_int(st, 5, offset);
    else
        sqlite3_bind_null(st, 5);
    bind_opt(st, 6, tz);
    sqlite3_bind_text(st, 7, kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 8, t_en, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 9, t_zh, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 10, s_en, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 11, s_zh, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 12, conf, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 13, importance);
    bind_opt(st, 14, notes);
    sqlite3_bind_int(st, 15, imp->opts->bundled);
    rc = sqlite3_step(st);
    finish_linked(imp, st, rc, imp->find_event, imp->del_event_sources, imp->ins_event_source,
                  id, &src, &imp->res->events);
}

static void import_figure(struct importer *imp)
{
    const struct field *s[MAX_SLOTS];
    const char *id, *series, *l_en, *l_zh, *qual, *unit, *as_of, *tz, *conf, *event_id, *notes;
    size_t id_len;
    double value;
    int64_t ts;
    bool has_offset;
    int offset, rc;
    struct sources src;
    sqlite3_stmt *st = imp->upsert_figure;

    if (map_fields(imp, figure_fields, true, s) != 0)
        return;
    if (!get_text(imp, s[G_ID], "id", true, &id, &id_len) ||
        !get_text(imp, s[G_SERIES], "series", true, &series, NULL) ||
        !get_text(imp, s[G_LABEL_EN], "label_en", true, &l_en, NULL) ||
        !get_text(imp, s[G_LABEL_ZH], "label_zh", true, &l_zh, NULL) ||
        !get_choice(imp, s[G_QUALIFIER], "qualifier", qualifiers, "", &qual) ||
        !get_text(imp, s[G_UNIT], "unit", true, &unit, NULL) ||
        !get_text(imp, s[G_AS_OF], "as_of", true, &as_of, NULL) ||
        !get_offset(imp, s[G_OFFSET], "utc_offset", &has_offset, &offset) ||
        !get_text(imp, s[G_TZ], "tz", false, &tz, NULL) ||
        !get_choice(imp, s[G_CONFIDENCE], "confidence", confidences, NULL, &conf) ||
        !get_text(imp, s[G_EVENT_ID], "event_id", false, &event_id, NULL) ||
        !get_text(imp, s[G_NOTES], "notes", false, &notes, NULL))
        return;
    if (!s[G_VALUE]) {
        bad(imp, "missing required field 'value'");
        return;
    } else {
        char *end;
        const struct field *f = s[G_VALUE];
        if (f->type != F_INT && f->type != F_REAL && f->type != F_TEXT) {
            bad(imp, "value: expected a number");
            return;
        }
        errno = 0;
        value = strtod(f->value, &end);
        /* strtod reads "nan" and "inf" too, which no figure is (and NaN
         * would reach the cache as NULL). */
        if (end == f->value || *end || errno || !isfinite(value)) {
            bad(imp, "value: expected a number, got '%.40s'", f->value);
            return;
        }
    }
    if (!event_time(imp, "as_of", as_of, NULL, has_offset, offset, false, &ts) ||
        !first_sighting(imp, "#figure", id, id_len) || !get_sources(imp, s[G_SOURCES], &src))
        return;
    sqlite3_reset(st);
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, series, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, l_en, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, l_zh, -1, SQLITE_STATIC);
    sqlite3_bind_double(st, 5, value);
    bind_opt(st, 6, *qual ? qual : NULL);
    sqlite3_bind_text(st, 7, unit, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 8, as_of, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 9, ts);
    if (has_offset)
        sqlite3_bind_int(st, 10, offset);
    else
        sqlite3_bind_null(st, 10);
    bind_opt(st, 11, tz);
    sqlite3_bind_text(st, 12, conf, -1, SQLITE_STATIC);
    bind_opt(st, 13, event_id);
    bind_opt(st, 14, notes);
    sqlite3_bind_int(st, 15, imp->opts->bundled);
    rc = sqlite3_step(st);
    finish_linked(imp, st, rc, imp->find_figure, imp->del_figure_sources,
                  imp->ins_figure_source, id, &src, &imp->res->figures);
}

/* Tells the kind of a record by its field names. */
static enum kind record_kind(const struct record *r)
{
    for (int i = 0; i < r->n; i++)
        if (strcmp(r->f[i].name, "note_id") == 0)
            return KIND_NOTE;
    for (int i = 0; i < r->n; i++)
        if (strcmp(r->f[i].name, "series") == 0)
            return KIND_FIGURE;
    for (int i = 0; i < r->n; i++)
        if (strcmp(r->f[i].name, "kind") == 0)
            return KIND_EVENT;
    return KIND_POST;
}

static void import_record(struct importer *imp)
{
    rec_finish(&imp->rec);
    switch (record_kind(&imp->rec)) {
    case KIND_NOTE:
        import_note(imp, &imp->tags);
        break;
    case KIND_FIGURE:
        import_figure(imp);
        break;
    case KIND_EVENT:
        import_event(imp);
        break;
    case KIND_POST:
        import_post(imp, &imp->tags);
        break;
    }
}

/* ---- JSON ---------------------------------------------------------------------------- */

static enum ftype json_ftype(const char *t)
{
    switch (t[0]) {
    case 'n':
        return F_NULL;
    case 't':
        return t[1] == 'r' ? F_BOOL : F_TEXT; /* "true" / "text" */
    case 'f':
        return F_BOOL;
    case 'i':
        return F_INT;
    case 'r':
        return F_REAL;
    case 'a':
        return F_ARRAY;
    default:
        return F_OBJECT;
    }
}

/* True when JSON text escapes a NUL (\u0000), which SQLite's JSON
 * functions silently cut the string at. */
static bool has_nul_escape(const char *text, size_t len)
{
    for (const char *p = text; (p = memchr(p, 'u', (size_t)(text + len - p))); p++) {
        size_t slashes = 0;
        while (p - slashes > text && p[-1 - (ptrdiff_t)slashes] == '\\')
            slashes++;
        if (slashes % 2 == 1 && (size_t)(text + len - p) >= 5 && memcmp(p + 1, "0000", 4) == 0)
            return true;
    }
    return false;
}

/* One JSON object (a line, or an element of an array). */
static void import_json_object(struct importer *imp, const char *text, size_t len)
{
    sqlite3_stmt *st = imp->each;
    int rc;

    if (u8_check((const uint8_t *)text, len)) {
        bad(imp, "invalid UTF-8");
        return;
    }
    if (has_nul_escape(text, len)) {
        bad(imp, "a string contains a NUL character (\\u0000)");
        return;
    }
    rec_reset(&imp->rec, false);
    sqlite3_reset(st);
    sqlite3_bind_text(st, 1, text, (int)len, SQLITE_STATIC);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (sqlite3_column_type(st, 0) != SQLITE_TEXT) {
            bad(imp, "expected a JSON object");
            return;
        }
        if (rec_add(&imp->rec, (const char *)sqlite3_column_text(st, 0),
                    (size_t)sqlite3_column_bytes(st, 0),
                    (const char *)sqlite3_column_text(st, 2),
                    (size_t)sqlite3_column_bytes(st, 2),
                    json_ftype((const char *)sqlite3_column_text(st, 1))) != 0) {
            bad(imp, "too many fields");
            return;
        }
    }
    if (rc != SQLITE_DONE) {
        bad(imp, "bad JSON: %s", sqlite3_errmsg(imp->sql));
        return;
    }
    if (imp->rec.n == 0) {
        bad(imp, "expected a JSON object with fields");
        return;
    }
    import_record(imp);
}

static void progress(struct importer *imp, size_t more)
{
    imp->bytes += more;
    if (imp->opts->progress && imp->bytes >= imp->next_progress) {
        imp->opts->progress(imp->opts->progress_data, imp->file, imp->bytes);
        imp->next_progress = imp->bytes + (1u << 20);
    }
}

static bool blank(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
            return false;
    return true;
}

static void import_jsonl(struct importer *imp, FILE *fp)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;

    imp->line = imp->skipped_lines;
    while (!imp->fatal && (n = getline(&line, &cap, fp)) > 0) {
        char *s = line;
        imp->line++;
        progress(imp, (size_t)n);
        if (imp->line == 1 && n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
            s += 3, n -= 3;
        while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r'))
            n--;
        if (blank(s, (size_t)n))
            continue;
        import_json_object(imp, s, (size_t)n);
    }
    free(line);
}

static int read_all(FILE *fp, char **out, size_t *len)
{
    size_t cap = 65536, used = 0, n;
    char *buf = malloc(cap), *p;

    if (!buf)
        return -1;
    while ((n = fread(buf + used, 1, cap - used - 1, fp)) > 0) {
        used += n;
        if (cap - used < 4096) {
            if (!(p = realloc(buf, cap * 2))) {
                free(buf);
                return -1;
            }
            buf = p;
            cap *= 2;
        }
    }
    buf[used] = '\0';
    *out = buf;
    *len = used;
    return ferror(fp) ? -1 : 0;
}

/* A JSON array of objects, as MediaCrawler's "json" output writes. Each
 * element is cut out with a small scanner (strings, escapes, nesting) so
 * errors can name the line where the element starts. */
static void import_json_array(struct importer *imp, FILE *fp)
{
    char *buf;
    size_t len, i = 0;
    long line = 1 + imp->skipped_lines;

    if (read_all(fp, &buf, &len) != 0) {
        rf_error_set(imp->err, "%s: cannot read: %s", imp->file, strerror(errno));
        imp->fatal = true;
        return;
    }
    progress(imp, len);
    if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
        i = 3;
    for (; i < len && buf[i] != '['; i++)
        if (buf[i] == '\n')
            line++;
    for (i++; i < len && !imp->fatal;) {
        size_t start;
        int depth = 0;
        bool in_str = false;
        char c = buf[i];
        if (c == '\n')
            line++;
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ',') {
            i++;
            continue;
        }
        if (c == ']')
            break;
        start = i;
        imp->line = line;
        for (; i < len; i++) {
            c = buf[i];
            if (c == '\n')
                line++;
            if (in_str) {
                if (c == '\\')
                    i++;
                else if (c == '"')
                    in_str = false;
            } else if (c == '"')
                in_str = true;
            else if (c == '{' || c == '[')
                depth++;
            else if (c == '}' || c == ']') {
                if (--depth <= 0) {
                    i++;
                    break;
                }
            } else if (depth == 0 && c == ',')
                break;
        }
        import_json_object(imp, buf + start, i - start);
    }
    if (!imp->fatal && i >= len) {
        imp->line = line;
        bad(imp, "bad JSON: the array is not closed with ']'");
    }
    free(buf);
}

/* ---- CSV (libcsv: RFC 4180, streaming) -------------------------------------------- */

static void csv_field_cb(void *s, size_t len, void *data)
{
    struct importer *imp = data;
    int col = imp->csv_fields++;

    if (imp->in_header) {
        char **h = realloc(imp->header, (size_t)(col + 1) * sizeof *h);
        if (!h || !(h[col] = strndup(s ? s : "", len))) {
            imp->header = h ? h : imp->header;
            imp->csv_row_bad = true;
            return;
        }
        imp->header = h;
        imp->nheader = col + 1;
        return;
    }
    if (col >= imp->nheader || imp->csv_row_bad)
        return;
    if (s && memchr(s, '\0', len)) {
        bad(imp, "%s: contains a NUL byte", imp->header[col]);
        imp->csv_row_bad = true;
        return;
    }
    if (rec_add(&imp->rec, imp->header[col], strlen(imp->header[col]), s ? s : "", len,
                F_TEXT) != 0) {
        bad(imp, "too many fields");
        imp->csv_row_bad = true;
    }
}

/* Checks the header once: the kind its names tell, and no unknown names
 * (MediaCrawler's extra columns excepted). */
static void csv_header_done(struct importer *imp)
{
    static const char *const *const known[] = {
        [KIND_POST] = post_fields, [KIND_EVENT] = event_fields, [KIND_FIGURE] = figure_fields};
    enum kind kind;

    /* A header cell is a field name: strip a UTF-8 BOM. */
    if (imp->nheader > 0 && strncmp(imp->header[0], "\xef\xbb\xbf", 3) == 0)
        memmove(imp->header[0], imp->header[0] + 3, strlen(imp->header[0]) - 2);
    rec_reset(&imp->rec, true);
    for (int i = 0; i < imp->nheader; i++)
        rec_add(&imp->rec, imp->header[i], strlen(imp->header[i]), "", 0, F_TEXT);
    rec_finish(&imp->rec);
    kind = record_kind(&imp->rec);
    for (int i = 0; i < imp->nheader && !imp->file_done; i++) {
        bool ok = kind == KIND_NOTE;
        for (int k = 0; !ok && known[kind][k]; k++)
            ok = strcmp(known[kind][k], imp->header[i]) == 0;
        for (int j = 0; ok && j < i; j++)
            if (strcmp(imp->header[i], imp->header[j]) == 0) {
                bad(imp, "header: column '%s' appears twice", imp->header[i]);
                imp->file_done = true;
            }
        if (!ok) {
            bad(imp, "header: unknown field '%s'", imp->header[i]);
            imp->file_done = true;
        }
    }
}

static void csv_row_cb(int c, void *data)
{
    struct importer *imp = data;

    (void)c;
    imp->row_ended = true;
    if (imp->in_header) {
        imp->in_header = false;
        csv_header_done(imp);
    } else if (!imp->csv_row_bad && !imp->fatal && !imp->file_done) {
        if (imp->csv_fields != imp->nheader)
            bad(imp, "expected %d fields as in the header, found %d", imp->nheader,
                imp->csv_fields);
        else
            import_record(imp);
    }
    imp->csv_fields = 0;
    imp->csv_row_bad = false;
    rec_reset(&imp->rec, true);
}

#define CSV_OPTIONS (CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL)

static void import_csv(struct importer *imp, FILE *fp)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    long physical = imp->skipped_lines;
    bool in_record = false;

    /* Fed a line at a time, so the start line of each record is known: a
     * record can only end at the end of a line. */
    csv_init(&imp->csv, CSV_OPTIONS);
    imp->in_header = true;
    imp->csv_fields = 0;
    imp->csv_row_bad = false;
    rec_reset(&imp->rec, true);
    while (!imp->fatal && !imp->file_done && (n = getline(&line, &cap, fp)) > 0) {
        physical++;
        progress(imp, (size_t)n);
        if (!in_record) {
            if (blank(line, (size_t)n))
                continue;
            imp->line = physical;
            in_record = true;
        }
        imp->row_ended = false;
        if (csv_parse(&imp->csv, line, (size_t)n, csv_field_cb, csv_row_cb, imp) !=
            (size_t)n) {
            bad(imp, "bad CSV quoting: a quote inside an unquoted field, or text after a "
                     "closing quote");
            if (imp->in_header)
                imp->file_done = true;
            /* Start afresh on the next line. */
            csv_free(&imp->csv);
            csv_init(&imp->csv, CSV_OPTIONS);
            imp->csv_fields = 0;
            imp->csv_row_bad = false;
            rec_reset(&imp->rec, true);
            in_record = false;
            continue;
        }
        if (imp->row_ended)
            in_record = false;
    }
    if (!imp->fatal && !imp->file_done &&
        csv_fini(&imp->csv, csv_field_cb, csv_row_cb, imp) != 0)
        bad(imp, "bad CSV quoting: a quoted field is not closed");
    csv_free(&imp->csv);
    free(line);
    for (int i = 0; i < imp->nheader; i++)
        free(imp->header[i]);
    free(imp->header);
    imp->header = NULL;
    imp->nheader = 0;
}

/* ---- driver ---------------------------------------------------------------------------- */

static const struct {
    size_t offset;
    const char *sql;
} statements[] = {
    {offsetof(struct importer, each), "SELECT key, type, value FROM json_each(?1)"},
    {offsetof(struct importer, each_inner), "SELECT key, type, value FROM json_each(?1)"},
    {offsetof(struct importer, seen), "INSERT INTO temp.import_seen VALUES(?1, ?2)"},
    /* A new post is a plain INSERT, a known one an UPDATE that writes only
     * when something differs: no upsert, no triggers on either path, so
     * SQLite needs no statement journal (a copy of every page a statement
     * touches) for each post. */
    {offsetof(struct importer, insert_post),
     "INSERT INTO posts(platform, ext_id, author, region, lang, ts_utc, utc_offset, text,"
     " translation, translation_kind, likes, comments, collects, shares, tags, url,"
     " provenance, source, note, bundled)"
     " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,"
     " ?18, ?19, ?20)"},
    /* A user import never takes a bundled post away from the bundle. */
    {offsetof(struct importer, update_post),
     "UPDATE posts SET author = ?3, region = ?4, lang = ?5, ts_utc = ?6, utc_offset = ?7,"
     " text = ?8, translation = ?9, translation_kind = ?10, likes = ?11, comments = ?12,"
     " collects = ?13, shares = ?14, tags = ?15, url = ?16, provenance = ?17, source = ?18,"
     " note = ?19, bundled = max(bundled, ?20)"
     " WHERE id = ?21 AND NOT (author IS ?3 AND region IS ?4 AND lang = ?5"
     " AND ts_utc = ?6 AND utc_offset IS ?7 AND text = ?8 AND translation IS ?9"
     " AND translation_kind = ?10 AND likes = ?11 AND comments = ?12 AND collects = ?13"
     " AND shares = ?14 AND tags = ?15 AND url IS ?16 AND provenance = ?17"
     " AND source IS ?18 AND note IS ?19 AND bundled >= ?20)"},
    {offsetof(struct importer, find_post),
     "SELECT id FROM posts WHERE platform = ?1 AND ext_id = ?2"},
    {offsetof(struct importer, del_tags), "DELETE FROM post_tags WHERE post_id = ?1"},
    {offsetof(struct importer, ins_tag), "INSERT OR IGNORE INTO post_tags VALUES(?1, ?2)"},
    {offsetof(struct importer, upsert_event),
     "INSERT INTO events(id, ts_utc, date, time, utc_offset, tz, kind, title_en, title_zh,"
     " summary_en, summary_zh, confidence, importance, notes, bundled)"
     " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)"
     " ON CONFLICT(id) DO UPDATE SET ts_utc = excluded.ts_utc, date = excluded.date,"
     " time = excluded.time, utc_offset = excluded.utc_offset, tz = excluded.tz,"
     " kind = excluded.kind, title_en = excluded.title_en, title_zh = excluded.title_zh,"
     " summary_en = excluded.summary_en, summary_zh = excluded.summary_zh,"
     " confidence = excluded.confidence, importance = excluded.importance,"
     " notes = excluded.notes, bundled = max(bundled, excluded.bundled)"
     " WHERE NOT (ts_utc = excluded.ts_utc AND date = excluded.date"
     " AND time IS excluded.time AND utc_offset IS excluded.utc_offset"
     " AND tz IS excluded.tz AND kind = excluded.kind AND title_en = excluded.title_en"
     " AND title_zh = excluded.title_zh AND summary_en = excluded.summary_en"
     " AND summary_zh = excluded.summary_zh AND confidence = excluded.confidence"
     " AND importance = excluded.importance AND notes IS excluded.notes"
     " AND bundled >= excluded.bundled)"
     " RETURNING rid"},
    {offsetof(struct importer, find_event),
     "SELECT rid, (SELECT group_concat(source_id) FROM (SELECT source_id FROM event_sources"
     " WHERE event_rid = events.rid ORDER BY pos)) FROM events WHERE id = ?1"},
    {offsetof(struct importer, del_event_sources),
     "DELETE FROM event_sources WHERE event_rid = ?1"},
    {offsetof(struct importer, ins_event_source), "INSERT INTO event_sources VALUES(?1, ?2, ?3)"},
    {offsetof(struct importer, upsert_figure),
     "INSERT INTO figures(id, series, label_en, label_zh, value, qualifier, unit, as_of,"
     " ts_utc, utc_offset, tz, confidence, event_id, notes, bundled)"
     " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)"
     " ON CONFLICT(id) DO UPDATE SET series = excluded.series,"
     " label_en = excluded.label_en, label_zh = excluded.label_zh, value = excluded.value,"
     " qualifier = excluded.qualifier, unit = excluded.unit, as_of = excluded.as_of,"
     " ts_utc = excluded.ts_utc, utc_offset = excluded.utc_offset, tz = excluded.tz,"
     " confidence = excluded.confidence, event_id = excluded.event_id,"
     " notes = excluded.notes, bundled = max(bundled, excluded.bundled)"
     " WHERE NOT (series = excluded.series AND label_en = excluded.label_en"
     " AND label_zh = excluded.label_zh AND value = excluded.value"
     " AND qualifier IS excluded.qualifier AND unit = excluded.unit"
     " AND as_of = excluded.as_of AND ts_utc = excluded.ts_utc"
     " AND utc_offset IS excluded.utc_offset AND tz IS excluded.tz"
     " AND confidence = excluded.confidence AND event_id IS excluded.event_id"
     " AND notes IS excluded.notes AND bundled >= excluded.bundled)"
     " RETURNING rid"},
    {offsetof(struct importer, find_figure),
     "SELECT rid, (SELECT group_concat(source_id) FROM (SELECT source_id FROM figure_sources"
     " WHERE figure_rid = figures.rid ORDER BY pos)) FROM figures WHERE id = ?1"},
    {offsetof(struct importer, del_figure_sources),
     "DELETE FROM figure_sources WHERE figure_rid = ?1"},
    {offsetof(struct importer, ins_figure_source),
     "INSERT INTO figure_sources VALUES(?1, ?2, ?3)"},
    {offsetof(struct importer, ins_source),
     "INSERT INTO sources(publisher, title, published, url) VALUES(?1, ?2, ?3, ?4)"},
    {offsetof(struct importer, find_source),
     "SELECT id FROM sources WHERE publisher = ?1 AND title = ?2 AND published = ?3"
     " AND url = ?4"},
};

#define NSTATEMENTS (sizeof statements / sizeof statements[0])

/* Brings the search index, the per-day table and the tag counts up to date
 * with what this import wrote, a few set-based statements instead of work
 * per post: FTS5 then builds large segments, and the days and tags touched
 * are counted again from the posts. */
static int importer_finish(struct importer *imp)
{
    static const char sql[] =
        /* Old texts out of the index, new ones in, as the index's view
         * of posts (posts_fts_src) shows them. */
        "INSERT INTO posts_fts(posts_fts, rowid, text, translation)"
        " SELECT 'delete', id, text || char(65535, 65535), translation || char(65535, 65535)"
        " FROM temp.import_old;"
        "INSERT INTO posts_fts(rowid, text, translation)"
        " SELECT s.id, s.text, s.translation FROM temp.import_old o"
        " JOIN posts_fts_src s ON s.id = o.id"
        " UNION ALL SELECT id, text, translation FROM posts_fts_src"
        " WHERE id > (SELECT max_id FROM temp.import_base);"
        /* The days a post left or joined. */
        "INSERT OR IGNORE INTO temp.import_days SELECT day FROM temp.import_old;"
        "INSERT OR IGNORE INTO temp.import_days SELECT p.ts_utc / 86400"
        " FROM temp.import_old o JOIN posts p ON p.id = o.id;"
        "INSERT OR IGNORE INTO temp.import_days SELECT ts_utc / 86400 FROM posts"
        " WHERE id > (SELECT max_id FROM temp.import_base);"
        "DELETE FROM daily WHERE day IN (SELECT day FROM temp.import_days);"
        /* total(): likes of many posts may pass 64 bits; the cast saturates. */
        "INSERT INTO daily SELECT d.day, p.platform, p.lang, count(*),"
        " CAST(total(p.likes) AS INTEGER)"
        " FROM temp.import_days d JOIN posts p"
        " ON p.ts_utc >= d.day * 86400 AND p.ts_utc < d.day * 86400 + 86400"
        " GROUP BY 1, 2, 3;"
        /* The tags a post lost or gained. */
        "INSERT OR IGNORE INTO temp.import_tags SELECT j.value"
        " FROM temp.import_old o, json_each(o.tags) j;"
        "INSERT OR IGNORE INTO temp.import_tags SELECT t.tag"
        " FROM temp.import_old o JOIN post_tags t ON t.post_id = o.id;"
        "INSERT OR IGNORE INTO temp.import_tags SELECT tag FROM post_tags"
        " WHERE post_id > (SELECT max_id FROM temp.import_base);"
        "DELETE FROM tag_counts WHERE tag IN (SELECT tag FROM temp.import_tags);"
        "INSERT INTO tag_counts SELECT tag, n FROM (SELECT i.tag,"
        " (SELECT count(*) FROM post_tags t WHERE t.tag = i.tag) AS n"
        " FROM temp.import_tags i) WHERE n > 0;"
        "DELETE FROM temp.import_old; DELETE FROM temp.import_days;"
        "DELETE FROM temp.import_tags;";

    if (sqlite3_exec(imp->sql, sql, NULL, NULL, NULL) != SQLITE_OK) {
        rf_error_set(imp->err, "cache: counting the import: %s", sqlite3_errmsg(imp->sql));
        return -1;
    }
    return 0;
}

static void importer_close(struct importer *imp)
{
    for (size_t i = 0; i < NSTATEMENTS; i++)
        sqlite3_finalize(*(sqlite3_stmt **)((char *)imp + statements[i].offset));
    /* Another import on this connection makes them again; the rows were
     * applied or rolled back with the transaction. */
    sqlite3_exec(imp->sql,
                 "DROP TRIGGER IF EXISTS temp.import_old_bu;"
                 "DELETE FROM temp.import_old; DELETE FROM temp.import_days;"
                 "DELETE FROM temp.import_tags;",
                 NULL, NULL, NULL);
    free(imp->rec.buf);
    free(imp->tags.buf);
    free(imp->tags.off);
    free(imp->tags.set);
    free(imp->tags.json);
}

static int importer_open(struct importer *imp, struct db *db, const struct import_options *opts,
                         struct import_result *res, struct rf_error *err)
{
    memset(imp, 0, sizeof *imp);
    imp->sql = db_sql(db);
    imp->opts = opts;
    imp->res = res;
    imp->err = err;
    /* Temporary, on this connection only: ids seen in this file; the
     * largest post id before the import (rowids grow, so every post above
     * it is new); and the old values of the posts this import changed,
     * saved by a TEMP trigger before the first change, so importer_finish()
     * can bring the search index, per-day and tag counts up to date. */
    if (sqlite3_exec(imp->sql,
                     "CREATE TEMP TABLE IF NOT EXISTS import_seen(k1 TEXT, k2 TEXT,"
                     " PRIMARY KEY(k1, k2)) WITHOUT ROWID;"
                     "CREATE TEMP TABLE IF NOT EXISTS import_base(max_id INTEGER);"
                     "DELETE FROM import_base;"
                     "INSERT INTO import_base SELECT coalesce(max(id), 0) FROM main.posts;"
                     "CREATE TEMP TABLE IF NOT EXISTS import_old(id INTEGER PRIMARY KEY,"
                     " day INTEGER, text TEXT, translation TEXT, tags TEXT);"
                     "CREATE TEMP TABLE IF NOT EXISTS import_days(day INTEGER PRIMARY KEY);"
                     "CREATE TEMP TABLE IF NOT EXISTS import_tags(tag TEXT PRIMARY KEY)"
                     " WITHOUT ROWID;"
                     "CREATE TEMP TRIGGER IF NOT EXISTS import_old_bu BEFORE UPDATE ON main.posts"
                     " WHEN old.id <= (SELECT max_id FROM import_base)"
                     " AND old.id NOT IN (SELECT id FROM import_old) BEGIN"
                     " INSERT INTO import_old VALUES(old.id, old.ts_utc / 86400, old.text,"
                     " old.translation, old.tags); END;",
                     NULL, NULL, NULL) != SQLITE_OK) {
        rf_error_set(err, "cache: %s", sqlite3_errmsg(imp->sql));
        return -1;
    }
    for (size_t i = 0; i < NSTATEMENTS; i++) {
        sqlite3_stmt **st = (sqlite3_stmt **)((char *)imp + statements[i].offset);
        if (sqlite3_prepare_v3(imp->sql, statements[i].sql, -1, SQLITE_PREPARE_PERSISTENT, st,
                               NULL) != SQLITE_OK) {
            rf_error_set(err, "cache: %s", sqlite3_errmsg(imp->sql));
            importer_close(imp);
            return -1;
        }
    }
    return 0;
}

/* Picks the encoding from the first byte that is not a UTF-8 BOM or white
 * space, and pushes that byte back; *lines counts the line ends skipped. */
static enum import_format sniff(FILE *fp, long *lines)
{
    int c = getc(fp);

    *lines = 0;
    if (c == 0xef) {
        getc(fp);
        getc(fp);
        c = getc(fp);
    }
    while (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        if (c == '\n')
            ++*lines;
        c = getc(fp);
    }
    if (c != EOF)
        ungetc(c, fp);
    return c == '{' ? IMPORT_JSONL : c == '[' ? IMPORT_JSON : IMPORT_CSV;
}

static void import_one(struct importer *imp, const char *name, FILE *fp)
{
    enum import_format format = imp->opts->format;

    imp->file = name;
    imp->line = 0;
    imp->file_done = false;
    imp->skipped_lines = 0;
    if (sqlite3_exec(imp->sql, "DELETE FROM temp.import_seen", NULL, NULL, NULL) != SQLITE_OK) {
        db_fail(imp);
        return;
    }
    if (format == IMPORT_AUTO)
        format = sniff(fp, &imp->skipped_lines);
    if (format == IMPORT_JSONL)
        import_jsonl(imp, fp);
    else if (format == IMPORT_JSON)
        import_json_array(imp, fp);
    else
        import_csv(imp, fp);
    if (!imp->fatal && ferror(fp)) {
        rf_error_set(imp->err, "%s: read error: %s", name, strerror(errno));
        imp->fatal = true;
    }
}

int import_run(struct db *db, const struct import_input *inputs, size_t n,
               const struct import_options *opts, struct import_result *result,
               struct rf_error *err)
{
    struct importer imp;

    memset(result, 0, sizeof *result);
    if (db_begin(db, err) != 0)
        return -1;
    db_bulk_mode(db, true);
    if (importer_open(&imp, db, opts, result, err) != 0) {
        db_rollback(db);
        db_bulk_mode(db, false);
        return -1;
    }
    for (size_t i = 0; i < n && !imp.fatal; i++)
        import_one(&imp, inputs[i].name, inputs[i].fp);
    if (!imp.fatal && importer_finish(&imp) != 0)
        imp.fatal = true;
    importer_close(&imp);
    if (imp.fatal || db_commit(db, err) != 0) {
        db_rollback(db);
        db_bulk_mode(db, false);
        return -1;
    }
    db_bulk_mode(db, false);
    return 0;
}

int import_buffer(struct db *db, const char *name, const char *data, size_t len,
                  const struct import_options *opts, struct import_result *result,
                  struct rf_error *err)
{
    struct importer imp;
    FILE *fp;

    memset(result, 0, sizeof *result);
    if (len == 0)
        return 0;
    if (!(fp = fmemopen((void *)data, len, "r"))) {
        rf_error_set(err, "%s: %s", name, strerror(errno));
        return -1;
    }
    if (importer_open(&imp, db, opts, result, err) != 0) {
        fclose(fp);
        return -1;
    }
    import_one(&imp, name, fp);
    if (!imp.fatal && importer_finish(&imp) != 0)
        imp.fatal = true;
    importer_close(&imp);
    fclose(fp);
    return imp.fatal ? -1 : 0;
}

int import_drop_bundled(struct db *db, struct rf_error *err)
{
    char *msg = NULL;

    if (sqlite3_exec(db_sql(db),
                     "DELETE FROM posts WHERE bundled; DELETE FROM events WHERE bundled;"
                     "DELETE FROM figures WHERE bundled;",
                     NULL, NULL, &msg) != SQLITE_OK) {
        rf_error_set(err, "cache: %s", msg ? msg : "cannot remove the old bundle");
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}
