/* quarters.h — a UTC day's posts per quarter hour, packed in one value:
 * the `counts` of the per-day table of quarter hours (db.h:
 * DB_DAY_QUARTERS_OF).
 *
 * The value is a BLOB of entries, one for each quarter hour of the day that
 * has posts, in no set order: a byte 96 + k, where k (-95 to 95) is the
 * quarter hour of the day as SQL divides (ts_utc / 900 = day * 96 + k,
 * day = ts_utc / 86400, both toward zero), then the posts and the likes as
 * zigzag LEB128 varints (any 64-bit value). At a million posts the 565
 * rows hold 43,000 entries in about 200 KB; reading them is what a chart
 * in any zone but UTC costs, so they are packed rather than written out
 * (decimal JSON was twice the bytes, and parsing it four times the
 * floor of the per-UTC-day chart).
 *
 * SQL makes the values through functions every connection db.c opens
 * has (quarters_register()): the aggregate refuge_quarters(k, posts,
 * likes), and refuge_quarters_json(counts), the entries as the JSON array
 * [k, posts, likes, k, posts, likes, ...] for `refuge check` and for
 * people reading the cache. The sqlite3 shell has neither: it can count
 * posts it adds or deletes in quarters_gone (db.h).
 */
#ifndef REFUGE_QUARTERS_H
#define REFUGE_QUARTERS_H

#include <stdbool.h>
#include <stdint.h>

#include <sqlite3.h>

/* Registers the functions above on a connection. Returns SQLITE_OK or an
 * SQLite error code. */
int quarters_register(sqlite3 *sql);

/* Reads a varint at *p (before end) into *v, moving *p past it; false at
 * the end of the value or on a varint longer than 64 bits (damage). */
static inline bool quarters_varint(const unsigned char **p, const unsigned char *end,
                                   int64_t *v)
{
    const unsigned char *q = *p;
    uint64_t u = 0;

    for (int shift = 0; q < end && shift < 64; shift += 7) {
        unsigned char b = *q++;
        u |= (uint64_t)(b & 0x7f) << shift;
        if (b < 0x80) {
            *p = q;
            *v = (int64_t)(u >> 1) ^ -(int64_t)(u & 1); /* zigzag */
            return true;
        }
    }
    *p = q;
    return false;
}

/* The next entry of a value at *p (before end): its k, posts and likes.
 * False at the end, or where the value is damaged (the rest is not read). */
static inline bool quarters_next(const unsigned char **p, const unsigned char *end, int *k,
                                 int64_t *posts, int64_t *likes)
{
    if (*p >= end)
        return false;
    *k = (int)*(*p)++ - 96;
    return quarters_varint(p, end, posts) && quarters_varint(p, end, likes);
}

#endif
