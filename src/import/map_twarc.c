/* twarc2 (DocNow/twarc) JSON Lines of X's API v2: a page per line (`data`
 * tweets, their authors in `includes.users` and media in `includes.media`,
 * `__twarc` saying when it was retrieved), or one tweet per line as
 * `twarc2 flatten` writes it (its author in `author`, its media in
 * `attachments.media`). A tweet on two pages is one post, its counts from
 * the newer page; a retweet is skipped and counted. tests/data/collections/DETECTION.md section 3 is the
 * field mapping. */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fields.h"
#include "i18n.h"
#include "mapper.h"

static bool field_is(const struct record *r, const char *name, enum ftype type)
{
    for (int i = 0; i < r->n; i++)
        if (strcmp(r->f[i].name, name) == 0)
            return r->f[i].type == type;
    return false;
}

/* What a page gives each of its tweets. */
struct page {
    struct import_sink *sink;
    const char *users; /* includes.users, NULL for a flattened tweet */
    size_t users_len;
    const char *media; /* includes.media, NULL when the page has none */
    size_t media_len;
    struct counts seen;
    struct provenance from;
};

/* When the page or line was retrieved (__twarc.retrieved_at), if it says. */
static bool retrieved(struct import_sink *sink, const struct field *f, struct page *pg)
{
    bool has_offset;
    int offset;

    if (f->type == F_NULL)
        return true;
    if (!get_time(sink, f, "__twarc.retrieved_at", &pg->seen.observed, &has_offset, &offset))
        return false;
    pg->seen.has_observed = pg->from.has_collected = true;
    pg->from.collected = pg->seen.observed;
    return true;
}

/* ---- one tweet ------------------------------------------------------------------------ */

static const char *const tweet_paths[] = {
    "$.id", "$.text", "$.created_at", "$.author_id", "$.lang", "$.public_metrics.like_count",
    "$.public_metrics.retweet_count", "$.public_metrics.reply_count",
    "$.public_metrics.impression_count", "*$.entities.hashtags", "*$.referenced_tweets",
    "$.author.username", "$.__twarc.retrieved_at", "*$.attachments.media_keys",
    "*$.attachments.media", NULL};
enum {
    W_ID, W_TEXT, W_TIME, W_AUTHOR, W_LANG, W_LIKES, W_RETWEETS, W_REPLIES, W_VIEWS, W_TAGS,
    W_REFS, W_USERNAME, W_RETRIEVED, W_MEDIA_KEYS, W_MEDIA, W_N
};

/* A member of an array of objects whose `key` is `want`: its `value`
 * copied out (includes.users by id, referenced_tweets by type). */
struct find {
    struct import_sink *sink;
    const char *const *paths; /* {key, value} */
    const char *want;
    char found[256];
};

static const char *const user_paths[] = {"$.id", "$.username", NULL};
static const char *const ref_paths[] = {"$.type", "$.id", NULL};

static bool find_one(void *data, const char *key, size_t klen, enum ftype type,
                     const char *value, size_t vlen)
{
    struct find *fd = data;
    struct field f[2];

    (void)key, (void)klen;
    if (type != F_OBJECT || !sink_paths(fd->sink, fd->paths, value, vlen, f))
        return !fd->sink->fatal;
    if (f[0].type != F_NULL && f[1].type == F_TEXT && strcmp(f[0].value, fd->want) == 0) {
        snprintf(fd->found, sizeof fd->found, "%s", f[1].value);
        return false;
    }
    return true;
}

/* Looks `want` up in the JSON array text[0..len); "" when absent. */
static bool find(struct find *fd, const char *text, size_t len, const char *name)
{
    char *copy;

    fd->found[0] = '\0';
    if (!text)
        return true;
    if (!(copy = strndup(text, len))) {
        sink_fatal(fd->sink, "out of memory");
        return false;
    }
    if (json_members(fd->sink->json, 2, copy, strlen(copy), find_one, fd) < 0)
        sink_bad(fd->sink, _("%s: bad JSON array"), name);
    free(copy);
    return !fd->sink->fatal;
}

/* ---- media ---------------------------------------------------------------------------- */

/* A medium of X's API v2 (includes.media, or attachments.media once
 * flattened): a photo's url; a video's or GIF's MP4 of the highest bit
 * rate, else its preview image. */
static const char *const medium_paths[] = {"$.media_key", "$.type", "$.url",
                                           "$.preview_image_url", "*$.variants", NULL};
static const char *const variant_paths[] = {"$.content_type", "$.bit_rate", "$.url", NULL};

struct media_walk {
    struct import_sink *sink;
    const char *want;  /* the media_key looked for; NULL: every medium */
    bool video;        /* a video was added */
    long long rate;    /* the best variant so far ... */
    char best[1024];   /* ... and its URL */
};

static bool variant(void *data, const char *key, size_t klen, enum ftype type,
                    const char *value, size_t vlen)
{
    struct media_walk *mw = data;
    struct field f[3];
    long long rate;

    (void)key, (void)klen;
    if (type != F_OBJECT || !sink_paths(mw->sink, variant_paths, value, vlen, f))
        return !mw->sink->fatal;
    rate = f[1].type == F_INT ? strtoll(f[1].value, NULL, 10) : 0;
    if (f[0].type == F_TEXT && strcmp(f[0].value, "video/mp4") == 0 && f[2].type == F_TEXT &&
        (!mw->best[0] || rate > mw->rate) && f[2].len < sizeof mw->best) {
        mw->rate = rate;
        snprintf(mw->best, sizeof mw->best, "%s", f[2].value);
    }
    return true;
}

static bool medium(void *data, const char *key, size_t klen, enum ftype type,
                   const char *value, size_t vlen)
{
    struct media_walk *mw = data;
    struct import_sink *sink = mw->sink;
    struct field f[5];
    char *variants;

    (void)key, (void)klen;
    if (type != F_OBJECT || !sink_paths(sink, medium_paths, value, vlen, f))
        return !sink->fatal;
    if (mw->want && (f[0].type != F_TEXT || strcmp(f[0].value, mw->want) != 0))
        return true;
    if (f[1].type == F_TEXT && strcmp(f[1].value, "photo") == 0) {
        if (f[2].type == F_TEXT)
            media_add(&sink->media, f[2].value, f[2].len, MEDIA_IMAGE);
        return !mw->want;
    }
    mw->best[0] = '\0';
    if (f[4].type == F_ARRAY) {
        char preview[1024] = "";
        if (f[3].type == F_TEXT)
            snprintf(preview, sizeof preview, "%s", f[3].value);
        if (!(variants = strndup(f[4].value, f[4].len))) {
            sink_fatal(sink, "out of memory");
            return false;
        }
        json_members(sink->json, 3, variants, strlen(variants), variant, mw);
        free(variants);
        if (!mw->best[0] && preview[0])
            media_add(&sink->media, preview, strlen(preview), MEDIA_IMAGE);
    } else if (f[3].type == F_TEXT) {
        media_add(&sink->media, f[3].value, f[3].len, MEDIA_IMAGE);
    }
    if (mw->best[0]) {
        media_add(&sink->media, mw->best, strlen(mw->best), MEDIA_VIDEO);
        mw->video = true;
    }
    return !mw->want && !sink->fatal;
}

/* The keys of attachments.media_keys, copied out (a value lasts only
 * through its callback). */
struct keys {
    char *k[16];
    size_t n;
};

static bool media_key(void *data, const char *key, size_t klen, enum ftype type,
                      const char *value, size_t vlen)
{
    struct keys *ks = data;

    (void)key, (void)klen;
    if (type == F_TEXT && ks->n < sizeof ks->k / sizeof ks->k[0])
        ks->k[ks->n++] = strndup(value, vlen);
    return true;
}

/* The tweet's media into sink->media: attachments.media (flattened), or
 * its media_keys looked up in the page's includes.media, in their order.
 * Sets *video when one is a video. False when the import must stop. */
static bool tweet_media(struct page *pg, const struct field *keys, const struct field *inline_,
                        bool *video)
{
    struct import_sink *sink = pg->sink;
    struct media_walk mw = {.sink = sink};
    struct keys ks = {.n = 0};
    char *copy;

    if (inline_->type == F_ARRAY) {
        if (!(copy = strndup(inline_->value, inline_->len))) {
            sink_fatal(sink, "out of memory");
            return false;
        }
        json_members(sink->json, 2, copy, strlen(copy), medium, &mw);
        free(copy);
    } else if (keys->type == F_ARRAY && pg->media) {
        if (!(copy = strndup(keys->value, keys->len))) {
            sink_fatal(sink, "out of memory");
            return false;
        }
        json_members(sink->json, 2, copy, strlen(copy), media_key, &ks);
        free(copy);
        for (size_t i = 0; i < ks.n; i++) {
            if (ks.k[i] && !sink->fatal) {
                mw.want = ks.k[i];
                json_members(sink->json, 2, pg->media, pg->media_len, medium, &mw);
            }
            free(ks.k[i]);
        }
    }
    *video = mw.video;
    if (sink->media.failed)
        sink_fatal(sink, "out of memory");
    return !sink->fatal;
}

/* ---- one tweet (continued) ------------------------------------------------------------- */

static void map_tweet(struct page *pg, const char *text, size_t len)
{
    struct import_sink *sink = pg->sink;
    struct field f[W_N];
    struct post p = {.platform = "x", .provenance = "imported", .tkind = "none",
                     .observed = true, .type = "text", .tags = &sink->tags,
                     .media = &sink->media};
    struct find user = {.sink = sink, .paths = user_paths};
    struct find reply = {.sink = sink, .paths = ref_paths, .want = "replied_to"};
    struct find retweet = {.sink = sink, .paths = ref_paths, .want = "retweeted"};
    const char *lang;
    char url[512];
    bool video = false;

    media_clear(&sink->media);
    tags_clear(&sink->tags);
    if (!sink_paths(sink, tweet_paths, text, len, f) ||
        !get_id(sink, f[W_ID].type == F_NULL ? NULL : &f[W_ID], "id", &p.id, &p.id_len) ||
        !get_text(sink, &f[W_TEXT], "text", false, &p.text, &p.text_len) ||
        !get_time(sink, &f[W_TIME], "created_at", &p.ts,
                  &p.has_offset, &p.offset) ||
        !get_id_opt(sink, &f[W_AUTHOR], "author_id", &p.author_key) ||
        !get_lang(sink, &f[W_LANG], "lang", &lang) ||
        !get_count(sink, &f[W_LIKES], "public_metrics.like_count", &p.counts, COUNT_LIKES) ||
        !get_count(sink, &f[W_RETWEETS], "public_metrics.retweet_count", &p.counts,
                   COUNT_SHARES) ||
        !get_count(sink, &f[W_REPLIES], "public_metrics.reply_count", &p.counts,
                   COUNT_COMMENTS) ||
        !get_count(sink, &f[W_VIEWS], "public_metrics.impression_count", &p.counts,
                   COUNT_VIEWS) ||
        !get_tag_list(sink, &f[W_TAGS], "entities.hashtags", "$.tag") ||
        !get_text(sink, &f[W_USERNAME], "author.username", false, &p.author, NULL))
        return;
    if (f[W_REFS].type == F_ARRAY &&
        !find(&retweet, f[W_REFS].value, f[W_REFS].len, "referenced_tweets"))
        return;
    if (retweet.found[0]) {
        /* Another account's words, cut short, with the original's counts:
         * not a post of this author (refuge(1), X). */
        sink_skip(sink, _("retweet (another account's words and counts)"));
        return;
    }
    if (f[W_REFS].type == F_ARRAY &&
        !find(&reply, f[W_REFS].value, f[W_REFS].len, "referenced_tweets"))
        return;
    if (!tweet_media(pg, &f[W_MEDIA_KEYS], &f[W_MEDIA], &video))
        return;
    if (sink->media.n)
        p.type = video ? "video" : "image";
    if (pg->users && p.author_key) {
        user.want = p.author_key;
        if (!find(&user, pg->users, pg->users_len, "includes.users"))
            return;
        if (user.found[0])
            p.author = user.found;
    }
    if (!pg->users) {
        /* A flattened tweet carries its own __twarc. */
        pg->seen = (struct counts){0};
        pg->from = (struct provenance){0};
        if (!retrieved(sink, &f[W_RETRIEVED], pg))
            return;
    }
    if (!p.text)
        p.text = "";
    if (!p.author)
        p.author = p.author_key;
    if (reply.found[0])
        p.reply_to = reply.found;
    p.lang = lang ? lang : import_detect_lang(p.text, p.text_len);
    snprintf(url, sizeof url, "https://x.com/%s/status/%.*s",
             p.author ? p.author : "i", (int)p.id_len, p.id);
    p.url = url;
    p.counts.observed = pg->seen.observed;
    p.counts.has_observed = pg->seen.has_observed;
    p.from = pg->from;
    if (sink->media.failed || sink->tags.failed || !tags_to_json(&sink->tags))
        sink_fatal(sink, "out of memory");
    else
        sink_post(sink, &p);
}

/* ---- pages ------------------------------------------------------------------------------- */

static const char *detect_page(struct import_sink *sink, const struct record *r, char *why,
                               size_t size)
{
    (void)sink, (void)why, (void)size;
    return field_is(r, "data", F_ARRAY) && (rec_has(r, "includes") || rec_has(r, "meta"))
               ? "twarc2:page"
               : NULL;
}

static bool page_tweet(void *data, const char *key, size_t klen, enum ftype type,
                       const char *value, size_t vlen)
{
    struct page *pg = data;

    (void)key, (void)klen;
    if (type != F_OBJECT) {
        sink_bad(pg->sink, _("data: expected tweets (JSON objects)"));
        return false;
    }
    map_tweet(pg, value, vlen);
    return !pg->sink->fatal;
}

static const char *const page_paths[] = {"*$.data", "*$.includes.users",
                                         "$.__twarc.retrieved_at", "*$.includes.media", NULL};

static void map_page(struct import_sink *sink)
{
    struct field f[4];
    struct page pg = {.sink = sink};
    char *tweets = NULL, *users = NULL, *media = NULL;

    if (!sink->text) {
        sink_bad(sink, _("a twarc2 page must be JSON"));
        return;
    }
    if (!sink_paths(sink, page_paths, sink->text, sink->text_len, f) ||
        !retrieved(sink, &f[2], &pg))
        return;
    if (f[0].type != F_ARRAY) {
        sink_bad(sink, _("data: expected an array of tweets"));
        return;
    }
    if (!(tweets = strndup(f[0].value, f[0].len)) ||
        (f[1].type == F_ARRAY && !(users = strndup(f[1].value, f[1].len))) ||
        (f[3].type == F_ARRAY && !(media = strndup(f[3].value, f[3].len)))) {
        free(tweets);
        free(users);
        sink_fatal(sink, "out of memory");
        return;
    }
    pg.users = users ? users : "[]";
    pg.users_len = strlen(pg.users);
    pg.media = media;
    pg.media_len = media ? strlen(media) : 0;
    sink_items(sink, tweets, strlen(tweets));
    json_members(sink->json, 1, tweets, strlen(tweets), page_tweet, &pg);
    free(tweets);
    free(users);
    free(media);
}

const struct mapper map_twarc_page = {
    .name = "twarc2 pages",
    .detect = detect_page,
    .map = map_page,
    .raw = true,
};

/* ---- flattened tweets ------------------------------------------------------------------ */

static const char *detect_flat(struct import_sink *sink, const struct record *r, char *why,
                               size_t size)
{
    (void)sink, (void)why, (void)size;
    return rec_has(r, "id") && rec_has(r, "text") && rec_has(r, "author_id") &&
                   rec_has(r, "created_at")
               ? "twarc2:flat"
               : NULL;
}

static void map_flat(struct import_sink *sink)
{
    struct page pg = {.sink = sink};

    if (!sink->text) {
        sink_bad(sink, _("a tweet must be JSON"));
        return;
    }
    map_tweet(&pg, sink->text, sink->text_len);
}

const struct mapper map_twarc_flat = {
    .name = "twarc2 flattened tweets",
    .detect = detect_flat,
    .map = map_flat,
    .raw = true,
};
