//===- CircuitToStandard.h - Circuit to standard conversion -----*- C++ -*-===//
//
// Part of circc.
//
//===----------------------------------------------------------------------===//

#ifndef CIRCC_CONVERSION_CIRCUITTOSTANDARD_H
#define CIRCC_CONVERSION_CIRCUITTOSTANDARD_H

#include "circc/Dialect/Circuit/CircuitOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Pass/Pass.h"

namespace circc {

#define GEN_PASS_DECL_CONVERTCIRCUITTOSTANDARD
#include "circc/Conversion/Passes.h.inc"

/// Adds the pattern that lowers a `circuit.circuit` to a `__circc_run`
/// function and its constant tables (and `__circc_run_text` with
/// `textEntry`, where the circuit allows it).
void populateCircuitToStandardPatterns(mlir::RewritePatternSet &patterns,
                                       bool textEntry = true);

/// The tables of a circuit.shapes op, as constant globals.
struct ShapeGlobals {
  mlir::memref::GlobalOp classes, lexicon, trie, accepting, routes, lengths,
      keys, slots;
};

/// What the code of one circuit run reads: the circuit, its constant tables
/// (created where the code will live: a module or a GPU module), and the
/// sizes of its scratch storage.
struct CircuitCode {
  circuit::CircuitOp circuit;
  circuit::ParserOp parser;
  llvm::SmallVector<circuit::RuleOp> rules;
  mlir::memref::GlobalOp actions, gotos;
  ShapeGlobals shapes;
  int64_t slots = 0, slotSize = 0, spareRegion = 0, scratchSize = 0;
};

/// Creates the constant tables of `circuit` at the builder's insertion point.
mlir::FailureOr<CircuitCode> emitCircuitTables(mlir::ImplicitLocOpBuilder &b,
                                               circuit::CircuitOp circuit);

/// Emits the code of one run at the builder's insertion point and returns
/// its status (see `convert-circuit-to-standard` for the arguments). With
/// `decode` false, the outputs are content codes (see circc_trace_text).
mlir::Value emitCircuitRun(mlir::ImplicitLocOpBuilder &b, const CircuitCode &code,
                           mlir::Value tokens, mlir::Value count,
                           mlir::Value out, mlir::Value capacity,
                           mlir::Value info, mlir::Value learned, bool decode);

/// Creates a private constant memref.global named `name` holding `table`,
/// at the builder's insertion point.
mlir::memref::GlobalOp createTableGlobal(mlir::ImplicitLocOpBuilder &b,
                                         llvm::StringRef name,
                                         mlir::DenseIntElementsAttr table);

/// Emits the lookup of a packed class-sequence `key` in the slot table of
/// `shapes` (open addressing, multiplicative hash); returns the shape as an
/// i32, or -1 when no sentence has that class sequence.
mlir::Value emitShapeLookup(mlir::ImplicitLocOpBuilder &b,
                            circuit::ShapesOp shapes, mlir::Value slotTable,
                            mlir::Value keyTable, mlir::Value key);

/// Adds `__circc_run_text`, the whole run from a command's text, when the
/// circuit allows it (tabulated shapes, weights baked in, a vocabulary of
/// words of at most eight bytes); see convert-circuit-to-standard. Returns
/// whether it was added.
bool buildTextEntry(mlir::ImplicitLocOpBuilder &b, const CircuitCode &code);

} // namespace circc

#endif // CIRCC_CONVERSION_CIRCUITTOSTANDARD_H
