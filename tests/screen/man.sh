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

finish
