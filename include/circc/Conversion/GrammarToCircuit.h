//===- GrammarToCircuit.h - Grammar to circuit conversion -------*- C++ -*-===//
//
// Part of circc.
//
//===----------------------------------------------------------------------===//

#ifndef CIRCC_CONVERSION_GRAMMARTOCIRCUIT_H
#define CIRCC_CONVERSION_GRAMMARTOCIRCUIT_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Pass/Pass.h"

namespace circc {

#define GEN_PASS_DECL_CONVERTGRAMMARTOCIRCUIT
#include "circc/Conversion/Passes.h.inc"

/// Adds the pattern that compiles a `grammar.grammar` into a
/// `circuit.circuit`. `maxInput` (0: from the grammar) bounds the input,
/// `maxOutput` (0: declared by the grammar, or derived) the output;
/// `runtimeWeights` leaves learnable tables to a weights file.
void populateGrammarToCircuitPatterns(mlir::RewritePatternSet &patterns,
                                      uint64_t maxInput, uint64_t maxOutput,
                                      bool runtimeWeights);

} // namespace circc

#endif // CIRCC_CONVERSION_GRAMMARTOCIRCUIT_H
