#!/usr/bin/env python3
"""Writes Long Range Arena ListOps (Tay et al. 2021; the data protocol of
Nangia & Bowman 2018, at LRA's lengths) as TSV files `Source<TAB>Target` with
a header line, one file per split.

The protocol, as LRA's generator implements it:
- operators [MIN [MAX [MED [SM over the values 0-9; a node is an operator
  over 2 to 10 arguments with probability 0.25 (LRA's `VALUE_P`: a random
  number above it makes a value), otherwise a value; at depth 10 it is
  always a value; the root has depth 1;
- a tree is written as left-nested binary tuples in parentheses: MAX of 2
  and 9 is `( ( ( [MAX 2 ) 9 ) ] )`;
- a tree's length counts its values, operators and closing brackets (an
  operator node is 2 plus its arguments); a tree is kept when its length
  is over 500 and under 2,000 (its text then has 3 x length - 2 tokens,
  under 6,000);
- MED is int(numpy.median(args)): the middle value, or for an even count
  the mean of the two middle values, truncated; SM is the sum mod 10;
- duplicates are dropped; the distinct trees, in the order first drawn,
  are the training, validation and test splits in turn (96,000 / 2,000 /
  2,000 by default).

Deterministic for a seed (the default 0). Usage:
  make_lra_listops_data.py [--seed N] [--train N] [--valid N] [--test N] OUT_DIR
writes OUT_DIR/{train,valid,test}.tsv (gzipped with --gzip); progress on
stderr.
"""

import argparse
import gzip
import os
import random
import sys

OPERATORS = ["[MIN", "[MAX", "[MED", "[SM"]
VALUE_P = 0.25
MAX_DEPTH = 10
MAX_ARGS = 10
MIN_LENGTH, MAX_LENGTH = 500, 2000


def draw(rng, depth):
    """A tree: a value, or (operator, [arguments]); and its length."""
    if depth < MAX_DEPTH and rng.random() <= VALUE_P:
        count = rng.randint(2, MAX_ARGS)
        args, length = [], 2
        for _ in range(count):
            arg, n = draw(rng, depth + 1)
            args.append(arg)
            length += n
        return (rng.choice(OPERATORS), args), length
    return rng.choice(range(10)), 1


def value(tree):
    if isinstance(tree, int):
        return tree
    op, args = tree
    values = [value(a) for a in args]
    if op == "[MIN":
        return min(values)
    if op == "[MAX":
        return max(values)
    if op == "[SM":
        return sum(values) % 10
    values.sort()
    middle = len(values) // 2
    if len(values) % 2:
        return values[middle]
    return (values[middle - 1] + values[middle]) // 2


def text(tree, out):
    """Appends the tokens of `tree`, written as LRA writes it."""
    if isinstance(tree, int):
        out.append(str(tree))
        return
    op, args = tree
    out.extend(["("] * (len(args) + 1))
    out.append(op)
    text(args[0], out)
    out.append(")")
    for arg in args[1:]:
        text(arg, out)
        out.append(")")
    out.extend(["]", ")"])


def main(argv):
    parser = argparse.ArgumentParser(
        description="Writes Long Range Arena ListOps splits as TSV.")
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--train", type=int, default=96000)
    parser.add_argument("--valid", type=int, default=2000)
    parser.add_argument("--test", type=int, default=2000)
    parser.add_argument("--gzip", action="store_true")
    args = parser.parse_args(argv)

    rng = random.Random(args.seed)
    wanted = args.train + args.valid + args.test
    seen = {}
    drawn = 0
    while len(seen) < wanted:
        tree, length = draw(rng, 1)
        drawn += 1
        if not MIN_LENGTH < length < MAX_LENGTH:
            continue
        tokens = []
        text(tree, tokens)
        source = " ".join(tokens)
        if source not in seen:
            seen[source] = value(tree)
            if len(seen) % 1000 == 0:
                sys.stderr.write("\r%d/%d trees (%d drawn)" %
                                 (len(seen), wanted, drawn))
    sys.stderr.write("\r%d/%d trees (%d drawn)\n" % (len(seen), wanted, drawn))

    os.makedirs(args.out, exist_ok=True)
    rows = list(seen.items())
    first = 0
    for name, count in [("train", args.train), ("valid", args.valid),
                        ("test", args.test)]:
        path = os.path.join(args.out, name + ".tsv" + (".gz" if args.gzip else ""))
        lines = ["Source\tTarget\n"] + ["%s\t%d\n" % row
                                         for row in rows[first:first + count]]
        data = "".join(lines).encode()
        with open(path, "wb") as f:
            # No time stamp in the gzip header: the same seed, the same bytes.
            f.write(gzip.compress(data, compresslevel=9, mtime=0)
                    if args.gzip else data)
        first += count


if __name__ == "__main__":
    main(sys.argv[1:])
