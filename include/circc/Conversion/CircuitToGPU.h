//===- CircuitToGPU.h - Circuit to GPU kernel conversion --------*- C++ -*-===//
//
// Part of circc.
//
//===----------------------------------------------------------------------===//

#ifndef CIRCC_CONVERSION_CIRCUITTOGPU_H
#define CIRCC_CONVERSION_CIRCUITTOGPU_H

#include "circc/Dialect/Circuit/CircuitOps.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace circc {

#define GEN_PASS_DECL_CONVERTCIRCUITTOGPU
#include "circc/Conversion/Passes.h.inc"

/// The name of the batch kernel and of the GPU module that holds it.
/// Adds, next to `circuit`, a GPU module with its tables and batch kernel.
mlir::LogicalResult buildCircuitKernel(circuit::CircuitOp circuit);

} // namespace circc

#endif // CIRCC_CONVERSION_CIRCUITTOGPU_H
