//===- pcfg-bench.cpp - The compiled PCFG SET circuit vs hand-written code ===//
//
// Part of circc's benchmarks. Runs, in one process and on one core, the
// commands of PCFG SET files (NAME.src with NAME.tgt) through the library
// compiled from grammars/pcfgset.scan (text in, letters out, via the C ABI)
// and through a hand-written interpreter of the same functions
// (PcfgInterpreter.cpp), checks that both give every file's targets, and
// prints each one's time per command and the ratio. Usage:
//
//   pcfg-bench LIBRARY.so FILE.src[.gz]... [--seconds=S]
//
//===----------------------------------------------------------------------===//

#include "PcfgInterpreter.h"
#include "ScanFile.h"
#include "Timing.h"

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

/// The output id of a letter (A1 is 0, A2 1, ..., Z20 519), or -1.
static int32_t letterId(const std::string &word) {
  if (word.size() < 2 || word[0] < 'A' || word[0] > 'Z')
    return -1;
  int number = std::atoi(word.c_str() + 1);
  return number >= 1 && number <= 20 ? (word[0] - 'A') * 20 + number - 1 : -1;
}

int main(int argc, char **argv) {
  if (argc < 3) {
    std::fprintf(stderr,
                 "usage: pcfg-bench LIBRARY.so FILE.src... [--seconds=S]\n");
    return 2;
  }
  double seconds;
  std::vector<std::string> files;
  bench::readFilesAndSeconds(argc, argv, 2, files, seconds);
  bench::pinToOneCore();
  std::vector<std::unique_ptr<circc::tools::CircuitLibrary>> libraries;
  bench::RunFn compiled = bench::loadCircuit(argv[1], libraries, "pcfg-bench");
  if (!compiled)
    return 1;
  bench::RunFn interpreter = [](const char *t, size_t n, int32_t *out,
                                int32_t capacity) {
    return pcfg::interpret(t, n, out, capacity);
  };

  constexpr int32_t kCapacity = 1024;
  std::printf("pcfgset, one core, best of 5 taken in turns\n");
  std::printf("%-34s %9s %9s %12s %14s %8s\n", "file", "commands", "tokens",
              "circuit ns", "interpreter ns", "ratio");
  for (const std::string &file : files) {
    std::vector<circc::tools::ScanExample> examples;
    if (!bench::readExamples(file, "pcfg-bench", examples))
      return 1;
    std::vector<std::string_view> texts;
    size_t tokens = 0;
    std::vector<int32_t> out(kCapacity);
    for (const circc::tools::ScanExample &example : examples) {
      texts.push_back(example.command);
      for (char ch : example.command)
        tokens += ch == ' ';
      ++tokens;
      // Both must give the file's target before any timing counts.
      std::vector<int32_t> want;
      for (const std::string &word : example.actions)
        want.push_back(letterId(word));
      for (const bench::RunFn *run : {&compiled, &interpreter}) {
        int32_t n = (*run)(example.command.data(), example.command.size(),
                           out.data(), kCapacity);
        if (n < 0 || std::vector<int32_t>(out.begin(), out.begin() + n) != want) {
          std::fprintf(stderr, "pcfg-bench: error: %s is wrong on %s:%zu '%s'\n",
                       run == &compiled ? "the circuit" : "the interpreter",
                       file.c_str(), example.line, example.command.c_str());
          return 1;
        }
      }
    }
    int64_t checksum = 0;
    std::vector<double> ns =
        bench::measure(texts, {&compiled, &interpreter}, seconds, checksum);
    std::string name = file.substr(file.find("pcfgset/") == std::string::npos
                                       ? file.find_last_of('/') + 1
                                       : file.find("pcfgset/") + 8);
    std::printf("%-34s %9zu %9.1f %12.1f %14.1f %7.2fx\n", name.c_str(),
                texts.size(), double(tokens) / texts.size(), ns[0], ns[1],
                ns[1] / ns[0]);
    std::fprintf(stderr, "(checksum %lld)\n", static_cast<long long>(checksum));
  }
  return 0;
}
