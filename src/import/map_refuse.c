/* Files refuge recognises only to refuse them, saying what they look like
 * and what refuge reads instead; and the last word on any other file. */
#include "autoconfig.h"

#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "mapper.h"

/* The first few field names of r, for a message: "a, b, c". */
static void key_list(const struct record *r, char *out, size_t size)
{
    out[0] = '\0';
    for (int i = 0; i < r->n && i < 6; i++) {
        size_t used = strlen(out);
        snprintf(out + used, size - used, "%s%.30s", i ? ", " : "", r->f[i].name);
    }
    if (r->n > 6)
        snprintf(out + strlen(out), size - strlen(out), ", ...");
}

/* Known files refuge does not read. */
static const char *detect_known(struct import_sink *sink, const struct record *r, char *why,
                                size_t size)
{
    if (sink->ytd_part[0]) {
        snprintf(why, size, _("an X archive part (%s); refuge reads its tweets.js"),
                 sink->ytd_part);
        return "x-archive";
    }
    if (rec_has(r, "orderedItems") || rec_has(r, "@context")) {
        snprintf(why, size, _("a Mastodon archive (ActivityStreams outbox); refuge reads the formats "
                              "listed in refuge(1)"));
        return "mastodon";
    }
    if ((rec_has(r, "Post") || rec_has(r, "Comment")) &&
        (rec_has(r, "Profile") || rec_has(r, "Activity") || rec_has(r, "Video"))) {
        snprintf(why, size, _("a TikTok personal data export (user_data_tiktok.json); refuge "
                              "does not read it"));
        return "tiktok-personal-export";
    }
    if (rec_has(r, "$type") && !rec_has(r, "uri")) {
        snprintf(why, size, _("Bluesky records without their author; export PostViews"));
        return "bluesky-record";
    }
    return NULL;
}

const struct mapper map_refuse_known = {
    .name = "files refuge does not read",
    .detect = detect_known,
};

/* True when a CSV header reads as prose: a cell empty, or with a space
 * (no tool names its columns so). */
static bool prose(const struct record *r)
{
    for (int i = 0; i < r->n; i++) {
        const char *name = r->f[i].name;
        if (!name[0] || strchr(name, ' '))
            return true;
    }
    return r->n <= 1;
}

/* Anything else: what it looks like. */
static const char *detect_any(struct import_sink *sink, const struct record *r, char *why,
                              size_t size)
{
    char keys[256];

    key_list(r, keys, sizeof keys);
    if (r->csv && r->n == 1 && strchr(r->f[0].name, ';'))
        snprintf(why, size, _("a Zeeschuimer CSV export (';'-separated); import the .ndjson "
                              "export instead"));
    else if (r->csv && prose(r))
        snprintf(why, size, _("plain text, not JSON, JSON Lines or CSV"));
    else if (r->csv)
        snprintf(why, size, _("CSV with columns %s; refuge reads the formats listed in refuge(1)"),
                 keys);
    else if (sink->text && memchr(sink->text, '\n', sink->text_len))
        snprintf(why, size, _("a JSON object that is none of the known formats "
                              "(keys: %s)"), keys);
    else
        snprintf(why, size, _("JSON Lines whose records are none of the known formats "
                              "(keys: %s)"), keys);
    return "unknown";
}

const struct mapper map_refuse = {
    .name = "anything else",
    .detect = detect_any,
};
