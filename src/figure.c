/* figure.c — a reported figure's value in words (contract in figure.h). */
#include "autoconfig.h"

#include <stdio.h>
#include <string.h>

#include "figure.h"
#include "i18n.h"
#include "plural.h"
#include "text.h"
#include "vocab.h"

/* Units of the figures as the English and Chinese text says them. */
static const struct {
    const char *name, *en, *zh;
} unit_words[] = {
    {"days", "days", "天"},
    {"downloads", "downloads", "次下载"},
    {"users", "users", "用户"},
    {"daily-active-users", "daily active users", "日活用户"},
    {"votes", "votes", "票"},
    {"posts", "posts", "条帖子"},
    {"notes", "notes", "篇笔记"},
    {"views", "views", "次浏览"},
    {"comments", "comments", "条评论"},
    {"discussions", "discussions", "次讨论"},
    {"businesses", "businesses", "家商户"},
};

/* By enum vocab_qualifier: English, Chinese. */
static const char *const qualifier_words[VOCAB_QUALIFIER_COUNT][2] = {
    [VOCAB_QUALIFIER_OVER] = {"over", "超过"},
    [VOCAB_QUALIFIER_ABOUT] = {"about", "约"},
    [VOCAB_QUALIFIER_UNDER] = {"under", "不到"},
};

void figure_number_text(char *buf, size_t size, double value)
{
    if (value == (double)(int64_t)value)
        text_format_number((int64_t)value, text_number_for_reader(TEXT_NUMBER_EXACT, i18n_chinese()),
                           buf, size);
    else
        snprintf(buf, size, "%g", value);
}

void figure_count_text(char *buf, size_t size, int64_t count, bool zh)
{
    text_format_number(count, zh ? TEXT_NUMBER_EXACT_ZH : TEXT_NUMBER_FULL, buf, size);
}

void figure_likes_text(char *buf, size_t size, int64_t likes, bool at_least, bool zh)
{
    char n[32];
    size_t len;

    figure_count_text(n, sizeof n, likes, zh);
    len = strlen(n);
    if (!zh)
        snprintf(buf, size,
                 at_least ? plural(likes, "at least %s like", "at least %s likes")
                          : plural(likes, "%s like", "%s likes"),
                 n);
    else if (len && (unsigned char)n[len - 1] >= 0x80) /* 万 or 亿: no space */
        snprintf(buf, size, at_least ? "至少 %s个赞" : "%s个赞", n);
    else
        snprintf(buf, size, at_least ? "至少 %s 个赞" : "%s 个赞", n);
}

void figure_value_text(char *buf, size_t size, const char *number, const char *qualifier,
                       const char *unit, bool zh)
{
    int known = vocab_find(vocab_qualifiers, qualifier);
    const char *q = known >= 0 ? qualifier_words[known][zh] : qualifier;
    size_t nlen = strlen(number);
    /* Chinese writes no space after 万 or 亿: 30万用户, but 1,200 用户 */
    const char *gap = zh && nlen && (unsigned char)number[nlen - 1] >= 0x80 ? "" : " ";
    char body[160], words[64] = "";

    if (!unit)
        unit = "";
    if (strcmp(unit, "usd") == 0) {
        if (zh)
            snprintf(body, sizeof body, "%s%s\xe7\xbe\x8e\xe5\x85\x83", number, gap); /* 美元 */
        else
            snprintf(body, sizeof body, "$%s", number);
    } else if (strcmp(unit, "percent") == 0) {
        snprintf(body, sizeof body, "%s%%", number);
    } else if (strcmp(unit, "rank") == 0) {
        snprintf(body, sizeof body, zh ? "第 %s 名" : "#%s", number);
    } else {
        for (size_t i = 0; i < sizeof unit_words / sizeof unit_words[0]; i++)
            if (strcmp(unit, unit_words[i].name) == 0)
                snprintf(words, sizeof words, "%s", zh ? unit_words[i].zh : unit_words[i].en);
        if (unit[0] && !words[0]) {
            snprintf(words, sizeof words, "%s", unit);
            for (char *c = words; *c; c++)
                if (*c == '-')
                    *c = ' ';
        }
        snprintf(body, sizeof body, "%s%s%s", number, words[0] ? gap : "", words);
    }
    if (q && q[0])
        snprintf(buf, size, "%s %s", q, body);
    else
        snprintf(buf, size, "%s", body);
}
