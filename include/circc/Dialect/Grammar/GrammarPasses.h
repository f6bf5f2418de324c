//===- GrammarPasses.h - Grammar dialect passes -----------------*- C++ -*-===//
//
// Part of circc.
//
//===----------------------------------------------------------------------===//

#ifndef CIRCC_DIALECT_GRAMMAR_GRAMMARPASSES_H
#define CIRCC_DIALECT_GRAMMAR_GRAMMARPASSES_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace circc::grammar {

#define GEN_PASS_DECL
#include "circc/Dialect/Grammar/GrammarPasses.h.inc"

#define GEN_PASS_REGISTRATION
#include "circc/Dialect/Grammar/GrammarPasses.h.inc"

} // namespace circc::grammar

#endif // CIRCC_DIALECT_GRAMMAR_GRAMMARPASSES_H
