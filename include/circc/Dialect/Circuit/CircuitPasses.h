//===- CircuitPasses.h - Circuit dialect passes -----------------*- C++ -*-===//
//
// Part of circc.
//
//===----------------------------------------------------------------------===//

#ifndef CIRCC_DIALECT_CIRCUIT_CIRCUITPASSES_H
#define CIRCC_DIALECT_CIRCUIT_CIRCUITPASSES_H

#include "circc/Dialect/Circuit/CircuitOps.h"

#include "mlir/Pass/Pass.h"

namespace circc::circuit {

#define GEN_PASS_DECL
#include "circc/Dialect/Circuit/CircuitPasses.h.inc"

#define GEN_PASS_REGISTRATION
#include "circc/Dialect/Circuit/CircuitPasses.h.inc"

} // namespace circc::circuit

#endif // CIRCC_DIALECT_CIRCUIT_CIRCUITPASSES_H
