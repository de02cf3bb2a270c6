/* input.h — what every reader does to the raw bytes of an input before
 * reading its format: telling the format, and skipping blank lines. */
#ifndef REFUGE_IMPORT_INPUT_H
#define REFUGE_IMPORT_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "../import.h"

/* Picks the format from the first byte that is not a UTF-8 BOM or white
 * space ('{' JSON Lines, '[' a JSON array, else CSV), and pushes that byte
 * back; *lines counts the line ends skipped. */
enum import_format input_sniff(FILE *fp, long *lines);

/* True when the bytes are only spaces, tabs and line ends. */
bool input_blank(const char *s, size_t len);

#endif
