/* test_vocab.c — the fixed word lists (src/vocab.h) and the growing
 * arrays and strings (src/buf.h). */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "model.h"
#include "tap.h"
#include "vocab.h"
#include "when.h"

static void test_lists(void)
{
    is_int(vocab_find(vocab_langs, "zh"), VOCAB_LANG_ZH, "zh is the first language");
    is_int(vocab_find(vocab_langs, "en"), VOCAB_LANG_EN, "en the second");
    is_int(vocab_find(vocab_langs, "ZH"), -1, "names compare exactly");
    is_int(vocab_find(vocab_langs, NULL), -1, "NULL is no name");
    ok(vocab_langs[VOCAB_LANG_COUNT] == NULL, "the languages end with NULL");
    ok(vocab_is_zh("zh") && !vocab_is_zh("en") && !vocab_is_zh(NULL), "vocab_is_zh");
    is_str(vocab_lang_labels[VOCAB_LANG_ZH], "Chinese", "a language's label");

    is_str(vocab_platform_short("xiaohongshu"), "XHS", "a known platform's mark");
    is_str(vocab_platform_short("mastodon"), "mastodon", "an unknown platform keeps its name");
    ok(vocab_platforms[VOCAB_PLATFORM_COUNT] == NULL, "the platforms end with NULL");

    is_int(vocab_provenance_of("quoted"), VOCAB_PROVENANCE_QUOTED, "quoted");
    is_int(vocab_provenance_of("illustrative"), VOCAB_PROVENANCE_ILLUSTRATIVE, "illustrative");
    is_int(vocab_provenance_of("bogus"), VOCAB_PROVENANCE_IMPORTED, "an unknown provenance is imported");
    is_int(vocab_find(vocab_translations, "machine"), VOCAB_TRANSLATION_MACHINE, "machine translation");
    is_int(vocab_confidence_of("low"), VOCAB_CONFIDENCE_LOW, "low confidence");
    is_int(vocab_confidence_of(NULL), VOCAB_CONFIDENCE_MEDIUM, "no confidence is medium");
    is_int(vocab_find(vocab_qualifiers, "about"), VOCAB_QUALIFIER_ABOUT, "a qualifier");

    is_int(vocab_find(vocab_event_kinds, "court-ruling"), VOCAB_KIND_COURT_RULING, "an event kind");
    ok(vocab_event_kinds[VOCAB_KIND_COUNT] == NULL, "the kinds end with NULL");
    {
        bool all = true;
        for (int i = 0; i < VOCAB_KIND_COUNT; i++)
            all = all && vocab_event_kind_labels[i][0] && vocab_event_kind_labels[i][1];
        for (int i = 0; i < VOCAB_CONFIDENCE_COUNT; i++)
            all = all && vocab_confidence_labels[i][0] && vocab_confidence_labels[i][1];
        for (int i = 0; i < VOCAB_PROVENANCE_COUNT; i++)
            all = all && vocab_provenance_names[i][0] && vocab_provenance_names[i][1] &&
                  vocab_provenance_counts[i][0] && vocab_provenance_counts[i][1];
        ok(all, "every kind, confidence and provenance has words in English and Chinese");
        ok(strcmp(vocab_event_kind_labels[VOCAB_KIND_COURT_RULING][1], "法院裁决") == 0 &&
               strcmp(vocab_turning_point[1], "转折点") == 0,
           "kinds and turning points are named in Chinese");
    }
    is_int(model_kind_from_name("deal"), MODEL_KIND_DEAL, "the model's bit follows the list");
    is_str(model_kind_name(MODEL_KIND_BAN), "ban", "and its name");
    is_int(MODEL_KIND_ALL, (1u << VOCAB_KIND_COUNT) - 1, "every kind in the mask");
}

static void test_buf(void)
{
    struct buf_text t = {0};
    int *a = NULL;
    size_t cap = 0;

    ok(buf_appendf(&t, "%s", "") && t.s && t.len == 0 && t.s[0] == '\0',
       "an empty append makes an empty string");
    for (int i = 0; i < 1000; i++)
        buf_appendf(&t, "%d,", i % 10);
    is_int(t.len, 2000, "a thousand appends");
    ok(t.cap > t.len && t.s[t.len] == '\0', "NUL-terminated with room");
    ok(strncmp(t.s, "0,1,2,", 6) == 0, "in order");
    free(t.s);

    ok(buf_grow((void **)&a, &cap, 1, sizeof *a) && cap == 64, "growth starts at 64");
    ok(buf_grow((void **)&a, &cap, 65, sizeof *a) && cap == 128, "and doubles");
    ok(buf_grow((void **)&a, &cap, 100, sizeof *a) && cap == 128, "enough room stays");
    a[127] = 7;
    is_int(a[127], 7, "the room is usable");
    free(a);
}

/* Places: every listed zone opens (the zoneinfo has it), and a zone is
 * known by its city. */
static void test_places(void)
{
    char buf[64];
    int bad = 0;

    for (size_t i = 0; vocab_places[i].region; i++) {
        struct when_zone z;
        struct rf_error err = {{0}};
        if (when_zone_open(vocab_places[i].zone, &z, &err) != 0) {
            tap_diag("%s", err.msg);
            bad++;
        }
    }
    is_int(bad, 0, "every place's zone is in the zoneinfo");
    vocab_zone_place("Asia/Shanghai", buf, sizeof buf);
    is_str(buf, "Beijing", "Asia/Shanghai is Beijing time");
    vocab_zone_place("America/Argentina/Buenos_Aires", buf, sizeof buf);
    is_str(buf, "Buenos Aires", "an unlisted zone by its last part");
}

int main(void)
{
    test_lists();
    test_buf();
    test_places();
    return tap_done();
}
