/* Commands of exactly 64 bytes whose last word runs to the end: the
   runtime's short-command lexer must find the word's end without counting
   the zeros of an empty mask (built with -fsanitize=undefined). */
#include <circc/runtime.h>

#include <stdio.h>
#include <string.h>

static void run(circc_circuit *c, const char *label, const char *text,
                size_t length) {
  int32_t out[64];
  circc_result result;
  circc_status s = circc_run_text(c, text, length, out, 64, &result);
  printf("%s: status %d error index %d\n", label, (int)s, result.error_index);
}

int main(void) {
  circc_circuit *c;
  if (circc_create(&c) != CIRCC_OK)
    return 2;
  char text[64];
  memset(text, 'x', sizeof(text));
  run(c, "64 x", text, 64);
  text[0] = 0x00;
  text[1] = (char)0x88;
  run(c, "nul, 0x88, 62 x", text, 64);
  memcpy(text, "walk ", 5);
  run(c, "walk and 59 x", text, 64);
  circc_destroy(c);
  return 0;
}
