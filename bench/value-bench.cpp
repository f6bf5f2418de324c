//===- value-bench.cpp - Compiled op-table circuits vs hand-written code --===//
//
// Part of circc's benchmarks. Runs, in one process and on one core, the
// commands of SCAN-format files of CruxMini (grammars/arith.scan) or ListOps
// (grammars/listops.scan) through the compiled library (text in, value out,
// via the C ABI) and through a hand-written recursive evaluator of the same
// language (ValueEvaluators.cpp), checks that both give every file's
// answers, and prints each one's time per command and the ratio. Usage:
//
//   value-bench arith|listops LIBRARY.so FILE... [--seconds=S]
//
//===----------------------------------------------------------------------===//

#include "ScanFile.h"
#include "Timing.h"
#include "ValueEvaluators.h"

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

int main(int argc, char **argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: value-bench arith|listops LIBRARY.so "
                         "FILE... [--seconds=S]\n");
    return 2;
  }
  std::string language = argv[1];
  int32_t (*evaluate)(const char *, size_t) =
      language == "arith"     ? values::evaluateArith
      : language == "listops" ? values::evaluateListOps
                              : nullptr;
  if (!evaluate) {
    std::fprintf(stderr, "value-bench: error: unknown language '%s'; use arith "
                         "or listops\n", argv[1]);
    return 2;
  }
  double seconds;
  std::vector<std::string> files;
  bench::readFilesAndSeconds(argc, argv, 3, files, seconds);
  bench::pinToOneCore();
  std::vector<std::unique_ptr<circc::tools::CircuitLibrary>> libraries;
  bench::RunFn compiled = bench::loadCircuit(argv[2], libraries, "value-bench");
  if (!compiled)
    return 1;
  bench::RunFn evaluator = [evaluate](const char *t, size_t n, int32_t *out,
                                      int32_t) {
    int32_t v = evaluate(t, n);
    out[0] = v;
    return v < 0 ? -1 : 1;
  };

  std::printf("%s, one core, best of 5 taken in turns\n", language.c_str());
  std::printf("%-30s %9s %9s %12s %12s %8s\n", "file", "commands", "tokens",
              "circuit ns", "evaluator ns", "ratio");
  for (const std::string &file : files) {
    std::vector<circc::tools::ScanExample> examples;
    if (!bench::readExamples(file, "value-bench", examples))
      return 1;
    std::vector<std::string_view> texts;
    size_t tokens = 0;
    for (const circc::tools::ScanExample &example : examples) {
      texts.push_back(example.command);
      for (char ch : example.command)
        tokens += ch == ' ';
      ++tokens;
      // Both must give the file's answer before any timing counts.
      int32_t want = std::atoi(example.actions.front().c_str());
      for (const bench::RunFn *run : {&compiled, &evaluator}) {
        int32_t out[64] = {-1};
        int32_t n = (*run)(example.command.data(), example.command.size(),
                           out, 64);
        if (n != 1 || out[0] != want) {
          std::fprintf(stderr, "value-bench: error: %s gives %d for '%s', "
                               "expected %d\n",
                       run == &compiled ? "the circuit" : "the evaluator",
                       n == 1 ? out[0] : -1, example.command.c_str(), want);
          return 1;
        }
      }
    }
    int64_t checksum = 0;
    std::vector<double> ns =
        bench::measure(texts, {&compiled, &evaluator}, seconds, checksum);
    std::string name = file.substr(file.find_last_of('/') + 1);
    std::printf("%-30s %9zu %9.1f %12.1f %12.1f %7.2fx\n", name.c_str(),
                texts.size(), double(tokens) / texts.size(), ns[0], ns[1],
                ns[1] / ns[0]);
    std::fprintf(stderr, "(checksum %lld)\n", static_cast<long long>(checksum));
  }
  return 0;
}
