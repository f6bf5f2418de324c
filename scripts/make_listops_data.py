#!/usr/bin/env python3
"""Writes the ListOps splits (data/listops/) in SCAN's format, spelled as the
original dataset (Nangia & Bowman 2018): `IN: [MAX 2 9 [MIN 4 7 ] 0 ] OUT: 9`.

Operations MIN, MAX, MED (the median; of an even count, the lower middle
after sorting) and SM (the sum mod 10), each of 2 to 5 arguments, over the
digits 0-9. Protocol (data/listops/README.md): the training file holds trees
of depth <= 4 in which MAX has only digits as arguments; the test file,
trees of depth <= 4 in which some MAX has a compound argument; the deep
test, trees of depth 5 to 8 in which some MAX has a compound argument, of at
most 400 tokens; the long test, trees of 2,000 to 6,000 tokens. A digit has
depth 0. The test files share no tree with the
training file by construction. Fixed seed.

Usage: make_listops_data.py [OUT_DIR]   (default: data/listops)
"""

import random
import sys

from scan_data import default_out, sample, write_splits

OPS = ["MIN", "MAX", "MED", "SM"]
SIZES = {"train": 10000, "test": 2000, "test_deep": 2000, "test_long": 200}
MAX_TOKENS = 400


def value(tree):
    if isinstance(tree, int):
        return tree
    op, args = tree
    values = [value(a) for a in args]
    if op == "MIN":
        return min(values)
    if op == "MAX":
        return max(values)
    if op == "SM":
        return sum(values) % 10
    return sorted(values)[(len(values) - 1) // 2]


def depth(tree):
    return 0 if isinstance(tree, int) else 1 + max(depth(a) for a in tree[1])


def tokens(tree):
    if isinstance(tree, int):
        return [str(tree)]
    op, args = tree
    out = ["[" + op]
    for a in args:
        out += tokens(a)
    return out + ["]"]


def compound_max(tree):
    if isinstance(tree, int):
        return False
    op, args = tree
    if op == "MAX" and any(not isinstance(a, int) for a in args):
        return True
    return any(compound_max(a) for a in args)


def grow(rng, target, literal_max):
    """A tree of depth exactly `target`: one argument continues to depth
    target - 1, the others stay shallow; with literal_max, MAX has only
    digits as arguments."""
    if target == 0:
        return rng.randrange(10)
    op = rng.choice(OPS)
    count = rng.randint(2, 5)
    if op == "MAX" and literal_max:
        if target != 1:
            op = rng.choice(["MIN", "MED", "SM"])
        else:
            return (op, [rng.randrange(10) for _ in range(count)])
    deep = rng.randrange(count)
    args = []
    for i in range(count):
        if i == deep:
            args.append(grow(rng, target - 1, literal_max))
        else:
            shallow = min(target - 1, rng.choice([0, 0, 0, 1, 1, 2]))
            args.append(grow(rng, shallow, literal_max))
    return (op, args)


def bushy(rng, depth_left):
    """A tree in which each argument is a digit with probability 0.45, else
    an operation, down to depth_left."""
    if depth_left == 0 or rng.random() < 0.45:
        return rng.randrange(10)
    op = rng.choice(OPS)
    return (op, [bushy(rng, depth_left - 1) for _ in range(rng.randint(2, 5))])


def long_split(count):
    """Trees of 2,000 to 6,000 tokens (depth <= 12), from a seed of their
    own: no bound on the input is assumed by the grammar that reads them."""
    rng = random.Random(20261207)
    return sample(rng, count, lambda r: bushy(r, 12),
                  lambda t: 2000 <= len(tokens(t)) <= 6000, tokens, value)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else default_out(__file__, "listops")
    rng = random.Random(20261202)

    def split(count, depths, accept, literal_max):
        return sample(rng, count,
                      lambda r: grow(r, r.choice(depths), literal_max),
                      accept, tokens, value, MAX_TOKENS)

    write_splits(out, "listops", {
        "train": split(SIZES["train"], [1, 2, 3, 3, 4, 4], lambda t: True, True),
        "test": split(SIZES["test"], [2, 3, 4], compound_max, False),
        "test_deep": split(SIZES["test_deep"], [5, 6, 7, 8], compound_max, False),
        "test_long": long_split(SIZES["test_long"]),
    })


if __name__ == "__main__":
    main()
