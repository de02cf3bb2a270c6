/* vocab.h — every fixed word list of the data, in one place.
 *
 * Languages, platforms, provenances, translation kinds, confidences, figure
 * qualifiers and event kinds. Each list is an enum in a fixed order and a
 * NULL-terminated array of the names the cache, the data files and the
 * command line use, in the same order (vocab_langs[VOCAB_LANG_ZH] is "zh").
 * The importer validates against these arrays, the model and the batch
 * commands parse with them, the panes cycle through them. Labels for
 * people (a platform's short mark, a language's name) live here too when
 * more than one part shows them.
 *
 * Everything here is constant; nothing is allocated.
 */
#ifndef REFUGE_VOCAB_H
#define REFUGE_VOCAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "when.h"

/* The index of `name` in the NULL-terminated list `names`, or -1 when it is
 * not there or `name` is NULL. Names compare exactly (case matters). */
int vocab_find(const char *const *names, const char *name);

/* Languages of a post's original text. */
enum vocab_lang { VOCAB_LANG_ZH, VOCAB_LANG_EN, VOCAB_LANG_COUNT };
extern const char *const vocab_langs[VOCAB_LANG_COUNT + 1];
/* "Chinese", "English": the language's name in English. */
extern const char *const vocab_lang_labels[VOCAB_LANG_COUNT];

/* True when `lang` names Chinese ("zh"); false for NULL and anything else. */
bool vocab_is_zh(const char *lang);

/* The English name of a language code the collections carry ("ja"
 * "Japanese", "und" "undetermined"), beyond zh and en too, marked N_()
 * (show it with _()); NULL for a code not listed (show the code). */
const char *vocab_lang_label(const char *lang);

/* Time bases: how a post's or comment's time was found (store.h). */
enum vocab_time_basis { VOCAB_TIME_EXACT, VOCAB_TIME_DERIVED_ID, VOCAB_TIME_LOCAL,
                        VOCAB_TIME_COUNT };
extern const char *const vocab_time_bases[VOCAB_TIME_COUNT + 1];

/* Platforms refuge knows by name. A cache may hold others: a platform is
 * any short name, so these are the ones offered and abbreviated. */
enum vocab_platform {
    VOCAB_PLATFORM_XIAOHONGSHU,
    VOCAB_PLATFORM_TIKTOK,
    VOCAB_PLATFORM_LEMON8,
    VOCAB_PLATFORM_X,
    VOCAB_PLATFORM_COUNT
};
extern const char *const vocab_platforms[VOCAB_PLATFORM_COUNT + 1];

/* The short mark of a platform ("XHS" for xiaohongshu), or the name itself
 * when the platform is not one of the known ones. */
const char *vocab_platform_short(const char *platform);

/* Where a post comes from: a real post quoted from a source, an
 * illustrative one written for teaching, or one a user imported. */
enum vocab_provenance {
    VOCAB_PROVENANCE_QUOTED,
    VOCAB_PROVENANCE_ILLUSTRATIVE,
    VOCAB_PROVENANCE_IMPORTED,
    VOCAB_PROVENANCE_COUNT
};
extern const char *const vocab_provenances[VOCAB_PROVENANCE_COUNT + 1];

/* How a total of posts of one provenance is told, by language (0 English,
 * 1 Chinese): the provenance's name ("illustrative") and what its counts
 * are ("written for this dataset; likes invented"), so every view that adds
 * up posts says the same. */
extern const char *const vocab_provenance_names[VOCAB_PROVENANCE_COUNT][2];
extern const char *const vocab_provenance_counts[VOCAB_PROVENANCE_COUNT][2];

/* A post's type, as the data format names it (`type`), and its word in
 * the interface's language ("video"; a name outside the list as it is). */
extern const char *const vocab_note_types[];
const char *vocab_note_type_word(const char *type);

/* The one-letter mark of a provenance in lists ("i", "q"; " " for
 * imported posts, which are the rule in a research cache). */
extern const char *const vocab_provenance_marks[VOCAB_PROVENANCE_COUNT];

/* The provenance named `name`; IMPORTED (the default of the data format)
 * for NULL or an unknown name, which only a damaged cache holds. */
enum vocab_provenance vocab_provenance_of(const char *name);

/* Who translated a post. */
enum vocab_translation {
    VOCAB_TRANSLATION_HUMAN,
    VOCAB_TRANSLATION_MACHINE,
    VOCAB_TRANSLATION_NONE,
    VOCAB_TRANSLATION_COUNT
};
extern const char *const vocab_translations[VOCAB_TRANSLATION_COUNT + 1];

/* How sure a source is of an event or a reported figure. */
enum vocab_confidence {
    VOCAB_CONFIDENCE_HIGH,
    VOCAB_CONFIDENCE_MEDIUM,
    VOCAB_CONFIDENCE_LOW,
    VOCAB_CONFIDENCE_COUNT
};
extern const char *const vocab_confidences[VOCAB_CONFIDENCE_COUNT + 1];

/* The confidence named `name`; MEDIUM for NULL or an unknown name (neither
 * claimed sure nor flagged unconfirmed). */
enum vocab_confidence vocab_confidence_of(const char *name);

/* How a reported figure qualifies its value; none means exact. */
enum vocab_qualifier { VOCAB_QUALIFIER_OVER, VOCAB_QUALIFIER_ABOUT, VOCAB_QUALIFIER_UNDER, VOCAB_QUALIFIER_COUNT };
extern const char *const vocab_qualifiers[VOCAB_QUALIFIER_COUNT + 1];

/* Kinds of timeline events. */
enum vocab_event_kind {
    VOCAB_KIND_EXECUTIVE_ORDER,
    VOCAB_KIND_LEGISLATION,
    VOCAB_KIND_COURT_RULING,
    VOCAB_KIND_BAN,
    VOCAB_KIND_OUTAGE,
    VOCAB_KIND_RESTORATION,
    VOCAB_KIND_HEARING,
    VOCAB_KIND_REPORT,
    VOCAB_KIND_PLATFORM,
    VOCAB_KIND_MIGRATION,
    VOCAB_KIND_DEAL,
    VOCAB_KIND_COUNT
};
extern const char *const vocab_event_kinds[VOCAB_KIND_COUNT + 1];

/* Words for people, by language (0 English, 1 Chinese): an event kind
 * ("court ruling", "法院裁决"), a confidence ("high", "高"), and the mark of
 * an event of the highest importance ("turning point", "转折点"). */
extern const char *const vocab_event_kind_labels[VOCAB_KIND_COUNT][2];
extern const char *const vocab_confidence_labels[VOCAB_CONFIDENCE_COUNT][2];
extern const char *const vocab_turning_point[2];

/* Places people name a zone by, for "14:30 in Beijing, 01:30 in New
 * York": the zones of the countries (ISO codes, as a post's region) the
 * saga's posts come from, each with the city its clock is known by
 * (Asia/Shanghai is Beijing time). A country's zones are listed together,
 * the most populous first; the list ends with a NULL region. place is
 * the English name, marked N_() (show it with _()). */
struct vocab_place {
    const char *region, *zone, *place;
};
extern const struct vocab_place vocab_places[];

/* The place an IANA zone is known by: the list's (translated), else the zone's last
 * part with spaces for underscores ("America/Argentina/Buenos_Aires" is
 * "Buenos Aires"), into buf. */
void vocab_zone_place(const char *zone, char *buf, size_t size);

/* The zone as the interface names it to a reader: when_zone_name()'s
 * "UTC", "UTC+08:00", "Asia/Shanghai", and the local zone in the interface
 * language ("local", "本地"; the setting's value stays `local`). */
void vocab_zone_label(struct when_zone zone, char *buf, size_t size);

/* How a clock in `zone` is named after a time of day ("01:30 in New
 * York"): "in New York" (translated) for a named zone, "UTC", "UTC+08:00", or the local
 * zone's abbreviation at ts ("CET"). */
void vocab_zone_clock(struct when_zone zone, int64_t ts, char *buf, size_t size);

#endif
