//===- ScanInterpreter.h - A hand-written SCAN interpreter ------*- C++ -*-===//
//
// Part of circc's benchmarks. The baseline a careful engineer would write by
// hand for SCAN: a lexer that recognises the 13 words by length and spelling,
// a recursive-descent parser that writes actions straight into the caller's
// buffer, no allocation. Action ids follow grammars/scan.scan's outputs.
//
//===----------------------------------------------------------------------===//

#ifndef CIRCC_BENCH_SCANINTERPRETER_H
#define CIRCC_BENCH_SCANINTERPRETER_H

#include <cstddef>
#include <cstdint>

namespace scan {

enum Action : int32_t { I_WALK, I_LOOK, I_RUN, I_JUMP, I_TURN_LEFT, I_TURN_RIGHT };

/// Interprets `text`; writes at most `capacity` actions to `out`. Returns the
/// number of actions, or -1 if the text is not a SCAN command or the output
/// does not fit.
int32_t interpret(const char *text, size_t length, int32_t *out,
                  int32_t capacity);

} // namespace scan

#endif // CIRCC_BENCH_SCANINTERPRETER_H
