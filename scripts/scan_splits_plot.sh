#!/usr/bin/env bash
#===- scripts/scan_splits_plot.sh - Accuracy per SCAN split, as a chart ---===#
#
# Usage: scripts/scan_splits_plot.sh [SPLITS.jsonl]
#
# Measures, on each SCAN split's test file, the hand-written circuit
# (grammars/scan.scan) and the circuit induced from the split's training
# file (circ-induce on grammars/scan_skeleton.scan); adds the Transformer
# baseline's accuracies from SPLITS.jsonl when given (what
# scripts/transformer_splits.sh writes) and the published figures of
# docs/data/scan_published.json; draws docs/images/scan-splits.png.
#
#===----------------------------------------------------------------------===#
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/scripts/setup.sh"
bash "$root/baselines/transformer/setup.sh"
bash "$root/scripts/build.sh" > /dev/null
source "$root/scripts/find-python.sh"
python="$(find_python matplotlib)"
bin="$root/build/bin"
data="$root/data/scan"
out="$root/build/out/scan-splits"
mkdir -p "$out"

accuracy() { # LIBRARY TEST_FILE -> percentage
  "$bin/circ-eval" --exit-zero "$1" "$2" | sed -E 's/.*exact \(([0-9.]+)%\).*/\1/'
}
"$bin/circc" "$root/grammars/scan.scan" -o "$out/scan.so"
written="" induced=""
for split in simple length addprim_jump addprim_turn_left \
    template_around_right mcd1 mcd2 mcd3; do
  test_file="$data/tasks_test_$split.txt.gz"
  "$bin/circ-induce" --quiet "$root/grammars/scan_skeleton.scan" \
    --data="$data/tasks_train_$split.txt.gz" -o "$out/$split.scan"
  "$bin/circc" "$out/$split.scan" -o "$out/$split.so"
  written+="\"$split\": $(accuracy "$out/scan.so" "$test_file"), "
  induced+="\"$split\": $(accuracy "$out/$split.so" "$test_file"), "
done
{
  echo "{"
  echo "  \"circc, hand-written grammar (36 parameters)\": {${written%, }},"
  echo -n "  \"circc, templates induced from the split's training file\": {${induced%, }}"
  if [ $# -ge 1 ]; then
    echo ","
    echo -n "  \"Transformer baseline (this project, tiny)\": {"
    "$python" -c "
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
print(', '.join('\"%s\": %s' % (r['split'], r['transformer'][1]) for r in rows), end='')
" "$1"
    echo -n "}"
  fi
  echo
  echo "}"
} > "$out/measured.json"
cat "$out/measured.json"
"$python" "$root/scripts/plot_scan_splits.py" "$out/measured.json" \
  "$root/docs/data/scan_published.json" "$root/docs/images/scan-splits.png"
echo "wrote docs/images/scan-splits.png" >&2
