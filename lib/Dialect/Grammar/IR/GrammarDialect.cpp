//===- GrammarDialect.cpp - Grammar dialect -------------------------------===//
//
// Part of circc.
//
//===----------------------------------------------------------------------===//

#include "circc/Dialect/Grammar/GrammarDialect.h"
#include "circc/Dialect/Grammar/GrammarOps.h"

using namespace circc::grammar;

#include "circc/Dialect/Grammar/GrammarOpsDialect.cpp.inc"

void GrammarDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "circc/Dialect/Grammar/GrammarOps.cpp.inc"
      >();
}
