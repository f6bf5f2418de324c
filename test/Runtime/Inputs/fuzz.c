/* Thousands of random, malformed and overlong commands through the ABI.
   Built with -fsanitize=address,undefined together with the runtime; the
   generated circuit code is checked with canaries around every buffer. */
#include <circc/runtime.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xorshift.h"

/* A SCAN sentence, so that valid commands (and outputs near the capacity)
   are frequent too. */
static size_t sentence(char *text) {
  static const char *prim[] = {"walk", "look", "run", "jump", "turn"};
  static const char *dir[] = {"left", "right"};
  static const char *mod[] = {"", " opposite", " around"};
  static const char *rep[] = {"", " twice", " thrice"};
  int p = (int)(next() % 5);
  int d = (int)(next() % 3);
  return (size_t)sprintf(text, "%s%s%s%s%s", prim[p], p == 4 || d ? mod[next() % 3] : "",
                         p == 4 || d ? " " : "", p == 4 || d ? dir[next() % 2] : "",
                         rep[next() % 3]);
}

static const char *kJunk[] = {"fly", "", "wal", "walkk", "TWICE", "\xff\xfe",
                              "opposite_", "a\0b", "\t", "left\n"};

int main(int argc, char **argv) {
  int rounds = argc > 1 ? atoi(argv[1]) : 5000;
  circc_circuit *c;
  if (circc_create(&c) != CIRCC_OK)
    return 2;
  int tokens = circc_token_count(c);
  int counts[8] = {0};
  int canary_failures = 0;
  for (int round = 0; round < rounds; ++round) {
    /* A command of 0..29 words: real tokens, junk, odd whitespace. */
    char text[1024];
    size_t length = 0;
    int words = (int)(next() % 30);
    if (round % 2) {
      length = sentence(text);
      if (next() % 2) {
        length += (size_t)sprintf(text + length, next() % 2 ? " and " : " after ");
        length += sentence(text + length);
      }
      words = 0;
    }
    for (int w = 0; w < words && length < 900; ++w) {
      const char *word = next() % 8 ? circc_token_name(c, (int)(next() % tokens))
                                    : kJunk[next() % 10];
      size_t n = strlen(word);
      memcpy(text + length, word, n);
      length += n;
      int spaces = (int)(next() % 3) + (next() % 5 == 0);
      for (int s = 0; s < spaces; ++s)
        text[length++] = " \t\n"[next() % 3];
    }
    /* An exactly sized copy, so reading past the end is caught. */
    char *exact = (char *)malloc(length ? length : 1);
    memcpy(exact, text, length);

    int32_t capacity = (int32_t)(next() % 60);
    int32_t *out = (int32_t *)malloc(sizeof(int32_t) * (size_t)(capacity + 8));
    for (int i = 0; i < capacity + 8; ++i)
      out[i] = -12345;
    circc_result r;
    circc_status s = circc_run_text(c, exact, length, out, capacity, &r);
    if ((int)s < 0 || (int)s > 7)
      return 3;
    counts[s]++;
    /* A successful run may use the whole capacity; a failed one writes
       nothing. */
    int32_t limit = s == CIRCC_OK ? capacity : 0;
    for (int i = limit; i < capacity + 8; ++i)
      canary_failures += out[i] != -12345;
    if (s == CIRCC_OK)
      for (int i = 0; i < r.length; ++i)
        if (out[i] < 0 || out[i] >= circc_output_count(c))
          return 4;
    char message[32];
    circc_describe(c, exact, length, &r, message, sizeof(message));

    /* The same with random token ids, some out of range. */
    int32_t ids[20];
    int n = (int)(next() % 20);
    for (int i = 0; i < n; ++i)
      ids[i] = (int32_t)(next() % (uint32_t)(tokens + 3)) - 1;
    circc_run_ids(c, ids, n, out, capacity, &r);
    free(out);
    free(exact);
  }
  printf("ok %d unknown %d too-long %d no-parse %d too-small %d canary-failures %d\n",
         counts[0], counts[1], counts[2], counts[3], counts[4], canary_failures);
  circc_destroy(c);
  return canary_failures != 0;
}
