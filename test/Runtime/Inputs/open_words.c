/* Runs commands with words outside the vocabulary through circc_run_text and
   circc_run_ids and spells each output with circc_output_text. */
#include "circc/runtime.h"

#include <stdio.h>
#include <string.h>

static void print(const circc_circuit *circuit, const char *label,
                  const char *text, circc_status status, const int32_t *out,
                  const circc_result *result) {
  printf("%s: status %d", label, status);
  if (status != CIRCC_OK) {
    printf(" at %d\n", result->error_index);
    return;
  }
  for (int32_t i = 0; i < result->length; ++i) {
    size_t length = 0;
    const char *word =
        circc_output_text(circuit, text, strlen(text), out[i], &length);
    printf(" %.*s", (int)length, word ? word : "<none>");
  }
  printf("\n");
}

/* The token ids of `text`: a known word's own, an unknown one's open
   class's by its first byte (the test's words are of one shape each). */
static int32_t tokens_of(const circc_circuit *circuit, const char *text,
                         int32_t *ids) {
  int32_t n = 0;
  for (const char *at = text; *at;) {
    size_t length = strcspn(at, " ");
    int32_t id = circc_token_id(circuit, at, length);
    if (id < 0) {
      const char *open = *at >= 'a' && *at <= 'z'   ? "<open noun>"
                         : *at >= 'A' && *at <= 'Z' ? "<open name>"
                                                    : "<open number>";
      for (int32_t t = 0; t < circc_token_count(circuit); ++t)
        if (!strcmp(circc_token_name(circuit, t), open))
          id = t;
    }
    ids[n++] = id;
    at += length;
    at += *at == ' ';
  }
  return n;
}

int main(void) {
  circc_circuit *circuit;
  if (circc_create(&circuit) != CIRCC_OK)
    return 1;
  static const char *const commands[] = {
      "the dog saw Emma",
      "a cat saw Bob and Zed saw the mouse",
      "12 cats saw 3 dogs",
      "the Dog saw Emma",
      "the dog saw Emma and the the saw Emma",
      "the dog saw x-ray",
  };
  int32_t out[64], ids[64];
  circc_result result;
  for (size_t k = 0; k < sizeof commands / sizeof *commands; ++k) {
    const char *text = commands[k];
    circc_status status =
        circc_run_text(circuit, text, strlen(text), out, 64, &result);
    print(circuit, text, text, status, out, &result);
  }
  /* By ids: an input word is its position, whichever way it came in. */
  const char *text = "a cat saw Bob and Zed saw the mouse";
  int32_t count = tokens_of(circuit, text, ids);
  circc_status status = circc_run_ids(circuit, ids, count, out, 64, &result);
  print(circuit, "ids", text, status, out, &result);
  int32_t outputs = circc_output_count(circuit);
  printf("first input word: id %d of %d outputs\n", out[2], outputs);
  /* An id that is no output and no word of the command. */
  size_t length = 7;
  printf("past the words: %s\n", circc_output_text(circuit, text, strlen(text),
                                                   outputs + count, &length)
                                     ? "text"
                                     : "NULL");
  printf("negative: %s\n",
         circc_output_text(circuit, text, strlen(text), -1, &length) ? "text"
                                                                     : "NULL");
  printf("no text: %s\n", circc_output_text(circuit, NULL, 0, outputs, &length)
                              ? "text"
                              : "NULL");
  circc_destroy(circuit);
  return 0;
}
