//===- PcfgInterpreter.h - A hand-written PCFG SET interpreter ---*- C++ -*-===//
//
// Part of circc's benchmarks: what a careful programmer would write instead
// of compiling grammars/pcfgset.scan. It reads a command's text directly
// (recursive descent over the words, no allocation) and writes the output
// letters' ids (A1..A20 B1..B20 ... Z1..Z20 in that order, as the grammar's
// outputs are numbered) into the caller's buffer.
//
//===----------------------------------------------------------------------===//

#ifndef CIRCC_BENCH_PCFGINTERPRETER_H
#define CIRCC_BENCH_PCFGINTERPRETER_H

#include <cstddef>
#include <cstdint>

namespace pcfg {

/// Runs `text`; returns the output length, or -1 when the text is not a
/// command or its output (or a part of it) exceeds `capacity`.
int32_t interpret(const char *text, size_t length, int32_t *out,
                  int32_t capacity);

} // namespace pcfg

#endif // CIRCC_BENCH_PCFGINTERPRETER_H
