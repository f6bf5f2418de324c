#!/usr/bin/env python3
"""Where a compiled model's batch time goes, by loop.

usage: perf_loops.py LIBRARY.so PERF.data [--function __circc_decode_batch]

Reads `perf record` samples of LIBRARY's FUNCTION (perf script), finds the
function's loops in `objdump -d` (each backward jump and its target), puts
each sample in the innermost loop that holds it and prints the loops with
the most samples and their instruction mix, then the share of each kind of
loop: register-tiled products (16 FMAs and 8 broadcasts), attention's
score and value loops (16 prefetches of a key or value row), scalar FMA
loops, and the rest. For example:

  taskset -c 1 perf record -F 4000 -o perf.data build/bin/circ-eval model.so \\
      first256.txt first256.txt --batch=256
  python3 scripts/perf_loops.py model.so perf.data
"""

import argparse
import collections
import re
import subprocess


def instructions(library, function):
    """[(offset in the function, instruction text)] of `function`, with
    jump targets as offsets too."""
    text = subprocess.run(["objdump", "-d", "--no-show-raw-insn", library],
                          capture_output=True, text=True, check=True).stdout
    out, start = [], None
    for line in text.splitlines():
        header = re.match(r"^([0-9a-f]+) <(.*)>:", line)
        if header:
            start = int(header.group(1), 16) if header.group(2) == function else None
            continue
        body = re.match(r"^\s+([0-9a-f]+):\s+(.*)$", line)
        if start is not None and body:
            jump = re.match(r"(j\w+)\s+([0-9a-f]+)", body.group(2))
            target = int(jump.group(2), 16) - start if jump else None
            out.append((int(body.group(1), 16) - start, body.group(2), target))
    return out


def kind(mix):
    if mix["vfmadd231ps"] >= 16 and mix["prefetcht1"] >= 16:
        return "attention values"
    if mix["vfmadd231ps"] >= 16 and mix["vbroadcastss"] >= 8:
        return "products"
    if mix["prefetcht1"] >= 16:
        return "attention scores"
    if mix["vfmadd132ss"] or mix["vfmadd231ss"]:
        return "scalar FMA"
    return "other"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("library")
    parser.add_argument("perf_data")
    parser.add_argument("--function", default="__circc_decode_batch")
    parser.add_argument("--top", type=int, default=12)
    args = parser.parse_args()
    code = instructions(args.library, args.function)
    if not code:
        raise SystemExit("perf_loops: error: no function %s in %s"
                         % (args.function, args.library))
    loops = [(target, offset) for offset, _, target in code
             if target is not None and target < offset]
    samples = subprocess.run(["perf", "script", "-i", args.perf_data, "-F", "ip,sym,symoff"],
                             capture_output=True, text=True, check=True).stdout
    offsets = [int(m.group(1), 16) for m in
               re.finditer(r"%s\+0x([0-9a-f]+)" % re.escape(args.function), samples)]
    if not offsets:
        raise SystemExit("perf_loops: error: no samples of %s in %s"
                         % (args.function, args.perf_data))
    counts = collections.Counter()
    for o in offsets:
        inside = [(lo, hi) for lo, hi in loops if lo <= o <= hi]
        counts[min(inside, key=lambda l: l[1] - l[0]) if inside else None] += 1
    kinds = collections.Counter()
    rows = []
    for loop, n in counts.items():
        if loop is None:
            kinds["other"] += n
            continue
        mix = collections.Counter(t.split()[0] for o, t, _ in code
                                  if loop[0] <= o <= loop[1])
        kinds[kind(mix)] += n
        rows.append((n, loop, sum(mix.values()), mix))
    total = len(offsets)
    for n, loop, size, mix in sorted(rows, reverse=True)[:args.top]:
        print("%5.1f%%  [%x, %x]  %d instructions: %s" % (
            100 * n / total, loop[0], loop[1], size,
            " ".join("%s:%d" % m for m in mix.most_common(6))))
    print("by kind: " + ", ".join("%s %.1f%%" % (k, 100 * n / total)
                                  for k, n in kinds.most_common()))


if __name__ == "__main__":
    main()
