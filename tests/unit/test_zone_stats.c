/* The charts in a reader's zone against the posts themselves: model_stats()
 * reads the per-day table of quarter hours (db.h: DB_DAY_QUARTERS_OF) and
 * folds it into the days, weeks, hours and weekdays of a zone; every series
 * must equal a GROUP BY over the posts with the zone's offset written out
 * here (Asia/Shanghai +08:00; America/New_York, -05:00 until 9 March 2025
 * 07:00 UTC and -04:00 after; Asia/Kolkata +05:30; Asia/Kathmandu
 * +05:45), with filters and windows, after posts are deleted (the
 * deletions are counted apart until an import) and after a re-import moves
 * posts to other days and changes their likes. `refuge check`'s report
 * must agree with every state. */
#include "autoconfig.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cache_sql.h"
#include "db.h"
#include "import.h"
#include "model.h"
#include "tap.h"
#include "when.h"

#define NPOSTS 4000
#define NEW_YORK_DST 1741503600 /* 2025-03-09T07:00:00Z: 02:00 EST became 03:00 EDT */
#define JAN_1 1735689600        /* 2025-01-01T00:00:00Z */

static char tmpdir[] = "/tmp/refuge-test-zone-XXXXXX";

struct zone {
    const char *name;
    const char *offset_sql; /* the zone's offset at ts_utc, in seconds */
    struct when_zone zone;
};

static struct zone zones[] = {
    {"Asia/Shanghai", "28800", {0}},
    {"America/New_York",
     "(CASE WHEN ts_utc < " "1741503600" " THEN -18000 ELSE -14400 END)", {0}},
    {"Asia/Kolkata", "19800", {0}},
    {"Asia/Kathmandu", "20700", {0}},
    {"UTC", "0", {0}},
};
#define NZONES (sizeof zones / sizeof zones[0])

/* Posts from 1 January to the end of April 2025 (a series longer than any
 * buffer a chart starts with), three languages and two platforms, and
 * some a second either side of the days' and the clock change's edges. */
static char *make_posts(size_t *len, int round)
{
    static const int64_t edges[] = {
        NEW_YORK_DST - 1, NEW_YORK_DST, NEW_YORK_DST - 3600, NEW_YORK_DST + 3599,
        1741449600 - 28800 - 1, 1741449600 - 28800,  /* Beijing's midnight, 9 March */
        1741449600 - 19800 - 1, 1741449600 - 19800,  /* Kolkata's */
        1741449600 - 20700 - 1, 1741449600 - 20700,  /* Kathmandu's */
        1741449600 - 1, 1741449600,                  /* UTC's */
        1741464000 - 1, 1741464000,                  /* New York's, 04:00 UTC */
    };
    char *buf = NULL;
    FILE *out = open_memstream(&buf, len);
    uint64_t x = 88172645463325252ULL;

    for (int i = 0; i < NPOSTS; i++) {
        int64_t ts;
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        ts = i < (int)(sizeof edges / sizeof *edges) ? edges[i]
                                                     : JAN_1 + (int64_t)(x % (120 * 86400));
        /* The second round moves every fifth post by 13 hours and a
         * quarter, and changes its likes: other days, other hours. */
        if (round == 1 && i % 5 == 0)
            ts += 13 * 3600 + 900;
        fprintf(out,
                "{\"id\":\"z%d\",\"platform\":\"%s\",\"lang\":\"%s\",\"time\":%lld,"
                "\"likes\":%d,\"text\":\"post %d\"}\n",
                i, i % 2 ? "xiaohongshu" : "tiktok", i % 3 == 0 ? "zh" : i % 3 == 1 ? "en" : "ja",
                (long long)ts, (int)((x >> 20) % 1000) + (round == 1 && i % 5 == 0 ? 7 : 0), i);
    }
    /* New posts in the second round. */
    for (int i = 0; round == 1 && i < 300; i++)
        fprintf(out,
                "{\"id\":\"n%d\",\"platform\":\"tiktok\",\"lang\":\"zh\",\"time\":%lld,"
                "\"likes\":%d,\"text\":\"new %d\"}\n",
                i, (long long)(NEW_YORK_DST - 86400 + i * 577), i, i);
    fclose(out);
    return buf;
}

static int import_round(struct db *db, int round)
{
    size_t len;
    char *text = make_posts(&len, round);
    int rc = cache_import_text(db, "zone.jsonl", text, len);

    free(text);
    return rc;
}

/* The slot of a unit, as SQL over the posts with the zone's offset. */
static void slot_sql(char *buf, size_t size, const struct zone *z, enum model_unit by)
{
    char local[256], day[300];

    snprintf(local, sizeof local, "(ts_utc + %s)", z->offset_sql);
    snprintf(day, sizeof day, "(%s / 86400)", local);
    switch (by) {
    case MODEL_BY_DAY:
        snprintf(buf, size, "%s", day);
        break;
    case MODEL_BY_WEEK:
        snprintf(buf, size, "(%s - (%s + 3) %% 7)", day, day);
        break;
    case MODEL_BY_HOUR:
        snprintf(buf, size, "(%s %% 86400 / 3600)", local);
        break;
    case MODEL_BY_WEEKDAY:
        snprintf(buf, size, "((%s + 3) %% 7)", day);
        break;
    }
}

/* The series by GROUP BY, compared slot by slot with the model's (hours
 * and weekdays without posts are in the model's at zero). */
static bool same_series(struct db *db, const struct model_stats *st, const struct zone *z,
                        enum model_unit by, const char *where)
{
    char slot[800], sql[2000];
    sqlite3_stmt *q;
    size_t i = 0;
    bool same = true;
    int64_t posts = 0;

    slot_sql(slot, sizeof slot, z, by);
    snprintf(sql, sizeof sql,
             "SELECT %s, count(*), sum(lang = 'zh'), sum(lang = 'en'), sum(likes) FROM posts"
             " WHERE %s GROUP BY 1 ORDER BY 1",
             slot, where);
    if (sqlite3_prepare_v2(db_sql(db), sql, -1, &q, NULL) != SQLITE_OK) {
        tap_diag("%s: %s", sql, sqlite3_errmsg(db_sql(db)));
        return false;
    }
    while (same && sqlite3_step(q) == SQLITE_ROW) {
        int64_t key = sqlite3_column_int64(q, 0);
        /* Cycles list every slot; empty ones must be empty. */
        while (i < st->ndays && st->days[i].slot < key) {
            same = st->days[i].posts == 0 && (by == MODEL_BY_HOUR || by == MODEL_BY_WEEKDAY);
            i++;
        }
        if (!same || i == st->ndays || st->days[i].slot != key ||
            st->days[i].posts != sqlite3_column_int64(q, 1) ||
            st->days[i].posts_zh != sqlite3_column_int64(q, 2) ||
            st->days[i].posts_en != sqlite3_column_int64(q, 3) ||
            st->days[i].likes != sqlite3_column_int64(q, 4)) {
            tap_diag("%s by %s: slot %lld differs (model: %s %lld posts)", z->name,
                     model_unit_name(by), (long long)key,
                     i < st->ndays ? "slot" : "no", i < st->ndays ? (long long)st->days[i].posts : 0);
            same = false;
        }
        posts += sqlite3_column_int64(q, 1);
        i++;
    }
    sqlite3_finalize(q);
    for (; same && i < st->ndays; i++)
        same = st->days[i].posts == 0 && (by == MODEL_BY_HOUR || by == MODEL_BY_WEEKDAY);
    return same && st->posts == posts;
}

/* Every zone and unit, unfiltered and filtered, against the posts; each
 * from the summary, and equal to the same filter asked of the posts (a
 * window one second off whole quarter hours). */
static void check_all(struct db *db, struct model *m, const char *when)
{
    /* 1 to 3 March in Beijing's days (whole quarter hours, not UTC days). */
    const int64_t from = 1740758400 - 28800, to = 1741017600 - 28800;
    char where[200];
    bool same = true, summary = true, counted = true;

    for (size_t z = 0; z < NZONES; z++)
        for (int by = 0; by < MODEL_UNIT_COUNT; by++)
            for (int f = 0; f < 3; f++) {
                struct model_clock clock = {zones[z].zone, (enum model_unit)by};
                struct model_filter filter = {0}, posts;
                struct model_stats st, direct;
                struct rf_error err = {{0}};
                int64_t n;
                if (f == 1) {
                    filter.lang = "zh";
                    filter.platform = "tiktok";
                    snprintf(where, sizeof where, "lang = 'zh' AND platform = 'tiktok'");
                } else if (f == 2) {
                    filter.has_from = filter.has_to = true;
                    filter.from = from;
                    filter.to = to;
                    snprintf(where, sizeof where, "ts_utc >= %lld AND ts_utc < %lld",
                             (long long)from, (long long)to);
                } else {
                    snprintf(where, sizeof where, "1");
                }
                /* From 1970's second second: no summary answers. */
                posts = filter;
                posts.has_from = true;
                posts.from = 1;
                if (model_stats(m, &filter, 3, &clock, &st, &err) != 0) {
                    ok(0, "%s: stats: %s", when, err.msg);
                    return;
                }
                summary &= st.from_summary;
                same &= same_series(db, &st, &zones[z], (enum model_unit)by, where);
                if (f != 2 && model_stats(m, &posts, 3, &clock, &direct, &err) == 0) {
                    same &= !direct.from_summary && direct.ndays == st.ndays &&
                            direct.posts == st.posts &&
                            memcmp(direct.days, st.days, st.ndays * sizeof *st.days) == 0;
                    model_stats_free(&direct);
                }
                if (by == 0 && model_count(m, &filter, &n, &err) == 0)
                    counted &= n == st.posts;
                model_stats_free(&st);
            }
    ok(summary, "%s: every zone's series comes from the per-day table of quarter hours", when);
    ok(same, "%s: days, weeks, hours and weekdays of five zones equal a GROUP BY of the posts",
       when);
    ok(counted, "%s: a window of Beijing's days is counted as the chart sums it", when);
}

static void check_report(struct db *db, const char *when)
{
    struct db_report rep;
    struct rf_error err = {{0}};

    if (db_check(db, &rep, &err) != 0) {
        ok(0, "%s: check: %s", when, err.msg);
        return;
    }
    ok(rep.quarter_posts == rep.posts && rep.quarter_days_off == 0 && rep.posts > 0,
       "%s: check finds the quarter hours' totals right (%lld of %lld posts)", when,
       (long long)rep.quarter_posts, (long long)rep.posts);
}

int main(void)
{
    char path[256];
    struct db *db;
    struct model *m;
    struct rf_error err = {{0}};

    if (!mkdtemp(tmpdir))
        return 1;
    for (size_t z = 0; z < NZONES; z++)
        if (when_zone_open(zones[z].name, &zones[z].zone, &err) != 0) {
            tap_skip(err.msg);
            remove_tree(tmpdir);
            return tap_done();
        }
    snprintf(path, sizeof path, "%s/cache.db", tmpdir);
    if (db_open(path, &db, &err) != 0 || !(m = model_new(db, &err))) {
        ok(0, "a cache: %s", err.msg);
        return tap_done();
    }
    ok(import_round(db, 0) == 0, "%d posts are imported", NPOSTS);
    is_int(sql_int(db, "SELECT count(*) FROM day_quarters"),
           sql_int(db, "SELECT count(*) FROM daily"), "a row per UTC day, platform and language");
    check_all(db, m, "imported");
    check_report(db, "imported");

    ok(sqlite3_exec(db_sql(db),
                    "DELETE FROM posts WHERE id % 7 = 0;"
                    /* All of Beijing's 10 February: a day that leaves the chart. */
                    "DELETE FROM posts WHERE ts_utc >= 1739116800 AND ts_utc < 1739203200;",
                    NULL, NULL, NULL) == SQLITE_OK &&
           sql_int(db, "SELECT count(*) FROM quarters_gone") > 100,
       "posts are deleted, and counted apart per quarter hour");
    check_all(db, m, "after deletes");
    check_report(db, "after deletes");

    ok(import_round(db, 1) == 0, "a second import moves posts, changes likes, adds posts");
    is_int(sql_int(db, "SELECT count(*) FROM quarters_gone"), 0,
           "the import counted the deleted posts' days again");
    check_all(db, m, "after a re-import");
    check_report(db, "after a re-import");

    model_free(m);
    db_close(db);
    remove_tree(tmpdir);
    return tap_done();
}
