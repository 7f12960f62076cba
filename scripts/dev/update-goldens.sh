#!/usr/bin/env bash
# Regenerate the golden end-to-end outputs under tests/golden/*/expected and the clinician text
# reports under tests/golden/reports after an intended change; review `git diff tests/golden`
# before committing.
set -euo pipefail
cd "$(dirname "$0")/../.."
scripts/dev/build.sh
HBVDR_UPDATE_GOLDEN=1 ./build/tests/hbvdr_tests "[golden]"
git --no-pager diff --stat tests/golden || true
