#!/usr/bin/env python3
"""Runs circc on hundreds of mutated copies of a grammar file.

usage: mutate_grammar.py CIRCC GRAMMAR WORKDIR COUNT [EMIT]

Each copy has a few bytes flipped, deleted, duplicated or replaced by
grammar punctuation. circc must exit with 0 (still a grammar) or 1 (an
error it reported), never crash or hang. Prints how many were accepted and
rejected.
"""
import os
import random
import subprocess
import sys


def mutate(text, rng):
    data = bytearray(text)
    for _ in range(rng.randint(1, 4)):
        if not data:
            break
        i = rng.randrange(len(data))
        kind = rng.randrange(5)
        if kind == 0:
            data[i] ^= 1 << rng.randrange(8)
        elif kind == 1:
            del data[i:i + rng.randint(1, 12)]
        elif kind == 2:
            data[i:i] = data[i:i + rng.randint(1, 12)]
        elif kind == 3:
            data[i] = ord(rng.choice('{}()*$?;|="#'))
        else:
            data[i:i] = rng.choice([b"$0", b"$99", b"* 0", b"\"\"", b"max input 0;", b"\x00"])
    return bytes(data)


def main(argv):
    circc, grammar, work, count = argv[1], argv[2], argv[3], int(argv[4])
    emit = argv[5] if len(argv) > 5 else "grammar"
    text = open(grammar, "rb").read()
    rng = random.Random(1234)
    accepted = rejected = 0
    for n in range(count):
        path = os.path.join(work, "m%d.scan" % n)
        with open(path, "wb") as f:
            f.write(mutate(text, rng))
        result = subprocess.run([circc, path, "--emit=" + emit, "-o", os.devnull],
                                capture_output=True, timeout=60)
        if result.returncode == 0:
            accepted += 1
        elif result.returncode == 1 and b"error" in result.stderr:
            rejected += 1
        else:
            print("circc failed on %s with status %d:\n%s" %
                  (path, result.returncode, result.stderr.decode(errors="replace")))
            return 1
    print("accepted %d rejected %d" % (accepted, rejected))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
