//===- InitAllPasses.h - Register every circc pass --------------*- C++ -*-===//
//
// Part of circc.
//
//===----------------------------------------------------------------------===//

#ifndef CIRCC_INITALLPASSES_H
#define CIRCC_INITALLPASSES_H

#include "circc/Conversion/Passes.h"
#include "circc/Dialect/Attn/AttnPasses.h"
#include "circc/Dialect/Circuit/CircuitPasses.h"
#include "circc/Dialect/Grammar/GrammarPasses.h"
#include "circc/Pipelines/Pipelines.h"
#include "circc/Transforms/Passes.h"

namespace circc {

/// Registers every circc pass and pipeline with the global registry, so
/// that `circ-opt` can run each one alone.
inline void registerAllPasses() {
  grammar::registerGrammarPasses();
  circuit::registerCircuitPasses();
  attn::registerAttnPasses();
  registerConversionPasses();
  registerTransformsPasses();
  registerPipelines();
}

} // namespace circc

#endif // CIRCC_INITALLPASSES_H
