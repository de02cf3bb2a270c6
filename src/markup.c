#include "autoconfig.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>

#include "markup.h"

#define TOPIC "[话题]"

static bool is(const char *platform, const char *name)
{
    return platform && strcmp(platform, name) == 0;
}

/* The length of a Xiaohongshu sticker code at s ("[笑哭R]": letters or
 * Han, 1 to 8 characters, then 'R' and ']'), or 0. *name_len is the name's. */
static size_t sticker(const char *s, size_t *name_len)
{
    const uint8_t *p = (const uint8_t *)s + 1;
    int chars = 0;
    ucs4_t c;
    int n;

    if (*s != '[')
        return 0;
    while (*p && *p != 'R' && chars <= 8 && (n = u8_strmbtouc(&c, p)) > 0) {
        bool han = (c >= 0x3400 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff);
        bool letter = (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
        if (!han && !letter)
            return 0;
        p += n;
        chars++;
    }
    if (chars < 1 || chars > 8 || p[0] != 'R' || p[1] != ']')
        return 0;
    *name_len = (size_t)(p - (const uint8_t *)s) - 1;
    return *name_len + 3;
}

/* The code point of an HTML entity at s ("&amp;", "&#39;", "&#x1F431;"),
 * with its length in *len; 0 when it is none. */
static ucs4_t entity(const char *s, size_t *len)
{
    static const struct {
        const char *name;
        ucs4_t c;
    } named[] = {{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}};
    ucs4_t c = 0;
    const char *p;

    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
        if (strncmp(s, named[i].name, strlen(named[i].name)) == 0) {
            *len = strlen(named[i].name);
            return named[i].c;
        }
    if (s[0] != '&' || s[1] != '#')
        return 0;
    p = s + 2;
    if (*p == 'x' || *p == 'X') {
        for (p++; *p && strchr("0123456789abcdefABCDEF", *p) && c <= 0x10ffff; p++)
            c = c * 16 + (ucs4_t)(*p <= '9' ? *p - '0' : (*p | 0x20) - 'a' + 10);
    } else {
        for (; *p >= '0' && *p <= '9' && c <= 0x10ffff; p++)
            c = c * 10 + (ucs4_t)(*p - '0');
    }
    if (*p != ';' || p == s + 2 || c == 0 || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
        return 0;
    *len = (size_t)(p + 1 - s);
    return c;
}

char *markup_clean(const char *platform, const char *text)
{
    size_t n = strlen(text);
    char *out = malloc(n + 1), *o = out;
    const char *s = text;

    if (!out)
        return NULL;
    while (*s) {
        size_t len, name;
        ucs4_t c;
        if (is(platform, "xiaohongshu") && strncmp(s, TOPIC, strlen(TOPIC)) == 0) {
            /* "#名[话题]#": the name stays, the suffix and closing '#' go. */
            s += strlen(TOPIC);
            if (*s == '#')
                s++;
        } else if (is(platform, "xiaohongshu") && (len = sticker(s, &name))) {
            *o++ = '(';
            memcpy(o, s + 1, name);
            o += name;
            *o++ = ')';
            s += len;
        } else if (is(platform, "x") && *s == '&' && (c = entity(s, &len))) {
            /* An entity is never shorter than the UTF-8 it stands for. */
            o += u8_uctomb((uint8_t *)o, c, 4);
            s += len;
        } else {
            *o++ = *s++;
        }
    }
    *o = '\0';
    return out;
}

/* The end of a hashtag's name from s: letters, digits, '_', '-' and any
 * non-ASCII character but full-width or CJK punctuation and spaces. */
static const char *tag_end(const char *s)
{
    const uint8_t *p = (const uint8_t *)s;
    ucs4_t c;
    int n;

    while (*p && (n = u8_strmbtouc(&c, p)) > 0) {
        bool ascii_word = c < 0x80 && ((c | 0x20) - 'a' < 26 || c - '0' < 10 || c == '_');
        bool other = c >= 0x80 && !(c >= 0x3000 && c <= 0x303f) && !(c >= 0xff00 && c <= 0xff0f) &&
                     !(c >= 0xff1a && c <= 0xff20) && c != 0xff5e && c != 0x2026 && c != 0x3000 &&
                     c != 0x00a0 && !(c >= 0x2000 && c <= 0x206f);
        if (!ascii_word && !other)
            break;
        p += n;
    }
    return (const char *)p;
}

void markup_hashtags(const char *platform, const char *text, markup_tag_fn *fn, void *data)
{
    const char *s = text;

    while ((s = strchr(s, '#'))) {
        const char *name = s + 1, *end;
        if (is(platform, "xiaohongshu")) {
            /* A topic's name runs to its "[话题]". */
            const char *topic = strstr(name, TOPIC), *line = strchr(name, '\n');
            if (topic && (!line || topic < line) && topic - name <= 60 &&
                !memchr(name, '#', (size_t)(topic - name))) {
                if (topic > name && !fn(data, name, (size_t)(topic - name)))
                    return;
                s = topic + strlen(TOPIC);
                continue;
            }
        }
        end = tag_end(name);
        if (end > name && !fn(data, name, (size_t)(end - name)))
            return;
        s = end > name ? end : name;
    }
}
