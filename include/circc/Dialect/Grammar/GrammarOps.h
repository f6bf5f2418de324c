//===- GrammarOps.h - Grammar dialect operations ----------------*- C++ -*-===//
//
// Part of circc.
//
//===----------------------------------------------------------------------===//

#ifndef CIRCC_DIALECT_GRAMMAR_GRAMMAROPS_H
#define CIRCC_DIALECT_GRAMMAR_GRAMMAROPS_H

#include "circc/Dialect/Grammar/GrammarDialect.h"
#include "circc/Support/Slice.h"

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/IR/RegionKindInterface.h"

#include "circc/Dialect/Grammar/GrammarEnums.h.inc"

namespace circc::grammar {
class NonterminalOp;
class PrecedenceOp;
class ProductionOp;
class RepeatOp;
} // namespace circc::grammar

#define GET_OP_CLASSES
#include "circc/Dialect/Grammar/GrammarOps.h.inc"

#endif // CIRCC_DIALECT_GRAMMAR_GRAMMAROPS_H
