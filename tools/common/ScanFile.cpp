//===- ScanFile.cpp - Read SCAN-format example files ----------------------===//
//
// Part of circc's tools.
//
//===----------------------------------------------------------------------===//

#include "ScanFile.h"

#include <cstdio>
#include <zlib.h>

using namespace circc::tools;

static std::vector<std::string> splitWords(const std::string &text) {
  std::vector<std::string> words;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && text[i] == ' ')
      ++i;
    size_t start = i;
    while (i < text.size() && text[i] != ' ')
      ++i;
    if (i > start)
      words.push_back(text.substr(start, i - start));
  }
  return words;
}

bool circc::tools::readScanFile(const std::string &path, bool stopOnError,
                                std::vector<ScanExample> &examples,
                                size_t &malformed, std::string &error) {
  gzFile file = gzopen(path.c_str(), "rb");
  if (!file) {
    error = "cannot open " + path;
    return false;
  }
  std::string line;
  char buffer[4096];
  size_t lineNumber = 0;
  bool ok = true;
  auto finishLine = [&]() -> bool {
    ++lineNumber;
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r'))
      line.pop_back();
    if (line.empty())
      return true;
    size_t out = line.find(" OUT: ");
    if (line.compare(0, 4, "IN: ") != 0 || out == std::string::npos) {
      ++malformed;
      std::fprintf(stderr,
                   "%s:%zu: error: malformed line, expected 'IN: <command> "
                   "OUT: <actions>'\n",
                   path.c_str(), lineNumber);
      return !stopOnError;
    }
    examples.push_back({line.substr(4, out - 4),
                        splitWords(line.substr(out + 6)), lineNumber});
    return true;
  };
  while (gzgets(file, buffer, sizeof(buffer))) {
    line += buffer;
    if (!line.empty() && line.back() != '\n')
      continue; // A longer line, or the last one without a newline.
    if (!finishLine()) {
      ok = false;
      break;
    }
    line.clear();
  }
  if (ok && !line.empty())
    ok = finishLine();
  int status = 0;
  const char *message = gzerror(file, &status);
  if (ok && status != Z_OK && status != Z_STREAM_END) {
    error = "reading " + path + ": " + message;
    ok = false;
  }
  gzclose(file);
  return ok;
}
