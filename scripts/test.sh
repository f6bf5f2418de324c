#!/usr/bin/env bash
#===- scripts/test.sh - Set up, build and run every circc test ------------===#
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh"
"$root/scripts/build.sh" "$root/build"
cd "$root/build"
ctest --output-on-failure -j "${CIRCC_JOBS:-2}"
