/* writer.h — the one writer of each format refuge writes data in.
 *
 * `refuge export`, `feed`, `timeline` and `stats --format …` and the
 * explorer's `e` all write through here, so a post, an event and a figure
 * each have one CSV row and one JSON object in the whole program, in the
 * fields and dialect `refuge import` reads back: importing what a writer
 * wrote into an empty cache and writing it again gives the same bytes.
 *
 * CSV (RFC 4180): a header row, every text cell quoted, CRLF line ends,
 * NULL as an empty cell; tags and sources are JSON arrays inside one cell.
 * A text cell that would begin with = + - @, a tab or a CR (after any
 * apostrophes) starts with one more apostrophe, so a spreadsheet shows it as
 * text instead of running it as a formula; writer_csv_unguard() is the
 * importer's half of that rule. Numbers (counts, a figure's value) are never
 * guarded: a spreadsheet should read them as numbers.
 *
 * JSON Lines: one object per record; NULL fields are left out.
 *
 * To a terminal (`terminal` set): the bytes a terminal would act on never
 * leave raw. JSON escapes C0, DEL, C1 and bidi controls as \uXXXX and an
 * invalid UTF-8 byte as \ufffd; CSV cells pass text_sanitize(), which shows
 * them as visible placeholders. Files and pipes get the exact bytes.
 *
 * CSV and JSON Lines are UTF-8 by their definition, whatever the locale:
 * the text layer's ASCII mode never reaches them.
 *
 * Markdown and aligned text are for people: every string passes the text
 * layer (text.h), so they are safe anywhere, and in ASCII mode
 * (config_apply_text(): a locale that is not UTF-8) they are ASCII.
 *
 * Nothing here allocates what the caller must free; write errors are left
 * in the stream (check ferror()/fclose() once at the end).
 */
#ifndef REFUGE_WRITER_H
#define REFUGE_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "model.h"

enum writer_format { WRITER_CSV, WRITER_JSONL };

/* The widest snippet of a search's listing (see struct writer). */
#define WRITER_SNIPPET_COLS 60

/* The kinds of record, for writer_header(). */
/* WRITER_CODES: the codebook (workbench.h), a record per code with its
 * description and key, so codes travel with their meaning. */
enum writer_kind { WRITER_POSTS, WRITER_EVENTS, WRITER_FIGURES, WRITER_COMMENTS, WRITER_CODES };

struct pseudo;

struct writer {
    FILE *out;
    enum writer_format format;
    bool terminal; /* out is a terminal: defuse controls (see above) */
    /* When set, posts and comments go out pseudonymised (pseudo.h), each
     * with a last field "pseudonymised" saying so (in the CSV header too). */
    const struct pseudo *pseudo;
    /* Set for a search's listing: each post also says why it matched, in
     * the fields "match_field" (text, translation, tag, author or comment:
     * kwic_field_name()) and "snippet" (the hit in context on one
     * sanitised line of at most WRITER_SNIPPET_COLS columns; left out of a
     * pseudonymised record, whose texts it would quote), after "codes" (in
     * the CSV header too). Import reads them and keeps neither. */
    bool search;
    int n;         /* fields written in the current record */
    /* Private: a record is gathered here and goes out in one fwrite (a
     * call of stdio a field and a quote was a sixth of a listing). Every
     * function below leaves it empty when it returns. */
    size_t len;
    char buf[4096];
};

/* Sets up w to write `format` to out; `terminal` says out is a terminal. */
void writer_init(struct writer *w, FILE *out, enum writer_format format, bool terminal);

/* The CSV header row for a kind of record (nothing in JSON Lines). */
void writer_header(struct writer *w, enum writer_kind kind);

/* One record each, with every field import reads (tags, source and note of
 * a post included: pass a post from model_export_posts() or a page filled
 * by model_post_page_details(), or one model_posts_each() hands over). */
void writer_post(struct writer *w, const struct model_post *p);
void writer_event(struct writer *w, const struct model_event *e);
void writer_figure(struct writer *w, const struct model_figure *f);
/* A comment as refuge's own record (told by its `post` field): likes a
 * number, "N+" for a lower bound, absent when unknown. */
void writer_comment(struct writer *w, const struct model_comment *c);

/* Every record of a kind, header first: events in time order (only those
 * `events` selects, when not NULL), figures, every post oldest first, page
 * by page, every comment in thread order, or every code of the codebook by
 * name. Returns 0, or -1 with err set. */
int writer_export(struct writer *w, struct model *m, enum writer_kind kind,
                  const struct model_event_filter *events, struct rf_error *err);

/* A record of the caller's own fields (the per-day rows of `stats`):
 * begin, any number of fields in header order, end. */
void writer_begin(struct writer *w);
void writer_str(struct writer *w, const char *key, const char *value); /* NULL: absent */
void writer_int(struct writer *w, const char *key, long long value);
void writer_end(struct writer *w);

/* The spreadsheet guard, both halves. A CSV cell read back from a file
 * starts with writer_csv_unguard(cell, len) bytes of guard to drop: 1 when
 * it is an apostrophe followed by what needed guarding, else 0. So a text
 * that itself begins with an apostrophe survives: "'hi" is written as is,
 * "'=x" as "''=x". */
size_t writer_csv_unguard(const char *cell, size_t len);

/* "2025-01-14 08:05 -05:00" in the reader's zone, with the zone's offset
 * then, or "... UTC" when that is 0; "(time out of range)" for a time no
 * calendar holds. */
void writer_local_time(char *buf, size_t size, int64_t ts, struct when_zone zone);

/* ---- for people ---------------------------------------------------------- */

/* Data text on one line, through the text layer, fitted to exactly `width`
 * columns (truncated with an ellipsis, padded), or whole when width < 0.
 * Line breaks become spaces. */
void writer_text_cell(FILE *out, const char *s, int width);
/* writer_text_cell() for the last cell of a line: not padded. */
void writer_text_last(FILE *out, const char *s, int width);
/* writer_text_cell() aligned right: the spaces first (a column heading over
 * numbers, measured like the data: a Chinese heading takes two columns a
 * character). */
void writer_text_right(FILE *out, const char *s, int width);

/* writer_text_cell(s, -1) and writer_md_text(s, "") into a new string, for
 * a whole translated sentence that quotes data:
 *   printf(_("published %s as %s\n"), from, to);
 * NULL when memory runs out; free() it. */
char *writer_text_string(const char *s);
char *writer_md_string(const char *s);

/* Data text for Markdown: through the text layer, with the characters that
 * would start markup escaped; each line break continues with line_prefix. */
void writer_md_text(FILE *out, const char *s, const char *line_prefix);

/* A count as people read it: "–" ("-" in ASCII) when nobody reported it
 * (never 0), "10+" for a lower bound, else the number. */
void writer_count(char *buf, size_t size, int64_t v, bool known, bool at_least);

/* A post's time as people read it: writer_local_time() in the reader's
 * zone, or only the day after a '~' ("~2025-01-14") when the time is
 * approximate (a quoted post's: the day the source gave, in its own zone).
 * Its likes: the number, "10+" for a lower bound, or "–" when unknown
 * (never 0): a quoted post's, or one no file gave. */
void writer_post_time(char *buf, size_t size, const struct model_post *p,
                      struct when_zone zone);
void writer_post_likes(char *buf, size_t size, const struct model_post *p);

/* A post's row in aligned text (refuge feed), one line: first its head,
 * written here: time in the reader's zone, language, provenance mark
 * (vocab_provenance_marks: i illustrative, q quoted, blank imported),
 * platform, likes and author, each in a column of its own width so rows
 * align, CJK included. Returns the columns left for the post's text,
 * which the caller writes: most of the line at any width, the head being
 * shorter on a narrower line (see head_layouts in writer.c). */
int writer_post_text_head(FILE *out, const struct model_post *p, int width, struct when_zone zone);

/* The text of a post people are shown: the original, or, for a Chinese
 * original with a translation under ASCII output (text_ascii()), the
 * translation, as the explorer shows it, rather than a row of question
 * marks. */
const char *writer_post_shown_text(const struct model_post *p);

/* The separators of text and Markdown for people: " · " and " — ", in
 * ASCII mode " - " and " -- ". */
const char *writer_dot(void);
const char *writer_dash(void);

/* The line that explains the marks of the provenances in `seen` (bit
 * 1 << enum vocab_provenance each), as "marks: i illustrative: written
 * for this dataset; likes invented · q quoted: ..."; nothing when no
 * provenance seen has a mark. */
void writer_provenance_legend(FILE *out, unsigned seen);

/* A post as a Markdown list item: time in the reader's zone, platform,
 * author, likes in words ("at least 10 likes", "likes not reported"),
 * provenance with what its numbers are, the text and its
 * translation as a quote. */
void writer_post_md(FILE *out, const struct model_post *p, struct when_zone zone);

#endif
