#include "autoconfig.h"

#include <locale.h>

#include "cli.h"
#include "i18n.h"

int main(int argc, char **argv)
{
    /* Width, wrapping and the curses wide-character API follow the locale. */
    setlocale(LC_ALL, "");
    /* The interface language follows the locale until --interface or the
     * settings say otherwise (cli_load_config). */
    i18n_init();
    return cli_main(argc, argv);
}
