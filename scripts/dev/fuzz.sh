#!/usr/bin/env bash
# Long coverage-guided fuzzing runs (docs/fuzzing.md): builds the AFL++ targets (build-afl/,
# afl-clang-fast++) and a GCC ASan+UBSan build of the standalone drivers (build-asan/), assembles
# the seed corpora, runs afl-fuzz on each harness in turn (one process at a time, nice -n 10), then
# replays every input AFL++ kept (queue, crashes, hangs) under ASan+UBSan, and prints one line per
# harness: executions, executions per second, edges, crashes, hangs, sanitizer replay.
#
# usage: scripts/dev/fuzz.sh [--execs N] [--seconds T] [--out DIR] [--no-replay | --replay-only] [HARNESS...]
#   --execs N    stop each harness after about N executions (default 1000000)
#   --seconds T  stop each harness after T seconds (with --execs: whichever comes first)
#   --out DIR    findings and statistics (default build-afl/findings); a harness's directory is
#                started afresh, its line is added to DIR/summary.tsv
#   --no-replay  skip the ASan+UBSan replay
#   --replay-only  no fuzzing: replay what an earlier run of these harnesses kept in DIR
#   HARNESS      some of: fasta_input sample_sheet mutdb mutdb_raw monitor_timeline
#                monitor_definitions sam_bam fastq results_json resume_part (default: all)
# Exit status 0 only if no harness found a crash or a hang and the replay found nothing.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)

all=(fasta_input sample_sheet mutdb mutdb_raw monitor_timeline monitor_definitions sam_bam fastq results_json resume_part)
execs=1000000
seconds_limit=()
out=build-afl/findings
replay=1
fuzz=1
harnesses=()
while [[ $# -gt 0 ]]; do
    case "$1" in
    --execs) execs=$2; shift 2 ;;
    --seconds) seconds_limit=(-V "$2"); shift 2 ;;
    --out) out=$2; shift 2 ;;
    --no-replay) replay=0; shift ;;
    --replay-only) fuzz=0; shift ;;
    -h | --help) sed -n '2,19p' "$0"; exit 0 ;;
    -*) echo "fuzz.sh: unknown option $1" >&2; exit 2 ;;
    *) harnesses+=("$1"); shift ;;
    esac
done
[[ ${#harnesses[@]} -eq 0 ]] && harnesses=("${all[@]}")
limit=(-E "$execs" "${seconds_limit[@]}")

scripts/dev/install-deps.sh --fuzz
export AFL_QUIET=1
jobs=$(( $(nproc) < 2 ? $(nproc) : 2 ))
targets=()
for h in "${harnesses[@]}"; do targets+=("fuzz_$h"); done

if [[ $fuzz -eq 1 ]]; then
    echo "fuzz.sh: building the AFL++ targets (build-afl/)" >&2
    CC=afl-clang-fast CXX=afl-clang-fast++ cmake -S . -B build-afl -DCMAKE_BUILD_TYPE=Release -DHBVDR_BUILD_TESTS=OFF \
        -DHBVDR_FUZZ_ENGINE=afl >/dev/null
    nice -n 10 cmake --build build-afl -j "$jobs" --target "${targets[@]}" >/dev/null
fi
if [[ $replay -eq 1 ]]; then
    echo "fuzz.sh: building the ASan+UBSan replay drivers (build-asan/)" >&2
    cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHBVDR_SANITIZE=ON >/dev/null
    nice -n 10 cmake --build build-asan -j "$jobs" --target hbvdr "${targets[@]}" >/dev/null
fi
seeds=build-afl/fuzz-seeds
hbvdr=""
for b in build-asan/hbvdr build/hbvdr; do
    [[ -z $hbvdr && -x $b ]] && hbvdr=$(pwd)/$b
done
tests/fuzz/make-seeds.sh "$seeds" $hbvdr # results.json and part seeds need an hbvdr binary

# afl-fuzz settings for a shared machine: no CPU binding or frequency check, no screen, any core
# pattern (crashes are still recorded), the harness's scratch files in one directory we remove.
export AFL_NO_UI=1 AFL_NO_AFFINITY=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
export AFL_SKIP_CRASHES=1
scratch=$(mktemp -d /dev/shm/hbvdr-fuzz-run.XXXXXX 2>/dev/null || mktemp -d)
afl_pid=""
cleanup() { # stop afl-fuzz before its harness loses its scratch directory
    if [[ -n $afl_pid ]]; then
        kill -INT "$afl_pid" 2>/dev/null || true
        wait "$afl_pid" 2>/dev/null || true
    fi
    rm -rf "$scratch" "$scratch"-in-*
}
trap cleanup EXIT
trap 'exit 130' INT TERM
export HBVDR_FUZZ_TMPDIR=$scratch
# For the replay only (afl-fuzz refuses ASAN_OPTIONS without abort_on_error).
replay_env=(ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0}" UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}")

mkdir -p "$out"
commit=$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src include tests/fuzz || echo "+changes")
summary="$out/summary.tsv"
[[ -s $summary ]] ||
    printf 'harness\texecs\texecs_per_sec\tedges_found\ttotal_edges\tcrashes\thangs\tasan_replay\tseconds\tdate\tcommit\n' \
        >"$summary"
failed=0
for h in "${harnesses[@]}"; do
    start=$(date +%s)
    if [[ $fuzz -eq 1 ]]; then
        in="$scratch-in-$h"
        rm -rf "$in" "$out/$h"
        mkdir -p "$in"
        for d in "$seeds/$h" "tests/fuzz/corpus/$h" "tests/fuzz/regressions/$h"; do
            [[ -d $d ]] && cp "$d"/* "$in"/ 2>/dev/null || true
        done
        echo "fuzz.sh: $h: afl-fuzz ${limit[*]}" >&2
        nice -n 10 afl-fuzz -i "$in" -o "$out/$h" -m none -t 2000 "${limit[@]}" -- "build-afl/tests/fuzz/fuzz_$h" \
            >"$out/$h.log" 2>&1 &
        afl_pid=$!
        wait "$afl_pid" || { echo "fuzz.sh: $h: afl-fuzz failed, see $out/$h.log" >&2; failed=1; }
        afl_pid=""
        rm -rf "$in"
    fi
    seconds=$(( $(date +%s) - start ))
    stats="$out/$h/default/fuzzer_stats"
    get() { awk -F' *: *' -v k="$1" '$1 == k {print $2}' "$stats" 2>/dev/null; }
    crashes=$(get saved_crashes)
    hangs=$(get saved_hangs)
    verdict="skipped"
    if [[ $replay -eq 1 && -d "$out/$h/default" ]]; then
        verdict="clean"
        inputs=()
        for d in queue crashes hangs; do
            [[ -n $(ls "$out/$h/default/$d" 2>/dev/null) ]] && inputs+=("$out/$h/default/$d")
        done
        if ! env "${replay_env[@]}" nice -n 10 "build-asan/tests/fuzz/fuzz_$h" --runs 0 --timeout 20 "${inputs[@]}" >"$out/$h.replay.log" 2>&1
        then
            verdict="FAILED (see $out/$h.replay.log)"
            failed=1
        fi
    fi
    [[ ${crashes:-0} != 0 || ${hangs:-0} != 0 ]] && failed=1
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$h" "$(get execs_done)" "$(get execs_per_sec)" \
        "$(get edges_found)" "$(get total_edges)" "${crashes:-?}" "${hangs:-?}" "$verdict" "$seconds" \
        "$(date -u +%Y-%m-%d)" "$commit" >>"$summary"
    tail -n 1 "$summary" >&2
done
column -t -s $'\t' "$summary"
exit $failed
