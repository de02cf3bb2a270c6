/* Zeeschuimer (digitalmethodsinitiative/zeeschuimer) NDJSON: every line an
 * envelope around one captured object, dispatched on source_platform:
 * RedNote notes (four shapes of data) and comments with their replies,
 * TikTok items and Douyin items (API and page forms). TikTok items as
 * TikTok-Api writes them (the line is the item) share the TikTok mapping.
 * tests/data/collections/DETECTION.md section 3 is the field mapping. */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>

#include "fields.h"
#include "i18n.h"
#include "mapper.h"

/* ---- the envelope ---------------------------------------------------------------- */

/* What one envelope gives every record in it. */
struct envelope {
    const char *data;
    size_t data_len;
    struct counts seen;      /* observed = last_updated */
    struct provenance from;  /* collected = timestamp_collected */
    char keyword[256];       /* from a search page's URL, "" when none */
};

static const struct {
    const char *platform, *format;
} platforms[] = {
    {"xiaohongshu.com", "zeeschuimer:xiaohongshu.com"},
    {"xiaohongshu-comments", "zeeschuimer:xiaohongshu-comments"},
    {"tiktok.com", "zeeschuimer:tiktok.com"},
    {"douyin.com", "zeeschuimer:douyin.com"},
};

#define NPLATFORMS (sizeof platforms / sizeof platforms[0])

static const char *detect(struct import_sink *sink, const struct record *r, char *why,
                          size_t size)
{
    const struct field *s[MAX_SLOTS];
    const char *platform = NULL;

    if (!rec_has(r, "source_platform") || !rec_has(r, "data") ||
        (!rec_has(r, "nav_index") && !rec_has(r, "item_id")))
        return NULL;
    /* A detector reports nothing: the record's mapper will. */
    for (int i = 0; i < r->n; i++)
        if (strcmp(r->f[i].name, "source_platform") == 0 && r->f[i].type == F_TEXT)
            platform = r->f[i].value;
    (void)s, (void)sink;
    for (size_t i = 0; platform && i < NPLATFORMS; i++)
        if (strcmp(platform, platforms[i].platform) == 0)
            return platforms[i].format;
    snprintf(why, size,
             _("Zeeschuimer export of %.60s; refuge reads its xiaohongshu.com, "
               "xiaohongshu-comments, tiktok.com and douyin.com exports"),
             platform ? platform : _("an unnamed platform"));
    return "zeeschuimer";
}

static int hexval(char c)
{
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

/* Percent-decodes s[0..n) into out (a '+' is a space); "" when the result
 * is not UTF-8 without controls. */
static void url_decode(const char *s, size_t n, char *out, size_t size)
{
    size_t o = 0;

    for (size_t i = 0; i < n && o + 1 < size; i++) {
        if (s[i] == '%' && i + 2 < n && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
            out[o++] = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
            i += 2;
        } else {
            out[o++] = s[i] == '+' ? ' ' : s[i];
        }
    }
    out[o] = '\0';
    for (size_t i = 0; i < o; i++)
        if ((unsigned char)out[i] < 0x20)
            out[0] = '\0';
    if (u8_check((const uint8_t *)out, strlen(out)))
        out[0] = '\0';
}

/* The search keyword of the page the user was on: Xiaohongshu's
 * /search_result?keyword=..., Douyin's /search/<kw>. */
static void page_keyword(const char *url, char *out, size_t size)
{
    const char *k;
    size_t n;

    out[0] = '\0';
    if (!url)
        return;
    if (strstr(url, "/search_result") && (k = strstr(url, "keyword="))) {
        k += strlen("keyword=");
        n = strcspn(k, "&#");
    } else if ((k = strstr(url, "douyin.com/search/"))) {
        k += strlen("douyin.com/search/");
        n = strcspn(k, "?&#/");
    } else {
        return;
    }
    url_decode(k, n, out, size);
}

/* The envelope's fields, first in every path set read from a line. */
#define ENVELOPE_PATHS                                                                      \
    "$.source_platform", "$.source_platform_url", "$.last_updated", "$.timestamp_collected"
enum { Z_PLATFORM, Z_PAGE, Z_UPDATED, Z_COLLECTED, Z_N };

/* The envelope and its data (as JSON text), for every platform but
 * xiaohongshu.com, whose notes are read from the line in one go. */
static const char *const envelope_paths[] = {ENVELOPE_PATHS, "*$.data", NULL};

/* Reads the envelope from f[0..Z_N) (and the data from f[Z_N] unless
 * data is false); false after reporting a bad record. */
static bool get_envelope(struct import_sink *sink, const struct field *f, bool data,
                         struct envelope *env, const char **platform)
{
    const char *page;

    if (!get_text(sink, &f[Z_PLATFORM], "source_platform", true, platform, NULL) ||
        !get_text(sink, &f[Z_PAGE], "source_platform_url", false, &page, NULL) ||
        !get_epoch(sink, &f[Z_UPDATED], "last_updated", true, &env->seen.observed,
                   &env->seen.has_observed) ||
        !get_epoch(sink, &f[Z_COLLECTED], "timestamp_collected", true, &env->from.collected,
                   &env->from.has_collected))
        return false;
    if (data && f[Z_N].type != F_OBJECT) {
        sink_bad(sink, _("data: expected a JSON object"));
        return false;
    }
    if (data) {
        env->data = f[Z_N].value;
        env->data_len = f[Z_N].len;
    }
    page_keyword(page, env->keyword, sizeof env->keyword);
    return true;
}

/* ---- RedNote notes ----------------------------------------------------------------------- */

/* The API shape (search, home feed, note feed), with the keys that tell
 * the other shapes. */
static const char *const api_paths[] = {
    ENVELOPE_PATHS, "$.data.id", "?$.data.note_card", "?$.data.note", "?$.data.user",
    "$.data.\"_zs-origin\"", "$.data.note_card.type", "$.data.note_card.title",
    "$.data.note_card.desc", "$.data.note_card.time", "$.data.note_card.ip_location",
    "$.data.note_card.user.user_id", "$.data.note_card.user.nickname",
    "$.data.note_card.interact_info.liked_count", "$.data.note_card.interact_info.collected_count",
    "$.data.note_card.interact_info.comment_count", "$.data.note_card.interact_info.share_count",
    "*$.data.note_card.image_list", "*$.data.note_card.tag_list", NULL};
enum {
    A_ID = Z_N, A_CARD, A_NOTE, A_USER, A_ORIGIN, A_TYPE, A_TITLE, A_DESC, A_TIME, A_IP,
    A_USER_ID, A_NICK, A_LIKED, A_COLLECTED, A_COMMENT, A_SHARE, A_IMAGES, A_TAGS, A_N
};

/* What only some API items need: a title when there is no `title` (search
 * and home feed items), a name when there is no `nickname`, the cover when
 * there are no images, the stream of a video. Read only then: each path of
 * a set costs every line a lookup, and most note feed items need none. */
static const char *const api_more_paths[] = {
    "$.data.note_card.display_title", "$.data.note_card.user.nick_name",
    "$.data.note_card.cover.url_default", "$.data.note_card.video.media.stream.h264[0].master_url",
    NULL};
enum { M_DISPLAY, M_NICK2, M_COVER, M_VIDEO, M_N };

static const char *const embedded_paths[] = {
    "$.data.note.type", "$.data.note.title", "$.data.note.desc", "$.data.note.time",
    "$.data.note.ipLocation", "$.data.note.user.userId", "$.data.note.user.nickname", "$.data.note.interactInfo.likedCount",
    "$.data.note.interactInfo.collectedCount", "$.data.note.interactInfo.commentCount",
    "$.data.note.interactInfo.shareCount", "*$.data.note.imageList", "*$.data.note.tagList", NULL};
enum {
    E_TYPE, E_TITLE, E_DESC, E_TIME, E_IP, E_USER_ID, E_NICK, E_LIKED, E_COLLECTED, E_COMMENT,
    E_SHARE, E_IMAGES, E_TAGS, E_N
};

static const char *const user_page_paths[] = {
    "$.data.type", "$.data.display_title", "$.data.user.user_id", "$.data.user.nickname",
    "$.data.user.nick_name", "$.data.interact_info.liked_count", "$.data.cover.url_default", NULL};
enum { U_TYPE, U_TITLE, U_USER_ID, U_NICK, U_NICK2, U_LIKED, U_COVER, U_N };

static const char *const html_paths[] = {
    "$.data.title", "$.data.author_name", "$.data.likes", "$.data.thumbnail_url", NULL};
enum { H_TITLE, H_AUTHOR, H_LIKES, H_THUMB, H_N };

/* Each element of image_list: its url_default, else the url of its
 * info_list's WB_DFT entry (else its first). URLs are copied: a walk's
 * values are gone once it ends. */
struct xhs_image {
    struct import_sink *sink;
    char *dft, *first;
};

static const char *const info_paths[] = {"$.image_scene", "$.url", NULL};
static const char *const image_paths[] = {"$.url_default", "*$.info_list", NULL};

static bool info_element(void *data, const char *key, size_t klen, enum ftype type,
                         const char *value, size_t vlen)
{
    struct xhs_image *im = data;
    struct field f[2];
    char **slot;

    (void)key, (void)klen;
    if (type != F_OBJECT || !sink_paths(im->sink, info_paths, value, vlen, f) ||
        f[1].type != F_TEXT)
        return true;
    slot = f[0].type == F_TEXT && strcmp(f[0].value, "WB_DFT") == 0 ? &im->dft : &im->first;
    if (!*slot)
        *slot = strndup(f[1].value, f[1].len);
    return true;
}

static bool image_element(void *data, const char *key, size_t klen, enum ftype type,
                          const char *value, size_t vlen)
{
    struct xhs_image *im = data;
    struct field f[2];
    char *list;

    (void)key, (void)klen;
    if (type != F_OBJECT || !sink_paths(im->sink, image_paths, value, vlen, f))
        return true;
    if (f[0].type == F_TEXT && f[0].len) {
        media_add(&im->sink->media, f[0].value, f[0].len, MEDIA_IMAGE);
        return true;
    }
    if (f[1].type != F_ARRAY || !(list = strndup(f[1].value, f[1].len)))
        return true;
    im->dft = im->first = NULL;
    json_members(im->sink->json, 2, list, strlen(list), info_element, im);
    if (im->dft || im->first)
        media_add(&im->sink->media, im->dft ? im->dft : im->first,
                  strlen(im->dft ? im->dft : im->first), MEDIA_IMAGE);
    free(im->dft);
    free(im->first);
    free(list);
    return true;
}

/* A RedNote note's fields common to every shape, then to the store. */
static void note_out(struct import_sink *sink, struct post *p, const struct envelope *env,
                     const char *place, const char *title, size_t tlen, const char *desc,
                     size_t dlen)
{
    char *text = NULL;

    p->platform = "xiaohongshu";
    p->provenance = "imported";
    p->tkind = "none";
    p->observed = true;
    p->tags = &sink->tags;
    p->media = &sink->media;
    p->counts.observed = env->seen.observed;
    p->counts.has_observed = env->seen.has_observed;
    p->from = env->from;
    p->keyword = env->keyword[0] ? env->keyword : NULL;
    p->region = mapper_region(place);
    p->partial = dlen == 0;
    if (p->basis == TIME_DERIVED_ID && !mapper_xhs_id_time(p->id, p->id_len, &p->ts)) {
        sink_bad(sink, _("data: no time, and the id is not a Xiaohongshu id"));
        return;
    }
    if (!mapper_xhs_text(sink, "data: a note without a title or text", title, tlen, desc, dlen,
                         &p->text, &p->text_len, &text))
        return;
    p->lang = import_detect_lang(p->text, p->text_len);
    if (sink->media.failed || sink->tags.failed || !tags_to_json(&sink->tags))
        sink_fatal(sink, "out of memory");
    else
        sink_post(sink, p);
    free(text);
}

/* A time in ms (or none: dated by the id, p->basis says so). */
static bool note_time(struct import_sink *sink, const struct field *f, const char *name,
                      struct post *p)
{
    bool has;

    if (!get_epoch(sink, f, name, true, &p->ts, &has))
        return false;
    if (!has)
        p->basis = TIME_DERIVED_ID;
    return true;
}

static const char *note_type(const char *type)
{
    return !type ? NULL : strcmp(type, "video") == 0 ? "video" : "image";
}

/* A RedNote note's line: a[] holds the envelope and the API shape's paths
 * read from it; other shapes are read from the line (sink->text). */
static void map_rednote(struct import_sink *sink, const struct envelope *env,
                        const struct field *a)
{
    struct field f[E_N];
    struct post p = {0};
    const char *place = NULL, *title = NULL, *desc = NULL, *type = NULL, *nick;
    size_t tlen = 0, dlen = 0;

    media_clear(&sink->media);
    tags_clear(&sink->tags);
    if (a[A_CARD].type == F_NULL && a[A_USER].type == F_NULL && a[A_NOTE].type == F_NULL &&
        a[A_ORIGIN].type == F_NULL) {
        sink_skip(sink, _("empty tile (no note_card, user, note or _zs-origin)"));
        return;
    }
    if (!get_id(sink, a[A_ID].type == F_NULL ? NULL : &a[A_ID], "data.id", &p.id, &p.id_len))
        return;
    if (a[A_ORIGIN].type == F_TEXT && strcmp(a[A_ORIGIN].value, "html") == 0) {
        if (!sink_paths(sink, html_paths, sink->text, sink->text_len, f) ||
            !get_text(sink, &f[H_TITLE], "data.title", false, &title, &tlen) ||
            !get_text(sink, &f[H_AUTHOR], "data.author_name", false, &p.author, NULL) ||
            !get_count(sink, &f[H_LIKES], "data.likes", &p.counts, COUNT_LIKES) ||
            !get_text(sink, &f[H_THUMB], "data.thumbnail_url", false, &place, NULL))
            return;
        if (place)
            media_add(&sink->media, place, strlen(place), MEDIA_IMAGE);
        place = NULL;
        p.basis = TIME_DERIVED_ID;
    } else if (a[A_NOTE].type == F_OBJECT) {
        if (!sink_paths(sink, embedded_paths, sink->text, sink->text_len, f) ||
            !get_text(sink, &f[E_TYPE], "note.type", false, &type, NULL) ||
            !get_text(sink, &f[E_TITLE], "note.title", false, &title, &tlen) ||
            !get_text(sink, &f[E_DESC], "note.desc", false, &desc, &dlen) ||
            !note_time(sink, &f[E_TIME], "note.time", &p) ||
            !get_text(sink, &f[E_IP], "note.ipLocation", false, &place, NULL) ||
            !get_id_opt(sink, &f[E_USER_ID], "note.user.userId", &p.author_key) ||
            !get_text(sink, &f[E_NICK], "note.user.nickname", false, &p.author, NULL) ||
            !get_count(sink, &f[E_LIKED], "likedCount", &p.counts, COUNT_LIKES) ||
            !get_count(sink, &f[E_COLLECTED], "collectedCount", &p.counts, COUNT_COLLECTS) ||
            !get_count(sink, &f[E_COMMENT], "commentCount", &p.counts, COUNT_COMMENTS) ||
            !get_count(sink, &f[E_SHARE], "shareCount", &p.counts, COUNT_SHARES) ||
            !get_media_list(sink, &f[E_IMAGES], "note.imageList", "$.urlDefault", MEDIA_IMAGE) ||
            !get_tag_list(sink, &f[E_TAGS], "note.tagList", "$.name"))
            return;
    } else if (a[A_CARD].type == F_OBJECT) {
        struct xhs_image im = {.sink = sink};
        struct field m[M_N];
        const char *cover = NULL, *video = NULL;
        if (!get_text(sink, &a[A_TYPE], "note_card.type", false, &type, NULL) ||
            !get_text(sink, &a[A_TITLE], "note_card.title", false, &title, &tlen) ||
            !get_text(sink, &a[A_DESC], "note_card.desc", false, &desc, &dlen) ||
            !note_time(sink, &a[A_TIME], "note_card.time", &p) ||
            !get_text(sink, &a[A_IP], "note_card.ip_location", false, &place, NULL) ||
            !get_id_opt(sink, &a[A_USER_ID], "note_card.user.user_id", &p.author_key) ||
            !get_text(sink, &a[A_NICK], "note_card.user.nickname", false, &p.author, NULL) ||
            !get_count(sink, &a[A_LIKED], "liked_count", &p.counts, COUNT_LIKES) ||
            !get_count(sink, &a[A_COLLECTED], "collected_count", &p.counts, COUNT_COLLECTS) ||
            !get_count(sink, &a[A_COMMENT], "comment_count", &p.counts, COUNT_COMMENTS) ||
            !get_count(sink, &a[A_SHARE], "share_count", &p.counts, COUNT_SHARES) ||
            !get_tag_list(sink, &a[A_TAGS], "note_card.tag_list", "$.name"))
            return;
        /* Each image's url_default; else (search results) its info_list.
         * Copied: the walks read JSON with the statements a[] came from. */
        if (a[A_IMAGES].type == F_ARRAY) {
            char *list = strndup(a[A_IMAGES].value, a[A_IMAGES].len);
            if (!list) {
                sink_fatal(sink, "out of memory");
                return;
            }
            if (!get_media_list(sink, &a[A_IMAGES], "note_card.image_list", "$.url_default",
                                MEDIA_IMAGE) ||
                (sink->media.n == 0 &&
                 json_members(sink->json, 1, list, strlen(list), image_element, &im) < 0)) {
                free(list);
                return;
            }
            free(list);
        }
        if (!title || !p.author || sink->media.n == 0 || !type || strcmp(type, "normal") != 0) {
            if (!sink_paths(sink, api_more_paths, sink->text, sink->text_len, m) ||
                (!title && !get_text(sink, &m[M_DISPLAY], "note_card.display_title", false,
                                     &title, &tlen)) ||
                !get_text(sink, &m[M_NICK2], "note_card.user.nick_name", false, &nick, NULL) ||
                !get_text(sink, &m[M_COVER], "cover.url_default", false, &cover, NULL) ||
                !get_text(sink, &m[M_VIDEO], "video master_url", false, &video, NULL))
                return;
            if (!p.author)
                p.author = nick;
        }
        if (sink->media.n == 0 && cover)
            media_add(&sink->media, cover, strlen(cover), MEDIA_IMAGE);
        if (video)
            media_add(&sink->media, video, strlen(video), MEDIA_VIDEO);
    } else {
        const char *cover;
        if (!sink_paths(sink, user_page_paths, sink->text, sink->text_len, f) ||
            !get_text(sink, &f[U_TYPE], "data.type", false, &type, NULL) ||
            !get_text(sink, &f[U_TITLE], "data.display_title", false, &title, &tlen) ||
            !get_id_opt(sink, &f[U_USER_ID], "data.user.user_id", &p.author_key) ||
            !get_text(sink, &f[U_NICK], "data.user.nickname", false, &p.author, NULL) ||
            !get_text(sink, &f[U_NICK2], "data.user.nick_name", false, &nick, NULL) ||
            !get_count(sink, &f[U_LIKED], "liked_count", &p.counts, COUNT_LIKES) ||
            !get_text(sink, &f[U_COVER], "cover.url_default", false, &cover, NULL))
            return;
        if (!p.author)
            p.author = nick;
        if (cover)
            media_add(&sink->media, cover, strlen(cover), MEDIA_IMAGE);
        p.basis = TIME_DERIVED_ID;
    }
    p.type = note_type(type);
    note_out(sink, &p, env, place, title, tlen, desc, dlen);
}

/* ---- RedNote comments -------------------------------------------------------------------- */

static const char *const comment_paths[] = {
    "$.id", "$.note_id", "$.content", "$.create_time", "$.like_count", "$.ip_location",
    "$.user_info.user_id", "$.user_info.nickname", "$.sub_comment_count",
    "$.target_comment.id", "*$.sub_comments", NULL};
enum {
    K_ID, K_NOTE, K_CONTENT, K_TIME, K_LIKES, K_IP, K_USER_ID, K_NICK, K_REPLIES, K_TARGET,
    K_SUBS, K_N
};

struct thread {
    struct import_sink *sink;
    const struct envelope *env;
    char top[64]; /* the top-level comment's id, parent of a reply without a target */
};

static json_member_fn reply;

/* One comment object (top level, or a reply). */
static void map_one_comment(struct thread *t, const char *text, size_t len, bool top)
{
    struct import_sink *sink = t->sink;
    struct field f[K_N];
    struct comment c = {.platform = "xiaohongshu", .media = &sink->media};
    struct counts replies = {0};
    const char *place;
    bool has;

    media_clear(&sink->media);
    if (!sink_paths(sink, comment_paths, text, len, f) ||
        !get_id(sink, f[K_ID].type == F_NULL ? NULL : &f[K_ID], "id", &c.id, &c.id_len) ||
        !get_id(sink, f[K_NOTE].type == F_NULL ? NULL : &f[K_NOTE], "note_id", &c.post_id,
                &len) ||
        !get_text(sink, &f[K_CONTENT], "content", false, &c.text, &c.text_len) ||
        !get_epoch(sink, &f[K_TIME], "create_time", true, &c.ts, &has) ||
        !get_count(sink, &f[K_LIKES], "like_count", &c.counts, COUNT_LIKES) ||
        !get_count(sink, &f[K_REPLIES], "sub_comment_count", &replies, COUNT_COMMENTS) ||
        !get_text(sink, &f[K_IP], "ip_location", false, &place, NULL) ||
        !get_id_opt(sink, &f[K_USER_ID], "user_info.user_id", &c.author_key) ||
        !get_text(sink, &f[K_NICK], "user_info.nickname", false, &c.author, NULL) ||
        !get_id_opt(sink, &f[K_TARGET], "target_comment.id", &c.parent_id))
        return;
    if (!has) {
        if (!mapper_xhs_id_time(c.id, c.id_len, &c.ts)) {
            sink_bad(sink, _("missing required field 'create_time'"));
            return;
        }
        c.basis = TIME_DERIVED_ID;
    }
    if (top) {
        c.parent_id = NULL;
        snprintf(t->top, sizeof t->top, "%.*s", (int)c.id_len, c.id);
    } else if (!c.parent_id) {
        c.parent_id = t->top;
    }
    if (!c.text)
        c.text = "";
    c.replies = replies.v[COUNT_COMMENTS];
    c.has_replies = replies.known != 0;
    c.counts.observed = t->env->seen.observed;
    c.counts.has_observed = t->env->seen.has_observed;
    c.from = t->env->from;
    c.region = mapper_region(place);
    c.lang = import_detect_lang(c.text, c.text_len);
    if (top && f[K_SUBS].type == F_ARRAY) {
        char *subs = strndup(f[K_SUBS].value, f[K_SUBS].len);
        if (!subs) {
            sink_fatal(sink, "out of memory");
            return;
        }
        sink_comment(sink, &c);
        /* Replies, each its own comment. */
        json_members(sink->json, 1, subs, strlen(subs), reply, t);
        free(subs);
        return;
    }
    sink_comment(sink, &c);
}

static bool reply(void *data, const char *key, size_t klen, enum ftype type, const char *value,
                  size_t vlen)
{
    struct thread *t = data;

    (void)key, (void)klen;
    if (type != F_OBJECT) {
        sink_bad(t->sink, _("sub_comments: expected objects"));
        return false;
    }
    map_one_comment(t, value, vlen, false);
    return !t->sink->fatal;
}

static void map_rednote_comments(struct import_sink *sink, const struct envelope *env)
{
    struct thread t = {.sink = sink, .env = env};

    map_one_comment(&t, env->data, env->data_len, true);
}

/* ---- TikTok ------------------------------------------------------------------------------ */

static const char *const tiktok_paths[] = {
    "$.id", "$.desc", "$.createTime", "*$.author", "$.author.uniqueId", "$.author.nickname",
    "$.stats.diggCount", "$.stats.commentCount", "$.stats.collectCount", "$.stats.shareCount",
    "$.stats.playCount", "$.statsV2.diggCount", "$.statsV2.commentCount",
    "$.statsV2.collectCount", "$.statsV2.shareCount", "$.statsV2.playCount", "*$.challenges",
    "*$.textExtra", "$.locationCreated", "$.textLanguage", "$.video.playAddr",
    "$.video.downloadAddr", NULL};
enum {
    T_ID, T_DESC, T_TIME, T_AUTHOR, T_UNIQUE, T_NICK, T_STATS, T_STATS_V2 = T_STATS + 5,
    T_CHALLENGES = T_STATS_V2 + 5, T_TEXT_EXTRA, T_REGION, T_LANG, T_PLAY, T_DOWNLOAD, T_N
};

/* One TikTok item (text[0..len)); env is NULL for TikTok-Api lines. */
static void map_tiktok(struct import_sink *sink, const char *text, size_t len,
                       const struct envelope *env)
{
    static const char *const names[] = {"diggCount", "commentCount", "collectCount",
                                        "shareCount", "playCount"};
    static const enum count_kind kinds[] = {COUNT_LIKES, COUNT_COMMENTS, COUNT_COLLECTS,
                                            COUNT_SHARES, COUNT_VIEWS};
    struct field f[T_N];
    struct post p = {.platform = "tiktok", .provenance = "imported", .tkind = "none",
                     .observed = true, .type = "video", .tags = &sink->tags,
                     .media = &sink->media};
    const char *region, *lang, *play, *download;
    char url[512];
    bool has;

    media_clear(&sink->media);
    tags_clear(&sink->tags);
    if (!sink_paths(sink, tiktok_paths, text, len, f) ||
        !get_id(sink, f[T_ID].type == F_NULL ? NULL : &f[T_ID], "id", &p.id, &p.id_len) ||
        !get_text(sink, &f[T_DESC], "desc", false, &p.text, &p.text_len) ||
        !get_epoch(sink, &f[T_TIME], "createTime", false, &p.ts, &has) ||
        !get_text(sink, &f[T_REGION], "locationCreated", false, &region, NULL) ||
        !get_lang(sink, &f[T_LANG], "textLanguage", &lang) ||
        !get_text(sink, &f[T_PLAY], "video.playAddr", false, &play, NULL) ||
        !get_text(sink, &f[T_DOWNLOAD], "video.downloadAddr", false, &download, NULL) ||
        !get_tag_list(sink, &f[T_CHALLENGES], "challenges", "$.title") ||
        !get_tag_list(sink, &f[T_TEXT_EXTRA], "textExtra", "$.hashtagName"))
        return;
    if (!has) {
        sink_bad(sink, _("missing required field 'createTime'"));
        return;
    }
    /* Older captures have the author as a plain string (the uniqueId). */
    if (f[T_AUTHOR].type == F_TEXT) {
        if (!get_text(sink, &f[T_AUTHOR], "author", false, &p.author_key, NULL))
            return;
        p.author = p.author_key;
    } else if (!get_text(sink, &f[T_UNIQUE], "author.uniqueId", false, &p.author_key, NULL) ||
               !get_text(sink, &f[T_NICK], "author.nickname", false, &p.author, NULL)) {
        return;
    }
    if (!p.author)
        p.author = p.author_key;
    /* Counts from stats (numbers), else statsV2 (strings). */
    for (int i = 0; i < 5; i++) {
        const struct field *c = f[T_STATS + i].type != F_NULL ? &f[T_STATS + i]
                                                              : &f[T_STATS_V2 + i];
        if (!get_count(sink, c, names[i], &p.counts, kinds[i]))
            return;
    }
    if (!p.text)
        p.text = "";
    if (region && strlen(region) == 2)
        p.region = region;
    p.lang = lang ? lang : import_detect_lang(p.text, p.text_len);
    media_add(&sink->media, play ? play : download ? download : "",
              strlen(play ? play : download ? download : ""), MEDIA_VIDEO);
    if (p.author_key) {
        snprintf(url, sizeof url, "https://www.tiktok.com/@%s/video/%.*s", p.author_key,
                 (int)p.id_len, p.id);
        p.url = url;
    }
    if (env) {
        p.counts.observed = env->seen.observed;
        p.counts.has_observed = env->seen.has_observed;
        p.from = env->from;
    }
    if (sink->media.failed || sink->tags.failed || !tags_to_json(&sink->tags))
        sink_fatal(sink, "out of memory");
    else
        sink_post(sink, &p);
}

/* ---- Douyin -------------------------------------------------------------------------------- */

static const char *const douyin_paths[] = {
    "$.aweme_id", "$.awemeId", "$.desc", "$.create_time", "$.createTime", "$.author_user_id",
    "$.authorUserId", "$.author.uid", "$.authorInfo.uid", "$.author.nickname",
    "$.authorInfo.nickname", "$.statistics.digg_count", "$.statistics.comment_count",
    "$.statistics.collect_count", "$.statistics.share_count", "$.stats.diggCount",
    "$.stats.commentCount", "$.stats.collectCount", "$.stats.shareCount", "*$.text_extra",
    "*$.textExtra", "*$.video.bit_rate", "*$.video.bitRateList", NULL};
enum {
    DY_ID, DY_ID2, DY_DESC, DY_TIME, DY_TIME2, DY_USER, DY_USER2, DY_UID, DY_UID2, DY_NICK,
    DY_NICK2, DY_STATS, DY_STATS2 = DY_STATS + 4, DY_EXTRA = DY_STATS2 + 4, DY_EXTRA2,
    DY_BITRATE, DY_BITRATE2, DY_N
};

/* The best bit rate's address of video.bit_rate[] (API: play_addr.url_list[0])
 * or video.bitRateList[] (page: "https" + playApi). */
struct best {
    struct import_sink *sink;
    bool page;
    int64_t rate;
    char url[1024];
};

static const char *const bit_rate_paths[] = {
    "$.bit_rate", "$.play_addr.url_list[0]", "$.bitRate", "$.playApi", NULL};

static bool best_rate(void *data, const char *key, size_t klen, enum ftype type,
                      const char *value, size_t vlen)
{
    struct best *b = data;
    struct field f[4];
    const struct field *rate, *addr;

    (void)key, (void)klen;
    if (type != F_OBJECT || !sink_paths(b->sink, bit_rate_paths, value, vlen, f))
        return true;
    rate = &f[b->page ? 2 : 0];
    addr = &f[b->page ? 3 : 1];
    if (addr->type == F_TEXT && (rate->type != F_INT || atoll(rate->value) > b->rate)) {
        b->rate = rate->type == F_INT ? atoll(rate->value) : b->rate;
        snprintf(b->url, sizeof b->url, "%s%s", b->page && addr->value[0] == ':' ? "https" : "",
                 addr->value);
    }
    return true;
}

static void map_douyin(struct import_sink *sink, const struct envelope *env)
{
    static const char *const names[] = {"digg_count", "comment_count", "collect_count",
                                        "share_count"};
    static const enum count_kind kinds[] = {COUNT_LIKES, COUNT_COMMENTS, COUNT_COLLECTS,
                                            COUNT_SHARES};
    struct field f[DY_N];
    struct post p = {.platform = "douyin", .provenance = "imported", .tkind = "none",
                     .observed = true, .type = "video", .tags = &sink->tags,
                     .media = &sink->media};
    struct best b = {.sink = sink, .rate = -1};
    bool page, has;
    char url[256], *list = NULL;
    const struct field *rates;

    media_clear(&sink->media);
    tags_clear(&sink->tags);
    if (!sink_paths(sink, douyin_paths, env->data, env->data_len, f))
        return;
    page = f[DY_ID].type == F_NULL;
    /* A page writes "$undefined" for a value it lacks: no author key then
     * (else every such author would be one person, "$undefined"). Counts
     * read it as unknown themselves. */
    for (int i = DY_USER; i <= DY_NICK2; i++)
        if (f[i].type == F_TEXT && strcmp(f[i].value, "$undefined") == 0)
            f[i].type = F_NULL;
    if (!get_id(sink, f[page + DY_ID].type == F_NULL ? NULL : &f[page + DY_ID], "aweme_id",
                &p.id, &p.id_len) ||
        !get_text(sink, &f[DY_DESC], "desc", false, &p.text, &p.text_len) ||
        !get_epoch(sink, &f[DY_TIME + page], "create_time", false, &p.ts, &has) ||
        !get_id_opt(sink, &f[DY_USER + page], "author_user_id", &p.author_key) ||
        (!p.author_key && !get_id_opt(sink, &f[DY_UID + page], "author.uid", &p.author_key)) ||
        !get_text(sink, &f[DY_NICK + page], "author.nickname", false, &p.author, NULL) ||
        !get_tag_list(sink, &f[DY_EXTRA + page], "text_extra",
                   page ? "$.hashtagName" : "$.hashtag_name"))
        return;
    for (int i = 0; i < 4; i++)
        if (!get_count(sink, &f[(page ? DY_STATS2 : DY_STATS) + i], names[i], &p.counts,
                       kinds[i]))
            return;
    if (!has) {
        sink_bad(sink, _("missing required field 'create_time'"));
        return;
    }
    rates = &f[DY_BITRATE + page];
    if (rates->type == F_ARRAY) {
        if (!(list = strndup(rates->value, rates->len))) {
            sink_fatal(sink, "out of memory");
            return;
        }
        b.page = page;
        json_members(sink->json, 1, list, strlen(list), best_rate, &b);
        free(list);
        media_add(&sink->media, b.url, strlen(b.url), MEDIA_VIDEO);
    }
    if (!p.text)
        p.text = "";
    p.lang = import_detect_lang(p.text, p.text_len);
    snprintf(url, sizeof url, "https://www.douyin.com/video/%.*s", (int)p.id_len, p.id);
    p.url = url;
    p.keyword = env->keyword[0] ? env->keyword : NULL;
    p.counts.observed = env->seen.observed;
    p.counts.has_observed = env->seen.has_observed;
    p.from = env->from;
    if (sink->media.failed || sink->tags.failed || !tags_to_json(&sink->tags))
        sink_fatal(sink, "out of memory");
    else
        sink_post(sink, &p);
}

/* ---- the mappers ----------------------------------------------------------------------------- */

/* Each line on its own source_platform (a hand-merged file still works).
 * A RedNote note's line is read in one go: envelope and note. */
static void map(struct import_sink *sink)
{
    struct envelope env = {0};
    struct field a[A_N], e[Z_N + 1];
    const char *platform;
    char reason[160];

    if (!sink->text) {
        sink_bad(sink, _("a Zeeschuimer line must be JSON"));
        return;
    }
    if (!sink_paths(sink, api_paths, sink->text, sink->text_len, a) ||
        !get_envelope(sink, a, false, &env, &platform))
        return;
    if (strcmp(platform, "xiaohongshu.com") == 0) {
        /* Even an empty tile has its id. */
        if (a[A_ID].type == F_NULL && a[A_CARD].type == F_NULL && a[A_NOTE].type == F_NULL &&
            a[A_USER].type == F_NULL && a[A_ORIGIN].type == F_NULL) {
            sink_bad(sink, _("data: expected a captured object with an id"));
            return;
        }
        map_rednote(sink, &env, a);
        return;
    }
    if (!sink_paths(sink, envelope_paths, sink->text, sink->text_len, e) ||
        !get_envelope(sink, e, true, &env, &platform))
        return;
    if (strcmp(platform, "xiaohongshu-comments") == 0)
        map_rednote_comments(sink, &env);
    else if (strcmp(platform, "tiktok.com") == 0)
        map_tiktok(sink, env.data, env.data_len, &env);
    else if (strcmp(platform, "douyin.com") == 0)
        map_douyin(sink, &env);
    else {
        snprintf(reason, sizeof reason, _("a line of %.60s, a platform refuge does not read"),
                 platform);
        sink_skip(sink, reason);
    }
}

const struct mapper map_zeeschuimer = {
    .name = "Zeeschuimer NDJSON",
    .detect = detect,
    .map = map,
    .raw = true,
};

static const char *detect_item(struct import_sink *sink, const struct record *r, char *why,
                               size_t size)
{
    (void)sink, (void)why, (void)size;
    return rec_has(r, "id") && rec_has(r, "createTime") &&
                   (rec_has(r, "stats") || rec_has(r, "statsV2")) && rec_has(r, "author")
               ? "tiktok-api:item"
               : NULL;
}

static void map_item(struct import_sink *sink)
{
    if (!sink->text) {
        sink_bad(sink, _("a TikTok item must be JSON"));
        return;
    }
    map_tiktok(sink, sink->text, sink->text_len, NULL);
}

const struct mapper map_tiktok_item = {
    .name = "TikTok items (TikTok-Api)",
    .detect = detect_item,
    .map = map_item,
    .raw = true,
};
