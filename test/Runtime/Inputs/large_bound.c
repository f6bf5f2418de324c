/* A circuit whose input bound (400 tokens) is past the runtime's stack
   buffers: token ids go to the heap, under the sanitizers. */
#include <circc/runtime.h>

#include <stdio.h>
#include <string.h>

int main(void) {
  circc_circuit *c;
  if (circc_create(&c) != CIRCC_OK)
    return 2;
  const char *texts[] = {"[MAX 2 9 [MIN 4 7 ] 0 ]", "[MED 3 8 1 5 ]",
                         "[SM 9 9 9 ]", "[MAX 2", "[MIN 1 x ]"};
  for (int i = 0; i < 5; ++i) {
    int32_t out[4];
    circc_result r;
    circc_status s = circc_run_text(c, texts[i], strlen(texts[i]), out, 4, &r);
    printf("%s: status %d", texts[i], (int)s);
    if (s == CIRCC_OK)
      printf(" value %s", circc_output_name(c, out[0]));
    printf("\n");
  }
  int32_t ids[300];
  for (int i = 0; i < 300; ++i)
    ids[i] = 0;
  int32_t out[4];
  circc_result r;
  printf("300 ids: status %d\n", (int)circc_run_ids(c, ids, 300, out, 4, &r));
  printf("no ids: status %d\n", (int)circc_run_ids(c, NULL, 0, out, 4, &r));
  circc_destroy(c);
  return 0;
}
