//===- ScanFile.h - Read SCAN-format example files --------------*- C++ -*-===//
//
// Part of circc's tools. Reads examples, plain or gzipped, in the formats
// the datasets ship: SCAN's `IN: <command> OUT: <actions>` lines, parallel
// `NAME.src` / `NAME.tgt` files (PCFG SET: name the .src file), and TSV
// (`input<TAB>output[<TAB>category]`, as COGS ships; a file named .tsv; a
// first line `Source<TAB>Target`, Long Range Arena's header, is skipped). No
// MLIR: the tools that use it are clients of the runtime ABI only.
//
//===----------------------------------------------------------------------===//

#ifndef CIRCC_TOOLS_COMMON_SCANFILE_H
#define CIRCC_TOOLS_COMMON_SCANFILE_H

#include <cstddef>
#include <string>
#include <vector>

namespace circc::tools {

struct ScanExample {
  std::string command;
  std::vector<std::string> actions;
  size_t line;
  /// The TSV category column, where there is one.
  std::string category;
};

/// The lines of a file that are not examples.
struct ScanFileCounts {
  /// Lines reported as malformed.
  size_t malformed = 0;
  /// Empty lines, skipped (a .src file's empty line is an empty command).
  size_t empty = 0;
};

/// Reads every example of `path` into `examples`, in the format its name
/// says. A malformed line is reported on stderr as `PATH:LINE: error: ...`
/// and counted in `counts.malformed`; with `stopOnError` reading stops there.
/// Empty lines are counted in `counts.empty`. Returns false if reading
/// stopped, or the file cannot be read (then `error` says why).
bool readScanFile(const std::string &path, bool stopOnError,
                  std::vector<ScanExample> &examples, ScanFileCounts &counts,
                  std::string &error);

} // namespace circc::tools

#endif // CIRCC_TOOLS_COMMON_SCANFILE_H
