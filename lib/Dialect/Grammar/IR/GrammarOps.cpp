//===- GrammarOps.cpp - Grammar dialect operations ------------------------===//
//
// Part of circc.
//
//===----------------------------------------------------------------------===//

#include "circc/Dialect/Grammar/GrammarOps.h"
#include "circc/Dialect/Grammar/GrammarAnalysis.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"

using namespace mlir;
using namespace circc::grammar;

//===----------------------------------------------------------------------===//
// GrammarOp
//===----------------------------------------------------------------------===//

NonterminalOp GrammarOp::lookupNonterminal(StringRef name) {
  return dyn_cast_or_null<NonterminalOp>(mlir::SymbolTable::lookupSymbolIn(
      getOperation(), StringAttr::get(getContext(), name)));
}

static bool containsString(ArrayAttr array, StringRef value) {
  return llvm::any_of(array.getAsValueRange<StringAttr>(),
                      [&](StringRef entry) { return entry == value; });
}

bool GrammarOp::hasToken(StringRef token) {
  return containsString(getTokens(), token);
}

bool GrammarOp::hasOutput(StringRef symbol) {
  return containsString(getOutputs(), symbol);
}

/// Reports the first entry of `array` that is empty or repeated.
static LogicalResult verifyVocabulary(Operation *op, ArrayAttr array,
                                      StringRef kind) {
  llvm::StringSet<> seen;
  for (StringRef entry : array.getAsValueRange<StringAttr>()) {
    if (entry.empty())
      return op->emitOpError() << "declares an empty " << kind;
    if (!seen.insert(entry).second)
      return op->emitOpError()
             << "declares the " << kind << " \"" << entry << "\" twice";
  }
  return success();
}

LogicalResult GrammarOp::verify() {
  if (failed(verifyVocabulary(*this, getTokens(), "token")) ||
      failed(verifyVocabulary(*this, getOutputs(), "output symbol")))
    return failure();
  return success();
}

/// Renders a cycle of nonterminals as `a -> b -> a`.
static std::string describeCycle(const GrammarAnalysis &analysis,
                                 ArrayRef<unsigned> cycle) {
  std::string text;
  for (unsigned index : cycle)
    text += analysis.getNonterminal(index).getSymName().str() + " -> ";
  text += analysis.getNonterminal(cycle.front()).getSymName().str();
  return text;
}

LogicalResult GrammarOp::verifyRegions() {
  GrammarAnalysis analysis(*this);
  if (!analysis.lookup(getStart()))
    return emitOpError() << "start nonterminal '" << getStart()
                         << "' is not defined";

  bool ok = true;
  llvm::BitVector reachable = analysis.computeReachable();
  llvm::BitVector productive = analysis.computeProductive();
  for (unsigned index = 0, e = analysis.getNumNonterminals(); index < e;
       ++index) {
    NonterminalOp nonterminal = analysis.getNonterminal(index);
    if (!reachable.test(index)) {
      nonterminal.emitError()
          << "nonterminal '" << nonterminal.getSymName()
          << "' is unreachable from the start nonterminal '" << getStart()
          << "'";
      ok = false;
    } else if (!productive.test(index)) {
      nonterminal.emitError()
          << "nonterminal '" << nonterminal.getSymName()
          << "' is non-productive: it derives no sentence made of tokens";
      ok = false;
    }
  }
  if (!ok)
    return failure();

  // A chain of single-nonterminal productions that loops derives the same
  // input in unboundedly many ways, and unboundedly long outputs with them.
  SmallVector<unsigned> cycle = analysis.findCycle(/*unitOnly=*/true);
  if (!cycle.empty()) {
    NonterminalOp head = analysis.getNonterminal(cycle.front());
    return head.emitError()
           << "nonterminal '" << head.getSymName() << "' derives itself without consuming input ("
           << describeCycle(analysis, cycle)
           << "), so its output length is unbounded";
  }

  if (getMaxInput())
    return success();
  cycle = analysis.findCycle(/*unitOnly=*/false);
  if (cycle.empty())
    return success();
  NonterminalOp head = analysis.getNonterminal(cycle.front());
  return head.emitError()
         << "nonterminal '" << head.getSymName() << "' is recursive ("
         << describeCycle(analysis, cycle)
         << "), so the output length is unbounded; declare the longest "
            "input with 'max input N;'";
}

//===----------------------------------------------------------------------===//
// NonterminalOp
//===----------------------------------------------------------------------===//

LogicalResult NonterminalOp::verifyRegions() {
  llvm::DenseMap<ArrayAttr, ProductionOp> seen;
  for (ProductionOp production : getProductions()) {
    auto [it, inserted] = seen.try_emplace(production.getRhs(), production);
    if (inserted)
      continue;
    InFlightDiagnostic diag = production.emitError()
                              << "duplicate production '"
                              << production.describe() << "'";
    diag.attachNote(it->second.getLoc()) << "first defined here";
    return diag;
  }
  return success();
}

//===----------------------------------------------------------------------===//
// ProductionOp
//===----------------------------------------------------------------------===//

NonterminalOp ProductionOp::getNonterminal() {
  return dyn_cast_or_null<NonterminalOp>((*this)->getParentOp());
}

GrammarOp ProductionOp::getGrammar() {
  return (*this)->getParentOfType<GrammarOp>();
}

FlatSymbolRefAttr ProductionOp::getChildSymbol(int64_t index) {
  if (index < 1 || index > static_cast<int64_t>(getRhs().size()))
    return {};
  return dyn_cast<FlatSymbolRefAttr>(getRhs()[index - 1]);
}

std::string ProductionOp::describe() {
  NonterminalOp nonterminal = getNonterminal();
  std::string text =
      (nonterminal ? nonterminal.getSymName().str() : std::string("?")) +
      " ->";
  for (Attribute symbol : getRhs()) {
    if (auto ref = dyn_cast<FlatSymbolRefAttr>(symbol))
      text += " " + ref.getValue().str();
    else if (auto token = dyn_cast<StringAttr>(symbol))
      text += " \"" + token.getValue().str() + "\"";
  }
  return text;
}

LogicalResult ProductionOp::verify() {
  if (getRhs().empty())
    return emitOpError() << "has an empty right-hand side";
  GrammarOp grammar = getGrammar();
  if (!grammar)
    return success(); // The HasParent trait reports the misplaced op.
  for (Attribute symbol : getRhs()) {
    if (auto ref = dyn_cast<FlatSymbolRefAttr>(symbol)) {
      if (!grammar.lookupNonterminal(ref.getValue()))
        return emitError() << "unknown nonterminal '" << ref.getValue()
                           << "'";
      continue;
    }
    auto token = dyn_cast<StringAttr>(symbol);
    if (!token)
      return emitOpError() << "right-hand side entries must be nonterminal "
                              "references or token strings, found "
                           << symbol;
    if (!grammar.hasToken(token.getValue()))
      return emitError() << "unknown token \"" << token.getValue()
                         << "\"; declare it in the grammar's tokens";
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Template ops
//===----------------------------------------------------------------------===//

/// The production whose template holds `op`.
static ProductionOp getEnclosingProduction(Operation *op) {
  return op->getParentOfType<ProductionOp>();
}

ProductionOp RepeatOp::getProduction() {
  return getEnclosingProduction(*this);
}

LogicalResult ChildOp::verify() {
  ProductionOp production = getEnclosingProduction(*this);
  if (!production)
    return success(); // The ParentOneOf trait reports the misplaced op.
  int64_t index = getIndex();
  int64_t size = production.getRhs().size();
  if (index > size)
    return emitError() << "template refers to missing child $" << index
                       << "; the production '" << production.describe()
                       << "' has " << size
                       << (size == 1 ? " symbol" : " symbols");
  if (!production.getChildSymbol(index))
    return emitError() << "template refers to $" << index
                       << ", which is the token "
                       << production.getRhs()[index - 1]
                       << ", not a nonterminal";
  return success();
}

LogicalResult EmitOp::verify() {
  GrammarOp grammar = (*this)->getParentOfType<GrammarOp>();
  if (grammar && !grammar.hasOutput(getSymbol()))
    return emitError() << "undefined output symbol '" << getSymbol()
                       << "'; declare it in the grammar's outputs";
  return success();
}

#define GET_OP_CLASSES
#include "circc/Dialect/Grammar/GrammarOps.cpp.inc"
