#!/usr/bin/env python3
"""Rewrite the `file` rows of a mutation-db release manifest with the sha256 of every file.

Use only while preparing a NEW release: a released directory is never edited (mutation-db/SCHEMA.md).
usage: scripts/release/make-db-manifest.py mutation-db/hbvdr-db-YYYY.N
"""
import hashlib
import pathlib
import sys

rel = pathlib.Path(sys.argv[1])
manifest = rel / "manifest.tsv"
keep = [l for l in manifest.read_text().splitlines() if not l.startswith("file\t")]
files = sorted(p.name for p in rel.iterdir() if p.is_file() and p.name != "manifest.tsv")
order = ["references.tsv", "guidelines.tsv", "drugs.tsv", "mutations.tsv", "rulesets.tsv", "rules.tsv", "hbsag.tsv",
         "salvage.tsv", "cautions.tsv"]
files = [f for f in order if f in files] + [f for f in files if f not in order]
rows = [f"file\t{f}\t{hashlib.sha256((rel / f).read_bytes()).hexdigest()}" for f in files]
manifest.write_text("\n".join(keep + rows) + "\n")
print(f"{manifest}: {len(rows)} files")
