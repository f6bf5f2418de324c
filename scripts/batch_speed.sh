#!/usr/bin/env bash
# circ-eval's --batch against one command at a time, on one core, three
# rounds taken in turns: SCAN, CruxMini deep, the long-output test grammar
# (declared bound 1024, outputs up to 400), whose batch rows are sized by
# what the commands need, and the robot language (repetition by a count,
# bound 1024, outputs of 1 to 1,000 moves; 20,000 programs from its oracle).
#
#   bash scripts/batch_speed.sh [BUILD_DIR]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$root/build}"
bin="$build/bin"
source "$root/scripts/find-python.sh"
python="$(find_python)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

"$bin/circc" "$root/grammars/scan.scan" -o "$work/scan.so"
"$bin/circc" "$root/grammars/arith.scan" -o "$work/arith.so"
"$bin/circc" "$root/test/circ-eval/Inputs/long_outputs.scan" -o "$work/long.so"
"$bin/circc" "$root/test/circc/Inputs/robot.scan" -o "$work/robot.so"
"$python" "$root/test/circc/Inputs/robot_oracle.py" 11 20000 > "$work/robot.txt"
"$python" - "$work/long.txt" <<'PY'
import random, sys
r = random.Random(3)
with open(sys.argv[1], "w") as f:
    for _ in range(20000):
        w = [r.choice("ab") for _ in range(r.randrange(1, 41))]
        f.write("IN: " + " ".join(w) + " OUT: "
                + " ".join(c.upper() for c in w for _ in range(10)) + "\n")
PY

run() { # LIBRARY FILE [FLAGS]
  taskset -c 0 "$bin/circ-eval" "${@:3}" "$1" "$2" | head -1 |
    grep -o '[0-9]* commands/s' | cut -d' ' -f1
}
printf '%-22s %12s %12s %12s\n' "grammar" "one by one" "--batch=64" "--batch=4096"
for pair in "scan:$root/data/scan/tasks.txt.gz" \
            "arith:$root/data/arith/arith_test_deep.txt.gz" \
            "long:$work/long.txt" "robot:$work/robot.txt"; do
  name="${pair%%:*}"
  file="${pair#*:}"
  for round in 1 2 3; do
    one=$(run "$work/$name.so" "$file")
    b64=$(run "$work/$name.so" "$file" --batch=64)
    b4k=$(run "$work/$name.so" "$file" --batch=4096)
    printf '%-22s %12s %12s %12s\n' "$name (round $round)" "$one" "$b64" "$b4k"
  done
done
