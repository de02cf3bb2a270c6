/* text.c — sanitise, measure, wrap and truncate untrusted UTF-8 for a terminal.
 *
 * Placeholders (one style, chosen so nothing is hidden and nothing is obeyed):
 *
 *   C0 controls, DEL    the Control Pictures: NUL -> ␀, BEL -> ␇, ESC -> ␛,
 *                       DEL -> ␡ (U+2400 + code, U+2421), one column each
 *   "\n" and tab        kept as "\n" / a space when the caller asks
 *                       (TEXT_KEEP_NEWLINES, TEXT_KEEP_TABS), else ␊ / ␉;
 *                       with TEXT_KEEP_NEWLINES, CR LF, a lone CR, U+2028
 *                       and U+2029 also become "\n", else ␍ or ␊
 *   C1 controls         ␛ plus the final byte of their 7-bit equivalent:
 *                       U+009B (CSI) -> ␛[, U+009D (OSC) -> ␛], U+0085 -> ␛E
 *   escape sequences    the introducer as above and every parameter byte
 *                       shown as plain text: "\e[2J" -> ␛[2J,
 *                       "\e]0;pwned\a" -> ␛]0;pwned␇. The body of a string
 *                       sequence (OSC, DCS, SOS, PM, APC) longer than 32
 *                       characters is cut to its first 32 and "…" when a
 *                       terminator (BEL, ST) follows, so a clipboard or image
 *                       payload cannot flood a post; an unterminated one is
 *                       shown whole, since the text after it is the post's
 *   bidi controls       U+202A–U+202E, U+2066–U+2069 -> ⟨LRE⟩ ⟨RLE⟩ ⟨PDF⟩
 *                       ⟨LRO⟩ ⟨RLO⟩ ⟨LRI⟩ ⟨RLI⟩ ⟨FSI⟩ ⟨PDI⟩
 *   invalid UTF-8       U+FFFD for each maximal ill-formed subsequence
 *                       (Unicode §3.9): overlong forms, surrogates, stray
 *                       continuation bytes and truncated sequences
 *   noncharacters       U+FFFD (U+FDD0–U+FDEF, U+xxFFFE, U+xxFFFF)
 *   removed             U+FEFF (byte order mark), U+00AD (soft hyphen: no
 *                       hyphenation here, and terminals disagree on its
 *                       width), U+206A–U+206F (deprecated), U+FFF9–U+FFFB
 *                       (interlinear annotation)
 *   kept                other format characters that shape text or carry no
 *                       risk: ZWSP, ZWNJ, ZWJ, LRM, RLM, ALM, word joiner,
 *                       variation selectors, tags (emoji flag sequences)
 *   combining floods    a grapheme cluster keeps at most 16 code points; the
 *                       rest are dropped (the longest emoji sequence has 10)
 *   orphaned marks      a combining mark that would join a base but starts
 *                       a cluster (at the start of the text, after a newline
 *                       or a control) gets the dotted circle ◌ as its base,
 *                       so it never lands on a neighbouring cell or a border
 *
 * Width: libunistring's uc_width with the "UTF-8" encoding for each code
 * point (CJK 2, marks and format characters 0), summed over the cluster,
 * except that VS16 (U+FE0F) makes the emoji before it 2 wide: libunistring
 * counts ❤ U+2764 as 1 with or without it, while terminals draw ❤️ as an
 * emoji. Other sequences keep the per-code-point sum, which is what curses
 * and terminals without emoji-sequence support count (👍🏽 is 4, a ZWJ
 * family 6): measuring more than a terminal draws leaves a blank, measuring
 * less would overrun the next pane. Ambiguous characters are 2 wide in wide
 * mode, from the table in text_ambiguous.inc.
 *
 * Grapheme clusters follow UAX #29 as a streaming state machine over
 * libunistring's properties: u8_grapheme_breaks needs a buffer as long as
 * the text, and u8_grapheme_next in libunistring 1.0 compares pairs only
 * (it splits flags and ZWJ sequences). The conformance test and the fuzzer
 * check the machine against u8_grapheme_breaks and GraphemeBreakTest.txt.
 */
#include "autoconfig.h"

#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unictype.h>
#include <unigbrk.h>
#include <unilbrk.h>
#include <uninorm.h>
#include <unistr.h>
#include <uniwidth.h>

#include "text.h"

enum {
    CLUSTER_MAX = 16,     /* code points kept per grapheme cluster */
    STRING_SHOWN = 32,    /* characters of a string sequence's body shown */
    DOTTED_CIRCLE = 0x25CC,
    ELLIPSIS = 0x2026,
};

static bool wide_ambiguous;
static bool ascii_mode;

/* ---- settings --------------------------------------------------------------- */

/* True when the locale is Chinese, Japanese or Korean. The environment is
 * the fallback because over SSH the user's locale is often not installed on
 * the server (setlocale then leaves "C"), yet it still says how the user's
 * terminal draws. */
static bool locale_is_cjk(void)
{
    static const char *const vars[] = {"LC_ALL", "LC_CTYPE", "LANG"};
    const char *name = setlocale(LC_CTYPE, NULL);

    if (!name || strcmp(name, "C") == 0 || strcmp(name, "POSIX") == 0) {
        name = NULL;
        for (size_t i = 0; i < sizeof vars / sizeof vars[0] && !name; i++) {
            const char *v = getenv(vars[i]);
            if (v && *v)
                name = v;
        }
    }
    if (!name)
        return false;
    if (strncmp(name, "zh", 2) != 0 && strncmp(name, "ja", 2) != 0 && strncmp(name, "ko", 2) != 0)
        return false;
    return name[2] == '\0' || name[2] == '_' || name[2] == '.' || name[2] == '@';
}

void text_configure(enum text_ambiguous ambiguous, bool ascii)
{
    wide_ambiguous = ambiguous == TEXT_AMBIGUOUS_WIDE ||
                     (ambiguous == TEXT_AMBIGUOUS_AUTO && locale_is_cjk());
    ascii_mode = ascii;
}

bool text_ascii(void)
{
    return ascii_mode;
}

bool text_set_ascii(bool ascii)
{
    bool was = ascii_mode;

    ascii_mode = ascii;
    return was;
}

bool text_locale_utf8(void)
{
    const char *codeset = nl_langinfo(CODESET);

    /* glibc says "UTF-8"; some C libraries "utf8". */
    return codeset && (strcmp(codeset, "UTF-8") == 0 || strcmp(codeset, "utf8") == 0);
}

/* ---- decoding ----------------------------------------------------------------- */

/* Decodes the code point at s[0..n), n >= 1, and returns its length. An
 * ill-formed sequence decodes as U+FFFD with the length of its maximal
 * subpart (Unicode §3.9, Table 3-7); libunistring 1.0's u8_mbtouc instead
 * swallows a whole overlong or surrogate sequence as one character. */
static size_t utf8_decode(const uint8_t *s, size_t n, ucs4_t *c)
{
    uint8_t b = s[0], lo = 0x80, hi = 0xBF;
    size_t need;
    ucs4_t v;

    if (b < 0x80) {
        *c = b;
        return 1;
    }
    if (b >= 0xC2 && b <= 0xDF) {
        need = 1;
        v = b & 0x1F;
    } else if (b >= 0xE0 && b <= 0xEF) {
        need = 2;
        v = b & 0x0F;
        if (b == 0xE0)
            lo = 0xA0; /* overlong */
        else if (b == 0xED)
            hi = 0x9F; /* surrogates */
    } else if (b >= 0xF0 && b <= 0xF4) {
        need = 3;
        v = b & 0x07;
        if (b == 0xF0)
            lo = 0x90; /* overlong */
        else if (b == 0xF4)
            hi = 0x8F; /* above U+10FFFF */
    } else {
        *c = 0xFFFD;
        return 1;
    }
    for (size_t i = 1; i <= need; i++) {
        if (i >= n || s[i] < lo || s[i] > hi) {
            *c = 0xFFFD;
            return i;
        }
        v = (v << 6) | (s[i] & 0x3F);
        lo = 0x80;
        hi = 0xBF;
    }
    *c = v;
    return need + 1;
}

/* Start of the code point that ends at byte j (j > 0). */
static size_t utf8_back(const uint8_t *s, size_t len, size_t j)
{
    size_t k = j - 1;
    ucs4_t c;

    while (k > 0 && j - k < 4 && (s[k] & 0xC0) == 0x80)
        k--;
    return k + utf8_decode(s + k, len - k, &c) == j ? k : j - 1;
}

/* ---- grapheme clusters (UAX #29) ------------------------------------------------ */

struct gb_state {
    int prev;      /* Grapheme_Cluster_Break of the previous code point; -1 at the start */
    bool pict;     /* the cluster so far ends with Extended_Pictographic Extend* */
    bool pict_zwj; /* ... and then a ZWJ (GB11) */
    bool ri_odd;   /* it ends with an odd number of regional indicators (GB12, GB13) */
};

static int gb_property(ucs4_t c)
{
    if (c < 0x7F)
        return c >= 0x20 ? GBP_OTHER : c == '\r' ? GBP_CR : c == '\n' ? GBP_LF : GBP_CONTROL;
    return uc_graphemeclusterbreak_property(c);
}

/* Feeds one code point; returns true when a cluster boundary comes before it. */
static bool gb_feed(struct gb_state *st, ucs4_t c)
{
    int a = st->prev, p = gb_property(c);
    bool pict = c >= 0xA9 && uc_is_property_extended_pictographic(c);
    bool brk;

    if (a < 0)
        brk = true;
    else if (a == GBP_CR && p == GBP_LF)
        brk = false;
    else if (a == GBP_CONTROL || a == GBP_CR || a == GBP_LF || p == GBP_CONTROL || p == GBP_CR ||
             p == GBP_LF)
        brk = true;
    else if (a == GBP_L && (p == GBP_L || p == GBP_V || p == GBP_LV || p == GBP_LVT))
        brk = false;
    else if ((a == GBP_LV || a == GBP_V) && (p == GBP_V || p == GBP_T))
        brk = false;
    else if ((a == GBP_LVT || a == GBP_T) && p == GBP_T)
        brk = false;
    else if (p == GBP_EXTEND || p == GBP_ZWJ || p == GBP_SPACINGMARK || a == GBP_PREPEND)
        brk = false;
    else if (st->pict_zwj && pict)
        brk = false;
    else if (a == GBP_RI && p == GBP_RI)
        brk = !st->ri_odd;
    else
        brk = true;

    if (brk)
        st->pict = false;
    st->pict_zwj = p == GBP_ZWJ && st->pict;
    st->pict = pict || (p == GBP_EXTEND && st->pict);
    st->ri_odd = p == GBP_RI && (brk ? true : !st->ri_odd);
    st->prev = p;
    return brk;
}

/* True when a boundary lies between a and b whatever precedes a: every rule
 * but GB11 and GB12/13 looks at the pair alone. */
static bool gb_certain_break(ucs4_t a, ucs4_t b)
{
    struct gb_state st = {.prev = -1};
    int pa = gb_property(a), pb = gb_property(b);

    if (pa == GBP_ZWJ || (pa == GBP_RI && pb == GBP_RI))
        return false;
    gb_feed(&st, a);
    return gb_feed(&st, b);
}

/* ---- width ------------------------------------------------------------------------ */

struct range {
    ucs4_t lo, hi;
};

static const struct range ambiguous_ranges[] = {
#include "text_ambiguous.inc"
};

static bool is_ambiguous(ucs4_t c)
{
    size_t lo = 0, hi = sizeof ambiguous_ranges / sizeof ambiguous_ranges[0];

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c > ambiguous_ranges[mid].hi)
            lo = mid + 1;
        else if (c < ambiguous_ranges[mid].lo)
            hi = mid;
        else
            return true;
    }
    return false;
}

static int cp_width(ucs4_t c)
{
    int w;

    if (c >= 0x20 && c < 0x7F)
        return 1;
    w = uc_width(c, "UTF-8");
    if (w < 0)
        return 0; /* a control: sanitised text has none */
    if (w == 1 && wide_ambiguous && c >= 0xA1 && is_ambiguous(c))
        return 2;
    return w;
}

/* Returns the end of the grapheme cluster that starts at pos (< len) and
 * stores its width in *width. */
static size_t cluster_end(const uint8_t *s, size_t len, size_t pos, int *width)
{
    struct gb_state st = {.prev = -1};
    ucs4_t c, prev_c;
    size_t end;
    int w, prev_w;

    /* Fast path: printable ASCII followed by ASCII is a cluster alone. */
    if (s[pos] >= 0x20 && s[pos] < 0x7F && (pos + 1 == len || s[pos + 1] < 0x80)) {
        *width = 1;
        return pos + 1;
    }
    end = pos + utf8_decode(s + pos, len - pos, &c);
    gb_feed(&st, c);
    w = prev_w = cp_width(c);
    prev_c = c;
    while (end < len) {
        size_t n = utf8_decode(s + end, len - end, &c);
        int cw;

        if (gb_feed(&st, c))
            break;
        end += n;
        cw = cp_width(c);
        /* VS16 asks for emoji presentation, which terminals draw 2 wide. */
        if (c == 0xFE0F && prev_w == 1 && uc_is_property_emoji(prev_c))
            cw = 1;
        if (cw <= INT_MAX - w) /* a cluster can be a whole unsanitised megabyte */
            w += cw;
        prev_w = cw;
        prev_c = c;
    }
    *width = w;
    return end;
}

int text_width(const char *s, size_t len)
{
    const uint8_t *u = (const uint8_t *)s;
    long long total = 0;

    for (size_t pos = 0; pos < len;) {
        int w;
        pos = cluster_end(u, len, pos, &w);
        total += w;
    }
    return total > INT_MAX ? INT_MAX : (int)total;
}

/* ---- output buffer ------------------------------------------------------------------ */

struct buf {
    char *p;
    size_t len, cap;
    bool failed; /* out of memory: the result will be NULL */
};

static bool buf_reserve(struct buf *b, size_t more)
{
    size_t cap;
    char *p;

    if (b->failed)
        return false;
    if (b->cap - b->len > more)
        return true;
    cap = b->cap ? b->cap : 64;
    while (cap - b->len <= more) {
        if (cap > SIZE_MAX / 2) {
            b->failed = true;
            return false;
        }
        cap *= 2;
    }
    p = realloc(b->p, cap);
    if (!p) {
        b->failed = true;
        return false;
    }
    b->p = p;
    b->cap = cap;
    return true;
}

static void buf_put(struct buf *b, const char *s, size_t n)
{
    if (n > 0 && buf_reserve(b, n)) {
        memcpy(b->p + b->len, s, n);
        b->len += n;
    }
}

static void buf_putc(struct buf *b, ucs4_t c)
{
    if (c < 0x80 && buf_reserve(b, 1))
        b->p[b->len++] = (char)c;
    else if (c >= 0x80 && buf_reserve(b, 4))
        b->len += (size_t)u8_uctomb((uint8_t *)b->p + b->len, c, 4);
}

/* Returns the NUL-terminated result, or NULL when memory ran out. */
static char *buf_finish(struct buf *b)
{
    char *p;

    if (!buf_reserve(b, 0)) {
        free(b->p);
        return NULL;
    }
    b->p[b->len] = '\0';
    p = realloc(b->p, b->len + 1);
    return p ? p : b->p;
}

/* ---- sanitising ----------------------------------------------------------------------- */

struct sanitizer {
    struct buf out;
    struct gb_state gb; /* over the output, for the cluster cap and orphaned marks */
    int cluster_len;    /* code points in the output's last cluster */
};

static bool is_mark(ucs4_t c)
{
    return uc_is_general_category(c, UC_CATEGORY_M);
}

/* A combining mark that joins the cluster before it. Some spacing marks
 * (Myanmar tone marks, U+106A) stand alone in UAX #29 and need no base. */
static bool joins_base(ucs4_t c)
{
    int p = gb_property(c);
    return (p == GBP_EXTEND || p == GBP_SPACINGMARK) && is_mark(c);
}

/* Appends a code point that is safe to draw, capping cluster length and
 * giving an orphaned combining mark a base. */
static void emit(struct sanitizer *z, ucs4_t c)
{
    struct gb_state next = z->gb;

    if (!gb_feed(&next, c)) {
        if (z->cluster_len >= CLUSTER_MAX)
            return;
        z->cluster_len++;
    } else if (c >= 0x300 && joins_base(c)) {
        next = z->gb;
        gb_feed(&next, DOTTED_CIRCLE);
        gb_feed(&next, c);
        buf_putc(&z->out, DOTTED_CIRCLE);
        z->cluster_len = 2;
    } else {
        z->cluster_len = 1;
    }
    z->gb = next;
    buf_putc(&z->out, c);
}

static void emit_ascii(struct sanitizer *z, const char *s)
{
    while (*s)
        emit(z, (unsigned char)*s++);
}

static const char *bidi_name(ucs4_t c)
{
    static const char *const embed[] = {"LRE", "RLE", "PDF", "LRO", "RLO"};
    static const char *const isolate[] = {"LRI", "RLI", "FSI", "PDI"};

    if (c >= 0x202A && c <= 0x202E)
        return embed[c - 0x202A];
    if (c >= 0x2066 && c <= 0x2069)
        return isolate[c - 0x2066];
    return NULL;
}

bool text_is_control(uint32_t c)
{
    return c < 0x20 || (c >= 0x7F && c < 0xA0) || bidi_name(c) != NULL;
}

static bool is_removed(ucs4_t c)
{
    return c == 0xFEFF || c == 0x00AD || (c >= 0x206A && c <= 0x206F) || (c >= 0xFFF9 && c <= 0xFFFB);
}

static bool is_noncharacter(ucs4_t c)
{
    return (c >= 0xFDD0 && c <= 0xFDEF) || (c & 0xFFFE) == 0xFFFE;
}

/* True for the final byte of an escape that opens a string sequence:
 * DCS P, SOS X, OSC ], PM ^, APC _. */
static bool opens_string(uint8_t final)
{
    return final == 'P' || final == 'X' || final == ']' || final == '^' || final == '_';
}

/* Looks for the end of a string sequence's body from s[i]. Returns the
 * offset of its terminator (BEL, ESC \ or U+009C), or len when the body is
 * cut short by ESC, CAN, SUB or another C1 control or runs to the end. */
static size_t string_terminator(const uint8_t *s, size_t len, size_t i)
{
    for (; i < len; i++) {
        uint8_t b = s[i];
        if (b == 0x07)
            return i;
        if (b == 0x1B)
            return i + 1 < len && s[i + 1] == '\\' ? i : len;
        if (b == 0x18 || b == 0x1A)
            return len;
        if (b == 0xC2 && i + 1 < len && s[i + 1] >= 0x80 && s[i + 1] <= 0x9F)
            return s[i + 1] == 0x9C ? i : len;
    }
    return len;
}

char *text_sanitize(const char *s, size_t len, unsigned flags)
{
    const uint8_t *u = (const uint8_t *)s;
    struct sanitizer z = {.gb = {.prev = -1}};
    bool in_string = false, looked_ahead = false;
    size_t body = 0;
    char *result;

    buf_reserve(&z.out, len + len / 8 + 16);
    for (size_t i = 0; i < len;) {
        ucs4_t c;
        const char *name;

        if (u[i] >= 0x20 && u[i] < 0x7F) {
            c = u[i++];
        } else {
            i += utf8_decode(u + i, len - i, &c);
            if (c >= 0x80 && c < 0xA0)
                in_string = false;
        }

        if (in_string) {
            if (c == 0x1B || c == 0x07 || c == 0x18 || c == 0x1A) {
                in_string = false;
            } else if (++body > STRING_SHOWN && !looked_ahead) {
                size_t end = string_terminator(u, len, i);
                looked_ahead = true;
                if (end < len) {
                    emit(&z, ELLIPSIS);
                    i = end;
                    continue;
                }
            }
        }

        if (c >= 0x20 && c < 0x7F) {
            emit(&z, c);
        } else if (c == 0x1B) {
            emit(&z, 0x241B);
            if (i < len && (u[i] == '[' || opens_string(u[i]))) {
                in_string = u[i] != '[';
                looked_ahead = false;
                body = 0;
                emit(&z, u[i++]);
            }
        } else if (c >= 0x80 && c < 0xA0) {
            /* A C1 control reads as its 7-bit form: ESC and 0x40 + low bits. */
            emit(&z, 0x241B);
            emit(&z, c - 0x40);
            in_string = opens_string((uint8_t)(c - 0x40));
            looked_ahead = false;
            body = 0;
        } else if (c == '\n' || c == '\r' || c == 0x2028 || c == 0x2029) {
            if (!(flags & TEXT_KEEP_NEWLINES))
                emit(&z, c == '\r' ? 0x240D : 0x240A);
            else if (!(c == '\r' && i < len && u[i] == '\n'))
                emit(&z, '\n');
        } else if (c == '\t') {
            emit(&z, flags & TEXT_KEEP_TABS ? ' ' : 0x2409);
        } else if (c < 0x20) {
            emit(&z, 0x2400 + c);
        } else if (c == 0x7F) {
            emit(&z, 0x2421);
        } else if ((name = bidi_name(c)) != NULL) {
            emit(&z, 0x27E8);
            emit_ascii(&z, name);
            emit(&z, 0x27E9);
        } else if (is_removed(c)) {
            continue;
        } else {
            emit(&z, is_noncharacter(c) ? 0xFFFD : c);
        }
    }

    result = buf_finish(&z.out);
    if (result && ascii_mode) {
        char *ascii = text_to_ascii(result, z.out.len);
        free(result);
        result = ascii;
    }
    return result;
}

/* A character that is a grapheme cluster whatever surrounds it (no rule of
 * UAX #29 joins it to a neighbour of the same kind) and that the
 * sanitiser copies as it is: printable ASCII, CJK ideographs, CJK
 * punctuation and fullwidth forms. */
static bool stands_alone(ucs4_t c)
{
    return (c >= 0x20 && c < 0x7F) || (c >= 0x3400 && c <= 0x4DBF) ||
           (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3001 && c <= 0x3011) ||
           (c >= 0xFF01 && c <= 0xFF5E);
}

/* stands_alone(), or with `spaces` also a line end or a tab. */
static bool alone_or_space(ucs4_t c, bool spaces)
{
    return stands_alone(c) || (spaces && (c == '\n' || c == '\r' || c == '\t'));
}

bool text_cut_point(const char *s, size_t len, size_t at, bool spaces)
{
    const uint8_t *u = (const uint8_t *)s;
    size_t prev;
    ucs4_t a, b;

    if (at == 0 || at >= len || (u[at] & 0xC0) == 0x80)
        return false;
    prev = utf8_back(u, len, at);
    if (utf8_decode(u + prev, len - prev, &a) != at - prev)
        return false;
    utf8_decode(u + at, len - at, &b);
    return alone_or_space(a, spaces) && alone_or_space(b, spaces);
}

size_t text_clean_cut(const char *s, size_t len, size_t at, size_t slack)
{
    const uint8_t *u = (const uint8_t *)s;
    size_t end = at + slack < len ? at + slack : len;

    if (at == 0 || at >= len)
        return 0;
    while (at < end && !text_cut_point(s, len, at, false))
        at++;
    if (at >= end)
        return 0;
    /* An escape or a C1 control before the cut: its cleaning may look
     * past it. */
    if (memchr(s, 0x1B, at))
        return 0;
    for (size_t i = 0; i + 1 < at; i++)
        if (u[i] == 0xC2 && u[i + 1] >= 0x80 && u[i + 1] <= 0x9F)
            return 0;
    return at;
}

/* ---- wrapping ----------------------------------------------------------------------------- */

/* Greedy line filling over one paragraph (no "\n" inside) with UAX #14
 * break opportunities from libunistring. u8_width_linebreaks is not used:
 * it measures code points alone (no VS16 or ambiguous-width rule here) and
 * lets a word wider than the line overflow instead of breaking it. */
struct wrapper {
    struct text_span *spans;
    size_t max, count;
};

static void wrap_emit(struct wrapper *w, size_t offset, size_t end, long long width)
{
    if (w->count < w->max) {
        w->spans[w->count].offset = offset;
        w->spans[w->count].length = end - offset;
        w->spans[w->count].width = width > INT_MAX ? INT_MAX : (int)width;
    }
    w->count++;
}

static void wrap_paragraph(struct wrapper *w, const uint8_t *s, size_t a, size_t b, int width,
                           const char *breaks)
{
    size_t line = a;        /* start of the current line */
    size_t content_end = a; /* end of its last cluster that is not a space */
    size_t opp = a;         /* latest break opportunity after line start, or line start */
    long long col = 0;      /* columns from the paragraph start to pos */
    long long line_col = 0, content_col = 0, opp_col = 0, opp_content_col = 0;
    size_t opp_content_end = a;

    for (size_t pos = a; pos < b;) {
        int cw;
        size_t end = cluster_end(s, b, pos, &cw);

        if (pos > line && breaks && breaks[pos - a] == UC_BREAK_POSSIBLE) {
            opp = pos;
            opp_col = col;
            opp_content_end = content_end;
            opp_content_col = content_col;
        }
        if (!(end == pos + 1 && s[pos] == ' ') && pos > line && col + cw - line_col > width) {
            if (opp > line) {
                wrap_emit(w, line, opp_content_end, opp_content_col - line_col);
                line = opp;
                line_col = opp_col;
                if (content_end < line) {
                    content_end = line;
                    content_col = line_col;
                }
            }
            /* No opportunity, or what follows it still overflows: break
             * between clusters. */
            if (pos > line && col + cw - line_col > width) {
                wrap_emit(w, line, content_end, content_col - line_col);
                line = content_end = pos;
                line_col = content_col = col;
            }
            opp = line;
        }
        col += cw;
        if (!(end == pos + 1 && s[pos] == ' ')) {
            content_end = end;
            content_col = col;
        }
        pos = end;
    }
    wrap_emit(w, line, content_end, content_col - line_col);
}

size_t text_wrap(const char *s, size_t len, int width, struct text_span *spans, size_t max)
{
    const uint8_t *u = (const uint8_t *)s;
    struct wrapper w = {.spans = spans, .max = spans ? max : 0};
    char stack[4096], *heap = NULL;
    size_t heap_cap = 0;

    if (width < 1)
        width = 1;
    for (size_t a = 0; a < len;) {
        const uint8_t *nl = memchr(u + a, '\n', len - a);
        size_t b = nl ? (size_t)(nl - u) : len;
        char *breaks = NULL;

        if (b - a <= sizeof stack) {
            breaks = stack;
        } else if (b - a <= heap_cap) {
            breaks = heap;
        } else {
            char *p = realloc(heap, b - a);
            if (p) {
                heap = breaks = p;
                heap_cap = b - a;
            } /* else: out of memory, break between clusters only */
        }
        if (breaks && b > a)
            u8_possible_linebreaks(u + a, b - a, "UTF-8", breaks);
        wrap_paragraph(&w, u, a, b, width, breaks);
        a = b + 1; /* the piece after a final "\n" is not a line */
    }
    free(heap);
    return w.count;
}

/* ---- truncating ------------------------------------------------------------------------------ */

const char *text_ellipsis(void)
{
    return ascii_mode ? "." : "\xe2\x80\xa6";
}

struct text_fit text_fit(const char *s, size_t len, int width)
{
    const uint8_t *u = (const uint8_t *)s;
    struct text_fit fit = {0};
    int ellipsis = ascii_mode ? 1 : cp_width(ELLIPSIS);
    size_t cut = 0; /* the longest prefix that leaves room for the ellipsis */
    int cut_width = 0, total = 0;

    if (width < 0)
        width = 0;
    for (size_t pos = 0; pos < len;) {
        int cw;
        size_t end = cluster_end(u, len, pos, &cw);

        if (cw > width - total) {
            fit.bytes = cut;
            fit.width = cut_width;
            fit.truncated = true;
            fit.ellipsis = width >= ellipsis ? ellipsis : 0;
            fit.pad = width - fit.ellipsis - cut_width;
            return fit;
        }
        total += cw;
        if (total <= width - ellipsis) {
            cut = end;
            cut_width = total;
        }
        pos = end;
    }
    fit.bytes = len;
    fit.width = total;
    fit.pad = width - total;
    return fit;
}

char *text_truncate(const char *s, size_t len, int width)
{
    struct text_fit fit = text_fit(s, len, width);
    struct buf b = {0};

    buf_put(&b, s, fit.bytes);
    if (fit.ellipsis > 0)
        buf_put(&b, text_ellipsis(), strlen(text_ellipsis()));
    for (int i = 0; i < fit.pad; i++)
        buf_put(&b, " ", 1);
    return buf_finish(&b);
}

/* ---- cursor movement ---------------------------------------------------------------------------- */

size_t text_next_grapheme(const char *s, size_t len, size_t pos)
{
    int w;

    if (pos >= len)
        return len;
    return cluster_end((const uint8_t *)s, len, pos, &w);
}

/* Walks back to a boundary that holds whatever came before it, then forward
 * with the state machine to the last boundary before pos. */
size_t text_prev_grapheme(const char *s, size_t len, size_t pos)
{
    const uint8_t *u = (const uint8_t *)s;
    size_t j, restart = 0, last;

    if (pos > len)
        pos = len;
    if (pos == 0)
        return 0;
    j = utf8_back(u, len, pos);
    while (j > 0) {
        size_t i = utf8_back(u, len, j);
        ucs4_t a, b;

        utf8_decode(u + i, len - i, &a);
        utf8_decode(u + j, len - j, &b);
        if (gb_certain_break(a, b)) {
            restart = j;
            break;
        }
        j = i;
    }
    last = restart;
    for (size_t p = restart; p < pos;) {
        int w;
        last = p;
        p = cluster_end(u, len, p, &w);
    }
    return last;
}

/* ---- ASCII fallback ---------------------------------------------------------------------------------
 *
 * Each grapheme cluster becomes ASCII by its first code point; the marks and
 * selectors after it are dropped:
 *   printable ASCII, "\n"     itself
 *   placeholders              ␀…␟ ␡ -> ^@…^_ ^? (caret notation, so ␛[2J reads ^[[2J),
 *                             ⟨RLO⟩ -> <RLO>
 *   punctuation               ‘ ’ ‚ ′ -> '   “ ” „ « » -> " << >>   – ‐ − -> -   — -> --
 *                             … -> ...   · • -> . *   ，。、！？：；（）-> , . , ! ? : ; ( )
 *                             「」『』 -> "   《》 -> << >>   〈〉 -> < >   【】 -> [ ]
 *   letters                   canonical and compatibility decomposition with the marks
 *                             dropped (é -> e, ﬁ -> fi, ² -> 2, full-width Ａ -> A),
 *                             plus ß æ œ ø ł đ ð þ ı -> ss ae oe o l d d th i
 *   box drawing, arrows       ─ ═ -> -   │ ║ -> |   other box pieces -> +   ░▒▓█ -> #
 *                             ← → ↑ ↓ ⇒ -> <- -> ^ v =>
 *   zero-width characters     nothing
 *   anything else             one "?" per cluster: a Chinese character, an emoji or
 *                             a ZWJ family each become a single "?"
 */

struct ascii_map {
    ucs4_t c;
    const char *s;
};

static const struct ascii_map ascii_maps[] = {
    {0x00A1, "!"},   {0x00A6, "|"},   {0x00A9, "(c)"}, {0x00AB, "<<"},  {0x00AE, "(R)"},
    {0x00B1, "+/-"}, {0x00B7, "."},   {0x00BB, ">>"},  {0x00BF, "?"},   {0x00C6, "AE"},
    {0x00D0, "D"},   {0x00D7, "x"},   {0x00D8, "O"},   {0x00DE, "Th"},  {0x00DF, "ss"},
    {0x00E6, "ae"},  {0x00F0, "d"},   {0x00F7, "/"},   {0x00F8, "o"},   {0x00FE, "th"},
    {0x0110, "D"},   {0x0111, "d"},   {0x0131, "i"},   {0x0141, "L"},   {0x0142, "l"},
    {0x0152, "OE"},  {0x0153, "oe"},  {0x2010, "-"},   {0x2011, "-"},   {0x2012, "-"},
    {0x2013, "-"},   {0x2014, "--"},  {0x2015, "--"},  {0x2016, "||"},  {0x2018, "'"},
    {0x2019, "'"},   {0x201A, "'"},   {0x201B, "'"},   {0x201C, "\""},  {0x201D, "\""},
    {0x201E, "\""},  {0x201F, "\""},  {0x2020, "+"},   {0x2022, "*"},   {0x2023, "*"},
    {0x2027, "."},   {0x2032, "'"},   {0x2039, "<"},   {0x203A, ">"},   {0x2043, "-"},
    {0x2044, "/"},   {0x2190, "<-"},  {0x2191, "^"},   {0x2192, "->"},  {0x2193, "v"},
    {0x2194, "<->"}, {0x21D0, "<="},  {0x21D2, "=>"},  {0x21D4, "<=>"}, {0x2212, "-"},
    {0x2215, "/"},   {0x2217, "*"},   {0x2223, "|"},   {0x2248, "~"},   {0x2260, "!="},
    {0x2264, "<="},  {0x2265, ">="},  {0x2571, "/"},   {0x2572, "\\"},  {0x2573, "X"},
    {0x25A0, "#"},   {0x25B2, "^"},   {0x25B6, ">"},   {0x25BC, "v"},   {0x25C0, "<"},
    {0x25CB, "o"},   {0x25CF, "*"},   {0x25E6, "o"},   {0x27E8, "<"},   {0x27E9, ">"},
    {0x3001, ","},   {0x3002, "."},   {0x3003, "\""},  {0x3008, "<"},   {0x3009, ">"},
    {0x300A, "<<"},  {0x300B, ">>"},  {0x300C, "\""},  {0x300D, "\""},  {0x300E, "\""},
    {0x300F, "\""},  {0x3010, "["},   {0x3011, "]"},   {0x3014, "("},   {0x3015, ")"},
    {0x3016, "["},   {0x3017, "]"},   {0x301C, "~"},   {0x301D, "\""},  {0x301E, "\""},
    {0x30FB, "."},
};

/* Box drawing U+2500–U+257F: which pieces are plain horizontal or vertical
 * lines; the rest are corners, tees and crosses. */
static const char *box_ascii(ucs4_t c)
{
    static const ucs4_t horizontal[] = {0x2500, 0x2501, 0x2504, 0x2505, 0x2508, 0x2509, 0x254C,
                                        0x254D, 0x2550, 0x2574, 0x2576, 0x2578, 0x257A, 0x257C,
                                        0x257E};
    static const ucs4_t vertical[] = {0x2502, 0x2503, 0x2506, 0x2507, 0x250A, 0x250B, 0x254E,
                                      0x254F, 0x2551, 0x2575, 0x2577, 0x2579, 0x257B, 0x257D,
                                      0x257F};

    for (size_t i = 0; i < sizeof horizontal / sizeof horizontal[0]; i++)
        if (c == horizontal[i])
            return "-";
    for (size_t i = 0; i < sizeof vertical / sizeof vertical[0]; i++)
        if (c == vertical[i])
            return "|";
    return "+";
}

/* Writes the ASCII form of c to dst (room bytes) and returns its length, or
 * -1 when c has none. */
static int ascii_of(ucs4_t c, char *dst, int room, int depth)
{
    const char *map = NULL;
    size_t lo = 0, hi = sizeof ascii_maps / sizeof ascii_maps[0];
    ucs4_t parts[UC_DECOMPOSITION_MAX_LENGTH];
    int tag, n, used = 0;

    if (c >= 0x20 && c < 0x7F) {
        if (room < 1)
            return -1;
        dst[0] = (char)c;
        return 1;
    }
    if (c >= 0x2400 && c < 0x2420) {
        if (room < 2)
            return -1;
        dst[0] = '^';
        dst[1] = (char)(c - 0x2400 + 0x40);
        return 2;
    }
    if (c == 0x2421)
        map = "^?";
    else if (c >= 0x2571 && c <= 0x2573)
        ; /* diagonals: in the table */
    else if (c >= 0x2500 && c <= 0x257F)
        map = box_ascii(c);
    else if (c >= 0x2580 && c <= 0x259F)
        map = "#";
    while (!map && lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c > ascii_maps[mid].c)
            lo = mid + 1;
        else if (c < ascii_maps[mid].c)
            hi = mid;
        else
            map = ascii_maps[mid].s;
    }
    if (map) {
        n = (int)strlen(map);
        if (n > room)
            return -1;
        memcpy(dst, map, (size_t)n);
        return n;
    }
    if (depth > 4 || (n = uc_decomposition(c, &tag, parts)) < 0)
        return -1;
    for (int i = 0; i < n; i++) {
        int k;
        if (is_mark(parts[i]))
            continue;
        k = ascii_of(parts[i], dst + used, room - used, depth + 1);
        if (k < 0)
            return -1;
        used += k;
    }
    return used > 0 ? used : -1;
}

char *text_to_ascii(const char *s, size_t len)
{
    const uint8_t *u = (const uint8_t *)s;
    struct buf b = {0};

    buf_reserve(&b, len + 16);
    for (size_t pos = 0; pos < len;) {
        char out[64];
        ucs4_t c;
        int w, n;
        size_t end = cluster_end(u, len, pos, &w);

        utf8_decode(u + pos, len - pos, &c);
        pos = end;
        if (c == '\n') {
            buf_put(&b, "\n", 1);
        } else if (c < 0x20 || c == 0x7F) {
            out[0] = '^';
            out[1] = (char)(c ^ 0x40);
            buf_put(&b, out, 2);
        } else if ((n = ascii_of(c, out, (int)sizeof out, 0)) > 0) {
            buf_put(&b, out, (size_t)n);
        } else if (cp_width(c) > 0) {
            buf_put(&b, "?", 1);
        }
    }
    return buf_finish(&b);
}

char *text_base64(const char *s, size_t len)
{
    static const char digits[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const unsigned char *in = (const unsigned char *)s;
    char *out, *o;

    if (len > (SIZE_MAX - 1) / 4 * 3 - 3 || !(out = malloc((len + 2) / 3 * 4 + 1)))
        return NULL;
    o = out;
    for (size_t i = 0; i < len; i += 3) {
        unsigned long v = (unsigned long)in[i] << 16;
        if (i + 1 < len)
            v |= (unsigned long)in[i + 1] << 8;
        if (i + 2 < len)
            v |= in[i + 2];
        *o++ = digits[v >> 18 & 63];
        *o++ = digits[v >> 12 & 63];
        *o++ = i + 1 < len ? digits[v >> 6 & 63] : '=';
        *o++ = i + 2 < len ? digits[v & 63] : '=';
    }
    *o = '\0';
    return out;
}

/* ---- numbers ---------------------------------------------------------------- */

static size_t format_full(uint64_t v, bool negative, char *buf, size_t size)
{
    char digits[24], out[40];
    int n = snprintf(digits, sizeof digits, "%llu", (unsigned long long)v);
    size_t len = 0;

    if (negative)
        out[len++] = '-';
    for (int i = 0; i < n; i++) {
        if (i > 0 && (n - i) % 3 == 0)
            out[len++] = ',';
        out[len++] = digits[i];
    }
    out[len] = '\0';
    return (size_t)snprintf(buf, size, "%s", out);
}

enum text_number text_number_for_reader(enum text_number style, bool zh)
{
    if (zh && style == TEXT_NUMBER_SHORT)
        return TEXT_NUMBER_SHORT_ZH;
    if (zh && style == TEXT_NUMBER_EXACT)
        return TEXT_NUMBER_EXACT_ZH;
    return style;
}

/* The _ZH styles: 万 and 亿 count by 10^4, so one unit spans four digits. */
static size_t format_chinese(uint64_t v, bool negative, bool exact, char *buf, size_t size)
{
    static const struct {
        uint64_t scale;
        const char *name;
    } units[] = {{100000000, "\xe4\xba\xbf"}, {10000, "\xe4\xb8\x87"}}; /* 亿, 万 */
    const char *sign = negative ? "-" : "";

    if (v < 10000)
        return format_full(v, negative, buf, size);
    for (size_t u = 0; u < 2; u++) {
        uint64_t scale = units[u].scale, whole = v / scale, hundredths = v % scale / (scale / 100);

        if (whole == 0)
            continue;
        if (u == 1 && whole >= 10000)
            break; /* past 1亿 in units of 万: all the digits */
        if (exact) {
            if (v % (scale / 100) != 0)
                continue; /* a smaller unit, or all the digits */
            if (hundredths == 0)
                return (size_t)snprintf(buf, size, "%s%llu%s", sign, (unsigned long long)whole,
                                        units[u].name);
            if (hundredths % 10 == 0)
                return (size_t)snprintf(buf, size, "%s%llu.%llu%s", sign,
                                        (unsigned long long)whole,
                                        (unsigned long long)(hundredths / 10), units[u].name);
            return (size_t)snprintf(buf, size, "%s%llu.%02llu%s", sign, (unsigned long long)whole,
                                    (unsigned long long)hundredths, units[u].name);
        } else {
            double x = (double)v / (double)scale;

            /* 99,995,000 is "1.0亿", not "10000万". */
            if (u == 1 && x >= 9999.5)
                return (size_t)snprintf(buf, size, "%s1.0%s", sign, units[0].name);
            if (x < 9.95)
                return (size_t)snprintf(buf, size, "%s%.1f%s", sign, x, units[u].name);
            return (size_t)snprintf(buf, size, "%s%.0f%s", sign, x, units[u].name);
        }
    }
    return format_full(v, negative, buf, size);
}

size_t text_format_number(int64_t value, enum text_number style, char *buf, size_t size)
{
    static const char units[] = "kMBTPE";
    bool negative = value < 0;
    uint64_t v = negative ? (uint64_t)0 - (uint64_t)value : (uint64_t)value;
    uint64_t scale_by = 1000;

    if (style == TEXT_NUMBER_SHORT_ZH || style == TEXT_NUMBER_EXACT_ZH)
        return format_chinese(v, negative, style == TEXT_NUMBER_EXACT_ZH, buf, size);

    if (style == TEXT_NUMBER_FULL || v < 1000 || (style == TEXT_NUMBER_EXACT && v < 1000000))
        return format_full(v, negative, buf, size);
    if (style == TEXT_NUMBER_EXACT) {
        /* One decimal at most, and only when nothing is lost. */
        scale_by = 1000000;
        for (int u = 1; u < 6; u++, scale_by *= 1000) {
            uint64_t whole = v / scale_by, tenth = v % scale_by / (scale_by / 10);

            if (whole == 0)
                break;
            if (whole < 1000 && v % (scale_by / 10) == 0) {
                if (tenth)
                    return (size_t)snprintf(buf, size, "%s%llu.%llu%c", negative ? "-" : "",
                                            (unsigned long long)whole,
                                            (unsigned long long)tenth, units[u]);
                return (size_t)snprintf(buf, size, "%s%llu%c", negative ? "-" : "",
                                        (unsigned long long)whole, units[u]);
            }
            if (u == 5)
                break;
        }
        return format_full(v, negative, buf, size);
    }
    for (int u = 0; u < 6; u++, scale_by *= 1000) {
        double x = (double)v / (double)scale_by;

        /* 999,960 is "1.0M", not "1000k". */
        if (x >= 999.5 && u < 5)
            continue;
        if (x < 9.95)
            return (size_t)snprintf(buf, size, "%s%.1f%c", negative ? "-" : "", x, units[u]);
        return (size_t)snprintf(buf, size, "%s%.0f%c", negative ? "-" : "", x, units[u]);
    }
    return format_full(v, negative, buf, size);
}
