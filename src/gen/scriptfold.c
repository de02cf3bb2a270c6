/* scriptfold — writes the table of Chinese script variants as C source
 * (src/script_fold.c), from OpenCC's own dictionaries.
 *
 * Usage: scriptfold OUTPUT
 * Every Han code point is folded with OpenCC: Hong Kong and Taiwan variant
 * forms to OpenCC's traditional (HKVariantsRev, TWVariantsRev), traditional
 * to simplified (TSCharacters), repeated until nothing changes. A character
 * whose fold is itself is left out. Two arrays come out: the folds sorted by
 * code point, and the same pairs sorted by their fold with OpenCC's default
 * traditional form (s2t) first, so a character's variants are one range.
 * Run at build time, so the table follows the installed OpenCC and nobody
 * keeps one by hand; the program that uses it needs no OpenCC data to fold.
 */
#include "autoconfig.h"

#include <opencc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The Han blocks: radicals, extension A, the unified block, compatibility
 * ideographs, extensions B to G. */
static const uint32_t han_ranges[][2] = {
    {0x2E80, 0x2FDF}, {0x3400, 0x4DBF}, {0x4E00, 0x9FFF},
    {0xF900, 0xFAFF}, {0x20000, 0x3134F},
};

struct pair {
    uint32_t from, to;
    int rank; /* 0: OpenCC's default traditional form of `to` */
};

static size_t encode(uint32_t c, char *out)
{
    if (c < 0x80) {
        out[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        out[0] = (char)(0xC0 | c >> 6);
        out[1] = (char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        out[0] = (char)(0xE0 | c >> 12);
        out[1] = (char)(0x80 | (c >> 6 & 0x3F));
        out[2] = (char)(0x80 | (c & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | c >> 18);
    out[1] = (char)(0x80 | (c >> 12 & 0x3F));
    out[2] = (char)(0x80 | (c >> 6 & 0x3F));
    out[3] = (char)(0x80 | (c & 0x3F));
    return 4;
}

/* The one code point of a UTF-8 string, or 0 when it is not one. */
static uint32_t decode_one(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    uint32_t c;
    size_t n;

    if (p[0] < 0x80)
        return p[0] && !p[1] ? p[0] : 0;
    n = p[0] >= 0xF0 ? 4 : p[0] >= 0xE0 ? 3 : 2;
    c = p[0] & (0x3F >> (n - 1));
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        c = c << 6 | (p[i] & 0x3F);
    }
    return p[n] ? 0 : c;
}

/* c converted by one OpenCC configuration, when it stays one character. */
static uint32_t convert(opencc_t cc, uint32_t c)
{
    char in[5];
    size_t n = encode(c, in);
    char *out = opencc_convert_utf8(cc, in, n);
    uint32_t r = out ? decode_one(out) : 0;

    if (out)
        opencc_convert_utf8_free(out);
    return r ? r : c;
}

static opencc_t open_config(const char *name)
{
    opencc_t cc = opencc_open(name);

    if (cc == (opencc_t)-1) {
        fprintf(stderr, "scriptfold: OpenCC %s: %s (install libopencc-data)\n", name,
                opencc_error());
        exit(1);
    }
    return cc;
}

static int by_from(const void *a, const void *b)
{
    const struct pair *x = a, *y = b;
    return (x->from > y->from) - (x->from < y->from);
}

static int by_to(const void *a, const void *b)
{
    const struct pair *x = a, *y = b;
    if (x->to != y->to)
        return (x->to > y->to) - (x->to < y->to);
    if (x->rank != y->rank)
        return x->rank - y->rank;
    return (x->from > y->from) - (x->from < y->from);
}

static void write_pairs(FILE *out, const char *name, const struct pair *p, size_t n)
{
    fprintf(out, "const struct script_pair %s[] = {\n", name);
    for (size_t i = 0; i < n; i++)
        fprintf(out, "    {0x%05X, 0x%05X},\n", (unsigned)p[i].from, (unsigned)p[i].to);
    fprintf(out, "};\nconst size_t %s_count = %zu;\n\n", name, n);
}

int main(int argc, char **argv)
{
    opencc_t hk = open_config("hk2s.json"), tw = open_config("tw2s.json"),
             s2t = open_config("s2t.json");
    struct pair *pairs = NULL;
    size_t n = 0, cap = 0;
    FILE *out;

    if (argc != 2) {
        fprintf(stderr, "usage: scriptfold OUTPUT\n");
        return 2;
    }
    for (size_t r = 0; r < sizeof han_ranges / sizeof han_ranges[0]; r++)
        for (uint32_t c = han_ranges[r][0]; c <= han_ranges[r][1]; c++) {
            uint32_t x = c;
            /* A chain of folds is short; the bound only guards a cycle. */
            for (int step = 0; step < 8; step++) {
                uint32_t y = convert(tw, convert(hk, x));
                if (y == x)
                    break;
                x = y;
            }
            if (x == c)
                continue;
            if (n == cap) {
                struct pair *p = realloc(pairs, (cap = cap ? 2 * cap : 4096) * sizeof *p);
                if (!p) {
                    fprintf(stderr, "scriptfold: out of memory\n");
                    return 1;
                }
                pairs = p;
            }
            pairs[n++] = (struct pair){c, x, 1};
        }
    for (size_t i = 0; i < n; i++)
        if (convert(s2t, pairs[i].to) == pairs[i].from)
            pairs[i].rank = 0;
    if (!(out = fopen(argv[1], "w"))) {
        perror(argv[1]);
        return 1;
    }
    fprintf(out, "/* Generated by src/gen/scriptfold from OpenCC's dictionaries; do not edit. */\n"
                 "#include \"autoconfig.h\"\n\n#include \"script.h\"\n\n");
    qsort(pairs, n, sizeof *pairs, by_from);
    write_pairs(out, "script_folds", pairs, n);
    qsort(pairs, n, sizeof *pairs, by_to);
    write_pairs(out, "script_members", pairs, n);
    if (fclose(out) != 0) {
        perror(argv[1]);
        return 1;
    }
    free(pairs);
    opencc_close(hk);
    opencc_close(tw);
    opencc_close(s2t);
    return 0;
}
