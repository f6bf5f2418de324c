/* A circuit of any input length (grammars/listops.scan declares no bound):
   a command of a million tokens, nested half a million deep, through text
   and through ids; then short commands and errors on the same handle, which
   keeps the grown buffers; under the sanitizers. */
#include <circc/runtime.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* `depth` nested "[MAX 1 ... ]" around a 9: 3 * depth + 1 tokens, value 9.
   With `broken`, the innermost 9 becomes `token`. */
static char *nested(int depth, const char *token) {
  size_t length = (size_t)depth * 10 + strlen(token) + 1;
  char *text = (char *)malloc(length);
  char *p = text;
  for (int i = 0; i < depth; ++i) {
    memcpy(p, "[MAX 1 ", 7);
    p += 7;
  }
  p += sprintf(p, "%s", token);
  for (int i = 0; i < depth; ++i) {
    memcpy(p, " ]", 2);
    p += 2;
  }
  *p = 0;
  return text;
}

static void run(circc_circuit *c, const char *name, const char *text) {
  int32_t out[4];
  circc_result r;
  circc_status s = circc_run_text(c, text, strlen(text), out, 4, &r);
  printf("%s: status %d", name, (int)s);
  if (s == CIRCC_OK)
    printf(" value %s", circc_output_name(c, out[0]));
  else
    printf(" at %d", (int)r.error_index);
  printf("\n");
}

int main(void) {
  circc_circuit *c;
  if (circc_create(&c) != CIRCC_OK)
    return 2;
  printf("max input %d\n", (int)circc_max_input(c));
  char *million = nested(333333, "9");
  run(c, "1000000 tokens", million);
  char *unknown = nested(333333, "x");
  run(c, "unknown token", unknown);
  char *unclosed = nested(333333, "9");
  unclosed[strlen(unclosed) - 2] = 0; /* one "]" short */
  run(c, "unclosed", unclosed);
  run(c, "short", "[MAX 2 9 [MIN 4 7 ] 0 ]");
  run(c, "short again", "[SM 9 9 9 ]");
  run(c, "empty", "");

  /* The same million as ids. */
  int32_t max = circc_token_id(c, "[MAX", 4), one = circc_token_id(c, "1", 1),
          nine = circc_token_id(c, "9", 1), close = circc_token_id(c, "]", 1);
  int32_t n = 3 * 333333 + 1;
  int32_t *ids = (int32_t *)malloc(sizeof(int32_t) * (size_t)n);
  int32_t k = 0;
  for (int i = 0; i < 333333; ++i) {
    ids[k++] = max;
    ids[k++] = one;
  }
  ids[k++] = nine;
  for (int i = 0; i < 333333; ++i)
    ids[k++] = close;
  int32_t out[1];
  circc_result r;
  circc_status s = circc_run_ids(c, ids, n, out, 1, &r);
  printf("%d ids: status %d value %s\n", (int)n, (int)s,
         s == CIRCC_OK ? circc_output_name(c, out[0]) : "-");
  s = circc_run_ids(c, ids, n, out, 0, &r);
  printf("no room: status %d length %d\n", (int)s, (int)r.length);
  free(ids);
  free(million);
  free(unknown);
  free(unclosed);
  circc_destroy(c);
  return 0;
}
