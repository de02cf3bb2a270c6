/* Bluesky PostViews (app.bsky.feed.defs#postView), one per line, as
 * searchPosts, getAuthorFeed (the `post` of each item) and the tools built
 * on them write: the post's at:// URI is its id, the author's DID its key
 * and the handle its name. tests/data/collections/DETECTION.md section 3
 * is the field mapping. */
#include "autoconfig.h"

#include <stdio.h>
#include <string.h>

#include "fields.h"
#include "i18n.h"
#include "mapper.h"

static const char *detect(struct import_sink *sink, const struct record *r, char *why,
                          size_t size)
{
    (void)sink, (void)why, (void)size;
    for (int i = 0; i < r->n; i++)
        if (strcmp(r->f[i].name, "uri") == 0)
            return r->f[i].type == F_TEXT && strncmp(r->f[i].value, "at://", 5) == 0 &&
                           rec_has(r, "record") && rec_has(r, "author")
                       ? "bluesky:postview"
                       : NULL;
    return NULL;
}

static const char *const paths[] = {
    "$.uri", "$.author.did", "$.author.handle", "$.record.text", "$.record.createdAt",
    "$.indexedAt", "$.likeCount", "$.repostCount", "$.replyCount", "$.record.langs[0]",
    "*$.record.facets", "$.record.reply.parent.uri", "*$.embed.images", "$.embed.playlist",
    NULL};
enum {
    B_URI, B_DID, B_HANDLE, B_TEXT, B_CREATED, B_INDEXED, B_LIKES, B_REPOSTS, B_REPLIES, B_LANG,
    B_FACETS, B_PARENT, B_IMAGES, B_PLAYLIST, B_N
};

static void map(struct import_sink *sink)
{
    struct field f[B_N];
    struct post p = {.platform = "bluesky", .provenance = "imported", .tkind = "none",
                     .observed = true, .type = "text", .tags = &sink->tags,
                     .media = &sink->media};
    const char *lang, *playlist, *rkey;
    char url[512];

    media_clear(&sink->media);
    tags_clear(&sink->tags);
    if (!sink->text) {
        sink_bad(sink, _("a Bluesky PostView must be JSON"));
        return;
    }
    if (!sink_paths(sink, paths, sink->text, sink->text_len, f) ||
        !get_id(sink, f[B_URI].type == F_NULL ? NULL : &f[B_URI], "uri", &p.id, &p.id_len) ||
        !get_id_opt(sink, &f[B_DID], "author.did", &p.author_key) ||
        !get_text(sink, &f[B_HANDLE], "author.handle", false, &p.author, NULL) ||
        !get_text(sink, &f[B_TEXT], "record.text", false, &p.text, &p.text_len) ||
        !get_time(sink, f[B_CREATED].type != F_NULL ? &f[B_CREATED] : &f[B_INDEXED],
                  "record.createdAt", &p.ts, &p.has_offset, &p.offset) ||
        !get_count(sink, &f[B_LIKES], "likeCount", &p.counts, COUNT_LIKES) ||
        !get_count(sink, &f[B_REPOSTS], "repostCount", &p.counts, COUNT_SHARES) ||
        !get_count(sink, &f[B_REPLIES], "replyCount", &p.counts, COUNT_COMMENTS) ||
        !get_lang(sink, &f[B_LANG], "record.langs", &lang) ||
        !get_tag_list(sink, &f[B_FACETS], "record.facets", "$.features[0].tag") ||
        !get_text(sink, &f[B_PARENT], "record.reply.parent.uri", false, &p.reply_to, NULL) ||
        !get_media_list(sink, &f[B_IMAGES], "embed.images", "$.fullsize", MEDIA_IMAGE) ||
        !get_text(sink, &f[B_PLAYLIST], "embed.playlist", false, &playlist, NULL))
        return;
    if (playlist)
        media_add(&sink->media, playlist, strlen(playlist), MEDIA_VIDEO);
    if (sink->media.n)
        p.type = media_kind_name(sink->media.items[0].kind);
    if (!p.text)
        p.text = "";
    if (!p.author)
        p.author = p.author_key;
    p.lang = lang ? lang : import_detect_lang(p.text, p.text_len);
    if (p.author_key && (rkey = strrchr(p.id, '/'))) {
        snprintf(url, sizeof url, "https://bsky.app/profile/%s/post/%s", p.author_key, rkey + 1);
        p.url = url;
    }
    if (sink->media.failed || sink->tags.failed || !tags_to_json(&sink->tags))
        sink_fatal(sink, "out of memory");
    else
        sink_post(sink, &p);
}

const struct mapper map_bluesky = {
    .name = "Bluesky PostViews",
    .detect = detect,
    .map = map,
    .raw = true,
};
