#!/usr/bin/env bash
# ctest: `cmake --install` into a temporary prefix. The installed hbvdr finds its data beside
# itself (PREFIX/share/hbvdr) with no build tree reachable, gives the build tree's bytes on the
# bundled examples, and `MANPATH=PREFIX/share/man man hbvdr` renders the whole man page.
#   install-test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1 src=$2
. "$src/tests/packaging/common.sh"
need man
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cmake --install "$build" --prefix "$tmp/prefix" >"$tmp/install.log" || fail "cmake --install: $(tail "$tmp/install.log")"
for f in bin/hbvdr share/man/man1/hbvdr.1.gz share/hbvdr/data/manifest.tsv share/hbvdr/mutation-db/LICENSE \
    share/doc/hbvdr/copyright share/doc/hbvdr/README.md share/hbvdr/workflow/Snakefile; do
    [[ -e "$tmp/prefix/$f" ]] || fail "cmake --install did not install $f"
done
[[ ! -e "$tmp/prefix/share/lintian" ]] || fail "the lintian overrides belong to the Debian package only"
check_no_build_tree "$tmp/prefix/bin/hbvdr" "$src" "$build"
mkdir "$tmp/work"
check_installed_run "$tmp/prefix" "$build/hbvdr" "$src" "$tmp/work"
MANPATH=$tmp/prefix/share/man check_man hbvdr
check_man -l "$tmp/prefix/share/man/man1/hbvdr.1.gz"
echo "install test: ok ($tmp/prefix)"
