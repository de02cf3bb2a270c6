/* map_translations.c — a file of translations from any other tool
 * (`refuge import --translations FILE`): rows of platform, id and
 * translation, with optional kind (post or comment: post when absent),
 * translation_kind (human or machine: machine when absent) and by (who
 * or what made it). Each row goes to sink_translation(), which stores it
 * into the post or comment that is already cached. */
#include "autoconfig.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "../vocab.h"
#include "fields.h"
#include "i18n.h"
#include "mapper.h"
#include "store_translation.h"

static const char *const fields[] = {"platform", "id", "translation", "kind",
                                     "translation_kind", "by", NULL};
enum { T_PLATFORM, T_ID, T_TRANSLATION, T_KIND, T_TKIND, T_BY };

static const char *const item_kinds[] = {"post", "comment", NULL};
/* A translations file says who made a translation; "none" is no translation. */
static const char *const made_by[] = {"human", "machine", NULL};

static const char *detect(struct import_sink *sink, const struct record *r, char *why,
                          size_t size)
{
    (void)sink;
    if (rec_has(r, "platform") && rec_has(r, "id") && rec_has(r, "translation"))
        return "translations";
    snprintf(why, size, _("no translations: a translations file has a header naming its "
                          "columns platform, id and translation (and optionally kind, "
                          "translation_kind, by)"));
    return "translations";
}

static const char *const *columns(const struct record *header)
{
    (void)header;
    return fields;
}

static void map(struct import_sink *sink)
{
    const struct field *s[MAX_SLOTS];
    struct translation t = {0};
    const char *platform, *kind, *id;
    char lower[33], idbuf[256];
    size_t n, id_len;

    if (map_fields(sink, fields, true, s) != 0)
        return;
    if (!get_text(sink, s[T_PLATFORM], "platform", true, &platform, &n) ||
        !get_id(sink, s[T_ID], "id", &id, &id_len) ||
        !get_text(sink, s[T_TRANSLATION], "translation", true, &t.text, NULL) ||
        !get_choice(sink, s[T_KIND], "kind", item_kinds, "post", &kind) ||
        !get_choice(sink, s[T_TKIND], "translation_kind", made_by, "machine", &t.kind) ||
        !get_text(sink, s[T_BY], "by", false, &t.by, NULL))
        return;
    if (id_len >= sizeof idbuf || memchr(id, '\0', id_len)) {
        sink_bad(sink, _("id: expected a platform's id, got %zu bytes"), id_len);
        return;
    }
    memcpy(idbuf, id, id_len);
    idbuf[id_len] = '\0';
    t.id = idbuf;
    if (n >= sizeof lower) {
        sink_bad(sink, _("platform: expected a short name like xiaohongshu or tiktok"));
        return;
    }
    for (size_t i = 0; i <= n; i++)
        lower[i] = (char)tolower((unsigned char)platform[i]);
    t.platform = lower;
    t.comment = strcmp(kind, "comment") == 0;
    sink_translation(sink, &t);
}

const struct mapper map_translations = {
    .name = "translations",
    .detect = detect,
    .columns = columns,
    .map = map,
};
