//===- FoldFrozenWeights.cpp - The circuit-fold-frozen-weights pass -------===//
//
// Part of circc.
//
//===----------------------------------------------------------------------===//

#include "circc/Dialect/Circuit/CircuitOps.h"
#include "circc/Dialect/Circuit/CircuitPasses.h"

namespace circc::circuit {
#define GEN_PASS_DEF_CIRCUITFOLDFROZENWEIGHTS
#include "circc/Dialect/Circuit/CircuitPasses.h.inc"
} // namespace circc::circuit

using namespace mlir;
using namespace circc::circuit;

namespace {
struct CircuitFoldFrozenWeightsPass
    : public circc::circuit::impl::CircuitFoldFrozenWeightsBase<
          CircuitFoldFrozenWeightsPass> {
  void runOnOperation() override {
    CircuitOp circuit = getOperation();
    SymbolTable symbols(circuit);
    SmallVector<GatherOp> gathers;
    circuit.walk([&](GatherOp gather) { gathers.push_back(gather); });
    for (GatherOp gather : gathers) {
      auto param = symbols.lookup<ParamOp>(gather.getTable());
      if (!param || !param.getFrozen())
        continue;
      OpBuilder builder(gather);
      auto constant =
          ConstantOp::create(builder, gather.getLoc(), gather.getType(),
                             param.decodeRow(gather.getRow()));
      gather.replaceAllUsesWith(constant.getResult());
      gather.erase();
    }
    // Then a frozen table applied to known symbols is a known symbol (in
    // order, so that folded applications feed later ones).
    int64_t numSymbols = circuit.getOutputs().size();
    SmallVector<ApplyOp> applies;
    circuit.walk([&](ApplyOp apply) { applies.push_back(apply); });
    for (ApplyOp apply : applies) {
      auto param = symbols.lookup<ParamOp>(apply.getTable());
      if (!param || !param.getFrozen())
        continue;
      int64_t row = 0;
      bool known = llvm::all_of(apply.getInputs(), [&](Value input) {
        auto constant = input.getDefiningOp<ConstantOp>();
        if (constant)
          row = row * numSymbols + constant.getSymbol();
        return bool(constant);
      });
      if (!known)
        continue;
      OpBuilder builder(apply);
      auto constant = ConstantOp::create(builder, apply.getLoc(), apply.getType(),
                                         param.decodeRow(row));
      apply.replaceAllUsesWith(constant.getResult());
      apply.erase();
    }
  }
};
} // namespace
