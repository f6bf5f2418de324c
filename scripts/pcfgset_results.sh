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

# The same functions learned: circ-induce fills grammars/pcfgset_skeleton.scan
# (every function's template open) from the dev file alone, and the
# induced grammar is evaluated on every test file above but dev.
/usr/bin/time -f "%e %M" -o "$out/induce_time.txt" \
  "$bin/circ-induce" "$root/grammars/pcfgset_skeleton.scan" \
  --sequence-functions --quiet --data="$data/dev.src.gz" \
  -o "$out/pcfgset_induced.scan"
read -r seconds kilobytes < "$out/induce_time.txt"
echo "induced from dev.src.gz: $seconds s, $((kilobytes / 1024)) MB peak"
grep -E '^#   [^ ]+ -> ' "$out/pcfgset_induced.scan"
"$bin/circc" "$out/pcfgset_induced.scan" -o "$out/pcfgset_induced.so"
echo "| file | commands | exact (induced) |"
echo "|---|---:|---:|"
"$bin/circ-eval" --exit-zero "$out/pcfgset_induced.so" \
  "${files[0]}" "${files[@]:2}" |
  sed -E "s|^$data/||; s|^([^:]*): ([0-9]+)/([0-9]+) exact \(([0-9.]+%)\).*|\| \1 \| \3 \| \4 \||"
echo
"$bin/pcfg-bench" "$out/pcfgset.so" "$data/test.src.gz" \
  "$data/productivity/test.src.gz" 2> /dev/null
