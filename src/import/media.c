#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "media.h"

void media_clear(struct media *m)
{
    for (size_t i = 0; i < m->n; i++)
        free(m->items[i].url);
    m->n = 0;
    m->failed = false;
}

void media_free(struct media *m)
{
    media_clear(m);
    free(m->items);
    m->items = NULL;
    m->cap = 0;
}

void media_add(struct media *m, const char *url, size_t len, enum media_kind kind)
{
    while (len && (*url == ' ' || *url == '\t'))
        url++, len--;
    while (len && (url[len - 1] == ' ' || url[len - 1] == '\t'))
        len--;
    if (!len)
        return;
    for (size_t i = 0; i < m->n; i++)
        if (strlen(m->items[i].url) == len && memcmp(m->items[i].url, url, len) == 0)
            return;
    if (m->n == m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 8;
        struct media_item *p = realloc(m->items, cap * sizeof *p);
        if (!p) {
            m->failed = true;
            return;
        }
        m->items = p;
        m->cap = cap;
    }
    if (!(m->items[m->n].url = strndup(url, len))) {
        m->failed = true;
        return;
    }
    m->items[m->n++].kind = kind;
}

void media_split(struct media *m, const char *list, enum media_kind kind)
{
    while (list && *list) {
        const char *comma = strchr(list, ',');
        size_t len = comma ? (size_t)(comma - list) : strlen(list);
        media_add(m, list, len, kind);
        list = comma ? comma + 1 : NULL;
    }
}

const char *media_kind_name(enum media_kind kind)
{
    return kind == MEDIA_VIDEO ? "video" : "image";
}
