/* when.h — every time refuge parses or formats, by one set of rules.
 *
 * A time is an int64_t count of Unix seconds (UTC). The calendar is the
 * proleptic Gregorian one: 2024-02-29 exists, 2025-02-29 and 2025-02-30 do
 * not, and nothing rolls over into the next month. Times read from text
 * (files, options, prompts) must fall in the years WHEN_YEAR_MIN to
 * WHEN_YEAR_MAX; times formatted may be anywhere in the years 1 to 9999
 * (a damaged cache may hold anything: beyond that, formatting says so).
 *
 * A zone says where days begin: UTC, a fixed offset, the local zone of the
 * process (TZ), or a named IANA zone (Asia/Shanghai, America/New_York) with
 * its daylight-saving rules. Every parser of days and every formatter takes
 * one.
 *
 * A named zone is read once, when it is opened: the C library's own
 * reading of the system's zoneinfo (Debian's tzdata) is asked, under that
 * zone, for every change of offset from WHEN_YEAR_MIN - 1 to WHEN_YEAR_MAX
 * + 1, and the changes are kept as a table; converting a time is then a
 * binary search, without touching TZ again. Before and after the table the
 * first and last offsets hold.
 *
 * Errors are returned as -1 with a sentence in `err` (no FILE:LINE: the
 * caller knows where the text came from). Only when_zone_open() allocates,
 * a table per distinct name, kept for the life of the process.
 */
#ifndef REFUGE_WHEN_H
#define REFUGE_WHEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "error.h"

#define WHEN_YEAR_MIN 1970
#define WHEN_YEAR_MAX 2100
#define WHEN_OFFSET_MAX (18 * 60) /* minutes either side of UTC */
#define WHEN_DAY 86400

enum when_zone_kind {
    WHEN_ZONE_UTC,
    WHEN_ZONE_OFFSET, /* a fixed offset_min from UTC */
    WHEN_ZONE_LOCAL,  /* the process's zone (TZ), with its daylight saving: asked of the
                         C library each time (when_local()), or read into a table once
                         (when_zone_open("local")) */
    WHEN_ZONE_NAMED,  /* an IANA zone opened by when_zone_open() */
};

struct when_tz; /* a named zone's table of offsets (when.c) */

struct when_zone {
    enum when_zone_kind kind;
    int offset_min;           /* WHEN_ZONE_OFFSET only */
    const struct when_tz *tz; /* WHEN_ZONE_NAMED, and LOCAL when opened by name */
};

static inline struct when_zone when_utc(void)
{
    return (struct when_zone){WHEN_ZONE_UTC, 0, NULL};
}

static inline struct when_zone when_offset(int offset_min)
{
    return (struct when_zone){WHEN_ZONE_OFFSET, offset_min, NULL};
}

static inline struct when_zone when_local(void)
{
    return (struct when_zone){WHEN_ZONE_LOCAL, 0, NULL};
}

/* ---- zones ------------------------------------------------------------------- */

/* A zone by the name a user gives: "UTC" (or "Z"), "local" (the process's
 * TZ), an offset ("+08:00", "-0500", "UTC+08:00") or an IANA name
 * ("Asia/Shanghai"), case as the zoneinfo spells it. Returns 0, or -1 with
 * err set and *out unchanged: an unknown name, or no zoneinfo installed
 * (never UTC in silence). Opening a name again returns the same table. */
int when_zone_open(const char *name, struct when_zone *out, struct rf_error *err);

/* The zone's name as a user would give it back: "UTC", "+08:00", "local",
 * "Asia/Shanghai". */
void when_zone_name(struct when_zone zone, char *buf, size_t size);

/* True when the zone is UTC at every time: UTC, +00:00, or a local zone
 * (TZ) that never leaves it. */
bool when_zone_is_utc(struct when_zone zone);

/* The zone's offset from UTC at instant ts, in seconds east. */
int when_zone_offset_at(struct when_zone zone, int64_t ts);

/* The zone's abbreviation at ts ("CST", "EDT", "+08"; for a fixed offset
 * "UTC+08:00"), into buf. */
void when_zone_abbrev(struct when_zone zone, int64_t ts, char *buf, size_t size);

/* The instant a wall-clock time of zone names: the earlier of two when the
 * clocks went back, the end of the gap when they went forward past it. */
int64_t when_zone_utc(struct when_zone zone, int y, int mo, int d, int h, int mi, int s);

/* The first second of the day, in zone, that ts falls on; and of the day
 * after it. A day in a zone may last 23 or 25 hours. */
int64_t when_zone_day_start(struct when_zone zone, int64_t ts);
int64_t when_zone_next_day(struct when_zone zone, int64_t ts);

/* The calendar day ts falls on in zone, as a day number (days since
 * 1970-01-01: a chart's axis, a date to format in UTC); and back, the first
 * second of a day number's day in zone. */
int64_t when_zone_day_number(struct when_zone zone, int64_t ts);
int64_t when_zone_day_first(struct when_zone zone, int64_t day);

/* A walk places many instants on a zone's calendar, searching the zone's
 * table only when an instant leaves the span over which the offset found
 * last holds: instants handed in ascending order (a summary's quarter
 * hours, an index's times) take one search per change of offset, not one
 * each. Any order is right, only slower. */
struct when_walk {
    struct when_zone zone;
    int64_t from, until; /* the offset `off` holds on [from, until) */
    int off;
};

void when_walk_start(struct when_walk *walk, struct when_zone zone);

/* The day number ts falls on in the walk's zone (as when_zone_day_number()
 * gives it), and into *second the second of that day's clock, 0 to 86399
 * (hour h of the clock is *second / 3600, whatever daylight saving did to
 * the day's length). */
int64_t when_walk_day(struct when_walk *walk, int64_t ts, int *second);

/* The day of the week of a day number, 0 Monday to 6 Sunday; and the day
 * number of the Monday that begins its week. */
int when_weekday(int64_t day);
int64_t when_week_start(int64_t day);

/* ---- the calendar ---------------------------------------------------------- */

bool when_is_leap(int year);
int when_days_in_month(int year, int month);
/* True when year-month-day names a day (any year 1-9999). */
bool when_valid_date(int year, int month, int day);
/* Seconds of year-month-day hh:mm:ss read as UTC (fields must be valid). */
int64_t when_utc_seconds(int year, int month, int day, int hour, int min, int sec);
/* The UTC day number (days since 1970-01-01) a time falls on; exact for
 * negative times too. */
int64_t when_day_of(int64_t ts);

/* Calendar fields of ts in zone. Returns false, with tm zeroed, when the
 * time lies outside the years 1 to 9999 or a fixed offset beyond ±18 hours. */
bool when_calendar(int64_t ts, struct when_zone zone, struct tm *tm);

/* ---- parsing ---------------------------------------------------------------- */

/* An instant as files give it: an ISO 8601 date ("2025-01-14", midnight
 * UTC) or date-time ("2025-01-14T21:05", "… 21:05:00.250", seconds and
 * fractions optional) with Z, ±hh:mm, ±hhmm, ±hh or no zone (UTC); or Unix
 * seconds (0 is 1970-01-01T00:00:00Z), or milliseconds from 10^11 on, as
 * digits of any count but four ("2025" is a year, not a time). A leap
 * second :60 reads as :59. */
struct when_instant {
    int64_t ts;
    bool has_offset; /* the text named its offset from UTC */
    int offset_min;
};
int when_parse_instant(const char *s, struct when_instant *out, struct rf_error *err);

/* An instant as when_parse_instant() reads it, except that a date-time
 * without a zone is a wall-clock time of `zone` (daylight saving as the zone
 * had it then), not UTC: the zone a researcher's tool wrote it in, as
 * assumed. Returns 0 when the text settled the instant (an epoch, a zone of
 * its own), 1 when the zone was assumed (out->has_offset is then set, and
 * out->offset_min to the zone's offset at that instant), -1 with err set. */
int when_parse_zoned(const char *s, struct when_zone zone, struct when_instant *out,
                     struct rf_error *err);

/* A time as mail and X's API v1.1 (and its archive) write it: RFC 2822
 * "Tue, 14 Jan 2025 03:12:45 +0000" or X's "Tue Jan 14 03:12:45 +0000
 * 2025" (the weekday optional, English month names, a numeric offset).
 * Returns 0, or -1 with err set. */
int when_parse_mail(const char *s, struct when_instant *out, struct rf_error *err);

/* A UTC offset "+08:00", "-0500" or "+08" (not "Z": an offset field
 * states the offset). Returns 0 and sets *minutes, or -1. */
int when_parse_offset(const char *s, int *minutes);

/* A period: "2025", "2025-01" or "2025-01-14", as [*from, *to) with its days
 * beginning in `zone`. */
int when_parse_period(const char *s, struct when_zone zone, int64_t *from, int64_t *to,
                      struct rf_error *err);

/* A range: a period, or "A..B" with a period each side (the whole of B is
 * included); [*from, *to) in zone, never empty. */
int when_parse_range(const char *s, struct when_zone zone, int64_t *from, int64_t *to,
                     struct rf_error *err);

/* One end of a filter, as --from and --to take it: a period (its first
 * second; for the end, `is_end`, the second after it, so a day given as the
 * end is included) or an instant (as it is). */
int when_parse_bound(const char *s, bool is_end, struct when_zone zone, int64_t *out,
                     struct rf_error *err);

/* An event's date "YYYY-MM-DD" (or "YYYY-MM" when month_ok) with an
 * optional local time of day "HH:MM" (given apart, or after a 'T') at
 * offset_min from UTC (required with a time). Without a time the event is
 * placed at 12:00 UTC of its date (of the month's first day), documented in
 * refuge(1): noon UTC falls on that date from UTC-12 to UTC+11. Returns 0,
 * or with err set -1 when the date is at fault, -2 the time, -3 a time
 * without an offset. */
int when_parse_dated(const char *date, const char *time, bool has_offset, int offset_min,
                     bool month_ok, int64_t *ts, struct rf_error *err);

/* ---- formatting --------------------------------------------------------------- */

enum when_style {
    WHEN_DATE,           /* 2025-01-14 */
    WHEN_MONTH_DAY,      /* 01-14 */
    WHEN_MONTH_DAY_TIME, /* 01-14 21:05 */
    WHEN_DATE_TIME,      /* 2025-01-14 21:05 */
    WHEN_TIME,           /* 21:05 */
    WHEN_ISO,            /* 2025-01-14T21:05:00 (no zone: see when_format_zone) */
    WHEN_PROSE_DATE,     /* a day in running text, as the interface's reader reads it:
                            2025-01-14, or 2025年1月14日 in the Chinese interface
                            (i18n.h); tables keep WHEN_DATE */
};

/* Writes ts in zone in a style. A time no calendar holds (a damaged cache)
 * writes dashes as wide as the style and returns false. */
bool when_format(char *buf, size_t size, int64_t ts, struct when_zone zone,
                 enum when_style style);

/* A day as written in running text: "2025年1月18日" when zh, else ISO
 * "2025-01-18" (English running text keeps the ISO date, as the tables do). */
void when_prose_date(char *buf, size_t size, int year, int month, int day, bool zh);

/* An offset as ISO 8601 writes it: "+08:00", "-05:00", "+00:00". */
void when_format_offset(char *buf, size_t size, int offset_min);

#endif
