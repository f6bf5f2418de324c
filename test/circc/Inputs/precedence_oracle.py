"""Random expressions and their postfix form, by precedence climbing.

  precedence_oracle.py bool|arith SEED COUNT

writes COUNT lines `IN: <expression> OUT: <postfix>` (seeded, so the same
every run). The oracle is its own: operator precedence climbing over the
binding powers below, nothing taken from a grammar file.
"""
import random
import sys

LANGUAGES = {
    # binary operator -> (binding power, output, right associative)
    "bool": {
        "binary": {"or": (1, "OR", False), "and": (2, "AND", False)},
        "prefix": {"not": (3, "NOT")},
        "atoms": {"T": "T", "F": "F"},
    },
    "arith": {
        "binary": {"+": (1, "ADD", False), "-": (1, "SUB", False),
                   "*": (2, "MUL", False), "/": (2, "DIV", False),
                   "^": (4, "POW", True)},
        "prefix": {"-": (3, "NEG")},
        "atoms": {"a": "a", "b": "b", "c": "c"},
    },
}


def generate(language, rng, depth):
    """Tokens of a random expression, at most `depth` operators deep."""
    spec = LANGUAGES[language]
    choice = rng.random()
    if depth == 0 or choice < 0.3:
        return [rng.choice(sorted(spec["atoms"]))]
    if choice < 0.45:
        return [rng.choice(sorted(spec["prefix"]))] + generate(language, rng, depth - 1)
    if choice < 0.55:
        return ["("] + generate(language, rng, depth - 1) + [")"]
    operator = rng.choice(sorted(spec["binary"]))
    return (generate(language, rng, depth - 1) + [operator] +
            generate(language, rng, depth - 1))


def postfix(language, tokens):
    spec = LANGUAGES[language]
    position = 0

    def primary():
        nonlocal position
        token = tokens[position]
        position += 1
        if token == "(":
            out = expression(0)
            assert tokens[position] == ")"
            position += 1
            return out
        if token in spec["prefix"]:
            power, name = spec["prefix"][token]
            return expression(power) + [name]
        return [spec["atoms"][token]]

    def expression(minimum):
        nonlocal position
        out = primary()
        while position < len(tokens) and tokens[position] in spec["binary"]:
            power, name, right = spec["binary"][tokens[position]]
            if power <= minimum:
                break
            position += 1
            out = out + expression(power if not right else power - 1) + [name]
        return out

    out = expression(0)
    assert position == len(tokens)
    return out


def main():
    language, seed, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    rng = random.Random(seed)
    for _ in range(count):
        tokens = generate(language, rng, rng.randint(1, 5))
        print("IN: " + " ".join(tokens) + " OUT: " + " ".join(postfix(language, tokens)))


if __name__ == "__main__":
    main()
