/* buf.h — growing arrays and strings: the one home for "double until it fits".
 *
 * buf_grow() makes room in any array; struct buf_text is a string built by
 * appending formatted pieces. Both leave what they hold untouched when memory
 * runs out, so a caller can finish and report once at the end.
 */
#ifndef REFUGE_BUF_H
#define REFUGE_BUF_H

#include <stdbool.h>
#include <stddef.h>

/* Makes room for `need` elements of `size` bytes in the array *p of *cap
 * elements, doubling from 64. Returns false, with *p and *cap unchanged,
 * when memory ran out. */
bool buf_grow(void **p, size_t *cap, size_t need, size_t size);

/* A string being built. Zero-initialised is empty (s == NULL); s is
 * NUL-terminated once anything was appended; the caller frees s. */
struct buf_text {
    char *s;
    size_t len, cap;
};

/* Appends printf-formatted text; false (and nothing appended) when memory
 * ran out. */
bool buf_appendf(struct buf_text *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
