//===- AttnOps.h - Attn dialect operations ----------------------*- C++ -*-===//
//
// Part of circc.
//
//===----------------------------------------------------------------------===//

#ifndef CIRCC_DIALECT_ATTN_ATTNOPS_H
#define CIRCC_DIALECT_ATTN_ATTNOPS_H

#include "circc/Dialect/Attn/AttnDialect.h"

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#define GET_OP_CLASSES
#include "circc/Dialect/Attn/AttnOps.h.inc"

#endif // CIRCC_DIALECT_ATTN_ATTNOPS_H
