#!/usr/bin/env bash
# Every grammar of the repo compiled twice, its LR automaton as code (the
# default) and as a walk of its tables (--direct-automaton-states=0), and
# run on its data files and on corrupted copies of them (a token dropped,
# one repeated, two swapped: mostly parse errors): the two libraries must
# agree on every command's status, output and message.
#
#   bash scripts/compare_automata.sh [BUILD_DIR]
#
# Grammars with tabulated shapes (SCAN's) are compiled with
# --shape-table-limit=0 so that they too run the automaton. Prints one line
# per grammar and exits 1 on the first difference.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$root/build}"
source "$root/scripts/find-python.sh"
python="$(find_python)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# grammar : data files (relative to the repo)
pairs=(
  "grammars/scan.scan:data/scan/tasks.txt.gz"
  "grammars/scan_learn.scan:data/scan/tasks_test_simple.txt.gz"
  "grammars/arith.scan:data/arith/arith_test.txt.gz data/arith/arith_test_deep.txt.gz"
  "grammars/arith_learn.scan:data/arith/arith_test.txt.gz"
  "grammars/listops.scan:data/listops/listops_test.txt.gz data/listops/listops_test_deep.txt.gz"
  "grammars/listops_learn.scan:data/listops/listops_test.txt.gz"
  "grammars/lra_listops.scan:data/lra_listops/test.tsv.gz"
  "grammars/pcfgset.scan:data/pcfgset/test.src.gz"
  "grammars/cogs.scan:data/cogs/gen.tsv.gz"
  "test/circc/Inputs/arith_prec.scan:"
  "test/circc/Inputs/bool.scan:"
)

# Corrupted copies of a data file, in its own format, 300 lines each way.
corrupt() { # FILE OUT_PREFIX
  "$python" - "$1" "$2" <<'EOF'
import gzip, random, sys
path, out = sys.argv[1], sys.argv[2]
rng = random.Random(7)
opener = gzip.open if path.endswith(".gz") else open
with opener(path, "rt", encoding="utf-8") as f:
    lines = [l.rstrip("\n") for l in f][:300]
def mutate(words):
    if len(words) < 2:
        return words + words
    i, j = rng.randrange(len(words)), rng.randrange(len(words))
    kind = rng.randrange(3)
    if kind == 0:
        return words[:i] + words[i + 1:]
    if kind == 1:
        return words[:i] + [words[i]] + words[i:]
    words = list(words)
    words[i], words[j] = words[j], words[i]
    return words
stem = path[:-3] if path.endswith(".gz") else path
if stem.endswith(".src"):
    with open(out + ".src", "w") as s, open(out + ".tgt", "w") as t:
        for l in lines:
            s.write(" ".join(mutate(l.split())) + "\n")
            t.write("x\n")
elif stem.endswith(".tsv"):
    with open(out + ".tsv", "w") as f:
        for l in lines:
            if l.startswith("Source\t"):
                continue
            source = l.split("\t")[0]
            f.write(" ".join(mutate(source.split())) + "\tx\n")
else:
    with open(out + ".txt", "w") as f:
        for l in lines:
            command = l[len("IN: "):l.index(" OUT: ")]
            f.write("IN: " + " ".join(mutate(command.split())) + " OUT: x\n")
EOF
}

status=0
for pair in "${pairs[@]}"; do
  grammar="${pair%%:*}"
  files=()
  for f in ${pair#*:}; do files+=("$root/$f"); done
  name="$(basename "$grammar" .scan)"
  # A test grammar brings its inputs as generated sentences of its own.
  if [ ${#files[@]} -eq 0 ]; then
    "$python" - "$root/$grammar" "$work/$name.txt" <<'EOF'
import random, re, sys
text = open(sys.argv[1]).read()
tokens = re.findall(r'"([^"]+)"', text)
classes = re.findall(r'^class\s+\w+\s*=\s*([^;]+);', text, re.M)
words = sorted(set(tokens) | {w.split(":")[0] for c in classes
                              for w in c.split()})
rng = random.Random(11)
with open(sys.argv[2], "w") as f:
    for _ in range(3000):
        n = rng.randrange(1, 12)
        f.write("IN: " + " ".join(rng.choice(words) for _ in range(n))
                + " OUT: x\n")
EOF
    files=("$work/$name.txt")
  fi
  inputs=("${files[@]}")
  for f in "${files[@]}"; do
    corrupt "$f" "$work/$name.bad.$(basename "$f" | cut -d. -f1)"
  done
  for f in "$work/$name".bad.*; do
    case "$f" in *.tgt) ;; *) inputs+=("$f") ;; esac
  done
  for mode in code table; do
    limit=1024
    [ "$mode" = table ] && limit=0
    "$build/bin/circc" "$root/$grammar" --shape-table-limit=0 \
      --direct-automaton-states=$limit -o "$work/$name.$mode.so"
    "$build/bin/circ-eval" --exit-zero --records="$work/$name.$mode.jsonl" \
      "$work/$name.$mode.so" "${inputs[@]}" > /dev/null
  done
  commands=$(wc -l < "$work/$name.code.jsonl")
  refused=$(grep -vc '"status": 0,' "$work/$name.code.jsonl" || true)
  if cmp -s "$work/$name.code.jsonl" "$work/$name.table.jsonl"; then
    echo "$grammar: $commands commands ($refused refused), the same status," \
      "output and message"
  else
    echo "$grammar: the two automata differ:"
    diff "$work/$name.code.jsonl" "$work/$name.table.jsonl" | head -5
    status=1
  fi
done
exit $status
