/* 4CAT (digitalmethodsinitiative/4cat) CSV exports of the datasets it
 * makes from Zeeschuimer captures: RedNote notes and comments, TikTok and
 * Douyin videos. A RedNote author is a display name only (never merged);
 * a TikTok author is the uniqueId. Times come from unix_timestamp: the
 * `timestamp` column is the 4CAT server's local time for RedNote, so it is
 * read only when unix_timestamp is empty, as a zoneless time in UTC or
 * --assume-zone's zone (the summary says which).
 * tests/data/collections/DETECTION.md section 3 is the field mapping. */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fields.h"
#include "i18n.h"
#include "mapper.h"

static const char *detect(struct import_sink *sink, const struct record *r, char *why,
                          size_t size)
{
    (void)sink;
    if (!r->csv || !rec_has(r, "thread_id") || !rec_has(r, "unix_timestamp") ||
        !rec_has(r, "collected_from_url"))
        return NULL;
    if (rec_has(r, "tiktok_url") || rec_has(r, "author_full") || rec_has(r, "plays"))
        return "4cat:tiktok";
    if (rec_has(r, "digg_count") && rec_has(r, "author_user_id"))
        return "4cat:douyin";
    if (rec_has(r, "replies") && !rec_has(r, "title"))
        return "4cat:xiaohongshu-comments";
    if (rec_has(r, "title") || rec_has(r, "image_urls"))
        return "4cat:xiaohongshu";
    snprintf(why, size, _("a 4CAT export of a data source refuge does not read (it reads 4CAT's "
                          "RedNote, TikTok and Douyin exports)"));
    return "4cat";
}

/* The row's time, as the header comment says; a RedNote row with neither
 * is dated by its id. */
static bool row_time(struct import_sink *sink, const struct field *unix_ts,
                     const struct field *local, const char *id, size_t id_len, bool xhs,
                     int64_t *ts, bool *has_offset, int *offset, enum time_basis *basis)
{
    const char *text;
    bool has;

    if (!get_epoch(sink, unix_ts, "unix_timestamp", false, ts, &has) ||
        !get_text(sink, local, "timestamp", false, &text, NULL))
        return false;
    if (has)
        return true;
    if (text)
        return sink_local_time(sink, text, "timestamp", 0, ts, has_offset, offset, basis);
    if (xhs && mapper_xhs_id_time(id, id_len, ts)) {
        *basis = TIME_DERIVED_ID;
        return true;
    }
    sink_bad(sink, _("missing required field 'unix_timestamp'"));
    return false;
}

static void post_out(struct import_sink *sink, struct post *p)
{
    if (!p->text)
        p->text = "";
    p->lang = import_detect_lang(p->text, p->text_len);
    if (sink->media.failed || sink->tags.failed || !tags_to_json(&sink->tags))
        sink_fatal(sink, "out of memory");
    else
        sink_post(sink, p);
}

/* ---- RedNote notes ---------------------------------------------------------------- */

static const char *const note_fields[] = {
    "id", "url", "title", "body", "hashtags", "timestamp", "author", "image_urls", "image_url",
    "video_url", "likes", "unix_timestamp", NULL};
enum { N_ID, N_URL, N_TITLE, N_BODY, N_TAGS, N_TIME, N_AUTHOR, N_IMAGES, N_IMAGE, N_VIDEO,
       N_LIKES, N_UNIX };

static void map_note(struct import_sink *sink, struct post *p)
{
    const struct field *s[MAX_SLOTS];
    const char *title, *body, *images, *image, *video;
    size_t title_len, body_len;
    char *text = NULL;

    p->platform = "xiaohongshu";
    if (map_fields(sink, note_fields, false, s) != 0 ||
        !get_id(sink, s[N_ID], "id", &p->id, &p->id_len) ||
        !get_text(sink, s[N_URL], "url", false, &p->url, NULL) ||
        !get_text(sink, s[N_TITLE], "title", false, &title, &title_len) ||
        !get_text(sink, s[N_BODY], "body", false, &body, &body_len) ||
        !get_tags(sink, s[N_TAGS], "hashtags") ||
        !get_text(sink, s[N_AUTHOR], "author", false, &p->author, NULL) ||
        !get_text(sink, s[N_IMAGES], "image_urls", false, &images, NULL) ||
        !get_text(sink, s[N_IMAGE], "image_url", false, &image, NULL) ||
        !get_text(sink, s[N_VIDEO], "video_url", false, &video, NULL) ||
        !get_count(sink, s[N_LIKES], "likes", &p->counts, COUNT_LIKES) ||
        !row_time(sink, s[N_UNIX], s[N_TIME], p->id, p->id_len, true, &p->ts, &p->has_offset,
                  &p->offset, &p->basis))
        return;
    if (!mapper_xhs_text(sink, "missing required field 'body' (or 'title')", title, title_len,
                         body, body_len, &p->text, &p->text_len, &text))
        return;
    /* A row from a search or a feed has the title only. */
    p->partial = !body_len;
    media_split(&sink->media, images ? images : image, MEDIA_IMAGE);
    media_split(&sink->media, video, MEDIA_VIDEO);
    post_out(sink, p);
    free(text);
}

/* ---- RedNote comments ------------------------------------------------------------- */

static const char *const comment_fields[] = {
    "id", "thread_id", "body", "timestamp", "author", "ip_location", "likes", "replies",
    "unix_timestamp", NULL};
enum { C_ID, C_THREAD, C_BODY, C_TIME, C_AUTHOR, C_IP, C_LIKES, C_REPLIES, C_UNIX };

static void map_comment(struct import_sink *sink)
{
    const struct field *s[MAX_SLOTS];
    struct comment c = {.platform = "xiaohongshu", .media = &sink->media};
    struct counts replies = {0};
    const char *place;
    size_t post_len;

    if (map_fields(sink, comment_fields, false, s) != 0 ||
        !get_id(sink, s[C_ID], "id", &c.id, &c.id_len) ||
        !get_id(sink, s[C_THREAD], "thread_id", &c.post_id, &post_len) ||
        !get_text(sink, s[C_BODY], "body", false, &c.text, &c.text_len) ||
        !get_text(sink, s[C_AUTHOR], "author", false, &c.author, NULL) ||
        !get_text(sink, s[C_IP], "ip_location", false, &place, NULL) ||
        !get_count(sink, s[C_LIKES], "likes", &c.counts, COUNT_LIKES) ||
        !get_count(sink, s[C_REPLIES], "replies", &replies, COUNT_COMMENTS) ||
        !row_time(sink, s[C_UNIX], s[C_TIME], c.id, c.id_len, true, &c.ts, &c.has_offset,
                  &c.offset, &c.basis))
        return;
    if (!c.text)
        c.text = "";
    c.replies = replies.v[COUNT_COMMENTS];
    c.has_replies = replies.known != 0;
    c.region = mapper_region(place);
    c.lang = import_detect_lang(c.text, c.text_len);
    sink_comment(sink, &c);
}

/* ---- TikTok ----------------------------------------------------------------------- */

static const char *const tiktok_fields[] = {
    "id", "author", "author_full", "body", "timestamp", "unix_timestamp", "video_url",
    "tiktok_url", "likes", "comments", "shares", "plays", "hashtags", "location_created", NULL};
enum { T_ID, T_AUTHOR, T_NAME, T_BODY, T_TIME, T_UNIX, T_VIDEO, T_URL, T_LIKES, T_COMMENTS,
       T_SHARES, T_PLAYS, T_TAGS, T_REGION };

static void map_tiktok(struct import_sink *sink, struct post *p)
{
    const struct field *s[MAX_SLOTS];
    const char *video, *region;

    p->platform = "tiktok";
    p->type = "video";
    if (map_fields(sink, tiktok_fields, false, s) != 0 ||
        !get_id(sink, s[T_ID], "id", &p->id, &p->id_len) ||
        !get_text(sink, s[T_AUTHOR], "author", false, &p->author_key, NULL) ||
        !get_text(sink, s[T_NAME], "author_full", false, &p->author, NULL) ||
        !get_text(sink, s[T_BODY], "body", false, &p->text, &p->text_len) ||
        !get_text(sink, s[T_VIDEO], "video_url", false, &video, NULL) ||
        !get_text(sink, s[T_URL], "tiktok_url", false, &p->url, NULL) ||
        !get_count(sink, s[T_LIKES], "likes", &p->counts, COUNT_LIKES) ||
        !get_count(sink, s[T_COMMENTS], "comments", &p->counts, COUNT_COMMENTS) ||
        !get_count(sink, s[T_SHARES], "shares", &p->counts, COUNT_SHARES) ||
        !get_count(sink, s[T_PLAYS], "plays", &p->counts, COUNT_VIEWS) ||
        !get_tags(sink, s[T_TAGS], "hashtags") ||
        !get_text(sink, s[T_REGION], "location_created", false, &region, NULL) ||
        !row_time(sink, s[T_UNIX], s[T_TIME], p->id, p->id_len, false, &p->ts,
                  &p->has_offset, &p->offset, &p->basis))
        return;
    if (!p->author)
        p->author = p->author_key;
    if (region && strlen(region) == 2)
        p->region = region;
    if (video)
        media_add(&sink->media, video, strlen(video), MEDIA_VIDEO);
    post_out(sink, p);
}

/* ---- Douyin ----------------------------------------------------------------------- */

static const char *const douyin_fields[] = {
    "id", "body", "timestamp", "unix_timestamp", "post_url", "region", "hashtags",
    "video_url", "image_urls", "collect_count", "comment_count", "digg_count", "share_count",
    "author_user_id", "author_nickname", NULL};
enum { D_ID, D_BODY, D_TIME, D_UNIX, D_URL, D_REGION, D_TAGS, D_VIDEO, D_IMAGES, D_COLLECTS,
       D_COMMENTS, D_LIKES, D_SHARES, D_USER, D_NICK };

static void map_douyin(struct import_sink *sink, struct post *p)
{
    const struct field *s[MAX_SLOTS];
    const char *video, *images, *region;

    p->platform = "douyin";
    /* play_count is 0 on every Douyin row: not read (unknown, never 0). */
    if (map_fields(sink, douyin_fields, false, s) != 0 ||
        !get_id(sink, s[D_ID], "id", &p->id, &p->id_len) ||
        !get_text(sink, s[D_BODY], "body", false, &p->text, &p->text_len) ||
        !get_text(sink, s[D_URL], "post_url", false, &p->url, NULL) ||
        !get_text(sink, s[D_REGION], "region", false, &region, NULL) ||
        !get_tags(sink, s[D_TAGS], "hashtags") ||
        !get_text(sink, s[D_VIDEO], "video_url", false, &video, NULL) ||
        !get_text(sink, s[D_IMAGES], "image_urls", false, &images, NULL) ||
        !get_count(sink, s[D_LIKES], "digg_count", &p->counts, COUNT_LIKES) ||
        !get_count(sink, s[D_COMMENTS], "comment_count", &p->counts, COUNT_COMMENTS) ||
        !get_count(sink, s[D_COLLECTS], "collect_count", &p->counts, COUNT_COLLECTS) ||
        !get_count(sink, s[D_SHARES], "share_count", &p->counts, COUNT_SHARES) ||
        !get_id_opt(sink, s[D_USER], "author_user_id", &p->author_key) ||
        !get_text(sink, s[D_NICK], "author_nickname", false, &p->author, NULL) ||
        !row_time(sink, s[D_UNIX], s[D_TIME], p->id, p->id_len, false, &p->ts,
                  &p->has_offset, &p->offset, &p->basis))
        return;
    if (region && strlen(region) == 2)
        p->region = region;
    media_split(&sink->media, images, MEDIA_IMAGE);
    p->type = sink->media.n ? "image" : "video";
    if (video)
        media_add(&sink->media, video, strlen(video), MEDIA_VIDEO);
    post_out(sink, p);
}

/* ---- the mapper ------------------------------------------------------------------- */

static void map(struct import_sink *sink)
{
    struct post p = {.provenance = "imported", .tkind = "none", .observed = true,
                     .tags = &sink->tags, .media = &sink->media};

    media_clear(&sink->media);
    tags_clear(&sink->tags);
    if (strcmp(sink->format, "4cat:xiaohongshu-comments") == 0)
        map_comment(sink);
    else if (strcmp(sink->format, "4cat:xiaohongshu") == 0)
        map_note(sink, &p);
    else if (strcmp(sink->format, "4cat:tiktok") == 0)
        map_tiktok(sink, &p);
    else
        map_douyin(sink, &p);
}

const struct mapper map_fourcat = {
    .name = "4CAT CSV exports",
    .detect = detect,
    .map = map,
};
