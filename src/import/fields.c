#include "autoconfig.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>

#include "../vocab.h"
#include "../when.h"
#include "../workbench.h"
#include "fields.h"
#include "i18n.h"

/* ---- values as platforms print them ---- */

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
    return vocab_langs[han > 0 && han * 3 >= latin ? VOCAB_LANG_ZH : VOCAB_LANG_EN];
}

int import_parse_count(const char *s, int64_t *out, bool *at_least)
{
    double v = 0, scale = 1, frac = 0.1;
    bool seen = false, dot = false;
    const char *p = s;

    if (at_least)
        *at_least = false;
    while (*p == ' ')
        p++;
    /* Xiaohongshu shows the button's label instead of a count of 0. */
    if (strcmp(p, "赞") == 0) {
        *out = 0;
        return 0;
    }
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
    if (!seen)
        return -1;
    if (strncmp(p, "万", 3) == 0 || *p == 'w' || *p == 'W')
        scale = 1e4, p += *p == 'w' || *p == 'W' ? 1 : 3;
    else if (strncmp(p, "千", 3) == 0 || *p == 'k' || *p == 'K')
        scale = 1e3, p += *p == 'k' || *p == 'K' ? 1 : 3;
    else if (strncmp(p, "亿", 3) == 0)
        scale = 1e8, p += 3;
    if (*p == '+') {
        p++;
        if (at_least)
            *at_least = true;
    }
    while (*p == ' ')
        p++;
    if (*p || (dot && scale == 1 && frac < 0.1 && v != (double)(int64_t)v))
        return -1;
    /* The limit applies to the count, after 万, 亿 or k has scaled it. */
    if (v * scale > (double)IMPORT_COUNT_MAX)
        return -2;
    *out = (int64_t)(v * scale + 0.5);
    return 0;
}

/* ---- getters ---- */

/* A field that is there with a value: JSON null (as a path read gives for
 * an absent member) is absent. */
static const struct field *present(const struct field *f)
{
    return f && f->type != F_NULL ? f : NULL;
}

/* Maps the record's fields to slots of `names`; a NULL slot is absent (JSON
 * null and empty CSV cells count as absent). Returns -1 after reporting an
 * unknown field when `strict`. */
int map_fields(struct import_sink *sink, const char *const *names, bool strict,
                      const struct field **slots)
{
    bool seen[MAX_SLOTS] = {false};

    for (int i = 0; i < MAX_SLOTS; i++)
        slots[i] = NULL;
    for (int i = 0; i < sink->rec.n; i++) {
        const struct field *f = &sink->rec.f[i];
        int k;
        for (k = 0; names[k]; k++)
            if (strcmp(names[k], f->name) == 0)
                break;
        if (!names[k]) {
            if (strict) {
                sink_bad(sink, _("unknown field '%s'"), f->name);
                return -1;
            }
            continue;
        }
        if (seen[k]) {
            sink_bad(sink, _("field '%s' appears twice"), f->name);
            return -1;
        }
        seen[k] = true;
        if (f->type == F_NULL || (f->type == F_TEXT && sink->rec.csv && f->len == 0))
            continue;
        slots[k] = f;
    }
    return 0;
}

/* Valid UTF-8 without NUL (which no export could write back), or a bad
 * record naming the field. */
/* A value decoded from a JSON array's element: "\ud800" decodes to bytes
 * that are not UTF-8, and the file's own bytes are checked only where a
 * whole line is (reader_json.c), not in a CSV cell. */
static bool plain_text(const char *v, size_t n)
{
    return !memchr(v, '\0', n) && !u8_check((const uint8_t *)v, n);
}

static bool check_utf8(struct import_sink *sink, const struct field *f)
{
    const uint8_t *badpos = u8_check((const uint8_t *)f->value, f->len);
    if (memchr(f->value, '\0', f->len)) {
        sink_bad(sink, _("%s: contains a NUL character"), f->name);
        return false;
    }
    if (badpos) {
        sink_bad(sink, _("%s: invalid UTF-8 at byte %zu"), f->name,
            (size_t)(badpos - (const uint8_t *)f->value));
        return false;
    }
    return true;
}

/* A string field (required or not). Sets *out to NULL when absent. */
bool get_text(struct import_sink *sink, const struct field *f, const char *name,
                     bool required, const char **out, size_t *len)
{
    f = present(f);
    *out = NULL;
    if (len)
        *len = 0;
    if (!f) {
        if (required)
            sink_bad(sink, _("missing required field '%s'"), name);
        return !required;
    }
    if (f->type != F_TEXT) {
        sink_bad(sink, _("%s: expected a string"), name);
        return false;
    }
    if (!check_utf8(sink, f))
        return false;
    if (required && f->len == 0) {
        sink_bad(sink, _("%s: must not be empty"), name);
        return false;
    }
    *out = f->len ? f->value : NULL;
    if (len)
        *len = f->len;
    return true;
}

/* An identifier: a string, or a JSON integer written as text. */
bool get_id(struct import_sink *sink, const struct field *f, const char *name,
                   const char **out, size_t *len)
{
    f = present(f);
    if (f && f->type == F_INT) {
        *out = f->value;
        *len = f->len;
        return true;
    }
    return get_text(sink, f, name, true, out, len);
}

/* Values that say a count is not known: "" (MediaCrawler), "$undefined"
 * (Douyin's pages), "N/A" (4CAT), "?" (refuge's own export). */
static bool unknown_count(const struct field *f)
{
    return f->type == F_TEXT && (f->len == 0 || strcmp(f->value, "$undefined") == 0 ||
                                 strcmp(f->value, "N/A") == 0 || strcmp(f->value, "?") == 0);
}

bool get_id_opt(struct import_sink *sink, const struct field *f, const char *name,
                const char **out)
{
    f = present(f);
    *out = NULL;
    if (f && f->type == F_INT) {
        *out = f->value;
        return true;
    }
    return get_text(sink, f, name, false, out, NULL);
}

bool get_count(struct import_sink *sink, const struct field *f, const char *name,
               struct counts *c, enum count_kind kind)
{
    f = present(f);
    unsigned bit = 1u << kind;
    int64_t *out = &c->v[kind];

    *out = 0;
    c->known &= ~bit;
    c->at_least &= ~bit;
    if (!f || unknown_count(f))
        return true;
    if (f->type == F_INT || f->type == F_TEXT) {
        bool at_least = false;
        int rc = f->value[0] == '-' ? -1 : import_parse_count(f->value, out, &at_least);
        if (rc == 0) {
            c->known |= bit;
            if (at_least)
                c->at_least |= bit;
            return true;
        }
        if (rc == -2)
            sink_bad(sink, _("%s: expected a count, got '%.40s', above the limit of %lld"), name,
                     f->value, (long long)IMPORT_COUNT_MAX);
        else
            sink_bad(sink, _("%s: expected a count, got '%.40s'"), name, f->value);
        return false;
    }
    sink_bad(sink, _("%s: expected a whole number"), name);
    return false;
}

/* One of a fixed set of words. */
bool get_choice(struct import_sink *sink, const struct field *f, const char *name,
                       const char *const *choices, const char *fallback, const char **out)
{
    if (!get_text(sink, f, name, fallback == NULL, out, NULL))
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
        sink_bad(sink, _("%s: expected %s, got '%.40s'"), name, list, *out);
    }
    return false;
}

/* "+08:00" style offset field. */
bool get_offset(struct import_sink *sink, const struct field *f, const char *name,
                       bool *has, int *minutes)
{
    const char *s;

    *has = false;
    if (!get_text(sink, f, name, false, &s, NULL))
        return false;
    if (!s)
        return true;
    if (when_parse_offset(s, minutes) != 0) {
        sink_bad(sink, _("%s: expected an offset like +08:00 or -05:00, got '%.40s'"), name, s);
        return false;
    }
    *has = true;
    return true;
}

bool get_time(struct import_sink *sink, const struct field *f, const char *name, int64_t *ts,
              bool *has_offset, int *offset)
{
    f = present(f);
    struct rf_error why = {{0}};
    struct when_instant at;

    if (!f) {
        sink_bad(sink, _("missing required field '%s'"), name);
        return false;
    }
    if (f->type != F_TEXT && f->type != F_INT) {
        sink_bad(sink, _("%s: expected an ISO 8601 string or Unix time"), name);
        return false;
    }
    if (when_parse_instant(f->value, &at, &why) != 0) {
        sink_bad(sink, "%s: %s", name, why.msg);
        return false;
    }
    *ts = at.ts;
    *has_offset = at.has_offset;
    *offset = at.offset_min;
    return true;
}

bool get_time_opt(struct import_sink *sink, const struct field *f, const char *name,
                  int64_t *ts, bool *has)
{
    bool has_offset;
    int offset;

    *has = present(f) != NULL;
    *ts = 0;
    return !*has || get_time(sink, f, name, ts, &has_offset, &offset);
}

bool get_flag(struct import_sink *sink, const struct field *f, const char *name, bool *out)
{
    f = present(f);
    *out = false;
    if (!f)
        return true;
    if (f->type == F_BOOL || f->type == F_INT || f->type == F_TEXT) {
        if (strcmp(f->value, "true") == 0 || strcmp(f->value, "1") == 0)
            return *out = true;
        if (strcmp(f->value, "false") == 0 || strcmp(f->value, "0") == 0)
            return true;
    }
    sink_bad(sink, _("%s: expected true or false"), name);
    return false;
}

bool get_mail_time(struct import_sink *sink, const struct field *f, const char *name,
                   int64_t *ts, bool *has_offset, int *offset)
{
    f = present(f);
    struct rf_error why = {{0}};
    struct when_instant at;

    if (!f) {
        sink_bad(sink, _("missing required field '%s'"), name);
        return false;
    }
    if (f->type != F_TEXT || when_parse_mail(f->value, &at, &why) != 0) {
        sink_bad(sink, "%s: %s", name, f->type != F_TEXT ? _("expected a string") : why.msg);
        return false;
    }
    *ts = at.ts;
    *has_offset = at.has_offset;
    *offset = at.offset_min;
    return true;
}

bool get_number(struct import_sink *sink, const struct field *f, const char *name, double *out)
{
    f = present(f);
    char *end;

    if (!f) {
        sink_bad(sink, _("missing required field '%s'"), name);
        return false;
    }
    if (f->type != F_INT && f->type != F_REAL && f->type != F_TEXT) {
        sink_bad(sink, _("%s: expected a number"), name);
        return false;
    }
    errno = 0;
    *out = strtod(f->value, &end);
    /* strtod reads "nan" and "inf" too, which no figure is (and NaN would
     * reach the cache as NULL). */
    if (end == f->value || *end || errno || !isfinite(*out)) {
        sink_bad(sink, _("%s: expected a number, got '%.40s'"), name, f->value);
        return false;
    }
    return true;
}

/* Each element of a tag array: a string. */
static bool add_tag(void *data, const char *key, size_t klen, enum ftype type,
                    const char *value, size_t vlen)
{
    struct import_sink *sink = data;

    (void)key, (void)klen;
    if (type != F_TEXT || !plain_text(value, vlen))
        return false;
    tags_add(&sink->tags, value, vlen);
    return true;
}

bool get_tags(struct import_sink *sink, const struct field *f, const char *name)
{
    f = present(f);
    tags_clear(&sink->tags);
    if (f && (f->type == F_ARRAY || (f->type == F_TEXT && f->value[0] == '['))) {
        int rc;
        if (f->type == F_TEXT && !check_utf8(sink, f))
            return false;
        rc = json_members(sink->json, 1, f->value, f->len, add_tag, sink);
        if (rc == 0) {
            sink_bad(sink, _("%s: expected an array of strings"), name);
            return false;
        }
        if (rc < 0) {
            sink_bad(sink, _("%s: bad JSON array"), name);
            return false;
        }
    } else if (f && f->type == F_TEXT) {
        if (!check_utf8(sink, f))
            return false;
        tags_split(&sink->tags, f->value);
    } else if (f) {
        sink_bad(sink, _("%s: expected an array of strings or a comma-separated string"), name);
        return false;
    }
    if (sink->tags.failed || !tags_to_json(&sink->tags)) {
        sink_fatal(sink, "out of memory");
        return false;
    }
    return true;
}

bool get_epoch(struct import_sink *sink, const struct field *f, const char *name, bool ms,
               int64_t *ts, bool *has)
{
    f = present(f);
    int64_t v = 0;
    const char *p;

    *has = false;
    *ts = 0;
    if (!f || (f->type == F_TEXT && f->len == 0))
        return true;
    if (f->type != F_INT && f->type != F_TEXT) {
        sink_bad(sink, _("%s: expected a Unix time"), name);
        return false;
    }
    for (p = f->value; *p >= '0' && *p <= '9' && v < INT64_MAX / 100; p++)
        v = v * 10 + (*p - '0');
    if (p == f->value || *p) {
        sink_bad(sink, _("%s: expected a Unix time%s, got '%.40s'"), name,
                 ms ? _(" in milliseconds") : "", f->value);
        return false;
    }
    *ts = ms ? v / 1000 : v;
    if (*ts > when_utc_seconds(WHEN_YEAR_MAX, 12, 31, 23, 59, 59)) {
        sink_bad(sink, _("%s: '%.40s' is after %d"), name, f->value, WHEN_YEAR_MAX);
        return false;
    }
    *has = true;
    return true;
}

bool get_lang(struct import_sink *sink, const struct field *f, const char *name,
              const char **out)
{
    if (!get_text(sink, f, name, false, out, NULL))
        return false;
    if (!*out)
        return true;
    for (const char *p = *out; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '-') {
            *out = NULL;
            break;
        }
    if (!*out || strlen(f->value) > 15 || !isalpha((unsigned char)f->value[0])) {
        sink_bad(sink, _("%s: expected a language code like zh, en or ja, got '%.40s'"), name,
                 f->value);
        *out = NULL;
        return false;
    }
    return true;
}

/* A medium written as an object: its url (copied: a member's value lasts
 * only through its callback) and kind. */
struct medium {
    char *url;
    enum media_kind kind;
    bool ok;
};

static bool medium_member(void *data, const char *key, size_t klen, enum ftype type,
                          const char *value, size_t vlen)
{
    struct medium *m = data;

    (void)klen;
    if (type == F_TEXT && strcmp(key, "url") == 0 && !m->url)
        m->ok = plain_text(value, vlen) && (m->url = strndup(value, vlen)) != NULL;
    else if (type == F_TEXT && strcmp(key, "kind") == 0 && strcmp(value, "video") == 0)
        m->kind = MEDIA_VIDEO;
    else if (!(type == F_TEXT && strcmp(key, "kind") == 0 && strcmp(value, "image") == 0))
        m->ok = false;
    return m->ok;
}

/* An image's URL, or {"url": URL, "kind": "image" or "video"}. */
static bool add_medium(void *data, const char *key, size_t klen, enum ftype type,
                       const char *value, size_t vlen)
{
    struct import_sink *sink = data;
    struct medium m = {.url = NULL, .kind = MEDIA_IMAGE, .ok = true};

    (void)key, (void)klen;
    if (type == F_TEXT) {
        if (!plain_text(value, vlen))
            return false;
        media_add(&sink->media, value, vlen, MEDIA_IMAGE);
        return true;
    }
    if (type == F_OBJECT && json_members(sink->json, 2, value, vlen, medium_member, &m) == 1 &&
        m.ok && m.url)
        media_add(&sink->media, m.url, strlen(m.url), m.kind);
    else
        m.ok = false;
    free(m.url);
    return m.ok;
}

bool get_media(struct import_sink *sink, const struct field *f, const char *name)
{
    int rc;

    f = present(f);
    media_clear(&sink->media);
    if (!f)
        return true;
    if (f->type == F_TEXT && !check_utf8(sink, f))
        return false;
    if ((f->type != F_ARRAY && (f->type != F_TEXT || f->value[0] != '[')) ||
        (rc = json_members(sink->json, 1, f->value, f->len, add_medium, sink)) == 0) {
        sink_bad(sink, _("%s: expected an array of URLs (or {\"url\", \"kind\"} objects)"), name);
        return false;
    }
    if (rc < 0) {
        sink_bad(sink, _("%s: bad JSON array"), name);
        return false;
    }
    if (sink->media.failed) {
        sink_fatal(sink, "out of memory");
        return false;
    }
    return true;
}

/* An array of objects: adds the string at member `path` of each, to the
 * tags or the media. */
struct pick {
    struct import_sink *sink;
    enum media_kind kind;
    bool tags, bad;
};

static bool pick_one(void *data, const char *key, size_t klen, enum ftype type,
                     const char *value, size_t vlen)
{
    struct pick *p = data;

    (void)key, (void)klen, (void)type;
    if (!plain_text(value, vlen))
        return !(p->bad = true);
    if (p->tags)
        tags_add(&p->sink->tags, value, vlen);
    else
        media_add(&p->sink->media, value, vlen, p->kind);
    return true;
}

static bool pick(struct import_sink *sink, const struct field *f, const char *name,
                 const char *path, struct pick *p)
{
    if (!f || f->type == F_NULL)
        return true;
    if (f->type != F_ARRAY || json_pluck(sink->json, f->value, f->len, path, pick_one, p) < 0 ||
        p->bad) {
        sink_bad(sink, p->bad ? _("%s: an element is not valid UTF-8 text")
                              : _("%s: expected an array"),
                 name);
        return false;
    }
    return true;
}

bool get_tag_list(struct import_sink *sink, const struct field *f, const char *name,
                  const char *path)
{
    struct pick p = {.sink = sink, .tags = true};
    return pick(sink, f, name, path, &p);
}

bool get_media_list(struct import_sink *sink, const struct field *f, const char *name,
                    const char *path, enum media_kind kind)
{
    struct pick p = {.sink = sink, .kind = kind};
    return pick(sink, f, name, path, &p);
}

/* ---- codes (workbench.h) ------------------------------------------------------------ */

/* One code of a post's "codes" array while it is walked: checked, and
 * merged when `merge`. The member walk's values live only during its
 * callback, so the code and memo are copied there. */
struct code_walk {
    struct import_sink *sink;
    bool merge;
    const char *why; /* a bad array: what is wrong */
    bool has_code, bad_memo;
    char code[WB_CODE_MAX + 1];
    char *memo;      /* malloc'd; NULL when none */
    const struct wb_item *item;
};

#define CODE_SHAPE "each code is {\"code\": NAME, \"memo\": TEXT}"

static bool code_member(void *data, const char *key, size_t klen, enum ftype type,
                        const char *value, size_t vlen)
{
    struct code_walk *w = data;

    if (klen == 4 && memcmp(key, "code", 4) == 0 && type == F_TEXT) {
        if (vlen > WB_CODE_MAX) {
            w->why = "a code's name is over 64 bytes";
            return false;
        }
        memcpy(w->code, value, vlen);
        w->code[vlen] = '\0';
        w->has_code = true;
        return true;
    }
    if (klen == 4 && memcmp(key, "memo", 4) == 0 && (type == F_TEXT || type == F_NULL)) {
        free(w->memo);
        w->memo = NULL;
        if (value && !(w->memo = strndup(value, vlen))) {
            w->why = "out of memory";
            return false;
        }
        w->bad_memo = value && u8_check((const uint8_t *)value, vlen) != NULL;
        return true;
    }
    w->why = CODE_SHAPE;
    return false;
}

static bool code_element(void *data, const char *key, size_t klen, enum ftype type,
                         const char *value, size_t vlen)
{
    struct code_walk *w = data;
    struct rf_error why = {{0}};
    enum wb_merge did;
    bool ok;

    (void)key, (void)klen;
    w->has_code = w->bad_memo = false;
    free(w->memo);
    w->memo = NULL;
    if (type != F_OBJECT || json_members(w->sink->json, 2, value, vlen, code_member, w) != 1) {
        if (!w->why)
            w->why = CODE_SHAPE;
        return false;
    }
    if (!w->has_code) {
        w->why = "a code without its name";
        return false;
    }
    if (!wb_code_name_check(w->code, &why) || w->bad_memo) {
        w->why = w->bad_memo ? "a memo that is not valid UTF-8"
                             : "a code's name is not valid (see refuge(1), CODES)";
        return false;
    }
    if (!w->merge)
        return true;
    ok = wb_merge_into(w->sink->db, w->item, w->code, w->memo, &did, &why) == 0;
    if (!ok) {
        sink_fatal(w->sink, "%s", why.msg);
        return false;
    }
    if (did == WB_MERGE_NEW || did == WB_MERGE_FILLED)
        w->sink->codes_new++;
    if (did == WB_MERGE_CONFLICT) {
        w->sink->codes_conflicts++;
        sink_warn(w->sink, "line %ld: %s:%s, code %s: its memo differs from the cache's; both "
                           "are kept",
                  w->sink->line, w->item->platform, w->item->ext_id, w->code);
    }
    return true;
}

bool get_codes(struct import_sink *sink, const struct field *f, const char *name)
{
    struct code_walk w = {.sink = sink};
    int rc;

    f = present(f);
    sink->codes = NULL;
    sink->codes_len = 0;
    if (!f || (f->type == F_TEXT && f->len == 0))
        return true;
    if (f->type != F_ARRAY && (f->type != F_TEXT || f->value[0] != '[')) {
        sink_bad(sink, _("%s: expected an array of codes"), name);
        return false;
    }
    rc = json_members(sink->json, 1, f->value, f->len, code_element, &w);
    free(w.memo);
    if (rc == 0) {
        sink_bad(sink, "%s: %s", name, w.why ? w.why : _("expected an array of codes"));
        return false;
    }
    if (rc < 0) {
        sink_bad(sink, _("%s: bad JSON array"), name);
        return false;
    }
    sink->codes = f->value;
    sink->codes_len = f->len;
    return true;
}

bool merge_codes(struct import_sink *sink, bool comment, const char *platform,
                 const char *ext_id, size_t ext_len)
{
    char *id;
    struct wb_item item = {.kind = comment ? WB_COMMENT : WB_POST, .platform = platform};
    struct code_walk w = {.sink = sink, .merge = true, .item = &item};

    if (!sink->codes)
        return true;
    if (!(id = strndup(ext_id, ext_len))) {
        sink_fatal(sink, "out of memory");
        return false;
    }
    item.ext_id = id;
    json_members(sink->json, 1, sink->codes, sink->codes_len, code_element, &w);
    free(w.memo);
    free(id);
    sink->codes = NULL;
    return !sink->fatal;
}
