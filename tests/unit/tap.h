/* tap.h — a tiny Test Anything Protocol emitter for refuge's unit tests.
 *
 * Why not Check or cmocka: each assertion here becomes one TAP line, which
 * automake's tap-driver counts individually, so `make check` and CI report
 * every case rather than one result per program; and it adds no dependency.
 *
 * Usage:
 *   int main(void) {
 *       ok(1 + 1 == 2, "addition works");
 *       is_int(f(), 3, "f returns 3");
 *       is_str(g(), "abc", "g spells abc");
 *       return tap_done();
 *   }
 * The plan ("1..N") is printed at the end, so tests need not count ahead.
 */
#ifndef REFUGE_TAP_H
#define REFUGE_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int tap_count;
static int tap_failed;

/* Prints one TAP result; returns cond so callers can add diagnostics. */
static int tap_ok(int cond, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5), unused));
static int tap_ok(int cond, const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    tap_count++;
    printf("%s %d - ", cond ? "ok" : "not ok", tap_count);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    if (!cond) {
        tap_failed++;
        printf("#   failed at %s:%d\n", file, line);
    }
    fflush(stdout);
    return cond;
}

/* A diagnostic line, shown in the test log. */
static void tap_diag(const char *fmt, ...) __attribute__((format(printf, 1, 2), unused));
static void tap_diag(const char *fmt, ...)
{
    va_list ap;
    printf("# ");
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    fflush(stdout);
}

/* Skips one counted case with a reason (TAP "# SKIP"). */
static void tap_skip(const char *why) __attribute__((unused));
static void tap_skip(const char *why)
{
    tap_count++;
    printf("ok %d # SKIP %s\n", tap_count, why);
    fflush(stdout);
}

/* Prints the plan and returns the process exit status. */
static int tap_done(void) __attribute__((unused));
static int tap_done(void)
{
    printf("1..%d\n", tap_count);
    return tap_failed ? 1 : 0;
}

#define ok(cond, ...) tap_ok(!!(cond), __FILE__, __LINE__, __VA_ARGS__)

#define is_int(got, want, ...)                                                     \
    do {                                                                           \
        long long tap_g_ = (long long)(got), tap_w_ = (long long)(want);           \
        if (!tap_ok(tap_g_ == tap_w_, __FILE__, __LINE__, __VA_ARGS__))            \
            tap_diag("     got: %lld\n#   expected: %lld", tap_g_, tap_w_);        \
    } while (0)

#define is_str(got, want, ...)                                                     \
    do {                                                                           \
        const char *tap_g_ = (got), *tap_w_ = (want);                              \
        int tap_eq_ = (tap_g_ && tap_w_) ? strcmp(tap_g_, tap_w_) == 0             \
                                         : tap_g_ == tap_w_;                       \
        if (!tap_ok(tap_eq_, __FILE__, __LINE__, __VA_ARGS__))                     \
            tap_diag("     got: \"%s\"\n#   expected: \"%s\"",                     \
                     tap_g_ ? tap_g_ : "(null)", tap_w_ ? tap_w_ : "(null)");      \
    } while (0)

#endif
