"""Random sentences of Inputs/gaps.scan with their outputs computed from the
tree that generated them, each gap filled by substitution (not by splitting
around it), in SCAN's `IN: ... OUT: ...` format.

usage: gap_oracle.py SEED COUNT MAX_TOKENS > FILE
"""
import random
import sys

NOUNS = ["dog", "cat", "bird"]
NAMES = ["Ann", "Bob"]
VERBS = [("saw", "see"), ("chased", "chase")]
GAP = object()


def np(rng, budget):
    """(tokens, form) of a noun phrase."""
    if budget < 4 or rng.random() < 0.3:
        name = rng.choice(NAMES + NOUNS)
        return ([name] if name in NAMES else ["the", name]), [name]
    noun = rng.choice(NOUNS)
    if budget < 6 or rng.random() < 0.4:
        return ["the", noun], [noun]
    tokens, form = gapped(rng, budget - 3, rng.random() < 0.5)
    filled = [noun if item is GAP else item for item in form]
    return ["the", noun, "that"] + tokens, [noun, "["] + filled + ["]"]


def gapped(rng, budget, subject, base=False):
    """(tokens, form) of a clause whose subject, or else object, is the gap
    (GAP in the form, once); the object's gap may be in a clause inside."""
    word, lemma = rng.choice(VERBS)
    verb = lemma if base else word
    if subject:
        obj, obj_form = np(rng, budget - 1)
        return [verb] + obj, [lemma, "(", GAP, ","] + obj_form + [")"]
    subj, subj_form = np(rng, budget // 2)
    rest = budget - len(subj)
    if rest >= 6 and rng.random() < 0.3:
        tokens, form = gapped(rng, rest - 2, False)
        return (subj + ["say" if base else "said", "that"] + tokens,
                ["say", "("] + subj_form + [","] + form + [")"])
    return subj + [verb], [lemma, "("] + subj_form + [",", GAP, ")"]


def clause(rng, budget):
    if budget >= 10 and rng.random() < 0.2:
        subj, subj_form = np(rng, 4)
        tokens, form = clause(rng, budget - len(subj) - 2)
        return (subj + ["said", "that"] + tokens,
                ["say", "("] + subj_form + [","] + form + [")"])
    word, lemma = rng.choice(VERBS)
    subj, subj_form = np(rng, budget // 2)
    obj, obj_form = np(rng, budget - len(subj) - 1)
    return subj + [word] + obj, [lemma, "("] + subj_form + [","] + obj_form + [")"]


def sentence(rng, budget):
    kind = rng.random()
    if kind < 0.5:
        tokens, form = clause(rng, budget - 1)
        return tokens + ["."], form
    subject = kind < 0.75
    tokens, form = gapped(rng, budget - 3, subject, base=not subject)
    filled = ["?" if item is GAP else item for item in form]
    return (["who"] + tokens if subject else ["who", "did"] + tokens) + ["?"], filled


def main(argv):
    seed, count, budget = int(argv[0]), int(argv[1]), int(argv[2])
    rng = random.Random(seed)
    seen = set()
    while len(seen) < count:
        tokens, form = sentence(rng, budget)
        line = "IN: %s OUT: %s" % (" ".join(tokens), " ".join(form))
        if len(tokens) <= 40 and line not in seen:
            seen.add(line)
            print(line)


if __name__ == "__main__":
    main(sys.argv[1:])
