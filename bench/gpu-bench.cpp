//===- gpu-bench.cpp - Throughput of a circuit's GPU batch kernel ---------===//
//
// Part of circc's benchmarks. Replicates the commands of a SCAN file to
// batches of 1e5 .. 1e8 commands, runs each batch through the library's
// device batch call (circc_gpu_run_ids_batch) and prints, per batch size,
// the kernel time, the end-to-end time with transfers, commands per second,
// and the bandwidth the kernel achieves on the bytes it reads (token ids and
// counts) and writes (outputs, lengths, statuses), as a fraction of the
// device's peak given by --peak-gbs. Every output is checked against the
// file. Needs a library compiled with circc --target=nvptx and a device.
//
//   gpu-bench scan_gpu.so data/scan/tasks.txt.gz [--peak-gbs=3350]
//       [--sizes=100000,1000000,10000000,100000000]
//
//===----------------------------------------------------------------------===//

#include "CircuitLibrary.h"
#include "ScanFile.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sstream>
#include <string>
#include <vector>

using namespace circc::tools;

int main(int argc, char **argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: gpu-bench LIBRARY.so FILE [--peak-gbs=G] "
                         "[--sizes=N,N,...]\n");
    return 2;
  }
  double peak = 3350; // H100 SXM5 HBM3, GB/s
  std::vector<size_t> sizes = {100000, 1000000, 10000000, 100000000};
  for (int i = 3; i < argc; ++i) {
    if (std::strncmp(argv[i], "--peak-gbs=", 11) == 0) {
      peak = std::atof(argv[i] + 11);
    } else if (std::strncmp(argv[i], "--sizes=", 8) == 0) {
      sizes.clear();
      std::stringstream list(argv[i] + 8);
      std::string item;
      while (std::getline(list, item, ','))
        sizes.push_back(std::strtoull(item.c_str(), nullptr, 10));
    }
  }

  CircuitLibrary c;
  std::string error;
  if (!c.open(argv[1], error) || !c.create("", error)) {
    std::fprintf(stderr, "gpu-bench: error: %s\n", error.c_str());
    return 1;
  }
  char message[256];
  if (c.gpuCheck(c.circuit, message, sizeof(message)) != CIRCC_OK) {
    std::fprintf(stderr, "gpu-bench: error: no GPU to measure: %s\n", message);
    return 1;
  }

  // The file's commands as padded token ids, and their expected outputs.
  std::vector<ScanExample> examples;
  circc::tools::ScanFileCounts lines;
  if (!readScanFile(argv[2], true, examples, lines, error)) {
    std::fprintf(stderr, "gpu-bench: error: %s\n", error.c_str());
    return 1;
  }
  size_t maxInput = c.maxInput(c.circuit), maxOutput = c.maxOutput(c.circuit);
  size_t distinct = examples.size();
  std::vector<int32_t> ids(distinct * maxInput, 0), counts(distinct);
  std::vector<std::vector<int32_t>> expected(distinct);
  for (size_t e = 0; e < distinct; ++e) {
    std::stringstream words(examples[e].command);
    std::string word;
    size_t k = 0;
    while (words >> word && k < maxInput)
      ids[e * maxInput + k++] = c.tokenId(c.circuit, word.data(), word.size());
    counts[e] = k;
    expected[e] = c.outputIds(examples[e].actions);
  }

  std::printf("%-11s %10s %10s %14s %14s %9s %8s\n", "commands", "kernel ms",
              "total ms", "kernel cmd/s", "total cmd/s", "GB/s", "of peak");
  for (size_t n : sizes) {
    std::vector<int32_t> batchIds(n * maxInput), batchCounts(n);
    for (size_t i = 0; i < n; ++i) {
      size_t e = i % distinct;
      std::memcpy(&batchIds[i * maxInput], &ids[e * maxInput],
                  maxInput * sizeof(int32_t));
      batchCounts[i] = counts[e];
    }
    std::vector<int32_t> out(n * maxOutput), lengths(n), statuses(n);
    circc_gpu_timing timing{};
    if (c.gpuRunIdsBatch(c.circuit, batchIds.data(), batchCounts.data(), n,
                         out.data(), lengths.data(), statuses.data(),
                         &timing) != CIRCC_OK) {
      c.gpuCheck(c.circuit, message, sizeof(message));
      std::fprintf(stderr, "gpu-bench: error: batch of %zu failed: %s\n", n,
                   message);
      return 1;
    }
    size_t written = 0;
    for (size_t i = 0; i < n; ++i) {
      const std::vector<int32_t> &want = expected[i % distinct];
      if (statuses[i] != CIRCC_OK || size_t(lengths[i]) != want.size() ||
          std::memcmp(&out[i * maxOutput], want.data(),
                      want.size() * sizeof(int32_t)) != 0) {
        std::fprintf(stderr, "gpu-bench: error: wrong output for command %zu\n",
                     i);
        return 1;
      }
      written += lengths[i];
    }
    double bytes = double(n) * (maxInput + 1) * 4 + double(written) * 4 +
                   double(n) * 8;
    double gbs = bytes / (timing.kernel_ms * 1e-3) / 1e9;
    std::printf("%-11zu %10.3f %10.1f %14.3g %14.3g %9.1f %7.1f%%\n", n,
                timing.kernel_ms, timing.total_ms,
                n / (timing.kernel_ms * 1e-3), n / (timing.total_ms * 1e-3),
                gbs, 100 * gbs / peak);
  }
  return 0;
}
