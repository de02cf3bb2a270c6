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

/* A series being summed: the stats it fills, the clock's unit and a walk
 * through its zone (instants come mostly in ascending order). */
struct series {
    struct model_stats *out;
    size_t cap;
    size_t last; /* the slot added to last */
    enum model_unit by;
    struct when_walk walk;
};

/* Starts a series: hours and weekdays are all there from the start (empty
 * ones too), days and weeks come as they have posts. */
static int series_start(struct series *s, struct model_stats *out,
                        const struct model_clock *clock, struct rf_error *err)
{
    *s = (struct series){.out = out, .by = clock->by};
    when_walk_start(&s->walk, clock->zone);
    if (clock->by != MODEL_BY_HOUR && clock->by != MODEL_BY_WEEKDAY)
        return 0;
    s->cap = clock->by == MODEL_BY_HOUR ? 24 : 7;
    if (!(out->days = calloc(s->cap, sizeof *out->days))) {
        rf_error_set(err, _("out of memory"));
        return -1;
    }
    for (out->ndays = 0; out->ndays < s->cap; out->ndays++)
        out->days[out->ndays].slot = (int64_t)out->ndays;
    return 0;
}

/* The slot of the series that the instant ts falls in. */
static int64_t series_slot(struct series *s, int64_t ts)
{
    int second;
    int64_t day = when_walk_day(&s->walk, ts, &second);

    switch (s->by) {
    case MODEL_BY_WEEK:
        return when_week_start(day);
    case MODEL_BY_HOUR:
        return second / 3600;
    case MODEL_BY_WEEKDAY:
        return when_weekday(day);
    case MODEL_BY_DAY:
        break;
    }
    return day;
}

/* Adds counts (posts, zh, en, likes) to a slot of the series. Hours and
 * weekdays sit at their own index; days and weeks come in ascending order
 * but for a zone whose clocks went back over midnight (and posts deleted
 * since the last import, which come last), so a slot seen before is
 * looked for, and a new one put in its place. */
static int series_add(struct series *s, int64_t slot, const int64_t *n, struct rf_error *err)
{
    struct model_stats *out = s->out;
    size_t lo = 0, hi = out->ndays;
    struct model_day *d;

    if (s->last < out->ndays && out->days[s->last].slot == slot) {
        lo = s->last;
    } else if (slot >= 0 && (uint64_t)slot < out->ndays && out->days[slot].slot == slot) {
        lo = (size_t)slot;
    } else if (out->ndays > 0 && out->days[out->ndays - 1].slot <= slot) {
        lo = out->days[out->ndays - 1].slot == slot ? out->ndays - 1 : out->ndays;
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
        if (out->ndays == s->cap) {
            struct model_day *p =
                realloc(out->days, (s->cap = s->cap ? s->cap * 2 : 64) * sizeof *p);
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
    d = &out->days[s->last = lo];
    d->posts = model_add_sat(d->posts, n[0]);
    d->posts_zh = model_add_sat(d->posts_zh, n[1]);
    d->posts_en = model_add_sat(d->posts_en, n[2]);
    d->likes = model_add_sat(d->likes, n[3]);
    return 0;
}

/* The totals are the series' sums. Days and weeks left without posts (by
 * posts deleted since the last import) are then dropped, as no post puts
 * them in the series. */
static void series_finish(struct series *s)
{
    struct model_stats *out = s->out;
    size_t kept = 0;

    for (size_t i = 0; i < out->ndays; i++) {
        const struct model_day *d = &out->days[i];
        out->posts = model_add_sat(out->posts, d->posts);
        out->posts_zh = model_add_sat(out->posts_zh, d->posts_zh);
        out->posts_en = model_add_sat(out->posts_en, d->posts_en);
        out->likes = model_add_sat(out->likes, d->likes);
        if (d->posts != 0 || s->by == MODEL_BY_HOUR || s->by == MODEL_BY_WEEKDAY)
            out->days[kept++] = *d;
    }
    out->ndays = kept;
}

/* The first second of a count of `seconds` from 1970 (a day, a quarter
 * hour); a count beyond the calendar (a damaged cache) stays at its edge. */
static int64_t first_second(int64_t key, int seconds)
{
    return key > INT64_MAX / seconds ? INT64_MAX : key < INT64_MIN / seconds ? INT64_MIN
                                                                          : key * seconds;
}

/* Quarter hours of the per-day table into their slots. Within a span of
 * one offset (a day's quarter hours but on a day the clocks change) they
 * are summed by where they fall from the first one's second of its day:
 * at most two days, or the hours, get a sum each, which is then added
 * once. Elsewhere each is placed on its own. */
static int add_quarters(void *data, const struct model_quarters *run, struct rf_error *err)
{
    struct series *s = data;
    int64_t first = first_second(run->first, 900), last = first_second(run->last, 900);
    int64_t sums[24][4] = {{0}}, day;
    bool used[24] = {false};
    int second, bins = s->by == MODEL_BY_HOUR ? 24 : 2;

    day = when_walk_day(&s->walk, first, &second);
    if (run->last - run->first >= MODEL_QUARTERS_MAX || last >= s->walk.until ||
        first < INT64_MIN + 2 * WHEN_DAY || last > INT64_MAX - 2 * WHEN_DAY) {
        for (size_t i = 0; i < run->n; i++) {
            int64_t n[4] = {run->posts[i], run->lang == MODEL_QUARTERS_ZH ? run->posts[i] : 0,
                            run->lang == MODEL_QUARTERS_EN ? run->posts[i] : 0, run->likes[i]};
            if (series_add(s, series_slot(s, first_second(run->q[i], 900)), n, err) != 0)
                return -1;
        }
        return 0;
    }
    for (size_t i = 0; i < run->n; i++) {
        /* Seconds from the start of the first one's day: under two days. */
        int64_t at = (run->q[i] - run->first) * 900 + second;
        int bin = s->by == MODEL_BY_HOUR ? (int)(at % WHEN_DAY / 3600) : (int)(at / WHEN_DAY);
        sums[bin][0] = model_add_sat(sums[bin][0], run->posts[i]);
        sums[bin][3] = model_add_sat(sums[bin][3], run->likes[i]);
        used[bin] = true;
    }
    for (int bin = 0; bin < bins; bin++) {
        int64_t slot;
        if (!used[bin])
            continue;
        sums[bin][1] = run->lang == MODEL_QUARTERS_ZH ? sums[bin][0] : 0;
        sums[bin][2] = run->lang == MODEL_QUARTERS_EN ? sums[bin][0] : 0;
        slot = s->by == MODEL_BY_HOUR      ? bin
               : s->by == MODEL_BY_WEEK    ? when_week_start(day + bin)
               : s->by == MODEL_BY_WEEKDAY ? when_weekday(day + bin)
                                           : day + bin;
        if (series_add(s, slot, sums[bin], err) != 0)
            return -1;
    }
    return 0;
}

/* The series and the totals. Days of UTC over whole UTC days come from
 * the per-day table; any other zone, unit or window of whole quarter hours
 * from the per-day table of quarter hours, folded into slots here; without
 * a summary that answers, the posts are counted per UTC day or quarter
 * hour and folded the same way. */
static int stats_days(struct model *m, const struct plan *plan, const struct model_clock *clock,
                      struct model_stats *out, struct rf_error *err)
{
    bool utc_days = clock->by == MODEL_BY_DAY && when_zone_is_utc(clock->zone);
    int seconds = utc_days ? 86400 : 900;
    struct sqlbuf b = {.n = 0};
    struct series series;
    sqlite3_stmt *st;
    int rc;

    if (series_start(&series, out, clock, err) != 0)
        return -1;
    out->from_summary = (utc_days && plan->daily) || plan->quarters;
    if (out->from_summary && !(utc_days && plan->daily)) {
        if (model_quarters_each(m, plan, add_quarters, &series, err) != 0)
            return -1;
        series_finish(&series);
        return 0;
    }
    if (out->from_summary) {
        model_sql_add(&b, "SELECT day, " SUM("posts") ", " SUM("CASE lang WHEN 'zh' THEN posts ELSE 0 END")
                ", " SUM("CASE lang WHEN 'en' THEN posts ELSE 0 END") ", " SUM("likes")
                " FROM daily");
        model_where_daily(&b, plan->filter);
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
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t key = sqlite3_column_int64(st, 0), n[4];
        for (int i = 0; i < 4; i++)
            n[i] = sqlite3_column_int64(st, 1 + i);
        if (series_add(&series, utc_days ? key : series_slot(&series, first_second(key, seconds)),
                       n, err) != 0) {
            sqlite3_reset(st);
            return -1;
        }
        if (!out->from_summary)
            for (int i = 0; i < 2; i++) {
                struct model_total *t = &out->by_provenance[i == 0 ? VOCAB_PROVENANCE_QUOTED
                                                                   : VOCAB_PROVENANCE_ILLUSTRATIVE];
                t->posts = model_add_sat(t->posts, sqlite3_column_int64(st, 5 + 2 * i));
                t->likes = model_add_sat(t->likes, sqlite3_column_int64(st, 6 + 2 * i));
            }
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return model_step_error(m, err);
    series_finish(&series);
    return 0;
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
    struct series series;
    sqlite3_stmt *st;
    int rc;

    if (series_start(&series, out, clock, err) != 0)
        return -1;
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
        if (series_add(&series, utc_days ? ts / 86400 : series_slot(&series, ts), n, err) != 0) {
            sqlite3_reset(st);
            return -1;
        }
        prov = vocab_provenance_of((const char *)sqlite3_column_text(st, 3));
        if (prov == VOCAB_PROVENANCE_QUOTED || prov == VOCAB_PROVENANCE_ILLUSTRATIVE) {
            out->by_provenance[prov].posts = model_add_sat(out->by_provenance[prov].posts, 1);
            out->by_provenance[prov].likes = model_add_sat(out->by_provenance[prov].likes, n[3]);
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
        if (series_add(&series, utc_days ? ts / 86400 : series_slot(&series, ts), n, err) != 0) {
            sqlite3_reset(st);
            return -1;
        }
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return model_step_error(m, err);
    series_finish(&series);
    return 0;
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
