/* research.c — a researcher's own cache (contract in research.h). */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "batch_internal.h"
#include "bundle.h"
#include "db.h"
#include "i18n.h"
#include "model.h"
#include "plural.h"
#include "research.h"
#include "session.h"
#include "text.h"
#include "vocab.h"
#include "when.h"
#include "workbench.h"
#include "writer.h"

enum { CODES_FORMAT = 256, CODES_IMPORT, CODES_DEFINE, CODES_DESCRIPTION, CODES_KEY, CODES_DELETE,
       CODES_APPLY, CODES_REMOVE, CODES_POST, CODES_COMMENT, CODES_MEMO, CODES_BY_DAY };
int research_drop(struct cli_context *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {
        CLI_COMMON_LONGOPTS, {"bundled", no_argument, NULL, 'b'}, {NULL, 0, NULL, 0}};
    struct rf_error err = {{0}}, warning = {{0}};
    struct bundle_dropped dropped;
    struct model_filter all = {0};
    struct session s;
    bool bundled = false;
    int64_t left = 0;
    int opt, status;

    while ((opt = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        int common = cli_common_option(ctx, opt, optarg, "drop");
        if (common < 0)
            return RF_EXIT_OK;
        if (common > 0)
            continue;
        if (opt != 'b')
            return cli_option_error(ctx, "drop", opt, argv);
        bundled = true;
    }
    if (optind < argc)
        return cli_usage_error(ctx, _("drop: unexpected argument '%s'"), argv[optind]);
    if (!bundled)
        return cli_usage_error(ctx, _("drop: say what to drop: --bundled"));
    /* Opening must not bring the bundle in just to remove it (nor warn that
     * the cache holds it). */
    ctx->no_bundle = true;
    if ((status = cli_load_config(ctx, false)) != RF_EXIT_OK)
        return status;
    if (session_start(ctx, &s, &warning, &err) != 0)
        return cli_runtime_error(ctx, "%s", err.msg);
    if (bundle_drop(s.db, &dropped, &err) != 0 || model_count(s.model, &all, &left, &err) != 0) {
        session_close(&s);
        return cli_runtime_error(ctx, "drop: %s", err.msg);
    }
    printf(_("removed the bundled dataset: %lld %s, %lld %s, %lld %s\n"
             "kept %lld imported %s, stars, read marks and codes; this cache no longer "
             "takes the bundled dataset\n"),
           dropped.posts, plural(dropped.posts, "post", "posts"), dropped.events,
           plural(dropped.events, "event", "events"), dropped.figures,
           plural(dropped.figures, "figure", "figures"), (long long)left,
           plural(left, "post", "posts"));
    session_close(&s);
    return RF_EXIT_OK;
}

/* ---- refuge codes --------------------------------------------------------------- */

struct codes_opts {
    enum out_format format;
    const char *import, *define, *description, *key, *del, *apply, *remove, *memo;
    const char *item; /* PLATFORM:ID */
    enum wb_kind kind;
    bool by_day;
};

static void codes_list(const struct wb_codebook *book, enum out_format format)
{
    struct writer w;

    if (format == OUT_CSV || format == OUT_JSONL) {
        writer_init(&w, stdout, format == OUT_CSV ? WRITER_CSV : WRITER_JSONL,
                    isatty(STDOUT_FILENO));
        if (format == OUT_CSV)
            fputs("name,description,key,posts,comments\r\n", stdout);
        for (size_t i = 0; i < book->count; i++) {
            const struct wb_code *c = &book->codes[i];
            writer_begin(&w);
            writer_str(&w, "name", c->name);
            writer_str(&w, "description", c->description);
            writer_str(&w, "key", c->key);
            writer_int(&w, "posts", c->posts);
            writer_int(&w, "comments", c->comments);
            writer_end(&w);
        }
        return;
    }
    if (format == OUT_MD)
        printf(_("## Codebook\n\n| code | key | posts | comments | description |\n"
                 "|---|---|---:|---:|---|\n"));
    else if (book->count == 0)
        printf(_("no codes yet: refuge codes --define NAME, --import FILE.ini, or c in the "
                 "explorer\n"));
    for (size_t i = 0; i < book->count; i++) {
        const struct wb_code *c = &book->codes[i];
        if (format == OUT_MD) {
            fputs("| ", stdout);
            writer_md_text(stdout, c->name, "");
            fputs(" | ", stdout);
            writer_md_text(stdout, c->key ? c->key : "", "");
            printf(" | %lld | %lld | ", (long long)c->posts, (long long)c->comments);
            writer_md_text(stdout, c->description, "");
            fputs(" |\n", stdout);
        } else {
            fputs("  ", stdout);
            writer_text_cell(stdout, c->name, 24);
            printf(_(" %-3s %6lld posts %6lld comments  "), c->key ? c->key : "",
                   (long long)c->posts, (long long)c->comments);
            writer_text_cell(stdout, c->description, -1);
            fputc('\n', stdout);
        }
    }
}

struct day_rows {
    struct writer w;
    enum out_format format;
};

static int print_code_day(void *data, const char *code, int64_t day, int64_t posts)
{
    struct day_rows *r = data;
    char d[40];

    when_format(d, sizeof d, day, when_utc(), WHEN_DATE);
    if (r->format == OUT_CSV || r->format == OUT_JSONL) {
        writer_begin(&r->w);
        writer_str(&r->w, "code", code);
        writer_str(&r->w, "day", d);
        writer_int(&r->w, "posts", posts);
        writer_end(&r->w);
    } else if (r->format == OUT_MD) {
        fputs("| ", stdout);
        writer_md_text(stdout, code, "");
        printf(" | %s | %lld |\n", d, (long long)posts);
    } else {
        fputs("  ", stdout);
        writer_text_cell(stdout, code, 24);
        printf(" %s %6lld\n", d, (long long)posts);
    }
    return 0;
}

static int codes_change(struct cli_context *ctx, struct model *m, const struct codes_opts *o)
{
    struct rf_error err = {{0}};
    char platform[64];
    struct wb_item item = {.kind = o->kind};
    const char *colon;
    size_t n;
    int rc;

    if (o->import) {
        if (wb_codes_import_ini(m, o->import, &n, &err) != 0)
            return cli_runtime_error(ctx, "codes: %s", err.msg);
        char *file = writer_text_string(o->import);
        printf(plural((long long)n, "read %zu code from %s\n", "read %zu codes from %s\n"), n,
               file ? file : "");
        free(file);
        return RF_EXIT_OK;
    }
    if (o->define) {
        if (wb_code_define(m, o->define, o->description, o->key, &err) != 0)
            return cli_runtime_error(ctx, "codes: %s", err.msg);
        return RF_EXIT_OK;
    }
    if (o->del) {
        if ((rc = wb_code_delete(m, o->del, &err)) < 0)
            return cli_runtime_error(ctx, "codes: %s", err.msg);
        if (rc == MODEL_NOT_FOUND)
            return cli_runtime_error(ctx, _("codes: no code named '%s'"), o->del);
        return RF_EXIT_OK;
    }
    /* --apply or --remove, on --post or --comment PLATFORM:ID */
    if (!o->item || !(colon = strchr(o->item, ':')) || colon == o->item || !colon[1] ||
        (size_t)(colon - o->item) >= sizeof platform)
        return cli_usage_error(ctx, _("codes: --%s needs --post or --comment PLATFORM:ID"),
                               o->apply ? "apply" : "remove");
    snprintf(platform, sizeof platform, "%.*s", (int)(colon - o->item), o->item);
    item.platform = platform;
    item.ext_id = colon + 1;
    if (o->apply) {
        if (wb_apply(m, &item, o->apply, o->memo, &err) != 0)
            return cli_runtime_error(ctx, "codes: %s", err.msg);
        return RF_EXIT_OK;
    }
    if ((rc = wb_unapply(m, &item, o->remove, &err)) < 0)
        return cli_runtime_error(ctx, "codes: %s", err.msg);
    if (rc == MODEL_NOT_FOUND)
        return cli_runtime_error(ctx, _("codes: '%s' is not applied to %s"), o->remove, o->item);
    return RF_EXIT_OK;
}

int research_codes(struct cli_context *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {
        CLI_COMMON_LONGOPTS,
        {"format", required_argument, NULL, CODES_FORMAT},
        {"import", required_argument, NULL, CODES_IMPORT},
        {"define", required_argument, NULL, CODES_DEFINE},
        {"description", required_argument, NULL, CODES_DESCRIPTION},
        {"key", required_argument, NULL, CODES_KEY},
        {"delete", required_argument, NULL, CODES_DELETE},
        {"apply", required_argument, NULL, CODES_APPLY},
        {"remove", required_argument, NULL, CODES_REMOVE},
        {"post", required_argument, NULL, CODES_POST},
        {"comment", required_argument, NULL, CODES_COMMENT},
        {"memo", required_argument, NULL, CODES_MEMO},
        {"by-day", no_argument, NULL, CODES_BY_DAY},
        {NULL, 0, NULL, 0}};
    struct codes_opts o = {.format = OUT_TEXT};
    struct rf_error err = {{0}};
    struct session s;
    int opt, status = RF_EXIT_OK, actions;

    while ((opt = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        int common = cli_common_option(ctx, opt, optarg, "codes");
        if (common < 0)
            return RF_EXIT_OK;
        if (common > 0)
            continue;
        switch (opt) {
        case CODES_FORMAT:
            status = batch_parse_format(ctx, "codes", optarg, &o.format);
            break;
        case CODES_IMPORT: o.import = optarg; break;
        case CODES_DEFINE: o.define = optarg; break;
        case CODES_DESCRIPTION: o.description = optarg; break;
        case CODES_KEY: o.key = optarg; break;
        case CODES_DELETE: o.del = optarg; break;
        case CODES_APPLY: o.apply = optarg; break;
        case CODES_REMOVE: o.remove = optarg; break;
        case CODES_POST: o.item = optarg; o.kind = WB_POST; break;
        case CODES_COMMENT: o.item = optarg; o.kind = WB_COMMENT; break;
        case CODES_MEMO: o.memo = optarg; break;
        case CODES_BY_DAY: o.by_day = true; break;
        default:
            return cli_option_error(ctx, "codes", opt, argv);
        }
        if (status != RF_EXIT_OK)
            return status;
    }
    if (optind < argc)
        return cli_usage_error(ctx, _("codes: unexpected argument '%s'"), argv[optind]);
    actions = !!o.import + !!o.define + !!o.del + !!o.apply + !!o.remove + o.by_day;
    if (actions > 1)
        return cli_usage_error(ctx, _("codes: one of --import, --define, --delete, --apply, "
                                      "--remove or --by-day at a time"));
    if ((o.description || o.key) && !o.define)
        return cli_usage_error(ctx, _("codes: --description and --key go with --define NAME"));
    if (o.memo && !o.apply)
        return cli_usage_error(ctx, _("codes: --memo goes with --apply NAME"));
    if ((status = session_open(ctx, &s)) != RF_EXIT_OK)
        return status;
    if (actions == 1 && !o.by_day) {
        status = codes_change(ctx, s.model, &o);
    } else if (o.by_day) {
        struct day_rows rows = {.format = o.format};
        if (o.format == OUT_CSV || o.format == OUT_JSONL)
            writer_init(&rows.w, stdout, o.format == OUT_CSV ? WRITER_CSV : WRITER_JSONL,
                        isatty(STDOUT_FILENO));
        if (o.format == OUT_CSV)
            fputs("code,day,posts\r\n", stdout);
        else if (o.format == OUT_MD) {
            char zone[80];
            vocab_zone_label(ctx->config.ui.timezone, zone, sizeof zone);
            /* TRANSLATORS: %s is the time zone the days are counted in. */
            printf(_("## Posts per code and day (%s)\n\n| code | day | posts |\n|---|---|---:|\n"),
                   zone);
        }
        if (wb_code_days(s.model, ctx->config.ui.timezone, print_code_day, &rows, &err) != 0)
            status = cli_runtime_error(ctx, "codes: %s", err.msg);
    } else {
        struct wb_codebook book;
        if (wb_codebook(s.model, &book, &err) != 0)
            status = cli_runtime_error(ctx, "codes: %s", err.msg);
        else
            codes_list(&book, o.format);
        wb_codebook_free(&book);
    }
    session_close(&s);
    return status;
}

/* ---- refuge views ----------------------------------------------------------------- */

int research_views(struct cli_context *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {
        CLI_COMMON_LONGOPTS, {"delete", required_argument, NULL, CODES_DELETE}, {NULL, 0, NULL, 0}};
    struct rf_error err = {{0}};
    const char *del = NULL;
    struct session s;
    char names[8192];
    size_t n;
    int opt, status = RF_EXIT_OK, rc;

    while ((opt = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        int common = cli_common_option(ctx, opt, optarg, "views");
        if (common < 0)
            return RF_EXIT_OK;
        if (common > 0)
            continue;
        if (opt != CODES_DELETE)
            return cli_option_error(ctx, "views", opt, argv);
        del = optarg;
    }
    if (optind < argc)
        return cli_usage_error(ctx, _("views: unexpected argument '%s'"), argv[optind]);
    if ((status = session_open(ctx, &s)) != RF_EXIT_OK)
        return status;
    if (del) {
        if ((rc = wb_view_delete(s.model, del, &err)) < 0)
            status = cli_runtime_error(ctx, "views: %s", err.msg);
        else if (rc == MODEL_NOT_FOUND)
            status = cli_runtime_error(ctx, _("views: no view named '%s'"), del);
    } else if (wb_view_names(s.model, names, sizeof names, &n, &err) != 0) {
        status = cli_runtime_error(ctx, "views: %s", err.msg);
    } else {
        /* Each view with what it selects, as --view NAME would. */
        char *p = names;
        for (size_t i = 0; i < n && p; i++) {
            char *end = strstr(p, ", ");
            struct wb_view v;
            char label[512] = "";
            if (end)
                *end = '\0';
            if (wb_view_load(s.model, p, &v, &err) == 0) {
                if (!model_filter_label(&v.filter, MODEL_LABEL_KEYED, label, sizeof label))
                    snprintf(label, sizeof label, "%s", _(" all posts"));
                fputs("  ", stdout);
                writer_text_cell(stdout, p, 24);
                fputs(" ", stdout);
                writer_text_cell(stdout, label, -1);
                printf("%s\n", v.sort == MODEL_SORT_LIKES ? _(" sort likes") : "");
                wb_view_free(&v);
            }
            p = end ? end + 2 : NULL;
        }
        if (n == 0)
            printf(_("no saved views: w in the feed, or refuge feed ... --save-view NAME\n"));
    }
    session_close(&s);
    return status;
}
