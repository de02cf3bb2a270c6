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

int batch_authors(struct cli_context *ctx, int argc, char **argv)
{
    struct post_opts o = {.top = 20};
    struct model_author_list list;
    struct rf_error err = {{0}};
    struct writer w = {0};
    struct session s;
    struct pseudo ps;
    char filter[512];
    bool at_least = false, invented = false;
    int status;

    status = batch_parse_post_opts(ctx, "authors", true, argc, argv, &o);
    if (status != RF_EXIT_OK)
        return status < 0 ? RF_EXIT_OK : status;
    if ((status = session_open(ctx, &s)) != RF_EXIT_OK)
        return status;
    if (model_authors(s.model, &o.filter, MODEL_AUTHORS_POSTS, (size_t)o.top, &list, &err) != 0) {
        session_close(&s);
        return cli_runtime_error(ctx, "authors: %s", err.msg);
    }
    if (o.pseudonymise) {
        if ((status = batch_pseudonymise(ctx, &s, "authors", o.format, &ps)) != RF_EXIT_OK) {
            model_author_list_free(&list);
            session_close(&s);
            return status;
        }
        /* Each row in place: its key a pseudonym (as its posts' authors
         * get), its name gone. */
        for (size_t i = 0; i < list.count; i++) {
            struct model_author *a = &list.rows[i];
            char name[PSEUDO_NAME_SIZE], *key;
            pseudo_name(&ps, a->platform, a->key, name);
            if (!(key = strdup(name))) {
                model_author_list_free(&list);
                session_close(&s);
                return cli_runtime_error(ctx, _("authors: out of memory"));
            }
            free(a->key);
            free(a->name);
            a->key = key;
            a->name = NULL;
        }
    }
    batch_describe_filter(filter, sizeof filter, &o.filter, ctx->config.ui.timezone);
    for (size_t i = 0; i < list.count; i++)
        at_least |= list.rows[i].likes_at_least;
    if (o.format == OUT_CSV || o.format == OUT_JSONL) {
        batch_data_writer(&w, o.format);
        if (o.pseudonymise)
            w.pseudo = &ps;
        if (o.format == OUT_CSV)
            fputs(o.pseudonymise
                      ? "platform,key,keyed,name,posts,comments,likes,likes_at_least,illustrative,"
                        "first_seen,last_seen,region,pseudonymised\r\n"
                      : "platform,key,keyed,name,posts,comments,likes,likes_at_least,illustrative,"
                        "first_seen,last_seen,region\r\n",
                  stdout);
    } else if (o.format == OUT_MD) {
        char *what = writer_md_string(filter + strspn(filter, " "));
        /* TRANSLATORS: the first %s is what the posts are ("all posts",
           "from 2025-01-10 tag #rednote"); %zu
           the number of authors; the last %s is ", --top" or nothing. */
        printf(_("Authors of %s, most posts first (%zu%s)\n\n"), what ? what : "", list.count,
               o.top && list.count == (size_t)o.top ? ", --top" : "");
        free(what);
        fputs(_("| author (platform:key) | name | posts | comments | likes | first seen | last seen "
                "| region |\n|---|---|---|---|---|---|---|---|\n"),
              stdout);
    } else {
        char *what = writer_text_string(filter + strspn(filter, " "));
        /* TRANSLATORS: as "Authors of %s, most posts first (%zu%s)" */
        printf(_("authors of %s, most posts first (%zu)\n"), what ? what : "", list.count);
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
    for (size_t i = 0; i < list.count; i++)
        author_row(&w, o.format, &list.rows[i], batch_out_width(), ctx->config.ui.timezone);
    for (size_t i = 0; i < list.count; i++)
        invented |= list.rows[i].illustrative;
    if (at_least && (o.format == OUT_TEXT || o.format == OUT_MD))
        printf(_("%s>= : at least: some of the posts' likes were a lower bound, not collected or "
                 "not reported\n"),
               o.format == OUT_MD ? "\n" : "");
    if (invented && (o.format == OUT_TEXT || o.format == OUT_MD))
        printf(_("%si : illustrative: some of the posts were written for the bundled dataset; "
                 "their likes are invented\n"),
               o.format == OUT_MD && !at_least ? "\n" : "");
    model_author_list_free(&list);
    session_close(&s);
    return RF_EXIT_OK;
}
