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

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"

namespace circc {
#define GEN_PASS_DEF_CONVERTATTNTOGPU
#include "circc/Conversion/Passes.h.inc"
} // namespace circc

using namespace mlir;
using namespace circc;

static LogicalResult buildModelKernel(attn::GreedyDecoderOp model) {
  auto module = model->getParentOfType<ModuleOp>();
  MLIRContext *context = model.getContext();
  module->setAttr(gpu::GPUDialect::getContainerModuleAttrName(),
                  UnitAttr::get(context));
  ImplicitLocOpBuilder b(model.getLoc(), context);
  b.setInsertionPoint(model);
  auto gpuModule = gpu::GPUModuleOp::create(b, kGPUModuleName);
  b.setInsertionPointToStart(gpuModule.getBody());

  auto i32 = b.getI32Type();
  auto buffer = MemRefType::get({ShapedType::kDynamic}, i32);
  auto kernelType = b.getFunctionType(
      {buffer, buffer, buffer, buffer, buffer, buffer, i32}, {});
  auto kernel = gpu::GPUFuncOp::create(b, kBatchKernelName, kernelType);
  kernel->setAttr(gpu::GPUDialect::getKernelFuncAttrName(), b.getUnitAttr());
  Block &entry = kernel.getBody().front();
  b.setInsertionPointToStart(&entry);
  Value tokens = entry.getArgument(0), counts = entry.getArgument(1),
        out = entry.getArgument(2), lengths = entry.getArgument(3),
        statuses = entry.getArgument(4), n = entry.getArgument(6);
  Operation *marker = arith::ConstantIndexOp::create(b, 0);

  int64_t maxInput = model.getMaxSource(), maxOutput = model.getMaxTarget() - 1;
  int64_t vocabulary = model.getTargetTokens().size();
  Value logits = memref::AllocaOp::create(
      b, MemRefType::get({maxOutput, vocabulary}, b.getF32Type()));

  Value block = gpu::BlockIdOp::create(b, gpu::Dimension::x);
  Value width = gpu::BlockDimOp::create(b, gpu::Dimension::x);
  Value thread = gpu::ThreadIdOp::create(b, gpu::Dimension::x);
  Value index = arith::AddIOp::create(
      b, arith::MulIOp::create(b, block, width), thread);
  Value inBatch = arith::CmpIOp::create(
      b, arith::CmpIPredicate::ult, index,
      arith::IndexCastOp::create(b, b.getIndexType(), n));
  auto guard = scf::IfOp::create(b, inBatch, /*withElse=*/false);
  b.setInsertionPointToStart(guard.thenBlock());
  auto at = [&](int64_t stride) -> Value {
    return arith::MulIOp::create(b, index,
                                 arith::ConstantIndexOp::create(b, stride));
  };
  FailureOr<Value> status = emitModelRun(
      b, model, marker, kernel, sliceBatch(b, tokens, at(maxInput), maxInput),
      memref::LoadOp::create(b, counts, index),
      sliceBatch(b, out, at(maxOutput), maxOutput),
      arith::ConstantIntOp::create(b, i32, maxOutput),
      sliceBatch(b, lengths, index, 1), logits, /*forDevice=*/true);
  if (failed(status))
    return failure();
  memref::StoreOp::create(b, *status, statuses, index);
  b.setInsertionPointToEnd(&entry);
  gpu::ReturnOp::create(b);
  return success();
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
