//===- GrammarDialect.h - Grammar dialect -----------------------*- C++ -*-===//
//
// Part of circc.
//
//===----------------------------------------------------------------------===//

#ifndef CIRCC_DIALECT_GRAMMAR_GRAMMARDIALECT_H
#define CIRCC_DIALECT_GRAMMAR_GRAMMARDIALECT_H

#include "mlir/IR/Dialect.h"

#include "circc/Dialect/Grammar/GrammarOpsDialect.h.inc"

#endif // CIRCC_DIALECT_GRAMMAR_GRAMMARDIALECT_H
