/* plural.h — the one home of "1 post" / "2 posts".
 *
 * A count's phrase comes in whole forms, one per grammatical number, never
 * as a suffix glued onto a word: the translation (ngettext, i18n.h) picks
 * its own phrase for each form, and some languages have more than two.
 * Both forms are marked for translation by this call (xgettext's keyword
 * plural:2,3), so pass string literals. A form may be a whole format:
 *
 *   printf(plural(n, "%lld post matches", "%lld posts match"), n);
 */
#ifndef REFUGE_PLURAL_H
#define REFUGE_PLURAL_H

/* The interface language's form of one/other for n (in English: one when
 * n is 1 or -1, else other). */
const char *plural(long long n, const char *one, const char *other)
    __attribute__((format_arg(2))) __attribute__((format_arg(3)));

#endif
