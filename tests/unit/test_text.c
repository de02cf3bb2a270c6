/* Unit tests for src/text.c: sanitising (every control class and escape
 * family, invalid UTF-8), widths, wrapping, truncation, cluster navigation
 * and the ASCII fallback. Conformance against the Unicode data files is in
 * test_text_conformance.c. */
#include "autoconfig.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include <unistr.h>

#include "tap.h"
#include "text.h"

#define LIT(s) (s), (sizeof(s) - 1)

static void check_sanitize(const char *in, size_t len, unsigned flags, const char *want,
                           const char *name)
{
    char *got = text_sanitize(in, len, flags);
    is_str(got, want, "sanitize: %s", name);
    free(got);
}

#define SAN(lit, flags, want, name) check_sanitize(LIT(lit), flags, want, name)

static int width(const char *s)
{
    return text_width(s, strlen(s));
}

/* True when s is safe: valid UTF-8 without controls or bidi overrides. */
static int is_safe(const char *s, int newlines_ok)
{
    const uint8_t *u = (const uint8_t *)s, *end = u + strlen(s);

    if (u8_check(u, (size_t)(end - u)))
        return 0;
    while (u < end) {
        ucs4_t c;
        u += u8_mbtouc(&c, u, (size_t)(end - u));
        if ((c < 0x20 && !(c == '\n' && newlines_ok)) || (c >= 0x7F && c < 0xA0) ||
            (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069))
            return 0;
    }
    return 1;
}

/* ---- sanitising ---------------------------------------------------------------- */

static void test_c0_controls(void)
{
    int all = 1;

    for (int c = 1; c < 0x20; c++) {
        char in[2] = {(char)c, 0}, want[4] = {0};
        char *got;
        u8_uctomb((uint8_t *)want, (ucs4_t)(0x2400 + c), 3);
        got = text_sanitize(in, 1, 0);
        if (!got || strcmp(got, want) != 0) {
            tap_diag("control 0x%02X became \"%s\"", c, got ? got : "(null)");
            all = 0;
        }
        free(got);
    }
    ok(all, "sanitize: every C0 control becomes its Control Picture (␀ ␇ ␛ ␊ ...)");
    SAN("a\0b", 0, "a␀b", "NUL in the middle is shown, not an end");
    SAN("\0\0", 0, "␀␀", "leading NULs are kept as placeholders");
    SAN("bell\a", 0, "bell␇", "BEL");
    SAN("x\x7fy", 0, "x␡y", "DEL");
    SAN("a\nb", 0, "a␊b", "newline is a placeholder by default");
    SAN("a\nb", TEXT_KEEP_NEWLINES, "a\nb", "newline kept when asked");
    SAN("a\r\nb\rc", TEXT_KEEP_NEWLINES, "a\nb\nc", "CR LF and a lone CR become newlines");
    SAN("a\r\nb", 0, "a␍␊b", "CR LF as placeholders in a single line");
    SAN("a\xe2\x80\xa8" "b\xe2\x80\xa9" "c", TEXT_KEEP_NEWLINES, "a\nb\nc",
        "U+2028 and U+2029 become newlines");
    SAN("a\xe2\x80\xa8" "b", 0, "a␊b", "U+2028 is a newline placeholder in a single line");
    SAN("a\tb", 0, "a␉b", "tab is a placeholder by default");
    SAN("a\tb", TEXT_KEEP_TABS, "a b", "tab becomes one space when asked");
    SAN("\x0b\x0c", TEXT_KEEP_NEWLINES, "␋␌", "VT and FF are not newlines");
}

static void test_escape_sequences(void)
{
    SAN("\x1b[2J", 0, "␛[2J", "CSI clear screen");
    SAN("\x1b[31;1mred\x1b[0m", 0, "␛[31;1mred␛[0m", "SGR colours shown inert");
    SAN("\x1b]0;pwned\x07", 0, "␛]0;pwned␇", "OSC 0 window title with BEL");
    SAN("\x1b]52;c;ZXZpbA==\x1b\\", 0, "␛]52;c;ZXZpbA==␛\\", "OSC 52 clipboard with ST");
    SAN("\x1b]8;;http://x.example/\x1b\\link\x1b]8;;\x1b\\", 0,
        "␛]8;;http://x.example/␛\\link␛]8;;␛\\", "OSC 8 hyperlink");
    SAN("\x1bPq#0;2;0;0;0\x1b\\", 0, "␛Pq#0;2;0;0;0␛\\", "DCS");
    SAN("\x1b_Gf=100;AAAA\x1b\\", 0, "␛_Gf=100;AAAA␛\\", "APC (kitty graphics)");
    SAN("\x1b^secret\x1b\\", 0, "␛^secret␛\\", "PM");
    SAN("\x1bXstring\x1b\\", 0, "␛Xstring␛\\", "SOS");
    SAN("\x1b" "c", 0, "␛c", "RIS (full reset)");
    SAN("\x1b(B", 0, "␛(B", "charset designation");
    SAN("\x1b", 0, "␛", "ESC at the end");
    SAN("\xc2\x9b" "2J", 0, "␛[2J", "8-bit CSI U+009B reads as its 7-bit form");
    SAN("\xc2\x9d" "0;t\xc2\x9c" "x", 0, "␛]0;t␛\\x", "8-bit OSC ended by 8-bit ST");
    SAN("\xc2\x85", 0, "␛E", "NEL U+0085");
    SAN("\xc2\x80\xc2\x9f", 0, "␛@␛_", "first and last C1 controls");
    SAN("\x9b" "2J", 0, "\xef\xbf\xbd" "2J", "raw 0x9B byte is invalid UTF-8, not CSI");

    /* A long payload is cut when a terminator follows, so it cannot flood. */
    {
        char in[600], want[200];
        memcpy(in, "\x1b]52;c;", 7);
        memset(in + 7, 'A', 500);
        memcpy(in + 507, "\x07" "after", 6);
        snprintf(want, sizeof want, "␛]52;c;%.*s…␇after", 32 - 5, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        check_sanitize(in, 513, 0, want, "a long OSC 52 body is cut to 32 characters and …");
        in[507] = 'A';
        {
            char *got = text_sanitize(in, 513, 0);
            ok(got && strlen(got) == 3 + 512 && is_safe(got, 0),
               "an unterminated OSC is shown whole (the rest is the post)");
            free(got);
        }
    }
    SAN("\x1bP" "0123456789012345678901234567890123456789\x1b" "q", 0,
        "␛P0123456789012345678901234567890123456789␛q",
        "a body ended by another escape is not cut");
}

static void test_bidi(void)
{
    SAN("abc\xe2\x80\xae" "def", 0, "abc⟨RLO⟩def", "RLO override");
    SAN("\xe2\x80\xaa\xe2\x80\xab\xe2\x80\xac\xe2\x80\xad", 0, "⟨LRE⟩⟨RLE⟩⟨PDF⟩⟨LRO⟩",
        "LRE RLE PDF LRO");
    SAN("\xe2\x81\xa6\xe2\x81\xa7\xe2\x81\xa8\xe2\x81\xa9", 0, "⟨LRI⟩⟨RLI⟩⟨FSI⟩⟨PDI⟩",
        "isolates");
    SAN("a\xe2\x80\x8f" "b", 0, "a\xe2\x80\x8f" "b", "RLM (no reordering power) is kept");
}

static void test_invalid_utf8(void)
{
    SAN("a\x80" "b", 0, "a\xef\xbf\xbd" "b", "lone continuation byte");
    SAN("ab\xe4\xb8", 0, "ab\xef\xbf\xbd", "truncated sequence at the end is one U+FFFD");
    SAN("\xe4\xb8" "x", 0, "\xef\xbf\xbd" "x", "truncated sequence before ASCII");
    SAN("\xc0\xaf", 0, "\xef\xbf\xbd\xef\xbf\xbd", "overlong '/' (C0 AF)");
    SAN("\xe0\x80\xaf", 0, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd", "overlong three-byte form");
    SAN("\xed\xa0\x80", 0, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd", "UTF-8-encoded surrogate");
    SAN("\xf4\x90\x80\x80", 0, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd",
        "above U+10FFFF");
    SAN("\xff\xfe", 0, "\xef\xbf\xbd\xef\xbf\xbd", "bytes that never appear in UTF-8");
    SAN("\xef\xbf\xbe", 0, "\xef\xbf\xbd", "noncharacter U+FFFE");
    SAN("\xf0\x9f\x98\x80", 0, "😀", "a valid four-byte character passes");
}

static void test_format_and_clusters(void)
{
    char *got;
    char flood[1 + 500 * 2 + 2];

    SAN("\xef\xbb\xbfhi", 0, "hi", "byte order mark removed");
    SAN("soft\xc2\xad" "hyphen", 0, "softhyphen", "soft hyphen removed");
    SAN("a\xe2\x80\x8b" "b", 0, "a\xe2\x80\x8b" "b", "ZWSP kept (a break opportunity)");
    SAN("\xcc\x81x", 0, "◌\xcc\x81x", "combining mark at the start gets a dotted circle");
    SAN("a\n\xcc\x81", TEXT_KEEP_NEWLINES, "a\n◌\xcc\x81", "combining mark after a newline");
    SAN("e\xcc\x81", 0, "e\xcc\x81", "e + combining acute untouched");
    SAN("\xe1\x84\x80\xe1\x81\xaa", 0, "\xe1\x84\x80\xe1\x81\xaa",
        "a spacing mark that stands alone in UAX #29 (U+106A) gets no dotted circle");

    flood[0] = 'a';
    for (int i = 0; i < 500; i++)
        memcpy(flood + 1 + 2 * i, "\xcc\x81", 2);
    memcpy(flood + 1001, "b", 2);
    got = text_sanitize(flood, 1002, 0);
    ok(got && strlen(got) == 1 + 15 * 2 + 1, "500 combining marks are capped at 16 code points");
    is_int(got ? width(got) : -1, 2, "a capped flood still measures as its base");
    free(got);

    got = text_sanitize(LIT("👩🏻‍❤️‍💋‍👨🏼"), 0);
    is_str(got, "👩🏻‍❤️‍💋‍👨🏼", "the longest emoji sequence (10 code points) survives the cap");
    free(got);
}

static void test_hostile_mix(void)
{
    static const char mix[] = "\x1b[2J\x1b]0;t\x07\xc2\x9b" "6n\xe2\x80\xae\0\x9b\x7f\x1b";
    char *got = text_sanitize(mix, sizeof mix - 1, 0);

    ok(got && is_safe(got, 0), "a hostile mix leaves nothing a terminal would obey");
    free(got);
    got = text_sanitize(mix, sizeof mix - 1, TEXT_KEEP_NEWLINES);
    ok(got && is_safe(got, 1), "... also with newlines kept");
    free(got);
    got = text_sanitize("", 0, 0);
    is_str(got, "", "empty input gives an empty string");
    free(got);
}

/* ---- width ------------------------------------------------------------------------- */

static void test_width(void)
{
    text_configure(TEXT_AMBIGUOUS_NARROW, false);
    is_int(width("hello"), 5, "ASCII");
    is_int(width("小红书"), 6, "CJK is 2 columns each");
    is_int(width("，。"), 4, "full-width punctuation is 2");
    is_int(width("e\xcc\x81"), 1, "combining acute adds nothing");
    is_int(width("😀"), 2, "U+1F600 emoji presentation");
    is_int(width("❤"), 1, "U+2764 alone is text presentation");
    is_int(width("❤️"), 2, "U+2764 + VS16 is an emoji, 2 wide");
    is_int(width("1️⃣"), 2, "keycap with VS16");
    is_int(width("A\xef\xb8\x8f"), 1, "VS16 after a non-emoji changes nothing");
    is_int(width("🇺🇸"), 2, "a flag is two regional indicators");
    is_int(width("👍🏽"), 4, "emoji + skin tone counts both (terminals differ)");
    is_int(width("👨‍👩‍👧"), 6, "ZWJ family counts each member (terminals differ)");
    is_int(width("a\xe2\x80\x8b" "b"), 2, "ZWSP is zero width");
    is_int(width("␛[2J"), 4, "placeholders are one column");
    is_int(width("αβ…"), 3, "ambiguous characters narrow");
    text_configure(TEXT_AMBIGUOUS_WIDE, false);
    is_int(width("αβ…"), 6, "ambiguous characters wide");
    is_int(width("abc中"), 5, "wide mode leaves narrow and wide characters alone");
    is_int(width("\xd8\xa7"), 1, "Arabic stays narrow in wide mode (unlike libunistring's CJK mode)");

    unsetenv("LC_ALL");
    unsetenv("LC_CTYPE");
    setenv("LANG", "zh_CN.UTF-8", 1);
    text_configure(TEXT_AMBIGUOUS_AUTO, false);
    is_int(width("…"), 2, "auto: a Chinese locale makes ambiguous characters wide");
    setenv("LANG", "ja_JP.eucJP", 1);
    text_configure(TEXT_AMBIGUOUS_AUTO, false);
    is_int(width("…"), 2, "auto: Japanese too");
    setenv("LANG", "en_US.UTF-8", 1);
    text_configure(TEXT_AMBIGUOUS_AUTO, false);
    is_int(width("…"), 1, "auto: an English locale keeps them narrow");
    setenv("LC_ALL", "ko_KR.UTF-8", 1);
    text_configure(TEXT_AMBIGUOUS_AUTO, false);
    is_int(width("…"), 2, "auto: LC_ALL wins over LANG");
    unsetenv("LC_ALL");
    text_configure(TEXT_AMBIGUOUS_NARROW, false);
}

/* ---- wrapping ------------------------------------------------------------------------ */

/* Wraps s and joins the lines with "|" for comparison. */
static char *wrap_str(const char *s, int w)
{
    static char out[4096];
    struct text_span spans[64];
    size_t n = text_wrap(s, strlen(s), w, spans, 64);
    size_t k = 0;

    out[0] = '\0';
    for (size_t i = 0; i < n && i < 64; i++) {
        if (text_width(s + spans[i].offset, spans[i].length) != spans[i].width)
            return "(span width differs from text_width)";
        k += (size_t)snprintf(out + k, sizeof out - k, "%s%.*s", i ? "|" : "",
                              (int)spans[i].length, s + spans[i].offset);
    }
    return out;
}

static void test_wrap(void)
{
    struct text_span spans[4];
    char *big;
    size_t n;

    is_str(wrap_str("the quick brown fox jumps", 10), "the quick|brown fox|jumps",
           "English breaks at spaces");
    is_str(wrap_str("一二三四，五六", 8), "一二三|四，五六",
           "Chinese never breaks before closing punctuation");
    is_str(wrap_str("「你好」世界", 6), "「你|好」世|界",
           "no line ends with an opening bracket or starts with a closing one");
    is_str(wrap_str("我们一起去小红书吧", 6), "我们一|起去小|红书吧", "Chinese breaks between characters");
    is_str(wrap_str("我爱TikTok和小红书", 8), "我爱|TikTok和|小红书", "mixed Chinese and English");
    is_str(wrap_str("see https://www.xiaohongshu.com/explore/abc ok", 12),
           "see https://|www.|xiaohongshu.|com/explore/|abc ok",
           "a URL wider than the line breaks after / and . first");
    is_str(wrap_str("xhs.com/explore/0123456789abcdef", 12), "xhs.com/|explore/0123|456789abcdef",
           "... and by force inside a piece wider than the line (SY x NU)");
    is_str(wrap_str("abcdefghij", 4), "abcd|efgh|ij", "a long word is broken by force");
    is_str(wrap_str("hello     world", 8), "hello|world", "trailing spaces are not in the span");
    is_str(wrap_str("ab", 1), "a|b", "width 1");
    is_str(wrap_str("中a文", 1), "中|a|文", "a wide character on a 1-column line takes its own line");
    is_str(wrap_str("x中", 0), "x|中", "width 0 is treated as 1");
    is_str(wrap_str("e\xcc\x81" "e\xcc\x81", 1), "e\xcc\x81|e\xcc\x81", "clusters are never split");
    is_str(wrap_str("one\n\ntwo", 20), "one||two", "an empty line between paragraphs");
    is_str(wrap_str("one two\nthree", 5), "one|two|three", "mandatory breaks respected");

    n = text_wrap("one\n", 4, 10, spans, 4);
    is_int(n, 1, "a final newline adds no line");
    is_int(text_wrap("", 0, 10, NULL, 0), 0, "empty text needs no line");
    is_int(text_wrap("\n", 1, 10, spans, 4), 1, "a lone newline is one empty line");
    is_int(spans[0].length, 0, "... of length 0");
    n = text_wrap(LIT("a b c d e f g"), 1, spans, 4);
    is_int(n, 7, "the count covers lines beyond max");
    is_int(spans[3].offset, 6, "the first max spans are written");
    ok(spans[0].width == 1 && spans[0].length == 1, "span width and length");

    /* A megabyte without spaces, and a combining flood, stay linear. */
    big = malloc(1 << 20);
    if (big) {
        memset(big, 'a', 1 << 20);
        n = text_wrap(big, 1 << 20, 80, NULL, 0);
        is_int(n, ((1 << 20) + 79) / 80, "a 1 MB word wraps into width-80 pieces");
        for (size_t i = 1; i + 1 < (1 << 20); i += 2)
            memcpy(big + i, "\xcc\x81", 2);
        n = text_wrap(big, 1 << 20, 80, NULL, 0);
        is_int(n, 1, "a 1 MB combining flood (one cluster) is one line");
        free(big);
    }
}

/* ---- truncating ------------------------------------------------------------------------- */

static void check_truncate(const char *s, int w, const char *want, const char *name)
{
    char *got = text_truncate(s, strlen(s), w);
    is_str(got, want, "truncate: %s", name);
    if (got && w >= 0 && text_width(got, strlen(got)) != w)
        tap_diag("   width %d, asked for %d", text_width(got, strlen(got)), w);
    free(got);
}

static void test_fit(void)
{
    struct text_fit fit;

    fit = text_fit(LIT("hello"), 10);
    ok(fit.bytes == 5 && fit.width == 5 && !fit.truncated && fit.ellipsis == 0 && fit.pad == 5,
       "fit: short text fits with padding");
    fit = text_fit(LIT("hello world"), 8);
    ok(fit.bytes == 7 && fit.width == 7 && fit.truncated && fit.ellipsis == 1 && fit.pad == 0,
       "fit: long text keeps a column for the ellipsis");
    fit = text_fit(LIT("ab中文"), 4);
    ok(fit.bytes == 2 && fit.width == 2 && fit.truncated && fit.pad == 1,
       "fit: a wide character that does not fit leaves a 1-column pad");
    fit = text_fit(LIT("abc"), 0);
    ok(fit.bytes == 0 && fit.width == 0 && fit.truncated && fit.ellipsis == 0 && fit.pad == 0,
       "fit: width 0 fits nothing, not even the ellipsis");
    fit = text_fit(LIT("abc"), -3);
    ok(fit.bytes == 0 && fit.truncated && fit.ellipsis == 0 && fit.pad == 0, "fit: negative width");
    fit = text_fit(LIT("\xe2\x80\x8b"), 0);
    ok(fit.bytes == 3 && !fit.truncated, "fit: zero-width text fits in 0 columns");

    check_truncate("hello", 8, "hello   ", "pads to the width");
    check_truncate("hello world", 8, "hello w…", "ellipsis");
    check_truncate("ab中文", 4, "ab… ", "wide character at the edge");
    check_truncate("中文字", 5, "中文…", "wide characters that fit exactly");
    check_truncate("中文", 4, "中文", "exact fit needs no ellipsis");
    check_truncate("abc", 1, "…", "width 1");
    check_truncate("e\xcc\x81" "e\xcc\x81" "e\xcc\x81", 2, "e\xcc\x81…",
                   "never splits e + combining acute");
    check_truncate("🇺🇸🇨🇳", 3, "🇺🇸…", "never splits a flag");
    check_truncate("🇺🇸🇨🇳", 2, "… ", "a flag that does not fit leaves a pad");
    check_truncate("👨‍👩‍👧x", 5, "…    ", "never splits a ZWJ family");
    check_truncate("x👨‍👩‍👧", 8, "x👨‍👩‍👧 ", "a ZWJ family that fits whole");

    text_configure(TEXT_AMBIGUOUS_WIDE, false);
    fit = text_fit(LIT("abcdef"), 4);
    ok(fit.bytes == 2 && fit.ellipsis == 2 && fit.pad == 0,
       "fit: the ellipsis is 2 columns when ambiguous characters are wide");
    fit = text_fit(LIT("abcdef"), 1);
    ok(fit.truncated && fit.ellipsis == 0 && fit.pad == 1, "fit: no room for a wide ellipsis");
    text_configure(TEXT_AMBIGUOUS_NARROW, true);
    check_truncate("hello world", 8, "hello w.", "ASCII mode ellipsis");
    is_str(text_ellipsis(), ".", "text_ellipsis in ASCII mode");
    text_configure(TEXT_AMBIGUOUS_NARROW, false);
    is_str(text_ellipsis(), "…", "text_ellipsis in UTF-8");
}

/* ---- cursor movement ------------------------------------------------------------------------ */

static void test_graphemes(void)
{
    static const char s[] = "ae\xcc\x81中🇺🇸🇨🇳👨‍👩‍👧\r\n";
    const size_t len = sizeof s - 1;
    const size_t stops[] = {0, 1, 4, 7, 15, 23, 41, 43};
    const size_t nstops = sizeof stops / sizeof stops[0];
    int fwd = 1, back = 1;
    size_t pos;

    is_int(len, 43, "the test string is 43 bytes");
    pos = 0;
    for (size_t i = 1; i < nstops; i++) {
        pos = text_next_grapheme(s, len, pos);
        if (pos != stops[i]) {
            tap_diag("next: expected %zu, got %zu", stops[i], pos);
            fwd = 0;
        }
    }
    ok(fwd, "next: a, e+acute, 中, two flags, a ZWJ family, CR LF");
    pos = len;
    for (size_t i = nstops - 1; i > 0; i--) {
        pos = text_prev_grapheme(s, len, pos);
        if (pos != stops[i - 1]) {
            tap_diag("prev: expected %zu, got %zu", stops[i - 1], pos);
            back = 0;
        }
    }
    ok(back, "prev visits the same boundaries backwards");
    is_int(text_next_grapheme(s, len, len), len, "next at the end stays at the end");
    is_int(text_next_grapheme(s, len, len + 5), len, "next past the end returns the end");
    is_int(text_prev_grapheme(s, len, 0), 0, "prev at the start stays at the start");
    is_int(text_prev_grapheme(s, len, len + 5), 41, "prev past the end starts from the end");
    is_int(text_prev_grapheme(LIT("🇺🇸🇨🇳🇯🇵"), 24), 16, "prev pairs regional indicators from the left");
    is_int(text_prev_grapheme(LIT("🇺🇸🇨🇳🇯🇵"), 16), 8, "... all the way");
}

/* ---- ASCII fallback ---------------------------------------------------------------------- */

static void check_ascii(const char *s, const char *want, const char *name)
{
    char *got = text_to_ascii(s, strlen(s));
    is_str(got, want, "ascii: %s", name);
    free(got);
}

static void test_ascii(void)
{
    char *got;

    check_ascii("“quoted” ‘single’ — – … · •", "\"quoted\" 'single' -- - ... . *", "typography");
    check_ascii("你好，世界。真的！？：；（括号）「引」《书》、",
                "??,??.?" "?!?:;(?" "?)\"?\"<<?>>,", "full-width punctuation");
    check_ascii("Café naïve Ångström Łódź straße œuvre", "Cafe naive Angstrom Lodz strasse oeuvre",
                "Latin letters lose their diacritics");
    check_ascii("ﬁ ² Ｆｕｌｌ ½", "fi 2 Full 1/2", "compatibility forms");
    check_ascii("┌─┐│└┘├┼ ═║ ░█", "+-+|++++ -| ##", "box drawing");
    check_ascii("← → ↑ ↓ ⇒", "<- -> ^ v =>", "arrows");
    check_ascii("小红书", "???", "one ? per Chinese character");
    check_ascii("😀 👨‍👩‍👧 🇺🇸", "? ? ?", "one ? per emoji cluster");
    check_ascii("1️⃣", "1", "keycap keeps its digit");
    check_ascii("a\xe2\x80\x8b" "b", "ab", "zero-width characters vanish");
    check_ascii("␛[2J␀␇␡", "^[[2J^@^G^?", "control placeholders in caret notation");
    check_ascii("⟨RLO⟩", "<RLO>", "bidi placeholders");
    check_ascii("\xef\xbf\xbd", "?", "replacement character");
    check_ascii("line\nnext", "line\nnext", "newlines kept");

    text_configure(TEXT_AMBIGUOUS_NARROW, true);
    ok(text_ascii(), "text_ascii reports ASCII mode");
    got = text_sanitize(LIT("\x1b[31m红\xe2\x80\xae\xc2\x9b" "x\0 “ok”"), 0);
    is_str(got, "^[[31m?<RLO>^[[x^@ \"ok\"", "sanitize in ASCII mode gives ASCII placeholders");
    free(got);
    text_configure(TEXT_AMBIGUOUS_NARROW, false);
    ok(!text_ascii(), "and back to UTF-8");
}

/* RFC 4648's test vectors, and bytes that must never reach a terminal. */
static void test_base64(void)
{
    static const char *const vectors[][2] = {{"", ""},         {"f", "Zg=="},
                                             {"fo", "Zm8="},   {"foo", "Zm9v"},
                                             {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="},
                                             {"foobar", "Zm9vYmFy"}};
    bool all = true;
    char *out;

    for (size_t i = 0; i < sizeof vectors / sizeof vectors[0]; i++) {
        out = text_base64(vectors[i][0], strlen(vectors[i][0]));
        all = all && out && strcmp(out, vectors[i][1]) == 0;
        free(out);
    }
    ok(all, "base64 gives RFC 4648's test vectors");
    out = text_base64("\x1b]52;\x07\xff", 7);
    ok(out && strcmp(out, "G101MjsH/w==") == 0, "control bytes become letters, digits, + / =");
    free(out);
}

/* The locale's character set, tested in one place for every caller. */
static void test_locale_utf8(void)
{
    ok(setlocale(LC_CTYPE, "C") && !text_locale_utf8(), "the C locale is not UTF-8");
    if (setlocale(LC_CTYPE, "C.UTF-8"))
        ok(text_locale_utf8(), "C.UTF-8 is");
    else
        tap_skip("no C.UTF-8 locale");
    setlocale(LC_CTYPE, "C");
}

int main(void)
{
    text_configure(TEXT_AMBIGUOUS_NARROW, false);
    test_locale_utf8();
    test_c0_controls();
    test_base64();
    test_escape_sequences();
    test_bidi();
    test_invalid_utf8();
    test_format_and_clusters();
    test_hostile_mix();
    test_width();
    test_wrap();
    test_fit();
    test_graphemes();
    test_ascii();
    return tap_done();
}
