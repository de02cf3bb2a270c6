/* batch_tags.c — refuge tags --with TAG: the tags that travel with a tag. */

#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "batch_internal.h"
#include "i18n.h"
#include "model.h"
#include "session.h"
#include "text.h"
#include "plural.h"
#include "writer.h"

/* The share of the tag's posts that also carry another, as text. */
static void share_text(char *buf, size_t size, int64_t together, int64_t posts)
{
    snprintf(buf, size, "%.1f%%", posts ? 100.0 * (double)together / (double)posts : 0.0);
}

static void tags_text(const char *tag, const struct model_cotags *c, bool md)
{
    char share[16], *name;

    if (md) {
        name = writer_md_string(tag);
        printf(_("## Tags that travel with #%s\n\n"), name ? name : "");
        printf(plural(c->posts, "%lld post carries it (computed from the cache).\n\n",
                      "%lld posts carry it (computed from the cache).\n\n"),
               (long long)c->posts);
        free(name);
        if (c->ntags)
            fputs(_("| posts with both | share of its posts | tag |\n|---:|---:|---|\n"), stdout);
        for (size_t i = 0; i < c->ntags; i++) {
            share_text(share, sizeof share, c->tags[i].posts, c->posts);
            printf("| %lld | %s | #", (long long)c->tags[i].posts, share);
            writer_md_text(stdout, c->tags[i].tag, "");
            fputs(" |\n", stdout);
        }
        if (!c->ntags)
            fputs(_("No other tag shares a post with it.\n"), stdout);
        return;
    }
    name = writer_text_string(tag);
    printf(plural(c->posts,
                  "#%s: %lld post carries it (computed from the cache); the tags on the same "
                  "posts:\n",
                  "#%s: %lld posts carry it (computed from the cache); the tags on the same "
                  "posts:\n"),
           name ? name : "", (long long)c->posts);
    free(name);
    if (c->ntags) {
        /* TRANSLATORS: column headings of refuge tags: posts in 10 columns,
           share in 6. */
        writer_text_right(stdout, _("posts"), 10);
        fputs("  ", stdout);
        writer_text_right(stdout, _("share"), 6);
        printf("  %s\n", _("tag"));
    }
    for (size_t i = 0; i < c->ntags; i++) {
        share_text(share, sizeof share, c->tags[i].posts, c->posts);
        printf("%10lld  %6s  #", (long long)c->tags[i].posts, share);
        writer_text_cell(stdout, c->tags[i].tag, -1);
        putchar('\n');
    }
    if (!c->ntags)
        printf(_("  (no other tag shares a post with it)\n"));
}

int batch_tags(struct cli_context *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {CLI_COMMON_LONGOPTS,
                                              {"format", required_argument, NULL, OPT_FORMAT},
                                              {"with", required_argument, NULL, OPT_WITH},
                                              {"top", required_argument, NULL, OPT_TOP},
                                              {NULL, 0, NULL, 0}};
    enum out_format format = OUT_TEXT;
    const char *tag = NULL;
    long top = 20;
    struct model_cotags c;
    struct rf_error err = {{0}};
    struct session s;
    int opt, status;

    while ((opt = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        int common = cli_common_option(ctx, opt, optarg, "tags");
        if (common < 0)
            return RF_EXIT_OK;
        if (common > 0)
            continue;
        status = RF_EXIT_OK;
        if (opt == OPT_FORMAT)
            status = batch_parse_format(ctx, "tags", optarg, &format);
        else if (opt == OPT_TOP)
            status = batch_parse_number(ctx, "tags", "--top", optarg, TOP_MAX, &top);
        else if (opt == OPT_WITH)
            tag = optarg[0] == '#' ? optarg + 1 : optarg;
        else
            return cli_option_error(ctx, "tags", opt, argv);
        if (status != RF_EXIT_OK)
            return status;
    }
    if (optind < argc)
        return cli_usage_error(ctx, _("tags: unexpected argument '%s'"), argv[optind]);
    if (!tag || !tag[0])
        return cli_usage_error(ctx, _("tags: say which tag: --with TAG"));
    if ((status = session_open(ctx, &s)) != RF_EXIT_OK)
        return status;
    if (model_cotags(s.model, tag, (size_t)top, &c, &err) != 0) {
        session_close(&s);
        return cli_runtime_error(ctx, "tags: %s", err.msg);
    }
    if (c.posts == 0 && format == OUT_TEXT)
        cli_warn(ctx, _("tags: no post carries #%s"), tag);
    if (format == OUT_CSV || format == OUT_JSONL) {
        struct writer w;
        batch_data_writer(&w, format);
        if (format == OUT_CSV)
            fputs("tag,with,posts,tag_posts\r\n", stdout);
        for (size_t i = 0; i < c.ntags; i++) {
            writer_begin(&w);
            writer_str(&w, "tag", tag);
            writer_str(&w, "with", c.tags[i].tag);
            writer_int(&w, "posts", c.tags[i].posts);
            writer_int(&w, "tag_posts", c.posts);
            writer_end(&w);
        }
    } else {
        tags_text(tag, &c, format == OUT_MD);
    }
    model_cotags_free(&c);
    session_close(&s);
    return RF_EXIT_OK;
}
