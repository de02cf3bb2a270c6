/* batch_timeline.c — refuge timeline. */

#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "batch.h"
#include "batch_internal.h"
#include "i18n.h"
#include "model.h"
#include "session.h"
#include "text.h"
#include "vocab.h"
#include "writer.h"

/* ---- refuge timeline ------------------------------------------------------------------ */

/* An event kind in words ("court ruling", "法院裁决"); the name the cache
 * holds when the kind is unknown. */
static const char *kind_label(unsigned kind, int zh)
{
    int i = vocab_find(vocab_event_kinds, model_kind_name(kind));

    return i < 0 ? model_kind_name(kind) : vocab_event_kind_labels[i][zh];
}

static const char *title_of(const struct model_event *e, int zh)
{
    return zh && e->title_zh ? e->title_zh : e->title_en;
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
    const char *lang = "en", *from = NULL, *to = NULL;
    struct model_cursor at = {0};
    struct model_event_page page;
    struct rf_error err = {{0}};
    struct writer w;
    struct session s;
    int opt, status, width, zh;
    bool more;

    while ((opt = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        int common = cli_common_option(ctx, opt, optarg, "timeline");
        if (common < 0)
            return RF_EXIT_OK;
        if (common > 0)
            continue;
        status = RF_EXIT_OK;
        switch (opt) {
        case OPT_FORMAT:
            status = batch_parse_format(ctx, "timeline", optarg, &format);
            break;
        case OPT_KIND: {
            /* A comma-separated list of kinds. */
            char *list = strdup(optarg), *save = NULL;
            for (char *k = list ? strtok_r(list, ",", &save) : NULL; k;
                 k = strtok_r(NULL, ",", &save)) {
                unsigned bit = model_kind_from_name(k);
                if (!bit) {
                    status = cli_usage_error(ctx, _("timeline: --kind: unknown kind '%s'"), k);
                    break;
                }
                filter.kinds |= bit;
            }
            free(list);
            break;
        }
        case OPT_FROM:
            from = optarg;
            break;
        case OPT_TO:
            to = optarg;
            break;
        case OPT_LANG:
            lang = optarg;
            if (vocab_find(vocab_langs, lang) < 0)
                status = cli_usage_error(ctx, _("timeline: --lang: expected en or zh"));
            break;
        default:
            return cli_option_error(ctx, "timeline", opt, argv);
        }
        if (status != RF_EXIT_OK)
            return status;
    }
    if (optind < argc)
        return cli_usage_error(ctx, _("timeline: unexpected argument '%s'"), argv[optind]);
    if ((status = batch_reader_zone(ctx)) != RF_EXIT_OK ||
        (status = batch_parse_bound(ctx, "timeline", "--from", from, false, &filter.has_from,
                                    &filter.from)) != RF_EXIT_OK ||
        (status = batch_parse_bound(ctx, "timeline", "--to", to, true, &filter.has_to,
                                    &filter.to)) != RF_EXIT_OK)
        return status;
    if ((status = session_open(ctx, &s)) != RF_EXIT_OK)
        return status;
    if (format == OUT_CSV || format == OUT_JSONL) {
        batch_data_writer(&w, format);
        status = writer_export(&w, s.model, WRITER_EVENTS, &filter, &err) == 0
                     ? RF_EXIT_OK
                     : cli_runtime_error(ctx, "timeline: %s", err.msg);
        session_close(&s);
        return status;
    }
    width = batch_out_width();
    /* Chinese titles only where Chinese can be shown (English under ASCII
     * output, as in the explorer). */
    zh = vocab_is_zh(lang) && !text_ascii();
    if (format == OUT_MD)
        printf(zh ? "| 日期 | 时间 | 类型 | 可信度 | 事件 |\n|---|---|---|---|---|\n"
                  : _("| Date | Time | Kind | Confidence | Event |\n|---|---|---|---|---|\n"));
    do {
        if (model_events(s.model, &filter, &at, MODEL_FORWARD, 256, &page, &err) != 0) {
            session_close(&s);
            return cli_runtime_error(ctx, "timeline: %s", err.msg);
        }
        for (size_t i = 0; i < page.count; i++) {
            const struct model_event *e = &page.rows[i];
            char when[32] = "";
            if (e->time)
                snprintf(when, sizeof when, "%s %s", e->time, e->tz ? e->tz : "");
            /* Kinds and confidences are words of the interface too: Chinese
             * for Chinese titles or in the Chinese interface. */
            bool words_zh = zh || i18n_chinese();
            const char *kind = kind_label(e->kind, words_zh);
            const char *sure =
                vocab_confidence_labels[vocab_confidence_of(e->confidence)][words_zh];
            if (format == OUT_MD) {
                fputs("| ", stdout);
                writer_md_text(stdout, e->date, "");
                fputs(" | ", stdout);
                writer_md_text(stdout, when, "");
                printf(" | %s | %s | ", kind, sure);
                writer_md_text(stdout, title_of(e, zh), " ");
                if (e->importance >= 3)
                    printf(words_zh ? " **（%s）**" : " **(%s)**", vocab_turning_point[words_zh]);
                fputs(" |\n", stdout);
            } else {
                /* date, time, kind, confidence, then the title fitted to
                 * the rest */
                writer_text_cell(stdout, e->date, 10);
                fputs("  ", stdout);
                writer_text_cell(stdout, when, 9);
                fputs("  ", stdout);
                writer_text_cell(stdout, kind, 15);
                fputs("  ", stdout);
                writer_text_cell(stdout, sure, 6);
                fputs(e->importance >= 3 ? " * " : "   ", stdout);
                writer_text_cell(stdout, title_of(e, zh), width - 50 > 10 ? width - 50 : 10);
                fputc('\n', stdout);
            }
        }
        more = page.more;
        at = page.last;
        model_event_page_free(&page);
    } while (more);
    session_close(&s);
    return RF_EXIT_OK;
}
