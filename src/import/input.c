#include "autoconfig.h"

#include "input.h"

enum import_format input_sniff(FILE *fp, long *lines)
{
    int c = getc(fp);

    *lines = 0;
    if (c == 0xef) {
        getc(fp);
        getc(fp);
        c = getc(fp);
    }
    while (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        if (c == '\n')
            ++*lines;
        c = getc(fp);
    }
    if (c != EOF)
        ungetc(c, fp);
    return c == '{' ? IMPORT_JSONL : c == '[' ? IMPORT_JSON : IMPORT_CSV;
}

bool input_blank(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
            return false;
    return true;
}
