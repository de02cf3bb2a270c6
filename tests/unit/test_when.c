/* Unit tests for src/when.c: a table of instants, periods, ranges, filter
 * bounds and event dates, valid and invalid, then the calendar and the
 * formats. Every caller shares these rules, so they are tested once here. */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "when.h"
#include "tap.h"

/* 2025-01-14T00:00:00Z, and its neighbours. */
#define JAN14 1736812800LL
#define DAY 86400LL

static const struct {
    const char *text;
    int rc;
    int64_t ts;
    bool has_offset;
    int offset;
    const char *error; /* the start of the message when refused */
} instants[] = {
    {"2025-01-14T21:05:00+08:00", 0, 1736859900, true, 480, NULL},
    {"2025-01-13T19:40-0500", 0, 1736815200, true, -300, NULL},
    {"2025-01-14T13:05:00Z", 0, 1736859900, true, 0, NULL},
    {"2025-01-14t13:05:00z", 0, 1736859900, true, 0, NULL},
    {"2025-01-14T21:05+08", 0, 1736859900, true, 480, NULL},
    {"2025-01-14 13:05:00.250", 0, 1736859900, false, 0, NULL},
    {"2025-01-14", 0, JAN14, false, 0, NULL},
    {"2024-02-29", 0, 1709164800, false, 0, NULL},
    {"2000-02-29", 0, 951782400, false, 0, NULL},
    {"2016-12-31T23:59:60Z", 0, 1483228799, true, 0, NULL},
    {"1970-01-01T00:00:00Z", 0, 0, true, 0, NULL},
    {"2100-12-31T23:59:59Z", 0, 4133980799LL, true, 0, NULL},
    {"1736859900", 0, 1736859900, false, 0, NULL},
    {"1736859900123", 0, 1736859900, false, 0, NULL},
    {"0", 0, 0, false, 0, NULL},
    {"86400", 0, 86400, false, 0, NULL},
    {"999", 0, 999, false, 0, NULL},
    {"2025-02-29", -1, 0, false, 0, "no such date 2025-02-29"},
    {"2025-02-30", -1, 0, false, 0, "no such date 2025-02-30"},
    {"1900-02-29", -1, 0, false, 0, "year 1900 is out of range"},
    {"2025-13-01", -1, 0, false, 0, "no such date 2025-13-01"},
    {"2025-04-31", -1, 0, false, 0, "no such date 2025-04-31"},
    {"2025-00-10", -1, 0, false, 0, "no such date"},
    {"2025-01-00", -1, 0, false, 0, "no such date"},
    {"1969-12-31", -1, 0, false, 0, "year 1969 is out of range (1970-2100)"},
    {"2101-01-01", -1, 0, false, 0, "year 2101 is out of range"},
    {"2024-02-29T25:00", -1, 0, false, 0, "no such time of day"},
    {"2025-01-01T24:00:00Z", -1, 0, false, 0, "no such time of day"},
    {"2025-01-01T12:60", -1, 0, false, 0, "no such time of day"},
    {"2025-01-14T10:00+25:00", -1, 0, false, 0, "bad time zone"},
    {"2025-01-14T10:00+18:30", -1, 0, false, 0, "bad time zone"},
    {"2025-01-14T10:00 UTC", -1, 0, false, 0, "bad time zone"},
    {"2025-01-14T10", -1, 0, false, 0, "expected a time hh:mm"},
    {"2025-01-14T10:00:", -1, 0, false, 0, "expected seconds"},
    {"2025-01-14x", -1, 0, false, 0, "unexpected 'x' after the date"},
    {"2025-1-14", -1, 0, false, 0, "expected a date YYYY-MM-DD"},
    {"2025-01", -1, 0, false, 0, "expected a date YYYY-MM-DD"},
    {"2025", -1, 0, false, 0, "expected a date YYYY-MM-DD"},
    {"", -1, 0, false, 0, "expected a date YYYY-MM-DD"},
    {"yesterday", -1, 0, false, 0, "expected a date YYYY-MM-DD"},
    {"-1", -1, 0, false, 0, "expected a date YYYY-MM-DD"},
    {"99999999999999999999", -1, 0, false, 0, "Unix time 99999999999999999999 is out of range"},
    {"4133980800", -1, 0, false, 0, "Unix time 4133980800 is out of range"},
};

/* Periods and ranges in UTC: [from, to). */
static const struct {
    const char *text;
    bool range; /* when_parse_range, else when_parse_period */
    int rc;
    int64_t from, to;
} periods[] = {
    {"2025-01-14", false, 0, JAN14, JAN14 + DAY},
    {"2025-01", false, 0, 1735689600, 1738368000},
    {"2025", false, 0, 1735689600, 1767225600},
    {"2024-12", false, 0, 1733011200, 1735689600},
    {"2024-12-31", false, 0, 1735603200, 1735689600},
    {"2024-02-29", false, 0, 1709164800, 1709251200},
    {"2025-02-28", false, 0, 1740700800, 1740787200},
    {"2025-02-29", false, -1, 0, 0},
    {"2025-02-30", false, -1, 0, 0},
    {"2025-13-45", false, -1, 0, 0},
    {"2025-13", false, -1, 0, 0},
    {"1969", false, -1, 0, 0},
    {"25", false, -1, 0, 0},
    {"2025-01-14T10:00", false, -1, 0, 0},
    {"2025/01/14", false, -1, 0, 0},
    {"2025-01-14", true, 0, JAN14, JAN14 + DAY},
    {"2025-01-14..2025-01-16", true, 0, JAN14, JAN14 + 3 * DAY},
    {"2025-01..2025-02", true, 0, 1735689600, 1740787200},
    {"2024..2025-01-14", true, 0, 1704067200, JAN14 + DAY},
    {"2025-01-16..2025-01-14", true, -1, 0, 0},
    {"2025-01-14..", true, -1, 0, 0},
    {"..2025-01-14", true, -1, 0, 0},
    {"2025-13-45..2025-13-46", true, -1, 0, 0},
    {"2025-01-14..2025-02-30", true, -1, 0, 0},
};

/* --from / --to in UTC. */
static const struct {
    const char *text;
    bool is_end;
    int rc;
    int64_t ts;
} bounds[] = {
    {"2025-01-14", false, 0, JAN14},
    {"2025-01-14", true, 0, JAN14 + DAY},
    {"2025-01", true, 0, 1738368000},
    {"2025-12", true, 0, 1767225600},
    {"2024", true, 0, 1735689600},
    {"2025-01-14T10:00Z", true, 0, JAN14 + 10 * 3600},
    {"1736812800", true, 0, JAN14},
    {"2025-13-01", false, -1, 0},
    {"2025-1", false, -1, 0},
    {"20250", false, 0, 20250},
};

static const struct {
    const char *date, *time;
    bool has_offset;
    int offset;
    bool month_ok;
    int rc;
    int64_t ts;
} dated[] = {
    {"2025-01-14", NULL, false, 0, false, 0, JAN14 + 12 * 3600},
    {"2025-01", NULL, false, 0, true, 0, 1735689600 + 12 * 3600},
    {"2025-01", NULL, false, 0, false, -1, 0},
    {"2025-01-14", "21:05", true, 480, false, 0, 1736859900},
    {"2025-01-14T21:05", NULL, true, 480, false, 0, 1736859900},
    {"2025-01-14", "21:05", false, 0, false, -3, 0},
    {"2025-01-14", "25:00", true, 0, false, -2, 0},
    {"2025-01-14", "9:00", true, 0, false, -2, 0},
    {"2025-02-30", NULL, false, 0, false, -1, 0},
    {"9999-01-01", NULL, false, 0, false, -1, 0},
    {"2025-01-14 junk", NULL, false, 0, false, -1, 0},
};

static void test_instants(void)
{
    for (size_t i = 0; i < sizeof instants / sizeof instants[0]; i++) {
        struct when_instant at = {0};
        struct rf_error err = {{0}};
        int rc = when_parse_instant(instants[i].text, &at, &err);

        if (instants[i].rc == 0)
            ok(rc == 0 && at.ts == instants[i].ts && at.has_offset == instants[i].has_offset &&
                   at.offset_min == instants[i].offset,
               "instant '%s' is %lld%s", instants[i].text, (long long)instants[i].ts,
               instants[i].has_offset ? " with its offset" : "");
        else
            ok(rc == -1 && strncmp(err.msg, instants[i].error, strlen(instants[i].error)) == 0,
               "instant '%s' is refused: %s (said: %s)", instants[i].text, instants[i].error,
               err.msg);
    }
}

/* X's archive and API v1.1 times, and RFC 2822's. */
static void test_mail(void)
{
    static const struct {
        const char *text;
        int rc;
        int64_t ts;
    } cases[] = {
        {"Tue Jan 14 03:12:45 +0000 2025", 0, 1736824365},
        {"Tue Jan 14 11:12:45 +0800 2025", 0, 1736824365},
        {"Tue, 14 Jan 2025 03:12:45 +0000", 0, 1736824365},
        {"14 Jan 2025 03:12:45 -0500", 0, 1736842365},
        {"Jan 14 03:12:45 +0000 2025", 0, 1736824365},
        {"Tue Jan 14 03:12:45 2025", -1, 0},
        {"Tue Feb 30 03:12:45 +0000 2025", -1, 0},
        {"Tue Jan 14 03:12:45 +0000 2025 extra", -1, 0},
        {"2025-01-14T03:12:45Z", -1, 0},
        {"", -1, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct when_instant at = {0};
        struct rf_error err = {{0}};
        int rc = when_parse_mail(cases[i].text, &at, &err);
        ok(rc == cases[i].rc && (rc != 0 || at.ts == cases[i].ts), "mail time '%s'",
           cases[i].text);
    }
}

static void test_periods(void)
{
    for (size_t i = 0; i < sizeof periods / sizeof periods[0]; i++) {
        struct rf_error err = {{0}};
        int64_t from = 0, to = 0;
        int rc = periods[i].range
                     ? when_parse_range(periods[i].text, when_utc(), &from, &to, &err)
                     : when_parse_period(periods[i].text, when_utc(), &from, &to, &err);

        if (periods[i].rc == 0)
            ok(rc == 0 && from == periods[i].from && to == periods[i].to,
               "%s '%s' is [%lld, %lld)", periods[i].range ? "range" : "period",
               periods[i].text, (long long)periods[i].from, (long long)periods[i].to);
        else
            ok(rc == -1 && err.msg[0], "%s '%s' is refused (%s)",
               periods[i].range ? "range" : "period", periods[i].text, err.msg);
    }
    for (size_t i = 0; i < sizeof bounds / sizeof bounds[0]; i++) {
        struct rf_error err = {{0}};
        int64_t ts = 0;
        int rc = when_parse_bound(bounds[i].text, bounds[i].is_end, when_utc(), &ts, &err);

        if (bounds[i].rc == 0)
            ok(rc == 0 && ts == bounds[i].ts, "--%s %s is %lld", bounds[i].is_end ? "to" : "from",
               bounds[i].text, (long long)bounds[i].ts);
        else
            ok(rc == -1, "--%s %s is refused (%s)", bounds[i].is_end ? "to" : "from",
               bounds[i].text, err.msg);
    }
    for (size_t i = 0; i < sizeof dated / sizeof dated[0]; i++) {
        struct rf_error err = {{0}};
        int64_t ts = 0;
        int rc = when_parse_dated(dated[i].date, dated[i].time, dated[i].has_offset,
                                  dated[i].offset, dated[i].month_ok, &ts, &err);

        ok(rc == dated[i].rc && (rc != 0 || ts == dated[i].ts), "event date %s%s%s: %d %s",
           dated[i].date, dated[i].time ? " " : "", dated[i].time ? dated[i].time : "", rc,
           err.msg);
    }
}

static void test_zones(void)
{
    struct rf_error err = {{0}};
    int64_t from, to;

    ok(when_parse_period("2025-01-14", when_offset(480), &from, &to, &err) == 0 &&
           from == JAN14 - 8 * 3600 && to == from + DAY,
       "a day at +08:00 begins at 16:00 UTC the day before");
    setenv("TZ", "America/New_York", 1);
    tzset();
    ok(when_parse_period("2025-01-14", when_local(), &from, &to, &err) == 0 &&
           from == JAN14 + 5 * 3600 && to == from + DAY,
       "a local day in New York begins at 05:00 UTC in winter");
    ok(when_parse_period("2025-03-09", when_local(), &from, &to, &err) == 0 &&
           to - from == 23 * 3600,
       "the local day daylight saving begins has 23 hours");
    setenv("TZ", "UTC", 1);
    tzset();
    ok(when_parse_offset("+08:00", &(int){0}) == 0 && when_parse_offset("-0530", &(int){0}) == 0,
       "offsets +08:00 and -0530");
    ok(when_parse_offset("Z", &(int){0}) == -1 && when_parse_offset("+8", &(int){0}) == -1 &&
           when_parse_offset("+19:00", &(int){0}) == -1,
       "Z, one digit and +19:00 are not offsets");
}

/* Named zones, through the table when_zone_open() builds once. */
static void test_named_zones(void)
{
    struct rf_error err = {{0}};
    struct when_zone sh, ny, again, kept = when_offset(60);
    struct when_instant at;
    struct tm tm;
    int64_t from, to;
    char buf[64];
    const char *tz_before;

    setenv("TZ", "Europe/Paris", 1);
    tzset();
    tz_before = getenv("TZ");
    ok(when_zone_open("Asia/Shanghai", &sh, &err) == 0 && sh.kind == WHEN_ZONE_NAMED,
       "Asia/Shanghai opens");
    ok(when_zone_open("America/New_York", &ny, &err) == 0, "America/New_York opens");
    ok(getenv("TZ") && strcmp(getenv("TZ"), tz_before) == 0 && when_zone_offset_at(when_local(),
                                                                                    JAN14) == 3600,
       "and TZ is as it was (Paris, +01:00 in January)");
    ok(when_zone_open("America/New_York", &again, &err) == 0 && again.tz == ny.tz,
       "opening a name again gives the same table");
    when_zone_name(ny, buf, sizeof buf);
    is_str(buf, "America/New_York", "a named zone's name");

    /* Day boundaries. */
    ok(when_parse_period("2025-01-14", sh, &from, &to, &err) == 0 &&
           from == JAN14 - 8 * 3600 && to == from + DAY,
       "a day in Shanghai begins at 16:00 UTC the day before and lasts 24 hours");
    ok(when_parse_period("2025-07-14", sh, &from, &to, &err) == 0 &&
           from == when_utc_seconds(2025, 7, 13, 16, 0, 0),
       "in summer too (no daylight saving in China)");
    ok(when_parse_period("2025-01-14", ny, &from, &to, &err) == 0 &&
           from == JAN14 + 5 * 3600 && to == from + DAY,
       "a day in New York begins at 05:00 UTC in winter");
    ok(when_parse_period("2025-03-09", ny, &from, &to, &err) == 0 &&
           from == when_utc_seconds(2025, 3, 9, 5, 0, 0) && to - from == 23 * 3600,
       "9 March 2025 in New York begins at 05:00 UTC and has 23 hours");
    ok(when_parse_period("2025-03-10", ny, &from, &to, &err) == 0 &&
           from == when_utc_seconds(2025, 3, 10, 4, 0, 0) && to - from == DAY,
       "the day after begins at 04:00 UTC");
    ok(when_parse_period("2025-11-02", ny, &from, &to, &err) == 0 &&
           from == when_utc_seconds(2025, 11, 2, 4, 0, 0) && to - from == 25 * 3600,
       "2 November 2025 in New York has 25 hours");
    ok(when_parse_period("2025-03", ny, &from, &to, &err) == 0 &&
           to - from == 31 * DAY - 3600,
       "March 2025 in New York is an hour short of 31 days");
    from = when_utc_seconds(2025, 3, 9, 12, 0, 0);
    ok(when_zone_day_start(ny, from) == when_utc_seconds(2025, 3, 9, 5, 0, 0) &&
           when_zone_next_day(ny, from) == when_utc_seconds(2025, 3, 10, 4, 0, 0),
       "the day a time falls on, and the next, in New York");
    ok(when_zone_day_start(sh, when_utc_seconds(2025, 1, 13, 15, 59, 59)) == JAN14 - DAY - 8 * 3600 &&
           when_zone_day_start(sh, when_utc_seconds(2025, 1, 13, 16, 0, 0)) == JAN14 - 8 * 3600,
       "15:59:59 UTC is still yesterday in Shanghai, 16:00 is today");

    is_int(when_zone_day_number(sh, when_utc_seconds(2025, 1, 13, 16, 0, 0)), JAN14 / DAY,
           "16:00 UTC on the 13th is day 14 January in Shanghai");
    is_int(when_zone_day_number(ny, when_utc_seconds(2025, 1, 14, 4, 59, 59)), JAN14 / DAY - 1,
           "04:59:59 UTC on the 14th is still the 13th in New York");
    is_int(when_zone_day_first(ny, when_utc_seconds(2025, 3, 9, 0, 0, 0) / DAY),
           when_utc_seconds(2025, 3, 9, 5, 0, 0), "9 March begins at 05:00 UTC in New York");
    is_int(when_zone_day_first(ny, when_utc_seconds(2025, 3, 10, 0, 0, 0) / DAY),
           when_utc_seconds(2025, 3, 10, 4, 0, 0), "10 March at 04:00 UTC");

    /* Offsets and the wall clock across the changes. */
    is_int(when_zone_offset_at(ny, when_utc_seconds(2025, 3, 9, 6, 59, 59)), -5 * 3600,
           "New York is UTC-5 the second before the change");
    is_int(when_zone_offset_at(ny, when_utc_seconds(2025, 3, 9, 7, 0, 0)), -4 * 3600,
           "and UTC-4 from 07:00 UTC on 9 March 2025");
    is_int(when_zone_offset_at(ny, when_utc_seconds(2025, 11, 2, 6, 0, 0)), -5 * 3600,
           "and UTC-5 again from 06:00 UTC on 2 November");
    is_int(when_zone_offset_at(sh, 0), 8 * 3600, "Shanghai is UTC+8 in 1970");
    ok(when_calendar(when_utc_seconds(2025, 3, 9, 7, 0, 0), ny, &tm) && tm.tm_hour == 3 &&
           tm.tm_mday == 9 && tm.tm_wday == 0,
       "the first second of daylight saving is 03:00 on a Sunday");
    is_int(when_zone_utc(ny, 2025, 3, 9, 2, 30, 0), when_utc_seconds(2025, 3, 9, 7, 0, 0),
           "02:30 on 9 March never happened: the end of the gap");
    is_int(when_zone_utc(ny, 2025, 11, 2, 1, 30, 0), when_utc_seconds(2025, 11, 2, 5, 30, 0),
           "01:30 on 2 November happened twice: the first");
    when_zone_abbrev(ny, JAN14, buf, sizeof buf);
    is_str(buf, "EST", "EST in January");
    when_zone_abbrev(ny, when_utc_seconds(2025, 7, 1, 0, 0, 0), buf, sizeof buf);
    is_str(buf, "EDT", "EDT in July");
    when_format(buf, sizeof buf, 1736859900, sh, WHEN_DATE_TIME);
    is_str(buf, "2025-01-14 21:05", "a time formatted in Shanghai");
    when_format(buf, sizeof buf, 1736859900, ny, WHEN_DATE_TIME);
    is_str(buf, "2025-01-14 08:05", "the same time in New York");

    /* Local times read in a zone (--assume-zone). */
    ok(when_parse_zoned("2025-03-09 12:00:00", ny, &at, &err) == 1 &&
           at.ts == when_utc_seconds(2025, 3, 9, 16, 0, 0) && at.offset_min == -240,
       "noon on 9 March 2025 in New York is 16:00 UTC, at -04:00");
    ok(when_parse_zoned("2025-03-08 12:00:00", ny, &at, &err) == 1 &&
           at.ts == when_utc_seconds(2025, 3, 8, 17, 0, 0) && at.offset_min == -300,
       "the day before, 17:00 UTC at -05:00");
    ok(when_parse_zoned("2025-01-14T21:05:00+08:00", ny, &at, &err) == 0 && at.ts == 1736859900,
       "a time with its own offset keeps it");

    /* Other names. */
    ok(when_zone_open("UTC", &kept, &err) == 0 && kept.kind == WHEN_ZONE_UTC, "UTC");
    ok(when_zone_open("local", &kept, &err) == 0 && kept.kind == WHEN_ZONE_LOCAL, "local");
    ok(when_zone_open("+05:30", &kept, &err) == 0 && kept.kind == WHEN_ZONE_OFFSET &&
           kept.offset_min == 330,
       "+05:30");
    ok(when_zone_open("UTC-05:00", &kept, &err) == 0 && kept.offset_min == -300, "UTC-05:00");

    /* Invalid names: a clear error, the zone given unchanged. */
    kept = when_offset(60);
    ok(when_zone_open("Mars/Olympus_Mons", &kept, &err) == -1 && kept.kind == WHEN_ZONE_OFFSET &&
           kept.offset_min == 60,
       "an unknown name is refused, the zone unchanged");
    ok(strstr(err.msg, "unknown time zone 'Mars/Olympus_Mons'") != NULL, "saying so: %s",
       err.msg);
    ok(when_zone_open("../../etc/passwd", &kept, &err) == -1 &&
           when_zone_open("/etc/localtime", &kept, &err) == -1 &&
           when_zone_open("", &kept, &err) == -1 && when_zone_open("Asia", &kept, &err) == -1,
       "a path outside the zoneinfo, an empty name and a directory are not zones");
    ok(when_zone_open("+25:00", &kept, &err) == -1 && strstr(err.msg, "bad UTC offset"),
       "nor an offset beyond 18 hours");
    setenv("TZDIR", "/nonexistent-zoneinfo", 1);
    ok(when_zone_open("Europe/Berlin", &kept, &err) == -1 &&
           strstr(err.msg, "install the tzdata package") != NULL,
       "without zoneinfo, a clear message: %s", err.msg);
    unsetenv("TZDIR");
    ok(kept.kind == WHEN_ZONE_OFFSET && kept.offset_min == 60, "and nothing changed");
    ok(when_zone_open("Europe/Berlin", &kept, &err) == 0 && when_zone_offset_at(kept, JAN14) == 3600,
       "with it, the zone opens");
    setenv("TZ", "UTC", 1);
    tzset();
}

static void test_calendar(void)
{
    struct tm tm;
    char buf[64];

    ok(when_is_leap(2024) && !when_is_leap(2025) && !when_is_leap(1900) && when_is_leap(2000),
       "leap years");
    ok(when_valid_date(2024, 2, 29) && !when_valid_date(2025, 2, 29) &&
           !when_valid_date(2025, 2, 30) && !when_valid_date(2025, 13, 1),
       "valid dates");
    is_int(when_day_of(-1), -1, "the second before 1970 is day -1");
    is_int(when_day_of(JAN14 + 5), JAN14 / DAY, "a day number");
    ok(when_calendar(JAN14 + 13 * 3600 + 5 * 60, when_offset(480), &tm) &&
           tm.tm_year == 125 && tm.tm_mon == 0 && tm.tm_mday == 14 && tm.tm_hour == 21 &&
           tm.tm_min == 5 && tm.tm_wday == 2,
       "calendar fields at +08:00 (a Tuesday)");
    ok(when_calendar(-62135596800LL, when_utc(), &tm) && tm.tm_year == 1 - 1900,
       "the first second of year 1");
    ok(!when_calendar(253402300800LL, when_utc(), &tm), "year 10000 has no calendar");
    ok(!when_calendar(INT64_MAX, when_utc(), &tm) && !when_calendar(INT64_MIN, when_local(), &tm),
       "nor do the ends of 64 bits");
    ok(!when_calendar(0, when_offset(19 * 60), &tm), "nor an offset beyond 18 hours");

    when_format(buf, sizeof buf, 1736859900, when_offset(480), WHEN_DATE);
    is_str(buf, "2025-01-14", "date");
    when_format(buf, sizeof buf, 1736859900, when_offset(480), WHEN_MONTH_DAY);
    is_str(buf, "01-14", "month and day");
    when_format(buf, sizeof buf, 1736859900, when_offset(480), WHEN_MONTH_DAY_TIME);
    is_str(buf, "01-14 21:05", "month, day and time");
    when_format(buf, sizeof buf, 1736859900, when_offset(480), WHEN_DATE_TIME);
    is_str(buf, "2025-01-14 21:05", "date and time");
    when_format(buf, sizeof buf, 1736859900, when_utc(), WHEN_TIME);
    is_str(buf, "13:05", "time");
    when_format(buf, sizeof buf, 1736859900, when_utc(), WHEN_ISO);
    is_str(buf, "2025-01-14T13:05:00", "ISO 8601");
    ok(!when_format(buf, sizeof buf, INT64_MAX, when_utc(), WHEN_DATE) &&
           strcmp(buf, "----------") == 0,
       "a time beyond the calendar is dashes as wide as a date");
    when_format_offset(buf, sizeof buf, -330);
    is_str(buf, "-05:30", "a negative offset");
    when_format_offset(buf, sizeof buf, 0);
    is_str(buf, "+00:00", "offset zero");
}

/* A walk places instants as when_zone_day_number() and the calendar do,
 * in ascending order, descending and at random, across New York's change
 * of clocks on 9 March 2025 and through zones of half and three quarters
 * of an hour; weekdays and weeks from Monday. */
static void test_walks(void)
{
    static const char *const names[] = {"America/New_York", "Asia/Kolkata", "Asia/Kathmandu",
                                        "Asia/Shanghai"};
    const int64_t from = 1741503600 - 3 * 86400; /* around 2025-03-09T07:00Z */
    struct rf_error err = {{0}};
    bool same = true;
    uint64_t x = 7;

    for (size_t z = 0; z < sizeof names / sizeof *names; z++) {
        struct when_zone zone;
        struct when_walk up, down, any;
        if (when_zone_open(names[z], &zone, &err) != 0) {
            ok(0, "%s: %s", names[z], err.msg);
            return;
        }
        when_walk_start(&up, zone);
        when_walk_start(&down, zone);
        when_walk_start(&any, zone);
        for (int64_t i = 0; i < 6 * 96; i++) {
            int64_t a = from + i * 900, b = from + (6 * 96 - i) * 900, c;
            int sa, sb, sc;
            struct tm tm;
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            c = from + (int64_t)(x % (6 * 86400));
            int64_t da = when_walk_day(&up, a, &sa), db = when_walk_day(&down, b, &sb);
            int64_t dc = when_walk_day(&any, c, &sc);
            when_calendar(a, zone, &tm);
            same &= da == when_zone_day_number(zone, a) && db == when_zone_day_number(zone, b) &&
                    dc == when_zone_day_number(zone, c) &&
                    sa == tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec &&
                    (when_weekday(da) + 1) % 7 == tm.tm_wday;
        }
    }
    ok(same, "walks place instants on zones' days and clocks as the calendar does, in any order");
    {
        struct when_zone ny;
        struct when_walk w;
        int second;
        when_zone_open("America/New_York", &ny, &err);
        when_walk_start(&w, ny);
        ok(when_walk_day(&w, 1741503600 - 1, &second) == 20156 && second == 2 * 3600 - 1 &&
               when_walk_day(&w, 1741503600, &second) == 20156 && second == 3 * 3600,
           "New York's clock goes from 01:59:59 to 03:00:00 on 9 March 2025");
        ok(when_walk_day(&w, INT64_MAX, &second) == when_day_of(INT64_MAX) &&
               when_walk_day(&w, INT64_MIN, &second) == when_day_of(INT64_MIN) && second >= 0 &&
               second < 86400,
           "at the edges of time, UTC's clock");
    }
    ok(when_weekday(0) == 3 && when_weekday(-1) == 2 && when_weekday(20156) == 6 &&
           when_week_start(20156) == 20150 && when_week_start(20150) == 20150 &&
           when_week_start(-1) == -3,
       "1970-01-01 was a Thursday, 2025-03-09 a Sunday of the week from Monday 3 March");
}

int main(void)
{
    test_walks();
    test_instants();
    test_mail();
    test_periods();
    test_zones();
    test_named_zones();
    test_calendar();
    return tap_done();
}
