/* quarters.c — packing a UTC day's posts per quarter hour (quarters.h). */

#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "quarters.h"

/* An entry is at most a byte and two varints of ten bytes. */
#define ENTRY_MAX 21

/* What the aggregate has packed so far. */
struct packing {
    unsigned char *bytes;
    size_t n, cap;
    bool failed;
};

static size_t put_varint(unsigned char *out, int64_t v)
{
    uint64_t u = ((uint64_t)v << 1) ^ (uint64_t)(v >> 63); /* zigzag */
    size_t n = 0;

    while (u >= 0x80) {
        out[n++] = (unsigned char)(u | 0x80);
        u >>= 7;
    }
    out[n++] = (unsigned char)u;
    return n;
}

static void pack_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    struct packing *pk = sqlite3_aggregate_context(ctx, sizeof *pk);
    int64_t k;

    (void)argc;
    if (!pk || pk->failed)
        return;
    k = sqlite3_value_int64(argv[0]);
    if (k < -95 || k > 95) { /* not a quarter hour of a day: no value packs it */
        pk->failed = true;
        sqlite3_result_error_code(ctx, SQLITE_MISMATCH);
        return;
    }
    if (pk->cap - pk->n < ENTRY_MAX) {
        size_t cap = pk->cap ? pk->cap * 2 : 256;
        unsigned char *p = sqlite3_realloc64(pk->bytes, cap);
        if (!p) {
            pk->failed = true;
            sqlite3_result_error_nomem(ctx);
            return;
        }
        pk->bytes = p;
        pk->cap = cap;
    }
    pk->bytes[pk->n++] = (unsigned char)(k + 96);
    pk->n += put_varint(pk->bytes + pk->n, sqlite3_value_int64(argv[1]));
    pk->n += put_varint(pk->bytes + pk->n, sqlite3_value_int64(argv[2]));
}

static void pack_final(sqlite3_context *ctx)
{
    struct packing *pk = sqlite3_aggregate_context(ctx, 0);

    if (!pk || !pk->bytes)
        sqlite3_result_zeroblob(ctx, 0);
    else if (!pk->failed)
        sqlite3_result_blob64(ctx, pk->bytes, pk->n, sqlite3_free);
    else
        sqlite3_free(pk->bytes);
}

/* The entries as a JSON array of integers; a damaged value gives the
 * entries before the damage. */
static void to_json(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    const unsigned char *p = sqlite3_value_blob(argv[0]);
    const unsigned char *end = p + sqlite3_value_bytes(argv[0]);
    sqlite3_str *s = sqlite3_str_new(sqlite3_context_db_handle(ctx));
    int64_t posts, likes;
    int k;
    char *json;

    (void)argc;
    sqlite3_str_appendchar(s, 1, '[');
    for (bool first = true; p && quarters_next(&p, end, &k, &posts, &likes); first = false)
        sqlite3_str_appendf(s, "%s%d,%lld,%lld", first ? "" : ",", k, (long long)posts,
                            (long long)likes);
    sqlite3_str_appendchar(s, 1, ']');
    if (!(json = sqlite3_str_finish(s))) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    sqlite3_result_text(ctx, json, -1, sqlite3_free);
}

int quarters_register(sqlite3 *sql)
{
    int rc = sqlite3_create_function(sql, "refuge_quarters", 3, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                                      NULL, NULL, pack_step, pack_final);

    if (rc == SQLITE_OK)
        rc = sqlite3_create_function(sql, "refuge_quarters_json", 1,
                                     SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, to_json, NULL,
                                     NULL);
    return rc;
}
