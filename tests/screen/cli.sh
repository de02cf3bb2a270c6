#!/bin/sh
# The command line: help, version, usage errors with exit status 2 and one
# line on stderr, the config command, and the refusal to open the explorer
# without a terminal.
. "${top_srcdir:-.}/tests/screen/lib.sh"

out=$("$REFUGE" --help)
tap $? "--help exits 0"
echo "$out" | grep -q "^Usage: refuge"
tap $? "--help prints the usage"
echo "$out" | grep -q "config"
tap $? "--help lists the commands"

out=$("$REFUGE" --version)
tap $? "--version exits 0"
echo "$out" | grep -Eq "^refuge [0-9]+\.[0-9]+\.[0-9]+$"
tap $? "--version prints 'refuge X.Y.Z'"

err=$("$REFUGE" --frobnicate 2>&1 >/dev/null)
status=$?
[ "$status" -eq 2 ]
tap $? "an unknown option exits 2"
echo "$err" | head -n 1 | grep -q "^refuge: unknown option '--frobnicate'$"
tap $? "an unknown option is named on stderr"

"$REFUGE" frobnicate >/dev/null 2>"$WORK/err"
[ $? -eq 2 ] && grep -q "unknown command 'frobnicate'" "$WORK/err"
tap $? "an unknown command exits 2 with a message"

"$REFUGE" --db >/dev/null 2>"$WORK/err"
[ $? -eq 2 ] && grep -q "option '--db' needs a value" "$WORK/err"
tap $? "a missing option value exits 2 with a message"

"$REFUGE" --theme neon config >/dev/null 2>"$WORK/err"
[ $? -eq 2 ] && grep -q "unknown theme 'neon'" "$WORK/err"
tap $? "an unknown theme is a usage error"

"$REFUGE" config --defaults | cmp -s - "$top_srcdir/assets/refuge.ini"
tap $? "config --defaults reproduces assets/refuge.ini"

cat >"$WORK/bad.ini" <<INI
[ui]
layout = sideways
theme = mono
INI
out=$("$REFUGE" --config "$WORK/bad.ini" config 2>"$WORK/err")
tap $? "a bad config value does not stop the program"
grep -qF "$WORK/bad.ini:2: [ui] layout: expected one of auto, wide, narrow" "$WORK/err"
tap $? "the bad value is reported with file and line"
echo "$out" | grep -q "^theme = mono  ;"
tap $? "the good lines of the file still apply"

mkdir -p "$XDG_CONFIG_HOME/refuge"
printf '[ui]\ntheme = projector\nlayout = wide\n' >"$XDG_CONFIG_HOME/refuge/refuge.ini"
printf '[ui]\nlayout = narrow\n' >"$WORK/over.ini"
out=$("$REFUGE" --config "$WORK/over.ini" config)
echo "$out" | grep -q "^layout = narrow  ; from $WORK/over.ini:2$" && echo "$out" | grep -q "^theme = projector  ;"
tap $? "--config layers over the user's refuge.ini"
out=$("$REFUGE" --config "$WORK/over.ini" --theme mono config)
echo "$out" | grep -q "^theme = mono  ;"
tap $? "--theme overrides every file"
out=$(NO_COLOR=1 "$REFUGE" config)
echo "$out" | grep -q "^theme = projector  ;"
tap $? "NO_COLOR yields to a theme the user chose"
rm -f "$XDG_CONFIG_HOME/refuge/refuge.ini"
out=$(NO_COLOR=1 "$REFUGE" config)
echo "$out" | grep -q "^theme = mono  ;"
tap $? "NO_COLOR alone selects mono"

# The layers: built-in < system file < XDG_CONFIG_DIRS < user < --config <
# flags, each value named with the file and line it came from.
mkdir -p "$WORK/xdg1/refuge" "$WORK/xdg2/refuge"
printf '[ui]\ntheme = mono\nlayout = wide\nlanguage = zh\nmouse = yes\n[stats]\ntop = 5\n' >"$WORK/system.ini"
printf '[ui]\nlayout = narrow\n' >"$WORK/xdg2/refuge/refuge.ini"
printf '[ui]\n\nlanguage = both\n' >"$WORK/xdg1/refuge/refuge.ini"
printf '[ui]\nmouse = no\n' >"$XDG_CONFIG_HOME/refuge/refuge.ini"
printf '[stats]\ntop = 7\n' >"$WORK/over.ini"
out=$(REFUGE_SYSTEM_CONFIG="$WORK/system.ini" XDG_CONFIG_DIRS="$WORK/xdg1:$WORK/xdg2" \
    "$REFUGE" --config "$WORK/over.ini" --theme projector config)
echo "$out" | grep -qxF "layout = narrow  ; from $WORK/xdg2/refuge/refuge.ini:2" &&
    echo "$out" | grep -qxF "language = both  ; from $WORK/xdg1/refuge/refuge.ini:3" &&
    echo "$out" | grep -qxF "mouse = no  ; from $XDG_CONFIG_HOME/refuge/refuge.ini:2" &&
    echo "$out" | grep -qxF "stats.top = 7  ; from $WORK/over.ini:2" &&
    echo "$out" | grep -qxF "theme = projector  ; --theme" &&
    echo "$out" | grep -qxF "feed.sort = time  ; built-in"
tap $? "config names the layer each value came from"
rm -f "$XDG_CONFIG_HOME/refuge/refuge.ini"

printf '[ui]\nlayout = sideways\n' >"$WORK/system.ini"
out=$(REFUGE_SYSTEM_CONFIG="$WORK/system.ini" "$REFUGE" config 2>"$WORK/err")
[ $? -eq 0 ] && grep -qxF "refuge: $WORK/system.ini:2: [ui] layout: expected one of auto, wide, narrow" "$WORK/err"
tap $? "a bad value in the system file is reported with its file and line"

# The file make install puts in SYSCONFDIR/refuge: every key commented out, so
# it changes nothing (not even NO_COLOR's theme) until someone edits it.
out=$(REFUGE_SYSTEM_CONFIG="$top_builddir/refuge.ini.system" NO_COLOR=1 "$REFUGE" config 2>"$WORK/err")
[ $? -eq 0 ] && [ ! -s "$WORK/err" ] && echo "$out" | grep -qxF "theme = mono  ; NO_COLOR" &&
    ! echo "$out" | grep -q "; from"
tap $? "the installed system file loads cleanly and sets nothing"

printf '[keys]\nquit = q\033[31m\033]0:pwned\a\n' >"$WORK/esc.ini"
"$REFUGE" --config "$WORK/esc.ini" config >"$WORK/out" 2>/dev/null
grep -q "^keys.quit = " "$WORK/out" && ! grep -q "$(printf '\033')" "$WORK/out"
tap $? "config output passes the text layer"

"$REFUGE" --config "$WORK/nope.ini" config >/dev/null 2>"$WORK/err"
[ $? -eq 1 ] && grep -q "nope.ini" "$WORK/err"
tap $? "a missing --config file is a runtime error naming it"

"$REFUGE" </dev/null >"$WORK/out" 2>"$WORK/err"
[ $? -eq 1 ] && grep -q "needs a terminal" "$WORK/err"
tap $? "without a terminal the explorer refuses clearly"

finish
