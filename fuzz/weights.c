/*===- weights.c - Fuzz the weights loader ---------------------------------===*\
|*                                                                            *|
|* Part of circc's fuzzers. Every input is a weights file for a circuit      *|
|* whose word meanings load at run time (grammars/scan_learn.scan): it loads *|
|* or is refused with CIRCC_BAD_WEIGHTS and a message, and a loaded circuit  *|
|* runs.                                                                      *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#include <circc/runtime.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char path[64];

static void cleanup(void) { remove(path); }

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
  if (!path[0]) {
    snprintf(path, sizeof(path), "/tmp/circc-fuzz-weights-%d.safetensors",
             (int)getpid());
    atexit(cleanup);
  }
  FILE *f = fopen(path, "wb");
  if (!f || fwrite(data, 1, size, f) != size || fclose(f))
    abort();
  circc_circuit *c = NULL;
  char message[256] = "";
  circc_status s = circc_create_with_weights(path, &c, message, sizeof(message));
  if (s == CIRCC_OK) {
    int32_t out[64];
    circc_result r;
    circc_run_text(c, "jump twice", 10, out, 64, &r);
    if (r.status != CIRCC_OK || r.length != 2)
      abort();
    circc_destroy(c);
  } else if (s != CIRCC_BAD_WEIGHTS || c || !message[0]) {
    abort();
  }
  return 0;
}
