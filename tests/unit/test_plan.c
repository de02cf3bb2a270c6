/* test_plan.c — the search plan (src/plan.h) and the filter's own helpers
 * (model_filter_is_empty(), model_filter_label()): pure functions, no cache. */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "plan.h"
#include "tap.h"

/* Plans f; the test fails (and the plan is zeroed) when planning fails. */
static void plan_of(struct plan *p, const struct model_filter *f)
{
    struct rf_error err = {{0}};

    if (!ok(plan_init(p, f, &err) == 0, "plan_init succeeds"))
        memset(p, 0, sizeof *p);
}

static void test_strategies(void)
{
    struct plan p;

    plan_of(&p, NULL);
    ok(p.filter && p.empty && p.daily && !p.selective && p.search == PLAN_NO_SEARCH,
       "no filter: every post, from the per-day table");
    plan_free(&p);

    plan_of(&p, &(struct model_filter){.search = ""});
    ok(p.empty && p.search == PLAN_NO_SEARCH, "an empty search is no search");
    plan_free(&p);

    plan_of(&p, &(struct model_filter){.has_from = true, .from = 86400, .has_to = true,
                                       .to = 3 * 86400, .lang = "zh", .platform = "x"});
    ok(!p.empty && p.daily && !p.tag_only, "whole days, lang and platform: the per-day table");
    plan_free(&p);

    plan_of(&p, &(struct model_filter){.has_from = true, .from = 86400 + 3600});
    ok(!p.daily, "a window starting mid-day is not answered from the per-day table");
    plan_free(&p);

    plan_of(&p, &(struct model_filter){.has_to = true, .to = 86400});
    ok(!p.empty, "an upper bound alone is a filter");
    plan_free(&p);

    /* Day 0 and quarter hour 0 hold the seconds on both sides of 0. */
    plan_of(&p, &(struct model_filter){.has_from = true, .from = 0});
    ok(!p.daily && !p.quarters, "a window from 1970-01-01T00:00Z is counted from the posts");
    plan_free(&p);
    plan_of(&p, &(struct model_filter){.has_to = true, .to = 0});
    ok(!p.daily && !p.quarters, "and one up to it");
    plan_free(&p);

    plan_of(&p, &(struct model_filter){.tag = "cattax"});
    ok(p.tag_only && p.selective && !p.daily && !p.search_only, "one tag: the tag counts");
    plan_free(&p);

    plan_of(&p, &(struct model_filter){.tag = "cattax", .starred_only = true});
    ok(!p.tag_only && p.selective, "a tag with more: probed or collected, not counted");
    plan_free(&p);

    plan_of(&p, &(struct model_filter){.provenance = "quoted"});
    ok(!p.daily && !p.selective && !p.empty, "provenance: neither per-day nor selective");
    plan_free(&p);
}

static void test_phrase(void)
{
    struct plan p;

    plan_of(&p, &(struct model_filter){.search = "say \"hi\""});
    ok(p.search == PLAN_PHRASE && p.search_only && p.selective, "three characters or more: a phrase");
    is_str(p.phrase,
           "(\"say\" AND \"ay \" AND \"y \"\"\" AND \" \"\"h\" AND \"\"\"hi\" AND \"hi\"\"\")",
           "the index is asked for every trigram, each quoted, its quotes doubled");
    ok(!p.index_exact, "so the candidates' texts are tested for the words");
    ok(p.match_in_c && p.letters, "ASCII with letters is matched in C, folding case");
    is_str(p.folded, "say \"hi\"", "folded keeps lower case as is");
    plan_free(&p);
    ok(p.phrase == NULL, "plan_free releases the phrase");

    plan_of(&p, &(struct model_filter){.search = "Cat"});
    ok(p.search == PLAN_PHRASE && p.phrase && strcmp(p.phrase, "(\"Cat\")") == 0 &&
           p.index_exact,
       "three characters are one trigram: the index's answer is exact, no text is tested");
    plan_free(&p);
    /* Invalid UTF-8 splits as FTS5 reads it: a lead byte takes the
     * continuation bytes after it, any other byte stands alone. */
    plan_of(&p, &(struct model_filter){.search = "\xff\xfe" "ab"});
    ok(p.phrase && strcmp(p.phrase, "(\"\xff\xfe" "a\" AND \"\xfe" "ab\")") == 0 &&
           !p.index_exact,
       "stray bytes are a character each");
    plan_free(&p);
    plan_of(&p, &(struct model_filter){.search = "x\xe4\xb8" "ab"});
    ok(p.search == PLAN_PHRASE && p.phrase &&
           strcmp(p.phrase, "(\"x\xe4\xb8" "a\" AND \"\xe4\xb8" "ab\")") == 0,
       "a truncated character is one with its continuation bytes");
    plan_free(&p);

    plan_of(&p, &(struct model_filter){.search = "TikTok", .lang = "en"});
    is_str(p.folded, "tiktok", "ASCII letters are folded");
    ok(!p.search_only, "a search with a language is not search-only");
    plan_free(&p);

    plan_of(&p, &(struct model_filter){.search = "小红书"});
    ok(p.search == PLAN_PHRASE, "three Chinese characters make a phrase");
    ok(p.match_in_c && !p.letters, "Chinese has no case: matched in C byte for byte");
    plan_free(&p);

    plan_of(&p, &(struct model_filter){.search = "Ärger"});
    ok(p.search == PLAN_PHRASE && !p.match_in_c,
       "a cased letter beyond ASCII is left to the index, which folds it");
    plan_free(&p);

    {
        char long_q[400];
        memset(long_q, 'a', sizeof long_q - 1);
        long_q[sizeof long_q - 1] = '\0';
        plan_of(&p, &(struct model_filter){.search = long_q});
        ok(p.search == PLAN_PHRASE && !p.match_in_c, "a query too long to fold goes to the index");
        plan_free(&p);
    }
}

static void test_short(void)
{
    struct plan p;

    plan_of(&p, &(struct model_filter){.search = "猫"});
    ok(p.search == PLAN_SHORT && !p.selective && p.short_terms, "one Chinese character: short, with terms");
    ok(p.phrase == NULL, "a short search has no phrase");
    is_str(p.folded, "猫", "the lower end of the term range is the query");
    is_str(p.upper, "猫\xf4\x8f\xbf\xbf", "the upper end is the query and U+10FFFF");
    plan_free(&p);

    plan_of(&p, &(struct model_filter){.search = "AI"});
    ok(p.search == PLAN_SHORT && p.short_terms, "two ASCII letters: short");
    is_str(p.folded, "ai", "folded as the index folds");
    plan_free(&p);

    plan_of(&p, &(struct model_filter){.search = "Éé"});
    ok(p.search == PLAN_SHORT && !p.short_terms && !p.match_in_c,
       "short with cased letters beyond ASCII: no term range");
    ok(p.folded_len == strlen("Éé"), "but still folded for the scan");
    plan_free(&p);
}

static void test_matching(void)
{
    struct plan p;
    struct model_span *spans;
    const char *text = "TikTok ban; tiktok BAN; tik";
    size_t n;

    plan_of(&p, &(struct model_filter){.search = "TIKTOK"});
    ok(plan_matches(&p, text, strlen(text)), "matches across ASCII case");
    ok(!plan_matches(&p, text, 5), "only within the bytes given");
    ok(!plan_matches(&p, NULL, 0), "a missing text does not match");
    n = plan_spans(&p, text, &spans);
    is_int(n, 2, "two spans");
    if (n == 2) {
        is_int(spans[0].offset, 0, "first at 0");
        is_int(spans[1].offset, 12, "second at 12");
        is_int(spans[1].length, 6, "as long as the query");
    }
    free(spans);
    n = plan_spans(&p, NULL, &spans);
    ok(n == 0 && spans == NULL, "no spans in a missing text");
    plan_free(&p);

    plan_of(&p, &(struct model_filter){.search = "猫税"});
    ok(plan_matches(&p, "说猫税", strlen("说猫税")), "Chinese matches as bytes");
    ok(!plan_matches(&p, "猫", strlen("猫")), "and not a prefix of it");
    plan_free(&p);
}

static void test_filter_helpers(void)
{
    char buf[128];

    ok(model_filter_is_empty(&(struct model_filter){0}), "a zeroed filter is empty");
    ok(model_filter_is_empty(&(struct model_filter){.search = ""}), "an empty search is empty");
    ok(!model_filter_is_empty(&(struct model_filter){.has_to = true}), "an upper bound is not");
    ok(!model_filter_is_empty(&(struct model_filter){.starred_only = true}), "starred is not");

    buf[0] = '\0';
    ok(!model_filter_label(&(struct model_filter){0}, MODEL_LABEL_TERSE, buf, sizeof buf),
       "an empty filter adds nothing");
    is_str(buf, "", "and leaves the buffer empty");

    buf[0] = '\0';
    model_filter_label(&(struct model_filter){.lang = "zh", .platform = "x", .tag = "cattax",
                                              .starred_only = true, .provenance = "quoted",
                                              .search = "猫"},
                       MODEL_LABEL_TERSE, buf, sizeof buf);
    is_str(buf, "zh \xc2\xb7 x \xc2\xb7 #cattax \xc2\xb7 starred \xc2\xb7 quoted \xc2\xb7 search \"猫\"",
           "terse: values joined by middle dots");

    snprintf(buf, sizeof buf, "day: 2025-01-19");
    model_filter_label(&(struct model_filter){.tag = "a"}, MODEL_LABEL_TERSE, buf, sizeof buf);
    is_str(buf, "day: 2025-01-19 \xc2\xb7 #a", "terse: a dot after what the caller wrote");

    buf[0] = '\0';
    model_filter_label(&(struct model_filter){.lang = "en", .tag = "a", .provenance = "imported",
                                              .starred_only = true, .search = "q"},
                       MODEL_LABEL_KEYED, buf, sizeof buf);
    is_str(buf, " lang en tag #a starred provenance imported search \"q\"",
           "keyed: each part led by a space and its key");

    {
        char small[12] = "";
        model_filter_label(&(struct model_filter){.tag = "abcdefghijklmnop", .lang = "zh"},
                           MODEL_LABEL_KEYED, small, sizeof small);
        is_str(small, " lang zh ta", "cut to fit, NUL-terminated");
    }
}

static void test_forms(void)
{
    struct plan p;
    size_t start, len;

    plan_of(&p, &(struct model_filter){.search = "#CatTax"});
    ok(p.form == PLAN_TAG && p.search == PLAN_NO_SEARCH, "#word: a tag, no text search");
    is_str(p.term, "CatTax", "the tag without its #");
    ok(p.selective && p.tag_only && !p.daily && !p.quarters && !p.search_only && !p.empty,
       "a #tag alone: selective, counted from the tag counts");
    plan_free(&p);
    ok(p.term == NULL, "plan_free releases the term");

    plan_of(&p, &(struct model_filter){.search = "#ç«ç¨"});
    ok(p.form == PLAN_TAG, "#猫税: a Chinese tag");
    is_str(p.term, "ç«ç¨", "its term is the tag");
    plan_free(&p);

    plan_of(&p, &(struct model_filter){.search = "#cattax", .tag = "tiktok"});
    ok(p.form == PLAN_TAG && !p.tag_only && p.selective,
       "a #tag with the filter's own tag: both hold, not one count");
    plan_free(&p);

    plan_of(&p, &(struct model_filter){.search = "#cattax", .lang = "zh"});
    ok(!p.tag_only && p.selective, "a #tag with a language: not the tag counts");
    plan_free(&p);

    plan_of(&p, &(struct model_filter){.search = "@Maple's mom"});
    ok(p.form == PLAN_AUTHOR && p.search == PLAN_NO_SEARCH && p.selective && !p.tag_only,
       "@name: an author, selective, not a tag");
    is_str(p.term, "Maple's mom", "the name without its @, spaces kept");
    plan_free(&p);

    plan_of(&p, &(struct model_filter){.search = "\"#1 fan\""});
    ok(p.form == PLAN_WORDS && p.search == PLAN_PHRASE, "\"#1 fan\": quoted, so words");
    is_str(p.term, "#1 fan", "the quotes are dropped");
    is_str(p.phrase, "(\"#1 \" AND \"1 f\" AND \" fa\" AND \"fan\")",
           "and the index is asked for the trigrams of the text between them");
    plan_free(&p);

    plan_of(&p, &(struct model_filter){.search = "\"@\""});
    ok(p.form == PLAN_WORDS && p.search == PLAN_SHORT, "\"@\": a one-character text search");
    is_str(p.folded, "@", "for the character itself");
    plan_free(&p);

    plan_of(&p, &(struct model_filter){.search = "#"});
    ok(p.form == PLAN_WORDS && p.search == PLAN_SHORT, "a lone # is text");
    plan_free(&p);

    plan_of(&p, &(struct model_filter){.search = "cat #tax"});
    ok(p.form == PLAN_WORDS && p.search == PLAN_PHRASE, "# inside words is text");
    plan_free(&p);

    ok(plan_parse("\"\"", &start, &len) == PLAN_WORDS && start == 1 && len == 0,
       "\"\": words, an empty term");
    ok(plan_parse("\"a", &start, &len) == PLAN_WORDS && start == 0 && len == 2,
       "an unclosed quote is part of the text");
    ok(plan_parse(NULL, &start, &len) == PLAN_WORDS && len == 0, "no search: empty words");
    ok(plan_parse("@k", &start, &len) == PLAN_AUTHOR && start == 1 && len == 1,
       "@ and one character: an author");

    {
        struct model_span *spans;
        plan_of(&p, &(struct model_filter){.search = "\"cat\""});
        ok(plan_spans(&p, "a cat, \"cat\"", &spans) == 2 && spans[0].offset == 2 &&
               spans[0].length == 3,
           "spans are of the term, not of the quotes");
        free(spans);
        plan_free(&p);
        plan_of(&p, &(struct model_filter){.search = "#cat"});
        ok(plan_spans(&p, "#cat cat", &spans) == 0 && !spans, "a #tag has no text spans");
        plan_free(&p);
    }
}

/* A cache holding the characters of `held` only (plan_narrow_spellings()). */
static bool held_in(uint32_t c, void *arg)
{
    const uint32_t *held = arg;

    for (; *held; held++)
        if (*held == c)
            return true;
    return false;
}

static void test_narrowing(void)
{
    struct plan p;
    struct rf_error err = {{0}};
    struct model_span *spans;
    uint32_t simplified[] = {0x732B, 0x7A0E, 0}; /* 猫 税 */
    uint32_t both[] = {0x732B, 0x8C93, 0x7A0E, 0x7A05, 0}; /* 猫 貓 税 稅 */
    uint32_t none[] = {0};

    plan_of(&p, &(struct model_filter){.search = "猫税"});
    ok(p.scripts && p.nforms == 4, "猫税 has four spellings");
    ok(plan_narrow_spellings(&p, held_in, simplified, &err) == 0 && !p.scripts && !p.ranges &&
           p.phrase == NULL && p.short_terms,
       "in a cache written in simplified, 猫税 is planned as a search without variants");
    ok(plan_matches(&p, "猫税", 6) && !plan_matches(&p, "貓稅", 6), "and matched as typed");
    ok(plan_spans(&p, "猫税 貓稅", &spans) == 2 && spans[1].offset == 7,
       "highlighting still folds both scripts");
    free(spans);
    plan_free(&p);

    plan_of(&p, &(struct model_filter){.search = "貓稅"});
    ok(plan_narrow_spellings(&p, held_in, simplified, &err) == 0 && p.scripts && p.nforms == 1 &&
           strcmp(p.forms[0], "猫税") == 0 && p.ranges && !strstr(p.ranges, "貓"),
       "貓稅 typed in traditional asks a simplified cache for 猫税 alone");
    ok(plan_matches(&p, "买猫税", 9), "and still finds it");
    plan_free(&p);

    plan_of(&p, &(struct model_filter){.search = "貓稅"});
    ok(plan_narrow_spellings(&p, held_in, both, &err) == 0 && p.scripts && p.nforms == 4,
       "a cache holding both scripts keeps every spelling");
    plan_free(&p);

    plan_of(&p, &(struct model_filter){.search = "猫税政策"});
    ok(p.search == PLAN_PHRASE && plan_narrow_spellings(&p, held_in, both, &err) == 0 &&
           p.phrase && strstr(p.phrase, "貓稅") && strstr(p.phrase, " OR "),
       "a phrase keeps the spellings the cache holds");
    plan_free(&p);
    plan_of(&p, &(struct model_filter){.search = "貓稅政策"});
    ok(plan_narrow_spellings(&p, held_in, simplified, &err) == 0 && p.phrase &&
           strcmp(p.phrase, "(\"猫税政\" AND \"税政策\")") == 0,
       "and drops those it lacks");
    plan_free(&p);

    plan_of(&p, &(struct model_filter){.search = "鳄"});
    ok(plan_narrow_spellings(&p, held_in, none, &err) == 0 && !p.scripts && p.nforms == 0,
       "a character the cache lacks in either script: the plain search, which finds nothing");
    plan_free(&p);
}

int main(void)
{
    test_forms();
    test_strategies();
    test_phrase();
    test_short();
    test_matching();
    test_filter_helpers();
    test_narrowing();
    return tap_done();
}
