//===- AttnPasses.h - Attn dialect passes -----------------------*- C++ -*-===//
//
// Part of circc.
//
//===----------------------------------------------------------------------===//

#ifndef CIRCC_DIALECT_ATTN_ATTNPASSES_H
#define CIRCC_DIALECT_ATTN_ATTNPASSES_H

#include "circc/Dialect/Attn/AttnOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace circc::attn {

#define GEN_PASS_DECL
#include "circc/Dialect/Attn/AttnPasses.h.inc"

#define GEN_PASS_REGISTRATION
#include "circc/Dialect/Attn/AttnPasses.h.inc"

} // namespace circc::attn

#endif // CIRCC_DIALECT_ATTN_ATTNPASSES_H
