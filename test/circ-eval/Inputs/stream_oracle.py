"""Random sentences of Inputs/streams.scan with their outputs computed by a
procedural reading (definites first, then the conjuncts in word order), in
SCAN's `IN: ... OUT: ...` format.

usage: stream_oracle.py SEED COUNT MAX_TOKENS > FILE
"""
import random
import sys

NOUNS = ["cat", "dog", "box"]
NAMES = ["Ann", "Bob"]


def phrase(rng, start, budget):
    """(tokens, ref, definites, conjuncts) of a noun phrase at `start`."""
    if rng.random() < 0.25:
        name = rng.choice(NAMES)
        return [name], [name], [], []
    det, noun = rng.choice(["the", "a"]), rng.choice(NOUNS)
    var = ["x", "_", str(start + 1)]
    tokens, defs, conj = [det, noun], [], []
    if det == "the":
        defs = ["*", noun, "("] + var + [")", ";"]
    else:
        conj = ["AND", noun, "("] + var + [")"]
    if budget >= 5 and rng.random() < 0.5:
        inner, ref, inner_defs, inner_conj = phrase(rng, start + 3, budget - 3)
        tokens += ["near"] + inner
        defs += inner_defs
        conj += ["AND", noun, ".", "near", "("] + var + [","] + ref + [")"]
        conj += inner_conj
    return tokens, var, defs, conj


def sentence(rng, max_tokens):
    while True:
        subject = phrase(rng, 0, max_tokens - 2)
        verb = len(subject[0])
        obj = phrase(rng, verb + 1, max_tokens - verb - 1)
        if verb + 1 + len(obj[0]) <= max_tokens:
            break
    event = ["x", "_", str(verb)]
    conj = subject[3]
    conj += ["AND", "saw", ".", "agent", "("] + event + [","] + subject[1] + [")"]
    conj += ["AND", "saw", ".", "theme", "("] + event + [","] + obj[1]
    conj += [",", str(verb + 1), ")"] + obj[3]
    tokens = subject[0] + ["saw"] + obj[0]
    return tokens, subject[2] + obj[2] + conj[1:]


def main():
    seed, count, max_tokens = (int(arg) for arg in sys.argv[1:4])
    rng = random.Random(seed)
    for _ in range(count):
        tokens, output = sentence(rng, max_tokens)
        print("IN: %s OUT: %s" % (" ".join(tokens), " ".join(output)))


if __name__ == "__main__":
    main()
