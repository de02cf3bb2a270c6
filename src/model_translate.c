/* model_translate.c — what has no translation yet (contract in model_translate.h). */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "model.h"
#include "model_internal.h"
#include "model_sql.h"
#include "model_translate.h"
#include "plan.h"

#define UNTRANSLATED(alias) " AND (" alias ".translation IS NULL OR " alias ".translation = '')"

/* SELECT `columns` over the untranslated posts or comments of `filter`,
 * then `tail`, into b. */
static void untranslated_sql(struct model *m, struct sqlbuf *b, const struct plan *plan,
                             bool comments, const char *columns, const char *tail)
{
    if (!comments) {
        model_sql_add(b, "SELECT %s", columns);
        model_sql_add(b, POST_FROM, m->user);
        model_where_filter(b, plan, COND_ALL);
        model_sql_add(b, UNTRANSLATED("p") "%s", tail);
        return;
    }
    model_sql_add(b, "SELECT %s FROM comments p WHERE 1" UNTRANSLATED("p"), columns);
    if (!model_filter_is_empty(plan->filter)) {
        /* On a post the filter selects: its own p and s shadow the comment. */
        model_sql_add(b, " AND (p.platform, p.post_ext_id) IN (SELECT p.platform, p.ext_id");
        model_sql_add(b, POST_FROM, m->user);
        model_where_filter(b, plan, COND_ALL);
        model_sql_add(b, ")");
    }
    model_sql_add(b, "%s", tail);
}

int model_untranslated(struct model *m, const struct model_filter *filter, bool comments,
                       int64_t after, size_t limit, struct model_untranslated *rows, size_t *n,
                       struct rf_error *err)
{
    struct sqlbuf b = {.n = 0};
    struct plan plan;
    sqlite3_stmt *st;
    int rc = SQLITE_DONE;

    *n = 0;
    if (model_plan_open(m, &plan, filter, err) != 0)
        return -1;
    untranslated_sql(m, &b, &plan, comments, "p.id, p.platform, p.ext_id, p.lang, p.text",
                     " AND p.id > :after ORDER BY p.id LIMIT :limit");
    if (!(st = model_stmt(m, b.s, err))) {
        plan_free(&plan);
        return -1;
    }
    model_bind_plan(st, &plan);
    model_bind_int(st, ":after", after);
    model_bind_int(st, ":limit", (int64_t)limit);
    while (*n < limit && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct model_untranslated *r = &rows[*n];
        *r = (struct model_untranslated){.comment = comments, .id = sqlite3_column_int64(st, 0)};
        r->platform = model_dup_col(st, 1);
        r->ext_id = model_dup_col(st, 2);
        r->lang = model_dup_col(st, 3);
        r->text = model_dup_col(st, 4);
        ++*n;
        if (!r->platform || !r->ext_id || !r->lang || !r->text) {
            rc = SQLITE_NOMEM;
            break;
        }
    }
    sqlite3_reset(st);
    plan_free(&plan);
    if (rc == SQLITE_ROW || rc == SQLITE_DONE)
        return 0;
    model_untranslated_free(rows, *n);
    *n = 0;
    if (rc == SQLITE_NOMEM) {
        rf_error_set(err, _("out of memory"));
        return -1;
    }
    return model_step_error(m, err);
}

void model_untranslated_free(struct model_untranslated *rows, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(rows[i].platform);
        free(rows[i].ext_id);
        free(rows[i].lang);
        free(rows[i].text);
    }
}

int model_untranslated_count(struct model *m, const struct model_filter *filter, bool comments,
                             int64_t *count, int64_t *chars, struct rf_error *err)
{
    struct sqlbuf b = {.n = 0};
    struct plan plan;
    sqlite3_stmt *st;
    int rc;

    *count = *chars = 0;
    if (model_plan_open(m, &plan, filter, err) != 0)
        return -1;
    untranslated_sql(m, &b, &plan, comments, "count(*), coalesce(sum(length(p.text)), 0)", "");
    if (!(st = model_stmt(m, b.s, err))) {
        plan_free(&plan);
        return -1;
    }
    model_bind_plan(st, &plan);
    if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        *count = sqlite3_column_int64(st, 0);
        *chars = sqlite3_column_int64(st, 1);
    }
    sqlite3_reset(st);
    plan_free(&plan);
    return rc == SQLITE_ROW ? 0 : model_step_error(m, err);
}
