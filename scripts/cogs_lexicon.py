#!/usr/bin/env python3
"""Derive COGS's lexicon from a training file: what each word was seen as.

usage: cogs_lexicon.py TRAIN.tsv[.gz] [--unseen FILE.tsv[.gz]...]

Reads every training sentence with its logical form and records, for each
word, what the logical form says it is:

  proper       the word appears as an argument (`agent ( x _ 1 , Emma )`)
  common       the word's position names an entity with the word's
               predicate (`cake ( x _ 3 )`, or `LAMBDA a . cake ( a )`)
  verb LEMMA   the word's position names an event of LEMMA
               (`eat . agent ( x _ 2 , ... )`); the roles it was seen with
               (agent, theme, recipient, xcomp, ccomp) and whether it was
               seen after 'was' (passive)
  preposition  the word names the relation of an nmod
               (`cake . nmod . on ( x _ 3 , x _ 6 )`)

Prints one line per word and reading, sorted, tab-separated: word,
category, lemma, roles seen (comma-separated, '-' if none), 'passive' if
seen after 'was' else '-', and the number of training lines it was seen
in. With --unseen, also lists the words of those files that the training
file never shows, with the number of lines each occurs in, per file: the
facts a lexicon derived from training alone cannot have.
Deterministic: the same file gives the same output.
"""

import collections
import gzip
import re
import sys

ARG = re.compile(r"x _ (\d+)")
TERM = re.compile(r"([A-Za-z_]+(?: \. [A-Za-z_]+)*) \( ([^()]*) \)")


def lines(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            fields = line.rstrip("\n").split("\t")
            if len(fields) < 2:
                sys.exit("%s:%d: expected SENTENCE<TAB>LOGICAL FORM" % (path, number))
            yield number, fields[0].split(), fields[1]


def readings(words, form):
    """(word, category, lemma, role, passive) facts of one example."""
    facts = []
    if len(words) == 1 and form.startswith("LAMBDA"):
        # A primitive: LAMBDA a . cake ( a ), or a verb's frame.
        for predicate, _ in TERM.findall(re.sub(r"LAMBDA \w+ \. ", "", form)):
            parts = predicate.split(" . ")
            if len(parts) == 1:
                facts.append((words[0], "common", parts[0], None, False))
            else:
                facts.append((words[0], "verb", parts[0], parts[1], False))
        return facts
    if len(words) == 1:
        return [(words[0], "proper", words[0], None, False)]
    for predicate, arguments in TERM.findall(form):
        parts = predicate.split(" . ")
        arguments = [a.strip() for a in arguments.split(",")]
        first = ARG.fullmatch(arguments[0])
        if len(parts) == 1 and first:
            facts.append((words[int(first.group(1))], "common", parts[0], None,
                          False))
        elif len(parts) == 2 and first:
            position = int(first.group(1))
            passive = position > 0 and words[position - 1] in ("was", "were")
            facts.append((words[position], "verb", parts[0], parts[1], passive))
        elif len(parts) == 3 and parts[1] == "nmod":
            facts.append((parts[2], "preposition", parts[2], None, False))
        for argument in arguments[1:]:
            if not ARG.fullmatch(argument):
                facts.append((argument, "proper", argument, None, False))
    return facts


def main(argv):
    if not argv or argv[0].startswith("-"):
        sys.exit(__doc__.strip())
    train, unseen = argv[0], []
    if len(argv) > 1:
        if argv[1] != "--unseen" or len(argv) < 3:
            sys.exit(__doc__.strip())
        unseen = argv[2:]
    seen = collections.defaultdict(lambda: [set(), False, set()])
    vocabulary = set()
    for number, words, form in lines(train):
        vocabulary.update(words)
        for word, category, lemma, role, passive in readings(words, form):
            entry = seen[(word, category, lemma)]
            if role:
                entry[0].add(role)
            entry[1] = entry[1] or passive
            entry[2].add(number)
    for (word, category, lemma), (roles, passive, where) in sorted(seen.items()):
        print("\t".join([word, category, lemma,
                         ",".join(sorted(roles)) or "-",
                         "passive" if passive else "-", str(len(where))]))
    for path in unseen:
        counts = collections.Counter()
        for _, words, _ in lines(path):
            counts.update(set(w for w in words if w not in vocabulary))
        for word, count in sorted(counts.items()):
            print("\t".join(["unseen", path.rsplit("/", 1)[-1], word, str(count)]))


if __name__ == "__main__":
    main(sys.argv[1:])
