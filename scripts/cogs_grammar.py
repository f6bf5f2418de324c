#!/usr/bin/env python3
"""Write COGS's grammar: the hand-written rules with a lexicon derived from
a training file.

usage: cogs_grammar.py TRAIN.tsv[.gz] RULES > GRAMMAR.scan

RULES (grammars/cogs.rules) holds the sentence, clause and noun-phrase rules
and the function words. This script reads every training sentence with its
logical form and decides, for each other word, what the forms show it to be
(the same readings as cogs_lexicon.py):

  name         an argument of a predicate (`agent ( x _ 1 , Emma )`)
  noun         the predicate of an entity at its position (`cake ( x _ 3 )`)
  preposition  the relation of an nmod (`cake . nmod . on ( ... )`)
  verb         the event at its position (`eat . agent ( x _ 2 , ... )`),
               with its lemma; all forms of a lemma share one class

and, for each verb lemma, which frames the rules may use it in, from the
roles its events were seen with:

  dative       seen with a recipient: the dative frames only
  unaccusative seen active with a theme and no agent (`The cake burned`,
               or a primitive `LAMBDA a . LAMBDA e . burn . theme ( e , a )`):
               alone, its subject is the theme
  transitive   seen with a theme otherwise: alone, its subject is the agent
  agentive     seen with an agent only
  +cp, +xcomp  seen with a clause (ccomp) or an infinitive (xcomp)

Every non-dative verb may be transitive, passive and an infinitive: COGS's
generalization set asks for verbs seen only intransitive in transitive
sentences, and for verbs seen only active in the passive.

Nouns and names are open classes (docs/GrammarFormat.md): a lowercase word
that training never shows is read as a noun, a capitalized one as a name,
each standing for itself in the logical form (`WORD ( x _ 3 )`), as a
reader takes a word they have not met after `a`. Every word training shows
keeps the one reading it was seen with. Deterministic.
"""

import collections
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cogs_lexicon import ARG, TERM, lines  # noqa: E402

FUNCTION_WORDS = ["the", "The", "a", "A", "was", "by", "to", "that", "."]
ROLES = ["agent", "theme", "recipient", "xcomp", "ccomp"]
MAX_INPUT = 64


def analyse(path):
    """The vocabulary and what each word was seen as."""
    vocabulary = set()
    kinds = collections.defaultdict(set)  # word -> {"name", "noun", ...}
    lemma_of = {}                         # noun or verb form -> predicate
    events = collections.defaultdict(list)  # lemma -> [(roles, passive)]
    primitive = {}                        # lemma -> roles of its LAMBDA form
    for _, words, form in lines(path):
        vocabulary.update(words)
        if len(words) == 1:
            word = words[0]
            if not form.startswith("LAMBDA"):
                kinds[word].add("name")
                continue
            body = re.sub(r"LAMBDA \w+ \. ", "", form)
            roles = set()
            for predicate, _ in TERM.findall(body):
                parts = predicate.split(" . ")
                if len(parts) == 1:
                    kinds[word].add("noun")
                    lemma_of[word] = parts[0]
                else:
                    kinds[word].add("verb")
                    lemma_of[word] = parts[0]
                    roles.add(parts[1])
            if roles:
                primitive[lemma_of[word]] = frozenset(roles)
            continue
        roles_at = collections.defaultdict(set)
        for predicate, arguments in TERM.findall(form):
            parts = predicate.split(" . ")
            arguments = [a.strip() for a in arguments.split(",")]
            first = ARG.fullmatch(arguments[0])
            for argument in arguments[1:]:
                if not ARG.fullmatch(argument):
                    kinds[argument].add("name")
            if not first:
                continue
            position = int(first.group(1))
            if len(parts) == 1:
                kinds[words[position]].add("noun")
                lemma_of[words[position]] = parts[0]
            elif len(parts) == 2:
                kinds[words[position]].add("verb")
                lemma_of[words[position]] = parts[0]
                roles_at[position].add(parts[1])
            elif len(parts) == 3 and parts[1] == "nmod":
                kinds[parts[2]].add("preposition")
        for position, roles in roles_at.items():
            passive = position > 0 and words[position - 1] == "was"
            events[lemma_of[words[position]]].append((frozenset(roles), passive))
    return vocabulary, kinds, lemma_of, events, primitive


def verb_class(lemma, events, primitive):
    """The class name of a verb lemma: its frames."""
    seen = [roles for roles, _ in events.get(lemma, [])]
    prim = primitive.get(lemma)
    if prim:
        seen.append(prim)
    roles = set().union(*seen) if seen else set()
    if "recipient" in roles:
        return "verb_dat"
    unaccusative = prim == {"theme"} or any(
        r == {"theme"} and not passive for r, passive in events.get(lemma, []))
    if unaccusative:
        core = "unacc"
    elif "theme" in roles:
        core = "tr"
    else:
        core = "agent"
    name = "verb_" + core
    if "ccomp" in roles:
        name += "_cp"
    if "xcomp" in roles:
        name += "_xcomp"
    return name


def wrap(prefix, words, width=78):
    """`prefix word word ...;` broken into lines."""
    out, line = [], prefix
    for word in words:
        if len(line) + 1 + len(word) > width:
            out.append(line)
            line = "   "
        line += " " + word
    out.append(line + ";")
    return "\n".join(out)


# Words that begin a declaration: a word list quotes them.
KEYWORDS = {"grammar", "tokens", "outputs", "class", "start", "max", "table", "define"}


def spell(word):
    """A token or output as the grammar file writes it."""
    bare = re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", word) and word not in KEYWORDS
    return word if bare else '"%s"' % word


def entry(form, output):
    """A class entry: the token, and its output where that differs."""
    return spell(form) if form == output else "%s:%s" % (spell(form), spell(output))


def main(argv):
    if len(argv) != 2:
        sys.exit(__doc__.strip())
    train, rules_path = argv
    vocabulary, kinds, lemma_of, events, primitive = analyse(train)
    for word, seen in sorted(kinds.items()):
        if len(seen) > 1:
            sys.exit("cogs_grammar.py: '%s' was seen as %s" %
                     (word, " and ".join(sorted(seen))))
    kind = {word: next(iter(seen)) for word, seen in kinds.items()}
    names = sorted(w for w, k in kind.items() if k == "name")
    nouns = sorted(w for w, k in kind.items() if k == "noun")
    noun_entries = [entry(w, lemma_of[w]) for w in nouns]
    preps = sorted(w for w, k in kind.items() if k == "preposition")
    classes = collections.defaultdict(list)
    for form in sorted(w for w, k in kind.items() if k == "verb"):
        lemma = lemma_of[form]
        classes[verb_class(lemma, events, primitive)].append(entry(form, lemma))
    lemmas = sorted(set(lemma_of[w] for w in kind if kind[w] == "verb"))
    unknown = sorted(vocabulary - set(kind) - set(FUNCTION_WORDS))
    if unknown:
        sys.exit("cogs_grammar.py: no reading for %s" % ", ".join(unknown))

    outputs = ["x", "_", "*", "(", ")", ";", ",", ".", "AND", "LAMBDA", "a",
               "b", "e", "nmod"] + ROLES
    listed = set(outputs)
    for word in [lemma_of[w] for w in nouns] + names + preps + lemmas:
        if word not in listed:
            outputs.append(word)
            listed.add(word)

    print("# COGS (Kim & Linzen 2020): English sentences to logical forms.")
    print("# Written by scripts/cogs_grammar.py from %s and"
          % os.path.basename(train))
    print("# grammars/cogs.rules; edit those, not this file.")
    print("grammar cogs;")
    print("max input %d;" % MAX_INPUT)
    print("max output 512;")
    print(wrap("tokens", [spell(w) for w in FUNCTION_WORDS] +
               [spell(w) for w in sorted(vocabulary - set(FUNCTION_WORDS))]))
    print(wrap("outputs", [spell(w) for w in outputs] +
               ["0..%d" % (MAX_INPUT - 1)]))
    print()
    print("# The lexicon: %d names, %d nouns, %d prepositions, %d verb forms "
          "of %d lemmas." % (len(names), len(nouns), len(preps),
                             sum(map(len, classes.values())), len(lemmas)))
    print("# Names and nouns are open: an unknown capitalized word is a name,")
    print("# an unknown lowercase word a noun, each output as written.")
    print(wrap("class name open capitalized =", [spell(w) for w in names]))
    print(wrap("class noun open lowercase =", noun_entries))
    print(wrap("class prep =", [spell(w) for w in preps]))
    for name in sorted(classes):
        print(wrap("class %s =" % name, classes[name]))
    print()
    # Which classes each frame of the rules takes.
    frames = collections.OrderedDict([
        ("v_trans", lambda c: c != "verb_dat"),
        ("v_agent", lambda c: c.startswith(("verb_tr", "verb_agent"))),
        ("v_theme", lambda c: c.startswith("verb_unacc")),
        ("v_inf", lambda c: c != "verb_dat"),
        ("v_dat", lambda c: c == "verb_dat"),
        ("v_cp", lambda c: "_cp" in c),
        ("v_xcomp", lambda c: "_xcomp" in c),
        ("prim_tr", lambda c: c.startswith("verb_tr")),
        ("prim_agent", lambda c: c.startswith("verb_agent")),
        ("prim_theme", lambda c: c.startswith("verb_unacc")),
    ])
    print("# The verb classes each frame of the rules takes.")
    for frame, accepts in frames.items():
        members = [c for c in sorted(classes) if accepts(c)]
        print("%s = %s;" % (frame, " | ".join(members)))
    print()
    with open(rules_path, encoding="utf-8") as f:
        sys.stdout.write(f.read())


if __name__ == "__main__":
    main(sys.argv[1:])
