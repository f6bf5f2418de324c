//===- EliminateDeadRoutes.cpp - The circuit-eliminate-dead-routes pass ---===//
//
// Part of circc.
//
//===----------------------------------------------------------------------===//

#include "circc/Dialect/Circuit/CircuitOps.h"
#include "circc/Dialect/Circuit/CircuitPasses.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace circc::circuit {
#define GEN_PASS_DEF_CIRCUITELIMINATEDEADROUTES
#include "circc/Dialect/Circuit/CircuitPasses.h.inc"
} // namespace circc::circuit

using namespace mlir;
using namespace circc::circuit;

static bool isEmptySeq(Value value) {
  return cast<SeqType>(value.getType()).getMaxLength() == 0;
}

namespace {
/// concat(a, <empty>, b) -> concat(a, b); concat(a) -> a; concat() -> empty.
struct DropEmptyConcatOperands : OpRewritePattern<ConcatOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ConcatOp op,
                                PatternRewriter &rewriter) const override {
    SmallVector<Value> inputs;
    for (Value input : op.getInputs())
      if (!isEmptySeq(input))
        inputs.push_back(input);
    if (inputs.size() == 1) {
      rewriter.replaceOp(op, inputs.front());
      return success();
    }
    if (inputs.empty()) {
      rewriter.replaceOpWithNewOp<EmptyOp>(op, op.getType());
      return success();
    }
    if (inputs.size() == op.getInputs().size())
      return failure();
    rewriter.replaceOpWithNewOp<ConcatOp>(op, op.getType(), inputs);
    return success();
  }
};

/// repeat(a x 1) -> a; repeat(<empty> x k) -> empty (by a count too).
struct SimplifyRepeat : OpRewritePattern<RepeatOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(RepeatOp op,
                                PatternRewriter &rewriter) const override {
    if (op.getCount() == 1 && !op.getBy()) {
      rewriter.replaceOp(op, op.getInput());
      return success();
    }
    if (isEmptySeq(op.getInput())) {
      rewriter.replaceOpWithNewOp<EmptyOp>(op, op.getType());
      return success();
    }
    return failure();
  }
};

struct CircuitEliminateDeadRoutesPass
    : public circc::circuit::impl::CircuitEliminateDeadRoutesBase<
          CircuitEliminateDeadRoutesPass> {
  void runOnOperation() override {
    CircuitOp circuit = getOperation();
    RewritePatternSet patterns(&getContext());
    patterns.add<DropEmptyConcatOperands, SimplifyRepeat>(&getContext());
    // The greedy driver also erases routing values nothing uses.
    if (failed(applyPatternsGreedily(circuit, std::move(patterns))))
      return signalPassFailure();

    // Tables nothing gathers from or applies.
    for (ParamOp param : llvm::make_early_inc_range(circuit.getParams()))
      if (SymbolTable::symbolKnownUseEmpty(param.getSymNameAttr(), &circuit.getBodyRegion()))
        param.erase();
  }
};
} // namespace
