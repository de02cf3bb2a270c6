/* batch_feed.c — refuge feed. */

#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "batch.h"
#include "batch_internal.h"
#include "i18n.h"
#include "plural.h"
#include "kwic.h"
#include "model.h"
#include "session.h"
#include "text.h"
#include "vocab.h"
#include "writer.h"
#include "workbench.h"

/* ---- refuge feed ---------------------------------------------------------------------- */

/* A post in aligned text: its head (writer_post_text_head), then its text
 * or, for a search, the hit in context, on the width left. */
static void feed_text_row(const struct model_post *p, int width, struct when_zone zone)
{
    struct kwic k;
    int rest = writer_post_text_head(stdout, p, width, zone);

    /* A searched post shows why it matched: the text it hit, in context. */
    if (kwic_post(p, rest - 3, &k) == 0 && k.line) {
        printf("%s ", kwic_mark(&k));
        writer_text_last(stdout, k.line, rest - 3);
    } else {
        writer_text_last(stdout, writer_post_shown_text(p), rest);
    }
    kwic_free(&k);
    fputc('\n', stdout);
}

/* Where a searched post matched, under its Markdown item: which text, and
 * the hit in context, in bold. */
static void feed_md_snippet(const struct model_post *p)
{
    struct kwic k;
    char *before = NULL, *hit = NULL;

    if (kwic_post(p, 72, &k) == 0 && k.line && (before = strndup(k.line, k.hit)) &&
        (hit = strndup(k.line + k.hit, k.hit_len))) {
        static const char *const where[] = {
            [KWIC_TEXT] = N_("  *Matched in the original:* "),
            [KWIC_TRANSLATION] = N_("  *Matched in the translation:* "),
            [KWIC_TAG] = N_("  *Matched in a tag:* "),
            [KWIC_AUTHOR] = N_("  *Matched in the author:* "),
            [KWIC_COMMENT] = N_("  *Matched in a comment:* ")};
        fputs(k.machine ? _("  *Matched in the machine translation:* ") : _(where[k.field]),
              stdout);
        writer_md_text(stdout, before, "");
        if (hit[0]) {
            fputs("**", stdout);
            writer_md_text(stdout, hit, "");
            fputs("**", stdout);
        }
        writer_md_text(stdout, k.line + k.hit + k.hit_len, "");
        fputs("\n\n", stdout);
    }
    free(before);
    free(hit);
    kwic_free(&k);
}

/* One listed post, in the format asked for. */
struct feed_out {
    enum out_format format;
    struct writer *w;
    const struct pseudo *pseudo; /* --pseudonymise: text and Markdown rows too */
    int width;
    struct when_zone zone; /* the reader's, for text and Markdown */
    long printed;
    unsigned provenances; /* bit 1 << enum vocab_provenance of each post listed */
};

static int feed_row(void *arg, const struct model_post *p)
{
    struct feed_out *o = arg;
    struct model_post copy;
    struct pseudo_hold h = {0};

    o->provenances |= 1u << vocab_provenance_of(p->provenance);
    if (o->pseudo && o->format != OUT_CSV && o->format != OUT_JSONL) {
        pseudo_post(o->pseudo, p, &copy, &h);
        p = &copy;
    }
    if (o->format == OUT_TEXT)
        feed_text_row(p, o->width, o->zone);
    else if (o->format == OUT_MD) {
        writer_post_md(stdout, p, o->zone);
        feed_md_snippet(p);
    }
    else
        writer_post(o->w, p);
    pseudo_hold_free(&h);
    o->printed++;
    /* A closed pipe (refuge feed | head) ends the listing. */
    return ferror(stdout) ? 1 : 0;
}

int batch_feed(struct cli_context *ctx, int argc, char **argv)
{
    struct post_opts o = {.limit = 20};
    struct writer w;
    struct rf_error err = {{0}};
    struct session s;
    struct wb_view view;
    struct feed_out out = {.w = &w, .width = batch_out_width()};
    struct pseudo ps;
    int status;

    status = batch_parse_post_opts(ctx, "feed", false, argc, argv, &o);
    if (status != RF_EXIT_OK)
        return status < 0 ? RF_EXIT_OK : status;
    if ((status = session_open(ctx, &s)) != RF_EXIT_OK)
        return status;
    if ((status = batch_use_views(ctx, "feed", s.model, &o, &view)) != RF_EXIT_OK)
        goto done;
    batch_data_writer(&w, o.format);
    if (o.pseudonymise) {
        if ((status = batch_pseudonymise(ctx, &s, "feed", o.format, &ps)) != RF_EXIT_OK) {
            session_close(&s);
            return status;
        }
        w.pseudo = out.pseudo = &ps;
    }
    out.format = o.format;
    out.zone = ctx->config.ui.timezone;
    if (o.code_as) {
        struct rf_error why = {{0}};
        int64_t added;
        if (!wb_code_name_check(o.code_as, &why) ||
            model_code_all(s.model, &o.filter, o.code_as, &added, &why) != 0) {
            status = cli_runtime_error(ctx, "feed: --code-as: %s", why.msg);
            goto done;
        }
        cli_warn(ctx,
                 plural(added, "feed: code %s applied to %lld more post",
                        "feed: code %s applied to %lld more posts"),
                 o.code_as, (long long)added);
    }
    /* A search's CSV and JSON Lines say why each post matched. */
    w.search = o.filter.search && o.filter.search[0];
    if (o.format == OUT_CSV)
        writer_header(&w, WRITER_POSTS);
    /* One read, row by row: --limit 0 (everything) needs the memory of a
     * row, and each comes with its tags, source and note. */
    /* Text and Markdown print a list row's fields only; pseudonyms are
     * made from the author's key, which only the whole record has. */
    if (((o.format == OUT_TEXT || o.format == OUT_MD) && !o.pseudonymise
             ? model_posts_each_listed
             : model_posts_each)(s.model, &o.filter, o.sort, (size_t)o.limit, feed_row, &out,
                                 &err) < 0) {
        status = cli_runtime_error(ctx, "feed: %s", err.msg);
        goto done;
    }
    batch_index_note(ctx, s.model, &o.filter);
    if (out.printed == 0 && o.format == OUT_TEXT)
        fprintf(stderr, _("%s: feed: no posts match\n"), ctx->program);
    else if (o.format == OUT_TEXT)
        writer_provenance_legend(stdout, out.provenances);
done:
    session_close(&s);
    wb_view_free(&view);
    return status;
}
