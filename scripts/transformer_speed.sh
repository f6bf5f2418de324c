#!/usr/bin/env bash
#===- scripts/transformer_speed.sh - Compiled Transformer vs PyTorch -----===#
#
# Usage: scripts/transformer_speed.sh [OUT_DIR]   (default /tmp/circc-speed)
#
# Times greedy decoding of the Transformer baseline compiled by circc
# (--mcpu=native) against the same weights in PyTorch eager (with and
# without a key/value cache) and in ONNX Runtime (the npm package
# onnxruntime-node's CPU library, setup_onnxruntime.sh), interleaved in one
# process by bench_speed.py, on the first 256 commands of SCAN's simple test
# split: batch 1 and batch 256, one thread pinned to CPU 1 and two threads
# on CPUs 0-1, with the heads and feed-forward units pruned physically on
# every side; it prints the tables (with each one's share of the compute
# ceiling measured in the same run) and the plot docs/Results.md shows.
# The models are the `small` and `base` configurations at their seeded
# initialisation (train.py --steps 0, head importance over 256 training
# commands) with the end token disabled
# (no_eos.py): every command then decodes the full 49 steps in PyTorch and
# in the library alike, so the work timed does not depend on what the
# weights happen to output. Set CIRCC_SMALL_MODEL / CIRCC_BASE_MODEL to time
# (a no-eos copy of) trained models instead.
#
#===----------------------------------------------------------------------===#
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-/tmp/circc-speed}"
source "$root/scripts/transformer-common.sh"
test_file="$root/data/scan/tasks_test_simple.txt.gz"
# head closes the pipe early; only its output matters.
gzip -dc "$root/data/scan/tasks_train_simple.txt.gz" | head -n 256 \
  > "$out/importance.txt" || [ -s "$out/importance.txt" ]

model_dir() {  # config -> directory
  local config=$1 var="CIRCC_${1^^}_MODEL"
  if [ -n "${!var:-}" ]; then
    echo "${!var}"
    return
  fi
  if [ ! -f "$out/$config-init/weights.safetensors" ]; then
    (cd "$root/baselines/transformer" &&
      $python train.py --config "$config" --steps 0 --threads 1 \
        --out "$out/$config-init" --train "$out/importance.txt" \
        --importance-data "$out/importance.txt" >&2)
  fi
  echo "$out/$config-init"
}

fixed_dir() {  # config -> a copy that always decodes 49 steps
  if [ ! -f "$out/$1-fixed/weights.safetensors" ]; then
    local dir; dir="$(model_dir "$1")"
    (cd "$root/baselines/transformer" && $python no_eos.py "$dir" "$out/$1-fixed")
  fi
  echo "$out/$1-fixed"
}

: > "$out/speed.jsonl"
onnxruntime="$(bash "$root/baselines/transformer/setup_onnxruntime.sh" "$root/build/onnxruntime")"
bench() {  # config heads-fraction ffn-fraction threads [bench_speed.py flags]
  local dir; dir="$(fixed_dir "$1")"
  local name="$1-h$2-f$3"
  local lib="$out/$name.so" cpus=1
  [ "$4" -gt 1 ] && cpus="0-$(($4 - 1))"
  "$root/build/bin/circc" "$dir" --prune-heads="$2" --prune-ffn="$3" \
    --mcpu=native -o "$lib"
  echo "timing $1, heads pruned $2, feed-forward units pruned $3, $4 thread(s) ..." >&2
  (cd "$root/baselines/transformer" &&
    taskset -c "$cpus" $python bench_speed.py "$dir" "$lib" "$test_file" \
      --commands 256 --batch 256 --singles 16 --rounds 3 --prune "$2" \
      --prune-ffn "$3" --threads "$4" --onnxruntime "$onnxruntime" \
      --fma-peak "$root/build/bin/fma-peak" --onnx-dir "$out/onnx-$name" \
      --json "${@:5}") >> "$out/speed.jsonl"
}

bench small 0 0 1
bench small 0.5 0 1
bench base 0 0 1 --skip-uncached
bench base 0 0 2 --skip-uncached
bench base 0.5 0 1 --skip-uncached
bench base 0 0.5 1 --skip-uncached
bench base 0.5 0.5 1 --skip-uncached

$python "$root/baselines/transformer/speed_table.py" "$out/speed.jsonl"
$python "$root/baselines/transformer/plot_speed.py" "$out/speed.jsonl" \
  "$root/docs/images/transformer-speed.png"
echo "wrote docs/images/transformer-speed.png" >&2
