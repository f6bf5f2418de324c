//===- CircuitLibrary.cpp - Load a compiled circuit with dlopen -----------===//
//
// Part of circc's tools.
//
//===----------------------------------------------------------------------===//

#include "CircuitLibrary.h"

#include <cstring>
#include <dlfcn.h>
#include <elf.h>
#include <fstream>
#include <iterator>

using namespace circc::tools;

CircuitLibrary::~CircuitLibrary() {
  if (circuit && destroy)
    destroy(circuit);
}

/// The prefix a library's exported names carry (circc --symbol-prefix):
/// what comes before "circc_abi_version" in the one name of its dynamic
/// symbol table that ends so; empty when there is none or the file is not
/// a 64-bit ELF file.
static std::string symbolPrefix(const std::string &path) {
  std::ifstream file(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(file)),
                    std::istreambuf_iterator<char>());
  if (bytes.size() < sizeof(Elf64_Ehdr) || bytes.compare(0, 4, ELFMAG) != 0 ||
      bytes[EI_CLASS] != ELFCLASS64)
    return "";
  Elf64_Ehdr header;
  std::memcpy(&header, bytes.data(), sizeof(header));
  auto section = [&](size_t index, Elf64_Shdr &out) {
    size_t at = header.e_shoff + index * sizeof(Elf64_Shdr);
    if (at + sizeof(Elf64_Shdr) > bytes.size())
      return false;
    std::memcpy(&out, bytes.data() + at, sizeof(out));
    return out.sh_offset + out.sh_size <= bytes.size();
  };
  const std::string suffix = "circc_abi_version";
  for (size_t i = 0; i < header.e_shnum; ++i) {
    Elf64_Shdr symbols, names;
    if (!section(i, symbols) || symbols.sh_type != SHT_DYNSYM ||
        !section(symbols.sh_link, names))
      continue;
    for (size_t at = 0; at + sizeof(Elf64_Sym) <= symbols.sh_size;
         at += sizeof(Elf64_Sym)) {
      Elf64_Sym symbol;
      std::memcpy(&symbol, bytes.data() + symbols.sh_offset + at,
                  sizeof(symbol));
      if (symbol.st_name >= names.sh_size || symbol.st_shndx == SHN_UNDEF)
        continue;
      const char *start = bytes.data() + names.sh_offset + symbol.st_name;
      std::string name(start, strnlen(start, names.sh_size - symbol.st_name));
      if (name.size() >= suffix.size() &&
          name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0)
        return name.substr(0, name.size() - suffix.size());
    }
  }
  return "";
}

template <typename T>
static bool lookup(void *handle, const std::string &prefix, const char *name,
                   T &fn, std::string &error) {
  fn = reinterpret_cast<T>(dlsym(handle, (prefix + name).c_str()));
  if (!fn)
    error = "the library lacks " + prefix + name;
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
  // A library linked with --symbol-prefix exports prefixed names.
  std::string prefix = symbolPrefix(where);
  decltype(&circc_abi_version) abiVersion;
  if (!lookup(handle, prefix, "circc_abi_version", abiVersion, error) ||
      !lookup(handle, prefix, "circc_create_with_weights", createWithWeights,
              error) ||
      !lookup(handle, prefix, "circc_create_with_threads", createWithThreads,
              error) ||
      !lookup(handle, prefix, "circc_destroy", destroy, error) ||
      !lookup(handle, prefix, "circc_grammar_name", grammarName, error) ||
      !lookup(handle, prefix, "circc_param_count", paramCount, error) ||
      !lookup(handle, prefix, "circc_max_output", maxOutput, error) ||
      !lookup(handle, prefix, "circc_output_count", outputCount, error) ||
      !lookup(handle, prefix, "circc_output_name", outputName, error) ||
      !lookup(handle, prefix, "circc_output_text", outputTextOf, error) ||
      !lookup(handle, prefix, "circc_run_text", runText, error) ||
      !lookup(handle, prefix, "circc_run_batch", runBatch, error) ||
      !lookup(handle, prefix, "circc_trace_text", traceText, error) ||
      !lookup(handle, prefix, "circc_gradient_text", gradientText, error) ||
      !lookup(handle, prefix, "circc_describe", describe, error) ||
      !lookup(handle, prefix, "circc_weight_table_count", weightTableCount,
              error) ||
      !lookup(handle, prefix, "circc_weight_table_name", weightTableName,
              error) ||
      !lookup(handle, prefix, "circc_weight_table_shape", weightTableShape,
              error) ||
      !lookup(handle, prefix, "circc_gpu_check", gpuCheck, error) ||
      !lookup(handle, prefix, "circc_gpu_run_batch", gpuRunBatch, error) ||
      !lookup(handle, prefix, "circc_gpu_run_ids_batch", gpuRunIdsBatch,
              error) ||
      !lookup(handle, prefix, "circc_token_id", tokenId, error) ||
      !lookup(handle, prefix, "circc_max_input", maxInput, error))
    return false;
  if (abiVersion() != CIRCC_ABI_VERSION) {
    error = path + " implements ABI version " + std::to_string(abiVersion()) +
            ", this tool speaks " + std::to_string(CIRCC_ABI_VERSION);
    return false;
  }
  return true;
}

bool CircuitLibrary::create(const std::string &weights, std::string &error,
                            int threads) {
  char message[512] = "";
  circc_status status =
      weights.empty()
          ? createWithThreads(threads, &circuit)
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

std::string CircuitLibrary::outputText(const std::string &command,
                                       int32_t id) const {
  size_t length = 0;
  const char *text =
      outputTextOf(circuit, command.data(), command.size(), id, &length);
  return text ? std::string(text, length) : "<" + std::to_string(id) + ">";
}

bool CircuitLibrary::spells(const std::string &command,
                            const std::vector<int32_t> &ids,
                            const std::vector<std::string> &words) const {
  if (ids.size() != words.size())
    return false;
  for (size_t i = 0; i < ids.size(); ++i) {
    size_t length = 0;
    const char *text =
        outputTextOf(circuit, command.data(), command.size(), ids[i], &length);
    if (!text || words[i].compare(0, std::string::npos, text, length) != 0)
      return false;
  }
  return true;
}
