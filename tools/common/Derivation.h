//===- Derivation.h - Derivations read from a circuit's output --*- C++ -*-===//
//
// Part of circc. A grammar compiled after grammar-derivation-output
// outputs each command's derivation in prefix order: one symbol per
// production (its index among the grammar's productions, in the order they
// are written), then its nonterminal and class children; a class child is
// the output symbol of its word, numbered after the productions. circ-induce
// and `circc --parse` read it back here.
//
//===----------------------------------------------------------------------===//

#ifndef CIRCC_TOOLS_COMMON_DERIVATION_H
#define CIRCC_TOOLS_COMMON_DERIVATION_H

#include <cstddef>
#include <cstdint>
#include <vector>

namespace circc::tools {

struct DerivationNode {
  /// The production; -1 for a class word.
  int32_t production = -1;
  /// Node indices, one per child of the production, in order.
  std::vector<int32_t> children;
  /// A class word's output symbol.
  int32_t symbol = -1;
};

/// Reads the derivation `ids[0, count)` into `nodes` (nodes[0] is the root),
/// where production P has `numChildren[P]` children. False, with `nodes`
/// unspecified, unless the ids are exactly one derivation.
bool readDerivation(const int32_t *ids, size_t count,
                    const std::vector<int32_t> &numChildren,
                    std::vector<DerivationNode> &nodes);

} // namespace circc::tools

#endif // CIRCC_TOOLS_COMMON_DERIVATION_H
