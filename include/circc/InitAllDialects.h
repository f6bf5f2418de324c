//===- InitAllDialects.h - Register every circc dialect ---------*- C++ -*-===//
//
// Part of circc.
//
//===----------------------------------------------------------------------===//

#ifndef CIRCC_INITALLDIALECTS_H
#define CIRCC_INITALLDIALECTS_H

#include "circc/Dialect/Grammar/GrammarDialect.h"

#include "mlir/IR/DialectRegistry.h"

namespace circc {

/// Adds every circc dialect to `registry`.
inline void registerAllDialects(mlir::DialectRegistry &registry) {
  registry.insert<grammar::GrammarDialect>();
}

} // namespace circc

#endif // CIRCC_INITALLDIALECTS_H
