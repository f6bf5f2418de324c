/*===- circc/multiplier.h - Multipliers for circc's hash tables -----------===*\
|*                                                                            *|
|* Part of circc. Every hash table circc builds, at compile time (the shape   *|
|* table, the compiled word recogniser) or when a library is loaded (the      *|
|* runtime's token table), sends a 64-bit key to slot                         *|
|* (key * multiplier) >> (64 - bits) and picks its multiplier here: the first *|
|* one of a fixed sequence (splitmix64 outputs, made odd) with the lowest     *|
|* cost, stopping at a cost of zero. The compiler includes it through         *|
|* circc/Support/PerfectHash.h.                                               *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#ifndef CIRCC_MULTIPLIER_H
#define CIRCC_MULTIPLIER_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Where every search starts. */
#define CIRCC_MULTIPLIER_SEED 0x9E3779B97F4A7C15ull

/* The next multiplier of the sequence that *state walks. */
static inline uint64_t circc_next_multiplier(uint64_t *state) {
  uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return (z ^ (z >> 31)) | 1;
}

/* The slot of `key` in a table of 2^bits slots (1 <= bits <= 63). */
static inline uint64_t circc_hash_slot(uint64_t key, uint64_t multiplier,
                                       unsigned bits) {
  return (key * multiplier) >> (64 - bits);
}

/* Tries the next `attempts` multipliers of *state; `cost` rates one (lower
   is better, 0 stops the search). Returns the lowest cost (-1 when
   attempts <= 0) and its multiplier, the first found, in *out_multiplier. */
static inline int64_t circc_search_multiplier(
    uint64_t *state, int attempts, int64_t (*cost)(uint64_t, void *),
    void *context, uint64_t *out_multiplier) {
  int64_t best = -1;
  for (int attempt = 0; attempt < attempts && best != 0; ++attempt) {
    uint64_t multiplier = circc_next_multiplier(state);
    int64_t c = cost(multiplier, context);
    if (best < 0 || c < best) {
      best = c;
      *out_multiplier = multiplier;
    }
  }
  return best;
}

#ifdef __cplusplus
}
#endif

#endif /* CIRCC_MULTIPLIER_H */
