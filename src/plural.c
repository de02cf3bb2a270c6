/* The form of a counted phrase (plural.h). */
#include "autoconfig.h"

#include "i18n.h"
#include "plural.h"

const char *plural(long long n, const char *one, const char *other)
{
    unsigned long long magnitude = n < 0 ? 0ULL - (unsigned long long)n : (unsigned long long)n;
    return i18n_ngettext(one, other, (unsigned long)magnitude);
}
