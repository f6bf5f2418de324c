//===- Timing.h - How circc's benchmarks time implementations ---*- C++ -*-===//
//
// Part of circc's benchmarks. Every implementation runs the same texts in
// one process, pinned to one core; each is timed over the whole list for a
// fraction of the time budget, in turns with the others, five times, and
// its best run counts, so that a change in the machine's speed affects all
// of them alike.
//
//===----------------------------------------------------------------------===//

#ifndef CIRCC_BENCH_TIMING_H
#define CIRCC_BENCH_TIMING_H

#include "CircuitLibrary.h"
#include "ScanFile.h"

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace bench {

/// Runs one command's text; returns the output length, or -1.
using RunFn = std::function<int32_t(const char *, size_t, int32_t *, int32_t)>;

/// Reads the examples of `file` (any format circc::tools::readScanFile
/// reads), stopping at a malformed line; prints the error as `tool` and
/// returns false when it cannot, or the file is empty.
bool readExamples(const std::string &file, const char *tool,
                  std::vector<circc::tools::ScanExample> &examples);

/// Reads argv[first..]: `--seconds=S` (default 2) and the files to run.
void readFilesAndSeconds(int argc, char **argv, int first,
                         std::vector<std::string> &files, double &seconds);

/// Pins the process to one core: the comparison is per core.
void pinToOneCore();

/// Loads a circuit library and returns its circc_run_text; null after
/// printing the error. The library stays loaded while `keep` lives.
RunFn loadCircuit(const std::string &path,
                  std::vector<std::unique_ptr<circc::tools::CircuitLibrary>> &keep,
                  const char *tool);

/// The best of five timed runs of each of `runs` over `texts`, taken in
/// turns, in nanoseconds per text; `checksum` absorbs the outputs.
std::vector<double> measure(const std::vector<std::string_view> &texts,
                            const std::vector<const RunFn *> &runs,
                            double seconds, int64_t &checksum);

} // namespace bench

#endif // CIRCC_BENCH_TIMING_H
