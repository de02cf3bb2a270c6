#include "autoconfig.h"

#include <csv.h>
#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "batch.h"
#include "bundle.h"
#include "import.h"
#include "model.h"
#include "text.h"
#include "when.h"

enum out_format { OUT_TEXT, OUT_CSV, OUT_JSONL, OUT_MD };

/* Options shared by the listing commands. */
enum {
    OPT_FORMAT = 256, OPT_FROM, OPT_TO, OPT_LANG, OPT_TAG, OPT_PLATFORM, OPT_SEARCH, OPT_LIMIT,
    OPT_SORT, OPT_KIND, OPT_WHAT, OPT_SKIP_BAD, OPT_TOP, OPT_STARRED, OPT_PROVENANCE,
    OPT_ASSUME_ZONE, OPT_POST
};

struct session {
    struct db *db;
    struct model *model;
};

/* A message may quote the data (a bad field's value): made safe for the
 * terminal in place, and returned. */
static const char *safe(struct rf_error *e)
{
    char *clean = text_sanitize(e->msg, strlen(e->msg), 0);

    if (clean) {
        snprintf(e->msg, sizeof e->msg, "%s", clean);
        free(clean);
    }
    return e->msg;
}

/* Opens the cache and the model; prints a warning when the bundle could not
 * be loaded. Returns RF_EXIT_OK or an exit status after printing why. */
static int session_open(struct cli_context *ctx, struct session *s)
{
    struct rf_error err = {{0}}, warning = {{0}};

    memset(s, 0, sizeof *s);
    if (bundle_open_cache(ctx->db_path, ctx->rebuild, &s->db, &warning, &err) != 0)
        return cli_runtime_error(ctx, "%s", safe(&err));
    if (warning.msg[0])
        fprintf(stderr, "%s: warning: %s\n", ctx->program, safe(&warning));
    if (!(s->model = model_new(s->db, &err))) {
        db_close(s->db);
        return cli_runtime_error(ctx, "%s", safe(&err));
    }
    return RF_EXIT_OK;
}

static void session_close(struct session *s)
{
    model_free(s->model);
    db_close(s->db);
}

/* ---- option values ------------------------------------------------------------- */

static int parse_format(struct cli_context *ctx, const char *cmd, const char *arg,
                        enum out_format *out)
{
    static const char *const names[] = {"text", "csv", "jsonl", "md"};

    for (int i = 0; i < 4; i++)
        if (strcmp(arg, names[i]) == 0) {
            *out = (enum out_format)i;
            return RF_EXIT_OK;
        }
    return cli_usage_error(ctx, "%s: --format: expected text, csv, jsonl or md, got '%s'", cmd,
                           arg);
}

/* --from / --to: a period or an instant, by when_parse_bound()'s rules (a
 * day, month or year given to --to is included). */
static int parse_bound(struct cli_context *ctx, const char *cmd, const char *opt,
                       const char *arg, bool is_to, int64_t *out)
{
    struct rf_error why = {{0}};

    if (when_parse_bound(arg, is_to, when_utc(), out, &why) != 0)
        return cli_usage_error(ctx, "%s: %s: %s (got '%s')", cmd, opt, why.msg, arg);
    return RF_EXIT_OK;
}

static int parse_number(struct cli_context *ctx, const char *cmd, const char *opt,
                        const char *arg, long *out)
{
    char *end;

    errno = 0;
    *out = strtol(arg, &end, 10);
    if (end == arg || *end || errno || *out < 0)
        return cli_usage_error(ctx, "%s: %s: expected a number, got '%s'", cmd, opt, arg);
    return RF_EXIT_OK;
}

/* ---- writing values ------------------------------------------------------------ */

static void json_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(out, "\\%c", c);
        else if (c == '\n')
            fputs("\\n", out);
        else if (c == '\t')
            fputs("\\t", out);
        else if (c == '\r')
            fputs("\\r", out);
        else if (c < 0x20 || c == 0x7f)
            fprintf(out, "\\u%04x", c);
        else
            fputc(c, out);
    }
    fputc('"', out);
}

/* A JSON Lines record or a CSV row, written a field at a time. */
struct rec {
    FILE *out;
    enum out_format format;
    int n;
};

static void rec_begin(struct rec *r)
{
    r->n = 0;
    if (r->format == OUT_JSONL)
        fputc('{', r->out);
}

static void rec_end(struct rec *r)
{
    fputs(r->format == OUT_JSONL ? "}\n" : "\r\n", r->out);
}

static void rec_key(struct rec *r, const char *key)
{
    if (r->format == OUT_JSONL) {
        fprintf(r->out, "%s\"%s\":", r->n ? "," : "", key);
    } else if (r->n) {
        fputc(',', r->out);
    }
    r->n++;
}

/* A string field; NULL is left out of JSON and empty in CSV. */
static void rec_str(struct rec *r, const char *key, const char *v)
{
    if (!v && r->format == OUT_JSONL)
        return;
    rec_key(r, key);
    if (r->format == OUT_JSONL)
        json_string(r->out, v);
    else if (v)
        csv_fwrite(r->out, v, strlen(v));
}

static void rec_int(struct rec *r, const char *key, long long v)
{
    rec_key(r, key);
    fprintf(r->out, "%lld", v);
}

/* Writes the shortest decimal that reads back as the same double. */
static void rec_num(struct rec *r, const char *key, double v)
{
    char buf[64];

    snprintf(buf, sizeof buf, "%.15g", v);
    if (strtod(buf, NULL) != v)
        snprintf(buf, sizeof buf, "%.17g", v);
    rec_key(r, key);
    fputs(buf, r->out);
}

/* An array of strings: a JSON array in both formats (CSV cells hold its
 * text, which import reads back). */
static void rec_array(struct rec *r, const char *key, char *const *items, size_t n)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);

    if (!mem)
        return;
    fputc('[', mem);
    for (size_t i = 0; i < n; i++) {
        if (i)
            fputc(',', mem);
        json_string(mem, items[i]);
    }
    fputc(']', mem);
    fclose(mem);
    rec_key(r, key);
    if (r->format == OUT_JSONL)
        fputs(buf, r->out);
    else
        csv_fwrite(r->out, buf, len);
    free(buf);
}

static void rec_sources(struct rec *r, const struct model_source *s, size_t n)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);

    if (!mem)
        return;
    fputc('[', mem);
    for (size_t i = 0; i < n; i++) {
        fputs(i ? ",{\"publisher\":" : "{\"publisher\":", mem);
        json_string(mem, s[i].publisher);
        if (s[i].title)
            fputs(",\"title\":", mem), json_string(mem, s[i].title);
        if (s[i].published)
            fputs(",\"date\":", mem), json_string(mem, s[i].published);
        if (s[i].url)
            fputs(",\"url\":", mem), json_string(mem, s[i].url);
        fputc('}', mem);
    }
    fputc(']', mem);
    fclose(mem);
    rec_key(r, "sources");
    if (r->format == OUT_JSONL)
        fputs(buf, r->out);
    else
        csv_fwrite(r->out, buf, len);
    free(buf);
}

/* ISO 8601 as import reads it back: with the source's offset when it gave
 * one, else without a zone (which import takes as UTC). A time no calendar
 * holds (a damaged cache) is written as its Unix seconds. */
static void format_iso(char *buf, size_t size, int64_t ts, bool has_offset, int offset)
{
    char zone[16] = "";

    if (!when_format(buf, size, ts, has_offset ? when_offset(offset) : when_utc(), WHEN_ISO)) {
        snprintf(buf, size, "%lld", (long long)ts);
        return;
    }
    if (has_offset)
        when_format_offset(zone, sizeof zone, offset);
    snprintf(buf + strlen(buf), size - strlen(buf), "%s", zone);
}

/* "2025-01-14 21:05 +08:00", or "... UTC" when the offset is unknown. */
static void format_local(char *buf, size_t size, int64_t ts, bool has_offset, int offset)
{
    char zone[16] = "UTC";

    if (!when_format(buf, size, ts, has_offset ? when_offset(offset) : when_utc(),
                     WHEN_DATE_TIME)) {
        snprintf(buf, size, "(time out of range)");
        return;
    }
    if (has_offset)
        when_format_offset(zone, sizeof zone, offset);
    snprintf(buf + strlen(buf), size - strlen(buf), " %s", zone);
}

static void format_day(char *buf, size_t size, int64_t ts)
{
    when_format(buf, size, ts, when_utc(), WHEN_DATE);
}

/* ---- plain text through the text layer ------------------------------------------ */

static int out_width(void)
{
    struct winsize ws;
    const char *cols = getenv("COLUMNS");

    if (cols && atoi(cols) >= 20)
        return atoi(cols);
    if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
        return ws.ws_col;
    return 100;
}

/* Prints data text sanitised, fitted to exactly `width` columns (padded),
 * or whole when width < 0. Newlines become spaces. */
static void put_cell(FILE *out, const char *s, int width)
{
    char *flat = strdup(s ? s : ""), *clean;
    size_t len;

    if (!flat)
        return;
    /* Line breaks in a cell would break the row: a space each. */
    for (char *p = flat; *p; p++)
        if (*p == '\n' || *p == '\r')
            *p = ' ';
    clean = text_sanitize(flat, strlen(flat), 0);
    free(flat);
    if (!clean)
        return;
    len = strlen(clean);
    if (width < 0) {
        fputs(clean, out);
    } else {
        struct text_fit fit = text_fit(clean, len, width);
        fwrite(clean, 1, fit.bytes, out);
        if (fit.truncated)
            fputs(text_ascii() ? "." : "\xe2\x80\xa6", out);
        fprintf(out, "%*s", fit.pad, "");
    }
    free(clean);
}

/* Data text for Markdown: sanitised, with the characters that would start
 * markup escaped, one paragraph per line of the quote. */
static void put_md(FILE *out, const char *s, const char *line_prefix)
{
    char *clean = text_sanitize(s ? s : "", s ? strlen(s) : 0, TEXT_KEEP_NEWLINES);

    if (!clean)
        return;
    for (const char *p = clean; *p; p++) {
        if (*p == '\n') {
            fprintf(out, "\n%s", line_prefix);
            continue;
        }
        if (strchr("\\`*_[]<>|#", *p))
            fputc('\\', out);
        fputc(*p, out);
    }
    free(clean);
}

/* ---- refuge import ------------------------------------------------------------------ */

/* A progress bar is worth it on a terminal for inputs from 4 MiB (for a
 * pipe, once that much has been read). */
#define PROGRESS_MIN_BYTES (4u << 20)

struct progress {
    bool on;
    uint64_t total;
};

static void report_bad(void *data, const char *message)
{
    char *clean = text_sanitize(message, strlen(message), 0);

    (void)data;
    fprintf(stderr, "refuge: %s\n", clean ? clean : message);
    free(clean);
}

/* One file's summary: what it was read as and what it gave. */
static void file_done(void *data, const struct import_file_summary *sum)
{
    char *name = text_sanitize(sum->file, strlen(sum->file), 0);
    struct progress *p = data;

    if (p->on)
        fputs("\r\033[K", stderr);
    printf("%s: %s, %lld records: %lld posts new, %lld updated; %lld comments new, %lld "
           "updated; %lld unchanged; %lld skipped",
           name ? name : "?", sum->format, (long long)sum->records, (long long)sum->posts_new,
           (long long)sum->posts_updated, (long long)sum->comments_new,
           (long long)sum->comments_updated, (long long)sum->unchanged,
           (long long)sum->skipped);
    for (int i = 0; i < sum->nreasons; i++)
        printf("%s%s: %lld", i ? ", " : " (", sum->reasons[i].reason,
               (long long)sum->reasons[i].n);
    printf("%s", sum->nreasons ? ")" : "");
    if (sum->zone[0])
        printf("; zoneless local times read in %s", sum->zone);
    putchar('\n');
    free(name);
}

static void show_progress(void *data, const char *name, uint64_t bytes)
{
    struct progress *p = data;
    int pct = p->total ? (int)(bytes * 100 / p->total) : 0;
    char bar[31];

    if (!p->on)
        return;
    if (!p->total) { /* a pipe: its size is not known, so count */
        if (bytes >= PROGRESS_MIN_BYTES)
            fprintf(stderr, "\rimporting %-30.30s %6llu MiB", name,
                    (unsigned long long)(bytes >> 20));
        return;
    }
    if (pct > 100)
        pct = 100;
    memset(bar, '#', (size_t)(pct * 30 / 100));
    memset(bar + pct * 30 / 100, ' ', (size_t)(30 - pct * 30 / 100));
    bar[30] = '\0';
    fprintf(stderr, "\rimporting %-30.30s [%s] %3d%%", name, bar, pct);
}

/* The signal that ends an import: it stops at the next record and rolls
 * back, so the user is told nothing was imported. */
static volatile sig_atomic_t import_signal;

static void on_import_signal(int signo)
{
    import_signal = signo;
}

/* Catches (catch) or restores the signals that end an import. */
static void import_signals(bool catch, struct sigaction *saved)
{
    static const int signals[] = {SIGINT, SIGTERM, SIGHUP};
    struct sigaction sa;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_import_signal; /* no SA_RESTART: a blocked read returns */
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++)
        sigaction(signals[i], catch ? &sa : &saved[i], catch ? &saved[i] : NULL);
}

int batch_import(struct cli_context *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {CLI_COMMON_LONGOPTS,
                                              {"format", required_argument, NULL, OPT_FORMAT},
                                              {"skip-bad", no_argument, NULL, OPT_SKIP_BAD},
                                              {"assume-zone", required_argument, NULL,
                                               OPT_ASSUME_ZONE},
                                              {NULL, 0, NULL, 0}};
    struct import_options opts = {.format = IMPORT_AUTO};
    struct import_input *inputs;
    struct import_result res;
    struct progress prog = {0};
    struct session s;
    struct rf_error err = {{0}};
    struct timespec t0, t1;
    struct sigaction saved[3];
    bool unsized = false;
    int opt, status, n;

    while ((opt = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        int common = cli_common_option(ctx, opt, optarg, "import");
        if (common < 0)
            return RF_EXIT_OK;
        if (common > 0)
            continue;
        if (opt == OPT_FORMAT) {
            int f = import_format_from_name(optarg);
            if (f >= 0)
                opts.format = (enum import_format)f;
            else if (import_source_known(optarg))
                opts.source = optarg;
            else
                return cli_usage_error(ctx, "import: --format: expected jsonl, json, csv or a "
                                            "source format of refuge(1), got '%s'",
                                       optarg);
        } else if (opt == OPT_ASSUME_ZONE) {
            opts.has_zone = true;
            if (strcmp(optarg, "UTC") == 0 || strcmp(optarg, "Z") == 0)
                opts.zone_offset = 0;
            else if (when_parse_offset(optarg, &opts.zone_offset) != 0)
                return cli_usage_error(ctx, "import: --assume-zone: expected UTC or an offset "
                                            "like +08:00, got '%s'",
                                       optarg);
        } else if (opt == OPT_SKIP_BAD)
            opts.skip_bad = true;
        else
            return cli_option_error(ctx, "import", opt, argv);
    }
    n = argc - optind;
    if (n < 1)
        return cli_usage_error(ctx, "import: name a file to import ('-' for standard input)");
    if (!(inputs = calloc((size_t)n, sizeof *inputs)))
        return cli_runtime_error(ctx, "out of memory");
    /* Open every input first: a missing file changes nothing. */
    for (int i = 0; i < n; i++) {
        const char *path = argv[optind + i];
        struct stat st;
        inputs[i].name = strcmp(path, "-") == 0 ? "stdin" : path;
        inputs[i].fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
        if (!inputs[i].fp) {
            status = cli_runtime_error(ctx, "import: cannot open %s: %s", path, strerror(errno));
            for (int k = 0; k < i; k++)
                if (inputs[k].fp != stdin)
                    fclose(inputs[k].fp);
            free(inputs);
            return status;
        }
        if (fstat(fileno(inputs[i].fp), &st) == 0 && S_ISREG(st.st_mode))
            prog.total += (uint64_t)st.st_size;
        else
            unsized = true;
    }
    prog.on = isatty(STDERR_FILENO) && (prog.total >= PROGRESS_MIN_BYTES || unsized);
    if (unsized)
        prog.total = 0;
    opts.report = opts.skip_bad ? report_bad : NULL;
    opts.progress = show_progress;
    opts.progress_data = &prog;
    opts.file_done = file_done;
    opts.file_done_data = &prog;
    opts.stop = &import_signal;
    status = session_open(ctx, &s);
    if (status == RF_EXIT_OK) {
        int rc;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        import_signals(true, saved);
        rc = import_run(s.db, inputs, (size_t)n, &opts, &res, &err);
        import_signals(false, saved);
        if (rc != 0 && import_signal) {
            if (prog.on)
                fputs("\r\033[K", stderr);
            cli_runtime_error(ctx, "%s by a signal; nothing was imported", safe(&err));
            status = 128 + import_signal;
        } else if (rc != 0) {
            if (prog.on)
                fputs("\r\033[K", stderr);
            status = cli_runtime_error(
                ctx, "%s; nothing was imported%s", safe(&err),
                res.bad && !opts.skip_bad ? " (--skip-bad imports the good records)" : "");
        } else {
            double secs;
            clock_gettime(CLOCK_MONOTONIC, &t1);
            secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
            if (prog.on)
                fputs("\r\033[K", stderr);
            printf("imported %lld posts", (long long)res.posts);
            if (res.comments)
                printf(", %lld comments", (long long)res.comments);
            if (res.events)
                printf(", %lld events", (long long)res.events);
            if (res.figures)
                printf(", %lld figures", (long long)res.figures);
            if (res.unchanged)
                printf(", %lld unchanged", (long long)res.unchanged);
            printf(", %lld skipped, %.1f s\n", (long long)(res.bad + res.skipped), secs);
        }
        session_close(&s);
    }
    for (int i = 0; i < n; i++)
        if (inputs[i].fp != stdin)
            fclose(inputs[i].fp);
    free(inputs);
    return status;
}

/* ---- records as import reads them ---------------------------------------------------- */

static void write_post(struct rec *r, const struct model_post *p)
{
    char when[48];

    format_iso(when, sizeof when, p->ts_utc, p->has_offset, p->utc_offset);
    rec_begin(r);
    rec_str(r, "id", p->ext_id);
    rec_str(r, "platform", p->platform);
    rec_str(r, "author", p->author);
    rec_str(r, "region", p->region);
    rec_str(r, "lang", p->lang);
    rec_str(r, "time", when);
    rec_str(r, "text", p->text);
    rec_str(r, "translation", p->translation);
    rec_str(r, "translation_kind", p->translation_kind);
    rec_int(r, "likes", p->likes);
    rec_int(r, "comments", p->comments);
    rec_int(r, "collects", p->collects);
    rec_int(r, "shares", p->shares);
    rec_array(r, "tags", p->tags, p->ntags);
    rec_str(r, "url", p->url);
    rec_str(r, "provenance", p->provenance);
    rec_str(r, "source", p->source);
    rec_str(r, "note", p->note);
    rec_end(r);
}

/* A comment as refuge's own record: `post` (the post's id on its
 * platform) tells it from a post. Likes: a number, "N+" for a lower
 * bound, absent when unknown. */
static void write_comment(struct rec *r, const struct model_comment *c)
{
    char when[48], likes[32];

    format_iso(when, sizeof when, c->ts_utc, c->has_offset, c->utc_offset);
    snprintf(likes, sizeof likes, "%lld+", (long long)c->likes);
    rec_begin(r);
    rec_str(r, "id", c->ext_id);
    rec_str(r, "platform", c->platform);
    rec_str(r, "post", c->post_ext_id);
    rec_str(r, "parent", c->parent_ext_id);
    rec_str(r, "author", c->author);
    rec_str(r, "author_key", c->author_key);
    rec_str(r, "region", c->region);
    rec_str(r, "lang", c->lang);
    rec_str(r, "time", when);
    rec_str(r, "time_basis", strcmp(c->time_basis, "exact") ? c->time_basis : NULL);
    rec_str(r, "text", c->text);
    if (c->has_likes && c->likes_at_least)
        rec_str(r, "likes", likes);
    else if (c->has_likes)
        rec_int(r, "likes", c->likes);
    else if (r->format == OUT_CSV)
        rec_str(r, "likes", NULL);
    if (c->has_replies)
        rec_int(r, "replies", c->replies);
    else if (r->format == OUT_CSV)
        rec_str(r, "replies", NULL);
    rec_array(r, "media", c->media, c->nmedia);
    rec_end(r);
}

static const char comment_header[] = "id,platform,post,parent,author,author_key,region,lang,"
                                     "time,time_basis,text,likes,replies,media\r\n";

static const char post_header[] = "id,platform,author,region,lang,time,text,translation,"
                                  "translation_kind,likes,comments,collects,shares,tags,url,"
                                  "provenance,source,note\r\n";
static const char event_header[] = "id,date,time,utc_offset,tz,kind,title_en,title_zh,"
                                   "summary_en,summary_zh,confidence,importance,notes,"
                                   "sources\r\n";
static const char figure_header[] = "id,series,label_en,label_zh,value,qualifier,unit,as_of,"
                                    "utc_offset,tz,confidence,event_id,notes,sources\r\n";

static void write_event(struct rec *r, const struct model_event *e)
{
    char off[16];

    when_format_offset(off, sizeof off, e->utc_offset);
    rec_begin(r);
    rec_str(r, "id", e->id);
    rec_str(r, "date", e->date);
    rec_str(r, "time", e->time);
    rec_str(r, "utc_offset", e->has_offset ? off : NULL);
    rec_str(r, "tz", e->tz);
    rec_str(r, "kind", model_kind_name(e->kind));
    rec_str(r, "title_en", e->title_en);
    rec_str(r, "title_zh", e->title_zh);
    rec_str(r, "summary_en", e->summary_en);
    rec_str(r, "summary_zh", e->summary_zh);
    rec_str(r, "confidence", e->confidence);
    rec_int(r, "importance", e->importance);
    rec_str(r, "notes", e->notes);
    rec_sources(r, e->sources, e->nsources);
    rec_end(r);
}

static void write_figure(struct rec *r, const struct model_figure *f)
{
    char off[16];

    when_format_offset(off, sizeof off, f->utc_offset);
    rec_begin(r);
    rec_str(r, "id", f->id);
    rec_str(r, "series", f->series);
    rec_str(r, "label_en", f->label_en);
    rec_str(r, "label_zh", f->label_zh);
    rec_num(r, "value", f->value);
    rec_str(r, "qualifier", f->qualifier);
    rec_str(r, "unit", f->unit);
    rec_str(r, "as_of", f->as_of);
    rec_str(r, "utc_offset", f->has_offset ? off : NULL);
    rec_str(r, "tz", f->tz);
    rec_str(r, "confidence", f->confidence);
    rec_str(r, "event_id", f->event_id);
    rec_str(r, "notes", f->notes);
    rec_sources(r, f->sources, f->nsources);
    rec_end(r);
}

/* Events in time order, each with its detail, through a callback-free
 * loop over keyset pages. */
static int export_events(struct session *s, struct rec *r, const struct model_event_filter *f,
                         struct rf_error *err)
{
    struct model_cursor at = {0};
    struct model_event_page page;

    do {
        if (model_events(s->model, f, &at, MODEL_FORWARD, 256, &page, err) != 0)
            return -1;
        for (size_t i = 0; i < page.count; i++) {
            struct model_event e;
            if (model_event_detail(s->model, page.rows[i].id, &e, err) != 0) {
                model_event_page_free(&page);
                return -1;
            }
            write_event(r, &e);
            model_event_free(&e);
        }
        at = page.last;
        model_event_page_free(&page);
    } while (page.more);
    return 0;
}

static int export_figures(struct session *s, struct rec *r, struct rf_error *err)
{
    struct model_figure_list list;

    if (model_figures(s->model, NULL, &list, err) != 0)
        return -1;
    for (size_t i = 0; i < list.count; i++)
        write_figure(r, &list.rows[i]);
    model_figure_list_free(&list);
    return 0;
}

static int export_posts(struct session *s, struct rec *r, struct rf_error *err)
{
    struct model_cursor at = {0};
    struct model_post_page page;

    do {
        if (model_export_posts(s->model, &at, 1024, &page, err) != 0)
            return -1;
        for (size_t i = 0; i < page.count; i++)
            write_post(r, &page.rows[i]);
        at = page.last;
        model_post_page_free(&page);
    } while (page.more);
    return 0;
}

static bool export_one_comment(void *data, const struct model_comment *c)
{
    write_comment(data, c);
    return true;
}

int batch_export(struct cli_context *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {CLI_COMMON_LONGOPTS,
                                              {"format", required_argument, NULL, OPT_FORMAT},
                                              {"what", required_argument, NULL, OPT_WHAT},
                                              {NULL, 0, NULL, 0}};
    enum out_format format = OUT_JSONL;
    const char *what = "all";
    struct rec r = {.out = stdout};
    struct rf_error err = {{0}};
    struct session s;
    int opt, status, rc = 0;

    while ((opt = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        int common = cli_common_option(ctx, opt, optarg, "export");
        if (common < 0)
            return RF_EXIT_OK;
        if (common > 0)
            continue;
        if (opt == OPT_FORMAT) {
            if ((status = parse_format(ctx, "export", optarg, &format)) != RF_EXIT_OK)
                return status;
            if (format != OUT_JSONL && format != OUT_CSV)
                return cli_usage_error(ctx, "export: --format: expected jsonl or csv");
        } else if (opt == OPT_WHAT) {
            what = optarg;
            if (strcmp(what, "all") && strcmp(what, "posts") && strcmp(what, "events") &&
                strcmp(what, "figures") && strcmp(what, "comments"))
                return cli_usage_error(ctx, "export: --what: expected posts, comments, events, "
                                            "figures or all, got '%s'",
                                       what);
        } else
            return cli_option_error(ctx, "export", opt, argv);
    }
    if (optind < argc)
        return cli_usage_error(ctx, "export: unexpected argument '%s'", argv[optind]);
    if (format == OUT_CSV && strcmp(what, "all") == 0)
        return cli_usage_error(ctx, "export: a CSV file holds one kind of record; "
                                    "add --what posts, comments, events or figures");
    if ((status = session_open(ctx, &s)) != RF_EXIT_OK)
        return status;
    r.format = format;
    if (strcmp(what, "all") == 0 || strcmp(what, "events") == 0) {
        if (format == OUT_CSV)
            fputs(event_header, stdout);
        rc = export_events(&s, &r, NULL, &err);
    }
    if (rc == 0 && (strcmp(what, "all") == 0 || strcmp(what, "figures") == 0)) {
        if (format == OUT_CSV)
            fputs(figure_header, stdout);
        rc = export_figures(&s, &r, &err);
    }
    if (rc == 0 && (strcmp(what, "all") == 0 || strcmp(what, "posts") == 0)) {
        if (format == OUT_CSV)
            fputs(post_header, stdout);
        rc = export_posts(&s, &r, &err);
    }
    if (rc == 0 && (strcmp(what, "all") == 0 || strcmp(what, "comments") == 0)) {
        if (format == OUT_CSV)
            fputs(comment_header, stdout);
        rc = model_comments(s.model, NULL, NULL, export_one_comment, &r, &err);
    }
    session_close(&s);
    if (rc != 0)
        return cli_runtime_error(ctx, "export: %s", safe(&err));
    if (fflush(stdout) != 0 || ferror(stdout))
        return cli_runtime_error(ctx, "export: cannot write: %s", strerror(errno));
    return RF_EXIT_OK;
}

/* ---- refuge timeline ------------------------------------------------------------------ */

static const char *title_of(const struct model_event *e, const char *lang)
{
    return lang && strcmp(lang, "zh") == 0 ? e->title_zh : e->title_en;
}

int batch_timeline(struct cli_context *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {CLI_COMMON_LONGOPTS,
                                              {"format", required_argument, NULL, OPT_FORMAT},
                                              {"kind", required_argument, NULL, OPT_KIND},
                                              {"from", required_argument, NULL, OPT_FROM},
                                              {"to", required_argument, NULL, OPT_TO},
                                              {"lang", required_argument, NULL, OPT_LANG},
                                              {NULL, 0, NULL, 0}};
    struct model_event_filter filter = {0};
    enum out_format format = OUT_TEXT;
    const char *lang = "en";
    struct model_cursor at = {0};
    struct model_event_page page;
    struct rf_error err = {{0}};
    struct rec r = {.out = stdout};
    struct session s;
    int opt, status, width;

    while ((opt = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        int common = cli_common_option(ctx, opt, optarg, "timeline");
        if (common < 0)
            return RF_EXIT_OK;
        if (common > 0)
            continue;
        status = RF_EXIT_OK;
        switch (opt) {
        case OPT_FORMAT:
            status = parse_format(ctx, "timeline", optarg, &format);
            break;
        case OPT_KIND: {
            /* A comma-separated list of kinds. */
            char *list = strdup(optarg), *save = NULL;
            for (char *k = list ? strtok_r(list, ",", &save) : NULL; k;
                 k = strtok_r(NULL, ",", &save)) {
                unsigned bit = model_kind_from_name(k);
                if (!bit) {
                    status = cli_usage_error(ctx, "timeline: --kind: unknown kind '%s'", k);
                    break;
                }
                filter.kinds |= bit;
            }
            free(list);
            break;
        }
        case OPT_FROM:
            filter.has_from = true;
            status = parse_bound(ctx, "timeline", "--from", optarg, false, &filter.from);
            break;
        case OPT_TO:
            filter.has_to = true;
            status = parse_bound(ctx, "timeline", "--to", optarg, true, &filter.to);
            break;
        case OPT_LANG:
            lang = optarg;
            if (strcmp(lang, "en") && strcmp(lang, "zh"))
                status = cli_usage_error(ctx, "timeline: --lang: expected en or zh");
            break;
        default:
            return cli_option_error(ctx, "timeline", opt, argv);
        }
        if (status != RF_EXIT_OK)
            return status;
    }
    if (optind < argc)
        return cli_usage_error(ctx, "timeline: unexpected argument '%s'", argv[optind]);
    if ((status = session_open(ctx, &s)) != RF_EXIT_OK)
        return status;
    r.format = format;
    if (format == OUT_CSV || format == OUT_JSONL) {
        if (format == OUT_CSV)
            fputs(event_header, stdout);
        status = export_events(&s, &r, &filter, &err) == 0
                     ? RF_EXIT_OK
                     : cli_runtime_error(ctx, "timeline: %s", safe(&err));
        session_close(&s);
        return status;
    }
    width = out_width();
    if (format == OUT_MD)
        printf("| Date | Time | Kind | Event |\n|---|---|---|---|\n");
    do {
        if (model_events(s.model, &filter, &at, MODEL_FORWARD, 256, &page, &err) != 0) {
            session_close(&s);
            return cli_runtime_error(ctx, "timeline: %s", safe(&err));
        }
        for (size_t i = 0; i < page.count; i++) {
            const struct model_event *e = &page.rows[i];
            char when[32] = "";
            if (e->time)
                snprintf(when, sizeof when, "%s %s", e->time, e->tz ? e->tz : "");
            if (format == OUT_MD) {
                fputs("| ", stdout);
                put_md(stdout, e->date, "");
                fputs(" | ", stdout);
                put_md(stdout, when, "");
                printf(" | %s | ", model_kind_name(e->kind));
                put_md(stdout, title_of(e, lang), " ");
                printf("%s |\n", e->importance >= 3 ? " **(turning point)**" : "");
            } else {
                /* date, time, kind, then the title fitted to the rest */
                put_cell(stdout, e->date, 10);
                fputs("  ", stdout);
                put_cell(stdout, when, 9);
                fputs("  ", stdout);
                put_cell(stdout, model_kind_name(e->kind), 15);
                fputs(e->importance >= 3 ? " * " : "   ", stdout);
                put_cell(stdout, title_of(e, lang), width - 42 > 10 ? width - 42 : 10);
                fputc('\n', stdout);
            }
        }
        at = page.last;
        model_event_page_free(&page);
    } while (page.more);
    session_close(&s);
    return RF_EXIT_OK;
}

/* ---- refuge feed and refuge stats: shared filter options ----------------------------- */

struct post_opts {
    struct model_filter filter;
    enum out_format format;
    enum model_sort sort;
    long limit, top;
};

static const struct option post_longopts[] = {
    CLI_COMMON_LONGOPTS,
    {"format", required_argument, NULL, OPT_FORMAT},
    {"from", required_argument, NULL, OPT_FROM},
    {"to", required_argument, NULL, OPT_TO},
    {"lang", required_argument, NULL, OPT_LANG},
    {"tag", required_argument, NULL, OPT_TAG},
    {"platform", required_argument, NULL, OPT_PLATFORM},
    {"search", required_argument, NULL, OPT_SEARCH},
    {"provenance", required_argument, NULL, OPT_PROVENANCE},
    {"starred", no_argument, NULL, OPT_STARRED},
    {"limit", required_argument, NULL, OPT_LIMIT},
    {"sort", required_argument, NULL, OPT_SORT},
    {"top", required_argument, NULL, OPT_TOP},
    {NULL, 0, NULL, 0}};

/* Parses the filter options; `stats` accepts --top instead of --limit and
 * --sort. Returns RF_EXIT_OK, -1 after --help, or a usage status. */
static int parse_post_opts(struct cli_context *ctx, const char *cmd, bool stats, int argc,
                           char **argv, struct post_opts *o)
{
    int opt, status;

    while ((opt = getopt_long(argc, argv, ":h", post_longopts, NULL)) != -1) {
        int common = cli_common_option(ctx, opt, optarg, cmd);
        if (common < 0)
            return -1;
        if (common > 0)
            continue;
        status = RF_EXIT_OK;
        if ((stats && (opt == OPT_LIMIT || opt == OPT_SORT)) || (!stats && opt == OPT_TOP))
            opt = '?';
        switch (opt) {
        case OPT_FORMAT:
            status = parse_format(ctx, cmd, optarg, &o->format);
            break;
        case OPT_FROM:
            o->filter.has_from = true;
            status = parse_bound(ctx, cmd, "--from", optarg, false, &o->filter.from);
            break;
        case OPT_TO:
            o->filter.has_to = true;
            status = parse_bound(ctx, cmd, "--to", optarg, true, &o->filter.to);
            break;
        case OPT_LANG:
            o->filter.lang = optarg;
            if (strcmp(optarg, "zh") && strcmp(optarg, "en"))
                status = cli_usage_error(ctx, "%s: --lang: expected zh or en, got '%s'", cmd,
                                         optarg);
            break;
        case OPT_TAG:
            o->filter.tag = optarg[0] == '#' ? optarg + 1 : optarg;
            break;
        case OPT_PLATFORM:
            o->filter.platform = optarg;
            break;
        case OPT_SEARCH:
            o->filter.search = optarg;
            break;
        case OPT_PROVENANCE:
            o->filter.provenance = optarg;
            if (strcmp(optarg, "quoted") && strcmp(optarg, "illustrative") &&
                strcmp(optarg, "imported"))
                status = cli_usage_error(ctx, "%s: --provenance: expected quoted, "
                                              "illustrative or imported",
                                         cmd);
            break;
        case OPT_STARRED:
            o->filter.starred_only = true;
            break;
        case OPT_LIMIT:
            status = parse_number(ctx, cmd, "--limit", optarg, &o->limit);
            break;
        case OPT_TOP:
            status = parse_number(ctx, cmd, "--top", optarg, &o->top);
            break;
        case OPT_SORT:
            if (strcmp(optarg, "time") == 0)
                o->sort = MODEL_SORT_TIME;
            else if (strcmp(optarg, "likes") == 0)
                o->sort = MODEL_SORT_LIKES;
            else
                status = cli_usage_error(ctx, "%s: --sort: expected time or likes", cmd);
            break;
        default:
            return cli_option_error(ctx, cmd, opt, argv);
        }
        if (status != RF_EXIT_OK)
            return status;
    }
    if (optind < argc)
        return cli_usage_error(ctx, "%s: unexpected argument '%s'", cmd, argv[optind]);
    if (o->filter.has_from && o->filter.has_to && o->filter.from >= o->filter.to)
        return cli_usage_error(ctx, "%s: --from must come before --to", cmd);
    return RF_EXIT_OK;
}

/* ---- refuge feed ---------------------------------------------------------------------- */

static void feed_text_row(const struct model_post *p, int width)
{
    char when[48], likes[24];
    int rest;

    format_local(when, sizeof when, p->ts_utc, p->has_offset, p->utc_offset);
    snprintf(likes, sizeof likes, "%lld", (long long)p->likes);
    put_cell(stdout, when, 23);
    fputs("  ", stdout);
    put_cell(stdout, p->lang, 2);
    fputs("  ", stdout);
    put_cell(stdout, p->platform, 11);
    fprintf(stdout, "  %7s  ", likes);
    put_cell(stdout, p->author, 16);
    fputs("  ", stdout);
    rest = width - (23 + 2 + 2 + 2 + 11 + 2 + 7 + 2 + 16 + 2);
    put_cell(stdout, p->text, rest > 10 ? rest : 10);
    fputc('\n', stdout);
}

static void feed_md_row(const struct model_post *p)
{
    char when[48];

    format_local(when, sizeof when, p->ts_utc, p->has_offset, p->utc_offset);
    printf("- **%s** · %s · ", when, p->platform);
    put_md(stdout, p->author ? p->author : "(unknown)", "");
    printf(" · %lld likes%s\n\n  > ", (long long)p->likes,
           strcmp(p->provenance, "imported") ? (strcmp(p->provenance, "quoted") == 0
                                                   ? " · quoted"
                                                   : " · illustrative")
                                             : "");
    put_md(stdout, p->text, "  > ");
    if (p->translation) {
        printf("\n  >\n  > *%s translation:* ", p->translation_kind);
        put_md(stdout, p->translation, "  > ");
    }
    fputs("\n\n", stdout);
}

int batch_feed(struct cli_context *ctx, int argc, char **argv)
{
    struct post_opts o = {.limit = 20};
    struct model_cursor at = {0};
    struct rec r = {.out = stdout};
    struct rf_error err = {{0}};
    struct session s;
    long printed = 0;
    int status, width = out_width();
    bool more;

    status = parse_post_opts(ctx, "feed", false, argc, argv, &o);
    if (status != RF_EXIT_OK)
        return status < 0 ? RF_EXIT_OK : status;
    if ((status = session_open(ctx, &s)) != RF_EXIT_OK)
        return status;
    r.format = o.format;
    if (o.format == OUT_CSV)
        fputs(post_header, stdout);
    /* Page through, so --limit 0 (everything) needs no more memory than a
     * page. A short search may return empty pages while it scans on. */
    do {
        struct model_post_page page;
        size_t want = o.limit && o.limit - printed < 256 ? (size_t)(o.limit - printed) : 256;
        if (model_posts(s.model, &o.filter, o.sort, &at, MODEL_FORWARD, want, &page, &err) != 0) {
            session_close(&s);
            return cli_runtime_error(ctx, "feed: %s", safe(&err));
        }
        for (size_t i = 0; i < page.count; i++, printed++) {
            const struct model_post *p = &page.rows[i];
            struct model_post full;
            switch (o.format) {
            case OUT_TEXT:
                feed_text_row(p, width);
                break;
            case OUT_MD:
                feed_md_row(p);
                break;
            default: /* the detail adds tags, source and note */
                if (model_post_detail(s.model, p->id, &full, &err) == 0) {
                    write_post(&r, &full);
                    model_post_free(&full);
                }
                break;
            }
        }
        more = page.more;
        at = page.resume;
        model_post_page_free(&page);
    } while (more && (o.limit == 0 || printed < o.limit));
    session_close(&s);
    if (printed == 0 && o.format == OUT_TEXT)
        fprintf(stderr, "%s: feed: no posts match\n", ctx->program);
    return RF_EXIT_OK;
}

/* ---- refuge stats ------------------------------------------------------------------------ */

static void describe_filter(char *buf, size_t size, const struct model_filter *f)
{
    size_t n = 0;
    char day[40];

    buf[0] = '\0';
#define PART(...) n += (size_t)snprintf(buf + n, n < size ? size - n : 0, __VA_ARGS__)
    if (f->has_from)
        format_day(day, sizeof day, f->from), PART(" from %s", day);
    if (f->has_to)
        format_day(day, sizeof day, f->to - 1), PART(" to %s", day);
    if (f->lang)
        PART(" lang %s", f->lang);
    if (f->platform)
        PART(" platform %s", f->platform);
    if (f->tag)
        PART(" tag #%s", f->tag);
    if (f->provenance)
        PART(" provenance %s", f->provenance);
    if (f->starred_only)
        PART(" starred");
    if (f->search && f->search[0])
        PART(" search \"%s\"", f->search);
#undef PART
    if (!buf[0])
        snprintf(buf, size, " all posts");
}

static void stats_text(const struct model_stats *st, const char *filter, bool md, int width)
{
    int64_t max = 1;
    int barw = width - 30 > 50 ? 50 : width - 30;

    for (size_t i = 0; i < st->ndays; i++)
        if (st->days[i].posts > max)
            max = st->days[i].posts;
    if (md) {
        printf("## Posts in the cache\n\nComputed from the cache over:");
        put_md(stdout, filter, "");
        printf(".\n\n| posts | Chinese | English | likes |\n|---:|---:|---:|---:|\n"
               "| %lld | %lld | %lld | %lld |\n\n### Posts per day (UTC)\n\n"
               "| day | posts | zh | en |\n|---|---:|---:|---:|\n",
               (long long)st->posts, (long long)st->posts_zh, (long long)st->posts_en,
               (long long)st->likes);
    } else {
        fputs("computed from the cache over:", stdout);
        put_cell(stdout, filter, -1);
        printf("\nposts %lld (zh %lld, en %lld), likes %lld\n\nposts per day (UTC)\n",
               (long long)st->posts, (long long)st->posts_zh, (long long)st->posts_en,
               (long long)st->likes);
    }
    for (size_t i = 0; i < st->ndays; i++) {
        char day[40];
        const struct model_day *d = &st->days[i];
        format_day(day, sizeof day, d->day);
        if (md) {
            printf("| %s | %lld | %lld | %lld |\n", day, (long long)d->posts,
                   (long long)d->posts_zh, (long long)d->posts_en);
        } else {
            int n = (int)((d->posts * barw + max - 1) / max);
            printf("  %s %6lld ", day, (long long)d->posts);
            for (int k = 0; k < n; k++)
                fputs(text_ascii() ? "#" : "\xe2\x96\x87", stdout);
            fputc('\n', stdout);
        }
    }
    printf(md ? "\n### Top tags\n\n| tag | posts |\n|---|---:|\n" : "\ntop tags\n");
    for (size_t i = 0; i < st->ntags; i++) {
        if (md) {
            fputs("| #", stdout);
            put_md(stdout, st->tags[i].tag, "");
            printf(" | %lld |\n", (long long)st->tags[i].posts);
        } else {
            fputs("  #", stdout);
            put_cell(stdout, st->tags[i].tag, 24);
            printf(" %6lld\n", (long long)st->tags[i].posts);
        }
    }
    printf(md ? "\n### Most liked posts\n\n" : "\nmost liked posts\n");
    for (size_t i = 0; i < st->ntop; i++) {
        const struct model_post *p = &st->top[i];
        if (md) {
            feed_md_row(p);
        } else {
            printf("  %7lld  ", (long long)p->likes);
            put_cell(stdout, p->author, 16);
            fputs("  ", stdout);
            put_cell(stdout, p->text, width - 29 > 10 ? width - 29 : 10);
            fputc('\n', stdout);
        }
    }
}

int batch_stats(struct cli_context *ctx, int argc, char **argv)
{
    struct post_opts o = {.top = 10};
    struct model_stats st;
    struct rf_error err = {{0}};
    struct rec r = {.out = stdout};
    struct session s;
    char filter[512];
    int status;

    status = parse_post_opts(ctx, "stats", true, argc, argv, &o);
    if (status != RF_EXIT_OK)
        return status < 0 ? RF_EXIT_OK : status;
    if ((status = session_open(ctx, &s)) != RF_EXIT_OK)
        return status;
    if (model_stats(s.model, &o.filter, (size_t)o.top, &st, &err) != 0) {
        session_close(&s);
        return cli_runtime_error(ctx, "stats: %s", safe(&err));
    }
    describe_filter(filter, sizeof filter, &o.filter);
    if (o.format == OUT_TEXT || o.format == OUT_MD) {
        stats_text(&st, filter, o.format == OUT_MD, out_width());
    } else {
        /* Data formats: one row per day. */
        r.format = o.format;
        if (o.format == OUT_CSV)
            fputs("day,posts,posts_zh,posts_en,likes\r\n", stdout);
        for (size_t i = 0; i < st.ndays; i++) {
            char day[40];
            format_day(day, sizeof day, st.days[i].day);
            rec_begin(&r);
            rec_str(&r, "day", day);
            rec_int(&r, "posts", st.days[i].posts);
            rec_int(&r, "posts_zh", st.days[i].posts_zh);
            rec_int(&r, "posts_en", st.days[i].posts_en);
            rec_int(&r, "likes", st.days[i].likes);
            rec_end(&r);
        }
    }
    model_stats_free(&st);
    session_close(&s);
    return RF_EXIT_OK;
}

/* ---- refuge comments ---------------------------------------------------------------- */

struct comment_out {
    struct rec r;
    enum out_format format;
    int width;
};

static bool print_comment(void *data, const struct model_comment *c)
{
    struct comment_out *o = data;
    char when[48], likes[32];
    int indent = c->depth > 8 ? 16 : c->depth * 2;

    if (o->format == OUT_CSV || o->format == OUT_JSONL) {
        write_comment(&o->r, c);
        return true;
    }
    when_format(when, sizeof when, c->ts_utc, when_utc(), WHEN_DATE_TIME);
    if (!c->has_likes)
        snprintf(likes, sizeof likes, "likes ?");
    else
        snprintf(likes, sizeof likes, "likes %s%lld", c->likes_at_least ? ">=" : "",
                 (long long)c->likes);
    if (o->format == OUT_MD) {
        printf("%*s- **", indent, "");
        put_md(stdout, c->author ? c->author : "?", "");
        printf("** (%s UTC, %s): ", when, likes);
        put_md(stdout, c->text, " ");
        putchar('\n');
        return true;
    }
    printf("%*s", indent, "");
    put_cell(stdout, c->author ? c->author : "?", 24);
    printf("  %s  %s  %s:%s\n", when, likes, c->platform, c->ext_id);
    printf("%*s  ", indent, "");
    put_cell(stdout, c->text, o->width - indent - 2 > 20 ? o->width - indent - 2 : 20);
    putchar('\n');
    return true;
}

int batch_comments(struct cli_context *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {CLI_COMMON_LONGOPTS,
                                              {"format", required_argument, NULL, OPT_FORMAT},
                                              {"post", required_argument, NULL, OPT_POST},
                                              {NULL, 0, NULL, 0}};
    struct comment_out o = {.r = {.out = stdout}, .format = OUT_TEXT};
    char platform[64] = "";
    const char *post = NULL;
    struct rf_error err = {{0}};
    struct session s;
    int opt, status, rc;

    while ((opt = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        int common = cli_common_option(ctx, opt, optarg, "comments");
        if (common < 0)
            return RF_EXIT_OK;
        if (common > 0)
            continue;
        if (opt == OPT_FORMAT) {
            if ((status = parse_format(ctx, "comments", optarg, &o.format)) != RF_EXIT_OK)
                return status;
        } else if (opt == OPT_POST) {
            const char *colon = strchr(optarg, ':');
            if (!colon || colon == optarg || !colon[1] ||
                (size_t)(colon - optarg) >= sizeof platform)
                return cli_usage_error(ctx, "comments: --post: expected PLATFORM:ID, got '%s'",
                                       optarg);
            snprintf(platform, sizeof platform, "%.*s", (int)(colon - optarg), optarg);
            post = colon + 1;
        } else
            return cli_option_error(ctx, "comments", opt, argv);
    }
    if (optind < argc)
        return cli_usage_error(ctx, "comments: unexpected argument '%s'", argv[optind]);
    if ((status = session_open(ctx, &s)) != RF_EXIT_OK)
        return status;
    o.r.format = o.format;
    o.width = out_width();
    if (o.format == OUT_CSV)
        fputs(comment_header, stdout);
    rc = model_comments(s.model, post ? platform : NULL, post, print_comment, &o, &err);
    session_close(&s);
    if (rc != 0)
        return cli_runtime_error(ctx, "comments: %s", safe(&err));
    return RF_EXIT_OK;
}

/* ---- refuge check ------------------------------------------------------------------------ */

int batch_check(struct cli_context *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {CLI_COMMON_LONGOPTS, {NULL, 0, NULL, 0}};
    struct db_report rep;
    struct rf_error err = {{0}};
    struct session s;
    int opt, status;
    bool good;

    while ((opt = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        int common = cli_common_option(ctx, opt, optarg, "check");
        if (common < 0)
            return RF_EXIT_OK;
        if (common == 0)
            return cli_option_error(ctx, "check", opt, argv);
    }
    if (optind < argc)
        return cli_usage_error(ctx, "check: unexpected argument '%s'", argv[optind]);
    if ((status = session_open(ctx, &s)) != RF_EXIT_OK)
        return status;
    if (db_check(s.db, &rep, &err) != 0) {
        char path[4096];
        snprintf(path, sizeof path, "%s", db_path(s.db));
        session_close(&s);
        return cli_runtime_error(ctx,
                                 "check: %s: %s; 'refuge --rebuild' moves it aside (keeping "
                                 "it) and starts a new cache",
                                 path, safe(&err));
    }
    printf("cache: %s\nschema version: %d (this refuge writes %d)\nintegrity: %s\n",
           db_path(s.db), rep.schema_version, DB_SCHEMA_VERSION, rep.integrity);
    printf("posts: %lld\n  in the search index: %lld\n  in the per-day table: %lld\n"
           "comments: %lld\n  in the search index: %lld\n  in the per-day table: %lld\n"
           "authors: %lld\n"
           "tags: %lld\nevents: %lld\nfigures: %lld\nsources: %lld\nstarred: %lld\nread: %lld\n"
           "bundled dataset: %s\n",
           (long long)rep.posts, (long long)rep.fts_rows, (long long)rep.daily_posts,
           (long long)rep.comments, (long long)rep.comment_fts_rows,
           (long long)rep.daily_comments, (long long)rep.authors, (long long)rep.tags, (long long)rep.events, (long long)rep.figures,
           (long long)rep.sources, (long long)rep.starred, (long long)rep.read,
           rep.bundle_hash[0] ? rep.bundle_hash : "not loaded");
    session_close(&s);
    good = strcmp(rep.integrity, "ok") == 0 && rep.fts_rows == rep.posts &&
           rep.daily_posts == rep.posts && rep.comment_fts_rows == rep.comments &&
           rep.daily_comments == rep.comments && rep.schema_version == DB_SCHEMA_VERSION;
    if (!good)
        return cli_runtime_error(ctx, "check: the cache has problems (see above); "
                                      "'refuge --rebuild' moves it aside (keeping it) and "
                                      "starts a new cache");
    return RF_EXIT_OK;
}
