#!/usr/bin/env bash
#===- scripts/transformer_results.sh - Train, prune, compile, evaluate ---===#
#
# Usage: scripts/transformer_results.sh [OUT_DIR]   (default /tmp/circc-transformer)
#   CIRCC_CONFIG=tiny|small|base (default tiny)   CIRCC_STEPS (default 3000)
#   CIRCC_LR (default 3e-3 for tiny, else 5e-4)   CIRCC_DEVICE=auto|cpu|cuda
#   CIRCC_THREADS (PyTorch threads, default 1)
#   CIRCC_FT_STEPS (fine-tuning steps per pruning round, default 1000)
#
# Trains the Transformer baseline on SCAN's simple split, then prints, on
# the simple test file: PyTorch's accuracy and the compiled library's
# (circ-eval), unpruned and with half of every module's heads removed in one
# shot, and after iterative pruning with fine-tuning (two rounds to half the
# heads), compiled with exactly the heads the fine-tuning removed. The
# default `tiny` model trains in minutes on one CPU thread; `base` (the
# literature's 6.5M-parameter baseline) in about an hour on two threads
# (CIRCC_THREADS=2, CIRCC_STEPS=3500), or minutes on a GPU.
#
#===----------------------------------------------------------------------===#
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-/tmp/circc-transformer}"
ft_steps="${CIRCC_FT_STEPS:-1000}"
source "$root/scripts/transformer-common.sh"
model="$out/$config-simple"
cd "$root/baselines/transformer"

if [ ! -f "$model/weights.safetensors" ]; then
  $python train.py --config "$config" --steps "$steps" --lr "$lr" --threads "$threads" \
    --device "$device" --out "$model" \
    --train "$data/tasks_train_simple.txt.gz" --test "$data/tasks_test_simple.txt.gz" \
    --importance-data "$data/tasks_train_simple.txt.gz" >&2
fi
$python prune_sweep.py "$model" "$data/tasks_test_simple.txt.gz" --fractions 0,0.5 \
  > "$out/sweep.txt"
for target in 0.5 0; do
  if [ ! -f "$model-ft$target/circc.rsp" ]; then
    $python prune_finetune.py "$model" --target "$target" --rounds 2 --steps "$ft_steps" \
      --device "$device" --out "$model-ft$target" \
      --train "$data/tasks_train_simple.txt.gz" --test "$data/tasks_test_simple.txt.gz" \
      > "$out/finetune$target.txt"
  fi
done

"$bin/circc" "$model" --mcpu=native -o "$out/full.so"
"$bin/circc" "$model" --prune-heads=0.5 --mcpu=native -o "$out/oneshot.so"
"$bin/circc" "$model-ft0.5" @"$model-ft0.5/circc.rsp" --mcpu=native -o "$out/finetuned.so"
"$bin/circc" "$model-ft0" --mcpu=native -o "$out/control.so"
test_file="$data/tasks_test_simple.txt.gz"
torch_acc() { grep "$1" "$out/sweep.txt" | sed 's/.*: \([0-9.]*%\) exact/\1/'; }
last_round() { tail -2 "$1" | head -1 | sed 's/.*kept, [0-9]* steps, \([0-9.]*%\) exact.*/\1/'; }

echo "Model: $config, trained $steps steps on the simple split ($(grep -o '"training_seconds": [0-9.]*' "$model/config.json" | cut -d' ' -f2) s, $(grep -o '"device": "[a-z]*' "$model/config.json" | cut -d'"' -f4))."
echo
echo "| Heads | Parameters | PyTorch | Compiled (circ-eval) |"
echo "|---|---:|---:|---:|"
echo "| all | $(params "$out/full.so") | $(torch_acc 'pruned   0%') | $(accuracy "$out/full.so" "$test_file") |"
echo "| half removed, one shot | $(params "$out/oneshot.so") | $(torch_acc 'pruned  50%') | $(accuracy "$out/oneshot.so" "$test_file") |"
echo "| all, 2 x $ft_steps more training steps (control) | $(params "$out/control.so") | $(last_round "$out/finetune0.txt") | $(accuracy "$out/control.so" "$test_file") |"
echo "| half removed in 2 rounds, $ft_steps fine-tuning steps after each | $(params "$out/finetuned.so") | $(last_round "$out/finetune0.5.txt") | $(accuracy "$out/finetuned.so" "$test_file") |"
