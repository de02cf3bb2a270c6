/* test_kwic.c — keyword-in-context snippets (src/kwic.h): where they cut,
 * how wide they are, and that they never split a character or a cluster. */
#include "autoconfig.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "kwic.h"
#include "tap.h"
#include "text.h"

#define ELLIPSIS "\xe2\x80\xa6"
#define CAT "\xe7\x8c\xab" /* 猫 */

/* The snippet of s around the first occurrence of q. */
static struct kwic cut(const char *s, const char *q, int width)
{
    struct kwic k;
    const char *at = strstr(s, q);
    struct model_span span = {.offset = at ? (size_t)(at - s) : 0, .length = strlen(q)};

    if (!ok(kwic_cut(s, strlen(s), span, width, &k) == 0, "kwic_cut succeeds"))
        memset(&k, 0, sizeof k);
    return k;
}

/* The hit as the line holds it. */
static int hit_is(const struct kwic *k, const char *q)
{
    return k->line && k->hit_len == strlen(q) && memcmp(k->line + k->hit, q, k->hit_len) == 0;
}

/* The line begins (after an ellipsis) with no mark that belongs to the
 * character before it: the cut fell between grapheme clusters. */
static int starts_whole(const struct kwic *k)
{
    const char *s = k->line;
    size_t n = k->line_len;

    if (n >= 3 && memcmp(s, ELLIPSIS, 3) == 0) {
        s += 3;
        n -= 3;
    }
    return n == 0 || text_prev_grapheme(s, n, text_next_grapheme(s, n, 0)) == 0;
}

static void test_short(void)
{
    struct kwic k = cut("the cat sat", "cat", 80);

    is_str(k.line, "the cat sat", "a short text is shown whole");
    ok(hit_is(&k, "cat") && k.hit == 4, "the hit is marked where it is");
    is_int(k.width, 11, "as wide as the text");
    kwic_free(&k);

    k = cut("one\ntwo\tcat\r\nend", "cat", 80);
    is_str(k.line, "one two cat  end", "line ends and tabs become spaces");
    kwic_free(&k);

    k = cut("\x1b]0;owned\x07 cat \x1b[2J", "cat", 80);
    ok(k.line && !strchr(k.line, '\x1b') && !strchr(k.line, '\x07') && hit_is(&k, "cat"),
       "escape sequences around the hit are defused");
    kwic_free(&k);
}

static void test_long_english(void)
{
    char s[2000];
    struct kwic k;

    memset(s, 0, sizeof s);
    for (int i = 0; i < 60; i++)
        strcat(s, "word ");
    strcat(s, "cattax ");
    for (int i = 0; i < 60; i++)
        strcat(s, "more ");
    k = cut(s, "cattax", 40);
    ok(k.line && strncmp(k.line, ELLIPSIS, 3) == 0, "context cut before the hit starts with …");
    ok(k.line_len >= 3 && memcmp(k.line + k.line_len - 3, ELLIPSIS, 3) == 0,
       "and the text cut after it ends with …");
    is_int(k.width, 40, "exactly the width asked for");
    ok(hit_is(&k, "cattax"), "the hit is inside");
    {
        int before = text_width(k.line, k.hit);
        ok(before >= 5 && before <= 14, "about a third of the room before the hit (%d columns)",
           before);
    }
    kwic_free(&k);

    /* Near the end: the room after is short, so more comes before. */
    k = cut("aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj cat", "cat", 30);
    /* (less the space a cut leaves after the ellipsis) */
    ok(k.width >= 29 && k.width <= 30, "a hit at the end fills the width with what precedes it");
    ok(hit_is(&k, "cat") && k.hit + 3 == k.line_len, "the hit ends the line");
    kwic_free(&k);

    k = cut("supercalifragilistic", "califragilistic", 8);
    ok(k.width <= 8 && k.hit == 0 && k.hit_len > 0,
       "a hit wider than the line starts it (%d columns)", k.width);
    kwic_free(&k);
}

static void test_cjk(void)
{
    char s[1024] = "";
    struct kwic k;

    for (int i = 0; i < 60; i++)
        strcat(s, "\xe4\xb8\xad"); /* 中 */
    strcat(s, CAT);
    for (int i = 0; i < 60; i++)
        strcat(s, "\xe6\x96\x87"); /* 文 */
    for (int w = 20; w <= 23; w++) {
        k = cut(s, CAT, w);
        ok(hit_is(&k, CAT), "CJK at %d columns: the hit is inside", w);
        ok(k.width == w || k.width == w - 1, "CJK at %d columns: %d columns, never more", w,
           k.width);
        ok(starts_whole(&k), "CJK at %d columns: cut between characters", w);
        kwic_free(&k);
    }
    /* A feed row's text at 80 columns: after the head, 45 columns remain. */
    k = cut(s, CAT, 45);
    ok(k.width <= 45 && k.width >= 44 && hit_is(&k, CAT), "45 columns of CJK: %d", k.width);
    kwic_free(&k);
}

static void test_clusters(void)
{
    char s[4096] = "";
    struct kwic k;

    /* e + combining acute, many times, then the hit. */
    for (int i = 0; i < 50; i++)
        strcat(s, "e\xcc\x81");
    strcat(s, "cat");
    for (int i = 0; i < 50; i++)
        strcat(s, "e\xcc\x81");
    for (int w = 10; w <= 13; w++) {
        k = cut(s, "cat", w);
        ok(starts_whole(&k) && hit_is(&k, "cat") && k.width <= w,
           "combining marks at %d columns: no mark cut from its letter", w);
        kwic_free(&k);
    }

    /* A family emoji (ZWJ sequence) and a flag, repeated. */
    s[0] = '\0';
    for (int i = 0; i < 30; i++)
        strcat(s, "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7"
                  "\xf0\x9f\x87\xa8\xf0\x9f\x87\xb3");
    strcat(s, CAT "\xf0\x9f\x90\xb1");
    for (int w = 10; w <= 13; w++) {
        k = cut(s, CAT, w);
        ok(starts_whole(&k) && hit_is(&k, CAT) && k.width <= w,
           "emoji sequences at %d columns: cut between clusters (%d columns)", w, k.width);
        kwic_free(&k);
    }

    /* Invalid UTF-8 around the hit is shown, not crashed on. */
    k = cut("\xff\xfe cat \xc3", "cat", 20);
    ok(k.line && hit_is(&k, "cat"), "invalid bytes around the hit become U+FFFD");
    kwic_free(&k);
}

static void test_huge(void)
{
    size_t n = 1 << 20;
    char *s = malloc(n + 4);
    struct kwic k;

    if (!s)
        return;
    memset(s, 'x', n);
    memcpy(s + n - 1000, "cat", 3);
    s[n] = '\0';
    k = cut(s, "cat", 60);
    ok(hit_is(&k, "cat") && k.width == 60, "a megabyte text: 60 columns around the hit");
    ok(k.line_len < 400, "read only around the hit (%zu bytes)", k.line_len);
    kwic_free(&k);
    free(s);
}

static void test_post(void)
{
    struct model_span tspan = {.offset = 4, .length = 3};
    struct model_post p = {.text = "\xe4\xbb\x8a\xe5\xa4\xa9 ok", /* 今天 ok */
                           .translation = "the cat today",
                           .translation_spans = &tspan,
                           .ntranslation_spans = 1};
    struct kwic k;

    ok(kwic_post(&p, 40, &k) == 0 && k.field == KWIC_TRANSLATION && hit_is(&k, "cat"),
       "a hit in the translation only: the snippet is the translation's");
    is_str(kwic_field_name(k.field), "translation", "named translation in data");
    kwic_free(&k);

    p.text_spans = &tspan;
    p.ntext_spans = 1;
    p.text = "the cat's text";
    ok(kwic_post(&p, 40, &k) == 0 && k.field == KWIC_TEXT && hit_is(&k, "cat"),
       "a hit in the original comes first");
    kwic_free(&k);

    p.ntext_spans = p.ntranslation_spans = 0;
    ok(kwic_post(&p, 40, &k) == 0 && k.field == KWIC_NONE && !k.line,
       "no hit in either text (a tag or an author matched): no snippet");
    /* The marks are ASCII in a locale that is not UTF-8 ("C"). */
    is_str(kwic_mark(KWIC_COMMENT), "c:", "in the C locale the comment's mark is c:");
    if (setlocale(LC_CTYPE, "C.UTF-8")) {
        is_str(kwic_mark(KWIC_TEXT), "\xe5\x8e\x9f", "in a UTF-8 locale the original's mark is 原");
        setlocale(LC_CTYPE, "C");
    } else {
        tap_skip("no C.UTF-8 locale here");
    }
    ok(text_width(kwic_mark(KWIC_TRANSLATION), strlen(kwic_mark(KWIC_TRANSLATION))) == 2,
       "marks take two columns");
    text_configure(TEXT_AMBIGUOUS_NARROW, true);
    is_str(kwic_mark(KWIC_TRANSLATION), "t:", "in ASCII the translation's mark is t:");
    text_configure(TEXT_AMBIGUOUS_NARROW, false);
}

int main(void)
{
    text_configure(TEXT_AMBIGUOUS_NARROW, false);
    test_short();
    test_long_english();
    test_cjk();
    test_clusters();
    test_huge();
    test_post();
    return tap_done();
}
