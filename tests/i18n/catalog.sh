#!/bin/sh
# The catalogs are complete: every string the sources mark (_(), N_(),
# plural()) is in each po/LANG.po, translated, not fuzzy, and msgfmt -c finds
# nothing wrong (formats that match their msgid, a valid header).
. "${top_srcdir:-.}/tests/screen/lib.sh"

: "${MSGFMT:=msgfmt}" "${XGETTEXT:=xgettext}" "${MSGCMP:=msgcmp}"
command -v "$MSGFMT" >/dev/null 2>&1 || skip_all "msgfmt is not installed (Debian package gettext)"
command -v "$XGETTEXT" >/dev/null 2>&1 || skip_all "xgettext is not installed (Debian package gettext)"

po="$top_srcdir/po"
# The extraction options, as po/Makevars gives them to po/'s makefile.
options=$(awk '/^XGETTEXT_OPTIONS *=/ { on = 1; sub(/^XGETTEXT_OPTIONS *= */, "") }
    on { line = $0; more = sub(/\\$/, "", line); printf "%s ", line; if (!more) exit }' "$po/Makevars")
sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$po/POTFILES.in" >"$WORK/files"
# shellcheck disable=SC2086
(cd "$top_srcdir" && "$XGETTEXT" $options --files-from="$WORK/files" -o "$WORK/now.pot" 2>"$WORK/xgettext.err")
tap $? "xgettext extracts the marked strings of po/POTFILES.in"
sed 's/^/# /' "$WORK/xgettext.err"

for lang in $(sed -e 's/#.*//' "$po/LINGUAS"); do
    stats=$(LC_ALL=C "$MSGFMT" -c --check-format --statistics -o /dev/null "$po/$lang.po" 2>&1)
    status=$?
    echo "# $lang: $stats"
    [ "$status" -eq 0 ]
    tap $? "msgfmt -c --check-format accepts po/$lang.po"
    echo "$stats" | grep -Eq '^[0-9]+ translated messages?\.$'
    tap $? "po/$lang.po: every entry translated, none fuzzy"
    LC_ALL=C "$MSGCMP" "$po/$lang.po" "$WORK/now.pot" >"$WORK/msgcmp.out" 2>&1
    tap $? "po/$lang.po has a translation of every string the sources mark (make update-po)"
    sed -n '1,20s/^/# /p' "$WORK/msgcmp.out"
done

finish
