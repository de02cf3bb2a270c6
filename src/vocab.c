/* vocab.c — the fixed word lists (contract in vocab.h). */
#include "autoconfig.h"

#include "vocab.h"

#include "i18n.h"

#include <stdio.h>
#include <string.h>

const char *const vocab_langs[] = {"zh", "en", NULL};
const char *const vocab_lang_labels[] = {N_("Chinese"), N_("English")};
const char *const vocab_time_bases[] = {"exact", "derived-id", "local", NULL};
const char *const vocab_platforms[] = {"xiaohongshu", "tiktok", "lemon8", "x", NULL};
static const char *const platform_shorts[] = {"XHS", "TT", "L8", "X"};
const char *const vocab_note_types[] = {"image", "video", "text", NULL};
/* TRANSLATORS: a post's type, in the reader ("video · 1 media"). */
static const char *const note_type_words[] = {N_("image"), N_("video"), N_("text")};

const char *vocab_note_type_word(const char *type)
{
    int i = vocab_find(vocab_note_types, type);

    return i >= 0 ? _(note_type_words[i]) : type;
}

const char *const vocab_provenances[] = {"quoted", "illustrative", "imported", NULL};
const char *const vocab_translations[] = {"human", "machine", "none", NULL};
const char *const vocab_confidences[] = {"high", "medium", "low", NULL};
const char *const vocab_qualifiers[] = {"over", "about", "under", NULL};
const char *const vocab_event_kinds[] = {
    "executive-order", "legislation", "court-ruling", "ban", "outage", "restoration",
    "hearing", "report", "platform", "migration", "deal", NULL};

const char *const vocab_event_kind_labels[VOCAB_KIND_COUNT][2] = {
    [VOCAB_KIND_EXECUTIVE_ORDER] = {N_("executive order"), "行政令"},
    [VOCAB_KIND_LEGISLATION] = {N_("legislation"), "立法"},
    [VOCAB_KIND_COURT_RULING] = {N_("court ruling"), "法院裁决"},
    [VOCAB_KIND_BAN] = {N_("ban"), "禁令"},
    [VOCAB_KIND_OUTAGE] = {N_("outage"), "停止服务"},
    [VOCAB_KIND_RESTORATION] = {N_("restoration"), "恢复服务"},
    [VOCAB_KIND_HEARING] = {N_("hearing"), "听证会"},
    [VOCAB_KIND_REPORT] = {N_("report"), "报告"},
    [VOCAB_KIND_PLATFORM] = {N_("platform"), "平台动态"},
    [VOCAB_KIND_MIGRATION] = {N_("migration"), "用户迁移"},
    [VOCAB_KIND_DEAL] = {N_("deal"), "交易"},
};

const char *const vocab_confidence_labels[VOCAB_CONFIDENCE_COUNT][2] = {
    [VOCAB_CONFIDENCE_HIGH] = {N_("high"), "高"},
    [VOCAB_CONFIDENCE_MEDIUM] = {N_("medium"), "中"},
    [VOCAB_CONFIDENCE_LOW] = {N_("low"), "低"},
};

const char *const vocab_turning_point[2] = {"turning point", "转折点"};

int vocab_find(const char *const *names, const char *name)
{
    if (!name)
        return -1;
    for (int i = 0; names[i]; i++)
        if (strcmp(names[i], name) == 0)
            return i;
    return -1;
}

bool vocab_is_zh(const char *lang)
{
    return vocab_find(vocab_langs, lang) == VOCAB_LANG_ZH;
}

const char *vocab_lang_label(const char *lang)
{
    static const char *const codes[] = {"zh", "en", "ja", "ko", "es", "fr", "de", "pt", "ru",
                                        "vi", "th", "id", "und", NULL};
    static const char *const labels[] = {
        N_("Chinese"), N_("English"),    N_("Japanese"), N_("Korean"), N_("Spanish"),
        N_("French"),  N_("German"),     N_("Portuguese"), N_("Russian"), N_("Vietnamese"),
        N_("Thai"),    N_("Indonesian"), N_("undetermined")};
    int i = vocab_find(codes, lang);

    return i < 0 ? NULL : labels[i];
}

const char *vocab_platform_short(const char *platform)
{
    int i = vocab_find(vocab_platforms, platform);

    return i < 0 ? platform : platform_shorts[i];
}

const char *const vocab_provenance_names[VOCAB_PROVENANCE_COUNT][2] = {
    [VOCAB_PROVENANCE_QUOTED] = {"quoted", "引用"},
    [VOCAB_PROVENANCE_ILLUSTRATIVE] = {"illustrative", "示例"},
    [VOCAB_PROVENANCE_IMPORTED] = {"imported", "导入"},
};

const char *const vocab_provenance_marks[VOCAB_PROVENANCE_COUNT] = {
    [VOCAB_PROVENANCE_QUOTED] = "q",
    [VOCAB_PROVENANCE_ILLUSTRATIVE] = "i",
    [VOCAB_PROVENANCE_IMPORTED] = " ",
};

const char *const vocab_provenance_counts[VOCAB_PROVENANCE_COUNT][2] = {
    [VOCAB_PROVENANCE_QUOTED] = {"from a source; time approximate, likes unknown",
                                 "引自资料；时间为大致时间，点赞数未知"},
    [VOCAB_PROVENANCE_ILLUSTRATIVE] = {"written for this dataset; likes invented",
                                       "为本数据集编写；点赞数为虚构"},
    [VOCAB_PROVENANCE_IMPORTED] = {"as imported", "来自导入数据"},
};

enum vocab_provenance vocab_provenance_of(const char *name)
{
    int i = vocab_find(vocab_provenances, name);

    return i < 0 ? VOCAB_PROVENANCE_IMPORTED : (enum vocab_provenance)i;
}

enum vocab_confidence vocab_confidence_of(const char *name)
{
    int i = vocab_find(vocab_confidences, name);

    return i < 0 ? VOCAB_CONFIDENCE_MEDIUM : (enum vocab_confidence)i;
}

const struct vocab_place vocab_places[] = {
    {"CN", "Asia/Shanghai", N_("Beijing")},
    {"HK", "Asia/Hong_Kong", N_("Hong Kong")},
    {"MO", "Asia/Macau", N_("Macau")},
    {"TW", "Asia/Taipei", N_("Taipei")},
    {"SG", "Asia/Singapore", N_("Singapore")},
    {"MY", "Asia/Kuala_Lumpur", N_("Kuala Lumpur")},
    {"JP", "Asia/Tokyo", N_("Tokyo")},
    {"KR", "Asia/Seoul", N_("Seoul")},
    {"US", "America/New_York", N_("New York")},
    {"US", "America/Chicago", N_("Chicago")},
    {"US", "America/Denver", N_("Denver")},
    {"US", "America/Phoenix", N_("Phoenix")},
    {"US", "America/Los_Angeles", N_("Los Angeles")},
    {"US", "America/Anchorage", N_("Anchorage")},
    {"US", "Pacific/Honolulu", N_("Honolulu")},
    {"CA", "America/Toronto", N_("Toronto")},
    {"CA", "America/Vancouver", N_("Vancouver")},
    {"CA", "America/Edmonton", N_("Edmonton")},
    {"CA", "America/Winnipeg", N_("Winnipeg")},
    {"CA", "America/Halifax", N_("Halifax")},
    {"GB", "Europe/London", N_("London")},
    {"AU", "Australia/Sydney", N_("Sydney")},
    {"AU", "Australia/Perth", N_("Perth")},
    {"AU", "Australia/Brisbane", N_("Brisbane")},
    {"AU", "Australia/Adelaide", N_("Adelaide")},
    {NULL, NULL, NULL},
};

void vocab_zone_place(const char *zone, char *buf, size_t size)
{
    const char *last = strrchr(zone, '/');
    size_t n = 0;

    for (size_t i = 0; vocab_places[i].zone; i++)
        if (strcmp(vocab_places[i].zone, zone) == 0) {
            snprintf(buf, size, "%s", _(vocab_places[i].place));
            return;
        }
    for (last = last ? last + 1 : zone; *last && n + 1 < size; last++)
        buf[n++] = *last == '_' ? ' ' : *last;
    if (size)
        buf[n] = '\0';
}

void vocab_zone_label(struct when_zone zone, char *buf, size_t size)
{
    if (zone.kind == WHEN_ZONE_LOCAL)
        /* TRANSLATORS: the zone of the computer's clock ([ui] timezone = local),
           as the status line and the charts name it. */
        snprintf(buf, size, "%s", _("local"));
    else
        when_zone_name(zone, buf, size);
}

void vocab_zone_clock(struct when_zone zone, int64_t ts, char *buf, size_t size)
{
    char name[80], place[80];

    if (zone.kind == WHEN_ZONE_NAMED) {
        when_zone_name(zone, name, sizeof name);
        vocab_zone_place(name, place, sizeof place);
        /* TRANSLATORS: after a time of day: where that clock is. */
        snprintf(buf, size, _("in %s"), place);
    } else if (zone.kind == WHEN_ZONE_LOCAL) {
        when_zone_abbrev(zone, ts, buf, size);
    } else {
        when_zone_name(zone, buf, size);
    }
}
