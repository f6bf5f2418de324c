"""Random commands of Inputs/sequences.scan with their outputs computed by
Python's own list operations, in SCAN's `IN: ... OUT: ...` format.

usage: sequence_oracle.py SEED COUNT MAX_TOKENS > FILE
"""
import random
import sys

FUNCTIONS = {
    "copy": lambda x: x,
    "reverse": lambda x: x[::-1],
    "shift": lambda x: x[1:] + x[:1],
    "swap_first_last": lambda x: x[-1:] + x[1:-1] + x[:1],
    "echo": lambda x: x + x[-1:],
    "repeat": lambda x: x + x,
}


def command(rng, budget):
    if budget <= 1 or rng.random() < 0.3:
        letters = [rng.choice("abc") for _ in range(rng.randint(1, budget))]
        return letters, [letter.upper() for letter in letters]
    name = rng.choice(sorted(FUNCTIONS))
    tokens, output = command(rng, budget - 1)
    return [name] + tokens, FUNCTIONS[name](output)


def main():
    seed, count, max_tokens = (int(arg) for arg in sys.argv[1:4])
    rng = random.Random(seed)
    for _ in range(count):
        tokens, output = command(rng, rng.randint(1, max_tokens))
        print("IN: %s OUT: %s" % (" ".join(tokens), " ".join(output)))


if __name__ == "__main__":
    main()
