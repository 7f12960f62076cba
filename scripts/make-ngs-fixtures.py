#!/usr/bin/env python3
"""Write the small hand-countable SAM fixtures of tests/data/ngs/ (deterministic, no randomness).

Every read is 60 nt cut from the genotype C reference of data/ (GQ377617), with the changes
listed below, so each codon count in tests/unit/ngs_test.cpp can be checked by hand.

  rotated.sam     contig 'myhbv' = GQ377617 rotated by 1,000 nt (its sequence only in
                  rotated.fasta: a name hbvdr does not know, so --bam-reference is needed)
  doubled.sam     contig 'GQ377617_x2' = the genome written twice (recognised from data/ by
                  accession and length); reads sit on the second copy
  reverse.sam     contig 'rc_hbv' = reverse complement of GQ377617 (in reverse.fasta)

Reads of rotated.sam (rt204 codon ATG, rt180 codon CTG in GQ377617):
  wt1            rt204 ATG                          -> M
  two_base       rt204 ATG -> GTT (two bases, 1 read) -> V (one codon, not two half changes)
  del180         1-base deletion inside rt180        -> rt180 not counted (indel inside codon)
  wt180          rt180 wild type                     -> L
  pair_ok/1,2    overlapping mates, both rt204 ATG   -> M counted once
  lowq           rt204 ATG, middle base Q5           -> not counted
  pair_bad/1,2   overlapping mates, ATG vs GTG       -> not counted (mates disagree)
  dup            rt204 GTG, flagged duplicate        -> skipped
  sec            rt204 GTG, secondary                -> skipped
Expected rt204: depth 3 (M 2, V 1); rt180: depth 1 (L), 1 molecule with an indel inside.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
OUT = os.path.join(ROOT, "tests", "data", "ngs")
ACC = "GQ377617"


def read_panel():
    seqs, name = {}, None
    with open(os.path.join(ROOT, "data", "references", "hbv_reference_panel.fasta")) as f:
        for line in f:
            line = line.strip()
            if line.startswith(">"):
                name = line[1:].split()[0]
                seqs[name] = []
            elif name:
                seqs[name].append(line.upper())
    return {k: "".join(v) for k, v in seqs.items()}


def revcomp(s):
    return s.translate(str.maketrans("ACGT", "TGCA"))[::-1]


def rt_offset(n):
    """0-based genome offset of the first base of rt codon n."""
    return 129 + 3 * (n - 1)


def main():
    g = read_panel()[ACC]
    L = len(g)
    assert g[rt_offset(204):rt_offset(204) + 3] == "ATG", g[rt_offset(204):rt_offset(204) + 3]
    assert g[rt_offset(180):rt_offset(180) + 3] == "CTG"
    rot = 1000
    rotated = g[rot:] + g[:rot]

    def cpos(goff):  # genome offset -> rotated contig offset
        return (goff - rot) % L

    def read_at(gstart, n=60, edits=None):
        s = list(g[gstart:gstart + n])
        for off, b in (edits or {}).items():
            s[off - gstart] = b
        return "".join(s)

    r204 = rt_offset(204)
    r180 = rt_offset(180)
    records = []  # (name, flag, pos0, cigar, seq, qual, mate_pos0, tlen, tags)

    def add(name, flag, gstart, seq, cigar="60M", qual=None, mate=None, tags=""):
        qual = qual or "I" * len(seq)
        mpos = cpos(mate) + 1 if mate is not None else 0
        records.append((name, flag, cpos(gstart) + 1, cigar, seq, qual, "=" if mate is not None else "*", mpos, tags))

    add("wt1", 0, r204 - 20, read_at(r204 - 20))
    add("two_base", 16, r204 - 30, read_at(r204 - 30, edits={r204: "G", r204 + 2: "T"}))
    s = read_at(r180 - 20, 61)
    s = s[:21] + s[22:]  # delete the 2nd base of rt180
    add("del180", 0, r180 - 20, s, cigar="21M1D39M")
    add("wt180", 16, r180 - 40, read_at(r180 - 40))
    # Overlapping mates (30 nt overlap holding rt204).
    a, b = r204 - 40, r204 - 10
    add("pair_ok", 99, a, read_at(a), mate=b, tags="\tMC:Z:60M")
    add("pair_ok", 147, b, read_at(b), mate=a, tags="\tMC:Z:60M")
    q = list("I" * 60)
    q[r204 + 1 - (r204 - 25)] = "&"
    add("lowq", 0, r204 - 25, read_at(r204 - 25), qual="".join(q))
    a, b = r204 - 45, r204 - 5
    add("pair_bad", 99, a, read_at(a), mate=b, tags="\tMC:Z:60M")
    add("pair_bad", 147, b, read_at(b, edits={r204: "G"}), mate=a, tags="\tMC:Z:60M")
    add("dup", 1024, r204 - 15, read_at(r204 - 15, edits={r204: "G"}))
    add("sec", 256, r204 - 12, read_at(r204 - 12, edits={r204: "G"}))
    records.sort(key=lambda r: (r[2], r[0]))
    with open(os.path.join(OUT, "rotated.sam"), "w") as f:
        f.write("@HD\tVN:1.6\tSO:coordinate\n@SQ\tSN:myhbv\tLN:%d\n" % L)
        for r in records:
            name, flag, pos, cigar, seq, qual, rnext, pnext, tags = r
            f.write("%s\t%d\tmyhbv\t%d\t60\t%s\t%s\t%d\t0\t%s\t%s%s\n" % (name, flag, pos, cigar, rnext, pnext, seq, qual, tags))
    with open(os.path.join(OUT, "rotated.fasta"), "w") as f:
        f.write(">myhbv rotated copy of %s (starts at EcoRI nt %d)\n" % (ACC, rot + 1))
        for i in range(0, L, 70):
            f.write(rotated[i:i + 70] + "\n")

    # Doubled genome: two V reads and one M read on the second copy.
    with open(os.path.join(OUT, "doubled.sam"), "w") as f:
        f.write("@HD\tVN:1.6\tSO:coordinate\n@SQ\tSN:%s_x2\tLN:%d\n" % (ACC, 2 * L))
        rows = [("d_wt", r204 - 20, read_at(r204 - 20)),
                ("d_v1", r204 - 22, read_at(r204 - 22, edits={r204: "G"})),
                ("d_v2", r204 - 24, read_at(r204 - 24, edits={r204: "G"}))]
        for name, start, seq in sorted(rows, key=lambda r: -r[1]):
            f.write("%s\t0\t%s_x2\t%d\t60\t60M\t*\t0\t0\t%s\t%s\n" % (name, ACC, L + start + 1, seq, "I" * 60))

    # Reverse-complement contig: one V read given on the contig's strand.
    rc = revcomp(g)
    with open(os.path.join(OUT, "reverse.fasta"), "w") as f:
        f.write(">rc_hbv reverse complement of %s\n" % ACC)
        for i in range(0, L, 70):
            f.write(rc[i:i + 70] + "\n")
    with open(os.path.join(OUT, "reverse.sam"), "w") as f:
        f.write("@HD\tVN:1.6\tSO:coordinate\n@SQ\tSN:rc_hbv\tLN:%d\n" % L)
        rows = []
        for name, start, edits in (("r_wt", r204 - 20, None), ("r_v", r204 - 28, {r204: "G"})):
            fw = read_at(start, edits=edits)
            # genome [start, start+60) is contig [L-start-60, L-start) on the reverse strand
            rows.append((L - start - 60 + 1, name, revcomp(fw)))
        for pos, name, seq in sorted(rows):
            f.write("%s\t0\trc_hbv\t%d\t60\t60M\t*\t0\t0\t%s\t%s\n" % (name, pos, seq, "I" * 60))
    return 0


if __name__ == "__main__":
    sys.exit(main())
