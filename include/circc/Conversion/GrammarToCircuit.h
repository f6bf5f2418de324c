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
/// `circuit.circuit`, with the pass's options: the input and output
/// bounds, the parser's size limit and where learnable tables come from.
void populateGrammarToCircuitPatterns(
    mlir::RewritePatternSet &patterns,
    const ConvertGrammarToCircuitOptions &options);

} // namespace circc

#endif // CIRCC_CONVERSION_GRAMMARTOCIRCUIT_H
