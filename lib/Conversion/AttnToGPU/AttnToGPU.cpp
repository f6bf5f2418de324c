//===- AttnToGPU.cpp - A GPU kernel decoding a batch of commands ----------===//
//
// Part of circc. The same kernel as convert-circuit-to-gpu's, for a model:
// one thread per command, each running the greedy decoder that
// convert-attn-to-standard emits for the CPU (emitModelRun), with its
// buffers in the thread's local memory and the weights as globals of the
// GPU module. The model is left in place for the host lowering.
//
//===----------------------------------------------------------------------===//

#include "circc/Conversion/AttnToGPU.h"
#include "circc/Conversion/AttnToStandard.h"
#include "circc/Conversion/RuntimeABI.h"

#include "mlir/IR/ImplicitLocOpBuilder.h"

namespace circc {
#define GEN_PASS_DEF_CONVERTATTNTOGPU
#include "circc/Conversion/Passes.h.inc"
} // namespace circc

using namespace mlir;
using namespace circc;

static LogicalResult buildModelKernel(attn::GreedyDecoderOp model) {
  ImplicitLocOpBuilder b(model.getLoc(), model.getContext());
  int64_t maxInput = model.getMaxSource(), maxOutput = model.getMaxTarget() - 1;
  int64_t vocabulary = model.getTargetTokens().size();
  return buildBatchKernel(
      b, model, maxInput, maxOutput, /*learnedRows=*/1,
      [&](const BatchCommand &command) -> FailureOr<Value> {
        Value logits;
        {
          OpBuilder::InsertionGuard guard(b);
          b.setInsertionPoint(command.marker);
          logits = memref::AllocaOp::create(
              b, MemRefType::get({maxOutput, vocabulary}, b.getF32Type()));
        }
        // Weights go before the kernel: the first op of the GPU module.
        Operation *kernel = &command.gpuModule->getRegion(0).front().front();
        return emitModelRun(
            b, model, command.marker, kernel, command.tokens, command.count,
            command.out, arith::ConstantIntOp::create(b, b.getI32Type(), maxOutput),
            command.length, logits, /*forDevice=*/true);
      });
}

namespace {
struct ConvertAttnToGPUPass
    : public circc::impl::ConvertAttnToGPUBase<ConvertAttnToGPUPass> {
  void runOnOperation() override {
    for (attn::GreedyDecoderOp model : llvm::make_early_inc_range(
             getOperation().getOps<attn::GreedyDecoderOp>()))
      if (failed(buildModelKernel(model)))
        return signalPassFailure();
  }
};
} // namespace
