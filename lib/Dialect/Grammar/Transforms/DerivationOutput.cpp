//===- DerivationOutput.cpp - The grammar-derivation-output pass ----------===//
//
// Part of circc. A grammar whose output is its own derivations: one symbol
// per production, then the production's nonterminal children, in prefix
// order. circ-induce compiles it to read the parse of every training
// command from the circuit itself.
//
//===----------------------------------------------------------------------===//

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
  void runOnOperation() override {
    getOperation().walk([](GrammarOp grammar) { rewrite(grammar); });
  }

  static void rewrite(GrammarOp grammar) {
    OpBuilder builder(grammar.getContext());
    SmallVector<Attribute> outputs;
    for (NonterminalOp nonterminal : grammar.getNonterminals()) {
      for (ProductionOp production :
           nonterminal.getBody()->getOps<ProductionOp>()) {
        std::string symbol = "@" + std::to_string(outputs.size());
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
