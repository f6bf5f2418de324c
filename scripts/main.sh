#!/usr/bin/env bash
#===- scripts/main.sh - Set up, build and run circc's main job ------------===#
#
# Compiles grammars/scan.scan into a shared library and evaluates it on
# tasks.txt and every vendored SCAN test split, printing a table of split,
# accuracy and parameter count.
#
#===----------------------------------------------------------------------===#
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh"
"$root/scripts/build.sh" "$root/build"
out="$root/build/out"
mkdir -p "$out"
data="$root/data/scan"

echo "== compiling grammars/scan.scan"
start=$(date +%s%N)
"$root/build/bin/circc" "$root/grammars/scan.scan" --stats -o "$out/scan.so"
end=$(date +%s%N)
echo "compiled $out/scan.so in $(( (end - start) / 1000000 )) ms"
echo

echo "== evaluating on the SCAN splits"
"$root/build/bin/circ-eval" --table "$out/scan.so" \
  "$data/tasks.txt.gz" \
  "$data/tasks_test_simple.txt.gz" \
  "$data/tasks_test_length.txt.gz" \
  "$data/tasks_test_addprim_jump.txt.gz" \
  "$data/tasks_test_addprim_turn_left.txt.gz" \
  "$data/tasks_test_template_around_right.txt.gz" \
  "$data/tasks_test_template_jump_around_right.txt.gz" \
  "$data/tasks_test_template_opposite_right.txt.gz" \
  "$data/tasks_test_template_right.txt.gz" \
  "$data/tasks_test_mcd1.txt.gz" \
  "$data/tasks_test_mcd2.txt.gz" \
  "$data/tasks_test_mcd3.txt.gz"
echo

echo "== grammars that compute: CruxMini and ListOps, op tables given"
for grammar in arith listops; do
  "$root/build/bin/circc" "$root/grammars/$grammar.scan" -o "$out/$grammar.so"
done
"$root/build/bin/circ-eval" --table "$out/arith.so" \
  "$root/data/arith/arith_train.txt.gz" "$root/data/arith/arith_test.txt.gz" \
  "$root/data/arith/arith_test_deep.txt.gz"
"$root/build/bin/circ-eval" --table "$out/listops.so" \
  "$root/data/listops/listops_train.txt.gz" "$root/data/listops/listops_test.txt.gz" \
  "$root/data/listops/listops_test_deep.txt.gz"
