/* fields.h — typed getters: a record's fields to checked C values.
 *
 * A mapper first gives each field it knows a slot (map_fields), then reads
 * every slot with a getter. A getter that refuses a value reports a bad
 * record through the sink ("FILE:LINE: name: reason") and returns false, so
 * a mapper stops at the first `false`. An absent slot (a missing field,
 * JSON null, an empty CSV cell) is NULL.
 */
#ifndef REFUGE_IMPORT_FIELDS_H
#define REFUGE_IMPORT_FIELDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sink.h"

#define MAX_SLOTS 40

/* Maps the record's fields to slots of `names` (a NULL-terminated list of
 * at most MAX_SLOTS). A field named twice is a bad record; so is an unknown
 * one when `strict`. Returns 0 or -1. */
int map_fields(struct import_sink *sink, const char *const *names, bool strict,
               const struct field **slots);

/* A string; *out is NULL when absent (and *len 0; len may be NULL). */
bool get_text(struct import_sink *sink, const struct field *f, const char *name, bool required,
              const char **out, size_t *len);
/* A required identifier: a string, or a JSON integer written as text. */
bool get_id(struct import_sink *sink, const struct field *f, const char *name,
            const char **out, size_t *len);
/* An optional identifier: a string or a JSON integer; *out NULL when
 * absent or "". */
bool get_id_opt(struct import_sink *sink, const struct field *f, const char *name,
                const char **out);
/* A count as import_parse_count() reads it, into c->v[kind] with its bits
 * in c->known and c->at_least; absent, JSON null, "", "$undefined" and
 * "N/A" leave it unknown. */
bool get_count(struct import_sink *sink, const struct field *f, const char *name,
               struct counts *c, enum count_kind kind);
/* One of `choices` (NULL-terminated); absent is `fallback`, or a bad record
 * when fallback is NULL. */
bool get_choice(struct import_sink *sink, const struct field *f, const char *name,
                const char *const *choices, const char *fallback, const char **out);
/* A UTC offset "+08:00"; *has is false when absent. */
bool get_offset(struct import_sink *sink, const struct field *f, const char *name, bool *has,
                int *minutes);
/* A required time: ISO 8601 text or Unix time (when_parse_instant()). */
bool get_time(struct import_sink *sink, const struct field *f, const char *name, int64_t *ts,
              bool *has_offset, int *offset);
/* An optional time, as get_time() reads it; *has is false when absent. */
bool get_time_opt(struct import_sink *sink, const struct field *f, const char *name,
                  int64_t *ts, bool *has);
/* true or false (JSON booleans, 1 and 0, or those words as text); absent
 * is false. */
bool get_flag(struct import_sink *sink, const struct field *f, const char *name, bool *out);
/* A required time as X's archive writes it (when_parse_mail()). */
bool get_mail_time(struct import_sink *sink, const struct field *f, const char *name,
                   int64_t *ts, bool *has_offset, int *offset);
/* Tags into sink->tags (emptied first), with tags_to_json() done: a JSON
 * array of strings, a JSON array written as text, or a comma- or
 * #-separated string. */
bool get_tags(struct import_sink *sink, const struct field *f, const char *name);
/* A Unix time in seconds (ms: in milliseconds), as a JSON integer or its
 * digits in text: *has is false when absent. */
bool get_epoch(struct import_sink *sink, const struct field *f, const char *name, bool ms,
               int64_t *ts, bool *has);
/* A language code as files give it ("zh", "en", "ja", "ko", "und",
 * "zh-Hans"): letters, digits and '-', at most 15 bytes; *out NULL when
 * absent. */
bool get_lang(struct import_sink *sink, const struct field *f, const char *name,
              const char **out);
/* Media into sink->media (emptied first): a JSON array (or one written as
 * text, a CSV cell) of URLs, images, or {"url": URL, "kind": "video"}. */
bool get_media(struct import_sink *sink, const struct field *f, const char *name);
/* refuge's own codes of a post: a JSON array (or its text in a CSV cell)
 * of {"code": NAME, "memo": TEXT}, checked and kept raw in sink->codes for
 * sink_post() to merge (workbench.h). */
bool get_codes(struct import_sink *sink, const struct field *f, const char *name);
/* Merges sink->codes into the codes of the post (or comment) platform:ext_id; each
 * conflict (another memo for the same code) is a note: both memos are kept.
 * Returns false when the cache failed (sink_fatal() called). */
bool merge_codes(struct import_sink *sink, bool comment, const char *platform,
                 const char *ext_id, size_t ext_len);
/* The string at `path` ("$.name") of each object of an array, added to sink->tags or to sink->media as `kind`
 * (neither is emptied first); absent or null adds nothing. */
bool get_tag_list(struct import_sink *sink, const struct field *f, const char *name,
                  const char *path);
bool get_media_list(struct import_sink *sink, const struct field *f, const char *name,
                    const char *path, enum media_kind kind);
/* A finite number (JSON number or text). */
bool get_number(struct import_sink *sink, const struct field *f, const char *name,
                double *out);

#endif
