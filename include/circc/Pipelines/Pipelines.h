//===- Pipelines.h - circc's compilation phases -----------------*- C++ -*-===//
//
// Part of circc. The only place that chains passes: the phases a module
// goes through, and compileToPhase, which runs them up to the one asked
// for. circ-opt registers the pipelines below under the names given, so
// that every phase can be tested alone; circc parses its flags and calls
// compileToPhase.
//
//   grammar ──circc-grammar-to-circuit──▶ circuit ─┐
//   attn (pruned) ─────────────────────────────────┤
//        ──convert-{circuit,attn}-to-standard──▶ per-command function
//        ├─(GPU) circc-outline-batch-kernel, NVVM, PTX ─▶ the kernel's PTX
//        └─circc-build-entry-points, inline ─▶ standard ─▶ LLVM dialect
//
//===----------------------------------------------------------------------===//

#ifndef CIRCC_PIPELINES_PIPELINES_H
#define CIRCC_PIPELINES_PIPELINES_H

#include "circc/Target/SharedLibrary.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/PassManager.h"

#include <string>
#include <vector>

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
  /// Longest output; 0 takes the grammar's declared bound or derives it.
  uint64_t maxOutput = 0;
  /// Load learnable tables from a weights file at run time.
  bool runtimeWeights = false;
  /// Print the parameter count while counting.
  bool printParamCount = false;
  /// Largest trie circuit-tabulate-shapes may build; 0 keeps the LR
  /// automaton for every grammar.
  int64_t maxShapeNodes = 1 << 16;
  /// Most LR(1) states the parser may have.
  uint64_t maxParserStates = 1 << 16;
  /// Most parser conflicts reported.
  unsigned maxConflicts = 10;
  /// Largest automaton emitted as code rather than as a table walk
  /// (convert-circuit-to-standard's direct-automaton-states).
  int64_t directAutomatonStates = 1024;
};

/// grammar -> circuit, then the circuit passes: share weights, count
/// parameters, fold frozen weights, eliminate dead routes, tabulate shapes.
/// (circ-opt: `--circc-grammar-to-circuit`)
void buildGrammarToCircuitPipeline(mlir::OpPassManager &pm,
                                   const CircuitPipelineOptions &options);

/// circuit -> the per-command function @__circc_run_one and its tables,
/// plus __circc_run_text with `textEntry`, the automaton emitted as code up
/// to `directAutomatonStates` states (convert-circuit-to-standard).
void buildCircuitToCommandPipeline(mlir::OpPassManager &pm,
                                   bool textEntry = true,
                                   int64_t directAutomatonStates = 1024);

/// An imported model -> the per-command function @__circc_logits_one and,
/// with `batchTile` > 0, the lockstep @__circc_decode_batch
/// (convert-attn-to-standard).
void buildAttnToCommandPipeline(mlir::OpPassManager &pm,
                                int64_t batchTile = 16);

/// The per-command function -> a GPU module with the batch kernel, lowered
/// to NVVM and compiled to PTX for `chip` in-process (a gpu.binary op
/// holding the PTX). (circ-opt: `--circc-command-to-ptx`, sm_90)
void buildCommandToPTXPipeline(mlir::OpPassManager &pm, llvm::StringRef chip);

/// The per-command function -> the runtime's entry points, inlined into
/// them, linalg lowered to loops, cleaned up. (circ-opt:
/// `--circc-command-to-standard`)
void buildCommandToStandardPipeline(mlir::OpPassManager &pm);

/// The two above from a circuit or a model: `--circc-circuit-to-ptx`,
/// `--circc-attn-to-ptx`, `--circc-circuit-to-standard`,
/// `--circc-attn-to-standard` in circ-opt.
void buildCircuitToStandardPipeline(mlir::OpPassManager &pm,
                                    bool textEntry = true);
void buildAttnToStandardPipeline(mlir::OpPassManager &pm);

/// func/scf/arith/memref -> the LLVM dialect, with upstream passes only.
/// Memref arguments become bare pointers, which is the C ABI the runtime
/// library calls. (circ-opt: `--circc-standard-to-llvm`)
void buildStandardToLLVMPipeline(mlir::OpPassManager &pm);

/// What circc asks of compileToPhase.
struct CompileOptions {
  /// The phase to stop after; past Phase::LLVM the module stops in the LLVM
  /// dialect, ready for lib/Target.
  Phase emit = Phase::SharedLibrary;
  /// Grammars: the circuit's bounds and weights, and --stats.
  CircuitPipelineOptions circuit;
  /// Grammars: compile __circc_run_text (for CPUs with a fast byte
  /// permutation).
  bool textEntry = true;
  /// Models: the fraction of heads to remove, or the heads to remove.
  double pruneHeads = 0.0;
  std::vector<std::string> removeHeads;
  /// Models: the fraction of feed-forward units to remove.
  double pruneFfn = 0.0;
  /// Models: commands per lockstep batch (0: none).
  int64_t batchTile = 16;
  /// Print the grammar's or the model's figures to stderr.
  bool stats = false;
  /// Add a GPU batch kernel in PTX for `gpuArch`.
  bool gpu = false;
  std::string gpuArch = "sm_90";
};

/// Compiles `module` (grammars, or one imported model) up to
/// `options.emit`, running each phase's pass manager in turn. The PTX of
/// the batch kernel, with `options.gpu`, goes to `ptx`. Fails after
/// reporting the error.
mlir::LogicalResult compileToPhase(mlir::ModuleOp module,
                                   const CompileOptions &options,
                                   std::string &ptx);

/// Compiles a copy of the grammar `module` made to output its derivations
/// (grammar-derivation-output) to the shared library `path`, with the
/// bounds of `circuit` (its output bound is derived again: a derivation has
/// its own length; a recursive grammar without an input bound reads inputs
/// of up to 256 tokens, or circuit.maxInput) and linked as `link` says: the
/// circuit parses as the
/// grammar's own does, and outputs each command's derivation in prefix
/// order. How circ-induce reads training commands and `circc --parse`
/// shows a parse. Fails after reporting the error (a link error goes to
/// `error`).
mlir::LogicalResult compileDerivationLibrary(
    mlir::ModuleOp module, const CircuitPipelineOptions &circuit,
    const LinkOptions &link, llvm::StringRef path, std::string &error);

/// Registers the pipelines above with circ-opt's registry.
void registerPipelines();

} // namespace circc

#endif // CIRCC_PIPELINES_PIPELINES_H
