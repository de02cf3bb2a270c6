#!/bin/sh
# Settings and tour files as refuge reads them: bounded (a device or a huge
# file is refused with a clear error), fast on many sections, a byte order
# mark ignored, [keys] and [colors] checked by `refuge config` as by the
# explorer (each problem once), and a tour's text printed defused.
. "${top_srcdir:-.}/tests/screen/lib.sh"

ESC=$(printf '\033') BEL=$(printf '\007')
raw_in() { LC_ALL=C grep -q "$ESC\|$BEL\|$(printf '\302\233')\|$(printf '\342\200\256')" "$1"; }
T() { timeout 60 "$REFUGE" "$@"; }

# ---- bounded input ---------------------------------------------------------------
for what in "--config /dev/zero config" "tour --print /dev/zero"; do
    # shellcheck disable=SC2086
    T $what >/dev/null 2>"$WORK/err"
    [ $? -eq 1 ] && grep -q "^refuge: /dev/zero: larger than 1024 KiB" "$WORK/err"
    tap $? "refuge $what stops with a clear error"
done
head -c 2000000 /dev/zero | tr '\0' '#' >"$WORK/huge.ini"
T --config "$WORK/huge.ini" config >/dev/null 2>"$WORK/err"
[ $? -eq 1 ] && grep -q "huge.ini: larger than 1024 KiB" "$WORK/err"
tap $? "so does a settings file of 2 MB"
T tour --print "$WORK/huge.ini" >/dev/null 2>"$WORK/err"
[ $? -eq 1 ] && grep -q "huge.ini: larger than 1024 KiB" "$WORK/err"
tap $? "and a tour file of 2 MB"

# ---- many sections ---------------------------------------------------------------
awk 'BEGIN { for (i = 1; i <= 50000; i++) printf "[s%d]\nx = 1\n", i }' >"$WORK/50k.ini"
T --config "$WORK/50k.ini" config >/dev/null 2>"$WORK/err"
[ $? -eq 1 ] && grep -q "50k.ini: more than 10000 lines" "$WORK/err"
tap $? "50,000 sections end at once with a clear error"
awk 'BEGIN { print "[tour]"; for (i = 1; i <= 30000; i++) printf "[step%d]\ncaption_en = c%d\n", i, i }' \
    >"$WORK/50k-tour.ini"
T tour --print "$WORK/50k-tour.ini" >/dev/null 2>"$WORK/err"
[ $? -eq 1 ] && grep -q "50k-tour.ini: more than 10000 lines" "$WORK/err"
tap $? "so does a tour of 30,000 steps (under 1 MiB)"
yes x | head -n 300000 >"$WORK/malformed.ini"
T --config "$WORK/malformed.ini" config >/dev/null 2>"$WORK/err"
[ $? -eq 1 ] && grep -q "malformed.ini: more than 10000 lines" "$WORK/err"
tap $? "so do 300,000 malformed lines"
yes x | head -n 2000 >"$WORK/malformed2k.ini"
T --config "$WORK/malformed2k.ini" config >/dev/null 2>"$WORK/err"
[ $? -eq 0 ] && [ "$(grep -c "not a \[section\] heading or a key = value line" "$WORK/err")" -eq 2000 ]
tap $? "2,000 malformed lines are each reported"
awk 'BEGIN { for (i = 1; i <= 4900; i++) printf "[s%d]\nx = 1\n", i }' >"$WORK/5k.ini"
T --config "$WORK/5k.ini" config >/dev/null 2>"$WORK/err"
[ $? -eq 0 ] && [ "$(grep -c "unknown section" "$WORK/err")" -eq 4900 ]
tap $? "4,900 sections are read, each unknown one reported"
awk 'BEGIN { print "[tour]\ntitle_en = Long"; for (i = 1; i <= 4900; i++) printf "[step%d]\ncaption_en = caption %d\n", i, i }' \
    >"$WORK/5k-tour.ini"
T tour --print "$WORK/5k-tour.ini" >"$WORK/out" 2>"$WORK/err"
[ $? -eq 0 ] && grep -q "^## Step 4900 of 4900$" "$WORK/out" && grep -q "^caption 4900$" "$WORK/out"
tap $? "a tour of 4,900 steps prints every step"

# ---- a byte order mark -------------------------------------------------------------
printf '\357\273\277[ui]\nlayout = wide\n' >"$WORK/bom.ini"
T --config "$WORK/bom.ini" config >"$WORK/out" 2>"$WORK/err"
[ $? -eq 0 ] && grep -q "^layout = wide  ; from .*/bom.ini:2$" "$WORK/out" && [ ! -s "$WORK/err" ]
tap $? "a settings file saved with a byte order mark keeps its first section"
printf '\357\273\277[tour]\ntitle_en = BOM tour\n[step1]\ncaption_en = one\n' >"$WORK/bom-tour.ini"
T tour --print "$WORK/bom-tour.ini" >"$WORK/out" 2>"$WORK/err"
grep -q "^# BOM tour$" "$WORK/out" && [ ! -s "$WORK/err" ]
tap $? "so does a tour file"

# ---- [keys] and [colors] -------------------------------------------------------------
printf '[keys]\ndown = Bogus\nnope = j\n[colors]\nstatus = mauve\nnorole = red\ncursor = 200\n[ui]\nbad = 1\n' \
    >"$WORK/keys.ini"
for cmd in config keys; do
    T --config "$WORK/keys.ini" $cmd >/dev/null 2>"$WORK/err"
    [ $? -eq 0 ] && [ "$(wc -l <"$WORK/err")" -eq 5 ] &&
        grep -q "keys.ini:2: \[keys\] down: 'Bogus' is not a key name" "$WORK/err" &&
        grep -q "keys.ini:3: \[keys\] unknown action 'nope'" "$WORK/err" &&
        grep -q "keys.ini:5: \[colors\] status: 'mauve' is not a colour" "$WORK/err" &&
        grep -q "keys.ini:6: \[colors\] unknown role 'norole'" "$WORK/err" &&
        grep -q "keys.ini:9: unknown key \[ui\] bad" "$WORK/err"
    tap $? "refuge $cmd reports every [keys], [colors] and other problem, each once"
done

# ---- a tour's text is defused --------------------------------------------------------
printf '[tour]\ntitle_en = T %s]2;PWNED%s\n[step1]\ncaption_en = clear %s[2J csi %s6n %s\nevent = %sP+q%s\nsearch = %s]52;c;eA==%s\n' \
    "$ESC" "$BEL" "$ESC" "$(printf '\302\233')" "$(printf '\342\200\256')" "$ESC" "$ESC" "$ESC" "$BEL" \
    >"$WORK/evil-tour.ini"
T tour --print "$WORK/evil-tour.ini" >"$WORK/out" 2>"$WORK/err"
[ $? -eq 0 ] && ! raw_in "$WORK/out" && grep -q "clear ␛\[2J csi ␛\[6n ⟨RLO⟩" "$WORK/out"
tap $? "tour --print writes a tour's captions, title, event and search defused"

finish
