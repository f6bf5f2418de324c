//===- scan-bench.cpp - Compiled circuit vs hand-written code on SCAN -----===//
//
// Part of circc's benchmarks. Runs, in one process and on one core, the same
// SCAN commands through
//   - the compiled circuit library (text in, action ids out, via the C ABI),
//   - the hand-written interpreter in ScanInterpreter.cpp,
//   - a hash table holding all 20,910 answers of tasks.txt,
// checks that all three agree on every command, and prints the throughput of
// each and the ratios. Usage:
//
//   scan-bench scan.so data/scan/tasks.txt.gz [--seconds=S] [--row=LABEL=LIB.so]...
// (the last "=" separates the label from the path)
//
// Each --row adds a row for another build of the circuit, e.g. one compiled
// with --shape-table-limit=0 so that its LR automaton runs.
//
//===----------------------------------------------------------------------===//

#include "CircuitLibrary.h"
#include "ScanFile.h"
#include "ScanInterpreter.h"
#include "Timing.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <memory>
#include <sched.h>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace {

struct Command {
  std::string text;
  std::vector<int32_t> expected;
};

const char *kActions[] = {"I_WALK", "I_LOOK", "I_RUN", "I_JUMP", "I_TURN_LEFT",
                          "I_TURN_RIGHT"};

bool readCommands(const char *path, std::vector<Command> &commands) {
  std::vector<circc::tools::ScanExample> examples;
  circc::tools::ScanFileCounts counts;
  std::string error;
  if (!circc::tools::readScanFile(path, /*stopOnError=*/true, examples, counts,
                                  error))
    return false;
  for (const circc::tools::ScanExample &example : examples) {
    Command command{example.command, {}};
    for (const std::string &word : example.actions)
      for (int32_t a = 0; a < 6; ++a)
        if (word == kActions[a])
          command.expected.push_back(a);
    commands.push_back(std::move(command));
  }
  return true;
}

/// A flat table of all answers, keyed by the command text.
struct AnswerTable {
  std::unordered_map<std::string_view, std::pair<uint32_t, uint32_t>> index;
  std::vector<int32_t> actions;

  explicit AnswerTable(const std::vector<Command> &commands) {
    index.reserve(commands.size() * 2);
    for (const Command &c : commands) {
      index[c.text] = {static_cast<uint32_t>(actions.size()),
                       static_cast<uint32_t>(c.expected.size())};
      actions.insert(actions.end(), c.expected.begin(), c.expected.end());
    }
  }

  int32_t run(const char *text, size_t length, int32_t *out,
              int32_t capacity) const {
    auto it = index.find(std::string_view(text, length));
    if (it == index.end() || it->second.second > uint32_t(capacity))
      return -1;
    std::memcpy(out, actions.data() + it->second.first,
                it->second.second * sizeof(int32_t));
    return static_cast<int32_t>(it->second.second);
  }
};

using bench::RunFn;

} // namespace

int main(int argc, char **argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: scan-bench LIBRARY.so tasks.txt[.gz] "
                         "[--seconds=S] [--row=LABEL=LIBRARY.so]...\n");
    return 2;
  }
  double seconds = 2.0;
  std::vector<std::pair<std::string, std::string>> extraRows;
  for (int i = 3; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg.rfind("--seconds=", 0) == 0) {
      seconds = std::atof(arg.c_str() + 10);
    } else if (arg.rfind("--row=", 0) == 0 &&
               arg.rfind('=') > 6) {
      size_t split = arg.rfind('=');
      extraRows.emplace_back(arg.substr(6, split - 6), arg.substr(split + 1));
    } else {
      std::fprintf(stderr, "scan-bench: error: unknown argument '%s'\n",
                   arg.c_str());
      return 2;
    }
  }

  bench::pinToOneCore();

  std::vector<Command> commands;
  if (!readCommands(argv[2], commands) || commands.empty()) {
    std::fprintf(stderr, "scan-bench: error: cannot read %s\n", argv[2]);
    return 1;
  }
  std::vector<std::unique_ptr<circc::tools::CircuitLibrary>> libraries;
  RunFn compiled = bench::loadCircuit(argv[1], libraries, "scan-bench");
  if (!compiled)
    return 1;
  std::vector<RunFn> extras;
  for (const auto &row : extraRows) {
    extras.push_back(bench::loadCircuit(row.second, libraries, "scan-bench"));
    if (!extras.back())
      return 1;
  }

  AnswerTable table(commands);
  RunFn interpreter = scan::interpret;
  RunFn hashed = [&](const char *t, size_t n, int32_t *out, int32_t cap) {
    return table.run(t, n, out, cap);
  };

  // All must agree with the data before any timing counts.
  std::vector<const RunFn *> all = {&compiled, &interpreter, &hashed};
  for (const RunFn &extra : extras)
    all.push_back(&extra);
  int32_t out[64];
  for (const Command &c : commands) {
    for (const RunFn *run : all) {
      int32_t n = (*run)(c.text.data(), c.text.size(), out, 64);
      if (n != static_cast<int32_t>(c.expected.size()) ||
          !std::equal(out, out + n, c.expected.begin())) {
        std::fprintf(stderr, "scan-bench: error: wrong output for '%s'\n",
                     c.text.c_str());
        return 1;
      }
    }
  }

  int64_t checksum = 0;
  std::vector<std::string_view> texts;
  for (const Command &c : commands)
    texts.push_back(c.text);
  std::vector<double> ns = bench::measure(texts, all, seconds, checksum);
  double nsCompiled = ns[0], nsInterpreter = ns[1], nsHashed = ns[2];
  std::vector<double> nsExtras(ns.begin() + 3, ns.end());

  std::printf("SCAN, %zu commands, one core, best of 5 (checksum %lld)\n",
              commands.size(), static_cast<long long>(checksum));
  std::printf("%-46s %12s %14s %10s\n", "implementation", "ns/command",
              "commands/s", "vs interp.");
  auto row = [&](const char *name, double ns) {
    std::printf("%-46s %12.1f %14.0f %9.2fx\n", name, ns, 1e9 / ns,
                nsInterpreter / ns);
  };
  row("compiled circuit (circc .so)", nsCompiled);
  row("hand-written interpreter", nsInterpreter);
  row("hash table of all answers", nsHashed);
  for (size_t i = 0; i < extras.size(); ++i)
    row(extraRows[i].first.c_str(), nsExtras[i]);
  std::printf("speedup of the compiled circuit over the interpreter: %.2fx\n",
              nsInterpreter / nsCompiled);
  std::printf("speedup of the compiled circuit over the hash table:  %.2fx\n",
              nsHashed / nsCompiled);
  return 0;
}
