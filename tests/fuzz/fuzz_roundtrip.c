/* fuzz_roundtrip.c — libFuzzer target for every writer (src/writer.h).
 *
 * Input: byte 0 is a selector, the rest is the file.
 *   bits 0-1  the encoding: auto, JSON Lines, JSON array, CSV
 *   bit 2     --skip-bad
 * What import accepts, export reproduces: the file is imported into an
 * empty in-memory cache; if that succeeds, the cache is exported in JSON
 * Lines (every kind) and in CSV (one file per kind). Each export, imported
 * into another empty cache, must be accepted whole and export the same
 * bytes in both formats again. Written as to a terminal, the same records
 * must hold no byte a terminal acts on (C0 but newline, C1, bidi controls,
 * invalid UTF-8), and so must the Markdown and plain-text writers. A broken
 * promise aborts with a message. The seeds (corpus/roundtrip) are hostile
 * fixtures in each encoding and refuge's own exports; import.dict serves
 * here too. Replayed by tests/fuzz/replay.c in `make check`.
 */
#include "autoconfig.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>

#include "db.h"
#include "import.h"
#include "model.h"
#include "text.h"
#include "writer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond, what)                                                                  \
    do {                                                                                   \
        if (!(cond)) {                                                                     \
            fprintf(stderr, "fuzz_roundtrip: %s:%d: promise broken: %s\n", __FILE__,      \
                    __LINE__, what);                                                       \
            abort();                                                                       \
        }                                                                                  \
    } while (0)

struct out {
    char *buf;
    size_t len;
};

/* A fresh cache holding `text`, or NULL when import refuses it. */
static struct db *cache_of(const char *name, const char *text, size_t len,
                           const struct import_options *opts, bool must_import)
{
    struct import_result res;
    struct rf_error err = {{0}};
    struct db *db;

    CHECK(db_open_memory(&db, &err) == 0, err.msg);
    CHECK(db_begin(db, &err) == 0, err.msg);
    if (import_buffer(db, name, text, len, opts, &res, &err) != 0) {
        CHECK(!must_import, "import accepts what export wrote");
        db_rollback(db);
        db_close(db);
        return NULL;
    }
    CHECK(!must_import || res.bad == 0, "nothing export wrote is a bad record");
    CHECK(db_commit(db, &err) == 0, err.msg);
    return db;
}

/* Every kind (JSON Lines) or one kind (CSV) of a cache, as export writes
 * it; `terminal` as for a tty. */
static struct out export_of(struct db *db, enum writer_format format, int kind, bool terminal)
{
    struct rf_error err = {{0}};
    struct model *m = model_new(db, &err);
    struct out o = {0};
    FILE *mem = open_memstream(&o.buf, &o.len);
    struct writer w;

    CHECK(m && mem, "model and memory");
    writer_init(&w, mem, format, terminal);
    for (int k = WRITER_POSTS; k <= WRITER_FIGURES; k++)
        if (kind < 0 || k == kind)
            CHECK(writer_export(&w, m, (enum writer_kind)k, NULL, &err) == 0, err.msg);
    CHECK(fclose(mem) == 0, "the export is written");
    model_free(m);
    return o;
}

/* No C0 control but newline (and CR, tab in CSV rows' ends and text
 * layer output), no DEL, no C1, no bidi control, valid UTF-8. */
static bool inert(const char *s, size_t len)
{
    const uint8_t *u = (const uint8_t *)s;

    for (size_t i = 0; i < len;) {
        ucs4_t c;
        int n = u8_mbtoucr(&c, u + i, len - i);
        if (n < 0)
            return false;
        if (c != '\n' && c != '\r' && c != '\t' && text_is_control(c))
            return false;
        i += (size_t)n;
    }
    return true;
}

/* The writers for people, over every post of a cache. */
static void check_for_people(struct db *db)
{
    struct rf_error err = {{0}};
    struct model *m = model_new(db, &err);
    struct model_cursor at = {0};
    struct model_post_page page;
    struct out o = {0};
    FILE *mem = open_memstream(&o.buf, &o.len);

    CHECK(m && mem, "model and memory");
    CHECK(model_export_posts(m, &at, 1000, &page, &err) == 0, err.msg);
    for (size_t i = 0; i < page.count; i++) {
        writer_post_md(mem, &page.rows[i], when_utc());
        writer_text_cell(mem, page.rows[i].text, 40);
        writer_text_cell(mem, page.rows[i].author, -1);
    }
    model_post_page_free(&page);
    CHECK(fclose(mem) == 0, "written");
    CHECK(inert(o.buf, o.len), "Markdown and text hold nothing a terminal acts on");
    free(o.buf);
    model_free(m);
}

static bool same(const struct out *a, const struct out *b)
{
    return a->len == b->len && memcmp(a->buf, b->buf, a->len) == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const enum import_format formats[] = {IMPORT_AUTO, IMPORT_JSONL, IMPORT_JSON,
                                                 IMPORT_CSV};
    struct import_options opts = {0}, exact = {.format = IMPORT_JSONL};
    struct import_options csv = {.format = IMPORT_CSV};
    struct out jsonl, again, tty, kinds[3], back;
    struct db *first, *second, *third;

    if (size < 1)
        return 0;
    opts.format = formats[data[0] & 3];
    opts.skip_bad = (data[0] & 4) != 0;
    if (!(first = cache_of("fuzz", (const char *)data + 1, size - 1, &opts, false)))
        return 0;
    jsonl = export_of(first, WRITER_JSONL, -1, false);
    for (int k = 0; k < 3; k++)
        kinds[k] = export_of(first, WRITER_CSV, k, false);

    /* JSON Lines: import, export, the same bytes. */
    second = cache_of("export.jsonl", jsonl.buf ? jsonl.buf : "", jsonl.len, &exact, true);
    again = export_of(second, WRITER_JSONL, -1, false);
    CHECK(same(&jsonl, &again), "a JSON Lines export re-exports the same bytes");
    free(again.buf);
    db_close(second);

    /* CSV, one file per kind, into one cache: the same bytes in both formats. */
    CHECK(db_open_memory(&third, &(struct rf_error){{0}}) == 0, "a cache");
    for (int k = 0; k < 3; k++) {
        struct import_result res;
        struct rf_error err = {{0}};
        CHECK(db_begin(third, &err) == 0, err.msg);
        CHECK(import_buffer(third, "export.csv", kinds[k].buf, kinds[k].len, &csv, &res, &err) ==
                  0,
              "import accepts each CSV export");
        CHECK(res.bad == 0, "nothing in a CSV export is a bad record");
        CHECK(db_commit(third, &err) == 0, err.msg);
    }
    again = export_of(third, WRITER_JSONL, -1, false);
    CHECK(same(&jsonl, &again), "the CSV exports re-export the same JSON Lines");
    free(again.buf);
    for (int k = 0; k < 3; k++) {
        back = export_of(third, WRITER_CSV, k, false);
        CHECK(same(&kinds[k], &back), "a CSV export re-exports the same bytes");
        free(back.buf);
        tty = export_of(first, WRITER_CSV, k, true);
        CHECK(inert(tty.buf, tty.len), "CSV for a terminal holds nothing a terminal acts on");
        free(tty.buf);
    }
    db_close(third);

    tty = export_of(first, WRITER_JSONL, -1, true);
    CHECK(inert(tty.buf, tty.len), "JSON for a terminal holds nothing a terminal acts on");
    free(tty.buf);
    check_for_people(first);

    for (int k = 0; k < 3; k++)
        free(kinds[k].buf);
    free(jsonl.buf);
    db_close(first);
    return 0;
}
