//===- InitAllDialects.h - Register every circc dialect ---------*- C++ -*-===//
//
// Part of circc.
//
//===----------------------------------------------------------------------===//

#ifndef CIRCC_INITALLDIALECTS_H
#define CIRCC_INITALLDIALECTS_H

#include "circc/Dialect/Circuit/CircuitDialect.h"
#include "circc/Dialect/Grammar/GrammarDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/DialectRegistry.h"

namespace circc {

/// Adds every circc dialect, and the upstream dialects circc lowers to, to
/// `registry`.
inline void registerAllDialects(mlir::DialectRegistry &registry) {
  registry.insert<grammar::GrammarDialect, circuit::CircuitDialect,
                  mlir::arith::ArithDialect, mlir::func::FuncDialect,
                  mlir::memref::MemRefDialect, mlir::scf::SCFDialect,
                  mlir::LLVM::LLVMDialect>();
}

} // namespace circc

#endif // CIRCC_INITALLDIALECTS_H
