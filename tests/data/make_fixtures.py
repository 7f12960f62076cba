#!/usr/bin/env python3
"""Regenerate tests/data/golden/edge_cases.fasta from hbvdr's bundled reference panel.

Every record is derived from a genotype reference (data/references/hbv_reference_panel.fasta,
EcoRI numbering, rt codon n at nt 130+3(n-1)) with the change its name says, so the expected
calls are known by construction. Deterministic (no randomness except a fixed seed).
"""
import pathlib
import random

root = pathlib.Path(__file__).resolve().parents[2]
panel = {}
name = None
for line in (root / "data/references/hbv_reference_panel.fasta").read_text().splitlines():
    if line.startswith(">"):
        name = line[1:].split()[0]
        panel[name] = []
    else:
        panel[name].append(line.strip().upper())
panel = {k: "".join(v) for k, v in panel.items()}
REF = {"A": "FJ692557", "B": "GU815637", "C": "GQ377617", "D": "KC875277", "E": "GQ161817"}


def g(gt):
    return panel[REF[gt]]


def off(n):
    return 129 + 3 * (n - 1)


def codon(seq, n, c):
    o = off(n)
    return seq[:o] + c + seq[o + 3:]


def region(seq, a=1, b=344, flank=0):
    return seq[off(a) - flank: off(b) + 3 + flank]


def rc(s):
    return s[::-1].translate(str.maketrans("ACGTRYKMSWBDHVN", "TGCAYRMKSWVHDBN"))


rng = random.Random(2026)
records = []
records.append(("wildtype_C_amplicon", region(g("C"), flank=25)))
records.append(("LAM_R_L180M_M204V_B", region(codon(codon(g("B"), 180, "ATG"), 204, "GTG"), flank=25)))
records.append(("ETV_R_L180M_T184G_M204V_D", region(codon(codon(codon(g("D"), 180, "ATG"), 184, "GGC"), 204, "GTG"))))
records.append(("ADV_R_A181T_N236T_C_revcomp", rc(region(codon(codon(g("C"), 181, "ACT"), 236, "ACC"), flank=10))))
rot = codon(codon(g("A"), 204, "ATT"), 80, "ATA")
records.append(("genome_A_rotated_in_RT_L80I_M204I", rot[600:] + rot[:600]))
records.append(("mixture_M204MV_A181AV_C", region(codon(codon(g("C"), 204, "RTG"), 181, "GYT"))))
d = g("E")
d = d[:off(40)] + d[off(41):]
records.append(("inframe_deletion_rt40_E", region(d, 1, 300)))
i = g("D")
i = i[:off(101)] + "GCTAGCAAA" + i[off(101):]
records.append(("inframe_insertion_after_rt100_D", i[off(1) - 10: off(344) + 12]))
f = g("B")
f = f[:off(150) + 1] + f[off(150) + 2:]
records.append(("frameshift_rt150_B", region(f, 1, 300)))
records.append(("partial_rt150_rt260_C", region(g("C"), 150, 260)))
records.append(("N_in_rt204_codon_D", region(codon(g("D"), 204, "ANG"))))
records.append(("stop_rt153_A", region(codon(g("A"), 153, "TAG"))))
records.append(("not_hbv_random", "".join(rng.choice("ACGT") for _ in range(900))))
records.append(("invalid_characters", "ACGTACGTXXACGT"))
records.append(("empty_record", ""))
records.append(("wildtype_C_amplicon", region(g("C"), 1, 200)))  # duplicate name on purpose

out = []
for k, (n, s) in enumerate(records):
    if n == "LAM_R_L180M_M204V_B":
        out.append(">" + n + " lower case, CRLF line ends and a blank line\r\n")
        s = s.lower()
        for j in range(0, len(s), 60):
            out.append(s[j:j + 60] + "\r\n")
        out.append("\r\n")
        continue
    if n.startswith("genome_"):
        out.append(">" + n + " one 3-kb line\n" + s + "\n")
        continue
    out.append(">" + n + "\n")
    for j in range(0, len(s), 70):
        out.append(s[j:j + 70] + "\n")
    if not s:
        pass
(root / "tests/data/golden/edge_cases.fasta").write_text("".join(out), newline="")
print("wrote tests/data/golden/edge_cases.fasta with", len(records), "records")
