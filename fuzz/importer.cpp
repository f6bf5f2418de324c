//===- importer.cpp - Fuzz the Transformer importer -----------------------===//
//
// Part of circc's fuzzers. Every input is either a config.json (first byte
// even) imported with the tiny fixture's weights, or a weights.safetensors
// (first byte odd) imported with its config: the importer must give a
// module that verifies or an error message, never a crash.
//
//===----------------------------------------------------------------------===//

#include "circc/Dialect/Attn/AttnDialect.h"
#include "circc/Import/TransformerImporter.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"

#include <cstdio>
#include <cstdlib>
#include <string>
#include <unistd.h>

static std::string fixture(const char *name) {
  std::string path = std::string(CIRCC_FIXTURE_DIR) + "/" + name;
  FILE *f = std::fopen(path.c_str(), "rb");
  if (!f)
    std::abort();
  std::string bytes;
  char buffer[4096];
  for (size_t n; (n = std::fread(buffer, 1, sizeof buffer, f)) > 0;)
    bytes.append(buffer, n);
  std::fclose(f);
  return bytes;
}

static void write(const std::string &path, const char *data, size_t size) {
  FILE *f = std::fopen(path.c_str(), "wb");
  if (!f || std::fwrite(data, 1, size, f) != size || std::fclose(f))
    std::abort();
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static std::string config = fixture("config.json");
  static std::string weights = fixture("weights.safetensors");
  // A plain array, so that the exit handler never sees a destroyed string.
  static char directory[64];
  if (!directory[0]) {
    std::snprintf(directory, sizeof directory, "/tmp/circc-fuzz-importer-XXXXXX");
    if (!mkdtemp(directory))
      std::abort();
    std::atexit([] {
      std::remove((std::string(directory) + "/config.json").c_str());
      std::remove((std::string(directory) + "/weights.safetensors").c_str());
      rmdir(directory);
    });
  }
  if (size == 0 || size > (1 << 18))
    return 0;
  const char *bytes = reinterpret_cast<const char *>(data) + 1;
  bool isConfig = data[0] % 2 == 0;
  write(std::string(directory) + "/config.json", isConfig ? bytes : config.data(),
        isConfig ? size - 1 : config.size());
  write(std::string(directory) + "/weights.safetensors", isConfig ? weights.data() : bytes,
        isConfig ? weights.size() : size - 1);
  mlir::DialectRegistry registry;
  registry.insert<circc::attn::AttnDialect, mlir::arith::ArithDialect,
                  mlir::func::FuncDialect>();
  mlir::MLIRContext context(registry);
  context.loadAllAvailableDialects();
  std::string error;
  mlir::OwningOpRef<mlir::ModuleOp> module =
      circc::importTransformer(context, directory, error);
  if (module && mlir::failed(mlir::verify(*module)))
    std::abort();
  if (!module && error.empty())
    std::abort();
  return 0;
}
