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

struct ini_doc {
    dictionary *dict;        /* the values; NULL when nothing could be parsed */
    struct ini_line *lines;  /* every heading and key, in file order */
    size_t nlines;
    int *bad_lines;          /* lines iniparser rejected as malformed */
    size_t nbad;
};

/* Parses INI text. Returns 0, or -1 when memory or a temporary file failed
 * (with err set). Malformed lines do not fail the call: they are listed in
 * doc->bad_lines and the rest is parsed. Release with ini_doc_free(). */
int ini_doc_parse(const char *text, struct ini_doc *doc, struct rf_error *err);

/* Reads and parses a file; -1 with err naming the file when it cannot be
 * read. */
int ini_doc_load(const char *path, struct ini_doc *doc, struct rf_error *err);

/* The line of "section:key" or of a "section" heading (the last one when
 * repeated, as iniparser keeps the last value); 0 when not found. Names are
 * lower case, as iniparser stores them. */
int ini_doc_line(const struct ini_doc *doc, const char *name);

/* Whether a heading names a section iniparser cannot keep: it files
 * "[section:x]" as a key of [section] without a value, not as a section. */
bool ini_doc_bad_heading(const struct ini_line *line);

/* The keys of a section, as iniparser names them ("section:key"), in file
 * order, without the headings ini_doc_bad_heading() rejects. Returns an array
 * to free() (not the names, which doc owns) and sets *n, or returns NULL
 * with *n = 0 when there are none or memory ran out. */
const char **ini_doc_keys(const struct ini_doc *doc, const char *section, int *n);

void ini_doc_free(struct ini_doc *doc);

#endif
