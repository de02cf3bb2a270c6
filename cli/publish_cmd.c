/* publish_cmd.c — `refuge publish SRC DEST` (contract in publish_cmd.h). */
#include "autoconfig.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db.h"
#include "i18n.h"
#include "publish.h"
#include "publish_cmd.h"
#include "writer.h"

int cli_publish(struct cli_context *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {CLI_COMMON_LONGOPTS, {NULL, 0, NULL, 0}};
    struct rf_error err = {{0}};
    struct db *src;
    struct stat st;
    char id[128], *from, *to;
    int opt, rc;

    while ((opt = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        int common = cli_common_option(ctx, opt, optarg, "publish");
        if (common < 0)
            return RF_EXIT_OK;
        if (common == 0)
            return cli_option_error(ctx, "publish", opt, argv);
    }
    if (argc - optind != 2)
        return cli_usage_error(ctx, _("publish: give the cache to publish and the file to write "
                                      "(refuge publish SRC DEST)"));
    /* The source must exist: db_open() would make an empty cache. */
    if (stat(argv[optind], &st) != 0 || !S_ISREG(st.st_mode))
        return cli_runtime_error(ctx, _("publish: %s is not a cache file"), argv[optind]);
    if (db_open(argv[optind], &src, &err) != 0)
        return cli_runtime_error(ctx, "publish: %s", err.msg);
    rc = publish_cache(src, argv[optind + 1], &err);
    if (rc == 0)
        rc = db_identity(src, id, sizeof id, &err);
    db_close(src);
    if (rc != 0)
        return cli_runtime_error(ctx, "%s", err.msg);
    from = writer_text_string(argv[optind]);
    to = writer_text_string(argv[optind + 1]);
    printf(_("published %s as %s (read-only; cache identity %s)\n"), from ? from : "?",
           to ? to : "?", id);
    free(from);
    free(to);
    return RF_EXIT_OK;
}
