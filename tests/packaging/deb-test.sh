#!/usr/bin/env bash
# ctest: `cpack -G DEB` builds hbvdr_VERSION_ARCH.deb with dependencies computed from the binary;
# lintian reports no error (its full output is printed); the package, extracted with dpkg-deb -x
# into a temporary root, runs there on the bundled examples with no build tree reachable and
# gives the build tree's bytes; its man page, copyright and changelog are in place.
#   deb-test.sh BUILD_DIR SOURCE_DIR VERSION
set -euo pipefail
build=$1 src=$2 version=$3
. "$src/tests/packaging/common.sh"
need cpack dpkg-deb dpkg-shlibdeps dpkg-parsechangelog lintian man file
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cpack --config "$build/CPackConfig.cmake" -G DEB -B "$tmp/pkg" >"$tmp/cpack.log" 2>&1 \
    || fail "cpack -G DEB failed: $(tail -20 "$tmp/cpack.log")"
deb=$tmp/pkg/hbvdr_${version}_$(dpkg --print-architecture).deb
[[ -f "$deb" ]] || fail "no $(basename "$deb"): $(ls "$tmp/pkg")"
echo "package: $(basename "$deb"), $(stat -c %s "$deb") bytes"

# Dependencies come from dpkg-shlibdeps: the shared libraries the binary links.
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
for lib in libc6 libstdc++6 libhts3; do
    tr ',' '\n' <<<"$depends" | sed 's/^ *//; s/ .*//' | grep -qxF "$lib" || fail "Depends lacks $lib: $depends"
done

# lintian: an error fails the test; warnings and info are shown (none expected; see packaging/deb/).
lintian_rc=0
lintian --fail-on error --display-info "$deb" >"$tmp/lintian.txt" 2>&1 || lintian_rc=$?
grep -v "running with root privileges is not recommended" "$tmp/lintian.txt" || true
[[ $lintian_rc -eq 0 ]] || fail "lintian reports errors (exit $lintian_rc)"
! grep -q "^E: " "$tmp/lintian.txt" || fail "lintian reports errors"

dpkg-deb -x "$deb" "$tmp/root"
root=$tmp/root
for f in usr/bin/hbvdr usr/share/hbvdr/data/manifest.tsv usr/share/hbvdr/data/monitoring/definitions.tsv \
    usr/share/hbvdr/mutation-db/LICENSE usr/share/man/man1/hbvdr.1.gz usr/share/doc/hbvdr/copyright \
    usr/share/doc/hbvdr/changelog.gz usr/share/lintian/overrides/hbvdr; do
    [[ -e "$root/$f" ]] || fail "the package lacks /$f"
done
[[ $(zcat "$root/usr/share/doc/hbvdr/changelog.gz" | dpkg-parsechangelog -l - -S Version) == "$version" ]] \
    || fail "the Debian changelog's latest version is not $version"
grep -q "^License: CC-BY-4.0$" "$root/usr/share/doc/hbvdr/copyright" || fail "copyright lacks the CC BY 4.0 text"

# The extracted binary: nothing of the build tree inside it or beside it; an empty environment;
# it must find /usr/share/hbvdr of the temporary root by itself.
check_no_build_tree "$root/usr/bin/hbvdr" "$src" "$build"
mkdir "$tmp/work"
check_installed_run "$root/usr" "$build/hbvdr" "$src" "$tmp/work"
check_man -l "$root/usr/share/man/man1/hbvdr.1.gz"
echo "deb test: ok"
