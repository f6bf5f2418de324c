/* The GPU calls' statuses on a machine without a CUDA driver or device. */
#include <circc/runtime.h>

#include <stdio.h>

int main(void) {
  circc_circuit *c;
  if (circc_create(&c) != CIRCC_OK)
    return 2;
  char message[128];
  circc_status check = circc_gpu_check(c, message, sizeof(message));
  printf("check: %d %s\n", (int)check, message);

  int32_t ids[2 * 9] = {0}, counts[2] = {1, 1}, out[2 * 48], lengths[2],
          statuses[2];
  ids[9] = 99; /* not a token id */
  printf("bad id: %d\n", (int)circc_gpu_run_ids_batch(c, ids, counts, 2, out,
                                                      lengths, statuses, NULL));
  ids[9] = 3;
  counts[1] = 10; /* more than max_input */
  printf("bad count: %d\n", (int)circc_gpu_run_ids_batch(
                                c, ids, counts, 2, out, lengths, statuses, NULL));
  counts[1] = 1;
  printf("valid ids: %d\n", (int)circc_gpu_run_ids_batch(
                                c, ids, counts, 2, out, lengths, statuses, NULL));
  const char *texts[1] = {"jump twice"};
  size_t text_lengths[1] = {10};
  circc_result results[1];
  printf("text batch: %d\n", (int)circc_gpu_run_batch(c, texts, text_lengths, 1,
                                                      out, 48, results));
  printf("bad stride: %d\n", (int)circc_gpu_run_batch(c, texts, text_lengths, 1,
                                                      out, -1, results));
  circc_destroy(c);
  return 0;
}
