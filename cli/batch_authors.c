/* batch_authors.c — refuge authors. */

#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "batch_internal.h"
#include "i18n.h"
#include "model.h"
#include "model_authors.h"
#include "session.h"
#include "text.h"
#include "writer.h"

/* "1,204" for the text and Markdown tables; likes that are a lower bound
 * say so. */
static void author_likes(char *buf, size_t size, const struct model_author *a)
{
    snprintf(buf, size, "%s%lld%s", a->likes_at_least ? ">=" : "", (long long)a->likes,
             a->illustrative ? " i" : "");
}

static void author_row(struct writer *w, enum out_format format, const struct model_author *a,
                       int width, struct when_zone zone)
{
    char first[40], last[40], likes[40];
    bool pseudo = w->pseudo != NULL;

    batch_format_day(first, sizeof first, a->first_seen, zone);
    batch_format_day(last, sizeof last, a->last_seen, zone);
    author_likes(likes, sizeof likes, a);
    if (format == OUT_CSV || format == OUT_JSONL) {
        writer_begin(w);
        writer_str(w, "platform", a->platform);
        writer_str(w, "key", a->key);
        writer_int(w, "keyed", a->keyed);
        writer_str(w, "name", a->name);
        writer_int(w, "posts", a->posts);
        writer_int(w, "comments", a->comments);
        writer_int(w, "likes", a->likes);
        writer_int(w, "likes_at_least", a->likes_at_least);
        writer_int(w, "illustrative", a->illustrative);
        writer_str(w, "first_seen", first);
        writer_str(w, "last_seen", last);
        writer_str(w, "region", a->region);
        if (pseudo)
            writer_str(w, "pseudonymised", PSEUDO_NOTE);
        writer_end(w);
    } else if (format == OUT_MD) {
        fputs("| ", stdout);
        writer_md_text(stdout, a->platform, "");
        fputs(":", stdout);
        writer_md_text(stdout, a->key, "");
        fputs(" | ", stdout);
        writer_md_text(stdout, a->name ? a->name : "", "");
        printf(" | %lld | %lld | %s | %s | %s | ", (long long)a->posts, (long long)a->comments,
               likes, first, last);
        writer_md_text(stdout, a->region ? a->region : "", "");
        fputs(" |\n", stdout);
    } else {
        /* The numbers, then who: the key whole (it is what --author takes),
         * the name and the region in what is left. */
        int used = 7 + 1 + 8 + 1 + 12 + 1 + 10 + 1 + 10 + 2, rest;
        printf("%7lld %8lld %12s %s %s  ", (long long)a->posts, (long long)a->comments, likes,
               first, last);
        writer_text_cell(stdout, a->platform, -1);
        putchar(':');
        writer_text_cell(stdout, a->key, -1);
        used += text_width(a->platform, strlen(a->platform)) + 1 + text_width(a->key, strlen(a->key));
        rest = width - used - 2;
        if (a->name && strcmp(a->name, a->key) != 0) {
            fputs("  ", stdout);
            writer_text_cell(stdout, a->name, rest > 24 ? 24 : rest > 8 ? rest : 8);
        }
        if (a->region) {
            fputs("  ", stdout);
            writer_text_cell(stdout, a->region, -1);
        }
        putchar('\n');
    }
}

/* What the listing has seen and needs as it goes. */
struct authors_out {
    struct cli_context *ctx;
    struct writer w;
    enum out_format format;
    const struct post_opts *o;
    const struct pseudo *pseudo; /* --pseudonymise */
    const char *filter;          /* what the posts are, for the heading */
    int width;
    long printed;
    bool at_least, invented;
};

/* The heading of text and Markdown (its count is the listing's `total`),
 * or CSV's header row. */
static void authors_heading(struct authors_out *out, size_t total)
{
    const struct post_opts *o = out->o;

    if (out->format == OUT_CSV) {
        fputs(o->pseudonymise
                  ? "platform,key,keyed,name,posts,comments,likes,likes_at_least,illustrative,"
                    "first_seen,last_seen,region,pseudonymised\r\n"
                  : "platform,key,keyed,name,posts,comments,likes,likes_at_least,illustrative,"
                    "first_seen,last_seen,region\r\n",
              stdout);
    } else if (out->format == OUT_MD) {
        char *what = writer_md_string(out->filter + strspn(out->filter, " "));
        /* TRANSLATORS: the first %s is what the posts are ("all posts",
           "from 2025-01-10 tag #rednote"); %zu
           the number of authors; the last %s is ", --top" or nothing. */
        printf(_("Authors of %s, most posts first (%zu%s)\n\n"), what ? what : "", total,
               o->top && total == (size_t)o->top ? ", --top" : "");
        free(what);
        fputs(_("| author (platform:key) | name | posts | comments | likes | first seen | last seen "
                "| region |\n|---|---|---|---|---|---|---|---|\n"),
              stdout);
    } else if (out->format == OUT_TEXT) {
        char *what = writer_text_string(out->filter + strspn(out->filter, " "));
        /* TRANSLATORS: as "Authors of %s, most posts first (%zu%s)" */
        printf(_("authors of %s, most posts first (%zu)\n"), what ? what : "", total);
        free(what);
        /* TRANSLATORS: the column headings of refuge authors: each fits its
           column (posts 7, comments 8, likes 12, first and last seen 10). */
        writer_text_right(stdout, _("posts"), 7);
        putchar(' ');
        writer_text_right(stdout, _("comments"), 8);
        putchar(' ');
        writer_text_right(stdout, _("likes"), 12);
        putchar(' ');
        writer_text_cell(stdout, _("first seen"), 10);
        putchar(' ');
        writer_text_cell(stdout, _("last seen"), 10);
        printf("  %s\n", _("platform:key  name  region"));
    }
}

/* One author as it is read: the heading before the first. */
static int authors_row(void *arg, const struct model_author *a, size_t total)
{
    struct authors_out *out = arg;
    struct model_author masked;
    char name[PSEUDO_NAME_SIZE];

    if (out->printed++ == 0)
        authors_heading(out, total);
    if (out->pseudo) {
        /* Its key a pseudonym (as its posts' authors get), its name gone. */
        masked = *a;
        pseudo_name(out->pseudo, a->platform, a->key, name);
        masked.key = name;
        masked.name = NULL;
        a = &masked;
    }
    out->at_least |= a->likes_at_least;
    out->invented |= a->illustrative;
    author_row(&out->w, out->format, a, out->width, out->ctx->config.ui.timezone);
    /* A closed pipe (refuge authors | head) ends the listing. */
    return ferror(stdout) ? 1 : 0;
}

int batch_authors(struct cli_context *ctx, int argc, char **argv)
{
    struct post_opts o = {.top = 20};
    struct rf_error err = {{0}};
    struct session s;
    struct pseudo ps;
    char filter[512];
    struct authors_out out = {.ctx = ctx, .o = &o, .filter = filter};
    int status, rc;

    status = batch_parse_post_opts(ctx, "authors", true, argc, argv, &o);
    if (status != RF_EXIT_OK)
        return status < 0 ? RF_EXIT_OK : status;
    if ((status = session_open(ctx, &s)) != RF_EXIT_OK)
        return status;
    if (o.pseudonymise) {
        if ((status = batch_pseudonymise(ctx, &s, "authors", o.format, &ps)) != RF_EXIT_OK) {
            session_close(&s);
            return status;
        }
        out.pseudo = &ps;
    }
    batch_describe_filter(filter, sizeof filter, &o.filter, ctx->config.ui.timezone);
    out.format = o.format;
    out.width = batch_out_width();
    if (o.format == OUT_CSV || o.format == OUT_JSONL) {
        batch_data_writer(&out.w, o.format);
        if (o.pseudonymise)
            out.w.pseudo = &ps;
    }
    /* Row by row as they are read: every author (--top 0) needs the
     * memory of one. */
    rc = model_authors_each(s.model, &o.filter, MODEL_AUTHORS_POSTS, (size_t)o.top, authors_row,
                            &out, &err);
    if (rc < 0 || rc == MODEL_INTERRUPTED) {
        session_close(&s);
        return cli_runtime_error(ctx, "authors: %s", err.msg[0] ? err.msg : _("out of memory"));
    }
    if (out.printed == 0)
        authors_heading(&out, 0);
    if (out.at_least && (o.format == OUT_TEXT || o.format == OUT_MD))
        printf(_("%s>= : at least: some of the posts' likes were a lower bound, not collected or "
                 "not reported\n"),
               o.format == OUT_MD ? "\n" : "");
    if (out.invented && (o.format == OUT_TEXT || o.format == OUT_MD))
        printf(_("%si : illustrative: some of the posts were written for the bundled dataset; "
                 "their likes are invented\n"),
               o.format == OUT_MD && !out.at_least ? "\n" : "");
    session_close(&s);
    return RF_EXIT_OK;
}
