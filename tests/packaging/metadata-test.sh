#!/usr/bin/env bash
# ctest: the version and its release date agree everywhere a user reads them: CMake's project
# version (hbvdr --version), the CHANGELOG.md heading, CITATION.cff (version, date-released).
#   metadata-test.sh HBVDR_BINARY SOURCE_DIR VERSION RELEASE_DATE
set -euo pipefail
bin=$1 src=$2 version=$3 date=$4
. "$src/tests/packaging/common.sh"
[[ $("$bin" --version | head -1) == "hbvdr $version"* ]] || fail "hbvdr --version does not start with 'hbvdr $version'"
grep -qx "## $version — $date" "$src/CHANGELOG.md" || fail "CHANGELOG.md has no heading '## $version — $date'"
[[ $(grep -m1 '^## [0-9]' "$src/CHANGELOG.md") == "## $version — $date" ]] || fail "CHANGELOG.md's newest entry is not $version"
grep -qx "version: $version" "$src/CITATION.cff" || fail "CITATION.cff: version is not $version"
grep -qx "date-released: \"$date\"" "$src/CITATION.cff" || fail "CITATION.cff: date-released is not $date"
grep -qx "cff-version: 1.2.0" "$src/CITATION.cff" || fail "CITATION.cff: not CFF 1.2.0"
echo "metadata test: ok ($version, $date)"
