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
#include "mlir/IR/PatternMatch.h"
#include "mlir/Pass/Pass.h"

namespace circc {

#define GEN_PASS_DECL_CONVERTCIRCUITTOSTANDARD
#include "circc/Conversion/Passes.h.inc"

/// Adds the pattern that lowers a `circuit.circuit` to `@__circc_run_one`
/// and its constant tables (and `__circc_run_text` with `textEntry`, where
/// the circuit allows it). A circuit of more than `shareLoopsAbove` rules
/// shares its copy and field-scan loops (the pass's `share-loops-above`);
/// an LR automaton of at most `directAutomatonStates` states is emitted as
/// code (`direct-automaton-states`).
void populateCircuitToStandardPatterns(mlir::RewritePatternSet &patterns,
                                       bool textEntry = true,
                                       int64_t shareLoopsAbove = 32,
                                       int64_t directAutomatonStates = 1024);

} // namespace circc

#endif // CIRCC_CONVERSION_CIRCUITTOSTANDARD_H
