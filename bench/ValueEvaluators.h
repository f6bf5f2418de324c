//===- ValueEvaluators.h - Hand-written CruxMini and ListOps evaluators ---===//
//
// Part of circc's benchmarks: what a careful programmer would write instead
// of compiling grammars/arith.scan or grammars/listops.scan. Each reads a
// command's text directly (recursive descent, no allocation) and returns
// its value (the output symbol id, the digit itself), or -1 when the text is
// not a command of the language.
//
//===----------------------------------------------------------------------===//

#ifndef CIRCC_BENCH_VALUEEVALUATORS_H
#define CIRCC_BENCH_VALUEEVALUATORS_H

#include <cstddef>
#include <cstdint>

namespace values {

/// `( 3 + ( 4 * 5 ) )`: +, - and * mod 10.
int32_t evaluateArith(const char *text, size_t length);

/// `[MAX 2 9 [MIN 4 7 ] 0 ]`: MIN, MAX, MED (lower middle), SM (sum mod 10)
/// of 2 to 5 arguments.
int32_t evaluateListOps(const char *text, size_t length);

} // namespace values

#endif // CIRCC_BENCH_VALUEEVALUATORS_H
