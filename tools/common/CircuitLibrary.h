//===- CircuitLibrary.h - Load a compiled circuit with dlopen ---*- C++ -*-===//
//
// Part of circc's tools. A compiled circuit library, loaded with dlopen and
// used only through the C ABI of circc/runtime.h.
//
//===----------------------------------------------------------------------===//

#ifndef CIRCC_TOOLS_COMMON_CIRCUITLIBRARY_H
#define CIRCC_TOOLS_COMMON_CIRCUITLIBRARY_H

#include "circc/runtime.h"

#include <string>
#include <vector>

namespace circc::tools {

class CircuitLibrary {
public:
  ~CircuitLibrary();

  /// Loads the library at `path` and checks its ABI version.
  bool open(const std::string &path, std::string &error);
  /// Creates the handle, from `weights` if it is not empty; a model's
  /// batches may use `threads` threads.
  bool create(const std::string &weights, std::string &error,
              int threads = 1);

  /// Output symbol ids of `words`; -1 for a word that is not one.
  std::vector<int32_t> outputIds(const std::vector<std::string> &words) const;
  /// The text of output id `id` of a run of `command`: the output symbol's
  /// name, or the input word it stands for (an open token class's).
  std::string outputText(const std::string &command, int32_t id) const;
  /// Whether the output ids `ids` of a run of `command` spell `words`.
  bool spells(const std::string &command, const std::vector<int32_t> &ids,
              const std::vector<std::string> &words) const;

  circc_circuit *circuit = nullptr;
  decltype(&circc_create_with_weights) createWithWeights = nullptr;
  decltype(&circc_create_with_threads) createWithThreads = nullptr;
  decltype(&circc_destroy) destroy = nullptr;
  decltype(&circc_grammar_name) grammarName = nullptr;
  decltype(&circc_param_count) paramCount = nullptr;
  decltype(&circc_max_output) maxOutput = nullptr;
  decltype(&circc_output_count) outputCount = nullptr;
  decltype(&circc_output_name) outputName = nullptr;
  decltype(&circc_output_text) outputTextOf = nullptr;
  decltype(&circc_run_text) runText = nullptr;
  decltype(&circc_run_batch) runBatch = nullptr;
  decltype(&circc_trace_text) traceText = nullptr;
  decltype(&circc_gradient_text) gradientText = nullptr;
  decltype(&circc_describe) describe = nullptr;
  decltype(&circc_weight_table_count) weightTableCount = nullptr;
  decltype(&circc_weight_table_name) weightTableName = nullptr;
  decltype(&circc_weight_table_shape) weightTableShape = nullptr;
  decltype(&circc_gpu_check) gpuCheck = nullptr;
  decltype(&circc_gpu_run_batch) gpuRunBatch = nullptr;
  decltype(&circc_gpu_run_ids_batch) gpuRunIdsBatch = nullptr;
  decltype(&circc_token_id) tokenId = nullptr;
  decltype(&circc_max_input) maxInput = nullptr;

private:
  void *handle = nullptr;
  std::string path;
};

} // namespace circc::tools

#endif // CIRCC_TOOLS_COMMON_CIRCUITLIBRARY_H
