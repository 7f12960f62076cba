#!/usr/bin/env bash
# Benchmark of the FASTQ read path (not a test): hbvdr aligns every read itself. Takes a seeded
# subsample of the bench-bam.sh BAM (reads from the whole genome) as a gzipped FASTQ pair and times,
# in one run: hbvdr analyze on one and on two threads, and minimap2 -ax sr on one thread aligning the
# same reads to the whole genome (the anchor). Prints the times and the ratio hbvdr / minimap2.
#
# usage: scripts/bench/bench-fastq.sh [FRACTION] [PAIRS] [SEED]   (defaults 0.1 2000000 1: ~400,000 reads)
# needs: a built build/hbvdr, samtools, minimap2, hyperfine, python3; runs bench-bam.sh's simulation
# if its BAM is not in BENCH_DIR yet.
set -euo pipefail
# -h, --help: print the comment above and exit (before anything is installed, built or simulated).
[[ ${1:-} == -h || ${1:-} == --help ]] && { sed -n '2,/^set -/{/^#/s/^# \{0,1\}//p}' "$0"; exit 0; }
here="$(cd "$(dirname "$0")/../.." && pwd)"
fraction="${1:-0.1}"
pairs="${2:-2000000}"
seed="${3:-1}"
hbvdr="${HBVDR:-$here/build/hbvdr}"
name=bench-fastq
source "$here/scripts/bench/bench-common.sh"
bench_setup samtools minimap2 hyperfine
bam=$(sim_bam "$pairs" "$seed")
r1="fq_${fraction}_R1.fastq.gz"
r2="fq_${fraction}_R2.fastq.gz"
if [ ! -s "$r1" ]; then
    samtools view -b -s "${seed}${fraction#0}" "$bam" | samtools sort -n -@2 -o fq_sub.bam -
    samtools fastq -1 "$r1" -2 "$r2" -0 /dev/null -s /dev/null fq_sub.bam 2>/dev/null
    rm -f fq_sub.bam
fi
reads=$(( $(gzip -dc "$r1" | wc -l) / 2 ))
echo "bench-fastq: $reads reads in $r1 + $r2" >&2
hyperfine --warmup 1 --runs 3 --export-json fastq.json \
    -n "hbvdr -t 1" "$hbvdr analyze $r1 $r2 -o fq_out1 -q -t 1 --reports none" \
    -n "hbvdr -t 2" "$hbvdr analyze $r1 $r2 -o fq_out2 -q -t 2 --reports none" \
    -n "minimap2 -t 1" "minimap2 -t 1 -ax sr ref.fa $r1 $r2 > /dev/null" >&2
cmp -s fq_out1/calls.tsv fq_out2/calls.tsv || { echo "bench-fastq: -t 1 and -t 2 outputs differ" >&2; exit 1; }
python3 - "$reads" <<'PY'
import json, sys
reads = int(sys.argv[1])
t = {r["command"]: r["mean"] for r in json.load(open("fastq.json"))["results"]}
h1, h2, m = t["hbvdr -t 1"], t["hbvdr -t 2"], t["minimap2 -t 1"]
print(f"reads                        {reads}")
print(f"hbvdr (1 thread)             {h1:8.3f} s  {reads / h1 / 1e3:7.1f} k reads/s")
print(f"hbvdr -t 2                   {h2:8.3f} s  {reads / h2 / 1e3:7.1f} k reads/s  ({h1 / h2:.2f}x one thread)")
print(f"minimap2 -ax sr (1 thread)   {m:8.3f} s  {reads / m / 1e3:7.1f} k reads/s")
print(f"hbvdr / minimap2, both one thread   {h1 / m:5.2f} x")
PY
