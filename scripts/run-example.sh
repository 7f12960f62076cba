#!/usr/bin/env bash
# README command 1: install what is missing, build, and analyse the bundled example sequences.
# Results go to out/example/ (summary.tsv, calls.tsv, mutations.tsv, results.json).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/dev/install-deps.sh
scripts/dev/build.sh
set +e
./build/hbvdr analyze data/examples/example_sequences.fasta -o out/example
status=$?
set -e
echo
echo "Results: out/example/ (summary.tsv, drugs.tsv, calls.tsv, mutations.tsv, results.json, index.html, reports/)"
exit $status
