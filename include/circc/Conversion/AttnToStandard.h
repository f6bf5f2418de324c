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
#include "circc/Dialect/Attn/AttnOps.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"
#include "mlir/Pass/Pass.h"

namespace circc {

#define GEN_PASS_DECL_CONVERTATTNTOSTANDARD
#include "circc/Conversion/Passes.h.inc"

/// Emits one greedy-decoding run of `model` at the builder's insertion point
/// and returns its status (see `convert-attn-to-standard` for the arguments,
/// which may be any memrefs of those shapes). Buffers are allocated before
/// `marker`, an op at the start of the enclosing function's entry block;
/// weight globals are created before `globalsBefore`. With `forDevice`,
/// exponentials and square roots are NVVM intrinsics (no libdevice).
mlir::FailureOr<mlir::Value>
emitModelRun(mlir::ImplicitLocOpBuilder &b, attn::GreedyDecoderOp model,
             mlir::Operation *marker, mlir::Operation *globalsBefore,
             mlir::Value tokens, mlir::Value n, mlir::Value out,
             mlir::Value capacity, mlir::Value info, mlir::Value logits,
             bool forDevice);

} // namespace circc

#endif // CIRCC_CONVERSION_ATTNTOSTANDARD_H
