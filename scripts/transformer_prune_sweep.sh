#!/usr/bin/env bash
#===- scripts/transformer_prune_sweep.sh - Accuracy against heads removed -===#
#
# Usage: scripts/transformer_prune_sweep.sh [OUT_DIR]   (default /tmp/circc-prune-sweep)
#   CIRCC_CONFIG=tiny|small|base (default tiny)   CIRCC_STEPS (default 3000)
#   CIRCC_LR, CIRCC_DEVICE, CIRCC_THREADS as for transformer_results.sh
#
# Trains the Transformer baseline on SCAN's simple split (unless OUT_DIR
# already holds it), then removes 0, 25, 50 and 75% of the heads of every
# attention module, least important first, in one shot (no fine-tuning),
# and prints for each: heads kept, parameters, and exact match on the
# simple test file of PyTorch (prune_sweep.py, the heads gated off) and of
# the library circc compiles with --prune-heads (the heads sliced out);
# plots the same as docs/images/pruning-CONFIG.png.
#
#===----------------------------------------------------------------------===#
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-/tmp/circc-prune-sweep}"
source "$root/scripts/transformer-common.sh"
model="$out/$config-simple"
test_file="$data/tasks_test_simple.txt.gz"
cd "$root/baselines/transformer"

if [ ! -f "$model/weights.safetensors" ]; then
  $python train.py --config "$config" --steps "$steps" --lr "$lr" \
    --threads "$threads" --device "$device" --out "$model" \
    --train "$data/tasks_train_simple.txt.gz" --test "$test_file" \
    --importance-data "$data/tasks_train_simple.txt.gz" >&2
fi
$python prune_sweep.py "$model" "$test_file" --threads "$threads" \
  --fractions 0,0.25,0.5,0.75 > "$out/sweep.txt"

torch_acc() { grep "pruned $(printf '%3d' "$1")%" "$out/sweep.txt" | sed 's/.*: \([0-9.]*%\) exact/\1/'; }
heads() { grep "pruned $(printf '%3d' "$1")%" "$out/sweep.txt" | sed -E 's/^pruned +[0-9]+%: ([0-9]+\/[0-9]+) heads.*/\1/'; }

echo "Model: $config ($(grep -o '"parameters": [0-9]*' "$model/config.json" | cut -d' ' -f2) parameters), trained $(grep -o '"steps": [0-9]*' "$model/config.json" | cut -d' ' -f2) steps on the simple split ($(grep -o '"training_seconds": [0-9.]*' "$model/config.json" | cut -d' ' -f2) s, $(grep -o '"device": "[a-z]*' "$model/config.json" | cut -d'"' -f4), $threads threads)."
echo
echo "| Heads pruned | Heads kept | Parameters | PyTorch | Compiled (circ-eval) |"
echo "|---:|---:|---:|---:|---:|"
: > "$out/sweep.jsonl"
for percent in 0 25 50 75; do
  fraction=$(printf '0.%02d' "$percent")
  "$bin/circc" "$model" --prune-heads="$fraction" --mcpu=native -o "$out/pruned$percent.so"
  torch=$(torch_acc "$percent") compiled=$(accuracy "$out/pruned$percent.so" "$test_file")
  parameters=$(params "$out/pruned$percent.so")
  echo "| $percent% | $(heads "$percent") | $parameters | $torch | $compiled |"
  printf '{"fraction": %s, "pytorch": %s, "compiled": %s, "parameters": %s}\n' \
    "$fraction" "${torch%\%}" "${compiled%\%}" "${parameters//,/}" >> "$out/sweep.jsonl"
done
$python "$root/baselines/transformer/plot_pruning.py" "$out/sweep.jsonl" \
  "SCAN simple split: the $config Transformer" \
  "$root/docs/images/pruning-$config.png"
echo "wrote docs/images/pruning-$config.png" >&2
