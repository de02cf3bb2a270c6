#!/bin/sh
# The key tables in the README and refuge(1) are generated from the keymap
# (`refuge keys`); this checks they are current. `make update-docs` rewrites
# them.
. "${top_srcdir:-.}/tests/screen/lib.sh"

between() { # between FILE BEGIN END: the lines strictly between the markers
    # Markers go through the environment: awk -v would eat their backslashes.
    B="$2" E="$3" awk 'index($0, ENVIRON["E"]) { inside = 0 } inside { print }
        index($0, ENVIRON["B"]) { inside = 1 }' "$1"
}

"$REFUGE" keys --format md >"$WORK/keys.md"
between "$top_srcdir/README.md" "<!-- keys:begin -->" "<!-- keys:end -->" | cmp -s - "$WORK/keys.md"
tap $? "README's key table matches 'refuge keys --format md' (make update-docs)"

"$REFUGE" keys --format man >"$WORK/keys.man"
between "$top_srcdir/man/refuge.1" '.\" keys:begin' '.\" keys:end' | cmp -s - "$WORK/keys.man"
tap $? "refuge(1)'s KEYS section matches 'refuge keys --format man' (make update-docs)"

# The Chinese refuge(1)'s key table is the keymap's too, in the Chinese
# interface: action texts from the catalog, sentences ending in 。, the marks
# themselves (中 / EN) where the English page has ASCII stand-ins.
LC_ALL=C.UTF-8 "$REFUGE" --interface zh keys --format man >"$WORK/keys.zh.man"
between "$top_srcdir/man/zh_CN/refuge.1" '.\" keys:begin' '.\" keys:end' | cmp -s - "$WORK/keys.zh.man"
tap $? "zh_CN/refuge.1's key table matches 'refuge --interface zh keys --format man' (make update-docs)"
grep -q '^聚焦时间线。$' "$WORK/keys.zh.man" && grep -q '^.It Sy "\\&中 / EN"$' "$WORK/keys.zh.man"
tap $? "the Chinese key table is in Chinese, with the marks as they are on screen"

"$REFUGE" keys | grep -Eq "^  j, Down +move down \(down\)$"
tap $? "refuge keys lists actions with their keys and names"

mkdir -p "$XDG_CONFIG_HOME/refuge"
printf '[keys]\ndown = x\nbogus = y\nup = NoSuchKey\n' >"$XDG_CONFIG_HOME/refuge/refuge.ini"
out=$("$REFUGE" keys 2>"$WORK/err")
echo "$out" | grep -Eq "^  x +move down"
tap $? "refuge keys shows a [keys] override"
grep -q "refuge.ini:3: \[keys\] unknown action 'bogus'" "$WORK/err"
tap $? "an unknown action is reported with file and line"
grep -q "refuge.ini:4: \[keys\] up: 'NoSuchKey' is not a key name" "$WORK/err"
tap $? "a bad key name is reported with file and line"
echo "$out" | grep -Eq "^  k, Up +move up"
tap $? "a rejected override keeps the default keys"

finish
