/* ini.h — INI files through iniparser, with the line numbers it does not
 * keep and the tolerance it lacks.
 *
 * iniparser stores values but not where they were, and drops a whole file
 * for one malformed line. An ini_doc adds both: a map from "section:key"
 * (and "section") to its line, for "FILE:LINE: message" diagnostics, and
 * parses again with the malformed lines blanked, so one typo (or one line
 * too long for iniparser) costs one line. Used by the settings
 * (src/config.c) and tour files (ui/tour.c).
 */
#ifndef REFUGE_INI_H
#define REFUGE_INI_H

#include <stdbool.h>
#include <stddef.h>

#include <iniparser.h>

#include "error.h"

struct ini_line {
    char *name;     /* "section:key", "section" for a heading, "key" before any */
    int line;       /* 1-based */
    bool orphan;    /* a key written before any [section] */
    bool heading;   /* a [section] line */
};

/* A key with its value, as iniparser keeps it. */
struct ini_entry {
    const char *name;  /* "section:key", lower case (doc owns it) */
    const char *value; /* never NULL */
    int line;          /* where it was set (the last time), or 0 */
    size_t seclen;     /* length of the "section" part of name */
};

/* A value line whose raw text holds more than iniparser read: the rest of
 * the line after an unquoted ';' or '#' (mark ';' or '#'), or text after a
 * closing quote (mark '"' or '\''). */
struct ini_cut {
    int line;
    char mark;
};

struct ini_doc {
    dictionary *dict;        /* the values; NULL when nothing could be parsed */
    struct ini_line *lines;  /* every heading and key, in file order */
    size_t nlines, lines_cap;
    int *bad_lines;          /* lines iniparser rejected as malformed */
    size_t nbad;
    struct ini_cut *cuts;    /* value lines that lost text, in file order */
    size_t ncuts;
    /* Indexes built once, so that every question below costs a binary
     * search, not a pass over the file (iniparser's own lookups are
     * linear, which made a file of many sections quadratic). */
    struct ini_line *by_name;    /* lines sorted by name, then line */
    const char **sections;       /* section names, in iniparser's order */
    size_t nsections;
    struct ini_entry *entries;   /* keys sorted by section, then in iniparser's order */
    size_t nentries;
};

/* The largest settings or tour file read: real ones are a few KiB, and a
 * bound keeps /dev/zero or a huge file from eating memory. */
#define INI_MAX_BYTES (1u << 20)

/* The most lines a file may hold: iniparser's loader takes time quadratic
 * in the keys (each new one is compared with every other) and in the
 * malformed lines (each is looked up among those found before), so a bound
 * keeps a crafted file from taking minutes. Real files have a few hundred. */
#define INI_MAX_LINES 10000

/* Reads a whole file of at most INI_MAX_BYTES into a NUL-terminated string
 * to free() (a NUL byte inside reads as a space). Returns NULL with err
 * naming the file when it cannot be read or is larger. */
char *ini_read_file(const char *path, struct rf_error *err);

/* Parses INI text (a UTF-8 byte order mark at its start is skipped).
 * Returns 0, or -1 when memory or a temporary file failed or the text holds
 * more than INI_MAX_LINES lines (with err set).
 * Malformed lines do not fail the call: they are listed in doc->bad_lines
 * and the rest is parsed. Release with ini_doc_free(). */
int ini_doc_parse(const char *text, struct ini_doc *doc, struct rf_error *err);

/* Reads (ini_read_file()) and parses a file; -1 with err naming the file
 * when it cannot be read. */
int ini_doc_load(const char *path, struct ini_doc *doc, struct rf_error *err);

/* The line of "section:key" or of a "section" heading (the last one when
 * repeated, as iniparser keeps the last value); 0 when not found. Names are
 * lower case, as iniparser stores them. */
int ini_doc_line(const struct ini_doc *doc, const char *name);

/* Whether a heading names a section iniparser cannot keep: it files
 * "[section:x]" as a key of [section] without a value, not as a section. */
bool ini_doc_bad_heading(const struct ini_line *line);

/* The keys of a section with their values, in file order, without the
 * headings ini_doc_bad_heading() rejects: a part of doc->entries (doc owns
 * it), *n of them; NULL with *n = 0 when there are none. */
const struct ini_entry *ini_doc_keys(const struct ini_doc *doc, const char *section, size_t *n);

/* What a cut loses and how to keep it, in the interface's language, written
 * into buf: the message for "FILE:LINE: message". Returns buf. */
const char *ini_cut_message(const struct ini_cut *cut, char *buf, size_t size);

void ini_doc_free(struct ini_doc *doc);

#endif
