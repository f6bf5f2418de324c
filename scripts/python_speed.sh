#!/usr/bin/env bash
# The Python package's Circuit.evaluate against circ-eval on the same
# library and file, on one core, three rounds taken in turns: SCAN's
# add-jump test split and COGS's generalization set. Each prints commands
# per second over the runs (and, for evaluate, the comparisons).
#
#   bash scripts/python_speed.sh [BUILD_DIR]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$root/build}"
bin="$build/bin"
source "$root/scripts/find-python.sh"
python="$(find_python numpy 2>/dev/null || find_python)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

"$bin/circc" "$root/grammars/scan.scan" -o "$work/scan.so"
"$bin/circc" "$root/grammars/cogs.scan" -o "$work/cogs.so"
numpy=$("$python" -c 'import numpy; print("with NumPy", numpy.__version__)' \
  2>/dev/null || echo "without NumPy")
echo "Python: $("$python" --version 2>&1), $numpy"
printf '%-40s %14s %14s %7s\n' "file (round)" "circ-eval" "evaluate" "ratio"
for pair in "scan:$root/data/scan/tasks_test_addprim_jump.txt.gz" \
            "cogs:$root/data/cogs/gen.tsv.gz"; do
  name="${pair%%:*}"
  file="${pair#*:}"
  for round in 1 2 3; do
    native=$(taskset -c 0 "$bin/circ-eval" --exit-zero "$work/$name.so" "$file" |
      head -1 | grep -o '[0-9]* commands/s' | cut -d' ' -f1)
    package=$(PYTHONPATH="$root/python" taskset -c 0 "$python" -c '
import sys, circc
print(round(circc.load(sys.argv[1]).evaluate(sys.argv[2]).commands_per_second))
' "$work/$name.so" "$file")
    printf '%-40s %14s %14s %6.2fx\n' "$(basename "$file") ($round)" \
      "$native" "$package" "$(echo "$package / $native" | bc -l)"
  done
done
