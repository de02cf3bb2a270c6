/* reader.h — readers: the bytes of one input to records, handed to the sink.
 *
 * A reader knows a format, not the kinds of records in it. It reads `in` to
 * its end (or until sink->fatal or sink->file_done), and for each record
 * sets sink->line to the line the record starts on, fills sink->rec and
 * calls sink_record(); a record it cannot make (bad JSON, bad CSV quoting)
 * is a bad record at that line. `lines_before` counts the lines already
 * consumed from fp (blank lines skipped while telling the format).
 */
#ifndef REFUGE_IMPORT_READER_H
#define REFUGE_IMPORT_READER_H

#include "input.h"
#include "sink.h"

/* JSON Lines: one object per line; blank lines are skipped. A first line
 * that is not a whole object begins one JSON object over many lines: the
 * whole input is then that one record. */
void read_jsonl(struct import_sink *sink, struct input *in, long lines_before);
/* A JSON array of objects, as MediaCrawler's "json" output writes (or an X
 * archive part: "window.YTD.NAME.partN = [...]"). Anything else (an object)
 * is refused, never searched for an array inside. */
void read_json_array(struct import_sink *sink, struct input *in, long lines_before);
/* CSV (RFC 4180) with a header row naming the fields. */
void read_csv(struct import_sink *sink, struct input *in, long lines_before);
/* A SQLite database, opened read-only by its name (sink->file): the rows
 * of MediaCrawler's tables xhs_note and xhs_note_comment as records; any
 * other database is refused. Nothing but SELECTs on those tables and
 * PRAGMA table_info runs on it (reader_sqlite.c). */
void read_sqlite(struct import_sink *sink, struct input *in, long lines_before);

#endif
