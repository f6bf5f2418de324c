#!/usr/bin/env bash
#===- scripts/setup.sh - Install circc's build dependencies ---------------===#
#
# Installs everything circc needs from Debian's packages on a bookworm machine.
# Idempotent: when every package is present it returns at once.
#
#===----------------------------------------------------------------------===#
set -euo pipefail

# LLVM/MLIR 22 come from the bookworm-security suite. libmlir-19* conflicts
# with libmlir-22-dev, so it is never installed here.
packages=(
  llvm-22-dev llvm-22-tools libmlir-22-dev mlir-22-tools clang-22 libclang-rt-22-dev
  cmake ninja-build ccache python3 python3-numpy gzip zlib1g-dev libzstd-dev
  pkg-config python3-pytest python3-venv python3-setuptools
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "setup: installing ${missing[*]}" >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi
if dpkg-query -W -f='${Status}' 'libmlir-19*' 2>/dev/null | grep -q "install ok installed"; then
  echo "setup: error: libmlir-19 is installed and conflicts with libmlir-22-dev; remove it first" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
if ! apt-cache policy libmlir-22-dev | grep -q 'Candidate: [0-9]'; then
  $sudo apt-get update -q
fi
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
