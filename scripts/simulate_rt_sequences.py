#!/usr/bin/env python3
"""Seeded simulation of HBV RT-region consensus sequences (about 1.1 kb) for benchmarks.

Each sequence is rt1-40 .. rt344+40 of a random genome of hbvdr's reference panel with random
substitutions (0.5-3 %), sometimes IUPAC mixtures, resistance codons, an in-frame indel, a
frameshift or reverse complementation. Same seed, same file.

usage: simulate_rt_sequences.py --n 100000 --seed 1 --out sim.fasta [--panel data/references/hbv_reference_panel.fasta]
"""
import argparse
import pathlib
import random

IUPAC = {frozenset("AG"): "R", frozenset("CT"): "Y", frozenset("GC"): "S", frozenset("AT"): "W",
         frozenset("GT"): "K", frozenset("AC"): "M"}
RESISTANCE = [(180, "ATG"), (204, "GTG"), (204, "ATT"), (181, "ACT"), (236, "ACC"), (184, "GGC"), (250, "GTG")]
COMP = str.maketrans("ACGTRYSWKMN", "TGCAYRSWMKN")


def read_panel(path):
    seqs, name = {}, None
    for line in open(path):
        line = line.strip()
        if line.startswith(">"):
            name = line[1:].split()[0]
            seqs[name] = []
        elif name:
            seqs[name].append(line.upper())
    return [("".join(v)) for v in seqs.values()]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=100000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True)
    ap.add_argument("--panel", default=str(pathlib.Path(__file__).resolve().parent.parent / "data/references/hbv_reference_panel.fasta"))
    a = ap.parse_args()
    rng = random.Random(a.seed)
    panel = read_panel(a.panel)
    rt0 = 129
    with open(a.out, "w") as out:
        for i in range(a.n):
            g = list(panel[rng.randrange(len(panel))])
            for pos, codon in RESISTANCE:
                if rng.random() < 0.08:
                    s = rt0 + 3 * (pos - 1)
                    g[s:s + 3] = list(codon)
            seq = g[rt0 - 40: rt0 + 1032 + 40]
            rate = rng.uniform(0.005, 0.03)
            for j in range(len(seq)):
                if rng.random() < rate:
                    seq[j] = rng.choice("ACGT")
            if rng.random() < 0.3:
                for _ in range(rng.randint(1, 3)):
                    j = rng.randrange(len(seq))
                    other = rng.choice([b for b in "ACGT" if b != seq[j]])
                    seq[j] = IUPAC.get(frozenset((seq[j], other)), seq[j])
            r = rng.random()
            if r < 0.03:
                j = rt0 - 40 + 3 * rng.randrange(20, 320) + 40
                del seq[j:j + 3]
            elif r < 0.05:
                j = rng.randrange(100, len(seq) - 100)
                del seq[j:j + 1]
            s = "".join(seq)
            if rng.random() < 0.1:
                s = s[::-1].translate(COMP)
            out.write(f">sim{i + 1:06d}\n")
            for k in range(0, len(s), 70):
                out.write(s[k:k + 70] + "\n")


if __name__ == "__main__":
    main()
