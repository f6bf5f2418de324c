//===- Passes.h - circc's back-end passes -----------------------*- C++ -*-===//
//
// Part of circc.
//
//===----------------------------------------------------------------------===//

#ifndef CIRCC_TRANSFORMS_PASSES_H
#define CIRCC_TRANSFORMS_PASSES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Pass/Pass.h"

namespace circc {

#define GEN_PASS_DECL
#include "circc/Transforms/Passes.h.inc"

/// Rewrites `math.exp` and `math.sqrt` into the NVVM intrinsics the batch
/// kernel uses (see circc-outline-batch-kernel).
void populateDeviceMathPatterns(mlir::RewritePatternSet &patterns);

#define GEN_PASS_REGISTRATION
#include "circc/Transforms/Passes.h.inc"

} // namespace circc

#endif // CIRCC_TRANSFORMS_PASSES_H
