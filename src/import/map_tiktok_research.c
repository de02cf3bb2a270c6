/* TikTok Research API video query pages (POST /v2/research/video/query/),
 * saved one response per file: each data.videos[] item is a post. Its id
 * is a JSON number of up to 19 digits, read as written (never through a
 * double). tests/data/collections/DETECTION.md section 3 is the field
 * mapping. */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fields.h"
#include "i18n.h"
#include "mapper.h"

static const char *const page_paths[] = {"*$.data.videos", NULL};

/* A JSON object whose data.videos is an array. */
static const char *detect(struct import_sink *sink, const struct record *r, char *why,
                          size_t size)
{
    struct field f[1];

    (void)why, (void)size;
    return sink->text && rec_has(r, "data") &&
                   sink_paths(sink, page_paths, sink->text, sink->text_len, f) &&
                   f[0].type == F_ARRAY
               ? "tiktok-research-api:video-query"
               : NULL;
}

static const char *const paths[] = {
    "#$.id", "$.create_time", "$.username", "$.video_description", "$.like_count",
    "$.comment_count", "$.share_count", "$.view_count", "*$.hashtag_names", "$.region_code",
    NULL};
enum { R_ID, R_TIME, R_USER, R_TEXT, R_LIKES, R_COMMENTS, R_SHARES, R_VIEWS, R_TAGS, R_REGION,
       R_N };

static bool video(void *data, const char *key, size_t klen, enum ftype type, const char *value,
                  size_t vlen)
{
    struct import_sink *sink = data;
    struct field f[R_N];
    struct post p = {.platform = "tiktok", .provenance = "imported", .tkind = "none",
                     .observed = true, .type = "video", .tags = &sink->tags,
                     .media = &sink->media};
    const char *region;
    char url[512];
    bool has;

    (void)key, (void)klen;
    media_clear(&sink->media);
    if (type != F_OBJECT) {
        sink_bad(sink, _("data.videos: expected videos (JSON objects)"));
        return false;
    }
    if (!sink_paths(sink, paths, value, vlen, f) ||
        !get_id(sink, &f[R_ID], "id", &p.id, &p.id_len) ||
        !get_epoch(sink, &f[R_TIME], "create_time", false, &p.ts, &has) ||
        !get_text(sink, &f[R_USER], "username", false, &p.author_key, NULL) ||
        !get_text(sink, &f[R_TEXT], "video_description", false, &p.text, &p.text_len) ||
        !get_count(sink, &f[R_LIKES], "like_count", &p.counts, COUNT_LIKES) ||
        !get_count(sink, &f[R_COMMENTS], "comment_count", &p.counts, COUNT_COMMENTS) ||
        !get_count(sink, &f[R_SHARES], "share_count", &p.counts, COUNT_SHARES) ||
        !get_count(sink, &f[R_VIEWS], "view_count", &p.counts, COUNT_VIEWS) ||
        !get_tags(sink, &f[R_TAGS], "hashtag_names") ||
        !get_text(sink, &f[R_REGION], "region_code", false, &region, NULL))
        return !sink->fatal;
    if (!has) {
        sink_bad(sink, _("missing required field 'create_time'"));
        return !sink->fatal;
    }
    if (!p.text)
        p.text = "";
    p.author = p.author_key;
    if (region && strlen(region) == 2)
        p.region = region;
    p.lang = import_detect_lang(p.text, p.text_len);
    if (p.author_key) {
        snprintf(url, sizeof url, "https://www.tiktok.com/@%s/video/%.*s", p.author_key,
                 (int)p.id_len, p.id);
        p.url = url;
    }
    sink_post(sink, &p);
    return !sink->fatal;
}

static void map(struct import_sink *sink)
{
    struct field f[1];
    char *videos;

    if (!sink->text) {
        sink_bad(sink, _("a TikTok Research API page must be JSON"));
        return;
    }
    if (!sink_paths(sink, page_paths, sink->text, sink->text_len, f))
        return;
    if (f[0].type != F_ARRAY) {
        sink_bad(sink, _("data.videos: expected an array of videos"));
        return;
    }
    if (!(videos = strndup(f[0].value, f[0].len))) {
        sink_fatal(sink, "out of memory");
        return;
    }
    sink_items(sink, videos, strlen(videos));
    /* At depth 2: get_tags() walks a video's hashtags at depth 1. */
    json_members(sink->json, 2, videos, strlen(videos), video, sink);
    free(videos);
}

const struct mapper map_tiktok_research = {
    .name = "TikTok Research API pages",
    .detect = detect,
    .map = map,
    .raw = true,
};
