#!/usr/bin/env bash
#===- scripts/main.sh - Set up, build and run circc's main job ------------===#
#
# Compiles grammars/scan.scan to the grammar dialect and prints its summary.
#
#===----------------------------------------------------------------------===#
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh"
"$root/scripts/build.sh" "$root/build"
out="$root/build/out"
mkdir -p "$out"
"$root/build/bin/circc" "$root/grammars/scan.scan" --emit=grammar --stats \
  -o "$out/scan.grammar.mlir"
echo "grammar IR written to $out/scan.grammar.mlir"
