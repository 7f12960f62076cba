#!/usr/bin/env bash
# Benchmark of the Sanger/FASTA path (not a test): hbvdr analyze on N seeded simulated RT-region
# sequences (~1.1 kb each) against the anchor minimap2 -cx asm20 aligning the same file to the same
# ten genotype references, both on one thread, in the same run (machines are noisy: compare the ratio).
# Target: >= 2,000 sequences/s/core end to end (100,000 in < 50 s), memory flat in N.
#
# usage: scripts/bench/bench-fasta.sh [N=100000] [SEED=1]        env: BENCH_DIR (kept), REPEATS (3)
set -euo pipefail
# -h, --help: print the comment above and exit (before anything is installed, built or simulated).
[[ ${1:-} == -h || ${1:-} == --help ]] && { sed -n '2,/^set -/{/^#/s/^# \{0,1\}//p}' "$0"; exit 0; }
cd "$(dirname "$0")/../.."
N=${1:-100000}
SEED=${2:-1}
REPEATS=${REPEATS:-3}
scripts/dev/install-deps.sh --bench
scripts/dev/build.sh >/dev/null
work=${BENCH_DIR:-$(mktemp -d)}
mkdir -p "$work"

echo "bench-fasta: simulating $N sequences (seed $SEED) in $work" >&2
python3 scripts/fixtures/simulate-rt-sequences.py --n "$N" --seed "$SEED" --out "$work/sim.fasta"
python3 scripts/fixtures/simulate-rt-sequences.py --n "$((N / 10))" --seed "$SEED" --out "$work/sim_small.fasta"
# The same ten genotype references hbvdr aligns to (manifest column genotype_reference = yes).
PYTHONPATH=scripts/lib python3 -c 'import sys, hbv_panel as p
p.write_fasta(sys.argv[1], [(r.header, r.seq) for r in p.genotype_reference_records()])' "$work/refs.fasta"

# run NAME CMD... -> appends "seconds peak_kb" per repeat to $work/NAME.times
run() {
    local name=$1; shift
    : > "$work/$name.times"
    for _ in $(seq "$REPEATS"); do
        /usr/bin/time -f "%e %M" -o "$work/$name.t" "$@" > /dev/null 2> "$work/$name.log" || true
        cat "$work/$name.t" >> "$work/$name.times"
    done
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# Archive-scale settings (tables, results.json, MultiQC; no per-sample report files), and once the
# defaults (a text and an HTML report file per sample) for information.
run hbvdr ./build/hbvdr analyze "$work/sim.fasta" -o "$work/out" -q --threads 1 --reports none
run minimap2 minimap2 -cx asm20 -t 1 "$work/refs.fasta" "$work/sim.fasta"
run hbvdr_small ./build/hbvdr analyze "$work/sim_small.fasta" -o "$work/out_small" -q --threads 1 --reports none
REPEATS=1 run hbvdr_reports ./build/hbvdr analyze "$work/sim.fasta" -o "$work/out_reports" -q --threads 1

t_h=$(cut -d' ' -f1 "$work/hbvdr.times" | median)
m_h=$(cut -d' ' -f2 "$work/hbvdr.times" | median)
t_m=$(cut -d' ' -f1 "$work/minimap2.times" | median)
m_m=$(cut -d' ' -f2 "$work/minimap2.times" | median)
m_s=$(cut -d' ' -f2 "$work/hbvdr_small.times" | median)
t_r=$(cut -d' ' -f1 "$work/hbvdr_reports.times" | median)
rows=$(($(wc -l < "$work/out/summary.tsv") - 1))
awk -v n="$N" -v rows="$rows" -v th="$t_h" -v tm="$t_m" -v mh="$m_h" -v mm="$m_m" -v ms="$m_s" -v tr="$t_r" -v r="$REPEATS" 'BEGIN {
    printf "bench-fasta: %d simulated RT sequences, 1 thread, median of %d runs\n", n, r
    printf "  hbvdr analyze --reports none  %8.2f s  %8.0f seq/s  peak %6.1f MB  (%d summary rows)\n", th, n / th, mh / 1024, rows
    printf "  minimap2 -cx asm20 (anchor)   %8.2f s  %8.0f seq/s  peak %6.1f MB\n", tm, n / tm, mm / 1024
    printf "  ratio hbvdr / minimap2        %8.2f\n", th / tm
    printf "  memory: peak %.1f MB at %d sequences vs %.1f MB at %d (flat in N if close)\n", mh / 1024, n, ms / 1024, n / 10
    printf "  target >= 2000 seq/s/core: %s\n", (n / th >= 2000 ? "met" : "NOT met")
    printf "  (with the default per-sample text+HTML report files: %.2f s, %.0f seq/s, 1 run)\n", tr, n / tr
}'
