#!/bin/sh
# fresh-root.sh — `make check-fresh`: the README's two commands on a fresh
# minimal Debian, as a new user would run them.
#
# Makes a minimal root of this machine's Debian release (debootstrap
# --variant=minbase, from the mirror apt is configured with here, through its
# proxy if it has one), copies the committed tree (git archive HEAD) to
# /root/refuge in it, and runs there, as root with nothing in the environment
# but what a login sets:
#
#   1. ./bootstrap && ./configure && make     (bootstrap installs what it needs,
#                                             tzdata too: test_when reads zones)
#   2. ./src/refuge                           in tmux: the explorer must show
#                                             its panes and the bundled events,
#                                             and q must end it with status 0
#   3. make check                             must pass with 0 failed
#
# and fails when any of them fails. The root gets /proc, /dev and /dev/pts
# (tmux needs a pty); they are unmounted and the root is removed on every way
# out. Where unshare(1) can, all of it runs in a mount and PID namespace of
# its own, so nothing is left mounted or running even if this script is
# killed outright (the root's files are then removed by a later run, once
# they are a day old).
#
# Needs: Linux, root, debootstrap, git, and apt's Debian mirror reachable.
# Uncommitted changes are not tested: the root gets the commit in HEAD.
#
# Writes to FRESH_OUT (default ./check-fresh): build.log, explorer.txt (the
# screen), check.log, test-suite.log and failed/*.log of make check, and
# steps.log, which counts steps 1 and 2 the way test-suite.log counts tests.
#
# Environment:
#   FRESH_CACHE     kept between runs: the minimal root as a tarball (keyed by
#                   release, architecture, mirror and debootstrap's version,
#                   made again after 30 days) and the packages bootstrap
#                   downloaded. Default /var/cache/refuge-fresh; empty: none.
#   FRESH_MIRROR    the Debian mirror (default: the first one apt uses here
#                   for this release)
#   FRESH_TMP       where the root is made (default /var/tmp)
#   FRESH_MAKEFLAGS MAKEFLAGS inside the root (default: none)
#   FRESH_TIMEOUT   seconds each step may take (default 2400)
set -u

: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${FRESH_OUT:=$PWD/check-fresh}"
FRESH_CACHE=${FRESH_CACHE-/var/cache/refuge-fresh}
: "${FRESH_TMP:=/var/tmp}"
: "${FRESH_MAKEFLAGS:=}"
: "${FRESH_TIMEOUT:=2400}"
SCRIPT=$(cd "$(dirname "$0")" && pwd)/$(basename "$0")

say() { echo "check-fresh: $*"; }
die() { echo "check-fresh: $*" >&2; exit 1; }

[ "$(uname -s)" = Linux ] || die "needs Linux"
[ "$(id -u)" -eq 0 ] || die "needs root (it makes a root with debootstrap and chroots into it)"
command -v debootstrap >/dev/null 2>&1 || die "debootstrap is not installed: apt-get install debootstrap"
command -v git >/dev/null 2>&1 && git -C "$top_srcdir" rev-parse --verify -q HEAD >/dev/null ||
    die "$top_srcdir is not a git checkout: the root gets its committed tree"

# A mount and PID namespace of our own, when this machine allows one: mounts
# made there vanish with it, and every process in it ends when it does.
if [ -z "${FRESH_IN_NS:-}" ] && command -v unshare >/dev/null 2>&1 &&
    unshare --mount --pid --fork true 2>/dev/null; then
    FRESH_IN_NS=1 top_srcdir=$top_srcdir FRESH_OUT=$FRESH_OUT FRESH_CACHE=$FRESH_CACHE \
        exec unshare --mount --pid --fork --propagation private --kill-child=TERM sh "$SCRIPT"
fi

# ---- the release, the mirror, the proxy -------------------------------------------
[ -r /etc/os-release ] || die "no /etc/os-release"
ID=$(. /etc/os-release && echo "${ID:-}")
CODENAME=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
[ "$ID" = debian ] && [ -n "$CODENAME" ] || die "this is not Debian with a release codename (${ID:-unknown})"
ARCH=$(dpkg --print-architecture)

# The URI of the first enabled "deb" source for the release in apt's sources:
# deb822 files (*.sources), then one-line ones (sources.list, *.list).
apt_mirror() {
    for f in /etc/apt/sources.list.d/*.sources; do
        [ -f "$f" ] || continue
        awk -v want="$1" '
            function done_stanza() {
                if ((" " types " ") ~ / deb / && (" " suites " ") ~ (" " want " ") &&
                    tolower(enabled) != "no" && uris != "" && !found) {
                    split(uris, u, " ")
                    print u[1]
                    found = 1
                }
                types = suites = uris = enabled = ""
            }
            /^[ \t]*#/ { next }
            /^[ \t]*$/ { done_stanza(); next }
            {
                key = tolower($1)
                value = $0
                sub(/^[^:]*:[ \t]*/, "", value)
                if (key == "types:") types = value
                else if (key == "suites:") suites = value
                else if (key == "uris:") uris = value
                else if (key == "enabled:") enabled = value
            }
            END { done_stanza() }' "$f"
    done
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [ -f "$f" ] || continue
        awk -v want="$1" '
            $1 != "deb" { next }
            {
                i = 2
                if ($i ~ /^\[/) while ($i !~ /\]$/ && i < NF) i++
                if ($i ~ /^\[/ || $i ~ /\]$/) i++
                if ($(i + 1) == want) print $i
            }' "$f"
    done
}
MIRROR=${FRESH_MIRROR:-$(apt_mirror "$CODENAME" | head -n 1)}
[ -n "$MIRROR" ] || die "no Debian mirror for $CODENAME in /etc/apt (set FRESH_MIRROR)"
HTTP_PROXY_APT="" HTTPS_PROXY_APT=""
eval "$(apt-config shell HTTP_PROXY_APT Acquire::http::Proxy HTTPS_PROXY_APT Acquire::https::Proxy)"
# debootstrap downloads with wget, which reads the proxy from the environment.
if [ -n "$HTTP_PROXY_APT" ] && [ "$HTTP_PROXY_APT" != DIRECT ] && [ -z "${http_proxy:-}" ]; then
    export http_proxy="$HTTP_PROXY_APT"
fi
if [ -n "$HTTPS_PROXY_APT" ] && [ "$HTTPS_PROXY_APT" != DIRECT ] && [ -z "${https_proxy:-}" ]; then
    export https_proxy="$HTTPS_PROXY_APT"
fi
say "Debian $CODENAME ($ARCH) from $MIRROR${http_proxy:+ through $http_proxy}"

# ---- cleanup on every way out -----------------------------------------------------
ROOT=""
TMUX_UP=""
# Processes whose root is the fresh root (a tmux server, a test left behind).
# The root's /proc numbers them as this script sees them.
kill_inside() {
    [ -n "$ROOT" ] && [ -d "$ROOT/proc/self" ] || return 0
    for p in "$ROOT"/proc/[0-9]*; do
        [ "$(readlink "$p/root" 2>/dev/null)" = "$ROOT" ] && kill -KILL "${p##*/}" 2>/dev/null
    done
    return 0
}
# Mount points at or under the root, deepest first.
mounts_inside() {
    [ -n "$ROOT" ] || return 0
    awk -v r="$ROOT" '$5 == r || index($5, r "/") == 1 { print $5 }' /proc/self/mountinfo | sort -r
}
cleanup() {
    status=$?
    trap - EXIT INT TERM HUP
    if [ -n "$ROOT" ]; then
        [ -z "$TMUX_UP" ] || in_root tmux -L fresh kill-server >/dev/null 2>&1
        kill_inside
        for m in $(mounts_inside); do
            umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null
        done
        if [ -n "$(mounts_inside)" ]; then
            echo "check-fresh: still mounted under $ROOT, not removed:" >&2
            mounts_inside >&2
            [ "$status" -ne 0 ] || status=1
        else
            rm -rf --one-file-system "$ROOT"
        fi
    fi
    exit "$status"
}
trap cleanup EXIT
# The shell runs a trap only once the command in hand ends: long steps run
# in the background and are waited for, which a signal interrupts at once.
run() { "$@" & wait $!; }
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# in_root COMMAND...: COMMAND in the root as root, with a login's environment
# (no locale: a minimal Debian has none but C.UTF-8 built in) and the signals
# a login has (a background job of this script starts with SIGINT and
# SIGQUIT ignored).
in_root() {
    chroot "$ROOT" /usr/bin/env --default-signal=INT,QUIT -i HOME=/root USER=root LOGNAME=root SHELL=/bin/bash \
        PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
        ${FRESH_MAKEFLAGS:+MAKEFLAGS="$FRESH_MAKEFLAGS"} "$@"
}

started=$(date +%s)
elapsed() { echo "$(($(date +%s) - started)) s"; }
rm -rf "$FRESH_OUT"
mkdir -p "$FRESH_OUT" "$FRESH_TMP" || die "cannot make $FRESH_OUT"
# Roots that a killed run could not remove (nothing is mounted on them: the
# namespace went with it), once they are a day old.
for old in "$FRESH_TMP"/refuge-fresh.*; do
    [ -d "$old" ] && [ -n "$(find "$old" -maxdepth 0 -mtime +0)" ] &&
        ! awk -v r="$old" 'index($5, r) == 1 { found = 1 } END { exit !found }' /proc/self/mountinfo &&
        rm -rf --one-file-system "$old"
done
ROOT=$(mktemp -d "$FRESH_TMP/refuge-fresh.XXXXXX") || die "cannot make a directory in $FRESH_TMP"
ROOT=$(cd "$ROOT" && pwd -P) # as /proc/PID/root shows it
chmod 755 "$ROOT" # / of the root: user nobody walks through it in the tests

# ---- the minimal root, from the cache or made now ------------------------------------
key=$(printf '%s\n' "$CODENAME" "$ARCH" minbase "$MIRROR" "$(debootstrap --version)" | cksum | cut -d' ' -f1)
BASE=""
if [ -n "$FRESH_CACHE" ] && mkdir -p "$FRESH_CACHE/debs" 2>/dev/null; then
    BASE="$FRESH_CACHE/base-$CODENAME-$ARCH-$key.tar"
    # Older bases, and this one after 30 days (the mirror moves on), go.
    find "$FRESH_CACHE" -maxdepth 1 -name 'base-*.tar' -mtime +30 -exec rm -f {} + 2>/dev/null
else
    say "no cache (FRESH_CACHE is empty or cannot be made)"
fi
if [ -n "$BASE" ] && [ -f "$BASE" ] && tar --numeric-owner -xpf "$BASE" -C "$ROOT" 2>"$FRESH_OUT/tar.err"; then
    say "minimal root from the cache ($BASE), $(elapsed)"
else
    [ -z "$BASE" ] || [ ! -f "$BASE" ] || { say "the cached root does not unpack, making it again"; cat "$FRESH_OUT/tar.err"; }
    find "$ROOT" -mindepth 1 -maxdepth 1 -exec rm -rf --one-file-system {} +
    say "debootstrap --variant=minbase $CODENAME ..."
    if ! run timeout "$FRESH_TIMEOUT" debootstrap --variant=minbase --arch="$ARCH" "$CODENAME" "$ROOT" "$MIRROR" \
        >"$FRESH_OUT/debootstrap.log" 2>&1; then
        tail -n 30 "$FRESH_OUT/debootstrap.log"
        [ -f "$ROOT/debootstrap/debootstrap.log" ] && tail -n 30 "$ROOT/debootstrap/debootstrap.log"
        die "debootstrap failed"
    fi
    # A fresh installation keeps no downloaded packages.
    rm -f "$ROOT"/var/cache/apt/archives/*.deb
    [ -z "$(mounts_inside)" ] || die "debootstrap left mounts in the root"
    if [ -n "$BASE" ]; then
        tar --numeric-owner -cf "$BASE.$$" -C "$ROOT" . && mv "$BASE.$$" "$BASE" &&
            say "minimal root made and cached as $BASE, $(elapsed)" ||
            { rm -f "$BASE.$$"; say "minimal root made (not cached), $(elapsed)"; }
    else
        say "minimal root made, $(elapsed)"
    fi
fi

# The host's name server and proxy: the root reaches the mirror as apt does here.
cp -L /etc/resolv.conf "$ROOT/etc/resolv.conf" 2>/dev/null
{
    [ -z "${http_proxy:-}" ] || echo "Acquire::http::Proxy \"$http_proxy\";"
    [ -z "${https_proxy:-}" ] || echo "Acquire::https::Proxy \"$https_proxy\";"
} >"$ROOT/etc/apt/apt.conf.d/01proxy"
[ -s "$ROOT/etc/apt/apt.conf.d/01proxy" ] || rm -f "$ROOT/etc/apt/apt.conf.d/01proxy"
# Packages downloaded by earlier runs (apt checks each against its index).
if [ -n "$BASE" ]; then
    for deb in "$FRESH_CACHE"/debs/*.deb; do
        [ -f "$deb" ] || continue
        ln "$deb" "$ROOT/var/cache/apt/archives/" 2>/dev/null || cp "$deb" "$ROOT/var/cache/apt/archives/"
    done
fi

# ---- the checkout, the mounts ---------------------------------------------------------
git -C "$top_srcdir" archive --prefix=refuge/ HEAD | tar -xf - -C "$ROOT/root" ||
    die "cannot copy the committed tree into the root"
say "/root/refuge holds commit $(git -C "$top_srcdir" rev-parse --short HEAD)"
[ -z "$(git -C "$top_srcdir" status --porcelain --untracked-files=no 2>/dev/null)" ] ||
    say "(uncommitted changes in $top_srcdir are not part of it)"

mount -t proc proc "$ROOT/proc" || die "cannot mount /proc in the root"
mount --rbind /dev "$ROOT/dev" || die "cannot bind /dev into the root"
mount --make-rslave "$ROOT/dev" 2>/dev/null # unmounting there never reaches the host's /dev
[ -e "$ROOT/dev/pts/ptmx" ] || die "no /dev/pts in the root"

steps_pass=0 steps_fail=0
step_result() { # step_result STATUS NAME
    if [ "$1" -eq 0 ]; then
        steps_pass=$((steps_pass + 1))
        echo "PASS: $2" >>"$FRESH_OUT/steps.txt"
    else
        steps_fail=$((steps_fail + 1))
        echo "FAIL: $2" >>"$FRESH_OUT/steps.txt"
    fi
    say "$( [ "$1" -eq 0 ] && echo PASS || echo FAIL ): $2, $(elapsed)"
}
write_steps() {
    {
        echo "# PASS: $steps_pass"
        echo "# FAIL: $steps_fail"
        cat "$FRESH_OUT/steps.txt"
    } >"$FRESH_OUT/steps.log"
}
: >"$FRESH_OUT/steps.txt"

# ---- 1. ./bootstrap && ./configure && make ---------------------------------------------
timeout "$FRESH_TIMEOUT" chroot "$ROOT" /bin/true && # the root runs at all
    run in_root timeout "$FRESH_TIMEOUT" sh -c 'cd /root/refuge && ./bootstrap && ./configure && make' \
        >"$FRESH_OUT/build.log" 2>&1
built=$?
grep '^bootstrap: installing' "$FRESH_OUT/build.log"
[ $built -eq 0 ] || tail -n 40 "$FRESH_OUT/build.log"
step_result $built "./bootstrap && ./configure && make in a fresh root"

# Downloaded packages go back to the cache; those no longer used leave it.
if [ -n "$BASE" ] && [ $built -eq 0 ]; then
    for deb in "$ROOT"/var/cache/apt/archives/*.deb; do
        [ -f "$deb" ] || continue
        name=${deb##*/}
        [ -f "$FRESH_CACHE/debs/$name" ] ||
            { cp "$deb" "$FRESH_CACHE/debs/.$name.$$" && mv "$FRESH_CACHE/debs/.$name.$$" "$FRESH_CACHE/debs/$name"; }
    done
    for deb in "$FRESH_CACHE"/debs/*.deb; do
        [ -f "$deb" ] && [ ! -f "$ROOT/var/cache/apt/archives/${deb##*/}" ] && rm -f "$deb"
    done
fi

if [ $built -ne 0 ]; then
    write_steps
    die "the build failed in the fresh root: see $FRESH_OUT/build.log"
fi

# ---- 2. ./src/refuge opens the explorer on the bundled data -------------------------------
# In tmux, in the root: polled until the screen shows the explorer, then q.
tmux_in() { in_root tmux -L fresh "$@"; }
screen_has() { tmux_in capture-pane -p -t fresh 2>/dev/null | grep -qF -- "$1"; }
wait_screen() { # wait_screen SECONDS TEXT...: every TEXT on the screen at once
    tries=$(($1 * 10))
    shift
    while [ "$tries" -gt 0 ]; do
        all=yes
        for text in "$@"; do
            screen_has "$text" || { all=""; break; }
        done
        [ -n "$all" ] && return 0
        tries=$((tries - 1))
        sleep 0.1
    done
    return 1
}
TMUX_UP=yes
tmux_in new-session -d -s fresh -x 100 -y 30 \
    'cd /root/refuge && ./src/refuge; echo "[refuge exited: $?]"; exec sleep 600'
opened=1
shown=""
wait_screen 60 Timeline Feed "Trump signs EO 13942" "? help" && shown=yes
tmux_in capture-pane -p -t fresh >"$FRESH_OUT/explorer.txt" 2>&1 # what it showed
if [ -n "$shown" ]; then
    tmux_in send-keys -t fresh q
    wait_screen 20 "[refuge exited: 0]" && opened=0
fi
if [ $opened -ne 0 ]; then
    echo "check-fresh: the screen, ${shown:+after q, }in the root:"
    tmux_in capture-pane -p -t fresh 2>&1 | sed 's/^/  | /'
fi
tmux_in kill-server >/dev/null 2>&1
TMUX_UP=""
step_result $opened "./src/refuge shows the explorer on the bundled data and q ends it with status 0"
write_steps

# ---- 3. make check ----------------------------------------------------------------------
say "make check ..."
run in_root timeout "$FRESH_TIMEOUT" sh -c 'cd /root/refuge && make check' >"$FRESH_OUT/check.log" 2>&1
checked=$?
kill_inside
T="$ROOT/root/refuge"
if [ -f "$T/test-suite.log" ]; then
    cp "$T/test-suite.log" "$FRESH_OUT/test-suite.log"
    sed -n '/^# TOTAL:/,/^# ERROR:/p' "$T/test-suite.log"
fi
mkdir -p "$FRESH_OUT/failed"
find "$T" -name '*.trs' -exec grep -l ':test-result: \(FAIL\|ERROR\|XPASS\)' {} + 2>/dev/null |
    while read -r trs; do
        log=${trs%.trs}.log
        rel=${log#"$T"/}
        cp "$log" "$FRESH_OUT/failed/$(echo "$rel" | tr / _)"
        echo "---- $rel (fresh root)"
        tail -n 60 "$log"
    done
[ $checked -eq 0 ] || { tail -n 20 "$FRESH_OUT/check.log"; say "make check failed in the fresh root"; }
say "done, $(elapsed)"
[ $checked -eq 0 ] && [ $opened -eq 0 ]
