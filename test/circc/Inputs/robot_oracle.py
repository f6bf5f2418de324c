"""robot_oracle.py SEED COUNT: COUNT random programs of the robot language
(Inputs/robot.scan) in SCAN's format, `IN: program OUT: moves`, each output
computed here by its own recursive reading: a block repeated n times is its
list's moves n times over. Programs have at most 40 tokens and outputs at
most 1024 moves; none repeats."""

import random
import sys

MOVES = {"forward": "F", "left": "L", "right": "R", "back": "B"}


def block(rng, depth):
    if depth < 3 and rng.random() < 0.35:
        count = rng.randrange(10)
        words, moves = items(rng, depth + 1)
        return (["repeat", str(count), "times", "("] + words + [")"],
                moves * count)
    move = rng.choice(sorted(MOVES))
    return [move], [MOVES[move]]


def items(rng, depth):
    words, moves = block(rng, depth)
    while rng.random() < 0.4:
        more, more_moves = block(rng, depth)
        words, moves = words + [","] + more, moves + more_moves
    return words, moves


def program(rng):
    words, moves = items(rng, 0)
    while rng.random() < 0.3:
        more, more_moves = items(rng, 0)
        words, moves = words + ["then"] + more, moves + more_moves
    return words, moves


seed, count = int(sys.argv[1]), int(sys.argv[2])
rng = random.Random(seed)
seen = set()
while len(seen) < count:
    words, moves = program(rng)
    text = " ".join(words)
    if len(words) > 40 or len(moves) > 1024 or text in seen:
        continue
    seen.add(text)
    print("IN: %s OUT: %s" % (text, " ".join(moves)))
