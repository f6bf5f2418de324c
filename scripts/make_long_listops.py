#!/usr/bin/env python3
"""Writes two ListOps commands of over a million tokens each, in SCAN's
format, for scripts/long_input.sh: a bushy tree (a root SM over two full
5-ary trees of depth 8, random operations and digits: 1,171,876 tokens,
depth 9) and a deep chain (`[MAX 1 ` 333,333 times around a 9, then the
closing brackets: 1,000,000 tokens, nested 333,333 deep). Fixed seed.

Usage: make_long_listops.py BUSHY_FILE DEEP_FILE
"""

import random
import sys

OPS = ["MIN", "MAX", "MED", "SM"]


def full(rng, depth, out):
    """Appends a full 5-ary tree of `depth` to `out`; returns its value."""
    if depth == 0:
        v = rng.randrange(10)
        out.append(str(v))
        return v
    op = rng.choice(OPS)
    out.append("[" + op)
    values = [full(rng, depth - 1, out) for _ in range(5)]
    out.append("]")
    if op == "MIN":
        return min(values)
    if op == "MAX":
        return max(values)
    if op == "SM":
        return sum(values) % 10
    return sorted(values)[2]


def main():
    if len(sys.argv) != 3:
        raise SystemExit("usage: make_long_listops.py BUSHY_FILE DEEP_FILE")
    rng = random.Random(20261207)
    words = ["[SM"]
    a = full(rng, 8, words)
    b = full(rng, 8, words)
    words.append("]")
    with open(sys.argv[1], "w") as f:
        f.write(f"IN: {' '.join(words)} OUT: {(a + b) % 10}\n")
    depth = 333333
    with open(sys.argv[2], "w") as f:
        f.write("IN: " + "[MAX 1 " * depth + "9" + " ]" * depth + " OUT: 9\n")
    print(f"{sys.argv[1]}: {len(words)} tokens; {sys.argv[2]}: "
          f"{3 * depth + 1} tokens")


if __name__ == "__main__":
    main()
