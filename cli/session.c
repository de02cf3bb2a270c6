/* session.c — the cache and the model, opened once (contract in session.h). */
#include "autoconfig.h"

#include <string.h>

#include "bundle.h"
#include "db.h"
#include "model.h"
#include "session.h"
#include "userstate.h"

int session_start(const struct cli_context *ctx, struct session *s, struct rf_error *warning,
                  struct rf_error *err)
{
    memset(s, 0, sizeof *s);
    if (bundle_open_cache(ctx->db_path, ctx->rebuild, &s->db, warning, err) != 0)
        return -1;
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

void session_close(struct session *s)
{
    model_free(s->model);
    db_close(s->db);
    memset(s, 0, sizeof *s);
}
