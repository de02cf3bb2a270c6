/* test_figure.c — a reported figure's value in words (src/figure.h), as
 * both the stats pane and `refuge figures` write it. */
#include "autoconfig.h"

#include <string.h>

#include "figure.h"
#include "tap.h"

static const char *value(const char *num, const char *qualifier, const char *unit, bool zh)
{
    static char buf[256];

    figure_value_text(buf, sizeof buf, num, qualifier, unit, zh);
    return buf;
}

int main(void)
{
    is_str(value("114,000", "over", "posts", false), "over 114,000 posts", "qualifier, number, unit");
    is_str(value("114,000", "over", "posts", true), "超过 114,000 条帖子", "the same in Chinese");
    is_str(value("3", NULL, "days", false), "3 days", "an exact value has no qualifier");
    is_str(value("45M", "about", "daily-active-users", false), "about 45M daily active users",
           "a unit of several words");
    is_str(value("45M", "about", "daily-active-users", true), "约 45M 日活用户",
           "and in Chinese");
    is_str(value("1.2", NULL, "usd", false), "$1.2", "dollars before the number");
    is_str(value("1.2", "under", "usd", true), "不到 1.2 美元", "美元 after it in Chinese");
    is_str(value("19.9", NULL, "percent", false), "19.9%", "a percentage");
    is_str(value("1", NULL, "rank", false), "#1", "a rank");
    is_str(value("1", NULL, "rank", true), "第 1 名", "a rank in Chinese");
    is_str(value("7", NULL, "new-accounts", false), "7 new accounts",
           "an unknown unit is its name, '-' read as a space");
    is_str(value("7", "roughly", NULL, false), "roughly 7",
           "an unknown qualifier is written as given; no unit, no space");
    is_str(value("7", "", "", false), "7", "empty qualifier and unit are none");
    {
        /* The number as people read it (the pane and the handouts). */
        static const struct {
            double value;
            const char *text;
        } numbers[] = {{114000, "114,000"}, {175000000, "175M"}, {5000000000, "5B"},
                       {3412345, "3,412,345"}, {82200000, "82.2M"}, {2.5, "2.5"}, {45, "45"}};
        char num[48];

        for (size_t i = 0; i < sizeof numbers / sizeof numbers[0]; i++) {
            figure_number_text(num, sizeof num, numbers[i].value);
            is_str(num, numbers[i].text, "a number: grouped, or short when exact");
        }
    }
    {
        /* Likes in the stats: one phrase; in Chinese in 万 and 亿 only
         * where exact, so "at least" never rounds its floor up. */
        static const struct {
            long long likes;
            bool at_least, zh;
            const char *text;
        } likes[] = {
            {3955519, false, false, "3,955,519 likes"},
            {1256926, true, false, "at least 1,256,926 likes"},
            {100000, false, false, "100,000 likes"},
            {1, false, false, "1 like"},
            {1, true, false, "at least 1 like"},
            {1, false, true, "1 个赞"},
            {3955519, false, true, "3,955,519 个赞"},
            {1256926, true, true, "至少 1,256,926 个赞"},
            {100000, false, true, "10万个赞"},
            {175000000, true, true, "至少 1.75亿个赞"},
            {9999, true, true, "至少 9,999 个赞"},
        };
        char text[64];

        for (size_t i = 0; i < sizeof likes / sizeof likes[0]; i++) {
            figure_likes_text(text, sizeof text, likes[i].likes, likes[i].at_least, likes[i].zh);
            is_str(text, likes[i].text, "likes as one phrase");
        }
        figure_count_text(text, sizeof text, 1234567, true);
        is_str(text, "1,234,567", "a count not exact in 万 keeps every digit");
        figure_count_text(text, sizeof text, 82200000, true);
        is_str(text, "8220万", "a count exact in 万 is in 万");
        figure_count_text(text, sizeof text, 82200000, false);
        is_str(text, "82,200,000", "in English every digit");
    }
    {
        char small[8];
        figure_value_text(small, sizeof small, "114,000", "over", "posts", false);
        is_str(small, "over 11", "a short buffer is cut, terminated");
    }
    return tap_done();
}
