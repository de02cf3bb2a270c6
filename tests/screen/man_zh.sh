#!/bin/sh
# The Chinese refuge(1), man/zh_CN/refuge.1, documents what the English one
# does: the same options, commands, keys, settings, environment variables,
# files and examples, and as many sections. Both pages are read the same
# way (the mdoc macros that name things are not translated) and the two
# inventories compared; doctored copies prove the comparison fails when one
# page gains something the other lacks. Its own lint is in man.sh.
. "${top_srcdir:-.}/tests/screen/lib.sh"

EN="$top_srcdir/man/refuge.1"
ZH="$top_srcdir/man/zh_CN/refuge.1"

# inventory PAGE: one "what: item" line for each thing the page documents.
#   option Fl, command/value Cm, key Ic, environment Ev, file Pa, errno/signal Dv,
#   reference Xr: every argument run of these macros (mdoc ends a run at a
#     macro name or a delimiter such as "," or "|");
#   entry: the tagged-list items that name something (.It Fl/Cm/Li/Ev/Pa);
#   setting: "[section] key" and "key =" in macro arguments, and
#     "[section] key =" in text;
#   key table: the KEYS section's keys by group (its last group, the marks
#     on screen, only by count: their names are words);
#   example: command lines (.Dl refuge ...) and literal blocks;
#   sections: how many .Sh and .Ss, and in each (by its place) how many list
#     items (.It) and displays (.Dl).
inventory() {
    awk '
    BEGIN {
        split("Fl option Cm command/value Ic key Ev environment Pa file Dv constant Xr reference", m, " ")
        for (i = 1; i < 14; i += 2) what[m[i]] = m[i + 1]
        n = split("Ad An Ap Ar At Bc Bo Bq Brc Bro Brq Bsx Bx Cd Cm Dc Do Dq Dv Dx Ec Em En Eo Er Ev Fa Fc Fl Fn Fo Ft Fx Ic In Li Lk Ms Mt Nm No Ns Nx Oc Oo Op Ox Pa Pc Pf Po Pq Qc Ql Qo Qq Sc So Sq Sx Sy Ta Tn Ux Va Vt Xc Xo Xr", a, " ")
        for (i = 1; i <= n; i++) macro[a[i]] = 1
        n = split(", . ; : ? ! ( ) [ ] |", a, " ")
        for (i = 1; i <= n; i++) delim[a[i]] = 1
    }
    function norm(s) {
        gsub(/\\-/, "-", s); gsub(/\\&/, "", s); gsub(/\\\(dq/, "\"", s)
        gsub(/[ \t]+/, " ", s); sub(/^ /, "", s); sub(/ $/, "", s)
        return s
    }
    function emit(kind, item) {
        item = norm(item)
        if (item == "") return
        # Fl prints its argument after a dash.
        print kind ": " (kind == "option" ? "-" : "") item
    }
    # mdoc keeps a macro going past a delimiter, so that Li a , b names two
    # things; a run of words there (Ev COLUMNS , or 100 columns) is prose, as
    # is a lone "or".
    function flush(kind, item) {
        if (!(after_delim && (item ~ / .* / || item ~ /^ (or|and)$/))) emit(kind, item)
    }
    # Splits a macro line into words, a quoted argument being one word.
    function words(line,    n, w, q) {
        n = 0; q = 0
        while (line != "") {
            sub(/^[ \t]+/, "", line)
            if (line == "") break
            if (substr(line, 1, 1) == "\"") {
                line = substr(line, 2)
                q = index(line, "\"")
                if (q == 0) q = length(line) + 1
                w[++n] = substr(line, 1, q - 1); line = substr(line, q + 1)
            } else {
                q = match(line, /[ \t]/)
                if (q == 0) { w[++n] = line; line = "" }
                else { w[++n] = substr(line, 1, q - 1); line = substr(line, q) }
            }
        }
        W = n
        for (q = 1; q <= n; q++) word[q] = w[q]
    }
    /^\.Bd -literal/ { literal = 1; next }
    /^\.Ed/ { literal = 0; next }
    literal { emit("example", $0); next }
    /^\.Sh / { sh++; sect++ }
    /^\.Ss / { ss++; sect++ }
    /^\.It / { items[sect]++ }
    /^\.Dl / { displays[sect]++ }
    index($0, ".\\\" keys:begin") { keys = 1; next }
    index($0, ".\\\" keys:end") { keys = 0; next }
    keys && /^\.It Em / { group++; entry = 0; next }
    keys && /^\.It Sy / {
        label = $0; sub(/^\.It Sy "?(\\&)?/, "", label); sub(/"$/, "", label)
        entries[group]++
        keylabel[group, entries[group]] = label
        next
    }
    /^\.Dl refuge / { emit("example", substr($0, 5)) }
    /^\.It (Fl|Cm|Li|Ev|Pa) / { emit("entry", substr($0, 5)) }
    /^\./ {
        body = substr($0, 2)
        s = body
        while (match(s, /\[[a-z_]+\]( [a-z_]+)?/)) {
            emit("setting", substr(s, RSTART, RLENGTH)); s = substr(s, RSTART + RLENGTH)
        }
        s = body
        while (match(s, /(^| )[a-z_]+ =/)) {
            emit("setting", substr(s, RSTART, RLENGTH - 2)); s = substr(s, RSTART + RLENGTH)
        }
        words(body)
        kind = ""; item = ""; after_delim = 0
        for (i = 1; i <= W; i++) {
            w = word[i]
            if (w in macro) {
                if (kind != "") flush(kind, item)
                kind = (w in what) ? what[w] : ""; item = ""
            } else if (w in delim) {
                if (kind != "") flush(kind, item)
                item = ""; after_delim = 1
            } else if (kind != "") {
                item = item " " w
            }
            if (w in macro) after_delim = 0
        }
        if (kind != "") flush(kind, item)
        next
    }
    {
        s = $0
        while (match(s, /\[[a-z_]+\] [a-z_]+ =/)) {
            emit("setting", substr(s, RSTART, RLENGTH - 2)); s = substr(s, RSTART + RLENGTH)
        }
    }
    END {
        print "sections: " sh " (.Sh), " ss " (.Ss)"
        for (i = 1; i <= sect; i++)
            print "section " i ": " items[i] + 0 " list items, " displays[i] + 0 " displays"
        print "key table: " group " groups"
        for (g = 1; g <= group; g++) {
            print "key table: group " g ", " entries[g] " entries"
            if (g < group)
                for (e = 1; e <= entries[g]; e++)
                    print "key table: group " g ": " keylabel[g, e]
        }
    }' "$1" | LC_ALL=C sort -u
}

# compare EN ZH: prints what one page has and the other lacks; status 1 then.
compare() {
    inventory "$1" >"$WORK/en.inv"
    inventory "$2" >"$WORK/zh.inv"
    LC_ALL=C comm -23 "$WORK/en.inv" "$WORK/zh.inv" | sed 's/^/only in the English page: /'
    LC_ALL=C comm -13 "$WORK/en.inv" "$WORK/zh.inv" | sed 's/^/only in the Chinese page: /'
    cmp -s "$WORK/en.inv" "$WORK/zh.inv"
}

# sx_targets PAGE: every .Sx reference that names no .Sh or .Ss of the page.
sx_targets() {
    awk '/^\.S[hs] / { h[substr($0, 5)] = 1 }
        { line[NR] = $0 }
        END {
            for (i = 1; i <= NR; i++) {
                s = line[i]
                while ((p = index(s, "Sx ")) > 0) {
                    s = substr(s, p + 3)
                    t = s; sub(/ (Ns|[,.;:)]).*$/, "", t); sub(/ *$/, "", t)
                    if (!(t in h)) print "no section named \"" t "\" (line " i ")"
                }
            }
        }' "$1"
}

# --- the two pages ------------------------------------------------------------

out=$(compare "$EN" "$ZH")
tap $? "the Chinese refuge(1) has the English one's options, commands, keys, settings, files and examples"
if [ -n "$out" ]; then
    echo "$out" | sed 's/^/# /'
    echo "# Say the same in man/zh_CN/refuge.1, in the same macros (the page's"
    echo "# first lines say how it is written); its key table is in the same order."
fi

[ "$(grep -c '^option: ' "$WORK/en.inv")" -gt 40 ] &&
    [ "$(grep -c '^key table: group' "$WORK/en.inv")" -gt 80 ] &&
    [ "$(grep -c '^setting: ' "$WORK/en.inv")" -gt 10 ] &&
    [ "$(grep -c '^entry: ' "$WORK/en.inv")" -gt 100 ]
tap $? "the inventory finds the English page's options, key table, settings and list entries"

for page in "$EN" "$ZH"; do
    out=$(sx_targets "$page")
    [ -z "$out" ]
    tap $? "every cross-reference (.Sx) of ${page#"$top_srcdir/"} names one of its sections"
    [ -n "$out" ] && echo "$out" | sed 's/^/# /'
done

# --- doctored copies: the comparison must fail, naming what differs ----------

# doctor IN OUT AFTER TEXT: OUT is IN with the line TEXT after the first line
# that is AFTER.
doctor() {
    A="$3" T="$4" awk '{ print } !done && $0 == ENVIRON["A"] { print ENVIRON["T"]; done = 1 }' "$1" >"$2"
    ! cmp -s "$1" "$2"
}

doctor "$EN" "$WORK/en-option.1" '.It Fl \-rebuild' '.It Fl \-frobnicate Ar n' &&
    out=$(compare "$WORK/en-option.1" "$ZH")
[ $? -ne 0 ] && echo "$out" | grep -q 'only in the English page: option: --frobnicate'
tap $? "an option the English page gains and the Chinese one lacks fails the comparison"

doctor "$ZH" "$WORK/zh-option.1" '.It Fl \-rebuild' '.It Fl \-frobnicate Ar n' &&
    out=$(compare "$EN" "$WORK/zh-option.1")
[ $? -ne 0 ] && echo "$out" | grep -q 'only in the Chinese page: option: --frobnicate'
tap $? "an option only the Chinese page has fails the comparison too"

doctor "$EN" "$WORK/en-command.1" '.Bl -tag -width Ds' '.It Cm frobnicate Op Fl \-all' &&
    out=$(compare "$WORK/en-command.1" "$ZH")
[ $? -ne 0 ] && echo "$out" | grep -q 'only in the English page: command/value: frobnicate'
tap $? "a command only the English page has fails the comparison"

# A key dropped from the Chinese key table, its description with it.
awk 'index($0, ".It Sy \"\\&M\"") && !done { skip = 2; done = 1 } skip { skip--; next } { print }' \
    "$ZH" >"$WORK/zh-key.1"
out=$(compare "$EN" "$WORK/zh-key.1")
[ $? -ne 0 ] && echo "$out" | grep -q 'only in the English page: key table: group 3: M$'
tap $? "a key missing from the Chinese key table fails the comparison"

doctor "$EN" "$WORK/en-setting.1" '.Li [ui] mouse = yes' '.Li [feed] frobnicate = yes' &&
    out=$(compare "$WORK/en-setting.1" "$ZH")
[ $? -ne 0 ] && echo "$out" | grep -q 'only in the English page: setting: \[feed\] frobnicate'
tap $? "a setting only the English page names fails the comparison"

doctor "$EN" "$WORK/en-env.1" '.Bl -tag -width REFUGE_NO_BUNDLE' '.It Ev REFUGE_FROBNICATE' &&
    out=$(compare "$WORK/en-env.1" "$ZH")
[ $? -ne 0 ] && echo "$out" | grep -q 'only in the English page: environment: REFUGE_FROBNICATE'
tap $? "an environment variable only the English page has fails the comparison"

doctor "$ZH" "$WORK/zh-section.1" '.Sh 参见' '.Sh 历史' &&
    out=$(compare "$EN" "$WORK/zh-section.1")
[ $? -ne 0 ] && echo "$out" | grep -q 'only in the Chinese page: sections: '
tap $? "a section only the Chinese page has fails the comparison"

doctor "$EN" "$WORK/en-example.1" '.It MediaCrawler' '.Dl refuge import \-\-frobnicate data.jsonl' &&
    out=$(compare "$WORK/en-example.1" "$ZH")
[ $? -ne 0 ] && echo "$out" | grep -q 'only in the English page: example: refuge import --frobnicate data.jsonl'
tap $? "an example command only the English page has fails the comparison"

doctor "$EN" "$WORK/en-item.1" '.It TikTok-Api JSON Lines' 'Reads frobnicated items.
.It Frobnicator JSON' && out=$(compare "$WORK/en-item.1" "$ZH")
[ $? -ne 0 ] && echo "$out" | grep -q 'only in the English page: section [0-9]*: [0-9]* list items'
tap $? "an item added to a list of the English page (a format it reads) fails the comparison"

doctor "$EN" "$WORK/en-sx.1" '.Sh CODES' 'See
.Sx NO SUCH SECTION .' && out=$(sx_targets "$WORK/en-sx.1")
echo "$out" | grep -q 'no section named "NO SUCH SECTION"'
tap $? "a cross-reference to a section the page lacks is found"

# --- refuge.ini(5): man/zh_CN/refuge.ini.5 against man/refuge.ini.5 ----------

EN_INI="$top_srcdir/man/refuge.ini.5"
ZH_INI="$top_srcdir/man/zh_CN/refuge.ini.5"

out=$(compare "$EN_INI" "$ZH_INI")
tap $? "the Chinese refuge.ini(5) has the English one's sections, settings, values, options, keys, files and examples"
if [ -n "$out" ]; then
    echo "$out" | sed 's/^/# /'
    echo "# Say the same in man/zh_CN/refuge.ini.5, in the same macros."
fi

# Every setting of the English page is a list entry, and both pages have
# the same sections: 8 .Ss (one per [section]) under 6 .Sh.
[ "$(grep -c '^entry: Cm ' "$WORK/en.inv")" -gt 20 ] &&
    grep -q '^entry: Cm script No = Cm as-is | simplified | traditional$' "$WORK/en.inv" &&
    grep -q '^sections: 6 (.Sh), 8 (.Ss)$' "$WORK/en.inv" &&
    [ "$(grep -c '^option: ' "$WORK/en.inv")" -ge 5 ]
tap $? "the inventory finds refuge.ini(5)'s settings (with their values), sections and options"

out=$(sx_targets "$ZH_INI")
[ -z "$out" ]
tap $? "every cross-reference (.Sx) of man/zh_CN/refuge.ini.5 names one of its sections"

doctor "$EN_INI" "$WORK/en-key.5" '.It Cm mouse No = Cm yes | no' 'Mouse.
.It Cm frobnicate No = Cm yes | no' && out=$(compare "$WORK/en-key.5" "$ZH_INI")
[ $? -ne 0 ] && echo "$out" | grep -q 'only in the English page: entry: Cm frobnicate No = Cm yes | no'
tap $? "a setting only the English refuge.ini(5) has fails the comparison"

doctor "$ZH_INI" "$WORK/zh-value.5" '.It Cm layout No = Cm auto | wide | narrow' '.It Cm layout No = Cm auto | wide | narrow | tall' &&
    sed -i '/^\.It Cm layout No = Cm auto | wide | narrow$/d' "$WORK/zh-value.5" &&
    out=$(compare "$EN_INI" "$WORK/zh-value.5")
[ $? -ne 0 ] && echo "$out" | grep -q 'only in the Chinese page: entry: Cm layout No = Cm auto | wide | narrow | tall'
tap $? "a value only the Chinese refuge.ini(5) lists fails the comparison too"

finish
