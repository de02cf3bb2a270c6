/* Unit tests for the count and stats of a search that reaches comments
 * (src/model_count.c: model_search_bits()): the posts found through their
 * comments, one by one for a word in few comments and by a walk of two
 * indexes side by side for a word in many, are the posts the plain join
 * of comments to posts finds, on a cache past any page: 3,000 posts on
 * two platforms (the same ids on both), ids that sort unlike their
 * numbers ("p10" before "p9"), Chinese ids, comments whose post is not
 * in the cache, posts with several matching comments, and the word in
 * some posts' own text too. The stats of such a search equal those the
 * filter's SQL gives (the old way: the same search under a window holding
 * every post), and a cap gives "at least" the cap. */
#include "autoconfig.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cache_sql.h"
#include "db.h"
#include "import.h"
#include "model.h"
#include "tap.h"

#define NPOSTS 3000

/* Post i is on xiaohongshu when even, tiktok when odd, its id "p<i/2>"
 * (so both platforms hold each id) or, every seventh, "帖<i>"; "kelp" is
 * in the text of every 50th (all on xiaohongshu). Comments: one on each
 * post, two on every sixth; "kelp" on those of tiktok, "octopus" on every 300th, and a "kelp" comment on each
 * of 40 posts the cache lacks. */
static int import_collection(struct db *db)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    int rc;

    for (int i = 0; i < NPOSTS; i++) {
        const char *platform = i % 2 ? "tiktok" : "xiaohongshu";
        char id[32];
        if (i % 7 == 0)
            snprintf(id, sizeof id, "帖%d", i);
        else
            snprintf(id, sizeof id, "p%d", i / 2);
        fprintf(out,
                "{\"id\":\"%s\",\"platform\":\"%s\",\"author\":\"writer%d\",\"lang\":\"%s\","
                "\"time\":%d,\"likes\":%d,\"tags\":[\"sea%d\"],\"text\":\"post %d%s\"}\n",
                id, platform, i % 37, i % 3 ? "en" : "zh", 1737000000 + i * 3600, i % 97,
                i % 5, i, i % 50 ? "" : " kelp");
        for (int k = 0; k < (i % 6 == 0 ? 2 : 1); k++)
            fprintf(out,
                    "{\"id\":\"c%d-%d\",\"platform\":\"%s\",\"post\":\"%s\",\"author\":\"fan%d\","
                    "\"author_key\":\"fan%d\",\"lang\":\"en\",\"time\":%d,\"text\":\"reply %d%s%s\"}\n",
                    i, k, platform, id, i % 11, i % 11, 1737000100 + i * 3600, i,
                    i % 2 ? " kelp" : "", i % 300 ? "" : " octopus");
    }
    for (int i = 0; i < 40; i++)
        fprintf(out,
                "{\"id\":\"orphan%d\",\"platform\":\"xiaohongshu\",\"post\":\"gone%d\","
                "\"author\":\"fan1\",\"author_key\":\"fan1\",\"lang\":\"en\",\"time\":%d,"
                "\"text\":\"kelp octopus on a post not cached\"}\n",
                i, i, 1737000000 + i);
    fclose(out);
    rc = cache_import_text(db, "comments.jsonl", buf, strlen(buf));
    free(buf);
    return rc;
}

/* The posts holding `word` in their text or in a comment, by the plain
 * join (what the model did for every such search). */
static int64_t joined(struct db *db, const char *word)
{
    char sql[600];

    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM (SELECT id FROM posts WHERE instr(text, '%s')"
             " UNION SELECT p.id FROM comments c JOIN posts p ON p.platform = c.platform"
             " AND p.ext_id = c.post_ext_id WHERE instr(c.text, '%s'))",
             word, word);
    return sql_int(db, sql);
}

static bool same_stats(const struct model_stats *a, const struct model_stats *b)
{
    if (a->posts != b->posts || a->posts_zh != b->posts_zh || a->posts_en != b->posts_en ||
        a->likes != b->likes || a->ndays != b->ndays || a->ntags != b->ntags)
        return false;
    for (size_t i = 0; i < a->ndays; i++)
        if (a->days[i].slot != b->days[i].slot || a->days[i].posts != b->days[i].posts ||
            a->days[i].likes != b->days[i].likes)
            return false;
    for (size_t i = 0; i < a->ntags; i++)
        if (strcmp(a->tags[i].tag, b->tags[i].tag) != 0 || a->tags[i].posts != b->tags[i].posts)
            return false;
    return true;
}

static void check_word(struct model *m, struct db *db, const char *word, const char *what)
{
    struct model_filter f = {.search = word, .with_comments = true};
    struct model_filter old = f;
    struct model_stats s, t;
    struct rf_error err = {{0}};
    int64_t n = -1, capped = -1, want = joined(db, word);
    bool at_least = true;

    old.has_from = true;
    old.from = INT64_MIN / 2;
    ok(want > 0, "%s: %lld posts hold \"%s\" or have a comment that does", what,
       (long long)want, word);
    ok(model_count_capped(m, &f, 0, &n, &at_least, &err) == 0 && !at_least, "%s: counted (%s)",
       what, err.msg);
    is_int((long long)n, (long long)want, "%s: the count is the join's", what);
    ok(model_count(m, &old, &n, &err) == 0, "%s: counted the old way (%s)", what, err.msg);
    is_int((long long)n, (long long)want, "%s: the old way agrees", what);
    ok(model_count_capped(m, &f, want / 2, &capped, &at_least, &err) == 0,
       "%s: counted with a cap of half of them", what);
    ok(at_least && capped == want / 2, "%s: at least the cap (said %lld, at least %d)", what,
       (long long)capped, at_least);
    ok(model_stats(m, &f, 10, NULL, &s, &err) == 0, "%s: its stats (%s)", what, err.msg);
    ok(model_stats(m, &old, 10, NULL, &t, &err) == 0, "%s: the old way's stats (%s)", what,
       err.msg);
    is_int((long long)s.posts, (long long)want, "%s: the stats count every post", what);
    ok(same_stats(&s, &t), "%s: days, languages, likes and tags as the old way's", what);
    model_stats_free(&s);
    model_stats_free(&t);
}

int main(void)
{
    struct db *db;
    struct model *m;
    struct rf_error err = {{0}};

    if (db_open_memory(&db, &err) != 0 || !(m = model_new(db, &err))) {
        printf("Bail out! %s\n", err.msg);
        return 1;
    }
    ok(import_collection(db) == 0, "3,000 posts and 3,540 comments import");
    is_int(sql_int(db, "SELECT count(*) FROM comments"), NPOSTS + NPOSTS / 6 + 40,
           "every comment is kept, those of posts not cached too");
    /* kelp: in 1,540 of 3,540 comments (more than a tenth: the indexes
     * walked); octopus: in 60 (fewer: each comment's post sought). */
    check_word(m, db, "kelp", "a word in many comments");
    is_int(joined(db, "kelp"), NPOSTS / 2 + NPOSTS / 50,
           "kelp: the tiktok posts, and the others with it in their text");
    check_word(m, db, "octopus", "a word in few comments");
    check_word(m, db, "reply", "a word in every comment");
    model_free(m);
    db_close(db);
    return tap_done();
}
