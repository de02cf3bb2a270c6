/* workbench.h — the researcher's own rows: the codebook, codes applied to
 * posts and comments with a memo, and merging codes from someone else.
 *
 * These are user state, like stars and read marks: they belong to the
 * person coding, not to the imported data, so they are keyed by platform
 * and the platform's id (they outlive re-imports and `drop --bundled`) and
 * all their SQL lives here, in one module, so it can move behind the
 * user-state seam with stars and read marks. Reading posts by code is the
 * model's (model_filter.code); this module reads and writes the codes.
 *
 * A code's name is one line of printable text (see wb_code_name_check()),
 * unique in the codebook. Applying a code that is not in the codebook
 * adds it with an empty description.
 *
 * Ownership: every struct a function fills owns its strings; release it
 * with the matching *_free(), which also accepts a zeroed struct.
 * Return values: 0 success, -1 error with err set.
 */
#ifndef REFUGE_WORKBENCH_H
#define REFUGE_WORKBENCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "model.h"

/* What a code is applied to. */
enum wb_kind { WB_POST, WB_COMMENT };

/* "post" or "comment". */
const char *wb_kind_name(enum wb_kind kind);

/* One post or comment, by its platform and the platform's id. */
struct wb_item {
    enum wb_kind kind;
    const char *platform;
    const char *ext_id;
};

/* Longest code name, in bytes. */
#define WB_CODE_MAX 64

/* Checks a code name: 1 to WB_CODE_MAX bytes of valid UTF-8, no control
 * characters, no leading or trailing space, none of [ ] = ; # , " (they
 * would clash with INI files and CSV lists). Returns true, or false with
 * err saying why. */
bool wb_code_name_check(const char *name, struct rf_error *err);

struct wb_code {
    char *name;
    char *description; /* "" when none */
    char *key;         /* a key that applies it in the explorer, or NULL */
    int64_t posts, comments; /* how many it is applied to */
};

struct wb_codebook {
    struct wb_code *codes; /* by name */
    size_t count;
};

/* The codebook, by name, with how many posts and comments each code is
 * applied to. */
int wb_codebook(struct model *m, struct wb_codebook *out, struct rf_error *err);
void wb_codebook_free(struct wb_codebook *book);

/* The code `typed` names: a code whose key it is (one character), else
 * the name itself, checked (a new name is allowed). The name goes to buf.
 * Returns 0, or -1 with err saying why. */
int wb_code_resolve(struct model *m, const char *typed, char *buf, size_t size,
                    struct rf_error *err);

/* Adds a code, or updates it: a NULL description or key keeps the one it
 * has ("" clears the key). A key must be one printable ASCII character
 * that no other code has. */
int wb_code_define(struct model *m, const char *name, const char *description,
                   const char *key, struct rf_error *err);

/* Removes a code and every application of it. Returns 0, MODEL_NOT_FOUND
 * (model.h) when there is no such code, or -1. */
int wb_code_delete(struct model *m, const char *name, struct rf_error *err);

/* Applies `code` to `item` with `memo` (NULL or "": none), replacing the
 * memo an earlier application had. */
int wb_apply(struct model *m, const struct wb_item *item, const char *code, const char *memo,
             struct rf_error *err);

/* Removes `code` from `item`. Returns 0, MODEL_NOT_FOUND when it was not
 * applied, or -1. */
int wb_unapply(struct model *m, const struct wb_item *item, const char *code,
               struct rf_error *err);

struct wb_application {
    char *code;
    char *memo; /* "" when none */
};

struct wb_applications {
    struct wb_application *items; /* by code name */
    size_t count;
};

/* The codes applied to `item`. */
int wb_item_codes(struct model *m, const struct wb_item *item, struct wb_applications *out,
                  struct rf_error *err);
void wb_applications_free(struct wb_applications *apps);

/* What merging one application from someone else's export did. */
enum wb_merge {
    WB_MERGE_NEW,      /* the item did not have the code: added with its memo */
    WB_MERGE_SAME,     /* it had the code with the same memo (or none came) */
    WB_MERGE_FILLED,   /* it had the code without a memo: the memo was added */
    WB_MERGE_CONFLICT, /* it had the code with another memo: both are kept */
};

/* Merges one application: nothing is lost. On a conflict the memo becomes
 * the one it had, a line "--- merged:" and the incoming one. */
int wb_merge(struct model *m, const struct wb_item *item, const char *code, const char *memo,
             enum wb_merge *out, struct rf_error *err);

/* The same on the cache itself, inside the importer's transaction (an
 * export's codes read back: src/import). */
struct db;
int wb_merge_into(struct db *db, const struct wb_item *item, const char *code, const char *memo,
                  enum wb_merge *out, struct rf_error *err);

/* What merging a code of someone else's codebook did (bits). */
enum {
    WB_CODE_NEW = 1,                 /* the codebook did not have it: added */
    WB_CODE_FILLED = 2,              /* it had no description: the incoming one added */
    WB_CODE_DESCRIPTION_MERGED = 4,  /* another description: the incoming one added below
                                      * the cache's after a line "--- merged:" */
    WB_CODE_KEY_KEPT = 8,            /* its key differs, or another code has it: the cache's kept */
};

/* Merges a code of an export's codebook into the cache's, inside the
 * importer's transaction: nothing is lost (descriptions merge as memos do),
 * nothing already there changes meaning (keys stay). *out gets the bits
 * above (0: nothing new). */
int wb_code_merge_into(struct db *db, const char *name, const char *description,
                       const char *key, unsigned *out, struct rf_error *err);

/* ---- marks: posts picked out in the feed, to act on together ---------------- */

/* Marks (on) or unmarks the post platform:ext_id. */
int wb_mark(struct model *m, const char *platform, const char *ext_id, bool on,
            struct rf_error *err);

/* Sets `marked` of each of the n posts (a page the model read): one
 * prepared lookup per post. */
struct model_post;
int wb_marked_flags(struct model *m, struct model_post *posts, size_t n, struct rf_error *err);

/* How many posts are marked (in the cache: marks outlive the session). */
int wb_marks_count(struct model *m, int64_t *out, struct rf_error *err);

/* Unmarks every post; *cleared (may be NULL) gets how many were. */
int wb_marks_clear(struct model *m, int64_t *cleared, struct rf_error *err);

/* Stars every marked post (set-based, one statement); *n gets how many. */
int wb_marks_star(struct model *m, int64_t *n, struct rf_error *err);

/* Applies `code` with `memo` to every marked post, in one transaction (an
 * application it had keeps its memo when `memo` is NULL or ""); *n gets
 * how many marked posts there are. */
int wb_marks_apply(struct model *m, const char *code, const char *memo, int64_t *n,
                   struct rf_error *err);

/* ---- saved views: a filter, search and sort under a name ----------------------- */

/* Longest view name, in bytes; names follow the rules of code names. */
#define WB_VIEW_MAX 64

struct wb_view {
    struct model_filter filter; /* its strings point into `strings` */
    enum model_sort sort;
    char *strings; /* owned: lang, platform, tag, provenance, code, search, author */
};

/* Saves `filter` and `sort` as the view `name`, replacing one of that name. */
int wb_view_save(struct model *m, const char *name, const struct model_filter *filter,
                 enum model_sort sort, struct rf_error *err);

/* Reads the view `name`. Returns 0, MODEL_NOT_FOUND, or -1. Release with
 * wb_view_free(). */
int wb_view_load(struct model *m, const char *name, struct wb_view *out, struct rf_error *err);
void wb_view_free(struct wb_view *v);

/* The saved views' names, by name, joined with ", " into buf (cut to fit);
 * *count gets how many there are. */
int wb_view_names(struct model *m, char *buf, size_t size, size_t *count, struct rf_error *err);

/* Removes a view. Returns 0, MODEL_NOT_FOUND, or -1. */
int wb_view_delete(struct model *m, const char *name, struct rf_error *err);

/* Posts per code and calendar day in zone (day: its day number times
 * 86400, so formatting it in UTC writes the date), by code then day, each
 * handed to `each`; a non-zero return stops the walk. */
int wb_code_days(struct model *m, struct when_zone zone,
                 int (*each)(void *data, const char *code, int64_t day, int64_t posts),
                 void *data, struct rf_error *err);

/* Reads a codebook from an INI file: one [section] per code, named by the
 * code, with optional `description = ...` and `key = C`. Every code is
 * added or updated in one transaction; a bad name, key or line is reported
 * as FILE:LINE and nothing is changed. `*count` gets the number of codes
 * read. */
int wb_codes_import_ini(struct model *m, const char *path, size_t *count, struct rf_error *err);

#endif
