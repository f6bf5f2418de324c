#!/usr/bin/env bash
# The LR automaton emitted as code (the default) against the walk of its
# tables (--direct-automaton-states=0), on the grammars that run it: each
# library against the hand-written evaluator of value-bench and pcfg-bench
# (one process, one core, best of 5 in turns), and COGS's commands/s with
# circ-eval, the two libraries taken in turns on one core.
#
#   bash scripts/automaton_speed.sh [BUILD_DIR]   (BENCH_SECONDS, default 1)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$root/build}"
bin="$build/bin"
data="$root/data"
seconds="${BENCH_SECONDS:-1}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

for grammar in arith listops pcfgset cogs; do
  "$bin/circc" "$root/grammars/$grammar.scan" --direct-automaton-states=0 \
    -o "$work/$grammar.table.so"
  "$bin/circc" "$root/grammars/$grammar.scan" -o "$work/$grammar.code.so"
done

for mode in table code; do
  echo "== automaton as $mode"
  "$bin/value-bench" arith "$work/arith.$mode.so" \
    "$data/arith/arith_test.txt.gz" "$data/arith/arith_test_deep.txt.gz" \
    --seconds="$seconds" 2>/dev/null | tail -n +3
  "$bin/value-bench" listops "$work/listops.$mode.so" \
    "$data/listops/listops_test.txt.gz" \
    "$data/listops/listops_test_deep.txt.gz" \
    --seconds="$seconds" 2>/dev/null | tail -n +3
  "$bin/pcfg-bench" "$work/pcfgset.$mode.so" "$data/pcfgset/test.src.gz" \
    --seconds="$seconds" 2>/dev/null | tail -n +3
done

echo "== COGS gen, circ-eval on one core, in turns"
for round in 1 2 3; do
  for mode in table code; do
    rate=$(taskset -c 0 "$bin/circ-eval" --exit-zero "$work/cogs.$mode.so" \
      "$data/cogs/gen.tsv.gz" | head -1 | grep -o '[0-9]* commands/s')
    echo "round $round, $mode: $rate"
  done
done
