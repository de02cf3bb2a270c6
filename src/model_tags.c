/* model_tags.c — tags that travel together (contract in model.h). */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "model_internal.h"

void model_cotags_free(struct model_cotags *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->ntags; i++)
        free(c->tags[i].tag);
    free(c->tags);
    memset(c, 0, sizeof *c);
}

int model_cotags(struct model *m, const char *tag, size_t top, struct model_cotags *out,
                 struct rf_error *err)
{
    sqlite3_stmt *st;
    char *spellings = NULL;
    const unsigned char *json;
    int rc;

    memset(out, 0, sizeof *out);
    if (tag && tag[0] == '#')
        tag++;
    /* The tag's spellings in any ASCII case, once, as a #tag search finds
     * them; then its posts through the tag index, and each of those
     * posts' tags through the index by post. */
    if (!(st = model_stmt(m, "SELECT json_group_array(tag), coalesce(sum(posts), 0)"
                             " FROM tag_counts WHERE tag = :tag COLLATE NOCASE",
                          err)))
        return -1;
    model_bind_text(st, ":tag", tag ? tag : "");
    if (sqlite3_step(st) != SQLITE_ROW || !(json = sqlite3_column_text(st, 0)) ||
        !(spellings = strdup((const char *)json))) {
        sqlite3_reset(st);
        return model_step_error(m, err);
    }
    out->posts = sqlite3_column_int64(st, 1);
    sqlite3_reset(st);
    if (!(out->tags = calloc(top ? top : 1, sizeof *out->tags))) {
        free(spellings);
        rf_error_set(err, _("out of memory"));
        return -1;
    }
    if (!(st = model_stmt(m, "SELECT t2.tag, count(*) FROM post_tags t1"
                             " JOIN post_tags t2 ON t2.post_id = t1.post_id"
                             " WHERE t1.tag IN (SELECT value FROM json_each(:spellings))"
                             " AND t2.tag NOT IN (SELECT value FROM json_each(:spellings))"
                             " GROUP BY t2.tag ORDER BY 2 DESC, 1 LIMIT :n",
                          err))) {
        free(spellings);
        model_cotags_free(out);
        return -1;
    }
    model_bind_text(st, ":spellings", spellings);
    model_bind_int(st, ":n", (int64_t)top);
    free(spellings);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && out->ntags < top) {
        if (!(out->tags[out->ntags].tag = model_dup_col(st, 0)))
            break;
        out->tags[out->ntags].posts = sqlite3_column_int64(st, 1);
        out->ntags++;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        model_cotags_free(out);
        return model_failed(m, err) == MODEL_INTERRUPTED ? MODEL_INTERRUPTED
                                                         : model_step_error(m, err);
    }
    return 0;
}
