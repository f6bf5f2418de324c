//===- GrammarAnalysis.cpp - Facts about a grammar's nonterminals ---------===//
//
// Part of circc.
//
//===----------------------------------------------------------------------===//

#include "circc/Dialect/Grammar/GrammarAnalysis.h"

#include "llvm/Support/MathExtras.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace circc::grammar;

GrammarAnalysis::GrammarAnalysis(GrammarOp grammar) : grammar(grammar) {
  for (NonterminalOp nonterminal : grammar.getNonterminals()) {
    indexByName.try_emplace(nonterminal.getSymName(), nonterminals.size());
    nonterminals.push_back(nonterminal);
  }
}

std::optional<unsigned> GrammarAnalysis::lookup(StringRef name) const {
  auto it = indexByName.find(name);
  if (it == indexByName.end())
    return std::nullopt;
  return it->second;
}

SmallVector<unsigned> GrammarAnalysis::getChildren(ProductionOp production) const {
  SmallVector<unsigned> children;
  for (Attribute symbol : production.getRhs())
    if (auto ref = dyn_cast<FlatSymbolRefAttr>(symbol))
      if (std::optional<unsigned> index = lookup(ref.getValue()))
        children.push_back(*index);
  return children;
}

llvm::BitVector GrammarAnalysis::computeReachable() const {
  llvm::BitVector reachable(nonterminals.size());
  SmallVector<unsigned> worklist;
  if (std::optional<unsigned> start = lookup(grammar.getStart())) {
    reachable.set(*start);
    worklist.push_back(*start);
  }
  while (!worklist.empty()) {
    unsigned current = worklist.pop_back_val();
    for (ProductionOp production : nonterminals[current].getProductions())
      for (unsigned child : getChildren(production))
        if (!reachable.test(child)) {
          reachable.set(child);
          worklist.push_back(child);
        }
  }
  return reachable;
}

llvm::BitVector GrammarAnalysis::computeProductive() const {
  llvm::BitVector productive(nonterminals.size());
  for (bool changed = true; changed;) {
    changed = false;
    for (auto [index, nonterminal] : llvm::enumerate(nonterminals)) {
      if (productive.test(index))
        continue;
      for (ProductionOp production : nonterminal.getProductions()) {
        // An undefined child is never productive.
        unsigned numRefs = llvm::count_if(production.getRhs(), [](Attribute a) {
          return isa<FlatSymbolRefAttr>(a);
        });
        SmallVector<unsigned> children = getChildren(production);
        if (children.size() == numRefs &&
            llvm::all_of(children,
                         [&](unsigned c) { return productive.test(c); })) {
          productive.set(index);
          changed = true;
          break;
        }
      }
    }
  }
  return productive;
}

SmallVector<unsigned> GrammarAnalysis::findCycle(bool unitOnly) const {
  size_t n = nonterminals.size();
  SmallVector<SmallVector<unsigned>> successors(n);
  for (auto [index, nonterminal] : llvm::enumerate(nonterminals))
    for (ProductionOp production : nonterminal.getProductions())
      if (!unitOnly || production.getRhs().size() == 1)
        llvm::append_range(successors[index], getChildren(production));

  // Iterative depth-first search; a back edge closes a cycle.
  enum class Mark { Unvisited, OnStack, Done };
  SmallVector<Mark> marks(n, Mark::Unvisited);
  for (unsigned root = 0; root < n; ++root) {
    if (marks[root] != Mark::Unvisited)
      continue;
    SmallVector<std::pair<unsigned, unsigned>> stack = {{root, 0}};
    marks[root] = Mark::OnStack;
    while (!stack.empty()) {
      auto &[node, next] = stack.back();
      if (next == successors[node].size()) {
        marks[node] = Mark::Done;
        stack.pop_back();
        continue;
      }
      unsigned succ = successors[node][next++];
      if (marks[succ] == Mark::OnStack) {
        SmallVector<unsigned> cycle;
        auto it = llvm::find_if(stack, [&](auto &f) { return f.first == succ; });
        for (; it != stack.end(); ++it)
          cycle.push_back(it->first);
        return cycle;
      }
      if (marks[succ] == Mark::Unvisited) {
        marks[succ] = Mark::OnStack;
        stack.push_back({succ, 0});
      }
    }
  }
  return {};
}

uint64_t circc::grammar::getTemplateLength(
    Block &body, llvm::function_ref<uint64_t(int64_t)> childLength) {
  uint64_t length = 0;
  for (Operation &op : body) {
    uint64_t item = 0;
    if (auto child = dyn_cast<ChildOp>(op))
      item = childLength(child.getIndex());
    else if (isa<EmitOp, LearnedOp>(op))
      item = 1;
    else if (auto repeat = dyn_cast<RepeatOp>(op))
      item = llvm::SaturatingMultiply(
          static_cast<uint64_t>(repeat.getCount()),
          getTemplateLength(*repeat.getBody(), childLength));
    length = llvm::SaturatingAdd(length, item);
  }
  return length;
}

std::optional<SmallVector<FiniteBounds>>
GrammarAnalysis::computeFiniteBounds() const {
  if (!findCycle(/*unitOnly=*/false).empty())
    return std::nullopt;
  // Without recursion, memoised recursion over nonterminals terminates.
  SmallVector<std::optional<FiniteBounds>> memo(nonterminals.size());
  std::function<FiniteBounds(unsigned)> compute = [&](unsigned index) {
    if (memo[index])
      return *memo[index];
    FiniteBounds bounds;
    for (ProductionOp production : nonterminals[index].getProductions()) {
      uint64_t input = 0, derivations = 1;
      SmallVector<FiniteBounds> childBounds(production.getRhs().size());
      for (auto [pos, symbol] : llvm::enumerate(production.getRhs())) {
        auto ref = dyn_cast<FlatSymbolRefAttr>(symbol);
        if (!ref) {
          input = llvm::SaturatingAdd(input, uint64_t(1));
          continue;
        }
        std::optional<unsigned> child = lookup(ref.getValue());
        if (!child) {
          derivations = 0;
          continue;
        }
        childBounds[pos] = compute(*child);
        input = llvm::SaturatingAdd(input, childBounds[pos].maxInput);
        derivations =
            llvm::SaturatingMultiply(derivations, childBounds[pos].derivations);
      }
      uint64_t output =
          getTemplateLength(*production.getBody(), [&](int64_t childIndex) {
            return childIndex >= 1 &&
                           childIndex <= static_cast<int64_t>(childBounds.size())
                       ? childBounds[childIndex - 1].maxOutput
                       : uint64_t(0);
          });
      bounds.maxInput = std::max(bounds.maxInput, input);
      bounds.maxOutput = std::max(bounds.maxOutput, output);
      bounds.derivations = llvm::SaturatingAdd(bounds.derivations, derivations);
    }
    memo[index] = bounds;
    return bounds;
  };
  SmallVector<FiniteBounds> result;
  for (unsigned index = 0; index < nonterminals.size(); ++index)
    result.push_back(compute(index));
  return result;
}

void circc::grammar::printGrammarStats(GrammarOp grammar, raw_ostream &os) {
  GrammarAnalysis analysis(grammar);
  unsigned numProductions = 0, numLearned = 0;
  for (unsigned index = 0; index < analysis.getNumNonterminals(); ++index)
    numProductions +=
        llvm::range_size(analysis.getNonterminal(index).getProductions());
  grammar.walk([&](LearnedOp) { ++numLearned; });

  os << "grammar @" << grammar.getSymName() << ": "
     << analysis.getNumNonterminals() << " nonterminals, "
     << numProductions << " productions, " << grammar.getTokens().size()
     << " tokens, " << grammar.getOutputs().size() << " outputs, "
     << numLearned << " learnable\n";

  std::optional<unsigned> start = analysis.lookup(grammar.getStart());
  std::optional<SmallVector<FiniteBounds>> bounds =
      analysis.computeFiniteBounds();
  if (!start) {
    os << "  language: undefined start nonterminal\n";
  } else if (bounds) {
    const FiniteBounds &top = (*bounds)[*start];
    os << "  language: finite, ";
    if (top.derivations == UINT64_MAX)
      os << "more than 2^64";
    else
      os << top.derivations;
    os << " derivations, inputs <= " << top.maxInput
       << " tokens, outputs <= " << top.maxOutput << " symbols\n";
  } else {
    os << "  language: recursive, inputs <= ";
    if (std::optional<uint64_t> maxInput = grammar.getMaxInput())
      os << *maxInput << " tokens (declared)\n";
    else
      os << "unbounded\n";
  }
}
