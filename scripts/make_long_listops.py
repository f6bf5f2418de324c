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

from make_listops_data import OPS, tokens, value


def full(rng, depth):
    """A full 5-ary tree of `depth`, random operations and digits."""
    if depth == 0:
        return rng.randrange(10)
    return (rng.choice(OPS), [full(rng, depth - 1) for _ in range(5)])


def main():
    if len(sys.argv) != 3:
        raise SystemExit("usage: make_long_listops.py BUSHY_FILE DEEP_FILE")
    rng = random.Random(20261207)
    tree = ("SM", [full(rng, 8), full(rng, 8)])
    words = tokens(tree)
    with open(sys.argv[1], "w") as f:
        f.write(f"IN: {' '.join(words)} OUT: {value(tree)}\n")
    depth = 333333
    with open(sys.argv[2], "w") as f:
        f.write("IN: " + "[MAX 1 " * depth + "9" + " ]" * depth + " OUT: 9\n")
    print(f"{sys.argv[1]}: {len(words)} tokens; {sys.argv[2]}: "
          f"{3 * depth + 1} tokens")


if __name__ == "__main__":
    main()
