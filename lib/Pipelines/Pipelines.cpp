//===- Pipelines.cpp - circc's compilation phases -------------------------===//
//
// Part of circc.
//
//===----------------------------------------------------------------------===//

#include "circc/Pipelines/Pipelines.h"
#include "circc/Conversion/Passes.h"
#include "circc/Dialect/Attn/AttnOps.h"
#include "circc/Dialect/Attn/AttnPasses.h"
#include "circc/Dialect/Circuit/CircuitOps.h"
#include "circc/Dialect/Circuit/CircuitPasses.h"
#include "circc/Dialect/Grammar/GrammarAnalysis.h"
#include "circc/Dialect/Grammar/GrammarOps.h"
#include "circc/Dialect/Grammar/GrammarPasses.h"
#include "circc/Target/PTX.h"
#include "circc/Transforms/Passes.h"

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
  convert.maxOutput = options.maxOutput;
  convert.runtimeWeights = options.runtimeWeights;
  convert.maxParserStates = options.maxParserStates;
  convert.maxConflicts = options.maxConflicts;
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

void circc::buildCircuitToCommandPipeline(OpPassManager &pm, bool textEntry,
                                          int64_t directAutomatonStates) {
  ConvertCircuitToStandardOptions options;
  options.textEntry = textEntry;
  options.directAutomatonStates = directAutomatonStates;
  pm.addPass(createConvertCircuitToStandard(options));
}

void circc::buildAttnToCommandPipeline(OpPassManager &pm, int64_t batchTile) {
  ConvertAttnToStandardOptions options;
  options.batchTile = batchTile;
  pm.addPass(createConvertAttnToStandard(options));
}

void circc::buildCommandToPTXPipeline(OpPassManager &pm, StringRef chip) {
  pm.addPass(createOutlineBatchKernel());
  addKernelToPTXPasses(pm, chip);
}

void circc::buildCommandToStandardPipeline(OpPassManager &pm) {
  pm.addPass(createBuildEntryPoints());
  pm.addPass(createInlinerPass());
  pm.addPass(createSymbolDCEPass());
  pm.addPass(createConvertLinalgToLoopsPass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
}

void circc::buildCircuitToStandardPipeline(OpPassManager &pm, bool textEntry) {
  buildCircuitToCommandPipeline(pm, textEntry);
  buildCommandToStandardPipeline(pm);
}

void circc::buildAttnToStandardPipeline(OpPassManager &pm) {
  buildAttnToCommandPipeline(pm);
  buildCommandToStandardPipeline(pm);
  pm.addPass(createApproximateExp());
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

/// Runs one phase's passes on `module`.
static LogicalResult runPhase(ModuleOp module,
                              function_ref<void(PassManager &)> build) {
  PassManager pm(module.getContext());
  build(pm);
  return pm.run(module);
}

LogicalResult circc::compileToPhase(ModuleOp module,
                                    const CompileOptions &options,
                                    std::string &ptx) {
  Phase emit = options.emit;
  bool isModel = !module.getOps<attn::GreedyDecoderOp>().empty();
  if (isModel) {
    // A Transformer: pruned, then lowered to the same kind of library.
    bool prune = options.pruneHeads > 0.0 || !options.removeHeads.empty();
    if ((prune || options.stats) && failed(runPhase(module, [&](PassManager &pm) {
          attn::AttnPruneHeadsOptions pruning;
          pruning.fraction = options.pruneHeads;
          pruning.remove.assign(options.removeHeads.begin(),
                                options.removeHeads.end());
          pruning.quiet = !options.stats;
          pm.addPass(attn::createAttnPruneHeads(pruning));
        })))
      return failure();
    if (options.pruneFfn > 0.0 && failed(runPhase(module, [&](PassManager &pm) {
          attn::AttnPruneFfnOptions pruning;
          pruning.fraction = options.pruneFfn;
          pruning.quiet = !options.stats;
          pm.addPass(attn::createAttnPruneFfn(pruning));
        })))
      return failure();
    if (emit == Phase::Attn)
      return success();
  } else {
    if (options.stats)
      module.walk([](grammar::GrammarOp grammar) {
        grammar::printGrammarStats(grammar, llvm::errs());
      });
    if (emit == Phase::Grammar)
      return success();
    CircuitPipelineOptions circuit = options.circuit;
    circuit.printParamCount = options.stats;
    if (failed(runPhase(module, [&](PassManager &pm) {
          buildGrammarToCircuitPipeline(pm, circuit);
        })))
      return failure();
    if (emit == Phase::Circuit)
      return success();
  }

  // One command's code, then the GPU kernel compiled from it (before the
  // host's entry points absorb it), then the host library.
  if (failed(runPhase(module, [&](PassManager &pm) {
        if (isModel)
          buildAttnToCommandPipeline(pm, options.batchTile);
        else
          buildCircuitToCommandPipeline(pm, options.textEntry,
                                        options.circuit.directAutomatonStates);
      })))
    return failure();
  if (options.gpu || emit == Phase::PTX) {
    if (failed(runPhase(module, [&](PassManager &pm) {
          buildCommandToPTXPipeline(pm, options.gpuArch);
        })))
      return failure();
    FailureOr<std::string> taken = takePTX(module);
    if (failed(taken))
      return failure();
    ptx = std::move(*taken);
    if (emit == Phase::PTX)
      return success();
  }
  return runPhase(module, [&](PassManager &pm) {
    buildCommandToStandardPipeline(pm);
    // A model's exponentials as arithmetic, vectors of them included (as in
    // buildAttnToStandardPipeline).
    if (isModel)
      pm.addPass(createApproximateExp());
    if (emit >= Phase::LLVM)
      buildStandardToLLVMPipeline(pm);
  });
}

void circc::registerPipelines() {
  PassPipelineRegistration<>(
      "circc-grammar-to-circuit",
      "Compile grammars to circuits and run the circuit passes",
      [](OpPassManager &pm) { buildGrammarToCircuitPipeline(pm, {}); });
  PassPipelineRegistration<>(
      "circc-command-to-ptx",
      "Add the batch kernel and compile it to PTX for sm_90",
      [](OpPassManager &pm) { buildCommandToPTXPipeline(pm, "sm_90"); });
  PassPipelineRegistration<>(
      "circc-command-to-standard",
      "Wrap the per-command function in the runtime's entry points",
      [](OpPassManager &pm) { buildCommandToStandardPipeline(pm); });
  PassPipelineRegistration<>(
      "circc-circuit-to-ptx",
      "Lower circuits, add the batch kernel and compile it to PTX for sm_90",
      [](OpPassManager &pm) {
        buildCircuitToCommandPipeline(pm);
        buildCommandToPTXPipeline(pm, "sm_90");
      });
  PassPipelineRegistration<>(
      "circc-attn-to-ptx",
      "Lower a model, add its batch kernel and compile it to PTX for sm_90",
      [](OpPassManager &pm) {
        buildAttnToCommandPipeline(pm);
        buildCommandToPTXPipeline(pm, "sm_90");
      });
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

LogicalResult circc::compileDerivationLibrary(
    ModuleOp module, const CircuitPipelineOptions &circuit,
    const LinkOptions &link, StringRef path, std::string &error) {
  OwningOpRef<ModuleOp> derivation = module.clone();
  PassManager pm(module.getContext());
  grammar::GrammarDerivationOutputOptions output;
  if (circuit.maxInput > 0)
    output.maxInput = circuit.maxInput;
  pm.addPass(grammar::createGrammarDerivationOutput(output));
  if (failed(pm.run(*derivation)))
    return failure();
  CompileOptions options;
  options.circuit = circuit;
  options.circuit.maxOutput = 0;
  // A derivation applies no tables: nothing to load at run time.
  options.circuit.runtimeWeights = false;
  CodeGenOptions codegen;
  options.textEntry = hasFastBytePermute(codegen);
  std::string ptx;
  if (failed(compileToPhase(*derivation, options, ptx)))
    return failure();
  llvm::LLVMContext llvmContext;
  std::unique_ptr<llvm::Module> llvmModule =
      translateToLLVMIR(*derivation, llvmContext, codegen);
  if (!llvmModule)
    return failure();
  return emitSharedLibrary(*llvmModule, codegen, link, path, error);
}
