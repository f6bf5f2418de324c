#!/usr/bin/env bash
#===- scripts/induce_free_results.sh - Grammars induced without a skeleton ===#
#
# For each SCAN split: runs circ-induce with no skeleton, the split's
# training file alone and --pick-simplest (pinned to one core, best of
# three runs), compiles the induced grammar with circc and evaluates it on
# the split's test file. Then the same on SCAN-like languages with made-up
# words, more repetition words and conjunctions
# (scripts/make_scanlike_data.py, seeds 1 to 3 per split; like3_*: commands
# of up to three sentences, conjunctions grouping to the left). Prints the
# tables docs/Results.md shows: induction time, the grammar's size (word
# classes kept, phrase productions, productions, template items as written
# and unrolled), what the data left undetermined (and --pick-simplest
# picked), test accuracy.
#
#===----------------------------------------------------------------------===#
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/scripts/setup.sh"
bash "$root/scripts/build.sh" > /dev/null
bin="$root/build/bin"
out="$root/build/out/induce_free"
mkdir -p "$out"
source "$root/scripts/find-python.sh"
python="$(find_python)"
pin=()
command -v taskset > /dev/null && pin=(taskset -c 0)

# induce NAME TRAIN TEST: prints one table row.
induce() {
  local name=$1 train=$2 test=$3 best="" status seconds
  for run in 1 2 3; do
    status=0
    "${pin[@]}" "$bin/circ-induce" --pick-simplest --data="$train" \
      -o "$out/$name.scan" 2> "$out/$name.log" || status=$?
    seconds=$(sed -nE 's/.* ([0-9.]+) s in all.*/\1/p' "$out/$name.log")
    [ -n "$seconds" ] || seconds=0
    if [ -z "$best" ] || awk "BEGIN { exit !($seconds < $best) }"; then
      best=$seconds
    fi
  done
  local commands classes phrase productions items undetermined exact
  commands=$(sed -nE 's/.*parsed ([0-9]+) training commands.*/\1/p' "$out/$name.log")
  classes=$(grep -c '^[a-z_0-9]* = ' "$out/$name.scan" || true)
  classes=$((classes - 1))
  phrase=$(sed -nE 's/.*found a structure of ([0-9]+) phrase productions.*/\1/p' "$out/$name.log")
  productions=$(sed -nE 's/.*: ([0-9]+) productions, .*/\1/p' "$out/$name.log")
  items=$(sed -nE 's/.*; ([0-9]+) items as written, ([0-9]+) unrolled.*/\1 (\2)/p' "$out/$name.log")
  undetermined=$({ grep -o "undetermined: [^(]*" "$out/$name.log" || true; } |
    sed -E 's/undetermined: //; s/ +$//' | paste -sd ';' | sed 's/;/; /g')
  if [ "$status" -eq 0 ]; then
    "$bin/circc" "$out/$name.scan" -o "$out/$name.so"
    exact=$("$bin/circ-eval" --exit-zero "$out/$name.so" "$test" |
      sed -E 's/.*: ([0-9]+\/[0-9]+) exact \(([0-9.]+%)\).*/\2 (\1)/')
  else
    exact="not induced: $(grep -m1 error "$out/$name.log")"
  fi
  echo "| $name | $commands | $best | $classes | $phrase | $productions | ${items:-} | ${undetermined:-none} | $exact |"
}

header='| data | training commands | induction (s) | word classes | phrase productions | productions | items (unrolled) | undetermined (picked) | test exact |'
echo "$header"
echo "|---|---:|---:|---:|---:|---:|---:|---|---:|"
for split in simple length addprim_jump addprim_turn_left template_around_right \
    template_jump_around_right template_opposite_right template_right \
    mcd1 mcd2 mcd3; do
  induce "$split" "$root/data/scan/tasks_train_$split.txt.gz" \
    "$root/data/scan/tasks_test_$split.txt.gz"
done
echo
echo "SCAN-like languages (5 primitives, 3 directions, 2 modifiers, 4 repetition"
echo "words, 3 conjunctions; made-up words per seed):"
echo
echo "$header"
echo "|---|---:|---:|---:|---:|---:|---:|---|---:|"
for split in simple addprim length template; do
  for seed in 1 2 3; do
    "$python" "$root/scripts/make_scanlike_data.py" --seed "$seed" \
      --split "$split" --primitives 5 --directions 3 --repetitions 4 \
      --conjunctions 3 --train-share 0.5 "$out/like_${split}_$seed"
    induce "like_${split}_$seed" "$out/like_${split}_$seed/train.txt" \
      "$out/like_${split}_$seed/test.txt"
  done
done
for seed in 1 2 3; do
  "$python" "$root/scripts/make_scanlike_data.py" --seed "$seed" \
    --split simple --clauses 3 --train-share 0.5 "$out/like3_simple_$seed"
  induce "like3_simple_$seed" "$out/like3_simple_$seed/train.txt" \
    "$out/like3_simple_$seed/test.txt"
done
echo
echo "The grammar induced from SCAN's simple split (grammar lines only):"
echo
grep -v '^#' "$out/simple.scan" | sed '/^$/d'
