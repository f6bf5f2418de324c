//===- StructureInduction.h - A grammar's structure from commands -*- C++
//-*-===//
//
// Part of circc.
//
//===----------------------------------------------------------------------===//
//
// Finds a grammar's structure (word classes, one phrase category and its
// productions) from the commands of a training file alone, and writes it
// as a skeleton grammar whose templates are open: the template search
// (TemplateSearch.h) then fills them from the outputs. Plain C++, no MLIR.
// The method is docs/Induction.md's "Without a skeleton".
//
//===----------------------------------------------------------------------===//

#ifndef CIRCC_INDUCE_STRUCTUREINDUCTION_H
#define CIRCC_INDUCE_STRUCTUREINDUCTION_H

#include <cstddef>
#include <string>
#include <vector>

namespace circc::induce {

/// Word classes found from the contexts words share.
struct WordClasses {
  /// The tokens, in order of first appearance in the commands.
  std::vector<std::string> tokens;
  /// The commands, as token ids.
  std::vector<std::vector<size_t>> commands;
  /// Each class's tokens (ids into `tokens`), in order of first appearance;
  /// classes ordered by their first token.
  std::vector<std::vector<size_t>> classes;
  /// Per token, its class.
  std::vector<size_t> classOf;
  /// Per class of two or more words: two commands that differ only in
  /// two of its words (the evidence of the first merge that made it).
  std::vector<std::pair<size_t, size_t>> evidence;
  /// Words whose class the data does not decide: one that shares enough
  /// contexts with two classes that share too few with each other.
  struct Undecided {
    size_t token;
    size_t chosen, other;
  };
  std::vector<Undecided> undecided;
};

/// Words are in one class when the contexts (the whole rest of the command
/// on either side) they share are at least `overlap` of the contexts of
/// the rarer (Clark and Eyraud's substitutability, weakened to a share).
WordClasses
findWordClasses(const std::vector<std::vector<std::string>> &commands,
                double overlap);

/// Per class, whether it can be one nonterminal with a production per word
/// that outputs a fixed sequence: there is a sequence per word (a part of
/// the output of the shortest command that holds it, at most `maxItems`
/// symbols) such that of every two commands that differ only in two of its
/// words, one's output is the other's with copies of one word's sequence in
/// place of copies of the other's. Classes of one word are not.
std::vector<bool>
substitutableClasses(const WordClasses &classes,
                     const std::vector<std::vector<std::string>> &outputs,
                     size_t maxItems);

/// A right-hand-side symbol of an induced production.
struct StructureSymbol {
  enum Kind { Phrase, Class, Token } kind;
  size_t id = 0;
  bool operator==(const StructureSymbol &o) const {
    return kind == o.kind && id == o.id;
  }
  bool operator<(const StructureSymbol &o) const {
    return kind != o.kind ? kind < o.kind : id < o.id;
  }
};

/// How two kinds of phrase productions settle their conflicts: those that
/// end with the phrase (infix and prefix ones, `p "and" p`) against those
/// that continue one (postfix ones, `p "twice"`, `p direction`).
enum class Binding {
  /// The continuing ones bind tighter (`a and b twice` is `a and (b twice)`).
  PostfixTighter,
  /// The ending ones bind tighter (`(a and b) twice`).
  PrefixTighter,
  /// Neither: all on one `nonassoc` level, so that a command where they
  /// meet is refused (what the data does not decide).
  Unordered,
};

enum class Associativity { Left, Right, NonAssoc };

/// One production of the phrase category, and the command that made it.
struct PhraseProduction {
  std::vector<StructureSymbol> rhs;
  size_t madeBy;
};

/// The structure: classes kept as nonterminals or written as their words,
/// one phrase category and its productions.
struct Structure {
  std::vector<bool> inlined;
  std::vector<PhraseProduction> productions;
};

/// The phrase productions for the word classes, those in `inlined` written
/// as their words: every command's sequence of classes and words, its
/// parts that are themselves a command's sequence (shortest and leftmost
/// first, commands shortest first) replaced by the phrase, until none is.
/// With `compress`, then fewer productions where a part of some, written as
/// a production of its own, leaves them equal to others. Stops once there
/// are more than `maxProductions`.
Structure findStructure(const WordClasses &classes,
                        const std::vector<bool> &inlined, bool compress,
                        size_t maxProductions);

/// The tokens of precedence: those that end the productions that end with
/// the phrase (`and`), and those that can come next after a phrase (of
/// the others, `twice`, `left`). Both empty when nothing conflicts.
struct PrecedenceTokens {
  std::vector<size_t> ending, continuing;
};
PrecedenceTokens precedenceTokens(const WordClasses &classes,
                                  const Structure &structure);

/// A name per class, for the grammar file: `NAME_words` after its first word
/// where that is an identifier, `words_N` otherwise.
std::vector<std::string> classNames(const WordClasses &classes);

/// The skeleton grammar file: tokens, outputs, the phrase category
/// `command` (the start), a nonterminal per class kept, every template
/// open, precedence lines when some production ends with the phrase.
std::string
writeSkeleton(const std::string &name, const WordClasses &classes,
              const Structure &structure,
              const std::vector<std::string> &outputs, Binding binding,
              Associativity associativity, size_t maxInput, size_t maxOutput,
              const std::vector<std::vector<std::string>> &commands);

} // namespace circc::induce

#endif // CIRCC_INDUCE_STRUCTUREINDUCTION_H
