/* figure.h — how a reported figure's value reads, in English or Chinese.
 *
 * The one home for a figure's qualifier, number and unit as words: the
 * stats pane and `refuge figures` both write "over 114,000 posts",
 * "约 1,200 万用户", "$1.2", "19.9%", "#1" through it. The number comes
 * formatted: figure_number_text() as people read it (the pane and the
 * handouts of `refuge figures` and `stats --format md`), or every digit
 * where a program reads it. Nothing is allocated.
 */
#ifndef REFUGE_FIGURE_H
#define REFUGE_FIGURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Writes the value of a figure with `qualifier` ("over", "about", "under"
 * as vocab_qualifiers names them, another word as it is, or NULL for an
 * exact value) and `unit` (a name the figures use: "usd", "percent",
 * "rank", "users", "daily-active-users", ...; NULL or "" for none) around
 * the formatted `number`, in Chinese when `zh`. An unknown unit is written
 * as its name with '-' read as a space. The text is as safe as its inputs:
 * callers that draw it sanitise it. */
void figure_value_text(char *buf, size_t size, const char *number, const char *qualifier,
                       const char *unit, bool zh);

/* A figure's number as people read it: digits grouped (114,000), short
 * when that is exact (175M, 5B; text_format_number's EXACT style), a
 * fraction as it is (2.5); in the Chinese interface (i18n.h) in 万 and 亿
 * (11.4万, 1.75亿: EXACT_ZH). */
void figure_number_text(char *buf, size_t size, double value);

/* A computed count as the stats write it: every digit (3,955,519); in
 * Chinese (`zh`) in 万 and 亿 where that is exact (10万, 1.75亿:
 * EXACT_ZH), so a lower bound is never rounded up. */
void figure_count_text(char *buf, size_t size, int64_t count, bool zh);

/* A count of likes as one phrase, the number by figure_count_text(),
 * "at least" when the sum is a floor (some likes were not reported, or
 * only as lower bounds): "3,955,519 likes", "at least 1,256,926 likes";
 * in Chinese "3,955,519 个赞", "至少 1,256,926 个赞", "至少 10万个赞" (no
 * space after 万 or 亿). */
void figure_likes_text(char *buf, size_t size, int64_t likes, bool at_least, bool zh);

#endif
