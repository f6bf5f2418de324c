#!/usr/bin/env bash
#===- scripts/lra_listops_results.sh - Long Range Arena ListOps ----------===#
#
# Usage: scripts/lra_listops_results.sh [DATA_DIR]
# Compiles grammars/lra_listops.scan (timing it and its peak memory) and
# evaluates the library, pinned to one core, on the vendored test split
# (data/lra_listops/test.tsv.gz) and, when DATA_DIR holds the splits
# `scripts/make_lra_listops_data.py --gzip DATA_DIR` writes, on its
# validation and training splits too. Prints the table docs/Results.md shows.
#
#===----------------------------------------------------------------------===#
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/scripts/setup.sh"
bash "$root/scripts/build.sh" > /dev/null
bin="$root/build/bin"
out="$root/build/out/lra_listops"
mkdir -p "$out"
source "$root/scripts/find-python.sh"
python="$(find_python)"

/usr/bin/time -f "%e %M" -o "$out/time.txt" \
  "$bin/circc" "$root/grammars/lra_listops.scan" --stats -o "$out/lra.so" \
  2> "$out/stats.txt"
read -r seconds kilobytes < "$out/time.txt"
grep -E "^(grammar|circuit)" "$out/stats.txt"
echo "compile: $seconds s, $((kilobytes / 1024)) MB peak"
echo

files=("$root/data/lra_listops/test.tsv.gz")
if [ $# -ge 1 ]; then
  cmp "$1/test.tsv.gz" "$root/data/lra_listops/test.tsv.gz"
  files+=("$1/valid.tsv.gz" "$1/train.tsv.gz")
fi
pin=()
command -v taskset > /dev/null && pin=(taskset -c 1)
echo "| split | commands | tokens per command | exact | commands/s | ns per token |"
echo "|---|---:|---:|---:|---:|---:|"
for file in "${files[@]}"; do
  tokens=$("$python" -c "
import gzip, sys
rows = [l.split('\t')[0] for l in gzip.open(sys.argv[1], 'rt')][1:]
print('%.1f' % (sum(len(r.split()) for r in rows) / len(rows)))" "$file")
  "${pin[@]}" "$bin/circ-eval" --exit-zero --json "$out/lra.so" "$file" |
    "$python" -c "
import json, os, sys
f = json.load(sys.stdin)['files'][0]
tokens = float(sys.argv[2])
rate = f['commands_per_second']
print('| %s | %d | %.1f | %.2f%% | %d | %.1f |' % (
    os.path.basename(sys.argv[1]), f['total'], tokens, f['accuracy'], rate,
    1e9 / rate / tokens))" "$file" "$tokens"
done
