//===- ArgumentReader.cpp - Command-line options of the small tools -------===//
//
// Part of circc.
//
//===----------------------------------------------------------------------===//

#include "ArgumentReader.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>

using namespace circc::tools;

bool ArgumentReader::next() {
  if (++index >= argc)
    return false;
  arg = argv[index];
  return true;
}

bool ArgumentReader::value(const char *name, std::string &out) {
  size_t length = std::strlen(name);
  if (arg.compare(0, length, name) != 0)
    return false;
  if (arg.size() > length && arg[length] == '=') {
    out = arg.substr(length + 1);
    return true;
  }
  if (arg.size() != length)
    return false;
  if (index + 1 >= argc) {
    if (problem.empty())
      problem = std::string(name) + " needs a value";
    return true;
  }
  out = argv[++index];
  return true;
}

bool ArgumentReader::integer(const char *name, long long min, long long max,
                             long long &out) {
  std::string text;
  if (!value(name, text))
    return false;
  char *end = nullptr;
  errno = 0;
  long long parsed = std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || errno || parsed < min || parsed > max) {
    if (problem.empty())
      problem = std::string(name) + " takes an integer from " +
                std::to_string(min) + " to " + std::to_string(max) +
                ", not '" + text + "'";
    return true;
  }
  out = parsed;
  return true;
}

bool ArgumentReader::positiveReal(const char *name, double &out) {
  std::string text;
  if (!value(name, text))
    return false;
  char *end = nullptr;
  errno = 0;
  double parsed = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || errno || !(parsed > 0) ||
      !std::isfinite(parsed)) {
    if (problem.empty())
      problem = std::string(name) + " takes a positive number, not '" + text +
                "'";
    return true;
  }
  out = parsed;
  return true;
}

std::string circc::tools::versionText(const char *tool) {
  return std::string(tool) + " (circc " CIRCC_VERSION ")";
}
