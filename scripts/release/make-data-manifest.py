#!/usr/bin/env python3
"""Regenerate data/manifest.tsv from data/references/hbv_reference_panel.fasta.

Run only when the reference panel itself changes (then raise DATA_VERSION and document the change
in data/README.md). hbvdr verifies every sha256 listed here each time it loads data/, and
`hbvdr --version` shows DATA_VERSION.
"""
import hashlib
import pathlib
import re
import sys

# Version of the reference data (YEAR.N, like the mutation database): raise it with every change.
DATA_VERSION = "2026.1"

# The McNaughton et al. genotype representatives: one per genotype A-J (alignment and ref_aa).
GENOTYPE_REFERENCES = {"FJ692557", "GU815637", "GQ377617", "KC875277", "GQ161817",
                       "HM585194", "AB056513", "FJ356715", "AB562463", "AB486012"}

root = pathlib.Path(__file__).resolve().parents[2] / "data"
fasta = root / "references" / "hbv_reference_panel.fasta"
records = []
name, header, seq = None, None, []
for line in fasta.read_text().splitlines():
    if line.startswith(">"):
        if name:
            records.append((name, header, "".join(seq)))
        header = line[1:]
        name = header.split()[0]
        seq = []
    else:
        seq.append(line.strip().upper())
if name:
    records.append((name, header, "".join(seq)))

out = ["#hbvdr-data-manifest\t1",
       "#version\t" + DATA_VERSION,
       "#file\treferences/hbv_reference_panel.fasta\t" + hashlib.sha256(fasta.read_bytes()).hexdigest(),
       "accession\tgenotype\tsubgenotype\tgenotype_reference\tlength\trt1_nt\tsha256"]
for name, header, s in records:
    gt = re.search(r"genotype=(\S+)", header).group(1)
    sub = re.search(r"subgenotype=(\S*)", header).group(1) or "-"
    if sub == "n/a":
        sub = "-"
    # rt1 = first nt of the conserved RT start in EcoRI numbering (130 in every genotype, verified by hbvdr on load).
    out.append("\t".join([name, gt, sub, "yes" if name in GENOTYPE_REFERENCES else "no",
                          str(len(s)), "130", hashlib.sha256(s.encode()).hexdigest()]))
missing = GENOTYPE_REFERENCES - {r[0] for r in records}
if missing:
    sys.exit(f"genotype references missing from the panel: {sorted(missing)}")
(root / "manifest.tsv").write_text("\n".join(out) + "\n")
print(f"wrote {root / 'manifest.tsv'} ({len(records)} references)")
