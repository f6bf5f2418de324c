//===- CircuitOps.h - Circuit dialect operations ----------------*- C++ -*-===//
//
// Part of circc.
//
//===----------------------------------------------------------------------===//

#ifndef CIRCC_DIALECT_CIRCUIT_CIRCUITOPS_H
#define CIRCC_DIALECT_CIRCUIT_CIRCUITOPS_H

#include "circc/Dialect/Circuit/CircuitDialect.h"
#include "circc/Support/Slice.h"

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/RegionKindInterface.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#define GET_TYPEDEF_CLASSES
#include "circc/Dialect/Circuit/CircuitOpsTypes.h.inc"

namespace circc::circuit {
class ParamOp;
class ParserOp;
class RuleOp;
class ShapesOp;
class YieldOp;
} // namespace circc::circuit

#define GET_OP_CLASSES
#include "circc/Dialect/Circuit/CircuitOps.h.inc"

#endif // CIRCC_DIALECT_CIRCUIT_CIRCUITOPS_H
