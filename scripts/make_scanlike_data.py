#!/usr/bin/env python3
# ===- scripts/make_scanlike_data.py - SCAN-like languages, other words ---===#
#
# Writes a SCAN-like language (Lake & Baroni 2018's structure) with made-up
# words: primitives, directions, modifiers like `opposite` and `around`,
# repetition words with their own counts and conjunctions that keep or swap
# their sides, split as SCAN's splits are:
#
#   simple      a random share of all commands for training, the rest test
#   addprim     one primitive only alone in training; test: every command
#               with it in another place
#   length      training: outputs of at most --max-train-output symbols;
#               test: the longer
#   template    one modifier never with one direction in training; test:
#               every command where they meet
#   few         training: every command of one sentence and --limit-train
#               of the others; test: the rest of the others
#
# Usage: make_scanlike_data.py --seed N --split NAME OUT_DIR
# writes OUT_DIR/train.txt and OUT_DIR/test.txt (SCAN's `IN: ... OUT: ...`).
# Everything comes from the seed: the words, the counts, the split.
#
# ===----------------------------------------------------------------------===#
import argparse
import itertools
import os
import random

SYLLABLES = ["ba", "ko", "mi", "tu", "re", "sa", "lo", "fi", "da", "ne", "pu",
             "gi", "zo", "ka", "ve", "ru", "ti", "mo", "se", "la", "no", "wa"]


def words(rng, count, taken):
    out = []
    while len(out) < count:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice([2, 3])))
        if word not in taken:
            taken.add(word)
            out.append(word)
    return out


def main():
    parser = argparse.ArgumentParser(
        description="SCAN-like languages with made-up words, split as SCAN is")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--split", default="simple",
                        choices=["simple", "addprim", "length", "template",
                                 "few"])
    parser.add_argument("--primitives", type=int, default=4)
    parser.add_argument("--directions", type=int, default=2)
    parser.add_argument("--repetitions", type=int, default=3,
                        help="repetition words, counts 2, 3, ...")
    parser.add_argument("--conjunctions", type=int, default=3,
                        help="conjunctions, alternately keeping and swapping")
    parser.add_argument("--modifiers", type=int, default=2, choices=[0, 1, 2],
                        help="`opposite`-like (D D P) and `around`-like "
                             "((D P) x 4)")
    parser.add_argument("--clauses", type=int, default=2, choices=[2, 3],
                        help="the most sentences a command joins; with 3, "
                             "conjunctions group to the left")
    parser.add_argument("--train-share", type=float, default=0.8)
    parser.add_argument("--max-train-output", type=int, default=22)
    parser.add_argument("--limit-train", type=int, default=0,
                        help="keep only this many training commands (0: all)")
    parser.add_argument("out_dir")
    args = parser.parse_args()

    rng = random.Random(args.seed)
    taken = set()
    prims = words(rng, args.primitives, taken)
    dirs = words(rng, args.directions, taken)
    mods = words(rng, args.modifiers, taken)
    reps = words(rng, args.repetitions, taken)
    conjs = words(rng, args.conjunctions, taken)
    counts = list(range(2, 2 + args.repetitions))
    rng.shuffle(counts)

    # Phrases: (words, output, primitive, direction, modifier).
    phrases = []
    for p in prims:
        phrases.append(([p], ["I_" + p.upper()], p, None, None))
        for d in dirs:
            turn = "I_TURN_" + d.upper()
            phrases.append(([p, d], [turn, "I_" + p.upper()], p, d, None))
            for m, mod in enumerate(mods):
                out = ([turn, turn, "I_" + p.upper()] if m == 0 else
                       [turn, "I_" + p.upper()] * 4)
                phrases.append(([p, mod, d], out, p, d, mod))
    sentences = []
    for words_, out, p, d, mod in phrases:
        sentences.append((words_, out, p, d, mod))
        for r, c in zip(reps, counts):
            sentences.append((words_ + [r], out * c, p, d, mod))
    commands = []
    for s in sentences:
        commands.append((s[0], s[1], [s]))
    def join(left, i, right):
        return left + right if i % 2 == 0 else right + left
    for a, b in itertools.product(sentences, sentences):
        for i, c in enumerate(conjs):
            commands.append((a[0] + [c] + b[0], join(a[1], i, b[1]), [a, b]))
    if args.clauses == 3:
        # (a c1 b) c2 d, for a sample of the sentences.
        sample = rng.sample(sentences, min(len(sentences), 12))
        for a, b, d in itertools.product(sample, sample, sample):
            for i, c1 in enumerate(conjs):
                for j, c2 in enumerate(conjs):
                    out = join(join(a[1], i, b[1]), j, d[1])
                    commands.append((a[0] + [c1] + b[0] + [c2] + d[0], out,
                                     [a, b, d]))

    if args.split == "simple":
        order = list(range(len(commands)))
        rng.shuffle(order)
        cut = int(len(order) * args.train_share)
        train = sorted(order[:cut])
        test = sorted(order[cut:])
    elif args.split == "addprim":
        held = prims[-1]
        uses = [any(s[2] == held for s in c[2]) for c in commands]
        train = [i for i, c in enumerate(commands)
                 if not uses[i] or c[0] == [held]]
        test = [i for i, c in enumerate(commands)
                if uses[i] and c[0] != [held]]
    elif args.split == "length":
        train = [i for i, c in enumerate(commands)
                 if len(c[1]) <= args.max_train_output]
        test = [i for i, c in enumerate(commands)
                if len(c[1]) > args.max_train_output]
    elif args.split == "few":
        single = [i for i, c in enumerate(commands) if len(c[2]) == 1]
        others = [i for i, c in enumerate(commands) if len(c[2]) > 1]
        rng.shuffle(others)
        train = sorted(single + others[:args.limit_train])
        test = sorted(others[args.limit_train:])
    else:
        if not mods:
            parser.error("the template split needs a modifier")
        mod, d = mods[-1], dirs[-1]
        meets = [any(s[3] == d and s[4] == mod for s in c[2])
                 for c in commands]
        train = [i for i in range(len(commands)) if not meets[i]]
        test = [i for i in range(len(commands)) if meets[i]]
    if args.limit_train and args.split != "few":
        rng.shuffle(train)
        train = sorted(train[:args.limit_train])

    os.makedirs(args.out_dir, exist_ok=True)
    for name, rows in (("train.txt", train), ("test.txt", test)):
        with open(os.path.join(args.out_dir, name), "w") as f:
            for i in rows:
                words_, out, _ = commands[i]
                f.write("IN: %s OUT: %s\n" % (" ".join(words_), " ".join(out)))


if __name__ == "__main__":
    main()
