/* record.h — one record as a reader found it: named fields with a JSON type.
 *
 * Readers know formats, not kinds: a JSON object and a CSV row both become
 * a record, whose field names (and, for JSON, types) the mappers read. A
 * CSV record's values are all text, and an empty cell is absent.
 *
 * A record owns the storage of its names and values and is reused from
 * one record to the next: rec_reset() empties it, rec_add() appends a
 * field, rec_finish() makes the field pointers valid (until the next
 * rec_reset() or rec_add()); rec_free() releases the storage.
 */
#ifndef REFUGE_IMPORT_RECORD_H
#define REFUGE_IMPORT_RECORD_H

#include <stdbool.h>
#include <stddef.h>

enum ftype { F_NULL, F_BOOL, F_INT, F_REAL, F_TEXT, F_ARRAY, F_OBJECT };

#define MAX_FIELDS 64

struct field {
    const char *name;
    const char *value; /* NUL-terminated; JSON text for arrays and objects */
    size_t len;
    enum ftype type;
};

struct record {
    struct field f[MAX_FIELDS];
    int n;
    bool csv; /* every value is text, "" means absent */
    /* Names and values, as offsets until rec_finish() (the buffer moves
     * as it grows). */
    char *buf;
    size_t used, cap;
    size_t name_off[MAX_FIELDS], value_off[MAX_FIELDS];
};

void rec_reset(struct record *r, bool csv);
/* Adds a field (value NULL: empty); returns -1 when there are too many or
 * memory ran out. */
int rec_add(struct record *r, const char *name, size_t nlen, const char *value, size_t vlen,
            enum ftype type);
void rec_finish(struct record *r);
void rec_free(struct record *r);
/* True when the record has a field of that name. */
bool rec_has(const struct record *r, const char *name);

#endif
