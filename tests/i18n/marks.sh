#!/bin/sh
# Every user-facing string of src/, cli/ and ui/ is marked for translation
# (marks.pl says what counts), and every C file there is in po/POTFILES.in.
# A self-test first proves the finder finds: marks-selftest.c holds strings
# it must report (its lines say UNMARKED) and strings it must leave alone.
. "${top_srcdir:-.}/tests/screen/lib.sh"

command -v perl >/dev/null 2>&1 || skip_all "perl is not installed (Debian package perl-base)"
here="$top_srcdir/tests/i18n"
marks() { perl "$here/marks.pl" --root "$top_srcdir" "$@"; }

# the self-test
(cd "$top_srcdir" && marks --allow "$here/marks.allow" tests/i18n/marks-selftest.c) >"$WORK/self.out"
status=$?
grep -n '/\* UNMARKED' "$here/marks-selftest.c" | cut -d: -f1 >"$WORK/self.want"
sed -n 's/^tests\/i18n\/marks-selftest\.c:\([0-9]*\): unmarked string .*/\1/p' "$WORK/self.out" >"$WORK/self.got"
[ "$status" -eq 1 ] && cmp -s "$WORK/self.want" "$WORK/self.got"
tap $? "self-test: the finder reports exactly the unmarked strings of marks-selftest.c (lines $(tr '\n' ' ' <"$WORK/self.want"))"
grep -v '^#' "$WORK/self.out" | grep -v 'unmarked string' | sed 's/^/# /'
[ -s "$WORK/self.got" ] || sed 's/^/# /' "$WORK/self.out"

# every C file with strings is where xgettext looks; generated files (in the
# source tree of a build made there) are not sources
cd "$top_srcdir" || exit 1
sources() { # sources PATTERN: the files of src/, cli/ and ui/ a person writes
    find src cli ui -name "$1" ! -path 'src/gen/*' | sort | while read -r f; do
        head -n 1 "$f" | grep -q '^/\* Generated' || echo "$f"
    done
}
sed -e 's/#.*//' -e '/^[[:space:]]*$/d' po/POTFILES.in | sort >"$WORK/potfiles"
sources '*.c' >"$WORK/sources"
missing=$(comm -23 "$WORK/sources" "$WORK/potfiles")
[ -z "$missing" ]
tap $? "every C file of src/, cli/ and ui/ is in po/POTFILES.in"
[ -n "$missing" ] && echo "$missing" | sed 's/^/# missing: /'

# the sources
files=$(sources '*.[ch]')
# shellcheck disable=SC2086
marks --allow "$here/marks.allow" --pending "$here/marks.pending" $files >"$WORK/out"
status=$?
sed 's/^/# /' "$WORK/out" | head -n 200
[ "$status" -eq 0 ]
tap $? "no unmarked user-facing string in src/, cli/ and ui/ (but the files of tests/i18n/marks.pending)"

finish
