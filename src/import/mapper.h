/* mapper.h — mappers: a record of one kind or source format to rows.
 *
 * A mapper reads sink->rec with the getters of fields.h, checks every value
 * and hands a validated post, event or figure to sink_post(), sink_event()
 * or sink_figure(); on the first value it refuses it reports a bad record
 * and returns. It writes nothing itself and knows no SQL.
 *
 * The detection table in import.c lists the mappers; the first whose
 * `marker` field the record has maps it, and the one without a marker takes
 * the rest. A new source format is a new mapper file and a line there.
 */
#ifndef REFUGE_IMPORT_MAPPER_H
#define REFUGE_IMPORT_MAPPER_H

#include <stdbool.h>

#include "sink.h"

struct mapper {
    const char *name;           /* what its records are, for messages */
    const char *marker;         /* a field only its records have; NULL: the fallback */
    const char *const *fields;  /* the fields it reads (NULL-terminated) */
    bool lenient;               /* other fields are ignored, not refused */
    void (*map)(struct import_sink *sink); /* maps sink->rec, as above */
};

/* refuge's own records (map_refuge.c; refuge(1) documents their fields). */
extern const struct mapper map_refuge_post, map_refuge_event, map_refuge_figure;
/* MediaCrawler's Xiaohongshu notes (map_mediacrawler.c). */
extern const struct mapper map_mediacrawler_note;

#endif
