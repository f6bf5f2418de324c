#!/usr/bin/env bash
#===- scripts/pcfgset_results.sh - PCFG SET: accuracy, cost and speed -----===#
#
# Compiles grammars/pcfgset.scan (timing it and its peak memory), evaluates
# the library on every vendored PCFG SET test file (data/pcfgset/README.md)
# and times it against the hand-written interpreter of bench/ on the test
# set and the productivity test (one core, in turns, best of five). Prints
# the tables docs/Results.md shows.
#
#===----------------------------------------------------------------------===#
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/scripts/setup.sh"
bash "$root/scripts/build.sh" > /dev/null
bin="$root/build/bin"
out="$root/build/out/pcfgset"
mkdir -p "$out"
data="$root/data/pcfgset"

/usr/bin/time -f "%e %M" -o "$out/time.txt" \
  "$bin/circc" "$root/grammars/pcfgset.scan" --stats -o "$out/pcfgset.so" \
  2> "$out/stats.txt"
read -r seconds kilobytes < "$out/time.txt"
grep -E "^(grammar|circuit)" "$out/stats.txt"
echo "compile: $seconds s, $((kilobytes / 1024)) MB peak"
echo

files=("$data/test.src.gz" "$data/dev.src.gz" "$data"/per_function/*.src.gz
       "$data/productivity/test.src.gz" "$data/systematicity/test.src.gz"
       "$data"/substitutivity/*.src.gz "$data/localism/increasing_length.src.gz"
       "$data"/overgeneralisation/*.src.gz)
echo "| file | commands | exact |"
echo "|---|---:|---:|"
"$bin/circ-eval" --exit-zero "$out/pcfgset.so" "${files[@]}" |
  sed -E "s|^$data/||; s|^([^:]*): ([0-9]+)/([0-9]+) exact \(([0-9.]+%)\).*|\| \1 \| \3 \| \4 \||"
echo
"$bin/pcfg-bench" "$out/pcfgset.so" "$data/test.src.gz" \
  "$data/productivity/test.src.gz" 2> /dev/null
