/* i18n.h — the interface's language: marking strings and choosing English
 * or Chinese (GNU gettext, catalogs in po/).
 *
 * Every user-facing string goes through one of these, as a whole phrase
 * or a whole printf format (never glued from fragments):
 *
 *   _("cannot open %s")         translated now
 *   N_("list the events")       marked in a static table; translate at use
 *                               with _(table[i].summary)
 *   plural(n, "%lld post", "%lld posts")   (plural.h) ngettext, a whole
 *                               phrase per grammatical number
 *
 * A comment starting TRANSLATORS: just before the string reaches the
 * translator (ambiguous words, width limits). Never translated: CSV headers,
 * JSON keys, config keys and values, command and option names, format names,
 * anything a script parses.
 *
 * The language is decided by i18n_init() and i18n_set_interface(), once at
 * start, before any string is looked up and before curses starts:
 *   auto  what gettext makes of LANGUAGE / LC_ALL / LC_MESSAGES / LANG
 *   en    English whatever the locale
 *   zh    Simplified Chinese whatever the locale's language (LANG=C.UTF-8,
 *         en_US.UTF-8 too; LANGUAGE is set to zh_CN for the process, so the
 *         programs refuge starts inherit it)
 * Chinese needs a UTF-8 locale (nl_langinfo(CODESET)): under any other
 * character set the interface is English, never question marks.
 */
#ifndef REFUGE_I18N_H
#define REFUGE_I18N_H

#include <stdbool.h>

/* [ui] interface and --interface; in the order of the config's choices. */
enum i18n_interface { I18N_AUTO, I18N_EN, I18N_ZH };

/* Binds the catalog and decides the language for `auto`. Call once, after
 * setlocale(LC_ALL, ""). The catalogs are looked up in $REFUGE_LOCALEDIR
 * when it is set and not empty (the build tree's tests/locale: the tests
 * run the program uninstalled), else in the installed LOCALEDIR. */
void i18n_init(void);

/* Chooses the interface language (see above). May be called again later,
 * e.g. once the settings files are read; strings already looked up stay as
 * they were, so call it before anything is printed in the other language. */
void i18n_set_interface(enum i18n_interface choice);

/* True when the interface speaks Chinese: the decision above, for code
 * that formats numbers and dates for a reader (1.2万, 2025年1月18日). */
bool i18n_chinese(void);

/* The translation of msgid, or msgid itself in English. */
const char *i18n_gettext(const char *msgid) __attribute__((format_arg(1)));

/* ngettext: the form of one/other that fits n in the interface language. */
const char *i18n_ngettext(const char *one, const char *other, unsigned long n)
    __attribute__((format_arg(1))) __attribute__((format_arg(2)));

#define _(msgid) i18n_gettext(msgid)
#define N_(msgid) (msgid)

#endif
