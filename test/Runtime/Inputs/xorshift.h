/* The pseudo-random numbers of the runtime's test programs: xorshift64,
   seeded by the including program with XORSHIFT_SEED, so that every run
   sees the same inputs. */
#ifndef CIRCC_TEST_XORSHIFT_H
#define CIRCC_TEST_XORSHIFT_H

#include <stdint.h>

#ifndef XORSHIFT_SEED
#define XORSHIFT_SEED 0x9E3779B97F4A7C15ull
#endif

static uint64_t state = XORSHIFT_SEED;

static uint32_t next(void) {
  state ^= state << 13;
  state ^= state >> 7;
  state ^= state << 17;
  return (uint32_t)state;
}

#endif
