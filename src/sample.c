/* sample.c — ranks for reproducible samples (contract in sample.h). */
#include "autoconfig.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <sys/random.h>
#include <time.h>

#include "sample.h"

/* The splitmix64 finaliser: every input bit affects every output bit. */
static uint64_t mix(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static uint64_t fnv(uint64_t h, const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        h = (h ^ s[i]) * 0x100000001b3ULL;
    return h;
}

uint64_t sample_rank(uint64_t seed, const char *platform, size_t platform_len,
                     const char *ext_id, size_t ext_len)
{
    uint64_t h = 0xcbf29ce484222325ULL ^ mix(seed);

    h = fnv(h, (const unsigned char *)platform, platform_len);
    h = fnv(h, (const unsigned char *)"", 1); /* so "ab"+"c" differs from "a"+"bc" */
    h = fnv(h, (const unsigned char *)ext_id, ext_len);
    return mix(h);
}

static void rank_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    const unsigned char *platform = sqlite3_value_text(argv[1]);
    int plen = sqlite3_value_bytes(argv[1]);
    const unsigned char *id = sqlite3_value_text(argv[2]);
    int ilen = sqlite3_value_bytes(argv[2]);

    (void)argc;
    sqlite3_result_int64(ctx, (sqlite3_int64)sample_rank(
                                  (uint64_t)sqlite3_value_int64(argv[0]),
                                  platform ? (const char *)platform : "", (size_t)plen,
                                  id ? (const char *)id : "", (size_t)ilen));
}

int sample_register(sqlite3 *sql)
{
    return sqlite3_create_function(sql, "refuge_rank", 3,
                                   SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
                                   rank_fn, NULL, NULL);
}

int sample_parse_seed(const char *s, uint64_t *out)
{
    char *end;
    unsigned long long v;

    if (!s || !isdigit((unsigned char)s[0]))
        return -1;
    errno = 0;
    v = strtoull(s, &end, 10);
    if (errno || *end)
        return -1;
    *out = (uint64_t)v;
    return 0;
}

uint64_t sample_new_seed(void)
{
    uint64_t seed;

    if (getrandom(&seed, sizeof seed, GRND_NONBLOCK) == (ssize_t)sizeof seed)
        return seed % 1000000000ULL; /* short enough to type again */
    return (uint64_t)time(NULL) % 1000000000ULL;
}
