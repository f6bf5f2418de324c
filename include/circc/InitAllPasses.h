//===- InitAllPasses.h - Register every circc pass --------------*- C++ -*-===//
//
// Part of circc.
//
//===----------------------------------------------------------------------===//

#ifndef CIRCC_INITALLPASSES_H
#define CIRCC_INITALLPASSES_H

#include "circc/Dialect/Grammar/GrammarPasses.h"

namespace circc {

/// Registers every circc pass with the global pass registry, so that
/// `circ-opt` can run each one alone.
inline void registerAllPasses() { grammar::registerGrammarPasses(); }

} // namespace circc

#endif // CIRCC_INITALLPASSES_H
