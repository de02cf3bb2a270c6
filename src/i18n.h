/* i18n.h — STAND-IN mirroring the i18n branch's API until it lands. */
#ifndef REFUGE_I18N_H
#define REFUGE_I18N_H
#include <stdbool.h>
#include <libintl.h>
static inline bool i18n_chinese(void)
{
    return false;
}
static inline const char *i18n_ngettext(const char *one, const char *other, unsigned long n)
{
    return ngettext(one, other, n);
}
#define _(msgid) gettext(msgid)
#define N_(msgid) (msgid)
#endif
