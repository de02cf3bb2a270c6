/* text.h — the one gate every string passes before it reaches the screen.
 *
 * Sanitise untrusted text, measure it in terminal columns, wrap it with
 * UAX #14 line breaking, truncate it without splitting a grapheme cluster,
 * and fall back to ASCII in a non-UTF-8 locale. Built on libunistring; no
 * curses here, so all of it is unit-tested alone.
 *
 * Strings are UTF-8 byte ranges (pointer + length) so callers can pass
 * slices of larger buffers. Functions that take text other than
 * text_sanitize() expect it already sanitised (valid UTF-8, no controls).
 *
 * Ownership: functions returning char * allocate with malloc; the caller
 * frees. They return NULL only when memory runs out.
 */
#ifndef REFUGE_TEXT_H
#define REFUGE_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* How East Asian ambiguous-width characters (UAX #11 "A") are counted. */
enum text_ambiguous {
    TEXT_AMBIGUOUS_AUTO,   /* wide when the locale is Chinese, Japanese or Korean
                              (LC_CTYPE; under "C", the LC_ALL, LC_CTYPE or LANG
                              variable, as the locale may not be installed) */
    TEXT_AMBIGUOUS_NARROW, /* 1 column */
    TEXT_AMBIGUOUS_WIDE,   /* 2 columns */
};

/* Process-wide display settings, set once at start-up (and by tests).
 * ascii: draw with ASCII only (a non-UTF-8 locale or [ui] ascii = yes).
 * Defaults before the first call: narrow, not ascii. */
void text_configure(enum text_ambiguous ambiguous, bool ascii);

/* True when text_configure() chose ASCII output. */
bool text_ascii(void);

/* Turns ASCII output on or off without touching the rest, and returns what
 * it was, to be put back: for text that goes into a format defined as
 * UTF-8 (a CSV cell, a JSON snippet) whatever the terminal draws. */
bool text_set_ascii(bool ascii);

/* True when the locale's character set (LC_CTYPE: nl_langinfo(CODESET)) is
 * UTF-8, so text other than ASCII may be written as it is. The one test of
 * it: the explorer's drawing and keys, the interface language and what the
 * batch commands write for people (config_apply_text()) all ask here. */
bool text_locale_utf8(void);

/* Flags for text_sanitize(). */
enum {
    TEXT_KEEP_NEWLINES = 1 << 0, /* keep "\n" (paragraphs); otherwise it becomes a placeholder */
    TEXT_KEEP_TABS = 1 << 1,     /* turn each tab into one space instead of a placeholder */
};

/* Returns a new string that is safe to draw: valid UTF-8 (each maximal
 * ill-formed subsequence becomes U+FFFD), with every C0 control, DEL, C1
 * control, escape sequence (CSI, OSC, DCS, APC, PM, SOS, 7- and 8-bit forms)
 * and bidi embedding, override or isolate character replaced by a visible
 * placeholder (see text.c for the documented style), and NUL shown rather
 * than ending the string. A grapheme cluster keeps at most 16 code points.
 * With TEXT_KEEP_NEWLINES, CR LF, a lone CR, U+2028 and U+2029 become "\n".
 * In ASCII mode the result is also passed through text_to_ascii().
 * `len` is the input's length in bytes (NUL bytes included). */
char *text_sanitize(const char *s, size_t len, unsigned flags);

/* Where s[0..len) may be cut, at or after byte `at` and before at + slack,
 * so that text_sanitize() of the part before the cut (line ends turned
 * into spaces or not) is the start of text_sanitize() of the whole, and a
 * grapheme cluster of the whole ends there: between two characters that
 * always stand alone and pass the sanitiser as they are (printable ASCII,
 * CJK ideographs, CJK and fullwidth punctuation), with no escape or C1
 * control before it, whose cleaning reads ahead. So a caller that shows
 * the start of a long text cleans that start alone. 0 when there is no
 * such place. */
size_t text_clean_cut(const char *s, size_t len, size_t at, size_t slack);
/* True when `at` is such a place between its two characters (escapes
 * before it are the caller's to rule out); with `spaces`, line ends and
 * tabs count as characters that stand alone, for a caller that makes
 * them spaces before cleaning. */
bool text_cut_point(const char *s, size_t len, size_t at, bool spaces);

/* The base64 encoding (RFC 4648, with padding) of len bytes of s, as a new
 * NUL-terminated string (caller frees), or NULL when memory runs out. For
 * handing text to the terminal as data (OSC 52), never as raw bytes. */
char *text_base64(const char *s, size_t len);

/* True for a code point text_sanitize() never passes through as itself
 * because a terminal would act on it: C0 controls, DEL, C1 controls and bidi
 * embeddings, overrides and isolates. Writers that must keep the data exact
 * (JSON to a terminal) escape these instead of replacing them. */
bool text_is_control(uint32_t c);

/* Display width in terminal columns of sanitised text (CJK = 2, combining
 * marks = 0, emoji presentation = 2 including a text-default emoji followed
 * by VS16, ambiguous per text_configure()). Other emoji sequences count each
 * emoji, so a terminal that joins them leaves a blank rather than overrunning. */
int text_width(const char *s, size_t len);

/* One wrapped line: a byte range of the input and its width in columns.
 * The range excludes the line break itself and trailing spaces. */
struct text_span {
    size_t offset;
    size_t length;
    int width;
};

/* Wraps sanitised text to `width` columns with UAX #14 line breaking:
 * Chinese breaks between characters but never before closing punctuation,
 * English at spaces; a word or URL wider than the line is broken (between
 * grapheme clusters) only when no break opportunity fits, and a cluster
 * wider than the line gets a line of its own. Spaces at the end of a line
 * do not count. "\n" forces a break; an empty line between paragraphs yields
 * an empty span; a final "\n" adds no line, and empty text needs none.
 * Writes up to `max` spans and returns how many lines the text needs (call
 * again with a bigger array when the result exceeds max; spans may be NULL
 * when max is 0). width < 1 is treated as 1. */
size_t text_wrap(const char *s, size_t len, int width, struct text_span *spans, size_t max);

/* How much of a string fits in `width` columns. Always
 * width + ellipsis + pad == max(the width asked for, 0). */
struct text_fit {
    size_t bytes;   /* bytes of the input to draw */
    int width;      /* their width in columns */
    bool truncated; /* the input did not fit whole */
    int ellipsis;   /* columns of text_ellipsis() to draw after them: 0, or its
                       width when truncated and there is room for it */
    int pad;        /* spaces to draw last so the result is exactly `width`
                       (a wide character that did not fit leaves a 1-column pad) */
};

/* Fits sanitised text into `width` columns, never splitting a grapheme
 * cluster or a wide character. When it does not fit whole, room is kept for
 * the ellipsis and truncated is set. */
struct text_fit text_fit(const char *s, size_t len, int width);

/* The ellipsis text_fit() makes room for: "…" (one column, two when
 * ambiguous characters are wide), or "." in ASCII mode. */
const char *text_ellipsis(void);

/* Convenience for text_fit(): a new string of exactly `width` columns, with
 * the ellipsis and padding applied. */
char *text_truncate(const char *s, size_t len, int width);

/* Byte offset of the start of the next / previous grapheme cluster from
 * `pos` (for cursor movement and backspace in input prompts). Returns len
 * at the end and 0 at the start. */
size_t text_next_grapheme(const char *s, size_t len, size_t pos);
size_t text_prev_grapheme(const char *s, size_t len, size_t pos);

/* The ASCII fallback for non-UTF-8 locales (documented in text.c and the
 * README): a readable ASCII rendering of sanitised UTF-8 text, one grapheme
 * cluster at a time; a cluster with no ASCII form becomes one "?". */
char *text_to_ascii(const char *s, size_t len);

/* Styles of text_format_number(). */
enum text_number {
    TEXT_NUMBER_FULL,  /* 3,955,519 */
    TEXT_NUMBER_SHORT, /* three significant digits: 48, 1.2k, 114k, 4.0M, 73M */
    TEXT_NUMBER_EXACT, /* SHORT when that is exact (82.2M, 175M, 5B), else FULL;
                          below a million always FULL (114,000) */
    /* As a Chinese reader counts, in 万 (10^4) and 亿 (10^8); below 10,000
     * always FULL: */
    TEXT_NUMBER_SHORT_ZH, /* three significant digits at most: 48, 9,999, 1.2万,
                             396万, 8220万, 1.8亿 */
    TEXT_NUMBER_EXACT_ZH, /* SHORT_ZH when exact to two decimals at most
                             (11.4万, 8220万, 1.75亿), else FULL (3,955,519) */
};

/* The style for a reader of the interface (i18n.h): the _ZH form of SHORT
 * or EXACT when it speaks Chinese; FULL and the rest as they are. */
enum text_number text_number_for_reader(enum text_number style, bool zh);

/* Writes value as text into buf (ASCII, but for the 万 and 亿 of the _ZH
 * styles, in UTF-8); returns its length. */
size_t text_format_number(int64_t value, enum text_number style, char *buf, size_t size);

#endif
