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
  }
};
} // namespace
