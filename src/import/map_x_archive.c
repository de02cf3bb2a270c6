/* An X (Twitter) archive's tweets.js: "window.YTD.tweets.part0 = [...]"
 * (the reader skips the prefix), each element {"tweet": {...}} with its
 * counts as strings, RFC 2822-like times and HTML entities in full_text
 * (kept as given). The archive's owner, who wrote them, is named in the
 * account.js beside it; without one the tweets have no author (the import
 * says so once). account.js alone imports nothing.
 * tests/data/collections/DETECTION.md section 3 is the field mapping. */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fields.h"
#include "i18n.h"
#include "mapper.h"

/* The largest account.js read. */
#define ACCOUNT_MAX (1 << 20)

/* A part of the archive named `part` (older archives: without the 's'),
 * or a plain JSON array of {"key": {...}}. */
static bool is_part(const struct import_sink *sink, const struct record *r, const char *part,
                    const char *key)
{
    size_t n = strlen(part);

    if (sink->ytd_part[0])
        return strncmp(sink->ytd_part, part, n) == 0 &&
               (!sink->ytd_part[n] || strcmp(sink->ytd_part + n, "s") == 0);
    return r->n == 1 && strcmp(r->f[0].name, key) == 0 && r->f[0].type == F_OBJECT;
}

static const char *detect_tweets(struct import_sink *sink, const struct record *r, char *why,
                                 size_t size)
{
    (void)why, (void)size;
    return is_part(sink, r, "tweet", "tweet") ? "x-archive:tweets" : NULL;
}

static const char *const account_paths[] = {"$[0].account.accountId",
                                             "$[0].account.username", NULL};

/* The owner from the account.js in the folder of the file being read. */
static void read_owner(struct import_sink *sink)
{
    const char *slash = strrchr(sink->file, '/');
    char path[4096], *text = NULL, *start;
    struct field f[2];
    FILE *fp = NULL;
    size_t n = 0;

    sink->owner.read = true;
    snprintf(path, sizeof path, "%.*saccount.js", slash ? (int)(slash - sink->file + 1) : 0,
             sink->file);
    if (strcmp(sink->file, "-") != 0 && (fp = fopen(path, "rb")) &&
        (text = malloc(ACCOUNT_MAX + 1))) {
        n = fread(text, 1, ACCOUNT_MAX, fp);
        text[n] = '\0';
    }
    if (fp)
        fclose(fp);
    if (text && (start = strchr(text, '[')) &&
        sink_paths(sink, account_paths, start, strlen(start), f) && f[0].type == F_TEXT) {
        snprintf(sink->owner.key, sizeof sink->owner.key, "%s", f[0].value);
        snprintf(sink->owner.name, sizeof sink->owner.name, "%s",
                 f[1].type == F_TEXT ? f[1].value : f[0].value);
    } else if (!sink->fatal) {
        sink_warn(sink, "no account.js beside it: its tweets are imported without their "
                        "author");
    }
    free(text);
}

static const char *const paths[] = {
    "$.tweet.id_str", "$.tweet.full_text", "$.tweet.created_at", "$.tweet.favorite_count",
    "$.tweet.retweet_count", "$.tweet.lang", "*$.tweet.entities.hashtags",
    "$.tweet.in_reply_to_status_id_str", "*$.tweet.extended_entities.media",
    "*$.tweet.entities.media", NULL};
enum { X_ID, X_TEXT, X_TIME, X_LIKES, X_RETWEETS, X_LANG, X_TAGS, X_REPLY, X_MEDIA, X_MEDIA2,
       X_N };

static void map_tweets(struct import_sink *sink)
{
    struct field f[X_N];
    struct post p = {.platform = "x", .provenance = "imported", .tkind = "none",
                     .observed = true, .type = "text", .tags = &sink->tags,
                     .media = &sink->media};
    const char *lang;
    char url[512];

    media_clear(&sink->media);
    tags_clear(&sink->tags);
    if (!sink->text) {
        sink_bad(sink, _("an X archive's tweet must be JSON"));
        return;
    }
    if (!sink->owner.read)
        read_owner(sink);
    if (sink->fatal || !sink_paths(sink, paths, sink->text, sink->text_len, f) ||
        !get_id(sink, &f[X_ID], "tweet.id_str", &p.id, &p.id_len) ||
        !get_text(sink, &f[X_TEXT], "tweet.full_text", false, &p.text, &p.text_len) ||
        !get_mail_time(sink, &f[X_TIME], "tweet.created_at", &p.ts, &p.has_offset,
                       &p.offset) ||
        !get_count(sink, &f[X_LIKES], "tweet.favorite_count", &p.counts, COUNT_LIKES) ||
        !get_count(sink, &f[X_RETWEETS], "tweet.retweet_count", &p.counts, COUNT_SHARES) ||
        !get_lang(sink, &f[X_LANG], "tweet.lang", &lang) ||
        !get_tag_list(sink, &f[X_TAGS], "tweet.entities.hashtags", "$.text") ||
        !get_id_opt(sink, &f[X_REPLY], "tweet.in_reply_to_status_id_str", &p.reply_to) ||
        !get_media_list(sink, f[X_MEDIA].type != F_NULL ? &f[X_MEDIA] : &f[X_MEDIA2],
                        "tweet.extended_entities.media", "$.media_url_https", MEDIA_IMAGE))
        return;
    if (!p.text)
        p.text = "";
    if (strncmp(p.text, "RT @", 4) == 0) {
        /* Another account's words, cut short, with the original's counts:
         * not a post of the owner (refuge(1), X). */
        sink_skip(sink, _("retweet (another account's words and counts)"));
        return;
    }
    if (sink->media.n)
        p.type = "image";
    if (sink->owner.key[0]) {
        p.author_key = sink->owner.key;
        p.author = sink->owner.name;
    }
    p.lang = lang ? lang : import_detect_lang(p.text, p.text_len);
    snprintf(url, sizeof url, "https://x.com/%s/status/%.*s",
             p.author ? p.author : "i", (int)p.id_len, p.id);
    p.url = url;
    if (sink->media.failed || sink->tags.failed || !tags_to_json(&sink->tags))
        sink_fatal(sink, "out of memory");
    else
        sink_post(sink, &p);
}

const struct mapper map_x_tweets = {
    .name = "X archive tweets",
    .detect = detect_tweets,
    .map = map_tweets,
    .raw = true,
};

static const char *detect_account(struct import_sink *sink, const struct record *r, char *why,
                                  size_t size)
{
    (void)why, (void)size;
    return is_part(sink, r, "account", "account") ? "x-archive:account" : NULL;
}

/* Read with the tweets beside it: on its own it holds no records. */
static void map_account(struct import_sink *sink)
{
    sink_items(sink, "[]", 2);
}

const struct mapper map_x_account = {
    .name = "X archive account",
    .detect = detect_account,
    .map = map_account,
};
