/* media.h — a record's media: image and video URLs, in order, without repeats.
 *
 * A mapper fills the sink's list (media_clear() first), the store links
 * each URL to its post or comment. A record has few media, so repeats are
 * found by a linear scan. media_free() releases the storage.
 */
#ifndef REFUGE_IMPORT_MEDIA_H
#define REFUGE_IMPORT_MEDIA_H

#include <stdbool.h>
#include <stddef.h>

enum media_kind { MEDIA_IMAGE, MEDIA_VIDEO };

struct media_item {
    char *url;
    enum media_kind kind;
};

struct media {
    struct media_item *items;
    size_t n, cap;
    bool failed; /* out of memory */
};

void media_clear(struct media *m);
void media_free(struct media *m);
/* Adds one URL of len bytes (ignored when empty after trimming spaces, or
 * already there). */
void media_add(struct media *m, const char *url, size_t len, enum media_kind kind);
/* Adds each URL of a comma-joined list ("a,b", as MediaCrawler writes). */
void media_split(struct media *m, const char *list, enum media_kind kind);
/* "image" or "video". */
const char *media_kind_name(enum media_kind kind);

#endif
