/* author_totals.c — the per-author summary table (contract in author_totals.h). */
#include "autoconfig.h"

#include <stdio.h>

#include "../i18n.h"
#include "author_totals.h"

/* The identities to count again, for this connection only. */
#define TOUCHED_TABLE                                                                      \
    "CREATE TEMP TABLE IF NOT EXISTS author_touched(platform TEXT NOT NULL,"               \
    " keyed INTEGER NOT NULL, key TEXT NOT NULL, PRIMARY KEY(platform, keyed, key))"        \
    " WITHOUT ROWID;"

/* A post's identity: its author row's, else its name on its platform. */
#define POST_IDENTITY                                                                      \
    "SELECT p.platform, coalesce(a.keyed, 0), coalesce(a.key, p.author) FROM posts p"      \
    " LEFT JOIN authors a ON a.id = p.author_id"

static int run(sqlite3 *sql, const char *text, struct rf_error *err)
{
    char *msg = NULL;

    if (sqlite3_exec(sql, text, NULL, NULL, &msg) != SQLITE_OK) {
        rf_error_set(err, _("cache: counting authors: %s"), msg ? msg : sqlite3_errmsg(sql));
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

/* The rows of author_totals from `parts`: rows of (platform, keyed, key,
 * name, posts, comments, likes, floor, first, last, region, invented),
 * more than one per identity when it has an author row and posts under
 * its bare name, or posts and comments. */
#define TOTALS_OF(parts)                                                                   \
    "INSERT INTO author_totals SELECT platform, keyed, key, max(name), sum(posts),"       \
    " sum(comments), sum(likes), max(floor), min(first), max(last), max(region),"          \
    " max(invented) FROM (" parts ") GROUP BY platform, keyed, key;"

/* What a group of posts p adds, and a group of comments c. */
#define POST_SUMS                                                                          \
    " count(*) AS posts, 0 AS comments, sum(p.likes) AS likes,"                            \
    " max((p.at_least & 1) != 0 OR (p.known & 1) = 0 OR p.provenance = 'quoted') AS floor," \
    " min(p.ts_utc) AS first, max(p.ts_utc) AS last, max(p.region) AS region,"             \
    " max(p.provenance = 'illustrative') AS invented"
#define COMMENT_SUMS " 0, count(*), 0, 0, min(c.ts_utc), max(c.ts_utc), max(c.region), 0"

int author_totals_recount(sqlite3 *sql, struct rf_error *err)
{
    /* As model_authors() sums them unfiltered: the posts of each touched
     * identity's author row and, for a name, those of its platform with
     * that name and no author row; the comments of its author row. Each
     * part goes through an index (posts_by_author, posts_by_author_name,
     * comments_by_author). */
    static const char text[] =
        TOUCHED_TABLE
        "DELETE FROM author_totals WHERE (platform, keyed, key) IN"
        " (SELECT platform, keyed, key FROM temp.author_touched);"
        TOTALS_OF(
        "SELECT a.platform AS platform, a.keyed AS keyed, a.key AS key, a.name AS name,"
        POST_SUMS
        " FROM temp.author_touched t JOIN authors a ON a.platform = t.platform"
        " AND a.keyed = t.keyed AND a.key = t.key JOIN posts p ON p.author_id = a.id"
        " GROUP BY a.id"
        " UNION ALL SELECT p.platform, 0, p.author, p.author," POST_SUMS
        " FROM temp.author_touched t JOIN posts p ON p.author = t.key COLLATE NOCASE"
        " AND p.author = t.key AND p.platform = t.platform"
        " WHERE t.keyed = 0 AND p.author_id IS NULL GROUP BY p.platform, p.author"
        " UNION ALL SELECT a.platform, a.keyed, a.key, a.name," COMMENT_SUMS
        " FROM temp.author_touched t JOIN authors a ON a.platform = t.platform"
        " AND a.keyed = t.keyed AND a.key = t.key JOIN comments c ON c.author_id = a.id"
        " GROUP BY a.id")
        "DELETE FROM temp.author_touched;";

    return run(sql, text, err);
}

int author_totals_touch_posts(sqlite3 *sql, const char *where, struct rf_error *err)
{
    char *text = sqlite3_mprintf(TOUCHED_TABLE "INSERT OR IGNORE INTO temp.author_touched "
                                 POST_IDENTITY " WHERE (%s) AND coalesce(a.key, p.author)"
                                 " IS NOT NULL",
                                 where);
    int rc;

    if (!text) {
        rf_error_set(err, "%s", _("out of memory"));
        return -1;
    }
    rc = run(sql, text, err);
    sqlite3_free(text);
    return rc;
}

int author_totals_after_import(sqlite3 *sql, struct rf_error *err)
{
    static const char touched[] =
        TOUCHED_TABLE
        /* Posts written: new ones (above the largest id before) and
         * changed ones, as they are now ... */
        "INSERT OR IGNORE INTO temp.author_touched " POST_IDENTITY
        " WHERE (p.id > (SELECT max_id FROM temp.import_base)"
        " OR p.id IN (SELECT id FROM temp.import_old)) AND coalesce(a.key, p.author) IS NOT NULL;"
        /* ... and as they were: a name they went by without an author row,
         * and the author rows they or comments left. */
        "INSERT OR IGNORE INTO temp.author_touched SELECT p.platform, 0, o.author"
        " FROM temp.import_old o JOIN posts p ON p.id = o.id"
        " WHERE o.author_id IS NULL AND o.author IS NOT NULL;"
        "INSERT OR IGNORE INTO temp.author_touched SELECT platform, keyed, key FROM authors"
        " WHERE id IN (SELECT id FROM temp.import_dropped);"
        /* Comments written. */
        "INSERT OR IGNORE INTO temp.author_touched SELECT a.platform, a.keyed, a.key"
        " FROM comments c JOIN authors a ON a.id = c.author_id"
        " WHERE c.id > (SELECT max_comment FROM temp.import_base)"
        " OR c.id IN (SELECT id FROM temp.import_cold);";

    if (run(sql, touched, err) != 0)
        return -1;
    return author_totals_recount(sql, err);
}

int author_totals_rebuild(sqlite3 *sql, struct rf_error *err)
{
    /* The same sums as author_totals_recount(), of every identity: each
     * part read once and grouped, without a lookup per identity (at
     * 100,000 new posts 0.25 s against 0.45 s). */
    static const char text[] =
        "DELETE FROM author_totals;"
        TOTALS_OF(
        "SELECT a.platform AS platform, a.keyed AS keyed, a.key AS key, a.name AS name,"
        POST_SUMS " FROM authors a JOIN posts p ON p.author_id = a.id GROUP BY a.id"
        " UNION ALL SELECT p.platform, 0, p.author, p.author," POST_SUMS
        " FROM posts p WHERE p.author_id IS NULL AND p.author IS NOT NULL"
        " GROUP BY p.platform, p.author"
        " UNION ALL SELECT a.platform, a.keyed, a.key, a.name," COMMENT_SUMS
        " FROM authors a JOIN comments c ON c.author_id = a.id GROUP BY a.id");

    return run(sql, text, err);
}
