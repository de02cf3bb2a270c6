/* mapper.h — mappers: a record of one kind or source format to rows.
 *
 * A mapper reads sink->rec with the getters of fields.h, checks every value
 * and hands a validated post, event or figure to sink_post(), sink_event()
 * or sink_figure(); on the first value it refuses it reports a bad record
 * and returns. It writes nothing itself and knows no SQL.
 *
 * The detection table in import.c lists the mappers in the order of
 * tests/data/collections/DETECTION.md; the first whose detect() names the
 * first record of a file (the CSV header) maps every record of that file.
 * A mapper without map() only recognises files to refuse them, saying what
 * they are. A new source format is a new mapper file and a line there:
 *
 *   map_NAME.c   detect() names the format ("4cat:tiktok") from the first
 *                record's fields; map() turns each record into a struct post
 *                or struct comment (store.h) with `observed` set, its counts
 *                through get_count(), times through get_epoch(), get_time()
 *                or sink_local_time(), then sink_post() / sink_comment();
 *                skip on purpose with sink_skip(). `raw` mappers read paths
 *                of the line's JSON (sink_paths) instead of its fields.
 *   import.c     its line in mappers[], before map_refuse_known (and its
 *                format names in import_source_known());
 *   tests        its fixtures' rows in tests/data/collections/expected.tsv,
 *                which test_collections.c checks, and a fuzz seed.
 */
#ifndef REFUGE_IMPORT_MAPPER_H
#define REFUGE_IMPORT_MAPPER_H

#include <stdbool.h>

#include "sink.h"

struct mapper {
    const char *name;           /* what its records are, for messages */
    /* The format name of a file whose first record (names and, for JSON,
     * values) is this mapper's ("mediacrawler:xhs-notes:user_id"), or NULL.
     * For a file it refuses, it writes why into why[0..size) ("a Mastodon
     * archive (...); refuge reads ...") and still returns a name. */
    const char *(*detect)(struct import_sink *sink, const struct record *r, char *why,
                          size_t size);
    /* The columns a CSV header with these names may have (NULL-terminated),
     * others being refused; NULL (or no function): any, the others are
     * ignored. */
    const char *const *(*columns)(const struct record *header);
    void (*map)(struct import_sink *sink); /* maps sink->rec, as above; NULL: refuses */
    /* After the first record, JSON records come as their text alone
     * (sink->text, checked as UTF-8 without NUL; sink->rec empty): the
     * mapper reads paths from it, and no reader splits it into fields. */
    bool raw;
};

/* Translations of cached posts and comments from any other tool: only
 * under `import --translations`, never detected (map_translations.c). */
extern const struct mapper map_translations;
/* refuge's own posts, events and figures (map_refuge.c; refuge(1)
 * documents their fields); a file may mix them. */
extern const struct mapper map_refuge;
/* MediaCrawler: Xiaohongshu notes and comments, Douyin and Weibo contents
 * (map_mediacrawler.c). */
extern const struct mapper map_mediacrawler;
/* Zeeschuimer NDJSON envelopes: RedNote notes and comments, TikTok and
 * Douyin items (map_zeeschuimer.c). */
extern const struct mapper map_zeeschuimer;
/* TikTok items as TikTok-Api writes them, the shape of Zeeschuimer's
 * tiktok.com data (map_zeeschuimer.c). */
extern const struct mapper map_tiktok_item;
/* An X archive's tweets.js, and the account.js beside it that names its
 * owner (map_x_archive.c). */
extern const struct mapper map_x_tweets, map_x_account;
/* twarc2 pages of X's API v2 and its flattened tweets (map_twarc.c). */
extern const struct mapper map_twarc_page, map_twarc_flat;
/* 4CAT CSV exports of RedNote notes and comments, TikTok and Douyin
 * (map_fourcat.c). */
extern const struct mapper map_fourcat;
/* TikTok Research API video query pages (map_tiktok_research.c). */
extern const struct mapper map_tiktok_research;
/* Spider_XHS info.json, one Xiaohongshu note (map_spider_xhs.c). */
extern const struct mapper map_spider_xhs;
/* Bluesky PostViews, one per line (map_bluesky.c). */
extern const struct mapper map_bluesky;
/* Files refuge recognises only to refuse them (map_refuse.c): known ones
 * (before refuge's own records, which they might pass for), and the last
 * word on anything else. */
extern const struct mapper map_refuse_known, map_refuse;

/* Shared by mappers (mapper.c). */
/* ip_location as Xiaohongshu, Douyin and Weibo show it (a province or a
 * country in Chinese, maybe after "IP属地：" or "发布于 ") to an ISO code;
 * unknown places ("未知", "") give NULL. */
const char *mapper_region(const char *place);
/* The creation time of a Xiaohongshu id (24 hex digits, the first 8 Unix
 * seconds); false when s is not such an id. */
bool mapper_xhs_id_time(const char *s, size_t len, int64_t *ts);
/* Xiaohongshu's text from a title and a description: "title\n\ndesc",
 * or desc alone when it starts with the title (MediaCrawler makes the title
 * of an untitled note from desc), or whichever is not empty. The text goes
 * to *out (malloc'd when both are joined: *owned says so). False, after
 * reporting it to the sink, when both are empty (the record is bad:
 * `missing` says what it lacks) or memory ran out (fatal). */
bool mapper_xhs_text(struct import_sink *sink, const char *missing, const char *title,
                     size_t tlen, const char *desc, size_t dlen, const char **out, size_t *len,
                     char **owned);

#endif
