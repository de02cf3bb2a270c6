/* plural.h — the one home of "1 post" / "2 posts".
 *
 * A count's phrase comes in whole forms, one per grammatical number, never
 * as a suffix glued onto a word: a translation (ngettext) picks its own
 * phrase for each form, and some languages have more than two.
 *
 *   printf("%lld %s", n, plural(n, "post matches", "posts match"));
 */
#ifndef REFUGE_PLURAL_H
#define REFUGE_PLURAL_H

/* one when n is 1 (or -1), else other. */
const char *plural(long long n, const char *one, const char *other);

#endif
