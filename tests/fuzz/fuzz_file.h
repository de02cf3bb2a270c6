/* fuzz_file.h — the fuzz input as a file, for the loaders that only read
 * files (the config and tour loaders), and the checks they share.
 *
 * Each process gets one private temporary directory, removed at exit;
 * TMPDIR points into it, so a temporary file a loader forgets to remove
 * is found there.
 */
#ifndef REFUGE_FUZZ_FILE_H
#define REFUGE_FUZZ_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Writes data to the input file and returns its path (owned here), or
 * aborts when the file cannot be written. */
const char *fuzz_file_write(const uint8_t *data, size_t size);

/* True when the private directory holds nothing but the input file. */
bool fuzz_file_alone(void);

/* True when msg is "FILE: message" or "FILE:LINE: message" with LINE a
 * line of data (1 to the number of lines), as the loaders promise. */
bool fuzz_file_diagnostic_ok(const char *msg, const char *file, const uint8_t *data,
                             size_t size);

#endif
