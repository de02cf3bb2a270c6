/* Unit tests for samples (src/sample.c and model_filter.sample): the same
 * seed draws the same posts from two caches that stored them in opposite
 * orders; another seed draws others; a sample keeps to its filter and its
 * size; and every post is as likely to be drawn as any other, checked with
 * chi-square bounds on strata of one large sample and on how often each
 * post of a small population is drawn over many seeds. */
#include "autoconfig.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "import.h"
#include "model.h"
#include "sample.h"
#include "tap.h"

#define NPOSTS 10000
#define T0 1736800000LL

/* NPOSTS posts, one a minute, every third in Chinese; imported forwards
 * or backwards (the rows get other internal ids and disk order). */
static struct db *cache(bool backwards)
{
    struct import_options opts = {.format = IMPORT_JSONL};
    struct import_result res;
    struct rf_error err = {{0}};
    size_t cap = (size_t)NPOSTS * 160, len = 0;
    char *buf = malloc(cap);
    struct db *db = NULL;

    if (!buf || db_open_memory(&db, &err) != 0) {
        free(buf);
        return NULL;
    }
    for (int k = 0; k < NPOSTS; k++) {
        int i = backwards ? NPOSTS - 1 - k : k;
        len += (size_t)snprintf(buf + len, cap - len,
                                "{\"id\": \"s-%d\", \"platform\": \"%s\", \"lang\": \"%s\", "
                                "\"time\": %lld, \"text\": \"post %d\"}\n",
                                i, i % 2 ? "tiktok" : "xiaohongshu", i % 3 ? "en" : "zh",
                                T0 + i * 60LL, i);
    }
    if (db_begin(db, &err) != 0 || import_buffer(db, "s.jsonl", buf, len, &opts, &res, &err) != 0 ||
        db_commit(db, &err) != 0) {
        tap_diag("%s", err.msg);
        db_close(db);
        db = NULL;
    }
    free(buf);
    return db;
}

struct drawn {
    bool in[NPOSTS];
    int count, zh;
};

static int note(void *arg, const struct model_post *p)
{
    struct drawn *d = arg;
    int i = atoi(p->ext_id + 2);

    if (i >= 0 && i < NPOSTS && !d->in[i]) {
        d->in[i] = true;
        d->count++;
        d->zh += strcmp(p->lang, "zh") == 0;
    }
    return 0;
}

static void draw(struct model *m, const struct model_filter *f, struct drawn *d)
{
    struct rf_error err = {{0}};

    memset(d, 0, sizeof *d);
    if (model_posts_each(m, f, MODEL_SORT_TIME, 0, note, d, &err) != 0)
        tap_diag("%s", err.msg);
}

static int overlap(const struct drawn *a, const struct drawn *b)
{
    int n = 0;
    for (int i = 0; i < NPOSTS; i++)
        n += a->in[i] && b->in[i];
    return n;
}

int main(void)
{
    struct rf_error err = {{0}};
    struct db *fwd = cache(false), *back = cache(true);
    struct model *mf, *mb;
    static struct drawn a, b, c;
    struct model_filter f = {.sample = 500, .seed = 42};
    int64_t n = 0;

    ok(sample_rank(7, "xiaohongshu", 11, "1", 1) == sample_rank(7, "xiaohongshu", 11, "1", 1) &&
           sample_rank(7, "xiaohongshu", 11, "1", 1) != sample_rank(8, "xiaohongshu", 11, "1", 1) &&
           sample_rank(7, "ab", 2, "c", 1) != sample_rank(7, "a", 1, "bc", 2),
       "a rank depends on the seed, the platform and the id, each apart");
    {
        uint64_t s;
        ok(sample_parse_seed("18446744073709551615", &s) == 0 && s == UINT64_MAX &&
               sample_parse_seed("18446744073709551616", &s) != 0 &&
               sample_parse_seed("-1", &s) != 0 && sample_parse_seed("7x", &s) != 0,
           "seeds are 0 to 2^64 - 1");
    }
    if (!fwd || !back || !(mf = model_new(fwd, &err)) || !(mb = model_new(back, &err))) {
        ok(0, "two caches of %d posts", NPOSTS);
        return tap_done();
    }
    draw(mf, &f, &a);
    draw(mb, &f, &b);
    is_int(a.count, 500, "a sample of 500 has 500 posts");
    is_int(overlap(&a, &b), 500,
           "the same seed draws the same posts from a cache that stored them backwards");
    ok(model_count(mf, &f, &n, &err) == 0 && n == 500, "and counts 500");
    f.seed = 43;
    draw(mf, &f, &c);
    if (!ok(c.count == 500 && overlap(&a, &c) < 100,
            "another seed draws other posts (about 25 in common by chance)"))
        tap_diag("in common: %d", overlap(&a, &c));
    {
        struct model_filter zh = {.lang = "zh", .sample = 300, .seed = 42};
        draw(mf, &zh, &c);
        ok(c.count == 300 && c.zh == 300, "a sample keeps to its filter: 300 Chinese posts");
        zh.sample = 100000;
        draw(mf, &zh, &c);
        is_int(c.count, (NPOSTS + 2) / 3, "a sample larger than the filter's posts is all of them");
    }
    {
        /* One sample of 2,000 from 10,000: 200 expected in each tenth by
         * id; chi-square with 9 degrees of freedom under 27.88 (p = 0.001). */
        struct model_filter big = {.sample = 2000, .seed = 20250114};
        int strata[10] = {0};
        double chi = 0;
        draw(mf, &big, &c);
        for (int i = 0; i < NPOSTS; i++)
            strata[i % 10] += c.in[i];
        for (int k = 0; k < 10; k++)
            chi += (strata[k] - 200.0) * (strata[k] - 200.0) / 200.0;
        ok(c.count == 2000 && chi < 27.88, "each tenth of the posts is as likely (chi-square %.1f)",
           chi);
    }
    {
        /* 10 of the first 100 posts, over 400 seeds: each post expected
         * 40 times; chi-square with 99 degrees of freedom under 148.2. */
        static int times[100];
        double chi = 0;
        int total = 0;
        struct model_filter few = {.has_from = true, .from = T0, .has_to = true,
                                   .to = T0 + 100 * 60LL, .sample = 10};
        for (uint64_t seed = 1; seed <= 400; seed++) {
            few.seed = seed;
            draw(mf, &few, &c);
            for (int i = 0; i < 100; i++)
                times[i] += c.in[i];
            total += c.count;
        }
        for (int i = 0; i < 100; i++)
            chi += (times[i] - 40.0) * (times[i] - 40.0) / 40.0;
        ok(total == 4000 && chi < 148.2,
           "over 400 seeds every post is drawn about as often (chi-square %.1f)", chi);
    }
    model_free(mf);
    model_free(mb);
    db_close(fwd);
    db_close(back);
    return tap_done();
}
