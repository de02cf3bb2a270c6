/* batch_comments.c — refuge comments. */

#include "autoconfig.h"

#include <stdio.h>
#include <string.h>

#include "batch.h"
#include "batch_internal.h"
#include "i18n.h"
#include "model.h"
#include "plural.h"
#include "session.h"
#include "vocab.h"
#include "when.h"
#include "writer.h"

/* ---- refuge comments ---------------------------------------------------------------- */

struct comment_out {
    struct writer w;
    enum out_format format;
    int width;
    struct when_zone zone;       /* the reader's, for text and Markdown */
    const struct pseudo *pseudo; /* --pseudonymise */
};

static void comment_row(struct comment_out *o, const struct model_comment *c);

static bool print_comment(void *data, const struct model_comment *c)
{
    struct comment_out *o = data;
    struct model_comment copy;
    struct pseudo_hold h = {0};

    if (!o->pseudo || o->format == OUT_CSV || o->format == OUT_JSONL) { /* the writer's own */
        comment_row(o, c);
        return true;
    }
    pseudo_comment(o->pseudo, c, &copy, &h);
    comment_row(o, &copy);
    pseudo_hold_free(&h);
    return true;
}

static void comment_row(struct comment_out *o, const struct model_comment *c)
{
    char when[48], likes[48], zone[80];
    int indent = c->depth > 8 ? 16 : c->depth * 2;

    if (o->format == OUT_CSV || o->format == OUT_JSONL) {
        writer_comment(&o->w, c);
        return;
    }
    when_format(when, sizeof when, c->ts_utc, o->zone, WHEN_DATE_TIME);
    /* In words: a count nobody collected is not 0, a lower bound says so. */
    if (!c->has_likes)
        snprintf(likes, sizeof likes, "%s", _("likes not reported"));
    else if (c->likes_at_least)
        snprintf(likes, sizeof likes, plural(c->likes, "at least %lld like", "at least %lld likes"),
                 (long long)c->likes);
    else
        snprintf(likes, sizeof likes, plural(c->likes, "%lld like", "%lld likes"),
                 (long long)c->likes);
    if (o->format == OUT_MD) {
        printf("%*s- **", indent, "");
        writer_md_text(stdout, c->author ? c->author : "?", "");
        vocab_zone_label(o->zone, zone, sizeof zone);
        /* TRANSLATORS: a comment's author (before), time, zone and likes in
           Markdown: "- **name** (2025-01-18 09:30 UTC, 3 likes): text". */
        printf(_("** (%s %s, %s): "), when, zone, likes);
        writer_md_text(stdout, c->text, " ");
        putchar('\n');
        return;
    }
    printf("%*s", indent, "");
    writer_text_cell(stdout, c->author ? c->author : "?", 24);
    printf("  %s  %s  ", when, likes);
    writer_text_cell(stdout, c->platform, -1);
    putchar(':');
    writer_text_cell(stdout, c->ext_id, -1);
    printf("\n%*s  ", indent, "");
    writer_text_cell(stdout, c->text, o->width - indent - 2 > 20 ? o->width - indent - 2 : 20);
    putchar('\n');
}

int batch_comments(struct cli_context *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {CLI_COMMON_LONGOPTS,
                                              {"format", required_argument, NULL, OPT_FORMAT},
                                              {"post", required_argument, NULL, OPT_POST},
                                              {"pseudonymise", no_argument, NULL,
                                               OPT_PSEUDONYMISE},
                                              {NULL, 0, NULL, 0}};
    struct comment_out o = {.format = OUT_TEXT};
    char platform[64] = "";
    const char *post = NULL;
    bool pseudonymise = false;
    struct pseudo ps;
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
            if ((status = batch_parse_format(ctx, "comments", optarg, &o.format)) != RF_EXIT_OK)
                return status;
        } else if (opt == OPT_POST) {
            const char *colon = strchr(optarg, ':');
            if (!colon || colon == optarg || !colon[1] ||
                (size_t)(colon - optarg) >= sizeof platform)
                return cli_usage_error(ctx, _("comments: --post: expected PLATFORM:ID, got '%s'"),
                                       optarg);
            snprintf(platform, sizeof platform, "%.*s", (int)(colon - optarg), optarg);
            post = colon + 1;
        } else if (opt == OPT_PSEUDONYMISE) {
            pseudonymise = true;
        } else
            return cli_option_error(ctx, "comments", opt, argv);
    }
    if (optind < argc)
        return cli_usage_error(ctx, _("comments: unexpected argument '%s'"), argv[optind]);
    if ((status = batch_reader_zone(ctx)) != RF_EXIT_OK ||
        (status = session_open(ctx, &s)) != RF_EXIT_OK)
        return status;
    o.width = batch_out_width();
    o.zone = ctx->config.ui.timezone;
    if (pseudonymise) {
        if ((status = batch_pseudonymise(ctx, &s, "comments", o.format, &ps)) != RF_EXIT_OK) {
            session_close(&s);
            return status;
        }
        o.pseudo = &ps;
    }
    if (o.format == OUT_CSV || o.format == OUT_JSONL) {
        batch_data_writer(&o.w, o.format);
        o.w.pseudo = o.pseudo;
        writer_header(&o.w, WRITER_COMMENTS);
    }
    rc = model_comments(s.model, post ? platform : NULL, post, print_comment, &o, &err);
    session_close(&s);
    if (rc != 0)
        return cli_runtime_error(ctx, "comments: %s", err.msg);
    return RF_EXIT_OK;
}
