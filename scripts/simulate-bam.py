#!/usr/bin/env python3
"""Seeded simulator of Illumina-like read pairs over a whole HBV genome, written as SAM on stdout
(already aligned: the reads are cut from known positions, so no aligner is needed).

Genome: the genotype D reference of data/ (KC875277), written to --fasta. Molecules: wild type,
or with rtL180M + rtM204V together (--linked, default 0.20), or rtA181T (--minor, default 0.05).
Reads: 2 x 150 nt, fragment 250-400 nt (mates overlap on short fragments), substitution errors
at 0.2 % per base, qualities 'F' (Q37) with 2 % of bases at Q10.

usage: simulate-bam.py --pairs N --seed S --fasta ref.fa | samtools sort -o sim.bam
"""
import argparse
import os
import random
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ACC = "KC875277"
CODONS = {"M": "ATG", "V": "GTG", "T": "ACT"}


def panel(acc):
    name, seq = None, []
    with open(os.path.join(ROOT, "data", "references", "hbv_reference_panel.fasta")) as f:
        for line in f:
            if line.startswith(">"):
                if name == acc:
                    break
                name, seq = line[1:].split()[0], []
            elif name == acc:
                seq.append(line.strip().upper())
    return "".join(seq)


def mutate(g, changes):
    s = list(g)
    for pos, codon in changes:
        off = 129 + 3 * (pos - 1)
        s[off:off + 3] = codon
    return "".join(s)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pairs", type=int, default=2_000_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--fasta", required=True)
    ap.add_argument("--linked", type=float, default=0.20)
    ap.add_argument("--minor", type=float, default=0.05)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    g = panel(ACC)
    L = len(g)
    with open(a.fasta, "w") as f:
        f.write(">%s\n" % ACC)
        for i in range(0, L, 70):
            f.write(g[i:i + 70] + "\n")
    haps = [(a.linked, mutate(g, [(180, "ATG"), (204, "GTG")])), (a.minor, mutate(g, [(181, "ACT")]))]
    circ = [h + h[:400] for _, h in haps]
    wt = g + g[:400]
    base_q = "F" * 150
    out = sys.stdout
    out.write("@HD\tVN:1.6\tSO:unsorted\n@SQ\tSN:%s\tLN:%d\n" % (ACC, L))
    other = {"A": "CGT", "C": "AGT", "G": "ACT", "T": "ACG", "N": "ACG"}
    rr = rnd.random
    for i in range(a.pairs):
        x = rr()
        h = wt
        acc = 0.0
        for k, (fr, _) in enumerate(haps):
            acc += fr
            if x < acc:
                h = circ[k]
                break
        flen = rnd.randint(250, 400)
        start = rnd.randrange(0, L - flen)  # linear genome: fragments do not cross the end
        left = h[start:start + 150]
        rpos = start + flen - 150
        right = h[rpos:rpos + 150]
        reads = []
        for s in (left, right):
            if rr() < 0.26:  # ~0.3 errors per 150-nt read
                s = list(s)
                for _ in range(1 + (rr() < 0.15)):
                    j = rnd.randrange(150)
                    s[j] = other[s[j]][rnd.randrange(3)]
                s = "".join(s)
            q = base_q
            if rr() < 0.95:
                j = rnd.randrange(150)
                q = q[:j] + "+" * 3 + q[j + 3:]
                q = q[:150]
            reads.append((s, q))
        name = "p%d" % i
        out.write("%s\t99\t%s\t%d\t60\t150M\t=\t%d\t%d\t%s\t%s\tMC:Z:150M\n" % (name, ACC, start + 1, rpos + 1, flen, reads[0][0], reads[0][1]))
        out.write("%s\t147\t%s\t%d\t60\t150M\t=\t%d\t%d\t%s\t%s\tMC:Z:150M\n" % (name, ACC, rpos + 1, start + 1, -flen, reads[1][0], reads[1][1]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
