#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>
#include <unistr.h>

#include "i18n.h"
#include "kwic.h"
#include "plural.h"
#include "pseudo.h"
#include "text.h"
#include "when.h"
#include "workbench.h"
#include "writer.h"
#include "vocab.h"

/* ---- the spreadsheet guard ------------------------------------------------------ */

/* Spreadsheets run a cell starting with one of these as a formula (tab and
 * CR: some strip them first). */
static bool needs_guard(const char *s, size_t len)
{
    size_t i = 0;

    while (i < len && s[i] == '\'')
        i++;
    return i < len && s[i] && strchr("=+-@\t\r", s[i]);
}

size_t writer_csv_unguard(const char *cell, size_t len)
{
    return len > 1 && cell[0] == '\'' && needs_guard(cell + 1, len - 1) ? 1 : 0;
}

/* ---- the record's buffer --------------------------------------------------------- */

/* Sends what the buffer holds to the stream. */
static void flush(struct writer *w)
{
    if (w->len)
        fwrite(w->buf, 1, w->len, w->out);
    w->len = 0;
}

static void put(struct writer *w, const void *p, size_t n)
{
    if (n > sizeof w->buf - w->len) {
        flush(w);
        if (n > sizeof w->buf) {
            fwrite(p, 1, n, w->out);
            return;
        }
    }
    memcpy(w->buf + w->len, p, n);
    w->len += n;
}

static inline void put_c(struct writer *w, char c)
{
    if (w->len == sizeof w->buf)
        flush(w);
    w->buf[w->len++] = c;
}

static void put_s(struct writer *w, const char *s)
{
    put(w, s, strlen(s));
}

/* A writer of the same format into `mem`, for a JSON text built before it
 * is written (a CSV cell of tags); flush() it before closing mem. */
static void writer_into(struct writer *into, FILE *mem, const struct writer *w)
{
    into->out = mem;
    into->format = w->format;
    into->terminal = w->terminal;
    into->len = 0;
}

/* ---- values --------------------------------------------------------------------- */

/* True for a byte json_string() writes as it is: not a quote, a backslash
 * or an ASCII control; on a terminal, ASCII only (the rest is decoded and
 * tested for C1 and bidi controls). */
static inline bool json_plain(uint8_t c, bool terminal)
{
    return c >= 0x20 && c != '"' && c != '\\' && c != 0x7f && (c < 0x80 || !terminal);
}

/* The high bit of each zero byte of v is set (and maybe of others after
 * one: enough to tell whether there is one). */
static inline uint64_t zero_byte(uint64_t v)
{
    return (v - 0x0101010101010101ull) & ~v;
}

/* The end of the run of json_plain() bytes from u[i], eight bytes at a
 * time while none of the eight can stop it (a byte below 0x20, a quote, a
 * backslash, DEL, and on a terminal any byte from 0x80). */
static size_t plain_run(const uint8_t *u, size_t i, size_t len, bool terminal)
{
    const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;

    while (len - i >= 8) {
        uint64_t v, stop;
        memcpy(&v, u + i, 8);
        /* Per byte: below 0x20; equal to '"', '\\' or DEL (a zero byte
         * of v ^ that byte repeated); from 0x80 (terminal). Exact for
         * "some byte is", which is all this asks. */
        stop = ((v - ones * 0x20) & ~v) | zero_byte(v ^ (ones * '"')) |
               zero_byte(v ^ (ones * '\\')) | zero_byte(v ^ (ones * 0x7f));
        if (terminal)
            stop |= v;
        if (stop & high)
            break;
        i += 8;
    }
    while (i < len && json_plain(u[i], terminal))
        i++;
    return i;
}

/* Text between escapes goes out in one piece: a listing of a million
 * posts spent a third of its time writing them a byte at a time. Runs of
 * plain bytes are skipped before anything is decoded. */
static void json_string(struct writer *out, const char *s)
{
    bool terminal = out->terminal;
    const uint8_t *u = (const uint8_t *)s;
    size_t len = strlen(s), run = 0; /* u[run..i) is waiting, plain */

    put_c(out, '"');
    for (size_t i = 0; i < len;) {
        ucs4_t c;
        int n = 1;
        char esc[8];
        i = plain_run(u, i, len, terminal);
        if (i == len)
            break;
        c = u[i];
        if (c >= 0x80) { /* only on a terminal */
            n = u8_mbtoucr(&c, u + i, len - i);
            if (n < 0) { /* invalid: one byte a replacement character */
                put(out, u + run, i - run);
                put(out, "\\ufffd", 6);
                run = ++i;
                continue;
            }
        }
        if (c == '"' || c == '\\')
            snprintf(esc, sizeof esc, "\\%c", (int)c);
        else if (c == '\n')
            snprintf(esc, sizeof esc, "\\n");
        else if (c == '\t')
            snprintf(esc, sizeof esc, "\\t");
        else if (c == '\r')
            snprintf(esc, sizeof esc, "\\r");
        else if (c < 0x20 || c == 0x7f || (terminal && text_is_control(c)))
            snprintf(esc, sizeof esc, "\\u%04x", (unsigned)c);
        else {
            i += (size_t)n;
            continue;
        }
        put(out, u + run, i - run);
        put_s(out, esc);
        i += (size_t)n;
        run = i;
    }
    put(out, u + run, len - run);
    put_c(out, '"');
}

/* A quoted CSV cell, guarded; on a terminal its text is sanitised first. */
static void csv_cell(struct writer *out, const char *s, size_t len)
{
    char *clean = NULL;

    if (out->terminal) {
        /* Defused, but still UTF-8: that is what CSV holds. */
        bool was = text_set_ascii(false);
        clean = text_sanitize(s, len, TEXT_KEEP_NEWLINES);
        text_set_ascii(was);
    }
    if (clean) {
        s = clean;
        len = strlen(clean);
    }
    put_c(out, '"');
    if (needs_guard(s, len))
        put_c(out, '\'');
    /* Up to each quote in one piece, the quote then doubled. */
    {
        const char *end = s + len, *q;
        while ((q = memchr(s, '"', (size_t)(end - s)))) {
            put(out, s, (size_t)(q - s) + 1);
            put_c(out, '"');
            s = q + 1;
        }
        put(out, s, (size_t)(end - s));
    }
    put_c(out, '"');
    free(clean);
}

void writer_init(struct writer *w, FILE *out, enum writer_format format, bool terminal)
{
    w->out = out;
    w->format = format;
    w->terminal = terminal;
    w->pseudo = NULL;
    w->search = false;
    w->n = 0;
    w->len = 0;
}

/* The record's pieces: into the buffer, for the public functions below
 * and the whole records to flush() at their end. */
static void begin(struct writer *w)
{
    w->n = 0;
    if (w->format == WRITER_JSONL)
        put_c(w, '{');
}

static void end(struct writer *w)
{
    if (w->format == WRITER_JSONL)
        put(w, "}\n", 2);
    else
        put(w, "\r\n", 2);
}

static void key(struct writer *w, const char *name)
{
    if (w->format == WRITER_JSONL) {
        if (w->n)
            put_c(w, ',');
        put_c(w, '"');
        put_s(w, name);
        put(w, "\":", 2);
    } else if (w->n) {
        put_c(w, ',');
    }
    w->n++;
}

static void str_field(struct writer *w, const char *name, const char *v)
{
    if (!v && w->format == WRITER_JSONL)
        return;
    key(w, name);
    if (w->format == WRITER_JSONL)
        json_string(w, v);
    else if (v)
        csv_cell(w, v, strlen(v));
}

static void int_field(struct writer *w, const char *name, long long v)
{
    /* Digits by hand: fprintf was 4-6% of a listing. */
    char buf[24], *p = buf + sizeof buf;
    unsigned long long m = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;

    do
        *--p = (char)('0' + m % 10);
    while ((m /= 10) != 0);
    if (v < 0)
        *--p = '-';
    key(w, name);
    put(w, p, (size_t)(buf + sizeof buf - p));
}

void writer_begin(struct writer *w)
{
    begin(w);
    flush(w);
}

void writer_end(struct writer *w)
{
    end(w);
    flush(w);
}

void writer_str(struct writer *w, const char *name, const char *v)
{
    str_field(w, name, v);
    flush(w);
}

void writer_int(struct writer *w, const char *name, long long v)
{
    int_field(w, name, v);
    flush(w);
}

/* The shortest decimal that reads back as the same double. */
static void num_field(struct writer *w, const char *name, double v)
{
    char buf[64];

    snprintf(buf, sizeof buf, "%.15g", v);
    if (strtod(buf, NULL) != v)
        snprintf(buf, sizeof buf, "%.17g", v);
    key(w, name);
    put_s(w, buf);
}

/* A JSON text built in memory (an array of tags or sources): as is in JSON
 * Lines, as one cell in CSV. */
static void json_field(struct writer *w, const char *name, const char *json, size_t len)
{
    key(w, name);
    if (w->format == WRITER_JSONL)
        put(w, json, len);
    else
        csv_cell(w, json, len);
}

static void array_field(struct writer *w, const char *name, char *const *items, size_t n)
{
    char *buf = NULL;
    size_t len = 0;
    struct writer m;
    FILE *mem;

    if (w->format == WRITER_JSONL) { /* straight out: no array in memory */
        key(w, name);
        put_c(w, '[');
        for (size_t i = 0; i < n; i++) {
            if (i)
                put_c(w, ',');
            json_string(w, items[i]);
        }
        put_c(w, ']');
        return;
    }
    if (!(mem = open_memstream(&buf, &len)))
        return;
    writer_into(&m, mem, w);
    put_c(&m, '[');
    for (size_t i = 0; i < n; i++) {
        if (i)
            put_c(&m, ',');
        json_string(&m, items[i]);
    }
    put_c(&m, ']');
    flush(&m);
    fclose(mem);
    json_field(w, name, buf, len);
    free(buf);
}

static void sources_field(struct writer *w, const struct model_source *s, size_t n)
{
    char *buf = NULL;
    size_t len = 0;
    struct writer m;
    FILE *mem = open_memstream(&buf, &len);

    if (!mem)
        return;
    writer_into(&m, mem, w);
    put_c(&m, '[');
    for (size_t i = 0; i < n; i++) {
        put_s(&m, i ? ",{\"publisher\":" : "{\"publisher\":");
        json_string(&m, s[i].publisher);
        if (s[i].title)
            put_s(&m, ",\"title\":"), json_string(&m, s[i].title);
        if (s[i].published)
            put_s(&m, ",\"date\":"), json_string(&m, s[i].published);
        if (s[i].url)
            put_s(&m, ",\"url\":"), json_string(&m, s[i].url);
        put_c(&m, '}');
    }
    put_c(&m, ']');
    flush(&m);
    fclose(mem);
    json_field(w, "sources", buf, len);
    free(buf);
}

/* The codes applied to a post with their memos: [{"code":..., "memo":...}],
 * the memo left out when empty; absent (an empty cell) when none. */
static void codes_field(struct writer *w, const struct model_code *c, size_t n)
{
    char *buf = NULL;
    size_t len = 0;
    struct writer m;
    FILE *mem;

    if (n == 0) {
        str_field(w, "codes", NULL);
        return;
    }
    if (!(mem = open_memstream(&buf, &len)))
        return;
    writer_into(&m, mem, w);
    put_c(&m, '[');
    for (size_t i = 0; i < n; i++) {
        put_s(&m, i ? ",{\"code\":" : "{\"code\":");
        json_string(&m, c[i].code);
        if (c[i].memo && c[i].memo[0])
            put_s(&m, ",\"memo\":"), json_string(&m, c[i].memo);
        put_c(&m, '}');
    }
    put_c(&m, ']');
    flush(&m);
    fclose(mem);
    json_field(w, "codes", buf, len);
    free(buf);
}

/* ---- times ------------------------------------------------------------------------- */

/* ISO 8601 as import reads it back: with the source's offset when it gave
 * one, else without a zone (which import takes as UTC). A time no calendar
 * holds (a damaged cache) is written as its Unix seconds. */
static void iso_time(char *buf, size_t size, int64_t ts, bool has_offset, int offset)
{
    size_t n;

    if (!when_format(buf, size, ts, has_offset ? when_offset(offset) : when_utc(), WHEN_ISO)) {
        snprintf(buf, size, "%lld", (long long)ts);
        return;
    }
    n = strlen(buf);
    if (has_offset)
        when_format_offset(buf + n, size - n, offset);
}

/* When a collection saw something, in UTC: "2025-01-16T02:00:00Z". */
static void utc_time(char *buf, size_t size, int64_t ts)
{
    size_t n;

    if (!when_format(buf, size, ts, when_utc(), WHEN_ISO))
        snprintf(buf, size, "%lld", (long long)ts);
    else if ((n = strlen(buf)) + 1 < size)
        buf[n] = 'Z', buf[n + 1] = '\0';
}

static void utc_field(struct writer *w, const char *name, bool has, int64_t ts)
{
    char buf[48];

    if (has)
        utc_time(buf, sizeof buf, ts);
    str_field(w, name, has ? buf : NULL);
}

void writer_local_time(char *buf, size_t size, int64_t ts, struct when_zone zone)
{
    char off[16] = "UTC";
    int seconds = when_zone_offset_at(zone, ts);

    if (!when_format(buf, size, ts, zone, WHEN_DATE_TIME)) {
        snprintf(buf, size, "(time out of range)");
        return;
    }
    if (seconds != 0)
        when_format_offset(off, sizeof off, seconds / 60);
    snprintf(buf + strlen(buf), size - strlen(buf), " %s", off);
}

/* ---- records as import reads them ------------------------------------------------- */

void writer_header(struct writer *w, enum writer_kind kind)
{
    static const char *const headers[] = {
        [WRITER_POSTS] = "id,platform,author,region,lang,time,text,translation,"
                         "translation_kind,likes,comments,collects,shares,tags,url,"
                         "provenance,source,note,author_key,author_name,time_basis,views,"
                         "type,partial,reply_to,keywords,media,files,collected_at,"
                         "counts_at,counts_seen,codes,translation_by\r\n",
        [WRITER_EVENTS] = "id,date,time,utc_offset,tz,kind,title_en,title_zh,summary_en,"
                          "summary_zh,confidence,importance,notes,sources\r\n",
        [WRITER_FIGURES] = "id,series,label_en,label_zh,value,qualifier,unit,as_of,"
                           "utc_offset,tz,confidence,event_id,notes,sources\r\n",
        [WRITER_COMMENTS] = "id,platform,post,parent,author,author_key,region,lang,time,"
                            "time_basis,text,likes,replies,media,author_name,counts_at,"
                            "collected_at,tool,file,translation,translation_kind,"
                            "translation_by,codes\r\n",
        [WRITER_CODES] = "code,description,key\r\n",
    };

    if (w->format != WRITER_CSV)
        return;
    fwrite(headers[kind], 1, strlen(headers[kind]) - 2, w->out);
    if (w->search && kind == WRITER_POSTS)
        fputs(",match_field,snippet", w->out);
    if (w->pseudo && (kind == WRITER_POSTS || kind == WRITER_COMMENTS))
        fputs(",pseudonymised", w->out);
    fputs("\r\n", w->out);
}

/* A count as observed: a number, "N+" for a lower bound, "?" unknown (or
 * absent, for views, which refuge's own records never had). */
static void count_field(struct writer *w, const char *name, int64_t v, unsigned bit,
                        const struct model_collected *c)
{
    char buf[32];

    if (c->known & bit) {
        if (c->at_least & bit) {
            snprintf(buf, sizeof buf, "%lld+", (long long)v);
            str_field(w, name, buf);
        } else {
            int_field(w, name, v);
        }
    } else {
        str_field(w, name, bit == 16 ? NULL : "?");
    }
}

/* A JSON text built by `build` into memory: straight out in JSON Lines,
 * one cell in CSV; absent when `present` is false. */
static void built_field(struct writer *w, const char *name, bool present,
                        void (*build)(struct writer *mem, const struct model_collected *c),
                        const struct model_collected *c)
{
    char *buf = NULL;
    size_t len = 0;
    struct writer m;
    FILE *mem;

    if (!present) {
        str_field(w, name, NULL);
        return;
    }
    if (!(mem = open_memstream(&buf, &len)))
        return;
    writer_into(&m, mem, w);
    build(&m, c);
    flush(&m);
    fclose(mem);
    json_field(w, name, buf, len);
    free(buf);
}

/* Media: an image is its URL, a video {"url": URL, "kind": "video"}. */
static void build_media(struct writer *mem, const struct model_collected *c)
{
    put_c(mem, '[');
    for (size_t i = 0; i < c->nmedia; i++) {
        bool image = strcmp(c->media[i].kind, "image") == 0;
        put_s(mem, i ? "," : "");
        if (!image)
            put_s(mem, "{\"url\":");
        json_string(mem, c->media[i].url);
        if (!image) {
            put_s(mem, ",\"kind\":");
            json_string(mem, c->media[i].kind);
            put_c(mem, '}');
        }
    }
    put_c(mem, ']');
}

static void build_files(struct writer *mem, const struct model_collected *c)
{
    char at[48];

    put_c(mem, '[');
    for (size_t i = 0; i < c->nfiles; i++) {
        put_s(mem, i ? ",{\"tool\":" : "{\"tool\":");
        json_string(mem, c->files[i].tool);
        put_s(mem, ",\"file\":");
        json_string(mem, c->files[i].file);
        if (c->files[i].has_collected) {
            utc_time(at, sizeof at, c->files[i].collected);
            put_s(mem, ",\"collected\":");
            json_string(mem, at);
        }
        put_c(mem, '}');
    }
    put_c(mem, ']');
}

static const char *const count_names[] = {"likes", "comments", "collects", "shares", "views"};

/* True when a known count was seen at another time than counts_at (or by
 * a file that gives no time while counts_at is known). */
static bool seen_apart(const struct model_collected *c, int k)
{
    bool timed = (c->timed >> k) & 1u;

    return ((c->known >> k) & 1u) &&
           (timed ? !c->has_counts_at || c->seen[k] != c->counts_at : c->has_counts_at);
}

/* {"likes": TIME or null, ...} for the counts seen_apart(). */
static void build_seen(struct writer *mem, const struct model_collected *c)
{
    char at[48];
    bool first = true;

    put_c(mem, '{');
    for (int k = 0; k < 5; k++) {
        if (!seen_apart(c, k))
            continue;
        if (!first)
            put_c(mem, ',');
        put_c(mem, '"');
        put_s(mem, count_names[k]);
        put(mem, "\":", 2);
        first = false;
        if ((c->timed >> k) & 1u) {
            utc_time(at, sizeof at, c->seen[k]);
            json_string(mem, at);
        } else {
            put_s(mem, "null");
        }
    }
    put_c(mem, '}');
}

static void post_record(struct writer *w, const struct model_post *p,
                        const struct model_post *searched);

void writer_post(struct writer *w, const struct model_post *p)
{
    struct model_post copy;
    struct pseudo_hold h = {0};

    if (!w->pseudo) {
        post_record(w, p, p);
        return;
    }
    pseudo_post(w->pseudo, p, &copy, &h);
    post_record(w, &copy, p);
    pseudo_hold_free(&h);
}

/* Why a searched post matched: the field, and the hit in context (not in
 * a pseudonymised record, whose texts it would quote). Both absent when
 * nothing hit a text (a #tag or an @name search, or memory ran out). */
static void match_fields(struct writer *w, const struct model_post *searched)
{
    struct kwic k;
    /* The snippet is data, in UTF-8 whatever the locale draws. */
    bool was = text_set_ascii(false);

    if (kwic_post(searched, WRITER_SNIPPET_COLS, &k) != 0)
        memset(&k, 0, sizeof k);
    text_set_ascii(was);
    str_field(w, "match_field", kwic_field_name(k.field));
    str_field(w, "snippet", w->pseudo ? NULL : k.line);
    kwic_free(&k);
}

/* The last field of a pseudonymised record (writer_end() follows). */
static void pseudo_field(struct writer *w)
{
    if (w->pseudo)
        str_field(w, "pseudonymised", PSEUDO_NOTE);
}

static void post_record(struct writer *w, const struct model_post *p,
                        const struct model_post *searched)
{
    char when[48];

    const struct model_collected *c = &p->collected;

    iso_time(when, sizeof when, p->ts_utc, p->has_offset, p->utc_offset);
    begin(w);
    str_field(w, "id", p->ext_id);
    str_field(w, "platform", p->platform);
    str_field(w, "author", p->author);
    str_field(w, "region", p->region);
    str_field(w, "lang", p->lang);
    str_field(w, "time", when);
    str_field(w, "text", p->text);
    str_field(w, "translation", p->translation);
    str_field(w, "translation_kind", p->translation_kind);
    count_field(w, "likes", p->likes, 1, c);
    count_field(w, "comments", p->comments, 2, c);
    count_field(w, "collects", p->collects, 4, c);
    count_field(w, "shares", p->shares, 8, c);
    array_field(w, "tags", p->tags, p->ntags);
    str_field(w, "url", p->url);
    str_field(w, "provenance", p->provenance);
    str_field(w, "source", p->source);
    str_field(w, "note", p->note);
    /* What collections told of it (refuge(1), EXPORTED FIELDS). */
    str_field(w, "author_key", c->author_key);
    str_field(w, "author_name",
               c->linked && c->author_name && !(p->author && strcmp(p->author, c->author_name) == 0)
                   ? c->author_name
                   : NULL);
    str_field(w, "time_basis",
               c->time_basis && strcmp(c->time_basis, "exact") ? c->time_basis : NULL);
    count_field(w, "views", c->views, 16, c);
    str_field(w, "type", c->type);
    if (c->partial) {
        key(w, "partial");
        put_s(w, "true");
    } else {
        str_field(w, "partial", NULL);
    }
    str_field(w, "reply_to", c->reply_to);
    if (c->nkeywords)
        array_field(w, "keywords", c->keywords, c->nkeywords);
    else
        str_field(w, "keywords", NULL);
    built_field(w, "media", c->nmedia > 0, build_media, c);
    built_field(w, "files", c->nfiles > 0, build_files, c);
    utc_field(w, "collected_at", c->has_collected_at, c->collected_at);
    utc_field(w, "counts_at", c->has_counts_at, c->counts_at);
    {
        bool apart = false;
        for (int k = 0; k < 5; k++)
            apart = apart || seen_apart(c, k);
        built_field(w, "counts_seen", apart, build_seen, c);
    }
    codes_field(w, p->codes, p->ncodes);
    str_field(w, "translation_by", p->translation_by);
    if (w->search)
        match_fields(w, searched);
    pseudo_field(w);
    end(w);
    flush(w);
}

void writer_event(struct writer *w, const struct model_event *e)
{
    char off[16];

    when_format_offset(off, sizeof off, e->utc_offset);
    begin(w);
    str_field(w, "id", e->id);
    str_field(w, "date", e->date);
    str_field(w, "time", e->time);
    str_field(w, "utc_offset", e->has_offset ? off : NULL);
    str_field(w, "tz", e->tz);
    str_field(w, "kind", model_kind_name(e->kind));
    str_field(w, "title_en", e->title_en);
    str_field(w, "title_zh", e->title_zh);
    str_field(w, "summary_en", e->summary_en);
    str_field(w, "summary_zh", e->summary_zh);
    str_field(w, "confidence", e->confidence);
    int_field(w, "importance", e->importance);
    str_field(w, "notes", e->notes);
    sources_field(w, e->sources, e->nsources);
    end(w);
    flush(w);
}

void writer_figure(struct writer *w, const struct model_figure *f)
{
    char off[16];

    when_format_offset(off, sizeof off, f->utc_offset);
    begin(w);
    str_field(w, "id", f->id);
    str_field(w, "series", f->series);
    str_field(w, "label_en", f->label_en);
    str_field(w, "label_zh", f->label_zh);
    num_field(w, "value", f->value);
    str_field(w, "qualifier", f->qualifier);
    str_field(w, "unit", f->unit);
    str_field(w, "as_of", f->as_of);
    str_field(w, "utc_offset", f->has_offset ? off : NULL);
    str_field(w, "tz", f->tz);
    str_field(w, "confidence", f->confidence);
    str_field(w, "event_id", f->event_id);
    str_field(w, "notes", f->notes);
    sources_field(w, f->sources, f->nsources);
    end(w);
    flush(w);
}

/* ---- whole exports ------------------------------------------------------------------ */

/* Events in time order, each with its detail, through a callback-free
 * loop over keyset pages. */
static int export_events(struct writer *w, struct model *m, const struct model_event_filter *f,
                         struct rf_error *err)
{
    struct model_cursor at = {0};
    struct model_event_page page;
    bool more;

    do {
        if (model_events(m, f, &at, MODEL_FORWARD, 256, &page, err) != 0)
            return -1;
        for (size_t i = 0; i < page.count; i++) {
            struct model_event e;
            if (model_event_detail(m, page.rows[i].id, &e, err) != 0) {
                model_event_page_free(&page);
                return -1;
            }
            writer_event(w, &e);
            model_event_free(&e);
        }
        /* Read before the page is freed, which zeroes it. */
        more = page.more;
        at = page.last;
        model_event_page_free(&page);
    } while (more);
    return 0;
}

static int export_figures(struct writer *w, struct model *m, struct rf_error *err)
{
    struct model_figure_list list;

    if (model_figures(m, NULL, &list, err) != 0)
        return -1;
    for (size_t i = 0; i < list.count; i++)
        writer_figure(w, &list.rows[i]);
    model_figure_list_free(&list);
    return 0;
}

static int export_posts(struct writer *w, struct model *m, struct rf_error *err)
{
    struct model_cursor at = {0};
    struct model_post_page page;
    bool more;

    do {
        if (model_export_posts(m, &at, 1024, &page, err) != 0)
            return -1;
        for (size_t i = 0; i < page.count; i++)
            writer_post(w, &page.rows[i]);
        /* Read before the page is freed, which zeroes it. */
        more = page.more;
        at = page.last;
        model_post_page_free(&page);
    } while (more);
    return 0;
}

static void comment_record(struct writer *w, const struct model_comment *c);

void writer_comment(struct writer *w, const struct model_comment *c)
{
    struct model_comment copy;
    struct pseudo_hold h = {0};

    if (!w->pseudo) {
        comment_record(w, c);
        return;
    }
    pseudo_comment(w->pseudo, c, &copy, &h);
    comment_record(w, &copy);
    pseudo_hold_free(&h);
}

static void comment_record(struct writer *w, const struct model_comment *c)
{
    char when[48], likes[32];

    iso_time(when, sizeof when, c->ts_utc, c->has_offset, c->utc_offset);
    snprintf(likes, sizeof likes, "%lld+", (long long)c->likes);
    begin(w);
    str_field(w, "id", c->ext_id);
    str_field(w, "platform", c->platform);
    str_field(w, "post", c->post_ext_id);
    str_field(w, "parent", c->parent_ext_id);
    str_field(w, "author", c->author);
    str_field(w, "author_key", c->author_key);
    str_field(w, "region", c->region);
    str_field(w, "lang", c->lang);
    str_field(w, "time", when);
    str_field(w, "time_basis", strcmp(c->time_basis, "exact") ? c->time_basis : NULL);
    str_field(w, "text", c->text);
    if (c->has_likes && c->likes_at_least)
        str_field(w, "likes", likes);
    else if (c->has_likes)
        int_field(w, "likes", c->likes);
    else
        str_field(w, "likes", NULL);
    if (c->has_replies)
        int_field(w, "replies", c->replies);
    else
        str_field(w, "replies", NULL);
    array_field(w, "media", c->media, c->nmedia);
    str_field(w, "author_name",
               c->author_name && !(c->author && strcmp(c->author, c->author_name) == 0)
                   ? c->author_name
                   : NULL);
    utc_field(w, "counts_at", c->has_counts_at, c->counts_at);
    utc_field(w, "collected_at", c->has_collected_at, c->collected_at);
    str_field(w, "tool", c->tool);
    str_field(w, "file", c->file);
    str_field(w, "translation", c->translation);
    str_field(w, "translation_kind", c->translation ? c->translation_kind : NULL);
    str_field(w, "translation_by", c->translation ? c->translation_by : NULL);
    codes_field(w, c->codes, c->ncodes);
    pseudo_field(w);
    end(w);
    flush(w);
}

/* The codebook, a record per code: {"code", "description", "key"}. */
static int export_codes(struct writer *w, struct model *m, struct rf_error *err)
{
    struct wb_codebook book;

    if (wb_codebook(m, &book, err) != 0)
        return -1;
    for (size_t i = 0; i < book.count; i++) {
        begin(w);
        str_field(w, "code", book.codes[i].name);
        str_field(w, "description", book.codes[i].description[0] ? book.codes[i].description
                                                                  : NULL);
        str_field(w, "key", book.codes[i].key);
        end(w);
    flush(w);
    }
    wb_codebook_free(&book);
    return 0;
}

static bool export_comment(void *data, const struct model_comment *c)
{
    writer_comment(data, c);
    return true;
}

int writer_export(struct writer *w, struct model *m, enum writer_kind kind,
                  const struct model_event_filter *events, struct rf_error *err)
{
    writer_header(w, kind);
    switch (kind) {
    case WRITER_EVENTS:
        return export_events(w, m, events, err);
    case WRITER_FIGURES:
        return export_figures(w, m, err);
    case WRITER_COMMENTS:
        return model_comments(m, NULL, NULL, export_comment, w, err);
    case WRITER_CODES:
        return export_codes(w, m, err);
    default:
        return export_posts(w, m, err);
    }
}

/* ---- for people -------------------------------------------------------------------- */

/* Bytes of a text a cell `width` columns wide reads: a column rarely takes
 * more than a few (a flood of combining marks is cut short, as the
 * explorer's rows cut theirs). A listing of long posts in a narrow column
 * spent a third of its time sanitising text it never showed. */
static size_t cell_bytes(int width)
{
    return (size_t)width * 16 + 64;
}

/* How a cell fills its width: not at all (the last of a line), text then
 * spaces, or spaces then text (a number's column heading). */
enum cell_align { CELL_LAST, CELL_LEFT, CELL_RIGHT };

/* n spaces, without a format to parse. */
static void spaces(FILE *out, int n)
{
    static const char blank[] = "                                ";

    for (; n > 0; n -= (int)sizeof blank - 1)
        fwrite(blank, 1, n < (int)sizeof blank - 1 ? (size_t)n : sizeof blank - 1, out);
}

/* True when s[0..n) is printable ASCII: its own sanitised form. */
static bool printable_ascii(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] >= 0x7F)
            return false;
    return true;
}

/* The cell made of s[0..n): its line breaks spaces, sanitised, fitted.
 * `cut`: the text goes on past n, so the cell says so even when s[0..n)
 * fits. `must_fill`: write nothing and return false unless s[0..n) is
 * wider than the cell (a start of the text that proves enough). */
static bool cell_of(FILE *out, const char *s, size_t n, int width, enum cell_align align,
                    bool cut, bool must_fill)
{
    char *flat = NULL, *clean;
    struct text_fit fit;

    if (printable_ascii(s, n)) {
        clean = (char *)s;
    } else {
        if (!(flat = strndup(s, n)))
            return true;
        /* Line breaks in a cell would break the row: a space each. */
        for (char *p = flat; *p; p++)
            if (*p == '\n' || *p == '\r')
                *p = ' ';
        clean = text_sanitize(flat, strlen(flat), 0);
        free(flat);
        if (!clean)
            return true;
        n = strlen(clean);
    }
    if (width < 0) {
        fwrite(clean, 1, n, out);
    } else {
        fit = text_fit(clean, n, width);
        if (must_fill && !fit.truncated) {
            if (clean != s)
                free(clean);
            return false;
        }
        /* What was cut off continues past the cell even when the rest fits. */
        if (cut && !fit.truncated && width > 0)
            fit = text_fit(clean, n, width - 1), fit.truncated = true;
        if (align == CELL_RIGHT)
            spaces(out, fit.pad);
        fwrite(clean, 1, fit.bytes, out);
        if (fit.truncated)
            fputs(text_ascii() ? "." : "\xe2\x80\xa6", out);
        if (align == CELL_LEFT)
            spaces(out, fit.pad);
    }
    if (clean != s)
        free(clean);
    return true;
}

static void text_cell(FILE *out, const char *s, int width, enum cell_align align)
{
    size_t len = s ? strlen(s) : 0, at;
    bool cut = width >= 0 && len > cell_bytes(width);

    if (!s)
        s = "";
    /* A cell shows the start of its text: first the start alone, two bytes
     * a column, cut where cleaning it gives the start of the whole text
     * cleaned; when that proves wider than the cell, the rest is never
     * read (a row of aligned text cleaned and measured each whole post). */
    if (width >= 0 && len > (at = (size_t)width * 2 + 16) &&
        (at = text_clean_cut(s, len, at, 32)) > 0 &&
        cell_of(out, s, at, width, align, false, true))
        return;
    if (cut) { /* at a character boundary */
        len = cell_bytes(width);
        while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80)
            len--;
    }
    cell_of(out, s, len, width, align, cut, false);
}

void writer_text_cell(FILE *out, const char *s, int width)
{
    text_cell(out, s, width, CELL_LEFT);
}

void writer_text_last(FILE *out, const char *s, int width)
{
    text_cell(out, s, width, CELL_LAST);
}

void writer_text_right(FILE *out, const char *s, int width)
{
    text_cell(out, s, width, CELL_RIGHT);
}

char *writer_text_string(const char *s)
{
    char *str = NULL;
    size_t size = 0;
    FILE *mem = open_memstream(&str, &size);

    if (!mem)
        return NULL;
    text_cell(mem, s, -1, CELL_LAST);
    if (fclose(mem) != 0) {
        free(str);
        return NULL;
    }
    return str;
}

char *writer_md_string(const char *s)
{
    char *str = NULL;
    size_t size = 0;
    FILE *mem = open_memstream(&str, &size);

    if (!mem)
        return NULL;
    writer_md_text(mem, s, "");
    if (fclose(mem) != 0) {
        free(str);
        return NULL;
    }
    return str;
}

void writer_md_text(FILE *out, const char *s, const char *line_prefix)
{
    char *clean = text_sanitize(s ? s : "", s ? strlen(s) : 0, TEXT_KEEP_NEWLINES);

    if (!clean)
        return;
    /* Runs without markup go out whole: a byte at a time was most of a
     * Markdown listing's writing. */
    for (const char *p = clean; *p; p++) {
        size_t run = strcspn(p, "\n\\`*_[]<>|#");
        fwrite(p, 1, run, out);
        p += run;
        if (!*p)
            break;
        if (*p == '\n') {
            fputc('\n', out);
            fputs(line_prefix, out);
            continue;
        }
        fputc('\\', out);
        fputc(*p, out);
    }
    free(clean);
}

void writer_post_time(char *buf, size_t size, const struct model_post *p, struct when_zone zone)
{
    /* An approximate time is a day the source gave, in its own zone. */
    if (p->time_approximate)
        zone = p->has_offset ? when_offset(p->utc_offset) : when_utc();
    writer_local_time(buf, size, p->ts_utc, zone);
    if (p->time_approximate && strlen(buf) > 10 && size > 11) {
        memmove(buf + 1, buf, 10);
        buf[0] = '~';
        buf[11] = '\0';
    }
}

void writer_count(char *buf, size_t size, int64_t v, bool known, bool at_least)
{
    if (!known)
        snprintf(buf, size, "%s", text_ascii() ? "-" : "\xe2\x80\x93");
    else
        snprintf(buf, size, "%lld%s", (long long)v, at_least ? "+" : "");
}

void writer_post_likes(char *buf, size_t size, const struct model_post *p)
{
    writer_count(buf, size, p->likes, !p->counts_unknown && !(p->counts_missing & 1u),
                 (p->counts_floor & 1u) != 0);
}

/* The columns of a text row's head by the line's width, so the text keeps
 * most of it: from 144 columns all of the head (73 columns: the time with its offset,
 * the platform's name, likes exact, two spaces between); narrower, the
 * time without its offset (below 100, the day alone), the platform's short
 * mark, likes in three digits (3.4k), a shorter author, one space. */
static const struct head_columns {
    int min_width; /* the narrowest line this layout is for */
    int time, lang, platform, likes, author, gap;
    bool short_platform, short_likes;
} head_layouts[] = {
    {144, 23, 3, 11, 7, 16, 2, false, false},
    {100, 16, 2, 4, 5, 12, 1, true, true},
    {0, 11, 2, 4, 5, 8, 1, true, true},
};

const char *writer_post_shown_text(const struct model_post *p)
{
    if (text_ascii() && vocab_is_zh(p->lang) && p->translation && p->translation[0])
        return p->translation;
    return p->text ? p->text : "";
}

const char *writer_dot(void)
{
    return text_ascii() ? " - " : " \xc2\xb7 ";
}

const char *writer_dash(void)
{
    return text_ascii() ? " -- " : " \xe2\x80\x94 ";
}

int writer_post_text_head(FILE *out, const struct model_post *p, int width, struct when_zone zone)
{
    const struct head_columns *c = head_layouts;
    char when[48], likes[24];
    int head;

    while (width < c->min_width)
        c++;
    head = c->time + c->lang + 1 + c->platform + c->likes + c->author + 6 * c->gap;
    writer_post_time(when, sizeof when, p, zone);
    /* "2025-01-14 21:05 +08:00": the day and clock are its first 16 bytes. */
    if (c->time < 23 && when[0] != '~' && strlen(when) > (size_t)(c->time < 16 ? 10 : 16))
        when[c->time < 16 ? 10 : 16] = '\0';
    if (c->short_likes && !p->counts_unknown && !(p->counts_missing & 1u)) {
        text_format_number(p->likes, TEXT_NUMBER_SHORT, likes, sizeof likes);
        if (p->counts_floor & 1u)
            strncat(likes, "+", sizeof likes - strlen(likes) - 1);
    } else
        writer_post_likes(likes, sizeof likes, p);
    writer_text_cell(out, when, c->time);
    spaces(out, c->gap);
    writer_text_cell(out, p->lang, c->lang);
    spaces(out, c->gap);
    fputs(vocab_provenance_marks[vocab_provenance_of(p->provenance)], out);
    spaces(out, c->gap);
    writer_text_cell(out, c->short_platform ? vocab_platform_short(p->platform ? p->platform : "")
                                            : p->platform,
                     c->platform);
    spaces(out, c->gap);
    spaces(out, c->likes - text_width(likes, strlen(likes)));
    fputs(likes, out);
    spaces(out, c->gap);
    writer_text_cell(out, p->author ? p->author : "", c->author);
    spaces(out, c->gap);
    return width - head > 10 ? width - head : 10;
}

void writer_provenance_legend(FILE *out, unsigned seen)
{
    const char *sep = "";
    int zh = i18n_chinese(); /* the vocabulary in the interface's language */

    for (int i = 0; i < VOCAB_PROVENANCE_COUNT; i++) {
        if (!(seen & 1u << i) || vocab_provenance_marks[i][0] == ' ')
            continue;
        /* TRANSLATORS: the legend under a list of posts starts so, then
           "i illustrative: written for this dataset; likes invented" */
        fputs(sep[0] ? sep : _("marks: "), out);
        /* TRANSLATORS: a mark, its provenance and what its numbers are:
           "i illustrative: written for this dataset; likes invented" */
        fprintf(out, _("%s %s: %s"), vocab_provenance_marks[i], vocab_provenance_names[i][zh],
                vocab_provenance_counts[i][zh]);
        sep = writer_dot();
    }
    if (sep[0])
        fputc('\n', out);
}

void writer_post_md(FILE *out, const struct model_post *p, struct when_zone zone)
{
    char when[48];
    enum vocab_provenance prov = vocab_provenance_of(p->provenance);

    const char *dot = writer_dot();
    /* Under ASCII output a Chinese original is shown by its translation
     * alone, as the explorer shows it. */
    bool original = writer_post_shown_text(p) == p->text || !p->text;

    writer_post_time(when, sizeof when, p, zone);
    fprintf(out, "- **%s**%s", when, dot);
    writer_md_text(out, p->platform, "");
    fputs(dot, out);
    writer_md_text(out, p->author ? p->author : _("(unknown)"), "");
    fputs(dot, out);
    /* In words: "at least 10 likes", "likes not reported". */
    if (p->counts_unknown || (p->counts_missing & 1u))
        fputs(_("likes not reported"), out);
    else if (p->counts_floor & 1u)
        fprintf(out, plural(p->likes, "at least %lld like", "at least %lld likes"),
                (long long)p->likes);
    else
        fprintf(out, plural(p->likes, "%lld like", "%lld likes"), (long long)p->likes);
    fprintf(out, "%s%s (%s)\n\n  > ", dot, vocab_provenance_names[prov][i18n_chinese()],
            vocab_provenance_counts[prov][i18n_chinese()]);
    if (original)
        writer_md_text(out, p->text, "  > ");
    if (p->translation) {
        /* Its kind and maker, as the reader says them: "machine (by CMD)". */
        const char *kind = p->translation_kind ? p->translation_kind : "";
        char *by = p->translation_by ? writer_md_string(p->translation_by) : NULL;
        /* Under the original, or alone (ASCII output, see above). */
        fputs(original ? "\n  >\n  > " : "", out);
        if (strcmp(kind, "machine") == 0 && by)
            fprintf(out, _("*Machine translation (by %s):* "), by);
        else if (strcmp(kind, "machine") == 0)
            fputs(_("*Machine translation:* "), out);
        else if (strcmp(kind, "human") == 0 && by)
            fprintf(out, _("*Human translation (by %s):* "), by);
        else if (strcmp(kind, "human") == 0)
            fputs(_("*Human translation:* "), out);
        else if (by)
            fprintf(out, _("*Translation (by %s):* "), by);
        else
            fputs(_("*Translation:* "), out);
        free(by);
        writer_md_text(out, p->translation, "  > ");
    }
    fputs("\n\n", out);
}
