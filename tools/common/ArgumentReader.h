//===- ArgumentReader.h - Command-line options of the small tools -*- C++ -*-===//
//
// Part of circc. circ-eval and circ-train (C ABI clients, no LLVM) read
// their options through this: `--name=VALUE` and `--name VALUE` both work,
// numbers are checked, and every mistake gets a message.
//
//===----------------------------------------------------------------------===//

#ifndef CIRCC_TOOLS_COMMON_ARGUMENTREADER_H
#define CIRCC_TOOLS_COMMON_ARGUMENTREADER_H

#include <string>

namespace circc::tools {

class ArgumentReader {
public:
  ArgumentReader(int argc, char **argv) : argc(argc), argv(argv) {}

  /// Moves to the next argument; false when there is none.
  bool next();
  /// The current argument.
  const std::string &current() const { return arg; }

  /// Whether the current argument is the flag `name` ("--json").
  bool flag(const char *name) const { return arg == name; }
  /// Whether the current argument is option `name`, its value then in
  /// `value` (from "--name=VALUE" or the next argument). A missing value
  /// sets the error.
  bool value(const char *name, std::string &value);
  /// The same for an integer in [min, max] or a positive real number.
  bool integer(const char *name, long long min, long long max, long long &out);
  bool positiveReal(const char *name, double &out);

  /// Whether the current argument looks like an option.
  bool isOption() const { return arg.size() > 1 && arg[0] == '-'; }

  /// The first mistake found, or empty.
  const std::string &error() const { return problem; }

private:
  int argc;
  char **argv;
  int index = 0;
  std::string arg, problem;
};

/// The `--version` text of a small tool: "TOOL (circc VERSION)".
std::string versionText(const char *tool);

} // namespace circc::tools

#endif // CIRCC_TOOLS_COMMON_ARGUMENTREADER_H
