//===- CircuitDialect.h - Circuit dialect -----------------------*- C++ -*-===//
//
// Part of circc.
//
//===----------------------------------------------------------------------===//

#ifndef CIRCC_DIALECT_CIRCUIT_CIRCUITDIALECT_H
#define CIRCC_DIALECT_CIRCUIT_CIRCUITDIALECT_H

#include "mlir/IR/Dialect.h"

#include "circc/Dialect/Circuit/CircuitOpsDialect.h.inc"

#endif // CIRCC_DIALECT_CIRCUIT_CIRCUITDIALECT_H
