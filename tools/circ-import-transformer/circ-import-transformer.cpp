//===- circ-import-transformer.cpp - Import a Transformer into attn -------===//
//
// Part of circc. Reads a model directory written by
// baselines/transformer/train.py and prints it in the attn dialect.
//
//===----------------------------------------------------------------------===//

#include "circc/Import/TransformerImporter.h"
#include "circc/InitAllDialects.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdio>
#include <cstring>
#include <string>

static void usage() {
  std::printf(
      "usage: circ-import-transformer MODEL_DIR [-o OUTPUT.mlir]\n"
      "\n"
      "Imports the Transformer in MODEL_DIR (config.json and\n"
      "weights.safetensors, as baselines/transformer/train.py writes them)\n"
      "into the attn dialect and prints it: @encode(ids) -> memory and\n"
      "@decode(targets, memory) -> logits, every weight a constant. Every\n"
      "tensor is checked against config.json; a missing, misshapen or\n"
      "corrupt one is an error naming the file and the tensor.\n"
      "\n"
      "  -o FILE   write the module to FILE instead of standard output\n"
      "  -h, --help, --version\n");
}

static int fail(const std::string &message) {
  std::fprintf(stderr, "circ-import-transformer: error: %s\n", message.c_str());
  return 1;
}

int main(int argc, char **argv) {
  std::string input, output = "-";
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "-h") || !std::strcmp(argv[i], "--help")) {
      usage();
      return 0;
    }
    if (!std::strcmp(argv[i], "--version")) {
      std::printf("circ-import-transformer (circc %s)\n", CIRCC_VERSION);
      return 0;
    }
    if (!std::strcmp(argv[i], "-o")) {
      if (++i == argc)
        return fail("-o needs a file name");
      output = argv[i];
    } else if (!std::strncmp(argv[i], "-o=", 3)) {
      output = argv[i] + 3;
    } else if (argv[i][0] == '-' && argv[i][1]) {
      return fail(std::string("unknown option '") + argv[i] + "' (see --help)");
    } else if (input.empty()) {
      input = argv[i];
    } else {
      return fail("more than one model directory given");
    }
  }
  if (input.empty())
    return fail("no model directory given (see --help)");

  mlir::DialectRegistry registry;
  circc::registerAllDialects(registry);
  mlir::MLIRContext context(registry);
  std::string error;
  mlir::OwningOpRef<mlir::ModuleOp> module =
      circc::importTransformer(context, input, error);
  if (!module)
    return fail(error);
  if (mlir::failed(mlir::verify(*module)))
    return fail("the imported module does not verify");

  std::error_code ec;
  llvm::raw_fd_ostream os(output, ec, llvm::sys::fs::OF_None);
  if (ec)
    return fail(output + ": " + ec.message());
  module->print(os);
  return 0;
}
