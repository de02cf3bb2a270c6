/* model_posts.c — list pages of posts: keyset paging, the search probes and
 * the scan for a common short search. */

#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "i18n.h"
#include "model.h"
#include "model_internal.h"
#include "model_sql.h"
#include "plan.h"
#include "vocab.h"

int model_read_post(sqlite3_stmt *st, struct model_post *p)
{
    memset(p, 0, sizeof *p);
    p->id = sqlite3_column_int64(st, COL_ID);
    p->ts_utc = sqlite3_column_int64(st, COL_TS);
    model_read_offset(st, COL_OFFSET, &p->has_offset, &p->utc_offset);
    p->platform = model_dup_col(st, COL_PLATFORM);
    p->ext_id = model_dup_col(st, COL_EXT_ID);
    p->author = model_dup_col(st, COL_AUTHOR);
    p->region = model_dup_col(st, COL_REGION);
    p->lang = model_dup_col(st, COL_LANG);
    p->text = model_dup_col(st, COL_TEXT);
    p->translation = model_dup_col(st, COL_TRANSLATION);
    p->translation_kind = model_dup_col(st, COL_TRANSLATION_KIND);
    p->translation_by = model_dup_col(st, COL_TRANSLATION_BY);
    p->likes = sqlite3_column_int64(st, COL_LIKES);
    p->comments = sqlite3_column_int64(st, COL_COMMENTS);
    p->collects = sqlite3_column_int64(st, COL_COLLECTS);
    p->shares = sqlite3_column_int64(st, COL_SHARES);
    p->url = model_dup_col(st, COL_URL);
    p->provenance = model_dup_col(st, COL_PROVENANCE);
    p->time_approximate = p->counts_unknown =
        vocab_provenance_of(p->provenance) == VOCAB_PROVENANCE_QUOTED;
    p->starred = sqlite3_column_int(st, COL_STARRED) != 0;
    p->read = sqlite3_column_int(st, COL_READ) != 0;
    /* Which counts a file gave and which are lower bounds, for every row
     * (a list's too): a count nobody reported is never shown as 0. */
    p->counts_missing = ~(unsigned)sqlite3_column_int(st, COL_KNOWN) & 31u;
    p->counts_floor = (unsigned)sqlite3_column_int(st, COL_AT_LEAST) & 31u;
    return p->platform && p->ext_id && p->lang && p->text && p->translation_kind &&
                   p->provenance
               ? 0
               : -1;
}

void model_post_free(struct model_post *p)
{
    if (!p)
        return;
    free(p->platform);
    free(p->ext_id);
    free(p->author);
    free(p->region);
    free(p->lang);
    free(p->text);
    free(p->translation);
    free(p->translation_kind);
    free(p->translation_by);
    free(p->url);
    free(p->provenance);
    free(p->source);
    free(p->note);
    for (size_t i = 0; i < p->ntags; i++)
        free(p->tags[i]);
    free(p->tags);
    for (size_t i = 0; i < p->ncodes; i++) {
        free(p->codes[i].code);
        free(p->codes[i].memo);
    }
    free(p->codes);
    free(p->text_spans);
    free(p->translation_spans);
    free(p->meta_hit);
    free(p->comment_hit);
    model_collected_free(&p->collected);
    memset(p, 0, sizeof *p);
}

void model_post_page_free(struct model_post_page *page)
{
    if (!page)
        return;
    for (size_t i = 0; i < page->count; i++)
        model_post_free(&page->rows[i]);
    free(page->rows);
    memset(page, 0, sizeof *page);
}

static int64_t sort_key(const struct model_post *p, enum model_sort sort)
{
    return sort == MODEL_SORT_LIKES ? p->likes : p->ts_utc;
}

/* Posts a probing list read examines before it gives up and lets the
 * index build the set of matches instead: a tag probe costs about a
 * microsecond, a search probe tens to hundreds (more while the index has
 * many unmerged segments). */
#define PROBE_WINDOW_SEARCH 500
#define PROBE_WINDOW_TAG 20000

/* A search with fewer matches than this goes straight to the set of
 * matches: collecting them costs less than probing. */
#define RARE_SEARCH 2000

/* Occurrences of trigrams a short search collects through the index at
 * most; more, and the list is scanned instead (matches are then common
 * enough to fill a page quickly). */
#define RARE_TERMS 5000

/* Posts each of a filter's stars, marks and code must hold for a list to
 * walk the order's index and test their sets (plan->user_common): with
 * fewer, reading their posts by id and sorting them is quicker. */
#define RARE_USER 2000

/* True when the count that `sql` makes (of at most :cap rows) stays under
 * `cap`: 1 yes, 0 no, -1 error. */
static int rare(struct model *m, const struct plan *plan, const char *sql, int64_t cap,
                struct rf_error *err)
{
    sqlite3_stmt *st = model_stmt(m, sql, err);
    int64_t n;

    if (!st)
        return -1;
    model_bind_plan(st, plan);
    model_bind_int(st, ":cap", cap);
    if (model_scalar(m, st, &n, err) != 0)
        return -1;
    return n < cap;
}

/* Sets plan->user_common (plan.h). Returns 0, or -1 with err set. */
static int plan_user_sets(struct model *m, struct plan *plan, struct rf_error *err)
{
    const struct model_filter *f = plan->filter;
    /* Each set's user table and its condition. */
    const char *sets[3] = {
        f->starred_only ? "state WHERE starred = 1" : NULL,
        f->marked_only ? "marks" : NULL,
        f->code ? "code_apps WHERE code = :code AND kind = 'post'" : NULL,
    };

    /* A sample's few posts are read by id whatever the rest holds. */
    if (f->sample || !(f->starred_only || f->marked_only || f->code))
        return 0;
    plan->user_common = true;
    for (size_t i = 0; i < 3 && plan->user_common; i++) {
        struct sqlbuf b = {.n = 0};
        int few;
        if (!sets[i])
            continue;
        model_sql_add(&b, "SELECT count(*) FROM (SELECT 1 FROM %s.%s LIMIT :cap)", m->user,
                      sets[i]);
        if ((few = rare(m, plan, b.s, RARE_USER, err)) < 0)
            return -1;
        plan->user_common = !few;
    }
    return 0;
}

/* Plans `filter` for this cache: plan_init(), then whether the words are
 * also in a tag or an author's name (plan->meta). */
int model_plan_open(struct model *m, struct plan *plan, const struct model_filter *filter,
                    struct rf_error *err)
{
    sqlite3_stmt *st;
    struct model_stamp now;
    int64_t found;

    if (plan_init(plan, filter, err) != 0)
        return -1;
    plan->user = m->user;
    if (plan_user_sets(m, plan, err) != 0 || model_sample_plan(m, plan, err) != 0)
        goto fail;
    if (plan->form == PLAN_TAG) {
        /* The tag's spellings, as a JSON array (mostly of one). */
        const unsigned char *json;
        if (!(st = model_stmt(m, "SELECT json_group_array(tag) FROM tag_counts"
                                 " WHERE tag = :term COLLATE NOCASE",
                              err)))
            goto fail;
        model_bind_text(st, ":term", plan->term);
        if (sqlite3_step(st) != SQLITE_ROW || !(json = sqlite3_column_text(st, 0)) ||
            !(plan->spellings = strdup((const char *)json))) {
            sqlite3_reset(st);
            rf_error_set(err, "cache: %s", sqlite3_errmsg(m->sql));
            goto fail;
        }
        sqlite3_reset(st);
        return 0;
    }
    if (plan->form != PLAN_WORDS || plan->search == PLAN_NO_SEARCH || plan->folded_len == 0)
        return 0;
    if (model_stamp_now(m, &now, err) != 0)
        goto fail;
    if (!m->meta_term || !model_stamp_same(&now, &m->meta_stamp) ||
        strcmp(m->meta_term, plan->term) != 0) {
        if (!(st = model_stmt(m, "SELECT EXISTS(SELECT 1 FROM tag_counts"
                                 " WHERE refuge_contains(tag, :term))"
                                 " OR EXISTS(" META_AUTHORS ")",
                              err)))
            goto fail;
        model_bind_text(st, ":term", plan->term);
        if (model_scalar(m, st, &found, err) != 0)
            goto fail;
        free(m->meta_term);
        m->meta_term = strdup(plan->term);
        m->meta_stamp = now;
        m->meta_found = found != 0;
    }
    plan->meta = m->meta_found;
    if (model_index_read(m, err) != 0)
        goto fail;
    if (model_index_partial(m)) {
        /* Rows wait for the index: a short search scans, a phrase adds
         * the tails' scans to its set (model_search_ids()). */
        plan->index_partial = true;
        plan->indexed = m->indexed;
        plan->comments_indexed = m->cindexed;
        plan->short_terms = false;
    }
    if (model_narrow_spellings(m, plan, err) != 0)
        goto fail;
    return 0;
fail:
    plan_free(plan);
    return -1;
}

/* True when the phrase matches fewer than RARE_SEARCH posts. */
static int rare_search(struct model *m, const struct plan *plan, struct rf_error *err)
{
    return rare(m, plan,
                "SELECT count(*) FROM (" FTS_CANDIDATES " LIMIT :cap)",
                RARE_SEARCH, err);
}

/* True when the tags and authors holding the words have fewer than
 * RARE_SEARCH posts. */
static int rare_meta(struct model *m, const struct plan *plan, struct rf_error *err)
{
    return rare(m, plan,
                "SELECT count(*) FROM (SELECT 1 FROM (" META_TAG_POSTS ")"
                " UNION ALL SELECT 1 FROM posts WHERE author_id IN (" META_AUTHORS ") LIMIT :cap)",
                RARE_SEARCH, err);
}

/* True when the phrase is in fewer than RARE_SEARCH comments. */
int model_comments_rare(struct model *m, const struct plan *plan, struct rf_error *err)
{
    return rare(m, plan,
                "SELECT count(*) FROM (SELECT rowid FROM comments_fts"
                " WHERE comments_fts MATCH :q LIMIT :cap)",
                RARE_SEARCH, err);
}

/* True when fewer than RARE_TERMS trigrams start with the short search
 * (with any of its spellings). */
static int rare_terms(struct model *m, const struct plan *plan, struct rf_error *err)
{
    return rare(m, plan,
                plan->scripts ? "SELECT count(*) FROM (" TERMS_IDS_SCRIPTS " LIMIT :cap)"
                              : "SELECT count(*) FROM (SELECT 1 FROM posts_fts_terms"
                                " WHERE term >= :lo AND term < :hi LIMIT :cap)",
                RARE_TERMS, err);
}

/* The list query, in the given condition style; with `terms`, candidates
 * come from the index's trigrams that start with a short search. */
static void list_sql(const struct model *m, struct sqlbuf *b, const struct plan *plan,
                     enum model_sort sort, bool cursor, enum model_dir dir,
                     enum cond_style style, bool terms)
{
    const char *key = sort == MODEL_SORT_LIKES ? "p.likes" : "p.ts_utc";
    /* Display order is descending; reading backward walks it ascending. */
    const char *cmp = dir == MODEL_FORWARD ? "<" : ">";
    const char *order = dir == MODEL_FORWARD ? "DESC" : "ASC";

    model_sql_add(b, "SELECT " POST_COLUMNS POST_FROM, m->user);
    model_where_filter(b, plan, style);
    if (terms)
        model_sql_add(b, " AND p.id IN (%s)", model_search_ids(plan));
    if (cursor)
        model_sql_add(b, " AND (%s, p.id) %s (:key, :id)", key, cmp);
    model_sql_add(b, " ORDER BY %s %s, p.id %s LIMIT :limit", key, order, order);
}

/* How run_list() reads: every row the query returns (ALL), or testing
 * rows and stopping at `limit` matches (TEST). */
enum list_mode { LIST_ALL, LIST_TEST };

/* One read of a list: what run_list() needs besides the SQL. */
struct list_read {
    const struct plan *plan;
    enum model_sort sort;
    const struct model_cursor *from;
    size_t limit; /* rows wanted */
    size_t fetch; /* rows the statement may return (the LIMIT) */
    enum list_mode mode;
    /* TEST: the search is tested on each row's text in C (plan->folded);
     * else the phrase is asked of the index row by row. The tag, when
     * there is one, is always asked row by row. */
    bool search_in_c;
};

/* The statements that test one row for the conditions COND_CHEAP leaves
 * out, prepared and bound once per list read: only the row id changes. */
struct probes {
    sqlite3_stmt *tag, *phrase, *named_tag;
};

static int probes_prepare(struct model *m, const struct list_read *r, struct probes *pr,
                          struct rf_error *err)
{
    const struct plan *plan = r->plan;

    *pr = (struct probes){NULL, NULL, NULL};
    if (plan->form == PLAN_TAG) {
        if (!(pr->named_tag = model_stmt(m, "SELECT 1 FROM post_tags WHERE post_id = :id AND"
                                            " tag IN (SELECT value FROM json_each(:spellings))",
                                         err)))
            return -1;
        model_bind_text(pr->named_tag, ":spellings", plan->spellings);
    }
    if (plan->filter->tag) {
        if (!(pr->tag = model_stmt(m, "SELECT 1 FROM post_tags WHERE tag = :tag AND post_id = :id",
                                   err)))
            return -1;
        model_bind_text(pr->tag, ":tag", plan->filter->tag);
    }
    if (plan->search == PLAN_PHRASE && !r->search_in_c) {
        /* A post above the index's watermark is tested on its text. */
        if (!(pr->phrase = model_stmt(m, plan->index_partial
                                             ? "SELECT 1 FROM posts WHERE id = :id AND "
                                               TEXT_HOLDS("") " AND (id > :indexed OR id IN ("
                                               FTS_CANDIDATES " AND rowid = :id))"
                                             : "SELECT 1 FROM posts WHERE id = :id AND "
                                               TEXT_HOLDS("") " AND id IN (" FTS_CANDIDATES
                                               " AND rowid = :id)",
                                      err)))
            return -1;
        model_bind_plan(pr->phrase, plan);
    }
    return 0;
}

/* Asks one probe about post `id`: 1 yes (or no probe), 0 no, -1 error. */
static int probe(struct model *m, sqlite3_stmt *st, int64_t id, struct rf_error *err)
{
    int rc;

    if (!st)
        return 1;
    model_bind_int(st, ":id", id);
    rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : model_step_error(m, err);
}

/* True when words in a tag or an author's name (plan->meta) are in the
 * row's tags (their JSON list) or its author's name (a collection's
 * author, as META_AUTHORS has them). */
static bool row_meta_matches(sqlite3_stmt *st, const struct plan *plan)
{
    return plan->meta &&
           (plan_matches(plan, (const char *)sqlite3_column_text(st, COL_TAG_LIST),
                         (size_t)sqlite3_column_bytes(st, COL_TAG_LIST)) ||
            (sqlite3_column_type(st, COL_AUTHOR_ID) != SQLITE_NULL &&
             plan_matches(plan, (const char *)sqlite3_column_text(st, COL_AUTHOR),
                          (size_t)sqlite3_column_bytes(st, COL_AUTHOR))));
}

/* True when the search occurs in the row's text or translation (or its
 * tags and author, see above), tested before anything is copied out of
 * the row. */
bool model_row_matches(sqlite3_stmt *st, const struct plan *plan)
{
    return plan_matches(plan, (const char *)sqlite3_column_text(st, COL_TEXT),
                        (size_t)sqlite3_column_bytes(st, COL_TEXT)) ||
           plan_matches(plan, (const char *)sqlite3_column_text(st, COL_TRANSLATION),
                        (size_t)sqlite3_column_bytes(st, COL_TRANSLATION)) ||
           row_meta_matches(st, plan);
}

int model_comment_matches(struct model *m, const struct plan *plan, sqlite3_stmt *row,
                          struct model_post *hit, struct rf_error *err)
{
    /* Through comments_by_post: a post's comments, oldest first. */
    sqlite3_stmt *st = model_stmt(m, "SELECT text FROM comments WHERE platform = :platform"
                                     " AND post_ext_id = :ext"
                                     " AND refuge_contains(text, :term)"
                                     " ORDER BY ts_utc, id LIMIT 1",
                                  err);
    struct model_span *at;
    int rc;

    if (!st)
        return -1;
    sqlite3_bind_value(st, sqlite3_bind_parameter_index(st, ":platform"),
                       sqlite3_column_value(row, COL_PLATFORM));
    sqlite3_bind_value(st, sqlite3_bind_parameter_index(st, ":ext"),
                       sqlite3_column_value(row, COL_EXT_ID));
    model_bind_text(st, ":term", plan->term);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW && hit && !hit->comment_hit) {
        if (!(hit->comment_hit = model_dup_col(st, 0))) {
            sqlite3_reset(st);
            rf_error_set(err, _("out of memory"));
            return -1;
        }
        /* The hit as the highlighter finds it (nothing for words that do
         * not fit its folded form: the snippet then starts the text). */
        if (plan_spans(plan, hit->comment_hit, &at)) {
            hit->comment_span = at[0];
            free(at);
        }
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : model_step_error(m, err);
}

/* Where the words hit a searched row: its text's and translation's spans;
 * for a row they reach through a tag or its author's name only, that
 * name as "#tag" or "@name" in meta_hit and the hit in it; else the
 * comment that holds them. */
int model_find_spans(struct model *m, sqlite3_stmt *st, const struct plan *plan,
                     struct model_post *p, struct rf_error *err)
{
    struct model_span *at;
    const char *tags;

    p->ntext_spans = plan_spans(plan, p->text, &p->text_spans);
    p->ntranslation_spans = plan_spans(plan, p->translation, &p->translation_spans);
    if (p->ntext_spans || p->ntranslation_spans)
        return 0;
    if (!row_meta_matches(st, plan))
        return plan->comments && model_comment_matches(m, plan, st, p, err) < 0 ? -1 : 0;
    tags = (const char *)sqlite3_column_text(st, COL_TAG_LIST);
    if (tags && plan_spans(plan, tags, &at)) {
        /* The tag around the hit: between the quotes of its JSON string. */
        size_t from = at->offset, to = at->offset + at->length, n = strlen(tags);
        while (from > 0 && !(tags[from - 1] == '"' && (from < 2 || tags[from - 2] != '\\')))
            from--;
        while (to < n && !(tags[to] == '"' && tags[to - 1] != '\\'))
            to++;
        if ((p->meta_hit = malloc(to - from + 2))) {
            p->meta_hit[0] = '#';
            memcpy(p->meta_hit + 1, tags + from, to - from);
            p->meta_hit[to - from + 1] = '\0';
            p->meta_span = (struct model_span){at->offset - from + 1, at->length};
        }
        free(at);
    } else if (p->author && plan_spans(plan, p->author, &at)) {
        if ((p->meta_hit = malloc(strlen(p->author) + 2))) {
            p->meta_hit[0] = '@';
            strcpy(p->meta_hit + 1, p->author);
            p->meta_span = (struct model_span){at->offset + 1, at->length};
        }
        free(at);
    }
    return 0;
}

/* Runs one list query into page (emptied first); *scanned counts the rows
 * the statement returned. */
static int run_list(struct model *m, const char *sql, const struct list_read *r,
                    struct model_post_page *page, size_t *scanned, struct rf_error *err)
{
    const struct plan *plan = r->plan;
    struct probes pr = {NULL, NULL, NULL};
    sqlite3_stmt *st;
    int rc;

    for (size_t i = 0; i < page->count; i++)
        model_post_free(&page->rows[i]);
    page->count = 0;
    page->more = false;
    *scanned = 0;
    if (r->mode == LIST_TEST && probes_prepare(m, r, &pr, err) != 0)
        return -1;
    if (!(st = model_stmt(m, sql, err)))
        return -1;
    model_bind_plan(st, plan);
    if (r->from && r->from->valid) {
        model_bind_int(st, ":key", r->from->key);
        model_bind_int(st, ":id", r->from->id);
    }
    model_bind_int(st, ":limit", (int64_t)r->fetch);
    /* The list statement stays open while probes run: they are other
     * statements on the same connection, which SQLite allows. */
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct model_post *p = &page->rows[page->count];
        int64_t id = sqlite3_column_int64(st, COL_ID);
        int match;
        if (r->mode == LIST_ALL && page->count == r->limit) {
            page->more = true; /* the extra row fetched to know that */
            break;
        }
        ++*scanned;
        page->resume = (struct model_cursor){
            .valid = true,
            .key = sqlite3_column_int64(st, r->sort == MODEL_SORT_LIKES ? COL_LIKES : COL_TS),
            .id = id};
        if (r->mode == LIST_TEST) {
            /* Most rows of a scan do not match: test them before copying;
             * with comments, a row whose texts miss asks its comments. */
            bool in_texts = !r->search_in_c || model_row_matches(st, plan);
            if (!in_texts && !plan->comments)
                continue;
            if ((match = probe(m, pr.tag, id, err)) == 1 &&
                (match = probe(m, pr.named_tag, id, err)) == 1) {
                if (!in_texts)
                    match = 0;
                else if ((match = probe(m, pr.phrase, id, err)) == 0 && row_meta_matches(st, plan))
                    match = 1;
                if (match == 0 && plan->comments)
                    match = model_comment_matches(m, plan, st, NULL, err);
            }
            if (match < 0) {
                sqlite3_reset(st);
                return -1;
            }
            if (!match)
                continue;
        }
        if (model_read_post(st, p) != 0) {
            model_post_free(p);
            sqlite3_reset(st);
            rf_error_set(err, _("out of memory"));
            return -1;
        }
        if (plan->search != PLAN_NO_SEARCH && model_find_spans(m, st, plan, p, err) != 0) {
            model_post_free(p);
            sqlite3_reset(st);
            return -1;
        }
        page->count++;
        if (r->mode == LIST_TEST && page->count == r->limit) {
            page->more = true;
            break;
        }
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : model_step_error(m, err);
}

/* model_posts() for a plan. */
int model_list_posts(struct model *m, const struct plan *plan, enum model_sort sort,
                     const struct model_cursor *from, enum model_dir dir, size_t limit,
                     struct model_post_page *page, struct rf_error *err)
{
    bool cursor = from && from->valid;
    size_t scanned = 0;
    struct sqlbuf b = {.n = 0};
    struct list_read r = {.plan = plan, .sort = sort, .from = from, .limit = limit,
                          .fetch = limit + 1, .mode = LIST_ALL};

    memset(page, 0, sizeof *page);
    if (limit == 0)
        return 0;
    if (!(page->rows = calloc(limit + 1, sizeof *page->rows))) {
        rf_error_set(err, _("out of memory"));
        return -1;
    }
    if (plan->search == PLAN_SHORT) {
        /* A query too short for phrase queries. When it is rare, the
         * trigrams that start with it give the posts that contain it;
         * when it is common, the list is scanned window by window. Either
         * way each row is matched in C, which also finds the spans. */
        int few = plan->short_terms ? rare_terms(m, plan, err) : 0;
        /* Words also in a tag or an author's name: their posts join the
         * candidates when they too are few (熊猫 is a rare text but the
         * name of a few authors; scanning for it took 1.4 s at 1M). */
        if (few > 0 && plan->meta)
            few = rare_meta(m, plan, err);
        if (few < 0)
            goto fail;
        list_sql(m, &b, plan, sort, cursor, dir, COND_CHEAP, few);
        /* Few: every candidate fits in one read (fewer than RARE_TERMS
         * posts from the trigrams, RARE_SEARCH from the names). */
        r.fetch = few ? RARE_TERMS + RARE_SEARCH + 1 : MODEL_SCAN_WINDOW;
        r.mode = LIST_TEST;
        r.search_in_c = true;
        if (run_list(m, b.s, &r, page, &scanned, err) != 0)
            goto fail;
        if (!few && scanned == MODEL_SCAN_WINDOW)
            page->more = true; /* the window ran out, not the posts */
    } else if (plan->selective) {
        /* Test along the list first, quick when matches are common; a
         * search known to be rare skips it. A common search whose
         * characters have no case outside ASCII (Chinese, English) is
         * tested on each row's text in C, a microsecond or two a row; one
         * with other cased letters asks the index row by row, a hundred
         * times dearer. */
        bool phrase = plan->search == PLAN_PHRASE;
        /* An @name's posts are few: a set from its index. A #tag is
         * probed along the list like the filter's tag. */
        /* While the index is incomplete its count says nothing of the
         * rest: the list is tested first. */
        int few = plan->form == PLAN_AUTHOR ? 1
                  : phrase && !plan->index_partial ? rare_search(m, plan, err)
                                                   : 0;
        if (few > 0 && plan->meta)
            few = rare_meta(m, plan, err);
        if (few > 0 && plan->comments)
            few = model_comments_rare(m, plan, err);
        if (few < 0)
            goto fail;
        r.search_in_c = phrase && plan->match_in_c;
        r.fetch = r.search_in_c ? MODEL_SCAN_WINDOW : phrase ? PROBE_WINDOW_SEARCH : PROBE_WINDOW_TAG;
        if (!few) {
            list_sql(m, &b, plan, sort, cursor, dir, COND_CHEAP, false);
            r.mode = LIST_TEST;
            if (run_list(m, b.s, &r, page, &scanned, err) != 0)
                goto fail;
        }
        if (few || (page->count < limit && scanned == r.fetch)) {
            /* Rare: let the index build the set of matches instead. */
            b.n = 0;
            list_sql(m, &b, plan, sort, cursor, dir, COND_ALL, false);
            r.fetch = limit + 1;
            r.mode = LIST_ALL;
            if (run_list(m, b.s, &r, page, &scanned, err) != 0)
                goto fail;
        }
    } else {
        list_sql(m, &b, plan, sort, cursor, dir, plan->user_common ? COND_SETS : COND_ALL,
                 false);
        if (run_list(m, b.s, &r, page, &scanned, err) != 0)
            goto fail;
    }
    if (dir == MODEL_BACKWARD)
        for (size_t i = 0; i < page->count / 2; i++) {
            struct model_post t = page->rows[i];
            page->rows[i] = page->rows[page->count - 1 - i];
            page->rows[page->count - 1 - i] = t;
        }
    if (page->count) {
        const struct model_post *a = &page->rows[0], *z = &page->rows[page->count - 1];
        page->first = (struct model_cursor){.valid = true, .key = sort_key(a, sort), .id = a->id};
        page->last = (struct model_cursor){.valid = true, .key = sort_key(z, sort), .id = z->id};
    }
    return 0;
fail:
    model_post_page_free(page);
    return -1;
}

int model_posts(struct model *m, const struct model_filter *filter, enum model_sort sort,
                const struct model_cursor *from, enum model_dir dir, size_t limit,
                struct model_post_page *page, struct rf_error *err)
{
    struct plan plan;
    int rc;

    memset(page, 0, sizeof *page);
    if (model_plan_open(m, &plan, filter, err) != 0)
        return -1;
    rc = model_list_posts(m, &plan, sort, from, dir, limit, page, err);
    plan_free(&plan);
    return rc;
}
