/* model_translate.h — the posts and comments that have no translation yet,
 * for `refuge translate`: read a page at a time by internal id, so a
 * million of them cost the memory of a page, and a run that stopped
 * (Ctrl-C) starts again where the untranslated ones are.
 *
 * Which ones: the posts a filter selects (model.h) whose translation is
 * missing or empty; and the comments on those posts that have none (every
 * untranslated comment when the filter is empty, its post in the cache or
 * not).
 *
 * Ownership: rows own their strings; model_untranslated_free().
 * Returns: 0, or -1 with err set.
 */
#ifndef REFUGE_MODEL_TRANSLATE_H
#define REFUGE_MODEL_TRANSLATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "model.h"

struct model_untranslated {
    bool comment;
    int64_t id; /* internal row id: where the next page starts */
    char *platform, *ext_id, *lang, *text;
};

/* Up to `limit` posts (comments false) or comments without a translation,
 * by internal id above `after` (0: from the first), into rows; *n gets how
 * many. */
int model_untranslated(struct model *m, const struct model_filter *filter, bool comments,
                       int64_t after, size_t limit, struct model_untranslated *rows, size_t *n,
                       struct rf_error *err);
void model_untranslated_free(struct model_untranslated *rows, size_t n);

/* How many posts (comments false) or comments have no translation, and
 * their characters (code points) together. */
int model_untranslated_count(struct model *m, const struct model_filter *filter, bool comments,
                             int64_t *count, int64_t *chars, struct rf_error *err);

#endif
