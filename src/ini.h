/* ini.h — INI files through iniparser, with the line numbers it does not
 * keep and the tolerance it lacks.
 *
 * iniparser stores values but not where they were, and drops a whole file
 * for one malformed line. An ini_doc adds both: a map from "section:key"
 * (and "section") to its line, for "FILE:LINE: message" diagnostics, and a
 * second parse with the malformed lines blanked, so one typo costs one
 * line. Used by the settings (src/config.c) and tour files (ui/tour.c).
 */
#ifndef REFUGE_INI_H
#define REFUGE_INI_H

#include <stdbool.h>
#include <stddef.h>

#include <iniparser.h>

#include "error.h"

struct ini_line {
    char name[160]; /* "section:key", "section" for a heading, "key" before any */
    int line;       /* 1-based */
    bool orphan;    /* a key written before any [section] */
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

void ini_doc_free(struct ini_doc *doc);

#endif
