#!/usr/bin/env bash
#===- scripts/slog_results.sh - SLOG: accuracy per category, cost, speed --===#
#
# Writes grammars/slog.scan's twin from SLOG's training file (variable-free
# format) and grammars/english.rules (and checks it is the committed one),
# compiles it (timing it and its peak memory) and evaluates it on SLOG's
# test and dev files (COGS-format logical forms) per category on one pinned
# core. Prints the table docs/Results.md shows.
#
#===----------------------------------------------------------------------===#
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/scripts/setup.sh"
bash "$root/scripts/build.sh" > /dev/null
source "$root/scripts/find-python.sh"
python="$(find_python)"
bin="$root/build/bin"
out="$root/build/out/slog"
mkdir -p "$out"
data="$root/data/slog"
pin=(taskset -c 0)
command -v taskset > /dev/null || pin=()

"$python" "$root/scripts/cogs_grammar.py" --varfree --name=slog \
  "$data/train_varfree.tsv.gz" "$root/grammars/english.rules" > "$out/slog.scan"
cmp "$out/slog.scan" "$root/grammars/slog.scan"
/usr/bin/time -f "%e %M" -o "$out/time.txt" \
  "$bin/circc" "$root/grammars/slog.scan" --stats -o "$out/slog.so" \
  2> "$out/stats.txt"
read -r seconds kilobytes < "$out/time.txt"
grep -E "^(grammar|circuit)" "$out/stats.txt"
echo "compile: $seconds s, $((kilobytes / 1024)) MB peak"
echo

"${pin[@]}" "$bin/circ-eval" --exit-zero "$out/slog.so" "$data/test.tsv.gz" \
  "$data/dev.tsv.gz" > "$out/report.txt" 2>&1
"$python" - "$out/report.txt" <<'PY'
import re, sys
rows, speeds, current = [], [], None
for line in open(sys.argv[1]):
    m = re.match(r".*/(test|dev)\.tsv\.gz: (\d+)/(\d+) exact \(([0-9.]+%)\)", line)
    if m:
        current = m.group(1)
        rows.append((current, "**all**", int(m.group(3)), m.group(4)))
        speed = re.search(r"([0-9]+) commands/s", line)
        if speed:
            speeds.append("%s: %s commands/s (one core)" % (current, speed.group(1)))
        continue
    m = re.match(r"\s+(\S+): (\d+)/(\d+) exact \(([0-9.]+%)\)", line)
    if m:
        rows.append((current, m.group(1), int(m.group(3)), m.group(4)))
print("| set | category | sentences | exact |")
print("|---|---|---:|---:|")
for r in rows:
    print("| %s | %s | %s | %s |" % (r[0], r[1], format(r[2], ","), r[3]))
print()
print("\n".join(speeds))
PY
