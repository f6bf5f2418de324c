//===- GrammarAnalysis.h - Facts about a grammar's nonterminals -*- C++ -*-===//
//
// Part of circc.
//
//===----------------------------------------------------------------------===//
//
// Reachability, productivity, recursion and length bounds of a grammar. The
// grammar verifier and the statistics pass both build on these.
//
//===----------------------------------------------------------------------===//

#ifndef CIRCC_DIALECT_GRAMMAR_GRAMMARANALYSIS_H
#define CIRCC_DIALECT_GRAMMAR_GRAMMARANALYSIS_H

#include "circc/Dialect/Grammar/GrammarOps.h"

#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"

#include <optional>

namespace llvm {
class raw_ostream;
} // namespace llvm

namespace circc::grammar {

/// Longest input and output, and number of derivations, of one nonterminal
/// of a finite (non-recursive) grammar.
struct FiniteBounds {
  uint64_t maxInput = 0;
  uint64_t maxOutput = 0;
  /// Distinct derivations; saturates at UINT64_MAX.
  uint64_t derivations = 0;
};

/// The longest output of each nonterminal and production over all inputs of
/// at most a given length; -1 where no such input exists.
struct OutputBounds {
  llvm::SmallVector<int64_t> nonterminals;
  /// Indexed like the productions in walk order: nonterminals in order,
  /// each one's productions in order.
  llvm::SmallVector<int64_t> productions;
  /// For each span length 0..maxInput, the longest output of any
  /// nonterminal (or, for one token, a token class) over exactly that many
  /// tokens (-1: none): what one entry of a parser's stack can hold.
  llvm::SmallVector<int64_t> bySpan;
};

/// The shortest and longest output of a nonterminal, counted up to a cap
/// (2 unless asked): a value of the cap means "that many or more".
struct LengthRange {
  uint64_t min = 2, max = 0;
};

/// Nonterminal-level view of a grammar. Nonterminals are numbered in the
/// order they are written; references to undefined nonterminals are ignored
/// (the production verifier reports them).
class GrammarAnalysis {
public:
  explicit GrammarAnalysis(GrammarOp grammar);

  unsigned getNumNonterminals() const { return nonterminals.size(); }
  NonterminalOp getNonterminal(unsigned index) const {
    return nonterminals[index];
  }
  /// The index of the nonterminal named `name`, if it is defined.
  std::optional<unsigned> lookup(llvm::StringRef name) const;
  /// Whether `name` is a token class rather than a nonterminal; a class
  /// reads one token and, placed, outputs one symbol.
  bool isClass(llvm::StringRef name) const { return classSizes.count(name); }
  /// Whether right-hand-side position `position` (1-based) of `production`
  /// names a token class.
  bool isClassChild(ProductionOp production, int64_t position) const;
  /// The indices of the nonterminal children of `production`, in order.
  llvm::SmallVector<unsigned> getChildren(ProductionOp production) const;

  /// Nonterminals reachable from the start nonterminal.
  llvm::BitVector computeReachable() const;
  /// Nonterminals that derive at least one sentence.
  llvm::BitVector computeProductive() const;
  /// A cycle of nonterminals each deriving a form that contains the next;
  /// `unitOnly` restricts it to productions whose right-hand side is a lone
  /// nonterminal. Empty if there is none.
  llvm::SmallVector<unsigned> findCycle(bool unitOnly) const;
  /// Bounds for each nonterminal; none if the grammar is recursive.
  std::optional<llvm::SmallVector<FiniteBounds>> computeFiniteBounds() const;
  /// The shortest and longest output of each nonterminal over all its
  /// sentences, counted up to 2 (enough to tell "exactly one symbol").
  llvm::SmallVector<LengthRange> computeLengthRanges(uint64_t cap = 2) const;
  /// The longest outputs over inputs of at most `maxInput` tokens, for any
  /// grammar without unit cycles (which the verifier guarantees).
  OutputBounds computeOutputBounds(uint64_t maxInput) const;

private:
  void addClassTokens(OutputBounds &bounds) const;

  mutable GrammarOp grammar;
  // Op handles are values; `mutable` lets const queries hand them out.
  mutable llvm::SmallVector<NonterminalOp> nonterminals;
  llvm::StringMap<unsigned> indexByName;
  /// Each token class's number of tokens.
  llvm::StringMap<uint64_t> classSizes;
};

/// Output length of a template block given its children's output lengths
/// (indexed by 1-based right-hand-side position). Saturates at UINT64_MAX.
uint64_t getTemplateLength(mlir::Block &body,
                           llvm::function_ref<uint64_t(int64_t)> childLength);

/// Writes the summary that `grammar-print-stats` and `circc --stats` print.
void printGrammarStats(GrammarOp grammar, llvm::raw_ostream &os);

} // namespace circc::grammar

#endif // CIRCC_DIALECT_GRAMMAR_GRAMMARANALYSIS_H
