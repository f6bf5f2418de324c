//===- Timing.cpp - How circc's benchmarks time implementations -----------===//
//
// Part of circc's benchmarks.
//
//===----------------------------------------------------------------------===//

#include "Timing.h"

#include <cstdlib>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <sched.h>

using namespace bench;

bool bench::readExamples(const std::string &file, const char *tool,
                         std::vector<circc::tools::ScanExample> &examples) {
  circc::tools::ScanFileCounts counts;
  std::string error;
  if (circc::tools::readScanFile(file, /*stopOnError=*/true, examples, counts,
                                 error) &&
      !examples.empty())
    return true;
  std::fprintf(stderr, "%s: error: cannot read %s %s\n", tool, file.c_str(),
               error.c_str());
  return false;
}

void bench::readFilesAndSeconds(int argc, char **argv, int first,
                                std::vector<std::string> &files,
                                double &seconds) {
  seconds = 2.0;
  for (int i = first; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg.rfind("--seconds=", 0) == 0)
      seconds = std::atof(arg.c_str() + 10);
    else
      files.push_back(arg);
  }
}

void bench::pinToOneCore() {
  cpu_set_t cpus;
  CPU_ZERO(&cpus);
  CPU_SET(0, &cpus);
  sched_setaffinity(0, sizeof(cpus), &cpus);
}

RunFn bench::loadCircuit(
    const std::string &path,
    std::vector<std::unique_ptr<circc::tools::CircuitLibrary>> &keep,
    const char *tool) {
  auto library = std::make_unique<circc::tools::CircuitLibrary>();
  std::string error;
  if (!library->open(path, error) || !library->create("", error)) {
    std::fprintf(stderr, "%s: error: %s\n", tool, error.c_str());
    return nullptr;
  }
  circc::tools::CircuitLibrary *c = library.get();
  keep.push_back(std::move(library));
  return [c](const char *t, size_t n, int32_t *out, int32_t cap) {
    circc_result r;
    return c->runText(c->circuit, t, n, out, cap, &r) == CIRCC_OK ? r.length
                                                                   : -1;
  };
}

/// One timed run of at least `seconds` over all texts; ns per text.
static double timeOnce(const std::vector<std::string_view> &texts,
                       const RunFn &run, double seconds, int64_t &checksum) {
  int32_t out[64];
  size_t done = 0;
  auto start = std::chrono::steady_clock::now();
  double elapsed = 0;
  do {
    for (std::string_view text : texts)
      checksum += run(text.data(), text.size(), out, 64) + out[0];
    done += texts.size();
    elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
            .count();
  } while (elapsed < seconds);
  return elapsed * 1e9 / done;
}

std::vector<double> bench::measure(const std::vector<std::string_view> &texts,
                                   const std::vector<const RunFn *> &runs,
                                   double seconds, int64_t &checksum) {
  std::vector<double> best(runs.size(), 1e30);
  for (int trial = 0; trial < 5; ++trial)
    for (size_t i = 0; i < runs.size(); ++i)
      best[i] =
          std::min(best[i], timeOnce(texts, *runs[i], seconds / 5, checksum));
  return best;
}
