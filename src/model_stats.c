/* model_stats.c — aggregates for the stats pane and `refuge stats`. */

#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "model.h"
#include "model_internal.h"
#include "model_sql.h"
#include "plan.h"
#include "vocab.h"

/* ---- aggregates ---------------------------------------------------------------------- */

void model_stats_free(struct model_stats *s)
{
    if (!s)
        return;
    free(s->days);
    for (size_t i = 0; i < s->ntags; i++)
        free(s->tags[i].tag);
    free(s->tags);
    for (size_t i = 0; i < s->ntop; i++)
        model_post_free(&s->top[i]);
    free(s->top);
    for (size_t i = 0; i < s->ncodes; i++)
        free(s->codes[i].code);
    free(s->codes);
    memset(s, 0, sizeof *s);
}

/* Sums of counts from the cache, which is untrusted: sum() fails the whole
 * query on a 64-bit overflow, total() does not, and the cast saturates. */
#define SUM(x) "CAST(total(" x ") AS INTEGER)"

static int64_t add_sat(int64_t a, int64_t b)
{
    if (b > 0 && a > INT64_MAX - b)
        return INT64_MAX;
    if (b < 0 && a < INT64_MIN - b)
        return INT64_MIN;
    return a + b;
}

const char *model_unit_name(enum model_unit unit)
{
    static const char *const names[MODEL_UNIT_COUNT] = {"day", "week", "hour", "weekday"};

    return (int)unit >= 0 && unit < MODEL_UNIT_COUNT ? names[unit] : "day";
}

int model_unit_of(const char *name)
{
    for (int u = 0; u < MODEL_UNIT_COUNT; u++)
        if (name && strcmp(name, model_unit_name((enum model_unit)u)) == 0)
            return u;
    return -1;
}

static int64_t floor_mod(int64_t a, int64_t n)
{
    return (a % n + n) % n;
}

/* The slot of the clock's series that the instant ts falls in. */
static int64_t clock_slot(const struct model_clock *c, int64_t ts)
{
    int64_t day = when_zone_day_number(c->zone, ts);

    switch (c->by) {
    case MODEL_BY_WEEK:
        return day - floor_mod(day + 3, 7); /* 1970-01-01 was a Thursday */
    case MODEL_BY_HOUR:
        return floor_mod(ts + when_zone_offset_at(c->zone, ts), 86400) / 3600;
    case MODEL_BY_WEEKDAY:
        return floor_mod(day + 3, 7); /* 0 Monday */
    case MODEL_BY_DAY:
        break;
    }
    return day;
}

/* Adds a row's counts (posts, zh, en, likes) to the series' slot: hours and
 * weekdays are all there from the start; days and weeks come in ascending
 * order but for a zone whose clocks went back over midnight, so a slot
 * seen before is looked for, and a new one put in its place. */
static int add_to_slot(struct model_stats *out, size_t *cap, int64_t slot, const int64_t *n,
                       struct rf_error *err)
{
    size_t lo = 0, hi = out->ndays;
    struct model_day *d;

    if (out->ndays > 0 && out->days[out->ndays - 1].slot < slot) {
        lo = out->ndays;
    } else {
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (out->days[mid].slot < slot)
                lo = mid + 1;
            else
                hi = mid;
        }
    }
    if (lo == out->ndays || out->days[lo].slot != slot) {
        if (out->ndays == *cap) {
            struct model_day *p = realloc(out->days, (*cap = *cap ? *cap * 2 : 64) * sizeof *p);
            if (!p) {
                rf_error_set(err, _("out of memory"));
                return -1;
            }
            out->days = p;
        }
        memmove(&out->days[lo + 1], &out->days[lo], (out->ndays - lo) * sizeof *out->days);
        out->days[lo] = (struct model_day){.slot = slot};
        out->ndays++;
    }
    d = &out->days[lo];
    d->posts = add_sat(d->posts, n[0]);
    d->posts_zh = add_sat(d->posts_zh, n[1]);
    d->posts_en = add_sat(d->posts_en, n[2]);
    d->likes = add_sat(d->likes, n[3]);
    return 0;
}

/* The series and the totals. Days of UTC come from the per-day table; any
 * other zone or unit from the per-quarter-hour table, each quarter hour
 * folded into its slot here; without a summary that answers, the posts are
 * counted per UTC day or quarter hour and folded the same way. */
static int stats_days(struct model *m, const struct plan *plan, const struct model_clock *clock,
                      struct model_stats *out, struct rf_error *err)
{
    bool utc_days = clock->by == MODEL_BY_DAY && when_zone_is_utc(clock->zone);
    int seconds = utc_days ? 86400 : 900;
    struct sqlbuf b = {.n = 0};
    sqlite3_stmt *st;
    size_t cap = 0;
    int rc;

    out->from_summary = utc_days ? plan->daily : plan->quarters;
    if (out->from_summary) {
        model_sql_add(&b, "SELECT %s, " SUM("posts") ", " SUM("CASE lang WHEN 'zh' THEN posts ELSE 0 END")
                ", " SUM("CASE lang WHEN 'en' THEN posts ELSE 0 END") ", " SUM("likes")
                " FROM %s", utc_days ? "day" : "q", utc_days ? "daily" : "quarters");
        if (utc_days)
            model_where_daily(&b, plan->filter);
        else
            model_where_quarters(&b, plan->filter);
    } else {
        model_sql_add(&b, "SELECT p.ts_utc / %d, count(*), sum(p.lang = 'zh'), sum(p.lang = 'en'), "
                SUM("p.likes") ", sum(p.provenance = 'quoted'), "
                SUM("CASE p.provenance WHEN 'quoted' THEN p.likes ELSE 0 END")
                ", sum(p.provenance = 'illustrative'), "
                SUM("CASE p.provenance WHEN 'illustrative' THEN p.likes ELSE 0 END") POST_FROM,
            seconds, m->user);
        model_where_filter(&b, plan, COND_ALL);
    }
    model_sql_add(&b, " GROUP BY 1 ORDER BY 1");
    if (!(st = model_stmt(m, b.s, err)))
        return -1;
    model_bind_plan(st, plan);
    if (clock->by == MODEL_BY_HOUR || clock->by == MODEL_BY_WEEKDAY) {
        cap = clock->by == MODEL_BY_HOUR ? 24 : 7;
        if (!(out->days = calloc(cap, sizeof *out->days))) {
            sqlite3_reset(st);
            rf_error_set(err, _("out of memory"));
            return -1;
        }
        for (out->ndays = 0; out->ndays < cap; out->ndays++)
            out->days[out->ndays].slot = (int64_t)out->ndays;
    }
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t key = sqlite3_column_int64(st, 0), n[4];
        /* A key beyond the calendar (a damaged cache) stays at its edge. */
        int64_t ts = key > INT64_MAX / seconds   ? INT64_MAX
                     : key < INT64_MIN / seconds ? INT64_MIN
                                                 : key * seconds;
        for (int i = 0; i < 4; i++)
            n[i] = sqlite3_column_int64(st, 1 + i);
        if (add_to_slot(out, &cap, utc_days ? key : clock_slot(clock, ts), n, err) != 0) {
            sqlite3_reset(st);
            return -1;
        }
        out->posts = add_sat(out->posts, n[0]);
        out->posts_zh = add_sat(out->posts_zh, n[1]);
        out->posts_en = add_sat(out->posts_en, n[2]);
        out->likes = add_sat(out->likes, n[3]);
        if (!out->from_summary)
            for (int i = 0; i < 2; i++) {
                struct model_total *t = &out->by_provenance[i == 0 ? VOCAB_PROVENANCE_QUOTED
                                                                   : VOCAB_PROVENANCE_ILLUSTRATIVE];
                t->posts = add_sat(t->posts, sqlite3_column_int64(st, 5 + 2 * i));
                t->likes = add_sat(t->likes, sqlite3_column_int64(st, 6 + 2 * i));
            }
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : model_step_error(m, err);
}

/* The totals by provenance. Without the per-day table they came with the
 * days; with it, the quoted and illustrative posts (a few hundred, bundled)
 * are read through their index, and the imported ones are the rest. */
static int stats_provenance(struct model *m, const struct plan *plan, struct model_stats *out,
                            struct rf_error *err)
{
    struct sqlbuf b = {.n = 0};
    struct model_total *imported = &out->by_provenance[VOCAB_PROVENANCE_IMPORTED];
    sqlite3_stmt *st;
    int rc = SQLITE_DONE;

    if (out->from_summary) {
        model_sql_add(&b, "SELECT p.provenance, count(*), " SUM("p.likes") POST_FROM, m->user);
        model_where_filter(&b, plan, COND_ALL);
        model_sql_add(&b, " AND p.provenance IN ('quoted', 'illustrative') GROUP BY 1");
        if (!(st = model_stmt(m, b.s, err)))
            return -1;
        model_bind_plan(st, plan);
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            const char *name = (const char *)sqlite3_column_text(st, 0);
            struct model_total *t = &out->by_provenance[vocab_provenance_of(name)];
            t->posts = sqlite3_column_int64(st, 1);
            t->likes = sqlite3_column_int64(st, 2);
        }
        sqlite3_reset(st);
    }
    imported->posts = out->posts;
    imported->likes = out->likes;
    for (int i = 0; i < VOCAB_PROVENANCE_COUNT; i++)
        if (i != VOCAB_PROVENANCE_IMPORTED) {
            imported->posts -= out->by_provenance[i].posts;
            imported->likes -= out->by_provenance[i].likes;
        }
    return rc == SQLITE_DONE ? 0 : model_step_error(m, err);
}

static int stats_tags(struct model *m, const struct plan *plan, size_t top,
                      struct model_stats *out, struct rf_error *err)
{
    struct sqlbuf b = {.n = 0};
    sqlite3_stmt *st;
    int rc;

    if (plan->empty) {
        model_sql_add(&b, "SELECT tag, posts FROM tag_counts ORDER BY posts DESC, tag LIMIT :n");
    } else if (plan->search_only && (plan->search == PLAN_PHRASE || plan->short_terms)) {
        /* The index gives the posts; their tags come from post_tags alone,
         * without reading each post (a third of the time at 640,000
         * matches). */
        model_sql_add(&b, "SELECT tag, count(*) FROM post_tags WHERE post_id IN (%s) GROUP BY tag"
                          " ORDER BY 2 DESC, 1 LIMIT :n",
                      model_search_ids(plan));
    } else {
        model_sql_add(&b, "SELECT t.tag, count(*) FROM post_tags t JOIN posts p ON p.id = t.post_id"
                          STATE_JOIN,
                      m->user);
        model_where_filter(&b, plan, COND_ALL);
        model_sql_add(&b, " GROUP BY t.tag ORDER BY 2 DESC, 1 LIMIT :n");
    }
    if (!(st = model_stmt(m, b.s, err)))
        return -1;
    model_bind_plan(st, plan);
    model_bind_int(st, ":n", (int64_t)top);
    if (!(out->tags = calloc(top ? top : 1, sizeof *out->tags))) {
        rf_error_set(err, _("out of memory"));
        return -1;
    }
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && out->ntags < top) {
        out->tags[out->ntags].tag = model_dup_col(st, 0);
        out->tags[out->ntags].posts = sqlite3_column_int64(st, 1);
        out->ntags++;
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : model_step_error(m, err);
}

/* Posts per code under the filter: the applications (a researcher's few
 * thousand) joined to their posts. */
static int stats_codes(struct model *m, const struct plan *plan, struct model_stats *out,
                       struct rf_error *err)
{
    struct sqlbuf b = {.n = 0};
    sqlite3_stmt *st;
    size_t cap = 0;
    int rc;

    if (!m->codes)
        return 0;
    model_sql_add(&b, "SELECT a.code, count(*) FROM %s.code_apps a JOIN posts p"
                      " ON p.platform = a.platform AND p.ext_id = a.ext_id"
                      STATE_JOIN,
                  m->user, m->user);
    model_where_filter(&b, plan, COND_TESTS);
    model_sql_add(&b, " AND a.kind = 'post' GROUP BY a.code ORDER BY 2 DESC, 1");
    if (!(st = model_stmt(m, b.s, err)))
        return -1;
    model_bind_plan(st, plan);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (out->ncodes == cap) {
            struct model_code_count *p = realloc(out->codes, (cap = cap ? cap * 2 : 16) * sizeof *p);
            if (!p) {
                sqlite3_reset(st);
                rf_error_set(err, _("out of memory"));
                return -1;
            }
            out->codes = p;
        }
        out->codes[out->ncodes].code = model_dup_col(st, 0);
        out->codes[out->ncodes].posts = sqlite3_column_int64(st, 1);
        out->ncodes++;
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : model_step_error(m, err);
}

/* The posts whose likes are unknown or a lower bound, through their own
 * small index (the provenance of quoted posts says so apart). */
static int stats_partial(struct model *m, const struct plan *plan, struct model_stats *out,
                         struct rf_error *err)
{
    struct sqlbuf b = {.n = 0};
    sqlite3_stmt *st;

    /* INDEXED BY: the planner would rather walk a language's posts. */
    model_sql_add(&b, "SELECT count(*) FROM posts p INDEXED BY posts_partial_likes"
                      STATE_JOIN,
                  m->user);
    model_where_filter(&b, plan, COND_ALL);
    model_sql_add(&b, " AND ((p.known & 1) = 0 OR (p.at_least & 1) != 0)");
    if (!(st = model_stmt(m, b.s, err)))
        return -1;
    model_bind_plan(st, plan);
    return model_scalar(m, st, &out->likes_partial, err);
}

/* ---- the stats of a search alone, from its set of posts --------------------------- */

/* The series and totals of the posts in `hits`: the covering index by
 * provenance gives each post's time and likes, the one by language its
 * time again; every entry is tested against the bits in C and added to its
 * slot. */
static int hits_days(struct model *m, const struct model_bits *hits,
                     const struct model_clock *clock, struct model_stats *out,
                     struct rf_error *err)
{
    bool utc_days = clock->by == MODEL_BY_DAY && when_zone_is_utc(clock->zone);
    size_t cap = 0;
    sqlite3_stmt *st;
    int rc;

    if (clock->by == MODEL_BY_HOUR || clock->by == MODEL_BY_WEEKDAY) {
        cap = clock->by == MODEL_BY_HOUR ? 24 : 7;
        if (!(out->days = calloc(cap, sizeof *out->days))) {
            rf_error_set(err, _("out of memory"));
            return -1;
        }
        for (out->ndays = 0; out->ndays < cap; out->ndays++)
            out->days[out->ndays].slot = (int64_t)out->ndays;
    }
    if (!(st = model_stmt(m, "SELECT id, ts_utc, likes, provenance FROM posts"
                             " INDEXED BY posts_by_provenance",
                          err)))
        return -1;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0), ts = sqlite3_column_int64(st, 1);
        int64_t n[4] = {1, 0, 0, sqlite3_column_int64(st, 2)};
        enum vocab_provenance prov;
        if (!model_bits_has(hits, id))
            continue;
        if (add_to_slot(out, &cap, utc_days ? ts / 86400 : clock_slot(clock, ts), n,
                        err) != 0) {
            sqlite3_reset(st);
            return -1;
        }
        out->posts = add_sat(out->posts, 1);
        out->likes = add_sat(out->likes, n[3]);
        prov = vocab_provenance_of((const char *)sqlite3_column_text(st, 3));
        if (prov == VOCAB_PROVENANCE_QUOTED || prov == VOCAB_PROVENANCE_ILLUSTRATIVE) {
            out->by_provenance[prov].posts = add_sat(out->by_provenance[prov].posts, 1);
            out->by_provenance[prov].likes = add_sat(out->by_provenance[prov].likes, n[3]);
        }
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return model_step_error(m, err);
    if (!(st = model_stmt(m, "SELECT id, ts_utc, lang = 'zh' FROM posts INDEXED BY posts_by_lang"
                             " WHERE lang IN ('zh', 'en')",
                          err)))
        return -1;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0), ts = sqlite3_column_int64(st, 1);
        bool zh = sqlite3_column_int(st, 2) != 0;
        int64_t n[4] = {0, zh, !zh, 0};
        if (!model_bits_has(hits, id))
            continue;
        if (add_to_slot(out, &cap, utc_days ? ts / 86400 : clock_slot(clock, ts), n,
                        err) != 0) {
            sqlite3_reset(st);
            return -1;
        }
        if (zh)
            out->posts_zh = add_sat(out->posts_zh, 1);
        else
            out->posts_en = add_sat(out->posts_en, 1);
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : model_step_error(m, err);
}

/* The top tags of the posts in `hits`: post_tags in its own order (tag,
 * post), each entry tested against the bits, each tag's count kept when it
 * makes the top. */
static int hits_tags(struct model *m, const struct model_bits *hits, size_t top,
                     struct model_stats *out, struct rf_error *err)
{
    sqlite3_stmt *st;
    char *tag = NULL;
    int64_t n = 0;
    int rc;

    if (!(out->tags = calloc(top ? top : 1, sizeof *out->tags))) {
        rf_error_set(err, _("out of memory"));
        return -1;
    }
    if (!(st = model_stmt(m, "SELECT tag, post_id FROM post_tags ORDER BY tag", err)))
        return -1;
    for (;;) {
        const char *t = NULL;
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW && !(t = (const char *)sqlite3_column_text(st, 0)))
            continue;
        if (tag && (rc != SQLITE_ROW || strcmp(t, tag) != 0)) {
            /* The tag's count is whole: into the top, most first, ties
             * by name (tags come in order of name, so a tie stays after). */
            size_t i = out->ntags;
            while (i > 0 && out->tags[i - 1].posts < n)
                i--;
            if (n > 0 && i < top) {
                if (out->ntags == top)
                    free(out->tags[--out->ntags].tag);
                memmove(&out->tags[i + 1], &out->tags[i], (out->ntags - i) * sizeof *out->tags);
                out->tags[i] = (struct model_tag_count){tag, n};
                out->ntags++;
                tag = NULL;
            }
            free(tag);
            tag = NULL;
        }
        if (rc != SQLITE_ROW)
            break;
        if (!tag) {
            if (!(tag = strdup(t))) {
                sqlite3_reset(st);
                rf_error_set(err, _("out of memory"));
                return -1;
            }
            n = 0;
        }
        n += model_bits_has(hits, sqlite3_column_int64(st, 1));
    }
    free(tag);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : model_step_error(m, err);
}

/* The posts among `hits` whose likes are unknown or a lower bound, through
 * their own small index. */
static int hits_partial(struct model *m, const struct model_bits *hits, struct model_stats *out,
                        struct rf_error *err)
{
    sqlite3_stmt *st = model_stmt(m, "SELECT id FROM posts INDEXED BY posts_partial_likes"
                                     " WHERE (known & 1) = 0 OR (at_least & 1) != 0",
                                  err);
    int rc;

    if (!st)
        return -1;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        out->likes_partial += model_bits_has(hits, sqlite3_column_int64(st, 0));
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : model_step_error(m, err);
}

/* A search alone: its posts as bits (model_search_bits()), then three reads
 * of covering indexes in their own order, each entry tested in C. Reading
 * the matching rows instead read most of the table (626 MB for the 713,382
 * posts matching 小红书 among a million, with their texts) and sorted them
 * for GROUP BY, the tags sorted again: 2.5 s on a quiet machine, ten times
 * that on a busy one, and up to 7 MiB of SQLite's memory. 0 done, 1 when
 * the plan is not a search alone, -1 on error. */
static int stats_of_hits(struct model *m, const struct plan *plan, const struct model_clock *clock,
                         size_t top, struct model_stats *out, struct rf_error *err)
{
    struct model_bits hits;
    int64_t n;
    bool at_least;
    int rc;

    if (!plan->search_only || !model_search_ids(plan))
        return 1;
    if (model_search_bits(m, plan, 0, &hits, &n, &at_least, err) != 0)
        return -1;
    rc = hits_days(m, &hits, clock, out, err) != 0 || stats_provenance(m, plan, out, err) != 0 ||
                 hits_partial(m, &hits, out, err) != 0 || hits_tags(m, &hits, top, out, err) != 0 ||
                 stats_codes(m, plan, out, err) != 0
             ? -1
             : 0;
    free(hits.bits);
    return rc;
}

int model_stats(struct model *m, const struct model_filter *filter, size_t top,
                const struct model_clock *clock, struct model_stats *out, struct rf_error *err)
{
    static const struct model_clock utc_days = {{WHEN_ZONE_UTC, 0, NULL}, MODEL_BY_DAY};
    struct model_post_page page;
    struct plan plan;
    int rc;

    memset(out, 0, sizeof *out);
    if (model_plan_open(m, &plan, filter, err) != 0)
        return -1;
    if ((rc = stats_of_hits(m, &plan, clock ? clock : &utc_days, top, out, err)) < 0 ||
        (rc == 1 && (stats_days(m, &plan, clock ? clock : &utc_days, out, err) != 0 ||
                     stats_provenance(m, &plan, out, err) != 0 ||
                     stats_partial(m, &plan, out, err) != 0 ||
                     stats_tags(m, &plan, top, out, err) != 0 ||
                     stats_codes(m, &plan, out, err) != 0)) ||
        model_list_posts(m, &plan, MODEL_SORT_LIKES, NULL, MODEL_FORWARD, top, &page, err) != 0) {
        plan_free(&plan);
        model_stats_free(out);
        return model_failed(m, err);
    }
    plan_free(&plan);
    out->top = page.rows;
    out->ntop = page.count;
    return 0;
}
