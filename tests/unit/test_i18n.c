/* test_i18n.c — the interface's languages in the core: numbers as a
 * Chinese reader counts them (万, 亿), days in running text (2025年1月18日),
 * counted phrases (plural), and the switch between English and Chinese with
 * the built catalog (REFUGE_LOCALEDIR, set by make check). */
#include "autoconfig.h"

#include <locale.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "figure.h"
#include "i18n.h"
#include "plural.h"
#include "tap.h"
#include "text.h"
#include "when.h"

static void number_is(int64_t value, enum text_number style, const char *want)
{
    char buf[64];

    text_format_number(value, style, buf, sizeof buf);
    is_str(buf, want, "%lld as %s", (long long)value,
           style == TEXT_NUMBER_SHORT_ZH   ? "SHORT_ZH"
           : style == TEXT_NUMBER_EXACT_ZH ? "EXACT_ZH"
           : style == TEXT_NUMBER_EXACT    ? "EXACT"
                                           : "another style");
}

static void test_numbers(void)
{
    /* below 万: the digits, grouped as everywhere */
    number_is(0, TEXT_NUMBER_SHORT_ZH, "0");
    number_is(48, TEXT_NUMBER_SHORT_ZH, "48");
    number_is(9999, TEXT_NUMBER_SHORT_ZH, "9,999");
    number_is(9999, TEXT_NUMBER_EXACT_ZH, "9,999");
    /* 万 counts by 10^4 */
    number_is(10000, TEXT_NUMBER_SHORT_ZH, "1.0\xe4\xb8\x87");
    number_is(12000, TEXT_NUMBER_SHORT_ZH, "1.2\xe4\xb8\x87");
    number_is(114000, TEXT_NUMBER_SHORT_ZH, "11\xe4\xb8\x87");
    number_is(3955519, TEXT_NUMBER_SHORT_ZH, "396\xe4\xb8\x87");
    number_is(82200000, TEXT_NUMBER_SHORT_ZH, "8220\xe4\xb8\x87");
    /* 99,995,000 rounds to 10000万: that is 1.0亿 */
    number_is(99995000, TEXT_NUMBER_SHORT_ZH, "1.0\xe4\xba\xbf");
    number_is(175000000, TEXT_NUMBER_SHORT_ZH, "1.8\xe4\xba\xbf");
    number_is(5000000000, TEXT_NUMBER_SHORT_ZH, "50\xe4\xba\xbf");
    number_is(-12000, TEXT_NUMBER_SHORT_ZH, "-1.2\xe4\xb8\x87");
    /* EXACT_ZH: only what loses nothing, two decimals at most */
    number_is(10000, TEXT_NUMBER_EXACT_ZH, "1\xe4\xb8\x87");
    number_is(114000, TEXT_NUMBER_EXACT_ZH, "11.4\xe4\xb8\x87");
    number_is(115500, TEXT_NUMBER_EXACT_ZH, "11.55\xe4\xb8\x87");
    number_is(82200000, TEXT_NUMBER_EXACT_ZH, "8220\xe4\xb8\x87");
    number_is(175000000, TEXT_NUMBER_EXACT_ZH, "1.75\xe4\xba\xbf");
    number_is(5000000000, TEXT_NUMBER_EXACT_ZH, "50\xe4\xba\xbf");
    number_is(3955519, TEXT_NUMBER_EXACT_ZH, "3,955,519");
    number_is(115050, TEXT_NUMBER_EXACT_ZH, "115,050");
    /* past 1亿 in units of 万 (12345678.9万) no one reads: the digits */
    number_is(123456789000, TEXT_NUMBER_EXACT_ZH, "123,456,789,000");
    number_is(-175000000, TEXT_NUMBER_EXACT_ZH, "-1.75\xe4\xba\xbf");
    /* the English styles are as they were */
    number_is(82200000, TEXT_NUMBER_EXACT, "82.2M");
    ok(text_number_for_reader(TEXT_NUMBER_SHORT, true) == TEXT_NUMBER_SHORT_ZH &&
           text_number_for_reader(TEXT_NUMBER_EXACT, true) == TEXT_NUMBER_EXACT_ZH &&
           text_number_for_reader(TEXT_NUMBER_FULL, true) == TEXT_NUMBER_FULL &&
           text_number_for_reader(TEXT_NUMBER_EXACT, false) == TEXT_NUMBER_EXACT,
       "a reader of Chinese gets 万 and 亿 for SHORT and EXACT, FULL stays digits");
}

static void test_prose_dates(void)
{
    char buf[64];

    when_prose_date(buf, sizeof buf, 2025, 1, 18, true);
    is_str(buf, "2025\xe5\xb9\xb4" "1\xe6\x9c\x88" "18\xe6\x97\xa5", "2025年1月18日: no leading zeros");
    when_prose_date(buf, sizeof buf, 2026, 12, 1, true);
    is_str(buf, "2026\xe5\xb9\xb4" "12\xe6\x9c\x88" "1\xe6\x97\xa5", "2026年12月1日");
    when_prose_date(buf, sizeof buf, 2025, 1, 8, false);
    is_str(buf, "2025-01-08", "English running text keeps the ISO date");
    /* the interface is English until i18n_set_interface says otherwise */
    when_format(buf, sizeof buf, when_utc_seconds(2025, 1, 18, 23, 30, 0), when_offset(8 * 60),
                WHEN_PROSE_DATE);
    is_str(buf, "2025-01-19", "WHEN_PROSE_DATE in the English interface, in the zone given");
    ok(!when_format(buf, sizeof buf, INT64_MAX, when_utc(), WHEN_PROSE_DATE) &&
           strcmp(buf, "----------") == 0,
       "a time no calendar holds is dashes");
}

static void test_plural_english(void)
{
    is_str(plural(1, "%lld post", "%lld posts"), "%lld post", "1 post");
    is_str(plural(-1, "%lld post", "%lld posts"), "%lld post", "-1 post");
    is_str(plural(0, "%lld post", "%lld posts"), "%lld posts", "0 posts");
    is_str(plural(2, "%lld post", "%lld posts"), "%lld posts", "2 posts");
    is_str(plural(1000001, "%lld post", "%lld posts"), "%lld posts", "1000001 posts");
    is_str(_("out of memory"), "out of memory", "without i18n_init, strings are their msgid");
    ok(!i18n_chinese(), "and the interface is not Chinese");
}

/* With the catalog the build made: the switch itself. */
static void test_switch(void)
{
    const char *dir = getenv("REFUGE_LOCALEDIR");
    char buf[64];

    if (!dir || !*dir || !setlocale(LC_ALL, "C.UTF-8")) {
        for (int i = 0; i < 9; i++)
            tap_skip("needs REFUGE_LOCALEDIR (make check sets it) and the C.UTF-8 locale");
        return;
    }
    i18n_init();
    ok(!i18n_chinese(), "C.UTF-8 with interface auto: English");
    i18n_set_interface(I18N_ZH);
    ok(i18n_chinese(), "interface zh in C.UTF-8: Chinese, from the built catalog");
    is_str(_("out of memory"), "\xe5\x86\x85\xe5\xad\x98\xe4\xb8\x8d\xe8\xb6\xb3",
           "a message in Chinese (内存不足)");
    is_str(plural(3, "imported %lld post", "imported %lld posts"),
           "\xe5\xb7\xb2\xe5\xaf\xbc\xe5\x85\xa5 %lld \xe6\x9d\xa1\xe5\xb8\x96\xe5\xad\x90",
           "a counted phrase in its Chinese form (已导入 %%lld 条帖子)");
    figure_number_text(buf, sizeof buf, 114000);
    is_str(buf, "11.4\xe4\xb8\x87", "a reported figure's number in 万");
    when_format(buf, sizeof buf, when_utc_seconds(2025, 1, 18, 12, 0, 0), when_utc(),
                WHEN_PROSE_DATE);
    is_str(buf, "2025\xe5\xb9\xb4" "1\xe6\x9c\x88" "18\xe6\x97\xa5", "a day in running text");
    when_format(buf, sizeof buf, when_utc_seconds(2025, 1, 18, 12, 0, 0), when_utc(), WHEN_DATE);
    is_str(buf, "2025-01-18", "tables keep the ISO date");
    i18n_set_interface(I18N_EN);
    is_str(_("out of memory"), "out of memory", "interface en: English again");
    setlocale(LC_ALL, "C");
    i18n_set_interface(I18N_ZH);
    ok(!i18n_chinese() && strcmp(_("out of memory"), "out of memory") == 0,
       "interface zh under the C locale (not UTF-8): English, never question marks");
}

int main(void)
{
    test_numbers();
    test_prose_dates();
    test_plural_english();
    test_switch();
    return tap_done();
}
