#!/usr/bin/env bash
#===- scripts/transformer_splits.sh - Circuit vs Transformer per split ---===#
#
# Usage: scripts/transformer_splits.sh [OUT_DIR]   (default /tmp/circc-splits)
#   CIRCC_CONFIG=tiny|small|base (default tiny)   CIRCC_STEPS (default 3000)
#   CIRCC_LR (default 3e-3 for tiny, else 5e-4)   CIRCC_DEVICE=auto|cpu|cuda
#   CIRCC_THREADS (PyTorch threads, default 1)
#
# For each of SCAN's simple, length, addprim_jump, template around_right and
# MCD1 splits: trains the Transformer baseline on the split's training file,
# compiles it with circc unpruned and with half of every module's heads
# removed (one shot, by importance), and prints the accuracy of both
# libraries on the split's test file (circ-eval) next to the compiled SCAN
# circuit's, with parameter counts: the table docs/Results.md shows, and the
# plots docs/images/params-accuracy.png and (from each training run's log,
# kept as MODEL/train.log) docs/images/training-curves.png; the JSONL it
# writes feeds scripts/scan_splits_plot.sh.
#
#===----------------------------------------------------------------------===#
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-/tmp/circc-splits}"
source "$root/scripts/transformer-common.sh"
"$bin/circc" "$root/grammars/scan.scan" -o "$out/scan.so"

rows=()
: > "$out/splits.jsonl"
for split in simple length addprim_jump template_around_right mcd1; do
  model="$out/$config-$split"
  if [ ! -f "$model/weights.safetensors" ]; then
    echo "training $config on $split ..." >&2
    (cd "$root/baselines/transformer" &&
      $python train.py --config "$config" --steps "$steps" --lr "$lr" --threads "$threads" \
        --device "$device" --out "$model" \
        --train "$data/tasks_train_$split.txt.gz" \
        --importance-data "$data/tasks_train_$split.txt.gz" | tee "$model/train.log" >&2)
  fi
  "$bin/circc" "$model" --mcpu=native -o "$out/$split-full.so"
  "$bin/circc" "$model" --prune-heads=0.5 --mcpu=native -o "$out/$split-pruned.so"
  test_file="$data/tasks_test_$split.txt.gz"
  circuit_acc=$(accuracy "$out/scan.so" "$test_file")
  full_acc=$(accuracy "$out/$split-full.so" "$test_file")
  pruned_acc=$(accuracy "$out/$split-pruned.so" "$test_file")
  full_params=$(params "$out/$split-full.so")
  pruned_params=$(params "$out/$split-pruned.so")
  rows+=("| $split | $circuit_acc | $full_acc | $pruned_acc |")
  printf '{"split": "%s", "circuit": [%s, %s], "transformer": [%s, %s], "pruned": [%s, %s]}\n' \
    "$split" "$(params "$out/scan.so" | tr -d ,)" "${circuit_acc%\%}" \
    "${full_params//,/}" "${full_acc%\%}" "${pruned_params//,/}" "${pruned_acc%\%}" \
    >> "$out/splits.jsonl"
done
$python "$root/baselines/transformer/plot_accuracy.py" "$out/splits.jsonl" \
  "$root/docs/images/params-accuracy.png"
echo "wrote docs/images/params-accuracy.png" >&2
curves=()
for split in simple length addprim_jump template_around_right mcd1; do
  [ -f "$out/$config-$split/train.log" ] && curves+=("$split=$out/$config-$split/train.log")
done
if [ ${#curves[@]} -gt 0 ]; then
  $python "$root/baselines/transformer/plot_curves.py" \
    "$root/docs/images/training-curves.png" "${curves[@]}"
  echo "wrote docs/images/training-curves.png" >&2
fi

echo "Transformer: $config, $steps steps per split ($(grep -o '"device": "[a-z]*' "$out/$config-simple/config.json" | cut -d'"' -f4)); exact match on each split's test file."
echo
echo "| Split | Circuit ($(params "$out/scan.so") parameters) | Transformer ($full_params) | Half the heads removed ($pruned_params) |"
echo "|---|---:|---:|---:|"
printf '%s\n' "${rows[@]}"
