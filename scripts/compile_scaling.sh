#!/usr/bin/env bash
#===- scripts/compile_scaling.sh - Compile time and memory as a language grows ===#
#
# Usage: scripts/compile_scaling.sh [OUT_DIR]   (default /tmp/circc-scaling)
#
# Compiles PCFG SET's grammar (grammars/pcfgset.scan's ten functions) over a
# letter vocabulary of V tokens, written as one token class, for V = 26 to
# 20,800, and with `max input` N from 20 to 2,560 tokens; and, for contrast,
# the same language with one production per letter (what the format needed
# before token classes) for small V. Prints, for each, the wall-clock time
# and the peak memory (GNU time's maximum resident set size) of compiling
# to the shared library: the table docs/Results.md shows.
#
#===----------------------------------------------------------------------===#
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-/tmp/circc-scaling}"
bash "$root/scripts/setup.sh"
bash "$root/scripts/build.sh" >/dev/null
mkdir -p "$out"
circc="$root/build/bin/circc"

# grammar V N MODE: PCFG SET over letters L1..LV, max input N; MODE is
# "class" (one token class) or "productions" (one production per letter).
grammar() {
  local v=$1 n=$2 mode=$3
  echo "grammar scaling;"
  echo "tokens L1..L$v copy reverse shift swap_first_last repeat echo"
  echo "       append prepend remove_first remove_second \",\";"
  echo "outputs L1..L$v;"
  echo "max input $n;"
  echo "max output $((4 * n));"
  cat <<'RULES'
seq = letters { $1 } | "copy" seq { $2 } | "reverse" seq { reverse($2) }
    | "shift" seq { $2[1:] $2[0] } | "swap_first_last" seq { $2[-1] $2[1:-1] $2[0] }
    | "repeat" seq { $2 $2 } | "echo" seq { $2 $2[-1] }
    | "append" seq "," seq { $2 $4 } | "prepend" seq "," seq { $4 $2 }
    | "remove_first" seq "," seq { $4 } | "remove_second" seq "," seq { $2 };
letters = letter { $1 } | letter letters { $1 $2 };
RULES
  if [ "$mode" = class ]; then
    echo "class letter = L1..L$v;"
  else
    printf 'letter = "L1" { L1 }'
    for i in $(seq 2 "$v"); do printf ' | "L%d" { L%d }' "$i" "$i"; done
    echo ";"
  fi
}

# seconds and megabytes of compiling $1 to a library
measure() {
  /usr/bin/time -f "%e %M" -o "$out/time.txt" "$circc" "$1" -o "$out/lib.so" \
    > /dev/null 2> "$out/log.txt" || { echo "fails: $(head -1 "$out/log.txt")"; return; }
  read -r seconds kilobytes < "$out/time.txt"
  echo "$seconds s, $((kilobytes / 1024)) MB"
}

echo "| letters | max input | letters as | compile to .so |"
echo "|---:|---:|---|---|"
for v in 26 520 5200 20800; do
  grammar "$v" 80 class > "$out/g.scan"
  echo "| $v | 80 | a class | $(measure "$out/g.scan") |"
done
for n in 20 320 1280 2560; do
  grammar 520 "$n" class > "$out/g.scan"
  echo "| 520 | $n | a class | $(measure "$out/g.scan") |"
done
for v in 26 130; do
  grammar "$v" 80 productions > "$out/g.scan"
  echo "| $v | 80 | one production each | $(measure "$out/g.scan") |"
done
