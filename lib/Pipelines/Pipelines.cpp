//===- Pipelines.cpp - circc's compilation phases -------------------------===//
//
// Part of circc.
//
//===----------------------------------------------------------------------===//

#include "circc/Pipelines/Pipelines.h"
#include "circc/Conversion/Passes.h"
#include "circc/Dialect/Circuit/CircuitOps.h"
#include "circc/Dialect/Circuit/CircuitPasses.h"

#include "mlir/Conversion/AffineToStandard/AffineToStandard.h"
#include "mlir/Conversion/ArithToLLVM/ArithToLLVM.h"
#include "mlir/Conversion/ControlFlowToLLVM/ControlFlowToLLVM.h"
#include "mlir/Conversion/FuncToLLVM/ConvertFuncToLLVMPass.h"
#include "mlir/Conversion/GPUToNVVM/GPUToNVVMPass.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/GPU/Transforms/Passes.h"
#include "mlir/Conversion/IndexToLLVM/IndexToLLVM.h"
#include "mlir/Conversion/MathToLLVM/MathToLLVM.h"
#include "mlir/Conversion/MemRefToLLVM/MemRefToLLVM.h"
#include "mlir/Conversion/ReconcileUnrealizedCasts/ReconcileUnrealizedCasts.h"
#include "mlir/Conversion/SCFToControlFlow/SCFToControlFlow.h"
#include "mlir/Conversion/VectorToLLVM/ConvertVectorToLLVMPass.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

void circc::buildGrammarToCircuitPipeline(OpPassManager &pm,
                                          const CircuitPipelineOptions &options) {
  ConvertGrammarToCircuitOptions convert;
  convert.maxInput = options.maxInput;
  convert.runtimeWeights = options.runtimeWeights;
  pm.addPass(createConvertGrammarToCircuit(convert));
  OpPassManager &circuit = pm.nest<circuit::CircuitOp>();
  circuit.addPass(circuit::createCircuitShareWeights());
  circuit::CircuitCountParamsOptions count;
  count.quiet = !options.printParamCount;
  circuit.addPass(circuit::createCircuitCountParams(count));
  circuit.addPass(circuit::createCircuitFoldFrozenWeights());
  circuit.addPass(circuit::createCircuitEliminateDeadRoutes());
  if (options.maxShapeNodes > 0) {
    circuit::CircuitTabulateShapesOptions tabulate;
    tabulate.maxNodes = options.maxShapeNodes;
    circuit.addPass(circuit::createCircuitTabulateShapes(tabulate));
  }
}

/// The GPU module's kernel, to PTX for `chip`.
static void addKernelToPTXPasses(OpPassManager &pm, StringRef chip) {
  GpuNVVMAttachTargetOptions target;
  target.chip = chip.str();
  target.optLevel = 3;
  pm.addPass(createGpuNVVMAttachTarget(target));
  OpPassManager &device = pm.nest<gpu::GPUModuleOp>();
  device.addPass(createConvertLinalgToLoopsPass());
  device.addPass(memref::createExpandStridedMetadataPass());
  device.addPass(createLowerAffinePass());
  device.addPass(createSCFToControlFlowPass());
  device.addPass(createConvertGpuOpsToNVVMOps());
  device.addPass(createReconcileUnrealizedCastsPass());
  GpuModuleToBinaryPassOptions binary;
  binary.compilationTarget = "isa"; // PTX text, no CUDA toolkit needed
  pm.addPass(createGpuModuleToBinaryPass(binary));
}

void circc::buildCircuitToPTXPipeline(OpPassManager &pm, StringRef chip) {
  pm.addPass(createConvertCircuitToGPU());
  addKernelToPTXPasses(pm, chip);
}

void circc::buildAttnToPTXPipeline(OpPassManager &pm, StringRef chip) {
  pm.addPass(createConvertAttnToGPU());
  addKernelToPTXPasses(pm, chip);
}

void circc::buildCircuitToStandardPipeline(OpPassManager &pm, bool textEntry) {
  ConvertCircuitToStandardOptions options;
  options.textEntry = textEntry;
  pm.addPass(createConvertCircuitToStandard(options));
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
}

void circc::buildAttnToStandardPipeline(OpPassManager &pm) {
  pm.addPass(createConvertAttnToStandard());
  pm.addPass(createConvertLinalgToLoopsPass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
}

void circc::buildStandardToLLVMPipeline(OpPassManager &pm) {
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createSCFToControlFlowPass());
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createConvertIndexToLLVMPass());
  pm.addPass(createConvertVectorToLLVMPass());
  pm.addPass(createFinalizeMemRefToLLVMConversionPass());
  ConvertFuncToLLVMPassOptions func;
  func.useBarePtrCallConv = true;
  pm.addPass(createConvertFuncToLLVMPass(func));
  pm.addPass(createConvertControlFlowToLLVMPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
}

void circc::registerPipelines() {
  PassPipelineRegistration<>(
      "circc-grammar-to-circuit",
      "Compile grammars to circuits and run the circuit passes",
      [](OpPassManager &pm) { buildGrammarToCircuitPipeline(pm, {}); });
  PassPipelineRegistration<>(
      "circc-circuit-to-ptx",
      "Add the batch kernel and compile it to PTX for sm_90",
      [](OpPassManager &pm) { buildCircuitToPTXPipeline(pm, "sm_90"); });
  PassPipelineRegistration<>(
      "circc-attn-to-ptx",
      "Add the model's batch kernel and compile it to PTX for sm_90",
      [](OpPassManager &pm) { buildAttnToPTXPipeline(pm, "sm_90"); });
  PassPipelineRegistration<>(
      "circc-circuit-to-standard",
      "Lower circuits to func, scf, arith and memref",
      [](OpPassManager &pm) { buildCircuitToStandardPipeline(pm); });
  PassPipelineRegistration<>(
      "circc-attn-to-standard",
      "Lower an imported model to func, scf, arith and memref",
      [](OpPassManager &pm) { buildAttnToStandardPipeline(pm); });
  PassPipelineRegistration<>(
      "circc-standard-to-llvm",
      "Lower func, scf, arith and memref to the LLVM dialect",
      [](OpPassManager &pm) { buildStandardToLLVMPipeline(pm); });
}
