# Shared checks of an installed hbvdr (sourced by install-test.sh and deb-test.sh).
# Each check prints what failed and exits 1.

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

need() {
    for tool in "$@"; do
        command -v "$tool" >/dev/null || fail "$tool is not installed: run scripts/dev/install-deps.sh --test"
    done
}

# check_no_build_tree BINARY SOURCE_DIR BUILD_DIR: nothing ties the installed binary to the build
# or source tree: no build-tree marker beside it, neither path inside it.
check_no_build_tree() {
    local bin=$1 src=$2 build=$3
    [[ ! -e "$(dirname "$bin")/hbvdr-source-dir" ]] || fail "the build-tree marker was installed beside $bin"
    ! grep -aqF "$src" "$bin" || fail "$bin contains the source path $src"
    ! grep -aqF "$build" "$bin" || fail "$bin contains the build path $build"
}

# run_clean DIR ARGS...: run in DIR with an empty environment (no HBVDR_* overrides, a PATH of
# system directories only), so only what the binary finds by itself is used.
run_clean() {
    local dir=$1
    shift
    (cd "$dir" && env -i PATH=/usr/bin:/bin LC_ALL=C.UTF-8 "$@")
}

# check_installed_run PREFIX BUILD_BINARY SOURCE_DIR WORK: the binary under PREFIX names the data
# and database under PREFIX/share/hbvdr, analyses the bundled examples to the same bytes as the
# build tree's binary, and runs hbvdr monitor with the installed monitoring definitions.
check_installed_run() {
    local prefix=$1 build_bin=$2 src=$3 work=$4
    local bin=$prefix/bin/hbvdr share=$prefix/share/hbvdr
    run_clean "$work" "$bin" --version >"$work/version.txt" || fail "hbvdr --version failed"
    grep -qF "mutation database: hbvdr-db " "$work/version.txt" || fail "--version names no database: $(cat "$work/version.txt")"
    grep -qF " in $share/mutation-db/hbvdr-db-" "$work/version.txt" || fail "--version: database not under $share: $(cat "$work/version.txt")"
    grep -qF "reference data: " "$work/version.txt" || fail "--version names no reference data"
    grep -qF " in $share/data" "$work/version.txt" || fail "--version: data not under $share: $(cat "$work/version.txt")"

    local rc=0
    run_clean "$work" "$bin" analyze "$share/data/examples/example_sequences.fasta" -o installed -q || rc=$?
    [[ $rc -eq 0 ]] || fail "the installed hbvdr analyze exited $rc"
    "$build_bin" analyze "$src/data/examples/example_sequences.fasta" -o "$work/build-tree" -q --data-dir "$src/data" --db "$src/mutation-db"
    [[ $(wc -l <"$work/installed/summary.tsv") -eq 10 ]] || fail "summary.tsv should hold 9 samples"
    diff -r "$work/build-tree" "$work/installed" >"$work/diff.txt" || fail "installed and build-tree outputs differ: $(head -20 "$work/diff.txt")"

    run_clean "$work" "$bin" monitor "$src/tests/data/monitor/lam_breakthrough.tsv" -q >"$work/monitor.txt" \
        || fail "the installed hbvdr monitor failed"
    grep -qF "hbvdr monitor: patient" "$work/monitor.txt" || fail "hbvdr monitor printed no report"
}

# check_man MAN_ARGS...: `man MAN_ARGS` (e.g. `hbvdr` with MANPATH set, or `-l FILE`) renders
# without groff warnings and holds every section and command.
check_man() {
    local out
    out=$(MANWIDTH=80 man --warnings -P cat "$@" 2>&1 >/dev/null) || fail "man $* failed: $out"
    [[ -z "$out" ]] || fail "man $* warns: $out"
    out=$(MANWIDTH=80 man -P cat "$@" 2>/dev/null)
    for want in "NAME" "hbvdr - genotypic drug-resistance analysis" "SYNOPSIS" "COMMANDS" \
        "hbvdr analyze [OPTIONS]" "hbvdr monitor [OPTIONS]" "hbvdr aggregate [OPTIONS]" "hbvdr db validate" \
        "--reports TEXT:{text,html,none}" "EXIT STATUS" "ENVIRONMENT" "HBVDR_DATA_DIR" "FILES" "EXAMPLES" \
        '$ hbvdr analyze samples.fasta' "COPYRIGHT"; do
        grep -qF -- "$want" <<<"$out" || fail "man $* lacks '$want'"
    done
}
