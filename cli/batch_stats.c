/* batch_stats.c — refuge stats and refuge figures (stats --format md ends with
 * the figures handout). */

#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "batch_internal.h"
#include "figure.h"
#include "i18n.h"
#include "model.h"
#include "session.h"
#include "text.h"
#include "plural.h"
#include "vocab.h"
#include "when.h"
#include "workbench.h"
#include "writer.h"

static void figures_handout(const struct model_figure_list *list, bool md);

/* ---- refuge stats ------------------------------------------------------------------------ */

void batch_describe_filter(char *buf, size_t size, const struct model_filter *f,
                           struct when_zone zone)
{
    size_t n = 0;
    char day[40];

    buf[0] = '\0';
#define PART(...) n += (size_t)snprintf(buf + n, n < size ? size - n : 0, __VA_ARGS__)
    if (f->has_from)
        when_format(day, sizeof day, f->from, zone, WHEN_PROSE_DATE), PART(_(" from %s"), day);
    if (f->has_to)
        when_format(day, sizeof day, f->to - 1, zone, WHEN_PROSE_DATE), PART(_(" to %s"), day);
#undef PART
    if (!model_filter_label(f, MODEL_LABEL_KEYED, buf, size) && !buf[0])
        snprintf(buf, size, "%s", _(" all posts"));
}

/* The totals by provenance, each with what its numbers are, unless every
 * post was imported. */
static void stats_provenance(const struct model_stats *st, bool md)
{
    const struct model_total *t = st->by_provenance;
    int zh = i18n_chinese(); /* the vocabulary's words in the interface's language */

    if (t[VOCAB_PROVENANCE_IMPORTED].posts == st->posts)
        return;
    if (md)
        printf(_("\nOf these posts:\n\n| provenance | posts | likes | what the numbers are |\n"
                 "|---|---:|---:|---|\n"));
    else
        printf(_("of these posts:\n"));
    for (int i = 0; i < VOCAB_PROVENANCE_COUNT; i++) {
        char likes[24];
        if (t[i].posts == 0)
            continue;
        if (i == VOCAB_PROVENANCE_QUOTED)
            snprintf(likes, sizeof likes, "%s", text_ascii() ? "-" : "\xe2\x80\x93");
        else
            snprintf(likes, sizeof likes, "%lld", (long long)t[i].likes);
        if (md) {
            printf("| %s | %lld | %s | %s |\n", vocab_provenance_names[i][zh],
                   (long long)t[i].posts, likes, vocab_provenance_counts[i][zh]);
        } else {
            fputs("  ", stdout);
            writer_text_cell(stdout, vocab_provenance_names[i][zh], 12);
            printf(plural(t[i].posts, " %6lld post, likes %s (%s)\n", " %6lld posts, likes %s (%s)\n"),
                   (long long)t[i].posts, likes, vocab_provenance_counts[i][zh]);
        }
    }
}

/* What the totals count, after them on their line: "; all imported", or
 * the bundled posts (illustrative or quoted) apart from the imported ones,
 * so the bundle never blends into a researcher's numbers unannounced. */
static void stats_counted(const struct model_stats *st)
{
    int64_t imported = st->by_provenance[VOCAB_PROVENANCE_IMPORTED].posts;

    if (st->posts == 0)
        fputc('\n', stdout);
    else if (imported == st->posts)
        printf(_("; all imported\n"));
    else if (imported == 0)
        printf(_("; all bundled (illustrative or quoted)\n"));
    else
        printf(_("; %lld bundled (illustrative or quoted) + %lld imported\n"),
               (long long)(st->posts - imported), (long long)imported);
}

static const char *const weekday_names[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

/* A slot of the series as its record and row show it: a date (a day, a
 * week's Monday), an hour "00".."23" or a weekday "Mon". */
static void format_slot(char *buf, size_t size, enum model_unit by, int64_t slot)
{
    if (by == MODEL_BY_HOUR)
        snprintf(buf, size, "%02d", (int)slot);
    else if (by == MODEL_BY_WEEKDAY)
        snprintf(buf, size, "%s", weekday_names[slot % 7]);
    else if (slot > -INT64_MAX / WHEN_DAY && slot < INT64_MAX / WHEN_DAY)
        batch_format_day(buf, size, slot * WHEN_DAY, when_utc()); /* a day number of the zone */
    else
        snprintf(buf, size, "----------");
}

/* "posts per hour of the day (Asia/Shanghai)", or as a heading "Posts
 * per ...". */
static void series_title(char *buf, size_t size, enum model_unit by, struct when_zone zone,
                         bool heading)
{
    static const char *const line[MODEL_UNIT_COUNT] = {
        [MODEL_BY_DAY] = N_("posts per day"),
        [MODEL_BY_WEEK] = N_("posts per week, from Monday"),
        [MODEL_BY_HOUR] = N_("posts per hour of the day"),
        [MODEL_BY_WEEKDAY] = N_("posts per day of the week")};
    static const char *const title[MODEL_UNIT_COUNT] = {
        [MODEL_BY_DAY] = N_("Posts per day"),
        [MODEL_BY_WEEK] = N_("Posts per week, from Monday"),
        [MODEL_BY_HOUR] = N_("Posts per hour of the day"),
        [MODEL_BY_WEEKDAY] = N_("Posts per day of the week")};
    char name[80];

    vocab_zone_label(zone, name, sizeof name);
    /* TRANSLATORS: a series' title and, in parentheses, the time zone its
       days and hours are counted in. */
    snprintf(buf, size, _("%s (%s)"), _(heading ? title[by] : line[by]), name);
}

static void stats_text(const struct model_stats *st, const char *filter, bool md, int width,
                       enum model_unit by, struct when_zone zone)
{
    char title[160];
    int64_t max = 1;
    int barw = width - 30 > 50 ? 50 : width - 30;
    unsigned provenances = 0; /* of the most liked posts, for their marks' legend */

    for (size_t i = 0; i < st->ndays; i++)
        if (st->days[i].posts > max)
            max = st->days[i].posts;
    if (md) {
        char *what = writer_md_string(filter + strspn(filter, " "));
        /* TRANSLATORS: %s after "over:" is what the posts are ("all posts",
           "tag #rednote"); "%s%lld" is the likes,
           "at least " or nothing before the number. */
        printf(_("## Posts in the cache\n\nComputed from the cache over: %s.\n\n"
                 "| posts | Chinese | English | likes |\n|---:|---:|---:|---:|\n"
                 "| %lld | %lld | %lld | %s%lld |\n"),
               what ? what : "", (long long)st->posts, (long long)st->posts_zh, (long long)st->posts_en,
               st->likes_partial ? _("at least ") : "", (long long)st->likes);
        free(what);
        if (st->likes_partial)
            printf(_("\nThe likes of %lld of these posts were not reported, or only as a lower "
                     "bound: the sum is at least that many.\n"),
                   (long long)st->likes_partial);
        if (st->posts > 0 && st->by_provenance[VOCAB_PROVENANCE_IMPORTED].posts == st->posts)
            printf(_("\nAll of these posts were imported.\n"));
    } else {
        char *what = writer_text_string(filter + strspn(filter, " "));
        const char *at_least = st->likes_partial ? _("at least ") : "";

        printf(_("computed from the cache over: %s\n"), what ? what : "");
        free(what);
        /* Languages beyond zh and en (ja, ko, und...) are counted apart. */
        if (st->posts > st->posts_zh + st->posts_en)
            printf(_("posts %lld (zh %lld, en %lld, other languages %lld), likes %s%lld"),
                   (long long)st->posts, (long long)st->posts_zh, (long long)st->posts_en,
                   (long long)(st->posts - st->posts_zh - st->posts_en), at_least,
                   (long long)st->likes);
        else
            printf(_("posts %lld (zh %lld, en %lld), likes %s%lld"), (long long)st->posts,
                   (long long)st->posts_zh, (long long)st->posts_en, at_least,
                   (long long)st->likes);
        stats_counted(st);
    }
    stats_provenance(st, md);
    series_title(title, sizeof title, by, zone, md);
    if (md)
        printf(_("\n### %s\n\n| %s | posts | zh | en |\n|---|---:|---:|---:|\n"), title,
               model_unit_name(by));
    else
        printf("\n%s\n", title);
    for (size_t i = 0; i < st->ndays; i++) {
        char day[40];
        const struct model_day *d = &st->days[i];
        format_slot(day, sizeof day, by, d->slot);
        if (md) {
            printf("| %s | %lld | %lld | %lld |\n", day, (long long)d->posts,
                   (long long)d->posts_zh, (long long)d->posts_en);
        } else {
            int n = (int)((d->posts * barw + max - 1) / max);
            printf("  %-10s %6lld ", day, (long long)d->posts);
            for (int k = 0; k < n; k++)
                fputs(text_ascii() ? "#" : "\xe2\x96\x87", stdout);
            fputc('\n', stdout);
        }
    }
    printf(md ? _("\n### Top tags\n\n| tag | posts |\n|---|---:|\n") : _("\ntop tags\n"));
    for (size_t i = 0; i < st->ntags; i++) {
        if (md) {
            fputs("| #", stdout);
            writer_md_text(stdout, st->tags[i].tag, "");
            printf(" | %lld |\n", (long long)st->tags[i].posts);
        } else {
            fputs("  #", stdout);
            writer_text_cell(stdout, st->tags[i].tag, 24);
            printf(" %6lld\n", (long long)st->tags[i].posts);
        }
    }
    /* Codes (the researcher's): only when some are applied here. */
    if (st->ncodes > 0)
        printf(md ? _("\n### Posts per code\n\n| code | posts |\n|---|---:|\n") : _("\ncodes\n"));
    for (size_t i = 0; i < st->ncodes; i++) {
        if (md) {
            fputs("| ", stdout);
            writer_md_text(stdout, st->codes[i].code, "");
            printf(" | %lld |\n", (long long)st->codes[i].posts);
        } else {
            fputs("  ", stdout);
            writer_text_cell(stdout, st->codes[i].code, 25);
            printf(" %6lld\n", (long long)st->codes[i].posts);
        }
    }
    printf(md ? _("\n### Most liked posts\n\n") : _("\nmost liked posts\n"));
    for (size_t i = 0; i < st->ntop; i++) {
        const struct model_post *p = &st->top[i];
        if (md) {
            writer_post_md(stdout, p, zone);
        } else {
            /* As refuge feed lists a post, its provenance marked. */
            fputs("  ", stdout);
            int rest = writer_post_text_head(stdout, p, width - 2, zone);
            writer_text_last(stdout, writer_post_shown_text(p), rest);
            fputc('\n', stdout);
            provenances |= 1u << vocab_provenance_of(p->provenance);
        }
    }
    writer_provenance_legend(stdout, provenances);
}

int batch_stats(struct cli_context *ctx, int argc, char **argv)
{
    struct post_opts o = {.top = 10};
    struct wb_view view;
    struct model_clock clock;
    struct model_stats st;
    struct rf_error err = {{0}};
    struct writer w;
    struct session s;
    char filter[512];
    int status;

    status = batch_parse_post_opts(ctx, "stats", true, argc, argv, &o);
    if (status != RF_EXIT_OK)
        return status < 0 ? RF_EXIT_OK : status;
    if ((status = session_open(ctx, &s)) != RF_EXIT_OK)
        return status;
    if ((status = batch_use_views(ctx, "stats", s.model, &o, &view)) != RF_EXIT_OK) {
        session_close(&s);
        wb_view_free(&view);
        return status;
    }
    clock = (struct model_clock){ctx->config.ui.timezone, o.by};
    if (model_stats(s.model, &o.filter, (size_t)o.top, &clock, &st, &err) != 0) {
        session_close(&s);
        wb_view_free(&view);
        return cli_runtime_error(ctx, "stats: %s", err.msg);
    }
    batch_index_note(ctx, s.model, &o.filter);
    batch_describe_filter(filter, sizeof filter, &o.filter, clock.zone);
    if (o.format == OUT_TEXT || o.format == OUT_MD) {
        struct model_figure_list figures;
        stats_text(&st, filter, o.format == OUT_MD, batch_out_width(), o.by, clock.zone);
        /* A handout of the computed numbers carries the reported ones too,
         * each with its sources. */
        if (o.format == OUT_MD && model_figures(s.model, NULL, &figures, &err) == 0) {
            fputc('\n', stdout);
            figures_handout(&figures, true);
            model_figure_list_free(&figures);
        }
    } else {
        /* Data formats: one record per slot (day, week, hour, weekday) of
         * the reader's zone. */
        batch_data_writer(&w, o.format);
        if (o.format == OUT_CSV)
            printf("%s,posts,posts_zh,posts_en,likes\r\n", model_unit_name(o.by));
        for (size_t i = 0; i < st.ndays; i++) {
            char day[40];
            format_slot(day, sizeof day, o.by, st.days[i].slot);
            writer_begin(&w);
            if (o.by == MODEL_BY_HOUR)
                writer_int(&w, "hour", st.days[i].slot);
            else
                writer_str(&w, model_unit_name(o.by), day);
            writer_int(&w, "posts", st.days[i].posts);
            writer_int(&w, "posts_zh", st.days[i].posts_zh);
            writer_int(&w, "posts_en", st.days[i].posts_en);
            writer_int(&w, "likes", st.days[i].likes);
            writer_end(&w);
        }
    }
    model_stats_free(&st);
    session_close(&s);
    wb_view_free(&view);
    return RF_EXIT_OK;
}

/* ---- refuge figures ------------------------------------------------------------------- */

/* "over 114,000 posts", "over 175M downloads": the value as reported, read
 * as in the stats pane, for a handout (figure.h); CSV and JSON Lines keep
 * every digit. */
static void figure_value_words(char *buf, size_t size, const struct model_figure *f)
{
    char num[48];

    figure_number_text(num, sizeof num, f->value);
    figure_value_text(buf, size, num, f->qualifier, f->unit, i18n_chinese());
}

/* "2025-01-14T18:00 BJT (UTC+08:00)", or the date alone. */
static void figure_as_of(char *buf, size_t size, const struct model_figure *f)
{
    char off[16] = "";

    if (f->has_offset)
        when_format_offset(off, sizeof off, f->utc_offset);
    snprintf(buf, size, "%s%s%s%s%s%s", f->as_of ? f->as_of : "", f->tz ? " " : "",
             f->tz ? f->tz : "", off[0] ? " (UTC" : "", off, off[0] ? ")" : "");
}

/* The reported figures with every source, for a handout: Markdown (md) or
 * plain text, by date. Every string from the data passes the text layer. */
static void figures_handout(const struct model_figure_list *list, bool md)
{
    char day[16] = "";

    if (md)
        printf(_("## Reported figures, with their sources\n\n"
                 "Reported by the sources named under each figure, not computed by refuge. "
                 "Confidence *low* marks a figure the sources do not settle: do not present it "
                 "as settled.\n"));
    else
        printf(_("reported figures, with their sources (reported, not computed; confidence low: "
                 "the sources do not settle it)\n"));
    for (size_t i = 0; i < list->count; i++) {
        const struct model_figure *f = &list->rows[i];
        char value[160], when[96], *what;
        const char *confidence =
            vocab_confidence_labels[vocab_confidence_of(f->confidence)][i18n_chinese()];
        /* the figure's own words in the reader's language, where it has them */
        const char *label = i18n_chinese() && f->label_zh && f->label_zh[0] ? f->label_zh : f->label_en;
        size_t dlen = f->as_of ? strcspn(f->as_of, "T") : 0;

        if (dlen > sizeof day - 1)
            dlen = sizeof day - 1;
        if (strlen(day) != dlen || strncmp(day, f->as_of, dlen) != 0) {
            char heading[40];
            int y, mo, d;
            snprintf(day, sizeof day, "%.*s", (int)dlen, f->as_of);
            /* a day as a heading reads as prose: 2020年8月6日 in Chinese */
            if (sscanf(day, "%4d-%2d-%2d", &y, &mo, &d) == 3 && when_valid_date(y, mo, d))
                when_prose_date(heading, sizeof heading, y, mo, d, i18n_chinese());
            else
                snprintf(heading, sizeof heading, "%s", day);
            printf(md ? "\n### %s\n\n" : "\n%s\n", heading);
        }
        figure_value_words(value, sizeof value, f);
        figure_as_of(when, sizeof when, f);
        if (md) {
            fputs("- **", stdout);
            writer_md_text(stdout, label, "");
            /* TRANSLATORS: between a figure's label and its value */
            fputs(_("**: "), stdout);
            writer_md_text(stdout, value, "");
            what = writer_md_string(when);
            /* TRANSLATORS: after a figure in a Markdown handout: the time it
               was reported for, and how sure the sources are (high, medium,
               low: translated too). */
            printf(_("%1$sas of %2$s%3$sconfidence: %4$s\n"), writer_dash(), what ? what : "",
                   writer_dot(), confidence);
        } else {
            fputs("  ", stdout);
            writer_text_cell(stdout, label, -1);
            /* TRANSLATORS: between a figure's label and its value */
            fputs(_(": "), stdout);
            writer_text_cell(stdout, value, -1);
            what = writer_text_string(when);
            /* TRANSLATORS: %2$s is a separator (" · "). */
            printf(_("\n    as of %1$s%2$sconfidence: %3$s\n"), what ? what : "", writer_dot(),
                   confidence);
        }
        free(what);
        if (f->nsources == 0)
            printf(md ? _("  - no source given\n") : _("    no source given\n"));
        for (size_t k = 0; k < f->nsources; k++) {
            const struct model_source *src = &f->sources[k];
            char line[1024];
            int n = snprintf(line, sizeof line, "%s", src->publisher);
            if (src->title && n >= 0 && (size_t)n < sizeof line)
                n += snprintf(line + n, sizeof line - (size_t)n,
                              _(", \xe2\x80\x9c%s\xe2\x80\x9d"), src->title);
            if (src->published && n >= 0 && (size_t)n < sizeof line)
                snprintf(line + n, sizeof line - (size_t)n, _(", %s"), src->published);
            what = md ? writer_md_string(line) : writer_text_string(line);
            printf(md ? _("  - Source: %s") : _("    source: %s"), what ? what : "");
            free(what);
            if (src->url) {
                fputs(md ? " <" : "\n      ", stdout);
                writer_text_cell(stdout, src->url, -1);
                fputs(md ? ">" : "", stdout);
            }
            fputc('\n', stdout);
        }
        if (f->notes && f->notes[0]) {
            fputs(md ? _("  - Notes: ") : _("    notes: "), stdout);
            if (md)
                writer_md_text(stdout, f->notes, "    ");
            else
                writer_text_cell(stdout, f->notes, -1);
            fputc('\n', stdout);
        }
    }
}

int batch_figures(struct cli_context *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {CLI_COMMON_LONGOPTS,
                                              {"format", required_argument, NULL, OPT_FORMAT},
                                              {NULL, 0, NULL, 0}};
    enum out_format format = OUT_TEXT;
    struct model_figure_list list;
    struct rf_error err = {{0}};
    struct writer w;
    struct session s;
    int opt, status;

    while ((opt = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        int common = cli_common_option(ctx, opt, optarg, "figures");
        if (common < 0)
            return RF_EXIT_OK;
        if (common > 0)
            continue;
        if (opt != OPT_FORMAT)
            return cli_option_error(ctx, "figures", opt, argv);
        if ((status = batch_parse_format(ctx, "figures", optarg, &format)) != RF_EXIT_OK)
            return status;
    }
    if (optind < argc)
        return cli_usage_error(ctx, _("figures: unexpected argument '%s'"), argv[optind]);
    if ((status = session_open(ctx, &s)) != RF_EXIT_OK)
        return status;
    if (model_figures(s.model, NULL, &list, &err) != 0) {
        session_close(&s);
        return cli_runtime_error(ctx, "figures: %s", err.msg);
    }
    if (format == OUT_CSV || format == OUT_JSONL) {
        batch_data_writer(&w, format);
        writer_header(&w, WRITER_FIGURES);
        for (size_t i = 0; i < list.count; i++)
            writer_figure(&w, &list.rows[i]);
    } else
        figures_handout(&list, format == OUT_MD);
    model_figure_list_free(&list);
    session_close(&s);
    return RF_EXIT_OK;
}
