#!/usr/bin/env bash
# Writes tests/data/ngs/Set_B_no_drug.binned.bam (+ .bai) from the real MiSeq BAM of
# HBVseq_sub_enrichment (../shared/real-data/ngs/HBVseq_sub_enrichment/Set_B_no_drug.bam, 2.6 MB),
# small enough to commit (0.4 MB): same reads, alignments, bases and order; base qualities binned
# to 2 / 15 / 30 for Q < 13 / 13-19 / >= 20, so every decision taken on a quality (the source
# script's Q13, hbvdr's default Q20) is unchanged; read names renumbered (r1, r2, ...: the reads
# are single-end) and optional tags dropped.
#
# usage: scripts/make-real-ngs-fixture.sh [ORIGINAL.bam]      needs: samtools, python3
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
src="${1:-$here/../shared/real-data/ngs/HBVseq_sub_enrichment/Set_B_no_drug.bam}"
out="$here/tests/data/ngs/Set_B_no_drug.binned.bam"
samtools view -h "$src" | python3 -c '
import sys
def binned(c):
    q = ord(c) - 33
    return chr(33 + (2 if q < 13 else 15 if q < 20 else 30))
n = 0
for line in sys.stdin:
    if line.startswith("@"):
        if not line.startswith("@PG"):
            sys.stdout.write(line)
        continue
    f = line.rstrip("\n").split("\t")
    n += 1
    f[0] = "r%d" % n
    if f[10] != "*":
        f[10] = "".join(binned(c) for c in f[10])
    sys.stdout.write("\t".join(f[:11]) + "\n")
' | samtools view -b --no-PG --output-fmt-option level=9 -o "$out" -
samtools index "$out"
echo "wrote $out ($(stat -c %s "$out") bytes)"
