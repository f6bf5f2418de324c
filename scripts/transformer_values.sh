#!/usr/bin/env bash
#===- scripts/transformer_values.sh - Circuit vs Transformer on CruxMini, ListOps ===#
#
# Usage: scripts/transformer_values.sh [OUT_DIR]   (default /tmp/circc-values)
#   CIRCC_CONFIG=tiny|small|base (default small)   CIRCC_STEPS (default 3000)
#   CIRCC_LR, CIRCC_DEVICE, CIRCC_THREADS as for the other Transformer scripts
#
# For CruxMini (data/arith) and ListOps (data/listops): trains the
# Transformer baseline on the training file (vocabularies from the data,
# sources of up to 256 tokens so that the deep tests fit), compiles it with
# circc, and prints the exact-match accuracy of it and of the compiled
# grammar (op tables given) on the training file, the held-out compositions
# and the deeper trees, with parameter counts: the table docs/Results.md
# shows.
#
#===----------------------------------------------------------------------===#
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-/tmp/circc-values}"
CIRCC_CONFIG="${CIRCC_CONFIG:-small}"
source "$root/scripts/transformer-common.sh"

for task in arith listops; do
  files=("$root/data/$task/${task}_train.txt.gz" "$root/data/$task/${task}_test.txt.gz"
         "$root/data/$task/${task}_test_deep.txt.gz")
  model="$out/$config-$task"
  if [ ! -f "$model/weights.safetensors" ]; then
    echo "training $config on $task ..." >&2
    (cd "$root/baselines/transformer" &&
      $python train.py --config "$config" --steps "$steps" --lr "$lr" --threads "$threads" \
        --device "$device" --out "$model" --vocab data --max-src 256 --max-tgt 3 \
        --train "${files[0]}" >&2)
  fi
  "$bin/circc" "$root/grammars/$task.scan" -o "$out/$task-circuit.so"
  "$bin/circc" "$model" --mcpu=native -o "$out/$task-transformer.so"
  circuit_params=$("$bin/circ-eval" --exit-zero --json "$out/$task-circuit.so" "${files[1]}" |
    $python -c "import json, sys; print('{:,}'.format(json.load(sys.stdin)['parameters']))")
  model_params=$("$bin/circ-eval" --exit-zero --json "$out/$task-transformer.so" "${files[1]}" |
    $python -c "import json, sys; print('{:,}'.format(json.load(sys.stdin)['parameters']))")
  echo
  echo "$task: Transformer $config, $steps steps ($(grep -o '"training_seconds": [0-9.]*' "$model/config.json" | cut -d' ' -f2) s); exact match."
  echo
  echo "| File | Circuit, tables given ($circuit_params parameters) | Transformer ($model_params) |"
  echo "|---|---:|---:|"
  for file in "${files[@]}"; do
    echo "| $(basename "$file") | $(accuracy "$out/$task-circuit.so" "$file") | $(accuracy "$out/$task-transformer.so" "$file") |"
  done
done
