//===- ScanFile.cpp - Read SCAN-format example files ----------------------===//
//
// Part of circc's tools.
//
//===----------------------------------------------------------------------===//

#include "ScanFile.h"

#include <cstdio>
#include <memory>
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

namespace {

/// Reads a plain or gzipped file line by line.
class LineReader {
public:
  explicit LineReader(const std::string &path)
      : path(path), file(gzopen(path.c_str(), "rb")) {}
  ~LineReader() {
    if (file)
      gzclose(file);
  }
  bool isOpen() const { return file != nullptr; }
  /// The next line without its end, or false at the end of the file.
  bool next(std::string &line) {
    line.clear();
    char buffer[4096];
    while (gzgets(file, buffer, sizeof(buffer))) {
      line += buffer;
      if (line.back() == '\n')
        break;
    }
    if (line.empty())
      return false;
    ++number;
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r'))
      line.pop_back();
    return true;
  }
  /// Empty, or what went wrong reading.
  std::string failure() {
    int status = 0;
    const char *message = gzerror(file, &status);
    return status != Z_OK && status != Z_STREAM_END
               ? "reading " + path + ": " + message
               : std::string();
  }
  std::string path;
  gzFile file;
  size_t number = 0;
};

bool endsWith(const std::string &text, const std::string &suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

/// The .tgt file next to `source` (FILE.src[.gz]): FILE.tgt or FILE.tgt.gz.
std::string targetsOf(const std::string &source) {
  std::string stem = source.substr(0, source.rfind(".src"));
  for (const char *suffix : {".tgt", ".tgt.gz"}) {
    std::string candidate = stem + suffix;
    if (FILE *f = std::fopen(candidate.c_str(), "rb")) {
      std::fclose(f);
      return candidate;
    }
  }
  return stem + ".tgt";
}

} // namespace

bool circc::tools::readScanFile(const std::string &path, bool stopOnError,
                                std::vector<ScanExample> &examples,
                                ScanFileCounts &counts, std::string &error) {
  LineReader reader(path);
  if (!reader.isOpen()) {
    error = "cannot open " + path;
    return false;
  }
  auto reject = [&](const char *expected) {
    ++counts.malformed;
    std::fprintf(stderr, "%s:%zu: error: malformed line, expected %s\n",
                 path.c_str(), reader.number, expected);
    return !stopOnError;
  };
  bool isSource = endsWith(path, ".src") || endsWith(path, ".src.gz");
  bool isTsv = endsWith(path, ".tsv") || endsWith(path, ".tsv.gz");
  std::unique_ptr<LineReader> targets;
  if (isSource) {
    targets = std::make_unique<LineReader>(targetsOf(path));
    if (!targets->isOpen()) {
      error = "cannot open " + targets->path + ", the targets of " + path;
      return false;
    }
  }
  std::string line, target;
  bool ok = true;
  while (ok && reader.next(line)) {
    if (isSource) {
      if (!targets->next(target)) {
        error = targets->path + " has fewer lines than " + path;
        return false;
      }
      examples.push_back({line, splitWords(target), reader.number, {}});
      continue;
    }
    if (line.empty()) {
      ++counts.empty;
      continue;
    }
    if (isTsv) {
      // Long Range Arena's header line.
      if (reader.number == 1 && line == "Source\tTarget")
        continue;
      size_t tab = line.find('\t');
      if (tab == std::string::npos) {
        ok = reject("'input<TAB>output[<TAB>category]'");
        continue;
      }
      size_t second = line.find('\t', tab + 1);
      std::string output = line.substr(tab + 1, second == std::string::npos
                                                    ? std::string::npos
                                                    : second - tab - 1);
      std::string category =
          second == std::string::npos ? "" : line.substr(second + 1);
      examples.push_back({line.substr(0, tab), splitWords(output),
                          reader.number, category});
      continue;
    }
    size_t out = line.find(" OUT: ");
    if (line.compare(0, 4, "IN: ") != 0 || out == std::string::npos) {
      ok = reject("'IN: <command> OUT: <actions>'");
      continue;
    }
    examples.push_back({line.substr(4, out - 4),
                        splitWords(line.substr(out + 6)), reader.number, {}});
  }
  if (ok && isSource && targets->next(target)) {
    error = targets->path + " has more lines than " + path;
    return false;
  }
  if (std::string failure = reader.failure(); ok && !failure.empty()) {
    error = failure;
    ok = false;
  }
  return ok;
}
