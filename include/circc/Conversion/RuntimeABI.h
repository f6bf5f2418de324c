//===- RuntimeABI.h - What compiled code provides the runtime ---*- C++ -*-===//
//
// Part of circc.
//
// Every library circc builds, from a circuit or from a Transformer, defines
// the same globals for runtime/lib/runtime.c to read. This header emits them.
//
//===----------------------------------------------------------------------===//

#ifndef CIRCC_CONVERSION_RUNTIMEABI_H
#define CIRCC_CONVERSION_RUNTIMEABI_H

#include "mlir/IR/ImplicitLocOpBuilder.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

namespace circc {

/// The version of the contract between compiled code and the runtime
/// library: the signatures of the `__circc_*` functions and the layout of
/// the globals.
constexpr int32_t kRuntimeAbiVersion = 1;

/// Status codes shared with circc/runtime.h.
enum RuntimeStatus : int32_t {
  kStatusOk = 0,
  kStatusInputTooLong = 2,
  kStatusNoParse = 3,
  kStatusOutputTooSmall = 4,
  kStatusInvalidArgument = 5,
};

/// The metadata of a compiled library.
struct RuntimeMetadata {
  llvm::StringRef name;
  llvm::ArrayRef<llvm::StringRef> tokens, outputs;
  int64_t maxInput = 0, maxOutput = 0, paramCount = 0;
  /// Circuits only: parser size, and the tables loaded from a weights file
  /// (names, then rows and columns of each).
  int64_t numRules = 0, numStates = 0, runtimeRows = 0;
  llvm::ArrayRef<llvm::StringRef> weightNames;
  llvm::ArrayRef<int32_t> weightShapes;
};

/// Emits `@__circc_info`, `@__circc_name`, `@__circc_token_names`,
/// `@__circc_output_names`, `@__circc_weight_names` and
/// `@__circc_weight_shapes` at the builder's insertion point.
void emitRuntimeMetadata(mlir::ImplicitLocOpBuilder &b,
                         const RuntimeMetadata &metadata);

/// The GPU batch kernel the runtime launches (runtime/lib/gpu.c): in
/// `gpu.module @circc_kernels`, `gpu.func @circc_batch(%tokens, %counts,
/// %out, %lengths, %statuses, %learned: memref<?xi32>, %n: i32) kernel`,
/// one thread per command (see convert-circuit-to-gpu).
constexpr const char *kGPUModuleName = "circc_kernels";
constexpr const char *kBatchKernelName = "circc_batch";

/// One thread's command in the batch kernel, as the `run` callback of
/// buildBatchKernel sees it: the command's slices of the buffers
/// (max_input tokens, max_output outputs, its length slot), its token
/// count (i32), the learned rows, and where to put module-level constants
/// (`gpuModule`) and entry-block allocations (before `marker`).
struct BatchCommand {
  mlir::Value tokens, count, out, length, learned;
  mlir::Operation *gpuModule, *marker;
};

/// Adds `gpu.module @circc_kernels` with the batch kernel before `anchor`
/// and marks the module a GPU container. Inside the kernel, thread `i` (over
/// the grid's x dimension) with `i < n` calls `run` at the point where its
/// command's code goes, and stores the status `run` returns.
mlir::LogicalResult buildBatchKernel(
    mlir::ImplicitLocOpBuilder &b, mlir::Operation *anchor, int64_t maxInput,
    int64_t maxOutput, int64_t learnedRows,
    llvm::function_ref<mlir::FailureOr<mlir::Value>(const BatchCommand &)> run);

} // namespace circc

#endif // CIRCC_CONVERSION_RUNTIMEABI_H
