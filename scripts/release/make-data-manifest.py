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

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "lib"))
import hbv_panel  # noqa: E402

# Version of the reference data (YEAR.N, like the mutation database): raise it with every change.
DATA_VERSION = "2026.1"

GENOTYPE_REFERENCES = set(hbv_panel.GENOTYPE_REFERENCES.values())
root = hbv_panel.ROOT / "data"
fasta = hbv_panel.PANEL
records = hbv_panel.read_records(fasta)

out = ["#hbvdr-data-manifest\t1",
       "#version\t" + DATA_VERSION,
       "#file\treferences/hbv_reference_panel.fasta\t" + hashlib.sha256(fasta.read_bytes()).hexdigest(),
       "accession\tgenotype\tsubgenotype\tgenotype_reference\tlength\trt1_nt\tsha256"]
for name, header, s in records:
    gt = re.search(r"genotype=(\S+)", header).group(1)
    sub = re.search(r"subgenotype=(\S*)", header).group(1) or "-"
    if sub == "n/a":
        sub = "-"
    # rt1 = first nt of the conserved RT start in EcoRI numbering (the same in every genotype, verified by hbvdr
    # on load).
    out.append("\t".join([name, gt, sub, "yes" if name in GENOTYPE_REFERENCES else "no",
                          str(len(s)), str(hbv_panel.RT1_NT), hashlib.sha256(s.encode()).hexdigest()]))
missing = GENOTYPE_REFERENCES - {r[0] for r in records}
if missing:
    sys.exit(f"genotype references missing from the panel: {sorted(missing)}")
(root / "manifest.tsv").write_text("\n".join(out) + "\n")
print(f"wrote {root / 'manifest.tsv'} ({len(records)} references)")
