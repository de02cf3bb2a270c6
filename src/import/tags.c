#include "autoconfig.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../buf.h"
#include "tags.h"

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

void tags_add(struct tags *t, const char *s, size_t len)
{
    size_t start, k;
    void *buf = t->buf, *off = t->off;
    bool grown;

    while (len && (*s == ' ' || *s == '#' || *s == '\t'))
        s++, len--;
    /* Full-width '＃' (EF BC 83) too. */
    while (len >= 3 && memcmp(s, "\xef\xbc\x83", 3) == 0)
        s += 3, len -= 3;
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    if (!len || t->failed)
        return;
    grown = buf_grow(&buf, &t->cap, t->used + len + 1, 1);
    t->buf = buf;
    grown = buf_grow(&off, &t->off_cap, t->n + 1, sizeof *t->off) && grown;
    t->off = off;
    if (!grown || ((t->n + 1) * 2 > t->set_cap && !tags_rehash(t))) {
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
void tags_split(struct tags *t, const char *s)
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
bool tags_to_json(struct tags *t)
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

const char *tags_at(const struct tags *t, size_t i)
{
    return t->buf + t->off[i];
}

void tags_clear(struct tags *t)
{
    t->n = 0;
    t->used = 0;
    t->failed = false;
    if (t->set)
        memset(t->set, 0, t->set_cap * sizeof *t->set);
}

void tags_free(struct tags *t)
{
    free(t->buf);
    free(t->off);
    free(t->set);
    free(t->json);
    memset(t, 0, sizeof *t);
}
