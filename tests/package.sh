#!/bin/sh
# tests/package.sh — builds the Debian package and checks it without
# installing it: lintian must report no error and no warning, the package
# must hold what it promises (the program, both man pages, the system
# settings as a conffile, the installed tour, the docs), and the program
# unpacked with dpkg -x must run: --version, check on a new cache, a batch
# command, config over the shipped system file, the installed tour.
#
# Usage: tests/package.sh [BUILDDIR]    (make check-deb passes its build
# directory). A configured BUILDDIR is used for make deb; without one, the
# source tree is configured afresh in a temporary directory. Everything the
# script makes goes to a temporary directory, removed at the end unless
# KEEP=1. The package is built with DEB_BUILD_OPTIONS=nocheck unless
# DEB_BUILD_OPTIONS is set (make check already ran the tests; set it to ""
# to run them inside the package build too). As root, missing tools
# (dpkg-dev, debhelper, lintian, fakeroot) are installed with apt-get.
# Prints one line per check ("ok"/"not ok") and exits non-zero on a failure.
set -u

srcdir=$(cd "$(dirname "$0")/.." && pwd)
builddir=${1:-}
work=$(mktemp -d "${TMPDIR:-/tmp}/refuge-package.XXXXXX")
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$work"' EXIT
failures=0
started=$(date +%s)

check() { # check STATUS DESCRIPTION
    if [ "$1" -eq 0 ]; then
        echo "ok - $2"
    else
        echo "not ok - $2"
        failures=$((failures + 1))
    fi
}
bail() {
    echo "not ok - $1"
    echo "package: FAILED (stopped early)"
    exit 1
}

# --- tools ----------------------------------------------------------------
missing=""
for pkg in dpkg-dev debhelper lintian fakeroot; do
    case "$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)" in
    *" installed") ;;
    *) missing="$missing $pkg" ;;
    esac
done
if [ -n "$missing" ]; then
    if [ "$(id -u)" -eq 0 ]; then
        echo "package: installing:$missing"
        # shellcheck disable=SC2086
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null 2>&1 ||
            { apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
                apt-get install -y -qq --no-install-recommends $missing >/dev/null; } ||
            bail "could not install$missing"
    else
        bail "missing Debian packages; install them with: sudo apt-get install$missing"
    fi
fi
(cd "$srcdir" && dpkg-checkbuilddeps -Pnocheck) || bail "build dependencies are missing (./bootstrap installs them)"

# --- build ----------------------------------------------------------------
export DEB_BUILD_OPTIONS="${DEB_BUILD_OPTIONS-nocheck}"
if [ -z "$builddir" ] || [ ! -f "$builddir/Makefile" ]; then
    builddir=$work/build
    mkdir "$builddir"
    (cd "$builddir" && "$srcdir/configure" >"$work/configure.log" 2>&1) ||
        { tail -n 30 "$work/configure.log"; bail "configure for the package build"; }
fi
echo "package: building with DEB_BUILD_OPTIONS='$DEB_BUILD_OPTIONS'"
if ! make -C "$builddir" deb DEB_OUT="$work/out" >"$work/build.log" 2>&1; then
    # the failing tests (the build prints their logs), then the end
    grep -E '^(not ok|FAIL:|ERROR:|#   failed at)' "$work/build.log"
    tail -n 40 "$work/build.log"
    bail "make deb"
fi
deb=""
for f in "$work"/out/refuge_*.deb; do
    [ -f "$f" ] && deb=$f
done
[ -n "$deb" ] || bail "make deb left no refuge_*.deb"
check 0 "make deb builds $(basename "$deb") in $(($(date +%s) - started))s"

# --- lintian --------------------------------------------------------------
# Errors and warnings fail; info tags (I:) are shown but pass.
lintian --display-info "$deb" >"$work/lintian.out" 2>&1
status=$?
grep -v 'running with root privileges' "$work/lintian.out" | sed 's/^/    /'
[ "$status" -eq 0 ] && ! grep -q '^[EW]: ' "$work/lintian.out"
check $? "lintian $(lintian --version | sed 's/^Lintian v//') reports no error and no warning"

# --- contents -------------------------------------------------------------
dpkg-deb -c "$deb" | awk '{ print $6 }' | sed 's|^\./|/|' >"$work/contents"
for path in /usr/bin/refuge /usr/share/man/man1/refuge.1.gz /usr/share/man/man5/refuge.ini.5.gz \
    /etc/refuge/refuge.ini /usr/share/refuge/tours/saga.ini /usr/share/refuge/refuge.ini \
    /usr/share/doc/refuge/copyright /usr/share/doc/refuge/changelog.gz \
    /usr/share/locale/zh_CN/LC_MESSAGES/refuge.mo /usr/share/man/zh_CN/man1/refuge.1.gz \
    /usr/share/man/zh_CN/man5/refuge.ini.5.gz; do
    grep -qx "$path" "$work/contents"
    check $? "the package holds $path"
done
grep -q '^/usr/share/doc/refuge/README\.md' "$work/contents" &&
    grep -q '^/usr/share/doc/refuge/SECURITY\.md' "$work/contents"
check $? "the package holds the README and SECURITY.md"
dpkg-deb -I "$deb" conffiles 2>/dev/null | grep -qx /etc/refuge/refuge.ini
check $? "/etc/refuge/refuge.ini is a conffile"

# --- unpacked, chroot-free ------------------------------------------------
root=$work/root
dpkg -x "$deb" "$root"
refuge=$root/usr/bin/refuge
export HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config" XDG_DATA_HOME="$work/home/.local/share"
export XDG_CONFIG_DIRS="$work/xdg" LC_ALL=C.UTF-8 TZ=UTC
unset REFUGE_SYSTEM_CONFIG REFUGE_TOUR_DIR NO_COLOR
mkdir -p "$HOME"

version=$(dpkg-deb -f "$deb" Version)
[ "$("$refuge" --version)" = "refuge $version" ]
check $? "the unpacked refuge --version says $version"
"$refuge" --db "$work/cache.db" check >"$work/check.out" 2>&1 && grep -qx 'integrity: ok' "$work/check.out" && grep -q '^posts: [1-9]' "$work/check.out"
check $? "refuge --db NEW check builds and checks a cache"
"$refuge" --db "$work/cache.db" timeline --from 2025-01-17 --to 2025-01-19 >"$work/timeline.out" 2>&1 &&
    grep -q 'Supreme Court' "$work/timeline.out"
check $? "a batch command prints the timeline"
"$refuge" --db "$work/cache.db" feed --search 小红书 --limit 3 --format jsonl >"$work/feed.out" 2>&1 &&
    [ "$(wc -l <"$work/feed.out")" -eq 3 ]
check $? "a batch search finds Chinese posts"
grep -aq '/etc/refuge/refuge.ini' "$refuge" && grep -aq '/usr/share/refuge/tours' "$refuge"
check $? "the program looks for /etc/refuge/refuge.ini and /usr/share/refuge/tours"
REFUGE_SYSTEM_CONFIG=$root/etc/refuge/refuge.ini "$refuge" config >"$work/config.out" 2>"$work/config.err" &&
    [ ! -s "$work/config.err" ] && ! grep -q '; from' "$work/config.out"
check $? "the shipped system settings load without a problem and change nothing"
printf '[stats]\ntop = 3\n' >"$work/system.ini"
REFUGE_SYSTEM_CONFIG=$work/system.ini "$refuge" config 2>&1 |
    grep -qxF "stats.top = 3  ; from $work/system.ini:2"
check $? "refuge config names the system file a value came from"
REFUGE_TOUR_DIR=$root/usr/share/refuge/tours "$refuge" tour --print saga >"$work/tour.md" 2>&1 &&
    "$refuge" tour --print | cmp -s - "$work/tour.md"
check $? "the installed tour is the bundled one"
locale -a 2>/dev/null | grep -qix 'zh_CN\.utf-\?8' &&
    LC_ALL=zh_CN.UTF-8 REFUGE_LOCALEDIR=$root/usr/share/locale "$refuge" --help 2>&1 |
    grep -q '用法'
check $? "the packaged Chinese messages are used in a zh_CN.UTF-8 locale"
MANWIDTH=80 man -l "$root/usr/share/man/man1/refuge.1.gz" 2>/dev/null | grep -q 'etc/refuge/refuge.ini' ||
    zcat "$root/usr/share/man/man1/refuge.1.gz" | grep -q '/etc/refuge/refuge.ini'
check $? "refuge(1) names /etc/refuge/refuge.ini"

echo "package: $(dpkg-deb -f "$deb" Package) $version, $(grep -c . "$work/contents") paths," \
    "$(($(date +%s) - started))s in all"
if [ "$failures" -ne 0 ]; then
    echo "package: $failures check(s) FAILED"
    exit 1
fi
echo "package: all checks passed"
