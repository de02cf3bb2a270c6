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

#define JSON_DEPTH 4

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

/* For each element of the JSON array in text[0..len) whose member at path
 * ("$.name") is a string, calls fn with key NULL and that string: one
 * statement for the whole array. Returns 1, 0 when fn stopped, or -1 when
 * the text is not JSON. */
int json_pluck(struct json *j, const char *text, size_t len, const char *path,
               json_member_fn *fn, void *data);

/* Reading many values of one JSON text at once: a set of paths ("$.a.b",
 * "$.c[0]", keys with odd characters quoted: '$."_zs-origin"'), read in one
 * statement so the text is parsed once. */
struct json_paths;

/* Prepares the set (paths: NULL-terminated, at most JSON_MAX_PATHS); NULL
 * with err set. A path that may hold an array or an object is marked with
 * a leading '*' ("*$.tag_list"): its JSON type is read too. Any other
 * path's type is its SQL one (an array or object there reads as text, true
 * and false as 1 and 0). A path marked '#' ("#$.id") reads an integer as
 * its digits as written, exact past 64 bits (never through a double), and
 * its JSON type too. A path marked '?' ("?$.note_card") reads its JSON type
 * alone (its value is ""): what a mapper needs to tell shapes apart, without
 * the cost of writing a whole object out as text. */
#define JSON_MAX_PATHS 48
struct json_paths *json_paths_open(sqlite3 *sql, const char *const *paths,
                                   struct rf_error *err);
void json_paths_close(struct json_paths *jp);
/* Reads every path of the set in text[0..len) into out[i]: name the path,
 * value NUL-terminated (JSON text for arrays and objects), type F_NULL when
 * absent or null. The values are valid until the next read of the set.
 * Returns 0, or -1 when the text is not JSON. */
int json_paths_read(struct json_paths *jp, const char *text, size_t len, struct field *out);

#endif
