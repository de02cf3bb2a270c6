/* json.h — JSON parsed by SQLite's json_each, which refuge already links
 * and which is fuzzed upstream: the members of one object or array.
 *
 * Each nesting depth has its own prepared statement, so a callback may walk
 * a value inside the one being walked (depth + 1). Nothing here writes.
 */
#ifndef REFUGE_IMPORT_JSON_H
#define REFUGE_IMPORT_JSON_H

#include <stdbool.h>
#include <stddef.h>

#include <sqlite3.h>

#include "../error.h"
#include "record.h"

#define JSON_DEPTH 3

struct json;

struct json *json_open(sqlite3 *sql, struct rf_error *err);
void json_close(struct json *j);

/* One member: its key (NULL for an element of an array), type and value
 * (JSON text for arrays and objects, NULL for null; valid until the
 * callback returns).
 * Returns false to stop the walk. */
typedef bool json_member_fn(void *data, const char *key, size_t klen, enum ftype type,
                            const char *value, size_t vlen);

/* Walks the members of the JSON object or array in text[0..len). Returns 1
 * when every member was visited, 0 when fn stopped, -1 when the text is not
 * JSON (json_errmsg() says why). */
int json_members(struct json *j, int depth, const char *text, size_t len, json_member_fn *fn,
                 void *data);
const char *json_errmsg(const struct json *j);

#endif
