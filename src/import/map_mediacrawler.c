/* MediaCrawler (NanmiCoder/MediaCrawler): Xiaohongshu notes and comments,
 * Douyin contents and comments, Weibo contents, in its CSV, JSON, JSON Lines and SQLite
 * outputs, in the field sets of tests/data/collections/DETECTION.md. Fields
 * it writes that refuge does not keep (avatar, xsec_token, ...) are
 * ignored, so a new version's extra columns do not stop an import. */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../vocab.h"
#include "fields.h"
#include "i18n.h"
#include "mapper.h"

/* ---- detection ------------------------------------------------------------------- */

/* The field set: "creator_hash" since Jul 2026, "user_id" before. */
#define FIELD_SET(r, base) (rec_has(r, "creator_hash") ? base ":creator_hash" : base ":user_id")

static const char *detect(struct import_sink *sink, const struct record *r, char *why,
                          size_t size)
{
    (void)sink;
    /* A comment_id always wins: a comment is never taken for a note. */
    if (rec_has(r, "comment_id") && rec_has(r, "aweme_id"))
        return FIELD_SET(r, "mediacrawler:douyin-comments");
    if (rec_has(r, "comment_id") && rec_has(r, "note_id") && rec_has(r, "content") &&
        rec_has(r, "create_time"))
        return FIELD_SET(r, "mediacrawler:xhs-comments");
    if (rec_has(r, "note_id") && rec_has(r, "desc") && rec_has(r, "time"))
        return FIELD_SET(r, "mediacrawler:xhs-notes");
    if (rec_has(r, "aweme_id") && rec_has(r, "create_time"))
        return FIELD_SET(r, "mediacrawler:douyin-contents");
    if (rec_has(r, "note_id") && rec_has(r, "content") && rec_has(r, "create_date_time"))
        return FIELD_SET(r, "mediacrawler:weibo-contents");
    if (rec_has(r, "video_id") && rec_has(r, "source_keyword")) {
        snprintf(why, size, _("MediaCrawler %s contents (video_id, %s); refuge reads its "
                   "Xiaohongshu, Douyin and Weibo files"),
                 rec_has(r, "viewd_count") ? "Kuaishou" : "Bilibili",
                 rec_has(r, "viewd_count") ? "viewd_count" : "video_play_count");
        return "mediacrawler:other";
    }
    return NULL;
}

/* ---- shared fields ------------------------------------------------------------------- */

/* The author: creator_hash (the only stable key since Jul 2026) or
 * user_id, and the nickname (masked since then: a name, never a key). */
static bool get_author(struct import_sink *sink, const struct field *hash,
                       const struct field *user, const struct field *nick, const char **key,
                       const char **name)
{
    const char *h, *u;

    if (!get_text(sink, hash, "creator_hash", false, &h, NULL) ||
        !get_id_opt(sink, user, "user_id", &u) ||
        !get_text(sink, nick, "nickname", false, name, NULL))
        return false;
    *key = h ? h : u;
    return true;
}

/* When the crawler saw the record (last_modify_ts, ms): the counts'
 * observation and the collection time. */
static bool get_seen(struct import_sink *sink, const struct field *f, struct counts *c,
                     struct provenance *from)
{
    if (!get_epoch(sink, f, "last_modify_ts", true, &c->observed, &c->has_observed))
        return false;
    from->collected = c->observed;
    from->has_collected = c->has_observed;
    return true;
}

/* A Xiaohongshu time in ms, or the id's when absent. */
static bool xhs_time(struct import_sink *sink, const struct field *f, const char *name,
                     const char *id, size_t id_len, int64_t *ts, enum time_basis *basis)
{
    bool has;

    if (!get_epoch(sink, f, name, true, ts, &has))
        return false;
    *basis = TIME_EXACT;
    if (has)
        return true;
    if (mapper_xhs_id_time(id, id_len, ts)) {
        *basis = TIME_DERIVED_ID;
        return true;
    }
    sink_bad(sink, _("missing required field '%s'"), name);
    return false;
}

/* ---- Xiaohongshu notes ---------------------------------------------------------------- */

static const char *const note_fields[] = {
    "note_id", "type", "title", "desc", "video_url", "time", "user_id", "creator_hash",
    "nickname", "liked_count", "collected_count", "comment_count", "share_count",
    "ip_location", "image_list", "tag_list", "last_modify_ts", "note_url", "source_keyword",
    NULL};
enum {
    N_ID, N_TYPE, N_TITLE, N_DESC, N_VIDEO, N_TIME, N_USER, N_HASH, N_NICK, N_LIKED,
    N_COLLECTED, N_COMMENT, N_SHARE, N_IP, N_IMAGES, N_TAGS, N_SEEN, N_URL, N_KEYWORD
};

static void map_note(struct import_sink *sink)
{
    const struct field *s[MAX_SLOTS];
    struct post p = {.tags = &sink->tags, .media = &sink->media,
                     .platform = vocab_platforms[VOCAB_PLATFORM_XIAOHONGSHU],
                     .provenance = vocab_provenances[VOCAB_PROVENANCE_IMPORTED],
                     .tkind = vocab_translations[VOCAB_TRANSLATION_NONE], .observed = true};
    const char *title, *desc, *place, *type, *images, *video;
    size_t title_len, desc_len;
    char *text = NULL;

    if (map_fields(sink, note_fields, false, s) != 0)
        return;
    media_clear(&sink->media);
    if (!get_id(sink, s[N_ID], "note_id", &p.id, &p.id_len) ||
        !get_text(sink, s[N_TITLE], "title", false, &title, &title_len) ||
        !get_text(sink, s[N_DESC], "desc", false, &desc, &desc_len) ||
        !xhs_time(sink, s[N_TIME], "time", p.id, p.id_len, &p.ts, &p.basis) ||
        !get_author(sink, s[N_HASH], s[N_USER], s[N_NICK], &p.author_key, &p.author) ||
        !get_count(sink, s[N_LIKED], "liked_count", &p.counts, COUNT_LIKES) ||
        !get_count(sink, s[N_COLLECTED], "collected_count", &p.counts, COUNT_COLLECTS) ||
        !get_count(sink, s[N_COMMENT], "comment_count", &p.counts, COUNT_COMMENTS) ||
        !get_count(sink, s[N_SHARE], "share_count", &p.counts, COUNT_SHARES) ||
        !get_seen(sink, s[N_SEEN], &p.counts, &p.from) ||
        !get_tags(sink, s[N_TAGS], "tag_list") ||
        !get_text(sink, s[N_IP], "ip_location", false, &place, NULL) ||
        !get_text(sink, s[N_URL], "note_url", false, &p.url, NULL) ||
        !get_text(sink, s[N_TYPE], "type", false, &type, NULL) ||
        !get_text(sink, s[N_IMAGES], "image_list", false, &images, NULL) ||
        !get_text(sink, s[N_VIDEO], "video_url", false, &video, NULL) ||
        !get_text(sink, s[N_KEYWORD], "source_keyword", false, &p.keyword, NULL))
        return;
    if (!mapper_xhs_text(sink, "missing required field 'desc' (or 'title')", title, title_len,
                         desc, desc_len, &p.text, &p.text_len, &text))
        return;
    p.region = mapper_region(place);
    p.type = !type ? NULL : strcmp(type, "video") == 0 ? "video" : "image";
    media_split(&sink->media, images, MEDIA_IMAGE);
    media_split(&sink->media, video, MEDIA_VIDEO);
    p.lang = import_detect_lang(p.text, p.text_len);
    if (sink->media.failed)
        sink_fatal(sink, "out of memory");
    else
        sink_post(sink, &p);
    free(text);
}

/* ---- Xiaohongshu and Douyin comments ---------------------------------------------------- */

/* The same columns on both platforms (store/xhs, store/douyin), but the
 * post is a note_id or an aweme_id, and Douyin's create_time is in seconds. */
static const char *const comment_fields[] = {
    "comment_id", "create_time", "ip_location", "note_id", "content", "user_id",
    "creator_hash", "nickname", "sub_comment_count", "pictures", "parent_comment_id",
    "last_modify_ts", "like_count", "aweme_id", NULL};
enum {
    C_ID, C_TIME, C_IP, C_NOTE, C_CONTENT, C_USER, C_HASH, C_NICK, C_REPLIES, C_PICTURES,
    C_PARENT, C_SEEN, C_LIKES, C_AWEME
};

static void map_comment(struct import_sink *sink)
{
    const struct field *s[MAX_SLOTS];
    struct comment c = {.platform = "xiaohongshu", .media = &sink->media};
    struct counts replies = {0};
    const char *place, *pictures;
    size_t len;
    bool douyin, has_time;

    if (map_fields(sink, comment_fields, false, s) != 0)
        return;
    media_clear(&sink->media);
    douyin = s[C_AWEME] != NULL;
    if (douyin)
        c.platform = "douyin";
    if (!get_id(sink, s[C_ID], "comment_id", &c.id, &c.id_len) ||
        !get_id(sink, s[douyin ? C_AWEME : C_NOTE], douyin ? "aweme_id" : "note_id", &c.post_id,
                &len) ||
        !get_id_opt(sink, s[C_PARENT], "parent_comment_id", &c.parent_id) ||
        (douyin ? !get_epoch(sink, s[C_TIME], "create_time", false, &c.ts, &has_time)
                : !xhs_time(sink, s[C_TIME], "create_time", c.id, c.id_len, &c.ts, &c.basis)) ||
        !get_text(sink, s[C_CONTENT], "content", false, &c.text, &c.text_len) ||
        !get_author(sink, s[C_HASH], s[C_USER], s[C_NICK], &c.author_key, &c.author) ||
        !get_count(sink, s[C_LIKES], "like_count", &c.counts, COUNT_LIKES) ||
        !get_count(sink, s[C_REPLIES], "sub_comment_count", &replies, COUNT_COMMENTS) ||
        !get_seen(sink, s[C_SEEN], &c.counts, &c.from) ||
        !get_text(sink, s[C_IP], "ip_location", false, &place, NULL) ||
        !get_text(sink, s[C_PICTURES], "pictures", false, &pictures, NULL))
        return;
    if (douyin && !has_time) {
        sink_bad(sink, _("missing required field 'create_time'"));
        return;
    }
    /* A top-level comment's parent is 0 (or "0") before Jul 2026, "" since. */
    if (c.parent_id && strcmp(c.parent_id, "0") == 0)
        c.parent_id = NULL;
    if (!c.text)
        c.text = "";
    c.replies = replies.v[COUNT_COMMENTS];
    c.has_replies = replies.known != 0;
    c.region = mapper_region(place);
    c.lang = import_detect_lang(c.text, c.text_len);
    media_split(&sink->media, pictures, MEDIA_IMAGE);
    if (sink->media.failed)
        sink_fatal(sink, "out of memory");
    else
        sink_comment(sink, &c);
}

/* ---- Douyin contents ------------------------------------------------------------------- */

static const char *const douyin_fields[] = {
    "aweme_id", "aweme_type", "desc", "title", "create_time", "user_id", "creator_hash",
    "nickname", "liked_count", "collected_count", "comment_count", "share_count",
    "ip_location", "last_modify_ts", "aweme_url", "video_download_url", "note_download_url",
    "source_keyword", NULL};
enum {
    D_ID, D_TYPE, D_DESC, D_TITLE, D_TIME, D_USER, D_HASH, D_NICK, D_LIKED, D_COLLECTED,
    D_COMMENT, D_SHARE, D_IP, D_SEEN, D_URL, D_VIDEO, D_IMAGES, D_KEYWORD
};

static void map_douyin(struct import_sink *sink)
{
    const struct field *s[MAX_SLOTS];
    struct post p = {.tags = &sink->tags, .media = &sink->media, .platform = "douyin",
                     .provenance = "imported", .tkind = "none", .observed = true};
    const char *place, *type, *video, *images, *title;
    size_t title_len;
    bool has;

    if (map_fields(sink, douyin_fields, false, s) != 0)
        return;
    media_clear(&sink->media);
    tags_clear(&sink->tags);
    if (!get_id(sink, s[D_ID], "aweme_id", &p.id, &p.id_len) ||
        !get_text(sink, s[D_DESC], "desc", false, &p.text, &p.text_len) ||
        !get_text(sink, s[D_TITLE], "title", false, &title, &title_len) ||
        !get_epoch(sink, s[D_TIME], "create_time", false, &p.ts, &has) ||
        !get_author(sink, s[D_HASH], s[D_USER], s[D_NICK], &p.author_key, &p.author) ||
        !get_count(sink, s[D_LIKED], "liked_count", &p.counts, COUNT_LIKES) ||
        !get_count(sink, s[D_COLLECTED], "collected_count", &p.counts, COUNT_COLLECTS) ||
        !get_count(sink, s[D_COMMENT], "comment_count", &p.counts, COUNT_COMMENTS) ||
        !get_count(sink, s[D_SHARE], "share_count", &p.counts, COUNT_SHARES) ||
        !get_seen(sink, s[D_SEEN], &p.counts, &p.from) ||
        !get_text(sink, s[D_IP], "ip_location", false, &place, NULL) ||
        !get_text(sink, s[D_URL], "aweme_url", false, &p.url, NULL) ||
        !get_text(sink, s[D_TYPE], "aweme_type", false, &type, NULL) ||
        !get_text(sink, s[D_VIDEO], "video_download_url", false, &video, NULL) ||
        !get_text(sink, s[D_IMAGES], "note_download_url", false, &images, NULL) ||
        !get_text(sink, s[D_KEYWORD], "source_keyword", false, &p.keyword, NULL))
        return;
    if (!has) {
        sink_bad(sink, _("missing required field 'create_time'"));
        return;
    }
    if (!p.text)
        p.text = title, p.text_len = title_len;
    if (!p.text) {
        sink_bad(sink, _("missing required field 'desc'"));
        return;
    }
    /* Image posts (aweme_type 68) put their images in note_download_url. */
    p.type = type && strcmp(type, "68") == 0 ? "image" : "video";
    media_split(&sink->media, images, MEDIA_IMAGE);
    if (strcmp(p.type, "video") == 0)
        media_split(&sink->media, video, MEDIA_VIDEO);
    p.region = mapper_region(place);
    p.lang = import_detect_lang(p.text, p.text_len);
    if (sink->media.failed || !tags_to_json(&sink->tags))
        sink_fatal(sink, "out of memory");
    else
        sink_post(sink, &p);
}

/* ---- Weibo contents -------------------------------------------------------------------- */

static const char *const weibo_fields[] = {
    "note_id", "content", "create_time", "create_date_time", "liked_count", "comments_count",
    "shared_count", "last_modify_ts", "note_url", "ip_location", "user_id", "creator_hash",
    "nickname", "source_keyword", NULL};
enum {
    W_ID, W_CONTENT, W_TIME, W_DATE_TIME, W_LIKED, W_COMMENTS, W_SHARED, W_SEEN, W_URL, W_IP,
    W_USER, W_HASH, W_NICK, W_KEYWORD
};

/* create_date_time is China time (+08:00 when written with its offset). */
#define WEIBO_ZONE (8 * 60)

static void map_weibo(struct import_sink *sink)
{
    const struct field *s[MAX_SLOTS];
    struct post p = {.tags = &sink->tags, .media = &sink->media, .platform = "weibo",
                     .provenance = "imported", .tkind = "none", .observed = true,
                     .type = "text"};
    const char *place, *local;
    bool has;

    if (map_fields(sink, weibo_fields, false, s) != 0)
        return;
    media_clear(&sink->media);
    tags_clear(&sink->tags);
    if (!get_id(sink, s[W_ID], "note_id", &p.id, &p.id_len) ||
        !get_text(sink, s[W_CONTENT], "content", true, &p.text, &p.text_len) ||
        !get_epoch(sink, s[W_TIME], "create_time", false, &p.ts, &has) ||
        !get_text(sink, s[W_DATE_TIME], "create_date_time", false, &local, NULL) ||
        !get_author(sink, s[W_HASH], s[W_USER], s[W_NICK], &p.author_key, &p.author) ||
        !get_count(sink, s[W_LIKED], "liked_count", &p.counts, COUNT_LIKES) ||
        !get_count(sink, s[W_COMMENTS], "comments_count", &p.counts, COUNT_COMMENTS) ||
        !get_count(sink, s[W_SHARED], "shared_count", &p.counts, COUNT_SHARES) ||
        !get_seen(sink, s[W_SEEN], &p.counts, &p.from) ||
        !get_text(sink, s[W_IP], "ip_location", false, &place, NULL) ||
        !get_text(sink, s[W_URL], "note_url", false, &p.url, NULL) ||
        !get_text(sink, s[W_KEYWORD], "source_keyword", false, &p.keyword, NULL))
        return;
    /* create_time is exact; the local time only stands in for it. */
    if (!has && !local) {
        sink_bad(sink, _("missing required field 'create_time'"));
        return;
    }
    if (!has && !sink_local_time(sink, local, "create_date_time", WEIBO_ZONE, &p.ts,
                                 &p.has_offset, &p.offset, &p.basis))
        return;
    p.region = mapper_region(place);
    p.lang = import_detect_lang(p.text, p.text_len);
    if (!tags_to_json(&sink->tags))
        sink_fatal(sink, "out of memory");
    else
        sink_post(sink, &p);
}

/* ---- the mapper ------------------------------------------------------------------------ */

/* Each record by its own fields: a file holds one kind, a SQLite file two. */
static void map(struct import_sink *sink)
{
    const struct record *r = &sink->rec;

    if (rec_has(r, "comment_id"))
        map_comment(sink);
    else if (rec_has(r, "aweme_id"))
        map_douyin(sink);
    else if (rec_has(r, "desc") || !rec_has(r, "content"))
        map_note(sink);
    else
        map_weibo(sink);
}

const struct mapper map_mediacrawler = {
    .name = "MediaCrawler notes, comments and contents",
    .detect = detect,
    .map = map,
};
