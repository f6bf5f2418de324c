/*===- run_text.c - Fuzz the text, ids and batch entry points -------------===*\
|*                                                                            *|
|* Part of circc's fuzzers. Links the runtime and a compiled SCAN circuit,    *|
|* both instrumented (the circuit from circc --emit=llvm), and checks on      *|
|* every input: the text is read from a buffer that ends at an unreadable     *|
|* page; a success fits the capacity and writes nothing past it; a failure    *|
|* writes nothing; the ids path agrees with the text path; the batch path     *|
|* agrees with both.                                                          *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#include <circc/runtime.h>

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static circc_circuit *circuit;
static char *page_end; /* the first byte of an unreadable page */

static void check(int ok) {
  if (!ok)
    abort();
}

static void setup(void) {
  if (circc_create(&circuit) != CIRCC_OK)
    abort();
  long page = sysconf(_SC_PAGESIZE);
  char *pages = mmap(NULL, 2 * (size_t)page, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (pages == MAP_FAILED || mprotect(pages + page, page, PROT_NONE))
    abort();
  page_end = pages + page;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
  if (!circuit)
    setup();
  if (size > 4096)
    return 0;
  /* The text ends where the readable memory does. */
  char *text = page_end - size;
  memcpy(text, data, size);
  int32_t capacity = size ? data[0] % 64 : 0;
  int32_t out[80];
  for (int i = 0; i < 80; ++i)
    out[i] = -7;
  circc_result result;
  circc_status status =
      circc_run_text(circuit, text, size, out, capacity, &result);
  check(result.status == status);
  if (status == CIRCC_OK) {
    check(result.length <= capacity);
    /* A success may write the route rounded up to 4, never past the
       capacity. */
    for (int i = capacity; i < 80; ++i)
      check(out[i] == -7);
  } else {
    for (int i = 0; i < 80; ++i)
      check(out[i] == -7);
  }

  /* The same words as token ids, when every word is a token. */
  int32_t ids[64], count = 0;
  int known = 1;
  for (size_t i = 0; i < size && known;) {
    while (i < size && (text[i] == ' ' || (text[i] >= '\t' && text[i] <= '\r')))
      ++i;
    size_t start = i;
    while (i < size && !(text[i] == ' ' || (text[i] >= '\t' && text[i] <= '\r')))
      ++i;
    if (i == start)
      break;
    int32_t id = circc_token_id(circuit, text + start, i - start);
    if (id < 0 || count == 64)
      known = 0;
    else
      ids[count++] = id;
  }
  if (known && status != CIRCC_UNKNOWN_TOKEN) {
    int32_t again[80];
    circc_result other;
    circc_status s =
        circc_run_ids(circuit, ids, count, again, capacity, &other);
    check(s == status);
    if (s == CIRCC_OK) {
      check(other.length == result.length);
      check(memcmp(again, out, sizeof(int32_t) * (size_t)result.length) == 0);
    }
  }

  /* And through the batch entry point. */
  const char *texts[1] = {text};
  size_t lengths[1] = {size};
  int32_t batch[64];
  circc_result results[1];
  check(circc_run_batch(circuit, texts, lengths, 1, batch, 64, results) ==
        CIRCC_OK);
  if (status == CIRCC_OK)
    check(results[0].status == CIRCC_OK && results[0].length == result.length &&
          memcmp(batch, out, sizeof(int32_t) * (size_t)result.length) == 0);
  return 0;
}
