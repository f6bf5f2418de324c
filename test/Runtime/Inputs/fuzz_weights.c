/* Corrupts a good weights file in thousands of ways and loads each one;
   built with -fsanitize=address,undefined together with the runtime. */
#include <circc/runtime.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define XORSHIFT_SEED 0x2545F4914F6CDD1Dull
#include "xorshift.h"

int main(int argc, char **argv) {
  if (argc != 4)
    return 2;
  FILE *in = fopen(argv[1], "rb");
  if (!in)
    return 2;
  unsigned char good[4096];
  size_t size = fread(good, 1, sizeof(good), in);
  fclose(in);
  int rounds = atoi(argv[3]);
  int loaded = 0, rejected = 0;
  for (int round = 0; round < rounds; ++round) {
    unsigned char bad[4096 + 64];
    size_t n = size;
    memcpy(bad, good, size);
    switch (next() % 4) {
    case 0: /* flip bytes */
      for (int k = 0, flips = 1 + next() % 4; k < flips; ++k)
        bad[next() % n] ^= (unsigned char)(1u << (next() % 8));
      break;
    case 1: /* truncate */
      n = next() % size;
      break;
    case 2: /* a random header length */
      for (int k = 0; k < 8; ++k)
        bad[k] = (unsigned char)next();
      break;
    default: /* overwrite a byte of the JSON header with punctuation */
      bad[8 + next() % 200] = (unsigned char)"{}[]\",:0-\\ "[next() % 11];
      break;
    }
    FILE *out = fopen(argv[2], "wb");
    fwrite(bad, 1, n, out);
    fclose(out);
    circc_circuit *c = NULL;
    char message[256];
    if (circc_create_with_weights(argv[2], &c, message, sizeof(message)) ==
        CIRCC_OK) {
      int32_t symbols[64];
      circc_result r;
      circc_run_text(c, "jump twice", 10, symbols, 64, &r);
      ++loaded;
    } else {
      if (c || message[0] == '\0')
        return 3;
      ++rejected;
    }
    circc_destroy(c);
  }
  printf("loaded %d rejected %d\n", loaded, rejected);
  return 0;
}
