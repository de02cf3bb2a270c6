#include "autoconfig.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>

#include "../vocab.h"
#include "../when.h"
#include "fields.h"
#include "i18n.h"
#include "mapper.h"

/* refuge's own records, as refuge export writes them and refuge(1) documents:
 * posts, events (told by `kind`) and figures (told by `series`). Every field
 * is checked; an unknown one is a bad record. */

/* ---- posts ---------------------------------------------------------------------- */

/* The fields of each kind; a field's index in its list is its slot. */
static const char *const post_fields[] = {
    "id", "platform", "author", "region", "lang", "time", "text", "translation",
    "translation_kind", "likes", "comments", "collects", "shares", "tags", "url",
    "provenance", "source", "note",
    /* what collections told of a post (refuge(1), Posts) */
    "author_key", "author_name", "time_basis", "views", "type", "partial", "reply_to",
    "keywords", "media", "files", "collected_at", "counts_at", "counts_seen",
    /* an export's mark (refuge(1), --pseudonymise): read, not kept */
    "pseudonymised", "codes", "translation_by",
    /* why a search's listing matched (refuge(1), feed): read, not kept */
    "match_field", "snippet", NULL};
enum {
    P_ID, P_PLATFORM, P_AUTHOR, P_REGION, P_LANG, P_TIME, P_TEXT, P_TRANSLATION, P_TKIND,
    P_LIKES, P_COMMENTS, P_COLLECTS, P_SHARES, P_TAGS, P_URL, P_PROVENANCE, P_SOURCE, P_NOTE,
    P_AUTHOR_KEY, P_AUTHOR_NAME, P_BASIS, P_VIEWS, P_TYPE, P_PARTIAL, P_REPLY_TO, P_KEYWORDS,
    P_MEDIA, P_FILES, P_COLLECTED_AT, P_COUNTS_AT, P_COUNTS_SEEN, P_PSEUDONYMISED, P_CODES,
    P_TRANSLATION_BY, P_MATCH_FIELD, P_SNIPPET, P_COUNT
};
_Static_assert(P_COUNT <= MAX_SLOTS, "a post's fields fit the slots");

static const char *const count_names[COUNT_KINDS] = {"likes", "comments", "collects", "shares",
                                                     "views"};
/* What a post record carries beside its row: its keywords and files,
 * copied out of the record (freed by collected_free). */
struct collected {
    struct import_sink *sink;
    char **keywords;
    size_t nkeywords;
    struct provenance *files;
    size_t nfiles;
    struct post *p;
    bool ok;
};

static void collected_free(struct collected *c)
{
    for (size_t i = 0; i < c->nkeywords; i++)
        free(c->keywords[i]);
    free(c->keywords);
    for (size_t i = 0; i < c->nfiles; i++) {
        free((char *)c->files[i].tool);
        free((char *)c->files[i].file);
    }
    free(c->files);
}

static bool bad(struct collected *c, const char *what)
{
    sink_bad(c->sink, "%s", what);
    return c->ok = false;
}

static bool keyword_element(void *data, const char *key, size_t klen, enum ftype type,
                            const char *value, size_t vlen)
{
    struct collected *c = data;
    char **grown;

    (void)key, (void)klen;
    if (type != F_TEXT || vlen == 0 || u8_check((const uint8_t *)value, vlen) ||
        memchr(value, '\0', vlen))
        return bad(c, "keywords: expected an array of strings");
    if (!(grown = realloc(c->keywords, (c->nkeywords + 1) * sizeof *grown)) ||
        !(grown[c->nkeywords] = strndup(value, vlen))) {
        if (grown)
            c->keywords = grown;
        sink_fatal(c->sink, "out of memory");
        return c->ok = false;
    }
    c->keywords = grown;
    c->nkeywords++;
    return true;
}

/* One member of a file object: tool, file, collected. */
static bool file_member(void *data, const char *key, size_t klen, enum ftype type,
                        const char *value, size_t vlen)
{
    struct collected *c = data;
    struct provenance *f = &c->files[c->nfiles - 1];
    const char **slot = strcmp(key, "tool") == 0 ? &f->tool
                        : strcmp(key, "file") == 0 ? &f->file
                                                   : NULL;

    (void)klen;
    if (slot) {
        if (type != F_TEXT || u8_check((const uint8_t *)value, vlen) ||
            memchr(value, '\0', vlen))
            return bad(c, "files: tool and file: expected strings");
        if (!(*slot = strndup(value, vlen))) {
            sink_fatal(c->sink, "out of memory");
            return c->ok = false;
        }
        return true;
    }
    if (strcmp(key, "collected") == 0) {
        struct when_instant at;
        struct rf_error why = {{0}};
        if (type == F_NULL)
            return true;
        if ((type != F_TEXT && type != F_INT) || when_parse_instant(value, &at, &why) != 0)
            return bad(c, "files: collected: expected a time");
        f->collected = at.ts;
        f->has_collected = true;
        return true;
    }
    sink_bad(c->sink, _("files: unknown field '%.40s'"), key);
    return c->ok = false;
}

static bool file_element(void *data, const char *key, size_t klen, enum ftype type,
                         const char *value, size_t vlen)
{
    struct collected *c = data;
    struct provenance *grown;

    (void)key, (void)klen;
    if (type != F_OBJECT)
        return bad(c, "files: expected {\"tool\", \"file\", \"collected\"} objects");
    if (!(grown = realloc(c->files, (c->nfiles + 1) * sizeof *grown))) {
        sink_fatal(c->sink, "out of memory");
        return c->ok = false;
    }
    c->files = grown;
    memset(&c->files[c->nfiles++], 0, sizeof *grown);
    if (json_members(c->sink->json, 2, value, vlen, file_member, c) < 0 && c->ok)
        return bad(c, "files: bad JSON");
    if (c->ok && (!c->files[c->nfiles - 1].tool || !c->files[c->nfiles - 1].file))
        return bad(c, "files: every file needs a tool and a file");
    return c->ok;
}

/* counts_seen: {"likes": TIME or null, ...}, when a count was seen apart
 * from counts_at. */
static bool seen_member(void *data, const char *key, size_t klen, enum ftype type,
                        const char *value, size_t vlen)
{
    struct collected *c = data;
    struct when_instant at;
    struct rf_error why = {{0}};
    int k = 0;

    (void)klen, (void)vlen;
    while (k < COUNT_KINDS && strcmp(key, count_names[k]) != 0)
        k++;
    if (k == COUNT_KINDS)
        return bad(c, "counts_seen: expected likes, comments, collects, shares or views");
    c->p->seen_timed &= ~(1u << k);
    if (type == F_NULL)
        return true;
    if ((type != F_TEXT && type != F_INT) || when_parse_instant(value, &at, &why) != 0)
        return bad(c, "counts_seen: expected times (or null)");
    c->p->seen[k] = at.ts;
    c->p->seen_timed |= 1u << k;
    return true;
}

/* A JSON array or object (or one written as text, a CSV cell) walked
 * with fn; absent is nothing. */
static bool walk(struct collected *c, const struct field *f, const char *name, bool object,
                 json_member_fn *fn)
{
    if (!f)
        return true;
    if ((f->type != (object ? F_OBJECT : F_ARRAY) &&
         !(f->type == F_TEXT && f->value[0] == (object ? '{' : '['))) ||
        (json_members(c->sink->json, 1, f->value, f->len, fn, c) < 0 && c->ok)) {
        sink_bad(c->sink, _("%s: expected a JSON %s"), name, object ? _("object") : _("array"));
        return false;
    }
    return c->ok;
}

/* An absent count is 0 in refuge's own records, "?" unknown. */
static void absent_is_zero(const struct field *f, struct counts *c, enum count_kind k)
{
    if (!f || f->type == F_NULL)
        c->known |= 1u << k;
}

/* The fields export writes for what collections told of a post. */
static bool get_collected(struct import_sink *sink, const struct field *const *s,
                          struct post *p, struct collected *c)
{
    const char *basis, *type;
    bool has_counts_at;

    *c = (struct collected){.sink = sink, .p = p, .ok = true};
    if (!get_text(sink, s[P_AUTHOR_KEY], "author_key", false, &p->author_key, NULL) ||
        !get_text(sink, s[P_AUTHOR_NAME], "author_name", false, &p->author_name, NULL) ||
        !get_choice(sink, s[P_BASIS], "time_basis", vocab_time_bases,
                    vocab_time_bases[VOCAB_TIME_EXACT], &basis) ||
        !get_count(sink, s[P_VIEWS], "views", &p->counts, COUNT_VIEWS) ||
        !get_choice(sink, s[P_TYPE], "type", vocab_note_types, "", &type) ||
        !get_flag(sink, s[P_PARTIAL], "partial", &p->partial) ||
        !get_id_opt(sink, s[P_REPLY_TO], "reply_to", &p->reply_to) ||
        !walk(c, s[P_KEYWORDS], "keywords", false, keyword_element) ||
        !get_media(sink, s[P_MEDIA], "media") ||
        !walk(c, s[P_FILES], "files", false, file_element) ||
        !get_time_opt(sink, s[P_COLLECTED_AT], "collected_at", &p->from.collected,
                      &p->from.has_collected) ||
        !get_time_opt(sink, s[P_COUNTS_AT], "counts_at", &p->counts.observed, &has_counts_at))
        return false;
    p->counts.has_observed = has_counts_at;
    p->basis = (enum time_basis)vocab_find(vocab_time_bases, basis);
    p->type = *type ? type : NULL;
    /* A known count was seen at counts_at unless counts_seen says when. */
    for (int k = 0; k < COUNT_KINDS; k++)
        if ((p->counts.known >> k) & 1u && has_counts_at) {
            p->seen[k] = p->counts.observed;
            p->seen_timed |= 1u << k;
        }
    if (!walk(c, s[P_COUNTS_SEEN], "counts_seen", true, seen_member))
        return false;
    p->seen_timed &= p->counts.known; /* an unknown count was never seen */
    p->keywords = (const char *const *)c->keywords;
    p->nkeywords = c->nkeywords;
    p->files = c->files;
    p->nfiles = c->nfiles;
    p->media = sink->media.n ? &sink->media : NULL;
    p->link_author = p->author_key || c->nfiles;
    return true;
}

static bool valid_platform(struct import_sink *sink, const char *s, char *buf, size_t size)
{
    size_t n = strlen(s);

    if (n == 0 || n >= size) {
        sink_bad(sink, _("platform: expected a short name like xiaohongshu or tiktok"));
        return false;
    }
    for (size_t i = 0; i <= n; i++) {
        unsigned char c = (unsigned char)tolower((unsigned char)s[i]);
        if (c && !isalnum(c) && c != '.' && c != '_' && c != '-') {
            sink_bad(sink, _("platform: '%.40s' is not a name (letters, digits, '.', '_', '-')"), s);
            return false;
        }
        buf[i] = (char)c;
    }
    return true;
}

/* A region: a two-letter code, upper-cased into code ("" when absent). */
static bool valid_region(struct import_sink *sink, const char *region, char code[3])
{
    code[0] = '\0';
    if (!region)
        return true;
    if (strlen(region) != 2 || !isalpha((unsigned char)region[0]) ||
        !isalpha((unsigned char)region[1])) {
        sink_bad(sink, _("region: expected a two-letter country code like US, got '%.40s'"), region);
        return false;
    }
    code[0] = (char)toupper((unsigned char)region[0]);
    code[1] = (char)toupper((unsigned char)region[1]);
    code[2] = '\0';
    return true;
}

static void map_post(struct import_sink *sink)
{
    const struct field *s[MAX_SLOTS];
    struct post p = {.tags = &sink->tags};
    struct collected c;
    const char *region;
    char platform[33], region_code[3] = "";

    if (map_fields(sink, post_fields, true, s) != 0)
        return;
    if (!get_count(sink, s[P_LIKES], "likes", &p.counts, COUNT_LIKES) ||
        !get_count(sink, s[P_COMMENTS], "comments", &p.counts, COUNT_COMMENTS) ||
        !get_count(sink, s[P_COLLECTS], "collects", &p.counts, COUNT_COLLECTS) ||
        !get_count(sink, s[P_SHARES], "shares", &p.counts, COUNT_SHARES))
        return;
    absent_is_zero(s[P_LIKES], &p.counts, COUNT_LIKES);
    absent_is_zero(s[P_COMMENTS], &p.counts, COUNT_COMMENTS);
    absent_is_zero(s[P_COLLECTS], &p.counts, COUNT_COLLECTS);
    absent_is_zero(s[P_SHARES], &p.counts, COUNT_SHARES);
    if (!get_collected(sink, s, &p, &c)) {
        collected_free(&c);
        return;
    }
    if (!get_id(sink, s[P_ID], "id", &p.id, &p.id_len) ||
        !get_text(sink, s[P_PLATFORM], "platform", false, &p.platform, NULL) ||
        !get_text(sink, s[P_AUTHOR], "author", false, &p.author, NULL) ||
        !get_text(sink, s[P_REGION], "region", false, &region, NULL) ||
        !get_lang(sink, s[P_LANG], "lang", &p.lang) ||
        !get_time(sink, s[P_TIME], "time", &p.ts, &p.has_offset, &p.offset) ||
        !get_text(sink, s[P_TEXT], "text", true, &p.text, &p.text_len) ||
        !get_text(sink, s[P_TRANSLATION], "translation", false, &p.translation,
                  &p.translation_len) ||
        !get_choice(sink, s[P_TKIND], "translation_kind", vocab_translations, "", &p.tkind) ||
        !get_text(sink, s[P_TRANSLATION_BY], "translation_by", false, &p.translation_by, NULL) ||
        !get_tags(sink, s[P_TAGS], "tags") ||
        !get_text(sink, s[P_URL], "url", false, &p.url, NULL) ||
        !get_choice(sink, s[P_PROVENANCE], "provenance", vocab_provenances,
                    vocab_provenances[VOCAB_PROVENANCE_IMPORTED], &p.provenance) ||
        !get_text(sink, s[P_SOURCE], "source", false, &p.source, NULL) ||
        !get_text(sink, s[P_NOTE], "note", false, &p.note, NULL) ||
        !get_codes(sink, s[P_CODES], "codes") ||
        !valid_platform(sink, p.platform ? p.platform : "unknown", platform, sizeof platform) ||
        !valid_region(sink, region, region_code)) {
        collected_free(&c);
        return;
    }
    p.platform = platform;
    p.region = region_code[0] ? region_code : NULL;
    if (!p.lang)
        p.lang = import_detect_lang(p.text, p.text_len);
    if (!*p.tkind)
        p.tkind = vocab_translations[p.translation ? VOCAB_TRANSLATION_MACHINE
                                                   : VOCAB_TRANSLATION_NONE];
    sink_post(sink, &p);
    collected_free(&c);
}

/* ---- comments --------------------------------------------------------------------- */

/* A comment as refuge export writes it: `post` tells it from a post. */
static const char *const comment_fields[] = {
    "id", "platform", "post", "parent", "author", "author_key", "region", "lang", "time",
    "time_basis", "text", "likes", "replies", "media", "author_name", "counts_at",
    "collected_at", "tool", "file", "pseudonymised", "translation", "translation_kind",
    "translation_by", "codes", NULL};
enum {
    C_ID, C_PLATFORM, C_POST, C_PARENT, C_AUTHOR, C_KEY, C_REGION, C_LANG, C_TIME, C_BASIS,
    C_TEXT, C_LIKES, C_REPLIES, C_MEDIA, C_AUTHOR_NAME, C_COUNTS_AT, C_COLLECTED_AT, C_TOOL,
    C_FILE, C_PSEUDONYMISED, C_TRANSLATION, C_TKIND, C_TRANSLATION_BY, C_CODES
};

static void map_comment(struct import_sink *sink)
{
    const struct field *s[MAX_SLOTS];
    struct comment c = {.media = &sink->media};
    struct counts replies = {0};
    const char *region, *basis;
    char platform[33], region_code[3] = "";
    size_t len;

    if (map_fields(sink, comment_fields, true, s) != 0)
        return;
    if (!get_id(sink, s[C_ID], "id", &c.id, &c.id_len) ||
        !get_text(sink, s[C_PLATFORM], "platform", true, &c.platform, NULL) ||
        !get_id(sink, s[C_POST], "post", &c.post_id, &len) ||
        !get_id_opt(sink, s[C_PARENT], "parent", &c.parent_id) ||
        !get_text(sink, s[C_AUTHOR], "author", false, &c.author, NULL) ||
        !get_text(sink, s[C_KEY], "author_key", false, &c.author_key, NULL) ||
        !get_text(sink, s[C_REGION], "region", false, &region, NULL) ||
        !get_lang(sink, s[C_LANG], "lang", &c.lang) ||
        !get_time(sink, s[C_TIME], "time", &c.ts, &c.has_offset, &c.offset) ||
        !get_choice(sink, s[C_BASIS], "time_basis", vocab_time_bases,
                    vocab_time_bases[VOCAB_TIME_EXACT], &basis) ||
        !get_text(sink, s[C_TEXT], "text", false, &c.text, &c.text_len) ||
        !get_count(sink, s[C_LIKES], "likes", &c.counts, COUNT_LIKES) ||
        !get_count(sink, s[C_REPLIES], "replies", &replies, COUNT_COMMENTS) ||
        !get_media(sink, s[C_MEDIA], "media") ||
        !get_text(sink, s[C_AUTHOR_NAME], "author_name", false, &c.author_name, NULL) ||
        !get_time_opt(sink, s[C_COUNTS_AT], "counts_at", &c.counts.observed,
                      &c.counts.has_observed) ||
        !get_time_opt(sink, s[C_COLLECTED_AT], "collected_at", &c.from.collected,
                      &c.from.has_collected) ||
        !get_text(sink, s[C_TOOL], "tool", false, &c.from.tool, NULL) ||
        !get_text(sink, s[C_FILE], "file", false, &c.from.file, NULL) ||
        !get_text(sink, s[C_TRANSLATION], "translation", false, &c.translation, NULL) ||
        !get_choice(sink, s[C_TKIND], "translation_kind", vocab_translations, "", &c.tkind) ||
        !get_text(sink, s[C_TRANSLATION_BY], "translation_by", false, &c.translation_by,
                  NULL) ||
        !get_codes(sink, s[C_CODES], "codes") ||
        !valid_platform(sink, c.platform, platform, sizeof platform) ||
        !valid_region(sink, region, region_code))
        return;
    c.platform = platform;
    c.region = region_code[0] ? region_code : NULL;
    c.basis = (enum time_basis)vocab_find(vocab_time_bases, basis);
    if (!c.text)
        c.text = "";
    if (!c.lang)
        c.lang = import_detect_lang(c.text, c.text_len);
    c.replies = replies.v[COUNT_COMMENTS];
    c.has_replies = replies.known != 0;
    if (c.translation && (!*c.tkind || strcmp(c.tkind, "none") == 0))
        c.tkind = vocab_translations[VOCAB_TRANSLATION_MACHINE];
    sink_comment(sink, &c);
}

/* ---- events and figures ------------------------------------------------------------ */

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

/* An event's date (and time) or a figure's as_of, by when_parse_dated()'s
 * rules; a fault is reported on the field it lies in. */
static bool dated(struct import_sink *sink, const char *name, const char *date,
                  const char *time, bool has_offset, int offset, bool month_ok, int64_t *ts)
{
    struct rf_error why = {{0}};
    int rc = when_parse_dated(date, time, has_offset, offset, month_ok, ts, &why);

    if (rc != 0)
        sink_bad(sink, "%s: %s", rc == -1 ? name : rc == -2 ? "time" : "utc_offset", why.msg);
    return rc == 0;
}

/* The sources being read: the source objects of one field. */
struct sources {
    struct import_sink *sink;
    struct source_ref refs[MAX_SOURCES];
    size_t n;
    bool ok;
};

static void sources_free(struct sources *src)
{
    for (size_t i = 0; i < src->n; i++) {
        free(src->refs[i].publisher);
        free(src->refs[i].title);
        free(src->refs[i].published);
        free(src->refs[i].url);
    }
    src->n = 0;
}

/* One member of a source object: publisher, title, date or url. */
static bool source_member(void *data, const char *key, size_t klen, enum ftype type,
                          const char *value, size_t vlen)
{
    struct sources *src = data;
    struct source_ref *r = &src->refs[src->n - 1];
    char **slot = NULL;

    (void)klen;
    if (key && strcmp(key, "publisher") == 0)
        slot = &r->publisher;
    else if (key && strcmp(key, "title") == 0)
        slot = &r->title;
    else if (key && strcmp(key, "date") == 0)
        slot = &r->published;
    else if (key && strcmp(key, "url") == 0)
        slot = &r->url;
    if (!slot)
        sink_bad(src->sink, _("sources: unknown field '%.40s'"), key ? key : "");
    else if (*slot)
        sink_bad(src->sink, _("sources: field '%s' appears twice"), key);
    else if (type == F_NULL)
        return true;
    else if (type != F_TEXT)
        sink_bad(src->sink, _("sources: %s: expected a string"), key);
    else if (u8_check((const uint8_t *)value, vlen))
        sink_bad(src->sink, _("sources: %s: invalid UTF-8"), key);
    else if (!(*slot = strdup(value)))
        sink_fatal(src->sink, "out of memory");
    else
        return true;
    return src->ok = false;
}

/* One element of the sources array: an object with a publisher. */
static bool source_element(void *data, const char *key, size_t klen, enum ftype type,
                           const char *value, size_t vlen)
{
    struct sources *src = data;
    static const char *const type_names[] = {
        [F_NULL] = "null", [F_BOOL] = "true or false", [F_INT] = "integer", [F_REAL] = "real",
        [F_TEXT] = "text", [F_ARRAY] = "array", [F_OBJECT] = "object"};

    (void)key, (void)klen;
    if (type != F_OBJECT) {
        sink_bad(src->sink, _("sources: expected objects, found %s"), type_names[type]);
        return src->ok = false;
    }
    if (src->n >= MAX_SOURCES) {
        sink_bad(src->sink, _("sources: more than %d"), MAX_SOURCES);
        return src->ok = false;
    }
    memset(&src->refs[src->n++], 0, sizeof src->refs[0]);
    if (json_members(src->sink->json, 2, value, vlen, source_member, src) < 0 && src->ok) {
        sink_bad(src->sink, _("sources: bad JSON"));
        src->ok = false;
    }
    if (src->ok && (!src->refs[src->n - 1].publisher || !src->refs[src->n - 1].publisher[0])) {
        sink_bad(src->sink, _("sources: every source needs a publisher"));
        src->ok = false;
    }
    return src->ok;
}

/* Sources: a JSON array (or JSON text in CSV) of objects with a publisher
 * and optional title, date and url. The caller frees them (sources_free). */
static bool get_sources(struct import_sink *sink, const struct field *f, struct sources *src)
{
    int rc;

    src->sink = sink;
    src->n = 0;
    src->ok = true;
    if (!f) {
        sink_bad(sink, _("missing required field 'sources'"));
        return false;
    }
    if (f->type != F_ARRAY && !(f->type == F_TEXT && f->value[0] == '[')) {
        sink_bad(sink, _("sources: expected an array of {publisher, title, date, url} objects"));
        return false;
    }
    rc = json_members(sink->json, 1, f->value, f->len, source_element, src);
    if (src->ok && rc < 0) {
        sink_bad(sink, _("sources: bad JSON"));
        return false;
    }
    if (src->ok && src->n == 0) {
        sink_bad(sink, _("sources: at least one source is required"));
        return false;
    }
    return src->ok;
}

static void map_event(struct import_sink *sink)
{
    const struct field *s[MAX_SLOTS];
    struct event e = {0};
    struct counts importance = {0};
    struct sources src;

    if (map_fields(sink, event_fields, true, s) != 0)
        return;
    if (!get_text(sink, s[E_ID], "id", true, &e.id, &e.id_len) ||
        !get_text(sink, s[E_DATE], "date", true, &e.date, NULL) ||
        !get_text(sink, s[E_TIME], "time", false, &e.time, NULL) ||
        !get_offset(sink, s[E_OFFSET], "utc_offset", &e.has_offset, &e.offset) ||
        !get_text(sink, s[E_TZ], "tz", false, &e.tz, NULL) ||
        !get_text(sink, s[E_KIND], "kind", true, &e.kind, NULL) ||
        !get_text(sink, s[E_TITLE_EN], "title_en", true, &e.title_en, NULL) ||
        !get_text(sink, s[E_TITLE_ZH], "title_zh", true, &e.title_zh, NULL) ||
        !get_text(sink, s[E_SUMMARY_EN], "summary_en", true, &e.summary_en, NULL) ||
        !get_text(sink, s[E_SUMMARY_ZH], "summary_zh", true, &e.summary_zh, NULL) ||
        !get_choice(sink, s[E_CONFIDENCE], "confidence", vocab_confidences, NULL,
                    &e.confidence) ||
        !get_count(sink, s[E_IMPORTANCE], "importance", &importance, COUNT_LIKES) ||
        !get_text(sink, s[E_NOTES], "notes", false, &e.notes, NULL))
        return;
    e.importance = importance.v[COUNT_LIKES]; /* absent: 0, refused below */
    if (vocab_find(vocab_event_kinds, e.kind) < 0) {
        sink_bad(sink, _("kind: '%.40s' is not an event kind (see refuge(1))"), e.kind);
        return;
    }
    if (e.importance < 1 || e.importance > 3) {
        sink_bad(sink, _("importance: expected 1, 2 or 3"));
        return;
    }
    if (!dated(sink, "date", e.date, e.time, e.has_offset, e.offset, true, &e.ts))
        return;
    if (get_sources(sink, s[E_SOURCES], &src)) {
        e.sources = src.refs;
        e.nsources = src.n;
        sink_event(sink, &e);
    }
    sources_free(&src);
}

static void map_figure(struct import_sink *sink)
{
    const struct field *s[MAX_SLOTS];
    struct figure g = {0};
    struct sources src;

    if (map_fields(sink, figure_fields, true, s) != 0)
        return;
    if (!get_text(sink, s[G_ID], "id", true, &g.id, &g.id_len) ||
        !get_text(sink, s[G_SERIES], "series", true, &g.series, NULL) ||
        !get_text(sink, s[G_LABEL_EN], "label_en", true, &g.label_en, NULL) ||
        !get_text(sink, s[G_LABEL_ZH], "label_zh", true, &g.label_zh, NULL) ||
        !get_choice(sink, s[G_QUALIFIER], "qualifier", vocab_qualifiers, "", &g.qualifier) ||
        !get_text(sink, s[G_UNIT], "unit", true, &g.unit, NULL) ||
        !get_text(sink, s[G_AS_OF], "as_of", true, &g.as_of, NULL) ||
        !get_offset(sink, s[G_OFFSET], "utc_offset", &g.has_offset, &g.offset) ||
        !get_text(sink, s[G_TZ], "tz", false, &g.tz, NULL) ||
        !get_choice(sink, s[G_CONFIDENCE], "confidence", vocab_confidences, NULL,
                    &g.confidence) ||
        !get_text(sink, s[G_EVENT_ID], "event_id", false, &g.event_id, NULL) ||
        !get_text(sink, s[G_NOTES], "notes", false, &g.notes, NULL) ||
        !get_number(sink, s[G_VALUE], "value", &g.value))
        return;
    if (!*g.qualifier)
        g.qualifier = NULL;
    if (!dated(sink, "as_of", g.as_of, NULL, g.has_offset, g.offset, false, &g.ts))
        return;
    if (get_sources(sink, s[G_SOURCES], &src)) {
        g.sources = src.refs;
        g.nsources = src.n;
        sink_figure(sink, &g);
    }
    sources_free(&src);
}

/* ---- the codebook ------------------------------------------------------------------ */

/* A code of the codebook an export carries (export --what codes, and the
 * end of a JSON Lines export): merged into the cache's. */
static const char *const code_fields[] = {"code", "description", "key", NULL};
enum { K_CODE, K_DESCRIPTION, K_KEY };

static void map_code(struct import_sink *sink)
{
    const struct field *s[MAX_SLOTS];
    const char *name, *description, *key;

    if (map_fields(sink, code_fields, true, s) != 0)
        return;
    if (!get_text(sink, s[K_CODE], "code", true, &name, NULL) ||
        !get_text(sink, s[K_DESCRIPTION], "description", false, &description, NULL) ||
        !get_text(sink, s[K_KEY], "key", false, &key, NULL))
        return;
    sink_code(sink, name, description, key);
}

/* refuge's own records: a post has an id, a text or a time (each one
 * missing is reported as such); an event a kind, a figure a series, a code
 * of the codebook its name. */
static const char *detect(struct import_sink *sink, const struct record *r, char *why,
                          size_t size)
{
    (void)sink, (void)why, (void)size;
    return rec_has(r, "kind") || rec_has(r, "series") || rec_has(r, "id") ||
                   rec_has(r, "text") || rec_has(r, "time") || rec_has(r, "code")
               ? "refuge"
               : NULL;
}

static const char *const *columns(const struct record *header)
{
    return rec_has(header, "kind")     ? event_fields
           : rec_has(header, "series") ? figure_fields
           : rec_has(header, "post")   ? comment_fields
           : rec_has(header, "code")   ? code_fields
                                       : post_fields;
}

/* A file may hold every kind: each record is told by its fields. */
static void map(struct import_sink *sink)
{
    if (rec_has(&sink->rec, "code"))
        map_code(sink);
    else if (rec_has(&sink->rec, "kind"))
        map_event(sink);
    else if (rec_has(&sink->rec, "series"))
        map_figure(sink);
    else if (rec_has(&sink->rec, "post"))
        map_comment(sink);
    else
        map_post(sink);
}

const struct mapper map_refuge = {
    .name = "refuge posts, events and figures",
    .detect = detect,
    .columns = columns,
    .map = map,
};
