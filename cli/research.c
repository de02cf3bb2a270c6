/* research.c — a researcher's own cache (contract in research.h). */
#include "autoconfig.h"

#include <stdio.h>
#include <string.h>

#include "bundle.h"
#include "db.h"
#include "model.h"
#include "plural.h"
#include "research.h"
#include "session.h"

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
        return cli_usage_error(ctx, "drop: unexpected argument '%s'", argv[optind]);
    if (!bundled)
        return cli_usage_error(ctx, "drop: say what to drop: --bundled");
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
    printf("removed the bundled dataset: %lld %s, %lld %s, %lld %s\n"
           "kept %lld imported %s, stars, read marks and codes; this cache no longer "
           "takes the bundled dataset\n",
           dropped.posts, plural(dropped.posts, "post", "posts"), dropped.events,
           plural(dropped.events, "event", "events"), dropped.figures,
           plural(dropped.figures, "figure", "figures"), (long long)left,
           plural(left, "post", "posts"));
    session_close(&s);
    return RF_EXIT_OK;
}
