//===- PrintStats.cpp - The grammar-print-stats pass ----------------------===//
//
// Part of circc.
//
//===----------------------------------------------------------------------===//

#include "circc/Dialect/Grammar/GrammarAnalysis.h"
#include "circc/Dialect/Grammar/GrammarOps.h"
#include "circc/Dialect/Grammar/GrammarPasses.h"

#include "llvm/Support/raw_ostream.h"

namespace circc::grammar {
#define GEN_PASS_DEF_GRAMMARPRINTSTATS
#include "circc/Dialect/Grammar/GrammarPasses.h.inc"
} // namespace circc::grammar

using namespace mlir;
using namespace circc::grammar;

namespace {
struct GrammarPrintStatsPass
    : public circc::grammar::impl::GrammarPrintStatsBase<GrammarPrintStatsPass> {
  void runOnOperation() override {
    getOperation().walk(
        [](GrammarOp grammar) { printGrammarStats(grammar, llvm::errs()); });
    markAllAnalysesPreserved();
  }
};
} // namespace
