#!/usr/bin/env bash
#===- scripts/cogs_results.sh - COGS: accuracy per category, cost, speed --===#
#
# Writes grammars/cogs.scan's twin from the training file and the rules
# (and checks it is the committed one), compiles it (timing it and its peak
# memory), evaluates it on COGS's test and generalization sets per category
# on one pinned core, and counts the lines each category loses to words the
# training file never shows. Then the same for the grammar with one rule
# changed (subjects without prepositional phrases). Prints the tables
# docs/Results.md shows.
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

"$python" "$root/scripts/cogs_grammar.py" "$data/train.tsv.gz" \
  "$root/grammars/english.rules" > "$out/cogs.scan"
cmp "$out/cogs.scan" "$root/grammars/cogs.scan"
/usr/bin/time -f "%e %M" -o "$out/time.txt" \
  "$bin/circc" "$root/grammars/cogs.scan" --stats -o "$out/cogs.so" \
  2> "$out/stats.txt"
read -r seconds kilobytes < "$out/time.txt"
grep -E "^(grammar|circuit)" "$out/stats.txt"
echo "compile: $seconds s, $((kilobytes / 1024)) MB peak"
echo

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
