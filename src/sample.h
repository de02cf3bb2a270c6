/* sample.h — reproducible random samples of posts.
 *
 * A sample of N posts under a filter is the N whose rank is lowest, the
 * rank a 64-bit hash of (seed, platform, the platform's id): the same seed
 * on the same cache gives the same sample whatever order the rows were
 * imported or stored in, a post keeps its rank when others come and go,
 * and every post is equally likely to be drawn (the hash mixes its input
 * fully: FNV-1a over the bytes, then the splitmix64 finaliser). The model
 * ranks in SQL through refuge_rank(seed, platform, ext_id), which
 * sample_register() adds to a connection.
 */
#ifndef REFUGE_SAMPLE_H
#define REFUGE_SAMPLE_H

#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

/* The rank of a post for a seed. */
uint64_t sample_rank(uint64_t seed, const char *platform, size_t platform_len,
                     const char *ext_id, size_t ext_len);

/* Adds refuge_rank(seed, platform, ext_id) to a connection (deterministic,
 * innocuous: usable in any statement). Returns SQLITE_OK or an error. */
int sample_register(sqlite3 *sql);

/* A new seed, from the kernel's random bytes (the clock when they fail). */
uint64_t sample_new_seed(void);

/* Parses a seed: decimal digits, 0 to 2^64 - 1. Returns 0, or -1. */
int sample_parse_seed(const char *s, uint64_t *out);

#endif
