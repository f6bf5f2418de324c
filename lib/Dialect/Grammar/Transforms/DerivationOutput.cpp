//===- DerivationOutput.cpp - The grammar-derivation-output pass ----------===//
//
// Part of circc. A grammar whose output is its own derivations: one symbol
// per production, then the production's nonterminal children, in prefix
// order. circ-induce, `circc --parse` and derivation libraries compile it
// to read the parse of a command from the circuit itself.
//
//===----------------------------------------------------------------------===//

#include "circc/Dialect/Grammar/GrammarAnalysis.h"
#include "circc/Dialect/Grammar/GrammarOps.h"
#include "circc/Dialect/Grammar/GrammarPasses.h"

#include "mlir/IR/Builders.h"

namespace circc::grammar {
#define GEN_PASS_DEF_GRAMMARDERIVATIONOUTPUT
#include "circc/Dialect/Grammar/GrammarPasses.h.inc"
} // namespace circc::grammar

using namespace mlir;
using namespace circc::grammar;

namespace {
struct GrammarDerivationOutputPass
    : public circc::grammar::impl::GrammarDerivationOutputBase<
          GrammarDerivationOutputPass> {
  using Base::Base;

  void runOnOperation() override {
    if (maxInput < 1 || maxInput > GrammarOp::kMaxInputLimit) {
      getOperation().emitError()
          << "grammar-derivation-output: max-input must be 1 to "
          << GrammarOp::kMaxInputLimit << ", not " << int64_t(maxInput);
      return signalPassFailure();
    }
    getOperation().walk([&](GrammarOp grammar) { rewrite(grammar); });
  }

  /// The output symbol of a production: what it is, where it was written.
  static std::string describe(ProductionOp production, size_t index) {
    unsigned line = 0, column = 0;
    if (auto loc = dyn_cast<FileLineColLoc>(production.getLoc())) {
      line = loc.getLine();
      column = loc.getColumn();
    }
    return "@" + std::to_string(index) + " " + std::to_string(line) + ":" +
           std::to_string(column) + " " + production.describe();
  }

  void rewrite(GrammarOp grammar) {
    OpBuilder builder(grammar.getContext());
    // Its derivations grow with the input, which a recursive grammar
    // without an input bound does not bound.
    if (!grammar.getMaxInput() &&
        !GrammarAnalysis(grammar).findCycle(/*unitOnly=*/false).empty())
      grammar.setMaxInputAttr(builder.getI64IntegerAttr(maxInput));
    SmallVector<Attribute> outputs;
    for (NonterminalOp nonterminal : grammar.getNonterminals()) {
      for (ProductionOp production :
           nonterminal.getBody()->getOps<ProductionOp>()) {
        std::string symbol = describe(production, outputs.size());
        outputs.push_back(builder.getStringAttr(symbol));
        Block *body = production.getBody();
        body->clear();
        builder.setInsertionPointToEnd(body);
        Location loc = production.getLoc();
        EmitOp::create(builder, loc, symbol);
        for (auto [index, item] : llvm::enumerate(production.getRhs()))
          if (isa<FlatSymbolRefAttr>(item))
            ChildOp::create(builder, loc, index + 1);
      }
    }
    // Op tables read the old output symbols; nothing applies them now.
    for (TableOp table :
         llvm::make_early_inc_range(grammar.getBody()->getOps<TableOp>()))
      table.erase();
    // A token class's child still emits its word's own output symbol,
    // after the production symbols.
    llvm::append_range(outputs, grammar.getOutputs());
    grammar.setOutputsAttr(builder.getArrayAttr(outputs));
    // A derivation has its own length: the bound is derived again.
    grammar.removeMaxOutputAttr();
  }
};
} // namespace
