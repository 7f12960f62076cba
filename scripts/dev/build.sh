#!/usr/bin/env bash
# Configure and build hbvdr (Release, warnings as errors) into build/. Extra arguments go to CMake.
set -euo pipefail
cd "$(dirname "$0")/../.."
# ccache (if installed) shares compilations between clones: paths below the checkout are hashed
# relative to it.
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$(pwd)}"
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DHBVDR_WERROR=ON "$@" >/dev/null
cmake --build build -j "$(nproc)"
