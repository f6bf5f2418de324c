//===- ShareWeights.cpp - The circuit-share-weights pass ------------------===//
//
// Part of circc.
//
//===----------------------------------------------------------------------===//

#include "circc/Dialect/Circuit/CircuitOps.h"
#include "circc/Dialect/Circuit/CircuitPasses.h"

#include "mlir/IR/AttrTypeSubElements.h"

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
    // Gathers and table applications alike, in one walk (a walk per
    // duplicate is quadratic in a grammar of many constant symbols).
    AttrTypeReplacer replacer;
    replacer.addReplacement(
        [&](SymbolRefAttr ref)
            -> std::optional<std::pair<Attribute, WalkResult>> {
          auto it = replacement.find(ref.getRootReference());
          if (it == replacement.end())
            return std::nullopt;
          return std::pair<Attribute, WalkResult>(
              SymbolRefAttr::get(it->second, ref.getNestedReferences()),
              WalkResult::skip());
        });
    for (ParamOp duplicate : duplicates)
      duplicate.erase();
    circuit.getBodyRegion().walk(
        [&](Operation *op) { replacer.replaceElementsIn(op); });
  }
};
} // namespace
