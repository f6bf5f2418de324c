//===- ApproximateExp.cpp - f32 exponentials without libm -----------------===//
//
// Part of circc. Upstream's polynomial approximation of math.exp, applied to
// the exponentials alone: a vector's lanes stay vector arithmetic rather than
// one expf call each, and a scalar computes the same arithmetic.
//
//===----------------------------------------------------------------------===//

#include "circc/Transforms/Passes.h"

#include "mlir/Dialect/Math/Transforms/Approximation.h"
#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace circc {
#define GEN_PASS_DEF_APPROXIMATEEXP
#include "circc/Transforms/Passes.h.inc"
} // namespace circc

using namespace mlir;

namespace {

struct ApproximateExpPass
    : public circc::impl::ApproximateExpBase<ApproximateExpPass> {
  void runOnOperation() override {
    SmallVector<Operation *> exps;
    getOperation().walk([&](math::ExpOp op) {
      if (getElementTypeOrSelf(op.getType()).isF32())
        exps.push_back(op);
    });
    if (exps.empty())
      return;
    RewritePatternSet patterns(&getContext());
    populateMathPolynomialApproximationPatterns(
        patterns, [](StringRef name) {
          return name == math::ExpOp::getOperationName();
        });
    // Only the exponentials and what their rewrites create: a module-wide
    // greedy rewrite would also fold the models' weight constants.
    GreedyRewriteConfig config;
    config.setStrictness(GreedyRewriteStrictness::ExistingAndNewOps);
    config.enableFolding(false);
    if (failed(applyOpPatternsGreedily(exps, std::move(patterns), config)))
      return signalPassFailure();
  }
};

} // namespace
