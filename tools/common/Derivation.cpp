//===- Derivation.cpp - Derivations read from a circuit's output ----------===//
//
// Part of circc.
//
//===----------------------------------------------------------------------===//

#include "Derivation.h"

using namespace circc::tools;

bool circc::tools::readDerivation(const int32_t *ids, size_t count,
                                  const std::vector<int32_t> &numChildren,
                                  std::vector<DerivationNode> &nodes) {
  nodes.clear();
  const int32_t numProductions = int32_t(numChildren.size());
  // The nodes still missing children, innermost last: a derivation may be
  // as deep as the input is long, so it is read without recursion.
  std::vector<int32_t> open;
  for (size_t next = 0; next < count; ++next) {
    if (!nodes.empty() && open.empty())
      return false; // Symbols after a complete derivation.
    int32_t id = ids[next];
    if (id < 0)
      return false;
    int32_t index = int32_t(nodes.size());
    nodes.emplace_back();
    if (!open.empty()) {
      DerivationNode &parent = nodes[open.back()];
      parent.children.push_back(index);
      if (int32_t(parent.children.size()) ==
          numChildren[size_t(parent.production)])
        open.pop_back();
    }
    if (id >= numProductions) {
      nodes[index].symbol = id - numProductions;
      continue;
    }
    nodes[index].production = id;
    if (numChildren[size_t(id)] > 0)
      open.push_back(index);
  }
  return !nodes.empty() && open.empty();
}
