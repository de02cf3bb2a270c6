#!/bin/sh
# Data safety: a cache this user cannot write opens read-only for browsing
# (file read-only, or directory read-only), a damaged cache is named with
# --rebuild as the way out, --rebuild keeps the damaged file, an import
# killed with SIGKILL leaves all or nothing, and readers keep working while
# an import commits.
. "${top_srcdir:-.}/tests/screen/lib.sh"

# ---- read-only caches ------------------------------------------------------------
# As root, chmod does not stop writes: run refuge as an unprivileged user
# then (nobody). That user may not be able to enter the checkout or the
# build tree (under /root, say), so it runs a copy of the program from a
# world-readable temporary directory, which holds the caches too; where it
# cannot run even that, the cases are skipped with the reason.
ro_ok=""
RO=""
AS=""
why="running as root and cannot switch to user nobody"
if [ "$(id -u)" -ne 0 ]; then
    ro_ok=yes
elif command -v setpriv >/dev/null 2>&1 &&
    setpriv --reuid=nobody --regid=nogroup --clear-groups true 2>/dev/null; then
    ro_ok=yes
    AS="setpriv --reuid=nobody --regid=nogroup --clear-groups"
elif command -v runuser >/dev/null 2>&1 && runuser -u nobody -- true 2>/dev/null; then
    ro_ok=yes
    AS="runuser -u nobody --"
fi
trap 'cleanup; [ -z "$RO" ] || { chmod -R u+w "$RO"; rm -rf "$RO"; }' EXIT
if [ -n "$ro_ok" ]; then
    ro_ok=""
    for tmp in "${TMPDIR:-/tmp}" /tmp; do
        RO=$(mktemp -d "$tmp/refuge-ro-XXXXXX") || continue
        chmod 755 "$RO"
        mkdir "$RO/bin" && cp "$REFUGE" "$RO/bin/refuge" && chmod 755 "$RO/bin/refuge" &&
            $AS "$RO/bin/refuge" --version >/dev/null 2>&1 && ro_ok=yes && break
        rm -rf "$RO"
        RO=""
    done
    [ -n "$ro_ok" ] || why="user nobody cannot run a copy of refuge from ${TMPDIR:-/tmp} or /tmp"
fi
if [ -n "$ro_ok" ]; then
    mkdir "$RO/home" "$RO/ro" "$RO/rw"
    chmod 777 "$RO/home" "$RO/rw"
    cat >"$RO/refuge" <<WRAP
#!/bin/sh
exec $AS env HOME="$RO/home" XDG_CONFIG_HOME="$RO/home/.config" XDG_DATA_HOME="$RO/home/.local/share" "$RO/bin/refuge" "\$@"
WRAP
    chmod 755 "$RO/refuge"
    # A read-only directory holding a cache the user owns no part of.
    "$REFUGE" --db "$RO/ro/cache.db" check >/dev/null
    chmod 644 "$RO/ro/cache.db"
    chmod 555 "$RO/ro"
    # A read-only file in a writable directory.
    "$REFUGE" --db "$RO/rw/cache.db" check >/dev/null
    chmod 444 "$RO/rw/cache.db"
    ro() { "$RO/refuge" "$@"; }

    for where in ro rw; do
        db="$RO/$where/cache.db"
        [ "$where" = ro ] && what="in a read-only directory" || what="that is a read-only file"
        before=$(cksum <"$db")
        out=$(ro --db "$db" check 2>"$WORK/err")
        [ $? -eq 0 ] && echo "$out" | grep -q "^integrity: ok$" && [ ! -s "$WORK/err" ]
        tap $? "check works on a cache $what, with no warning (marks go to the user's own file)"
        # Three posts, then the line that explains their marks.
        ro --db "$db" feed --limit 3 >"$WORK/out" 2>/dev/null && [ "$(grep -vc "^marks: " "$WORK/out")" -eq 3 ]
        tap $? "feed works on a cache $what"
        ro --db "$db" timeline --format csv >"$WORK/out" 2>/dev/null && [ -s "$WORK/out" ]
        tap $? "timeline works on a cache $what"
        ro --db "$db" stats >"$WORK/out" 2>/dev/null && grep -q "^posts " "$WORK/out"
        tap $? "stats works on a cache $what"
        printf '{"platform":"xiaohongshu","id":"ro1","lang":"en","time":"2025-01-15T10:00:00Z","text":"x"}\n' \
            >"$RO/home/one.jsonl"
        chmod 644 "$RO/home/one.jsonl"
        ro --db "$db" import "$RO/home/one.jsonl" >/dev/null 2>"$WORK/err"
        [ $? -eq 1 ] && grep -q "is read-only: nothing can be saved" "$WORK/err"
        tap $? "import into a cache $what fails and says why"
        [ "$(cksum <"$db")" = "$before" ]
        tap $? "the cache $what is unchanged"
    done

    if [ -n "$TMUX_BIN" ]; then
        for where in ro rw; do
            REFUGE="$RO/refuge" start_refuge -x 160 -y 40 --db "$RO/$where/cache.db"
            wait_for "Feed"
            send 2
            send z
            wait_for "post 1 of"
            check "the explorer opens a read-only cache ($where) with no warning" \
                off_screen "read-only"
            send s
            check "starring on a read-only cache ($where) is saved" wait_for "starred"
            end_session
            before=$(cksum <"$RO/$where/cache.db")
            ro --db "$RO/$where/cache.db" feed --starred --format jsonl >"$WORK/out" 2>"$WORK/err" &&
                [ "$(wc -l <"$WORK/out")" -eq 1 ] && [ ! -s "$WORK/err" ]
            tap $? "the star is kept in the user's own state file, shown as if in the cache ($where)"
            [ "$(cksum <"$RO/$where/cache.db")" = "$before" ] &&
                [ "$(ls "$RO/home/.local/share/refuge/" | grep -c '^state-.*\.db$')" -ge 1 ]
            tap $? "the cache ($where) is unchanged; the state file is under XDG_DATA_HOME"
        done
    else
        echo "# SKIP the explorer on a read-only cache: tmux is not installed"
    fi
else
    echo "# SKIP read-only caches: $why"
fi

# ---- damaged caches and --rebuild ------------------------------------------------
D="$WORK/damaged"
mkdir "$D"
REFUGE_NO_BUNDLE= "$REFUGE" --db "$D/good.db" check >/dev/null
tap $? "a real cache to damage"

awk 'BEGIN { srand(7); for (i = 0; i < 300; i++) printf "%c", 32 + int(rand() * 90) }' >"$D/garbage.db"
"$REFUGE" --db "$D/garbage.db" check >/dev/null 2>"$WORK/err"
[ $? -eq 1 ] && grep -q "garbage.db is not a database" "$WORK/err" &&
    grep -q "refuge --rebuild" "$WORK/err" && [ "$(wc -l <"$WORK/err")" -eq 1 ]
tap $? "a file that is not a database: one line naming it and offering --rebuild"

size=$(wc -c <"$D/good.db")
head -c $((size / 2)) "$D/good.db" >"$D/truncated.db"
"$REFUGE" --db "$D/truncated.db" feed --limit 1 >/dev/null 2>"$WORK/err"
[ $? -eq 1 ] && grep -q "truncated.db is damaged" "$WORK/err" && grep -q "refuge --rebuild" "$WORK/err"
tap $? "a truncated copy of a cache is detected at start, naming the file and --rebuild"

cp "$D/good.db" "$D/garbled.db"
dd if=/dev/zero of="$D/garbled.db" bs=4096 seek=40 count=40 conv=notrunc 2>/dev/null
"$REFUGE" --db "$D/garbled.db" check >/dev/null 2>"$WORK/err"
[ $? -eq 1 ] && grep -q "garbled.db" "$WORK/err" && grep -q "refuge --rebuild" "$WORK/err"
tap $? "check finds a cache garbled in the middle and offers --rebuild"

garbage_sum=$(cksum <"$D/garbage.db")
out=$("$REFUGE" --db "$D/garbage.db" --rebuild check 2>"$WORK/err")
[ $? -eq 0 ] && echo "$out" | grep -q "^integrity: ok$" &&
    echo "$out" | grep -Eq "^bundled dataset: [0-9a-f]{16}$"
tap $? "--rebuild makes a fresh cache with the bundled dataset"
kept=$(ls "$D" | grep -E '^garbage\.db\.damaged-[0-9]{8}-[0-9]{6}$')
[ -n "$kept" ] && [ "$(cksum <"$D/$kept")" = "$garbage_sum" ] &&
    grep -q "the old one is kept as .*$kept" "$WORK/err"
tap $? "--rebuild keeps the damaged file, byte for byte, and says where"
"$REFUGE" --db "$D/truncated.db" check --rebuild >/dev/null 2>&1 &&
    "$REFUGE" --db "$D/truncated.db" check >/dev/null 2>&1 &&
    [ "$(ls "$D" | grep -c '^truncated\.db\.damaged-')" -eq 1 ]
tap $? "--rebuild after the command works too, and the new cache opens again"

if [ -n "$TMUX_BIN" ]; then
    start_refuge --db "$D/garbled.db" --rebuild
    check "the explorer starts on a rebuilt cache" wait_for "Feed"
    check "and says where the old cache is kept" wait_for "old one is kept as"
    end_session
    cp "$D/garbage.db.damaged-"* "$D/again.db"
    start_refuge --db "$D/again.db"
    check "the explorer refuses a damaged cache with the way out" wait_for "refuge --rebuild"
    wait_exit
    check "and exits with status 1" [ "$EXIT_STATUS" = 1 ]
    end_session
fi

# ---- an import killed with SIGKILL leaves all or nothing ---------------------------
K="$WORK/kill.db"
REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$K" check >/dev/null
awk 'BEGIN { for (i = 0; i < 200000; i++)
    printf "{\"id\": \"k-%d\", \"platform\": \"xiaohongshu\", \"lang\": \"en\", \"time\": \"2025-01-%02dT10:00:00Z\", \"text\": \"post number %d of a killed import\", \"likes\": %d}\n", i, 1 + i % 28, i, i % 997 }' \
    >"$WORK/big.jsonl"
count_k() { REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$K" check 2>/dev/null | sed -n 's/^posts: //p'; }
all_or_none=0
for delay in $(awk 'BEGIN { srand(); for (i = 0; i < 4; i++) printf "%.2f ", 0.05 + rand() * 0.8 }'); do
    REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$K" import "$WORK/big.jsonl" >/dev/null 2>&1 &
    pid=$!
    sleep "$delay" # the random point at which the import dies
    kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    n=$(count_k)
    if [ "$n" != 0 ] && [ "$n" != 200000 ]; then
        echo "# after a kill at ${delay}s the cache holds $n posts"
        all_or_none=1
    fi
    REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$K" check >/dev/null 2>&1 || all_or_none=1
done
tap $all_or_none "an import killed with SIGKILL at random points leaves all or none of it, and check passes"

# ---- an import ended by a signal says so ---------------------------------------------
before=$(count_k)
REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$K" import "$WORK/big.jsonl" >/dev/null 2>"$WORK/sig.err" &
pid=$!
sleep 1
kill -TERM "$pid" 2>/dev/null
wait "$pid"
st=$?
[ "$st" -eq 143 ] && grep -q "^refuge: .*big.jsonl:[0-9]*: interrupted by a signal; nothing was imported$" "$WORK/sig.err" &&
    [ "$(count_k)" = "$before" ]
tap $? "an import ended by SIGTERM says nothing was imported, exits 143 and changes nothing (status $st: $(cat "$WORK/sig.err"))"

# ---- 30 readers while an import commits -------------------------------------------
# Four explorers (when tmux is here) stay open on the cache through the
# import, each scrolled a row at a time and answering; 26 batch readers (30
# without tmux) loop meanwhile. None may fail or show "database is locked";
# afterwards the explorers notice the new rows and reload them.
C="$WORK/conc.db"
"$REFUGE" --db "$C" check >/dev/null # the bundled posts, so a reader always finds one
before=$("$REFUGE" --db "$C" check | sed -n 's/^posts: //p')
TUIS=""
[ -n "$TMUX_BIN" ] && TUIS="u1 u2 u3 u4"
for u in $TUIS; do
    if [ "$u" = u1 ]; then
        start_refuge -x 100 -y 30 -e REFUGE_NO_BUNDLE=1 --db "$C"
        U1=$SESSION
    else
        start_refuge -s "$u" -x 100 -y 30 -e REFUGE_NO_BUNDLE=1 --db "$C"
    fi
done
at() { SESSION=$1; [ "$SESSION" = u1 ] && SESSION=$U1; }
row() { screen | sed -n "$1p"; }
for u in $TUIS; do
    at $u
    wait_for "Feed" && send 2 && send z && wait_row 30 "^ *Feed \\| post 1 of $before"
    tap $? "explorer $u is open on the feed"
done
nbatch=$((30 - $(echo $TUIS | wc -w)))
REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$C" import "$WORK/big.jsonl" >/dev/null 2>"$WORK/imp.err" &
imp=$!
i=0
while [ $i -lt $nbatch ]; do
    (
        n=0
        while [ $n -lt 8 ]; do
            REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$C" feed --limit 1 >/dev/null 2>>"$WORK/r$i.err" ||
                echo "feed failed" >>"$WORK/r$i.err"
            n=$((n + 1))
        done
    ) &
    i=$((i + 1))
done
# While the import runs, every explorer moves down a row per round and must
# show it, with no error on its screen; the round in which the import
# commits, it may show the notice of new rows instead (once: it is noted).
responded=0 rounds=0 clean=0
while [ -n "$TUIS" ] && alive "$imp" && [ $rounds -lt 300 ]; do
    rounds=$((rounds + 1))
    for u in $TUIS; do
        at $u
        send j
    done
    for u in $TUIS; do
        at $u
        if ! wait_row 30 "^ *(Feed \\| post $((rounds + 1)) of|cache updated: 200000 new posts)" 10; then
            echo "# explorer $u in round $rounds: $(row 30)"
            responded=1
        fi
        row 30 | grep -q "cache updated: 200000 new posts" && eval "noticed_$u=yes"
        # An error shows on the status line as "feed: ...", "stats: ...".
        if screen | grep -q "database is locked" || row 30 | grep -Eq "^ *(feed|stats|timeline|reading state not saved): "; then
            echo "# explorer $u in round $rounds: $(row 30)"
            clean=1
        fi
    done
done
SESSION=t
wait
# The import's progress lines (its standard error is a file) are no failure.
bad=$(cat "$WORK"/r*.err "$WORK/imp.err" 2>/dev/null | grep -v "^$" |
    grep -Ev "^refuge: (importing .*|search index): [0-9]+%$" | head -3)
[ -z "$bad" ] || echo "# $bad"
[ -z "$bad" ]
tap $? "$nbatch batch readers in a loop during an import: no 'database is locked', no failure"
if [ -n "$TUIS" ]; then
    echo "# the explorers were moved and checked $rounds times while the import ran"
    [ $rounds -gt 0 ] && [ $responded -eq 0 ]
    tap $? "4 explorers open during the import answer every key"
    tap $clean "and none shows 'database is locked' or another error"
fi
COLUMNS=120 REFUGE_NO_BUNDLE=1 "$REFUGE" --db "$C" feed --search "post number 199999" 2>/dev/null |
    grep -q "post number 199999"
tap $? "readers see the new rows once the import commits"
for u in $TUIS; do
    at $u
    eval "noticed=\${noticed_$u:-}"
    if [ -z "$noticed" ]; then
        send j
        wait_for "cache updated: 200000 new posts"
    fi
    tap $? "explorer $u notices the 200,000 new posts on its next key${noticed:+ (in the round the import committed)}"
    send R
    wait_for "reloaded: $((before + 200000)) posts" &&
        send / && wait_for "Search:" && send_text "post number 199999" && send Enter &&
        wait_for "1 post matches" && wait_for "post number 199999 of a killed import"
    tap $? "explorer $u reloads with R and finds one of them"
done
SESSION=t
[ -n "$TUIS" ] && end_session

finish
