#!/usr/bin/env bash
#===- scripts/train_results.sh - Learn SCAN's word meanings, per split ----===#
#
# Compiles grammars/scan_learn.scan (SCAN's structure, word meanings left to
# learning) and, for every split and seed, trains it on the split's training
# file only and evaluates it on the split's test file. Then does the same
# with a circuit whose "twice" is wired wrong. Prints markdown tables.
#
#===----------------------------------------------------------------------===#
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh"
"$root/scripts/build.sh" "$root/build" > /dev/null
bin="$root/build/bin"
out="$root/build/out/train"
data="$root/data/scan"
mkdir -p "$out"
seeds="${SEEDS:-1 2 3 4 5}"
epochs="${EPOCHS:-5}"

"$bin/circc" "$root/grammars/scan_learn.scan" --weights=file --stats \
  -o "$out/scan_learn.so" 2>&1 | grep "^circuit"

# Runs one training and evaluation; prints "| split | seed | ... |".
run() {
  local library=$1 split=$2 seed=$3 train=$4 test=$5
  local weights="$out/$(basename "$library" .so)_${split}_${seed}.safetensors"
  local log
  log=$("$bin/circ-train" "$library" --data="$train" -o "$weights" \
          --seed="$seed" --epochs="$epochs" --quiet)
  local seconds exact
  seconds=$(echo "$log" | sed -n 's/.*; \([0-9.]*\) s; wrote.*/\1/p')
  exact=$("$bin/circ-eval" --exit-zero "$library" --weights="$weights" "$test" |
            sed -n 's/.*: \([0-9]*\/[0-9]* exact ([0-9.]*%)\).*/\1/p')
  echo "| $split | $seed | $exact | $seconds |"
}

echo
echo "| split | seed | test exact | training time (s) |"
echo "|---|---:|---:|---:|"
for split in addprim_jump addprim_turn_left length template_around_right mcd1 mcd2 mcd3 simple; do
  case $split in
    template_*) name=${split#template_}; train="$data/tasks_train_template_$name.txt.gz"; test="$data/tasks_test_template_$name.txt.gz" ;;
    *) train="$data/tasks_train_$split.txt.gz"; test="$data/tasks_test_$split.txt.gz" ;;
  esac
  for seed in $seeds; do
    run "$out/scan_learn.so" "$split" "$seed" "$train" "$test"
  done
done

echo
echo "Ablation: \"twice\" wired as three copies, trained on addprim_jump"
"$bin/circc" "$root/grammars/ablations/scan_learn_twice3.scan" --weights=file \
  -o "$out/scan_learn_twice3.so"
zcat "$data/tasks_test_addprim_jump.txt.gz" | grep 'IN: [^O]*twice' > "$out/twice.txt"
zcat "$data/tasks_test_addprim_jump.txt.gz" | grep -v 'IN: [^O]*twice' > "$out/no_twice.txt"
echo
echo "| seed | test commands with twice | test commands without |"
echo "|---:|---:|---:|"
for seed in $seeds; do
  weights="$out/twice3_$seed.safetensors"
  "$bin/circ-train" "$out/scan_learn_twice3.so" \
    --data="$data/tasks_train_addprim_jump.txt.gz" -o "$weights" \
    --seed="$seed" --epochs="$epochs" --quiet > /dev/null
  results=$("$bin/circ-eval" --exit-zero "$out/scan_learn_twice3.so" --weights="$weights" \
              "$out/twice.txt" "$out/no_twice.txt" |
              sed -n 's/.*: \([0-9]*\/[0-9]* exact ([0-9.]*%)\).*/\1/p' | tr '\n' '|')
  echo "| $seed | ${results%|} |" | sed 's/|\([^|]*\)|\([^|]*\) |$/| \1 | \2 |/'
done
