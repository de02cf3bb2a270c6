/* What several mappers share: places, Xiaohongshu ids and texts. */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "mapper.h"

const char *mapper_region(const char *place)
{
    static const char *const prefixes[] = {"IP属地：", "IP属地:", "发布于 ", "发布于", NULL};
    static const char *const cn[] = {
        "北京", "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏",
        "浙江", "安徽", "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "海南",
        "四川", "贵州", "云南", "陕西", "甘肃", "青海", "内蒙古", "广西", "西藏", "宁夏",
        "新疆", "中国", NULL};
    static const struct {
        const char *name, *code;
    } other[] = {
        {"香港", "HK"}, {"澳门", "MO"}, {"台湾", "TW"}, {"美国", "US"}, {"加拿大", "CA"},
        {"英国", "GB"}, {"澳大利亚", "AU"}, {"新西兰", "NZ"}, {"日本", "JP"}, {"韩国", "KR"},
        {"新加坡", "SG"}, {"马来西亚", "MY"}, {"泰国", "TH"}, {"越南", "VN"},
        {"菲律宾", "PH"}, {"印度尼西亚", "ID"}, {"印度", "IN"}, {"德国", "DE"},
        {"法国", "FR"}, {"意大利", "IT"}, {"西班牙", "ES"}, {"荷兰", "NL"}, {"爱尔兰", "IE"},
        {"俄罗斯", "RU"}, {"巴西", "BR"}, {"墨西哥", "MX"}, {"阿联酋", "AE"}};

    if (!place)
        return NULL;
    for (int i = 0; prefixes[i]; i++)
        if (strncmp(place, prefixes[i], strlen(prefixes[i])) == 0) {
            place += strlen(prefixes[i]);
            break;
        }
    for (int i = 0; cn[i]; i++)
        if (strcmp(place, cn[i]) == 0)
            return "CN";
    for (size_t i = 0; i < sizeof other / sizeof other[0]; i++)
        if (strcmp(place, other[i].name) == 0)
            return other[i].code;
    return NULL;
}

bool mapper_xhs_id_time(const char *s, size_t len, int64_t *ts)
{
    int64_t v = 0;

    if (!s || len != 24)
        return false;
    for (size_t i = 0; i < 24; i++) {
        char c = s[i];
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
        if (d < 0)
            return false;
        if (i < 8)
            v = v * 16 + d;
    }
    *ts = v;
    return true;
}

bool mapper_xhs_text(struct import_sink *sink, const char *missing, const char *title,
                     size_t tlen, const char *desc, size_t dlen, const char **out, size_t *len,
                     char **owned)
{
    *owned = NULL;
    if (tlen && dlen && (dlen < tlen || memcmp(desc, title, tlen) != 0)) {
        if (!(*owned = malloc(tlen + dlen + 3))) {
            sink_fatal(sink, "out of memory");
            return false;
        }
        memcpy(*owned, title, tlen);
        memcpy(*owned + tlen, "\n\n", 2);
        memcpy(*owned + tlen + 2, desc, dlen);
        (*owned)[tlen + dlen + 2] = '\0';
        *out = *owned;
        *len = tlen + dlen + 2;
    } else if (dlen) {
        *out = desc, *len = dlen;
    } else if (tlen) {
        *out = title, *len = tlen;
    } else {
        sink_bad(sink, "%s", missing);
        return false;
    }
    return true;
}
