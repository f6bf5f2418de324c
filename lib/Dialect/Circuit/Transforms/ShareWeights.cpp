//===- ShareWeights.cpp - The circuit-share-weights pass ------------------===//
//
// Part of circc.
//
//===----------------------------------------------------------------------===//

#include "circc/Dialect/Circuit/CircuitOps.h"
#include "circc/Dialect/Circuit/CircuitPasses.h"

#include "llvm/ADT/DenseMap.h"

namespace circc::circuit {
#define GEN_PASS_DEF_CIRCUITSHAREWEIGHTS
#include "circc/Dialect/Circuit/CircuitPasses.h.inc"
} // namespace circc::circuit

using namespace mlir;
using namespace circc::circuit;

namespace {
struct CircuitShareWeightsPass
    : public circc::circuit::impl::CircuitShareWeightsBase<
          CircuitShareWeightsPass> {
  void runOnOperation() override {
    CircuitOp circuit = getOperation();
    // Elements attributes are uniqued, so equal tables share one attribute.
    llvm::DenseMap<Attribute, StringAttr> canonical;
    llvm::DenseMap<StringAttr, StringAttr> replacement;
    SmallVector<ParamOp> duplicates;
    for (ParamOp param : circuit.getParams()) {
      if (!param.getFrozen())
        continue;
      auto [it, inserted] =
          canonical.try_emplace(param.getValue(), param.getSymNameAttr());
      if (inserted)
        continue;
      replacement[param.getSymNameAttr()] = it->second;
      duplicates.push_back(param);
    }
    if (duplicates.empty()) {
      markAllAnalysesPreserved();
      return;
    }
    // Gathers and table applications alike.
    for (ParamOp duplicate : duplicates) {
      if (failed(SymbolTable::replaceAllSymbolUses(
              duplicate.getSymNameAttr(),
              replacement[duplicate.getSymNameAttr()], &circuit.getBodyRegion())))
        return signalPassFailure();
      duplicate.erase();
    }
  }
};
} // namespace
