#!/bin/sh
# refuge publish: a read-only snapshot (0444, rollback journal, one file)
# that check, stats, feed and export read with no warning and without
# writing anything beside it; the reader's marks go to their state file;
# an explorer that has it open is told of a newer one and R reloads it;
# publish refuses to overwrite its own source, a file that is not a cache,
# and leaves nothing behind when it fails.
. "${top_srcdir:-.}/tests/screen/lib.sh"

SRC="$WORK/mine.db"
CLASS="$WORK/class/cache.db"
mkdir "$WORK/class"
"$REFUGE" --db "$SRC" check >/dev/null
tap $? "the instructor's cache"

out=$("$REFUGE" publish "$SRC" "$CLASS" 2>"$WORK/err")
[ $? -eq 0 ] && [ ! -s "$WORK/err" ] && echo "$out" | grep -q "read-only; cache identity [0-9a-f]\{32\})$"
tap $? "publish says what it wrote and the cache's identity"
id=$(echo "$out" | sed 's/.*cache identity \([0-9a-f]*\))$/\1/')
[ "$(stat -c %a "$CLASS")" = 444 ] && [ "$(ls "$WORK/class" | wc -l)" -eq 1 ]
tap $? "the snapshot is read-only for everyone and alone in its directory"
[ "$(od -An -tu1 -j18 -N2 "$CLASS" | tr -s ' ')" = " 1 1" ]
tap $? "it is in rollback-journal mode: readers need no -shm"

before=$(cksum <"$CLASS")
for cmd in check stats "feed --limit 5" "export --what posts" "timeline --format csv"; do
    # shellcheck disable=SC2086
    "$REFUGE" --db "$CLASS" $cmd >"$WORK/out" 2>"$WORK/err"
    [ $? -eq 0 ] && [ -s "$WORK/out" ] && [ ! -s "$WORK/err" ]
    tap $? "refuge $cmd reads the snapshot, with no warning"
done
"$REFUGE" --db "$CLASS" check | grep -qxF "your stars and read marks: $XDG_DATA_HOME/refuge/state-$id.db"
tap $? "check names the reader's state file, named by the cache's identity"
"$REFUGE" --db "$SRC" export --what posts >"$WORK/src.jsonl" &&
    "$REFUGE" --db "$CLASS" export --what posts >"$WORK/class.jsonl" &&
    cmp -s "$WORK/src.jsonl" "$WORK/class.jsonl"
tap $? "the snapshot exports exactly the posts of its source"
printf '{"platform":"xiaohongshu","id":"late-1","lang":"en","time":"2026-03-01T10:00:00Z","text":"late"}\n' \
    >"$WORK/late.jsonl"
"$REFUGE" --db "$CLASS" import "$WORK/late.jsonl" >/dev/null 2>"$WORK/err"
[ $? -eq 1 ] && grep -q "read-only" "$WORK/err"
tap $? "import into the snapshot fails and says why"
[ "$(cksum <"$CLASS")" = "$before" ] && [ "$(ls "$WORK/class" | wc -l)" -eq 1 ]
tap $? "the snapshot is unchanged, with nothing written beside it"

# Refusals.
cp "$SRC" "$WORK/copy.db"
"$REFUGE" publish "$SRC" "$SRC" >/dev/null 2>"$WORK/err"
[ $? -eq 1 ] && grep -q "is the cache to publish" "$WORK/err" && [ -w "$SRC" ] &&
    "$REFUGE" --db "$SRC" check >/dev/null 2>&1
tap $? "publish refuses to write over its own source"
echo "my notes" >"$WORK/notes.txt"
"$REFUGE" publish "$SRC" "$WORK/notes.txt" >/dev/null 2>"$WORK/err"
[ $? -eq 1 ] && grep -q "exists and is not a cache" "$WORK/err" &&
    [ "$(cat "$WORK/notes.txt")" = "my notes" ]
tap $? "publish refuses to replace a file that is not a cache"
"$REFUGE" publish "$SRC" "$WORK/nowhere/cache.db" >/dev/null 2>"$WORK/err"
[ $? -eq 1 ] && grep -q "cannot create a file beside" "$WORK/err" && [ ! -e "$WORK/nowhere" ]
tap $? "publish into a missing directory fails and says why"
"$REFUGE" publish "$WORK/missing.db" "$WORK/class/other.db" >/dev/null 2>"$WORK/err"
[ $? -eq 1 ] && grep -q "is not a cache file" "$WORK/err" && [ ! -e "$WORK/missing.db" ] &&
    [ ! -e "$WORK/class/other.db" ]
tap $? "publish of a missing cache fails and creates nothing"
"$REFUGE" publish "$SRC" >/dev/null 2>&1
tap $([ $? -eq 2 ] && echo 0 || echo 1) "publish with one argument is a usage error"
[ "$(ls "$WORK/class" | wc -l)" -eq 1 ] && [ "$(ls "$WORK" | grep -c publishing)" -eq 0 ]
tap $? "no temporary file is left behind"

# An explorer on the snapshot while the instructor publishes an update.
if [ -n "$TMUX_BIN" ]; then
    start_refuge --db "$CLASS"
    wait_for "Feed"
    # It looks for a new snapshot every 2 s: one stat(), no CPU to speak of.
    check "the explorer on a shared cache stays idle" idle "$(refuge_pid)"
    send 2 s
    check "a reader stars a post of the snapshot" wait_for "starred"
    "$REFUGE" --db "$SRC" import "$WORK/late.jsonl" >/dev/null &&
        "$REFUGE" publish "$SRC" "$CLASS" >/dev/null
    tap $? "the instructor publishes an update"
    check "the explorer says new data is available, with no key pressed" \
        wait_for "cache updated: 1 new post"
    send R
    check "R reloads it" wait_for "(+1)"
    send q
    wait_exit
    "$REFUGE" --db "$CLASS" feed --starred --format jsonl >"$WORK/out" &&
        [ "$(wc -l <"$WORK/out")" -eq 1 ]
    tap $? "the reader's star is kept across the update"
    end_session
else
    echo "# SKIP the explorer on a published cache: tmux is not installed"
fi
finish
