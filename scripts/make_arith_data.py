#!/usr/bin/env python3
"""Writes the CruxMini splits (data/arith/): fully bracketed binary +, - and *
trees over digits, valued mod 10, in SCAN's format (`IN: ... OUT: ...`).

Protocol (data/arith/README.md): the training file holds trees of depth <= 3
in which `*` has only digits as children; the test file, trees of depth <= 3
in which some `*` has a compound child; the deep test, trees of depth 4 to 6
in which some `*` has a compound child. The test files share no tree with
the training file by construction. Fixed seed: the files are the same on
every run.

Usage: make_arith_data.py [OUT_DIR]   (default: data/arith next to scripts/)
"""

import random
import sys

from scan_data import default_out, sample, write_splits

OPS = "+-*"
SIZES = {"train": 10000, "test": 2000, "test_deep": 2000}


def value(tree):
    if isinstance(tree, int):
        return tree
    op, left, right = tree
    a, b = value(left), value(right)
    return {"+": a + b, "-": a - b, "*": a * b}[op] % 10


def depth(tree):
    return 0 if isinstance(tree, int) else 1 + max(depth(tree[1]), depth(tree[2]))


def text(tree):
    if isinstance(tree, int):
        return str(tree)
    op, left, right = tree
    return f"( {text(left)} {op} {text(right)} )"


def has_compound_product(tree):
    if isinstance(tree, int):
        return False
    op, left, right = tree
    if op == "*" and not (isinstance(left, int) and isinstance(right, int)):
        return True
    return has_compound_product(left) or has_compound_product(right)


def grow(rng, budget, literal_products):
    """A random tree of depth <= budget; with literal_products, every `*`
    has digits as children."""
    if budget == 0 or rng.random() < 0.25:
        return rng.randrange(10)
    op = rng.choice(OPS)
    if op == "*" and literal_products:
        return (op, rng.randrange(10), rng.randrange(10))
    return (op, grow(rng, budget - 1, literal_products),
            grow(rng, budget - 1, literal_products))


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else default_out(__file__, "arith")
    rng = random.Random(20261201)

    def split(count, accept, budget, literal_products):
        return sample(rng, count, lambda r: grow(r, budget, literal_products),
                      accept, lambda t: text(t).split(), value)

    write_splits(out, "arith", {
        "train": split(SIZES["train"], lambda t: True, 3, True),
        "test": split(SIZES["test"], has_compound_product, 3, False),
        "test_deep": split(
            SIZES["test_deep"],
            lambda t: 4 <= depth(t) <= 6 and has_compound_product(t), 6, False),
    })


if __name__ == "__main__":
    main()
