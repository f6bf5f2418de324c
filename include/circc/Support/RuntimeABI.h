//===- RuntimeABI.h - The runtime contract, on the compiler's side -*- C++ -*-===//
//
// Part of circc.
//
// circc/abi.h (runtime/include) defines what compiled code and the runtime
// library provide each other. This header gives the compiler that contract
// in MLIR terms: symbol names, the MLIR signature of every entry point
// (derived from the C typedefs, so that the two cannot drift apart), the
// metadata globals, and the per-command functions the lowerings produce
// for circc-build-entry-points and circc-outline-batch-kernel.
//
//===----------------------------------------------------------------------===//

#ifndef CIRCC_SUPPORT_RUNTIMEABI_H
#define CIRCC_SUPPORT_RUNTIMEABI_H

#include "circc/abi.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

#include <cassert>
#include <type_traits>

namespace circc {
namespace abi {

// Symbol names (circc/abi.h).
constexpr llvm::StringLiteral kInfo = CIRCC_SYMBOL_NAME(CIRCC_SYM_INFO);
constexpr llvm::StringLiteral kName = CIRCC_SYMBOL_NAME(CIRCC_SYM_NAME);
constexpr llvm::StringLiteral kTokenNames =
    CIRCC_SYMBOL_NAME(CIRCC_SYM_TOKEN_NAMES);
constexpr llvm::StringLiteral kOutputNames =
    CIRCC_SYMBOL_NAME(CIRCC_SYM_OUTPUT_NAMES);
constexpr llvm::StringLiteral kWeightNames =
    CIRCC_SYMBOL_NAME(CIRCC_SYM_WEIGHT_NAMES);
constexpr llvm::StringLiteral kWeightShapes =
    CIRCC_SYMBOL_NAME(CIRCC_SYM_WEIGHT_SHAPES);
constexpr llvm::StringLiteral kOpenWords =
    CIRCC_SYMBOL_NAME(CIRCC_SYM_OPEN_WORDS);
constexpr llvm::StringLiteral kRun = CIRCC_SYMBOL_NAME(CIRCC_SYM_RUN);
constexpr llvm::StringLiteral kTrace = CIRCC_SYMBOL_NAME(CIRCC_SYM_TRACE);
constexpr llvm::StringLiteral kRunText = CIRCC_SYMBOL_NAME(CIRCC_SYM_RUN_TEXT);
constexpr llvm::StringLiteral kRunTextGeneral =
    CIRCC_SYMBOL_NAME(CIRCC_SYM_RUN_TEXT_GENERAL);
constexpr llvm::StringLiteral kLogits = CIRCC_SYMBOL_NAME(CIRCC_SYM_LOGITS);
constexpr llvm::StringLiteral kGradient = CIRCC_SYMBOL_NAME(CIRCC_SYM_GRADIENT);
constexpr llvm::StringLiteral kDecodeBatch =
    CIRCC_SYMBOL_NAME(CIRCC_SYM_DECODE_BATCH);
constexpr llvm::StringLiteral kPTX = CIRCC_SYMBOL_NAME(CIRCC_SYM_PTX);
constexpr llvm::StringLiteral kGPUModule =
    CIRCC_SYMBOL_NAME(CIRCC_SYM_GPU_MODULE);
constexpr llvm::StringLiteral kBatchKernel =
    CIRCC_SYMBOL_NAME(CIRCC_SYM_BATCH_KERNEL);

/// The compiler's view of an entry point's C type: scalars map to integers
/// of their width, pointers to memrefs of their element type, whose shapes
/// the caller gives (one per pointer argument, in order). A memref's
/// layout is the identity, or with `dynamicOffset` a strided layout with a
/// dynamic offset (a slice of a larger buffer).
template <typename T> struct MLIRTypeOf {
  static_assert(std::is_integral_v<T>, "unsupported scalar in circc/abi.h");
  static mlir::Type get(mlir::Builder &b) {
    return b.getIntegerType(8 * sizeof(T));
  }
};
template <typename T> struct ElementTypeOf {
  static_assert(std::is_integral_v<T>, "unsupported element in circc/abi.h");
  static mlir::Type get(mlir::Builder &b) {
    return b.getIntegerType(8 * sizeof(T));
  }
};
template <> struct ElementTypeOf<float> {
  static mlir::Type get(mlir::Builder &b) { return b.getF32Type(); }
};
/// Opaque to compiled code: its bytes are never read.
template <> struct ElementTypeOf<circc_circuit> {
  static mlir::Type get(mlir::Builder &b) { return b.getI8Type(); }
};
template <> struct ElementTypeOf<circc_result> {
  static_assert(sizeof(circc_result) == 3 * sizeof(int32_t),
                "circc_result is three 32-bit words");
  static mlir::Type get(mlir::Builder &b) { return b.getI32Type(); }
};

/// A memref of `element` with `shape`, identity or with a dynamic offset.
mlir::MemRefType memrefOf(mlir::Type element, llvm::ArrayRef<int64_t> shape,
                          bool dynamicOffset);

template <typename Signature> struct EntryPoint;
template <typename Result, typename... Args>
struct EntryPoint<Result(Args...)> {
  static constexpr unsigned kNumPointers =
      (0u + ... + unsigned(std::is_pointer_v<Args>));

  /// The function type of the entry point; `shapes` has one shape per
  /// pointer argument.
  static mlir::FunctionType
  type(mlir::Builder &b, llvm::ArrayRef<llvm::SmallVector<int64_t, 2>> shapes,
       bool dynamicOffsets = false) {
    assert(shapes.size() == kNumPointers && "one shape per pointer argument");
    llvm::SmallVector<mlir::Type> inputs;
    unsigned pointer = 0;
    (inputs.push_back(argument<Args>(b, shapes, pointer, dynamicOffsets)), ...);
    llvm::SmallVector<mlir::Type, 1> results;
    if constexpr (!std::is_void_v<Result>)
      results.push_back(MLIRTypeOf<Result>::get(b));
    return b.getFunctionType(inputs, results);
  }

private:
  template <typename Arg>
  static mlir::Type argument(mlir::Builder &b,
                             llvm::ArrayRef<llvm::SmallVector<int64_t, 2>> shapes,
                             unsigned &pointer, bool dynamicOffsets) {
    if constexpr (std::is_pointer_v<Arg>) {
      using Element = std::remove_cv_t<std::remove_pointer_t<Arg>>;
      return memrefOf(ElementTypeOf<Element>::get(b), shapes[pointer++],
                      dynamicOffsets);
    } else {
      return MLIRTypeOf<Arg>::get(b);
    }
  }
};

} // namespace abi

/// The metadata of a compiled library: what the `__circc_info`, name and
/// vocabulary globals hold.
struct RuntimeMetadata {
  llvm::StringRef name;
  llvm::SmallVector<llvm::StringRef> tokens, outputs;
  int64_t maxInput = 0, maxOutput = 0, paramCount = 0;
  /// Circuits only: parser size, and the tables loaded from a weights file
  /// (names, then rows and columns of each).
  int64_t numRules = 0, numStates = 0, runtimeRows = 0;
  /// Models only: commands per __circc_decode_batch call (0: none) and the
  /// KiB of workspace it needs. Optional in the attribute (absent: 0).
  int64_t batchTile = 0, workspaceKB = 0;
  /// Whether the run reads only the first `count` token ids (COUNT_ONLY).
  /// Optional in the attribute (absent: false).
  bool countOnly = false;
  /// Whether the run keeps its stack in the runtime's workspace (GROWS):
  /// circuits of any input length, or of a bound above
  /// CircuitOp::kGrowAboveInput. Optional in the attribute (absent: false).
  bool grows = false;
  /// Circuits only: pairs of an open class's token and its word shape.
  /// Optional in the attribute (absent: none).
  llvm::SmallVector<int32_t> openWords;
  llvm::SmallVector<llvm::StringRef> weightNames;
  llvm::SmallVector<int32_t> weightShapes;

  /// As an attribute, and back (failing on a malformed dictionary).
  mlir::DictionaryAttr toAttribute(mlir::Builder &b) const;
  static mlir::FailureOr<RuntimeMetadata> fromAttribute(mlir::DictionaryAttr);
};

/// Emits `@__circc_info`, `@__circc_name`, `@__circc_token_names`,
/// `@__circc_output_names`, `@__circc_weight_names` and
/// `@__circc_weight_shapes` at the builder's insertion point.
void emitRuntimeMetadata(mlir::ImplicitLocOpBuilder &b,
                         const RuntimeMetadata &metadata);

/// The per-command functions the lowerings produce. Their memref arguments
/// have dynamic offsets, so that a CPU entry point passes its buffers and
/// a GPU thread its slice of the batch's buffers. Each carries its
/// library's metadata in the attribute `kMetadataAttr`.
///
///   func.func private @__circc_run_one(%tokens: memref<MAX_INPUTxi32>,
///       %n: i32, %out: memref<MAX_OUTPUTxi32>, %capacity: i32,
///       %info: memref<1xi32>, %learned: memref<Kxi32>, %decode: i1
///       [, %workspace: memref<Wxi32>, %words: i64]) -> i32
///     circc_run_fn's contract; with %decode false the outputs are content
///     codes (__circc_trace) rather than symbols. The workspace arguments
///     are a circuit of any input length's only.
///   func.func private @__circc_logits_one(%tokens, %n, %out, %capacity,
///       %info, %logits: memref<MAX_OUTPUTxVxf32>) -> i32
///     circc_logits_fn's contract.
constexpr llvm::StringLiteral kRunOneName = "__circc_run_one";
constexpr llvm::StringLiteral kLogitsOneName = "__circc_logits_one";
constexpr llvm::StringLiteral kMetadataAttr = "circc.metadata";

/// The module's per-command function and whether it is a model's; a null
/// function when there is none. Fails (with an error) when the module holds
/// both kinds.
struct PerCommandFunction {
  mlir::func::FuncOp func;
  bool isModel = false;
};
mlir::FailureOr<PerCommandFunction> findPerCommandFunction(mlir::ModuleOp module);

/// The static extent given to a buffer whose length only the run knows:
/// the tokens of a circuit of any input length (MAX_INPUT 0) and its
/// workspace. Bare-pointer calls need static shapes; the code reads no
/// further than the count or the words it is given.
constexpr int64_t kRunTimeExtent = INT32_MAX;

/// The type of `@__circc_run_one` for a circuit's bounds and learned rows;
/// a `maxInput` of 0 is a circuit of any input length, whose run also takes
/// circc_run_fn's workspace and its words (memref<kRunTimeExtent x i32>,
/// i64).
mlir::FunctionType runOneType(mlir::Builder &b, int64_t maxInput,
                              int64_t maxOutput, int64_t learnedRows);
/// The type of circc_run_fn's entry points (__circc_run, __circc_trace) for
/// a library's bounds (a `maxInput` of 0: any length).
mlir::FunctionType runEntryType(mlir::Builder &b, int64_t maxInput,
                                int64_t maxOutput, int64_t learnedRows);
/// The type of `@__circc_logits_one` for a model's bounds and vocabulary.
mlir::FunctionType logitsOneType(mlir::Builder &b, int64_t maxInput,
                                 int64_t maxOutput, int64_t vocabulary);

/// Creates a private constant memref.global named `name` holding `table`,
/// at the builder's insertion point.
mlir::memref::GlobalOp createTableGlobal(mlir::ImplicitLocOpBuilder &b,
                                         llvm::StringRef name,
                                         mlir::DenseIntElementsAttr table);

} // namespace circc

#endif // CIRCC_SUPPORT_RUNTIMEABI_H
