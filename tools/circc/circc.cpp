//===- circc.cpp - The circc compiler driver ------------------------------===//
//
// Part of circc. Reads a grammar file and compiles it up to the phase named
// by --emit.
//
//===----------------------------------------------------------------------===//

#include "circc/Dialect/Grammar/GrammarAnalysis.h"
#include "circc/Dialect/Grammar/GrammarOps.h"
#include "circc/Frontend/GrammarParser.h"
#include "circc/InitAllDialects.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/ADT/Statistic.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
namespace cl = llvm::cl;

namespace {
enum class Phase { Grammar };

cl::OptionCategory circcCategory("circc options");

cl::opt<std::string> inputFilename(cl::Positional, cl::desc("<grammar file>"),
                                   cl::Required, cl::cat(circcCategory));

cl::opt<std::string> outputFilename("o", cl::desc("Output file ('-' is stdout)"),
                                    cl::value_desc("file"), cl::init("-"),
                                    cl::cat(circcCategory));

cl::opt<Phase> emitPhase(
    "emit", cl::desc("The phase to stop after and write out"),
    cl::values(clEnumValN(Phase::Grammar, "grammar",
                          "the grammar dialect: the parsed, verified grammar")),
    cl::init(Phase::Grammar), cl::cat(circcCategory));

} // namespace

/// LLVM already owns a `--stats` flag (its pass statistics, empty in
/// release builds); circc takes it over, so `--stats` prints circc's own
/// figures. Its value is read back with llvm::AreStatisticsEnabled().
static void adoptStatsOption() {
  auto &options = cl::getRegisteredOptions();
  auto it = options.find("stats");
  if (it == options.end())
    return;
  it->second->setDescription(
      "Print the grammar's size and length bounds to stderr");
  it->second->setHiddenFlag(cl::NotHidden);
  it->second->addCategory(circcCategory);
}

static constexpr const char *kOverview = R"(circc: compiles a compositional grammar into a fixed circuit

  circc grammars/scan.scan --emit=grammar -o scan.mlir

Reads a grammar file (format: docs/GrammarFormat.md), checks it, and writes
the result of the phase named by --emit. Errors are printed as
FILE:LINE:COL: error: MESSAGE and make circc exit with status 1.
)";

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  cl::HideUnrelatedOptions(circcCategory);
  adoptStatsOption();
  cl::ParseCommandLineOptions(argc, argv, kOverview);

  std::string errorMessage;
  std::unique_ptr<llvm::MemoryBuffer> input =
      openInputFile(inputFilename, &errorMessage);
  if (!input) {
    llvm::errs() << "circc: error: " << errorMessage << "\n";
    return 1;
  }

  DialectRegistry registry;
  circc::registerAllDialects(registry);
  MLIRContext context(registry);
  // Diagnostics point into the grammar file; the IR is no help there.
  context.printOpOnDiagnostic(false);

  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(std::move(input), llvm::SMLoc());
  SourceMgrDiagnosticHandler diagnosticHandler(sourceMgr, &context);

  OwningOpRef<ModuleOp> module =
      circc::frontend::parseGrammarFile(sourceMgr, &context);
  if (!module)
    return 1;

  if (llvm::AreStatisticsEnabled())
    module->walk([](circc::grammar::GrammarOp grammar) {
      circc::grammar::printGrammarStats(grammar, llvm::errs());
    });

  std::unique_ptr<llvm::ToolOutputFile> output =
      openOutputFile(outputFilename, &errorMessage);
  if (!output) {
    llvm::errs() << "circc: error: " << errorMessage << "\n";
    return 1;
  }
  switch (emitPhase) {
  case Phase::Grammar:
    module->print(output->os());
    output->os() << "\n";
    break;
  }
  output->keep();
  return 0;
}
