/* marks-selftest.c — what marks.pl must find, and what it must leave alone.
 * Never compiled: tests/i18n/marks.sh runs marks.pl over it and compares its
 * findings with the lines marked UNMARKED below. */
#include <stdio.h>

void report(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_warn(struct context *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

struct command {
    const char *name;
    const char *summary;
};

static const struct command commands[] = {
    {.name = "feed", .summary = N_("list posts")},
    {.name = "stats", .summary = "posts per day"}, /* UNMARKED */
    {.name = "tags",
     .summary = "the tags that travel " /* UNMARKED (reported at its first line) */
                "with a tag"},
};

static void show(FILE *out, long long n, int ok, const char *name)
{
    printf(_("imported %lld posts\n"), n);
    printf("imported %lld posts\n", n); /* UNMARKED */
    fprintf(out, "%s: %lld\n", name, n);   /* no words: only conversions */
    fprintf(stderr,
            "cannot open %s\n", name); /* UNMARKED */
    printf(plural(n, "%lld post\n", "%lld posts\n"), n);
    puts(ok ? _("done") : "failed"); /* UNMARKED (a ternary's branch) */
    report("no such file: %s", name); /* UNMARKED (a printf-like function of ours) */
    report(_("no such file: %s"), name);
    fputs(json_key("likes"), out); /* a literal given to another function */
    printf("%s\n", strcmp(name, "feed") == 0 ? _("the feed") : _("a pane"));
    fputs("\033[0m\n", out);       /* escapes only */
    // printf("a commented-out call");
    /* printf("another one"); */
    fputs("{\"likes\":", out);     /* a JSON key */
    fputs("text, csv or md", out); /* allowlisted: format names */
    printf("%s" "and a word", name); /* UNMARKED (adjacent literals) */
}

static int fail(struct context *ctx, const char *why)
{
    cli_warn(ctx, "feed: --code-as: %s", why);       /* a command and an option name */
    cli_warn(ctx, "feed: --code-as: no code %s", why); /* UNMARKED */
    fputs("tag,with,posts,tag_posts\r\n", stdout);  /* a CSV header: column names */
    return 2;
}

static void columns(FILE *out)
{
    fputs(",match_field,snippet", out); /* CSV columns after a comma */
    fputs("\\ufffd", out);              /* a JSON escape */
}

static void reason(char *why, size_t size, char *buf)
{
    snprintf(why, size, "expected one of %s", buf); /* UNMARKED (a message in the making) */
    snprintf(buf, size, "%s/refuge/refuge.ini", why);  /* a path, not a message */
}
