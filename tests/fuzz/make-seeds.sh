#!/usr/bin/env bash
# Assemble the seed corpora of the fuzz harnesses from the source tree's data (so that only tiny
# hand-made seeds are committed, in tests/fuzz/corpus/): one directory per harness under OUT.
#
# usage: tests/fuzz/make-seeds.sh OUT [HBVDR_BINARY]
#   With HBVDR_BINARY, also a results.json and --resume part files from a small run.
set -euo pipefail
out=$1
hbvdr=${2:-}
src=$(cd "$(dirname "$0")/../.." && pwd)
db=$(ls -d "$src"/mutation-db/*/ | sort | tail -n 1)
rm -rf "$out"
mkdir -p "$out"/{fasta_input,sample_sheet,mutdb,mutdb_raw,monitor_timeline,monitor_definitions,sam_bam,fastq,results_json,resume_part}

# FASTA/FASTQ and identification: small real and edge-case files, one of them gzip-compressed.
cp "$src"/tests/data/ngs/HBV_amplicon.fasta "$src"/tests/data/ngs/reverse.fasta "$src"/tests/data/golden/edge_cases.fasta \
    "$out"/fasta_input/
awk '/^>/ {n++} n <= 2' "$src"/data/examples/example_sequences.fasta >"$out"/fasta_input/two_records.fasta
gzip -9 -n -c "$src"/tests/data/ngs/HBV_amplicon.fasta >"$out"/fasta_input/amplicon.fasta.gz

# Alignment files: the small SAM/BAM/CRAM fixtures.
cp "$src"/tests/data/ngs/{rotated.sam,reverse.sam,doubled.sam,rotated.bam,rotated.cram} "$out"/sam_bam/

# FASTQ: the reads of rotated.sam (as sequenced: reverse-strand records complemented back), one
# file and a pair (bundle).
awk -F'\t' '!/^@/ {
    s = $10; q = $11
    if (int($2 / 16) % 2 == 1) {
        r = ""; rq = ""
        for (i = length(s); i >= 1; i--) {
            c = substr(s, i, 1)
            r = r (c == "A" ? "T" : c == "C" ? "G" : c == "G" ? "C" : c == "T" ? "A" : "N")
            rq = rq substr(q, i, 1)
        }
        s = r; q = rq
    }
    printf "@%s\n%s\n+\n%s\n", $1, s, q
}' "$src"/tests/data/ngs/rotated.sam >"$out"/fastq/reads.fastq
{
    echo "=== R1"
    cat "$out"/fastq/reads.fastq
    echo "=== R2"
    cat "$out"/fastq/reads.fastq
} >"$out"/fastq/pair.bundle

# Timelines: every fixture (valid and invalid).
cp "$src"/tests/data/monitor/*.tsv "$out"/monitor_timeline/

# Monitoring definitions: the bundled files as one bundle.
{
    for f in definitions.tsv sources.tsv messages.tsv SHA256SUMS; do
        echo "=== $f"
        cat "$src/data/monitoring/$f"
    done
} >"$out"/monitor_definitions/bundled.bundle

# Mutation database: the newest release as one bundle (checksums as released), and a small
# release (a few rows of each table; its own checksums) that the fuzzer mutates faster.
bundle() { # dir files...
    local dir=$1
    shift
    for f in "$@"; do
        echo "=== $f"
        cat "$dir/$f"
    done
}
tables=(references.tsv drugs.tsv mutations.tsv rules.tsv hbsag.tsv salvage.tsv cautions.tsv)
for f in rulesets.tsv guidelines.tsv; do # schema 2
    [[ -f "$db/$f" ]] && tables+=("$f")
done
bundle "$db" manifest.tsv "${tables[@]}" CURATION.md >"$out"/mutdb_raw/release.bundle
mini=$(mktemp -d)
trap 'rm -rf "$mini"' EXIT
for f in "${tables[@]}"; do
    head -n 4 "$db/$f" >"$mini/$f"
done
grep -v -e '^file' "$db"/manifest.tsv >"$mini"/manifest.tsv
for f in "${tables[@]}"; do
    printf 'file\t%s\t%s\n' "$f" "$(sha256sum "$mini/$f" | cut -d' ' -f1)" >>"$mini"/manifest.tsv
done
bundle "$mini" manifest.tsv "${tables[@]}" >"$out"/mutdb_raw/small.bundle
cp "$out"/mutdb_raw/small.bundle "$out"/mutdb/small.bundle
bundle "$db" manifest.tsv "${tables[@]}" >"$out"/mutdb/release_without_curation.bundle

# results.json and part files of a small run: one analysed sample, one error row.
if [[ -n "$hbvdr" ]]; then
    run=$(mktemp -d)
    printf '>bad\nACGTXXXX\n' >"$run/bad.fasta"
    awk '/^>/ {n++} n == 5' "$src"/data/examples/example_sequences.fasta >"$run/one.fasta"
    "$hbvdr" analyze "$run/one.fasta" "$run/bad.fasta" -o "$run/out" --resume --reports none --no-multiqc -q \
        --history LAM >/dev/null || true
    cp "$run/out/results.json" "$out"/results_json/run.json
    for p in "$run"/out/.hbvdr-resume/*.part; do
        cp "$p" "$out"/resume_part/
    done
    rm -rf "$run"
fi
