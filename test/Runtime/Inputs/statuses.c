/* Every status of the runtime ABI, with its message. */
#include <circc/runtime.h>

#include <stdio.h>
#include <string.h>

static void show(const circc_circuit *c, const char *text, int32_t capacity) {
  int32_t out[64];
  for (int i = 0; i < 64; ++i)
    out[i] = -7;
  circc_result r;
  circc_status s =
      circc_run_text(c, text, strlen(text), out, capacity, &r);
  char message[128];
  circc_describe(c, text, strlen(text), &r, message, sizeof(message));
  /* Nothing may be written past the capacity, or at all on failure. */
  int untouched = 1;
  for (int i = (s == CIRCC_OK ? capacity : 0); i < 64; ++i)
    untouched &= out[i] == -7;
  printf("[%s] cap=%d status=%d length=%d index=%d untouched=%d: %s\n", text,
         capacity, (int)s, r.length, r.error_index, untouched, message);
}

int main(void) {
  circc_circuit *c;
  if (circc_create(&c) != CIRCC_OK)
    return 2;
  show(c, "  walk\tleft  ", 64);
  show(c, "walk fly", 64);
  show(c, "walk twice and walk twice and walk", 64);
  show(c, "walk left walk left walk left walk left walk left", 64);
  show(c, "twice", 64);
  show(c, "walk twice after", 64);
  show(c, "", 64);
  show(c, "walk around left thrice", 23);
  show(c, "walk around left thrice", 24);
  show(c, "walk around left thrice", 0);

  int32_t ids[3] = {0, 9, 13};
  int32_t out[8];
  circc_result r;
  printf("ids bad: status=%d index=%d\n",
         (int)circc_run_ids(c, ids, 3, out, 8, &r), r.error_index);
  ids[2] = 0;
  printf("ids no parse: status=%d index=%d\n",
         (int)circc_run_ids(c, ids, 3, out, 8, &r), r.error_index);
  printf("ids ok: status=%d length=%d\n",
         (int)circc_run_ids(c, ids, 2, out, 8, &r), r.length);
  int32_t many[10] = {0};
  printf("ids too long: status=%d\n",
         (int)circc_run_ids(c, many, 10, out, 8, &r));
  printf("null text: status=%d\n", (int)circc_run_text(c, NULL, 3, out, 8, &r));
  printf("negative capacity: status=%d\n",
         (int)circc_run_text(c, "walk", 4, out, -1, &r));
  printf("null handle: status=%d\n",
         (int)circc_run_text(NULL, "walk", 4, out, 8, &r));
  printf("token id: %d %d %d\n", circc_token_id(c, "opposite", 8),
         circc_token_id(c, "opposit", 7), circc_token_id(c, "oppositee", 9));
  printf("names: %s %s %s\n", circc_token_name(c, 12),
         circc_output_name(c, 5), circc_output_name(c, 6) ? "?" : "(null)");

  const char *texts[3] = {"jump", "jump jump", "look twice"};
  size_t lengths[3] = {4, 9, 10};
  int32_t batch[3 * 4];
  circc_result results[3];
  printf("batch: status=%d", (int)circc_run_batch(c, texts, lengths, 3, batch, 4,
                                                  results));
  for (int i = 0; i < 3; ++i)
    printf(" [%d %d]", (int)results[i].status, results[i].length);
  printf(" first=%d,%d\n", batch[0], batch[8]);
  circc_destroy(c);
  circc_destroy(NULL);
  return 0;
}
