//===- circ-eval.cpp - Evaluate a compiled circuit on SCAN-format files ---===//
//
// Part of circc. Loads a circuit library with dlopen (it is an ordinary C
// client of circc/runtime.h, with no MLIR in it), runs every command of each
// file through it and reports exact-match accuracy and throughput.
//
//   circ-eval scan.so tasks_test_simple.txt.gz ...
//
// Files are `IN: <command> OUT: <actions>` per line, plain or gzipped.
//
//===----------------------------------------------------------------------===//

#include "circc/runtime.h"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <dlfcn.h>
#include <string>
#include <vector>
#include <zlib.h>

namespace {

struct Options {
  std::string library;
  std::string weights;
  std::vector<std::string> files;
  bool json = false;
  bool table = false;
  bool stopOnError = false;
  int showFailures = 0;
};

/// The functions circ-eval uses, looked up in the library.
struct Circuit {
  void *handle = nullptr;
  circc_circuit *circuit = nullptr;
  decltype(&circc_create) create;
  decltype(&circc_create_with_weights) createWithWeights;
  decltype(&circc_destroy) destroy;
  decltype(&circc_grammar_name) grammarName;
  decltype(&circc_param_count) paramCount;
  decltype(&circc_max_output) maxOutput;
  decltype(&circc_output_count) outputCount;
  decltype(&circc_output_name) outputName;
  decltype(&circc_run_text) runText;
  decltype(&circc_describe) describe;
  decltype(&circc_abi_version) abiVersion;
};

struct Example {
  std::string command;
  std::vector<int32_t> expected; // -1 marks a symbol the circuit lacks
  size_t line;
};

struct FileResult {
  std::string file;
  size_t total = 0, exact = 0, malformed = 0;
  double seconds = 0;
};

void usage() {
  std::fprintf(stderr,
               "usage: circ-eval [--weights=FILE] [--json] [--table] "
               "[--stop-on-error] [--show-failures=N] LIBRARY.so FILE...\n"
               "\n"
               "Runs every 'IN: ... OUT: ...' line of each FILE (plain or "
               "gzipped) through the\ncompiled circuit LIBRARY.so and prints, "
               "per file, 'FILE: EXACT/TOTAL exact (PCT%%)'\nand the commands "
               "per second.\n"
               "\n"
               "  --weights=FILE     load the circuit's learnable tables from "
               "FILE (safetensors)\n"
               "  --json             print the results as JSON\n"
               "  --table            print a table of split, commands, "
               "accuracy, parameters\n"
               "  --stop-on-error    stop at the first malformed line "
               "(default: report it, go on)\n"
               "  --show-failures=N  print up to N commands per file whose "
               "output is wrong\n");
}

template <typename T> bool lookup(void *handle, const char *name, T &fn) {
  fn = reinterpret_cast<T>(dlsym(handle, name));
  if (!fn)
    std::fprintf(stderr, "circ-eval: error: the library lacks %s\n", name);
  return fn != nullptr;
}

bool load(const std::string &path, const std::string &weights, Circuit &c) {
  // A path without a slash would be searched for; make it relative.
  std::string where = path.find('/') == std::string::npos ? "./" + path : path;
  c.handle = dlopen(where.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!c.handle) {
    std::fprintf(stderr, "circ-eval: error: cannot load %s: %s\n", path.c_str(),
                 dlerror());
    return false;
  }
  if (!lookup(c.handle, "circc_abi_version", c.abiVersion) ||
      !lookup(c.handle, "circc_create", c.create) ||
      !lookup(c.handle, "circc_create_with_weights", c.createWithWeights) ||
      !lookup(c.handle, "circc_destroy", c.destroy) ||
      !lookup(c.handle, "circc_grammar_name", c.grammarName) ||
      !lookup(c.handle, "circc_param_count", c.paramCount) ||
      !lookup(c.handle, "circc_max_output", c.maxOutput) ||
      !lookup(c.handle, "circc_output_count", c.outputCount) ||
      !lookup(c.handle, "circc_output_name", c.outputName) ||
      !lookup(c.handle, "circc_run_text", c.runText) ||
      !lookup(c.handle, "circc_describe", c.describe))
    return false;
  if (c.abiVersion() != CIRCC_ABI_VERSION) {
    std::fprintf(stderr,
                 "circ-eval: error: %s implements ABI version %u, circ-eval "
                 "speaks %d\n",
                 path.c_str(), c.abiVersion(), CIRCC_ABI_VERSION);
    return false;
  }
  char message[512] = "";
  circc_status status =
      weights.empty()
          ? c.create(&c.circuit)
          : c.createWithWeights(weights.c_str(), &c.circuit, message,
                                sizeof(message));
  if (status == CIRCC_BAD_WEIGHTS && weights.empty()) {
    std::fprintf(stderr,
                 "circ-eval: error: %s loads its learnable tables from a "
                 "weights file; pass --weights=FILE\n",
                 path.c_str());
    return false;
  }
  if (status != CIRCC_OK) {
    std::fprintf(stderr, "circ-eval: error: %s\n",
                 message[0] ? message : "cannot create the circuit");
    return false;
  }
  return true;
}

/// Splits `text` on spaces and maps each word to an output id.
std::vector<int32_t> parseActions(const Circuit &c, const std::string &text) {
  std::vector<int32_t> ids;
  int32_t count = c.outputCount(c.circuit);
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && text[i] == ' ')
      ++i;
    size_t start = i;
    while (i < text.size() && text[i] != ' ')
      ++i;
    if (i == start)
      break;
    std::string word = text.substr(start, i - start);
    int32_t id = -1;
    for (int32_t k = 0; k < count; ++k)
      if (word == c.outputName(c.circuit, k))
        id = k;
    ids.push_back(id);
  }
  return ids;
}

/// Reads the examples of `path`; false if the file cannot be read or, with
/// --stop-on-error, has a malformed line.
bool readExamples(const Options &options, const Circuit &c,
                  const std::string &path, std::vector<Example> &examples,
                  FileResult &result) {
  gzFile file = gzopen(path.c_str(), "rb");
  if (!file) {
    std::fprintf(stderr, "circ-eval: error: cannot open %s\n", path.c_str());
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
      ++result.malformed;
      std::fprintf(stderr,
                   "%s:%zu: error: malformed line, expected 'IN: <command> "
                   "OUT: <actions>'\n",
                   path.c_str(), lineNumber);
      return !options.stopOnError;
    }
    examples.push_back({line.substr(4, out - 4),
                        parseActions(c, line.substr(out + 6)), lineNumber});
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
  int error = 0;
  const char *message = gzerror(file, &error);
  if (ok && error != Z_OK && error != Z_STREAM_END) {
    std::fprintf(stderr, "circ-eval: error: reading %s: %s\n", path.c_str(),
                 message);
    ok = false;
  }
  gzclose(file);
  return ok;
}

void evaluate(const Options &options, const Circuit &c,
              const std::vector<Example> &examples, FileResult &result) {
  int32_t capacity = c.maxOutput(c.circuit);
  std::vector<int32_t> out(capacity > 0 ? capacity : 1);
  std::vector<circc_result> results(examples.size());
  std::vector<std::vector<int32_t>> outputs(examples.size());

  auto start = std::chrono::steady_clock::now();
  for (size_t i = 0; i < examples.size(); ++i) {
    const std::string &command = examples[i].command;
    c.runText(c.circuit, command.data(), command.size(), out.data(), capacity,
              &results[i]);
    if (results[i].status == CIRCC_OK)
      outputs[i].assign(out.begin(), out.begin() + results[i].length);
  }
  result.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();

  int shown = 0;
  for (size_t i = 0; i < examples.size(); ++i) {
    ++result.total;
    if (results[i].status == CIRCC_OK && outputs[i] == examples[i].expected) {
      ++result.exact;
      continue;
    }
    if (shown++ >= options.showFailures)
      continue;
    char message[256];
    c.describe(c.circuit, examples[i].command.data(), examples[i].command.size(),
               &results[i], message, sizeof(message));
    std::fprintf(stderr, "%s:%zu: wrong: IN: %s (%s)\n", result.file.c_str(),
                 examples[i].line, examples[i].command.c_str(), message);
  }
}

std::string baseName(const std::string &path) {
  size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

double percent(const FileResult &r) {
  return r.total ? 100.0 * r.exact / r.total : 0.0;
}

double rate(const FileResult &r) {
  return r.seconds > 0 ? r.total / r.seconds : 0.0;
}

} // namespace

int main(int argc, char **argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      usage();
      return 0;
    } else if (arg == "--json") {
      options.json = true;
    } else if (arg == "--table") {
      options.table = true;
    } else if (arg == "--stop-on-error") {
      options.stopOnError = true;
    } else if (arg.rfind("--weights=", 0) == 0) {
      options.weights = arg.substr(10);
    } else if (arg.rfind("--show-failures=", 0) == 0) {
      options.showFailures = std::atoi(arg.c_str() + 16);
    } else if (arg.rfind("--", 0) == 0) {
      std::fprintf(stderr, "circ-eval: error: unknown option %s\n", arg.c_str());
      usage();
      return 2;
    } else if (options.library.empty()) {
      options.library = arg;
    } else {
      options.files.push_back(arg);
    }
  }
  if (options.library.empty() || options.files.empty()) {
    usage();
    return 2;
  }

  Circuit c;
  if (!load(options.library, options.weights, c))
    return 1;

  std::vector<FileResult> results;
  bool ok = true;
  for (const std::string &file : options.files) {
    FileResult result;
    result.file = file;
    std::vector<Example> examples;
    if (!readExamples(options, c, file, examples, result)) {
      ok = false;
      if (options.stopOnError)
        break;
      continue;
    }
    evaluate(options, c, examples, result);
    if (result.malformed)
      ok = false;
    if (!options.json && !options.table)
      std::printf("%s: %zu/%zu exact (%.2f%%), %.0f commands/s\n",
                  file.c_str(), result.exact, result.total, percent(result),
                  rate(result));
    results.push_back(result);
  }

  long long params = static_cast<long long>(c.paramCount(c.circuit));
  if (options.json) {
    std::printf("{\"circuit\": \"%s\", \"parameters\": %lld, \"files\": [",
                c.grammarName(c.circuit), params);
    for (size_t i = 0; i < results.size(); ++i)
      std::printf("%s\n  {\"file\": \"%s\", \"exact\": %zu, \"total\": %zu, "
                  "\"accuracy\": %.4f, \"malformed\": %zu, "
                  "\"commands_per_second\": %.0f}",
                  i ? "," : "", results[i].file.c_str(), results[i].exact,
                  results[i].total, percent(results[i]), results[i].malformed,
                  rate(results[i]));
    std::printf("\n]}\n");
  } else if (options.table) {
    std::printf("%-44s %9s %9s %9s %10s\n", "split", "commands", "exact",
                "accuracy", "parameters");
    for (const FileResult &r : results)
      std::printf("%-44s %9zu %9zu %8.2f%% %10lld\n", baseName(r.file).c_str(),
                  r.total, r.exact, percent(r), params);
  }
  c.destroy(c.circuit);
  return ok ? 0 : 1;
}
