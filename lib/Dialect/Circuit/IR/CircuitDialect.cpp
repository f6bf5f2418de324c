//===- CircuitDialect.cpp - Circuit dialect -------------------------------===//
//
// Part of circc.
//
//===----------------------------------------------------------------------===//

#include "circc/Dialect/Circuit/CircuitDialect.h"
#include "circc/Dialect/Circuit/CircuitOps.h"

#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace circc::circuit;

#include "circc/Dialect/Circuit/CircuitOpsDialect.cpp.inc"

#define GET_TYPEDEF_CLASSES
#include "circc/Dialect/Circuit/CircuitOpsTypes.cpp.inc"

void CircuitDialect::initialize() {
  addTypes<
#define GET_TYPEDEF_LIST
#include "circc/Dialect/Circuit/CircuitOpsTypes.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "circc/Dialect/Circuit/CircuitOps.cpp.inc"
      >();
}
