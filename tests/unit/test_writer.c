/* The writers' promises that need no cache: the spreadsheet guard on every
 * CSV text cell and its undoing, JSON and CSV defused for a terminal and
 * exact otherwise. */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "tap.h"
#include "text.h"
#include "vocab.h"
#include "writer.h"

/* What the writer makes of one text field, with `terminal` as given. */
static char *written(enum writer_format format, bool terminal, const char *value)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    struct writer w;

    writer_init(&w, mem, format, terminal);
    writer_begin(&w);
    writer_str(&w, "v", value);
    writer_end(&w);
    fclose(mem);
    return buf;
}

/* The CSV cell's content as a reader sees it: quotes undone, CRLF cut. */
static char *cell_of(const char *row)
{
    size_t n = strlen(row), k = 0;
    char *out = malloc(n);

    if (n < 4 || row[0] != '"' || strcmp(row + n - 3, "\"\r\n") != 0) {
        free(out);
        return NULL;
    }
    for (size_t i = 1; i < n - 3; i++) {
        if (row[i] == '"')
            i++;
        out[k++] = row[i];
    }
    out[k] = '\0';
    return out;
}

/* Every string of up to four characters from an alphabet of the guard's
 * triggers, apostrophes and plain letters: written, read and unguarded, it
 * comes back exact, and what a spreadsheet sees never starts a formula. */
static void test_guard_round_trip(void)
{
    static const char alphabet[] = "'=+-@\t\rax";
    const size_t na = sizeof alphabet - 1;
    size_t total = 0, lost = 0, unsafe = 0;

    for (size_t len = 0; len <= 4; len++) {
        size_t count = 1;
        for (size_t i = 0; i < len; i++)
            count *= na;
        for (size_t code = 0; code < count; code++) {
            char s[5], *row, *cell;
            size_t c = code, guard;
            for (size_t i = 0; i < len; i++, c /= na)
                s[i] = alphabet[c % na];
            s[len] = '\0';
            row = written(WRITER_CSV, false, s);
            cell = cell_of(row);
            total++;
            if (!cell) {
                lost++;
                free(row);
                continue;
            }
            if (cell[0] && strchr("=+-@\t\r", cell[0]))
                unsafe++;
            guard = writer_csv_unguard(cell, strlen(cell));
            if (strcmp(cell + guard, s) != 0)
                lost++;
            free(cell);
            free(row);
        }
    }
    ok(lost == 0, "%zu strings of guard characters and apostrophes come back exact (%zu lost)",
       total, lost);
    ok(unsafe == 0, "and no cell starts with = + - @ tab or CR (%zu do)", unsafe);
}

static void test_guard_cases(void)
{
    char *row;

    is_str(row = written(WRITER_CSV, false, "=SUM(A1)"), "\"'=SUM(A1)\"\r\n",
           "a formula gets an apostrophe");
    free(row);
    is_str(row = written(WRITER_CSV, false, "'hello"), "\"'hello\"\r\n",
           "a text beginning with an apostrophe is written as is");
    free(row);
    is_str(row = written(WRITER_CSV, false, "'=x"), "\"''=x\"\r\n",
           "an apostrophe before a formula gets one more");
    free(row);
    is_str(row = written(WRITER_JSONL, false, "=SUM(A1)"), "{\"v\":\"=SUM(A1)\"}\n",
           "JSON needs no guard");
    free(row);
    ok(writer_csv_unguard("'hello", 6) == 0, "unguard keeps a genuine apostrophe");
    ok(writer_csv_unguard("'-5", 3) == 1, "and drops a guard");
    ok(writer_csv_unguard("-5", 2) == 0, "a bare negative number is no guard");
}

static void test_terminal(void)
{
    static const char hostile[] = "a\x1b]52;c;eA==\x07 \xc2\x9b" "2J \xe2\x80\xae" "b \x9b z";
    char *row;

    is_str(row = written(WRITER_JSONL, true, hostile),
           "{\"v\":\"a\\u001b]52;c;eA==\\u0007 \\u009b2J \\u202eb \\ufffd z\"}\n",
           "JSON to a terminal escapes C0, C1, bidi and invalid bytes as \\uXXXX");
    free(row);
    is_str(row = written(WRITER_JSONL, false, hostile),
           "{\"v\":\"a\\u001b]52;c;eA==\\u0007 \xc2\x9b" "2J \xe2\x80\xae" "b \x9b z\"}\n",
           "JSON to a file keeps every other byte exact");
    free(row);
    row = written(WRITER_CSV, true, hostile);
    ok(!strchr(row, '\x1b') && !strchr(row, '\x07') && !strstr(row, "\xc2\x9b") &&
           !strstr(row, "\xe2\x80\xae") && strstr(row, "\xe2\x90\x9b]52"),
       "CSV to a terminal shows controls as placeholders");
    free(row);
    row = written(WRITER_CSV, false, hostile);
    ok(strstr(row, "\x1b]52") && strstr(row, "\xe2\x80\xae"), "CSV to a file keeps them exact");
    free(row);
}

/* Every byte JSON escapes, at every place of a text that spans three
 * eight-byte blocks: the escape where it was, every other byte as it was
 * (the writer skips plain runs eight bytes at a time). */
static void test_json_every_place(void)
{
    static const struct {
        const char *in, *file, *terminal;
    } special[] = {
        {"\x01", "\\u0001", "\\u0001"}, {"\x1f", "\\u001f", "\\u001f"}, {"\n", "\\n", "\\n"},
        {"\t", "\\t", "\\t"},          {"\r", "\\r", "\\r"},          {"\"", "\\\"", "\\\""},
        {"\\", "\\\\", "\\\\"},        {"\x7f", "\\u007f", "\\u007f"},
        {"\xc2\x85", "\xc2\x85", "\\u0085"} /* C1 NEL */, {"\xc3\xa9", "\xc3\xa9", "\xc3\xa9"},
        {"\xff", "\xff", "\\ufffd"},
    };
    int wrong = 0, cases = 0;

    for (size_t k = 0; k < sizeof special / sizeof *special; k++)
        for (int at = 0; at <= 24; at++)
            for (int terminal = 0; terminal < 2; terminal++) {
                char in[64], want[96], *row;
                snprintf(in, sizeof in, "%.*s%s%.*s", at, "abcdefghijklmnopqrstuvwxyz",
                         special[k].in, 24 - at, " !#$%&'()*+,-./0123456789:;");
                snprintf(want, sizeof want, "{\"v\":\"%.*s%s%.*s\"}\n", at,
                         "abcdefghijklmnopqrstuvwxyz",
                         terminal ? special[k].terminal : special[k].file, 24 - at,
                         " !#$%&'()*+,-./0123456789:;");
                row = written(WRITER_JSONL, terminal, in);
                cases++;
                if (strcmp(row, want) != 0 && wrong++ == 0)
                    tap_diag("byte %zu at %d (terminal %d): %s, not %s", k, at, terminal, row,
                             want);
                free(row);
            }
    ok(wrong == 0, "%d texts: each escape in its place in JSON, the rest exact (%d wrong)", cases,
       wrong);
}

/* An aligned cell reads only the start of a long text, and still shows
 * exactly its width with the ellipsis, even when what it read is a flood
 * of marks that takes no column. */
static char *cell(const char *s, int width)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);

    writer_text_cell(mem, s, width);
    fclose(mem);
    return buf;
}

static void test_text_cell(void)
{
    size_t n = 100000;
    char *longtext = malloc(n + 1), *flood = malloc(2 * n + 2), *c;

    memset(longtext, 'x', n);
    longtext[n] = '\0';
    c = cell(longtext, 10);
    ok(strcmp(c, "xxxxxxxxx\xe2\x80\xa6") == 0, "a long text: nine columns and the ellipsis");
    free(c);
    c = cell("short", 10);
    ok(strcmp(c, "short     ") == 0, "a short one padded to the width");
    free(c);
    flood[0] = 'a';
    for (size_t i = 0; i < n; i++) /* U+0301, combining acute: no column */
        flood[1 + 2 * i] = '\xcc', flood[2 + 2 * i] = '\x81';
    flood[1 + 2 * n] = '\0';
    c = cell(flood, 5);
    ok(c && strstr(c, "\xe2\x80\xa6") && text_width(c, strlen(c)) == 5,
       "a flood of marks cut short: five columns with the ellipsis");
    free(c);
    free(longtext);
    free(flood);
}

/* A text feed row's head, and the text width it leaves, at a width. */
static char *head(const struct model_post *p, int width, int *rest)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);

    *rest = writer_post_text_head(mem, p, width, when_offset(480)); /* a reader at +08:00 */
    fclose(mem);
    return buf;
}

static void test_text_row(void)
{
    struct model_post p = {.ts_utc = 1736860500, .has_offset = true, .utc_offset = 480,
                           .platform = "xiaohongshu", .author = "在写日记的小许而且名字很长",
                           .lang = "zh", .text = "t", .likes = 3412, .provenance = "illustrative"};
    struct model_post q = p;
    char *h;
    int rest, w;

    h = head(&p, 200, &rest);
    ok(rest == 127 && !strchr(h, '\n') && text_width(h, strlen(h)) == 73,
       "200 columns: the text has the 127 columns after the head");
    ok(strcmp(h, "2025-01-14 21:15 +08:00  zh   i  xiaohongshu     3412  在写日记的小许…   ") == 0,
       "the head: time in its zone, language, the provenance mark, platform, likes, author");
    free(h);
    h = head(&p, 100, &rest);
    ok(rest == 54 && strcmp(h, "2025-01-14 21:15 zh i XHS   3.4k 在写日记的…  ") == 0,
       "100 columns: the clock without the offset, short platform and likes; 54 for the text");
    free(h);
    h = head(&p, 80, &rest);
    ok(rest == 43 && strcmp(h, "2025-01-14  zh i XHS   3.4k 在写日…  ") == 0,
       "80 columns: the day alone; 43 columns for the text");
    free(h);
    /* The author's column is as wide for Chinese as for English names. */
    q.author = "plain name";
    q.provenance = "quoted";
    {
        char *a = head(&p, 200, &rest), *b = head(&q, 200, &w);
        ok(rest == w && text_width(a, strlen(a)) == text_width(b, strlen(b)) &&
               strstr(b, "  q  xiaohongshu"),
           "rows align with CJK authors; a quoted post is marked q");
        free(a);
        free(b);
    }
    q.author = "\x1b]0;pwned\x07";
    q.provenance = "imported";
    h = head(&q, 200, &rest);
    ok(!strchr(h, 0x1b) && !strchr(h, 0x07) && strstr(h, "      xiaohongshu"),
       "an author's escape sequence is defused; an imported post has no mark");
    free(h);
    {
        char *buf = NULL;
        size_t len = 0;
        FILE *mem = open_memstream(&buf, &len);

        writer_provenance_legend(mem, 1u << VOCAB_PROVENANCE_ILLUSTRATIVE | 1u << VOCAB_PROVENANCE_IMPORTED);
        writer_provenance_legend(mem, 1u << VOCAB_PROVENANCE_IMPORTED);
        fclose(mem);
        ok(strcmp(buf, "marks: i illustrative: written for this dataset; likes invented\n") == 0,
           "the legend explains the marks seen, and nothing for imported posts alone");
        free(buf);
    }
}

/* ---- a cell reads the start of its text: the same as the whole cleaned ---- */

/* The cell as it was made before (writer.c up to issue 19's fourth round):
 * the text's first width * 16 + 64 bytes cleaned whole, then fitted. */
static void whole_cell(FILE *out, const char *s, int width, int align)
{
    size_t len = strlen(s), limit = (size_t)width * 16 + 64;
    bool cut = width >= 0 && len > limit;
    char *flat, *clean;
    struct text_fit fit;

    if (cut) {
        len = limit;
        while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80)
            len--;
    }
    flat = strndup(s, len);
    for (char *p = flat; *p; p++)
        if (*p == '\n' || *p == '\r')
            *p = ' ';
    clean = text_sanitize(flat, strlen(flat), 0);
    free(flat);
    len = strlen(clean);
    if (width < 0) {
        fputs(clean, out);
    } else {
        fit = text_fit(clean, len, width);
        if (cut && !fit.truncated && width > 0)
            fit = text_fit(clean, len, width - 1), fit.truncated = true;
        if (align == 2)
            fprintf(out, "%*s", fit.pad, "");
        fwrite(clean, 1, fit.bytes, out);
        if (fit.truncated)
            fputs(text_ascii() ? "." : "\xe2\x80\xa6", out);
        if (align == 1)
            fprintf(out, "%*s", fit.pad, "");
    }
    free(clean);
}

/* Pieces that meet every rule of a cut: plain runs of ASCII and of CJK
 * (where a cell may be cut), clusters, wide and zero-width characters,
 * placeholders, invalid bytes, escapes whose cleaning looks ahead. */
static const char *const pieces[] = {
    "cat tax ", "words and more words ", "\xe5\xb0\x8f\xe7\xba\xa2\xe4\xb9\xa6" /* 小红书 */,
    "\xe7\x8c\xab\xe7\xa8\x8e\xef\xbc\x8c" /* 猫税， */, "\xe3\x80\x82", "\n", "\r\n", "\t",
    "e\xcc\x81" /* e + combining acute */, "\xcc\x81" /* an orphaned mark */,
    "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9" /* ZWJ pair */,
    "\xf0\x9f\x87\xba\xf0\x9f\x87\xb8" /* US flag */, "\xf0\x9f\x87\xba" /* a lone RI */,
    "\xe2\x9d\xa4\xef\xb8\x8f" /* heart + VS16 */, "\xe2\x80\x8b" /* ZWSP */, "\xc2\xad",
    "\xe2\x80\xae" /* RLO */, "\xff", "\xc3", "\xe7\x8c", "\x01", "\x7f", "\x1b[31m",
    "\x1b]0;title\x07", "\x1b]8;;http://x/", "\xc2\x9b", "\xc2\x9d", "\x07", "\x1b\\",
    "\xc2\x9c" /* string terminators, far from their strings */, "\xe0\xa4\x95\xe0\xa5\x8d",
    "\xd8\x80" /* a prepend mark */, "\xe1\x84\x80\xe1\x85\xa1" /* Hangul L V */,
};

static size_t random_text(char *buf, size_t cap, size_t len, unsigned *seed, int plain_bias)
{
    size_t n = 0, npieces = sizeof pieces / sizeof *pieces;

    while (n < len) {
        const char *piece;
        size_t plen;
        *seed = *seed * 1103515245u + 12345u;
        piece = (*seed >> 16) % 16 < (unsigned)plain_bias ? pieces[(*seed >> 8) % 5]
                                                         : pieces[(*seed >> 12) % npieces];
        plen = strlen(piece);
        if (n + plen >= cap)
            break;
        memcpy(buf + n, piece, plen);
        n += plen;
    }
    buf[n] = '\0';
    return n;
}

/* Cells of texts from a few bytes to 3 KB (past the bytes of any window),
 * widths 0 to 200, each alignment, Unicode and ASCII output: the bytes the
 * whole text cleaned gave; and text_clean_cut()'s promise itself. */
static void test_cells_same_as_whole(void)
{
    static char buf[3200];
    static const int widths[] = {-1, 0, 1, 2, 3, 7, 10, 16, 24, 43, 60, 100, 200};
    unsigned seed = 7;
    int cases = 0, differ = 0, cuts = 0, bad_cuts = 0;

    for (int ascii = 0; ascii < 2; ascii++) {
        text_configure(TEXT_AMBIGUOUS_NARROW, ascii);
        for (int round = 0; round < 400; round++) {
            size_t want = round % 3 == 0 ? (size_t)round : 17u * (size_t)round % 3000u;
            size_t len = random_text(buf, sizeof buf, want, &seed,
                                     round % 4 == 0 ? 4 : round % 4 == 1 ? 16 : 13);
            for (size_t w = 0; w < sizeof widths / sizeof *widths; w++)
                for (int align = 0; align < 3; align++) {
                    char *now = NULL, *before = NULL;
                    size_t nn = 0, nb = 0;
                    FILE *a = open_memstream(&now, &nn), *b = open_memstream(&before, &nb);
                    if (align == 0)
                        writer_text_last(a, buf, widths[w]);
                    else if (align == 1)
                        writer_text_cell(a, buf, widths[w]);
                    else
                        writer_text_right(a, buf, widths[w]);
                    whole_cell(b, buf, widths[w], align);
                    fclose(a);
                    fclose(b);
                    cases++;
                    if ((nn != nb || memcmp(now, before, nn) != 0) && differ++ == 0)
                        tap_diag("differs: ascii %d round %d width %d align %d: \"%s\" was \"%s\"",
                                 ascii, round, widths[w], align, now, before);
                    free(now);
                    free(before);
                }
            /* Cleaning the part before a cut gives the start of the whole. */
            for (size_t at = 1; at < len; at += 1 + len / 40) {
                size_t cut = text_clean_cut(buf, len, at, 32);
                char *whole, *part;
                if (!cut)
                    continue;
                cuts++;
                whole = text_sanitize(buf, len, 0);
                part = text_sanitize(buf, cut, 0);
                if ((cut < at || cut >= at + 32 ||
                     strncmp(whole, part, strlen(part)) != 0) && bad_cuts++ == 0)
                    tap_diag("bad cut at %zu (from %zu): \"%s\" is not the start of \"%s\"", cut,
                             at, part, whole);
                free(whole);
                free(part);
            }
        }
    }
    text_configure(TEXT_AMBIGUOUS_NARROW, false);
    ok(cases > 30000 && differ == 0,
       "%d cells of tricky text are the bytes of the whole text cleaned (%d differ)", cases, differ);
    ok(cuts > 1000 && bad_cuts == 0,
       "%d cuts: the part before each cleans to the start of the whole (%d do not)", cuts,
       bad_cuts);
}

int main(void)
{
    test_text_row();
    test_text_cell();
    test_cells_same_as_whole();
    test_guard_cases();
    test_guard_round_trip();
    test_terminal();
    test_json_every_place();
    return tap_done();
}
