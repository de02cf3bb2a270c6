/* store_internal.h — what the files of the store (src/import/store*.c) share.
 *
 * Private to src/import/store*.c. store.c holds the statements, opening,
 * closing and the set-based finish; store_posts.c writes posts, comments,
 * their authors, media and files; store_events.c writes events, figures and
 * their sources. Everything not declared here stays static in its file.
 */
#ifndef REFUGE_IMPORT_STORE_INTERNAL_H
#define REFUGE_IMPORT_STORE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

#include "store.h"

/* Authors seen lately: most records of a file are by a few people (a
 * crawl of 100,000 notes by a few thousand). */
#define AUTHOR_CACHE 4096

struct author_slot {
    char *platform, *key, *name; /* NULL: empty */
    bool keyed;
    int64_t id;
};

/* Frees a slot's strings and empties it (store_posts.c). */
void store_slot_free(struct author_slot *s);

struct store {
    sqlite3 *sql;
    bool bundled;
    struct tags text_tags; /* a post's hashtags, when its file gave no tag list */
    struct author_slot authors[AUTHOR_CACHE];
    char *deferred; /* CREATE INDEX statements for store_finish() (sqlite3_malloc'd), or NULL */
    /* The largest post and comment ids when the current file began: a row
     * above them was stored by this file, so another record of it there is
     * a duplicate (a post of refuge's own records) or a repeat sighting. */
    int64_t file_base, file_comment_base;
    sqlite3_stmt *find_obs, *insert_obs, *update_obs, *ins_keyword, *ins_media, *ins_file,
        *newer_file,
        *find_author, *ins_author, *name_author, *find_comment, *insert_comment,
        *update_comment, *ins_comment_media;
    sqlite3_stmt *seen, *dropped, *insert_post, *update_post, *find_post, *max_post, *del_tags, *old_tags,
        *ins_tag,
        *upsert_event, *find_event, *del_event_sources, *ins_event_source, *upsert_figure,
        *find_figure, *del_figure_sources, *ins_figure_source, *ins_source, *find_source;
};

/* Records a key as seen in this file; STORE_DUPLICATE when it was. */
enum store_result store_first_sighting(struct store *st, const char *k1, const char *k2,
                                       size_t k2len);
/* Bind a value, or NULL when there is none (v NULL, or !has). */
void store_bind_opt(sqlite3_stmt *s, int i, const char *v);
void store_bind_offset(sqlite3_stmt *s, int i, bool has, int offset);

#endif
