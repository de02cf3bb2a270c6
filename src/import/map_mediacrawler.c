#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../vocab.h"
#include "fields.h"
#include "mapper.h"

/* MediaCrawler's Xiaohongshu note (store/xhs): fields refuge reads; the
 * others it writes (avatar, image_list, xsec_token, ...) are ignored. */
static const char *const note_fields[] = {
    "note_id", "title", "desc", "time", "nickname", "liked_count", "collected_count",
    "comment_count", "share_count", "tag_list", "ip_location", "note_url", "type", NULL};
enum {
    N_ID, N_TITLE, N_DESC, N_TIME, N_NICKNAME, N_LIKED, N_COLLECTED, N_COMMENT, N_SHARE,
    N_TAGS, N_IP, N_URL, N_TYPE, N_COUNT
};

/* ip_location as Xiaohongshu shows it (a province or a country, in
 * Chinese) to an ISO code; unknown places keep no region. */
static const char *region_from_place(const char *place)
{
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

    for (int i = 0; cn[i]; i++)
        if (strcmp(place, cn[i]) == 0)
            return "CN";
    for (size_t i = 0; i < sizeof other / sizeof other[0]; i++)
        if (strcmp(place, other[i].name) == 0)
            return other[i].code;
    return NULL;
}

static void map_note(struct import_sink *sink)
{
    const struct field *s[MAX_SLOTS];
    struct post p = {.tags = &sink->tags,
                     .platform = vocab_platforms[VOCAB_PLATFORM_XIAOHONGSHU],
                     .provenance = vocab_provenances[VOCAB_PROVENANCE_IMPORTED],
                     .tkind = vocab_translations[VOCAB_TRANSLATION_NONE]};
    const char *title, *desc, *place, *type;
    size_t title_len, desc_len;
    char *text = NULL, note[512] = "";

    /* MediaCrawler's fields change between versions: unknown ones are
     * ignored rather than rejected. */
    if (map_fields(sink, note_fields, false, s) != 0)
        return;
    if (!get_id(sink, s[N_ID], "note_id", &p.id, &p.id_len) ||
        !get_text(sink, s[N_TITLE], "title", false, &title, &title_len) ||
        !get_text(sink, s[N_DESC], "desc", false, &desc, &desc_len) ||
        !get_time(sink, s[N_TIME], "time", &p.ts, &p.has_offset, &p.offset) ||
        !get_text(sink, s[N_NICKNAME], "nickname", false, &p.author, NULL) ||
        !get_count(sink, s[N_LIKED], "liked_count", &p.likes) ||
        !get_count(sink, s[N_COLLECTED], "collected_count", &p.collects) ||
        !get_count(sink, s[N_COMMENT], "comment_count", &p.comments) ||
        !get_count(sink, s[N_SHARE], "share_count", &p.shares) ||
        !get_tags(sink, s[N_TAGS], "tag_list") ||
        !get_text(sink, s[N_IP], "ip_location", false, &place, NULL) ||
        !get_text(sink, s[N_URL], "note_url", false, &p.url, NULL) ||
        !get_text(sink, s[N_TYPE], "type", false, &type, NULL))
        return;
    /* The title is the first paragraph, unless MediaCrawler made it from
     * the start of desc (it does when a note has no title). */
    if (title && desc && strncmp(desc, title, title_len) != 0) {
        if (!(text = malloc(title_len + desc_len + 3))) {
            sink_fatal(sink, "out of memory");
            return;
        }
        memcpy(text, title, title_len);
        memcpy(text + title_len, "\n\n", 2);
        memcpy(text + title_len + 2, desc, desc_len + 1);
        p.text = text;
        p.text_len = title_len + desc_len + 2;
    } else if (desc) {
        p.text = desc;
        p.text_len = desc_len;
    } else if (title) {
        p.text = title;
        p.text_len = title_len;
    } else {
        sink_bad(sink, "missing required field 'desc' (or 'title')");
        return;
    }
    if (place && strncmp(place, "IP属地：", strlen("IP属地：")) == 0)
        place += strlen("IP属地：");
    p.region = place ? region_from_place(place) : NULL;
    if (place && type)
        snprintf(note, sizeof note, "MediaCrawler export; %s note; IP location: %s", type, place);
    else if (place || type)
        snprintf(note, sizeof note, "MediaCrawler export; %s%s%s", type ? type : "",
                 type ? " note" : "IP location: ", place ? place : "");
    else
        snprintf(note, sizeof note, "MediaCrawler export");
    p.note = note;
    p.lang = import_detect_lang(p.text, p.text_len);
    sink_post(sink, &p);
    free(text);
}

const struct mapper map_mediacrawler_note = {
    .name = "MediaCrawler Xiaohongshu notes",
    .marker = "note_id",
    .fields = note_fields,
    .lenient = true,
    .map = map_note,
};
