/* Runs bad and good commands through a compiled Transformer (the tiny
   fixture model) and prints each status and message. */
#include "circc/runtime.h"

#include <stdio.h>
#include <string.h>

static void run(const circc_circuit *model, const char *text,
                int32_t capacity) {
  int32_t out[64];
  for (int i = 0; i < 64; ++i)
    out[i] = -7;
  circc_result result;
  circc_status status =
      circc_run_text(model, text, strlen(text), out, capacity, &result);
  int untouched = 1;
  for (int i = status == CIRCC_OK ? result.length : 0; i < 64; ++i)
    untouched &= out[i] == -7;
  char message[128];
  circc_describe(model, text, strlen(text), &result, message, sizeof(message));
  printf("[%s] cap=%d status=%d length=%d index=%d untouched=%d: %s\n", text,
         (int)capacity, (int)status, (int)result.length,
         (int)result.error_index, untouched, message);
}

int main(void) {
  circc_circuit *model;
  if (circc_create(&model) != CIRCC_OK)
    return 1;
  printf("name=%s tokens=%d outputs=%d max_input=%d max_output=%d "
         "params=%lld\n",
         circc_grammar_name(model), (int)circc_token_count(model),
         (int)circc_output_count(model), (int)circc_max_input(model),
         (int)circc_max_output(model), (long long)circc_param_count(model));
  printf("outputs: %s %s %s\n", circc_output_name(model, 0),
         circc_output_name(model, 7), circc_output_name(model, 9) ? "?" : "(null)");
  run(model, "walk twice", 64);
  run(model, "walk twice", 25);
  run(model, "walk fly", 64);
  run(model, "walk left walk left walk left walk left walk left", 64);
  run(model, "", 64);
  run(model, "   ", 64);

  /* A model has logits but no content codes. */
  int32_t out[64];
  float logits[49 * 9];
  circc_result result;
  circc_status status = circc_logits_text(model, "walk twice", 10, out, 64,
                                          logits, &result);
  printf("logits: status=%d length=%d\n", (int)status, (int)result.length);
  status = circc_logits_text(model, "walk twice", 10, out, 64, NULL, &result);
  printf("logits without a buffer: status=%d\n", (int)status);
  status = circc_trace_text(model, "walk twice", 10, out, 64, &result);
  printf("trace: status=%d\n", (int)status);

  /* A batch runs like single commands. */
  const char *texts[] = {"walk twice", "fly"};
  size_t lengths[] = {10, 3};
  int32_t batch[2 * 64];
  circc_result results[2];
  status = circc_run_batch(model, texts, lengths, 2, batch, 64, results);
  printf("batch: status=%d [%d %d] [%d %d]\n", (int)status,
         (int)results[0].status, (int)results[0].length,
         (int)results[1].status, (int)results[1].error_index);

  /* Every status in one batch (decoded in lockstep), each result and
     output the same as the command's own run; then with a stride too small
     for the first. */
  const char *mixed[] = {"walk twice", "walk fly",
                         "walk left walk left walk left walk left walk left",
                         "", "   ", "jump", "run around left", NULL};
  size_t mixed_lengths[8];
  for (int i = 0; i < 7; ++i)
    mixed_lengths[i] = strlen(mixed[i]);
  mixed_lengths[7] = 0;
  for (int32_t stride = 64; stride >= 25; stride -= 39) {
    int32_t outs[8 * 64];
    circc_result batch_results[8];
    for (int i = 0; i < 8 * 64; ++i)
      outs[i] = -7;
    status = circc_run_batch(model, mixed, mixed_lengths, 8, outs, stride,
                             batch_results);
    int same = status == CIRCC_OK;
    for (int i = 0; i < 8; ++i) {
      int32_t one[64];
      circc_result alone;
      circc_run_text(model, mixed[i], mixed_lengths[i], one, stride, &alone);
      same &= alone.status == batch_results[i].status &&
              alone.length == batch_results[i].length &&
              alone.error_index == batch_results[i].error_index;
      if (alone.status == CIRCC_OK)
        same &= memcmp(one, outs + i * stride,
                       sizeof(int32_t) * (size_t)alone.length) == 0;
      printf("%d/%d ", (int)batch_results[i].status,
             (int)batch_results[i].length);
    }
    printf("stride %d: batch equals one by one: %d\n", (int)stride, same);
  }
  circc_destroy(model);

  /* Threads are 1..CIRCC_MAX_THREADS. */
  circc_circuit *threaded = NULL;
  printf("threads 0: %d, %d: %d\n",
         (int)circc_create_with_threads(0, &threaded),
         CIRCC_MAX_THREADS + 1,
         (int)circc_create_with_threads(CIRCC_MAX_THREADS + 1, &threaded));
  if (circc_create_with_threads(2, &threaded) != CIRCC_OK)
    return 1;
  circc_destroy(threaded);
  return 0;
}
