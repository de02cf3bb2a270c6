/* model_quarters.c — the posts per quarter hour under a filter, read from
 * the per-day table of quarter hours (db.h: DB_DAY_QUARTERS_OF; the values
 * packed as src/quarters.h says) less the posts deleted since the last
 * import. */

#include "autoconfig.h"

#include <string.h>

#include "model.h"
#include "model_internal.h"
#include "model_sql.h"
#include "plan.h"
#include "quarters.h"

/* The quarter hour k of a day, as a quarter-hour number (saturated). */
static int64_t quarter_of(int64_t day, int64_t k)
{
    int64_t q = day > INT64_MAX / 96 ? INT64_MAX : day < INT64_MIN / 96 ? INT64_MIN : day * 96;

    return model_add_sat(q, k);
}

/* The filter's window in quarter hours, [*from, *to) (whole quarter
 * hours, as SQL divides). */
static void window(const struct model_filter *f, int64_t *from, int64_t *to)
{
    *from = f->has_from ? f->from / 900 : INT64_MIN;
    *to = f->has_to ? f->to / 900 : INT64_MAX;
}

static enum model_quarters_lang lang_of(const unsigned char *lang)
{
    return !lang                           ? MODEL_QUARTERS_OTHER
           : strcmp((const char *)lang, "zh") == 0 ? MODEL_QUARTERS_ZH
           : strcmp((const char *)lang, "en") == 0 ? MODEL_QUARTERS_EN
                                                   : MODEL_QUARTERS_OTHER;
}

/* Adds a quarter hour to the run, handing the run on when it is full. */
static inline int push(struct model_quarters *run, int64_t q, int64_t posts, int64_t likes,
                int (*each)(void *, const struct model_quarters *, struct rf_error *),
                void *data, struct rf_error *err)
{
    if (run->n == MODEL_QUARTERS_MAX) {
        if (each(data, run, err) != 0)
            return -1;
        run->n = 0;
    }
    if (run->n == 0 || q < run->first)
        run->first = q;
    if (run->n == 0 || q > run->last)
        run->last = q;
    run->q[run->n] = q;
    run->posts[run->n] = posts;
    run->likes[run->n] = likes;
    run->n++;
    return 0;
}

static int64_t negated(int64_t v)
{
    return v == INT64_MIN ? INT64_MAX : -v;
}

int model_quarters_each(struct model *m, const struct plan *plan,
                        int (*each)(void *data, const struct model_quarters *run,
                                    struct rf_error *err),
                        void *data, struct rf_error *err)
{
    const struct model_filter *f = plan->filter;
    struct model_quarters run;
    struct sqlbuf b = {.n = 0};
    sqlite3_stmt *st;
    int64_t from, to;
    int rc;

    window(f, &from, &to);

    /* The days that hold the window's quarter hours: SQL divides toward
     * zero, as the days and quarter hours were made, so a day's number
     * never decreases with time and these bounds hold every one. */
    model_sql_add(&b, "SELECT day, lang, counts FROM day_quarters WHERE 1");
    if (f->has_from)
        model_sql_add(&b, " AND day >= :from / 86400");
    if (f->has_to)
        model_sql_add(&b, " AND day <= :to / 86400");
    if (f->lang)
        model_sql_add(&b, " AND lang = :lang");
    if (f->platform)
        model_sql_add(&b, " AND platform = :platform");
    model_sql_add(&b, " ORDER BY day");
    if (!(st = model_stmt(m, b.s, err)))
        return -1;
    model_bind_plan(st, plan);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t day = sqlite3_column_int64(st, 0), n, likes;
        enum model_quarters_lang lang = lang_of(sqlite3_column_text(st, 1));
        const unsigned char *p = sqlite3_column_blob(st, 2);
        const unsigned char *end = p + sqlite3_column_bytes(st, 2);
        int k;
        run.n = 0;
        run.lang = lang;
        int64_t base = quarter_of(day, 0);
        while (p && quarters_next(&p, end, &k, &n, &likes)) {
            int64_t q = model_add_sat(base, k);
            if (q >= from && q < to && push(&run, q, n, likes, each, data, err) != 0) {
                sqlite3_reset(st);
                return -1;
            }
        }
        if (run.n > 0 && each(data, &run, err) != 0) {
            sqlite3_reset(st);
            return -1;
        }
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return model_step_error(m, err);

    /* The posts deleted since: as many as an import of them would count
     * (a few after a new bundle), each quarter hour taken off. */
    b.n = 0;
    model_sql_add(&b, "SELECT q, lang, posts, likes FROM quarters_gone");
    model_where_quarters(&b, f);
    if (!(st = model_stmt(m, b.s, err)))
        return -1;
    model_bind_plan(st, plan);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        run.n = 0;
        run.lang = lang_of(sqlite3_column_text(st, 1));
        if (push(&run, sqlite3_column_int64(st, 0), negated(sqlite3_column_int64(st, 2)),
                 negated(sqlite3_column_int64(st, 3)), each, data, err) != 0 ||
            each(data, &run, err) != 0) {
            sqlite3_reset(st);
            return -1;
        }
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : model_step_error(m, err);
}
