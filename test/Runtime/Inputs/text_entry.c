/* circc_run_text against circc_trace_text, which always lexes in the
   runtime and runs __circc_trace (for a circuit with baked weights its codes
   are the output symbols): every command of stdin (SCAN format) and
   thousands of mutations of them must give the same status, length, error
   position and output. Each text is also placed just before an unreadable
   page, so that a read past its end faults. Prints how many runs wrote past
   the output's length within the capacity: only the compiled whole-text run
   (__circc_run_text) does that. */
#include <circc/runtime.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define XORSHIFT_SEED 0x2545F4914F6CDD1Dull
#include "xorshift.h"

enum { kCapacity = 64, kCanary = -12345 };

static char *guarded; /* a page followed by an unreadable one */
static long page;
static int mismatches, compiled, runs;

static void check(const circc_circuit *c, const char *text, size_t length) {
  if (length > (size_t)page)
    return;
  char *at = guarded + page - length;
  memcpy(at, text, length);
  int32_t fast[kCapacity + 8], slow[kCapacity + 8];
  for (int i = 0; i < kCapacity + 8; ++i)
    fast[i] = slow[i] = kCanary;
  circc_result rf, rs;
  circc_status sf = circc_run_text(c, at, length, fast, kCapacity, &rf);
  circc_status ss = circc_trace_text(c, at, length, slow, kCapacity, &rs);
  ++runs;
  int same = sf == ss && rf.status == rs.status && rf.length == rs.length &&
             rf.error_index == rs.error_index;
  if (same && sf == CIRCC_OK)
    same = memcmp(fast, slow, sizeof(int32_t) * (size_t)rf.length) == 0;
  for (int i = kCapacity; i < kCapacity + 8; ++i)
    same &= fast[i] == kCanary;
  if (sf != CIRCC_OK)
    for (int i = 0; i < kCapacity; ++i)
      same &= fast[i] == kCanary;
  if (!same && ++mismatches <= 5)
    printf("mismatch on '%.*s': status %d/%d length %d/%d index %d/%d\n",
           (int)length, text, (int)sf, (int)ss, rf.length, rs.length,
           rf.error_index, rs.error_index);
  if (sf == CIRCC_OK && rf.length < kCapacity && fast[rf.length] != kCanary)
    ++compiled;
}

/* A random edit: a byte changed, dropped or duplicated, whitespace or a
   control byte inserted, or the text cut. */
static size_t mutate(char *text, size_t length) {
  size_t at = length ? next() % length : 0;
  switch (next() % 6) {
  case 0:
    if (length)
      text[at] = (char)(next() % 256);
    return length;
  case 1:
    if (length) {
      memmove(text + at, text + at + 1, length - at - 1);
      return length - 1;
    }
    return length;
  case 2:
    memmove(text + at + 1, text + at, length - at);
    return length + 1;
  case 3:
    memmove(text + at + 1, text + at, length - at);
    text[at] = " \t\n\0"[next() % 4];
    return length + 1;
  case 4:
    return at;
  default:
    memmove(text + at + 1, text + at, length - at);
    text[at] = ' ';
    return length + 1;
  }
}

int main(void) {
  page = sysconf(_SC_PAGESIZE);
  guarded = mmap(NULL, 2 * (size_t)page, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (guarded == MAP_FAILED || mprotect(guarded + page, (size_t)page, PROT_NONE))
    return 2;
  circc_circuit *c;
  if (circc_create(&c) != CIRCC_OK)
    return 2;
  char line[4096];
  int commands = 0;
  while (fgets(line, sizeof(line), stdin)) {
    char *in = strstr(line, "IN: "), *end = strstr(line, " OUT: ");
    if (!in || !end)
      continue;
    in += 4;
    size_t length = (size_t)(end - in);
    ++commands;
    check(c, in, length);
    char text[256];
    if (commands % 4 == 0 && length < 200) {
      memcpy(text, in, length);
      size_t n = length;
      for (int edit = 0; edit < 3; ++edit) {
        n = mutate(text, n);
        check(c, text, n);
      }
    }
  }
  printf("commands %d runs %d compiled %d mismatches %d\n", commands, runs,
         compiled, mismatches);
  circc_destroy(c);
  return mismatches != 0;
}
