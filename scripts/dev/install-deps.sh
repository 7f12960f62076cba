#!/usr/bin/env bash
# Install what hbvdr needs from Debian 12 packages, only if missing (idempotent, quiet when all
# is there). Needs root or sudo for apt-get.
#
# usage: scripts/dev/install-deps.sh [--test] [--bench] [--fuzz]
#   (none)   building hbvdr (help2man makes the man page from the help at build time)
#   --test   also the tools the test suite drives: headless Chromium (+ fonts) for the HTML
#            render test, MultiQC, Snakemake and python3-jsonschema (Debian's python3), man-db
#            (man page test), and for the Debian package test dpkg-dev (dpkg-shlibdeps), file
#            (CPack finds the binaries with it) and lintian
#   --bench  also the benchmark anchors: minimap2, samtools, ivar, hyperfine, python3, GNU time
#   --fuzz   also AFL++ (with clang 14) for the long fuzzing runs of scripts/dev/fuzz.sh
set -euo pipefail

packages=(build-essential cmake pkg-config ccache git zlib1g-dev
          libseqan3-dev libhts-dev libcli11-dev catch2 nlohmann-json3-dev help2man)
for arg in "$@"; do
    case "$arg" in
    --test) packages+=(chromium fonts-dejavu-core multiqc snakemake python3 python3-jsonschema
                       man-db dpkg-dev file lintian) ;;
    --bench) packages+=(minimap2 samtools ivar hyperfine python3 time) ;;
    --fuzz) packages+=(afl++ clang) ;;
    *) echo "install-deps: unknown option $arg (use --test, --bench and/or --fuzz)" >&2; exit 2 ;;
    esac
done

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "install-deps: installing ${missing[*]}" >&2
sudo=""
if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || { echo "install-deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
    sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
