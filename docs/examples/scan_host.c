/* scan_host.c - a complete host program for a circuit compiled by circc.
 *
 *   circc grammars/scan.scan -o scan.so
 *   cc -I runtime/include docs/examples/scan_host.c ./scan.so -o scan_host
 *   ./scan_host "jump twice after walk left"
 *
 * Runs each argument (or, without arguments, each line of stdin) through the
 * circuit and prints the output symbols, or the error with its message.
 */
#include <circc/runtime.h>

#include <stdio.h>
#include <string.h>

static int run(const circc_circuit *circuit, const char *command) {
  int32_t out[64];
  circc_result result;
  size_t length = strlen(command);
  if (circc_run_text(circuit, command, length, out, 64, &result) != CIRCC_OK) {
    char message[256];
    circc_describe(circuit, command, length, &result, message, sizeof(message));
    printf("%s -> error: %s\n", command, message);
    return 1;
  }
  printf("%s ->", command);
  for (int32_t i = 0; i < result.length; ++i)
    printf(" %s", circc_output_name(circuit, out[i]));
  printf("\n");
  return 0;
}

int main(int argc, char **argv) {
  if (circc_abi_version() != CIRCC_ABI_VERSION) {
    fprintf(stderr, "the library speaks another ABI version\n");
    return 2;
  }
  circc_circuit *circuit;
  circc_status status = circc_create(&circuit);
  if (status != CIRCC_OK) {
    fprintf(stderr, "cannot create the circuit: %s\n",
            circc_status_message(status));
    return 2;
  }
  printf("circuit '%s': %d tokens, %d outputs, at most %d tokens in and %d "
         "symbols out, %lld parameters\n",
         circc_grammar_name(circuit), circc_token_count(circuit),
         circc_output_count(circuit), circc_max_input(circuit),
         circc_max_output(circuit), (long long)circc_param_count(circuit));

  int failures = 0;
  if (argc > 1) {
    for (int i = 1; i < argc; ++i)
      failures += run(circuit, argv[i]);
  } else {
    char line[1024];
    while (fgets(line, sizeof(line), stdin)) {
      line[strcspn(line, "\r\n")] = '\0';
      failures += run(circuit, line);
    }
  }
  circc_destroy(circuit);
  return failures ? 1 : 0;
}
