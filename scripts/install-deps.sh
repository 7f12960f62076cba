#!/usr/bin/env bash
# Install what hbvdr needs from Debian 12 packages, only if missing (idempotent, quiet when all
# is there). Usage: scripts/install-deps.sh [--bench]   (--bench adds the benchmark tools)
set -euo pipefail

# chromium + fonts-dejavu-core: the headless render test of the HTML reports ([browser]).
packages=(build-essential cmake pkg-config ccache git zlib1g-dev
          libseqan3-dev libhts-dev libcli11-dev catch2 nlohmann-json3-dev
          chromium fonts-dejavu-core)
if [[ "${1:-}" == "--bench" ]]; then
    packages+=(minimap2 samtools ivar hyperfine python3 time)
fi

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
