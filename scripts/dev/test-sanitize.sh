#!/usr/bin/env bash
# The sanitizer job (part of scripts/test.sh, README command 2): build hbvdr, the unit tests and
# the fuzz-smoke drivers with AddressSanitizer + UndefinedBehaviorSanitizer into build-asan/, then
# run the tests that read inputs — sample sheets, FASTA/gzip, SAM/BAM/CRAM, FASTQ, monitoring,
# aggregate, --resume, the cohort view, the command line, the malformed-input corpus — and every
# fuzz-smoke run under them. Any sanitizer report fails the job (halt_on_error; leaks are reported too).
#
# usage: scripts/dev/test-sanitize.sh [extra CMake arguments]
# Set HBVDR_SKIP_SANITIZE=1 to skip it in scripts/test.sh (e.g. for a quick local run).
set -euo pipefail
cd "$(dirname "$0")/../.."
# ccache (if installed) shares compilations between clones: paths below the checkout are hashed
# relative to it.
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$(pwd)}"
# -O1 -g: a third faster to compile than -O2 and still quick to run; no -Werror (GCC 12 reports
# false -Wmaybe-uninitialized inside <regex> under the sanitizers).
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g" -DHBVDR_SANITIZE=ON "$@" >/dev/null
cmake --build build-asan -j "$(nproc)"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:halt_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
cd build-asan
# The Catch2 tests by tag (tests that start hbvdr start the sanitizer build of it).
tests/hbvdr_tests --order lex \
    "[io],[ngs],[sheet],[batch],[aggregate],[resume],[monitor],[cohort],[errors],[malformed],[cli],[outputs]"
ctest --output-on-failure -j "$(nproc)" -L fuzz-smoke
