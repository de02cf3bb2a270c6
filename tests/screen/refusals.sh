#!/bin/sh
# What refuge refuses before doing harm: a cache path that is not a regular
# file is neither opened nor moved aside by --rebuild, and --top is bounded
# (a usage error, not an allocation of gigabytes).
. "${top_srcdir:-.}/tests/screen/lib.sh"

mkfifo "$WORK/fifo"
mkdir "$WORK/dir"
ln -s /dev/null "$WORK/devlink"
for what in fifo dir devlink; do
    case $what in
    fifo) kind="a fifo" ;;
    dir) kind="a directory" ;;
    devlink) kind="a device" ;;
    esac
    timeout 20 "$REFUGE" --db "$WORK/$what" --rebuild check >/dev/null 2>"$WORK/err"
    [ $? -eq 1 ] && grep -q "^refuge: $WORK/$what is $kind, not a cache file" "$WORK/err" &&
        [ "$(wc -l <"$WORK/err")" -eq 1 ] && [ -z "$(ls "$WORK" | grep damaged)" ]
    tap $? "--rebuild refuses $kind at the cache's path, and moves nothing"
    timeout 20 "$REFUGE" --db "$WORK/$what" check >/dev/null 2>"$WORK/err"
    [ $? -eq 1 ] && grep -q "is $kind, not a cache file" "$WORK/err"
    tap $? "so does opening $kind as the cache"
done
[ -p "$WORK/fifo" ] && [ -d "$WORK/dir" ] && [ -L "$WORK/devlink" ] && [ -c /dev/null ]
tap $? "each is where it was"

"$REFUGE" --db "$WORK/c.db" check >/dev/null
"$REFUGE" --db "$WORK/c.db" --rebuild check >/dev/null 2>"$WORK/err"
[ $? -eq 0 ] && grep -q "rebuilt the cache; the old one is kept as" "$WORK/err" &&
    [ -n "$(ls "$WORK" | grep 'c.db.damaged-')" ]
tap $? "--rebuild still moves a regular cache aside"

for top in 1000000000 1001 -1 x; do
    timeout 20 "$REFUGE" --db "$WORK/c.db" stats --top "$top" >/dev/null 2>"$WORK/err"
    [ $? -eq 2 ] && grep -q "stats: --top: expected a number from 0 to 1000, got '$top'" "$WORK/err"
    tap $? "stats --top $top is a usage error"
done
"$REFUGE" --db "$WORK/c.db" stats --top 1000 >/dev/null
tap $? "stats --top 1000 works"

finish
