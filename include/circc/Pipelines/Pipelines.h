//===- Pipelines.h - circc's compilation phases -----------------*- C++ -*-===//
//
// Part of circc. The only place that chains passes: circc runs these
// pipelines phase by phase, and circ-opt registers them under the names
// below so that every phase can be tested alone.
//
//===----------------------------------------------------------------------===//

#ifndef CIRCC_PIPELINES_PIPELINES_H
#define CIRCC_PIPELINES_PIPELINES_H

#include "mlir/Pass/PassManager.h"

namespace circc {

/// The phases circc can stop after, in order.
enum class Phase {
  Grammar,
  Attn,
  Circuit,
  PTX,
  Standard,
  LLVM,
  Object,
  SharedLibrary
};

struct CircuitPipelineOptions {
  /// Longest input the circuit accepts; 0 derives it from the grammar.
  uint64_t maxInput = 0;
  /// Load learnable tables from a weights file at run time.
  bool runtimeWeights = false;
  /// Print the parameter count while counting.
  bool printParamCount = false;
  /// Largest trie circuit-tabulate-shapes may build; 0 keeps the LR
  /// automaton for every grammar.
  int64_t maxShapeNodes = 1 << 16;
};

/// grammar -> circuit, then the circuit passes: share weights, count
/// parameters, fold frozen weights, eliminate dead routes, tabulate shapes.
/// (circ-opt: `--circc-grammar-to-circuit`)
void buildGrammarToCircuitPipeline(mlir::OpPassManager &pm,
                                   const CircuitPipelineOptions &options);

/// circuit -> a GPU module with the batch kernel, lowered to NVVM and
/// compiled to PTX for `chip` in-process (a gpu.binary op holding the PTX).
/// (circ-opt: `--circc-circuit-to-ptx`)
void buildCircuitToPTXPipeline(mlir::OpPassManager &pm, llvm::StringRef chip);

/// An imported model -> a GPU module with its batch kernel, compiled to PTX
/// like the circuit's. (circ-opt: `--circc-attn-to-ptx`)
void buildAttnToPTXPipeline(mlir::OpPassManager &pm, llvm::StringRef chip);

/// circuit -> func/scf/arith/memref, cleaned up; `textEntry` as the option
/// of convert-circuit-to-standard. (circ-opt: `--circc-circuit-to-standard`)
void buildCircuitToStandardPipeline(mlir::OpPassManager &pm,
                                    bool textEntry = true);

/// An imported model (attn.greedy_decoder) -> func/scf/arith/memref:
/// convert-attn-to-standard, convert-linalg-to-loops, cleaned up.
/// (circ-opt: `--circc-attn-to-standard`)
void buildAttnToStandardPipeline(mlir::OpPassManager &pm);

/// func/scf/arith/memref -> the LLVM dialect, with upstream passes only.
/// Memref arguments become bare pointers, which is the C ABI the runtime
/// library calls. (circ-opt: `--circc-standard-to-llvm`)
void buildStandardToLLVMPipeline(mlir::OpPassManager &pm);

/// Registers the pipelines above with circ-opt's registry.
void registerPipelines();

} // namespace circc

#endif // CIRCC_PIPELINES_PIPELINES_H
