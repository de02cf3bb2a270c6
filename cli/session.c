/* session.c — the cache and the model, opened once (contract in session.h). */
#include "autoconfig.h"

#include <string.h>
#include <time.h>

#include "batch.h"
#include "bundle.h"
#include "db.h"
#include "i18n.h"
#include "model.h"
#include "session.h"
#include "userstate.h"

int session_start(const struct cli_context *ctx, struct session *s, struct rf_error *warning,
                  struct rf_error *err)
{
    memset(s, 0, sizeof *s);
    bool bundle = ctx->config.data.bundle && !ctx->no_bundle;
    struct rf_error unbuilt = {{0}};
    bool said = false;
    int rc;

    /* An import writing its first rows without the write-ahead log: wait
     * for them (a minute or two at a million posts), saying so once, and
     * open as soon as they are committed, while the index is built. */
    while ((rc = bundle_open_cache(ctx->db_path, ctx->rebuild, bundle, &s->db, warning, err)) ==
           DB_OPEN_BUSY) {
        struct timespec pause = {.tv_sec = 0, .tv_nsec = 200 * 1000 * 1000};
        if (!said)
            cli_warn(ctx, _("%s; waiting (Ctrl-C stops)"), err->msg);
        said = true;
        nanosleep(&pause, NULL);
    }
    if (rc != 0)
        return -1;
    /* An upgraded cache's search index is built before anything reads it;
     * what a signal left unbuilt is searched by a scan, and said. */
    if (batch_index_upgraded(s->db, &unbuilt) != 0 && !warning->msg[0])
        *warning = unbuilt;
    if (userstate_open(s->db, warning, err) != 0) {
        db_close(s->db);
        s->db = NULL;
        return -1;
    }
    if (!(s->model = model_new(s->db, err))) {
        db_close(s->db);
        s->db = NULL;
        return -1;
    }
    return 0;
}

int session_open(struct cli_context *ctx, struct session *s)
{
    struct rf_error err = {{0}}, warning = {{0}};
    int status;

    /* The settings say whether the cache takes the bundled dataset. */
    if ((status = cli_load_config(ctx, false)) != RF_EXIT_OK)
        return status;
    if (session_start(ctx, s, &warning, &err) != 0)
        return cli_runtime_error(ctx, "%s", err.msg);
    if (warning.msg[0])
        cli_warn(ctx, "warning: %s", warning.msg);
    return RF_EXIT_OK;
}

void session_close(struct session *s)
{
    model_free(s->model);
    db_close(s->db);
    memset(s, 0, sizeof *s);
}
