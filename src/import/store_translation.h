/* store_translation.h — writing a translation into a post or comment that
 * is already in the cache: `refuge translate` (one result at a time, as a
 * command answers) and `refuge import --translations` (a file's rows in
 * one transaction). Like store.h, this is code that writes rows; nothing
 * else writes translations.
 *
 * The rule a translation obeys lives here, once: a translation never
 * replaces one made by a person (kind "human") unless the caller says
 * TRANSLATION_REPLACE, and `refuge translate` (TRANSLATION_FILL) writes
 * only where there is no translation at all, so neither a human one nor
 * one that came with the import is ever overwritten by a command. A post's
 * new translation enters its search index at once (the index has no
 * trigger on updates: see src/db.c); a comment's index holds its text only.
 *
 * The caller holds the transaction. Statements are prepared once per
 * handle, so a file of many rows costs a lookup and an update each.
 */
#ifndef REFUGE_IMPORT_STORE_TRANSLATION_H
#define REFUGE_IMPORT_STORE_TRANSLATION_H

#include <stdbool.h>

#include <sqlite3.h>

#include "../error.h"

/* Where a translation may go. */
enum translation_policy {
    TRANSLATION_FILL,         /* only where there is none (refuge translate) */
    TRANSLATION_OVER_MACHINE, /* where there is none or a machine one (import --translations) */
    TRANSLATION_REPLACE,      /* anywhere, a person's too (import --translations --replace) */
};

/* One translation of a post or comment, by platform and the platform's id.
 * text: valid UTF-8 without NUL, not empty; kind: "human" or "machine";
 * by: who or what made it (a command, a person, a tool), or NULL. */
struct translation {
    bool comment;
    const char *platform, *id, *text, *kind, *by;
};

enum translation_result {
    TRANSLATION_WRITTEN,   /* stored (the search index follows) */
    TRANSLATION_SAME,      /* the same text, kind and maker were there */
    TRANSLATION_KEPT,      /* a translation the policy protects is there: nothing written */
    TRANSLATION_UNKNOWN,   /* no such post or comment in the cache */
    TRANSLATION_FAILED,    /* a database error (err says what) */
};

struct translation_store;

/* Prepares the statements on `sql`. Returns NULL with err set. */
struct translation_store *translation_store_open(sqlite3 *sql, struct rf_error *err);
void translation_store_close(struct translation_store *ts);

/* Stores t under policy, inside the caller's transaction. */
enum translation_result translation_store(struct translation_store *ts,
                                          const struct translation *t,
                                          enum translation_policy policy, struct rf_error *err);

#endif
