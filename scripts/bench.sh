#!/usr/bin/env bash
#===- scripts/bench.sh - Measure circc on SCAN ----------------------------===#
#
# Builds circc, compiles grammars/scan.scan, and prints the measured figures
# docs/Results.md reports: compile time, exactness on every split, and the
# throughput of the compiled circuit against a hand-written interpreter and
# a hash table of all answers, in one process on one core.
#
#===----------------------------------------------------------------------===#
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh"
"$root/scripts/build.sh" "$root/build" > /dev/null
bin="$root/build/bin"
out="$root/build/out"
data="$root/data/scan"
mkdir -p "$out"

echo "== machine"
grep -m1 "model name" /proc/cpuinfo || true
echo "cores: $(nproc)"
echo

echo "== compile time of grammars/scan.scan to a .so (best of 5)"
best=""
for _ in 1 2 3 4 5; do
  start=$(date +%s%N)
  "$bin/circc" "$root/grammars/scan.scan" -o "$out/scan.so"
  end=$(date +%s%N)
  ms=$(( (end - start) / 1000000 ))
  if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
done
echo "circc grammars/scan.scan -o scan.so: ${best} ms"
"$bin/circc" "$root/grammars/scan.scan" --stats -o "$out/scan.so" 2>&1 | sed 's/^/  /'
echo

echo "== exactness"
"$bin/circ-eval" --table "$out/scan.so" "$data/tasks.txt.gz" "$data"/tasks_test_*.txt.gz
echo

echo "== throughput (one core, best of 5 runs of ${BENCH_SECONDS:-2} s / 5 each)"
# The default build (x86-64-v2: the compiled whole-text run), the same for
# this machine's CPU, one without SSSE3 (no whole-text run: the runtime's
# lexer, then the circuit) and one whose LR automaton runs.
"$bin/circc" "$root/grammars/scan.scan" --mcpu=native -o "$out/scan_native.so"
"$bin/circc" "$root/grammars/scan.scan" --mcpu=x86-64 -o "$out/scan_x86-64.so"
"$bin/circc" "$root/grammars/scan.scan" --shape-table-limit=0 -o "$out/scan_automaton.so"
"$bin/scan-bench" "$out/scan.so" "$data/tasks.txt.gz" --seconds="${BENCH_SECONDS:-2}" \
  --row="compiled circuit, --mcpu=native=$out/scan_native.so" \
  --row="compiled circuit, runtime lexer (x86-64)=$out/scan_x86-64.so" \
  --row="compiled circuit, LR automaton=$out/scan_automaton.so"
