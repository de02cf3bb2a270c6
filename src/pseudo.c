#include "autoconfig.h"

#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <nettle/hmac.h>
#include <unictype.h>
#include <unistr.h>

#include "buf.h"
#include "i18n.h"
#include "pseudo.h"

/* ---- the salt ------------------------------------------------------------------- */

int pseudo_from_hex(struct pseudo *ps, const char *hex)
{
    if (strlen(hex) != 2 * sizeof ps->salt)
        return -1;
    for (size_t i = 0; i < sizeof ps->salt; i++) {
        unsigned v;
        if (!isxdigit((unsigned char)hex[2 * i]) || !isxdigit((unsigned char)hex[2 * i + 1]) ||
            sscanf(hex + 2 * i, "%2x", &v) != 1)
            return -1;
        ps->salt[i] = (uint8_t)v;
    }
    return 0;
}

int pseudo_open(struct db *db, struct pseudo *ps, struct rf_error *err)
{
    char hex[2 * sizeof ps->salt + 1];
    uint8_t fresh[sizeof ps->salt];
    int found;

    if ((found = db_meta_get(db, DB_META_PSEUDONYM_SALT, hex, sizeof hex, err)) < 0)
        return -1;
    if (!found) {
        if (db_readonly(db)) {
            rf_error_set(err, _("--pseudonymise: this cache has no pseudonym salt yet and is "
                                "read-only, so it cannot keep one"));
            return -1;
        }
        if (getrandom(fresh, sizeof fresh, 0) != (ssize_t)sizeof fresh) {
            rf_error_set(err, _("cannot make the pseudonym salt: %s"), strerror(errno));
            return -1;
        }
        for (size_t i = 0; i < sizeof fresh; i++)
            snprintf(hex + 2 * i, 3, "%02x", fresh[i]);
        /* Another refuge may be making one this moment: the first one stays. */
        if (db_begin(db, err) != 0)
            return -1;
        {
            char have[sizeof hex];
            int again = db_meta_get(db, DB_META_PSEUDONYM_SALT, have, sizeof have, err);
            if (again < 0 || (!again && db_meta_set(db, DB_META_PSEUDONYM_SALT, hex, err) != 0)) {
                db_rollback(db);
                return -1;
            }
            if (again)
                memcpy(hex, have, sizeof hex);
        }
        if (db_commit(db, err) != 0)
            return -1;
    }
    if (pseudo_from_hex(ps, hex) != 0) {
        rf_error_set(err, _("the cache's pseudonym salt is damaged"));
        return -1;
    }
    return 0;
}

/* ---- names ---------------------------------------------------------------------- */

static bool is_pseudonym(const char *s)
{
    if (strncmp(s, "anon-", 5) != 0 || strlen(s) != PSEUDO_NAME_SIZE - 1)
        return false;
    for (s += 5; *s; s++)
        if (!isdigit((unsigned char)*s) && !(*s >= 'a' && *s <= 'f'))
            return false;
    return true;
}

void pseudo_name(const struct pseudo *ps, const char *platform, const char *who, char *buf)
{
    struct hmac_sha256_ctx ctx;
    uint8_t digest[SHA256_DIGEST_SIZE];

    if (!who) {
        buf[0] = '\0';
        return;
    }
    if (is_pseudonym(who)) {
        memcpy(buf, who, PSEUDO_NAME_SIZE);
        return;
    }
    hmac_sha256_set_key(&ctx, sizeof ps->salt, ps->salt);
    hmac_sha256_update(&ctx, strlen(platform ? platform : "") + 1,
                       (const uint8_t *)(platform ? platform : ""));
    hmac_sha256_update(&ctx, strlen(who), (const uint8_t *)who);
    hmac_sha256_digest(&ctx, sizeof digest, digest);
    memcpy(buf, "anon-", 5);
    for (int i = 0; i < 6; i++)
        snprintf(buf + 5 + 2 * i, 3, "%02x", digest[i]);
}

/* A string being built that remembers running out of memory. */
struct sbuf {
    struct buf_text t;
    bool oom;
};

static void buf_append(struct sbuf *b, const char *s, size_t len)
{
    if (len && !buf_appendf(&b->t, "%.*s", (int)len, s))
        b->oom = true;
}

/* The string built, or NULL when memory ran out on the way. */
static char *buf_take(struct sbuf *b)
{
    if (b->oom) {
        free(b->t.s);
        return NULL;
    }
    return b->t.s ? b->t.s : strdup("");
}

/* ---- URLs ----------------------------------------------------------------------- */

static bool names_user(const char *seg, size_t len)
{
    static const char *const words[] = {"user", "users", "profile", "u", "people", "channel",
                                        NULL};
    for (int i = 0; words[i]; i++)
        if (strlen(words[i]) == len && strncasecmp(seg, words[i], len) == 0)
            return true;
    return false;
}

static bool is_x_host(const char *host, size_t len)
{
    static const char *const hosts[] = {"x.com", "twitter.com", "www.twitter.com",
                                        "mobile.twitter.com", "mobile.x.com", "www.x.com", NULL};
    for (int i = 0; hosts[i]; i++)
        if (strlen(hosts[i]) == len && strncasecmp(host, hosts[i], len) == 0)
            return true;
    return false;
}

/* Appends the reduction of url[0..len) to b. */
static void reduce_url(struct sbuf *b, const char *url, size_t len)
{
    const char *scheme_end = NULL, *host, *end = url + len, *p;
    size_t hlen;
    bool after_user = false, x_host, first = true;

    for (p = url; p + 2 < end; p++)
        if (p[0] == ':' && p[1] == '/' && p[2] == '/') {
            scheme_end = p + 3;
            break;
        }
    if (!scheme_end) { /* not a URL with a host: only its query and fragment go */
        size_t keep = strcspn(url, "?#");
        buf_append(b, url, keep < len ? keep : len);
        return;
    }
    buf_append(b, url, (size_t)(scheme_end - url));
    /* Cut query and fragment. */
    for (p = scheme_end; p < end; p++)
        if (*p == '?' || *p == '#') {
            end = p;
            break;
        }
    host = scheme_end;
    hlen = 0;
    while (host + hlen < end && host[hlen] != '/')
        hlen++;
    for (p = host + hlen; p > host; p--) /* user:password@ goes */
        if (p[-1] == '@') {
            hlen -= (size_t)(p - host);
            host = p;
            break;
        }
    buf_append(b, host, hlen);
    x_host = is_x_host(host, hlen);
    for (p = host + hlen; p < end;) {
        const char *seg = ++p; /* past the '/' */
        size_t slen = 0;
        while (seg + slen < end && seg[slen] != '/')
            slen++;
        buf_append(b, "/", 1);
        if (slen && (seg[0] == '@' || after_user))
            buf_append(b, "_", 1);
        else if (first && x_host && slen && seg + slen < end &&
                 strncmp(seg + slen, "/status", 7) == 0)
            buf_append(b, "i", 1);
        else
            buf_append(b, seg, slen);
        after_user = names_user(seg, slen);
        first = false;
        p = seg + slen;
    }
}

char *pseudo_url(const char *url)
{
    struct sbuf b = {0};

    if (!url)
        return NULL;
    reduce_url(&b, url, strlen(url));
    return buf_take(&b);
}

/* ---- text ----------------------------------------------------------------------- */

/* The byte length of the code point at s (1 for an invalid byte). */
static int cp_at(const char *s, size_t left, ucs4_t *c)
{
    int n = u8_mbtoucr(c, (const uint8_t *)s, left);
    if (n <= 0) {
        *c = 0xfffd;
        return 1;
    }
    return n;
}

/* A handle goes on over letters, digits, '_', '.' and '-'. */
static size_t handle_len(const char *s, size_t left)
{
    size_t i = 0;

    while (i < left) {
        ucs4_t c;
        int n = cp_at(s + i, left - i, &c);
        if (c < 0x80 ? !(isalnum((int)c) || c == '_' || c == '.' || c == '-')
                     : !(uc_is_alpha(c) || uc_is_digit(c) || uc_is_property_ideographic(c)))
            break;
        i += (size_t)n;
    }
    while (i > 0 && (s[i - 1] == '.' || s[i - 1] == '-')) /* "thanks @bob." */
        i--;
    return i;
}

static bool url_start(const char *s)
{
    return strncmp(s, "http://", 7) == 0 || strncmp(s, "https://", 8) == 0;
}

char *pseudo_text(const struct pseudo *ps, const char *platform, const char *text)
{
    struct sbuf b = {0};
    size_t len, i = 0, run = 0;

    if (!text)
        return NULL;
    len = strlen(text);
    while (i < len) {
        bool word_before = i > 0 && (isalnum((unsigned char)text[i - 1]) || text[i - 1] == '_');
        if (text[i] == '@' && !word_before) {
            size_t h = handle_len(text + i + 1, len - i - 1);
            if (h > 0) {
                char who[256], name[PSEUDO_NAME_SIZE];
                size_t end = i + 1 + h;
                snprintf(who, sizeof who, "%.*s", (int)(h < 255 ? h : 255), text + i + 1);
                for (char *q = who; *q; q++) /* handles are case-blind */
                    *q = (char)tolower((unsigned char)*q);
                pseudo_name(ps, platform, who, name);
                buf_append(&b, text + run, i - run);
                buf_append(&b, "@", 1);
                buf_append(&b, name, strlen(name));
                /* Xiaohongshu's "@name[...]": the bracket may carry an id. */
                if (end < len && text[end] == '[') {
                    const char *close = memchr(text + end, ']', len - end < 64 ? len - end : 64);
                    if (close)
                        end = (size_t)(close - text) + 1;
                }
                i = run = end;
                continue;
            }
        }
        if ((text[i] == 'h') && !word_before && url_start(text + i)) {
            size_t u = i;
            /* To the next space: a user path part may be in any script. */
            while (u < len && (unsigned char)text[u] > 0x20 && text[u] != 0x7f)
                u++;
            buf_append(&b, text + run, i - run);
            reduce_url(&b, text + i, u - i);
            i = run = u;
            continue;
        }
        i++;
    }
    buf_append(&b, text + run, len - run);
    return buf_take(&b);
}

/* ---- records -------------------------------------------------------------------- */

static void *hold(struct pseudo_hold *h, void *p)
{
    if (!p)
        return NULL;
    if (h->n == h->cap) {
        size_t cap = h->cap ? 2 * h->cap : 16;
        void **grown = realloc(h->p, cap * sizeof *grown);
        if (!grown) {
            free(p);
            return NULL;
        }
        h->p = grown;
        h->cap = cap;
    }
    return h->p[h->n++] = p;
}

static char *held_name(const struct pseudo *ps, struct pseudo_hold *h, const char *platform,
                       const char *who)
{
    char name[PSEUDO_NAME_SIZE];

    if (!who)
        return NULL;
    pseudo_name(ps, platform, who, name);
    return hold(h, strdup(name));
}

static const char *base_name(const char *path)
{
    const char *slash = path ? strrchr(path, '/') : NULL;
    return slash ? slash + 1 : path;
}

void pseudo_post(const struct pseudo *ps, const struct model_post *in, struct model_post *out,
                 struct pseudo_hold *h)
{
    const struct model_collected *c = &in->collected;
    /* Who the author is: the platform's key when known, else the name. */
    const char *who = c->author_key ? c->author_key : in->author;

    *out = *in;
    out->author = held_name(ps, h, in->platform, who);
    out->collected.author_key = held_name(ps, h, in->platform, c->author_key);
    out->collected.author_name = NULL; /* the pseudonym stands for every name */
    out->text = hold(h, pseudo_text(ps, in->platform, in->text));
    out->translation = hold(h, pseudo_text(ps, in->platform, in->translation));
    out->url = hold(h, pseudo_url(in->url));
    out->note = hold(h, pseudo_text(ps, in->platform, in->note));
    out->text_spans = out->translation_spans = NULL;
    out->ntext_spans = out->ntranslation_spans = 0;
    out->meta_hit = out->comment_hit = NULL;
    if (c->nmedia) {
        struct model_medium *m = hold(h, calloc(c->nmedia, sizeof *m));
        out->collected.media = m;
        out->collected.nmedia = m ? c->nmedia : 0;
        for (size_t i = 0; m && i < c->nmedia; i++) {
            m[i].kind = c->media[i].kind;
            m[i].url = hold(h, pseudo_url(c->media[i].url));
        }
    }
    if (c->nfiles) {
        struct model_file *f = hold(h, calloc(c->nfiles, sizeof *f));
        out->collected.files = f;
        out->collected.nfiles = f ? c->nfiles : 0;
        for (size_t i = 0; f && i < c->nfiles; i++) {
            f[i] = c->files[i];
            f[i].file = (char *)base_name(c->files[i].file);
        }
    }
}

void pseudo_comment(const struct pseudo *ps, const struct model_comment *in,
                    struct model_comment *out, struct pseudo_hold *h)
{
    const char *who = in->author_key ? in->author_key : in->author;

    *out = *in;
    out->author = held_name(ps, h, in->platform, who);
    out->author_key = held_name(ps, h, in->platform, in->author_key);
    out->author_name = NULL;
    out->text = hold(h, pseudo_text(ps, in->platform, in->text));
    if (in->translation)
        out->translation = hold(h, pseudo_text(ps, in->platform, in->translation));
    out->file = base_name(in->file);
    if (in->nmedia) {
        char **m = hold(h, calloc(in->nmedia, sizeof *m));
        out->media = m;
        out->nmedia = m ? in->nmedia : 0;
        for (size_t i = 0; m && i < in->nmedia; i++)
            m[i] = hold(h, pseudo_url(in->media[i]));
        for (size_t i = 0; m && i < in->nmedia; i++)
            if (!m[i])
                m[i] = "";
    }
}

void pseudo_hold_free(struct pseudo_hold *h)
{
    for (size_t i = 0; i < h->n; i++)
        free(h->p[i]);
    free(h->p);
    *h = (struct pseudo_hold){0};
}
