//===- CircuitLibrary.cpp - Load a compiled circuit with dlopen -----------===//
//
// Part of circc's tools.
//
//===----------------------------------------------------------------------===//

#include "CircuitLibrary.h"

#include <dlfcn.h>

using namespace circc::tools;

CircuitLibrary::~CircuitLibrary() {
  if (circuit && destroy)
    destroy(circuit);
}

template <typename T>
static bool lookup(void *handle, const char *name, T &fn, std::string &error) {
  fn = reinterpret_cast<T>(dlsym(handle, name));
  if (!fn)
    error = std::string("the library lacks ") + name;
  return fn != nullptr;
}

bool CircuitLibrary::open(const std::string &path, std::string &error) {
  this->path = path;
  // A path without a slash would be searched for; make it relative.
  std::string where = path.find('/') == std::string::npos ? "./" + path : path;
  handle = dlopen(where.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    error = "cannot load " + path + ": " + dlerror();
    return false;
  }
  decltype(&circc_abi_version) abiVersion;
  if (!lookup(handle, "circc_abi_version", abiVersion, error) ||
      !lookup(handle, "circc_create", create_, error) ||
      !lookup(handle, "circc_create_with_weights", createWithWeights, error) ||
      !lookup(handle, "circc_destroy", destroy, error) ||
      !lookup(handle, "circc_grammar_name", grammarName, error) ||
      !lookup(handle, "circc_param_count", paramCount, error) ||
      !lookup(handle, "circc_max_output", maxOutput, error) ||
      !lookup(handle, "circc_output_count", outputCount, error) ||
      !lookup(handle, "circc_output_name", outputName, error) ||
      !lookup(handle, "circc_run_text", runText, error) ||
      !lookup(handle, "circc_trace_text", traceText, error) ||
      !lookup(handle, "circc_gradient_text", gradientText, error) ||
      !lookup(handle, "circc_describe", describe, error) ||
      !lookup(handle, "circc_weight_table_count", weightTableCount, error) ||
      !lookup(handle, "circc_weight_table_name", weightTableName, error) ||
      !lookup(handle, "circc_weight_table_shape", weightTableShape, error) ||
      !lookup(handle, "circc_gpu_check", gpuCheck, error) ||
      !lookup(handle, "circc_gpu_run_batch", gpuRunBatch, error) ||
      !lookup(handle, "circc_gpu_run_ids_batch", gpuRunIdsBatch, error) ||
      !lookup(handle, "circc_token_id", tokenId, error) ||
      !lookup(handle, "circc_max_input", maxInput, error))
    return false;
  if (abiVersion() != CIRCC_ABI_VERSION) {
    error = path + " implements ABI version " + std::to_string(abiVersion()) +
            ", this tool speaks " + std::to_string(CIRCC_ABI_VERSION);
    return false;
  }
  return true;
}

bool CircuitLibrary::create(const std::string &weights, std::string &error) {
  char message[512] = "";
  circc_status status =
      weights.empty()
          ? create_(&circuit)
          : createWithWeights(weights.c_str(), &circuit, message,
                              sizeof(message));
  if (status == CIRCC_OK)
    return true;
  if (status == CIRCC_BAD_WEIGHTS && weights.empty())
    error = path + " loads its learnable tables from a weights file; pass "
                   "--weights=FILE";
  else
    error = message[0] ? message : "cannot create the circuit";
  return false;
}

std::vector<int32_t>
CircuitLibrary::outputIds(const std::vector<std::string> &words) const {
  std::vector<int32_t> ids;
  int32_t count = outputCount(circuit);
  for (const std::string &word : words) {
    int32_t id = -1;
    for (int32_t k = 0; k < count && id < 0; ++k)
      if (word == outputName(circuit, k))
        id = k;
    ids.push_back(id);
  }
  return ids;
}
