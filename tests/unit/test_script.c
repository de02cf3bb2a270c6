/* test_script.c — both Chinese scripts (src/script.h): folding on a table of
 * pairs both ways, the spellings a search is expanded to, matching and
 * highlight spans on folded characters, and spans carried onto text
 * converted for display. */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "plan.h"
#include "script.h"
#include "tap.h"

/* Characters that are one another's variants: each pair must fold alike
 * and find each other, in both directions. */
static const char *const variant_pairs[][2] = {
    {"猫", "貓"}, {"台", "臺"}, {"台", "颱"}, {"发", "發"}, {"发", "髮"}, {"發", "髮"},
    {"后", "後"}, {"里", "裡"}, {"里", "裏"}, {"裡", "裏"}, {"干", "乾"}, {"干", "幹"},
    {"乾", "幹"}, {"面", "麵"}, {"税", "稅"}, {"国", "國"}, {"书", "書"}, {"红", "紅"},
};

/* Characters that are not: folding must keep them apart. */
static const char *const distinct_pairs[][2] = {
    {"猫", "狗"}, {"发", "友"}, {"台", "合"}, {"后", "很"}, {"a", "b"}, {"猫", "m"},
};

static uint32_t one_char(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    if (p[0] < 0x80)
        return p[0];
    if (p[0] < 0xF0)
        return (uint32_t)(p[0] & 0x0F) << 12 | (uint32_t)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
    return (uint32_t)(p[0] & 0x07) << 18 | (uint32_t)(p[1] & 0x3F) << 12 |
           (uint32_t)(p[2] & 0x3F) << 6 | (p[3] & 0x3F);
}

static bool finds(const char *text, const char *query)
{
    size_t len;
    return script_find(text, strlen(text), 0, query, strlen(query), &len) >= 0;
}

static void test_pairs(void)
{
    for (size_t i = 0; i < sizeof variant_pairs / sizeof variant_pairs[0]; i++) {
        const char *a = variant_pairs[i][0], *b = variant_pairs[i][1];
        ok(script_fold(one_char(a)) == script_fold(one_char(b)), "%s and %s fold alike", a, b);
        ok(finds(a, b) && finds(b, a), "%s finds %s and %s finds %s", b, a, a, b);
        ok(script_has_variants(a, strlen(a)) && script_has_variants(b, strlen(b)),
           "%s and %s have variants", a, b);
    }
    for (size_t i = 0; i < sizeof distinct_pairs / sizeof distinct_pairs[0]; i++) {
        const char *a = distinct_pairs[i][0], *b = distinct_pairs[i][1];
        ok(!finds(a, b) && !finds(b, a), "%s and %s stay apart", a, b);
    }
    ok(script_fold(one_char("貓")) == one_char("猫"), "the fold is the simplified form");
    ok(script_fold(one_char("猫")) == one_char("猫"), "a simplified character folds to itself");
    ok(!script_has_variants("TikTok 小", strlen("TikTok 小")), "ASCII and 小 have no variants");
    ok(finds("TikTok", "tiktok") && finds("tiktok", "TIKTOK"), "ASCII letters fold their case");
}

/* True when `want` is among the n spellings. */
static bool has_spelling(char **v, size_t n, const char *want)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(v[i], want) == 0)
            return true;
    return false;
}

static void test_spellings(void)
{
    char **v;
    bool all;
    size_t n = script_spellings("猫税", strlen("猫税"), &v, &all);

    ok(n == 4 && all, "猫税 has four spellings (got %zu)", n);
    ok(n && strcmp(v[0], "猫税") == 0, "the spelling as typed comes first");
    ok(has_spelling(v, n, "貓稅") && has_spelling(v, n, "猫稅") && has_spelling(v, n, "貓税"),
       "every mix of 猫/貓 and 税/稅 is there");
    script_spellings_free(v, n);

    n = script_spellings("髮", strlen("髮"), &v, &all);
    ok(n == 3 && has_spelling(v, n, "发") && has_spelling(v, n, "發"), "髮 is spelt 髮, 发, 發");
    script_spellings_free(v, n);

    n = script_spellings("a\"b", 3, &v, &all);
    ok(n == 1 && all && strcmp(v[0], "a\"b") == 0, "text without variants is its one spelling");
    script_spellings_free(v, n);

    /* Ten characters of two or more forms: far more than the cap. */
    n = script_spellings("發髮臺灣裡後乾麵貓稅", strlen("發髮臺灣裡後乾麵貓稅"), &v, &all);
    ok(!all && n == 3, "a long query past the cap keeps its uniform forms (got %zu)", n);
    ok(n == 3 && strcmp(v[0], "發髮臺灣裡後乾麵貓稅") == 0 &&
           strcmp(v[1], "发发台湾里后干面猫税") == 0,
       "as typed, then all simplified");
    ok(n == 3 && strcmp(v[2], "發發臺灣裏後幹麪貓稅") == 0,
       "then all in OpenCC's default traditional (got %s)", n == 3 ? v[2] : "");
    script_spellings_free(v, n);
}

/* Plans a search, for its matching and spans. */
static void plan_search(struct plan *p, struct model_filter *f, const char *q)
{
    struct rf_error err = {{0}};

    *f = (struct model_filter){.search = q};
    if (!ok(plan_init(p, f, &err) == 0, "plan_init(%s)", q))
        memset(p, 0, sizeof *p);
}

static void test_plan(void)
{
    struct model_filter f;
    struct model_span *spans;
    struct plan p;
    size_t n;

    plan_search(&p, &f, "猫税");
    ok(p.scripts && p.search == PLAN_SHORT && p.short_terms && p.ranges,
       "a two-character search with variants takes every spelling's term range");
    ok(p.ranges && strstr(p.ranges, "\"貓稅\""), "the ranges hold 貓稅");
    ok(plan_matches(&p, "交貓稅的人", strlen("交貓稅的人")) &&
           plan_matches(&p, "交猫稅的人", strlen("交猫稅的人")) &&
           !plan_matches(&p, "交猫的人", strlen("交猫的人")),
       "a row matches in either script, mixed too, and not without the words");
    n = plan_spans(&p, "交猫稅，貓稅，猫税", &spans);
    ok(n == 3, "three hits in three spellings (got %zu)", n);
    ok(n == 3 && spans[0].offset == 3 && spans[0].length == 6 && spans[1].offset == 12 &&
           spans[2].offset == 21 && spans[2].length == 6,
       "the spans are whole characters at the right bytes");
    free(spans);
    plan_free(&p);

    plan_search(&p, &f, "貓稅法");
    ok(p.search == PLAN_PHRASE && p.phrase && strncmp(p.phrase, "(\"貓稅法\") OR ", 16) == 0 &&
           strstr(p.phrase, " OR (\"猫税法\")") && strstr(p.phrase, " OR (\"猫稅法\")") &&
           p.index_exact,
       "a phrase is the OR of its spellings (%s)", p.phrase ? p.phrase : "");
    plan_free(&p);

    plan_search(&p, &f, "发");
    n = plan_spans(&p, "頭髮和發展", &spans);
    ok(n == 2 && spans[0].offset == 3 && spans[1].offset == 9, "发 lights up 髮 and 發");
    free(spans);
    plan_free(&p);

    plan_search(&p, &f, "Tik猫");
    ok(p.scripts && p.letters, "letters and variants");
    ok(plan_matches(&p, "tik貓", strlen("tik貓")) && !plan_matches(&p, "tok貓", 6),
       "both folds at once");
    plan_free(&p);

    plan_search(&p, &f, "TikTok");
    ok(!p.scripts && p.phrase &&
           strcmp(p.phrase, "(\"Tik\" AND \"ikT\" AND \"kTo\" AND \"Tok\")") == 0,
       "a search without variants is planned as before");
    plan_free(&p);

    plan_search(&p, &f, "發髮臺灣裡後乾麵貓稅");
    ok(p.scripts && !p.forms_all && !p.match_in_c,
       "past the cap the index answers alone, so lists and counts agree");
    plan_free(&p);
}

static void test_invalid(void)
{
    size_t len;
    const char text[] = "\xff\xe8\xb2\x93\xfe"; /* a stray byte, 貓, another */

    ok(script_find(text, 5, 0, "猫", 3, &len) == 1 && len == 3,
       "a hit after invalid UTF-8 is found on its character");
    ok(script_find(text, 5, 0, "\xfe", 1, &len) == 4, "a stray byte matches itself");
    ok(script_find("\xe8\xb2", 2, 0, "貓", 3, &len) < 0, "a cut character matches nothing");
}

static void test_convert(void)
{
    struct rf_error err = {{0}};
    const char *s = "头发和猫税";
    struct model_span spans[2] = {{3, 3}, {9, 6}}; /* 发, 猫税 */
    char *out;

    ok(script_convert(s, strlen(s), NULL, 0) == NULL, "as-is converts nothing");
    if (!ok(script_set_display(SCRIPT_TRADITIONAL, &err) == 0, "OpenCC's s2t opens (%s)",
            err.msg))
        return;
    out = script_convert(s, strlen(s), spans, 2);
    ok(out && strcmp(out, "頭髮和貓稅") == 0, "头发和猫税 reads 頭髮和貓稅 (phrases choose 髮)");
    ok(out && spans[0].offset == 3 && spans[0].length == 3 &&
           memcmp(out + spans[0].offset, "髮", 3) == 0,
       "the span of 发 is on 髮");
    ok(out && spans[1].offset == 9 && spans[1].length == 6 &&
           memcmp(out + spans[1].offset, "貓稅", 6) == 0,
       "the span of 猫税 is on 貓稅");
    free(out);
    {
        /* 𠮷 (four bytes) before the hit: spans move by characters. */
        const char *t = "\xf0\xa0\xae\xb7说发展";
        struct model_span at = {7, 3}; /* 发 */
        out = script_convert(t, strlen(t), &at, 1);
        ok(out && memcmp(out + at.offset, "發", 3) == 0 && at.length == 3,
           "a span after a four-byte character lands on 發");
        free(out);
    }
    ok(script_convert("TikTok", 6, NULL, 0) == NULL, "text without Han is left alone");
    ok(script_convert("\xe5\xa4\xb4\xff", 4, NULL, 0) == NULL, "invalid UTF-8 is left alone");
    ok(script_set_display(SCRIPT_SIMPLIFIED, &err) == 0, "OpenCC's t2s opens");
    out = script_convert("頭髮和貓稅", strlen("頭髮和貓稅"), NULL, 0);
    ok(out && strcmp(out, "头发和猫税") == 0, "頭髮和貓稅 reads 头发和猫税");
    free(out);
    script_set_display(SCRIPT_AS_IS, &err);
}

/* The compiled matcher answers as script_find() does, whichever way it
 * takes (bytes, ASCII folding, whole spellings, character by character). */
static void test_matcher(void)
{
    static const char *const queries[] = {"猫", "貓稅", "TikTok", "tik", "小", "Tik猫", "\xff",
                                          "發髮臺灣裡後乾麵貓稅"};
    static const char *const texts[] = {"交貓稅的人", "tiktok 猫", "TIKTOK", "小红书",
                                        "\xff\xe8\xb2\x93", "發发台湾里后干面猫税", "", "tik貓"};
    bool agree = true;

    for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++) {
        struct script_matcher *m = script_matcher_new(queries[i], strlen(queries[i]));
        if (!m) {
            agree = false;
            continue;
        }
        for (size_t j = 0; j < sizeof texts / sizeof texts[0]; j++)
            if (script_matcher_in(m, texts[j], strlen(texts[j])) != finds(texts[j], queries[i])) {
                agree = false;
                tap_diag("%s in %s: the matcher and script_find() disagree", queries[i], texts[j]);
            }
        script_matcher_free(m);
    }
    ok(agree, "the compiled matcher agrees with script_find() on 64 pairs");
}

int main(void)
{
    test_matcher();
    test_pairs();
    test_spellings();
    test_plan();
    test_invalid();
    test_convert();
    return tap_done();
}
