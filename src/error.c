#include "autoconfig.h"

#include <stdarg.h>
#include <stdio.h>

#include "error.h"

void rf_error_set(struct rf_error *err, const char *fmt, ...)
{
    va_list ap;

    if (!err)
        return;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
}

void rf_error_clear(struct rf_error *err)
{
    if (err)
        err->msg[0] = '\0';
}
