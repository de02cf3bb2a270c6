/* model_scripts.c — a search's spellings narrowed to the cache's characters
 * (contract in model_internal.h). */
#include "autoconfig.h"

#include <string.h>
#include <unistr.h>

#include "db.h"
#include "model_internal.h"

struct probe {
    struct model *m;
    bool failed;
};

/* Whether the search index holds c: every character of a text starts a
 * trigram (db.c, schema 6), so the vocabulary has a term beginning with c
 * exactly when some post's text or translation contains it. Asked once per
 * character and version of the cache; an error answers true (a spelling
 * kept costs time, never a match). */
static bool present(uint32_t c, void *arg)
{
    struct probe *pr = arg;
    struct model *m = pr->m;
    uint8_t lo[5], hi[9];
    int len;
    sqlite3_stmt *st;
    int64_t found;

    for (size_t i = 0; i < m->nseen; i++)
        if (m->seen[i].c == c)
            return m->seen[i].present;
    if (pr->failed || (len = u8_uctomb(lo, c, 4)) <= 0)
        return true;
    lo[len] = '\0';
    memcpy(hi, lo, (size_t)len);
    /* U+10FFFF sorts after any character that can follow c. */
    memcpy(hi + len, "\xf4\x8f\xbf\xbf", 5);
    if (!(st = model_stmt(m, "SELECT EXISTS(SELECT 1 FROM posts_fts_terms"
                             " WHERE term >= :lo AND term < :hi)",
                          NULL))) {
        pr->failed = true;
        return true;
    }
    model_bind_text(st, ":lo", (const char *)lo);
    model_bind_text(st, ":hi", (const char *)hi);
    if (model_scalar(m, st, &found, NULL) != 0) {
        pr->failed = true;
        return true;
    }
    if (m->nseen == sizeof m->seen / sizeof m->seen[0])
        m->nseen = 0;
    m->seen[m->nseen].c = c;
    m->seen[m->nseen++].present = found != 0;
    return found != 0;
}

int model_narrow_spellings(struct model *m, struct plan *plan, struct rf_error *err)
{
    struct probe pr = {m, false};
    struct model_stamp now;

    if (!plan->scripts || plan->comments || plan->index_partial)
        return 0;
    if (model_stamp_now(m, &now, err) != 0)
        return -1;
    if (!model_stamp_same(&now, &m->seen_stamp)) {
        m->nseen = 0;
        m->seen_stamp = now;
    }
    return plan_narrow_spellings(plan, present, &pr, err);
}
