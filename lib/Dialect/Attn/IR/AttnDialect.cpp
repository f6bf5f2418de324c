//===- AttnDialect.cpp - Attn dialect -------------------------------------===//
//
// Part of circc.
//
//===----------------------------------------------------------------------===//

#include "circc/Dialect/Attn/AttnDialect.h"
#include "circc/Dialect/Attn/AttnOps.h"

using namespace mlir;
using namespace circc::attn;

#include "circc/Dialect/Attn/AttnOpsDialect.cpp.inc"

void AttnDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "circc/Dialect/Attn/AttnOps.cpp.inc"
      >();
}
