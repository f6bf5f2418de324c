#!/usr/bin/env python3
"""Write COGS's grammar: the hand-written rules with a lexicon derived from
a training file.

usage: cogs_grammar.py [--varfree] [--name=NAME] TRAIN.tsv[.gz] RULES > GRAMMAR.scan

RULES (grammars/english.rules) holds the sentence, clause and noun-phrase
rules and the function words; grammars/cogs.scan and grammars/slog.scan
share them and differ in their lexicons. This script reads every training
sentence with its logical form and decides, for each other word, what the
forms show it to be (the same readings as cogs_lexicon.py):

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
keeps the one reading it was seen with.

--varfree reads a training file in SLOG's variable-free format (`eat (
agent = Emma , theme = * cake )`), which names no positions: see
analyse_varfree. --name names the grammar (default cogs). Deterministic.
"""

import collections
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cogs_lexicon import ARG, TERM, lines  # noqa: E402

FUNCTION_WORDS = ["the", "The", "a", "A", "was", "by", "to", "that", "."]
ROLES = ["agent", "theme", "recipient", "xcomp", "ccomp"]
TITLES = {"cogs": "COGS (Kim & Linzen 2020)", "slog": "SLOG (Li et al. 2023)"}
MAX_INPUT = 128


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


DETERMINERS = {"the", "The", "a", "A"}
# The words of questions and their punctuation, which SLOG adds.
QUESTION_WORDS = ["Who", "What", "did", "?"]
VARFREE_ROLE = re.compile(r"(\w+) = ")


def varfree_verbs(form):
    """(lemma, roles) of each verb in a variable-free logical form
    (`give ( agent = hen , theme = * flower ( nmod . beside = chair ) )`):
    a predicate whose arguments are roles."""
    tokens = form.split()
    verbs = []
    for i, token in enumerate(tokens):
        if i + 3 < len(tokens) and tokens[i + 1] == "(" and \
                tokens[i + 2] in ROLES and tokens[i + 3] == "=":
            depth, roles = 0, set()
            for j in range(i + 1, len(tokens)):
                depth += {"(": 1, ")": -1}.get(tokens[j], 0)
                if depth == 0:
                    break
                if depth == 1 and j + 1 < len(tokens) and \
                        tokens[j + 1] == "=" and tokens[j] in ROLES:
                    roles.add(tokens[j])
            verbs.append((token, frozenset(roles)))
    return verbs


def analyse_varfree(path):
    """What analyse() finds, from a file in SLOG's variable-free format: a
    word after a determiner is a noun (the form writes it as spelled), a
    capitalized argument otherwise a name, the relation of an `nmod . X` a
    preposition, and every other word a verb whose lemma is the one
    predicate its sentences leave unexplained (a sentence whose verbs are
    all known but one, or whose one verb predicate is new). A word seen only
    alone (a primitive, `giggle`, which the form does not classify) gets no
    reading and stays out of the lexicon."""
    vocabulary = set()
    kinds = collections.defaultdict(set)
    lemma_of = {}
    events = collections.defaultdict(list)
    primitive = {}
    examples = []
    function = set(FUNCTION_WORDS) | set(QUESTION_WORDS)
    for _, words, form in lines(path):
        if len(words) == 1:
            continue
        vocabulary.update(words)
        preps = set(re.findall(r"nmod \. (\w+) =", form))
        values = set(form.split())
        content = []
        for k, word in enumerate(words):
            if word in function:
                continue
            if k > 0 and words[k - 1] in DETERMINERS:
                kinds[word].add("noun")
                lemma_of[word] = word
            elif word in preps:
                kinds[word].add("preposition")
            elif word[0].isupper() and word in values:
                kinds[word].add("name")
            else:
                content.append(k)
        examples.append((words, form, content))
    # Verb lemmas: resolve each sentence's verbs by elimination, until
    # nothing changes.
    changed = True
    while changed:
        changed = False
        for words, form, content in examples:
            lemmas = collections.Counter(l for l, _ in varfree_verbs(form))
            unresolved = []
            for k in content:
                if words[k] in lemma_of:
                    lemmas[lemma_of[words[k]]] -= 1
                else:
                    unresolved.append(k)
            left = [l for l, n in lemmas.items() if n > 0]
            if len(set(words[k] for k in unresolved)) == 1 and len(left) == 1:
                lemma_of[words[unresolved[0]]] = left[0]
                kinds[words[unresolved[0]]].add("verb")
                changed = True
    # Frames: the roles of each verb, and whether it was passive, where the
    # sentence has one form of its lemma.
    for words, form, content in examples:
        for lemma, roles in varfree_verbs(form):
            forms = [k for k in content if lemma_of.get(words[k]) == lemma]
            if len(forms) != 1:
                continue
            k = forms[0]
            events[lemma].append((roles, k > 0 and words[k - 1] == "was"))
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
    varfree = "--varfree" in argv
    argv = [a for a in argv if a != "--varfree"]
    grammar = "cogs"
    for a in list(argv):
        if a.startswith("--name="):
            grammar = a[len("--name="):]
            argv.remove(a)
    if len(argv) != 2:
        sys.exit(__doc__.strip())
    train, rules_path = argv
    vocabulary, kinds, lemma_of, events, primitive = (
        analyse_varfree if varfree else analyse)(train)
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
    function = FUNCTION_WORDS + QUESTION_WORDS
    unknown = sorted(vocabulary - set(kind) - set(function))
    if unknown:
        sys.exit("cogs_grammar.py: no reading for %s" % ", ".join(unknown))
    # A verb's base form is its lemma (`did Emma say`, `to say`): a lemma
    # that is no word of the training file joins its verb's class.
    base_forms = [l for l in lemmas if l not in kind and l not in function]
    for lemma in base_forms:
        classes[verb_class(lemma, events, primitive)].append(spell(lemma))
    for entries in classes.values():
        entries.sort()
    vocabulary = vocabulary | set(base_forms)

    outputs = ["x", "_", "*", "(", ")", ";", ",", ".", "?", "AND", "LAMBDA",
               "a", "b", "e", "nmod"] + ROLES
    listed = set(outputs)
    for word in [lemma_of[w] for w in nouns] + names + preps + lemmas:
        if word not in listed:
            outputs.append(word)
            listed.add(word)

    print("# %s: English sentences to logical forms."
          % TITLES.get(grammar, grammar))
    print("# Written by scripts/cogs_grammar.py%s from %s and"
          % (" --varfree --name=" + grammar if varfree else "",
             os.path.basename(train)))
    print("# grammars/%s; edit those, not this file." %
          os.path.basename(rules_path))
    print("grammar %s;" % grammar)
    print("max input %d;" % MAX_INPUT)
    print("max output 1024;")
    print(wrap("tokens", [spell(w) for w in function] +
               [spell(w) for w in sorted(vocabulary - set(function))]))
    print(wrap("outputs", [spell(w) for w in outputs] +
               ["0..%d" % (MAX_INPUT - 1)]))
    print()
    print("# The lexicon: %d names, %d nouns, %d prepositions, %d verb forms "
          "of %d lemmas (%d base forms that training does not show)."
          % (len(names), len(nouns), len(preps),
             sum(map(len, classes.values())), len(lemmas), len(base_forms)))
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
        ("v_unerg", lambda c: c.startswith(("verb_tr", "verb_agent"))
                             and "_xcomp" not in c),
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
