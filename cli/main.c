#include "autoconfig.h"

#include <locale.h>

#include "cli.h"

int main(int argc, char **argv)
{
    /* Width, wrapping and the curses wide-character API follow the locale. */
    setlocale(LC_ALL, "");
    return cli_main(argc, argv);
}
