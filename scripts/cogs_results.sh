#!/usr/bin/env bash
#===- scripts/cogs_results.sh - COGS: accuracy per category, cost, speed --===#
#
# Writes grammars/cogs.scan's twin from the training file and the rules
# (and checks it is the committed one), compiles it (timing it and its peak
# memory), evaluates it on COGS's test and generalization sets per category
# on one pinned core, and counts the lines each category loses to words the
# training file never shows. Then the same for the grammar with one rule
# changed (subjects without prepositional phrases). Then SLOG: the twin of
# grammars/slog.scan from SLOG's training file (variable-free format) and
# the same rules, compiled and evaluated per category on SLOG's test and dev
# files. Prints the tables docs/Results.md shows.
#
#===----------------------------------------------------------------------===#
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/scripts/setup.sh"
bash "$root/scripts/build.sh" > /dev/null
source "$root/scripts/find-python.sh"
python="$(find_python)"
bin="$root/build/bin"
out="$root/build/out/cogs"
mkdir -p "$out"
data="$root/data/cogs"
pin=(taskset -c 0)
command -v taskset > /dev/null || pin=()

# Writes grammars/NAME.scan's twin with cogs_grammar.py FLAGS..., checks it
# is the committed one, and compiles it to DIR/NAME.so, timed.
write_and_compile() { # NAME DIR FLAGS...
  local name="$1" dir="$2"
  shift 2
  "$python" "$root/scripts/cogs_grammar.py" "$@" > "$dir/$name.scan"
  cmp "$dir/$name.scan" "$root/grammars/$name.scan"
  /usr/bin/time -f "%e %M" -o "$dir/time.txt" \
    "$bin/circc" "$root/grammars/$name.scan" --stats -o "$dir/$name.so" \
    2> "$dir/stats.txt"
  read -r seconds kilobytes < "$dir/time.txt"
  grep -E "^(grammar|circuit)" "$dir/stats.txt"
  echo "compile: $seconds s, $((kilobytes / 1024)) MB peak"
  echo
}
write_and_compile cogs "$out" "$data/train.tsv.gz" "$root/grammars/english.rules"

# One report per grammar: per file and category, lines, exact, and the
# wrong lines whose command holds a word training never shows.
report() {
  local library="$1" name="$2"
  "${pin[@]}" "$bin/circ-eval" --exit-zero "$library" "$data/test.tsv.gz" "$data/gen.tsv.gz" \
    --show-failures=100000 > "$out/$name.txt" 2> "$out/$name.failures"
  "$python" - "$out/$name.txt" "$out/$name.failures" "$data" <<'PY'
import collections, gzip, re, sys
report, failures, data = sys.argv[1:4]
unseen = collections.Counter()
wrong = collections.Counter()
categories = {}
for path in ("test", "gen"):
    with gzip.open("%s/%s.tsv.gz" % (data, path), "rt") as f:
        categories[path] = [line.rstrip("\n").split("\t")[2] for line in f]
for line in open(failures):
    m = re.match(r".*/(test|gen)\.tsv\.gz:(\d+): wrong: ", line)
    if not m:
        continue
    category = categories[m.group(1)][int(m.group(2)) - 1]
    key = (m.group(1), category)
    wrong[key] += 1
    if "unknown token" in line:
        unseen[key] += 1
print("| set | category | lines | exact | wrong | of them, an unseen word |")
print("|---|---|---:|---:|---:|---:|")
current = None
rows, speeds = [], []
for line in open(report):
    m = re.match(r".*/(test|gen)\.tsv\.gz: (\d+)/(\d+) exact \(([0-9.]+%)\)", line)
    if m:
        current = m.group(1)
        rows.append((current, "**all**", m.group(3), m.group(4),
                     sum(v for (s, _), v in wrong.items() if s == current),
                     sum(v for (s, _), v in unseen.items() if s == current)))
        speed = re.search(r"([0-9]+) commands/s", line)
        if speed:
            speeds.append("%s: %s commands/s (one core)" % (current, speed.group(1)))
        continue
    m = re.match(r"\s+(\S+): (\d+)/(\d+) exact \(([0-9.]+%)\)", line)
    if m:
        key = (current, m.group(1))
        rows.append((current, m.group(1), m.group(3), m.group(4), wrong[key],
                     unseen[key]))
head = [r for r in rows if r[1] == "**all**"]
rest = sorted(r for r in rows if r[1] != "**all**")
for row in head + rest:
    print("| %s | %s | %s | %s | %d | %d |" % row)
print()
print("\n".join(speeds))
PY
}
report "$out/cogs.so" cogs
echo

# The same lexicon, one rule changed: subjects lose their PPs.
sed -e 's/^\(  [=|] \)np /\1subject /' "$root/grammars/english.rules" \
  > "$out/variant.rules"
cat "$root/test/cogs/Inputs/subject-without-pp.rules" >> "$out/variant.rules"
"$python" "$root/scripts/cogs_grammar.py" "$data/train.tsv.gz" \
  "$out/variant.rules" > "$out/variant.scan"
"$bin/circc" "$out/variant.scan" -o "$out/variant.so"
echo "subjects without PPs:"
report "$out/variant.so" variant | grep -E "all|obj_pp_to_subj_pp|^\| set|^\|---"

# SLOG: the same rules, the lexicon of SLOG's training file.
echo
echo "SLOG:"
mkdir -p "$out/slog"
write_and_compile slog "$out/slog" --varfree --name=slog \
  "$root/data/slog/train_varfree.tsv.gz" "$root/grammars/english.rules"
"${pin[@]}" "$bin/circ-eval" --exit-zero "$out/slog/slog.so" "$root/data/slog/test.tsv.gz" \
  "$root/data/slog/dev.tsv.gz" > "$out/slog/report.txt" 2>&1
"$python" - "$out/slog/report.txt" <<'PY'
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
