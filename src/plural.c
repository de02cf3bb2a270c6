/* The form of a counted phrase (plural.h). */
#include "autoconfig.h"

#include "plural.h"

const char *plural(long long n, const char *one, const char *other)
{
    return n == 1 || n == -1 ? one : other;
}
