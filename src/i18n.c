/* The interface's language (i18n.h). */
#include "autoconfig.h"

#include <libintl.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "text.h"

#ifndef REFUGE_LOCALEDIR
#define REFUGE_LOCALEDIR "/usr/share/locale"
#endif

static bool english = true; /* every string is its msgid */
static bool chinese;        /* a Chinese catalog answers */
static char *saved_language; /* LANGUAGE as the user set it, to restore for auto */
static bool saved_language_set;

void i18n_init(void)
{
    const char *dir = getenv("REFUGE_LOCALEDIR");
    const char *language = getenv("LANGUAGE");

    bindtextdomain(PACKAGE, dir && *dir ? dir : REFUGE_LOCALEDIR);
    bind_textdomain_codeset(PACKAGE, "UTF-8");
    textdomain(PACKAGE);
    if (!saved_language_set && language) {
        saved_language = strdup(language);
        saved_language_set = saved_language != NULL;
    }
    i18n_set_interface(I18N_AUTO);
}

/* The catalog in use names its language in its header ("Language: zh_CN"),
 * which is the translation of the empty msgid. */
static bool catalog_is_chinese(void)
{
    static const char header_msgid[] = "";
    const char *header = gettext(header_msgid);
    const char *lang = header && *header ? strstr(header, "\nLanguage: ") : NULL;

    return lang && strncmp(lang + strlen("\nLanguage: "), "zh", 2) == 0;
}

void i18n_set_interface(enum i18n_interface choice)
{
    /* Chinese in any character set but UTF-8 would come out as question
     * marks (or as bytes the terminal cannot show): English instead. */
    if (choice == I18N_EN || !text_locale_utf8()) {
        /* libc's own messages (strerror) in English too */
        setlocale(LC_MESSAGES, "C");
        english = true;
        chinese = false;
        return;
    }
    if (choice == I18N_ZH) {
        /* gettext ignores LANGUAGE while LC_MESSAGES is "C": take the UTF-8
         * locale of LC_CTYPE for messages then (C.UTF-8 is not "C"). */
        const char *messages = setlocale(LC_MESSAGES, "");

        setenv("LANGUAGE", "zh_CN", 1);
        if (!messages || strcmp(messages, "C") == 0 || strcmp(messages, "POSIX") == 0) {
            char *ctype = strdup(setlocale(LC_CTYPE, NULL));
            if (ctype)
                setlocale(LC_MESSAGES, ctype);
            free(ctype);
        }
    } else {
        if (saved_language)
            setenv("LANGUAGE", saved_language, 1);
        else
            unsetenv("LANGUAGE");
        /* setlocale also forgets the translations gettext has cached */
        setlocale(LC_MESSAGES, "");
    }
    english = false;
    chinese = catalog_is_chinese();
}

bool i18n_chinese(void)
{
    return chinese;
}

const char *i18n_gettext(const char *msgid)
{
    return english ? msgid : gettext(msgid);
}

const char *i18n_ngettext(const char *one, const char *other, unsigned long n)
{
    if (english)
        return n == 1 ? one : other;
    return ngettext(one, other, n);
}
