/* Two circuits linked into one program by name: each library exports the
   circc C ABI under its own prefix (circc --symbol-prefix), declared by the
   header circc wrote next to it. */
#include "libarith.h"
#include "libscan.h"

#include <stdio.h>

int main(void) {
  circc_circuit *scan, *arith;
  if (scan_circc_create(&scan) != CIRCC_OK ||
      arith_circc_create(&arith) != CIRCC_OK)
    return 1;
  int32_t out[64];
  circc_result result;
  circc_status status =
      scan_circc_run_text(scan, "jump twice", 10, out, 64, &result);
  printf("%s:", scan_circc_grammar_name(scan));
  for (int32_t i = 0; status == CIRCC_OK && i < result.length; ++i)
    printf(" %s", scan_circc_output_name(scan, out[i]));
  status = arith_circc_run_text(arith, "( 7 * 8 )", 9, out, 64, &result);
  printf("\n%s:", arith_circc_grammar_name(arith));
  for (int32_t i = 0; status == CIRCC_OK && i < result.length; ++i)
    printf(" %s", arith_circc_output_name(arith, out[i]));
  printf("\n");
  scan_circc_destroy(scan);
  arith_circc_destroy(arith);
  return 0;
}
