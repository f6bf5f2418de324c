//===- Passes.h - Conversions between circc dialects ------------*- C++ -*-===//
//
// Part of circc.
//
//===----------------------------------------------------------------------===//

#ifndef CIRCC_CONVERSION_PASSES_H
#define CIRCC_CONVERSION_PASSES_H

#include "circc/Conversion/AttnToStandard.h"
#include "circc/Conversion/CircuitToStandard.h"
#include "circc/Conversion/GrammarToCircuit.h"

namespace circc {

#define GEN_PASS_REGISTRATION
#include "circc/Conversion/Passes.h.inc"

} // namespace circc

#endif // CIRCC_CONVERSION_PASSES_H
