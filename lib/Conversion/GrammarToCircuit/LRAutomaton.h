//===- LRAutomaton.h - Canonical LR(1) tables for a grammar -----*- C++ -*-===//
//
// Part of circc.
//
//===----------------------------------------------------------------------===//
//
// Builds the deterministic LR(1) automaton the circuit's parser runs. The
// grammar is given in a neutral form (symbol ids), so this file knows
// nothing of MLIR.
//
//===----------------------------------------------------------------------===//

#ifndef CIRCC_LIB_CONVERSION_GRAMMARTOCIRCUIT_LRAUTOMATON_H
#define CIRCC_LIB_CONVERSION_GRAMMARTOCIRCUIT_LRAUTOMATON_H

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace circc::lr {

/// A right-hand-side symbol: a token (id in [0, numTokens)) or a
/// nonterminal (id in [0, numNonterminals)).
struct Symbol {
  bool isToken;
  unsigned id;
};

/// A precedence level (yacc's `%left`, `%right`, `%nonassoc`): higher
/// levels bind tighter; level 0 is none.
struct Precedence {
  enum Assoc : uint8_t { Left, Right, NonAssoc };
  unsigned level = 0;
  Assoc assoc = Left;
};

struct Production {
  unsigned lhs;
  std::vector<Symbol> rhs;
  /// The level given to the production itself (`%prec`); without one, it
  /// takes the level of its last token that has one.
  Precedence precedence;
};

/// A grammar without empty productions. Productions are numbered in order.
struct Grammar {
  unsigned numTokens = 0;
  unsigned numNonterminals = 0;
  unsigned start = 0;
  std::vector<Production> productions;
  /// Per token, its precedence level (empty or level 0: none). A
  /// shift/reduce conflict between a token and a production that both
  /// have a level goes to the higher; at one level, left reduces, right
  /// shifts and nonassoc makes the entry an error.
  std::vector<Precedence> tokenPrecedence;

  /// The level a production settles conflicts with.
  Precedence precedenceOf(const Production &production) const;
};

/// Parse tables in the encoding of `circuit.parser`: actions are
/// [state][token], with column numTokens for the end of input, and hold 0
/// (error), s + 1 (shift to s), -(p + 1) (reduce by p) or kAccept; gotos are
/// [state][nonterminal] and hold the next state or -1.
struct Tables {
  static constexpr int32_t kAccept = 2147483647;
  unsigned numStates = 0;
  std::vector<int32_t> actions;
  std::vector<int32_t> gotos;
};

/// Two actions that compete for one table entry.
struct Conflict {
  /// Tokens that lead from the start state to the conflicting state, with
  /// nonterminals on the path replaced by their shortest sentence.
  std::vector<unsigned> prefix;
  /// The lookahead token (numTokens for the end of input).
  unsigned lookahead;
  /// The two actions, each a shift (-1) or a production to reduce by.
  int64_t first, second;
  /// Instead of a conflict: the automaton grew past its state limit.
  bool tooManyStates = false;
};

/// Builds canonical LR(1) tables of at most `maxStates` states, or reports
/// the conflicts, each pair of actions on a token once and at most
/// `maxConflicts` of them (or that there would be more states, as the one
/// conflict with tooManyStates).
std::optional<Tables> buildTables(const Grammar &grammar, uint64_t maxStates,
                                  std::vector<Conflict> &conflicts,
                                  size_t maxConflicts = 1);

/// A sentence with two derivations, each its productions in leftmost
/// order (the prefix order of its tree).
struct Ambiguity {
  std::vector<unsigned> sentence;
  std::vector<unsigned> derivations[2];
};

/// Searches the sentences of at most `maxLength` tokens, shortest first, for
/// one with two different leftmost derivations that `accept` (when given)
/// takes, expanding at most `budget` sentential forms. An LR(1) conflict
/// does not prove ambiguity; a sentence found here does.
std::optional<Ambiguity> findAmbiguousSentence(
    const Grammar &grammar, unsigned maxLength, size_t budget,
    const std::function<bool(const Ambiguity &)> &accept = {});

} // namespace circc::lr

#endif // CIRCC_LIB_CONVERSION_GRAMMARTOCIRCUIT_LRAUTOMATON_H
