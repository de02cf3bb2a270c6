#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "../buf.h"
#include "record.h"

static int rec_append(struct record *r, const char *s, size_t len, size_t *off)
{
    void *buf = r->buf;
    bool grown = buf_grow(&buf, &r->cap, r->used + len + 1, 1);

    r->buf = buf;
    if (!grown)
        return -1;
    *off = r->used;
    if (len)
        memcpy(r->buf + r->used, s, len);
    r->buf[r->used + len] = '\0';
    r->used += len + 1;
    return 0;
}

void rec_reset(struct record *r, bool csv)
{
    r->n = 0;
    r->used = 0;
    r->csv = csv;
}

int rec_add(struct record *r, const char *name, size_t nlen, const char *value, size_t vlen,
            enum ftype type)
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

void rec_finish(struct record *r)
{
    for (int i = 0; i < r->n; i++) {
        r->f[i].name = r->buf + r->name_off[i];
        r->f[i].value = r->buf + r->value_off[i];
    }
}

void rec_free(struct record *r)
{
    free(r->buf);
    r->buf = NULL;
    r->used = r->cap = 0;
    r->n = 0;
}

bool rec_has(const struct record *r, const char *name)
{
    for (int i = 0; i < r->n; i++)
        if (strcmp(r->f[i].name, name) == 0)
            return true;
    return false;
}
