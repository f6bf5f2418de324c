//===- AttnDialect.h - Attn dialect -----------------------------*- C++ -*-===//
//
// Part of circc.
//
//===----------------------------------------------------------------------===//

#ifndef CIRCC_DIALECT_ATTN_ATTNDIALECT_H
#define CIRCC_DIALECT_ATTN_ATTNDIALECT_H

#include "mlir/IR/Dialect.h"

#include "circc/Dialect/Attn/AttnOpsDialect.h.inc"

#endif // CIRCC_DIALECT_ATTN_ATTNDIALECT_H
