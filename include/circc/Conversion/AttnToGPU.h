//===- AttnToGPU.h - Attn model to GPU kernel conversion --------*- C++ -*-===//
//
// Part of circc.
//
//===----------------------------------------------------------------------===//

#ifndef CIRCC_CONVERSION_ATTNTOGPU_H
#define CIRCC_CONVERSION_ATTNTOGPU_H

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace circc {

#define GEN_PASS_DECL_CONVERTATTNTOGPU
#include "circc/Conversion/Passes.h.inc"

} // namespace circc

#endif // CIRCC_CONVERSION_ATTNTOGPU_H
