/* Spider_XHS (cv-cat/Spider_XHS) info.json: one Xiaohongshu note per file,
 * written by its note downloader beside the note's media. Its upload_time
 * is a local time without a zone (the scraping machine's, by
 * time.localtime), read in --assume-zone's zone or China time; "无标题"
 * is the title of an untitled note, "未知" an unknown place.
 * tests/data/collections/DETECTION.md section 3 is the field mapping. */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "fields.h"
#include "mapper.h"

/* The zone the tool's users mostly run it in: UTC+08:00. */
#define SPIDER_ZONE (8 * 60)

static const char *detect(struct import_sink *sink, const struct record *r, char *why,
                          size_t size)
{
    (void)sink, (void)why, (void)size;
    return rec_has(r, "note_id") && rec_has(r, "note_type") && rec_has(r, "upload_time")
               ? "spider_xhs:info.json"
               : NULL;
}

static const char *const fields[] = {
    "note_id", "note_url", "note_type", "user_id", "nickname", "title", "desc",
    "liked_count", "collected_count", "comment_count", "share_count", "video_addr",
    "image_list", "tags", "upload_time", "ip_location", NULL};
enum {
    S_ID, S_URL, S_TYPE, S_USER, S_NICK, S_TITLE, S_DESC, S_LIKED, S_COLLECTED, S_COMMENT,
    S_SHARE, S_VIDEO, S_IMAGES, S_TAGS, S_TIME, S_IP
};

static void map(struct import_sink *sink)
{
    const struct field *s[MAX_SLOTS];
    struct post p = {.tags = &sink->tags, .media = &sink->media, .platform = "xiaohongshu",
                     .provenance = "imported", .tkind = "none", .observed = true};
    const char *title, *desc, *place, *type, *video, *local;
    size_t title_len, desc_len;
    char *text = NULL;
    int64_t id_ts;

    if (map_fields(sink, fields, false, s) != 0)
        return;
    if (!get_id(sink, s[S_ID], "note_id", &p.id, &p.id_len) ||
        !get_text(sink, s[S_URL], "note_url", false, &p.url, NULL) ||
        !get_text(sink, s[S_TYPE], "note_type", false, &type, NULL) ||
        !get_id_opt(sink, s[S_USER], "user_id", &p.author_key) ||
        !get_text(sink, s[S_NICK], "nickname", false, &p.author, NULL) ||
        !get_text(sink, s[S_TITLE], "title", false, &title, &title_len) ||
        !get_text(sink, s[S_DESC], "desc", false, &desc, &desc_len) ||
        !get_count(sink, s[S_LIKED], "liked_count", &p.counts, COUNT_LIKES) ||
        !get_count(sink, s[S_COLLECTED], "collected_count", &p.counts, COUNT_COLLECTS) ||
        !get_count(sink, s[S_COMMENT], "comment_count", &p.counts, COUNT_COMMENTS) ||
        !get_count(sink, s[S_SHARE], "share_count", &p.counts, COUNT_SHARES) ||
        !get_media(sink, s[S_IMAGES], "image_list") ||
        !get_text(sink, s[S_VIDEO], "video_addr", false, &video, NULL) ||
        !get_tags(sink, s[S_TAGS], "tags") ||
        !get_text(sink, s[S_TIME], "upload_time", true, &local, NULL) ||
        !sink_local_time(sink, local, "upload_time", SPIDER_ZONE, &p.ts, &p.has_offset,
                         &p.offset, &p.basis) ||
        !get_text(sink, s[S_IP], "ip_location", false, &place, NULL))
        return;
    /* "无标题" (untitled) is the tool's placeholder, not the note's words. */
    if (title && strcmp(title, "无标题") == 0)
        title = NULL, title_len = 0;
    if (!mapper_xhs_text(sink, "missing required field 'desc' (or 'title')", title, title_len,
                         desc, desc_len, &p.text, &p.text_len, &text))
        return;
    /* The id's second checks the zone assumed. */
    if (p.basis == TIME_LOCAL && mapper_xhs_id_time(p.id, p.id_len, &id_ts) &&
        (id_ts - p.ts > 60 || p.ts - id_ts > 60))
        sink_warn(sink, "upload_time is %lld minutes off the note id's time: was the tool "
                        "run in another zone (--assume-zone)?",
                  (long long)((p.ts - id_ts) / 60));
    p.type = !type ? NULL : strcmp(type, "视频") == 0 ? "video" : "image";
    if (video)
        media_add(&sink->media, video, strlen(video), MEDIA_VIDEO);
    p.region = mapper_region(place);
    p.lang = import_detect_lang(p.text, p.text_len);
    if (sink->media.failed)
        sink_fatal(sink, "out of memory");
    else
        sink_post(sink, &p);
    free(text);
}

const struct mapper map_spider_xhs = {
    .name = "Spider_XHS info.json",
    .detect = detect,
    .map = map,
};
