#!/usr/bin/env bash
# Commands of over a million tokens through grammars/listops.scan, which
# declares no input bound (scripts/make_long_listops.py): for each, circ-eval's
# answer, wall time and the process's peak memory (one core, /usr/bin/time),
# and, for the bushy tree, value-bench's steady-state time per command
# against the hand-written evaluator (whose recursion refuses the deep
# chain).
#
#   bash scripts/long_input.sh [BUILD_DIR]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$root/build}"
bin="$build/bin"
source "$root/scripts/find-python.sh"
python="$(find_python)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

"$python" "$root/scripts/make_long_listops.py" "$work/bushy.txt" "$work/deep.txt"
"$bin/circc" "$root/grammars/listops.scan" -o "$work/listops.so"
for name in bushy deep; do
  /usr/bin/time -f "$name: %e s wall, peak memory %M KiB (the whole process)" \
    taskset -c 0 "$bin/circ-eval" "$work/listops.so" "$work/$name.txt"
done
"$bin/value-bench" listops "$work/listops.so" "$work/bushy.txt" --seconds=2 \
  2>/dev/null
