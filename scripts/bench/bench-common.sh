# Shared by the NGS benchmarks (sourced, not run): checks and the seeded simulated BAM.
# The caller sets `name` (for messages), `here` (the repository) and `hbvdr`.

# bench_setup TOOL...: the tools are installed, hbvdr is built; then enters BENCH_DIR.
bench_setup() {
    local tool
    for tool in "$@"; do
        command -v "$tool" >/dev/null || { echo "$name: $tool not found (apt-get install $tool)" >&2; exit 1; }
    done
    [ -x "$hbvdr" ] || { echo "$name: $hbvdr not built" >&2; exit 1; }
    work="${BENCH_DIR:-${TMPDIR:-/tmp}/hbvdr-bench}"
    mkdir -p "$work"
    cd "$work"
}

# sim_bam PAIRS SEED: prints the name of the coordinate-sorted, indexed BAM of PAIRS simulated read
# pairs over the genotype D reference (written to ref.fa), simulating it unless it is there.
sim_bam() {
    local bam="sim_${1}_${2}.bam"
    if [ ! -s "$bam" ]; then
        echo "$name: simulating $1 read pairs (seed $2)" >&2
        python3 "$here/scripts/fixtures/simulate-bam.py" --pairs "$1" --seed "$2" --fasta ref.fa \
            | samtools sort -@2 -m 1G -o "$bam" -
        samtools index "$bam"
    fi
    echo "$bam"
}
