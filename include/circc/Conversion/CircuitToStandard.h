//===- CircuitToStandard.h - Circuit to standard conversion -----*- C++ -*-===//
//
// Part of circc.
//
//===----------------------------------------------------------------------===//

#ifndef CIRCC_CONVERSION_CIRCUITTOSTANDARD_H
#define CIRCC_CONVERSION_CIRCUITTOSTANDARD_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Pass/Pass.h"

namespace circc {

#define GEN_PASS_DECL_CONVERTCIRCUITTOSTANDARD
#include "circc/Conversion/Passes.h.inc"

/// The version of the contract between compiled circuits and the runtime
/// library: the signature of `__circc_run` and the layout of the globals.
constexpr int32_t kCircuitAbiVersion = 1;

/// Adds the pattern that lowers a `circuit.circuit` to a `__circc_run`
/// function and its constant tables.
void populateCircuitToStandardPatterns(mlir::RewritePatternSet &patterns);

} // namespace circc

#endif // CIRCC_CONVERSION_CIRCUITTOSTANDARD_H
