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

#include "ArgumentReader.h"
#include "CircuitLibrary.h"
#include "JsonWriter.h"
#include "ScanFile.h"

#include <chrono>
#include <map>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

using namespace circc::tools;

namespace {

struct Options {
  std::string library;
  std::string weights;
  std::vector<std::string> files;
  bool json = false;
  bool table = false;
  bool stopOnError = false;
  /// Exit 0 although commands are wrong or refused.
  bool exitZero = false;
  bool gpu = false;
  int showFailures = 0;
  /// Commands per circc_run_batch call; 0 runs them one by one.
  int batch = 0;
  /// Threads a model's batch may use.
  int threads = 1;
  std::string dump;
  std::string records;
};

struct FileResult {
  std::string file;
  size_t total = 0, exact = 0;
  /// Malformed and empty lines.
  ScanFileCounts lines;
  double seconds = 0;
  /// Per category of a TSV file's third column, exact and total, in the
  /// order the categories first appear.
  std::vector<std::pair<std::string, std::pair<size_t, size_t>>> categories;
};

void usage(FILE *to) {
  std::fprintf(
      to,
      "usage: circ-eval [--weights=FILE] [--device=cpu|gpu] [--json] "
      "[--table] [--dump=FILE]\n"
      "                 [--batch=N [--threads=N]] [--stop-on-error] "
      "[--show-failures=N] "
      "[--exit-zero]\n"
      "                 LIBRARY.so FILE...\n"
      "       circ-eval --help | --version\n"
      "\n"
      "Runs every example of each FILE (plain or gzipped) through the "
      "compiled circuit\nLIBRARY.so and prints, per file, 'FILE: "
      "EXACT/TOTAL exact (PCT%%)' and the\ncommands per second. A FILE "
      "is SCAN's 'IN: ... OUT: ...' lines; NAME.src[.gz],\nread with "
      "NAME.tgt[.gz] line by line (PCFG SET); or NAME.tsv[.gz], "
      "'input<TAB>output'\nwith an optional third column of "
      "categories, each counted apart (COGS; a first\n"
      "line 'Source<TAB>Target' is a header, as Long Range Arena "
      "writes).\nEmpty lines are "
      "skipped and counted.\n"
      "\n"
      "Exit status: 0 when every command of every file is exact, 1 when "
      "a command is\nwrong or refused, a line is malformed or a file "
      "cannot be read, 2 for a usage\nerror.\n"
      "\n"
      "  --weights=FILE     load the circuit's learnable tables from "
      "FILE (safetensors)\n"
      "  --device=cpu|gpu   run on the CPU (default) or, for a library "
      "compiled with\n"
      "                     --target=nvptx, as one GPU batch per file\n"
      "  --records=FILE     write one JSON object per command to FILE "
      "(JSON Lines: file,\n"
      "                     line, command, expected, produced, "
      "status, message;\n"
      "                     a byte that is not UTF-8 is written "
      "as \\ufffd)\n"
      "  --dump=FILE        write each command's status and output "
      "ids to FILE\n"
      "  --batch=N          run the commands N at a time with circc_run_batch "
      "(a model\n"
      "                     decodes each batch in lockstep); default: "
      "one by one\n"
      "  --threads=N        with --batch, split each batch of a model among N "
      "threads\n"
      "  --json             print the results as JSON\n"
      "  --table            print a table of split, commands, "
      "accuracy, parameters\n"
      "  --stop-on-error    stop at the first malformed line "
      "(default: report it, go on)\n"
      "  --exit-zero        exit 0 although commands are wrong or "
      "refused (for reports)\n"
      "  --show-failures=N  print up to N commands per file whose "
      "output is wrong\n"
      "\nAn option's value may also follow it: --weights FILE.\n");
}

bool evaluate(const Options &options, const CircuitLibrary &c,
              const std::vector<ScanExample> &examples, FileResult &result,
              FILE *dump, FILE *records) {
  int32_t capacity = c.maxOutput(c.circuit);
  std::vector<int32_t> out(capacity > 0 ? capacity : 1);
  std::vector<circc_result> results(examples.size());
  std::vector<std::vector<int32_t>> outputs(examples.size());

  auto start = std::chrono::steady_clock::now();
  std::vector<const char *> texts;
  std::vector<size_t> lengths;
  if (options.gpu || options.batch > 0)
    for (const ScanExample &example : examples) {
      texts.push_back(example.command.data());
      lengths.push_back(example.command.size());
    }
  if (options.batch > 0 && !options.gpu) {
    // Each command's row holds what the commands so far needed (at least
    // kBatchRow symbols), not the circuit's bound: a bound of thousands
    // would spread a batch over megabytes. A command that needs more runs
    // again alone, and the rows grow to it.
    // A call's rows stay within kBatchBytes (the cache a batch's outputs
    // are written to and read back from): with long rows, a batch of N runs
    // as several calls.
    constexpr int32_t kBatchRow = 64;
    constexpr size_t kBatchBytes = 256 << 10;
    int32_t stride = std::min(std::max(capacity, 1), kBatchRow);
    std::vector<int32_t> batch;
    for (size_t first = 0, n = 0; first < examples.size(); first += n) {
      size_t fits =
          std::max<size_t>(1, kBatchBytes / (size_t(stride) * sizeof(int32_t)));
      n = std::min(std::min(examples.size() - first, size_t(options.batch)),
                   fits);
      batch.resize(n * size_t(stride));
      c.runBatch(c.circuit, texts.data() + first, lengths.data() + first, n,
                 batch.data(), stride, results.data() + first);
      int32_t rowStride = stride;
      for (size_t i = 0; i < n; ++i) {
        circc_result &r = results[first + i];
        if (r.status == CIRCC_OUTPUT_TOO_SMALL && rowStride < capacity) {
          while (stride < r.length && stride < capacity)
            stride = std::min(capacity, 2 * stride);
          c.runText(c.circuit, texts[first + i], lengths[first + i], out.data(),
                    capacity, &r);
          if (r.status == CIRCC_OK)
            outputs[first + i].assign(out.begin(), out.begin() + r.length);
          continue;
        }
        if (r.status == CIRCC_OK)
          outputs[first + i].assign(batch.begin() + i * rowStride,
                                    batch.begin() + i * rowStride + r.length);
      }
    }
  } else if (options.gpu) {
    // One batch: every command of the file at once, one thread each.
    std::vector<int32_t> batch(examples.size() * size_t(capacity));
    circc_status status =
        c.gpuRunBatch(c.circuit, texts.data(), lengths.data(), examples.size(),
                      batch.data(), capacity, results.data());
    if (status != CIRCC_OK) {
      char message[256];
      c.gpuCheck(c.circuit, message, sizeof(message));
      std::fprintf(stderr, "circ-eval: error: the GPU batch failed: %s\n",
                   message);
      return false;
    }
    for (size_t i = 0; i < examples.size(); ++i)
      if (results[i].status == CIRCC_OK)
        outputs[i].assign(batch.begin() + i * capacity,
                          batch.begin() + i * capacity + results[i].length);
  } else {
    for (size_t i = 0; i < examples.size(); ++i) {
      const std::string &command = examples[i].command;
      c.runText(c.circuit, command.data(), command.size(), out.data(),
                capacity, &results[i]);
      if (results[i].status == CIRCC_OK)
        outputs[i].assign(out.begin(), out.begin() + results[i].length);
    }
  }
  result.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  if (dump)
    for (size_t i = 0; i < examples.size(); ++i) {
      std::fprintf(dump, "%d", results[i].status);
      for (int32_t id : outputs[i])
        std::fprintf(dump, " %d", id);
      std::fprintf(dump, "\n");
    }

  if (records)
    for (size_t i = 0; i < examples.size(); ++i) {
      char message[256];
      c.describe(c.circuit, examples[i].command.data(),
                 examples[i].command.size(), &results[i], message,
                 sizeof(message));
      circc::JsonWriter json;
      json.beginObject()
          .key("file").value(result.file)
          .key("line").value(uint64_t(examples[i].line))
          .key("command").value(examples[i].command)
          .key("expected").beginArray();
      for (const std::string &word : examples[i].actions)
        json.value(word);
      json.endArray().key("produced");
      if (results[i].status == CIRCC_OK) {
        json.beginArray();
        for (int32_t id : outputs[i])
          json.value(c.outputText(examples[i].command, id));
        json.endArray();
      } else {
        json.null();
      }
      json.key("status").value(int64_t(results[i].status))
          .key("message").value(message)
          .endObject();
      std::fprintf(records, "%s\n", json.str().c_str());
    }

  int shown = 0;
  std::map<std::string, size_t> categoryIndex;
  for (size_t i = 0; i < examples.size(); ++i) {
    ++result.total;
    bool exact = results[i].status == CIRCC_OK &&
                 c.spells(examples[i].command, outputs[i], examples[i].actions);
    if (const std::string &category = examples[i].category; !category.empty()) {
      auto [it, inserted] =
          categoryIndex.try_emplace(category, result.categories.size());
      if (inserted)
        result.categories.push_back({category, {0, 0}});
      auto &counts = result.categories[it->second].second;
      counts.first += exact;
      ++counts.second;
    }
    if (exact) {
      ++result.exact;
      continue;
    }
    if (shown++ >= options.showFailures)
      continue;
    char message[256];
    c.describe(c.circuit, examples[i].command.data(), examples[i].command.size(),
               &results[i], message, sizeof(message));
    std::string expected, produced;
    for (const std::string &word : examples[i].actions)
      expected += (expected.empty() ? "" : " ") + word;
    for (int32_t id : outputs[i])
      produced += std::string(produced.empty() ? "" : " ") +
                  c.outputText(examples[i].command, id);
    if (results[i].status == CIRCC_OK)
      std::fprintf(stderr, "%s:%zu: wrong: IN: %s (%s): expected '%s', got '%s'\n",
                   result.file.c_str(), examples[i].line,
                   examples[i].command.c_str(), message, expected.c_str(),
                   produced.c_str());
    else
      std::fprintf(stderr, "%s:%zu: wrong: IN: %s (%s)\n", result.file.c_str(),
                   examples[i].line, examples[i].command.c_str(), message);
  }
  return true;
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
  ArgumentReader args(argc, argv);
  std::string device;
  long long showFailures = 0, batch = 0, threads = 1;
  while (args.next()) {
    if (args.flag("--help") || args.flag("-h")) {
      usage(stdout);
      return 0;
    } else if (args.flag("--version")) {
      std::printf("%s\n", versionText("circ-eval").c_str());
      return 0;
    } else if (args.flag("--json")) {
      options.json = true;
    } else if (args.flag("--table")) {
      options.table = true;
    } else if (args.flag("--stop-on-error")) {
      options.stopOnError = true;
    } else if (args.flag("--exit-zero")) {
      options.exitZero = true;
    } else if (args.value("--device", device)) {
      if (device != "cpu" && device != "gpu" && args.error().empty()) {
        std::fprintf(stderr, "circ-eval: error: --device takes cpu or gpu, "
                             "not '%s'\n", device.c_str());
        return 2;
      }
      options.gpu = device == "gpu";
    } else if (args.value("--dump", options.dump) ||
               args.value("--records", options.records) ||
               args.value("--weights", options.weights) ||
               args.integer("--show-failures", 0, 1000000000, showFailures) ||
               args.integer("--batch", 1, 1 << 20, batch) ||
               args.integer("--threads", 1, CIRCC_MAX_THREADS, threads)) {
    } else if (args.isOption()) {
      std::fprintf(stderr, "circ-eval: error: unknown option %s (see --help)\n",
                   args.current().c_str());
      return 2;
    } else if (options.library.empty()) {
      options.library = args.current();
    } else {
      options.files.push_back(args.current());
    }
    if (!args.error().empty()) {
      std::fprintf(stderr, "circ-eval: error: %s\n", args.error().c_str());
      return 2;
    }
  }
  options.showFailures = int(showFailures);
  options.batch = int(batch);
  options.threads = int(threads);
  if (options.library.empty() || options.files.empty()) {
    usage(stderr);
    std::fprintf(stderr, "circ-eval: error: %s\n",
                 options.library.empty() ? "no library given"
                                         : "no file to evaluate given");
    return 2;
  }

  CircuitLibrary c;
  std::string error;
  if (!c.open(options.library, error) || !c.create(options.weights, error, options.threads)) {
    std::fprintf(stderr, "circ-eval: error: %s\n", error.c_str());
    return 1;
  }

  if (options.gpu) {
    char message[256];
    if (c.gpuCheck(c.circuit, message, sizeof(message)) != CIRCC_OK) {
      std::fprintf(stderr, "circ-eval: error: cannot run on the GPU: %s\n",
                   message);
      return 1;
    }
  }
  FILE *records = nullptr;
  if (!options.records.empty() &&
      !(records = std::fopen(options.records.c_str(), "w"))) {
    std::fprintf(stderr, "circ-eval: error: cannot write %s\n",
                 options.records.c_str());
    return 1;
  }
  FILE *dump = nullptr;
  if (!options.dump.empty() && !(dump = std::fopen(options.dump.c_str(), "w"))) {
    std::fprintf(stderr, "circ-eval: error: cannot write %s\n",
                 options.dump.c_str());
    return 1;
  }

  std::vector<FileResult> results;
  bool ok = true;
  for (const std::string &file : options.files) {
    FileResult result;
    result.file = file;
    std::vector<ScanExample> examples;
    if (!readScanFile(file, options.stopOnError, examples, result.lines,
                      error)) {
      if (!error.empty())
        std::fprintf(stderr, "circ-eval: error: %s\n", error.c_str());
      ok = false;
      if (options.stopOnError)
        break;
      continue;
    }
    if (!evaluate(options, c, examples, result, dump, records))
      return 1;
    if (result.lines.malformed ||
        (result.exact < result.total && !options.exitZero))
      ok = false;
    if (result.lines.empty)
      std::fprintf(stderr, "%s: note: %zu empty line%s skipped\n", file.c_str(),
                   result.lines.empty, result.lines.empty == 1 ? "" : "s");
    if (!options.json && !options.table) {
      std::printf("%s: %zu/%zu exact (%.2f%%), %.0f commands/s\n",
                  file.c_str(), result.exact, result.total, percent(result),
                  rate(result));
      for (const auto &[category, counts] : result.categories)
        std::printf("  %s: %zu/%zu exact (%.2f%%)\n", category.c_str(),
                    counts.first, counts.second,
                    100.0 * counts.first / counts.second);
    }
    results.push_back(result);
  }

  long long params = static_cast<long long>(c.paramCount(c.circuit));
  if (options.json) {
    circc::JsonWriter json(/*arrayLines=*/true);
    json.beginObject()
        .key("circuit")
        .value(c.grammarName(c.circuit))
        .key("parameters")
        .value(int64_t(params))
        .key("files")
        .beginArray();
    for (const FileResult &r : results) {
      json.beginObject()
          .key("file")
          .value(r.file)
          .key("exact")
          .value(uint64_t(r.exact))
          .key("total")
          .value(uint64_t(r.total))
          .key("accuracy")
          .value(percent(r), 4)
          .key("malformed")
          .value(uint64_t(r.lines.malformed))
          .key("empty_lines")
          .value(uint64_t(r.lines.empty))
          .key("commands_per_second")
          .value(rate(r), 0);
      if (!r.categories.empty()) {
        json.key("categories").beginArray();
        for (const auto &[category, counts] : r.categories)
          json.beginObject()
              .key("category")
              .value(category)
              .key("exact")
              .value(uint64_t(counts.first))
              .key("total")
              .value(uint64_t(counts.second))
              .endObject();
        json.endArray();
      }
      json.endObject();
    }
    json.endArray().endObject();
    std::printf("%s\n", json.str().c_str());
  } else if (options.table) {
    std::printf("%-44s %9s %9s %9s %10s\n", "split", "commands", "exact",
                "accuracy", "parameters");
    for (const FileResult &r : results)
      std::printf("%-44s %9zu %9zu %8.2f%% %10lld\n", baseName(r.file).c_str(),
                  r.total, r.exact, percent(r), params);
  }
  if (dump)
    std::fclose(dump);
  if (records)
    std::fclose(records);
  return ok ? 0 : 1;
}
