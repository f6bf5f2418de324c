#!/usr/bin/env bash
#===- baselines/transformer/setup.sh - Install the baseline's Python deps -===#
#
# PyTorch (CPU), NumPy and matplotlib from Debian's packages: enough to train the
# baseline, regenerate the test fixture, check it and plot results. Idempotent.
#
#===----------------------------------------------------------------------===#
set -euo pipefail
# libopenblas0: without it PyTorch falls back to the reference BLAS, about 20x
# slower for training here.
packages=(python3 python3-torch python3-numpy python3-matplotlib libopenblas0)
missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
echo "setup: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
