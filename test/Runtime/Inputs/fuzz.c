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
  int canary_failures = 0, batch_mismatches = 0;
  /* Every kBatch rounds the commands of those rounds run again as one
     circc_run_batch (a model decodes them in lockstep), which must give
     each the result of its own run, within its stride. */
  enum { kBatch = 16 };
  char *batch_texts[kBatch];
  size_t batch_lengths[kBatch];
  int batched = 0;
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

    batch_texts[batched] = exact;
    batch_lengths[batched++] = length;
    if (batched < kBatch)
      continue;
    int32_t stride = (int32_t)(next() % 60);
    size_t cells = (size_t)kBatch * (size_t)stride + 8;
    int32_t *outs = (int32_t *)malloc(sizeof(int32_t) * cells);
    for (size_t i = 0; i < cells; ++i)
      outs[i] = -12345;
    circc_result results[kBatch];
    if (circc_run_batch(c, (const char *const *)batch_texts, batch_lengths,
                        kBatch, outs, stride, results) != CIRCC_OK)
      return 5;
    for (int i = 0; i < kBatch; ++i) {
      int32_t *row = outs + (size_t)i * (size_t)stride;
      int32_t alone[64];
      circc_result single;
      circc_run_text(c, batch_texts[i], batch_lengths[i], alone, stride,
                     &single);
      batch_mismatches += single.status != results[i].status ||
                          single.length != results[i].length ||
                          single.error_index != results[i].error_index;
      int32_t used = results[i].status == CIRCC_OK ? results[i].length : 0;
      if (results[i].status == CIRCC_OK)
        batch_mismatches +=
            memcmp(row, alone, sizeof(int32_t) * (size_t)used) != 0;
      /* As for one run: a success may use its whole row. */
      for (int32_t k = results[i].status == CIRCC_OK ? stride : 0; k < stride;
           ++k)
        canary_failures += row[k] != -12345;
      free(batch_texts[i]);
    }
    for (size_t i = (size_t)kBatch * (size_t)stride; i < cells; ++i)
      canary_failures += outs[i] != -12345;
    free(outs);
    batched = 0;
  }
  for (int i = 0; i < batched; ++i)
    free(batch_texts[i]);
  printf("ok %d unknown %d too-long %d no-parse %d too-small %d canary-failures %d "
         "batch-mismatches %d\n",
         counts[0], counts[1], counts[2], counts[3], counts[4], canary_failures,
         batch_mismatches);
  circc_destroy(c);
  return canary_failures != 0 || batch_mismatches != 0;
}
