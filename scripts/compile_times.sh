#!/usr/bin/env bash
#===- scripts/compile_times.sh - Compile time against the input bound -----===#
#
# Usage: scripts/compile_times.sh [OUT_DIR]   (default /tmp/circc-compile)
#
# Compiles grammars/arith.scan and grammars/listops.scan with an input
# bound (--max-input) of 50, 100, 200, 400 and 800 tokens and prints, for each,
# the best of three wall-clock times to the circuit (--emit=circuit) and to
# the shared library: the table docs/Results.md shows.
#
#===----------------------------------------------------------------------===#
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-/tmp/circc-compile}"
bash "$root/scripts/setup.sh"
bash "$root/scripts/build.sh" >/dev/null
mkdir -p "$out"
circc="$root/build/bin/circc"

# Best of three runs of "$@", in milliseconds.
best_ms() {
  local best=""
  for _ in 1 2 3; do
    local start end ms
    start=$(date +%s%N)
    "$@" > /dev/null
    end=$(date +%s%N)
    ms=$(( (end - start) / 1000000 ))
    if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
  done
  echo "$best"
}

echo "| Grammar | max input | to the circuit (ms) | to the .so (ms) |"
echo "|---|---:|---:|---:|"
for grammar in arith listops; do
  for bound in 50 100 200 400 800; do
    grammar_file="$root/grammars/$grammar.scan"
    circuit=$(best_ms "$circc" "$grammar_file" --max-input="$bound" --emit=circuit -o "$out/$grammar-$bound.mlir")
    library=$(best_ms "$circc" "$grammar_file" --max-input="$bound" -o "$out/$grammar-$bound.so")
    echo "| $grammar | $bound | $circuit | $library |"
  done
done
