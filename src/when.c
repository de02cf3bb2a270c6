#include "autoconfig.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"
#include "when.h"

#define CALENDAR_MIN (-62135596800LL) /* 0001-01-01T00:00:00Z */
#define CALENDAR_MAX 253402300799LL   /* 9999-12-31T23:59:59Z */

/* ---- the calendar ---------------------------------------------------------- */

bool when_is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int when_days_in_month(int y, int m)
{
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && when_is_leap(y) ? 29 : d[m - 1];
}

bool when_valid_date(int y, int m, int d)
{
    return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= when_days_in_month(y, m);
}

/* Days from 1970-01-01 to a date, and back: the civil-calendar algorithms
 * of H. Hinnant, exact over the whole range without time_t or struct tm. */
static int64_t days_from_civil(int64_t y, int m, int d)
{
    int64_t era, yoe, doy, doe;

    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int *y, int *m, int *d)
{
    int64_t era, doe, yoe, doy, mp;

    z += 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

int64_t when_utc_seconds(int y, int mo, int d, int h, int mi, int s)
{
    return days_from_civil(y, mo, d) * WHEN_DAY + h * 3600 + mi * 60 + s;
}

int64_t when_day_of(int64_t ts)
{
    return ts / WHEN_DAY - (ts % WHEN_DAY < 0);
}

bool when_calendar(int64_t ts, struct when_zone zone, struct tm *tm)
{
    int64_t t, secs;
    int y, m, d;

    memset(tm, 0, sizeof *tm);
    if (ts < CALENDAR_MIN || ts > CALENDAR_MAX)
        return false;
    if (zone.kind == WHEN_ZONE_LOCAL && !zone.tz) {
        time_t tt = (time_t)ts;
        if (!localtime_r(&tt, tm) || tm->tm_year < 1 - 1900 || tm->tm_year > 9999 - 1900) {
            memset(tm, 0, sizeof *tm);
            return false;
        }
        return true;
    }
    if (zone.kind == WHEN_ZONE_OFFSET &&
        (zone.offset_min < -WHEN_OFFSET_MAX || zone.offset_min > WHEN_OFFSET_MAX))
        return false;
    t = ts + when_zone_offset_at(zone, ts);
    if (t < CALENDAR_MIN || t > CALENDAR_MAX)
        return false;
    tm->tm_gmtoff = (long)(t - ts);
    civil_from_days(when_day_of(t), &y, &m, &d);
    secs = t - when_day_of(t) * WHEN_DAY;
    tm->tm_year = y - 1900;
    tm->tm_mon = m - 1;
    tm->tm_mday = d;
    tm->tm_hour = (int)(secs / 3600);
    tm->tm_min = (int)(secs / 60 % 60);
    tm->tm_sec = (int)(secs % 60);
    tm->tm_wday = (when_weekday(when_day_of(t)) + 1) % 7; /* struct tm counts from Sunday */
    tm->tm_yday = (int)(days_from_civil(y, m, d) - days_from_civil(y, 1, 1));
    return true;
}

/* ---- zones ------------------------------------------------------------------- */

#define ZONEINFO "/usr/share/zoneinfo"
#define ZONES_MAX 32 /* distinct named zones a process opens */

/* A named zone: from start[i] on (start[0] is the beginning of time) its
 * offset is off[i] seconds east of UTC and its abbreviation abbr[i]. */
struct when_tz {
    char name[64];
    char *tz_env; /* local: TZ as it was when the table was made ("" unset) */
    size_t n;
    int64_t *start;
    int32_t *off;
    char (*abbr)[12];
};

static struct when_tz *opened[ZONES_MAX];
static size_t nopened;

/* What the C library says of t under the current TZ. */
struct sample {
    int32_t off;
    char abbr[12];
};

static struct sample sample_at(int64_t t)
{
    struct sample s = {0, ""};
    time_t tt = (time_t)t;
    struct tm tm;

    if (localtime_r(&tt, &tm)) {
        s.off = (int32_t)tm.tm_gmtoff;
        snprintf(s.abbr, sizeof s.abbr, "%s", tm.tm_zone ? tm.tm_zone : "");
    }
    return s;
}

static bool same_sample(const struct sample *a, const struct sample *b)
{
    return a->off == b->off && strcmp(a->abbr, b->abbr) == 0;
}

static bool tz_append(struct when_tz *tz, size_t *cap, int64_t start, const struct sample *s)
{
    if (tz->n == *cap) {
        size_t c = *cap ? *cap * 2 : 64;
        int64_t *st = realloc(tz->start, c * sizeof *st);
        int32_t *off = st ? realloc(tz->off, c * sizeof *off) : NULL;
        char(*abbr)[12] = off ? realloc(tz->abbr, c * sizeof *abbr) : NULL;
        if (st)
            tz->start = st;
        if (off)
            tz->off = off;
        if (!abbr)
            return false;
        tz->abbr = abbr;
        *cap = c;
    }
    tz->start[tz->n] = start;
    tz->off[tz->n] = s->off;
    memcpy(tz->abbr[tz->n], s->abbr, sizeof s->abbr);
    tz->n++;
    return true;
}

/* The changes of offset under the current TZ, sampled a week apart (no
 * zone has changed its offset and back within a week since 1970: daylight
 * saving and its Ramadan pauses last longer) and each found to the second
 * by bisection: 14 ms for New York's 267 changes where daily samples took
 * 54 (the C library takes about a microsecond a sample). */
#define SCAN_STEP (7 * WHEN_DAY)
static bool tz_scan(struct when_tz *tz)
{
    int64_t t = when_utc_seconds(WHEN_YEAR_MIN - 1, 1, 1, 0, 0, 0);
    int64_t end = when_utc_seconds(WHEN_YEAR_MAX + 2, 1, 1, 0, 0, 0);
    struct sample prev = sample_at(t);
    size_t cap = 0;

    if (!tz_append(tz, &cap, INT64_MIN, &prev))
        return false;
    for (t += SCAN_STEP; t <= end; t += SCAN_STEP) {
        struct sample now = sample_at(t);
        int64_t lo = t - SCAN_STEP, hi = t;
        if (same_sample(&now, &prev))
            continue;
        while (hi - lo > 1) {
            int64_t mid = lo + (hi - lo) / 2;
            struct sample m = sample_at(mid);
            if (same_sample(&m, &prev))
                lo = mid;
            else
                hi = mid;
        }
        now = sample_at(hi);
        if (!tz_append(tz, &cap, hi, &now))
            return false;
        prev = now;
        t = hi; /* the next sample a week after the change */
    }
    return true;
}

/* An IANA name is letters, digits and "/_+-", in parts that do not begin
 * with a dot: it names a file under the zoneinfo directory and no other. */
static bool plausible_name(const char *name)
{
    size_t n = strlen(name);

    if (n == 0 || n >= sizeof((struct when_tz *)0)->name || name[0] == '/' || name[n - 1] == '/')
        return false;
    for (const char *p = name; *p; p++) {
        if (!isalnum((unsigned char)*p) && !strchr("/_+-", *p))
            return false;
        if (*p == '/' && p[1] == '/')
            return false;
    }
    return true;
}

/* The zone's file exists and is a TZif file; otherwise err says which of
 * the name and the installation is at fault. */
static int zoneinfo_has(const char *name, struct rf_error *err)
{
    const char *dir = getenv("TZDIR");
    char path[512], magic[4];
    struct stat st;
    int fd;
    ssize_t got = 0;

    if (!dir || !*dir)
        dir = ZONEINFO;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        rf_error_set(err, _("time zone '%s': no time zone data in %s (install the tzdata package)"),
                     name, dir);
        return -1;
    }
    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (plausible_name(name) && stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
        (fd = open(path, O_RDONLY | O_CLOEXEC)) >= 0) {
        got = read(fd, magic, sizeof magic);
        close(fd);
    }
    if (got != (ssize_t)sizeof magic || memcmp(magic, "TZif", 4) != 0) {
        rf_error_set(err,
                     _("unknown time zone '%.60s' (expected an IANA name like Asia/Shanghai or "
                       "America/New_York, UTC, local or an offset like +08:00)"),
                     name);
        return -1;
    }
    return 0;
}

/* The table of the local zone, under TZ as it is now. */
static const struct when_tz *tz_build_local(const char *tz_env, struct rf_error *err)
{
    struct when_tz *tz = calloc(1, sizeof *tz);

    if (tz && (tz->tz_env = strdup(tz_env)) && tz_scan(tz)) {
        snprintf(tz->name, sizeof tz->name, "local");
        return tz;
    }
    if (tz) {
        free(tz->tz_env);
        free(tz->start);
        free(tz->off);
        free(tz->abbr);
    }
    free(tz);
    rf_error_set(err, _("the local time zone: out of memory"));
    return NULL;
}

/* The table of a named zone: TZ is set to it while the C library is asked,
 * then put back as it was. */
static const struct when_tz *tz_build(const char *name, struct rf_error *err)
{
    const char *was = getenv("TZ");
    char *saved = was ? strdup(was) : NULL;
    struct when_tz *tz = calloc(1, sizeof *tz);
    bool built = false;

    if (tz && (!was || saved) && setenv("TZ", name, 1) == 0) {
        tzset();
        snprintf(tz->name, sizeof tz->name, "%s", name);
        built = tz_scan(tz);
        if (saved)
            setenv("TZ", saved, 1);
        else
            unsetenv("TZ");
        tzset();
    }
    free(saved);
    if (!built) {
        if (tz) {
            free(tz->start);
            free(tz->off);
            free(tz->abbr);
        }
        free(tz);
        rf_error_set(err, _("time zone '%s': out of memory"), name);
        return NULL;
    }
    return tz;
}

int when_zone_open(const char *name, struct when_zone *out, struct rf_error *err)
{
    int minutes;
    const struct when_tz *tz;

    if (strcasecmp(name, "UTC") == 0 || strcmp(name, "Z") == 0) {
        *out = when_utc();
        return 0;
    }
    if (strcasecmp(name, "local") == 0) {
        /* A table of its own, made under TZ as it is now (the system's
         * zone when TZ is unset), so the local zone converts as fast as a
         * named one. */
        const char *env = getenv("TZ") ? getenv("TZ") : "";
        for (size_t i = 0; i < nopened; i++)
            if (opened[i]->tz_env && strcmp(opened[i]->tz_env, env) == 0) {
                *out = (struct when_zone){WHEN_ZONE_LOCAL, 0, opened[i]};
                return 0;
            }
        if (nopened == ZONES_MAX) {
            rf_error_set(err, _("the local time zone: too many zones open"));
            return -1;
        }
        if (!(tz = tz_build_local(env, err)))
            return -1;
        opened[nopened++] = (struct when_tz *)tz;
        *out = (struct when_zone){WHEN_ZONE_LOCAL, 0, tz};
        return 0;
    }
    if (strncasecmp(name, "UTC", 3) == 0 && (name[3] == '+' || name[3] == '-'))
        name += 3;
    if (name[0] == '+' || name[0] == '-') {
        if (when_parse_offset(name, &minutes) != 0) {
            rf_error_set(err, _("bad UTC offset '%.20s' (expected +08:00, -0500 or +08, "
                                "within 18 hours)"), name);
            return -1;
        }
        *out = when_offset(minutes);
        return 0;
    }
    for (size_t i = 0; i < nopened; i++)
        if (!opened[i]->tz_env && strcmp(opened[i]->name, name) == 0) {
            *out = (struct when_zone){WHEN_ZONE_NAMED, 0, opened[i]};
            return 0;
        }
    if (zoneinfo_has(name, err) != 0)
        return -1;
    if (nopened == ZONES_MAX) {
        rf_error_set(err, _("time zone '%s': too many zones open"), name);
        return -1;
    }
    if (!(tz = tz_build(name, err)))
        return -1;
    opened[nopened++] = (struct when_tz *)tz;
    *out = (struct when_zone){WHEN_ZONE_NAMED, 0, tz};
    return 0;
}

bool when_zone_is_utc(struct when_zone zone)
{
    return zone.kind == WHEN_ZONE_UTC || (zone.kind == WHEN_ZONE_OFFSET && zone.offset_min == 0) ||
           (zone.tz && zone.tz->n == 1 && zone.tz->off[0] == 0);
}

void when_zone_name(struct when_zone zone, char *buf, size_t size)
{
    char off[16];

    switch (zone.kind) {
    case WHEN_ZONE_UTC:
        snprintf(buf, size, "UTC");
        break;
    case WHEN_ZONE_OFFSET:
        when_format_offset(off, sizeof off, zone.offset_min);
        snprintf(buf, size, "UTC%s", off);
        break;
    case WHEN_ZONE_LOCAL:
        snprintf(buf, size, "local");
        break;
    case WHEN_ZONE_NAMED:
        snprintf(buf, size, "%s", zone.tz->name);
        break;
    }
}

/* The region of a named zone ts falls in: the last start at or before it. */
static size_t tz_region(const struct when_tz *tz, int64_t ts)
{
    size_t lo = 0, hi = tz->n; /* start[lo] <= ts < start[hi] */

    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (tz->start[mid] <= ts)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

/* The zone's offset at ts, and the span [*from, *until) of instants that
 * have the same offset for certain. */
static int offset_span(struct when_zone zone, int64_t ts, int64_t *from, int64_t *until)
{
    size_t i;

    *from = INT64_MIN;
    *until = INT64_MAX;
    switch (zone.kind) {
    case WHEN_ZONE_UTC:
        return 0;
    case WHEN_ZONE_OFFSET:
        return zone.offset_min * 60;
    case WHEN_ZONE_LOCAL:
    case WHEN_ZONE_NAMED:
        if (!zone.tz) {
            /* The C library's zone, asked each time: it tells no span. */
            *from = ts;
            *until = ts < INT64_MAX ? ts + 1 : ts;
            return sample_at(ts).off;
        }
        i = tz_region(zone.tz, ts);
        *from = zone.tz->start[i];
        if (i + 1 < zone.tz->n)
            *until = zone.tz->start[i + 1];
        return zone.tz->off[i];
    }
    return 0;
}

int when_zone_offset_at(struct when_zone zone, int64_t ts)
{
    int64_t from, until;

    return offset_span(zone, ts, &from, &until);
}

void when_zone_abbrev(struct when_zone zone, int64_t ts, char *buf, size_t size)
{
    if (zone.tz)
        snprintf(buf, size, "%s", zone.tz->abbr[tz_region(zone.tz, ts)]);
    else if (zone.kind == WHEN_ZONE_LOCAL)
        snprintf(buf, size, "%s", sample_at(ts).abbr);
    else
        when_zone_name(zone, buf, size);
}

int64_t when_zone_utc(struct when_zone zone, int y, int mo, int d, int h, int mi, int s)
{
    int64_t wall = when_utc_seconds(y, mo, d, h, mi, s);
    const struct when_tz *tz = zone.tz;
    size_t lo = 0, hi;

    if (zone.kind == WHEN_ZONE_LOCAL && !tz) {
        struct tm tm = {.tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d, .tm_hour = h,
                        .tm_min = mi, .tm_sec = s, .tm_isdst = -1};
        return (int64_t)mktime(&tm);
    }
    if (!tz)
        return wall - when_zone_offset_at(zone, 0);
    /* Region i's wall clock ends at start[i + 1] + off[i], later for each
     * region: the first region whose clock ends after `wall` holds it, or
     * it lies in the gap before that region began. */
    hi = tz->n - 1;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (wall < tz->start[mid + 1] + tz->off[mid])
            hi = mid;
        else
            lo = mid + 1;
    }
    if (lo > 0 && wall < tz->start[lo] + tz->off[lo])
        return tz->start[lo];
    return wall - tz->off[lo];
}

int64_t when_zone_day_start(struct when_zone zone, int64_t ts)
{
    struct tm tm;

    if (!when_calendar(ts, zone, &tm))
        return when_day_of(ts) * WHEN_DAY;
    return when_zone_utc(zone, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, 0, 0, 0);
}

int64_t when_zone_next_day(struct when_zone zone, int64_t ts)
{
    struct tm tm;
    int y, mo, d;

    if (!when_calendar(ts, zone, &tm))
        return (when_day_of(ts) + 1) * WHEN_DAY;
    civil_from_days(days_from_civil(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday) + 1, &y, &mo,
                    &d);
    return when_zone_utc(zone, y, mo, d, 0, 0, 0);
}

int64_t when_zone_day_number(struct when_zone zone, int64_t ts)
{
    struct when_walk walk;
    int second;

    when_walk_start(&walk, zone);
    return when_walk_day(&walk, ts, &second);
}

void when_walk_start(struct when_walk *walk, struct when_zone zone)
{
    /* An empty span: the first instant searches. */
    *walk = (struct when_walk){.zone = zone, .from = 0, .until = 0, .off = 0};
}

int64_t when_walk_day(struct when_walk *walk, int64_t ts, int *second)
{
    int64_t wall = ts;

    if (ts < walk->from || ts >= walk->until)
        walk->off = offset_span(walk->zone, ts, &walk->from, &walk->until);
    /* Within a day of the edges of time the offset would overflow: the
     * clock there is UTC's. */
    if (ts <= INT64_MAX - WHEN_DAY && ts >= INT64_MIN + WHEN_DAY)
        wall += walk->off;
    *second = (int)(wall % WHEN_DAY);
    if (*second < 0)
        *second += WHEN_DAY;
    return when_day_of(wall);
}

int when_weekday(int64_t day)
{
    return (int)((day % 7 + 10) % 7); /* 1970-01-01 was a Thursday */
}

int64_t when_week_start(int64_t day)
{
    return day - when_weekday(day);
}

int64_t when_zone_day_first(struct when_zone zone, int64_t day)
{
    int y, mo, d;

    /* Beyond the years 1 to 9999 no calendar holds the day: UTC's. */
    if (day < days_from_civil(1, 1, 1) || day > days_from_civil(9999, 12, 31))
        return day > 0 ? INT64_MAX / WHEN_DAY * WHEN_DAY : INT64_MIN / WHEN_DAY * WHEN_DAY;
    civil_from_days(day, &y, &mo, &d);
    return when_zone_utc(zone, y, mo, d, 0, 0, 0);
}

/* ---- parsing ---------------------------------------------------------------- */

/* Reads exactly n digits. */
static bool digits(const char **p, int n, int *out)
{
    int v = 0;

    for (int i = 0; i < n; i++) {
        if (!isdigit((unsigned char)(*p)[i]))
            return false;
        v = v * 10 + ((*p)[i] - '0');
    }
    *p += n;
    *out = v;
    return true;
}

/* "+08:00", "-0500", "+08" or "Z"; returns the rest or NULL. */
static const char *offset_part(const char *p, int *minutes)
{
    int sign, h, m = 0;

    if (*p == 'Z' || *p == 'z') {
        *minutes = 0;
        return p + 1;
    }
    if (*p != '+' && *p != '-')
        return NULL;
    sign = *p++ == '-' ? -1 : 1;
    if (!digits(&p, 2, &h))
        return NULL;
    if (*p == ':')
        p++;
    if (isdigit((unsigned char)*p) && !digits(&p, 2, &m))
        return NULL;
    if (h > 18 || m > 59 || h * 60 + m > WHEN_OFFSET_MAX)
        return NULL;
    *minutes = sign * (h * 60 + m);
    return p;
}

int when_parse_offset(const char *s, int *minutes)
{
    const char *rest = offset_part(s, minutes);
    return rest && !*rest && *s != 'Z' && *s != 'z' ? 0 : -1;
}

static bool year_in_range(int y, struct rf_error *err)
{
    if (y >= WHEN_YEAR_MIN && y <= WHEN_YEAR_MAX)
        return true;
    rf_error_set(err, _("year %d is out of range (%d-%d)"), y, WHEN_YEAR_MIN, WHEN_YEAR_MAX);
    return false;
}

/* A calendar date "YYYY-MM-DD" (or "YYYY-MM" when month_ok, the 1st);
 * returns the rest of the text or NULL. */
static const char *date_part(const char *p, int *y, int *mo, int *d, bool month_ok,
                             struct rf_error *err)
{
    if (!digits(&p, 4, y) || *p++ != '-' || !digits(&p, 2, mo)) {
        rf_error_set(err, _("expected a date YYYY-MM-DD"));
        return NULL;
    }
    *d = 1;
    if (*p == '-') {
        p++;
        if (!digits(&p, 2, d)) {
            rf_error_set(err, _("expected a date YYYY-MM-DD"));
            return NULL;
        }
    } else if (!month_ok) {
        rf_error_set(err, _("expected a date YYYY-MM-DD"));
        return NULL;
    }
    if (!year_in_range(*y, err))
        return NULL;
    if (!when_valid_date(*y, *mo, *d)) {
        rf_error_set(err, _("no such date %04d-%02d-%02d"), *y, *mo, *d);
        return NULL;
    }
    return p;
}

static bool all_digits(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (!isdigit((unsigned char)*s))
            return false;
    return true;
}

/* Unix seconds, or milliseconds from 10^11 on (the year 5138 in seconds). */
static int unix_time(const char *s, int64_t *ts, struct rf_error *err)
{
    long long v;

    errno = 0;
    v = strtoll(s, NULL, 10);
    if (errno == 0 && v >= 100000000000LL)
        v /= 1000;
    if (errno != 0 || v < 0 || v >= when_utc_seconds(WHEN_YEAR_MAX + 1, 1, 1, 0, 0, 0)) {
        rf_error_set(err, _("Unix time %s is out of range (%d-%d)"), s, WHEN_YEAR_MIN,
                     WHEN_YEAR_MAX);
        return -1;
    }
    *ts = v;
    return 0;
}

int when_parse_zoned(const char *s, struct when_zone zone, struct when_instant *out,
                     struct rf_error *err)
{
    struct tm tm;
    int64_t wall;

    if (when_parse_instant(s, out, err) != 0)
        return -1;
    if (out->has_offset || all_digits(s))
        return 0;
    /* Read as UTC, the fields are the wall clock's. */
    if (!when_calendar(out->ts, when_utc(), &tm)) {
        rf_error_set(err, _("no such time '%.40s'"), s);
        return -1;
    }
    wall = out->ts;
    out->ts = when_zone_utc(zone, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                            tm.tm_min, tm.tm_sec);
    out->has_offset = true;
    out->offset_min = (int)((wall - out->ts) / 60);
    return 1;
}

int when_parse_instant(const char *s, struct when_instant *out, struct rf_error *err)
{
    const char *p = s;
    int y, mo, d, h = 0, mi = 0, sec = 0, off = 0;

    out->has_offset = false;
    out->offset_min = 0;
    if (all_digits(s) && strlen(s) != 4)
        return unix_time(s, &out->ts, err);
    if (!(p = date_part(p, &y, &mo, &d, false, err)))
        return -1;
    if (*p == 'T' || *p == 't' || (*p == ' ' && isdigit((unsigned char)p[1]))) {
        p++;
        if (!digits(&p, 2, &h) || *p++ != ':' || !digits(&p, 2, &mi)) {
            rf_error_set(err, _("expected a time hh:mm after the date in '%s'"), s);
            return -1;
        }
        if (*p == ':') {
            p++;
            if (!digits(&p, 2, &sec)) {
                rf_error_set(err, _("expected seconds in '%s'"), s);
                return -1;
            }
            if (*p == '.' || *p == ',') /* fractions of a second are dropped */
                for (p++; isdigit((unsigned char)*p); p++)
                    ;
        }
        if (h > 23 || mi > 59 || sec > 60) {
            rf_error_set(err, _("no such time of day in '%s'"), s);
            return -1;
        }
        if (sec == 60) /* a leap second: the last second of the minute */
            sec = 59;
        if (*p) {
            const char *rest = offset_part(p, &off);
            if (!rest || *rest) {
                rf_error_set(err, _("bad time zone in '%s' (expected Z, +hh:mm or -hhmm)"), s);
                return -1;
            }
            out->has_offset = true;
            out->offset_min = off;
        }
    } else if (*p) {
        rf_error_set(err, _("unexpected '%s' after the date"), p);
        return -1;
    }
    out->ts = when_utc_seconds(y, mo, d, h, mi, sec) - (int64_t)off * 60;
    return 0;
}

/* An English month's three-letter abbreviation; returns the rest or NULL. */
static const char *month_part(const char *p, int *mo)
{
    static const char names[] = "JanFebMarAprMayJunJulAugSepOctNovDec";

    for (int i = 0; i < 12; i++)
        if (strncmp(p, names + 3 * i, 3) == 0) {
            *mo = i + 1;
            return p + 3;
        }
    return NULL;
}

/* "hh:mm:ss"; returns the rest or NULL. */
static const char *clock_part(const char *p, int *h, int *mi, int *sec)
{
    if (!digits(&p, 2, h) || *p++ != ':' || !digits(&p, 2, mi) || *p++ != ':' ||
        !digits(&p, 2, sec) || *h > 23 || *mi > 59 || *sec > 60)
        return NULL;
    return p;
}

int when_parse_mail(const char *s, struct when_instant *out, struct rf_error *err)
{
    const char *p = s;
    int y = 0, mo = 0, d = 0, h, mi, sec, off;

    /* An optional weekday: letters, maybe a comma, a space. */
    if (isalpha((unsigned char)p[0]) && isalpha((unsigned char)p[1]) &&
        isalpha((unsigned char)p[2]) && (p[3] == ',' || p[3] == ' ') && !month_part(p, &mo))
        p += p[3] == ',' ? 4 : 3;
    while (*p == ' ')
        p++;
    if (isdigit((unsigned char)*p)) { /* RFC 2822: d Mon yyyy hh:mm:ss +zzzz */
        if (!digits(&p, isdigit((unsigned char)p[1]) ? 2 : 1, &d) || *p++ != ' ' ||
            !(p = month_part(p, &mo)) || *p++ != ' ' || !digits(&p, 4, &y) || *p++ != ' ' ||
            !(p = clock_part(p, &h, &mi, &sec)) || *p++ != ' ' || !(p = offset_part(p, &off)))
            p = NULL;
    } else { /* X: Mon dd hh:mm:ss +zzzz yyyy */
        if (!(p = month_part(p, &mo)) || *p++ != ' ' || !digits(&p, 2, &d) || *p++ != ' ' ||
            !(p = clock_part(p, &h, &mi, &sec)) || *p++ != ' ' ||
            !(p = offset_part(p, &off)) || *p++ != ' ' || !digits(&p, 4, &y))
            p = NULL;
    }
    if (!p || *p) {
        rf_error_set(err, _("expected a time like 'Tue Jan 14 03:12:45 +0000 2025' or "
                            "'Tue, 14 Jan 2025 03:12:45 +0000', got '%.60s'"), s);
        return -1;
    }
    if (!year_in_range(y, err))
        return -1;
    if (!when_valid_date(y, mo, d)) {
        rf_error_set(err, _("no such date in '%.60s'"), s);
        return -1;
    }
    if (sec == 60)
        sec = 59;
    out->ts = when_utc_seconds(y, mo, d, h, mi, sec) - (int64_t)off * 60;
    out->has_offset = true;
    out->offset_min = off;
    return 0;
}

/* The first second of a day (or of the day after it, `next`) in zone. */
static int64_t day_start(int y, int mo, int d, struct when_zone zone)
{
    return when_zone_utc(zone, y, mo, d, 0, 0, 0);
}

int when_parse_period(const char *s, struct when_zone zone, int64_t *from, int64_t *to,
                      struct rf_error *err)
{
    size_t len = strlen(s);
    int y, mo = 1, d = 1, ey, emo, ed;
    const char *p = s;

    if (len == 4 && all_digits(s)) {
        y = atoi(s);
        if (!year_in_range(y, err))
            return -1;
        ey = y + 1, emo = 1, ed = 1;
    } else if (len == 7 || len == 10) {
        if (!(p = date_part(s, &y, &mo, &d, len == 7, err)))
            return -1;
        if (*p) {
            rf_error_set(err, _("expected a date like 2025-01-14, 2025-01 or 2025"));
            return -1;
        }
        ey = y, emo = mo, ed = d;
        if (len == 7 && ++emo > 12)
            emo = 1, ey++;
        else if (len == 10 && ++ed > when_days_in_month(y, mo) && (ed = 1) && ++emo > 12)
            emo = 1, ey++;
    } else {
        rf_error_set(err, _("expected a date like 2025-01-14, 2025-01 or 2025"));
        return -1;
    }
    *from = day_start(y, mo, d, zone);
    *to = day_start(ey, emo, ed, zone);
    return 0;
}

int when_parse_range(const char *s, struct when_zone zone, int64_t *from, int64_t *to,
                     struct rf_error *err)
{
    const char *dots = strstr(s, "..");
    char first[16];
    int64_t unused;

    if (!dots)
        return when_parse_period(s, zone, from, to, err);
    if ((size_t)(dots - s) >= sizeof first) {
        rf_error_set(err, _("expected a date like 2025-01-14, 2025-01 or 2025"));
        return -1;
    }
    memcpy(first, s, (size_t)(dots - s));
    first[dots - s] = '\0';
    if (when_parse_period(first, zone, from, &unused, err) != 0 ||
        when_parse_period(dots + 2, zone, &unused, to, err) != 0)
        return -1;
    if (*to <= *from) {
        rf_error_set(err, _("the range ends before it starts"));
        return -1;
    }
    return 0;
}

int when_parse_bound(const char *s, bool is_end, struct when_zone zone, int64_t *out,
                     struct rf_error *err)
{
    size_t len = strlen(s);
    struct when_instant at;
    int64_t from, to;

    /* "2025" is a year here, "2025-01" a month, "2025-01-14" a day. */
    if ((len == 4 && all_digits(s)) || ((len == 7 || len == 10) && !all_digits(s))) {
        if (when_parse_period(s, zone, &from, &to, err) != 0)
            return -1;
        *out = is_end ? to : from;
        return 0;
    }
    if (when_parse_instant(s, &at, err) != 0)
        return -1;
    *out = at.ts;
    return 0;
}

int when_parse_dated(const char *date, const char *time, bool has_offset, int offset_min,
                     bool month_ok, int64_t *ts, struct rf_error *err)
{
    struct rf_error why = {{0}};
    int y, mo, d, h = 0, mi = 0;
    const char *p = date_part(date, &y, &mo, &d, month_ok, &why);

    if (!p) {
        rf_error_set(err, _("%s, got '%.40s'"), why.msg, date);
        return -1;
    }
    if (*p == 'T' && !time) {
        time = p + 1;
    } else if (*p) {
        rf_error_set(err, _("expected a date YYYY-MM-DD, got '%.40s'"), date);
        return -1;
    }
    if (time) {
        const char *q = time;
        if (!digits(&q, 2, &h) || *q++ != ':' || !digits(&q, 2, &mi) || *q || h > 23 ||
            mi > 59) {
            rf_error_set(err, _("expected HH:MM, got '%.40s'"), time);
            return -2;
        }
        if (!has_offset) {
            rf_error_set(err, _("required with a time of day"));
            return -3;
        }
    }
    *ts = time ? when_utc_seconds(y, mo, d, h, mi, 0) - (int64_t)offset_min * 60
               : when_utc_seconds(y, mo, d, 12, 0, 0);
    return 0;
}

/* ---- formatting --------------------------------------------------------------- */

void when_prose_date(char *buf, size_t size, int year, int month, int day, bool zh)
{
    if (zh) /* no leading zeros, no spaces: 2025年1月8日 */
        snprintf(buf, size, "%d\xe5\xb9\xb4%d\xe6\x9c\x88%d\xe6\x97\xa5", year, month, day);
    else
        snprintf(buf, size, "%04d-%02d-%02d", year, month, day);
}

/* The digits of 0 <= v < 10^width, zero-padded, at p; returns the end. By
 * hand: a listing formats a time or two a row, and snprintf was a
 * twentieth of it. */
static char *put_digits(char *p, int v, int width)
{
    for (int i = width - 1; i >= 0; i--, v /= 10)
        p[i] = (char)('0' + v % 10);
    return p + width;
}

/* s[0..n) into buf as snprintf(buf, size, "%s", s) would put it. */
static void put_text(char *buf, size_t size, const char *s, size_t n)
{
    if (size == 0)
        return;
    if (n > size - 1)
        n = size - 1;
    memcpy(buf, s, n);
    buf[n] = '\0';
}

bool when_format(char *buf, size_t size, int64_t ts, struct when_zone zone,
                 enum when_style style)
{
    static const char *const dashes[] = {
        [WHEN_DATE] = "----------", [WHEN_MONTH_DAY] = "-----",
        [WHEN_MONTH_DAY_TIME] = "----- -----", [WHEN_DATE_TIME] = "---------- -----",
        [WHEN_TIME] = "-----", [WHEN_ISO] = "----------T--:--:--",
        [WHEN_PROSE_DATE] = "----------"};
    struct tm tm;
    int y, mo, d, h, mi;
    char t[32], *p = t;

    if (!when_calendar(ts, zone, &tm)) {
        snprintf(buf, size, "%s", dashes[style]);
        return false;
    }
    y = tm.tm_year + 1900, mo = tm.tm_mon + 1, d = tm.tm_mday, h = tm.tm_hour, mi = tm.tm_min;
    if (style == WHEN_PROSE_DATE) {
        when_prose_date(buf, size, y, mo, d, i18n_chinese());
        return true;
    }
    /* "%04d-%02d-%02d %02d:%02d" and its parts; a year of other than four
     * digits as printf writes it. */
    if (style == WHEN_DATE || style == WHEN_DATE_TIME || style == WHEN_ISO) {
        if (y >= 0 && y <= 9999)
            p = put_digits(p, y, 4);
        else
            p += snprintf(p, 12, "%04d", y);
        *p++ = '-';
    }
    if (style != WHEN_TIME) {
        p = put_digits(p, mo, 2);
        *p++ = '-';
        p = put_digits(p, d, 2);
    }
    if (style != WHEN_DATE && style != WHEN_MONTH_DAY) {
        if (style != WHEN_TIME)
            *p++ = style == WHEN_ISO ? 'T' : ' ';
        p = put_digits(p, h, 2);
        *p++ = ':';
        p = put_digits(p, mi, 2);
        if (style == WHEN_ISO) {
            *p++ = ':';
            p = put_digits(p, tm.tm_sec, 2);
        }
    }
    put_text(buf, size, t, (size_t)(p - t));
    return true;
}

void when_format_offset(char *buf, size_t size, int offset_min)
{
    int off = offset_min < 0 ? -offset_min : offset_min;
    char t[8];

    if (off / 60 > 99) {
        snprintf(buf, size, "%c%02d:%02d", offset_min < 0 ? '-' : '+', off / 60, off % 60);
        return;
    }
    t[0] = offset_min < 0 ? '-' : '+';
    put_digits(t + 1, off / 60, 2);
    t[3] = ':';
    put_digits(t + 4, off % 60, 2);
    put_text(buf, size, t, 6);
}
