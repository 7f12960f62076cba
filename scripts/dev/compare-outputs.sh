#!/usr/bin/env bash
# Run two hbvdr binaries on the same real and bundled inputs and report every output file that
# differs (byte for byte). For refactorings that must not change any answer:
#   scripts/dev/compare-outputs.sh BASE_HBVDR NEW_HBVDR [WORK_DIR]
# Inputs: data/examples/, tests/data/real/, the NGS fixtures in tests/data/ngs/ (with their
# --bam-reference, indexed and not), every timeline in
# tests/data/monitor/ and, when present, the real sequences, FASTQ pairs and BAM of the shared
# real data (../shared/real-data/ beside the checkout, or $HBVDR_REAL_DATA); FASTA at -t 1 and
# -t 2, reports text + HTML. Runs from any directory (paths are resolved before it enters the
# checkout). Exit 0 when every output is identical, 1 when any differs, 2 on usage errors or when a
# binary cannot analyse the bundled examples at all.
set -uo pipefail
if [[ $# -lt 2 ]]; then
    echo "usage: $0 BASE_HBVDR NEW_HBVDR [WORK_DIR]" >&2
    exit 2
fi
base=$(realpath "$1")
new=$(realpath "$2")
work=$(realpath -m "${3:-$(mktemp -d)}")
real_data=${HBVDR_REAL_DATA:+$(realpath -m "$HBVDR_REAL_DATA")}
cd "$(dirname "$0")/../.."
mkdir -p "$work/base" "$work/new"
# Both binaries read this checkout's data/ and mutation-db/: a binary copied out of its build tree
# (e.g. /tmp/NAME-base-hbvdr) finds no bundled data of its own.
export HBVDR_DATA_DIR=${HBVDR_DATA_DIR:-$PWD/data} HBVDR_DB=${HBVDR_DB:-$PWD/mutation-db}
shared=${real_data:-$(realpath -m ../shared/real-data)}
[[ -d $shared/sequences ]] || echo "note: no shared real data in $shared (set HBVDR_REAL_DATA): bundled inputs only" >&2

cases=()
add() { cases+=("$*"); }
add "examples|-t 2|data/examples/example_sequences.fasta"
add "testreal-t1|-t 1|tests/data/real/real_sequences.fasta tests/data/real/real_genomes.fasta tests/data/real/wildtype_genomes.fasta"
add "testreal-t2|-t 2|tests/data/real/real_sequences.fasta tests/data/real/real_genomes.fasta tests/data/real/wildtype_genomes.fasta"
add "edge|-t 2|tests/data/golden/edge_cases.fasta"
# NGS: each alignment file with the FASTA its reads were aligned to (without it most stop at
# "cannot establish the reference"), at 1 and 2 threads (reading ahead on a second thread), with
# and without an index (an index-less copy is read whole), CRAM with and without its reference.
ngs=tests/data/ngs
mkdir -p "$work/noindex"
cp "$ngs/rotated.bam" "$ngs/Set_B_no_drug.binned.bam" "$work/noindex/"
add "ngs-doubled|-t 2|$ngs/doubled.sam"
add "ngs-rotated-t1|-t 1 --bam-reference $ngs/rotated.fasta|$ngs/rotated.bam $ngs/rotated.sam"
add "ngs-rotated-t2|-t 2 --bam-reference $ngs/rotated.fasta|$ngs/rotated.bam $work/noindex/rotated.bam"
add "ngs-reverse|-t 2 --bam-reference $ngs/reverse.fasta|$ngs/reverse.sam"
add "ngs-binned-t1|-t 1 --bam-reference $ngs/HBV_amplicon.fasta|$ngs/Set_B_no_drug.binned.bam"
add "ngs-binned-t2|-t 2 --bam-reference $ngs/HBV_amplicon.fasta|$ngs/Set_B_no_drug.binned.bam $work/noindex/Set_B_no_drug.binned.bam"
add "ngs-cram|-t 1 --bam-reference $ngs/rotated.fasta|$ngs/rotated.cram"
add "ngs-cram-noref|-t 1|$ngs/rotated.cram"
if [[ -d $shared/sequences ]]; then
    add "shared-seq-t2|-t 2|$shared/sequences/genbank_complete_genomes.fasta $shared/sequences/genbank_rt_partial.fasta $shared/sequences/mt2009_rt_amplicons.fasta"
    add "shared-seq-t1|-t 1 --history LAM,ADV --hbeag positive|$shared/sequences/mt2009_rt_amplicons.fasta"
    enr=$shared/ngs/HBVseq_sub_enrichment
    add "shared-bam-t1|-t 1 --bam-reference $enr/HBV_amplicon.fasta|$enr/Set_B_no_drug.bam"
    add "shared-bam-t2|-t 2 --bam-reference $enr/HBV_amplicon.fasta|$enr/Set_B_no_drug.bam"
    fq=$shared/ngs/HBVouroboros_rnaseq
    add "shared-fastq-t1|-t 1|$fq/testfile-1_1.fq.gz $fq/testfile-1_2.fq.gz $fq/testfile-3_1.fq.gz $fq/testfile-3_2.fq.gz"
    add "shared-fastq-t2|-t 2|$fq/testfile-2_1.fq.gz $fq/testfile-2_2.fq.gz $fq/testfile-4_1.fq.gz $fq/testfile-4_2.fq.gz $fq/testfile-1_1.fq.gz"
fi

status=0
for c in "${cases[@]}"; do
    IFS='|' read -r name opts inputs <<<"$c"
    for which in base new; do
        bin=$base; [[ $which == new ]] && bin=$new
        rm -rf "$work/$which/$name"
        # shellcheck disable=SC2086
        "$bin" analyze $opts -q -o "$work/$which/$name" $inputs >"$work/$which/$name.stdout" 2>"$work/$which/$name.stderr"
        echo "$?" >"$work/$which/$name.rc"
    done
done
for t in tests/data/monitor/*.tsv; do
    name=monitor-$(basename "$t" .tsv)
    for which in base new; do
        bin=$base; [[ $which == new ]] && bin=$new
        mkdir -p "$work/$which"
        "$bin" monitor "$t" >"$work/$which/$name.stdout" 2>"$work/$which/$name.stderr"
        echo "$?" >"$work/$which/$name.rc"
    done
done
for which in base new; do
    # Two binaries that both fail the same way would compare "identical": refuse that.
    [[ -s $work/$which/examples/summary.tsv ]] || {
        echo "error: the $which binary wrote no results for data/examples: $(head -1 "$work/$which/examples.stderr")" >&2
        exit 2
    }
done
# What was compared: samples per status in the new outputs (an error row compares its message only).
for f in "$work"/new/*/summary.tsv; do
    col=$(head -1 "$f" | tr '\t' '\n' | grep -nx status | cut -d: -f1)
    [[ -n $col ]] || continue
    printf '  %-18s %s\n' "$(basename "$(dirname "$f")")" "$(tail -n +2 "$f" | cut -f"$col" | sort | uniq -c | tr -s ' ' | tr '\n' ' ')"
done
if diff -r "$work/base" "$work/new" >"$work/diff.txt"; then
    n=$(find "$work/base" -type f | wc -l)
    echo "identical: $n files from ${#cases[@]} analyse runs and $(ls tests/data/monitor/*.tsv | wc -l) monitor runs ($work)"
else
    echo "DIFFERENT outputs (first lines of $work/diff.txt):"
    head -40 "$work/diff.txt"
    status=1
fi
exit $status
