/* The importer's orchestration: the record sink, the detection table of
 * mappers, and the run over the inputs in one transaction. */
#include "autoconfig.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../when.h"
#include "../workbench.h"
#include "fields.h"
#include "i18n.h"
#include "input.h"
#include "mapper.h"
#include "reader.h"
#include "sink.h"
#include "store_translation.h"

/* ---- the detection table ------------------------------------------------------- */

/* In the order of tests/data/collections/DETECTION.md: the first mapper
 * whose detect() names a file's first record maps the file. map_refuse
 * names everything (what it looks like) and refuses it. */
static const struct mapper *const mappers[] = {
    &map_zeeschuimer,
    &map_x_tweets,
    &map_x_account,
    &map_tiktok_research,
    &map_twarc_page,
    &map_twarc_flat,
    &map_bluesky,
    &map_tiktok_item,
    &map_mediacrawler,
    &map_spider_xhs,
    &map_fourcat,
    &map_refuse_known,
    &map_refuge,
    &map_refuse,
};

#define NMAPPERS (sizeof mappers / sizeof mappers[0])

/* A source format forced with --format: its name or a prefix ending
 * before a ':' of it. */
static bool source_matches(const char *source, const char *format)
{
    size_t n = strlen(source);
    return strncmp(format, source, n) == 0 && (format[n] == '\0' || format[n] == ':');
}

bool import_source_known(const char *name)
{
    static const char *const names[] = {
        "refuge", "zeeschuimer:xiaohongshu.com", "zeeschuimer:xiaohongshu-comments",
        "zeeschuimer:tiktok.com", "zeeschuimer:douyin.com", "tiktok-api:item", "bluesky:postview",
        "twarc2:page", "twarc2:flat", "spider_xhs:info.json",
        "tiktok-research-api:video-query", "4cat:xiaohongshu", "4cat:xiaohongshu-comments",
        "4cat:tiktok", "4cat:douyin", "x-archive:tweets", "x-archive:account",
        "mediacrawler:xhs-notes:user_id", "mediacrawler:xhs-notes:creator_hash",
        "mediacrawler:xhs-comments:user_id", "mediacrawler:xhs-comments:creator_hash",
        "mediacrawler:xhs-sqlite:user_id", "mediacrawler:xhs-sqlite:creator_hash",
        "mediacrawler:douyin-contents:user_id", "mediacrawler:douyin-contents:creator_hash",
        "mediacrawler:douyin-comments:user_id", "mediacrawler:douyin-comments:creator_hash",
        "mediacrawler:weibo-contents:user_id", "mediacrawler:weibo-contents:creator_hash",
        NULL};

    for (int i = 0; names[i]; i++)
        if (source_matches(name, names[i]))
            return true;
    return false;
}

/* Decides the file's format on its first record (or CSV header); false
 * when the file is refused (after reporting it). */
static bool detect(struct import_sink *sink, const struct record *r)
{
    char why[512] = "";
    const char *format = NULL;
    const struct mapper *m = NULL;

    if (sink->opts->translations) /* said on the command line, never guessed */
        format = (m = &map_translations)->detect(sink, r, why, sizeof why);
    for (size_t i = 0; i < NMAPPERS && !format; i++)
        if ((format = mappers[i]->detect(sink, r, why, sizeof why)))
            m = mappers[i];
    if (sink->opts->source && (!m->map || !source_matches(sink->opts->source, format))) {
        char was[256];
        snprintf(was, sizeof was, "%s", m->map && !why[0] ? format : why);
        snprintf(why, sizeof why, _("not a %.100s file: it looks like %s"), sink->opts->source,
                 was);
        m = &map_refuse;
    }
    if (!m->map || why[0]) {
        sink->sum.format = "refused";
        sink->file_done = true;
        sink_refuse(sink, why);
        return false;
    }
    sink->mapper = m;
    sink->format = sink->sum.format = format;
    return true;
}

static const struct {
    enum import_format format;
    const char *name;
    void (*read)(struct import_sink *sink, struct input *in, long lines_before);
} readers[] = {
    {IMPORT_JSONL, "jsonl", read_jsonl},
    {IMPORT_JSON, "json", read_json_array},
    {IMPORT_CSV, "csv", read_csv},
    {IMPORT_SQLITE, "sqlite", read_sqlite},
};

int import_format_from_name(const char *name)
{
    if (strcmp(name, "auto") == 0)
        return IMPORT_AUTO;
    for (size_t i = 0; i < sizeof readers / sizeof readers[0]; i++)
        if (strcmp(name, readers[i].name) == 0)
            return (int)readers[i].format;
    return -1;
}

/* ---- the sink ---------------------------------------------------------------------- */

void sink_bad(struct import_sink *sink, const char *fmt, ...)
{
    char reason[768], msg[1024];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(reason, sizeof reason, fmt, ap);
    va_end(ap);
    snprintf(msg, sizeof msg, "%s:%ld: %s", sink->file, sink->line, reason);
    sink->res->bad++;
    if (sink->opts->report)
        sink->opts->report(sink->opts->report_data, msg);
    if (!sink->opts->skip_bad && !sink->fatal) {
        rf_error_set(sink->err, "%s", msg);
        sink->fatal = true;
    }
}

void sink_warn(struct import_sink *sink, const char *fmt, ...)
{
    char note[768], msg[1024];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(note, sizeof note, fmt, ap);
    va_end(ap);
    snprintf(msg, sizeof msg, "%s: %s", sink->file, note);
    if (sink->opts->warn)
        sink->opts->warn(sink->opts->warn_data, msg);
}

void sink_fatal(struct import_sink *sink, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (!sink->fatal)
        rf_error_set(sink->err, "%s", msg);
    sink->fatal = true;
}

/* A database error while storing the current record. */
static void sink_store_failed(struct import_sink *sink)
{
    sink_fatal(sink, "%s:%ld: cache: %s", sink->file, sink->line, store_errmsg(sink->store));
}

/* Stops the import once opts->stop is set; true when stopped. */
static bool sink_stopped(struct import_sink *sink)
{
    if (sink->opts->stop && *sink->opts->stop)
        sink_fatal(sink, "%s:%ld: interrupted", sink->file ? sink->file : "import", sink->line);
    return sink->fatal;
}

void sink_progress(struct import_sink *sink, size_t more)
{
    if (sink_stopped(sink))
        return;
    sink->bytes += more;
    if (sink->opts->progress && sink->bytes >= sink->next_progress) {
        sink->opts->progress(sink->opts->progress_data, sink->file, sink->bytes);
        sink->next_progress = sink->bytes + (1u << 20);
    }
}

void sink_refuse(struct import_sink *sink, const char *why)
{
    char msg[1024];

    snprintf(msg, sizeof msg, "%s: %s", sink->file, why);
    sink->res->bad++;
    /* skip_bad skips bad records of a file it reads; a file it cannot read
     * at all is no record to skip, and importing the others without it
     * would end in silence with most of the data missing. */
    if (!sink->fatal) {
        rf_error_set(sink->err, "%s", msg);
        sink->fatal = true;
        sink->res->refused = true;
    }
}

void sink_record(struct import_sink *sink)
{
    rec_finish(&sink->rec);
    if (!sink->mapper && !detect(sink, &sink->rec))
        return;
    sink->sum.records++;
    sink->mapper->map(sink);
}

static bool count_item(void *data, const char *key, size_t klen, enum ftype type,
                       const char *value, size_t vlen)
{
    (void)key, (void)klen, (void)type, (void)value, (void)vlen;
    ++*(int64_t *)data;
    return true;
}

void sink_items(struct import_sink *sink, const char *text, size_t len)
{
    int64_t n = 0;

    json_members(sink->json, 1, text, len, count_item, &n);
    sink->sum.records += n - 1;
}

bool sink_paths(struct import_sink *sink, const char *const *paths, const char *text,
                size_t len, struct field *out)
{
    struct rf_error err = {{0}};
    size_t i, n = sizeof sink->paths / sizeof sink->paths[0];

    for (i = 0; i < n && sink->paths[i].paths && sink->paths[i].paths != paths; i++)
        ;
    if (i == n) {
        sink_fatal(sink, "internal error: too many JSON path sets");
        return false;
    }
    if (!sink->paths[i].paths) {
        if (!(sink->paths[i].set = json_paths_open(db_sql(sink->db), paths, &err))) {
            sink_fatal(sink, "%s", err.msg);
            return false;
        }
        sink->paths[i].paths = paths;
    }
    if (json_paths_read(sink->paths[i].set, text, len, out) != 0) {
        sink_bad(sink, _("bad JSON: %s"), json_errmsg(sink->json));
        return false;
    }
    return true;
}

void sink_skip(struct import_sink *sink, const char *reason)
{
    sink_skip_n(sink, reason, 1);
}

void sink_skip_n(struct import_sink *sink, const char *reason, int64_t n)
{
    struct import_file_summary *sum = &sink->sum;
    int i;

    sum->skipped += n;
    sink->res->skipped += n;
    for (i = 0; i < sum->nreasons; i++)
        if (strcmp(sum->reasons[i].reason, reason) == 0)
            break;
    if (i == sum->nreasons) {
        if (i == IMPORT_MAX_REASONS)
            i--; /* the last counts the rest */
        else
            snprintf(sum->reasons[sum->nreasons++].reason, sizeof sum->reasons[i].reason, "%s",
                     reason);
    }
    sum->reasons[i].n += n;
}

bool sink_local_time(struct import_sink *sink, const char *text, const char *name,
                     int default_offset, int64_t *ts, bool *has_offset, int *offset,
                     enum time_basis *basis)
{
    struct rf_error why = {{0}};
    struct when_instant at;
    struct when_zone zone = sink->opts->has_zone ? sink->opts->zone : when_offset(default_offset);
    int rc = when_parse_zoned(text, zone, &at, &why);

    if (rc < 0) {
        sink_bad(sink, "%s: %s", name, why.msg);
        return false;
    }
    *ts = at.ts;
    *has_offset = at.has_offset;
    *offset = at.offset_min;
    *basis = rc == 1 ? TIME_LOCAL : TIME_EXACT;
    if (rc == 1 && !sink->sum.zone[0]) {
        char zone_name[64];
        if (zone.kind == WHEN_ZONE_UTC)
            zone = when_offset(0); /* "UTC+00:00": the summary names an offset or a place */
        when_zone_name(zone, zone_name, sizeof zone_name);
        snprintf(sink->sum.zone, sizeof sink->sum.zone, "%.63s (%s)", zone_name,
                 sink->opts->has_zone ? "--assume-zone" : "the format's default");
    }
    return true;
}

bool sink_header(struct import_sink *sink)
{
    const struct record *r = &sink->rec;
    const struct mapper *m;
    const char *const *fields;

    if (!detect(sink, r))
        return false;
    m = sink->mapper;
    fields = m->columns ? m->columns(r) : NULL;
    for (int i = 0; i < r->n; i++) {
        bool known = !fields;
        for (int k = 0; !known && fields[k]; k++)
            known = strcmp(fields[k], r->f[i].name) == 0;
        if (!known) {
            sink_bad(sink, _("header: unknown field '%s'"), r->f[i].name);
            return false;
        }
        for (int j = 0; j < i; j++)
            if (strcmp(r->f[i].name, r->f[j].name) == 0) {
                sink_bad(sink, _("header: column '%s' appears twice"), r->f[i].name);
                return false;
            }
    }
    return true;
}

/* Counts what the store did with a row of `kind` (a count in the result). */
static void stored(struct import_sink *sink, enum store_result rc, int64_t *kind,
                   const char *id, size_t id_len)
{
    switch (rc) {
    case STORE_NEW:
    case STORE_WRITTEN:
        ++*kind;
        break;
    case STORE_UNCHANGED:
        sink->res->unchanged++;
        break;
    case STORE_DUPLICATE:
        sink_bad(sink, _("duplicate id '%.*s' in this file"), (int)(id_len > 60 ? 60 : id_len), id);
        break;
    case STORE_FAILED:
        sink_store_failed(sink);
        break;
    }
}

/* Counts a post's or comment's result in the file's summary line. */
static void tally(struct import_sink *sink, enum store_result rc, int64_t *new_count,
                  int64_t *updated)
{
    if (rc == STORE_NEW)
        ++*new_count;
    else if (rc == STORE_WRITTEN)
        ++*updated;
    else if (rc == STORE_UNCHANGED)
        sink->sum.unchanged++;
}

void sink_post(struct import_sink *sink, const struct post *p)
{
    struct post q = *p;
    enum store_result rc;

    q.from.tool = sink->format;
    q.from.file = sink->file;
    rc = store_post(sink->store, &q);
    tally(sink, rc, &sink->sum.posts_new, &sink->sum.posts_updated);
    sink->res->posts_new += rc == STORE_NEW;
    stored(sink, rc, &sink->res->posts, p->id, p->id_len);
    /* Codes only after the post is in (refuge's own records carry them). */
    if (rc == STORE_NEW || rc == STORE_WRITTEN || rc == STORE_UNCHANGED)
        merge_codes(sink, false, p->platform, p->id, p->id_len);
    sink->codes = NULL;
}

/* A comment's translation from refuge's own records, after the comment is
 * in: kept from a person's unless the record's is one too. */
static void comment_translation(struct import_sink *sink, const struct comment *c)
{
    char *id = strndup(c->id, c->id_len);
    struct translation t = {.comment = true, .platform = c->platform, .id = id,
                            .text = c->translation, .kind = c->tkind, .by = c->translation_by};
    enum translation_result got;
    struct rf_error why = {{0}};

    if (!id || (!sink->translations &&
                !(sink->translations = translation_store_open(db_sql(sink->db), &why)))) {
        sink_fatal(sink, "%s", id ? why.msg : "out of memory");
        free(id);
        return;
    }
    got = translation_store(sink->translations, &t,
                            strcmp(c->tkind, "human") == 0 ? TRANSLATION_REPLACE
                                                           : TRANSLATION_OVER_MACHINE,
                            &why);
    if (got == TRANSLATION_FAILED)
        sink_fatal(sink, "%s", why.msg);
    free(id);
}

void sink_comment(struct import_sink *sink, const struct comment *c)
{
    struct comment q = *c;
    enum store_result rc;

    if (!q.from.tool) { /* refuge's own records may say which tool and file */
        q.from.tool = sink->format;
        q.from.file = sink->file;
    }
    rc = store_comment(sink->store, &q);
    tally(sink, rc, &sink->sum.comments_new, &sink->sum.comments_updated);
    sink->res->comments_new += rc == STORE_NEW;
    stored(sink, rc, &sink->res->comments, c->id, c->id_len);
    if (rc == STORE_NEW || rc == STORE_WRITTEN || rc == STORE_UNCHANGED) {
        if (c->translation)
            comment_translation(sink, c);
        merge_codes(sink, true, c->platform, c->id, c->id_len);
    }
    sink->codes = NULL;
}

void sink_translation(struct import_sink *sink, const struct translation *t)
{
    struct rf_error why = {{0}};

    if (!sink->translations &&
        !(sink->translations = translation_store_open(db_sql(sink->db), &why))) {
        sink_fatal(sink, "%s", why.msg);
        return;
    }
    switch (translation_store(sink->translations, t,
                              sink->opts->replace ? TRANSLATION_REPLACE : TRANSLATION_OVER_MACHINE,
                              &why)) {
    case TRANSLATION_WRITTEN:
        ++*(t->comment ? &sink->sum.comments_updated : &sink->sum.posts_updated);
        ++*(t->comment ? &sink->res->comments : &sink->res->posts);
        break;
    case TRANSLATION_SAME:
        sink->sum.unchanged++;
        sink->res->unchanged++;
        break;
    case TRANSLATION_KEPT:
        sink_skip(sink, _("a person's translation kept (--replace writes over it)"));
        break;
    case TRANSLATION_UNKNOWN:
        if (t->comment)
            sink_bad(sink, _("no comment %.40s:%.80s in the cache"), t->platform, t->id);
        else
            sink_bad(sink, _("no post %.40s:%.80s in the cache"), t->platform, t->id);
        break;
    case TRANSLATION_FAILED:
        sink_fatal(sink, "%s", why.msg);
        break;
    }
}

void sink_code(struct import_sink *sink, const char *name, const char *description,
               const char *key)
{
    struct rf_error why = {{0}};
    unsigned did;

    if (!wb_code_name_check(name, &why)) {
        sink_bad(sink, _("code: %s"), why.msg);
        return;
    }
    if (wb_code_merge_into(sink->db, name, description, key, &did, &why) != 0) {
        if (strstr(why.msg, "cache:") == why.msg)
            sink_fatal(sink, "%s", why.msg);
        else
            sink_bad(sink, _("code %s: %s"), name, why.msg);
        return;
    }
    if (did & WB_CODE_NEW)
        sink->book_new++;
    if (did & WB_CODE_DESCRIPTION_MERGED) {
        sink->book_merged++;
        sink_warn(sink, _("line %ld: code %s: its description differs from the cache's; both "
                          "are kept"),
                  sink->line, name);
    }
    if (did & WB_CODE_KEY_KEPT)
        sink_warn(sink, _("line %ld: code %s: the key %s is not taken (the cache's codebook "
                          "keeps its keys)"),
                  sink->line, name, key);
}

void sink_event(struct import_sink *sink, const struct event *e)
{
    stored(sink, store_event(sink->store, e), &sink->res->events, e->id, e->id_len);
}

void sink_figure(struct import_sink *sink, const struct figure *g)
{
    stored(sink, store_figure(sink->store, g), &sink->res->figures, g->id, g->id_len);
}

/* ---- the run -------------------------------------------------------------------------- */

static void sink_close(struct import_sink *sink)
{
    store_close(sink->store);
    translation_store_close(sink->translations);
    json_close(sink->json);
    rec_free(&sink->rec);
    tags_free(&sink->tags);
    media_free(&sink->media);
    for (size_t i = 0; i < sizeof sink->paths / sizeof sink->paths[0]; i++)
        json_paths_close(sink->paths[i].set);
}

static int sink_open(struct import_sink *sink, struct db *db, const struct import_options *opts,
                     struct import_result *res, struct rf_error *err)
{
    memset(sink, 0, sizeof *sink);
    sink->db = db;
    sink->opts = opts;
    sink->res = res;
    sink->err = err;
    if (!(sink->json = json_open(db_sql(db), err)) ||
        !(sink->store = store_open(db_sql(db), opts->bundled, err))) {
        sink_close(sink);
        return -1;
    }
    return 0;
}

static void import_one(struct import_sink *sink, const char *name, FILE *fp)
{
    enum import_format format = sink->opts->format;
    long lines_before = 0;
    struct input *in = malloc(sizeof *in);
    const char *why;

    sink->file = name;
    sink->line = 0;
    sink->file_done = false;
    sink->mapper = NULL;
    sink->format = NULL;
    memset(&sink->owner, 0, sizeof sink->owner);
    memset(sink->ytd_part, 0, sizeof sink->ytd_part);
    memset(&sink->sum, 0, sizeof sink->sum);
    sink->sum.file = name;
    sink->codes_new = sink->codes_conflicts = sink->book_new = sink->book_merged = 0;
    if (!in) {
        sink_fatal(sink, "out of memory");
        return;
    }
    input_init(in, fp);
    if (store_begin_file(sink->store) != 0) {
        sink_store_failed(sink);
    } else if ((why = input_not_utf8(in))) {
        /* Read as UTF-8, it would fail on its first line for another reason. */
        sink->line = 1;
        sink_bad(sink, "%s", why);
    } else {
        enum import_format found = input_sniff(in, &lines_before);
        if (format == IMPORT_AUTO || found == IMPORT_SQLITE)
            format = found;
        for (size_t i = 0; i < sizeof readers / sizeof readers[0]; i++)
            if (readers[i].format == format)
                readers[i].read(sink, in, lines_before);
        if (!sink_stopped(sink) && input_error(in))
            sink_fatal(sink, "%s: read error: %s", name, strerror(errno));
        if (!sink->fatal && (sink->codes_new || sink->codes_conflicts))
            sink_warn(sink, _("codes: %ld applied anew, %ld conflicts (both memos kept)"),
                      sink->codes_new, sink->codes_conflicts);
        if (!sink->fatal && (sink->book_new || sink->book_merged))
            sink_warn(sink, _("codebook: %ld codes new, %ld descriptions merged (both kept)"),
                      sink->book_new, sink->book_merged);
        if (!sink->fatal && sink->opts->file_done) {
            if (!sink->sum.format)
                sink->sum.format = "empty";
            sink->opts->file_done(sink->opts->file_done_data, &sink->sum);
        }
    }
    input_free(in);
    free(in);
}

/* Brings the derived tables up to date and closes the sink; false when the
 * import must be rolled back. */
static bool sink_finish(struct import_sink *sink)
{
    if (!sink->fatal && store_finish(sink->store, sink->err) != 0)
        sink->fatal = true;
    sink_close(sink);
    return !sink->fatal;
}

/* The bytes left to read in the inputs that are files (a pipe counts 0). */
static uint64_t inputs_size(const struct import_input *inputs, size_t n)
{
    uint64_t total = 0;

    for (size_t i = 0; i < n; i++) {
        struct stat st;
        off_t at = ftello(inputs[i].fp);
        if (fstat(fileno(inputs[i].fp), &st) == 0 && S_ISREG(st.st_mode) && st.st_size > at)
            total += (uint64_t)(st.st_size - (at > 0 ? at : 0));
    }
    return total;
}

/* The rows phase: every input in one transaction, committed. */
static int import_rows(struct db *db, const struct import_input *inputs, size_t n,
                       const struct import_options *opts, struct import_result *result,
                       struct rf_error *err)
{
    struct import_sink sink;

    if (db_begin(db, err) != 0)
        return -1;
    db_bulk_mode(db, true);
    if (sink_open(&sink, db, opts, result, err) != 0) {
        db_rollback(db);
        db_bulk_mode(db, false);
        return -1;
    }
    if (store_defer_indexes(sink.store, inputs_size(inputs, n), err) != 0) {
        sink_close(&sink);
        db_rollback(db);
        db_bulk_mode(db, false);
        return -1;
    }
    for (size_t i = 0; i < n && !sink.fatal; i++)
        import_one(&sink, inputs[i].name, inputs[i].fp);
    /* A signal during the finish still stops it before the commit. */
    if (!sink_finish(&sink) || sink_stopped(&sink) || db_commit(db, err) != 0) {
        db_rollback(db);
        db_bulk_mode(db, false);
        return -1;
    }
    db_bulk_mode(db, false);
    return 0;
}

int import_run(struct db *db, const struct import_input *inputs, size_t n,
               const struct import_options *opts, struct import_result *result,
               struct rf_error *err)
{
    struct rf_error why = {{0}};
    bool alone;
    int rc;

    memset(result, 0, sizeof *result);
    /* A first import's rows are written once, with a rollback journal,
     * when nobody else has the cache open (db_journal_alone()); the index
     * is built in WAL mode again, so that the explorer reads while it
     * grows. Should the switch back fail, the index steps keep the
     * rollback journal (readers then wait a step), and the next open
     * switches back. */
    alone = store_first_import(db_sql(db)) && db_journal_alone(db);
    rc = import_rows(db, inputs, n, opts, result, err);
    if (alone)
        db_journal_shared(db, NULL);
    if (rc != 0)
        return -1;
    /* The rows are in: from here on nothing is rolled back. */
    if (opts->defer_index)
        import_index_waiting(db, &result->index_waiting, &why);
    else if (import_index_build(db, opts, &result->index_waiting, &why) != 0) {
        snprintf(result->index_error, sizeof result->index_error, "%.200s", why.msg);
        import_index_waiting(db, &result->index_waiting, NULL);
    }
    return 0;
}

int import_buffer(struct db *db, const char *name, const char *data, size_t len,
                  const struct import_options *opts, struct import_result *result,
                  struct rf_error *err)
{
    struct import_sink sink;
    FILE *fp;
    bool ok;

    memset(result, 0, sizeof *result);
    if (len == 0)
        return 0;
    if (!(fp = fmemopen((void *)data, len, "r"))) {
        rf_error_set(err, "%s: %s", name, strerror(errno));
        return -1;
    }
    if (sink_open(&sink, db, opts, result, err) != 0) {
        fclose(fp);
        return -1;
    }
    import_one(&sink, name, fp);
    ok = sink_finish(&sink) && import_index_catch_up(db, err) == 0;
    fclose(fp);
    return ok ? 0 : -1;
}

int import_drop_bundled(struct db *db, int64_t counts[3], struct rf_error *err)
{
    return store_drop_bundled(db_sql(db), counts, err);
}
