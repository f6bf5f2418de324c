#!/usr/bin/env bash
#===- scripts/train_values.sh - Learn CruxMini's and ListOps' op tables --===#
#
# Compiles grammars/arith_learn.scan and grammars/listops_learn.scan (the
# op tables left to learning) and, for every seed, trains each on its
# training file only (circ-train: answers only, soft applications) and
# evaluates the hardened circuit on the held-out compositions and the deeper
# trees. Then does the same with a control whose "*" applies the table of
# "-", reporting it also on the training commands that neither multiply nor
# subtract. Prints markdown tables.
#
#===----------------------------------------------------------------------===#
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh"
"$root/scripts/build.sh" "$root/build" > /dev/null
bin="$root/build/bin"
out="$root/build/out/train_values"
mkdir -p "$out"
seeds="${SEEDS:-1 2 3 4 5}"
epochs="${EPOCHS:-3}"

# exact COUNT/TOTAL (PCT%) of LIBRARY with WEIGHTS on FILE.
exact() {
  "$bin/circ-eval" --exit-zero "$1" --weights="$2" "$3" |
    sed -n 's/.*: \([0-9]*\/[0-9]* exact ([0-9.]*%)\).*/\1/p'
}

# Trains LIBRARY on TRAIN with SEED; prints the weights path and seconds.
train() {
  local library=$1 train=$2 seed=$3
  local weights="$out/$(basename "$library" .so)_${seed}.safetensors"
  local log seconds
  log=$("$bin/circ-train" "$library" --data="$train" -o "$weights" \
          --seed="$seed" --epochs="$epochs" --quiet)
  seconds=$(echo "$log" | sed -n 's/.*; \([0-9.]*\) s; wrote.*/\1/p')
  echo "$weights $seconds"
}

for task in arith listops; do
  data="$root/data/$task"
  "$bin/circc" "$root/grammars/${task}_learn.scan" --weights=file --stats \
    -o "$out/${task}_learn.so" 2>&1 | grep "^circuit"
  echo
  echo "| $task | seed | test exact | deep test exact | training time (s) |"
  echo "|---|---:|---:|---:|---:|"
  for seed in $seeds; do
    read -r weights seconds < <(train "$out/${task}_learn.so" \
      "$data/${task}_train.txt.gz" "$seed")
    echo "| ${task}_learn | $seed | $(exact "$out/${task}_learn.so" "$weights" "$data/${task}_test.txt.gz") | $(exact "$out/${task}_learn.so" "$weights" "$data/${task}_test_deep.txt.gz") | $seconds |"
  done
  echo
done

# The control: "*" wired to the table of "-".
data="$root/data/arith"
"$bin/circc" "$root/grammars/ablations/arith_learn_mul_as_sub.scan" \
  --weights=file -o "$out/mul_as_sub.so"
zcat "$data/arith_train.txt.gz" | grep -v -e ' - ' -e ' \* ' > "$out/plus_only.txt"
echo "| control: * applies sub's table | seed | test exact | deep test exact | training commands without - or * |"
echo "|---|---:|---:|---:|---:|"
for seed in $seeds; do
  read -r weights _ < <(train "$out/mul_as_sub.so" "$data/arith_train.txt.gz" "$seed")
  echo "| mul_as_sub | $seed | $(exact "$out/mul_as_sub.so" "$weights" "$data/arith_test.txt.gz") | $(exact "$out/mul_as_sub.so" "$weights" "$data/arith_test_deep.txt.gz") | $(exact "$out/mul_as_sub.so" "$weights" "$out/plus_only.txt") |"
done
