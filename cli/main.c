#include "autoconfig.h"

#include <locale.h>

#include "cli.h"
#include "i18n.h"
#include "text.h"

int main(int argc, char **argv)
{
    /* Width, wrapping and the curses wide-character API follow the locale. */
    setlocale(LC_ALL, "");
    /* The interface language follows the locale until --interface or the
     * settings say otherwise (cli_load_config). */
    i18n_init();
    /* So do the messages written before the settings are read (a bad
     * option quoting a Chinese argument): ASCII in a locale that is not
     * UTF-8, until cli_load_config applies the settings too. */
    text_configure(TEXT_AMBIGUOUS_AUTO, !text_locale_utf8());
    return cli_main(argc, argv);
}
