#!/usr/bin/env bash
#===- scripts/grammar_limits.sh - circc on many grammars under limits -----===#
#
# Usage: scripts/grammar_limits.sh DIR...   (grammar files, e.g. a fuzzer's
#                                            corpus; default: fuzz/corpus/grammar)
#
# Compiles every file of every DIR to a shared library with circc under
# `ulimit -v 2000000` (2 GB of address space) and a 30-second timeout, and
# counts how each run ended: compiled, refused with an error (exit 1), or
# anything else (a crash, an abort, out of memory, the timeout), which it
# lists. The Reliability page reports it.
#
#===----------------------------------------------------------------------===#
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
circc="$root/build/bin/circc"
[ $# -eq 0 ] && set -- "$root/fuzz/corpus/grammar"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
compiled=0 refused=0 other=0 slowest=0
for dir in "$@"; do
  for file in "$dir"/*; do
    [ -f "$file" ] || continue
    start=$(date +%s%N)
    ( ulimit -v 2000000; timeout 30 "$circc" "$file" -o "$work/out.so" ) \
      > /dev/null 2>&1
    status=$?
    ms=$(( ($(date +%s%N) - start) / 1000000 ))
    [ "$ms" -gt "$slowest" ] && slowest=$ms
    case $status in
      0) compiled=$((compiled + 1)) ;;
      1) refused=$((refused + 1)) ;;
      *) other=$((other + 1)); echo "exit $status after $ms ms: $file" ;;
    esac
  done
done
echo "compiled $compiled, refused with an error $refused, other $other; slowest $slowest ms"
[ "$other" -eq 0 ]
