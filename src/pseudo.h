/* pseudo.h — shareable exports: what --pseudonymise does to a record.
 *
 * An author is known by a salted pseudonym, "anon-" and 12 hex digits of
 * HMAC-SHA256(salt, platform NUL identity), so the same author (same key,
 * or the same name when unkeyed) gets the same pseudonym in every export
 * of one cache and an unrelated one in another cache. The salt is 32 bytes
 * from getrandom(), made the first time a cache is asked and kept in its
 * meta (key DB_META_PSEUDONYM_SALT), which no export writes.
 *
 * In post and comment text (and translations) each @mention becomes the
 * pseudonym of the name it mentions ("@anon-…"; Xiaohongshu's "@name[…]"
 * markup loses its bracket too), and each URL is reduced as below. A URL
 * (a post's, a medium's, one in text) loses its user info, query string
 * and fragment, and the path parts that name a user ("@name", and what
 * follows "user", "users", "profile", "u", "people", "channel") become "_";
 * an X/Twitter status URL's user becomes "i" (x.com/i/status/ID still
 * opens). A file a record was collected from keeps only its base name.
 *
 * A name that already is a pseudonym stays as it is, so an export of a
 * cache filled from a pseudonymised export keeps its pseudonyms.
 */
#ifndef REFUGE_PSEUDO_H
#define REFUGE_PSEUDO_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "error.h"
#include "model.h"

#define DB_META_PSEUDONYM_SALT "pseudonym_salt"

/* "anon-" + 12 hex digits + NUL */
#define PSEUDO_NAME_SIZE 18

/* What every record, line and file of a pseudonymised export says it is. */
#define PSEUDO_NOTE                                                                        \
    "pseudonymised: authors are salted pseudonyms, @mentions masked, URLs reduced"

struct pseudo {
    uint8_t salt[32];
};

/* The cache's salt, made the first time (a read-only cache without one
 * cannot keep one: an error says so). Returns 0, or -1 with err set. */
int pseudo_open(struct db *db, struct pseudo *ps, struct rf_error *err);

/* The same salt from its 64 hex digits (tests). Returns 0, or -1. */
int pseudo_from_hex(struct pseudo *ps, const char *hex);

/* The pseudonym of `who` on `platform` into buf (PSEUDO_NAME_SIZE bytes);
 * NULL who gives "". A pseudonym is its own pseudonym. */
void pseudo_name(const struct pseudo *ps, const char *platform, const char *who, char *buf);

/* Text with its @mentions masked and URLs reduced; a reduced URL. Each
 * returns a new string (NULL in: NULL out; NULL also when out of memory). */
char *pseudo_text(const struct pseudo *ps, const char *platform, const char *text);
char *pseudo_url(const char *url);

/* The strings a pseudonymised copy points to (pseudo_hold_free()). */
struct pseudo_hold {
    void **p;
    size_t n, cap;
};

/* `out` a shallow copy of `in` with every name, key, mention and URL
 * replaced; valid until pseudo_hold_free(h) and while `in` lives. Search
 * spans and hits are dropped (they point into the original text). */
void pseudo_post(const struct pseudo *ps, const struct model_post *in, struct model_post *out,
                 struct pseudo_hold *h);
void pseudo_comment(const struct pseudo *ps, const struct model_comment *in,
                    struct model_comment *out, struct pseudo_hold *h);
void pseudo_hold_free(struct pseudo_hold *h);

#endif
