/* Unit tests for src/markup.c: Xiaohongshu topics and stickers, X's HTML
 * entities, hashtags taken from a text. */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "markup.h"
#include "tap.h"

static void clean_is(const char *platform, const char *text, const char *want, const char *what)
{
    char *got = markup_clean(platform, text);
    is_str(got, want, "%s", what);
    free(got);
}

static char tags[512];

static bool add_tag(void *data, const char *name, size_t len)
{
    (void)data;
    snprintf(tags + strlen(tags), sizeof tags - strlen(tags), "%s%.*s", tags[0] ? "|" : "",
             (int)len, name);
    return true;
}

static const char *tags_of(const char *platform, const char *text)
{
    tags[0] = '\0';
    markup_hashtags(platform, text, add_tag, NULL);
    return tags;
}

int main(void)
{
    clean_is("xiaohongshu", "听说要交猫税 #猫税[话题]# #美国网友[话题]#",
             "听说要交猫税 #猫税 #美国网友", "a Xiaohongshu topic reads as a hashtag");
    clean_is("xiaohongshu", "好可爱[笑哭R][害羞R] ok", "好可爱(笑哭)(害羞) ok",
             "sticker codes read as their names");
    clean_is("xiaohongshu", "[doge] [1R] [太长太长太长太长太长R] @小明",
             "[doge] [1R] [太长太长太长太长太长R] @小明",
             "other brackets and mentions stay as written");
    clean_is("x", "RedNote &amp; the cat tax &lt;3 &#39;hi&#39; &#x1F431;",
             "RedNote & the cat tax <3 'hi' \xf0\x9f\x90\xb1", "X's HTML entities are read");
    clean_is("x", "&bogus; &#0; &#xD800; &#99999999;", "&bogus; &#0; &#xD800; &#99999999;",
             "what is no entity stays");
    clean_is("tiktok", "#猫税[话题]# &amp;", "#猫税[话题]# &amp;",
             "other platforms' texts are as given");
    is_str(tags_of("xiaohongshu", "交猫税 #猫税[话题]# #TikTok难民[话题]# [笑哭R]"),
           "猫税|TikTok难民", "hashtags from Xiaohongshu topics");
    is_str(tags_of("tiktok", "If TikTok goes dark #tiktokban #rednote, bye #"),
           "tiktokban|rednote", "hashtags from a text, to punctuation");
    is_str(tags_of("weibo", "翻译软件今天被用爆了 #TikTok难民# 真的"), "TikTok难民",
           "Weibo's #topic# reads as its name");
    return tap_done();
}
