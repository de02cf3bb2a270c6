/* store_posts.c — writing posts and comments: a new one inserted, a known one
 * merged with what the cache holds; their authors, media and files. */

#include "autoconfig.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../markup.h"
#include "../vocab.h"
#include "media.h"
#include "store.h"
#include "store_internal.h"

/* ---- rows ------------------------------------------------------------------------ */

/* Records a key as seen in this file; STORE_DUPLICATE when it was. */
enum store_result store_first_sighting(struct store *st, const char *k1, const char *k2,
                                       size_t k2len)
{
    int rc;

    sqlite3_reset(st->seen);
    sqlite3_bind_text(st->seen, 1, k1, -1, SQLITE_STATIC);
    sqlite3_bind_text(st->seen, 2, k2, (int)k2len, SQLITE_STATIC);
    rc = sqlite3_step(st->seen);
    if (rc == SQLITE_DONE)
        return STORE_NEW;
    return rc == SQLITE_CONSTRAINT_PRIMARYKEY ? STORE_DUPLICATE : STORE_FAILED;
}

void store_bind_opt(sqlite3_stmt *s, int i, const char *v)
{
    if (v)
        sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(s, i);
}

void store_bind_offset(sqlite3_stmt *s, int i, bool has, int offset)
{
    if (has)
        sqlite3_bind_int(s, i, offset);
    else
        sqlite3_bind_null(s, i);
}

static bool step_done(sqlite3_stmt *s)
{
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    return rc == SQLITE_DONE;
}

static void bind_opt_int(sqlite3_stmt *s, int i, bool has, int64_t v);

/* Binds a post's values to ?1..?23 and ?25..?37 of the insert or update
 * (author: its author record, 0 for none). */
static void bind_post(sqlite3_stmt *s, const struct post *p, bool bundled, int64_t author)
{
    sqlite3_bind_text(s, 1, p->platform, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, p->id, (int)p->id_len, SQLITE_STATIC);
    store_bind_opt(s, 3, p->author);
    store_bind_opt(s, 4, p->region);
    sqlite3_bind_text(s, 5, p->lang, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 6, p->ts);
    store_bind_offset(s, 7, p->has_offset, p->offset);
    sqlite3_bind_text(s, 8, p->text, (int)p->text_len, SQLITE_STATIC);
    if (p->translation)
        sqlite3_bind_text(s, 9, p->translation, (int)p->translation_len, SQLITE_STATIC);
    else
        sqlite3_bind_null(s, 9);
    sqlite3_bind_text(s, 10, p->tkind, -1, SQLITE_STATIC);
    for (int k = 0; k < 4; k++)
        sqlite3_bind_int64(s, 11 + k, p->counts.v[k]);
    sqlite3_bind_text(s, 15, p->tags->json, -1, SQLITE_STATIC);
    store_bind_opt(s, 16, p->url);
    sqlite3_bind_text(s, 17, p->provenance, -1, SQLITE_STATIC);
    store_bind_opt(s, 18, p->source);
    store_bind_opt(s, 19, p->note);
    sqlite3_bind_int(s, 20, bundled);
    sqlite3_bind_int64(s, 21, p->counts.v[COUNT_VIEWS]);
    sqlite3_bind_int(s, 22, (int)p->counts.known);
    sqlite3_bind_int(s, 23, (int)p->counts.at_least);
    bind_opt_int(s, 25, author != 0, author);
    store_bind_opt(s, 26, p->type);
    sqlite3_bind_text(s, 27, store_time_basis_name(p->basis), -1, SQLITE_STATIC);
    bind_opt_int(s, 28, p->counts.has_observed, p->counts.observed);
    bind_opt_int(s, 29, p->from.has_collected, p->from.collected);
    sqlite3_bind_int(s, 30, p->partial);
    store_bind_opt(s, 31, p->reply_to);
    for (int k = 0; k < COUNT_KINDS; k++)
        bind_opt_int(s, 32 + k, (p->seen_timed >> k) & 1u, p->seen[k]);
    store_bind_opt(s, 37, p->translation ? p->translation_by : NULL);
}

/* enum time_basis follows the vocabulary's order. */
_Static_assert((int)TIME_EXACT == VOCAB_TIME_EXACT &&
                   (int)TIME_DERIVED_ID == VOCAB_TIME_DERIVED_ID &&
                   (int)TIME_LOCAL == VOCAB_TIME_LOCAL,
               "time bases in the vocabulary's order");

const char *store_time_basis_name(enum time_basis b)
{
    return vocab_time_bases[b];
}

static enum time_basis basis_from_name(const char *s)
{
    int i = vocab_find(vocab_time_bases, s);
    return i < 0 ? TIME_EXACT : (enum time_basis)i;
}

/* How good a time is: exact beats a local time in an assumed zone, which
 * beats one derived from an id. */
static int basis_rank(enum time_basis b)
{
    return b == TIME_EXACT ? 2 : b == TIME_LOCAL ? 1 : 0;
}

/* Between the stored sighting (its time in columns 1 and 2 of f) and the new
 * one: an exact time over a derived one; between two of a kind, the newer. */
static void keep_old_time(sqlite3_stmt *f, enum time_basis old_basis, bool newer, int64_t *ts,
                          bool *has_offset, int *offset, enum time_basis *basis)
{
    if (basis_rank(old_basis) > basis_rank(*basis) ||
        (basis_rank(old_basis) == basis_rank(*basis) && !newer)) {
        *ts = sqlite3_column_int64(f, 1);
        *has_offset = sqlite3_column_type(f, 2) != SQLITE_NULL;
        *offset = sqlite3_column_int(f, 2);
        *basis = old_basis;
    }
}

static bool same(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

void store_slot_free(struct author_slot *s)
{
    free(s->platform);
    free(s->key);
    free(s->name);
    memset(s, 0, sizeof *s);
}

/* Remembers an author's row (nothing when memory runs out). */
static void slot_set(struct author_slot *s, const char *platform, const char *key, bool keyed,
                     const char *name, int64_t id)
{
    store_slot_free(s);
    s->platform = strdup(platform);
    s->key = strdup(key);
    s->name = name ? strdup(name) : NULL;
    if (!s->platform || !s->key || (name && !s->name)) {
        store_slot_free(s);
        return;
    }
    s->keyed = keyed;
    s->id = id;
}

static int64_t author_row(struct store *st, const char *platform, const char *key, bool keyed,
                          const char *name, bool rename, bool *as_named);

/* The author's row, found or added; with `rename`, a found one takes the
 * record's name (the name follows the sighting that wins, which the caller
 * knows). 0 when the record names no author, -1 on a database error. */
static int64_t author_id(struct store *st, const char *platform, const struct author_ref *a,
                         bool rename)
{
    const char *key = a->key ? a->key : a->name;
    struct author_slot *slot;
    uint64_t h = 0xcbf29ce484222325u;
    bool as_named = true;
    int64_t id;

    if (!key)
        return 0;
    for (const char *p = key; *p; p++)
        h = (h ^ (unsigned char)*p) * 0x100000001b3u;
    slot = &st->authors[(h ^ (a->key != NULL)) % AUTHOR_CACHE];
    if (slot->key && slot->keyed == (a->key != NULL) && strcmp(slot->key, key) == 0 &&
        strcmp(slot->platform, platform) == 0 && (!a->name || same(slot->name, a->name)))
        return slot->id;
    /* The slot says the row has the record's name: only when it does. */
    if ((id = author_row(st, platform, key, a->key != NULL, a->name, rename, &as_named)) > 0 &&
        as_named)
        slot_set(slot, platform, key, a->key != NULL, a->name, id);
    return id;
}

/* *as_named: false when a found row keeps a name other than the record's. */
static int64_t author_row(struct store *st, const char *platform, const char *key, bool keyed,
                          const char *name, bool rename, bool *as_named)
{
    const struct author_ref ref = {keyed ? key : NULL, name};
    const struct author_ref *a = &ref;
    int64_t id = 0;
    int rc;

    sqlite3_reset(st->find_author);
    sqlite3_bind_text(st->find_author, 1, platform, -1, SQLITE_STATIC);
    sqlite3_bind_int(st->find_author, 2, a->key != NULL);
    sqlite3_bind_text(st->find_author, 3, key, -1, SQLITE_STATIC);
    rc = sqlite3_step(st->find_author);
    if (rc == SQLITE_ROW) {
        const char *have = (const char *)sqlite3_column_text(st->find_author, 1);
        bool differs = a->name && (!have || strcmp(have, a->name) != 0);
        id = sqlite3_column_int64(st->find_author, 0);
        *as_named = !differs || rename;
        sqlite3_reset(st->find_author);
        if (differs && rename) {
            sqlite3_bind_int64(st->name_author, 1, id);
            sqlite3_bind_text(st->name_author, 2, a->name, -1, SQLITE_STATIC);
            if (!step_done(st->name_author))
                return -1;
        }
        return id;
    }
    sqlite3_reset(st->find_author);
    if (rc != SQLITE_DONE)
        return -1;
    sqlite3_bind_text(st->ins_author, 1, platform, -1, SQLITE_STATIC);
    sqlite3_bind_int(st->ins_author, 2, a->key != NULL);
    sqlite3_bind_text(st->ins_author, 3, key, -1, SQLITE_STATIC);
    store_bind_opt(st->ins_author, 4, a->name);
    if (!step_done(st->ins_author))
        return -1;
    return sqlite3_last_insert_rowid(st->sql);
}

/* Links media to a post or comment (ins: ins_media or ins_comment_media);
 * adds to *changes how many were new. False on a database error. */
static bool link_media(sqlite3_stmt *ins, int64_t owner, const struct media *m, int *changes,
                       sqlite3 *sql)
{
    for (size_t i = 0; m && i < m->n; i++) {
        sqlite3_bind_int64(ins, 1, owner);
        sqlite3_bind_text(ins, 2, m->items[i].url, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 3, media_kind_name(m->items[i].kind), -1, SQLITE_STATIC);
        if (!step_done(ins))
            return false;
        *changes += sqlite3_changes(sql);
    }
    return true;
}

static void bind_opt_int(sqlite3_stmt *s, int i, bool has, int64_t v)
{
    if (has)
        sqlite3_bind_int64(s, i, v);
    else
        sqlite3_bind_null(s, i);
}

/* The text of column i of s, copied into *out (freed by the caller);
 * false when memory ran out. */
static bool column_dup(sqlite3_stmt *s, int i, char **out)
{
    const unsigned char *v = sqlite3_column_text(s, i);
    *out = NULL;
    if (!v)
        return true;
    return (*out = strdup((const char *)v)) != NULL;
}

/* Whether sighting b (has, at: when its counts were seen) wins over the
 * cached a: the newer (an untimed sighting is older than any timed one);
 * between two as new, b when a came from an earlier file (a later import
 * wins), a when this file wrote it (a file's first record wins). So
 * importing a file again changes nothing and says so even when the file
 * holds one post twice, differently: each record meets what it gave. */
static bool newer_sighting(bool a_has, int64_t a_at, bool b_has, int64_t b_at, bool same_file)
{
    if (!a_has)
        return b_has || !same_file;
    return b_has && (b_at > a_at || (b_at == a_at && !same_file));
}

/* Whether the current file wrote the row `rowid` before (k1: the key's
 * kind, k2: its id): one above `base` it inserted; one cached before is
 * noted in temp.import_seen at its first sighting here. -1 on a database
 * error. */
static int written_by_file(struct store *st, const char *k1, const char *k2, size_t k2len,
                           int64_t rowid, int64_t base)
{
    if (rowid > base)
        return 1;
    switch (store_first_sighting(st, k1, k2, k2len)) {
    case STORE_NEW:
        return 0;
    case STORE_DUPLICATE:
        return 1;
    default:
        return -1;
    }
}

/* When each count was seen: at[k] when bit k of timed is set. */
struct seen {
    int64_t at[COUNT_KINDS];
    unsigned timed;
};

/* Merges count kinds [0, n) of `in` into `have` (the cached ones, seen as
 * `seen` says): each from the newest sighting that knows it, whatever the
 * order the sightings come in (same_file: `have` was written by the
 * current file; see newer_sighting()). */
static void merge_counts(struct counts *have, struct seen *seen, const struct counts *in, int n,
                         bool same_file)
{
    for (int k = 0; k < n; k++) {
        unsigned bit = 1u << k;
        if (!(in->known & bit) ||
            ((have->known & bit) && !newer_sighting((seen->timed & bit) != 0, seen->at[k],
                                                    in->has_observed, in->observed, same_file)))
            continue;
        have->v[k] = in->v[k];
        have->known |= bit;
        have->at_least = (have->at_least & ~bit) | (in->at_least & bit);
        seen->at[k] = in->observed;
        seen->timed = (seen->timed & ~bit) | (in->has_observed ? bit : 0);
    }
    if (in->has_observed && (!have->has_observed || in->observed > have->observed)) {
        have->observed = in->observed;
        have->has_observed = true;
    }
}

/* The author record a sighting named, when the cached one stays instead:
 * if no record points to it at the end of the import, it goes
 * (store_finish; an author a record no longer points to is noted by a
 * trigger). */
static bool drop_author(struct store *st, int64_t author, int64_t kept)
{
    if (!author || author == kept)
        return true;
    sqlite3_bind_int64(st->dropped, 1, author);
    return step_done(st->dropped);
}

/* True when the cached author stays: a keyed author over a name, else the
 * newer sighting's. */
static bool keep_old_author(int64_t old_id, bool old_keyed, int64_t new_id, bool new_keyed,
                            bool newer)
{
    return old_id && (!new_id || old_keyed > new_keyed || (old_keyed == new_keyed && !newer));
}

static bool add_text_tag(void *data, const char *name, size_t len)
{
    tags_add(data, name, len);
    return true;
}

/* Replaces a post's rows in post_tags (cached: `drop`) with `list`, or,
 * when the list is empty, with the hashtags of its text, so a post whose
 * file gave no tag list counts and is found under the tags it wrote
 * (posts.tags keeps the file's list: the reader says where they came
 * from). A dropped tag is noted for store_finish() to count again. */
static bool retag(struct store *st, int64_t id, const char *platform, const struct tags *list,
                  const char *text, size_t text_len, bool drop)
{
    if (drop) {
        sqlite3_bind_int64(st->old_tags, 1, id);
        sqlite3_bind_int64(st->del_tags, 1, id);
        if (!step_done(st->old_tags) || !step_done(st->del_tags))
            return false;
    }
    if (list->n == 0 && text && memchr(text, '#', text_len)) {
        char *copy = strndup(text, text_len); /* a text need not end at text_len */
        tags_clear(&st->text_tags);
        if (copy)
            markup_hashtags(platform, copy, add_text_tag, &st->text_tags);
        free(copy);
        if (!copy || st->text_tags.failed)
            return false;
        list = &st->text_tags;
    }
    for (size_t i = 0; i < list->n; i++) {
        sqlite3_bind_text(st->ins_tag, 1, tags_at(list, i), -1, SQLITE_STATIC);
        sqlite3_bind_int64(st->ins_tag, 2, id);
        if (!step_done(st->ins_tag))
            return false;
    }
    return true;
}

/* Links a search keyword to a post; adds to *changes when it is new. */
static bool link_keyword(struct store *st, int64_t id, const char *keyword, int *changes)
{
    sqlite3_bind_int64(st->ins_keyword, 1, id);
    sqlite3_bind_text(st->ins_keyword, 2, keyword, -1, SQLITE_STATIC);
    if (!step_done(st->ins_keyword))
        return false;
    *changes += sqlite3_changes(st->sql);
    return true;
}

/* Links the file (tool, file, collection time) that found a post; a file
 * already linked keeps the later collection time. */
static bool link_file(struct store *st, int64_t id, const struct provenance *f, int *changes)
{
    sqlite3_bind_int64(st->ins_file, 1, id);
    sqlite3_bind_text(st->ins_file, 2, f->tool, -1, SQLITE_STATIC);
    sqlite3_bind_text(st->ins_file, 3, f->file, -1, SQLITE_STATIC);
    bind_opt_int(st->ins_file, 4, f->has_collected, f->collected);
    if (!step_done(st->ins_file))
        return false;
    if (sqlite3_changes(st->sql)) {
        ++*changes;
        return true;
    }
    if (!f->has_collected)
        return true;
    sqlite3_bind_int64(st->newer_file, 1, id);
    sqlite3_bind_text(st->newer_file, 2, f->tool, -1, SQLITE_STATIC);
    sqlite3_bind_text(st->newer_file, 3, f->file, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st->newer_file, 4, f->collected);
    if (!step_done(st->newer_file))
        return false;
    *changes += sqlite3_changes(st->sql);
    return true;
}

/* A keyed author over a name; else the newer (keep_old_author()). When the
 * cache's author stays, *author and *name become it and the new one goes
 * if nothing else names it (*record_wins false). False on a database
 * error. */
static bool merge_author(struct store *st, int64_t old_author, bool old_keyed,
                         const char *old_name, bool new_keyed, bool newer, int64_t *author,
                         const char **name, bool *record_wins)
{
    *record_wins = !keep_old_author(old_author, old_keyed, *author, new_keyed, newer);
    if (*record_wins)
        return true;
    if (!drop_author(st, *author, old_author))
        return false;
    *author = old_author;
    *name = old_name;
    return true;
}

/* The later of when the row in f was collected (column col, NULL when
 * unknown) and *at, as the collection time the merged row keeps. */
static void keep_later(sqlite3_stmt *f, int col, bool *has, int64_t *at)
{
    if (sqlite3_column_type(f, col) != SQLITE_NULL &&
        (!*has || sqlite3_column_int64(f, col) > *at)) {
        *at = sqlite3_column_int64(f, col);
        *has = true;
    }
}

/* A collection's sighting of a post, merged with the cached one (see
 * struct post). */
static enum store_result store_observation(struct store *st, const struct post *p)
{
    sqlite3_stmt *f = st->find_obs, *w;
    int64_t id = 0, author = 0, ts = p->ts, collected = p->from.collected;
    bool has_collected = p->from.has_collected, has_offset = p->has_offset, partial = p->partial;
    int offset = p->offset, rc, changes = 0;
    enum time_basis basis = p->basis;
    struct counts counts = p->counts;
    struct seen seen = {{0}, 0};
    const char *text = p->text, *lang = p->lang, *name = p->author, *type = p->type,
               *region = p->region, *url = p->url, *tags = p->tags->json, *reply = p->reply_to;
    size_t text_len = p->text_len;
    char *old[8] = {NULL};
    enum store_result result = STORE_WRITTEN;
    struct author_ref a = {p->author_key, p->author};
    bool record_wins = true; /* its author's name is the one to keep */

    if ((author = author_id(st, p->platform, &a, false)) < 0)
        return STORE_FAILED;
    /* Most sightings are of posts not cached yet: the insert is tried
     * first (it does nothing on a known post), then a known post is read,
     * merged and updated. */
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 1) {
            /* What the failed insert took as seen is not. */
            seen = (struct seen){{0}, 0};
            sqlite3_reset(f);
            sqlite3_bind_text(f, 1, p->platform, -1, SQLITE_STATIC);
            sqlite3_bind_text(f, 2, p->id, (int)p->id_len, SQLITE_STATIC);
            rc = sqlite3_step(f);
            if (rc != SQLITE_ROW) {
                sqlite3_reset(f);
                result = STORE_FAILED;
                goto done;
            }
            {
                /* Columns: 0 id, 1 ts_utc, 2 utc_offset, 3 time_basis, 4 partial,
                 * 5 text, 6 lang, 7-11 counts, 12 known, 13 at_least, 14 counts_at,
                 * 15 author_id, 16 author, 17 type, 18 region, 19 url, 20 tags,
                 * 21 collected_at, 22 reply_to, 23 the author is keyed, 24-28 when each
                 * count was seen. */
                struct counts have = {.known = (unsigned)sqlite3_column_int(f, 12),
                                      .at_least = (unsigned)sqlite3_column_int(f, 13),
                                      .observed = sqlite3_column_int64(f, 14),
                                      .has_observed = sqlite3_column_type(f, 14) != SQLITE_NULL};
                enum time_basis old_basis =
                    basis_from_name((const char *)sqlite3_column_text(f, 3));
                bool old_partial = sqlite3_column_int(f, 4) != 0;
                int64_t old_author = sqlite3_column_int64(f, 15);
                int same_file;
                bool newer;

                id = sqlite3_column_int64(f, 0);
                same_file = written_by_file(st, p->platform, p->id, p->id_len, id, st->file_base);
                if (same_file < 0) {
                    sqlite3_reset(f);
                    result = STORE_FAILED;
                    goto done;
                }
                newer = newer_sighting(have.has_observed, have.observed, counts.has_observed,
                                       counts.observed, same_file);
                for (int k = 0; k < COUNT_KINDS; k++) {
                    have.v[k] = sqlite3_column_int64(f, 7 + k);
                    seen.at[k] = sqlite3_column_int64(f, 24 + k);
                    if (sqlite3_column_type(f, 24 + k) != SQLITE_NULL)
                        seen.timed |= 1u << k;
                }
                merge_counts(&have, &seen, &counts, COUNT_KINDS, same_file);
                counts = have;
                if (!(column_dup(f, 5, &old[0]) && column_dup(f, 6, &old[1]) &&
                      column_dup(f, 16, &old[2]) && column_dup(f, 17, &old[3]) &&
                      column_dup(f, 18, &old[4]) && column_dup(f, 19, &old[5]) &&
                      column_dup(f, 20, &old[6]) && column_dup(f, 22, &old[7]))) {
                    result = STORE_FAILED;
                    goto done;
                }
                /* The full text over a title; between two of a kind, the newer. */
                if (old_partial < partial || (old_partial == partial && !newer)) {
                    text = old[0], text_len = strlen(old[0]), lang = old[1], partial = old_partial;
                }
                /* An exact time over a derived one. */
                keep_old_time(f, old_basis, newer, &ts, &has_offset, &offset, &basis);
                if (!merge_author(st, old_author, sqlite3_column_int(f, 23) != 0, old[2],
                                  p->author_key != NULL, newer, &author, &name,
                                  &record_wins)) {
                    result = STORE_FAILED;
                    goto done;
                }
                if (!type || (!newer && old[3]))
                    type = old[3];
                if (!region || (!newer && old[4]))
                    region = old[4];
                if (!url || (!newer && old[5]))
                    url = old[5];
                if (strcmp(tags, "[]") == 0 || (!newer && strcmp(old[6], "[]") != 0))
                    tags = old[6];
                if (!reply || (!newer && old[7]))
                    reply = old[7];
                keep_later(f, 21, &has_collected, &collected);
            }
            sqlite3_reset(f);
        }
        w = id ? st->update_obs : st->insert_obs;
        sqlite3_reset(w);
        sqlite3_bind_text(w, 1, p->platform, -1, SQLITE_STATIC);
        sqlite3_bind_text(w, 2, p->id, (int)p->id_len, SQLITE_STATIC);
        store_bind_opt(w, 3, name);
        store_bind_opt(w, 4, region);
        sqlite3_bind_text(w, 5, lang, -1, SQLITE_STATIC);
        sqlite3_bind_int64(w, 6, ts);
        store_bind_offset(w, 7, has_offset, offset);
        sqlite3_bind_text(w, 8, text, (int)text_len, SQLITE_STATIC);
        for (int k = 0; k < 4; k++)
            sqlite3_bind_int64(w, 9 + k, counts.v[k]);
        sqlite3_bind_text(w, 13, tags, -1, SQLITE_STATIC);
        store_bind_opt(w, 14, url);
        sqlite3_bind_int64(w, 15, counts.v[COUNT_VIEWS]);
        sqlite3_bind_int(w, 16, (int)counts.known);
        sqlite3_bind_int(w, 17, (int)counts.at_least);
        bind_opt_int(w, 18, author != 0, author);
        store_bind_opt(w, 19, type);
        sqlite3_bind_text(w, 20, store_time_basis_name(basis), -1, SQLITE_STATIC);
        bind_opt_int(w, 21, counts.has_observed, counts.observed);
        bind_opt_int(w, 22, has_collected, collected);
        sqlite3_bind_int(w, 23, partial);
        store_bind_opt(w, 24, reply);
        if (!id) /* a first sighting: each count it knows was seen now */
            for (int k = 0; k < COUNT_KINDS; k++)
                if ((counts.known & (1u << k)) && counts.has_observed) {
                    seen.at[k] = counts.observed;
                    seen.timed |= 1u << k;
                }
        for (int k = 0; k < COUNT_KINDS; k++)
            bind_opt_int(w, 28 + k, (seen.timed & (1u << k)) != 0, seen.at[k]);
        if (id) {
            sqlite3_bind_int64(w, 27, id);
        } else {
            store_bind_opt(w, 25, p->note);
            sqlite3_bind_int(w, 26, st->bundled);
        }
        if (!step_done(w)) {
            result = STORE_FAILED;
            goto done;
        }
        changes = sqlite3_changes(st->sql);
        if (id || changes)
            break;
    }
    if (!id) {
        id = sqlite3_last_insert_rowid(st->sql);
        result = STORE_NEW;
    }
    if (record_wins && author && author_id(st, p->platform, &a, true) < 0) {
        result = STORE_FAILED;
        goto done;
    }
    /* Its tags are replaced when they changed, or when the text that
     * gives a post without a tag list its tags did. */
    if (changes && (tags != old[6] || (strcmp(tags, "[]") == 0 && text != old[0]))) {
        static const struct tags none = {.n = 0};
        if (!retag(st, id, p->platform, tags == old[6] ? &none : p->tags, text, text_len,
                   old[6] != NULL)) {
            result = STORE_FAILED;
            goto done;
        }
    }
    if ((p->keyword && !link_keyword(st, id, p->keyword, &changes)) ||
        !link_media(st->ins_media, id, p->media, &changes, st->sql) ||
        (p->from.tool && p->from.file && !link_file(st, id, &p->from, &changes))) {
        result = STORE_FAILED;
        goto done;
    }
    if (result == STORE_WRITTEN && changes == 0)
        result = STORE_UNCHANGED;
done:
    for (size_t i = 0; i < sizeof old / sizeof old[0]; i++)
        free(old[i]);
    return result;
}

enum store_result store_comment(struct store *st, const struct comment *c)
{
    sqlite3_stmt *f = st->find_comment, *w;
    int64_t id = 0, author = 0, ts = c->ts, replies = c->replies, collected = c->from.collected;
    bool has_offset = c->has_offset, has_replies = c->has_replies,
         has_collected = c->from.has_collected;
    int offset = c->offset, changes = 0, rc;
    enum time_basis basis = c->basis;
    struct counts counts = c->counts;
    struct seen seen = {{0}, 0};
    const char *name = c->author, *region = c->region, *parent = c->parent_id,
               *text = c->text, *lang = c->lang, *tool = c->from.tool, *file = c->from.file,
               *post = c->post_id;
    size_t text_len = c->text_len;
    char *old[8] = {NULL};
    enum store_result result = STORE_WRITTEN;
    struct author_ref a = {c->author_key, c->author_key && c->author_name ? c->author_name
                                                                          : c->author};
    bool record_wins = true; /* its author's name is the one to keep */

    if ((author = author_id(st, c->platform, &a, false)) < 0)
        return STORE_FAILED;
    sqlite3_reset(f);
    sqlite3_bind_text(f, 1, c->platform, -1, SQLITE_STATIC);
    sqlite3_bind_text(f, 2, c->id, (int)c->id_len, SQLITE_STATIC);
    rc = sqlite3_step(f);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        sqlite3_reset(f);
        return STORE_FAILED;
    }
    if (rc == SQLITE_ROW) {
        /* Columns: 0 id, 1 ts_utc, 2 utc_offset, 3 time_basis, 4 text, 5 lang,
         * 6 likes, 7 likes_at_least, 8 counts_at, 9 author_id, 10 author,
         * 11 region, 12 parent_ext_id, 13 replies, 14 collected_at, 15 tool,
         * 16 file, 17 the author is keyed, 18 post_ext_id. */
        struct counts have = {.known = sqlite3_column_type(f, 6) != SQLITE_NULL,
                              .at_least = (unsigned)sqlite3_column_int(f, 7),
                              .observed = sqlite3_column_int64(f, 8),
                              .has_observed = sqlite3_column_type(f, 8) != SQLITE_NULL};
        enum time_basis old_basis = basis_from_name((const char *)sqlite3_column_text(f, 3));
        int64_t old_author = sqlite3_column_int64(f, 9);
        char kind[64];
        int same_file;
        bool newer;

        id = sqlite3_column_int64(f, 0);
        /* Comments' keys apart from posts' in temp.import_seen. */
        snprintf(kind, sizeof kind, "#comment %s", c->platform);
        same_file = written_by_file(st, kind, c->id, c->id_len, id, st->file_comment_base);
        if (same_file < 0) {
            sqlite3_reset(f);
            return STORE_FAILED;
        }
        newer = newer_sighting(have.has_observed, have.observed, counts.has_observed,
                               counts.observed, same_file);
        have.v[COUNT_LIKES] = sqlite3_column_int64(f, 6);
        seen.at[COUNT_LIKES] = have.observed;
        seen.timed = have.has_observed;
        merge_counts(&have, &seen, &counts, 1, same_file);
        counts = have;
        if (!(column_dup(f, 4, &old[0]) && column_dup(f, 5, &old[1]) &&
              column_dup(f, 10, &old[2]) && column_dup(f, 11, &old[3]) &&
              column_dup(f, 12, &old[4]) && column_dup(f, 15, &old[5]) &&
              column_dup(f, 16, &old[6]) && column_dup(f, 18, &old[7]))) {
            result = STORE_FAILED;
            goto done;
        }
        if (!newer) {
            text = old[0], text_len = strlen(old[0]), lang = old[1];
            tool = old[5], file = old[6];
        }
        keep_old_time(f, old_basis, newer, &ts, &has_offset, &offset, &basis);
        if (!merge_author(st, old_author, sqlite3_column_int(f, 17) != 0, old[2],
                          c->author_key != NULL, newer, &author, &name, &record_wins)) {
            sqlite3_reset(f);
            result = STORE_FAILED;
            goto done;
        }
        if (!region || (!newer && old[3]))
            region = old[3];
        if (!parent || (!newer && old[4]))
            parent = old[4];
        if (!newer && old[7])
            post = old[7];
        if (sqlite3_column_type(f, 13) != SQLITE_NULL && (!has_replies || !newer)) {
            replies = sqlite3_column_int64(f, 13);
            has_replies = true;
        }
        keep_later(f, 14, &has_collected, &collected);
    }
    sqlite3_reset(f);
    w = id ? st->update_comment : st->insert_comment;
    sqlite3_reset(w);
    sqlite3_bind_text(w, 1, c->platform, -1, SQLITE_STATIC);
    sqlite3_bind_text(w, 2, c->id, (int)c->id_len, SQLITE_STATIC);
    sqlite3_bind_text(w, 3, post, -1, SQLITE_STATIC);
    store_bind_opt(w, 4, parent);
    bind_opt_int(w, 5, author != 0, author);
    store_bind_opt(w, 6, name);
    store_bind_opt(w, 7, region);
    sqlite3_bind_text(w, 8, lang, -1, SQLITE_STATIC);
    sqlite3_bind_int64(w, 9, ts);
    store_bind_offset(w, 10, has_offset, offset);
    sqlite3_bind_text(w, 11, store_time_basis_name(basis), -1, SQLITE_STATIC);
    sqlite3_bind_text(w, 12, text, (int)text_len, SQLITE_STATIC);
    bind_opt_int(w, 13, counts.known & 1u, counts.v[COUNT_LIKES]);
    sqlite3_bind_int(w, 14, (counts.at_least & 1u) != 0);
    bind_opt_int(w, 15, has_replies, replies);
    bind_opt_int(w, 16, counts.has_observed, counts.observed);
    bind_opt_int(w, 17, has_collected, collected);
    store_bind_opt(w, 18, tool);
    store_bind_opt(w, 19, file);
    if (id)
        sqlite3_bind_int64(w, 20, id);
    if (!step_done(w)) {
        result = STORE_FAILED;
        goto done;
    }
    changes = sqlite3_changes(st->sql);
    if (!id) {
        id = sqlite3_last_insert_rowid(st->sql);
        result = STORE_NEW;
    }
    if (record_wins && author && author_id(st, c->platform, &a, true) < 0) {
        result = STORE_FAILED;
        goto done;
    }
    if (!link_media(st->ins_comment_media, id, c->media, &changes, st->sql)) {
        result = STORE_FAILED;
        goto done;
    }
    if (result == STORE_WRITTEN && changes == 0)
        result = STORE_UNCHANGED;
done:
    for (size_t i = 0; i < sizeof old / sizeof old[0]; i++)
        free(old[i]);
    return result;
}

/* A post of refuge's own records tried as a plain INSERT, the way most are
 * (a first import): no lookup first and nothing in temp.import_seen.
 * STORE_NEW with *id set, STORE_DUPLICATE when the cache has the key (the
 * caller looks it up), STORE_FAILED. */
static enum store_result insert_first(struct store *st, const struct post *p, int64_t *id)
{
    int rc;

    bind_post(st->insert_post, p, st->bundled, 0);
    rc = sqlite3_step(st->insert_post);
    sqlite3_reset(st->insert_post);
    if (rc == SQLITE_CONSTRAINT_UNIQUE)
        return STORE_DUPLICATE;
    if (rc != SQLITE_DONE)
        return STORE_FAILED;
    *id = sqlite3_last_insert_rowid(st->sql);
    return STORE_NEW;
}

enum store_result store_post(struct store *st, const struct post *p)
{
    enum store_result result = STORE_WRITTEN;
    int64_t id = 0, author = 0;
    int rc, changes = 0;

    if (p->observed)
        return store_observation(st, p);
    /* A record that links an author looks first: a repeat must not add
     * its author. */
    if (!p->link_author && (result = insert_first(st, p, &id)) != STORE_DUPLICATE) {
        if (result == STORE_FAILED)
            return result;
        goto tags;
    }
    result = STORE_WRITTEN;
    sqlite3_reset(st->find_post);
    sqlite3_bind_text(st->find_post, 1, p->platform, -1, SQLITE_STATIC);
    sqlite3_bind_text(st->find_post, 2, p->id, (int)p->id_len, SQLITE_STATIC);
    rc = sqlite3_step(st->find_post);
    if (rc == SQLITE_ROW)
        id = sqlite3_column_int64(st->find_post, 0);
    sqlite3_reset(st->find_post);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return STORE_FAILED;
    /* A repeat in one file is a duplicate: a post stored by this file has
     * an id above those before it; one cached before is noted as seen. */
    if (id > st->file_base)
        return STORE_DUPLICATE;
    if (id && (result = store_first_sighting(st, p->platform, p->id, p->id_len)) != STORE_NEW)
        return result;
    result = STORE_WRITTEN;
    if (p->link_author) {
        struct author_ref a = {p->author_key, p->author_key && p->author_name ? p->author_name
                                                                              : p->author};
        if ((author = author_id(st, p->platform, &a, true)) < 0)
            return STORE_FAILED;
    }
    if (rc == SQLITE_DONE) {
        bind_post(st->insert_post, p, st->bundled, author);
        if (!step_done(st->insert_post))
            return STORE_FAILED;
        id = sqlite3_last_insert_rowid(st->sql);
        result = STORE_NEW;
    } else {
        bind_post(st->update_post, p, st->bundled, author);
        sqlite3_bind_int64(st->update_post, 24, id);
        if (!step_done(st->update_post))
            return STORE_FAILED;
        if (sqlite3_changes(st->sql) == 0) /* identical to the cached row */
            result = STORE_UNCHANGED;
    }
tags:
    /* Its tags are replaced. */
    if (result != STORE_UNCHANGED &&
        !retag(st, id, p->platform, p->tags, p->text, p->text_len, result != STORE_NEW))
        return STORE_FAILED;
    /* Keywords, media and files add to what is cached. */
    for (size_t i = 0; i < p->nkeywords; i++)
        if (!link_keyword(st, id, p->keywords[i], &changes))
            return STORE_FAILED;
    if (!link_media(st->ins_media, id, p->media, &changes, st->sql))
        return STORE_FAILED;
    for (size_t i = 0; i < p->nfiles; i++)
        if (!link_file(st, id, &p->files[i], &changes))
            return STORE_FAILED;
    return result == STORE_UNCHANGED && changes ? STORE_WRITTEN : result;
}
