#!/bin/sh
# The man pages are valid: mandoc's linter and groff's warnings are clean.
. "${top_srcdir:-.}/tests/screen/lib.sh"

for page in refuge.1 refuge.ini.5; do
    file="$top_srcdir/man/$page"
    if [ -n "$MANDOC" ]; then
        out=$("$MANDOC" -Tlint -W warning "$file" 2>&1)
        [ -z "$out" ]
        tap $? "mandoc -Tlint finds nothing in $page"
        [ -n "$out" ] && echo "$out" | sed 's/^/# /'
    else
        echo "ok $((TAP_N = TAP_N + 1)) # SKIP mandoc not installed"
    fi
    if command -v groff >/dev/null; then
        out=$(groff -mandoc -ww -z "$file" 2>&1)
        [ -z "$out" ]
        tap $? "groff -ww finds nothing in $page"
        [ -n "$out" ] && echo "$out" | sed 's/^/# /'
    else
        echo "ok $((TAP_N = TAP_N + 1)) # SKIP groff not installed"
    fi
done

# The Chinese pages are read as man reads them under LANG=zh_CN.UTF-8: UTF-8
# input (-Kutf8, as their first line says) for a UTF-8 terminal, where a line
# that cannot be broken between Chinese characters is a warning. mandoc knows
# the standard section names only in English, so it misses NAME under 名称;
# that and nothing else.
for page in refuge.1 refuge.ini.5; do
    file="$top_srcdir/man/zh_CN/$page"
    if [ -n "$MANDOC" ]; then
        out=$("$MANDOC" -Tlint -W warning "$file" 2>&1 |
            grep -v -e 'WARNING: first section is not "NAME"' -e 'WARNING: description line outside NAME section')
        [ -z "$out" ]
        tap $? "mandoc -Tlint finds nothing in zh_CN/$page but the Chinese section names"
        [ -n "$out" ] && echo "$out" | sed 's/^/# /'
    else
        echo "ok $((TAP_N = TAP_N + 1)) # SKIP mandoc not installed"
    fi
    if command -v groff >/dev/null; then
        # At man's width on an 80-column terminal and on a narrow one.
        for width in 80 60; do
            out=$(groff -Kutf8 -mandoc -Tutf8 -ww -z -rLL=$((width - 2))n "$file" 2>&1)
            [ -z "$out" ]
            tap $? "groff -Kutf8 -Tutf8 -ww finds nothing in zh_CN/$page at $width columns"
            [ -n "$out" ] && echo "$out" | sed 's/^/# /'
        done
    else
        echo "ok $((TAP_N = TAP_N + 1)) # SKIP groff not installed"
    fi
done

finish
