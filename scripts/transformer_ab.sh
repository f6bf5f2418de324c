#!/usr/bin/env bash
#===- scripts/transformer_ab.sh - Interleaved A/B of two model libraries -===#
#
# Usage: scripts/transformer_ab.sh ROUNDS A.so B.so [COMMANDS_FILE]
#
# Times circ-eval --batch=256 on A and B in turn, ROUNDS times, pinned to
# CPU 1, on COMMANDS_FILE (default: the first 256 commands of SCAN's simple
# test split), and prints each round's commands/s of A and B and the ratio
# B/A, then the mean ratio. Build the libraries from one model directory,
# e.g. transformer_speed.sh's OUT/base-fixed:
#   circc OUT/base-fixed --mcpu=native --batch-tile=128 -o a.so
#   circc OUT/base-fixed --mcpu=native -o b.so
#
#===----------------------------------------------------------------------===#
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ $# -lt 3 ]; then
  echo "usage: $0 ROUNDS A.so B.so [COMMANDS_FILE]" >&2
  exit 2
fi
rounds=$1 a=$2 b=$3
file="${4:-}"
if [ -z "$file" ]; then
  file="$(mktemp)"
  trap 'rm -f "$file"' EXIT
  gzip -dc "$root/data/scan/tasks_test_simple.txt.gz" | head -n 256 > "$file" ||
    [ -s "$file" ]
fi
rate() {  # library -> commands/s
  taskset -c 1 "$root/build/bin/circ-eval" --exit-zero --json "$1" "$file" --batch=256 |
    sed -n 's/.*"commands_per_second": \([0-9.]*\).*/\1/p'
}
total=0
for _ in $(seq "$rounds"); do
  ra=$(rate "$a") rb=$(rate "$b")
  ratio=$(awk -v a="$ra" -v b="$rb" 'BEGIN { printf "%.3f", b / a }')
  total=$(awk -v t="$total" -v r="$ratio" 'BEGIN { print t + r }')
  echo "$ra $rb $ratio"
done
awk -v t="$total" -v n="$rounds" 'BEGIN { printf "mean B/A: %.3f\n", t / n }'
