//===- AttnToStandard.h - Attn model to standard conversion -----*- C++ -*-===//
//
// Part of circc.
//
//===----------------------------------------------------------------------===//

#ifndef CIRCC_CONVERSION_ATTNTOSTANDARD_H
#define CIRCC_CONVERSION_ATTNTOSTANDARD_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "circc/Dialect/Attn/AttnOps.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace circc {

#define GEN_PASS_DECL_CONVERTATTNTOSTANDARD
#include "circc/Conversion/Passes.h.inc"

} // namespace circc

#endif // CIRCC_CONVERSION_ATTNTOSTANDARD_H
