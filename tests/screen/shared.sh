#!/bin/sh
# A class on one server: 30 users, each with their own uid and HOME, read one
# published cache in 30 explorers at once; some star and read posts while
# the instructor publishes an update. Checked: nobody sees a lock, busy or
# read-only error; each user's marks are in their own state file and theirs
# only, kept across the update; every explorer is told that new data is
# available, and R reloads it. Needs root and setpriv (processes of 30 uids
# with no passwd entries) and tmux; skipped otherwise.
. "${top_srcdir:-.}/tests/screen/lib.sh"
require_tmux
[ "$(id -u)" -eq 0 ] || skip_all "needs root, to run 30 users' explorers"
command -v setpriv >/dev/null 2>&1 || skip_all "needs setpriv (util-linux)"

USERS=30
BASE_UID=61000
# Everything the users touch is in a directory all can read, wherever the
# checkout is (a build under /root is not readable by them).
D=$(mktemp -d "${TMPDIR:-/tmp}/refuge-class-XXXXXX") || exit 1
trap 'cleanup; rm -rf "$D"' EXIT
chmod 755 "$D"
mkdir "$D/bin" "$D/class" "$D/instructor" "$D/home"
cp "$REFUGE" "$D/bin/refuge" && chmod 755 "$D/bin/refuge" "$D/class" "$D/home"
chmod 700 "$D/instructor"
setpriv --reuid=$BASE_UID --regid=$BASE_UID --clear-groups "$D/bin/refuge" --version >/dev/null 2>&1 ||
    skip_all "a user without privileges cannot run a copy of refuge from $D"

as_user() { # as_user N COMMAND...: run as the Nth user, in their HOME
    n=$1
    shift
    setpriv --reuid=$((BASE_UID + n)) --regid=$((BASE_UID + n)) --clear-groups \
        env HOME="$D/home/u$n" XDG_CONFIG_HOME="$D/home/u$n/.config" \
        XDG_DATA_HOME="$D/home/u$n/.local/share" "$@"
}

# The instructor's private cache, published.
SRC="$D/instructor/cache.db"
CLASS="$D/class/cache.db"
"$REFUGE" --db "$SRC" check >/dev/null && "$REFUGE" publish "$SRC" "$CLASS" >/dev/null
tap $? "the instructor publishes the class cache"
[ "$(stat -c %a "$CLASS")" = 444 ]
tap $? "the published file is read-only for everyone"

i=1
while [ "$i" -le "$USERS" ]; do
    mkdir -p "$D/home/u$i"
    chown $((BASE_UID + i)):$((BASE_UID + i)) "$D/home/u$i"
    chmod 700 "$D/home/u$i"
    i=$((i + 1))
done

# The posts in the feed's order, before the update: user N (N a multiple of
# 3) stars post N/3 (counting from 0) and opens it (a read mark).
as_user 1 "$D/bin/refuge" --db "$CLASS" feed --limit $USERS --format jsonl >"$WORK/order" 2>"$WORK/err"
[ "$(wc -l <"$WORK/order")" -eq $USERS ] && [ ! -s "$WORK/err" ]
tap $? "a user reads the published cache in a batch command, with no warning"
ext_of() { sed -n "$(($1 + 1))p" "$WORK/order" | sed 's/^{"id":"\([^"]*\)".*/\1/'; }

# 30 explorers, one per user.
REFUGE="$D/bin/refuge"
i=1
while [ "$i" -le "$USERS" ]; do
    HOME="$D/home/u$i" XDG_CONFIG_HOME="$D/home/u$i/.config" \
        XDG_DATA_HOME="$D/home/u$i/.local/share" \
        REFUGE_WRAPPER="setpriv --reuid=$((BASE_UID + i)) --regid=$((BASE_UID + i)) --clear-groups" \
        start_refuge $([ "$i" -gt 1 ] && echo "-s u$i") --db "$CLASS"
    [ "$i" -eq 1 ] && tmx rename-session -t "=t:" u1
    i=$((i + 1))
done
each_session() { # each_session COMMAND...: true when it holds in every session
    i=1
    while [ "$i" -le "$USERS" ]; do
        SESSION=u$i
        "$@" || { echo "# in session u$i"; return 1; }
        i=$((i + 1))
    done
}
check "30 explorers of 30 users open the shared cache" each_session wait_for "Feed" 20

# Some users star and read.
i=3
while [ "$i" -le "$USERS" ]; do
    SESSION=u$i
    send 2
    k=0
    while [ "$k" -lt $((i / 3)) ]; do
        send j
        k=$((k + 1))
    done
    send s
    i=$((i + 3))
done
starred_ok() { [ $((${SESSION#u} % 3)) -ne 0 ] || wait_for "starred"; }
check "ten users star a post each" each_session starred_ok
i=3
while [ "$i" -le "$USERS" ]; do
    SESSION=u$i
    send Enter
    i=$((i + 3))
done
opened_ok() { [ $((${SESSION#u} % 3)) -ne 0 ] || wait_for "post $((${SESSION#u} / 3 + 1)) of"; }
check "and open it" each_session opened_ok

# The instructor imports three newer posts and publishes again, while all
# 30 have the old file open.
i=1
while [ "$i" -le 3 ]; do
    printf '{"platform":"xiaohongshu","id":"class-update-%d","lang":"en","time":"2026-03-0%dT10:00:00Z","text":"update %d"}\n' "$i" "$i" "$i"
    i=$((i + 1))
done >"$WORK/update.jsonl"
"$REFUGE" --db "$SRC" import "$WORK/update.jsonl" >/dev/null && "$REFUGE" publish "$SRC" "$CLASS" >/dev/null
tap $? "the instructor imports and publishes an update during the session"
check "every explorer is told that new data is available, and how to reload" \
    each_session wait_for "cache updated: 3 new posts" 10

# Users 6, 12, ... star one more post from the list they still have on screen.
i=6
while [ "$i" -le "$USERS" ]; do
    SESSION=u$i
    send Escape
    send j
    send s
    i=$((i + 6))
done
second_ok() { [ $((${SESSION#u} % 6)) -ne 0 ] || wait_for "starred"; }
check "marks are still saved once the cache was replaced" each_session second_ok
i=1
while [ "$i" -le "$USERS" ]; do
    SESSION=u$i
    send 2 R
    i=$((i + 1))
done
check "R reloads the new data in every explorer" each_session wait_for "(+3)"
no_errors() { ! screen | grep -Eqi "locked|busy|read-only|not saved|cannot"; }
check "no lock, busy or read-only error on any screen" each_session no_errors
end_session

# Each user's marks are theirs.
bad=""
i=1
while [ "$i" -le "$USERS" ]; do
    as_user "$i" "$D/bin/refuge" --db "$CLASS" feed --starred --format jsonl >"$WORK/mine" 2>"$WORK/err" ||
        bad="$bad u$i:failed"
    [ -s "$WORK/err" ] && bad="$bad u$i:warned"
    sed 's/^{"id":"\([^"]*\)".*/\1/' "$WORK/mine" | sort >"$WORK/got"
    : >"$WORK/want"
    if [ $((i % 3)) -eq 0 ]; then
        ext_of $((i / 3)) >>"$WORK/want"
        [ $((i % 6)) -eq 0 ] && ext_of $((i / 3 + 1)) >>"$WORK/want"
    fi
    sort -o "$WORK/want" "$WORK/want"
    cmp -s "$WORK/got" "$WORK/want" || bad="$bad u$i:stars"
    read=$(as_user "$i" "$D/bin/refuge" --db "$CLASS" check 2>/dev/null | sed -n 's/^read: //p')
    [ "$read" = "$([ $((i % 3)) -eq 0 ] && echo 1 || echo 0)" ] || bad="$bad u$i:read=$read"
    i=$((i + 1))
done
[ -z "$bad" ]
tap $? "each user's stars and read marks are exactly their own, kept across the update${bad:+ (wrong:$bad)}"
owners=$(stat -c %u "$D"/home/u*/.local/share/refuge/state-*.db | sort -u | wc -l)
[ "$owners" -eq $USERS ]
tap $? "each user has one state file of their own ($owners owners)"
"$REFUGE" --db "$SRC" feed --starred --format jsonl >"$WORK/out" && [ ! -s "$WORK/out" ] &&
    [ "$(stat -c %a "$CLASS")" = 444 ]
tap $? "the instructor's cache has none of the students' marks; the class file is still read-only"
finish
