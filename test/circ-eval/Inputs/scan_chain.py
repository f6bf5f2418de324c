"""Long SCAN chains: sentences of SCAN's tasks.txt (those without "and" or
"after") joined right to left by "and" / "after", with the outputs SCAN's
own data gives each sentence composed as the two words mean (x and y: x's
actions then y's; x after y: y's then x's). Writes `IN: ... OUT: ...` lines
whose commands have exactly TOKENS tokens where the sentence lengths allow
it, else just under.

usage: scan_chain.py TASKS.txt.gz SEED COUNT TOKENS > FILE
"""
import gzip
import random
import sys


def main():
    path, seed, count, tokens = sys.argv[1], *(int(a) for a in sys.argv[2:5])
    sentences = []
    with gzip.open(path, "rt") as f:
        for line in f:
            command, actions = line[4:].rstrip("\n").split(" OUT: ")
            words = command.split()
            if "and" not in words and "after" not in words:
                sentences.append((words, actions.split()))
    rng = random.Random(seed)
    for _ in range(count):
        words, actions = rng.choice(sentences)
        while True:
            nxt_words, nxt_actions = rng.choice(sentences)
            if len(words) + 1 + len(nxt_words) > tokens:
                break
            # The chain grows to the left: SENTENCE and|after CHAIN.
            if rng.random() < 0.5:
                words, actions = nxt_words + ["and"] + words, nxt_actions + actions
            else:
                words, actions = nxt_words + ["after"] + words, actions + nxt_actions
        print("IN: %s OUT: %s" % (" ".join(words), " ".join(actions)))


if __name__ == "__main__":
    main()
