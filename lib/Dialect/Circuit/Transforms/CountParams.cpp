//===- CountParams.cpp - The circuit-count-params pass --------------------===//
//
// Part of circc.
//
//===----------------------------------------------------------------------===//

#include "circc/Dialect/Circuit/CircuitOps.h"
#include "circc/Dialect/Circuit/CircuitPasses.h"

#include "llvm/Support/raw_ostream.h"

namespace circc::circuit {
#define GEN_PASS_DEF_CIRCUITCOUNTPARAMS
#include "circc/Dialect/Circuit/CircuitPasses.h.inc"
} // namespace circc::circuit

using namespace mlir;
using namespace circc::circuit;

namespace {
struct CircuitCountParamsPass
    : public circc::circuit::impl::CircuitCountParamsBase<
          CircuitCountParamsPass> {
  using CircuitCountParamsBase::CircuitCountParamsBase;

  void runOnOperation() override {
    CircuitOp circuit = getOperation();
    uint64_t frozen = 0, learnable = 0, tables = 0;
    for (ParamOp param : circuit.getParams()) {
      ++tables;
      (param.getFrozen() ? frozen : learnable) +=
          param.getValue().getNumElements();
    }
    circuit.setParamCount(frozen + learnable);
    if (!quiet)
      llvm::errs() << "circuit @" << circuit.getSymName() << ": "
                   << frozen + learnable << " parameters in " << tables
                   << " tables (" << frozen << " frozen, " << learnable
                   << " learnable)\n";
    markAllAnalysesPreserved();
  }
};
} // namespace
