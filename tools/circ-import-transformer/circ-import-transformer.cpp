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

#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/ToolOutputFile.h"

#include <string>

namespace cl = llvm::cl;

namespace {
cl::OptionCategory category("circ-import-transformer options");

cl::opt<std::string> inputDirectory(cl::Positional, cl::desc("MODEL_DIR"),
                                    cl::cat(category));

cl::opt<std::string> outputFilename("o",
                                    cl::desc("Write the module to this file "
                                             "('-', the default: stdout)"),
                                    cl::value_desc("file"), cl::init("-"),
                                    cl::cat(category));
} // namespace

static constexpr const char *kOverview =
    R"(circ-import-transformer: a Transformer into the attn dialect

  circ-import-transformer MODEL_DIR [-o OUTPUT.mlir]

Imports the Transformer in MODEL_DIR (config.json and weights.safetensors,
as baselines/transformer/train.py writes them) into the attn dialect and
prints it: @encode(ids) -> memory and @decode(targets, memory) -> logits,
every weight a constant. Every tensor is checked against config.json; a
missing, misshapen or corrupt one is an error naming the file and the
tensor.
)";

static int fail(const std::string &message) {
  llvm::errs() << "circ-import-transformer: error: " << message << "\n";
  return 1;
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  cl::HideUnrelatedOptions(category);
  cl::SetVersionPrinter([](llvm::raw_ostream &os) {
    os << "circ-import-transformer (circc " << CIRCC_VERSION << ")\n";
  });
  cl::ParseCommandLineOptions(argc, argv, kOverview);
  if (inputDirectory.empty())
    return fail("no model directory given (see --help)");

  mlir::DialectRegistry registry;
  circc::registerAllDialects(registry);
  mlir::MLIRContext context(registry);
  std::string error;
  mlir::OwningOpRef<mlir::ModuleOp> module =
      circc::importTransformer(context, inputDirectory, error);
  if (!module)
    return fail(error);
  if (mlir::failed(mlir::verify(*module)))
    return fail("the imported module does not verify");

  std::unique_ptr<llvm::ToolOutputFile> output =
      mlir::openOutputFile(outputFilename, &error);
  if (!output)
    return fail(error);
  module->print(output->os());
  output->keep();
  return 0;
}
