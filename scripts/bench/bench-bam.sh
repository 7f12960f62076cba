#!/usr/bin/env bash
# Benchmark of the NGS read path (not a test). Builds a seeded simulated BAM of ~2 million read
# pairs over an HBV genome (scripts/fixtures/simulate-bam.py), then times in one run, on the RT window of
# the genome (KC875277:30-1261, what hbvdr reads through the index):
#   1. hbvdr analyze on the BAM, one thread          (whole run: placement, counting, outputs)
#   2. hbvdr analyze -t 2: reading on a second thread (records handed over in input order)
#   3. samtools view -c over the same region, with no and with one extra thread (-@ 1)
#                                                     (the decompression floor)
#   4. samtools mpileup -d 0 | ivar variants          (what labs do today)
# and prints the times, reads per second and the ratios; peak memory of hbvdr from /usr/bin/time.
# The "<= 2x samtools view -c" target is checked with both sides on two threads (hbvdr -t 2 against
# the faster of samtools view -c and -@ 1) and, for the record, with both on one.
#
# usage: scripts/bench/bench-bam.sh [PAIRS] [SEED]     (defaults 2000000 1)
# needs: a built build/hbvdr, samtools, ivar, hyperfine (apt-get install samtools ivar hyperfine)
set -euo pipefail
# -h, --help: print the comment above and exit (before anything is installed, built or simulated).
[[ ${1:-} == -h || ${1:-} == --help ]] && { sed -n '2,/^set -/{/^#/s/^# \{0,1\}//p}' "$0"; exit 0; }
here="$(cd "$(dirname "$0")/../.." && pwd)"
pairs="${1:-2000000}"
seed="${2:-1}"
hbvdr="${HBVDR:-$here/build/hbvdr}"
name=bench-bam
source "$here/scripts/bench/bench-common.sh"
bench_setup samtools ivar hyperfine
bam=$(sim_bam "$pairs" "$seed")
samtools faidx ref.fa
region="KC875277:30-1261"
reads=$(samtools view -c "$bam" "$region")
echo "bench-bam: $reads reads overlap $region (of $(samtools view -c "$bam") in the BAM)" >&2

/usr/bin/time -f "%M" -o hbvdr.rss "$hbvdr" analyze "$bam" -o out -q -t 1
/usr/bin/time -f "%M" -o hbvdr2.rss "$hbvdr" analyze "$bam" -o out2 -q -t 2
hyperfine --warmup 1 --runs 5 --export-json fast.json \
    -n hbvdr "$hbvdr analyze $bam -o out -q -t 1" \
    -n "hbvdr -t 2" "$hbvdr analyze $bam -o out2 -q -t 2" \
    -n "samtools view -c" "samtools view -c $bam $region" \
    -n "samtools view -@ 1 -c" "samtools view -@ 1 -c $bam $region" >&2
hyperfine --runs 2 --export-json slow.json \
    -n "mpileup|ivar" "samtools mpileup -aa -A -d 0 -B -Q 0 -r $region -f ref.fa $bam | ivar variants -p ivar_out -q 20 -t 0.02 -r ref.fa" >&2

python3 - "$reads" "$(cat hbvdr.rss)" "$(cat hbvdr2.rss)" <<'PY'
import json, sys
reads, rss_kb, rss2_kb = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
res = {r["command"]: r for f in ("fast.json", "slow.json") for r in json.load(open(f))["results"]}
t = {k: r["mean"] for k, r in res.items()}
cpu = {k: r["user"] + r["system"] for k, r in res.items()}
h, h2, v, v2, m = t["hbvdr"], t["hbvdr -t 2"], t["samtools view -c"], t["samtools view -@ 1 -c"], t["mpileup|ivar"]
vbest = min(v, v2)
print(f"reads in the RT window      {reads}")
print(f"hbvdr (1 thread)            {h:8.3f} s  {reads / h / 1e6:6.2f} M reads/s  peak RSS {rss_kb / 1024:.1f} MB  (target >= 1 M reads/s)")
print(f"hbvdr -t 2                  {h2:8.3f} s  {reads / h2 / 1e6:6.2f} M reads/s  peak RSS {rss2_kb / 1024:.1f} MB")
print(f"samtools view -c (region)   {v:8.3f} s  {reads / v / 1e6:6.2f} M reads/s")
print(f"samtools view -@ 1 -c       {v2:8.3f} s  {reads / v2 / 1e6:6.2f} M reads/s")
print(f"mpileup -d 0 | ivar         {m:8.3f} s  {reads / m / 1e6:6.2f} M reads/s")
print(f"hbvdr -t 2 / samtools view -c (faster of -@ 0, 1)  {h2 / vbest:6.2f} x  (target <= 2)")
print(f"hbvdr / samtools view -c, both one thread          {h / v:6.2f} x")
print(f"mpileup|ivar / hbvdr (1 thread)                    {m / h:6.1f} x  (target >= 10)")
# CPU time (user + system) does not depend on what else runs on the machine.
hc, h2c, vc, mc = cpu["hbvdr"], cpu["hbvdr -t 2"], cpu["samtools view -c"], cpu["mpileup|ivar"]
print(f"CPU s: hbvdr {hc:.3f} ({reads / hc / 1e6:.2f} M reads/CPU-s), hbvdr -t 2 {h2c:.3f}, samtools view -c {vc:.3f}, mpileup|ivar {mc:.3f}")
print(f"CPU ratios: hbvdr / view -c {hc / vc:.2f} x, mpileup|ivar / hbvdr {mc / hc:.1f} x")
PY
