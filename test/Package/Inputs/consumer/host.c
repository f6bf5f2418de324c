/* Runs one command through a circuit linked at build time. */
#include <circc/runtime.h>

#include <stdio.h>
#include <string.h>

int main(void) {
  circc_circuit *c;
  if (circc_create(&c) != CIRCC_OK)
    return 1;
  const char *text = "jump twice";
  int32_t out[8];
  circc_result r;
  if (circc_run_text(c, text, strlen(text), out, 8, &r) != CIRCC_OK)
    return 1;
  printf("%s ->", text);
  for (int32_t i = 0; i < r.length; ++i)
    printf(" %s", circc_output_name(c, out[i]));
  printf("\n");
  circc_destroy(c);
  return 0;
}
