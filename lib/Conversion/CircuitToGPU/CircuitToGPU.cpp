//===- CircuitToGPU.cpp - A GPU kernel running a batch of commands --------===//
//
// Part of circc. One thread per command: the kernel slices the batch
// buffers at the thread's command and emits the same run code as the CPU
// entry point (emitCircuitRun), so host and device compute the same thing.
//
//===----------------------------------------------------------------------===//

#include "circc/Conversion/CircuitToGPU.h"
#include "circc/Conversion/CircuitToStandard.h"
#include "circc/Conversion/RuntimeABI.h"

#include "mlir/IR/ImplicitLocOpBuilder.h"

namespace circc {
#define GEN_PASS_DEF_CONVERTCIRCUITTOGPU
#include "circc/Conversion/Passes.h.inc"
} // namespace circc

using namespace mlir;
using namespace circc;
namespace c = circc::circuit;

LogicalResult circc::buildCircuitKernel(c::CircuitOp circuit) {
  auto module = circuit->getParentOfType<ModuleOp>();
  MLIRContext *context = circuit.getContext();
  module->setAttr(gpu::GPUDialect::getContainerModuleAttrName(),
                  UnitAttr::get(context));
  ImplicitLocOpBuilder b(circuit.getLoc(), context);
  b.setInsertionPoint(circuit);
  auto gpuModule = gpu::GPUModuleOp::create(b, kGPUModuleName);
  b.setInsertionPointToStart(gpuModule.getBody());

  FailureOr<CircuitCode> code = emitCircuitTables(b, circuit);
  if (failed(code))
    return failure();

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
        statuses = entry.getArgument(4), learned = entry.getArgument(5),
        n = entry.getArgument(6);

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

  int64_t maxInput = circuit.getMaxInput(), maxOutput = circuit.getMaxOutput();
  int64_t rows = std::max<int64_t>(1, circuit.getNumRuntimeRows());
  auto at = [&](int64_t stride) -> Value {
    return arith::MulIOp::create(b, index,
                                 arith::ConstantIndexOp::create(b, stride));
  };
  Value status = emitCircuitRun(
      b, *code, sliceBatch(b, tokens, at(maxInput), maxInput),
      memref::LoadOp::create(b, counts, index),
      sliceBatch(b, out, at(maxOutput), maxOutput),
      arith::ConstantIntOp::create(b, i32, maxOutput), sliceBatch(b, lengths, index, 1),
      sliceBatch(b, learned, arith::ConstantIndexOp::create(b, 0), rows),
      /*decode=*/true);
  memref::StoreOp::create(b, status, statuses, index);
  b.setInsertionPointToEnd(&entry);
  gpu::ReturnOp::create(b);
  return success();
}

namespace {
struct ConvertCircuitToGPUPass
    : public circc::impl::ConvertCircuitToGPUBase<ConvertCircuitToGPUPass> {
  void runOnOperation() override {
    for (c::CircuitOp circuit :
         llvm::make_early_inc_range(getOperation().getOps<c::CircuitOp>()))
      if (failed(buildCircuitKernel(circuit)))
        return signalPassFailure();
  }
};
} // namespace
