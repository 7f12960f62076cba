#!/usr/bin/env bash
# README command 2: install what is missing, build, and run the whole test suite (ctest).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/dev/install-deps.sh --test
scripts/dev/build.sh
(cd build && ctest --output-on-failure -j "$(nproc)")
# The sanitizer job: the input-reading tests and the fuzz-smoke runs under ASan + UBSan.
[[ ${HBVDR_SKIP_SANITIZE:-0} == 1 ]] || scripts/dev/test-sanitize.sh
