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
  ImplicitLocOpBuilder b(circuit.getLoc(), circuit.getContext());
  int64_t maxInput = circuit.getMaxInput(), maxOutput = circuit.getMaxOutput();
  return buildBatchKernel(
      b, circuit, maxInput, maxOutput, circuit.getNumRuntimeRows(),
      [&](const BatchCommand &command) -> FailureOr<Value> {
        FailureOr<CircuitCode> code;
        {
          OpBuilder::InsertionGuard guard(b);
          b.setInsertionPointToStart(
              &command.gpuModule->getRegion(0).front());
          code = emitCircuitTables(b, circuit);
        }
        if (failed(code))
          return failure();
        return emitCircuitRun(
            b, *code, command.tokens, command.count, command.out,
            arith::ConstantIntOp::create(b, b.getI32Type(), maxOutput),
            command.length, command.learned, /*decode=*/true);
      });
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
