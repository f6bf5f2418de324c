#!/usr/bin/env bash
#===- scripts/induce_results.sh - Templates induced per SCAN split --------===#
#
# For each SCAN split: runs circ-induce on grammars/scan_skeleton.scan with
# the split's training file alone (pinned to one core, best of three
# runs), compiles the induced grammar with circc and evaluates it on the
# split's test file. Prints the table docs/Results.md shows: training
# commands, induction time, search steps, the induced grammar's size
# (productions, template items as written and unrolled), whether the look
# for other fits no larger ended (every one tried) or stopped at
# --other-fit-steps, and test accuracy.
#
#===----------------------------------------------------------------------===#
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/scripts/setup.sh"
bash "$root/scripts/build.sh" > /dev/null
bin="$root/build/bin"
data="$root/data/scan"
out="$root/build/out/induce"
mkdir -p "$out"
pin=()
command -v taskset > /dev/null && pin=(taskset -c 0)

echo "| split | training commands | induction (s) | search steps | productions | items (unrolled) | other fits no larger | test exact |"
echo "|---|---:|---:|---:|---:|---:|---|---:|"
for split in simple length addprim_jump addprim_turn_left template_around_right \
    template_jump_around_right template_opposite_right template_right \
    mcd1 mcd2 mcd3; do
  best=""
  for run in 1 2 3; do
    status=0
    "${pin[@]}" "$bin/circ-induce" "$root/grammars/scan_skeleton.scan" \
      --data="$data/tasks_train_$split.txt.gz" -o "$out/$split.scan" \
      2> "$out/$split.log" || status=$?
    seconds=$(sed -nE 's/.* ([0-9.]+) s in all.*/\1/p' "$out/$split.log")
    if [ -z "$best" ] || awk "BEGIN { exit !($seconds < $best) }"; then
      best=$seconds
    fi
  done
  commands=$(sed -nE 's/.*parsed ([0-9]+) training commands.*/\1/p' "$out/$split.log")
  steps=$(sed -nE 's/.* in ([0-9]+) steps.*/\1/p' "$out/$split.log")
  productions=$(sed -nE 's/.*: ([0-9]+) productions, .*/\1/p' "$out/$split.log")
  items=$(sed -nE 's/.*; ([0-9]+) items as written, ([0-9]+) unrolled.*/\1 (\2)/p' "$out/$split.log")
  others="none"
  grep -q 'look for other fits stopped' "$out/$split.log" &&
    others="none found; the look stopped at --other-fit-steps"
  if [ "$status" -eq 0 ]; then
    "$bin/circc" "$out/$split.scan" -o "$out/$split.so"
    exact=$("$bin/circ-eval" --exit-zero "$out/$split.so" "$data/tasks_test_$split.txt.gz" |
      sed -E 's/.*: ([0-9]+\/[0-9]+) exact \(([0-9.]+%)\).*/\2 (\1)/')
  else
    exact="not induced: $(grep -m1 -E 'undetermined|error' "$out/$split.log")"
  fi
  echo "| $split | $commands | $best | $steps | $productions | ${items:-} | $others | $exact |"
done
echo
echo "A wrong skeleton (test/circ-induce/Inputs/wrong_around.scan: 'around' cannot see its direction):"
"$bin/circ-induce" --quiet "$root/test/circ-induce/Inputs/wrong_around.scan" \
  --data="$root/test/circ-induce/Inputs/around_train.txt" -o /dev/null 2>&1 | head -3 || true
