//===- PerfectHash.h - Multipliers for circc's hash tables ------*- C++ -*-===//
//
// Part of circc. The compiler's face of circc/multiplier.h, the one search
// for hash multipliers that the runtime shares.
//
//===----------------------------------------------------------------------===//

#ifndef CIRCC_SUPPORT_PERFECTHASH_H
#define CIRCC_SUPPORT_PERFECTHASH_H

#include "circc/multiplier.h"

#include "llvm/ADT/STLFunctionalExtras.h"

#include <optional>

namespace circc {

/// A multiplier and its cost.
struct HashMultiplier {
  uint64_t multiplier = 0;
  int64_t cost = 0;
};

/// The sequence of multipliers one search walks; a search that continues
/// (say, with more slots) keeps the same sequence.
class MultiplierSearch {
public:
  /// Tries the next `attempts` multipliers; `cost` rates one (lower is
  /// better, 0 stops). Returns the first with the lowest cost.
  std::optional<HashMultiplier>
  next(int attempts, llvm::function_ref<int64_t(uint64_t)> cost) {
    HashMultiplier best;
    best.cost = circc_search_multiplier(&state, attempts, &trampoline, &cost,
                                        &best.multiplier);
    if (best.cost < 0)
      return std::nullopt;
    return best;
  }

  /// The slot of `key` in a table of 2^bits slots.
  static uint64_t slot(uint64_t key, uint64_t multiplier, unsigned bits) {
    return circc_hash_slot(key, multiplier, bits);
  }

private:
  static int64_t trampoline(uint64_t multiplier, void *context) {
    return (*static_cast<llvm::function_ref<int64_t(uint64_t)> *>(context))(
        multiplier);
  }
  uint64_t state = CIRCC_MULTIPLIER_SEED;
};

} // namespace circc

#endif // CIRCC_SUPPORT_PERFECTHASH_H
